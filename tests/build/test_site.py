"""The whole site a build writes (issue 12): JSON Feed, per-source and per-category feeds, RFC
5005 archives and entry pages, read back as subscribers and browsers read them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest

from feedpub.build import build
from feedpub.config import Config, resolve_paths
from feedpub.validate import check_feed_bytes

from conftest import Site, assert_valid_atom, mtimes, tree

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SITE_URL = "https://news.example.com"
SOURCES = ("The War Zone", "Reuters", "Kyiv Independent")
TAGS = ("Drones", "Ukraine", "Économie & Co")
COUNT, SIZE, DOCUMENTS = 5, 4, 23


def _config(site: Site, **values: object) -> Config:
    base = {"site_url": SITE_URL, "count": COUNT, "archive_size": SIZE}
    return resolve_paths(replace(Config(), **(base | values)), site.root)  # type: ignore[arg-type]


def _write(site: Site, number: int, body: str = "") -> None:
    tags = ", ".join(TAGS[: 1 + number % 3])
    site.write(
        f"story-{number:02d}.txt",
        f"Title: Story {number} & <more>\nDate: 2025-03-{1 + number:02d} 10:00\n"
        f"Author: Jane Doe {number % 2}\nSource: {SOURCES[number % 3]}\nTags: {tags}\n\n"
        f"Story {number} & <more>\n\nParagraph of story {number}. {body}\n",
    )


@pytest.fixture
def built(site: Site) -> tuple[Site, Config]:
    for number in range(DOCUMENTS):
        _write(site, number)
    config = _config(site)
    build(config, NOW)
    return site, config


def _feeds(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name in ("rss.xml", "atom.xml", "feed.json"))


def test_the_three_formats_agree_entry_by_entry(built: tuple[Site, Config]) -> None:
    site, _ = built
    folders = sorted({p.parent for p in _feeds(site.public)})
    assert len(folders) > 10
    for folder in folders:
        rss = feedparser.parse((folder / "rss.xml").read_bytes())
        atom = feedparser.parse((folder / "atom.xml").read_bytes())
        assert rss.bozo == 0 and atom.bozo == 0
        assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
        assert [e.title for e in rss.entries] == [e.title for e in atom.entries]
        assert [e.published_parsed for e in rss.entries] == [e.published_parsed for e in atom.entries]
        assert [e.author for e in rss.entries] == [e.authors[-1].name for e in atom.entries]
        assert [[t.term for t in e.tags] for e in rss.entries] == [
            [t.term for t in e.tags] for e in atom.entries
        ]
        if folder.parent.name == "archive":
            # JSON Feed 1.1 has no archive documents (README, "What comes out").
            assert not (folder / "feed.json").exists()
            continue
        items = json.loads((folder / "feed.json").read_bytes())["items"]
        assert [e.id for e in atom.entries] == [i["id"] for i in items]
        assert [e.title for e in atom.entries] == [i["title"] for i in items]
        assert [e.published for e in atom.entries] == [i["date_published"] for i in items]
        assert [e.updated for e in atom.entries] == [i["date_modified"] for i in items]
        assert [e.author for e in rss.entries] == [i["authors"][0]["name"] for i in items]
        assert [[a.name for a in e.authors] for e in atom.entries] == [
            [a["name"] for a in i["authors"]] for i in items
        ]
        assert [[t.term for t in e.tags] for e in rss.entries] == [i["tags"] for i in items]


def test_json_feed_has_what_json_feed_1_1_requires(built: tuple[Site, Config]) -> None:
    site, _ = built
    feed = json.loads((site.public / "feed.json").read_bytes())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE_URL}/feed.json"
    assert feed["home_page_url"] == f"{SITE_URL}/"
    assert feed["language"] == "en"
    newest = feed["items"][0]
    assert newest["title"] == "Story 22 & <more>"
    assert newest["url"] == newest["id"] == f"{SITE_URL}/story-22/"
    assert newest["summary"].startswith("Paragraph of story 22.")
    assert "Paragraph of story 22." in newest["content_html"]
    assert newest["tags"] == ["Drones", "Ukraine"]
    assert newest["_source"] == {"name": "Reuters"}
    # JSON Feed 1.1 has no archive documents: the archive is Atom and RSS (RFC 5005).
    assert "_history" not in feed
    assert not (site.public / "archive" / "5" / "feed.json").exists()
    assert (site.public / "archive" / "5" / "atom.xml").is_file()
    for path in _feeds(site.public):
        assert check_feed_bytes(path.name, path.read_bytes()) == [], path


def test_every_feed_passes_the_offline_check_and_atom_the_schema(built: tuple[Site, Config]) -> None:
    site, _ = built
    for path in _feeds(site.public):
        assert check_feed_bytes(path.name, path.read_bytes()) == [], path
        if path.name == "atom.xml":
            assert_valid_atom(path.read_bytes())


def _file_of(url: str, public: Path) -> Path:
    assert url.startswith(SITE_URL + "/"), url
    path = unquote(urlsplit(url).path).lstrip("/")
    target = public / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def test_every_link_and_id_in_every_feed_is_a_file(built: tuple[Site, Config]) -> None:
    site, _ = built
    urls: set[str] = set()
    for path in _feeds(site.public):
        if path.name == "feed.json":
            feed = json.loads(path.read_bytes())
            urls.update([feed["home_page_url"], feed["feed_url"]])
            urls.update(url for item in feed["items"] for url in (item["id"], item["url"]))
            continue
        parsed = feedparser.parse(path.read_bytes())
        urls.update(link.href for link in parsed.feed.links)
        urls.update(parsed.feed.link for _ in [0])
        for entry in parsed.entries:
            urls.update([entry.id, entry.link])
    assert len(urls) > 60
    assert [url for url in sorted(urls) if not _file_of(url, site.public).is_file()] == []


def test_every_href_in_every_page_resolves(built: tuple[Site, Config]) -> None:
    site, _ = built
    pages = sorted(site.public.rglob("*.html"))
    assert len(pages) == DOCUMENTS + 1 + len(SOURCES) + len(TAGS)
    for page in pages:
        url = SITE_URL + "/" + str(page.relative_to(site.public)).removesuffix("index.html")
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            target = urljoin(url, href.replace("&amp;", "&"))
            if target.startswith(SITE_URL + "/"):
                assert _file_of(target.split("#")[0], site.public).is_file(), (page, href)


def _walk(public: Path, name: str) -> list[str]:
    """Follow prev-archive from the subscription feed, as an archive-aware reader does."""
    ids: list[str] = []
    url: str | None = f"{SITE_URL}/{name}"
    seen = set()
    while url is not None:
        assert url not in seen
        seen.add(url)
        parsed = feedparser.parse(_file_of(url, public).read_bytes())
        assert parsed.bozo == 0
        ids.extend(entry.id for entry in parsed.entries)
        url = next((link.href for link in parsed.feed.links if link.rel == "prev-archive"), None)
    return ids


@pytest.mark.parametrize("name", ["atom.xml", "rss.xml"])
def test_an_archive_walk_reaches_every_entry_once(built: tuple[Site, Config], name: str) -> None:
    site, _ = built
    ids = _walk(site.public, name)
    assert len(ids) == len(set(ids)) == DOCUMENTS
    assert sorted(ids) == sorted(f"{SITE_URL}/story-{n:02d}/" for n in range(DOCUMENTS))


def test_archive_pages_are_marked_and_linked(built: tuple[Site, Config]) -> None:
    site, _ = built
    first = (site.public / "archive/1/atom.xml").read_text(encoding="utf-8")
    assert '<fh:archive/>' in first and 'xmlns:fh="http://purl.org/syndication/history/1.0"' in first
    assert f'<link href="{SITE_URL}/atom.xml" rel="current"' in first
    assert f'<link href="{SITE_URL}/archive/2/atom.xml" rel="next-archive"' in first
    assert "prev-archive" not in first
    rss = (site.public / "archive/3/rss.xml").read_text(encoding="utf-8")
    assert f'<atom:link href="{SITE_URL}/archive/2/rss.xml" rel="prev-archive"' in rss
    assert "<fh:archive/>" in rss
    oldest = feedparser.parse(first)
    assert [e.title for e in oldest.entries] == [f"Story {n} & <more>" for n in (3, 2, 1, 0)]


def test_each_source_and_category_has_its_feeds(built: tuple[Site, Config]) -> None:
    site, _ = built
    sources = sorted(p.name for p in (site.public / "sources").iterdir())
    assert sources == ["kyiv-independent", "reuters", "the-war-zone"]
    categories = sorted(p.name for p in (site.public / "categories").iterdir())
    assert categories == ["drones", "economie-co", "ukraine"]
    reuters = feedparser.parse((site.public / "sources/reuters/atom.xml").read_bytes())
    assert reuters.feed.title == "feedpub: Reuters"
    assert [e.title for e in reuters.entries] == [f"Story {n} & <more>" for n in (22, 19, 16, 13, 10)]
    economy = feedparser.parse((site.public / "categories/economie-co/rss.xml").read_bytes())
    assert [e.title for e in economy.entries] == [f"Story {n} & <more>" for n in (20, 17, 14, 11, 8)]


def test_source_and_category_feeds_and_pages_can_be_switched_off(site: Site) -> None:
    for number in range(3):
        _write(site, number)
    build(_config(site, source_feeds=False, category_feeds=False, pages=False), NOW)
    assert sorted(tree(site.public)) == ["atom.xml", "feed.json", "rss.xml"]


def test_a_link_template_places_every_page_at_its_link(site: Site) -> None:
    for number in range(3):
        _write(site, number)
    build(_config(site, link_template="{site_url}/{year}/{month}/{slug}/"), NOW)
    atom = feedparser.parse((site.public / "atom.xml").read_bytes())
    assert atom.entries[0].link == f"{SITE_URL}/2025/03/story-02/"
    assert atom.entries[0].id == f"{SITE_URL}/story-02/"
    assert (site.public / "2025/03/story-02/index.html").is_file()


def test_icon_and_logo_reach_every_format(site: Site) -> None:
    _write(site, 1)
    icon, logo = "https://cdn.example.com/icon.png", "https://cdn.example.com/logo.png"
    build(_config(site, icon=icon, logo=logo), NOW)
    atom = (site.public / "atom.xml").read_text(encoding="utf-8")
    assert f"<icon>{icon}</icon>" in atom and f"<logo>{logo}</logo>" in atom
    rss = feedparser.parse((site.public / "rss.xml").read_bytes())
    assert rss.feed.image.href == logo
    feed = json.loads((site.public / "feed.json").read_bytes())
    assert (feed["icon"], feed["favicon"]) == (logo, icon)


def test_the_build_knows_the_feed_files_the_renderers_write() -> None:
    from feedpub.build._build import _file_names
    from feedpub.render import FILE_NAMES

    assert _file_names() == tuple(FILE_NAMES.values())


def test_a_build_with_nothing_changed_moves_no_mtime(built: tuple[Site, Config]) -> None:
    site, config = built
    before = mtimes(site.public)
    report = build(config, NOW)
    assert report.written == ()
    assert mtimes(site.public) == before


def test_one_edit_rewrites_exactly_the_files_that_list_the_entry(built: tuple[Site, Config]) -> None:
    site, config = built
    before = tree(site.public)
    times = mtimes(site.public)
    # Story 9 is in archive page 3 (numbers 8-11) and among the five newest of The War Zone
    # (21, 18, 15, 12, 9); not among the five newest tagged Drones (every story is).
    _write(site, 9, body="A correction.")
    report = build(config, NOW)
    feeds = ("rss.xml", "atom.xml", "feed.json")
    expected = sorted(
        ["story-09/index.html"]
        + [f"archive/3/{name}" for name in ("rss.xml", "atom.xml")]
        + [f"sources/the-war-zone/{name}" for name in (*feeds, "index.html")]
    )
    assert list(report.written) == expected
    after = mtimes(site.public)
    assert sorted(name for name in after if after[name] != times[name]) == expected
    assert b"A correction." in (site.public / "archive/3/atom.xml").read_bytes()
    assert b"A correction." not in before["archive/3/atom.xml"]


def test_a_new_entry_fills_the_newest_archive_page_and_leaves_full_pages_alone(
    built: tuple[Site, Config],
) -> None:
    site, config = built
    times = mtimes(site.public)
    _write(site, DOCUMENTS)
    build(config, NOW)
    after = mtimes(site.public)
    changed = {name for name in after if after[name] != times.get(name)}
    # Story 18 leaves the subscription feeds for archive page 5, the newest.
    assert not any(name.startswith(("archive/1/", "archive/2/", "archive/3/", "archive/4/")) for name in changed)
    assert {"archive/5/atom.xml", "atom.xml", f"story-{DOCUMENTS}/index.html", "index.html"} <= changed


def test_a_deleted_document_takes_its_page_along(built: tuple[Site, Config]) -> None:
    site, config = built
    (site.seeds / "story-09.txt").unlink()
    report = build(config, NOW)
    assert "story-09/index.html" in report.written
    assert not (site.public / "story-09/index.html").exists()
    assert "/story-09/" not in (site.public / "archive/3/atom.xml").read_text(encoding="utf-8")
    _write(site, 9)
    build(config, NOW)
    assert (site.public / "story-09/index.html").is_file()
    assert len(_walk(site.public, "atom.xml")) == DOCUMENTS


def test_a_draft_has_no_page_and_is_in_no_feed(built: tuple[Site, Config]) -> None:
    site, config = built
    site.write(
        "draft.md",
        "---\ntitle: Secret draft\ndate: 2025-03-30\ntags: [Drones]\ndraft: true\n---\n\n"
        "Body of the draft.\n",
    )
    build(config, NOW)
    assert not (site.public / "draft").exists()
    assert all(b"Secret draft" not in data for data in tree(site.public).values())
    site.write(
        "draft.md",
        "---\ntitle: Secret draft\ndate: 2025-03-30\ntags: [Drones]\n---\n\nBody of the draft.\n",
    )
    build(config, NOW)
    assert (site.public / "draft/index.html").is_file()
    assert b"Secret draft" in (site.public / "categories/drones/atom.xml").read_bytes()


def test_entries_sharing_an_instant_are_apart_in_the_feeds_and_show_it_on_their_pages(
    site: Site,
) -> None:
    # SPEC.md §3: the registry moves two of the three by seconds, for the feeds only; the
    # pages show the stated instant, so each entry is rendered once, where it is parsed.
    for name in ("a", "b", "c"):
        site.write(f"{name}.txt", f"Title: Story {name}\nDate: 2025-03-02 10:00 UTC\n\nText {name}.\n")
    config = _config(site)
    build(config, NOW)
    atom = feedparser.parse((site.public / "atom.xml").read_bytes())
    instants = sorted(entry.updated for entry in atom.entries)
    assert instants == [f"2025-03-02T10:00:0{second}+00:00" for second in range(3)]
    for name in ("a", "b", "c"):
        page = (site.public / name / "index.html").read_text(encoding="utf-8")
        assert '<time datetime="2025-03-02T10:00:00+00:00">' in page
    pages = {name: data for name, data in tree(site.public).items() if name.endswith("/index.html")}
    # A new fingerprint renders every entry again from its registry row: the same pages.
    report = build(replace(config, hubs=("https://hub.example.com/",)), NOW)
    assert report.written and not [name for name in report.written if name in pages]
    assert {name: tree(site.public)[name] for name in pages} == pages
