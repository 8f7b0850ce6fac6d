"""Characters that must never reach a feed (XML 1.0 §2.2), and the one form all text takes.

XML 1.0 forbids most C0 controls, lone surrogates, U+FFFE and U+FFFF; C1 controls and U+FEFF
are legal but invisible junk that validators flag. Text is NFC with ``\n`` line ends.
"""

from __future__ import annotations

import re
import unicodedata

from feedpub.text._mojibake import repair_double_utf8

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_NEWLINES = re.compile("[\x85\u2028\u2029]")
# Any character one of the steps of clean_text would act on, besides line ends and NFC.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c2-\u00f4\u2028\u2029\ud800-\udfff"
    "\ufeff\ufffe\uffff]"
)
_DOUBLE_UTF8 = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def has_forbidden(text: str) -> bool:
    """Return True when ``text`` holds a character ``clean_text`` would remove (XML 1.0
    §2.2, and the invisible C1 controls and U+FEFF)."""
    return _XML_ILLEGAL.search(text) is not None


def clean_text(text: str) -> str:
    """Return ``text`` with ``\\n`` line ends, in NFC, without XML-forbidden characters.

    Clean text comes back as the same object (``ingest.make_document`` relies on it).
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
