"""A registered record becomes the Entry the renderers write (SPEC.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from feedpub.model import Article, Entry, Stored
from feedpub.render.html import render_content
from feedpub.urls import http_url

# How far the registry may move a stated instant to keep the feeds' instants apart (SPEC.md
# §3) for readers to still be shown the stated one; past it, the registry's is a date of its
# own (a first-seen date in place of an implausible one).
NUDGE = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """What entries need from the configuration: where the site lives, sources' URLs."""

    site_url: str
    sources: tuple[tuple[str, str], ...] = ()
    link_template: str | None = None

    def link(self, stored: Stored) -> str:
        """Return the link of an entry that names none itself: ``link_template`` filled in
        (README, Configuration), else ``site_url/slug/``."""
        if self.link_template is None:
            return f"{self.site_url}/{stored.slug}/"
        day = stored.published
        return self.link_template.format(
            site_url=self.site_url, year=f"{day.year:04d}", month=f"{day.month:02d}",
            day=f"{day.day:02d}", slug=stored.slug,
        )


def make_entry(stored: Stored, article: Article, site: SiteOptions, image_length: int = 0) -> Entry:
    """Return the Entry for ``stored`` with ``article``'s text: link under the site URL,
    content, credits, and the lead image (``image_length``: its size in bytes, 0 if unknown).

    A Markdown body's relative links and images are made absolute against the entry's link,
    known only now (SPEC.md §3: absolute URLs everywhere).
    """
    stored = shown_dates(stored, article)
    credits = article.credits
    if credits.source and not credits.source_url:
        credits = replace(credits, source_url=dict(site.sources).get(credits.source))
    link = article.link or site.link(stored)
    content_html = article.content_html
    if content_html is not None:
        from feedpub.text import has_relative_urls, sanitize_html

        # Sanitized when parsed; again only to make relative URLs absolute (nh3 calls back
        # into Python for every URL: a quarter of a Markdown entry's rendering).
        if has_relative_urls(content_html):
            content_html = sanitize_html(content_html, base=link)
    image = lead_image_url(article.image, site.site_url)
    shown = replace(article, credits=credits, content_html=content_html)
    return Entry(
        id=stored.id,
        title=article.title,
        link=link,
        summary=article.summary,
        content_html=render_content(shown, credits.source_url, image),
        credits=credits,
        published=stored.published,
        updated=stored.updated,
        categories=article.categories,
        image=image,
        image_length=image_length if image else 0,
    )


def shown_dates(stored: Stored, article: Article) -> Stored:
    """Return ``stored`` with the dates its pages and link show: those the document states
    (to the second) where the registry kept them, or moved them by seconds only.

    The feeds carry the registry's instants, all distinct (SPEC.md §3, filled in when a feed
    is assembled: ``render.entries.PUBLISHED``); a page shows what the document says. So a
    page and its link do not depend on which other entries share an instant, and a cold
    build renders each entry once, in the worker that parses it.
    """
    stated = article.published
    updated = max(article.updated, stated) if article.updated and stated else (
        article.updated or stated
    )
    published = _stated(stated, stored.published)
    return replace(
        stored, published=published, updated=max(published, _stated(updated, stored.updated))
    )


def _stated(stated: datetime | None, registered: datetime) -> datetime:
    if stated is None:
        return registered
    stated = stated.replace(microsecond=0)
    return stated if abs(registered - stated) <= NUDGE else registered


def lead_image_url(image: str | None, site_url: str) -> str | None:
    """Return the absolute http(s) URL of a document's lead image, or None to leave it out.

    A path without a scheme is relative to the site (``/images/a.jpg`` and ``images/a.jpg``
    are both ``site_url/images/a.jpg``, as Hugo reads them); any scheme but http(s) is dropped.
    """
    value = (image or "").strip().replace(" ", "%20")
    if not value:
        return None
    try:
        relative = not urlsplit(value).scheme and not value.startswith("//")
    except ValueError:  # an unbalanced "[" in the host part
        return None
    return http_url(f"{site_url}/{value.lstrip('/')}" if relative else value)
