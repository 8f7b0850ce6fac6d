"""[I/O] Scan the source folder: every folder's listing, or Unchanged where its digest holds."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from feedpub.errors import DocumentError
from feedpub.ingest._helper import _Helper
from feedpub.ingest._walk import Listing, SourceOptions, Unchanged, _scan_folder, _Walk


def scan_folders(
    root: Path, options: SourceOptions, *, known: Mapping[str, str] | None = None,
    parallel: bool = False,
) -> Iterator[Listing | Unchanged]:
    """Yield the Listing of every folder under ``root``, ``root`` included, or Unchanged for a
    folder whose digest is the one ``known`` gives it.

    With ``parallel``, a forked helper shares the walk of the root's subfolders: the walk is
    the floor of a no-change build, and threads would not help (the stat calls hold the GIL
    between them). Forking costs more than it saves below some 20,000 files.

    A folder that cannot be read is listed empty, with the error as its one refused file.
    Hidden files and folders, editor backups, sockets and FIFOs are skipped silently; symlinks
    that lead outside ``root`` and files over the size limit are refused by name.

    :raises DocumentError: ``root`` itself is not a readable folder.
    """
    real_root = _real_root(root)
    matcher = _matcher(options)
    folders: list[tuple[str, str]] = []
    walk = _Walk(real_root, folders, options, matcher, known or {})
    yield walk.outcome(_scan_folder(real_root, str(real_root), "", folders, options, matcher))
    helper = _Helper.start(walk) if parallel else None
    if helper is None:
        yield from walk.trees(range(len(folders)))
        return
    with helper:
        yield from walk.trees(helper.claims())
        yield from helper.listings()


def _real_root(root: Path) -> Path:
    """Return ``root`` resolved.

    :raises DocumentError: it is not a readable folder.
    """
    try:
        real_root = root.resolve(strict=True)
        if not real_root.is_dir():
            raise DocumentError(root, "source is not a folder")
    except OSError as exc:
        raise DocumentError(root, f"cannot read source folder: {exc.strerror}") from None
    return real_root


def _matcher(options: SourceOptions) -> re.Pattern[str]:
    """The file names that are documents, as one pattern."""
    return re.compile("|".join(fnmatch.translate(p) for p in options.patterns), re.IGNORECASE)
