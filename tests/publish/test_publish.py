"""feedpub.publish through its public face, on real files and real processes.

``publish_files`` replaces feeds atomically and only when their bytes change (SPEC.md §3, Safe
replacement); ``build_lock`` lets one build run at a time and dies with its holder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from feedpub.errors import LockedError, PublishError
from feedpub.publish import Staging, build_lock, publish_files, stage_file

FILES = {"rss.xml": b"<rss>one</rss>\n", "atom.xml": b"<feed>one</feed>\n"}


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file in ``folder``: what a web server's ETag is made of."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_all_files_are_written_world_readable(tmp_path: Path) -> None:
    folder = tmp_path / "public" / "feeds"
    old_umask = os.umask(0o077)
    try:
        assert publish_files(folder, FILES) == ["atom.xml", "rss.xml"]
    finally:
        os.umask(old_umask)
    assert _contents(folder) == FILES
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {
        "rss.xml": 0o644, "atom.xml": 0o644,
    }


def test_a_file_whose_bytes_are_unchanged_is_not_touched(tmp_path: Path) -> None:
    publish_files(tmp_path, FILES)
    before = _stats(tmp_path)
    assert publish_files(tmp_path, FILES) == []
    assert _stats(tmp_path) == before
    changed = {**FILES, "rss.xml": b"<rss>two</rss>\n"}
    assert publish_files(tmp_path, changed) == ["rss.xml"]
    after = _stats(tmp_path)
    assert after["atom.xml"] == before["atom.xml"]
    # Replaced by a rename, not rewritten in place: a reader holds the old file or the new.
    assert after["rss.xml"][0] != before["rss.xml"][0]
    assert _contents(tmp_path) == changed


def test_a_file_edited_by_hand_is_written_again(tmp_path: Path) -> None:
    publish_files(tmp_path, FILES)
    (tmp_path / "atom.xml").write_bytes(b"edited")
    assert publish_files(tmp_path, FILES) == ["atom.xml"]
    assert _contents(tmp_path) == FILES


def test_no_temporary_file_is_left_and_leftovers_are_removed(tmp_path: Path) -> None:
    # What a build killed between mkstemp and rename leaves behind, and a stranger's file.
    leftovers = [".rss.xml.k1x9_2ab.tmp", ".atom.xml.zz.tmp"]
    for name in [*leftovers, ".other.xml.k1.tmp", "notes.txt"]:
        (tmp_path / name).write_bytes(b"partial")
    publish_files(tmp_path, FILES)
    assert sorted(os.listdir(tmp_path)) == [".other.xml.k1.tmp", "atom.xml", "notes.txt", "rss.xml"]
    # Leftovers go even when no feed changes.
    for name in leftovers:
        (tmp_path / name).write_bytes(b"partial")
    assert publish_files(tmp_path, FILES) == []
    assert sorted(os.listdir(tmp_path)) == [".other.xml.k1.tmp", "atom.xml", "notes.txt", "rss.xml"]


def test_an_unwritable_target_raises_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    publish_files(tmp_path, FILES)
    (tmp_path / "rss.xml").unlink()
    (tmp_path / "rss.xml").mkdir()  # the rename over it fails
    before = _contents(tmp_path)
    with pytest.raises(PublishError) as failed:
        publish_files(tmp_path, {"rss.xml": b"<rss>two</rss>\n", "atom.xml": b"<feed>two</feed>\n"})
    assert str(failed.value) == f"{tmp_path}: cannot write the feeds: Is a directory"
    assert _contents(tmp_path) == before
    assert sorted(os.listdir(tmp_path)) == ["atom.xml", "rss.xml"]
    assert (tmp_path / "rss.xml").is_dir()


def test_a_failed_publish_replaces_no_file(tmp_path: Path) -> None:
    publish_files(tmp_path, FILES)
    (tmp_path / "atom.xml").unlink()
    (tmp_path / "atom.xml").mkdir()  # the second rename fails, after rss.xml's
    with pytest.raises(PublishError):
        publish_files(tmp_path, {"rss.xml": b"<rss>two</rss>\n", "atom.xml": b"<feed>two</feed>\n"})
    assert (tmp_path / "rss.xml").read_bytes() == FILES["rss.xml"]


def test_a_commit_that_fails_half_way_puts_back_what_it_replaced(tmp_path: Path) -> None:
    publish_files(tmp_path, {"a.xml": b"old a"})
    with Staging(tmp_path) as staging:
        staging.add("a.xml", b"new a")
        # A new page, staged as a worker stages it: nothing was at b/index.html.
        staging.adopt("b/index.html", *stage_file(str(tmp_path), "b/index.html", b"new b", "t"))
        staging.add("c.xml", b"new c")
        # Staged where no file was; a folder is there by the time the build commits, so the
        # third rename (name order) fails after a.xml and b/index.html were put in place.
        (tmp_path / "c.xml").mkdir()
        (tmp_path / "c.xml" / "kept").write_bytes(b"")
        with pytest.raises(PublishError):
            staging.commit()
    assert (tmp_path / "a.xml").read_bytes() == b"old a"
    assert not (tmp_path / "b" / "index.html").exists()
    assert (tmp_path / "c.xml" / "kept").exists()
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_many_staged_files_are_put_in_place_and_named_once(tmp_path: Path) -> None:
    """Past a batch of the staging area's rows, and a file staged twice: the last bytes stand
    and its first temporary file is gone."""
    folder = str(tmp_path)
    with Staging(tmp_path) as staging:
        # Two renderings of one entry page, written by workers under two tags.
        staging.adopt("x/index.html", *stage_file(folder, "x/index.html", b"one", "tag 1"))
        for number in range(1300):
            staging.add(f"p{number:04d}.html", b"first")
        staging.add("p0007.html", b"second")
        staging.add("p1299.html", b"second")
        staging.adopt("x/index.html", *stage_file(folder, "x/index.html", b"two", "tag 2"))
        written = staging.commit()
    assert written == [*(f"p{number:04d}.html" for number in range(1300)), "x/index.html"]
    assert (tmp_path / "x" / "index.html").read_bytes() == b"two"
    assert os.listdir(tmp_path / "x") == ["index.html"]
    assert (tmp_path / "p0007.html").read_bytes() == b"second"
    assert (tmp_path / "p1299.html").read_bytes() == b"second"
    assert (tmp_path / "p0008.html").read_bytes() == b"first"
    assert sorted(os.listdir(tmp_path)) == [*written[:-1], "x"]


def test_an_output_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    (tmp_path / "public").write_bytes(b"a file where the folder should be")
    with pytest.raises(PublishError) as failed:
        publish_files(tmp_path / "public", FILES)
    assert str(failed.value) == f"{tmp_path / 'public'}: cannot create the output folder: File exists"


# --- The build lock ---------------------------------------------------------------------------

HOLDER = """
import sys
from pathlib import Path
from feedpub.publish import build_lock
with build_lock(Path(sys.argv[1]), 5):
    print("held", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the lock on ``tmp_path/lock`` until its stdin gets a line."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "held\n"
        yield process
        if process.poll() is None:
            process.kill()


def test_a_second_holder_is_refused_after_the_timeout(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    path = tmp_path / "lock"
    with pytest.raises(LockedError) as locked, build_lock(path, 0.3):
        pass
    assert str(locked.value) == f"{path}: another build holds the lock (waited 0.3 s)"


def test_the_lock_is_free_once_its_holder_is_done(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("done\n")
    holder.stdin.flush()
    assert holder.wait(timeout=10) == 0
    entered = False
    with build_lock(tmp_path / "lock", 0):
        entered = True
    assert entered


def test_the_kernel_frees_the_lock_of_a_killed_holder(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    assert holder.wait(timeout=10) == -signal.SIGKILL
    entered = False
    with build_lock(tmp_path / "lock", 0):
        entered = True
    assert entered


def test_a_forked_child_of_the_holder_cannot_take_the_lock(tmp_path: Path) -> None:
    """The parse workers a build forks are other processes: the lock excludes them too."""
    path = tmp_path / "lock"
    with build_lock(path, 0):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                with build_lock(path, 0):
                    code = 0
            except LockedError:
                code = 75
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 75


HOLDER_WITH_WORKER = """
import os, sys, time
from pathlib import Path
from feedpub.publish import build_lock
with build_lock(Path(sys.argv[1]), 5):
    worker = os.fork()
    if worker == 0:
        time.sleep(60)  # a parse worker, with the lock file's descriptor inherited
        os._exit(0)
    print(worker, flush=True)
    sys.stdin.readline()
"""


def test_a_killed_holder_frees_the_lock_though_its_worker_lives_on(tmp_path: Path) -> None:
    """The lock is the build's own, not its open file's (``lockf``, not ``flock``): a worker
    left running by a killed build does not keep the next build out."""
    path = tmp_path / "lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER_WITH_WORKER, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as holder:
        assert holder.stdout is not None
        worker = int(holder.stdout.readline())
        try:
            with pytest.raises(LockedError), build_lock(path, 0):
                pass
            holder.kill()
            assert holder.wait(timeout=10) == -signal.SIGKILL
            os.kill(worker, 0)  # still alive, the lock file still open in it
            entered = False
            with build_lock(path, 0):
                entered = True
            assert entered
        finally:
            holder.kill()
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)


def test_a_lock_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    (tmp_path / "state").write_bytes(b"a file where the folder should be")
    path = tmp_path / "state" / "lock"
    with pytest.raises(PublishError) as failed, build_lock(path, 0):
        pass
    assert str(failed.value) == (
        f"{path}: cannot open the build lock (File exists): check the permissions of its folder"
    )
