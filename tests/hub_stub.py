"""A WebSub hub stub on 127.0.0.1 for the tests: records every publish ping it receives."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class HubStub:
    """Answers ``status`` (204 by default) and keeps each ping's form fields and type."""

    def __init__(self, port: int = 0) -> None:
        self.pings: list[dict[str, list[str]]] = []
        self.content_types: list[str] = []
        self.status = 204
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with hub.lock:
                    hub.pings.append(parse_qs(body.decode("ascii")))
                    hub.content_types.append(self.headers.get("Content-Type", ""))
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def urls(self) -> list[str]:
        """The ``hub.url`` of every ping so far, in order of arrival."""
        with self.lock:
            return sorted(ping["hub.url"][0] for ping in self.pings)

    def clear(self) -> None:
        with self.lock:
            self.pings.clear()


@contextmanager
def hub_stub(port: int = 0) -> Iterator[HubStub]:
    """Run a hub stub for the block, on ``port`` (0: any free one)."""
    hub = HubStub(port)
    thread = threading.Thread(target=hub.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        hub.server.shutdown()
        hub.server.server_close()
