"""The arena sheet: one A3 landscape page per household to print and lay on the table.

Each page shows the fictive household (members, life domains with needs, laws, complexity, its
story) and the empty board of the arena: investeerders and incasseerders outside, the approach
and the effects inside, with places for sticky notes. Written as Word and, when LibreOffice is
installed, also as (tagged) PDF.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import KlantreisFout, Probleem
from ..files import save_docx
from ..report.pdf import find_soffice, write_pdf
from ..report.docx import ReportDoc
from . import figures

SHEET_NAME = "arenabladen.docx"
A3 = (42.0, 29.7)  # cm, landscape
SLOTS = 6


def write_arena_sheets(study, output: Path | None = None, codes: list[str] | None = None,
                       pdf: bool = True) -> list[Path]:
    """Write the arena sheets of the study's households (or of `codes`) and return the Word
    file and, when LibreOffice is installed and `pdf`, the PDF beside it."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    households = study.effectenarena_huishoudens
    chosen = codes or list(households)
    unknown = [c for c in chosen if c not in households]
    if unknown:
        raise KlantreisFout([Probleem(bestand="--huishouden", toegestaan=f"een van: {', '.join(households)}",
                                      waarde=c) for c in unknown], "Geen arenabladen geschreven")
    labels = study.instruments.vocabulaire
    doc = ReportDoc(redact_terms=tuple(study.settings.privacy.te_verwijderen))
    section = doc.doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(A3[0]), Cm(A3[1])
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.8))
    empty_cards = pd.DataFrame(columns=["soort", "voor", "kaart", "tekst"])
    empty_links = pd.DataFrame(columns=["van", "naar"])
    for nr, code in enumerate(chosen):
        h = households[code]
        if nr:
            doc.page_break()
        doc.heading(f"Effectenarena — huishouden {code}: {h.naam}", 1)
        doc.labelled("Complexiteit", h.complexiteit)
        doc.labelled("Wie horen erbij", "; ".join(h.leden))
        doc.labelled("Leefgebieden en wat nodig is", "; ".join(
            f"{labels.leefgebieden.get(lg.leefgebied, lg.leefgebied)}: {lg.behoefte.rstrip('.')}" for lg in h.leefgebieden))
        doc.labelled("Wetten", ", ".join(h.wetten) or "–")
        doc.free_text(h.verhaal)
        doc.figure(figures.arena(empty_cards, empty_links, rows=SLOTS, width=15.0), alt_text=(
            f"Leeg arenabord voor huishouden {code} in vier kolommen: investeerders, aanpak, effecten en "
            f"incasseerders, met per kolom {SLOTS} lege vakken voor plakbriefjes. Aanpak en effecten liggen "
            "binnen de arena, investeerders en incasseerders erbuiten."),
            caption="Plak per kolom een briefje per kaart en geef het een code (I1, A1, E1, C1 …). Trek pijlen "
                    "van investeerder naar aanpak, van aanpak naar effect en van effect naar incasseerder. "
                    "Zet bij een effect voor de samenleving een S.")
    s = study.settings
    document = doc.finish(title=f"Arenabladen — {s.titel}", author=", ".join(s.onderzoekers),
                          subject="Effectenarena: arenabladen per huishouden", keywords="effectenarena; arenablad")
    target = save_docx(document, study.output_file(SHEET_NAME, output))
    written = [target]
    if pdf and find_soffice() is not None:
        written.append(write_pdf(target))
    return written
