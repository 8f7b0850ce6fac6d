"""Regenerate tests/data/golden/ from the shipped seed; run on purpose, review the diff.

    python3 scripts/update_golden.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from feedpub.build import build
from feedpub.config import Config, resolve_paths

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "data" / "golden"
# The clock is an input: a fixed "now" makes the seed's first-seen date, and so the files, fixed.
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def build_golden(destination: Path) -> None:
    """Build the shipped seeds into ``destination`` with a fresh registry and the fixed clock."""
    with tempfile.TemporaryDirectory() as scratch:
        config = resolve_paths(
            replace(Config(), source=REPO / "seeds", output=destination), Path(scratch)
        )
        build(config, NOW)


def main() -> int:
    """Rewrite the golden files."""
    with tempfile.TemporaryDirectory() as out:
        build_golden(Path(out))
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name in ("rss.xml", "atom.xml"):
            shutil.copy(Path(out) / name, GOLDEN / name)
            print(f"wrote {GOLDEN / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
