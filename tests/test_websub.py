"""WebSub (W3C Recommendation): hub links in every feed, and one publish ping per changed feed
to each hub, against a real HTTP hub stub on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
from lxml import etree

from conftest import Site, assert_valid_atom
from hub_stub import HubStub, hub_stub

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://news.example.com"
FEEDS = [f"{SITE}/atom.xml", f"{SITE}/feed.json", f"{SITE}/rss.xml"]


@pytest.fixture
def hub() -> Iterator[HubStub]:
    with hub_stub() as stub:
        yield stub


def _configure(site: Site, *hubs: str, count: int = 50, more: str = "") -> None:
    listed = ", ".join(f'"{hub}"' for hub in hubs)
    (site.root / "feedpub.toml").write_text(
        f'site_url = "{SITE}"\ncount = {count}\nhubs = [{listed}]\n{more}', encoding="utf-8"
    )


def _article(site: Site, name: str, title: str, date: str = "3 March 2025 09:00 UTC") -> None:
    site.write(name, f"{title}\n\nPublished: {date}\n\nThe council met and agreed on {title}.\n")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_every_feed_names_the_hubs_beside_its_self_link(site: Site, hub: HubStub) -> None:
    _configure(site, hub.url, "https://hub.example/")
    _article(site, "a.txt", "Roads")
    assert site.build().returncode == 0
    atom = (site.public / "atom.xml").read_bytes()
    assert_valid_atom(atom)
    for parsed, self_url in ((site.atom(), f"{SITE}/atom.xml"), (site.rss(), f"{SITE}/rss.xml")):
        links = {(link.rel, link.href) for link in parsed.feed.links}
        assert ("self", self_url) in links
        assert {("hub", hub.url), ("hub", "https://hub.example/")} <= links
    channel = etree.parse(str(site.public / "rss.xml")).find("channel")
    rels = [link.get("rel") for link in channel.findall(f"{ATOM}link")]
    assert rels == ["self", "hub", "hub"]
    # JSON Feed 1.1: the top-level "hubs" array.
    assert json.loads((site.public / "feed.json").read_bytes())["hubs"] == [
        {"type": "WebSub", "url": hub.url}, {"type": "WebSub", "url": "https://hub.example/"},
    ]


def test_source_and_category_feeds_name_the_hubs_and_are_pinged(site: Site, hub: HubStub) -> None:
    _configure(site, hub.url, more='[sources]\n"City Desk" = "https://desk.example.org"\n')
    site.write("a.md", (
        "---\ntitle: Roads\ndate: 2025-03-03T09:00:00Z\nsource: City Desk\n"
        "categories: [Transport]\n---\n\nThe council met and agreed on roads.\n"
    ))
    result = site.build()
    assert result.returncode == 0, result.stderr
    channels = ("", "sources/city-desk/", "categories/transport/")
    assert hub.urls() == sorted(
        f"{SITE}/{folder}{name}" for folder in channels
        for name in ("atom.xml", "feed.json", "rss.xml")
    )
    for folder in channels[1:]:
        atom = (site.public / folder / "atom.xml").read_bytes()
        assert f'<link href="{hub.url}" rel="hub"/>'.encode() in atom


def test_a_feed_without_hubs_names_none(site: Site) -> None:
    _article(site, "a.txt", "Roads")
    assert site.build().returncode == 0
    assert b'rel="hub"' not in (site.public / "atom.xml").read_bytes()


def test_one_ping_per_changed_feed_and_none_when_nothing_changed(site: Site, hub: HubStub) -> None:
    _configure(site, hub.url)
    _article(site, "a.txt", "Roads")
    assert site.build().returncode == 0
    assert hub.urls() == FEEDS
    assert all(ping["hub.mode"] == ["publish"] for ping in hub.pings)
    assert set(hub.content_types) == {"application/x-www-form-urlencoded"}
    hub.clear()
    assert site.build().returncode == 0
    assert hub.urls() == []
    _article(site, "b.txt", "Bridges", "4 March 2025 09:00 UTC")
    assert site.build().returncode == 0
    assert hub.urls() == FEEDS


def test_pings_name_the_archive_feeds_written_and_no_page(site: Site, hub: HubStub) -> None:
    # count = 1: an older article goes to the first archive page (RFC 5005), and the
    # subscription feeds gain their prev-archive link; its entry page is no feed.
    _configure(site, hub.url, count=1)
    _article(site, "new.txt", "Roads", "4 March 2025 09:00 UTC")
    assert site.build().returncode == 0
    hub.clear()
    _article(site, "old.txt", "Bridges", "1 March 2025 09:00 UTC")
    result = site.run("build", "-v")
    assert "new: old.txt" in result.stdout and "wrote: old/index.html" in result.stdout
    # feed.json lists the same newest entry and links no archive (JSON Feed has none): it
    # is not written, and not pinged.
    assert hub.urls() == sorted(
        f"{SITE}/{folder}{name}" for folder in ("", "archive/1/") for name in ("atom.xml", "rss.xml")
    )


def test_a_refusing_hub_is_a_warning_and_is_pinged_again_next_build(site: Site) -> None:
    port = _closed_port()
    _configure(site, f"http://127.0.0.1:{port}/")
    _article(site, "a.txt", "Roads")
    result = site.build()
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "warning: hub" in line]
    assert len(warnings) == 3 and all("the next build tries again" in line for line in warnings)
    assert read_back(site) == ["Roads"]
    # The hub comes back: the owed pings go out with the next build, even with no change.
    with hub_stub(port) as hub:
        result = site.build()
        assert (result.returncode, result.stderr) == (0, "")
        assert hub.urls() == FEEDS
        hub.clear()
        assert site.build().returncode == 0
        assert hub.urls() == []


def test_a_hub_answering_an_error_is_a_warning(site: Site, hub: HubStub) -> None:
    hub.status = 503
    _configure(site, hub.url)
    _article(site, "a.txt", "Roads")
    result = site.build()
    assert result.returncode == 0
    assert "HTTP 503" in result.stderr
    hub.status = 204
    hub.clear()
    assert site.build().returncode == 0
    assert hub.urls() == FEEDS


def read_back(site: Site) -> list[str]:
    return [entry.title for entry in site.atom().entries]
