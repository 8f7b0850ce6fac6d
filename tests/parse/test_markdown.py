"""Markdown documents (tests/data/markdown/): one per construct, each with its sidecar.

``html_has`` / ``html_lacks`` are substrings the Article's sanitized ``content_html`` must hold
or must not; the other fields are those of tests/data/documents/README.md, plus ``image``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from feedpub.config import DEFAULT_FURNITURE
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document
from feedpub.model import Article, Feed, Stored
from feedpub.parse import ParseOptions, document_facts, parse_document
from feedpub.parse.markdown import credits_text, read_markdown, title_text
from feedpub.render import FORMATS
from feedpub.render.entry import SiteOptions, make_entry
from feedpub.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

from conftest import REPO

MARKDOWN = Path(__file__).parent.parent / "data" / "markdown"
OPTIONS = ParseOptions.create("MDY", "UTC", DEFAULT_FURNITURE)
CASES = sorted(MARKDOWN.glob("*.expected.toml"))
# Markdown syntax a summary (plain text) must never show.
SYNTAX = ("**", "__", "](", "![", "`", "~~", "# ", "> ", "| ")
T0 = datetime(2025, 3, 3, 14, 5, tzinfo=UTC)


def _parse(path: Path) -> Article:
    data = path.read_bytes()
    return parse_document(make_document(SourceFile(str(path), path.name, len(data), 0), data), OPTIONS)


def _document_for(sidecar: Path) -> Path:
    stem = sidecar.name.removesuffix(".expected.toml")
    (path,) = [p for p in MARKDOWN.iterdir() if p.name.startswith(stem + ".") and p != sidecar]
    return path


def _check(article: Article, field: str, expected: Any) -> None:
    html = article.content_html or ""
    blocks = [" ".join(block.items) for block in article.body]
    if field in ("title", "summary", "image", "caption"):
        assert getattr(article, field) == expected
    elif field in ("authors", "photos"):
        assert list(getattr(article.credits, field)) == expected
    elif field == "source":
        assert article.credits.source == expected
    elif field == "published":
        assert article.published == datetime.fromisoformat(expected)
    elif field == "html_has":
        for text in expected:
            assert text in html, text
    elif field == "html_lacks":
        for text in expected:
            assert text not in html, text
    elif field == "body_count":
        assert len(article.body) == expected
    elif field == "body_has":
        for text in expected:
            assert any(text in block for block in blocks), text
    elif field == "body_last":
        assert blocks[-1] == expected
    else:
        raise AssertionError(f"unknown sidecar field {field!r}")


@pytest.mark.parametrize("sidecar", CASES, ids=[c.name.removesuffix(".expected.toml") for c in CASES])
def test_markdown_document(sidecar: Path) -> None:
    article = _parse(_document_for(sidecar))
    assert article.content_html
    for field, value in tomllib.loads(sidecar.read_text(encoding="utf-8")).items():
        _check(article, field, value)


# hostile_urls and raw_html show rejected link syntax and tags as the text they are.
PLAIN_CASES = [c for c in CASES if not c.name.startswith(("hostile_urls.", "raw_html."))]


@pytest.mark.parametrize(
    "sidecar", PLAIN_CASES, ids=[c.name.removesuffix(".expected.toml") for c in PLAIN_CASES]
)
def test_summary_and_blocks_are_plain_text(sidecar: Path) -> None:
    path = _document_for(sidecar)
    article = _parse(path)
    for text in (article.summary, article.title, *(i for b in article.body for i in b.items)):
        if path.stem != "code":  # code blocks hold the program's own characters
            assert not [mark for mark in SYNTAX if mark in text], text


class _Markup(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def test_every_markdown_case_uses_only_allowed_tags_attributes_and_urls() -> None:
    for path in MARKDOWN.glob("*.md*"):
        html = _parse(path).content_html or ""
        markup = _Markup()
        markup.feed(html)
        assert markup.tags <= ALLOWED_TAGS, path.name
        for tag, name, value in markup.attributes:
            assert name in ALLOWED_ATTRIBUTES[tag], (path.name, tag, name)
            if name in ("href", "src"):
                scheme = urlsplit(value).scheme
                assert scheme in ("", "http", "https", "mailto"), (path.name, value)
        # RSS content:encoded is CDATA, which "]]>" would end.
        assert "]]>" not in html


def test_facts_of_a_markdown_document_agree_with_its_article() -> None:
    for path in MARKDOWN.glob("*.md*"):
        data = path.read_bytes()
        document = make_document(SourceFile(str(path), path.name, len(data), 0), data)
        facts = document_facts(document, OPTIONS)
        article = parse_document(document, OPTIONS)
        assert (facts.title, facts.published) == (article.title, article.published)


def test_a_txt_document_with_markdown_shapes_is_plain_text() -> None:
    data = b"# A title\n\nSome **bold** text and [a link](https://example.org).\n"
    article = parse_document(make_document(SourceFile("a.txt", "a.txt", len(data), 0), data), OPTIONS)
    assert article.content_html is None
    assert article.summary == "Some **bold** text and [a link](https://example.org)."


def test_a_body_of_only_link_definitions_falls_back_to_its_text() -> None:
    data = b"# A title\n\n[a]: https://example.org/a\n"
    article = parse_document(make_document(SourceFile("a.md", "a.md", len(data), 0), data), OPTIONS)
    assert article.content_html is None
    assert article.summary == "[a]: https://example.org/a"
    assert read_markdown("[a]: https://example.org/a") is None


def test_a_title_line_without_markdown_marks_is_taken_as_it_is() -> None:
    assert title_text("# Plain title, no marks") == "# Plain title, no marks"
    assert title_text("Jen\\_Psaki ~~said~~ *so*") == "Jen_Psaki said so"


def test_only_a_short_line_that_starts_with_a_key_is_read_as_markdown_for_credits() -> None:
    assert credits_text("*Source: [AP](https://apnews.com)*") == "Source: AP"
    assert credits_text("[Read the release](https://example.gov/a)") == "[Read the release](https://example.gov/a)"
    long_line = "Source: " + "[" * 700
    assert credits_text(long_line) is long_line


def test_plain_text_builds_never_import_markdown_it_or_nh3(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from feedpub.ingest import SourceFile, make_document\n"
        "from feedpub.parse import ParseOptions, parse_document\n"
        "data = b'A title\\n\\nSome *text*.\\n'\n"
        "parse_document(make_document(SourceFile('a.txt', 'a.txt', len(data), 0), data), ParseOptions())\n"
        "print('markdown_it' in sys.modules, 'nh3' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.split() == ["False", "False"]


# Pieces of Markdown and of hostile text, so that random documents often take the shapes
# markdown-it-py and the sanitizer handle.
FRAGMENTS = (
    "\n", "\n\n", "    ", "# ", "## ", "===\n", "---\n", "***", "- ", "1. ", "> ", "```\n", "~~~",
    "`", "*", "_", "~~", "[", "]", "(", ")", "![", "](", "<", ">", "|", "|---|\n", "\\", "&",
    "&#1;", "&#x85;", "&#xFFFF;", "&#0;", "&amp;", "]]>", "<script>", "</script>", "<img onerror=x>",
    "javascript:alert(1)", "data:text/html,x", "vbscript:x", "https://example.org/a b",
    "<https://example.org/>", "mailto:a@b.c", "[r]: /x\n", "By Jane Doe\n", "Source: AP | Photo: X\n",
    "\u2028", "\ufeff", "\u202e", "東京", "🔥",
)
markdown_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40
).map("".join)
# XML 1.0 §2.2 forbids these characters anywhere in a feed.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@settings(max_examples=300, deadline=None)
@given(st.builds(lambda title, body: f"{title}\n\n{body}", markdown_text, markdown_text))
def test_any_markdown_publishes_safe_html_or_is_refused(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        document = make_document(SourceFile("doc.md", "doc.md", len(data), 0), data)
        facts = document_facts(document, OPTIONS)
        article = parse_document(document, OPTIONS)
    except DocumentError:
        return
    assert (facts.title, facts.published) == (article.title, article.published)
    assert article.body
    stored = Stored("https://example.org/doc/", "doc", "doc.md", T0, T0)
    entry = make_entry(stored, article, SiteOptions("https://example.org"))
    markup = _Markup()
    markup.feed(entry.content_html)
    assert markup.tags <= ALLOWED_TAGS
    for tag, name, value in markup.attributes:
        assert name in ALLOWED_ATTRIBUTES[tag]
        if name in ("href", "src"):
            assert urlsplit(value).scheme in ("http", "https", "mailto"), value
    for value in (entry.content_html, entry.summary, entry.title):
        assert not XML_FORBIDDEN.search(value)
    feed = Feed(
        title="Wire", description="News", language="en", site_url="https://example.org",
        author="Desk", updated=T0, entries=(entry,),
        self_urls=(
            ("rss", "https://example.org/rss.xml"), ("atom", "https://example.org/atom.xml"),
            ("json", "https://example.org/feed.json"),
        ),
    )
    for fmt, render in FORMATS.items():
        data = render(feed)
        # JSON Feed is JSON: it must load; the XML formats must be well-formed.
        json.loads(data) if fmt == "json" else etree.fromstring(data)
