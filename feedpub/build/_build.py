"""The build: the only code that knows every stage, read -> parse -> registry -> render ->
publish (README, "How it works").

``build`` never prints; it returns a BuildReport that ``cli.py`` turns into lines and an exit
code. The clock is an argument: ``now`` is the only time a build knows.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from feedpub import __version__
from feedpub.build._articles import Articles
from feedpub.build._changes import Progress, apply_changes
from feedpub.build._context import EntryContext
from feedpub.build._entries import keep_rendered
from feedpub.build._hubs import tell_hubs
from feedpub.build._render import entry_context, parse_options, publish_site
from feedpub.build._scan import scan_source, store_folders
from feedpub.build._workers import Work, Workers
from feedpub.config import PLACEHOLDER_SITE_URL, Config
from feedpub.errors import PublishError
from feedpub.model import Problem
from feedpub.publish import Staging, build_lock
from feedpub.registry import Changes, Registry, spread_first_seen
from feedpub.websub import Ping


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The outcome of one build, for the CLI to report.

    ``problems`` are the refusals that are new, or whose file changed, since the last build:
    what an operator has not been told yet. ``still_refused`` are the others. ``written``
    names the files under the output whose bytes changed (in a dry run: would change);
    ``pinged`` the WebSub pings the hubs accepted, ``warnings`` those they did not (sent
    again by the next build).
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
    pinged: tuple[Ping, ...] = ()
    warnings: tuple[str, ...] = ()
    # When an entry next enters or leaves the feeds with no file changed (a publishDate or
    # expiryDate reached): a watcher builds again then.
    next_change: datetime | None = None


def build(
    config: Config, now: datetime, *, check: bool = False, progress: Progress | None = None,
    touched: frozenset[str] | None = None, dry_run: bool = False, articles: Articles | None = None,
) -> BuildReport:
    """Publish the documents under ``config.source`` to ``config.output``.

    Everything a build registers is committed only once the files are published: a build
    that fails or is killed on the way leaves the registry as it found it, and the next
    build does the same work again (and reports the same ``new:`` lines). Then each hub of
    ``config.hubs`` is told which feeds changed (``feedpub.websub``).

    With ``check``, the new feeds must pass ``feedpub.validate`` before they replace the old.
    ``progress``, if given, is told how far the build has gone through the changed files, a
    page at a time; it is not called at all when no file changed. ``touched``, from a
    watcher, names the paths under the source (relative, "/"-separated) that changed since
    the last build: only their folders are listed (``ingest.scan_touched``); ``articles``
    keeps its parsed documents between builds. ``dry_run`` does everything but write: the
    registry's transaction is rolled back, no file is staged or published and no hub told.

    :raises FeedpubError: the source, registry, lock or output fails as a whole (with
        ``check``, PublishError: the new feeds are invalid; the old ones stay).
    """
    with _session(config, dry_run) as (registry, staging), _Rendering(
        config, now, staging, Articles() if articles is None else articles
    ) as rendering:
        had_feeds = any((config.output / name).exists() for name in _file_names())
        registry.set_clock(now)
        notices, reported = _follow_site_url(registry, config.site_url), registry.problems()
        changes, notes, dirty, problems = _register(
            registry, config, now, progress, rendering, touched)
        registry.store_problems(problems, reported)
        written = _publish(registry, config, problems, rendering, check) if dirty else []
        pinged, warnings = ([], []) if dry_run else tell_hubs(registry, config, written)
        # Committed when the block ends (a dry run: rolled back); nothing written if nothing changed.
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
            pinged=tuple(pinged),
            warnings=tuple(warnings),
            next_change=_next_change(registry),
        )


@contextmanager
def _session(config: Config, dry_run: bool) -> Iterator[tuple[Registry, Staging]]:
    """Hold the build lock, the registry's transaction and the staging area for the block.

    A dry run leaves nothing behind: it takes the lock only if a build already made its file,
    works on a throwaway registry if there is none yet, rolls its transaction back, and
    stages nothing (``Staging``'s dry run).
    """
    lock = config.state.with_name(config.state.name + ".lock")
    with ExitStack() as stack:
        if not dry_run or lock.exists():
            stack.enter_context(build_lock(lock, config.lock_timeout))
        state = config.state
        if dry_run and not state.exists():
            state = Path(stack.enter_context(tempfile.TemporaryDirectory())) / state.name
        registry = stack.enter_context(Registry.open(state))
        stack.enter_context(registry.transaction(keep=not dry_run))
        yield registry, stack.enter_context(Staging(config.output, dry_run=dry_run))


def _publish(
    registry: Registry, config: Config, problems: list[Problem], rendering: _Rendering,
    check: bool,
) -> list[str]:
    """Render and publish what changed; return the files written or removed (in a dry run:
    that would be)."""
    written = publish_site(
        registry, config, {p.key for p in problems}, rendering.context,
        rendering.staging, rendering.workers, _refuse_invalid if check else None,
    )
    registry.set_meta("feeds", _outputs_stamp(config.output))
    return written


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
            (
                f"site_url is now {site_url}: {count} ids minted under the placeholder "
                f"{PLACEHOLDER_SITE_URL} are minted again under it (nobody can have "
                "subscribed to the placeholder)"
            ),
        ) if count else ()
    return (
        (
            f"site_url changed from {previous} to {site_url}: ids stay as they are "
            "(subscribers have them); links now point under the new URL"
        ),
    )


def _problems(changes: Changes, unchanged: list[Problem]) -> list[Problem]:
    """This build's refusals and the stored ones whose file is as it was, in key order."""
    found = {problem.key: problem for problem in unchanged}
    found.update((problem.key, problem) for problem in changes.problems)
    return sorted(found.values(), key=lambda problem: problem.key)


class _Rendering:
    """How this build renders entries, and its worker processes (``_workers.Workers``); made
    only when something is rendered (a build where nothing changed imports neither the
    renderers nor Jinja2)."""

    def __init__(self, config: Config, now: datetime, staging: Staging, articles: Articles) -> None:
        self.config = config
        self.now = now
        self.staging = staging
        self.articles = articles
        self._context: EntryContext | None = None
        # Set once the source is scanned: where documents are read, and whether the
        # registry was empty (a cold build renders each entry where it is parsed).
        self.root = config.source
        self.fresh = False
        self.workers = Workers(self.tasks)

    def __enter__(self) -> _Rendering:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.workers.__exit__(*exc_info)

    @property
    def context(self) -> EntryContext:
        """What rendering any entry of this build needs."""
        if self._context is None:
            self._context = entry_context(self.config, self.articles, self.staging.dry_run)
        return self._context

    def tasks(self) -> dict[Work, object]:
        """What every job of each task of the workers shares."""
        from feedpub.build._context import Reading
        from feedpub.build._entries import render_entry
        from feedpub.build._pool import parse_job
        from feedpub.build._site import SiteContext, assemble_channel

        config, context = self.config, self.context
        reading = Reading(parse_options(config), str(self.root), config.max_size)
        return {
            parse_job: reading._replace(render=context) if self.fresh else reading,
            render_entry: (reading, context),
            assemble_channel: SiteContext(config, self.now, context.pages, self.staging.dry_run),
        }


def _register(
    registry: Registry, config: Config, now: datetime, progress: Progress | None,
    rendering: _Rendering, touched: frozenset[str] | None,
) -> tuple[Changes, list[str], bool, list[Problem]]:
    """Bring the registry up to date with the source folder, within the build's transaction.

    Returns what changed, notes for ``-v``, whether the feeds must be
    rendered, and every refusal that stands (``_problems``).
    """
    changes = Changes()
    notes: list[str] = []
    fingerprint = _fingerprint(config)
    new_fingerprint = registry.get_meta("fingerprint") != fingerprint
    if new_fingerprint:
        # Before anything is rendered: what was rendered under another configuration goes.
        registry.set_meta("fingerprint", fingerprint)
        registry.forget_rendered()
    scan = scan_source(registry, config, changes, touched)
    rendering.root, rendering.fresh = scan.root, registry.fresh
    apply_changes(
        registry, config, now, scan, changes, notes, progress, rendering.workers,
        rendering.articles, partial(keep_rendered, registry, rendering.staging),
    )
    changes.removed.extend(registry.remove_missing([*scan.unsettled, *scan.vanished]))
    spread_first_seen(registry, changes)
    problems = _problems(changes, registry.unchanged_problems())
    store_folders(registry, scan, problems)
    edited = registry.get_meta("feeds") != _outputs_stamp(config.output)
    if edited and not new_fingerprint:
        # The feeds were deleted or edited by hand since the last build: the rest of the
        # output may have been too, so everything is rendered again (and written only where
        # its bytes differ).
        registry.forget_rendered()
    # Asked of every build, whatever else changed: it notes the next instant too.
    window_moved = _window_moved(registry, now)
    dirty = changes.any() or new_fingerprint or edited or window_moved
    return changes, notes, dirty, problems


def _window_moved(registry: Registry, now: datetime) -> bool:
    """Return True when an entry entered or left the feeds since the last build: ``now``
    reached the publishDate or expiryDate noted then, though no file changed. Note the next
    such instant for the next build."""
    noted = registry.get_meta("next_change")
    upcoming = registry.next_change(now)
    stamp = upcoming.isoformat() if upcoming else ""
    if noted != stamp:
        registry.set_meta("next_change", stamp)
    return bool(noted) and datetime.fromisoformat(str(noted)) <= now


def _next_change(registry: Registry) -> datetime | None:
    noted = registry.get_meta("next_change")
    return datetime.fromisoformat(noted) if noted else None


def _refuse_invalid(feeds: dict[str, bytes]) -> None:
    from feedpub.validate import check_feed_bytes

    problems = [p for name, data in feeds.items() for p in check_feed_bytes(name, data)]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PublishError(f"the new feeds fail the check: {problems[0]}{more}")


def _file_names() -> tuple[str, ...]:
    # render.FILE_NAMES, spelled here: a build where nothing changed imports no renderer
    # (tests/build/test_site.py holds the two equal).
    return ("rss.xml", "atom.xml", "feed.json")


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
        __version__, sys.version_info[:2], config.site_url, config.title, config.description,
        config.language, config.author, config.count, config.sources, config.furniture, config.date_order,
        config.timezone, config.templates, config.pages, config.source_feeds,
        config.category_feeds, config.archive_size, config.icon, config.logo,
        config.link_template, config.hubs,
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
