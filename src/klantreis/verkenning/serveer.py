"""Serve the verkenning form to respondents: Voilà runs `formulier.ipynb` and nothing else.

`serve()` checks gemeente and ronde against the study, makes one invite code per perspective
in the study's store (only a hash is kept), prints the invite links and runs Voilà until
Ctrl+C. Each visitor gets a kernel of their own; the notebook shows the form only for a valid
invite of this server's gemeente and ronde (`formulier.respondent_page`). Links made earlier
for the same gemeente and ronde keep working after a restart.

How the server is locked down (Voilà 0.5, single-notebook mode, run through `LockedVoila`):
- Only `formulier.ipynb` is served, at `/`. Voilà would answer every other path with a
  redirect to its file handler `/voila/files/...`; here those paths, the file handler and the
  login pages do not exist (404), and the file allowlist is empty as a second lock. What
  remains is Voilà's own static assets (guarded against `..` in the path) and the kernel API
  of the visitor's own kernel (its id is a random UUID known only to that page): no other
  notebook, no source, no study file, no SQLite file, no file tree, no contents API.
- The page cannot run code: Voilà passes only comm and kernel-info messages from the page to
  the kernel (an `execute_request` is dropped); sources are stripped, tracebacks never shown.
- The page loads nothing from other sites (Content-Security-Policy; the lab template would
  otherwise fetch icons from a CDN, telling a third party who fills in the survey), is not
  shown inside other sites' frames, and sends no Referer (the link holds the invite code).
- The study folder, gemeente and ronde reach the kernel as environment variables set for the
  Voilà process, never through the URL. Kernels talk to Voilà over Unix sockets in its
  private folder. Voilà listens on 127.0.0.1 unless another host is asked for, and never
  moves to another port than the one in the links.

Speed: a few kernels are kept pre-heated (Voilà's pool) with the questionnaire loaded, so the
first visitors get the form in about three seconds; see POOL_SIZE.

The built-in demo study is part of the installed kit and must stay unchanged, so it is not
served: make a study of your own with `klantreis nieuw`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..errors import KlantreisFout, Problemen

if TYPE_CHECKING:  # the Voilà process itself needs neither pandas nor the store
    from .vragenlijst import Vragenlijst

NOTEBOOK = Path(__file__).resolve().with_name("formulier.ipynb")
# Kernels kept running, with the questionnaire loaded, for the next visitors (`klantreis
# benchmark`): up to POOL_SIZE visitors at once get the form in about three seconds; more at
# the same moment wait for the replacements, which start FILL_DELAY seconds after a kernel is
# taken so that starting them does not slow down the visitors who just arrived (handing the
# extra visitors a new kernel at once was measured: it made everyone slow). Each waiting
# kernel holds about 150 MB.
POOL_SIZE = 4
FILL_DELAY = 5
STOP_TIMEOUT = 20  # seconds Voilà gets to stop its kernels after Ctrl+C or SIGTERM
HEADERS = {
    "Content-Security-Policy": "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def check_serve(study, gemeente: str, ronde: str, host: str = "127.0.0.1", port: int = 8866) -> Vragenlijst:
    """Every reason the form cannot be served, in Dutch, at once; else the questionnaire."""
    from .vragenlijst import read_vragenlijst

    study.refuse_demo("De demostudie kan niet geserveerd worden")
    problemen = Problemen(str(study.path))
    gemeenten = study.settings.gemeenten
    rondes = study.settings.verkenning.rondes
    if gemeente not in gemeenten:
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(gemeenten)}", bestand="studie.yaml",
                      veld="--gemeente", waarde=gemeente)
    if ronde not in rondes:
        problemen.add(f"een ronde uit studie.yaml (verkenning.rondes): {', '.join(rondes)}", bestand="studie.yaml",
                      veld="--ronde", waarde=ronde)
    if not isinstance(port, int) or not 1 <= port <= 65535:
        problemen.add("een poortnummer van 1 tot en met 65535", bestand="opdracht", veld="--poort", waarde=port)
    else:
        reason = _port_problem(host, port)
        if reason:
            problemen.add(reason, bestand="opdracht", veld="--host/--poort", waarde=f"{host}:{port}")
    vl = None
    try:
        vl = read_vragenlijst(study.path)
    except KlantreisFout as exc:
        problemen.extend(exc.problemen)
    problemen.raise_if_any("Het formulier kan niet geserveerd worden")
    return vl


def _port_problem(host: str, port: int) -> str | None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return "een bestaand adres voor deze computer, bv. 127.0.0.1 (alleen deze computer) of 0.0.0.0 (netwerk)"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return "een vrije poort op dit adres (deze is bezet of niet toegestaan); kies een andere met --poort"
    return None


def create_invites(study, gemeente: str, ronde: str, vragenlijst: Vragenlijst) -> dict[str, str]:
    """One new access code per perspective, stored (hashed) in the study's response store."""
    from .opslag import Opslag

    with Opslag(study.verkenning_db) as store:
        return {p.code: store.create_invite(gemeente, ronde, p.code) for p in vragenlijst.perspectieven}


def invite_link(host: str, port: int, code: str) -> str:
    shown = socket.gethostname() if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:  # an IPv6 address needs brackets in a URL
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?code={quote(code, safe='')}"


def voila_command(study, gemeente: str, ronde: str, host: str = "127.0.0.1", port: int = 8866,
                  pool_size: int = POOL_SIZE) -> tuple[list[str], dict[str, str]]:
    """The command that runs Voilà for this study, and its environment."""
    from .formulier import GEMEENTE_ENV, RONDE_ENV, STUDY_ENV  # the form reads them in each kernel

    args = [
        sys.executable, "-m", "klantreis.verkenning.serveer", str(NOTEBOOK),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",  # never move silently to another port: the links name this one
        "--Voila.base_url=/",
        "--Voila.config_file_paths=[]",  # a voila.py in the working folder must not loosen this
        f"--Voila.tornado_settings={json.dumps({'headers': HEADERS})}",
        "--show_tracebacks=False",
        "--strip_sources=True",
        "--template=lab",
        "--theme=light",
        "--HTMLExporter.language_code=nl",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.file_allowlist=[]",
        "--VoilaConfiguration.file_denylist=['.*']",
        # A busy server is slow to pass on the form's output; the default 4 s would lose it.
        "--VoilaExecutor.iopub_timeout=60",
        # Kernels of visitors who left without closing the page stop after an hour.
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--MappingKernelManager.cull_interval=300",
        # Kernels talk to Voilà over Unix sockets in Voilà's private folder, not over TCP ports.
        "--KernelManager.transport=ipc",
    ]
    if pool_size > 0:
        args += ["--preheat_kernel=True", f"--pool_size={pool_size}", f"--VoilaKernelManager.fill_delay={FILL_DELAY}"]
    env = dict(os.environ)
    env.update({
        STUDY_ENV: str(Path(study.path).resolve()), GEMEENTE_ENV: gemeente, RONDE_ENV: ronde,
        # A pre-heated kernel asks the server for its visitor's query string on this address.
        "VOILA_APP_IP": "127.0.0.1" if host in ("", "0.0.0.0") else ("::1" if host == "::" else host),
        # The kernel must be this interpreter (with the kit), not a user's own "python3" kernel.
        "JUPYTER_PREFER_ENV_PATH": "1",
        "PYTHONUNBUFFERED": "1",
    })
    return args, env


def run_voila(args: list[str], env: dict[str, str]) -> int:
    """Run Voilà in the foreground until it stops; Ctrl+C or SIGTERM stop it and its kernels."""
    process = subprocess.Popen(args, env=env, cwd=NOTEBOOK.parent)

    def forward(signum, frame):
        process.send_signal(signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, forward) if _main_thread() else None
    try:
        return process.wait()
    except KeyboardInterrupt:  # the terminal sent Ctrl+C to Voilà too; let it shut down
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
        print("Server gestopt.", file=sys.stderr)
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def serve(study, gemeente: str, ronde: str, host: str = "127.0.0.1", port: int = 8866) -> int:
    """Check, make the invite links, print them and serve the form until Ctrl+C."""
    vl = check_serve(study, gemeente, ronde, host, port)
    codes = create_invites(study, gemeente, ronde, vl)
    labels = vl.perspective_labels
    print(f"Webformulier van de verkenning: gemeente {gemeente}, ronde {ronde}.", flush=True)
    print("Stuur elke groep respondenten de link van hun perspectief:", flush=True)
    for perspectief, code in codes.items():
        print(f"  - {labels[perspectief]}: {invite_link(host, port, code)}", flush=True)
    print("De links blijven geldig, ook na het herstarten van de server. Wie de link niet heeft, "
          "krijgt geen formulier te zien.", flush=True)
    where = "alleen op deze computer" if host in ("127.0.0.1", "localhost", "::1") else f"op adres {host}"
    print(f"De server luistert {where}, poort {port}. Stop hem met Ctrl+C.", flush=True)
    args, env = voila_command(study, gemeente, ronde, host, port)
    status = run_voila(args, env)
    if status != 0:
        print(f"De server is gestopt met foutcode {status}; de meldingen van Voilà staan hierboven.", file=sys.stderr)
    return status


# --- Voilà with only the routes the form needs ------------------------------------------------

def _locked_voila_class():
    import re
    from urllib.parse import unquote

    import tornado.web
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    def traversal(path: str) -> bool:
        decoded = unquote(unquote(path)).replace("\\", "/")
        return any(part in ("..", ".") for part in decoded.split("/")) or "\x00" in decoded

    def guarded(cls):
        class Guarded(cls):
            def prepare(self):
                if traversal(self.request.path):
                    raise tornado.web.HTTPError(404)
                return super().prepare()

        Guarded.__name__ = f"Guarded{cls.__name__}"
        return Guarded

    class FormHandler(TornadoVoilaHandler):
        async def get(self, path=None):
            # Voilà's page sends this cookie back when it closes, so that its kernel stops at
            # once; Voilà itself never sets it (the shutdown would be refused, the kernel kept
            # until culled).
            self.xsrf_token  # noqa: B018 - reading it sets the cookie
            return await super().get(path)

    class LockedVoila(Voila):
        """Voilà serving one notebook at `/` and nothing else of the file system."""

        def init_handlers(self):
            handlers = []
            for spec in super().init_handlers():
                pattern, handler = spec[0], spec[1]
                if handler is TornadoVoilaHandler:
                    # the notebook at "/" only, instead of "/(.*)" that redirects to files
                    handlers.append((re.sub(r"\(\.\*\)$", "", pattern) or "/", FormHandler, *spec[2:]))
                elif "/voila/files/" in pattern or pattern.endswith(("/login", "/logout")):
                    continue  # no file handler, no login: nothing to find there
                elif isinstance(handler, type) and issubclass(handler, tornado.web.StaticFileHandler):
                    handlers.append((pattern, guarded(handler), *spec[2:]))
                else:
                    handlers.append(spec)
            return handlers

    return LockedVoila


def _main(argv: list[str] | None = None) -> None:
    """`python -m klantreis.verkenning.serveer NOTEBOOK [voila options]` (used by `serve`)."""
    _locked_voila_class().launch_instance(argv)


if __name__ == "__main__":
    _main()
