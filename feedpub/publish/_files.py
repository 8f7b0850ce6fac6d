"""[I/O] Every file feedpub publishes is written here: atomically, and only when it changed.

SPEC.md §3, Safe replacement: a reader fetching during a build sees the old file or the new
one. Each file goes to a temporary file in the same folder, is synced to disk, then
``os.replace``d; all files of a build are written before the first is replaced, and a
failure half-way puts back the files replaced so far.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from feedpub.errors import PublishError

# Past this many files, one sync(2) of the file systems costs less than an fsync a file
# (about a millisecond each here: 8,000 entry pages would wait 7 s).
_FSYNC_EACH_UP_TO = 64
# The temporary file of a file a dry run would write: there is none (``Staging``).
NOT_WRITTEN = ""


class Staging:
    """The files of one build, written to temporary files beside their targets as they
    come, and put in place together by ``commit`` (or removed by ``discard``).

    A file whose bytes are already on disk is not touched, so its mtime (HTTP
    Last-Modified) and ETag stay. Names are relative to ``folder``, with ``/``.

    With ``dry_run`` nothing is written, not even a temporary file or a folder: each file
    is only compared with the one on disk, and ``commit`` names what it would change.
    """

    def __init__(self, folder: Path, *, dry_run: bool = False) -> None:
        if not dry_run:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PublishError(
                    f"{folder}: cannot create the output folder: {exc.strerror}"
                ) from None
        self.folder = folder
        self.dry_run = dry_run
        # name -> (its temporary file's name, in the same folder, whether a file was there):
        # short plain strings, as a cold build of 100,000 entries stages 100,000 pages.
        self._staged: dict[str, tuple[str, bool]] = {}
        self._removed: list[str] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()

    def add(self, name: str, data: bytes) -> bool:
        """Stage ``data`` as the file ``name``; return False when it is on disk already.

        :raises PublishError: the file's folder or its temporary file cannot be written.
        """
        final = self.folder / name
        if _read(final) == data:
            return False
        if self.dry_run:
            self._put(name, NOT_WRITTEN)
            return True
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            self._put(name, str(_stage(final.parent, f"{final.name}.feedpub", data)))
        except OSError as exc:
            raise PublishError(f"{self.folder}: cannot write the feeds: {exc.strerror}") from None
        return True

    def adopt(self, name: str, temporary: str | None, existed: bool = True) -> None:
        """Stage the file ``name`` from ``temporary`` (``stage_file``), written already;
        ``existed`` False says no file is there to keep for a failure's put back."""
        if temporary is not None:
            self._put(name, temporary, existed)

    def _put(self, name: str, temporary: str, existed: bool = True) -> None:
        # The same file staged again (an entry rendered twice): the last one stands.
        base = os.path.basename(temporary)
        previous = self._staged.pop(name, None)
        if previous is not None and previous[0] not in (base, NOT_WRITTEN):
            Path(self._temporary(name, previous[0])).unlink(missing_ok=True)
        self._staged[name] = (base, existed)

    def _temporary(self, name: str, base: str) -> str:
        """Return the path of the temporary file ``base`` of the file ``name``."""
        return os.path.join(self.folder, os.path.dirname(name), base)

    def remove(self, name: str) -> None:
        """Delete the file ``name`` (if there) when the build commits."""
        self._removed.append(name)

    def commit(self) -> list[str]:
        """Put every staged file in place; return the names written or removed, sorted.

        :raises PublishError: a file cannot be replaced; those replaced already are put back.
        """
        if self.dry_run:
            removed = [name for name in self._removed if (self.folder / name).is_file()]
            written = list(self._staged)
            self._staged, self._removed = {}, []
            return sorted([*written, *removed])
        # (name, the link to the file it replaced, or None where there was none): names,
        # not paths, to hold no more for 100,000 files than the staging area does.
        backups: list[tuple[str, str | None]] = []
        try:
            self._replace(backups)
        except OSError as exc:
            _put_back(self.folder, backups)
            self.discard()
            raise PublishError(f"{self.folder}: cannot write the feeds: {exc.strerror}") from None
        for _, backup in backups:
            if backup is not None:
                Path(backup).unlink(missing_ok=True)
        removed = [name for name in self._removed if _unlink(self.folder / name)]
        written = list(self._staged)
        self._staged, self._removed = {}, []
        return sorted([*written, *removed])

    def _replace(self, backups: list[tuple[str, str | None]]) -> None:
        """Sync the staged files, then rename each over its target (noting in ``backups``
        how to put the previous one back)."""
        many = len(self._staged) > _FSYNC_EACH_UP_TO
        if many:
            os.sync()
        for name, (base, existed) in self._staged.items():
            # A folder in a feed's place would fail its rename after others succeeded.
            if existed and os.path.isdir(os.path.join(self.folder, name)):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if not many:
                _fsync(self._temporary(name, base))
        for name, (base, existed) in self._staged.items():
            final = os.path.join(self.folder, name)
            backups.append((name, _keep(final) if existed else None))
            os.replace(self._temporary(name, base), final)
        if many:
            os.sync()
            return
        for folder in {os.path.dirname(os.path.join(self.folder, n)) for n in self._staged}:
            _fsync(folder)

    def discard(self) -> None:
        """Remove every temporary file not yet put in place."""
        for name, (base, _) in self._staged.items():
            if base != NOT_WRITTEN:
                Path(self._temporary(name, base)).unlink(missing_ok=True)


def stage_file(
    folder: str, name: str, data: bytes, tag: str, *, dry_run: bool = False
) -> tuple[str | None, bool]:
    """Write ``data`` to a temporary file beside ``folder/name`` for ``Staging.adopt``;
    return its path (None when the file holds these bytes already), and whether the file
    exists. With ``dry_run`` nothing is written: the path is ``NOT_WRITTEN``.

    Parse workers stage entry pages themselves, in parallel. ``tag`` (the entry's id and text
    digest) tells apart the temporary files of two entries asking for one path in the same build.

    :raises PublishError: the folder or the temporary file cannot be written.
    """
    import hashlib

    final = os.path.join(folder, name)
    parent, base = os.path.split(final)
    suffix = hashlib.blake2b(tag.encode(), digest_size=6).hexdigest()
    temporary = os.path.join(parent, f".{base}.{suffix}.tmp")
    if dry_run:
        previous = _read(Path(final))
        return (None if previous == data else NOT_WRITTEN), previous is not None
    try:
        # Most pages of a cold build go into a folder of their own that does not exist yet:
        # then there is no file to compare with, and the mkdir that makes it tells.
        try:
            os.mkdir(parent)
            previous = None
        except FileExistsError:
            previous = _read(Path(final))
        except FileNotFoundError:
            os.makedirs(parent, exist_ok=True)
            previous = None
        if previous == data:
            return None, True
        _write(temporary, data)
    except OSError as exc:
        raise PublishError(f"{folder}: cannot write the feeds: {exc.strerror}") from None
    return temporary, previous is not None


def publish_files(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Write ``files`` (name -> bytes) into ``folder``; return the names that changed.

    :raises PublishError: the folder or a file cannot be written; nothing was replaced.
    """
    with Staging(folder) as staging:
        _remove_leftovers(folder, files)
        for name, data in files.items():
            staging.add(name, data)
        return staging.commit()


def _keep(final: str) -> str | None:
    """Link the file about to be replaced to a backup name, to put it back on failure."""
    folder, name = os.path.split(final)
    backup = os.path.join(folder, f".{name}.previous.tmp")
    Path(backup).unlink(missing_ok=True)
    try:
        os.link(final, backup)
    except FileNotFoundError:
        return None
    return backup


def _put_back(folder: Path, backups: list[tuple[str, str | None]]) -> None:
    """Undo, as far as the disk allows, the replacements of a publish that failed half-way."""
    for name, backup in backups:
        final = os.path.join(folder, name)
        try:
            if backup is None:
                Path(final).unlink(missing_ok=True)
            else:
                os.replace(backup, final)
        except OSError:
            continue


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _remove_leftovers(folder: Path, files: dict[str, bytes]) -> None:
    """Delete temporary files a killed build left behind; the build lock says none is in use."""
    for name in files:
        for leftover in folder.glob(f".{name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _stage(folder: Path, name: str, data: bytes) -> Path:
    # One build at a time (the lock): a name fixed by the file's, so that a killed build's
    # leftover is overwritten by the next build rather than left behind.
    temporary = folder / f".{name}.tmp"
    _write(str(temporary), data)
    return temporary


def _write(path: str, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        # Feeds and pages are served to everyone, whatever the umask.
        os.fchmod(descriptor, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
    except OSError:
        os.close(descriptor)
        Path(path).unlink(missing_ok=True)
        raise
    os.close(descriptor)


def _fsync(path: str) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
