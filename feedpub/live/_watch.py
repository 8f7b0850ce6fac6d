"""[I/O] ``feedpub watch``: rebuild on every change of the source folder, as cron would, at once.

watchfiles (inotify, through Rust's notify) reports file events; bursts are grouped (an
editor's save is several events, a ``git pull`` hundreds: each burst is one build, and the
events that come during a build make the next). Each build is the CLI's ``feedpub.build``
under the same lock, so cron and a watcher coexist; it is told which paths changed, so one
edit lists one folder, not 100,000 files (``ingest.scan_touched``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import watchfiles

from feedpub.build import Articles, BuildReport, build
from feedpub.config import Config
from feedpub.errors import FeedpubError, LockedError
from feedpub.live._events import SourceFilter, touched_paths

log = logging.getLogger("feedpub.live")

# watchfiles yields once no event came for _STEP_MS, or after _DEBOUNCE_MS of a steady burst.
_STEP_MS = 20
_DEBOUNCE_MS = 1000
# Without events the loop still wakes this often: to see the source folder replaced (its
# inode changes: events then stop coming), and to retry a build the lock held off.
_TICK_MS = 500
# More touched paths than this in one build: list every folder, it costs less than sorting.
_FULL_SCAN_FROM = 5000
_RETRY_SECONDS = (1.0, 60.0)
_HUB_RETRY_SECONDS = 30.0


class Watcher:
    """Builds the site in full once, then again on every change, until ``stop()``."""

    def __init__(self, config: Config) -> None:
        # The lock is not waited for: the next tick tries again, and events keep coming.
        self.config = replace(config, lock_timeout=0.0)
        self.builds = 0
        self._articles = Articles()
        self._stop = threading.Event()
        self._touched: set[str] | None = None  # None: list everything (a full scan)
        self._due = True
        self._retry_at = 0.0
        self._failures = 0
        self._scheduled_at: float | None = None  # a publishDate or expiryDate to honour

    def stop(self) -> None:
        """Finish the build in progress, if any, and return from ``run``."""
        self._stop.set()

    def run(self) -> None:
        """Watch and build until ``stop()``; a vanished source folder is waited for."""
        source = self.config.source
        while not self._stop.is_set():
            # Each build happens inside _follow, once its watch is set: an event that came
            # between a build and the watch would otherwise be missed.
            if source.is_dir():
                try:
                    self._follow(source.resolve())
                except OSError as exc:  # the folder went away as its watch was being set
                    log.warning("%s: cannot watch: %s", source, exc.strerror or exc)
            else:
                self._await(source)
            # Whatever brought the loop here (the folder replaced, gone, back): look at all.
            self._rescan()

    def _follow(self, source: Path) -> None:
        """Build on the events under ``source`` while it is the folder first seen."""
        identity = _identity(source)
        changes_filter = SourceFilter(source)
        for changes in watchfiles.watch(
            source, watch_filter=changes_filter, step=_STEP_MS, debounce=_DEBOUNCE_MS,
            rust_timeout=_TICK_MS, yield_on_timeout=True, stop_event=self._stop,
            raise_interrupt=False, ignore_permission_denied=True,
        ):
            if _identity(source) != identity or changes_filter.saw_root:
                return
            if changes:
                self._note(touched_paths(source, changes))
            self._build_if_due()

    def _await(self, source: Path) -> None:
        """Wait for the source folder to come back (``git checkout``, a folder replaced)."""
        log.warning("%s: the source folder is gone; waiting for it", source)
        parent = source.parent
        while not self._stop.is_set() and not source.is_dir():
            if not parent.is_dir():
                self._stop.wait(_TICK_MS / 1000)
                continue
            for _ in watchfiles.watch(
                parent, recursive=False, rust_timeout=_TICK_MS, yield_on_timeout=True,
                stop_event=self._stop, raise_interrupt=False,
            ):
                if source.is_dir() or not parent.is_dir():
                    break

    def _note(self, paths: set[str]) -> None:
        self._due = True
        if self._touched is not None:
            self._touched |= paths
            if len(self._touched) >= _FULL_SCAN_FROM:
                self._touched = None

    def _rescan(self) -> None:
        self._touched = None
        self._due = True

    def _build_if_due(self) -> None:
        if self._scheduled_at is not None and time.monotonic() >= self._scheduled_at:
            self._due, self._scheduled_at = True, None
        if not self._due or time.monotonic() < self._retry_at:
            return
        touched = None if self._touched is None else frozenset(self._touched)
        started = time.perf_counter()
        try:
            report = build(
                self.config, datetime.now(UTC), touched=touched, articles=self._articles
            )
        except LockedError:
            self._retry(f"another build holds the lock; trying again in {_RETRY_SECONDS[0]:g} s", 0)
            return
        except FeedpubError as exc:
            self._retry(f"build failed: {exc}", self._failures + 1)
            return
        self._touched, self._due, self._failures, self._retry_at = set(), False, 0, 0.0
        self.builds += 1
        log_report(report, (time.perf_counter() - started) * 1000, touched)
        if report.next_change is not None:
            # No file event will come when a scheduled entry's time does: build then.
            wait = (report.next_change - datetime.now(UTC)).total_seconds()
            self._scheduled_at = time.monotonic() + max(wait, 0.0)
        if report.warnings:
            # A hub missed its ping: a build of nothing sends the owed pings again.
            self._due, self._retry_at = True, time.monotonic() + _HUB_RETRY_SECONDS

    def _retry(self, message: str, failures: int) -> None:
        """Keep what is touched for a later build; back off on repeated failures."""
        if failures or not self._retry_at:
            log.warning("%s", message)
        self._failures = failures
        delay = min(_RETRY_SECONDS[0] * 2 ** max(failures - 1, 0), _RETRY_SECONDS[1])
        self._retry_at = time.monotonic() + delay


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def log_report(report: BuildReport, milliseconds: float, touched: frozenset[str] | None) -> None:
    """Log one line for the build, then a line per new refusal and hub warning."""
    parts = [
        f"{label} {len(keys)} ({_names(keys)})"
        for label, keys in (
            ("new", report.added), ("updated", report.updated), ("moved", report.moved),
            ("restored", report.restored), ("removed", report.removed),
        )
        if keys
    ]
    looked = "every folder" if touched is None else f"{len(touched)} paths"
    wrote = f"wrote {' '.join(report.written)}" if report.written else "feeds unchanged"
    pinged = f"; {len(report.pinged)} hub pings" if report.pinged else ""
    log.info(
        "built in %.0f ms (%s): %s; %s%s",
        milliseconds, looked, ", ".join(parts) or "nothing changed", wrote, pinged,
    )
    for problem in report.problems:
        log.warning("%s: skipped: %s", problem.key, problem.reason)
    for line in (*report.notices, *report.warnings):
        log.warning("%s", line)


def _names(keys: tuple[str, ...]) -> str:
    return ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
