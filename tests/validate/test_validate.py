"""feedpub.validate on the folder a real ``feedpub build`` wrote: it passes, and each rule,
broken alone in the published file, gives exactly its one line (``feedpub check``).

``test_check.py`` shows each rule on feeds rendered in-process, matching part of the message;
here the feeds come from a build and the whole list of problems is pinned.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedpub.validate import check_feeds

HARBOUR = (
    "Title: Harbour reopens after the storm\nPublished: 2025-03-03T09:00:00Z\n\n"
    "Boats landed their catch this morning, the port authority said.\n"
)
FERRY = (
    "Title: Ferry timetable changes for spring\nPublished: 2025-03-04T10:30:00Z\n"
    "Updated: 2025-03-05T08:00:00Z\n\nThe ferry leaves an hour earlier from April, the operator said.\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public/ folder of a site of two dated documents, built by ``feedpub build``."""
    root = tmp_path_factory.mktemp("site")
    (root / "seeds").mkdir()
    (root / "seeds" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (root / "seeds" / "ferry.txt").write_text(FERRY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "feedpub", "build"], cwd=root, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    return root / "public"


def test_a_built_folder_passes(built: Path) -> None:
    assert {"atom.xml", "feed.json", "rss.xml"} <= {p.name for p in built.iterdir()}
    assert check_feeds(built) == []


@pytest.mark.parametrize(
    ("name", "old", "new", "problems"),
    [
        pytest.param(
            "rss.xml", '<guid isPermaLink="true">https://example.org/harbour/</guid>',
            '<guid isPermaLink="true">https://example.org/ferry/</guid>',
            ["rss.xml: line 25: <guid> 'https://example.org/ferry/' is used twice (first at line 17)"],
            id="rss-guid-twice",
        ),
        pytest.param(
            "rss.xml", "<pubDate>Mon, 03 Mar 2025 09:00:00 +0000</pubDate>",
            "<pubDate>2025-03-03T09:00:00Z</pubDate>",
            ["rss.xml: line 26: <pubDate> '2025-03-03T09:00:00Z' is not an RFC 822 date-time"],
            id="rss-date",
        ),
        pytest.param(
            "rss.xml", "<link>https://example.org/harbour/</link>", "<link>/harbour/</link>",
            ["rss.xml: line 22: <link> '/harbour/' is not an absolute URL (RFC 3986 §4.3)"],
            id="rss-relative-link",
        ),
        pytest.param(
            "rss.xml",
            '    <atom:link href="https://example.org/rss.xml" rel="self" type="application/rss+xml"/>\n',
            "",
            ['rss.xml: line 3: <channel> has 0 atom:link rel="self", not one'],
            id="rss-no-self-link",
        ),
        pytest.param(
            "rss.xml", "<description>Articles published with feedpub</description>", "",
            ["rss.xml: line 3: <channel> has no <description>"],
            id="rss-no-description",
        ),
        pytest.param(
            "rss.xml", 'version="2.0"', 'version="0.92"',
            ["rss.xml: line 2: <rss> version is '0.92', not '2.0'"],
            id="rss-version",
        ),
        pytest.param(
            "rss.xml", "Harbour reopens", "Harbour\x0b reopens",
            ["rss.xml: not well-formed XML: PCDATA invalid Char value 11, line 21, column 21"],
            id="rss-control-character",
        ),
        pytest.param(
            "atom.xml", "<id>https://example.org/harbour/</id>", "<id>https://example.org/ferry/</id>",
            ["atom.xml: line 25: entry <id> 'https://example.org/ferry/' is used twice (first at line 13)"],
            id="atom-id-twice",
        ),
        pytest.param(
            "atom.xml", "<id>https://example.org/harbour/</id>", "<id>harbour</id>",
            ["atom.xml: line 26: <id> 'harbour' is not an absolute URL (RFC 3986 §4.3)"],
            id="atom-relative-id",
        ),
        pytest.param(
            "atom.xml", "<updated>2025-03-03T09:00:00+00:00</updated>",
            "<updated>2025-03-05T08:00:00+00:00</updated>",
            ["atom.xml: line 25: entry <updated> '2025-03-05T08:00:00+00:00' is used twice (first at line 13)"],
            id="atom-updated-twice",
        ),
        pytest.param(
            "atom.xml", '<link href="https://example.org/harbour/"/>', '<link href="/harbour/"/>',
            ["atom.xml: line 33: <link> href '/harbour/' is not an absolute URL (RFC 3986 §4.3)"],
            id="atom-relative-link",
        ),
        pytest.param(
            "atom.xml", 'href="https://example.org/atom.xml"', 'href="https://example.org/feed.xml"',
            ["atom.xml: line 9: self link 'https://example.org/feed.xml' is not the URL of atom.xml"],
            id="atom-self-link",
        ),
    ],
)
def test_one_broken_rule_gives_its_one_line(
    built: Path, tmp_path: Path, name: str, old: str, new: str, problems: list[str]
) -> None:
    folder = tmp_path / "public"
    shutil.copytree(built, folder)
    text = (folder / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {name}"
    (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    assert check_feeds(folder) == problems


def test_an_entry_without_updated_fails_the_rfc_4287_schema(built: Path, tmp_path: Path) -> None:
    folder = tmp_path / "public"
    shutil.copytree(built, folder)
    text = (folder / "atom.xml").read_text(encoding="utf-8")
    (folder / "atom.xml").write_text(
        text.replace("    <updated>2025-03-03T09:00:00+00:00</updated>\n", ""), encoding="utf-8"
    )
    problems = check_feeds(folder)
    # libxml2 explains a schema failure in several lines; the first names the cause.
    assert problems[0] == "atom.xml: line 25: schema: Expecting an element updated, got nothing"
    assert all(p.startswith("atom.xml: line ") and "\n" not in p for p in problems)
