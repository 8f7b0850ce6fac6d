"""Shared fixtures: a site folder with seeds, a build runner, and the subscriber's-eye checks."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
from hypothesis import settings
from lxml import etree

HERE = Path(__file__).parent
DATA = HERE / "data"
REPO = HERE.parent
SEED = REPO / "seeds" / "000_51ddf44c89690912.txt"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
# tests/data/atom.rng is RFC 4287 Appendix B (../shared/judge/atom.rnc) converted by trang.
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(DATA / "atom.rng")))


# CI runs the property tests on a fixed sequence of examples, so that a red run can be
# reproduced and is never luck; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@dataclass
class Site:
    """A folder with ``seeds/``, where builds run as a cron job would run them."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def public(self) -> Path:
        return self.root / "public"

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.seeds / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``feedpub ARGS`` in a subprocess in the site folder."""
        return subprocess.run(
            [sys.executable, "-m", "feedpub", *args],
            cwd=self.root, capture_output=True, text=True, timeout=600, check=False,
            env={**os.environ, **(env or {})},
        )

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("build", "--quiet", *args)

    def rss(self) -> feedparser.FeedParserDict:
        return read_feed(self.public / "rss.xml")

    def atom(self) -> feedparser.FeedParserDict:
        return read_feed(self.public / "atom.xml")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "seeds").mkdir()
    return Site(tmp_path)


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` (path relative to it -> bytes)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def mtimes(folder: Path) -> dict[str, int]:
    """Return the mtime of every file under ``folder``, by path relative to it."""
    return {
        str(path.relative_to(folder)): path.stat().st_mtime_ns
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def read_feed(path: Path) -> feedparser.FeedParserDict:
    """Parse a feed as subscribers' tools do and insist that it is well-formed."""
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def assert_valid_atom(data: bytes) -> None:
    """Validate Atom bytes against the RFC 4287 RELAX NG schema."""
    document = etree.fromstring(data)
    assert ATOM_SCHEMA.validate(document), ATOM_SCHEMA.error_log
