"""The interview guide generated from the schaduwreis."""

from __future__ import annotations

from docx import Document

from klantreis.klantreizen.topiclijst import build_topiclijst


def test_guide_follows_the_schaduwreis_step_by_step(demo, tmp_path):
    doc = Document(str(build_topiclijst(demo, tmp_path / "t.docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 3"]
    expected = [("★ " if s.sleutelmoment else "") + s.naam for s in demo.schaduwreis.steps]
    assert headings == expected
    text = "\n".join(p.text for p in doc.paragraphs)
    guide = demo.instruments.topiclijst
    first_step = demo.schaduwreis.steps[0]
    assert guide.per_stap[0].format(stap=first_step.naam.lower(), actor=first_step.actor) in text
    key_questions = sum(text.count(q.split("{")[0][:30]) for q in guide.sleutelmoment)
    assert key_questions >= sum(s.sleutelmoment for s in demo.schaduwreis.steps)


def test_guide_shows_consent_scale_and_values_card(demo, tmp_path):
    doc = Document(str(build_topiclijst(demo, tmp_path / "t.docx")))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for q in demo.instruments.topiclijst.toestemming.vragen:
        assert q.vraag in cells
    for w in demo.instruments.waardenkaart.waarden:
        assert w.label in cells
    curve = demo.settings.curve
    for point in range(curve.min, curve.max + 1):
        assert curve.label(point) in cells
    assert doc.core_properties.language == "nl-NL"
