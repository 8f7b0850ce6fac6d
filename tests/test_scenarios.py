"""Cron-safety scenarios: real ``feedpub`` processes on real files, read back as subscribers do.

Each test is one thing that happens to a published site (an edit, a touch, a copy, a fresh
clone, a move, a removal, a lost or corrupt registry, two builds at once, a killed build) and
checks what readers get: entry ids, titles, ``published`` and ``updated`` through feedparser,
and byte- and mtime-identical feed files where nothing changed (SPEC.md §2–§3).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from feedpub.registry import MIGRATIONS

from conftest import Site, read_feed

ATOM = "{http://www.w3.org/2005/Atom}"
Spawn = Callable[..., "subprocess.Popen[str]"]
SITE_URL = "https://example.org"
FEEDS = ("rss.xml", "atom.xml")

STORM = """\
Storm knocks out power to thousands along the northern coast

Published: 3 March 2025 14:05 CET

By Jane Doe

A winter storm swept across the northern coast overnight, leaving more than 40,000 homes without
electricity, the regional utility said on Monday.

Crews worked through the morning to clear fallen trees from power lines. Officials said most
customers should be reconnected by the evening, although outlying villages could wait longer.

Schools in three districts stayed closed, and the ferry to the islands was cancelled for a second day.

Source: Coastal Herald | Photo: John Roe
"""

STORM_CORRECTED = STORM.replace(
    "more than 40,000 homes", "more than 52,000 homes"
).replace(
    "Source: Coastal Herald",
    "Correction: an earlier version understated the number of homes affected.\n\nSource: Coastal Herald",
)

FARMERS = """\
Farmers turn to drones to count livestock on remote hillsides

Published: 12 February 2025 09:30 CET

Sheep farmers in the uplands have started using small camera drones to count flocks that graze
across hillsides too steep for quad bikes, a regional farming cooperative said.

The cooperative said the flights cut a full day's work to under an hour, and that the footage
also helps spot injured animals early.

Source: Rural Weekly | Photo: Maria Lind
"""

CYCLING = """\
Council approves protected cycling lanes on three central avenues

The city council voted 7-2 on Tuesday to add protected cycling lanes on three central avenues,
ending a debate that has run for more than two years.

Construction is expected to begin in the spring and to last about five months. Shops along the
avenues will keep their delivery bays.

Back to top
"""

STORM_ID = f"{SITE_URL}/storm/"
FARMERS_ID = f"{SITE_URL}/farmers/"
CYCLING_ID = f"{SITE_URL}/cycling/"


# --- helpers -------------------------------------------------------------------------------


def _seed_site(site: Site) -> None:
    """Two dated articles and one undated one, the mix a real folder of seeds holds."""
    site.write("storm.txt", STORM)
    site.write("farmers.txt", FARMERS)
    site.write("cycling.txt", CYCLING)


def _configure(site: Site, **values: object) -> None:
    lines = [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    (site.root / "feedpub.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _state(site: Site) -> Path:
    return site.root / ".feedpub" / "state.sqlite3"


def _ok(result: subprocess.CompletedProcess[str], code: int = 0) -> subprocess.CompletedProcess[str]:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    return result


def _entries(site: Site) -> dict[str, tuple[str, str, str]]:
    """Map each Atom entry id to (title, published, updated), as feedparser reads them."""
    atom = site.atom()
    return {e.id: (e.title, e.published, e.updated) for e in atom.entries}


def _rss_entries(site: Site) -> dict[str, tuple[str, str]]:
    """Map each RSS item guid to (title, pubDate)."""
    return {e.id: (e.title, e.published) for e in site.rss().entries}


def _files(site: Site) -> dict[str, tuple[bytes, int]]:
    """The published feeds' bytes and mtimes: what HTTP caches see (ETag, Last-Modified)."""
    return {
        name: ((site.public / name).read_bytes(), (site.public / name).stat().st_mtime_ns)
        for name in FEEDS
    }


def _bytes(site: Site) -> dict[str, bytes]:
    return {name: (site.public / name).read_bytes() for name in FEEDS}


def _listing(site: Site, *args: str) -> list[dict[str, str]]:
    result = _ok(site.run("list", "--json", *args))
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _changes(stdout: str) -> list[str]:
    """The lines of ``build -v`` that announce an entry change."""
    prefixes = ("new: ", "updated: ", "moved: ", "removed: ")
    return sorted(line for line in stdout.splitlines() if line.startswith(prefixes))


def _refresh_mtimes(root: Path, seconds_later: int = 3600) -> None:
    """Give every file under ``root`` a new mtime, as a checkout or ``cp -r`` without -p does."""
    later = time.time_ns() + seconds_later * 1_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(later, later))


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def _generated_article(number: int, base: datetime) -> str:
    """A small, realistic, dated article; ``number`` orders them (later number, newer)."""
    towns = ("Alderford", "Brightwater", "Cold Harbour", "Dunmore", "Eastleigh", "Fairhaven")
    town = towns[number % len(towns)]
    published = base + timedelta(minutes=number)
    return (
        f"{town} reservoir levels rise after week of rain, report {number}\n\n"
        f"Published: {published:%Y-%m-%dT%H:%M:%SZ}\n\n"
        f"Reservoir levels around {town} rose for a seventh day on Monday after steady rain, "
        f"the regional water utility said in its bulletin number {number}.\n\n"
        "The utility said it would review the hosepipe restrictions at the end of the month "
        "and asked households to keep saving water until then.\n\n"
        f"Source: {town} Gazette\n"
    )


def _write_generated(site: Site, count: int, folder: str = "reports") -> list[str]:
    # Later than the hand-written articles, earlier than any first-seen date.
    base = datetime(2025, 6, 1, tzinfo=UTC)
    keys = []
    for number in range(count):
        key = f"{folder}/{number:04d}_reservoir.txt"
        site.write(key, _generated_article(number, base))
        keys.append(key)
    return keys


def _assert_no_duplicates(site: Site) -> list[dict[str, str]]:
    rows = _listing(site)
    ids = [row["id"] for row in rows]
    paths = [row["path"] for row in rows if row["status"] == "active"]
    assert len(ids) == len(set(ids)), "duplicate ids in the registry"
    assert len(paths) == len(set(paths)), "two active entries for one file"
    for name in FEEDS:
        parsed = read_feed(site.public / name)
        feed_ids = [e.id for e in parsed.entries]
        assert len(feed_ids) == len(set(feed_ids)), f"duplicate ids in {name}"
    return rows


def _lock_path(site: Site) -> Path:
    return site.root / ".feedpub" / "state.sqlite3.lock"


def _lock_is_free(lock: Path, wait: float) -> bool:
    deadline = time.monotonic() + wait
    with open(lock, "a+b") as handle:
        while True:
            try:
                fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)
                continue
            fcntl.lockf(handle.fileno(), fcntl.LOCK_UN)
            return True


def _group_members(group: int) -> list[str]:
    """Describe the processes still alive in process group ``group`` (one we started)."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.getpgid(int(name)) != group:
                continue
            command = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (ProcessLookupError, OSError):
            continue
        members.append(f"{name}: {command.strip()}")
    return members


@pytest.fixture
def spawn(site: Site) -> Iterator[Spawn]:
    """Start builds as background processes, each in its own session; reap them all at the end."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "feedpub", *args],
            cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


# --- edits, touches, copies, clones, moves, removals ---------------------------------------


def test_edit_keeps_id_and_published_and_moves_updated_later(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    before = _entries(site)
    assert before[STORM_ID] == (
        "Storm knocks out power to thousands along the northern coast",
        "2025-03-03T14:05:00+01:00",
        "2025-03-03T14:05:00+01:00",
    )
    rss_before = _rss_entries(site)

    site.write("storm.txt", STORM_CORRECTED)
    started = datetime.now(UTC).replace(microsecond=0)
    _ok(site.build())

    after = _entries(site)
    assert set(after) == set(before), "an edit must not add or drop entries"
    title, published, updated = after[STORM_ID]
    assert title == before[STORM_ID][0]
    assert published == "2025-03-03T14:05:00+01:00"
    assert _when(updated) > _when(before[STORM_ID][2])
    assert _when(updated) >= started
    (edited,) = [e for e in site.atom().entries if e.id == STORM_ID]
    assert "more than 52,000 homes" in edited.content[0].value
    # The other entries are untouched.
    for entry_id in (FARMERS_ID, CYCLING_ID):
        assert after[entry_id] == before[entry_id]
    rss_after = _rss_entries(site)
    assert set(rss_after) == set(rss_before)
    assert rss_after[STORM_ID] == rss_before[STORM_ID]


def test_touch_changes_nothing_in_any_feed(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    files = _files(site)
    listing = _listing(site)

    _refresh_mtimes(site.seeds)
    result = _ok(site.run("build", "-v"))

    assert _changes(result.stdout) == []
    assert _files(site) == files, "a touch must not rewrite the feeds (bytes and mtime)"
    assert _listing(site) == listing


def test_copied_site_with_fresh_mtimes_builds_identical_feeds(site: Site, tmp_path: Path) -> None:
    _seed_site(site)
    _ok(site.build())
    feeds = _bytes(site)
    listing = _listing(site)

    copy = Site(tmp_path / "copied")
    copy.root.mkdir()
    # cp -r without -p: new files, new mtimes.
    shutil.copytree(site.seeds, copy.seeds, copy_function=shutil.copy)
    shutil.copytree(site.root / ".feedpub", copy.root / ".feedpub", copy_function=shutil.copy)
    _refresh_mtimes(copy.root)
    _ok(copy.build())

    assert _bytes(copy) == feeds
    assert _listing(copy) == listing
    assert _entries(copy) == _entries(site)


def test_fresh_clone_with_kept_registry_changes_nothing(site: Site, tmp_path: Path) -> None:
    _seed_site(site)
    _ok(site.build())
    feeds = _bytes(site)
    listing = _listing(site)

    clone = Site(tmp_path / "clone")
    clone.root.mkdir()
    shutil.copytree(site.seeds, clone.seeds, copy_function=shutil.copy)
    _refresh_mtimes(clone.seeds)
    result = _ok(clone.run("build", "-v", "--state", str(_state(site))))

    assert _changes(result.stdout) == []
    assert result.stderr == ""
    assert _bytes(clone) == feeds
    assert _listing(site) == listing
    assert not (clone.root / ".feedpub" / "state.sqlite3").exists()


@pytest.mark.parametrize(
    "new_key",
    [
        pytest.param("storm-coast.txt", id="rename"),
        pytest.param("archive/2025/storm.txt", id="move-into-subfolder"),
    ],
)
def test_renamed_or_moved_document_keeps_id_and_dates(site: Site, new_key: str) -> None:
    _seed_site(site)
    _ok(site.build())
    before = _entries(site)
    rss_before = _rss_entries(site)

    target = site.seeds / new_key
    target.parent.mkdir(parents=True, exist_ok=True)
    (site.seeds / "storm.txt").rename(target)
    _ok(site.build())

    assert _entries(site) == before
    assert _rss_entries(site) == rss_before
    row = next(r for r in _listing(site) if r["id"] == STORM_ID)
    assert (row["path"], row["status"]) == (new_key, "active")


def test_removed_document_leaves_and_restored_returns_with_same_id_and_dates(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    before = _entries(site)
    rss_before = _rss_entries(site)
    saved = (site.seeds / "cycling.txt").read_bytes()

    (site.seeds / "cycling.txt").unlink()
    _ok(site.build())
    assert CYCLING_ID not in _entries(site)
    assert CYCLING_ID not in _rss_entries(site)
    assert len(_entries(site)) == len(before) - 1

    (site.seeds / "cycling.txt").write_bytes(saved)
    _ok(site.build())
    assert _entries(site) == before
    assert _rss_entries(site) == rss_before


# --- settled folders: what a build skips, it must not miss ---------------------------------


def _harbour(day: int) -> str:
    return (
        f"Harbour report number {day} from the northern coast\n\n"
        f"Published: {day} March 2025 08:00 CET\n\n"
        f"Boats landed catch number {day} at the harbour on the northern coast this morning, "
        "the port authority said.\n\n"
        "Source: Coastal Herald\n"
    )


def _seed_folders(site: Site) -> None:
    _seed_site(site)
    for day in range(1, 6):
        site.write(f"world/harbour-{day}.txt", _harbour(day))
        site.write(f"world/deep/harbour-{day + 10}.txt", _harbour(day + 10))


def test_edit_deep_in_a_settled_folder_is_found(site: Site) -> None:
    _seed_folders(site)
    _ok(site.build())
    _ok(site.build())
    entry_id = f"{SITE_URL}/world/deep/harbour-12/"
    before = _entries(site)[entry_id]

    site.write("world/deep/harbour-12.txt", _harbour(12).replace("this morning", "at dawn"))
    result = _ok(site.run("build", "-v"))

    assert _changes(result.stdout) == ["updated: world/deep/harbour-12.txt"]
    title, published, updated = _entries(site)[entry_id]
    assert (title, published) == before[:2]
    assert _when(updated) > _when(before[2])
    (edited,) = [e for e in site.atom().entries if e.id == entry_id]
    assert "at dawn" in edited.content[0].value


def test_removed_folder_leaves_and_restored_folder_returns_with_same_ids(site: Site) -> None:
    _seed_folders(site)
    _ok(site.build())
    before = _entries(site)
    saved = site.root / "saved-world"
    shutil.move(site.seeds / "world", saved)

    result = _ok(site.run("build", "-v"))
    removed = [line for line in _changes(result.stdout) if line.startswith("removed: ")]
    assert len(removed) == 10
    assert set(_entries(site)) == {STORM_ID, FARMERS_ID, CYCLING_ID}

    shutil.move(saved, site.seeds / "world")
    _ok(site.build())
    assert _entries(site) == before


def test_new_subfolder_in_a_settled_folder_is_published(site: Site) -> None:
    _seed_folders(site)
    _ok(site.build())
    site.write("world/deep/deeper/harbour-20.txt", _harbour(20))

    result = _ok(site.run("build", "-v"))

    assert _changes(result.stdout) == ["new: world/deep/deeper/harbour-20.txt"]
    assert f"{SITE_URL}/world/deep/deeper/harbour-20/" in _entries(site)


def test_refused_document_is_reported_once_then_listed_by_verbose(site: Site) -> None:
    _seed_folders(site)
    site.write("world/empty.txt", "   \n")
    site.write("world/copy.txt", _harbour(3))

    result = _ok(site.build(), 1)
    assert sorted(result.stderr.splitlines()) == [
        "feedpub: seeds/world/empty.txt: skipped: empty document",
        ("feedpub: seeds/world/harbour-3.txt: skipped: same text as world/copy.txt, which is "
        "published"),
    ]
    state = _state(site).read_bytes()
    for _ in range(2):
        _ok(site.build())
    assert _state(site).read_bytes() == state, "a no-change build writes nothing"
    result = _ok(site.run("build", "-v"))
    assert result.stderr == ""
    assert [line for line in result.stdout.splitlines() if line.startswith("still")] == [
        "still skipped: seeds/world/empty.txt: empty document",
        ("still skipped: seeds/world/harbour-3.txt: same text as world/copy.txt, which is "
        "published"),
    ]

    # The published copy goes: the other file carries its entry on, under the same id.
    (site.seeds / "world" / "copy.txt").unlink()
    result = _ok(site.run("build", "-v"))
    assert result.stderr == ""
    assert _changes(result.stdout) == ["moved: world/harbour-3.txt"]
    assert f"{SITE_URL}/world/copy/" in _entries(site)

    # A refused file that changes is reported again, once.
    site.write("world/empty.txt", "\n\n  \n")
    assert _ok(site.build(), 1).stderr == "feedpub: seeds/world/empty.txt: skipped: empty document\n"
    assert _ok(site.build()).stderr == ""


def test_removed_folder_holding_a_refused_file_takes_its_entries_along(site: Site) -> None:
    _seed_folders(site)
    site.write("world/empty.txt", "  \n")
    site.write("world/deep/copy.txt", _harbour(12))
    _ok(site.build(), 1)
    _ok(site.build())

    shutil.rmtree(site.seeds / "world")
    result = _ok(site.run("build", "-v"))

    removed = [line for line in _changes(result.stdout) if line.startswith("removed: ")]
    assert len(removed) == 10
    assert set(_entries(site)) == {STORM_ID, FARMERS_ID, CYCLING_ID}
    assert {row["path"] for row in _listing(site) if row["status"] == "active"} == {
        "storm.txt", "farmers.txt", "cycling.txt"
    }


def test_folder_removed_before_the_upgrade_is_removed_by_the_first_build_after(
    site: Site,
) -> None:
    _seed_folders(site)
    _ok(site.build())
    with contextlib.closing(sqlite3.connect(_state(site))) as db:
        db.execute("DROP TABLE folders")
        db.execute("PRAGMA user_version = 1")
        db.commit()
    shutil.rmtree(site.seeds / "world" / "deep")

    result = _ok(site.run("build", "-v"))

    assert sorted(_changes(result.stdout)) == [
        f"removed: world/deep/harbour-{day}.txt" for day in range(11, 16)
    ]
    assert len(_entries(site)) == 8


def test_registry_from_before_folders_were_kept_upgrades_in_place(site: Site) -> None:
    _seed_folders(site)
    _ok(site.build())
    before = _entries(site)
    files = _files(site)
    with contextlib.closing(sqlite3.connect(_state(site))) as db:
        db.execute("DROP TABLE folders")
        db.execute("PRAGMA user_version = 1")
        db.commit()

    _ok(site.build())
    _ok(site.build())

    assert _entries(site) == before
    assert _files(site) == files
    with contextlib.closing(sqlite3.connect(_state(site))) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert db.execute("SELECT count(*) FROM folders").fetchone()[0] == 3


# --- the registry lost or damaged ----------------------------------------------------------


def test_deleted_registry_is_reported_and_ids_stay(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    before = _entries(site)

    for path in _state(site).parent.glob("state.sqlite3*"):
        if not path.name.endswith(".lock"):
            path.unlink()
    result = _ok(site.build(), 1)

    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "registry" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    after = _entries(site)
    assert set(after) == set(before)
    # Dated documents keep their dates; only undated ones may be re-dated (README).
    for entry_id in (STORM_ID, FARMERS_ID):
        assert after[entry_id] == before[entry_id]
    assert set(_rss_entries(site)) == set(before)


def test_corrupt_registry_fails_with_one_line_and_leaves_feeds(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    files = _files(site)
    state = _state(site)
    assert not Path(f"{state}-wal").exists(), "a finished build should leave no WAL behind"
    garbage = bytes((i * 37 + 11) % 256 for i in range(8192))
    state.write_bytes(garbage)
    # A change the failed build would otherwise publish.
    site.write("farmers.txt", FARMERS.replace("under an hour", "about forty minutes"))

    result = site.build()

    assert result.returncode == 3, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(state) in lines[0] or str(state.resolve()) in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _files(site) == files
    assert state.read_bytes() == garbage, "a corrupt registry must never be replaced"


# --- builds at the same time ---------------------------------------------------------------


def test_two_builds_started_at_once_never_corrupt_anything(site: Site, spawn: Spawn) -> None:
    _configure(site, lock_timeout=0, count=300)
    keys = _write_generated(site, 300)

    first = spawn("build", "--quiet")
    second = spawn("build", "--quiet")
    outcomes = []
    for process in (first, second):
        out, err = process.communicate(timeout=120)
        outcomes.append((process.returncode, out, err))

    codes = sorted(code for code, _, _ in outcomes)
    assert codes in ([0, 0], [0, 75]), outcomes
    for _code, out, err in outcomes:
        # --quiet: a build that found the lock held has nothing to say either (exit 75).
        assert (out, err) == ("", "")
    rows = _assert_no_duplicates(site)
    assert sorted(row["path"] for row in rows) == keys
    assert {row["status"] for row in rows} == {"active"}
    assert len(site.atom().entries) == len(site.rss().entries) == 300


def test_held_lock_makes_build_exit_75_then_next_build_succeeds(site: Site) -> None:
    _seed_site(site)
    _configure(site, lock_timeout=0.2)
    lock = _lock_path(site)
    lock.parent.mkdir(parents=True, exist_ok=True)

    with open(lock, "a+b") as handle:
        fcntl.lockf(handle.fileno(), fcntl.LOCK_EX)
        try:
            result = site.run("build")
        finally:
            fcntl.lockf(handle.fileno(), fcntl.LOCK_UN)
    assert result.returncode == 75, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "another build holds the lock" in lines[0], result.stderr
    assert not (site.public / "atom.xml").exists()

    _ok(site.build())
    assert set(_entries(site)) == {STORM_ID, FARMERS_ID, CYCLING_ID}


@pytest.mark.parametrize("target", ["process", "process-group"])
def test_killed_build_leaves_readable_feeds_and_next_build_recovers(
    site: Site, spawn: Spawn, target: str
) -> None:
    """``kill -9 PID`` (OOM killer, impatient admin) or a whole-group kill (systemd stop)."""
    _configure(site, lock_timeout=2)
    _seed_site(site)
    _ok(site.build())
    previous = _bytes(site)
    keys = _write_generated(site, 3000)
    seen_valid: set[str] = set()

    def check_readable() -> None:
        for name in FEEDS:
            data = (site.public / name).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if data == previous[name] or digest in seen_valid:
                continue
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
            seen_valid.add(digest)

    killed_midway = 0
    for delay in (0.1, 0.2, 0.3, 0.45):
        process = spawn("build", "--quiet")
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and process.poll() is None:
            for name in FEEDS:
                # Readers fetching during the build: always a whole document.
                etree.fromstring((site.public / name).read_bytes())
            time.sleep(0.02)
        if process.poll() is None:
            if target == "process":
                os.kill(process.pid, signal.SIGKILL)
            else:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            killed_midway += 1
        else:
            assert process.returncode == 0, process.communicate()
        check_readable()
        assert _lock_is_free(_lock_path(site), wait=1.0), (
            f"the build lock is still held after the build (pid {process.pid}) was killed "
            f"at {delay} s; processes left in its group: {_group_members(process.pid)}"
        )
    assert killed_midway, "every build finished before its kill: the scenario tested nothing"

    result = site.build()
    assert result.returncode in (0, 1), (result.stdout, result.stderr)
    check_readable()
    rows = _assert_no_duplicates(site)
    active = {row["path"] for row in rows if row["status"] == "active"}
    assert active == set(keys) | {"storm.txt", "farmers.txt", "cycling.txt"}
    # The feed shows the newest 50 (default count): the undated article, dated when first
    # seen, then the 49 latest reports.
    newest = [CYCLING_ID] + [f"{SITE_URL}/reports/{n:04d}-reservoir/" for n in range(2999, 2950, -1)]
    assert [e.id for e in site.atom().entries] == newest
    assert [e.id for e in site.rss().entries] == newest
    assert not list(site.public.glob(".*.tmp")), "a killed build's temporary files remain"


# --- what cron and the operator see ---------------------------------------------------------


def test_no_change_rebuild_writes_nothing_and_lists_nothing(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    files = _files(site)

    registry = _state(site).read_bytes()

    result = _ok(site.run("build", "-v"))

    assert (result.stdout, result.stderr) == ("", "")
    assert _files(site) == files
    assert _state(site).read_bytes() == registry, "nothing is written to the registry either"


def test_verbose_lists_updated_new_and_removed(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())

    site.write("storm.txt", STORM_CORRECTED)
    (site.seeds / "farmers.txt").unlink()
    site.write("world/harbour.txt", (
        "Harbour reopens after two weeks of repairs\n\n"
        "Published: 20 March 2025 08:00 CET\n\n"
        "The harbour reopened to fishing boats on Thursday after two weeks of repairs to its "
        "storm-damaged breakwater, the port authority said.\n\n"
        "Source: Coastal Herald\n"
    ))
    result = _ok(site.run("build", "-v"))

    assert _changes(result.stdout) == [
        "new: world/harbour.txt",
        "removed: farmers.txt",
        "updated: storm.txt",
    ]


def test_quiet_prints_nothing_on_success(site: Site) -> None:
    _seed_site(site)
    first = _ok(site.run("build", "--quiet"))
    assert (first.stdout, first.stderr) == ("", "")

    site.write("storm.txt", STORM_CORRECTED)
    second = _ok(site.run("build", "--quiet"))
    assert (second.stdout, second.stderr) == ("", "")


def test_undated_documents_get_distinct_updated_in_document_order(site: Site) -> None:
    site.write("001_a.txt", CYCLING)
    site.write("002_b.txt", (
        "Library extends opening hours during exam season\n\n"
        "The central library will stay open until midnight for the next six weeks to give "
        "students a quiet place to revise, the city said on Wednesday.\n\n"
        "Extra staff will be hired for the late shifts.\n"
    ))
    _ok(site.build())

    tree = etree.parse(str(site.public / "atom.xml"))
    updated = {
        entry.findtext(f"{ATOM}id"): _when(entry.findtext(f"{ATOM}updated"))
        for entry in tree.iter(f"{ATOM}entry")
    }
    a, b = updated[f"{SITE_URL}/001-a/"], updated[f"{SITE_URL}/002-b/"]
    assert a != b
    assert b > a, "the later document in key order must be the newer"
    assert [e.id for e in site.atom().entries] == [f"{SITE_URL}/002-b/", f"{SITE_URL}/001-a/"]


def test_list_shows_table_and_json_with_removed_status(site: Site) -> None:
    _seed_site(site)
    _ok(site.build())
    (site.seeds / "farmers.txt").unlink()
    _ok(site.build())

    rows = _listing(site)
    assert all(
        set(row) == {"id", "published", "updated", "title", "path", "status"} for row in rows
    ), rows
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {STORM_ID, FARMERS_ID, CYCLING_ID}
    assert by_id[STORM_ID] == {
        "id": STORM_ID,
        "published": "2025-03-03T14:05:00+01:00",
        "updated": "2025-03-03T14:05:00+01:00",
        "title": "Storm knocks out power to thousands along the northern coast",
        "path": "storm.txt",
        "status": "active",
    }
    assert (by_id[FARMERS_ID]["path"], by_id[FARMERS_ID]["status"]) == ("farmers.txt", "removed")
    assert by_id[CYCLING_ID]["status"] == "active"

    header, *table = _ok(site.run("list")).stdout.splitlines()
    assert header.split() == ["id", "published", "updated", "title", "path", "status"]
    for row in rows:
        values = [row[k] for k in ("id", "published", "updated", "title", "path", "status")]
        assert any(_in_order(line, values) for line in table), (values, table)


def _in_order(line: str, values: list[str]) -> bool:
    position = 0
    for value in values:
        found = line.find(value, position)
        if found < 0:
            return False
        position = found + len(value)
    return True


@pytest.mark.parametrize("new_key", ["aaa-new.txt", "zzz-new.txt"])
def test_an_edit_and_a_new_file_with_the_same_text_publish_it_once(
    site: Site, new_key: str
) -> None:
    _seed_site(site)
    _ok(site.build())

    site.write("farmers.txt", STORM_CORRECTED)
    site.write(new_key, STORM_CORRECTED)
    result = _ok(site.build(), 1)

    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "same text as" in lines[0], result.stderr
    texts = [e.content[0].value for e in site.atom().entries]
    assert sum("more than 52,000 homes" in text for text in texts) == 1
    assert len(texts) == 3
    # The next build changes nothing, and lists the copy under -v only.
    files = _files(site)
    again = _ok(site.run("build", "-v"))
    assert (_changes(again.stdout), again.stderr) == ([], "")
    assert "still skipped: " in again.stdout
    assert _files(site) == files


def test_a_file_edited_into_the_text_of_a_removed_entry_brings_that_entry_back(
    site: Site,
) -> None:
    _seed_site(site)
    _ok(site.build())
    before = _entries(site)
    (site.seeds / "storm.txt").unlink()
    _ok(site.build())

    site.write("farmers.txt", STORM)
    result = _ok(site.run("build", "-v"))

    assert _changes(result.stdout) == ["removed: farmers.txt"]
    assert "restored: farmers.txt" in result.stdout.splitlines()
    after = _entries(site)
    assert set(after) == {STORM_ID, CYCLING_ID}
    assert after[STORM_ID] == before[STORM_ID]
