"""Abbreviations: the glossary in instruments/afkortingen.yaml (a study may have its own copy
in instrumenten/afkortingen.yaml), finding every abbreviation in a text, and the section
"Begrippen en afkortingen" that explains exactly the ones a document uses.

An abbreviation is a word the glossary knows (Wmo, Jw, DigiD, in any of its spellings) or any
word with two or more capitals (AVG, POH-GGZ, KCC): the second kind, when the glossary does not
know it, is reported by `klantreis controleer` (for the researchers' texts) and by the build.
Codes such as R01 or K3 have one capital and are not abbreviations.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import Problemen
from ..instruments import instrument_path

TOKEN = re.compile(r"(?<![\w-])[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*")
ROMAN = re.compile(r"^[IVXLC]+$")
FILE = "afkortingen"


class Afkorting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    voluit: str = Field(min_length=1, max_length=200)
    uitleg: str = Field(min_length=1, max_length=600)
    varianten: list[str] = Field(default_factory=list)


class Afkortingen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    afkortingen: dict[str, Afkorting]

    @functools.cached_property
    def spellings(self) -> dict[str, str]:
        """Every spelling (the key and its variants) → the key."""
        found = {key: key for key in self.afkortingen}
        found.update({v: key for key, a in self.afkortingen.items() for v in a.varianten})
        return found


def load_afkortingen(study_dir: Path | None = None) -> Afkortingen:
    """The glossary (the study's own copy when it has one); the kit's error when it is broken."""
    from ..files import load_yaml
    from ..validation import validate

    path = instrument_path(FILE, study_dir)
    problemen = Problemen(str(path))
    data = load_yaml(path, problemen)
    glossary = validate(Afkortingen, data, problemen) if data is not None else None
    problemen.raise_if_any("De lijst met afkortingen bevat fouten")
    return glossary


def looks_like_abbreviation(word: str) -> bool:
    """Two or more capitals in a short word or mostly capitals, not a Roman numeral: AVG, DigiD,
    POH-GGZ, BSNs. Capitals followed by digits are codes (R01, K3, BF2, BFL1); a long word with
    an inner capital is a name (LibreOffice, LimeSurvey), not an abbreviation."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return (capitals >= 2 and (len(letters) <= 5 or capitals >= len(letters) / 2)
            and not ROMAN.match("".join(letters)) and not re.fullmatch(r"[A-Z]+\d+", word.replace("-", "")))


def find(text: str, glossary: Afkortingen) -> tuple[list[str], list[str]]:
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


def document_text(doc) -> str:
    """Every paragraph (also in tables) and every figure's alt text of a Word document."""
    return body_text(doc.element.body)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def body_text(element) -> str:
    """Every paragraph and every figure's alt text under one XML element (a document's body)."""
    lines = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p")]
    lines += [el.get("descr") or "" for el in element.iter(f"{WP}docPr")]
    return "\n".join(lines)


def unknown_in_texts(study) -> list[tuple[str, str]]:
    """(file, abbreviation) for every abbreviation in the researchers' texts that the glossary
    does not explain, for `klantreis controleer`."""
    from ..teksten import slots

    glossary = load_afkortingen(study.path)
    found = []
    for slot in slots(study.settings):
        text = study.teksten.get(slot.pad)
        if text:
            found += [(slot.bestand, word) for word in find(re.sub(r"<!--.*?-->", "", text, flags=re.S), glossary)[1]]
    return found


def add_glossary(report, build, prepared=None, appendix: bool = False) -> None:
    """The section "Begrippen en afkortingen": every abbreviation the document uses so far,
    explained. Unknown ones are named in a warning on standard error (the build goes on)."""
    study = build.study
    glossary = load_afkortingen(study.path)
    used, unknown = find(document_text(report.doc), glossary)
    report.glossary = (used, unknown)  # what a rebuild of only the researchers' texts compares
    title = "Begrippen en afkortingen"
    report.glossary_start = (report.appendix(title) if appendix else report.heading(title, 1))._p
    if used:
        for key in used:
            entry = glossary.afkortingen[key]
            term = report.paragraph(key, bold=True)
            term.paragraph_format.keep_with_next = True
            term.paragraph_format.space_after = 0
            report.paragraph(f"{entry.voluit}. {entry.uitleg}")
    else:
        report.paragraph("In deze tekst staan geen afkortingen.")
    if unknown:  # a warning: the document is still written
        unknown_warning(build.composition.file_name, unknown)


def unknown_warning(file_name: str, unknown: list[str]) -> None:
    print(f"Let op: {file_name}: afkortingen zonder uitleg in instruments/afkortingen.yaml "
          f"(zet ze in instrumenten/afkortingen.yaml van de studie): {', '.join(unknown)}.", file=sys.stderr)


def add_appendix(report, build, prepared=None) -> None:
    """The glossary as the last appendix of the full report."""
    add_glossary(report, build, prepared, appendix=True)
