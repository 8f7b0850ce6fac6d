"""Date strings, one table (after feedparser's tests/test_date_parsers.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from feedpub.parse.dates import DateOptions, parse_date

UTC = DateOptions()


@pytest.mark.parametrize(
    ("text", "options", "expected"),
    [
        ("3 March 2025 14:05 CET", UTC, "2025-03-03T14:05:00+01:00"),
        ("March 3, 2025", UTC, "2025-03-03T00:00:00+00:00"),
        ("2025-03-03T14:05:00Z", UTC, "2025-03-03T14:05:00+00:00"),
        ("Friday, January 4, 2019", UTC, "2019-01-04T00:00:00+00:00"),
        ("2025-03-10 14:27:45-04:00", UTC, "2025-03-10T14:27:45-04:00"),
        ("3 March 2025 14:05 IST", UTC, "2025-03-03T14:05:00+05:30"),
        ("03/04/2025", UTC, "2025-03-04T00:00:00+00:00"),
        ("03/04/2025", DateOptions("DMY"), "2025-04-03T00:00:00+00:00"),
        ("March 3, 2025 9:30", DateOptions(timezone="Europe/Kyiv"), "2025-03-03T09:30:00+02:00"),
        ("July 3, 2025 9:30", DateOptions(timezone="Europe/Kyiv"), "2025-07-03T09:30:00+03:00"),
        ("March 3, 2025 at 2:05 p.m. ET", UTC, "2025-03-03T14:05:00-05:00"),
        ("July 3, 2025, 9:00 a.m. PT", UTC, "2025-07-03T09:00:00-07:00"),
        ("In March, one of these devices was found", UTC, None),
        ("March 3", UTC, None),
        ("2019", UTC, None),
        ("Monday", UTC, None),
        ("The report of March 3, 2025 said the drones were cheap and effective weapons", UTC, None),
        ("February 30, 2025", UTC, None),
    ],
)
def test_parse_date(text: str, options: DateOptions, expected: str | None) -> None:
    value = parse_date(text, options)
    if expected is None:
        assert value is None
    else:
        assert value is not None and value.isoformat() == datetime.fromisoformat(expected).isoformat()
