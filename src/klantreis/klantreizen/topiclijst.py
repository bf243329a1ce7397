"""The interview guide (topiclijst) as a Word document, generated from the schaduwreis.

Per step it prints what the step is, the questions from instruments/topiclijst.yaml with the
step filled in, extra questions at sleutelmomenten and a line to mark the curve score. The
consent questions, the curve scale and the values card come first, so the interviewer can
show them to the resident.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..files import save_docx
from ..report.docx import ReportDoc

GUIDE_NAME = "topiclijst.docx"


def build_topiclijst(study, output: Path | None = None, template: Path | None = None) -> Path:
    guide = study.instruments.topiclijst
    reis = study.schaduwreis
    curve = study.settings.curve
    cards = study.instruments.waardenkaart
    doc = ReportDoc(template)
    doc.doc.add_paragraph(guide.titel, style="Title")
    doc.paragraph(f"Studie: {study.settings.titel}", bold=True)
    doc.paragraph(f"Schaduwreis: {reis.naam}")
    doc.paragraph("Respondent (pseudoniem): ________    Gemeente: ______________    Datum: __________")
    doc.toc_here()

    doc.heading("Voor het gesprek", 1)
    doc.paragraph(guide.inleiding)
    doc.heading("Toestemming", 2)
    doc.paragraph(guide.toestemming.uitleg)
    doc.table(pd.DataFrame([{"Vraag": q.vraag, "Antwoord": "☐ ja   ☐ nee"} for q in guide.toestemming.vragen]),
              "Toestemmingsvragen (vink aan; zonder toestemming voor citaten geen letterlijke uitspraken)",
              widths_cm=[12, 4])
    doc.heading("Opening", 2)
    doc.numbered(guide.opening)

    doc.heading("De belevingscurve", 1)
    doc.paragraph(guide.curve_instructie)
    scale = pd.DataFrame([{"Score": f"{p:+d}" if p else "0", "Betekenis": curve.label(p)}
                          for p in range(curve.max, curve.min - 1, -1)])
    doc.table(scale, "Schaal van de belevingscurve (laat deze aan de inwoner zien)", widths_cm=[3, 10])

    doc.heading("Waardenkaart", 1)
    doc.paragraph(cards.instructie)
    doc.table(pd.DataFrame([{"Waarde": w.label, "Wat betekent dit": w.omschrijving, "Gekozen": "☐"}
                            for w in cards.waarden]),
              f"Waardenkaart (hoogstens {cards.max_keuzes} keuzes)", widths_cm=[4, 10, 2])

    doc.heading("De reis, stap voor stap", 1)
    scale_line = "   ".join(f"☐ {p:+d}" if p else "☐ 0" for p in range(curve.min, curve.max + 1))
    for fase in reis.fasen:
        doc.heading(f"Fase: {fase.naam}", 2)
        for stap in fase.stappen:
            doc.heading(("★ " if stap.sleutelmoment else "") + stap.naam, 3)
            doc.paragraph(f"Wie: {stap.actor}. Kanalen: {', '.join(stap.kanalen) or '–'}. "
                          f"Wetten: {', '.join(stap.wetten) or '–'}."
                          + (" Dit is een sleutelmoment." if stap.sleutelmoment else ""))
            doc.paragraph(stap.beschrijving, style="Quote")
            questions = list(guide.per_stap) + (list(guide.sleutelmoment) if stap.sleutelmoment else [])
            doc.numbered([q.format(stap=stap.naam.lower(), actor=stap.actor) for q in questions])
            doc.paragraph("Is deze stap gebeurd?   ☐ ja   ☐ nee   ☐ anders, namelijk: ______________")
            doc.paragraph(f"Score op de belevingscurve:   {scale_line}   ☐ geen score")
    doc.heading("Afwijkingen van de reis", 2)
    doc.numbered(guide.afwijkingen)
    doc.heading("Afsluiting", 1)
    doc.numbered(guide.afsluiting)
    doc.paragraph("Aantal betrokken professionals: ____    Hoe vaak moest u uw verhaal opnieuw vertellen: ____")
    document = doc.finish(title=f"{guide.titel}: {reis.naam}", author=", ".join(study.settings.onderzoekers),
                          subject="Topiclijst individuele klantreis", keywords="topiclijst; klantreis")
    return save_docx(document, study.output_file(GUIDE_NAME, output))
