"""Atom 1.0 (RFC 4287): html content, a text summary and an author on every entry."""

from __future__ import annotations

from feedpub.model import Feed
from feedpub.render.documents import atom_document
from feedpub.render.entries import atom_entry
from feedpub.render.heads import feed_head


def render_atom(feed: Feed) -> bytes:
    """Return the Atom document for ``feed``."""
    return atom_document(
        feed_head(feed, "atom"), (atom_entry(entry, feed.author) for entry in feed.entries)
    )
