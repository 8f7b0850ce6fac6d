"""Text: what every stage does to document text before it can reach a feed.

``clean_text`` gives every text one form (XML 1.0 characters, NFC, ``\n``), and
``has_forbidden`` says whether a text needs it;
``repair_double_utf8`` undoes mojibake; ``one_line`` and ``shorten`` make display lines;
``strip_markup`` keeps tag-like runs out of names and terms; ``sanitize_html`` holds HTML to
``ALLOWED_TAGS`` (and loads nh3 only when called).
"""

from feedpub.text._html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    has_relative_urls,
    sanitize_html,
)
from feedpub.text._lines import one_line, shorten
from feedpub.text._markup import strip_markup
from feedpub.text._mojibake import repair_double_utf8
from feedpub.text._xml import clean_text, has_forbidden

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "URL_SCHEMES",
    "clean_text",
    "has_forbidden",
    "has_relative_urls",
    "one_line",
    "repair_double_utf8",
    "sanitize_html",
    "shorten",
    "strip_markup",
]
