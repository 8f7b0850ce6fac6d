"""[I/O] Every file feedpub publishes is written here: atomically, and only when it changed.

SPEC.md §3, Safe replacement: a reader fetching during a build sees the old file or the new
one. Each file goes to a temporary file in the same folder, is synced to disk, then
``os.replace``d; all files of a build are written before the first is replaced, and a
failure half-way puts back the files replaced so far.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
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
        self._staged = _Staged(self._drop)
        self._removed: list[str] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()
        self._staged.close()

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
        self._staged.put(name, os.path.basename(temporary), existed)

    def _drop(self, name: str, base: str, replaced_by: str) -> None:
        """Remove the temporary file of a file staged again (an entry rendered twice): the
        last one stands."""
        if base not in (replaced_by, NOT_WRITTEN):
            Path(self._temporary(name, base)).unlink(missing_ok=True)

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
            written = [name for name, _, _ in self._staged.rows()]
            self._staged.clear()
            self._removed = []
            return sorted([*written, *removed])
        # How many staged files were put in place, in name order: a failure puts those back.
        replaced = [0]
        try:
            self._replace(replaced)
        except OSError as exc:
            self._put_back(replaced[0])
            self.discard()
            raise PublishError(f"{self.folder}: cannot write the feeds: {exc.strerror}") from None
        written = []
        for name, _, existed in self._staged.rows():
            written.append(name)
            if existed:
                Path(_backup(os.path.join(self.folder, name))).unlink(missing_ok=True)
        removed = [name for name in self._removed if _unlink(self.folder / name)]
        self._staged.clear()
        self._removed = []
        return sorted([*written, *removed])

    def _replace(self, replaced: list[int]) -> None:
        """Sync the staged files, then rename each over its target (counting in
        ``replaced`` those put in place, each file it replaced linked to its backup name)."""
        many = self._staged.count() > _FSYNC_EACH_UP_TO
        if many:
            os.sync()
        for name, base, existed in self._staged.rows():
            # A folder in a feed's place would fail its rename after others succeeded.
            if existed and os.path.isdir(os.path.join(self.folder, name)):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if not many:
                _fsync(self._temporary(name, base))
        for name, base, existed in self._staged.rows():
            final = os.path.join(self.folder, name)
            if existed:
                _keep(final)
            os.replace(self._temporary(name, base), final)
            replaced[0] += 1
        if many:
            os.sync()
            return
        for folder in {os.path.dirname(name) for name, _, _ in self._staged.rows()}:
            _fsync(os.path.join(self.folder, folder))

    def _put_back(self, count: int) -> None:
        """Undo, as far as the disk allows, the first ``count`` replacements of a commit that
        failed half-way: each file back from its backup, or removed where there was none."""
        for name, _, existed in itertools.islice(self._staged.rows(), count):
            final = os.path.join(self.folder, name)
            backup = _backup(final)
            try:
                if existed and os.path.lexists(backup):
                    os.replace(backup, final)
                else:
                    Path(final).unlink(missing_ok=True)
            except OSError:
                continue

    def discard(self) -> None:
        """Remove every temporary file not yet put in place."""
        for name, base, _ in self._staged.rows():
            if base != NOT_WRITTEN:
                Path(self._temporary(name, base)).unlink(missing_ok=True)
        self._staged.clear()


class _Staged:
    """The staged files: each name with its temporary file's name (in the same folder) and
    whether a file was there, in name order.

    Kept in a private temporary SQLite database, not a dict: a cold build of 100,000 entries
    stages 100,000 pages, and their names held in this process were 34 MB of its peak
    (README, Performance). Rows are written a batch at a time; ``replaced(name, base,
    replaced_by)`` hears of each name staged again.
    """

    _BATCH = 512

    def __init__(self, replaced: Callable[[str, str, str], None]) -> None:
        # "": SQLite's private temporary database, written to a file of its own once past
        # its cache and deleted when closed; nothing in it needs to survive a crash.
        self._db = sqlite3.connect("", isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1024"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute(
            "CREATE TABLE staged (name TEXT PRIMARY KEY, base TEXT NOT NULL, "
            "existed INTEGER NOT NULL) WITHOUT ROWID"
        )
        self._replaced = replaced
        self._pending: dict[str, tuple[str, bool]] = {}

    def put(self, name: str, base: str, existed: bool) -> None:
        """Stage ``name`` from the temporary file ``base``."""
        previous = self._pending.pop(name, None)
        if previous is not None:
            self._replaced(name, previous[0], base)
        self._pending[name] = (base, existed)
        if len(self._pending) >= self._BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        names = list(self._pending)
        for start in range(0, len(names), 500):
            chunk = names[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for name, base in self._db.execute(
                f"SELECT name, base FROM staged WHERE name IN ({marks})", chunk  # noqa: S608
            ):
                self._replaced(name, base, self._pending[name][0])
        self._db.executemany(
            "INSERT INTO staged VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
            "SET base = excluded.base, existed = excluded.existed",
            ((name, base, existed) for name, (base, existed) in self._pending.items()),
        )
        self._pending.clear()

    def count(self) -> int:
        """Return how many files are staged."""
        self._flush()
        return int(self._db.execute("SELECT count(*) FROM staged").fetchone()[0])

    def rows(self) -> Iterator[tuple[str, str, bool]]:
        """Yield (name, temporary file's name, whether a file was there), in name order."""
        self._flush()
        query = "SELECT name, base, existed FROM staged ORDER BY name"
        for name, base, existed in self._db.execute(query):
            yield name, base, bool(existed)

    def clear(self) -> None:
        """Forget every staged file."""
        self._pending.clear()
        self._db.execute("DELETE FROM staged")

    def close(self) -> None:
        """Close the database, which deletes it."""
        self._db.close()


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


def _backup(final: str) -> str:
    """Return the name the file at ``final`` is kept under while a commit replaces it."""
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}.previous.tmp")


def _keep(final: str) -> None:
    """Link the file about to be replaced to its backup name, to put it back on failure (no
    backup where there is no file)."""
    backup = _backup(final)
    Path(backup).unlink(missing_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.link(final, backup)


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
