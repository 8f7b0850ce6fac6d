"""Offline checks of a published JSON Feed (jsonfeed.org/version/1.1): the required top-level
fields, and per item a unique id, content, and absolute URLs and RFC 3339 dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from feedpub.validate._dates import date_problem
from feedpub.validate._quote import shown
from feedpub.validate._uris import url_problem

VERSION = "https://jsonfeed.org/version/1.1"


def check_json_feed(name: str, data: bytes) -> list[str]:
    """Return every problem in the JSON Feed ``data`` that is to be published as ``name``."""
    try:
        feed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return [f"{name}: not JSON: {exc}"]
    if not isinstance(feed, dict):
        return [f"{name}: not a JSON object"]
    return [f"{name}: {problem}" for problem in _check(feed, name)]


def _check(feed: dict[str, Any], name: str) -> Iterator[str]:
    if feed.get("version") != VERSION:
        yield f"version is {shown(str(feed.get('version')))}, not {VERSION}"
    if not isinstance(feed.get("title"), str) or not feed["title"].strip():
        yield "title (required) is missing or empty"
    for key in ("home_page_url", "feed_url"):
        yield from _url(feed.get(key), key)
    feed_url = feed.get("feed_url")
    if isinstance(feed_url, str) and not feed_url.endswith("/" + name.rsplit("/", 1)[-1]):
        yield f"feed_url {shown(feed_url)} is not the URL of {name}"
    items = feed.get("items")
    if not isinstance(items, list):
        yield "items (required) is not an array"
        return
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        for problem in _check_item(item, seen):
            yield f"item {number}: {problem}"


def _check_item(item: Any, seen: set[str]) -> Iterator[str]:
    if not isinstance(item, dict):
        yield "not an object"
        return
    item_id = item.get("id")
    if not isinstance(item_id, str) or not item_id:
        yield "id (required) is missing"
    elif item_id in seen:
        yield f"id {shown(item_id)} is used twice"
    else:
        seen.add(item_id)
    if not isinstance(item.get("content_html"), str) and not isinstance(item.get("content_text"), str):
        yield "has neither content_html nor content_text"
    yield from _url(item.get("url"), "url")
    for key in ("date_published", "date_modified"):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or date_problem(value)):
            yield f"{key} {shown(str(value))} is not an RFC 3339 date-time"


def _url(value: Any, key: str) -> Iterator[str]:
    if value is None:
        return
    problem = url_problem(value) if isinstance(value, str) else "is not a string"
    if problem:
        yield f"{key} {shown(str(value))} {problem}"
