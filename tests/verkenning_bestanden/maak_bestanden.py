"""Maak de voorbeeldbestanden voor tests/test_verkenning_uitwisseling.py opnieuw.

    /tmp/venv/bin/python tests/verkenning_bestanden/maak_bestanden.py

Alleen nodig als de vragenlijst (instruments/verkenning.yaml) of de bestandsvormen veranderen.
Alle respondenten en antwoorden zijn verzonnen. De bestanden hebben de vorm van echte exports
(zie ../shared/FORMATS.md):

- limesurvey_inwoner.csv: LimeSurvey "Antwoorden exporteren", CSV, koppen "Vraagcode",
  antwoordcodes. UTF-8 met BOM, elke kop en waarde tussen aanhalingstekens, records eindigen op
  CRLF, een regeleinde binnen een waarde is een LF tussen de aanhalingstekens. Een leeg veld
  zonder aanhalingstekens is NULL (nooit getoond), "" is getoond maar niet beantwoord.
  Respondent 3 is onvolledig (lege submitdate). De enquête is anoniem zonder datumstempels,
  dus LimeSurvey zet submitdate op 1980-01-01 00:00:00.
- limesurvey_twee_foute_rijen.csv: twee rijen met een fout, de rest goed (voor --sla-fouten-over).
- limesurvey_fouten_overal.csv: fouten in de kop en in de rijen tegelijk.
- limesurvey_excel_opgeslagen.csv: de export na opslaan in Excel (puntkomma, BOM, geen
  aanhalingstekens), met open antwoorden die met '-' en '+' beginnen.
- forms_inwoner.xlsx: Microsoft Forms "Download naar Excel" met Nederlandse koppen (ID,
  Begintijd, Tijd van voltooien, E-mail, Naam, Tijd van laatste wijziging), blad Sheet1, de
  gegevens als Excel-tabel op A1, tijden als Excel-datumgetal, anonieme antwoorden
  (E-mail 'anonymous', Naam leeg). Eén stellingkop heeft spaties en een regeleinde aan het eind,
  de open vraag van K7 is later toegevoegd en staat helemaal rechts, en er is een quizkolom.
- forms_met_fouten.xlsx: een onbekende kolom, een ontbrekende stelling, een onbekend antwoord
  en een dubbel ID.
- excel_formulier_ingevuld.xlsx: het formulier van `klantreis verkenning exporteer --formaat
  excel`, ingevuld zoals een onderzoeker dat doet.
- excel_formulier_met_fouten.xlsx: hetzelfde formulier met fouten (formule, 7 op een
  vijfpuntsschaal, onbekend perspectief, dubbele respons_id, onbekend uitgangspunt).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from klantreis.verkenning.uitwisseling import (  # noqa: E402
    PERSP_CODE,
    SHEET_ANSWERS,
    excel_columns,
    excel_form,
    limesurvey_columns,
)
from klantreis.verkenning.vragenlijst import read_vragenlijst  # noqa: E402

FORMULE = "=cmd|' /C calc'!A0"

# --- LimeSurvey ---------------------------------------------------------------------------------
# Per respondent: LimeSurvey's own columns and the answers. Antwoorden: code → 1..5, "WN",
# "" (getoond, niet beantwoord); een stelling die er niet in staat, was nooit getoond (NULL).
LS_RESPONDENTEN = [
    {"id": "1", "submitdate": "1980-01-01 00:00:00", "lastpage": "8", "seed": "1290476383",
     "antwoorden": {"K1_1": 4, "K1_2": 2, "K1_3": 3, "K1_4": 5, "K2_1": 4, "K2_2": 3, "K2_3": 2, "K2_4": 4,
                    "K3_1": 5, "K3_2": "WN", "K3_3": 4, "K3_4": 1, "K4_1": 5, "K4_2": 4, "K4_3": 3, "K4_4": 5,
                    "K5_1": 3, "K5_2": 2, "K5_3": 4, "K5_4": 2, "K6_1": 1, "K6_2": 1, "K6_3": 2, "K6_4": 3,
                    "K7_1": 2, "K7_2": 3, "K7_3": 4, "K7_4": 2},
     "open": {"K1": 'Eén loket zou helpen.\nNu bel ik steeds "iemand anders", elke keer opnieuw.',
              "K4": "<b>Meer tijd</b> & aandacht 😊 — zeker voor ouderen"},
     "prioriteit": ["K1", "K4", "K6"]},
    {"id": "2", "submitdate": "1980-01-01 00:00:00", "lastpage": "8", "seed": "743309121",
     "antwoorden": {"K1_1": 3, "K1_2": 3, "K1_3": "", "K1_4": 4, "K2_1": 2, "K2_2": "", "K2_3": 3, "K2_4": 3,
                    "K3_1": 4, "K3_2": 2, "K3_3": 3, "K3_4": "WN", "K4_1": 4, "K4_2": 3, "K4_3": 4, "K4_4": 4,
                    "K5_1": 2, "K5_2": 3, "K5_3": 3, "K5_4": 3, "K6_1": 2, "K6_2": 2, "K6_3": 3, "K6_4": 2,
                    "K7_1": 3, "K7_2": 4, "K7_3": 3},  # K7_4 nooit getoond: NULL
     "open": {},
     "prioriteit": ["K6"]},
    {"id": "3", "submitdate": None, "lastpage": "2", "seed": "2035541920",  # onvolledig
     "antwoorden": {"K1_1": 2, "K1_2": 1, "K1_3": 2, "K1_4": 3, "K2_1": 2},
     "open": {"K1": "Ik ben halverwege gestopt."},
     "prioriteit": None},
    {"id": "4", "submitdate": "1980-01-01 00:00:00", "lastpage": "8", "seed": "58812267",
     "antwoorden": {"K1_1": 5, "K1_2": 4, "K1_3": 4, "K1_4": 4, "K2_1": 5, "K2_2": 4, "K2_3": 4, "K2_4": 5,
                    "K3_1": 4, "K3_2": 4, "K3_3": 5, "K3_4": 3, "K4_1": 4, "K4_2": 5, "K4_3": 4, "K4_4": 5,
                    "K5_1": "WN", "K5_2": "WN", "K5_3": "WN", "K5_4": "WN", "K6_1": 4, "K6_2": 3, "K6_3": 4,
                    "K6_4": 4, "K7_1": 3, "K7_2": 4, "K7_3": 5, "K7_4": 4},
     "open": {"K6": "Duidelijke brieven, graag; en één telefoonnummer, niet drie.",
              "K7": "Op school, bij de huisarts en in het buurthuis (dinsdag)."},
     "prioriteit": ["K2", "K3", "K7"]},
    {"id": "5", "submitdate": "1980-01-01 00:00:00", "lastpage": "8", "seed": "1877013554",
     "antwoorden": {"K1_1": 1, "K1_2": 2, "K1_3": 1, "K1_4": 2, "K2_1": 1, "K2_2": 2, "K2_3": 2, "K2_4": 1,
                    "K3_1": 2, "K3_2": 1, "K3_3": 2, "K3_4": 1, "K4_1": 3, "K4_2": 2, "K4_3": 2, "K4_4": 3,
                    "K5_1": 2, "K5_2": 1, "K5_3": 2, "K5_4": 1, "K6_1": 3, "K6_2": 1, "K6_3": 1, "K6_4": 2,
                    "K7_1": 1, "K7_2": 2, "K7_3": 2, "K7_4": 1},
     "open": {"K3": "Dat ze vragen wat ík wil — وليس ما يريدونه هم. 家族と一緒に。"},
     "prioriteit": ["K3", "K5", "K6"]},
]


def limesurvey_csv(vl, respondenten, perspectief="inwoner", extra_columns=(), drop_columns=(),
                   overrides=None, sep=",") -> bytes:
    """A LimeSurvey response export, shaped like LimeSurvey writes it (separator: comma by
    default; semicolon and TAB are LimeSurvey's other choices)."""
    columns = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    question_columns = [c for c in limesurvey_columns(vl) if c not in drop_columns]
    columns += question_columns + list(extra_columns)
    lines = [sep.join(_quoted(c) for c in columns)]
    for resp in respondenten:
        complete = resp["submitdate"] is not None
        values = {"id": resp["id"], "submitdate": resp["submitdate"], "lastpage": resp["lastpage"],
                  "startlanguage": "nl", "seed": resp["seed"], PERSP_CODE: perspectief}
        reached = set(resp["antwoorden"]) if not complete else None
        for heading, (kind, code) in limesurvey_columns(vl).items():
            if kind == "stelling":
                value = resp["antwoorden"].get(code, None)
                values[heading] = None if value is None else "" if value == "" else \
                    "WN" if value == "WN" else f"A{value}"
            elif kind == "open":
                shown = complete or any(c.startswith(code + "_") for c in reached)
                values[heading] = resp["open"].get(code, "") if shown else None
            elif kind == "prioriteit":
                values[heading] = ("Y" if code in resp["prioriteit"] else "") if complete else None
        values.update((overrides or {}).get(resp["id"], {}))
        for column in extra_columns:
            values.setdefault(column, "")
        lines.append(sep.join(_quoted(values.get(c)) for c in columns))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# Open answers that a spreadsheet would take for a formula, as residents really write them.
EXCEL_OPEN = {"K6": "-wachttijd (veel te lang)", "K1": "  +1 voor het loket, " + FORMULE + "  "}


def excel_resaved(export: bytes) -> bytes:
    """The export after a round trip through Dutch Excel ("CSV UTF-8"): semicolons, a BOM,
    quotes only where a value needs them, so LimeSurvey's "" and NULL both became empty."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _quoted(value) -> str:
    if value is None:
        return ""  # NULL: LimeSurvey writes nothing, not even quotes
    return '"' + str(value).replace('"', '""') + '"'


# --- Microsoft Forms ----------------------------------------------------------------------------

FORMS_RESPONDENTEN = [
    {"ID": 1, "start": dt.datetime(2026, 3, 2, 9, 14, 51), "eind": dt.datetime(2026, 3, 2, 9, 31, 7),
     "antwoorden": {"K1_1": "Eens", "K1_2": "Oneens", "K1_3": "Neutraal", "K1_4": "Helemaal eens",
                    "K2_1": "Eens", "K2_2": "Weet niet / niet van toepassing", "K2_3": "Oneens", "K2_4": "Eens",
                    "K3_1": "Helemaal eens", "K3_2": "Helemaal oneens", "K3_3": "Eens", "K3_4": "Neutraal",
                    "K4_1": "Eens", "K4_2": "Eens", "K4_3": "Neutraal", "K4_4": "Helemaal eens",
                    "K5_1": "Neutraal", "K5_2": "Oneens", "K5_3": "Eens", "K5_4": "Oneens",
                    "K6_1": "Oneens", "K6_2": "Helemaal oneens", "K6_3": "Neutraal", "K6_4": "Eens",
                    "K7_1": "Neutraal", "K7_2": "Eens", "K7_3": "Eens", "K7_4": "Neutraal"},
     "open": {"K1": "Eén plan voor het hele gezin.", "K7": "Bij de huisarts\nen op school."},
     "prioriteit": ["K6", "K1", "K4"]},
    {"ID": 2, "start": dt.datetime(2026, 3, 2, 13, 2, 40), "eind": dt.datetime(2026, 3, 2, 13, 20, 5),
     "antwoorden": {"K1_1": "Oneens", "K1_2": "Neutraal", "K1_3": None, "K1_4": "Eens",
                    "K2_1": "Neutraal", "K2_2": "Neutraal", "K2_3": "Eens", "K2_4": None,
                    "K3_1": "Eens", "K3_2": "Oneens", "K3_3": "Neutraal", "K3_4": "Oneens",
                    "K4_1": "Eens", "K4_2": "Neutraal", "K4_3": "Eens", "K4_4": "Eens",
                    "K5_1": "Oneens", "K5_2": "Neutraal", "K5_3": "Neutraal", "K5_4": "Weet niet / niet van toepassing",
                    "K6_1": "Eens", "K6_2": "Oneens", "K6_3": "Eens", "K6_4": "Neutraal",
                    "K7_1": "Oneens", "K7_2": "Neutraal", "K7_3": "Neutraal", "K7_4": "Oneens"},
     "open": {"K5": "Minder formulieren & regels; méér vertrouwen."},
     "prioriteit": ["K5"]},
    {"ID": 3, "start": dt.datetime(2026, 3, 3, 19, 45, 12), "eind": dt.datetime(2026, 3, 3, 20, 1, 59),
     "antwoorden": {"K1_1": "Helemaal eens", "K1_2": "Eens", "K1_3": "Eens", "K1_4": "Eens",
                    "K2_1": "Eens", "K2_2": "Eens", "K2_3": "Neutraal", "K2_4": "Eens",
                    "K3_1": "Eens", "K3_2": "Eens", "K3_3": "Helemaal eens", "K3_4": "Eens",
                    "K4_1": "Helemaal eens", "K4_2": "Eens", "K4_3": "Eens", "K4_4": "Helemaal eens",
                    "K5_1": "Eens", "K5_2": "Eens", "K5_3": "Neutraal", "K5_4": "Eens",
                    "K6_1": "Helemaal eens", "K6_2": "Eens", "K6_3": "Eens", "K6_4": "Eens",
                    "K7_1": "Eens", "K7_2": "Eens", "K7_3": "Helemaal eens", "K7_4": "Eens"},
     "open": {},
     "prioriteit": ["K2", "K7", "K3"]},
]

FORMS_META = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"]
TIME_FORMAT = "m/d/yy h:mm:ss"


def forms_layout(vl, perspectief="inwoner"):
    """Columns of the Forms download: (heading, kind, code). K2_3's heading ends in spaces and a
    line break (as typed in Forms); the open question of K7 was added later and sits far right,
    after a quiz column."""
    layout = [(h, "meta", h) for h in FORMS_META]
    for u in vl.uitgangspunten:
        for s in u.stellingen:
            heading = s.text_for(perspectief) + ("  \n" if s.code == "K2_3" else "")
            layout.append((heading, "stelling", s.code))
        if u.code != "K7":
            layout.append((u.open_vraag, "open", u.code))
    layout.append((vl.prioriteit.vraag, "prioriteit", "PRIO"))
    layout.append(("Total points", "quiz", ""))
    layout.append((vl.uitgangspunten[-1].open_vraag, "open", "K7"))
    return layout


def forms_workbook(vl, respondenten, layout):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    names = {u.code: u.naam for u in vl.uitgangspunten}
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([heading for heading, _, _ in layout])
    for resp in respondenten:
        row = []
        for heading, kind, code in layout:
            if heading == "ID":
                row.append(resp["ID"])
            elif heading in ("Begintijd", "Tijd van voltooien"):
                row.append(resp["start"] if heading == "Begintijd" else resp["eind"])
            elif heading == "E-mail":
                row.append("anonymous")
            elif kind == "stelling":
                row.append(resp["antwoorden"].get(code))
            elif kind == "open":
                row.append(resp["open"].get(code))
            elif kind == "prioriteit":
                row.append("".join(names[c] + ";" for c in resp["prioriteit"]) or None)
            elif kind == "quiz":
                row.append(0)
            else:
                row.append(resp.get(code))
        ws.append(row)
    for cells in ws.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in cells:
            cell.number_format = TIME_FORMAT
    ref = f"A1:{get_column_letter(len(layout))}{len(respondenten) + 1}"
    table = Table(displayName="Table1", ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    return wb


# --- the kit's Excel form -----------------------------------------------------------------------

EXCEL_RIJEN = [
    {"perspectief": "inwoner",
     "antwoorden": {"K1_1": "Eens", "K1_2": "Neutraal", "K1_3": "Helemaal eens", "K2_1": 4,
                    "K3_2": "Weet niet / niet van toepassing", "K4_4": "Helemaal oneens", "K6_2": "Oneens",
                    "K7_4": "Eens"},
     "open": {"K1": "Ze luisterden echt.\nDat was nieuw voor mij.", "K6": "Minder loketten — één is genoeg!"},
     "prioriteit": ["K6 Transparant en eenvoudig proces", "K1 Afstemming op alle relevante leefgebieden"]},
    {"perspectief": "uitvoerder",
     "antwoorden": {c: "Neutraal" for c in ("K1_1", "K1_2", "K1_3", "K1_4", "K2_1", "K2_2", "K2_3", "K2_4")}
     | {"K5_3": "Oneens", "K5_2": "Helemaal eens", "K5_1": 2},
     "open": {"K5": "Meer tijd per huishouden: <minder> caseload."},
     "prioriteit": ["K5 Handelingsruimte om te doen wat nodig is", "K4 Deskundige medewerkers",
                    "K2 Toekomstbestendige ondersteuning"]},
    {"perspectief": "beleid",
     "antwoorden": {"K3_3": "Eens", "K5_1": "Helemaal eens", "K6_4": "Eens", "K7_3": "Neutraal", "K7_4": 3},
     "open": {},
     "prioriteit": []},
]


def excel_filled(vl, rows, gemeenten=("Noordhoek", "Zuidwaarde")):
    """The kit's form, filled in row by row like a researcher types it."""
    wb = excel_form(vl, list(gemeenten))
    ws = wb[SHEET_ANSWERS]
    columns = {name: i for i, name in enumerate(excel_columns(vl), 1)}
    for number in range(2, ws.max_row + 1):  # the export's random tag, fixed so the file is reproducible
        ws.cell(row=number, column=1, value=f"VB0001-{number - 1:03d}")
    for number, resp in enumerate(rows, 2):
        if "respons_id" in resp:
            ws.cell(row=number, column=columns["respons_id"], value=resp["respons_id"])
        ws.cell(row=number, column=columns["perspectief"], value=resp["perspectief"])
        for code, value in resp["antwoorden"].items():
            ws.cell(row=number, column=columns[code], value=value)
        for code, text in resp["open"].items():
            ws.cell(row=number, column=columns[f"{code}_open"], value=text)
        for rank, value in enumerate(resp["prioriteit"], 1):
            ws.cell(row=number, column=columns[f"prioriteit_{rank}"], value=value)
    return wb


def main() -> None:
    vl = read_vragenlijst()
    good = LS_RESPONDENTEN
    (HERE / "limesurvey_inwoner.csv").write_bytes(limesurvey_csv(vl, good))
    (HERE / "limesurvey_excel_opgeslagen.csv").write_bytes(excel_resaved(limesurvey_csv(
        vl, good, overrides={"4": {"K6open": EXCEL_OPEN["K6"], "K1open": EXCEL_OPEN["K1"]}})))
    (HERE / "limesurvey_twee_foute_rijen.csv").write_bytes(limesurvey_csv(
        vl, good, overrides={"2": {"K4[K4S2]": "A7"}, "4": {"K6[K6S1]": "A9"}}))
    duplicate = dict(good[3], seed="990011")
    (HERE / "limesurvey_fouten_overal.csv").write_bytes(limesurvey_csv(
        vl, good + [duplicate], extra_columns=["Q99"], drop_columns=["K6[K6S3]"],
        overrides={"1": {"K1[K1S1]": "A7"},
                   "2": {"K2[K2S1]": "X3"},
                   "5": {PERSP_CODE: "uitvoerder"}}))

    layout = forms_layout(vl)
    forms_workbook(vl, FORMS_RESPONDENTEN, layout).save(HERE / "forms_inwoner.xlsx")
    bad_layout = [c for c in layout if c[2] != "K3_4"]
    bad_layout.insert(8, ("Woonplaats", "meta", "Woonplaats"))
    bad = [dict(r) for r in FORMS_RESPONDENTEN]
    bad[1] = dict(bad[1], antwoorden=dict(bad[1]["antwoorden"], K1_2="Eens genoeg"))
    bad[2] = dict(bad[2], ID=1)
    forms_workbook(vl, bad, bad_layout).save(HERE / "forms_met_fouten.xlsx")

    excel_filled(vl, EXCEL_RIJEN).save(HERE / "excel_formulier_ingevuld.xlsx")
    wb = excel_filled(vl, EXCEL_RIJEN)
    ws = wb[SHEET_ANSWERS]
    columns = {name: i for i, name in enumerate(excel_columns(vl), 1)}
    ws.cell(row=2, column=columns["K1_open"], value="x" * 10_001)     # te lang
    ws.cell(row=3, column=columns["K5_1"], value=7)                   # buiten de schaal
    ws.cell(row=4, column=columns["perspectief"], value="wethouder")  # onbekend perspectief
    ws.cell(row=4, column=columns["respons_id"], value=ws.cell(row=3, column=1).value)  # dubbel id
    ws.cell(row=4, column=columns["prioriteit_1"], value="K9")        # onbekend uitgangspunt
    wb.save(HERE / "excel_formulier_met_fouten.xlsx")
    print(f"Voorbeeldbestanden geschreven in {HERE}")


if __name__ == "__main__":
    main()
