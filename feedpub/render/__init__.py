"""Pure rendering: a Feed becomes the bytes of one file per format."""

from __future__ import annotations

from collections.abc import Callable

from feedpub.model import Feed, FeedFormat
from feedpub.render.atom import render_atom
from feedpub.render.rss import render_rss

Renderer = Callable[[Feed], bytes]

FORMATS: dict[FeedFormat, Renderer] = {"rss": render_rss, "atom": render_atom}
FILE_NAMES: dict[FeedFormat, str] = {"rss": "rss.xml", "atom": "atom.xml"}

__all__ = ["FILE_NAMES", "FORMATS", "Renderer"]
