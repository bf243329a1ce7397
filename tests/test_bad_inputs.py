"""Foute invoer: elke kapotte invoer geeft een duidelijke Nederlandse foutmelding.

De belofte van de kit: bij foute invoer noemt `klantreis` het bestand, de rij of respondent,
het veld, de gevonden waarde en wat wel mag, en wel ALLE problemen tegelijk; nooit een
traceback, nooit een half geschreven uitvoerbestand, en de ruwe bestanden blijven byte voor
byte gelijk.

Elke map in tests/bad_inputs/ is één geval (zie tests/bad_inputs/LEESMIJ.md):

- de bestanden in de map worden over een kopie van tests/fixtures/mini_studie gelegd
  (zelfde relatieve paden, bv. interviews/M02.yaml);
- `VERWIJDER` (optioneel) noemt paden die uit de kopie worden verwijderd;
- `genereer.yaml` (optioneel) beschrijft bestanden die te groot zijn om mee te leveren;
- `verwacht.yaml` zegt wat er in de foutmelding (stderr) moet staan.

De kit draait als subproces met `sys.executable -m klantreis.cli`, zodat de test in elke
virtuele omgeving werkt waarin de kit is geïnstalleerd.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

TESTS = Path(__file__).resolve().parent
MINI_STUDIE = TESTS / "fixtures" / "mini_studie"
CORPUS = TESTS / "bad_inputs"
CONTROL_FILES = {"verwacht.yaml", "VERWIJDER", "genereer.yaml"}

# Folders starting with "_" hold helpers (e.g. a correctly filled Excel form), not bad cases.
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))

# `controleer` and `rapport` run for every case (`rapport` stops after loading the study, so it
# costs under a second). `interviewformulier` only for one case per kind of failure (unreadable
# file, too large, YAML attack, wrong type, content check, duplicate across files, studie.yaml,
# schaduwreis.yaml, missing file, Excel), to keep the module well under two minutes on 2 cores.
FORMULIER_CASES = {
    "binaire_rommel",
    "bestand_groter_dan_5_mb",
    "yaml_verwijzingsbom",
    "score_is_tekst",
    "score_buiten_schaal",
    "respondent_in_twee_bestanden",
    "studie_curve_min_niet_onder_max",
    "schaduwreis_zonder_sleutelmoment",
    "schaduwreis_ontbreekt",
    "xlsx_kapot_bestand",
}

# Words that betray an untranslated (English) message from PyYAML, pydantic or Python.
ENGLISH = re.compile(
    r"\b(Traceback|\w*Error|error|found|expected|invalid|Input should|Field required|should be|"
    r"not allowed|while (?:parsing|scanning)|Value error|could not|cannot|or|the)\b")

NUMBERED_LINE = re.compile(r"^\s+\d+\. ", re.MULTILINE)


# --- helpers -----------------------------------------------------------------------------------

def run_kit(*args: str | Path) -> subprocess.CompletedProcess:
    """Run the kit's command line as a separate process, the way a researcher would."""
    env = {k: v for k, v in os.environ.items() if k != "KLANTREIS_DEBUG"}
    env.update(PYTHONIOENCODING="utf-8", PYTHONUTF8="1", MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "klantreis.cli", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=env, timeout=120)


def expected(case: str) -> dict:
    return yaml.safe_load((CORPUS / case / "verwacht.yaml").read_text(encoding="utf-8"))


def build_study(case: str, target: Path) -> Path:
    """A copy of mini_studie with the case's files laid over it."""
    shutil.copytree(MINI_STUDIE, target)
    folder = CORPUS / case
    remove = folder / "VERWIJDER"
    if remove.exists():
        for line in remove.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                path = target / line
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    for source in sorted(folder.rglob("*")):
        rel = source.relative_to(folder)
        if source.is_dir() or (len(rel.parts) == 1 and rel.name in CONTROL_FILES):
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / rel)
    generate = folder / "genereer.yaml"
    if generate.exists():
        for spec in yaml.safe_load(generate.read_text(encoding="utf-8")):
            text = (MINI_STUDIE / spec["basis"]).read_text(encoding="utf-8")
            assert spec["vervang"] in text, f"{case}: '{spec['vervang']}' niet gevonden in {spec['basis']}"
            text = text.replace(spec["vervang"], spec["door"] * spec["herhaal"], 1)
            (target / spec["pad"]).write_text(text, encoding="utf-8")
    return target


def snapshot(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under `root`; folders map to 'map'."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "map"
            for p in sorted(root.rglob("*"))}


@dataclass
class Uitkomst:
    """What the kit did with one case: the commands' results and the study before and after."""

    study: Path
    before: dict[str, str]
    after: dict[str, str]
    controleer: subprocess.CompletedProcess
    rapport: subprocess.CompletedProcess
    formulier: subprocess.CompletedProcess | None


_UITKOMSTEN: dict[str, Uitkomst] = {}


def uitkomst(case: str, tmp_path_factory) -> Uitkomst:
    """Run the commands once per case; both tests below read the same outcome."""
    if case not in _UITKOMSTEN:
        # a neutral folder name: the kit may print absolute paths, and a case name in them
        # ("..._inspringing_...") could make an expected text match by accident
        study = build_study(case, tmp_path_factory.mktemp("geval") / "studie")
        before = snapshot(study)
        commands = ["controleer", "rapport"] + (["interviewformulier"] if case in FORMULIER_CASES else [])
        # The commands only read the study when it has problems, so they can run side by side
        # (one per core); the snapshot is taken after all of them have finished.
        with ThreadPoolExecutor(max_workers=len(commands)) as pool:
            results = list(pool.map(lambda command: run_kit(command, study), commands))
        formulier = results[2] if len(results) > 2 else None
        _UITKOMSTEN[case] = Uitkomst(study, before, snapshot(study), results[0], results[1], formulier)
    return _UITKOMSTEN[case]


def cases(for_message: bool):
    """pytest parameters; a case with a known kit bug (`bekende_fout` in verwacht.yaml) is a
    strict xfail, so the test turns red as soon as the kit is fixed and the marker can go."""
    params = []
    for case in CASES:
        bug = expected(case).get("bekende_fout")
        applies = bug and (for_message or not bug.get("wordt_geweigerd", True))
        marks = [pytest.mark.xfail(strict=True, reason=f"bekende fout in de kit: {bug['omschrijving']}")] \
            if applies else []
        params.append(pytest.param(case, id=case, marks=marks))
    return params


# --- the clean study -------------------------------------------------------------------------

def test_mini_studie_is_in_orde(tmp_path):
    study = shutil.copytree(MINI_STUDIE, tmp_path / "studie")
    before = snapshot(study)
    result = run_kit("controleer", study)
    assert result.returncode == 0, result.stderr
    assert "Geen problemen gevonden" in result.stdout and "6 interviews" in result.stdout
    assert result.stderr == ""
    assert snapshot(study) == before
    # `rapport` works on the clean study, so its exit code 1 below is caused by the bad input
    report = run_kit("rapport", study)
    assert report.returncode == 0, report.stderr
    after = snapshot(study)
    assert {p: h for p, h in after.items() if not p.startswith("uitvoer")} == before
    # the report, and the build cache next to it (figures and redacted texts, see klantreis.cache)
    assert sorted(p for p in after if p.startswith("uitvoer/") and not p.startswith("uitvoer/.klantreis-cache")) \
        == ["uitvoer/rapport_klantreizen.docx"]


def test_goed_ingevuld_excelformulier_is_in_orde(tmp_path):
    """The Excel cases start from this form; it must pass, so each bad variant fails for its own reason."""
    study = shutil.copytree(MINI_STUDIE, tmp_path / "studie")
    shutil.copytree(CORPUS / "_geldig_formulier", study, dirs_exist_ok=True)
    result = run_kit("controleer", study)
    assert result.returncode == 0, result.stderr
    assert "7 interviews" in result.stdout


# --- every bad input -------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases(for_message=False))
def test_foute_invoer_wordt_geweigerd(case, tmp_path_factory):
    """Exit code 1, no traceback, no (half-written) output, no temporary files, raw files unchanged."""
    out = uitkomst(case, tmp_path_factory)
    runs = {"controleer": out.controleer, "rapport": out.rapport}
    if out.formulier is not None:
        runs["interviewformulier"] = out.formulier
    for command, result in runs.items():
        assert "Traceback" not in result.stderr, f"{command}:\n{result.stderr}"
        assert result.returncode == 1, (f"{command}: exitcode {result.returncode}\n"
                                        f"stdout: {result.stdout}\nstderr: {result.stderr}")
    output = out.study / "uitvoer"
    assert not output.exists() or not any(output.iterdir()), "uitvoer/ is niet leeg: half geschreven uitvoer"
    new = sorted(set(out.after) - set(out.before) - {"uitvoer"})
    assert not new, f"achtergelaten (tijdelijke) bestanden: {new}"
    gone = sorted(set(out.before) - set(out.after))
    assert not gone, f"bestanden verdwenen: {gone}"
    changed = sorted(p for p in out.before if out.before[p] != out.after[p])
    assert not changed, f"ruwe bestanden veranderd: {changed}"


@pytest.mark.parametrize("case", cases(for_message=True))
def test_foutmelding_noemt_bestand_veld_waarde_en_wat_mag(case, tmp_path_factory):
    """The message is the kit's Dutch format and contains everything verwacht.yaml asks for."""
    want = expected(case)
    out = uitkomst(case, tmp_path_factory)
    err = out.controleer.stderr.replace(str(out.study), "<studie>")
    assert "bevat fouten" in err and "toegestaan:" in err, err
    missing = [s for s in want["bevat"] if s not in err]
    assert not missing, f"ontbreekt in de foutmelding: {missing}\n{err}"
    english = ENGLISH.findall(err)
    assert not english, f"Engelse woorden in de foutmelding: {english}\n{err}"
    if "aantal_problemen" in want:
        assert len(NUMBERED_LINE.findall(err)) == want["aantal_problemen"], err


def test_alle_fouten_tegelijk(tmp_path_factory):
    """Six mistakes in one interview give six numbered lines, each naming file, respondent and field."""
    case = "meerdere_fouten_in_een_interview"
    err = uitkomst(case, tmp_path_factory).controleer.stderr
    lines = [line for line in err.splitlines() if NUMBERED_LINE.match(line)]
    assert "(6 problemen)" in err
    assert len(lines) == expected(case)["aantal_problemen"] == 6, err
    assert all("interviews/M02.yaml, respondent M02" in line for line in lines), err
    fields = sorted(re.search(r"veld '([^']+)'", line).group(1) for line in lines)
    assert fields == ["datum", "gemeente", "score", "stappen.stap", "themas", "waarden"], err


def test_corpus_is_compleet():
    """Every case folder has a verwacht.yaml with a description and at least one expected text."""
    assert len(CASES) >= 32
    for case in CASES:
        want = expected(case)
        assert want.get("beschrijving") and want.get("bevat"), case
        assert any(p.name not in CONTROL_FILES for p in (CORPUS / case).iterdir()) \
            or (CORPUS / case / "VERWIJDER").exists() or (CORPUS / case / "genereer.yaml").exists(), case
