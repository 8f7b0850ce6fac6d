"""The worker processes of one build: each task, a function ``work(job, context)``, run over
lists of jobs on every core.

One pool serves the whole build (parsing, rendering stale entries, assembling channels), forked
once, on the first list long enough to pay for it, with the context of every task: fork copies
them, nothing is pickled; each job and its outcome cross the process boundary. Forking once and
early matters for memory: a worker forked after a cold build registered 100,000 entries would
start as large as the process that registered them.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor
from contextlib import ExitStack
from functools import partial
from typing import Any, TypeVar

from feedpub.ingest import die_with_parent

J = TypeVar("J")
R = TypeVar("R")

# Below this many jobs, starting worker processes costs more than it saves.
PARALLEL_FROM = 200

Work = Callable[[Any, Any], Any]


class Workers:
    """The build's pool; use as a context manager. ``contexts``, called once when the
    context of a task is first needed, maps each task to what all its jobs share."""

    def __init__(self, contexts: Callable[[], Mapping[Work, object]]) -> None:
        self._contexts = contexts
        self._known: Mapping[Work, object] | None = None
        self._stack = ExitStack()
        self._pool: Executor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def context(self, work: Work) -> object:
        """Return what every job of ``work`` shares."""
        return self._every_context()[work]

    def _every_context(self) -> Mapping[Work, object]:
        if self._known is None:
            self._known = self._contexts()
        return self._known

    def map(
        self, work: Callable[[J, Any], R], jobs: list[J], parallel_from: int = PARALLEL_FROM,
        local: Callable[[J], R] | None = None,
    ) -> Iterable[R]:
        """Return ``work(job, its context)`` of each job, in the order given: in the workers
        once they run or once ``jobs`` has ``parallel_from`` jobs, else here (by ``local``,
        when given: what this process may do with a job that a worker would not)."""
        cores = os.cpu_count() or 1
        if self._pool is None and (len(jobs) < parallel_from or cores == 1):
            context = self.context(work)
            return [local(job) if local else work(job, context) for job in jobs]
        starting = self._pool is None
        if starting:
            # Python's collector writes into every object it visits: in a forked worker that
            # copies each page of the objects it inherited. Frozen, they are not visited
            # there, and stay shared (gc.freeze's documented use); this process, which goes on
            # building (or watching), unfreezes them once the workers are forked.
            gc.freeze()
        try:
            pool = self._pool = self._pool or self._start(cores)
            # One chunk a worker: every message to a worker and back wakes the processes that
            # share the cores. Submitting the jobs forks the workers.
            outcomes: Iterable[R] = pool.map(
                partial(_run, work), jobs, chunksize=max(1, -(-len(jobs) // cores))
            )
        finally:
            if starting:
                gc.unfreeze()
        return outcomes

    def _start(self, cores: int) -> Executor:
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        return self._stack.enter_context(
            ProcessPoolExecutor(
                cores, mp_context=get_context("fork"), initializer=_start,
                initargs=(os.getpid(), self._every_context()),
            )
        )


# Set once in each worker by _start.
_contexts: Mapping[Work, object] | None = None


def _run(work: Work, job: Any) -> Any:
    if _contexts is None:
        raise RuntimeError("a worker started without its tasks")
    return work(job, _contexts[work])


def _start(parent: int, contexts: Mapping[Work, object]) -> None:
    """Keep the tasks' contexts, and make the worker end when the build that forked it is
    killed (SIGKILL included): otherwise orphaned workers wait on their queue for ever."""
    global _contexts  # noqa: PLW0603 - one value per worker process, set at its start
    _contexts = contexts
    die_with_parent(parent)
