"""Pure rendering: a Feed becomes the bytes of one file per format; an entry becomes the
fragment of each format that every feed listing it reuses (``render.entries``)."""

from __future__ import annotations

from collections.abc import Callable

from feedpub.model import Feed, FeedFormat
from feedpub.render.atom import render_atom
from feedpub.render.jsonfeed import render_json
from feedpub.render.rss import render_rss

Renderer = Callable[[Feed], bytes]

FORMATS: dict[FeedFormat, Renderer] = {
    "rss": render_rss, "atom": render_atom, "json": render_json,
}
FILE_NAMES: dict[FeedFormat, str] = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}

__all__ = ["FILE_NAMES", "FORMATS", "Renderer"]
