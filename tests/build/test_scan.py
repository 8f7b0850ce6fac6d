"""The scan: a forked helper lists half the folders of a large source, and a build that uses
it finds exactly what a build that does not would find."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from collections import Counter
from collections.abc import Generator, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from feedpub.build import build
from feedpub.config import Config, resolve_paths
from feedpub.errors import DocumentError
from feedpub.ingest import (
    Listing,
    SourceFile,
    SourceOptions,
    Unchanged,
    folder_of,
    part_of,
    part_unit,
    read_bytes,
    scan_folders,
    unit_folder,
    unit_part,
)

from conftest import Site

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
OPTIONS = SourceOptions(("*.txt", "*.md"), 1000)


def _article(number: int) -> str:
    return (
        f"Harbour report number {number} from the northern coast\n\n"
        f"Published: {1 + number % 28} March 2025 08:00 CET\n\n"
        f"Boats landed catch number {number} at the harbour this morning, the port authority "
        "said.\n"
    )


def _tree(root: Path) -> None:
    """Six top folders, some nested, a too-large file and an ignored one in the mix."""
    for top in range(6):
        for number in range(5):
            path = root / f"region-{top}" / ("inland" if number % 2 else "") / f"n{number}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_article(top * 10 + number), encoding="utf-8")
    (root / "region-3" / "huge.txt").write_text("x" * 2000, encoding="utf-8")
    (root / "region-4" / "notes.odt").write_text("not a document", encoding="utf-8")
    (root / "top.txt").write_text(_article(99), encoding="utf-8")


def _listed(scan: Iterable[Listing | Unchanged]) -> list[Listing]:
    """The items of a scan given no ``known`` digests: every one a Listing."""
    listings = list(scan)
    assert all(isinstance(item, Listing) for item in listings)
    return cast(list[Listing], listings)


def _by_folder(listings: list[Listing]) -> dict[str, tuple[list[str], str, list[str]]]:
    return {
        item.folder: (
            sorted(item.keys), item.digest, sorted(f"{e.path}: {e.reason}" for e in item.refused)
        )
        for item in listings
    }


def test_parallel_scan_lists_what_a_serial_scan_lists(tmp_path: Path) -> None:
    _tree(tmp_path)
    serial = _listed(scan_folders(tmp_path, OPTIONS))
    parallel = _listed(scan_folders(tmp_path, OPTIONS, parallel=True))

    assert _by_folder(parallel) == _by_folder(serial)
    assert len(serial) == 1 + 6 + 6
    assert sum(len(item.keys) for item in serial) == 31
    refused = [e.reason for item in serial for e in item.refused]
    assert refused == ["too large: 2000 bytes (limit 1000 bytes)"]


@pytest.mark.parametrize("parallel", [False, True])
def test_folders_with_their_known_digest_come_back_unchanged(tmp_path: Path, parallel: bool) -> None:
    _tree(tmp_path)
    known = {item.folder: item.digest for item in _listed(scan_folders(tmp_path, OPTIONS))}
    (tmp_path / "region-4" / "inland" / "n1.txt").write_text(_article(99), encoding="utf-8")

    found = list(scan_folders(tmp_path, OPTIONS, known=known, parallel=parallel))

    changed = [item for item in found if isinstance(item, Listing)]
    assert [item.folder for item in changed] == ["region-4/inland/"]
    unchanged = {item.folder: item.files for item in found if isinstance(item, Unchanged)}
    assert len(unchanged) == 12
    assert unchanged["region-3/"] == 3, "the too-large file is not a document"
    assert sum(unchanged.values()) + len(changed[0].keys) == 31


def test_a_failed_helper_leaves_its_folders_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    expected = _by_folder(_listed(scan_folders(tmp_path, OPTIONS)))

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    # Forked after the patch, the helper fails to write its listings and exits with 1.
    monkeypatch.setattr(pickle, "dump", fail)
    assert _by_folder(_listed(scan_folders(tmp_path, OPTIONS, parallel=True))) == expected


def test_an_abandoned_scan_stops_its_helper(tmp_path: Path) -> None:
    _tree(tmp_path)
    # scan_folders is a generator function, so what it returns can be closed.
    scan = cast(
        Generator[Listing | Unchanged, None, None], scan_folders(tmp_path, OPTIONS, parallel=True)
    )
    next(scan)
    next(scan)
    scan.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_builds_that_scan_in_parallel_see_edits_additions_and_removals(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["feedpub.build._scan"], "_PARALLEL_SCAN_FROM", 1)
    _tree(site.seeds)
    config = resolve_paths(replace(Config(), count=100, max_size=1000), site.root)
    first = build(config, NOW)
    assert len(first.added) == 31
    assert build(config, NOW).added == ()

    edited = site.seeds / "region-5" / "inland" / "n3.txt"
    edited.write_text(_article(53).replace("this morning", "at dawn"), encoding="utf-8")
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 10**9))
    (site.seeds / "region-1" / "n4.txt").unlink()
    (site.seeds / "region-2" / "inland" / "n9.txt").write_text(_article(29), encoding="utf-8")
    report = build(config, NOW + timedelta(hours=1))

    assert report.updated == ("region-5/inland/n3.txt",)
    assert report.removed == ("region-1/n4.txt",)
    assert report.added == ("region-2/inland/n9.txt",)
    entries = {e.id: e for e in site.atom().entries}
    assert len(entries) == 31
    assert "at dawn" in entries["https://example.org/region-5/inland/n3/"].content[0].value


# --- large folders, compared in parts ------------------------------------------------------


@pytest.fixture
def parts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Cut folders of 8 files or more into parts of about 2, and record how many rows each
    build stages for a file-by-file comparison."""
    source = sys.modules["feedpub.ingest._walk"]
    monkeypatch.setattr(source, "_PART_FROM", 8)
    monkeypatch.setattr(source, "_PART_SIZE", 2)
    staged: list[int] = []
    registry = sys.modules["feedpub.registry"].Registry
    original = registry.stage_scan

    def stage_scan(self: object, rows: list[tuple[str, int, int]]) -> None:
        staged.append(len(rows))
        original(self, rows)

    monkeypatch.setattr(registry, "stage_scan", stage_scan)
    return staged


def _flat(site: Site, count: int) -> Config:
    for number in range(count):
        site.write(f"news/n{number:03d}.txt", _article(number))
    return resolve_paths(replace(Config(), count=100, max_size=1000), site.root)


def _later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


def test_one_edit_in_a_large_folder_compares_one_part(site: Site, parts: list[int]) -> None:
    config = _flat(site, 40)
    assert len(build(config, NOW).added) == 40
    parts.clear()
    assert build(config, NOW).updated == ()
    assert parts == [], "an unchanged folder is settled whole"

    _later(site.seeds / "news" / "n017.txt", _article(17).replace("this morning", "at dawn"))
    report = build(config, NOW + timedelta(hours=1))

    assert report.updated == ("news/n017.txt",)
    assert (report.added, report.removed) == ((), ())
    assert 0 < sum(parts) < 10, parts
    entries = {e.id: e for e in site.atom().entries}
    assert "at dawn" in entries["https://example.org/news/n017/"].content[0].value


def test_additions_and_removals_in_a_large_folder(site: Site, parts: list[int]) -> None:
    config = _flat(site, 40)
    build(config, NOW)
    (site.seeds / "news" / "n005.txt").unlink()
    (site.seeds / "news" / "n031.txt").unlink()
    site.write("news/n040.txt", _article(40))

    report = build(config, NOW + timedelta(hours=1))

    assert report.removed == ("news/n005.txt", "news/n031.txt")
    assert report.added == ("news/n040.txt",)
    assert len(site.atom().entries) == 39
    assert build(config, NOW + timedelta(hours=2)).removed == ()


def test_a_large_folder_that_doubles_is_cut_anew_without_changes(
    site: Site, parts: list[int]
) -> None:
    config = _flat(site, 12)
    build(config, NOW)
    for number in range(12, 40):
        site.write(f"news/n{number:03d}.txt", _article(number))

    report = build(config, NOW + timedelta(hours=1))
    assert len(report.added) == 28
    assert (report.removed, report.updated, report.moved) == ((), (), ())
    for number in range(20, 40):
        (site.seeds / "news" / f"n{number:03d}.txt").unlink()
    report = build(config, NOW + timedelta(hours=2))
    assert len(report.removed) == 20
    assert len(site.atom().entries) == 20
    parts.clear()
    assert build(config, NOW + timedelta(hours=3)).removed == ()
    assert parts == []


def test_a_refusal_in_a_large_folder_is_looked_at_by_every_build(
    site: Site, parts: list[int]
) -> None:
    config = _flat(site, 40)
    site.write("news/empty.txt", "  \n")
    site.write("news/twin.txt", _article(7))

    for again in range(3):
        report = build(config, NOW)
        # Reported by the first build; the refusals still stand in the later ones.
        assert sorted((p.key, p.reason) for p in (report.still_refused if again else report.problems)) == [
            ("news/empty.txt", "empty document"),
            ("news/twin.txt", "same text as news/n007.txt, which is published"),
        ]
        if again:
            assert report.problems == ()
            assert 0 < sum(parts) < 10, "the other parts stay settled"
        parts.clear()


def test_a_copy_of_a_document_in_a_settled_part_is_a_duplicate(
    site: Site, parts: list[int]
) -> None:
    config = _flat(site, 40)
    build(config, NOW)
    build(config, NOW)
    site.write("news/zz-copy.txt", _article(23))

    report = build(config, NOW + timedelta(hours=1))

    assert [(p.key, p.reason) for p in report.problems] == [
        ("news/zz-copy.txt", "same text as news/n023.txt, which is published")
    ]
    assert report.added == ()


@pytest.mark.parametrize(
    ("key", "folder"), [("news/a.txt", "news/"), ("news/sub/a.txt", "news/sub/"), ("a.txt", "")]
)
def test_a_key_belongs_to_its_folder_and_one_of_its_parts(key: str, folder: str) -> None:
    assert folder_of(key) == folder
    assert unit_folder(folder) == folder
    unit = part_of(key, 8)
    assert unit in [part_unit(folder, index, 8) for index in range(8)]
    assert unit_folder(unit) == folder
    assert unit_part(unit)[1] == 8
    assert unit_part(folder) == (0, 1)


def test_keys_spread_over_the_parts() -> None:
    keys = [f"news/n{number}.txt" for number in range(400)]
    sizes = Counter(part_of(key, 8) for key in keys)
    assert len(sizes) == 8
    assert min(sizes.values()) > 25


def test_a_folder_that_cannot_be_read_is_looked_at_by_every_build(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(site.seeds)
    config = resolve_paths(replace(Config(), count=100, max_size=1000), site.root)
    build(config, NOW)
    locked = str(site.seeds.resolve() / "region-2" / "inland")
    scandir = os.scandir

    def refuse(path: str) -> object:
        # Root reads any folder whatever its mode: the refusal is simulated.
        if str(path) == locked:
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    for again in range(3):
        report = build(config, NOW + timedelta(hours=1))
        assert ("region-2/inland", "cannot read folder: Permission denied") in [
            (p.key, p.reason) for p in (report.still_refused if again else report.problems)
        ]


def test_a_large_folder_with_a_refusal_that_disappears_takes_its_entries_along(
    site: Site, parts: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four parts of about ten: the part holding the refusal holds published entries too.
    monkeypatch.setattr(sys.modules["feedpub.ingest._walk"], "_PART_SIZE", 16)
    config = _flat(site, 40)
    site.write("news/empty.txt", "  \n")
    build(config, NOW)
    build(config, NOW)
    shutil.rmtree(site.seeds / "news")

    report = build(config, NOW + timedelta(hours=1))

    assert len(report.removed) == 40
    assert site.atom().entries == []


def test_a_scan_that_cannot_fork_walks_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    expected = _by_folder(_listed(scan_folders(tmp_path, OPTIONS)))

    def fail() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fail)
    assert _by_folder(_listed(scan_folders(tmp_path, OPTIONS, parallel=True))) == expected


def test_a_file_that_grew_since_it_was_listed_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 300_000)
    # Listed at 10 bytes: the read asks for 11, then reads on.
    assert read_bytes(str(tmp_path), SourceFile(str(path), "a.txt", 10, 0), 1 << 20) == b"x" * 300_000
    with pytest.raises(DocumentError, match="too large: over the limit of 200000 bytes"):
        read_bytes(str(tmp_path), SourceFile(str(path), "a.txt", 10, 0), 200_000)
