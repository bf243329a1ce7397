"""The interview guide an interviewer takes into the field, generated from the schaduwreis."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from klantreis.klantreizen.topiclijst import build_topiclijst, step_kind, step_questions, timing
from klantreis.resources import JOURNEYS_DIR
from klantreis.schaduwreis.model import Stap

from .helpers import require_program

JOURNEYS = sorted(JOURNEYS_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def guide_doc(demo, tmp_path_factory):
    path = build_topiclijst(demo, tmp_path_factory.mktemp("topiclijst") / "t.docx")
    return path, Document(str(path))


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _stap(naam, actor="Toegangsteam", kanalen=("telefoon",), sleutelmoment=False, beschrijving="Een stap."):
    return Stap(id="s", naam=naam, actor=actor, kanalen=list(kanalen), sleutelmoment=sleutelmoment,
                beschrijving=beschrijving, bron="test")


def test_guide_follows_the_schaduwreis_step_by_step(guide_doc, demo):
    _, doc = guide_doc
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    expected = [f"{nr}. {s.naam}" + (" ★" if s.sleutelmoment else "")
                for nr, s in enumerate(demo.schaduwreis.steps, 1)]
    assert headings == expected


def test_questions_differ_by_kind_of_step_and_never_paste_the_step_name(demo):
    guide = demo.instruments.topiclijst
    talk = _stap("Keukentafelgesprek over alle leefgebieden")
    decision = _stap("Besluit en beschikking", actor="Gemeente (backoffice)", kanalen=("brief",))
    assert step_kind(talk, guide).id == "gesprek" and step_kind(decision, guide).id == "besluit"
    talk_q = [q for _, q in step_questions(talk, guide)]
    decision_q = [q for _, q in step_questions(decision, guide)]
    assert set(talk_q) != set(decision_q)
    assert not any("keukentafelgesprek over alle leefgebieden" in q.lower() for q in talk_q)


def test_a_resident_is_never_asked_about_contact_with_themselves_or_the_back_office(demo):
    guide = demo.instruments.topiclijst
    for stap in [*demo.schaduwreis.steps, _stap("Bespreking in het Sociaal Kernteam", kanalen=("overleg",)),
                 _stap("Inwoner meldt een hulpvraag", actor="Inwoner")]:
        for _, question in step_questions(stap, guide):
            if stap.actor.lower() == "inwoner" or "backoffice" in stap.actor.lower() \
                    or set(stap.kanalen) == {"overleg"}:
                assert stap.actor not in question, (stap.naam, question)
            assert "{actor}" not in question
    behind = _stap("Bespreking in het Sociaal Kernteam", actor="Sociaal Kernteam", kanalen=("overleg",))
    assert step_kind(behind, guide).id == "achter_de_schermen"


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda p: p.stem)
def test_every_step_of_every_journey_template_gets_questions_of_its_own_kind(journey, demo):
    import yaml

    guide = demo.instruments.topiclijst
    data = yaml.safe_load(journey.read_text(encoding="utf-8"))
    steps = [Stap(**stap) for fase in data["fasen"] for stap in fase["stappen"]]
    catch_all = guide.soorten[-1].id
    assert [s.naam for s in steps if step_kind(s, guide).id == catch_all] == []


def test_priorities_and_a_timing_estimate_for_an_interview_of_an_hour_to_ninety_minutes(guide_doc, demo):
    _, doc = guide_doc
    guide = demo.instruments.topiclijst
    plan = timing(demo)
    total = plan.iloc[-1]
    asked = [p for stap in demo.schaduwreis.steps for p, _ in step_questions(stap, guide)]
    assert total["vragen_1"] == asked.count(1) + len(guide.opening) + len(guide.afwijkingen) + len(guide.afsluiting)
    assert total["minuten_kern"] == pytest.approx(plan["minuten_kern"].iloc[:-1].sum())
    assert guide.tijd.doel_min <= total["minuten_kern"] <= guide.tijd.doel_max
    text = _text(doc)
    assert f"ongeveer {round(total['minuten_kern'])} minuten" in text
    marks = [p.text[0] for p in doc.paragraphs if p.text[:1] in ("●", "○")]
    assert marks.count("●") and marks.count("○")


def test_room_to_write_after_every_step(guide_doc, demo):
    _, doc = guide_doc
    boxes = [t for t in doc.tables if len(t.rows) == 1 and len(t.columns) == 1
             and t.rows[0].cells[0].text.startswith("Aantekeningen (wat gebeurde er")]
    assert len(boxes) == len(demo.schaduwreis.steps)
    for box in boxes:
        assert box.rows[0].height.cm >= 4 and box.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_pages_to_hand_over_each_start_a_page(guide_doc, demo):
    _, doc = guide_doc
    for title in ("Toestemmingsformulier", "Belevingscurve (om af te geven)", "Waardenkaart (om af te geven)"):
        heading = next(p for p in doc.paragraphs if p.text == title)
        assert heading.style.name == "Heading 1" and heading.style.paragraph_format.page_break_before
    curve_section = doc.sections[-2]
    assert curve_section.page_width > curve_section.page_height  # the blank curve on a landscape page
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for w in demo.instruments.waardenkaart.waarden:
        assert w.label in cells
    assert "Anders, namelijk:" in cells


def test_consent_form_has_date_signatures_and_the_studys_contact(guide_doc, demo):
    _, doc = guide_doc
    text = _text(doc)
    for q in demo.instruments.topiclijst.toestemming.vragen:
        assert q.vraag in text
    assert re.search(r"Datum: _{5,}", text) and re.search(r"Handtekening inwoner: _{5,}", text)
    contact = demo.settings.contact
    for value in (contact.naam, contact.telefoon, contact.email, contact.bewaartermijn):
        assert value in text
    assert "(vul in)" not in text and "{" not in text and "[vul in" not in text


def test_controleer_warns_about_contact_details_still_to_fill(tmp_path, capsys):
    from klantreis.cli import main

    study = tmp_path / "studie"
    assert main(["nieuw", str(study), "--gemeente", "Oostburg"]) == 0
    capsys.readouterr()
    assert main(["controleer", str(study)]) == 0
    out = capsys.readouterr().out
    assert "Let op" in out and "contact.telefoon" in out and "(vul in)" in out


def test_guide_opens_in_libreoffice(guide_doc, tmp_path):
    import subprocess

    soffice = require_program("soffice")
    path, _ = guide_doc
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=240)
    assert (tmp_path / "t.pdf").stat().st_size > 20_000
