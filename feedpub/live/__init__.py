"""Live publishing: ``feedpub watch`` rebuilds on every change, ``feedpub serve`` previews the
output over HTTP while it does (README, Live publishing).

Both stand beside the build: they call ``feedpub.build`` as cron does, under its lock.
"""

from feedpub.live._run import run_until_signalled
from feedpub.live._serve import serve
from feedpub.live._watch import Watcher, log_report

__all__ = ["Watcher", "log_report", "run_until_signalled", "serve"]
