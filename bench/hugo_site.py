"""Write a corpus as a Hugo site, for ``run.py`` to time ``hugo`` on the same documents.

Each document becomes ``content/posts/NNNNN.md`` with front matter (its first line as the
title, the date its name starts with, its folder as a category) and its text as the body;
two one-line layouts render the pages, and the site outputs RSS for the home page, sections
and taxonomies, and JSON for the home page: roughly what feedpub builds.

Usage: hugo_site.py CORPUS SITE
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_HEAD = (
    '<!doctype html><html><head><title>{{ .Title }}</title>{{ range .AlternativeOutputFormats }}'
    '<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}</head>'
)
LAYOUTS = {
    "single.html": _HEAD + "<body><h1>{{ .Title }}</h1><time>{{ .Date }}</time>"
    '{{ range .Params.categories }}<a href="/categories/{{ . | urlize }}/">{{ . }}</a>{{ end }}'
    "{{ .Content }}</body></html>\n",
    "list.html": _HEAD + '<body>{{ range .Pages }}<article><a href="{{ .RelPermalink }}">'
    "{{ .Title }}</a><p>{{ .Summary }}</p></article>{{ end }}</body></html>\n",
}
CONFIG = """baseURL = "https://news.example.com/"
title = "Hugo"
[outputs]
home = ["HTML", "RSS", "JSON"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]
"""


def write_site(corpus: Path, site: Path) -> int:
    """Write the Hugo site of ``corpus`` into ``site``; return how many documents it holds."""
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    for name, text in LAYOUTS.items():
        (site / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    (site / "config.toml").write_text(CONFIG, encoding="utf-8")
    count = 0
    for path in sorted(corpus.rglob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").strip().split("\n")
        found = _DATE.match(path.name)
        front = {
            "title": lines[0].strip() or path.name, "date": found.group(1) if found else "2024-01-01",
            "categories": [str(path.parent.relative_to(corpus)).replace(os.sep, "-")],
        }
        count += 1
        body = "\n".join(lines[1:])
        (posts / f"{count:06d}.md").write_text(
            "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n\n" + body + "\n",
            encoding="utf-8",
        )
    return count


if __name__ == "__main__":
    print(write_site(Path(sys.argv[1]), Path(sys.argv[2])))
