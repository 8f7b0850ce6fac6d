"""Markdown bodies (SPEC.md §1, Markdown documents): CommonMark rendered to sanitized HTML, and
the plain text of its blocks for the summary.

markdown-it-py with the CommonMark preset, tables and strikethrough on, and ``html`` off: raw
HTML in the source is text, escaped like any other. Its HTML then passes the allow-list
sanitizer (``feedpub.text.sanitize_html``). Relative URLs stay relative here: parsing knows
no site, and the entry's link is decided at render (``render/entry.py`` makes them absolute).

A Markdown document goes through the plain-text steps on its source lines (header, title, top
lines, credits lines: ``parse/__init__.py``), so that its facts cost what a plain-text
document's do; only ``read_markdown`` renders the body, and it is called by ``parse_document``
alone. markdown-it-py is imported on the first Markdown title or body that needs it, so a build
of plain-text documents never loads it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from feedpub.model import Block
from feedpub.text import sanitize_html

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Characters of Markdown's inline syntax: a title line without any is its own text.
_INLINE_MARKS = frozenset("*_`[]!\\<~")
# A line after the title that starts as an image, link, quote, table, code fence or list item
# is body, never a caption, byline or date line.
_BLOCK_START = re.compile(r"[!\[>|`~<]|[-*+]\s|\d{1,9}[.)]\s")
# A setext heading's underline (CommonMark §4.3): up to three spaces, then "=" or "-" only.
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
# A thematic break (CommonMark §4.1), or "=" only: each run of marks is taken whole.
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*+){3,}|(?:\*[ \t]*+){3,}|(?:_[ \t]*+){3,}|=++[ \t]*+)$")
# The top lines are among the first few after the title (parse/__init__.py, _TOP_LINES).
_TOP_LINES = 6
# A credits line starts with a key and a colon, after any emphasis marks (credits._SEGMENT).
_KEY_START = re.compile(r"[*_ ]*[^\W\d_][\w -]{0,24}:")
# A longer line is no credits line (credits._MAX_CREDITS_LINE): it is not parsed as Markdown.
_MAX_CREDITS_LINE = 600
_LISTS = frozenset({"bullet_list_open", "ordered_list_open"})
_LIST_ENDS = frozenset({"bullet_list_close", "ordered_list_close"})
_CODE = frozenset({"fence", "code_block"})
_HTTP = ("http://", "https://")


@dataclass(frozen=True, slots=True)
class MarkdownBody:
    """A Markdown body read: its sanitized HTML (relative URLs kept), its blocks as plain text
    (headings, paragraphs, code and tables as paragraphs; each list as one list block), the
    text of its first paragraph (images aside), and its first image with an absolute http(s) URL."""

    html: str
    blocks: tuple[Block, ...]
    lead: str
    image: str | None


def is_markdown(key: str) -> bool:
    """Return True when the document ``key`` names is Markdown (SPEC.md §1: ``.md``,
    ``.markdown``)."""
    return key.lower().endswith(MARKDOWN_SUFFIXES)


def title_text(line: str) -> str:
    """Return the text a Markdown title line shows: emphasis, code marks, link and image syntax
    and backslash escapes removed (``# Jen\\_Psaki *said*`` -> ``# Jen_Psaki said``; the
    heading mark is ``layout.clean_title``'s to remove)."""
    if not any(mark in line for mark in _INLINE_MARKS):
        return line
    tokens = _parser().parseInline(line)
    return _text(tokens[0].children or ()) if tokens else ""


def is_rule(line: str) -> bool:
    """Return True for a line that is only a rule (CommonMark §4.1: ``---``, ``* * *``,
    ``___``) or a row of ``=``: no title, and no text of its own."""
    return _RULE.match(line) is not None


def top_end(lines: list[str]) -> tuple[int, int]:
    """Return where the lines that may be top lines (repeated headline, caption, byline, date
    line) start and end: after a setext title's underline (``=====`` right under the title
    line), and at the first of the first few non-blank lines that starts a Markdown block."""
    start = 1 if lines and _UNDERLINE.match(lines[0]) else 0
    seen = 0
    for index, line in enumerate(lines[start:], start):
        text = line.strip()
        if text:
            if _BLOCK_START.match(text):
                return start, index
            seen += 1
            if seen > _TOP_LINES:
                break
    return start, len(lines)


def top_lines(lines: list[str]) -> list[str]:
    """Return the lines that may be top lines without the emphasis around them (``*By Jane
    Doe*``: "By Jane Doe", ``_March 3, 2025_``).

    Only the marks around a line are taken off, not parsed: every Markdown document's first
    lines pass here while the registry's facts are read, and markdown-it-py's inline parser
    on each of them doubled the cold build of a Markdown corpus.
    """
    # A setext underline (CommonMark §4.3) belongs to the heading line above it: read as a
    # blank line, so a repeated headline written as a setext heading goes whole.
    return [
        "" if index and lines[index - 1].strip() and _UNDERLINE.match(line)
        else line.strip().strip("*_").strip()
        for index, line in enumerate(lines)
    ]


def credits_text(line: str) -> str:
    """Return a line that may be a credits line as the text it shows (``*Source: [AP](…)*``:
    "Source: AP"); a line that does not start with a key (``Source:``…) is left as it is,
    unparsed: it is no credits line either way."""
    if len(line) > _MAX_CREDITS_LINE or not _KEY_START.match(line):
        return line
    return title_text(line)


def body_source(lines: list[str], paragraphs: list[list[str]], credits: int) -> str:
    """Return the Markdown body's source: ``lines`` (the body's, as read) without their last
    ``credits`` non-blank lines (the credits lines taken from the paragraphs), and with the
    first line as the first paragraph now starts (a glued date may have been taken from it).

    The paragraphs hold the non-blank lines stripped, so the k last of each are the same lines.
    """
    end = len(lines)
    while credits and end:
        end -= 1
        credits -= bool(lines[end].strip())
    kept = lines[:end]
    first = next((index for index, line in enumerate(kept) if line.strip()), None)
    if first is not None and paragraphs and kept[first].strip() != paragraphs[0][0]:
        kept[first] = paragraphs[0][0]
    return "\n".join(kept)


def read_markdown(source: str) -> MarkdownBody | None:
    """Return the HTML and the plain-text blocks of the Markdown ``source``; None when it
    shows no text (only link reference definitions, say)."""
    parser = _parser()
    env: dict[str, object] = {}
    tokens = parser.parse(source, env)
    reader = _BlockReader()
    for token in tokens:
        reader.read(token)
    if not reader.blocks:
        return None
    html = sanitize_html(parser.renderer.render(tokens, parser.options, env))
    lead = reader.lead or " ".join(reader.blocks[0].items)
    return MarkdownBody(html.strip(), tuple(reader.blocks), lead, reader.image)


@cache
def _parser() -> MarkdownIt:
    """Return the CommonMark parser, tables and strikethrough on, raw HTML off.

    CommonMark's own nesting limit (markdown-it's maxNesting, 20 in this preset) bounds how
    deep lists and block quotes are parsed, which keeps the work linear on "> > > …".
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _text(children: Sequence[Token], alt: bool = True) -> str:
    """Return the text of inline tokens; images give their alt text unless ``alt`` is False."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image" and alt:
            parts.append(_text(child.children or ()))
    return " ".join("".join(parts).split())


class _BlockReader:
    """Turns the token stream into plain-text blocks, one token at a time."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lead = ""
        self.image: str | None = None
        self._lists = 0
        self._items: list[str] = []
        self._cells: list[str] | None = None
        self._heading = False

    def read(self, token: Token) -> None:
        """Take one block-level token."""
        kind = token.type
        if kind in _LISTS:
            self._lists += 1
        elif kind in _LIST_ENDS:
            self._lists -= 1
            if not self._lists and self._items:
                self.blocks.append(Block("list", tuple(self._items)))
                self._items = []
        elif kind == "table_open":
            self._cells = []
        elif kind == "table_close" and self._cells is not None:
            self._add(" ".join(cell for cell in self._cells if cell))
            self._cells = None
        elif kind in ("heading_open", "heading_close"):
            self._heading = kind == "heading_open"
        elif kind in _CODE:
            self._add(" ".join(token.content.split()))
        elif kind == "inline":
            self._inline(token)

    def _inline(self, token: Token) -> None:
        children = token.children or ()
        if self.image is None:
            self.image = next(
                (src for child in children if child.type == "image"
                 for src in [str(child.attrs.get("src", ""))] if src.startswith(_HTTP)),
                None,
            )
        text = _text(children)
        if self._cells is not None:
            self._cells.append(text)
            return
        if not self.lead and not self._lists and not self._heading:
            # The summary is the first paragraph of words, not a picture's alt text.
            self.lead = _text(children, alt=False)
        self._add(text)

    def _add(self, text: str) -> None:
        if not text:
            return
        if self._lists:
            self._items.append(text)
        else:
            self.blocks.append(Block("paragraph", (text,)))
