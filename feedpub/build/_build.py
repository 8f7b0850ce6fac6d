"""The build: the only code that knows every stage, read -> parse -> registry -> render ->
publish (README, "How it works").

``build`` never prints; it returns a BuildReport that ``cli.py`` turns into lines and an exit
code. The clock is an argument: ``now`` is the only time a build knows.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feedpub import __version__
from feedpub.build._articles import Articles
from feedpub.build._changes import Progress, apply_changes
from feedpub.build._render import FEED_FORMATS, render_feeds
from feedpub.build._scan import scan_source, store_folders
from feedpub.config import PLACEHOLDER_SITE_URL, Config
from feedpub.errors import PublishError
from feedpub.model import Problem
from feedpub.publish import build_lock, publish_files
from feedpub.registry import Changes, Registry, spread_first_seen
from feedpub.websub import Ping, dump_pending, feed_urls, load_pending, send_pings

# The registry's meta row of the WebSub pings no hub has accepted yet (``feedpub.websub``).
_PENDING_PINGS = "websub_pending"


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

    Everything a build registers is committed only once the feeds are published: a build
    that fails or is killed on the way leaves the registry as it found it, and the next
    build does the same work again (and reports the same ``new:`` lines). Then each hub of
    ``config.hubs`` is told which feeds changed (``feedpub.websub``).

    With ``check``, the new feeds must pass ``feedpub.validate`` before they replace the old.
    ``progress``, if given, is told how far the build has gone through the changed files, a
    page at a time; it is not called at all when no file changed. ``touched``, from a
    watcher, names the paths under the source (relative, "/"-separated) that changed since
    the last build: only their folders are listed (``ingest.scan_touched``); ``articles``
    keeps its parsed documents between builds. ``dry_run`` does everything but write: the
    registry's transaction is rolled back, no file is published and no hub told.

    :raises FeedpubError: the source, registry, lock or output fails as a whole (with
        ``check``, PublishError: the new feeds are invalid; the old ones stay).
    """
    with _session(config, dry_run) as registry:
        had_feeds = any((config.output / name).exists() for name in _file_names())
        notices = _follow_site_url(registry, config.site_url)
        reported = registry.problems()
        articles = Articles() if articles is None else articles
        root, changes, notes, dirty, problems = _register(
            registry, config, now, progress, articles, touched
        )
        registry.store_problems(problems, reported)
        feeds = _render(registry, config, now, root, problems, articles, check) if dirty else {}
        written, pinged, warnings = _publish(registry, config, feeds, dry_run)
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
def _session(config: Config, dry_run: bool) -> Iterator[Registry]:
    """Hold the build lock and the registry's transaction for the block.

    A dry run leaves nothing behind: it takes the lock only if a build already made its file,
    works on a throwaway registry if there is none yet, and rolls its transaction back.
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
        yield registry


def _render(
    registry: Registry, config: Config, now: datetime, root: Path, problems: list[Problem],
    articles: Articles, check: bool,
) -> dict[str, bytes]:
    refused = {problem.key for problem in problems}
    feeds = render_feeds(
        registry.newest(config.count, now), root, config, now, refused, articles
    )
    if check:
        _refuse_invalid(feeds)
    return feeds


def _publish(
    registry: Registry, config: Config, feeds: dict[str, bytes], dry_run: bool
) -> tuple[list[str], list[Ping], list[str]]:
    """Publish ``feeds`` (none: nothing to render) and tell the hubs; return the files
    written, the pings accepted and a warning per ping refused."""
    if dry_run:
        return [name for name, data in sorted(feeds.items()) if _bytes(config.output / name) != data], [], []
    written: list[str] = []
    if feeds:
        written = publish_files(config.output, feeds)
        registry.set_meta("feeds", _outputs_stamp(config.output))
    pinged, warnings = _tell_hubs(registry, config, written)
    return written, pinged, warnings


def _tell_hubs(
    registry: Registry, config: Config, written: list[str]
) -> tuple[list[Ping], list[str]]:
    """Ping each hub for each feed written, and again for what earlier builds owe them."""
    stored = registry.get_meta(_PENDING_PINGS)
    if not config.hubs and stored is None:
        return [], []
    pings = list(dict.fromkeys([
        *load_pending(stored, config.hubs),
        *(Ping(hub, url) for url in feed_urls(config.site_url, written) for hub in config.hubs),
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


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


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


def _register(
    registry: Registry, config: Config, now: datetime, progress: Progress | None,
    articles: Articles, touched: frozenset[str] | None,
) -> tuple[Path, Changes, list[str], bool, list[Problem]]:
    """Bring the registry up to date with the source folder, within the build's transaction.

    Returns the resolved source, what changed, notes for ``-v``, whether the feeds must be
    rendered, and every refusal that stands (``_problems``).
    """
    changes = Changes()
    notes: list[str] = []
    scan = scan_source(registry, config, changes, touched)
    apply_changes(registry, config, scan.root, now, scan, changes, notes, progress, articles)
    changes.removed.extend(registry.remove_missing([*scan.unsettled, *scan.vanished]))
    spread_first_seen(registry, changes)
    problems = _problems(changes, registry.unchanged_problems())
    store_folders(registry, scan, problems)
    fingerprint = _fingerprint(config)
    new_fingerprint = registry.get_meta("fingerprint") != fingerprint
    # Asked of every build, whatever else changed: it notes the next instant too.
    window_moved = _window_moved(registry, now)
    dirty = (
        changes.any()
        or new_fingerprint
        or window_moved
        or registry.get_meta("feeds") != _outputs_stamp(config.output)
    )
    if new_fingerprint:
        registry.set_meta("fingerprint", fingerprint)
    return scan.root, changes, notes, dirty, problems


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
    return tuple(f"{fmt}.xml" for fmt in FEED_FORMATS)


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
