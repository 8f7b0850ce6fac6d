"""JSON Feed 1.1 (jsonfeed.org/version/1.1): the same entries, ids, dates and order as RSS and
Atom, served as ``application/feed+json``."""

from __future__ import annotations

from feedpub.model import Feed
from feedpub.render.documents import json_document
from feedpub.render.entries import json_item
from feedpub.render.heads import feed_head


def render_json(feed: Feed) -> bytes:
    """Return the JSON Feed document for ``feed``."""
    return json_document(
        feed_head(feed, "json"), (json_item(entry, feed.author) for entry in feed.entries)
    )
