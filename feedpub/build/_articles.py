"""The Articles a build parsed in its own process, kept for its render step."""

from __future__ import annotations

from feedpub.model import Article, Document


class Articles:
    """The Articles of the documents this build parsed in its own process, for the render
    step: a small build then reads each new or edited document once, not twice (a 2 MB
    document of 300,000 paragraphs took a second per reading). Bounded by their text."""

    _MAX_CHARACTERS = 8 * 1024 * 1024

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, Article]] = {}
        self._characters = 0

    def keep(self, document: Document, article: Article) -> None:
        """Keep ``article`` as what ``document`` (its key and digest) says, if room is left."""
        if self._characters + len(document.text) <= self._MAX_CHARACTERS:
            self._characters += len(document.text)
            self._kept[document.key] = (document.digest, article)

    def find(self, document: Document) -> Article | None:
        """Return the kept Article of ``document`` if its text is the one that was parsed."""
        kept = self._kept.get(document.key)
        return kept[1] if kept is not None and kept[0] == document.digest else None
