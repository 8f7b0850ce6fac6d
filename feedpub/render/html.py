"""The entry's content HTML: the lead image, byline, caption, body and credits (SPEC.md §2).

Text is text: everything from a plain-text document is escaped, so ``<script>`` or ``&``
reaches the reader as those characters, in ``p``, ``ul``, ``li``, ``em``, ``small``, ``a``
(``href``) and ``img`` (``src``, ``alt``). A Markdown body arrives as HTML already sanitized
(``Article.content_html``). Every element either uses is in ``ALLOWED_TAGS``, the sanitizer's
allow-list (``feedpub.text``), with the attributes of ``ALLOWED_ATTRIBUTES``.
"""

from __future__ import annotations

from html import escape as _escape_attribute

from feedpub.model import Article, Credits
from feedpub.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

__all__ = [
    "ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "credit_lines", "escape", "join_names", "render_content",
]


def escape(text: str) -> str:
    """Escape text for an element's content: quotes need no escaping there."""
    return _escape_attribute(text, quote=False)


def render_content(article: Article, source_url: str | None, image: str | None = None) -> str:
    """Return the content HTML: the lead image (an absolute URL, unless the body shows it
    already), byline, caption, body, then every credit."""
    parts: list[str] = []
    if image is not None:
        src = _escape_attribute(image, quote=True)
        if f'src="{src}"' not in (article.content_html or ""):
            alt = _escape_attribute(article.caption or article.title, quote=True)
            parts.append(f'<p><img src="{src}" alt="{alt}"></p>')
    if article.credits.authors:
        parts.append(f"<p><em>By {escape(join_names(article.credits.authors))}</em></p>")
    if article.caption:
        credit = article.credits.photos[0] if article.credits.photos else None
        shown = f" <small>(Photo: {escape(credit)})</small>" if credit else ""
        parts.append(f"<p><em>{escape(article.caption)}</em>{shown}</p>")
    if article.content_html:
        parts.append(article.content_html)
    else:
        parts.extend(_body(article))
    footer = credit_lines(article.credits, source_url)
    if footer:
        parts.append("<p><small>" + " | ".join(footer) + "</small></p>")
    return "".join(parts)


def _body(article: Article) -> list[str]:
    parts: list[str] = []
    for block in article.body:
        if block.kind == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(block.items[0])}</p>")
    return parts


def credit_lines(credits: Credits, source_url: str | None) -> list[str]:
    """Return each credit as an HTML fragment, in the order a credits line would give them."""
    lines: list[str] = []
    if credits.source:
        name = escape(credits.source)
        if source_url:
            name = f'<a href="{_escape_attribute(source_url, quote=True)}">{name}</a>'
        lines.append(f"Source: {name}")
    if credits.agency and credits.agency.casefold() != (credits.source or "").casefold():
        lines.append(f"Agency: {escape(credits.agency)}")
    if credits.authors:
        lines.append(f"By: {escape(join_names(credits.authors))}")
    lines.extend(f"Photo: {escape(photo)}" for photo in credits.photos)
    lines.extend(f"{escape(c.role)}: {escape(c.name)}" for c in credits.others)
    lines.extend(escape(sentence) for sentence in credits.disclosures)
    return lines


def join_names(names: tuple[str, ...]) -> str:
    """Return names as a reader says them: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
