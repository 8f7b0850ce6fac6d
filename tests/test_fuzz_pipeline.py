"""No value from a document can raise past that document (issue: hostile header values).

Hypothesis writes small sites whose documents carry URL-, date- and id-shaped header values
and credits segments, hostile and ordinary, and runs the whole pipeline (``feedpub build``,
in process) twice, the second time after a rename: a build may refuse documents by name
(exit 1), but never fails (exit 3), and what it publishes is always a valid feed.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedpub.cli import main

from conftest import assert_valid_atom, read_feed

HOSTILE_URLS = [
    "http://[x", "http://[2001:db8::1/news", "https://ex℀mple.com/", "javascript:alert(1)",
    "x:", "tag:", "urn:", "urn:x", "//example.org/a", "http://", "https://a b/", "http://%zz/",
    "http://exa mple.org", "https://[::1]:99999/", "http://example.org:abc/", "data:text/html,x",
    "HTTP://EXAMPLE.ORG/A", "https://例え.テスト/記事", "https://xn--/", "http://a..b/",
    "tag:example.org,2025:story", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
    "https://example.org/a?b=c#d", "mailto:a@example.org", "http://\u0000/",
]
HOSTILE_DATES = [
    "GMT+2", "UTC+0900", "3 March 2025 14:05 UTC+0900", "March 3, 2025 GMT+2",
    "2025-03-03T10:00:00+15:00", "March 3, 0000", "0001-01-01", "9999-12-31T23:59:59-14:00",
    "2025-02-30", "Feb 29, 2023", "10000-01-01", "-0001-01-01", "2025-03-03T25:61:00Z",
    "3/4/5", "March 3, 2025 at 9 PM ET", "Tuesday, March 1, 2022, 9 PM EST", "1e309",
    "2025-03-03T10:00:00+14:00", "2025-03-03T10:00:00-99:99", "12/31/1969 23:59:59 GMT-14",
]
KEYS = [
    "Title", "Date", "Published", "Updated", "Author", "By", "Source", "Source-URL", "Photo",
    "Link", "URL", "Id", "Guid", "Tags", "Categories", "Language", "Summary",
]

_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
_text = st.text(
    st.characters(blacklist_categories=_SURROGATES, blacklist_characters="\n\r"), max_size=40
)
_urlish = st.one_of(
    st.sampled_from(HOSTILE_URLS),
    st.builds(
        "{}{}{}".format,
        st.sampled_from(["http://", "https://", "tag:", "urn:", "", "ftp://", "javascript:"]),
        st.text("abc.[]:@%℀例-_0123456789", max_size=15),
        st.text("/?#=&%abc-_.~ []", max_size=15),
    ),
)
_dateish = st.one_of(
    st.sampled_from(HOSTILE_DATES),
    st.builds(
        "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00{}".format,
        st.integers(0, 10000), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
        st.integers(0, 61), st.sampled_from(["Z", "+15:00", "-14:00", "+0530", "", "+24:00"]),
    ),
    st.builds(
        "{} {} {} {}".format,
        st.integers(0, 40), st.sampled_from(["March", "Mar", "Sept", "Foo"]),
        st.integers(0, 10000), st.sampled_from(["GMT+2", "UTC-0900", "CET", "ET", "XYZ", ""]),
    ),
)
_value = st.one_of(_urlish, _dateish, _text)
_header = st.lists(st.tuples(st.sampled_from(KEYS), _value), max_size=6)
_credits = st.lists(
    st.tuples(st.sampled_from(["Source", "URL", "Photo", "Published", "Updated", "By", "Via"]), _value),
    max_size=4,
)


def _document(header: list[tuple[str, str]], credits: list[tuple[str, str]], n: int) -> str:
    lines = [f"{key}: {value}" for key, value in header]
    title = f"Story number {n} about the harbour"
    body = "The harbour reopened on Monday after a week of repairs to the quay."
    footer = " | ".join(f"{key}: {value}" for key, value in credits)
    return "\n".join([*lines, "", title, "", body, "", footer, ""])


def _build(root: Path) -> tuple[int, str]:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        code = main([
            "build", str(root / "seeds"), "--output", str(root / "public"),
            "--state", str(root / "state.sqlite3"), "--site-url", "https://news.example.org",
            "--quiet",
        ])
    return code, errors.getvalue()


@settings(
    # FEEDPUB_FUZZ_EXAMPLES=2000 for a longer hunt; CI runs the default.
    max_examples=int(os.environ.get("FEEDPUB_FUZZ_EXAMPLES", "60")),
    deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.tuples(_header, _credits), min_size=1, max_size=4))
def test_no_document_makes_a_build_fail(documents: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        for n, (header, credits) in enumerate(documents):
            (root / "seeds" / f"doc{n}.txt").write_text(
                _document(header, credits, n), encoding="utf-8"
            )
        for attempt in range(2):
            code, errors = _build(root)
            assert code in (0, 1), errors
            assert "internal error" not in errors
            assert all(line.startswith("feedpub: ") for line in errors.splitlines()), errors
            read_feed(root / "public" / "rss.xml")
            atom = read_feed(root / "public" / "atom.xml")
            assert_valid_atom((root / "public" / "atom.xml").read_bytes())
            ids = [entry.id for entry in atom.entries]
            assert len(ids) == len(set(ids))
            if attempt == 0:
                (root / "seeds" / "doc0.txt").rename(root / "seeds" / "renamed.txt")
