"""feedgen extensions for what a feed head says that feedgen 1.0 has no call for.

``render.documents`` has feedgen write the RSS and Atom heads; these add the Media RSS
and Dublin Core namespaces the entries use, the RSS channel's ``atom:link`` elements besides the self link
(WebSub hubs, RFC 5005 archive links) and an archive page's ``<fh:archive/>``.
"""

from __future__ import annotations

from typing import Any

from feedgen.ext.base import BaseExtension

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
HISTORY_NS = "http://purl.org/syndication/history/1.0"
MEDIA_NS = "http://search.yahoo.com/mrss/"
_ATOM_LINK = f"{{{ATOM_NS}}}link"
_ARCHIVE = f"{{{HISTORY_NS}}}archive"


class EntryNamespaces(BaseExtension):  # type: ignore[misc]
    """Declares on the root the prefixes that the entries use: ``render.entries`` writes
    them without feedgen, so no extension of feedgen's declares them."""

    def __init__(self) -> None:
        self._namespaces: dict[str, str] = {}

    def declare(self, namespaces: dict[str, str]) -> None:
        """Set the prefixes and their URIs, in the order of their declarations."""
        self._namespaces = namespaces

    def extend_ns(self) -> dict[str, str]:
        """Return the namespace map entries."""
        return self._namespaces


class ChannelLinks(BaseExtension):  # type: ignore[misc]
    """The RSS channel's ``atom:link`` elements after its self link, in order.

    feedgen writes only the self ``atom:link`` into RSS, and any further ``link()`` call would
    also move the channel's ``<link>`` (feedgen uses the last one), so the WebSub hubs
    (W3C WebSub §4) and the RFC 5005 §4 links are added here. (In Atom, feedgen's ``link()``
    writes them all.)
    """

    def __init__(self) -> None:
        self._links: tuple[dict[str, str], ...] = ()

    def links(self, links: tuple[dict[str, str], ...]) -> None:
        """Set the attributes (``href``, ``rel``, maybe ``type``) of the links to add."""
        self._links = links

    def extend_rss(self, rss_feed: Any) -> Any:
        """Insert the links after the channel's self ``atom:link``."""
        channel = rss_feed.find("channel")
        selves = [c for c in channel if c.tag == _ATOM_LINK and c.get("rel") == "self"]
        position = channel.index(selves[-1]) + 1 if selves else 0
        for offset, attributes in enumerate(self._links):
            channel.insert(position + offset, channel.makeelement(_ATOM_LINK, attributes))
        return rss_feed


class ArchivePage(BaseExtension):  # type: ignore[misc]
    """An RFC 5005 §4 archive page: ``fh:`` declared and ``<fh:archive/>`` after the rest of
    the head (entries come after it)."""

    def extend_ns(self) -> dict[str, str]:
        """Return the namespace map entry for ``fh:``."""
        return {"fh": HISTORY_NS}

    def extend_atom(self, atom_feed: Any) -> Any:
        """Append ``<fh:archive/>`` to the Atom feed."""
        atom_feed.append(atom_feed.makeelement(_ARCHIVE))
        return atom_feed

    def extend_rss(self, rss_feed: Any) -> Any:
        """Append ``<fh:archive/>`` to the RSS channel."""
        channel = rss_feed.find("channel")
        channel.append(channel.makeelement(_ARCHIVE))
        return rss_feed


class RssArchivePage(ArchivePage):
    """``ArchivePage`` for RSS, where ``fh:`` is declared last on ``<rss>``.

    feedgen binds ``atom:`` and ``content:`` after its extensions' prefixes; naming them
    first here (the same URIs) keeps ``fh:`` after them, where feedpub wrote it before feedgen
    wrote the heads: published archive pages keep their bytes (readers and caches compare
    them, SPEC.md §3).
    """

    def extend_ns(self) -> dict[str, str]:
        """Return ``atom:``, ``content:`` and ``fh:``, in that order."""
        return {"atom": ATOM_NS, "content": CONTENT_NS, "fh": HISTORY_NS}
