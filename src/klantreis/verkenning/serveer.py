"""Serve the verkenning form to respondents: `klantreis verkenning serveer`.

`serve()` checks gemeente, ronde, address and TLS files against the study, opens the study's
store and runs the tornado form (`web.app`) until Ctrl+C or SIGTERM. Respondents come in with a
personal single-use code (`klantreis verkenning uitnodigingen`); with `open_links` the server
also makes one open link per perspective, which anyone who has it can use (the old way; use it
only when personal letters are impossible).

Where it runs:
- on this computer only (``--host 127.0.0.1``, the default), for trying it out;
- with its own TLS (``--certificaat``, ``--sleutel``) on a network address;
- behind a reverse proxy that serves HTTPS (``--achter-proxy``): the server listens on
  127.0.0.1 and takes the visitor's address and protocol from the proxy's headers.
A network address without TLS or proxy is refused: codes and answers would travel unencrypted.

The built-in demo study is part of the installed kit and must stay unchanged, so it is not
served: make a study of your own with `klantreis nieuw`.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..errors import KlantreisFout, Problemen

if TYPE_CHECKING:
    from .vragenlijst import Vragenlijst

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_serve(study, gemeente: str, ronde: str, host: str = "127.0.0.1", port: int = 8866,
                certificaat: Path | None = None, sleutel: Path | None = None,
                achter_proxy: bool = False) -> Vragenlijst:
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
    if (certificaat is None) != (sleutel is None):
        problemen.add("--certificaat en --sleutel samen (het certificaat en zijn privésleutel, PEM)",
                      bestand="opdracht", veld="--certificaat/--sleutel", waarde=str(certificaat or sleutel))
    for veld, path in (("--certificaat", certificaat), ("--sleutel", sleutel)):
        if path is not None and not Path(path).is_file():
            problemen.add("een bestaand PEM-bestand", bestand=str(path), veld=veld, waarde=str(path))
    if certificaat and sleutel and Path(certificaat).is_file() and Path(sleutel).is_file():
        try:
            tls_context(certificaat, sleutel)
        except (OSError, ValueError) as exc:
            problemen.add("een certificaat met de bijbehorende privésleutel (PEM, zonder wachtwoord)",
                          bestand=str(certificaat), veld="--certificaat/--sleutel", waarde=type(exc).__name__)
    if achter_proxy and certificaat:
        problemen.add("--achter-proxy of --certificaat, niet allebei (achter een proxy doet de proxy HTTPS)",
                      bestand="opdracht", veld="--achter-proxy", waarde="samen met --certificaat")
    if achter_proxy and host not in LOCAL_HOSTS:
        problemen.add("achter een proxy luistert de server alleen op deze computer (--host 127.0.0.1); de proxy "
                      "stuurt de bezoekers door", bestand="opdracht", veld="--host", waarde=host)
    if host not in LOCAL_HOSTS and not certificaat and not achter_proxy:
        problemen.add("HTTPS voor een adres op het netwerk: geef --certificaat en --sleutel, of zet de server achter "
                      "een proxy met HTTPS (--achter-proxy); zonder HTTPS gaan codes en antwoorden onversleuteld "
                      "over het netwerk", bestand="opdracht", veld="--host", waarde=host)
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


def tls_context(certificaat: Path, sleutel: Path):
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(certificaat), str(sleutel))
    return context


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
    """One new open link code per perspective (usable by anyone who has it), stored hashed."""
    from .opslag import Opslag

    with Opslag(study.verkenning_db) as store:
        return {p.code: store.create_invite(gemeente, ronde, p.code) for p in vragenlijst.perspectieven}


def invite_link(host: str, port: int, code: str, https: bool = False) -> str:
    shown = socket.gethostname() if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:  # an IPv6 address needs brackets in a URL
        shown = f"[{shown}]"
    return f"{'https' if https else 'http'}://{shown}:{port}/?code={quote(code, safe='')}"


def serve(study, gemeente: str, ronde: str, host: str = "127.0.0.1", port: int = 8866,
          certificaat: Path | None = None, sleutel: Path | None = None, achter_proxy: bool = False,
          open_links: bool = False) -> int:
    """Check, print what the researcher needs to know and serve the form until Ctrl+C."""
    from .opslag import Opslag
    from .web.app import FormSettings, run

    vl = check_serve(study, gemeente, ronde, host, port, certificaat, sleutel, achter_proxy)
    https = certificaat is not None
    print(f"Webformulier van de verkenning: gemeente {gemeente}, ronde {ronde}.", flush=True)
    store = Opslag(study.verkenning_db)
    counts = store.code_counts(gemeente, ronde)
    labels = vl.perspective_labels
    if counts:
        print("Persoonlijke codes (uit 'klantreis verkenning uitnodigingen'):", flush=True)
        for perspectief, (made, spent) in counts.items():
            print(f"  - {labels.get(perspectief, perspectief)}: {made} codes, {spent} gebruikt", flush=True)
    elif not open_links:
        print("Er zijn nog geen persoonlijke codes voor deze gemeente en ronde. Maak ze met 'klantreis verkenning "
              "uitnodigingen'.", flush=True)
    if open_links:
        codes = create_invites(study, gemeente, ronde, vl)
        print("Open links (iedereen met de link kan invullen, elke keer opnieuw):", flush=True)
        for perspectief, code in codes.items():
            print(f"  - {labels[perspectief]}: {invite_link(host, port, code, https)}", flush=True)
    where = "alleen op deze computer" if host in LOCAL_HOSTS else f"op adres {host}"
    how = " met HTTPS" if https else (" achter een proxy met HTTPS" if achter_proxy else "")
    print(f"Antwoorden komen in {study.verkenning_db}.", flush=True)
    settings = FormSettings(vragenlijst=vl, store=store, gemeente=gemeente, ronde=ronde, open_links=open_links,
                            secure=https or achter_proxy)
    context = tls_context(certificaat, sleutel) if https else None
    return run(settings, host, port, context, achter_proxy, ready=lambda: print(
        f"De server luistert {where}{how}, poort {port}. Stop hem met Ctrl+C.", flush=True)) or _stopped()


def _stopped() -> int:
    print("Server gestopt.", file=sys.stderr)
    return 0
