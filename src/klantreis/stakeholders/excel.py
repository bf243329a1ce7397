"""A stakeholder interview or focus group as an Excel workbook: the kit writes an empty form
(`klantreis stakeholderformulier`), the interviewer fills it in, and `import_workbook` reads it
back into `stakeholders/<id>.yaml` (`klantreis stakeholders inlezen`), checked like a YAML file.

Sheets: "Gesprek" (one field per row), "Deelnemers" (a focus group: participants per role),
"Uitspraken" (one statement per row) and "Codes" (the allowed codes, for reference). Problems
are reported by sheet and row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import KlantreisFout, Probleem, Problemen
from ..files import MAX_SHEET_ROWS, save_workbook
from ..validation import sheet_place, sheet_value, split_codes, validate
from .model import FOLDER, SOORTEN, Gesprek, check_gesprek, context_of, write_gesprek

FORM_NAME = "stakeholderformulier.xlsx"
SHEET_CONVERSATION, SHEET_PEOPLE, SHEET_STATEMENTS, SHEET_CODES = "Gesprek", "Deelnemers", "Uitspraken", "Codes"
FIELDS = [
    ("id", "Pseudoniem", "S01 voor een interview, F01 voor een focusgroep; nooit een naam"),
    ("soort", "Soort gesprek", "interview of focusgroep"),
    ("gemeente", "Gemeente", "kies uit de lijst; leeg voor een regionaal gesprek"),
    ("datum", "Datum", "JJJJ-MM-DD, binnen de onderzoeksperiode"),
    ("interviewer_rol", "Rol van de interviewer", "een code van blad Codes (interviewer_rol)"),
    ("rol", "Rol van de geïnterviewde", "alleen bij een interview: een code van blad Codes (rol)"),
    ("toestemming_interview", "Toestemming voor het gesprek", "ja / nee"),
    ("toestemming_citaten", "Toestemming voor letterlijke uitspraken", "ja / nee; ook per uitspraak vragen"),
]
PEOPLE_COLUMNS = [("rol", "Rol (code)", 22), ("label", "Rol", 48), ("aantal", "Aantal deelnemers", 16)]
STATEMENT_COLUMNS = [("tekst", "Uitspraak (samenvatting of letterlijk)", 64), ("citaat", "Letterlijk? ja / nee", 12),
                     ("toestemming_citaat", "Toestemming voor dit citaat? ja / nee", 15),
                     ("codes", "Codes (komma's)", 22), ("rol", "Rol van de spreker (focusgroep)", 16),
                     ("perspectief", "Perspectief (alleen als anders dan de rol)", 16),
                     ("verbeterpunt", "Verbeterpunt? ja / nee", 15)]
CODE_COLUMNS = [("soort", "Soort", 16), ("code", "Code", 24), ("betekenis", "Betekenis", 70)]
HEADER = ("Vraag", "Antwoord", "Toelichting")
YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}
FILL_IN, HEADING = "FFF4CC", "DDEBF7"
EMPTY_ROWS = 25


def instruction(study) -> str:
    return ("Vul de gele vakken in, tijdens of direct na het gesprek. Alleen een pseudoniem en rollen, nooit namen. "
            "Blad Deelnemers alleen bij een focusgroep: het aantal deelnemers per rol. Blad Uitspraken: één uitspraak "
            "per rij, samengevat of letterlijk; een letterlijke uitspraak komt alleen in het rapport als de spreker "
            "voor het gesprek én voor die uitspraak toestemming gaf. Codes staan op blad Codes. Lees het ingevulde "
            "formulier in met 'klantreis stakeholders inlezen FORMULIER.xlsx STUDIEMAP'.")


def write_form(study, output: Path | None = None) -> Path:
    """Write an empty form for this study, laid out to print (A4 landscape, fit to width)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    vocab, instr = study.instruments.vocabulaire, study.instruments
    wb = Workbook()
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(wrap_text=True, vertical="top")

    def heading_row(ws, row: int) -> None:
        for cell in ws[row]:
            cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADING)
            cell.border, cell.alignment = box, Alignment(wrap_text=True, vertical="center")

    def fill_in(cell) -> None:
        cell.fill, cell.border, cell.alignment = PatternFill("solid", fgColor=FILL_IN), box, top

    def printable(ws, header: int, widths: list[int]) -> None:
        for nr, width in enumerate(widths, 1):
            ws.column_dimensions[ws.cell(row=1, column=nr).column_letter].width = width
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{header}:{header}"
        ws.freeze_panes = f"A{header + 1}"

    def choice(ws, values, cells: str) -> None:
        dv = DataValidation(type="list", formula1='"' + ",".join(v.replace(",", " ") for v in values) + '"',
                            allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(cells)

    ws = wb.active
    ws.title = SHEET_CONVERSATION
    ws.append([f"Stakeholderinterview of focusgroep: {study.settings.titel}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([instruction(study)])
    ws.merge_cells("A2:C2")
    ws["A2"].alignment = top
    ws.row_dimensions[2].height = 80
    ws.append([])
    ws.append(list(HEADER))
    heading_row(ws, ws.max_row)
    header = ws.max_row
    rows = {}
    for key, label, help_text in FIELDS:
        ws.append([label, None, help_text])
        rows[key] = ws.max_row
        fill_in(ws.cell(row=ws.max_row, column=2))
        ws.cell(row=ws.max_row, column=3).font = Font(italic=True, color="404040")
    choice(ws, list(SOORTEN), f"B{rows['soort']}")
    choice(ws, study.settings.gemeenten, f"B{rows['gemeente']}")
    choice(ws, list(vocab.interviewer_rollen), f"B{rows['interviewer_rol']}")
    choice(ws, list(vocab.stakeholder_rollen), f"B{rows['rol']}")
    choice(ws, ["ja", "nee"], f"B{rows['toestemming_interview']}:B{rows['toestemming_citaten']}")
    printable(ws, header, [34, 40, 56])

    people = wb.create_sheet(SHEET_PEOPLE)
    people.append([label for _, label, _ in PEOPLE_COLUMNS])
    heading_row(people, 1)
    for code, label in vocab.stakeholder_rollen.items():
        people.append([code, label, None])
        fill_in(people.cell(row=people.max_row, column=3))
    printable(people, 1, [w for _, _, w in PEOPLE_COLUMNS])

    statements = wb.create_sheet(SHEET_STATEMENTS)
    statements.append([label for _, label, _ in STATEMENT_COLUMNS])
    heading_row(statements, 1)
    statements.row_dimensions[1].height = 60
    for row in range(2, 2 + EMPTY_ROWS):
        statements.row_dimensions[row].height = 45
        for nr in range(1, len(STATEMENT_COLUMNS) + 1):
            fill_in(statements.cell(row=row, column=nr))
    last = 1 + EMPTY_ROWS
    for column in ("B", "C", "G"):
        choice(statements, ["ja", "nee"], f"{column}2:{column}{last}")
    choice(statements, list(vocab.stakeholder_rollen), f"E2:E{last}")
    choice(statements, list(vocab.perspectieven), f"F2:F{last}")
    printable(statements, 1, [w for _, _, w in STATEMENT_COLUMNS])

    codes = wb.create_sheet(SHEET_CODES)
    codes.append([label for _, label, _ in CODE_COLUMNS])
    heading_row(codes, 1)
    for kind, mapping in (("code", instr.code_labels), ("rol", vocab.stakeholder_rollen),
                          ("perspectief", vocab.perspectieven), ("interviewer_rol", vocab.interviewer_rollen)):
        for code, label in mapping.items():
            codes.append([kind, code, label])
    printable(codes, 1, [w for _, _, w in CODE_COLUMNS])
    return save_workbook(wb, study.output_file(FORM_NAME, output))




def _yes_no(value):
    if isinstance(value, str) and value.strip().lower() in YES | NO:
        return value.strip().lower() in YES
    return value


def read_form(path: Path, problemen: Problemen) -> tuple[dict | None, dict[str, str]]:
    """A filled-in form as conversation data, and where each field came from (sheet and row)."""


    from ..files import open_workbook

    wb = open_workbook(path, problemen, "klantreis stakeholderformulier")
    if wb is None:
        return None, {}
    try:
        if any(s not in wb.sheetnames for s in (SHEET_CONVERSATION, SHEET_STATEMENTS)):
            problemen.add(f"de bladen {SHEET_CONVERSATION}, {SHEET_PEOPLE} en {SHEET_STATEMENTS}", veld="bladen",
                          waarde=", ".join(wb.sheetnames))
            return None, {}
        data: dict = {"gemeente": None, "toestemming": {}, "deelnemers": {}, "uitspraken": []}
        where: dict[str, str] = {}
        by_label = {label: key for key, label, _ in FIELDS} | {key: key for key, _, _ in FIELDS}
        rows = list(wb[SHEET_CONVERSATION].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True))
        header = next((nr for nr, row in enumerate(rows, 1) if row and row[0] == HEADER[0]), 1)
        for nr, row in enumerate(rows[header:], header + 1):
            if not row or row[0] is None:
                continue
            label = str(row[0]).strip()
            key = by_label.get(label)
            if key is None:
                problemen.add(f"een van de vaste vragen: {', '.join(l for _, l, _ in FIELDS)}",
                              plaats=sheet_place(SHEET_CONVERSATION, nr), veld="vraag", waarde=label)
                continue
            value = sheet_value(row[1] if len(row) > 1 else None, problemen, SHEET_CONVERSATION, nr, key)
            if key.startswith("toestemming_"):
                data["toestemming"][key.removeprefix("toestemming_")] = _yes_no(value)
                where[f"toestemming.{key.removeprefix('toestemming_')}"] = sheet_place(SHEET_CONVERSATION, nr)
                continue
            if key == "datum" and isinstance(value, dt.datetime):
                value = value.date() if value.time() == dt.time() else value
            if key == "gemeente" and isinstance(value, str) and value.lower() == "regionaal":
                value = None
            if value is not None or key == "gemeente":
                data[key] = value
            where[key] = sheet_place(SHEET_CONVERSATION, nr)
        if SHEET_PEOPLE in wb.sheetnames:
            for nr, row in _rows(wb, SHEET_PEOPLE, PEOPLE_COLUMNS, problemen):
                if row.get("aantal") is not None and row.get("rol") is not None:
                    data["deelnemers"][str(row["rol"])] = row["aantal"]
                    where["deelnemers"] = sheet_place(SHEET_PEOPLE, nr)
        for nr, row in _rows(wb, SHEET_STATEMENTS, STATEMENT_COLUMNS, problemen):
            item = {k: (_yes_no(v) if k in ("citaat", "toestemming_citaat", "verbeterpunt") else v)
                    for k, v in row.items() if v is not None and k != "codes"}
            item["codes"] = split_codes(row.get("codes"))
            data["uitspraken"].append(item)
            where[f"uitspraken[{len(data['uitspraken'])}]"] = sheet_place(SHEET_STATEMENTS, nr)
        if not data["deelnemers"]:
            data.pop("deelnemers")
        return data, where
    finally:
        wb.close()


def _rows(wb, sheet: str, columns, problemen: Problemen):
    rows = wb[sheet].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True)
    known = {label: key for key, label, _ in columns} | {key: key for key, _, _ in columns}
    header = [known.get(str(h).strip(), str(h).strip()) if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in known.values()]
    if unknown:
        problemen.add(f"de kolommen {'; '.join(label for _, label, _ in columns)}", plaats=sheet_place(sheet, 1),
                      veld="kolomkop", waarde=", ".join(unknown))
        return
    for nr, values in enumerate(rows, 2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {name: sheet_value(v, problemen, sheet, nr, name) for name, v in zip(header, values) if name}
        if sheet == SHEET_PEOPLE or row.get("tekst") is not None or any(
                row.get(k) is not None for k in ("codes", "citaat", "rol")):
            yield nr, row


def import_workbook(study, path: Path, overwrite: bool = False) -> Path:
    """Read a filled-in form, check it against the study and write `stakeholders/<id>.yaml`
    (atomically; an existing file only with `overwrite`). Nothing is written when there is a problem."""
    study.refuse_demo("Gesprek niet ingelezen")
    problemen = Problemen(Path(path).name)
    data, where = read_form(Path(path), problemen)
    gesprek = None
    if data is not None:
        def locate(field: str) -> tuple[str | None, str]:
            prefix = next((p for p in sorted(where, key=len, reverse=True)
                           if field == p or field.startswith(p + ".") or field.startswith(p + "[")), None)
            return (where[prefix], field.split(".")[-1]) if prefix else (None, field)

        gesprek = validate(Gesprek, data, problemen, locate=locate)
        check_gesprek(data, context_of(study), problemen, statement_place=lambda nr: where.get(f"uitspraken[{nr}]"))
    problemen.raise_if_any("Gesprek niet ingelezen")
    target = Path(study.path) / FOLDER / f"{gesprek.id}.yaml"
    if target.exists() and not overwrite:
        raise KlantreisFout(Probleem(bestand=str(target), toon_waarde=False, toegestaan=(
            "een nieuw gespreksbestand; dit bestand bestaat al (gebruik --overschrijf om het te vervangen)")),
            "Gesprek niet ingelezen")
    target.parent.mkdir(exist_ok=True)
    return write_gesprek(gesprek, target.parent, overwrite=overwrite)
