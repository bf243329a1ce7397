"""One schaduwreis per municipality: loading, interviews against their own journey, the
meta-analysis per municipality and per kind of step (checked against a recomputation from the
raw files), privacy of the comparison, the report sections and `--gemeente` on the CLI."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from klantreis.errors import KlantreisFout
from klantreis.study import load_study

MEANS_CELL = re.compile(r"^([+\u2212]?\d+,\d) \((\d+)\)$")


def _journey(study_dir: Path, gemeente: str) -> dict:
    return yaml.safe_load((study_dir / "schaduwreizen" / f"{gemeente.lower()}.yaml").read_text(encoding="utf-8"))


def _problems(path) -> str:
    with pytest.raises(KlantreisFout) as info:
        load_study(path)
    return info.value.tekst()


# --- loading --------------------------------------------------------------------------------------

def test_the_demo_gives_each_municipality_its_own_journey(demo):
    reizen = demo.schaduwreizen
    assert list(reizen) == demo.settings.gemeenten
    assert len({id(r) for r in reizen.values()}) == 3
    assert all(r.gemeente == g for g, r in reizen.items())
    assert demo.schaduwreis is reizen[demo.settings.gemeenten[0]]  # callers of one journey keep working
    assert "teambespreking" in reizen["Lindewaarde"].step_ids
    assert "teambespreking" not in reizen["Beekveen"].step_ids
    assert "doorverwijzing_team" in reizen["Beekveen"].step_ids
    assert "signaal_huisarts_school" in reizen["Heidedorp"].step_ids
    assert not (demo.path / "schaduwreis.yaml").exists()


def test_a_shared_journey_serves_every_municipality(demo_copy):
    shutil.rmtree(demo_copy / "schaduwreizen")
    shared = _journey_file_from_template(demo_copy)
    # the interviews keep only the steps the shared journey has
    for path in (demo_copy / "interviews").glob("R1[4-6].yaml"):
        path.unlink()  # Heidedorp's residents followed a journey the shared one does not have
    for path in (demo_copy / "interviews").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["stappen"] = [s for s in data["stappen"] if s["stap"] in shared]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    study = load_study(demo_copy)
    assert set(study.schaduwreizen) == set(study.settings.gemeenten)
    assert len({id(r) for r in study.schaduwreizen.values()}) == 1
    assert study.schaduwreis.gemeente is None


def _journey_file_from_template(study_dir: Path) -> set[str]:
    from klantreis.resources import journey_templates

    shutil.copyfile(journey_templates()["generiek"], study_dir / "schaduwreis.yaml")
    data = yaml.safe_load((study_dir / "schaduwreis.yaml").read_text(encoding="utf-8"))
    return {s["id"] for f in data["fasen"] for s in f["stappen"]}


def test_a_shared_journey_serves_the_municipalities_without_one_of_their_own(demo_copy):
    _journey_file_from_template(demo_copy)
    (demo_copy / "schaduwreizen" / "heidedorp.yaml").unlink()
    for path in (demo_copy / "interviews").glob("R1[4-6].yaml"):
        path.unlink()
    study = load_study(demo_copy)
    assert study.schaduwreizen["Heidedorp"] is study.schaduwreis
    assert study.schaduwreis.gemeente is None
    assert study.schaduwreizen["Beekveen"].gemeente == "Beekveen"


def test_every_journey_problem_is_named_at_once(demo_copy):
    folder = demo_copy / "schaduwreizen"
    (folder / "heidedorp.yaml").unlink()  # Heidedorp without a journey
    beekveen = _journey(demo_copy, "Beekveen")
    (folder / "beekveen_kopie.yaml").write_text(yaml.safe_dump(beekveen, allow_unicode=True), encoding="utf-8")
    atlantis = dict(beekveen, gemeente="Atlantis")
    (folder / "atlantis.yaml").write_text(yaml.safe_dump(atlantis, allow_unicode=True), encoding="utf-8")
    lindewaarde = _journey(demo_copy, "Lindewaarde")
    lindewaarde["fasen"][0]["stappen"][0]["soort"] = "koffie_drinken"
    (folder / "lindewaarde.yaml").write_text(yaml.safe_dump(lindewaarde, allow_unicode=True), encoding="utf-8")
    text = _problems(demo_copy)
    assert "gemeente Heidedorp" in text and "voor elke gemeente een schaduwreis" in text
    assert "schaduwreizen/atlantis.yaml" in text and "'Atlantis'" in text and "Lindewaarde, Beekveen, Heidedorp" in text
    assert "één schaduwreis per gemeente" in text and "schaduwreizen/beekveen_kopie.yaml" in text
    assert "schaduwreizen/lindewaarde.yaml" in text and "koffie_drinken" in text and "eerste_contact" in text


def test_no_journey_at_all_is_a_clear_problem(demo_copy):
    shutil.rmtree(demo_copy / "schaduwreizen")
    assert "schaduwreis.yaml (één reis voor alle gemeenten) of een map schaduwreizen/" in _problems(demo_copy)


# --- interviews against their own municipality's journey -----------------------------------------

def test_a_resident_of_beekveen_naming_a_step_only_lindewaarde_has_is_an_error(demo_copy):
    path = demo_copy / "interviews" / "R08.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["gemeente"] == "Beekveen"
    data["stappen"].append({"stap": "teambespreking", "gebeurd": "ja", "score": 1})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    text = _problems(demo_copy)
    line = next(line for line in text.splitlines() if "teambespreking" in line)
    assert "interviews/R08.yaml" in line and "stap 'teambespreking'" in line
    assert "een stap uit de schaduwreis van Beekveen" in line and "doorverwijzing_team" in line
    assert "teambespreking" not in line.split("toegestaan:")[1]


# --- the meta-analysis against a recomputation from the raw files ------------------------------------

def _raw(study_dir: Path):
    """(interviews, journeys) read with plain yaml: the kit's loaders are not used."""
    interviews = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((study_dir / "interviews").glob("*.yaml"))]
    journeys = {}
    for p in (study_dir / "schaduwreizen").glob("*.yaml"):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        journeys[data["gemeente"]] = {s["id"]: s for f in data["fasen"] for s in f["stappen"]}
    return interviews, journeys


def test_experience_per_step_in_each_municipality_against_its_own_journey(demo, demo_meta):
    interviews, journeys = _raw(demo.path)
    scores: dict[tuple[str, str], list[int]] = {}
    for iv in interviews:
        for s in iv["stappen"]:
            assert s["stap"] in journeys[iv["gemeente"]]
            if s.get("score") is not None:
                scores.setdefault((iv["gemeente"], s["stap"]), []).append(s["score"])
    per = demo_meta.stappen_per_gemeente
    for gemeente, steps in journeys.items():
        part = per[per["groep"] == gemeente]
        assert list(part["stap"]) == list(steps), gemeente  # every step of its own journey, in order
    checked = 0
    for row in per.itertuples():
        values = scores.get((row.groep, row.stap), [])
        if row.onderdrukt:
            continue
        assert row.n == len(values) >= demo.min_group
        assert float(row.gemiddelde) == pytest.approx(sum(values) / len(values))
        checked += 1
    assert checked > 10


def test_experience_per_kind_of_step_counts_each_resident_once(demo, demo_meta):
    interviews, journeys = _raw(demo.path)
    per_resident: dict[tuple[str, str], dict[str, list[int]]] = {}
    for iv in interviews:
        for s in iv["stappen"]:
            if s.get("score") is not None:
                kind = journeys[iv["gemeente"]][s["stap"]]["soort"]  # the demo names every kind
                per_resident.setdefault((kind, iv["gemeente"]), {}).setdefault(iv["respondent"], []).append(s["score"])
    kinds = demo_meta.soorten
    assert set(kinds["groep"]) <= set(journeys)  # no total over the municipalities to subtract from
    checked = 0
    for row in kinds.itertuples():
        residents = per_resident.get((row.soort, row.groep), {})
        if row.onderdrukt:
            assert pd.isna(row.n) and pd.isna(row.gemiddelde)
            assert len(residents) < demo.min_group or row.afgeschermd
            continue
        means = [sum(v) / len(v) for v in residents.values()]
        assert row.n == len(residents) >= demo.min_group
        assert float(row.gemiddelde) == pytest.approx(sum(means) / len(means))
        checked += 1
    assert checked >= 8
    # a kind only some journeys have: no row for the others (Heidedorp has no appointment step)
    assert not ((kinds["soort"] == "afspraak") & (kinds["groep"] == "Heidedorp")).any()


def test_the_small_municipality_is_hidden_in_every_comparison(demo, demo_meta):
    small = "Heidedorp"
    for table in (demo_meta.stappen_per_gemeente, demo_meta.soorten, demo_meta.dieptepunten_per_gemeente,
                  demo_meta.waarden_per_gemeente, demo_meta.ontwerp_vs_ervaring_per_gemeente):
        rows = table[table["groep"] == small]
        assert rows["onderdrukt"].astype(bool).all()
    # a step only Heidedorp's journey has: its total over all municipalities is Heidedorp alone
    total = demo_meta.stappen_totaal
    assert total.loc[total["stap"] == "signaal_huisarts_school", "onderdrukt"].astype(bool).all()


# --- privacy with a study built to break it ---------------------------------------------------------

SIZES = {"Groot": 6, "Middel": 5, "Klein": 2}


@pytest.fixture(scope="module")
def small_study(tmp_path_factory):
    """Three municipalities on one shared journey; Klein has 2 residents who score −2 everywhere,
    so a leak of their numbers would stand out."""
    from klantreis.klantreizen.interviews import save_interview
    from klantreis.study import create_study

    path = create_study(tmp_path_factory.mktemp("klein") / "studie", gemeenten=list(SIZES))
    study = load_study(path)
    begin = study.settings.periode.begin
    number = 0
    for gemeente, n in SIZES.items():
        for i in range(n):
            number += 1
            save_interview(study, {
                "respondent": f"R{number:02d}", "gemeente": gemeente,
                "datum": (begin + dt.timedelta(days=number)).isoformat(), "interviewer_rol": "onderzoeker",
                "toestemming": {"interview": True, "citaten": True},
                "huishouden": {"samenstelling": "Fictief huishouden"},
                "stappen": [{"stap": s, "gebeurd": "ja", "score": -2 if gemeente == "Klein" else (i + k) % 3 - 1}
                            for k, s in enumerate(study.schaduwreis.step_ids)],
                "aantal_professionals": 1, "verhaal_opnieuw_verteld": 0})
    return load_study(path)


def test_two_residents_cannot_be_derived_from_the_totals(small_study):
    from klantreis.klantreizen.meta_analyse import analyse

    meta = analyse(small_study)
    m = small_study.min_group
    total = meta.stappen_totaal.set_index("stap")
    per = meta.stappen_per_gemeente
    for step, part in per.groupby("stap"):
        if total.loc[step, "onderdrukt"]:
            continue
        shown = part[~part["onderdrukt"].astype(bool)]
        left = int(total.loc[step, "n"]) - int(shown["n"].sum())
        assert left == 0 or left >= m, (step, left)  # the rest is never just Klein's two residents
    assert per.loc[per["groep"] == "Klein", "onderdrukt"].all()
    kinds = meta.soorten
    assert kinds.loc[kinds["groep"] == "Klein", "onderdrukt"].all()
    assert set(kinds["groep"]) == set(SIZES)  # per kind no total that Klein could be subtracted from
    # a kind shown for a municipality only where each of its steps is shown there too
    hidden_steps = set(zip(per.loc[per["onderdrukt"], "groep"], per.loc[per["onderdrukt"], "stap"]))
    steps = meta.tabellen["stappen"].drop_duplicates(["gemeente", "stap"])
    for row in kinds[~kinds["onderdrukt"].astype(bool)].itertuples():
        own = steps[(steps["gemeente"] == row.groep) & (steps["soort"] == row.soort)]["stap"]
        assert not any((row.groep, s) in hidden_steps for s in own), row


def test_figures_in_the_bevindingen_only_for_groups_of_the_minimum(small_study):
    from klantreis.methods import method
    from klantreis.report.compose import FULL, Build

    found = method("klantreizen").bevindingen(Build(small_study, None, FULL))
    figures = [b for b in found if b.soort == "cijfer"]
    assert not any(b.gemeente == "Klein" for b in figures)


# --- bevindingen -----------------------------------------------------------------------------------

def test_bevindingen_quote_only_with_consent_redacted_and_with_perspective(demo):
    from klantreis.methods import method
    from klantreis.report.compose import FULL, Build

    found = method("klantreizen").bevindingen(Build(demo, None, FULL))
    no_consent = {iv.respondent for iv in demo.interviews if not iv.toestemming.citaten}
    quotes = [b for b in found if b.soort == "citaat"]
    assert quotes and not any(b.respondent in no_consent for b in quotes)
    improvements = [b for b in found if b.soort == "verbeterpunt"]
    assert improvements and not any(b.respondent in no_consent for b in improvements)
    for b in quotes + improvements:
        for word in demo.settings.privacy.te_verwijderen:
            assert word.lower() not in b.tekst.lower()
        assert "06-" not in b.tekst
    # R01's quote coded P_PROFESSIONAL speaks from the professional's perspective
    assert any(b.perspectief == "professional" and b.respondent == "R01" for b in quotes)
    assert {b.perspectief for b in quotes} >= {"client"}
    figures = [b for b in found if b.soort == "cijfer"]
    assert figures and {b.gemeente for b in figures} <= {"Lindewaarde", "Beekveen"}
    assert all(b.aspect in ("vroegtijdig", "samenhangend", "passend") for b in figures)


def test_a_figure_in_the_bevindingen_is_the_mean_of_the_residents_means(demo):
    """Recomputed from the raw files: steps whose themes (on the step or its quotes) have the aspect."""
    from klantreis.methods import method
    from klantreis.report.compose import FULL, Build

    aspect_of = {c.code: c.aspect for c in demo.instruments.codeboek.codes if c.aspect}
    interviews, _ = _raw(demo.path)
    per: dict[tuple[str, str], dict[str, list[int]]] = {}
    for iv in interviews:
        for s in iv["stappen"]:
            codes = list(s.get("themas", [])) + [c for q in s.get("citaten", []) for c in q.get("themas", [])]
            if s.get("score") is None:
                continue
            for aspect in {aspect_of[c] for c in codes if c in aspect_of}:
                per.setdefault((iv["gemeente"], aspect), {}).setdefault(iv["respondent"], []).append(s["score"])
    found = [b for b in method("klantreizen").bevindingen(Build(demo, None, FULL)) if b.soort == "cijfer"]
    for b in found:
        residents = per[(b.gemeente, b.aspect)]
        means = [sum(v) / len(v) for v in residents.values()]
        mean = sum(means) / len(means)
        assert f" {len(residents)} geïnterviewde inwoners van {b.gemeente}" in b.tekst
        shown = re.search(r"gemiddeld ([+\u2212]\d+,\d)", b.tekst).group(1)
        assert float(shown.replace("\u2212", "-").replace(",", ".")) == pytest.approx(mean, abs=0.05)


# --- the report sections -------------------------------------------------------------------------------

def _render(study, path: Path) -> Document:
    """The sections of schaduwreis and klantreizen as the lead's composition places them: the
    method, a chapter per municipality, the comparison, the appendices."""
    from klantreis.figures import FigurePool
    from klantreis.files import save_docx
    from klantreis.methods import method
    from klantreis.report.compose import FULL, Build
    from klantreis.report.docx import ReportDoc

    doc = ReportDoc(redactor=study.redactor)
    sections = [s for name in ("schaduwreis", "klantreizen") for s in method(name).sections]
    with FigurePool() as pool:
        build = Build(study, pool, FULL)
        prepared = {s.id: s.prepare(build) for s in sections if s.prepare}
        doc.heading("Onderzoeksopzet", 1)
        for s in (s for s in sections if s.plaats == "methode"):
            s.add(doc, build, prepared.get(s.id))
        for gemeente in study.settings.gemeenten:
            doc.heading(f"Gemeente {gemeente}", 1)
            for s in (s for s in sections if s.plaats in ("gemeente_begin", "gemeente")):
                s.add(doc, build, prepared.get(s.id), gemeente=gemeente)
        doc.heading("Vergelijking", 1)
        for s in (s for s in sections if s.plaats == "vergelijking"):
            s.add(doc, build, prepared.get(s.id))
    save_docx(doc.finish(title="t", author="a", subject="s"), path)
    return Document(str(path))


def _chapters(doc) -> dict[str, dict]:
    """Per Heading 1: its Heading 2 texts, number of pictures, captions and paragraph text."""
    out, current = {}, None
    for child in doc.element.body.iterchildren():
        if child.tag != qn("w:p"):
            continue
        p = Paragraph(child, doc)
        if p.style.name == "Heading 1":
            current = out.setdefault(p.text, {"h2": [], "pictures": 0, "captions": [], "text": []})
            continue
        if current is None:
            continue
        if p.style.name == "Heading 2":
            current["h2"].append(p.text)
        if p.style.name == "Caption":
            current["captions"].append(p.text)
        current["pictures"] += len(child.findall(".//" + qn("pic:pic")))
        current["text"].append(p.text)
    return out


@pytest.fixture(scope="module")
def rendered(demo, demo_meta, tmp_path_factory):
    return _render(demo, tmp_path_factory.mktemp("secties") / "secties.docx")


def test_each_municipality_chapter_has_its_journey_and_its_residents(rendered, demo, demo_meta):
    chapters = _chapters(rendered)
    per = demo_meta.stappen_per_gemeente
    for gemeente in demo.settings.gemeenten:
        chapter = chapters[f"Gemeente {gemeente}"]
        assert chapter["h2"] == ["De toegang zoals bedoeld", "Ervaringen van inwoners"]
        with_numbers = not per.loc[per["groep"] == gemeente, "onderdrukt"].all()
        assert chapter["pictures"] == 1 + int(with_numbers), gemeente  # journey map (+ curve)
        assert any(f"De schaduwreis in {gemeente}." in c for c in chapter["captions"])
        assert any(c.endswith(f"Stappen van de schaduwreis in {gemeente}") for c in chapter["captions"])
        text = "\n".join(chapter["text"])
        assert demo.schaduwreizen[gemeente].toelichting[:60] in text
        assert any(f"Belevingscurve in {gemeente}" in c for c in chapter["captions"]) == with_numbers


def test_the_small_municipality_is_named_but_not_counted(rendered, demo):
    chapter = _chapters(rendered)["Gemeente Heidedorp"]
    text = "\n".join(chapter["text"][chapter["text"].index("Ervaringen van inwoners"):])
    assert "minder inwoners geïnterviewd dan de ondergrens van 5" in text
    assert not re.search(r"\b[0-4]\b", text)  # no count of its residents, not even 3
    assert not any("Belevingscurve" in c for c in chapter["captions"])


def test_the_comparison_sets_the_journeys_and_the_experience_side_by_side(rendered, demo, demo_meta):
    from .test_report_numbers import as_records, tables_by_caption

    chapter = _chapters(rendered)["Vergelijking"]
    assert chapter["h2"] == ["De bedoelde reizen naast elkaar", "Ervaringen van inwoners vergeleken"]
    tables = tables_by_caption(rendered)
    journeys = as_records(tables["Stappen per soort en gemeente (★ = sleutelmoment)"])
    by_kind = {r["Soort stap"]: r for r in journeys}
    names = {k.id: k.naam for k in demo.instruments.topiclijst.soorten}
    assert by_kind[names["afspraak"]]["Heidedorp"] == "–"
    assert "Bespreking in het brede sociaal team" in by_kind[names["achter_de_schermen"]]["Lindewaarde"]
    assert "★" in by_kind[names["overdracht"]]["Beekveen"]  # the referral to a team is a sleutelmoment
    experience = as_records(tables["Beleving per soort stap en gemeente: gemiddelde (aantal inwoners)"])
    rows = {r["Soort stap"]: r for r in experience}
    checked = 0
    for row in demo_meta.soorten.itertuples():
        cell = rows[names[row.soort]][row.groep]
        if row.onderdrukt:
            assert not MEANS_CELL.match(cell) and not re.search(r"\d", cell.replace("n<5", "")), cell
            continue
        m = MEANS_CELL.match(cell)
        assert m, cell
        assert float(m[1].replace("\u2212", "-").replace(",", ".")) == pytest.approx(float(row.gemiddelde), abs=0.05)
        assert int(m[2]) == int(row.n)
        checked += 1
    assert checked
    assert rows[names["afspraak"]]["Heidedorp"] == "–"


# --- CLI --gemeente --------------------------------------------------------------------------------------

def test_topiclijst_for_one_municipality_follows_its_journey(demo_copy, tmp_path, capsys):
    from klantreis import cli

    assert cli.main(["topiclijst", str(demo_copy), "--gemeente", "Heidedorp", "--uitvoer", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "topiclijst_Heidedorp.docx"
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Warme overdracht naar het team" in text and "Gemeente: Heidedorp" in text
    assert "Bespreking in het brede sociaal team" not in text


def test_interviewformulier_for_one_municipality_and_an_unknown_one(demo_copy, tmp_path, capsys):
    from openpyxl import load_workbook

    from klantreis import cli

    assert cli.main(["interviewformulier", str(demo_copy), "--gemeente", "Beekveen", "--uitvoer", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    steps = [row[0].value for row in load_workbook(path)["Stappen"].iter_rows(min_row=2)]
    assert steps == load_study(demo_copy).schaduwreizen["Beekveen"].step_ids
    assert cli.main(["interviewformulier", str(demo_copy), "--gemeente", "Atlantis", "--uitvoer", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Atlantis" in err and "Lindewaarde, Beekveen, Heidedorp" in err and "Traceback" not in err
