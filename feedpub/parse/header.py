"""The optional header block at the top of a document (SPEC.md §1, Header block).

Two shapes: ``Key: value`` lines up to the first blank line, or front matter between ``---``
fences as Jekyll and Hugo users write it (a YAML subset: plain, quoted and folded scalars,
flow ``[a, b]`` and block ``- a`` lists). Full YAML is not needed and its aliases would let one
document expand without bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedpub.text import clean_text

# SPEC.md §1: the keys, case-insensitive, with the spellings writers use for them.
_FIELDS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "updated": "updated",
    "modified": "updated",
    "lastmod": "updated",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "source": "source",
    "source-url": "source_url",
    "source_url": "source_url",
    "sourceurl": "source_url",
    "photo": "photo",
    "image-credit": "photo",
    "link": "link",
    "url": "link",
    "permalink": "link",
    "id": "id",
    "guid": "id",
    "tags": "categories",
    "categories": "categories",
    "category": "categories",
    "keywords": "categories",
    "language": "language",
    "lang": "language",
    "summary": "summary",
    "description": "summary",
}
_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,30}(?: [A-Za-z0-9_-]{1,30})?):(?:\s+(.*))?$")
_FENCE = "---"
_MAX_FENCED_LINES = 200

Value = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Header:
    """The header's known fields, raw text as written; ``None`` where absent."""

    title: str | None = None
    published: str | None = None
    updated: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    source_url: str | None = None
    photo: str | None = None
    link: str | None = None
    id: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None
    summary: str | None = None


def split_header(lines: list[str]) -> tuple[Header, list[str]]:
    """Return the header block's fields and the lines after it (all lines if there is none)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == _FENCE:
        fenced = _split_fenced(lines, start + 1)
        if fenced is not None:
            return fenced
    return _split_plain(lines, start)


def _split_plain(lines: list[str], start: int) -> tuple[Header, list[str]]:
    pairs: list[tuple[str, str]] = []
    end = start
    while end < len(lines) and lines[end].strip():
        match = _KEY_LINE.match(lines[end].strip())
        if match is None:
            return Header(), lines
        pairs.append((match.group(1), match.group(2) or ""))
        end += 1
    known = [key for key, _ in pairs if _field(key) is not None]
    # A block opens with a known key: "Live: Russia-Ukraine war updates" over a
    # "Published: …" line is a title over a date line (SPEC.md §1, Header block).
    if not pairs or _field(pairs[0][0]) is None or len(known) * 2 < len(pairs):
        return Header(), lines
    return _make_header([(k, v.strip()) for k, v in pairs]), lines[end:]


def _split_fenced(lines: list[str], start: int) -> tuple[Header, list[str]] | None:
    limit = min(len(lines), start + _MAX_FENCED_LINES)
    for end in range(start, limit):
        if lines[end].strip() in (_FENCE, "..."):
            pairs = _parse_yaml_subset(lines[start:end])
            return _make_header(pairs), lines[end + 1:]
    return None


def _make_header(pairs: list[tuple[str, Value]]) -> Header:
    values: dict[str, Value] = {}
    for key, value in pairs:
        name = _field(key)
        if name is not None and name not in values and value:
            values[name] = value
    text = {k: _as_text(v) for k, v in values.items() if k not in ("authors", "categories")}
    return Header(
        **text,
        authors=_as_list(values.get("authors", ()), _NAME_SPLIT),
        categories=_as_list(values.get("categories", ()), _TAG_SPLIT),
    )


def _field(key: str) -> str | None:
    """Return the Header field a key names ("Source URL" is "source_url"), or None."""
    return _FIELDS.get(key.lower().replace(" ", "-"))


# The white space around a separator is stripped from the items (_as_list), not matched:
# "\s*" in front of the separator was tried from each space of a run, quadratic in its length.
_NAME_SPLIT = re.compile(r";|,\s*and\s|,|\band\b|&")
_TAG_SPLIT = re.compile(r"[,;]")


def _as_text(value: Value) -> str:
    return ", ".join(value) if isinstance(value, tuple) else value


def _as_list(value: Value, separator: re.Pattern[str]) -> tuple[str, ...]:
    items = value if isinstance(value, tuple) else tuple(separator.split(value))
    return tuple(dict.fromkeys(i.strip() for i in items if i.strip()))


def _parse_yaml_subset(lines: list[str]) -> list[tuple[str, Value]]:
    pairs: list[tuple[str, Value]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _KEY_LINE.match(line) if line[:1] not in (" ", "\t", "#") else None
        i += 1
        if match is None:
            continue
        raw = (match.group(2) or "").strip()
        block: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i][:1] in (" ", "\t", "-")):
            if lines[i][:1] == "-" and not lines[i].startswith("- "):
                break
            block.append(lines[i])
            i += 1
        pairs.append((match.group(1), _yaml_value(raw, block)))
    return pairs


def _yaml_value(raw: str, block: list[str]) -> Value:
    if raw[:1] in (">", "|"):
        return _block_scalar(raw[0], block)
    items = [b.strip()[2:] for b in block if b.strip().startswith("- ") or b.strip() == "-"]
    if not raw and items:
        return tuple(_yaml_scalar(item) for item in items if item.strip())
    if raw.startswith("["):
        return _flow_list(" ".join([raw, *(b.strip() for b in block)]))
    joined = " ".join([raw, *(b.strip() for b in block if b.strip())]).strip()
    return _yaml_scalar(joined)


def _block_scalar(style: str, block: list[str]) -> str:
    texts = [b.strip() for b in block]
    while texts and not texts[-1]:
        texts.pop()
    if style == "|":
        return "\n".join(texts)
    # YAML 1.2 §8.1.3: a folded scalar joins lines with spaces; an empty line is a line break.
    return "\n".join(" ".join(part.split("\n")) for part in "\n".join(texts).split("\n\n"))


def _flow_list(text: str) -> tuple[str, ...]:
    inner = text.strip()[1:]
    inner = inner[: inner.rfind("]")] if "]" in inner else inner
    items = re.findall(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^,]+", inner)
    return tuple(v for v in (_yaml_scalar(item.strip()) for item in items) if v)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "0": "", " ": " "}


def _yaml_scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        # An escape such as "\u0000" can name a character XML forbids.
        return clean_text(_ESCAPE.sub(_unescape, text[1:-1]) if "\\" in text else text[1:-1])
    return _COMMENT.sub("", text) if "#" in text else text


# Compiled once: a flow list can hold a million items.
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
# (?<!\s): a comment's white space is tried from its start only, not from each of its spaces
# (quadratic in a run's length); a match can only start there anyway.
_COMMENT = re.compile(r"(?<!\s)\s+#.*$")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.startswith("u") and len(code) == 5:
        return chr(int(code[1:], 16))
    return _ESCAPES.get(code, code)
