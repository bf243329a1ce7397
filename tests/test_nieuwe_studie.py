"""A new study as `klantreis nieuw` makes it: a period that already holds last week's interview,
no "(vul in)" on the title page while `controleer` lists what is still to fill in, and
sentences that count one resident as one."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from docx import Document

from klantreis.cli import main
from klantreis.report.numbers import stuks
from klantreis.study import load_study


def test_the_period_of_a_new_study_starts_well_before_today(tmp_path):
    assert main(["nieuw", str(tmp_path / "s")]) == 0
    periode = load_study(tmp_path / "s").settings.periode
    today = dt.date.today()
    assert periode.begin <= today - dt.timedelta(days=300) and periode.eind >= today + dt.timedelta(days=300)


def test_the_period_can_be_given_and_a_reversed_one_is_refused(tmp_path, capsys):
    assert main(["nieuw", str(tmp_path / "s"), "--begin", "2025-09-01", "--eind", "2026-03-31"]) == 0
    periode = load_study(tmp_path / "s").settings.periode
    assert (periode.begin, periode.eind) == (dt.date(2025, 9, 1), dt.date(2026, 3, 31))
    assert main(["nieuw", str(tmp_path / "t"), "--begin", "2026-03-31", "--eind", "2025-09-01"]) == 1
    assert "een einddatum op of na de begindatum" in capsys.readouterr().err
    assert not (tmp_path / "t").exists()
    with pytest.raises(SystemExit):
        main(["nieuw", str(tmp_path / "u"), "--begin", "1 september"])
    assert "geen datum als JJJJ-MM-DD" in capsys.readouterr().err


def test_controleer_lists_what_is_still_to_fill_in_and_the_title_page_leaves_it_out(tmp_path, capsys):
    study = tmp_path / "s"
    assert main(["nieuw", str(study), "--gemeente", "Oostburg"]) == 0
    capsys.readouterr()
    assert main(["controleer", str(study)]) == 0
    out = capsys.readouterr().out
    assert "Geen problemen gevonden" in out and "nog in te vullen" in out and "opdrachtgever, onderzoekers" in out
    assert main(["rapport", str(study)]) == 0
    title_page = [p.text for p in Document(str(study / "uitvoer" / "rapport_klantreizen.docx")).paragraphs[:8]]
    assert not any("(vul in)" in t or t.startswith("Opdrachtgever") for t in title_page), title_page
    assert any(t.startswith("Gemeenten") and "Oostburg" in t for t in title_page), title_page


def test_a_filled_in_study_has_nothing_left_to_fill_in(tmp_path, capsys):
    study = tmp_path / "s"
    assert main(["nieuw", str(study), "--gemeente", "Oostburg", "--opdrachtgever", "Gemeente Oostburg",
                 "--onderzoeker", "A. de Vries"]) == 0
    settings = yaml.safe_load((study / "studie.yaml").read_text(encoding="utf-8"))
    assert settings["opdrachtgever"] == "Gemeente Oostburg" and settings["onderzoekers"] == ["A. de Vries"]
    capsys.readouterr()
    assert main(["controleer", str(study)]) == 0
    warning = [line for line in capsys.readouterr().out.splitlines() if "nog in te vullen" in line]
    # only the contact details of the consent form are left (the tests of the topiclijst cover them)
    assert warning and "opdrachtgever" not in warning[0] and "onderzoekers" not in warning[0]


@pytest.mark.parametrize(("n", "text"), [(0, "0 inwoners"), (1, "1 inwoner"), (2, "2 inwoners"), (16, "16 inwoners")])
def test_a_counted_noun_agrees_with_its_number(n, text):
    assert stuks(n, "inwoner", "inwoners") == text
