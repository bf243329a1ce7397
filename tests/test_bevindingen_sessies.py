"""The verkenning, the effectenarena and the gezamenlijke reis in the report's new places (a
section in each municipality chapter, one in the comparison, one in the statistical appendix)
and their evidence for the municipality chapters (`Method.bevindingen`).

The sections are written the way a composition places them (`helpers.write_sections`) and read
back with python-docx. The bevindingen are checked against the analysis tables they come from,
and on a study built to break privacy: a perspective of two respondents in one municipality, and
names from `privacy.te_verwijderen` in an open answer, a factor and an improvement point.
"""

from __future__ import annotations

import re

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from klantreis.methods import ASPECTEN, PERSPECTIEVEN, Bevinding, method
from klantreis.report.compose import FULL, Build
from klantreis.report.numbers import datum, getal

from .helpers import write_sections

METHODS = ["verkenning", "effectenarena", "gezamenlijke_reis"]
APPENDIX = "Bijlage Statistische verantwoording"
# What a test statistic or a reliability measure looks like when printed.
STATISTIC = re.compile(r"\bp [=<] |\bH = |ε²|\br = \d|\bW = |ICC|Cronbach|\bα\b|Gini|Kruskal|Mann–Whitney|Kendall")


def _chapters(doc) -> dict[str, list[tuple[str, str]]]:
    """The document split at every Heading 1: chapter → (style, text) of its paragraphs, of
    every table cell (style "cel") and of every picture ("figuur", "") in order."""
    out, chapter = {}, ""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, doc)
            if p.style.name == "Heading 1":
                chapter = p.text
                out[chapter] = []
                continue
            out.setdefault(chapter, []).append((p.style.name, p.text))
            out[chapter].extend(("figuur", "") for _ in child.findall(".//" + qn("pic:pic")))
        elif child.tag == qn("w:tbl"):
            out.setdefault(chapter, []).extend(("cel", c.text) for row in Table(child, doc).rows for c in row.cells)
    return out


def _headings(blocks, level: int) -> list[str]:
    return [t for s, t in blocks if s == f"Heading {level}"]


@pytest.fixture(scope="module")
def sections(demo, tmp_path_factory):
    return _chapters(Document(str(write_sections(demo, METHODS, tmp_path_factory.mktemp("secties") / "s.docx"))))


@pytest.fixture(scope="module")
def build(demo):
    return Build(demo, None, FULL)


# --- the sections ------------------------------------------------------------------------------------

def test_each_municipality_chapter_holds_its_own_scan_and_sessions_and_nothing_else(sections, demo, build):
    arena = build.analysis("effectenarena").sessies
    reis = build.analysis("gezamenlijke_reis").tabellen["sessies"]
    scan = build.analysis("verkenning")
    for gemeente in demo.settings.gemeenten:
        headings = _headings(sections[f"Gemeente {gemeente}"], 2)
        own_arena = arena[arena["gemeente"] == gemeente]
        own_reis = reis[reis["gemeente"] == gemeente]
        answered = (scan.tabellen["respondenten"]["gemeente"] == gemeente).any()
        expected = ([f"Zelfscan in {gemeente}"] if answered else []) \
            + [f"{t} ({datum(d)})" for t, d in zip(own_arena["titel"], own_arena["datum"])] \
            + [f"Gezamenlijke reis: sessie van {datum(d)} ({gemeente})" for d in own_reis["datum"]]
        assert headings == expected, gemeente
    # the demo has a municipality with a session of each kind and one without any session
    assert any(_headings(sections[f"Gemeente {g}"], 2)[1:] == [] for g in demo.settings.gemeenten)
    joint = _headings(sections["De gemeenten vergeleken"], 2)
    assert joint[0] == "Zelfscan: gemeenten en perspectieven vergeleken"
    assert [h for h in joint if h.startswith("Gezamenlijke effectenarena")] == [
        f"{t} ({datum(d)})" for t, d in zip(arena.loc[arena["gemeente"].isna(), "titel"],
                                           arena.loc[arena["gemeente"].isna(), "datum"])]
    assert f"Gezamenlijke reis: sessie van {datum(reis.loc[reis['gemeente'].isna(), 'datum'].iloc[0])} " \
           "(alle gemeenten samen)" in joint


def test_each_chapter_has_the_figures_its_scan_and_sessions_call_for(sections, demo, build):
    """Per session of the effectenarena an arena per household, the factors, and the matrix when
    scored on impact × haalbaarheid; per session of the gezamenlijke reis with votes the votes by
    role; in the comparison also the scan's radar, gap and statements (and the change between
    rounds when there are two); no picture in the method sections or the appendix."""
    scan = build.analysis("verkenning")
    reis = build.analysis("gezamenlijke_reis")
    votes = reis.rangorde.groupby("sessie")["punten"].sum()

    def arena(s):
        return len(s.huishoudens) + 1 + (s.scoring.methode == "impact_haalbaarheid")

    expected = {f"Gemeente {g}": sum(arena(s) for s in demo.effectenarena.values() if s.gemeente == g)
                + sum(1 for s in demo.gezamenlijke_reis if s.sessie.gemeente == g and votes[s.naam] > 0)
                for g in demo.settings.gemeenten}
    expected["De gemeenten vergeleken"] = (
        3 + int(len(scan.rondes) > 1 and len(scan.rondes_vergeleken) > 0)
        + sum(arena(s) for s in demo.effectenarena.values() if s.gemeente is None)
        + sum(1 for s in demo.gezamenlijke_reis if s.sessie.gemeente is None and votes[s.naam] > 0))
    counts = {chapter: sum(s == "figuur" for s, _ in blocks) for chapter, blocks in sections.items()}
    assert counts == {chapter: expected.get(chapter, 0) for chapter in counts}
    assert sum(expected.values()) > 10


def test_every_section_starts_at_level_two(sections):
    for chapter, blocks in sections.items():
        levels = [int(s[-1]) for s, _ in blocks if s.startswith("Heading")]
        if levels:
            assert levels[0] == 2, chapter
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), chapter  # no level skipped


def test_test_statistics_only_in_the_appendix_and_the_main_text_points_there(sections):
    for chapter, blocks in sections.items():
        if chapter == APPENDIX:
            continue
        found = [t for _, t in blocks if STATISTIC.search(t)]
        assert not found, f"{chapter}: {found[:3]}"
    appendix = "\n".join(t for _, t in sections[APPENDIX])
    for wanted in ("Kruskal–Wallis", "Mann–Whitney", "Cronbach", "Kendalls W", "ICC", "Gini", "p = ", "ε²"):
        assert wanted in appendix, wanted
    comparison = "\n".join(t for _, t in sections["De gemeenten vergeleken"])
    assert "bijlage Statistische verantwoording" in comparison
    # the plain sentence stays: who is more positive, with the two means
    assert "Beleid is positiever dan inwoners over ‘Transparant en eenvoudig proces’ (gemiddeld 4,0 tegen 3,2)." \
        in comparison


def test_the_effectenarena_tables_name_the_kenmerken(sections, demo):
    cells = [t for chapter in sections.values() for s, t in chapter if s == "cel"]
    names = {k.naam for k in demo.instruments.kenmerken.kenmerken}
    assert not [c for c in cells if re.fullmatch(r"K[1-9]", c)]
    assert names & set(cells)


def test_no_section_without_responses_or_sessions(demo_copy, tmp_path):
    import shutil

    from klantreis.study import load_study
    from klantreis.verkenning.opslag import db_path

    db_path(demo_copy).unlink()
    for folder in ("effectenarena", "gezamenlijke_reis"):
        shutil.rmtree(demo_copy / folder)
        (demo_copy / folder).mkdir()
    study = load_study(demo_copy)
    doc = Document(str(write_sections(study, METHODS, tmp_path / "leeg.docx")))
    assert [p.text for p in doc.paragraphs if p.style.name != "Heading 1"] == []
    assert not doc.tables
    for name in METHODS:
        assert method(name).bevindingen(Build(study, None, FULL)) == []


# --- bevindingen on the demo ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def found(build):
    return {name: method(name).bevindingen(build) for name in METHODS}


def test_bevindingen_are_ready_to_print(found, demo):
    for name, items in found.items():
        assert items and all(isinstance(b, Bevinding) and b.methode == name for b in items), name
        for b in items:
            assert b.gemeente in (None, *demo.settings.gemeenten)
            assert b.perspectief in PERSPECTIEVEN and b.aspect in (None, *ASPECTEN)
            assert b.tekst.strip() and b.bron.strip() and "nan" not in b.tekst
            assert not any(term in b.tekst for term in demo.settings.privacy.te_verwijderen)
    assert {b.soort for b in found["verkenning"]} == {"cijfer", "uitspraak", "verbeterpunt"}
    assert {b.soort for b in found["effectenarena"]} == {"uitspraak", "verbeterpunt"}
    assert {b.soort for b in found["gezamenlijke_reis"]} == {"verbeterpunt"}


def test_verkenning_cijfers_are_the_shown_cells_of_the_last_round(found, build, demo):
    a = build.analysis("verkenning")
    cells = a.cellen[(a.cellen["ronde"] == a.laatste_ronde)]
    names = a.uitgangspunt_namen
    labels = {p.code: p for p in a.vragenlijst.perspectieven}
    checked = 0
    for b in found["verkenning"]:
        if b.soort != "cijfer":
            continue
        group = next(code for code in labels if f"{b.bron.split(', ')[1].split(' in ')[0]}" ==
                     {"inwoner": "inwoners", "uitvoerder": "uitvoerders", "beleid": "beleid",
                      "ketenpartner": "ketenpartners"}[code])
        own = cells[(cells["gemeente"] == b.gemeente) & (cells["perspectief"] == group)]
        pairs = re.findall(r"‘([^’]+)’ (?:gemiddeld )?(\d,\d)", b.tekst)
        assert pairs, b.tekst
        for name, shown in pairs:
            code = next(c for c, n in names.items() if n == name)
            assert demo.instruments.aspecten_van([code]) == [b.aspect]
            row = own[own["uitgangspunt"] == code].iloc[0]
            assert not bool(row["onderdrukt"])
            assert shown == getal(float(row["gemiddelde"])), (b.tekst, row["gemiddelde"])
            checked += 1
    assert checked >= 7
    # a municipality whose cells are all hidden offers no number at all
    hidden = [g for g in demo.settings.gemeenten
              if cells.loc[cells["gemeente"] == g, "onderdrukt"].astype(bool).all()]
    assert hidden and not [b for b in found["verkenning"] if b.gemeente in hidden]


def test_verkenning_maps_respondent_groups_onto_perspectives(demo):
    from klantreis.verkenning.bevindingen import perspective_of

    voc = demo.instruments.vocabulaire
    assert {g: perspective_of(g, voc) for g in ("inwoner", "uitvoerder", "beleid", "ketenpartner", "management")} == {
        "inwoner": "client", "uitvoerder": "professional", "beleid": "beleid", "ketenpartner": "professional",
        "management": "organisatie"}
    assert perspective_of("iets_anders", voc) is None


def test_effectenarena_factors_carry_the_room_score_perspective_and_aspect(found, build, demo):
    a = build.analysis("effectenarena")
    ranked = a.tabellen["factoren"].merge(a.ranking, on=["sessie", "factor"])
    titles = dict(zip(a.sessies["titel"], a.sessies["sessie"]))
    statements = [b for b in found["effectenarena"] if b.soort == "uitspraak"]
    assert len(statements) == len(ranked)
    for b in statements:
        titel, factor = re.match(r"effectenarena ‘(.+)’, .+, factor (F\d+)$", b.bron).groups()
        row = ranked[(ranked["sessie"] == titles[titel]) & (ranked["factor"] == factor)].iloc[0]
        assert b.perspectief == row["perspectief"] and f"‘{row['tekst']}’ {row['soort']}" in b.tekst
        assert b.aspect == next(iter(demo.instruments.aspecten_van([row["kenmerk"]])), None)
        assert b.gewicht == pytest.approx(float(row["prioriteit"]))
        assert f"plaats {int(row['rang'])} van " in b.tekst
        if row["methode"] == "stippen":
            assert re.search(rf"\({int(row['stippen'])} stip(pen)?,", b.tekst), b.tekst
        else:
            assert f"prioriteit {getal(float(row['prioriteit']))} op 1–25" in b.tekst
    gains = [b for b in found["effectenarena"] if b.soort == "verbeterpunt"]
    assert len(gains) == int((ranked["rang"] <= 3).sum())
    joint = set(a.sessies.loc[a.sessies["gemeente"].isna(), "titel"])
    assert {b.gemeente for b in statements if re.search(r"‘(.+)’", b.bron)[1] in joint} == {None}


def test_gezamenlijke_reis_points_weigh_by_their_votes_with_the_documented_perspective(found, build):
    result = build.analysis("gezamenlijke_reis")
    points = found["gezamenlijke_reis"]
    assert len(points) == len(result.rangorde)
    sessions = result.tabellen["sessies"]
    for b in points:
        code = b.bron.rsplit(", ", 1)[1]
        sessie = sessions.loc[sessions["gemeente"].isna() if b.gemeente is None
                              else sessions["gemeente"] == b.gemeente, "sessie"].iloc[0]
        row = result.rangorde[(result.rangorde["sessie"] == sessie) & (result.rangorde["code"] == code)].iloc[0]
        assert b.gewicht == row["punten"] and f"‘{row['tekst']}’ {row['punten']} punt" in b.tekst
        # rule 2: the shown role group that gave it the most points; rule 3: organisatie
        roles = result.rollen[(result.rollen["sessie"] == sessie) & (result.rollen["code"] == code)
                              & ~result.rollen["onderdrukt"].astype(bool)]
        top = roles[roles["punten"].astype(float) == roles["punten"].astype(float).max()] if len(roles) else roles
        if len(top) == 1 and float(top["punten"].iloc[0]) > 0:
            expected = {"inwoners": "client", "professionals": "professional", "beleid": None}[top["rolgroep"].iloc[0]]
            assert b.perspectief == expected or (expected is None and b.perspectief in ("beleid", "organisatie"))
        else:
            assert b.perspectief == "organisatie"
    # Beekveen's role groups are all below the minimum: nothing is known, so the default
    assert {b.perspectief for b in points if b.gemeente == "Beekveen"} == {"organisatie"}


# --- a study built to break privacy -------------------------------------------------------------------

SMALL = ("Kleindorp", "uitvoerder")
GROUPS = {("Grootstad", "inwoner"): 8, ("Grootstad", "uitvoerder"): 7, ("Grootstad", "beleid"): 6,
          ("Kleindorp", "inwoner"): 6, SMALL: 2, ("Kleindorp", "beleid"): 6}
NAME = "Pietersen"


@pytest.fixture(scope="module")
def small_study(tmp_path_factory):
    from klantreis.study import create_study, load_study
    from klantreis.verkenning.opslag import Opslag, Response
    from klantreis.verkenning.vragenlijst import read_vragenlijst

    path = create_study(tmp_path_factory.mktemp("privacy") / "studie", titel="Privacy (fictieve teststudie)",
                        gemeenten=["Grootstad", "Kleindorp"])
    settings = yaml.safe_load((path / "studie.yaml").read_text(encoding="utf-8"))
    settings["privacy"]["te_verwijderen"] = [NAME]
    (path / "studie.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    codes = [s.code for s in read_vragenlijst(path).statements]
    responses = []
    for (gemeente, group), n in GROUPS.items():
        for i in range(n):
            small = (gemeente, group) == SMALL
            responses.append(Response(
                id=f"{gemeente[:2]}-{group[:3]}-{i:02d}", gemeente=gemeente, ronde="nulmeting", perspectief=group,
                bron="test", antwoorden={c: 1 if small else 2 + (i + len(c)) % 4 for c in codes},
                open={"K1": "Alles ging mis bij ons." if small else
                      (f"Mevrouw {NAME} belde mij gelukkig terug." if i == 0 else "Sneller antwoord graag.")},
                prioriteit=["K5"] if small else ["K2"]))
    study = load_study(path)
    with Opslag(study.verkenning_db) as store:
        store.save(responses)
    return load_study(path)


def test_a_perspective_of_two_gives_no_number_and_nothing_derivable(small_study):
    items = method("verkenning").bevindingen(Build(small_study, None, FULL))
    assert items
    # uitvoerders are the only professionals: two in Kleindorp, and Grootstad's seven would
    # reveal them through the total, so no municipality has a professional's number
    assert not [b for b in items if b.perspectief == "professional" and b.gemeente is not None]
    assert not [b for b in items if b.gemeente == "Kleindorp" and "uitvoerder" in b.bron]
    assert not [b for b in items if "Alles ging mis" in b.tekst]
    # the small group scored 1 on everything: no mean of 1,0 anywhere
    assert not [b for b in items if "1,0" in b.tekst]
    # the other groups do get their numbers
    assert {(b.gemeente, b.perspectief) for b in items if b.soort == "cijfer"} == {
        ("Grootstad", "client"), ("Grootstad", "beleid"), ("Kleindorp", "client"), ("Kleindorp", "beleid")}


def test_an_open_answer_with_a_name_comes_out_redacted(small_study):
    items = method("verkenning").bevindingen(Build(small_study, None, FULL))
    answers = [b.tekst for b in items if b.soort == "uitspraak"]
    assert any("belde mij gelukkig terug" in t for t in answers)
    assert not any(NAME in t for t in answers) and any("[naam]" in t for t in answers)


def test_session_texts_with_a_name_come_out_redacted_and_a_small_room_gets_no_numbers(demo_copy):
    from klantreis.study import load_study

    arena = next((demo_copy / "effectenarena").glob("*lindewaarde.yaml"))
    arena.write_text(arena.read_text(encoding="utf-8").replace(
        "Het wijkteam kent de buurt en is laagdrempelig", "Marloes van het wijkteam kent de buurt"), encoding="utf-8")
    reis = next((demo_copy / "gezamenlijke_reis").glob("*beekveen.yaml"))
    text = reis.read_text(encoding="utf-8")
    assert "inloopspreekuur" in text.lower()
    reis.write_text(text.replace("Een inloopspreekuur", "Sander wil een inloopspreekuur"), encoding="utf-8")
    settings = yaml.safe_load((demo_copy / "studie.yaml").read_text(encoding="utf-8"))
    settings["privacy"]["minimale_groepsgrootte"] = 20  # larger than every room of the demo
    (demo_copy / "studie.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    study = load_study(demo_copy)
    build = Build(study, None, FULL)
    arena_items = method("effectenarena").bevindingen(build)
    reis_items = method("gezamenlijke_reis").bevindingen(build)
    texts = [b.tekst for b in arena_items + reis_items]
    assert any("[naam] van het wijkteam kent de buurt" in t for t in texts)
    assert any("[naam] wil een inloopspreekuur" in t for t in texts)
    assert not any("Marloes" in t or "Sander" in t for t in texts)
    # no room reached 20 voters: no dots, places or points in any sentence, and no weight
    assert not any(re.search(r"stip|plaats \d|\d+ punt", t) for t in texts), texts
    assert {b.gewicht for b in arena_items + reis_items} == {0.0}


def test_the_answers_export_leaves_a_hidden_uitgangspunt_out_of_the_priorities(tmp_path):
    """Four of Grootstad's eight inwoners answer 'weet niet' on every K5 statement: the K5 cell
    has 4 scores and is hidden (and Kleindorp's K5 cell with it, or the total would reveal it).
    The export leaves K5 empty for them, and now also out of the column prioriteiten."""
    from openpyxl import load_workbook

    from klantreis.study import create_study, load_study
    from klantreis.verkenning.opslag import Opslag, Response
    from klantreis.verkenning.uitwisseling import export_responses
    from klantreis.verkenning.vragenlijst import read_vragenlijst

    path = create_study(tmp_path / "studie", titel="Export (fictieve teststudie)", gemeenten=["Grootstad", "Kleindorp"])
    codes = [s.code for s in read_vragenlijst(path).statements]
    responses = [Response(id=f"{g[:2]}-{i:02d}", gemeente=g, ronde="nulmeting", perspectief="inwoner", bron="test",
                          antwoorden={c: "WN" if g == "Grootstad" and i < 4 and c.startswith("K5") else 2 + i % 4
                                      for c in codes},
                          prioriteit=["K5", "K2"])
                 for g in ("Grootstad", "Kleindorp") for i in range(8)]
    study = load_study(path)
    with Opslag(study.verkenning_db) as store:
        store.save(responses)
    ws = load_workbook(export_responses(load_study(path)), read_only=True)["Antwoorden"]
    rows = list(ws.iter_rows(values_only=True))
    header, rows = list(rows[0]), rows[1:]
    assert len(rows) == 16  # both groups are shown
    k5 = [i for i, h in enumerate(header) if str(h).startswith("K5_")]
    assert all(row[i] is None for row in rows for i in k5)  # the cell is hidden in both municipalities
    priorities = [row[header.index("prioriteiten")] for row in rows]
    assert all(p == "K2" for p in priorities), priorities
