"""[I/O] The scan index: the build's view of the source folder, in the registry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from feedpub.ingest import (
    folder_of,
    part_of,
    unit_folder,
    unit_part,
)
from feedpub.model import Problem
from feedpub.registry._rows import Changed
from feedpub.registry._store import Store

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


class ScanIndex(Store):
    """What the scan found this build (temporary tables), the settled folders and the
    remembered refusals: where every file is, and which of them the build must look at."""

    def folder_digests(self) -> dict[str, str]:
        """Return the listing digest of every unit, a folder or a part of one
        (``ingest.Listing``), that a build looked into and that has not disappeared since.

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

    def retitled(self) -> list[str]:
        """Return the ids of the active entries whose file now holds another text under
        another title."""
        # CROSS JOIN keeps the few changed files as the outer loop: SQLite, with no
        # statistics on the temporary table, chose to walk every active entry instead
        # (0.2 s of a one-edit build at 100,000 documents).
        rows = self._sql(
            "SELECT d.id, d.title, t.title FROM temp.texts t CROSS JOIN documents d "
            "ON d.key = t.key WHERE d.status = 'active' AND t.digest != d.digest AND t.title != ''"
        ).fetchall()
        return [str(i) for i, old, new in rows if new != str(old).casefold()]

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
                # _CHANGED is a constant of this module; values are parameters.
                f"SELECT s.key, s.size, s.mtime_ns FROM temp.scan s WHERE s.key > ? AND {_CHANGED} "  # noqa: S608
                "ORDER BY s.key LIMIT ?",
                (last, page),
            ).fetchall()
            if not rows:
                return
            yield [Changed(*row) for row in rows]
            last = rows[-1][0]

    def count_changed(self) -> int:
        """Return how many files ``changed`` will yield."""
        query = f"SELECT count(*) FROM temp.scan s WHERE {_CHANGED}"  # noqa: S608 - a constant
        return int(self._sql(query).fetchone()[0])

    def is_scanned(self, key: str) -> bool:
        """Return True when this build found a file at ``key``."""
        folder = folder_of(key)
        if folder in self._settled:
            return True
        count = self._part_counts.get(folder)
        if count and part_of(key, count) in self._settled:
            return True
        return self._sql("SELECT 1 FROM temp.scan WHERE key = ?", (key,)).fetchone() is not None

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
                # Only integers and "?" are formatted into the query; keys are parameters.
                "SELECT key FROM documents INDEXED BY documents_key "  # noqa: S608
                "WHERE key >= ? AND key < ? AND status = 'active' "
                + (part if count > 1 else "")
                + "AND NOT EXISTS (SELECT 1 FROM temp.scan s WHERE s.key = documents.key)",
                (folder, end, *(indexes if count > 1 else ())),
            )
            keys.update(key for (key,) in rows if folder_of(key) == folder)
        return sorted(keys)
