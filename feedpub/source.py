"""[I/O] Find the documents under the source folder, read their bytes and decode them.

Decoding happens here, at the edge, as feedparser's ``encodings.py`` does: everything after this
module sees clean ``str`` (SPEC.md §1, Encoding).
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import hashlib
import os
import re
import signal
import stat
import struct
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from feedpub.errors import DocumentError
from feedpub.forking import die_with_parent
from feedpub.model import Document
from feedpub.sanitize import clean_text

# Bytes that plain text in any of our encodings almost never holds.
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_BINARY_SHARE = 0.05
_NUL_SHARE = 0.01
_READ_CHUNK = 1 << 16
# From this many files a folder is also compared in parts of about _PART_SIZE (Listing.parts).
_PART_FROM = 2048
_PART_SIZE = 512
_FILE_TYPE = 0o170000  # stat.S_IFMT's mask
# Editor backups and swap files (Emacs "~", Vim ".swp"), and our own temporary files.
_IGNORED_ENDINGS = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")
# Unassigned, private-use, surrogate and control characters: what random bytes decode to.
_JUNK_CATEGORIES = frozenset({"Cn", "Co", "Cs", "Cc"})
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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


def folder_of(key: str) -> str:
    """Return the folder part of a document key, as ``Listing.folder`` gives it."""
    return key[: key.rfind("/") + 1]


def part_unit(folder: str, index: int, count: int) -> str:
    """Name part ``index`` of ``count`` of ``folder``.

    A folder's own unit ends with "/" (or is ""), a part's with its count, so the two never
    mix up, and the folder is what comes before the last U+001F.
    """
    return f"{folder}\x1f{index}/{count}"


def part_of(key: str, count: int) -> str:
    """Return the unit of the part, of ``count``, that the document at ``key`` falls in."""
    return part_unit(folder_of(key), part_index(key, count), count)


def unit_folder(unit: str) -> str:
    """Return the folder a unit (a folder, or a part of one) belongs to."""
    return unit if unit == "" or unit.endswith("/") else unit.rpartition("\x1f")[0]


def unit_part(unit: str) -> tuple[int, int]:
    """Return (index, count) of a part unit; (0, 1) for a whole folder."""
    if unit == "" or unit.endswith("/"):
        return 0, 1
    index, _, count = unit.rpartition("\x1f")[2].partition("/")
    return int(index), int(count)


def part_index(key: str, count: int) -> int:
    """Return which of ``count`` parts of its folder the document at ``key`` falls in."""
    # crc32, not hash(): it must not change from one process to the next.
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % count


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """What decides which files are documents."""

    patterns: tuple[str, ...]
    max_size: int


def scan_folders(
    root: Path, options: SourceOptions, *, known: Mapping[str, str] | None = None,
    parallel: bool = False,
) -> Iterator[Listing | Unchanged]:
    """Yield the Listing of every folder under ``root``, ``root`` included, or Unchanged for a
    folder whose digest is the one ``known`` gives it.

    With ``parallel``, a forked helper shares the walk of the root's subfolders: the walk is
    the floor of a no-change build, and threads would not help (the stat calls hold the GIL
    between them). Forking costs more than it saves below some 20,000 files.

    A folder that cannot be read is listed empty, with the error as its one refused file.
    Hidden files and folders, editor backups, sockets and FIFOs are skipped silently; symlinks
    that lead outside ``root`` and files over the size limit are refused by name.

    :raises DocumentError: ``root`` itself is not a readable folder.
    """
    try:
        real_root = root.resolve(strict=True)
        if not real_root.is_dir():
            raise DocumentError(root, "source is not a folder")
    except OSError as exc:
        raise DocumentError(root, f"cannot read source folder: {exc.strerror}") from None
    matcher = re.compile("|".join(fnmatch.translate(p) for p in options.patterns), re.IGNORECASE)
    folders: list[tuple[str, str]] = []
    walk = _Walk(real_root, folders, options, matcher, known or {})
    yield walk.outcome(_scan_folder(real_root, str(real_root), "", folders, options, matcher))
    helper = _Helper.start(walk) if parallel else None
    if helper is None:
        yield from walk.trees(range(len(folders)))
        return
    with helper:
        yield from walk.trees(helper.claims())
        yield from helper.listings()


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
# claim, so that neither waits on the other however unevenly the files are spread. A pipe
# holds 64 KiB: past that many claims the scan stays in one process.
_CLAIM = struct.Struct("<I")
_MAX_CLAIMS = 65536 // _CLAIM.size


class _Helper:
    """A forked process that walks the subtrees it claims and leaves their listings in a
    file; the build walks the others."""

    def __init__(self, pid: int, claims: int, output: BinaryIO, walk: _Walk) -> None:
        self._pid: int | None = pid
        self._claims = claims
        self._output = output
        self._walk = walk
        self._mine: list[int] = []

    def __enter__(self) -> _Helper:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # The build gave up before reading the helper's listings: stop it.
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        os.close(self._claims)
        self._output.close()

    @classmethod
    def start(cls, walk: _Walk) -> _Helper | None:
        """Fork a helper; None where it would not pay or cannot run."""
        count = len(walk.folders)
        if (
            count < 2 or count > _MAX_CLAIMS or not sys.platform.startswith("linux")
            or (os.cpu_count() or 1) < 2
        ):
            return None
        import pickle
        import tempfile

        parent = os.getpid()
        # Out of disk, file descriptors or processes: the build walks in one process.
        try:
            output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Helper.__exit__
        except OSError:
            return None
        try:
            claims, writer = os.pipe()
        except OSError:
            output.close()
            return None
        os.write(writer, b"".join(_CLAIM.pack(index) for index in range(count)))
        os.close(writer)
        try:
            pid = os.fork()
        except OSError:
            os.close(claims)
            output.close()
            return None
        if pid == 0:
            code = 1
            try:
                die_with_parent(parent)
                # Unchanged folders cross as two values: what the build waits for at the end
                # is this file, and most folders are unchanged.
                pickle.dump(
                    [
                        item if isinstance(item, Unchanged) else
                        (item.folder, item.keys, item.sizes, item.mtimes,
                         [(str(e.path), e.reason) for e in item.refused], item.digest)
                        for item in walk.trees(_claimed(claims))
                    ],
                    output,
                    pickle.HIGHEST_PROTOCOL,
                )
                output.flush()
                code = 0
            finally:
                os._exit(code)
        return cls(pid, claims, output, walk)

    def claims(self) -> Iterator[int]:
        """Yield the subtrees this process claims, as indexes into the walk's folders."""
        for index in _claimed(self._claims):
            self._mine.append(index)
            yield index

    def listings(self) -> Iterator[Listing | Unchanged]:
        """Yield the helper's listings; if it failed, walk every subtree this process did not.
        """
        import pickle

        assert self._pid is not None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            theirs = set(range(len(self._walk.folders))) - set(self._mine)
            yield from self._walk.trees(sorted(theirs))
            return
        self._output.seek(0)
        for item in pickle.load(self._output):
            if isinstance(item, Unchanged):
                yield item
                continue
            folder, keys, sizes, mtimes, refused, digest = item
            errors = [DocumentError(path, reason) for path, reason in refused]
            yield Listing(folder, folder, keys, sizes, mtimes, errors, digest)


def _claimed(claims: int) -> Iterator[int]:
    # Every claim was written before the fork, so a read returns one whole claim, or nothing
    # once all are taken.
    while record := os.read(claims, _CLAIM.size):
        yield _CLAIM.unpack(record)[0]


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


def read_bytes(root: str, file: SourceFile, max_size: int) -> bytes:
    """Read a document's bytes: the one way any stage of a build opens a document.

    ``root`` is the resolved source folder. What the scan refuses is refused here too, at the
    moment of the open, so that a file swapped for something else between the scan and the
    read cannot win: a symlink whose target lies outside ``root``, and anything that is not
    a regular file (a FIFO would block the build for ever, a device could have side effects).
    The last component is opened with ``O_NOFOLLOW`` and ``O_NONBLOCK``, and the opened
    descriptor itself is checked: its type by ``fstat``, and where it really lives.

    :raises DocumentError: the file is refused, cannot be read, or grew past the size limit.
    """
    try:
        fd = _open_inside(root, file)
    except OSError as exc:
        raise DocumentError(file.key, f"cannot read: {exc.strerror}") from None
    chunks: list[bytes] = []
    total = 0
    # Ask for the size the scan saw and one byte more, to notice a file that grew since: a
    # read of max_size would allocate that much for every file (four times slower).
    want = file.size + 1 if file.size > 0 else _READ_CHUNK
    try:
        _refuse_descriptor(root, file.key, fd)
        while total <= max_size:
            chunk = os.read(fd, min(want, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = _READ_CHUNK
    except OSError as exc:
        raise DocumentError(file.key, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if total > max_size:
        raise DocumentError(file.key, f"too large: over the limit of {max_size} bytes")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC | os.O_NOFOLLOW
_OUTSIDE = "symlink leads outside the source folder"


def _open_inside(root: str, file: SourceFile) -> int:
    try:
        return os.open(file.path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
    # The last component is a symlink (the scan reads those that stay inside the folder):
    # open its target, itself not a link, and only if it is inside.
    target = os.path.realpath(file.path)
    if not _is_inside(target, root):
        raise DocumentError(file.key, _OUTSIDE)
    return os.open(target, _OPEN_FLAGS)


def _refuse_descriptor(root: str, key: str, fd: int) -> None:
    """Refuse an opened descriptor that is not a regular file inside ``root``."""
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise DocumentError(key, "not a regular file")
    try:
        # Linux names the file a descriptor is open on, whatever path led there: a folder of
        # the path swapped for a link to elsewhere after the scan shows up here.
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return
    if not _is_inside(where, root):
        raise DocumentError(key, _OUTSIDE)


def _is_inside(path: str, root: str) -> bool:
    return path.startswith(root.rstrip(os.sep) + os.sep)


def make_document(file: SourceFile, data: bytes) -> Document:
    """Decode ``data`` into a Document.

    :raises DocumentError: the bytes are binary or not text in any encoding we read.
    """
    text, encoding, utf8 = _decode(data, file.key)
    return Document(file.key, text, encoding, _digest(text.encode() if utf8 is None else utf8))


def digest_text(text: str) -> str:
    """Return the content hash the registry uses to recognise a document.

    It hashes the decoded text, not the bytes: the same article saved as UTF-16 or with CRLF
    line ends is the same document (a duplicate, or a move).
    """
    return _digest(text.encode("utf-8"))


def _digest(utf8: bytes) -> str:
    return hashlib.blake2b(utf8, digest_size=16).hexdigest()


def decode_text(data: bytes, key: str) -> tuple[str, str]:
    """Decode bytes to clean text and name the encoding used.

    Order (SPEC.md §1, Encoding): a BOM (UTF-32, UTF-8, UTF-16); UTF-16 without BOM when its
    NUL bytes say so; UTF-8; else the legacy single-byte cp1252. NUL bytes or a high share of
    control bytes otherwise mean binary.

    :raises DocumentError: binary content.
    """
    text, encoding, _ = _decode(data, key)
    return text, encoding


def _decode(data: bytes, key: str) -> tuple[str, str, bytes | None]:
    """``decode_text``, and the text's UTF-8 when it is ``data`` (else None)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                data = data[len(bom):]
                break
            return _decode_wide(data[len(bom):], encoding, key), encoding, None
    nuls = data.count(0)
    if nuls:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _decode_wide(data, utf16, key), utf16, None
        # A stray NUL in text is removed like any forbidden character (SPEC.md §1); many are
        # the mark of a binary file.
        if nuls > _NUL_SHARE * len(data):
            raise DocumentError(key, "binary file (NUL bytes), not text")
    return _decode_narrow(data, key)


def _decode_narrow(data: bytes, key: str) -> tuple[str, str, bytes | None]:
    """Decode UTF-8, else cp1252; ``_decode`` without the wide encodings."""
    if data and len(data.translate(None, _TEXT_BYTES)) > _BINARY_SHARE * len(data):
        raise DocumentError(key, "binary file (control bytes), not text")
    try:
        decoded = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        text = clean_text(decoded)
        # Clean already (clean_text handed back its argument): the bytes are the text's
        # UTF-8, and the digest need not encode it again.
        return text, "utf-8", data if text is decoded else None
    try:
        return clean_text(data.decode("cp1252")), "cp1252", None
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; latin-1 maps them to C1 controls, which
        # clean_text drops.
        return clean_text(data.decode("latin-1")), "latin-1", None


def _decode_wide(data: bytes, encoding: str, key: str) -> str:
    """Decode UTF-16 or UTF-32; junk after a byte order mark is a binary file, not text."""
    text = data.decode(encoding, "replace")
    junk = sum(
        1 for char in text
        if char == "\ufffd"
        or (char not in "\t\n\r" and unicodedata.category(char) in _JUNK_CATEGORIES)
    )
    if junk > _BINARY_SHARE * len(text) + 1:
        raise DocumentError(key, f"binary file (not {encoding} text)")
    return clean_text(text.replace("\ufffd", ""))


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > 0.4 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls == 0:
        return "utf-16-be"
    return None
