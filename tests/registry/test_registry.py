"""feedpub.registry through its public face, on a real SQLite file.

The schema and its migrations (SPEC.md §3: the registry is kept across upgrades), the refusal
of a file that is not a registry, the build's one transaction, writes only of what differs, and
the rules that keep slugs and ``updated`` instants unique.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedpub.errors import RegistryError
from feedpub.model import ArticleFacts, Problem, Stored
from feedpub.registry import MIGRATIONS, UNSETTLED, Changed, Registry, Status

SITE = "https://example.org"
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def _id(slug: str) -> str:
    return f"{SITE}/{slug}/"


def _insert(
    registry: Registry, slug: str, published: datetime, updated: datetime | None = None,
    key: str | None = None,
) -> None:
    """Register a dated entry whose id, file and digest follow from ``slug``."""
    updated = updated or published
    registry.insert(
        _id(slug), slug, Changed(key or f"{slug}.txt", 100, 1), f"digest-{slug}", published,
        (published, updated), ArticleFacts(slug.title(), published, updated, None, f"fp-{slug}"),
    )


def _read(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Run ``sql`` on the registry file from another connection, as another process would."""
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def _file_bytes(path: Path) -> dict[str, bytes]:
    """The registry's bytes on disk: the database and its write-ahead log."""
    files = (path, path.with_name(path.name + "-wal"))
    return {file.name: file.read_bytes() for file in files if file.exists()}


# --- Schema and migrations ----------------------------------------------------------------


def test_open_creates_the_schema_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "state" / "state.sqlite3"
    with Registry.open(path) as registry:
        assert registry.created is True
    assert _read(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    tables = _read(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert tables == [
        ("archive",), ("documents",), ("entry_terms",), ("folders",), ("meta",), ("outputs",),
        ("problems",), ("rendered",), ("renderings",),
    ]
    with Registry.open(path) as again:
        assert again.created is False
        assert again.count_published(datetime(2025, 3, 3, tzinfo=UTC)) == 0


def _old_registry(path: Path) -> None:
    """A registry written by a feedpub that knew only the first migration, with three rows."""
    db = sqlite3.connect(path, isolation_level=None)
    _name, create = MIGRATIONS[0]
    create(db)
    when = MONDAY.isoformat()
    stamp = int(MONDAY.timestamp())
    for number, (key, status) in enumerate(
        [("news/a.txt", "active"), ("b.txt", "active"), ("gone/c.txt", "removed")]
    ):
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?)",
            (_id(f"e{number}"), f"e{number}", key, status, f"digest-{number}", when, when,
             stamp + number, when, stamp + number, f"Entry {number}", f"fp-{number}"),
        )
    db.execute("INSERT INTO meta VALUES ('site_url', ?)", (SITE,))
    db.execute("PRAGMA user_version = 1")
    db.close()


def test_an_older_registry_is_upgraded_in_place_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    _old_registry(path)
    rows = _read(path, "SELECT * FROM documents ORDER BY id")
    inode = path.stat().st_ino
    with Registry.open(path) as registry:
        assert registry.created is False
        assert registry.get_meta("site_url") == SITE
        record = registry.find_key("news/a.txt")
        assert record is not None
        assert (record.id, record.status, record.published) == (_id("e0"), Status.ACTIVE, MONDAY)
        # Migration 3 marks the folders of published entries as looked into, not settled.
        assert registry.folder_digests() == {"": UNSETTLED, "news/": UNSETTLED}
        assert registry.problems() == {}
    assert path.stat().st_ino == inode
    assert _read(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    # Migration 5 adds the publication window: no draft, no bounds.
    assert _read(path, "SELECT * FROM documents ORDER BY id") == [(*r, 0, None, None) for r in rows]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"SQLite format 3\x00" + bytes(range(256)) * 16, id="damaged-header"),
        pytest.param(b"Title\n\nNot a database at all.\n" * 200, id="text"),
    ],
)
def test_a_corrupt_registry_is_refused_and_left_byte_identical(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(data)
    with pytest.raises(RegistryError) as refused:
        Registry.open(path)
    assert str(refused.value) == (
        f"{path}: not a usable feedpub registry (file is not a database); restore it from a "
        "backup or move it aside to start a new one"
    )
    assert path.read_bytes() == data
    assert sorted(os.listdir(tmp_path)) == ["state.sqlite3"]


def test_a_registry_from_a_newer_feedpub_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Registry.open(path):
        pass
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    before = _file_bytes(path)
    with pytest.raises(RegistryError) as refused:
        Registry.open(path)
    assert str(refused.value) == (
        f"{path}: registry schema version {len(MIGRATIONS) + 1} is newer than this feedpub "
        f"understands ({len(MIGRATIONS)}); upgrade feedpub"
    )
    assert _file_bytes(path) == before


# --- The build's transaction ---------------------------------------------------------------


@pytest.mark.parametrize("fresh", [True, False], ids=["cold", "with-entries"])
def test_a_transaction_that_ends_normally_is_committed(tmp_path: Path, fresh: bool) -> None:
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry:
        if not fresh:
            with registry.transaction():
                _insert(registry, "old", MONDAY - timedelta(days=1))
        with registry.transaction():
            assert registry.fresh is fresh
            _insert(registry, "a", MONDAY)
            _insert(registry, "b", MONDAY + SECOND)
            registry.set_meta("fingerprint", "f1")
        assert registry.fresh is False
        # Committed: another connection sees the rows while this one is still open.
        expected = [(_id("a"),), (_id("b"),)] + ([] if fresh else [(_id("old"),)])
        assert _read(path, "SELECT id FROM documents ORDER BY id") == expected
        assert _read(path, "SELECT value FROM meta WHERE name = 'fingerprint'") == [("f1",)]


@pytest.mark.parametrize("fresh", [True, False], ids=["cold", "with-entries"])
def test_a_transaction_that_raises_leaves_nothing(tmp_path: Path, fresh: bool) -> None:
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry:
        if not fresh:
            with registry.transaction():
                _insert(registry, "old", MONDAY - timedelta(days=1))
        with pytest.raises(ValueError, match="the build failed"), registry.transaction():
            _insert(registry, "a", MONDAY)
            _insert(registry, "b", MONDAY + SECOND)
            registry.set_meta("fingerprint", "f1")
            raise ValueError("the build failed")
        assert _read(path, "SELECT id FROM documents") == ([] if fresh else [(_id("old"),)])
    with Registry.open(path) as reopened:
        assert reopened.find_id(_id("a")) is None
        assert reopened.get_meta("fingerprint") is None


def test_after_a_transaction_that_raises_the_registry_is_as_before(tmp_path: Path) -> None:
    with Registry.open(tmp_path / "state.sqlite3") as registry:
        with pytest.raises(ValueError, match="the build failed"), registry.transaction():
            _insert(registry, "a", MONDAY)
            raise ValueError("the build failed")
        assert registry.find_id(_id("a")) is None
        with registry.transaction():
            _insert(registry, "b", MONDAY)


# --- Writes only of what differs -------------------------------------------------------------

PROBLEMS = [
    Problem("empty.txt", "no body text", (0, 1_700_000_000_000_000_000)),
    Problem("copy.txt", "same text as a.txt, which is published"),
]


def test_problems_read_back_as_stored(tmp_path: Path) -> None:
    with Registry.open(tmp_path / "state.sqlite3") as registry:
        with registry.transaction():
            registry.store_problems(PROBLEMS, registry.problems())
        assert registry.problems() == {problem.key: problem for problem in PROBLEMS}


def test_storing_the_same_problems_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry:
        with registry.transaction():
            registry.store_problems(PROBLEMS, {})
        before = _file_bytes(path)
        with registry.transaction():
            registry.store_problems(PROBLEMS, registry.problems())
        assert _file_bytes(path) == before


def test_storing_other_problems_replaces_and_deletes_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    changed = Problem("empty.txt", "no body text", (0, 1_700_000_001_000_000_000))
    with Registry.open(path) as registry:
        with registry.transaction():
            registry.store_problems(PROBLEMS, {})
        with sqlite3.connect(path) as watcher:
            version = watcher.execute("PRAGMA data_version").fetchone()
            with registry.transaction():
                registry.store_problems([changed], registry.problems())
            assert watcher.execute("PRAGMA data_version").fetchone() != version
        assert registry.problems() == {"empty.txt": changed}
    assert _read(path, "SELECT * FROM problems") == [
        ("empty.txt", "no body text", 0, 1_700_000_001_000_000_000)
    ]


def test_folder_digests_are_stored_forgotten_and_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry:
        with registry.transaction():
            registry.store_folders({"": "d-root", "news/": "d-news"}, registry.folder_digests())
        assert registry.folder_digests() == {"": "d-root", "news/": "d-news"}
        before = _file_bytes(path)
        with registry.transaction():
            registry.store_folders({"": "d-root", "news/": "d-news"}, registry.folder_digests())
        assert _file_bytes(path) == before
        with registry.transaction():
            registry.store_folders({"news/": None, "sport/": UNSETTLED}, registry.folder_digests())
        assert registry.folder_digests() == {"": "d-root", "sport/": UNSETTLED}


# --- Slugs, instants and order ------------------------------------------------------------------


def test_free_slug_counts_from_2(tmp_path: Path) -> None:
    with Registry.open(tmp_path / "state.sqlite3") as registry, registry.transaction():
        slugs = []
        for number in range(4):
            slug = registry.free_slug("story")
            slugs.append(slug)
            _insert(registry, slug, MONDAY + number * SECOND, key=f"{number}.txt")
        assert slugs == ["story", "story-2", "story-3", "story-4"]
        assert registry.free_slug("other", suffixed=True) == "other-2"


def test_free_slug_skips_a_suffix_a_file_took_for_itself(tmp_path: Path) -> None:
    """``story-2.txt`` has the slug story-2: the second "story" becomes story-3."""
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry:
        with registry.transaction():
            _insert(registry, "story", MONDAY)
            _insert(registry, "story-2", MONDAY + SECOND)
            _insert(registry, "story-4", MONDAY + 2 * SECOND)
            _insert(registry, "story-two", MONDAY + 3 * SECOND)
        with registry.transaction():
            assert registry.free_slug("story") == "story-3"
            _insert(registry, "story-3", MONDAY + 4 * SECOND, key="again.txt")
            assert registry.free_slug("story") == "story-5"
            _insert(registry, "story-5", MONDAY + 5 * SECOND, key="again-2.txt")
            # story-6.txt registers under its own slug after the suffixes were looked up.
            _insert(registry, "story-6", MONDAY + 6 * SECOND)
            assert registry.free_slug("story") == "story-7"
            assert registry.free_slug("story-2") == "story-2-2"
            assert registry.free_slug("fresh") == "fresh"


@pytest.mark.parametrize("fresh", [True, False], ids=["cold", "with-entries"])
def test_unique_instant_never_returns_an_instant_another_entry_holds(
    tmp_path: Path, fresh: bool
) -> None:
    path = tmp_path / "state.sqlite3"
    held = [MONDAY + offset * SECOND for offset in (0, 1, 2, 3, 4, 6)]
    with Registry.open(path) as registry:
        if not fresh:
            with registry.transaction():
                for number, instant in enumerate(held):
                    _insert(registry, f"held-{number}", instant)
        with registry.transaction():
            if fresh:
                for number, instant in enumerate(held):
                    _insert(registry, f"held-{number}", instant)
            given = []
            for number in range(5):
                # Asked with a fraction of a second: instants are whole seconds.
                instant = registry.unique_instant(MONDAY + timedelta(milliseconds=500), _id(f"new-{number}"))
                given.append(instant)
                _insert(registry, f"new-{number}", instant)
            earlier = registry.unique_instant(MONDAY + 6 * SECOND, _id("undated"), step=-1)
    assert given == [MONDAY + offset * SECOND for offset in (5, 7, 8, 9, 10)]
    assert earlier == MONDAY - SECOND
    assert _read(path, "SELECT updated_ts FROM documents GROUP BY updated_ts HAVING count(*) > 1") == []


def test_an_entry_may_keep_its_own_instant(tmp_path: Path) -> None:
    with Registry.open(tmp_path / "state.sqlite3") as registry:
        with registry.transaction():
            _insert(registry, "a", MONDAY + SECOND)
            _insert(registry, "b", MONDAY)
        with registry.transaction():
            assert registry.unique_instant(MONDAY + SECOND, _id("a")) == MONDAY + SECOND
            # b holds the second asked for; the next one is a's own.
            assert registry.unique_instant(MONDAY, _id("a")) == MONDAY + SECOND
            assert registry.unique_instant(MONDAY, _id("c")) == MONDAY + 2 * SECOND


def test_newest_is_latest_published_first_then_id_and_only_active(tmp_path: Path) -> None:
    with Registry.open(tmp_path / "state.sqlite3") as registry:
        with registry.transaction():
            _insert(registry, "a", MONDAY, MONDAY + timedelta(hours=5))
            _insert(registry, "b", MONDAY + timedelta(days=2))
            _insert(registry, "c", MONDAY + timedelta(days=3))
            # Same published date as b, a later instant: the id breaks the tie.
            _insert(registry, "d", MONDAY + timedelta(days=2), MONDAY + timedelta(days=2, seconds=1))
            registry.mark_removed(_id("c"))
        assert registry.newest(10, MONDAY + timedelta(days=9)) == [
            Stored(_id("d"), "d", "d.txt", MONDAY + timedelta(days=2),
                   MONDAY + timedelta(days=2, seconds=1)),
            Stored(_id("b"), "b", "b.txt", MONDAY + timedelta(days=2), MONDAY + timedelta(days=2)),
            Stored(_id("a"), "a", "a.txt", MONDAY, MONDAY + timedelta(hours=5)),
        ]
        assert [stored.slug for stored in registry.newest(2, MONDAY + timedelta(days=9))] == ["d", "b"]
        assert registry.count_published(MONDAY + timedelta(days=9)) == 3
        removed = registry.find_id(_id("c"))
        assert removed is not None and removed.status is Status.REMOVED


def test_newest_keeps_to_each_entrys_window_at_the_build_time(tmp_path: Path) -> None:
    day = timedelta(days=1)
    windows = {
        "plain": ArticleFacts("Plain", MONDAY, MONDAY, None, "fp-plain"),
        "draft": ArticleFacts("Draft", MONDAY, MONDAY, None, "fp-draft", draft=True),
        "later": ArticleFacts("Later", MONDAY, MONDAY, None, "fp-later", publish_at=MONDAY + 2 * day),
        "ending": ArticleFacts("Ending", MONDAY, MONDAY, None, "fp-ending", expires=MONDAY + 3 * day),
    }
    with Registry.open(tmp_path / "state.sqlite3") as registry:
        with registry.transaction():
            for number, (slug, facts) in enumerate(windows.items()):
                instant = MONDAY + number * SECOND
                registry.insert(
                    _id(slug), slug, Changed(f"{slug}.md", 1, 1), f"digest-{slug}", instant,
                    (instant, instant), facts,
                )

        def shown(now: datetime) -> list[str]:
            return sorted(stored.slug for stored in registry.newest(10, now))

        assert shown(MONDAY + day) == ["ending", "plain"]
        assert registry.next_change(MONDAY + day) == MONDAY + 2 * day
        assert shown(MONDAY + 2 * day) == ["ending", "later", "plain"]
        assert registry.next_change(MONDAY + 2 * day) == MONDAY + 3 * day
        assert shown(MONDAY + 3 * day) == ["later", "plain"]
        assert registry.next_change(MONDAY + 3 * day) is None
        # A removed entry's window no longer matters.
        with registry.transaction():
            registry.mark_removed(_id("later"))
        assert registry.next_change(MONDAY) == MONDAY + 3 * day


def test_renderings_are_checked_by_entry_id_not_through_the_newest_index(tmp_path: Path) -> None:
    # A long IN list of ids once made SQLite read every entry through the (status,
    # published_ts) index, once a page of 500: ten times the work at 100,000 entries.
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry, registry.transaction():
        for number in range(600):
            _insert(registry, f"s{number:03d}", MONDAY + number * SECOND)
        statements: list[str] = []
        registry._db.set_trace_callback(statements.append)
        found = registry.registered([_id(f"s{number:03d}") for number in range(600)])
        registry._db.set_trace_callback(None)
        plans = [
            str(row) for sql in statements if sql.lstrip().upper().startswith("SELECT")
            for row in registry._db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        ]
    assert len(found) == 600
    assert plans and not any("documents_newest" in plan for plan in plans), plans
