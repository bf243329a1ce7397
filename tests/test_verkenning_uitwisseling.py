"""De verkenning uitwisselen met LimeSurvey, Microsoft Forms en het Excel-formulier van de kit.

De voorbeeldbestanden in tests/verkenning_bestanden/ hebben de vorm van echte exports (zie
maak_bestanden.py en ../shared/FORMATS.md). De tests volgen de weg van de onderzoeker: de
vragenlijst exporteren, de tool laten invullen, de antwoorden terug inlezen, en bij foute
bestanden alle problemen tegelijk zien zonder dat er iets wordt opgeslagen.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from klantreis.errors import KlantreisFout
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.study import create_study, load_study
from klantreis.verkenning.opslag import Opslag, Response
from klantreis.verkenning.uitwisseling import (
    EXCEL_ROWS,
    PERSP_CODE,
    SHEET_ANSWERS,
    SHEET_LISTS,
    SHEET_TEXTS,
    TSV_COLUMNS,
    derive_response_id,
    excel_columns,
    excel_form,
    export_questionnaire,
    import_responses,
    limesurvey_columns,
)
from klantreis.verkenning.vragenlijst import read_vragenlijst

BESTANDEN = Path(__file__).resolve().parent / "verkenning_bestanden"
_spec = importlib.util.spec_from_file_location("maak_bestanden", BESTANDEN / "maak_bestanden.py")
maak = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(maak)

GEMEENTEN = ["Noordhoek", "Zuidwaarde"]
FORMULE = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def vl():
    return read_vragenlijst()


@pytest.fixture
def studie(tmp_path):
    return load_study(create_study(tmp_path / "studie", gemeenten=GEMEENTEN))


# --- helpers --------------------------------------------------------------------------------------

def labels_to_values(vl):
    values = {o.label: o.code for o in vl.schaal.opties}
    values[vl.schaal.weet_niet.label] = "WN"
    return values


def ls_expected(gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner", only=None):
    """The completed LimeSurvey responses as the store should hold them."""
    out = []
    for r in maak.LS_RESPONDENTEN:
        if r["submitdate"] is None or (only is not None and r["id"] not in only):
            continue
        out.append(Response(
            id=derive_response_id("limesurvey", f"{r['id']}|{r['seed']}|{r['submitdate']}|"),
            gemeente=gemeente, ronde=ronde, perspectief=perspectief, bron="limesurvey",
            antwoorden={c: (None if v == "" else v) for c, v in r["antwoorden"].items()},
            open=dict(r["open"]), prioriteit=list(r["prioriteit"])))
    return out


def forms_expected(vl, respondenten, gemeente="Noordhoek", perspectief="inwoner"):
    values = labels_to_values(vl)
    return [Response(
        id=derive_response_id("forms", f"{r['ID']}|{r['start'].isoformat()}|{r['eind'].isoformat()}"),
        gemeente=gemeente, ronde="nulmeting", perspectief=perspectief, bron="forms",
        antwoorden={c: (None if v is None else values[v]) for c, v in r["antwoorden"].items()},
        open=dict(r["open"]), prioriteit=list(r["prioriteit"])) for r in respondenten]


def excel_expected(vl, path, rows, gemeente="Zuidwaarde"):
    ids = [row[0] for row in load_workbook(path, read_only=True)[SHEET_ANSWERS].iter_rows(
        min_row=2, max_row=len(rows) + 1, max_col=1, values_only=True)]
    values = labels_to_values(vl)
    out = []
    for respons_id, r in zip(ids, rows):
        answers = {s.code: None for s in vl.statements}
        answers.update({c: (v if isinstance(v, int) else values[v]) for c, v in r["antwoorden"].items()})
        out.append(Response(id=derive_response_id("excel", respons_id), gemeente=gemeente, ronde="nulmeting",
                            perspectief=r["perspectief"], bron="excel", antwoorden=answers, open=dict(r["open"]),
                            prioriteit=[p.split()[0] for p in r["prioriteit"]]))
    return out


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=[c for c in ("ontvangen",) if c in frame])
    return frame.sort_values(list(frame.columns[:5])).reset_index(drop=True)


def assert_store_holds_exactly(study, expected: list[Response], tmp_path: Path) -> None:
    """The study's store equals a store that received exactly the intended responses."""
    with Opslag(tmp_path / "verwacht.sqlite") as reference:
        reference.save(expected)
        want = reference.tables()
    with Opslag(study.verkenning_db, readonly=True) as store:
        got = store.tables()
    for name in want:
        pd.testing.assert_frame_equal(_tidy(got[name]), _tidy(want[name]), check_dtype=True, obj=name)


def count(study) -> int:
    if not study.verkenning_db.exists():
        return 0
    with Opslag(study.verkenning_db, readonly=True) as store:
        return store.count()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def problems_of(exc: KlantreisFout) -> set[tuple[str | None, str | None]]:
    return {(p.plaats, p.veld) for p in exc.problemen}


def read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a survey structure the way LimeSurvey does: TAB, double quotes, columns by name,
    empty cells absent."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"'))
    header = rows[0]
    return header, [{h: v for h, v in zip(header, row) if v != ""} for row in rows[1:]]


# --- export to LimeSurvey -------------------------------------------------------------------------

@pytest.mark.parametrize("perspectief", ["inwoner", "uitvoerder", "beleid", "ketenpartner"])
def test_limesurvey_survey_structure_follows_the_import_rules(studie, vl, perspectief, tmp_path):
    path = export_questionnaire(studie, "limesurvey", perspectief=perspectief, output=tmp_path)
    assert path.name == f"verkenning_limesurvey_{perspectief}.txt"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")
    lines = data.decode("utf-8-sig").split("\n")[:-1]
    assert all(line.strip() for line in lines), "geen lege regels"
    assert lines[0].split("\t") == TSV_COLUMNS
    for line in lines:  # no text of this questionnaire holds a TAB or line break
        fields = line.split("\t")
        assert len(fields) == len(TSV_COLUMNS)
        for value in fields:
            if value.startswith('"'):
                assert re.fullmatch(r'"(?:[^"]|"")*"', value), value
                assert re.search(r'[ \t"\\\n]', value[1:-1].replace('""', '"')), f"onnodig gequote: {value}"
            else:
                assert not re.search(r'[ \t"\\\n\r]', value), f"had gequote moeten zijn: {value}"

    header, rows = read_tsv(path)
    classes = [r["class"] for r in rows]
    settings = {r["name"]: r.get("text") for r in rows if r["class"] == "S"}
    assert settings["language"] == "nl"
    titles = [r for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title"]
    assert titles and titles[0]["language"] == "nl" and titles[0]["text"].strip()
    assert classes.index("G") < classes.index("Q")
    assert set(classes) == {"S", "SL", "G", "Q", "SQ", "A"}

    questions, current = {}, None
    for row in rows:  # nesting by position: SQ and A belong to the Q above them
        if row["class"] == "Q":
            current = row
            questions[row["name"]] = {"type": row["type/scale"], "row": row, "SQ": [], "A": []}
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", row["name"])
        elif row["class"] in ("SQ", "A"):
            assert current is not None
            questions[current["name"]][row["class"]].append(row)
            assert re.fullmatch(r"[A-Za-z0-9]{1,20}" if row["class"] == "SQ" else r"[A-Za-z0-9]{1,5}", row["name"])
        elif row["class"] == "G":
            current = None
    assert len(questions) == sum(1 for c in classes if c == "Q"), "vraagcodes zijn uniek"
    for u in vl.uitgangspunten:
        array = questions[u.code]
        assert array["type"] == "F"
        assert [(sq["name"], sq["text"]) for sq in array["SQ"]] == [
            (s.code.replace("_", "S"), s.text_for(perspectief)) for s in u.stellingen]
        assert [(a["name"], a["text"]) for a in array["A"]] == [
            ("A1", "Helemaal oneens"), ("A2", "Oneens"), ("A3", "Neutraal"), ("A4", "Eens"), ("A5", "Helemaal eens"),
            ("WN", "Weet niet / niet van toepassing")]
        assert questions[f"{u.code}open"]["type"] == "T" and questions[f"{u.code}open"]["row"]["text"] == u.open_vraag
    prio = questions["PRIO"]
    assert prio["type"] == "M" and prio["row"]["max_answers"] == "3"
    assert [sq["name"] for sq in prio["SQ"]] == [u.code for u in vl.uitgangspunten]
    persp = questions[PERSP_CODE]["row"]
    assert persp["type/scale"] == "S" and persp["hidden"] == "1" and persp["default"] == perspectief


def test_without_a_perspective_every_perspective_gets_its_own_survey(studie, vl, tmp_path):
    folder = export_questionnaire(studie, "limesurvey", output=tmp_path / "ls")
    assert folder == tmp_path / "ls"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"verkenning_limesurvey_{p}.txt" for p in vl.perspective_labels)
    default = export_questionnaire(studie, "limesurvey", perspectief="beleid")
    assert default == studie.output_dir / "verkenning_limesurvey_beleid.txt" and default.exists()


def test_export_refuses_an_unknown_format_or_perspective_in_dutch(studie, tmp_path):
    with pytest.raises(KlantreisFout) as exc:
        export_questionnaire(studie, "spss", perspectief="wethouder", output=tmp_path / "uit")
    assert problems_of(exc.value) == {(None, "formaat"), (None, "perspectief")}
    assert "inwoner, uitvoerder, beleid, ketenpartner" in exc.value.tekst()
    assert not (tmp_path / "uit").exists()


# --- export as the kit's Excel form ----------------------------------------------------------------

def test_the_excel_form_offers_the_scale_as_a_dropdown_and_every_text_per_perspective(studie, vl):
    path = export_questionnaire(studie, "excel")
    assert path == studie.output_dir / "verkenning_formulier.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Instructie", SHEET_ANSWERS, SHEET_TEXTS]
    ws = wb[SHEET_ANSWERS]
    assert [c.value for c in ws[1]] == excel_columns(vl)
    ids = [ws.cell(row=r, column=1).value for r in range(2, EXCEL_ROWS + 2)]
    assert len(set(ids)) == EXCEL_ROWS and all(ids)
    lists = wb[SHEET_LISTS]
    assert [lists.cell(row=r, column=1).value for r in range(2, 8)] == [
        "Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens", "Weet niet / niet van toepassing"]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    statement = next(dv for ref, dv in validations.items() if ref.startswith("C2:"))
    assert statement.type == "list" and statement.formula1 == f"'{SHEET_LISTS}'!$A$2:$A$7"
    assert ws["C1"].comment.text == vl.statements[0].tekst.standaard
    texts = wb[SHEET_TEXTS]
    assert [c.value for c in texts[1]] == ["code", "uitgangspunt", *vl.perspective_labels]
    k1_1 = vl.statements[0]
    assert [c.value for c in texts[2]][2:] == [k1_1.text_for(p) for p in vl.perspective_labels]


def test_questionnaire_text_that_looks_like_a_formula_is_neutralised_in_the_excel_form(vl, tmp_path):
    # The questionnaire loader already refuses such text; the form does not rely on that.
    u = vl.uitgangspunten[0]
    s = u.stellingen[0]
    bad = s.model_copy(update={"tekst": s.tekst.model_copy(update={"standaard": FORMULE, "beleid": "=1+1"})})
    bad_vl = vl.model_copy(update={"uitgangspunten": [u.model_copy(update={"stellingen": [bad, *u.stellingen[1:]]}),
                                                      *vl.uitgangspunten[1:]]})
    path = tmp_path / "f.xlsx"
    excel_form(bad_vl, GEMEENTEN, perspectief="beleid").save(path)
    wb = load_workbook(path)
    cell = wb[SHEET_TEXTS]["C2"]
    assert cell.value == "'=1+1" and cell.data_type == "s"
    assert all(c.data_type != "f" for sheet in wb.worksheets for row in sheet.iter_rows() for c in row)
    assert wb[SHEET_ANSWERS]["B2"].value == "beleid"
    full = tmp_path / "alle.xlsx"
    excel_form(bad_vl, GEMEENTEN).save(full)
    texts = load_workbook(full)[SHEET_TEXTS]  # columns: code, uitgangspunt, inwoner, uitvoerder, beleid, ketenpartner
    assert (texts["E2"].value, texts["F2"].value) == ("'=1+1", "'" + FORMULE)


# --- round trips: export, let the tool fill it in, import ------------------------------------------

def test_limesurvey_round_trip_from_the_exported_survey_to_the_store(studie, vl, tmp_path):
    survey = export_questionnaire(studie, "limesurvey", perspectief="uitvoerder", output=tmp_path)
    _, rows = read_tsv(survey)
    # What LimeSurvey makes of the structure: response columns in survey order, answer codes.
    columns, question, default = [], None, None
    for row in rows:
        if row["class"] == "Q":
            question = row
            if row["type/scale"] in ("T", "S"):
                columns.append(row["name"])
            if row["name"] == PERSP_CODE:
                default = row["default"]
        elif row["class"] == "SQ":
            columns.append(f"{question['name']}[{row['name']}]")
    assert columns == list(limesurvey_columns(vl))
    assert default == "uitvoerder"
    answers = {"K1_1": 4, "K1_2": "WN", "K2_3": 1, "K5_1": 5, "K7_4": ""}
    responses = [{"id": "11", "submitdate": "2026-05-04 10:11:12", "lastpage": "8", "seed": "42",
                  "antwoorden": answers, "open": {"K5": 'Een "echte" wachtlijst;\nnu 12 weken.'},
                  "prioriteit": ["K2", "K5"]}]
    csv_path = tmp_path / "results-survey123456.csv"
    csv_path.write_bytes(maak.limesurvey_csv(vl, responses, perspectief=default, sep=";"))
    result = import_responses(studie, csv_path, "limesurvey", gemeente="Zuidwaarde", ronde="vervolgmeting")
    assert (result.gelezen, result.nieuw, result.al_aanwezig) == (1, 1, 0)
    expected = Response(id=derive_response_id("limesurvey", "11|42|2026-05-04 10:11:12|"), gemeente="Zuidwaarde",
                        ronde="vervolgmeting", perspectief="uitvoerder", bron="limesurvey",
                        antwoorden={"K1_1": 4, "K1_2": "WN", "K2_3": 1, "K5_1": 5, "K7_4": None},
                        open={"K5": 'Een "echte" wachtlijst;\nnu 12 weken.'}, prioriteit=["K2", "K5"])
    assert_store_holds_exactly(studie, [expected], tmp_path)


def test_excel_round_trip_from_the_exported_form_to_the_store(studie, vl, tmp_path):
    form = export_questionnaire(studie, "excel", output=tmp_path / "formulier.xlsx")
    wb = load_workbook(form)
    ws = wb[SHEET_ANSWERS]
    columns = {c.value: c.column for c in ws[1]}
    for number, r in enumerate(maak.EXCEL_RIJEN, 2):
        ws.cell(row=number, column=columns["perspectief"], value=r["perspectief"])
        for code, value in r["antwoorden"].items():
            ws.cell(row=number, column=columns[code], value=value)
        for code, value in r["open"].items():
            ws.cell(row=number, column=columns[f"{code}_open"], value=value)
        for rank, value in enumerate(r["prioriteit"], 1):
            ws.cell(row=number, column=columns[f"prioriteit_{rank}"], value=value)
    filled = tmp_path / "ingevuld.xlsx"
    wb.save(filled)
    result = import_responses(studie, filled, "excel", gemeente="Zuidwaarde", ronde="nulmeting")
    assert (result.gelezen, result.nieuw) == (3, 3)
    assert_store_holds_exactly(studie, excel_expected(vl, filled, maak.EXCEL_RIJEN), tmp_path)


def test_forms_round_trip_with_the_wording_of_another_perspective(studie, vl, tmp_path):
    path = tmp_path / "Verkenning uitvoerders(1-3).xlsx"
    maak.forms_workbook(vl, maak.FORMS_RESPONDENTEN, maak.forms_layout(vl, "uitvoerder")).save(path)
    result = import_responses(studie, path, "forms", gemeente="Noordhoek", ronde="nulmeting",
                              perspectief="uitvoerder")
    assert result.nieuw == 3
    assert_store_holds_exactly(studie, forms_expected(vl, maak.FORMS_RESPONDENTEN, perspectief="uitvoerder"), tmp_path)


# --- the example files, shaped like the tools' own exports ------------------------------------------

def test_the_limesurvey_example_is_shaped_like_a_real_export():
    data = (BESTANDEN / "limesurvey_inwoner.csv").read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"id","submitdate","lastpage","startlanguage","seed",')
    records = data[3:].split(b"\r\n")
    assert records[-1] == b"" and len(records) == 1 + 5 + 1
    assert b'helpen.\nNu bel ik steeds ""iemand anders""' in data  # LF and doubled quotes inside a value
    assert b',,' in data and b',"",' in data  # NULL (never shown) next to "" (shown, not answered)
    assert re.search(rb'\r\n"3",,"2",', data)  # the incomplete response: no submitdate


def test_completed_limesurvey_responses_are_stored_and_the_incomplete_one_is_listed(studie, tmp_path):
    path = BESTANDEN / "limesurvey_inwoner.csv"
    before = digest(path)
    result = import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert (result.gelezen, result.nieuw, result.al_aanwezig, result.onvolledig) == (4, 4, 0, ["respondent 3"])
    assert_store_holds_exactly(studie, ls_expected(), tmp_path)
    with Opslag(studie.verkenning_db, readonly=True) as store:
        answers = store.tables()["antwoorden"]
    second = answers[answers["respons_id"] == ls_expected(only={"2"})[0].id].set_index("stelling")
    assert "K7_4" not in second.index  # never shown: no row
    assert pd.isna(second.loc["K2_2", "waarde"]) and not second.loc["K2_2", "weet_niet"]  # shown, left empty
    assert digest(path) == before
    text = result.samenvatting()
    assert "4 nieuw opgeslagen" in text and "onvolledige respons overgeslagen" in text and "respondent 3" in text


def test_an_excel_resaved_export_keeps_shown_but_unanswered_and_says_why(studie, tmp_path):
    """Excel drops LimeSurvey's quotes, so "" (shown, not answered) and NULL (never shown) look
    alike. The kit's survey shows every question, so an empty answer of a completed response was
    shown: it is kept as such, and the summary says the file was re-saved."""
    path = BESTANDEN / "limesurvey_excel_opgeslagen.csv"
    header = path.read_bytes().split(b"\r\n", 1)[0]
    assert header.startswith("\ufeff".encode()) and b";" in header and b'"' not in header
    result = import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    expected = ls_expected()
    second = next(r for r in expected if r.id == ls_expected(only={"2"})[0].id)
    second.antwoorden["K7_4"] = None  # never shown in the export, but every question is shown
    fourth = next(r for r in expected if r.id == ls_expected(only={"4"})[0].id)
    fourth.open.update({"K6": "-wachttijd (veel te lang)", "K1": "+1 voor het loket, =cmd|' /C calc'!A0"})
    assert_store_holds_exactly(studie, expected, tmp_path)
    assert "opnieuw opgeslagen" in result.samenvatting() and "getoond maar niet beantwoord" in result.samenvatting()


def test_open_answers_starting_with_minus_or_plus_are_text_and_only_neutralised_in_a_written_sheet(studie, vl, tmp_path):
    from klantreis.verkenning.uitwisseling import export_responses

    import_responses(studie, BESTANDEN / "limesurvey_excel_opgeslagen.csv", "limesurvey", gemeente="Noordhoek",
                     ronde="nulmeting")
    with Opslag(studie.verkenning_db) as store:  # a group of 5 on every uitgangspunt, so the export shows it
        store.save([Response(id=f"extra{i}", gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner",
                             bron="test", antwoorden={s.code: 3 for s in vl.statements}) for i in range(2)])
        stored = set(store.tables()["open"]["tekst"])
    assert {"-wachttijd (veel te lang)", "+1 voor het loket, =cmd|' /C calc'!A0"} <= stored  # as typed, trimmed
    sheet = load_workbook(export_responses(studie, tmp_path / "uit"))["Antwoorden"]
    cells = {c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    assert "'-wachttijd (veel te lang)" in cells and "-wachttijd (veel te lang)" not in cells
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in cells)


def test_incomplete_limesurvey_responses_are_counted_and_kept_on_request(studie, tmp_path):
    path = BESTANDEN / "limesurvey_inwoner.csv"
    default = import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert default.onvolledig == ["respondent 3"] and "--onvolledig-bewaren" in default.samenvatting()
    result = import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting",
                              keep_incomplete=True)
    assert (result.gelezen, result.nieuw, result.al_aanwezig, result.onvolledig_bewaard) == (5, 1, 4, 1)
    assert result.onvolledig == [] and "1 onvolledige respons bewaard" in result.samenvatting()
    with Opslag(studie.verkenning_db, readonly=True) as store:
        answers = store.tables()["antwoorden"]
    third = answers[answers["respons_id"] == derive_response_id("limesurvey", "3|2035541920||")]
    assert set(third["stelling"]) == {"K1_1", "K1_2", "K1_3", "K1_4", "K2_1"}  # only what was shown


def test_a_corrected_export_replaces_this_sources_answers_after_a_backup(studie, vl, tmp_path):
    first = tmp_path / "export.csv"
    first.write_bytes(maak.limesurvey_csv(vl, maak.LS_RESPONDENTEN))
    import_responses(studie, first, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    other = tmp_path / "zuidwaarde.csv"
    other.write_bytes(maak.limesurvey_csv(vl, [dict(r, seed=r["seed"] + "9") for r in maak.LS_RESPONDENTEN]))
    import_responses(studie, other, "limesurvey", gemeente="Zuidwaarde", ronde="nulmeting")  # untouched below
    corrected = tmp_path / "verbeterd.csv"
    fixed = [dict(r, antwoorden=dict(r["antwoorden"], K1_1=1)) for r in maak.LS_RESPONDENTEN if r["id"] != "2"]
    corrected.write_bytes(maak.limesurvey_csv(vl, fixed))
    with pytest.raises(KlantreisFout) as exc:  # without --vervang a changed response is refused
        import_responses(studie, corrected, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert "andere antwoorden" in exc.value.tekst()
    before = digest(studie.verkenning_db)
    result = import_responses(studie, corrected, "limesurvey", gemeente="Noordhoek", ronde="nulmeting",
                              replace=True)
    assert (result.vervangen, result.nieuw) == (4, 3) and "reservekopie" in result.samenvatting()
    assert digest(result.reservekopie) != "" and result.reservekopie.parent == studie.verkenning_db.parent
    with Opslag(result.reservekopie, readonly=True) as backup:
        assert backup.count() == 8
    with Opslag(studie.verkenning_db, readonly=True) as store:
        t = store.tables()
    noordhoek = t["antwoorden"][(t["antwoorden"]["gemeente"] == "Noordhoek") & (t["antwoorden"]["stelling"] == "K1_1")]
    assert len(noordhoek) == 3 and set(noordhoek["waarde"]) == {1}
    assert (t["respondenten"]["gemeente"] == "Zuidwaarde").sum() == 4
    assert before != digest(studie.verkenning_db)


def test_one_limesurvey_survey_for_all_perspectives_asks_the_perspective_and_reads_it_back(studie, vl, tmp_path):
    survey = export_questionnaire(studie, "limesurvey", output=tmp_path, one_survey=True)
    assert survey.name == "verkenning_limesurvey_alle_perspectieven.txt"
    _, rows = read_tsv(survey)
    persp = next(i for i, r in enumerate(rows) if r["class"] == "Q" and r["name"] == PERSP_CODE)
    assert rows[persp]["type/scale"] == "L" and rows[persp]["mandatory"] == "Y" and not rows[persp].get("hidden")
    options = [(r["name"], r["text"]) for r in rows[persp + 1:persp + 5]]
    assert options == [(f"P{i}", p.label) for i, p in enumerate(vl.perspectieven, 1)]
    k1_1 = next(r for r in rows if r["class"] == "SQ" and r["name"] == "K1S1")
    assert k1_1["text"] == vl.statements[0].tekst.standaard.replace("&", "&amp;")
    respondents = [dict(maak.LS_RESPONDENTEN[0], id="21", seed="1"), dict(maak.LS_RESPONDENTEN[1], id="22", seed="2")]
    text = maak.limesurvey_csv(vl, respondents).decode("utf-8")
    lines = text.split("\r\n")
    lines[1], lines[2] = lines[1].replace('"inwoner"', '"P3"'), lines[2].replace('"inwoner"', '"P2"')
    path = tmp_path / "alle.csv"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    with Opslag(studie.verkenning_db, readonly=True) as store:
        assert sorted(store.tables()["respondenten"]["perspectief"]) == ["beleid", "uitvoerder"]


def test_importing_the_same_export_again_stores_nothing_twice(studie, tmp_path):
    path = BESTANDEN / "limesurvey_inwoner.csv"
    import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    again = import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert (again.nieuw, again.al_aanwezig) == (0, 4)
    assert "4 stonden er al in" in again.samenvatting()
    assert_store_holds_exactly(studie, ls_expected(), tmp_path)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated_exports_are_read_alike(studie, vl, sep, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(maak.limesurvey_csv(vl, maak.LS_RESPONDENTEN, sep=sep))
    import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert_store_holds_exactly(studie, ls_expected(), tmp_path)


def test_the_forms_example_is_shaped_like_a_forms_download(vl):
    wb = load_workbook(BESTANDEN / "forms_inwoner.xlsx")
    assert wb.sheetnames == ["Sheet1"]
    ws = wb["Sheet1"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"]
    assert list(ws.tables.values())[0].ref.startswith("A1:")
    assert ws["B2"].number_format == "m/d/yy h:mm:ss" and ws["D2"].value == "anonymous" and ws["E2"].value is None
    assert any(h.endswith("  \n") for h in header)  # a title typed with trailing spaces and a line break
    assert header[-1] == vl.uitgangspunten[-1].open_vraag and "Total points" in header  # added later; quiz
    assert ws.cell(row=2, column=header.index(vl.prioriteit.vraag) + 1).value.endswith(";")


def test_a_forms_download_is_matched_by_statement_text(studie, vl, tmp_path):
    path = BESTANDEN / "forms_inwoner.xlsx"
    before = digest(path)
    result = import_responses(studie, path, "forms", gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner")
    assert (result.gelezen, result.nieuw) == (3, 3)
    assert_store_holds_exactly(studie, forms_expected(vl, maak.FORMS_RESPONDENTEN), tmp_path)
    assert digest(path) == before
    assert "E-mail" not in result.samenvatting()  # anonymous: nothing personal to mention


def test_the_kits_own_excel_form_filled_in(studie, vl, tmp_path):
    path = BESTANDEN / "excel_formulier_ingevuld.xlsx"
    result = import_responses(studie, path, "excel", gemeente="Zuidwaarde", ronde="nulmeting")
    assert (result.gelezen, result.nieuw) == (3, 3)
    assert_store_holds_exactly(studie, excel_expected(vl, path, maak.EXCEL_RIJEN), tmp_path)


# --- bad files: every problem at once, nothing stored -------------------------------------------------

def test_every_problem_in_a_limesurvey_file_is_listed_at_once_and_nothing_is_stored(studie, tmp_path):
    import_responses(studie, BESTANDEN / "limesurvey_inwoner.csv", "limesurvey", gemeente="Zuidwaarde",
                     ronde="nulmeting")
    before_count, store_bytes = count(studie), digest(studie.verkenning_db)
    path = BESTANDEN / "limesurvey_fouten_overal.csv"
    before = digest(path)
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner")
    assert problems_of(exc.value) == {
        ("kopregel", "Q99"),                    # unknown column
        ("kopregel", "K6[K6S3]"),               # statement missing
        ("respondent 1", "K1[K1S1]"),           # A7: outside the scale
        ("respondent 2", "K2[K2S1]"),           # X3: unknown answer code
        ("respondent 4", "id"),                 # the same id twice (both rows)
        ("respondent 5", "PERSP"),              # uitvoerder in a file imported as inwoner
    }
    assert sum(1 for p in exc.value.problemen if p.veld == "id") == 2
    text = exc.value.tekst()
    assert text.startswith("Niets geïmporteerd: limesurvey_fouten_overal.csv bevat fouten (7 problemen)")
    assert "gevonden: 'A7'" in text and "gevonden: 'X3'" in text
    assert len(re.findall(r"staat ook in regel \d+", text)) == 2 and "toegestaan: een antwoordcode A1 tot en met A5" in text
    assert count(studie) == before_count and digest(studie.verkenning_db) == store_bytes
    assert digest(path) == before


def test_with_skip_bad_rows_only_the_good_rows_are_stored_and_the_rest_listed(studie, tmp_path):
    path = BESTANDEN / "limesurvey_twee_foute_rijen.csv"
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert problems_of(exc.value) == {("respondent 2", "K4[K4S2]"), ("respondent 4", "K6[K6S1]")}
    assert "--sla-fouten-over" in exc.value.tekst()
    assert not studie.verkenning_db.exists()  # not even an empty database
    result = import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting",
                              skip_bad_rows=True)
    assert (result.gelezen, result.nieuw) == (4, 2)
    assert list(result.afgewezen) == ["respondent 2", "respondent 4"]
    text = result.samenvatting()
    assert "2 rijen afgewezen" in text and "veld 'K4[K4S2]' — gevonden: 'A7'" in text and "K6[K6S1]" in text
    assert_store_holds_exactly(studie, ls_expected(only={"1", "5"}), tmp_path)


def test_every_problem_in_a_forms_download_is_listed(studie):
    path = BESTANDEN / "forms_met_fouten.xlsx"
    before = digest(path)
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "forms", gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner")
    found = problems_of(exc.value)
    assert ("kopregel", "Woonplaats") in found and ("kopregel", "K3_4") in found
    assert ("respondent 1", "ID") in found
    assert any(p.waarde == "Eens genoeg" and p.plaats == "respondent 2" for p in exc.value.problemen)
    assert len(exc.value.problemen) == 5
    assert count(studie) == 0 and digest(path) == before


def test_a_forms_file_with_resident_wording_imported_as_staff_is_a_wrong_perspective(studie):
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, BESTANDEN / "forms_inwoner.xlsx", "forms", gemeente="Noordhoek",
                         ronde="nulmeting", perspectief="uitvoerder")
    assert len(exc.value.problemen) == 1  # said once, about the headings, not per cell
    assert "verkeerd perspectief" in exc.value.tekst() and "formulering voor inwoner" in exc.value.tekst()
    assert count(studie) == 0


def test_every_problem_in_the_kits_excel_form_is_listed(studie):
    path = BESTANDEN / "excel_formulier_met_fouten.xlsx"
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "excel", gemeente="Zuidwaarde", ronde="nulmeting")
    assert problems_of(exc.value) == {
        ("blad 'Antwoorden', rij 2", "K1_open"),
        ("blad 'Antwoorden', rij 3", "K5_1"),
        ("blad 'Antwoorden', rij 3", "respons_id"),
        ("blad 'Antwoorden', rij 4", "respons_id"),
        ("blad 'Antwoorden', rij 4", "perspectief"),
        ("blad 'Antwoorden', rij 4", "prioriteit_1"),
    }
    assert "gevonden: 7" in exc.value.tekst() and "'wethouder'" in exc.value.tekst()
    assert count(studie) == 0


def test_a_municipality_or_round_outside_the_study_is_reported_with_the_file_problems(studie):
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, BESTANDEN / "limesurvey_twee_foute_rijen.csv", "limesurvey", gemeente="Amsterdam",
                         ronde="eindmeting")
    found = problems_of(exc.value)
    assert {(None, "gemeente"), (None, "ronde")} <= found and ("respondent 2", "K4[K4S2]") in found
    assert "Noordhoek, Zuidwaarde" in exc.value.tekst() and "nulmeting, vervolgmeting" in exc.value.tekst()


def test_a_response_already_stored_for_another_municipality_is_not_silently_skipped(studie):
    path = BESTANDEN / "excel_formulier_ingevuld.xlsx"
    import_responses(studie, path, "excel", gemeente="Zuidwaarde", ronde="nulmeting")
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "excel", gemeente="Noordhoek", ronde="nulmeting")
    assert len(exc.value.problemen) == 3
    assert "staat al in de database voor Zuidwaarde, nulmeting" in exc.value.tekst()
    assert count(studie) == 3


def test_a_file_without_perspective_needs_the_perspective_flag(studie, vl, tmp_path):
    path = tmp_path / "zonder_persp.csv"
    path.write_bytes(maak.limesurvey_csv(vl, maak.LS_RESPONDENTEN, drop_columns=[PERSP_CODE]))
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert len(exc.value.problemen) == 4 and "--perspectief" in exc.value.tekst()
    import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner")
    assert_store_holds_exactly(studie, ls_expected(), tmp_path)


def test_free_text_takes_any_unicode_and_markup_up_to_ten_thousand_characters(studie, vl, tmp_path):
    long_text = ("<script>alert('x')</script> Ünïcødé ✓ 🙂 \"quote\", komma; " * 400)[:10_000]
    respondents = [dict(maak.LS_RESPONDENTEN[0], open={"K2": long_text}),
                   dict(maak.LS_RESPONDENTEN[1], open={"K2": long_text + "!"})]
    path = tmp_path / "lang.csv"
    path.write_bytes(maak.limesurvey_csv(vl, respondents))
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting")
    assert problems_of(exc.value) == {("respondent 2", "K2open")}
    assert "gevonden: '10001 tekens'" in exc.value.tekst() and "hoogstens 10.000 tekens" in exc.value.tekst()
    import_responses(studie, path, "limesurvey", gemeente="Noordhoek", ronde="nulmeting", skip_bad_rows=True)
    with Opslag(studie.verkenning_db, readonly=True) as store:
        assert store.tables()["open"]["tekst"].tolist() == [long_text]


@pytest.mark.parametrize("formaat, content", [("limesurvey", b"\x00\x01PK binary"), ("forms", b"geen xlsx"),
                                              ("excel", b"")])
def test_an_unreadable_file_is_a_dutch_problem(studie, tmp_path, formaat, content):
    path = tmp_path / ("kapot.csv" if formaat == "limesurvey" else "kapot.xlsx")
    path.write_bytes(content)
    with pytest.raises(KlantreisFout) as exc:
        import_responses(studie, path, formaat, gemeente="Noordhoek", ronde="nulmeting", perspectief="inwoner")
    assert exc.value.problemen and all(p.bestand == path.name for p in exc.value.problemen)
    assert count(studie) == 0 and path.read_bytes() == content


def test_imports_into_the_read_only_demo_study_are_refused(vl):
    before = sorted(p.relative_to(DEMO_STUDY_DIR) for p in DEMO_STUDY_DIR.rglob("*"))
    with pytest.raises(KlantreisFout) as exc:
        import_responses(load_study(None), BESTANDEN / "limesurvey_inwoner.csv", "limesurvey",
                         gemeente="Lindewaarde", ronde="nulmeting")
    assert "klantreis nieuw" in exc.value.tekst() and "alleen-lezen" in exc.value.tekst()
    assert sorted(p.relative_to(DEMO_STUDY_DIR) for p in DEMO_STUDY_DIR.rglob("*")) == before


def test_a_copy_of_the_demo_study_accepts_imports(demo_copy, tmp_path):
    # The copy becomes the researcher's own study once studie.yaml no longer says demo: true.
    settings = demo_copy / "studie.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "demo: true" in text
    settings.write_text(text.replace("demo: true", "demo: false"), encoding="utf-8")
    study = load_study(demo_copy)
    result = import_responses(study, BESTANDEN / "limesurvey_inwoner.csv", "limesurvey", gemeente="Beekveen",
                              ronde="nulmeting")
    assert result.nieuw == 4 and study.verkenning_db.is_relative_to(demo_copy)


# --- the command ---------------------------------------------------------------------------------

def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "klantreis.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_cli_exports_the_demo_questionnaire_for_limesurvey_into_demo_uitvoer(tmp_path):
    result = run("verkenning", "exporteer", "--formaat", "limesurvey", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "demo-uitvoer"
    assert result.stdout.strip() == str(folder.resolve())
    assert sorted(p.name for p in folder.iterdir()) == [
        "verkenning_limesurvey_beleid.txt", "verkenning_limesurvey_inwoner.txt",
        "verkenning_limesurvey_ketenpartner.txt", "verkenning_limesurvey_uitvoerder.txt"]


def test_cli_imports_a_good_file_and_refuses_a_bad_one_in_dutch(tmp_path):
    study = create_study(tmp_path / "studie", gemeenten=GEMEENTEN)
    good = run("verkenning", "importeer", study, BESTANDEN / "limesurvey_inwoner.csv", "--formaat", "limesurvey",
               "--gemeente", "Noordhoek", "--ronde", "nulmeting")
    assert good.returncode == 0, good.stderr
    assert "4 nieuw opgeslagen" in good.stdout and "respondent 3" in good.stdout
    bad = run("verkenning", "importeer", study, BESTANDEN / "excel_formulier_met_fouten.xlsx", "--formaat", "excel",
              "--gemeente", "Zuidwaarde", "--ronde", "nulmeting")
    assert bad.returncode == 1 and bad.stdout == ""
    assert "Niets geïmporteerd" in bad.stderr and "(6 problemen)" in bad.stderr and "Traceback" not in bad.stderr
    demo = run("verkenning", "importeer", DEMO_STUDY_DIR, BESTANDEN / "limesurvey_inwoner.csv", "--formaat",
               "limesurvey", "--gemeente", "Lindewaarde", "--ronde", "nulmeting")
    assert demo.returncode == 1 and "klantreis nieuw" in demo.stderr and "Traceback" not in demo.stderr


def test_cli_skips_bad_rows_on_request(tmp_path):
    study = create_study(tmp_path / "studie", gemeenten=GEMEENTEN)
    result = run("verkenning", "importeer", study, BESTANDEN / "limesurvey_twee_foute_rijen.csv", "--formaat",
                 "limesurvey", "--gemeente", "Noordhoek", "--ronde", "nulmeting", "--sla-fouten-over")
    assert result.returncode == 0, result.stderr
    assert "2 nieuw opgeslagen" in result.stdout and "2 rijen afgewezen" in result.stdout


def test_the_answers_export_to_excel_keeps_any_text_but_never_a_formula_or_a_small_group(tmp_path):
    from openpyxl import load_workbook

    from klantreis.study import create_study, load_study
    from klantreis.verkenning.opslag import Opslag, Response
    from klantreis.verkenning.uitwisseling import export_responses

    root = create_study(tmp_path / "studie", gemeenten=["Oostdam", "Westdam"])
    study = load_study(root)
    long_text = "één 😀 <b>vet</b> & " + "x" * 9000
    with Opslag(study.verkenning_db) as store:
        store.save([Response(id=f"r{i}", gemeente="Oostdam", ronde="nulmeting", perspectief="inwoner", bron="test",
                             antwoorden={"K1_1": 4, "K1_2": "WN", "K1_3": None},
                             open={"K1": ["=cmd|' /C calc'!A0", long_text, "Bel 06-12345678", "gewoon", "ok"][i]})
                    for i in range(5)])
        store.save([Response(id=f"w{i}", gemeente="Westdam", ronde="nulmeting", perspectief="beleid", bron="test",
                             antwoorden={"K1_1": 2}) for i in range(3)])  # below the minimum of 5
        # Westdam's inwoners too: were there none, Oostdam's 5 would reveal that 0 by subtraction
        store.save([Response(id=f"v{i}", gemeente="Westdam", ronde="nulmeting", perspectief="inwoner", bron="test",
                             antwoorden={"K1_1": 3}) for i in range(6)])
    before = study.verkenning_db.read_bytes()
    path = export_responses(study, tmp_path / "uit")
    ws = load_workbook(path)["Antwoorden"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in ws[1]]
    assert set(rows) == {f"r{i}" for i in range(5)} | {f"v{i}" for i in range(6)}, \
        "the group of 3 in Westdam is left out"
    k1, k2, k3, open_k1 = (header.index(h) for h in ("K1_1", "K1_2", "K1_3", "K1 open antwoord"))
    assert (rows["r0"][k1], rows["r0"][k2], rows["r0"][k3]) == (4, "WN", None)
    assert rows["r0"][open_k1] == "'=cmd|' /C calc'!A0", "a formula is shown as text"
    assert rows["r1"][open_k1] == long_text
    assert "06-12345678" not in rows["r2"][open_k1] and "[telefoonnummer]" in rows["r2"][open_k1]
    assert study.verkenning_db.read_bytes() == before


def test_the_answers_export_hides_a_municipality_whose_rows_would_give_away_a_small_one(tmp_path):
    """Aakerk has 3 inwoners in the nulmeting: hidden. Were Beekdorp's 6 shown next to Cranendam's
    20, the total of the ronde × perspectief minus both would give Aakerk's 3 away: Beekdorp is
    left out too (secondary suppression, as in the report's tables)."""
    from klantreis.verkenning.uitwisseling import export_responses

    study = load_study(create_study(tmp_path / "studie", gemeenten=["Aakerk", "Beekdorp", "Cranendam"]))
    groups = {"Aakerk": 3, "Beekdorp": 6, "Cranendam": 20}
    with Opslag(study.verkenning_db) as store:
        store.save([Response(id=f"{gemeente[0]}{i}", gemeente=gemeente, ronde="nulmeting", perspectief="inwoner",
                             bron="test", antwoorden={"K1_1": 1 + i % 5})
                    for gemeente, n in groups.items() for i in range(n)])
    wb = load_workbook(export_responses(study, tmp_path / "uit"))
    shown = [r[1] for r in wb["Antwoorden"].iter_rows(min_row=2, values_only=True)]
    assert shown == ["Cranendam"] * 20, "Aakerk (3) and Beekdorp (6) are both left out"
    left_out = dict(wb["Toelichting"].iter_rows(values_only=True))["Weggelaten"]
    assert left_out.startswith("9 antwoorden") and "samen met het totaal" in left_out


def test_cli_replaces_keeps_incomplete_and_exports_one_survey_for_all_perspectives(tmp_path):
    study = create_study(tmp_path / "studie", gemeenten=GEMEENTEN)
    path = BESTANDEN / "limesurvey_inwoner.csv"
    common = ["--formaat", "limesurvey", "--gemeente", "Noordhoek", "--ronde", "nulmeting"]
    first = run("verkenning", "importeer", study, path, *common, "--onvolledig-bewaren")
    assert first.returncode == 0, first.stderr
    assert "5 nieuw opgeslagen" in first.stdout and "1 onvolledige respons bewaard" in first.stdout
    again = run("verkenning", "importeer", study, path, *common, "--vervang")
    assert again.returncode == 0, again.stderr
    assert "5 eerder ingelezen responsen uit deze bron vervangen" in again.stdout and "reservekopie" in again.stdout
    assert "4 nieuw opgeslagen" in again.stdout  # the incomplete one is skipped by default now
    assert len(list((study / "verkenning").glob("antwoorden.voor-vervangen-*.sqlite"))) == 1
    one = run("verkenning", "exporteer", study, "--formaat", "limesurvey", "--een-enquete", "--uitvoer", tmp_path)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "verkenning_limesurvey_alle_perspectieven.txt").is_file()
    wrong = run("verkenning", "exporteer", study, "--formaat", "excel", "--een-enquete")
    assert wrong.returncode == 1 and "--een-enquete alleen met --formaat limesurvey" in wrong.stderr
