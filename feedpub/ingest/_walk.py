"""[I/O] The walk of one folder: which entries are documents, which are refused, and why.

Hidden files, editor backups, sockets and FIFOs are skipped; symlinks leading outside the
source folder and files over the size limit are refused by name (SPEC.md §1).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from feedpub.errors import DocumentError
from feedpub.ingest._units import part_index, part_unit

# From this many files a folder is also compared in parts of about _PART_SIZE (Listing.parts).
_PART_FROM = 2048
_PART_SIZE = 512
_FILE_TYPE = 0o170000  # stat.S_IFMT's mask
# Editor backups and swap files (Emacs "~", Vim ".swp"), and our own temporary files.
_IGNORED_ENDINGS = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")


class SourceFile(NamedTuple):
    """A candidate document found on disk, with the stat figures incremental builds compare.

    A named tuple with a plain string ``path``: every build makes one for every file, and a
    dataclass or a Path for each cost more than the rest of the scan.
    """

    path: str
    key: str
    size: int
    mtime_ns: int


class Listing(NamedTuple):
    """What the scan found in one folder, or in one part of a large folder (``Listing.parts``):
    its documents' keys, sizes and mtimes, in the order the folder lists them, its refused
    files, and the digest of all that.

    ``unit`` names what the listing covers: a folder by its key prefix (``""`` for the source
    folder itself, ``"news/2025/"`` below it), or a part of one (``part_unit``). Three lists,
    not a SourceFile per document: a no-change build lists every file, and only hashes them.

    Equal digests mean no file of the unit was added, removed, renamed, resized or touched, as
    far as a stat can tell. The folder's own order is hashed, not name order: sorting cost a
    fifth of the scan, and an unchanged folder lists its files in the same order (a different
    one only costs a comparison file by file).
    """

    unit: str
    folder: str
    keys: list[str]
    sizes: list[int]
    mtimes: list[int]
    refused: list[DocumentError]
    digest: str

    def rows(self) -> list[tuple[str, int, int]]:
        """Return (key, size, mtime_ns) of each document, refused ones as (key, -1, -1)."""
        files = zip(self.keys, self.sizes, self.mtimes, strict=True)
        return [*files, *((str(e.path), -1, -1) for e in self.refused)]

    def parts(self) -> list[Listing]:
        """Split a large folder's listing into parts by a hash of each key; [] for a small one.

        A folder whose digest changed is compared part by part, so that one edit in a folder
        of 100,000 files looks at a few hundred of them. The number of parts is a power of two
        that only changes when the folder doubles or halves.
        """
        size = len(self.keys) + len(self.refused)
        if size < _PART_FROM:
            return []
        count = 1 << (size // _PART_SIZE).bit_length()
        found = [_Found(self.folder) for _ in range(count)]
        for key, file_size, mtime in zip(self.keys, self.sizes, self.mtimes, strict=True):
            part = found[part_index(key, count)]
            part.keys.append(key)
            part.sizes.append(file_size)
            part.mtimes.append(mtime)
        for error in self.refused:
            found[part_index(str(error.path), count)].refused.append(error)
        return [
            item.listing(part_unit(self.folder, index, count)) for index, item in enumerate(found)
        ]


class Unchanged(NamedTuple):
    """A folder whose listing has the digest ``scan_folders`` was told it had: nothing of it
    is handed over but the number of its documents."""

    folder: str
    files: int


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """What decides which files are documents."""

    patterns: tuple[str, ...]
    max_size: int


class _Walk(NamedTuple):
    """The walk of the trees under the root's subfolders (``scan_folders``)."""

    root: Path
    folders: list[tuple[str, str]]
    options: SourceOptions
    matcher: re.Pattern[str]
    known: Mapping[str, str]

    def outcome(self, listing: Listing) -> Listing | Unchanged:
        """Return ``listing``, or Unchanged if it has its known digest."""
        if self.known.get(listing.folder) == listing.digest:
            return Unchanged(listing.folder, len(listing.keys))
        return listing

    def trees(self, indexes: Iterable[int]) -> Iterator[Listing | Unchanged]:
        """Yield the listings of the trees under ``folders[index]`` for each index."""
        for index in indexes:
            # An explicit stack, not recursion: every file of a no-change build passes
            # through here, and nested generators would hand each one up every folder level.
            stack = [self.folders[index]]
            while stack:
                folder, prefix = stack.pop()
                yield self.outcome(
                    _scan_folder(self.root, folder, prefix, stack, self.options, self.matcher)
                )


# The helper and the build claim the root's subfolders one by one from a pipe, four bytes a


def _scan_folder(
    root: Path, folder: str, prefix: str, folders: list[tuple[str, str]],
    options: SourceOptions, matcher: re.Pattern[str],
) -> Listing:
    """List the documents of one folder; push its subfolders onto ``folders``."""
    found = _Found(prefix)
    try:
        scan = os.scandir(folder)
    except OSError as exc:
        reason = f"cannot read folder: {exc.strerror}"
        found.refused.append(DocumentError(prefix or folder, reason))
        return found.listing()
    # The loop every file of every build passes through: the common case (a plain file with
    # an ASCII name) costs one stat and a handful of string tests; the rest is rare.
    match, max_size = matcher.match, options.max_size
    keys, sizes, mtimes = found.keys, found.sizes, found.mtimes
    with scan:
        for entry in scan:
            name = entry.name
            if name[0] == "." or name.endswith(_IGNORED_ENDINGS) or name[0] == "#" == name[-1]:
                continue
            if not name.isascii() or entry.is_dir(follow_symlinks=False) or entry.is_symlink():
                _odd_entry(root, entry, found, folders, options, match)
                continue
            if not match(name):
                continue
            try:
                info = entry.stat()
            except OSError:
                continue  # gone since the folder was listed
            if info.st_mode & _FILE_TYPE != stat.S_IFREG or info.st_size > max_size:
                found.add(_plain_file(entry, prefix + name, max_size))
                continue
            keys.append(prefix + name)
            sizes.append(info.st_size)
            mtimes.append(info.st_mtime_ns)
    return found.listing()


@dataclass(slots=True)
class _Found:
    """A folder's Listing while the folder is read."""

    folder: str
    keys: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    refused: list[DocumentError] = field(default_factory=list)

    def add(self, found: SourceFile | DocumentError | None) -> None:
        if isinstance(found, DocumentError):
            self.refused.append(found)
        elif found is not None:
            self.keys.append(found.key)
            self.sizes.append(found.size)
            self.mtimes.append(found.mtime_ns)

    def listing(self, unit: str | None = None) -> Listing:
        problems = [f"{error.path}\0{error.reason}" for error in self.refused]
        names = "\0".join(self.keys + problems).encode("utf-8", "surrogateescape")
        figures = array("q", self.sizes + self.mtimes).tobytes()
        digest = hashlib.blake2b(names + b"\0" + figures, digest_size=16).hexdigest()
        return Listing(
            self.folder if unit is None else unit, self.folder, self.keys, self.sizes,
            self.mtimes, self.refused, digest,
        )


def _odd_entry(
    root: Path, entry: os.DirEntry[str], found: _Found, folders: list[tuple[str, str]],
    options: SourceOptions, match: Callable[[str], object],
) -> None:
    """List a folder, a symlink or a file with a non-ASCII name."""
    name = entry.name
    key = found.folder + name
    if not name.isascii() and not _is_utf8(name):
        found.refused.append(
            DocumentError(_printable(key), "file name is not valid UTF-8; rename it")
        )
    elif entry.is_dir(follow_symlinks=False):
        folders.append((entry.path, key + "/"))
    elif entry.is_symlink():
        found.add(_check_link(root, entry, key, options, match(name) is not None))
    elif match(name):
        found.add(_plain_file(entry, key, options.max_size))


def _plain_file(
    entry: os.DirEntry[str], key: str, max_size: int
) -> SourceFile | DocumentError | None:
    try:
        info = entry.stat()
    except OSError:
        return None  # gone since the folder was listed
    if info.st_mode & _FILE_TYPE != stat.S_IFREG:
        return None
    if info.st_size > max_size:
        return DocumentError(key, f"too large: {_size(info.st_size, max_size)}")
    return SourceFile(entry.path, key, info.st_size, info.st_mtime_ns)


def _check_link(
    root: Path, entry: os.DirEntry[str], key: str, options: SourceOptions, is_document: bool
) -> SourceFile | DocumentError | None:
    """A symlink: a folder is not followed, and is refused if it leads outside ``root``
    (inside, its files are read where they are); a document is read if it stays inside."""
    if _leads_to_folder(entry):
        if not Path(entry.path).resolve().is_relative_to(root):
            return DocumentError(key, "symlink leads outside the source folder")
        return None
    return _linked_file(root, entry, key, options) if is_document else None


def _linked_file(
    root: Path, entry: os.DirEntry[str], key: str, options: SourceOptions
) -> SourceFile | DocumentError | None:
    try:
        target = Path(entry.path).resolve(strict=True)
        if not target.is_relative_to(root):
            return DocumentError(key, "symlink leads outside the source folder")
        return _plain_file(entry, key, options.max_size)
    except OSError as exc:
        return DocumentError(key, f"cannot read: {exc.strerror or 'broken link'}")
    except RuntimeError:
        return DocumentError(key, "cannot read: symlink loop")


def _leads_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        # A loop or a dangling link: _linked_file names it if it looks like a document.
        return False


def _is_utf8(name: str) -> bool:
    # os.scandir decodes undecodable bytes to lone surrogates (PEP 383).
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(key: str) -> str:
    return key.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _size(size: int, limit: int) -> str:
    shown, cap = f"{size / 1048576:.1f} MiB", f"{limit / 1048576:.1f} MiB"
    if shown == cap:
        shown, cap = f"{size} bytes", f"{limit} bytes"
    return f"{shown} (limit {cap})"
