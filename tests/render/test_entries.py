"""The fast serializer writes exactly what feedgen wrote for the same feed (render/entries.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from feedgen_reference import render_atom, render_rss
from hypothesis import given
from hypothesis import strategies as st

from feedpub.model import Credit, Credits, Entry, Feed
from feedpub.render import FORMATS

T0 = datetime(2025, 3, 3, 14, 5, tzinfo=timezone(timedelta(hours=1)))


def _feed(*entries: Entry, title: str = "Wire & <Co>") -> Feed:
    return Feed(
        title=title, description="News & more", language="en", site_url="https://example.org",
        author="Desk", self_urls=(
            ("rss", "https://example.org/rss.xml"), ("atom", "https://example.org/atom.xml"),
            ("json", "https://example.org/feed.json"),
        ),
        updated=max((e.updated for e in entries), default=T0), entries=entries,
    )


ENTRIES = (
    Entry(
        id="tag:x.org,2020:a&b", title="A & <b> \"q\" 'x'", link="https://x.org/a/?p=1&q=2",
        summary="S <x> & y", content_html="<p>a &amp; b</p><p><small>]] &gt;</small></p>",
        credits=Credits(
            authors=("Jo & Al", "Bo"), source="Src", source_url="https://src.org/?a=1&b=2",
            agency="AP", photos=("P1", "P2 <x>"), others=(Credit("Video", "R"),),
        ),
        published=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
        updated=datetime(2020, 1, 3, 3, 4, 5, tzinfo=UTC), categories=("c1", 'c<2> & "3"'),
    ),
    Entry(
        id="https://x.org/b/", title="Why </b> breaks", link="https://x.org/b/", summary="",
        content_html="<p>x</p>", credits=Credits(source="Only source"), published=T0, updated=T0,
    ),
    Entry(
        id="https://x.org/c/", title="Plain", link="https://x.org/c/", summary="Sum",
        content_html="<p>y</p>", credits=Credits(agency="Reuters"), published=T0, updated=T0,
    ),
)


def test_every_entry_shape_matches_feedgen_byte_for_byte() -> None:
    feed = _feed(*ENTRIES)
    assert FORMATS["rss"](feed) == render_rss(feed)
    assert FORMATS["atom"](feed) == render_atom(feed)


def test_an_empty_feed_matches_feedgen() -> None:
    feed = _feed()
    assert FORMATS["rss"](feed) == render_rss(feed)
    assert FORMATS["atom"](feed) == render_atom(feed)


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1, max_size=30,
).filter(lambda s: s.strip() == s and s.strip())


@given(title=_TEXT, summary=_TEXT, author=_TEXT, term=_TEXT)
def test_any_text_matches_feedgen(title: str, summary: str, author: str, term: str) -> None:
    entry = Entry(
        id="https://x.org/z/", title=title, link="https://x.org/z/", summary=summary,
        content_html="<p>z</p>", credits=Credits(authors=(author,), photos=(term,)),
        published=T0, updated=T0, categories=(term,),
    )
    feed = _feed(entry, title=title)
    assert FORMATS["rss"](feed) == render_rss(feed)
    assert FORMATS["atom"](feed) == render_atom(feed)


def test_an_entry_image_matches_feedgen_and_is_the_json_image() -> None:
    image = "https://cdn.example.org/photos/lead.jpg?w=800"
    for length in (0, 12345):
        feed = _feed(replace(ENTRIES[2], image=image, image_length=length), ENTRIES[0])
        assert FORMATS["rss"](feed) == render_rss(feed)
        assert FORMATS["atom"](feed) == render_atom(feed)
    untyped = _feed(replace(ENTRIES[2], image="https://cdn.example.org/lead"))
    assert FORMATS["rss"](untyped) == render_rss(untyped)
    assert FORMATS["atom"](untyped) == render_atom(untyped)
    tag = f'<media:content url="{image}" medium="image" type="image/jpeg"/>'
    assert tag in FORMATS["rss"](feed).decode()
    assert json.loads(FORMATS["json"](feed))["items"][0]["image"] == image
    relative = _feed(replace(ENTRIES[2], image="photos/lead.jpg"))
    assert b"media:content" not in FORMATS["rss"](relative)
    assert "image" not in json.loads(FORMATS["json"](relative))["items"][0]


def test_hub_links_match_feedgen_and_are_the_json_hubs() -> None:
    hubs = ("https://hub.example.com/", "https://pubsub.example.org/?a=1&b=2")
    feed = replace(_feed(*ENTRIES), hubs=hubs)
    assert FORMATS["rss"](feed) == render_rss(feed)
    assert FORMATS["atom"](feed) == render_atom(feed)
    assert b'<link href="https://hub.example.com/" rel="hub"/>' in FORMATS["atom"](feed)
    assert json.loads(FORMATS["json"](feed))["hubs"] == [
        {"type": "WebSub", "url": hub} for hub in hubs
    ]
    assert "hubs" not in json.loads(FORMATS["json"](_feed(*ENTRIES)))
