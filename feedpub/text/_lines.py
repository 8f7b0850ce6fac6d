"""Text shown on one line: invisible characters dropped (Unicode TR #36), white space folded,
cut at a word."""

from __future__ import annotations

import re

from feedpub.text._mojibake import repair_double_utf8

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u206a-\u206f]")


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
