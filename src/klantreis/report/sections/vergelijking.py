"""The chapter that puts the municipalities side by side ("vergelijking" sections of every
method, then the researchers' reflection, conclusions and recommendations across the
municipalities), and the appendix with the statistical details ("statistiek" sections)."""

from __future__ import annotations

import pandas as pd

from ...methods import PERSPECTIEVEN
from ...teksten import named_gemeenten
from ..compose import method_sections


def add(report, build, prepared=None) -> None:
    study = build.study
    report.heading("Vergelijking van de gemeenten", 1)
    gemeenten = study.settings.gemeenten
    if len(gemeenten) > 1:
        report.paragraph(
            "Dit hoofdstuk legt de gemeenten naast elkaar: hun context, hun toegang zoals bedoeld, wat inwoners en "
            f"betrokkenen ervaren en de werksessies die voor alle gemeenten samen zijn gehouden. Tabel {report.tables + 1} laat zien "
            "hoeveel bevindingen de methoden per gemeente en perspectief opleverden; een leeg vak betekent dat "
            "er vanuit dat perspectief (nog) niets is verzameld.")
    else:
        report.paragraph("Deze studie gaat over één gemeente. Dit hoofdstuk bevat wat de methoden over de hele studie "
                         f"opleverden. Tabel {report.tables + 1} telt de bevindingen per perspectief.")
    report.table(evidence_counts(build), "Aantal bevindingen uit de methoden per gemeente en perspectief "
                                         "(uitspraken, citaten, cijfers en verbeterpunten; geen aantallen personen)")
    for section in method_sections("vergelijking"):
        build.add(section, report)
    for slot, title in (("vergelijking", "Reflectie van de onderzoekers"), ("conclusies", "Conclusies over de gemeenten heen"),
                        ("aanbevelingen", "Aanbevelingen voor alle gemeenten")):
        report.heading(title, 2)
        report.slot(slot, study.teksten.get(slot), base_level=3)


def evidence_counts(build) -> pd.DataFrame:
    """Bevindingen per gemeente (rows) and perspectief (columns); joint sessions as "Gezamenlijk"."""
    study = build.study
    vocab = study.instruments.vocabulaire
    rows = []
    for gemeente in [*named_gemeenten(study.settings), None]:
        mine = [b for b in build.bevindingen() if b.gemeente == gemeente]
        if gemeente is None and not mine:
            continue
        rows.append({"Gemeente": gemeente or "Gezamenlijk",
                     **{vocab.perspectieven[p]: sum(b.perspectief == p for b in mine) for p in PERSPECTIEVEN},
                     "Totaal": len(mine)})
    return pd.DataFrame(rows, columns=["Gemeente", *(vocab.perspectieven[p] for p in PERSPECTIEVEN), "Totaal"])


def add_statistics(report, build, prepared=None) -> None:
    """The appendix the main text points to for tests, effect sizes and reliability."""
    sections = method_sections("statistiek")
    if not sections:
        return
    report.appendix("Statistische verantwoording")
    report.paragraph("Deze bijlage bevat de toetsen, effectgroottes en betrouwbaarheidsmaten achter de bevindingen in "
                     "de hoofdtekst. Groepen kleiner dan de minimale groepsgrootte van de studie "
                     f"({build.study.min_group}) staan er niet in.")
    for section in sections:
        build.add(section, report)
