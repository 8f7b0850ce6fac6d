"""The Articles a small build keeps for its render step: only for the text that was parsed."""

from __future__ import annotations

from feedpub.build._articles import Articles
from feedpub.model import Article, Block, Document


def _document(key: str, text: str, digest: str) -> Document:
    return Document(key, text, "utf-8", digest)


ARTICLE = Article("Harbour reopens", (Block("paragraph", ("It reopened.",)),))


def test_a_kept_article_is_found_only_for_the_same_text() -> None:
    articles = Articles()
    articles.keep(_document("a.txt", "Harbour reopens\\n\\nIt reopened.", "d1"), ARTICLE)
    assert articles.find(_document("a.txt", "Harbour reopens\\n\\nIt reopened.", "d1")) is ARTICLE
    # Edited between the parse and the render: parsed again, never the stale article.
    assert articles.find(_document("a.txt", "Harbour closes\\n\\nIt closed.", "d2")) is None
    assert articles.find(_document("b.txt", "Harbour reopens\\n\\nIt reopened.", "d1")) is None


def test_articles_kept_longest_go_first_past_their_bound() -> None:
    # A watcher keeps one Articles for all its builds: the newest documents must stay.
    articles = Articles()
    big = "x" * (Articles._MAX_CHARACTERS // 2 + 1)
    articles.keep(_document("a.txt", big, "d1"), ARTICLE)
    articles.keep(_document("b.txt", big, "d2"), ARTICLE)
    assert articles.find(_document("a.txt", big, "d1")) is None
    assert articles.find(_document("b.txt", big, "d2")) is ARTICLE
    articles.keep(_document("c.txt", "x" * (Articles._MAX_CHARACTERS + 1), "d3"), ARTICLE)
    assert articles.find(_document("b.txt", big, "d2")) is ARTICLE
