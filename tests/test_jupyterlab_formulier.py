"""The interview form in a real JupyterLab, in Debian's Chromium, as a new researcher meets it:
a study just made with `klantreis nieuw`, notebook 02 run with Run All, one interview with an
extra step (a loop back) filled in and saved, then the page reloaded, the notebook run again,
the interview reopened in the form, corrected and saved; the YAML file is checked each time.

JupyterLab runs as a subprocess on 127.0.0.1 with a random port and token, with its settings,
workspaces and runtime files in the test's own folder. Every wait has a deadline and the
server is always stopped (its process group, by id)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml

from klantreis.cli import main
from klantreis.study import load_study

from .verkenning_web_helpers import CHROMIUM_ARGS, free_port, require_browser

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_klantreizen.ipynb"
TIMEOUT = 120_000  # ms: the first Run All starts a kernel and imports pandas and matplotlib


class JupyterLab:
    def __init__(self, root: Path, home: Path):
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "run"),
               "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
               "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "HOME": str(home)}
        home.mkdir(parents=True, exist_ok=True)
        self.log = open(home / "jupyterlab.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
             "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--allow-root"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        pytest.fail("JupyterLab startte niet:\n" + Path(self.log.name).read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()


def _notebook_for(study: Path, folder: Path) -> Path:
    """Notebook 02 with STUDIE set to the new study and no stored outputs (as a user's copy)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace("STUDIE = None", f"STUDIE = {str(study)!r}")
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    target = folder / NOTEBOOK.name
    nbformat.write(nb, target)
    return target


def _run_all(page) -> None:
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=TIMEOUT)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.get_by_text("Individuele klantreis invoeren").wait_for(timeout=TIMEOUT)


def _step_panel(page, title: str):
    """Open the accordion panel of one step (its title starts with a state symbol) and return it."""
    header = page.locator(".jupyter-widget-Collapse-header", has_text=title).first
    header.click()
    return page.locator(".jupyter-widget-Collapse", has=header).first.locator(".jupyter-widget-Collapse-contents")


def test_a_researcher_enters_saves_and_reopens_an_interview_in_jupyterlab(tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    study = tmp_path / "studie"
    assert main(["nieuw", str(study), "--gemeente", "Oostburg"]) == 0
    steps = load_study(study).schaduwreis.steps
    notebook = _notebook_for(study, tmp_path)
    lab = JupyterLab(tmp_path, tmp_path / "jupyter")
    try:
        lab.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT)
            page.goto(f"{lab.url}/lab/tree/{notebook.name}?token={lab.token}")
            _run_all(page)

            page.get_by_placeholder("bv. R17 (nooit een naam)").fill("R05")
            page.get_by_label("Toestemming voor het interview", exact=True).check()
            page.get_by_placeholder("samenstelling, zonder namen").fill("Moeder met twee kinderen")
            first = _step_panel(page, f"1. {steps[0].naam}")
            first.get_by_role("button", name="+1", exact=True).click()
            second = _step_panel(page, f"2. {steps[1].naam}")
            second.get_by_role("button", name="nee", exact=True).click()
            for nr, step in enumerate(steps[2:], 3):
                _step_panel(page, f"{nr}. {step.naam}").get_by_label("Besproken in het interview").uncheck()
            page.get_by_role("button", name="Extra stap of lus toevoegen").click()
            name = page.get_by_placeholder("bv. opnieuw bellen omdat niemand terugbelde")
            name.fill("Opnieuw aanmelden")
            extra = page.locator(".widget-vbox", has=name).last
            extra.get_by_role("button", name="lus terug").click()
            extra.get_by_label("Waar in de reis").select_option(label=f"na {steps[1].naam}")
            extra.get_by_label("Terug naar").select_option(label=steps[0].naam)
            extra.get_by_role("button", name="−1", exact=True).click()
            page.get_by_role("button", name="Opslaan").click()
            page.get_by_text("Opgeslagen:").wait_for()
            page.get_by_text("De stappen van de schaduwreis", exact=True).scroll_into_view_if_needed()
            page.screenshot(path=tmp_path / "formulier-opgeslagen.png")  # to look at, when needed

            saved_path = study / "interviews" / "R05.yaml"
            saved = yaml.safe_load(saved_path.read_text(encoding="utf-8"))
            assert [(s["stap"], s["gebeurd"], s["score"]) for s in saved["stappen"]] == [
                (steps[0].id, "ja", 1), (steps[1].id, "nee", None)]
            assert [(e["naam"], e["soort"], e["na"], e["terug_naar"], e["score"]) for e in saved["extra_stappen"]] == [
                ("Opnieuw aanmelden", "lus", steps[1].id, steps[0].id, -1)]

            # The next day: the notebook opened again, the interview reopened and corrected.
            page.reload()
            _run_all(page)
            page.get_by_label("Interview", exact=True).select_option("R05")
            page.get_by_role("button", name="Openen").click()
            page.get_by_text("Geopend:").wait_for()
            assert page.get_by_placeholder("bv. opnieuw bellen omdat niemand terugbelde").input_value() == \
                "Opnieuw aanmelden"
            assert page.get_by_placeholder("samenstelling, zonder namen").input_value() == "Moeder met twee kinderen"
            page.get_by_placeholder("samenstelling, zonder namen").fill("Moeder met drie kinderen")
            page.get_by_role("button", name="Opslaan").click()
            page.get_by_text("Opgeslagen:").wait_for()
            browser.close()
    finally:
        lab.stop()
    again = yaml.safe_load(saved_path.read_text(encoding="utf-8"))
    assert again["huishouden"]["samenstelling"] == "Moeder met drie kinderen"
    assert {k: v for k, v in again.items() if k != "huishouden"} == {k: v for k, v in saved.items() if k != "huishouden"}
    assert [iv.respondent for iv in load_study(study).interviews] == ["R05"]
