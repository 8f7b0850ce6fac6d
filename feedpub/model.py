"""The data that flows through a build: Document -> Article -> (Stored) -> Entry -> Feed.

Every class is frozen and holds tuples, never lists or dicts, so a stage cannot change what an
earlier stage produced (STYLE.md, Types).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

FeedFormat = Literal["rss", "atom", "json"]
BlockKind = Literal["paragraph", "list"]


@dataclass(frozen=True, slots=True)
class Document:
    """One source file, decoded.

    ``text`` is NFC-normalised, uses ``\\n`` line ends and holds no character XML 1.0 forbids.
    ``key`` is the path relative to the source folder, with ``/`` separators: the document's
    name in messages, in the registry and in default ids. ``digest`` is the content hash the
    registry recognises the document by (``ingest.digest_text``).
    """

    key: str
    text: str
    encoding: str
    digest: str


@dataclass(frozen=True, slots=True)
class Credit:
    """A credited contribution other than authorship, e.g. ``Credit("Video", "Reuters")``."""

    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Credits:
    """Everyone the document credits (SPEC.md §1, Credits line; §2, credits).

    ``photos`` holds photo credits from the caption and from ``Photo:`` segments, without
    duplicates, in the order they appear. ``disclosures`` are free sentences of the credits line.
    """

    authors: tuple[str, ...] = ()
    source: str | None = None
    source_url: str | None = None
    agency: str | None = None
    photos: tuple[str, ...] = ()
    others: tuple[Credit, ...] = ()
    disclosures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A body block: a paragraph (one item) or a bulleted list (one item per bullet)."""

    kind: BlockKind
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """What one document says, before feedpub decides anything about it.

    ``title`` is one line and never empty; ``body`` holds at least one block; ``summary`` is
    plain text (the header's, or the first block cut at a word). Dates are aware when present;
    ``None`` means the text gave none. ``explicit_id`` and ``link`` come only from a header.

    ``content_html`` is the sanitized HTML of a Markdown body (None for plain text, whose HTML
    is made from ``body``). ``image`` is the lead image as the document names it (a URL or a
    path relative to the site). ``slug`` is the one the front matter asks for. A ``draft`` is
    never published; ``publish_at`` / ``expires`` bound when the entry is in the feeds.
    """

    title: str
    body: tuple[Block, ...]
    credits: Credits = field(default_factory=Credits)
    caption: str | None = None
    summary: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None
    link: str | None = None
    explicit_id: str | None = None
    content_html: str | None = None
    image: str | None = None
    slug: str | None = None
    draft: bool = False
    publish_at: datetime | None = None
    expires: datetime | None = None


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the registry keeps of an Article: enough to give ids and dates, and to tell an
    edit readers would see (``fingerprint`` differs) from one they would not.

    The text itself stays in the file; rendering parses the newest few again. ``slug``,
    ``draft``, ``publish_at`` and ``expires`` are the Article's: the registry decides with
    them which entries are in the feeds at each build's ``now``.
    """

    title: str
    published: datetime | None
    updated: datetime | None
    explicit_id: str | None
    fingerprint: str
    slug: str | None = None
    draft: bool = False
    publish_at: datetime | None = None
    expires: datetime | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """A registered entry to render: what the registry decided (id, slug, dates), and the key
    of the file its text is in."""

    id: str
    slug: str
    key: str
    published: datetime
    updated: datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """A feed entry: an Article plus what the registry decided (id, link, dates).

    ``id`` never changes once assigned. ``published <= updated``, both aware, and no two
    entries in the registry share an ``updated`` instant (SPEC.md §3). ``content_html`` uses
    only the elements of ``feedpub.render.html.ALLOWED_TAGS``. ``image`` is the lead image's
    absolute http(s) URL; ``image_length`` its size in bytes, 0 when unknown.
    """

    id: str
    title: str
    link: str
    summary: str
    content_html: str
    credits: Credits
    published: datetime
    updated: datetime
    categories: tuple[str, ...] = ()
    image: str | None = None
    image_length: int = 0
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """Everything a renderer needs for one feed; ``entries`` are newest first.

    ``updated`` is the latest entry's ``updated`` (the build time only for a feed with no
    entries), never the clock of the render: SPEC.md §3, Stable bytes. ``icon`` and ``logo``
    are absolute URLs from the configuration.
    """

    title: str
    description: str
    language: str
    site_url: str
    author: str
    self_urls: tuple[tuple[FeedFormat, str], ...]
    updated: datetime
    entries: tuple[Entry, ...]
    icon: str | None = None
    logo: str | None = None
    # WebSub hubs (W3C WebSub §4): each feed names them beside its self link.
    hubs: tuple[str, ...] = ()

    def self_url(self, fmt: FeedFormat) -> str:
        """Return the absolute URL the feed of format ``fmt`` is published at."""
        return dict(self.self_urls)[fmt]


@dataclass(frozen=True, slots=True)
class Problem:
    """A document that was skipped, and why: one line for the user.

    ``stat`` is the file's (size, mtime_ns) when the file alone is the cause (empty, no
    title, binary…): while it stays so, later builds refuse it again without reading it.
    It is None for what the scan refuses (found again by every scan) and for what depends on
    other documents (a copy, an id already used), which every build decides again.
    """

    key: str
    reason: str
    stat: tuple[int, int] | None = None
