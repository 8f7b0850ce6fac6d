"""The build's one pool of workers (build/_workers.py): every task's context made once, one
fork for every task, and the collector left as it was found."""

from __future__ import annotations

import gc
import multiprocessing
import os

import pytest

from feedpub.build._workers import PARALLEL_FROM, Workers


def _pid(job: int, context: object) -> tuple[int, int, object]:
    return job, os.getpid(), context


def _square(job: int, context: object) -> tuple[int, int, object]:
    return job * job, os.getpid(), context


def test_contexts_are_made_once_for_every_task() -> None:
    calls: list[int] = []

    def contexts() -> dict[object, object]:
        calls.append(1)
        return {_pid: "a", _square: "b"}

    with Workers(contexts) as workers:  # type: ignore[arg-type]
        assert [outcome[2] for outcome in workers.map(_pid, [1, 2])] == ["a", "a"]
        assert [outcome[0] for outcome in workers.map(_square, [3])] == [9]
        assert workers.context(_square) == "b"
    assert calls == [1]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build works in-process")
def test_every_task_runs_in_the_same_forked_workers() -> None:
    jobs = list(range(PARALLEL_FROM))
    calls: list[int] = []

    def contexts() -> dict[object, object]:
        calls.append(1)
        return {_pid: "a", _square: "b"}

    with Workers(contexts) as workers:  # type: ignore[arg-type]
        first = list(workers.map(_pid, jobs))
        # Once forked, even a short list goes to the same workers.
        second = list(workers.map(_square, [2, 3, 4], parallel_from=PARALLEL_FROM))
        # One pool, one worker a core: a second pool would have forked as many again (which
        # worker took which chunk is the pool's business: one may have taken every job).
        assert len(multiprocessing.active_children()) == os.cpu_count()
    assert [job for job, _, _ in first] == jobs
    assert [square for square, _, _ in second] == [4, 9, 16]
    assert os.getpid() not in {pid for _, pid, _ in first + second}
    assert [context for _, _, context in second] == ["b", "b", "b"]
    assert calls == [1]
    # Objects are frozen only while the workers fork (gc.freeze), never left so here.
    assert gc.get_freeze_count() == 0
