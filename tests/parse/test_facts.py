"""``document_facts``: the registry's short path agrees with ``parse_document``, and its
fingerprint tells edits readers would see from edits they would not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from feedpub.config import DEFAULT_FURNITURE
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document
from feedpub.model import ArticleFacts
from feedpub.parse import ParseOptions, document_facts, parse_document

from conftest import CORPUS

DOCUMENTS = Path(__file__).parent.parent / "data" / "documents"
OPTIONS = ParseOptions.create("MDY", "UTC", DEFAULT_FURNITURE)
SEED = Path(__file__).parent.parent.parent / "seeds" / "000_51ddf44c89690912.txt"


def _facts(text: str) -> ArticleFacts:
    data = text.encode()
    return document_facts(make_document(SourceFile("a.txt", "a.txt", len(data), 0), data), OPTIONS)


def _assert_agree(path: Path) -> None:
    data = path.read_bytes()
    try:
        document = make_document(SourceFile(str(path), path.name, len(data), 0), data)
    except DocumentError:
        return
    try:
        article = parse_document(document, OPTIONS)
    except DocumentError as exc:
        with pytest.raises(DocumentError) as refused:
            document_facts(document, OPTIONS)
        assert refused.value.reason == exc.reason
        return
    facts = document_facts(document, OPTIONS)
    assert (facts.title, facts.published, facts.updated, facts.explicit_id) == (
        article.title, article.published, article.updated, article.explicit_id
    ), path.name


@pytest.mark.parametrize(
    "path",
    sorted(p for p in DOCUMENTS.iterdir() if p.suffix != ".toml" and p.name != "README.md"),
    ids=lambda p: p.name,
)
def test_facts_agree_with_the_full_parse(path: Path) -> None:
    _assert_agree(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found (../shared/corpus)")
def test_facts_agree_with_the_full_parse_on_the_corpus() -> None:
    paths = sorted(CORPUS.rglob("*.txt"))
    assert len(paths) > 8000
    for path in paths:
        _assert_agree(path)


BASE = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "  \n"),
        lambda t: t.replace("\n\n", "\n\n\n"),
        lambda t: "\n" + t + "\n\n",
        lambda t: t.replace("Back to top", "Share this\n\nBack to top\n\nAdvertisement"),
    ],
    ids=["crlf", "trailing-spaces", "blank-lines", "leading-and-final-blank-lines", "furniture"],
)
def test_an_edit_readers_cannot_see_keeps_the_fingerprint(edit: Callable[[str], str]) -> None:
    edited = edit(BASE)
    assert edited != BASE
    assert _facts(edited).fingerprint == _facts(BASE).fingerprint


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("Ukraine", "Ukrajina", 1),
        lambda t: t.replace("DefenceU", "Defence_U"),
        lambda t: t.replace("Source:", "Source: Kyiv Post, ", 1),
        lambda t: "Author: Jane Doe\n\n" + t,
        lambda t: t.replace(". ", ".\n\n", 1),
    ],
    ids=["a-word", "the-photo-credit", "the-source", "a-header", "a-new-paragraph"],
)
def test_an_edit_readers_see_changes_the_fingerprint(edit: Callable[[str], str]) -> None:
    edited = edit(BASE)
    assert edited != BASE
    assert _facts(edited).fingerprint != _facts(BASE).fingerprint
