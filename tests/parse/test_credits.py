"""Credits lines, bylines, datelines and captions (SPEC.md §1)."""

from __future__ import annotations

import pytest

from feedpub.parse.credits import dateline_agency, parse_byline, parse_credits_line, split_caption


def test_seed_credits_line() -> None:
    line = parse_credits_line(
        "Source: The War Zone | Photo: X @DefenceU | This content was created with the help of "
        "AI and reviewed by the editorial team"
    )
    assert line is not None
    assert line.sources == ("The War Zone",)
    assert line.photos == ("X @DefenceU",)
    assert line.disclosures == (
        "This content was created with the help of AI and reviewed by the editorial team",
    )


def test_corpus_credits_line_with_url_and_date() -> None:
    line = parse_credits_line(
        "Source: Wikinews | URL: https://en.wikinews.org/wiki/X | License: CC BY 2.5"
    )
    assert line is not None
    assert line.source_url == "https://en.wikinews.org/wiki/X"
    assert line.others == (("License", "CC BY 2.5"),)


@pytest.mark.parametrize(
    ("segment", "url"),
    [
        ("URL: http://[2001:db8::1/news", None),
        ("URL: http://[x", None),
        ("URL: https://ex\u2100mple.com/", None),
        ("URL: http://[2001:db8::1]/news", None),
        ("URL: https:///news", None),
        ("URL: javascript:alert(1)", None),
        ("URL: HTTPS://EN.Wikinews.org/wiki/X", "https://en.wikinews.org/wiki/X"),
    ],
)
def test_url_segment_is_a_url_or_nothing(segment: str, url: str | None) -> None:
    line = parse_credits_line(f"Source: Wikinews | {segment} | License: CC BY 2.5")
    assert line is not None
    assert line.sources == ("Wikinews",)
    assert line.source_url == url


@pytest.mark.parametrize(
    "text",
    ["Breaking: the dam has burst", "The source said so | and more", "Note: see below"],
)
def test_not_credits_lines(text: str) -> None:
    assert parse_credits_line(text) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By Ana de la Cruz, Li Wei and Tom O'Neil", ("Ana de la Cruz", "Li Wei", "Tom O'Neil")),
        ("By reshoring critical manufacturing, unleashing American energy", None),
        ("By the end of the week the river rose", None),
        ("Par Marie Dupont et Jean Martin", ("Marie Dupont", "Jean Martin")),
        ("Von Anna Schmidt und Jonas Weber", ("Anna Schmidt", "Jonas Weber")),
        ("Von der Leyen said the plan would work", None),
    ],
)
def test_bylines(text: str, names: tuple[str, ...] | None) -> None:
    assert parse_byline(text) == names


@pytest.mark.parametrize(
    ("paragraph", "agency"),
    [
        ("KYIV, Ukraine (AP) — Russia launched drones overnight.", "AP"),
        ("WASHINGTON, DC – Today, the President announced.", None),
        ("LONDON (Reuters) - Shares fell.", "Reuters"),
        ("The AP reported (AP) — nothing.", None),
    ],
)
def test_dateline_agency(paragraph: str, agency: str | None) -> None:
    assert dateline_agency(paragraph) == agency


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Cartels train with FPV drones (X @DefenceU)", ("Cartels train with FPV drones", "X @DefenceU")),
        ("Rescuers at the site (Photo: Reuters/Ann Lee)", ("Rescuers at the site", "Reuters/Ann Lee")),
        ("Via Teleconference (July 18, 2022)", None),
        ("Dear Mr. Chairman: (Dear Madam Chair:)", None),
        ("The meeting ended late (local time).", None),
    ],
)
def test_captions(line: str, expected: tuple[str, str] | None) -> None:
    assert split_caption(line) == expected
