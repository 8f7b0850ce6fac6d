"""Parse -> registry: every changed file read, parsed on every core, and registered as what
it is (touched, moved, a copy, an edit or new: registry.Whereabouts)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Literal, Protocol, cast

from feedpub.build._scan import Scan
from feedpub.config import Config
from feedpub.errors import DocumentError
from feedpub.ingest import (
    SourceFile,
    make_document,
    read_bytes,
)
from feedpub.model import ArticleFacts, Problem
from feedpub.registry import (
    Changed,
    Changes,
    Record,
    Registry,
    Whereabouts,
    derived_id,
    match_known,
    record_article,
    settle_in_place,
)

if TYPE_CHECKING:
    from feedpub.build._articles import Articles
    from feedpub.build._context import Reading
    from feedpub.build._entries import Rendered
    from feedpub.build._pool import Job, Parsed, ParsePool
    from feedpub.build._workers import Workers

# A build's stages over its changed files: every build parses them (a cold build registers
# each page as it comes); a build that began with entries then registers them (see
# ``apply_changes``).
Stage = Literal["parsing", "registering"]


class Progress(Protocol):
    """Follows a build through its changed files; told once a page of them (512), never once
    a document, so that following costs nothing measurable."""

    def __call__(self, stage: Stage, done: int, total: int) -> None:
        """Say that ``done`` of the ``total`` files of ``stage`` are done: called with 0 when
        the stage begins, then after each page."""


def apply_changes(
    registry: Registry, config: Config, now: datetime, scan: Scan, changes: Changes,
    notes: list[str], progress: Progress | None, workers: Workers, articles: Articles | None,
    keep: Callable[[list[Rendered]], None],
) -> None:
    """Settle every changed file: known text in place, the rest parsed (on every core).

    A file at a known key is read here first, so a fresh clone (new mtimes, same bytes) parses
    nothing; a file at a new key goes straight to a worker, which reads it. Each page's jobs
    are handed to the workers before the previous page's results are dealt with, so the
    workers parse while this process writes.

    A cold build registers each page as it comes. A build that began with entries first
    stages every changed file's text, then registers them: whether a file holds an entry
    that moved, a copy, an edit or a new text depends on where every text is now (README,
    "What a rebuild promises").

    A cold build also renders each entry where it is parsed, as the registry will most
    likely record it (``_entries.guess``); ``keep`` checks that once the page of entries is
    registered. ``workers`` parse (``_pool.parse_job``, with its Reading); ``articles``, a
    watcher's, keeps the documents this process parses.
    """
    pages = registry.changed()
    first = next(pages, None)
    if first is None:
        return
    # Imported here: a build where nothing changed (cron's usual case) never parses, and
    # skipping the parser, dateutil and multiprocessing saves a third of its time.
    from feedpub.build._pool import ParsePool, parse_job

    fresh = registry.fresh
    where = Whereabouts(registry, staged=not fresh)
    reading = cast("Reading", workers.context(parse_job))
    settle = _Settle(registry, config, now, where, changes, notes, keep)
    tally = _Tally(progress)
    tally.start("parsing", registry.count_changed)
    _parse_pages(
        itertools.chain([first], pages), ParsePool(workers, articles), reading, registry,
        settle.register if fresh else partial(_stage, registry), changes, tally,
    )
    if not fresh:
        where.find_renames(_gone(registry, scan))
        tally.start("registering", registry.count_staged)
        for staged in registry.staged_texts():
            settle.register([changed for changed, _ in staged], map(_unpack, (o for _, o in staged)))
            tally.add(len(staged))


def _parse_pages(
    pages: Iterable[list[Changed]], pool: ParsePool, reading: Reading, registry: Registry,
    done: Callable[[list[Changed], Iterable[Parsed]], None], changes: Changes, tally: _Tally,
) -> None:
    """Hand each page to the workers, then deal with the page before it (``done``)."""
    # The page handed to the workers last, and how many changed files it had (with those
    # ``_triage`` settled itself).
    previous: tuple[_Page, int] | None = None
    for page in pages:
        pending = _triage(registry, reading, page, registry.fresh, changes)
        submitted = ([changed for changed, _ in pending], pool.parse([j for _, j in pending]))
        if previous is not None:
            done(*previous[0])
            tally.add(previous[1])
        previous = (submitted, len(page))
    if previous is not None:
        done(*previous[0])
        tally.add(previous[1])


_Pending = list[tuple[Changed, "Job"]]
_Page = tuple[list[Changed], Iterable["Parsed"]]


@dataclass(slots=True)
class _Tally:
    """Counts the files of the current stage that are done, for ``progress``."""

    progress: Progress | None
    stage: Stage = "parsing"
    total: int = 0
    done: int = 0

    def start(self, stage: Stage, count: Callable[[], int]) -> None:
        """Begin ``stage``; ``count`` (a query) runs only if someone follows the build."""
        if self.progress is not None:
            self.stage, self.total, self.done = stage, count(), 0
            self.progress(stage, 0, self.total)

    def add(self, size: int) -> None:
        """Count ``size`` more files done."""
        if self.progress is not None:
            self.done += size
            self.progress(self.stage, self.done, self.total)


def _triage(
    registry: Registry, reading: Reading, page: list[Changed], fresh: bool, changes: Changes,
) -> _Pending:
    """Settle the files that still hold their entry's text; return the ones to parse."""
    from feedpub.build._pool import Job

    pending: _Pending = []
    # Plain concatenation: os.path.join cost a tenth of this loop.
    prefix = f"{reading.root}{os.sep}"
    for changed in page:
        path = prefix + changed.key
        known = None if fresh else registry.find_key(changed.key)
        document = None
        if known is not None:
            file = SourceFile(path, changed.key, changed.size, changed.mtime_ns)
            try:
                data = read_bytes(reading.root, file, reading.max_size)
            except DocumentError as exc:
                changes.problems.append(Problem(file.key, exc.reason))
                continue
            try:
                document = make_document(file, data)
            except DocumentError as exc:
                changes.problems.append(
                    Problem(file.key, exc.reason, (changed.size, changed.mtime_ns))
                )
                continue
            if settle_in_place(registry, changed, document.digest, known, changes):
                continue
        pending.append((changed, Job(path, changed.key, changed.size, document)))
    return pending


def _stage(registry: Registry, files: list[Changed], outcomes: Iterable[Parsed]) -> None:
    """Keep a page's outcomes in the registry until every changed file has been read."""
    import pickle

    registry.stage_texts(
        (
            file, parsed.digest, parsed.title.casefold(),
            pickle.dumps(tuple(parsed), pickle.HIGHEST_PROTOCOL),
        )
        for file, parsed in zip(files, outcomes, strict=True)
    )


def _unpack(outcome: bytes) -> Parsed:
    import pickle

    from feedpub.build._pool import Parsed

    # Bytes this build pickled itself, a moment ago, in its own temporary table.
    return Parsed(*pickle.loads(outcome))  # noqa: S301 - see above


def _gone(registry: Registry, scan: Scan) -> list[Record]:
    """Return the published entries whose file this build did not find."""
    found = (registry.find_key(key) for key in registry.missing([*scan.unsettled, *scan.vanished]))
    return [record for record in found if record is not None]


@dataclass(slots=True)
class _Settle:
    """Registers parsed documents: what each changed file is, then its record."""

    registry: Registry
    config: Config
    now: datetime
    where: Whereabouts
    changes: Changes
    notes: list[str]
    keep: Callable[[list[Rendered]], None]

    def register(self, files: list[Changed], outcomes: Iterable[Parsed]) -> None:
        """Register the parsed documents of one page, in key order."""
        registry, changes = self.registry, self.changes
        outcomes = list(outcomes)
        site_url = self.config.site_url
        registry.expect(
            [parsed.digest for parsed in outcomes if parsed.digest],
            [parsed.slug for parsed in outcomes if parsed.slug],
            [derived_id(site_url, parsed.slug) for parsed in outcomes if parsed.slug],
        )
        for changed, parsed in zip(files, outcomes, strict=True):
            facts = parsed.facts
            if facts is None:
                stat = (changed.size, changed.mtime_ns) if parsed.read else None
                changes.problems.append(Problem(changed.key, parsed.reason or "unreadable", stat))
                continue
            known = None if registry.fresh else registry.find_key(changed.key)
            # In a cold build, a document registered earlier (in this page or the one
            # before) may hold the same text: a duplicate.
            if match_known(registry, self.where, changed, parsed.digest, known, changes):
                continue
            if known is not None and self.where.moved_away(known):
                known = None  # its text moved on: this is a new text at its old path
            if known is None:
                known = self.where.renamed(changed.key)
            if parsed.encoding not in ("utf-8", "ascii"):
                self.notes.append(f"{changed.key}: decoded as {parsed.encoding}")
            record_article(
                registry, changed, parsed.digest, facts, known, parsed.slug,
                self.config.site_url, self.now, changes,
            )
            self._note_window(changed.key, facts)
        self.keep([parsed.rendered for parsed in outcomes if parsed.rendered is not None])

    def _note_window(self, key: str, facts: ArticleFacts) -> None:
        """Say at ``-v`` why a registered document is not in the feeds (yet)."""
        if facts.draft:
            self.notes.append(f"draft (not published): {key}")
        elif facts.publish_at is not None and facts.publish_at > self.now:
            self.notes.append(
                f"scheduled (not published before {facts.publish_at.isoformat()}): {key}"
            )
        elif facts.expires is not None and facts.expires <= self.now:
            self.notes.append(f"expired (withdrawn since {facts.expires.isoformat()}): {key}")
