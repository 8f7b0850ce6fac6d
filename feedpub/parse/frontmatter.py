"""Front matter as Hugo, Jekyll, Eleventy and Pelican write it, read by real parsers
(SPEC.md §1, Header block): YAML between ``---`` fences (PyYAML's safe loader), TOML between
``+++`` fences (``tomllib``), or a JSON object at the very top (as Hugo allows).

The parsers are imported only when a document opens with a fence: the plain-text corpora never
pay for them. What a document writes is hostile: YAML anchors and aliases are refused before
anything is built (one alias can stand for a billion strings), nesting and size are capped, and
any parser's refusal becomes a value or a ``DocumentError``, never another exception.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from feedpub.errors import DocumentError

# A header holds a few dozen short fields; 256 KiB is far past any real one, and keeps the
# parsers' time and memory bounded whatever a document holds.
MAX_FRONT_MATTER = 256 * 1024
_MAX_DEPTH = 32
# Front matter YAML refuses is read again one key at a time, up to this many keys: far more
# than a header holds, and each costs a parser of its own.
_MAX_KEYS = 200
_YAML_FENCE = "---"
_YAML_ENDS = ("---", "...")
_TOML_FENCE = "+++"
_ALIASES = (
    "front matter uses a YAML anchor or alias (&name / *name), which feedpub does not expand"
)
_DEEP = f"front matter nests deeper than {_MAX_DEPTH} levels"
_LARGE = f"front matter is larger than {MAX_FRONT_MATTER // 1024} KiB"
# A top-level "key:" line: where the fallback reader (``_yaml_by_keys``) starts a chunk.
# The spaces and block indicators that open a line: each level of block nesting needs a deeper
# one (YAML 1.2 §8.2), or a "- " / "? " on the way, so a line's depth is at most about this
# prefix's length plus the collection that holds it.
_BLOCK_PREFIX = re.compile(r"[ ?-]*")
_TOP_KEY = re.compile(r"[^\s#\-?:\[\]{},'\"][^:\n]{0,100}:(?:[ \t]|$)")

# A quote opens a quoted scalar only where a scalar can start; elsewhere ("It's") it is text.
_BEFORE_QUOTE = frozenset(" \t\n:[{,-")

Fields = dict[str, Any]


def find_front_matter(lines: list[str], start: int, key: str) -> tuple[Fields, int] | None:
    """Return the fields of the front matter opening at ``lines[start]`` and the index of
    the first line after it, or None when there is no front matter there.

    An unclosed fence, or a fenced block that is not a mapping (a YAML scalar, prose between
    two rules), is no front matter: the document is read as if it had none.

    :raises DocumentError: the front matter uses YAML aliases, nests too deep, is too large,
        or is TOML that ``tomllib`` refuses.
    """
    opening = lines[start].strip()
    if opening == _YAML_FENCE:
        return _fenced(lines, start, _YAML_ENDS, key, _load_yaml)
    if opening == _TOML_FENCE:
        return _fenced(lines, start, (_TOML_FENCE,), key, _load_toml)
    if opening.startswith("{"):
        return _json_object(lines, start, key)
    return None


def _fenced(
    lines: list[str], start: int, ends: tuple[str, ...], key: str,
    load: Callable[[str, str], Fields | None],
) -> tuple[Fields, int] | None:
    size = 0
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in ends:
            if size > MAX_FRONT_MATTER:
                raise DocumentError(key, _LARGE)
            fields = load("\n".join(lines[start + 1:end]), key)
            return None if fields is None else (fields, end + 1)
        size += len(lines[end]) + 1
    return None


def _load_toml(text: str, key: str) -> Fields:
    import tomllib

    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        # ValueError: an integer over Python's 4,300 digits, which tomllib lets through.
        raise DocumentError(key, f"front matter is not valid TOML ({exc})") from None
    except RecursionError:
        raise DocumentError(key, _DEEP) from None


def _json_object(lines: list[str], start: int, key: str) -> tuple[Fields, int] | None:
    """Hugo's JSON front matter: an object from the first line, the body after its close."""
    import json

    text = "\n".join(lines[start:])
    head = text[:MAX_FRONT_MATTER]
    try:
        value, end = json.JSONDecoder().raw_decode(head)
    except ValueError:  # JSONDecodeError, and ints over 4,300 digits
        return None
    except RecursionError:
        # The object is JSON as far as it goes, nested past what Python's reader follows.
        raise DocumentError(key, _DEEP) from None
    rest = head[end:]
    newline = rest.find("\n")
    if not isinstance(value, dict) or (rest[:newline] if newline >= 0 else rest).strip():
        return None
    return value, start + head[:end].count("\n") + 1


def _load_yaml(text: str, key: str) -> Fields | None:
    """Load YAML front matter; None when it is not a mapping (see ``find_front_matter``)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # PyYAML's constructor lets datetime's ValueError through ("2024-02-30", "+99:00").
    refusals = (yaml.YAMLError, ValueError)
    try:
        value = _safe_yaml(text, loader, key)
    except refusals as exc:
        # YAML 1.2 allows a tab as separation white space (before a comment, as in Hugo's own
        # documentation); the pure-Python scanner refuses it. The text with its tabs outside
        # quotes made spaces means the same to a YAML 1.2 reader.
        try:
            value = _safe_yaml(_untab(text), loader, key)
        except refusals:
            return _yaml_by_keys(text, loader, key, exc)
    if value is None:
        return {}
    return value if isinstance(value, dict) else None


def _plainly_shallow(text: str) -> bool:
    """True when ``text`` cannot hold an anchor, an alias or nesting past ``_MAX_DEPTH``,
    seen from its characters alone: no ``&`` or ``*``, and few flow brackets and shallow
    line openings. Such front matter (nearly all) skips the token scan, which cost a quarter
    of reading YAML front matter."""
    if "&" in text or "*" in text:
        return False
    flow = text.count("[") + text.count("{")
    prefix = max(_BLOCK_PREFIX.match(line).end() for line in text.split("\n"))  # type: ignore[union-attr]
    return 2 * prefix + flow + 2 <= _MAX_DEPTH


def _safe_yaml(text: str, loader: Any, key: str) -> object:
    """Load ``text`` once its tokens show no anchor, no alias and no deep nesting.

    :raises yaml.YAMLError: the text is not YAML.
    :raises ValueError: a timestamp names no day or zone (``2024-02-30``, ``+99:00``):
        PyYAML's constructor lets ``datetime``'s error through.
    """
    import yaml

    if _plainly_shallow(text):
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, see above
    opening, closing = _token_types()
    depth = 0
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            raise DocumentError(key, _ALIASES)
        if isinstance(token, opening):
            depth += 1
            if depth > _MAX_DEPTH:
                raise DocumentError(key, _DEEP)
        elif isinstance(token, closing):
            depth -= 1
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, see above


def _yaml_by_keys(text: str, loader: Any, key: str, error: Exception) -> Fields | None:
    """Read front matter YAML refuses as a whole one top-level key at a time: a value that
    is still not YAML (``title: Breaking: dam bursts``, which every YAML reader refuses) is
    the line's text. None when the block does not open with a ``key:`` line.

    :raises DocumentError: more keys than a header holds, each to be parsed on its own.
    """
    import yaml

    fields: Fields = {}
    chunks = list(_top_level_chunks(text))
    if not chunks:
        return None
    if len(chunks) > _MAX_KEYS:
        problem = str(error).split("\n", 1)[0]
        raise DocumentError(key, f"front matter is not valid YAML ({problem})")
    for name, raw, chunk in chunks:
        try:
            value = _safe_yaml(_untab(chunk), loader, key)
        except (yaml.YAMLError, ValueError):
            # A tag the safe loader does not build (!!python/object) names no text.
            value = {} if raw.lstrip().startswith("!") else {name: raw.strip().strip("\"'")}
        if isinstance(value, dict):
            fields.update(value)
    return fields


def _top_level_chunks(text: str) -> Iterator[tuple[str, str, str]]:
    """Yield (key, first line's value, chunk) for each top-level key of ``text``; nothing
    when its first meaningful line is not a ``key:`` line."""
    chunk: list[str] = []
    name = raw = ""
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _TOP_KEY.match(line)
        if match is None:
            if not chunk:
                return
            chunk.append(line)
            continue
        if chunk:
            yield name, raw, "\n".join(chunk)
        name, raw = line[: match.end()].rstrip()[:-1].strip(), line[match.end():]
        chunk = [line]
    if chunk:
        yield name, raw, "\n".join(chunk)


def _untab(text: str) -> str:
    """Return ``text`` with every tab outside a quoted scalar made a space."""
    if "\t" not in text:
        return text
    out: list[str] = []
    quote = ""
    previous = "\n"
    for char in text:
        if quote:
            if char in (quote, "\n"):
                quote = ""
        elif char in "\"'" and previous in _BEFORE_QUOTE:
            quote = char
        elif char == "\t":
            char = " "
        out.append(char)
        previous = char
    return "".join(out)


@functools.cache
def _token_types() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """The tokens that open and close a collection (imported with yaml, on first use)."""
    import yaml

    return (
        (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken),
        (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken),
    )
