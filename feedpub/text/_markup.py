"""Tag-like runs in names and terms, which have no way to declare markup (RFC 4287 §3.2.1)."""

from __future__ import annotations

import re

_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--|-->|<!\[CDATA\[|\]\]>")


def strip_markup(text: str) -> str:
    """Return ``text`` without tag-like runs (``<b>``, ``</b>``, ``<!--``, ``<![CDATA[``).

    For names and terms: a reader shows them as plain text, and the W3C validator warns about
    markup in them however it is escaped.
    """
    return " ".join(_TAG.sub(" ", text).split()) if "<" in text or "]]>" in text or "-->" in text else text
