"""The text package through its public face: what every text becomes before a feed."""

from __future__ import annotations

from feedpub.text import clean_text, one_line, repair_double_utf8, shorten, strip_markup


def test_clean_text_keeps_only_what_xml_allows_in_one_form() -> None:
    assert clean_text("a\r\nb\rc\x00d\x0be\ufffef") == "a\nb\ncdef"
    assert clean_text("Cafe\u0301") == "Café"  # NFC
    assert clean_text("line\u2028next") == "line\nnext"


def test_clean_text_hands_back_clean_text_itself() -> None:
    text = "Already clean, and long enough to matter."
    assert clean_text(text) is text


def test_mojibake_is_repaired_run_by_run() -> None:
    assert repair_double_utf8("CafÃ© and naÃ¯ve") == "Café and naïve"
    assert repair_double_utf8("Ã alone stays") == "Ã alone stays"


def test_one_line_drops_invisible_characters_and_folds_white_space() -> None:
    assert one_line("  Breaking:\u200b   a \t title\n") == "Breaking: a title"
    assert one_line("right\u202eto left") == "rightto left"


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("The council met on Monday evening", 20) == "The council met on…"


def test_strip_markup_removes_tag_like_runs_from_names() -> None:
    assert strip_markup("<b>Jane</b> Doe") == "Jane Doe"
    assert strip_markup("AT&T <!-- x --> news") == "AT&T x news"
    assert strip_markup("Plain name") == "Plain name"
