"""A watcher's build (``build(touched=...)``) lists only the folders its events name, and
ends where a build that lists everything would."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from feedpub.build import build, list_entries
from feedpub.config import Config, resolve_paths

from conftest import Site

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _article(site: Site, name: str, title: str) -> None:
    site.write(name, f"{title}\n\nPublished: 3 March 2025 09:00 UTC\n\nThe council met on {title}.\n")


def _entries(config: Config) -> list[tuple[str, str]]:
    return sorted((entry.path, entry.status) for entry in list_entries(config))


def _change(site: Site, case: str) -> set[str]:
    """Make the change ``case``; return the paths a watcher would report."""
    if case == "add":
        _article(site, "desk/new.txt", "Tunnels")
        return {"desk/new.txt"}
    if case == "edit":
        site.write("desk/a.txt", "Roads\n\nPublished: 3 March 2025 09:00 UTC\n\nNew words.\n")
        return {"desk/a.txt"}
    if case == "delete folder":
        shutil.rmtree(site.seeds / "desk")
        return {"desk"}
    if case == "move folder":
        (site.seeds / "desk").rename(site.seeds / "archive")
        return {"desk", "archive"}
    if case == "new nested folders":
        _article(site, "x/y/z/deep.txt", "Depths")
        return {"x"}
    (site.seeds / "desk" / "a.txt").rename(site.seeds / "top.txt")
    return {"desk/a.txt", "top.txt"}


@pytest.mark.parametrize(
    "case", ["add", "edit", "delete folder", "move folder", "new nested folders", "move file"]
)
def test_a_touched_build_ends_where_a_full_build_does(site: Site, case: str) -> None:
    _article(site, "desk/a.txt", "Roads")
    _article(site, "desk/b.txt", "Bridges")
    _article(site, "other/c.txt", "Canals")
    config = resolve_paths(Config(), site.root)
    build(config, NOW)
    twin = site.root / "twin"
    shutil.copytree(site.root, twin, ignore=shutil.ignore_patterns("twin"))
    twin_config = resolve_paths(Config(), twin)
    touched = _change(site, case)
    _change(Site(twin), case)
    later = NOW + timedelta(minutes=5)
    watched = build(config, later, touched=frozenset(touched))
    full = build(twin_config, later)
    assert (watched.added, watched.updated, watched.removed, watched.moved) == (
        full.added, full.updated, full.removed, full.moved
    )
    assert _entries(config) == _entries(twin_config)
    assert (site.public / "atom.xml").read_bytes() == (twin / "public" / "atom.xml").read_bytes()
    # Nothing was left for a full build to find.
    again = build(config, later)
    assert (again.added, again.updated, again.removed, again.moved, again.written) == ((),) * 5


def test_a_touched_build_does_not_look_at_untouched_folders(site: Site) -> None:
    _article(site, "desk/a.txt", "Roads")
    config = resolve_paths(replace(Config()), site.root)
    build(config, NOW)
    # A change the watcher was not told about is left for a later full build.
    _article(site, "other/c.txt", "Canals")
    _article(site, "desk/b.txt", "Bridges")
    report = build(config, NOW + timedelta(minutes=5), touched=frozenset({"desk/b.txt"}))
    assert report.added == ("desk/b.txt",)
    assert build(config, NOW + timedelta(minutes=6)).added == ("other/c.txt",)
