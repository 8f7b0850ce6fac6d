"""[I/O] What ``feedpub serve`` answers for a request path: a file of the output, or nothing.

Only regular files inside the output folder are served: no listing, no hidden file (a
publish's temporary files are hidden), no ``..`` segment however it is encoded, no encoded
slash (RFC 3986 §2.2: ``%2F`` is data, not a separator, and must not reach the file system
as one), nothing a symlink leads to outside the output.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

_FEED_TYPES = {b"<rss": "application/rss+xml", b"<feed": "application/atom+xml"}
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/feed+json",
    ".txt": "text/plain; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/vnd.microsoft.icon",
}
_COMPRESSIBLE = ("application/", "text/", "image/svg")
_CACHED = 256


class Refused(Exception):  # noqa: N818 - an answer, not a failure
    """The path names nothing that may be served; ``status`` is the HTTP answer."""

    def __init__(self, status: int, location: str | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.location = location


@dataclass(frozen=True, slots=True)
class Served:
    """One file as served: its bytes, type, strong validator and modification time."""

    data: bytes
    content_type: str
    etag: str
    mtime: float

    def gzipped(self) -> Served:
        """The same file gzip-encoded, with its own strong ETag (RFC 9110 §8.8.3.3)."""
        # mtime=0: the same bytes give the same gzip bytes, so the ETag holds.
        return Served(
            gzip.compress(self.data, mtime=0), self.content_type, self.etag[:-1] + '-gzip"',
            self.mtime,
        )

    @property
    def compressible(self) -> bool:
        """Whether gzip is worth it: text formats of a few hundred bytes or more."""
        return len(self.data) >= 256 and self.content_type.startswith(_COMPRESSIBLE)


class OutputFiles:
    """The output folder as ``feedpub serve`` sees it, with the digests of recent files kept
    (by inode, size and mtime) so that a feed is hashed once per build, not per request."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cache: dict[tuple[str, int, int, int, bool], Served] = {}
        self._lock = threading.Lock()

    def find(self, raw_path: str) -> Path:
        """Return the file ``raw_path`` (the request target's path) names.

        :raises Refused: 404 for anything outside, hidden or absent; 403 for a symlink that
            leads out; 301 (with ``location``) for a folder named without its final slash.
        """
        if "%2f" in raw_path.lower() or "%5c" in raw_path.lower() or "\\" in raw_path:
            raise Refused(404)
        try:
            segments = unquote(raw_path, errors="strict").split("/")
        except UnicodeDecodeError:
            raise Refused(404) from None
        names = [segment for segment in segments[1:] if segment]
        if any(name in (".", "..") or name.startswith(".") or "\0" in name for name in names):
            raise Refused(404)
        path = self.root.joinpath(*names)
        if path.is_dir():
            if not raw_path.endswith("/"):
                raise Refused(301, raw_path + "/")
            path = path / "index.html"
        if not path.is_file():
            raise Refused(404)
        if not path.resolve().is_relative_to(self.root):
            raise Refused(403)
        return path

    def read(self, path: Path, gzipped: bool) -> Served:
        """Return the file at ``path`` as served, gzip-encoded if asked and worth it.

        :raises Refused: 404 if it went away meanwhile.
        """
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns, gzipped)
                with self._lock:
                    cached = self._cache.get(key)
                if cached is not None:
                    return cached
                data = handle.read()
        except OSError:
            raise Refused(404) from None
        served = Served(data, _content_type(path, data), _etag(data), info.st_mtime)
        if gzipped and served.compressible:
            served = served.gzipped()
        with self._lock:
            if len(self._cache) >= _CACHED:
                self._cache.clear()
            self._cache[key] = served
        return served


def _etag(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'


def _content_type(path: Path, data: bytes) -> str:
    """The media type: RSS and Atom told apart by their root element (RFC 4287 §7)."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        head = data[:1024]
        for marker, media_type in _FEED_TYPES.items():
            if marker in head:
                return media_type
        return "application/xml"
    return _TYPES.get(suffix, "application/octet-stream")
