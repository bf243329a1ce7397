"""Hostile input: files made to break the kit. Each gives exit code 1 and a Dutch message naming
file, field and value; no traceback, nothing written to uitvoer/, raw files unchanged, and the
kit runs under a memory limit of 1.5 GB (today's kit needed about 3 GB for the first case).

The cases are made here, from a copy of tests/fixtures/mini_studie and the correctly filled
Excel form in tests/bad_inputs/_geldig_formulier, in the style of tests/test_bad_inputs.py.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import zipfile
from importlib import import_module
from pathlib import Path

import pytest

from .test_bad_inputs import CORPUS, ENGLISH, MINI_STUDIE, snapshot

FORM = CORPUS / "_geldig_formulier" / "interviews" / "M07.xlsx"
MEMORY_LIMIT = 1536 * 1024 * 1024


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(*args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KLANTREIS_DEBUG"}
    env.update(PYTHONIOENCODING="utf-8", PYTHONUTF8="1", MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "klantreis.cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env, preexec_fn=_limit_memory)


def _rewrite_zip(source: Path, target: Path, extra: dict[str, bytes] = None, change=None) -> None:
    """Copy an .xlsx member by member, optionally changing members or adding new ones."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if change:
                data = change(info.filename, data)
            dst.writestr(info, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)


def _form_with_a_million_rows(target: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(FORM)
    wb["Stappen"].cell(row=1_048_576, column=1, value="signaal_voorveld")
    wb.save(target)


def _zip_bomb(target: Path) -> None:
    _rewrite_zip(FORM, target, extra={"xl/media/leeg.bin": b"\0" * 120_000_000})


def _renamed_xlsm(target: Path) -> None:
    def macro_type(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
        return data
    _rewrite_zip(FORM, target, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"macro" * 100}, change=macro_type)


def _study(tmp_path: Path) -> Path:
    return shutil.copytree(MINI_STUDIE, tmp_path / "studie")


def _case(name: str, study: Path) -> None:
    interviews = study / "interviews"
    if name == "excel_met_een_miljoen_rijen":
        _form_with_a_million_rows(interviews / "M07.xlsx")
    elif name == "excel_zip_bom":
        _zip_bomb(interviews / "M07.xlsx")
    elif name == "xlsm_hernoemd_naar_xlsx":
        _renamed_xlsm(interviews / "M07.xlsx")
    elif name == "studie_yaml_is_een_map":
        (study / "studie.yaml").unlink()
        (study / "studie.yaml").mkdir()
    elif name == "interviews_is_een_bestand":
        shutil.rmtree(interviews)
        interviews.write_text("geen map\n", encoding="utf-8")
    elif name == "interview_is_snelkoppeling_naar_systeembestand":
        (interviews / "M09.yaml").symlink_to("/etc/passwd")
    elif name == "interview_is_snelkoppeling_buiten_de_studie":
        outside = study.parent / "elders.yaml"
        shutil.copyfile(interviews / "M01.yaml", outside)
        (interviews / "M01.yaml").unlink()
        (interviews / "M01.yaml").symlink_to(outside)
    elif name == "bestandsnaam_met_twee_punten":
        shutil.copyfile(interviews / "M01.yaml", interviews / "..M01.yaml")
    elif name == "minimale_groepsgrootte_als_tekst":
        path = study / "studie.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("minimale_groepsgrootte: 5",
                                                                 "minimale_groepsgrootte: '5'"), encoding="utf-8")
    elif name == "interview_in_utf16":
        path = interviews / "M02.yaml"
        path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    else:
        raise AssertionError(name)


CASES = {
    # case: texts the message must hold (besides the file)
    "excel_met_een_miljoen_rijen": ["interviews/M07.xlsx", "rijen", "1048576"],
    "excel_zip_bom": ["interviews/M07.xlsx", "zip-bom", "uitgepakt"],
    "xlsm_hernoemd_naar_xlsx": ["interviews/M07.xlsx", "macro"],
    "studie_yaml_is_een_map": ["studie.yaml", "map"],
    "interviews_is_een_bestand": ["interviews", "hier staat een bestand"],
    "interview_is_snelkoppeling_naar_systeembestand": ["interviews/M09.yaml", "snelkoppeling"],
    "interview_is_snelkoppeling_buiten_de_studie": ["interviews/M01.yaml", "snelkoppeling"],
    "bestandsnaam_met_twee_punten": ["interviews/..M01.yaml", "'..'"],
    "minimale_groepsgrootte_als_tekst": ["studie.yaml", "minimale_groepsgrootte", "'5'", "een geheel getal"],
    "interview_in_utf16": ["interviews/M02.yaml", "UTF-16", "UTF-8"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_is_refused_clearly_within_bounded_memory(case, tmp_path):
    study = _study(tmp_path)
    _case(case, study)
    before = snapshot(study) if case != "studie_yaml_is_een_map" else None
    for command in ("controleer", "rapport"):
        result = run_limited(command, study)
        err = result.stderr.replace(str(study), "<studie>")
        assert result.returncode == 1, f"{command}: exit {result.returncode}\n{result.stdout}\n{err}"
        assert "Traceback" not in err and "Onverwachte fout" not in err, err
        assert "toegestaan:" in err
        missing = [s for s in CASES[case] if s not in err]
        assert not missing, f"{command}: ontbreekt {missing}\n{err}"
        assert not ENGLISH.findall(err), err
        assert "root:" not in err, "the content of a system file is never echoed"
    output = study / "uitvoer"
    assert not output.exists() or not any(output.iterdir())
    if before is not None:
        assert snapshot(study) == before


def test_a_corrupt_word_template_is_named_not_an_unexpected_error(tmp_path, demo):
    from klantreis.errors import KlantreisFout
    from klantreis.report.compose import build_report

    template = tmp_path / "huisstijl.docx"
    template.write_bytes(b"PK\x03\x04 geen echt Word-bestand" * 20)
    target = tmp_path / "rapport.docx"
    with pytest.raises(KlantreisFout) as caught:
        build_report(demo, target, template=template)
    text = caught.value.tekst()
    assert "huisstijl.docx" in text and "sjabloon" in text and "Word-document" in text
    assert not target.exists()


def test_report_outside_the_study_only_with_an_explicit_flag(tmp_path):
    study = _study(tmp_path)
    outside = tmp_path / "elders" / "rapport.docx"
    refused = run_limited("rapport", study, "--uitvoer", outside)
    assert refused.returncode == 1 and "--buiten-studie" in refused.stderr and "--uitvoer" in refused.stderr
    assert not outside.exists()
    allowed = run_limited("rapport", study, "--uitvoer", outside, "--buiten-studie")
    assert allowed.returncode == 0, allowed.stderr
    assert outside.exists() and "buiten de studiemap" in allowed.stdout and str(outside) in allowed.stdout
    inside = run_limited("rapport", study, "--uitvoer", study / "uitvoer" / "eigen.docx")
    assert inside.returncode == 0 and (study / "uitvoer" / "eigen.docx").exists()


@pytest.mark.parametrize("kind", ["effectenarena", "gezamenlijke_reis"])
def test_a_session_form_with_a_million_rows_is_refused_before_it_is_read(kind, demo, tmp_path):
    """The facilitators' Excel forms get the same guard as the interview form: a sheet that
    says it has a million rows is named, not read into memory."""
    from openpyxl import load_workbook

    from klantreis.errors import Problemen

    excel = import_module(f"klantreis.{kind}.excel")
    form = excel.write_session_workbook(demo, tmp_path / "leeg.xlsx")
    wb = load_workbook(form)
    wb[wb.sheetnames[-1]].cell(row=1_048_576, column=1, value="D01")
    wb.save(tmp_path / "groot.xlsx")
    problemen = Problemen("groot.xlsx")
    result = excel.read_session_workbook(tmp_path / "groot.xlsx", problemen)
    assert result in (None, (None, {}))
    assert any("1048576" in str(p) for p in problemen), [str(p) for p in problemen]
