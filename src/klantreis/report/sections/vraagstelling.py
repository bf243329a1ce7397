"""Terug naar de vraagstelling: per research question and municipality the researchers' answer
next to the evidence the kit gathered. The kit never writes the answer."""

from __future__ import annotations

import pandas as pd

from ...methods import PERSPECTIEVEN
from ...teksten import answer_slot, named_gemeenten
from .. import bewijs
from ..compose import method_sections


def add(report, build, prepared=None) -> None:
    study = build.study
    vocab = study.instruments.vocabulaire
    report.heading("Terug naar de vraagstelling", 1)
    report.paragraph("Per onderzoeksvraag en per gemeente staat hier eerst het antwoord van de onderzoekers en "
                     "daarna het bewijs dat het onderzoek verzamelde. De kit schrijft zelf geen antwoorden.")
    for nr, vraag in enumerate(study.settings.onderzoek.onderzoeksvragen, 1):
        report.heading(f"Onderzoeksvraag {nr}", 2)
        report.paragraph(vraag.vraag, style="Quote")
        for gemeente in named_gemeenten(study.settings):
            report.heading(gemeente, 3)
            p = report.paragraph("Antwoord van de onderzoekers", bold=True)
            p.paragraph_format.keep_with_next = True
            slot = answer_slot(vraag.id, gemeente)
            report.slot(slot, study.teksten.get(slot), base_level=4)
            evidence = [b for b in build.bevindingen() if b.gemeente == gemeente]
            if vraag.aspecten:
                table = aspect_table(evidence, vraag.aspecten, vocab)
                report.table(table, f"Bewijs voor vraag {nr} in {gemeente}: aantal bevindingen per aspect en "
                                    "perspectief (uitgewerkt in het hoofdstuk over de gemeente)")
                for section in method_sections("vraagstelling"):
                    build.add(section, report, gemeente=gemeente, vraag=vraag)
            if vraag.kansen:
                points = [b for b in build.bevindingen() if b.soort == "verbeterpunt" and b.gemeente in (gemeente, None)]
                p = report.paragraph("Verbeterpunten uit het onderzoek", bold=True)
                p.paragraph_format.keep_with_next = True
                if points:
                    items, left = bewijs.select(points, bewijs.Chapter(), limit=6)
                    bewijs.write(report, items, left, bewijs.method_titles())
                else:
                    report.paragraph("De methoden leverden (nog) geen verbeterpunten op.")


def aspect_table(evidence: list, aspecten: list[str], vocab) -> pd.DataFrame:
    """Rows: the question's aspects; columns: the perspectives; cells: number of bevindingen."""
    rows = []
    for aspect in aspecten:
        mine = [b for b in evidence if b.aspect == aspect and b.soort != "verbeterpunt"]
        rows.append({"Aspect": vocab.aspecten[aspect],
                     **{vocab.perspectieven[p]: sum(b.perspectief == p for b in mine) for p in PERSPECTIEVEN},
                     "Totaal": len(mine)})
    return pd.DataFrame(rows)
