"""``feedpub watch`` as a real subprocess: each change reaches the feeds, bursts are grouped,
SIGTERM finishes the build in progress, a ``git checkout`` or a replaced folder is followed,
a held lock is waited out."""

from __future__ import annotations

import fcntl
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from conftest import Site, assert_valid_atom
from live_process import Live, lock_is_held, running, wait_until

Start = Callable[..., Live]


@pytest.fixture
def start() -> Iterator[Start]:
    with running() as start:
        yield start


def _article(site: Site, name: str, title: str, day: int = 3) -> None:
    site.write(
        name, f"{title}\n\nPublished: {day} March 2025 09:00 UTC\n\nThe council met on {title}.\n"
    )


def _titles(site: Site, feed: str) -> list[str]:
    """The titles of a feed as a reader sees them; [] while it is not there yet."""
    path = site.public / feed
    if not path.exists():
        return []
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return [entry.title for entry in parsed.entries]


def _shows(site: Site, wanted: set[str], gone: frozenset[str] = frozenset()) -> Callable[[], bool]:
    def check() -> bool:
        for feed in ("atom.xml", "rss.xml"):
            titles = set(_titles(site, feed))
            if not wanted <= titles or titles & gone:
                return False
        return True

    return check


def _watch(site: Site, start: Start) -> Live:
    watch = start(site, "watch")
    watch.wait_builds(1)
    return watch


def test_create_edit_rename_delete_each_reach_both_feeds(site: Site, start: Start) -> None:
    _article(site, "desk/roads.txt", "Roads")
    watch = _watch(site, start)
    wait_until(_shows(site, {"Roads"}), "the first build")
    _article(site, "desk/bridges.txt", "Bridges", day=4)
    wait_until(_shows(site, {"Roads", "Bridges"}), "a created document")
    _article(site, "desk/bridges.txt", "Bridges and tunnels", day=4)
    wait_until(_shows(site, {"Bridges and tunnels"}, frozenset({"Bridges"})), "an edited document")
    ids = {entry.id for entry in feedparser.parse((site.public / "atom.xml").read_bytes()).entries}
    (site.seeds / "desk" / "bridges.txt").rename(site.seeds / "moved.txt")
    wait_until(lambda: any("moved 1" in line for line in watch.builds()), "a renamed document")
    after = {entry.id for entry in feedparser.parse((site.public / "atom.xml").read_bytes()).entries}
    assert after == ids  # README: rename or move a file, same text: nothing changes
    (site.seeds / "moved.txt").unlink()
    wait_until(_shows(site, {"Roads"}, frozenset({"Bridges and tunnels"})), "a deleted document")
    assert watch.stop() == 0
    assert_valid_atom((site.public / "atom.xml").read_bytes())


def test_a_burst_of_500_files_is_a_handful_of_builds(site: Site, start: Start) -> None:
    _article(site, "first.txt", "First")
    watch = _watch(site, start)
    before = len(watch.builds())
    for number in range(500):
        _article(site, f"burst/{number % 5}/story-{number:03}.txt", f"Story {number:03}")

    def added() -> int:
        return sum(int(n) for line in watch.builds()[before:] for n in re.findall(r"new (\d+)", line))

    wait_until(lambda: added() >= 500, "the 500 documents")
    builds = len(watch.builds()) - before
    assert 1 <= builds <= 10, watch.builds()[before:]
    assert watch.stop() == 0


def test_sigterm_during_a_build_finishes_it_and_exits_0(site: Site, start: Start) -> None:
    _article(site, "first.txt", "First")
    watch = _watch(site, start)
    for number in range(1500):
        _article(site, f"burst/story-{number:04}.txt", f"Story {number:04}", day=4)
    lock = site.root / ".feedpub" / "state.sqlite3.lock"
    wait_until(lambda: lock_is_held(lock), "a build holding the lock")
    assert watch.stop() == 0
    atom = (site.public / "atom.xml").read_bytes()
    assert_valid_atom(atom)
    titles = _titles(site, "atom.xml")
    # The build in progress was finished, not abandoned: it published what it had.
    assert any(title.startswith("Story") for title in titles)
    assert _titles(site, "rss.xml") == titles


def test_a_git_checkout_of_another_branch_is_followed(site: Site, start: Start) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    seeds = str(site.seeds)

    def run(*args: str) -> None:
        subprocess.run([*git, *args], cwd=seeds, check=True, capture_output=True)

    run("init", "-q", "-b", "main")
    _article(site, "roads.txt", "Roads")
    run("add", ".")
    run("commit", "-q", "-m", "roads")
    run("checkout", "-q", "-b", "other")
    (site.seeds / "roads.txt").unlink()
    _article(site, "desk/bridges.txt", "Bridges")
    run("add", "-A")
    run("commit", "-q", "-m", "bridges")
    run("checkout", "-q", "main")
    watch = _watch(site, start)
    wait_until(_shows(site, {"Roads"}), "the main branch")
    run("checkout", "-q", "other")
    wait_until(_shows(site, {"Bridges"}, frozenset({"Roads"})), "the other branch")
    run("checkout", "-q", "main")
    wait_until(_shows(site, {"Roads"}, frozenset({"Bridges"})), "the main branch again")
    assert watch.stop() == 0


def test_a_replaced_source_folder_is_followed(site: Site, start: Start) -> None:
    _article(site, "roads.txt", "Roads")
    watch = _watch(site, start)
    wait_until(_shows(site, {"Roads"}), "the first build")
    site.seeds.rename(site.root / "old-seeds")
    fresh = site.root / "new-seeds"
    fresh.mkdir()
    shutil.copy(site.root / "old-seeds" / "roads.txt", fresh / "roads.txt")
    (fresh / "bridges.txt").write_text(
        "Bridges\n\nPublished: 4 March 2025 09:00 UTC\n\nThe council met on Bridges.\n",
        encoding="utf-8",
    )
    fresh.rename(site.seeds)
    wait_until(_shows(site, {"Roads", "Bridges"}), "the replaced folder's new document")
    _article(site, "tunnels.txt", "Tunnels", day=5)
    wait_until(_shows(site, {"Tunnels"}), "a document in the replaced folder")
    assert watch.stop() == 0


def test_a_held_lock_is_waited_out(site: Site, start: Start) -> None:
    _article(site, "roads.txt", "Roads")
    watch = _watch(site, start)
    with open(site.root / ".feedpub" / "state.sqlite3.lock", "a+b") as lock:
        fcntl.lockf(lock.fileno(), fcntl.LOCK_EX)
        _article(site, "bridges.txt", "Bridges", day=4)
        wait_until(
            lambda: any("another build holds the lock" in line for line in watch.log()),
            "the watcher to meet the lock",
        )
        assert "Bridges" not in _titles(site, "atom.xml")
        fcntl.lockf(lock.fileno(), fcntl.LOCK_UN)
    wait_until(_shows(site, {"Roads", "Bridges"}), "the build after the lock was released")
    assert watch.stop() == 0


def test_a_scheduled_entry_is_published_when_its_time_comes(site: Site, start: Start) -> None:
    _article(site, "roads.txt", "Roads")
    watch = _watch(site, start)
    wait_until(_shows(site, {"Roads"}), "the first build")
    # No file event will come at publishDate: the watcher builds then by itself.
    soon = (datetime.now(UTC) + timedelta(seconds=4)).replace(microsecond=0)
    site.write(
        "later.txt",
        f"---\ntitle: Bridges\npublishDate: {soon.isoformat()}\n---\n\nThe council met on bridges.\n",
    )
    wait_until(lambda: len(watch.builds()) >= 2, "the build that registers the scheduled entry")
    assert "Bridges" not in _titles(site, "atom.xml")
    wait_until(_shows(site, {"Roads", "Bridges"}), "the scheduled entry")
    assert datetime.now(UTC) >= soon
    assert watch.stop() == 0
