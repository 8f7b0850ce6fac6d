"""[I/O] A forked helper that shares the walk of a large source folder."""

from __future__ import annotations

import os
import signal
import struct
import sys
from collections.abc import Iterator
from typing import BinaryIO, NoReturn

from feedpub.errors import DocumentError
from feedpub.ingest._forking import die_with_parent
from feedpub.ingest._walk import Listing, Unchanged, _Walk

_CLAIM = struct.Struct("<I")
_MAX_CLAIMS = 65536 // _CLAIM.size


class _Helper:
    """A forked process that walks the subtrees it claims and leaves their listings in a
    file; the build walks the others."""

    def __init__(self, pid: int, claims: int, output: BinaryIO, walk: _Walk) -> None:
        self._pid: int | None = pid
        self._claims = claims
        self._output = output
        self._walk = walk
        self._mine: list[int] = []

    def __enter__(self) -> _Helper:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # The build gave up before reading the helper's listings: stop it.
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        os.close(self._claims)
        self._output.close()

    @classmethod
    def start(cls, walk: _Walk) -> _Helper | None:
        """Fork a helper; None where it would not pay or cannot run."""
        count = len(walk.folders)
        if (
            count < 2 or count > _MAX_CLAIMS or not sys.platform.startswith("linux")
            or (os.cpu_count() or 1) < 2
        ):
            return None
        import tempfile

        parent = os.getpid()
        # Out of disk, file descriptors or processes: the build walks in one process.
        try:
            output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _Helper.__exit__
        except OSError:
            return None
        try:
            claims, writer = os.pipe()
        except OSError:
            output.close()
            return None
        os.write(writer, b"".join(_CLAIM.pack(index) for index in range(count)))
        os.close(writer)
        try:
            pid = os.fork()
        except OSError:
            os.close(claims)
            output.close()
            return None
        if pid == 0:
            _serve(parent, walk, claims, output)
        return cls(pid, claims, output, walk)

    def claims(self) -> Iterator[int]:
        """Yield the subtrees this process claims, as indexes into the walk's folders."""
        for index in _claimed(self._claims):
            self._mine.append(index)
            yield index

    def listings(self) -> Iterator[Listing | Unchanged]:
        """Yield the helper's listings; if it failed, walk every subtree this process did not.
        """
        import pickle

        if self._pid is None:
            raise RuntimeError("the helper's listings were read twice")
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            theirs = set(range(len(self._walk.folders))) - set(self._mine)
            yield from self._walk.trees(sorted(theirs))
            return
        self._output.seek(0)
        # The helper is this build's own child, writing to a file only the two of them hold.
        for item in pickle.load(self._output):  # noqa: S301
            if isinstance(item, Unchanged):
                yield item
                continue
            folder, keys, sizes, mtimes, refused, digest = item
            errors = [DocumentError(path, reason) for path, reason in refused]
            yield Listing(folder, folder, keys, sizes, mtimes, errors, digest)


def _serve(parent: int, walk: _Walk, claims: int, output: BinaryIO) -> NoReturn:
    """The helper's life: walk the subtrees it claims, leave their listings in ``output``."""
    import pickle

    code = 1
    try:
        die_with_parent(parent)
        # Unchanged folders cross as two values: what the build waits for at the end is this
        # file, and most folders are unchanged.
        pickle.dump(
            [
                item if isinstance(item, Unchanged) else
                (item.folder, item.keys, item.sizes, item.mtimes,
                 [(str(e.path), e.reason) for e in item.refused], item.digest)
                for item in walk.trees(_claimed(claims))
            ],
            output,
            pickle.HIGHEST_PROTOCOL,
        )
        output.flush()
        code = 0
    finally:
        os._exit(code)


def _claimed(claims: int) -> Iterator[int]:
    # Every claim was written before the fork, so a read returns one whole claim, or nothing
    # once all are taken.
    while record := os.read(claims, _CLAIM.size):
        yield _CLAIM.unpack(record)[0]
