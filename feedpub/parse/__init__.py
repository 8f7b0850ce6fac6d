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
from datetime import datetime

from feedpub.errors import DocumentError
from feedpub.model import Article, ArticleFacts, Credit, Credits, Document
from feedpub.parse import markdown as md
from feedpub.parse.credits import (
    CreditsLine,
    dateline_agency,
    parse_byline,
    parse_credits_line,
    split_caption,
    starts_byline,
)
from feedpub.parse.dates import DateOptions, parse_date
from feedpub.parse.header import Header, split_header
from feedpub.parse.ids import explicit_id
from feedpub.parse.layout import (
    clean_title,
    furniture_pattern,
    is_title_like,
    make_blocks,
    remove_furniture,
    repeats_title,
    split_paragraphs,
)
from feedpub.text import one_line, shorten, strip_markup
from feedpub.urls import http_url

__all__ = ["ParseOptions", "document_facts", "parse_document", "parse_with_facts"]

SUMMARY_LENGTH = 280
# Bylines, date lines and captions stand among the first few lines after the title.
_TOP_LINES = 6
# None of them is longer than a title line can be (layout.is_title_like): a longer line is
# the first paragraph, and trying it as a caption, byline or date cost more than the rest.
_MAX_TOP_LINE = 400
_MAX_CREDIT_LINES = 4
_GLUED_DATE = re.compile(
    r"^((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4})"
    r"\s+(?=[A-Z0-9\"“‘'])"
)
_DATE_LABEL = re.compile(
    r"^(?:(?P<updated>last updated|updated|modified)|published|first published|posted|date)"
    r"(?:\s+on)?\s*:?\s+(?P<date>.+)$",
    re.IGNORECASE,
)


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


@dataclass(slots=True)
class _Top:
    caption: tuple[str, str] | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None


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
        image=markdown.image if markdown else None,
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
        outline.fingerprint,
    )


@dataclass(slots=True)
class _Outline:
    """A document read as far as its facts: all but the body's blocks and merged credits."""

    header: Header
    title: str
    top: _Top
    paragraphs: list[list[str]]
    credits_lines: list[CreditsLine]
    published: datetime | None
    updated: datetime | None
    explicit_id: str | None
    fingerprint: str
    markdown: str | None = None  # a Markdown body's source (markdown.body_source)


def _outline(document: Document, options: ParseOptions) -> _Outline:
    key = document.key
    if not document.text.strip():
        raise DocumentError(key, "empty document")
    markdown = md.is_markdown(key)
    header, lines = split_header(document.text.split("\n"))
    lines = remove_furniture(lines, options.markdown_furniture if markdown else options.furniture)
    title, lines = _take_title(header, lines, key, markdown)
    if markdown:  # read as the text they show, up to a line that starts a Markdown block
        start, end = md.top_end(lines)
        top, rest = _take_top(md.top_lines(lines[start:end]), title, options.dates)
        lines = lines[end - len(rest):]
    else:
        top, lines = _take_top(lines, title, options.dates)
    paragraphs = split_paragraphs("\n".join(lines))
    fingerprint = _fingerprint(header, title, top, paragraphs)
    if top.published is None and paragraphs:
        top.published = _take_glued_date(paragraphs[0], options.dates)
    credits_lines = _take_credits_lines(paragraphs, md.credits_text if markdown else str)
    source = md.body_source(lines, paragraphs, len(credits_lines)) if markdown else None
    if not paragraphs:
        raise DocumentError(key, "no body text (only a title)")
    dates = [d for c in credits_lines for d in c.dates]
    updated = _first_date(
        [header.updated, *(v for k, v in dates if k == "updated")], options.dates, top.updated
    )
    published = _first_date(
        [header.published, *(v for k, v in dates if k == "published")],
        options.dates, top.published,
    )
    return _Outline(
        header=header,
        title=title,
        top=top,
        paragraphs=paragraphs,
        credits_lines=credits_lines,
        # Only "Updated: …" given: the article was out by then, which beats "first seen".
        published=published or updated,
        updated=updated,
        explicit_id=explicit_id(header.id, key),
        fingerprint=fingerprint,
        markdown=source,
    )


def _fingerprint(header: Header, title: str, top: _Top, paragraphs: list[list[str]]) -> str:
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


def _take_top(lines: list[str], title: str, dates: DateOptions) -> tuple[_Top, list[str]]:
    """Consume the repeated headline, caption, byline and date lines right after the title."""
    top = _Top()
    seen = 0
    index = 0
    while index < len(lines) and seen < _TOP_LINES:
        line = lines[index].strip()
        if line:
            if len(line) > _MAX_TOP_LINE or not _take_top_line(line, title, top, dates):
                break
            seen += 1
        index += 1
    return top, lines[index:]


def _take_top_line(line: str, title: str, top: _Top, dates: DateOptions) -> bool:
    if top.caption is None and not top.authors:
        caption = split_caption(line)
        if caption is not None:
            top.caption = caption
            return True
        if repeats_title(line, title):
            return True
    # "By Jane Doe | March 3, 2025": every part must be a byline or a date; "3 March 2025 |
    # 14:05" is one date.
    parts = line.split("|")
    if len(parts) > 1 and _date_part(" ".join(parts), dates) is not None:
        parts = [" ".join(parts)]
    authors: list[str] = []
    published = updated = None
    for part in parts:
        names, part = _byline_part(part, dates)
        if names:
            authors.extend(names)
            if not part:
                continue
        dated = _date_part(part, dates)
        if dated is None:
            return False
        kind, value = dated
        if kind == "updated":
            updated = updated or value
        else:
            published = published or value
    top.authors = (*top.authors, *authors)
    top.published = top.published or published
    top.updated = top.updated or updated
    return True


def _take_glued_date(paragraph: list[str], dates: DateOptions) -> datetime | None:
    """Take a full date line that lost its line break ("Friday, March 29, 2019 Toronto…").

    Only the long weekday form counts: a sentence never starts with one, so no date is
    guessed from body text (SPEC.md §1, Dates).
    """
    match = _GLUED_DATE.match(paragraph[0])
    value = parse_date(match.group(1), dates) if match else None
    if match and value is not None:
        paragraph[0] = paragraph[0][match.end():]
    return value


def _byline_part(part: str, dates: DateOptions) -> tuple[tuple[str, ...], str]:
    """Split "By Jane Doe" or "By Jane Doe, March 3, 2025" into the names and what follows."""
    if not starts_byline(part):
        return (), part
    names = parse_byline(part)
    if names:
        return names, ""
    head, comma, tail = part.partition(", ")
    while comma:
        names = parse_byline(head)
        if names and _date_part(tail, dates) is not None:
            return names, tail
        more, comma, tail = tail.partition(", ")
        head = f"{head}, {more}"
    return (), part


def _date_part(part: str, dates: DateOptions) -> tuple[str, datetime] | None:
    """Read ``Published: <date>``, ``Updated <date>`` or a bare date; None if not a date."""
    label = _DATE_LABEL.match(part.strip())
    value = parse_date(label.group("date") if label else part, dates)
    if value is None:
        return None
    return ("updated" if label and label.group("updated") else "published"), value


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
    header: Header, top: _Top, lines: list[CreditsLine], agency: str | None
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
    texts: list[str | None], options: DateOptions, fallback: datetime | None
) -> datetime | None:
    """Return the first explicit date that parses; header values come first, so they win."""
    header, *rest = texts
    for text in [header] if header else []:
        value = parse_date(text, options)
        if value is not None:
            return value
    if fallback is not None:
        return fallback
    for later in rest:
        value = parse_date(later or "", options)
        if value is not None:
            return value
    return None


def _summary(header: Header, lead: str) -> str:
    if header.summary and one_line(header.summary):
        return shorten(one_line(header.summary), SUMMARY_LENGTH)
    return shorten(lead, SUMMARY_LENGTH)
