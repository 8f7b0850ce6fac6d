"""[I/O] The entries: what was published, under which id, since when.

An id never changes once given, an undated document keeps the date it was first seen, and a
renamed file keeps its id because its content hash is known (SPEC.md §2–§3).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feedpub.model import ArticleFacts, Stored
from feedpub.registry._index import ScanIndex
from feedpub.registry._rows import Changed, Record, Status, ts
from feedpub.registry._store import INSERT

_PENDING_TS = -(2**62)


_WINDOW = 64
# In the feeds at the instant bound twice after it (SPEC.md §1: draft, publishDate,
# expiryDate).
_VISIBLE = (
    "draft = 0 AND (publish_ts IS NULL OR publish_ts <= ?) "
    "AND (expires_ts IS NULL OR expires_ts > ?)"
)


def _window(facts: ArticleFacts) -> tuple[int, int | None, int | None]:
    """The (draft, publish_ts, expires_ts) columns of ``facts``."""
    return (
        int(facts.draft),
        ts(facts.publish_at) if facts.publish_at else None,
        ts(facts.expires) if facts.expires else None,
    )


class Registry(ScanIndex):
    """An open registry database; use as a context manager.

    All writes of one build happen in one transaction (``transaction``), so a killed build
    leaves the registry as it was before.
    """

    def find_key(self, key: str) -> Record | None:
        """Return the active record at ``key``, else the newest removed one, else None."""
        return self._record(
            "WHERE key = ? ORDER BY status = 'active' DESC, updated_ts DESC LIMIT 1", (key,)
        )

    def expect(self, digests: list[str], slugs: list[str], ids: list[str]) -> None:
        """Look up at once the digests, slugs and ids a page of new documents will ask about.

        Nearly all are unused, and three queries a page answer what would otherwise be three
        queries a document (``find_digest``, ``slug_taken``, ``id_taken``); a query a
        document would also write a cold build's rows one by one.
        """
        self._free_digests = set(digests) - self._existing("digest", digests)
        self._free_slugs = set(slugs) - self._existing("slug", slugs)
        self._free_ids = set(ids) - self._existing("id", ids)

    def _existing(self, column: str, values: list[str]) -> set[str]:
        found: set[str] = set()
        # Well below SQLite's smallest limit on bound parameters (999).
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                str(row[0]) for row in self._sql(
                    # column is "digest" or "slug", from this module; values are parameters.
                    f"SELECT {column} FROM documents WHERE {column} IN ({marks})", chunk  # noqa: S608
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

    def id_taken(self, entry_id: str) -> bool:
        """Return True when some record already has the id ``entry_id``."""
        if entry_id in self._free_ids:
            return False
        return self._sql("SELECT 1 FROM documents WHERE id = ?", (entry_id,)).fetchone() is not None

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
            row[0], row[1], row[2], Status(row[3]), row[4],
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
            updated_ts = ts(updated)
            values = (published.isoformat(), ts(published), updated.isoformat(), updated_ts)
        self._free_digests.discard(digest)
        self._free_slugs.discard(slug)
        self._free_ids.discard(entry_id)
        row = (
            entry_id, slug, file.key, digest, file.size, file.mtime_ns,
            first_seen.isoformat(), *values, facts.title, facts.fingerprint, *_window(facts),
        )
        if self._fresh_instants is None:
            self._sql(INSERT, row)
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
            "fingerprint = ?, draft = ?, publish_ts = ?, expires_ts = ? WHERE id = ?",
            (
                file.key, digest, file.size, file.mtime_ns, published.isoformat(), ts(published),
                updated.isoformat(), ts(updated), facts.title, facts.fingerprint,
                *_window(facts), entry_id,
            ),
        )

    def set_dates(self, entry_id: str, published: datetime, updated: datetime) -> None:
        """Replace an entry's dates (used once, when first-seen dates are spread out)."""
        self._take_instant(updated)
        self._sql(
            "UPDATE documents SET published = ?, published_ts = ?, updated = ?, updated_ts = ?, "
            "first_seen = ? WHERE id = ?",
            (published.isoformat(), ts(published), updated.isoformat(), ts(updated),
             published.isoformat(), entry_id),
        )

    def mark_removed(self, entry_id: str) -> None:
        """Take an entry out of the feeds; its id and dates stay, should its text come back."""
        self._sql("UPDATE documents SET status = 'removed' WHERE id = ?", (entry_id,))

    def _take_instant(self, updated: datetime) -> None:
        if self._fresh_instants is not None:
            self._fresh_instants.add(ts(updated))

    def unique_instant(self, wanted: datetime, entry_id: str, step: int = 1) -> datetime:
        """Return ``wanted`` (to the second) moved by ``step`` seconds until no other entry's
        ``updated`` has that instant (SPEC.md §3: no two entries share an Atom ``<updated>``).

        Linear in a build's documents: a search for an instant asked before in this build
        resumes where the last one ended (every second before it was taken then), so 8,000
        edits dated "now" cost 8,000 steps, not 32 million.
        """
        value = wanted.replace(microsecond=0)
        origin = ts(value)
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

    def newest(self, count: int, now: datetime) -> list[Stored]:
        """Return the ``count`` entries in the feeds at ``now`` with the latest published
        dates, newest first: active, not drafts, past their ``publishDate`` and not past
        their ``expiryDate``."""
        rows = self._sql(
            # _VISIBLE is a constant of this module; values are parameters.
            "SELECT id, slug, key, published, updated FROM documents "  # noqa: S608
            f"WHERE status = 'active' AND {_VISIBLE} "
            "ORDER BY published_ts DESC, id DESC LIMIT ?",
            (ts(now), ts(now), count),
        ).fetchall()
        return [
            Stored(row[0], row[1], row[2], datetime.fromisoformat(row[3]),
                   datetime.fromisoformat(row[4]))
            for row in rows
        ]

    def next_change(self, now: datetime) -> datetime | None:
        """Return the first instant after ``now`` at which an active entry enters the feeds
        (its ``publishDate``) or leaves them (its ``expiryDate``), or None if none will."""
        # INDEXED BY: with no statistics SQLite took documents_newest and read every entry.
        row = self._sql(
            "SELECT min(t) FROM (SELECT publish_ts t FROM documents INDEXED BY documents_publish "
            "WHERE status = 'active' AND draft = 0 AND publish_ts > ? UNION ALL "
            "SELECT expires_ts FROM documents INDEXED BY documents_expires "
            "WHERE status = 'active' AND draft = 0 AND expires_ts > ?)",
            (ts(now), ts(now)),
        ).fetchone()
        return None if row[0] is None else datetime.fromtimestamp(int(row[0]), UTC)

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

    def count_published(self, now: datetime) -> int:
        """Return how many entries are in the feeds at ``now`` (as ``newest`` selects them:
        drafts, scheduled and expired entries are not)."""
        row = self._sql(
            # _VISIBLE is a constant of this module; values are parameters.
            f"SELECT count(*) FROM documents WHERE status = 'active' AND {_VISIBLE}",  # noqa: S608
            (ts(now), ts(now)),
        ).fetchone()
        return int(row[0])
