"""A researcher's first day: every notebook runs top to bottom on a study just made with
`klantreis nieuw`, and on a study with one interview in one municipality (below the minimum
group size) and no answers to the zelfscan. Where there is nothing to show yet, the notebook
says what to do next. (nbval keeps checking the stored outputs of the demo study.)

The notebooks are executed as JupyterLab's Run All would, in a kernel of this Python, with the
study set in the parameter cell (`STUDIE = None`, tagged "parameters")."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import nbformat
import pytest
from docx import Document
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from klantreis.cli import main
from klantreis.klantreizen.interviews import save_interview
from klantreis.study import load_study

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ORDER = ["01_schaduwreis.ipynb", "02_klantreizen.ipynb", "03_verkenning.ipynb", "04_effectenarena.ipynb",
         "05_gezamenlijke_reis.ipynb", "06_stakeholders.ipynb", "07_kenmerken.ipynb", "90_rapport.ipynb"]


def run_notebook(name: str, study: Path, cwd: Path) -> list[str]:
    """Execute one notebook on `study`; return the text of every output, in order. Errors are
    kept as outputs (allow_errors), so the assertion can show them all."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1 and "STUDIE = None" in parameters[0].source
    parameters[0].source = parameters[0].source.replace("STUDIE = None", f"STUDIE = {str(study)!r}")
    return execute(nb, cwd)


def execute(nb, cwd: Path) -> list[str]:
    km = KernelManager(kernel_name="python3")
    km.kernel_spec.argv[0] = sys.executable  # this environment's Python, as nbval --nbval-current-env
    NotebookClient(nb, km=km, timeout=600, allow_errors=True, resources={"metadata": {"path": str(cwd)}}).execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                texts.append(f"FOUT in cel [{cell.source[:60]!r}]: {out.ename}: {out.evalue}")
            elif out.output_type == "stream":
                texts.append(out.text)
            elif "text/plain" in out.get("data", {}):
                texts.append(out.data["text/plain"])
    return texts


def errors(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith("FOUT in cel")]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("eerste-dag") / "nieuwe-studie"
    assert main(["nieuw", str(path)]) == 0  # as a new user types it: no municipality, no period
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """One interview, a week old, in the study's only municipality: below the minimum group size."""
    path = tmp_path_factory.mktemp("eerste-dag") / "kleine-studie"
    assert main(["nieuw", str(path), "--gemeente", "Oostburg", "--titel", "Toegang Oostburg"]) == 0
    study = load_study(path)
    ids = study.schaduwreis.step_ids
    steps = [{"stap": s, "gebeurd": "ja", "score": nr % 3 - 1} for nr, s in enumerate(ids[:5])]
    steps.append({"stap": ids[5], "gebeurd": "nee"})
    steps.append({"stap": ids[6], "gebeurd": "ja", "geen_score_omdat": "wist het niet meer"})
    save_interview(study, {
        "respondent": "R01", "gemeente": "Oostburg", "datum": dt.date.today() - dt.timedelta(days=7),
        "interviewer_rol": "onderzoeker", "toestemming": {"interview": True, "citaten": True},
        "huishouden": {"samenstelling": "Alleenstaande vrouw"}, "stappen": steps,
        "extra_stappen": [{"naam": "Opnieuw aanmelden", "na": ids[3], "soort": "lus", "terug_naar": ids[1],
                           "score": -2}],
        "aantal_professionals": 2, "verhaal_opnieuw_verteld": 1})
    return path


@pytest.mark.parametrize("name", ORDER)
def test_every_notebook_runs_on_a_study_just_made_with_klantreis_nieuw(name, fresh, tmp_path):
    texts = run_notebook(name, fresh, tmp_path)
    assert not errors(texts), errors(texts)
    assert texts[0].startswith(f"Dit notitieboek toont de studie ‘Evaluatie van de toegang’ in {fresh.resolve()}")
    joined = "\n".join(texts)
    if name == "02_klantreizen.ipynb":
        assert "Deze studie heeft nog geen interviews. Vul het formulier hierboven in" in joined
        assert "VBox" in texts[1]  # the entry form comes right after the study is chosen
    if name == "03_verkenning.ipynb":
        assert "Deze studie heeft nog geen antwoorden op de zelfscan" in joined
        assert "klantreis verkenning serveer" in joined and "niet die van uw studie" in joined
    if name == "04_effectenarena.ipynb":
        assert "Deze studie heeft nog geen effectenarena-sessies" in joined
    if name == "05_gezamenlijke_reis.ipynb":
        assert "Deze studie heeft nog geen sessies van de gezamenlijke reis" in joined
    if name == "06_stakeholders.ipynb":
        assert "Deze studie heeft nog geen stakeholderinterviews of focusgroepen" in joined
    if name == "07_kenmerken.ipynb":
        assert "Deze studie heeft geen antwoorden op de checklist van de zeven kenmerken" in joined
    if name == "01_schaduwreis.ipynb":
        assert f"Topiclijst geschreven: {(fresh / 'uitvoer' / 'topiclijst.docx').resolve()}" in joined
    if name == "90_rapport.ipynb":
        report = (fresh / "uitvoer" / "rapport_klantreizen.docx").resolve()
        assert f"Rapport geschreven: {report}" in joined
        paragraphs = Document(str(report)).paragraphs
        text = "\n".join(p.text for p in paragraphs)
        assert "(vul in)" not in text and "Opdrachtgever" not in text
        # teksten/samenvatting.md of a new study is only a comment: its chapter holds one placeholder
        assert text.count("[Nog in te vullen door de onderzoekers in teksten/samenvatting.md.]") == 1


@pytest.mark.parametrize("name", ORDER)
def test_every_notebook_runs_on_one_interview_in_one_small_municipality(name, small, tmp_path):
    texts = run_notebook(name, small, tmp_path)
    assert not errors(texts), errors(texts)
    joined = "\n".join(texts)
    if name == "02_klantreizen.ipynb":
        assert ("Deze studie heeft 1 interview; de minimale groepsgrootte is 5. Tabellen en figuren tonen pas "
                "cijfers vanaf 5 inwoners per groep") in joined
    if name == "03_verkenning.ipynb":
        assert "Deze studie heeft nog geen antwoorden op de zelfscan" in joined
    if name == "90_rapport.ipynb":
        text = "\n".join(p.text for p in Document(str(small / "uitvoer" / "rapport_klantreizen.docx")).paragraphs)
        assert "Het interview is gehouden in " in text and "In totaal is 1 inwoner geïnterviewd." in text
        assert "1 inwoners" not in text and "van de 1 " not in text


def test_notebook_90_writes_one_municipalitys_report_with_papermills_parameters(tmp_path):
    """papermill (how Jupyter users batch reports) puts its values in a new cell right after the
    parameter cell; the study is loaded only after that, and GEMEENTE gives the report with only
    that municipality, as `klantreis rapport --per-gemeente` writes it."""
    import shutil

    from klantreis.resources import DEMO_STUDY_DIR

    study = tmp_path / "demo"
    shutil.copytree(DEMO_STUDY_DIR, study, ignore=shutil.ignore_patterns("uitvoer"))
    nb = nbformat.read(NOTEBOOKS / "90_rapport.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    assert "GEMEENTE = None" in nb.cells[at].source and "load_for_notebook" not in nb.cells[at].source
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(f"STUDIE = {str(study)!r}\nGEMEENTE = 'Heidedorp'"))
    texts = execute(nb, tmp_path)
    assert not errors(texts), errors(texts)
    report = study / "uitvoer" / "rapport_klantreizen_heidedorp.docx"
    assert report.exists(), texts
    chapters = [p.text for p in Document(str(report)).paragraphs if p.style.name == "Heading 1"]
    assert any("Heidedorp" in c for c in chapters), chapters
    assert not any("Lindewaarde" in c or "Beekveen" in c for c in chapters), chapters
