"""Run one command; print its wall seconds, exit code and peak RSS (KiB): measure.py CMD [ARG ...].

``run.py`` starts every measured run through this script, with ``python3 -I -S``. On Linux a
process's ``ru_maxrss`` starts at the peak RSS of the process that exec()s it, so runs started
straight from ``run.py`` would inherit its peak; forked from this small interpreter they inherit
a few MB, less than any Python program uses. ``ru_maxrss`` from ``os.wait4`` is that of the
largest process of the command's tree (the command and the children it waited for). The
command's standard output is discarded; its standard error is this script's.
"""

import os
import sys
import time


def main(argv: list[str]) -> None:
    """Run ``argv`` and print ``WALL_SECONDS EXIT_CODE MAXRSS_KIB`` on one line."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.execvp(argv[0], argv)
        except OSError as exc:
            print(f"measure.py: {argv[0]}: {exc.strerror}", file=sys.stderr)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    print(f"{wall:.6f} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")


if __name__ == "__main__":
    main(sys.argv[1:])
