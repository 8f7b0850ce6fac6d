"""Entry and index pages as browsers and feed readers read them (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urljoin

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from feedpub.model import Credits
from feedpub.render.pages import (
    ATOM_TYPE,
    JSON_FEED_TYPE,
    RSS_TYPE,
    Section,
    entry_page,
    index_page,
    safe_url,
    stylesheet,
)

from pages_fixtures import (
    CREDITS,
    FEEDS,
    HOSTILE_TITLE,
    SECTIONS,
    SITE,
    SITE_URL,
    make_entry,
)


def _parse(page: bytes) -> html.HtmlElement:
    # html5lib in strict mode raises on every parse error the HTML standard names.
    html5lib.HTMLParser(strict=True).parse(page)
    return html.document_fromstring(page)


def _hrefs(tree: html.HtmlElement) -> list[str]:
    return [*tree.xpath("//@href"), *tree.xpath("//@src")]


def test_entry_page_shows_the_entry() -> None:
    entry = make_entry()
    tree = _parse(entry_page(entry, SITE, FEEDS, sections=SECTIONS))
    assert tree.get("lang") == "en"
    assert tree.findtext(".//title") == f"{HOSTILE_TITLE} | {SITE.title}"
    assert tree.xpath("string(//h1)") == HOSTILE_TITLE
    times = tree.xpath("//article/header//time/@datetime")
    assert times == ["2025-03-03T14:05:00+01:00", "2025-03-03T14:35:00+01:00"]
    assert "3 March 2025, 14:05 UTC+01:00" in tree.text_content()
    assert tree.xpath("string(//*[@class='authors'])") == 'By Jane <b>Doe</b> and Tom "Tommy" Berg & Co'
    credits = {
        dt.text_content(): dt.getnext().text_content().strip()
        for dt in tree.xpath("//dl[@class='credits']/dt")
    }
    assert credits == {
        "Source": "The War <Zone> · more from The War <Zone>",
        "Agency": "AP",
        "Photo": "X @DefenceU",
        "Video": "Reuters & <i>AFP</i>",
        "Categories": "drones & <ai>war",  # separated by the stylesheet's ", "
    }
    assert tree.xpath("//figure[@class='lead']/img/@src") == ["../images/lead.jpg"]
    assert tree.xpath("string(//figcaption)") == "Photo: X @DefenceU"
    assert tree.xpath("//div[@class='content']/table//th")[13].text == "Column heading 13"
    assert tree.xpath("//meta[@name='description']/@content") == [entry.summary]
    assert tree.xpath("//link[@rel='canonical']/@href") == [entry.link]


def test_entry_page_links_source_and_categories() -> None:
    tree = _parse(entry_page(make_entry(), SITE, FEEDS, sections=SECTIONS))
    source = tree.xpath("//dl[@class='credits']/dt[.='Source']/following-sibling::dd[1]/a")
    assert [(a.get("href"), a.text) for a in source] == [
        ("https://www.twz.com/", "The War <Zone>"),
        ("../sources/the-war-zone/", "more from The War <Zone>"),
    ]
    categories = tree.xpath("//ul[@class='categories']/li")
    assert [(li.text_content(), li.xpath("a/@href")) for li in categories] == [
        ("drones & <ai>", ["../categories/drones-ai/"]),
        ("war", []),  # no page given for it: shown, not linked
    ]


def test_autodiscovery_names_every_feed() -> None:
    entry = make_entry()
    for page in (index_page((entry,), SITE, FEEDS), entry_page(entry, SITE, FEEDS)):
        tree = _parse(page)
        found = [
            (link.get("type"), link.get("title"), link.get("href"))
            for link in tree.xpath("/html/head/link[@rel='alternate']")
        ]
        assert found == [
            (RSS_TYPE, "Wire (RSS)", f"{SITE_URL}/rss.xml"),
            (ATOM_TYPE, "Wire (Atom)", f"{SITE_URL}/atom.xml"),
            (JSON_FEED_TYPE, "Wire (JSON Feed)", f"{SITE_URL}/feed.json"),
        ]
        shown = tree.xpath("//section[@class='subscribe']//code/text()")
        assert shown == [feed.url for feed in FEEDS]


def test_index_lists_entries_newest_first_with_summaries() -> None:
    entries = tuple(make_entry(n) for n in range(3))
    tree = _parse(index_page(entries, SITE, FEEDS))
    items = tree.xpath("//ol[@class='entries']/li")
    assert [li.xpath("string(.//h2/a)") for li in items] == [HOSTILE_TITLE, "Story number 1", "Story number 2"]
    assert [li.xpath("string(.//h2/a/@href)") for li in items] == ["story-0/", "story-1/", "story-2/"]
    assert items[1].xpath("string(.//p[not(@class)])") == entries[1].summary
    assert items[2].xpath("string(.//time/@datetime)") == "2025-03-03T12:05:00+01:00"
    assert tree.findtext(".//h1") == SITE.title
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["style.css"]


def test_section_index_has_its_own_heading_and_feeds() -> None:
    section = SECTIONS[0]
    feeds = (replace(FEEDS[0], title="The War Zone (RSS)", url=f"{SITE_URL}/sources/the-war-zone/rss.xml"),)
    tree = _parse(index_page((make_entry(),), SITE, feeds, section=section))
    assert tree.xpath("string(//h1)") == "Source: The War <Zone>"
    assert tree.xpath("//main//a[@rel='nofollow']/@href") == ["https://www.twz.com/"]
    assert tree.xpath("//head/link[@rel='alternate']/@href") == [feeds[0].url]
    assert tree.xpath("//section[@class='subscribe']//a/@href") == ["../../sources/the-war-zone/rss.xml"]
    assert tree.xpath("//ol[@class='entries']//h2/a/@href") == ["../../story-0/"]
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["../../style.css"]
    assert tree.xpath("//header[@class='site']/a/@href") == ["../../"]


@pytest.mark.parametrize("site_url", [SITE_URL, "https://example.org/news/site"])
def test_every_link_resolves_under_the_site_or_is_the_source(site_url: str) -> None:
    site = replace(SITE, site_url=site_url)
    feeds = tuple(replace(feed, url=feed.url.replace(SITE_URL, site_url)) for feed in FEEDS)
    sections = tuple(replace(s, url=s.url.replace(SITE_URL, site_url)) for s in SECTIONS)
    entry = make_entry(link=f"{site_url}/2025/story/", id=f"{site_url}/2025/story/")
    pages = {
        f"{site_url}/": index_page((entry,), site, feeds),
        entry.link: entry_page(entry, site, feeds, sections=sections),
        sections[1].url: index_page((entry,), site, feeds, section=sections[1]),
    }
    expected = {
        f"{site_url}/", f"{site_url}/style.css", entry.link, f"{site_url}/images/lead.jpg",
        *(feed.url for feed in feeds), *(s.url for s in sections),
    }
    outside = {"https://www.twz.com/", *_content_links()}
    for url, page in pages.items():
        tree = _parse(page)
        for href in _hrefs(tree):
            resolved = urljoin(url, href)
            assert resolved in expected | outside, (url, href)
            # A file the build writes is reached relatively, except the canonical link and
            # the feeds' addresses for feed readers, which are absolute.
            if resolved in expected and href == resolved:
                assert tree.xpath(f"//link[@href='{href}']/@rel")[0] in ("canonical", "alternate")


def _content_links() -> list[str]:
    fragment = html.fragment_fromstring(make_entry().content_html, create_parent="div")
    return [str(href) for href in fragment.xpath("//a/@href")]


def test_hostile_text_is_escaped_and_hostile_urls_refused() -> None:
    hostile = Credits(
        authors=("<script>alert(1)</script>",), source='Evil "source" <img src=x onerror=alert(1)>',
        source_url="javascript:alert(1)", photos=("<b>bold</b>",),
    )
    entry = make_entry(
        credits=hostile, categories=('"><script>alert(2)</script>',), image="javascript:alert(3)",
        summary='"><script>alert(4)</script>', language='en" onload="alert(5)',
    )
    site = replace(SITE, title="</title><script>alert(6)</script>")
    for page in (entry_page(entry, site, FEEDS), index_page((entry,), site, FEEDS)):
        tree = _parse(page)
        assert tree.xpath("//script") == []
        assert tree.xpath("//img[@onerror] | //*[@onload]") == []
        assert [h for h in _hrefs(tree) if not h.startswith(("https:", "../", "./", "story-", "style", "rss", "atom", "feed"))] == []
        assert "javascript:" not in " ".join(_hrefs(tree))
    tree = _parse(entry_page(entry, site, FEEDS))
    assert tree.xpath("string(//dt[.='Source']/following-sibling::dd[1])") == hostile.source
    assert tree.xpath("//dt[.='Source']/following-sibling::dd[1]/a") == []
    assert tree.xpath("//figure") == []
    assert tree.get("lang") == 'en" onload="alert(5)'


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.twz.com/a?b=c", "https://www.twz.com/a?b=c"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("https://[bad", None),
        ("https://a.example/x y", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("https://cdn.example.org/a.jpg", "https://cdn.example.org/a.jpg"),
        ("/images/a.jpg", "../images/a.jpg"),
        ("images/a b.jpg", "../images/a%20b.jpg"),
        ("photos/Київ.jpg", "../photos/%D0%9A%D0%B8%D1%97%D0%B2.jpg"),
        ("data:image/png;base64,AAAA", None),
        ("//cdn.example.org/a.jpg", None),
        (None, None),
    ],
)
def test_lead_image(image: str | None, expected: str | None) -> None:
    tree = _parse(entry_page(make_entry(image=image), SITE, FEEDS))
    assert tree.xpath("//figure[@class='lead']/img/@src") == ([expected] if expected else [])


def test_lead_image_shown_once_when_the_content_has_it() -> None:
    image = "https://cdn.example.org/lead.jpg?w=800&h=600"
    content = f'<p><img src="{image.replace("&", "&amp;")}" alt="Lead"></p><p>Body</p>'
    tree = _parse(entry_page(make_entry(image=image, content_html=content), SITE, FEEDS))
    assert tree.xpath("//img/@src") == [image]
    assert tree.xpath("//figure") == []


@pytest.mark.parametrize(
    ("icon", "expected"),
    [(None, []), ("https://cdn.example.org/icon.png", ["https://cdn.example.org/icon.png"]),
     (f"{SITE_URL}/icon.png", ["../icon.png"]), ("icon.png", ["../icon.png"]), ("javascript:x", [])],
)
def test_site_icon(icon: str | None, expected: list[str]) -> None:
    tree = _parse(entry_page(make_entry(), replace(SITE, icon=icon), FEEDS))
    assert tree.xpath("//head/link[@rel='icon']/@href") == expected


def test_language_comes_from_the_entry_then_the_site() -> None:
    assert _parse(entry_page(make_entry(language="uk"), SITE, FEEDS)).get("lang") == "uk"
    assert _parse(entry_page(make_entry(), replace(SITE, language="de"), FEEDS)).get("lang") == "de"


def test_unchanged_entry_shows_one_date_and_no_optional_parts() -> None:
    bare = make_entry(updated=make_entry().published, credits=Credits(), categories=(), image=None)
    tree = _parse(entry_page(bare, SITE, ()))
    assert len(tree.xpath("//article/header//time")) == 1
    assert tree.xpath("//dl[@class='credits']/*") == []
    assert tree.xpath("//link[@rel='alternate'] | //section[@class='subscribe']") == []


def test_page_outside_the_site_links_absolutely() -> None:
    # A document's own Link: elsewhere; the page is still written, at a path the build picks.
    entry = make_entry(link="https://elsewhere.example/story")
    tree = _parse(entry_page(entry, SITE, FEEDS, sections=SECTIONS))
    assert tree.xpath("//link[@rel='stylesheet']/@href") == [f"{SITE_URL}/style.css"]
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://elsewhere.example/story"]
    placed = _parse(entry_page(entry, SITE, FEEDS, page_url=f"{SITE_URL}/story/"))
    assert placed.xpath("//link[@rel='stylesheet']/@href") == ["../style.css"]
    assert placed.xpath("//link[@rel='canonical']/@href") == ["https://elsewhere.example/story"]


def test_same_input_same_bytes() -> None:
    entries = tuple(make_entry(n) for n in range(5))
    assert index_page(entries, SITE, FEEDS) == index_page(entries, SITE, FEEDS)
    assert entry_page(entries[0], SITE, FEEDS) == entry_page(make_entry(0), SITE, FEEDS)
    assert stylesheet() == stylesheet()


def test_stylesheet_keeps_wide_content_inside_the_screen() -> None:
    css = stylesheet().decode("utf-8")
    for rule in ("overflow-wrap: anywhere", "pre { overflow-x: auto", "img, video, svg { max-width: 100%"):
        assert rule in css
    assert "url(" not in css and "@import" not in css  # no external requests


def test_source_without_section_or_url_is_plain_text() -> None:
    credits = replace(CREDITS, source_url=None)
    tree = _parse(entry_page(make_entry(credits=credits), SITE, FEEDS))
    assert tree.xpath("//dt[.='Source']/following-sibling::dd[1]/a") == []


def test_section_links_only_its_own_kind() -> None:
    # A category named like the source is not the source's page.
    sections = (Section("category", CREDITS.source or "", f"{SITE_URL}/categories/x/"),)
    tree = _parse(entry_page(make_entry(), SITE, FEEDS, sections=sections))
    assert tree.xpath("//dt[.='Source']/following-sibling::dd[1]/a/@href") == ["https://www.twz.com/"]


# Text as the model holds it: no control characters, surrogates or noncharacters (text/).
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, category=TEXT, author=TEXT, source=TEXT)
def test_any_text_reads_back_as_written(title: str, category: str, author: str, source: str) -> None:
    credits = Credits(authors=(author,), source=source, source_url="https://s.example/")
    entry = make_entry(title=title, categories=(category,), credits=credits, summary=title)
    tree = _parse(entry_page(entry, SITE, FEEDS))
    assert tree.xpath("string(//h1)") == title
    assert tree.findtext(".//title") == f"{title} | {SITE.title}"
    assert tree.xpath("//meta[@name='description']/@content") == [title]
    assert tree.xpath("string(//ul[@class='categories']/li)") == category
    assert tree.xpath("string(//*[@class='authors'])") == f"By {author}"
    assert tree.xpath("string(//dt[.='Source']/following-sibling::dd[1]/a)") == source
    assert tree.xpath("//script") == []
