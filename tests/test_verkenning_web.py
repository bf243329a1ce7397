"""The verkenning served to respondents, as they, an accessibility officer and an attacker meet
it: the real command starts the real tornado server on 127.0.0.1, Debian's Chromium (driven by
playwright) fills in the form with the keyboard and runs axe-core in every page, and plain HTTP
clients try what a visitor should not be able to."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from klantreis.cli import main
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.study import create_study, load_study
from klantreis.verkenning.opslag import Opslag, db_path
from klantreis.verkenning.serveer import check_serve
from klantreis.verkenning.vragenlijst import read_vragenlijst
from klantreis.verkenning.web.app import WRONG_CODE_LIMIT

from .helpers import require_program
from .verkenning_web_helpers import (Client, Server, axe_violations, browser, child_processes, free_port, http_get,
                                     require_axe, require_browser)

GEMEENTE, RONDE = "Lindewaarde", "nulmeting"
TRICKY = "<b>één</b> 😀 =cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def vragenlijst():
    return read_vragenlijst()


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return create_study(tmp_path_factory.mktemp("web") / "studie", gemeenten=[GEMEENTE, "Beekveen"])


@pytest.fixture(scope="module")
def server(study, tmp_path_factory):
    srv = Server(study, GEMEENTE, RONDE, free_port(), tmp_path_factory.mktemp("log") / "server.log", ["--open"])
    srv.study = study
    try:
        yield srv
    finally:
        srv.stop()


def new_codes(study, n=1, perspectief="inwoner", gemeente=GEMEENTE, ronde=RONDE):
    with Opslag(db_path(study)) as store:
        return store.create_codes(gemeente, ronde, perspectief, n)


def stored(study):
    with Opslag(db_path(study), readonly=True) as store:
        return store.tables()


def run(coro, timeout=240):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def answer_page_one(client, code, answers=None):
    """Open the invitation and save the first page over plain HTTP."""
    assert client.get(f"/?code={code}").status == 200
    return client.post("/vragen/1", {"K1_1": "4", **(answers or {}), "actie": "volgende"})


# --- what the researcher sees --------------------------------------------------------------------

def test_the_command_says_where_answers_land_and_that_it_listens_only_here(server):
    assert "gemeente Lindewaarde, ronde nulmeting" in server.output
    assert "alleen op deze computer" in server.output
    assert f"Antwoorden komen in {db_path(server.study)}" in server.output
    # the explicit open mode prints one link per perspective, nothing more
    assert len(server.links) == 4
    for link in server.links.values():
        assert re.fullmatch(rf"http://127\.0\.0\.1:{server.port}/\?code=[A-Za-z0-9_-]{{20,}}", link)


def test_the_demo_study_is_not_served_and_the_message_points_to_klantreis_nieuw(capsys):
    demo_db = db_path(DEMO_STUDY_DIR)
    before = demo_db.read_bytes() if demo_db.exists() else None
    assert main(["verkenning", "serveer", str(DEMO_STUDY_DIR), "--gemeente", "Lindewaarde",
                 "--ronde", "nulmeting", "--poort", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert "De demostudie kan niet geserveerd worden" in err and "klantreis nieuw" in err
    assert (demo_db.read_bytes() if demo_db.exists() else None) == before


def test_wrong_settings_a_busy_port_and_a_network_address_without_https_are_named_together(tmp_path):
    study = load_study(create_study(tmp_path / "studie", gemeenten=[GEMEENTE]))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(Exception) as exc:
            check_serve(study, "Amsterdam", "eindmeting", "127.0.0.1", port, certificaat=tmp_path / "geen.pem")
    text = str(exc.value)
    assert "'Amsterdam'" in text and "'eindmeting'" in text and "nulmeting, vervolgmeting" in text
    assert "een vrije poort" in text and "--certificaat en --sleutel samen" in text and "bestaand PEM-bestand" in text
    with pytest.raises(Exception) as exc:
        check_serve(study, GEMEENTE, RONDE, "0.0.0.0", free_port())
    assert "HTTPS voor een adres op het netwerk" in str(exc.value)
    assert not db_path(study.path).exists()


# --- what a respondent sees ----------------------------------------------------------------------

async def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} niet bereikt met Tab")


def test_a_respondent_completes_the_questionnaire_with_the_keyboard_alone(server, vragenlijst):
    require_browser()
    code = new_codes(server.study)[0]
    before = set(stored(server.study)["respondenten"]["respons_id"])
    k1_1 = next(s for s in vragenlijst.statements if s.code == "K1_1")

    async def respondent():
        async with browser() as context:
            page = await context.new_page()
            await page.goto(server.base + "/")
            await _tab_to(page, "#code")
            await page.keyboard.type(code.lower().replace("-", " "))  # as typed from the letter
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/vragen/1")
            assert await page.locator("h1").count() == 1
            assert await page.locator("input[type=radio]:checked").count() == 0  # nothing pre-selected
            # K1_1: Tab into the group, then arrows move the choice: 1 → 4 (Eens)
            await _tab_to(page, "#K1_1-1")
            outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none"  # the focus is visible
            await page.keyboard.press("Space")
            for _ in range(3):
                await page.keyboard.press("ArrowRight")
            # K1_2: weet niet is the last option of its group
            await page.keyboard.press("Tab")
            await page.keyboard.press("ArrowLeft")
            await _tab_to(page, "#open-K1")
            await page.keyboard.type(TRICKY)
            await _tab_to(page, "button[value=volgende]")
            await page.keyboard.press("Enter")
            for number in range(2, 8):
                await page.wait_for_url(f"**/vragen/{number}")
                await _tab_to(page, "button[value=volgende]")
                await page.keyboard.press("Enter")
            await page.wait_for_url("**/vragen/8")
            await _tab_to(page, "#prioriteit1")
            for _ in range(6):  # K6
                await page.keyboard.press("ArrowDown")
            await _tab_to(page, "#prioriteit2")
            await page.keyboard.press("ArrowDown")  # K1
            await _tab_to(page, "button[value=versturen]")
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/klaar")
            assert await page.get_by_role("heading", name="Hartelijk dank voor het invullen!").is_visible()

    run(respondent())
    t = stored(server.study)
    new = t["respondenten"][~t["respondenten"]["respons_id"].isin(before)]
    assert len(new) == 1
    rid = new["respons_id"].iloc[0]
    assert new[["gemeente", "ronde", "perspectief", "bron"]].iloc[0].tolist() == [
        GEMEENTE, RONDE, "inwoner", "webformulier"]
    answers = t["antwoorden"][t["antwoorden"]["respons_id"] == rid].set_index("stelling")
    assert len(answers) == len(vragenlijst.statements)  # every page was shown
    assert answers.loc["K1_1", "waarde"] == 4 and answers.loc["K1_2", "weet_niet"]
    assert answers["waarde"].notna().sum() == 1
    assert t["open"][t["open"]["respons_id"] == rid]["tekst"].tolist() == [TRICKY]
    prio = t["prioriteit"][t["prioriteit"]["respons_id"] == rid].sort_values("rang")
    assert prio["uitgangspunt"].tolist() == ["K6", "K1"]
    assert k1_1.tekst.inwoner  # the inwoner read the B1 wording (checked in the names test)


def test_each_radio_group_is_named_by_its_statement_in_the_respondents_own_wording(server, vragenlijst):
    require_browser()
    code = new_codes(server.study, perspectief="uitvoerder")[0]

    async def visitor():
        async with browser() as context:
            page = await context.new_page()
            await page.goto(f"{server.base}/?code={code}")
            for number, u in enumerate(vragenlijst.uitgangspunten, 1):
                await page.goto(f"{server.base}/vragen/{number}")
                assert await page.locator("fieldset").count() == len(u.stellingen)
                for s in u.stellingen:
                    group = page.get_by_role("group", name=s.text_for("uitvoerder"), exact=True)
                    assert await group.count() == 1, s.code
                    radios = group.get_by_role("radio")
                    assert await radios.count() == len(vragenlijst.schaal.opties) + 1
                    assert await group.get_by_role("radio", name="Weet niet / niet van toepassing").count() == 1
                assert await page.get_by_role("textbox", name=u.open_vraag).count() == 1

    run(visitor())


def test_axe_finds_no_wcag_21_a_or_aa_violation_on_any_page_at_desktop_and_320_px(server, vragenlijst):
    require_browser()
    axe = require_axe()
    codes = new_codes(server.study, 2)
    spent = new_codes(server.study)[0]
    client = Client(server.base)
    answer_page_one(client, spent)
    assert client.post("/vragen/8", {"actie": "versturen"}).status == 200
    found = {}

    async def check(context, label, path=None, action=None):
        page = context.pages[0] if context.pages else await context.new_page()
        if path is not None:
            await page.goto(server.base + path)
        if action is not None:
            await action(page)
        violations = await axe_violations(page, axe)
        found[label] = violations

    async def inspect(width, code):
        async with browser(width=width, bypass_csp=True) as context:
            await check(context, f"{width}: start", "/")
            await check(context, f"{width}: foute code", "/?code=AAAA-BBBB-CCCC")
            for number in range(1, len(vragenlijst.uitgangspunten) + 2):
                await check(context, f"{width}: deel {number}", f"/?code={code}" if number == 1 else f"/vragen/{number}")

            async def two_errors(page):
                await page.select_option("#prioriteit1", "K2")
                await page.select_option("#prioriteit2", "K2")
                await page.select_option("#prioriteit3", "K2")
                await page.click("button[value=versturen]")
                await page.locator(".foutoverzicht").wait_for()
            await check(context, f"{width}: foutoverzicht", None, two_errors)
            await check(context, f"{width}: al ingevuld", f"/?code={spent}")
            await check(context, f"{width}: niet gevonden", "/bestaat-niet")

    run(inspect(1280, codes[0]))
    run(inspect(320, codes[1]))
    assert len(found) == 2 * 13
    assert {label: v for label, v in found.items() if v} == {}


def test_an_error_summary_links_to_each_field_and_nothing_is_sent(server):
    code = new_codes(server.study)[0]
    client = Client(server.base)
    answer_page_one(client, code)
    page = client.post("/vragen/8", {"prioriteit1": "K3", "prioriteit2": "K3", "actie": "versturen"})
    assert page.status == 200 and "Fout:" in page.text
    summary = page.text.split('class="foutoverzicht"')[1].split("</div>")[0]
    assert 'href="#prioriteit2"' in summary and 'id="prioriteit2"' in page.text
    assert 'aria-invalid="true"' in page.text
    too_long = client.post("/vragen/2", {"open-K2": "x" * 10_001, "actie": "volgende"})
    assert 'href="#open-K2"' in too_long.text and "10.001 tekens" in too_long.text
    with Opslag(db_path(server.study), readonly=True) as store:
        assert not store.code_status(code).verstuurd
        assert "K2" not in store.code_status(code).concept["open"]


def test_an_empty_questionnaire_is_not_a_response(server):
    code = new_codes(server.study)[0]
    client = Client(server.base)
    client.get(f"/?code={code}")
    before = len(stored(server.study)["respondenten"])
    page = client.post("/vragen/8", {"actie": "versturen"})
    assert "U heeft nog geen enkele vraag beantwoord" in page.text and 'href="/vragen/1"' in page.text
    assert len(stored(server.study)["respondenten"]) == before


def test_a_respondent_can_stop_and_resume_where_they_left_off(server):
    code = new_codes(server.study)[0]
    first = Client(server.base)
    answer_page_one(first, code, {"K1_2": "WN", "open-K1": "  Eén loket graag.  "})
    first.post("/vragen/2", {"K2_1": "2", "actie": "volgende"})
    later = Client(server.base, follow=False)  # another day, another browser
    opened = later.get(f"/?code={code}")
    assert opened.status == 303 and opened.location == "/vragen/3"
    page_one = later.get("/vragen/1").text
    assert 'value="4" checked' in page_one and 'value="WN" checked' in page_one
    assert ">Eén loket graag.</textarea>" in page_one  # trimmed


def test_a_spent_code_gets_a_kind_page_and_a_double_post_stores_once(server):
    code = new_codes(server.study)[0]
    client = Client(server.base)
    answer_page_one(client, code)
    xsrf = client.xsrf()
    cookie = next(c for c in client.cookies if c.name == "vragenlijst")
    before = len(stored(server.study)["respondenten"])
    results = []

    def send():  # two posts of the same page at the same moment: a double click
        twin = Client(server.base, follow=False)
        twin.cookies.set_cookie(cookie)
        twin.cookies.set_cookie(next(c for c in client.cookies if c.name == "_xsrf"))
        results.append(twin.request("/vragen/8", {"actie": "versturen", "prioriteit1": "K4", "_xsrf": xsrf}))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(stored(server.study)["respondenten"]) == before + 1
    assert sorted(r.status for r in results) == [200, 303]
    assert "al ingevuld" in next(r.text for r in results if r.status == 200)
    again = Client(server.base).get(f"/?code={code}")
    assert again.status == 200 and "U heeft deze vragenlijst al ingevuld" in again.text
    assert "<fieldset" not in again.text
    assert len(stored(server.study)["respondenten"]) == before + 1


def test_thirty_respondents_sending_at_the_same_moment_store_thirty_rows(server):
    codes = new_codes(server.study, 30, perspectief="ketenpartner")
    clients = [Client(server.base) for _ in codes]
    for i, (client, code) in enumerate(zip(clients, codes)):
        answer_page_one(client, code, {"open-K1": f"Sessie {i}"})
    before = set(stored(server.study)["respondenten"]["respons_id"])
    start = threading.Barrier(30)
    statuses = []

    def send(client):
        start.wait(30)
        statuses.append(client.post("/vragen/8", {"actie": "versturen"}).status)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * 30
    t = stored(server.study)
    new = t["respondenten"][~t["respondenten"]["respons_id"].isin(before)]
    assert len(new) == 30 and set(new["perspectief"]) == {"ketenpartner"}
    texts = t["open"][t["open"]["respons_id"].isin(new["respons_id"])]["tekst"]
    assert sorted(texts) == sorted(f"Sessie {i}" for i in range(30))


def test_an_open_link_gives_each_visitor_their_own_questionnaire(server):
    link = server.links["Beleid of management"]
    path = link.split(str(server.port), 1)[1]
    a, b = Client(server.base), Client(server.base)
    answer_page_one(a, path.split("=", 1)[1], {"K1_1": "5"})
    answer_page_one(b, path.split("=", 1)[1], {"K1_1": "1"})
    assert 'value="5" checked' in a.get("/vragen/1").text
    assert 'value="1" checked' in b.get("/vragen/1").text


# --- the answers cannot be traced to an invitation -------------------------------------------------

def test_answers_are_not_linked_to_the_code_and_codes_are_stored_only_as_hashes(server):
    code = new_codes(server.study)[0]
    client = Client(server.base)
    answer_page_one(client, code)
    client.post("/vragen/8", {"actie": "versturen"})
    with Opslag(db_path(server.study), readonly=True) as store:
        columns = {row[1] for row in store.conn.execute("PRAGMA table_info(respons)")}
        code_columns = {row[1] for row in store.conn.execute("PRAGMA table_info(persoonlijke_code)")}
        drafts = store.conn.execute("SELECT COUNT(*) FROM concept WHERE code_hash IN "
                                    "(SELECT code_hash FROM persoonlijke_code WHERE verstuurd = 1)").fetchone()[0]
    assert columns == {"id", "gemeente", "ronde", "perspectief", "bron", "ontvangen"}
    assert code_columns == {"code_hash", "gemeente", "ronde", "perspectief", "verstuurd"}  # no time of use
    assert drafts == 0  # the draft went in the same transaction
    files = b"".join(p.read_bytes() for p in db_path(server.study).parent.glob("antwoorden.sqlite*"))
    assert code.encode() not in files and code.replace("-", "").encode() not in files


# --- what a curious visitor or an attacker must not reach ------------------------------------------

def test_only_the_form_routes_and_the_stylesheet_exist(server):
    db = db_path(server.study).resolve()
    up = "..%2f" * 25
    paths = [
        "/tree", "/lab", "/api/contents", "/api/kernels", "/api/sessions", "/files/opslag.py", "/opslag.py",
        "/static/", "/static/app.py", "/static/../app.py", f"/static/{up}etc%2fpasswd", "/static/%2e%2e/app.py",
        f"/static/{up}{quote(str(db)[1:])}", "/static/..%5capp.py", f"/{quote(str(db))}", "/verkenning/antwoorden.sqlite",
        "/templates/pagina.html", "/vragen/0", "/vragen/99", "/vragen/1/../../etc/passwd", "/klaar/../app.py",
        "/%2e%2e/%2e%2e/etc/passwd", "/static/%252e%252e%252fapp.py", "/.git/config", "/voila/files/formulier.ipynb",
    ]
    for path in paths:
        status, body = http_get(server.base + path)
        assert status in (403, 404), (path, status)
        assert b"SQLite format 3" not in body and b"def " not in body and b"root:" not in body, path
    status, css = http_get(server.base + "/static/klantreis.css")
    assert status == 200 and b"focus-visible" in css


def test_headers_cookies_and_csrf_keep_the_page_to_itself(server):
    code = new_codes(server.study)[0]
    client = Client(server.base, follow=False)
    opened = client.get(f"/?code={code}")
    for response in (opened, client.get("/vragen/1"), client.get("/static/klantreis.css"), client.get("/nergens")):
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "script-src" not in csp
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "Server" not in response.headers
        assert response.headers["Referrer-Policy"] == "no-referrer"
    cookies = opened.headers.get_all("Set-Cookie")
    assert any(c.startswith("vragenlijst=") and "HttpOnly" in c and "SameSite=Lax" in c for c in cookies)
    assert not any("Secure" in c for c in cookies)  # plain http on this computer only
    page = client.get("/vragen/1").text
    assert "<script" not in page and "style=" not in page
    # a post without the form's token (another site, a script) is refused and saves nothing
    forged = client.request("/vragen/1", {"K1_1": "1", "actie": "volgende"})
    assert forged.status == 403 and "verlopen" in forged.text
    with Opslag(db_path(server.study), readonly=True) as store:
        assert store.code_status(code).concept == {}
    # a body far larger than a page can be is not accepted: the server closes the connection
    try:
        huge = client.request("/vragen/1", {"open-K1": "x" * 400_000, "_xsrf": client.xsrf()}).status
    except (ConnectionError, OSError):
        huge = "verbroken"
    assert huge in (400, 413, "verbroken")
    with Opslag(db_path(server.study), readonly=True) as store:
        assert store.code_status(code).concept == {}


@pytest.fixture
def proxied(study, tmp_path):
    srv = Server(study, GEMEENTE, RONDE, free_port(), tmp_path / "server.log", ["--achter-proxy"])
    try:
        yield srv
    finally:
        srv.stop()


def test_wrong_codes_start_no_process_and_get_a_dutch_429_after_the_limit(proxied, study):
    attacker = {"X-Real-Ip": "203.0.113.7"}
    pid = proxied.process.pid
    children, threads = child_processes(pid), len(list(Path(f"/proc/{pid}/task").iterdir()))
    for i in range(WRONG_CODE_LIMIT):
        page = Client(proxied.base, attacker).get(f"/?code=AAAA-BBBB-{i:04d}")
        assert page.status == 403 and "Deze code kennen we niet" in page.text
    blocked = Client(proxied.base, attacker).get(f"/?code={new_codes(study)[0]}")  # even a good one now
    assert blocked.status == 429 and "Te veel pogingen" in blocked.text and blocked.headers["Retry-After"]
    assert '<html lang="nl">' in blocked.text
    assert child_processes(pid) == children == []
    assert len(list(Path(f"/proc/{pid}/task").iterdir())) == threads
    # another address is not affected; behind the proxy cookies are Secure
    other = Client(proxied.base, {"X-Real-Ip": "198.51.100.2"}, follow=False).get(f"/?code={new_codes(study)[0]}")
    assert other.status == 303 and "Secure" in other.headers["Set-Cookie"]


def test_a_killed_server_loses_nothing_the_respondent_saw_confirmed(study, tmp_path):
    import signal

    port = free_port()
    code = new_codes(study)[0]
    srv = Server(study, GEMEENTE, RONDE, port, tmp_path / "server.log")
    client = Client(srv.base)
    try:
        saved = answer_page_one(client, code, {"K1_3": "2"})
        assert saved.status == 200 and "Deel 2 van 8" in saved.text  # the browser moved on: saved
    finally:
        srv.stop(signal.SIGKILL)
    srv = Server(study, GEMEENTE, RONDE, port, tmp_path / "server.log")
    try:
        assert 'value="2" checked' in client.get("/vragen/1").text
    finally:
        srv.stop()


def test_built_in_tls_serves_https_with_secure_cookies(study, tmp_path):
    openssl = require_program("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    srv = Server(study, GEMEENTE, RONDE, free_port(), tmp_path / "server.log",
                 ["--certificaat", str(cert), "--sleutel", str(key)])
    try:
        assert "met HTTPS" in srv.output
        opened = Client(srv.base, follow=False).get(f"/?code={new_codes(study)[0]}")
        assert opened.status == 303
        assert "Secure" in opened.headers["Set-Cookie"] and "max-age" in opened.headers["Strict-Transport-Security"]
    finally:
        srv.stop()
