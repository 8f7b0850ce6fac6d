"""The exceptions feedpub raises for things a user can fix.

Anything else that escapes the library is a bug and shows a traceback (STYLE.md, Errors).
"""

from __future__ import annotations

from pathlib import Path


class FeedpubError(Exception):
    """Base class: a problem the user can act on, printed as one line."""


class ConfigError(FeedpubError):
    """The configuration file or a command-line value is invalid."""


class DocumentError(FeedpubError):
    """One document cannot be published; the build goes on without it."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class RegistryError(FeedpubError):
    """The registry database is missing, corrupt or of an unknown version."""


class PublishError(FeedpubError):
    """The feeds could not be written; the previous ones are left in place."""


class LockedError(FeedpubError):
    """Another build holds the lock on the output folder."""
