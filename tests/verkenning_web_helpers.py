"""Helpers for the web tests of the verkenning: the real server as a subprocess of the real
command, and Debian's Chromium driven by playwright. Every wait has a deadline and a server
is always stopped, also when a test fails."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .helpers import require_program

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60
PAGE_TIMEOUT = 60_000  # ms, for playwright


def require_browser() -> str:
    """Chromium and playwright, or skip (locally) / fail (KLANTREIS_VOLLEDIG=1)."""
    path = require_program("chromium")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        if os.environ.get("KLANTREIS_VOLLEDIG"):
            pytest.fail("playwright ontbreekt, maar KLANTREIS_VOLLEDIG=1 vraagt om alle controles")
        pytest.skip("playwright is niet geïnstalleerd")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`klantreis verkenning serveer` in a subprocess; `links` maps perspective label → link."""

    def __init__(self, study: Path, gemeente: str, ronde: str, port: int, log: Path):
        self.port, self.log_path = port, log
        self.base = f"http://127.0.0.1:{port}"
        self.lines: list[str] = []
        self._log = open(log, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "klantreis.cli", "verkenning", "serveer", str(study), "--gemeente", gemeente,
             "--ronde", ronde, "--poort", str(port)],
            stdout=subprocess.PIPE, stderr=self._log, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    @property
    def links(self) -> dict[str, str]:
        return dict(re.findall(r"^  - (.+): (http://\S+)$", self.output, flags=re.M))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, pool_filled: bool = True, timeout: float = START_TIMEOUT) -> None:
        """Until the links are printed, the port answers and (by default) the kernel pool is warm."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server gestopt ({self.process.returncode}):\n{self.output}\n{self.log()}")
            if "Ctrl+C" in self.output and _answers(self.port) and (
                    not pool_filled or "Kernel pool of formulier.ipynb is filled" in self.log()):
                return
            time.sleep(0.2)
        raise AssertionError(f"server niet op tijd klaar:\n{self.output}\n{self.log()[-3000:]}")

    def stop(self) -> None:
        """SIGTERM (Voilà stops its kernels), then SIGKILL the whole group if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        self._log.close()


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def http_get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    """Status and body; redirects are followed, error statuses returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextlib.asynccontextmanager
async def browser():
    """A Chromium context with a fresh profile, shut down at the end."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="klantreis-chromium-") as profile:
        async with async_playwright() as p:
            context = await p.chromium.launch_persistent_context(
                profile, executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True,
                viewport={"width": 1000, "height": 900}, timeout=PAGE_TIMEOUT)
            context.set_default_timeout(PAGE_TIMEOUT)
            try:
                yield context
            finally:
                await context.close()


def radio_group(page, code: str):
    return page.locator(f".klantreis-stelling-{code}")


async def wait_for_form(page) -> None:
    """Until the first statement can be answered: its options visible and enabled."""
    first = radio_group(page, "K1_1").locator("input[type=radio]").first
    await first.wait_for(state="visible")
    await page.wait_for_function(
        "() => { const r = document.querySelector('.klantreis-stelling-K1_1 input[type=radio]');"
        " return r && !r.disabled; }", timeout=PAGE_TIMEOUT)


async def fill_and_send(page, answers: dict[str, str], open_answers: dict[str, str], priorities: list[str],
                        double_click: bool = False) -> None:
    """Answer like a respondent: click the option labels, type, tick, press Versturen (twice in
    quick succession with `double_click`)."""
    for code, label in answers.items():
        await radio_group(page, code).get_by_role("radio", name=label, exact=True).check()
    for code, text in open_answers.items():
        await page.locator(f".klantreis-open-{code} textarea").fill(text)
    for code in priorities:
        await page.locator(f".klantreis-prioriteit-{code} input[type=checkbox]").check()
    button = page.locator(".klantreis-versturen")
    await (button.dblclick() if double_click else button.click())
    await page.get_by_text("Uw antwoorden zijn verstuurd.").wait_for()
