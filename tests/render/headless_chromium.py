"""A headless Chromium driven over the DevTools protocol on a pipe: no package but the browser.

``--remote-debugging-pipe`` makes Chromium read commands from file descriptor 3 and write
replies and events to descriptor 4, each message JSON ended by a NUL byte (the transport
Puppeteer and Playwright use). The flags are those that keep Chromium quiet on a machine
without network: no background connections, no component updates, no sync.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--remote-debugging-pipe",
)
_HIGH_FD = 100


def find_chromium() -> str | None:
    """Return the browser to run: ``$FEEDPUB_CHROMIUM``, else the first candidate on PATH."""
    chosen = os.environ.get("FEEDPUB_CHROMIUM")
    if chosen:
        return chosen
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def install_chromium() -> str | None:
    """Install Debian's ``chromium`` where this process may (root, with apt-get: a CI
    container, the machine the README's test command runs on); return the browser, or None
    where it cannot be installed."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None
    quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            subprocess.run(command, check=True, capture_output=True, timeout=900, env=quiet)
    except (OSError, subprocess.SubprocessError):
        return None
    return find_chromium()


class Chromium:
    """One browser process with one page (tab) attached."""

    def __init__(self, executable: str, profile: Path, timeout: float = 30.0) -> None:
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # Out of the way of 3 and 4, so the child can dup2 them there whatever they were.
        child_in = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, _HIGH_FD)
        child_out = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, _HIGH_FD)
        os.close(commands_read)
        os.close(replies_write)

        def give_pipes() -> None:
            os.dup2(child_in, 3)  # dup2 clears close-on-exec: the browser keeps 3 and 4
            os.dup2(child_out, 4)

        # preexec_fn: the pipes must be fds 3 and 4 in the child; the tests run no threads.
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=give_pipes, close_fds=False,  # noqa: PLW1509
        )
        os.close(child_in)
        os.close(child_out)
        self._write, self._read = commands_write, replies_read
        self._buffer = b""
        self._next_id = 0
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", page=True)  # else no Page.loadEventFired

    def send(self, method: str, params: dict[str, Any] | None = None, *, page: bool = False) -> Any:
        """Send one command (to the page's session when ``page``) and return its result."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Return the first event named ``method`` not seen yet, waiting for it."""
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(index)
            self.events.append(self._receive())

    def open(self, url: str, width: int, height: int = 800) -> None:
        """Load ``url`` in a viewport ``width`` CSS pixels wide (a phone's below 600)."""
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
        }, page=True)
        self.events.clear()
        self.send("Page.navigate", {"url": url}, page=True)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """Return the value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, page=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"]["value"]

    def close(self) -> None:
        """End the browser and free its pipes."""
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            self.process.kill()
        self.process.wait(timeout=self.timeout)
        os.close(self._write)
        os.close(self._read)

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError(f"Chromium said nothing for {self.timeout} s")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError(f"Chromium exited (code {self.process.poll()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        reply: dict[str, Any] = json.loads(message)
        return reply
