"""RSS 2.0 (rssboard.org/rss-specification) with content:encoded, dc:creator and media:credit."""

from __future__ import annotations

from feedpub.model import Feed
from feedpub.render.documents import rss_document
from feedpub.render.entries import rss_item
from feedpub.render.heads import feed_head


def render_rss(feed: Feed) -> bytes:
    """Return the RSS 2.0 document for ``feed``."""
    return rss_document(feed_head(feed, "rss"), map(rss_item, feed.entries))
