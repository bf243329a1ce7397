"""The public version (publieksversie) in plain Dutch (B1), for the adviesraad and residents:
4–6 pages per municipality, or for the whole study.

`PUBLIEK` is a composition like the full report (`compose.FULL`), built with the same
`compose.build`: why the study was done (studie.yaml, onderzoek), what was found in each
municipality (every method's sections with plaats "publiek": the klantreizen in a simple
picture, the zeven kenmerken, …), what the municipality will do (the researchers' text
teksten/publiek/<gemeente>-wat-gaat-de-gemeente-doen.md), how to respond (contact in
studie.yaml), the abbreviations used, and an appendix with the readability of every part.

The layout is large and accessible: 12 pt body text, real heading styles, alt text on every
figure, a tagged PDF with `--pdf`. The privacy rules are the methods' own, as in the full
report: the public version prints only what their analyses allow.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..methods import Section, lazy
from ..teksten import has_content, named_gemeenten, publiek_slot
from .compose import Composition, method_sections

BODY_PT = 12
HEADING_PT = {"Title": 26, "Subtitle": 15, "Heading 1": 18, "Heading 2": 15, "Heading 3": 13, "Caption": 11,
              "List Bullet": BODY_PT, "Quote": BODY_PT}


# The methods' counts in plain words (B1), in the singular and the plural: "stakeholderinterviews"
# and "focusgroepen" are words of researchers, not of the readers of this version.
PLAIN = {"sessies": ("werksessie", "werksessies"), "deelnemers": ("deelnemer", "deelnemers"),
         "interviews met inwoners": ("gesprek met een inwoner", "gesprekken met inwoners"),
         "stakeholderinterviews": ("gesprek met een hulpverlener of beleidsmaker",
                                   "gesprekken met hulpverleners en beleidsmakers"),
         "focusgroepen": ("groepsgesprek", "groepsgesprekken"),
         "ingevulde vragenlijsten": ("ingevulde vragenlijst", "ingevulde vragenlijsten")}
# What a werksessie of a method was about, for "1 werksessie, 15 deelnemers (over …)".
SESSION_ABOUT = {"effectenarena": "over wat hulp betekent voor een gezin", "gezamenlijke_reis": "over wat beter kan"}


def _gemeenten(build) -> list[str]:
    return named_gemeenten(build.study.settings)


def _one(build) -> str | None:
    """The municipality of a document about one municipality (a study filtered to it)."""
    gemeenten = _gemeenten(build)
    return gemeenten[0] if len(gemeenten) == 1 else None


def large_layout(report) -> None:
    """Body text 12 pt with room between the lines, headings larger: the public version is read
    by people who find small print hard."""
    from docx.shared import Pt

    styles = report.doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.line_spacing = 1.2
    normal.paragraph_format.space_after = Pt(8)
    names = {s.name for s in styles}
    for name, size in HEADING_PT.items():
        if name in names:
            styles[name].font.size = Pt(size)
    # A short text: chapters follow on the same page (the full report starts each on a new one).
    styles["Heading 1"].paragraph_format.page_break_before = False
    styles["Heading 1"].paragraph_format.space_before = Pt(18)


def add_title(report, build, prepared=None) -> None:
    study = build.study
    s = study.settings
    large_layout(report)
    gemeente = _one(build)
    where = gemeente or ", ".join(_gemeenten(build)) or "uw gemeente"
    report.doc.add_paragraph(f"Hulp vragen bij de gemeente: wat vertellen inwoners van {where}?", style="Title")
    report.paragraph("Een korte versie van het onderzoek in eenvoudige taal", style="Subtitle")
    if s.demo:
        report.paragraph("Dit is een verzonnen voorbeeld. De gemeenten, de mensen en wat zij zeggen bestaan niet.",
                         bold=True)
    report.paragraph(f"Dit is een korte versie van het rapport ‘{s.titel}’. We schrijven zo eenvoudig mogelijk. "
                     "Achteraan staat uitleg bij moeilijke woorden en afkortingen.")


def add_why(report, build, prepared=None) -> None:
    from .numbers import datum

    study = build.study
    s = study.settings
    report.heading("Waarom dit onderzoek?", 1)
    report.paragraph("Bij de gemeente kunt u hulp vragen. Bijvoorbeeld bij schulden, bij opvoeden of als het thuis "
                     "niet meer lukt. De gemeente wil weten of die hulp goed werkt. Komt de hulp op tijd? Past de "
                     "hulp bij u? En werken de hulpverleners goed samen?")
    if has_content(s.onderzoek.aanleiding) and s.onderzoek.aanleiding.strip() != "(vul in)":
        report.paragraph("De onderzoekers schrijven over de aanleiding:", bold=True)
        report.free_text(s.onderzoek.aanleiding)
    report.heading("Hoe deden we het onderzoek?", 2)
    report.paragraph(f"Het onderzoek liep van {datum(s.periode.begin)} tot en met {datum(s.periode.eind)}. "
                     "We spraken met inwoners, met hulpverleners en met mensen van de gemeente.")
    counts = _counts(build)
    if counts:
        report.paragraph("Zoveel deden er mee:")
        report.bullets(counts)


# Counts of people: below the study's minimum group size they read "minder dan 5", as in the full
# report (a document about one municipality would otherwise print the size of a hidden group).
PEOPLE = {"interviews met inwoners", "deelnemers", "ingevulde vragenlijsten"}


def _counts(build) -> list[str]:
    """What each method gathered for this document's municipalities, one line per method ("16
    gesprekken met inwoners"): sessions and conversations as they are, people only from the
    study's minimum group size."""
    from ..methods import methods

    least = build.study.min_group

    def count(wat: str, n: int) -> str:
        one, many = PLAIN.get(wat, (wat, wat))
        return f"minder dan {least} {many}" if wat in PEOPLE and n < least else f"{n} {one if n == 1 else many}"

    gemeenten = set(_gemeenten(build))
    lines = []
    for m in methods():
        if m.aantallen is None:
            continue
        totals: dict[str, int] = {}
        for wat, gemeente, aantal in m.aantallen(build.study):
            if gemeente is None or gemeente in gemeenten:
                totals[wat] = totals.get(wat, 0) + aantal
        if any(totals.values()):
            # "deelnemers" and "sessies" need their method; "16 gesprekken met inwoners" speaks for itself
            words = ", ".join(count(wat, n) for wat, n in totals.items() if n)
            about = SESSION_ABOUT.get(m.name, m.title.lower())
            lines.append(words + (f" ({about})" if {"deelnemers", "sessies"} & set(totals) else ""))
    return lines


def prepare_findings(build) -> dict:
    """Start the figures of every method's "publiek" section (the chapters of the full report do
    this through `compose.NESTED`)."""
    return {s.id: s.prepare(build) for s in method_sections("publiek") if s.prepare is not None}


def add_findings(report, build, prepared: dict | None = None) -> None:
    prepared = prepared or {}
    gemeenten = _gemeenten(build)
    if not gemeenten:
        report.heading("Wat we vonden", 1)
        report.paragraph("[Nog in te vullen door de onderzoekers in studie.yaml: de gemeenten van het onderzoek.]")
    for gemeente in gemeenten:
        report.heading("Wat we vonden" if len(gemeenten) == 1 else f"Wat we vonden in {gemeente}", 1)
        sections = method_sections("publiek")
        if not sections:
            report.paragraph("Er zijn nog geen uitkomsten om te laten zien.")
        for section in sections:
            section.add(report, build, prepared.get(section.id), gemeente=gemeente)


def add_plans(report, build, prepared=None) -> None:
    study = build.study
    gemeenten = _gemeenten(build)
    report.heading("Wat gaat de gemeente doen?", 1)
    for gemeente in gemeenten:
        if len(gemeenten) > 1:
            report.heading(gemeente, 2)
        slot = publiek_slot(gemeente)
        report.slot(slot, study.teksten.get(slot), base_level=3)


def add_respond(report, build, prepared=None) -> None:
    from ..study import is_placeholder

    contact = build.study.settings.contact
    report.heading("Wilt u reageren?", 1)
    report.paragraph("Heeft u een vraag over dit onderzoek? Of wilt u iets zeggen over deze tekst? Neem dan contact "
                     "met ons op. Dat mag ook als u zelf hulp kreeg en uw ervaring wilt delen.")
    filled = [(label, value) for label, value in (("Naam", contact.naam), ("Organisatie", contact.organisatie),
                                                  ("Telefoon", contact.telefoon), ("E-mail", contact.email))
              if not is_placeholder(value)]
    for label, value in filled:
        report.labelled(label, value)
    if not filled:
        report.paragraph("[Nog in te vullen door de onderzoekers in studie.yaml: contact (naam, organisatie, "
                         "telefoon, e-mail).]")
    report.paragraph("U kunt ook terecht bij de adviesraad sociaal domein van uw gemeente.")


def add_glossary(report, build, prepared=None) -> None:
    from .afkortingen import add_glossary as add

    add(report, build)


def add_readability(report, build, prepared=None) -> None:
    """Appendix: Flesch-Douma and words per sentence of every part (as printed), and of the
    researchers' own texts (measured and flagged, never rewritten); also printed on standard
    error by the build."""
    import pandas as pd

    from .leesbaarheid import (
        GOAL_SCORE,
        GOAL_WORDS_PER_SENTENCE,
        document_sections,
        measure,
    )
    from .numbers import getal

    parts = [(title, measure(text)) for title, text in document_sections(report.doc, level=2)]
    parts = [(title, m) for title, m in parts if m is not None]
    own = _researchers_texts(build)
    report.appendix("Hoe leesbaar is deze tekst?")  # right under the glossary: no page almost empty
    report.paragraph(f"We meten de leesbaarheid met de Flesch-Douma-score. Hoe hoger, hoe makkelijker. Wij mikken op "
                     f"{GOAL_SCORE:.0f} of meer en op zinnen van hoogstens {GOAL_WORDS_PER_SENTENCE:.0f} woorden. De "
                     "score telt lettergrepen met een Nederlands woordenboek. Dat telt soms een lettergreep te weinig. "
                     "De score valt dan iets te hoog uit.")

    def rows(items):
        return pd.DataFrame({"Onderdeel": [t for t, _ in items],
                             "Flesch-Douma": [m.flesch_douma for _, m in items],
                             "Woorden per zin": [m.woorden_per_zin for _, m in items],
                             "Doel gehaald": ["ja" if m.op_niveau else "nee" for _, m in items]})

    formats = {"Flesch-Douma": "{:.0f}", "Woorden per zin": "{:.1f}"}
    report.table(rows(parts), "Leesbaarheid per onderdeel van deze tekst", formats)
    if own:
        report.paragraph("De onderzoekers schreven zelf een deel van de tekst. Die tekst meten we apart. We "
                         "veranderen er niets aan.")
        report.table(rows(own), "Leesbaarheid van de teksten van de onderzoekers (gemeten, niet herschreven)", formats)
    name = build.composition.file_name
    for title, m in parts:
        print(f"Leesbaarheid {name}: {title}: Flesch-Douma {getal(m.flesch_douma, 0)}, {getal(m.woorden_per_zin)} "
              f"woorden per zin{'' if m.op_niveau else ' (onder het doel)'}", file=sys.stderr)
    for title, m in own:
        if not m.op_niveau:
            print(f"Let op: tekst van de onderzoekers onder het B1-doel ({title}): Flesch-Douma "
                  f"{getal(m.flesch_douma, 0)}, {getal(m.woorden_per_zin)} woorden per zin. De kit verandert deze tekst "
                  "niet.", file=sys.stderr)


def _researchers_texts(build) -> list:
    from ..study import is_placeholder
    from .leesbaarheid import measure

    study = build.study
    found = []
    aanleiding = study.settings.onderzoek.aanleiding
    if not is_placeholder(aanleiding):
        found.append(("Aanleiding (studie.yaml)", measure(aanleiding)))
    for gemeente in _gemeenten(build):
        text = study.teksten.get(publiek_slot(gemeente))
        if has_content(text):
            import re

            found.append((f"teksten/{publiek_slot(gemeente)}.md", measure(re.sub(r"<!--.*?-->", "", text, flags=re.S))))
    return [(t, m) for t, m in found if m is not None]


M = __name__
TITEL = Section("publiek-titel", add=lazy(M, "add_title"), plaats="voor")
WAAROM = Section("publiek-waarom", add=lazy(M, "add_why"), plaats="voor")
BEVINDINGEN = Section("publiek-bevindingen", add=lazy(M, "add_findings"), prepare=lazy(M, "prepare_findings"),
                      plaats="hoofdstuk")
PLANNEN = Section("publiek-plannen", add=lazy(M, "add_plans"), plaats="slot")
REAGEREN = Section("publiek-reageren", add=lazy(M, "add_respond"), plaats="slot")
BEGRIPPEN = Section("publiek-begrippen", add=lazy(M, "add_glossary"), plaats="slot")
LEESBAARHEID = Section("publiek-leesbaarheid", add=lazy(M, "add_readability"), plaats="bijlage")


def _sections() -> list[Section]:
    return [TITEL, WAAROM, BEVINDINGEN, PLANNEN, REAGEREN, BEGRIPPEN, LEESBAARHEID]


PUBLIEK = Composition(
    name="publieksversie",
    file_name="publieksversie.docx",
    subtitle="Publieksversie in eenvoudige taal",
    subject=lambda study: f"Publieksversie (taalniveau B1): {', '.join(named_gemeenten(study.settings))}",
    keywords="publieksversie; B1; klantreis; toegang; sociaal domein",
    sections=_sections,
)


def build_publiek(study, output: Path | None = None, template: Path | None = None) -> Path:
    """The public version of `study` (of one municipality when the study is filtered to it)."""
    from .compose import build

    return build(study, PUBLIEK, output, template)
