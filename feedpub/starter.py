"""``feedpub init``: a commented ``feedpub.toml`` and the lines that run feedpub from cron."""

from __future__ import annotations

import shutil
from pathlib import Path

from feedpub.config import CONFIG_NAME, PLACEHOLDER_SITE_URL, check_value
from feedpub.errors import ConfigError

_TEMPLATE = """\
# feedpub configuration: every key is optional (README, Configuration).

# Where public/ is served. Ids live under it: set it before subscribers come.
site_url = "{site_url}"
title = "{title}"
description = "Articles from {title}"
language = "en"
# Feed author, and entry author when an article credits nobody.
author = "{title}"
# Entries in each feed.
count = 50
# Documents folder, feeds folder and the registry (back it up: it remembers first-seen dates).
source = "seeds"
output = "public"
state = ".feedpub/state.sqlite3"
# Zone of times written without one (an IANA name), and the order of ambiguous numeric dates.
timezone = "UTC"
date_order = "MDY"

# Source name -> URL, for RSS <source url> and links.
# [sources]
# "The War Zone" = "https://www.twz.com"
"""


def write_starter(folder: Path, site_url: str | None) -> list[str]:
    """Write ``feedpub.toml`` in ``folder``; return the lines to show the user.

    :raises ConfigError: a configuration is already there, or ``site_url`` is not a URL.
    """
    target = folder / CONFIG_NAME
    if target.exists():
        raise ConfigError(f"{target}: already exists; edit it, or move it aside first")
    url = check_value("site_url", site_url, "--site-url") if site_url else PLACEHOLDER_SITE_URL
    host = url.split("//", 1)[1].split("/", 1)[0]
    target.write_text(_TEMPLATE.format(site_url=url, title=host), encoding="utf-8")
    command = shutil.which("feedpub") or "feedpub"
    lines = [f"wrote {CONFIG_NAME}"]
    if site_url is None:
        lines.append(
            f"set site_url in {CONFIG_NAME} to where public/ will be served "
            "(or run feedpub init --site-url URL)"
        )
    return [
        *lines,
        "",
        "to publish every five minutes from cron (crontab -e):",
        f"*/5 * * * *  cd {folder} && {command} build --quiet",
        "",
        "or with systemd, /etc/systemd/system/feedpub.service:",
        "[Service]",
        "Type=oneshot",
        f"WorkingDirectory={folder}",
        f"ExecStart={command} build --quiet",
        "SuccessExitStatus=75",
        "",
        "and /etc/systemd/system/feedpub.timer (systemctl enable --now feedpub.timer):",
        "[Timer]",
        "OnCalendar=*:0/5",
        "Persistent=true",
        "[Install]",
        "WantedBy=timers.target",
    ]
