"""Registry -> render -> publish: stale entries rendered (``_entries``), every channel
assembled from the renderings (``_site``), all staged and put in place together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from feedpub.build._articles import Articles
from feedpub.config import Config

if TYPE_CHECKING:
    from feedpub.build._context import EntryContext
    from feedpub.build._workers import Workers
    from feedpub.parse import ParseOptions
    from feedpub.publish import Staging
    from feedpub.registry import Registry
    from feedpub.render.pages import PageSite


def entry_context(config: Config, articles: Articles, dry_run: bool = False) -> EntryContext:
    """Return what rendering any entry of this build needs (``dry_run``: writing nothing)."""
    from feedpub.build._context import EntryContext
    from feedpub.build._site import feed_links
    from feedpub.render.entry import SiteOptions

    return EntryContext(
        SiteOptions(config.site_url, config.sources, config.link_template), config.author,
        page_site(config), feed_links(config.site_url, "", config.title),
        config.source_feeds, config.category_feeds, str(config.output), str(config.source),
        articles, dry_run,
    )


def page_site(config: Config) -> PageSite | None:
    """Return what pages need of the configuration, or None with ``pages = false``."""
    from feedpub.render.pages import PageSite, prepare_templates

    if not config.pages:
        return None
    # Before any worker starts: forked workers inherit the compiled templates, and a template
    # that does not compile is reported before anything is written.
    prepare_templates(config.templates)
    return PageSite(
        config.title, config.description, config.language, config.site_url, config.templates,
        config.icon,
    )


def publish_site(
    registry: Registry, config: Config, refused: set[str], context: EntryContext,
    staging: Staging, workers: Workers, check: Callable[[dict[str, bytes]], None] | None = None,
) -> list[str]:
    """Render the stale entries (not the ``refused`` keys: files refused in this build),
    assemble every channel that changed, and publish what ``staging`` holds; return the files
    written or removed, relative to the output. ``workers`` render and assemble.

    ``check``, if given, sees the root feeds staged, and may raise to keep the old ones.
    """
    from feedpub.build._entries import remove_gone, render_stale
    from feedpub.build._site import publish_channels
    from feedpub.render.pages import stylesheet

    remove_gone(registry, config.site_url, staging, refused)
    render_stale(registry, workers, staging, refused)
    feeds = publish_channels(registry, workers, staging)
    if context.pages is not None:
        staging.add("style.css", stylesheet(config.templates))
    if check is not None:
        check(feeds)
    return staging.commit()


def parse_options(config: Config) -> ParseOptions:
    from feedpub.parse import ParseOptions

    return ParseOptions.create(config.date_order, config.timezone, config.furniture)
