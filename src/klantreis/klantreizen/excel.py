"""The interview as an Excel workbook: the kit writes an empty form from the schaduwreis, the
interviewer fills it in, and the loader reads it back into the same `Interview` as a YAML file.

Sheets: "Interview" (one field per row), "Stappen" (one row per designed step, prefilled),
"Extra stappen", "Citaten" and "Codes" (the allowed codes, for reference). Problems are
reported by sheet and row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import Problemen
from ..files import MAX_SHEET_ROWS, save_workbook
from .model import Interview
from ..validation import sheet_place, sheet_value, split_codes, validate

FORM_NAME = "interviewformulier.xlsx"
SHEET_INTERVIEW, SHEET_STEPS, SHEET_EXTRA, SHEET_QUOTES, SHEET_CODES = (
    "Interview", "Stappen", "Extra stappen", "Citaten", "Codes")

# (key, the label the interviewer reads, help). Forms printed before labels existed show the key
# itself in the first column; the reader accepts both.
INTERVIEW_FIELDS = [
    ("respondent", "Pseudoniem", "bv. R01; nooit een naam"),
    ("gemeente", "Gemeente", "kies uit de lijst (de gemeenten van de studie)"),
    ("datum", "Datum van het interview", "JJJJ-MM-DD, binnen de onderzoeksperiode"),
    ("interviewer_rol", "Rol van de interviewer", "een code van blad Codes (interviewer_rol)"),
    ("toestemming_interview", "Toestemming voor het interview", "ja / nee"),
    ("toestemming_citaten", "Toestemming voor letterlijke uitspraken", "ja / nee; alleen met ja komen uitspraken in het rapport"),
    ("toestemming_opname", "Toestemming voor een geluidsopname", "ja / nee"),
    ("toestemming_terugkoppeling", "Wil de uitkomsten ontvangen", "ja / nee"),
    ("samenstelling", "Samenstelling van het huishouden", "zonder namen, bv. moeder met twee kinderen"),
    ("leefgebieden", "Leefgebieden met een vraag", "codes van blad Codes, gescheiden door komma's"),
    ("wetten", "Betrokken wetten", "namen van blad Codes, gescheiden door komma's"),
    ("aantal_professionals", "Aantal betrokken professionals", "een getal"),
    ("verhaal_opnieuw_verteld", "Verhaal opnieuw verteld", "hoe vaak de inwoner het verhaal opnieuw moest vertellen"),
    ("waarden", "Gekozen waarden (waardenkaart)", "codes van blad Codes, gescheiden door komma's"),
]
# (key, column heading, width in characters) per sheet.
STEP_COLUMNS = [("stap", "Stap (code)", 15), ("stap_naam", "Stap", 24), ("gebeurd", "Gebeurd? ja / nee / anders", 13),
                ("in_plaats_daarvan", "In plaats daarvan", 20), ("score", "Score", 7),
                ("geen_score_omdat", "Geen score, omdat", 16), ("goed", "Wat ging goed", 27),
                ("beter", "Wat kan beter", 27), ("themas", "Thema's (codes)", 13)]
EXTRA_COLUMNS = [("naam", "Naam van de extra stap", 22), ("na", "Na stap (code)", 14),
                 ("soort", "Soort: extra / lus", 10), ("terug_naar", "Terug naar stap (code)", 14),
                 ("score", "Score", 7), ("geen_score_omdat", "Geen score, omdat", 16), ("goed", "Wat ging goed", 24),
                 ("beter", "Wat kan beter", 24), ("themas", "Thema's (codes)", 13)]
QUOTE_COLUMNS = [("stap", "Bij stap (code, of naam van de extra stap)", 24), ("tekst", "Letterlijke uitspraak", 90),
                 ("themas", "Thema's (codes)", 16)]
CODE_COLUMNS = [("soort", "Soort", 16), ("code", "Code", 22), ("betekenis", "Betekenis", 70)]
YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}
INTERVIEW_HEADER = ("Vraag", "Antwoord", "Toelichting")
OLD_INTERVIEW_HEADER = ("veld", "waarde", "toelichting")
EMPTY_ROWS = {SHEET_EXTRA: 8, SHEET_QUOTES: 12}  # bordered rows to write in by hand
FILL_IN = "FFF4CC"  # light yellow: the cells to fill in (still visible printed in grey)
HEADING = "DDEBF7"


def instruction(study) -> str:
    curve = study.settings.curve
    return (f"Vul de gele vakken in, tijdens of direct na het interview. Alleen een pseudoniem (bv. R01), nooit een "
            f"naam. Blad Stappen: per stap van de schaduwreis of hij gebeurde (ja, nee of anders) en de score op de "
            f"belevingscurve van {curve.min} tot en met +{curve.max}; gebeurde een stap wel maar gaf de inwoner geen "
            "score, schrijf dan bij 'Geen score, omdat' waarom. Laat een stap die niet ter sprake kwam leeg. "
            "Blad Extra stappen: stappen die niet in de schaduwreis staan, of een lus terug naar een eerdere stap. "
            "Blad Citaten: letterlijke uitspraken. Blad Codes: de codes voor thema's, waarden, leefgebieden en wetten. "
            "Zet het ingevulde bestand in de map interviews/ van de studie; 'klantreis controleer' noemt wat nog "
            "ontbreekt.")


def write_interview_workbook(study, output: Path | None = None, gemeente: str | None = None) -> Path:
    """Write an empty interview form for this study's schaduwreis, laid out to print: every sheet
    on A4 landscape, fit to the page width, with its heading row repeated on every page.

    With `gemeente` the form follows that municipality's own journey (and only offers that
    gemeente); without, the shared journey (or, when every municipality has its own, the first
    municipality's)."""
    from ..schaduwreis import per_gemeente, schaduwreis_van

    named = gemeente  # the file is named after a gemeente asked for
    if gemeente is None and per_gemeente(study):
        gemeente = study.settings.gemeenten[0]
    reis = schaduwreis_van(study, gemeente)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    curve = study.settings.curve
    wb = Workbook()
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")

    def heading_row(ws, row: int) -> None:
        ws.row_dimensions[row].height = 32
        for cell in ws[row]:
            cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADING)
            cell.border, cell.alignment = box, Alignment(wrap_text=True, vertical="center")

    def fill_in(cell) -> None:
        cell.fill, cell.border, cell.alignment = PatternFill("solid", fgColor=FILL_IN), box, wrap_top

    def printable(ws, header: int, columns: list[tuple[str, str, int]]) -> None:
        for nr, (_, _, width) in enumerate(columns, 1):
            ws.column_dimensions[ws.cell(row=1, column=nr).column_letter].width = width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{header}:{header}"
        ws.print_area = f"A1:{ws.cell(row=1, column=len(columns)).column_letter}{ws.max_row}"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.oddFooter.center.text = "Pseudoniem: ________   ·   blad &A   ·   pagina &P van &N"
        ws.freeze_panes = f"A{header + 1}"

    ws = wb.active
    ws.title = SHEET_INTERVIEW
    ws.append([f"Interviewformulier individuele klantreis: {study.settings.titel}"
               + (f" ({gemeente})" if gemeente else "")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([instruction(study)])
    ws.merge_cells("A2:C2")
    ws["A2"].alignment = wrap_top
    ws.row_dimensions[2].height = 96
    ws.append([])
    ws.append(list(INTERVIEW_HEADER))
    header = ws.max_row
    heading_row(ws, header)
    rows = {}
    for key, label, help_text in INTERVIEW_FIELDS:
        ws.append([label, None, help_text])
        rows[key] = ws.max_row
        ws.row_dimensions[ws.max_row].height = 30
        ws.cell(row=ws.max_row, column=1).border = box
        ws.cell(row=ws.max_row, column=1).alignment = wrap_top
        fill_in(ws.cell(row=ws.max_row, column=2))
        ws.cell(row=ws.max_row, column=3).alignment = wrap_top
        ws.cell(row=ws.max_row, column=3).font = Font(italic=True, color="404040")
    yes_no = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
    ws.add_data_validation(yes_no)
    for key in rows:
        if key.startswith("toestemming_"):
            yes_no.add(f"B{rows[key]}")
    for key, values in (("gemeente", [gemeente] if gemeente and per_gemeente(study) else study.settings.gemeenten),
                        ("interviewer_rol", list(study.instruments.vocabulaire.interviewer_rollen))):
        choice = DataValidation(type="list", formula1=_list_formula(values), allow_blank=True)
        ws.add_data_validation(choice)
        choice.add(f"B{rows[key]}")
    printable(ws, header, [("", "", 34), ("", "", 46), ("", "", 52)])

    steps = wb.create_sheet(SHEET_STEPS)
    steps.append([label for _, label, _ in STEP_COLUMNS])
    heading_row(steps, 1)
    for stap in reis.steps:
        steps.append([stap.id, ("★ " if stap.sleutelmoment else "") + stap.naam])
        row = steps.max_row
        steps.row_dimensions[row].height = 46  # room to write by hand; 13 steps still fit one page
        for nr in range(1, len(STEP_COLUMNS) + 1):
            cell = steps.cell(row=row, column=nr)
            if nr <= 2:
                cell.border, cell.alignment = box, wrap_top
                cell.font = Font(bold=nr == 2, size=9 if nr == 1 else 11)
            else:
                fill_in(cell)
    happened = DataValidation(type="list", formula1='"ja,nee,anders"', allow_blank=True)
    score = DataValidation(type="whole", operator="between", formula1=str(curve.min), formula2=str(curve.max),
                           allow_blank=True, error=f"Een score van {curve.min} tot en met {curve.max}",
                           errorTitle="Score buiten de schaal", showErrorMessage=True)
    for dv in (happened, score):
        steps.add_data_validation(dv)
    last = len(reis.steps) + 1
    happened.add(f"C2:C{last}")
    score.add(f"E2:E{last}")
    steps.cell(row=1, column=5).value = f"Score {curve.min} t/m +{curve.max}"
    printable(steps, 1, STEP_COLUMNS)

    for name, columns in ((SHEET_EXTRA, EXTRA_COLUMNS), (SHEET_QUOTES, QUOTE_COLUMNS)):
        sheet = wb.create_sheet(name)
        sheet.append([label for _, label, _ in columns])
        heading_row(sheet, 1)
        for row in range(2, 2 + EMPTY_ROWS[name]):
            sheet.row_dimensions[row].height = 45
            for nr in range(1, len(columns) + 1):
                fill_in(sheet.cell(row=row, column=nr))
        printable(sheet, 1, columns)
    extra = wb[SHEET_EXTRA]
    kinds = DataValidation(type="list", formula1='"extra,lus"', allow_blank=True)
    extra_score = DataValidation(type="whole", operator="between", formula1=str(curve.min),
                                 formula2=str(curve.max), allow_blank=True)
    for dv, column in ((kinds, "C"), (extra_score, "E")):
        extra.add_data_validation(dv)
        dv.add(f"{column}2:{column}200")

    codes = wb.create_sheet(SHEET_CODES)
    codes.append([label for _, label, _ in CODE_COLUMNS])
    heading_row(codes, 1)
    instr = study.instruments
    for kind, mapping in (("stap", {s.id: s.naam for s in reis.steps}),
                          ("thema", instr.code_labels), ("waarde", instr.value_labels),
                          ("leefgebied", instr.vocabulaire.leefgebieden), ("wet", instr.vocabulaire.wetten),
                          ("interviewer_rol", instr.vocabulaire.interviewer_rollen)):
        for code, label in mapping.items():
            codes.append([kind, code, label])
    printable(codes, 1, CODE_COLUMNS)
    target = study.output_file(FORM_NAME if named is None else
                               f"{Path(FORM_NAME).stem}_{file_part(gemeente)}.xlsx", output)
    return save_workbook(wb, target)


def file_part(name: str) -> str:
    """A municipality's name as part of a file name ("Den Helder" -> "Den_Helder")."""
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "gemeente"


def _list_formula(values: list[str]) -> str:
    return '"' + ",".join(v.replace(",", " ").replace('"', "") for v in values) + '"'


def read_interview_workbook(path: Path, problemen: Problemen) -> tuple[dict | None, Interview | None]:
    """Read a filled-in form into interview data and, when valid, an `Interview`.

    Every problem is reported by sheet, row and column."""


    from ..files import open_workbook

    wb = open_workbook(path, problemen, "klantreis interviewformulier")
    if wb is None:
        return None, None
    try:
        missing = [s for s in (SHEET_INTERVIEW, SHEET_STEPS) if s not in wb.sheetnames]
        if missing:
            problemen.add(f"de bladen {SHEET_INTERVIEW}, {SHEET_STEPS}, {SHEET_EXTRA} en {SHEET_QUOTES}",
                          veld="bladen", waarde=", ".join(wb.sheetnames))
            return None, None
        where: dict[str, str] = {}  # validation location prefix → sheet and row
        data: dict = {}
        fields = {key: key for key, _, _ in INTERVIEW_FIELDS} | {label: key for key, label, _ in INTERVIEW_FIELDS}
        rows = list(wb[SHEET_INTERVIEW].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True))
        # Below the title and the instruction: the first row whose heading is "Vraag" (or "veld" on forms
        # printed before the labels); a sheet without either is read from row 2, as before.
        header = next((nr for nr, row in enumerate(rows, 1) if row and isinstance(row[0], str)
                       and row[0].strip().lower() in (INTERVIEW_HEADER[0].lower(), OLD_INTERVIEW_HEADER[0])), 1)
        for nr, row in enumerate(rows[header:], header + 1):
            if not row or row[0] is None:
                continue
            label = str(row[0]).strip()
            key = fields.get(label, label)
            value = sheet_value(row[1] if len(row) > 1 else None, problemen, SHEET_INTERVIEW, nr, key)
            if label not in fields:
                problemen.add(f"een van de vaste vragen: {', '.join(l for _, l, _ in INTERVIEW_FIELDS)}",
                              plaats=sheet_place(SHEET_INTERVIEW, nr), veld="vraag", waarde=label)
                continue
            where[_target_field(key)] = sheet_place(SHEET_INTERVIEW, nr)
            _put_interview_field(data, key, value)
        data["stappen"], data["extra_stappen"] = [], []
        by_step: dict[str, dict] = {}
        for nr, row in _rows(wb, SHEET_STEPS, STEP_COLUMNS, problemen):
            if row.get("gebeurd") is None and row.get("score") is None:
                continue  # a designed step the interview did not cover
            item = {k: v for k, v in row.items() if k != "stap_naam" and v is not None}
            item["themas"] = split_codes(row.get("themas"))
            item["citaten"] = []
            where[f"stappen[{len(data['stappen']) + 1}]"] = sheet_place(SHEET_STEPS, nr)
            data["stappen"].append(item)
            by_step[str(row.get("stap"))] = item
        by_extra: dict[str, dict] = {}
        if SHEET_EXTRA in wb.sheetnames:
            for nr, row in _rows(wb, SHEET_EXTRA, EXTRA_COLUMNS, problemen):
                item = {k: v for k, v in row.items() if v is not None}
                item["themas"] = split_codes(row.get("themas"))
                item["citaten"] = []
                where[f"extra_stappen[{len(data['extra_stappen']) + 1}]"] = sheet_place(SHEET_EXTRA, nr)
                data["extra_stappen"].append(item)
                by_extra[str(row.get("naam"))] = item
        if SHEET_QUOTES in wb.sheetnames:
            for nr, row in _rows(wb, SHEET_QUOTES, QUOTE_COLUMNS, problemen):
                owner = by_step.get(str(row.get("stap"))) or by_extra.get(str(row.get("stap")))
                if owner is None:
                    problemen.add("de id van een ingevulde stap op blad Stappen, of de naam van een extra stap",
                                  plaats=sheet_place(SHEET_QUOTES, nr), veld="stap", waarde=row.get("stap"))
                    continue
                owner["citaten"].append({"tekst": row.get("tekst"), "themas": split_codes(row.get("themas"))})
    finally:
        wb.close()
    def locate(field: str) -> tuple[str | None, str]:
        """'stappen[3].score' → ("blad 'Stappen', rij 4", "score")."""
        prefix = next((p for p in sorted(where, key=len, reverse=True)
                       if field == p or field.startswith(p + ".")), None)
        if prefix is None:
            return None, field
        inside = field.startswith(("stappen", "extra_stappen"))
        return where[prefix], field.split(".")[-1] if inside else field

    return data, validate(Interview, data, problemen, locate=locate)



def _rows(wb, sheet: str, columns: list[tuple[str, str, int]], problemen: Problemen):
    """(row number, {key: value}) for every filled row; headings may be the labels or the keys
    (forms printed before the labels), and a score heading may name the scale ("Score −2 t/m +2")."""
    # a sheet's own dimension can be missing or wrong: never read past the limit
    rows = wb[sheet].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True)
    known = {key: key for key, _, _ in columns} | {label: key for key, label, _ in columns}
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    header = [known.get(h, "score" if h.startswith("Score") and "score" in known else h) for h in header]
    unknown = [h for h in header if h and h not in known.values()]
    if unknown:
        problemen.add(f"de kolommen {', '.join(label for _, label, _ in columns)}", plaats=sheet_place(sheet, 1),
                      veld="kolomkop", waarde=", ".join(unknown))
        return
    for nr, values in enumerate(rows, 2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {}
        for name, value in zip(header, values):
            if name:
                row[name] = sheet_value(value, problemen, sheet, nr, name)
        yield nr, row




def _target_field(key: str) -> str:
    if key.startswith("toestemming_"):
        return f"toestemming.{key.removeprefix('toestemming_')}"
    if key in ("samenstelling", "leefgebieden", "wetten"):
        return f"huishouden.{key}"
    return key


def _put_interview_field(data: dict, key: str, value) -> None:
    if key.startswith("toestemming_"):
        if isinstance(value, str) and value.lower() in YES | NO:
            value = value.lower() in YES
        data.setdefault("toestemming", {})[key.removeprefix("toestemming_")] = value
    elif key in ("samenstelling", "leefgebieden", "wetten"):
        data.setdefault("huishouden", {})[key] = split_codes(value) if key != "samenstelling" else value
    elif key == "waarden":
        data[key] = split_codes(value)
    elif key == "datum" and isinstance(value, dt.datetime):
        data[key] = value.date()
    else:
        data[key] = value
