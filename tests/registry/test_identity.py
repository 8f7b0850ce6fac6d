"""An entry's identity goes with its text (README, "What a rebuild promises"): renames,
rotations, swaps, copies and edits between two cron builds, read back as subscribers do.

Each test is one row of the README's table: real ``feedpub`` processes on real files, with
the exact stderr and exit code, and the ids, titles and dates that feedparser reads.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedpub.model import ArticleFacts
from feedpub.registry import Changed, Registry

from conftest import Site

SITE_URL = "https://news.example.org"


def _article(title: str, day: int, body: str = "The council met on the day.") -> str:
    return (
        f"{title}\n\nPublished: {day} March 2025 09:00 UTC\n\n{body}\n\n"
        "It said more would follow next week.\n"
    )


MONDAY = _article("Monday: rail strike closes the northern line", 3)
TUESDAY = _article("Tuesday: talks resume as the strike enters day two", 4)
WEDNESDAY = _article("Wednesday: unions accept a new offer", 5)


def _build(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    (site.root / "feedpub.toml").write_text(f'site_url = "{SITE_URL}"\n', encoding="utf-8")
    return site.run("build", "--quiet", *args)


def _ok(site: Site) -> None:
    result = _build(site)
    assert (result.returncode, result.stderr) == (0, ""), result


def _entries(site: Site) -> dict[str, tuple[str, str, str]]:
    """Map each Atom entry's title to (id, published, updated); RSS must agree on ids."""
    atom = site.atom()
    rss_ids = sorted(e.id for e in site.rss().entries)
    assert sorted(e.id for e in atom.entries) == rss_ids
    titles = [e.title for e in atom.entries]
    assert len(titles) == len(set(titles)), f"an article is shown twice: {titles}"
    return {e.title: (e.id, e.published, e.updated) for e in atom.entries}


def _title(text: str) -> str:
    return text.split("\n", 1)[0]


def test_rename_keeps_the_id_and_dates(site: Site) -> None:
    site.write("latest.txt", MONDAY)
    _ok(site)
    before = _entries(site)
    os.rename(site.seeds / "latest.txt", site.seeds / "2025-03-03.txt")
    _ok(site)
    assert _entries(site) == before


def test_rotation_keeps_the_old_story_and_publishes_the_new_one_under_a_new_id(
    site: Site,
) -> None:
    site.write("latest.txt", MONDAY)
    _ok(site)
    monday = _entries(site)[_title(MONDAY)]
    assert monday[0] == f"{SITE_URL}/latest/"

    os.rename(site.seeds / "latest.txt", site.seeds / "2025-03-03.txt")
    site.write("latest.txt", TUESDAY)
    result = _build(site, "-v")
    assert result.returncode == 0 and result.stderr == "", result
    assert "moved: 2025-03-03.txt\n" in result.stdout
    assert "new: latest.txt\n" in result.stdout
    entries = _entries(site)
    assert entries[_title(MONDAY)] == monday
    assert entries[_title(TUESDAY)][0] == f"{SITE_URL}/latest-2/"

    # Nothing comes back under another id on the next builds, and the next rotation works too.
    _ok(site)
    assert _entries(site) == entries
    os.rename(site.seeds / "latest.txt", site.seeds / "2025-03-04.txt")
    site.write("latest.txt", WEDNESDAY)
    _ok(site)
    after = _entries(site)
    assert after[_title(MONDAY)] == monday
    assert after[_title(TUESDAY)] == entries[_title(TUESDAY)]
    assert after[_title(WEDNESDAY)][0] == f"{SITE_URL}/latest-3/"


def test_swapping_two_files_texts_swaps_nothing_for_readers(site: Site) -> None:
    site.write("a.txt", MONDAY)
    site.write("b.txt", TUESDAY)
    _ok(site)
    before = _entries(site)
    site.write("a.txt", TUESDAY)
    site.write("b.txt", MONDAY)
    result = _build(site, "-v")
    assert result.returncode == 0 and result.stderr == "", result
    assert result.stdout.count("moved: ") == 2
    assert _entries(site) == before


def test_a_copy_of_a_published_file_is_refused_by_name(site: Site) -> None:
    site.write("a.txt", MONDAY)
    _ok(site)
    before = _entries(site)
    site.write("copy.txt", MONDAY)
    result = _build(site)
    assert result.returncode == 1
    assert result.stderr == (
        "feedpub: seeds/copy.txt: skipped: same text as a.txt, which is published\n"
    )
    assert _entries(site) == before


def test_a_rename_and_a_copy_in_one_build_move_the_entry_once(site: Site) -> None:
    site.write("a.txt", MONDAY)
    _ok(site)
    before = _entries(site)
    os.rename(site.seeds / "a.txt", site.seeds / "c.txt")
    site.write("d.txt", MONDAY)
    result = _build(site)
    assert result.returncode == 1
    assert result.stderr == (
        "feedpub: seeds/d.txt: skipped: same text as c.txt, which is published\n"
    )
    assert _entries(site) == before


def test_edit_in_place_keeps_the_id_and_moves_updated(site: Site) -> None:
    site.write("a.txt", MONDAY)
    _ok(site)
    (entry_id, published, updated) = _entries(site)[_title(MONDAY)]
    site.write("a.txt", MONDAY.replace("met on the day", "met late on the day"))
    _ok(site)
    now = _entries(site)[_title(MONDAY)]
    assert now[:2] == (entry_id, published)
    assert now[2] > updated


def test_edit_then_rename_keeps_the_id_and_moves_updated(site: Site) -> None:
    site.write("draft.txt", MONDAY)
    site.write("other.txt", TUESDAY)
    _ok(site)
    before = _entries(site)
    os.remove(site.seeds / "draft.txt")
    site.write("2025-03-03.txt", MONDAY.replace("met on the day", "met late on the day"))
    result = _build(site, "-v")
    assert result.returncode == 0 and result.stderr == "", result
    assert "updated: 2025-03-03.txt\n" in result.stdout
    assert "removed:" not in result.stdout and "new:" not in result.stdout
    entry_id, published, updated = _entries(site)[_title(MONDAY)]
    assert (entry_id, published) == before[_title(MONDAY)][:2]
    assert updated > before[_title(MONDAY)][2]
    assert _entries(site)[_title(TUESDAY)] == before[_title(TUESDAY)]


def test_rotation_where_the_old_story_was_also_edited(site: Site) -> None:
    site.write("latest.txt", MONDAY)
    _ok(site)
    monday_id = _entries(site)[_title(MONDAY)][0]
    os.remove(site.seeds / "latest.txt")
    site.write("2025-03-03.txt", MONDAY.replace("met on the day", "met late on the day"))
    site.write("latest.txt", TUESDAY)
    _ok(site)
    entries = _entries(site)
    assert entries[_title(MONDAY)][0] == monday_id
    assert entries[_title(TUESDAY)][0] == f"{SITE_URL}/latest-2/"


def test_an_explicit_id_that_holds_a_file_names_id_pushes_that_file_to_a_suffix(
    site: Site,
) -> None:
    site.write("a.txt", f"Id: {SITE_URL}/zzz/\n\n{MONDAY}")
    site.write("zzz.txt", TUESDAY)
    _ok(site)
    entries = _entries(site)
    assert entries[_title(MONDAY)][0] == f"{SITE_URL}/zzz/"
    assert entries[_title(TUESDAY)][0] == f"{SITE_URL}/zzz-2/"
    _ok(site)
    assert _entries(site) == entries


def test_an_explicit_id_held_by_another_entry_is_refused_by_name(site: Site) -> None:
    site.write("a.txt", MONDAY)
    site.write("b.txt", f"Id: {SITE_URL}/a/\n\n{TUESDAY}")
    site.write("c.txt", f"Id: {SITE_URL}/a/\n\n{WEDNESDAY}")
    result = _build(site)
    assert result.returncode == 1
    assert result.stderr == (
        f"feedpub: seeds/b.txt: skipped: id {SITE_URL}/a/ is already used by a.txt\n"
        f"feedpub: seeds/c.txt: skipped: id {SITE_URL}/a/ is already used by a.txt\n"
    )
    assert set(_entries(site)) == {_title(MONDAY)}
    # Reported once; the next builds list the refusals under -v only.
    result = _build(site, "-v")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"still skipped: seeds/b.txt: id {SITE_URL}/a/ is already used by a.txt",
        f"still skipped: seeds/c.txt: id {SITE_URL}/a/ is already used by a.txt",
    ]
    assert set(_entries(site)) == {_title(MONDAY)}


def test_many_documents_asking_for_one_slug_cost_a_query_each(tmp_path: Path) -> None:
    """Slug probing is constant work per document, not a query per suffix already taken."""
    path = tmp_path / "state.sqlite3"
    with Registry.open(path) as registry:
        registry.begin()
        statements: list[str] = []
        registry._db.set_trace_callback(statements.append)
        slugs = []
        when = datetime(2025, 3, 3, tzinfo=UTC)
        facts = ArticleFacts("t", when, when, None, "f")
        for number in range(2000):
            slug = registry.free_slug("story")
            slugs.append(slug)
            registry.insert(
                f"{SITE_URL}/{slug}/", slug, Changed(f"{number}.txt", 1, 1), f"d{number}",
                when, number, facts,
            )
        registry._db.set_trace_callback(None)
        registry.commit()
    assert slugs[:3] == ["story", "story-2", "story-3"]
    assert len(set(slugs)) == 2000
    assert len([s for s in statements if "slug" in s]) <= 3 * 2000
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(DISTINCT slug) FROM documents").fetchone()[0] == 2000


@pytest.mark.parametrize("fresh", [True, False])
def test_many_entries_wanting_one_instant_cost_constant_work_each(
    tmp_path: Path, fresh: bool
) -> None:
    """Edits dated "now" all want the same second: each search resumes where the last ended."""
    when = datetime(2025, 3, 3, tzinfo=UTC)
    facts = ArticleFacts("t", when, when, None, "f")
    with Registry.open(tmp_path / "state.sqlite3") as registry:
        if not fresh:
            registry.begin()
            registry.insert(f"{SITE_URL}/seed/", "seed", Changed("seed.txt", 1, 1), "d", when,
                            (when, when - timedelta(days=1)), facts)
            registry.commit()
        registry.begin()
        statements: list[str] = []
        registry._db.set_trace_callback(statements.append)
        instants = []
        for number in range(3000):
            entry_id = f"{SITE_URL}/{number}/"
            instant = registry.unique_instant(when, entry_id)
            instants.append(instant)
            registry.insert(entry_id, str(number), Changed(f"{number}.txt", 1, 1), f"d{number}",
                            when, (instant, instant), facts)
        registry._db.set_trace_callback(None)
        registry.commit()
    assert instants[:3] == [when, when + timedelta(seconds=1), when + timedelta(seconds=2)]
    assert len(set(instants)) == 3000
    searches = [s for s in statements if "updated_ts" in s and s.startswith("SELECT")]
    # One query a search at most (the old search from the wanted second made 70,000 here).
    assert len(searches) <= 3000 + 1
