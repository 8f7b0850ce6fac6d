"""The real corpora in ../shared/corpus build, and every entry reads back cleanly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feedpub.build import BuildReport, build, count_published
from feedpub.config import Config, resolve_paths

from conftest import CORPUS, assert_valid_atom, read_feed

NOW = datetime(2026, 11, 25, tzinfo=UTC)

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (../shared/corpus)"
)


def _build(tmp_path: Path, corpus: str, count: int) -> tuple[Config, BuildReport]:
    config = resolve_paths(replace(Config(), source=CORPUS / corpus, count=count), tmp_path)
    return config, build(config, NOW)


def test_wikinews_every_entry(tmp_path: Path) -> None:
    config, report = _build(tmp_path, "wikinews", 1000)
    assert [(p.key, p.reason) for p in report.problems] == [
        ("2021-03-15_TEST-PAGE-Self-publish-yesterday.txt", "no body text (only a title)")
    ]
    rss = read_feed(config.output / "rss.xml")
    atom = read_feed(config.output / "atom.xml")
    assert len(rss.entries) == len(atom.entries) == 294
    assert_valid_atom((config.output / "atom.xml").read_bytes())
    first = next(e for e in atom.entries if e.title.startswith("Magnitogorsk apartment building"))
    assert first.published.startswith("2019-01-04T")
    assert "License: CC BY 2.5" in first.content[0].value
    assert len({e.updated for e in atom.entries}) == 294


def test_whitehouse_builds_and_dates_from_credits_line(tmp_path: Path) -> None:
    config, report = _build(tmp_path, "whitehouse", 50)
    assert report.problems == ()
    assert count_published(config, NOW) == 7908
    atom = read_feed(config.output / "atom.xml")
    assert_valid_atom((config.output / "atom.xml").read_bytes())
    for entry in atom.entries:
        assert "###" not in entry.content[0].value
        assert "&lt;!-- --&gt;" not in entry.content[0].value
    rss = read_feed(config.output / "rss.xml")
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert all(e.published_parsed.tm_year >= 2021 for e in rss.entries)
