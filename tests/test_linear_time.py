"""The time a build takes is linear in its input (SPEC.md §1), whatever a document holds.

Each shape below once made a build quadratic (or worse) in the size of one document. Each is
fed at sizes ten times apart, up to 2 MB, through what a build does with a document:
``document_facts``, ``parse_document``, ``make_entry`` and both renderers; the shapes of
``MARKDOWN_SHAPES`` as a ``.md`` document, whose body markdown-it-py renders and nh3 sanitizes. The work (CPU time of this
process) must grow about tenfold from one size to the next; quadratic code grows a
hundredfold. Lines that are only tried up to a length (furniture) cannot show this, so a
document of such lines is compared with one of ordinary lines of the same size instead.

Only ratios are asserted, never a time, so a slow or busy machine cannot fail these tests.
The sizes go up from 200 bytes, and a measurement is stopped once it has taken far more than
its share (wall-clock time: an armed CPU-time timer upsets the CPU clock on some kernels), so
that a regression fails within seconds rather than running for hours on the largest size.
"""

from __future__ import annotations

import gc
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from feedpub.config import DEFAULT_FURNITURE
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document
from feedpub.model import Feed, Stored
from feedpub.parse import ParseOptions, document_facts, parse_document
from feedpub.render import FORMATS
from feedpub.render.entry import SiteOptions, make_entry
from feedpub.render.pages import PageSite, entry_page, index_page

from conftest import Site

OPTIONS = ParseOptions.create("MDY", "UTC", DEFAULT_FURNITURE)
PAGE_SITE = PageSite("Wire", "News", "en", "https://example.org")
T0 = datetime(2025, 3, 3, 14, 5, tzinfo=UTC)
MAX_SIZE = 2 * 1024 * 1024
SIZES = (200, 2_000, 20_000, 200_000, 2_000_000)
# Linear work grows tenfold from one size to the next, quadratic work a hundredfold.
MAX_RATIO = 30
# Lines of white space may cost this many times lines of words (they cost about the same).
MAX_LINE_RATIO = 5
# A measurement may take this many times the work it is allowed, plus a second, before it is
# stopped as failed: a busy machine's passing run ends long before.
_STOP_FACTOR = 3
_REPEATS = 3
_FIRST_LIMIT = 60.0
BODY = "\n\nThe body of the article.\n"
LINES_HEAD = "A title\n\nA paragraph.\n"


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """Return ``head``, ``unit`` repeated, and ``tail``: about ``size`` characters."""
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _terms(prefix: str, size: int) -> str:
    """Return distinct comma-separated terms, about ``size`` characters in all."""
    terms: list[str] = []
    length = 0
    while length < size:
        terms.append(f"{prefix}{len(terms)}")
        length += len(terms[-1]) + 2
    return ", ".join(terms)


# Each shape makes a document of about the given size that parses: a title, a body, and the
# shape in its header or body.
SHAPES: dict[str, Callable[[int], str]] = {
    # A first body line "A", spaces, "x": the dateline pattern tried each split of the run.
    "dateline_spaces": lambda n: _fill(" ", n, "A title\n\nA", "x\n"),
    # The same after a comma: cubic in the run's length.
    "dateline_comma_spaces": lambda n: _fill(" ", n, "A title\n\nAB,", "x\n"),
    # Date lines in other languages (parse/date_words.py), at the top and as credits segments.
    "foreign_date_lines": lambda n: _fill(
        "Gepubliceerd op 4 maart 2025 om 11.20 uur\n\n", n, "A title\n\n", "The body.\n"
    ),
    "foreign_date_segments": lambda n: _fill(
        "Actualizado: 3 de marzo de 2025, 10:30 | ", n, "A title\n\nThe body.\n\n", "\n"
    ),
    # feedgen's category() and author() copy their list on each call.
    "tags_terms": lambda n: "Tags: " + _terms("term", n) + "\n\nA title" + BODY,
    "author_names": lambda n: "Author: " + _terms("Jo", n) + "\n\nA title" + BODY,
    # A separator pattern starting with \s* was tried from each space of a run.
    "author_spaces": lambda n: _fill(" ", n, "Author: A", "B") + "\n\nA title" + BODY,
    "tags_spaces": lambda n: _fill(" ", n, "Tags: a", "b") + "\n\nA title" + BODY,
    # The heading-mark pattern's "\s+#{1,6}$", on a header title and on a "#" body line.
    "title_spaces": lambda n: _fill(" ", n, "Title: A", "B") + BODY,
    "heading_spaces": lambda n: _fill(" ", n, LINES_HEAD + "# A", "B\nmore\n"),
    # A list block was rebuilt as a new tuple for each item.
    "list_items": lambda n: _fill("- item\n", n, "A title\n\n"),
    # A YAML comment pattern starting with \s+ was tried from each space of a run.
    "yaml_value_spaces": lambda n: _fill(" ", n, "---\ntitle: a", "b\n---\nA title" + BODY),
    # A long source URL: what the pages' URL check reads before it becomes a link.
    "source_url_path": lambda n: _fill("a", n, "Source: X\nSource-URL: https://example.org/") + "\n\nA title" + BODY,
    # Front matter read by PyYAML, tomllib and json, with a list as long as the document.
    "yaml_flow_list": lambda n: "---\ntags: [" + _terms("t", n) + "]\n---\nA title" + BODY,
    "yaml_block_list": lambda n: _fill("  - tag\n", n, "---\ntags:\n", "---\nA title" + BODY),
    "yaml_invalid_keys": lambda n: _fill("k: a: b\n", n, "---\n", "---\nA title" + BODY),
    "toml_list": lambda n: '+++\ntags = ["' + _terms("t", n) + '"]\n+++\nA title' + BODY,
    "json_list": lambda n: '{"tags": ["' + _terms("t", n) + '"]}\nA title' + BODY,
}
# Markdown's worst shapes (markdown-it-py, then nh3): deep nesting, unclosed brackets, runs of
# emphasis delimiters, many links. markdown-it-py is linear on each but slow on unclosed
# brackets (about 15 µs a "[": a 2 MB run takes half a minute).
_NESTED_LIST = "".join("  " * depth + "- item\n" for depth in range(40)) + "\n"
MARKDOWN_SHAPES: dict[str, Callable[[int], str]] = {
    "nested_lists": lambda n: _fill(_NESTED_LIST, n, "# A title\n\n"),
    "nested_quotes": lambda n: _fill("> " * 60 + "quoted\n", n, "# A title\n\n"),
    "open_brackets": lambda n: _fill("[", n, "# A title\n\nText ", "\n"),
    "emphasis_runs": lambda n: _fill("*a **b ***c ", n, "# A title\n\n", "\n"),
    "star_runs": lambda n: _fill("***", n, "# A title\n\nText ", "\n"),
    "many_links": lambda n: _fill("[a](x/) ![b](y.png) ", n, "# A title\n\n", "\n"),
    "absolute_links": lambda n: _fill("[a](https://e.org/x) ", n, "# A title\n\n", "\n"),
    # One URL of letters that never reaches a ":": text/_html.py's relative-URL check.
    "long_scheme_like_url": lambda n: _fill("a", n, "# A title\n\n[a](", ")\n"),
    # Images whose data: URL the sanitizer removes, each then turned into its alt text; and
    # one such image whose alt text is a run of tag starts (text/_html.py, _IMAGE).
    "images_without_source": lambda n: _fill("![a b](data:image/gif;base64,R0) ", n, "# A title\n\n", "\n"),
    "alt_of_tag_starts": lambda n: _fill('<img a="', n, "# A title\n\n![", "](data:image/gif;base64,R0)\n"),
}
# Legacy bytes that are not clearly cp1252 go to charset-normalizer (ingest._charset).
LEGACY_SHAPES: dict[str, Callable[[int], bytes]] = {
    "cp1251_text": lambda n: _fill("Москва и Киев. ", n, "Заголовок\n\n").encode("cp1251"),
    "cp1252_symbols_in_words": lambda n: _fill("a\u00b1", n, "A title\n\n").encode("cp1252"),
    # One "ø" and one long word: the pattern for "ø" beside an accented vowel scans it once.
    "cp1252_o_slash_word": lambda n: _fill("x", n, "A title\n\n\u00f8").encode("cp1252"),
}
ALL_SHAPES: dict[str, Callable[[int], str | bytes]] = {**SHAPES, **LEGACY_SHAPES}
# Lines one short of the furniture length limit (layout._MAX_FURNITURE), which the furniture
# pattern tried at every split of their runs of white space or punctuation.
LINES = {
    "spaces": " " * 199,
    "tabs": "\t" * 199,
    "dots": "  " + ". " * 98 + "x",
}
WORDS_LINE = "word " * 39 + "word"


def _encoded(document: str | bytes) -> bytes:
    return document if isinstance(document, bytes) else document.encode()


class _OverrunError(Exception):
    """The time limit of one measurement ran out."""


def _publish(data: bytes, key: str = "a.txt") -> None:
    """Do with ``data`` what a build does with a new document that makes the feeds."""
    document = make_document(SourceFile(key, key, len(data), 0), data)
    try:
        document_facts(document, OPTIONS)
    except DocumentError:
        # Refused (front matter over its cap): a build's work with it ends here.
        return
    article = parse_document(document, OPTIONS)
    stored = Stored("https://example.org/a/", "a", key, T0, T0)
    entry = make_entry(stored, article, SiteOptions("https://example.org"))
    feed = Feed(
        title="Wire", description="News", language="en", site_url="https://example.org",
        author="Desk", updated=T0, entries=(entry,),
        self_urls=(
            ("rss", "https://example.org/rss.xml"), ("atom", "https://example.org/atom.xml"),
            ("json", "https://example.org/feed.json"),
        ),
    )
    for render in FORMATS.values():
        render(feed)
    entry_page(entry, PAGE_SITE, ())
    index_page((entry,), PAGE_SITE, ())


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _OverrunError in the block after ``seconds`` (the re module checks for signals)."""

    def overrun(signum: int, frame: object) -> None:
        raise _OverrunError

    previous = signal.signal(signal.SIGALRM, overrun)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _work(data: bytes, runs: int, limit: float, key: str = "a.txt") -> float:
    """Return the least CPU time of ``runs`` publications of ``data``; inf past ``limit``."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        try:
            with _time_limit(limit):
                _publish(data, key)
        except _OverrunError:
            return float("inf")
        best = min(best, time.process_time() - start)
    return best


def _within(data: bytes, baseline: float, ratio: float, key: str = "a.txt") -> float:
    """Return the work of ``data``, measured again at its best if over ``ratio`` times
    ``baseline``; inf if stopped for taking far longer."""
    limit = _STOP_FACTOR * ratio * baseline + 1
    work = _work(data, 1, limit, key)
    # One run is enough when it passes, as noise only slows a run down.
    if ratio * baseline <= work < float("inf"):
        work = min(work, _work(data, _REPEATS - 1, limit, key))
    return work


def _times(work: float, baseline: float, ratio: float) -> str:
    if work == float("inf"):
        return f"over {_STOP_FACTOR * ratio:.0f} (stopped)"
    return f"{work / baseline:.0f}"


@pytest.mark.parametrize("shape", list(ALL_SHAPES))
def test_work_grows_linearly_with_the_document(shape: str) -> None:
    _assert_linear(shape, ALL_SHAPES[shape], "a.txt")


@pytest.mark.parametrize("shape", list(MARKDOWN_SHAPES))
def test_markdown_work_grows_linearly_with_the_document(shape: str) -> None:
    _assert_linear(shape, MARKDOWN_SHAPES[shape], "a.md")


def _assert_linear(shape: str, make: Callable[[int], str | bytes], key: str) -> None:
    small_size, small = SIZES[0], _encoded(make(SIZES[0]))
    before = _work(small, _REPEATS, _FIRST_LIMIT, key)
    assert before < float("inf"), f"{shape}: {small_size} bytes did not parse in a minute"
    for size in SIZES[1:]:
        data = _encoded(make(size))
        assert len(data) <= MAX_SIZE
        after = _within(data, before, MAX_RATIO, key)
        if after >= MAX_RATIO * before:
            # Confirm with the smaller size at its best too.
            before = min(before, _work(small, _REPEATS, _FIRST_LIMIT, key))
        assert after < MAX_RATIO * before, (
            f"{shape}: {size:,} bytes took {_times(after, before, MAX_RATIO)} times the work "
            f"of {small_size:,} bytes (linear: about {size / small_size:.0f})"
        )
        small_size, small, before = size, data, after


@pytest.mark.parametrize("line", list(LINES))
def test_lines_of_white_space_cost_about_what_lines_of_words_cost(line: str) -> None:
    words = _fill(WORDS_LINE + "\n", 2_000_000, LINES_HEAD, "x\n").encode()
    shaped = _fill(LINES[line] + "\n", 2_000_000, LINES_HEAD, "x\n").encode()
    assert len(shaped) <= MAX_SIZE
    baseline = _work(words, _REPEATS, _FIRST_LIMIT)
    work = _within(shaped, baseline, MAX_LINE_RATIO)
    assert work < MAX_LINE_RATIO * baseline, (
        f"2 MB of lines of {line} took {_times(work, baseline, MAX_LINE_RATIO)} times the "
        "work of lines of words"
    )


def test_a_2_mb_tags_header_builds_and_the_entry_is_in_both_feeds(site: Site) -> None:
    title = "Ten thousand tags"
    site.write("tags.txt", SHAPES["tags_terms"](2_000_000).replace("A title", title))
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for feed in (site.rss(), site.atom()):
        [entry] = feed.entries
        assert entry.title == title
        # render/feed.py: at most MAX_CATEGORIES of them become elements, in their order.
        assert [tag.term for tag in entry.tags][:2] == ["term0", "term1"]
        assert len(entry.tags) == 100
