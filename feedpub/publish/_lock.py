"""[I/O] The build lock: one build at a time, released by the kernel when a build dies."""

from __future__ import annotations

import errno
import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from feedpub.errors import LockedError, PublishError

_POLL_SECONDS = 0.1


@contextmanager
def build_lock(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration of a build.

    The lock is a POSIX record lock (``lockf``): the kernel releases it when the process dies,
    so a build killed with SIGKILL never leaves a stale lock behind, and unlike ``flock`` it
    is not shared with the parse workers the build forks.

    :raises LockedError: another build still holds the lock after ``timeout`` seconds.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise PublishError(
            f"{path}: cannot open the build lock ({exc.strerror}): check the permissions of "
            "its folder"
        ) from None
    with handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise PublishError(f"{path}: cannot lock: {exc.strerror}") from None
                if time.monotonic() >= deadline:
                    raise LockedError(
                        f"{path}: another build holds the lock (waited {timeout:g} s)"
                    ) from None
                time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.lockf(handle.fileno(), fcntl.LOCK_UN)
