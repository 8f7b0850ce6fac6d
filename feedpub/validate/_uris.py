"""What the W3C Feed Validator takes as a URL, an Atom id or a permalink guid."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

# RFC 3986 §3.1 scheme, §2 the characters a URI may hold; §2.1 escapes are upper-case hex.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-F]{2})")
# What the W3C Feed Validator takes as an Atom <id> or a permalink RSS <guid> (validators.py,
# class rfc2396 with the rfc2396_full pattern): RFC 2396 §3, an absolute URI whose part after
# the scheme is not empty; tag: URIs as RFC 4151 §2.1 writes them, authority in lower case;
# URNs as RFC 2141 §2 writes them, and UUID URNs as RFC 4122 §3.
_FULL_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?://)?[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,#]+$")
_TAG_URI_TEXT = r"[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,]*"
_TAG_URI = re.compile(
    rf"^tag:(?:[a-z0-9._-]+@)?[a-z0-9.-]+,\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?:{_TAG_URI_TEXT}"
    rf"(?:#{_TAG_URI_TEXT})?$"
)
_URN = re.compile(
    r"^urn:[A-Za-z0-9][A-Za-z0-9-]{1,31}:(?:[A-Za-z0-9()+,.:=@;$_!*'-]|%[0-9A-Fa-f]{2})+$",
    re.IGNORECASE,
)
_UUID_URN = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)
# href and src attributes in entry HTML, as the W3C validator finds them (ContainsRelRef).


def id_problem(value: str, *, permalink: bool) -> str | None:
    """Return why the W3C validator refuses ``value`` as an Atom <id>, or as a permalink
    RSS <guid>, or None when it takes it."""
    scheme = value.split(":", 1)[0].lower()
    if scheme == "tag":
        problem = None if _TAG_URI.match(value) else "is not a tag: URI (RFC 4151 §2.1)"
    elif value.lower().startswith("urn:uuid:"):
        problem = None if _UUID_URN.match(value) else "is not a UUID URN (RFC 4122 §3)"
    elif scheme == "urn":
        problem = None if _URN.match(value) else "is not a URN (RFC 2141 §2)"
    elif not _FULL_URI.match(value):
        problem = "is not an absolute URI (RFC 2396 §3)"
    else:
        problem = None
    # RSS 2.0, "<guid>": a permalink is a URL a browser can open (W3C: InvalidPermalink).
    if problem is None and permalink and value.lower().startswith(("tag:", "urn:uuid:")):
        problem = 'is not a URL a browser can open; it needs isPermaLink="false"'
    return problem


def url_problem(url: str) -> str | None:
    """Return why ``url`` is not an absolute, canonical URI, or None when it is one."""
    if not _SCHEME.match(url):
        return "is not an absolute URL (RFC 3986 §4.3)"
    if not _URI_CHARS.match(url):
        return "holds characters a URI may not (RFC 3986 §2)"
    if _BAD_ESCAPE.search(url):
        return "has a % that is not an upper-case %XX escape (RFC 3986 §2.1)"
    parts = split(url)
    if parts is None or (parts.scheme in ("http", "https") and not parts.hostname):
        return "has no host (RFC 7230 §2.7.1)"
    if parts.netloc != parts.netloc.lower():
        return "has an upper-case host (RFC 3986 §6.2.2.1)"
    return None


def split(url: str) -> SplitResult | None:
    """Return the parts of ``url``, or None when urlsplit refuses it (unbalanced brackets,
    a host that NFKC turns into delimiters)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None
