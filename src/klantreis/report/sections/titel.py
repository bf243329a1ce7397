"""Title page, table of contents and the researchers' summary."""

from __future__ import annotations

import datetime as dt
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ...study import is_placeholder
from ..numbers import datum as _date


def add(report, build, prepared=None) -> None:
    study = build.study
    s = study.settings
    title = report.doc.add_paragraph(s.titel, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    report.paragraph(build.composition.subtitle, style="Subtitle")
    # Fields a new study still has as "(vul in)" are left out (`klantreis controleer` lists them).
    filled = (lambda *values: ", ".join(v for v in values if not is_placeholder(v)))
    for label, value in (("Opdrachtgever", filled(s.opdrachtgever)), ("Gemeenten", filled(*s.gemeenten)),
                         ("Onderzoeksperiode", f"{_date(s.periode.begin)} tot en met {_date(s.periode.eind)}"),
                         ("Onderzoekers", filled(*s.onderzoekers))):
        if value:
            report.labelled(label, value)
    report.labelled("Gemaakt op", _date(dt.date.today()))
    if s.demo:
        report.paragraph("Dit is een fictieve demostudie. Alle gemeenten, personen en uitspraken zijn "
                         "verzonnen om de werking van de kit te laten zien.", bold=True)
    report.page_break()
    report.toc_here()
    # A new study's teksten/samenvatting.md holds only an HTML comment with instructions.
    if re.sub(r"<!--.*?-->", "", study.teksten.get("samenvatting", ""), flags=re.S).strip():
        report.heading("Samenvatting", 1)
        report.markdown(study.teksten["samenvatting"])


