"""The interview guide (topiclijst) as a Word document an interviewer takes into the field,
generated from the schaduwreis and `instruments/topiclijst.yaml`.

Every step gets the questions of its kind (a signal from someone else, the first contact, the
conversation, a plan on paper, a decision, a hand-over, …), recognised from words in its name
or description, so the questions read as natural Dutch instead of one stem with the step's
name pasted in. A question about contact with "{actor}" is left out when the actor is the
resident, or a unit behind the scenes the resident never meets. Questions carry a priority
mark (● always, ○ when there is time) and the guide opens with a timing estimate against the
60–90 minutes of an interview. After the steps come the pages to hand over: the consent form
with date and signature lines and the study's contact details, a blank belevingscurve
(steps × the study's scale) and the values card with "anders, namelijk".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..files import save_docx
from ..report.docx import ReportDoc
from ..report.numbers import getal
from .excel import file_part
from ..schaduwreis.model import BEHIND_THE_SCENES, step_kind  # noqa: F401  (step_kind: also this module's API)

GUIDE_NAME = "topiclijst.docx"
MARK = {1: "●", 2: "○"}
NOTES_HEIGHT_CM = 8.0  # a step has its own page: the rest is room to write


def _is(actor: str, patterns: list[str]) -> bool:
    return any(p.lower() in actor.lower() for p in patterns)


def step_questions(stap, guide) -> list[tuple[int, str]]:
    """(priority, question) for one step: its kind's questions, those of every step and, at a
    sleutelmoment, the extra ones. No question about contact with the resident themselves or
    with a unit behind the scenes."""
    kind = step_kind(stap, guide)
    no_contact = _is(stap.actor, guide.inwoner) or _is(stap.actor, guide.achter_de_schermen) \
        or kind.id == BEHIND_THE_SCENES
    questions = list(kind.vragen) + list(guide.per_stap) + (list(guide.sleutelmoment) if stap.sleutelmoment else [])
    return [(q.prioriteit, q.vraag.replace("{actor}", stap.actor)) for q in questions
            if not (no_contact and "{actor}" in q.vraag)]


def timing(study, reis=None) -> pd.DataFrame:
    """Estimated minutes per part of the interview: with only the ● questions and with all.

    Columns: onderdeel, vragen_1, vragen_2, minuten_kern, minuten_alles; the last row is the
    total."""
    guide = study.instruments.topiclijst
    t = guide.tijd
    rows = [("Toestemming en uitleg", 0, 0, t.toestemming, t.toestemming),
            ("Opening", len(guide.opening), 0, t.opening, t.opening)]
    for fase in (reis or study.schaduwreis).fasen:
        asked = [p for stap in fase.stappen for p, _ in step_questions(stap, guide)]
        first, second = asked.count(1), asked.count(2)
        rows.append((f"Fase: {fase.naam} ({len(fase.stappen)} stappen)", first, second,
                     first * t.per_vraag_1, first * t.per_vraag_1 + second * t.per_vraag_2))
    rows += [("Afwijkingen van de reis", len(guide.afwijkingen), 0, t.afwijkingen, t.afwijkingen),
             ("Waardenkaart", 0, 0, t.waardenkaart, t.waardenkaart),
             ("Afsluiting", len(guide.afsluiting), 0, t.afsluiting, t.afsluiting)]
    table = pd.DataFrame(rows, columns=["onderdeel", "vragen_1", "vragen_2", "minuten_kern", "minuten_alles"])
    total = table.drop(columns="onderdeel").sum()
    return pd.concat([table, pd.DataFrame([{"onderdeel": "Totaal", **total.to_dict()}])], ignore_index=True)


def _minutes(value: float) -> str:
    return f"{round(value):d}"


def build_topiclijst(study, output: Path | None = None, template: Path | None = None,
                     gemeente: str | None = None) -> Path:
    """The topiclijst for the journey of `gemeente` (its own, or the shared one); without a
    gemeente the shared journey, or the first municipality's when each has its own."""
    from ..schaduwreis import per_gemeente, schaduwreis_van

    named = gemeente  # the file is named after a gemeente asked for
    if gemeente is None and per_gemeente(study):
        gemeente = study.settings.gemeenten[0]
    guide = study.instruments.topiclijst
    reis = schaduwreis_van(study, gemeente)
    s = study.settings
    curve = s.curve
    cards = study.instruments.waardenkaart
    channels = study.instruments.vocabulaire.kanalen
    doc = ReportDoc(template)
    doc.add_paragraph(guide.titel, "Title")
    doc.paragraph(f"Studie: {s.titel}", bold=True)
    doc.paragraph(f"Schaduwreis: {reis.naam}")
    doc.paragraph("Respondent (pseudoniem): ________    "
                  + (f"Gemeente: {gemeente}" if gemeente and per_gemeente(study) else "Gemeente: ______________")
                  + "    Datum: __________")
    doc.paragraph("Interviewer: ______________________    Begintijd: ______    Eindtijd: ______")

    plan = timing(study, reis)
    total = plan.iloc[-1]
    doc.heading("Tijdsplanning", 2)
    doc.paragraph(
        f"{MARK[1]} = altijd vragen; {MARK[2]} = vragen als er tijd is. Met alleen de {MARK[1]}-vragen duurt het "
        f"gesprek ongeveer {_minutes(total['minuten_kern'])} minuten, met alle vragen ongeveer "
        f"{_minutes(total['minuten_alles'])} minuten. Reken op {guide.tijd.doel_min} tot {guide.tijd.doel_max} "
        "minuten; houd de klok bij aan het eind van elke fase."
        + (f" Let op: zelfs de {MARK[1]}-vragen passen niet in {guide.tijd.doel_max} minuten. Kies vooraf "
           "welke stappen u kort houdt, of plan een tweede gesprek." if total["minuten_kern"] > guide.tijd.doel_max
           else ""))
    shown = pd.DataFrame({
        "Onderdeel": plan["onderdeel"],
        f"Vragen {MARK[1]}": plan["vragen_1"].astype(int), f"Vragen {MARK[2]}": plan["vragen_2"].astype(int),
        f"Minuten ({MARK[1]})": plan["minuten_kern"].map(_minutes),
        "Minuten (alles)": plan["minuten_alles"].map(_minutes)})
    doc.table(shown, "Geschatte duur van het gesprek", widths_cm=[7.6, 2.0, 2.0, 2.2, 2.2])

    doc.heading("Voor het gesprek", 1)
    doc.paragraph(guide.inleiding)
    doc.paragraph("Lees de uitleg op het toestemmingsformulier voor (laatste pagina's) en laat de inwoner het "
                  "formulier tekenen voordat u begint. Zonder toestemming voor citaten schrijft u geen "
                  "letterlijke uitspraken op.")
    doc.heading("Opening", 2)
    doc.numbered(guide.opening)
    doc.paragraph(guide.curve_instructie)

    doc.heading("De reis, stap voor stap", 1)
    scale_line = "   ".join(f"☐ {getal(p, 0, sign=True) if p else '0'}" for p in range(curve.min, curve.max + 1))
    for fase in reis.fasen:
        first_page = fase is reis.fasen[0]
        phase = doc.heading(f"Fase: {fase.naam}", 2)
        phase.paragraph_format.page_break_before = not first_page
        for stap in fase.stappen:
            nr = reis.step_ids.index(stap.id) + 1
            start = len(doc.doc.paragraphs)
            # Every step on a page of its own (the phase heading opens the page of its first
            # step): the interviewer turns one page per step and the rest of it is room to write.
            step = doc.heading(f"{nr}. {stap.naam}" + (" ★" if stap.sleutelmoment else ""), 3)
            step.paragraph_format.page_break_before = stap is not fase.stappen[0]
            kinds = ", ".join(channels.get(k, k) for k in stap.kanalen) or "–"
            doc.paragraph(f"Wie: {stap.actor}. Hoe: {kinds}. Wetten: {', '.join(stap.wetten) or '–'}."
                          + (" Dit is een sleutelmoment." if stap.sleutelmoment else ""))
            doc.paragraph(stap.beschrijving, style="Quote")
            doc.marked([(MARK[priority], question) for priority, question in step_questions(stap, guide)])
            doc.paragraph("Is deze stap gebeurd?   ☐ ja   ☐ nee   ☐ anders, namelijk: ______________________")
            doc.paragraph(f"Score:   {scale_line}   ☐ geen score")
            _keep_together(doc, start)  # a step and its writing box on one page
            doc.writing_box("Aantekeningen (wat gebeurde er, wat hielp, wat kon beter, uitspraken)", NOTES_HEIGHT_CM)
    start = len(doc.doc.paragraphs)
    doc.heading("Afwijkingen van de reis", 2).paragraph_format.page_break_before = True
    doc.numbered(guide.afwijkingen)
    _keep_together(doc, start)
    doc.writing_box("Aantekeningen bij afwijkingen, extra stappen en lussen", NOTES_HEIGHT_CM)
    start = len(doc.doc.paragraphs)
    doc.heading("Afsluiting", 2)
    doc.numbered(guide.afsluiting)
    doc.paragraph("Aantal betrokken professionals: ____    Hoe vaak moest u uw verhaal opnieuw vertellen: ____")
    _keep_together(doc, start)
    doc.writing_box("Aantekeningen", NOTES_HEIGHT_CM)

    _consent_form(doc, guide, s)
    _blank_curve(doc, study, reis)
    _values_card(doc, cards)
    document = doc.finish(title=f"{guide.titel}: {reis.naam}", author=", ".join(s.onderzoekers),
                          subject="Topiclijst individuele klantreis", keywords="topiclijst; klantreis; interview",
                          running_title=f"{guide.titel} · {reis.naam}")
    name = GUIDE_NAME if named is None else f"{Path(GUIDE_NAME).stem}_{file_part(gemeente)}.docx"
    return save_docx(document, study.output_file(name, output))


def _keep_together(doc, start: int) -> None:
    """Keep the paragraphs written since `start` on one page with what follows."""
    for paragraph in doc.doc.paragraphs[start:]:
        paragraph.paragraph_format.keep_with_next = True


def _pt(value: float):
    from docx.shared import Pt

    return Pt(value)


def _consent_form(doc, guide, settings) -> None:
    contact = settings.contact
    doc.heading("Toestemmingsformulier", 1)
    doc.paragraph(f"Onderzoek: {settings.titel}")
    doc.paragraph(guide.toestemming.uitleg.format(bewaartermijn=contact.bewaartermijn, contact=contact.regel()))
    doc.table(pd.DataFrame([{"Vraag": q.vraag, "Antwoord": "☐ ja   ☐ nee"} for q in guide.toestemming.vragen]),
              "Toestemming (vink aan)", widths_cm=[12.5, 3.5])
    for line in ("Naam inwoner (blijft bij de onderzoeker, komt niet in de gegevens): "
                 "_______________________________",
                 "Datum: ____________________",
                 "Handtekening inwoner: ______________________________",
                 "Naam en handtekening interviewer: ______________________________"):
        doc.paragraph(line).paragraph_format.space_before = _pt(12)
    doc.heading("Contact", 2)
    doc.labelled("Contactpersoon", f"{contact.naam} ({contact.organisatie})")
    doc.labelled("Telefoon", contact.telefoon)
    doc.labelled("E-mail", contact.email)
    doc.labelled("Bewaartermijn van de gegevens", contact.bewaartermijn)


def _blank_curve(doc, study, reis) -> None:
    from . import figures

    curve = study.settings.curve
    designed = reis.steps
    doc.landscape()
    doc.heading("Belevingscurve (om af te geven)", 1)
    doc.paragraph("Zet bij elke stap een kruisje op de hoogte die past bij hoe u zich toen voelde. Heeft u een stap "
                  "niet meegemaakt, laat die dan leeg. Extra stappen kunt u ertussen tekenen.")
    table = pd.DataFrame({"volgorde": range(1, len(designed) + 1), "stap_naam": [s.naam for s in designed],
                          "sleutelmoment": [s.sleutelmoment for s in designed]})
    doc.figure(figures.blank_curve(table, curve.min, curve.max, curve.labels),
               alt_text=f"Lege belevingscurve om in te vullen: de {len(designed)} stappen van de schaduwreis van "
                        f"links naar rechts, de schaal van {getal(curve.min, 0, sign=True)} "
                        f"({curve.label(curve.min).lower()}) tot {getal(curve.max, 0, sign=True)} "
                        f"({curve.label(curve.max).lower()}) van onder naar boven.",
               caption="Lege belevingscurve. ★ = sleutelmoment.")
    doc.landscape(False)


def _values_card(doc, cards) -> None:
    doc.heading("Waardenkaart (om af te geven)", 1)
    doc.paragraph(cards.instructie)
    rows = [{"Waarde": w.label, "Wat betekent dit": w.omschrijving, "Kies": "☐"} for w in cards.waarden]
    rows.append({"Waarde": "Anders, namelijk:", "Wat betekent dit": "_" * 40, "Kies": "☐"})
    doc.table(pd.DataFrame(rows), f"Waardenkaart: kies hoogstens {cards.max_keuzes} waarden", widths_cm=[4.5, 10, 1.5])
