"""The HTML face of the feeds: entry pages, index pages and their stylesheet (issue 12).

Pure: the same input gives the same bytes, and nothing is read but the templates. Templates
are Jinja2 with autoescape on (``render/jinja.py``), shipped in ``feedpub/templates/``; a
site's ``templates`` folder overrides any of them by name, as Hugo and Pelican themes do. Text
from a document is escaped; only ``Entry.content_html``, sanitized by the render step, is
trusted as markup. This module turns an Entry into what the templates print.

Links between the files a build writes (pages, stylesheet, feeds) are relative, so the site
works wherever the output folder is served: under ``site_url``, at any path below it, or on
``127.0.0.1`` for a preview. Only ``<link rel="canonical">`` and the feed addresses shown to
subscribers, which name the published site, are absolute.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urljoin

from markupsafe import Markup

from feedpub.model import Entry
from feedpub.render.jinja import (
    STYLESHEET_NAME,
    compile_templates,
    read_stylesheet,
    render_template,
)

SectionKind = Literal["source", "category"]

# The media types browsers and feed readers look for in <link rel="alternate" type>:
# RFC 4287 §7 (Atom), the RSS Advisory Board's autodiscovery spec, JSON Feed 1.1.
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"

_SPACE = re.compile(r"\s")
# A scheme and a host: linear on any input (one greedy run, nothing after it to backtrack into).
_HTTP_URL = re.compile(r"https?://[^\s/?#\[\]]+", re.IGNORECASE)
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed a page offers: its title, media type (``RSS_TYPE``…) and absolute URL."""

    title: str
    media_type: str
    url: str


@dataclass(frozen=True, slots=True)
class PageSite:
    """What every page needs from the configuration.

    ``site_url`` is absolute, without a trailing slash (``Config.site_url``); ``templates`` is
    the site's folder of templates overriding the shipped ones, or None; ``icon`` is the
    site's icon (``Config.icon``: a URL, or a path under the site), shown as the page's icon.
    """

    title: str
    description: str
    language: str
    site_url: str
    templates: Path | None = None
    icon: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A source's or a category's part of the site: ``url`` is its index page
    (``…/sources/<slug>/``), absolute; ``home`` is the source's own web site, if known."""

    kind: SectionKind
    name: str
    url: str
    home: str | None = None


def entry_page(
    entry: Entry,
    site: PageSite,
    feeds: tuple[FeedLink, ...],
    *,
    sections: tuple[Section, ...] = (),
    page_url: str | None = None,
) -> bytes:
    """Return the HTML page of ``entry``, served at ``page_url`` (default: ``entry.link``).

    ``<link rel="canonical">`` names ``entry.link``: with a ``page_url`` elsewhere (a document
    whose ``Link:`` points to another site), the page is a copy of that one.

    ``feeds`` are offered as ``<link rel="alternate">``. ``sections`` are the index pages of
    the entry's source and categories, matched by name; a category without one is shown
    unlinked. The source's name links to ``entry.credits.source_url`` when it is http(s).
    """
    url = page_url or entry.link
    links = _Links.at(site.site_url, url)
    credits = entry.credits
    source_page = _find(sections, "source", credits.source)
    context = _chrome(site, feeds, links.prefix) | {
        "lang": entry.language or site.language,
        # The entry's link is where its feeds send readers, even when this copy lives elsewhere.
        "canonical": entry.link if entry.link.startswith(("https://", "http://")) else url,
        "title": entry.title,
        "summary": entry.summary,
        "published": _moment(entry.published),
        "updated": _moment(entry.updated) if entry.updated != entry.published else None,
        "authors": credits.authors,
        "source": credits.source,
        "source_url": safe_url(credits.source_url),
        "source_page": links.href(source_page.url) if source_page else None,
        "agency": credits.agency if credits.agency != credits.source else None,
        "photos": credits.photos,
        "others": credits.others,
        "categories": tuple(
            _Category(name, links.href(section.url) if section else None)
            for name in entry.categories
            for section in (_find(sections, "category", name),)
        ),
        "image": None if _shows_image(entry) else _image_src(entry.image, links),
        "content": Markup(entry.content_html),  # noqa: S704 - sanitized by the render step
    }
    return _render(site.templates, "entry.html", context)


def index_page(
    entries: tuple[Entry, ...],
    site: PageSite,
    feeds: tuple[FeedLink, ...],
    *,
    section: Section | None = None,
) -> bytes:
    """Return the index page listing ``entries`` (newest first) with their summaries.

    Without ``section`` it is the site's root page; with one, the source's or category's page
    at ``section.url``. Each of ``feeds`` gets an autodiscovery ``<link rel="alternate">`` and
    a line of the subscribe block. An entry links to its ``link``.
    """
    url = section.url if section else site.site_url + "/"
    links = _Links.at(site.site_url, url)
    context = _chrome(site, feeds, links.prefix) | {
        "lang": site.language,
        "canonical": url,
        "section": section and replace(section, home=safe_url(section.home)),
        "entries": tuple(
            _Item(
                entry.title, links.href(entry.link), entry.summary, _moment(entry.published),
                entry.credits.authors,
            )
            for entry in entries
        ),
    }
    return _render(site.templates, "index.html", context)


def stylesheet(templates: Path | None = None) -> bytes:
    """Return the site's stylesheet (``style.css``, the site's own when ``templates`` has one)."""
    return read_stylesheet(templates)


def prepare_templates(templates: Path | None = None) -> None:
    """Compile every page template now, before any page is rendered.

    A build calls it once before it starts workers: a template that does not compile is
    reported before anything is written, and forked workers inherit the compiled templates.
    A process that builds again and again (a watcher) calls it before each build: templates
    edited in the folder since the last call are compiled again.

    :raises ConfigError: ``templates`` is not a readable folder, or a template there does not
        compile.
    """
    if compile_templates(templates):
        _chrome.cache_clear()


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL a page may link to, else None.

    A document's ``Source-URL`` is hostile text: ``javascript:`` or ``data:`` never becomes
    an ``href``, nor does a URL with white space or a bracketed (IPv6) host.
    """
    if url and _HTTP_URL.match(url) and not _SPACE.search(url):
        return url
    return None


@dataclass(frozen=True, slots=True)
class _Links:
    """How a page reaches the other files of the site.

    ``prefix`` leads from the page's folder to the site's root (``""`` at the root,
    ``"../"`` one folder down); None for a page served outside ``root``, whose links then
    stay absolute.
    """

    root: str
    prefix: str | None

    @classmethod
    def at(cls, site_url: str, page_url: str) -> _Links:
        root = site_url + "/"
        if not page_url.startswith(root):
            return cls(root, None)
        return cls(root, "../" * page_url.count("/", len(root)))

    def href(self, target: str) -> str:
        """Return ``target`` relative to the page when it lies under the root."""
        if self.prefix is None or not target.startswith(self.root):
            return target
        return (self.prefix + target[len(self.root):]) or "./"


@dataclass(frozen=True, slots=True)
class _Feed:
    title: str
    type: str
    url: str
    href: str


@dataclass(frozen=True, slots=True)
class _Moment:
    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    href: str | None


@dataclass(frozen=True, slots=True)
class _Item:
    title: str
    href: str
    summary: str
    published: _Moment
    authors: tuple[str, ...]


@functools.lru_cache(maxsize=1024)
def _chrome(site: PageSite, feeds: tuple[FeedLink, ...], prefix: str | None) -> dict[str, Any]:
    """What every page at one depth shares, the feeds' markup included: rendered once, not
    once a page (it is half the cost of a page otherwise)."""
    links = _Links(site.site_url + "/", prefix)
    views = tuple(
        _Feed(feed.title, feed.media_type, feed.url, links.href(feed.url)) for feed in feeds
    )
    return {
        "site_title": site.title,
        "site_description": site.description,
        "home": links.href(links.root),
        "stylesheet": links.href(links.root + STYLESHEET_NAME),
        "icon": _image_src(site.icon, links),
        "feeds": views,
        "alternates": Markup(render_template(site.templates, "alternates.html", {"feeds": views})),  # noqa: S704 - autoescaped template
        "subscribe": Markup(render_template(site.templates, "subscribe.html", {"feeds": views})),  # noqa: S704 - autoescaped template
    }


def _find(sections: tuple[Section, ...], kind: SectionKind, name: str | None) -> Section | None:
    for section in sections:
        if section.kind == kind and section.name == name:
            return section
    return None


def _image_src(image: str | None, links: _Links) -> str | None:
    """An http(s) URL (relative when under the site), or a path under the site's root."""
    if not image:
        return None
    if safe_url(image):
        return links.href(image)
    if ":" in image.split("/", 1)[0] or image.startswith("//") or "\\" in image:
        return None  # another scheme (javascript:, data:) or another host: refused
    # A path as the document writes it may hold spaces: an href may not (RFC 3986 §2.1).
    path = quote(image.lstrip("/"), safe="/%!$&'()*+,;=:@?#~")
    return links.href(urljoin(links.root, path))


def _shows_image(entry: Entry) -> bool:
    """Whether the content already shows the lead image (render/html.py puts it first)."""
    return bool(entry.image) and f'src="{escape(entry.image or "", quote=True)}"' in entry.content_html


def _moment(moment: datetime) -> _Moment:
    """``<time datetime>`` wants RFC 3339; people read the day, the time and the offset."""
    iso = moment.isoformat()
    minutes = round((moment.utcoffset() or timedelta()).total_seconds() / 60)
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    zone = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}" if minutes else "UTC"
    return _Moment(
        iso,
        f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, "
        f"{moment.hour:02d}:{moment.minute:02d} {zone}",
    )


def _render(templates: Path | None, name: str, context: dict[str, Any]) -> bytes:
    return render_template(templates, name, context).encode("utf-8")
