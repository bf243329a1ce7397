"""The verkenning served to respondents, as they and an attacker meet it: the real command
starts the real Voilà server on 127.0.0.1, Debian's Chromium (driven by playwright) fills in
the form, and plain HTTP and websocket clients try what a browser page should not be able to."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from klantreis.cli import main
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.study import create_study, load_study
from klantreis.verkenning.formulier import STUDY_ENV
from klantreis.verkenning.opslag import Opslag, db_path
from klantreis.verkenning.serveer import check_serve, voila_command
from klantreis.verkenning.vragenlijst import read_vragenlijst

from .verkenning_web_helpers import (Server, browser, fill_and_send, free_port, http_get, radio_group,
                                     require_browser, wait_for_form)

GEMEENTE, RONDE = "Lindewaarde", "nulmeting"
TRICKY = "<b>één</b> 😀 =cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def vragenlijst():
    return read_vragenlijst()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    study = create_study(root / "studie", gemeenten=[GEMEENTE, "Beekveen"])
    srv = Server(study, GEMEENTE, RONDE, free_port(), root / "voila.log")
    srv.study = study
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def links(server, vragenlijst):
    """Perspective code → invite link, as printed by the command."""
    by_label = server.links
    assert set(by_label) == set(vragenlijst.perspective_labels.values()), server.output
    return {code: by_label[label] for code, label in vragenlijst.perspective_labels.items()}


def responses(study):
    with Opslag(db_path(study), readonly=True) as store:
        return store.tables()


def run(coro, timeout=150):
    return asyncio.run(asyncio.wait_for(coro, timeout))


# --- what the researcher sees --------------------------------------------------------------------

def test_the_command_prints_one_invite_link_per_perspective_on_this_computer(server, links):
    assert "gemeente Lindewaarde, ronde nulmeting" in server.output
    assert "alleen op deze computer" in server.output
    for link in links.values():
        assert re.fullmatch(rf"http://127\.0\.0\.1:{server.port}/\?code=[A-Za-z0-9_-]{{20,}}", link)
    # only hashes are stored, never a code
    with Opslag(db_path(server.study), readonly=True) as store:
        stored = {row[0] for row in store.conn.execute("SELECT code_hash FROM uitnodiging")}
        assert all(store.check_invite(link.split("=", 1)[1]) for link in links.values())
    assert not any(link.split("=", 1)[1] in stored for link in links.values())
    files = b"".join(p.read_bytes() for p in db_path(server.study).parent.glob("antwoorden.sqlite*"))
    assert not any(link.split("=", 1)[1].encode() in files for link in links.values())


def test_the_demo_study_is_not_served_and_the_message_points_to_klantreis_nieuw(capsys):
    demo_db = db_path(DEMO_STUDY_DIR)
    before = demo_db.read_bytes() if demo_db.exists() else None
    assert main(["verkenning", "serveer", str(DEMO_STUDY_DIR), "--gemeente", "Lindewaarde",
                 "--ronde", "nulmeting", "--poort", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert "De demostudie kan niet geserveerd worden" in err and "klantreis nieuw" in err
    assert (demo_db.read_bytes() if demo_db.exists() else None) == before  # no invites written into the kit


def test_a_wrong_gemeente_ronde_and_busy_port_are_named_together_before_anything_starts(tmp_path):
    study = load_study(create_study(tmp_path / "studie", gemeenten=[GEMEENTE]))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(Exception) as exc:
            check_serve(study, "Amsterdam", "eindmeting", "127.0.0.1", port)
    text = str(exc.value)
    assert "Het formulier kan niet geserveerd worden (3 problemen)" in text
    assert "'Amsterdam'" in text and "'eindmeting'" in text and "nulmeting, vervolgmeting" in text
    assert "een vrije poort" in text
    assert not db_path(study.path).exists()  # no invites were made


def test_the_voila_command_serves_one_notebook_without_sources_tracebacks_or_browser(tmp_path):
    study = load_study(create_study(tmp_path / "studie", gemeenten=[GEMEENTE]))
    args, env = voila_command(study, GEMEENTE, RONDE, "127.0.0.1", 8999)
    assert args[1:3] == ["-m", "klantreis.verkenning.serveer"]  # Voilà with only the form's routes
    assert Path(args[3]).name == "formulier.ipynb" and Path(args[3]).is_file()
    for option in ("--no-browser", "--Voila.ip=127.0.0.1", "--port=8999", "--Voila.port_retries=0",
                   "--show_tracebacks=False", "--strip_sources=True", "--VoilaConfiguration.file_allowlist=[]"):
        assert option in args
    assert env[STUDY_ENV] == str(study.path.resolve())
    assert not any("?code=" in a for a in args)  # no invite code ever reaches the server process


# --- what a respondent sees ----------------------------------------------------------------------

def test_a_respondent_opens_the_link_answers_and_exactly_one_response_is_stored(server, links, vragenlijst):
    require_browser()
    before = set(responses(server.study)["respondenten"]["respons_id"])
    k1_1 = next(s for s in vragenlijst.statements if s.code == "K1_1")

    async def respondent():
        async with browser() as context:
            page = await context.new_page()
            await page.goto(links["inwoner"])
            await wait_for_form(page)
            # each radio group carries its statement as visible label, in the inwoner's wording
            assert (await radio_group(page, "K1_1").locator(".widget-label").inner_text()).strip() == k1_1.tekst.inwoner
            assert await page.get_by_role("radio", name="Weet niet / niet van toepassing").count() == len(
                vragenlijst.statements)
            assert await page.locator("input[type=radio]:checked").count() == 0  # nothing pre-selected
            await fill_and_send(page, {"K1_1": "Eens", "K1_2": "Weet niet / niet van toepassing",
                                       "K7_4": "Helemaal oneens"},
                                {"K1": TRICKY}, ["K6", "K1"], double_click=True)
            assert await page.locator(".klantreis-versturen").is_disabled()
            assert await page.get_by_text("Hartelijk dank voor het invullen!").is_visible()
            await page.wait_for_timeout(500)  # room for a (wrong) second save to land

    run(respondent())
    t = responses(server.study)
    new = t["respondenten"][~t["respondenten"]["respons_id"].isin(before)]
    assert len(new) == 1
    rid = new["respons_id"].iloc[0]
    assert new[["gemeente", "ronde", "perspectief", "bron"]].iloc[0].tolist() == [
        GEMEENTE, RONDE, "inwoner", "webformulier"]
    answers = t["antwoorden"][t["antwoorden"]["respons_id"] == rid].set_index("stelling")
    assert len(answers) == len(vragenlijst.statements)
    assert answers.loc["K1_1", "waarde"] == 4 and answers.loc["K7_4", "waarde"] == 1
    assert answers.loc["K1_2", "weet_niet"] and answers["waarde"].notna().sum() == 2
    assert t["open"][t["open"]["respons_id"] == rid]["tekst"].tolist() == [TRICKY]
    prio = t["prioriteit"][t["prioriteit"]["respons_id"] == rid].sort_values("rang")
    assert prio["uitgangspunt"].tolist() == ["K6", "K1"]


def test_without_a_valid_code_the_page_shows_a_refusal_and_no_form(server, links, vragenlijst):
    require_browser()
    valid = links["beleid"].split("=", 1)[1]
    with Opslag(db_path(server.study)) as store:
        other_gemeente = store.create_invite("Beekveen", RONDE, "beleid")
    visits = ["/", "/?code=fout", f"/?code={valid[:-2]}", f"/?code={other_gemeente}",
              "/?gemeente=Lindewaarde&ronde=nulmeting&perspectief=inwoner"]
    statement_texts = [s.tekst.standaard for s in vragenlijst.statements] + [
        s.text_for("beleid") for s in vragenlijst.statements]

    async def visitor():
        async with browser() as context:
            page = await context.new_page()
            for path in visits:
                await page.goto(server.base + path)
                await page.get_by_text("Deze vragenlijst is niet beschikbaar").wait_for()
                assert await page.locator("input").count() == 0, path
                assert await page.locator(".klantreis-formulier").count() == 0, path
                content = await page.content()
                assert not any(text in content for text in statement_texts), path

    before = len(responses(server.study)["respondenten"])
    run(visitor())
    assert len(responses(server.study)["respondenten"]) == before


def test_five_respondents_at_the_same_time_are_all_stored(server, links, vragenlijst):
    require_browser()
    perspectives = ["inwoner", "uitvoerder", "beleid", "ketenpartner", "inwoner"]
    before = set(responses(server.study)["respondenten"]["respons_id"])

    async def respondent(context, i, perspectief):
        page = await context.new_page()
        await page.goto(links[perspectief])
        await wait_for_form(page)
        # a new visitor sees nothing of the respondents before: no answer chosen, no text
        assert await page.locator("input:checked").count() == 0
        assert all(v == "" for v in await page.locator("textarea").evaluate_all("els => els.map(e => e.value)"))
        await fill_and_send(page, {"K2_1": vragenlijst.schaal.labels[1 + i]}, {"K3": f"Sessie {i}"},
                            ["K7"])

    async def together():
        async with browser() as context:
            await asyncio.gather(*(respondent(context, i, p) for i, p in enumerate(perspectives)))

    run(together())
    t = responses(server.study)
    new = t["respondenten"][~t["respondenten"]["respons_id"].isin(before)]
    assert sorted(new["perspectief"]) == sorted(perspectives)
    texts = t["open"][t["open"]["respons_id"].isin(new["respons_id"])]["tekst"]
    assert sorted(texts) == [f"Sessie {i}" for i in range(5)]


# --- what a page or a curious visitor must not reach -----------------------------------------------

def test_only_the_form_is_served_no_files_notebooks_or_apis(server):
    db = db_path(server.study).resolve()
    assert db.exists()
    up = "..%2f" * 25
    paths = [
        "/tree", "/voila/tree", "/api/contents", "/api/contents/formulier.ipynb", "/voila/api/contents/",
        "/api/kernels", "/api/sessions", "/api/kernelspecs", "/files/formulier.ipynb", "/formulier.ipynb",
        "/opslag.py", "/voila/render/formulier.ipynb", "/voila/files/formulier.ipynb", "/voila/files/opslag.py",
        "/voila/files/__pycache__/", "/login", "/logout", "/notebooks/formulier.ipynb", "/lab",
        f"/voila/files/{up}{quote(str(db)[1:])}", f"/voila/files/..%2f..%2f{quote(db.name)}",
        f"/voila/static/{up}{quote(str(db)[1:])}", f"/voila/static/{up}etc%2fpasswd",
        f"/voila/templates/lab/static/{up}{quote(str(db)[1:])}", f"/voila/labextensions/{up}{quote(str(db)[1:])}",
        f"/voila/api/themes/{up}{quote(str(db)[1:])}", "/voila/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        f"/{quote(str(db))}", f"/voila/files/{quote(str(db))}",
    ]
    database = db.read_bytes()[:16]
    assert database == b"SQLite format 3\x00"
    for path in paths:
        status, body = http_get(server.base + path)
        assert status in (403, 404), (path, status)
        assert b"SQLite format 3" not in body and b'"cells"' not in body and b"def " not in body, path
        assert b"root:" not in body, path
    # the assets the page needs are still there
    assert http_get(server.base + "/voila/templates/lab/static/voila.js")[0] == 200


def test_a_page_cannot_make_the_kernel_run_code(server, links, tmp_path):
    import websocket

    status, html = http_get(links["uitvoerder"], timeout=60)
    assert status == 200
    kernel_id = re.search(rb'"kernelId": "([0-9a-f-]{36})"', html).group(1).decode()
    marker = tmp_path / "uitgevoerd.txt"
    session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={session}", timeout=20)

    def send(msg_type, content):
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "username": "bezoeker", "session": session,
                                       "msg_type": msg_type, "version": "5.3"},
                            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
                            "buffers": []}))
        return msg_id

    def replies_until(msg_id, deadline=20):
        seen = []
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            msg = json.loads(ws.recv())
            seen.append(msg)
            if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"].endswith("_reply"):
                return seen
        raise AssertionError("geen antwoord van de kernel")

    try:
        # the channel is open and the kernel answers what a widget page may ask
        first = replies_until(send("comm_info_request", {}))
        assert first[-1]["msg_type"] == "comm_info_reply"
        code = f"open({str(marker)!r}, 'w').write('uitgevoerd')"
        execute = send("execute_request", {"code": code, "silent": False, "store_history": False,
                                           "user_expressions": {}, "allow_stdin": False})
        seen = replies_until(send("comm_info_request", {}))
    finally:
        ws.close()
    time.sleep(1)
    assert not marker.exists()
    assert not any(m.get("parent_header", {}).get("msg_id") == execute for m in seen)
