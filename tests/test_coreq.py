"""The method section along the COREQ checklist (Tong, Sainsbury & Craig 2007) and its appendix:
the kit answers what the data show, the researchers answer the rest in studie.yaml, and the
checklist says for every one of the 32 items where it is answered."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from klantreis.errors import KlantreisFout
from klantreis.instruments import COREQ_BRONNEN
from klantreis.report.compose import FULL, Build
from klantreis.report.docx import ReportDoc
from klantreis.report.sections.coreq import (
    ANSWERS,
    COREQ_BIJLAGE,
    COREQ_METHODE,
    WHERE_RESEARCHERS,
)
from klantreis.resources import DEMO_STUDY_DIR, INSTRUMENTS_DIR
from klantreis.study import load_study


def _render(study, tmp_path: Path) -> Document:
    """Both COREQ sections in a Word file of their own, read back."""
    doc = ReportDoc(redactor=study.redactor)
    build = Build(study, None, FULL)
    COREQ_METHODE.add(doc, build, None)
    COREQ_BIJLAGE.add(doc, build, None)
    path = tmp_path / "coreq.docx"
    doc.finish(title=study.settings.titel, author="test", subject="COREQ").save(str(path))
    return Document(str(path))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _checklist(doc) -> dict[int, list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nr")
    return {int(row[0]): row for row in _rows(table)[1:]}


def _interview_files(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((folder / "interviews").glob("*.yaml"))]


def _edit_settings(folder: Path, change) -> None:
    path = folder / "studie.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def demo_doc(demo, tmp_path_factory):
    return _render(demo, tmp_path_factory.mktemp("coreq"))


# --- the checklist itself ------------------------------------------------------------------------

def test_the_checklist_holds_the_32_items_once_in_the_three_domains_of_the_paper():
    raw = yaml.safe_load((INSTRUMENTS_DIR / "coreq.yaml").read_text(encoding="utf-8"))
    numbers = [item["nr"] for item in raw["items"]]
    assert sorted(numbers) == list(range(1, 33)) and len(numbers) == 32
    # Domain I: items 1–8, domain II: 9–23, domain III: 24–32 (Tong et al. 2007, table 1).
    domains = {item["nr"]: item["domein"] for item in raw["items"]}
    assert {n for n, d in domains.items() if d == "team"} == set(range(1, 9))
    assert {n for n, d in domains.items() if d == "opzet"} == set(range(9, 24))
    assert {n for n, d in domains.items() if d == "analyse"} == set(range(24, 33))


def test_every_source_of_an_item_has_an_answer_in_the_kit():
    raw = yaml.safe_load((INSTRUMENTS_DIR / "coreq.yaml").read_text(encoding="utf-8"))
    assert {item["bron"] for item in raw["items"]} <= set(COREQ_BRONNEN)
    assert set(ANSWERS) | {"onderzoekers"} == set(COREQ_BRONNEN)


def test_an_unknown_source_in_a_studys_own_checklist_is_a_dutch_error_naming_the_item(demo_copy):
    raw = yaml.safe_load((INSTRUMENTS_DIR / "coreq.yaml").read_text(encoding="utf-8"))
    for item in raw["items"]:
        if item["nr"] == 13:
            item["bron"] = "weigeringen"
    (demo_copy / "instrumenten").mkdir(exist_ok=True)
    (demo_copy / "instrumenten" / "coreq.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KlantreisFout) as caught:
        load_study(demo_copy)
    message = str(caught.value)
    assert "instrumenten/coreq.yaml" in message and "item 13" in message and "weigeringen" in message
    assert "een bron uit" in message


def test_a_checklist_with_an_item_missing_and_one_twice_names_both(demo_copy):
    raw = yaml.safe_load((INSTRUMENTS_DIR / "coreq.yaml").read_text(encoding="utf-8"))
    for item in raw["items"]:
        if item["nr"] == 5:
            item["nr"] = 7
    (demo_copy / "instrumenten").mkdir(exist_ok=True)
    (demo_copy / "instrumenten" / "coreq.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KlantreisFout) as caught:
        load_study(demo_copy)
    assert "ontbreekt: 5" in str(caught.value) and "dubbel: 7" in str(caught.value)


# --- what the kit writes from the data ----------------------------------------------------------

def test_the_method_text_gives_the_counts_of_the_interview_files(demo, demo_doc):
    interviews = _interview_files(DEMO_STUDY_DIR)
    n = len(interviews)
    text = _text(demo_doc)
    assert f"De {n} interviews met inwoners zijn gehouden door" in text
    labels = demo.instruments.vocabulaire.interviewer_rollen
    for role, count in Counter(iv["interviewer_rol"] for iv in interviews).items():
        assert count >= demo.min_group  # the demo's roles are large enough to be named with their count
        assert f"{labels[role].lower()} ({count})" in text
    recorded = sum(iv["toestemming"]["opname"] for iv in interviews)
    quoted = sum(iv["toestemming"]["citaten"] for iv in interviews)
    assert f"Van {recorded} van de {n} inwoners mocht het gesprek worden opgenomen" in text
    assert f"toestemming gaf ({quoted} van de {n} inwoners)" in text
    # the numbers per municipality are in the one table of the onderzoeksopzet, not repeated here
    assert "De tabel in de paragraaf Onderzoeksopzet geeft de aantallen per methode en gemeente." in text


def test_saturation_names_the_interview_that_brought_the_last_new_theme(demo, demo_doc):
    themes = {c.code for c in demo.instruments.codeboek.codes if c.groep == "thema"}
    seen, last = set(), 0
    interviews = sorted(_interview_files(DEMO_STUDY_DIR), key=lambda iv: (str(iv["datum"]), iv["respondent"]))
    for position, iv in enumerate(interviews, 1):
        codes = set()
        for item in iv["stappen"] + iv.get("extra_stappen", []):
            codes |= set(item.get("themas", []))
            for quote in item.get("citaten", []):
                codes |= set(quote.get("themas", []))
        if (codes & themes) - seen:
            last, seen = position, seen | (codes & themes)
    assert f"bracht interview {last} van de {len(interviews)} het laatste nieuwe thema" in _text(demo_doc)


def test_the_number_of_coders_comes_from_studie_yaml(demo, demo_doc):
    assert demo.settings.onderzoek.codeurs == 2
    assert "De gegevens zijn gecodeerd door 2 onderzoekers." in _text(demo_doc)
    assert "onderzoek.codeurs" in _checklist(demo_doc)[24][4]


# --- what the researchers answer ----------------------------------------------------------------

def test_an_item_answered_in_studie_yaml_is_printed_and_marked_answered(demo, demo_doc):
    answer = demo.settings.onderzoek.coreq[2]
    assert answer in _text(demo_doc)
    assert WHERE_RESEARCHERS in _checklist(demo_doc)[2][4]


def test_an_unanswered_item_says_so_and_controleer_lists_it(demo, demo_doc, demo_copy, capsys):
    from klantreis.cli import main

    assert 4 not in demo.settings.onderzoek.coreq
    assert _checklist(demo_doc)[4][4] == "nog te beantwoorden door de onderzoekers"
    assert main(["controleer", str(demo_copy)]) == 0
    warning = next(line for line in capsys.readouterr().out.splitlines() if "COREQ" in line)
    assert "4 (gender)" in warning
    # once answered, it is no longer listed, and the checklist points to studie.yaml
    _edit_settings(demo_copy, lambda data: data["onderzoek"]["coreq"].update({4: "Eén vrouw en één man."}))
    assert main(["controleer", str(demo_copy)]) == 0
    warning = next(line for line in capsys.readouterr().out.splitlines() if "COREQ" in line)
    assert "4 (gender)" not in warning
    assert "32 (kleinere thema's)" in warning


@pytest.mark.parametrize("key", [33, 0, "x"])
def test_an_answer_to_an_item_that_does_not_exist_is_a_dutch_error(demo_copy, key):
    _edit_settings(demo_copy, lambda data: data["onderzoek"]["coreq"].update({key: "Een antwoord."}))
    with pytest.raises(KlantreisFout) as caught:
        load_study(demo_copy)
    message = str(caught.value)
    assert "studie.yaml" in message and "onderzoek.coreq" in message
    assert "1 tot en met 32" in message and f"gevonden: {key}" in message


def test_a_new_study_leaves_the_data_items_waiting_and_asks_the_researchers_only_their_own(tmp_path, capsys):
    from klantreis.cli import main
    from klantreis.report.sections.coreq import NO_DATA, OPEN
    from klantreis.study import create_study

    path = create_study(tmp_path / "nieuw", gemeenten=["Aadorp", "Bestad"])
    doc = _render(load_study(path), tmp_path)
    checklist = _checklist(doc)
    assert checklist[12][4] == NO_DATA  # the number of participants comes with the interviews
    assert checklist[4][4] == OPEN
    assert "onderzoek.werving" in checklist[11][4]
    assert main(["controleer", str(path)]) == 0
    warning = next(line for line in capsys.readouterr().out.splitlines() if "COREQ" in line)
    assert "4 (gender)" in warning and "24 (aantal codeurs: onderzoek.codeurs)" in warning
    assert "12 (" not in warning


@given(st.dictionaries(st.one_of(st.integers(-5, 40), st.text(max_size=4), st.booleans(), st.none(), st.floats()),
                       st.one_of(st.text(max_size=30), st.integers(), st.none()), max_size=4))
def test_any_coreq_block_is_accepted_or_refused_in_dutch_never_with_a_crash(block):
    from klantreis.errors import Problemen
    from klantreis.study import Onderzoek
    from klantreis.validation import validate

    problemen = Problemen("studie.yaml")
    result = validate(Onderzoek, {"coreq": block}, problemen)
    if result is None:
        assert problemen and all("coreq" in str(p) for p in problemen)
    else:
        assert all(1 <= nr <= 32 and text.strip() for nr, text in result.coreq.items())
