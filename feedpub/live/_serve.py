"""[I/O] ``feedpub serve``: the output folder over HTTP, rebuilt as the source changes.

``http.server.ThreadingHTTPServer`` with a careful handler (``_http``): the standard library
serves a local preview well, and a server library would be a dependency for nothing a
preview needs (no TLS, no HTTP/2: production serves the folder with nginx or Caddy).
"""

from __future__ import annotations

import logging
import socket
import threading
from http.server import ThreadingHTTPServer

from feedpub.config import Config
from feedpub.live._files import OutputFiles
from feedpub.live._http import OutputHandler
from feedpub.live._run import run_until_signalled
from feedpub.live._watch import Watcher

log = logging.getLogger("feedpub.live")


class _Server(ThreadingHTTPServer):
    daemon_threads = True


def serve(config: Config, bind: str, port: int) -> None:
    """Serve ``config.output`` on ``bind``:``port`` (0: any free port) and keep it built from
    ``config.source`` (``Watcher``) until SIGTERM or SIGINT.

    :raises OSError: the address cannot be bound (in use, not local, no permission).
    """
    handler = type("Handler", (OutputHandler,), {"files": OutputFiles(config.output)})
    server_class = type(
        "Server", (_Server,),
        {"address_family": socket.AF_INET6 if ":" in bind else socket.AF_INET},
    )
    with server_class((bind, port), handler) as server:
        host, bound = server.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        log.info("serving %s at http://%s:%s/", config.output, shown, bound)
        thread = threading.Thread(target=server.serve_forever, name="feedpub-serve", daemon=True)
        thread.start()
        try:
            run_until_signalled(Watcher(config))
        finally:
            server.shutdown()
