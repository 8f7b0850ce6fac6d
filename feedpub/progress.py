"""The progress line ``feedpub build`` shows on a terminal (README, Command line)."""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from typing import Any

from feedpub.build import Stage


class ProgressLine:
    """A tqdm line per stage of the build, shown once the build has run ``delay`` seconds.

    tqdm is imported at the first call: a build where nothing changed never makes one, and
    never pays for the import (README, Performance). The build calls once per page of 512
    documents, so tqdm redraws at most that often.
    """

    def __init__(self, delay: float) -> None:
        self._shown_from = time.monotonic() + delay
        self._stage: Stage | None = None
        self._bar: Any = None  # tqdm ships no type information
        self._stack = ExitStack()

    def __call__(self, stage: Stage, done: int, total: int) -> None:
        if stage != self._stage:
            self._start(stage, total)
        self._bar.update(done - self._bar.n)

    def _start(self, stage: Stage, total: int) -> None:
        from tqdm import tqdm
        from tqdm.contrib.logging import logging_redirect_tqdm

        if self._bar is None:
            # No helper thread: updates come once a page, so its refreshes are not needed,
            # and the build forks its parse workers right after this.
            tqdm.monitor_interval = 0
            # -v's log lines then print above the line instead of through it.
            self._stack.enter_context(logging_redirect_tqdm())
        else:
            self._bar.close()
        self._stage = stage
        self._bar = tqdm(
            total=total, desc=f"feedpub: {stage}", unit=" docs", file=sys.stderr,
            delay=max(0.0, self._shown_from - time.monotonic()),
            # Cleared when closed: nothing is left before the summary line. miniters=1: each
            # page redraws (at most every mininterval, 0.1 s).
            leave=False, miniters=1, dynamic_ncols=True,
        )

    def close(self) -> None:
        """Clear the line, if it was shown, and give logging back its handlers."""
        if self._bar is not None:
            self._bar.close()
        self._stack.close()
