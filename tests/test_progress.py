"""The progress line of ``feedpub build``: on a terminal only, never in a pipe (cron) nor with
``--quiet``, and gone before the summary line (real processes, a pseudo-terminal for the
terminal)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time

import pytest

from conftest import REPO, Site

DOCUMENTS = 300
# The line shows at once instead of after a second (README, Command line).
NO_DELAY = {"FEEDPUB_PROGRESS_DELAY": "0"}
SUMMARY = f"{DOCUMENTS} entries published, {DOCUMENTS} changed, 0 skipped; feeds written"


@pytest.fixture
def many(site: Site) -> Site:
    for number in range(DOCUMENTS):
        site.write(
            f"desk-{number % 3}/story-{number:03}.txt",
            f"Story number {number} of the day\n\nPublished: 3 March 2025 09:00 UTC\n\n"
            f"The council met for the {number}th time and agreed on nothing.\n",
        )
    return site


def _env(extra: dict[str, str]) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k != "FEEDPUB_PROGRESS_DELAY"}
    return {**inherited, "PYTHONPATH": str(REPO), **extra}


def _on_terminal(site: Site, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run ``feedpub ARGS`` with stdin, stdout and stderr on one 100-column pseudo-terminal;
    return its exit code and everything the terminal received."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "feedpub", *args], cwd=site.root, env=_env(env),
        stdin=child, stdout=child, stderr=child,
    ) as process:
        os.close(child)
        received = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the last holder of the terminal's other end is gone
                break
            if not chunk:
                break
            received += chunk
        os.close(main)
        code = process.wait(timeout=60)
    return code, received.decode()


def _drawn(screen: str) -> list[str]:
    """Each state of the terminal's last line, blanks kept (tqdm redraws it after ``\\r``)."""
    return [part.rstrip(" ") for part in screen.replace("\r\n", "\n").split("\r") if part]


def test_a_terminal_sees_the_progress_line_then_the_summary_alone(many: Site) -> None:
    code, screen = _on_terminal(many, "build", env=NO_DELAY)
    assert code == 0, screen
    drawn = _drawn(screen)
    assert drawn[0].startswith("feedpub: parsing:   0%|")
    assert drawn[0].endswith(f"| 0/{DOCUMENTS} [00:00<?, ? docs/s]")
    # The line is wiped (blanks, then a carriage return): the summary stands alone.
    assert drawn[-2:] == ["", SUMMARY + "\n"]


def test_no_progress_line_before_the_delay(many: Site) -> None:
    code, screen = _on_terminal(many, "build", env={"FEEDPUB_PROGRESS_DELAY": "600"})
    assert (code, screen) == (0, SUMMARY + "\r\n")


def test_a_pipe_gets_no_progress_line(many: Site) -> None:
    """Cron's case: stderr is a pipe, or a file."""
    result = many.run("build", env=NO_DELAY)
    assert (result.returncode, result.stderr, result.stdout) == (0, "", SUMMARY + "\n")


def test_quiet_on_a_terminal_prints_nothing(many: Site) -> None:
    code, screen = _on_terminal(many, "build", "--quiet", env=NO_DELAY)
    assert (code, screen) == (0, "")


def test_a_bad_delay_is_named_and_the_build_goes_on(many: Site) -> None:
    code, screen = _on_terminal(many, "build", env={"FEEDPUB_PROGRESS_DELAY": "soon"})
    assert code == 0
    assert screen.startswith(
        "feedpub: warning: FEEDPUB_PROGRESS_DELAY='soon' is not a number of seconds; "
        "the progress line shows after 1 s\r\n"
    )
    assert screen.endswith(SUMMARY + "\r\n")


def test_nothing_changed_means_no_line(many: Site) -> None:
    assert many.build().returncode == 0
    code, screen = _on_terminal(many, "build", env=NO_DELAY)
    assert (code, screen) == (
        0, f"{DOCUMENTS} entries published, 0 changed, 0 skipped; feeds unchanged\r\n"
    )


def test_an_edit_shows_parsing_then_registering(many: Site) -> None:
    """A build that began with entries reads every changed file, then registers them."""
    assert many.build().returncode == 0
    for number in range(0, DOCUMENTS, 2):
        path = many.seeds / f"desk-{number % 3}/story-{number:03}.txt"
        path.write_text(path.read_text() + "\nThey meet again tomorrow.\n")
    code, screen = _on_terminal(many, "build", env=NO_DELAY)
    assert code == 0, screen
    half = DOCUMENTS // 2
    drawn = _drawn(screen)
    stages = [line.split(":")[1].strip() for line in drawn if line.startswith("feedpub: ")]
    assert stages[0] == "parsing"
    assert stages[-1] == "registering"
    assert f"| 0/{half} [" in drawn[0]
    assert drawn[-2:] == ["", f"{DOCUMENTS} entries published, {half} changed, 0 skipped; feeds written\n"]
