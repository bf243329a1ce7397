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
from ..files import save_workbook
from .model import Interview
from ..validation import looks_like_formula, validate

FORM_NAME = "interviewformulier.xlsx"
SHEET_INTERVIEW, SHEET_STEPS, SHEET_EXTRA, SHEET_QUOTES, SHEET_CODES = (
    "Interview", "Stappen", "Extra stappen", "Citaten", "Codes")

INTERVIEW_FIELDS = [
    ("respondent", "Pseudoniem van de inwoner, bv. R01 (nooit een naam)"),
    ("gemeente", "Gemeente (zoals in studie.yaml)"),
    ("datum", "Datum van het interview (JJJJ-MM-DD)"),
    ("interviewer_rol", "Rol van de interviewer (zie blad Codes)"),
    ("toestemming_interview", "Toestemming voor het interview (ja/nee)"),
    ("toestemming_citaten", "Toestemming voor letterlijke uitspraken in het rapport (ja/nee)"),
    ("toestemming_opname", "Toestemming voor een geluidsopname (ja/nee)"),
    ("toestemming_terugkoppeling", "Wil de inwoner de uitkomsten ontvangen (ja/nee)"),
    ("samenstelling", "Samenstelling van het huishouden, zonder namen"),
    ("leefgebieden", "Leefgebieden met een vraag, codes gescheiden door komma's"),
    ("wetten", "Betrokken wetten, gescheiden door komma's"),
    ("aantal_professionals", "Aantal betrokken professionals"),
    ("verhaal_opnieuw_verteld", "Hoe vaak moest de inwoner het verhaal opnieuw vertellen"),
    ("waarden", "Gekozen waarden van de waardenkaart, codes gescheiden door komma's"),
]
STEP_COLUMNS = ["stap", "stap_naam", "gebeurd", "in_plaats_daarvan", "score", "goed", "beter", "themas"]
EXTRA_COLUMNS = ["naam", "na", "soort", "terug_naar", "score", "goed", "beter", "themas"]
QUOTE_COLUMNS = ["stap", "tekst", "themas"]
YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}


def write_interview_workbook(study, output: Path | None = None) -> Path:
    """Write an empty interview form for this study's schaduwreis."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    curve = study.settings.curve
    wb = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    ws = wb.active
    ws.title = SHEET_INTERVIEW
    ws.append(["veld", "waarde", "toelichting"])
    for field, help_text in INTERVIEW_FIELDS:
        ws.append([field, None, help_text])
    yes_no = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True)
    ws.add_data_validation(yes_no)
    for row in range(6, 10):
        yes_no.add(f"B{row}")
    gemeenten = DataValidation(type="list", formula1=_list_formula(study.settings.gemeenten), allow_blank=True)
    ws.add_data_validation(gemeenten)
    gemeenten.add("B3")

    steps = wb.create_sheet(SHEET_STEPS)
    steps.append(STEP_COLUMNS)
    for stap in study.schaduwreis.steps:
        steps.append([stap.id, stap.naam, None, None, None, None, None, None])
    happened = DataValidation(type="list", formula1='"ja,nee,anders"', allow_blank=True)
    score = DataValidation(type="whole", operator="between", formula1=str(curve.min), formula2=str(curve.max),
                           allow_blank=True, error=f"Een score van {curve.min} tot en met {curve.max}",
                           errorTitle="Score buiten de schaal", showErrorMessage=True)
    for dv in (happened, score):
        steps.add_data_validation(dv)
    last = len(study.schaduwreis.steps) + 1
    happened.add(f"C2:C{last}")
    score.add(f"E2:E{last}")

    extra = wb.create_sheet(SHEET_EXTRA)
    extra.append(EXTRA_COLUMNS)
    kinds = DataValidation(type="list", formula1='"extra,lus"', allow_blank=True)
    extra.add_data_validation(kinds)
    kinds.add("C2:C200")
    extra_score = DataValidation(type="whole", operator="between", formula1=str(curve.min),
                                 formula2=str(curve.max), allow_blank=True)
    extra.add_data_validation(extra_score)
    extra_score.add("E2:E200")

    quotes = wb.create_sheet(SHEET_QUOTES)
    quotes.append(QUOTE_COLUMNS)

    codes = wb.create_sheet(SHEET_CODES)
    codes.append(["soort", "code", "betekenis"])
    instr = study.instruments
    for kind, mapping in (("stap", {s.id: s.naam for s in study.schaduwreis.steps}),
                          ("thema", instr.code_labels), ("waarde", instr.value_labels),
                          ("leefgebied", instr.vocabulaire.leefgebieden), ("wet", instr.vocabulaire.wetten),
                          ("interviewer_rol", instr.vocabulaire.interviewer_rollen)):
        for code, label in mapping.items():
            codes.append([kind, code, label])

    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    target = study.output_file(FORM_NAME, output)
    return save_workbook(wb, target)


def _list_formula(values: list[str]) -> str:
    return '"' + ",".join(v.replace(",", " ").replace('"', "") for v in values) + '"'


def read_interview_workbook(path: Path, problemen: Problemen) -> tuple[dict | None, Interview | None]:
    """Read a filled-in form into interview data and, when valid, an `Interview`.

    Every problem is reported by sheet, row and column."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ..files import MAX_SHEET_ROWS, check_workbook

    if not check_workbook(path, problemen):
        return None, None
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        problemen.add("een Excel-bestand (.xlsx) gemaakt met 'klantreis interviewformulier'",
                      waarde="een onleesbaar of beschadigd bestand", toon_waarde=True)
        return None, None
    try:
        missing = [s for s in (SHEET_INTERVIEW, SHEET_STEPS) if s not in wb.sheetnames]
        if missing:
            problemen.add(f"de bladen {SHEET_INTERVIEW}, {SHEET_STEPS}, {SHEET_EXTRA} en {SHEET_QUOTES}",
                          veld="bladen", waarde=", ".join(wb.sheetnames))
            return None, None
        where: dict[str, str] = {}  # validation location prefix → sheet and row
        data: dict = {}
        fields = dict(INTERVIEW_FIELDS)
        for nr, row in enumerate(wb[SHEET_INTERVIEW].iter_rows(min_row=2, max_row=MAX_SHEET_ROWS,
                                                               values_only=True), 2):
            if not row or row[0] is None:
                continue
            key = str(row[0]).strip()
            value = _cell(row[1] if len(row) > 1 else None, problemen, SHEET_INTERVIEW, nr, key)
            if key not in fields:
                problemen.add(f"een van de vaste velden: {', '.join(fields)}", plaats=_at(SHEET_INTERVIEW, nr),
                              veld="veld", waarde=key)
                continue
            where[_target_field(key)] = _at(SHEET_INTERVIEW, nr)
            _put_interview_field(data, key, value)
        data["stappen"], data["extra_stappen"] = [], []
        by_step: dict[str, dict] = {}
        for nr, row in _rows(wb, SHEET_STEPS, STEP_COLUMNS, problemen):
            if row.get("gebeurd") is None and row.get("score") is None:
                continue  # a designed step the interview did not cover
            item = {k: v for k, v in row.items() if k != "stap_naam" and v is not None}
            item["themas"] = _codes(row.get("themas"))
            item["citaten"] = []
            where[f"stappen[{len(data['stappen']) + 1}]"] = _at(SHEET_STEPS, nr)
            data["stappen"].append(item)
            by_step[str(row.get("stap"))] = item
        by_extra: dict[str, dict] = {}
        if SHEET_EXTRA in wb.sheetnames:
            for nr, row in _rows(wb, SHEET_EXTRA, EXTRA_COLUMNS, problemen):
                item = {k: v for k, v in row.items() if v is not None}
                item["themas"] = _codes(row.get("themas"))
                item["citaten"] = []
                where[f"extra_stappen[{len(data['extra_stappen']) + 1}]"] = _at(SHEET_EXTRA, nr)
                data["extra_stappen"].append(item)
                by_extra[str(row.get("naam"))] = item
        if SHEET_QUOTES in wb.sheetnames:
            for nr, row in _rows(wb, SHEET_QUOTES, QUOTE_COLUMNS, problemen):
                owner = by_step.get(str(row.get("stap"))) or by_extra.get(str(row.get("stap")))
                if owner is None:
                    problemen.add("de id van een ingevulde stap op blad Stappen, of de naam van een extra stap",
                                  plaats=_at(SHEET_QUOTES, nr), veld="stap", waarde=row.get("stap"))
                    continue
                owner["citaten"].append({"tekst": row.get("tekst"), "themas": _codes(row.get("themas"))})
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


def _at(sheet: str, row: int) -> str:
    return f"blad '{sheet}', rij {row}"


def _rows(wb, sheet: str, columns: list[str], problemen: Problemen):
    from ..files import MAX_SHEET_ROWS

    # a sheet's own dimension can be missing or wrong: never read past the limit
    rows = wb[sheet].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    unknown = [h for h in header if h and h not in columns]
    if unknown:
        problemen.add(f"de kolommen {', '.join(columns)}", plaats=_at(sheet, 1), veld="kolomkop",
                      waarde=", ".join(unknown))
        return
    for nr, values in enumerate(rows, 2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {}
        for name, value in zip(header, values):
            if name:
                row[name] = _cell(value, problemen, sheet, nr, name)
        yield nr, row


def _cell(value, problemen: Problemen, sheet: str, row: int, column: str):
    if isinstance(value, str):
        if looks_like_formula(value):
            problemen.add("gewone tekst of een getal; formules worden niet ingelezen", plaats=_at(sheet, row),
                          veld=column, waarde=value)
            return None
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _codes(value) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in str(value).replace(";", ",").split(",") if part.strip()]


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
        data.setdefault("huishouden", {})[key] = _codes(value) if key != "samenstelling" else value
    elif key == "waarden":
        data[key] = _codes(value)
    elif key == "datum" and isinstance(value, dt.datetime):
        data[key] = value.date()
    else:
        data[key] = value
