"""Read and parse documents on every core (the cold build's hot loop).

Workers get a path (or the bytes, when the build already read them) and send back only what
the registry needs: the content hash and the ArticleFacts, or the reason for a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from feedpub.build._articles import Articles
from feedpub.build._context import EntryContext, Reading
from feedpub.build._entries import Rendered, guess, render_article
from feedpub.build._workers import Workers
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document, read_bytes
from feedpub.model import Article, ArticleFacts, Document
from feedpub.parse import document_facts, parse_with_facts
from feedpub.urls import base_slug, slug_for_key


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
    # A cold build's rendering of the entry as the registry will likely record it
    # (``_entries.guess``), checked once it is registered.
    rendered: Rendered | None = None

    @property
    def facts(self) -> ArticleFacts | None:
        """The document's facts, or None if it was refused."""
        if self.reason is not None:
            return None
        return ArticleFacts(
            self.title, self.published, self.updated, self.explicit_id, self.fingerprint,
            None, self.draft, self.publish_at, self.expires,
        )


class ParsePool:
    """Parses jobs in order, in the build's workers once a page is large enough to pay."""

    def __init__(self, workers: Workers, articles: Articles | None = None) -> None:
        self._workers = workers
        self._articles = articles

    def parse(self, jobs: list[Job]) -> Iterable[Parsed]:
        """Return the outcome of each job, in the order given."""
        reading = self._workers.context(parse_job)
        return self._workers.map(
            parse_job, jobs, local=lambda job: parse_job(job, reading, self._articles),  # type: ignore[arg-type]
        )


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
        rendered = None
        if articles is None and reading.render is None:
            facts = document_facts(document, reading.options)
            slug = _slug_asked(job.key, facts)
        else:
            article, facts = parse_with_facts(document, reading.options)
            slug = _slug_asked(job.key, facts)
            if articles is not None:
                articles.keep(document, article)
            rendered = _render(job.key, slug, digest, article, facts, reading.render)
        return Parsed(
            digest, None, document.encoding, slug, facts.title, facts.published,
            facts.updated, facts.explicit_id, facts.fingerprint, facts.draft, facts.publish_at,
            facts.expires, rendered=rendered,
        )
    except DocumentError as exc:
        return Parsed(digest, exc.reason)


def _render(
    key: str, slug: str, digest: str, article: Article, facts: ArticleFacts,
    context: EntryContext | None,
) -> Rendered | None:
    if context is None:
        return None
    stored = guess(key, slug, facts, context.site.site_url)
    return None if stored is None else render_article(stored, digest, article, context)


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
