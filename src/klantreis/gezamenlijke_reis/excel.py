"""The gezamenlijke reis as an Excel workbook: the kit writes an empty session form for the
study (`klantreis sessieformulier gezamenlijke-reis`), the facilitator fills it in during or
after the session, and `read_session_workbook` reads it back into the same data as a session
YAML file (`klantreis gezamenlijke-reis inlezen` writes that file).

Sheets: "Uitleg" (what to do, printed first), "Sessie" (one field per row), "Deelnemers",
"Verbeterpunten", "Stemmen" (one row per participant, one column per improvement point) and
"Codes" (the steps, sleutelmomenten, kenmerken and roles to choose from). Every sheet prints
on A4 landscape with its header row repeated; the cells to fill in have a border and a shade.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import Problemen
from ..files import MAX_SHEET_ROWS, excel_text, save_workbook
from ..validation import sheet_place, sheet_value, split_codes

FORM_NAME = "sessieformulier_gezamenlijke_reis.xlsx"
SHEET_HELP, SHEET_SESSION, SHEET_PEOPLE, SHEET_POINTS, SHEET_VOTES, SHEET_CODES = (
    "Uitleg", "Sessie", "Deelnemers", "Verbeterpunten", "Stemmen", "Codes")
SESSION_FIELDS = [  # (field, label on the form, help)
    ("gemeente", "Gemeente", "Leeg laten als de sessie voor alle gemeenten van de studie samen was"),
    ("datum", "Datum van de sessie", "Als JJJJ-MM-DD, bv. 2026-06-18"),
    ("max_punten", "Punten per deelnemer", "Hoeveel punten (stippen) iedere deelnemer mocht verdelen"),
]
PEOPLE_COLUMNS = [("id", "Pseudoniem"), ("rol", "Rol")]
POINT_COLUMNS = [("code", "Code"), ("tekst", "Verbeterpunt"), ("stappen", "Stappen (codes, met komma's)"),
                 ("sleutelmomenten", "Sleutelmomenten (codes)"), ("kenmerken", "Kenmerken (K1–K7)")]
LIST_FIELDS = {"stappen", "sleutelmomenten", "kenmerken"}
PEOPLE_ROWS, POINT_ROWS = 25, 15  # what fits on one A4 page
VOTER_LABEL = "Pseudoniem"

HEADER_FILL, INPUT_FILL = "DDEBF7", "FFF2CC"


def write_session_workbook(study, output: Path | None = None) -> Path:
    """Write an empty session form for this study (A4 landscape, Dutch labels)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill, input_fill = PatternFill("solid", fgColor=HEADER_FILL), PatternFill("solid", fgColor=INPUT_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    reis, instr = study.schaduwreis, study.instruments
    rollen = instr.vocabulaire.sessie_rollen

    def header(ws, labels, widths):
        ws.append(labels)
        for cell, width in zip(ws[1], widths):
            cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), header_fill, border, wrap
            ws.column_dimensions[cell.column_letter].width = width

    def to_fill(ws, cells):
        for row in ws[cells]:
            for cell in row:
                cell.fill, cell.border, cell.alignment = input_fill, border, wrap

    def page(ws, last_column: str, last_row: int, title_row: bool = True):
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_area = f"A1:{last_column}{last_row}"
        if title_row:
            ws.print_title_rows = "1:1"
            ws.freeze_panes = "A2"
        ws.oddFooter.center.text = f"{ws.title} — pagina &P van &N"

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_HELP
    lines = [
        ("Sessieformulier gezamenlijke reis", True),
        (study.settings.titel, False),
        ("", False),
        ("Zo vult u dit formulier in", True),
        ("1. Blad Sessie: de gemeente (leeg voor alle gemeenten samen), de datum en het aantal punten per deelnemer.", False),
        (("2. Blad Deelnemers: per deelnemer een pseudoniem (bv. D01, nooit een naam) en een rol uit de lijst. "
         "De facilitator staat er ook in, met de rol facilitator; die stemt niet mee."), False),
        (("3. Blad Verbeterpunten: per verbeterpunt de tekst en de codes van de stappen, sleutelmomenten en "
         "kenmerken waar het bij hoort (zie blad Codes)."), False),
        (("4. Blad Stemmen: per deelnemer een rij; zet onder elk verbeterpunt hoeveel punten de deelnemer eraan gaf. "
         "Niemand geeft meer punten dan op blad Sessie staat."), False),
        ("5. Sla het bestand op en lees het in met: klantreis gezamenlijke-reis inlezen FORMULIER.xlsx STUDIEMAP", False),
        ("", False),
        (("Privacy: geen namen, adressen of telefoonnummers in de verbeterpunten; de kit verwijdert wat hij "
         "herkent, maar schrijf ze liever niet op."), False),
    ]
    for text, bold in lines:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=bold, size=14 if ws.max_row == 1 else 11)
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheets do not grow a row for wrapped text on their own: about 95 characters a line.
        ws.row_dimensions[ws.max_row].height = 16 * max(1, -(-len(text) // 95))
    ws.column_dimensions["A"].width = 105
    page(ws, "A", ws.max_row, title_row=False)

    ws = wb.create_sheet(SHEET_SESSION)
    header(ws, ["Veld", "Waarde", "Toelichting"], [26, 28, 70])
    for _, label, help_text in SESSION_FIELDS:
        ws.append([label, None, help_text])
    to_fill(ws, f"B2:B{len(SESSION_FIELDS) + 1}")
    gemeenten = DataValidation(type="list", formula1=_list_formula(study.settings.gemeenten), allow_blank=True)
    points = DataValidation(type="whole", operator="between", formula1="1", formula2="100", allow_blank=True)
    for dv, cell in ((gemeenten, "B2"), (points, "B4")):
        ws.add_data_validation(dv)
        dv.add(cell)
    page(ws, "C", ws.max_row)

    ws = wb.create_sheet(SHEET_PEOPLE)
    header(ws, [label for _, label in PEOPLE_COLUMNS], [16, 30])
    roles = DataValidation(type="list", formula1=_list_formula(list(rollen)), allow_blank=True)
    ws.add_data_validation(roles)
    roles.add(f"B2:B{PEOPLE_ROWS + 1}")
    for _ in range(PEOPLE_ROWS):
        ws.append([None, None])
    to_fill(ws, f"A2:B{PEOPLE_ROWS + 1}")
    page(ws, "B", PEOPLE_ROWS + 1)

    ws = wb.create_sheet(SHEET_POINTS)
    header(ws, [label for _, label in POINT_COLUMNS], [7, 60, 30, 24, 19])
    for nr in range(1, POINT_ROWS + 1):
        ws.append([f"V{nr}", None, None, None, None])
        ws.cell(nr + 1, 1).border = border
        ws.row_dimensions[nr + 1].height = 30  # room for two handwritten lines
    to_fill(ws, f"B2:E{POINT_ROWS + 1}")
    page(ws, "E", POINT_ROWS + 1)

    ws = wb.create_sheet(SHEET_VOTES)
    header(ws, [VOTER_LABEL] + [f"V{nr}" for nr in range(1, POINT_ROWS + 1)], [14] + [6] * POINT_ROWS)
    whole = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                           error="Een geheel aantal punten", errorTitle="Geen aantal punten", showErrorMessage=True)
    ws.add_data_validation(whole)
    last = _column(POINT_ROWS + 1)
    whole.add(f"B2:{last}{PEOPLE_ROWS + 1}")
    for _ in range(PEOPLE_ROWS):
        ws.append([None] * (POINT_ROWS + 1))
    to_fill(ws, f"A2:{last}{PEOPLE_ROWS + 1}")
    page(ws, last, PEOPLE_ROWS + 1)

    ws = wb.create_sheet(SHEET_CODES)
    header(ws, ["Soort", "Code", "Betekenis"], [22, 24, 80])
    for stap in reis.steps:
        ws.append(["stap" + (" en sleutelmoment" if stap.sleutelmoment else ""), stap.id, stap.naam])
    for k in instr.kenmerken.kenmerken:
        ws.append(["kenmerk", k.code, k.naam])
    for code, label in rollen.items():
        ws.append(["rol", code, label])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.border, cell.alignment = border, wrap
    page(ws, "C", ws.max_row)
    return save_workbook(wb, study.output_file(FORM_NAME, output))


def _column(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def _list_formula(values: list[str]) -> str:
    return '"' + ",".join(v.replace(",", " ").replace('"', "") for v in values) + '"'


def read_session_workbook(path: Path, problemen: Problemen) -> tuple[dict | None, dict[str, str]]:
    """Read a filled-in form into session data (the structure of a session YAML file).

    Returns the data (None when the file is not a readable form) and where each participant,
    improvement point and vote came from ("stemmen:deelnemer D01" → "blad 'Stemmen', rij 2"),
    for the problems that follow."""


    from ..files import open_workbook

    wb = open_workbook(path, problemen, "klantreis sessieformulier gezamenlijke-reis")
    if wb is None:
        return None, {}
    rows_of: dict[str, str] = {}
    try:
        needed = (SHEET_SESSION, SHEET_PEOPLE, SHEET_POINTS, SHEET_VOTES)
        if any(s not in wb.sheetnames for s in needed):
            problemen.add(f"de bladen {', '.join(needed)}", veld="bladen", waarde=", ".join(wb.sheetnames))
            return None, {}
        data: dict = {"deelnemers": [], "verbeterpunten": [], "stemmen": []}
        labels = {label: field for field, label, _ in SESSION_FIELDS}
        for nr, row in enumerate(wb[SHEET_SESSION].iter_rows(min_row=2, max_row=MAX_SHEET_ROWS, max_col=2, values_only=True), 2):
            if not row or row[0] is None:
                continue
            label = str(row[0]).strip()
            if label not in labels:
                problemen.add(f"een van de vaste velden: {', '.join(labels)}", plaats=sheet_place(SHEET_SESSION, nr),
                              veld="Veld", waarde=label)
                continue
            value = sheet_value(row[1] if len(row) > 1 else None, problemen, SHEET_SESSION, nr, label)
            if value is not None:
                data[labels[label]] = value.date() if isinstance(value, dt.datetime) else value
        for nr, row in _rows(wb, SHEET_PEOPLE, problemen):
            person = {field: sheet_value(v, problemen, SHEET_PEOPLE, nr, label)
                      for (field, label), v in zip(PEOPLE_COLUMNS, row)}
            if all(v is None for v in person.values()):
                continue
            data["deelnemers"].append({k: v for k, v in person.items() if v is not None})
            rows_of[f"deelnemers:deelnemer {person.get('id')}"] = sheet_place(SHEET_PEOPLE, nr)
        for nr, row in _rows(wb, SHEET_POINTS, problemen):
            point = {field: sheet_value(v, problemen, SHEET_POINTS, nr, label)
                     for (field, label), v in zip(POINT_COLUMNS, row)}
            if all(point.get(f) is None for f in ("tekst", *LIST_FIELDS)):
                continue  # a prefilled code without text: not used
            for field in LIST_FIELDS:
                point[field] = split_codes(point.get(field))
            data["verbeterpunten"].append({k: v for k, v in point.items() if v is not None})
            rows_of[f"verbeterpunten:verbeterpunt {point.get('code')}"] = sheet_place(SHEET_POINTS, nr)
        sheet = wb[SHEET_VOTES].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True)
        codes = [str(c).strip() if c is not None else "" for c in next(sheet, ())][1:]
        for nr, row in enumerate(sheet, 2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            who = sheet_value(row[0], problemen, SHEET_VOTES, nr, VOTER_LABEL)
            given = {}
            for code, value in zip(codes, row[1:]):
                value = sheet_value(value, problemen, SHEET_VOTES, nr, code)
                if code and value not in (None, 0):
                    given[code] = value
            data["stemmen"].append({"deelnemer": who, "punten": given})
            rows_of[f"stemmen:deelnemer {who}"] = sheet_place(SHEET_VOTES, nr)
    finally:
        wb.close()
    return data, rows_of



def _rows(wb, sheet: str, problemen: Problemen):
    for nr, values in enumerate(wb[sheet].iter_rows(min_row=2, max_row=MAX_SHEET_ROWS, values_only=True), 2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield nr, values




def fill_session_workbook(form: Path, data: dict, target: Path) -> Path:
    """Fill a session form with session data (as a facilitator would by hand): for tests and
    for handing a YAML session back to someone who works in Excel."""
    from openpyxl import load_workbook

    wb = load_workbook(form)
    ws = wb[SHEET_SESSION]
    for nr, (field, _, _) in enumerate(SESSION_FIELDS, 2):
        value = data.get(field)
        ws.cell(nr, 2).value = excel_text(value.isoformat() if isinstance(value, dt.date) else value)
    ws = wb[SHEET_PEOPLE]
    for nr, person in enumerate(data.get("deelnemers", []), 2):
        ws.cell(nr, 1).value, ws.cell(nr, 2).value = excel_text(person.get("id")), excel_text(person.get("rol"))
    ws = wb[SHEET_POINTS]
    for nr, point in enumerate(data.get("verbeterpunten", []), 2):
        ws.cell(nr, 1).value = point.get("code")
        ws.cell(nr, 2).value = excel_text(point.get("tekst"))
        for col, field in enumerate(("stappen", "sleutelmomenten", "kenmerken"), 3):
            ws.cell(nr, col).value = ", ".join(point.get(field, [])) or None
    ws = wb[SHEET_VOTES]
    columns = {ws.cell(1, c).value: c for c in range(2, ws.max_column + 1)}
    for nr, vote in enumerate(data.get("stemmen", []), 2):
        ws.cell(nr, 1).value = excel_text(vote.get("deelnemer"))
        for code, points in vote.get("punten", {}).items():
            ws.cell(nr, columns[code]).value = points
    return save_workbook(wb, target)
