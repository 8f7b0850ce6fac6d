"""Publish: write the feeds atomically, and only when their bytes change; hold the build lock.

The last stage of a build (SPEC.md §3, Safe replacement).
"""

from feedpub.publish._files import publish_files
from feedpub.publish._lock import build_lock

__all__ = ["build_lock", "publish_files"]
