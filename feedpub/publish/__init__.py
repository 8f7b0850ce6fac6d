"""Publish: write the feeds atomically, and only when their bytes change; hold the build lock.

The last stage of a build (SPEC.md §3, Safe replacement).
"""

from feedpub.publish._files import Staging, publish_files, stage_file
from feedpub.publish._lock import build_lock

__all__ = ["Staging", "build_lock", "publish_files", "stage_file"]
