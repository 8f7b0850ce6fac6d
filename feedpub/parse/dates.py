"""Dates from header values and date lines, as aware datetimes (SPEC.md §1, Dates).

A string is a date only when it is nothing but a date: python-dateutil runs non-fuzzy, so a
sentence such as "In March, one of these devices…" never dates a document. A year is required,
because dateutil would otherwise take the missing parts from today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset

from feedpub.parse.date_words import in_english

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_SHAPE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}[/.]\d{{1,2}}[/.]\d{{1,2}}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTH})\.?,?\s+\d{{4}})",
    re.IGNORECASE,
)
_MAX_DATE_LENGTH = 80
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
# dateutil fills what a date leaves out from this; naive on purpose, so that a date written
# without a zone is recognised as such and takes the configured timezone.
_DEFAULT = datetime(2000, 1, 1)  # noqa: DTZ001
_WRITTEN_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_MAX_OFFSET = timedelta(hours=14)
# "GMT+2", "UTC+0900", "UTC -05:00": a zone name and a signed offset, a space allowed between.
_GMT_SIGN = re.compile(r"(?<![A-Za-z])(?:GMT|UTC)\s?[+-]", re.IGNORECASE)
_GMT_OFFSET = re.compile(
    r"(?<![A-Za-z])(?:GMT|UTC)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?(?![\d:])", re.IGNORECASE
)

# Zone abbreviations dateutil does not know; RFC 822 §5 names the US ones, the rest are the
# European and Asian zones newsrooms print most.
_ZONES: dict[str, float] = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "CEST": 2,
    "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5, "HKT": 8, "SGT": 8,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
    "HST": -10,
}


# US newsrooms write "ET" for whichever of EST and EDT is in force on the day.
_US_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
# AP style "2:05 p.m.", which dateutil does not read.
_MERIDIEM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateOptions:
    """How to read dates: the order of ambiguous numeric dates and the zone of naive times."""

    date_order: str = "MDY"
    timezone: str = "UTC"


def parse_date(text: str, options: DateOptions) -> datetime | None:
    """Return the aware datetime ``text`` states, or None if it is not only a date.

    Not a date either: a year before 1 (``March 3, 0000``), an instant outside years 1-9999
    in UTC, an offset beyond ±14:00 or not in whole minutes. A date in es, fr, de, nl, sv, no,
    da, uk, pt or it ("3 de marzo de 2025") is read in English words (``date_words``) when it
    is not a date as written, so an English date reads exactly as it did before.
    """
    text = text.strip().rstrip(".")
    if len(text) > _MAX_DATE_LENGTH:
        return None
    value = _parse_written(text, options)
    english = in_english(text) if value is None else text
    return _parse_written(english, options) if english != text else value


def _parse_written(text: str, options: DateOptions) -> datetime | None:
    shape = _DATE_SHAPE.search(text)
    east = _east_offset(text) if shape else None
    if shape is None or east is None:
        return None
    value = _iso_date(east) or _dateutil_date(_MERIDIEM.sub(r"\1m", east), options)
    if value is None:
        return None
    written = _WRITTEN_YEAR.search(shape.group(0))
    if written and int(written.group(0)) < 100 and value.year != int(written.group(0)):
        # dateutil adds a century to "March 3, 0099" (1999) and "0000" (2000).
        if int(written.group(0)) == 0:
            return None
        value = value.replace(year=int(written.group(0)))
    return _aware(value, options)


def parse_date_value(value: str | date, options: DateOptions) -> datetime | None:
    """Return the aware datetime of a header value: text (``parse_date``), or a ``date`` /
    ``datetime`` that a YAML or TOML parser built. A date alone is midnight, and a time
    without a zone is in the configured zone, as with text (SPEC.md §1, Dates).
    """
    if isinstance(value, str):
        return parse_date(value, options)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)  # noqa: DTZ001 - zone below
    return _aware(value, options)


def _aware(value: datetime, options: DateOptions) -> datetime | None:
    """Return ``value`` in the configured zone if naive; None if it is no usable instant."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(options.timezone))
    try:
        offset = value.utcoffset()
        value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    # RFC 3339 §5.6 writes offsets in whole minutes; xsd:dateTime, the type of RFC 4287's
    # schema, caps them at ±14:00.
    if offset is None or offset % timedelta(minutes=1) or abs(offset) > _MAX_OFFSET:
        return None
    return value


def _east_offset(text: str) -> str | None:
    """Return ``text`` with a ``GMT+2`` or ``UTC+09:00`` zone written as a numeric offset.

    News text means the offset east of Greenwich as written; dateutil follows the POSIX TZ
    convention and reads "GMT+2" as two hours west. None when the offset is not one (minutes
    over 59, beyond ±14:00, or not a number of hours and minutes).
    """
    if not _GMT_SIGN.search(text):
        return text
    match = _GMT_OFFSET.search(text)
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if minutes > 59 or timedelta(hours=hours, minutes=minutes) > _MAX_OFFSET:
        return None
    return f"{text[: match.start()]}{sign}{hours:02d}:{minutes:02d}{text[match.end():]}"


def _iso_date(text: str) -> datetime | None:
    """RFC 3339 / ISO 8601 dates, the common case, without dateutil's tokenizer."""
    if not _ISO.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _dateutil_date(text: str, options: DateOptions) -> datetime | None:
    try:
        value = dateutil_parser.parse(
            text,
            default=_DEFAULT,
            dayfirst=options.date_order == "DMY",
            yearfirst=options.date_order == "YMD",
            tzinfos=_zone,
        )
    except (dateutil_parser.ParserError, ValueError, OverflowError):
        return None
    return value


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    if name and name.upper() in _US_ZONES:
        return ZoneInfo(_US_ZONES[name.upper()])
    if name and name.upper() in _ZONES:
        hours = _ZONES[name.upper()]
        return timezone(timedelta(hours=hours), name.upper()) if hours else UTC
    if offset is not None:
        return tzoffset(None, offset)
    return None
