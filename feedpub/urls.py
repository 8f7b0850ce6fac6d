"""Canonical URLs for ids and links (SPEC.md §3).

Slugs are ASCII where the text is Latin; the letters of every other script are kept,
percent-encoded as UTF-8 with uppercase ``%XX`` (RFC 3986 §2.1). Invisible characters never
reach a URL.

Every URL and id a document states is read here, and only here: a value that is not a usable
URL (no host, a bad host, what ``urlsplit`` or IDNA refuses) is None, never an exception.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date
from urllib.parse import quote, urlsplit

from feedpub.text import clean_text, one_line

_SEPARATORS = re.compile(r"[^\w]+")
# Greek is the first script after Latin and its combining marks (U+0370).
_OTHER_SCRIPTS = "\u0370"
# Default-ignorable characters that are letters or marks, not format characters (Hangul
# fillers, variation selectors, Mongolian and Khmer invisible signs): no URL shows them.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_DASHES = re.compile(r"-{2,}")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_MAX_SEGMENT = 80
# What slugify leaves unchanged: most file names are written this way already.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# RFC 3986 §2.2-2.3: a path segment's characters (pchar), and the delimiters.
_PCHAR = "-._~!$&'()*+,;=:@"
_RESERVED = frozenset(":/?#[]@!$&'()*+,;=")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_MAX_PORT = 65535
_MAX_HOST = 253
# RFC 1123 §2.1 host names, plus "_", which real subdomains hold and RFC 3986 §3.2.2 allows.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
# Already canonical: lowercase http(s) scheme and host, no port, a path of pchar and "/" only
# (no "." or ".." segment: the caller looks for "/."). Most URLs are; they skip the parsing.
_CANONICAL_HTTP = re.compile(rf"^https?://{_HOST.pattern}/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$")
_OCTET = re.compile(r"%([0-9A-Fa-f]{2})|([^%]+|%)")
_ESCAPED_ESCAPE = re.compile(r"%25[0-9A-Fa-f]{2}")
# RFC 4151 §2.1 tag URIs, authority lower-case: a subset of what the validator's tag_re takes.
_DNS_NAME = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
_TAG_TEXT = r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*"
_TAG = re.compile(
    rf"tag:(?:[a-z0-9._-]+@)?{_DNS_NAME},(?P<date>\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?):"
    rf"{_TAG_TEXT}(?:#{_TAG_TEXT})?"
)
# RFC 8141 §2 URNs, with the namespace-specific string the validator's urn_re allows (the
# RFC 2141 characters): no "/", "~", "&", and no r-, q- or f-component.
_URN = re.compile(
    r"urn:[a-z0-9][a-z0-9-]{0,30}[a-z0-9]:(?:[A-Za-z0-9()+,\-.:=@;$_!*']|%[0-9A-F]{2})+"
)
# RFC 4122 §3: a UUID URN is 8-4-4-4-12 hexadecimal digits, lower-case on output.
_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@functools.lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """Return a lowercase URL path segment for ``text``; empty if nothing is left.

    Latin letters become ASCII ("Café" is "cafe"); letters, marks and digits of every other
    script are kept, lowercased and in NFKC ("Москва 2025" is "москва-2025", percent-encoded
    as UTF-8 with uppercase ``%XX``: SPEC.md §3). Invisible characters never reach the slug.
    Cached: a corpus repeats the same few folder names in every key.
    """
    if len(text) <= _MAX_SEGMENT and _SLUG.fullmatch(text):
        return text
    text = one_line(clean_text(text))
    pieces = _script_pieces(text) if not text.isascii() else [(text, False)]
    if not any(kept or _SEPARATORS.sub("", piece) for piece, kept in pieces):
        # Nothing but symbols, or Latin letters with no ASCII form ("ß"): kept as they are,
        # as before every script was kept.
        pieces = [(_INVISIBLE.sub("", text), False)]
    slug = "".join(
        unicodedata.normalize("NFKC", piece.lower()) if kept
        else _SEPARATORS.sub("-", piece.lower()).replace("_", "-")
        for piece, kept in pieces
    )
    slug = _DASHES.sub("-", slug).strip("-")
    slug = slug[:_MAX_SEGMENT].strip("-")
    return slug if slug.isascii() else quote(slug, safe="-")


def _script_pieces(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into runs: ASCII (what NFKD makes of Latin letters, digits and
    symbols, as every slug was made before) and kept letters of other scripts (True).

    A Latin letter with no ASCII form ("ß", "ø") is dropped, as it always was; a mark is
    kept only after a kept letter; punctuation after one ("東京、大阪") separates words.
    """
    pieces: list[tuple[str, bool]] = []
    run: list[str] = []
    kept = False
    for char in text:
        ascii_form = char if char.isascii() else (
            unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        )
        if ascii_form:
            keep = False
        elif _other_script(char, kept):
            keep = True
        elif kept and char >= _OTHER_SCRIPTS and unicodedata.category(char)[0] in "PSZ":
            keep, ascii_form = False, "-"
        else:
            continue
        if keep != kept and run:
            pieces.append(("".join(run), kept))
            run.clear()
        run.append(char if keep else ascii_form)
        kept = keep
    if run:
        pieces.append(("".join(run), kept))
    return pieces


def _other_script(char: str, after_kept: bool) -> bool:
    """Return True for a letter, digit or mark of a script other than Latin (from Greek on),
    not invisible; a mark only right after such a letter."""
    if char < _OTHER_SCRIPTS or _INVISIBLE.match(char):
        return False
    category = unicodedata.category(char)
    if category[0] == "M":
        return after_kept
    return category[0] in "LN" and not unicodedata.name(char, "LATIN").startswith("LATIN")


def slug_for_key(key: str) -> str:
    """Return the URL path for a document key: each folder and the stem, slugified."""
    parts = key.split("/")
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1].lstrip(".") else parts[-1]
    return "/".join(s for s in (slugify(p) for p in parts) if s)


def base_slug(key: str, explicit_id: str | None) -> str:
    """Return the slug a new document asks for: from its ``Id:`` header, else its key."""
    return slugify(explicit_id) if explicit_id else slug_for_key(key)


def canonical_url(text: str) -> str | None:
    """Return ``text`` as a canonical absolute URI, or None when it is not one we publish.

    An http(s) URL needs a valid host (``_http_authority``). Other schemes are taken only
    without an authority (``tag:``, ``urn:``, ``mailto:``). Never raises: a URL that
    ``urlsplit`` or IDNA refuses is simply not a URL. The result is a fixed point: given its
    own output, this returns it unchanged (``assign`` canonicalises explicit ids again).
    """
    text = one_line(text)
    if _CANONICAL_HTTP.match(text) and "/." not in text and len(text.split("/", 3)[2]) <= _MAX_HOST:
        return text
    match = _SCHEME.match(text)
    if match is None or " " in text:
        return None
    scheme = match.group(0)[:-1].lower()
    try:
        # Unbalanced brackets ("http://[x") and hosts that NFKC turns into delimiters
        # ("ex\u2100mple.com") raise ValueError.
        parts = urlsplit(text)
    except ValueError:
        return None
    if scheme in _DEFAULT_PORTS:
        authority = _http_authority(parts.netloc, _DEFAULT_PORTS[scheme])
        path = _normalize(parts.path, _PCHAR + "/")
        path = (_remove_dot_segments(path) or "/") if path is not None else None
        prefix = f"{scheme}://{authority}" if authority else None
    elif text[match.end():].startswith("//"):
        return None
    else:
        path = _normalize(parts.path, _PCHAR + "/")
        prefix = f"{scheme}:"
    query = _normalize(parts.query, _PCHAR + "/?")
    fragment = _normalize(parts.fragment, _PCHAR + "/?")
    if prefix is None or path is None or query is None or fragment is None:
        return None
    return prefix + path + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def has_scheme(text: str) -> bool:
    """True when ``text`` opens with a URI scheme (RFC 3986 §3.1: ``https:``, ``tag:``…): it
    is meant as an absolute URI, not as a path."""
    return _SCHEME.match(text) is not None


def http_url(text: str) -> str | None:
    """Return ``text`` as a canonical absolute http(s) URL with a host, or None."""
    url = canonical_url(text)
    return url if url is not None and url.startswith(("http://", "https://")) else None


def canonical_id(text: str) -> str | None:
    """Return ``text`` in canonical form if it may be an entry's explicit id, else None.

    An id is an absolute http(s) URL with a host, a ``tag:`` URI (RFC 4151) or a ``urn:`` URI
    (RFC 8141), written so that the W3C Feed Validator takes it both as an Atom ``<id>``
    (validators.py: ``canonicaluri``, the ``rfc2396_full`` shape, ``tag_re``, ``urn_re``) and
    as an RSS ``<guid>``, and finds it already in canonical form.
    """
    url = canonical_url(text)
    # The validator's canonical form unescapes twice, so "%2541" would read as "A" to it.
    if url is None or _ESCAPED_ESCAPE.search(url):
        return None
    scheme, _, rest = url.partition(":")
    if scheme in _DEFAULT_PORTS:
        return url
    if scheme == "tag":
        authority, comma, specific = rest.partition(",")
        url = f"tag:{authority.lower()}{comma}{specific}"
        match = _TAG.fullmatch(url)
        return url if match and _is_tag_date(match.group("date")) else None
    if scheme == "urn":
        nid, colon, nss = rest.partition(":")
        url = f"urn:{nid.lower()}{colon}{nss.lower() if nid.lower() == 'uuid' else nss}"
        return url if _URN.fullmatch(url) and (nid.lower() != "uuid" or _UUID.fullmatch(url)) else None
    return None


def _http_authority(netloc: str, default_port: str) -> str | None:
    """Return the canonical ``host[:port]`` of an http(s) URL, or None if it has no valid host.

    The host is a DNS name, IDNA-encoded and lower-cased (RFC 3986 §6.2.2.1), with no
    user information (RFC 7230 §2.7.1) and no IP literal: the W3C validator's ``rfc2396_full``
    shape, which RSS ``<link>``, ``<source url>`` and Atom ``<id>`` must have, allows no
    brackets. The default port is left out (RFC 3986 §6.2.3).
    """
    if "@" in netloc or "[" in netloc or "]" in netloc:
        return None
    host, _, port = netloc.partition(":")
    if port and not (port.isascii() and port.isdigit() and int(port) <= _MAX_PORT):
        return None
    if host.endswith(".") and "." in host[:-1]:
        host = host[:-1]
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    if len(host) > _MAX_HOST or not _HOST.fullmatch(host):
        return None
    port = str(int(port)) if port else default_port
    return host if port == default_port else f"{host}:{port}"


def _normalize(part: str, safe: str) -> str | None:
    """Return one component of a URI with its percent-encoding normalised, or None.

    RFC 3986 §6.2.2: escapes are upper-case, escapes of unreserved characters are decoded,
    escaped delimiters keep their escape; any other character outside ``safe`` is escaped as
    UTF-8 (a lone ``%`` too), after NFC. None when the escapes are not UTF-8 text.
    """
    pieces: list[str | bytes] = []
    run = bytearray()
    for escape, literal in _OCTET.findall(part):
        if literal:
            run += literal.encode("utf-8", "surrogatepass")
        elif chr(int(escape, 16)) in _RESERVED and chr(int(escape, 16)) in safe:
            pieces += [bytes(run), f"%{escape.upper()}"]
            run.clear()
        else:
            run.append(int(escape, 16))
    pieces.append(bytes(run))
    try:
        return "".join(
            p if isinstance(p, str) else quote(unicodedata.normalize("NFC", p.decode()), safe=safe)
            for p in pieces
        )
    except UnicodeDecodeError:
        return None


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, for an absolute path: "/a/./b/../c" is "/a/c"."""
    segments = path.split("/")
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")
    return "/".join(kept)


def _is_tag_date(text: str) -> bool:
    """RFC 4151 §2.1: the date is a year, a month or a day on the calendar."""
    year, month, day = [*text.split("-"), "01", "01"][:3]
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
