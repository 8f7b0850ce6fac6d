"""feedpub.urls: the one place that reads URLs and ids from documents (SPEC.md §3).

A value that is not a usable URL is None, never an exception; what comes out is canonical and
stays the same when read again; an id that passes is one the W3C validator takes.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedpub.urls import canonical_id, canonical_url, has_scheme, http_url, slug_for_key, slugify
from feedpub.validate._uris import id_problem, url_problem


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://[x", id="unbalanced-bracket"),
        pytest.param("http://[2001:db8::1/news", id="unclosed-ipv6"),
        pytest.param("https://ex\u2100mple.com/", id="nfkc-netloc"),
        pytest.param("http://[2001:db8::1]/news", id="ipv6-literal"),
        pytest.param("https:///news", id="no-host"),
        pytest.param("http:example.com/news", id="no-authority"),
        pytest.param("http://-example.com/", id="label-starts-with-hyphen"),
        pytest.param("http://a..b/", id="empty-label"),
        pytest.param("http://exa!mple.com/", id="bang-in-host"),
        pytest.param("http://ex%41mple.com/", id="escape-in-host"),
        pytest.param("http://example.com:99999/", id="port-out-of-range"),
        pytest.param("http://example.com:8o/", id="port-not-a-number"),
        pytest.param("http://user:secret@example.com/", id="userinfo"),
        pytest.param("http://" + "a" * 64 + ".com/", id="label-too-long"),
        pytest.param("http://example.com/%FF", id="escape-not-utf8"),
        pytest.param("http://example.com/a b", id="space"),
        pytest.param("ftp://example.com/file", id="other-scheme-with-host"),
        pytest.param("example.com/news", id="no-scheme"),
    ],
)
def test_not_a_url(text: str) -> None:
    assert http_url(text) is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("https://www.twz.com/news/drones", "https://www.twz.com/news/drones"),
        ("HTTPS://Example.COM:443", "https://example.com/"),
        ("http://example.com:80/a/./b/../c", "http://example.com/a/c"),
        ("http://example.com:8080/", "http://example.com:8080/"),
        ("http://example.com./x", "http://example.com/x"),
        ("https://example.org/%7e%41?q=%c3%a9#F", "https://example.org/~A?q=%C3%A9#F"),
        ("https://example.org/a%2Fb?x=%26", "https://example.org/a%2Fb?x=%26"),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("https://例え.jp/パス/ü?q=ä", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9/%C3%BC?q=%C3%A4"),
        ("https://example.org/[draft]", "https://example.org/%5Bdraft%5D"),
    ],
)
def test_canonical_http_url(text: str, canonical: str) -> None:
    assert http_url(text) == canonical
    assert canonical_url(canonical) == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("https://news.example.org/2025/03/lviv", "https://news.example.org/2025/03/lviv"),
        ("HTTP://News.Example.org:80", "http://news.example.org/"),
        ("tag:News.Example.org,2025-03:lviv/tram", "tag:news.example.org,2025-03:lviv/tram"),
        ("tag:Desk@example.org,2025:a?b#c", "tag:desk@example.org,2025:a?b#c"),
        ("tag:example.org,2025-03-03:%7e1", "tag:example.org,2025-03-03:~1"),
        ("tag:example.org,2025:a#b#c", "tag:example.org,2025:a#b%23c"),
        ("URN:ISBN:0451450523", "urn:isbn:0451450523"),
        ("urn:uuid:6E8BC430-9C3A-11D9-9669-0800200C9A66", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"),
        ("urn:example:a%2fb", "urn:example:a%2Fb"),
    ],
)
def test_canonical_id(text: str, canonical: str) -> None:
    assert canonical_id(text) == canonical
    # registry/_assign.py reads the id through canonical_url again: it must not change.
    assert canonical_url(canonical) == canonical
    assert url_problem(canonical) is None
    assert id_problem(canonical, permalink=canonical.startswith("http")) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("x:", id="empty-after-scheme"),
        pytest.param("lviv-tram-line-2025-03", id="slug"),
        pytest.param("mailto:desk@example.org", id="mailto"),
        pytest.param("data:text/html,<b>", id="data"),
        pytest.param("http://[x", id="unbalanced-bracket"),
        pytest.param("https://example.org/%2541", id="escaped-escape"),
        pytest.param("tag:example.org:x", id="tag-without-date"),
        pytest.param("tag:example.org,2025-02-30:x", id="tag-date-not-on-calendar"),
        pytest.param("tag:-example.org,2025:x", id="tag-bad-dns-name"),
        pytest.param("urn:x:y", id="urn-one-letter-nid"),
        pytest.param("urn:isbn:", id="urn-no-nss"),
        pytest.param("urn:example:a/b", id="urn-slash"),
        pytest.param("urn:example:a?+r", id="urn-r-component"),
        pytest.param("urn:uuid:not-a-uuid", id="uuid-not-hex"),
        pytest.param("Ünïcödé id with spaces", id="words"),
    ],
)
def test_not_an_id(text: str) -> None:
    assert canonical_id(text) is None


_URL_TEXT = st.lists(
    st.sampled_from([*"aZ09-._~!$&'()*+,;=:@/?#[]%é ", "%41", "%2F", "%c3%a9", "/./", "/../"]),
    max_size=30,
).map("".join)


@given(st.sampled_from(["http://", "https://", "HTTP://Ex.org", "tag:", "urn:", "x:"]), _URL_TEXT)
def test_never_raises_and_is_a_fixed_point(prefix: str, rest: str) -> None:
    url = canonical_url(prefix + rest)
    assert url is None or canonical_url(url) == url
    found = canonical_id(prefix + rest)
    assert found is None or (canonical_url(found) == found and canonical_id(found) == found)


@given(st.sampled_from(["http://", "https://", "tag:", "urn:"]), st.text(max_size=40))
def test_any_text_gives_a_url_or_none(prefix: str, rest: str) -> None:
    for text in (rest, prefix + rest):
        url = canonical_url(text)
        assert url is None or (url.isascii() and canonical_url(url) == url)
        canonical_id(text)


# --- Slugs (SPEC.md §3; issue 11) ---------------------------------------------------------

# Latin text gives the ASCII slugs it always gave: Latin letters with no ASCII form ("ß",
# "ø") are dropped, "’" joins, symbols separate.
LATIN_SLUGS = [
    ("Café “owners” protest", "cafe-owners-protest"),
    ("Straße ß", "strae"),
    ("Søren Kierkegaard", "sren-kierkegaard"),
    ("don’t stop", "dont-stop"),
    ("5µm test", "5m-test"),
    ("½ price", "12-price"),
    ("ﬁnancial Ｆｕｌｌ", "financial-full"),
    ("Crème brûlée — recipe", "creme-brulee-recipe"),
    ("Über-Ärger_über", "uber-arger-uber"),
    ("ß", "%C3%9F"),
    ("🔥 hot 🔥", "hot"),
    ("x\u2060y a\u00adb", "xy-ab"),
]


@pytest.mark.parametrize(("text", "slug"), LATIN_SLUGS, ids=[t for t, _ in LATIN_SLUGS])
def test_latin_slugs_are_ascii_as_before(text: str, slug: str) -> None:
    assert slugify(text) == slug


SCRIPT_SLUGS = [
    ("Москва 2025", "москва-2025"),
    ("МОСКВА 2025!", "москва-2025"),
    ("Київ 2025", "київ-2025"),
    ("Ελλάδα 2024", "ελλάδα-2024"),
    ("東京、大阪", "東京-大阪"),
    ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
    ("مرحبا ١٢", "مرحبا-١٢"),
    ("ｶﾀｶﾅ", "カタカナ"),
    ("Café Москва", "cafe-москва"),
    # Invisible characters: a word joiner, a variation selector, a Hangul filler.
    ("Моск\u2060ва", "москва"),
    ("漢\ufe0f字", "漢字"),
    ("한국\u3164어", "한국어"),
]


@pytest.mark.parametrize(("text", "slug"), SCRIPT_SLUGS, ids=[t for t, _ in SCRIPT_SLUGS])
def test_every_script_keeps_its_letters_percent_encoded(text: str, slug: str) -> None:
    encoded = slugify(text)
    assert encoded == quote(slug, safe="-")
    assert re.fullmatch(r"(?:[a-z0-9-]|%[0-9A-F]{2})+", encoded)
    assert unquote(encoded) == unicodedata.normalize("NFKC", slug)
    url = f"https://news.example.org/{encoded}/"
    assert canonical_id(url) == url
    assert id_problem(url, permalink=True) is None


def test_a_key_in_a_non_latin_folder_keeps_both_names() -> None:
    assert unquote(slug_for_key("Новини/Москва 2025.txt")) == "новини/москва-2025"


@given(st.text(max_size=60))
def test_any_name_gives_a_canonical_slug_without_invisible_characters(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"(?:[a-z0-9-]|%[0-9A-F]{2})*", slug)
    assert not slug.startswith("-") and not slug.endswith("-")
    shown = unquote(slug)
    assert all(unicodedata.category(c) not in ("Cf", "Cc", "Cs", "Zs") for c in shown)
    if slug:
        url = f"https://news.example.org/{slug}/"
        assert canonical_id(url) == url


@pytest.mark.parametrize(
    ("text", "expected"),
    [("https://example.com/a", True), ("tag:example.com,2025:a", True), ("/2025/a/", False),
     ("posts/a", False), ("2025-03-03", False)],
)
def test_has_scheme_tells_an_absolute_uri_from_a_path(text: str, expected: bool) -> None:
    assert has_scheme(text) is expected
