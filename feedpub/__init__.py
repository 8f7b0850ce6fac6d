"""feedpub: publish a folder of plain-text news articles as RSS 2.0 and Atom 1.0 feeds.

The library is the product and the CLI a thin shell around it::

    from datetime import UTC, datetime
    from pathlib import Path
    import feedpub

    config = feedpub.load_config(None, Path.cwd())
    report = feedpub.build(config, datetime.now(UTC))
"""

__version__ = "0.1.0"

from feedpub.build import BuildReport, Progress, build  # after __version__, which build reads
from feedpub.config import Config, load_config
from feedpub.errors import FeedpubError
from feedpub.model import Entry

__all__ = [
    "BuildReport", "Config", "Entry", "FeedpubError", "Progress", "__version__", "build",
    "load_config",
]
