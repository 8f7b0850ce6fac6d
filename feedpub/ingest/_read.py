"""[I/O] The one way a build opens a document (SPEC.md §1: hostile input)."""

from __future__ import annotations

import errno
import os
import stat

from feedpub.errors import DocumentError
from feedpub.ingest._walk import SourceFile

_READ_CHUNK = 1 << 16


def read_bytes(root: str, file: SourceFile, max_size: int) -> bytes:
    """Read a document's bytes: the one way any stage of a build opens a document.

    ``root`` is the resolved source folder. What the scan refuses is refused here too, at the
    moment of the open, so that a file swapped for something else between the scan and the
    read cannot win: a symlink whose target lies outside ``root``, and anything that is not
    a regular file (a FIFO would block the build for ever, a device could have side effects).
    The last component is opened with ``O_NOFOLLOW`` and ``O_NONBLOCK``, and the opened
    descriptor itself is checked: its type by ``fstat``, and where it really lives.

    :raises DocumentError: the file is refused, cannot be read, or grew past the size limit.
    """
    try:
        fd = _open_inside(root, file)
    except OSError as exc:
        raise DocumentError(file.key, f"cannot read: {exc.strerror}") from None
    chunks: list[bytes] = []
    total = 0
    # Ask for the size the scan saw and one byte more, to notice a file that grew since: a
    # read of max_size would allocate that much for every file (four times slower).
    want = file.size + 1 if file.size > 0 else _READ_CHUNK
    try:
        _refuse_descriptor(root, file.key, fd)
        while total <= max_size:
            chunk = os.read(fd, min(want, max_size + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = _READ_CHUNK
    except OSError as exc:
        raise DocumentError(file.key, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if total > max_size:
        raise DocumentError(file.key, f"too large: over the limit of {max_size} bytes")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC | os.O_NOFOLLOW
_OUTSIDE = "symlink leads outside the source folder"


def _open_inside(root: str, file: SourceFile) -> int:
    try:
        return os.open(file.path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
    # The last component is a symlink (the scan reads those that stay inside the folder):
    # open its target, itself not a link, and only if it is inside.
    target = os.path.realpath(file.path)
    if not _is_inside(target, root):
        raise DocumentError(file.key, _OUTSIDE)
    return os.open(target, _OPEN_FLAGS)


def _refuse_descriptor(root: str, key: str, fd: int) -> None:
    """Refuse an opened descriptor that is not a regular file inside ``root``."""
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise DocumentError(key, "not a regular file")
    try:
        # Linux names the file a descriptor is open on, whatever path led there: a folder of
        # the path swapped for a link to elsewhere after the scan shows up here.
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return
    if not _is_inside(where, root):
        raise DocumentError(key, _OUTSIDE)


def _is_inside(path: str, root: str) -> bool:
    return path.startswith(root.rstrip(os.sep) + os.sep)
