"""Shared feedgen setup for every format: self link, generator, and dates from the entries.

feedgen's traps, handled once here: ``updated``/``lastBuildDate`` default to now() (set them
from the entries, so builds are byte-stable: SPEC.md §3, Stable bytes); ``add_entry()``
prepends unless told otherwise; the RSS channel link is the href of the last ``link()`` call.
"""

from __future__ import annotations

import mimetypes
import re
from functools import cache
from urllib.parse import urlsplit

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from feedpub import __version__
from feedpub.model import Entry, Feed, FeedFormat
from feedpub.render.media import MediaCreditEntryExtension, MediaCreditExtension
from feedpub.render.websub import WebSubExtension

GENERATOR_URI = "https://pypi.org/project/feedpub/"
MIME_TYPES: dict[FeedFormat, str] = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
}
# Readers show a handful of categories and authors, but a 2 MiB header can name a quarter of a
# million, each an element in both feeds: past these counts the rest are left out of the
# entry's metadata (the content still credits every author). Also, lxml declares the dc:
# namespace on each dc:creator of feedgen's detached <item>, and moving the item into the
# channel is quadratic in their number.
MAX_CATEGORIES = 100
MAX_AUTHORS = 100


def new_generator(feed: Feed, fmt: FeedFormat) -> FeedGenerator:
    """Return a FeedGenerator with the feed-level fields of ``feed`` set for format ``fmt``."""
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension(
        "mediacredit", MediaCreditExtension, MediaCreditEntryExtension, atom=True, rss=True
    )
    home = feed.site_url + "/"
    generator.id(home)
    generator.title(feed.title)
    generator.description(feed.description)
    generator.language(feed.language)
    generator.author({"name": feed.author})
    generator.generator("feedpub", version=__version__, uri=GENERATOR_URI)
    generator.link(href=feed.self_url(fmt), rel="self", type=MIME_TYPES[fmt])
    generator.link(href=home, rel="alternate")
    if feed.hubs:
        generator.register_extension("websub", WebSubExtension, atom=True, rss=True)
        generator.websub.hubs(feed.hubs)
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
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


def image_type(url: str) -> str | None:
    """Return the image MIME type of ``url``'s path from its extension, or None."""
    mime, _ = _image_types().guess_type(urlsplit(url).path)
    return mime if mime is not None and mime.startswith("image/") else None


@cache
def _image_types() -> mimetypes.MimeTypes:
    """Return Python's own table of types (made on first use: it costs 17 ms).

    ``mimetypes.guess_type`` would also read the machine's /etc/mime.types, and the feeds'
    bytes must not depend on the machine (SPEC.md §3, Stable bytes); a ``MimeTypes()`` holds
    only the built-in table. Python 3.11's lacks WebP.
    """
    table = mimetypes.MimeTypes()
    table.add_type("image/webp", ".webp")
    return table


# The W3C validator warns when a text <title> holds what looks like an entity ("&amp;",
# "&copy;") or markup ("<script"); hexadecimal character references are the same characters
# to every XML parser but silence the warning (judge/README.md, feedgen survey). Titles with
# an HTML end tag are written as type="html" instead (render/media.py), which this skips.
_PLAIN_TEXT = re.compile(rb"<(title|category)>([^<]*)</\1>")
_REFERENCE = re.compile(rb"&(?:lt|gt|amp);")
_HEX = {b"&lt;": b"&#x3C;", b"&gt;": b"&#x3E;", b"&amp;": b"&#x26;"}


def write_title_references(data: bytes) -> bytes:
    """Return the serialized feed with ``<``, ``>`` and ``&`` in plain-text titles and RSS
    categories as hex references."""
    return _PLAIN_TEXT.sub(_hex_text, data)


def _hex_text(match: re.Match[bytes]) -> bytes:
    tag, text = match.group(1), match.group(2)
    return b"<%s>%s</%s>" % (tag, _REFERENCE.sub(lambda m: _HEX[m.group(0)], text), tag)
