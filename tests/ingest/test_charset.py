"""Legacy encodings: cp1252 where it is clearly right, charset-normalizer elsewhere
(feedpub/ingest/_charset.py; issue 11, "Charset detection")."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from feedpub.ingest import decode_text

from conftest import DATA, REPO, Site

sys.path.insert(0, str(DATA))
from make_charset import ARTICLES, CHARSET

# What a reader must see of each article: its title and a sentence of its body.
EXPECTED = {
    "moscow_metro_cp1251.txt": (
        "В Москве открылись три новые станции метро",
        "Строительство участка заняло четыре года",
    ),
    "kyiv_bridge_cp1251.txt": (
        "У Києві відновили рух Подільським мостом",
        "трамвайна лінія запрацює вже наступного тижня",
    ),
    "warsaw_tram_iso-8859-2.txt": (
        "Nowa linia tramwajowa połączy Wilanów z centrum Warszawy",
        "Podróż do śródmieścia ma teraz zająć mniej niż dwadzieścia pięć minut.",
    ),
    "prague_budget_iso-8859-2.txt": (
        "Praha schválila rozpočet na příští rok",
        "už desítky let ve špatném stavu",
    ),
    "brno_trains_cp1250.txt": (
        "Nové vlaky vyjedou mezi Brnem a Prahou v prosinci",
        "Dopravce říká, že změny se týkají i ranních spojů.",
    ),
    "tokyo_rain_shift_jis.txt": (
        "東京で記録的な大雨、交通機関に乱れ",
        "鉄道各社は一部の路線で運転を見合わせた。",
    ),
    "lviv_museum_utf-16-le.txt": (
        "У Львові відкрили музей друкарства",
        "побачать верстати шістнадцятого століття",
    ),
    "paris_cafe_cp1252.txt": (
        "À Paris, les cafés réclament « une aide immédiate »",
        "un fonds de 5 M€",
    ),
}


def test_the_committed_files_are_what_the_generator_writes() -> None:
    for name, (codec, text) in ARTICLES.items():
        assert (CHARSET / name).read_bytes() == text.encode(codec), name
    assert sorted(p.name for p in CHARSET.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_legacy_file_decodes_to_its_text_and_names_its_encoding(name: str) -> None:
    codec, text = ARTICLES[name]
    decoded, encoding = decode_text((CHARSET / name).read_bytes(), name)
    assert (decoded, encoding) == (text, codec)


# Western text whose cp1252 reading holds what a naive rule would call odd: symbols next to
# letters (°C, ½, «», ¿, nº, l·l), ø beside plain vowels, accents everywhere (Icelandic).
WESTERN = [
    ("¿Qué pasará con las pensiones? «No habrá recortes», dijo. Hizo 40°C en Sevilla; el 1º "
     "de julio comienza el plan, según el nº 12 del BOE."),
    ("„Das ist ein großer Schritt“, sagte die Ministerin. Die Maßnahme koste 2,5 Mio. € – "
     "etwa ½ Prozent des Haushalts."),
    ("Regeringen fremlagde søndag et forslag om højere skat. Økonomiministeren sagde, at "
     "idéen får bred støtte."),
    ("Ríkisstjórnin kynnti á föstudag nýtt frumvarp um þjóðgarða. Ráðherra sagði að það yrði "
     "lagt fyrir Alþingi í næstu viku."),
    ("El Govern va aprovar dimarts un pla per a la il·luminació pública i la història dels "
     "barris. Il governo ha detto che così si potrà aiutare più persone."),
    "O Governo aprovou as alterações às pensões; as eleições autárquicas dominaram a sessão.",
]


@pytest.mark.parametrize("text", WESTERN, ids=["es", "de", "da", "is", "ca-it", "pt"])
def test_western_text_stays_cp1252(text: str) -> None:
    assert decode_text(f"Title\n\n{text}\n".encode("cp1252"), "k.txt") == (
        f"Title\n\n{text}\n", "cp1252",
    )


def test_mojibake_in_cp1252_text_is_still_repaired() -> None:
    # UTF-8 "é" read as Latin-1 ("Ã©") beside a cp1252 "€": not UTF-8, read as cp1252, and
    # repaired by text.clean_text as before.
    data = "CafÃ© prices rise\n\nA coffee now costs 3 €.\n".encode("cp1252")
    assert decode_text(data, "k.txt") == ("Café prices rise\n\nA coffee now costs 3 €.\n", "cp1252")


def test_utf8_and_clear_cp1252_never_import_the_detector() -> None:
    code = (
        "import sys\n"
        "from feedpub.ingest import decode_text\n"
        "decode_text('Café “owners”\\n\\nThe tax rises.'.encode(), 'a.txt')\n"
        "assert 'feedpub.ingest._charset' not in sys.modules\n"
        "decode_text('Café “owners”\\n\\nThe tax rises.'.encode('cp1252'), 'b.txt')\n"
        "assert 'charset_normalizer' not in sys.modules\n"
        "decode_text('Москва\\n\\nГород.'.encode('cp1251'), 'c.txt')\n"
        "assert 'charset_normalizer' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_a_build_publishes_each_article_and_names_its_encoding_at_v(site: Site) -> None:
    for name in EXPECTED:
        shutil.copyfile(CHARSET / name, site.seeds / name)
    done = site.run("build", "--verbose")
    # Nothing on stderr: charset-normalizer's own debug messages are not shown at -v.
    assert (done.returncode, done.stderr) == (0, "")
    notes = sorted(line for line in done.stdout.splitlines() if "decoded as" in line)
    assert notes == sorted(
        f"note: {name}: decoded as {codec}"
        for name, (codec, _) in ARTICLES.items()
    )
    entries = {entry.title: entry for entry in site.atom().entries}
    for title, sentence in EXPECTED.values():
        assert sentence in entries[title].content[0].value, title
