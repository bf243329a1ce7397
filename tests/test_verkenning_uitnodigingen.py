"""Personal invitations for the verkenning, as a municipality sends them: `klantreis verkenning
uitnodigingen` makes single-use codes, a list for a mail merge and one printable letter per code
with the link, the code and a QR code; the store keeps only hashes. The codes themselves as the
store knows them: one opens its own measurement, resumes, and is spent in one transaction."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from klantreis.errors import KlantreisFout
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.study import create_study, load_study
from klantreis.verkenning.opslag import CODE_ALPHABET, Opslag, db_path, normalise_code
from klantreis.verkenning.web.uitnodigingen import make_invitations, qr_png

from .helpers import require_program

GEMEENTE, RONDE = "Lindewaarde", "nulmeting"
ADRES = "https://zelfscan.lindewaarde.nl"


@pytest.fixture
def study(tmp_path):
    return load_study(create_study(tmp_path / "studie", gemeenten=[GEMEENTE, "Beekveen"]))


def test_three_hundred_letters_each_with_its_own_code_link_and_qr_code(tmp_path):
    root = create_study(tmp_path / "studie", gemeenten=[GEMEENTE])
    result = subprocess.run([sys.executable, "-m", "klantreis.cli", "verkenning", "uitnodigingen", str(root),
                             "--gemeente", GEMEENTE, "--ronde", RONDE, "--perspectief", "inwoner", "--aantal", "300",
                             "--adres", ADRES + "/"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "300 persoonlijke codes gemaakt" in result.stdout
    lijst = next((root / "uitvoer").glob("uitnodigingen_Lindewaarde_nulmeting_inwoner_*.xlsx"))
    brieven = lijst.with_suffix(".docx")
    rows = list(load_workbook(lijst)["Uitnodigingen"].iter_rows(values_only=True))
    assert rows[0] == ("volgnummer", "gemeente", "ronde", "perspectief", "code", "link")
    codes = [r[4] for r in rows[1:]]
    assert len(codes) == len(set(codes)) == 300
    assert all(re.fullmatch(rf"[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{2}}", c) for c in codes)
    assert [r[5] for r in rows[1:]] == [f"{ADRES}/?code={c}" for c in codes]
    # one letter per page: 300 headings, 299 page breaks, each with its code and the QR code of its link
    doc = Document(str(brieven))
    assert sum(p.style.name == "Heading 1" for p in doc.paragraphs) == 300
    assert doc.element.body.xml.count('w:type="page"') == 299
    text = "\n".join(p.text for p in doc.paragraphs)
    assert all(text.count(c) == 1 for c in codes[:20] + codes[-5:]) and text.count(ADRES) == 300
    with zipfile.ZipFile(brieven) as z:
        images = [z.read(n) for n in sorted(z.namelist(), key=lambda n: int(re.sub(r"\D", "", n) or 0))
                  if n.startswith("word/media/")]
    assert set(images[:3]) <= {qr_png(f"{ADRES}/?code={c}") for c in codes}
    assert len(set(images)) == 300
    assert doc.element.body.xml.count('descr="QR-code') == 300  # alt text on every QR code
    # the store has 300 codes for this measurement, none of them in plain text
    with Opslag(db_path(root), readonly=True) as store:
        assert store.code_counts(GEMEENTE, RONDE) == {"inwoner": (300, 0)}
        assert all(store.code_status(c).perspectief == "inwoner" for c in codes[:10])
    files = b"".join(p.read_bytes() for p in db_path(root).parent.glob("antwoorden.sqlite*"))
    assert not any(c.encode() in files or c.replace("-", "").encode() in files for c in codes)


def test_the_letters_open_in_libreoffice(study, tmp_path):
    soffice = require_program("soffice")
    made = make_invitations(study, GEMEENTE, RONDE, "ketenpartner", 3, ADRES)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(made.brieven)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / made.brieven.name).with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 3


def test_every_problem_with_the_request_is_named_at_once_and_nothing_is_made(study):
    with pytest.raises(KlantreisFout) as exc:
        make_invitations(study, "Amsterdam", "eindmeting", "wethouder", 0, "http://zelfscan.lindewaarde.nl")
    text = exc.value.tekst()
    assert "(5 problemen)" in text
    for found in ("'Amsterdam'", "'eindmeting'", "'wethouder'", "--aantal", "https://"):
        assert found in text
    assert not db_path(study.path).exists() and not list(study.output_dir.glob("uitnodigingen_*"))


def test_no_invitations_are_made_in_the_demo_study():
    with pytest.raises(KlantreisFout) as exc:
        make_invitations(load_study(None), GEMEENTE, RONDE, "inwoner", 1, ADRES)
    assert "klantreis nieuw" in exc.value.tekst()
    assert DEMO_STUDY_DIR.exists()


def test_a_second_batch_never_overwrites_the_first(study):
    first = make_invitations(study, GEMEENTE, RONDE, "inwoner", 2, ADRES)
    first_bytes = first.lijst.read_bytes()
    time.sleep(1.1)  # the file name holds the second it was made
    second = make_invitations(study, GEMEENTE, RONDE, "inwoner", 2, ADRES)
    assert second.lijst != first.lijst and first.lijst.read_bytes() == first_bytes
    assert not set(first.codes) & set(second.codes)


# --- the codes in the store ------------------------------------------------------------------------

def test_a_code_is_read_as_typed_from_paper(study):
    with Opslag(study.verkenning_db) as store:
        code = store.create_codes(GEMEENTE, RONDE, "inwoner", 1)[0]
        for typed in (code, code.lower(), code.replace("-", " "), f" {code.replace('-', '')} "):
            assert store.code_status(typed.strip()) is not None, typed
        assert store.code_status(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    assert normalise_code("0O1I-LLLL-AAAA") is None and normalise_code("x" * 500) is None


def test_a_draft_is_saved_per_page_and_the_submit_spends_the_code_once(study):
    with Opslag(study.verkenning_db) as store:
        code = store.create_codes(GEMEENTE, RONDE, "beleid", 1)[0]
        assert store.save_page(code, 1, {"antwoorden": {"K1_1": 4, "K1_2": None}, "open": {"K1": "Sneller."}})
        assert store.save_page(code, 2, {"antwoorden": {"K2_1": "WN"}, "open": {"K2": ""}})
        status = store.code_status(code)
        assert status.pagina == 2 and status.concept["antwoorden"] == {"K1_1": 4, "K1_2": None, "K2_1": "WN"}
        assert store.submit(code, {"prioriteit": ["K2"]}, "webformulier") == "opgeslagen"
        assert store.submit(code, {"prioriteit": ["K3"]}, "webformulier") == "al verstuurd"
        assert not store.save_page(code, 1, {"antwoorden": {"K1_1": 1}})
        assert store.submit("AAAA-AAAA-AAAA", {}, "webformulier") == "onbekend"
        t = store.tables()
        assert store.conn.execute("SELECT COUNT(*) FROM concept").fetchone()[0] == 0
    assert len(t["respondenten"]) == 1 and t["respondenten"]["perspectief"].tolist() == ["beleid"]
    assert t["prioriteit"]["uitgangspunt"].tolist() == ["K2"]
    assert sorted(t["antwoorden"]["stelling"]) == ["K1_1", "K1_2", "K2_1"]  # K3..K7 were never shown
