"""Atom 1.0 (RFC 4287): html content, a text summary and an author on every entry."""

from __future__ import annotations

from html import escape

from feedpub.model import Feed
from feedpub.render.feed import MAX_AUTHORS, add_entry, new_generator, write_title_references


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
