"""End to end: the shipped seed and small sites built in-process, read as subscribers read them."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from feedpub.build import build
from feedpub.config import Config, resolve_paths
from feedpub.errors import PublishError

from conftest import REPO, SEED, Site, assert_valid_atom, read_feed, tree

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SEED_TITLE = "Mexican cartels are reportedly using the war in Ukraine to train with FPV drones"
MEDIA = "{http://search.yahoo.com/mrss/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _config(site: Site, **values: object) -> Config:
    return resolve_paths(replace(Config(), **values), site.root)  # type: ignore[arg-type]


def _seeded(site: Site) -> Config:
    shutil.copy(SEED, site.seeds / SEED.name)
    return _config(site)


def test_seed_publishes_its_title_credits_and_body(site: Site) -> None:
    build(_seeded(site), NOW)
    for parsed in (site.rss(), site.atom()):
        (entry,) = parsed.entries
        assert entry.title == SEED_TITLE
        content = entry.content[0].value
        assert "Source: The War Zone" in content
        assert "Photo: X @DefenceU" in content
        assert "This content was created with the help of AI and reviewed by the editorial team" in content
        assert "Back to top" not in content
        assert content.count("Mexican cartels reportedly using war in Ukraine") == 1
        assert content.count("Intelligence agencies from Mexico") == 1
        assert entry.link == "https://example.org/000-51ddf44c89690912/"
        assert entry.id == "https://example.org/000-51ddf44c89690912/"
        assert entry.summary.startswith("Intelligence agencies from Mexico and Ukraine")
        assert entry.published_parsed[:6] == (2026, 11, 25, 10, 0, 0)


def test_seed_rss_carries_media_credit_and_no_source_without_url(site: Site) -> None:
    build(_seeded(site), NOW)
    item = etree.parse(str(site.public / "rss.xml")).find("channel/item")
    credit = item.find(f"{MEDIA}credit")
    assert credit is not None and credit.text == "X @DefenceU"
    assert credit.get("role") == "photographer"
    # RSS 2.0 <source> requires url: only written when the source's URL is known.
    assert item.find("source") is None
    assert item.find("guid").get("isPermaLink") == "true"


def test_source_url_from_config_gives_rss_source(site: Site) -> None:
    shutil.copy(SEED, site.seeds / SEED.name)
    build(_config(site, sources=(("The War Zone", "https://www.twz.com"),)), NOW)
    item = etree.parse(str(site.public / "rss.xml")).find("channel/item")
    assert item.find("source").get("url") == "https://www.twz.com"
    assert item.find("source").text == "The War Zone"
    assert 'href="https://www.twz.com"' in site.rss().entries[0].content[0].value


def test_authors_are_dc_creator_and_atom_author(site: Site) -> None:
    site.write("a.txt", "Storm hits the coast\n\nBy Jane Doe and John Roe\n\nThe storm arrived at dawn.\n")
    build(_config(site), NOW)
    item = etree.parse(str(site.public / "rss.xml")).find("channel/item")
    assert [c.text for c in item.findall(f"{DC}creator")] == ["Jane Doe and John Roe"]
    assert [a.name for a in site.atom().entries[0].authors] == ["Jane Doe", "John Roe"]


def test_feed_level_fields_and_self_links(site: Site) -> None:
    build(_seeded(site), NOW)
    rss, atom = site.rss(), site.atom()
    assert rss.feed.link == "https://example.org/"
    self_links = [link.href for link in atom.feed.links if link.rel == "self"]
    assert self_links == ["https://example.org/atom.xml"]
    assert [link.href for link in rss.feed.links if link.rel == "self"] == ["https://example.org/rss.xml"]
    assert rss.feed.language == "en"
    assert atom.feed.generator == "feedpub"
    # lastBuildDate and <updated> come from the entries, never from the clock.
    assert atom.feed.updated_parsed == atom.entries[0].updated_parsed


def test_two_builds_give_identical_bytes(site: Site, tmp_path: Path) -> None:
    config = _seeded(site)
    build(config, NOW)
    first = tree(site.public)
    shutil.rmtree(site.public)
    build(config, datetime(2027, 1, 1, tzinfo=UTC))
    assert tree(site.public) == first


def test_atom_is_valid_against_rfc4287_schema(site: Site) -> None:
    build(_seeded(site), NOW)
    assert_valid_atom((site.public / "atom.xml").read_bytes())


def test_bad_document_is_skipped_and_others_publish(site: Site) -> None:
    shutil.copy(SEED, site.seeds / SEED.name)
    site.write("empty.txt", "   \n\n")
    site.write("title_only.txt", "Just a title\n")
    report = build(_config(site), NOW)
    assert {(p.key, p.reason) for p in report.problems} == {
        ("empty.txt", "empty document"),
        ("title_only.txt", "no body text (only a title)"),
    }
    assert [e.title for e in site.rss().entries] == [SEED_TITLE]


def test_newest_first_and_count_limit(site: Site) -> None:
    for day in range(1, 6):
        site.write(f"d{day}.txt", f"Day {day} news\n\nMarch {day}, 2025\n\nSomething happened on day {day}.\n")
    build(_config(site, count=3), NOW)
    titles = [e.title for e in read_feed(site.public / "atom.xml").entries]
    assert titles == ["Day 5 news", "Day 4 news", "Day 3 news"]


def test_same_day_dates_get_distinct_updated_instants(site: Site) -> None:
    for name in ("a", "b", "c"):
        site.write(f"{name}.txt", f"Story {name}\n\nMarch 3, 2025\n\nText of story {name}.\n")
    build(_config(site), NOW)
    updated = [e.updated for e in site.atom().entries]
    assert updated == ["2025-03-03T00:00:02+00:00", "2025-03-03T00:00:01+00:00", "2025-03-03T00:00:00+00:00"]


def test_seed_matches_golden_files(tmp_path: Path) -> None:
    """tests/data/golden/ changes only through scripts/update_golden.py (STYLE.md, Tests)."""
    sys.path.insert(0, str(REPO / "scripts"))
    from update_golden import GOLDEN, build_golden

    build_golden(tmp_path)
    for name in ("rss.xml", "atom.xml"):
        assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes(), name


def test_feed_overwritten_by_hand_is_rendered_again(site: Site) -> None:
    config = _seeded(site)
    build(config, NOW)
    good = (site.public / "rss.xml").read_bytes()
    (site.public / "rss.xml").write_text("oops")
    report = build(config, NOW)
    assert report.written == ("rss.xml",)
    assert (site.public / "rss.xml").read_bytes() == good


def test_check_refuses_invalid_new_feeds_and_keeps_old(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _seeded(site)
    build(config, NOW)
    before = tree(site.public)
    site.write("second.txt", "A second story\n\nIt has a body.\n")
    monkeypatch.setattr(
        "feedpub.validate.check_feed_bytes", lambda name, _data: [f"{name}: line 3: broken"]
    )
    with pytest.raises(PublishError, match=r"fail the check: rss.xml: line 3: broken \(and 2 more\)"):
        build(config, NOW, check=True)
    assert tree(site.public) == before
    monkeypatch.undo()
    build(config, NOW, check=True)
    assert len(site.rss().entries) == 2


def test_many_same_day_documents_get_consecutive_seconds(site: Site) -> None:
    # More than one look-up window (64 s) of documents dated to the same day.
    for number in range(70):
        site.write(f"{number:03d}.txt", f"Story {number}\n\nMarch 3, 2025\n\nText {number}.\n")
    build(_config(site, count=100), NOW)
    entries = site.atom().entries
    assert len({e.updated for e in entries}) == 70
    newest, oldest = entries[0], entries[-1]
    assert (newest.title, newest.updated) == ("Story 69", "2025-03-03T00:01:09+00:00")
    assert (oldest.title, oldest.updated) == ("Story 0", "2025-03-03T00:00:00+00:00")


def test_undated_document_is_dated_when_it_arrived(site: Site) -> None:
    arrived = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    unzipped = datetime(1980, 1, 1, tzinfo=UTC)
    for name, mtime in (("a.txt", arrived), ("b.txt", unzipped)):
        path = site.write(name, f"Story {name}\n\nA body for {name}.\n")
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    build(_config(site), NOW)
    dates = {e.title: e.published for e in site.atom().entries}
    # Its mtime when first seen; an implausible one (1980, as unzipped archives say) is now.
    assert dates == {"Story a.txt": "2026-11-20T08:30:00+00:00", "Story b.txt": "2026-11-25T10:00:00+00:00"}
    later = datetime(2026, 12, 1, tzinfo=UTC)
    build(_config(site), later)
    assert {e.title: e.published for e in site.atom().entries} == dates
