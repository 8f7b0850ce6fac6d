"""[I/O] WebSub publishing (W3C WebSub, Recommendation 2018): tell each hub which feeds changed.

After a build that replaced a feed file, every configured hub gets one form-encoded POST
``hub.mode=publish&hub.url=<feed URL>`` per changed feed; the hub then fetches the feed and
pushes it to its subscribers. WebSub §6 leaves the publisher's ping to the hub; this is the
form every public hub accepts (Google's, Superfeedr, WebSubHub, Switchboard).

A hub that is down, slow or refusing must never fail a build: the pings that did not get a
2xx answer are returned, the build keeps them (``Pending``) and sends them again next time.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple
from urllib.parse import urlencode

# Seconds a hub has to answer: a ping is a notification, the hub fetches the feed later.
PING_TIMEOUT = 5.0
_MAX_THREADS = 16


class Ping(NamedTuple):
    """One notification: tell ``hub`` that the feed at ``url`` changed."""

    hub: str
    url: str


class Failure(NamedTuple):
    """A ping that did not get a 2xx answer, and why (one line, for a warning)."""

    ping: Ping
    reason: str


def feed_urls(site_url: str, names: tuple[str, ...] | list[str]) -> list[str]:
    """Return the URLs of the feed files among the published ``names`` (paths under the
    output folder): XML and JSON feeds, not pages."""
    return [f"{site_url}/{name}" for name in names if name.endswith((".xml", ".json"))]


def send_pings(pings: list[Ping], timeout: float = PING_TIMEOUT) -> list[Failure]:
    """POST every ping at once (a thread each, up to 16), and return those that failed.

    Nothing raises: a refused connection, a timeout or an HTTP error status is a Failure.
    """
    if not pings:
        return []
    with ThreadPoolExecutor(max_workers=min(_MAX_THREADS, len(pings))) as pool:
        reasons = list(pool.map(lambda ping: _send(ping, timeout), pings))
    return [Failure(ping, reason) for ping, reason in zip(pings, reasons, strict=True) if reason]


def _send(ping: Ping, timeout: float) -> str:
    """POST one ping; return "" on success, else the reason."""
    body = urlencode({"hub.mode": "publish", "hub.url": ping.url}).encode("ascii")
    request = urllib.request.Request(  # noqa: S310 - hubs are http(s) URLs (config._hubs)
        ping.hub, data=body, method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            answer.read()
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        return str(getattr(exc.reason, "strerror", None) or exc.reason)
    except (OSError, ValueError) as exc:  # a timeout while reading, a malformed answer
        return str(exc) or type(exc).__name__
    return ""


def dump_pending(pings: list[Ping]) -> str:
    """Return the pings still owed, as the text the registry keeps (``meta``)."""
    return json.dumps(sorted({tuple(ping) for ping in pings}))


def load_pending(text: str | None, hubs: tuple[str, ...]) -> list[Ping]:
    """Return the pings a previous build owed to hubs that are still configured."""
    if not text:
        return []
    return [Ping(hub, url) for hub, url in json.loads(text) if hub in hubs]
