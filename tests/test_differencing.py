"""The differencing test: nothing the kit writes lets anyone work out a statistic about a group
below the minimum.

A study with three municipalities (12, 6 and 3 interviews) and a verkenning with a small
perspective group (`small_groups_study`) gets its report and its answers export. The test reads
them as an outsider would, from the files only: every paragraph, heading, table of contents
entry, table cell and alt text of the Word file, every row of the Excel file. The truth comes
from the raw study files (YAML and the answers database), not from the kit's analysis. Then it
tries what an outsider would try:

- read a small group's statistic directly (a table, a sentence, a heading, an alt text);
- subtract the shown groups from a published total (per step, per perspective, per role, per
  row of a table whose row adds up to the interviews): whatever stays hidden must together hold
  0 or at least the minimum, and never a small group on its own;
- combine tables: the individual curves with the averages, the significance sentences with the
  tables they belong to, the reliability count with the group sizes, the export with the report.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from lxml import etree

from .small_groups_study import (EXTRA_STEP_SMALL, MUNICIPALITIES, SMALL, SMALL_SCAN_GROUP, TELLINGS_SMALL,
                                 build_study)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MIN = 5
NUMBER = re.compile(r"^[−+-]?\d+(?:,\d+)?%?$")
PERSPECTIVES = {"Inwoners": "inwoner", "Uitvoerders": "uitvoerder"}


# --- reading the outputs as an outsider ---------------------------------------------------------

class Report:
    """Everything readable in the Word file: blocks in order, tables by caption, alt texts."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        self.blocks: list[tuple[str, str]] = []      # (style, text) of every paragraph, in order
        self.tables: dict[str, list[list[str]]] = {}
        self.alt_texts = [d.get("descr") or "" for d in root.iter(WP + "docPr")]
        caption = None
        for el in root.find(W + "body"):
            if el.tag == W + "p":
                style = el.find(f"{W}pPr/{W}pStyle")
                text = "".join(t.text or "" for t in el.iter(W + "t"))
                s = style.get(W + "val") if style is not None else ""
                self.blocks.append((s, text))
                if s == "Caption" and text.startswith("Tabel"):
                    caption = re.sub(r"^Tabel \d+\. ", "", text)
            elif el.tag == W + "tbl" and caption:
                self.tables[caption] = [["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.iter(W + "tc")]
                                        for tr in el.iter(W + "tr")]
                caption = None

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.blocks) + "\n" + "\n".join(self.alt_texts) + "\n" + "\n".join(
            " | ".join(row) for rows in self.tables.values() for row in rows)

    def table(self, start: str) -> list[dict[str, str]]:
        found = [rows for caption, rows in self.tables.items() if caption.startswith(start)]
        assert len(found) == 1, f"{len(found)} tables start with {start!r}: {list(self.tables)}"
        header, *rows = found[0]
        return [dict(zip(header, row)) for row in rows]

    def tables_starting(self, start: str) -> dict[str, list[dict[str, str]]]:
        return {c: [dict(zip(rows[0], r)) for r in rows[1:]] for c, rows in self.tables.items() if c.startswith(start)}

    def section(self, heading: str) -> list[tuple[str, str]]:
        """The blocks under a heading, up to the next heading of the same or a higher level."""
        for i, (style, text) in enumerate(self.blocks):
            if text == heading and style.startswith("Heading"):
                level = style[-1]
                out = []
                for s, t in self.blocks[i + 1:]:
                    if s.startswith("Heading") and s[-1] <= level:
                        break
                    out.append((s, t))
                return out
        return []


def number(cell: str) -> float | None:
    cell = cell.strip().split(" (")[0]
    return float(cell.replace("−", "-").replace(",", ".").rstrip("%")) if NUMBER.match(cell) else None


# --- the truth, from the raw files ----------------------------------------------------------------

def raw_interviews(study: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((study / "interviews").glob("*.yaml"))]


def raw_scan(study: Path) -> list[dict]:
    with sqlite3.connect(f"file:{study / 'verkenning' / 'antwoorden.sqlite'}?mode=ro", uri=True) as con:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute(
            "SELECT r.id, r.gemeente, r.ronde, r.perspectief, a.stelling, a.waarde "
            "FROM respons r JOIN antwoord a ON a.respons_id = r.id")]


# --- the checks -----------------------------------------------------------------------------------

def leftover_ok(hidden_true: int, hidden_groups: set, small_groups: set) -> bool:
    """What subtraction reveals: the hidden groups together. Fine when nothing is hidden, or
    when together they hold at least the minimum (then it is a statistic about a large group)."""
    if not hidden_groups:
        return True
    return hidden_true >= MIN


def find_leaks(study: Path, report: Report, export: Path) -> list[str]:
    """Every derivation of a small group's statistic an outsider could make; [] when none."""
    leaks: list[str] = []
    interviews = raw_interviews(study)
    by_id = {iv["respondent"]: iv for iv in interviews}
    small_ids = {iv["respondent"] for iv in interviews if iv["gemeente"] == SMALL}
    text = report.text
    step_names = {}
    # one shared journey: its table is printed in every municipality's chapter, the same each time
    for rows in report.tables_starting("Stappen van de schaduwreis").values():
        for row in rows:
            step_names[row["Stap (★ = sleutelmoment)"].removesuffix(" ★")] = int(row["Nr."])

    # 1. Directly: headings, table of contents, sentences and alt texts about the small municipality.
    for style, line in report.blocks:
        if (style.startswith(("Heading", "TOC")) and f"({SMALL})" in line) or \
                any(re.search(rf"\b{r}\b", line) for r in small_ids if style.startswith(("Heading", "TOC"))):
            leaks.append(f"kop of inhoudsopgave wijst een inwoner van {SMALL} aan: {line!r}")
    if re.search(rf"hoogstens {TELLINGS_SMALL} keer", text):
        leaks.append(f"de hoogste waarde (alleen in {SMALL}) staat in een zin: 'hoogstens {TELLINGS_SMALL} keer'")
    if EXTRA_STEP_SMALL in text:
        leaks.append(f"de extra stap die alleen in {SMALL} voorkomt staat in het rapport")
    for iv in interviews:
        if iv["gemeente"] == SMALL:
            day = iv["datum"]
            day = day if isinstance(day, str) else day.isoformat()
            y, m, d = (int(x) for x in day.split("-"))
            months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                      "oktober", "november", "december"]
            if f"{d} {months[m - 1]} {y}" in text:
                leaks.append(f"de interviewdatum van {iv['respondent']} ({SMALL}) staat in het rapport")
    for caption, rows in report.tables_starting("Beleving per stap in ").items():
        if f" in {SMALL} " in f"{caption} " and any(number(r["Gem."]) is not None for r in rows):
            leaks.append(f"tabel '{caption}' geeft gemiddelden van {SMALL}")

    # 2. Totals minus shown municipalities: the mean curve per step.
    totals = {r["Stap"].removesuffix(" ★"): r for r in report.table("Beleving per stap, alle gemeenten")}
    per = {g: {r["Stap"].removesuffix(" ★"): r for r in report.table(f"Beleving per stap in {g}")}
           for g in MUNICIPALITIES if report.tables_starting(f"Beleving per stap in {g}")}
    for step, row in totals.items():
        if number(row["n"]) is None:
            continue
        shown = {g for g in per if number(per[g][step]["n"]) is not None}
        hidden = set(MUNICIPALITIES) - shown
        nr = step_names[step]
        true = sum(1 for iv in interviews if iv["gemeente"] in hidden
                   for sv in iv["stappen"] if sv.get("score") is not None and _step_nr(study, sv["stap"]) == nr)
        if not leftover_ok(true, hidden, {SMALL}):
            leaks.append(f"stap '{step}': totaal min {sorted(shown)} geeft {sorted(hidden)} (n={true})")

    # 3. Rows that add up to all interviews of a municipality: designed versus experienced.
    for caption, rows in report.tables_starting("Hoe vaak inwoners in ").items():
        g = caption.removeprefix("Hoe vaak inwoners in ").split(" elke stap")[0]
        if g == SMALL:
            leaks.append(f"tabel '{caption}' over {SMALL}")
        for row in rows:
            cells = [row[k] for k in ("Zoals bedoeld", "Anders", "Niet doorlopen", "Niet besproken")]
            shown = [number(c) for c in cells if number(c) is not None]
            if any(0 < v < MIN for v in shown):
                leaks.append(f"stap '{row['Stap']}' in {g}: een aantal onder het minimum ({cells})")
            left = MUNICIPALITIES[g] - sum(shown)
            if shown and 0 < left < MIN:
                leaks.append(f"stap '{row['Stap']}' in {g}: de verborgen aantallen zijn samen {left}, uit te rekenen")

    # 4. Counts of residents that could be a small group on its own (values, themes, deviations, dips).
    for start, column in (("Meest voorkomende afwijkingen", "Aantal inwoners"),
                          ("Stappen waar inwoners hun dieptepunt", "Aantal inwoners")):
        for rows in report.tables_starting(start).values():
            for row in rows:
                if (v := number(row[column])) is not None and 0 < v < MIN:
                    leaks.append(f"'{start}': aantal {v:g} onder het minimum")
    for v in re.findall(r"’(?: \(sleutelmoment\))?: (\d+) inwoners", text):  # dieptepunten in a sentence
        if 0 < int(v) < MIN:
            leaks.append(f"een zin noemt {v} inwoners bij een dieptepunt")
    for rows in report.tables_starting("Beleving per soort stap en gemeente").values():
        for row in rows:
            if re.search(r"\d", row.get(SMALL, "").replace(f"n<{MIN}", "")):
                leaks.append(f"vergelijking per soort stap geeft een cijfer van {SMALL}: {row}")
    for alt in report.alt_texts:
        if alt.startswith(("Staafdiagram van het aantal inwoners per gekozen waarde", "Warmtekaart")):
            for v in re.findall(r"(?:: | )(\d+)(?=[;.])", alt):
                if 0 < int(v) < MIN:
                    leaks.append(f"alt-tekst noemt een aantal onder het minimum: {alt[:80]}…")
                    break
    if "Privacy" in text and re.search(r"\bPrivacy \(\d\)", text):
        leaks.append(f"de waarde die alleen {SMALL} koos staat er met een klein aantal")

    # 5. Interviewer roles: the counts and the total interviews.
    roles = next((t for _, t in report.blocks if t.startswith("Interviewers: ")), "")
    counts = [int(c) for c in re.findall(r"\((\d+)\)", roles)]
    if any(c < MIN for c in counts) or 0 < len(interviews) - sum(counts) < MIN:
        leaks.append(f"interviewersrollen: {roles!r} laat een kleine groep uitrekenen")

    # 6. Per municipality: the deviation summary next to the total in the sentence.
    for row in report.table("Afwijkingen, professionals en opnieuw vertellen"):
        if row["Gemeente"] == SMALL and number(row["Professionals (gem.)"]) is not None:
            leaks.append(f"{SMALL} heeft cijfers in de tabel per gemeente")
    shown = {r["Gemeente"] for r in report.table("Afwijkingen, professionals")
             if number(r["Professionals (gem.)"]) is not None}
    hidden = set(MUNICIPALITIES) - shown
    if hidden and sum(MUNICIPALITIES[g] for g in hidden) < MIN:
        leaks.append(f"gemiddelden per gemeente en over alle gemeenten geven {sorted(hidden)}")

    # 7. Individual curves with the averages: who is left out of a published group.
    curves = {m[1] for _, t in report.blocks if (m := re.match(r"Figuur \d+\. Belevingscurve van (R\d+)\.", t))}
    for r in curves:
        iv = by_id[r]
        if iv["gemeente"] == SMALL or not iv["toestemming"]["citaten"]:
            leaks.append(f"individuele curve van {r} ({iv['gemeente']}, toestemming {iv['toestemming']['citaten']})")
    if curves:
        groups = {"alle inwoners": set(by_id)}
        groups |= {g: {r for r, iv in by_id.items() if iv["gemeente"] == g} for g in per}
        for name, members in groups.items():
            left = members - curves
            if 0 < len(left) < MIN:
                leaks.append(f"{name} min de getoonde curven laat {len(left)} inwoners over")

    # 8. Verkenning: group sizes, per-perspective totals minus the shown municipalities.
    scan = raw_scan(study)
    people = {(r["id"], r["gemeente"], r["ronde"], r["perspectief"]) for r in scan}
    size = defaultdict(int)
    for _, g, ronde, p in people:
        size[(g, ronde, p)] += 1
    sizes = report.table("Aantal respondenten per gemeente, perspectief en ronde")
    shown_size = {}
    for row in sizes:
        for ronde in ("nulmeting", "vervolgmeting"):
            shown_size[(row["Gemeente"], ronde, PERSPECTIVES[row["Perspectief"]])] = number(row[ronde.capitalize()])
    small_label = (SMALL_SCAN_GROUP[0], PERSPECTIVES_INV[SMALL_SCAN_GROUP[1]])
    if any(row["Gemeente"] == small_label[0] and row["Perspectief"] == small_label[1]
           and any(number(row[c]) is not None for c in ("Nulmeting", "Vervolgmeting")) for row in sizes):
        leaks.append("de kleine groep uitvoerders staat met een aantal in de tabel van groepsgroottes")
    last = report.table("Gemiddelde score per uitgangspunt en perspectief, vervolgmeting")
    for p_label, p in PERSPECTIVES.items():
        total_n = number(re.search(r"\((\d+)\)", last[0][p_label])[1]) if "(" in last[0][p_label] else None
        if total_n is None:
            continue
        hidden = {g for g in MUNICIPALITIES if shown_size.get((g, "vervolgmeting", p)) is None}
        true = sum(size[(g, "vervolgmeting", p)] for g in hidden)
        if not leftover_ok(true, hidden, {SMALL}):
            leaks.append(f"{p_label}: totaal min de getoonde gemeenten geeft {sorted(hidden)} (n={true})")
    for caption, rows in report.tables_starting("Gemiddelde score per uitgangspunt en perspectief in ").items():
        g = caption.split(" in ")[1].split(",")[0]
        for row in rows:
            cell = row.get(PERSPECTIVES_INV[SMALL_SCAN_GROUP[1]], "")
            if g == SMALL_SCAN_GROUP[0] and re.match(r"\d", cell):
                leaks.append(f"{g}: de kleine groep uitvoerders heeft een gemiddelde ({cell})")
        for i, row in enumerate(rows):
            for p_label in PERSPECTIVES:
                if p_label not in row:
                    continue
                hidden = {h for h in MUNICIPALITIES if not _shown_cell(report, h, i, p_label)}
                true = sum(size[(h, "vervolgmeting", PERSPECTIVES[p_label])] for h in hidden)
                if not leftover_ok(true, hidden, {SMALL}):
                    leaks.append(f"{row['Uitgangspunt'][:3]} {p_label}: totaal min de gemeenten geeft "
                                 f"{sorted(hidden)} (n={true})")

    # 9. Significance sentences must not quote a mean the table hides.
    for g in MUNICIPALITIES:
        tables = report.tables_starting(f"Gemiddelde score per uitgangspunt en perspectief in {g}")
        bullets = [t for s, t in report.section(f"Zelfscan in {g}") if s == "ListBullet"]
        for bullet in bullets:
            m = re.match(r"(\w+) (?:is|zijn) positiever dan (\w+) over ‘([^’]+)’", bullet)
            if not m:
                continue
            if not tables:
                leaks.append(f"{g}: zin met gemiddelden terwijl de tabel ontbreekt: {bullet[:90]}")
                continue
            row = next(r for r in next(iter(tables.values())) if m[3] in r["Uitgangspunt"])
            for who in (m[1], m[2]):
                label = who.capitalize() if who.capitalize() in row else who.capitalize() + "s"
                if not re.match(r"\d", row.get(label, "")):
                    leaks.append(f"{g}: zin noemt het gemiddelde van {who}, dat de tabel verbergt: {bullet[:90]}")

    # 10. Reliability counts only over the groups with numbers.
    complete = _complete_counts(scan, {k for k, v in shown_size.items() if v is None})
    for row in report.table("Cronbach's α per uitgangspunt"):
        code = row["Uitgangspunt"].split(".")[0]
        if number(row["Volledig ingevuld"]) != complete[code]:
            leaks.append(f"α {code}: 'volledig ingevuld' {row['Volledig ingevuld']} telt verborgen groepen mee "
                         f"(zonder hen: {complete[code]})")

    # 11. The answers export follows the report: no rows of a group the report hides.
    from openpyxl import load_workbook

    wb = load_workbook(export, read_only=True)
    rows = list(wb["Antwoorden"].iter_rows(min_row=2, values_only=True))
    exported = defaultdict(int)
    for r in rows:
        exported[(r[1], r[2], r[3])] += 1
    for key, n in exported.items():
        if shown_size.get(key) is None:
            leaks.append(f"export: {n} rijen van {key}, die het rapport verbergt")
        elif shown_size[key] != n:
            leaks.append(f"export: {n} rijen van {key}, het rapport zegt {shown_size[key]:g}")
    return leaks


PERSPECTIVES_INV = {v: k for k, v in PERSPECTIVES.items()}
_STEP_NR: dict[str, int] = {}


def _step_nr(study: Path, step: str) -> int:
    if not _STEP_NR:
        reis = yaml.safe_load((study / "schaduwreis.yaml").read_text(encoding="utf-8"))
        for i, s in enumerate((s for f in reis["fasen"] for s in f["stappen"]), 1):
            _STEP_NR[s["id"]] = i
    return _STEP_NR[step]


def _shown_cell(report: Report, gemeente: str, row: int, p_label: str) -> bool:
    tables = report.tables_starting(f"Gemiddelde score per uitgangspunt en perspectief in {gemeente}")
    if not tables:
        return False
    rows = next(iter(tables.values()))
    return bool(re.match(r"\d", rows[row].get(p_label, "")))


def _complete_counts(scan: list[dict], hidden: set) -> dict[str, int]:
    """Per uitgangspunt: respondents outside the hidden groups who answered all its statements."""
    answers = defaultdict(dict)
    group = {}
    for r in scan:
        answers[r["id"]][r["stelling"]] = r["waarde"]
        group[r["id"]] = (r["gemeente"], r["ronde"], r["perspectief"])
    statements = defaultdict(set)
    for r in scan:
        statements[r["stelling"].split("_")[0]].add(r["stelling"])
    out = {}
    for code, members in statements.items():
        out[code] = sum(1 for rid, a in answers.items() if group[rid] not in hidden
                        and all(a.get(s) is not None for s in members))
    return out


# --- the test -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from klantreis.report.compose import build_report
    from klantreis.study import load_study
    from klantreis.verkenning.uitwisseling import export_responses

    study_path = build_study(tmp_path_factory.mktemp("verschil") / "studie")
    study = load_study(study_path)
    # the full report holds every method's sections: per municipality, comparison, appendices
    report = Report(build_report(study))
    return study_path, report, export_responses(study)


def test_the_study_has_the_small_groups_the_test_is_about(outputs):
    study, report, _ = outputs
    interviews = raw_interviews(study)
    assert sorted(sum(iv["gemeente"] == g for iv in interviews) for g in MUNICIPALITIES) == [3, 6, 12]
    assert len({r["id"] for r in raw_scan(study) if (r["gemeente"], r["perspectief"]) == SMALL_SCAN_GROUP
                and r["ronde"] == "nulmeting"}) == 3
    # the number of interviews per municipality is a fact of the design, and is reported
    sizes = {r["Gemeente"]: r["Aantal interviews"] for r in report.table("Aantal interviews per gemeente")}
    assert sizes == {g: str(n) for g, n in MUNICIPALITIES.items()}


def test_no_statistic_about_a_small_group_can_be_derived_from_the_report_or_the_export(outputs):
    study, report, export = outputs
    leaks = find_leaks(study, report, export)
    assert not leaks, "af te leiden:\n" + "\n".join(leaks)


def test_the_checks_find_a_planted_leak(outputs):
    """The search can fail: a copy of the report with Kleindorp's curve heading and a small
    count put back is caught."""
    study, report, export = outputs
    planted = Report.__new__(Report)
    planted.blocks = [*report.blocks, ("Heading2", f"R21 ({SMALL})"),
                      ("", f"Inwoners moesten hun verhaal hoogstens {TELLINGS_SMALL} keer opnieuw vertellen.")]
    planted.tables, planted.alt_texts = dict(report.tables), list(report.alt_texts)
    leaks = find_leaks(study, planted, export)
    assert any("R21" in leak for leak in leaks) and any("hoogstens" in leak for leak in leaks)
