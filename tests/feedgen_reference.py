"""feedgen 1.0 writing whole feeds: the reference that the fast serializer of
``feedpub.render.entries`` (and the splicing of ``render.documents``) must match byte for byte.

The head is feedpub's own FeedGenerator (``render.documents.head_generator``); the entries are
added to it as feedpub had feedgen write them before it wrote entries itself (copied from
feedpub/render/{feed,media,rss,atom}.py as they were). What feedpub decides rather than
feedgen (how many categories and authors, an image's type) is imported, not copied."""

from __future__ import annotations

import re
from html import escape
from typing import Any, Literal

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from feedpub.model import Entry, Feed
from feedpub.render.documents import head_generator
from feedpub.render.entries import MAX_AUTHORS, MAX_CATEGORIES, image_type
from feedpub.render.head_extensions import MEDIA_NS
from feedpub.render.heads import feed_head
from feedpub.render.html import join_names


def new_generator(feed: Feed, fmt: Literal["rss", "atom"]) -> FeedGenerator:
    """Return feedpub's head FeedGenerator for ``feed`` in format ``fmt``, ready for entries."""
    generator = head_generator(feed_head(feed, fmt), fmt)
    generator.load_extension("dc", atom=False, rss=True)
    # The feed half declares nothing: the head already declares media:.
    generator.register_extension(
        "mediacredit", BaseExtension, MediaCreditEntryExtension, atom=True, rss=True
    )
    return generator


def add_entry(generator: FeedGenerator, entry: Entry) -> FeedEntry:
    """Append ``entry`` (call newest first) with the fields both formats share."""
    item = generator.add_entry(order="append")
    item.title(entry.title)
    item.link(href=entry.link)
    item.published(entry.published)
    item.updated(entry.updated)
    # One call with every term: feedgen's category() rebuilds its whole list on each call,
    # so a call per term would be quadratic in the number of terms (SPEC.md §1: linear time).
    if entry.categories:
        item.category([{"term": term} for term in entry.categories[:MAX_CATEGORIES]])
    item.mediacredit.photographers(entry.credits.photos)
    if entry.image is not None:
        item.mediacredit.image(entry.image, image_type(entry.image), entry.image_length)
    return item


# The W3C validator warns when a text <title> holds what looks like an entity ("&amp;",
# "&copy;") or markup ("<script"); hexadecimal character references are the same characters
# to every XML parser but silence the warning (judge/README.md, feedgen survey). Titles with
# an HTML end tag are written as type="html" instead (render/media.py), which this skips.
_PLAIN_TEXT = re.compile(rb"<(title|category)>([^<]*)</\1>")
# The feed's own description: RSS <description> comes before every item's, Atom <subtitle> once.
_HEAD_TEXT = re.compile(rb"<(description|subtitle)>([^<]*)</\1>")
_REFERENCE = re.compile(rb"&(?:lt|gt|amp);")
_HEX = {b"&lt;": b"&#x3C;", b"&gt;": b"&#x3E;", b"&amp;": b"&#x26;"}


def write_title_references(data: bytes) -> bytes:
    """Return the serialized feed with ``<``, ``>`` and ``&`` in plain-text titles, RSS
    categories and the feed's description as hex references."""
    return _HEAD_TEXT.sub(_hex_text, _PLAIN_TEXT.sub(_hex_text, data), count=1)


def _hex_text(match: re.Match[bytes]) -> bytes:
    tag, text = match.group(1), match.group(2)
    return b"<%s>%s</%s>" % (tag, _REFERENCE.sub(lambda m: _HEX[m.group(0)], text), tag)


_END_TAG = re.compile(r"</\w+>")


class MediaCreditEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Entry half: photo credits as ``media:credit role="photographer"``."""

    def __init__(self) -> None:
        self._photographers: tuple[str, ...] = ()
        self._image: tuple[str, str | None, int] | None = None

    def photographers(self, names: tuple[str, ...]) -> None:
        """Set the photo credits of the entry."""
        self._photographers = names

    def image(self, url: str, mime: str | None, length: int) -> None:
        """Set the lead image: its absolute URL, its MIME type if known, and its size in bytes
        (0: unknown)."""
        self._image = (url, mime, length)

    @staticmethod
    def _add_image(
        entry: Any, url: str, mime: str | None, enclosure: str, attributes: dict[str, str]
    ) -> None:
        """Append the enclosure (where the type is known) and ``media:content``."""
        if mime is not None:
            entry.append(entry.makeelement(enclosure, attributes | {"type": mime}))
        # Media RSS 1.5.1, "media:content": medium says what kind of object it is.
        media = {"url": url, "medium": "image"} | ({"type": mime} if mime else {})
        entry.append(entry.makeelement(f"{{{MEDIA_NS}}}content", media))

    def _add_credits(self, entry: Any) -> Any:
        for name in self._photographers:
            element = entry.makeelement(f"{{{MEDIA_NS}}}credit", {"role": "photographer"})
            element.text = name
            entry.append(element)
        return entry

    def extend_rss(self, entry: Any) -> Any:
        """Append the image and the credits to an RSS ``<item>``."""
        if self._image is not None:
            url, mime, length = self._image
            # RSS 2.0 requires url, length and type; 0 is the length the W3C validator asks
            # for when it is unknown.
            self._add_image(entry, url, mime, "enclosure", {"url": url, "length": str(length)})
        return self._add_credits(entry)

    def extend_atom(self, entry: Any) -> Any:
        """Append the image and the credits to an Atom ``<entry>``; make its title markup-safe.

        A title such as ``Why </b> breaks feeds`` is plain text, but the W3C validator warns
        that a ``type="text"`` title holding an HTML end tag contains HTML, however it is
        escaped. As ``type="html"`` escaped once more it shows the same characters
        (RFC 4287 §3.1.1.2). Other titles stay text (see ``feed.write_title_references``).
        """
        # feedgen builds entry children without a namespace; the feed's default one applies.
        if self._image is not None:
            url, mime, length = self._image
            # RFC 4287 §4.2.7.6: length is optional, stated only when known.
            link = {"rel": "enclosure", "href": url} | ({"length": str(length)} if length else {})
            self._add_image(entry, url, mime, "link", link)
        title = entry.find("title")
        if title is not None and title.text and _END_TAG.search(title.text):
            title.set("type", "html")
            title.text = escape(title.text, quote=False)
        return self._add_credits(entry)


def render_rss(feed: Feed) -> bytes:
    """Return the RSS 2.0 document for ``feed``."""
    generator = new_generator(feed, "rss")
    for entry in feed.entries:
        item = add_entry(generator, entry)
        item.guid(entry.id, permalink=entry.id == entry.link)
        # RSS <description> is HTML to readers: escape the plain summary once more.
        item.description(escape(entry.summary, quote=False))
        item.content(entry.content_html, type="CDATA")
        if entry.credits.authors:
            # One dc:creator holding every name, as WordPress writes co-authors: feedparser
            # and newsboat keep only the last of several.
            item.dc.dc_creator(join_names(entry.credits.authors[:MAX_AUTHORS]))
        source_url = entry.credits.source_url
        if entry.credits.source and source_url:
            item.source(url=source_url, title=entry.credits.source)
    data: bytes = generator.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return write_title_references(data)


def render_atom(feed: Feed) -> bytes:
    """Return the Atom document for ``feed``."""
    generator = new_generator(feed, "atom")
    for entry in feed.entries:
        item = add_entry(generator, entry)
        item.id(entry.id)
        # The summary is plain text, but the W3C validator warns when a type="text" summary
        # looks like markup; as type="html" escaped once more it reads back the same.
        item.summary(escape(entry.summary, quote=False), type="html")
        # RFC 4287 §4.1.3.1: type="html" says the content is escaped HTML.
        item.content(entry.content_html, type="html")
        # RFC 4287 §4.1.2: an entry needs an author unless the feed has one; give each its
        # own so that entries copied elsewhere keep their credit.
        credits = entry.credits
        names = credits.authors or (credits.agency or credits.source or feed.author,)
        # One call: feedgen's author() rebuilds its whole list on each call.
        item.author([{"name": name} for name in names[:MAX_AUTHORS]])
    data: bytes = generator.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return write_title_references(data)
