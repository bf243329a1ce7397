"""The checklist of the zeven kenmerken as a Word document to fill in on paper, one part per
municipality: per kenmerk a table with the indicators, tick boxes for the four answers and room
for evidence and source. What is filled in on paper is typed into the Excel form
(`klantreis kenmerkenformulier`), which the kit reads back and checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..teksten import named_gemeenten
from .model import ANTWOORDEN, BRONNEN

FILE_NAME = "kenmerken_checklist.docx"
BOX = "☐"


def write_checklist(study, output: Path | None = None) -> Path:
    from ..files import save_docx
    from ..report.docx import ReportDoc

    checklist = study.kenmerken_checklist
    doc = ReportDoc(redactor=study.redactor)
    for nr, gemeente in enumerate(named_gemeenten(study.settings)):
        if nr:
            doc.page_break()
        doc.heading(f"Checklist zeven kenmerken: {gemeente}", 1)
        doc.paragraph("Kruis per indicator één antwoord aan. Schrijf bij voldoet, deels en voldoet niet kort het "
                      "bewijs op en waar het vandaan komt: " + ", ".join(BRONNEN.values()) + ". Schrijf geen namen. "
                      "Neem de antwoorden daarna over in het Excel-formulier van 'klantreis kenmerkenformulier'.")
        for k in checklist.kenmerken:
            doc.heading(f"{k.code}. {k.label}", 2)
            doc.paragraph(f"Eerdere benaming: {k.alias}.")
            doc.table(pd.DataFrame([{"Indicator": f"{i.code} {i.tekst}",
                                     "Antwoord": "\n".join(f"{BOX} {a}" for a in ANTWOORDEN),
                                     "Bewijs en bron": "\n\n\n"} for i in k.indicatoren]),
                      f"{gemeente}, {k.code} {k.label}", widths_cm=[6.5, 3.2, 6.3])
    document = doc.finish(title=f"Checklist zeven kenmerken: {study.settings.titel}",
                          author=", ".join(study.settings.onderzoekers), subject="Checklist zeven kenmerken")
    return save_docx(document, study.output_file(FILE_NAME, output))
