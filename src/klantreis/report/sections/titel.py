"""Title page, table of contents and the researchers' summary."""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..numbers import datum as _date


def add(report, build, prepared=None) -> None:
    study = build.study
    s = study.settings
    title = report.doc.add_paragraph(s.titel, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    report.paragraph(build.composition.subtitle, style="Subtitle")
    report.labelled("Opdrachtgever", s.opdrachtgever)
    report.labelled("Gemeenten", ", ".join(s.gemeenten))
    report.labelled("Onderzoeksperiode", f"{_date(s.periode.begin)} tot en met {_date(s.periode.eind)}")
    report.labelled("Onderzoekers", ", ".join(s.onderzoekers))
    report.labelled("Gemaakt op", _date(dt.date.today()))
    if s.demo:
        report.paragraph("Dit is een fictieve demostudie. Alle gemeenten, personen en uitspraken zijn "
                         "verzonnen om de werking van de kit te laten zien.", bold=True)
    report.page_break()
    report.toc_here()
    if "samenvatting" in study.teksten and study.teksten["samenvatting"].strip():
        report.heading("Samenvatting", 1)
        report.markdown(study.teksten["samenvatting"])


