"""A registered record becomes the Entry the renderers write (SPEC.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from feedpub.model import Article, Entry, Stored
from feedpub.render.html import render_content
from feedpub.urls import http_url


@dataclass(frozen=True, slots=True)
class SiteOptions:
    """What entries need from the configuration: where the site lives, sources' URLs."""

    site_url: str
    sources: tuple[tuple[str, str], ...] = ()


def make_entry(stored: Stored, article: Article, site: SiteOptions, image_length: int = 0) -> Entry:
    """Return the Entry for ``stored`` with ``article``'s text: link under the site URL,
    content, credits, and the lead image (``image_length``: its size in bytes, 0 if unknown).

    A Markdown body's relative links and images are made absolute against the entry's link,
    known only now (SPEC.md §3: absolute URLs everywhere).
    """
    credits = article.credits
    if credits.source and not credits.source_url:
        credits = replace(credits, source_url=dict(site.sources).get(credits.source))
    link = article.link or f"{site.site_url}/{stored.slug}/"
    content_html = article.content_html
    if content_html is not None:
        from feedpub.text import sanitize_html

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
