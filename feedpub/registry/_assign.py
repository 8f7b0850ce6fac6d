"""Decide what each changed file is to the registry: touched, moved, duplicate, new or edited.

This is where ids and dates are given (SPEC.md §2–§3): an id once, from the file's key or its
``Id:`` header; ``published`` from the text, else the time the file was first seen; ``updated``
moves when the text changes, and no two entries share an ``updated`` instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from feedpub.model import ArticleFacts, Problem
from feedpub.registry._entries import Registry
from feedpub.registry._rows import Changed, Record, Status
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


class Whereabouts:
    """Where this build found each text, for deciding what a changed file is (SPEC.md §3:
    an entry's identity goes with its text).

    In a build that began with entries, every changed file is read before any is registered
    (``Registry.stage_texts``), so that a text that moved is known to have moved whichever
    of its old and new paths comes first. A cold build stages nothing: every entry in it was
    registered from where its text is.
    """

    def __init__(self, registry: Registry, staged: bool) -> None:
        self._registry = registry
        self._staged = staged
        # Entries edited and renamed in one go: entry id -> its new key, and back.
        self._renames: dict[str, str] = {}
        self._renamed: dict[str, str] = {}

    def holds(self, key: str, digest: str) -> bool:
        """Return True when the file at ``key`` holds the text ``digest`` now."""
        if not self._staged:
            return True
        now = self._registry.staged_digest(key)
        if now is not None:
            return now == digest
        # Not changed since the last build (or touched, same text): still the entry's text.
        return self._registry.is_scanned(key)

    def moved_away(self, record: Record) -> bool:
        """Return True when ``record``'s text, as it was or edited, is now at another key."""
        return self._staged and (
            record.id in self._renames
            or self._registry.staged_elsewhere(record.digest, record.key)
        )

    def find_renames(self, gone: list[Record]) -> None:
        """Pair each published entry whose text is nowhere now (its file ``gone``, or holding
        another story under another title) with a changed file that has its title and a text
        no entry has: the entry, edited and renamed between two builds. Each file and each
        entry is paired once, the first file in key order."""
        retitled = (self._registry.find_id(entry_id) for entry_id in self._registry.retitled())
        for record in [*gone, *(r for r in retitled if r is not None)]:
            if record.id in self._renames or self.moved_away(record):
                continue
            found = self._registry.staged_with_title(record.title.casefold(), record.key)
            if found is None or found[0] in self._renamed:
                continue
            key, digest = found
            if self._registry.find_digest(digest) is None:
                self._renames[record.id] = key
                self._renamed[key] = record.id

    def renamed(self, key: str) -> Record | None:
        """Return the entry that the text at ``key`` continues (``find_renames``), if any."""
        entry_id = self._renamed.get(key)
        return None if entry_id is None else self._registry.find_id(entry_id)


def settle_in_place(
    registry: Registry, file: Changed, digest: str, same_key: Record | None, changes: Changes
) -> bool:
    """Settle a file that still holds the text of the entry at its key (touched, or back
    after a removal); return False otherwise. Right whatever other files hold."""
    if same_key is None or same_key.digest != digest:
        return False
    registry.note_file(same_key.id, file.key, file, digest)
    if same_key.status is not Status.ACTIVE:
        changes.restored.append(file.key)
    return True


def derived_id(site_url: str, slug: str) -> str:
    """Return the id of an entry without an explicit ``Id:``: its URL under the site."""
    return f"{site_url}/{slug}/"


def match_known(
    registry: Registry, where: Whereabouts, file: Changed, digest: str,
    same_key: Record | None, changes: Changes,
) -> bool:
    """Settle a file whose text the registry already knows; return False if it is new text.

    ``digest`` hashes the decoded text (``ingest.digest_text``); ``same_key`` is the
    registry's record at the file's key, if any. Same key and text: touched or restored. A
    text whose entry's own file still holds it: a duplicate, refused by name. Otherwise the
    text moved here, and its entry with it (same id, same dates). An entry published from
    this file whose text is nowhere else now is removed, or readers would get the other
    entry's text twice; one whose text moved on goes with it.
    """
    if settle_in_place(registry, file, digest, same_key, changes):
        return True
    twin = registry.find_digest(digest)
    if twin is None or twin.key == file.key:
        return False
    if (
        same_key is not None and same_key.status is Status.ACTIVE and same_key.id != twin.id
        and not where.moved_away(same_key)
    ):
        registry.mark_removed(same_key.id)
        changes.removed.append(file.key)
    if twin.status is Status.ACTIVE and where.holds(twin.key, digest):
        changes.problems.append(
            Problem(file.key, f"same text as {twin.key}, which is published")
        )
        return True
    registry.note_file(twin.id, file.key, file, digest)
    (changes.moved if twin.status is Status.ACTIVE else changes.restored).append(file.key)
    return True


def record_article(
    registry: Registry, file: Changed, digest: str, article: ArticleFacts, previous: Record | None,
    slug: str, site_url: str, now: datetime, changes: Changes,
) -> None:
    """Register a parsed document: as an edit of ``previous`` (the record at its key), else
    as a new entry asking for ``slug`` (``urls.base_slug``)."""
    # A scheduled entry (publishDate) may be dated up to its publication.
    horizon = max(now, article.publish_at) if article.publish_at else now
    published = _plausible(article.published, horizon)
    updated = _plausible(article.updated, horizon)
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
    identity = _new_identity(registry, base or digest[:12], article, site_url)
    if isinstance(identity, str):
        changes.problems.append(Problem(file.key, identity))
        return
    entry_id, slug = identity
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
    if _in_feeds(article, now):
        changes.added.append(file.key)


def _in_feeds(article: ArticleFacts, now: datetime) -> bool:
    """Return True when the entry is in the feeds at ``now``: not a draft, past its
    publishDate, not past its expiryDate (``Registry.newest`` decides the same)."""
    return not article.draft and (article.publish_at is None or article.publish_at <= now) and (
        article.expires is None or article.expires > now
    )


def _new_identity(
    registry: Registry, base: str, article: ArticleFacts, site_url: str
) -> tuple[str, str] | str:
    """Return (id, slug) for a new entry, or the reason it cannot have its explicit id.

    Several new documents asking for one slug in one build get it in the order they are
    registered: their keys' code-point order (``Registry.changed`` and ``staged_texts`` sort
    by key; the parse pool hands back each page in order). So the same files give the same
    ids on any machine, and after the registry is lost; a slug given in an earlier build
    stays with its document (issue 11).

    An explicit id held by another entry is refused: two entries cannot share one
    (RFC 4287 §4.2.6). A slug's own id can be held by an explicit id (``Id:
    https://site/zzz/`` and ``zzz.txt``): the slug then takes a suffix, like a taken slug.
    """
    explicit = canonical_url(article.explicit_id) if article.explicit_id else None
    if explicit is not None:
        holder = registry.find_id(explicit)
        if holder is not None:
            return f"id {explicit} is already used by {holder.key}"
    slug = registry.free_slug(base)
    while explicit is None and registry.id_taken(derived_id(site_url, slug)):
        slug = registry.free_slug(base, suffixed=True)
    return explicit or derived_id(site_url, slug), slug


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
