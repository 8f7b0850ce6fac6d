"""Renderers, fed model objects directly: what subscribers read back from each format."""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import feedparser
import pytest
from lxml import etree

from feedpub.model import Article, Block, Credit, Credits, Entry, Feed
from feedpub.render import FORMATS
from feedpub.render.html import ALLOWED_TAGS, render_content

from conftest import assert_valid_atom

T0 = datetime(2025, 3, 3, 14, 5, tzinfo=timezone(timedelta(hours=1)))
CREDITS = Credits(
    authors=("Jane Doe",), source="The War Zone", source_url="https://www.twz.com",
    agency="AP", photos=("X @DefenceU",), others=(Credit("Video", "Reuters"),),
    disclosures=("Written with the help of AI",),
)


def _entry(title: str = "Drones & <b>cartels</b>", index: int = 0) -> Entry:
    article = Article(
        title=title,
        body=(Block("paragraph", ("Text with <script>alert(1)</script> & more",)), Block("list", ("a", "b"))),
        credits=CREDITS, caption="Drone over a field",
    )
    return Entry(
        id=f"https://example.org/e{index}/", title=title, link=f"https://example.org/e{index}/",
        summary="Text with <script> & more", content_html=render_content(article, CREDITS.source_url),
        credits=CREDITS, published=T0 - timedelta(hours=index), updated=T0 - timedelta(hours=index),
        categories=("drones",),
    )


def _feed(*entries: Entry) -> Feed:
    return Feed(
        title="Wire", description="News", language="en", site_url="https://example.org",
        author="Desk", self_urls=(
            ("rss", "https://example.org/rss.xml"), ("atom", "https://example.org/atom.xml"),
            ("json", "https://example.org/feed.json"),
        ),
        updated=max(e.updated for e in entries), entries=entries,
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_content_is_escaped_and_uses_only_allowed_tags() -> None:
    html = _entry().content_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    parser = _Tags()
    parser.feed(html)
    assert parser.tags <= ALLOWED_TAGS
    assert parser.attributes <= {"href"}
    for shown in ('Source: <a href="https://www.twz.com">The War Zone</a>', "Agency: AP",
                  "Photo: X @DefenceU", "Video: Reuters", "Written with the help of AI", "By Jane Doe"):
        assert shown in html


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize(
    "title",
    ["Drones & <b>cartels</b>", "AT&T buys </b> &amp; &copy; <script>", "Plain title",
     "AT&T &copy; a < b <script> &#169;"],
)
def test_title_and_content_read_back_identical(fmt: str, title: str) -> None:
    data = FORMATS[fmt](_feed(_entry(title)))  # type: ignore[index]
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    entry = parsed.entries[0]
    if fmt == "atom" and "</b>" in title:
        # type="html" (the only form the W3C validator accepts for an end tag): the reader
        # gets escaped HTML that displays exactly the title's characters.
        assert entry.title_detail.type == "text/html"
        assert html.unescape(entry.title) == title
    else:
        assert entry.title == title
    assert "Text with &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in entry.content[0].value
    if fmt == "atom":
        assert_valid_atom(data)


def test_entries_keep_order_given() -> None:
    data = FORMATS["atom"](_feed(_entry("First", 0), _entry("Second", 1), _entry("Third", 2)))
    assert [e.title for e in feedparser.parse(data).entries] == ["First", "Second", "Third"]


def test_rss_elements_for_credits() -> None:
    root = etree.fromstring(FORMATS["rss"](_feed(_entry())))
    item = root.find("channel/item")
    assert item.find("source").get("url") == "https://www.twz.com"
    assert item.find("{http://purl.org/dc/elements/1.1/}creator").text == "Jane Doe"
    assert item.find("{http://search.yahoo.com/mrss/}credit").text == "X @DefenceU"
    assert root.find("channel/lastBuildDate").text == "Mon, 03 Mar 2025 14:05:00 +0100"


def test_credits_html_has_no_repeated_agency_and_plain_quotes() -> None:
    credits = Credits(source="Reuters", agency="reuters")
    article = Article(
        title="T", body=(Block("paragraph", ("Ukraine's \"drones\" & <b>",)),), credits=credits
    )
    html_text = render_content(article, None)
    assert "Agency:" not in html_text
    assert "<p>Ukraine's \"drones\" &amp; &lt;b&gt;</p>" in html_text
