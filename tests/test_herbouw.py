"""A draft rebuild after changing only the researchers' texts (`report.herbouw`, issue 13): it
writes the same document a full build writes, loads neither the study nor the de-identifier when
nothing new has to be redacted, builds in full whenever anything else changed (data, headings in
the contents, abbreviations), and keeps no text that was not redacted."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

import klantreis.report.compose as compose
import klantreis.study as study_module
from klantreis import __version__, redactie
from klantreis.cache import FOLDER
from klantreis.cli import main
from klantreis.report.compose import build_report
from klantreis.study import load_study

REPORT = "rapport_klantreizen.docx"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The demo copied and built once as a draft (`--concept`), which records it."""
    from klantreis.resources import DEMO_STUDY_DIR

    root = tmp_path_factory.mktemp("herbouw") / "studie"
    shutil.copytree(DEMO_STUDY_DIR, root, ignore=shutil.ignore_patterns("uitvoer"))
    assert main(["rapport", str(root), "--concept"]) == 0
    return root


@pytest.fixture
def study(drafted, tmp_path):
    """A copy of the drafted study with its output folder and cache (a new path: the record
    does not depend on where the study lies)."""
    target = tmp_path / "studie"
    shutil.copytree(drafted, target)
    return target


@pytest.fixture
def full_builds(monkeypatch):
    """Counts the full builds `klantreis rapport` starts (and still lets them run)."""
    calls = []
    real = compose.build_report

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(compose, "build_report", counted)
    return calls


def _body(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as z:
        return etree.tostring(etree.fromstring(z.read("word/document.xml")), method="c14n")


def _append(study: Path, slot: str, text: str) -> None:
    path = study / "teksten" / f"{slot}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")


def _draft(study: Path) -> Path:
    assert main(["rapport", str(study), "--concept"]) == 0
    return study / "uitvoer" / REPORT


def test_a_changed_sentence_gives_the_document_of_a_full_build(study, full_builds, tmp_path, monkeypatch):
    _append(study, "conclusies", "Gisteren sprak ik Karel Vermeulen (06-12345678) over de wachttijd bij het wijkteam.")
    # the redaction needs the removal list from studie.yaml, not the whole study
    monkeypatch.setattr(study_module, "load_study", lambda *a, **k: pytest.fail("the study was loaded"))
    quick = _draft(study)
    assert full_builds == []  # only the text was put in again
    full = build_report(load_study(study), tmp_path / "vol" / REPORT, cache=False)
    assert _body(quick) == _body(full)
    with zipfile.ZipFile(quick) as a, zipfile.ZipFile(full) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert all(a.read(n) == b.read(n) for n in a.namelist() if n not in ("word/document.xml", "docProps/core.xml"))
    xml = _body(quick).decode("utf-8")
    assert "Gisteren sprak ik [naam] ([telefoonnummer]) over de wachttijd" in xml
    # nothing the build keeps holds the name or the number
    for path in (study / "uitvoer").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"Vermeulen" not in data and b"12345678" not in data, path


def test_an_unchanged_rebuild_loads_neither_the_study_nor_the_deidentifier(study, full_builds, monkeypatch):
    before = _body(study / "uitvoer" / REPORT)
    monkeypatch.setattr(study_module, "load_study", lambda *a, **k: pytest.fail("the study was loaded"))
    monkeypatch.setattr(redactie, "deduce_model", lambda: pytest.fail("deduce was loaded"))
    report = _draft(study)
    assert full_builds == []
    assert _body(report) == before


def test_a_sentence_redacted_before_needs_no_deidentifier(study, full_builds, monkeypatch):
    """Writing a sentence, removing it and writing it again: the second time the redaction comes
    from the cache and neither the study nor deduce is loaded."""
    path = study / "teksten" / "samenvatting.md"
    original = path.read_text(encoding="utf-8")
    _append(study, "samenvatting", "Een zin die terugkomt.")
    _draft(study)
    path.write_text(original, encoding="utf-8")
    _draft(study)
    monkeypatch.setattr(study_module, "load_study", lambda *a, **k: pytest.fail("the study was loaded"))
    monkeypatch.setattr(redactie, "deduce_model", lambda: pytest.fail("deduce was loaded"))
    _append(study, "samenvatting", "Een zin die terugkomt.")
    report = _draft(study)
    assert full_builds == []
    assert "Een zin die terugkomt." in _body(report).decode("utf-8")


def _change_score(study: Path) -> None:
    path = study / "interviews" / "R01.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    step = next(s for s in data["stappen"] if s.get("score") is not None)
    step["score"] = 2 if step["score"] != 2 else -2
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("change", ["score", "kopje", "afkorting", "datum", "beschadigd", "onvolledig"])
def test_anything_but_a_text_builds_in_full(study, full_builds, monkeypatch, change, capsys):
    """A changed interview, a new heading in the contents, a new abbreviation (the glossary and
    the build's warning), another day (the title page's date), a damaged and an incomplete record."""
    if change == "score":
        _change_score(study)
    elif change == "kopje":
        _append(study, "samenvatting", "# Een nieuw kopje\n\nMet tekst eronder.")
    elif change == "afkorting":
        _append(study, "conclusies", "Het QZXW-overleg besprak dit.")
    elif change == "datum":
        import datetime as dt

        class Tomorrow(dt.date):
            @classmethod
            def today(cls):
                return dt.date(2099, 1, 1)

        monkeypatch.setattr("klantreis.report.herbouw.dt.date", Tomorrow)
    elif change == "beschadigd":
        folder = next((study / "uitvoer" / FOLDER / __version__).glob("rapport-*"))
        skeleton = folder / "skelet.xml"
        skeleton.write_bytes(skeleton.read_bytes()[:-200])
    else:  # a record with a part missing (written by other code): never a traceback
        record = next((study / "uitvoer" / FOLDER / __version__).glob("rapport-*")) / "plekken.json"
        state = json.loads(record.read_text(encoding="utf-8"))
        del state["redactie"]
        record.write_text(json.dumps(state), encoding="utf-8")
    if change == "datum":  # the fingerprint alone: a full build would take the real date again
        from klantreis.report.herbouw import inputs_fingerprint, rebuild

        target = study / "uitvoer" / REPORT
        assert rebuild(study, target, inputs_fingerprint(study, target.parent, "rapport")) is None
        return
    _draft(study)
    assert len(full_builds) == 1
    if change == "afkorting":
        assert "QZXW" in capsys.readouterr().err


def test_the_record_keeps_only_redacted_text(study):
    """The record holds the report's own (redacted) paragraphs; the original texts only as hashes."""
    folder = next((study / "uitvoer" / FOLDER / __version__).glob("rapport-*"))
    state = json.loads((folder / "plekken.json").read_text(encoding="utf-8"))
    assert {p["pad"] for p in state["plekken"]} >= {"samenvatting", "conclusies", "aanbevelingen"}
    raw = (study / "teksten" / "samenvatting.md").read_text(encoding="utf-8")
    assert raw not in json.dumps(state, ensure_ascii=False)
    assert all(len(p["tekst"]) == 64 for p in state["plekken"])  # sha256, not the text


def test_the_privacy_scan_reads_the_kept_draft_and_would_see_a_leak(study):
    from klantreis.privacyscan import scan_folder

    redactor = load_study(study).redactor
    cache = study / "uitvoer" / FOLDER
    assert scan_folder(cache, redactor) == []  # the draft holds only the report's redacted text
    skeleton = next(cache.glob(f"{__version__}/rapport-*/skelet.xml"))
    xml = skeleton.read_text(encoding="utf-8")
    marker = "<w:t>Samenvatting</w:t>"
    assert marker in xml
    skeleton.write_text(xml.replace(marker, "<w:t>Samenvatting, bel 06-12345678</w:t>", 1), encoding="utf-8")
    found = scan_folder(cache, redactor)
    assert [m.soort for m in found] == ["telefoonnummer"] and "skelet.xml" in found[0].bestand, found
