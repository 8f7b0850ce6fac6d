"""A watcher's build (``build(touched=...)``) lists only the folders its events name, and
ends where a build that lists everything would."""

from __future__ import annotations

import shutil
from collections.abc import Callable
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


def _add(site: Site) -> set[str]:
    _article(site, "desk/new.txt", "Tunnels")
    return {"desk/new.txt"}


def _edit(site: Site) -> set[str]:
    site.write("desk/a.txt", "Roads\n\nPublished: 3 March 2025 09:00 UTC\n\nNew words.\n")
    return {"desk/a.txt"}


def _delete_folder(site: Site) -> set[str]:
    shutil.rmtree(site.seeds / "desk")
    return {"desk"}


def _move_folder(site: Site) -> set[str]:
    (site.seeds / "desk").rename(site.seeds / "archive")
    return {"desk", "archive"}


def _nested(site: Site) -> set[str]:
    _article(site, "x/y/z/deep.txt", "Depths")
    return {"x"}


def _nested_one_event(site: Site) -> set[str]:
    # The events naming the new folders were missed: only the file's came.
    _article(site, "x/y/deep.txt", "Depths")
    _article(site, "x/y/z/deeper.txt", "Abysses")
    return {"x/y/deep.txt"}


def _move_file(site: Site) -> set[str]:
    (site.seeds / "desk" / "a.txt").rename(site.seeds / "top.txt")
    return {"desk/a.txt", "top.txt"}


# Each change made, and the paths a watcher would report for it.
CHANGES: dict[str, Callable[[Site], set[str]]] = {
    "add": _add, "edit": _edit, "delete folder": _delete_folder, "move folder": _move_folder,
    "new nested folders": _nested, "new folders, one file event": _nested_one_event,
    "move file": _move_file,
}


@pytest.mark.parametrize("case", list(CHANGES))
def test_a_touched_build_ends_where_a_full_build_does(site: Site, case: str) -> None:
    _article(site, "desk/a.txt", "Roads")
    _article(site, "desk/b.txt", "Bridges")
    _article(site, "other/c.txt", "Canals")
    config = resolve_paths(Config(), site.root)
    build(config, NOW)
    twin = site.root / "twin"
    shutil.copytree(site.root, twin, ignore=shutil.ignore_patterns("twin"))
    twin_config = resolve_paths(Config(), twin)
    touched = CHANGES[case](site)
    CHANGES[case](Site(twin))
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
