"""The keys of a header block and of front matter, mapped to the fields feedpub reads
(SPEC.md §1, Header block).

Keys are case-insensitive and take the spellings Hugo, Jekyll, Eleventy and Pelican use. A
value of a type a field cannot hold (a number as an author, a mapping as a title) is ignored,
never an exception: front matter is written by hand as often as by a tool.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from feedpub.text import clean_text
from feedpub.urls import has_scheme

DateValue = str | date

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
    "slug": "slug",
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
    "excerpt": "summary",
    "draft": "draft",
    "status": "draft",
    "build": "draft",
    "_build": "draft",
    "headless": "draft",
    "publishdate": "publish_at",
    "publish-date": "publish_at",
    "publish_date": "publish_at",
    "expirydate": "expires",
    "expiry-date": "expires",
    "expiry_date": "expires",
    "expirationdate": "expires",
    "unpublishdate": "expires",
    "image": "image",
    "images": "image",
    "cover": "image",
    "cover-image": "image",
    "cover.image": "image",
    "cover_image": "image",
    "featured_image": "image",
    "featured-image": "image",
    "featuredimage": "image",
    "feature_image": "image",
    "thumbnail": "image",
}
_TEXT_FIELDS = ("title", "source", "source_url", "photo", "language", "summary")
_DATE_FIELDS = ("published", "updated", "publish_at", "expires")
# Pelican's statuses that keep an article out of the feeds (pelican/contents.py).
_UNPUBLISHED = frozenset({"draft", "hidden", "skip"})
_TRUE = frozenset({"true", "yes", "on", "1"})
# A permalink pattern (Jekyll's ":title", Eleventy's "{{ … }}") names no page by itself.
_PATTERN = re.compile(r"[:{}%]")
# The white space around a separator is stripped from the items (_split), not matched:
# "\s*" in front of the separator was tried from each space of a run, quadratic in its length.
_NAME_SPLIT = re.compile(r",\s*and\s|,|\band\b|&")
_TAG_SPLIT = re.compile(r",")
_WORDS = re.compile(r"\s+")
# The keys of an image mapping ({src: …}, Hugo's cover: {image: …}), in the order tried.
_IMAGE_KEYS = ("image", "src", "url", "path")


@dataclass(frozen=True, slots=True)
class Header:
    """The header's known fields as written; ``None`` (or empty) where absent.

    Dates stay as the document wrote them: text, or a ``date`` / ``datetime`` a front
    matter parser built (``dates.parse_date_value`` reads both). ``slug`` is the link slug
    asked for (``slug:``), or the site path a relative ``url:`` / ``permalink:`` gives (it
    starts with ``/``); ``link`` is an absolute one. ``fenced``: the header is front matter
    (``parse.frontmatter``), not ``Key: value`` lines.
    """

    title: str | None = None
    published: DateValue | None = None
    updated: DateValue | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    source_url: str | None = None
    photo: str | None = None
    link: str | None = None
    slug: str | None = None
    id: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None
    summary: str | None = None
    image: str | None = None
    draft: bool = False
    publish_at: DateValue | None = None
    expires: DateValue | None = None
    fenced: bool = False


def field_name(key: str) -> str | None:
    """Return the Header field a key names ("Source URL" is "source_url"), or None."""
    return _FIELDS.get(key.lower().replace(" ", "-"))


def make_header(
    items: Iterable[tuple[object, Any]], *, fenced: bool = False, jekyll: bool = False
) -> Header:
    """Return the Header of (key, value) pairs in the order written: the first usable value
    of a field wins; tags, categories and keywords are merged, duplicates dropped.

    A Hugo ``params:`` mapping gives the keys the top level leaves unset. With ``jekyll``
    (a Jekyll post), a string of tags without commas is split on white space, as Jekyll
    splits it.
    """
    values: dict[str, Any] = {}
    categories: list[str] = []
    pairs = list(items)
    params = [v for k, v in pairs if isinstance(k, str) and k.lower() == "params"]
    tags = _WORDS if jekyll else _TAG_SPLIT
    for key, value in [*pairs, *(p for d in params if isinstance(d, dict) for p in d.items())]:
        name = field_name(key) if isinstance(key, str) else None
        if name == "categories":
            split = tags if not isinstance(value, str) or "," not in value else _TAG_SPLIT
            categories.extend(_strings(value, split))
        elif name == "published" and value is False:
            # Jekyll: "published: false" keeps a post out of the site.
            values["draft"] = True
        elif name == "draft":
            # Any one of draft, status, build options… keeps the page out.
            values["draft"] = values.get("draft") or _draft(str(key).lower(), value) or False
        elif name == "link":
            found = _link(value)
            if found is not None and found[0] not in values:
                values[found[0]] = found[1]
        elif name is not None and name not in values:
            found = _read(name, value)
            if found is not None:
                values[name] = found
    path, slug = values.pop("path", None), values.pop("slug", None)
    return Header(
        **values,
        slug=path or slug,
        fenced=fenced,
        categories=tuple(dict.fromkeys(categories)),
    )


def _read(name: str, value: Any) -> Any:
    """Return ``value`` as field ``name`` holds it, or None when it cannot hold it."""
    if name in _TEXT_FIELDS or name in ("slug", "id"):
        return _text(value, numbers=name not in ("id", "source_url"))
    if name in _DATE_FIELDS:
        if isinstance(value, bool):
            return None
        return value if isinstance(value, str | date) and str(value).strip() else None
    if name == "authors":
        return _strings(value, _NAME_SPLIT, numbers=False) or None
    return _image(value)


def _text(value: Any, *, numbers: bool) -> str | None:
    """A scalar as text: a title may be ``1984`` (an int to YAML) or a date."""
    if isinstance(value, str):
        # A YAML or JSON escape ("\x01", "\ud800") can name a character XML forbids.
        return clean_text(value).strip() or None
    if isinstance(value, bool) or not numbers:
        return None
    if isinstance(value, int | date) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    return None


def _strings(value: Any, separator: re.Pattern[str], *, numbers: bool = True) -> tuple[str, ...]:
    """Names or tags: a list, a ``{name: …}`` mapping or a list of them, or a string split
    as Pelican splits it (on ``;`` when there is one, else on ``separator``). A number is
    a tag (``2024``), never a name."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list | tuple):
        found: list[str] = []
        for item in value:
            if isinstance(item, dict):
                item = item.get("name")
            text = _text(item, numbers=numbers)
            if text is not None:
                found.append(text)
        return _split(found, None)
    text = _text(value, numbers=numbers)
    if text is None:
        return ()
    return _split([text], re.compile(";") if ";" in text else separator)


def _split(texts: list[str], separator: re.Pattern[str] | None) -> tuple[str, ...]:
    items = (p for t in texts for p in (separator.split(t) if separator else [t]))
    return tuple(dict.fromkeys(i.strip() for i in items if i.strip()))


def _draft(key: str, value: Any) -> bool | None:
    if isinstance(value, dict):
        # Hugo's build options: a page never listed or never rendered is in no feed.
        options = (value.get("list"), value.get("render"))
        return any(o is False or str(o).lower() in ("never", "false") for o in options) or None
    if key == "status":
        return (isinstance(value, str) and value.strip().lower() in _UNPUBLISHED) or None
    if isinstance(value, bool):
        return value
    return (isinstance(value, str) and value.strip().lower() in _TRUE) or None


def _image(value: Any) -> str | None:
    """The first image of ``image: x``, ``images: [x, …]`` or ``cover: {image: x}``."""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = next((value[k] for k in _IMAGE_KEYS if isinstance(value.get(k), str)), None)
    return _text(value, numbers=False)


def _link(value: Any) -> tuple[str, str] | None:
    """``url:`` / ``permalink:``: an absolute URL is the link, a site path the slug."""
    text = _text(value, numbers=False)
    if text is None:
        return None
    if has_scheme(text):
        return ("link", text)
    if text.startswith("/") and not _PATTERN.search(text) and text.strip("/"):
        return ("path", text)
    return None
