"""The one allow-list of HTML an entry's content may hold, and the sanitizer that enforces it.

Markdown bodies are rendered to HTML (``parse/markdown.py``) and pass through ``sanitize_html``
(nh3, the Python binding of the Rust ``ammonia`` sanitizer): whatever the Markdown renderer
let through, only these elements and attributes and only http(s), mailto or relative URLs
reach a feed. The plain-text content of ``render/html.py`` uses a subset of the same list.

nh3 is imported on the first call: a build of plain-text documents never loads it.
"""

from __future__ import annotations

import re
from functools import partial
from urllib.parse import urljoin, urlsplit

ALLOWED_TAGS = frozenset({
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "s", "small", "strong", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = frozenset({"href", "src"})
# A URL attribute of sanitized HTML (ammonia writes every attribute double-quoted) whose value
# names no scheme: relative (RFC 3986 §4.2). Linear: each scheme-like run ends at a quote.
_RELATIVE_URL = re.compile(r'(?:href|src)="(?![A-Za-z][A-Za-z0-9+.-]*:)')
# An <img> of sanitized HTML and its alt text: ammonia writes ``<img`` and each attribute as
# `` name="value"`` with any quote inside written &quot;, so a value never holds a quote and
# neither pattern can run past the tag it starts in (linear: test_linear_time.py).
_IMAGE = re.compile(r'<img((?: [a-z]+="[^"]*")*)>')
_ALT = re.compile(r' alt="([^"]*)"')


def sanitize_html(html: str, base: str | None = None) -> str:
    """Return ``html`` with only the allowed elements, attributes and URLs.

    Relative URLs are kept as they are when ``base`` is None, and made absolute against
    ``base`` (an absolute http(s) URL) otherwise. A URL of any other scheme (``javascript:``,
    ``data:``, ``vbscript:``…) is removed with its attribute; so is every ``on*=`` handler,
    ``style`` and ``class``, and ``<script>`` or ``<style>`` with their content.
    """
    import nh3

    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=partial(_filter_url, base),
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return _IMAGE.sub(_image_or_alt, clean) if "<img" in clean else clean


def has_relative_urls(html: str) -> bool:
    """Return False when HTML that ``sanitize_html`` returned holds no relative URL, so that
    sanitizing it again with a ``base`` would change nothing (text that reads like an
    attribute may give True: sanitizing again is then only wasted)."""
    return _RELATIVE_URL.search(html) is not None


def _image_or_alt(image: re.Match[str]) -> str:
    """Keep an image that still has a source; one whose URL was removed (``data:``,
    ``javascript:``) becomes its alt text: HTML requires ``src`` on every ``<img>``."""
    if ' src="' in image[1]:
        return image[0]
    alt = _ALT.search(image[1])
    # The value is attribute text (& and " already escaped); as element text, < and > are.
    return alt[1].replace("<", "&lt;").replace(">", "&gt;") if alt else ""


def _filter_url(base: str | None, _tag: str, attribute: str, value: str) -> str | None:
    """Keep an allowed URL (absolute against ``base`` when given); None drops the attribute.

    nh3 has already dropped URLs of other schemes; this checks again after resolving, since a
    relative reference joined to the base must still be http(s) (RFC 3986 §5.2).
    """
    if attribute not in _URL_ATTRIBUTES:
        return value
    try:
        url = urljoin(base, value) if base is not None else value
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # an unbalanced "[" in the host part
        return None
    if scheme in URL_SCHEMES or (base is None and not scheme):
        return url
    return None
