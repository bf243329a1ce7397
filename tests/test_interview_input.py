"""Three ways in for an interview (YAML, the kit's Excel form, the notebook form) give the same result."""

from __future__ import annotations

from openpyxl import load_workbook

from klantreis.errors import Problemen
from klantreis.klantreizen.excel import read_interview_workbook, write_interview_workbook
from klantreis.klantreizen.formulier import InterviewForm
from klantreis.study import load_study


def _fill_workbook(path, iv):
    """Fill the kit's form the way an interviewer would, from an existing interview."""
    wb = load_workbook(path)
    ws = wb["Interview"]
    values = {"respondent": "R90", "gemeente": iv.gemeente, "datum": iv.datum.isoformat(),
              "interviewer_rol": iv.interviewer_rol, "toestemming_interview": "ja",
              "toestemming_citaten": "ja" if iv.toestemming.citaten else "nee",
              "toestemming_opname": "nee", "toestemming_terugkoppeling": "nee",
              "samenstelling": iv.huishouden.samenstelling, "leefgebieden": ", ".join(iv.huishouden.leefgebieden),
              "wetten": ", ".join(iv.huishouden.wetten), "aantal_professionals": iv.aantal_professionals,
              "verhaal_opnieuw_verteld": iv.verhaal_opnieuw_verteld, "waarden": ", ".join(iv.waarden)}
    for row in ws.iter_rows(min_row=2):
        row[1].value = values[row[0].value]
    steps = wb["Stappen"]
    by_id = {sv.stap: sv for sv in iv.stappen}
    for row in steps.iter_rows(min_row=2):
        sv = by_id[row[0].value]
        row[2].value, row[3].value, row[4].value = sv.gebeurd, sv.in_plaats_daarvan or None, sv.score
        row[5].value, row[6].value, row[7].value = sv.goed or None, sv.beter or None, ", ".join(sv.themas) or None
    for e in iv.extra_stappen:
        wb["Extra stappen"].append([e.naam, e.na, e.soort, e.terug_naar, e.score, e.goed or None,
                                    e.beter or None, ", ".join(e.themas) or None])
    for sv in iv.stappen:
        for c in sv.citaten:
            wb["Citaten"].append([sv.stap, c.tekst, ", ".join(c.themas)])
    wb.save(path)


def test_an_excel_form_reads_back_as_the_same_interview(demo, demo_copy):
    original = next(iv for iv in demo.interviews if iv.extra_stappen and any(sv.citaten for sv in iv.stappen))
    form = write_interview_workbook(demo, demo_copy / "interviews" / "R90.xlsx")
    _fill_workbook(form, original)
    problemen = Problemen("R90.xlsx")
    _, read = read_interview_workbook(form, problemen)
    assert not problemen, problemen
    assert read.model_dump(exclude={"respondent", "toestemming", "extra_stappen"}) == \
        original.model_dump(exclude={"respondent", "toestemming", "extra_stappen"})
    assert [e.naam for e in read.extra_stappen] == [e.naam for e in original.extra_stappen]
    study = load_study(demo_copy)  # the workbook sits beside the YAML files and loads with them
    assert "R90" in {iv.respondent for iv in study.interviews}


def test_excel_problems_name_sheet_row_and_column(demo, tmp_path):
    form = write_interview_workbook(demo, tmp_path / "R91.xlsx")
    wb = load_workbook(form)
    wb["Interview"]["B2"] = "R91"
    wb["Stappen"]["C2"], wb["Stappen"]["E2"] = "ja", 9
    wb["Stappen"]["F3"] = "=cmd|' /C calc'!A0"
    wb.save(form)
    problemen = Problemen("R91.xlsx")
    assert read_interview_workbook(form, problemen)[1] is None
    text = "\n".join(map(str, problemen))
    assert "blad 'Stappen', rij 3" in text and "formules worden niet ingelezen" in text


def test_the_notebook_form_writes_a_valid_interview_file(demo_copy):
    study = load_study(demo_copy)
    form = InterviewForm(study)
    form.respondent.value = "R77"
    form.gemeente.value = study.settings.gemeenten[1]
    form.datum.value = study.settings.periode.begin
    form.consent["interview"].value = True
    form.samenstelling.value = "Alleenstaande oudere"
    first = study.schaduwreis.steps[0].id
    for step_id, fields in form.steps.items():
        fields["score"].value = 1
    form.steps[first]["citaat"].value = "Ik werd snel geholpen."
    form.steps[first]["themas"].value = ("K7",)
    form.waarden.value = ("vertrouwen",)
    form.save_button.click()
    assert "Opgeslagen" in form.message.value, form.message.value
    reloaded = load_study(demo_copy)
    iv = next(i for i in reloaded.interviews if i.respondent == "R77")
    assert iv.stappen[0].citaten[0].tekst == "Ik werd snel geholpen." and not iv.toestemming.citaten


def test_the_notebook_form_shows_every_problem_and_writes_nothing(demo_copy):
    study = load_study(demo_copy)
    before = sorted(p.name for p in (demo_copy / "interviews").iterdir())
    form = InterviewForm(study)
    form.respondent.value = "Jan de Vries"
    form.consent["interview"].value = True
    form.save_button.click()
    message = form.message.value
    assert "Interview niet opgeslagen" in message
    assert "Jan de Vries" in message and "pseudoniem" in message and "samenstelling" in message
    assert sorted(p.name for p in (demo_copy / "interviews").iterdir()) == before


def test_the_notebook_form_does_not_overwrite_an_existing_interview(demo_copy):
    study = load_study(demo_copy)
    existing = study.interviews[0]
    before = (demo_copy / "interviews" / f"{existing.respondent}.yaml").read_bytes()
    form = InterviewForm(study)
    form.respondent.value = existing.respondent
    form.gemeente.value = existing.gemeente
    form.datum.value = existing.datum
    form.consent["interview"].value = True
    form.samenstelling.value = "x"
    form.save_button.click()
    assert "nog niet in de studie voorkomt" in form.message.value
    assert (demo_copy / "interviews" / f"{existing.respondent}.yaml").read_bytes() == before
