"""Render -> publish: each channel's feeds (and index page) assembled from the entries'
renderings, staged only when what they are made of changed since the last build."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast

from feedpub.build._channels import Channel, channels
from feedpub.build._entries import decode, rendered_entry
from feedpub.config import Config
from feedpub.model import FeedFormat
from feedpub.publish import Staging, stage_file
from feedpub.registry import Registry
from feedpub.render import FILE_NAMES
from feedpub.render.documents import (
    MIME_TYPES,
    FeedHead,
    atom_document,
    json_document,
    rss_document,
)
from feedpub.render.pages import FeedLink, PageSite, Section, index_page

if TYPE_CHECKING:
    from feedpub.build._workers import Workers

_WRITERS = {"rss": rss_document, "atom": atom_document, "json": json_document}
_LABELS: dict[FeedFormat, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
_KINDS = {"source": "sources", "category": "categories"}
# Channels handed to the workers at a time (one to each), and batches handed on before this
# process waits for the oldest: the workers assemble while this process reads the next
# renderings, and no more than (_IN_FLIGHT + 1) * _BATCH channels' renderings are held
# (archive pages of `archive_size` entries: a few MB, however many entries the site has). A
# worker holds one channel at a time: two made its memory grow by half at 100,000 entries.
_BATCH = 2
_IN_FLIGHT = 2
# An entry's rendering and the registry's published and updated instants for it.
Rendering = tuple[bytes, datetime, datetime]


@dataclass(frozen=True, slots=True)
class SiteContext:
    """What assembling any channel needs."""

    config: Config
    now: datetime
    pages: PageSite | None
    dry_run: bool = False


def feed_links(site_url: str, folder: str, title: str) -> tuple[FeedLink, ...]:
    """Return the feeds of the channel in ``folder``, for pages to offer."""
    return tuple(
        FeedLink(f"{title} ({_LABELS[fmt]})", MIME_TYPES[fmt], f"{site_url}/{folder}{name}")
        for fmt, name in FILE_NAMES.items()
    )


def publish_channels(registry: Registry, workers: Workers, staging: Staging) -> dict[str, bytes]:
    """Stage every channel whose files are missing or made of something else than last time,
    and remove those of channels that are gone; return the root feeds' bytes when staged.
    ``workers`` assemble the channels (``assemble_channel``, with its SiteContext)."""
    context = cast(SiteContext, workers.context(assemble_channel))
    before = registry.signatures()
    after: dict[str, str] = {}
    root_feeds: dict[str, bytes] = {}
    handed = _Handed(workers, staging)
    pending: list[tuple[Channel, list[Rendering]]] = []
    for channel in channels(registry, context.config):
        signature = after[channel.folder] = channel.signature()
        names = _file_names(channel, context)
        if before.get(channel.folder) == signature and all(
            (staging.folder / channel.folder / name).is_file() for name in names
        ):
            continue
        found = registry.renderings([entry_id for entry_id, _ in channel.members])
        blobs = [found[entry_id] for entry_id, _ in channel.members if entry_id in found]
        if channel.folder:
            pending.append((channel, blobs))
            if len(pending) == _BATCH:
                handed.hand(pending)
                pending = []
            continue
        # The subscription feeds in this process: ``check`` reads their bytes.
        for name, data in _assemble(channel, blobs, context).items():
            staging.add(name, data)
            if name != "index.html":
                root_feeds[name] = data
    handed.hand(pending)
    handed.finish()
    for folder in sorted(set(before) - set(after)):
        for name in (*FILE_NAMES.values(), "index.html"):
            staging.remove(folder + name)
    registry.set_signatures(after)
    return root_feeds


class _Handed:
    """Batches of channels handed to the workers: this process reads the next batch's
    renderings while they assemble, and stages a batch's files once more than
    ``_IN_FLIGHT`` batches are out."""

    def __init__(self, workers: Workers, staging: Staging) -> None:
        self._workers = workers
        self._staging = staging
        self._out: deque[Iterable[list[tuple[str, str | None, bool]]]] = deque()

    def hand(self, batch: list[tuple[Channel, list[Rendering]]]) -> None:
        """Hand ``batch`` to the workers (if it has channels)."""
        if batch:
            self._out.append(self._workers.map(assemble_channel, batch, 2))
        while len(self._out) > _IN_FLIGHT:
            self._stage_oldest()

    def finish(self) -> None:
        """Stage the files of every batch still out."""
        while self._out:
            self._stage_oldest()

    def _stage_oldest(self) -> None:
        for files in self._out.popleft():
            for name, temporary, existed in files:
                self._staging.adopt(name, temporary, existed)


def _formats(channel: Channel) -> dict[FeedFormat, str]:
    """The formats of a channel's feeds. Archive pages are Atom and RSS: RFC 5005 defines
    them for Atom, and RSS readers follow the same atom:link elements; JSON Feed 1.1 has no
    archive documents, so feed.json is the newest entries only."""
    if channel.kind == "archive":
        return {fmt: name for fmt, name in FILE_NAMES.items() if fmt != "json"}
    return FILE_NAMES


def _file_names(channel: Channel, context: SiteContext) -> tuple[str, ...]:
    names = tuple(_formats(channel).values())
    return (*names, "index.html") if context.pages and channel.kind != "archive" else names


def assemble_channel(
    job: tuple[Channel, list[Rendering]], context: SiteContext
) -> list[tuple[str, str | None, bool]]:
    """Assemble a channel from its members' renderings (in a worker: the archive pages of a
    cold build decode every entry), and stage its files (``publish.stage_file``)."""
    channel, blobs = job
    return [
        (channel.folder + name, *stage_file(
            str(context.config.output), channel.folder + name, data, name, dry_run=context.dry_run
        ))
        for name, data in _assemble(channel, blobs, context).items()
    ]


def _assemble(
    channel: Channel, blobs: list[Rendering], context: SiteContext
) -> dict[str, bytes]:
    config = context.config
    formats = _formats(channel)
    decoded = [decode(*blob, formats) for blob in blobs]
    # The newest instant the feed's entries carry (SPEC.md §3: never the clock's).
    updated = max((blob[2] for blob in blobs), default=context.now.replace(microsecond=0))
    title = _title(channel, config.title)
    files: dict[str, bytes] = {}
    for index, (fmt, name) in enumerate(formats.items()):
        head = _head(channel, context, fmt, title, updated)
        files[name] = _WRITERS[fmt](head, (parts[index] for parts in decoded))
    if context.pages is not None and channel.kind != "archive":
        section = None if channel.kind == "main" else Section(
            channel.kind, channel.name, f"{config.site_url}/{channel.folder}",  # type: ignore[arg-type]
            home=dict(config.sources).get(channel.name) if channel.kind == "source" else None,
        )
        entries = tuple(rendered_entry(blob[0]) for blob in blobs)
        files["index.html"] = index_page(
            entries, context.pages, feed_links(config.site_url, channel.folder, title),
            section=section,
        )
    return files


def _title(channel: Channel, site_title: str) -> str:
    if channel.kind in _KINDS:
        return f"{site_title}: {channel.name}"
    return site_title


def _head(
    channel: Channel, context: SiteContext, fmt: FeedFormat, title: str, updated: datetime,
) -> FeedHead:
    config = context.config
    base = f"{config.site_url}/"
    home = base + channel.folder if context.pages and channel.kind in _KINDS else base
    description = config.description
    if channel.kind == "source":
        description = f"{config.description}: from {channel.name}"
    elif channel.kind == "category":
        description = f"{config.description}: in {channel.name}"
    return FeedHead(
        title=title, description=description, language=config.language, home=home,
        author=config.author, self_url=f"{base}{channel.folder}{FILE_NAMES[fmt]}",
        updated=updated,
        links=() if fmt == "json" else _history(channel, base, FILE_NAMES[fmt]),
        archive=channel.kind == "archive",
        icon=config.icon, logo=config.logo, hubs=config.hubs,
    )


def _history(channel: Channel, base: str, name: str) -> tuple[tuple[str, str], ...]:
    """RFC 5005 §4 links: the subscription feed names the newest archive page; each page its
    neighbours and the subscription feed (``current``), the newest page's ``next-archive``
    being the subscription feed itself."""
    if channel.kind == "main":
        return (("prev-archive", f"{base}archive/{channel.pages}/{name}"),) if channel.pages else ()
    if channel.kind != "archive":
        return ()
    links = [("current", base + name)]
    if channel.number > 1:
        links.append(("prev-archive", f"{base}archive/{channel.number - 1}/{name}"))
    following = base + name if channel.last else f"{base}archive/{channel.number + 1}/{name}"
    links.append(("next-archive", following))
    return tuple(links)
