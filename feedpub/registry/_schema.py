"""[I/O] The registry's tables, and the migrations that bring an older registry up to date
(after sqlite-utils' migrations.py: ordered, named, append only)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from feedpub.errors import RegistryError
from feedpub.ingest import (
    folder_of,
)

# The stored "digest" of a unit looked into but not settled: it matches no listing.
UNSETTLED = ""


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


_WINDOW_COLUMNS = (
    ("draft", "INTEGER NOT NULL DEFAULT 0"), ("publish_ts", "INTEGER"), ("expires_ts", "INTEGER"),
)


def _add_window(db: sqlite3.Connection) -> None:
    # Front matter's draft, publishDate and expiryDate (issue 11): kept so that every build
    # decides again, at its own ``now``, which entries are in the feeds. NULL: no bound.
    # Only the columns missing: like _create_problems, safe on a table that has them.
    present = {str(row[1]) for row in db.execute("PRAGMA table_info(documents)")}
    for column, kind in _WINDOW_COLUMNS:
        if column not in present:
            # Names and types from the constant above, never from input.
            db.execute(f"ALTER TABLE documents ADD COLUMN {column} {kind}")


def _index_window(db: sqlite3.Connection) -> None:
    # Registry.next_change, asked by every build: without these it read every row (0.13 s
    # at 100,000 entries, half a watcher's budget). Partial: most entries have no bound.
    db.execute(
        "CREATE INDEX IF NOT EXISTS documents_publish ON documents (publish_ts) "
        "WHERE publish_ts IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS documents_expires ON documents (expires_ts) "
        "WHERE expires_ts IS NOT NULL"
    )


def _create_outputs(db: sqlite3.Connection) -> None:
    # rendered / renderings: the stamp of what each entry was rendered from, and the
    # rendering (each format's item, zlib-compressed); entry_terms: its source and categories, so that
    # per-source and per-category feeds need no parsing; archive: the RFC 5005 archive
    # sequence, given once when an entry first leaves the subscription feeds; outputs: a
    # signature of what each published feed file was assembled from.
    for statement in (
        # The stamps apart from the renderings: a row holding a rendering fills a page of
        # its own, and the queries that list a channel's members read only the stamps.
        "CREATE TABLE IF NOT EXISTS rendered (id TEXT PRIMARY KEY, stamp TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS renderings (id TEXT PRIMARY KEY, data BLOB NOT NULL)",
        (
            "CREATE TABLE IF NOT EXISTS entry_terms (id TEXT NOT NULL, kind TEXT NOT NULL, "
            "slug TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, slug, id)) WITHOUT ROWID"
        ),
        "CREATE INDEX IF NOT EXISTS entry_terms_id ON entry_terms (id)",
        (
            "CREATE TABLE IF NOT EXISTS archive (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE) "
            "WITHOUT ROWID"
        ),
        "CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, signature TEXT NOT NULL) WITHOUT ROWID",
    ):
        db.execute(statement)


# Ordered, named migrations after sqlite-utils' migrations.py; PRAGMA user_version counts
# how many have run. Append only: a released migration never changes.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("create documents and meta", _create_documents),
    ("create folders, the digests of settled folders' listings", _create_folders),
    ("mark the folders of published entries", _mark_folders),
    ("create problems, the refusals reported so far", _create_problems),
    ("add draft, publish_ts and expires_ts, the window an entry is in the feeds", _add_window),
    ("index publish_ts and expires_ts, for the next instant the window moves", _index_window),
    ("create rendered, entry_terms, archive and outputs (issue 12)", _create_outputs),
)


def migrate(db: sqlite3.Connection, path: Path) -> None:
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
