"""Publish -> WebSub hubs: after a build, tell each configured hub which feeds changed
(``feedpub.websub``), and keep in the registry the pings no hub accepted yet."""

from __future__ import annotations

from pathlib import Path

from feedpub.config import Config
from feedpub.registry import Registry
from feedpub.websub import Ping, dump_pending, feed_urls, load_pending, send_pings

# The registry's meta row of the WebSub pings no hub has accepted yet (``feedpub.websub``).
_PENDING_PINGS = "websub_pending"


def tell_hubs(
    registry: Registry, config: Config, written: list[str]
) -> tuple[list[Ping], list[str]]:
    """Ping each hub for each feed file written (the root feeds, per-source and per-category
    feeds, archive pages), and again for what earlier builds owe them; return the pings
    accepted and a warning per ping refused."""
    stored = registry.get_meta(_PENDING_PINGS)
    if not config.hubs and stored is None:
        return [], []
    # A feed the build removed (a category no entry has any more) is no topic to fetch.
    changed = [name for name in written if (config.output / Path(name)).is_file()]
    pings = list(dict.fromkeys([
        *load_pending(stored, config.hubs),
        *(Ping(hub, url) for url in feed_urls(config.site_url, changed) for hub in config.hubs),
    ]))
    failures = send_pings(pings)
    owed = dump_pending([failure.ping for failure in failures])
    if stored != owed:
        registry.set_meta(_PENDING_PINGS, owed)
    failed = {failure.ping for failure in failures}
    warnings = [
        f"warning: hub {f.ping.hub}: not told that {f.ping.url} changed ({f.reason}); "
        "the next build tries again"
        for f in failures
    ]
    return [ping for ping in pings if ping not in failed], warnings
