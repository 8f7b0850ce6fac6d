"""Legacy text that is not UTF-8: cp1252 when it is clearly right, else charset-normalizer.

SPEC.md §1, Encoding: a legacy file is most often Windows-1252, and feedpub has always read
it so (the mojibake repair of ``text.clean_text`` included). Cyrillic (cp1251, KOI8-R),
Central European (ISO-8859-2, cp1250), Greek and East Asian files (Shift-JIS, EUC-JP,
GB18030, Big5, EUC-KR) also decode as *something* in cp1252, so "it decoded" says nothing:
the cp1252 reading is kept only when it is clearly right (``decode_legacy`` says when).
Otherwise a detector proposes readings, and one of them replaces cp1252 only when it is
clearly better by the same measure (``_strangeness``): detectors are unreliable on short
Western text (one took a German paragraph for Big5), so they never overrule a cp1252 reading
that looks like text.
"""

from __future__ import annotations

import re

from feedpub.text import clean_text

# The legacy encodings real documents come in (charset-normalizer's codec names). Western
# ones (latin-1, ISO-8859-15) are missing on purpose: the cp1252 reading stands for them.
# DOS and Mac code pages are left out too: they read almost any bytes as plausible letters
# ("Café" as "Cafķ" in cp775), and no publisher's archive is written in them.
_CANDIDATES = [
    "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253", "iso8859_7",
    "cp1254", "iso8859_9", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp1257",
    "iso8859_13", "cp1258", "iso8859_16", "cp874", "tis_620", "cp932", "shift_jis", "euc_jp",
    "gb18030", "gbk", "gb2312", "big5", "cp950", "euc_kr", "cp949", "utf_16_le", "utf_16_be",
]
# Encodings that share their letters but not their byte values: a detector often names one
# for the other (ISO-8859-2 Polish as cp1250, with "±" for "ą"), so both are tried.
_SIBLINGS = {
    "cp1250": "iso8859_2", "iso8859_2": "cp1250", "cp1253": "iso8859_7",
    "iso8859_7": "cp1253", "cp1257": "iso8859_13", "iso8859_13": "cp1257",
    "cp1251": "koi8_r", "koi8_r": "cp1251",
}
# A symbol inside a word: in cp1252 these bytes are letters of other encodings ("mo¿e" is
# ISO-8859-2 "może", "odby³o" "odbyło", "ÌîñÊâà"…). The degree sign and the middle dot
# (Catalan "l·l") stand between letters in real Western text, and "ª", "º" and "µ" are
# letters, so they do not count.
_ODD_IN_WORD = re.compile(
    "(?<=[^\\W\\d_])"
    "[\u00a1-\u00a9\u00ab-\u00af\u00b1-\u00b4\u00b6\u00b8\u00b9\u00bb-\u00bf"
    "\u201a\u201e\u2020\u2021\u2026\u2030\u2039\u203a\u2022\u02dc\u2122](?=[^\\W\\d_])"
)
# The same symbols opening a word in lower case ("¶rodę" is ISO-8859-2 "środę" read as
# cp1250), but not the marks that really open words ("¿qué", "«hola»", "„Wort").
_ODD_AT_START = re.compile(
    "(?<![^\\W\\d_])"
    "[\u00a2-\u00a9\u00ac-\u00af\u00b1-\u00b4\u00b6\u00b8\u00b9\u00bc-\u00be\u2020\u2021\u2030"
    "\u2022\u02dc\u2122](?=[a-z\u00df-\u00ff\u0100-\u017f])"
)
# Czech and Slovak in cp1250 read as cp1252 give only letters, but letters no Western
# language puts so: "ì" or "ù" before another letter (Italian and French write them last;
# "zmìny" is "změny"), and "ø" in one word with an acute or grave vowel ("pøíští" is
# "příští"). Each scan stops at the next "ø" or vowel, so a long word is read once.
_NOT_WESTERN = re.compile(
    "[\u00ec\u00f9\u00cc\u00d9](?=[^\\W\\d_])"
    "|[\u00f8\u00d8][^\\W\\d_\u00f8\u00d8\u00e1\u00e9\u00ed\u00fa\u00fd\u00e8\u00ec\u00f9]*+"
    "[\u00e1\u00e9\u00ed\u00fa\u00fd\u00e8\u00ec\u00f9]"
)
# A Latin letter glued to a Cyrillic, Greek, Hebrew or Arabic one: no word is written so,
# but a wrong code page gives "Cafщ" or "Café پtax".
_LATIN = "A-Za-z\u00c0-\u024f"
_OTHER = "\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff"
_MIXED_SCRIPT = re.compile(f"[{_LATIN}][{_OTHER}]|[{_OTHER}][{_LATIN}]")
_C1 = re.compile("[\u0080-\u009f]")
_C1_BYTE = re.compile(b"[\x80-\x9f]")
_LATIN1_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
_LETTER = re.compile(r"[^\W\d_]")
# cp1252 letters À-ÿ are a few in a hundred letters of French, German or Spanish text
# (Portuguese and Icelandic stay under a fifth); Cyrillic or Greek read as cp1252 is all of
# them ("Ìîñêâà" for "Москва").
_MAX_LATIN1_SHARE = 0.3
# Below this many letters from À-ÿ, their share says nothing ("Été" is all of them).
_MIN_LATIN1_LETTERS = 8
# A reading replaces cp1252 only with this many fewer oddities: one "x±y" in Western text
# must not turn its "naïve" into cp1250's "naďve".
_MIN_GAIN = 2
# How much of a file is read to judge its encoding, and the most bytes a character takes in
# any candidate (GB18030).
_SAMPLE = 1 << 16
_LONGEST_CHARACTER = 4


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Return the clean text of ``data`` (not UTF-8) and the name of the encoding read.

    The rule for cp1252 being "clearly right": the bytes decode in cp1252, and the text
    (after the mojibake repair) has no symbol inside a word, no Latin letter glued to
    another script's, and letters from À-ÿ are under ``_MAX_LATIN1_SHARE`` of its letters.
    Then charset-normalizer is not imported at all. Otherwise its readings (and their
    siblings) compete with the cp1252 one (latin-1 if cp1252 leaves a byte undefined) by
    ``_strangeness``, and one replaces cp1252 only with ``_MIN_GAIN`` fewer oddities. Both
    are judged on the first ``_SAMPLE`` bytes: a file is in one encoding throughout.
    """
    try:
        raw, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; latin-1 maps them to C1 controls, which
        # clean_text drops, and which count against this reading.
        raw, encoding = data.decode("latin-1"), "latin-1"
    text = clean_text(raw)
    # One byte a character: the sample's reading is the start of the text's.
    legacy = _strangeness(raw[:_SAMPLE])
    if encoding == "cp1252" and legacy == 0:
        return text, encoding
    found = [
        (score, index, name)
        for index, name in enumerate(_readings(data))
        if (score := _strangeness(_decode_start(data, name))) <= legacy - _MIN_GAIN
    ]
    for _, _, name in sorted(found):
        try:
            other = clean_text(data.decode(name))
        except UnicodeDecodeError:
            continue
        return other, _display_name(name, data, other)
    return text, encoding


def _decode_start(data: bytes, name: str) -> str:
    """Return the first ``_SAMPLE`` bytes of ``data`` decoded with ``name`` (a character cut
    at the end is left out), or one C1 control per byte if they are not in that encoding."""
    sample = data[:_SAMPLE]
    try:
        return sample.decode(name)
    except UnicodeDecodeError as exc:
        if len(sample) < len(data) and exc.start >= len(sample) - _LONGEST_CHARACTER:
            try:
                return sample[:exc.start].decode(name)
            except UnicodeDecodeError:
                pass
    return "\x80" * len(sample)


def _readings(data: bytes) -> list[str]:
    """Return the encodings charset-normalizer proposes for ``data``, best first, each
    followed by its sibling."""
    # Imported here, not at the top: UTF-8 and cp1252 documents never pay for it.
    from charset_normalizer import from_bytes

    # An ISO-8859 file never uses the bytes 0x80-0x9F (C1 controls); a Windows one nearly
    # always does (its curly quotes, and "š", "ž", "ś", "ź" in cp1250). Without them, of two
    # readings as plausible, the ISO-8859 one is tried first and so wins a tie.
    iso_first = _C1_BYTE.search(data) is None
    names: list[str] = []
    for match in from_bytes(data, cp_isolation=_CANDIDATES):
        pair = [match.encoding, _SIBLINGS.get(match.encoding)]
        if iso_first and (pair[1] or "").startswith("iso8859"):
            pair.reverse()
        for name in pair:
            if name is not None and name not in names:
                names.append(name)
    return names


def _strangeness(raw: str) -> int:
    """Count what real text does not hold: C1 controls in the ``raw`` decoding (latin-1 or
    ISO-8859 where a Windows code page has letters and quotes), symbols in or opening words,
    Latin letters glued to another script's, and a text whose letters are mostly from À-ÿ;
    the last four in the text made clean (its mojibake repaired)."""
    text = clean_text(raw)
    score = (
        len(_ODD_IN_WORD.findall(text)) + len(_ODD_AT_START.findall(text))
        + len(_MIXED_SCRIPT.findall(text)) + len(_NOT_WESTERN.findall(text))
    )
    score += len(_C1.findall(raw))
    latin1 = len(_LATIN1_LETTER.findall(text))
    if latin1 >= _MIN_LATIN1_LETTERS and latin1 > _MAX_LATIN1_SHARE * len(_LETTER.findall(text)):
        score += 1 + latin1 // _MIN_LATIN1_LETTERS
    return score


def _display_name(name: str, data: bytes, text: str) -> str:
    """Name an encoding as people write it ("iso-8859-2", "shift_jis"); cp932 is Windows'
    Shift-JIS, named so when plain Shift-JIS reads the same text."""
    if name == "cp932":
        try:
            if clean_text(data.decode("shift_jis")) == text:
                return "shift_jis"
        except UnicodeDecodeError:
            pass
    if name.startswith("iso8859_"):
        return "iso-8859-" + name.removeprefix("iso8859_")
    return name.replace("_", "-") if name.startswith(("utf_", "koi8_", "tis_")) else name
