"""A feedgen feed extension for WebSub discovery: ``<link rel="hub">`` in both formats.

W3C WebSub §4: a publisher names its hubs, and the topic URL (the self link), in the feed.
feedgen writes only the self ``atom:link`` into RSS, and any further ``link()`` call would
also move the RSS channel link (feedgen uses the last one), so the hub links are added here.
"""

from __future__ import annotations

from typing import Any

from feedgen.ext.base import BaseExtension

ATOM_NS = "http://www.w3.org/2005/Atom"
_LINK = f"{{{ATOM_NS}}}link"


class WebSubExtension(BaseExtension):  # type: ignore[misc]
    """Feed half only: the hubs, written after the feed's self link."""

    def __init__(self) -> None:
        self._hubs: tuple[str, ...] = ()

    def hubs(self, urls: tuple[str, ...]) -> None:
        """Set the hubs the feed names."""
        self._hubs = urls

    def extend_ns(self) -> dict[str, str]:
        """Declare nothing: both formats already bind the Atom namespace."""
        return {}

    def extend_rss(self, rss_feed: Any) -> Any:
        """Add an ``atom:link rel="hub"`` per hub to the RSS channel."""
        self._insert(rss_feed.find("channel"), _LINK)
        return rss_feed

    def extend_atom(self, atom_feed: Any) -> Any:
        """Add a ``link rel="hub"`` per hub to the Atom feed, before its entries."""
        # feedgen builds Atom children without a namespace; the feed's default one applies.
        self._insert(atom_feed, "link")
        return atom_feed

    def _insert(self, parent: Any, tag: str) -> None:
        links = [child for child in parent if child.tag == tag and child.get("rel") == "self"]
        position = parent.index(links[-1]) + 1 if links else 0
        for offset, hub in enumerate(self._hubs):
            parent.insert(position + offset, parent.makeelement(tag, {"href": hub, "rel": "hub"}))
