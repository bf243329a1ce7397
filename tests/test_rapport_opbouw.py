"""The report a council receives, in the Movisie structure: inleiding with the research frame,
a chapter per municipality with the four perspectives, the comparison, the answers to the
research questions, sources and appendices; every text slot the researchers have not filled
shows one placeholder and `controleer` lists it."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

import pytest
import yaml
from docx import Document

from klantreis.errors import KlantreisFout
from klantreis.methods import Bevinding, Method, register, unregister
from klantreis.report import bewijs
from klantreis.report.compose import build_report
from klantreis.study import create_study, load_study
from klantreis.teksten import empty_slots, placeholder, slots, slug

GEMEENTEN = ["Ouder-Amstel", "Súdwest-Fryslân", "'s-Hertogenbosch"]


def _headings(doc, level=None):
    return [(int(p.style.name[-1]), p.text) for p in doc.paragraphs
            if p.style.name.startswith("Heading") and (level is None or p.style.name == f"Heading {level}")]


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def new_study(tmp_path_factory):
    return create_study(tmp_path_factory.mktemp("drie") / "studie", gemeenten=GEMEENTEN, per_gemeente=True)


@pytest.fixture(scope="module")
def new_report(new_study):
    path = build_report(load_study(new_study), new_study / "uitvoer" / "rapport.docx")
    return Document(str(path))


def test_the_report_follows_the_movisie_structure(new_report):
    chapters = [t for _, t in _headings(new_report, 1)]
    assert chapters[:2] == ["Samenvatting", "Inleiding"]
    assert chapters[2:5] == [f"Gemeente {g}" for g in GEMEENTEN]
    rest = chapters[5:]
    assert rest.index("Vergelijking van de gemeenten") < rest.index("Terug naar de vraagstelling") < rest.index("Bronnen")
    appendices = [t for t in rest if t.startswith("Bijlage")]
    assert appendices[:2] == ["Bijlage A. Bestudeerde documenten", "Bijlage B. Betrokkenen bij het onderzoek"]
    assert [a.split(".")[0] for a in appendices] == [f"Bijlage {chr(65 + i)}" for i in range(len(appendices))]
    inleiding = [t for lvl, t in _headings(new_report, 2)][:6]
    for part in ("Aanleiding", "Onderzoeksvragen", "Onderzoeksopzet"):
        assert part in inleiding


def test_each_municipality_chapter_has_the_four_perspectives_and_its_conclusions(new_report):
    heads = _headings(new_report)
    for gemeente in GEMEENTEN:
        start = heads.index((1, f"Gemeente {gemeente}"))
        end = next(i for i in range(start + 1, len(heads)) if heads[i][0] == 1)
        chapter = [t for _, t in heads[start + 1:end]]
        assert chapter[:2] == ["Context", "De toegang zoals bedoeld"]  # its own journey (klantreis nieuw --per-gemeente)
        assert chapter.index("Beleid") < chapter.index("Organisatie") < chapter.index("Professionals") < chapter.index("Cliënten")
        assert f"Conclusies en aanbevelingen voor {gemeente}" in chapter


def test_every_empty_slot_shows_one_placeholder_and_controleer_lists_the_same(new_study, new_report):
    text = _text(new_report)
    study = load_study(new_study)
    empty = empty_slots(study)
    # + one slot per municipality for the public version (issue 11), shown there, not in the report
    assert len(empty) == len(slots(study.settings)) == 1 + 10 * 3 + 3 + 2 * 3 + 3
    for slot in empty:
        assert text.count(placeholder(slot.pad)) == (0 if slot.pad.startswith("publiek/") else 1), slot.pad
    out = subprocess.run([sys.executable, "-m", "klantreis.cli", "controleer", str(new_study)],
                         capture_output=True, text=True, check=True).stdout
    listed = set(re.findall(r"^- (teksten/\S+\.md):", out, flags=re.M))
    assert listed == {s.bestand for s in empty}
    assert "(vul in)" not in text  # settings not filled in are left out, never printed raw


def test_a_filled_slot_replaces_its_placeholder_in_its_own_chapter(tmp_path):
    root = create_study(tmp_path / "s", gemeenten=["Aa", "Bee"])
    (root / "teksten/gemeenten/bee/beleid-ervaren.md").write_text(
        "De beleidsmakers in Bee zien de wachttijd als grootste zorg.\n", encoding="utf-8")
    (root / "teksten/vraagstelling/V1-aa.md").write_text("Grotendeels wel, behalve bij schulden.\n", encoding="utf-8")
    doc = Document(str(build_report(load_study(root), root / "uitvoer" / "r.docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    where = paragraphs.index("De beleidsmakers in Bee zien de wachttijd als grootste zorg.")
    chapter = [t for t in paragraphs[:where] if t.startswith("Gemeente ")][-1]
    assert chapter == "Gemeente Bee"
    assert placeholder("gemeenten/bee/beleid-ervaren") not in paragraphs
    assert placeholder("gemeenten/aa/beleid-ervaren") in paragraphs
    answer = paragraphs.index("Grotendeels wel, behalve bij schulden.")
    assert "Terug naar de vraagstelling" in paragraphs[:answer]


def test_controleer_names_a_text_file_that_belongs_to_no_slot(tmp_path):
    root = create_study(tmp_path / "s", gemeenten=["Aa"])
    (root / "teksten/gemeenten/aa/beleid-ervaring.md").write_text("typfout", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "klantreis.cli", "controleer", str(root)],
                         capture_output=True, text=True, check=True).stdout
    assert "teksten/gemeenten/aa/beleid-ervaring.md hoort bij geen enkele plek" in out


def test_a_new_study_per_municipality_gets_a_journey_for_each_and_asks_for_the_municipalities(new_study, tmp_path):
    from klantreis.cli import main

    study = load_study(new_study)
    assert sorted(p.name for p in (new_study / "schaduwreizen").iterdir()) == sorted(f"{slug(g)}.yaml" for g in GEMEENTEN)
    assert not (new_study / "schaduwreis.yaml").exists()
    assert {g: r.gemeente for g, r in study.schaduwreizen.items()} == {g: g for g in GEMEENTEN}
    assert main(["nieuw", str(tmp_path / "zonder"), "--per-gemeente"]) == 1
    assert not (tmp_path / "zonder").exists()


def test_municipality_folder_names(tmp_path):
    assert slug("Ouder-Amstel") == "ouder-amstel"
    assert slug("'s-Hertogenbosch") == "s-hertogenbosch"
    assert slug("Súdwest-Fryslân") == "sudwest-fryslan"


def test_research_frame_is_checked_with_all_problems_at_once(tmp_path):
    root = create_study(tmp_path / "s", gemeenten=["Aa", "Bee"])
    settings = yaml.safe_load((root / "studie.yaml").read_text(encoding="utf-8"))
    settings["onderzoek"]["bronnen"] = [{"titel": "Visie", "organisatie": "Gemeente Cee", "jaar": 2024,
                                         "gemeente": "Cee"},
                                        {"titel": "Plan", "organisatie": "Aa", "jaar": "2024"}]
    settings["onderzoek"]["onderzoeksvragen"].append(copy.deepcopy(settings["onderzoek"]["onderzoeksvragen"][0]))
    (root / "studie.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KlantreisFout) as caught:
        load_study(root)
    message = str(caught.value)
    assert "jaar" in message and "2024" in message
    assert "onderzoeksvraag een eigen id" in message
    raw = (root / "studie.yaml").read_text(encoding="utf-8")
    settings["onderzoek"]["bronnen"] = settings["onderzoek"]["bronnen"][:1]
    settings["onderzoek"]["onderzoeksvragen"].pop()
    (root / "studie.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KlantreisFout) as caught:
        load_study(root)
    assert "onderzoek.bronnen[1].gemeente" in str(caught.value) and "Cee" in str(caught.value)
    assert raw  # the file the user wrote is only read


def test_the_research_questions_of_the_study_are_the_ones_printed(tmp_path):
    root = create_study(tmp_path / "s", gemeenten=["Aa"])
    settings = yaml.safe_load((root / "studie.yaml").read_text(encoding="utf-8"))
    settings["onderzoek"]["onderzoeksvragen"] = [
        {"id": "Q1", "vraag": "Komen jongeren op tijd bij de juiste hulp?", "aspecten": ["vroegtijdig"]}]
    (root / "studie.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    study = load_study(root)
    assert [s.pad for s in slots(study.settings) if s.pad.startswith("vraagstelling/")] == ["vraagstelling/Q1-aa"]
    doc = Document(str(build_report(study, root / "uitvoer" / "r.docx")))
    text = _text(doc)
    assert text.count("Komen jongeren op tijd bij de juiste hulp?") == 2  # inleiding and vraagstelling
    assert "Onderzoeksvraag 2" not in text


# --- choosing the methods' evidence ----------------------------------------------------------

def _quote(tekst, respondent, gewicht=0.0, methode="proef", aspect="vroegtijdig", gemeente="Aa"):
    return Bevinding(methode=methode, gemeente=gemeente, perspectief="client", aspect=aspect, soort="citaat",
                     tekst=tekst, bron=f"klantreis {respondent}", gewicht=gewicht, respondent=respondent)


def test_a_resident_is_quoted_at_most_twice_per_chapter():
    chapter = bewijs.Chapter()
    first, _ = bewijs.select([_quote(f"citaat {i}", "R01", gewicht=10 - i) for i in range(4)], chapter)
    second, _ = bewijs.select([_quote("nog een", "R01"), _quote("van een ander", "R02")], chapter)
    assert [b.tekst for b in first] == ["citaat 0", "citaat 1"]
    assert [b.tekst for b in second] == ["van een ander"]


def test_a_text_is_printed_once_per_chapter_even_under_several_aspects():
    chapter = bewijs.Chapter()
    a, _ = bewijs.select([_quote("Ik moest alles opnieuw vertellen.", "R03", aspect="vroegtijdig")], chapter)
    b, _ = bewijs.select([_quote("Ik moest  alles opnieuw vertellen.", "R03", aspect="samenhangend")], chapter)
    assert len(a) == 1 and b == []


def test_numbers_come_first_and_methods_take_turns_and_a_cut_list_says_so():
    items = [_quote(f"a{i}", f"R{i}", gewicht=9, methode="alpha") for i in range(6)]
    items += [_quote("b0", "S1", gewicht=1, methode="beta")]
    items += [Bevinding(methode="gamma", gemeente="Aa", perspectief="client", aspect="vroegtijdig", soort="cijfer",
                        tekst="Gemiddeld 0,4.", bron="zelfscan", gewicht=0)]
    chosen, left = bewijs.select(items, bewijs.Chapter(), limit=4)
    assert [b.tekst for b in chosen] == ["Gemiddeld 0,4.", "a0", "b0", "a1"]
    assert left == 4


def test_a_chapter_shows_only_its_own_municipalitys_evidence(tmp_path):
    root = create_study(tmp_path / "s", gemeenten=["Aa", "Bee"])
    found = [_quote("Alleen over Aa gezegd.", "R01", gemeente="Aa"),
             _quote("Alleen over Bee gezegd.", "R02", gemeente="Bee"),
             Bevinding(methode="proef", gemeente="Bee", perspectief="beleid", aspect=None, soort="verbeterpunt",
                       tekst="Eén telefoonnummer voor alle vragen.", bron="werksessie", gewicht=5)]
    register(Method(name="proef", title="Proefmethode", bevindingen=lambda build: found))
    try:
        doc = Document(str(build_report(load_study(root), root / "uitvoer" / "r.docx")))
    finally:
        unregister("proef")
    paragraphs = [p.text for p in doc.paragraphs]

    def chapter_of(fragment):
        i = next(i for i, t in enumerate(paragraphs) if fragment in t)
        return [t for t in paragraphs[:i] if t.startswith("Gemeente ")][-1]

    assert chapter_of("Alleen over Aa gezegd.") == "Gemeente Aa"
    assert chapter_of("Alleen over Bee gezegd.") == "Gemeente Bee"
    assert chapter_of("Eén telefoonnummer voor alle vragen.") == "Gemeente Bee"
    # and in the answer to the question on kansen for Bee, not for Aa
    vraag = len(paragraphs) - 1 - paragraphs[::-1].index("Terug naar de vraagstelling")  # not the contents
    tail = paragraphs[vraag:]
    assert sum("Eén telefoonnummer" in t for t in tail) == 1
    bee = tail.index("Bee", tail.index("Onderzoeksvraag 2"))
    assert any("Eén telefoonnummer" in t for t in tail[bee:])


# --- the numbers of the new chapters against the files they count ---------------------------

@pytest.fixture(scope="module")
def demo_report(demo, tmp_path_factory):
    return Document(str(build_report(demo, tmp_path_factory.mktemp("opbouw_demo") / "rapport.docx")))


def _table_after(doc, caption_start: str) -> list[list[str]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = list(doc.element.body.iterchildren())
    for i, el in enumerate(body):
        if el.tag.endswith("}p") and Paragraph(el, doc).text.split(". ", 1)[-1].startswith(caption_start):
            table = Table(next(e for e in body[i + 1:] if e.tag.endswith("}tbl")), doc)
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"geen tabel met bijschrift {caption_start!r}")


def test_the_participation_table_counts_the_files_of_the_study(demo, demo_report):
    from collections import Counter

    from klantreis.resources import DEMO_STUDY_DIR

    rows = _table_after(demo_report, "Deelname per methode en gemeente")
    header, body = rows[0], {r[0]: r[1:] for r in rows[1:]}
    gemeenten = list(demo.settings.gemeenten)
    assert header[1:1 + len(gemeenten)] == gemeenten

    def row(label):
        return dict(zip(header[1:], [int(v) for v in body[label]]))

    interviews = Counter(yaml.safe_load(p.read_text(encoding="utf-8"))["gemeente"]
                         for p in (DEMO_STUDY_DIR / "interviews").glob("*.yaml"))
    shown = row("Individuele klantreizen en meta-analyse: interviews met inwoners")
    assert {g: shown[g] for g in gemeenten} == {g: interviews[g] for g in gemeenten}
    assert shown["Totaal"] == sum(interviews.values())
    talks = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (DEMO_STUDY_DIR / "stakeholders").glob("*.yaml")]
    per = Counter(t["gemeente"] for t in talks if t["soort"] == "interview")
    label = next(k for k in body if k.endswith(": stakeholderinterviews"))
    assert {g: row(label)[g] for g in gemeenten} == {g: per[g] for g in gemeenten}
    sessions = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (DEMO_STUDY_DIR / "effectenarena").glob("*.yaml")]
    arena = row("Effectenarena: deelnemers")
    for s in sessions:
        people = sum(d["rol"] != "facilitator" for d in s["deelnemers"])
        assert arena[s.get("gemeente") or "Samen"] == people


def test_the_evidence_tables_count_what_the_methods_offer(demo, demo_report):
    from klantreis.methods import PERSPECTIEVEN, methods
    from klantreis.report.compose import FULL, Build

    build = Build(demo, None, FULL)
    found = [b for m in methods() if m.bevindingen is not None for b in m.bevindingen(build)]
    labels = demo.instruments.vocabulaire.perspectieven
    rows = _table_after(demo_report, "Aantal bevindingen uit de methoden per gemeente en perspectief")
    header = rows[0]
    for r in rows[1:]:
        gemeente = None if r[0] == "Gezamenlijk" else r[0]
        mine = [b for b in found if b.gemeente == gemeente]
        for p in PERSPECTIEVEN:
            assert int(r[header.index(labels[p])]) == sum(b.perspectief == p for b in mine), (r[0], p)
        assert int(r[-1]) == len(mine)
