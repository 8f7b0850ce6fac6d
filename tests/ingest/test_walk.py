"""feedpub.ingest through its public face: the walk of a real source folder, and decoding.

``scan_folders`` on a tree of real files, folders, symlinks and a FIFO gives exactly the keys
and refusals SPEC.md §1 promises; ``make_document`` and ``decode_text`` turn the encodings it
names into the same clean text (SPEC.md §1, Encoding).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from feedpub.errors import DocumentError
from feedpub.ingest import (
    Listing,
    SourceFile,
    SourceOptions,
    Unchanged,
    decode_text,
    digest_text,
    make_document,
    scan_folders,
)

OPTIONS = SourceOptions(("*.txt", "*.md"), 1000)
ARTICLE = "Harbour reopens\n\nBoats landed their catch this morning.\n"
OUTSIDE = "symlink leads outside the source folder"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A source folder with one of everything the walk must tell apart; returns the folder."""
    source = tmp_path / "seeds"
    outside = tmp_path / "elsewhere"
    (source / "news").mkdir(parents=True)
    (source / "sport").mkdir()
    (source / ".drafts").mkdir()
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("Not for the feed\n\nPrivate.\n", encoding="utf-8")
    files = {
        "a.txt": ARTICLE,
        "news/b.md": ARTICLE,
        "sport/c.txt": ARTICLE,
        # Skipped silently: hidden, editor backups and swap files, ours, other extensions.
        ".hidden.txt": ARTICLE,
        ".drafts/draft.txt": ARTICLE,
        "a.txt~": ARTICLE,
        ".a.txt.swp": ARTICLE,
        "a.txt.swo": ARTICLE,
        "#a.txt#": ARTICLE,
        "a.txt.bak": ARTICLE,
        ".rss.xml.abc123.tmp": ARTICLE,
        "notes.odt": ARTICLE,
        # Refused by name: over the size limit.
        "big.txt": "x" * 1001,
        # Exactly at the limit: a document.
        "limit.txt": "x" * 1000,
    }
    for key, text in files.items():
        (source / key).write_text(text, encoding="utf-8")
    os.symlink("a.txt", source / "inside.txt")
    os.symlink("news", source / "news-link")
    os.symlink(outside / "secret.txt", source / "outside.txt")
    os.symlink(outside / "folder", source / "outside-folder")
    os.symlink("nowhere.txt", source / "dangling.txt")
    os.mkfifo(source / "news" / "pipe.txt")
    # A name that is not UTF-8 (Latin-1 "café.txt"): only a bytes path can make it.
    with open(os.fsencode(source) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(ARTICLE.encode("cp1252"))
    return source


def _listings(source: Path, **kwargs: object) -> dict[str, Listing | Unchanged]:
    items = list(scan_folders(source, OPTIONS, **kwargs))  # type: ignore[arg-type]
    found = {item.folder: item for item in items}
    assert len(found) == len(items), "a folder is listed once"
    return found


def _listing(item: Listing | Unchanged) -> Listing:
    assert isinstance(item, Listing)
    return item


def test_the_walk_lists_documents_and_refuses_by_name(tree: Path) -> None:
    found = _listings(tree)
    assert set(found) == {"", "news/", "sport/"}
    root, news = _listing(found[""]), _listing(found["news/"])
    size = len(ARTICLE.encode())
    assert sorted(zip(root.keys, root.sizes, strict=True)) == [
        ("a.txt", size), ("inside.txt", size), ("limit.txt", 1000),
    ]
    assert sorted((str(e.path), e.reason) for e in root.refused) == [
        ("big.txt", "too large: 1001 bytes (limit 1000 bytes)"),
        ("caf\\xe9.txt", "file name is not valid UTF-8; rename it"),
        ("dangling.txt", "cannot read: No such file or directory"),
        ("outside-folder", OUTSIDE),
        ("outside.txt", OUTSIDE),
    ]
    # The FIFO is skipped, not refused: a read would block the build.
    assert (news.keys, news.refused) == (["news/b.md"], [])
    assert _listing(found["sport/"]).keys == ["sport/c.txt"]
    assert (root.unit, news.unit) == ("", "news/")


def test_backups_and_hidden_files_are_skipped_even_when_a_pattern_matches_them(
    tmp_path: Path,
) -> None:
    names = [
        "a.txt", "a.txt~", "a.txt.swp", "a.txt.swo", "a.txt.swx", "a.txt.tmp", "a.txt.bak",
        "a.txt.orig", "#a.txt#", ".a.txt", "b#", "#b",
    ]
    for name in names:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    (root,) = scan_folders(tmp_path, SourceOptions(("*",), 1000))
    assert sorted(_listing(root).keys) == ["#b", "a.txt", "b#"]


def test_rows_hold_the_stat_figures_and_the_refused_keys(tree: Path) -> None:
    root = _listing(_listings(tree)[""])
    rows = sorted(root.rows())
    a_txt = (tree / "a.txt").stat()
    assert ("a.txt", a_txt.st_size, a_txt.st_mtime_ns) in rows
    assert [key for key, size, mtime in rows if (size, mtime) == (-1, -1)] == [
        "big.txt", "caf\\xe9.txt", "dangling.txt", "outside-folder", "outside.txt",
    ]
    assert root.parts() == [], "a small folder is compared whole"


def test_the_parallel_walk_finds_the_same(tree: Path) -> None:
    def summary(found: dict[str, Listing | Unchanged]) -> dict[str, tuple[object, ...]]:
        return {
            folder: (sorted(_listing(item).keys), _listing(item).digest)
            for folder, item in found.items()
        }

    assert summary(_listings(tree, parallel=True)) == summary(_listings(tree))


def test_a_folder_with_its_known_digest_is_unchanged(tree: Path) -> None:
    digests = {folder: _listing(item).digest for folder, item in _listings(tree).items()}
    found = _listings(tree, known=digests)
    assert found == {
        "": Unchanged("", 3), "news/": Unchanged("news/", 1), "sport/": Unchanged("sport/", 1),
    }


def test_a_touched_file_changes_its_folder_digest_only(tree: Path) -> None:
    digests = {folder: _listing(item).digest for folder, item in _listings(tree).items()}
    info = (tree / "news" / "b.md").stat()
    os.utime(tree / "news" / "b.md", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    found = _listings(tree, known=digests)
    assert (found[""], found["sport/"]) == (Unchanged("", 3), Unchanged("sport/", 1))
    news = _listing(found["news/"])
    assert news.digest != digests["news/"]
    assert news.mtimes == [info.st_mtime_ns + 1_000_000_000]


def test_a_source_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(DocumentError) as refused:
        list(scan_folders(tmp_path / "file.txt", OPTIONS))
    assert refused.value.reason == "source is not a folder"
    with pytest.raises(DocumentError) as missing:
        list(scan_folders(tmp_path / "missing", OPTIONS))
    assert missing.value.reason == "cannot read source folder: No such file or directory"


# --- Decoding -----------------------------------------------------------------------------

TEXT = "Café “owners” protest\r\n\r\nThe terrace tax rises.\n"
CLEAN = "Café “owners” protest\n\nThe terrace tax rises.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(TEXT.encode(), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), "utf-8", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
        pytest.param(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", id="utf-32-le-bom"),
        pytest.param(TEXT.encode("cp1252"), "cp1252", id="cp1252"),
    ],
)
def test_each_encoding_decodes_to_the_same_clean_text(data: bytes, encoding: str) -> None:
    assert decode_text(data, "k.txt") == (CLEAN, encoding)
    document = make_document(SourceFile("/src/news/k.txt", "news/k.txt", len(data), 0), data)
    assert (document.key, document.text, document.encoding) == ("news/k.txt", CLEAN, encoding)
    # The digest hashes the text, not the bytes: every encoding of it is the same document.
    assert document.digest == digest_text(CLEAN)


def test_bytes_undefined_in_cp1252_fall_back_to_latin_1() -> None:
    assert decode_text(b"Caf\xe9 \x81tax", "k.txt") == ("Café tax", "latin-1")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file (NUL bytes), not text",
                     id="png"),
        pytest.param(bytes(range(1, 9)) * 20, "binary file (control bytes), not text", id="controls"),
        pytest.param(codecs.BOM_UTF16_LE + bytes(range(0xD8, 0xE0)) * 20, "binary file (not utf-16-le text)",
                     id="utf-16-bom-then-junk"),
    ],
)
def test_binary_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError) as refused:
        decode_text(data, "news/k.txt")
    assert (str(refused.value.path), refused.value.reason) == ("news/k.txt", reason)
    with pytest.raises(DocumentError) as again:
        make_document(SourceFile("/src/news/k.txt", "news/k.txt", len(data), 0), data)
    assert str(again.value) == f"news/k.txt: {reason}"
