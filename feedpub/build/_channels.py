"""Which feeds the site has and which entries each lists: the subscription feeds, the RFC 5005
archive pages, and a feed for each source and category (README, "What comes out").

The archive rule (RFC 5005 §4): an entry gets an archive number once, when it is first
found outside the subscription feeds (the newest ``count``), after every number given
before, older entries first; archive page N (from 1) holds the numbers
``(N-1)*size … N*size-1``. An edit keeps an entry's number, so a page once full changes only
when one of its own entries is edited or removed (and once when the page after it is
started: the newest page's ``next-archive`` is the subscription feed, then that page); a
backfilled old entry joins the newest page; an entry back among the newest ``count`` leaves
its page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from feedpub.config import Config
from feedpub.registry import Registry

Member = tuple[str, str]  # (entry id, rendering stamp)


@dataclass(frozen=True, slots=True)
class Channel:
    """One feed, in every format, and its index page: the files under ``folder`` ("" at the
    root, else ending in "/"). ``members`` are newest first. ``kind`` is "main", "archive",
    "source" or "category"; ``number`` is an archive page's, ``pages`` how many there are
    (for the main channel), ``last`` marks the newest archive page."""

    folder: str
    kind: str
    name: str
    members: tuple[Member, ...]
    number: int = 0
    pages: int = 0
    last: bool = False

    def signature(self) -> str:
        """Return a digest of everything the channel's files are assembled from."""
        import hashlib

        # An archive page's signature leaves out how many pages follow it: a full page
        # changes only when its own entries do, or once when the page after it is started.
        data = repr((
            self.folder, self.kind, self.name, self.members, self.number,
            self.pages if self.kind == "main" else 0, self.last,
        ))
        return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


def channels(registry: Registry, config: Config) -> Iterator[Channel]:
    """Yield every channel of the site, the subscription feeds first."""
    newest = registry.newest_rendered(config.count)
    registry.archive_new({entry_id for entry_id, _ in newest})
    size = config.archive_size
    pages = -(-registry.archive_length() // size)
    yield Channel("", "main", config.title, tuple(newest), pages=pages)
    yield from _archive_pages(registry, {entry_id for entry_id, _ in newest}, size, pages)
    for kind, folder, wanted in (
        ("source", "sources", config.source_feeds), ("category", "categories", config.category_feeds),
    ):
        if wanted:
            yield from _term_channels(registry, kind, folder, config.count)


def _archive_pages(
    registry: Registry, current: set[str], size: int, pages: int
) -> Iterator[Channel]:
    members: list[Member] = []
    number = 1
    for seq, entry_id, stamp in registry.archived():
        while seq >= number * size:
            yield _page(members, number, pages)
            members, number = [], number + 1
        if entry_id not in current:
            members.append((entry_id, stamp))
    while number <= pages:
        yield _page(members, number, pages)
        members, number = [], number + 1


def _page(members: list[Member], number: int, pages: int) -> Channel:
    return Channel(
        f"archive/{number}/", "archive", "", tuple(reversed(members)), number, pages,
        last=number == pages,
    )


def _term_channels(registry: Registry, kind: str, folder: str, count: int) -> Iterator[Channel]:
    slug, name = "", ""
    members: list[Member] = []
    for term_slug, term_name, entry_id, stamp in registry.term_members(kind, count):
        if term_slug != slug and members:
            yield Channel(f"{folder}/{slug}/", kind, name, tuple(members))
            members = []
        slug, name = term_slug, term_name
        members.append((entry_id, stamp))
    if members:
        yield Channel(f"{folder}/{slug}/", kind, name, tuple(members))
