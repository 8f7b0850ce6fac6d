"""Every document in tests/data/documents/ against its ``.expected.toml`` sidecar.

The sidecar names only the fields its case is about (tests/data/documents/README.md); a
document with ``error`` must be refused with that reason.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from feedpub.config import DEFAULT_FURNITURE
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, make_document
from feedpub.model import Article
from feedpub.parse import ParseOptions, parse_document

DOCUMENTS = Path(__file__).parent.parent / "data" / "documents"
OPTIONS = ParseOptions.create("MDY", "UTC", DEFAULT_FURNITURE)
CASES = sorted(p for p in DOCUMENTS.glob("*.expected.toml"))


def _document_for(sidecar: Path) -> Path:
    stem = sidecar.name.removesuffix(".expected.toml")
    (path,) = [p for p in DOCUMENTS.iterdir() if p.name.startswith(stem + ".") and p != sidecar]
    return path


def _parse(path: Path) -> Article:
    data = path.read_bytes()
    file = SourceFile(str(path), path.name, len(data), 0)
    return parse_document(make_document(file, data), OPTIONS)


def _check(article: Article, field: str, expected: Any) -> None:
    credits = article.credits
    blocks = [" ".join(block.items) for block in article.body]
    if field in ("title", "caption", "summary", "language", "link", "explicit_id"):
        assert getattr(article, field) == expected
    elif field in ("source", "source_url", "agency"):
        assert getattr(credits, field) == expected
    elif field in ("authors", "photos", "disclosures"):
        assert list(getattr(credits, field)) == expected
    elif field == "others":
        assert [[c.role, c.name] for c in credits.others] == expected
    elif field in ("published", "updated"):
        value = getattr(article, field)
        assert value is not None and value == datetime.fromisoformat(expected)
        assert value.utcoffset() == datetime.fromisoformat(expected).utcoffset()
    elif field == "no_date":
        assert (article.published is None and article.updated is None) == expected
    elif field == "categories":
        assert list(article.categories) == expected
    elif field == "body_count":
        assert len(article.body) == expected
    elif field == "body_first":
        assert blocks[0].startswith(expected)
    elif field == "body_last":
        assert blocks[-1].startswith(expected)
    elif field == "body_has":
        for text in expected:
            assert any(text in block for block in blocks), text
    elif field == "body_lacks":
        for text in expected:
            assert not any(text in block for block in blocks), text
    else:
        raise AssertionError(f"unknown sidecar field {field!r}")


@pytest.mark.parametrize("sidecar", CASES, ids=[c.name.removesuffix(".expected.toml") for c in CASES])
def test_document(sidecar: Path) -> None:
    expected = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    path = _document_for(sidecar)
    if "error" in expected:
        with pytest.raises(DocumentError) as refusal:
            _parse(path)
        assert expected["error"] in refusal.value.reason
        return
    article = _parse(path)
    for field, value in expected.items():
        _check(article, field, value)


def test_corpus_has_a_case_per_shape() -> None:
    assert len(CASES) >= 25
