"""Titles, repeated headlines, furniture and blocks (SPEC.md §1)."""

from __future__ import annotations

from feedpub.config import DEFAULT_FURNITURE
from feedpub.model import Block
from feedpub.parse.layout import (
    clean_title,
    furniture_pattern,
    make_blocks,
    remove_furniture,
    repeats_title,
    split_paragraphs,
)

FURNITURE = furniture_pattern(DEFAULT_FURNITURE)
TITLE = "Mexican cartels are reportedly using the war in Ukraine to train with FPV drones"


def test_near_repeat_of_title() -> None:
    assert repeats_title("Mexican cartels reportedly using war in Ukraine to train with FPV drones", TITLE)
    assert not repeats_title("Intelligence agencies from Mexico and Ukraine are investigating", TITLE)


def test_furniture_is_whole_lines_only() -> None:
    text = (
        "Back to top\n  ↑ BACK TO TOP  \nRead more »\n###\n<!-- -->\n------\n"
        "Read more about the drones in our report.\nShare this\tpage"
    )
    assert remove_furniture(text.split("\n"), FURNITURE) == [
        "", "", "", "", "", "", "Read more about the drones in our report.", "Share this\tpage",
    ]


def test_furniture_in_a_long_document_is_found_as_in_a_short_one() -> None:
    """Past 2,000 lines the text is searched in one pass; line by line below: same lines."""
    short = [
        "Back to top", "  ↑ BACK TO TOP  ", "Read more about the drones.", "", "x" * 201,
        "Share this\tpage", "###", "<!-- -->", "Read more »", " ",
    ]
    expected = remove_furniture(short, FURNITURE)
    assert expected == [
        "", "", "Read more about the drones.", "", "x" * 201, "Share this\tpage", "", "", "", " ",
    ]
    assert remove_furniture(short * 300, FURNITURE) == expected * 300


def test_paragraphs_split_on_blank_lines() -> None:
    assert split_paragraphs("\n\nOne line\nand its wrap\n \n\t\nTwo\n\n") == [
        ["One line", "and its wrap"], ["Two"],
    ]


def test_titles_are_one_clean_line() -> None:
    assert clean_title("# Kyiv\u200b under  fire \u202e") == "Kyiv under fire"
    long = clean_title("word " * 100)
    assert len(long) <= 300 and long.endswith("…")
    whole = "word " * 59 + "end"
    assert clean_title(whole) == whole.strip()


def test_bullets_become_one_list() -> None:
    blocks = make_blocks([["Here are the wins:"], ["- One"], ["- Two", "- Three"], ["After."]])
    assert blocks == (
        Block("paragraph", ("Here are the wins:",)),
        Block("list", ("One", "Two", "Three")),
        Block("paragraph", ("After.",)),
    )
