"""The rows the build reads from the registry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class Status(StrEnum):
    """Whether an entry is in the feeds; a removed one keeps its id and dates, should its
    text come back (README, "What a rebuild promises")."""

    ACTIVE = "active"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class Record:
    """One registry row, as the build needs it to decide what a changed file is."""

    id: str
    slug: str
    key: str
    status: Status
    digest: str
    published: datetime
    updated: datetime
    fingerprint: str
    title: str


@dataclass(frozen=True, slots=True)
class Changed:
    """A scanned file whose size or mtime differs from the registry's, or that is new to it."""

    key: str
    size: int
    mtime_ns: int


def ts(value: datetime) -> int:
    return int(value.astimezone(UTC).timestamp())
