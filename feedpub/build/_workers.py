"""Run one function over many jobs on every core, in forked worker processes.

The function and what every job shares are handed to the workers once, when they start
(fork copies them, nothing is pickled); each job and its outcome cross the process boundary.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from contextlib import ExitStack
from typing import Any, Generic, TypeVar

from feedpub.ingest import die_with_parent

J = TypeVar("J")
R = TypeVar("R")
C = TypeVar("C")

# Below this many jobs, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


class Workers(Generic[J, C, R]):
    """``work(job, context)`` over lists of jobs, in order, in workers once a list is long
    enough to pay for them; use as a context manager."""

    def __init__(
        self, work: Callable[[J, C], R], context: C, parallel_from: int = PARALLEL_FROM
    ) -> None:
        self._work = work
        self._context = context
        self._parallel_from = parallel_from
        self._stack = ExitStack()
        self._pool: Executor | None = None

    def __enter__(self) -> Workers[J, C, R]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def map(self, jobs: list[J]) -> Iterable[R]:
        """Return the outcome of each job, in the order given."""
        workers = os.cpu_count() or 1
        if self._pool is None and len(jobs) >= self._parallel_from and workers > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = self._stack.enter_context(
                ProcessPoolExecutor(
                    workers, mp_context=get_context("fork"), initializer=_start,
                    initargs=(os.getpid(), self._work, self._context),
                )
            )
        if self._pool is None:
            return [self._work(job, self._context) for job in jobs]
        # One chunk a worker: every message to a worker and back wakes the processes that
        # share the cores.
        outcomes: Iterable[R] = self._pool.map(
            _run, jobs, chunksize=max(1, -(-len(jobs) // workers))
        )
        return outcomes


# Set once in each worker by _start.
_task: tuple[Callable[[Any, Any], Any], Any] | None = None


def _run(job: Any) -> Any:
    if _task is None:
        raise RuntimeError("a worker started without its task")
    return _task[0](job, _task[1])


def _start(parent: int, work: Callable[[Any, Any], Any], context: object) -> None:
    """Keep the task, and make the worker end when the build that forked it is killed
    (SIGKILL included): otherwise orphaned workers wait on their queue for ever."""
    global _task  # noqa: PLW0603 - one value per worker process, set at its start
    _task = (work, context)
    die_with_parent(parent)
