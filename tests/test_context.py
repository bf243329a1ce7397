"""Context per gemeente: the researcher fills a table per municipality (context.yaml or the kit's
Excel form); the kit computes households with provisions per 1,000 against the national figure and
spending per client, names what is still empty, and opens every municipality's chapter with it."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from klantreis import cli
from klantreis.context import analyse as ca
from klantreis.context import report as cr
from klantreis.context.excel import FORM_NAME, write_context_workbook
from klantreis.context.model import PLACEHOLDER, Gemeente, read_context
from klantreis.errors import KlantreisFout
from klantreis.report.compose import FULL, Build
from klantreis.report.docx import ReportDoc
from klantreis.study import PLACEHOLDER as STUDY_PLACEHOLDER
from klantreis.study import create_study, load_study

from .helpers import require_program
from .test_bad_inputs import MINI_STUDIE

# A complete, valid context for the mini study (Noordhoek and Zuidwaarde).
VALID = {"gemeenten": {
    "Noordhoek": {"inwoners": 20000, "huishoudens": 8000, "jaar": 2025, "bron": "CBS",
                  "voorzieningen": {"wmo": 900, "jeugdwet": 240, "participatiewet": 500},
                  "organisatiemodel": "A1", "positionering": 1, "toelichting": "Een kleine gemeente met twee kernen.",
                  "routes": [{"naam": "Wmo: begeleiding", "clienten": 120, "nieuwe_aanmeldingen": 80,
                              "uitgaven": 960000, "jaar": 2025},
                             {"naam": "Nog zonder cliënten", "clienten": 0, "uitgaven": 5000.5}]},
    "Zuidwaarde": {"inwoners": 51000, "huishoudens": 23000, "voorzieningen": {"wmo": 2300},
                   "organisatiemodel": "C", "positionering": "4"},
}}


def _study(tmp_path: Path, context: dict | str | None = None, name: str = "context.yaml") -> Path:
    study = Path(shutil.copytree(MINI_STUDIE, tmp_path / "studie"))
    if context is not None:
        text = context if isinstance(context, str) else yaml.safe_dump(context, allow_unicode=True)
        (study / name).write_text(text, encoding="utf-8")
    return study


def _problems(study: Path) -> list[str]:
    with pytest.raises(KlantreisFout) as info:
        load_study(study)
    return [str(p) for p in info.value.problemen]


# --- the instrument ---------------------------------------------------------------------------------

def test_the_organisation_models_carry_the_national_shares_movisie_reports(demo):
    modellen = demo.instruments.organisatiemodellen
    shares = {m.code: m.aandeel for m in modellen.organisatiemodellen}
    assert shares == {"A1": 0.40, "A2": 0.18, "B": 0.23, "C": 0.14, "anders": 0.06}
    assert modellen.organisatiemodellen_n == 194 and modellen.positioneringen_n == 188
    positions = {m.code: m.aandeel for m in modellen.positioneringen}
    assert positions == {"1": 0.46, "2": 0.34, "3": None, "4": 0.07}  # model 3: the source gives no share
    # per law: the sum of every combination with that law (waarstaatjegemeente.nl, first half of 2018)
    combinations = {"alleen Jeugd": 27, "alleen P-wet": 49, "alleen Wmo": 89, "Jeugd en P-wet": 3,
                    "Jeugd en Wmo": 2, "P-wet en Wmo": 15, "Jeugd, P-wet en Wmo": 1}
    national = modellen.landelijk.per_1000_huishoudens
    for wet, word in (("wmo", "Wmo"), ("jeugdwet", "Jeugd"), ("participatiewet", "P-wet")):
        assert national[wet] == sum(n for k, n in combinations.items() if word in k)


def test_a_study_may_bring_its_own_national_figures(tmp_path):
    study = _study(tmp_path, VALID)
    own = yaml.safe_load((Path(__file__).parents[1] / "instruments" / "organisatiemodellen.yaml").read_text("utf-8"))
    own["landelijk"] = {"bron": "eigen bron 2025", "jaar": 2025, "per_1000_huishoudens": {"wmo": 100, "jeugdwet": None}}
    (study / "instrumenten").mkdir()
    (study / "instrumenten" / "organisatiemodellen.yaml").write_text(yaml.safe_dump(own), encoding="utf-8")
    rates = ca.analyse(load_study(study)).voorzieningen.set_index(["gemeente", "wet"])
    assert rates.at[("Noordhoek", "wmo"), "verhouding"] == pytest.approx((1000 * 900 / 8000) / 100)
    assert math.isnan(rates.at[("Noordhoek", "jeugdwet"), "landelijk"])  # unknown: no ratio either
    assert math.isnan(rates.at[("Noordhoek", "jeugdwet"), "verhouding"])


def test_a_broken_own_instrument_is_named_with_its_file(tmp_path):
    study = _study(tmp_path, VALID)
    (study / "instrumenten").mkdir()
    (study / "instrumenten" / "organisatiemodellen.yaml").write_text(
        "bron_kort: x\nbron: y\norganisatiemodellen: [{code: A, naam: a, omschrijving: a, aandeel: 0.8},"
        " {code: B, naam: b, omschrijving: b, aandeel: 0.7}]\npositioneringen: [{code: '1', naam: a, omschrijving: a}]\n"
        "landelijk: {bron: z}\n", encoding="utf-8")
    found = _problems(study)
    assert any(p.startswith("instrumenten/organisatiemodellen.yaml") and "hoogstens 1 (100%)" in p for p in found)


# --- loading ------------------------------------------------------------------------------------------

def test_the_demo_context_is_invented_and_complete(demo):
    context = demo.context
    assert context.bestand == "context.yaml" and context.volgorde == ("Lindewaarde", "Beekveen", "Heidedorp")
    assert context.nog_in_te_vullen() == {}
    assert {g: context.van(g).organisatiemodel for g in context.volgorde} == {
        "Lindewaarde": "C", "Beekveen": "B", "Heidedorp": "A1"}
    assert len({context.van(g).positionering for g in context.volgorde}) == 3
    assert all(3 <= len(context.van(g).routes) <= 4 for g in context.volgorde)
    assert "FICTIEVE DEMOSTUDIE" in (demo.path / "context.yaml").read_text(encoding="utf-8")


def test_a_study_without_a_context_file_still_loads_and_says_what_is_missing(tmp_path, capsys):
    study = load_study(_study(tmp_path))
    assert study.context.bestand is None
    assert set(study.context.nog_in_te_vullen()) == {"Noordhoek", "Zuidwaarde"}
    assert cli.main(["controleer", str(study.path)]) == 0
    assert "context per gemeente nog niet ingevuld (geen context.yaml of context.xlsx)" in capsys.readouterr().out


def test_a_new_study_gets_a_context_file_with_every_municipality_still_to_fill(tmp_path, capsys):
    path = create_study(tmp_path / "nieuw", gemeenten=["Oostdam", "Westerveld"])
    text = (path / "context.yaml").read_text(encoding="utf-8")
    assert text.count(PLACEHOLDER) > 10 and "A1: breed integraal team voor alle hulpvragen" in text
    study = load_study(path)
    missing = study.context.nog_in_te_vullen()
    assert list(missing) == ["Oostdam", "Westerveld"]
    assert missing["Oostdam"] == ["inwoners", "huishoudens", "huishoudens met Wmo", "huishoudens met Jeugdwet",
                                  "huishoudens met Participatiewet", "organisatiemodel", "positionering"]
    assert cli.main(["controleer", str(path)]) == 0
    assert "context van 2 gemeenten (nog in te vullen in context.yaml: Oostdam: alles; Westerveld: alles)" \
        in capsys.readouterr().out


def test_a_new_study_without_municipalities_yet_gets_an_empty_context_that_loads(tmp_path):
    path = create_study(tmp_path / "nieuw")
    assert load_study(path).context.gemeenten == {}


def test_the_placeholder_is_the_one_of_the_study():
    assert PLACEHOLDER == STUDY_PLACEHOLDER


def test_a_partly_filled_municipality_lists_only_what_is_missing(tmp_path):
    study = load_study(_study(tmp_path, VALID))
    assert study.context.nog_in_te_vullen() == {"Zuidwaarde": ["huishoudens met Jeugdwet",
                                                               "huishoudens met Participatiewet"]}
    assert study.context.van("Zuidwaarde").positionering == "4"  # "4" and 4 are the same code
    assert study.context.van("Noordhoek").positionering == "1"


def test_codes_are_read_as_the_instrument_spells_them(tmp_path):
    study = load_study(_study(tmp_path, {"gemeenten": {"Noordhoek": {"organisatiemodel": "a1"},
                                                       "Zuidwaarde": {"organisatiemodel": "Anders"}}}))
    assert [study.context.van(g).organisatiemodel for g in ("Noordhoek", "Zuidwaarde")] == ["A1", "anders"]


def test_every_wrong_value_is_named_at_once_with_municipality_field_value_and_what_is_allowed(tmp_path):
    bad = {"gemeenten": {
        "Noordhoek": {"inwoners": "42.000", "huishoudens": 8000, "organisatiemodel": "D", "positionering": 5,
                      "voorzieningen": {"wmo": 9000, "jeugdwet": -3}, "kleur": "rood",
                      "toelichting": "=HYPERLINK(\"http://x\")",
                      "routes": [{"naam": "Begeleiding", "uitgaven": -10},
                                 {"naam": "begeleiding", "clienten": True}]},
        "Zuidwaarde": {"inwoners": 100, "huishoudens": 250},
        "Atlantis": {"inwoners": 5},
    }}
    found = _problems(_study(tmp_path, bad))
    text = "\n".join(found)
    assert all(p.startswith("context.yaml, gemeente '") for p in found), text
    expected = [
        ("'Noordhoek'", "veld 'inwoners'", "gevonden: '42.000'", "een geheel getal"),
        ("'Noordhoek'", "veld 'voorzieningen.jeugdwet'", "gevonden: -3", "≥ 0"),
        ("'Noordhoek'", "veld 'kleur'", "gevonden: 'rood'", "geen onbekende velden"),
        ("'Noordhoek'", "veld 'toelichting'", "gevonden: '=HYPERLINK", "spreadsheetformule"),
        ("'Noordhoek'", "veld 'routes[1].uitgaven'", "gevonden: -10", "≥ 0"),
        ("'Noordhoek'", "veld 'routes[2].clienten'", "gevonden: true", "een geheel getal"),
        # the checks across fields still run on what is valid
        ("'Noordhoek'", "veld 'organisatiemodel'", "gevonden: 'D'", "A1, A2, B, C, anders"),
        ("'Noordhoek'", "veld 'positionering'", "gevonden: '5'", "1, 2, 3, 4"),
        ("'Noordhoek'", "veld 'voorzieningen.wmo'", "gevonden: 9000", "als huishoudens (8000)"),
        ("'Zuidwaarde'", "veld 'huishoudens'", "gevonden: 250", "als inwoners (100)"),
        ("'Atlantis'", "veld 'gemeente'", "gevonden: 'Atlantis'", "een gemeente uit studie.yaml: Noordhoek, Zuidwaarde"),
    ]
    for parts in expected:
        assert any(all(part in p for part in parts) for p in found), (parts, text)
    assert len(found) == len(expected), text


def test_a_route_named_twice_in_one_municipality_is_refused(tmp_path):
    found = _problems(_study(tmp_path, {"gemeenten": {"Noordhoek": {
        "routes": [{"naam": "Begeleiding"}, {"naam": "begeleiding", "clienten": 4}]}}}))
    assert found == ["context.yaml, gemeente 'Noordhoek' — veld 'routes[2].naam' — gevonden: 'begeleiding' — "
                     "toegestaan: elke route één keer per gemeente"]


@pytest.mark.parametrize("value, allowed", [
    (10 ** 300, "≤ 10000000"), (float("inf"), "een geheel getal"), (float("nan"), "een geheel getal"),
    (True, "een geheel getal"), ("=1+1", "een geheel getal"), ([1, 2], "een geheel getal"),
])
def test_hostile_numbers_are_refused_in_dutch(tmp_path, value, allowed):
    data = {"gemeenten": {"Noordhoek": {"inwoners": value}}}
    found = _problems(_study(tmp_path, data))
    assert len(found) == 1 and "veld 'inwoners'" in found[0] and allowed in found[0], found


def test_huge_spending_is_refused_but_cents_are_kept(tmp_path):
    found = _problems(_study(tmp_path, {"gemeenten": {"Noordhoek": {"routes": [{"naam": "x", "uitgaven": 1e300}]}}}))
    assert "routes[1].uitgaven" in found[0] and "≤ 100000000000" in found[0]
    study = load_study(_study(tmp_path / "b", VALID))
    assert study.context.van("Noordhoek").routes[1].uitgaven == 5000.5


def test_a_yaml_file_and_an_excel_file_together_are_refused(tmp_path):
    study = _study(tmp_path, VALID)
    (study / "context.xlsx").write_bytes(b"not really")
    found = _problems(study)
    assert any("één van beide: context.yaml of context.xlsx" in p for p in found)


# --- the numbers --------------------------------------------------------------------------------------

def test_rates_per_1000_households_and_the_ratio_follow_the_formula(demo):
    raw = yaml.safe_load((demo.path / "context.yaml").read_text(encoding="utf-8"))["gemeenten"]
    national = {"wmo": 107, "jeugdwet": 33, "participatiewet": 68}
    table = ca.analyse(demo).voorzieningen
    assert len(table) == 9
    for row in table.itertuples():
        g = raw[row.gemeente]
        expected = 1000 * g["voorzieningen"][row.wet] / g["huishoudens"]
        assert row.per_1000 == pytest.approx(expected)
        assert row.verhouding == pytest.approx(expected / national[row.wet])
    lindewaarde_wmo = table[(table.gemeente == "Lindewaarde") & (table.wet == "wmo")].iloc[0]
    assert round(lindewaarde_wmo.per_1000, 1) == 113.5  # 2150 / 18940 households


def test_spending_per_client_is_spending_divided_by_clients_and_never_divides_by_zero(tmp_path):
    routes = ca.analyse(load_study(_study(tmp_path, VALID))).routes.set_index("route")
    assert routes.at["Wmo: begeleiding", "per_client"] == 8000.0  # 960000 / 120
    assert math.isnan(routes.at["Nog zonder cliënten", "per_client"])


def test_the_rate_formula_itself():
    assert ca.per_1000(25, 1000) == 25.0
    assert ca.per_1000(1, 3) == pytest.approx(333.333, abs=1e-3)
    assert math.isnan(ca.per_1000(None, 100)) and math.isnan(ca.per_1000(5, None))


# --- Excel --------------------------------------------------------------------------------------------

def test_the_excel_form_round_trips_to_the_same_context(demo, tmp_path, capsys):
    assert cli.main(["contextformulier", "--uitvoer", str(tmp_path)]) == 0
    form = tmp_path / FORM_NAME
    assert form.exists() and "context.xlsx" in capsys.readouterr().out
    sheets = load_workbook(form).sheetnames
    assert sheets == ["Uitleg", "Gemeenten", "Routes"]
    back = read_context(form, list(demo.settings.gemeenten), demo.instruments.organisatiemodellen)
    assert back.gemeenten == demo.context.gemeenten
    # and as the study's own context.xlsx in place of context.yaml
    study = Path(shutil.copytree(demo.path, tmp_path / "studie", ignore=shutil.ignore_patterns("uitvoer")))
    (study / "context.yaml").unlink()
    shutil.copyfile(form, study / "context.xlsx")
    loaded = load_study(study)
    assert loaded.context.bestand == "context.xlsx" and loaded.context.gemeenten == demo.context.gemeenten


def test_a_blank_form_lists_the_municipalities_and_loads_as_still_to_fill(tmp_path):
    path = create_study(tmp_path / "nieuw", gemeenten=["Oostdam", "Westerveld"])
    study = load_study(path)
    form = write_context_workbook(study)
    rows = list(load_workbook(form)["Gemeenten"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Oostdam", "Westerveld"] and all(v is None for r in rows for v in r[1:])
    (path / "context.yaml").unlink()
    shutil.copyfile(form, path / "context.xlsx")
    assert list(load_study(path).context.nog_in_te_vullen()) == ["Oostdam", "Westerveld"]


def test_wrong_cells_in_the_form_are_named_by_sheet_row_and_column(demo, tmp_path):
    form = write_context_workbook(demo, tmp_path)
    wb = load_workbook(form)
    ws = wb["Gemeenten"]
    ws["B3"] = "veel"                      # inwoners of Beekveen
    ws["I2"] = "Z"                         # organisatiemodel of Lindewaarde
    ws["K4"] = "=HYPERLINK(\"http://x\")"  # toelichting of Heidedorp
    ws["A5"] = "Atlantis"
    wb["Routes"]["E2"] = -5                # uitgaven of the first route
    wb.save(form)
    with pytest.raises(KlantreisFout) as info:
        read_context(form, list(demo.settings.gemeenten), demo.instruments.organisatiemodellen)
    found = [str(p) for p in info.value.problemen]
    text = "\n".join(found)
    for parts in [("blad 'Gemeenten', rij 3", "veld 'Inwoners'", "'veel'", "een geheel getal"),
                  ("blad 'Gemeenten', rij 2", "veld 'Organisatiemodel'", "'Z'", "A1, A2, B, C"),
                  ("blad 'Gemeenten', rij 4", "'Toelichting", "formules worden niet ingelezen"),
                  ("blad 'Gemeenten', rij 5", "veld 'Gemeente'", "'Atlantis'", "Lindewaarde, Beekveen, Heidedorp"),
                  ("blad 'Routes', rij 2", "veld 'Uitgaven (euro)'", "-5", "≥ 0")]:
        assert any(all(part in p for part in parts) for p in found), (parts, text)
    assert all(p.startswith(f"{FORM_NAME}, blad '") for p in found), text


def test_a_context_file_that_points_outside_the_study_is_never_opened(tmp_path):
    secret = tmp_path / "geheim.xlsx"
    secret.write_bytes(b"PK\x03\x04 geheim")
    for name in ("context.xlsx", "context.yaml"):
        study = _study(tmp_path / name)
        (study / name).symlink_to(secret)
        found = _problems(study)
        assert len(found) == 1 and "buiten" in found[0] and "geheim" not in found[0], found


def test_a_form_that_is_not_a_workbook_is_refused_in_dutch(tmp_path):
    study = _study(tmp_path)
    (study / "context.xlsx").write_bytes(b"PK\x03\x04 kapot")
    assert any("context.xlsx" in p and "Excel-bestand" in p for p in _problems(study))


# --- the report ---------------------------------------------------------------------------------------

def _render(study, tmp_path, write) -> Document:
    doc = ReportDoc(redactor=study.redactor)
    write(doc, Build(study, None, FULL))
    doc.doc.save(str(tmp_path / "sectie.docx"))
    return Document(str(tmp_path / "sectie.docx"))


def _texts(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_context_section_of_a_municipality_reads_as_the_numbers_say(demo, tmp_path):
    document = _render(demo, tmp_path, lambda doc, build: cr.add(doc, build, None, gemeente="Lindewaarde"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 2", "Context")]
    text = _texts(document)
    assert "Lindewaarde telt 42.150 inwoners in 18.940 huishoudens" in text
    assert "model C (generalistisch team als voorpost)" in text
    assert "de landelijke peiling van Movisie (2018) kent ongeveer 14% van de gemeenten" in text
    assert "positionering 1); landelijk geldt dat voor ongeveer 46%" in text
    provisions = document.tables[0]
    assert [c.text for c in provisions.rows[1].cells] == ["Wmo", "2.150", "114", "107", "+6%"]
    assert [c.text for c in provisions.rows[3].cells][-1] == "\u22128%"  # 62,3 against 68
    routes = document.tables[1]
    assert [c.text for c in routes.rows[1].cells] == ["Wmo: huishoudelijke hulp", "760", "310", "€ 1.412.000",
                                                      "€ 1.858", "2025"]
    assert "Beekveen" not in text  # only this municipality


def test_missing_facts_show_one_clear_placeholder(tmp_path):
    study = load_study(create_study(tmp_path / "nieuw", gemeenten=["Oostdam"]))
    document = _render(study, tmp_path, lambda doc, build: cr.add(doc, build, None, gemeente="Oostdam"))
    text = _texts(document)
    assert text.count("(nog in te vullen in context.yaml)") == 4
    assert not document.tables


def test_a_partly_filled_municipality_shows_dashes_where_a_law_is_missing(tmp_path):
    study = load_study(_study(tmp_path, VALID))
    document = _render(study, tmp_path, lambda doc, build: cr.add(doc, build, None, gemeente="Zuidwaarde"))
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows[1:]]
    assert rows[0] == ["Wmo", "2.300", "100", "107", "−7%"]  # 1000 · 2300 / 23000 = 100 against 107
    assert rows[1][1:] == ["–", "–", "33", "–"]
    assert "model C (generalistisch team als voorpost)" in _texts(document)
    assert "uitbesteed aan een eigen rechtspersoon (positionering 4); landelijk geldt dat voor ongeveer 7%" \
        in _texts(document)
    partial = Gemeente(huishoudens=500)
    from klantreis.context.text import context_paragraph
    first = context_paragraph("Zuidwaarde", partial, study.context, study.instruments.organisatiemodellen)[0]
    assert first == "Zuidwaarde telt 500 huishoudens. Aantal inwoners: (nog in te vullen in context.yaml)."


def test_the_toelichting_is_redacted(demo_copy, tmp_path):
    path = demo_copy / "context.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Heidedorp is een plattelandsgemeente",
        "Bel Marloes op 06-12345678 of kom naar het Jansenplein. Heidedorp is een plattelandsgemeente"),
        encoding="utf-8")
    study = load_study(demo_copy)
    text = _texts(_render(study, tmp_path, lambda doc, build: cr.add(doc, build, None, gemeente="Heidedorp")))
    assert "Heidedorp is een plattelandsgemeente" in text
    for secret in ("Marloes", "06-12345678", "Jansenplein"):
        assert secret not in text


def test_the_comparison_puts_the_municipalities_side_by_side_with_the_national_figure(demo, tmp_path):
    document = _render(demo, tmp_path, lambda doc, build: cr.add_vergelijking(doc, build))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == [
        "Context van de gemeenten naast elkaar"]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["", "Lindewaarde", "Beekveen", "Heidedorp", "Nederland"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Inwoners"] == ["42.150", "28.400", "9.520", ""]
    assert rows["Huishoudens met Wmo per 1.000"] == ["114", "96", "115", "107"]
    assert rows["Organisatiemodel"] == ["model C", "model B", "model A1", ""]


def test_the_frame_explains_models_and_positionings_with_their_shares(demo, tmp_path):
    document = _render(demo, tmp_path, lambda doc, build: cr.add_kader(doc, build))
    assert [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")] == [
        ("Heading 3", "Organisatiemodellen van sociale (wijk)teams"),
        ("Heading 3", "Positionering van sociale (wijk)teams")]
    models, positions = document.tables
    assert [r.cells[2].text for r in models.rows[1:]] == ["40%", "18%", "23%", "14%", "6%"]
    assert [r.cells[2].text for r in positions.rows[1:]] == ["46%", "34%", "niet in de bron", "7%"]
    assert "In dit onderzoek: Lindewaarde (model C), Beekveen (model B), Heidedorp (model A1)." in _texts(document)


def test_the_sections_are_registered_for_the_municipality_chapter_and_the_comparison():
    from klantreis.methods import REGISTERED, method

    assert REGISTERED[0] == "klantreis.context"
    assert {s.id: s.plaats for s in method("context").sections} == {
        "context": "gemeente_begin", "context-kader": "kader", "context-vergelijking": "vergelijking"}


def test_the_sections_print_on_pages_that_read_well(demo, tmp_path):
    """Rendered through LibreOffice: every municipality's context, the comparison and the frame."""
    from klantreis.report.pdf import write_pdf

    require_program("soffice")

    def write(doc, build):
        cr.add_kader(doc, build)
        for g in demo.settings.gemeenten:
            doc.heading(f"Gemeente {g}", 1)
            cr.add(doc, build, None, gemeente=g)
        cr.add_vergelijking(doc, build)

    _render(demo, tmp_path, write)
    pdf = write_pdf(tmp_path / "sectie.docx")
    assert pdf.exists() and pdf.stat().st_size > 10_000


# --- any input loads or is refused ---------------------------------------------------------------------

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture],
               derandomize=True)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**15, 10**15), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["(vul in)", "A1", "4", "=1+1", "", "42.000"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=3)),
                      max_leaves=10)
PLACES = ["gemeenten", "gemeenten.Noordhoek", "gemeenten.Noordhoek.inwoners", "gemeenten.Noordhoek.huishoudens",
          "gemeenten.Noordhoek.voorzieningen", "gemeenten.Noordhoek.voorzieningen.wmo",
          "gemeenten.Noordhoek.organisatiemodel", "gemeenten.Noordhoek.positionering",
          "gemeenten.Noordhoek.toelichting", "gemeenten.Noordhoek.routes", "gemeenten.Noordhoek.routes.0",
          "gemeenten.Noordhoek.routes.0.uitgaven", "gemeenten.Noordhoek.routes.0.naam", "gemeenten.Zuidwaarde.jaar"]


def _loads_or_refuses(tmp_path: Path, text: str) -> None:
    study = tmp_path / "studie"
    if not study.exists():
        shutil.copytree(MINI_STUDIE, study)
    (study / "context.yaml").write_text(text, encoding="utf-8")
    try:
        load_study(study)
    except KlantreisFout as exc:
        assert exc.problemen and exc.tekst()


@FEW
@given(values)
def test_any_context_yaml_loads_or_is_refused(tmp_path, data):
    _loads_or_refuses(tmp_path, yaml.safe_dump(data, allow_unicode=True))


@FEW
@given(st.sampled_from(PLACES), values)
def test_a_valid_context_with_any_field_replaced_loads_or_is_refused(tmp_path, place, value):
    import copy

    data = copy.deepcopy(VALID)
    *path, last = place.split(".")
    node = data
    for part in path:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    _loads_or_refuses(tmp_path, yaml.safe_dump(data, allow_unicode=True))


def test_an_empty_municipality_block_means_nothing_filled_in(tmp_path):
    study = load_study(_study(tmp_path, "gemeenten:\n  Noordhoek:\n  Zuidwaarde: {inwoners: (vul in)}\n"))
    assert study.context.van("Noordhoek") == Gemeente()
    assert set(study.context.nog_in_te_vullen()) == {"Noordhoek", "Zuidwaarde"}


def test_a_context_file_with_only_comments_means_nothing_filled_in(tmp_path):
    study = load_study(_study(tmp_path, "# nog niets\n"))
    assert study.context.bestand == "context.yaml" and study.context.gemeenten == {}
    assert set(study.context.nog_in_te_vullen()) == {"Noordhoek", "Zuidwaarde"}


cell_values = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                        st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
                        st.sampled_from(["=SUM(A1)", "(vul in)", "A1", "Lindewaarde", "Atlantis"]))


@pytest.fixture(scope="module")
def demo_form(demo, tmp_path_factory):
    return write_context_workbook(demo, tmp_path_factory.mktemp("formulier"))


@FEW
@given(st.sampled_from(["Gemeenten", "Routes"]), st.integers(1, 6), st.integers(1, 11), cell_values)
def test_the_context_form_with_any_cell_replaced_loads_or_is_refused(demo, demo_form, tmp_path, sheet, row,
                                                                      column, value):
    wb = load_workbook(demo_form)
    wb[sheet].cell(row=row, column=column, value=value)
    target = tmp_path / "context.xlsx"
    wb.save(target)
    try:
        read_context(target, list(demo.settings.gemeenten), demo.instruments.organisatiemodellen)
    except KlantreisFout as exc:
        assert exc.problemen and all(str(p).startswith("context.xlsx") for p in exc.problemen)


def test_numbers_in_the_context_print_the_dutch_way():
    from klantreis.report.numbers import euro, geheel

    assert geheel(42150) == "42.150" and geheel(9520) == "9.520" and geheel(12) == "12"
    assert geheel(-1234.5, 1) == "\u22121.234,5"
    assert euro(8156565) == "€ 8.156.565" and euro(7015.5, 2) == "€ 7.015,50"
