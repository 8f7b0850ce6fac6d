"""Page floor: read every document and write it as a page in a folder of its own.

Usage: python3 page_floor.py SOURCE OUTPUT_FOLDER

The least a site builder that publishes one page per document at ``<name>/index.html`` must
do, in Python on this machine: read each document, write its bytes to a temporary file in a
new folder of its own and rename it into place, on every core (one process a core, as
feedpub's workers), then flush everything to disk (``os.sync``, as feedpub's publish does).
Nothing is parsed or rendered: whatever a build takes beyond this is its own cost, and this
part of it no Python builder avoids (``run.py`` sets it beside Hugo's time).
"""

import os
import sys
from multiprocessing import get_context

from floor import documents


def write_pages(source: str, output: str, paths: list[str]) -> None:
    """Write each document of ``paths`` to ``output``/<its path, suffix off>/index.html."""
    for path in paths:
        with open(path, "rb") as document:
            data = document.read()
        folder = os.path.join(output, os.path.splitext(os.path.relpath(path, source))[0])
        os.makedirs(folder, exist_ok=True)
        temporary = os.path.join(folder, ".index.html.tmp")
        with open(temporary, "wb") as page:
            page.write(data)
        os.replace(temporary, os.path.join(folder, "index.html"))


def main(source: str, output: str) -> None:
    """Write every document under ``source`` as a page under ``output``, on every core."""
    paths = list(documents(source))
    cores = os.cpu_count() or 1
    workers = [
        get_context("fork").Process(target=write_pages, args=(source, output, paths[k::cores]))
        for k in range(cores)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode:
            raise SystemExit(f"page_floor.py: a worker failed with status {worker.exitcode}")
    os.sync()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
