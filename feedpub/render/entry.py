"""A registered record becomes the Entry the renderers write (SPEC.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from feedpub.model import Article, Entry, Stored
from feedpub.render.html import render_content


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


def make_entry(stored: Stored, article: Article, site: SiteOptions) -> Entry:
    """Return the Entry for ``stored`` with ``article``'s text: link under the site URL,
    content, credits."""
    credits = article.credits
    if credits.source and not credits.source_url:
        credits = replace(credits, source_url=dict(site.sources).get(credits.source))
    return Entry(
        id=stored.id,
        title=article.title,
        link=article.link or site.link(stored),
        summary=article.summary,
        content_html=render_content(replace(article, credits=credits), credits.source_url),
        credits=credits,
        published=stored.published,
        updated=stored.updated,
        categories=article.categories,
    )
