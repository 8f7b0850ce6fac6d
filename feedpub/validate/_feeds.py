"""Offline checks of published feeds: ``feedpub check`` and ``feedpub build --check``.

Our own rules, the part of the W3C Feed Validation Service that feedpub's output can break:
well-formed XML (XML 1.0 §2), Atom against the RFC 4287 Appendix B RELAX NG schema plus the
rules the schema cannot say, RSS 2.0 required elements, RFC 822 dates, unique guids and ids,
absolute URLs and self links (SPEC.md §3); JSON Feed 1.1 in ``_jsonfeed``. Each problem is
one line, "rss.xml: line 9: …".
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from lxml import etree

from feedpub.render import FILE_NAMES
from feedpub.urls import canonical_url
from feedpub.validate._dates import date_problem, instant, rfc822_problem
from feedpub.validate._jsonfeed import check_json_feed
from feedpub.validate._quote import shown
from feedpub.validate._uris import id_problem, split, url_problem

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM = f"{{{ATOM_NS}}}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}

_HTML_REFERENCE = re.compile(
    r"""<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)


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

    The format comes from the root element, not the name; a ``.json`` name is a JSON Feed.
    """
    if name.endswith(".json"):
        return check_json_feed(name, data)
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
        yield f"line {root.sourceline}: <rss> version is {shown(root.get('version'))}, not '2.0'"
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
            f"line {guid.sourceline}: <guid> isPermaLink is {shown(guid.get('isPermaLink'))}, "
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
        problem = rfc822_problem((element.text or "").strip())
        if problem:
            yield f"line {element.sourceline}: <{element.tag}> {problem}"


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
    updated = ((e, instant(_text(e, "updated")), _text(e, "updated")) for e in entries)
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
        problem = date_problem(text.strip())
        if problem:
            yield f"line {element.sourceline}: <{_local(element.tag)}> {shown(text)} {problem}"


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
        yield f'{where} has {len(links)} atom:link rel="self", not one'
        return
    link = links[0]
    href = link.get("href") or ""
    yield from _absolute(link, href, "self link")
    parts = split(href)
    if parts is None or parts.path.rsplit("/", 1)[-1] != name:
        yield f"line {link.sourceline}: self link {shown(href)} is not the URL of {name}"
    if link.get("type") not in (None, _MIME_TYPES[fmt]):
        yield f"line {link.sourceline}: self link type is {shown(link.get('type'))}, not {_MIME_TYPES[fmt]}"


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
                f"line {element.sourceline}: {label} {shown(text)} is used twice "
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
    problem = url_problem((value or "").strip())
    if problem:
        yield f"line {element.sourceline}: {label} {shown(value or '')} {problem}"


def _identifier(element: etree._Element, label: str, *, guid: bool) -> Iterator[str]:
    """An Atom <id> (``guid`` False) or a permalink RSS <guid>: an absolute URL as
    ``_url_problem`` wants it, that the W3C validator also takes as an id."""
    value = (element.text or "").strip()
    problem = url_problem(value) or id_problem(value, permalink=guid)
    if problem is None and not guid:
        # W3C validator: NonCanonicalURI (validators.py, class canonicaluri).
        canonical = canonical_url(value)
        if canonical is not None and canonical != value:
            problem = f"is not in canonical form, {shown(canonical)} (RFC 3986 §6.2.2)"
    if problem:
        yield f"line {element.sourceline}: {label} {shown(element.text or '')} {problem}"


def _text(parent: etree._Element, child: str) -> str:
    return (parent.findtext(f"{_ATOM}{child}") or "").strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _one_line(message: str) -> str:
    return " ".join(message.split())
