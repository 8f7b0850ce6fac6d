"""A feed document: its head, then the entry fragments of ``render.entries``, in one format.

The head of a subscription feed is byte for byte what feedgen 1.0 wrote (see
``render.entries``); archive pages (RFC 5005 §4) add their ``prev-archive`` /
``next-archive`` / ``current`` links and ``<fh:archive/>``, and a configured icon and logo
add Atom ``icon`` / ``logo``, RSS ``<image>`` and JSON ``icon`` / ``favicon``. WebSub hubs
(W3C WebSub §4) follow the self link, where feedpub's feedgen extension put them
(``tests/feedgen_reference.py``), and are JSON Feed 1.1's ``hubs``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from feedpub import __version__
from feedpub.model import FeedFormat
from feedpub.render.entries import attribute, plain_text, rfc822, text

GENERATOR_URI = "https://pypi.org/project/feedpub/"
HISTORY_NS = "http://purl.org/syndication/history/1.0"
MIME_TYPES: dict[FeedFormat, str] = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True, slots=True)
class FeedHead:
    """What a feed document says besides its entries, for one format.

    ``home`` is the page the feed is about (a trailing ``/``), ``self_url`` where this file is
    served. ``links`` are extra (rel, href) pairs of the same format: RFC 5005 §4
    ``prev-archive``, ``next-archive`` and ``current``. An ``archive`` page says
    ``<fh:archive/>``. ``updated`` is the newest entry's, never the clock's (SPEC.md §3).
    ``hubs`` are the URLs of the WebSub hubs the feed names.
    """

    title: str
    description: str
    language: str
    home: str
    author: str
    self_url: str
    updated: datetime
    links: tuple[tuple[str, str], ...] = ()
    archive: bool = False
    icon: str | None = None
    logo: str | None = None
    hubs: tuple[str, ...] = ()


def rss_document(head: FeedHead, items: Iterable[str]) -> bytes:
    """Return the RSS 2.0 channel of ``head`` holding the ``items`` (``entries.rss_item``)."""
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        + (f' xmlns:fh="{HISTORY_NS}"' if head.archive else "") + ' version="2.0">',
        "  <channel>",
        f"    <title>{plain_text(head.title)}</title>",
        f"    <link>{text(head.home)}</link>",
        f"    <description>{text(head.description)}</description>",
        f'    <atom:link href="{attribute(head.self_url)}" rel="self" type="application/rss+xml"/>',
    ]
    lines.extend(f'    <atom:link href="{attribute(hub)}" rel="hub"/>' for hub in head.hubs)
    lines.extend(
        f'    <atom:link href="{attribute(href)}" rel="{rel}" type="application/rss+xml"/>'
        for rel, href in head.links
    )
    lines.append("    <docs>http://www.rssboard.org/rss-specification</docs>")
    lines.append("    <generator>feedpub</generator>")
    if head.logo or head.icon:
        lines.extend((
            "    <image>", f"      <url>{text(head.logo or head.icon or '')}</url>",
            f"      <title>{plain_text(head.title)}</title>",
            f"      <link>{text(head.home)}</link>", "    </image>",
        ))
    lines.append(f"    <language>{text(head.language)}</language>")
    lines.append(f"    <lastBuildDate>{rfc822(head.updated)}</lastBuildDate>")
    if head.archive:
        lines.append("    <fh:archive/>")
    return _join(lines, items, "  </channel>\n</rss>\n")


def atom_document(head: FeedHead, entries: Iterable[str]) -> bytes:
    """Return the Atom feed of ``head`` holding the ``entries`` (``entries.atom_entry``)."""
    history = f' xmlns:fh="{HISTORY_NS}"' if head.archive else ""
    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        (
            f'<feed xmlns:media="http://search.yahoo.com/mrss/"{history} '
            f'xmlns="http://www.w3.org/2005/Atom" xml:lang="{attribute(head.language)}">'
        ),
        f"  <id>{text(head.home)}</id>",
        f"  <title>{plain_text(head.title)}</title>",
        f"  <updated>{head.updated.isoformat()}</updated>",
        "  <author>", f"    <name>{text(head.author)}</name>", "  </author>",
        f'  <link href="{attribute(head.self_url)}" rel="self" type="application/atom+xml"/>',
        *(f'  <link href="{attribute(hub)}" rel="hub"/>' for hub in head.hubs),
        f'  <link href="{attribute(head.home)}" rel="alternate"/>',
    ]
    lines.extend(
        f'  <link href="{attribute(href)}" rel="{rel}" type="application/atom+xml"/>'
        for rel, href in head.links
    )
    lines.append(
        f'  <generator uri="{GENERATOR_URI}" version="{__version__}">feedpub</generator>'
    )
    if head.icon:
        lines.append(f"  <icon>{text(head.icon)}</icon>")
    if head.logo:
        lines.append(f"  <logo>{text(head.logo)}</logo>")
    lines.append(f"  <subtitle>{text(head.description)}</subtitle>")
    if head.archive:
        lines.append("  <fh:archive/>")
    return _join(lines, entries, "</feed>\n")


def json_document(head: FeedHead, items: Iterable[str]) -> bytes:
    """Return the JSON Feed 1.1 document of ``head`` holding the ``items``
    (``entries.json_item``), one item a line."""
    top: dict[str, object] = {
        "version": JSON_FEED_VERSION, "title": head.title, "home_page_url": head.home,
        "feed_url": head.self_url, "description": head.description,
        "language": head.language, "authors": [{"name": head.author}],
    }
    if head.icon or head.logo:
        top["icon"] = head.logo or head.icon
    if head.icon:
        top["favicon"] = head.icon
    if head.hubs:
        top["hubs"] = [{"type": "WebSub", "url": hub} for hub in head.hubs]
    opening = json.dumps(top, ensure_ascii=False, separators=(",", ":"))[:-1]
    body = ",\n".join(items)
    return f'{opening},"items":[\n{body}\n]}}\n'.encode() if body else (
        f'{opening},"items":[]}}\n'.encode()
    )


def _join(lines: list[str], fragments: Iterable[str], closing: str) -> bytes:
    return ("\n".join(lines) + "\n" + "".join(fragments) + closing).encode()
