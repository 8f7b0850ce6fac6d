"""The sanitizer (text/_html.py): the allow-list holds whatever HTML it is given."""

from __future__ import annotations

import pytest

from feedpub.text import has_relative_urls, sanitize_html

BASE = "https://news.example.com/2025/storm/"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<script>alert(1)</script><p>kept</p>", "<p>kept</p>"),
        ("<style>p{}</style><p>kept</p>", "<p>kept</p>"),
        ('<img src="https://e.com/a.png" onerror="alert(1)">', '<img src="https://e.com/a.png">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
        # An image whose URL goes becomes its alt text: HTML allows no <img> without src.
        ('<img src="data:image/png;base64,AAAA">', ""),
        ('<p><img src="javascript:x" alt="A map" title="t"> here</p>', "<p>A map here</p>"),
        ('<img src="data:x" alt="&lt;b&gt; &amp; &quot;q&quot;">', "&lt;b&gt; &amp; &quot;q&quot;"),
        ('<img src="data:x" alt=\'<img src="https://e.com/">\'>', '&lt;img src=&quot;https://e.com/&quot;&gt;'),
        ('<img alt="a" src="https://e.com/a.png">', '<img alt="a" src="https://e.com/a.png">'),
        ('<a href="data:text/html,<script>">x</a>', "<a>x</a>"),
        ('<a href="file:///etc/passwd">x</a>', "<a>x</a>"),
        ('<p style="color:red" class="c" id="i" onclick="f()">x</p>', "<p>x</p>"),
        ("<iframe src='https://e.com/'></iframe><p>x</p>", "<p>x</p>"),
        ('<a href="mailto:desk@example.com">desk</a>', '<a href="mailto:desk@example.com">desk</a>'),
        ('<ol start="3"><li>c</li></ol>', '<ol start="3"><li>c</li></ol>'),
        ("<!-- comment --><p>x</p>", "<p>x</p>"),
    ],
)
def test_only_the_allow_list_survives(html: str, expected: str) -> None:
    assert sanitize_html(html) == expected
    assert sanitize_html(html, BASE) == expected


def test_relative_urls_stay_relative_without_a_base_and_become_absolute_with_one() -> None:
    html = (
        '<a href="photos/">a</a><a href="/about/">b</a><a href="../2024/">c</a>'
        '<a href="#top">d</a><img src="//cdn.example.com/x.png">'
    )
    assert sanitize_html(html) == html
    assert sanitize_html(html, BASE) == (
        '<a href="https://news.example.com/2025/storm/photos/">a</a>'
        '<a href="https://news.example.com/about/">b</a>'
        '<a href="https://news.example.com/2025/2024/">c</a>'
        '<a href="https://news.example.com/2025/storm/#top">d</a>'
        '<img src="https://cdn.example.com/x.png">'
    )


def test_a_url_that_urljoin_cannot_read_is_dropped() -> None:
    assert sanitize_html('<a href="http://[bad/x">x</a>', BASE) == "<a>x</a>"


def test_the_cdata_end_never_survives_in_text_or_attributes() -> None:
    html = sanitize_html('<p title="]]>">]]></p><a href="https://e.com/" title="a]]>b">x</a>')
    assert "]]>" not in html


@pytest.mark.parametrize(
    ("html", "relative"),
    [
        ('<p><a href="https://e.org/a">a</a> <img src="http://e.org/b.png"></p>', False),
        ('<p><a href="mailto:desk@e.org">desk</a></p>', False),
        # Text that reads like an attribute may say True: sanitizing again then changes nothing.
        ('<p>href="x" as text</p>', True),
        ('<p><a href="a/b.html">a</a></p>', True),
        ('<p><img src="/images/x.png"></p>', True),
        ('<p><a href="//e.org/a">a</a></p>', True),
        ('<p><a href="#notes">a</a></p>', True),
    ],
)
def test_relative_urls_are_told_in_sanitized_html(html: str, relative: bool) -> None:
    assert has_relative_urls(sanitize_html(html)) is relative
