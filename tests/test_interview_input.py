"""Three ways in for an interview (YAML, the kit's Excel form, the notebook form) give the same result."""

from __future__ import annotations

import subprocess
import sys

import yaml
from openpyxl import load_workbook

from klantreis.errors import KlantreisFout

from klantreis.errors import Problemen
from klantreis.klantreizen.excel import (INTERVIEW_FIELDS, STEP_COLUMNS, read_interview_workbook,
                                         write_interview_workbook)
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
    by_label = {label: key for key, label, _ in INTERVIEW_FIELDS}
    for row in ws.iter_rows():
        if row[0].value in by_label:
            row[1].value = values[by_label[row[0].value]]
    steps = wb["Stappen"]
    column = {key: nr for nr, (key, _, _) in enumerate(STEP_COLUMNS)}
    by_id = {sv.stap: sv for sv in iv.stappen}
    for row in steps.iter_rows(min_row=2):
        sv = by_id.get(row[0].value)
        if sv is None:  # a step of the journey the interview does not mention stays empty
            continue
        for key, value in (("gebeurd", sv.gebeurd), ("in_plaats_daarvan", sv.in_plaats_daarvan), ("score", sv.score),
                           ("goed", sv.goed), ("beter", sv.beter), ("themas", ", ".join(sv.themas))):
            row[column[key]].value = value if value != "" else None
    for nr, e in enumerate(iv.extra_stappen, 2):
        for col, value in enumerate([e.naam, e.na, e.soort, e.terug_naar, e.score, None, e.goed or None,
                                     e.beter or None, ", ".join(e.themas) or None], 1):
            wb["Extra stappen"].cell(row=nr, column=col).value = value
    quotes = [(sv.stap, c) for sv in iv.stappen for c in sv.citaten]
    for nr, (stap, c) in enumerate(quotes, 2):
        for col, value in enumerate([stap, c.tekst, ", ".join(c.themas)], 1):
            wb["Citaten"].cell(row=nr, column=col).value = value
    wb.save(path)


def test_an_excel_form_reads_back_as_the_same_interview(demo, demo_copy):
    original = next(iv for iv in demo.interviews if iv.extra_stappen and any(sv.citaten for sv in iv.stappen))
    form = write_interview_workbook(demo, demo_copy / "interviews" / "R90.xlsx", gemeente=original.gemeente)
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
    pseudonym = next(row[1] for row in wb["Interview"].iter_rows() if row[0].value == "Pseudoniem")
    pseudonym.value = "R91"
    wb["Stappen"]["C2"], wb["Stappen"]["E2"] = "ja", 9
    wb["Stappen"]["F3"] = "=cmd|' /C calc'!A0"
    wb.save(form)
    problemen = Problemen("R91.xlsx")
    assert read_interview_workbook(form, problemen)[1] is None
    text = "\n".join(map(str, problemen))
    assert "blad 'Stappen', rij 3" in text and "formules worden niet ingelezen" in text


def test_the_notebook_form_writes_a_valid_interview_file(demo_copy):
    study = load_study(demo_copy)
    form = InterviewForm(study, gemeente=study.settings.gemeenten[1])
    form.respondent.value = "R77"
    form.gemeente.value = study.settings.gemeenten[1]
    form.datum.value = study.settings.periode.begin
    form.consent["interview"].value = True
    form.samenstelling.value = "Alleenstaande oudere"
    first = form.reis.steps[0].id
    assert form.reis is study.schaduwreizen[study.settings.gemeenten[1]]  # the journey of that gemeente
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
    form = InterviewForm(study, gemeente=existing.gemeente)
    form.respondent.value = existing.respondent
    form.gemeente.value = existing.gemeente
    form.datum.value = existing.datum
    form.consent["interview"].value = True
    form.samenstelling.value = "x"
    form.save_button.click()
    assert "nog niet in de studie voorkomt" in form.message.value
    assert (demo_copy / "interviews" / f"{existing.respondent}.yaml").read_bytes() == before


def _old_form(path, study, respondent="R92"):
    """The form as `klantreis interviewformulier` printed it before it had Dutch labels: codes
    as field names in column A from row 2, and code headings on every sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Interview"
    ws.append(["veld", "waarde", "toelichting"])
    first = study.interviews[0]
    for key, value in (("respondent", respondent), ("gemeente", first.gemeente), ("datum", first.datum.isoformat()),
                       ("interviewer_rol", first.interviewer_rol), ("toestemming_interview", "ja"),
                       ("toestemming_citaten", "nee"), ("samenstelling", "Alleenstaande vader"),
                       ("aantal_professionals", 2), ("verhaal_opnieuw_verteld", 1)):
        ws.append([key, value, ""])
    steps = wb.create_sheet("Stappen")
    steps.append(["stap", "stap_naam", "gebeurd", "in_plaats_daarvan", "score", "goed", "beter", "themas"])
    for nr, stap in enumerate(study.schaduwreis.steps[:3]):
        steps.append([stap.id, stap.naam, "ja", None, None if nr == 2 else 1, "snel", None, "K7"])
    wb.create_sheet("Extra stappen").append(["naam", "na", "soort", "terug_naar", "score", "goed", "beter", "themas"])
    wb.create_sheet("Citaten").append(["stap", "tekst", "themas"])
    wb.save(path)
    return path


def test_a_form_printed_before_the_labels_still_reads_and_a_step_without_score_is_named(demo, demo_copy):
    _old_form(demo_copy / "interviews" / "R92.xlsx", demo)
    third = demo.schaduwreis.steps[2].id
    try:
        load_study(demo_copy)
    except KlantreisFout as exc:
        problems = [str(p) for p in exc.problemen]
    else:
        raise AssertionError("een gebeurde stap zonder score moet een probleem zijn")
    assert len(problems) == 1, problems
    assert "interviews/R92.xlsx" in problems[0] and f"stap '{third}'" in problems[0]
    assert "geen score, omdat" in problems[0]


def test_controleer_names_a_yaml_step_that_happened_without_score_or_reason(demo_copy):
    path = demo_copy / "interviews" / "R01.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    scored = [s for s in data["stappen"] if s.get("score") is not None]
    scored[0]["score"] = None
    scored[1]["score"], scored[1]["geen_score_omdat"] = None, "de inwoner wist het niet meer"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "klantreis.cli", "controleer", str(demo_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"stap '{scored[0]['stap']}' — veld 'score'" in result.stderr and "(1 probleem)" in result.stderr


def test_the_printed_form_fits_a4_landscape_with_labels_borders_and_an_instruction(demo, tmp_path):
    wb = load_workbook(write_interview_workbook(demo, tmp_path / "formulier.xlsx"))
    interview = wb["Interview"]
    assert "Vul de gele vakken in" in interview["A2"].value
    labels = [row[0].value for row in interview.iter_rows() if row[0].value]
    assert "Toestemming voor het interview" in labels and "toestemming_interview" not in labels
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows and ws.print_area
    steps = wb["Stappen"]
    assert [c.value for c in steps[1]][:3] == ["Stap (code)", "Stap", "Gebeurd? ja / nee / anders"]
    to_fill = steps.cell(row=2, column=5)
    assert to_fill.border.left.style == "thin" and to_fill.fill.fgColor.rgb.endswith("FFF4CC")
