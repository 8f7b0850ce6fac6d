"""[I/O] The request handler of ``feedpub serve``: GET and HEAD of the output's files, with
the validators and encodings feed readers rely on (RFC 9110 §8.8, §13; RFC 9111)."""

from __future__ import annotations

import logging
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import ClassVar
from urllib.parse import urlsplit

from feedpub.live._files import OutputFiles, Refused, Served

log = logging.getLogger(__name__)


class OutputHandler(BaseHTTPRequestHandler):
    """Answers for the files of ``files``; one instance per request (``http.server``)."""

    files: ClassVar[OutputFiles]
    server_version = "feedpub"
    sys_version = ""
    # HTTP/1.1: readers keep the connection for the next feed (Content-Length is always set).
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        """Send the file, or 304 when the client's copy is current."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """Send the headers GET would send."""
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = urlsplit(self.path).path
        try:
            served = self.files.read(self.files.find(path), self._accepts_gzip())
        except Refused as refused:
            self._refuse(refused, body)
            return
        fresh = self._not_modified(served)
        self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
        self.send_header("ETag", served.etag)
        self.send_header("Last-Modified", formatdate(served.mtime, usegmt=True))
        # A preview must show the latest build: caches may keep, but must ask again.
        self.send_header("Cache-Control", "no-cache")
        if served.compressible:
            self.send_header("Vary", "Accept-Encoding")
        if fresh:
            self.end_headers()
            return
        self.send_header("Content-Type", served.content_type)
        if served.etag.endswith('-gzip"'):
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(served.data)))
        self.end_headers()
        if body:
            self.wfile.write(served.data)

    def _refuse(self, refused: Refused, body: bool) -> None:
        status = HTTPStatus(refused.status)
        text = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        if refused.location:
            self.send_header("Location", refused.location)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if body:
            self.wfile.write(text)

    def _not_modified(self, served: Served) -> bool:
        """RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison, §8.8.3.2);
        otherwise If-Modified-Since, to the second."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            wanted = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
            return "*" in wanted or served.etag in wanted
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return int(served.mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False  # an unparsable date is ignored (RFC 9110 §13.1.3)

    def _accepts_gzip(self) -> bool:
        """RFC 9110 §12.5.3: gzip unless absent from Accept-Encoding or given q=0."""
        for item in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = item.partition(";")
            if coding.strip().lower() in ("gzip", "x-gzip", "*"):
                quality = params.strip().lower().removeprefix("q=")
                try:
                    return not params.strip() or float(quality) > 0
                except ValueError:
                    return False
        return False

    def log_message(self, format: str, *args: object) -> None:
        """Log requests through ``logging`` (debug), not straight to stderr."""
        log.debug("%s %s", self.address_string(), format % args)
