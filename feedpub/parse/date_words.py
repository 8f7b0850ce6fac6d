"""Dates written in es, fr, de, nl, sv, no, da, uk, pt and it, rewritten in the English words
python-dateutil reads (SPEC.md §1, Dates).

Only the words of a date change: month and weekday names become English ones, the words that
join a date's parts ("3 de marzo de 2025", "10 h 30", "kl. 10.30", "2025 року") go. Every
other word stays as written, so a sentence is still a sentence and dateutil, run non-fuzzy,
still refuses it.
"""

from __future__ import annotations

import re
import unicodedata

_MONTHS: dict[str, tuple[str, ...]] = {
    "January": (
        "enero", "ene", "janvier", "janv", "januar", "jänner", "januari", "січня", "січень",
        "січ", "janeiro", "gennaio", "gen",
    ),
    "February": (
        "febrero", "février", "févr", "fév", "februar", "feber", "februari", "febr", "лютого",
        "лютий", "лют", "fevereiro", "fev", "febbraio",
    ),
    "March": (
        "marzo", "mars", "märz", "mär", "mrz", "maart", "mrt", "marts", "березня", "березень",
        "бер", "março",
    ),
    "April": ("abril", "abr", "avril", "avr", "квітня", "квітень", "квіт", "aprile"),
    "May": ("mayo", "mai", "mei", "maj", "травня", "травень", "трав", "maio", "maggio", "mag"),
    "June": ("junio", "juin", "juni", "червня", "червень", "черв", "junho", "giugno", "giu"),
    "July": ("julio", "juillet", "juil", "juli", "липня", "липень", "лип", "julho", "luglio", "lug"),
    "August": (
        "agosto", "ago", "août", "augustus", "augusti", "серпня", "серпень", "серп",
    ),
    "September": (
        "septiembre", "setiembre", "septembre", "вересня", "вересень", "вер", "setembro", "set",
        "settembre",
    ),
    "October": ("octubre", "octobre", "oktober", "okt", "жовтня", "жовтень", "жовт", "outubro",
                "ottobre", "ott"),
    "November": ("noviembre", "novembre", "листопада", "листопад", "лист", "novembro"),
    "December": (
        "diciembre", "dic", "décembre", "déc", "dezember", "dez", "desember", "des",
        "грудня", "грудень", "груд", "dezembro", "dicembre",
    ),
}
_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "Monday": ("lunes", "lundi", "montag", "maandag", "måndag", "mandag", "понеділок",
               "segunda-feira", "lunedì"),
    "Tuesday": ("martes", "mardi", "dienstag", "dinsdag", "tisdag", "tirsdag", "вівторок",
                "terça-feira", "martedì"),
    "Wednesday": ("miércoles", "mercredi", "mittwoch", "woensdag", "onsdag", "середа",
                  "quarta-feira", "mercoledì"),
    "Thursday": ("jueves", "jeudi", "donnerstag", "donderdag", "torsdag", "четвер",
                 "quinta-feira", "giovedì"),
    "Friday": ("viernes", "vendredi", "freitag", "vrijdag", "fredag", "п'ятниця", "п’ятниця",
               "sexta-feira", "venerdì"),
    "Saturday": ("sábado", "samedi", "samstag", "sonnabend", "zaterdag", "lördag", "lørdag",
                 "lordag", "субота", "sabato"),
    "Sunday": ("domingo", "dimanche", "sonntag", "zondag", "söndag", "søndag", "sondag",
               "неділя", "domenica"),
}
# The words between a date's parts: "de" / "del" (es, pt, it), "à" / "às" / "a las" / "alle"
# before a time, "um … Uhr", "om … uur", "kl." / "klockan" / "klokken", Ukrainian "року" /
# "р." after the year and "о" / "об" before a time, "ore" / "horas" / "год." after it.
_JOINERS = (
    "de", "del", "a", "à", "às", "las", "la", "alle", "ore", "horas", "hrs", "um", "uhr", "om",
    "uur", "kl", "klockan", "klokken", "року", "р", "о", "об", "год",
)
# A word: letters, then more letters after an apostrophe or hyphen ("п'ятниця",
# "segunda-feira"); each repeat starts with its separator, so a word is split one way only. A
# word is taken whole or not at all, and never out of "a.m." (the "a" of "a las" goes).
_WORD = re.compile(r"(?<![\w.])[^\W\d_]+(?:['’-][^\W\d_]+)*(?:\.(?![\w.]))?(?![\w.])")
# The first of the month: French "1er", Spanish and Portuguese "1º".
_FIRST = re.compile(r"(?<!\d)1(?:er|º)(?!\w)", re.IGNORECASE)
# "10 h 30", "10h30", "10.30" (a dot between digits that are not a numeric date's); then a
# whole hour, "10 h", "10 Uhr", "10 uur".
_CLOCK = re.compile(r"(?<![\d.:])(\d{1,2})(?:\s?h\s?|\.)(\d{2})(?![\d.:])", re.IGNORECASE)
_HOURS = re.compile(r"(?<![\d.:])(\d{1,2})\s?(?:h|uhr|uur)(?!\w)", re.IGNORECASE)


def _plain(word: str) -> str:
    """``word`` in lower case without its accents: writers drop them ("Marz", "fevrier")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _table() -> dict[str, str]:
    table = {_plain(word): "" for word in _JOINERS}
    for names in (_MONTHS, _WEEKDAYS):
        for english, words in names.items():
            table.update((_plain(word), english) for word in words)
    return table


_ENGLISH = _table()


def _english_word(match: re.Match[str]) -> str:
    word = match.group(0)
    english = _ENGLISH.get(_plain(word.rstrip(".")))
    return word if english is None else english


def in_english(text: str) -> str:
    """Return ``text`` with its foreign date words in English and its joining words gone.

    The clock is written "10:30" ("10 h 30", "kl. 10.30", "10 Uhr") and runs of white space
    become one space.
    """
    text = _HOURS.sub(r"\1:00", _CLOCK.sub(r"\1:\2", _FIRST.sub("1", text)))
    return " ".join(_WORD.sub(_english_word, text).split())
