"""Canonical URLs for ids and links (SPEC.md §3).

Slugs are ASCII where the text can be transliterated; any other letter is percent-encoded as
UTF-8 with uppercase ``%XX`` (RFC 3986 §2.1). Invisible characters never reach a URL.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

from feedpub.sanitize import clean_text, one_line

_SEPARATORS = re.compile(r"[^\w]+")
_DASHES = re.compile(r"-{2,}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MAX_SEGMENT = 80
# What slugify leaves unchanged: most file names are written this way already.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Already canonical: lowercase http(s) scheme and host, a path of unreserved and sub-delims
# characters only (RFC 3986 §2.2-2.3). Most URLs are; they skip the parsing below.
_CANONICAL_HTTP = re.compile(r"^https?://[a-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)?$")


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """Return a lowercase URL path segment for ``text``; empty if nothing is left.

    Cached: a corpus repeats the same few folder names in every key.
    """
    if len(text) <= _MAX_SEGMENT and _SLUG.fullmatch(text):
        return text
    text = one_line(clean_text(text))
    if text.isascii():
        ascii_form = text
    else:
        ascii_form = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Keep scripts that have no ASCII form (Cyrillic, Greek, CJK) rather than lose the name.
    source = ascii_form if _SEPARATORS.sub("", ascii_form) else text
    slug = _DASHES.sub("-", _SEPARATORS.sub("-", source.lower()).replace("_", "-")).strip("-")
    slug = slug[:_MAX_SEGMENT].strip("-")
    return slug if slug.isascii() else quote(slug, safe="-")


def slug_for_key(key: str) -> str:
    """Return the URL path for a document key: each folder and the stem, slugified."""
    parts = key.split("/")
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1].lstrip(".") else parts[-1]
    return "/".join(s for s in (slugify(p) for p in parts) if s)


def base_slug(key: str, explicit_id: str | None) -> str:
    """Return the slug a new document asks for: from its ``Id:`` header, else its key."""
    return slugify(explicit_id) if explicit_id else slug_for_key(key)


def canonical_url(text: str) -> str | None:
    """Return ``text`` as a canonical absolute URI, or None when it is not one.

    Non-ASCII and unsafe characters are percent-encoded; scheme and host are lowercased.
    """
    text = one_line(text)
    if _CANONICAL_HTTP.match(text):
        return text
    if not _SCHEME.match(text) or " " in text:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return None
    safe = "/:@!$&'()*+,;=-._~%"
    try:
        host = parts.netloc.encode("idna").decode("ascii") if parts.netloc else ""
    except UnicodeError:
        return None
    return urlunsplit((
        parts.scheme.lower(), host.lower(), _requote(parts.path, safe),
        _requote(parts.query, safe + "?"), _requote(parts.fragment, safe + "?"),
    ))


def _requote(part: str, safe: str) -> str:
    quoted = quote(part, safe=safe)
    return re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), quoted)
