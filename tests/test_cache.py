"""The build cache (issue 13): a rebuild redraws only the figures whose data changed, needs no
de-identifier when no text changed, gives the same document as a build without cache, and the
cache never holds text that was not redacted."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest
import yaml

from klantreis import __version__, redactie
from klantreis.cache import FOLDER
from klantreis.privacyscan import scan_folder
from klantreis.report.compose import build_report
from klantreis.study import load_study


def _figures(output: Path) -> dict[str, float]:
    """Cached figure files → their modification time."""
    folder = output / FOLDER / __version__ / "figuren"
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.png")}


def _images(docx: Path) -> list[str]:
    """Hashes of the pictures in a Word file, in document order of their names."""
    with zipfile.ZipFile(docx) as z:
        return sorted(hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if n.startswith("word/media/"))


def _change_score(study_path: Path, respondent: str) -> None:
    path = study_path / "interviews" / f"{respondent}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    step = next(s for s in data["stappen"] if s.get("score") is not None)
    step["score"] = 2 if step["score"] != 2 else -2
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _add_sentence(study_path: Path, sentence: str) -> None:
    path = study_path / "teksten" / "conclusies.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo copied, built once with the cache (the first build fills it)."""
    import shutil

    from klantreis.resources import DEMO_STUDY_DIR

    root = tmp_path_factory.mktemp("cache")
    study_path = root / "studie"
    shutil.copytree(DEMO_STUDY_DIR, study_path, ignore=shutil.ignore_patterns("uitvoer"))
    output = root / "uit"
    first = build_report(load_study(study_path), output / "rapport.docx")
    return study_path, output, first


def test_the_first_build_fills_the_cache_and_a_build_without_it_gives_the_same_pictures(built, tmp_path):
    study_path, output, first = built
    figures = _figures(output)
    images = _images(first)
    assert len(figures) >= 20, figures  # the demo report has some thirty figures
    # every picture of the report comes from the cache, and drawing anew gives the same bytes
    without = build_report(load_study(study_path), tmp_path / "rapport.docx", cache=False)
    assert _images(without) == images
    assert not (tmp_path / FOLDER).exists()


def test_a_changed_sentence_redraws_nothing_and_a_changed_score_redraws_its_figures(built, tmp_path):
    study_path, output, _ = built
    before = _figures(output)
    _add_sentence(study_path, "Een zin die de onderzoekers later toevoegden.")
    build_report(load_study(study_path), output / "rapport.docx")
    assert _figures(output) == before  # no figure drawn, none rewritten

    _change_score(study_path, "R01")
    again = build_report(load_study(study_path), output / "rapport.docx")
    after = _figures(output)
    new = set(after) - set(before)
    # R01's own curve, the curve of its gemeente and the total at least; not the other thirty
    assert 3 <= len(new) <= 8, len(new)
    assert all(after[name] == before[name] for name in before)  # the others were not redrawn
    # and the cached figures are those a fresh build draws
    fresh = build_report(load_study(study_path), tmp_path / "rapport.docx", cache=False)
    assert _images(again) == _images(fresh)


def test_a_rebuild_without_new_text_never_loads_the_deidentifier(built, monkeypatch):
    study_path, output, _ = built
    build_report(load_study(study_path), output / "rapport.docx")  # every text of this state cached
    asked: list[str] = []

    def refuse(text):
        asked.append(text)
        raise AssertionError("deduce was asked about a text that is in the cache")

    monkeypatch.setattr(redactie, "_deduce_finds", refuse)
    monkeypatch.setattr(redactie, "deduce_model", lambda: pytest.fail("deduce was loaded"))
    build_report(load_study(study_path), output / "rapport.docx")
    assert asked == []


def test_a_new_sentence_is_redacted_beside_the_build_not_in_it(built, monkeypatch):
    """The changed text goes to the de-identifier in another process (Redactor.redact_ahead):
    this process never loads it, and the name in the new sentence is still gone."""
    study_path, output, _ = built
    build_report(load_study(study_path), output / "rapport.docx")
    monkeypatch.setattr(redactie, "_deduce_finds", lambda text: pytest.fail(f"deduce asked here: {text}"))
    monkeypatch.setattr(redactie, "deduce_model", lambda: pytest.fail("deduce loaded in this process"))
    _add_sentence(study_path, "Gisteren sprak ik Karel Vermeulen over de wachttijd bij het wijkteam.")
    report = build_report(load_study(study_path), output / "rapport.docx")
    with zipfile.ZipFile(report) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Gisteren sprak ik [naam] over de wachttijd bij het wijkteam." in xml
    assert "Vermeulen" not in xml


def test_the_cache_holds_only_redacted_text(tmp_path, demo_copy, capsys):
    seeded = {"bsn": "123456782", "telefoon": "06-12345678", "naam": "Pieter Jansen"}
    data = yaml.safe_load((demo_copy / "studie.yaml").read_text(encoding="utf-8"))
    data["privacy"]["te_verwijderen"].append("Pieter Jansen")
    (demo_copy / "studie.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _add_sentence(demo_copy, f"Pieter Jansen (BSN {seeded['bsn']}) belde vanaf {seeded['telefoon']}.")
    study = load_study(demo_copy)
    build_report(study, tmp_path / "rapport.docx")
    db = tmp_path / FOLDER / __version__ / "redactie.sqlite"
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT sleutel, tekst FROM redactie").fetchall()
    assert rows
    stored = "\n".join(text for _, text in rows)
    assert "[naam] (BSN [bsn]) belde vanaf [telefoonnummer]." in stored
    for value in seeded.values():
        assert value not in stored
        assert all(value not in key for key, _ in rows)
    assert all(len(key) == 64 and int(key, 16) >= 0 for key, _ in rows)  # keys are hashes, not texts
    # `klantreis privacy` reads the cache too, and finds nothing in it
    assert scan_folder(tmp_path / FOLDER, study.redactor) == []


def test_the_privacy_scan_reads_the_cache_and_would_see_a_leak(tmp_path, demo_copy):
    study = load_study(demo_copy)
    folder = tmp_path / FOLDER / __version__
    folder.mkdir(parents=True)
    with sqlite3.connect(folder / "redactie.sqlite") as con:
        con.execute("CREATE TABLE redactie (sleutel TEXT PRIMARY KEY, tekst TEXT NOT NULL)")
        con.execute("INSERT INTO redactie VALUES ('x', 'Bel mij op 06-12345678.')")
    found = scan_folder(tmp_path / FOLDER, study.redactor)
    assert [(m.plaats, m.soort) for m in found] == [("tabel redactie, rij 1", "telefoonnummer")], found


def test_another_versions_cache_is_deleted_and_a_damaged_one_is_not_trusted(built, tmp_path):
    study_path, output, _ = built
    old = output / FOLDER / "0.0.1-oud"
    (old / "figuren").mkdir(parents=True)
    (old / "figuren" / "x.png").write_bytes(b"oud")
    for png in (output / FOLDER / __version__ / "figuren").glob("*.png"):
        png.write_bytes(png.read_bytes()[:100])  # a damaged picture
    (output / FOLDER / __version__ / "redactie.sqlite").write_bytes(b"geen database")
    report = build_report(load_study(study_path), output / "rapport.docx")
    assert not old.exists()
    fresh = build_report(load_study(study_path), tmp_path / "rapport.docx", cache=False)
    assert _images(report) == _images(fresh)
