"""Characters that must never reach a feed, and how text is made one clean line.

XML 1.0 §2.2 forbids most C0 controls, lone surrogates, U+FFFE and U+FFFF; C1 controls and
U+FEFF are legal but invisible junk that validators flag. Titles additionally lose bidi
overrides and zero-width characters, which can disguise what a reader sees (Unicode TR #36).
"""

from __future__ import annotations

import re
import unicodedata

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_NEWLINES = re.compile("[\x85\u2028\u2029]")
_DOUBLE_UTF8 = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")
_LATIN1_RUN = re.compile("[\u0080-\u00ff]+")
# Any character one of the steps of clean_text would act on, besides line ends and NFC.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c2-\u00f4\u2028\u2029\ud800-\udfff"
    "\ufeff\ufffe\uffff]"
)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u206a-\u206f]")


def clean_text(text: str) -> str:
    """Return ``text`` with ``\\n`` line ends, in NFC, without XML-forbidden characters.

    Clean text comes back as the same object (``source.make_document`` relies on it).
    """
    # Each step is skipped when a fast check says it would change nothing: this runs over
    # every byte of every new document.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _SUSPECT.search(text):
        return _nfc(text)
    if not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text):
        text = _NEWLINES.sub("\n", text)
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("", text)
    if not text.isascii() and _DOUBLE_UTF8.search(text):
        text = repair_double_utf8(text)
    return _nfc(text)


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def repair_double_utf8(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1 ("CafÃ©" for "Café"), run by run.

    feedparser makes the same repair on every element it reads whose text is all Latin-1
    (mixin.py), so leaving the damage in would make a title read back different from what we
    published.
    """
    return _LATIN1_RUN.sub(_repair_run, text) if _DOUBLE_UTF8.search(text) else text


def _repair_run(match: re.Match[str]) -> str:
    try:
        return match.group(0).encode("latin-1").decode("utf-8")
    except UnicodeError:
        return match.group(0)


def one_line(text: str) -> str:
    """Return clean ``text`` as one line: invisible characters dropped, white space collapsed."""
    if text.isascii():
        return " ".join(text.split())
    line = " ".join(_INVISIBLE.sub("", text).split())
    # Dropping an invisible character can join two halves of a damaged sequence.
    return repair_double_utf8(line) if not line.isascii() else line


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary, adding an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--|-->|<!\[CDATA\[|\]\]>")


def strip_markup(text: str) -> str:
    """Return ``text`` without tag-like runs (``<b>``, ``</b>``, ``<!--``, ``<![CDATA[``).

    For names and terms: a reader shows them as plain text, and the W3C validator warns about
    markup in them however it is escaped.
    """
    return " ".join(_TAG.sub(" ", text).split()) if "<" in text or "]]>" in text or "-->" in text else text
