"""Entries, feeds and a site for the page tests: hostile text, and content made to overflow."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from feedpub.model import Credit, Credits, Entry
from feedpub.render.pages import (
    ATOM_TYPE,
    JSON_FEED_TYPE,
    RSS_TYPE,
    FeedLink,
    PageSite,
    Section,
    entry_page,
    index_page,
    stylesheet,
)

SITE_URL = "https://news.example.com"
SITE = PageSite('Wire & <Co> "News"', "Every story, & more", "en", SITE_URL)
FEEDS = (
    FeedLink("Wire (RSS)", RSS_TYPE, f"{SITE_URL}/rss.xml"),
    FeedLink("Wire (Atom)", ATOM_TYPE, f"{SITE_URL}/atom.xml"),
    FeedLink("Wire (JSON Feed)", JSON_FEED_TYPE, f"{SITE_URL}/feed.json"),
)
T0 = datetime(2025, 3, 3, 14, 5, tzinfo=timezone(timedelta(hours=1)))
HOSTILE_TITLE = 'Drones & <script>alert("t")</script> "cartels"'
LONG_URL = "https://example.org/" + "a-very-long-path-segment" * 12 + "?q=" + "x" * 80
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 4
WIDE_TABLE = (
    "<table><thead><tr>"
    + "".join(f"<th>Column heading {n}</th>" for n in range(14))
    + "</tr></thead><tbody><tr>"
    + "".join(f"<td>value {n * 1000}</td>" for n in range(14))
    + "</tr></tbody></table>"
)
CODE = "<pre><code>" + "result = compute(" + ", ".join(f"argument_{n}" for n in range(30)) + ")</code></pre>"
CONTENT = (
    "<p><em>By Jane Doe</em></p>"
    f'<p>A long link: <a href="{LONG_URL}">{LONG_URL}</a></p>'
    f"<p>A long word: {LONG_WORD}.</p>"
    f"{WIDE_TABLE}{CODE}"
    "<p>Text with &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>"
    "<ul><li>first point</li><li>second point</li></ul>"
)
CREDITS = Credits(
    authors=("Jane <b>Doe</b>", 'Tom "Tommy" Berg & Co'),
    source="The War <Zone>",
    source_url="https://www.twz.com/",
    agency="AP",
    photos=("X @DefenceU",),
    others=(Credit("Video", "Reuters & <i>AFP</i>"),),
)
SECTIONS = (
    Section("source", "The War <Zone>", f"{SITE_URL}/sources/the-war-zone/", "https://www.twz.com/"),
    Section("category", "drones & <ai>", f"{SITE_URL}/categories/drones-ai/"),
)


def make_entry(index: int = 0, **changes: object) -> Entry:
    """Return an entry at ``SITE_URL/story-N/``; ``changes`` replace its fields."""
    fields: dict[str, object] = {
        "id": f"{SITE_URL}/story-{index}/",
        "title": HOSTILE_TITLE if index == 0 else f"Story number {index}",
        "link": f"{SITE_URL}/story-{index}/",
        "summary": f'Summary {index} with <script>alert(1)</script> & a "quote"',
        "content_html": CONTENT,
        "credits": CREDITS,
        "published": T0 - timedelta(hours=index),
        "updated": T0 - timedelta(hours=index) + timedelta(minutes=30),
        "categories": ("drones & <ai>", "war"),
        "image": "images/lead.jpg",
    }
    fields.update(changes)
    return Entry(**fields)  # type: ignore[arg-type]


def write_site(folder: Path, entries: tuple[Entry, ...]) -> Path:
    """Write the index, each entry's page and the stylesheet as a build lays them out."""
    (folder / "index.html").write_bytes(index_page(entries, SITE, FEEDS))
    (folder / "style.css").write_bytes(stylesheet())
    for entry in entries:
        page = folder / entry.link.removeprefix(SITE_URL + "/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(entry_page(entry, SITE, FEEDS, sections=SECTIONS))
    return folder
