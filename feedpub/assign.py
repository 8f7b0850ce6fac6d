"""Decide what each changed file is to the registry: touched, moved, duplicate, new or edited.

This is where ids and dates are given (SPEC.md §2–§3): an id once, from the file's key or its
``Id:`` header; ``published`` from the text, else the time the file was first seen; ``updated``
moves when the text changes, and no two entries share an ``updated`` instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from feedpub.model import ArticleFacts, Problem
from feedpub.registry import Changed, Record, Registry
from feedpub.urls import canonical_url

# The W3C validator calls a date before 1990 or over a day ahead "implausible" (validators.py,
# implausible_8601); such a date is a typo or a placeholder, so the document counts as undated.
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_AHEAD = timedelta(days=1)


@dataclass(slots=True)
class Changes:
    """What one build did to the registry, in key order; mutable while the build runs."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    undated: list[tuple[str, datetime]] = field(default_factory=list)

    def any(self) -> bool:
        """Return True when an entry was added, updated, moved, restored or removed."""
        return bool(self.added or self.updated or self.moved or self.restored or self.removed)


def match_known(
    registry: Registry, file: Changed, digest: str, same_key: Record | None, changes: Changes
) -> bool:
    """Settle a file whose text the registry already knows; return False if it needs parsing.

    ``digest`` hashes the decoded text (``source.digest_text``); ``same_key`` is the
    registry's record at the file's key, if any. Same key and text: touched or restored. Same
    text under a key that is gone: moved (the id follows the text). Same text under a key that
    is still there: a duplicate. Either way, an entry that was published from this file is
    gone from it: it is removed, or readers would get the other entry's text twice.
    """
    if same_key is not None and same_key.digest == digest:
        registry.note_file(same_key.id, file.key, file, digest)
        if same_key.status != "active":
            changes.restored.append(file.key)
        return True
    twin = registry.find_digest(digest)
    if twin is None or twin.key == file.key:
        return False
    if same_key is not None and same_key.status == "active":
        registry.mark_removed(same_key.id)
        changes.removed.append(file.key)
    if twin.status == "active" and registry.is_scanned(twin.key):
        changes.problems.append(
            Problem(file.key, f"same text as {twin.key}, which is published")
        )
        return True
    registry.note_file(twin.id, file.key, file, digest)
    (changes.moved if twin.status == "active" else changes.restored).append(file.key)
    return True


def record_article(
    registry: Registry, file: Changed, digest: str, article: ArticleFacts, previous: Record | None,
    slug: str, site_url: str, now: datetime, changes: Changes,
) -> None:
    """Register a parsed document: as an edit of ``previous`` (the record at its key), else
    as a new entry asking for ``slug`` (``urls.base_slug``)."""
    published, updated = _plausible(article.published, now), _plausible(article.updated, now)
    if published is not article.published or updated is not article.updated:
        article = replace(article, published=published, updated=updated)
    if previous is not None:
        _record_edit(registry, previous, file, digest, article, now, changes)
    else:
        _record_new(registry, file, digest, article, slug, site_url, now, changes)


def _record_edit(
    registry: Registry, previous: Record, file: Changed, digest: str, article: ArticleFacts,
    now: datetime, changes: Changes,
) -> None:
    if article.fingerprint == previous.fingerprint:
        # A change readers cannot see (white space, encoding): no update to announce.
        registry.note_file(previous.id, file.key, file, digest)
        return
    published = _seconds(article.published) if article.published else previous.published
    wanted = article.updated if article.updated and article.updated != previous.updated else now
    updated = registry.unique_instant(max(wanted, published), previous.id)
    registry.update(previous.id, file, digest, published, updated, article)
    changes.updated.append(file.key)


def _record_new(
    registry: Registry, file: Changed, digest: str, article: ArticleFacts, base: str,
    site_url: str, now: datetime, changes: Changes,
) -> None:
    entry_id, slug = _new_identity(registry, base or digest[:12], article, site_url)
    # A slug is unique, so only an explicit id can clash with another entry's.
    clash = registry.find_id(entry_id) if article.explicit_id else None
    if clash is not None:
        changes.problems.append(
            Problem(file.key, f"id {entry_id} is already used by {clash.key}")
        )
        return
    if article.published is None:
        seen = _first_seen(file, now)
        registry.insert(entry_id, slug, file, digest, seen, len(changes.undated), article)
        changes.undated.append((entry_id, seen))
    else:
        published = registry.unique_instant(article.published, entry_id)
        updated = published
        if article.updated and article.updated > published:
            updated = registry.unique_instant(article.updated, entry_id)
        registry.insert(entry_id, slug, file, digest, now, (published, updated), article)
    changes.added.append(file.key)


def _new_identity(
    registry: Registry, base: str, article: ArticleFacts, site_url: str
) -> tuple[str, str]:
    slug, number = base, 1
    while registry.slug_taken(slug):
        number += 1
        slug = f"{base}-{number}"
    explicit = canonical_url(article.explicit_id) if article.explicit_id else None
    return explicit or f"{site_url}/{slug}/", slug


def spread_first_seen(registry: Registry, changes: Changes) -> None:
    """Date the undated new entries when they were first seen, one second apart at least,
    later documents (in key order) later.

    SPEC.md §3: entries first seen in the same build get distinct, deterministic times.
    """
    moment: datetime | None = None
    for entry_id, seen in reversed(changes.undated):
        wanted = seen if moment is None else min(seen, moment)
        moment = registry.unique_instant(wanted, entry_id, step=-1)
        registry.set_dates(entry_id, moment, moment)
        moment -= timedelta(seconds=1)


def _first_seen(file: Changed, now: datetime) -> datetime:
    """When the publisher first saw the file: when it was written into the folder, as its
    mtime says, or now if that is later or implausible (an unzipped archive says 1980).

    Dating a file that has waited in the folder at the instant of the build that finds it
    would make it look, to a reader fetching right after that build, like an item with no
    date at all (newsboat shows the fetch time then).
    """
    written = datetime.fromtimestamp(file.mtime_ns // 1_000_000_000, UTC)
    return min(_plausible(written, now) or now, now).replace(microsecond=0)


def _plausible(value: datetime | None, now: datetime) -> datetime | None:
    return value if value is not None and _EARLIEST <= value <= now + _AHEAD else None


def _seconds(value: datetime) -> datetime:
    return value.replace(microsecond=0)
