"""Validate: offline checks of published feeds (``feedpub check``, ``build --check``)."""

from feedpub.validate._feeds import check_feed_bytes, check_feeds

__all__ = ["check_feed_bytes", "check_feeds"]
