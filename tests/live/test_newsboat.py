"""A real reader subscribed through ``feedpub serve`` sees an edit after one reload (issue 14):
newsboat fetches the Atom feed over HTTP, the document changes, the server's watcher rebuilds,
and newsboat's next ``reload`` stores the new title."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import Site
from live_process import running, wait_until

SERVING = re.compile(r"serving .* at http://127\.0\.0\.1:(\d+)/")
NEWSBOAT = shutil.which("newsboat")


def _article(site: Site, name: str, title: str) -> None:
    site.write(name, f"{title}\n\nPublished: 3 March 2025 09:00 UTC\n\nThe council met on {title}.\n")


def _reload(home: Path, url: str) -> list[str]:
    """Run ``newsboat -x reload`` with its own cache; return the titles it has stored."""
    urls, cache, config = home / "urls", home / "cache.db", home / "config"
    urls.write_text(f"{url}\n", encoding="utf-8")
    config.touch()
    env = {**os.environ, "HOME": str(home), "TERM": "dumb", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    assert NEWSBOAT is not None
    subprocess.run(
        [NEWSBOAT, "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
        stdin=subprocess.DEVNULL, capture_output=True, check=True, timeout=60, env=env,
    )
    with sqlite3.connect(cache) as db:
        return sorted(row[0] for row in db.execute("SELECT title FROM rss_item"))


@pytest.mark.skipif(NEWSBOAT is None, reason="newsboat is not installed (apt-get install newsboat)")
def test_newsboat_sees_an_edit_after_one_reload(site: Site, tmp_path: Path) -> None:
    _article(site, "roads.txt", "Roads reopen")
    home = tmp_path / "newsboat"
    home.mkdir()
    with running() as start:
        server = start(site, "serve", "--port", "0")
        wait_until(lambda: any(SERVING.search(line) for line in server.log()), "the server")
        server.wait_builds(1)
        port = next(int(m[1]) for line in server.log() if (m := SERVING.search(line)))
        url = f"http://127.0.0.1:{port}/atom.xml"
        assert _reload(home, url) == ["Roads reopen"]

        _article(site, "bridge.txt", "Bridge closes")
        server.wait_builds(2)
        assert _reload(home, url) == ["Bridge closes", "Roads reopen"]
        assert server.stop() == 0
