"""Wire the stages of a build: read -> parse -> registry -> render -> publish.

``build`` never prints; it returns a BuildReport that ``cli.py`` turns into lines and an exit
code. The clock is an argument: ``now`` is the only time a build knows.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
from collections.abc import Iterable
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple
from datetime import datetime
from pathlib import Path

from feedpub import __version__
from feedpub.assign import Changes, match_known, record_article, spread_first_seen
from feedpub.config import Config
from feedpub.errors import DocumentError
from feedpub.model import Article, Feed, FeedFormat, Problem
from feedpub.publish import build_lock, publish_files
from feedpub.registry import Changed, Registry
from feedpub.source import SourceFile, SourceOptions, digest_bytes, list_documents, make_document, read_bytes

if TYPE_CHECKING:
    from feedpub.parse import ParseOptions

log = logging.getLogger(__name__)

# Below this many documents to parse, starting worker processes costs more than it saves.
_PARALLEL_FROM = 200
_CHUNK = 16
_PR_SET_PDEATHSIG = 1
_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")
_CLEAN = "clean"


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The outcome of one build, for the CLI to report."""

    problems: tuple[Problem, ...]
    added: tuple[str, ...]
    updated: tuple[str, ...]
    moved: tuple[str, ...]
    restored: tuple[str, ...]
    removed: tuple[str, ...]
    written: tuple[str, ...]
    published: int
    registry_created: bool
    notes: tuple[str, ...] = ()


def build(config: Config, now: datetime) -> BuildReport:
    """Publish the documents under ``config.source`` to ``config.output``.

    :raises FeedpubError: the source, registry, lock or output fails as a whole.
    """
    with build_lock(config.state.with_name(config.state.name + ".lock"), config.lock_timeout):
        had_feeds = any((config.output / name).exists() for name in _file_names())
        with Registry.open(config.state) as registry:
            registry.begin()
            changes = Changes()
            notes: list[str] = []
            root = _stage_scan(registry, config, changes)
            _apply_changes(registry, config, root, now, changes, notes)
            changes.removed.extend(registry.remove_missing())
            spread_first_seen(registry, changes, now)
            fingerprint = _fingerprint(config)
            dirty = (
                changes.any()
                or registry.get_meta("fingerprint") != fingerprint
                or registry.get_meta("feeds") != _CLEAN
                or not all((config.output / name).exists() for name in _file_names())
            )
            registry.set_meta("fingerprint", fingerprint)
            if dirty:
                registry.set_meta("feeds", "pending")
            registry.commit()
            written: list[str] = []
            if dirty:
                written = publish_files(config.output, render_feeds(registry, config, now))
                registry.begin()
                registry.set_meta("feeds", _CLEAN)
                registry.commit()
            return BuildReport(
                problems=tuple(changes.problems),
                added=tuple(changes.added),
                updated=tuple(changes.updated),
                moved=tuple(changes.moved),
                restored=tuple(changes.restored),
                removed=tuple(changes.removed),
                written=tuple(written),
                published=registry.count_active(),
                registry_created=registry.created and had_feeds,
                notes=tuple(notes),
            )


class ListedEntry(NamedTuple):
    """One registry row as ``feedpub list`` shows it."""

    id: str
    published: str
    updated: str
    title: str
    path: str
    status: str


def list_entries(config: Config) -> list[ListedEntry]:
    """Return every entry the registry knows, newest first; none if there is no registry."""
    if not config.state.exists():
        return []
    with Registry.open(config.state) as registry:
        return [ListedEntry(*row) for row in registry.listing()]


def render_feeds(registry: Registry, config: Config, now: datetime) -> dict[str, bytes]:
    """Render every format from the newest entries in the registry."""
    from feedpub.render import FILE_NAMES, FORMATS
    from feedpub.render.entry import SiteOptions, make_entry

    site = SiteOptions(config.site_url, config.sources)
    entries = tuple(make_entry(stored, site) for stored in registry.newest(config.count))
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


def _file_names() -> tuple[str, ...]:
    return tuple(f"{fmt}.xml" for fmt in _FORMATS)


def _fingerprint(config: Config) -> str:
    """Hash what the feeds show besides entries: a change re-renders them (SPEC.md §3)."""
    shown = (
        __version__, config.site_url, config.title, config.description, config.language,
        config.author, config.count, config.sources,
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _stage_scan(registry: Registry, config: Config, changes: Changes) -> Path:
    """Record every file found in the registry's scan table, not in memory (a no-change
    build of 100,000 documents would otherwise hold them all); return the resolved source.

    Refused files are reported, and stay published if they were.
    """
    options = SourceOptions(config.patterns, config.max_size)
    rows: list[tuple[str, int, int]] = []
    for item in list_documents(config.source, options):
        if isinstance(item, DocumentError):
            changes.problems.append(Problem(str(item.path), item.reason))
            rows.append((str(item.path), -1, -1))
        else:
            rows.append((item.key, item.size, item.mtime_ns))
        if len(rows) >= 1000:
            registry.stage_scan(rows)
            rows.clear()
    registry.stage_scan(rows)
    return config.source.resolve()


def _apply_changes(
    registry: Registry, config: Config, root: Path, now: datetime,
    changes: Changes, notes: list[str],
) -> None:
    with _Parser(config) as parser:
        for page in registry.changed():
            jobs: list[tuple[Changed, SourceFile, bytes, str]] = []
            for changed in page:
                file = SourceFile(
                    os.path.join(root, changed.key), changed.key, changed.size, changed.mtime_ns
                )
                try:
                    data = read_bytes(file, config.max_size)
                except DocumentError as exc:
                    changes.problems.append(Problem(file.key, exc.reason))
                    continue
                digest = digest_bytes(data)
                if not match_known(registry, changed, digest, changes):
                    jobs.append((changed, file, data, digest))
            results = parser.parse([(file, data) for _, file, data, _ in jobs])
            for (changed, _, _, digest), (outcome, encoding) in zip(jobs, results, strict=True):
                if isinstance(outcome, str):
                    changes.problems.append(Problem(changed.key, outcome))
                    continue
                if encoding not in ("utf-8", "ascii"):
                    notes.append(f"{changed.key}: decoded as {encoding}")
                record_article(registry, changed, digest, outcome, config.site_url, now, changes)


Outcome = tuple[Article | str, str]


class _Parser:
    """Parses pages of documents, on every core once there are enough to be worth it.

    Parsing and worker processes are set up on first use: a build where nothing changed
    (cron's usual case) never parses, and skipping dateutil and multiprocessing halves its time.
    """

    def __init__(self, config: Config) -> None:
        self._config = config
        self._options: ParseOptions | None = None
        self._stack = ExitStack()
        self._pool: Executor | None = None

    def __enter__(self) -> _Parser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def parse(self, jobs: list[tuple[SourceFile, bytes]]) -> Iterable[Outcome]:
        """Return the outcome of each job, in order."""
        if not jobs:
            return []
        if self._options is None:
            from feedpub.parse import ParseOptions

            config = self._config
            self._options = ParseOptions.create(config.date_order, config.timezone, config.furniture)
        options = self._options
        if self._pool is None and len(jobs) >= _PARALLEL_FROM and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = self._stack.enter_context(
                ProcessPoolExecutor(
                    os.cpu_count(), mp_context=get_context("fork"),
                    initializer=_die_with_parent, initargs=(os.getpid(),),
                )
            )
        if self._pool is None or len(jobs) < _CHUNK:
            return [_parse_one(job, options) for job in jobs]
        return self._pool.map(_parse_one, jobs, [options] * len(jobs), chunksize=_CHUNK)


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the build that forked it is killed (SIGKILL included).

    Otherwise orphaned workers wait on their queue for ever. Linux: prctl(PR_SET_PDEATHSIG).
    """
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _parse_one(job: tuple[SourceFile, bytes], options: ParseOptions) -> Outcome:
    """Decode and parse one document; a refusal comes back as its reason (picklable)."""
    from feedpub.parse import parse_document

    file, data = job
    try:
        document = make_document(file, data)
        return parse_document(document, options), document.encoding
    except DocumentError as exc:
        return exc.reason, ""
