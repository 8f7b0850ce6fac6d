"""Offline checks of published feeds: ``feedpub check`` and ``feedpub build --check``.

Our own rules, the part of the W3C Feed Validation Service that feedpub's output can break:
well-formed XML (XML 1.0 §2), Atom against the RFC 4287 Appendix B RELAX NG schema plus the
rules the schema cannot say, RSS 2.0 required elements, RFC 822 dates, unique guids and ids,
absolute URLs and self links (SPEC.md §3). Each problem is one line, "rss.xml: line 9: …".
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from email.utils import parsedate_tz
from importlib import resources
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from lxml import etree

from feedpub.render import FILE_NAMES
from feedpub.urls import canonical_url

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM = f"{{{ATOM_NS}}}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}

# RFC 2822 §3.3, the form of RFC 822 §5 that the RSS 2.0 spec prefers (four-digit years) and
# the W3C validator accepts without a warning.
_RFC822 = re.compile(
    r"^(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? "
    r"(?:[+-]\d{4}|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$"
)
# RFC 3339 §5.6 date-time, with the upper-case "T" and the zone RFC 4287 §3.3 requires.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-](?P<hours>\d{2}):(?P<minutes>\d{2}))$"
)
# xsd:dateTime, the type of RFC 4287's RELAX NG schema: offsets within ±14:00.
_MAX_OFFSET_MINUTES = 14 * 60
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
_HTML_REFERENCE = re.compile(
    r"""<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)
_SHOWN_LENGTH = 60


def check_feeds(folder: Path) -> list[str]:
    """Return every problem in the feeds published in ``folder``; none means valid."""
    problems: list[str] = []
    for name in FILE_NAMES.values():
        try:
            data = (folder / name).read_bytes()
        except OSError as exc:
            problems.append(f"{name}: cannot read: {exc.strerror}")
            continue
        problems.extend(check_feed_bytes(name, data))
    return problems


def check_feed_bytes(name: str, data: bytes) -> list[str]:
    """Return every problem in the feed ``data`` that is to be published as ``name``.

    The format comes from the root element, not the name.
    """
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        # XML 1.0 §2.1: a document that is not well-formed is not XML at all.
        return [f"{name}: not well-formed XML: {_one_line(exc.msg)}"]
    if root.tag == "rss":
        found = _check_rss(root, name)
    elif root.tag == f"{_ATOM}feed":
        found = _check_atom(root, name)
    else:
        found = iter([f"root element is <{_local(root.tag)}>, not <rss> or Atom <feed>"])
    return [f"{name}: {problem}" for problem in found]


@functools.cache
def _parser() -> etree.XMLParser:
    # A feed needs no DTD, entity expansion or network access to be read.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


@functools.cache
def _atom_schema() -> etree.RelaxNG:
    """RFC 4287 Appendix B, converted to RELAX NG XML (package data)."""
    with resources.files("feedpub").joinpath("data/atom.rng").open("rb") as handle:
        return etree.RelaxNG(etree.parse(handle))


# RSS 2.0 (rssboard.org/rss-specification)


def _check_rss(root: etree._Element, name: str) -> Iterator[str]:
    """RSS 2.0: required elements, RFC 822 dates, unique guids, absolute URLs, self link."""
    if root.get("version") != "2.0":
        yield f"line {root.sourceline}: <rss> version is {_shown(root.get('version'))}, not '2.0'"
    channels = root.findall("channel")
    if len(channels) != 1:
        yield f"<rss> has {len(channels)} <channel> elements, not one"
        return
    channel = channels[0]
    # RSS 2.0, "Required channel elements".
    yield from _required_text(channel, ("title", "link", "description"), blank_ok=("description",))
    yield from _rss_dates(channel)
    yield from _rss_urls(channel)
    yield from _self_link(channel, name, "rss")
    guids = channel.iterfind("item/guid")
    yield from _unique(((guid, guid.text, guid.text or "") for guid in guids), "<guid>")
    for item in channel.iterfind("item"):
        yield from _check_rss_item(item)


def _check_rss_item(item: etree._Element) -> Iterator[str]:
    # RSS 2.0, "Elements of <item>": at least one of title or description must be present.
    if item.find("title") is None and item.find("description") is None:
        yield f"line {item.sourceline}: <item> has neither <title> nor <description>"
    guid = item.find("guid")
    # RSS 2.0, "<guid> sub-element": isPermaLink defaults to true, and then it is a URL.
    if guid is not None and guid.get("isPermaLink", "true") == "true":
        yield from _identifier(guid, "permalink <guid>", guid=True)
    elif guid is not None and guid.get("isPermaLink") != "false":
        yield (
            f"line {guid.sourceline}: <guid> isPermaLink is {_shown(guid.get('isPermaLink'))}, "
            "not 'true' or 'false'"
        )
    # RSS 2.0, "<source>" and "<enclosure>": their attributes are required.
    for element, attributes in (("source", ("url",)), ("enclosure", ("url", "length", "type"))):
        for child in item.iterfind(element):
            for attribute in attributes:
                if not child.get(attribute):
                    yield f"line {child.sourceline}: <{element}> has no {attribute} attribute"
    for html_element in (item.find("description"), item.find(_CONTENT_ENCODED)):
        if html_element is not None:
            yield from _html_urls(html_element)


def _rss_dates(channel: etree._Element) -> Iterator[str]:
    # RSS 2.0: "All date-times in RSS conform to the Date and Time Specification of RFC 822".
    for element in channel.xpath("pubDate | lastBuildDate | item/pubDate"):
        problem = _rfc822_problem((element.text or "").strip())
        if problem:
            yield f"line {element.sourceline}: <{element.tag}> {problem}"


def _rfc822_problem(text: str) -> str | None:
    """Return why ``text`` is not an RFC 822 date-time, or None when it is one."""
    match = _RFC822.match(text)
    if match is None:
        return f"{_shown(text)} is not an RFC 822 date-time"
    parts = parsedate_tz(text)
    try:
        day = date(*parts[:3]) if parts else None
    except ValueError:
        day = None
    if day is None or not parts or parts[3] > 23 or parts[4] > 59 or parts[5] > 60:
        return f"{_shown(text)} is not a date and time on the calendar"
    # RFC 822 §5.1: the day of the week, when given, must be the date's.
    if match.group("dow") and day.strftime("%a") != match.group("dow"):
        return f"{_shown(text)} gives the wrong day of the week"
    return None


def _rss_urls(channel: etree._Element) -> Iterator[str]:
    for element in channel.xpath("link | image/url | image/link | item/link | item/comments"):
        yield from _absolute(element, element.text, f"<{element.tag}>")
    for element in channel.xpath("item/source[@url] | item/enclosure[@url]"):
        yield from _absolute(element, element.get("url"), f"<{element.tag}> url")


# Atom 1.0 (RFC 4287)


def _check_atom(root: etree._Element, name: str) -> Iterator[str]:
    """Atom: the RELAX NG schema, then what it leaves to prose and Schematron."""
    schema = _atom_schema()
    if not schema.validate(root):
        for error in schema.error_log:
            yield f"line {error.line}: schema: {_one_line(error.message)}"
    entries = root.findall(f"{_ATOM}entry")
    yield from _atom_dates(root)
    yield from _atom_urls(root)
    yield from _self_link(root, name, "atom")
    # RFC 4287 §4.2.6: an id is universally unique; two entries with one id are one entry.
    yield from _unique(((e, _text(e, "id"), _text(e, "id")) for e in entries), "entry <id>")
    # SPEC.md §3: no two entries share an updated instant (W3C warns: DuplicateUpdated).
    updated = ((e, _instant(_text(e, "updated")), _text(e, "updated")) for e in entries)
    yield from _unique(updated, "entry <updated>")
    feed_has_author = root.find(f"{_ATOM}author") is not None
    for entry in entries:
        yield from _check_atom_entry(entry, feed_has_author)


def _check_atom_entry(entry: etree._Element, feed_has_author: bool) -> Iterator[str]:
    # RFC 4287 §4.1.1: an entry without an author takes the feed's; one of them must exist.
    if not feed_has_author and entry.find(f"{_ATOM}author") is None:
        yield f"line {entry.sourceline}: <entry> has no <author> and the feed has none"
    # RFC 4287 §4.1.1.1: an entry without content needs an alternate link.
    content = entry.find(f"{_ATOM}content")
    alternate = entry.xpath("a:link[not(@rel) or @rel='alternate']", namespaces={"a": ATOM_NS})
    if content is None and not alternate:
        yield f"line {entry.sourceline}: <entry> has neither <content> nor an alternate <link>"
    for element in (content, entry.find(f"{_ATOM}summary")):
        if element is not None and element.get("type") == "html":
            yield from _html_urls(element)


def _atom_dates(root: etree._Element) -> Iterator[str]:
    # RFC 4287 §3.3: date constructs are RFC 3339 date-times with an upper-case "T" and a zone.
    for element in root.iter(f"{_ATOM}updated", f"{_ATOM}published"):
        text = element.text or ""
        problem = _date_problem(text.strip())
        if problem:
            yield f"line {element.sourceline}: <{_local(element.tag)}> {_shown(text)} {problem}"


def _date_problem(text: str) -> str | None:
    """Return why ``text`` is not a date construct of RFC 4287 §3.3, or None when it is one."""
    match = _RFC3339.match(text)
    hours, minutes = (int(match["hours"] or 0), int(match["minutes"] or 0)) if match else (0, 0)
    # RFC 3339 §5.6: time-minute is 00-59, in the offset too.
    if match is None or minutes > 59 or _instant(text) is None:
        return "is not an RFC 3339 date-time"
    if hours * 60 + minutes > _MAX_OFFSET_MINUTES:
        return "has a zone offset beyond ±14:00 (xsd:dateTime, RFC 4287 Appendix B)"
    return None


def _atom_urls(root: etree._Element) -> Iterator[str]:
    # RFC 4287 §4.2.6: ids are absolute IRIs; SPEC.md §3: absolute URLs everywhere.
    for element in root.iter(f"{_ATOM}id"):
        yield from _identifier(element, "<id>", guid=False)
    for element in root.iter(f"{_ATOM}uri", f"{_ATOM}icon", f"{_ATOM}logo"):
        yield from _absolute(element, element.text, f"<{_local(element.tag)}>")
    for element in root.iter(f"{_ATOM}link"):
        yield from _absolute(element, element.get("href"), "<link> href")


# Rules both formats share


def _self_link(parent: etree._Element, name: str, fmt: str) -> Iterator[str]:
    """SPEC.md §3: one atom:link rel="self" (RFC 4287 §4.2.7.2), absolute, at ``name``."""
    links = parent.xpath("a:link[@rel='self']", namespaces={"a": ATOM_NS})
    where = f"line {parent.sourceline}: <{_local(parent.tag)}>"
    if len(links) != 1:
        yield f"{where} has {len(links)} atom:link rel=\"self\", not one"
        return
    link = links[0]
    href = link.get("href") or ""
    yield from _absolute(link, href, "self link")
    parts = _split(href)
    if parts is None or parts.path.rsplit("/", 1)[-1] != name:
        yield f"line {link.sourceline}: self link {_shown(href)} is not the URL of {name}"
    if link.get("type") not in (None, _MIME_TYPES[fmt]):
        yield f"line {link.sourceline}: self link type is {_shown(link.get('type'))}, not {_MIME_TYPES[fmt]}"


def _required_text(
    parent: etree._Element, names: Iterable[str], blank_ok: tuple[str, ...] = ()
) -> Iterator[str]:
    for child_name in names:
        child = parent.find(child_name)
        if child is None:
            yield f"line {parent.sourceline}: <{parent.tag}> has no <{child_name}>"
        elif child_name not in blank_ok and not (child.text or "").strip():
            yield f"line {child.sourceline}: <{child_name}> is empty"


def _unique(values: Iterable[tuple[etree._Element, object, str]], label: str) -> Iterator[str]:
    """Report each (element, key, text) whose key an earlier element already had."""
    first_line: dict[object, int | None] = {}
    for element, key, text in values:
        if key is None or key == "":
            continue
        if key in first_line:
            yield (
                f"line {element.sourceline}: {label} {_shown(text)} is used twice "
                f"(first at line {first_line[key]})"
            )
        else:
            first_line[key] = element.sourceline


def _html_urls(element: etree._Element) -> Iterator[str]:
    """Links and images in escaped HTML are absolute (W3C validator: ContainsRelRef)."""
    for groups in _HTML_REFERENCE.findall(element.text or ""):
        reference = html.unescape(next((g for g in groups if g), ""))
        yield from _absolute(element, reference, f"<{_local(element.tag)}> HTML reference")


def _absolute(element: etree._Element, value: str | None, label: str) -> Iterator[str]:
    problem = _url_problem((value or "").strip())
    if problem:
        yield f"line {element.sourceline}: {label} {_shown(value or '')} {problem}"


def _identifier(element: etree._Element, label: str, *, guid: bool) -> Iterator[str]:
    """An Atom <id> (``guid`` False) or a permalink RSS <guid>: an absolute URL as
    ``_url_problem`` wants it, that the W3C validator also takes as an id."""
    value = (element.text or "").strip()
    problem = _url_problem(value) or _id_problem(value, permalink=guid)
    if problem is None and not guid:
        # W3C validator: NonCanonicalURI (validators.py, class canonicaluri).
        canonical = canonical_url(value)
        if canonical is not None and canonical != value:
            problem = f"is not in canonical form, {_shown(canonical)} (RFC 3986 §6.2.2)"
    if problem:
        yield f"line {element.sourceline}: {label} {_shown(element.text or '')} {problem}"


def _id_problem(value: str, *, permalink: bool) -> str | None:
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


def _url_problem(url: str) -> str | None:
    """Return why ``url`` is not an absolute, canonical URI, or None when it is one."""
    if not _SCHEME.match(url):
        return "is not an absolute URL (RFC 3986 §4.3)"
    if not _URI_CHARS.match(url):
        return "holds characters a URI may not (RFC 3986 §2)"
    if _BAD_ESCAPE.search(url):
        return "has a % that is not an upper-case %XX escape (RFC 3986 §2.1)"
    parts = _split(url)
    if parts is None or (parts.scheme in ("http", "https") and not parts.hostname):
        return "has no host (RFC 7230 §2.7.1)"
    if parts.netloc != parts.netloc.lower():
        return "has an upper-case host (RFC 3986 §6.2.2.1)"
    return None


def _split(url: str) -> SplitResult | None:
    """Return the parts of ``url``, or None when urlsplit refuses it (unbalanced brackets,
    a host that NFKC turns into delimiters)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _instant(text: str) -> datetime | None:
    """Return the moment an RFC 3339 date-time names, or None if ``text`` is not one."""
    text = text.strip()
    if not _RFC3339.match(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _text(parent: etree._Element, child: str) -> str:
    return (parent.findtext(f"{_ATOM}{child}") or "").strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _shown(value: str | None) -> str:
    """Quote a value from the feed for a one-line message: escaped, and cut if long."""
    shown = repr(value if value is None else value[:_SHOWN_LENGTH])
    return shown + ("…" if value and len(value) > _SHOWN_LENGTH else "")


def _one_line(message: str) -> str:
    return " ".join(message.split())
