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
        # GMT±N and UTC±N mean east (+) or west (-) of Greenwich as written, not POSIX TZ.
        ("March 3, 2025 14:05 GMT+2", UTC, "2025-03-03T14:05:00+02:00"),
        ("March 3, 2025 14:05 GMT-5", UTC, "2025-03-03T14:05:00-05:00"),
        ("March 3, 2025 14:05 GMT+10", UTC, "2025-03-03T14:05:00+10:00"),
        ("March 3, 2025 14:05 UTC+0900", UTC, "2025-03-03T14:05:00+09:00"),
        ("March 3, 2025 14:05 UTC+05:30", UTC, "2025-03-03T14:05:00+05:30"),
        ("March 3, 2025 14:05 UTC -03:00", UTC, "2025-03-03T14:05:00-03:00"),
        ("3 March 2025 14:05 GMT +2", UTC, "2025-03-03T14:05:00+02:00"),
        ("2025-03-03 14:05 UTC+9", UTC, "2025-03-03T14:05:00+09:00"),
        ("March 3, 2025 14:05 GMT+14", UTC, "2025-03-03T14:05:00+14:00"),
        ("March 3, 2025 14:05 GMT+15", UTC, None),
        ("March 3, 2025 14:05 UTC+14:30", UTC, None),
        ("March 3, 2025 14:05 UTC+09:75", UTC, None),
        ("March 3, 2025 14:05 UTC+12345", UTC, None),
        # xsd:dateTime (RFC 4287's schema) allows offsets up to ±14:00 only.
        ("2025-03-03T14:05:00+15:00", UTC, None),
        ("March 3, 2025 14:05 +1500", UTC, None),
        ("March 3, 2025 14:05 -23:59", UTC, None),
        # A year is as written: dateutil would read 0000 as 2000 and 0099 as 1999.
        ("March 3, 0000", UTC, None),
        ("3 March 0099", UTC, "0099-03-03T00:00:00+00:00"),
        ("March 3, 0001", UTC, "0001-03-03T00:00:00+00:00"),
        ("0001-01-01T00:00:00+01:00", UTC, None),
        ("December 31, 9999 23:00 -05:00", UTC, None),
        ("March 3, 10000", UTC, None),
    ],
)
def test_parse_date(text: str, options: DateOptions, expected: str | None) -> None:
    value = parse_date(text, options)
    if expected is None:
        assert value is None
    else:
        assert value is not None and value.isoformat() == datetime.fromisoformat(expected).isoformat()


# Dates in the languages of parse/date_words.py: month and weekday names in any case, with or
# without accents, abbreviated, and the words that join their parts.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 de marzo de 2025", "2025-03-03T00:00:00+00:00"),
        ("lunes, 3 de marzo de 2025, 10:30", "2025-03-03T10:30:00+00:00"),
        ("miercoles 5 de marzo de 2025 a las 9:15 CET", "2025-03-05T09:15:00+01:00"),
        ("3 DE MARZO DE 2025", "2025-03-03T00:00:00+00:00"),
        ("15 dic. 2024", "2024-12-15T00:00:00+00:00"),
        ("3 de marzo de 2025, 10:30 a.m.", "2025-03-03T10:30:00+00:00"),
        ("3 mars 2025 à 10 h 30", "2025-03-03T10:30:00+00:00"),
        ("mercredi 5 mars 2025 à 14h05", "2025-03-05T14:05:00+00:00"),
        ("3 fevrier 2025", "2025-02-03T00:00:00+00:00"),
        ("1er août 2025", "2025-08-01T00:00:00+00:00"),
        ("1º de abril de 2025", "2025-04-01T00:00:00+00:00"),
        ("12 févr. 2025", "2025-02-12T00:00:00+00:00"),
        ("Montag, 3. März 2025, 10:30 Uhr", "2025-03-03T10:30:00+00:00"),
        ("3. Marz 2025 um 10 Uhr", "2025-03-03T10:00:00+00:00"),
        ("Donnerstag, 6. März 2025 10:30 Uhr MEZ", "2025-03-06T10:30:00+01:00"),
        ("3. Jänner 2025", "2025-01-03T00:00:00+00:00"),
        ("3 maart 2025", "2025-03-03T00:00:00+00:00"),
        ("dinsdag 4 mrt. 2025 om 11.20 uur", "2025-03-04T11:20:00+00:00"),
        ("3 mars 2025 kl. 10.30", "2025-03-03T10:30:00+00:00"),
        ("lördag 1 februari 2025 klockan 18.00", "2025-02-01T18:00:00+00:00"),
        ("fredag 7. mars 2025 kl. 08.15", "2025-03-07T08:15:00+00:00"),
        ("3. marts 2025", "2025-03-03T00:00:00+00:00"),
        ("søndag 9. marts 2025 kl. 21.05", "2025-03-09T21:05:00+00:00"),
        ("3 березня 2025 року", "2025-03-03T00:00:00+00:00"),
        ("3 березня 2025 р.", "2025-03-03T00:00:00+00:00"),
        ("п'ятниця, 7 березня 2025 р., 10:30", "2025-03-07T10:30:00+00:00"),
        ("17 лютого 2025 року о 12:20", "2025-02-17T12:20:00+00:00"),
        ("segunda-feira, 3 de março de 2025 às 10:30", "2025-03-03T10:30:00+00:00"),
        ("lunedì 3 marzo 2025 alle 18:00", "2025-03-03T18:00:00+00:00"),
        ("3 settembre 2025", "2025-09-03T00:00:00+00:00"),
        # A numeric date keeps its dots; only a clock's "10.30" is a time.
        ("03.03.2025 10.30", "2025-03-03T10:30:00+00:00"),
        # Sentences and incomplete dates are not dates in any language.
        ("El 3 de marzo de 2025 el consejo aprobó", None),
        ("Le 3 mars 2025, le gouvernement a annoncé", None),
        ("Am 3. März 2025 streikten die Lokführer", None),
        ("Op 3 maart 2025 opende de gemeente", None),
        ("3 березня 2025 року уряд ухвалив", None),
        ("3 de marzo", None),
        ("marzo de 2025", None),
        ("lunes", None),
        ("kl. 10.30", None),
    ],
)
def test_parse_date_in_other_languages(text: str, expected: str | None) -> None:
    value = parse_date(text, UTC)
    if expected is None:
        assert value is None
    else:
        assert value is not None and value.isoformat() == expected
