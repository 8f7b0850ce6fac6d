"""What a watcher's file events mean to a build: the paths under the source that changed."""

from __future__ import annotations

import os
from pathlib import Path

import watchfiles

# The walk skips these (ingest._walk): their events are not worth a build.
_IGNORED_ENDINGS = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")


class SourceFilter:
    """watchfiles' filter for one source folder: drops what no scan would look at (hidden
    files and folders, such as ``.git``; editor backups), and notes an event on the folder
    itself (deleted, or moved away: its watch then sees nothing more)."""

    def __init__(self, source: Path) -> None:
        self.source = os.fspath(source)
        self.saw_root = False

    def __call__(self, change: watchfiles.Change, path: str) -> bool:  # noqa: ARG002 - watchfiles passes both
        """Return True for an event a build must know of."""
        if path == self.source:
            self.saw_root = True
            return True
        relative = path[len(self.source) + 1:] if path.startswith(self.source + os.sep) else ""
        if not relative:
            return False
        name = relative.rpartition(os.sep)[2]
        if name.endswith(_IGNORED_ENDINGS) or (name[:1] == "#" == name[-1:]):
            return False
        return not any(part.startswith(".") for part in relative.split(os.sep))


def touched_paths(source: Path, changes: set[tuple[watchfiles.Change, str]]) -> set[str]:
    """Return the changed paths relative to ``source``, "/"-separated."""
    prefix = os.fspath(source) + os.sep
    return {
        path[len(prefix):].replace(os.sep, "/") for _, path in changes if path.startswith(prefix)
    }
