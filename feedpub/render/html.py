"""The entry's content HTML: escaped text in a few plain elements (SPEC.md §2, content).

Text is text: everything from the document is escaped, so ``<script>`` or ``&`` reaches the
reader as those characters. The HTML uses only ``ALLOWED_TAGS`` and no attribute but ``href``.
"""

from __future__ import annotations

from html import escape as _escape_attribute

from feedpub.model import Article, Credits

ALLOWED_TAGS = frozenset({"p", "ul", "li", "em", "small", "a"})


def escape(text: str) -> str:
    """Escape text for an element's content: quotes need no escaping there."""
    return _escape_attribute(text, quote=False)


def render_content(article: Article, source_url: str | None) -> str:
    """Return the content HTML: byline, caption, body, then every credit."""
    parts: list[str] = []
    if article.credits.authors:
        parts.append(f"<p><em>By {escape(join_names(article.credits.authors))}</em></p>")
    if article.caption:
        credit = article.credits.photos[0] if article.credits.photos else None
        shown = f" <small>(Photo: {escape(credit)})</small>" if credit else ""
        parts.append(f"<p><em>{escape(article.caption)}</em>{shown}</p>")
    for block in article.body:
        if block.kind == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(block.items[0])}</p>")
    footer = credit_lines(article.credits, source_url)
    if footer:
        parts.append("<p><small>" + " | ".join(footer) + "</small></p>")
    return "".join(parts)


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
