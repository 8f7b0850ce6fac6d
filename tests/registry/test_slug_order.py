"""Two documents asking for one slug: the suffix goes by the sorted source path, so that the
same files give the same ids on any machine, and losing the registry swaps nothing (issue 11;
registry/_assign.py, ``Registry.free_slug``).
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedpub.cli import main

from conftest import Site, read_feed

SITE_URL = "https://news.example.org"


def _configure(root: Path) -> Path:
    config = root / "feedpub.toml"
    config.write_text(f'site_url = "{SITE_URL}"\ncount = 100\n', encoding="utf-8")
    return config


def _story(number: int) -> str:
    return (
        f"Story number {number} of the collision desk\n\n"
        f"The council met for the {number}th time and agreed on the budget.\n"
    )


def _ids(root: Path) -> dict[str, tuple[str, str]]:
    """Map each entry's title to its (id, link), as feedparser reads them."""
    atom = read_feed(root / "public" / "atom.xml")
    rss = read_feed(root / "public" / "rss.xml")
    ids = {e.title: (e.id, e.link) for e in atom.entries}
    assert {e.title: (e.id, e.link) for e in rss.entries} == ids
    return ids


def _slug(url: str) -> str:
    return unquote(url.removeprefix(f"{SITE_URL}/").removesuffix("/"))


# Every name here asks for one of four slugs: "москва-2025", "київ-2025", "2025", "cafe".
COLLIDING = [
    "Москва 2025.txt", "МОСКВА 2025!.txt", "москва-2025.md", "Київ 2025.txt", "2025.txt",
    "2025!.md", "CAFE.txt", "Café.txt", "cafe.md", "Cafe!.txt",
]


def test_colliding_names_take_suffixes_in_path_order(site: Site) -> None:
    names = COLLIDING
    for number, name in enumerate(names):
        site.write(name, _story(number))
    config = _configure(site.root)
    assert main(["build", "--quiet", "--config", str(config)]) == 0
    ids = _ids(site.root)
    # Sorted by code point, the order of the registry's key index: "2025!.md" < "2025.txt",
    # "CAFE" < "Cafe!" < "Café" < "cafe", "МОСКВА" < "Москва" < "москва".
    assert {_slug(ids[_story(n).split("\n")[0]][0]): name for n, name in enumerate(names)} == {
        "2025-2": "2025.txt", "2025": "2025!.md", "київ-2025": "Київ 2025.txt",
        "cafe": "CAFE.txt", "cafe-2": "Cafe!.txt", "cafe-3": "Café.txt", "cafe-4": "cafe.md",
        "москва-2025": "МОСКВА 2025!.txt", "москва-2025-2": "Москва 2025.txt",
        "москва-2025-3": "москва-2025.md",
    }
    for entry_id, link in ids.values():
        assert entry_id == link
        assert entry_id.isascii()


def test_a_slug_given_in_an_earlier_build_stays_with_its_document(site: Site) -> None:
    site.write("москва-2025.md", _story(1))
    config = _configure(site.root)
    assert main(["build", "--quiet", "--config", str(config)]) == 0
    site.write("Москва 2025.txt", _story(2))
    assert main(["build", "--quiet", "--config", str(config)]) == 0
    ids = {title.split()[2]: _slug(pair[0]) for title, pair in _ids(site.root).items()}
    assert ids == {"1": "москва-2025", "2": "москва-2025-2"}


FOLDERS = st.sampled_from(["", "news/", "News/", "Новини/", "новини!/"])
STEMS = st.sampled_from([
    "Москва 2025", "МОСКВА 2025!", "москва-2025", "Київ 2025", "київ_2025", "2025", "2025!",
    "０２０２５", "Café", "cafe", "CAFE!", "Cafe\u0301", "東京", "東京!", "Ελλάδα", "ελλάδα",
    "١٢٣", "123",
])
NAMES = st.lists(
    st.builds(lambda folder, stem, ext: f"{folder}{stem}{ext}", FOLDERS, STEMS,
              st.sampled_from([".txt", ".md"])),
    min_size=2, max_size=12, unique=True,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES)
def test_rebuilding_colliding_names_without_the_registry_gives_the_same_ids(
    names: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = Site(root)
        for number, name in enumerate(names):
            site.write(name, _story(number))
        config = _configure(root)
        assert main(["build", "--quiet", "--config", str(config)]) == 0
        first = _ids(root)
        assert len(first) == len(names)
        assert len({entry_id for entry_id, _ in first.values()}) == len(names)
        (root / ".feedpub" / "state.sqlite3").unlink()
        assert main(["build", "--quiet", "--config", str(config)]) in (0, 1)
        assert _ids(root) == first


def test_a_page_parsed_on_every_core_registers_in_path_order_too(site: Site) -> None:
    # 300 names for one slug: enough for the parse pool's worker processes (build/_pool.py).
    marks = ("".join(p) for n in (1, 2, 3) for p in itertools.product("!?,;()+=", repeat=n))
    names = [f"Москва 2025{mark}.txt" for mark in itertools.islice(marks, 300)]
    for number, name in enumerate(names):
        site.write(name, _story(number))
    config = _configure(site.root)
    (site.root / "feedpub.toml").write_text(
        f'site_url = "{SITE_URL}"\ncount = 300\n', encoding="utf-8"
    )
    assert main(["build", "--quiet", "--config", str(config)]) == 0
    first = _ids(site.root)
    slugs = {_slug(first[_story(n).split("\n")[0]][0]) for n in range(300)}
    assert slugs == {"москва-2025", *(f"москва-2025-{k}" for k in range(2, 301))}
    # The first name in code-point order has the slug; the next ones -2, -3… in order.
    order = sorted(range(300), key=names.__getitem__)
    assert [_slug(first[_story(n).split("\n")[0]][0]) for n in order[:3]] == [
        "москва-2025", "москва-2025-2", "москва-2025-3",
    ]
    (site.root / ".feedpub" / "state.sqlite3").unlink()
    assert main(["build", "--quiet", "--config", str(config)]) in (0, 1)
    assert _ids(site.root) == first
