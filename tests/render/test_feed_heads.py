"""feedgen writes the RSS and Atom heads (render/documents.py), the entries follow them.

The expected bytes are what feedpub wrote before feedgen took the heads over: a published
feed keeps its bytes (SPEC.md §3), whatever writes it. One change since: the description, like
the title, has ``&``, ``<`` and ``>`` as hexadecimal references (a per-category feed's
description names the category, and a category named ``&amp`` read as markup to the W3C
validator).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import feedparser

from feedpub.render.documents import FeedHead, atom_document, rss_document

SITE = "https://news.example.com/"


def _archive_page(name: str) -> FeedHead:
    """The head of archive page 2 of 3, file ``name``, with hubs, an icon and a logo."""
    return FeedHead(
        title="News & <Co>", description="Wire & more", language="en", home=SITE, author="Desk",
        self_url=f"{SITE}archive/2/{name}", updated=datetime(2025, 3, 3, 14, 5, tzinfo=UTC),
        links=(
            ("current", SITE + name), ("prev-archive", f"{SITE}archive/1/{name}"),
            ("next-archive", f"{SITE}archive/3/{name}"),
        ),
        archive=True, icon=SITE + "icon.png", logo=SITE + "logo.png",
        hubs=("https://hub.example.com/", "https://hub.example.org/?a=1&b=2"),
    )

ITEM = "    <item>\n      <title>One</title>\n    </item>\n"

RSS = f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" \
xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" \
xmlns:fh="http://purl.org/syndication/history/1.0" version="2.0">
  <channel>
    <title>News &#x26; &#x3C;Co&#x3E;</title>
    <link>{SITE}</link>
    <description>Wire &#x26; more</description>
    <atom:link href="{SITE}archive/2/rss.xml" rel="self" type="application/rss+xml"/>
    <atom:link href="https://hub.example.com/" rel="hub"/>
    <atom:link href="https://hub.example.org/?a=1&amp;b=2" rel="hub"/>
    <atom:link href="{SITE}rss.xml" rel="current" type="application/rss+xml"/>
    <atom:link href="{SITE}archive/1/rss.xml" rel="prev-archive" type="application/rss+xml"/>
    <atom:link href="{SITE}archive/3/rss.xml" rel="next-archive" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <generator>feedpub</generator>
    <image>
      <url>{SITE}logo.png</url>
      <title>News &#x26; &#x3C;Co&#x3E;</title>
      <link>{SITE}</link>
    </image>
    <language>en</language>
    <lastBuildDate>Mon, 03 Mar 2025 14:05:00 +0000</lastBuildDate>
    <fh:archive/>
{ITEM}  </channel>
</rss>
"""


def test_an_archive_page_head_in_rss_is_feedpubs_bytes() -> None:
    document = rss_document(_archive_page("rss.xml"), [ITEM])
    assert document.decode() == RSS
    parsed = feedparser.parse(document)
    assert not parsed.bozo
    assert parsed.feed.title == "News & <Co>"
    assert parsed.feed.description == "Wire & more"
    assert parsed.feed.image.href == SITE + "logo.png"
    assert [entry.title for entry in parsed.entries] == ["One"]


def test_an_archive_page_head_in_atom_is_feedpubs_bytes() -> None:
    document = atom_document(_archive_page("atom.xml"), ["  <entry>\n    <title>One</title>\n  </entry>\n"]).decode()
    assert document.startswith(
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:fh="http://purl.org/syndication/history/1.0" '
        'xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"  <id>{SITE}</id>\n"
        "  <title>News &#x26; &#x3C;Co&#x3E;</title>\n"
        "  <updated>2025-03-03T14:05:00+00:00</updated>\n"
        "  <author>\n    <name>Desk</name>\n  </author>\n"
        f'  <link href="{SITE}archive/2/atom.xml" rel="self" type="application/atom+xml"/>\n'
        '  <link href="https://hub.example.com/" rel="hub"/>\n'
        '  <link href="https://hub.example.org/?a=1&amp;b=2" rel="hub"/>\n'
        f'  <link href="{SITE}" rel="alternate"/>\n'
        f'  <link href="{SITE}atom.xml" rel="current" type="application/atom+xml"/>\n'
        f'  <link href="{SITE}archive/1/atom.xml" rel="prev-archive" type="application/atom+xml"/>\n'
        f'  <link href="{SITE}archive/3/atom.xml" rel="next-archive" type="application/atom+xml"/>\n'
    )
    assert document.endswith(
        '  <generator uri="https://pypi.org/project/feedpub/" version="0.1.0">feedpub</generator>\n'
        f"  <icon>{SITE}icon.png</icon>\n"
        f"  <logo>{SITE}logo.png</logo>\n"
        "  <subtitle>Wire &#x26; more</subtitle>\n"
        "  <fh:archive/>\n"
        "  <entry>\n    <title>One</title>\n  </entry>\n"
        "</feed>\n"
    )
    links = {link.rel: link.href for link in feedparser.parse(document).feed.links}
    assert links["prev-archive"] == SITE + "archive/1/atom.xml"
    assert links["current"] == SITE + "atom.xml"


def test_without_an_icon_or_archive_the_head_says_neither() -> None:
    head = replace(
        _archive_page("rss.xml"), title="Wire", description="News", links=(), archive=False,
        icon=None, logo=None, hubs=(),
    )
    rss, atom = rss_document(head, []).decode(), atom_document(head, []).decode()
    for absent in ("fh:", "<image>", "<icon>", "<logo>", 'rel="hub"'):
        assert absent not in rss and absent not in atom
    assert rss.endswith("<lastBuildDate>Mon, 03 Mar 2025 14:05:00 +0000</lastBuildDate>\n"
                        "  </channel>\n</rss>\n")
    assert atom.endswith("  <subtitle>News</subtitle>\n</feed>\n")
