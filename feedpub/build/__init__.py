"""Build: the one package that knows every stage, and wires them in order.

ingest (find, read, decode) -> parse -> registry (ids, dates, what changed) -> render ->
publish. ``build`` runs one build; the listing functions read what builds registered.
"""

from feedpub.build._articles import Articles
from feedpub.build._build import BuildReport, build
from feedpub.build._changes import Progress, Stage
from feedpub.build._listing import ListedEntry, count_published, list_entries, list_problems

__all__ = [
    "Articles",
    "BuildReport",
    "ListedEntry",
    "Progress",
    "Stage",
    "build",
    "count_published",
    "list_entries",
    "list_problems",
]
