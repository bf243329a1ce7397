"""Property-based tests (hypothesis): whatever a user's file holds, every loader either loads it
or raises the kit's own error (`KlantreisFout`), never another exception; and the report is
built for any valid set of interviews.

Loaders: studie.yaml, schaduwreis.yaml, an interview in YAML (as text, as bytes, and as a valid
interview with one field replaced), the Excel interview form (cells replaced), the verkenning
imports (LimeSurvey CSV, Microsoft Forms). The examples are kept small and few: this runs on
two shared cores.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantreis.errors import KlantreisFout

from .test_bad_inputs import CORPUS, MINI_STUDIE

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
               derandomize=True)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40), st.dates().map(str), st.sampled_from(["ja", "nee", "-2", "K1", "=1+1", ""]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


def _loads_or_refuses(study: Path) -> None:
    from klantreis.study import load_study

    try:
        load_study(study)
    except KlantreisFout as exc:
        assert exc.problemen and exc.tekst()


def _with_file(relative: str, content: bytes | str):
    """A fresh copy of the mini study with one file replaced; yields its path."""
    tmp = tempfile.TemporaryDirectory()
    study = Path(shutil.copytree(MINI_STUDIE, Path(tmp.name) / "studie"))
    target = study / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp, study


def _check(relative: str, content) -> None:
    tmp, study = _with_file(relative, content)
    with tmp:
        _loads_or_refuses(study)


@FEW
@given(values)
def test_any_studie_yaml_loads_or_is_refused(data):
    _check("studie.yaml", yaml.safe_dump(data, allow_unicode=True))


@FEW
@given(values)
def test_any_schaduwreis_loads_or_is_refused(data):
    _check("schaduwreis.yaml", yaml.safe_dump(data, allow_unicode=True))


@FEW
@given(st.text(max_size=300))
def test_any_text_as_an_interview_loads_or_is_refused(text):
    _check("interviews/M09.yaml", text)


@FEW
@given(st.binary(max_size=300))
def test_any_bytes_as_an_interview_load_or_are_refused(data):
    _check("interviews/M09.yaml", data)


VALID = yaml.safe_load((MINI_STUDIE / "interviews" / "M01.yaml").read_text(encoding="utf-8"))
PLACES = ["respondent", "gemeente", "datum", "interviewer_rol", "toestemming", "toestemming.citaten", "huishouden",
          "stappen", "stappen.0", "stappen.0.score", "stappen.0.gebeurd", "stappen.1.stap", "stappen.2.themas",
          "extra_stappen", "extra_stappen.0.na", "extra_stappen.0.soort", "aantal_professionals",
          "verhaal_opnieuw_verteld", "waarden"]


@FEW
@given(st.sampled_from(PLACES), values)
def test_a_valid_interview_with_any_field_replaced_loads_or_is_refused(place, value):
    data = copy.deepcopy(VALID)
    data["respondent"] = "M09"
    *path, last = place.split(".")
    node = data
    for part in path:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    _check("interviews/M09.yaml", yaml.safe_dump(data, allow_unicode=True))


FORM = CORPUS / "_geldig_formulier" / "interviews" / "M07.xlsx"
cell_values = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                        st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
                        st.sampled_from(["=SUM(A1)", "ja", "nee", "K1", "WN", "signaal_voorveld"]))


@FEW
@given(st.sampled_from(["Interview", "Stappen"]), st.integers(1, 16), st.integers(1, 8), cell_values)
def test_the_excel_form_with_any_cell_replaced_loads_or_is_refused(sheet, row, column, value):
    from openpyxl import load_workbook

    tmp, study = _with_file("interviews/M07.xlsx", FORM.read_bytes())
    with tmp:
        wb = load_workbook(FORM)
        if sheet in wb.sheetnames:
            wb[sheet].cell(row=row, column=column, value=value)
        wb.save(study / "interviews" / "M07.xlsx")
        _loads_or_refuses(study)


@pytest.fixture(scope="module")
def scan_study(tmp_path_factory):
    from klantreis.study import create_study, load_study

    return load_study(create_study(tmp_path_factory.mktemp("scan") / "studie", gemeenten=["Oostdam"]))


@FEW
@given(st.sampled_from(["limesurvey", "forms"]), st.text(max_size=400),
       st.sampled_from(["", "id,Q1\n", "K1_1,K1_2\n", "id;K1_1\n"]))
def test_any_verkenning_import_stores_or_is_refused(scan_study, formaat, text, header):
    from klantreis.verkenning.uitwisseling import import_responses

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "antwoorden.csv"
        path.write_text(header + text, encoding="utf-8")
        try:
            import_responses(scan_study, path, formaat, gemeente="Oostdam", ronde="nulmeting",
                             perspectief="inwoner")
        except KlantreisFout as exc:
            assert exc.problemen


steps = st.lists(st.tuples(st.sampled_from(["ja", "anders", "nee"]), st.integers(-2, 2)), min_size=13, max_size=13)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["Noordhoek", "Zuidwaarde"]), st.booleans(), steps), min_size=1,
                max_size=8))
def test_the_report_is_built_for_any_valid_set_of_interviews(interviews):
    from klantreis.klantreizen.interviews import save_interview
    from klantreis.report.compose import build_report
    from klantreis.study import load_study

    with tempfile.TemporaryDirectory() as tmp:
        study_path = Path(shutil.copytree(MINI_STUDIE, Path(tmp) / "studie"))
        shutil.rmtree(study_path / "interviews")
        (study_path / "interviews").mkdir()
        study = load_study(study_path)
        ids = study.schaduwreis.step_ids
        for i, (gemeente, consent, path) in enumerate(interviews):
            stappen = [{"stap": s, "gebeurd": g, **({"score": score} if g != "nee" else {}),
                        **({"in_plaats_daarvan": "anders"} if g == "anders" else {})}
                       for s, (g, score) in zip(ids, path)]
            save_interview(study, {
                "respondent": f"M{i + 1:02d}", "gemeente": gemeente, "datum": "2026-02-03",
                "interviewer_rol": "onderzoeker",
                "toestemming": {"interview": True, "citaten": consent, "opname": False, "terugkoppeling": True},
                "huishouden": {"samenstelling": "x", "leefgebieden": [], "wetten": []}, "stappen": stappen,
                "extra_stappen": [], "aantal_professionals": 1, "verhaal_opnieuw_verteld": 0, "waarden": []})
        target = build_report(load_study(study_path), Path(tmp) / "rapport.docx")
        assert target.exists() and target.stat().st_size > 0
