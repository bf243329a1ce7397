"""The numbers printed in the Word report are the numbers of the analysis tables.

The demo report is built once and read back with python-docx. Every number is parsed from the
document (decimal comma, real minus sign, percentages) and compared with the analysis table it
comes from, with a tolerance of half the last digit shown. Nothing is hard-coded: the expected
values come from `klantreizen.meta_analyse.analyse` and `verkenning.analyse.analyse_verkenning`.
Only rows the analysis does not suppress (`onderdrukt` is False) carry numbers; suppressed rows
must show none.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from klantreis.klantreizen.meta_analyse import analyse
from klantreis.report.compose import build_report
from klantreis.verkenning.analyse import analyse_verkenning

CAPTION = re.compile(r"^Tabel \d+\. (.*)$", re.S)
NUMBER = re.compile(r"^([+\-\u2212]?)(\d+)(?:,(\d+))?(%?)$")
MEANS_CELL = re.compile(r"^(\S+) \((\d+)\)$")


@pytest.fixture(scope="module")
def report(demo, tmp_path_factory):
    return Document(str(build_report(demo, tmp_path_factory.mktemp("rapport_getallen") / "rapport.docx")))


@pytest.fixture(scope="module")
def sections(report):
    """Every method's sections sit in the chapters per municipality, the comparison and the
    statistical appendix of the full report."""
    return report


@pytest.fixture(scope="module")
def meta(demo):
    return analyse(demo)


@pytest.fixture(scope="module")
def scan(demo):
    return analyse_verkenning(demo)


# --- reading the document back ---------------------------------------------------------------------

def tables_by_caption(doc) -> dict[str, list[list[str]]]:
    """Every table that follows a caption paragraph "Tabel N. <caption>", as rows of cell texts
    (the header row first), keyed by <caption>."""
    found, previous = {}, None
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            previous = Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            if previous is not None and previous.style.name == "Caption" and (m := CAPTION.match(previous.text)):
                caption = m.group(1)
                assert caption not in found, f"two tables with the caption {caption!r}"
                found[caption] = [[cell.text for cell in row.cells] for row in Table(child, doc).rows]
            previous = None
    return found


def as_records(rows: list[list[str]]) -> list[dict[str, str]]:
    # Column titles may carry a soft hyphen (Sleutel­moment) for narrow columns.
    header = [h.replace("\u00ad", "") for h in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def parse(text: str) -> tuple[float, float]:
    """A number as the report writes it ("+1,3", "−0,4", "12", "25%") → (value, tolerance),
    the tolerance being half of the last digit shown."""
    m = NUMBER.match(text.strip())
    assert m, f"not a number the Dutch way: {text!r}"
    sign, whole, decimals, percent = m.groups()
    value = float(f"{whole}.{decimals or 0}") * (-1 if sign in ("-", "\u2212") else 1)
    tolerance = 0.5 * 10 ** -len(decimals or "")
    if percent:
        value, tolerance = value / 100, tolerance / 100
    return value, tolerance + 1e-9


def shows_the_same_number(cell: str, expected) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return not re.search(r"\d", cell)
    value, tolerance = parse(cell)
    return abs(value - float(expected)) <= tolerance


def paragraph_starting(doc, start: str) -> str:
    texts = [p.text for p in doc.paragraphs if p.text.startswith(start)]
    assert len(texts) == 1, f"{len(texts)} paragraphs start with {start!r}"
    return texts[0]


# --- klantreizen: experience per step --------------------------------------------------------------

STEP_COLUMNS = {"Gem.": "gemiddelde", "Med.": "mediaan", "Sd": "sd", "% neg.": "aandeel_negatief"}


def check_step_table(rows: list[list[str]], stats) -> None:
    """One table row per step of the analysis, in the same order, with the same numbers."""
    records = as_records(rows)
    assert len(records) == len(stats)
    for shown, (_, row) in zip(records, stats.iterrows()):
        where = f"stap {row['stap_naam']}"
        assert shown["Stap"] == row["stap_naam"] + (" ★" if row["sleutelmoment"] else ""), where
        assert parse(shown["Nr."])[0] == row["volgorde"], where
        if bool(row["onderdrukt"]):
            # no number at all: not the small n, not a mean ("n<5" and "afgeschermd" are labels)
            assert not NUMBER.match(shown["n"]), (where, shown["n"])
            for column in STEP_COLUMNS:
                assert not re.search(r"\d", shown[column]), (where, column, shown[column])
            continue
        assert parse(shown["n"])[0] == int(row["n"]), where
        for column, name in STEP_COLUMNS.items():
            assert shows_the_same_number(shown[column], row[name]), (where, column, shown[column], row[name])


def test_the_total_over_municipalities_with_journeys_of_their_own_is_not_printed(sections, demo):
    # Each municipality has its own journey: a curve over all of them would mix different steps.
    assert len({id(r) for r in demo.schaduwreizen.values()}) > 1
    assert not any(c.startswith("Beleving per stap, alle gemeenten") for c in tables_by_caption(sections))


def test_each_municipality_with_numbers_has_its_own_table_and_the_others_none(sections, meta, demo):
    tables = tables_by_caption(sections)
    per = meta.stappen_per_gemeente
    shown_any = False
    for gemeente in demo.settings.gemeenten:
        part = per[per["groep"] == gemeente].reset_index(drop=True)
        caption = f"Beleving per stap in {gemeente} (★ = sleutelmoment)"
        if len(part) and not part["onderdrukt"].all():
            check_step_table(tables[caption], part)
            shown_any = True
        else:
            assert caption not in tables, f"{gemeente} has no numbers in the analysis but a table in the report"
    assert shown_any, "the demo should show at least one municipality's own table"


def test_the_lowest_and_highest_step_named_in_the_text_are_those_of_the_table(sections, meta, demo):
    per = meta.stappen_per_gemeente
    checked = 0
    for gemeente in demo.settings.gemeenten:
        part = per[per["groep"] == gemeente]
        shown = part[~part["onderdrukt"].astype(bool)]
        if not len(shown):
            continue
        text = paragraph_starting(sections, f"In {gemeente} is de beleving het laagst bij")
        m = re.search(r"laagst bij ‘(.+?)’ \(gemiddeld (\S+), n=(\d+)\) en het hoogst bij ‘(.+?)’ "
                      r"\(gemiddeld (\S+), n=(\d+)\)", text)
        assert m, text
        means = shown["gemiddelde"].astype(float)
        for name, mean_text, n_text, extreme in ((m[1], m[2], m[3], means.min()), (m[4], m[5], m[6], means.max())):
            step = shown[shown["stap_naam"] == name]
            assert len(step) == 1, f"‘{name}’ is not a step with numbers"
            assert float(step["gemiddelde"].iloc[0]) == extreme, f"‘{name}’ is not the step with mean {extreme}"
            assert shows_the_same_number(mean_text, extreme), (name, mean_text, extreme)
            assert int(n_text) == int(step["n"].iloc[0]), name
        checked += 1
    assert checked


def test_the_method_chapter_counts_every_interview(report, demo):
    text = paragraph_starting(report, "De interviews zijn gehouden van")
    m = re.search(r"In totaal zijn (\d+) inwoners geïnterviewd", text)
    assert m, text
    assert int(m[1]) == len(demo.interviews)


# --- verkenning: mean score per uitgangspunt and perspective ---------------------------------------

def check_means_table(rows, cells, scan) -> int:
    """A table of mean scores per uitgangspunt (rows) and perspective (columns), cells "3,4 (61)",
    against the rows of `describe`; returns how many cells with numbers were compared."""
    records = as_records(rows)
    assert [r["Uitgangspunt"] for r in records] == \
        [f"{c}. {scan.uitgangspunt_namen[c]}" for c in dict.fromkeys(cells["uitgangspunt"])]
    by_code = {r["Uitgangspunt"].split(".")[0]: r for r in records}
    checked = 0
    for row in cells.itertuples():
        cell = by_code[row.uitgangspunt][scan.perspectief_namen[row.perspectief]]
        where = (row.uitgangspunt, row.perspectief, cell)
        if bool(row.onderdrukt):
            assert not MEANS_CELL.match(cell) and not NUMBER.match(cell), where
            continue
        m = MEANS_CELL.match(cell)
        assert m, where
        assert shows_the_same_number(m[1], float(row.gemiddelde)), (*where, row.gemiddelde)
        assert int(m[2]) == int(row.n), (*where, row.n)
        checked += 1
    return checked


def test_the_scan_table_shows_the_means_per_uitgangspunt_and_perspective(sections, scan):
    tables = tables_by_caption(sections)
    caption = (f"Gemiddelde score per uitgangspunt en perspectief, {scan.laatste_ronde} "
               "(tussen haakjes het aantal respondenten)")
    last = scan.per_perspectief[scan.per_perspectief["ronde"] == scan.laatste_ronde]
    assert check_means_table(tables[caption], last, scan), "no unsuppressed cell compared"


def test_each_municipality_chapter_shows_its_own_scan_means(sections, scan, demo):
    tables = tables_by_caption(sections)
    cells = scan.cellen[scan.cellen["ronde"] == scan.laatste_ronde]
    checked = 0
    for gemeente in demo.settings.gemeenten:
        part = cells[cells["gemeente"] == gemeente]
        caption = f"Gemiddelde score per uitgangspunt en perspectief in {gemeente}, {scan.laatste_ronde}"
        if len(part) and not part["onderdrukt"].astype(bool).all():
            checked += check_means_table(tables[caption], part, scan)
        else:
            assert caption not in tables, f"{gemeente} has no numbers in the analysis but a table in the report"
    assert checked


def test_the_appendix_shows_the_kruskal_wallis_tests_and_cronbachs_alpha(sections, scan):
    tables = tables_by_caption(sections)
    kw = scan.perspectieven[scan.perspectieven["ronde"] == scan.laatste_ronde]
    records = as_records(tables[f"Kruskal–Wallis-toets tussen de perspectieven per uitgangspunt, {scan.laatste_ronde}"])
    assert len(records) == len(kw)
    for shown, row in zip(records, kw.itertuples()):
        assert shown["Uitgangspunt"].startswith(f"{row.uitgangspunt}. ")
        for column, value in (("n", row.n), ("df", row.df), ("H", row.H), ("ε²", row.epsilon2)):
            assert shows_the_same_number(shown[column], float(value)), (row.uitgangspunt, column, shown[column])
        p = float(row.p_holm)
        if p < 0.001:
            assert shown["p (Holm)"] == "< 0,001"
        else:
            assert shows_the_same_number(shown["p (Holm)"], p), (shown["p (Holm)"], p)
    alpha = scan.betrouwbaarheid
    records = as_records(next(rows for caption, rows in tables.items() if caption.startswith("Cronbach's α")))
    assert len(records) == len(alpha)
    for shown, row in zip(records, alpha.itertuples()):
        assert parse(shown["Volledig ingevuld"])[0] == int(row.n_volledig)
        assert shows_the_same_number(shown["α"], row.alpha)
        if pd.notna(row.ci_onder):
            low, high = shown["95%-interval"].split(" – ")
            assert shows_the_same_number(low, row.ci_onder) and shows_the_same_number(high, row.ci_boven)


def test_the_appendix_shows_the_agreement_of_every_effectenarena_session(sections, demo):
    from klantreis.effectenarena.analyse import analyse as arena_analyse

    a = arena_analyse(demo)
    tables = tables_by_caption(sections)
    for s in a.sessies.itertuples():
        records = as_records(tables[f"Overeenstemming over de volgorde van de factoren ({s.titel})"])
        agree = a.overeenstemming[a.overeenstemming["sessie"] == s.sessie]
        assert len(records) == len(agree)
        for shown, row in zip(records, agree.itertuples()):
            if bool(row.onderdrukt):
                assert not re.search(r"\d", shown["Kendalls W"] + shown["ICC(2,k) (95%-interval)"]), shown
                continue
            assert shows_the_same_number(shown["Kendalls W"], float(row.W))
            icc, interval = shown["ICC(2,k) (95%-interval)"].split(" (")
            low, high = interval.rstrip(")").split(" tot ")
            for text, value in ((icc, row.icc), (low, row.icc_onder), (high, row.icc_boven)):
                assert shows_the_same_number(text, float(value)), (shown, value)


# --- the reader of this test ----------------------------------------------------------------------

@pytest.mark.parametrize("text, value, tolerance", [
    ("+1,3", 1.3, 0.05), ("\u22120,4", -0.4, 0.05), ("12", 12, 0.5), ("25%", 0.25, 0.005), ("0,0", 0.0, 0.05)])
def test_numbers_are_read_the_dutch_way(text, value, tolerance):
    got, tol = parse(text)
    assert got == pytest.approx(value) and tol == pytest.approx(tolerance)
    assert shows_the_same_number(text, value + tolerance * 0.9)
    assert not shows_the_same_number(text, value + tolerance * 1.1)
