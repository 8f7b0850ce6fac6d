"""The shape of the text: title, repeated headline, paragraphs, lists and site furniture.

SPEC.md §1, Title and Site furniture.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from feedpub.model import Block
from feedpub.text import clean_text, one_line, shorten

# Titles are kept whole up to 300 characters (issue 11): long headlines of real sites fit.
MAX_TITLE = 300
# A first line longer than this is a paragraph, not a title.
_MAX_TITLE_SOURCE = 400
_REPEAT_SIMILARITY = 0.7
_WORD = re.compile(r"\w+")
# (?<!\s): closing marks are tried from the start of the white space before them only, not
# from each of its spaces (quadratic in a run's length); a match can only start there anyway.
_HEADING_MARK = re.compile(r"^#{1,6}\s+|(?<!\s)\s+#{1,6}$")
_FURNITURE_TRIM = "↑↓←→»«›‹>|•·*#[]()-–—:. \t"
_BULLET = re.compile(r"^[-*•]\s+")
_BULLET_MARKS = ("-", "*", "•")
_PLAIN_BREAKERS = frozenset("-*•#")
_XML_MARKERS = re.compile(r"<!--|<!\[CDATA\[")
_BLANK_LINES = re.compile(r"\n\s*\n")
_MAX_FURNITURE = 200
# From this many lines, furniture is looked for in one pass over the text (remove_furniture).
_MANY_LINES = 2000


def furniture_pattern(lines: Iterable[str], rules: bool = True) -> re.Pattern[str]:
    """Return a pattern matching a whole line of furniture, in any case, with arrows or
    punctuation around it ("↑ Back to top", "Read more »"), or a page leftover: a rule
    (``----``, unless ``rules`` is False: in Markdown a rule or a setext heading's underline
    is markup), an end marker (``###``) or an empty HTML comment.
    """
    texts = [" ".join(line.split()).lower() for line in lines if line.split()]
    trim = f"[{re.escape(_FURNITURE_TRIM)}]"
    # A text that does not start with a trim character can only start where the run of them
    # at the start of the line ends, so that run is taken whole (*+) and the texts are tried
    # at one place. Trying them at every split of a run of spaces between "[ \t]*" and the
    # trim made a line of spaces cost its length squared times the number of texts. Only a
    # text that starts with a trim character ("» Read more") keeps the backtracking branch.
    # The texts are one trie, so a line is compared with each first letter once, not with
    # each of the default list's texts in eight languages.
    plain = _trie_pattern([t for t in texts if t[0] not in _FURNITURE_TRIM]) or "(?!)"
    marked = _trie_pattern([t for t in texts if t[0] in _FURNITURE_TRIM])
    marked_branch = f"|{trim}*(?:{marked}){trim}*+" if marked else ""
    # One pass over the whole text, not one match a line (300,000 short lines cost a second
    # that way): a line is what follows a "\n", a literal the engine skips to without trying
    # every position. A line over _MAX_FURNITURE characters is never furniture: the
    # lookahead, bounded, says so before anything else is tried on it.
    end = r"(?![^\n])"
    leftover = "[-_=*#]" if rules else "#"
    return re.compile(
        rf"\n(?=[^\n]{{1,{_MAX_FURNITURE}}}{end})"
        rf"(?:{trim}*+(?:{plain}){trim}*+{marked_branch}"
        rf"|[ \t]*+(?:{leftover}{{3,}}|<!--.*?-->)[ \t]*+){end}",
        re.IGNORECASE,
    )


def _trie_pattern(texts: list[str]) -> str:
    """Return an alternation matching exactly ``texts`` (a space: any run of blanks), with
    their common prefixes shared, longer texts tried first."""
    trie: dict[str, dict[str, Any]] = {}
    for text in texts:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict[str, Any]]) -> str:
    branches = [
        (r"[ \t]+" if char == " " else re.escape(char)) + _node_pattern(child)
        for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    alternation = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # A text ending here: the longer ones are tried first, then this one (greedy "?").
    return f"(?:{alternation})?" if "" in node else alternation


def remove_furniture(lines: list[str], furniture: re.Pattern[str]) -> list[str]:
    """Return ``lines`` with every line of furniture or page leftover blanked out."""
    if len(lines) > _MANY_LINES:
        return furniture.sub("\n", "\n" + "\n".join(lines)).split("\n")[1:]
    # An article's few lines, mostly long paragraphs: only the short ones are tried, and a
    # pass over the whole text would cost more than all of them.
    match = furniture.match
    return [
        "" if line and len(line) <= _MAX_FURNITURE and match("\n" + line) else line
        for line in lines
    ]


def clean_title(line: str) -> str:
    """Return the title a title line states: one line, no heading marks, capped in length."""
    # "<!--" or "<![CDATA[" in an RSS title makes feedparser read it as markup and lose text.
    line = _XML_MARKERS.sub("", line) if "<!" in line else line
    text = clean_text(_unescape_entities(_HEADING_MARK.sub("", line.strip())))
    return shorten(one_line(text.replace("\ufffd", "")), MAX_TITLE)


def _unescape_entities(text: str) -> str:
    """Resolve HTML character references left in a title ("AT&amp;T" from a scraped page).

    Readers treat a title holding "&amp;" as HTML and show "&" (feedparser's lookslikehtml,
    newsboat), so publishing the resolved text is the only way it reads back as published.
    """
    for _ in range(3):
        if "&" not in text:
            break
        resolved = html.unescape(text)
        if resolved == text:
            break
        text = resolved
    return text


def is_title_like(line: str) -> bool:
    """Return True when ``line`` can be a title: short, with at least one letter or digit."""
    return len(line) <= _MAX_TITLE_SOURCE and _WORD.search(line) is not None


def repeats_title(line: str, title: str) -> bool:
    """Return True when ``line`` repeats the title word for word or nearly.

    The seed's headline drops "are" and "the" from its title: compare the sets of words.
    """
    words = set(_WORD.findall(line.casefold()))
    title_words = set(_WORD.findall(title.casefold()))
    if not words or not title_words:
        return False
    return len(words & title_words) / len(words | title_words) >= _REPEAT_SIMILARITY


def split_paragraphs(text: str) -> list[list[str]]:
    """Group the lines of ``text`` into paragraphs separated by blank lines."""
    paragraphs: list[list[str]] = []
    for block in _BLANK_LINES.split(text):
        block = block.strip()
        if "\n" not in block:
            if block:
                paragraphs.append([block])
            continue
        paragraphs.append([line.strip() for line in block.split("\n") if line.strip()])
    return paragraphs


def make_blocks(paragraphs: Iterable[list[str]]) -> tuple[Block, ...]:
    """Turn paragraphs into blocks; runs of ``- `` bullet lines become one list block."""
    blocks: list[Block] = []
    # The items of the list being read: it goes on across blank lines until a paragraph, and
    # becomes one Block at its end (a tuple per item would make a long list quadratic).
    items: list[str] = []
    for lines in paragraphs:
        first = lines[0]
        if len(lines) == 1 and first[0] not in _PLAIN_BREAKERS:
            # The common case, a one-line paragraph: no list, no heading, clean text.
            text = first if "  " not in first and "\t" not in first else " ".join(first.split())
            if items:
                _flush_items(blocks, items)
            blocks.append(Block("paragraph", (text,)))
            continue
        prose: list[str] = []
        for line in lines:
            bullet = _BULLET.match(line) if line[:1] in _BULLET_MARKS else None
            if bullet:
                if prose:
                    _flush_prose(blocks, items, prose)
                item = " ".join(line[bullet.end():].split())
                if item:
                    items.append(item)
            elif line:
                # A Markdown heading ("### Results") reads as its words.
                prose.append(_HEADING_MARK.sub("", line) if "#" in line else line)
        if prose:
            _flush_prose(blocks, items, prose)
    _flush_items(blocks, items)
    return tuple(blocks)


def _flush_prose(blocks: list[Block], items: list[str], prose: list[str]) -> None:
    # The text is already clean (ingest.make_document): only white space needs folding.
    if len(prose) == 1 and "  " not in prose[0] and "\t" not in prose[0]:
        text = prose[0]
    else:
        text = " ".join(" ".join(prose).split())
    if text:
        _flush_items(blocks, items)
        blocks.append(Block("paragraph", (text,)))
    prose.clear()


def _flush_items(blocks: list[Block], items: list[str]) -> None:
    if items:
        blocks.append(Block("list", tuple(items)))
        items.clear()
