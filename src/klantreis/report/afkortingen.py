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
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import Problemen
from ..instruments import instrument_path
from .afkortingen_vinden import body_text, find, unknown_warning

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


def document_text(doc) -> str:
    """Every paragraph (also in tables) and every figure's alt text of a Word document."""
    return body_text(doc.element.body)


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
    report.glossary = (glossary, used, unknown)  # what a rebuild of only the researchers' texts compares
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


def add_appendix(report, build, prepared=None) -> None:
    """The glossary as the last appendix of the full report."""
    add_glossary(report, build, prepared, appendix=True)
