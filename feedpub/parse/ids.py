"""The header's ``Id:``: an entry's explicit id, in canonical form (SPEC.md §1, Header block)."""

from __future__ import annotations

import json

from feedpub.errors import DocumentError
from feedpub.text import one_line
from feedpub.urls import canonical_id

# An Id: value quoted in a reason is cut to this many characters.
_MAX_SHOWN_ID = 80


def explicit_id(text: str | None, key: str) -> str | None:
    """Return the header's ``Id:`` in canonical form, or None when the header gives none.

    :raises DocumentError: the id is not one ``urls.canonical_id`` takes.
    """
    value = one_line(text) if text else ""
    if not value:
        return None
    canonical = canonical_id(value)
    if canonical is None:
        shown = value if len(value) <= _MAX_SHOWN_ID else value[: _MAX_SHOWN_ID - 1] + "…"
        quoted = json.dumps(shown, ensure_ascii=False)
        # The reason is printed as it is: anything a terminal cannot show goes as \uXXXX.
        quoted = quoted if quoted.isprintable() else json.dumps(shown)
        raise DocumentError(key, f"Id: {quoted} is not an absolute http(s), tag: or urn: URI")
    return canonical
