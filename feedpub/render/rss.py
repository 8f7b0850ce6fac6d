"""RSS 2.0 (rssboard.org/rss-specification) with content:encoded, dc:creator and media:credit."""

from __future__ import annotations

from html import escape

from feedpub.model import Feed
from feedpub.render.feed import MAX_AUTHORS, add_entry, new_generator, write_title_references
from feedpub.render.html import join_names


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
