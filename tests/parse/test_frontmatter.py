"""Front matter read by real parsers, one real document per case (tests/data/frontmatter/).

Each ``<case>.expected.toml`` names the fields its case is about, as in tests/data/documents/
(README there), plus the front matter's own: ``draft``, ``publish_at``, ``expires``, ``slug``
(``no_slug``: none), ``image`` (``no_image``: none) and ``link``.
"""

from __future__ import annotations

import time
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from feedpub.config import DEFAULT_FURNITURE
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document
from feedpub.model import Article
from feedpub.parse import ParseOptions, document_facts, parse_document
from feedpub.parse.frontmatter import MAX_FRONT_MATTER

CASES_DIR = Path(__file__).parent.parent / "data" / "frontmatter"
OPTIONS = ParseOptions.create("MDY", "UTC", DEFAULT_FURNITURE)
CASES = sorted(CASES_DIR.glob("*.expected.toml"))
_ALIASES = (
    "front matter uses a YAML anchor or alias (&name / *name), which feedpub does not expand"
)


def _document_for(sidecar: Path) -> Path:
    stem = sidecar.name.removesuffix(".expected.toml")
    (path,) = [p for p in CASES_DIR.iterdir() if p.name == stem + ".md"]
    return path


def _parse_text(name: str, text: str) -> Article:
    data = text.encode()
    return parse_document(make_document(SourceFile(name, name, len(data), 0), data), OPTIONS)


def _parse(path: Path) -> Article:
    return _parse_text(path.name, path.read_text(encoding="utf-8"))


def _date(value: datetime | None, expected: str) -> None:
    wanted = datetime.fromisoformat(expected)
    assert value is not None and value == wanted
    assert value.utcoffset() == wanted.utcoffset()


_PLAIN = ("title", "summary", "language", "link", "slug", "image", "draft")


def _check(article: Article, field: str, expected: Any) -> None:
    blocks = [" ".join(block.items) for block in article.body]
    if field in _PLAIN:
        assert getattr(article, field) == expected
    elif field in ("published", "updated", "publish_at", "expires"):
        _date(getattr(article, field), expected)
    elif field == "authors":
        assert list(article.credits.authors) == expected
    elif field == "source":
        assert article.credits.source == expected
    elif field == "categories":
        assert list(article.categories) == expected
    elif field in ("no_date", "no_slug", "no_image"):
        values = {
            "no_date": (article.published, article.updated),
            "no_slug": (article.slug,),
            "no_image": (article.image,),
        }[field]
        assert all(v is None for v in values) == expected
    elif field == "body_count":
        assert len(article.body) == expected
    elif field == "body_first":
        assert blocks[0].startswith(expected)
    elif field in ("body_has", "body_lacks"):
        for text in expected:
            assert any(text in block for block in blocks) == (field == "body_has"), text
    else:
        raise AssertionError(f"unknown sidecar field {field!r}")


@pytest.mark.parametrize("sidecar", CASES, ids=[c.name.removesuffix(".expected.toml") for c in CASES])
def test_front_matter(sidecar: Path) -> None:
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    path = _document_for(sidecar)
    if "error" in expected:
        with pytest.raises(DocumentError) as refusal:
            _parse(path)
        assert refusal.value.reason == expected["error"]
        return
    article = _parse(path)
    for field, value in expected.items():
        _check(article, field, value)


def test_every_case_reads_the_same_with_the_pure_python_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where libyaml is absent, PyYAML's pure SafeLoader reads every case the same."""
    with_c = {c.name: _outcome(_document_for(c)) for c in CASES}
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert {c.name: _outcome(_document_for(c)) for c in CASES} == with_c


def _outcome(path: Path) -> object:
    try:
        return _parse(path)
    except DocumentError as exc:
        return exc.reason


def test_the_corpus_has_a_front_matter_per_peer() -> None:
    names = [c.name for c in CASES]
    for peer in ("hugo_", "eleventy_", "pelican_", "jekyll"):
        assert any(peer in name for name in names), peer
    assert len(CASES) >= 12


def test_a_billion_laughs_is_refused_before_it_expands() -> None:
    laughs = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n"
        for n in range(20)
    ) + "---\n\nBody.\n"
    started = time.perf_counter()
    with pytest.raises(DocumentError) as refusal:
        _parse_text("laughs.md", laughs)
    assert refusal.value.reason == _ALIASES
    # 9**21 strings if expanded: refused long before (a generous bound, not a benchmark).
    assert time.perf_counter() - started < 5


def test_front_matter_over_the_cap_is_refused_by_name() -> None:
    big = "---\ntitle: Big\nnotes: |\n" + "  line of notes\n" * (MAX_FRONT_MATTER // 15) + "---\n\nBody.\n"
    with pytest.raises(DocumentError) as refusal:
        _parse_text("big.md", big)
    assert refusal.value.reason == "front matter is larger than 256 KiB"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: x\nd: " + "[" * 40 + "]" * 40 + "\n---\n\nBody.\n",
         "front matter nests deeper than 32 levels"),
        ("+++\ntitle = 'x'\nd = " + "[" * 2000 + "]" * 2000 + "\n+++\n\nBody.\n",
         "front matter nests deeper than 32 levels"),
        ('{"title": "x", "d": ' + "[" * 200_000 + "]" * 200_000 + "}\n\nBody.\n",
         "front matter nests deeper than 32 levels"),
    ],
    ids=["yaml", "toml", "json"],
)
def test_deep_nesting_is_refused(text: str, reason: str) -> None:
    with pytest.raises(DocumentError) as refusal:
        _parse_text("deep.md", text)
    assert refusal.value.reason == reason


@pytest.mark.parametrize(
    "front",
    [
        "title: T\ndate: 2024-01-01\ntags: [a]\n",
        "title: T\ndate: 2024-01-02\ntags: [a]\n",
        "title: T\ndate: 2024-01-01\ntags: [a]\ndraft: true\n",
        "title: T\ndate: 2024-01-01\ntags: [a]\nslug: other\n",
        "title: T\ndate: 2024-01-01\ntags: [a]\nimage: x.jpg\n",
        "title: T\ndate: 2024-01-01\ntags: [a]\npublishDate: 2024-02-01\n",
        "title: T\ndate: 2024-01-01\ntags: [a]\nexpiryDate: 2024-02-01\n",
        "title: T\ndate: 2024-01-01\ntags: [a, b]\n",
    ],
)
def test_every_field_readers_see_is_in_the_fingerprint(front: str) -> None:
    base = "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\n---\n\nBody.\n"

    def fingerprint(text: str) -> str:
        data = text.encode()
        document = make_document(SourceFile("a.md", "a.md", len(data), 0), data)
        return document_facts(document, OPTIONS).fingerprint

    changed = fingerprint(f"---\n{front}---\n\nBody.\n") != fingerprint(base)
    assert changed == (front != base.split("---\n")[1])


_YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:-_ \t\n'\"\\[]{},#&*!|>?%@`0123456789.+=~")), max_size=200
)


@settings(max_examples=300, deadline=None)
@given(
    opening=st.sampled_from(["---\n", "+++\n", "{", ""]),
    front=_YAMLISH,
    closing=st.sampled_from(["\n---\n", "\n+++\n", "}\n", "\n...\n", ""]),
)
def test_any_front_matter_gives_an_article_or_a_document_error(
    opening: str, front: str, closing: str
) -> None:
    text = f"{opening}{front}{closing}\nA title\n\nThe body.\n"
    try:
        article = _parse_text("any.md", text)
    except DocumentError:
        return
    assert article.title and article.body
    for value in (article.publish_at, article.expires, article.published, article.updated):
        assert value is None or value.utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    [
        "---\ndate: 2024-02-30 10:00:00\ntitle: X\n---\n\nBody.\n",
        "---\ndate: 2024-02-03 10:00:00 +99:00\ntitle: X\n---\n\nBody.\n",
        "---\ncount: " + "9" * 5000 + "\ntitle: X\n---\n\nBody.\n",
        '---\ntitle: X\nsummary: "\\x01\\u0000 kept"\n---\n\nBody.\n',
        "---\ntitle: !!python/object/apply:os.system [echo]\nauthor: X\n---\n\nX\n\nBody.\n",
    ],
    ids=["no-such-day", "offset-over-a-day", "int-over-4300-digits", "control-escapes", "python-tag"],
)
def test_values_python_refuses_to_build_cost_only_themselves(text: str) -> None:
    article = _parse_text("odd.md", text)
    assert article.title == "X"
    assert article.published is None
    assert "\x01" not in article.summary and "\x00" not in article.summary


def test_toml_with_an_integer_python_refuses_is_refused_by_name() -> None:
    with pytest.raises(DocumentError) as refusal:
        _parse_text("odd.md", "+++\ncount = " + "9" * 5000 + "\ntitle = 'X'\n+++\n\nBody.\n")
    assert refusal.value.reason.startswith("front matter is not valid TOML (Exceeds the limit")


def _scanned_depth(text: str) -> int:
    """The deepest nesting PyYAML's tokens show (the check the shortcut skips)."""
    opening = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
               yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
    depth = deepest = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, opening):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(token, yaml.BlockEndToken | yaml.FlowMappingEndToken
                        | yaml.FlowSequenceEndToken):
            depth -= 1
    return deepest


def _nested(shape: str, depth: int, step: int) -> str:
    """Front matter nested ``depth`` levels in one of the ways YAML nests."""
    if shape == "flow":
        return "a: " + "[" * depth + "]" * depth
    if shape == "compact":
        return "- " * depth + "x"
    if shape == "mapping":
        return "".join(" " * (step * i) + f"k{i}:\n" for i in range(depth)) + " " * (step * depth) + "x: 1"
    # Sequences of mappings, then flow collections inside the deepest one.
    block = "".join(" " * (step * i) + "- k:\n" for i in range(depth // 2))
    return block + " " * (step * (depth // 2)) + "v: " + "[" * (depth // 2) + "]" * (depth // 2)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["flow", "compact", "mapping", "mixed"]), st.integers(1, 70),
    st.integers(1, 3),
)
def test_front_matter_skips_the_token_scan_only_when_it_is_shallow(
    shape: str, depth: int, step: int
) -> None:
    from feedpub.parse.frontmatter import _MAX_DEPTH, _plainly_shallow

    text = _nested(shape, depth, step)
    if _plainly_shallow(text):
        assert _scanned_depth(text) <= _MAX_DEPTH
