"""Publication latency of ``feedpub watch``: from a document's ``rename()`` into the source
folder to the new ``atom.xml`` in place and the WebSub hub told.

On a copy of the real corpus and (unless ``--skip-large``) that corpus replicated to
``--size`` documents (as ``run.py`` makes it), after a cold ``feedpub build``:

* a hub stub (``http.server`` on 127.0.0.1) records when each ping arrives;
* ``feedpub watch`` runs as a child process, configured with that hub;
* ``--edits`` times, a little over a second apart, a new document is written beside the
  corpus and renamed into one of its folders; the figure is the time from just before ``rename()`` to the hub's receipt of the
  ping for ``atom.xml`` (feedpub pings only once the file is in place; ``atom.xml``'s own
  mtime, a moment before its rename, is printed too). Median and p95.
* then the resident memory of the watcher after 10 and after ``--memory-edits`` edits of
  the same ten documents (each a build), to see that a long-running watcher stays flat.

Targets (issue 14): median <= 250 ms and p95 <= 500 ms at 100,000 documents; memory after
1,000 edits within 10 % of after 10. Prints one block per corpus; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from run import DEFAULT_CORPUS, copy_corpus, progress, replicate_corpus  # noqa: E402

SITE = "https://news.example.com"
WAIT_SECONDS = 30.0
PACE_SECONDS = 1.1


class Hub:
    """A WebSub hub stub: answers 204 and notes when each ``hub.url`` was pinged."""

    def __init__(self) -> None:
        self.pings: list[tuple[float, str]] = []
        self.arrived = threading.Condition()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                now = time.monotonic()
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                url = parse_qs(body.decode())["hub.url"][0]
                self.send_response(204)
                self.end_headers()
                with hub.arrived:
                    hub.pings.append((now, url))
                    hub.arrived.notify_all()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, url: str, after: float, log: list[str]) -> float:
        """Return when ``url`` was first pinged after ``after``; ``log`` is the watcher's,
        shown if no ping comes."""
        deadline = time.monotonic() + WAIT_SECONDS
        with self.arrived:
            while True:
                for moment, pinged in self.pings:
                    if pinged == url and moment >= after:
                        return moment
                left = deadline - time.monotonic()
                if left <= 0:
                    shown = "\n".join(log[-5:])
                    raise TimeoutError(f"no ping for {url} within {WAIT_SECONDS:g} s:\n{shown}")
                self.arrived.wait(left)


class Watch:
    """``feedpub watch`` as a child process; counts the builds it logs."""

    def __init__(self, config: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "feedpub", "watch", "--config", str(config)],
            stderr=subprocess.PIPE, text=True, env=env,
        )
        self.builds = 0
        self.built = threading.Condition()
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self.built:
                self.lines.append(line.rstrip())
                if line.startswith("feedpub: built in"):
                    self.builds += 1
                    self.built.notify_all()

    def wait_builds(self, count: int) -> None:
        with self.built:
            if not self.built.wait_for(lambda: self.builds >= count, WAIT_SECONDS * 4):
                raise TimeoutError("\n".join(self.lines[-5:]))

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def publish(staging: Path, target: Path, number: int, label: str) -> tuple[float, float]:
    """Write a new document in ``staging`` and rename it to ``target``; return when, on the
    monotonic clock and on the wall clock (which file times use)."""
    draft = staging / f"draft-{number}.txt"
    draft.write_text(
        f"{label} {number}: the council publishes its minutes\n\n"
        f"Paragraph {number} says what the council decided this morning, and why it matters "
        "to the readers of this feed.\n",
        encoding="utf-8",
    )
    started, wall = time.monotonic(), time.time()
    os.rename(draft, target)
    return started, wall


def _edit(
    watch: Watch, hub: Hub, work: Path, source: Path, edits: int, memory_edits: int
) -> tuple[list[float], list[float], dict[int, int]]:
    """Time ``edits`` new documents, then make ``memory_edits`` edits; return the delays
    (to the ping, to atom.xml's mtime) and the watcher's RSS after 10 and after all."""
    folders = sorted({path.parent for path in source.rglob("*.txt")})
    staging = work / "staging"
    staging.mkdir()
    watch.wait_builds(1)
    atom = f"{SITE}/atom.xml"
    to_ping, to_file = [], []
    progress(f"{edits} new documents renamed into {source}, a little over a second apart")
    for number in range(edits):
        # Entries first seen in the same second take distinct instants, stepping back
        # (SPEC.md §3): five new documents a second would date the later ones before the
        # newest 50, out of the feeds. A newsroom does not publish that fast.
        time.sleep(PACE_SECONDS)
        target = folders[number % len(folders)] / f"latency-{number}.txt"
        started, wall = publish(staging, target, number, "Latency probe")
        pinged = hub.wait_for(atom, started, watch.lines)
        to_ping.append((pinged - started) * 1000)
        to_file.append(((work / "out" / "atom.xml").stat().st_mtime - wall) * 1000)
        if f"Latency probe {number}:" not in (work / "out" / "atom.xml").read_text("utf-8"):
            raise AssertionError(f"atom.xml lacks probe {number}")
    rss = {}
    progress(f"{memory_edits} edits of ten documents")
    for number in range(1, memory_edits + 1):
        if number <= 10:
            time.sleep(PACE_SECONDS)  # the ten are new documents: see above
        target = folders[0] / f"memory-{number % 10}.txt"
        started, _ = publish(staging, target, number, "Memory probe")
        hub.wait_for(atom, started, watch.lines)
        if number in (10, memory_edits):
            rss[number] = watch.rss_kb()
    return to_ping, to_file, rss


def measure(source: Path, work: Path, edits: int, memory_edits: int) -> list[str]:
    hub = Hub()
    config = work / "feedpub.toml"
    config.write_text(
        f'site_url = "{SITE}"\nsource = "{source}"\noutput = "{work / "out"}"\n'
        f'state = "{work / "state.sqlite3"}"\nhubs = ["{hub.url}"]\n',
        encoding="utf-8",
    )
    progress(f"cold build of {source}")
    subprocess.run(
        [sys.executable, "-m", "feedpub", "build", "--quiet", "--config", str(config)],
        env={**os.environ, "PYTHONPATH": str(REPO)}, check=False,
    )
    watch = Watch(config)
    try:
        to_ping, to_file, rss = _edit(watch, hub, work, source, edits, memory_edits)
    except BaseException:
        watch.process.kill()  # a failed run leaves no watcher behind
        raise
    status = watch.stop()
    hub.server.shutdown()
    growth = (rss[memory_edits] - rss[10]) / rss[10] * 100
    return [
        (f"  rename -> hub pinged for atom.xml: median {statistics.median(to_ping):.0f} ms, "
        f"p95 {percentile(to_ping, 0.95):.0f} ms, max {max(to_ping):.0f} ms ({edits} new documents)"),
        (f"  rename -> atom.xml written (its mtime): median {statistics.median(to_file):.0f} ms, "
        f"p95 {percentile(to_file, 0.95):.0f} ms"),
        (f"  watcher RSS: {rss[10] / 1000:.1f} MB after 10 edits, "
        f"{rss[memory_edits] / 1000:.1f} MB after {memory_edits} ({growth:+.1f} %)"),
        f"  builds logged: {watch.builds}; exit status after SIGTERM: {status}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--memory-edits", type=int, default=1000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="feedpub-latency-") as scratch:
        root = Path(scratch)
        corpora = [copy_corpus(args.corpus, root / "real" / "source")]
        if not args.skip_large:
            corpora.append(replicate_corpus(args.corpus, root / "large" / "source", args.size))
        for corpus in corpora:
            lines = measure(corpus.path, corpus.path.parent, args.edits, args.memory_edits)
            print(f"{corpus.name} ({corpus.count:,} documents):")
            print("\n".join(lines), flush=True)
            shutil.rmtree(corpus.path.parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
