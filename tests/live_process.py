"""``feedpub watch`` and ``feedpub serve`` as real processes (tests/live/), and polling with a
deadline.

The machine running the tests may be loaded: every wait polls a condition until a generous
deadline, and no fixed sleep stands in for an assertion.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO, Site

DEADLINE = 60.0
BUILT = re.compile(r"^feedpub: built in ")


def wait_until(condition: Callable[[], object], what: str, deadline: float = DEADLINE) -> None:
    """Poll ``condition`` every 20 ms until it is true; fail naming ``what`` after ``deadline``."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"timed out after {deadline:g} s waiting for {what}")
        time.sleep(0.02)


class Live:
    """A ``feedpub watch`` or ``serve`` process; its stderr lines are collected as they come."""

    def __init__(self, site: Site, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "feedpub", *args], cwd=site.root, stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def log(self) -> list[str]:
        with self._lock:
            return list(self.lines)

    def builds(self) -> list[str]:
        """The one line each build logged, so far."""
        return [line for line in self.log() if BUILT.match(line)]

    def wait_builds(self, count: int) -> None:
        wait_until(lambda: len(self.builds()) >= count, f"build {count}; log: {self.log()[-5:]}")

    def stop(self) -> int:
        """SIGTERM, as systemd stops a service; return the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=DEADLINE)
        self._reader.join(timeout=DEADLINE)
        return status


@contextmanager
def running() -> Iterator[Callable[..., Live]]:
    """Start ``feedpub ARGS`` in a site with the function given; every process started is
    killed when the block ends, if a test left it running."""
    started: list[Live] = []

    def start(site: Site, *args: str) -> Live:
        process = Live(site, *args)
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            if process.process.poll() is None:
                process.process.kill()
                process.process.wait()


def lock_is_held(path: Path) -> bool:
    """True when some process holds a POSIX lock on ``path`` (read from /proc/locks, which
    does not take the lock, as a probe with lockf would)."""
    try:
        inode = path.stat().st_ino
    except OSError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "POSIX" in fields and any(field.endswith(f":{inode}") for field in fields):
            return True
    return False
