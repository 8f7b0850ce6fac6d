"""``feedpub serve`` with real HTTP requests (http.client): validators and 304s, content
types, HEAD, gzip, and every way out of the output folder refused."""

from __future__ import annotations

import gzip
import http.client
import re
from collections.abc import Iterator
from email.utils import formatdate

import pytest

from conftest import Site
from live_process import running, wait_until

SERVING = re.compile(r"serving .* at http://127\.0\.0\.1:(\d+)/")


def _article(site: Site, name: str, title: str, day: int = 3) -> None:
    site.write(
        name, f"{title}\n\nPublished: {day} March 2025 09:00 UTC\n\nThe council met on {title}.\n"
    )


class Client:
    """One request per connection, paths sent exactly as written (no normalising)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Site]]:
    """One server for the module (starting one per test would take most of its time)."""
    site = Site(tmp_path_factory.mktemp("served"))
    site.seeds.mkdir()
    _article(site, "roads.txt", "Roads")
    (site.seeds.parent / "secret.txt").write_text("not for the web\n", encoding="utf-8")
    assert site.build().returncode == 0
    public = site.public
    (public / "index.html").write_text("<!doctype html><title>News</title>\n", encoding="utf-8")
    (public / "style.css").write_text("body { margin: 0 auto; }\n" * 20, encoding="utf-8")
    (public / "feed.json").write_text('{"version": "https://jsonfeed.org/version/1.1"}\n', encoding="utf-8")
    (public / "desk").mkdir()
    (public / "desk" / "index.html").write_text("<p>desk</p>\n", encoding="utf-8")
    (public / "empty").mkdir()
    (public / "leak.txt").symlink_to(site.root / "secret.txt")
    (public / "outside").symlink_to(site.root)
    with running() as start:
        server = start(site, "serve", "--port", "0")
        wait_until(lambda: any(SERVING.search(line) for line in server.log()), "the server")
        server.wait_builds(1)
        port = next(int(m[1]) for line in server.log() if (m := SERVING.search(line)))
        yield Client(port), site
        assert server.stop() == 0


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/rss.xml", "application/rss+xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/feed.json", "application/feed+json"),
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/desk/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
    ],
)
def test_content_types(served: tuple[Client, Site], path: str, content_type: str) -> None:
    response, _ = served[0].request(path)
    assert (response.status, response.getheader("Content-Type")) == (200, content_type)


def test_etag_then_304_for_both_validators(served: tuple[Client, Site]) -> None:
    client, site = served
    response, body = client.request("/atom.xml")
    assert response.status == 200 and body == (site.public / "atom.xml").read_bytes()
    etag = response.getheader("ETag")
    modified = response.getheader("Last-Modified")
    assert etag and re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert modified == formatdate((site.public / "atom.xml").stat().st_mtime, usegmt=True)
    again, body = client.request("/atom.xml", headers={"If-None-Match": etag})
    assert (again.status, body, again.getheader("ETag")) == (304, b"", etag)
    since, body = client.request("/atom.xml", headers={"If-Modified-Since": modified})
    assert (since.status, body) == (304, b"")
    stale, _ = client.request("/atom.xml", headers={"If-None-Match": '"0000"'})
    assert stale.status == 200
    older = formatdate((site.public / "atom.xml").stat().st_mtime - 3600, usegmt=True)
    stale, _ = client.request("/atom.xml", headers={"If-Modified-Since": older})
    assert stale.status == 200


def test_head_sends_the_headers_of_get_and_no_body(served: tuple[Client, Site]) -> None:
    client = served[0]
    get, body = client.request("/rss.xml")
    head, nothing = client.request("/rss.xml", method="HEAD")
    assert head.status == 200 and nothing == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.getheader(name) == get.getheader(name)
    assert int(head.getheader("Content-Length", "0")) == len(body)


def test_gzip_when_asked_for(served: tuple[Client, Site]) -> None:
    client, site = served
    plain, body = client.request("/atom.xml")
    zipped, data = client.request("/atom.xml", headers={"Accept-Encoding": "br, gzip"})
    assert zipped.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(data) == body == (site.public / "atom.xml").read_bytes()
    assert zipped.getheader("Vary") == plain.getheader("Vary") == "Accept-Encoding"
    assert zipped.getheader("ETag") != plain.getheader("ETag")
    refused, _ = client.request("/atom.xml", headers={"Accept-Encoding": "gzip;q=0"})
    assert refused.getheader("Content-Encoding") is None
    revalidated, _ = client.request(
        "/atom.xml",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.getheader("ETag", "")},
    )
    assert revalidated.status == 304


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/desk/../../secret.txt",
        "/desk%2f..%2f..%2fsecret.txt", "/..%2fsecret.txt", "/nothing.xml", "/empty/",
        "/.feedpub/state.sqlite3", "/%00", "/outside/secret.txt", "/outside/seeds/roads.txt",
        "/leak.txt",
    ],
)
def test_nothing_outside_the_output_is_served(served: tuple[Client, Site], path: str) -> None:
    response, body = served[0].request(path)
    assert response.status in (403, 404)
    assert b"not for the web" not in body and b"Roads" not in body


def test_a_folder_without_its_slash_is_redirected(served: tuple[Client, Site]) -> None:
    response, _ = served[0].request("/desk")
    assert (response.status, response.getheader("Location")) == (301, "/desk/")


def test_an_edit_is_served_after_the_rebuild(served: tuple[Client, Site]) -> None:
    client, site = served
    first, _ = client.request("/atom.xml")
    _article(site, "bridges.txt", "Bridges", day=4)

    def served_new() -> bool:
        response, body = client.request("/atom.xml", headers={"If-None-Match": first.getheader("ETag", "")})
        return response.status == 200 and b"Bridges" in body

    wait_until(served_new, "the rebuilt atom.xml")
