"""The checklist of the zeven kenmerken as an Excel form: the kit writes it (`klantreis
kenmerkenformulier`), the researcher fills it in with the municipality, and `import_form` reads
it back into `kenmerken.yaml` in the study (`klantreis kenmerken inlezen`), checked like the YAML
file. One sheet "Checklist" with a row per municipality × indicator, and a sheet "Uitleg" with
the allowed answers and sources. Problems are reported by sheet, row and column, all at once.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problemen
from ..files import MAX_SHEET_ROWS, save_workbook
from ..teksten import named_gemeenten
from ..validation import sheet_place, sheet_value, validate
from .model import ANTWOORDEN, BRONNEN, FILE, Antwoorden, check_answers, write_answers

FORM_NAME = "kenmerkenformulier.xlsx"
SHEET, SHEET_HELP = "Checklist", "Uitleg"
COLUMNS = [("gemeente", "Gemeente", 14), ("kenmerk", "Kenmerk", 26), ("indicator", "Indicator", 10),
           ("tekst", "Wat we willen zien", 52), ("antwoord", "Antwoord", 14),
           ("bewijs", "Bewijs (in eigen woorden, geen namen)", 52), ("bron", "Bron", 14),
           ("verwijzing", "Verwijzing (document, pagina, sessie)", 30)]
READ = ("gemeente", "indicator", "antwoord", "bewijs", "bron", "verwijzing")
FILL_IN, HEADING = "FFF4CC", "DDEBF7"


def write_form(study, output: Path | None = None) -> Path:
    """An empty checklist for every municipality of the study, printable (A4 landscape)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    checklist = study.kenmerken_checklist
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([label for _, label, _ in COLUMNS])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=HEADING)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for gemeente in named_gemeenten(study.settings):
        for k in checklist.kenmerken:
            for i in k.indicatoren:
                ws.append([gemeente, f"{k.code} {k.label}", i.code, i.tekst, None, None, None, None])
                for nr in range(1, len(COLUMNS) + 1):
                    ws.cell(row=ws.max_row, column=nr).alignment = wrap
                for nr in (5, 6, 7, 8):
                    ws.cell(row=ws.max_row, column=nr).fill = PatternFill("solid", fgColor=FILL_IN)
    last = max(ws.max_row, 2)
    for column, values in (("E", ANTWOORDEN), ("G", list(BRONNEN))):
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{column}2:{column}{last}")
    for nr, (_, _, width) in enumerate(COLUMNS, 1):
        ws.column_dimensions[ws.cell(row=1, column=nr).column_letter].width = width
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.freeze_panes = "A2"

    help_sheet = wb.create_sheet(SHEET_HELP)
    help_sheet.append(["Checklist zeven kenmerken: " + study.settings.titel])
    help_sheet["A1"].font = Font(bold=True, size=14)
    for line in (
            "Vul per gemeente en indicator de gele vakken in, samen met de gemeente.",
            "Antwoord: voldoet, deels, voldoet niet of onbekend. Laat de rij leeg als u de indicator niet "
            "heeft besproken.",
            "Bij voldoet, deels en voldoet niet: het bewijs in eigen woorden en de bron. Schrijf geen namen.",
            "Lees het formulier in met: klantreis kenmerken inlezen FORMULIER.xlsx STUDIEMAP"):
        help_sheet.append([line])
    help_sheet.append([])
    help_sheet.append(["Bron", "Betekenis"])
    for code, label in BRONNEN.items():
        help_sheet.append([code, label])
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["B"].width = 60
    return save_workbook(wb, study.output_file(FORM_NAME, output))


def read_form(path: Path, problemen: Problemen) -> tuple[dict | None, dict[int, str]]:
    """The filled-in rows as answer data, and per answer (1-based) the sheet row it came from.
    Rows without an answer are skipped: an indicator not discussed is no answer."""
    from ..files import open_workbook

    wb = open_workbook(path, problemen, "klantreis kenmerkenformulier")
    if wb is None:
        return None, {}
    try:
        if SHEET not in wb.sheetnames:
            problemen.add(f"een blad '{SHEET}'", veld="bladen", waarde=", ".join(wb.sheetnames))
            return None, {}
        rows = list(wb[SHEET].iter_rows(max_row=MAX_SHEET_ROWS, values_only=True))
    finally:
        wb.close()
    labels = {label: key for key, label, _ in COLUMNS}
    header = [labels.get(str(v).strip()) if v is not None else None for v in (rows[0] if rows else ())]
    missing = [label for key, label, _ in COLUMNS if key in READ and key not in header]
    if missing:
        problemen.add(f"de kolommen van het formulier van 'klantreis kenmerkenformulier' (ontbreekt: "
                      f"{', '.join(missing)})", plaats=sheet_place(SHEET, 1), veld="kopregel",
                      waarde=", ".join(str(v) for v in rows[0] if v is not None) if rows else None)
        return None, {}
    answers, where = [], {}
    for nr, row in enumerate(rows[1:], 2):
        values = {key: sheet_value(row[i] if i < len(row) else None, problemen, SHEET, nr, key)
                  for i, key in enumerate(header) if key in READ}
        if values.get("antwoord") is None and values.get("bewijs") is None:
            continue
        if isinstance(values.get("antwoord"), str):
            values["antwoord"] = values["antwoord"].lower()
        answers.append({k: (str(v) if v is not None and k != "bron" else v) for k, v in values.items()
                        if v is not None})
        where[len(answers)] = sheet_place(SHEET, nr)
    return {"antwoorden": answers}, where


def import_form(study, path: Path, overwrite: bool = False) -> Path:
    """Read a filled-in form, check it all at once, and write kenmerken.yaml in the study. Nothing
    is written when anything is wrong; an existing kenmerken.yaml stays unless `overwrite`."""
    study.refuse_demo("Checklist niet ingelezen")
    problemen = Problemen(Path(path).name)
    data, where = read_form(Path(path), problemen)
    answers = None
    if data is not None:
        answers = validate(Antwoorden, data, problemen, locate=lambda field: _locate(field, where))
        if answers is not None:
            check_answers(answers, study.kenmerken_checklist, list(study.settings.gemeenten), problemen,
                          place=lambda nr: where.get(nr, f"antwoord {nr}"))
    problemen.raise_if_any("Het kenmerkenformulier bevat fouten")
    return write_answers(study.path / FILE, answers, overwrite=overwrite)


def _locate(field: str, where: dict[int, str]) -> tuple[str | None, str]:
    """'antwoorden[3].antwoord' → (the sheet row of answer 3, 'antwoord')."""
    import re

    found = re.match(r"antwoorden\[(\d+)\]\.?(.*)", field)
    if found is None:
        return None, field
    return where.get(int(found.group(1))), found.group(2) or field
