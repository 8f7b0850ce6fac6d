"""[I/O] Child processes that end with the build that forked them.

A build forks a scan helper (``source``) and parse workers (``pool``). If the build is killed,
SIGKILL included, an orphaned child would go on reading files, or wait on its queue for ever.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this forked process end when ``parent`` does; end it now if that already happened."""
    if sys.platform.startswith("linux"):
        # prctl(PR_SET_PDEATHSIG): the kernel signals us when the parent dies.
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
