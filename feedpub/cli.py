"""The command line: ``feedpub build``, ``feedpub list``; the only module that prints or exits.

Exit codes (README, Exit codes): 0 all published; 1 feeds written but some documents were
skipped or the registry was rebuilt; 2 usage or configuration error; 3 build failed, previous
feeds untouched; 75 another build holds the lock (EX_TEMPFAIL: cron tries again next time).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from feedpub import __version__
from feedpub.build import BuildReport, ListedEntry, build, count_published, list_entries
from feedpub.config import Config, check_value, load_config
from feedpub.errors import ConfigError, FeedpubError, LockedError

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_LOCKED = 75


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one return per exit code
    """Run feedpub with ``argv`` (default: the process arguments); return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="feedpub: %(message)s",
        stream=sys.stderr,
    )
    try:
        config = _config(args)
        if args.command == "list":
            return _list(config, args.json)
        if args.command == "check":
            return _check(args.folder or config.output)
        return _build(config, args)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except LockedError as exc:
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


def entrypoint() -> None:
    """The ``feedpub`` console script."""
    raise SystemExit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="feedpub",
        description="Publish a folder of plain-text news articles as RSS 2.0 and Atom 1.0 feeds.",
    )
    parser.add_argument("--version", action="version", version=f"feedpub {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_parser = commands.add_parser("build", help="publish the documents as feeds")
    build_parser.add_argument("source", nargs="?", type=Path, help="documents folder (default: seeds/)")
    build_parser.add_argument("--output", "-o", type=Path, help="feeds folder (default: public/)")
    build_parser.add_argument("--site-url", help="absolute URL the output folder is served at")
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    build_parser.add_argument(
        "--check", action="store_true",
        help="check the new feeds (as feedpub check) and keep the old ones if they fail",
    )
    list_parser = commands.add_parser("list", help="print the registry's entries")
    list_parser.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    check_parser = commands.add_parser("check", help="validate published feeds offline")
    check_parser.add_argument("folder", nargs="?", type=Path, help="feeds folder (default: public/)")
    for sub in (build_parser, list_parser, check_parser):
        sub.add_argument("--config", "-c", type=Path, help="config file (default: ./feedpub.toml)")
        sub.add_argument("--state", type=Path, help="registry database (default: .feedpub/state.sqlite3)")
        sub.add_argument("--verbose", "-v", action="store_true", help="list what changed")
        sub.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return parser


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
    report = build(config, datetime.now(UTC), check=args.check)
    _report(report, config, args.verbose, args.quiet)
    if report.problems or report.registry_created:
        return EXIT_SKIPPED
    return EXIT_OK


def _report(report: BuildReport, config: Config, verbose: bool, quiet: bool) -> None:
    if report.registry_created:
        _error(
            "warning: the registry was missing and has been rebuilt: ids stay, but undated "
            "documents are dated again from their files' times (restore the registry from a "
            "backup to keep their dates)"
        )
    for problem in report.problems:
        _error(f"{_safe(_shown_path(config.source, problem.key))}: skipped: {problem.reason}")
    if verbose:
        # Reported by the build that first met them: listed here, not mailed by every cron run.
        for problem in report.still_refused:
            shown = _safe(_shown_path(config.source, problem.key))
            print(f"still skipped: {shown}: {problem.reason}")
        for label, keys in (
            ("new", report.added), ("updated", report.updated),
            ("moved", report.moved), ("restored", report.restored),
            ("removed", report.removed),
        ):
            for key in keys:
                print(f"{label}: {_safe(key)}")
        for note in report.notes:
            print(f"note: {_safe(note)}")
        for name in report.written:
            print(f"wrote: {name}")
    if not quiet and not verbose:
        changed = sum(
            map(len, (report.added, report.updated, report.moved, report.restored, report.removed))
        )
        print(
            f"{count_published(config)} entries published, {changed} changed, "
            f"{len(report.problems)} skipped; feeds {'written' if report.written else 'unchanged'}"
        )


def _check(folder: Path) -> int:
    from feedpub.check import check_feeds

    problems = check_feeds(folder)
    for problem in problems:
        _error(problem)
    return EXIT_SKIPPED if problems else EXIT_OK


def _list(config: Config, as_json: bool) -> int:
    rows = list_entries(config)
    if as_json:
        import json

        print(json.dumps([row._asdict() for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    table = [list(ListedEntry._fields)] + [[_safe(v) for v in row] for row in rows]
    widths = [max(len(cells[i]) for cells in table) for i in range(len(ListedEntry._fields))]
    for cells in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip())
    return EXIT_OK


def _shown_path(source: Path, key: str) -> str:
    """Name a document as the user would type it: relative to the working folder if inside."""
    path = source / key
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _safe(text: str) -> str:
    """Escape what a terminal would interpret (newlines, controls) in a file name."""
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def _error(message: str) -> None:
    print(f"feedpub: {message}", file=sys.stderr)
