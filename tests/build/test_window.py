"""Drafts, publishDate and expiryDate decide at every build's ``now`` which entries subscribers
get (SPEC.md §1, Header block; README, "Drafts and scheduled articles"), read with feedparser."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from feedpub.build import build
from feedpub.config import Config, resolve_paths

from conftest import Site, assert_valid_atom

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _config(site: Site) -> Config:
    return resolve_paths(replace(Config()), site.root)


def _post(title: str, *front: str) -> str:
    lines = "".join(f"{line}\n" for line in front)
    return f'---\ntitle: "{title}"\ndate: 2026-11-20T08:00:00Z\n{lines}---\n\n{title}: the text.\n'


def _titles(site: Site) -> list[str]:
    titles = [entry.title for entry in site.rss().entries]
    assert titles == [entry.title for entry in site.atom().entries]
    assert_valid_atom((site.public / "atom.xml").read_bytes())
    return titles


def test_a_draft_is_not_published_and_is_named_at_verbose(site: Site) -> None:
    site.write("draft.md", _post("Draft", "draft: true"))
    site.write("ready.md", _post("Ready", "draft: false"))
    report = build(_config(site), NOW)
    assert _titles(site) == ["Ready"]
    assert "draft (not published): draft.md" in report.notes
    assert report.added == ("ready.md",)


def test_a_published_entry_that_becomes_a_draft_leaves_the_feeds(site: Site) -> None:
    site.write("a.md", _post("First"))
    site.write("b.md", _post("Second", "date: 2026-11-21T08:00:00Z"))
    build(_config(site), NOW)
    assert _titles(site) == ["Second", "First"]
    ids = {entry.title: entry.id for entry in site.rss().entries}
    site.write("a.md", _post("First", "draft: yes"))
    build(_config(site), NOW + DAY)
    assert _titles(site) == ["Second"]
    site.write("a.md", _post("First"))
    build(_config(site), NOW + 2 * DAY)
    assert {entry.title: entry.id for entry in site.rss().entries} == ids


def test_pelican_status_draft_hidden_and_skip_are_not_published(site: Site) -> None:
    for status in ("draft", "hidden", "skip", "published"):
        site.write(f"{status}.md", f"Title: Status {status}\nDate: 2026-11-20\nStatus: {status}\n\nText.\n")
    build(_config(site), NOW)
    assert _titles(site) == ["Status published"]


def test_a_scheduled_entry_appears_on_the_first_build_after_its_time(site: Site) -> None:
    site.write("now.md", _post("Out now"))
    # No date: the publishDate is the date (Hugo's fallback).
    site.write("later.md", f"---\ntitle: Embargoed\npublishDate: {(NOW + DAY).isoformat()}\n---\n\nText.\n")
    config = _config(site)
    build(config, NOW)
    assert _titles(site) == ["Out now"]
    # Nothing changed and the time has not come: nothing is written.
    assert build(config, NOW + DAY / 2).written == ()
    assert _titles(site) == ["Out now"]
    report = build(config, NOW + DAY + timedelta(minutes=5))
    assert report.written and report.added == ()
    rss = site.rss()
    assert [entry.title for entry in rss.entries] == ["Embargoed", "Out now"]
    # Dated by its publishDate, the date it was published, not when the file was found.
    assert rss.entries[0].published_parsed[:5] == (2026, 11, 26, 10, 0)
    assert build(config, NOW + 2 * DAY).written == ()


def test_an_expired_entry_is_withdrawn_without_a_file_change(site: Site) -> None:
    site.write("kept.md", _post("Kept"))
    site.write("offer.md", _post("Offer", f"expirydate: {(NOW + DAY).isoformat()}"))
    config = _config(site)
    build(config, NOW)
    assert sorted(_titles(site)) == ["Kept", "Offer"]
    build(config, NOW + 2 * DAY)
    assert _titles(site) == ["Kept"]


def test_an_already_expired_document_is_noted_and_not_published(site: Site) -> None:
    site.write("old.md", _post("Old", "expiryDate: 2026-01-01"))
    report = build(_config(site), NOW)
    assert _titles(site) == []
    assert "expired (withdrawn since 2026-01-01T00:00:00+00:00): old.md" in report.notes


def test_front_matter_slugs_name_the_entry_link(site: Site) -> None:
    site.write("posts/2025-02-01-welcome-to-jekyll.md", "---\ntitle: Welcome\n---\nHello.\n")
    site.write("posts/b.md", _post("Slugged", "slug: Mon Article Préféré"))
    site.write("c.md", _post("Pathed", "url: /news/ferry-timetable/"))
    build(_config(site), NOW)
    links = {entry.title: entry.link for entry in site.rss().entries}
    assert links == {
        "Welcome": "https://example.org/posts/welcome-to-jekyll/",
        "Slugged": "https://example.org/posts/mon-article-prefere/",
        "Pathed": "https://example.org/news/ferry-timetable/",
    }
    welcome = next(e for e in site.atom().entries if e.title == "Welcome")
    assert welcome.published_parsed[:3] == (2025, 2, 1)


def test_an_edit_to_the_front_matter_is_an_update(site: Site) -> None:
    site.write("a.md", _post("Tagged", "tags: [one]"))
    build(_config(site), NOW)
    site.write("a.md", _post("Tagged", "tags: [one, two]"))
    report = build(_config(site), NOW + DAY)
    assert report.updated == ("a.md",)
    (entry,) = site.atom().entries
    assert [tag.term for tag in entry.tags] == ["one", "two"]


def test_a_site_whose_only_entry_is_scheduled_publishes_it_in_time(site: Site) -> None:
    site.write("later.md", _post("Later", f"publishDate: {(NOW + DAY).isoformat()}"))
    build(_config(site), NOW)
    assert _titles(site) == []
    build(_config(site), NOW + 2 * DAY)
    assert _titles(site) == ["Later"]


def test_verbose_build_names_the_draft(site: Site) -> None:
    site.write("draft.md", _post("Draft", "draft: true"))
    site.write("ready.md", _post("Ready"))
    result = site.run("build", "-v")
    assert result.returncode == 0, result.stderr
    assert "note: draft (not published): draft.md" in result.stdout.splitlines()
    assert "new: ready.md" in result.stdout.splitlines()
    assert "new: draft.md" not in result.stdout


def test_build_summary_counts_only_what_the_feeds_show(site: Site) -> None:
    site.write("draft.md", _post("Draft", "draft: true"))
    site.write("ready.md", _post("Ready"))
    result = site.run("build")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 entries published, 1 changed, 0 skipped; feeds written\n"


def test_front_matter_dated_in_the_future_waits_for_its_date(site: Site) -> None:
    site.write("soon.md", f"---\ntitle: Soon\ndate: {(NOW + DAY).isoformat()}\n---\n\nText.\n")
    # A Key: value header (Pelican's) publishes a date ahead of time, as Pelican does.
    site.write("plain.md", f"Title: Plain\nDate: {(NOW + DAY / 2).isoformat()}\n\nText.\n")
    config = _config(site)
    report = build(config, NOW)
    assert _titles(site) == ["Plain"]
    assert f"scheduled (not published before {(NOW + DAY).isoformat()}): soon.md" in report.notes
    build(config, NOW + 2 * DAY)
    assert _titles(site) == ["Soon", "Plain"]
