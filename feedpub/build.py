"""Wire the stages of a build: read -> parse -> registry -> render -> publish.

``build`` never prints; it returns a BuildReport that ``cli.py`` turns into lines and an exit
code. The clock is an argument: ``now`` is the only time a build knows.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from feedpub import __version__
from feedpub.assign import Changes, Whereabouts, match_known, record_article, spread_first_seen
from feedpub.config import PLACEHOLDER_SITE_URL, Config
from feedpub.errors import DocumentError, PublishError
from feedpub.ingest import (
    SourceFile,
    SourceOptions,
    Unchanged,
    folder_of,
    make_document,
    part_of,
    read_bytes,
    scan_folders,
    unit_folder,
)
from feedpub.model import Article, Feed, FeedFormat, Problem, Stored
from feedpub.publish import build_lock, publish_files
from feedpub.registry import UNSETTLED, Changed, Record, Registry

if TYPE_CHECKING:
    from feedpub.parse import ParseOptions
    from feedpub.pool import Job, Parsed, Reading

log = logging.getLogger(__name__)

_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")
# From this many files in the last build, a helper process shares the walk of the source.
_PARALLEL_SCAN_FROM = 20_000


# A build's stages over its changed files: every build parses them (a cold build registers
# each page as it comes); a build that began with entries then registers them (see
# ``_apply_changes``).
Stage = Literal["parsing", "registering"]


class Progress(Protocol):
    """Follows a build through its changed files; told once a page of them (512), never once
    a document, so that following costs nothing measurable."""

    def __call__(self, stage: Stage, done: int, total: int) -> None:
        """Say that ``done`` of the ``total`` files of ``stage`` are done: called with 0 when
        the stage begins, then after each page."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The outcome of one build, for the CLI to report.

    ``problems`` are the refusals that are new, or whose file changed, since the last build:
    what an operator has not been told yet. ``still_refused`` are the others.
    """

    problems: tuple[Problem, ...]
    added: tuple[str, ...]
    updated: tuple[str, ...]
    moved: tuple[str, ...]
    restored: tuple[str, ...]
    removed: tuple[str, ...]
    written: tuple[str, ...]
    registry_created: bool
    notes: tuple[str, ...] = ()
    still_refused: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()


def build(
    config: Config, now: datetime, *, check: bool = False, progress: Progress | None = None
) -> BuildReport:
    """Publish the documents under ``config.source`` to ``config.output``.

    Everything a build registers is committed only once the feeds are published: a build
    that fails or is killed on the way leaves the registry as it found it, and the next
    build does the same work again (and reports the same ``new:`` lines).

    With ``check``, the new feeds must pass ``feedpub.validate`` before they replace the old.
    ``progress``, if given, is told how far the build has gone through the changed files, a
    page at a time; it is not called at all when no file changed.

    :raises FeedpubError: the source, registry, lock or output fails as a whole.
    :raises PublishError: with ``check``, the new feeds are invalid; the old ones stay.
    """
    with build_lock(config.state.with_name(config.state.name + ".lock"), config.lock_timeout):
        had_feeds = any((config.output / name).exists() for name in _file_names())
        with Registry.open(config.state) as registry, registry.transaction():
            notices = _follow_site_url(registry, config.site_url)
            reported = registry.problems()
            root, changes, notes, dirty, problems = _register(registry, config, now, progress)
            registry.store_problems(problems, reported)
            written: list[str] = []
            if dirty:
                refused = {problem.key for problem in problems}
                feeds = render_feeds(registry.newest(config.count), root, config, now, refused)
                if check:
                    _refuse_invalid(feeds)
                written = publish_files(config.output, feeds)
                registry.set_meta("feeds", _outputs_stamp(config.output))
            # Committed when the block ends; nothing written when nothing changed.
            return BuildReport(
                problems=tuple(p for p in problems if reported.get(p.key) != p),
                added=tuple(changes.added),
                updated=tuple(changes.updated),
                moved=tuple(changes.moved),
                restored=tuple(changes.restored),
                removed=tuple(changes.removed),
                written=tuple(written),
                registry_created=registry.created and had_feeds,
                notes=tuple(notes),
                still_refused=tuple(p for p in problems if reported.get(p.key) == p),
                notices=notices,
            )


def _follow_site_url(registry: Registry, site_url: str) -> tuple[str, ...]:
    """Keep ids stable across a change of ``site_url``, and say so once.

    Ids minted under the built-in placeholder are minted again under the first real URL: no
    subscriber can have an example.org id, and keeping them would pin every id to it. From
    one real URL to another, ids stay (subscribers have them) and only links move.
    """
    previous = registry.get_meta("site_url")
    if previous is None and registry.has_ids_under(PLACEHOLDER_SITE_URL):
        previous = PLACEHOLDER_SITE_URL  # a registry from before site_url was stored
    if previous == site_url:
        return ()
    registry.set_meta("site_url", site_url)
    if previous is None:
        return ()
    if previous == PLACEHOLDER_SITE_URL:
        count = registry.rebase_ids(PLACEHOLDER_SITE_URL, site_url)
        return (
            f"site_url is now {site_url}: {count} ids minted under the placeholder "
            f"{PLACEHOLDER_SITE_URL} are minted again under it (nobody can have subscribed "
            "to the placeholder)",
        ) if count else ()
    return (
        f"site_url changed from {previous} to {site_url}: ids stay as they are "
        "(subscribers have them); links now point under the new URL",
    )


def _problems(changes: Changes, unchanged: list[Problem]) -> list[Problem]:
    """This build's refusals and the stored ones whose file is as it was, in key order."""
    found = {problem.key: problem for problem in unchanged}
    found.update((problem.key, problem) for problem in changes.problems)
    return sorted(found.values(), key=lambda problem: problem.key)


def _register(
    registry: Registry, config: Config, now: datetime, progress: Progress | None
) -> tuple[Path, Changes, list[str], bool, list[Problem]]:
    """Bring the registry up to date with the source folder, within the build's transaction.

    Returns the resolved source, what changed, notes for ``-v``, whether the feeds must be
    rendered, and every refusal that stands (``_problems``).
    """
    changes = Changes()
    notes: list[str] = []
    scan = _scan(registry, config, changes)
    _apply_changes(registry, config, scan.root, now, scan, changes, notes, progress)
    changes.removed.extend(registry.remove_missing([*scan.unsettled, *scan.vanished]))
    spread_first_seen(registry, changes)
    problems = _problems(changes, registry.unchanged_problems())
    _store_folders(registry, scan, problems)
    fingerprint = _fingerprint(config)
    new_fingerprint = registry.get_meta("fingerprint") != fingerprint
    dirty = (
        changes.any()
        or new_fingerprint
        or registry.get_meta("feeds") != _outputs_stamp(config.output)
    )
    if new_fingerprint:
        registry.set_meta("fingerprint", fingerprint)
    return scan.root, changes, notes, dirty, problems


class ListedEntry(NamedTuple):
    """One registry row as ``feedpub list`` shows it."""

    id: str
    published: str
    updated: str
    title: str
    path: str
    status: str


def count_published(config: Config) -> int:
    """Return how many entries the registry has published; 0 if there is no registry.

    Not part of BuildReport: at 100,000 entries the count costs a twentieth of a no-change
    build, and cron runs with ``--quiet`` never show it.
    """
    if not config.state.exists():
        return 0
    with Registry.open(config.state) as registry:
        return registry.count_active()


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


def render_feeds(
    newest: list[Stored], root: Path, config: Config, now: datetime,
    refused: set[str] | None = None,
) -> dict[str, bytes]:
    """Render every format from the newest registered entries, parsing their files again
    (except the ``refused`` keys: files the scan refused in this build)."""
    from feedpub.render import FILE_NAMES, FORMATS
    from feedpub.render.entry import SiteOptions, make_entry

    site = SiteOptions(config.site_url, config.sources)
    options = _parse_options(config)
    entries = tuple(
        make_entry(stored, article, site)
        for stored, article in (
            (s, _reparse(root, s, config, options, refused or set())) for s in newest
        )
        if article is not None
    )
    feed = Feed(
        title=config.title,
        description=config.description,
        language=config.language,
        site_url=config.site_url,
        author=config.author,
        self_urls=tuple((fmt, f"{config.site_url}/{FILE_NAMES[fmt]}") for fmt in _FORMATS),
        updated=max((e.updated for e in entries), default=now.replace(microsecond=0)),
        entries=entries,
    )
    return {FILE_NAMES[fmt]: FORMATS[fmt](feed) for fmt in _FORMATS}


def _refuse_invalid(feeds: dict[str, bytes]) -> None:
    from feedpub.validate import check_feed_bytes

    problems = [p for name, data in feeds.items() for p in check_feed_bytes(name, data)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PublishError(f"the new feeds fail the check: {problems[0]}{more}")


def _reparse(
    root: Path, stored: Stored, config: Config, options: ParseOptions, refused: set[str]
) -> Article | None:
    from feedpub.parse import parse_document

    # SPEC.md §1: a path the scan refused is not opened again in the same build.
    if stored.key in refused:
        return None
    file = SourceFile(os.path.join(root, stored.key), stored.key, 0, 0)
    try:
        data = read_bytes(str(root), file, config.max_size)
        return parse_document(make_document(file, data), options)
    except DocumentError as exc:
        # Published before, unreadable now (reported by the scan): keep the feed valid.
        log.debug("%s: left out of the feeds: %s", stored.key, exc.reason)
        return None


def _parse_options(config: Config) -> ParseOptions:
    from feedpub.parse import ParseOptions

    return ParseOptions.create(config.date_order, config.timezone, config.furniture)


def _file_names() -> tuple[str, ...]:
    return tuple(f"{fmt}.xml" for fmt in _FORMATS)


def _outputs_stamp(output: Path) -> str:
    """Size and mtime of each published file: a feed deleted or overwritten by hand since
    the last build no longer matches, and is rendered again."""
    stamps = []
    for name in _file_names():
        try:
            info = (output / name).stat()
        except OSError:
            return "missing"
        stamps.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return " ".join(stamps)


def _fingerprint(config: Config) -> str:
    """Hash what the feeds show besides entries: a change re-renders them (SPEC.md §3)."""
    shown = (
        __version__, config.site_url, config.title, config.description, config.language,
        config.author, config.count, config.sources, config.furniture, config.date_order,
        config.timezone,
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


class _Scan(NamedTuple):
    """What the scan found: the units (folders, or parts of large ones) to look into, and the
    digests to store once the build has settled them."""

    root: Path
    unsettled: dict[str, str]  # unit -> listing digest: files staged, to compare one by one
    folders: dict[str, str]  # folder -> listing digest, for the folders not settled whole
    counts: dict[str, int]  # folder -> number of parts, for the large folders among them
    vanished: list[str]  # stored units that are gone, or whose folder was cut differently
    troubled: set[str]  # units and folders holding a file the scan refused
    stored: dict[str, str]  # unit -> the digest the last build stored


def _scan(registry: Registry, config: Config, changes: Changes) -> _Scan:
    """List every folder; stage in the registry's scan table the files of the units whose
    digest changed.

    A folder whose listing has its stored digest is skipped whole (``source.Unchanged``): a
    no-change build compares one digest a folder, not one row a file. A large folder whose
    digest changed is compared part by part (``source.Listing.parts``), and only its changed
    parts are staged. The staged files stay in the scan table, not in memory (a cold build of
    100,000 documents would otherwise hold them all). Refused files are reported, and stay
    published if they were.
    """
    stored = registry.folder_digests()
    scan = _Scan(config.source.resolve(), {}, {}, {}, [], set(), stored)
    seen: set[str] = set()
    options = SourceOptions(config.patterns, config.max_size)
    files = registry.get_meta("files")
    parallel = int(files or 0) >= _PARALLEL_SCAN_FROM
    count = 0
    for listing in scan_folders(config.source, options, known=stored, parallel=parallel):
        seen.add(listing.folder)
        if isinstance(listing, Unchanged):
            count += listing.files
            registry.settle(listing.folder)
            continue
        count += len(listing.keys)
        changes.problems.extend(Problem(str(e.path), e.reason) for e in listing.refused)
        if listing.refused:
            scan.troubled.add(listing.folder)
        scan.folders[listing.folder] = listing.digest
        parts = listing.parts()
        if parts:
            scan.counts[listing.folder] = len(parts)
        rows: list[tuple[str, int, int]] = []
        for part in parts or [listing]:
            seen.add(part.unit)
            if part is not listing and stored.get(part.unit) == part.digest:
                registry.settle(part.unit)
                continue
            scan.unsettled[part.unit] = part.digest
            if part.refused:
                scan.troubled.add(part.unit)
            rows.extend(part.rows())
        # In key order, the parts of a folder together: the registry's indexes then grow at
        # their end instead of all over (three times faster at 100,000).
        registry.stage_scan(sorted(rows))
    if files != str(count):
        registry.set_meta("files", str(count))
    # A stored part of a folder settled whole is not listed, but still stands.
    settled_whole = {unit for unit in seen if unit == unit_folder(unit)} - scan.folders.keys()
    scan.vanished.extend(
        sorted(unit for unit in stored.keys() - seen if unit_folder(unit) not in settled_whole)
    )
    return scan


def _store_folders(registry: Registry, scan: _Scan, problems: list[Problem]) -> None:
    """Settle the units looked into whose every file now has its record. A unit holding a
    refused file is stored UNSETTLED, and so is its folder: every build looks at the refusal
    again, and looks for removed files there once the folder is gone."""
    troubled = set(scan.troubled)
    for problem in problems:
        folder = folder_of(problem.key)
        troubled.add(folder)
        if folder in scan.counts:
            troubled.add(part_of(problem.key, scan.counts[folder]))
    digests = scan.unsettled | scan.folders
    registry.store_folders(
        {unit: UNSETTLED if unit in troubled else digest for unit, digest in digests.items()}
        | dict.fromkeys(scan.vanished),
        scan.stored,
    )


def _apply_changes(
    registry: Registry, config: Config, root: Path, now: datetime, scan: _Scan,
    changes: Changes, notes: list[str], progress: Progress | None,
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
    """
    pages = registry.changed()
    first = next(pages, None)
    if first is None:
        return
    # Imported here: a build where nothing changed (cron's usual case) never parses, and
    # skipping the parser, dateutil and multiprocessing saves a third of its time.
    from feedpub.pool import ParsePool, Reading

    fresh = registry.fresh
    where = Whereabouts(registry, staged=not fresh)
    reading = Reading(_parse_options(config), str(root), config.max_size)
    settle = _Settle(registry, config, now, where, changes, notes)
    tally = _Tally(progress)
    tally.start("parsing", registry.count_changed)
    with ParsePool(reading) as pool:
        # The page handed to the workers last, and how many changed files it had (with those
        # ``_triage`` settled itself).
        previous: tuple[_Page, int] | None = None
        done = settle.register if fresh else partial(_stage, registry)
        for page in itertools.chain([first], pages):
            pending = _triage(registry, reading, page, fresh, changes)
            submitted = ([changed for changed, _ in pending], pool.parse([j for _, j in pending]))
            if previous is not None:
                done(*previous[0])
                tally.add(previous[1])
            previous = (submitted, len(page))
        if previous is not None:
            done(*previous[0])
            tally.add(previous[1])
    if not fresh:
        where.find_renames(_gone(registry, scan))
        tally.start("registering", registry.count_staged)
        for staged in registry.staged_texts():
            settle.register([changed for changed, _ in staged], map(_unpack, (o for _, o in staged)))
            tally.add(len(staged))


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
    from feedpub.pool import Job

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
            if known.digest == document.digest:
                registry.note_file(known.id, changed.key, changed, document.digest)
                if known.status != "active":
                    changes.restored.append(changed.key)
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

    from feedpub.pool import Parsed

    # Bytes this build pickled itself, a moment ago, in its own temporary table.
    return Parsed(*pickle.loads(outcome))


def _gone(registry: Registry, scan: _Scan) -> list[Record]:
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

    def register(self, files: list[Changed], outcomes: Iterable[Parsed]) -> None:
        """Register the parsed documents of one page, in key order."""
        registry, changes = self.registry, self.changes
        outcomes = list(outcomes)
        registry.expect(
            [parsed.digest for parsed in outcomes if parsed.digest],
            [parsed.slug for parsed in outcomes if parsed.slug],
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
