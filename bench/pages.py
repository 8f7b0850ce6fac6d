"""Time the HTML pages alone: ``entry_page`` and ``index_page`` on the whitehouse corpus.

usage: PYTHONPATH=. python3 bench/pages.py [CORPUS] [--limit N]

Parses every document of CORPUS (default ``../shared/corpus/whitehouse``) into Entries first,
untimed, then renders each entry page (three rounds) and one index page of the newest 50, and prints
the cost of a page in microseconds of CPU time and the total. The Environment is compiled once, before
timing, as in a build.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedpub.build._site import feed_links
from feedpub.errors import DocumentError
from feedpub.ingest import SourceFile, decode_text, read_bytes
from feedpub.model import Document, Entry
from feedpub.parse import ParseOptions, parse_document
from feedpub.render.html import render_content
from feedpub.render.pages import PageSite, Section, entry_page, index_page

SITE = PageSite("White House", "Briefings and statements", "en", "https://news.example.com")
FEEDS = feed_links(SITE.site_url, "", SITE.title)


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
    # The best of three rounds, in CPU time and wall time: other work on a shared machine
    # only ever adds to either.
    wall, cpu, size = [], [], 0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = sum(len(entry_page(entry, SITE, FEEDS, sections=sections)) for entry in entries)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    count = len(entries)
    print(f"entry pages: {count}, best of 3: {min(wall):.3f} s wall, {min(cpu):.3f} s CPU; "
          f"{min(cpu) / count * 1e6:.1f} µs CPU a page, {size / count / 1024:.1f} KiB a page")
    newest = tuple(reversed(entries[-50:]))
    runs = 200
    start_cpu = time.process_time()
    for _ in range(runs):
        index_page(newest, SITE, FEEDS)
    print(f"index page of 50 entries: {(time.process_time() - start_cpu) / runs * 1e6:.1f} µs CPU")

if __name__ == "__main__":
    main()
