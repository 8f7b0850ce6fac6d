"""How a check's message quotes a value from the feed."""

from __future__ import annotations

_SHOWN_LENGTH = 60


def shown(value: str | None) -> str:
    """Quote a value from the feed for a one-line message: escaped, and cut if long."""
    quoted = repr(value if value is None else value[:_SHOWN_LENGTH])
    return quoted + ("…" if value and len(value) > _SHOWN_LENGTH else "")
