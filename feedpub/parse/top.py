"""The lines right after the title: repeated headline, caption, byline and date lines
(SPEC.md §1, Title, Caption, Byline, Dates)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from feedpub.parse.credits import parse_byline, split_caption, starts_byline
from feedpub.parse.dates import DateOptions, parse_date
from feedpub.parse.layout import repeats_title

# Bylines, date lines and captions stand among the first few lines after the title.
_TOP_LINES = 6
# None of them is longer than a title line can be (layout.is_title_like): a longer line is
# the first paragraph, and trying it as a caption, byline or date cost more than the rest.
_MAX_TOP_LINE = 400
_GLUED_DATE = re.compile(
    r"^((?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]+ \d{1,2}, \d{4})"
    r"\s+(?=[A-Z0-9\"“‘'])"
)
# The labels in English and in the languages of parse/date_words.py, with the word that may
# join them to the date ("Published on", "Publicado el", "Publié le", "Veröffentlicht am",
# "Gepubliceerd op"); credits.py reads the same labels as credits-line keys.
_DATE_LABEL = re.compile(
    r"^(?:(?P<updated>last updated|updated|modified|actualizado|mis à jour|aktualisiert"
    r"|bijgewerkt|uppdaterad|oppdatert|opdateret|оновлено)"
    r"|published|first published|posted|date|publicado|publié|veröffentlicht|gepubliceerd"
    r"|publicerad|publisert|udgivet|опубліковано)"
    r"(?:\s+(?:on|el|le|am|op))?\s*:?\s+(?P<date>.+)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Top:
    """What the lines after the title said. ``repeat`` is the repeated headline taken, if
    any: it goes back to the body when it turns out to be the only body line."""

    caption: tuple[str, str] | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    repeat: str | None = None


def take_top(
    lines: list[str], title: str, dates: DateOptions, dated: bool
) -> tuple[Top, list[str]]:
    """Consume the repeated headline, caption, byline and date lines right after the title.

    With ``dated`` (the header gives the published date), a date line is not the article's
    date but text of its own ("Tuesday, March 1, 2022, 9 PM EST": when the event is), and
    stays in the body.
    """
    top = Top()
    seen = 0
    index = 0
    while index < len(lines) and seen < _TOP_LINES:
        line = lines[index].strip()
        if line:
            if len(line) > _MAX_TOP_LINE or not _take_line(line, title, top, dates, dated):
                break
            seen += 1
        index += 1
    return top, lines[index:]


def _take_line(line: str, title: str, top: Top, dates: DateOptions, dated: bool) -> bool:
    if top.caption is None and not top.authors:
        caption = split_caption(line)
        if caption is not None:
            top.caption = caption
            return True
        if top.repeat is None and repeats_title(line, title):
            top.repeat = line
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
        dated_part = _date_part(part, dates)
        if dated_part is None or (dated and not authors):
            return False
        kind, value = dated_part
        if kind == "updated":
            updated = updated or value
        else:
            published = published or value
    top.authors = (*top.authors, *authors)
    top.published = top.published or published
    top.updated = top.updated or updated
    return True


def take_glued_date(paragraph: list[str], dates: DateOptions) -> datetime | None:
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
