"""Header blocks: ``Key: value`` lines and ``---`` front matter (SPEC.md §1, Header block)."""

from __future__ import annotations

from datetime import datetime

import pytest

from feedpub.parse.header import Header, split_header


def _split(text: str) -> tuple[Header, list[str]]:
    return split_header(text.split("\n"))


def test_key_value_block() -> None:
    header, rest = _split(
        "Title: Drones over Nayarit\nDate: 2025-03-03 14:05\nAuthor: Ana Ruiz and Li Wei\n"
        "Tags: drones, Mexico\nSource-URL: https://www.twz.com/x\n\nDrones over Nayarit\n\nBody."
    )
    assert header.title == "Drones over Nayarit"
    assert header.published == "2025-03-03 14:05"
    assert header.authors == ("Ana Ruiz", "Li Wei")
    assert header.categories == ("drones", "Mexico")
    assert header.source_url == "https://www.twz.com/x"
    assert rest == ["", "Drones over Nayarit", "", "Body."]


def test_a_title_with_a_colon_is_not_a_header() -> None:
    header, rest = _split("Breaking: dam bursts in the north\n\nThe dam burst at dawn.")
    assert header == Header()
    assert rest[0] == "Breaking: dam bursts in the north"


@pytest.mark.parametrize(
    "text",
    [
        "Live: Russia-Ukraine war updates\nPublished: 3 March 2025 14:05 CET\n\nBody.",
        "Exclusive: Company X to cut 500 jobs\nDate: 2025-03-03\n\nBody.",
        "Analysis: what the vote means\nBy: Jane Doe\nTags: politics\n\nBody.",
    ],
)
def test_a_block_whose_first_key_is_unknown_is_a_title(text: str) -> None:
    header, rest = _split(text)
    assert header == Header()
    assert rest == text.split("\n")


def test_a_block_opens_with_a_known_key() -> None:
    header, rest = _split("Date: 2025-03-03\nLive: yes\n\nTitle line\n\nBody.")
    assert header.published == "2025-03-03"
    assert rest == ["", "Title line", "", "Body."]


def test_fenced_front_matter_with_quotes_folds_and_lists() -> None:
    header, rest = _split(
        "---\n"
        'title: "Kyiv: a \\"quiet\\" night"\n'
        "summary: >\n  Air defence was busy\n  all night.\n"
        "tags: [war, 'air defence']\n"
        "categories:\n  - Europe\n  - Ukraine\n"
        "author: 'O''Brien'\n"
        "date: 2025-03-03T14:05:00+02:00  # local time\n"
        "---\n"
        "Kyiv: a quiet night\n"
    )
    assert header.title == 'Kyiv: a "quiet" night'
    assert header.summary == "Air defence was busy all night."
    assert header.categories == ("war", "air defence", "Europe", "Ukraine")
    assert header.authors == ("O'Brien",)
    assert header.published == datetime.fromisoformat("2025-03-03T14:05:00+02:00")
    assert rest == ["Kyiv: a quiet night", ""]


def test_unclosed_fence_is_not_a_header() -> None:
    header, rest = _split("---\ntitle: x\n\nBody")
    assert header == Header()
    assert rest[0] == "---"


def test_front_matter_escapes_are_decoded_as_yaml_decodes_them() -> None:
    header, _ = _split(
        "---\n"
        'title: "Jen\\_Psaki\\u2019s briefing, July\\_8,\\\n  \\ 2021"\n'
        "author: 'It''s Me'\n"
        "---\n\nBody.\n"
    )
    assert header.title == "Jen\u00a0Psaki\u2019s briefing, July\u00a08, 2021"
    assert header.authors == ("It's Me",)
    assert header.fenced


def test_pelican_continuation_lines_and_semicolon_authors() -> None:
    header, rest = _split(
        "Title: Tram line\nAuthors: Author, First; Author, Second\nSummary: one\n    two\n"
        "Status: draft\n\nBody."
    )
    assert header.authors == ("Author, First", "Author, Second")
    assert header.summary == "one two"
    assert header.draft
    assert not header.fenced
    assert rest == ["", "Body."]
