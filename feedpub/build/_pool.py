"""Read and parse documents on every core (the cold build's hot loop).

Workers get a path (or the bytes, when the build already read them) and send back only what
the registry needs: the content hash and the ArticleFacts, or the reason for a refusal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Executor
from contextlib import ExitStack
from datetime import datetime
from typing import NamedTuple

from feedpub.build._articles import Articles
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, die_with_parent, make_document, read_bytes
from feedpub.model import ArticleFacts, Document
from feedpub.parse import ParseOptions, document_facts, parse_with_facts
from feedpub.urls import base_slug, slug_for_key

# Below this many documents, starting worker processes costs more than it saves.
_PARALLEL_FROM = 200


class Job(NamedTuple):
    """One file to parse; ``document`` is None when the worker should read and decode it
    (the build already decoded files at known keys, to compare their text).

    Jobs and their outcomes cross a process boundary: flat named tuples pickle several times
    faster than dataclasses, and the registry's process unpickles one per document.
    """

    path: str
    key: str
    size: int
    document: Document | None


class Parsed(NamedTuple):
    """A job's outcome: the facts of ``facts``, or a refusal ``reason``; ``digest`` is empty
    if unread.

    ``slug`` is the slug the document asks for if it is new (``urls.base_slug``), computed
    here to spare the registry's process the work.
    """

    digest: str
    reason: str | None
    encoding: str = ""
    slug: str = ""
    title: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    explicit_id: str | None = None
    fingerprint: str = ""
    draft: bool = False
    publish_at: datetime | None = None
    expires: datetime | None = None
    # False when the file could not be read at all: that says nothing of its text, and a
    # later build reads it again even if its size and mtime stay (a chmod moves neither).
    read: bool = True

    @property
    def facts(self) -> ArticleFacts | None:
        """The document's facts, or None if it was refused."""
        if self.reason is not None:
            return None
        return ArticleFacts(
            self.title, self.published, self.updated, self.explicit_id, self.fingerprint,
            None, self.draft, self.publish_at, self.expires,
        )


class Reading(NamedTuple):
    """What every job of a build shares: how to parse, and where documents may be read from
    (``ingest.read_bytes``)."""

    options: ParseOptions
    root: str
    max_size: int


class ParsePool:
    """Parses jobs in order, in worker processes once a page is large enough to pay."""

    def __init__(self, reading: Reading, articles: Articles | None = None) -> None:
        self._options = reading
        self._articles = articles
        self._stack = ExitStack()
        self._pool: Executor | None = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def parse(self, jobs: list[Job]) -> Iterable[Parsed]:
        """Return the outcome of each job, in the order given."""
        workers = os.cpu_count() or 1
        if self._pool is None and len(jobs) >= _PARALLEL_FROM and workers > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            self._pool = self._stack.enter_context(
                ProcessPoolExecutor(
                    workers, mp_context=get_context("fork"),
                    initializer=_start_worker, initargs=(os.getpid(), self._options),
                )
            )
        if self._pool is None:
            return [parse_job(job, self._options, self._articles) for job in jobs]
        # One chunk a worker: every message to a worker and back wakes the processes that
        # share the cores; 32-document chunks made a cold build 7 % slower.
        return self._pool.map(_parse_in_worker, jobs, chunksize=max(1, -(-len(jobs) // workers)))


def parse_job(job: Job, reading: Reading, articles: Articles | None = None) -> Parsed:
    """Read (if needed), decode and parse one document; never raises DocumentError. With
    ``articles``, the document's Article is kept there too."""
    digest = ""
    file = SourceFile(job.path, job.key, job.size, 0)
    try:
        data = b"" if job.document else read_bytes(reading.root, file, reading.max_size)
    except DocumentError as exc:
        return Parsed(digest, exc.reason, read=False)
    try:
        document = job.document or make_document(file, data)
        digest = document.digest
        if articles is None:
            facts = document_facts(document, reading.options)
        else:
            article, facts = parse_with_facts(document, reading.options)
            articles.keep(document, article)
        return Parsed(
            digest, None, document.encoding, _slug_asked(job.key, facts),
            facts.title, facts.published, facts.updated, facts.explicit_id, facts.fingerprint,
            facts.draft, facts.publish_at, facts.expires,
        )
    except DocumentError as exc:
        return Parsed(digest, exc.reason)


def _slug_asked(key: str, facts: ArticleFacts) -> str:
    """Return the slug a new document asks for: a front matter's site path (``url:
    /a/b/``) whole; its ``slug:`` (or a Jekyll name's) in place of the file's stem, in the
    file's folder; else from its ``Id:`` or its key (``urls.base_slug``)."""
    slug = facts.slug
    if slug is None or facts.explicit_id:
        return base_slug(key, facts.explicit_id)
    if slug.startswith("/"):
        return slug_for_key(slug.strip("/") + ".")
    folder = key.rpartition("/")[0]
    return slug_for_key(f"{folder}/{slug}." if folder else f"{slug}.")


# Set once in each worker by _start_worker, so that jobs do not carry the options.
_worker_options: Reading | None = None


def _parse_in_worker(job: Job) -> Parsed:
    if _worker_options is None:
        raise RuntimeError("a parse worker started without its options")
    return parse_job(job, _worker_options)


def _start_worker(parent: int, options: Reading) -> None:
    """Keep the options, and make the worker end when the build that forked it is killed
    (SIGKILL included): otherwise orphaned workers wait on their queue for ever.
    """
    global _worker_options  # noqa: PLW0603 - one value per worker process, set at its start
    _worker_options = options
    die_with_parent(parent)
