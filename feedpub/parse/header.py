"""The optional header block at the top of a document (SPEC.md §1, Header block).

Two shapes: ``Key: value`` lines up to the first blank line, read as Pelican reads its
metadata (an indented line continues the value above it); or front matter as Hugo, Jekyll and
Eleventy write it, read by real parsers (``parse.frontmatter``). The keys of both mean the
same (``parse.metadata``).
"""

from __future__ import annotations

import re

from feedpub.parse.frontmatter import find_front_matter
from feedpub.parse.metadata import Header, field_name, make_header

__all__ = ["Header", "split_header"]

_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,30}(?: [A-Za-z0-9_-]{1,30})?):(?:\s+(.*))?$")
_JEKYLL_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-")
# What can open front matter: a YAML or TOML fence, or a JSON object.
_OPENINGS = ("---", "+++", "{")


def split_header(lines: list[str], key: str = "") -> tuple[Header, list[str]]:
    """Return the header block's fields and the lines after it (all lines if there is none).

    ``key`` names the document in a refusal.

    :raises DocumentError: the front matter is one feedpub refuses to read
        (``frontmatter.find_front_matter``).
    """
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].lstrip().startswith(_OPENINGS):
        found = find_front_matter(lines, start, key)
        if found is not None:
            fields, end = found
            return make_header(fields.items(), fenced=True, jekyll=_is_jekyll_post(key)), lines[end:]
    return _split_plain(lines, start)


def _is_jekyll_post(key: str) -> bool:
    """Jekyll's posts live in ``_posts/`` and are named ``YYYY-MM-DD-title.ext``."""
    return "_posts/" in key or _JEKYLL_NAME.match(key.rpartition("/")[2]) is not None


def _split_plain(lines: list[str], start: int) -> tuple[Header, list[str]]:
    pairs: list[tuple[str, str]] = []
    end = start
    while end < len(lines) and lines[end].strip():
        line = lines[end]
        if pairs and line[:1] in (" ", "\t"):
            # Pelican (Python-Markdown's meta extension): an indented line continues the
            # value of the key above it.
            name, value = pairs[-1]
            pairs[-1] = (name, f"{value} {line.strip()}".strip())
            end += 1
            continue
        match = _KEY_LINE.match(line.strip())
        if match is None:
            return Header(), lines
        pairs.append((match.group(1), (match.group(2) or "").strip()))
        end += 1
    known = [name for name, _ in pairs if field_name(name) is not None]
    # A block opens with a known key: "Live: Russia-Ukraine war updates" over a
    # "Published: …" line is a title over a date line (SPEC.md §1, Header block).
    if not pairs or field_name(pairs[0][0]) is None or len(known) * 2 < len(pairs):
        return Header(), lines
    return make_header(pairs), lines[end:]
