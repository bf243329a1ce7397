"""The context per municipality as an Excel workbook: `klantreis contextformulier` writes the form
(one row per municipality of the study, filled with what the study already has), the researcher
fills it and saves it as `context.xlsx` in the study folder, and the study reads it back into the
same data as context.yaml. Writer and reader sit side by side.

Sheets: "Uitleg" (what goes where, the codes of the organisation models and positionings),
"Gemeenten" (one row per municipality) and "Routes" (one row per route of a municipality).
Every sheet prints on A4 landscape, one page wide, header row repeated. Problems are reported
by sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problemen
from ..files import MAX_SHEET_ROWS
from ..instruments import CONTEXT_WETTEN
from ..validation import sheet_place, sheet_value

FILE_EXCEL = "context.xlsx"  # the filled-in form, in the study folder instead of context.yaml
FORM_NAME = "context_formulier.xlsx"
SHEET_HELP, SHEET_GEMEENTEN, SHEET_ROUTES = "Uitleg", "Gemeenten", "Routes"
# (field path in context.yaml under the municipality, column heading, width)
GEMEENTE_COLUMNS = [
    ("gemeente", "Gemeente", 16),
    ("inwoners", "Inwoners", 11),
    ("huishoudens", "Huishoudens", 13),
    *[(f"voorzieningen.{k}", f"Huishoudens met {v}", 15) for k, v in CONTEXT_WETTEN.items()],
    ("jaar", "Jaar van de cijfers", 10),
    ("bron", "Bron van de cijfers", 22),
    ("organisatiemodel", "Organisatiemodel", 18),
    ("positionering", "Positionering", 15),
    ("toelichting", "Toelichting (geen namen van inwoners of medewerkers)", 44),
]
ROUTE_COLUMNS = [
    ("gemeente", "Gemeente", 18),
    ("naam", "Route of vorm van ondersteuning", 34),
    ("clienten", "Cliënten", 12),
    ("nieuwe_aanmeldingen", "Nieuwe aanmeldingen", 14),
    ("uitgaven", "Uitgaven (euro)", 16),
    ("jaar", "Jaar", 9),
]
COUNT_FORMAT, EURO_FORMAT = "#,##0", "€ #,##0"
HEADER_FILL, INPUT_FILL = "DDEBF7", "FFF8E1"
ROUTE_ROWS = 40


# --- writing -------------------------------------------------------------------------------------

def write_context_workbook(study, output: Path | None = None) -> Path:
    """Write the context form of this study: one row per municipality (and the routes), with
    what context.yaml or context.xlsx already holds, so the form can be completed and read back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..files import excel_text, save_workbook

    modellen = study.instruments.organisatiemodellen
    context = study.context
    thin = Side(style="thin", color="888888")
    look = {"border": Border(left=thin, right=thin, top=thin, bottom=thin), "bold": Font(bold=True),
            "header": PatternFill("solid", fgColor=HEADER_FILL), "input": PatternFill("solid", fgColor=INPUT_FILL),
            "wrap": Alignment(wrap_text=True, vertical="top")}

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_HELP
    lines = [
        ("Context per gemeente: invulformulier", True),
        (f"Studie: {study.settings.titel}", False),
        ("", False),
        ("Zo vult u dit formulier in", True),
        ("1. Blad Gemeenten: per gemeente de aantallen uit de deskresearch (hele getallen, zonder punten).", False),
        ("   'Huishoudens met …' is het aantal huishoudens met ten minste één voorziening onder die wet; de kit", False),
        ("   rekent het aantal per 1.000 huishoudens uit en vergelijkt het met het landelijke cijfer.", False),
        ("2. Organisatiemodel en positionering: kies een code uit de tabel hieronder.", False),
        ("3. Blad Routes: per route naar hulp de cliënten, nieuwe aanmeldingen en uitgaven in één jaar.", False),
        ("Laat leeg wat u niet weet: 'klantreis controleer' en het rapport noemen wat nog ontbreekt.", False),
        (f"Sla het ingevulde formulier op als {FILE_EXCEL} in de studiemap (en haal context.yaml weg: één van beide).",
         True),
        ("", False),
    ]
    for text, strong in lines:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=strong, size=13 if strong and ws.max_row == 1 else 11)
    start = ws.max_row + 1
    ws.append(["Soort", "Code", "Betekenis"])
    for kind, items in (("organisatiemodel", modellen.organisatiemodellen), ("positionering", modellen.positioneringen)):
        for item in items:
            ws.append([kind, item.code, excel_text(item.naam)])
    _style(ws, start, ws.max_row, 3, look, fill=False)
    for col, width in zip("ABC", (18, 10, 70)):
        ws.column_dimensions[col].width = width
    _print_setup(ws, f"A1:C{ws.max_row}", None)

    def value(gemeente, key):
        item = context.van(gemeente) if context is not None else None
        if item is None:
            return None
        for part in key.split("."):
            item = getattr(item, part)
        return excel_text(item)

    names = list(study.settings.gemeenten)
    ws = wb.create_sheet(SHEET_GEMEENTEN)
    ws.append([label for _, label, _ in GEMEENTE_COLUMNS])
    for naam in names:
        ws.append([excel_text(naam)] + [value(naam, key) for key, _, _ in GEMEENTE_COLUMNS[1:]])
    last = max(len(names), 1) + 1
    _table(ws, GEMEENTE_COLUMNS, last, look, row_height=96)  # room for the toelichting (wrapped)
    keys = [key for key, _, _ in GEMEENTE_COLUMNS]
    for key in ("inwoners", "huishoudens", *[f"voorzieningen.{k}" for k in CONTEXT_WETTEN]):
        _validate(ws, keys, key, last, DataValidation(type="whole", operator="between", formula1="0",
                                                    formula2="10000000", allow_blank=True))
    _validate(ws, keys, "jaar", last, DataValidation(type="whole", operator="between", formula1="1990",
                                                   formula2="2100", allow_blank=True))
    _validate(ws, keys, "organisatiemodel", last, DataValidation(
        type="list", formula1=_list([m.code for m in modellen.organisatiemodellen]), allow_blank=True))
    _validate(ws, keys, "positionering", last, DataValidation(
        type="list", formula1=_list([m.code for m in modellen.positioneringen]), allow_blank=True))

    ws = wb.create_sheet(SHEET_ROUTES)
    ws.append([label for _, label, _ in ROUTE_COLUMNS])
    routes = [(naam, r) for naam in names for r in (context.van(naam).routes if context is not None else [])]
    for naam, r in routes:
        ws.append([excel_text(naam), excel_text(r.naam), r.clienten, r.nieuwe_aanmeldingen, r.uitgaven, r.jaar])
    last = max(len(routes) + 10, ROUTE_ROWS) + 1
    _table(ws, ROUTE_COLUMNS, last, look, row_height=21)
    keys = [key for key, _, _ in ROUTE_COLUMNS]
    _validate(ws, keys, "gemeente", last, DataValidation(type="list", formula1=_list(names), allow_blank=True))
    return save_workbook(wb, study.output_file(FORM_NAME, output))


def _table(ws, columns, last: int, look, row_height: float) -> None:
    """Header, widths, shaded input cells, number formats and print setup of a data sheet."""
    _style(ws, 1, last, len(columns), look, fill=True)
    for i, (key, _, width) in enumerate(columns, 1):
        letter = ws.cell(1, i).column_letter
        ws.column_dimensions[letter].width = width
        number_format = EURO_FORMAT if key == "uitgaven" else COUNT_FORMAT if key in (
            "inwoners", "huishoudens", "clienten", "nieuwe_aanmeldingen") or key.startswith("voorzieningen.") else None
        if number_format:
            for row in range(2, last + 1):
                ws.cell(row, i).number_format = number_format
    ws.row_dimensions[1].height = 45
    for row in range(2, last + 1):
        ws.row_dimensions[row].height = row_height  # wrapped text shows, and there is room to write by hand
    ws.freeze_panes = "B2"
    _print_setup(ws, f"A1:{ws.cell(1, len(columns)).column_letter}{last}", "1:1")


def _style(ws, first: int, last: int, n_cols: int, look, fill: bool) -> None:
    for row in ws.iter_rows(min_row=first, max_row=last, max_col=n_cols):
        for cell in row:
            cell.border, cell.alignment = look["border"], look["wrap"]
            if cell.row == first:
                cell.font, cell.fill = look["bold"], look["header"]
            elif fill:
                cell.fill = look["input"]


def _print_setup(ws, area: str, title_rows: str | None) -> None:
    ws.print_area = area
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "&A — blad &P van &N"


def _validate(ws, keys: list[str], key: str, last: int, dv) -> None:
    letter = ws.cell(1, keys.index(key) + 1).column_letter
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}{last}")


def _list(values: list[str]) -> str:
    return '"' + ",".join(str(v).replace(",", " ").replace('"', "") for v in values) + '"'


# --- reading -------------------------------------------------------------------------------------

def read_context_workbook(path: Path, problemen: Problemen) -> tuple[dict, dict[str, tuple[str, str]]] | None:
    """Read a filled-in form into context data (the structure of context.yaml) and, per field
    path, the sheet, row and column it came from; None when the file cannot be read. The
    checks of the values themselves run in `model.check_context`."""


    from ..files import open_workbook

    wb = open_workbook(path, problemen, "klantreis contextformulier")
    if wb is None:
        return None
    try:
        if SHEET_GEMEENTEN not in wb.sheetnames:
            problemen.add(f"de bladen {SHEET_GEMEENTEN} en {SHEET_ROUTES}", veld="bladen", waarde=", ".join(wb.sheetnames))
            return None
        gemeente_rows = list(_rows(wb, SHEET_GEMEENTEN, GEMEENTE_COLUMNS, problemen))
        route_rows = list(_rows(wb, SHEET_ROUTES, ROUTE_COLUMNS, problemen)) if SHEET_ROUTES in wb.sheetnames else []
    finally:
        wb.close()

    labels = {sheet: {key: label for key, label, _ in columns}
              for sheet, columns in ((SHEET_GEMEENTEN, GEMEENTE_COLUMNS), (SHEET_ROUTES, ROUTE_COLUMNS))}
    gemeenten: dict[str, dict] = {}
    places: dict[str, tuple[str, str]] = {}
    for nr, row in gemeente_rows:
        naam = row.pop("gemeente", None)
        place = sheet_place(SHEET_GEMEENTEN, nr)
        if naam is None:
            problemen.add("de naam van de gemeente in de eerste kolom", plaats=place, veld="Gemeente", waarde=None)
            continue
        naam = str(naam)
        if naam in gemeenten:
            problemen.add("één rij per gemeente", plaats=place, veld="Gemeente", waarde=naam)
            continue
        entry: dict = {}
        for key, cell in row.items():
            if cell is None:
                continue
            if key.startswith("voorzieningen."):
                entry.setdefault("voorzieningen", {})[key.split(".", 1)[1]] = cell
            else:
                entry[key] = cell
            places[f"gemeenten.{naam}.{key}"] = (place, labels[SHEET_GEMEENTEN][key])
        places[f"gemeenten.{naam}"] = (place, "Gemeente")
        places[f"gemeenten.{naam}.gemeente"] = (place, "Gemeente")
        gemeenten[naam] = entry
    for nr, row in route_rows:
        naam = row.pop("gemeente", None)
        place = sheet_place(SHEET_ROUTES, nr)
        if naam is None:
            problemen.add("de naam van de gemeente in de eerste kolom", plaats=place, veld="Gemeente", waarde=None)
            continue
        naam = str(naam)
        routes = gemeenten.setdefault(naam, {}).setdefault("routes", [])
        if f"gemeenten.{naam}" not in places:
            places[f"gemeenten.{naam}"] = places[f"gemeenten.{naam}.gemeente"] = (place, "Gemeente")
        prefix = f"gemeenten.{naam}.routes[{len(routes) + 1}]"
        places[prefix] = (place, labels[SHEET_ROUTES]["naam"])
        for key in row:
            places[f"{prefix}.{key}"] = (place, labels[SHEET_ROUTES][key])
        routes.append({k: v for k, v in row.items() if v is not None})
    return {"gemeenten": gemeenten}, places


def _rows(wb, sheet: str, columns: list[tuple[str, str, int]], problemen: Problemen):
    """(row number, {key: cell value}) per non-empty row, headings checked."""
    by_label = {label: key for key, label, _ in columns}
    rows = wb[sheet].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in by_label]
    if unknown or not header or header[0] != columns[0][1]:
        problemen.add(f"de kolommen {'; '.join(by_label)}", plaats=sheet_place(sheet, 1), veld="kolomkop",
                      waarde=", ".join(unknown) or ", ".join(h for h in header if h) or None)
        return
    for nr, values in enumerate(rows, 2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield nr, {by_label[label]: sheet_value(value, problemen, sheet, nr, label)
                   for label, value in zip(header, values) if label}
