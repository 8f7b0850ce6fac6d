"""The scan: a forked helper lists half the folders of a large source, and a build that uses
it finds exactly what a build that does not would find."""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from feedpub.build import build
from feedpub.config import Config, resolve_paths
from feedpub.source import Listing, SourceOptions, scan_folders

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


def _by_folder(listings: list[Listing]) -> dict[str, tuple[list[str], str, list[str]]]:
    return {
        item.folder: (
            sorted(item.keys), item.digest, sorted(f"{e.path}: {e.reason}" for e in item.refused)
        )
        for item in listings
    }


def test_parallel_scan_lists_what_a_serial_scan_lists(tmp_path: Path) -> None:
    _tree(tmp_path)
    serial = list(scan_folders(tmp_path, OPTIONS))
    parallel = list(scan_folders(tmp_path, OPTIONS, parallel=True))

    assert _by_folder(parallel) == _by_folder(serial)
    assert len(serial) == 1 + 6 + 6
    assert sum(len(item.keys) for item in serial) == 31
    refused = [e.reason for item in serial for e in item.refused]
    assert refused == ["too large: 2000 bytes (limit 1000 bytes)"]


def test_a_failed_helper_leaves_its_folders_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    expected = _by_folder(list(scan_folders(tmp_path, OPTIONS)))

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    # Forked after the patch, the helper fails to write its listings and exits with 1.
    monkeypatch.setattr(pickle, "dump", fail)
    assert _by_folder(list(scan_folders(tmp_path, OPTIONS, parallel=True))) == expected


def test_an_abandoned_scan_stops_its_helper(tmp_path: Path) -> None:
    _tree(tmp_path)
    scan = scan_folders(tmp_path, OPTIONS, parallel=True)
    next(scan)
    next(scan)
    scan.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_builds_that_scan_in_parallel_see_edits_additions_and_removals(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["feedpub.build"], "_PARALLEL_SCAN_FROM", 1)
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
