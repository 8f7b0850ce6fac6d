"""The head of a Feed, for one format."""

from __future__ import annotations

from feedpub.model import Feed, FeedFormat
from feedpub.render.documents import FeedHead


def feed_head(feed: Feed, fmt: FeedFormat) -> FeedHead:
    """Return the head of ``feed`` as the file of format ``fmt`` says it."""
    return FeedHead(
        title=feed.title, description=feed.description, language=feed.language,
        home=feed.site_url + "/", author=feed.author, self_url=feed.self_url(fmt),
        updated=feed.updated, icon=feed.icon, logo=feed.logo, hubs=feed.hubs,
    )
