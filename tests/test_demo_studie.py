"""The demo study's verkenning database holds what the demo promises: answers on the
questionnaire's scale, known statements, the demo's own municipalities, rounds and perspectives,
open answers within the limit; and `tools/maak_demo_verkenning.py` makes exactly this content.

The database is read with plain SQL, read-only, without the kit's storage code, so a mistake in
`Opslag` cannot hide a mistake in the file.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from contextlib import closing

import pytest

from klantreis.resources import DEMO_STUDY_DIR, KIT_ROOT
from klantreis.verkenning.opslag import OPEN_TEXT_MAX, db_path
from klantreis.verkenning.vragenlijst import read_vragenlijst

DEMO_DB = db_path(DEMO_STUDY_DIR)
TOOL = KIT_ROOT / "tools" / "maak_demo_verkenning.py"
TABLES = ("respons", "antwoord", "open_antwoord", "prioriteit", "uitnodiging")


def _rows(path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return con.execute(sql).fetchall()


def _content(path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, and the schema version: the file's content, not its bytes
    (those also depend on the SQLite version that wrote them)."""
    content = {table: sorted(_rows(path, f"SELECT * FROM {table}"), key=repr) for table in TABLES}
    content["user_version"] = _rows(path, "PRAGMA user_version")
    return content


@pytest.fixture(scope="module")
def vl():
    return read_vragenlijst()


def test_the_demo_has_answers_at_all():
    assert _rows(DEMO_DB, "SELECT COUNT(*) FROM respons")[0][0] > 0
    assert _rows(DEMO_DB, "SELECT COUNT(*) FROM antwoord")[0][0] > 0
    assert _rows(DEMO_DB, "SELECT COUNT(*) FROM open_antwoord")[0][0] > 0


def test_every_answer_is_a_point_on_the_scale_weet_niet_or_left_empty(vl):
    scale = {o.code for o in vl.schaal.opties}
    wrong = [(respons, stelling, waarde, weet_niet)
             for respons, stelling, waarde, weet_niet in
             _rows(DEMO_DB, "SELECT respons_id, stelling, waarde, weet_niet FROM antwoord")
             if not ((waarde in scale and weet_niet == 0) or (waarde is None and weet_niet in (0, 1)))]
    assert not wrong, wrong[:5]
    kinds = _rows(DEMO_DB, "SELECT SUM(waarde IS NOT NULL), SUM(weet_niet = 1), "
                           "SUM(waarde IS NULL AND weet_niet = 0) FROM antwoord")[0]
    assert all(kinds), f"the demo should show answers, weet niet and empty answers: {kinds}"


def test_every_statement_is_one_of_the_questionnaire(vl):
    codes = {s.code for s in vl.statements}
    used = {code for (code,) in _rows(DEMO_DB, "SELECT DISTINCT stelling FROM antwoord")}
    assert used <= codes, sorted(used - codes)


def test_every_response_comes_from_a_municipality_round_and_perspective_of_the_study(demo, vl):
    gemeenten, rondes = set(demo.settings.gemeenten), set(demo.settings.verkenning.rondes)
    perspectives = set(vl.perspective_labels)
    wrong = [row for row in _rows(DEMO_DB, "SELECT id, gemeente, ronde, perspectief FROM respons")
             if row[1] not in gemeenten or row[2] not in rondes or row[3] not in perspectives]
    assert not wrong, wrong[:5]
    orphans = _rows(DEMO_DB, "SELECT COUNT(*) FROM antwoord WHERE respons_id NOT IN (SELECT id FROM respons)")
    assert orphans == [(0,)]


def test_every_open_answer_and_priority_belongs_to_an_uitgangspunt_and_is_text_within_the_limit(vl):
    points = set(vl.uitgangspunt_labels)
    wrong = [(respons, code, text if not isinstance(text, str) else len(text))
             for respons, code, text in _rows(DEMO_DB, "SELECT respons_id, uitgangspunt, tekst FROM open_antwoord")
             if code not in points or not isinstance(text, str) or not text.strip() or len(text) > OPEN_TEXT_MAX]
    assert not wrong, wrong[:5]
    chosen = {code for (code,) in _rows(DEMO_DB, "SELECT DISTINCT uitgangspunt FROM prioriteit")}
    assert chosen <= points, sorted(chosen - points)


def test_the_tool_makes_exactly_the_demo_answers_again(tmp_path, monkeypatch):
    """Run the tool as it is, with only its target redirected to a temporary folder (it writes
    through `db_path`), and compare every row of every table with the shipped database."""
    spec = importlib.util.spec_from_file_location("maak_demo_verkenning", TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    target = tmp_path / "verkenning" / "antwoorden.sqlite"
    monkeypatch.setattr(tool, "db_path", lambda study_dir: target)
    written = tool.main()
    assert written == target and target.exists()
    assert _content(target) == _content(DEMO_DB)
