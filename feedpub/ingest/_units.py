"""Units: the folders, and parts of large folders, that the scan compares as wholes.

A unit is named by a string (``part_unit``) because the registry stores it as a key.
"""

from __future__ import annotations

import zlib


def folder_of(key: str) -> str:
    """Return the folder part of a document key, as ``Listing.folder`` gives it."""
    return key[: key.rfind("/") + 1]


def part_unit(folder: str, index: int, count: int) -> str:
    """Name part ``index`` of ``count`` of ``folder``.

    A folder's own unit ends with "/" (or is ""), a part's with its count, so the two never
    mix up, and the folder is what comes before the last U+001F.
    """
    return f"{folder}\x1f{index}/{count}"


def part_of(key: str, count: int) -> str:
    """Return the unit of the part, of ``count``, that the document at ``key`` falls in."""
    return part_unit(folder_of(key), part_index(key, count), count)


def unit_folder(unit: str) -> str:
    """Return the folder a unit (a folder, or a part of one) belongs to."""
    return unit if unit == "" or unit.endswith("/") else unit.rpartition("\x1f")[0]


def unit_part(unit: str) -> tuple[int, int]:
    """Return (index, count) of a part unit; (0, 1) for a whole folder."""
    if unit == "" or unit.endswith("/"):
        return 0, 1
    index, _, count = unit.rpartition("\x1f")[2].partition("/")
    return int(index), int(count)


def part_index(key: str, count: int) -> int:
    """Return which of ``count`` parts of its folder the document at ``key`` falls in."""
    # crc32, not hash(): it must not change from one process to the next.
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % count
