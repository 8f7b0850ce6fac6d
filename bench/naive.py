"""Naive baseline, every document in one RSS and one Atom feed: naive.py SOURCE OUTPUT_DIR."""

import html
import sys
from datetime import UTC, datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

SITE, DATE = "https://example.org", datetime(2025, 1, 1, tzinfo=UTC)
source, output = Path(sys.argv[1]), Path(sys.argv[2])
fg = FeedGenerator()
fg.id(f"{SITE}/"), fg.title("Naive feed"), fg.link(href=f"{SITE}/")
fg.description("Every document"), fg.updated(DATE)
for path in sorted(source.rglob("*.txt")):
    title, *lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    url = f"{SITE}/{path.relative_to(source).as_posix()}"
    fe = fg.add_entry(order="append")
    fe.id(url), fe.title(title), fe.link(href=url), fe.updated(DATE), fe.pubDate(DATE)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    fe.content(body, type="html")
output.mkdir(parents=True, exist_ok=True)
fg.rss_file(str(output / "rss.xml")), fg.atom_file(str(output / "atom.xml"))
