"""Property tests (hypothesis): hostile text and bytes give an article or a refusal, and any
article gives feeds that subscribers' tools read back exactly.

Documents are decoded and parsed, and feeds rendered, in-process: the same functions a build
calls (source.make_document, parse.parse_document, render.entry.make_entry, render.FORMATS).
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import feedparser
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, decode_text, digest_text, make_document
from feedpub.model import Article, Block, Credit, Credits, Feed, Stored
from feedpub.parse import ParseOptions, document_facts, parse_document
from feedpub.parse.layout import clean_title
from feedpub.render import FILE_NAMES, FORMATS
from feedpub.render.entry import SiteOptions, make_entry
from feedpub.text import one_line, shorten
from feedpub.validate import check_feed_bytes

from conftest import assert_valid_atom

# Parsing alone is fast; rendering and reading back two feeds costs ~10 ms an example.
PARSE = settings(max_examples=300, deadline=None, report_multiple_bugs=False)
RENDER = settings(max_examples=100, deadline=None, report_multiple_bugs=False)

SITE = SiteOptions("https://example.org")
OPTIONS = ParseOptions()
NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
MAX_TITLE = 300

# XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CHARACTER_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
# The issue, "Sanitising": bidi overrides and zero-width junk never stay in a title.
INVISIBLE = re.compile("[\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

# Pieces of real and hostile documents, so that random text often takes the shapes the parser
# looks for (SPEC.md §1): header keys, bylines, dates, credits, furniture, markup, controls.
FRAGMENTS = (
    "\n", "\n\n", "\r\n", "\r", " ", "\t", "---\n", "- ", "* ", "# ", " | ", ": ",
    "Title: ", "Date: ", "Published: ", "Updated: ", "Author: ", "By ", " and ", "Source: ",
    "Source-URL: ", "Photo: ", "Link: ", "Id: ", "Tags: ", "Language: ", "Summary: ",
    "KYIV, Ukraine (AP) — ", "(Photo: X @DefenceU)", "Back to top", "Share this",
    "March 3, 2025", "2025-03-03T14:05:00Z", "3 March 2025 14:05 CET", "99999-99-99",
    "https://example.org/a b", "https://例え.jp/ü?q=ä", "javascript:alert(1)", "%zz",
    "<script>", "</script>", "</b>", "<![CDATA[", "]]>", "&amp;", "&copy;", "&#169;", "&#x0;",
    "&", "<", ">", '"', "'", "\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
    "\u2028", "\u2029", "\ud800", "\udfff", "\ufeff", "\ufffe", "\uffff", "\U0010ffff",
    "\u202e", "\u200b", "\u2060", "\u00ad", "e\u0301", "🔥", "👩\u200d👩\u200d👧", "Ελλάδα",
    "東京", "مرحبا",
)
BOMS = (b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE)
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252", "latin-1")

pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40)
hostile_text = pieces.map("".join)
# A title line, a blank line and a body: the shape most likely to be published.
shaped_text = st.builds(lambda title, body: f"{title}\n\n{body}", hostile_text, hostile_text)
any_text = st.one_of(st.text(), hostile_text, shaped_text)


def _encode(text: str, encoding: str) -> bytes:
    if encoding.startswith("utf"):
        return text.encode(encoding, "surrogatepass")
    return text.encode(encoding, "replace")


encoded_text = st.builds(
    lambda bom, text, encoding, cut: (bom + _encode(text, encoding))[:cut],
    st.sampled_from(BOMS), any_text, st.sampled_from(ENCODINGS), st.integers(0, 4000),
)
any_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(bytes.__add__, st.sampled_from(BOMS), st.binary(max_size=600)),
    encoded_text,
)


def _outcome(data: bytes) -> Article | str:
    """Decode and parse ``data`` as a build does; a refusal comes back as its reason.

    The facts the registry keeps (``document_facts``, a shorter path) must agree with it.
    """
    file = SourceFile("doc.txt", "doc.txt", len(data), 0)
    try:
        document = make_document(file, data)
    except DocumentError as exc:
        return exc.reason
    # The digest may hash the file's bytes instead of encoding the text: never a different one.
    assert document.digest == digest_text(document.text)
    try:
        facts = document_facts(document, OPTIONS)
    except DocumentError as exc:
        facts_reason: str | None = exc.reason
    else:
        facts_reason = None
    try:
        article = parse_document(document, OPTIONS)
    except DocumentError as exc:
        assert facts_reason == exc.reason
        return exc.reason
    assert facts_reason is None
    assert (facts.title, facts.published, facts.updated, facts.explicit_id) == (
        article.title, article.published, article.updated, article.explicit_id
    )
    return article


def _texts(article: Article) -> Iterator[str]:
    """Every string an article carries into a feed."""
    credits = article.credits
    yield article.title
    yield article.summary
    yield from (item for block in article.body for item in block.items)
    yield from (article.caption or "", article.link or "", article.explicit_id or "")
    yield from article.categories
    yield from (*credits.authors, credits.source or "", credits.source_url or "")
    yield from (credits.agency or "", *credits.photos, *credits.disclosures)
    yield from (text for credit in credits.others for text in (credit.role, credit.name))


def _assert_clean(article: Article) -> None:
    """The Article invariants (model.py) and the issue's sanitising rules."""
    assert article.title, "an article always has a title"
    assert article.body and all(block.items for block in article.body)
    assert article.title == one_line(article.title), "a title is one clean line"
    assert not INVISIBLE.search(article.title)
    assert len(article.title) <= MAX_TITLE
    for text in _texts(article):
        assert not XML_FORBIDDEN.search(text), repr(text)
        assert unicodedata.is_normalized("NFC", text), repr(text)


def _assert_refusal(reason: str) -> None:
    assert reason and reason == " ".join(reason.split()), f"a reason is one line: {reason!r}"


def _render(articles: list[Article]) -> tuple[Feed, dict[str, bytes]]:
    """Render ``articles`` (newest first) as a build does, one hour apart."""
    stored = (
        Stored(f"{SITE.site_url}/e{i}/", f"e{i}", f"e{i}.txt",
               NOW - timedelta(hours=i), NOW - timedelta(hours=i))
        for i in range(len(articles))
    )
    entries = tuple(make_entry(s, a, SITE) for s, a in zip(stored, articles, strict=True))
    feed = Feed(
        title="Hostile feed", description="Property tests", language="en",
        site_url=SITE.site_url, author="feedpub",
        self_urls=tuple((fmt, f"{SITE.site_url}/{FILE_NAMES[fmt]}") for fmt in FORMATS),
        updated=NOW, entries=entries,
    )
    return feed, {FILE_NAMES[fmt]: render(feed) for fmt, render in FORMATS.items()}


def shown_title(parsed: feedparser.FeedParserDict, entry: feedparser.FeedParserDict) -> str:
    """The title a reader shows. An Atom ``type="html"`` title (RFC 4287 §3.1.1.2) is escaped
    text, which feedparser hands over as HTML: it must hold only references, no markup. An RSS
    title is plain text, but feedparser calls it HTML when it holds an HTML end tag such as
    "</b>" (its lookslikehtml) and escapes its bare "&": the text it stands for is the same."""
    detail = entry.title_detail
    if detail.type == "text/html":
        if parsed.version.startswith("atom"):
            assert "<" not in detail.value, f"markup in a title: {detail.value!r}"
        return html.unescape(detail.value)
    return str(detail.value)


def _assert_no_forbidden_character(data: bytes) -> None:
    text = data.decode("utf-8")
    assert not XML_FORBIDDEN.search(text)
    for reference in CHARACTER_REFERENCE.findall(text):
        code = int(reference[1:], 16) if reference.startswith("x") else int(reference)
        assert not XML_FORBIDDEN.match(chr(code)), f"&#{reference}; refers to a forbidden character"


def _assert_publishable(articles: list[Article]) -> None:
    """Both feeds are well-formed, valid by every rule we have, and read back exactly."""
    feed, files = _render(articles)
    assert_valid_atom(files["atom.xml"])
    for name, data in files.items():
        _assert_no_forbidden_character(data)
        assert check_feed_bytes(name, data) == []
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert len(parsed.entries) == len(feed.entries)
        for entry, read in zip(feed.entries, parsed.entries, strict=True):
            assert shown_title(parsed, read) == entry.title, name
            assert read.content[0].value == entry.content_html, name
    assert files == _render(articles)[1], "rendering twice gives the same bytes"


@PARSE
@given(any_text)
def test_any_text_is_an_article_or_a_refusal(text: str) -> None:
    outcome = _outcome(text.encode("utf-8", "surrogatepass"))
    if isinstance(outcome, str):
        _assert_refusal(outcome)
    else:
        _assert_clean(outcome)


@PARSE
@given(any_bytes)
# Found by hypothesis: a byte order mark followed by bytes that are not in its encoding.
@example(codecs.BOM_UTF16_LE + b"\x00")
@example(codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff")
@example(codecs.BOM_UTF8 + "Café “owners”\n\nThe terrace tax rises.".encode("cp1252"))
def test_any_bytes_are_an_article_or_a_refusal(data: bytes) -> None:
    outcome = _outcome(data)
    if isinstance(outcome, str):
        _assert_refusal(outcome)
    else:
        _assert_clean(outcome)


@RENDER
@given(st.lists(shaped_text, min_size=1, max_size=3))
# Found by hypothesis: feedparser "repairs" any element whose text, encoded as Latin-1, is
# UTF-8 (feedparser/mixin.py, "address common error…"), and reads an RSS title that looks like
# HTML as HTML; a header link that is an IRI is not a URL in RSS.
@example(["CafÃ© owners protest\n\nThe terrace tax rises."])
@example(["<![CDATA[&amp;\n\nThe title opens a CDATA section."])
@example(["<!-- &amp;\n\nThe title opens a comment."])
@example(["Title: An IRI link\nLink: https://例え.jp/ü\n\nThe link is not ASCII."])
def test_any_published_document_gives_valid_feeds(texts: list[str]) -> None:
    articles = [a for a in map(_outcome, (t.encode("utf-8", "surrogatepass") for t in texts))
                if isinstance(a, Article)]
    # Texts that are all refused have nothing to publish: draw others, so that every one of
    # the examples renders feeds (an `if articles:` here checked nothing in most of them).
    assume(articles)
    _assert_publishable(articles)


def _decoded(text: str) -> str:
    """``text`` as a document's decoding and sanitising leave it (empty if refused)."""
    try:
        return decode_text(text.encode("utf-8", "surrogatepass"), "doc.txt")[0]
    except DocumentError:
        return ""


def _line(text: str) -> str:
    return one_line(_decoded(text))


lines = hostile_text.map(_line)
names = st.lists(lines.filter(bool), max_size=3).map(tuple)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Any article the sanitisers can produce, with every field a feed shows."""
    title = draw(hostile_text.map(lambda text: clean_title(_decoded(text))).filter(bool))
    paragraphs = draw(st.lists(lines.filter(bool), min_size=1, max_size=3))
    items = draw(st.lists(lines.filter(bool), max_size=3))
    body = tuple(Block("paragraph", (p,)) for p in paragraphs)
    body += (Block("list", tuple(items)),) if items else ()
    credits = Credits(
        authors=draw(names), source=draw(lines) or None, photos=draw(names),
        others=tuple(Credit(role, name) for role, name in draw(st.lists(st.tuples(lines, lines), max_size=2))),
        disclosures=draw(names),
    )
    return Article(
        title=title, body=body, credits=credits, caption=draw(lines) or None,
        summary=shorten(paragraphs[0], 280), categories=draw(names),
    )


@RENDER
@given(st.lists(articles(), min_size=1, max_size=3))
# Latin-1-decoded UTF-8 ("Â¡") is repaired at decoding, as feedparser would repair it on reading.
@example([Article("Entry", (Block("paragraph", (_line("Â¡ Olé"),)),), summary=_line("Â¡"))])
@example([Article("Why </b> & co", (Block("paragraph", ("Body",)),), summary="Body")])
def test_any_entry_text_reads_back_identical(entries: list[Article]) -> None:
    _assert_publishable(entries)
