"""The verkenning ipywidgets form as staff use it in JupyterLab to enter a paper questionnaire,
without a browser: widgets are set and the button is clicked exactly as the page would, and the
answers land in the study's real SQLite store. Concurrency and crash tests use separate processes on the same file."""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import os
import random
import signal
import sqlite3
import time

import pandas as pd
import pytest

from klantreis.study import create_study
from klantreis.verkenning.formulier import VerkenningForm
from klantreis.verkenning.opslag import Opslag, db_path, new_response_id
from klantreis.verkenning.vragenlijst import WEET_NIET, read_vragenlijst

GEMEENTE, RONDE = "Lindewaarde", "nulmeting"
WAIT = 60  # seconds any child process may take; the tests never hang longer


@pytest.fixture
def studie(tmp_path):
    path = create_study(tmp_path / "studie", gemeenten=[GEMEENTE, "Beekveen"])
    with Opslag(db_path(path)):  # `klantreis verkenning serveer` creates the store before anyone answers
        pass
    return path


@pytest.fixture(scope="module")
def vragenlijst():
    return read_vragenlijst()


def open_form(vl, studie, perspectief="inwoner"):
    return VerkenningForm(vl, db_path(studie), GEMEENTE, RONDE, perspectief)


def stored(studie):
    with Opslag(db_path(studie), readonly=True) as store:
        return store.tables()


def fill_in(form, seed):
    """Answer like a respondent: most statements on the scale, some 'weet niet', some skipped."""
    rng = random.Random(seed)
    for radio in form.answers.values():
        radio.value = rng.choice([1, 2, 3, 4, 5, 5, 4, WEET_NIET, None])
    form.open_answers["K6"].value = f"Respondent {seed}: één loket graag."
    for code in rng.sample(sorted(form.priorities), 3):
        form.priorities[code].value = True


def test_a_submitted_form_is_one_stored_response_and_a_second_click_adds_nothing(vragenlijst, studie):
    form = open_form(vragenlijst, studie)
    form.answers["K1_1"].value = 4
    form.answers["K2_1"].value = 1
    form.open_answers["K1"].value = "Ik moest mijn verhaal drie keer doen."
    form.priorities["K6"].value = True
    form.priorities["K2"].value = True

    form.submit_button.click()
    form.submit_button.click()  # a double click, or an impatient second one

    t = stored(studie)
    assert len(t["respondenten"]) == 1
    row = t["respondenten"].iloc[0]
    assert (row.respons_id, row.gemeente, row.ronde, row.perspectief, row.bron) == (
        form.response_id, GEMEENTE, RONDE, "inwoner", "webformulier")
    answers = t["antwoorden"].set_index("stelling")
    assert answers.loc["K1_1", "waarde"] == 4 and answers.loc["K2_1", "waarde"] == 1
    assert t["open"].set_index("uitgangspunt").loc["K1", "tekst"] == "Ik moest mijn verhaal drie keer doen."
    # ticked K6 first, then K2: that order is the rank
    assert t["prioriteit"].sort_values("rang")["uitgangspunt"].tolist() == ["K6", "K2"]
    assert form.submit_button.disabled and form.stored
    assert all(r.disabled for r in form.answers.values())
    assert "Uw antwoorden zijn verstuurd" in form.message.value
    assert "Hartelijk dank voor het invullen" in form.message.value


def test_weet_niet_is_stored_as_weet_niet_and_a_skipped_statement_as_empty(vragenlijst, studie):
    form = open_form(vragenlijst, studie)
    form.answers["K3_1"].value = WEET_NIET
    form.answers["K3_2"].value = 5
    form.submit_button.click()

    answers = stored(studie)["antwoorden"].set_index("stelling")
    assert len(answers) == len(vragenlijst.statements)  # every statement was shown
    assert answers.loc["K3_1", "weet_niet"] and pd.isna(answers.loc["K3_1", "waarde"])
    assert not answers.loc["K3_2", "weet_niet"] and answers.loc["K3_2", "waarde"] == 5
    skipped = answers.drop(index=["K3_1", "K3_2"])
    assert skipped["waarde"].isna().all() and not skipped["weet_niet"].any()


def test_no_answer_is_selected_when_the_form_opens(vragenlijst, studie):
    form = open_form(vragenlijst, studie)
    assert all(r.value is None for r in form.answers.values())
    assert all(not c.value for c in form.priorities.values())
    first = form.answers["K1_1"]
    assert [label for label, _ in first.options] == [
        "Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens", "Weet niet / niet van toepassing"]


def test_too_many_priorities_gives_a_dutch_message_and_stores_nothing(vragenlijst, studie):
    form = open_form(vragenlijst, studie)
    form.answers["K1_1"].value = 3
    for code in ("K1", "K2", "K3", "K4"):
        form.priorities[code].value = True

    form.submit_button.click()

    assert "Kies bij de laatste vraag hoogstens 3 uitgangspunten" in form.message.value
    assert "nu 4 aangevinkt" in form.message.value and "nog niet verstuurd" in form.message.value
    assert stored(studie)["respondenten"].empty
    assert not form.submit_button.disabled  # the respondent can fix it and send again

    form.priorities["K2"].value = False
    form.submit_button.click()
    t = stored(studie)
    assert t["respondenten"]["respons_id"].tolist() == [form.response_id]
    assert t["prioriteit"].sort_values("rang")["uitgangspunt"].tolist() == ["K1", "K3", "K4"]


def test_each_perspective_reads_its_own_wording_with_a_visible_label_per_question(vragenlijst, studie):
    uitvoerder = open_form(vragenlijst, studie, "uitvoerder")
    inwoner = open_form(vragenlijst, studie, "inwoner")
    k1_1 = next(s for s in vragenlijst.statements if s.code == "K1_1")
    assert uitvoerder.answers["K1_1"].description == k1_1.tekst.uitvoerder
    assert inwoner.answers["K1_1"].description == k1_1.tekst.inwoner
    assert all(r.description.strip() for r in inwoner.answers.values())
    assert all(t.description.strip() for t in inwoner.open_answers.values())
    assert "Uitvoerder (medewerker toegang of wijkteam)" in uitvoerder.widget.children[0].value


def test_markup_in_an_open_answer_is_stored_as_typed_and_never_shown_back_as_html(vragenlijst, studie):
    text = "<b>één</b> 😀 =cmd|' /C calc'!A0 <script>alert(1)</script>"
    form = open_form(vragenlijst, studie)
    form.open_answers["K5"].value = text
    form.submit_button.click()
    assert stored(studie)["open"]["tekst"].tolist() == [text]
    assert "<script>" not in form.message.value and "<b>één" not in form.message.value


def test_a_store_that_cannot_be_written_gives_a_dutch_message_and_the_same_form_can_retry(vragenlijst, tmp_path):
    blocked = tmp_path / "geen-map"
    blocked.write_text("een bestand waar een map hoort")
    form = VerkenningForm(vragenlijst, blocked / "verkenning" / "antwoorden.sqlite", GEMEENTE, RONDE, "beleid")
    form.answers["K1_1"].value = 2
    form.submit_button.click()
    assert "konden niet worden opgeslagen" in form.message.value
    assert not form.stored and not form.submit_button.disabled

    blocked.unlink()
    form.submit_button.click()
    assert form.stored
    with Opslag(blocked / "verkenning" / "antwoorden.sqlite", readonly=True) as store:
        assert store.count() == 1


# --- many respondents at once, and a crash ------------------------------------------------------

def _respondent(path, seed, start, results):
    """One respondent in a process of its own: fill in, wait for the others, send, retry."""
    try:
        vl = read_vragenlijst()
        form = VerkenningForm(vl, path, GEMEENTE, RONDE, ["inwoner", "uitvoerder", "beleid", "ketenpartner"][seed % 4])
        fill_in(form, seed)
        start.wait(timeout=WAIT)
        form.submit_button.click()
        with Opslag(path) as store:  # the same submission arriving a second time
            again = store.save(form.response())
        results.put((form.response_id, form.stored, again, form.message.value))
    except BaseException as exc:  # noqa: BLE001 - reported to the test, not lost in a child
        results.put(("fout", False, -1, repr(exc)))


def test_thirty_respondents_sending_at_the_same_moment_are_all_stored_once(vragenlijst, studie):
    ctx = mp.get_context("fork")
    n = 30
    start, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_respondent, args=(db_path(studie), seed, start, results)) for seed in range(n)]
    for p in procs:
        p.start()
    try:
        reports = [results.get(timeout=WAIT) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=WAIT)
            if p.is_alive():
                p.kill()
    assert [r for r in reports if r[0] == "fout" or not r[1]] == []
    assert all(again == 0 for _, _, again, _ in reports)  # the retry stored nothing
    t = stored(studie)
    assert len(t["respondenten"]) == n
    assert set(t["respondenten"]["respons_id"]) == {r[0] for r in reports}
    assert len(t["antwoorden"]) == n * len(vragenlijst.statements)
    assert (t["prioriteit"].groupby("respons_id").size() == 3).all()


def _server_that_gets_killed(path, pipe):
    """A kernel process: one response sent and confirmed, then a large save that never finishes."""
    vl = read_vragenlijst()
    for seed in range(3):
        form = VerkenningForm(vl, path, GEMEENTE, RONDE, "inwoner")
        fill_in(form, seed)
        form.submit_button.click()
        pipe.send(("bevestigd", form.response_id, form.stored))
    form = VerkenningForm(vl, path, GEMEENTE, RONDE, "uitvoerder")
    fill_in(form, 100)
    # an import-sized save takes long enough to be caught halfway
    batch = [dataclasses.replace(form.response(), id=new_response_id()) for _ in range(400)]
    with Opslag(path) as store:
        pipe.send(("begin", len(batch), None))
        store.save(batch)
        pipe.send(("klaar", len(batch), None))
    time.sleep(WAIT)


def test_a_server_killed_during_a_save_keeps_every_confirmed_response(vragenlijst, studie):
    ctx = mp.get_context("fork")
    ours, theirs = ctx.Pipe()
    proc = ctx.Process(target=_server_that_gets_killed, args=(db_path(studie), theirs))
    proc.start()
    confirmed = []
    try:
        while True:
            assert ours.poll(WAIT), "het kindproces meldt zich niet"
            kind, value, ok = ours.recv()
            if kind == "bevestigd":
                assert ok
                confirmed.append(value)
            elif kind == "begin":
                time.sleep(0.005)
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.join(timeout=WAIT)
        if proc.is_alive():
            proc.kill()
    assert proc.exitcode == -signal.SIGKILL

    con = sqlite3.connect(db_path(studie))
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()
    t = stored(studie)
    ids = set(t["respondenten"]["respons_id"])
    assert set(confirmed) <= ids
    # the unconfirmed batch is there completely or not at all, never half
    assert len(ids) in (len(confirmed), len(confirmed) + 400)
    per_response = t["antwoorden"].groupby("respons_id").size()
    assert (per_response == len(vragenlijst.statements)).all()
    # and the store takes new responses after the crash
    form = open_form(vragenlijst, studie)
    form.submit_button.click()
    assert form.stored and stored(studie)["respondenten"]["respons_id"].isin([form.response_id]).any()


def test_in_jupyterlab_the_form_uses_the_studys_lists_and_never_writes_into_the_demo(demo, tmp_path):
    from klantreis.errors import KlantreisFout
    from klantreis.study import load_study

    with pytest.raises(KlantreisFout, match="klantreis nieuw"):
        VerkenningForm.for_study(demo, "Lindewaarde", RONDE, "inwoner")

    study = load_study(create_study(tmp_path / "studie", gemeenten=[GEMEENTE]))
    with pytest.raises(KlantreisFout) as wrong:
        VerkenningForm.for_study(study, "Amsterdam", "eindmeting", "inwoner")
    assert "(2 problemen)" in str(wrong.value) and "'Amsterdam'" in str(wrong.value)
    form = VerkenningForm.for_study(study, GEMEENTE, "vervolgmeting", "beleid")
    form.answers["K4_1"].value = 5
    form.submit_button.click()
    row = stored(study.path)["respondenten"].iloc[0]
    assert (row.gemeente, row.ronde, row.perspectief, row.bron) == (GEMEENTE, "vervolgmeting", "beleid",
                                                                    "notebookformulier")
