"""The operator's week: what cron mails, what scripts read, what errors say (real processes).

Every test pins the exact stderr and exit code a cron job or a script would see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedpub.publish import build_lock

from conftest import SEED, Site

ARTICLE = "Harbour reopens after the storm\n\nPublished: 3 March 2025 09:00 UTC\n\nThe harbour reopened.\n"


@pytest.fixture
def seeded(site: Site) -> Site:
    shutil.copy(SEED, site.seeds / SEED.name)
    site.write("harbour.txt", ARTICLE)
    return site


def _state(site: Site) -> Path:
    return site.root / ".feedpub" / "state.sqlite3"


def test_a_permanently_refused_file_is_mailed_once(seeded: Site) -> None:
    seeded.write("empty.txt", "  \n")
    first = seeded.build()
    assert (first.returncode, first.stderr) == (
        1, "feedpub: seeds/empty.txt: skipped: empty document\n"
    )
    registry = _state(seeded).read_bytes()
    for _ in range(3):
        again = seeded.build()
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert _state(seeded).read_bytes() == registry, "a no-change build writes nothing"
    listed = seeded.run("list", "--problems")
    assert (listed.returncode, listed.stdout) == (0, "path\treason\nseeds/empty.txt\tempty document\n")
    checked = seeded.run("check")
    assert (checked.returncode, checked.stderr) == (
        1, "feedpub: seeds/empty.txt: skipped: empty document\n"
    )


def test_quiet_silences_a_held_lock(seeded: Site) -> None:
    assert seeded.build().returncode == 0
    with build_lock(_state(seeded).with_name("state.sqlite3.lock"), 1):
        held = seeded.run("build", "--quiet", env={"PYTHONDONTWRITEBYTECODE": "1"})
        assert (held.returncode, held.stdout, held.stderr) == (75, "", "")
        (seeded.root / "feedpub.toml").write_text("lock_timeout = 0\n")
        loud = seeded.run("build")
    assert loud.returncode == 75
    assert loud.stderr.startswith("feedpub: ") and "another build holds the lock" in loud.stderr


def test_ids_minted_under_the_placeholder_follow_the_first_real_site_url(seeded: Site) -> None:
    assert seeded.build().returncode == 0
    assert seeded.atom().entries[0].id.startswith("https://example.org/")
    (seeded.root / "feedpub.toml").write_text('site_url = "https://news.example.net"\n')
    moved = seeded.build()
    assert (moved.returncode, moved.stderr) == (0, (
        "feedpub: note: site_url is now https://news.example.net: 2 ids minted under the "
        "placeholder https://example.org are minted again under it (nobody can have "
        "subscribed to the placeholder)\n"
    ))
    ids = {e.id for e in seeded.atom().entries}
    assert ids == {"https://news.example.net/000-51ddf44c89690912/", "https://news.example.net/harbour/"}
    rss = (seeded.public / "rss.xml").read_text(encoding="utf-8")
    assert rss.count('<guid isPermaLink="true">https://news.example.net/') == 2
    assert seeded.build().stderr == ""

    # From one real URL to another, ids stay and links move; said once.
    (seeded.root / "feedpub.toml").write_text('site_url = "https://www.example.net/news"\n')
    changed = seeded.build()
    assert (changed.returncode, changed.stderr) == (0, (
        "feedpub: note: site_url changed from https://news.example.net to "
        "https://www.example.net/news: ids stay as they are (subscribers have them); links now "
        "point under the new URL\n"
    ))
    entries = seeded.atom().entries
    assert {e.id for e in entries} == ids
    assert {e.link for e in entries} == {
        "https://www.example.net/news/000-51ddf44c89690912/", "https://www.example.net/news/harbour/"
    }
    assert seeded.build().stderr == ""


def test_list_is_tab_separated_with_a_header_and_survives_a_closed_pipe(seeded: Site) -> None:
    assert seeded.build().returncode == 0
    listed = seeded.run("list")
    lines = listed.stdout.splitlines()
    assert lines[0] == "id\tpublished\tupdated\ttitle\tpath\tstatus"
    assert len(lines) == 3 and all(line.count("\t") == 5 for line in lines)
    rows = json.loads(seeded.run("list", "--json").stdout)
    assert {row["path"] for row in rows} == {"harbour.txt", SEED.name}
    head = subprocess.run(
        f"{sys.executable} -m feedpub list | head -1", shell=True, cwd=seeded.root,
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert (head.stdout, head.stderr) == ("id\tpublished\tupdated\ttitle\tpath\tstatus\n", "")


@pytest.mark.parametrize("command", ["build", "list", "check", "init"])
def test_each_command_help_shows_its_own_options_an_example_and_exit_codes(
    site: Site, command: str
) -> None:
    shown = site.run(command, "--help").stdout
    assert "examples:" in shown and "exit status:" in shown and "75" in shown
    assert ("--quiet" in shown) == (command == "build")
    assert ("--verbose" in shown) == (command in ("build", "check"))
    assert ("--state" in shown) == (command != "init")


def _read_only(site: Site, path: Path) -> subprocess.CompletedProcess[str]:
    """Build with ``path`` on a read-only mount (root writes through file modes)."""
    script = f'mount --bind -o ro "{path}" "{path}" && exec "{sys.executable}" -m feedpub build --quiet'
    try:
        result = subprocess.run(
            ["unshare", "--mount", "sh", "-c", script], cwd=site.root, capture_output=True,
            text=True, timeout=120, check=False,
        )
    except OSError:
        pytest.skip("unshare is not available to make a read-only mount")
    if "mount:" in result.stderr or "unshare:" in result.stderr:
        pytest.skip(f"cannot make a read-only mount here: {result.stderr.strip()}")
    return result


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_registry_says_so_and_is_kept(seeded: Site, what: str) -> None:
    assert seeded.build().returncode == 0
    seeded.write("ferry.txt", ARTICLE.replace("Harbour", "Ferry"))
    state = _state(seeded)
    before = state.read_bytes()
    result = _read_only(seeded, state if what == "file" else state.parent)
    assert result.returncode == 3
    expected = (
        f"feedpub: {state}: cannot write the registry (attempt to write a readonly database): "
        "check the permissions of the file, its folder and the file system; nothing was "
        "changed; previous feeds left in place\n"
        if what == "file" else
        f"feedpub: {state}.lock: cannot open the build lock (Read-only file system): check "
        "the permissions of its folder; previous feeds left in place\n"
    )
    assert result.stderr == expected
    assert state.read_bytes() == before
    # Writable again: the next build publishes the new document, reported as new.
    again = seeded.run("build", "-v")
    assert again.returncode == 0 and "new: ferry.txt" in again.stdout.splitlines()


def test_a_failed_publish_registers_nothing(seeded: Site) -> None:
    assert seeded.build().returncode == 0
    seeded.write("ferry.txt", ARTICLE.replace("Harbour", "Ferry"))
    (seeded.public / "atom.xml").unlink()
    (seeded.public / "atom.xml").mkdir()  # the rename over it fails
    failed = seeded.build()
    assert failed.returncode == 3
    assert failed.stderr.startswith("feedpub: ") and failed.stderr.count("\n") == 1
    (seeded.public / "atom.xml").rmdir()
    again = seeded.run("build", "-v")
    assert again.returncode == 0
    assert "new: ferry.txt" in again.stdout.splitlines()


def test_init_writes_a_commented_config_and_the_cron_line(site: Site) -> None:
    made = site.run("init", "--site-url", "https://news.example.org/")
    assert made.returncode == 0
    assert made.stdout.startswith("wrote feedpub.toml\n")
    assert "build --quiet" in made.stdout and "OnCalendar=*:0/5" in made.stdout
    text = (site.root / "feedpub.toml").read_text()
    assert 'site_url = "https://news.example.org"' in text
    shutil.copy(SEED, site.seeds / SEED.name)
    assert site.build().returncode == 0
    assert site.atom().entries[0].id == "https://news.example.org/000-51ddf44c89690912/"
    again = site.run("init")
    assert (again.returncode, again.stderr) == (
        2, f"feedpub: {site.root / 'feedpub.toml'}: already exists; edit it, or move it aside first\n"
    )


def test_co_authors_reach_every_reader(site: Site) -> None:
    site.write("storm.txt", (
        "Storm knocks out power along the coast\n\nBy Maria Lopez and Tom Berg\n\n"
        "A winter storm swept across the coast overnight.\n"
    ))
    assert site.build().returncode == 0
    rss = site.rss().entries[0]
    assert rss.author == "Maria Lopez and Tom Berg"
    assert (site.public / "rss.xml").read_text().count("<dc:creator>") == 1
    atom = site.atom().entries[0]
    assert [a.name for a in atom.authors] == ["Maria Lopez", "Tom Berg"]
