"""``feedpub build --dry-run``: says what a build would do, and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import Site


def _article(site: Site, name: str, title: str) -> None:
    site.write(name, f"{title}\n\nPublished: 3 March 2025 09:00 UTC\n\nThe council met on {title}.\n")


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and mtime, registry files included."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            info = (Path(folder) / name).stat()
            found[str(Path(folder, name).relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


def test_dry_run_of_a_first_build_creates_nothing(site: Site) -> None:
    _article(site, "a.txt", "Roads")
    before = _snapshot(site.root)
    result = site.run("build", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "would add: a.txt", "would write: a/index.html", "would write: atom.xml",
        "would write: feed.json", "would write: index.html", "would write: rss.xml",
        "would write: style.css", "dry run: nothing was written",
    ]
    assert _snapshot(site.root) == before


def test_dry_run_names_additions_edits_removals_and_leaves_everything(site: Site) -> None:
    _article(site, "a.txt", "Roads")
    _article(site, "b.txt", "Bridges")
    assert site.build().returncode == 0
    _article(site, "c.txt", "Tunnels")
    (site.seeds / "b.txt").unlink()
    site.write("a.txt", "Roads\n\nPublished: 3 March 2025 09:00 UTC\n\nThe council met again.\n")
    before = _snapshot(site.root)
    result = site.run("build", "--dry-run")
    assert result.returncode == 0, result.stderr
    # The entry pages too: c's is new, a's changed, b's goes (its removal a "would write").
    assert sorted(result.stdout.splitlines()) == sorted([
        "would add: c.txt", "would update: a.txt", "would remove: b.txt",
        "would write: a/index.html", "would write: b/index.html", "would write: c/index.html",
        "would write: atom.xml", "would write: feed.json", "would write: index.html",
        "would write: rss.xml", "dry run: nothing was written",
    ])
    assert _snapshot(site.root) == before
    # The real build does what the dry run said: nothing of it was registered.
    result = site.run("build", "-v")
    assert {"new: c.txt", "updated: a.txt", "removed: b.txt"} <= set(result.stdout.splitlines())


def test_dry_run_with_nothing_to_do_would_write_nothing(site: Site) -> None:
    _article(site, "a.txt", "Roads")
    assert site.build().returncode == 0
    result = site.run("build", "--dry-run")
    assert result.stdout.splitlines() == ["dry run: nothing was written"]
