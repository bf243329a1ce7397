"""Helpers for the web tests of the verkenning: the real server as a subprocess of the real
command, a plain HTTP client with its own cookies (a respondent without a browser), and
Debian's Chromium driven by playwright, with axe-core from tests/node_modules. Every wait has a
deadline and a server is always stopped, also when a test fails."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .helpers import require_program

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60
PAGE_TIMEOUT = 60_000  # ms, for playwright
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


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


def require_axe() -> str:
    """The source of axe-core as installed by `npm ci` in tests/ (never downloaded here)."""
    if not AXE.is_file():
        if os.environ.get("KLANTREIS_VOLLEDIG"):
            pytest.fail("axe-core ontbreekt: voer 'npm ci' uit in tests/ (.ci/run doet dat)")
        pytest.skip("axe-core ontbreekt: voer 'npm ci' uit in tests/")
    return AXE.read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`klantreis verkenning serveer` in a subprocess (extra options in `options`)."""

    def __init__(self, study: Path, gemeente: str, ronde: str, port: int, log: Path, options: list[str] = ()):
        self.port, self.log_path = port, log
        self.https = "--certificaat" in options
        self.base = f"{'https' if self.https else 'http'}://127.0.0.1:{port}"
        self.lines: list[str] = []
        self._log = open(log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "klantreis.cli", "verkenning", "serveer", str(study), "--gemeente", gemeente,
             "--ronde", ronde, "--poort", str(port), *options],
            stdout=subprocess.PIPE, stderr=self._log, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_ready()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    @property
    def links(self) -> dict[str, str]:
        return dict(re.findall(r"^  - (.+): (https?://\S+)$", self.output, flags=re.M))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server gestopt ({self.process.returncode}):\n{self.output}\n{self.log()}")
            if "Ctrl+C" in self.output and _answers(self.port):
                return
            time.sleep(0.1)
        raise AssertionError(f"server niet op tijd klaar:\n{self.output}\n{self.log()[-3000:]}")

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


class Client:
    """A respondent without a browser: its own cookies, redirects followed only on request,
    error statuses returned. `headers` go with every request (e.g. X-Real-Ip behind a proxy)."""

    def __init__(self, base: str, headers: dict[str, str] | None = None, follow: bool = True):
        self.base, self.headers = base, dict(headers or {})
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies),
                    urllib.request.HTTPSHandler(context=_unverified())]
        if not follow:
            handlers.append(_NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, data: dict | None = None, timeout: float = 30) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=self.headers)
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return Response(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as exc:
            return Response(exc.code, exc.headers, exc.read())

    def get(self, path: str) -> Response:
        return self.request(path)

    def xsrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "_xsrf")

    def post(self, path: str, data: dict) -> Response:
        if not any(c.name == "_xsrf" for c in self.cookies):
            self.get("/")
        return self.request(path, {**data, "_xsrf": self.xsrf()})


def _unverified():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def http_get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    """Status and body of a plain GET; redirects are followed, error statuses returned."""
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=_unverified()) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextlib.asynccontextmanager
async def browser(width: int = 1000, bypass_csp: bool = False):
    """A Chromium context with a fresh profile, shut down at the end. `bypass_csp` only to let
    axe-core run inside the page; the server's own policy forbids every script."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="klantreis-chromium-") as profile:
        async with async_playwright() as p:
            context = await p.chromium.launch_persistent_context(
                profile, executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS,
                headless=True, viewport={"width": width, "height": 900}, timeout=PAGE_TIMEOUT, bypass_csp=bypass_csp)
            context.set_default_timeout(PAGE_TIMEOUT)
            try:
                yield context
            finally:
                await context.close()


async def axe_violations(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    await page.evaluate(axe_source)
    return await page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))")


def child_processes(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
