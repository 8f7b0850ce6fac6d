"""[I/O] Every file feedpub publishes is written here: atomically, and only when it changed.

SPEC.md §3, Safe replacement: a reader fetching during a build sees the old file or the new
one. Each file goes to a temporary file in the same folder, is fsynced, then ``os.replace``d;
all files of a build are written before the first is replaced.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from feedpub.errors import PublishError


def publish_files(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Write ``files`` (name -> bytes) into ``folder``; return the names that changed.

    A file whose bytes are already on disk is not touched, so its mtime (HTTP
    Last-Modified) and ETag stay.

    :raises PublishError: the folder or a file cannot be written; nothing was replaced.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
    _remove_leftovers(folder, files)
    previous = {name: _read(folder / name) for name in files}
    changed = {name: data for name, data in files.items() if previous[name] != data}
    staged: list[tuple[Path, Path]] = []
    replaced: list[str] = []
    try:
        for name, data in changed.items():
            staged.append((_stage(folder, name, data), folder / name))
        for _, final in staged:
            # A folder in a feed's place would fail its rename after others succeeded.
            if final.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        for temporary, final in staged:
            os.replace(temporary, final)
            replaced.append(final.name)
        _fsync_folder(folder)
    except OSError as exc:
        _put_back(folder, {name: previous[name] for name in replaced})
        raise PublishError(f"{folder}: cannot write the feeds: {exc.strerror}") from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return sorted(changed)


def _put_back(folder: Path, previous: dict[str, bytes | None]) -> None:
    """Undo, as far as the disk allows, the replacements of a publish that failed half-way."""
    for name, data in previous.items():
        try:
            if data is None:
                (folder / name).unlink(missing_ok=True)
            else:
                os.replace(_stage(folder, name, data), folder / name)
        except OSError:
            continue


def _remove_leftovers(folder: Path, files: dict[str, bytes]) -> None:
    """Delete temporary files a killed build left behind; the build lock says none is in use."""
    for name in files:
        for leftover in folder.glob(f".{name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _stage(folder: Path, name: str, data: bytes) -> Path:
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes 0600 files; feeds are served to everyone.
        os.chmod(temporary, 0o644)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
