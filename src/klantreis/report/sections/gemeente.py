"""One chapter per municipality, in the order of a Movisie evaluation: context and the toegang
as designed ("gemeente_begin" sections), then per perspectief what was intended (bedoeld)
against what people experienced (ervaren), the experiences ordered by vroegtijdig /
samenhangend / passend, then every method's evidence for this municipality ("gemeente"
sections), the improvement points found, and the researchers' conclusions and recommendations.

The kit writes no interpretation: the bedoeld and ervaren paragraphs start with the researchers'
text (or one placeholder) and then list the evidence the methods gathered (`report.bewijs`)."""

from __future__ import annotations

from ...methods import ASPECTEN, PERSPECTIEVEN
from ...teksten import gemeente_slot, named_gemeenten
from .. import bewijs
from ..compose import method_sections
from ..numbers import opsomming


def add(report, build, prepared=None) -> None:
    gemeenten = named_gemeenten(build.study.settings)
    if not gemeenten:
        report.heading("Gemeenten", 1)
        report.paragraph("[Nog in te vullen door de onderzoekers in studie.yaml: de gemeenten van het onderzoek. Per "
                         "gemeente komt hier een hoofdstuk.]")
    for gemeente in gemeenten:
        add_chapter(report, build, gemeente)


def add_chapter(report, build, gemeente: str) -> None:
    study = build.study
    vocab = study.instruments.vocabulaire
    report.heading(f"Gemeente {gemeente}", 1)
    for section in method_sections("gemeente_begin"):
        build.add(section, report, gemeente=gemeente)

    evidence = [b for b in build.bevindingen() if b.gemeente == gemeente]
    chapter = bewijs.Chapter()
    for p in PERSPECTIEVEN:
        mine = [b for b in evidence if b.perspectief == p and b.soort != "verbeterpunt"]
        report.heading(vocab.perspectieven[p], 2)
        _text(report, study, gemeente_slot(gemeente, f"{p}-bedoeld"), "Bedoeld")
        if p == "beleid":
            _sources(report, study, gemeente)
        items, left = bewijs.select([b for b in mine if b.kant == "bedoeld"], chapter)
        bewijs.write(report, items, left, bewijs.method_titles())
        _text(report, study, gemeente_slot(gemeente, f"{p}-ervaren"), "Ervaren")
        ervaren = [b for b in mine if b.kant == "ervaren"]
        missing = []
        for aspect in (*ASPECTEN, None):
            items, left = bewijs.select([b for b in ervaren if b.aspect == aspect], chapter)
            if not items:
                if aspect is not None:
                    missing.append(vocab.aspecten[aspect].lower())
                continue
            label = vocab.aspecten[aspect] if aspect else "Niet aan één aspect gebonden"
            report.paragraph(label, bold=True).paragraph_format.keep_with_next = True
            bewijs.write(report, items, left, bewijs.method_titles())
        if missing:
            report.paragraph(f"Over {opsomming(missing)} leverden de methoden in {gemeente} vanuit dit perspectief geen "
                             "bevindingen op.")

    for section in method_sections("gemeente"):
        build.add(section, report, gemeente=gemeente)

    points = [b for b in evidence if b.soort == "verbeterpunt"]
    report.heading(f"Kansen en verbeterpunten uit het onderzoek in {gemeente}", 2)
    if points:
        items, left = bewijs.select(points, bewijs.Chapter(), limit=8)
        report.paragraph("Deze verbeterpunten kwamen uit het onderzoek naar voren, de zwaarst wegende eerst; de "
                         "onderzoekers wegen ze in hun aanbevelingen.")
        bewijs.write(report, items, left, bewijs.method_titles())
    else:
        report.paragraph(f"De methoden leverden voor {gemeente} (nog) geen verbeterpunten op.")

    report.heading(f"Conclusies en aanbevelingen voor {gemeente}", 2)
    for deel, title in (("conclusies", "Conclusies"), ("aanbevelingen", "Aanbevelingen")):
        report.heading(title, 3)
        _body(report, study, gemeente_slot(gemeente, deel))


def _text(report, study, slot: str, label: str) -> None:
    report.heading(label, 3)
    _body(report, study, slot)


def _body(report, study, slot: str) -> None:
    report.slot(slot, study.teksten.get(slot), base_level=4)


def _sources(report, study, gemeente: str) -> None:
    bronnen = [b for b in study.settings.onderzoek.bronnen if b.gemeente in (gemeente, None)]
    if bronnen:
        report.paragraph("Bestudeerde beleidsdocumenten:").paragraph_format.keep_with_next = True
        report.bullets([f"{b.organisatie} ({b.jaar}). {b.titel}." for b in bronnen])

