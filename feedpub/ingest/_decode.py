"""Decode a document's bytes to clean text, at the edge, as feedparser's ``encodings.py``
does: everything after ingest sees clean ``str`` (SPEC.md §1, Encoding).
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

from feedpub.errors import DocumentError
from feedpub.ingest._walk import SourceFile
from feedpub.model import Document
from feedpub.text import clean_text

# Bytes that plain text in any of our encodings almost never holds.
_CONTROL_BYTES = bytes([*range(9), 11, *range(14, 32), 127])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_BINARY_SHARE = 0.05
_NUL_SHARE = 0.01
# UTF-16 without BOM: the share of code units that hold a NUL byte in Latin text, and the
# least share (spaces and line ends) in text of other scripts.
_LATIN_NULS = 0.4
_SCRIPT_NULS = 0.01


# Unassigned, private-use, surrogate and control characters: what random bytes decode to.
_JUNK_CATEGORIES = frozenset({"Cn", "Co", "Cs", "Cc"})
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def make_document(file: SourceFile, data: bytes) -> Document:
    """Decode ``data`` into a Document.

    :raises DocumentError: the bytes are binary or not text in any encoding we read.
    """
    text, encoding, utf8 = _decode(data, file.key)
    return Document(file.key, text, encoding, _digest(text.encode() if utf8 is None else utf8))


def digest_text(text: str) -> str:
    """Return the content hash the registry uses to recognise a document.

    It hashes the decoded text, not the bytes: the same article saved as UTF-16 or with CRLF
    line ends is the same document (a duplicate, or a move).
    """
    return _digest(text.encode("utf-8"))


def _digest(utf8: bytes) -> str:
    return hashlib.blake2b(utf8, digest_size=16).hexdigest()


def decode_text(data: bytes, key: str) -> tuple[str, str]:
    """Decode bytes to clean text and name the encoding used.

    Order (SPEC.md §1, Encoding): a BOM (UTF-32, UTF-8, UTF-16); UTF-16 without BOM when its
    NUL bytes say so; UTF-8; else legacy text: cp1252 where that is clearly right, else what
    charset-normalizer finds (``ingest._charset``). NUL bytes or a high share of control
    bytes otherwise mean binary.

    :raises DocumentError: binary content.
    """
    text, encoding, _ = _decode(data, key)
    return text, encoding


def _decode(data: bytes, key: str) -> tuple[str, str, bytes | None]:
    """``decode_text``, and the text's UTF-8 when it is ``data`` (else None)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                data = data[len(bom):]
                break
            return _decode_wide(data[len(bom):], encoding, key), encoding, None
    nuls = data.count(0)
    if nuls:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _decode_wide(data, utf16, key), utf16, None
        # A stray NUL in text is removed like any forbidden character (SPEC.md §1); many are
        # the mark of a binary file.
        if nuls > _NUL_SHARE * len(data):
            raise DocumentError(key, "binary file (NUL bytes), not text")
    return _decode_narrow(data, key)


def _decode_narrow(data: bytes, key: str) -> tuple[str, str, bytes | None]:
    """Decode UTF-8, else legacy text (``decode_legacy``); ``_decode`` without the wide
    encodings."""
    if data and len(data.translate(None, _TEXT_BYTES)) > _BINARY_SHARE * len(data):
        raise DocumentError(key, "binary file (control bytes), not text")
    try:
        decoded = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        text = clean_text(decoded)
        # Clean already (clean_text handed back its argument): the bytes are the text's
        # UTF-8, and the digest need not encode it again.
        return text, "utf-8", data if text is decoded else None
    # Imported here: its patterns cost a few milliseconds to compile, which a build of UTF-8
    # documents (and one where nothing changed) never needs to spend.
    from feedpub.ingest._charset import decode_legacy

    text, encoding = decode_legacy(data)
    return text, encoding, None


def _decode_wide(data: bytes, encoding: str, key: str) -> str:
    """Decode UTF-16 or UTF-32; junk after a byte order mark is a binary file, not text."""
    text = data.decode(encoding, "replace")
    junk = sum(
        1 for char in text
        if char == "\ufffd"
        or (char not in "\t\n\r" and unicodedata.category(char) in _JUNK_CATEGORIES)
    )
    if junk > _BINARY_SHARE * len(text) + 1:
        raise DocumentError(key, f"binary file (not {encoding} text)")
    return clean_text(text.replace("\ufffd", ""))


def _utf16_without_bom(data: bytes) -> str | None:
    """Name the UTF-16 that ``data`` (holding NUL bytes, and no BOM) is written in, or None.

    Latin text is mostly NULs at one parity. Cyrillic, Greek or CJK text has them only where
    an ASCII character stands (spaces, line ends, digits): few, but all at one parity, and
    then the text must decode strictly, with no control or unassigned character, and hold a
    space or a line break, before it is taken for UTF-16 rather than binary.
    """
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > _LATIN_NULS * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > _LATIN_NULS * half and odd_nuls == 0:
        return "utf-16-be"
    if (even_nuls == 0) == (odd_nuls == 0) or max(even_nuls, odd_nuls) < _SCRIPT_NULS * half:
        return None
    encoding = "utf-16-le" if odd_nuls else "utf-16-be"
    return encoding if _reads_as_text(data, encoding) else None


def _reads_as_text(data: bytes, encoding: str) -> bool:
    """Return True when ``data`` decodes strictly to text with a space or a line break and
    no control or unassigned character."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return (" " in text or "\n" in text) and not any(
        char not in "\t\n\r" and unicodedata.category(char) in _JUNK_CATEGORIES for char in text
    )
