"""I/O floor: read every document's bytes, write the first BYTES of them to one file.

Usage: python3 floor.py SOURCE OUTPUT_FILE BYTES

The least any feed builder must do: ``run.py`` passes the byte count feedpub wrote, so the
floor reads what feedpub reads and writes as much as feedpub writes. The folder is walked and
each document read and written one at a time, so memory stays that of an idle interpreter.
"""

import os
import sys
from collections.abc import Iterator


def documents(source: str) -> Iterator[str]:
    """Yield the path of every ``*.txt`` under ``source``, folder by folder, in name order."""
    for folder, subfolders, names in os.walk(source):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".txt"):
                yield os.path.join(folder, name)


def main(source: str, output: str, limit: int) -> None:
    """Read every document under ``source``; write the first ``limit`` bytes read to ``output``."""
    room = limit
    with open(output, "wb") as sink:
        for path in documents(source):
            with open(path, "rb") as document:
                data = document.read()[: max(room, 0)]
            room -= len(data)
            sink.write(data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
