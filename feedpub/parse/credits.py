"""Who the document credits: the credits line, bylines, dateline agencies, caption credits.

SPEC.md §1: a credits line is ``|``-separated ``Key: value`` segments and free sentences (a
disclosure) near the end; a lone ``Source: X`` or ``Photo: X`` line counts too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from feedpub.text import one_line
from feedpub.urls import http_url

# Keys in English and in the languages whose bylines _BYLINE reads (es, fr, de, nl, sv, no,
# da, uk); a French "Source : AFP" has its space before the colon (_SEGMENT allows it).
_AUTHOR_KEYS = {
    "by", "author", "authors", "text", "words", "writer", "written by", "reporter",
    "autor", "autora", "autores", "texto", "escrito por",
    "auteur", "auteurs", "autrice", "texte", "écrit par",
    "autorin", "autoren", "verfasser", "geschrieben von",
    "tekst", "schrijver",
    "författare", "forfatter", "skribent", "journalist",
    "автор", "авторка", "автори", "текст",
}
_PHOTO_KEYS = {
    "photo", "photos", "image", "images", "picture", "pictures", "photograph", "photography",
    "foto", "photo credit", "image credit", "cover photo", "main photo",
    "fotos", "fotografía", "fotografia", "imagen", "imágenes", "crédito fotográfico",
    "crédit photo", "crédits photo", "illustration photo",
    "bild", "bilder", "bildquelle", "fotograf", "fotografin",
    "beeld", "afbeelding", "foto's", "fotograaf",
    "bilde", "billede", "billeder",
    "фото", "світлина", "світлини", "зображення", "фотограф",
}
_SOURCE_KEYS = {
    "source", "sources", "originally published", "original",
    "fuente", "fuentes", "quelle", "quellen", "bron", "bronnen", "källa", "källor", "kilde",
    "kilder", "джерело", "джерела",
}
_URL_KEYS = {"url", "link", "source url", "source-url", "original url"}
# The date labels of top.py's _DATE_LABEL, with their joining word ("Publié le : …").
_UPDATED_KEYS = {
    "updated", "modified", "last updated", "actualizado", "actualizado el", "mis à jour",
    "mis à jour le", "aktualisiert", "aktualisiert am", "bijgewerkt", "bijgewerkt op",
    "uppdaterad", "oppdatert", "opdateret", "оновлено",
}
_DATE_KEYS = {
    "published", "date", "publicado", "publicado el", "publié", "publié le", "veröffentlicht",
    "veröffentlicht am", "gepubliceerd", "gepubliceerd op", "publicerad", "publisert",
    "udgivet", "опубліковано",
} | _UPDATED_KEYS
_VIDEO_KEYS = {"video", "vídeo", "vidéo", "відео"}
_CREDIT_WORDS = {"credit", "credits", "crédito", "créditos", "crédit", "crédits"}
_LICENSE_KEYS = {
    "license", "licence", "licencia", "lizenz", "licentie", "licens", "lisens", "ліцензія",
}
_OTHER_KEYS = {
    "editor", "editing", "edited by", "translation", "translated by", "translator",
    "via", "illustration", "graphics", "infographic", "reporting",
    "additional reporting", "research", "copyright", "audio", "camera",
    "production", "producer", "fact-check", "fact check", "contributor", "contributors",
    "edición", "editora", "redacción", "traducción", "ilustración", "infografía", "vía",
    "édition", "rédaction", "traduction", "infographie",
    "redaktion", "bearbeitung", "übersetzung", "grafik", "infografik", "mitarbeit",
    "redactie", "eindredactie", "vertaling", "illustratie",
    "redaktör", "redaktør", "översättning", "oversættelse", "oversettelse", "grafikk",
    "illustrasjon",
    "редактор", "редакторка", "переклад", "ілюстрація", "інфографіка",
} | _VIDEO_KEYS | _CREDIT_WORDS | _LICENSE_KEYS
CREDIT_KEYS = _AUTHOR_KEYS | _PHOTO_KEYS | _SOURCE_KEYS | _URL_KEYS | _DATE_KEYS | _OTHER_KEYS
# A lone line with one of these keys is a credits line even without a "|" (SPEC.md §1).
_LONE_KEYS = (
    _PHOTO_KEYS | _SOURCE_KEYS | _VIDEO_KEYS | _CREDIT_WORDS | _LICENSE_KEYS | {"via", "vía"}
)

# A key starts with a letter of any script, then letters, spaces, hyphens or an apostrophe
# ("foto's"); a digit in it only means it is no known key.
_SEGMENT = re.compile(r"^([^\W\d_][\w' -]{0,24}?)\s*:\s*(.+)$")
_MAX_CREDITS_LINE = 600
_MAX_LONE_VALUE = 200

_NAME_WORD = r"(?:[A-Z\u00c0-\u024f\u0370-\u04ff][\w'’.\-]*|de|da|di|van|von|der|den|del|la|le|bin|al|ibn|y)"
_NAME = rf"[A-Z\u00c0-\u024f\u0370-\u04ff][\w'’.\-]*(?:\s+{_NAME_WORD}){{0,4}}"
# "By" in English, es, fr, de, nl, sv and no, da; uk bylines are written "Автор: …".
_BYLINE_WORDS = (
    r"(?:By|BY|Written by|Words by|Reporting by|Par|PAR|Von|VON|Por|POR|Door|DOOR|Av|Af"
    r"|Автор:|Авторка:|АВТОР:)\s+"
)
# "and" in those languages (Spanish "y", Dutch "en", Ukrainian "і", "й", "та").
_AND = r"\b(?:and|et|und|og|och|y|en|і|й|та)\b"
_BYLINE_START = re.compile(_BYLINE_WORDS)
_BYLINE = re.compile(
    rf"^{_BYLINE_WORDS}({_NAME}(?:\s*(?:,\s*and|,|{_AND}|&)\s*{_NAME}){{0,5}})\s*$"
)
# The white space around a separator is stripped from the names, not matched: "\s*" in
# front was tried from each space of a run.
_NAME_SPLIT = re.compile(rf",\s*and\s|,|{_AND}|&")

# AP style dateline: a place in capitals, an optional (AGENCY), then a dash (SPEC.md §1).
# Written so that no run of white space is tried in more than one way (a run of spaces cost
# its length cubed): the white space before "(" or the dash is taken whole, as it is only
# followed by what cannot be white space; after the comma, the region either starts past the
# white space or is one of its spaces ("KYIV, (AP) —"). It finds the same matches, with the
# same agency, as ",\s*[\w.'’ -]{1,40}?)?\s*(?:\((…)\))?\s*[—–-]" did.
_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ.'’ -]{1,40}"
    r"(?:,(?:\s*+[\w.'’ -]{1,40}?|[^\S ]*+ ))?\s*+"
    r"(?:\((?P<agency>[^()]{1,40})\)\s*+)?[—–-]{1,2}\s"
)
# A dateline is the first words of a paragraph; a longer start is not tried.
_MAX_DATELINE = 200
_CAPTION = re.compile(r"^(?P<text>.{3,300}?)\s*\((?P<credit>[^()]{2,80})\)$")
# "Via Teleconference (July 18, 2022)" is a subtitle with a date, not a photo credit.
_DATE_LIKE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_CREDIT_PREFIX = re.compile(
    r"^(?:photo|image|picture|foto|credit|source|photo credit|image credit)\s*(?::|by)\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CreditsLine:
    """One credits line as parsed: the segments sorted into their kinds."""

    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    source_url: str | None = None
    photos: tuple[str, ...] = ()
    others: tuple[tuple[str, str], ...] = ()
    disclosures: tuple[str, ...] = ()
    dates: tuple[tuple[str, str], ...] = field(default=())


def parse_credits_line(line: str) -> CreditsLine | None:
    """Return the credits the line states, or None when it is not a credits line."""
    line = line.strip()
    # Every segment a credits line is known by is "Key: value".
    if len(line) > _MAX_CREDITS_LINE or ":" not in line:
        return None
    segments = [s.strip() for s in line.split("|") if s.strip()]
    keyed = [_keyed(s) for s in segments]
    known = [k for k in keyed if k is not None]
    if not known:
        return None
    if len(segments) == 1 and (known[0][0] not in _LONE_KEYS or len(known[0][1]) > _MAX_LONE_VALUE):
        return None
    return _sort_segments(segments, keyed)


def _keyed(segment: str) -> tuple[str, str] | None:
    match = _SEGMENT.match(segment)
    if match is None or match.group(1).strip().lower() not in CREDIT_KEYS:
        return None
    return match.group(1).strip().lower(), one_line(match.group(2))


def _sort_segments(segments: list[str], keyed: list[tuple[str, str] | None]) -> CreditsLine:
    authors: list[str] = []
    sources: list[str] = []
    photos: list[str] = []
    others: list[tuple[str, str]] = []
    disclosures: list[str] = []
    dates: list[tuple[str, str]] = []
    source_url = None
    for segment, pair in zip(segments, keyed, strict=True):
        if pair is None:
            disclosures.append(one_line(segment))
            continue
        key, value = pair
        if key in _AUTHOR_KEYS:
            authors.extend(split_names(value))
        elif key in _SOURCE_KEYS:
            sources.append(value)
        elif key in _URL_KEYS and source_url is None and (url := http_url(value)) is not None:
            source_url = url
        elif key in _PHOTO_KEYS:
            photos.append(value)
        elif key in _DATE_KEYS:
            dates.append(("updated" if key in _UPDATED_KEYS else "published", value))
        else:
            others.append((_role(segment), value))
    return CreditsLine(
        tuple(authors), tuple(sources), source_url, tuple(photos), tuple(others),
        tuple(disclosures), tuple(dates),
    )


def _role(segment: str) -> str:
    return one_line(segment.split(":", 1)[0])


def split_names(text: str) -> tuple[str, ...]:
    """Split ``Jane Doe, John Roe and Ann Poe`` into names."""
    return tuple(n.strip() for n in _NAME_SPLIT.split(text) if n.strip())


def starts_byline(line: str) -> bool:
    """Return True when ``line`` opens as a byline does ("By ", "Par "…); a cheap first test."""
    return _BYLINE_START.match(line.strip()) is not None


def parse_byline(line: str) -> tuple[str, ...] | None:
    """Return the authors a ``By Jane Doe and John Roe`` line names, or None."""
    match = _BYLINE.match(line.strip())
    if match is None:
        return None
    return split_names(match.group(1))


def dateline_agency(paragraph: str) -> str | None:
    """Return the agency of a ``KYIV, Ukraine (AP) — …`` dateline, or None."""
    match = _DATELINE.match(paragraph[:_MAX_DATELINE])
    if match is None or not match.group("agency"):
        return None
    return one_line(match.group("agency"))


def split_caption(line: str) -> tuple[str, str] | None:
    """Split a caption line ``text (credit)`` into its text and photo credit, or return None.

    A caption is headline-like: it does not end a sentence before its credit.
    """
    line = line.strip()
    # The pattern's own end, tested first: trying it on every top line cost more than the rest.
    match = _CAPTION.match(line) if line.endswith(")") else None
    if match is None:
        return None
    text = match.group("text").strip()
    credit = _CREDIT_PREFIX.sub("", match.group("credit").strip()).strip()
    if (
        not credit
        or text.endswith((".", "!", "?", ":", ";", ","))
        or not text[:1].isupper()
        or _is_shouting(text)
        or any(c in text for c in "():")
        or credit.endswith(":")
        or _DATE_LIKE.search(credit)
    ):
        return None
    return one_line(text), one_line(credit)


def _is_shouting(text: str) -> bool:
    words = text.split()
    return sum(word.isupper() for word in words) * 2 > len(words)
