"""Load figures of the web form for `klantreis benchmark`: the real server (`klantreis
verkenning serveer --achter-proxy`, on 127.0.0.1) in its own process, visitors as concurrent
HTTP connections from this one (they share the cores with the server, so the figures are on the
safe side).

1. First page for `visitors` visitors at once: each opens its invitation link (``/?code=…``,
   a redirect with the cookie) and gets page 1; seconds per visitor, median and p95, and the
   processor time the server used for all of them (independent of the machine's other load).
2. Memory of the server (resident set) with those questionnaires open, each with page 1 saved.
   The clients are bare asyncio connections, so that the time is the server's.
3. `wrong` requests with a wrong code, each from another address (so every one costs a lookup
   instead of the 429 answer): server processes before and after, memory growth.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"p95": 0.5, "geheugen_mb": 300, "groei_mb": 50}


def measure(study_dir: Path, gemeente: str, ronde: str, visitors: int = 200, wrong: int = 1000) -> dict:
    """Run the three measurements against a fresh server for the study in `study_dir` (which
    must be a study of one's own, not the demo). Returns the figures."""
    from ..opslag import Opslag, db_path

    with Opslag(db_path(study_dir)) as store:
        codes = store.create_codes(gemeente, ronde, "inwoner", visitors)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "klantreis.cli", "verkenning", "serveer", str(study_dir), "--gemeente", gemeente,
             "--ronde", ronde, "--poort", str(port), "--achter-proxy"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait(port, server)
            idle_mb = _rss_mb(server.pid)
            cpu_start = _cpu_seconds(server.pid)
            times, cpu = asyncio.run(_first_pages(port, codes, lambda: _cpu_seconds(server.pid) - cpu_start))
            open_mb = _rss_mb(server.pid)
            before = (_children(server.pid), _rss_mb(server.pid))
            started = time.perf_counter()
            statuses = asyncio.run(_wrong_codes(port, wrong))
            wrong_s = time.perf_counter() - started
            after = (_children(server.pid), _rss_mb(server.pid))
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return {"bezoekers": visitors, "mediaan": statistics.median(times), "p95": p95, "cpu_s": cpu, "rust_mb": idle_mb,
            "open_mb": open_mb, "fout": wrong, "fout_s": wrong_s, "fout_statussen": sorted(set(statuses)),
            "processen_voor": len(before[0]), "processen_na": len(after[0]), "groei_mb": after[1] - before[1]}


async def _http(port: int, method: str, path: str, headers: dict[str, str] | None = None,
                body: str = "") -> tuple[int, list[tuple[str, str]], bytes]:
    """One HTTP/1.1 request on a new connection: (status, headers, body). A bare client, so that
    the time measured is the server's, not a client library's."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
             *(f"{k}: {v}" for k, v in (headers or {}).items())]
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body.encode())}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n" + body).encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    pairs = [tuple(part.strip() for part in line.split(":", 1)) for line in header_lines if ":" in line]
    return int(status_line.split()[1]), pairs, content


def _cookies(pairs) -> list[str]:
    return [v.split(";", 1)[0] for k, v in pairs if k.lower() == "set-cookie"]


async def _first_pages(port: int, codes: list[str], cpu) -> tuple[list[float], float]:
    async def visit(code: str) -> float:
        start = time.perf_counter()
        status, headers, _ = await _http(port, "GET", f"/?code={code}")
        location = dict((k.lower(), v) for k, v in headers)["location"]
        cookies = _cookies(headers)
        _, page_headers, page = await _http(port, "GET", location, {"Cookie": "; ".join(cookies)})
        elapsed = time.perf_counter() - start
        if b"<fieldset" not in page:
            raise RuntimeError("de eerste pagina van de vragenlijst kwam niet")
        return elapsed, cookies + _cookies(page_headers)

    async def save(cookies: list[str]) -> None:
        xsrf = next(c.split("=", 1)[1] for c in cookies if c.startswith("_xsrf="))
        status, _, _ = await _http(port, "POST", "/vragen/1", {"Cookie": "; ".join(cookies)},
                                   f"K1_1=4&actie=volgende&_xsrf={xsrf}")
        if status != 303:
            raise RuntimeError(f"pagina 1 niet opgeslagen ({status})")

    visits = await asyncio.gather(*(visit(code) for code in codes))
    used = cpu()  # the server's own processor time for all first pages, whatever else the machine does
    for start in range(0, len(visits), 50):  # then each saves page 1: questionnaires left open
        await asyncio.gather(*(save(cookies) for _, cookies in visits[start:start + 50]))
    return [elapsed for elapsed, _ in visits], used


async def _wrong_codes(port: int, n: int) -> list[int]:
    async def attempt(i: int) -> int:
        address = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        return (await _http(port, "GET", f"/?code=AAAA-BBBB-{i:04d}", {"X-Real-Ip": address}))[0]

    statuses = []
    for start in range(0, n, 50):  # 50 at a time, like a script hammering the form
        statuses += await asyncio.gather(*(attempt(i) for i in range(start, min(start + 50, n))))
    return statuses


def _wait(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"De server stopte meteen (code {server.returncode}).")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("De server startte niet op tijd.")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found
