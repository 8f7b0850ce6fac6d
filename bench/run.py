"""Benchmark ``feedpub build`` against the I/O floor and a naive feedgen script.

On the real corpus and (unless ``--skip-large``) that corpus replicated to ``--size`` documents,
each scenario runs ``--runs`` times as a child process:

* floor      ``floor.py``: read every document, write as many bytes as feedpub's cold build wrote
* page floor ``page_floor.py``: read every document, write it as a page in a folder of its own
             (temporary file, renamed) on every core, then sync: the part of a build with
             pages that no Python builder avoids, set beside Hugo's time
* naive      ``naive.py``: feedgen, every document in one RSS and one Atom feed
* hugo       ``hugo`` (when on PATH; the real corpus only): the corpus as a Hugo site with its
             RSS (``hugo_site.py``), built from nothing each run
* cold       ``feedpub build``, empty registry and output folder (fresh for every run), with
             everything on: entry and index pages, RSS, Atom and JSON Feed, per-source and
             per-category feeds, RFC 5005 archives
* no change  ``feedpub build`` again on the state of a cold build; it must write no file
* one edit   on a copy of a cold build's state, flushed to disk before the run, after one
             document was edited, one added and one removed
* Markdown   (unless ``--skip-markdown``) ``feedpub build`` cold on the real corpus written
             again as Markdown with YAML front matter (``markdown_corpus.py``), against the
             plain corpus's cold build

Every run works on a scratch copy of the corpus, so the original is never modified. Wall time is
the median of the runs; memory is the largest of the runs, measured two ways: ``peak RSS`` is
``ru_maxrss`` from ``os.wait4`` (see ``measure.py``: the largest single process, feedpub's forked
parse workers included), ``tree PSS`` is the peak of the proportional set size summed over all the
processes of the run, sampled from /proc every 50 ms: what parallel workers take together. The
memory target is checked against the larger of the two.

Prints the table (``--markdown`` for the README) and one line of targets; progress goes to
stderr. Exit status: 0 every target checked passes, 1 one fails or is undecided (the naive
run timed out before feedpub's cold build ended), 2 a run failed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from markdown_corpus import write_markdown_corpus

BENCH = Path(__file__).resolve().parent
DEFAULT_CORPUS = BENCH.parent.parent / "shared" / "corpus" / "whitehouse"
MB = 1_000_000
SAMPLE_SECONDS = 0.05
FEEDPUB_EXIT_OK = (0, 1)  # 1: some documents were skipped, the feeds were still written

COLD_VS_NAIVE = 1.0
# Issue 12: a cold build of the real corpus with everything on (pages, three formats,
# per-source and per-category feeds, archives) in at most half the time Hugo 0.111 takes to
# build it as a site with its RSS: 7.7 s on the 2-core development machine, so 3.85 s.
HUGO_SECONDS = 7.7
COLD_VS_HUGO = 0.5
NO_CHANGE_SHARE = 0.03
ONE_EDIT_SHARE = 0.05
MEMORY_LIMIT = 150 * MB
MARKDOWN_VS_PLAIN = 1.5

FLOOR, NAIVE, COLD, NO_CHANGE, ONE_EDIT = "floor", "naive", "cold", "no change", "one edit"
HUGO, PAGE_FLOOR = "hugo", "page floor"
BASELINES = (FLOOR, PAGE_FLOOR, NAIVE, HUGO)


class RunFailedError(Exception):
    """A measured command exited with a status its scenario does not accept."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One measured run."""

    wall: float  # seconds
    rss: int  # bytes: ru_maxrss of the largest process
    tree: int  # bytes: peak PSS summed over the run's processes (0 if it ended before a sample)
    code: int  # exit code (feedpub: 1 when documents were skipped)
    finished: bool = True  # False: killed at the timeout, so every figure is a lower bound


@dataclass(slots=True)
class Figure:
    """The runs of one scenario on one corpus."""

    name: str
    samples: list[Sample] = field(default_factory=list)
    wrote_nothing: bool | None = None  # no-change runs: the feed files kept size and mtime

    @property
    def timed_out(self) -> bool:
        """True when a run was killed at the timeout (it is then the last run)."""
        return not self.samples[-1].finished

    @property
    def wall(self) -> float:
        """Median wall seconds; after a timeout, the killed run's time (a lower bound)."""
        if self.timed_out:
            return self.samples[-1].wall
        return statistics.median(sample.wall for sample in self.samples)

    @property
    def rss(self) -> int:
        """Largest ``ru_maxrss`` of the runs, in bytes."""
        return max(sample.rss for sample in self.samples)

    @property
    def tree(self) -> int:
        """Largest sampled process-tree PSS of the runs, in bytes."""
        return max(sample.tree for sample in self.samples)

    @property
    def memory(self) -> int:
        """The peak the memory target is checked against: the larger of both measures."""
        return max(self.rss, self.tree)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A scratch corpus that one section of the table runs on."""

    name: str
    path: Path
    count: int
    large: bool

    @property
    def title(self) -> str:
        """Name and document count, as the table shows them."""
        return f"{self.name} ({self.count:,} docs)"


# --- measuring one run ------------------------------------------------------------------------


class TreeSampler(threading.Thread):
    """Track the peak PSS of a session's processes but its leader; kill them at a deadline."""

    def __init__(self, leader: int, timeout: float | None) -> None:
        super().__init__(daemon=True)
        self.leader = leader
        self.timeout = timeout
        self.peak = 0
        self.killed = False
        self._done = threading.Event()

    def run(self) -> None:
        """Sample until stopped; past the timeout, SIGKILL the measured processes once."""
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while not self._done.wait(SAMPLE_SECONDS):
            pids = _session(self.leader)
            self.peak = max(self.peak, sum(_pss(pid) for pid in pids))
            if deadline is not None and time.monotonic() >= deadline and not self.killed:
                self.killed = True
                for pid in pids:
                    _kill(pid)

    def stop(self) -> None:
        """End sampling and wait for the thread."""
        self._done.set()
        self.join()


def _kill(pid: int) -> None:
    """SIGKILL a process of a measured run, unless it has already gone."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _session(leader: int) -> list[int]:
    """Return the processes of the session ``leader`` started, except the leader (measure.py)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == leader:
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
        except OSError:
            continue
        if int(stat[stat.rindex(b")") + 2 :].split()[3]) == leader:  # field 6: session id
            pids.append(int(name))
    return pids


def _pss(pid: int) -> int:
    """Return a process's proportional set size in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(
    argv: Sequence[object], ok: Sequence[int] = (0,), timeout: float | None = None
) -> Sample:
    """Run ``argv`` through ``measure.py``, killing it after ``timeout`` seconds if given.

    :raises RunFailedError: the command exited with a code not in ``ok``.
    """
    command = [sys.executable, "-I", "-S", str(BENCH / "measure.py"), *map(str, argv)]
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, start_new_session=True
        )
        sampler = TreeSampler(child.pid, timeout)
        sampler.start()
        try:
            report, _ = child.communicate()
        except BaseException:  # Ctrl-C: the run is in its own session, so end it here
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise
        finally:
            sampler.stop()
        if child.returncode != 0:
            raise RunFailedError(f"measure.py exited {child.returncode}: {_tail(errors)}")
        wall, code, rss_kib = report.split()
        if int(code) not in ok and not sampler.killed:
            raise RunFailedError(f"{' '.join(command[4:])}: exit {int(code)}: {_tail(errors)}")
    return Sample(float(wall), int(rss_kib) * 1024, sampler.peak, int(code), not sampler.killed)


def _tail(stream: BinaryIO, limit: int = 2000) -> str:
    """Return the end of what a run wrote to standard error."""
    stream.seek(0)
    return stream.read().decode(errors="replace")[-limit:].strip()


# --- corpora ----------------------------------------------------------------------------------


def documents(folder: Path) -> list[Path]:
    """Return the documents under ``folder`` (``*.txt``, as naive.py and floor.py read), sorted."""
    return sorted(path.relative_to(folder) for path in folder.rglob("*.txt"))


def copy_corpus(source: Path, target: Path) -> Corpus:
    """Copy ``source`` to ``target`` (modification times kept) and return it as a corpus."""
    progress(f"copying {source} to {target}")
    shutil.copytree(source, target)
    return Corpus(source.name, target, len(documents(target)), large=False)


def replicate_corpus(source: Path, target: Path, size: int) -> Corpus:
    """Write ``size`` documents to ``target``: numbered copies of ``source``, subfolders kept.

    Copy N of a document is ``copy-NN/<its path>``, with ``Copy N:`` before its title line and
    its first paragraph, so that no two documents share a title or a text.
    """
    progress(f"writing {size:,} documents to {target}")
    docs = documents(source)
    for number in range(size):
        copy, index = divmod(number, len(docs))
        path = target / f"copy-{copy:02d}" / docs[index]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(tag_copy((source / docs[index]).read_bytes(), copy))
    return Corpus(f"{source.name} replicated", target, size, large=True)


def tag_copy(data: bytes, copy: int) -> bytes:
    """Put ``Copy N: `` before the first line (the title) and the first non-blank line after it."""
    tag = f"Copy {copy}: ".encode()
    lines = data.split(b"\n")
    lines[0] = tag + lines[0]
    for index, line in enumerate(lines[1:], start=1):
        if line.strip():
            lines[index] = tag + line
            break
    return b"\n".join(lines)


@dataclass(frozen=True, slots=True)
class Edit:
    """One document edited, one added and one removed in a corpus; undone byte and mtime exact."""

    edited: Path
    removed: Path
    added: Path
    saved: dict[Path, tuple[bytes, int, int]]  # path -> bytes, atime_ns, mtime_ns

    @classmethod
    def choose(cls, corpus: Path) -> Edit:
        """Pick the documents a third and two thirds into ``corpus``'s sorted list."""
        docs = documents(corpus)
        edited, removed = corpus / docs[len(docs) // 3], corpus / docs[2 * len(docs) // 3]
        saved = {}
        for path in (edited, removed):
            info = path.stat()
            saved[path] = (path.read_bytes(), info.st_atime_ns, info.st_mtime_ns)
        return cls(edited, removed, edited.with_name("bench-added-document.txt"), saved)

    def apply(self) -> None:
        """Edit, add and remove a document."""
        self.edited.write_bytes(
            self.saved[self.edited][0] + b"\nA paragraph added by bench/run.py.\n"
        )
        self.removed.unlink()
        self.added.write_bytes(
            b"A document added by bench/run.py\n\n"
            b"This paragraph exists to measure a build after one document was added.\n"
        )

    def undo(self) -> None:
        """Put the corpus back as it was, bytes and modification times."""
        self.added.unlink(missing_ok=True)
        for path, (data, atime_ns, mtime_ns) in self.saved.items():
            path.write_bytes(data)
            os.utime(path, ns=(atime_ns, mtime_ns))


# --- scenarios --------------------------------------------------------------------------------


def feedpub_build(source: Path, build: Path) -> list[str]:
    """Return the command building ``source`` into ``build``/out, registry in ``build``/state.

    feedpub runs under this interpreter, as the installed ``feedpub`` script does, not through
    whatever ``feedpub`` is first on PATH: a version manager's shell shim there adds its own
    start-up time to every run.
    """
    state = build / "state" / "registry.sqlite3"
    return [
        sys.executable, "-m", "feedpub", "build", str(source), "--output", str(build / "out"), "--state", str(state),
        "--quiet",
    ]


def feed_stats(output: Path) -> dict[str, tuple[int, int]]:
    """Return the path, size and mtime (ns) of every file under an output folder (feeds,
    archive pages, per-source and per-category feeds, entry and index pages)."""
    stats = {}
    for folder, _, names in os.walk(output):
        for name in names:
            info = os.stat(os.path.join(folder, name))
            stats[os.path.relpath(os.path.join(folder, name), output)] = (
                info.st_size, info.st_mtime_ns
            )
    return stats


def repeat(corpus: Corpus, name: str, runs: int, once: Callable[[], Sample]) -> Figure:
    """Call ``once`` ``runs`` times (stopping at a timeout) and collect its samples."""
    figure = Figure(name)
    for number in range(1, runs + 1):
        sample = once()
        figure.samples.append(sample)
        progress(
            f"{corpus.title}: {name} {number}/{runs}: {sample.wall:.2f} s, "
            f"RSS {sample.rss / MB:.0f} MB, tree PSS {sample.tree / MB:.0f} MB"
            + ("" if sample.code == 0 else f", exit {sample.code}")
            + ("" if sample.finished else " (timeout: killed)")
        )
        if not sample.finished:
            break
    return figure


def run_cold(corpus: Corpus, work: Path, runs: int) -> tuple[Figure, Path]:
    """Build from nothing each time; return the figure and the last build's folder."""
    build = work / "cold"

    def once() -> Sample:
        shutil.rmtree(build, ignore_errors=True)
        return measure(feedpub_build(corpus.path, build), ok=FEEDPUB_EXIT_OK)

    return repeat(corpus, COLD, runs, once), build


def run_floor(corpus: Corpus, work: Path, runs: int, size: int) -> Figure:
    """Read every document and write ``size`` bytes."""
    command = [sys.executable, BENCH / "floor.py", corpus.path, work / "floor.out", size]
    return repeat(corpus, FLOOR, runs, lambda: measure(command))


def run_page_floor(corpus: Corpus, work: Path, runs: int) -> Figure:
    """Write every document as a page into a fresh folder each time."""
    output = work / "page-floor"

    def once() -> Sample:
        shutil.rmtree(output, ignore_errors=True)
        return measure([sys.executable, BENCH / "page_floor.py", corpus.path, output])

    figure = repeat(corpus, PAGE_FLOOR, runs, once)
    shutil.rmtree(output, ignore_errors=True)
    return figure


def run_naive(corpus: Corpus, work: Path, runs: int, timeout: float) -> Figure:
    """Run naive.py into a fresh folder each time, killing it after ``timeout`` seconds."""
    output = work / "naive"

    def once() -> Sample:
        shutil.rmtree(output, ignore_errors=True)
        return measure([sys.executable, BENCH / "naive.py", corpus.path, output], timeout=timeout)

    figure = repeat(corpus, NAIVE, runs, once)
    shutil.rmtree(output, ignore_errors=True)
    return figure


def run_hugo(corpus: Corpus, work: Path, runs: int) -> Figure:
    """Build the corpus as a Hugo site into a fresh folder each time (the site is written
    once, untimed)."""
    from hugo_site import write_site

    site, output = work / "hugo-site", work / "hugo-out"
    write_site(corpus.path, site)

    def once() -> Sample:
        shutil.rmtree(output, ignore_errors=True)
        return measure(["hugo", "--quiet", "--source", site, "--destination", output])

    figure = repeat(corpus, HUGO, runs, once)
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site)
    return figure


def run_no_change(corpus: Corpus, build: Path, runs: int) -> Figure:
    """Rebuild a cold build's state with nothing changed; note whether a feed file was written."""
    before = feed_stats(build / "out")
    command = feedpub_build(corpus.path, build)
    figure = repeat(corpus, NO_CHANGE, runs, lambda: measure(command, ok=FEEDPUB_EXIT_OK))
    figure.wrote_nothing = feed_stats(build / "out") == before
    return figure


def run_one_edit(corpus: Corpus, cold: Path, work: Path, runs: int) -> Figure:
    """Rebuild a copy of a cold build's state after an edit, an addition and a removal.

    :raises RunFailedError: feedpub did not rewrite the feeds.
    """
    edit = Edit.choose(corpus.path)
    build = work / "edit"

    def once() -> Sample:
        shutil.rmtree(build, ignore_errors=True)
        shutil.copytree(cold, build)
        # Write the copy out first: the registry's first checkpoint fsyncs its file, and would
        # otherwise pay for the 100+ MB this copy just left in the page cache.
        os.sync()
        edit.apply()
        try:
            sample = measure(feedpub_build(corpus.path, build), ok=FEEDPUB_EXIT_OK)
        finally:
            edit.undo()
        if feed_stats(build / "out") == feed_stats(cold / "out"):
            raise RunFailedError(f"{corpus.title}: {ONE_EDIT}: feedpub did not rewrite the feeds")
        return sample

    figure = repeat(corpus, ONE_EDIT, runs, once)
    shutil.rmtree(build)
    return figure


def bench_corpus(corpus: Corpus, work: Path, args: argparse.Namespace) -> list[Figure]:
    """Measure every scenario on one corpus; return floor, page floor, naive, (Hugo,) cold, no
    change, one edit."""
    cold, build = run_cold(corpus, work, args.runs)
    written = sum(size for size, _ in feed_stats(build / "out").values())
    floor = run_floor(corpus, work, args.runs, written)
    page_floor = run_page_floor(corpus, work, args.runs)
    naive = run_naive(corpus, work, args.runs, args.naive_timeout)
    no_change = run_no_change(corpus, build, args.runs)
    one_edit = run_one_edit(corpus, build, work, args.runs)
    hugo = [] if corpus.large or not shutil.which("hugo") else [run_hugo(corpus, work, args.runs)]
    return [floor, page_floor, naive, *hugo, cold, no_change, one_edit]


def progress(message: str) -> None:
    """Report progress on stderr."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --- report -----------------------------------------------------------------------------------

Section = tuple[Corpus, list[Figure]]
HEADER = (
    "corpus", "run", "wall s", "peak RSS MB", "tree PSS MB",
    "time ÷ naive", "time ÷ floor", "memory ÷ naive", "memory ÷ floor",
)


def table_rows(sections: Sequence[Section]) -> list[tuple[str, ...]]:
    """Return one row of cells per scenario and corpus; ratios for feedpub's runs only."""
    rows = []
    for corpus, figures in sections:
        found = {figure.name: figure for figure in figures}
        floor, naive = found[FLOOR], found[NAIVE]
        for figure in figures:
            cells = [corpus.title, _run_name(figure), _seconds(figure)]
            cells += [_megabytes(figure.rss, figure), _megabytes(figure.tree, figure)]
            if figure.name in BASELINES:
                cells += [""] * 4
            else:
                cells += [_ratio(figure.wall, base.wall, base) for base in (naive, floor)]
                cells += [_ratio(figure.memory, base.memory, base) for base in (naive, floor)]
            rows.append(tuple(cells))
    return rows


def _run_name(figure: Figure) -> str:
    """Name a scenario's row."""
    return figure.name if figure.name in BASELINES else f"feedpub {figure.name}"


def _seconds(figure: Figure) -> str:
    """Format the median wall time; a timeout shows as a lower bound."""
    return f"{'> ' if figure.timed_out else ''}{figure.wall:.2f}"


def _megabytes(value: int, figure: Figure) -> str:
    """Format a memory figure; after a timeout it is a lower bound."""
    return f"≥ {value / MB:.0f}" if figure.timed_out else f"{value / MB:.0f}"


def _ratio(value: float, base: float, base_figure: Figure) -> str:
    """Format ``value / base``; a timed-out base is a lower bound, so the ratio is at most that."""
    return f"{'< ' if base_figure.timed_out else ''}{value / base:.2f}×"


def render_table(rows: Sequence[tuple[str, ...]], markdown: bool) -> str:
    """Lay the rows out under ``HEADER`` as aligned text or as a Markdown table."""
    if markdown:
        lines = [HEADER, ("---", "---") + ("---:",) * (len(HEADER) - 2), *rows]
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)
    widths = [max(len(row[column]) for row in (HEADER, *rows)) for column in range(len(HEADER))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=False))
        ).rstrip()
        for line in (HEADER, *rows)
    )


# --- targets ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target, checked on each corpus it applies to."""

    target: str
    checks: list[tuple[bool | None, str]]  # (passed, None if undecided; what was measured)

    def __str__(self) -> str:
        """Return ``target: OUTCOME (details)``; n/a when no corpus it applies to was measured."""
        if not self.checks:
            return f"{self.target}: n/a (--skip-large)"
        return f"{self.target}: {self.outcome} ({'; '.join(detail for _, detail in self.checks)})"

    @property
    def outcome(self) -> str:
        """FAIL if a check failed, else UNDECIDED if one could not be decided, else PASS."""
        passed = [check for check, _ in self.checks]
        return "FAIL" if False in passed else "UNDECIDED" if None in passed else "PASS"


def verdicts(sections: Sequence[Section]) -> list[Verdict]:
    """Check the issue's four targets against the measured sections."""
    cold_naive, cold_hugo, no_change, one_edit, memory = [], [], [], [], []
    for corpus, figures in sections:
        found = {figure.name: figure for figure in figures}
        cold, naive, still = found[COLD], found[NAIVE], found[NO_CHANGE]
        where = f"{corpus.count:,} docs:"
        if not corpus.large:
            # Hugo side by side when it ran; else the figure for it.
            hugo = found[HUGO].wall if HUGO in found else HUGO_SECONDS
            limit = COLD_VS_HUGO * hugo
            pages = found[PAGE_FLOOR].wall
            cold_hugo.append((cold.wall <= limit, (
                f"{where} {cold.wall:.2f} s of {limit:.2f} s; the page floor alone "
                f"{pages:.2f} s, {pages / hugo:.2f}× Hugo"
            )))
        cold_naive.append((_within(cold.wall, COLD_VS_NAIVE * naive.wall, naive.timed_out),
                           f"{where} {_ratio(cold.wall, naive.wall, naive)}"))
        share = still.wall / cold.wall
        written = "no file written" if still.wrote_nothing else "FEEDS WRITTEN"
        passed = share <= NO_CHANGE_SHARE and bool(still.wrote_nothing)
        no_change.append((passed, f"{where} {share:.1%}, {written}"))
        if corpus.large:
            share = found[ONE_EDIT].wall / cold.wall
            one_edit.append((share <= ONE_EDIT_SHARE, f"{where} {share:.1%}"))
            peak = max(found[name].memory for name in (COLD, NO_CHANGE, ONE_EDIT))
            memory.append((peak <= MEMORY_LIMIT, f"{where} {peak / MB:.0f} MB"))
    return [
        Verdict(f"cold ≤ {COLD_VS_NAIVE:.1f}× naive", cold_naive),
        Verdict(f"cold ≤ {COLD_VS_HUGO:.1f}× Hugo (real corpus)", cold_hugo),
        Verdict(f"no change ≤ {NO_CHANGE_SHARE:.0%} of cold, no file written", no_change),
        Verdict(f"one edit ≤ {ONE_EDIT_SHARE:.0%} of cold (large corpus)", one_edit),
        Verdict(f"feedpub peak memory ≤ {MEMORY_LIMIT / MB:.0f} MB (large corpus)", memory),
    ]


def _within(value: float, limit: float, limit_is_lower_bound: bool) -> bool | None:
    """Return ``value <= limit``; None when that is unknown (the limit is only a lower bound)."""
    if value <= limit:
        return True
    return None if limit_is_lower_bound else False


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--corpus", type=Path, default=DEFAULT_CORPUS, help="real corpus (default: %(default)s)")
    add("--size", type=int, default=100_000, help="large corpus documents (default: %(default)s)")
    add("--skip-large", action="store_true", help="measure the real corpus only")
    add("--runs", type=int, default=3, help="runs per figure (default: %(default)s)")
    add("--naive-timeout", type=float, default=900.0, metavar="SECONDS",
        help="kill a naive run after this long, report a timeout (default: %(default)s)")
    add("--markdown", action="store_true", help="print the table as Markdown")
    add("--skip-markdown", action="store_true",
        help="do not build the real corpus written as Markdown")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.size < 1 or args.naive_timeout <= 0:
        parser.error("--runs, --size and --naive-timeout must be positive")
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    if shutil.which("feedpub") is None:
        parser.error("feedpub is not on PATH: pip install -e the repository first")
    return args


def bench_markdown(args: argparse.Namespace, scratch: Path) -> tuple[Corpus, Figure]:
    """Write the real corpus as Markdown and measure its cold build."""
    target = scratch / "markdown" / "documents"
    progress(f"writing {args.corpus} as Markdown to {target}")
    count = write_markdown_corpus(args.corpus, target)
    corpus = Corpus(f"{args.corpus.name} as Markdown", target, count, large=False)
    figure, _ = run_cold(corpus, scratch / "markdown", args.runs)
    shutil.rmtree(scratch / "markdown")
    return corpus, figure


def markdown_report(markdown: tuple[Corpus, Figure], plain: Section) -> tuple[str, Verdict]:
    """Return the Markdown corpus's row and its verdict against the plain corpus's cold build."""
    corpus, figure = markdown
    cold = {f.name: f for f in plain[1]}[COLD]
    ratio = figure.wall / cold.wall
    row = (
        f"{corpus.title}: feedpub cold {figure.wall:.2f} s, peak RSS {figure.rss / MB:.0f} MB, "
        f"tree PSS {figure.tree / MB:.0f} MB; {ratio:.2f}× the plain corpus's cold "
        f"{cold.wall:.2f} s"
    )
    check = (ratio <= MARKDOWN_VS_PLAIN, f"{corpus.count:,} docs: {ratio:.2f}×")
    return row, Verdict(f"Markdown cold ≤ {MARKDOWN_VS_PLAIN:.1f}× plain cold", [check])


def bench_all(
    args: argparse.Namespace,
) -> tuple[list[Section], tuple[Corpus, Figure] | None]:
    """Prepare each corpus in a scratch folder in turn, measure it, and remove it; then the
    Markdown corpus, unless skipped."""
    preparers: list[Callable[[Path], Corpus]] = [lambda target: copy_corpus(args.corpus, target)]
    if not args.skip_large:
        preparers.append(lambda target: replicate_corpus(args.corpus, target, args.size))
    load = os.getloadavg()[0]
    progress(f"load average {load:.2f} on {os.cpu_count()} cores (other work skews the times)")
    sections: list[Section] = []
    with tempfile.TemporaryDirectory(prefix="feedpub-bench-") as scratch:
        for number, prepare in enumerate(preparers):
            work = Path(scratch) / f"corpus-{number}"
            corpus = prepare(work / "documents")
            sections.append((corpus, bench_corpus(corpus, work, args)))
            shutil.rmtree(work)
        markdown = None if args.skip_markdown else bench_markdown(args, Path(scratch))
    return sections, markdown


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit status (see the module's docstring)."""
    args = parse_args(argv)
    try:
        sections, markdown = bench_all(args)
    except RunFailedError as exc:
        progress(str(exc))
        return 2
    except KeyboardInterrupt:
        progress("interrupted")
        return 130
    print(render_table(table_rows(sections), args.markdown))
    results = verdicts(sections)
    if markdown is not None:
        row, verdict = markdown_report(markdown, sections[0])
        print(row)
        results.append(verdict)
    print()
    print("Targets: " + " | ".join(map(str, results)))
    return 0 if all(result.outcome == "PASS" for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
