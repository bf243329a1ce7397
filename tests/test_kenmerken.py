"""De zeven kenmerken: a profile from a small study whose evidence is counted here by hand, the
rule of the light read from data (also a study's own rule), the checklist's Dutch errors in
YAML and in the Excel form, and privacy (a small group gives no number, an unconsented quote
and personal data in a checklist answer never reach the report)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from klantreis.errors import KlantreisFout
from klantreis.kenmerken.analyse import BRONNEN, analyse, profile, verdict
from klantreis.kenmerken.excel import import_form, write_form
from klantreis.kenmerken.model import Regel
from klantreis.study import create_study, load_study

from .helpers import write_sections

PHONE = "06-12345678"
SECRET = "geheimwoord-uit-een-citaat"


def _answers(*rows) -> dict:
    keys = ("gemeente", "indicator", "antwoord", "bewijs", "bron")
    return {"antwoorden": [{k: v for k, v in zip(keys, row) if v is not None} for row in rows]}


def _write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def small(tmp_path) -> Path:
    """Two invented municipalities. Aadorp's evidence, counted by hand:

    checklist  K1.1 voldoet (+), K1.2 voldoet niet (−), K1.3 voldoet (+)   → K1: +
               K2.1 voldoet niet (−)                                       → K2: −
               K3.1 deels (0)                                              → K3: 0
               K4.1 onbekend (no direction)                                → K4: no verdict
    stakeholders S01: [K1] verbeterpunt (−), [K2, K6] statement (0, 0),
               [K2] verbeterpunt (−), [K5] a literal quote without consent (0)
                                                                → K1 −, K2 −, K5 0, K6 0
    Bedorp: checklist K1.1 voldoet niet (−) only.
    """
    root = create_study(tmp_path / "studie", titel="Kleine kenmerkenstudie (fictief)", gemeenten=["Aadorp", "Bedorp"])
    settings = root / "studie.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    data["privacy"]["te_verwijderen"] = ["Jolanda"]
    _write(settings, data)
    begin = load_study(root).settings.periode.begin
    _write(root / "kenmerken.yaml", _answers(
        ("Aadorp", "K1.1", "voldoet", "Het eerste gesprek gaat over alle leefgebieden.", "document"),
        ("Aadorp", "K1.2", "voldoet niet", "Jeugdhulp staat niet in het plan.", "stakeholder"),
        ("Aadorp", "K1.3", "voldoet", f"Teamleider Jolanda ({PHONE}) regelt het overleg.", "sessie"),
        ("Aadorp", "K2.1", "voldoet niet", "Geen afspraken over de overgang naar achttien.", "document"),
        ("Aadorp", "K3.1", "deels", "Doelen soms samen gesteld.", "sessie"),
        ("Aadorp", "K4.1", "onbekend", None, None),
        ("Bedorp", "K1.1", "voldoet niet", "Het loket werkt per wet.", "document")))
    _write(root / "stakeholders" / "S01.yaml", {
        "id": "S01", "soort": "interview", "gemeente": "Aadorp", "datum": begin.isoformat(),
        "interviewer_rol": "onderzoeker", "rol": "beleid",
        "toestemming": {"interview": True, "citaten": True},
        "uitspraken": [
            {"tekst": "Eén plan per gezin lukt nog niet.", "codes": ["K1"], "verbeterpunt": True},
            {"tekst": "We praten over toekomst en over eenvoud.", "codes": ["K2", "K6"]},
            {"tekst": "Nazorg na afsluiten ontbreekt.", "codes": ["K2"], "verbeterpunt": True},
            {"tekst": f"Letterlijk: {SECRET}.", "codes": ["K5"], "citaat": True, "toestemming_citaat": False},
        ]})
    return root


def test_the_profile_of_a_small_study_matches_the_evidence_counted_by_hand(small):
    result = analyse(load_study(small))
    table = result.bewijs
    assert len(table[table["gemeente"] == "Aadorp"]) == 6 + 5
    assert len(table[table["gemeente"] == "Bedorp"]) == 1
    assert table.groupby("bron").size().to_dict() == {"checklist": 7, "stakeholders": 5}

    aadorp = result.profiel("Aadorp").set_index("kenmerk")
    assert aadorp.loc["K1", ["checklist", "stakeholders"]].tolist() == ["+", "-"]
    assert aadorp.loc["K2", ["checklist", "stakeholders"]].tolist() == ["-", "-"]
    assert aadorp.loc["K3", "checklist"] == "0" and aadorp.loc["K4", "checklist"] is None
    # The default rule (instruments/kenmerken_regel.yaml): fewer than 2 sources with a verdict is
    # grey; 2 or more, all − is red; + and − together is orange.
    assert aadorp["licht"].to_dict() == {"K1": "oranje", "K2": "rood", "K3": "grijs", "K4": "grijs",
                                         "K5": "grijs", "K6": "grijs", "K7": "grijs"}
    assert aadorp["overeenstemming"].to_dict() == {"K1": "divergent", "K2": "convergent", "K3": "alleen",
                                                   "K4": "geen bewijs", "K5": "alleen", "K6": "alleen",
                                                   "K7": "geen bewijs"}
    assert aadorp.loc["K1", ["bronnen", "positief", "negatief", "bewijsregels"]].tolist() == [2, 1, 1, 4]
    assert result.profiel("Bedorp").set_index("kenmerk").loc["K1", "licht"] == "grijs"


def test_a_study_can_bring_its_own_rule_and_the_profile_follows_it(small):
    (small / "instrumenten").mkdir()
    _write(small / "instrumenten" / "kenmerken_regel.yaml", {
        "lichten": [{"licht": "groen", "als": {"positief_minstens": 1, "negatief_hoogstens": 0}},
                    {"licht": "rood", "als": {"negatief_minstens": 1}},
                    {"licht": "oranje", "als": {}}],
        "drempels": {"verkenning": {"positief_vanaf": 3.5, "negatief_onder": 2.5},
                     "klantreizen": {"positief_vanaf": 0.5, "negatief_onder": -0.5}}})
    lights = analyse(load_study(small)).profiel("Aadorp").set_index("kenmerk")["licht"].to_dict()
    # K1 has a − next to its +: not green under this rule, but red.
    assert lights == {"K1": "rood", "K2": "rood", "K3": "oranje", "K4": "oranje", "K5": "oranje",
                      "K6": "oranje", "K7": "oranje"}


def test_the_rule_is_applied_top_down_and_a_source_verdict_is_the_majority():
    regel = Regel.model_validate({
        "lichten": [{"licht": "grijs", "als": {"bronnen_minder_dan": 2}},
                    {"licht": "groen", "als": {"positief_minstens": 2, "negatief_hoogstens": 0}},
                    {"licht": "oranje", "als": {}}],
        "drempels": {"verkenning": {"positief_vanaf": 3.5, "negatief_onder": 2.5},
                     "klantreizen": {"positief_vanaf": 0.5, "negatief_onder": -0.5}}})
    assert regel.light(positief=2, negatief=0, bronnen=2) == "groen"
    assert regel.light(positief=2, negatief=0, bronnen=1) == "grijs"  # impossible counts: grey comes first
    assert regel.light(positief=2, negatief=1, bronnen=3) == "oranje"
    assert verdict(["+", "+", "-", None]) == "+"
    assert verdict(["+", "-", "0"]) == "0"
    assert verdict([None, None]) is None
    with pytest.raises(ValueError):  # the last light must hold always
        Regel.model_validate({"lichten": [{"licht": "groen", "als": {"positief_minstens": 1}}],
                              "drempels": regel.model_dump()["drempels"]})


def test_an_answer_outside_the_four_is_named_with_its_row_value_and_what_is_allowed(small):
    _write(small / "kenmerken.yaml", _answers(
        ("Aadorp", "K1.1", "voldoet", "Bewijs.", "document"),
        ("Aadorp", "K2.1", "misschien", "Bewijs.", "document"),
        ("Aadorp", "K3.1", "deels", "Bewijs.", "website")))
    with pytest.raises(KlantreisFout) as exc:
        load_study(small)
    mine = [p for p in exc.value.problemen if p.bestand == "kenmerken.yaml"]
    assert {(p.veld, p.waarde) for p in mine} == {("antwoorden[2].antwoord", "misschien"),
                                                 ("antwoorden[3].bron", "website")}
    allowed = next(p.toegestaan for p in mine if p.waarde == "misschien")
    assert all(a in allowed for a in ("voldoet", "deels", "voldoet niet", "onbekend"))


def test_the_cross_field_checks_report_all_problems_at_once(small):
    _write(small / "kenmerken.yaml", _answers(
        ("Cedorp", "K1.1", "voldoet", "Bewijs.", "document"),
        ("Aadorp", "K9.9", "voldoet", "Bewijs.", "document"),
        ("Aadorp", "K3.1", "voldoet", "", None),
        ("Aadorp", "K3.1", "deels", "Nog eens.", "sessie")))
    with pytest.raises(KlantreisFout) as exc:
        load_study(small)
    found = {(p.plaats, p.veld): p for p in exc.value.problemen if p.bestand == "kenmerken.yaml"}
    assert set(found) == {("antwoord 1", "gemeente"), ("antwoord 2", "indicator"), ("antwoord 3", "bewijs"),
                          ("antwoord 3", "bron"), ("antwoord 4", "indicator")}
    assert "Aadorp, Bedorp" in found[("antwoord 1", "gemeente")].toegestaan
    assert "antwoord 3" in found[("antwoord 4", "indicator")].toegestaan  # the duplicate names the first


def test_the_excel_form_round_trips_and_a_bad_form_writes_nothing(small):
    from openpyxl import load_workbook

    study = load_study(small)
    form = write_form(study, small / "uitvoer")
    wb = load_workbook(form)
    ws = wb["Checklist"]
    rows = {(ws.cell(r, 1).value, ws.cell(r, 3).value): r for r in range(2, ws.max_row + 1)}
    assert len(rows) == 2 * sum(len(k.indicatoren) for k in study.kenmerken_checklist.kenmerken)
    ws.cell(rows[("Bedorp", "K7.2")], 5).value = "Voldoet"
    ws.cell(rows[("Bedorp", "K7.2")], 6).value = "Warme overdracht is vaste praktijk."
    ws.cell(rows[("Bedorp", "K7.2")], 7).value = "sessie"
    ws.cell(rows[("Bedorp", "K6.1")], 5).value = "onbekend"
    filled = small / "uitvoer" / "ingevuld.xlsx"
    wb.save(filled)
    before = (small / "kenmerken.yaml").read_text(encoding="utf-8")
    with pytest.raises(KlantreisFout):  # kenmerken.yaml exists: only with --overschrijf
        import_form(study, filled)
    assert (small / "kenmerken.yaml").read_text(encoding="utf-8") == before
    import_form(study, filled, overwrite=True)
    answers = yaml.safe_load((small / "kenmerken.yaml").read_text(encoding="utf-8"))["antwoorden"]
    assert answers == [{"gemeente": "Bedorp", "indicator": "K6.1", "antwoord": "onbekend"},
                       {"gemeente": "Bedorp", "indicator": "K7.2", "antwoord": "voldoet",
                        "bewijs": "Warme overdracht is vaste praktijk.", "bron": "sessie"}]

    ws.cell(rows[("Aadorp", "K1.1")], 5).value = "misschien"
    ws.cell(rows[("Aadorp", "K2.1")], 5).value = "voldoet"  # no evidence, no source
    wb.save(filled)
    after = (small / "kenmerken.yaml").read_text(encoding="utf-8")
    with pytest.raises(KlantreisFout) as exc:
        import_form(load_study(small), filled, overwrite=True)
    places = {(p.plaats, p.veld) for p in exc.value.problemen}
    assert (f"blad 'Checklist', rij {rows[('Aadorp', 'K1.1')]}", "antwoord") in places
    assert (small / "kenmerken.yaml").read_text(encoding="utf-8") == after


def test_small_groups_give_no_number_and_no_direction(demo):
    """Heidedorp has 3 interviews (minimum 5): its klantreizen rows carry no mean and no direction;
    Beekveen and Heidedorp have no verkenning cell above the minimum."""
    table = analyse(demo).bewijs
    heide = table[(table["gemeente"] == "Heidedorp") & (table["bron"] == "klantreizen")]
    assert len(heide) and heide["richting"].isna().all() and heide["sterkte"].isna().all()
    assert not heide["indicator"].str.contains(r"gemiddeld|n = ", regex=True).any()
    for gemeente in ("Beekveen", "Heidedorp"):
        scan = table[(table["gemeente"] == gemeente) & (table["bron"] == "verkenning")]
        assert len(scan) and scan["richting"].isna().all()
        assert not scan["indicator"].str.contains(r"\d,\d").any()
    assert set(table["bron"]) == set(BRONNEN)


def test_no_unconsented_quote_or_personal_data_reaches_the_report(small, tmp_path):
    from docx import Document

    study = load_study(small)
    path = write_sections(study, ["kenmerken"], tmp_path / "kenmerken.docx",
                          plaatsen=("kader", "gemeente", "vergelijking", "bijlage"))
    doc = Document(path)
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "De zeven kenmerken in Aadorp" in text and "Jeugdhulp staat niet in het plan." in text
    assert SECRET not in text and "letterlijke uitspraak zonder toestemming" in text
    assert PHONE not in text and "Jolanda" not in text


def test_the_research_question_table_sits_next_to_an_answer_only_the_researchers_write(small):
    """Per aspect its kenmerken (mapping as data) with their lights and evidence counts; the answer
    slot stays empty until the researchers write it, and `klantreis controleer` lists it."""
    from klantreis.figures import FigurePool
    from klantreis.kenmerken.report import add_vraagstelling
    from klantreis.report.compose import FULL, Build
    from klantreis.report.docx import ReportDoc
    from klantreis.teksten import answer_slot, empty_slots

    study = load_study(small)
    vraag = next(v for v in study.settings.onderzoek.onderzoeksvragen if v.aspecten)
    doc = ReportDoc(redactor=study.redactor)
    with FigurePool(workers=0) as pool:
        add_vraagstelling(doc, Build(study, pool, FULL), None, gemeente="Aadorp", vraag=vraag)
    rows = [[c.text for c in row.cells] for row in doc.doc.tables[0].rows]
    by_aspect = {r[0]: r for r in rows[1:]}
    mapping = study.kenmerken_checklist.aspecten
    # samenhangend = K1 (4 rows: 2 +, 2 −) and K6 (1 row: 0)
    assert mapping["samenhangend"] == ["K1", "K6"]
    assert by_aspect["Samenhangend"][2:] == ["5", "2", "2"]
    assert "K1 Passend en samenhangend: ◐ oranje" in by_aspect["Samenhangend"][1]
    assert answer_slot(vraag.id, "Aadorp") in [s.pad for s in empty_slots(study)]


def test_the_public_lines_are_short_plain_sentences(small, tmp_path):
    from docx import Document

    from klantreis.figures import FigurePool
    from klantreis.kenmerken.report import add_publiek
    from klantreis.report.compose import FULL, Build
    from klantreis.report.docx import ReportDoc

    study = load_study(small)
    doc = ReportDoc(redactor=study.redactor)
    with FigurePool(workers=0) as pool:
        add_publiek(doc, Build(study, pool, FULL), None, gemeente="Aadorp")
    lines = [p.text for p in doc.doc.paragraphs if p.text.strip()]
    assert "Toekomstbestendig: kan beter." in lines and "Voorkomen en vroeg signaleren: weten we nog niet." in lines
    for line in lines:
        for sentence in re.split(r"(?<=[.:?!])\s+", line):
            assert len(sentence.split()) <= 15, sentence


def test_the_word_checklist_has_every_indicator_for_every_municipality_with_four_boxes(small, tmp_path):
    from docx import Document

    from klantreis.kenmerken.word import write_checklist

    study = load_study(small)
    doc = Document(write_checklist(study, tmp_path))
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows[1:]]
    per_municipality = sum(len(k.indicatoren) for k in study.kenmerken_checklist.kenmerken)
    assert len(rows) == 2 * per_municipality
    assert all(r[1].count("☐") == 4 for r in rows)
    assert sum(r[0].startswith("K6.4 ") for r in rows) == 2


def test_a_second_round_shows_per_kenmerk_what_changed(small, tmp_path):
    """The same evaluation a year later: Aadorp's checklist now says K2 is in order (+ next to the
    stakeholders' −: orange instead of red); K3 gets a second answer, but that is still one source
    (the checklist), so its grey light stays grey."""
    import shutil

    from klantreis.kenmerken.rondes import change, compare_rounds

    later = tmp_path / "later"
    shutil.copytree(small, later)
    data = yaml.safe_load((later / "kenmerken.yaml").read_text(encoding="utf-8"))
    for a in data["antwoorden"]:
        if a["indicator"] == "K2.1":
            a["antwoord"], a["bewijs"] = "voldoet", "Overgang naar achttien staat nu in elk plan."
    data["antwoorden"].append({"gemeente": "Aadorp", "indicator": "K3.2", "antwoord": "voldoet",
                               "bewijs": "Folder over cliëntondersteuning bij elk gesprek.", "bron": "document"})
    _write(later / "kenmerken.yaml", data)
    table = compare_rounds(analyse(load_study(small)), analyse(load_study(later))).set_index(["gemeente", "kenmerk"])
    assert table.loc[("Aadorp", "K2"), ["licht_voor", "licht_na", "verandering"]].tolist() == ["rood", "oranje", "beter"]
    assert table.loc[("Aadorp", "K3"), "verandering"] == "gelijk"  # grey stays grey
    assert table.loc[("Aadorp", "K1"), "verandering"] == "gelijk"
    assert change("groen", "grijs") == "niet te zeggen" and change("oranje", "rood") == "slechter"
