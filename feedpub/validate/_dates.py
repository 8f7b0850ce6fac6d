"""Dates as feeds must write them: RFC 822 in RSS, RFC 3339 within ±14:00 in Atom."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_tz

from feedpub.validate._quote import shown

# RFC 2822 §3.3, the form of RFC 822 §5 that the RSS 2.0 spec prefers (four-digit years) and
# the W3C validator accepts without a warning.
_RFC822 = re.compile(
    r"^(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? "
    r"(?:[+-]\d{4}|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$"
)
# RFC 3339 §5.6 date-time, with the upper-case "T" and the zone RFC 4287 §3.3 requires.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-](?P<hours>\d{2}):(?P<minutes>\d{2}))$"
)
# xsd:dateTime, the type of RFC 4287's RELAX NG schema: offsets within ±14:00.
_MAX_OFFSET_MINUTES = 14 * 60


def rfc822_problem(text: str) -> str | None:
    """Return why ``text`` is not an RFC 822 date-time, or None when it is one."""
    match = _RFC822.match(text)
    if match is None:
        return f"{shown(text)} is not an RFC 822 date-time"
    parts = parsedate_tz(text)
    try:
        day = date(*parts[:3]) if parts else None
    except ValueError:
        day = None
    if day is None or not parts or parts[3] > 23 or parts[4] > 59 or parts[5] > 60:
        return f"{shown(text)} is not a date and time on the calendar"
    # RFC 822 §5.1: the day of the week, when given, must be the date's.
    if match.group("dow") and day.strftime("%a") != match.group("dow"):
        return f"{shown(text)} gives the wrong day of the week"
    return None


def date_problem(text: str) -> str | None:
    """Return why ``text`` is not a date construct of RFC 4287 §3.3, or None when it is one."""
    match = _RFC3339.match(text)
    hours, minutes = (int(match["hours"] or 0), int(match["minutes"] or 0)) if match else (0, 0)
    # RFC 3339 §5.6: time-minute is 00-59, in the offset too.
    if match is None or minutes > 59 or instant(text) is None:
        return "is not an RFC 3339 date-time"
    if hours * 60 + minutes > _MAX_OFFSET_MINUTES:
        return "has a zone offset beyond ±14:00 (xsd:dateTime, RFC 4287 Appendix B)"
    return None


def instant(text: str) -> datetime | None:
    """Return the moment an RFC 3339 date-time names, or None if ``text`` is not one."""
    text = text.strip()
    if not _RFC3339.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
