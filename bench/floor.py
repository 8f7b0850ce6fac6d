"""I/O floor: read every document's bytes, write the first BYTES of them to one file.

Usage: python3 floor.py SOURCE OUTPUT_FILE BYTES

The least any feed builder must do: ``run.py`` passes the byte count feedpub wrote, so the
floor reads what feedpub reads and writes as much as feedpub writes. Documents are read and
written one at a time, so memory stays that of an idle interpreter.
"""

import sys
from pathlib import Path


def main(source: Path, output: Path, limit: int) -> None:
    """Read every ``*.txt`` under ``source``; write the first ``limit`` bytes read to ``output``."""
    room = limit
    with output.open("wb") as sink:
        for path in sorted(source.rglob("*.txt")):
            data = path.read_bytes()[: max(room, 0)]
            room -= len(data)
            sink.write(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
