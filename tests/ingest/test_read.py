"""A path the scan refused is never read, and every open refuses what the scan refuses.

``feedpub.ingest.read_bytes`` is the one way a build opens a document: these tests swap files
for symlinks out of the folder, FIFOs and folder links between the scan and the read, and
check that nothing outside the source folder reaches a feed and that no build blocks.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, read_bytes

from conftest import Site

SECRET = "Secret outside the folder\n\nThis text lives outside the source folder.\n"
ARTICLE = "Harbour reopens after the storm\n\nThe harbour reopened on {day} after repairs.\n"


def _published_text(site: Site) -> str:
    return (site.public / "atom.xml").read_text(encoding="utf-8") + (
        site.public / "rss.xml"
    ).read_text(encoding="utf-8")


def _two_published(site: Site) -> None:
    site.write("a.txt", ARTICLE.format(day="Monday"))
    site.write("b.txt", ARTICLE.format(day="Tuesday").replace("Harbour", "Port"))
    result = site.build()
    assert (result.returncode, result.stderr) == (0, "")


def test_a_published_file_swapped_for_a_link_out_of_the_folder_is_never_read(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text(SECRET, encoding="utf-8")
    _two_published(site)
    (site.seeds / "a.txt").unlink()
    (site.seeds / "a.txt").symlink_to(outside)
    site.write("b.txt", ARTICLE.format(day="Wednesday").replace("Harbour", "Port"))
    result = site.build()
    assert result.returncode == 1
    assert result.stderr == "feedpub: seeds/a.txt: skipped: symlink leads outside the source folder\n"
    assert "outside the source folder" not in _published_text(site)
    assert "Secret" not in _published_text(site)
    assert [e.title for e in site.atom().entries] == ["Port reopens after the storm"]


def test_a_link_to_a_fifo_outside_never_blocks_the_build(
    site: Site, tmp_path_factory: pytest.TempPathFactory
) -> None:
    fifo = tmp_path_factory.mktemp("outside") / "pipe"
    os.mkfifo(fifo)
    _two_published(site)
    (site.seeds / "a.txt").unlink()
    (site.seeds / "a.txt").symlink_to(fifo)
    site.write("b.txt", ARTICLE.format(day="Wednesday").replace("Harbour", "Port"))
    # A blocked build would hold the lock for ever: the timeout turns that into a failure.
    result = subprocess.run(
        [*_feedpub(), "build", "--quiet"], cwd=site.root, capture_output=True, text=True,
        timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "feedpub: seeds/a.txt: skipped: symlink leads outside the source folder\n"
    # The next build is not locked out (exit 75), and has nothing new to say.
    again = site.build()
    assert (again.returncode, again.stderr) == (0, "")


def _feedpub() -> list[str]:
    import sys

    return [sys.executable, "-m", "feedpub"]


def test_read_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.txt")
    with pytest.raises(DocumentError, match="not a regular file"):
        read_bytes(str(tmp_path), SourceFile(str(tmp_path / "a.txt"), "a.txt", 0, 0), 1000)


def test_read_refuses_a_link_out_of_the_folder(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside.txt"
    root.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    (root / "a.txt").symlink_to(outside)
    with pytest.raises(DocumentError, match="symlink leads outside the source folder"):
        read_bytes(str(root), SourceFile(str(root / "a.txt"), "a.txt", 0, 0), 1000)


def test_read_follows_a_link_that_stays_inside(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("inside", encoding="utf-8")
    (tmp_path / "a.txt").symlink_to(tmp_path / "real.txt")
    file = SourceFile(str(tmp_path / "a.txt"), "a.txt", 6, 0)
    assert read_bytes(str(tmp_path), file, 1000) == b"inside"


def test_read_refuses_a_folder_swapped_for_a_link_after_the_scan(tmp_path: Path) -> None:
    """O_NOFOLLOW guards only the last component: the opened descriptor is checked too."""
    root, elsewhere = tmp_path / "root", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (elsewhere / "a.txt").write_text(SECRET, encoding="utf-8")
    # The scan saw root/news/ as a folder; it is a link to elsewhere by the time of the read.
    (root / "news").symlink_to(elsewhere, target_is_directory=True)
    file = SourceFile(str(root / "news" / "a.txt"), "news/a.txt", 10, 0)
    with pytest.raises(DocumentError, match="symlink leads outside the source folder"):
        read_bytes(str(root), file, 1000)
