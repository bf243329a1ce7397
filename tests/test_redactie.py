"""Redaction holds in every output: a resident's name, BSN, phone number or address written in
any Dutch format never reaches the report, the exports or the figures, while the study's own
gemeenten and kernen stay readable; `klantreis privacy` finds what slipped through, and
`klantreis controleer` warns about what the raw files hold."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klantreis.cli import main
from klantreis.errors import KlantreisFout
from klantreis.privacyscan import output_scanner, png_texts, scan_folder
from klantreis.redactie import Redactor, check_removal_term, elfproef
from klantreis.redactiemeting import CORPUS, KEEP, corpus_redactor, recall, survived
from klantreis.study import load_study


# --- the seeded corpus: kinds × formats -------------------------------------------------------

@pytest.fixture(scope="module")
def redactor():
    return corpus_redactor()


@pytest.mark.parametrize("zaad", CORPUS, ids=[f"{z.soort}: {z.vorm}" for z in CORPUS])
def test_every_seeded_personal_detail_is_gone(redactor, zaad):
    out = redactor(zaad.zin)
    assert not survived(zaad, out), out
    assert "[" in out  # replaced by a placeholder that keeps the sentence readable


@pytest.mark.parametrize("text, place", KEEP)
def test_the_studys_gemeenten_and_kernen_stay_readable(redactor, text, place):
    assert place in redactor(text)


def test_recall_per_kind_is_printed_and_complete(redactor, capsys):
    figures = recall(redactor)
    with capsys.disabled():
        print("\nRedactie-recall op het gezaaide corpus: " +
              "; ".join(f"{k} {a}/{n}" for k, (a, n) in figures.items()))
    assert figures["totaal"] == (len(CORPUS), len(CORPUS))


def test_placeholders_keep_the_meaning(redactor):
    out = redactor("Ik sprak Pieter Bakker: bel 06-12345678 of kom naar de Markt 5, 9401 AB.")
    assert out == "Ik sprak [naam]: bel [telefoonnummer] of kom naar [adres], [postcode]."


@pytest.mark.parametrize("term, placeholder", [("Pieter Bakker", "[naam]"), ("Jan van Dijk", "[naam]"),
                                               ("Dorpsstraat", "[adres]"), ("Burg. de Withstraat", "[adres]"),
                                               ("Laan van Meerdervoort", "[adres]"), ("Henk", "[naam]")])
def test_a_removal_list_term_gets_the_placeholder_of_what_it_is(term, placeholder):
    # surnames that end like a street ("Bakker": akker, "van Dijk": dijk) are people, not addresses
    out = Redactor(remove=[term], names=False)(f"Gisteren kwam {term} nog even langs.")
    assert out == f"Gisteren kwam {placeholder} nog even langs."


def test_the_bsn_pattern_follows_the_elfproef():
    assert elfproef("123456782") and not elfproef("123456781")
    assert Redactor(names=False)("Nummer 123-456-781 is geen BSN.") == "Nummer 123-456-781 is geen BSN."


def test_ordinary_sentences_with_numbers_keep_their_numbers():
    text = "In 2024 is het anders: ik belde 3 keer, wachtte 12 weken en reed 1000 km in fase 2."
    assert Redactor(names=False)(text) == text


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120) | st.builds(
    lambda a, b: f"{a} {b}", st.sampled_from([z.zin for z in CORPUS]), st.text(max_size=30)))
def test_redaction_never_raises_and_is_idempotent(text):
    once = corpus_redactor()(text)
    assert corpus_redactor()(once) == once


# --- the removal list ----------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["", "  ", "a", ".*", "(", "Jan|Piet", "[A-Z]+"])
def test_a_removal_list_entry_that_would_match_everything_or_nothing_is_refused(bad):
    with pytest.raises(ValueError, match="minstens twee letters"):
        check_removal_term(bad)


def test_names_with_a_dot_or_a_hyphen_are_fine_on_the_removal_list():
    assert check_removal_term(" Burg. de  Withstraat ") == "Burg. de Withstraat"
    assert check_removal_term("Jansen-de Boer") == "Jansen-de Boer"


def test_a_study_with_bad_removal_entries_names_every_one(demo_copy, capsys):
    settings_file = demo_copy / "studie.yaml"
    data = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    data["privacy"]["te_verwijderen"] += ["", "a", ".*", "("]
    settings_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KlantreisFout) as caught:
        load_study(demo_copy)
    text = caught.value.tekst()
    assert text.count("minstens twee letters") == 4, text
    assert "te_verwijderen" in text
    assert main(["controleer", str(demo_copy)]) == 1
    assert "Traceback" not in capsys.readouterr().err


# --- a study built to break it -------------------------------------------------------------

SEEDED = {"bsn": "1234.56.782", "telefoon": "(020) 123 45 67", "lijstnaam": "Henks", "iban": "nl91abna0417164300",
          "adres": "Laan van Meerdervoort 50"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The demo study with personal data in every free-text field that reaches an output:
    extra-step names, "in plaats daarvan", quotes of residents with and without consent,
    the researchers' texts and the verkenning's open answers."""
    import shutil

    from klantreis.resources import DEMO_STUDY_DIR

    root = tmp_path_factory.mktemp("vijandig") / "studie"
    shutil.copytree(DEMO_STUDY_DIR, root, ignore=shutil.ignore_patterns("uitvoer"))
    settings_file = root / "studie.yaml"
    data = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    data["privacy"]["te_verwijderen"].append("Henk")
    data["demo"] = False
    settings_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    s = SEEDED
    for respondent in ("R01", "R03"):  # R01 consented to quotes, R03 did not
        path = root / "interviews" / f"{respondent}.yaml"
        iv = yaml.safe_load(path.read_text(encoding="utf-8"))
        iv["extra_stappen"] = [{"naam": f"{s['lijstnaam']} {s['bsn']}"[:60], "na": iv["stappen"][0]["stap"],
                                "score": -1, "citaten": [{"tekst": f"Bel {s['telefoon']} of mail mij."}]},
                               {"naam": f"Bellen {s['telefoon']}", "na": iv["stappen"][1]["stap"], "score": 0}]
        step = iv["stappen"][2]
        step["gebeurd"], step["in_plaats_daarvan"] = "anders", f"Brief naar {s['adres']}, BSN {s['bsn']}."
        step.setdefault("citaten", []).append({"tekst": f"{s['lijstnaam']} zus gaf {s['iban']} door, "
                                                        f"bel {s['telefoon']}."})
        path.write_text(yaml.safe_dump(iv, allow_unicode=True), encoding="utf-8")
    (root / "teksten" / "conclusies.md").write_text(
        f"# Conclusies\n\nHenk (BSN {s['bsn']}) belde vanaf {s['telefoon']} over de {s['adres']}.\n",
        encoding="utf-8")
    with sqlite3.connect(root / "verkenning" / "antwoorden.sqlite") as db:
        db.execute("UPDATE open_antwoord SET tekst = ?",
                   (f"Henks nummer is {s['telefoon']} en zijn BSN {s['bsn']}.",))
    raw = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    return root, raw


@pytest.fixture(scope="module")
def hostile_outputs(hostile):
    from klantreis.report.compose import build_report
    from klantreis.verkenning.uitwisseling.antwoorden import export_responses

    root, _ = hostile
    study = load_study(root)
    return study, [build_report(study), export_responses(study)]


def _all_text(path: Path) -> str:
    """Every byte of a docx/xlsx, unzipped, XML tags removed and runs joined; plus PNG texts."""
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".png"):
                parts += [t for _, t in png_texts(data)]
            else:
                parts.append(re.sub(r"<[^>]+>", "", data.decode("utf-8", "replace")))
    return "".join(parts)


def test_no_seeded_value_reaches_the_report_or_the_export(hostile_outputs):
    _, outputs = hostile_outputs
    for path in outputs:
        flat = re.sub(r"\W", "", _all_text(path)).casefold()
        for kind, value in SEEDED.items():
            assert re.sub(r"\W", "", value).casefold() not in flat, (path.name, kind)


def test_the_privacy_scan_finds_nothing_in_the_hostile_studys_outputs(hostile_outputs, capsys):
    study, outputs = hostile_outputs
    finder, no_consent = output_scanner(study)
    assert scan_folder(outputs[0].parent, finder, no_consent) == []
    assert main(["privacy", str(study.path)]) == 0
    assert "geen persoonsgegevens gevonden" in capsys.readouterr().out.lower()


def test_the_extra_steps_reach_the_curves_only_redacted(hostile_outputs):
    _, outputs = hostile_outputs
    with zipfile.ZipFile(outputs[0]) as z:
        alt = " ".join(re.findall(r'descr="([^"]*)"', z.read("word/document.xml").decode("utf-8")))
        drawn = " ".join(t for n in z.namelist() if n.endswith(".png") for _, t in png_texts(z.read(n)))
    assert "[naam] [bsn]" in alt and "Bellen [telefoonnummer]" in alt
    assert "[bsn]" in drawn  # the step's label in the picture itself


def test_controleer_warns_about_the_raw_files_and_leaves_them_unchanged(hostile, capsys):
    root, raw = hostile
    assert main(["controleer", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Waarschuwing: persoonsgegevens in de ruwe bestanden" in out
    assert "interviews/R03.yaml, respondent R03, extra stap 1, naam: BSN" in out
    assert "teksten/conclusies.md, regel 3: telefoonnummer" in out
    assert "verkenning/antwoorden.sqlite, respons" in out
    for value in SEEDED.values():
        assert value not in out  # only a masked hint
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "uitvoer" not in p.parts} == \
        {p: b for p, b in raw.items() if "uitvoer" not in p.parts}


# --- `klantreis privacy` on the demo outputs and on seeded leaks ----------------------------

def test_the_privacy_scan_passes_on_the_demo_report(tmp_path, capsys):
    assert main(["rapport", "--uitvoer", str(tmp_path)]) == 0
    assert main(["privacy", "--map", str(tmp_path)]) == 0
    assert "Geen persoonsgegevens gevonden" in capsys.readouterr().out


def test_a_bsn_in_alt_text_and_a_phone_number_in_a_sheet_fail_the_scan(tmp_path, capsys):
    from openpyxl import Workbook

    from klantreis.figures import new_axes, to_png
    from klantreis.report.docx import ReportDoc

    doc = ReportDoc()
    doc.paragraph("Een gewone alinea.")
    ax = new_axes()
    ax.set_title("Stap van R03")
    doc.figure(to_png(ax), alt_text="Curve met BSN 123-456-782.", caption="Een figuur.")
    doc.doc.save(tmp_path / "lek.docx")
    wb = Workbook()
    wb.active.title = "Blad 06-12345678"
    wb.active["B3"] = "Bel mij op (020) 123 45 67"
    wb.save(tmp_path / "lek.xlsx")
    assert main(["privacy", "--map", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "lek.docx, word/document.xml, alt-tekst (descr): BSN (12…82)" in out
    assert "lek.xlsx, blad 'Blad 06-12345678', cel B3: telefoonnummer" in out
    assert "lek.xlsx, naam van blad 1: telefoonnummer" in out
    assert "123-456-782" not in out and "123 45 67" not in out


def test_a_quote_of_a_resident_without_consent_fails_the_scan(demo, tmp_path):
    from klantreis.report.docx import ReportDoc

    doc = ReportDoc()
    doc.quote("Ik wachtte negen weken.", "R03, Lindewaarde")  # R03 gave no consent
    doc.doc.save(tmp_path / "citaat.docx")
    finder, no_consent = output_scanner(demo)
    found = scan_folder(tmp_path, finder, no_consent)
    assert [(m.soort, m.hint) for m in found] == [("citaat zonder toestemming", "van R03")]


def test_figures_keep_their_text_in_the_png():
    from klantreis.figures import new_axes, to_png

    ax = new_axes()
    ax.set_title("Wachten op het keukentafelgesprek ★")
    texts = dict(png_texts(to_png(ax)))
    assert "Wachten op het keukentafelgesprek ★" in texts["Description"]


def test_deduce_is_not_loaded_by_importing_the_kit():
    import subprocess
    import sys

    code = "import klantreis.privacy, klantreis.study, klantreis.cli, sys; print('deduce' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_png_text_reader_ignores_a_broken_file():
    assert png_texts(b"not a png") == []
    assert png_texts(io.BytesIO(b"\x89PNG\r\n\x1a\n").getvalue()) == []


def test_the_flat_street_list_finds_exactly_what_deduces_own_trie_finds():
    """`deduce_cache.FlatTrie` (the streets as one set, four times faster to load) against deduce's
    trie of the same streets from deduce's own cache: the same longest match at every position
    of sentences built around 1,500 streets, in deduce's spelling and capitalised, with a house
    number, another street's word or nothing after them. And the kit's copy holds the flat one."""
    import pickle
    import random

    from deduce import __version__

    from klantreis.deduce_cache import SEP, FlatTrie
    from klantreis.redactie import SMALL_FORMAT, cache_dir, deduce_model

    deduce_model()  # builds both caches on a new machine
    full = pickle.loads((cache_dir() / f"deduce-{__version__}" / "cache" / "lookup_structs.pickle").read_bytes())
    trie = full["lookup_structs"]["street"]
    flat = FlatTrie(trie)
    rng = random.Random(13)
    streets = [s.split(SEP) for s in rng.sample(sorted(flat.terminals), 1500)]
    words = [w for s in streets for w in s]
    compared = found = 0
    for street in streets:
        for spelling in (street, [w[:1].upper() + w[1:] for w in street]):
            for after in ([], ["12"], [rng.choice(words)], ["in", rng.choice(words)]):
                sentence = ["Ik", "woon", "aan", "de", *spelling, *after]
                for start in range(len(sentence)):
                    expected = trie.longest_matching_prefix(sentence, start_i=start)
                    assert flat.longest_matching_prefix(sentence, start_i=start) == expected, (sentence, start)
                    compared += 1
                    found += expected is not None
        assert street in flat and (street in trie)
    assert found >= 3000 and compared > 50_000  # the comparison met many matches, not only misses
    assert set(flat.children) == set(trie.children)  # the annotator's start words
    small = cache_dir() / f"deduce-{__version__}-klein{SMALL_FORMAT}" / "cache" / "lookup_structs.pickle"
    assert type(pickle.loads(small.read_bytes())["lookup_structs"]["street"]) is FlatTrie
