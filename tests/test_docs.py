"""The README against the command line, in the manner of sqlite-utils' ``tests/test_docs.py``.

Every command, option, script, configuration key and exit code that ``feedpub/cli.py`` and
``feedpub/config.py`` define is named in the README, nothing the README names is missing from
them, and the README's example command lines run, as written, in a copy of the shipped site.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from feedpub import cli
from feedpub.config import KNOWN_KEYS, load_config

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _sections(text: str) -> dict[str, str]:
    """Map each heading to its text, down to the next heading of any level."""
    sections: dict[str, str] = {}
    title, fenced = "", False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith("#") and not fenced:
            title = line.lstrip("#").strip()
            continue
        sections[title] = sections.get(title, "") + line
    return sections


SECTIONS = _sections(README)


def _fences(text: str, *languages: str) -> list[str]:
    return [body for language, body in FENCE.findall(text) if language in languages]


# --- Commands and options --------------------------------------------------------------

def _commands() -> dict[str, argparse.ArgumentParser]:
    """Map each command to its parser; "" is ``feedpub`` itself (``--version``).

    argparse has no public way to walk a parser: its ``_actions`` are read, as its own help
    formatter does.
    """
    parser = cli._parser()
    commands = {"": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands.update(action.choices)
    return commands


COMMANDS = _commands()


def _options(parser: argparse.ArgumentParser) -> dict[str, bool]:
    """Map each option's long form to whether it takes a value.

    argparse gives every parser ``--help``; the README names it once, in prose.
    """
    return {
        max(action.option_strings, key=len): action.nargs != 0
        for action in parser._actions
        if action.option_strings and not isinstance(action, argparse._HelpAction)
    }


def _positionals(parser: argparse.ArgumentParser) -> list[str]:
    return [
        action.dest for action in parser._actions
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction)
    ]


def _synopsis() -> dict[str, str]:
    """Map each command ("" for ``feedpub --version``) to its line in the synopsis block."""
    block = _fences(SECTIONS["Command line"], "")[0]
    lines = {}
    for line in block.splitlines():
        first = line.split()[1]
        lines["" if first.startswith("-") else first] = line
    return lines


SYNOPSIS = _synopsis()
SYNOPSIS_OPTION = re.compile(r"(--[\w-]+)( [A-Z]+)?")


def _name(command: str) -> str:
    return f"feedpub {command}".strip()


@pytest.mark.parametrize("command", list(COMMANDS), ids=_name)
def test_command_has_a_synopsis_line(command: str) -> None:
    assert command in SYNOPSIS, f"README, Command line: no synopsis line for {_name(command)!r}"


@pytest.mark.parametrize(
    ("command", "option", "takes_value"),
    [
        pytest.param(command, option, takes_value, id=f"{_name(command)} {option}")
        for command, parser in COMMANDS.items()
        for option, takes_value in _options(parser).items()
    ],
)
def test_option_is_in_its_synopsis_line(command: str, option: str, takes_value: bool) -> None:
    documented = dict(SYNOPSIS_OPTION.findall(SYNOPSIS.get(command, "")))
    assert option in documented, f"README synopsis of {_name(command)!r} lacks {option}"
    # `--output DIR` takes a value, `--quiet` does not: the synopsis shows which.
    assert bool(documented[option]) == takes_value, SYNOPSIS[command]


@pytest.mark.parametrize("command", list(SYNOPSIS), ids=_name)
def test_synopsis_line_names_only_what_the_parser_has(command: str) -> None:
    line = SYNOPSIS[command]
    parser = COMMANDS.get(command)
    assert parser is not None, f"README synopsis names a command feedpub lacks: {line!r}"
    documented = {option for option, _ in SYNOPSIS_OPTION.findall(line)}
    assert documented - set(_options(parser)) == set(), line
    # SOURCE, DIR: placeholders for positional arguments, named for the reader.
    assert len(re.findall(r"\[([A-Z]+)\]", line)) == len(_positionals(parser)), line


def _scripts() -> dict[str, str]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    scripts: dict[str, str] = pyproject["project"]["scripts"]
    return scripts


SCRIPTS = _scripts()


@pytest.mark.parametrize(("script", "target"), list(SCRIPTS.items()), ids=list(SCRIPTS))
def test_script_is_the_documented_command(script: str, target: str) -> None:
    # Every synopsis line is run as this script, and the script's entry point exists.
    assert {line.split()[0] for line in SYNOPSIS.values()} == {script}
    module, _, attribute = target.partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))


# --- Configuration -----------------------------------------------------------------------

CONFIG_EXAMPLE = _fences(SECTIONS["Configuration"], "toml")[0]


@pytest.mark.parametrize("key", KNOWN_KEYS)
def test_config_key_is_in_the_configuration_example(key: str) -> None:
    assert key in tomllib.loads(CONFIG_EXAMPLE), f"README, Configuration: no {key!r}"


def test_configuration_example_loads(tmp_path: Path) -> None:
    assert set(tomllib.loads(CONFIG_EXAMPLE)) - set(KNOWN_KEYS) == set()
    path = tmp_path / "feedpub.toml"
    path.write_text(CONFIG_EXAMPLE, encoding="utf-8")
    (tmp_path / "templates").mkdir()  # the example names a folder of templates
    assert load_config(path, tmp_path).site_url == "https://news.example.org"


# --- Exit codes --------------------------------------------------------------------------

EXIT_CONSTANTS = {name: value for name, value in vars(cli).items() if name.startswith("EXIT_")}
EXIT_TABLE = {int(code) for code in re.findall(r"^\| (\d+) \|", SECTIONS["Exit codes"], re.MULTILINE)}


def test_exit_codes_table_is_the_constants() -> None:
    assert set(EXIT_CONSTANTS.values()) == EXIT_TABLE, EXIT_CONSTANTS


def test_exit_codes_named_in_the_prose_are_in_the_table() -> None:
    named = {int(code) for code in re.findall(r"\bexits? (\d+)", README)}
    assert named, "the pattern no longer finds the README's (exit N)"
    assert named - EXIT_TABLE == set()


# --- Example command lines ---------------------------------------------------------------

# Command lines the README shows that a test cannot run, by how they begin, with the reason.
# A line that is neither a feedpub command nor listed here fails
# test_every_command_line_is_run_or_skipped_for_a_reason, so nothing is skipped silently.
SKIPPED = {
    # Installing would change the interpreter that runs these tests.
    "python3 -m pip install": "installs the package",
    # The suite itself; test_ci_runs_the_readme_test_command checks it instead.
    "python3 -m pytest": "runs this test suite",
    "sqlite3 ": "needs the sqlite3 shell and a /backups folder",
    "python3 bench/run.py": "benchmarks run for minutes on the shared corpus",
    "python3 bench/latency.py": "benchmarks run for minutes on the shared corpus",
    # The cron line's folder on the server: the examples run in a copy of the site instead.
    "cd /srv/news": "the server's folder",
    # They run until stopped: tests/live/ runs them as processes and stops them.
    "feedpub watch": "runs until stopped",
    "feedpub serve": "runs until stopped",
    # A synopsis written in prose: DIR is a placeholder (the synopsis tests cover it).
    "feedpub check [DIR]": "a synopsis, not an example",
}
# Exit codes the README promises for an example in a freshly built site, other than 0.
# `feedpub list | head -1` "ends quietly": 0, or 141 if head closed the pipe before feedpub
# finished writing (README, Exit codes).
EXPECTED_EXIT = {"feedpub list | head -1": {cli.EXIT_OK, cli.EXIT_PIPE}}
CRON_SCHEDULE = re.compile(r"^(\S+\s+){5}")


def _command_lines() -> list[str]:
    """Return the README's command lines: shell and cron blocks, and inline `feedpub …`."""
    prose = FENCE.sub("", README)
    lines = [span.replace("\\|", "|") for span in re.findall(r"`(feedpub [^`]+)`", prose)]
    for block in _fences(README, "sh"):
        lines += block.splitlines()
    for block in _fences(README, "cron"):
        lines += [CRON_SCHEDULE.sub("", line) for line in block.splitlines()]
    # A comment is the README's note to the reader; `a && b` runs two commands.
    commands = [
        command.strip()
        for line in lines
        for command in re.sub(r"\s#.*", "", line).split("&&")
    ]
    return list(dict.fromkeys(command for command in commands if command))


COMMAND_LINES = _command_lines()
EXAMPLES = [
    line for line in COMMAND_LINES
    if line.startswith("feedpub ") and not line.startswith(tuple(SKIPPED))
]


def test_every_command_line_is_run_or_skipped_for_a_reason() -> None:
    unclassified = [
        line for line in COMMAND_LINES
        if line not in EXAMPLES and not line.startswith(tuple(SKIPPED))
    ]
    assert unclassified == [], "add these README lines to SKIPPED, with the reason"
    stale = [
        prefix for prefix in SKIPPED if not any(line.startswith(prefix) for line in COMMAND_LINES)
    ]
    assert stale == [], "SKIPPED names lines the README no longer has"


def test_ci_runs_the_readme_test_command() -> None:
    # README, Run the tests: "`.ci/run` runs exactly this command".
    command = _fences(SECTIONS["Run the tests"], "sh")[0].strip()
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as written, ``feedpub`` being this checkout's ``python -m feedpub``."""
    feedpub = f"{shlex.quote(sys.executable)} -m feedpub"
    command = re.sub(r"(^|\|\s*)feedpub\b", lambda match: match[1] + feedpub, command)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], cwd=cwd, capture_output=True, text=True,
        timeout=60, check=False, env=os.environ.copy(),
    )


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped site after the Quick start's ``feedpub build``."""
    root = tmp_path_factory.mktemp("readme-site")
    shutil.copytree(REPO / "seeds", root / "seeds")
    built = _run("feedpub build", root)
    assert (built.returncode, built.stderr) == (cli.EXIT_OK, "")
    # README, Quick start: "This writes public/rss.xml and public/atom.xml, and keeps its
    # registry in .feedpub/state.sqlite3".
    for written in ("public/rss.xml", "public/atom.xml", ".feedpub/state.sqlite3"):
        assert (root / written).is_file(), written
    return root


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs(example: str, built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    result = _run(example, site)
    assert result.returncode in EXPECTED_EXIT.get(example, {cli.EXIT_OK}), result.stderr
    # Nothing is wrong in the shipped site, so nothing goes to stderr.
    assert result.stderr == ""
    if "--quiet" in example.split():
        assert result.stdout == ""  # README: "--quiet prints nothing unless something new went wrong"
    if "--json" in example.split():
        assert isinstance(json.loads(result.stdout), list)
