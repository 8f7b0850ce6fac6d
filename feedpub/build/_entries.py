"""Registry -> render, entry by entry: every entry whose rendering is stale is parsed again,
written once in each format (``render.entries``) and as its page, on every core.

The fragments go to the registry (``Registry.store_rendered``), where every feed that lists
the entry finds them; the page is staged at once, so no more than a page of 512 entries is
ever held.
"""

from __future__ import annotations

import logging
import marshal
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlsplit

from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document, read_bytes
from feedpub.model import Article, ArticleFacts, Credit, Credits, Entry, FeedFormat, Stored
from feedpub.publish import stage_file
from feedpub.urls import slugify

if TYPE_CHECKING:
    from feedpub.build._context import EntryContext, Reading
    from feedpub.build._workers import Workers
    from feedpub.publish import Staging
    from feedpub.registry import Registered, Registry

log = logging.getLogger(__name__)
_PAGE = 512


class Rendered(NamedTuple):
    """An entry's rendering: ``data`` is the marshal of (Entry, RSS item, Atom entry, JSON
    item), the items as templates (``render.entries.CONTENT``, ``PUBLISHED``…); ``page`` is
    (path under the output, the temporary file the worker wrote it to, or None when those
    bytes are on disk already), when it has one.

    Not compressed: zlib cost a cold build more than all three formats' fragments, and the
    registry of a cold build is written once."""

    stored: Stored
    digest: str
    data: bytes
    terms: tuple[tuple[str, str, str], ...]
    page: tuple[str, str | None, bool] | None


def render_stale(
    registry: Registry, workers: Workers, staging: Staging, refused: set[str]
) -> int:
    """Render every stale entry, keep its rendering and stage its page; return how many.

    A key in ``refused`` was refused by this build and is not opened again (SPEC.md §1).
    """
    stale = registry.stale()
    for start in range(0, len(stale), _PAGE):
        page = registry.stored_rows(stale[start:start + _PAGE])
        jobs = [stored for stored in page if stored.key not in refused]
        keep_rendered(registry, staging, [
            rendered for rendered in workers.map(render_entry, jobs) if rendered
        ])
    return len(stale)


def remove_gone(
    registry: Registry, site_url: str, staging: Staging, refused: set[str]
) -> None:
    """Remove the pages of the entries removed since they were rendered (their file was
    deleted) or whose file is refused now (unreadable, a link out of the folder: SPEC.md §1),
    and forget their renderings, which takes them out of every feed: should the text come
    back, it is rendered again."""
    gone = registry.gone_rendered(sorted(refused))
    for _, data in gone:
        path = page_path(rendered_entry(data).link, site_url)
        if path is not None:
            staging.remove(path)
    registry.drop_rendered([entry_id for entry_id, _ in gone])


def keep_rendered(registry: Registry, staging: Staging, renderings: list[Rendered]) -> None:
    """Keep the renderings made for what the registry now says of their entries, and stage
    their pages; drop the others (a guess the registry decided otherwise: ``guess``)."""
    registered = registry.registered([rendered.stored.id for rendered in renderings])
    kept = []
    for rendered in renderings:
        page = rendered.page
        actual = registered.get(rendered.stored.id)
        if actual is None or not _fits(rendered, actual):
            if page is not None and page[1]:  # NOT_WRITTEN in a dry run: no file
                os.unlink(page[1])
            continue
        kept.append((rendered.stored.id, actual.stamp, rendered.data, rendered.terms))
        if page is not None and page[1] is not None:
            staging.adopt(*page)
    registry.store_rendered(kept)


def _fits(rendered: Rendered, actual: Registered) -> bool:
    """Return True when ``rendered`` is what rendering the registry's ``actual`` row gives:
    the same text, slug and file, and the same dates shown (the registry may have moved
    them by seconds: ``render.entry.shown_dates``)."""
    from feedpub.render.entry import NUDGE

    guessed, nudge = rendered.stored, NUDGE.total_seconds()
    return (
        actual.digest == rendered.digest and actual.slug == guessed.slug
        and actual.key == guessed.key
        and abs(actual.published_ts - guessed.published.timestamp()) <= nudge
        and abs(actual.updated_ts - guessed.updated.timestamp()) <= nudge
    )


def guess(key: str, slug: str, facts: ArticleFacts, site_url: str) -> Stored | None:
    """Return what the registry will most likely decide for a new document in a cold build
    (``registry.record_article``): its id and slug asked for, its dates to the second.

    A cold build renders each document in the worker that parses it, with this guess;
    where the registry decides otherwise (a slug taken, no date, a date it does not
    believe), the rendering is dropped and the entry rendered again once registered. An
    instant shared with another entry and moved by seconds still fits (``_fits``).
    """
    from feedpub.registry import derived_id
    from feedpub.urls import canonical_url

    if facts.published is None or not slug:
        return None
    published = facts.published.replace(microsecond=0)
    updated = facts.updated.replace(microsecond=0) if facts.updated else published
    explicit = canonical_url(facts.explicit_id) if facts.explicit_id else None
    entry_id = explicit or derived_id(site_url, slug)
    return Stored(entry_id, slug, key, published, max(published, updated))


def decode(
    data: bytes, published: datetime, updated: datetime,
    formats: Iterable[FeedFormat] = ("rss", "atom", "json"),
) -> tuple[str, ...]:
    """Return the fragment of a rendering in each of ``formats`` (RSS item, Atom entry, JSON
    item) dated with the registry's instants ``published`` and ``updated``."""
    from feedpub.render.entries import fill_atom, fill_json, fill_rss

    fields, rss, atom, json = _fields(data)
    content = _content(fields)
    filled = {
        "rss": lambda: fill_rss(rss, content, published),
        "atom": lambda: fill_atom(atom, content, published, updated),
        "json": lambda: fill_json(json, content, published, updated),
    }
    return tuple(filled[fmt]() for fmt in formats)


def rendered_entry(data: bytes) -> Entry:
    """Return the Entry a rendering was made from (for pages that list it)."""
    return _entry(_fields(data)[0])


def _fields(data: bytes) -> Any:
    # Bytes this registry stored itself from ``render_entry``, under this Python (the build's
    # fingerprint names the version: marshal's format is the interpreter's own).
    return marshal.loads(data)  # noqa: S302


def _entry_fields(entry: Entry) -> tuple[object, ...]:
    """Return ``entry`` as plain values for marshal: ten times faster than pickling the
    dataclasses, and the registry holds one an entry."""
    credits = entry.credits
    return (
        entry.id, entry.title, entry.link, entry.summary, entry.content_html,
        entry.published.isoformat(), entry.updated.isoformat(), entry.categories,
        entry.image, entry.language, credits.authors, credits.source, credits.source_url,
        credits.agency, credits.photos, tuple((c.role, c.name) for c in credits.others),
        credits.disclosures,
    )


def _content(fields: tuple[Any, ...]) -> str:
    """Return the content HTML of ``_entry_fields``'s tuple without making the Entry: an
    archive page fills in 100 entries' fragments and lists no Entry."""
    return str(fields[4])


def _entry(fields: tuple[Any, ...]) -> Entry:
    (entry_id, title, link, summary, content, published, updated, categories, image,
     language, authors, source, source_url, agency, photos, others, disclosures) = fields
    credits = Credits(
        authors, source, source_url, agency, photos,
        tuple(Credit(role, name) for role, name in others), disclosures,
    )
    return Entry(
        entry_id, title, link, summary, content, credits, datetime.fromisoformat(published),
        datetime.fromisoformat(updated), categories, image, language,
    )


def term_slug(name: str) -> str:
    """Return the folder name of a source or category (``sources/<slug>/``)."""
    return slugify(name) or "untitled"


def render_entry(stored: Stored, task: tuple[Reading, EntryContext]) -> Rendered | None:
    """Parse the file of ``stored`` and render it; None if it cannot be read now."""
    from feedpub.parse import parse_document

    reading, context = task
    file = SourceFile(os.path.join(reading.root, stored.key), stored.key, 0, 0)
    try:
        document = make_document(file, read_bytes(reading.root, file, reading.max_size))
        article = context.articles.find(document) if context.articles is not None else None
        if article is None:
            article = parse_document(document, reading.options)
            if context.articles is not None:
                context.articles.keep(document, article)  # a watcher's next build renders it again
    except DocumentError as exc:
        # Published before, unreadable now (reported by the scan): left out of the feeds.
        log.debug("%s: left out of the feeds: %s", stored.key, exc.reason)
        return None
    return render_article(stored, document.digest, article, context)


def render_article(
    stored: Stored, digest: str, article: Article, context: EntryContext
) -> Rendered:
    """Render ``article`` as the entry the registry recorded as ``stored``."""
    from feedpub.render.entries import atom_template, json_template, rss_template
    from feedpub.render.entry import make_entry

    entry = make_entry(stored, article, context.site, image_length(context.source, article.image))
    fragments = (
        rss_template(entry), atom_template(entry, context.author),
        json_template(entry, context.author),
    )
    value: Any = (_entry_fields(entry), *fragments)
    data = marshal.dumps(value)
    terms = _terms(entry)
    return Rendered(stored, digest, data, terms, _page(entry, digest, terms, context))


def _terms(entry: Entry) -> tuple[tuple[str, str, str], ...]:
    from feedpub.render.entries import MAX_CATEGORIES

    found = [("source", term_slug(entry.credits.source), entry.credits.source)] if (
        entry.credits.source
    ) else []
    # The categories the feeds name (a 2 MiB header can name a quarter of a million): each
    # is a channel of four files.
    found.extend(
        ("category", term_slug(name), name) for name in entry.categories[:MAX_CATEGORIES]
    )
    return tuple(found)


def _page(
    entry: Entry, digest: str, terms: tuple[tuple[str, str, str], ...], context: EntryContext
) -> tuple[str, str | None, bool] | None:
    from feedpub.render.pages import Section, entry_page

    site = context.pages
    path = page_path(entry.link, context.site.site_url)
    if site is None or path is None:
        return None
    folders = {"source": ("sources", context.source_pages),
               "category": ("categories", context.category_pages)}
    sections = tuple(
        Section(kind, name, f"{site.site_url}/{folders[kind][0]}/{slug}/")  # type: ignore[arg-type]
        for kind, slug, name in terms if folders[kind][1]
    )
    data = entry_page(entry, site, context.feeds, sections=sections)
    return (
        path, *stage_file(context.output, path, data, entry.id + digest, dry_run=context.dry_run)
    )


def page_path(link: str, site_url: str) -> str | None:
    """Return the file under the output folder that serves ``link``, or None for a link
    outside the site: ``…/a/b/`` is ``a/b/index.html``, ``…/a/b.html`` is ``a/b.html``.

    The path is percent-decoded, as a web server maps a URL to a file.
    """
    root = site_url + "/"
    if not link.startswith(root):
        return None
    path = unquote(urlsplit(link).path[len(urlsplit(root).path):])
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        return None
    if not path or path.endswith("/") or not parts[-1].endswith((".html", ".htm")):
        parts.append("index.html")
    return "/".join(parts)


def image_length(root: str | Path, image: str | None) -> int:
    """Return the size in bytes of a lead image given as a path (no scheme) to a regular file
    inside the source folder ``root``; 0 otherwise (RSS 2.0's enclosure length when unknown).

    Only the file's size is read, never its bytes, and never a file outside ``root``, however
    the path or a symlink on it is written (SPEC.md §1: no file outside the folder is read).
    """
    value = (image or "").strip()
    if not value or "://" in value or value.startswith("//") or ":" in value.split("/")[0]:
        return 0
    try:
        base = Path(root).resolve()
        path = (base / value.split("?")[0].split("#")[0].lstrip("/")).resolve()
        if path.is_relative_to(base) and path.is_file():
            return path.stat().st_size
    except (OSError, ValueError):  # a NUL in the path, a loop of symlinks, no permission
        return 0
    return 0
