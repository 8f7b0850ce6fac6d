"""Pure parsing: a decoded Document becomes an Article, or a DocumentError says why not.

The steps run in reading order (SPEC.md §1): header block, furniture, title and repeated
headline, the lines near the top (caption, byline, date line), paragraphs, the credits line at
the end, and the dateline of the first paragraph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from feedpub.errors import DocumentError
from feedpub.model import Article, ArticleFacts, Credit, Credits, Document
from feedpub.parse import markdown as md
from feedpub.parse.credits import CreditsLine, dateline_agency, parse_credits_line
from feedpub.parse.dates import DateOptions, parse_date_value
from feedpub.parse.header import Header, split_header
from feedpub.parse.ids import explicit_id
from feedpub.parse.layout import (
    clean_title,
    furniture_pattern,
    is_title_like,
    make_blocks,
    remove_furniture,
    split_paragraphs,
)
from feedpub.parse.metadata import DateValue
from feedpub.parse.top import Top, take_glued_date, take_top
from feedpub.text import one_line, shorten, strip_markup
from feedpub.urls import http_url

__all__ = ["ParseOptions", "document_facts", "parse_document", "parse_with_facts"]

SUMMARY_LENGTH = 280
_MAX_CREDIT_LINES = 4
# A name that opens with a date dates the document when nothing else does: Jekyll's
# YYYY-MM-DD-title.md, Pelican's FILENAME_METADATA default r"(?P<date>\d{4}-\d{2}-\d{2}).*".
# Jekyll's rest of the name is the slug.
_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-(.+)\.[^.]+$|(?!\d))")


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """What parsing needs from the configuration."""

    dates: DateOptions = field(default_factory=DateOptions)
    furniture: re.Pattern[str] = furniture_pattern(())
    markdown_furniture: re.Pattern[str] = furniture_pattern((), rules=False)

    @classmethod
    def create(cls, date_order: str, timezone: str, furniture: tuple[str, ...]) -> ParseOptions:
        """Build options from configuration values."""
        return cls(
            DateOptions(date_order, timezone), furniture_pattern(furniture),
            furniture_pattern(furniture, rules=False),
        )

    def furniture_of(self, markdown: bool) -> re.Pattern[str]:
        """Return the furniture of a document: in Markdown, ``---``, ``***`` and ``===`` lines
        are markup (rules, setext underlines), not page leftovers."""
        return self.markdown_furniture if markdown else self.furniture


def parse_document(document: Document, options: ParseOptions) -> Article:
    """Return the Article ``document`` states.

    :raises DocumentError: the document is empty, or has no title or no body text.
    """
    return _article(_outline(document, options))


def parse_with_facts(document: Document, options: ParseOptions) -> tuple[Article, ArticleFacts]:
    """Return both the Article and the facts of ``document``, reading it once.

    :raises DocumentError: as ``parse_document`` does.
    """
    outline = _outline(document, options)
    return _article(outline), _facts(outline)


def _article(outline: _Outline) -> Article:
    header, paragraphs = outline.header, outline.paragraphs
    body = make_blocks(paragraphs)
    markdown = md.read_markdown(outline.markdown) if outline.markdown is not None else None
    return Article(
        title=outline.title,
        body=markdown.blocks if markdown else body,
        credits=_merge_credits(
            header, outline.top, outline.credits_lines, dateline_agency(paragraphs[0][0])
        ),
        caption=outline.top.caption[0] if outline.top.caption else None,
        summary=_summary(header, markdown.lead if markdown else " ".join(body[0].items)),
        published=outline.published,
        updated=outline.updated,
        categories=_unique([strip_markup(one_line(c)) for c in header.categories]),
        language=one_line(header.language) if header.language else None,
        link=http_url(header.link) if header.link else None,
        explicit_id=outline.explicit_id,
        content_html=markdown.html if markdown else None,
        # The header's image, else a Markdown body's first image with an http(s) URL.
        image=(one_line(header.image) if header.image else None)
        or (markdown.image if markdown else None),
        slug=outline.slug,
        draft=header.draft,
        publish_at=outline.publish_at,
        expires=outline.expires,
    )


def document_facts(document: Document, options: ParseOptions) -> ArticleFacts:
    """Return what the registry keeps of ``document``: the title, dates and id that
    ``parse_document`` gives, found by the same steps without building the body.

    The registry needs these for every document, but the feeds show only the newest few, and
    building their bodies (blocks, credits, summary) was half the cost of a cold build.

    :raises DocumentError: as ``parse_document`` does, for the same documents.
    """
    return _facts(_outline(document, options))


def _facts(outline: _Outline) -> ArticleFacts:
    return ArticleFacts(
        outline.title, outline.published, outline.updated, outline.explicit_id,
        outline.fingerprint, outline.slug, outline.header.draft, outline.publish_at,
        outline.expires,
    )


@dataclass(slots=True)
class _Outline:
    """A document read as far as its facts: all but the body's blocks and merged credits."""

    header: Header
    title: str
    top: Top
    paragraphs: list[list[str]]
    credits_lines: list[CreditsLine]
    published: datetime | None
    updated: datetime | None
    explicit_id: str | None
    fingerprint: str
    markdown: str | None = None  # a Markdown body's source (markdown.body_source)
    slug: str | None = None
    publish_at: datetime | None = None
    expires: datetime | None = None


def _outline(document: Document, options: ParseOptions) -> _Outline:
    key = document.key
    if not document.text.strip():
        raise DocumentError(key, "empty document")
    header, lines = split_header(document.text.split("\n"), key)
    lines = remove_furniture(lines, options.furniture_of(markdown := md.is_markdown(key)))
    title, lines = _take_title(header, lines, key, markdown)
    # Hugo: a page without "date" is dated by its "publishDate".
    stated = _first_date([header.published, header.publish_at], options.dates, None)
    top, lines = _take_top(lines, title, options.dates, stated is not None, markdown)
    paragraphs = split_paragraphs("\n".join(lines))
    fingerprint = _fingerprint(header, title, top, paragraphs)
    if stated is None and top.published is None and paragraphs:
        top.published = take_glued_date(paragraphs[0], options.dates)
    credits_lines = _take_credits_lines(paragraphs, md.credits_text if markdown else str)
    if not paragraphs and top.repeat is not None:
        # A headline-like line is body text when there is no other.
        paragraphs = [[top.repeat]]
    if not paragraphs:
        raise DocumentError(key, "no body text (only a title)")
    dates = [d for c in credits_lines for d in c.dates]
    updated = _first_date(
        [header.updated, *(v for k, v in dates if k == "updated")], options.dates, top.updated
    )
    # Only "Updated: …" given: the article was out by then, which beats "first seen".
    published = stated or _first_date(
        [None, *(v for k, v in dates if k == "published")], options.dates, top.published,
    ) or updated
    # Looked at only when it can matter: most documents are dated, and few have front matter.
    name = (
        _DATED_NAME.match(key.rpartition("/")[2])
        if published is None or (header.fenced and not header.slug) else None
    )
    return _Outline(
        header=header,
        title=title,
        top=top,
        paragraphs=paragraphs,
        credits_lines=credits_lines,
        published=published or _name_date(name, options.dates),
        updated=updated,
        explicit_id=explicit_id(header.id, key),
        fingerprint=fingerprint,
        markdown=md.body_source(lines, paragraphs, len(credits_lines)) if markdown else None,
        # Jekyll reads a post's name only when it has front matter; a plain-text archive
        # named by date keeps the slugs its whole name gives.
        slug=_slug(header.slug) or (name.group(4) if name and header.fenced else None),
        publish_at=_publish_at(header, stated, options.dates),
        expires=_first_date([header.expires], options.dates, None),
    )


def _publish_at(header: Header, stated: datetime | None, dates: DateOptions) -> datetime | None:
    """Return when the entry may first be in the feeds: its ``publishDate``; with front
    matter, not before its date either, as Hugo (``buildFuture = false``) and Jekyll
    (``future: false``) hold back a page dated in the future by default."""
    publish_at = _first_date([header.publish_at], dates, None)
    if header.fenced and stated is not None and (publish_at is None or stated > publish_at):
        return stated
    return publish_at


def _name_date(name: re.Match[str] | None, dates: DateOptions) -> datetime | None:
    """Return the date a file name opens with (``_DATED_NAME``), if it names a day."""
    if name is None:
        return None
    try:
        day = date(int(name.group(1)), int(name.group(2)), int(name.group(3)))
    except ValueError:
        return None
    return parse_date_value(day, dates)


def _slug(text: str | None) -> str | None:
    value = one_line(text) if text else ""
    return value or None


def _fingerprint(header: Header, title: str, top: Top, paragraphs: list[list[str]]) -> str:
    """Hash what readers can see: the header's fields, the title, the lines after the title as
    read, and the paragraphs' lines. A change of line ends, encoding (the text is decoded
    already), blank lines or the white space around lines keeps the fingerprint, so it
    announces no update.
    """
    dates = [d.isoformat() if d else "" for d in (top.published, top.updated)]
    text = "\n\n".join(map("\n".join, paragraphs))
    # U+001F never survives source.decode_text, so it cannot blur the parts' boundaries.
    data = f"{header!r}\x1f{title}\x1f{top.caption!r}{top.authors!r}{dates!r}\x1f{text}".encode()
    # Not a security use: SHA-256 is the fastest hash here (CPU instructions), twice blake2b.
    return hashlib.sha256(data).hexdigest()[:32]


def _take_title(
    header: Header, lines: list[str], key: str, markdown: bool
) -> tuple[str, list[str]]:
    if header.title and clean_title(header.title):
        return clean_title(header.title), lines
    for index, line in enumerate(lines):
        if line.strip() and not (markdown and md.is_rule(line)):
            if not is_title_like(line.strip()):
                raise DocumentError(key, "no title (the first line is a whole paragraph)")
            title = clean_title(md.title_text(line) if markdown else line)
            if not title:
                raise DocumentError(key, "no title (the first line has no words)")
            return title, lines[index + 1:]
    raise DocumentError(key, "no title and no body text (only a header block)")


def _take_top(
    lines: list[str], title: str, dates: DateOptions, dated: bool, markdown: bool
) -> tuple[Top, list[str]]:
    """Return ``top.take_top`` of ``lines``; a Markdown document's are read as the text they
    show, up to the first that starts a Markdown block."""
    if not markdown:
        return take_top(lines, title, dates, dated)
    start, end = md.top_end(lines)
    top, rest = take_top(md.top_lines(lines[start:end]), title, dates, dated)
    return top, lines[end - len(rest):]


def _take_credits_lines(
    paragraphs: list[list[str]], text: Callable[[str], str]
) -> list[CreditsLine]:
    """Remove the credits lines that end the text and return them, first line first; ``text``
    gives the text a line shows (Markdown's ``*Source: [AP](…)*`` shows "Source: AP")."""
    found: list[CreditsLine] = []
    while paragraphs and len(found) < _MAX_CREDIT_LINES:
        parsed = parse_credits_line(text(paragraphs[-1][-1]))
        if parsed is None:
            break
        found.insert(0, parsed)
        paragraphs[-1].pop()
        if not paragraphs[-1]:
            paragraphs.pop()
    return found


def _merge_credits(
    header: Header, top: Top, lines: list[CreditsLine], agency: str | None
) -> Credits:
    # A name is plain text with no type attribute to declare markup (RFC 4287 §3.2.1): the
    # source and agency become Atom author names and RSS <source>, photos media:credit.
    sources = _names([header.source or "", *(s for c in lines for s in c.sources)])
    authors = header.authors or _unique([*top.authors, *(a for c in lines for a in c.authors)])
    photos = [header.photo or "", top.caption[1] if top.caption else ""]
    source_url = http_url(header.source_url) if header.source_url else None
    return Credits(
        authors=_names(list(authors)),
        source=sources[0] if sources else None,
        source_url=source_url or next((c.source_url for c in lines if c.source_url), None),
        agency=(strip_markup(agency) or None) if agency else None,
        photos=_names([*photos, *(p for c in lines for p in c.photos)]),
        others=tuple(
            [Credit("Source", s) for s in sources[1:]]
            + [Credit(role, name) for c in lines for role, name in c.others]
        ),
        disclosures=_unique([d for c in lines for d in c.disclosures]),
    )


def _names(values: list[str]) -> tuple[str, ...]:
    return _unique([strip_markup(one_line(v)) for v in values])


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        value = one_line(value)
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return tuple(seen.values())


def _first_date(
    values: list[DateValue | None], options: DateOptions, fallback: datetime | None
) -> datetime | None:
    """Return the first explicit date that parses: the header's value (the first item) wins
    over ``fallback`` (the date lines), which wins over the rest (the credits lines)."""
    header, *rest = values
    value = parse_date_value(header, options) if header else None
    if value is not None or fallback is not None:
        return value or fallback
    for later in rest:
        value = parse_date_value(later, options) if later else None
        if value is not None:
            return value
    return None


def _summary(header: Header, lead: str) -> str:
    if header.summary and one_line(header.summary):
        return shorten(one_line(header.summary), SUMMARY_LENGTH)
    return shorten(lead, SUMMARY_LENGTH)
