"""What every worker of a build shares: how to parse (``Reading``) and how to render an
entry (``EntryContext``); handed to each worker once, when it starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from feedpub.build._articles import Articles

if TYPE_CHECKING:
    from feedpub.parse import ParseOptions
    from feedpub.render.entry import SiteOptions
    from feedpub.render.pages import FeedLink, PageSite


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What rendering any entry needs; handed to each worker once."""

    site: SiteOptions
    author: str
    pages: PageSite | None
    feeds: tuple[FeedLink, ...]
    source_pages: bool
    category_pages: bool
    output: str
    source: str
    articles: Articles | None = None
    dry_run: bool = False


class Reading(NamedTuple):
    """What every job of a build shares: how to parse, and where documents may be read from
    (``ingest.read_bytes``); in a cold build, how to render each entry as it is parsed."""

    options: ParseOptions
    root: str
    max_size: int
    render: EntryContext | None = None
