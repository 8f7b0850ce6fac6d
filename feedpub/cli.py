"""The command line: ``feedpub build``, ``list``, ``check``, ``init``; the only module that
prints or exits.

Exit codes (README, Exit codes): 0 all published; 1 feeds written but some documents were
newly refused or the registry was rebuilt; 2 usage or configuration error; 3 build failed,
previous feeds untouched; 75 another build holds the lock (EX_TEMPFAIL: cron tries again next
time); 141 the reader of the output went away (128 + SIGPIPE, as a shell reports it).
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from feedpub import __version__
from feedpub.build import (
    BuildReport,
    Progress,
    build,
    count_published,
    list_entries,
    list_problems,
)
from feedpub.config import Config, check_value, load_config
from feedpub.errors import ConfigError, FeedpubError, LockedError
from feedpub.progress import ProgressLine

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_LOCKED = 75
EXIT_PIPE = 141

# Seconds a build runs before its progress line shows (README, Command line); the environment
# variable changes it, for a user who wants the line at once, and for the tests.
_PROGRESS_DELAY = 1.0
_PROGRESS_DELAY_VARIABLE = "FEEDPUB_PROGRESS_DELAY"

_EXIT_CODES = """\
exit status:
  0   everything published (or nothing to do)
  1   feeds written, but a document was newly refused (or the registry was rebuilt)
  2   usage or configuration error
  3   the build failed; the previous feeds are untouched
  75  another build holds the lock: cron simply tries again next time
  141 the reader of the output went away (feedpub list | head -1)
"""
_EXAMPLES = {
    "build": "examples:\n  feedpub build\n  feedpub build articles/ --output /srv/www/feeds --quiet\n",
    "list": "examples:\n  feedpub list\n  feedpub list --problems\n  feedpub list --json\n",
    "check": "examples:\n  feedpub check\n  feedpub check /srv/www/feeds -v\n",
    "init": "examples:\n  feedpub init --site-url https://news.example.org\n",
    "watch": "examples:\n  feedpub watch\n  feedpub watch --config /srv/news/feedpub.toml\n",
    "serve": "examples:\n  feedpub serve\n  feedpub serve --port 8080 --bind 0.0.0.0\n",
}
# The long-running commands say one line per build (INFO); the others only what went wrong.
_LIVE_COMMANDS = ("watch", "serve")


def main(argv: Sequence[str] | None = None) -> int:
    """Run feedpub with ``argv`` (default: the process arguments); return the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="feedpub: %(message)s", stream=sys.stderr)
    # -v is for feedpub's own messages: a library's debug output (charset-normalizer explains
    # every detection) is not addressed to the user. watch and serve say a line per build.
    logging.getLogger("feedpub").setLevel(
        logging.DEBUG if getattr(args, "verbose", False)
        else logging.INFO if args.command in _LIVE_COMMANDS else logging.WARNING
    )
    try:
        return _run(args)
    except BrokenPipeError:
        # `feedpub list | head -1`: the reader has what it wanted. Python would otherwise
        # report the pipe again while flushing stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except LockedError as exc:
        if not getattr(args, "quiet", False):
            _error(str(exc))
        return EXIT_LOCKED
    except FeedpubError as exc:
        _error(f"{exc}; previous feeds left in place")
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the one funnel for bugs (STYLE.md, Errors)
        _error(f"internal error: {exc!r} (a bug: please report it; --debug shows the traceback)")
        if args.debug:
            import traceback  # a bug's report, the only place it is needed

            traceback.print_exc()
        return EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        from feedpub.starter import write_starter

        for line in write_starter(Path.cwd(), args.site_url):
            print(line)
        return EXIT_OK
    config = _config(args)
    if args.command == "list":
        return _list(config, args.json, args.problems)
    if args.command == "check":
        return _check(args.folder or config.output, config, args.verbose)
    if args.command in _LIVE_COMMANDS:
        return _live(config, args)
    return _build(config, args)


def _live(config: Config, args: argparse.Namespace) -> int:
    """Watch (and serve) until SIGTERM or SIGINT, which let the build in progress finish."""
    from feedpub import live

    _usable_folders(config)
    if args.command == "watch":
        live.run_until_signalled(live.Watcher(config))
        return EXIT_OK
    try:
        live.serve(config, args.bind, args.port)
    except OSError as exc:
        raise ConfigError(f"{args.bind} port {args.port}: cannot serve: {exc.strerror}") from None
    return EXIT_OK


def entrypoint() -> None:
    """The ``feedpub`` console script."""
    raise SystemExit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="feedpub",
        description="Publish a folder of plain-text news articles as RSS 2.0 and Atom 1.0 feeds.",
        epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"feedpub {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = _command(commands, "build", "publish the documents as feeds")
    build_parser.add_argument(
        "source", nargs="?", type=Path, metavar="SOURCE", help="documents folder (default: seeds/)"
    )
    build_parser.add_argument("--output", "-o", type=Path, help="feeds folder (default: public/)")
    build_parser.add_argument("--site-url", help="absolute URL the output folder is served at")
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print nothing unless something new went wrong")
    build_parser.add_argument("--verbose", "-v", action="store_true", help="list what changed and what is still refused")
    build_parser.add_argument(
        "--check", action="store_true",
        help="check the new feeds (as feedpub check) and keep the old ones if they fail",
    )
    build_parser.add_argument(
        "--dry-run", action="store_true",
        help="say what a build would add, update, remove and write, and write nothing",
    )
    list_parser = _command(commands, "list", "print the registry's entries as tab-separated lines")
    list_parser.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    list_parser.add_argument("--problems", action="store_true", help="the refused documents instead")
    check_parser = _command(commands, "check", "validate published feeds offline")
    check_parser.add_argument(
        "folder", nargs="?", type=Path, metavar="DIR", help="feeds folder (default: public/)"
    )
    check_parser.add_argument("--verbose", "-v", action="store_true", help="say what was checked")
    _command(commands, "watch", "rebuild the feeds whenever a document changes, until stopped")
    serve_parser = _command(
        commands, "serve", "serve the output folder over HTTP, rebuilt as documents change"
    )
    serve_parser.add_argument("--port", type=int, default=8000, metavar="N", help="port (default: 8000; 0: any free port)")
    serve_parser.add_argument("--bind", default="127.0.0.1", metavar="ADDR", help="address to listen on (default: 127.0.0.1, this machine only)")
    init_parser = _command(commands, "init", "write a commented feedpub.toml here", config=False)
    init_parser.add_argument("--site-url", help="absolute URL the feeds will be served at")
    return parser


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str,
    *, config: bool = True,
) -> argparse.ArgumentParser:
    sub = commands.add_parser(
        name, help=summary, description=summary, epilog=_EXAMPLES[name] + "\n" + _EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if config:
        sub.add_argument("--config", "-c", type=Path, help="config file (default: ./feedpub.toml)")
        sub.add_argument("--state", type=Path, help="registry database (default: .feedpub/state.sqlite3)")
    sub.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return sub


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config, Path.cwd())
    overrides: dict[str, object] = {}
    if args.state is not None:
        overrides["state"] = args.state.resolve()
    if getattr(args, "source", None) is not None:
        overrides["source"] = args.source.resolve()
    if getattr(args, "output", None) is not None:
        overrides["output"] = args.output.resolve()
    if getattr(args, "site_url", None) is not None:
        overrides["site_url"] = check_value("site_url", args.site_url, "--site-url")
    return replace(config, **overrides)  # type: ignore[arg-type]


def _build(config: Config, args: argparse.Namespace) -> int:
    _usable_folders(config)
    now = datetime.now(UTC)
    with _progress_line(args.quiet) as progress:
        report = build(config, now, check=args.check, progress=progress, dry_run=args.dry_run)
    if args.dry_run:
        _report_dry_run(report, config)
    else:
        _report(report, config, now, args.verbose, args.quiet)
    if report.problems or report.registry_created:
        return EXIT_SKIPPED
    return EXIT_OK


@contextmanager
def _progress_line(quiet: bool) -> Iterator[Progress | None]:
    """Follow the build with a progress line on stderr if it is a terminal and not ``quiet``:
    never under cron, which gives no terminal. The line is gone when the block ends."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    line = ProgressLine(_progress_delay())
    try:
        yield line
    finally:
        line.close()


def _progress_delay() -> float:
    value = os.environ.get(_PROGRESS_DELAY_VARIABLE)
    if value is None:
        return _PROGRESS_DELAY
    try:
        delay = float(value)
    except ValueError:
        delay = math.nan
    if not delay >= 0:  # also refuses nan
        _error(
            f"warning: {_PROGRESS_DELAY_VARIABLE}={value!r} is not a number of seconds; "
            f"the progress line shows after {_PROGRESS_DELAY:g} s"
        )
        return _PROGRESS_DELAY
    return delay


def _usable_folders(config: Config) -> None:
    """Refuse, as usage mistakes, a source that is not a folder and an output that is a file."""
    if not config.source.is_dir():
        what = "is a file, not a folder" if config.source.exists() else "does not exist"
        raise ConfigError(
            f"{_shown(config.source)}: the documents folder {what} "
            "(give it as SOURCE, or set source in feedpub.toml)"
        )
    if config.output.exists() and not config.output.is_dir():
        raise ConfigError(
            f"{_shown(config.output)}: the output is a file, not a folder "
            "(give --output a folder, or set output in feedpub.toml)"
        )


def _report(
    report: BuildReport, config: Config, now: datetime, verbose: bool, quiet: bool
) -> None:
    if report.registry_created:
        _error(
            "warning: the registry was missing and has been rebuilt: ids stay, but undated "
            "documents are dated again from their files' times (restore the registry from a "
            "backup to keep their dates)"
        )
    for notice in report.notices:
        _error(f"note: {notice}")
    for problem in report.problems:
        _error(f"{_document(config, problem.key)}: skipped: {problem.reason}")
    for warning in report.warnings:
        _error(warning)
    if verbose:
        _report_verbose(report, config)
    if not quiet and not verbose:
        changed = sum(
            map(len, (report.added, report.updated, report.moved, report.restored, report.removed))
        )
        refused = len(report.problems) + len(report.still_refused)
        print(
            f"{count_published(config, now)} entries published, {changed} changed, "
            f"{refused} skipped; feeds {'written' if report.written else 'unchanged'}"
        )


def _report_verbose(report: BuildReport, config: Config) -> None:
    for label, keys in (
        ("new", report.added), ("updated", report.updated),
        ("moved", report.moved), ("restored", report.restored),
        ("removed", report.removed),
    ):
        for key in keys:
            print(f"{label}: {_safe(key)}")
    # Reported by the build that first met them: listed here, not mailed by every cron run.
    for problem in report.still_refused:
        print(f"still skipped: {_document(config, problem.key)}: {problem.reason}")
    for note in report.notes:
        print(f"note: {_safe(note)}")
    for name in report.written:
        print(f"wrote: {name}")


def _report_dry_run(report: BuildReport, config: Config) -> None:
    for problem in report.problems:
        _error(f"{_document(config, problem.key)}: would skip: {problem.reason}")
    for label, keys in (
        ("add", report.added), ("update", report.updated), ("move", report.moved),
        ("restore", report.restored), ("remove", report.removed),
    ):
        for key in keys:
            print(f"would {label}: {_safe(key)}")
    for name in report.written:
        print(f"would write: {name}")
    print("dry run: nothing was written")


def _check(folder: Path, config: Config, verbose: bool) -> int:
    from feedpub.validate import check_feeds

    problems = check_feeds(folder)
    for problem in problems:
        _error(problem)
    refused = list_problems(config)
    for key, reason in refused:
        _error(f"{_document(config, key)}: skipped: {reason}")
    if verbose and not problems:
        print(
            f"{_shown(folder)}: rss.xml and atom.xml are well-formed; atom.xml follows the "
            "RFC 4287 schema; required elements, dates, ids, guids, URLs and self links pass"
        )
    return EXIT_SKIPPED if problems or refused else EXIT_OK


def _list(config: Config, as_json: bool, problems: bool) -> int:
    if problems:
        header: tuple[str, ...] = ("path", "reason")
        rows: list[tuple[str, ...]] = [
            (_shown(config.source / key), reason) for key, reason in list_problems(config)
        ]
    else:
        entries = list_entries(config)
        header = entries[0]._fields if entries else ("id", "published", "updated", "title", "path", "status")
        rows = [tuple(entry) for entry in entries]
    if as_json:
        import json

        print(json.dumps([dict(zip(header, row, strict=True)) for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    # Tab-separated values: a tab or line break inside a value would split it, so it is
    # escaped, as in a file name.
    for cells in [header, *rows]:
        print("\t".join(_safe(cell) for cell in cells))
    return EXIT_OK


def _document(config: Config, key: str) -> str:
    """Name a document as the user would type it, escaped for the terminal."""
    return _safe(_shown(config.source / key))


def _shown(path: Path) -> str:
    """Name a path as the user would type it: relative to the working folder if inside."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _safe(text: str) -> str:
    """Escape what a terminal would interpret (newlines, tabs, controls) in a value."""
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def _error(message: str) -> None:
    print(f"feedpub: {message}", file=sys.stderr)
