"""The gezamenlijke reis: a session of residents, professionals and policy staff who turn the
meta-analyse into improvement points and vote on them in private.

The numbers are checked against computations written out here independently (sums, ranks by
hand, the Gini coefficient as the double sum of Gini's definition); the privacy rules against
a session with a role group below the minimum.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantreis.errors import KlantreisFout
from klantreis.gezamenlijke_reis.analyse import (
    GINI_VERDEELD,
    analyse,
    evidence,
    ranking,
    role_comparison,
    session_tables,
    spread,
)
from klantreis.stats.inequality import concentration, gini
from klantreis.study import load_study

from .helpers import require_program

JOINT = "2026-06-18_alle_gemeenten"
FOLDER = "gezamenlijke_reis"


def _session(study_dir: Path, name: str = JOINT) -> dict:
    return yaml.safe_load((study_dir / FOLDER / f"{name}.yaml").read_text(encoding="utf-8"))


def _write(study_dir: Path, data: dict, name: str = JOINT) -> None:
    (study_dir / FOLDER / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def own_copy(demo_copy):
    """A copy of the demo that is the researcher's own study (the demo itself is read-only)."""
    settings = demo_copy / "studie.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("demo: true", "demo: false"), encoding="utf-8")
    return demo_copy


def _problems(study_dir: Path) -> list:
    with pytest.raises(KlantreisFout) as exc:
        load_study(study_dir)
    return exc.value.problemen


# --- loading ------------------------------------------------------------------------------------

def test_the_demo_has_a_joint_session_and_a_small_municipal_one(demo):
    sessions = {s.naam: s.sessie for s in demo.gezamenlijke_reis}
    assert set(sessions) == {JOINT, "2026-06-11_beekveen"}
    assert sessions[JOINT].gemeente is None and sessions["2026-06-11_beekveen"].gemeente == "Beekveen"
    step_ids = set(demo.schaduwreis.step_ids)
    for s in sessions.values():
        assert all(set(p.stappen) <= step_ids for p in s.verbeterpunten)


def test_a_new_study_starts_with_an_empty_session_folder(tmp_path):
    from klantreis.study import create_study

    root = create_study(tmp_path / "nieuw", gemeenten=["Lindewaarde"])
    assert (root / FOLDER).is_dir() and not any((root / FOLDER).iterdir())
    assert load_study(root).gezamenlijke_reis == []


# --- bad input: every problem at once, naming file, participant, field and value --------------

def test_every_bad_entry_is_reported_at_once_with_file_participant_field_and_value(demo_copy):
    data = _session(demo_copy)
    data["deelnemers"][1] = {"id": "D01"}                       # a participant without role
    data["deelnemers"].append({"id": "D02", "rol": "inwoner"})  # the same participant twice
    data["verbeterpunten"][0]["stappen"].append("wachtkamer")     # an unknown step
    data["verbeterpunten"][0]["sleutelmomenten"].append("afspraak_plannen")  # a step, not a sleutelmoment
    data["verbeterpunten"][1]["kenmerken"].append("K9")           # an unknown kenmerk
    data["stemmen"][2]["punten"]["V99"] = 0                       # a vote for an unknown point
    data["stemmen"][4]["punten"]["V1"] = 3                        # 4 + 1 + 3 > 5 points
    _write(demo_copy, data)
    problems = _problems(demo_copy)
    shown = [str(p) for p in problems]
    file = f"{FOLDER}/{JOINT}.yaml"
    assert all(p.bestand == file for p in problems)

    def one(plaats, veld_part, waarde=None):
        hits = [p for p in problems if p.plaats == plaats and veld_part in (p.veld or "")
                and (waarde is None or p.waarde == waarde)]
        assert hits, f"geen probleem bij {plaats} / {veld_part} in:\n" + "\n".join(shown)
        return hits[0]

    assert "verplicht" in one("deelnemer D01", "rol").toegestaan
    assert "één keer" in one("deelnemer D02", "id", "D02").toegestaan
    assert "schaduwreis" in one("verbeterpunt V1", "stappen", "wachtkamer").toegestaan
    assert "sleutelmoment" in one("verbeterpunt V1", "sleutelmomenten", "afspraak_plannen").toegestaan
    assert "K1" in one("verbeterpunt V2", "kenmerken", "K9").toegestaan
    assert "V1, V2" in one("deelnemer D03", "punten", "V99").toegestaan
    assert "hoogstens 5" in one("deelnemer D05", "punten", "8 punten").toegestaan
    assert len(problems) == 7, "\n".join(shown)


def test_a_facilitator_does_not_vote_and_a_vote_needs_a_known_participant(demo_copy):
    data = _session(demo_copy)
    data["stemmen"].append({"deelnemer": "F01", "punten": {"V1": 1}})
    data["stemmen"].append({"deelnemer": "D77", "punten": {"V1": 1}})
    data["stemmen"].append({"deelnemer": "D01", "punten": {"V2": 1}})  # D01 votes twice
    _write(demo_copy, data)
    problems = {(p.plaats, p.toegestaan.split(";")[0]) for p in _problems(demo_copy)}
    assert ("deelnemer F01", "stemmen van deelnemers die meestemmen") in problems
    assert ("deelnemer D77", "een deelnemer uit de lijst deelnemers") in problems
    assert any(plaats == "deelnemer D01" and "één stem per deelnemer" in text for plaats, text in problems)


def test_a_session_outside_the_study_or_its_municipalities_is_refused(demo_copy):
    data = _session(demo_copy)
    data["gemeente"] = "Atlantis"
    data["datum"] = "2030-01-01"
    _write(demo_copy, data)
    fields = {(p.veld, p.waarde) for p in _problems(demo_copy)}
    assert ("gemeente", "Atlantis") in fields and ("datum", "2030-01-01") in fields


# --- the numbers, against independent computations ----------------------------------------------

def test_gini_equals_the_double_sum_of_its_definition():
    rng = np.random.default_rng(9)
    for _ in range(50):
        x = rng.integers(0, 6, size=rng.integers(2, 25)).astype(float)
        if x.sum() == 0:
            continue
        by_definition = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
        assert gini(x) == pytest.approx(by_definition, abs=1e-12)
    assert gini([0, 0, 0, 0, 5]) == pytest.approx(4 / 5)  # one of five gave all: (n − 1)/n
    assert gini([2, 2, 2]) == 0.0
    assert np.isnan(gini([0, 0]))


def test_the_ranking_sums_the_points_of_every_voter(demo):
    data = _session(Path(demo.path))
    totals: dict[str, int] = {}
    givers: dict[str, int] = {}
    for vote in data["stemmen"]:
        for code, points in vote["punten"].items():
            totals[code] = totals.get(code, 0) + points
            givers[code] = givers.get(code, 0) + (points > 0)
    result = analyse(demo)
    rank = result.rangorde[result.rangorde["sessie"] == JOINT].set_index("code")
    assert rank["punten"].to_dict() == {c: totals.get(c, 0) for c in rank.index}
    assert rank["stemmers"].to_dict() == {c: givers.get(c, 0) for c in rank.index}
    # by hand: V2 18, V1 and V6 17 (shared second place), V3 14, …
    assert rank.loc["V2", "rang"] == 1 and rank.loc["V1", "rang"] == rank.loc["V6", "rang"] == 2
    assert rank.loc["V3", "rang"] == 4
    assert rank["aandeel"].sum() == pytest.approx(1.0)


def test_a_pile_of_dots_from_four_professionals_is_flagged_as_hiding_disagreement(demo):
    result = analyse(demo)
    spread_ = result.spreiding[result.spreiding["sessie"] == JOINT].set_index("code")
    # V6: 5, 4, 5 and 3 points from four of the 18 voters, nothing from the others.
    v6 = np.array([5, 4, 5, 3] + [0] * 14, dtype=float)
    assert spread_.loc["V6", "gini"] == pytest.approx(np.abs(v6[:, None] - v6).sum() / (2 * 18 ** 2 * v6.mean()))
    assert spread_.loc["V6", "aandeel_topstemmer"] == pytest.approx(5 / 17)
    assert bool(spread_.loc["V6", "verdeeld"]) and spread_.loc["V6", "gini"] >= GINI_VERDEELD
    # V1 has as many points, from eleven voters: broad support, not flagged.
    assert not bool(spread_.loc["V1", "verdeeld"])
    sentences = result.zinnen[(result.zinnen["sessie"] == JOINT) & (result.zinnen["soort"] == "verdeeld")]
    assert any(z.startswith("V6 staat op plaats 2 met 17 punten") and "4 van de 18" in z for z in sentences["zin"])


def test_concentration_per_group_matches_the_kernel():
    votes = pd.DataFrame({"punt": list("AAAABBBB"), "punten": [1, 1, 1, 1, 0, 0, 1, 3]})
    out = concentration(votes, dv="punten", group="punt").set_index("punt")
    assert out.loc["A", "gini"] == 0 and out.loc["B", "gini"] == pytest.approx(gini([0, 0, 1, 3]))
    assert out.loc["B", "top_share"] == 0.75 and out.loc["B", "n_positive"] == 2


# --- role groups and privacy ----------------------------------------------------------------------

def test_role_groups_rank_their_own_priorities(demo):
    result = analyse(demo)
    roles = result.rollen[result.rollen["sessie"] == JOINT]
    first = roles[roles["rang"] == 1].groupby("rolgroep")["code"].apply(set).to_dict()
    assert first == {"inwoners": {"V2"}, "professionals": {"V6"}, "beleid": {"V3"}}
    # inwoners: D01..D07 gave V2 3+3+2+2+4+2+2 points
    inwoners_v2 = roles[(roles["rolgroep"] == "inwoners") & (roles["code"] == "V2")].iloc[0]
    assert inwoners_v2["punten"] == 18 and inwoners_v2["n"] == 7


def test_a_role_group_below_the_minimum_gets_no_numbers_and_cannot_be_derived(demo_copy):
    data = _session(demo_copy)
    # Three of the five policy people leave: beleid has 2 voters, below the minimum of 5.
    gone = {"D14", "D15", "D16"}
    data["deelnemers"] = [d for d in data["deelnemers"] if d["id"] not in gone]
    data["stemmen"] = [v for v in data["stemmen"] if v["deelnemer"] not in gone]
    _write(demo_copy, data)
    result = analyse(load_study(demo_copy))
    roles = result.rollen[result.rollen["sessie"] == JOINT]
    beleid = roles[roles["rolgroep"] == "beleid"]
    assert beleid["onderdrukt"].all() and beleid[["n", "punten", "rang"]].isna().all().all()
    # The session total is published, so the smallest other group (professionals, 6) is shielded
    # too: total − inwoners would otherwise give beleid's points.
    prof = roles[roles["rolgroep"] == "professionals"]
    assert prof["afgeschermd"].all() and prof["punten"].isna().all()
    assert not roles[roles["rolgroep"] == "inwoners"]["onderdrukt"].any()
    assert not any("Beleid" in z or "rofessionals" in z for z in result.zinnen["zin"])


def test_the_small_beekveen_session_shows_no_role_group(demo):
    result = analyse(demo)
    roles = result.rollen[result.rollen["sessie"] == "2026-06-11_beekveen"]
    assert roles["onderdrukt"].all()


def test_improvement_points_are_redacted_before_any_output(demo_copy):
    data = _session(demo_copy)
    data["verbeterpunten"][0]["tekst"] = "Bel Marloes op 06-12345678 voor een afspraak"
    _write(demo_copy, data)
    study = load_study(demo_copy)
    result = analyse(study)
    text = result.rangorde.loc[(result.rangorde["sessie"] == JOINT) & (result.rangorde["code"] == "V1"), "tekst"].iloc[0]
    assert "Marloes" not in text and "06-1234" not in text and "[naam]" in text and "[telefoonnummer]" in text
    assert not evidence(study)["indicator"].str.contains("Marloes").any()


def test_evidence_per_kenmerk_comes_from_the_improvement_points(demo):
    ev = evidence(demo)
    assert list(ev.columns) == ["kenmerk", "gemeente", "bron", "indicator", "richting", "sterkte", "verwijzing"]
    v6 = ev[ev["indicator"].str.startswith("V6")]
    assert v6["kenmerk"].tolist() == ["K5"] and v6["sterkte"].iloc[0] == pytest.approx(17 / 90)
    assert set(ev["kenmerk"]) <= {k.code for k in demo.instruments.kenmerken.kenmerken}


def test_tidy_tables_without_sessions_are_empty_not_broken():
    t = session_tables([])
    assert ranking(t["stemmen"], t["verbeterpunten"]).empty
    assert role_comparison(t["stemmen"]).empty
    assert spread(t["stemmen"], ranking(t["stemmen"], t["verbeterpunten"])).empty


# --- report ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_text(demo, tmp_path_factory):
    """The sections of the gezamenlijke reis where the report places them."""
    from docx import Document

    from .helpers import write_sections

    return Document(str(write_sections(demo, ["gezamenlijke_reis"], tmp_path_factory.mktemp("rapport") / "r.docx")))


def test_the_report_has_the_method_section_and_each_session_where_it_belongs(report_text):
    headings = [(p.style.name, p.text) for p in report_text.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Gezamenlijke reis") in headings
    joint = ("Heading 2", "Gezamenlijke reis: sessie van 18 juni 2026 (alle gemeenten samen)")
    beekveen = ("Heading 2", "Gezamenlijke reis: sessie van 11 juni 2026 (Beekveen)")
    assert headings.index(("Heading 1", "Gemeente Beekveen")) < headings.index(beekveen) \
        < headings.index(("Heading 1", "Gemeente Heidedorp"))
    assert headings.index(("Heading 1", "De gemeenten vergeleken")) < headings.index(joint)
    # the spread of the votes, with its Gini coefficient, is in the statistical appendix
    assert headings.index(("Heading 2", "Gezamenlijke reis: spreiding van de punten")) \
        > headings.index(("Heading 1", "Bijlage Statistische verantwoording"))
    text = "\n".join(p.text for p in report_text.paragraphs)
    assert "V6 staat op plaats 2 met 17 punten" in text
    assert "Inwoners zetten V2 op de eerste plaats" in text
    # Beekveen's role groups are all below 5: no comparison table, a sentence instead.
    assert "Elke rolgroep in deze sessie telde minder dan 5 deelnemers" in text


# --- entry: Excel round trip and the facilitator form -----------------------------------------

def test_excel_form_round_trip_write_fill_read(demo, own_copy, tmp_path):
    from openpyxl import load_workbook

    from klantreis.gezamenlijke_reis.excel import fill_session_workbook, write_session_workbook
    from klantreis.gezamenlijke_reis.model import import_session_workbook

    form = write_session_workbook(demo, tmp_path)
    wb = load_workbook(form)
    assert wb.sheetnames[0] == "Uitleg"
    for ws in wb.worksheets[1:]:
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1" and ws.print_area
    assert wb["Sessie"]["A3"].value == "Datum van de sessie"  # Dutch labels, not field codes
    data = _session(Path(demo.path))
    filled = fill_session_workbook(form, data, tmp_path / "ingevuld.xlsx")
    shutil.rmtree(own_copy / FOLDER)
    (own_copy / FOLDER).mkdir()
    written = import_session_workbook(load_study(own_copy), filled, naam=JOINT)
    assert yaml.safe_load(written.read_text(encoding="utf-8")) == data
    assert analyse(load_study(own_copy)).rangorde.equals(
        analyse(demo).rangorde[analyse(demo).rangorde["sessie"] == JOINT].reset_index(drop=True))


def test_a_filled_excel_form_with_errors_names_sheet_row_participant_and_value(demo, own_copy, tmp_path):
    from klantreis.gezamenlijke_reis.excel import fill_session_workbook, write_session_workbook
    from klantreis.gezamenlijke_reis.model import import_session_workbook

    data = _session(Path(demo.path))
    data["stemmen"][0]["punten"]["V2"] = 9
    data["deelnemers"][3]["rol"] = "burgemeester"
    filled = fill_session_workbook(write_session_workbook(demo, tmp_path), data, tmp_path / "fout.xlsx")
    with pytest.raises(KlantreisFout) as exc:
        import_session_workbook(load_study(own_copy), filled, naam="nieuw")
    text = exc.value.tekst()
    assert "deelnemer D01 (blad 'Stemmen', rij 2) — veld 'stemmen[1].punten' — gevonden: '11 punten'" in text
    assert "deelnemer D03 (blad 'Deelnemers', rij 5) — veld 'deelnemers[4].rol' — gevonden: 'burgemeester'" in text
    assert not (own_copy / FOLDER / "nieuw.yaml").exists()


def test_the_facilitator_form_saves_every_entry_atomically_and_reopens(own_copy, monkeypatch):
    import datetime as dt

    from klantreis import werksessie
    from klantreis.gezamenlijke_reis import formulier as form_module
    from klantreis.gezamenlijke_reis.formulier import SessieFormulier

    demo_copy = own_copy
    study = load_study(own_copy)
    writes = []
    real = werksessie.save_session
    monkeypatch.setattr(form_module, "save_session", lambda path, data: writes.append(dict(data)) or real(path, data))
    form = SessieFormulier(study)
    assert form.session_box.layout.display == "none"  # nothing to fill in before a session is opened
    form.naam.value = "2026-06-20_beekveen"
    form.open_button.click()
    path = demo_copy / FOLDER / "2026-06-20_beekveen.yaml"
    form.gemeente.value = "Beekveen"
    assert yaml.safe_load(path.read_text())["gemeente"] == "Beekveen"  # saved the moment it was chosen
    form.datum.value = dt.date(2026, 6, 20)
    form.max_punten.value = 3
    assert form.votes_box.layout.display == "none"  # no votes before participants and points
    form.add_participant("D01", "inwoner")
    form.add_participant("D02", "professional")
    assert not form.add_participant("D01", "beleid")  # the same participant twice is refused
    form.new_point()
    form.tekst.value = "Eén contactpersoon"
    form.stappen.value = ("eerste_contact",)
    form.kenmerken.value = ("K1",)
    assert yaml.safe_load(path.read_text())["verbeterpunten"][0]["tekst"] == "Eén contactpersoon"
    assert form.votes_box.layout.display is None
    form.stemmer.value = "D02"
    form.vote_box("V1").value = 2
    on_disk = yaml.safe_load(path.read_text())
    assert on_disk["stemmen"] == [{"deelnemer": "D02", "punten": {"V1": 2}}]
    assert len(writes) >= 9  # one write per entry
    assert not list(path.parent.glob(".*.tmp"))  # no temporary file left behind
    assert "compleet" in form.message.value
    form.vote_box("V1").value = 5  # more than 3: saved, and the form says what is wrong
    assert "hoogstens 3 punten" in form.message.value and yaml.safe_load(path.read_text())["stemmen"][0]["punten"]["V1"] == 5

    again = SessieFormulier(study, "2026-06-20_beekveen")
    assert again.gemeente.value == "Beekveen" and again.max_punten.value == 3
    assert again.tekst.value == "Eén contactpersoon" and again.stappen.value == ("eerste_contact",)
    again.stemmer.value = "D02"
    assert again.vote_box("V1").value == 5
    again.vote_box("V1").value = 3
    loaded = {s.naam: s.sessie for s in load_study(demo_copy).gezamenlijke_reis}
    assert loaded["2026-06-20_beekveen"].stemmen[0].punten == {"V1": 3}


def test_the_form_never_writes_into_the_demo_study(demo):
    from klantreis.gezamenlijke_reis.formulier import SessieFormulier

    form = SessieFormulier(demo, "proef")
    assert not form.add_participant("D01", "inwoner")
    assert "alleen-lezen" in form.message.value
    assert not (Path(demo.path) / FOLDER / "proef.yaml").exists()


# --- the handout ----------------------------------------------------------------------------------

@pytest.mark.parametrize("formaat,width_cm", [("A4", 29.7), ("A3", 42.0)])
def test_the_handout_shows_only_consented_quotes(demo, demo_meta, tmp_path, formaat, width_cm):
    from docx import Document

    from klantreis.gezamenlijke_reis.handout import build_handout

    (path,) = build_handout(demo, formaat, tmp_path)
    doc = Document(str(path))
    assert abs(doc.sections[0].page_width.cm - width_cm) < 0.1
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    assert len(doc.inline_shapes) == 1  # the aggregated curve
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert quotes
    all_quotes = demo_meta.tabellen["citaten"]
    refused = all_quotes[~all_quotes["toestemming_citaten"]]["tekst"]
    text = "\n".join(p.text for p in doc.paragraphs)
    for quote in refused:
        assert quote[:40] not in text
    for term in demo.settings.privacy.te_verwijderen:
        assert term not in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:1] == ["Gezamenlijke reis: wat inwoners vertelden"]
    assert {"Waar de curve het laagst is", "De belangrijkste thema's", "Wat inwoners zeiden"} <= set(headings)


def test_the_handout_pdf_needs_libreoffice_and_says_so(demo, tmp_path, monkeypatch):
    from klantreis.gezamenlijke_reis.handout import build_handout

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(KlantreisFout) as exc:
        build_handout(demo, "A4", tmp_path, pdf=True)
    assert "LibreOffice" in exc.value.tekst() and (tmp_path / "handout_gezamenlijke_reis_A4.docx").exists()


def test_the_handout_becomes_a_pdf_with_libreoffice(demo, tmp_path):
    require_program("soffice")
    from klantreis.gezamenlijke_reis.handout import build_handout

    _, pdf = build_handout(demo, "A3", tmp_path, pdf=True)
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")


def test_the_command_line_writes_the_handout_and_the_session_form(tmp_path):
    import sys

    run = [sys.executable, "-m", "klantreis.cli"]
    out = subprocess.run(run + ["gezamenlijke-reis", "handout", "--formaat", "A3", "--uitvoer", str(tmp_path)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()).name == "handout_gezamenlijke_reis_A3.docx"
    out = subprocess.run(run + ["sessieformulier", "gezamenlijke-reis", "--uitvoer", str(tmp_path)],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0 and out.stdout.strip().endswith("sessieformulier_gezamenlijke_reis.xlsx")
    out = subprocess.run(run + ["gezamenlijke-reis", "handout", "--formaat", "A5"], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 2 and "ongeldige keuze" in out.stderr


# --- any input, and the picture at print size ------------------------------------------------------

_values = st.recursive(st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=12),
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                       max_leaves=12)
_sessions = st.fixed_dictionaries({}, optional={
    "gemeente": _values, "datum": st.sampled_from(["2026-06-18", "2026-13-01", 7]), "max_punten": _values,
    "deelnemers": st.lists(st.fixed_dictionaries({}, optional={"id": st.sampled_from(["D01", "D02", "x"]),
                                                               "rol": st.sampled_from(["inwoner", "facilitator", 3])}),
                           max_size=4),
    "verbeterpunten": st.lists(st.fixed_dictionaries({"code": st.sampled_from(["V1", "V2", "Q"])}, optional={
        "tekst": _values, "stappen": _values, "kenmerken": _values}), max_size=3),
    "stemmen": st.lists(st.fixed_dictionaries({}, optional={"deelnemer": _values, "punten": _values}), max_size=3),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_sessions | _values)
def test_any_session_data_is_a_session_or_the_kits_problems(demo, data):
    from klantreis.errors import Problemen
    from klantreis.gezamenlijke_reis.model import context_of, validate_session

    problemen = Problemen("gezamenlijke_reis/x.yaml")
    sessie = validate_session(data, context_of(demo), problemen)
    assert (sessie is None) == bool(problemen)
    assert all(p.bestand == "gezamenlijke_reis/x.yaml" and p.toegestaan for p in problemen)


def test_the_votes_picture_is_drawn_at_print_size_with_text_of_at_least_8_points(demo):
    from matplotlib.text import Text

    from klantreis.gezamenlijke_reis import figures
    from klantreis.gezamenlijke_reis.report import FIGURE_CM

    result = analyse(demo)
    ax = figures.votes_by_role(result.rangorde[result.rangorde["sessie"] == JOINT],
                               result.rollen[result.rollen["sessie"] == JOINT])
    fig = ax.figure
    fig.canvas.draw()
    assert fig.get_figwidth() * 2.54 == pytest.approx(FIGURE_CM)  # inserted at the width it was drawn
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip()]
    assert sizes and min(sizes) >= 8
