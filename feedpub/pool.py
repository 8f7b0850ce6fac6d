"""Read and parse documents on every core (the cold build's hot loop).

Workers get a path (or the bytes, when the build already read them) and send back only what
the registry needs: the content hash and the ArticleFacts, or the reason for a refusal.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass

from feedpub.errors import DocumentError
from feedpub.model import ArticleFacts, Document
from feedpub.parse import ParseOptions, document_facts
from feedpub.source import SourceFile, digest_text, make_document, read_bytes
from feedpub.urls import base_slug

# Below this many documents, starting worker processes costs more than it saves.
_PARALLEL_FROM = 200
_CHUNK = 32
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Job:
    """One file to parse; ``document`` is None when the worker should read and decode it
    (the build already decoded files at known keys, to compare their text)."""

    file: SourceFile
    document: Document | None
    max_size: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """A job's outcome: ``facts`` or a refusal ``reason``; ``digest`` is empty if unread.

    ``slug`` is the slug the document asks for if it is new (``urls.base_slug``), computed
    here to spare the registry's process the work.
    """

    digest: str
    facts: ArticleFacts | None
    reason: str | None
    encoding: str
    slug: str = ""


class ParsePool:
    """Parses jobs in order, in worker processes once a page is large enough to pay."""

    def __init__(self, options: ParseOptions) -> None:
        self._options = options
        self._stack = ExitStack()
        self._pool: Executor | None = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def parse(self, jobs: list[Job]) -> Iterable[Parsed]:
        """Return the outcome of each job, in the order given."""
        if self._pool is None and len(jobs) >= _PARALLEL_FROM and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = self._stack.enter_context(
                ProcessPoolExecutor(
                    os.cpu_count(), mp_context=get_context("fork"),
                    initializer=_start_worker, initargs=(os.getpid(), self._options),
                )
            )
        if self._pool is None or len(jobs) < _CHUNK:
            return [parse_job(job, self._options) for job in jobs]
        return self._pool.map(_parse_in_worker, jobs, chunksize=_CHUNK)


def parse_job(job: Job, options: ParseOptions) -> Parsed:
    """Read (if needed), decode and parse one document; never raises DocumentError."""
    digest = ""
    try:
        document = job.document or make_document(job.file, read_bytes(job.file, job.max_size))
        digest = digest_text(document.text)
        facts = document_facts(document, options)
        slug = base_slug(job.file.key, facts.explicit_id)
        return Parsed(digest, facts, None, document.encoding, slug)
    except DocumentError as exc:
        return Parsed(digest, None, exc.reason, "")


# Set once in each worker by _start_worker, so that jobs do not carry the options.
_worker_options: ParseOptions | None = None


def _parse_in_worker(job: Job) -> Parsed:
    assert _worker_options is not None
    return parse_job(job, _worker_options)


def _start_worker(parent: int, options: ParseOptions) -> None:
    """Keep the options, and make the worker end when the build that forked it is killed
    (SIGKILL included): otherwise orphaned workers wait on their queue for ever.
    """
    global _worker_options  # noqa: PLW0603 - one value per worker process, set at its start
    _worker_options = options
    if sys.platform.startswith("linux"):
        # prctl(PR_SET_PDEATHSIG): the kernel signals us when the parent dies.
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
