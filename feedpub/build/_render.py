"""Registry -> render: the newest entries, their files parsed again, rendered in every format."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from feedpub.config import Config
from feedpub.errors import DocumentError
from feedpub.ingest import (
    SourceFile,
    make_document,
    read_bytes,
)
from feedpub.model import Article, Feed, FeedFormat, Stored

if TYPE_CHECKING:
    from feedpub.parse import ParseOptions


log = logging.getLogger(__name__)

FEED_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")


def render_feeds(
    newest: list[Stored], root: Path, config: Config, now: datetime,
    refused: set[str] | None = None,
) -> dict[str, bytes]:
    """Render every format from the newest registered entries, parsing their files again
    (except the ``refused`` keys: files the scan refused in this build)."""
    from feedpub.render import FILE_NAMES, FORMATS
    from feedpub.render.entry import SiteOptions, make_entry

    site = SiteOptions(config.site_url, config.sources)
    options = parse_options(config)
    entries = tuple(
        make_entry(stored, article, site)
        for stored, article in (
            (s, _reparse(root, s, config, options, refused or set())) for s in newest
        )
        if article is not None
    )
    feed = Feed(
        title=config.title,
        description=config.description,
        language=config.language,
        site_url=config.site_url,
        author=config.author,
        self_urls=tuple((fmt, f"{config.site_url}/{FILE_NAMES[fmt]}") for fmt in FEED_FORMATS),
        updated=max((e.updated for e in entries), default=now.replace(microsecond=0)),
        entries=entries,
    )
    return {FILE_NAMES[fmt]: FORMATS[fmt](feed) for fmt in FEED_FORMATS}


def _reparse(
    root: Path, stored: Stored, config: Config, options: ParseOptions, refused: set[str]
) -> Article | None:
    from feedpub.parse import parse_document

    # SPEC.md §1: a path the scan refused is not opened again in the same build.
    if stored.key in refused:
        return None
    file = SourceFile(os.path.join(root, stored.key), stored.key, 0, 0)
    try:
        data = read_bytes(str(root), file, config.max_size)
        return parse_document(make_document(file, data), options)
    except DocumentError as exc:
        # Published before, unreadable now (reported by the scan): keep the feed valid.
        log.debug("%s: left out of the feeds: %s", stored.key, exc.reason)
        return None


def parse_options(config: Config) -> ParseOptions:
    from feedpub.parse import ParseOptions

    return ParseOptions.create(config.date_order, config.timezone, config.furniture)
