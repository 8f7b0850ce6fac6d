"""UTF-8 that was decoded as Latin-1 ("CafÃ©" for "Café"): found and undone, run by run."""

from __future__ import annotations

import re

_DOUBLE_UTF8 = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")
_LATIN1_RUN = re.compile("[\u0080-\u00ff]+")


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
