"""[I/O] What the build renders from: each entry's rendered fragments, its terms (source and
categories), its RFC 5005 archive number, and the signatures of the feed files assembled.

Fragments are kept so that a build re-renders only the entries whose text or registered
facts changed: every feed that lists an entry (subscription, archive page, source, category)
is assembled from them without parsing a document again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from feedpub.model import Stored
from feedpub.registry._entries import Registry as _Entries
from feedpub.registry._rows import ts

# What an entry's rendering depends on in its registry row; the configuration's part is the
# build's fingerprint, and a new one forgets every rendering (``forget_rendered``).
_STAMP = "d.digest || ' ' || d.slug || ' ' || d.published || ' ' || d.updated"
# In the feeds at the build's time (``set_clock``): active, not a draft, inside its window
# (README, front matter's draft, publishDate, expiryDate); {now} is an integer, {status} the
# status column (``_visible``, ``_visible_by_id``).
_VISIBLE = (
    "{status} = 'active' AND d.draft = 0 AND (d.publish_ts IS NULL OR d.publish_ts <= {now}) "
    "AND (d.expires_ts IS NULL OR d.expires_ts > {now})"
)


class Registered(NamedTuple):
    """An entry's row as a rendering is checked against (``build._entries.keep_rendered``):
    the stamp of what its rendering depends on, and the facts the stamp is made of."""

    stamp: str
    slug: str
    key: str
    digest: str
    published_ts: int
    updated_ts: int


class Registry(_Entries):
    """The registry with the rendered entries and the outputs built from them."""

    _now = 2**62

    def set_clock(self, now: datetime) -> None:
        """Say when this build happens: which entries are in the feeds depends on it."""
        self._now = ts(now)

    @property
    def _visible(self) -> str:
        return _VISIBLE.format(now=int(self._now), status="d.status")

    @property
    def _visible_by_id(self) -> str:
        # For a query that names its entries by id: "+d.status" keeps SQLite from the index on
        # (status, published_ts), which it picks for a long IN list and then reads every entry.
        return _VISIBLE.format(now=int(self._now), status="+d.status")

    @property
    def _active(self) -> str:
        return f"FROM documents d JOIN rendered r ON r.id = d.id WHERE {self._visible}"

    def stale(self) -> list[int]:
        """Return the row numbers of the active entries with no rendering of their current
        row, oldest first (numbers, not rows: a cold build of 100,000 may list them all)."""
        return [
            int(row[0]) for row in self._sql(
                "SELECT d.rowid FROM documents d "  # noqa: S608 - constants
                f"LEFT JOIN rendered r ON r.id = d.id WHERE {self._visible} "
                f"AND (r.id IS NULL OR r.stamp != {_STAMP}) ORDER BY d.published_ts, d.id"
            )
        ]

    def stored_rows(self, rows: list[int]) -> list[Stored]:
        """Return the entries at the row numbers ``rows`` (``stale``), in that order."""
        found: dict[int, Stored] = {}
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._sql(
                "SELECT rowid, id, slug, key, published, updated FROM documents "  # noqa: S608
                f"WHERE rowid IN ({marks})", chunk,
            ):
                found[int(row[0])] = Stored(
                    row[1], row[2], row[3], datetime.fromisoformat(row[4]),
                    datetime.fromisoformat(row[5]),
                )
        return [found[row] for row in rows]

    def store_rendered(
        self, rendered: Sequence[tuple[str, str, bytes, Iterable[tuple[str, str, str]]]],
    ) -> None:
        """Keep each (entry id, stamp of the row it was rendered from, rendering, (kind,
        slug, name) terms)."""
        self._sql("SELECT 1")  # rows waiting to be inserted go first
        self._db.executemany(
            "INSERT OR REPLACE INTO rendered VALUES (?, ?)",
            [(entry_id, stamp) for entry_id, stamp, _, _ in rendered],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO renderings VALUES (?, ?)",
            [(entry_id, data) for entry_id, _, data, _ in rendered],
        )
        self._db.executemany(
            "DELETE FROM entry_terms WHERE id = ?", [(item[0],) for item in rendered]
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO entry_terms VALUES (?, ?, ?, ?)",
            [
                (entry_id, kind, slug, name)
                for entry_id, _, _, terms in rendered for kind, slug, name in terms
            ],
        )

    def registered(self, ids: list[str]) -> dict[str, Registered]:
        """Return what the registry holds of each active entry of ``ids``."""
        found: dict[str, Registered] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                (str(row[0]), Registered(*row[1:])) for row in self._sql(
                    f"SELECT d.id, {_STAMP}, d.slug, d.key, d.digest, d.published_ts, "  # noqa: S608
                    f"d.updated_ts FROM documents d WHERE d.id IN ({marks}) AND "
                    f"{self._visible_by_id}",
                    chunk,
                )
            )
        return found

    def gone_rendered(self, refused: list[str]) -> list[tuple[str, bytes]]:
        """Return (id, rendering) of the entries removed since they were rendered, and of
        those whose file (a key of ``refused``) is refused as it is now."""
        found = [
            (str(row[0]), bytes(row[1])) for row in self._sql(
                "SELECT d.id, g.data FROM documents d JOIN renderings g ON g.id = d.id "  # noqa: S608
                f"WHERE NOT ({self._visible})"
            )
        ]
        for start in range(0, len(refused), 500):
            chunk = refused[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.extend(
                (str(row[0]), bytes(row[1])) for row in self._sql(
                    "SELECT d.id, g.data FROM documents d "  # noqa: S608 - marks only
                    f"JOIN renderings g ON g.id = d.id WHERE d.key IN ({marks})", chunk,
                )
            )
        return found

    def drop_rendered(self, ids: list[str]) -> None:
        """Forget the renderings and terms of ``ids``."""
        for table in ("rendered", "renderings", "entry_terms"):
            self._db.executemany(
                f"DELETE FROM {table} WHERE id = ?", [(entry_id,) for entry_id in ids]  # noqa: S608
            )

    def forget_rendered(self) -> None:
        """Drop every rendering: the configuration that shaped them changed."""
        self._sql("DELETE FROM rendered")
        self._sql("DELETE FROM renderings")
        self._sql("DELETE FROM outputs")

    def newest_rendered(self, count: int) -> list[tuple[str, str]]:
        """Return (id, stamp) of the ``count`` newest rendered entries, newest first."""
        return [
            (str(row[0]), str(row[1])) for row in self._sql(
                f"SELECT d.id, r.stamp {self._active} ORDER BY d.published_ts DESC, d.id DESC LIMIT ?",
                (count,),
            )
        ]

    def term_members(self, kind: str, count: int) -> Iterator[tuple[str, str, str, str]]:
        """Yield (slug, name, id, stamp) for the ``count`` newest entries of each term of
        ``kind``, by slug, newest first; ``name`` is the one the newest entry gives."""
        yield from self._sql(
            "SELECT slug, first_value(name) OVER w, id, stamp FROM ("  # noqa: S608 - constants
            "SELECT t.slug, t.name, d.id, r.stamp, d.published_ts, row_number() OVER ("
            "PARTITION BY t.slug ORDER BY d.published_ts DESC, d.id DESC) AS n "
            "FROM entry_terms t JOIN documents d ON d.id = t.id JOIN rendered r ON r.id = t.id "
            f"WHERE {self._visible} AND t.kind = ?) WHERE n <= ? "
            "WINDOW w AS (PARTITION BY slug ORDER BY n) ORDER BY slug, n",
            (kind, count),
        )

    def archive_new(self, current: set[str]) -> None:
        """Number, after every number given so far, the rendered entries outside the
        subscription feeds (``current``) that have none yet, oldest first (RFC 5005 §4)."""
        # In SQL: a cold build of 100,000 numbers them all, and lists of their ids in this
        # process would cost tens of MB.
        self._sql("CREATE TEMP TABLE IF NOT EXISTS current_feed (id TEXT PRIMARY KEY)")
        self._sql("DELETE FROM current_feed")
        self._db.executemany("INSERT INTO current_feed VALUES (?)", [(i,) for i in current])
        self._sql(
            "INSERT INTO archive SELECT id, top + row_number() OVER (ORDER BY published_ts, id) "  # noqa: S608
            "FROM (SELECT coalesce(max(seq), -1) AS top FROM archive), ("
            f"SELECT d.id, d.published_ts {self._active} AND d.id NOT IN (SELECT id FROM archive) "
            "AND d.id NOT IN (SELECT id FROM current_feed))"
        )

    def archived(self) -> Iterator[tuple[int, str, str]]:
        """Yield (seq, id, stamp) of every active rendered entry with an archive number, in
        order."""
        yield from self._sql(
            "SELECT a.seq, d.id, r.stamp FROM documents d "  # noqa: S608 - constants
            "JOIN rendered r ON r.id = d.id JOIN archive a ON a.id = d.id "
            f"WHERE {self._visible} ORDER BY a.seq"
        )

    def archive_length(self) -> int:
        """Return one more than the highest archive number given (0 with none)."""
        return int(self._sql("SELECT coalesce(max(seq), -1) + 1 FROM archive").fetchone()[0])

    def renderings(self, ids: list[str]) -> dict[str, tuple[bytes, datetime, datetime]]:
        """Return the rendering of each of ``ids`` that has one, with the entry's published
        and updated instants (a rendering leaves them out: ``render.entries.PUBLISHED``)."""
        found: dict[str, tuple[bytes, datetime, datetime]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                (str(row[0]), (
                    bytes(row[1]), datetime.fromisoformat(row[2]), datetime.fromisoformat(row[3])
                ))
                for row in self._sql(
                    "SELECT g.id, g.data, d.published, d.updated FROM renderings g "  # noqa: S608
                    f"JOIN documents d ON d.id = g.id WHERE g.id IN ({marks})", chunk,
                )
            )
        return found

    def signatures(self) -> dict[str, str]:
        """Return the signature each published feed file was last assembled from."""
        return {str(path): str(sig) for path, sig in self._sql("SELECT path, signature FROM outputs")}

    def set_signatures(self, signatures: dict[str, str]) -> None:
        """Replace the stored signatures with ``signatures``."""
        self._sql("DELETE FROM outputs")
        self._db.executemany("INSERT INTO outputs VALUES (?, ?)", sorted(signatures.items()))
