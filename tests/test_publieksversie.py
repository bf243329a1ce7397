"""The public version (B1) for the adviesraad, its abbreviations and readability, and the
documents per municipality (issue 11)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from klantreis.report.afkortingen import document_text, find, load_afkortingen
from klantreis.report.leesbaarheid import flesch_douma, measure, syllables
from klantreis.report.per_gemeente import for_gemeente
from klantreis.report.publiek import build_publiek
from klantreis.study import create_study, load_study
from klantreis.teksten import placeholder, publiek_slot

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _cli(*args, cwd=None):
    import os

    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "klantreis.cli", *map(str, args)], capture_output=True, text=True,
                          check=False, env=env, cwd=cwd)


# --- readability ----------------------------------------------------------------------------------

def test_flesch_douma_of_three_short_sentences_matches_the_hand_computation():
    text = "De gemeente helpt inwoners. Zij belt binnen twee weken terug. Dat is fijn."
    # By hand: 13 words, 3 sentences; syllables de(1) ge-meen-te(3) helpt(1) in-wo-ners(3) zij(1) belt(1)
    # bin-nen(2) twee(1) we-ken(2) te-rug(2) dat(1) is(1) fijn(1) = 20.
    # FD = 206.835 - 0.93 * 13/3 - 77 * 20/13 = 206.835 - 4.03 - 118.4615… = 84.3435
    m = measure(text)
    assert (m.woorden, m.zinnen, m.lettergrepen) == (13, 3, 20)
    assert m.flesch_douma == pytest.approx(84.3435, abs=1e-3)
    assert m.woorden_per_zin == pytest.approx(13 / 3)
    assert m.op_niveau
    assert flesch_douma(10, 1, 30) == pytest.approx(206.835 - 9.3 - 231)


def test_flesch_douma_agrees_with_textstat_for_dutch():
    textstat = pytest.importorskip("textstat")
    textstat.set_lang("nl")
    text = "De gemeente helpt inwoners met schulden. Zij belt binnen twee weken terug. Dat vinden zij fijn."
    assert measure(text).flesch_douma == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)


def test_long_official_sentences_miss_the_b1_goal_and_syllables_are_counted_per_part():
    hard = ("De maatwerkvoorziening wordt na een zorgvuldige afweging van de individuele omstandigheden en de "
            "beschikbare voorliggende voorzieningen bij beschikking toegekend door het college.")
    assert not measure(hard).op_niveau
    assert syllables("Wmo-consulent") == syllables("Wmo") + syllables("consulent")


# --- abbreviations --------------------------------------------------------------------------------

def test_abbreviations_are_found_known_and_unknown_and_codes_are_not_abbreviations():
    glossary = load_afkortingen()
    used, unknown = find("De Wmo-consulent belde de POH-GGZ en het CJG. Ook de XYZ deed mee. Zie R01, K3, BFL2 en V2; "
                         "hoofdstuk II.", glossary)
    assert used == ["Wmo", "POH-GGZ", "CJG"]
    assert unknown == ["XYZ"]
    assert find("De WMO en de ggz", glossary)[0] == ["Wmo", "GGZ"]  # variants count as the entry
    assert find("Gemaakt met LibreOffice en LimeSurvey", glossary) == ([], [])  # names, not abbreviations


def test_the_glossary_explains_the_abbreviations_the_issue_names():
    glossary = load_afkortingen()
    for key in ("Wmo", "GKB", "POH", "SKT", "MDT", "Jw", "Pw", "CJG", "WIJ", "AVG"):
        entry = glossary.afkortingen[key]
        assert entry.voluit and len(entry.uitleg.split()) >= 5


# --- the public version of the demo ---------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_public(tmp_path_factory):
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        path = build_publiek(load_study(), tmp_path_factory.mktemp("publiek") / "publieksversie.docx")
    return Document(str(path)), err.getvalue()


def _headings(doc) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading ")]


def test_the_demo_public_version_has_the_parts_a_council_member_reads(demo_public):
    doc, _ = demo_public
    top = [text for level, text in _headings(doc) if level == 1]
    assert top[:2] == ["Waarom dit onderzoek?", "Wat we vonden in Lindewaarde"]
    assert {"Wat gaat de gemeente doen?", "Wilt u reageren?", "Begrippen en afkortingen"} <= set(top)
    assert top[-1].startswith("Bijlage A. Hoe leesbaar")
    text = document_text(doc)
    assert "De drie moeilijkste momenten" in text and "Wat inwoners belangrijk vinden" in text
    assert "onderzoek@voorbeeld.invalid" in text  # how to respond, from studie.yaml
    assert "De gemeente Lindewaarde gaat dit jaar drie dingen doen" in text  # the researchers' slot
    # Heidedorp has 3 interviews, below the minimum of 5: no numbers, also not here.
    assert "In Heidedorp spraken we met minder dan 5 inwoners" in text
    assert doc.styles["Normal"].font.size.pt == 12


def test_every_figure_of_the_public_version_has_alt_text(demo_public):
    doc, _ = demo_public
    pictures = list(doc.element.body.iter(qn("wp:docPr")))
    assert len(pictures) == 2  # Lindewaarde and Beekveen; Heidedorp is too small for numbers
    for pr in pictures:
        assert pr.get("descr", "").startswith("Staafdiagram: hoe inwoners van")


def test_every_abbreviation_in_the_public_version_is_explained_in_its_glossary(demo_public):
    doc, err = demo_public
    glossary = load_afkortingen()
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("Begrippen en afkortingen")
    end = next(i for i, t in enumerate(paragraphs) if t.startswith("Bijlage A."))
    before = "\n".join(paragraphs[:start])
    used, unknown = find(before, glossary)
    assert "Wmo" in used and unknown == []
    explained = [t for t in paragraphs[start + 1:end] if t in glossary.afkortingen]
    assert explained == used  # exactly the ones used, in the glossary's order
    assert "afkortingen zonder uitleg" not in err


def test_readability_is_printed_per_part_and_listed_in_the_appendix(demo_public):
    doc, err = demo_public
    assert re.search(r"Leesbaarheid publieksversie\.docx: Waarom dit onderzoek\?: Flesch-Douma \d+, \d+,\d woorden", err)
    # the researchers' aanleiding in studie.yaml is long: flagged, and printed unchanged
    assert "tekst van de onderzoekers onder het B1-doel (Aanleiding (studie.yaml))" in err
    assert "De drie gemeenten werken sinds 2023 samen in de toegang" in document_text(doc)
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Onderdeel", "Flesch-Douma", "Woorden per zin", "Doel gehaald"]
    rows = {r.cells[0].text: r.cells[3].text for r in table.rows[1:]}
    assert rows["Wat we vonden in Lindewaarde › Wat inwoners vertellen"] == "ja"  # the kit's own B1 sentences


# --- a new, nearly empty study ----------------------------------------------------------------------

def test_a_new_study_gets_a_public_version_with_its_slots_and_an_unknown_abbreviation_is_reported(tmp_path, capsys):
    root = create_study(tmp_path / "s", gemeenten=["Aa", "Bee"])
    (root / f"teksten/{publiek_slot('Bee')}.md").write_text(
        "Het QRZ van Bee gaat vaker langs bij de Wmo-consulent.\n", encoding="utf-8")
    study = load_study(root)
    doc = Document(str(build_publiek(study)))
    text = document_text(doc)
    assert placeholder(publiek_slot("Aa")) in text  # the empty slot, shown once
    assert "Het QRZ van Bee gaat vaker langs" in text  # printed as written, never rewritten
    assert "In Aa hebben we (nog) geen inwoners gesproken." in text
    err = capsys.readouterr().err
    assert "afkortingen zonder uitleg" in err and "QRZ" in err
    out = _cli("controleer", root).stdout
    assert f"- teksten/{publiek_slot('Aa')}.md" in out  # the empty slot is listed
    assert f"teksten/{publiek_slot('Bee')}.md: de afkorting ‘QRZ’ staat niet in" in out
    assert "‘Wmo’" not in out


# --- per municipality -------------------------------------------------------------------------------

def test_a_group_large_enough_study_wide_is_suppressed_within_its_municipality(demo, tmp_path):
    from klantreis.methods import method

    whole = method("klantreizen").analyse(demo).stappen_totaal
    only = for_gemeente(demo, "Heidedorp", tmp_path)
    assert {iv.gemeente for iv in only.interviews} == {"Heidedorp"}
    mine = method("klantreizen").analyse(only).stappen_totaal
    # steps of Heidedorp's journey that have numbers in the whole study (16 residents) …
    shared = sorted(set(whole.loc[~whole["onderdrukt"].astype(bool), "stap"]) & set(mine["stap"]))
    assert shared
    # … have none in the report about Heidedorp alone (3 residents)
    assert mine.set_index("stap").loc[shared, "onderdrukt"].all()
    assert mine["gemiddelde"].isna().all()
    verkenning = method("verkenning").analyse(only)
    if verkenning is not None:
        assert set(verkenning.tabellen["respondenten"]["gemeente"].astype(str)) == {"Heidedorp"}
    assert only.settings.gemeenten == ["Heidedorp"]
    assert all(b.gemeente in ("Heidedorp", None) for b in only.settings.onderzoek.bronnen)


def test_per_gemeente_writes_one_document_each_names_a_failure_and_keeps_the_others(tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    (out / "publieksversie_beekveen.docx").mkdir()  # Beekveen's file cannot be written
    done = _cli("publieksversie", "--per-gemeente", "--uitvoer", out)
    assert done.returncode == 1
    assert "Niet gelukt voor gemeente Beekveen" in done.stderr
    assert "2 van de 3 gemeenten gelukt; niet gelukt: Beekveen." in done.stderr
    assert re.search(r"\[3/3\] \w+: (klaar|mislukt)", done.stderr)  # the progress line
    written = sorted(Path(line).name for line in done.stdout.split())
    assert written == ["publieksversie_heidedorp.docx", "publieksversie_lindewaarde.docx"]

    lindewaarde = document_text(Document(str(out / "publieksversie_lindewaarde.docx")))
    others = load_study().interviews
    other_ids = {iv.respondent for iv in others if iv.gemeente != "Lindewaarde"}
    assert not any(re.search(rf"\b{rid}\b", lindewaarde) for rid in other_ids)
    assert "Wat we vonden in" not in lindewaarde and "Wat we vonden" in lindewaarde  # one municipality
    # Other municipalities are named only in the study's own texts of studie.yaml (title, aanleiding).
    own = load_study().settings
    allowed = [own.titel, own.onderzoek.aanleiding]
    for line in lindewaarde.splitlines():
        if "Beekveen" in line or "Heidedorp" in line:
            assert any(part.strip() and part.strip() in line or line in part for part in allowed), line
    heidedorp = document_text(Document(str(out / "publieksversie_heidedorp.docx")))
    assert "In Heidedorp spraken we met minder dan 5 inwoners" in heidedorp
    # the list of what the study gathered does not give the size of that group either
    assert "minder dan 5 gesprekken met inwoners" in heidedorp
    assert not re.search(r"\b[1-4] gesprekk?e?n? met (een )?inwoners?\b", heidedorp)
    assert "Lindewaarde gaat dit jaar" not in heidedorp


def test_the_report_of_one_small_municipality_shows_no_empty_figure_and_no_curve_twice(demo, tmp_path):
    """Heidedorp alone: its scan has fewer respondents than the minimum in every cell of the rounds
    and of the perspectives, so there are no figures of changes or perspectives (they would be
    empty) and the text says why; the comparison chapter does not repeat the curve of all
    residents, which for one municipality is its own."""
    from klantreis.report.per_gemeente import build_for_gemeente

    path = build_for_gemeente(demo, "Heidedorp", tmp_path)
    text = document_text(Document(str(path)))
    assert "Verandering van de gemiddelde score van nulmeting" not in text  # neither figure nor table
    assert "vulden in een van de rondes minder dan 5 respondenten de vragenlijst in" in text
    assert "Er zijn geen duidelijke veranderingen tussen de rondes" not in text
    assert "Beleving per stap, alle gemeenten" not in text
    assert "de belevingscurve van alle geïnterviewde inwoners staat in het hoofdstuk over Heidedorp" in text
    # nor radar and gap figures of the scan, in which no perspective has a number to draw
    assert "Per perspectief vulden minder dan 5 respondenten de vragenlijst in" in text
    assert "Radardiagram" not in text and "Verschil tussen de perspectieven per uitgangspunt" not in text
