"""Stakeholder interviews and the focus group, as a researcher uses them: conversations entered
as YAML, through the Excel form or the notebook form; themes per perspective and gemeente
counted as distinct conversations; quotes only with both consents; speakers named by role only;
a focus group's counts per role only where no small group can be read from them."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantreis.errors import KlantreisFout
from klantreis.figures import FigurePool
from klantreis.methods import method
from klantreis.report.compose import FULL, Build
from klantreis.report.docx import ReportDoc
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.stakeholders.analyse import analyse
from klantreis.stakeholders.excel import import_workbook, write_form
from klantreis.stakeholders.formulier import StakeholderForm
from klantreis.stakeholders.model import save_gesprek
from klantreis.stakeholders.report import GEMEENTE_HEADING, comparison_table
from klantreis.study import create_study, load_study

from .test_bad_inputs import MINI_STUDIE

DEMO_FILES = Path(DEMO_STUDY_DIR) / "stakeholders"
# Demo statements that must never be printed: literal quotes without consent.
WITHOUT_STATEMENT_CONSENT = ["bij ons gaat de wachtlijst voor", "regionale inkoopafspraken passen niet",
                             "meer ruimte kregen om zonder beschikking"]
WITHOUT_INTERVIEW_CONSENT = ["meer naast elkaar dan met elkaar"]  # S05 refused quotes altogether


def _sections_text(study, tmp_path: Path) -> tuple[str, Document]:
    """The method's three sections written into one Word file, as the lead's chapters will call them."""
    doc = ReportDoc(redactor=study.redactor)
    sections = {s.plaats: s for s in method("stakeholders").sections}
    with FigurePool() as pool:
        build = Build(study, pool, FULL)
        sections["methode"].add(doc, build, None)
        for gemeente in study.settings.gemeenten:
            doc.heading(f"Gemeente {gemeente}", 1)
            sections["gemeente"].add(doc, build, None, gemeente=gemeente)
        sections["vergelijking"].add(doc, build, None)
    path = tmp_path / "secties.docx"
    doc.doc.save(str(path))
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts), document


def _bevindingen(study):
    return method("stakeholders").bevindingen(Build(study, None, FULL))


@pytest.fixture(scope="module")
def demo_sections(tmp_path_factory):
    study = load_study()
    return study, *_sections_text(study, tmp_path_factory.mktemp("secties"))


def _new_study(tmp_path, gemeenten=("Oostburg", "Westdam")):
    return load_study(create_study(tmp_path / "studie", gemeenten=list(gemeenten)))


def _interview(**changes) -> dict:
    data = {"id": "S01", "soort": "interview", "gemeente": "Oostburg", "datum": dt.date.today(),
            "interviewer_rol": "onderzoeker", "rol": "beleid", "toestemming": {"interview": True, "citaten": True},
            "uitspraken": [{"tekst": "We willen één plan per huishouden.", "codes": ["K1", "A_SAMENHANGEND"]}]}
    return data | changes


# --- the demo ------------------------------------------------------------------------------------

def test_the_demo_has_eight_interviews_and_one_focus_group_with_every_perspective(demo):
    assert method("stakeholders").summary(demo) == "8 stakeholderinterviews, 1 focusgroep"
    a = analyse(demo)
    assert set(a.uitspraken["perspectief"]) == {"beleid", "organisatie", "professional", "client"}
    assert set(a.gesprekken["gemeente"]) == {"Lindewaarde", "Beekveen", "Heidedorp"}


def test_themes_count_distinct_conversations_as_an_independent_count_from_the_files(demo):
    """Recomputed from the YAML files themselves: per code × perspective × gemeente, the set of
    conversations that raised it (a theme raised five times in one interview is one conversation)."""
    vocab = demo.instruments.vocabulaire
    conversations, statements = defaultdict(set), defaultdict(int)
    for path in sorted(DEMO_FILES.glob("*.yaml")):
        g = yaml.safe_load(path.read_text(encoding="utf-8"))
        for u in g["uitspraken"]:
            speaker = u.get("rol") or g.get("rol")
            perspective = u.get("perspectief") or vocab.rol_perspectief[speaker]
            for code in set(u["codes"]):
                conversations[(code, perspective, g["gemeente"])].add(g["id"])
                statements[(code, perspective, g["gemeente"])] += 1
    themas = analyse(demo).themas
    found = {(r.code, r.perspectief, r.gemeente): (r.gesprekken, r.uitspraken) for r in themas.itertuples()}
    assert found == {k: (len(v), statements[k]) for k, v in conversations.items()}
    # a conversation that comes back to a theme counts once: there is at least one such case
    assert (themas["uitspraken"] > themas["gesprekken"]).any()


def test_the_comparison_counts_conversations_over_all_municipalities(demo, demo_sections):
    table = comparison_table(analyse(demo), demo)
    per_code = defaultdict(set)
    for path in DEMO_FILES.glob("*.yaml"):
        g = yaml.safe_load(path.read_text(encoding="utf-8"))
        for u in g["uitspraken"]:
            for code in u["codes"]:
                per_code[demo.instruments.code_labels[code]].add(g["id"])
    for row in table.itertuples():
        n = len(per_code[row.Thema])
        assert row.Gesprekken == (str(n) if n >= demo.min_group else f"n<{demo.min_group}")
    samenwerking = table[table["Thema"] == "Samenwerking tussen hulpverleners"].iloc[0]
    assert samenwerking["Beekveen"] == "B O P" and samenwerking["Lindewaarde"] == "O"


# --- privacy --------------------------------------------------------------------------------------

def test_a_quote_without_the_statements_consent_never_reaches_the_report(demo, demo_sections):
    _, text, _ = demo_sections
    bev = " ".join(b.tekst for b in _bevindingen(demo))
    candidates = " ".join(analyse(demo).citaten_per_thema["tekst"])
    for words in WITHOUT_STATEMENT_CONSENT + WITHOUT_INTERVIEW_CONSENT:
        assert words not in text and words not in bev and words not in candidates, words
    # while consented quotes of the same people do
    assert "vier consulenten zien vertrekken" in text  # S02, with consent for that quote


def test_names_in_statements_are_redacted_everywhere(demo, demo_sections):
    _, text, _ = demo_sections
    bev = _bevindingen(demo)
    for name in demo.settings.privacy.te_verwijderen:
        assert name not in text and all(name not in b.tekst for b in bev), name
    assert any("Als [naam] van de schuldhulp" in b.tekst for b in bev)
    assert any("dorpshuis bij de [adres]" in b.tekst for b in bev)


def test_speakers_are_named_by_role_never_by_pseudonym(demo, demo_sections):
    _, text, _ = demo_sections
    for g in demo.stakeholders:
        assert g.id not in text
    sources = {b.bron for b in _bevindingen(demo)}
    assert "interview beleid" in sources and "focusgroep professionals" in sources
    assert not any(g.id in s for g in demo.stakeholders for s in sources)


def test_a_focus_groups_counts_per_role_below_the_minimum_are_not_printed(demo_sections, tmp_path):
    _, text, _ = demo_sections
    # the demo's focus group: 6 professionals and 2 ketenpartners; 2 is below 5, and 6 would reveal it from 8
    assert "had 8 deelnemers: professionals en ketenpartners." in text
    assert "(2)" not in text and "(6)" not in text
    study = _new_study(tmp_path)
    save_gesprek(study, _interview(id="F01", soort="focusgroep", rol=None, deelnemers={"professional": 6},
                                   uitspraken=[]))
    text, _ = _sections_text(load_study(study.path), tmp_path)
    assert "had 6 deelnemers: professionals (6)." in text
    assert "In totaal is 1 focusgroep gehouden" in text and "In Oostburg is 1 focusgroep gehouden." in text


def test_no_count_of_people_per_role_and_municipality_is_printed(demo_sections):
    study, text, document = demo_sections
    method_table = document.tables[0]
    assert [c.text for c in method_table.rows[0].cells] == ["Gemeente", "Interviews", "Focusgroepen",
                                                           "Deelnemers aan focusgroepen"]
    assert "Beleid" not in [c.text for c in method_table.rows[0].cells]


# --- the sections ---------------------------------------------------------------------------------

def test_each_municipality_gets_its_section_with_themes_per_perspective_and_quotes(demo_sections):
    study, text, document = demo_sections
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.count(("Heading 2", GEMEENTE_HEADING)) == 3
    i = headings.index(("Heading 1", "Gemeente Beekveen"))
    assert headings[i + 1:i + 5] == [("Heading 2", GEMEENTE_HEADING), ("Heading 3", "Beleid"),
                                     ("Heading 3", "Organisatie"), ("Heading 3", "Professionals")]
    assert "In Beekveen zijn 3 interviews en 1 focusgroep gehouden." in text
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == len(set(quotes))  # no quote repeated
    assert any(q.endswith("— focusgroep professionals") for q in quotes)


def test_a_municipality_without_conversations_says_so(tmp_path):
    study = _new_study(tmp_path)
    save_gesprek(study, _interview())
    text, _ = _sections_text(load_study(study.path), tmp_path)
    assert "In Westdam zijn geen stakeholderinterviews of focusgroepen gehouden." in text


def test_every_statement_becomes_evidence_per_aspect(demo):
    bev = _bevindingen(demo)
    kinds = {b.soort for b in bev}
    assert kinds == {"citaat", "uitspraak", "verbeterpunt"}
    s01 = [b for b in bev if b.respondent == "S01"]
    assert {(b.aspect, b.soort) for b in s01 if b.tekst.startswith("Eén loket")} == {("vroegtijdig", "citaat")}
    both = [b for b in bev if b.tekst.startswith("Het sociaal team moet breed kijken")]
    assert {b.aspect for b in both} == {"samenhangend", "passend"}  # K1 samenhangend, T_REGELS_VS_MAATWERK passend
    assert all(b.methode == "stakeholders" and b.kant == "ervaren" for b in bev)


# --- input: errors, Excel, notebook form ---------------------------------------------------------

def test_errors_name_file_statement_field_and_value_all_at_once(tmp_path):
    study = _new_study(tmp_path)
    bad = _interview(gemeente="Atlantis", rol=None, datum=dt.date(1999, 1, 1), uitspraken=[
        {"tekst": "Goed", "codes": ["K1"]}, {"tekst": "Fout", "codes": ["T_ONBEKEND"], "citaat": "misschien"}])
    (study.path / "stakeholders" / "S01.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KlantreisFout) as exc:
        load_study(study.path)
    problems = [str(p) for p in exc.value.problemen]
    text = "\n".join(problems)
    assert "stakeholders/S01.yaml, gesprek S01, uitspraak 2 — veld 'codes' — gevonden: 'T_ONBEKEND'" in text
    assert "stakeholders/S01.yaml, gesprek S01, uitspraak 2 — veld 'citaat' — gevonden: 'misschien'" in text
    assert "veld 'gemeente' — gevonden: 'Atlantis' — toegestaan: een gemeente uit studie.yaml (Oostburg, Westdam)" in text
    assert "veld 'rol' — gevonden: (leeg) — toegestaan: bij een interview de rol van de geïnterviewde" in text
    assert "veld 'datum' — gevonden: '1999-01-01'" in text
    assert len(problems) == 5


def test_a_focus_group_with_several_roles_needs_the_speakers_role(tmp_path):
    study = _new_study(tmp_path)
    with pytest.raises(KlantreisFout) as exc:
        save_gesprek(study, _interview(id="F01", soort="focusgroep", rol=None,
                                       deelnemers={"professional": 4, "ketenpartner": 2}))
    assert "uitspraak 1 — veld 'rol' — gevonden: (leeg) — toegestaan: bij een focusgroep met meer rollen" in \
        str(exc.value)
    assert not (study.path / "stakeholders" / "F01.yaml").exists()


def test_the_excel_form_round_trip_gives_the_same_conversation(tmp_path):
    from openpyxl import load_workbook

    study = _new_study(tmp_path)
    form = write_form(study, tmp_path / "leeg.xlsx")
    wb = load_workbook(form)
    answers = {"Pseudoniem": "F01", "Soort gesprek": "focusgroep", "Gemeente": "Westdam", "Datum": dt.date.today(),
               "Rol van de interviewer": "onderzoeker", "Toestemming voor het gesprek": "ja",
               "Toestemming voor letterlijke uitspraken": "ja"}
    for row in wb["Gesprek"].iter_rows(min_row=5):
        if row[0].value in answers:
            row[1].value = answers[row[0].value]
    people = {row[0].value: row for row in wb["Deelnemers"].iter_rows(min_row=2)}
    people["professional"][2].value, people["ketenpartner"][2].value = 5, 2
    sheet = wb["Uitspraken"]
    for nr, values in enumerate([
            ["We zien gezinnen pas als het escaleert.", "ja", "ja", "K7, A_VROEGTIJDIG", "ketenpartner", None, None],
            ["Een casusoverleg over de teams heen.", "nee", None, "T_SAMENWERKING", "professional", None, "ja"]], 2):
        for col, value in enumerate(values, 1):
            sheet.cell(row=nr, column=col, value=value)
    filled = tmp_path / "ingevuld.xlsx"
    wb.save(filled)
    path = import_workbook(study, filled)
    loaded = load_study(study.path).stakeholders[0]
    assert path == study.path / "stakeholders" / "F01.yaml"
    assert loaded.deelnemers == {"professional": 5, "ketenpartner": 2} and loaded.gemeente == "Westdam"
    assert [(u.tekst, u.citaat, u.toestemming_citaat, u.codes, u.rol, u.verbeterpunt) for u in loaded.uitspraken] == [
        ("We zien gezinnen pas als het escaleert.", True, True, ["K7", "A_VROEGTIJDIG"], "ketenpartner", False),
        ("Een casusoverleg over de teams heen.", False, False, ["T_SAMENWERKING"], "professional", True)]
    before = path.read_bytes()
    with pytest.raises(KlantreisFout, match="--overschrijf"):
        import_workbook(study, filled)
    assert path.read_bytes() == before
    assert import_workbook(study, filled, overwrite=True) == path


def test_an_excel_form_with_a_wrong_code_is_refused_by_sheet_and_row(tmp_path):
    from openpyxl import load_workbook

    study = _new_study(tmp_path)
    wb = load_workbook(write_form(study, tmp_path / "leeg.xlsx"))
    for row in wb["Gesprek"].iter_rows(min_row=5):
        row[1].value = {"Pseudoniem": "S02", "Soort gesprek": "interview", "Gemeente": "Oostburg",
                        "Datum": dt.date.today(), "Rol van de interviewer": "onderzoeker",
                        "Rol van de geïnterviewde": "beleid", "Toestemming voor het gesprek": "ja",
                        "Toestemming voor letterlijke uitspraken": "nee"}.get(row[0].value)
    wb["Uitspraken"]["A3"], wb["Uitspraken"]["D3"] = "Iets", "T_BESTAAT_NIET"
    wb.save(tmp_path / "fout.xlsx")
    with pytest.raises(KlantreisFout) as exc:
        import_workbook(study, tmp_path / "fout.xlsx")
    assert "fout.xlsx, blad 'Uitspraken', rij 3 — veld 'codes' — gevonden: 'T_BESTAAT_NIET'" in str(exc.value)
    assert not list((study.path / "stakeholders").iterdir())


def test_the_notebook_form_saves_a_focus_group_and_reopens_it(tmp_path):
    study = _new_study(tmp_path)
    form = StakeholderForm(study)
    assert form.rol.layout.display is None and form.people_box.layout.display == "none"
    form.id.value = "F01"
    form.soort.value = "focusgroep"
    assert form.rol.layout.display == "none" and form.people_box.layout.display is None
    form.gemeente.value = "Westdam"
    form.datum.value = dt.date.today()
    form.consent["interview"].value = form.consent["citaten"].value = True
    form.deelnemers["professional"].value = 6
    form.deelnemers["clientvertegenwoordiger"].value = 2
    first = form.add_statement()
    first["tekst"].value, first["codes"].value = "Brieven zijn onbegrijpelijk.", ("T_INFORMATIE",)
    assert form.save() is None and "bij een focusgroep met meer rollen" in form.message.value
    first["rol"].value = "clientvertegenwoordiger"
    second = form.add_statement()
    second["tekst"].value, second["citaat"].value, second["toestemming_citaat"].value = "Wij zijn te laat.", True, True
    second["rol"].value = "professional"
    second["verbeterpunt"].value = True
    assert form.save() is not None, form.message.value
    saved = load_study(study.path).stakeholders[0]
    assert saved.deelnemers == {"professional": 6, "clientvertegenwoordiger": 2}
    assert [(u.rol, u.citaat, u.verbeterpunt) for u in saved.uitspraken] == [
        ("clientvertegenwoordiger", False, False), ("professional", True, True)]
    again = StakeholderForm(load_study(study.path))
    assert again.open("F01") and len(again.statements) == 2
    again.statements[0]["perspectief"].value = "beleid"
    assert again.save() is not None, again.message.value
    assert load_study(study.path).stakeholders[0].uitspraken[0].perspectief == "beleid"


def test_the_built_in_demo_is_never_written(demo):
    form = StakeholderForm(demo)
    assert form.open("S01")
    assert form.save() is None and "demostudie hoort bij de kit" in form.message.value


def test_a_new_study_starts_with_an_empty_stakeholders_folder(tmp_path):
    study = _new_study(tmp_path)
    assert (study.path / "stakeholders").is_dir() and study.stakeholders == []
    assert method("stakeholders").summary(study) == "0 stakeholderinterviews, 0 focusgroepen"


# --- any file loads or is refused ----------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=30),
                    st.sampled_from(["interview", "focusgroep", "beleid", "K1", "=1+1", "", "2026-03-01"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=10), inner, max_size=3)),
                      max_leaves=10)
VALID = {"id": "S09", "soort": "interview", "gemeente": "Noordhoek", "datum": "2026-03-01",
         "interviewer_rol": "onderzoeker", "rol": "beleid", "toestemming": {"interview": True, "citaten": True},
         "uitspraken": [{"tekst": "Iets", "codes": ["K1"], "citaat": True, "toestemming_citaat": True}]}
FIELDS = ["id", "soort", "gemeente", "datum", "rol", "deelnemers", "toestemming", "toestemming.citaten",
          "uitspraken", "uitspraken.0", "uitspraken.0.codes", "uitspraken.0.rol", "uitspraken.0.perspectief"]


def _loads_or_refuses(content: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        study = Path(shutil.copytree(MINI_STUDIE, Path(tmp) / "studie"))
        (study / "stakeholders").mkdir()
        (study / "stakeholders" / "S09.yaml").write_text(content, encoding="utf-8")
        try:
            load_study(study)
        except KlantreisFout as exc:
            assert exc.problemen and exc.tekst()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.one_of(st.text(max_size=200), values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_any_yaml_as_a_conversation_loads_or_is_refused(content):
    _loads_or_refuses(content)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.sampled_from(FIELDS), values)
def test_a_valid_conversation_with_any_field_replaced_loads_or_is_refused(place, value):
    data = yaml.safe_load(yaml.safe_dump(VALID))
    *path, last = place.split(".")
    node = data
    for part in path:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    _loads_or_refuses(yaml.safe_dump(data, allow_unicode=True))
