"""The effectenarena session as an Excel workbook: the kit writes an empty, printable form
(`klantreis sessieformulier effectenarena`), the facilitator fills it in during or after the
session, and `klantreis effectenarena inlezen` reads it back into the same session file a
YAML writer or the notebook form makes. Writer and reader sit side by side.

Sheets: "Uitleg" (what to fill in where, the codes), "Sessie" (one field per row),
"Deelnemers", "Arena" (one card per row), "Verbindingen", "Factoren" and "Scores" (one row per
participant and factor). Every sheet prints on A4 landscape, one page wide, with its header row
repeated; the cells to fill in have a border and a light shade. Problems are reported by sheet
and row.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..errors import KlantreisFout, Probleem, Problemen
from ..files import MAX_SHEET_ROWS
from ..validation import sheet_place, sheet_value
from .model import FOLDER, PERSPECTIEVEN, SCALE, SOORTEN, check_session

FORM_NAME = "effectenarena_sessieformulier.xlsx"
SHEET_HELP, SHEET_SESSION = "Uitleg", "Sessie"
# Per sheet: (data key, Dutch column label, width, rows to fill in)
SESSION_FIELDS = [
    ("titel", "Titel van de sessie"),
    ("datum", "Datum (JJJJ-MM-DD)"),
    ("gemeente", "Gemeente (leeg laten bij een sessie van meer gemeenten)"),
    ("methode", "Scoremethode: stippen of impact_haalbaarheid"),
    ("stippen_per_deelnemer", "Stippen per deelnemer (alleen bij stippen)"),
]
SHEETS = {
    "Deelnemers": ([("id", "Code deelnemer (bv. D01, nooit een naam)", 30), ("rol", "Rol (zie Uitleg)", 28)], 20),
    "Arena": ([("huishouden", "Huishouden (code)", 14), ("soort", "Soort kaart", 16), ("id", "Code kaart", 12),
               ("tekst", "Tekst op de kaart", 60), ("voor", "Effect voor (huishouden of samenleving)", 22)], 40),
    "Verbindingen": ([("huishouden", "Huishouden (code)", 16), ("van", "Van (code kaart)", 18),
                      ("naar", "Naar (code kaart)", 18)], 40),
    "Factoren": ([("id", "Code factor (F01 …)", 12), ("tekst", "Factor", 56), ("soort", "Belemmerend of bevorderend", 18),
                  ("perspectief", "Perspectief", 16), ("kenmerk", "Kenmerk (K1–K7)", 12),
                  ("huishouden", "Huishouden (optioneel)", 14)], 20),
    "Scores": ([("deelnemer", "Code deelnemer", 16), ("factor", "Code factor", 14), ("stippen", "Stippen", 12),
                ("impact", f"Impact ({SCALE[0]}–{SCALE[1]})", 14),
                ("haalbaarheid", f"Haalbaarheid ({SCALE[0]}–{SCALE[1]})", 16)], 160),
}
CARD_KINDS = {"aanpak": "aanpak", "investeerder": "investeerders", "effect": "effecten", "incasseerder": "incasseerders"}
HEADER_FILL, INPUT_FILL = "DDEBF7", "FFF8E1"


# --- writing -------------------------------------------------------------------------------------

def write_session_workbook(study, output: Path | None = None) -> Path:
    """Write the empty session form for this study (households, roles and kenmerken as lists)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..files import excel_text, save_workbook

    vocab = study.instruments.vocabulaire
    households = study.effectenarena_huishoudens
    kenmerken = {k.code: k.naam for k in study.instruments.kenmerken.kenmerken}
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold, header_fill, input_fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL), \
        PatternFill("solid", fgColor=INPUT_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_HELP
    lines = [
        ("Effectenarena: sessieformulier", True),
        (f"Studie: {study.settings.titel}", False),
        ("", False),
        ("Zo vult u dit formulier in", True),
        ("1. Blad Sessie: titel, datum, gemeente (leeg bij meer gemeenten) en de scoremethode die u koos.", False),
        ("2. Blad Deelnemers: per deelnemer een code (D01, D02 …, nooit een naam) en een rol.", False),
        ("3. Blad Arena: per huishouden één rij per kaart. Geef elke kaart een code (I1, A1, E1, C1 …).", False),
        ("4. Blad Verbindingen: de pijlen die de zaal trok, van kaart naar kaart (met de codes).", False),
        ("5. Blad Factoren: wat in de huidige inrichting helpt of belemmert, met perspectief en kenmerk.", False),
        ("6. Blad Scores: per deelnemer en factor de stippen, of impact én haalbaarheid van 1 tot en met 5.", False),
        ("Lever het formulier in bij de onderzoeker; die leest het in met 'klantreis effectenarena inlezen'.", False),
        ("Alleen gele vakken invullen. Schrijf geen namen of andere persoonsgegevens op.", True),
        ("", False),
    ]
    for text, strong in lines:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=strong, size=13 if strong and ws.max_row == 1 else 11)
    start = ws.max_row + 1
    ws.append(["Soort", "Code", "Betekenis"])
    codes = ([("rol", c, label) for c, label in vocab.sessie_rollen.items()]
             + [("huishouden", c, f"{h.naam} ({h.complexiteit})") for c, h in households.items()]
             + [("soort kaart", k, v) for k, v in (("aanpak", "wat er gebeurt (binnen de arena)"),
                                                    ("investeerder", "wie iets inzet (buiten de arena)"),
                                                    ("effect", "wat het oplevert (binnen de arena)"),
                                                    ("incasseerder", "wie er baat bij heeft (buiten de arena)"))]
             + [("soort factor", c, label) for c, label in SOORTEN.items()]
             + [("perspectief", c, label) for c, label in PERSPECTIEVEN.items()]
             + [("kenmerk", c, label) for c, label in kenmerken.items()]
             + [("scoremethode", "stippen", "elke deelnemer verdeelt een vast aantal stippen"),
                ("scoremethode", "impact_haalbaarheid", f"impact en haalbaarheid per factor, {SCALE[0]}–{SCALE[1]}")])
    for row in codes:
        ws.append([excel_text(v) for v in row])
    _style_table(ws, start, ws.max_row, 3, bold, header_fill, border, wrap, fill=None)
    for col, width in zip("ABC", (16, 22, 70)):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["A"].width = 16
    _print_setup(ws, f"A1:C{ws.max_row}", None)

    ws = wb.create_sheet(SHEET_SESSION)
    ws.append(["Veld", "Waarde"])
    for _, label in SESSION_FIELDS:
        ws.append([label, None])
    _style_table(ws, 1, ws.max_row, 2, bold, header_fill, border, wrap, fill=input_fill, fill_from_col=2)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 58, 40
    _validation(ws, DataValidation(type="list", formula1=_list(study.settings.gemeenten), allow_blank=True), "B4")
    _validation(ws, DataValidation(type="list", formula1='"stippen,impact_haalbaarheid"', allow_blank=True), "B5")
    _validation(ws, DataValidation(type="whole", operator="between", formula1="1", formula2="50", allow_blank=True), "B6")
    _print_setup(ws, f"A1:B{ws.max_row}", "1:1")

    lists = {("Deelnemers", "rol"): _list(list(vocab.sessie_rollen)),
             ("Arena", "huishouden"): _list(list(households)), ("Arena", "soort"): _list(list(CARD_KINDS)),
             ("Arena", "voor"): '"huishouden,samenleving"', ("Verbindingen", "huishouden"): _list(list(households)),
             ("Factoren", "soort"): _list(list(SOORTEN)), ("Factoren", "perspectief"): _list(list(PERSPECTIEVEN)),
             ("Factoren", "kenmerk"): _list(list(kenmerken)), ("Factoren", "huishouden"): _list(list(households))}
    for name, (columns, rows) in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append([label for _, label, _ in columns])
        for _ in range(rows):
            ws.append([None] * len(columns))
        _style_table(ws, 1, rows + 1, len(columns), bold, header_fill, border, wrap, fill=input_fill)
        for i, (key, _, width) in enumerate(columns, 1):
            letter = ws.cell(1, i).column_letter
            ws.column_dimensions[letter].width = width
            cells = f"{letter}2:{letter}{rows + 1}"
            if (name, key) in lists:
                _validation(ws, DataValidation(type="list", formula1=lists[(name, key)], allow_blank=True), cells)
            elif key in ("impact", "haalbaarheid"):
                _validation(ws, DataValidation(type="whole", operator="between", formula1=str(SCALE[0]),
                                               formula2=str(SCALE[1]), allow_blank=True, showErrorMessage=True,
                                               errorTitle="Buiten de schaal",
                                               error=f"Een score van {SCALE[0]} tot en met {SCALE[1]}"), cells)
            elif key == "stippen":
                _validation(ws, DataValidation(type="whole", operator="between", formula1="0", formula2="50",
                                               allow_blank=True), cells)
        ws.row_dimensions[1].height = 32
        for r in range(2, rows + 2):
            ws.row_dimensions[r].height = 21  # room to write by hand
        ws.freeze_panes = "A2"
        _print_setup(ws, f"A1:{ws.cell(1, len(columns)).column_letter}{rows + 1}", "1:1")
    return save_workbook(wb, study.output_file(FORM_NAME, output))


def _style_table(ws, first: int, last: int, n_cols: int, bold, header_fill, border, wrap, fill,
                 fill_from_col: int = 1) -> None:
    for row in ws.iter_rows(min_row=first, max_row=last, max_col=n_cols):
        for cell in row:
            cell.border, cell.alignment = border, wrap
            if cell.row == first:
                cell.font, cell.fill = bold, header_fill
            elif fill is not None and cell.column >= fill_from_col:
                cell.fill = fill


def _print_setup(ws, area: str, title_rows: str | None) -> None:
    ws.print_area = area
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.oddFooter.center.text = "&A — blad &P van &N"


def _validation(ws, dv, cells: str) -> None:
    ws.add_data_validation(dv)
    dv.add(cells)


def _list(values: list[str]) -> str:
    return '"' + ",".join(v.replace(",", " ").replace('"', "") for v in values) + '"'


# --- reading -------------------------------------------------------------------------------------

def read_session_workbook(path: Path, problemen: Problemen) -> dict | None:
    """Read a filled-in form into session data (the structure of a session YAML file), or None
    when the file cannot be read. Problems in cells are reported by sheet and row; the session
    checks themselves run in `check_session`."""


    from ..files import open_workbook

    wb = open_workbook(path, problemen, "klantreis sessieformulier effectenarena")
    if wb is None:
        return None
    try:
        missing = [s for s in (SHEET_SESSION, *SHEETS) if s not in wb.sheetnames]
        if missing:
            problemen.add(f"de bladen {SHEET_SESSION}, {', '.join(SHEETS)}", veld="bladen",
                          waarde=", ".join(wb.sheetnames))
            return None
        data: dict = {}
        labels = {label: key for key, label in SESSION_FIELDS}
        scoring: dict = {}
        for nr, row in enumerate(wb[SHEET_SESSION].iter_rows(min_row=2, max_row=MAX_SHEET_ROWS, values_only=True), 2):
            if not row or row[0] is None:
                continue
            key = labels.get(str(row[0]).strip())
            if key is None:
                problemen.add(f"een van de vaste velden: {'; '.join(labels)}", plaats=sheet_place(SHEET_SESSION, nr),
                              veld="Veld", waarde=row[0])
                continue
            value = sheet_value(row[1] if len(row) > 1 else None, problemen, SHEET_SESSION, nr, key)
            if value is None:
                continue
            if key in ("methode", "stippen_per_deelnemer"):
                scoring[key] = value
            elif key == "datum" and isinstance(value, dt.datetime):
                data[key] = value.date()
            else:
                data[key] = value
        data["scoring"] = scoring
        rows = {name: list(_rows(wb, name, columns, problemen)) for name, (columns, _) in SHEETS.items()}
    finally:
        wb.close()

    data["deelnemers"] = [{k: v for k, v in row.items() if v is not None} for _, row in rows["Deelnemers"]]
    arenas: dict[str, dict] = {}

    def arena(code) -> dict:
        return arenas.setdefault(str(code), {"huishouden": str(code), "aanpak": [], "investeerders": [], "effecten": [],
                                             "incasseerders": [], "verbindingen": []})

    for nr, row in rows["Arena"]:
        kind = CARD_KINDS.get(str(row.get("soort", "")).strip().lower())
        if kind is None:
            problemen.add(f"een van: {', '.join(CARD_KINDS)}", plaats=sheet_place("Arena", nr), veld="Soort kaart",
                          waarde=row.get("soort"))
            continue
        card = {"id": row.get("id"), "tekst": row.get("tekst")}
        if kind == "effecten":
            card["voor"] = row.get("voor")
        arena(row.get("huishouden"))[kind].append(card)
    for _, row in rows["Verbindingen"]:
        arena(row.get("huishouden"))["verbindingen"].append({"van": row.get("van"), "naar": row.get("naar")})
    data["huishoudens"] = list(arenas.values())
    data["factoren"] = [{k: v for k, v in row.items() if v is not None} for _, row in rows["Factoren"]]
    scores: dict[str, dict] = {}
    for nr, row in rows["Scores"]:
        who, factor = row.get("deelnemer"), row.get("factor")
        if who is None or factor is None:
            problemen.add("een code van een deelnemer én een code van een factor", plaats=sheet_place("Scores", nr),
                          veld="Code deelnemer" if who is None else "Code factor", waarde=None)
            continue
        entry = scores.setdefault(str(who), {"deelnemer": str(who)})
        for key in ("stippen", "impact", "haalbaarheid"):
            if row.get(key) is not None:
                if str(factor) in entry.get(key, {}):
                    problemen.add("één rij per deelnemer en factor", plaats=sheet_place("Scores", nr), veld="Code factor",
                                  waarde=factor)
                entry.setdefault(key, {})[str(factor)] = row[key]
    data["scores"] = list(scores.values())
    return data


def import_session_workbook(study, path: Path, name: str | None = None, overwrite: bool = False) -> Path:
    """Read a filled-in form, check it against the study and write `effectenarena/<name>.yaml`
    (atomically; an existing file only with `overwrite`). Nothing is written when there is a
    problem."""
    from .model import session_data
    from ..werksessie import save_session

    study.refuse_demo("Sessie niet ingelezen")
    shown = Path(path).name
    problemen = Problemen(shown)
    data = read_session_workbook(Path(path), problemen)
    sessie = None
    if data is not None:
        sessie = check_session(data, shown, problemen, rollen=study.instruments.vocabulaire.sessie_rollen,
                               huishoudens=study.effectenarena_huishoudens, gemeenten=list(study.settings.gemeenten),
                               kenmerken={k.code for k in study.instruments.kenmerken.kenmerken})
    name = name or Path(path).stem
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}", name):
        problemen.add("een bestandsnaam van letters, cijfers, -, _ en . (zonder map)", veld="--naam", waarde=name)
    problemen.raise_if_any("Sessie niet ingelezen")
    target = study.path / FOLDER / f"{name}.yaml"
    if target.exists() and not overwrite:
        raise KlantreisFout(Probleem(bestand=str(target), toegestaan=(
            "een nieuw sessiebestand; dit bestand bestaat al (gebruik --overschrijf om het te vervangen)"),
            toon_waarde=False), "Sessie niet ingelezen")
    return save_session(target, session_data(sessie))



def _rows(wb, sheet: str, columns: list[tuple[str, str, int]], problemen: Problemen):
    by_label = {label: key for key, label, _ in columns}
    rows = wb[sheet].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in by_label]
    if unknown:
        problemen.add(f"de kolommen {'; '.join(by_label)}", plaats=sheet_place(sheet, 1), veld="kolomkop",
                      waarde=", ".join(unknown))
        return
    for nr, values in enumerate(rows, 2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {}
        for label, value in zip(header, values):
            if label:
                row[by_label[label]] = sheet_value(value, problemen, sheet, nr, label)
        yield nr, row

