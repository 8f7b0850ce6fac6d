"""Hostile header and credit values, end to end: no value from a document raises past it.

Each test writes a small site, runs ``feedpub build`` in a subprocess and pins its exact stderr
and exit code: a field that is unusable is dropped (exit 0, nothing on stderr), a document whose
``Id:`` is unusable is refused by name (exit 1, one ``skipped`` line) while the others publish.
Then the feeds are read as subscribers read them (feedparser, the RFC 4287 RELAX NG schema,
``feedpub check``) and the values that matter are asserted.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime

import pytest
from lxml import etree

from feedpub.validate import check_feeds

from conftest import Site, assert_valid_atom

SITE_URL = "https://example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA_CREDIT = "{http://search.yahoo.com/mrss/}credit"
# An undated document is dated when its file was written (README, "Dates").
WRITTEN = datetime(2025, 3, 5, 8, 0, tzinfo=UTC)

BODY = """\
Dock workers walked out at dawn on Monday, leaving the harbour's container cranes idle and more
than a dozen ships waiting at anchor outside the breakwater.

The union said the strike would last until the port authority agreed to talks on night-shift pay.
"""

REFUSED_ID = 'Id: "javascript:alert(1)" is not an absolute http(s), tag: or urn: URI'


def _site(site: Site, *documents: tuple[str, str]) -> None:
    (site.root / "feedpub.toml").write_text(f'site_url = "{SITE_URL}"\n', encoding="utf-8")
    stamp = WRITTEN.timestamp()
    for name, text in documents:
        os.utime(site.write(name, text), (stamp, stamp))


def _built(site: Site, code: int, stderr: str = "", *args: str) -> subprocess.CompletedProcess[str]:
    result = site.build(*args)
    assert (result.returncode, result.stderr) == (code, stderr)
    assert_valid_atom((site.public / "atom.xml").read_bytes())
    assert check_feeds(site.public) == []
    return result


def _tree(site: Site, name: str) -> etree._Element:
    return etree.fromstring((site.public / name).read_bytes())


# 1. URLs that urlsplit refuses are not URLs: the field is dropped.


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("Link: http://[x", id="header-link-unbalanced-bracket"),
        pytest.param("Source-URL: https://ex\u2100mple.com/", id="header-source-url-nfkc"),
        pytest.param("Source-URL: http://[2001:db8::1]/news", id="header-source-url-ipv6"),
        pytest.param("Link: https://-harbour-.example/", id="header-link-bad-host"),
    ],
)
def test_a_header_url_that_is_not_one_is_dropped(site: Site, field: str) -> None:
    _site(site, ("strike.txt", f"Title: Harbour cranes idle as dockers walk out\nSource: Harbour Post\n{field}\n\n{BODY}"))
    _built(site, 0)
    for parsed in (site.atom(), site.rss()):
        (entry,) = parsed.entries
        assert entry.title == "Harbour cranes idle as dockers walk out"
        assert entry.link == f"{SITE_URL}/strike/"
        assert "[" not in entry.content[0].value and "href" not in entry.content[0].value
    assert _tree(site, "rss.xml").find("channel/item/source") is None


def test_a_credits_line_url_that_is_not_one_is_dropped(site: Site) -> None:
    text = f"Harbour cranes idle as dockers walk out\n\n{BODY}\nSource: Harbour Post | URL: http://[2001:db8::1/news\n"
    _site(site, ("strike.txt", text))
    _built(site, 0)
    (entry,) = site.rss().entries
    assert entry.title == "Harbour cranes idle as dockers walk out"
    assert "href" not in entry.content[0].value
    assert _tree(site, "rss.xml").find("channel/item/source") is None


def test_a_good_source_url_is_published_in_canonical_form(site: Site) -> None:
    text = (
        "Title: Harbour cranes idle as dockers walk out\nSource: Harbour Post\n"
        "Source-URL: HTTPS://Harbour.Example:443/news/./strike\n\n" + BODY
    )
    _site(site, ("strike.txt", text))
    _built(site, 0)
    source = _tree(site, "rss.xml").find("channel/item/source")
    assert (source.get("url"), source.text) == ("https://harbour.example/news/strike", "Harbour Post")


# 2. Dates: GMT±N means east (+) or west (-) as written; no offset beyond ±14:00, no year 0.


@pytest.mark.parametrize(
    ("line", "published"),
    [
        pytest.param("Published: 3 March 2025 14:05 GMT+2", "2025-03-03T14:05:00+02:00", id="gmt+2"),
        pytest.param("Published: 3 March 2025 14:05 GMT-5", "2025-03-03T14:05:00-05:00", id="gmt-5"),
        pytest.param("March 3, 2025 14:05 UTC+0900", "2025-03-03T14:05:00+09:00", id="utc+0900"),
        pytest.param("Published: March 3, 2025 14:05 UTC +05:30", "2025-03-03T14:05:00+05:30",
                     id="utc-space-05:30"),
    ],
)
def test_a_gmt_offset_is_east_as_written(site: Site, line: str, published: str) -> None:
    _site(site, ("talks.txt", f"Ceasefire talks resume in Geneva\n\n{line}\n\n{BODY}"))
    _built(site, 0)
    (entry,) = site.atom().entries
    assert (entry.title, entry.published) == ("Ceasefire talks resume in Geneva", published)
    (item,) = site.rss().entries
    sign, hours, minutes = published[-6], published[-5:-3], published[-2:]
    assert item.published.endswith(f" {sign}{hours}{minutes}")


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("Date: 2025-03-03T14:05:00+15:00", id="offset-15h"),
        pytest.param("Date: March 3, 2025 14:05 GMT+15", id="gmt+15"),
        pytest.param("Date: March 3, 2025 14:05 UTC+14:30", id="utc+14:30"),
        pytest.param("Date: March 3, 0000", id="year-0000"),
    ],
)
def test_a_date_that_is_not_one_leaves_the_document_undated(site: Site, field: str) -> None:
    _site(site, ("talks.txt", f"Title: Ceasefire talks resume in Geneva\n{field}\n\n{BODY}"))
    _built(site, 0)
    (entry,) = site.atom().entries
    assert entry.published == WRITTEN.isoformat()


# 3. feedpub check: ids the W3C validator refuses, offsets xsd:dateTime refuses.


def _tampered(site: Site, old: str, new: str) -> int:
    """Build a site, replace ``old`` in its atom.xml by ``new``; return the line of ``new``."""
    _site(site, ("talks.txt", f"Ceasefire talks resume in Geneva\n\nMarch 3, 2025 14:05 UTC\n\n{BODY}"))
    _built(site, 0)
    atom = site.public / "atom.xml"
    text = atom.read_text(encoding="utf-8")
    assert text.count(old) == 1
    atom.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_check_flags_an_id_the_w3c_validator_refuses(site: Site) -> None:
    line = _tampered(site, f"<id>{SITE_URL}/talks/</id>", "<id>x:</id>")
    result = site.run("check", "public")
    assert (result.returncode, result.stderr) == (
        1, f"feedpub: atom.xml: line {line}: <id> 'x:' is not an absolute URI (RFC 2396 §3)\n"
    )


def test_check_flags_an_offset_beyond_14_hours(site: Site) -> None:
    line = _tampered(site, "<published>2025-03-03T14:05:00+00:00</published>",
                     "<published>2025-03-03T14:05:00+15:00</published>")
    result = site.run("check", "public")
    assert result.returncode == 1
    # The schema's own lines are libxml2's words; ours is the one that names the rule.
    assert [line for line in result.stderr.splitlines() if ": schema: " not in line] == [
        (f"feedpub: atom.xml: line {line}: <published> '2025-03-03T14:05:00+15:00' has a zone "
        "offset beyond ±14:00 (xsd:dateTime, RFC 4287 Appendix B)")
    ]


# 4. An explicit Id: is an http(s) URL, a tag: or a urn: URI, in canonical form, or refused.


def test_an_id_that_is_not_a_uri_refuses_the_document_by_name(site: Site) -> None:
    _site(
        site,
        ("bad.txt", f"Title: A javascript: id\nId: javascript:alert(1)\n\n{BODY}"),
        ("empty.txt", f"Title: Only a scheme\nId: x:\n\n{BODY}"),
        ("good.txt", f"Harbour cranes idle as dockers walk out\n\n{BODY}"),
    )
    _built(site, 1, (
        f"feedpub: seeds/bad.txt: skipped: {REFUSED_ID}\n"
        'feedpub: seeds/empty.txt: skipped: Id: "x:" is not an absolute http(s), tag: or urn: URI\n'
    ), "--check")
    for parsed in (site.atom(), site.rss()):
        assert [(e.title, e.id) for e in parsed.entries] == [
            ("Harbour cranes idle as dockers walk out", f"{SITE_URL}/good/")
        ]
    for name in ("atom.xml", "rss.xml"):
        assert b"javascript:" not in (site.public / name).read_bytes()


@pytest.mark.parametrize(
    ("written", "entry_id"),
    [
        pytest.param("tag:Harbour.Example,2025-03:strike/1", "tag:harbour.example,2025-03:strike/1",
                     id="tag"),
        pytest.param("URN:UUID:6E8BC430-9C3A-11D9-9669-0800200C9A66",
                     "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", id="uuid"),
        pytest.param("HTTPS://Harbour.Example:443/2025/./strike", "https://harbour.example/2025/strike",
                     id="http"),
    ],
)
def test_an_id_is_published_in_canonical_form(site: Site, written: str, entry_id: str) -> None:
    _site(site, ("strike.txt", f"Title: Harbour cranes idle as dockers walk out\nId: {written}\n\n{BODY}"))
    _built(site, 0, "", "--check")
    assert [e.id for e in site.atom().entries] == [entry_id]
    assert [e.id for e in site.rss().entries] == [entry_id]
    guid = _tree(site, "rss.xml").find("channel/item/guid")
    assert (guid.text, guid.get("isPermaLink")) == (entry_id, "false")


# 5. Markup in credited names never reaches an element meant as plain text.


def test_markup_is_stripped_from_source_agency_and_photo_names(site: Site) -> None:
    _site(
        site,
        ("source.txt",
         ("Title: Harbour cranes idle as dockers walk out\nSource: <b>Src</b>\n"
         f"Source-URL: https://src.example/\nPhoto: <i>Ann Lee</i>\n\n{BODY}")),
        ("agency.txt",
         ("Ceasefire talks resume in Geneva\n\nMarch 3, 2025\n\n"
         "GENEVA (<b>AP</b>) — Envoys met again on Monday. The talks are expected to last a week.\n\n"
         "A second round is planned for April.\n")),
    )
    _built(site, 0)
    authors = {e.title: [a.name for a in e.authors] for e in site.atom().entries}
    assert authors == {
        "Harbour cranes idle as dockers walk out": ["Src"],
        "Ceasefire talks resume in Geneva": ["AP"],
    }
    rss = _tree(site, "rss.xml")
    assert [s.text for s in rss.iter("source")] == ["Src"]
    atom = _tree(site, "atom.xml")
    for tree in (rss, atom):
        assert [c.text for c in tree.iter(MEDIA_CREDIT)] == ["Ann Lee"]
    for name in atom.iter(f"{ATOM}name"):
        assert "<" not in name.text
    content = {e.title: e.content[0].value for e in site.atom().entries}
    assert content["Harbour cranes idle as dockers walk out"].endswith(
        '<p><small>Source: <a href="https://src.example/">Src</a> | Photo: Ann Lee</small></p>'
    )
    # The dateline keeps its text in the paragraph; the credit is the name alone.
    assert content["Ceasefire talks resume in Geneva"].endswith("<p><small>Agency: AP</small></p>")


# 6. A headline with a colon is a title, not the first line of a header block.


@pytest.mark.parametrize(
    ("top", "title", "published"),
    [
        pytest.param("Live: Russia-Ukraine war updates\nPublished: 3 March 2025 14:05 CET",
                     "Live: Russia-Ukraine war updates", "2025-03-03T14:05:00+01:00", id="live"),
        pytest.param("Exclusive: Company X to cut 500 jobs\nDate: 2025-03-03",
                     "Exclusive: Company X to cut 500 jobs", "2025-03-03T00:00:00+00:00",
                     id="exclusive"),
    ],
)
def test_a_headline_with_a_colon_keeps_its_title_and_date(
    site: Site, top: str, title: str, published: str
) -> None:
    _site(site, ("live.txt", f"{top}\n\n{BODY}"))
    _built(site, 0)
    for parsed in (site.atom(), site.rss()):
        (entry,) = parsed.entries
        assert entry.title == title
        assert entry.summary.startswith("Dock workers walked out at dawn")
    assert site.atom().entries[0].published == published
