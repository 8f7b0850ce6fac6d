"""Write the hostile corpus: one file per case of the "Hostile input" issue, each with its fate.

Every case says what ``feedpub build`` must do with it:

- ``Published(title)``: the document is in both feeds under that title;
- ``Refused(reason)``: one line ``feedpub: <path>: skipped: <reason>`` on stderr names it;
- ``Skipped()``: it is not a document (hidden, backup, FIFO…): nothing on stderr, not published.

``committed_cases()`` are the files that live in git, in ``tests/data/hostile/``; run
``python tests/make_hostile.py`` to (re)write them. The output is the same bytes on every run
and only files whose bytes differ are rewritten. ``runtime_cases()`` are what git cannot hold
(FIFOs, sockets, unreadable files, symlinks, huge files, names with newlines or bytes that are
not UTF-8); tests create them in ``tmp_path`` with ``write_cases()``.

``python tests/make_hostile.py --site DIR`` writes a complete site to build and judge by hand:
``DIR/seeds/`` holds every case plus the shipped seed, next to a ``feedpub.toml``.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
import shutil
import socket
import stat
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
HOSTILE = HERE / "data" / "hostile"
SEED = HERE.parent / "seeds" / "000_51ddf44c89690912.txt"
MAX_SIZE = 2 * 1024 * 1024
# Default title length cap is "sane"; a cut title is at most this long (ellipsis included).
MAX_TITLE = 300
SKIPPED_MARK = "must not be published"


@dataclass(frozen=True, slots=True)
class Published:
    """The document is in both feeds with ``title``; with ``exact=False`` the feed's title
    starts with ``title``, ends with an ellipsis and is at most MAX_TITLE characters."""

    title: str
    exact: bool = True


@dataclass(frozen=True, slots=True)
class Refused:
    """The document is named on exactly one stderr line whose reason holds ``reason``."""

    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """Not a document: never named on stderr, never published."""


Expect = Published | Refused | Skipped
Maker = Callable[[Path], None]


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: where it lives under the source folder, what it is, what must happen.

    ``name`` is the path relative to the source folder with ``/`` separators; it may hold any
    character but NUL (bytes that are not UTF-8 appear as lone surrogates, PEP 383).
    ``make`` creates the file-system object at the path it is given.
    """

    name: str
    expect: Expect
    make: Maker


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _article(title: str, case: str) -> str:
    """A good document: its title, then two paragraphs that name its case."""
    return _lines(
        title,
        "",
        f"This document is the {case} case of the hostile corpus. It must publish cleanly, with",
        "its title and these paragraphs intact, whatever else the folder holds.",
        "",
        f"A second paragraph, so that the {case} document has more than one block of text.",
    )


def _file(data: bytes) -> Maker:
    def make(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return make


def _text(text: str, encoding: str = "utf-8", bom: bytes = b"") -> Maker:
    return _file(bom + text.encode(encoding, "surrogatepass"))


def _good(name: str, title: str) -> Case:
    return Case(name, Published(title), _text(_article(title, name)))


def _not_a_document(name: str) -> Case:
    """A file that would publish if read, and must not be."""
    return Case(name, Skipped(), _text(_article(f"Not a document: {name} {SKIPPED_MARK}", name)))


def _noise(label: str, size: int) -> bytes:
    """Fixed pseudo-random bytes: the same on every run."""
    blocks = (hashlib.sha256(b"%s %d" % (label.encode(), i)).digest() for i in range(size // 32 + 1))
    return b"".join(blocks)[:size]


# Reading (issue: "only regular files matching the configured patterns…")


def _reading_cases() -> list[Case]:
    nested = "nested/" + "/".join("abcdefghijklmnopqrst") + "/nested_deep.txt"
    return [
        _good("plain_good.txt", "A plain document publishes next to hostile ones"),
        _good("markdown_good.md", "A Markdown file matches the default patterns"),
        _not_a_document(".hidden_file.txt"),
        _not_a_document(".hidden_folder/inside_hidden_folder.txt"),
        _not_a_document("editor_backup.txt~"),
        _not_a_document("#editor_autosave.txt#"),
        _not_a_document("editor_swap.txt.swp"),
        _not_a_document(".editor_swap.txt.swp"),
        _not_a_document("not_a_document.csv"),
        _good(
            "folder_named_like_a_file.txt/inside_folder_named_like_a_file.txt",
            "A folder named like a file is a folder, and its documents publish",
        ),
        _good(nested, "A document twenty folders deep publishes"),
        _good("name with spaces.txt", "A file name with spaces publishes"),
        _good("nön-ascii náme 名前 ελληνικά.txt", "A file name in four scripts publishes"),
        _good("emoji 📰 name.txt", "A file name with an emoji publishes"),
        _good("same slug.txt", "Two names with one slug: the first"),
        _good("Same-Slug!.txt", "Two names with one slug: the second"),
        _good("___.txt", "A file name with no letters publishes"),
        _good("ДокументКириллица.txt", "A Cyrillic file name publishes"),
    ]


# Decoding (issue: "BOM detection (UTF-8/16/32); valid UTF-8; otherwise … cp1252")

CP1252_TITLE = "Café owners protest €2 “terrace tax” – again"
BOM_CP1252_TITLE = "A UTF-8 BOM before cp1252 text: “Zürich” – €5"
NFD_TITLE = "Cafe\u0301 de\u0301ja\u0300 vu in NFD is published in NFC"


def _decoding_cases() -> list[Case]:
    def in_encoding(name: str, title: str, encoding: str, bom: bytes) -> Case:
        return Case(name, Published(title), _text(_article(title, name), encoding, bom))

    odd_utf16 = codecs.BOM_UTF16_LE + _article(
        "UTF-16 with a truncated last byte still publishes", "utf16le_bom_odd_length.txt"
    ).encode("utf-16-le") + b"A"
    return [
        in_encoding("utf8_bom.txt", "UTF-8 with a BOM: “Ünïcödé” ✓", "utf-8", codecs.BOM_UTF8),
        in_encoding("utf16le_bom.txt", "UTF-16 LE with a BOM: Zürich 🔥", "utf-16-le", codecs.BOM_UTF16_LE),
        in_encoding("utf16be_bom.txt", "UTF-16 BE with a BOM: Ελλάδα 🌍", "utf-16-be", codecs.BOM_UTF16_BE),
        in_encoding("utf32le_bom.txt", "UTF-32 LE with a BOM: 東京 🚄", "utf-32-le", codecs.BOM_UTF32_LE),
        in_encoding("utf32be_bom.txt", "UTF-32 BE with a BOM: Київ 🌻", "utf-32-be", codecs.BOM_UTF32_BE),
        in_encoding("cp1252_legacy.txt", CP1252_TITLE, "cp1252", b""),
        in_encoding("latin1_legacy.txt", "Münchner Bäckereien erhöhen den Preis", "latin-1", b""),
        # A BOM glued onto legacy text (an editor's "add BOM" on a cp1252 file): the bytes after
        # it are not UTF-8, and the text is still text.
        in_encoding("utf8_bom_then_cp1252.txt", BOM_CP1252_TITLE, "cp1252", codecs.BOM_UTF8),
        Case(
            "utf16le_bom_odd_length.txt",
            Published("UTF-16 with a truncated last byte still publishes"),
            _file(odd_utf16),
        ),
        Case(
            "utf32le_bom_invalid_code_points.txt",
            Refused("binary"),
            _file(codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 64),
        ),
        Case(
            "utf16le_bom_then_binary.txt",
            Refused("binary"),
            _file(codecs.BOM_UTF16_LE + _noise("utf16 junk", 2048)),
        ),
        Case(
            "utf8_overlong_sequence.txt",
            Published("An overlong UTF-8 sequence falls back to a legacy guess"),
            _file(
                _article("An overlong UTF-8 sequence falls back to a legacy guess", "overlong")
                .encode()
                .replace(b"hostile corpus", b"hostile \xc0\xaf corpus")
            ),
        ),
        Case(
            "utf8_encoded_surrogate.txt",
            Published("A UTF-8 encoded surrogate is dropped"),
            _file(
                _article("A UTF-8 encoded surrogate is dropped", "surrogate")
                .encode()
                .replace(b"hostile corpus", b"hostile \xed\xa0\x80corpus")
            ),
        ),
        Case(
            "nfd_decomposed.txt",
            Published(unicodedata.normalize("NFC", NFD_TITLE)),
            _text(_article(NFD_TITLE, "nfd")),
        ),
        Case(
            "stray_nul.txt",
            Published("A stray NUL byte in long text is dropped"),
            _file(
                _article("A stray NUL byte in long text is dropped", "stray NUL")
                .encode()
                .replace(b"hostile corpus", b"hostile\x00 corpus")
            ),
        ),
        *_binary_cases(),
    ]


def _binary_cases() -> list[Case]:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06\x00\x00\x00"
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
    controls = "".join(
        f"{word}{chr(1 + i % 8)}" for i, word in enumerate(["Binary", "junk", "looks", "like", "words"] * 40)
    )
    no_nul = _noise("no nul", 4096).replace(b"\x00", b"\x01")
    text = _article("Compressed text is not text", "gzip").encode()
    return [
        Case("binary_png.txt", Refused("binary"), _file(png + _noise("png", 1024))),
        Case("binary_elf.txt", Refused("binary"), _file(elf + _noise("elf", 1024))),
        Case("binary_gzip.txt", Refused("binary"), _file(gzip.compress(text * 20, mtime=0))),
        Case("binary_control_bytes.txt", Refused("binary"), _text(f"Title line\n\n{controls}\n")),
        Case("binary_random_no_nul.txt", Refused("binary"), _file(no_nul)),
    ]


# Sanitising (issue: "characters XML 1.0 forbids removed; bidi override controls and
# zero-width junk removed from titles; titles collapsed to one line and capped…")

MARKUP_TITLE = "<script>alert(1) &amp; &copy; &#169; &#x26; AT&T, a < b, I <3 & <![CDATA[ x ]]>"
# clean_title drops "<![CDATA[" (feedparser would read the RSS title as markup) and resolves
# character references (readers show "&amp;" in a title as "&").
MARKUP_TITLE_SHOWN = "<script>alert(1) & © © & AT&T, a < b, I <3 & x ]]>"
CLOSING_TAG_TITLE = "Why </b> and </script> in a title trip up feed readers"
LONG_TITLE = " ".join(["Overlong title word"] * 18)  # 359 characters: a title, not a paragraph


def _sanitising_cases() -> list[Case]:
    return [
        Case(
            "xml_forbidden_controls.txt",
            Published("Odesa power restored after overnight drone attack"),
            _text(_lines(
                "Odesa\x1b power restored\x0b after overnight\x7f drone attack\x08",
                "",
                "Power was restored\x0c to most of Odesa\x01 by Sunday morning.\ufffe",
                "",
                "Repair crews worked\uffff through the night\x1f in sub-zero temperatures.",
            )),
        ),
        Case(
            "c1_controls.txt",
            Published("C1 controls vanish from titles"),
            # Not U+0085: NEL is a line end (Unicode §5.8), which would split the title.
            _text(_article("C1 controls\x80 vanish\x9b from titles\x9f", "C1 controls")),
        ),
        Case(
            "lone_surrogate_utf16.txt",
            Published("A lone surrogate in UTF-16 is dropped"),
            _text(
                _article("A lone surrogate in UTF-16 is dropped", "lone surrogate").replace(
                    "hostile corpus", "hostile \ud83d corpus"
                ),
                "utf-16-le",
                codecs.BOM_UTF16_LE,
            ),
        ),
        Case(
            "bidi_overrides_title.txt",
            Published("Election results RESULTS announced in Tbilisi"),
            _text(_article(
                "Election results \u202eRESULTS\u202c announced\u200f in \u2066Tbilisi\u2069",
                "bidi overrides",
            )),
        ),
        Case(
            "zero_width_title.txt",
            Published("Zero-width junk is removed from titles"),
            _text(_article(
                "Zero\u200b-width\u2060 junk\u00ad is\ufeff removed\u200b from titles", "zero width"
            )),
        ),
        Case(
            "odd_white_space_title.txt",
            Published("Tabs and odd spaces collapse to one"),
            _text(_article(
                "  Tabs\t\tand \u00a0odd\u2003spaces \u3000collapse   to one\t ", "odd white space"
            )),
        ),
        Case("title_too_long.txt", Published(LONG_TITLE[:100], exact=False),
             _text(_article(LONG_TITLE, "title too long"))),
        Case(
            "header_title_too_long.txt",
            Published("Header title " * 5, exact=False),
            _text("Title: " + "Header title " * 400 + "\n\n" + _article("", "header title")),
        ),
        Case("title_without_spaces_too_long.txt", Published("A" * 100, exact=False),
             _text(_article("A" * 390, "title without spaces"))),
        Case("markup_title.txt", Published(MARKUP_TITLE_SHOWN),
             _text(_article(MARKUP_TITLE, "markup_title.txt"))),
        _good("markup_title_closing_tag.txt", CLOSING_TAG_TITLE),
        _good("markup_title_lone_tag.txt", "<br/> <img src=x onerror=alert(1)> tags in a title"),
        _good("cdata_end_in_title.txt", "A ]]> in a title ends no CDATA section"),
        Case(
            "html_in_body.txt",
            Published("HTML in the body is text"),
            _text(_lines(
                "HTML in the body is text",
                "",
                "<script>alert('body')</script> <img src=x onerror=alert(2)> and an",
                '<a href="javascript:alert(3)">evil link</a> and <iframe src="//evil"></iframe>.',
                "",
                "Entities &amp; &nbsp; &#0; &#x1; and a CDATA end ]]> and a comment <!-- c -->.",
                "",
                '<p style="x">A paragraph tag</p> <b>bold</b> </div> </body></html>',
            )),
        ),
        Case(
            "ansi_escapes_in_body.txt",
            Published("Terminal colour codes in the body are dropped"),
            _text(_article("Terminal colour codes in the body are dropped", "ansi").replace(
                "hostile corpus", "\x1b[31mhostile\x1b[0m corpus\x07"
            )),
        ),
        Case(
            "markdown_markup.md",
            Published("Markdown heading with symbols & such"),
            _text(_lines(
                "# Markdown heading with symbols & such",
                "",
                "Some **bold** text, a [link](javascript:alert(1)) and `code <b>`.",
                "",
                "```",
                "<script>fenced()</script>",
                "```",
            )),
        ),
    ]


# Limits (issue: "a title but no body, or a body but no title, are refused with the reason;
# duplicate documents (same text under two names) publish once")

DUPLICATE_TEXT = _article("One text under several names publishes once", "duplicate")


def _limit_cases() -> list[Case]:
    paragraph = " ".join(["This long first line is a paragraph, not a title."] * 12)
    same = Refused("same text as duplicate_a_first.txt")
    return [
        Case("empty.txt", Refused("empty"), _file(b"")),
        Case("whitespace_only.txt", Refused("empty"), _text("  \n\t\n\r\n \u3000 \n\n")),
        Case("bom_only.txt", Refused("empty"), _file(codecs.BOM_UTF8)),
        Case("utf16_bom_only.txt", Refused("empty"), _file(codecs.BOM_UTF16_LE + "\n\n".encode("utf-16-le"))),
        # Only control characters: "empty" or "binary", the wording is free.
        Case("controls_only.txt", Refused(""), _file(b"\x01\n\x1b\n\x7f\n")),
        Case("title_only.txt", Refused("no body"), _text("A title with nothing under it\n")),
        Case("title_and_furniture_only.txt", Refused("no body"),
             _text(_lines("A title over site furniture", "", "Share this", "", "Back to top"))),
        Case("title_and_credits_only.txt", Refused("no body"),
             _text(_lines("A title over a credits line", "", "Source: Reuters | Photo: AP"))),
        Case("header_only.txt", Refused("no body"),
             _text(_lines("Title: A header block and nothing else", "Date: 2025-03-03"))),
        Case("body_only.txt", Refused("no title"), _text(_lines(paragraph, "", paragraph))),
        Case("no_words_title.txt", Refused("no title"), _text(_lines("!!! ??? …", "", paragraph))),
        Case("duplicate_a_first.txt", Published("One text under several names publishes once"),
             _text(DUPLICATE_TEXT)),
        Case("duplicate_b_same_bytes.txt", same, _text(DUPLICATE_TEXT)),
        Case("duplicate_c_crlf.txt", same, _text(DUPLICATE_TEXT.replace("\n", "\r\n"))),
        Case("duplicate_d_utf16.txt", same, _text(DUPLICATE_TEXT, "utf-16-le", codecs.BOM_UTF16_LE)),
        Case("nested/duplicate_e_in_folder.txt", same, _text(DUPLICATE_TEXT)),
    ]


# Header values (SPEC.md §1, Header block): hostile values never reach the feeds as markup or
# as invalid URLs and dates.


def _header_cases() -> list[Case]:
    body = _article("", "header").lstrip("\n")
    return [
        Case(
            "header_hostile_values.txt",
            Published("Header title with <script> & &"),
            _text(_lines(
                "Title: Header title with <script> & &amp;",
                "Link: javascript:alert(1)",
                "Source: <b>Evil</b> & Co",
                'Source-URL: http://exa mple.org/"><script>',
                "Author: <script>alert(1)</script>",
                "Tags: <b>, , &amp;, a\u202eb, " + "x" * 300,
                'Language: en"><script>',
                "Date: 99999-99-99",
                "Summary: <script>alert('summary')</script> &amp;",
                "",
            ) + body),
        ),
        Case(
            "header_link_non_ascii.txt",
            Published("A header link with non-ASCII characters"),
            _text(_lines(
                "Title: A header link with non-ASCII characters",
                "Link: https://例え.jp/パス/ü?q=ä#frag",
                "",
            ) + body),
        ),
        Case(
            "header_id_odd.txt",
            Refused("is not an absolute http(s), tag: or urn: URI"),
            _text(_lines(
                "Title: A header id with spaces, accents and junk",
                'Id: Ünïcödé id\u2060 with spaces <and> "quotes"',
                "",
            ) + body),
        ),
        Case(
            "header_id_javascript.txt",
            Refused('Id: "javascript:alert(1)" is not an absolute http(s), tag: or urn: URI'),
            _text(_lines("Title: A javascript: id", "Id: javascript:alert(1)", "") + body),
        ),
        Case(
            "header_id_tag.txt",
            Published("A tag: id in capitals"),
            _text(_lines("Title: A tag: id in capitals", "Id: tag:News.Example.ORG,2025-03:a/%7e1", "")
                  + body),
        ),
        Case(
            "header_id_uuid.txt",
            Published("A UUID URN id"),
            _text(_lines(
                "Title: A UUID URN id", "Id: URN:UUID:6E8BC430-9C3A-11D9-9669-0800200C9A66", ""
            ) + body),
        ),
        Case(
            "header_id_http_permalink.txt",
            Published("An http id that is also the link"),
            _text(_lines(
                "Title: An http id that is also the link",
                "Id: HTTPS://News.Example.org:443/a/./b/../c?x=%7e",
                "Link: https://news.example.org/a/c?x=~",
                "",
            ) + body),
        ),
        Case(
            "header_id_urn.txt",
            Published("A URN id"),
            _text(_lines("Title: A URN id", "Id: URN:ISBN:0451450523", "") + body),
        ),
        Case(
            "urls_that_raise.txt",
            Published("URLs that urlsplit refuses"),
            _text(_lines(
                "Title: URLs that urlsplit refuses",
                "Link: http://[x",
                "Source-URL: https://ex\u2100mple.com/",
                "",
            ) + body + _lines("", "Source: Example Wire | URL: http://[2001:db8::1/news")),
        ),
        Case(
            "source_with_markup.txt",
            Published("A source name with markup"),
            _text(_lines(
                "Title: A source name with markup", "Source: <b>Src</b>", "Photo: <i>Ann Lee</i>", ""
            ) + body),
        ),
        Case(
            "date_offset_beyond_14h.txt",
            Published("A date fifteen hours east"),
            _text(_lines("Title: A date fifteen hours east", "Date: 2025-03-03T14:05:00+15:00", "")
                  + body),
        ),
        Case(
            "date_year_zero.txt",
            Published("A date in the year zero"),
            _text(_lines("Title: A date in the year zero", "Date: March 3, 0000", "") + body),
        ),
        Case(
            "date_far_future.txt",
            Published("A document dated in the year 2099"),
            _text(_lines("Title: A document dated in the year 2099", "Date: 2099-01-01T00:00:00Z", "")
                  + body),
        ),
        Case(
            "date_before_1990.txt",
            Published("A document dated the last second of 1969"),
            _text(_lines(
                "Title: A document dated the last second of 1969", "Date: 1969-12-31T23:59:59Z", ""
            ) + body),
        ),
    ]


def committed_cases() -> list[Case]:
    """Return the cases that live in ``tests/data/hostile/``."""
    return [
        *_reading_cases(), *_decoding_cases(), *_sanitising_cases(), *_limit_cases(),
        *_header_cases(),
    ]


# What git cannot hold: created at run time.


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))


def _symlink(target: Path | str) -> Maker:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _relative_symlink(target: Path) -> Maker:
    def make(path: Path) -> None:
        path.symlink_to(os.path.relpath(target, path.parent))

    return make


def _hard_link(target: Path) -> Maker:
    def make(path: Path) -> None:
        os.link(target, path)

    return make


def _unreadable(inner: Maker) -> Maker:
    def make(path: Path) -> None:
        inner(path)
        path.chmod(0)

    return make


def _unreadable_folder(path: Path) -> None:
    _text(_article("Inside an unreadable folder", "unreadable folder"))(path / "inside.txt")
    path.chmod(0)


def _sparse(size: int) -> Maker:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)

    return make


def sized_text(title: str, size: int) -> bytes:
    """A good document of exactly ``size`` bytes: many short paragraphs."""
    head = _lines(title, "").encode()
    paragraph = b"Filler sentence of a very long but perfectly ordinary article.\n\n"
    body = paragraph * ((size - len(head)) // len(paragraph) + 1)
    return (head + body)[: size - 1] + b"\n"


def runtime_cases(folder: Path, outside: Path, max_size: int = MAX_SIZE,
                  permissions: bool = True) -> list[Case]:
    """Return the cases git cannot hold, for a source ``folder`` and a sibling ``outside``.

    ``outside`` must not be inside ``folder``; ``permissions=False`` leaves out the unreadable
    cases (root reads any file, so they only make sense where permissions hold).
    """
    secret = outside / "secret.txt"
    unreadable = [
        Case("unreadable.txt", Refused("cannot read"),
             _unreadable(_text(_article("An unreadable file", "unreadable")))),
        Case("unreadable_folder", Refused("cannot read"), _unreadable_folder),
    ]
    return [
        Case("fifo.txt", Skipped(), _fifo),
        Case("socket.txt", Skipped(), _socket),
        *(unreadable if permissions else []),
        Case("symlink_outside_absolute.txt", Refused("outside"), _symlink(secret)),
        Case("symlink_outside_relative.txt", Refused("outside"), _relative_symlink(secret)),
        Case("symlink_outside_folder", Refused("outside"), _symlink(outside)),
        Case("symlink_target_folder/target.text", Skipped(),
             _text(_article("A document reached through a symlink inside the folder", "symlink"))),
        Case("symlink_inside.txt", Published("A document reached through a symlink inside the folder"),
             _relative_symlink(folder / "symlink_target_folder" / "target.text")),
        Case("symlink_dangling.txt", Refused("cannot read"), _symlink(folder / "missing.txt")),
        Case("symlink_loop.txt", Refused("cannot read"), _symlink(folder / "symlink_loop.txt")),
        Case("hardlink_target.txt", Published("Two hard links to one text publish once"),
             _text(_article("Two hard links to one text publish once", "hard link"))),
        Case("hardlink_twin.txt", Refused("same text as hardlink_target.txt"),
             _hard_link(folder / "hardlink_target.txt")),
        Case("too_large.txt", Refused("too large"),
             _file(sized_text("A document one byte over the size limit", max_size + 1))),
        Case("too_large_sparse.txt", Refused("too large"), _sparse(4 * 1024**3)),
        Case("at_the_size_limit.txt", Published("A document exactly at the size limit"),
             _file(sized_text("A document exactly at the size limit", max_size))),
        *_odd_name_cases(),
    ]


def _odd_name_cases() -> list[Case]:
    """File names that break terminals, shells and URLs (issue: "reported safely (escaped)")."""
    empty = _file(b"")
    return [
        _good("odd_name_newline_\n_published.txt", "A file name with a newline publishes"),
        Case("odd_name_newline_\n_refused.txt", Refused("empty"), empty),
        Case("odd_name_escape_\x1b[31m_refused.txt", Refused("empty"), empty),
        Case("odd_name_bidi_\u202e_refused.txt", Refused("empty"), empty),
        Case("odd_name_carriage_return_\r_refused.txt", Refused("empty"), empty),
        Case(os.fsdecode(b"odd_name_not_utf8_\xe9.txt"), Refused("UTF-8"),
             _text(_article("A file name that is not UTF-8", "not UTF-8"))),
        _good("odd_name_tab_\t_.txt", "A file name with a tab publishes"),
        _good("odd_name_quotes_'\"_.txt", "A file name with quotes publishes"),
        _good("odd_name_url_chars_%41%zz#?&=+.txt", "A file name with URL characters publishes"),
        _good("odd_name_backslash_\\_.txt", "A file name with a backslash publishes"),
        _good("odd_name_colon_:_semicolon_;_.txt", "A file name with a colon publishes"),
        _good("-odd_name_leading_dash.txt", "A file name with a leading dash publishes"),
        _good("odd_name_trailing_space .txt", "A file name with a trailing space publishes"),
        _good("odd_name_long_" + "x" * 230 + ".txt", "A 248-byte file name publishes"),
    ]


def write_cases(folder: Path, cases: list[Case]) -> None:
    """Create every case under ``folder`` (which may already hold some)."""
    for case in cases:
        path = folder / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        case.make(path)


def restore_permissions(folder: Path) -> None:
    """Make everything under ``folder`` readable again, so that it can be deleted."""
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in (*dirnames, *filenames):
            path = os.path.join(dirpath, name)
            if not os.path.islink(path) and not stat.S_IMODE(os.lstat(path).st_mode):
                os.chmod(path, 0o755)  # noqa: S103 - a generated test folder, readable again
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]


def make_site(root: Path, permissions: bool, max_size: int = MAX_SIZE) -> list[Case]:
    """Write a site (``root/seeds/``, ``root/outside/``, ``feedpub.toml``); return its cases.

    ``permissions``: include the unreadable cases (see ``runtime_cases``); ``max_size``: the
    size limit the site's configuration sets, which the size cases are made around.
    """
    seeds, outside = root / "seeds", root / "outside"
    seeds.mkdir(parents=True)
    _text(_article("A secret outside the source folder " + SKIPPED_MARK, "outside"))(
        outside / "secret.txt"
    )
    shutil.copytree(HOSTILE, seeds, symlinks=True, dirs_exist_ok=True)
    shutil.copy(SEED, seeds / SEED.name)
    cases = runtime_cases(seeds, outside, max_size, permissions)
    write_cases(seeds, cases)
    (root / "feedpub.toml").write_text(
        f'site_url = "https://hostile.example.org"\ncount = 1000\nmax_size = {max_size}\n'
    )
    return [*committed_cases(), *cases]


def main(argv: list[str]) -> int:
    """Rewrite tests/data/hostile/ (only files that differ), or write a site with --site DIR."""
    if argv[:1] == ["--site"] and len(argv) == 2:
        make_site(Path(argv[1]), permissions=os.geteuid() != 0)
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    for case in committed_cases():
        path = HOSTILE / case.name
        scratch = HOSTILE.parent / ".hostile.tmp"
        case.make(scratch)
        data = scratch.read_bytes()
        scratch.unlink()
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {str(path.relative_to(HERE))!a}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
