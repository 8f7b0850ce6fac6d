"""``python -m feedpub``."""

from feedpub.cli import main

raise SystemExit(main())
