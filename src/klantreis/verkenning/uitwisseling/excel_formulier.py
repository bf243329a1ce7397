"""The kit's own Excel form (``verkenning_formulier.xlsx``): writing it and reading it back.

One row per response on the sheet 'Antwoorden', with drop-down lists for the scale, the
perspective and the priorities; the full texts per perspective on 'Stellingen'; instructions on
'Instructie'. Every row carries a prefilled ``respons_id``, so reading the same form twice
stores nothing twice.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from ...errors import Probleem, Problemen
from ...files import excel_text
from ...validation import looks_like_formula
from ..opslag import OPEN_TEXT_MAX
from ..vragenlijst import Vragenlijst
from .gedeeld import (
    check_priorities,
    check_text,
    key_part,
    norm,
    open_workbook,
    Parsed,
    priority_lookup,
    read_perspective,
    Row,
    scale_allowed,
    scale_lookup,
    scale_value,
    shown_heading,
)

EXCEL_NAME = "verkenning_formulier.xlsx"
SHEET_INSTRUCTIONS, SHEET_ANSWERS, SHEET_TEXTS, SHEET_LISTS = "Instructie", "Antwoorden", "Stellingen", "Keuzelijsten"
EXCEL_ROWS = 300  # prefilled response ids; more rows can be added by hand


# --- the form (export) ----------------------------------------------------------------------------

def excel_form(vl: Vragenlijst, gemeenten: list[str], perspectief: str | None = None):
    """The kit's Excel form as an openpyxl Workbook (not yet saved)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    columns = excel_columns(vl)
    perspectives = [perspectief] if perspectief else list(vl.perspective_labels)
    choices = [o.label for o in vl.schaal.opties] + [vl.schaal.weet_niet.label]
    wb = Workbook()

    info = wb.active
    info.title = SHEET_INSTRUCTIONS
    text_limit = f"{OPEN_TEXT_MAX:,}".replace(",", ".")
    lines = [
        (f"{vl.naam} (versie {vl.versie})", True),
        ("Invulformulier voor de verkenning. Eén rij op het blad 'Antwoorden' is één ingevulde vragenlijst.", False),
        ("", False),
        ("Zo vult u het formulier in", True),
        ("1. Elke rij heeft al een respons_id. Verander die niet en kopieer geen ingevulde rijen naar een ander "
         "formulier: de kit herkent een respons aan dit nummer, zodat hij bij opnieuw inlezen niet dubbel telt. "
         "Vullen meer mensen tegelijk in? Maak dan voor ieder een eigen formulier met 'klantreis verkenning "
         "exporteer'.", False),
        ("2. Kies in de kolom 'perspectief' wie de vragenlijst invulde: "
         + "; ".join(f"{code} = {vl.perspective_labels[code]}" for code in perspectives) + ".", False),
        ("3. Kies per stelling (kolommen K1_1 tot en met "
         f"{vl.statements[-1].code}) een antwoord uit de keuzelijst: {', '.join(choices)}. "
         "Laat de cel leeg als de respondent de stelling niet heeft beantwoord. De volledige tekst van elke "
         "stelling staat op het blad 'Stellingen' en in de opmerking bij de kolomkop.", False),
        (f"4. Open antwoorden (kolommen K1_open enzovoort) mogen gewone tekst zijn, tot {text_limit} tekens. "
         "Begin een antwoord niet met =, +, - of @: Excel leest dat als formule en de kit weigert zulke tekst.",
         False),
        (f"5. Prioriteiten: kies hoogstens {vl.prioriteit.aantal} verschillende uitgangspunten "
         f"({', '.join(c for c in columns if c.startswith('prioriteit_'))}).", False),
        ("6. Lees het formulier in met: klantreis verkenning importeer STUDIEMAP BESTAND --formaat excel "
         f"--gemeente GEMEENTE --ronde RONDE (gemeenten in deze studie: {', '.join(gemeenten)}).", False),
        ("", False),
        ("Inleiding voor de respondent", True),
        (vl.inleiding, False),
        ("", False),
        ("Afsluiting", True),
        (vl.afsluiting, False),
    ]
    for text, heading in lines:
        info.append([excel_text(text)])
        cell = info.cell(row=info.max_row, column=1)
        cell.alignment = wrap
        if heading:
            cell.font = bold
    info.column_dimensions["A"].width = 110

    lists = wb.create_sheet(SHEET_LISTS)
    lists.append(["antwoord", "perspectief", "uitgangspunt"])
    priorities = [f"{u.code} {u.naam}" for u in vl.uitgangspunten]
    for i in range(max(len(choices), len(perspectives), len(priorities))):
        lists.append([excel_text(v[i]) if i < len(v) else None for v in (choices, perspectives, priorities)])

    ws = wb.create_sheet(SHEET_ANSWERS, 1)
    ws.append(columns)
    tag = secrets.token_hex(3).upper()
    for n in range(1, EXCEL_ROWS + 1):
        ws.append([f"{tag}-{n:03d}", perspectief] + [None] * (len(columns) - 2))
    texts = {s.code: s for s in vl.statements}
    opens = {f"{u.code}_open": u.open_vraag for u in vl.uitgangspunten}
    for index, name in enumerate(columns, 1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        note = None
        if name in texts:
            s = texts[name]
            note = s.text_for(perspectief) if perspectief else s.tekst.standaard
        elif name in opens:
            note = opens[name]
        elif name.startswith("prioriteit_"):
            note = vl.prioriteit.vraag
        if note:
            cell.comment = Comment(note, "klantreis", width=300, height=120)
        ws.column_dimensions[get_column_letter(index)].width = 14 if name in texts else 22
    last = EXCEL_ROWS + 1

    def validation(source_column: str, count: int, title: str, message: str) -> DataValidation:
        dv = DataValidation(type="list", formula1=f"'{SHEET_LISTS}'!${source_column}$2:${source_column}${count + 1}",
                            allow_blank=True, showErrorMessage=True, errorTitle=title, error=message)
        ws.add_data_validation(dv)
        return dv

    answers = validation("A", len(choices), "Geen geldig antwoord", "Kies een antwoord uit de keuzelijst.")
    persp = validation("B", len(perspectives), "Onbekend perspectief", "Kies een perspectief uit de keuzelijst.")
    prio = validation("C", len(priorities), "Onbekend uitgangspunt", "Kies een uitgangspunt uit de keuzelijst.")
    for index, name in enumerate(columns, 1):
        letter = get_column_letter(index)
        target = answers if name in texts else persp if name == "perspectief" else \
            prio if name.startswith("prioriteit_") else None
        if target is not None:
            target.add(f"{letter}2:{letter}{last}")
    ws.freeze_panes = "C2"

    sheet = wb.create_sheet(SHEET_TEXTS, 2)
    sheet.append(["code", "uitgangspunt"] + (["tekst"] if perspectief else perspectives))
    for u in vl.uitgangspunten:
        for s in u.stellingen:
            sheet.append([s.code, excel_text(u.naam)] + [excel_text(s.text_for(p)) for p in perspectives])
        sheet.append([f"{u.code}_open", excel_text(u.naam)] + [excel_text(u.open_vraag)] * len(perspectives))
    sheet.append(["prioriteit", ""] + [excel_text(vl.prioriteit.vraag)] * len(perspectives))
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 40
    for index in range(3, 3 + len(perspectives)):
        sheet.column_dimensions[get_column_letter(index)].width = 70
        for row in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            row[0].alignment = wrap
    sheet.freeze_panes = "C2"
    lists.sheet_state = "hidden"
    wb.active = 0
    return wb


def excel_columns(vl: Vragenlijst) -> list[str]:
    """Column headings of the 'Antwoorden' sheet of the kit's Excel form."""
    return (["respons_id", "perspectief"] + [s.code for s in vl.statements]
            + [f"{u.code}_open" for u in vl.uitgangspunten]
            + [f"prioriteit_{i}" for i in range(1, vl.prioriteit.aantal + 1)])


# --- the filled-in form (import) ------------------------------------------------------------------

def read_excel(path: Path, vl: Vragenlijst, problemen: Problemen) -> Parsed:
    parsed = Parsed()
    shown = problemen.bestand
    wb = open_workbook(path, problemen, "een Excel-formulier (.xlsx) gemaakt met 'klantreis verkenning exporteer "
                                         "--formaat excel'")
    if wb is None:
        return parsed
    try:
        if SHEET_ANSWERS not in wb.sheetnames:
            problemen.add(f"een blad '{SHEET_ANSWERS}' (het formulier van 'klantreis verkenning exporteer --formaat "
                          "excel')", veld="bladen", waarde=", ".join(wb.sheetnames))
            return parsed
        rows = wb[SHEET_ANSWERS].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in (next(rows, ()) or ())]
        expected = excel_columns(vl)
        index: dict[str, int] = {}
        for i, heading in enumerate(header):
            if not heading:
                continue
            if heading not in expected:
                problemen.add(f"de kolommen van het formulier: respons_id, perspectief, {expected[2]} … "
                              f"{expected[-1]}", plaats=_at(1), veld=shown_heading(heading), waarde=heading)
            elif heading in index:
                problemen.add("elke kolom één keer", plaats=_at(1), veld=heading, waarde=heading)
            else:
                index[heading] = i
        for heading in expected:
            if heading not in index and heading != "perspectief":
                problemen.add(f"een kolom {heading}", plaats=_at(1), veld=heading, toon_waarde=False)
        if "respons_id" not in index:
            return parsed  # without respons_id no response can be told apart
        statements = {s.code for s in vl.statements}
        lookup, prio_lookup = scale_lookup(vl), priority_lookup(vl)
        for number, values in enumerate(rows, 2):
            values = list(values or ()) + [None] * (len(header) - len(values or ()))
            cells = {h: values[i] for h, i in index.items()}
            filled = [h for h, v in cells.items()
                      if h not in ("respons_id", "perspectief") and v is not None and str(v).strip()]
            if not filled:
                continue  # an unused row of the form (its id and perspective are prefilled)
            plaats = _at(number)
            row = Row(plaats=plaats, key="", where=f"rij {number}")
            raw_id = _formula_free(row, "respons_id", cells["respons_id"], shown)
            row.key = row.file_id = key_part(raw_id)
            if not row.key:
                row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="respons_id", waarde=raw_id,
                                             toegestaan="een respons_id (het formulier vult die vooraf in)"))
                row.key = f"rij {number}"
            if "perspectief" in cells:
                read_perspective(row, "perspectief", _formula_free(row, "perspectief", cells["perspectief"], shown),
                                  vl, shown)
            chosen = []
            for heading, raw in cells.items():
                if heading in ("respons_id", "perspectief"):
                    continue
                raw = _formula_free(row, heading, raw, shown)
                if heading in statements:
                    ok, value = scale_value(raw, vl, lookup)
                    if ok:
                        row.antwoorden[heading] = value
                    else:
                        row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=raw,
                                                     toegestaan=scale_allowed(vl)))
                elif heading.endswith("_open") and raw is not None and str(raw).strip():
                    text = check_text(row, heading, str(raw), shown)
                    if text is not None:
                        row.open[heading.removesuffix("_open")] = text
                elif heading.startswith("prioriteit_") and raw is not None and str(raw).strip():
                    found = prio_lookup.get(norm(raw))
                    if found is None:
                        match = re.match(r"^\s*(K[0-9]+)\b", str(raw))
                        found = match.group(1) if match and match.group(1) in vl.uitgangspunt_labels else None
                    if found is None:
                        row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=raw,
                                                     toegestaan=f"een uitgangspunt uit de keuzelijst "
                                                                f"({', '.join(vl.uitgangspunt_labels)})"))
                    else:
                        chosen.append(found)
            check_priorities(row, "prioriteit", chosen, vl, shown)
            parsed.rows.append(row)
    finally:
        wb.close()
    return parsed


def _at(row: int) -> str:
    return f"blad '{SHEET_ANSWERS}', rij {row}"


def _formula_free(row: Row, heading: str, raw, shown: str):
    """The cell value, or None with a problem when the cell holds a formula."""
    if isinstance(raw, str) and looks_like_formula(raw):
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=raw,
                                     toegestaan="gewone tekst of een keuze uit de lijst; formules worden niet "
                                                "ingelezen"))
        return None
    return raw

