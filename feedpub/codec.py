"""Articles to JSON and back, for the registry to keep what a document said.

Storing the parsed Article lets a build render the newest entries without reading or parsing
their files again. The format is versioned with the registry schema (``registry.py``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from feedpub.model import Article, Block, Credit, Credits


def dump_article(article: Article) -> str:
    """Return ``article`` as compact JSON."""
    credits = article.credits
    data = {
        "title": article.title,
        "body": [[block.kind, list(block.items)] for block in article.body],
        "credits": {
            "authors": list(credits.authors),
            "source": credits.source,
            "source_url": credits.source_url,
            "agency": credits.agency,
            "photos": list(credits.photos),
            "others": [[c.role, c.name] for c in credits.others],
            "disclosures": list(credits.disclosures),
        },
        "caption": article.caption,
        "summary": article.summary,
        "published": _dump_date(article.published),
        "updated": _dump_date(article.updated),
        "categories": list(article.categories),
        "language": article.language,
        "link": article.link,
        "explicit_id": article.explicit_id,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_article(text: str) -> Article:
    """Return the Article that ``dump_article`` wrote."""
    data: dict[str, Any] = json.loads(text)
    credits = data["credits"]
    return Article(
        title=data["title"],
        body=tuple(Block(kind, tuple(items)) for kind, items in data["body"]),
        credits=Credits(
            authors=tuple(credits["authors"]),
            source=credits["source"],
            source_url=credits["source_url"],
            agency=credits["agency"],
            photos=tuple(credits["photos"]),
            others=tuple(Credit(role, name) for role, name in credits["others"]),
            disclosures=tuple(credits["disclosures"]),
        ),
        caption=data["caption"],
        summary=data["summary"],
        published=_load_date(data["published"]),
        updated=_load_date(data["updated"]),
        categories=tuple(data["categories"]),
        language=data["language"],
        link=data["link"],
        explicit_id=data["explicit_id"],
    )


def _dump_date(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _load_date(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
