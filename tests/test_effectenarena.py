"""The effectenarena: a room draws the arena for fictive households, names what hinders or
helps, scores it, and the report says where most is to be gained and where the room disagrees."""

from __future__ import annotations

import collections
import re
import shutil

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from scipy import stats

from klantreis.errors import KlantreisFout, Problemen
from klantreis.report.numbers import datum
from klantreis.effectenarena import analyse as ea
from klantreis.effectenarena.excel import import_session_workbook, read_session_workbook, write_session_workbook
from klantreis.effectenarena.model import load_huishoudens, session_data
from klantreis.effectenarena.text import difference_sentences, group_name
from klantreis.stats.agreement import icc, icc_matrix, kendall_w, kendall_w_matrix
from klantreis.study import load_study

from .helpers import require_program

DOTS, SCALED = "2026-04-14_lindewaarde", "2026-05-19_gezamenlijk"


def _raw(study, name):
    return yaml.safe_load((study.path / "effectenarena" / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def own_study(demo_copy):
    """A writable study of one's own (the demo study itself is read-only)."""
    settings = demo_copy / "studie.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("demo: true", "demo: false"), encoding="utf-8")
    return demo_copy


@pytest.fixture(scope="module")
def arena(demo):
    return ea.analyse(demo)


# --- households and sessions ---------------------------------------------------------------------

def test_the_kit_ships_at_least_six_invented_households_of_every_complexity(demo):
    households = load_huishoudens(None, demo.instruments.vocabulaire, problemen := Problemen(""))
    assert not problemen
    assert len(households) >= 6
    assert {h.complexiteit for h in households.values()} == {"enkelvoudig", "meervoudig", "complex"}
    assert all(h.leden and h.leefgebieden and h.verhaal for h in households.values())


def test_a_study_picks_households_and_the_demo_sessions_load(demo):
    assert list(demo.effectenarena_huishoudens) == ["H01", "H02", "H03", "H04"]
    assert set(demo.effectenarena) == {DOTS, SCALED}
    lindewaarde = demo.effectenarena[DOTS]
    assert lindewaarde.gemeente == "Lindewaarde" and lindewaarde.scoring.methode == "stippen"
    assert demo.effectenarena[SCALED].gemeente is None


def test_a_study_adds_its_own_household(own_study):
    own = own_study / "instrumenten"
    own.mkdir(exist_ok=True)
    (own / "huishoudens.yaml").write_text(yaml.safe_dump({"huishoudens": [{
        "code": "S01", "naam": "Mantelzorger met werk", "leden": ["vrouw, 50 jaar"],
        "leefgebieden": [{"leefgebied": "werk", "behoefte": "Werk en zorg combineren."}],
        "complexiteit": "enkelvoudig", "wetten": ["Wmo"], "verhaal": "Zij zorgt voor haar moeder."}]}, allow_unicode=True),
        encoding="utf-8")
    settings = own_study / "studie.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("[H01, H02, H03, H04]", "[H01, H02, H03, H04, S01]"),
                        encoding="utf-8")
    assert "S01" in load_study(own_study).effectenarena_huishoudens


def _bad_sessions(study_dir):
    folder = study_dir / "effectenarena"
    dots = yaml.safe_load((folder / f"{DOTS}.yaml").read_text(encoding="utf-8"))
    dots["scores"][1]["stippen"] = {"F01": 4, "F02": 3}                     # D02: 7 dots, 5 allowed
    del dots["factoren"][2]["perspectief"]                                  # F03 without a perspective
    dots["huishoudens"][0]["verbindingen"].append({"van": "I9", "naar": "A1"})  # a party nobody drew
    del dots["deelnemers"][5]["rol"]                                        # D06 without a role
    dots["deelnemers"].append({"id": "D03", "rol": "beleid"})               # D03 twice
    dots["huishoudens"][1]["huishouden"] = "H99"                            # not in the library
    scaled = yaml.safe_load((folder / f"{SCALED}.yaml").read_text(encoding="utf-8"))
    scaled["scores"][2]["impact"]["F04"] = 7                                # G03: off the 1–5 scale
    for name, data in ((DOTS, dots), (SCALED, scaled)):
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_every_bad_input_is_named_with_session_participant_field_and_value_all_at_once(demo_copy):
    _bad_sessions(demo_copy)
    with pytest.raises(KlantreisFout) as caught:
        load_study(demo_copy)
    found = {(p.bestand, p.plaats, p.veld, str(p.waarde)) for p in caught.value.problemen}
    lw, gz = f"effectenarena/{DOTS}.yaml", f"effectenarena/{SCALED}.yaml"
    expected = [
        (lw, "deelnemer D02", "scores[2].stippen", "7 stippen"),
        (lw, "factor F03", "factoren[3].perspectief", "None"),
        (lw, "huishouden H01", "huishoudens[1].verbindingen[14].van", "I9"),
        (lw, "deelnemer D06", "deelnemers[6].rol", "None"),
        (lw, "deelnemer D03", "deelnemers[17].id", "D03"),
        (lw, "huishouden H99", "huishoudens[2].huishouden", "H99"),
        (gz, "deelnemer G03", "scores[3].impact.F04", "7"),
    ]
    for problem in expected:
        assert problem in found, f"{problem} not among {sorted(found)}"
    text = caught.value.tekst()
    assert "hoogstens 5 stippen" in text and "dit veld is verplicht" in text and "een getal ≤ 5" in text


def test_a_municipal_session_must_name_a_municipality_of_the_study(demo_copy):
    path = demo_copy / "effectenarena" / f"{DOTS}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("gemeente: Lindewaarde", "gemeente: Atlantis"),
                    encoding="utf-8")
    with pytest.raises(KlantreisFout) as caught:
        load_study(demo_copy)
    assert any(p.veld == "gemeente" and p.waarde == "Atlantis" for p in caught.value.problemen)


# --- analysis against independent computations ------------------------------------------------------

def test_dots_are_summed_per_factor_as_counted_by_hand(demo, arena):
    raw = _raw(demo, DOTS)
    counted = collections.Counter()
    for score in raw["scores"]:
        counted.update(score["stippen"])
    ranking = arena.ranking[arena.ranking["sessie"] == DOTS]
    assert dict(zip(ranking["factor"], ranking["stippen"].astype(int))) == {f: counted.get(f, 0) for f in ranking["factor"]}
    top = max(counted.values())
    assert set(ranking.loc[ranking["rang"] == 1, "factor"]) == {f for f, n in counted.items() if n == top}


def test_impact_and_feasibility_are_the_room_means_and_give_the_quadrants(demo, arena):
    raw = _raw(demo, SCALED)
    quadrants = arena.kwadranten.set_index("factor")
    for factor in quadrants.index:
        impact = [s["impact"][factor] for s in raw["scores"] if factor in s["impact"]]
        feasible = [s["haalbaarheid"][factor] for s in raw["scores"] if factor in s["haalbaarheid"]]
        product = [i * h for i, h in zip(impact, feasible)]
        assert quadrants.loc[factor, "impact"] == pytest.approx(np.mean(impact))
        assert quadrants.loc[factor, "prioriteit"] == pytest.approx(np.mean(product))
        high = (np.mean(impact) > 3, np.mean(feasible) > 3)
        assert quadrants.loc[factor, "kwadrant"] == ea.QUADRANTS[high]


def test_factors_by_perspective_count_the_hindering_and_helping_factors(demo, arena):
    per = arena.perspectieven[arena.perspectieven["sessie"] == DOTS].set_index("perspectief")
    raw = _raw(demo, DOTS)["factoren"]
    for p in ("client", "professional", "organisatie", "beleid"):
        assert per.loc[p, "belemmerend"] == sum(f["perspectief"] == p and f["soort"] == "belemmerend" for f in raw)
        assert per.loc[p, "bevorderend"] == sum(f["perspectief"] == p and f["soort"] == "bevorderend" for f in raw)
    assert per["aandeel"].sum() == pytest.approx(1.0)


def _w_by_hand(matrix):
    """Kendall's W from its textbook formula with ties (Siegel & Castellan §9.4), written out."""
    m, n = matrix.shape
    ranks = np.vstack([stats.rankdata(row) for row in matrix])
    r = ranks.sum(axis=0)
    s = ((r - r.mean()) ** 2).sum()
    t = sum(((c ** 3) - c).sum() for c in (np.unique(row, return_counts=True)[1] for row in matrix))
    return 12 * s / (m ** 2 * (n ** 3 - n) - m * t)


def test_kendalls_w_agrees_with_the_formula_pingouin_and_scipy():
    rng = np.random.default_rng(7)
    matrix = rng.integers(0, 4, size=(6, 8)).astype(float)  # dots: many ties
    ours = kendall_w_matrix(matrix)
    assert ours.W == pytest.approx(_w_by_hand(matrix))
    long = pd.DataFrame(matrix).reset_index().melt(id_vars="index", var_name="factor", value_name="score")
    assert ours.W == pytest.approx(pg.friedman(long, dv="score", within="factor", subject="index")["W"].iloc[0])
    assert ours.Q == pytest.approx(stats.friedmanchisquare(*matrix.T).statistic)
    assert kendall_w(long, "factor", "index", "score")["W"].iloc[0] == pytest.approx(ours.W)


def test_the_icc_reproduces_shrout_and_fleiss_and_pingouin():
    # Shrout & Fleiss (1979), table 2: six targets rated by four judges.
    judges = np.array([[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2], [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7.0]])
    assert round(icc_matrix(judges, "ICC2").icc, 2) == 0.29
    assert round(icc_matrix(judges, "ICC2k").icc, 2) == 0.62
    long = pd.DataFrame(judges).reset_index().melt(id_vars="index", var_name="target", value_name="score")
    theirs = pg.intraclass_corr(long, targets="target", raters="index", ratings="score").set_index("Type")
    for kind, row in (("ICC2", "ICC(A,1)"), ("ICC2k", "ICC(A,k)")):
        ours = icc(long, "target", "index", "score", kind=kind).iloc[0]
        assert ours["icc"] == pytest.approx(theirs.loc[row, "ICC"])
        assert [ours["ci_low"], ours["ci_high"]] == pytest.approx(list(theirs.loc[row, "CI95"]), abs=0.006)


def test_the_rooms_agreement_is_computed_over_the_factors_everyone_scored(demo, arena):
    scores = arena.tabellen["scores"]
    part = scores[scores["sessie"] == SCALED].pivot(index="deelnemer", columns="factor", values="prioriteit")
    complete = part.dropna(axis=1)
    assert complete.shape[1] == part.shape[1] - 1  # one participant skipped one factor
    room = arena.overeenstemming.set_index(["sessie", "groep"]).loc[(SCALED, ea.ROOM)]
    assert room["n_factoren"] == complete.shape[1]
    assert room["W"] == pytest.approx(_w_by_hand(complete.to_numpy()))


def test_a_role_group_below_the_minimum_is_never_described(demo, arena):
    """In the joint session only three policy people scored: no number, no place, no sentence
    about them; and the residents' group is shielded, since the room's total would reveal them."""
    agree = arena.overeenstemming.set_index(["sessie", "groep"])
    assert agree.loc[(SCALED, "beleid"), "onderdrukt"] and pd.isna(agree.loc[(SCALED, "beleid"), "W"])
    assert agree.loc[(SCALED, "inwoners"), "afgeschermd"] and pd.isna(agree.loc[(SCALED, "inwoners"), "m"])
    per = arena.per_rolgroep[(arena.per_rolgroep["sessie"] == SCALED) & (arena.per_rolgroep["rolgroep"] == "beleid")]
    assert per[["n", "prioriteit", "rang"]].isna().all().all()
    factors = arena.tabellen["factoren"]
    sentences = " ".join(difference_sentences(arena.per_rolgroep, arena.verschillen, SCALED,
                                              dict(zip(factors["factor"], factors["tekst"]))))
    assert group_name("beleid") not in sentences


def test_where_roles_disagree_is_said_in_plain_dutch(demo, arena):
    factors = arena.tabellen["factoren"]
    names = dict(zip(factors["factor"], factors["tekst"]))
    sentences = difference_sentences(arena.per_rolgroep, arena.verschillen, DOTS, names)
    widest = arena.verschillen[arena.verschillen["sessie"] == DOTS].iloc[0]
    assert sentences[0].startswith("Op de eerste plaats zetten")
    assert any(names[widest["factor"]] in s and f"plaats {widest['plaatsen'][widest['hoogst']]}" in s
               for s in sentences[1:])


def test_evidence_per_kenmerk_comes_from_every_factor(demo):
    table = ea.evidence(demo)
    assert list(table.columns) == ["kenmerk", "gemeente", "bron", "indicator", "richting", "sterkte", "verwijzing"]
    assert len(table) == sum(len(s.factoren) for s in demo.effectenarena.values())
    assert set(table["richting"]) == {"positief", "negatief"}
    assert table["sterkte"].between(0, 1).all() and (table["sterkte"] == 1).any()
    assert set(table.loc[table["verwijzing"].str.contains(DOTS), "gemeente"]) == {"Lindewaarde"}


def test_free_text_of_the_room_is_redacted_before_any_output(own_study, tmp_path):
    path = own_study / "effectenarena" / f"{DOTS}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Het wijkteam kent de buurt en is laagdrempelig", "Marloes van het wijkteam belt terug via 06-12345678"),
        encoding="utf-8")
    study = load_study(own_study)
    texts = " ".join(ea.analyse(study).tabellen["factoren"]["tekst"])
    assert "Marloes" not in texts and "12345678" not in texts and "[naam]" in texts
    from .helpers import write_sections

    doc = Document(str(write_sections(study, ["effectenarena"], tmp_path / "r.docx")))
    everything = " ".join(p.text for p in doc.paragraphs) + " ".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Marloes" not in everything and "12345678" not in everything


# --- the report ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(demo, tmp_path_factory):
    """The effectenarena's sections where the report places them (method, per municipality,
    comparison, statistical appendix)."""
    from .helpers import write_sections

    return Document(str(write_sections(demo, ["effectenarena"], tmp_path_factory.mktemp("rapport") / "r.docx")))


def test_the_report_has_the_method_section_and_each_session_where_it_belongs(report, demo):
    headings = [(p.style.name, p.text) for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Effectenarena") in headings
    text = "\n".join(p.text for p in report.paragraphs)
    assert "geen gepubliceerde bron geeft de effectenarena een getalsmatige schaal" in text
    pictures, chapter, where = 0, None, {}
    for child in report.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, report)
            if p.style.name == "Heading 1":
                chapter = p.text
            elif p.style.name == "Heading 2":
                where[p.text] = chapter
            pictures += len(child.findall(".//" + qn("pic:pic")))
    for s in demo.effectenarena.values():
        title = f"{s.titel} ({datum(s.datum)})"
        assert where[title] == (f"Gemeente {s.gemeente}" if s.gemeente else "De gemeenten vergeleken"), title
    households = sum(len(s.huishoudens) for s in demo.effectenarena.values())
    scaled = sum(s.scoring.methode == "impact_haalbaarheid" for s in demo.effectenarena.values())
    assert pictures == households + len(demo.effectenarena) + scaled


def test_the_report_writes_n_below_five_for_the_small_role_group(report):
    rows = [[c.text for c in row.cells] for t in report.tables for row in t.rows]
    assert ["Beleid en management", "n<5", "–", "–", "–"] in rows
    assert any(r[:2] == ["Inwoners en cliëntvertegenwoordigers", "afgeschermd"] for r in rows)


# --- entry: Excel form, facilitator form, arena sheet ---------------------------------------------------

def _fill_form(path, sessie):
    """Fill the kit's Excel form the way a facilitator would, from an existing session."""
    wb = load_workbook(path)
    values = {"Titel van de sessie": sessie.titel, "Datum (JJJJ-MM-DD)": sessie.datum.isoformat(),
              "Gemeente (leeg laten bij een sessie van meer gemeenten)": sessie.gemeente,
              "Scoremethode: stippen of impact_haalbaarheid": sessie.scoring.methode,
              "Stippen per deelnemer (alleen bij stippen)": sessie.scoring.stippen_per_deelnemer}
    for row in wb["Sessie"].iter_rows(min_row=2):
        row[1].value = values[row[0].value]

    def put(sheet, rows):
        for nr, values in enumerate(rows, 2):
            for col, value in enumerate(values, 1):
                wb[sheet].cell(nr, col).value = value

    put("Deelnemers", [(d.id, d.rol) for d in sessie.deelnemers])
    kinds = {"aanpak": "aanpak", "investeerders": "investeerder", "effecten": "effect", "incasseerders": "incasseerder"}
    put("Arena", [(a.huishouden, kinds[k], c.id, c.tekst, getattr(c, "voor", None))
                  for a in sessie.huishoudens for k in kinds for c in getattr(a, k)])
    put("Verbindingen", [(a.huishouden, v.van, v.naar) for a in sessie.huishoudens for v in a.verbindingen])
    put("Factoren", [(f.id, f.tekst, f.soort, f.perspectief, f.kenmerk, f.huishouden) for f in sessie.factoren])
    put("Scores", [(s.deelnemer, f, s.stippen.get(f), s.impact.get(f), s.haalbaarheid.get(f))
                   for s in sessie.scores for f in dict.fromkeys([*s.stippen, *s.impact])])
    wb.save(path)


@pytest.mark.parametrize("name", [DOTS, SCALED])
def test_an_excel_session_form_reads_back_as_the_same_session(own_study, name):
    study = load_study(own_study)
    form = write_session_workbook(study, own_study / "uitvoer" / "formulier.xlsx")
    _fill_form(form, study.effectenarena[name])
    written = import_session_workbook(study, form, name="uit_excel")
    again = load_study(own_study)
    assert written.name == "uit_excel.yaml"
    assert session_data(again.effectenarena["uit_excel"]) == session_data(study.effectenarena[name])
    with pytest.raises(KlantreisFout, match="bestaat al"):
        import_session_workbook(again, form, name="uit_excel")


def test_the_excel_form_is_printable_with_dutch_labels_and_an_instruction_first(demo, tmp_path):
    wb = load_workbook(write_session_workbook(demo, tmp_path / "f.xlsx"))
    assert wb.sheetnames[0] == "Uitleg" and "Zo vult u dit formulier in" in [c.value for c in wb["Uitleg"]["A"]]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.print_area
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    scores = wb["Scores"]
    assert scores.print_title_rows == "$1:$1"
    assert [c.value for c in scores[1]] == ["Code deelnemer", "Code factor", "Stippen", "Impact (1–5)",
                                             "Haalbaarheid (1–5)"]
    cell = scores["D2"]
    assert cell.border.left.style == "thin" and cell.fill.fgColor.rgb.endswith("FFF8E1")


def test_excel_problems_name_sheet_and_row(demo, tmp_path):
    form = write_session_workbook(demo, tmp_path / "f.xlsx")
    wb = load_workbook(form)
    wb["Arena"]["A2"], wb["Arena"]["B2"], wb["Arena"]["C2"], wb["Arena"]["D2"] = "H01", "toeschouwer", "X1", "iets"
    wb["Factoren"]["B3"] = "=HYPERLINK(\"http://x\")"
    wb.save(form)
    problemen = Problemen("f.xlsx")
    read_session_workbook(form, problemen)
    places = {(p.plaats, p.veld) for p in problemen}
    assert ("blad 'Arena', rij 2", "Soort kaart") in places and ("blad 'Factoren', rij 3", "Factor") in places


def test_the_facilitator_form_saves_every_entry_at_once_and_can_be_reopened(own_study):
    from klantreis.effectenarena.formulier import ArenaForm

    study = load_study(own_study)
    form = ArenaForm(study, "avond")
    form.titel.value = "Avondsessie"
    assert yaml.safe_load(form.path.read_text(encoding="utf-8"))["titel"] == "Avondsessie"
    for code, rol in (("D01", "inwoner"), ("D02", "professional"), ("D03", "facilitator")):
        form.deelnemer_id.value, form.deelnemer_rol.value = code, rol
        form.add_deelnemer.click()
        assert code in form.path.read_text(encoding="utf-8")
    assert form.score_deelnemer.options == ("D01", "D02")  # the facilitator does not vote
    form.huishouden.value = "H02"
    for choice, text in ((("investeerders", None, "I"), "Huisarts"), (("aanpak", None, "A"), "Huisbezoek")):
        form.kaart_soort.value, form.kaart_tekst.value = choice, text
        form.add_kaart.click()
    form.van.value, form.naar.value = "I1", "A1"
    form.add_pijl.click()
    form.factor_tekst.value, form.factor_perspectief.value = "Geen tijd voor huisbezoek", "professional"
    form.add_factor_button.click()
    form.score_deelnemer.value, form.score_factor.value, form.stippen.value = "D01", "F01", 4
    form.add_score.click()
    saved = yaml.safe_load(form.path.read_text(encoding="utf-8"))
    assert saved["huishoudens"][0]["verbindingen"] == [{"van": "I1", "naar": "A1"}]
    assert saved["scores"] == [{"deelnemer": "D01", "stippen": {"F01": 4}}]
    assert form.problems() == [] and not list(form.path.parent.glob(".*.tmp"))

    again = ArenaForm(load_study(own_study), "avond")  # the kernel restarted: go on where it stopped
    assert again.titel.value == "Avondsessie" and len(again.data["deelnemers"]) == 3
    again.methode.value = "impact_haalbaarheid"  # fields that apply show, the others hide
    assert again.impact.layout.display is None and again.stippen.layout.display == "none"
    assert any(p.veld == "scores[1].stippen" for p in again.problems())  # dots no longer fit the method


def test_a_failed_write_leaves_the_last_saved_session_whole(own_study, monkeypatch):
    from klantreis import files
    from klantreis.effectenarena.formulier import ArenaForm

    form = ArenaForm(load_study(own_study), "avond")
    form.titel.value = "Voor de storing"
    before = form.path.read_bytes()

    def crash(*args):
        raise OSError("schijf vol")

    monkeypatch.setattr(files.os, "replace", crash)
    form.titel.value = "Na de storing"
    assert "Niet opgeslagen" in form.message.value
    assert form.path.read_bytes() == before
    assert not list(form.path.parent.glob(".*.tmp"))


def test_the_demo_study_is_never_written_by_the_form(demo):
    from klantreis.effectenarena.formulier import ArenaForm

    form = ArenaForm(demo, "niet_hier")
    form.titel.value = "Proef"
    assert not form.path.exists() and "demostudie" in form.message.value


def test_the_arena_sheet_prints_one_a3_page_per_household(demo, tmp_path):
    from klantreis.effectenarena.arenablad import A3, write_arena_sheets

    written = write_arena_sheets(demo, tmp_path, pdf=False)
    doc = Document(str(written[0]))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == A3[0] and round(section.page_height.cm, 1) == A3[1]
    titles = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert len(titles) == len(demo.effectenarena_huishoudens) == len(doc.inline_shapes)
    assert all(len(s._inline.docPr.get("descr", "")) > 40 for s in doc.inline_shapes)


def test_the_arena_sheet_becomes_a_pdf_with_libreoffice(demo, tmp_path):
    require_program("soffice")
    from klantreis.effectenarena.arenablad import write_arena_sheets

    written = write_arena_sheets(demo, tmp_path, codes=["H01", "H03"])
    assert [p.suffix for p in written] == [".docx", ".pdf"]
    pdf = written[1].read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    boxes = {tuple(round(float(v)) for v in box.split()) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)}
    assert boxes == {(0, 0, 1191, 842)}  # A3 landscape in points


# --- command line ------------------------------------------------------------------------------------

def test_the_commands_prepare_and_report_a_session(tmp_path, capsys):
    from klantreis import cli

    assert cli.main(["effectenarena", "overzicht"]) == 0
    out = capsys.readouterr().out
    assert "Effectenarena Lindewaarde" in out and "Kendalls W" in out
    assert cli.main(["sessieformulier", "effectenarena", "--uitvoer", str(tmp_path)]) == 0
    assert (tmp_path / "effectenarena_sessieformulier.xlsx").exists()
    capsys.readouterr()
    assert cli.main(["effectenarena", "arenablad", "--huishouden", "H09", "--uitvoer", str(tmp_path)]) == 1
    assert "H09" in capsys.readouterr().err


def test_a_new_study_starts_with_an_empty_effectenarena_folder(tmp_path):
    from klantreis.study import create_study

    root = create_study(tmp_path / "nieuw", gemeenten=["Ergens"])
    assert (root / "effectenarena" / "LEESMIJ.txt").exists()
    study = load_study(root)
    assert study.effectenarena == {} and len(study.effectenarena_huishoudens) >= 6
    assert ea.analyse(study).empty
    shutil.rmtree(root)


# --- any input is checked, never a traceback ---------------------------------------------------------

def test_any_session_data_is_accepted_or_reported_never_a_traceback(demo):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from klantreis.effectenarena.model import Sessie, check_session

    keys = st.sampled_from(["titel", "datum", "gemeente", "scoring", "methode", "stippen_per_deelnemer", "deelnemers",
                            "id", "rol", "huishoudens", "huishouden", "aanpak", "verbindingen", "van", "naar",
                            "factoren", "soort", "perspectief", "kenmerk", "scores", "deelnemer", "stippen", "impact"])
    leaves = st.none() | st.booleans() | st.integers(-3, 60) | st.text(max_size=8) | st.sampled_from(
        ["D01", "F01", "H01", "A1", "stippen", "impact_haalbaarheid", "2026-04-14", "inwoner", "client", "K1"])
    values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
                          max_leaves=12)
    base = _raw(demo, DOTS)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(keys, values, max_size=6))
    def check(changes):
        data = {**base, **changes}
        problemen = Problemen("x.yaml")
        found = check_session(data, "x.yaml", problemen, rollen=demo.instruments.vocabulaire.sessie_rollen,
                              huishoudens=demo.effectenarena_huishoudens, gemeenten=list(demo.settings.gemeenten),
                              kenmerken={k.code for k in demo.instruments.kenmerken.kenmerken})
        assert (found is None) == bool(problemen)
        assert found is None or isinstance(found, Sessie)

    check()
