"""Markdown documents built end to end and read back as subscribers read them: every link and
image absolute, every heading kept, summaries without Markdown, Atom valid (RFC 4287 schema)."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

from feedpub.build import build
from feedpub.build._render import image_length
from feedpub.config import Config, resolve_paths

from conftest import DATA, Site, assert_valid_atom, read_feed

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SITE_URL = "https://news.example.com"
MARKDOWN = DATA / "markdown"
ATOM = "{http://www.w3.org/2005/Atom}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.headings: list[str] = []
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value or "" for name, value in attrs if name in ("href", "src"))
        self._heading = tag in ("h1", "h2", "h3", "h4", "h5", "h6")

    def handle_data(self, data: str) -> None:
        if self._heading:
            self.headings.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._heading = self._heading and tag not in ("h1", "h2", "h3", "h4", "h5", "h6")


def _build(site: Site) -> None:
    for path in MARKDOWN.glob("*.md*"):
        shutil.copy(path, site.seeds / path.name)
    build(resolve_paths(replace(Config(), site_url=SITE_URL), site.root), NOW)


def _contents(site: Site) -> dict[str, str]:
    """Return each Atom entry's content HTML as written, by entry link."""
    feed = etree.parse(str(site.public / "atom.xml")).getroot()
    return {
        entry.find(f"{ATOM}link").get("href"): entry.findtext(f"{ATOM}content")
        for entry in feed.iter(f"{ATOM}entry")
    }


def test_links_and_images_are_absolute_against_the_entry_link(site: Site) -> None:
    _build(site)
    links = _Links()
    links.feed(_contents(site)[f"{SITE_URL}/links/"])
    assert links.urls == [
        "https://example.gov/reports/2025/water.pdf",
        f"{SITE_URL}/links/summary/",
        f"{SITE_URL}/methods/water.html",
        "mailto:press@example.gov",
        "mailto:press@example.gov",
        "https://data.example.gov/water",
        "https://news.example.com/2024/water-dispute/",
        f"{SITE_URL}/maps/basin.html#north",
    ]
    images = _Links()
    images.feed(_contents(site)[f"{SITE_URL}/images/"])
    assert images.urls == [
        "https://cdn.example.com/photos/storm-2025.jpg", f"{SITE_URL}/images/photos/harbour.png",
    ]


def test_every_url_in_every_entry_is_absolute_and_safe(site: Site) -> None:
    _build(site)
    for link, html in _contents(site).items():
        urls = _Links()
        urls.feed(html)
        for url in urls.urls:
            assert url.startswith(("https://", "http://", "mailto:")), (link, url)


def test_feedparser_reads_back_every_link_and_heading(site: Site) -> None:
    _build(site)
    for parsed in (site.rss(), site.atom()):
        entries = {entry.link: entry for entry in parsed.entries}
        assert len(entries) == len(list(MARKDOWN.glob("*.md*")))
        headings = _Links()
        headings.feed(entries[f"{SITE_URL}/headings/"].content[0].value)
        assert headings.headings == ["What changes", "Timeline", "Reactions"]
        links = _Links()
        links.feed(entries[f"{SITE_URL}/links/"].content[0].value)
        assert f"{SITE_URL}/links/summary/" in links.urls
        assert f"{SITE_URL}/maps/basin.html#north" in links.urls
        for entry in entries.values():
            for mark in ("**", "](", "![", "`", "~~", "# "):
                if "hostile" not in entry.link and "raw-html" not in entry.link:
                    assert mark not in entry.summary, (entry.link, mark)


def test_credits_and_byline_are_shown_around_the_markdown(site: Site) -> None:
    _build(site)
    html = _contents(site)[f"{SITE_URL}/credits-and-byline/"]
    assert html.startswith("<p><em>By Jane Doe and John Roe</em></p><p>Border guards")
    assert html.endswith("<p><small>Source: The War Zone | By: Jane Doe and John Roe | Photo: X @DefenceU</small></p>")


def test_markdown_feeds_are_valid_and_stable(site: Site) -> None:
    _build(site)
    atom = (site.public / "atom.xml").read_bytes()
    rss = (site.public / "rss.xml").read_bytes()
    assert_valid_atom(atom)
    build(resolve_paths(replace(Config(), site_url=SITE_URL), site.root), NOW)
    assert (site.public / "atom.xml").read_bytes() == atom
    assert (site.public / "rss.xml").read_bytes() == rss
    [entry] = [e for e in read_feed(site.public / "rss.xml").entries if e.link.endswith("/images/")]
    assert [e.href for e in entry.enclosures] == ["https://cdn.example.com/photos/storm-2025.jpg"]


def test_image_length_is_the_size_of_a_file_under_the_source_folder(tmp_path: Path) -> None:
    root = tmp_path / "seeds"
    (root / "images").mkdir(parents=True)
    (root / "images" / "cover.jpg").write_bytes(b"\xff\xd8" + b"x" * 998)
    (tmp_path / "secret.jpg").write_bytes(b"y" * 77)
    os.symlink(tmp_path / "secret.jpg", root / "images" / "link.jpg")
    assert image_length(root, "/images/cover.jpg") == 1000
    assert image_length(root, "images/cover.jpg?v=2") == 1000
    assert image_length(root, "../secret.jpg") == 0
    assert image_length(root, "images/link.jpg") == 0
    assert image_length(root, "images") == 0
    assert image_length(root, "images/missing.jpg") == 0
    assert image_length(root, "https://cdn.example.com/images/cover.jpg") == 0
    assert image_length(root, "images/\x00.jpg") == 0
    assert image_length(root, None) == 0


def test_a_front_matter_image_is_shown_and_announced_with_its_local_size(site: Site) -> None:
    site.write("images/cover.jpg", b"\xff\xd8" + b"x" * 4998)
    site.write(
        "cover.md",
        "---\ntitle: Bridge reopens\nimage: /images/cover.jpg\n---\n\n"
        "The bridge reopened to traffic on Monday.\n\n![A later photo](https://cdn.example.com/b.png)\n",
    )
    build(resolve_paths(replace(Config(), site_url=SITE_URL), site.root), NOW)
    url = f"{SITE_URL}/images/cover.jpg"
    rss = etree.parse(str(site.public / "rss.xml")).getroot()
    [enclosure] = rss.findall("channel/item/enclosure")
    assert dict(enclosure.attrib) == {"url": url, "length": "5000", "type": "image/jpeg"}
    [entry] = read_feed(site.public / "atom.xml").entries
    assert [(e.href, e.type, e.length) for e in entry.enclosures] == [(url, "image/jpeg", "5000")]
    assert entry.content[0].value.startswith(f'<p><img alt="Bridge reopens" src="{url}"')
    assert_valid_atom((site.public / "atom.xml").read_bytes())
