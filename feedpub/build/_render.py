"""Registry -> render: the newest entries, their files parsed again, rendered in every format."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from feedpub.build._articles import Articles
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
    refused: set[str] | None = None, articles: Articles | None = None,
) -> dict[str, bytes]:
    """Render every format from the newest registered entries, parsing their files again
    (except the ``refused`` keys: files refused in this build; and the ``articles`` this
    build already parsed, whose text has not changed since)."""
    from feedpub.render import FILE_NAMES, FORMATS
    from feedpub.render.entry import SiteOptions, make_entry

    site = SiteOptions(config.site_url, config.sources)
    options = parse_options(config)
    entries = tuple(
        make_entry(stored, article, site, image_length(root, article.image))
        for stored, article in (
            (s, _reparse(root, s, config, options, refused or set(), articles)) for s in newest
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
        hubs=config.hubs,
    )
    return {FILE_NAMES[fmt]: FORMATS[fmt](feed) for fmt in FEED_FORMATS}


def _reparse(
    root: Path, stored: Stored, config: Config, options: ParseOptions, refused: set[str],
    articles: Articles | None,
) -> Article | None:
    from feedpub.parse import parse_document

    # SPEC.md §1: a path the scan refused is not opened again in the same build.
    if stored.key in refused:
        return None
    file = SourceFile(os.path.join(root, stored.key), stored.key, 0, 0)
    try:
        document = make_document(file, read_bytes(str(root), file, config.max_size))
        kept = articles.find(document) if articles is not None else None
        if kept is None:
            kept = parse_document(document, options)
            if articles is not None:
                articles.keep(document, kept)  # a watcher's next build renders it again
        return kept
    except DocumentError as exc:
        # Published before, unreadable now (reported by the scan): keep the feed valid.
        log.debug("%s: left out of the feeds: %s", stored.key, exc.reason)
        return None


def image_length(root: Path, image: str | None) -> int:
    """Return the size in bytes of a lead image given as a path (no scheme) to a regular file
    inside the source folder ``root``; 0 otherwise (RSS 2.0's enclosure length when unknown).

    Only the file's size is read, never its bytes, and never a file outside ``root``, however
    the path or a symlink on it is written (SPEC.md §1: no file outside the folder is read).
    """
    value = (image or "").strip()
    if not value or "://" in value or value.startswith("//") or ":" in value.split("/")[0]:
        return 0
    try:
        base = root.resolve()
        path = (base / value.split("?")[0].split("#")[0].lstrip("/")).resolve()
        if path.is_relative_to(base) and path.is_file():
            return path.stat().st_size
    except (OSError, ValueError):  # a NUL in the path, a loop of symlinks, no permission
        return 0
    return 0


def parse_options(config: Config) -> ParseOptions:
    from feedpub.parse import ParseOptions

    return ParseOptions.create(config.date_order, config.timezone, config.furniture)
