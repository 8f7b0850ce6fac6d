"""[I/O] Run a watcher in the foreground until SIGTERM or SIGINT (systemd's stop, Ctrl-C)."""

from __future__ import annotations

import signal
from types import FrameType

from feedpub.live._watch import Watcher


def run_until_signalled(watcher: Watcher) -> None:
    """Run ``watcher`` in this (the main) thread; SIGTERM and SIGINT let the build in
    progress finish, then return, so the process can exit 0 with its feeds complete."""

    def _stop(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal's API
        watcher.stop()

    previous = {number: signal.signal(number, _stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        watcher.run()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
