"""The command line as users and cron see it: exact stderr lines and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from feedpub import __version__
from feedpub.cli import main

from conftest import SEED, Site


@pytest.fixture
def in_site(site: Site, monkeypatch: pytest.MonkeyPatch) -> Site:
    shutil.copy(SEED, site.seeds / SEED.name)
    monkeypatch.chdir(site.root)
    return site


def test_build_defaults_publish_seeds_to_public(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "1 entries published, 1 changed, 0 skipped; feeds written\n"
    assert captured.err == ""
    assert sorted(p.name for p in in_site.public.iterdir()) == [
        "000-51ddf44c89690912", "atom.xml", "feed.json", "index.html", "rss.xml", "sources",
        "style.css",
    ]


def test_quiet_prints_nothing(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_skipped_document_is_one_line_and_exit_1(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    in_site.write("blank.txt", "\n \n")
    assert main(["build", "-q"]) == 1
    assert capsys.readouterr().err == "feedpub: seeds/blank.txt: skipped: empty document\n"


def test_verbose_lists_changes(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-v"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "new: 000_51ddf44c89690912.txt" in out
    assert "wrote: atom.xml" in out and "wrote: rss.xml" in out


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param("site_ur = 'https://x.org'\n", "unknown key 'site_ur', did you mean 'site_url'?", id="typo"),
        pytest.param("count = 0\n", "count must be a whole number of at least 1, got 0", id="count"),
        pytest.param("site_url = 'example.org'\n", "site_url must be an absolute http(s) URL, got 'example.org'", id="url"),
        pytest.param("site_url = 'http://[x'\n", "site_url must be an absolute http(s) URL, got 'http://[x'", id="bracket"),
        pytest.param("timezone = 'Mars/Olympus'\n", "timezone must be an IANA time zone such as 'Europe/Kyiv', got 'Mars/Olympus'", id="zone"),
        pytest.param("count = [\n", "not valid TOML", id="toml"),
        pytest.param(
            'title = "News\\u000b here"\n',
            "title must be text without control characters (XML 1.0 forbids them)", id="control",
        ),
        pytest.param("templates = 'themes'\n", "templates must be a folder, got '", id="templates-missing"),
        pytest.param("templates = 'feedpub.toml'\n", "templates must be a folder, got '", id="templates-file"),
        pytest.param("templates = 7\n", "templates must be a path, got 7", id="templates-type"),
    ],
)
def test_config_errors_exit_2_with_one_line(
    in_site: Site, capsys: pytest.CaptureFixture[str], config: str, message: str
) -> None:
    (in_site.root / "feedpub.toml").write_text(config)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"feedpub: {in_site.root / 'feedpub.toml'}: ")
    assert message in err


def test_missing_source_folder_is_a_usage_error(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "nowhere"]) == 2
    assert capsys.readouterr().err == (
        "feedpub: nowhere: the documents folder does not exist "
        "(give it as SOURCE, or set source in feedpub.toml)\n"
    )


def test_source_that_is_a_file_is_a_usage_error(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    (in_site.root / "notes.txt").write_text("x")
    assert main(["build", "notes.txt"]) == 2
    assert capsys.readouterr().err == (
        "feedpub: notes.txt: the documents folder is a file, not a folder "
        "(give it as SOURCE, or set source in feedpub.toml)\n"
    )


def test_output_that_is_a_file_is_a_usage_error(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    (in_site.root / "public").write_text("x")
    assert main(["build"]) == 2
    assert capsys.readouterr().err == (
        "feedpub: public: the output is a file, not a folder "
        "(give --output a folder, or set output in feedpub.toml)\n"
    )


def test_bad_site_url_flag(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--site-url", "ftp:/x"]) == 2
    assert capsys.readouterr().err == "feedpub: --site-url must be an absolute http(s) URL, got 'ftp:/x'\n"


def test_site_url_flag_sets_links(in_site: Site) -> None:
    assert main(["build", "-q", "--site-url", "https://news.example.com/feeds/"]) == 0
    entry = in_site.atom().entries[0]
    assert entry.link == "https://news.example.com/feeds/000-51ddf44c89690912/"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"feedpub {__version__}\n"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["publish"])
    assert exit_info.value.code == 2


def test_config_file_paths_are_relative_to_it(in_site: Site, tmp_path: Path) -> None:
    (in_site.root / "feedpub.toml").write_text("output = 'www/feeds'\ntitle = 'Kyiv Wire'\n")
    assert main(["build", "-q"]) == 0
    assert in_site.root.joinpath("www/feeds/rss.xml").exists()


def test_check_command(in_site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-q"]) == 0
    assert main(["check"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["check", "-v"]) == 0
    assert capsys.readouterr().out == (
        "public: rss.xml and atom.xml are well-formed; atom.xml follows the RFC 4287 schema; "
        "required elements, dates, ids, guids, URLs and self links pass\n"
    )
    (in_site.public / "rss.xml").write_text("<rss")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("feedpub: rss.xml: not well-formed XML: ")
    assert err.count("\n") == 1
