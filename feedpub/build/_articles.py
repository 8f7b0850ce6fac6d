"""The Articles a build parsed in its own process, kept for its render step."""

from __future__ import annotations

from feedpub.model import Article, Document


class Articles:
    """The Articles of the documents this build parsed in its own process, for the render
    step: a small build then reads each new or edited document once, not twice (a 2 MB
    document of 300,000 paragraphs took a second per reading). Bounded by their text.

    A watcher keeps one across its builds, so that the newest entries are not parsed again
    for every edit: past the bound, the Articles kept longest go first.
    """

    _MAX_CHARACTERS = 8 * 1024 * 1024

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, Article, int]] = {}
        self._characters = 0

    def keep(self, document: Document, article: Article) -> None:
        """Keep ``article`` as what ``document`` (its key and digest) says, making room if
        the bound allows (a document larger than the bound is not kept)."""
        size = len(document.text)
        if size > self._MAX_CHARACTERS:
            return
        self._forget(document.key)
        while self._kept and self._characters + size > self._MAX_CHARACTERS:
            self._forget(next(iter(self._kept)))
        self._characters += size
        self._kept[document.key] = (document.digest, article, size)

    def _forget(self, key: str) -> None:
        kept = self._kept.pop(key, None)
        if kept is not None:
            self._characters -= kept[2]

    def find(self, document: Document) -> Article | None:
        """Return the kept Article of ``document`` if its text is the one that was parsed."""
        kept = self._kept.get(document.key)
        return kept[1] if kept is not None and kept[0] == document.digest else None
