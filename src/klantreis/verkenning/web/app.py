"""The respondent's web form: a small tornado application, pages rendered on the server, no
scripts. Only these routes exist: ``/`` (enter a code, or open an invitation link
``/?code=…``), ``/vragen/<n>`` (page n of the questionnaire), ``/klaar`` (thank you) and one
stylesheet under ``/static/``; everything else is a Dutch 404.

Hygiene, all in this module:
- every post carries tornado's XSRF token (``xsrf_cookies``); the code travels in an
  ``HttpOnly``, ``SameSite=Lax`` cookie, ``Secure`` when the server is reached over HTTPS;
- a Content-Security-Policy that allows the stylesheet and nothing else (no script at all, so
  no ``unsafe-inline`` or ``unsafe-eval``), no framing, no Referer, no ``Server`` header;
- wrong codes are counted per address (`WrongCodes`); past the limit the address gets a Dutch
  429 page without the store being asked; a wrong code otherwise costs one lookup by primary
  key in SQLite, no process, no kernel;
- request bodies and headers are small (`MAX_BODY`, `MAX_HEADER`); the access log never holds
  a query string (the code is in it).

Nothing is lost: each page is saved in one SQLite transaction (WAL, synchronous=FULL) before
the browser is sent on, and the final submit stores the response, spends the code and drops the
draft in one transaction; a second post of a spent code stores nothing (`Opslag.submit`).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import tornado.httpserver
import tornado.template
import tornado.web

from ..opslag import OPEN_TEXT_MAX, CodeStatus, Opslag
from ..vragenlijst import Vragenlijst
from .pagina import (PRIORITY_FIELD, Fout, nothing_answered, page_count, read_page, shown_value, statements_html,
                     uitgangspunt_of)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
COOKIE = "vragenlijst"
BRON = "webformulier"
MAX_BODY = 256 * 1024  # one page with a full open answer is well under 100 kB
MAX_HEADER = 16 * 1024
BACKLOG = 1024  # connections waiting to be accepted: a burst of visitors is queued, not dropped
WRONG_CODE_LIMIT = 10  # wrong codes per address …
WRONG_CODE_WINDOW = 15 * 60  # … within this many seconds
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
log = logging.getLogger("klantreis.verkenning.web")


class WrongCodes:
    """Wrong codes per address in a sliding window; memory stays bounded (the oldest addresses
    are forgotten first when `max_addresses` is reached)."""

    def __init__(self, limit: int = WRONG_CODE_LIMIT, window: float = WRONG_CODE_WINDOW,
                 max_addresses: int = 50_000, clock=time.monotonic):
        self.limit, self.window, self.max_addresses, self.clock = limit, window, max_addresses, clock
        self._seen: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()

    def _recent(self, address: str) -> collections.deque | None:
        times = self._seen.get(address)
        if times is not None:
            cutoff = self.clock() - self.window
            while times and times[0] < cutoff:
                times.popleft()
            if not times:
                del self._seen[address]
                return None
        return times

    def blocked(self, address: str) -> bool:
        times = self._recent(address)
        return times is not None and len(times) >= self.limit

    def failed(self, address: str) -> None:
        times = self._recent(address)
        if times is None:
            times = self._seen[address] = collections.deque(maxlen=self.limit)
        self._seen.move_to_end(address)
        times.append(self.clock())
        while len(self._seen) > self.max_addresses:
            self._seen.popitem(last=False)


@dataclass
class FormSettings:
    """What the handlers share: the questionnaire, the store and this server's measurement."""

    vragenlijst: Vragenlijst
    store: Opslag
    gemeente: str
    ronde: str
    open_links: bool = False  # per-perspective open links (`serveer --open`) are accepted
    secure: bool = False  # reached over HTTPS (own TLS, or behind a proxy that serves HTTPS)
    wrong_codes: WrongCodes = field(default_factory=WrongCodes)


class Hygiene:
    """Headers every response carries, the static file included."""

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        for name, value in HEADERS.items():
            self.set_header(name, value)
        if self.application.settings["formulier"].secure:
            self.set_header("Strict-Transport-Security", "max-age=31536000")


class Page(Hygiene, tornado.web.RequestHandler):
    @property
    def form(self) -> FormSettings:
        return self.application.settings["formulier"]

    def page(self, template: str, status: int = 200, **values) -> None:
        vl = self.form.vragenlijst
        defaults = {"naam": vl.naam, "gemeente": self.form.gemeente, "fouten": [], "alineas": [],
                    "toon_code_veld": False, "code_fout": None}
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        self.render(template, **{**defaults, **values})

    def message(self, titel: str, *alineas: str, status: int = 200, code_veld: bool = False,
                code_fout: str | None = None) -> None:
        self.page("melding.html", status=status, titel=titel, alineas=list(alineas), toon_code_veld=code_veld,
                  code_fout=code_fout)

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 429:
            self.set_header("Retry-After", str(WRONG_CODE_WINDOW))
        titel, *alineas = ERROR_PAGES.get(status_code, ERROR_PAGES[500])
        try:
            self.message(titel, *alineas, status=status_code)
        except Exception:  # noqa: BLE001 - the last resort must not fail
            self.finish(titel)

    def compute_etag(self) -> None:
        return None  # pages are personal and never cached (Cache-Control: no-store)

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, tornado.web.HTTPError):
            return  # a refusal the visitor was shown, not a fault
        log.error("Fout bij %s %s", self.request.method, self.request.path, exc_info=(typ, value, tb))

    # --- codes ----------------------------------------------------------------------------------
    @property
    def address(self) -> str:
        return self.request.remote_ip or "?"

    def lookup(self, code: str | None) -> CodeStatus | None:
        """The personal code's state for this server's measurement; None (counted as a wrong
        try of this address) otherwise. A blocked address gets 429 before any lookup."""
        limiter = self.form.wrong_codes
        if limiter.blocked(self.address):
            raise tornado.web.HTTPError(429)
        status = self.form.store.code_status(code) if code else None
        if status is None and code and self.form.open_links:
            invite = self.form.store.check_invite(code)
            if invite is not None and invite[:2] == (self.form.gemeente, self.form.ronde):
                status = self.form.store.code_status(self.form.store.create_codes(*invite, 1)[0])
        if status is None or (status.gemeente, status.ronde) != (self.form.gemeente, self.form.ronde) \
                or status.perspectief not in self.form.vragenlijst.perspective_labels:
            limiter.failed(self.address)
            return None
        return status

    def remember(self, status: CodeStatus) -> None:
        self.set_cookie(COOKIE, status.code, path="/", httponly=True, samesite="Lax", secure=self.form.secure)

    def forget(self) -> None:
        self.clear_cookie(COOKIE, path="/", httponly=True, samesite="Lax", secure=self.form.secure)

    def spent(self) -> None:
        self.forget()
        self.message("U heeft deze vragenlijst al ingevuld",
                     "Met deze code zijn de antwoorden al verstuurd. Ze zijn goed bewaard; u hoeft niets meer te doen.",
                     "Hartelijk dank voor uw medewerking.")


ERROR_PAGES = {
    403: ("Deze pagina is verlopen",
          "Uw laatste antwoorden konden niet worden opgeslagen, omdat de pagina te lang openstond of niet "
          "compleet was. Wat u eerder opsloeg, is bewaard.",
          "Open de link uit uw uitnodiging opnieuw, of vul uw code opnieuw in op de beginpagina."),
    404: ("Deze pagina bestaat niet",
          "Controleer het adres. U begint de vragenlijst met de link of de code uit uw uitnodiging."),
    405: ("Dit kan niet op deze pagina", "Ga terug naar de vorige pagina."),
    429: ("Te veel pogingen",
          "Vanaf uw adres is te vaak een code ingevuld die niet klopt. Wacht een kwartier en probeer het dan "
          "opnieuw.",
          "Lukt het daarna nog niet? Neem contact op met de organisatie die u heeft uitgenodigd."),
    500: ("Er ging iets mis",
          "Uw antwoorden op deze pagina zijn misschien niet opgeslagen. Wat u eerder opsloeg, is bewaard.",
          "Probeer het over een paar minuten opnieuw met de link uit uw uitnodiging."),
}
WRONG_CODE = ("Deze code kennen we niet. Controleer of u hem goed heeft overgenomen uit uw uitnodiging, "
              "of gebruik de link uit de uitnodiging.")


class Start(Page):
    """``/``: the start page with a code field; ``/?code=…`` is the link in an invitation."""

    def get(self) -> None:
        code = self.get_query_argument("code", None)
        if code is None:
            self.message("Vragenlijst over de toegang tot hulp en ondersteuning",
                         "Welkom. Met deze vragenlijst hoort de gemeente hoe de toegang tot hulp en ondersteuning "
                         "werkt. Vul de code uit uw uitnodiging in om te beginnen.", code_veld=True)
            return
        self.enter(code)

    def post(self) -> None:
        self.enter(self.get_body_argument("code", ""))

    def enter(self, code: str) -> None:
        status = self.lookup(code.strip())
        if status is None:
            self.message("Vragenlijst over de toegang tot hulp en ondersteuning", status=403, code_veld=True,
                         code_fout=WRONG_CODE)
            return
        if status.verstuurd:
            self.spent()
            return
        self.remember(status)
        self.redirect(f"/vragen/{min(status.pagina + 1, page_count(self.form.vragenlijst))}", status=303)


class Questions(Page):
    """``/vragen/<n>``: one page of the questionnaire for the code in the cookie."""

    def current(self) -> CodeStatus | None:
        status = self.lookup(self.get_cookie(COOKIE))
        if status is None:
            self.forget()
            self.message("Open eerst uw uitnodiging",
                         "U kunt de vragenlijst alleen invullen met de link of de code uit uw uitnodiging.",
                         status=403, code_veld=True)
        elif status.verstuurd:
            self.spent()
            return None
        return status

    def get(self, number: str) -> None:
        page = self.checked_page(number)
        status = self.current()
        if status is None:
            return
        draft = status.concept
        u = uitgangspunt_of(self.form.vragenlijst, page)
        self.show(status, page, {code: shown_value(v) for code, v in draft.get("antwoorden", {}).items()},
                  draft.get("open", {}).get(u.code, "") if u else "", draft.get("prioriteit", []), [])

    def post(self, number: str) -> None:
        page = self.checked_page(number)
        status = self.current()
        if status is None:
            return
        vl = self.form.vragenlijst
        posted = {name: self.get_body_argument(name, "", strip=False) for name in self.request.body_arguments}
        read = read_page(vl, page, posted)
        action = posted.get("actie", "volgende")
        last = page == page_count(vl)
        if not read.fouten and last and action == "versturen" and nothing_answered(vl, status.concept, read.inhoud):
            read.fouten.append(Fout("/vragen/1", "U heeft nog geen enkele vraag beantwoord. Ga terug naar het begin "
                                                 "en beantwoord ten minste één vraag."))
        if read.fouten:
            u = uitgangspunt_of(vl, page)
            answers = {s.code: posted.get(s.code, "") for s in u.stellingen} if u else {}
            chosen = [posted.get(PRIORITY_FIELD.format(r), "") for r in range(1, vl.prioriteit.aantal + 1)]
            self.show(status, page, answers, posted.get(f"open-{u.code}", "") if u else "", chosen, read.fouten)
            return
        if last and action == "versturen":
            if self.form.store.submit(status.code, read.inhoud, BRON) == "al verstuurd":
                self.spent()
                return
            self.forget()
            self.redirect("/klaar", status=303)
            return
        if not self.form.store.save_page(status.code, page, read.inhoud):
            self.spent()
            return
        self.redirect(f"/vragen/{max(page - 1, 1) if action == 'vorige' else min(page + 1, page_count(vl))}",
                      status=303)

    def checked_page(self, number: str) -> int:
        page = int(number)
        if not 1 <= page <= page_count(self.form.vragenlijst):
            raise tornado.web.HTTPError(404)
        return page

    def show(self, status: CodeStatus, page: int, answers: dict, open_text: str, chosen: list[str],
             fouten: list[Fout]) -> None:
        vl = self.form.vragenlijst
        u = uitgangspunt_of(vl, page)
        chosen = list(chosen) + [""] * vl.prioriteit.aantal
        self.page(
            "pagina.html", titel=u.naam if u else "Wat moet beter?", pagina=page, aantal_paginas=page_count(vl),
            inleiding=vl.inleiding, perspectief=vl.perspective_labels[status.perspectief].lower(),
            uitgangspunt=u, stellingen=statements_html(vl, page, status.perspectief, answers), open_tekst=open_text,
            max_tekens=OPEN_TEXT_MAX,
            max_tekst=f"{OPEN_TEXT_MAX:,}".replace(",", "."), prioriteit_vraag=vl.prioriteit.vraag,
            uitgangspunten=list(vl.uitgangspunt_labels.items()),
            keuzes=[(r, PRIORITY_FIELD.format(r), chosen[r - 1]) for r in range(1, vl.prioriteit.aantal + 1)],
            fouten=[{"link": f.veld if f.veld.startswith("/") else f"#{f.veld}", "tekst": f.tekst} for f in fouten],
            foutvelden={f.veld for f in fouten})


class Done(Page):
    def get(self) -> None:
        self.forget()
        self.message("Hartelijk dank voor het invullen!",
                     "Uw antwoorden zijn verstuurd en goed bewaard. U kunt dit venster nu sluiten.",
                     self.form.vragenlijst.afsluiting)


class NotFound(Page):
    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class Static(Hygiene, tornado.web.StaticFileHandler):
    pass


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """Only server errors are logged, and never with the query string (it may hold a code)."""
    if handler.get_status() >= 500:
        log.error("%d %s %s", handler.get_status(), handler.request.method, handler.request.path)


def make_app(settings: FormSettings) -> tornado.web.Application:
    return tornado.web.Application(
        [
            (r"/", Start),
            (r"/vragen/([0-9]{1,2})", Questions),
            (r"/klaar", Done),
            (r"/static/(klantreis\.css)", Static, {"path": str(STATIC)}),
        ],
        default_handler_class=NotFound,
        template_loader=tornado.template.Loader(str(TEMPLATES)),
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Lax", "secure": settings.secure},
        log_function=_log_request,
        serve_traceback=False,
        compiled_template_cache=True,
        static_hash_cache=True,
        formulier=settings,
    )


def run(settings: FormSettings, host: str, port: int, ssl_context=None, behind_proxy: bool = False,
        ready=None) -> int:
    """Serve until SIGINT or SIGTERM; `ready()` is called once the port is open."""

    async def main() -> None:
        server = tornado.httpserver.HTTPServer(
            make_app(settings), xheaders=behind_proxy, ssl_options=ssl_context, max_body_size=MAX_BODY,
            max_header_size=MAX_HEADER, idle_connection_timeout=120, body_timeout=60)
        server.listen(port, address=host, backlog=BACKLOG)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if ready is not None:
            ready()
        await stop.wait()
        server.stop()
        await server.close_all_connections()

    try:
        asyncio.run(main())
    finally:
        settings.store.close()
    return 0
