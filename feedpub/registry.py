"""[I/O] The registry: what was published, under which id, since when (SQLite).

It is the memory that makes cron builds safe (SPEC.md §2–§3): an id never changes once given,
an undated document keeps the date it was first seen, and a renamed file keeps its id because
its content hash is known. The only module that imports ``sqlite3``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedpub.errors import RegistryError
from feedpub.ingest import (
    folder_of,
    part_index,
    part_of,
    unit_folder,
    unit_part,
)
from feedpub.model import ArticleFacts, Problem, Stored

_PENDING_TS = -(2**62)
_CHECK = "check the permissions of the file, its folder and the file system; the registry is kept"
# The stored "digest" of a unit looked into but not settled: it matches no listing.
UNSETTLED = ""
_INSERT = "INSERT INTO documents VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_WINDOW = 64
# A staged file (``temp.scan s``) the registry does not match: neither an entry's file nor a
# file refused as it is (``Problem.stat``). A negative size marks a file the scan refused.
_CHANGED = """
    s.size >= 0 AND NOT EXISTS (
        SELECT 1 FROM documents d WHERE d.key = s.key AND d.status = 'active'
        AND d.size = s.size AND d.mtime_ns = s.mtime_ns)
    AND NOT EXISTS (
        SELECT 1 FROM problems p WHERE p.key = s.key
        AND p.size = s.size AND p.mtime_ns = s.mtime_ns)
"""


_SCHEMA_1 = (
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        digest TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        published TEXT NOT NULL,
        published_ts INTEGER NOT NULL,
        updated TEXT NOT NULL,
        updated_ts INTEGER NOT NULL,
        title TEXT NOT NULL,
        fingerprint TEXT NOT NULL
    )
    """,
    "CREATE INDEX documents_key ON documents (key, status, size, mtime_ns)",
    "CREATE INDEX documents_digest ON documents (digest)",
    "CREATE INDEX documents_updated ON documents (updated_ts)",
    "CREATE INDEX documents_newest ON documents (status, published_ts DESC, id DESC)",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _create_documents(db: sqlite3.Connection) -> None:
    # One statement per execute(): executescript() would commit the migration's transaction.
    for statement in _SCHEMA_1:
        db.execute(statement)


def _create_folders(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE folders (folder TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID"
    )


def _mark_folders(db: sqlite3.Connection) -> None:
    # Every folder that holds a published entry needs a row, or its removal goes unnoticed
    # (Registry.folder_digests): registries from before the folders table had none.
    folders = {folder_of(str(key)) for (key,) in db.execute(
        "SELECT key FROM documents WHERE status = 'active'"
    )}
    db.executemany(
        "INSERT OR IGNORE INTO folders VALUES (?, ?)",
        [(folder, UNSETTLED) for folder in sorted(folders)],
    )


def _create_problems(db: sqlite3.Connection) -> None:
    # size and mtime_ns are -1 where the refusal does not hang on the file alone
    # (model.Problem.stat).
    db.execute(
        "CREATE TABLE IF NOT EXISTS problems (key TEXT PRIMARY KEY, reason TEXT NOT NULL, "
        "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL) WITHOUT ROWID"
    )


# Ordered, named migrations after sqlite-utils' migrations.py; PRAGMA user_version counts
# how many have run. Append only: a released migration never changes.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("create documents and meta", _create_documents),
    ("create folders, the digests of settled folders' listings", _create_folders),
    ("mark the folders of published entries", _mark_folders),
    ("create problems, the refusals reported so far", _create_problems),
)


@dataclass(frozen=True, slots=True)
class Record:
    """One registry row, as the build needs it to decide what a changed file is."""

    id: str
    slug: str
    key: str
    status: str
    digest: str
    published: datetime
    updated: datetime
    fingerprint: str
    title: str


@dataclass(frozen=True, slots=True)
class Changed:
    """A scanned file whose size or mtime differs from the registry's, or that is new to it."""

    key: str
    size: int
    mtime_ns: int


class Registry:
    """An open registry database; use as a context manager.

    All writes of one build happen in one transaction (``transaction``), so a killed build
    leaves the registry as it was before.
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
    def open(cls, path: Path) -> Registry:
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
            _migrate(db, path)
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

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._db.in_transaction:
            self._db.rollback()
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as the build's one transaction: committed if it ends normally,
        rolled back if it raises. SQLite's refusals to write become one-line errors."""
        try:
            self.begin()
            yield
            self.commit()
        except sqlite3.OperationalError as exc:
            raise RegistryError(_write_problem(self.path, exc)) from None

    def begin(self) -> None:
        """Start the build's transaction."""
        self._db.execute("BEGIN IMMEDIATE")
        empty = self._db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
        self._fresh_instants = set() if empty else None

    def commit(self) -> None:
        """Make the build's changes durable."""
        self._sql("COMMIT")
        self._fresh_instants = None

    def _sql(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """Execute ``sql`` once the rows waiting to be inserted are written."""
        if self._new_rows:
            self._db.executemany(_INSERT, self._new_rows)
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

    def folder_digests(self) -> dict[str, str]:
        """Return the listing digest of every unit, a folder or a part of one
        (``source.Listing``), that a build looked into and that has not disappeared since.

        A unit is settled when, at the end of the build that stored its digest, every file
        in it had a matching record: while its digest stays the same, none of its files needs
        a look (SPEC.md §3, fast when nothing changed). A unit holding a refused file has
        UNSETTLED instead, and is looked into by every build. Either way the row stays until
        the unit disappears, and then tells the build where to look for removed files.
        """
        return {str(row[0]): str(row[1]) for row in self._sql("SELECT * FROM folders")}

    def settle(self, unit: str) -> None:
        """Note that ``unit``'s listing has its stored digest: its files are all in place."""
        self._settled.add(unit)
        if unit != unit_folder(unit):
            self._part_counts[unit_folder(unit)] = unit_part(unit)[1]

    def store_folders(self, digests: dict[str, str | None], stored: dict[str, str]) -> None:
        """Store the digests of newly settled units; forget those mapped to None. ``stored``
        is what ``folder_digests`` gave: a row that would not change is not written."""
        self._db.executemany(
            "INSERT OR REPLACE INTO folders VALUES (?, ?)",
            [
                (folder, digest) for folder, digest in digests.items()
                if digest is not None and stored.get(folder) != digest
            ],
        )
        self._db.executemany(
            "DELETE FROM folders WHERE folder = ?",
            [(folder,) for folder, digest in digests.items() if digest is None],
        )

    def problems(self) -> dict[str, Problem]:
        """Return the refusals the builds so far have reported and that still stand."""
        return {
            str(key): Problem(str(key), str(reason), None if size < 0 else (size, mtime_ns))
            for key, reason, size, mtime_ns in self._sql("SELECT * FROM problems")
        }

    def unchanged_problems(self) -> list[Problem]:
        """Return the stored refusals of files this build found exactly as they were refused
        (``Problem.stat``): ``changed`` leaves them out, so they are not read again."""
        rows = self._sql(
            "SELECT p.key, p.reason, p.size, p.mtime_ns FROM problems p JOIN temp.scan s "
            "ON s.key = p.key AND s.size = p.size AND s.mtime_ns = p.mtime_ns"
        )
        return [Problem(str(k), str(r), (int(size), int(mtime))) for k, r, size, mtime in rows]

    def store_problems(self, problems: Iterable[Problem], stored: dict[str, Problem]) -> None:
        """Make the stored refusals ``problems``; ``stored`` is what ``problems()`` gave, so
        that only what differs is written."""
        current = {problem.key: problem for problem in problems}
        self._db.executemany(
            "DELETE FROM problems WHERE key = ?", [(key,) for key in stored.keys() - current]
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO problems VALUES (?, ?, ?, ?)",
            [
                (p.key, p.reason, *(p.stat or (-1, -1)))
                for p in current.values() if stored.get(p.key) != p
            ],
        )

    def stage_scan(self, files: Iterable[tuple[str, int, int]]) -> None:
        """Record the (key, size, mtime_ns) of every file this build found in an unsettled
        folder."""
        self._db.executemany("INSERT OR REPLACE INTO temp.scan VALUES (?, ?, ?)", files)

    def stage_texts(self, rows: Iterable[tuple[Changed, str, str, bytes]]) -> None:
        """Keep, for each changed file, the digest of its text, its title (casefolded, "" if
        unreadable) and its parse ``outcome`` (opaque bytes), until every changed file of
        the build has been read."""
        self._db.executemany(
            "INSERT OR REPLACE INTO temp.texts VALUES (?, ?, ?, ?, ?, ?)",
            [(c.key, c.size, c.mtime_ns, digest, title, outcome) for c, digest, title, outcome in rows],
        )

    def retitled(self) -> list[Record]:
        """Return the active records whose file now holds another text under another title."""
        rows = self._sql(
            "SELECT d.id, d.title, t.title FROM temp.texts t JOIN documents d ON d.key = t.key "
            "WHERE d.status = 'active' AND t.digest != d.digest AND t.title != ''"
        ).fetchall()
        found = (self.find_id(str(i)) for i, old, new in rows if new != str(old).casefold())
        return [record for record in found if record is not None]

    def staged_with_title(self, title: str, key: str) -> tuple[str, str] | None:
        """Return (key, digest) of the first changed file, other than ``key``, whose title
        is ``title`` (casefolded)."""
        row = self._sql(
            "SELECT key, digest FROM temp.texts WHERE title = ? AND key != ? ORDER BY key LIMIT 1",
            (title, key),
        ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def staged_texts(self, page: int = 512) -> Iterator[list[tuple[Changed, bytes]]]:
        """Yield the staged files and their outcomes, in key order and in pages."""
        last = ""
        while True:
            rows = self._sql(
                "SELECT key, size, mtime_ns, outcome FROM temp.texts WHERE key > ? "
                "ORDER BY key LIMIT ?",
                (last, page),
            ).fetchall()
            if not rows:
                return
            yield [(Changed(row[0], row[1], row[2]), bytes(row[3])) for row in rows]
            last = rows[-1][0]

    def count_staged(self) -> int:
        """Return how many files ``staged_texts`` will yield."""
        return int(self._sql("SELECT count(*) FROM temp.texts").fetchone()[0])

    def staged_digest(self, key: str) -> str | None:
        """Return the digest of the text staged at ``key`` ("" if unreadable), or None if no
        changed file of this build is at ``key``."""
        row = self._sql("SELECT digest FROM temp.texts WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def staged_elsewhere(self, digest: str, key: str) -> bool:
        """Return True when a changed file other than ``key`` holds the text ``digest``."""
        return self._sql(
            "SELECT 1 FROM temp.texts WHERE digest = ? AND key != ? LIMIT 1", (digest, key)
        ).fetchone() is not None

    def changed(self, page: int = 512) -> Iterator[list[Changed]]:
        """Yield, in key order and in pages, the scanned files the registry does not match:
        neither an entry's file nor a file refused as it is (``Problem.stat``)."""
        last = ""
        while True:
            rows = self._sql(
                f"SELECT s.key, s.size, s.mtime_ns FROM temp.scan s WHERE s.key > ? AND {_CHANGED} "
                "ORDER BY s.key LIMIT ?",
                (last, page),
            ).fetchall()
            if not rows:
                return
            yield [Changed(*row) for row in rows]
            last = rows[-1][0]

    def count_changed(self) -> int:
        """Return how many files ``changed`` will yield."""
        return int(self._sql(f"SELECT count(*) FROM temp.scan s WHERE {_CHANGED}").fetchone()[0])

    def is_scanned(self, key: str) -> bool:
        """Return True when this build found a file at ``key``."""
        folder = folder_of(key)
        if folder in self._settled:
            return True
        count = self._part_counts.get(folder)
        if count and part_of(key, count) in self._settled:
            return True
        return self._sql("SELECT 1 FROM temp.scan WHERE key = ?", (key,)).fetchone() is not None

    def find_key(self, key: str) -> Record | None:
        """Return the active record at ``key``, else the newest removed one, else None."""
        return self._record(
            "WHERE key = ? ORDER BY status = 'active' DESC, updated_ts DESC LIMIT 1", (key,)
        )

    def expect(self, digests: list[str], slugs: list[str]) -> None:
        """Look up at once the digests and slugs a page of new documents will ask about.

        Nearly all are unused, and two queries a page answer what would otherwise be two
        queries a document (``find_digest``, ``slug_taken``).
        """
        self._free_digests = set(digests) - self._existing("digest", digests)
        self._free_slugs = set(slugs) - self._existing("slug", slugs)

    def _existing(self, column: str, values: list[str]) -> set[str]:
        found: set[str] = set()
        # Well below SQLite's smallest limit on bound parameters (999).
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                str(row[0]) for row in self._sql(
                    f"SELECT {column} FROM documents WHERE {column} IN ({marks})", chunk
                )
            )
        return found

    def find_digest(self, digest: str) -> Record | None:
        """Return a record whose file had exactly these bytes, active ones first."""
        if digest in self._free_digests:
            return None
        return self._record(
            "WHERE digest = ? ORDER BY status = 'active' DESC, updated_ts DESC LIMIT 1", (digest,)
        )

    def find_id(self, entry_id: str) -> Record | None:
        """Return the record with this id, or None."""
        return self._record("WHERE id = ?", (entry_id,))

    def slug_taken(self, slug: str) -> bool:
        """Return True when some record already uses ``slug``."""
        if slug in self._free_slugs:
            return False
        return self._sql("SELECT 1 FROM documents WHERE slug = ?", (slug,)).fetchone() is not None

    def free_slug(self, base: str, *, suffixed: bool = False) -> str:
        """Return ``base`` if no record uses it (and not ``suffixed``), else ``base-N`` with
        the smallest free N from 2: one range query per base and build, however many
        documents ask for it."""
        if not suffixed and not self.slug_taken(base):
            return base
        taken = self._suffixes.get(base)
        if taken is None:
            # "-" sorts just before ".": the slugs base-… are one range of the slug index.
            rest = (
                str(row[0])[len(base) + 1:] for row in self._sql(
                    "SELECT slug FROM documents WHERE slug > ? AND slug < ?",
                    (base + "-", base + "."),
                )
            )
            taken = self._suffixes[base] = {int(r) for r in rest if r.isascii() and r.isdigit()}
        # Numbers are only ever added: the search starts where the last one ended.
        number = self._cursors.get(base, 2)
        # A document whose own slug is base-N ("story-2.txt") may have taken one since.
        while number in taken or self.slug_taken(f"{base}-{number}"):
            number += 1
        taken.add(number)
        self._cursors[base] = number + 1
        return f"{base}-{number}"

    def _record(self, where: str, params: tuple[str, ...]) -> Record | None:
        row = self._sql(
            "SELECT id, slug, key, status, digest, published, updated, fingerprint, title "
            "FROM documents "
            + where,
            params,
        ).fetchone()
        if row is None:
            return None
        return Record(
            row[0], row[1], row[2], row[3], row[4],
            datetime.fromisoformat(row[5]), datetime.fromisoformat(row[6]), row[7], row[8],
        )

    def note_file(self, entry_id: str, key: str, file: Changed, digest: str) -> None:
        """Record that the entry's text now lives at ``key`` with these stat figures."""
        self._free_digests.discard(digest)
        self._sql(
            "UPDATE documents SET key = ?, status = 'active', size = ?, mtime_ns = ?, digest = ? "
            "WHERE id = ?",
            (key, file.size, file.mtime_ns, digest, entry_id),
        )

    def insert(
        self, entry_id: str, slug: str, file: Changed, digest: str, first_seen: datetime,
        dates: tuple[datetime, datetime] | int, facts: ArticleFacts,
    ) -> None:
        """Register a new entry with its (published, updated) dates, or, for an undated one,
        the number of undated entries registered before it in this build: its dates are set
        by ``set_dates`` before the build commits.
        """
        if isinstance(dates, int):
            # Far below any real instant, and distinct: never mistaken for a date in use.
            stamp = updated_ts = _PENDING_TS + dates
            values = (first_seen.isoformat(), stamp, first_seen.isoformat(), stamp)
        else:
            published, updated = dates
            updated_ts = _ts(updated)
            values = (published.isoformat(), _ts(published), updated.isoformat(), updated_ts)
        self._free_digests.discard(digest)
        self._free_slugs.discard(slug)
        row = (
            entry_id, slug, file.key, digest, file.size, file.mtime_ns,
            first_seen.isoformat(), *values, facts.title, facts.fingerprint,
        )
        if self._fresh_instants is None:
            self._sql(_INSERT, row)
            return
        self._fresh_instants.add(updated_ts)
        self._new_rows.append(row)

    def update(
        self, entry_id: str, file: Changed, digest: str, published: datetime, updated: datetime,
        facts: ArticleFacts,
    ) -> None:
        """Store an edited entry's new facts and dates; its id and first-seen time stay."""
        self._free_digests.discard(digest)
        self._take_instant(updated)
        self._sql(
            "UPDATE documents SET key = ?, status = 'active', digest = ?, size = ?, mtime_ns = ?, "
            "published = ?, published_ts = ?, updated = ?, updated_ts = ?, title = ?, "
            "fingerprint = ? WHERE id = ?",
            (
                file.key, digest, file.size, file.mtime_ns, published.isoformat(), _ts(published),
                updated.isoformat(), _ts(updated), facts.title, facts.fingerprint, entry_id,
            ),
        )

    def set_dates(self, entry_id: str, published: datetime, updated: datetime) -> None:
        """Replace an entry's dates (used once, when first-seen dates are spread out)."""
        self._take_instant(updated)
        self._sql(
            "UPDATE documents SET published = ?, published_ts = ?, updated = ?, updated_ts = ?, "
            "first_seen = ? WHERE id = ?",
            (published.isoformat(), _ts(published), updated.isoformat(), _ts(updated),
             published.isoformat(), entry_id),
        )

    def mark_removed(self, entry_id: str) -> None:
        """Take an entry out of the feeds; its id and dates stay, should its text come back."""
        self._sql("UPDATE documents SET status = 'removed' WHERE id = ?", (entry_id,))

    def _take_instant(self, updated: datetime) -> None:
        if self._fresh_instants is not None:
            self._fresh_instants.add(_ts(updated))

    def remove_missing(self, units: Iterable[str]) -> list[str]:
        """Mark as removed the active entries of ``units`` whose file this build did not
        find; return their keys. The other units are settled: nothing left them.
        """
        keys = self.missing(units)
        self._db.executemany(
            "UPDATE documents SET status = 'removed' WHERE key = ? AND status = 'active'",
            [(key,) for key in keys],
        )
        return keys

    def missing(self, units: Iterable[str]) -> list[str]:
        """Return the keys of the active entries of ``units`` whose file this build did not
        find, sorted."""
        looked: dict[tuple[str, int], list[int]] = {}
        for unit in units:
            index, count = unit_part(unit)
            looked.setdefault((unit_folder(unit), count), []).append(index)
        # A folder cut anew is looked into both ways: a key may come up twice.
        keys: set[str] = set()
        for (folder, count), indexes in sorted(looked.items()):
            # The folder's keys are a range of the key index ("a/" <= key < "a0"); the SQL
            # function part_index keeps a part's own before they are looked up in the scan.
            end = folder[:-1] + chr(ord(folder[-1]) + 1) if folder else "\U0010ffff"
            part = f"AND part_index(key, {count}) IN ({','.join('?' * len(indexes))}) "
            rows = self._sql(
                "SELECT key FROM documents INDEXED BY documents_key "
                "WHERE key >= ? AND key < ? AND status = 'active' "
                + (part if count > 1 else "")
                + "AND NOT EXISTS (SELECT 1 FROM temp.scan s WHERE s.key = documents.key)",
                (folder, end, *(indexes if count > 1 else ())),
            )
            keys.update(key for (key,) in rows if folder_of(key) == folder)
        return sorted(keys)

    def unique_instant(self, wanted: datetime, entry_id: str, step: int = 1) -> datetime:
        """Return ``wanted`` (to the second) moved by ``step`` seconds until no other entry's
        ``updated`` has that instant (SPEC.md §3: no two entries share an Atom ``<updated>``).

        Linear in a build's documents: a search for an instant asked before in this build
        resumes where the last one ended (every second before it was taken then), so 8,000
        edits dated "now" cost 8,000 steps, not 32 million.
        """
        value = wanted.replace(microsecond=0)
        origin = _ts(value)
        moved = self._instant_moves.get((origin, step), 0)
        found = self._free_instant(origin + step * moved, entry_id, step, moved == 0)
        self._instant_moves[(origin, step)] = (found - origin) // step
        return value + timedelta(seconds=found - origin)

    def _free_instant(self, start: int, entry_id: str, step: int, first: bool) -> int:
        if self._fresh_instants is not None:
            # Asked before the entry is inserted, so none of these instants is its own.
            while start in self._fresh_instants:
                start += step
            return start
        # Most instants are free: one indexed lookup settles them.
        if first and self._db.execute(
            "SELECT 1 FROM documents WHERE updated_ts = ? AND id != ? LIMIT 1", (start, entry_id)
        ).fetchone() is None:
            return start
        # Read the taken seconds a window at a time: a day's worth of documents dated to the
        # day alone would otherwise cost one query per second they are moved.
        while True:
            low, high = sorted((start, start + step * (_WINDOW - 1)))
            taken = {
                int(row[0]) for row in self._db.execute(
                    "SELECT updated_ts FROM documents WHERE updated_ts BETWEEN ? AND ? "
                    "AND id != ?",
                    (low, high, entry_id),
                )
            }
            for offset in range(_WINDOW):
                if start + step * offset not in taken:
                    return start + step * offset
            start += step * _WINDOW

    def newest(self, count: int) -> list[Stored]:
        """Return the ``count`` active entries with the latest published dates, newest first."""
        rows = self._sql(
            "SELECT id, slug, key, published, updated FROM documents "
            "WHERE status = 'active' ORDER BY published_ts DESC, id DESC LIMIT ?",
            (count,),
        ).fetchall()
        return [
            Stored(row[0], row[1], row[2], datetime.fromisoformat(row[3]),
                   datetime.fromisoformat(row[4]))
            for row in rows
        ]

    def listing(self) -> list[tuple[str, str, str, str, str, str]]:
        """Return (id, published, updated, title, key, status) of every entry, newest first."""
        rows = self._sql(
            "SELECT id, published, updated, title, key, status "
            "FROM documents ORDER BY published_ts DESC, id DESC"
        ).fetchall()
        return [tuple(str(v) for v in row) for row in rows]  # type: ignore[misc]

    @property
    def fresh(self) -> bool:
        """True during a build that began with no entry at all (``begin``): a cold build."""
        return self._fresh_instants is not None

    def count_active(self) -> int:
        """Return how many entries are published."""
        return int(self._sql("SELECT count(*) FROM documents WHERE status = 'active'").fetchone()[0])


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


def _ts(value: datetime) -> int:
    return int(value.astimezone(UTC).timestamp())


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise RegistryError(
            f"{path}: registry schema version {version} is newer than this feedpub understands "
            f"({len(MIGRATIONS)}); upgrade feedpub"
        )
    for number, (_name, migrate) in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        migrate(db)
        db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
