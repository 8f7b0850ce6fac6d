"""Write the documents in tests/data/documents/ whose exact bytes matter.

Encodings, byte order marks, line ends, control characters and binary content cannot be typed
into an editor reliably, so they are made here from Python literals and committed with the
rest of the corpus. Their ``.expected.toml`` sidecars are written by hand, like all others.

Run ``python tests/data/make_documents.py``. The output is the same bytes on every run, and a
file is only rewritten when its bytes differ, so running it again changes nothing.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

DOCUMENTS = Path(__file__).parent / "documents"


def _lines(*lines: str) -> str:
    """Join lines with LF and end the text with one."""
    return "\n".join(lines) + "\n"


CRLF_TEXT = _lines(
    "Paris to ban cars from 500 more streets after residents' vote",
    "",
    "Paris will close about 500 more streets to cars after residents voted in favour in a",
    "local referendum on Sunday, city hall said.",
    "",
    "Each of the city's 20 districts will choose the streets, which will be planted with trees",
    "and opened to pedestrians and cyclists.",
    "",
    "Turnout was low, at about 4% of registered voters.",
    "",
    "Source: Agence France-Presse",
)

CR_TEXT = _lines(
    "Old Mac files: museum digitises 1990s newsroom archive",
    "",
    "A media museum in Ghent has digitised 40,000 articles written on classic Macintosh",
    "computers at a Flemish newspaper between 1988 and 2001.",
    "",
    "The files used carriage returns alone to end their lines, a habit of the Mac operating",
    "system of the time, which made them unreadable in many modern programs.",
    "",
    "Source: Belga",
)

BOM_TEXT = _lines(
    "Finland opens first deep geological repository for nuclear waste",
    "",
    "Finland began trial runs at Onkalo, the world's first deep geological repository for",
    "spent nuclear fuel, where canisters will be buried 430 metres underground.",
    "",
    "The operator said full operation could start next year after final approval.",
)

UTF16_TEXT = _lines(
    "Zürich’s “Sechseläuten” bonfire burns out in record 26 minutes 🔥",
    "",
    "The head of the Böögg, the snowman effigy burned at Zürich’s spring festival, exploded after",
    "26 minutes on Monday — a sign, tradition says, of a warm summer ahead.",
    "",
    "Tickets for the grandstand cost 95 francs (about €100).",
)

UTF16_BE_TEXT = _lines(
    "Ελλάδα: Νέο ρεκόρ αφίξεων τουριστών το 2024",
    "",
    "Περισσότεροι από 40 εκατομμύρια τουρίστες επισκέφθηκαν την Ελλάδα το 2024, σύμφωνα με",
    "στοιχεία της Τράπεζας της Ελλάδος.",
    "",
    "Τα έσοδα από τον τουρισμό ξεπέρασαν τα 21 δισεκατομμύρια ευρώ.",
)

# "\ud83d" is the high half of an emoji whose low half was lost: a lone surrogate.
LONE_SURROGATE_TEXT = _lines(
    "Crowd cheers as Lyon's funicular reopens after two-year closure",
    "",
    "Hundreds of residents cheered loudly\ud83d as the first car climbed the hill to Fourvière",
    "on Saturday morning.",
    "",
    "The line was rebuilt with new cars and a new control system.",
)

CP1252_TEXT = _lines(
    "Café owners in Lyon protest €2 rise in ‘terrace tax’",
    "",
    "Café and restaurant owners in Lyon protested on Monday against a rise of €2 per square metre",
    "in the fee they pay to put tables on the pavement – the second increase in two years.",
    "",
    "“We cannot absorb another rise,” said Hélène Duprat, who runs a brasserie near the Opéra…",
    "",
    "The city said the money would pay for wider pavements and more trees.",
)

LATIN1_TEXT = _lines(
    "Münchner Bäckereien erhöhen den Preis für die Breze",
    "",
    "Viele Münchner Bäckereien verlangen ab Montag zehn Cent mehr für eine Breze.",
    "Als Gründe nennen sie höhere Löhne und Energiekosten.",
    "",
    "Ein Sprecher der Innung sagte: «Die Breze bleibt trotzdem das günstigste Frühstück.»",
    "",
    "Bei Temperaturen um 0 °C standen die Kunden am Morgen dennoch Schlange.",
)

# C0 controls (no NUL: that is stray_nul.txt), U+FFFE and U+FFFF, each next to a space or a
# line end, so that removing them leaves ordinary words and spaces.
CONTROL_TEXT = _lines(
    "Odesa\x1b power restored after overnight drone attack",
    "",
    "Power was restored\x0b to most of Odesa by Sunday morning, the regional energy company said,",
    "after a drone attack overnight damaged a substation in the south of the city.\ufffe",
    "",
    "\x0c",
    "",
    "About 12,000 households were still waiting\x01 for electricity at noon, and mobile heating",
    "points\uffff were opened in three schools.",
    "",
    "Repair crews worked through the night in sub-zero temperatures\x08"
    " to replace a transformer.\x07",
)

STRAY_NUL_TEXT = _lines(
    "Vienna opens its first heat shelter in a former tram depot",
    "",
    "Vienna opened a heat shelter\x00 in a former tram depot on Monday,"
    " offering cool rooms, water",
    "and medical checks during the heatwave.",
    "",
    "The shelter will stay open every day until the end of August.",
)


def _binary() -> bytes:
    """A PNG signature and header followed by fixed pseudo-random bytes (NULs included)."""
    signature = b"\x89PNG\r\n\x1a\n"
    header = signature + b"\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06\x00\x00\x00"
    noise = b"".join(hashlib.sha256(b"feedpub binary %d" % i).digest() for i in range(32))
    return header + noise


def documents() -> dict[str, bytes]:
    """Return each generated document's file name and bytes."""
    return {
        "crlf.txt": CRLF_TEXT.replace("\n", "\r\n").encode("utf-8"),
        "cr_only.txt": CR_TEXT.replace("\n", "\r").encode("utf-8"),
        "utf8_bom.txt": b"\xef\xbb\xbf" + BOM_TEXT.encode("utf-8"),
        "utf16_bom.txt": b"\xff\xfe" + UTF16_TEXT.encode("utf-16-le"),
        "utf16_be_bom.txt": b"\xfe\xff" + UTF16_BE_TEXT.encode("utf-16-be"),
        "utf16_lone_surrogate.txt": b"\xff\xfe"
        + LONE_SURROGATE_TEXT.encode("utf-16-le", "surrogatepass"),
        "cp1252.txt": CP1252_TEXT.encode("cp1252"),
        "latin1.txt": LATIN1_TEXT.encode("latin-1"),
        "control_chars.txt": CONTROL_TEXT.encode("utf-8"),
        "stray_nul.txt": STRAY_NUL_TEXT.encode("utf-8"),
        "binary.txt": _binary(),
        "empty.txt": b"",
        "whitespace_only.txt": b"  \n\t\n\r\n   \t  \n\n",
        "empty_bom.txt": b"\xef\xbb\xbf\n",
    }


def _check(name: str, data: bytes) -> None:
    """Assert the property each document exists for, so an edit cannot lose it silently."""
    if name in ("cp1252.txt", "latin1.txt"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{name} must not be valid UTF-8")
    if name == "latin1.txt":
        assert not any(0x80 <= b < 0xA0 for b in data), "latin1.txt must avoid cp1252's 0x80-0x9F"
    if name == "cp1252.txt":
        assert any(0x80 <= b < 0xA0 for b in data), "cp1252.txt must use cp1252's 0x80-0x9F"
    if name == "cr_only.txt":
        assert b"\r" in data and b"\n" not in data
    if name == "crlf.txt":
        assert data.count(b"\r\n") == data.count(b"\n") > 0
    if name == "control_chars.txt":
        assert b"\x00" not in data and b"\x0b" in data and "\ufffe".encode() in data
    if name == "utf16_lone_surrogate.txt":
        try:
            data[2:].decode("utf-16-le")
        except UnicodeDecodeError:
            pass
        else:
            raise AssertionError(f"{name} must hold a lone surrogate")
    if name == "stray_nul.txt":
        assert data.count(b"\x00") == 1


def main() -> int:
    """Write the documents that differ from what is on disk and name them."""
    DOCUMENTS.mkdir(parents=True, exist_ok=True)
    for name, data in documents().items():
        _check(name, data)
        path = DOCUMENTS / name
        if path.exists() and path.read_bytes() == data:
            continue
        path.write_bytes(data)
        print(f"wrote {path.relative_to(Path(__file__).parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
