"""A feed document: its head, then the entry fragments of ``render.entries``, in one format.

feedgen writes the RSS and Atom heads (``head_generator``: a FeedGenerator with the head's
fields and no entries, pretty-printed as when feedgen wrote whole feeds), and the entries'
fragments go in after every head element, where feedgen appends entries. A head is written
once a feed file, so feedgen costs little there; the entries, the bulk of a build, are
written without it (``render.entries``). In Atom, feedgen's ``link()`` also writes the WebSub
hubs (W3C WebSub §4) after the self link and an archive page's RFC 5005 §4 ``current`` /
``prev-archive`` / ``next-archive`` links; in RSS, where feedgen writes only the self
``atom:link``, the extensions of ``render.head_extensions`` add them, and ``<fh:archive/>``
in both. A configured icon and logo are Atom ``icon`` / ``logo``, RSS ``<image>`` and JSON
``icon`` / ``favicon``. The JSON Feed document is written here (JSON Feed is not feedgen's
business); its hubs are JSON Feed 1.1's ``hubs``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from feedgen.feed import FeedGenerator

from feedpub import __version__
from feedpub.model import FeedFormat
from feedpub.render.entries import plain_text, text
from feedpub.render.head_extensions import (
    DC_NS,
    MEDIA_NS,
    ArchivePage,
    ChannelLinks,
    EntryNamespaces,
    RssArchivePage,
)

GENERATOR_URI = "https://pypi.org/project/feedpub/"
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
    data = head_generator(head, "rss").rss_str(
        pretty=True, encoding="UTF-8", xml_declaration=True
    )
    return _splice(_plain_texts(data, head, "description"), items, b"</channel>")


def atom_document(head: FeedHead, entries: Iterable[str]) -> bytes:
    """Return the Atom feed of ``head`` holding the ``entries`` (``entries.atom_entry``)."""
    data = head_generator(head, "atom").atom_str(
        pretty=True, encoding="UTF-8", xml_declaration=True
    )
    return _splice(_plain_texts(data, head, "subtitle"), entries, b"</feed>")


def head_generator(head: FeedHead, fmt: Literal["rss", "atom"]) -> FeedGenerator:
    """Return a FeedGenerator with the fields of ``head`` for format ``fmt`` and no entries."""
    generator = FeedGenerator()
    generator.register_extension("namespaces", EntryNamespaces)
    generator.namespaces.declare(
        {"dc": DC_NS, "media": MEDIA_NS} if fmt == "rss" else {"media": MEDIA_NS}
    )
    generator.id(head.home)
    generator.title(head.title)
    generator.description(head.description)
    generator.language(head.language)
    generator.author({"name": head.author})
    generator.generator("feedpub", version=__version__, uri=GENERATOR_URI)
    generator.link(href=head.self_url, rel="self", type=MIME_TYPES[fmt])
    links = [{"href": hub, "rel": "hub"} for hub in head.hubs]
    history = [{"href": href, "rel": rel, "type": MIME_TYPES[fmt]} for rel, href in head.links]
    if fmt == "atom":
        # The hubs right after the self link, the archive links after the home page's.
        for group in (links, [{"href": head.home, "rel": "alternate"}], history):
            if group:
                generator.link(group)
        if head.icon:
            generator.icon(head.icon)
        if head.logo:
            generator.logo(head.logo)
    else:
        # feedgen's channel <link> is the last link() given: this one, the home page.
        generator.link(href=head.home, rel="alternate")
        if links or history:
            generator.register_extension("links", ChannelLinks, atom=False)
            generator.links.links((*links, *history))
        if head.logo or head.icon:
            # Its title and link are the channel's.
            generator.image(head.logo or head.icon)
    if head.archive:
        generator.register_extension("history", ArchivePage if fmt == "atom" else RssArchivePage)
    generator.updated(head.updated)
    generator.lastBuildDate(head.updated)
    return generator


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


def _plain_texts(data: bytes, head: FeedHead, description: str) -> bytes:
    """Return the serialized head with ``<``, ``>`` and ``&`` of its title (and the RSS
    image's) and of its ``description`` element (RSS ``description``, Atom ``subtitle``) as
    the hexadecimal references of ``entries.plain_text``: a per-category feed's description
    names the category, and a category named ``&amp`` read as markup to the W3C validator."""
    for tag, value in (("title", head.title), (description, head.description)):
        escaped = f"<{tag}>{text(value)}</{tag}>".encode()
        data = data.replace(escaped, f"<{tag}>{plain_text(value)}</{tag}>".encode())
    return data


def _splice(head: bytes, fragments: Iterable[str], closing: bytes) -> bytes:
    """Return the serialized ``head`` with the ``fragments`` on the lines before its last
    ``closing`` tag: after every head element, where feedgen appends entries."""
    end = head.rindex(b"\n", 0, head.rindex(closing)) + 1
    return head[:end] + "".join(fragments).encode() + head[end:]
