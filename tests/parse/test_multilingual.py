"""Press articles in es, fr, de, nl, sv and uk: bylines, credits lines and site furniture in
the languages the byline reader knows (issue 11, "Top lines"; parse/credits.py,
config.DEFAULT_FURNITURE). Every paragraph is kept, every credit shown, no furniture left.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from feedpub.cli import main
from feedpub.config import DEFAULT_FURNITURE
from feedpub.ingest import SourceFile, make_document
from feedpub.model import Article
from feedpub.parse import ParseOptions, parse_document
from feedpub.parse.credits import parse_byline, parse_credits_line
from feedpub.parse.layout import furniture_pattern, remove_furniture

from conftest import DATA, assert_valid_atom, read_feed

FOLDER = DATA / "multilingual"
OPTIONS = ParseOptions.create("MDY", "UTC", DEFAULT_FURNITURE)
FURNITURE = furniture_pattern(DEFAULT_FURNITURE)

ES_DISCLOSURE = (
    "Este contenido fue creado con ayuda de inteligencia artificial y revisado por la redacción"
)
# file -> (authors, source, photos, other credits, disclosures, furniture lines in the file)
EXPECTED: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], tuple[tuple[str, str], ...],
                          tuple[str, ...], tuple[str, ...]]] = {
    "es_sequia_agricultores.txt": (
        ("María López", "Juan Pérez"), "EFE", ("Reuters/Ana Gómez",), (),
        (ES_DISCLOSURE,),
        ("Compartir", "Publicidad", "Leer más »", "Volver arriba"),
    ),
    "fr_retraites_manifestation.txt": (
        ("Marie Dupont", "Jean Martin"), "AFP", ("Ludovic Marin / AFP",),
        (("Traduction", "Claire Petit"),), (),
        ("Partager :", "Publicité", "Lire la suite", "Retour en haut"),
    ),
    "de_bahn_streik.txt": (
        ("Anna Schmidt", "Jonas Weber"), "dpa", ("Michael Kappeler/dpa",), (), (),
        ("Teilen", "Anzeige", "Weiterlesen", "Nach oben"),
    ),
    "nl_fietspad_utrecht.txt": (
        ("Jan de Vries", "Piet Jansen"), "ANP", ("ANP/Remko de Waal",), (), (),
        ("Delen", "Advertentie", "Lees meer", "Terug naar boven"),
    ),
    "sv_tag_norrland.txt": (
        ("Anna Svensson", "Erik Lund"), "TT", ("Fredrik Sandberg/TT",), (), (),
        ("Dela", "Annons", "Läs mer", "Tillbaka till toppen"),
    ),
    "uk_kyiv_metro.txt": (
        ("Олена Коваленко",), "Укрінформ", ("Олександр Клименко",), (), (),
        ("Поділитися", "Реклама", "Читати далі", "Нагору"),
    ),
}


# file -> (published, updated, the date lines at the top): a dated top line, a labelled date
# line or a credits-line date in each language (parse/date_words.py, top.py, credits.py).
DATES: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "es_sequia_agricultores.txt": (
        "2025-03-03T09:15:00+00:00", "2025-03-03T12:40:00+00:00",
        ("lunes, 3 de marzo de 2025, 09:15",),
    ),
    "fr_retraites_manifestation.txt": (
        "2025-03-05T14:05:00+00:00", "2025-03-05T18:30:00+00:00",
        ("Publié le 5 mars 2025 à 14 h 05", "Mis à jour le 5 mars 2025 à 18 h 30"),
    ),
    "de_bahn_streik.txt": ("2025-03-06T10:30:00+00:00", "2025-03-06T15:10:00+00:00", ()),
    "nl_fietspad_utrecht.txt": (
        "2025-03-04T11:20:00+00:00", "2025-03-04T16:45:00+00:00",
        ("Gepubliceerd op 4 maart 2025 om 11.20 uur", "Bijgewerkt: 4 mrt. 2025 16:45"),
    ),
    "sv_tag_norrland.txt": ("2025-03-03T10:30:00+00:00", "2025-03-03T13:05:00+00:00", ()),
    "uk_kyiv_metro.txt": (
        "2025-03-03T10:30:00+00:00", "2025-03-03T14:00:00+00:00",
        ("Опубліковано: 3 березня 2025 року, 10:30", "Оновлено: 3 березня 2025 р., 14:00"),
    ),
}


def _paragraphs(path: Path) -> list[str]:
    """The body paragraphs as written: the blocks after the title and the top lines, less
    the furniture and the credits line."""
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    furniture = set(EXPECTED[path.name][5])
    body = [b for b in blocks[1:] if b not in furniture]
    # The byline, the date lines, and the credits line last.
    dated = set(DATES[path.name][2])
    return [
        b for b in body[:-1] if b not in dated and not re.match(r"(?:Por|Par|Von|Door|Av|Автор:) ", b)
    ]


def _article(name: str) -> Article:
    data = (FOLDER / name).read_bytes()
    return parse_document(make_document(SourceFile(name, name, len(data), 0), data), OPTIONS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_article_keeps_every_paragraph_and_states_its_credits(name: str) -> None:
    authors, source, photos, others, disclosures, _ = EXPECTED[name]
    article = _article(name)
    assert [" ".join(b.items) for b in article.body] == _paragraphs(FOLDER / name)
    credits = article.credits
    assert credits.authors == authors
    assert credits.source == source
    assert credits.photos == photos
    assert tuple((c.role, c.name) for c in credits.others) == others
    assert credits.disclosures == disclosures


@pytest.mark.parametrize("name", sorted(DATES))
def test_each_article_is_dated_by_its_own_language(name: str) -> None:
    published, updated, _ = DATES[name]
    article = _article(name)
    assert article.published == datetime.fromisoformat(published)
    assert article.updated == (datetime.fromisoformat(updated) if updated else None)


def test_the_folder_builds_valid_feeds_with_every_credit_shown_and_no_furniture(
    tmp_path: Path,
) -> None:
    config = tmp_path / "feedpub.toml"
    config.write_text(
        f'site_url = "https://news.example.org"\nsource = "{FOLDER}"\n', encoding="utf-8"
    )
    assert main(["build", "--quiet", "--config", str(config)]) == 0
    atom_bytes = (tmp_path / "public" / "atom.xml").read_bytes()
    assert_valid_atom(atom_bytes)
    entries = {e.title: e for e in read_feed(tmp_path / "public" / "atom.xml").entries}
    rss = etree.parse(str(tmp_path / "public" / "rss.xml"))
    namespaces = {
        "media": "http://search.yahoo.com/mrss/", "dc": "http://purl.org/dc/elements/1.1/",
    }
    for name, (authors, source, photos, _, disclosures, furniture) in EXPECTED.items():
        title = (FOLDER / name).read_text(encoding="utf-8").split("\n", 1)[0]
        entry = entries[title]
        text = html.unescape(re.sub(r"<[^>]+>", "\n", entry.content[0].value))
        lines = {line.strip() for line in text.split("\n")}
        for paragraph in _paragraphs(FOLDER / name):
            assert paragraph in lines, (name, paragraph)
        for shown in (source, *photos, *disclosures, *authors):
            assert shown in text, (name, shown)
        assert not lines & set(furniture), name
        assert [a.name for a in entry.authors] == list(authors)
        published, updated, _ = DATES[name]
        assert entry.published == published
        assert entry.updated == (updated or published)
        item = rss.xpath("//item[title=$t]", t=title)[0]
        assert item.xpath("media:credit/text()", namespaces=namespaces) == list(photos)
        assert item.xpath("dc:creator/text()", namespaces=namespaces) == [" and ".join(authors)]


@pytest.mark.parametrize(
    ("line", "sources", "photos", "authors"),
    [
        ("Fuente: EFE | Foto: Reuters | Texto: Ana García y Luis Pérez", ("EFE",), ("Reuters",),
         ("Ana García", "Luis Pérez")),
        ("Source : AFP | Photo : Ludovic Marin / AFP", ("AFP",), ("Ludovic Marin / AFP",), ()),
        ("Source\u00a0: Le Monde | Crédit photo : Jean Dupont", ("Le Monde",),
         ("Jean Dupont",), ()),
        ("Quelle: dpa | Bild: Kay Nietfeld/dpa | Autorin: Eva Roth", ("dpa",),
         ("Kay Nietfeld/dpa",), ("Eva Roth",)),
        ("Bron: ANP | Foto's: Robin van Lonkhuijsen", ("ANP",), ("Robin van Lonkhuijsen",), ()),
        ("Källa: TT | Bild: Jonas Ekströmer", ("TT",), ("Jonas Ekströmer",), ()),
        ("Kilde: NTB | Foto: Heiko Junge", ("NTB",), ("Heiko Junge",), ()),
        ("Kilde: Ritzau | Billede: Ida Marie Odgaard", ("Ritzau",), ("Ida Marie Odgaard",), ()),
        ("Джерело: Укрінформ | Фото: Олександр Клименко | Автор: Олена Коваленко",
         ("Укрінформ",), ("Олександр Клименко",), ("Олена Коваленко",)),
        ("Фото: Укрінформ", (), ("Укрінформ",), ()),
        ("Quelle: Reuters", ("Reuters",), (), ()),
    ],
)
def test_credits_lines_in_every_language(
    line: str, sources: tuple[str, ...], photos: tuple[str, ...], authors: tuple[str, ...],
) -> None:
    parsed = parse_credits_line(line)
    assert parsed is not None
    assert (parsed.sources, parsed.photos, parsed.authors) == (sources, photos, authors)


@pytest.mark.parametrize(
    "line",
    ["Contexto: la sequía dura tres años", "Hinweis: Der Artikel wurde aktualisiert",
     "Примітка: дані уточнюються", "Texto: una frase larga sin más"],
)
def test_other_key_lines_alone_are_not_credits(line: str) -> None:
    assert parse_credits_line(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Por María López y Juan Pérez", ("María López", "Juan Pérez")),
        ("Por la mañana llovió en Madrid", None),
        ("Door Jan de Vries en Piet Jansen", ("Jan de Vries", "Piet Jansen")),
        ("Av Anna Svensson och Erik Lund", ("Anna Svensson", "Erik Lund")),
        ("Af Mette Hansen og Lars Nielsen", ("Mette Hansen", "Lars Nielsen")),
        ("Автор: Олена Коваленко", ("Олена Коваленко",)),
        ("Автор: Олена Коваленко та Іван Петренко", ("Олена Коваленко", "Іван Петренко")),
    ],
)
def test_bylines_in_every_language(line: str, names: tuple[str, ...] | None) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    ["Volver arriba", "Retour en haut", "Nach oben", "Terug naar boven", "Til toppen",
     "Tillbaka till toppen", "Догори", "НАГОРУ ↑", "Compartir", "Partager :", "Teilen",
     "Imprimer cet article", "Weiterlesen »", "Читати далі", "Lees meer", "Läs mer"],
)
def test_furniture_in_every_language_is_dropped(line: str) -> None:
    assert remove_furniture(["A paragraph.", line, "Another."], FURNITURE) == [
        "A paragraph.", "", "Another.",
    ]


def test_furniture_words_inside_a_sentence_stay() -> None:
    lines = ["Nach oben ging es für die Aktie am Montag.", "Compartir es vivir."]
    assert remove_furniture(lines, FURNITURE) == lines


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Publicado: 3 de marzo de 2025, 10:30", "published"),
        ("Publicado el 3 de marzo de 2025, 10:30", "published"),
        ("Actualizado: 3 de marzo de 2025, 10:30", "updated"),
        ("Publié : 3 mars 2025 à 10 h 30", "published"),
        ("Publié le 3 mars 2025 à 10h30", "published"),
        ("Mis à jour le 3 mars 2025 à 10 h 30", "updated"),
        ("Veröffentlicht: 3. März 2025, 10:30 Uhr", "published"),
        ("Veröffentlicht am 3. März 2025, 10:30 Uhr", "published"),
        ("Aktualisiert am 3. März 2025, 10:30 Uhr", "updated"),
        ("Gepubliceerd: 3 maart 2025 10:30", "published"),
        ("Bijgewerkt op 3 maart 2025 10.30 uur", "updated"),
        ("Publicerad: 3 mars 2025 kl. 10.30", "published"),
        ("Publisert: 3. mars 2025 kl. 10.30", "published"),
        ("Udgivet: 3. marts 2025 kl. 10.30", "published"),
        ("Opdateret: 3. marts 2025 kl. 10.30", "updated"),
        ("Опубліковано: 3 березня 2025 року, 10:30", "published"),
        ("Оновлено: 3 березня 2025 р., 10:30", "updated"),
    ],
)
def test_a_labelled_date_line_and_credits_segment_in_each_language(line: str, kind: str) -> None:
    instant = datetime(2025, 3, 3, 10, 30, tzinfo=UTC)
    texts = [f"A title\n\n{line}\n\nThe body.\n"]
    if ":" in line.partition(" 2025")[0]:
        # A credits segment is "Key: value", as "Published: …" is (SPEC.md §1).
        texts.append(f"A title\n\nThe body.\n\nSource: X | {line}\n")
    for text in texts:
        data = text.encode()
        document = make_document(SourceFile("a.txt", "a.txt", len(data), 0), data)
        article = parse_document(document, OPTIONS)
        assert [" ".join(b.items) for b in article.body] == ["The body."], text
        assert (article.published, article.updated) == (
            (instant, None) if kind == "published" else (instant, instant)
        ), text
