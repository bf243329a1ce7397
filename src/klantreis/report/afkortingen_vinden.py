"""Finding abbreviations in text (`find`) without loading the glossary's model: the part of
`afkortingen` that a rebuild of only the researchers' texts needs (`report.herbouw`), so it
imports neither pydantic nor python-docx. `find` takes any glossary with `spellings` (every
spelling → its key) and `afkortingen` (the keys, in order)."""

from __future__ import annotations

import re
import sys

TOKEN = re.compile(r"(?<![\w-])[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*")
ROMAN = re.compile(r"^[IVXLC]+$")


def looks_like_abbreviation(word: str) -> bool:
    """Two or more capitals in a short word or mostly capitals, not a Roman numeral: AVG, DigiD,
    POH-GGZ, BSNs. Capitals followed by digits are codes (R01, K3, BF2, BFL1); a long word with
    an inner capital is a name (LibreOffice, LimeSurvey), not an abbreviation."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return (capitals >= 2 and (len(letters) <= 5 or capitals >= len(letters) / 2)
            and not ROMAN.match("".join(letters)) and not re.fullmatch(r"[A-Z]+\d+", word.replace("-", "")))


def find(text: str, glossary) -> tuple[list[str], list[str]]:
    """The glossary entries used in `text` (keys, in glossary order) and the abbreviations the
    glossary does not know (as written, sorted). A hyphenated word is looked up whole
    (POH-GGZ), else each part (Wmo-consulent → Wmo)."""
    known: set[str] = set()
    unknown: set[str] = set()
    spellings = glossary.spellings
    for token in TOKEN.findall(text):
        if token in spellings:
            known.add(spellings[token])
            continue
        parts = token.split("-")
        if len(parts) > 1 and looks_like_abbreviation(token) and all(looks_like_abbreviation(p) for p in parts):
            unknown.add(token)  # POH-XYZ as one unknown abbreviation
            continue
        for part in parts:
            if part in spellings:
                known.add(spellings[part])
            elif looks_like_abbreviation(part):
                unknown.add(part)
    return [k for k in glossary.afkortingen if k in known], sorted(unknown)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def body_text(element) -> str:
    """Every paragraph and every figure's alt text under one XML element (a document's body)."""
    lines = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p")]
    lines += [el.get("descr") or "" for el in element.iter(f"{WP}docPr")]
    return "\n".join(lines)


def unknown_warning(file_name: str, unknown: list[str]) -> None:
    """The build's warning about abbreviations the glossary does not explain (the document is written)."""
    print(f"Let op: {file_name}: afkortingen zonder uitleg in instruments/afkortingen.yaml "
          f"(zet ze in instrumenten/afkortingen.yaml van de studie): {', '.join(unknown)}.", file=sys.stderr)
