"""The lead image: made absolute against the site, shown at the top of the content, and
announced as an RSS enclosure, an Atom link rel="enclosure" and media:content."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from feedpub.model import Article, Block, Entry, Feed, Stored
from feedpub.render import FORMATS
from feedpub.render.entry import SiteOptions, lead_image_url, make_entry
from feedpub.render.media import MEDIA_NS

from conftest import assert_valid_atom, read_feed

T0 = datetime(2025, 3, 3, 14, 5, tzinfo=UTC)
SITE = SiteOptions("https://news.example.com/blog")
STORED = Stored("https://news.example.com/blog/storm/", "storm", "storm.md", T0, T0)
BODY = (Block("paragraph", ("The storm flooded the harbour road.",)),)


def _feed(*entries: Entry) -> Feed:
    return Feed(
        title="Wire", description="News", language="en", site_url=SITE.site_url, author="Desk",
        self_urls=(("rss", f"{SITE.site_url}/rss.xml"), ("atom", f"{SITE.site_url}/atom.xml")),
        updated=T0, entries=entries,
    )


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("/images/storm.jpg", "https://news.example.com/blog/images/storm.jpg"),
        ("images/storm.jpg", "https://news.example.com/blog/images/storm.jpg"),
        ("images/the storm.jpg", "https://news.example.com/blog/images/the%20storm.jpg"),
        ("https://cdn.example.com/a.webp", "https://cdn.example.com/a.webp"),
        ("http://cdn.example.com/é.png", "http://cdn.example.com/%C3%A9.png"),
        ("javascript:alert(1)", None),
        ("data:image/png;base64,AAAA", None),
        ("ftp://files.example.com/a.jpg", None),
        ("//cdn.example.com/a.jpg", None),
        ("", None),
        (None, None),
    ],
)
def test_lead_image_urls(image: str | None, expected: str | None) -> None:
    assert lead_image_url(image, SITE.site_url) == expected


def test_the_lead_image_is_shown_first_and_announced_in_both_feeds(tmp_path: Path) -> None:
    article = Article(title="Storm damage", body=BODY, image="/images/storm.jpg",
                      caption="Waves over the sea wall")
    entry = make_entry(STORED, article, SITE, image_length=48213)
    url = "https://news.example.com/blog/images/storm.jpg"
    assert entry.image == url
    assert entry.content_html.startswith(f'<p><img src="{url}" alt="Waves over the sea wall"></p>')
    feed = _feed(entry)
    rss, atom = FORMATS["rss"](feed), FORMATS["atom"](feed)
    assert_valid_atom(atom)
    [enclosure] = etree.fromstring(rss).findall("channel/item/enclosure")
    assert dict(enclosure.attrib) == {"url": url, "length": "48213", "type": "image/jpeg"}
    atom_ns = "{http://www.w3.org/2005/Atom}"
    [link] = etree.fromstring(atom).findall(f"{atom_ns}entry/{atom_ns}link[@rel='enclosure']")
    assert dict(link.attrib) == {"rel": "enclosure", "href": url, "length": "48213", "type": "image/jpeg"}
    for data in (rss, atom):
        [media] = etree.fromstring(data).iter(f"{{{MEDIA_NS}}}content")
        assert dict(media.attrib) == {"url": url, "medium": "image", "type": "image/jpeg"}
        (tmp_path / "feed.xml").write_bytes(data)
        [read] = read_feed(tmp_path / "feed.xml").entries
        assert [(e.href, e.type) for e in read.enclosures] == [(url, "image/jpeg")]


def test_an_unknown_length_is_0_in_rss_and_left_out_in_atom() -> None:
    article = Article(title="Storm damage", body=BODY, image="https://cdn.example.com/a.png")
    feed = _feed(make_entry(STORED, article, SITE))
    [enclosure] = etree.fromstring(FORMATS["rss"](feed)).findall("channel/item/enclosure")
    assert enclosure.get("length") == "0"
    atom = etree.fromstring(FORMATS["atom"](feed))
    [link] = atom.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link[@rel='enclosure']")
    assert link.get("length") is None


def test_an_image_of_unknown_type_has_media_content_but_no_enclosure() -> None:
    article = Article(title="Storm damage", body=BODY, image="https://cdn.example.com/picture")
    feed = _feed(make_entry(STORED, article, SITE))
    rss = etree.fromstring(FORMATS["rss"](feed))
    assert rss.findall("channel/item/enclosure") == []
    [media] = rss.iter(f"{{{MEDIA_NS}}}content")
    assert dict(media.attrib) == {"url": "https://cdn.example.com/picture", "medium": "image"}


def test_an_image_the_body_already_shows_is_not_shown_twice() -> None:
    url = "https://cdn.example.com/storm.jpg"
    article = Article(
        title="Storm damage", body=BODY, image=url,
        content_html=f'<p><img src="{url}" alt="Waves"></p><p>The storm flooded the road.</p>',
    )
    entry = make_entry(STORED, article, SITE)
    assert entry.content_html.count("<img") == 1
    assert entry.image == url


def test_a_dropped_image_leaves_no_trace() -> None:
    article = Article(title="Storm damage", body=BODY, image="javascript:alert(1)")
    entry = make_entry(STORED, article, SITE, image_length=10)
    assert (entry.image, entry.image_length) == (None, 0)
    assert "<img" not in entry.content_html
    assert b"enclosure" not in FORMATS["rss"](_feed(entry))
