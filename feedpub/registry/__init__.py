"""Registry: the SQLite memory of every build, what makes cron builds safe (SPEC.md §2–§3).

The entries (ids, dates, where their text is), the scan index (what this build found), the
settled folders and the remembered refusals; and the rules that decide, from all that, what
each changed file is and which id and dates it gets (``_assign``). The only package that
imports ``sqlite3``.
"""

from feedpub.registry._assign import (
    Changes,
    Whereabouts,
    derived_id,
    match_known,
    record_article,
    settle_in_place,
    spread_first_seen,
)
from feedpub.registry._outputs import Registered, Registry
from feedpub.registry._rows import Changed, Record, Status
from feedpub.registry._schema import MIGRATIONS, UNSETTLED

__all__ = [
    "MIGRATIONS",
    "UNSETTLED",
    "Changed",
    "Changes",
    "Record",
    "Registered",
    "Registry",
    "Status",
    "Whereabouts",
    "derived_id",
    "match_known",
    "record_article",
    "settle_in_place",
    "spread_first_seen",
]
