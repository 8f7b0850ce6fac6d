"""Hostile input end to end: every document publishes cleanly or is refused by name.

One folder mixes every case of ``make_hostile.py`` (tests/data/hostile/ plus what git cannot
hold, made in tmp_path) with the shipped seed, and is built once as cron would build it. Then:
exit code 1, each bad document named on exactly one ``feedpub: <path>: skipped: <reason>``
line, each good one in both feeds under its title, and both feeds valid.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import feedparser
import make_hostile as hostile
import pytest
from lxml import html as lxml_html
from test_properties import shown_title

from feedpub.render.html import ALLOWED_TAGS
from feedpub.validate import check_feeds

from conftest import SHARED, Site, assert_valid_atom, read_feed

FEED_NAMES = ("rss.xml", "atom.xml")
JUDGE = SHARED / "judge" / "judge.sh"
# judge/README.md: "A closing tag such as </b> warns whatever you do" in an RSS title that must
# read back identical; the one W3C warning the corpus cannot avoid (markup_title_closing_tag).
UNAVOIDABLE = {("rss.xml", "title should not contain HTML [ContainsHTML]")}
LINE = re.compile(r"^feedpub: (?P<path>.+): skipped: (?P<reason>.+)$")
# Bidi controls, zero-width characters and C0/C1 controls never reach a title (the issue,
# "Sanitising").
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


@cache
def _unprivileged() -> tuple[list[str], bool]:
    """Return a command prefix under which file permissions hold, and whether one exists.

    Root reads files whatever their mode; in a new user namespace it no longer does, because
    it loses CAP_DAC_OVERRIDE over files owned by users the namespace does not map.
    """
    if os.geteuid() != 0:
        return [], True
    prefix = ["unshare", "--user"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False)
    except OSError:
        return [], False
    return (prefix, True) if probe.returncode == 0 else ([], False)


def _all_cases() -> list[hostile.Case]:
    """Every case by name and fate (the makers here point nowhere; only names are used)."""
    permissions = _unprivileged()[1]
    return [
        *hostile.committed_cases(),
        *hostile.runtime_cases(Path("/seeds"), Path("/outside"), permissions=permissions),
    ]


CASES = _all_cases()


@dataclass(frozen=True)
class Outcome:
    """One build of the hostile site, with its feeds as feedparser read them (None: absent)."""

    root: Path
    returncode: int
    stderr: str
    feeds: dict[str, feedparser.FeedParserDict | None]

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()

    def feed(self, name: str) -> feedparser.FeedParserDict:
        parsed = self.feeds[name]
        assert parsed is not None, f"no {name}: {self.stderr}"
        return parsed


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    """Run ``feedpub build --quiet`` in ``root``, where permissions hold if they can."""
    return subprocess.run(
        [*_unprivileged()[0], sys.executable, "-m", "feedpub", "build", "--quiet"],
        cwd=root, capture_output=True, encoding="utf-8", timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    root = tmp_path_factory.mktemp("hostile")
    try:
        hostile.make_site(root, permissions=_unprivileged()[1])
        result = _build(root)
        public = root / "public"
        feeds = {
            name: read_feed(public / name) if (public / name).exists() else None
            for name in FEED_NAMES
        }
        yield Outcome(root, result.returncode, result.stderr, feeds)
    finally:
        hostile.restore_permissions(root)


def _names(path: str, case: hostile.Case) -> bool:
    """Return True when the path of a stderr line names ``case``.

    A printable name appears as it is; a name with a newline, escape or undecodable byte
    appears escaped, so the line must hold its printable ASCII head and tail and be printable.
    """
    path = path.rstrip("/")
    name = case.name
    if name.isprintable() and _is_utf8(name):
        return path == f"seeds/{name}"
    head = re.match(r"[ -~]*", name)
    tail = re.search(r"[ -~]*$", name)
    assert head and tail
    return (
        path.isprintable()
        and path.startswith(f"seeds/{head.group(0)}")
        and path.endswith(tail.group(0))
    )


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _titles(outcome: Outcome) -> dict[str, list[str]]:
    return {
        name: [shown_title(parsed, entry) for entry in parsed.entries]
        for name, parsed in ((name, outcome.feed(name)) for name in FEED_NAMES)
    }


def _matches(title: str, expect: hostile.Published) -> bool:
    if expect.exact:
        return title == expect.title
    return (
        title.startswith(expect.title) and title.endswith("…") and len(title) <= hostile.MAX_TITLE
    )


@pytest.mark.parametrize("case", CASES, ids=[ascii(c.name)[1:-1][:60] for c in CASES])
def test_case_fate(built: Outcome, case: hostile.Case) -> None:
    named = [line for line in built.lines if (m := LINE.match(line)) and _names(m["path"], case)]
    expect = case.expect
    if isinstance(expect, hostile.Refused):
        assert len(named) == 1, f"named {len(named)} times on stderr: {named}"
        reason = LINE.match(named[0])["reason"]  # type: ignore[index]
        assert expect.reason in reason
        return
    assert named == [], "a document that is not refused is named on stderr"
    if isinstance(expect, hostile.Published):
        for name, titles in _titles(built).items():
            found = [title for title in titles if _matches(title, expect)]
            assert len(found) == 1, f"{name}: {expect.title!r} found {len(found)} times"


def test_exit_code_is_1_without_traceback(built: Outcome) -> None:
    assert "Traceback" not in built.stderr
    assert "internal error" not in built.stderr
    assert built.returncode == 1, built.stderr


def test_every_stderr_line_names_one_case(built: Outcome) -> None:
    for line in built.lines:
        match = LINE.match(line)
        assert match, f"not a 'feedpub: <path>: skipped: <reason>' line: {line!r}"
        assert line.isprintable(), f"unescaped characters in {line!r}"
        named = [case.name for case in CASES if _names(match["path"], case)]
        assert len(named) == 1, f"{line!r} names {named}"


def test_feeds_hold_the_good_documents_and_nothing_else(built: Outcome) -> None:
    published = sum(isinstance(case.expect, hostile.Published) for case in CASES)
    for name, titles in _titles(built).items():
        assert len(titles) == published + 1, f"{name}: the good cases and the seed"
        assert not [title for title in titles if hostile.SKIPPED_MARK in title], name


def test_feeds_are_valid(built: Outcome) -> None:
    public = built.root / "public"
    assert_valid_atom((public / "atom.xml").read_bytes())
    assert check_feeds(public) == []


def test_titles_hold_no_invisible_or_control_characters(built: Outcome) -> None:
    for name, titles in _titles(built).items():
        for title in titles:
            assert not _INVISIBLE.search(title), f"{name}: {title!r}"
            assert title == unicodedata.normalize("NFC", title)
            assert title == " ".join(title.split()), f"{name}: not one line: {title!r}"


@pytest.mark.parametrize("name", FEED_NAMES)
def test_content_uses_only_the_elements_we_generate(built: Outcome, name: str) -> None:
    parsed = built.feed(name)
    for entry in parsed.entries:
        content = entry.content[0].value
        for element in lxml_html.fragments_fromstring(content):
            if isinstance(element, str):
                continue
            for node in element.iter():
                assert node.tag in ALLOWED_TAGS, f"{entry.title!r}: <{node.tag}>"
                assert set(node.attrib) <= {"href"}, f"{entry.title!r}: {dict(node.attrib)}"


def test_html_in_the_body_reads_as_text(built: Outcome) -> None:
    for name in FEED_NAMES:
        parsed = built.feed(name)
        entry = next(e for e in parsed.entries if shown_title(parsed, e) == "HTML in the body is text")
        content = entry.content[0].value
        assert "&lt;script&gt;alert(" in content and "<script" not in content
        assert "&lt;iframe" in content and "<iframe" not in content


def test_second_build_is_byte_identical(built: Outcome, tmp_path: Path) -> None:
    root = tmp_path / "again"
    shutil.copytree(built.root / "public", root / "public")
    result = _build(built.root)
    # The refusals were reported by the first build; an unchanged site says nothing.
    assert (result.returncode, result.stderr) == (0, "")
    for name in FEED_NAMES:
        assert (built.root / "public" / name).read_bytes() == (root / "public" / name).read_bytes()


def test_committed_corpus_matches_the_script(tmp_path: Path) -> None:
    """tests/data/hostile/ is what make_hostile.py writes: no case lost, no stray file."""
    hostile.write_cases(tmp_path, hostile.committed_cases())
    expected = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    actual = {
        p.relative_to(hostile.HOSTILE): p.read_bytes()
        for p in hostile.HOSTILE.rglob("*") if p.is_file()
    }
    assert actual == expected, "run python tests/make_hostile.py"


def test_size_limit_is_configurable(site: Site) -> None:
    root = site.root
    (root / "feedpub.toml").write_text("max_size = 1000\n")
    seeds = root / "seeds"
    (seeds / "at_limit.txt").write_bytes(hostile.sized_text("Exactly at a 1000-byte limit", 1000))
    (seeds / "over_limit.txt").write_bytes(hostile.sized_text("Over a 1000-byte limit", 1001))
    result = site.build()
    assert result.returncode == 1
    assert result.stderr.startswith("feedpub: seeds/over_limit.txt: skipped: too large")
    assert len(result.stderr.splitlines()) == 1
    assert [e.title for e in site.rss().entries] == ["Exactly at a 1000-byte limit"]


def test_legacy_guess_is_reported_at_verbose(site: Site) -> None:
    root = site.root
    shutil.copy(hostile.HOSTILE / "cp1252_legacy.txt", root / "seeds")
    quiet = site.build()
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    shutil.rmtree(root / ".feedpub")
    verbose = site.run("build", "-v")
    reported = [
        line for line in (verbose.stdout + verbose.stderr).splitlines()
        if "cp1252_legacy.txt" in line and "cp1252" in line.replace("cp1252_legacy", "")
    ]
    assert len(reported) == 1, verbose.stdout + verbose.stderr
    assert [e.title for e in site.rss().entries] == [hostile.CP1252_TITLE]


@pytest.mark.skipif(not JUDGE.exists(), reason=f"judge not found at {JUDGE}")
def test_w3c_validator_finds_no_error_and_no_avoidable_warning(tmp_path: Path) -> None:
    """The W3C Feed Validation Service on the hostile site's feeds (SPEC.md §3).

    A 64 KiB size limit keeps the feeds small: the validator takes ~20 s on 2 MiB entries.
    """
    root = tmp_path / "site"
    try:
        hostile.make_site(root, permissions=_unprivileged()[1], max_size=64 * 1024)
        assert _build(root).returncode == 1
    finally:
        hostile.restore_permissions(root)
    verdicts = tmp_path / "judge.json"
    judged = subprocess.run(
        # -r: the per-source and per-category feeds too, whose heads name hostile values.
        [str(JUDGE), "-r", "--only", "w3c", "--json", str(verdicts), str(root / "public")],
        capture_output=True, encoding="utf-8", timeout=600, check=False,
    )
    if judged.returncode == 3:
        pytest.skip(f"the W3C validator is not installed: {judged.stdout[-300:]}")
    found = [
        (Path(file["file"]).name, kind, re.sub(r"^line \d+, column \d+: | \(\d+ occurrences\)", "", message))
        for file in json.loads(verdicts.read_text())["files"]
        for verdict in file["verdicts"]
        for kind in ("errors", "warnings")
        for message in verdict[kind]
    ]
    errors = [f for f in found if f[1] == "errors"]
    avoidable = [f for f in found if f[1] == "warnings" and (f[0], f[2]) not in UNAVOIDABLE]
    assert (errors, avoidable) == ([], [])
