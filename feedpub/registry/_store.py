"""[I/O] The registry's connection and transaction (SQLite).

It is the memory that makes cron builds safe (SPEC.md §2–§3). The registry package is the only
code that imports ``sqlite3``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from feedpub.errors import RegistryError
from feedpub.ingest import (
    part_index,
)
from feedpub.registry._schema import migrate

_PENDING_TS = -(2**62)
_CHECK = "check the permissions of the file, its folder and the file system; the registry is kept"


# The columns in the order of the CREATE TABLE and the migrations that added to it.
INSERT = (
    "INSERT INTO documents VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class Store:
    """An open registry database: the connection, the build's transaction, build facts.

    ``Registry`` adds the scan index (``ScanIndex``) and the entries to it; the attributes
    that one build fills as it goes are all set here.
    """

    def __init__(self, db: sqlite3.Connection, path: Path, created: bool) -> None:
        self._db = db
        self.path = path
        self.created = created
        # Units whose files all match their records, unread this build (see ``settle``), and
        # the number of parts of the folders settled in parts.
        self._settled: set[str] = set()
        self._part_counts: dict[str, int] = {}
        # Digests and slugs known to be unused (see ``expect``); writes take theirs out.
        self._free_digests: set[str] = set()
        self._free_slugs: set[str] = set()
        self._free_ids: set[str] = set()
        # Set by ``begin`` when the registry holds no entry (a cold build): every row is then
        # this build's, so the instants taken are known without a query, and new rows wait
        # in ``_new_rows`` to be written a page at a time.
        self._fresh_instants: set[int] | None = None
        self._new_rows: list[tuple[object, ...]] = []
        # The numeric suffixes in use for each slug base asked about (``free_slug``).
        self._suffixes: dict[str, set[int]] = {}
        # How far each search for a free instant got (``unique_instant``): (origin, step) ->
        # steps moved.
        self._instant_moves: dict[tuple[int, int], int] = {}
        self._cursors: dict[str, int] = {}

    @classmethod
    def open(cls, path: Path) -> Self:
        """Open (or create) the registry at ``path`` and bring its schema up to date.

        :raises RegistryError: the file is not a registry, is corrupt, or is newer than us.
        """
        created = not path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegistryError(
                f"{path.parent}: cannot create the registry's folder ({exc.strerror}): check "
                "the permissions of the folder above it"
            ) from None
        try:
            db = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise RegistryError(f"{path}: cannot open the registry ({exc}): {_CHECK}") from None
        try:
            db.create_function("part_index", 2, part_index, deterministic=True)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=5000")
            # 8 MiB: 32 MiB made a cold build of 100,000 documents 4 % faster and 27 MB larger,
            # and memory is to stay flat however large the archive grows.
            db.execute("PRAGMA cache_size=-8192")
            migrate(db, path)
            db.execute(
                "CREATE TEMP TABLE scan (key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER) "
                "WITHOUT ROWID"
            )
            # What the changed files of a build that has entries hold, parsed, before any of
            # them is registered (``stage_texts``): where each text is now decides ids.
            db.execute(
                "CREATE TEMP TABLE texts (key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
                "digest TEXT, title TEXT, outcome BLOB) WITHOUT ROWID"
            )
            db.execute("CREATE INDEX temp.texts_digest ON texts (digest)")
            db.execute("CREATE INDEX temp.texts_title ON texts (title)")
        except sqlite3.OperationalError as exc:
            # Cannot open, read or write: the file may be perfectly good, and holds every
            # first-seen date. Never suggest moving it aside for this.
            db.close()
            raise RegistryError(f"{path}: cannot use the registry ({exc}): {_CHECK}") from None
        except sqlite3.DatabaseError as exc:
            db.close()
            raise RegistryError(
                f"{path}: not a usable feedpub registry ({exc}); restore it from a backup "
                "or move it aside to start a new one"
            ) from None
        return cls(db, path, created)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._db.in_transaction:
            self._db.rollback()
        self._db.close()

    @contextmanager
    def transaction(self, *, keep: bool = True) -> Iterator[None]:
        """Run the block as the build's one transaction: committed if it ends normally,
        rolled back if it raises (or, without ``keep``, in any case: a dry run). SQLite's
        refusals to write become one-line errors."""
        try:
            self.begin()
            try:
                yield
            except BaseException:
                self._roll_back()
                raise
            if keep:
                self.commit()
            else:
                self._roll_back()
        except sqlite3.OperationalError as exc:
            raise RegistryError(_write_problem(self.path, exc)) from None

    def begin(self) -> None:
        """Start the build's transaction."""
        self._db.execute("BEGIN IMMEDIATE")
        empty = self._db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
        self._fresh_instants = set() if empty else None

    def _roll_back(self) -> None:
        if self._db.in_transaction:
            self._db.rollback()
        self._new_rows.clear()
        self._fresh_instants = None

    def commit(self) -> None:
        """Make the build's changes durable."""
        self._sql("COMMIT")
        self._fresh_instants = None

    def _sql(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """Execute ``sql`` once the rows waiting to be inserted are written."""
        if self._new_rows:
            self._db.executemany(INSERT, self._new_rows)
            self._new_rows.clear()
        return self._db.execute(sql, params)

    def has_ids_under(self, prefix: str) -> bool:
        """Return True when some entry's id lies under the URL ``prefix``."""
        # "/" and "0" are neighbours: the ids under prefix/ are one range of the primary key.
        return self._sql(
            "SELECT 1 FROM documents WHERE id >= ? AND id < ? LIMIT 1", (prefix + "/", prefix + "0")
        ).fetchone() is not None

    def rebase_ids(self, old: str, new: str) -> int:
        """Move every id under the URL ``old`` to the same path under ``new``; return how
        many moved. An id whose new form another entry already holds (an explicit ``Id:``)
        stays as it was: two entries never share an id."""
        cursor = self._sql(
            "UPDATE OR IGNORE documents SET id = ? || substr(id, ?) WHERE id >= ? AND id < ?",
            (new, len(old) + 1, old + "/", old + "0"),
        )
        return cursor.rowcount

    def get_meta(self, name: str) -> str | None:
        """Return a stored build fact such as the feeds' fingerprint."""
        row = self._sql("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        """Store a build fact."""
        self._sql("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))


def _write_problem(path: Path, exc: sqlite3.OperationalError) -> str:
    """Say why SQLite could not write the registry, and what is safe to do."""
    text = str(exc)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return (
            f"{path}: cannot write the registry ({text}): check the permissions of the file, "
            "its folder and the file system; nothing was changed"
        )
    if "disk" in text or "full" in text:
        return f"{path}: cannot write the registry ({text}): free some space; nothing was changed"
    return f"{path}: cannot write the registry ({text}); nothing was changed"
