"""What ``feedpub list`` and ``feedpub check`` read from the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from feedpub.config import Config
from feedpub.registry import Registry

if TYPE_CHECKING:
    from datetime import datetime


class ListedEntry(NamedTuple):
    """One registry row as ``feedpub list`` shows it."""

    id: str
    published: str
    updated: str
    title: str
    path: str
    status: str


def count_published(config: Config, now: datetime) -> int:
    """Return how many entries are in the feeds at ``now``; 0 if there is no registry.

    Not part of BuildReport: at 100,000 entries the count costs a twentieth of a no-change
    build, and cron runs with ``--quiet`` never show it.
    """
    if not config.state.exists():
        return 0
    with Registry.open(config.state) as registry:
        return registry.count_published(now)


def list_problems(config: Config) -> list[tuple[str, str]]:
    """Return (key, reason) of every refused document the registry remembers, by key."""
    if not config.state.exists():
        return []
    with Registry.open(config.state) as registry:
        return sorted((p.key, p.reason) for p in registry.problems().values())


def list_entries(config: Config) -> list[ListedEntry]:
    """Return every entry the registry knows, newest first; none if there is no registry."""
    if not config.state.exists():
        return []
    with Registry.open(config.state) as registry:
        return [ListedEntry(*row) for row in registry.listing()]
