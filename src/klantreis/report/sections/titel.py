"""Title page with colofon, table of contents and the researchers' summary."""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ... import __version__
from ...study import is_placeholder
from ..numbers import datum as _date


def add(report, build, prepared=None) -> None:
    study = build.study
    s = study.settings
    title = report.add_paragraph(s.titel, "Title")
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    report.paragraph(build.composition.subtitle, style="Subtitle")
    if s.demo:
        report.paragraph("Dit is een fictieve demostudie. Alle gemeenten, personen en uitspraken zijn "
                         "verzonnen om de werking van de kit te laten zien.", bold=True)
    report.heading_no_toc("Colofon")
    # Fields a new study still has as "(vul in)" are left out (`klantreis controleer` lists them).
    filled = (lambda *values: ", ".join(v for v in values if not is_placeholder(v)))
    contact = s.contact
    for label, value in (("Opdrachtgever", filled(s.opdrachtgever)), ("Gemeenten", filled(*s.gemeenten)),
                         ("Onderzoekers", filled(*s.onderzoekers)),
                         ("Organisatie", filled(contact.organisatie)),
                         ("Onderzoeksperiode", f"{_date(s.periode.begin)} tot en met {_date(s.periode.eind)}"),
                         ("Datum", _date(dt.date.today()))):
        if value:
            report.labelled(label, value)
    report.paragraph(f"Gemaakt met klantreis {__version__}, een open onderzoekskit voor de toegang tot het "
                     "sociaal domein. Getallen, tabellen en figuren komen uit de gegevens van het onderzoek; "
                     "conclusies, aanbevelingen en antwoorden op de onderzoeksvragen zijn geschreven door de "
                     "onderzoekers.")
    report.page_break()
    report.toc_here()
    report.page_break()
    report.heading("Samenvatting", 1)
    report.slot("samenvatting", study.teksten.get("samenvatting"))
