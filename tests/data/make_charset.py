"""Write the legacy-encoded articles in tests/data/charset/ (see make_documents.py for why
such bytes are made here rather than typed).

Each article is written with Python's own codec for its encoding; ``ARTICLES`` is also what
tests/ingest/test_charset.py expects to read back. Run ``python tests/data/make_charset.py``;
a file is only rewritten when its bytes differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHARSET = Path(__file__).parent / "charset"


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# file name -> (codec, text). The codec is the name feedpub shows at -v.
ARTICLES: dict[str, tuple[str, str]] = {
    "moscow_metro_cp1251.txt": ("cp1251", _lines(
        "В Москве открылись три новые станции метро",
        "",
        "Мэр Москвы в субботу открыл три станции Большой кольцевой линии. По словам "
        "чиновников, новые станции сократят время поездки для жителей южных районов почти на "
        "двадцать минут.",
        "",
        "Строительство участка заняло четыре года и обошлось городу в сорок два миллиарда "
        "рублей. Пассажиры смогут пересесть на радиальные линии без выхода в город.",
        "",
        "Источник: городская служба новостей",
    )),
    "kyiv_bridge_cp1251.txt": ("cp1251", _lines(
        "У Києві відновили рух Подільським мостом",
        "",
        "Київська міська адміністрація повідомила, що в неділю на мосту відкрили рух для "
        "громадського транспорту. Ремонт тривав понад шість місяців.",
        "",
        "Мешканці лівого берега їздитимуть до центру міста швидше, а трамвайна лінія "
        "запрацює вже наступного тижня.",
    )),
    "warsaw_tram_iso-8859-2.txt": ("iso-8859-2", _lines(
        "Nowa linia tramwajowa połączy Wilanów z centrum Warszawy",
        "",
        "Władze miasta poinformowały w środę, że pierwsze tramwaje pojadą nową trasą już "
        "w październiku. Budowa kosztowała prawie miliard złotych.",
        "",
        "Mieszkańcy Wilanowa od lat skarżyli się na korki. Podróż do śródmieścia ma teraz "
        "zająć mniej niż dwadzieścia pięć minut.",
    )),
    "prague_budget_iso-8859-2.txt": ("iso-8859-2", _lines(
        "Praha schválila rozpočet na příští rok",
        "",
        "Zastupitelé hlavního města ve čtvrtek schválili rozpočet, který počítá s vyššími "
        "výdaji na dopravu a školství. Opozice kritizovala, že město si znovu půjčí.",
        "",
        "Primátor řekl, že největší investicí bude rekonstrukce mostů přes Vltavu, které jsou "
        "už desítky let ve špatném stavu.",
    )),
    "brno_trains_cp1250.txt": ("cp1250", _lines(
        "Nové vlaky vyjedou mezi Brnem a Prahou v prosinci",
        "",
        "České dráhy ve středu představily soupravy, které od prosince zkrátí cestu mezi "
        "Brnem a Prahou. Dopravce říká, že změny se týkají i ranních spojů.",
        "",
        "Cestující se podle mluvčího dočkají také lepšího připojení k internetu.",
    )),
    "tokyo_rain_shift_jis.txt": ("shift_jis", _lines(
        "東京で記録的な大雨、交通機関に乱れ",
        "",
        "気象庁によると、東京都心では二十日夜、一時間に百ミリを超える雨が観測された。"
        "鉄道各社は一部の路線で運転を見合わせた。",
        "",
        "都は住民に対し、川の近くや低い土地に近づかないよう呼びかけている。",
    )),
    "lviv_museum_utf-16-le.txt": ("utf-16-le", _lines(
        "У Львові відкрили музей друкарства",
        "",
        "Новий музей розташований у відреставрованій будівлі колишньої друкарні. Відвідувачі "
        "побачать верстати шістнадцятого століття.",
    )),
    "paris_cafe_cp1252.txt": ("cp1252", _lines(
        "À Paris, les cafés réclament « une aide immédiate »",
        "",
        "Les propriétaires de cafés ont manifesté mercredi devant l’hôtel de ville. Selon "
        "eux, la hausse des loyers menace près d’un établissement sur cinq.",
        "",
        "La mairie promet une réponse « d’ici à l’été » et un fonds de 5 M€.",
    )),
}


def main() -> int:
    """Write every article; return 0."""
    CHARSET.mkdir(exist_ok=True)
    for name, (codec, text) in ARTICLES.items():
        path = CHARSET / name
        data = text.encode(codec)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
