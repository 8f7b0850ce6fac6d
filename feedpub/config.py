"""Read ``feedpub.toml`` into a frozen Config; the only home of defaults.

Every key is optional: with no file at all the shipped ``seeds/`` publish to ``public/``.
"""

from __future__ import annotations

import difflib
import tomllib
import zoneinfo
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from feedpub.errors import ConfigError

DateOrder = Literal["DMY", "MDY", "YMD"]

DEFAULT_FURNITURE = (
    "Back to top",
    "Share this",
    "Share this article",
    "Share",
    "Advertisement",
    "Read more",
    "Subscribe to our newsletter",
    "Related articles",
    "Related",
    "Skip to content",
    "Print",
    "Comments",
    "Tweet",
)

CONFIG_NAME = "feedpub.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings; paths are absolute, ``site_url`` has no trailing slash."""

    site_url: str = "https://example.org"
    title: str = "feedpub"
    description: str = "Articles published with feedpub"
    language: str = "en"
    author: str = "feedpub"
    count: int = 50
    source: Path = Path("seeds")
    output: Path = Path("public")
    state: Path = Path(".feedpub/state.sqlite3")
    timezone: str = "UTC"
    date_order: DateOrder = "MDY"
    furniture: tuple[str, ...] = DEFAULT_FURNITURE
    patterns: tuple[str, ...] = ("*.txt", "*.md")
    max_size: int = 2 * 1024 * 1024
    lock_timeout: float = 10.0
    sources: tuple[tuple[str, str], ...] = field(default_factory=tuple)


KNOWN_KEYS = tuple(f.name for f in fields(Config))
_PATH_KEYS = ("source", "output", "state")


def load_config(path: Path | None, base: Path) -> Config:
    """Load ``path`` (or find ``feedpub.toml`` in ``base``) and return a validated Config.

    Relative paths in the file are taken relative to the file's folder; without a file,
    relative to ``base``.

    :raises ConfigError: the file is unreadable, not TOML, or holds an unknown or invalid key.
    """
    if path is None:
        candidate = base / CONFIG_NAME
        if not candidate.is_file():
            return resolve_paths(Config(), base)
        path = candidate
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return resolve_paths(_from_mapping(raw, path), path.parent.resolve())


def resolve_paths(config: Config, base: Path) -> Config:
    """Return ``config`` with its relative paths made absolute against ``base``."""
    return replace(
        config, **{key: (base / getattr(config, key)).resolve() for key in _PATH_KEYS}
    )


def _from_mapping(raw: dict[str, Any], path: Path) -> Config:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}{_suggestion(key)}")
        values[key] = _check(key, value, path)
    return Config(**values)


def _suggestion(key: str) -> str:
    close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.5)
    return f", did you mean {close[0]!r}?" if close else f" (valid keys: {', '.join(KNOWN_KEYS)})"


def _check(key: str, value: Any, path: Path) -> Any:  # noqa: C901 - one branch per key type
    def fail(expected: str) -> ConfigError:
        return ConfigError(f"{path}: {key} must be {expected}, got {value!r}")

    if key in ("title", "description", "language", "author"):
        if not isinstance(value, str) or not value.strip():
            raise fail("a non-empty string")
        return value.strip()
    if key == "site_url":
        return check_site_url(value, lambda: fail("an absolute http(s) URL"))
    if key in _PATH_KEYS:
        if not isinstance(value, str) or not value:
            raise fail("a path")
        return Path(value)
    if key == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail("a whole number of at least 1")
        return value
    if key in ("max_size", "lock_timeout"):
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise fail("a number of at least 0")
        return int(value) if key == "max_size" else float(value)
    if key == "timezone":
        return check_timezone(value, lambda: fail("an IANA time zone such as 'Europe/Kyiv'"))
    if key == "date_order":
        if value not in ("DMY", "MDY", "YMD"):
            raise fail("one of 'DMY', 'MDY', 'YMD'")
        return value
    if key in ("furniture", "patterns"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail("a list of strings")
        return tuple(value)
    if key == "sources":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise fail("a table of source name = URL")
        for url in value.values():
            check_site_url(url, lambda: fail("a table whose URLs are absolute http(s) URLs"))
        return tuple(sorted(value.items()))
    raise AssertionError(key)


def check_site_url(value: Any, fail: Any) -> str:
    """Return ``value`` without a trailing slash if it is an absolute http(s) URL."""
    if not isinstance(value, str):
        raise fail()
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value.strip():
        raise fail()
    return value.strip().rstrip("/")


def check_timezone(value: Any, fail: Any) -> str:
    """Return ``value`` if it names a time zone the zoneinfo database knows."""
    if not isinstance(value, str):
        raise fail()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise fail() from None
    return value
