"""The pages in a real browser, at a phone's width and a desktop's (issue 12).

Needs Chromium: ``$FEEDPUB_CHROMIUM`` or one on PATH, else the test setup installs Debian's
``chromium`` where it runs as root with apt-get. Where there is none the test is skipped,
saying so. The content holds a
long URL, a long word, a wide table and a line of code, so that overflow is likely unless the
stylesheet keeps each of them inside the screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from headless_chromium import Chromium, find_chromium, install_chromium
from pages_fixtures import HOSTILE_TITLE, LONG_WORD, make_entry, write_site

WIDTHS = (360, 1280)
# What the test reads from the page: overflow of the document and of the boxes that should
# scroll inside themselves, the rendered text, and every URL the page made the browser load.
MEASURE = """(() => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    return element ? {scroll: element.scrollWidth, client: element.clientWidth} : null;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5
                     && !e.closest("table, pre"))
      .map((e) => e.tagName + (e.className ? "." + e.className : "")),
    table: box("table"),
    pre: box("pre"),
    text: document.body.innerText,
    loaded: performance.getEntriesByType("resource").map((r) => r.name),
    styled: getComputedStyle(document.body).maxWidth,
  };
})()"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    executable = find_chromium() or install_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium on PATH, and it could not be installed here (apt-get as root): install "
            "Debian's chromium (apt-get install -y chromium) or set FEEDPUB_CHROMIUM to a "
            "Chromium or Chrome binary to run the browser test"
        )
    chromium = Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entries = (make_entry(0), make_entry(1, title="A second story"))
    return write_site(tmp_path_factory.mktemp("public"), entries)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", ["index.html", "story-0/index.html"])
def test_page_fits_the_screen(browser: Chromium, site: Path, page: str, width: int) -> None:
    browser.open((site / page).as_uri(), width)
    seen = browser.evaluate(MEASURE)
    assert seen["innerWidth"] == width
    assert seen["scrollWidth"] <= seen["innerWidth"], seen["wide"]
    assert seen["wide"] == []
    assert seen["styled"] != "none"  # the stylesheet was found and applied
    assert all(url.startswith("file://") for url in seen["loaded"]), seen["loaded"]
    text = seen["text"]
    assert HOSTILE_TITLE in text
    assert "Subscribe" in text and "https://news.example.com/atom.xml" in text
    if page == "index.html":
        assert "A second story" in text
        assert "Summary 1 with <script>alert(1)</script>" in text
    else:
        assert LONG_WORD in text.replace("\n", "")
        assert "Column heading 13" in text
        # The wide table and the code scroll inside their own boxes on a phone.
        if width < 600:
            assert seen["table"]["scroll"] > seen["table"]["client"]
            assert seen["pre"]["scroll"] > seen["pre"]["client"]
