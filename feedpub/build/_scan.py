"""Ingest -> registry: list the source, and stage in the registry the files of the folders
(or parts of folders) whose listing changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from feedpub.config import Config
from feedpub.ingest import (
    Listing,
    SourceOptions,
    Unchanged,
    folder_of,
    part_of,
    scan_folders,
    scan_touched,
    unit_folder,
)
from feedpub.model import Problem
from feedpub.registry import UNSETTLED, Changes, Registry

if TYPE_CHECKING:
    pass


# From this many files in the last build, a helper process shares the walk of the source.
_PARALLEL_SCAN_FROM = 20_000


class Scan(NamedTuple):
    """What the scan found: the units (folders, or parts of large ones) to look into, and the
    digests to store once the build has settled them."""

    root: Path
    unsettled: dict[str, str]  # unit -> listing digest: files staged, to compare one by one
    folders: dict[str, str]  # folder -> listing digest, for the folders not settled whole
    counts: dict[str, int]  # folder -> number of parts, for the large folders among them
    vanished: list[str]  # stored units that are gone, or whose folder was cut differently
    troubled: set[str]  # units and folders holding a file the scan refused
    stored: dict[str, str]  # unit -> the digest the last build stored


def scan_source(
    registry: Registry, config: Config, changes: Changes, touched: frozenset[str] | None = None
) -> Scan:
    """List every folder; stage in the registry's scan table the files of the units whose
    digest changed.

    A folder whose listing has its stored digest is skipped whole (``ingest.Unchanged``): a
    no-change build compares one digest a folder, not one row a file. A large folder whose
    digest changed is compared part by part (``ingest.Listing.parts``), and only its changed
    parts are staged. The staged files stay in the scan table, not in memory (a cold build of
    100,000 documents would otherwise hold them all). Refused files are reported, and stay
    published if they were.

    With ``touched`` (paths a watcher saw change since the last build), only their folders
    and those holding a refusal are listed (``ingest.scan_touched``).
    """
    stored = registry.folder_digests()
    scan = Scan(config.source.resolve(), {}, {}, {}, [], set(), stored)
    seen: set[str] = set()
    options = SourceOptions(config.patterns, config.max_size)
    files = registry.get_meta("files")
    parallel = int(files or 0) >= _PARALLEL_SCAN_FROM
    count = 0
    if touched is None:
        listings = scan_folders(config.source, options, known=stored, parallel=parallel)
    else:
        troubled = [unit_folder(unit) for unit, digest in stored.items() if digest == UNSETTLED]
        listings = scan_touched(config.source, options, touched, known=stored, relist=troubled)
    for listing in listings:
        seen.add(listing.folder)
        if isinstance(listing, Unchanged):
            count += listing.files
            registry.settle(listing.folder)
            continue
        count += len(listing.keys)
        changes.problems.extend(Problem(str(e.path), e.reason) for e in listing.refused)
        _stage_listing(registry, scan, listing, seen)
    # A watcher's scan does not count the files it was told are unchanged.
    if touched is None and files != str(count):
        registry.set_meta("files", str(count))
    # A stored part of a folder settled whole is not listed, but still stands.
    settled_whole = {unit for unit in seen if unit == unit_folder(unit)} - scan.folders.keys()
    scan.vanished.extend(
        sorted(unit for unit in stored.keys() - seen if unit_folder(unit) not in settled_whole)
    )
    return scan


def _stage_listing(registry: Registry, scan: Scan, listing: Listing, seen: set[str]) -> None:
    """Stage the files of a changed folder, or of its changed parts if it is large."""
    if listing.refused:
        scan.troubled.add(listing.folder)
    scan.folders[listing.folder] = listing.digest
    parts = listing.parts()
    if parts:
        scan.counts[listing.folder] = len(parts)
    rows: list[tuple[str, int, int]] = []
    for part in parts or [listing]:
        seen.add(part.unit)
        if part is not listing and scan.stored.get(part.unit) == part.digest:
            registry.settle(part.unit)
            continue
        scan.unsettled[part.unit] = part.digest
        if part.refused:
            scan.troubled.add(part.unit)
        rows.extend(part.rows())
    # In key order, the parts of a folder together: the registry's indexes then grow at
    # their end instead of all over (three times faster at 100,000).
    registry.stage_scan(sorted(rows))


def store_folders(registry: Registry, scan: Scan, problems: list[Problem]) -> None:
    """Settle the units looked into whose every file now has its record. A unit holding a
    refused file is stored UNSETTLED, and so is its folder: every build looks at the refusal
    again, and looks for removed files there once the folder is gone."""
    troubled = set(scan.troubled)
    for problem in problems:
        folder = folder_of(problem.key)
        troubled.add(folder)
        if folder in scan.counts:
            troubled.add(part_of(problem.key, scan.counts[folder]))
    digests = scan.unsettled | scan.folders
    registry.store_folders(
        {unit: UNSETTLED if unit in troubled else digest for unit, digest in digests.items()}
        | dict.fromkeys(scan.vanished),
        scan.stored,
    )
