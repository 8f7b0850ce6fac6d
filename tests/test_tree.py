"""The test tree mirrors feedpub/ (STYLE.md, Tests), and pytest collects all of it.

pytest skips folders named in ``norecursedirs`` without a word, and its default list holds
``build``: tests/build/ ran nothing until pyproject.toml listed the folders to skip itself.
"""

from __future__ import annotations

import fnmatch
from collections import Counter

import pytest

from conftest import HERE, REPO

TEST_FILES = sorted(HERE.rglob("test_*.py"))


def test_every_folder_of_tests_is_collected(pytestconfig: pytest.Config) -> None:
    patterns = pytestconfig.getini("norecursedirs")
    skipped = sorted(
        str(path.relative_to(HERE)) for path in TEST_FILES
        if any(
            fnmatch.fnmatch(part, pattern)
            for part in path.relative_to(HERE).parts[:-1] for pattern in patterns
        )
    )
    assert skipped == []


def test_each_stage_package_has_its_test_folder() -> None:
    packages = sorted(
        path.parent.name for path in (REPO / "feedpub").glob("*/__init__.py")
    )
    assert packages == [
        "build", "ingest", "live", "parse", "publish", "registry", "render", "text", "validate"
    ]
    missing = [name for name in packages if not list((HERE / name).glob("test_*.py"))]
    assert missing == []


def test_test_file_names_are_unique() -> None:
    # Without __init__.py files, pytest imports each test file by its base name.
    counts = Counter(path.name for path in TEST_FILES)
    assert [name for name, count in counts.items() if count > 1] == []
    assert not list(HERE.rglob("__init__.py"))
