"""The `klantreis` command as a user meets it: in a fresh process, Dutch, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from docx import Document

from klantreis.cli import main


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "klantreis.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_rapport_without_a_study_writes_the_demo_report_and_prints_its_path(tmp_path):
    result = run("rapport", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "demo-uitvoer" / "rapport_klantreizen.docx"
    assert result.stdout.strip() == str(path.resolve())
    assert Document(str(path)).core_properties.language == "nl-NL"


def test_a_new_study_is_clean_and_gets_a_report_and_a_guide(tmp_path):
    study = tmp_path / "studie"
    assert main(["nieuw", str(study), "--gemeente", "Oostburg", "--sjabloon", "assen_2019"]) == 0
    assert {p.name for p in study.iterdir()} == {"studie.yaml", "schaduwreis.yaml", "interviews", "teksten", "uitvoer",
                                                 "effectenarena", "gezamenlijke_reis", "context.yaml", "stakeholders"}
    assert main(["controleer", str(study)]) == 0
    assert main(["topiclijst", str(study)]) == 0
    assert main(["rapport", str(study)]) == 0
    assert (study / "uitvoer" / "topiclijst.docx").exists()
    assert (study / "uitvoer" / "rapport_klantreizen.docx").exists()


def test_nieuw_refuses_to_overwrite_an_existing_study(demo_copy, capsys):
    before = (demo_copy / "studie.yaml").read_bytes()
    assert main(["nieuw", str(demo_copy)]) == 1
    assert "een nieuwe of lege map" in capsys.readouterr().err
    assert (demo_copy / "studie.yaml").read_bytes() == before


def test_unknown_template_lists_the_templates(tmp_path, capsys):
    assert main(["nieuw", str(tmp_path / "x"), "--sjabloon", "rotterdam"]) == 1
    err = capsys.readouterr().err
    assert "'rotterdam'" in err and "generiek" in err and "dalfsen_2021" in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("template", ["generiek", "groningen_2013", "assen_2019", "uithoorn_2019", "dalfsen_2021"])
def test_every_shipped_journey_template_is_valid(tmp_path, template):
    assert main(["nieuw", str(tmp_path / template), "--sjabloon", template]) == 0
    assert main(["controleer", str(tmp_path / template)]) == 0


def test_wrong_use_of_the_command_is_answered_in_dutch():
    result = run("rapport", "a", "b")
    assert result.returncode == 2
    assert "onbekende argumenten" in result.stderr and "Gebruik:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_study_folder_is_a_clear_error(tmp_path):
    result = run("controleer", tmp_path / "bestaat-niet")
    assert result.returncode == 1
    assert "Studie niet gevonden" in result.stderr and "klantreis nieuw" in result.stderr


def test_import_klantreis_stays_light():
    code = "import sys, klantreis; print(sorted(m for m in ('pandas','matplotlib','docx','pydantic','yaml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
