"""Time the HTML pages alone: ``entry_page`` and ``index_page`` on the whitehouse corpus.

usage: PYTHONPATH=. python3 bench/pages.py [CORPUS] [--limit N]

Parses every document of CORPUS (default ``../shared/corpus/whitehouse``) into Entries first,
untimed, then renders each entry page and one index page of the newest 50, and prints the
mean cost of a page in microseconds and the total. The Environment is compiled once, before
timing, as in a build.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, decode_text, read_bytes
from feedpub.model import Document, Entry
from feedpub.parse import ParseOptions, parse_document
from feedpub.render.html import render_content
from feedpub.render.pages import (
    ATOM_TYPE,
    JSON_FEED_TYPE,
    RSS_TYPE,
    FeedLink,
    PageSite,
    Section,
    entry_page,
    index_page,
)

SITE = PageSite("White House", "Briefings and statements", "en", "https://news.example.com")
FEEDS = tuple(
    FeedLink(f"White House ({name})", kind, f"{SITE.site_url}/{file}")
    for name, kind, file in (
        ("RSS", RSS_TYPE, "rss.xml"), ("Atom", ATOM_TYPE, "atom.xml"), ("JSON", JSON_FEED_TYPE, "feed.json"),
    )
)


def _entries(corpus: Path, limit: int) -> list[Entry]:
    entries: list[Entry] = []
    start = datetime(2025, 1, 1, tzinfo=UTC)
    corpus = corpus.resolve()
    for index, path in enumerate(sorted(corpus.rglob("*.txt"))[:limit]):
        key = str(path.relative_to(corpus))
        try:
            stat = path.stat()
            raw = read_bytes(str(corpus), SourceFile(str(path), key, stat.st_size, stat.st_mtime_ns), 2 << 20)
            text, encoding = decode_text(raw, key)
            article = parse_document(Document(key, text, encoding, ""), ParseOptions())
        except DocumentError:
            continue
        moment = start + timedelta(minutes=index)
        entries.append(Entry(
            id=f"{SITE.site_url}/e{index}/", title=article.title, link=f"{SITE.site_url}/e{index}/",
            summary=article.summary, content_html=render_content(article, article.credits.source_url),
            credits=article.credits, published=moment, updated=moment, categories=article.categories,
        ))
    return entries


def main() -> None:
    """Print the cost of an entry page and of an index page."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared/corpus/whitehouse")
    parser.add_argument("--limit", type=int, default=100_000)
    args = parser.parse_args()
    entries = _entries(args.corpus, args.limit)
    sections = (Section("source", "White House", f"{SITE.site_url}/sources/white-house/"),)
    entry_page(entries[0], SITE, FEEDS, sections=sections)  # compiles the templates
    start = time.perf_counter()
    size = sum(len(entry_page(entry, SITE, FEEDS, sections=sections)) for entry in entries)
    elapsed = time.perf_counter() - start
    print(f"entry pages: {len(entries)} in {elapsed:.3f} s, {elapsed / len(entries) * 1e6:.1f} µs a page, "
          f"{size / len(entries) / 1024:.1f} KiB a page")
    newest = tuple(reversed(entries[-50:]))
    start = time.perf_counter()
    runs = 200
    for _ in range(runs):
        index_page(newest, SITE, FEEDS)
    elapsed = time.perf_counter() - start
    print(f"index page of 50 entries: {elapsed / runs * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
