"""Exchange with the tools municipalities already use: LimeSurvey, Microsoft Forms and Excel.

Export (`export_questionnaire`)
- ``limesurvey``: a survey structure as tab-separated text, importable with LimeSurvey's
  "Import survey" (file shapes in ../shared/FORMATS.md). **One survey per perspective**, because
  the wording of a statement differs per perspective (an inwoner reads B1 "ik"-sentences). Each
  survey carries a hidden short-text question ``PERSP`` whose default value is the perspective
  code, so every exported response says which perspective it belongs to; without ``PERSP``
  (a survey built by hand) the importer needs ``perspectief=``/``--perspectief``. Without a
  perspective the export writes one file per perspective (``verkenning_limesurvey_<code>.txt``)
  and returns the folder.
- ``excel``: the kit's own form (``verkenning_formulier.xlsx``): one row per response with
  drop-down lists, the full texts per perspective and instructions.

Import (`import_responses`) reads LimeSurvey's CSV export (headings "Vraagcode"), Microsoft
Forms' Excel download and the kit's Excel form into the study's response store.

Codes in LimeSurvey (question codes may hold only letters and digits):

    ===================  =========================  ======================================
    LimeSurvey           kit                        note
    ===================  =========================  ======================================
    ``K1``               uitgangspunt K1            array question (type F)
    ``K1[K1S1]``         stelling ``K1_1``          subquestion: ``_`` becomes ``S``
    ``A1`` … ``A5``      scale point 1 … 5          answer options, ``WN`` = weet niet
    ``K1open``           open answer of K1          long free text (type T)
    ``PRIO[K3]``         priority K3                multiple choice (type M), max 3
    ``PERSP``            perspectief                hidden short text, default = code
    ===================  =========================  ======================================

Response ids are derived from the file kind and what identifies a response in that file
(LimeSurvey: id, seed, submitdate, startdate; Forms: ID, start and completion time; the kit's
form: its ``respons_id``), so importing the same file twice stores nothing twice. An id that is
already stored with different content (another gemeente, ronde or other answers) is a problem,
never a silent skip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KlantreisFout, Probleem, Problemen
from ..files import MAX_FILE_BYTES, excel_text, read_text, save_workbook, write_text
from ..validation import looks_like_formula
from .opslag import Opslag, Response, check_response
from .vragenlijst import WEET_NIET, Vragenlijst, read_vragenlijst

EXPORT_FORMATS = ("limesurvey", "excel")
IMPORT_FORMATS = ("limesurvey", "forms", "excel")
FORMAT_NAMES = {"limesurvey": "LimeSurvey", "forms": "Microsoft Forms", "excel": "Excel-formulier van de kit"}
MAX_TEXT = 10_000
LANGUAGE = "nl"

PERSP_CODE = "PERSP"
PRIO_CODE = "PRIO"
OPEN_SUFFIX = "open"
ID_PREFIX = {"limesurvey": "ls", "forms": "mf", "excel": "xl"}

EXCEL_NAME = "verkenning_formulier.xlsx"
SHEET_INSTRUCTIONS, SHEET_ANSWERS, SHEET_TEXTS, SHEET_LISTS = "Instructie", "Antwoorden", "Stellingen", "Keuzelijsten"
EXCEL_ROWS = 300  # prefilled response ids; more rows can be added by hand

PERSPECTIVE_QUESTION = "Vanuit welke rol vult u deze vragenlijst in?"


# --- codes ----------------------------------------------------------------------------------

def subquestion_code(statement: str) -> str:
    """LimeSurvey subquestion code of a statement: ``K1_1`` → ``K1S1``."""
    return statement.replace("_", "S")


def open_code(uitgangspunt: str) -> str:
    """LimeSurvey question code of the open question of an uitgangspunt: ``K1`` → ``K1open``."""
    return f"{uitgangspunt}{OPEN_SUFFIX}"


def answer_code(point: int) -> str:
    """LimeSurvey answer code of a scale point: 1 → ``A1``."""
    return f"A{point}"


def limesurvey_columns(vl: Vragenlijst) -> dict[str, tuple[str, str]]:
    """Every question column of a LimeSurvey response export (headings "Vraagcode") in survey
    order, mapped to (kind, kit code); kind is stelling, open, prioriteit or perspectief."""
    columns: dict[str, tuple[str, str]] = {PERSP_CODE: ("perspectief", PERSP_CODE)}
    for u in vl.uitgangspunten:
        for s in u.stellingen:
            columns[f"{u.code}[{subquestion_code(s.code)}]"] = ("stelling", s.code)
        columns[open_code(u.code)] = ("open", u.code)
    for u in vl.uitgangspunten:
        columns[f"{PRIO_CODE}[{u.code}]"] = ("prioriteit", u.code)
    return columns


def derive_response_id(kind: str, key: str) -> str:
    """The store id of an imported response: the same file row always gives the same id."""
    digest = hashlib.sha256(f"klantreis-verkenning|{kind}|{key}".encode("utf-8")).hexdigest()
    return f"{ID_PREFIX[kind]}-{digest[:32]}"


# --- export -----------------------------------------------------------------------------------

def export_questionnaire(study, formaat: str, perspectief: str | None = None, output: Path | None = None) -> Path:
    """Write the questionnaire for LimeSurvey (``limesurvey``) or as the kit's Excel form (``excel``).

    `output` is a folder or a file name (default: the study's uitvoer/ folder). LimeSurvey gets
    one survey per perspective; without `perspectief` every perspective gets its own file and
    the folder is returned. Returns the path written.
    """
    vl = read_vragenlijst(study.path)
    problemen = Problemen("klantreis verkenning exporteer")
    if formaat not in EXPORT_FORMATS:
        problemen.add(f"een van: {', '.join(EXPORT_FORMATS)}", veld="formaat", waarde=formaat)
    if perspectief is not None and perspectief not in vl.perspective_labels:
        problemen.add(f"een van: {', '.join(vl.perspective_labels)}", veld="perspectief", waarde=perspectief)
    problemen.raise_if_any("Vragenlijst niet geëxporteerd")

    folder = Path(output) if output is not None else study.output_dir
    if formaat == "limesurvey":
        if folder.suffix:
            if folder.suffix.lower() != ".txt" or perspectief is None:
                raise KlantreisFout(Probleem(bestand=str(folder), veld="uitvoer", waarde=folder.name, toegestaan=(
                    "een map, of een .txt-bestand samen met een perspectief (zonder perspectief schrijft de kit "
                    "één bestand per perspectief)")), "Vragenlijst niet geëxporteerd")
            return write_text(folder, limesurvey_structure(vl, perspectief))
        for code in ([perspectief] if perspectief else list(vl.perspective_labels)):
            write_text(folder / f"verkenning_limesurvey_{code}.txt", limesurvey_structure(vl, code))
        return folder / f"verkenning_limesurvey_{perspectief}.txt" if perspectief else folder

    name = EXCEL_NAME if perspectief is None else EXCEL_NAME.replace(".xlsx", f"_{perspectief}.xlsx")
    if folder.suffix:
        if folder.suffix.lower() != ".xlsx":
            raise KlantreisFout(Probleem(bestand=str(folder), veld="uitvoer", waarde=folder.name,
                                         toegestaan="een map of een bestandsnaam die eindigt op .xlsx"),
                                "Vragenlijst niet geëxporteerd")
        target = folder
    else:
        target = folder / name
    return save_workbook(excel_form(vl, study.settings.gemeenten, perspectief), target)


# LimeSurvey reads the columns by name; these are the fixed columns of its own export, followed
# by the question attributes (and the answer score) this survey uses, alphabetically.
TSV_COLUMNS = ["id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
               "validation", "mandatory", "encrypted", "other", "default", "same_default",
               "question_theme_name", "same_script", "assessment_value", "hidden", "max_answers"]


def limesurvey_structure(vl: Vragenlijst, perspectief: str) -> str:
    """The survey for one perspective as LimeSurvey tab-separated text (UTF-8 with BOM, LF)."""
    label = vl.perspective_labels[perspectief]
    rows: list[dict[str, str]] = []

    def add(cls: str, **cells):
        rows.append({"class": cls, **{k.replace("type_scale", "type/scale"): v for k, v in cells.items()}})

    for name, value in (("language", LANGUAGE), ("format", "G"),
                        ("anonymized", "Y"), ("datestamp", "N"), ("ipaddr", "N"), ("refurl", "N"),
                        ("allowprev", "Y"), ("showprogress", "Y"), ("showwelcome", "Y")):
        add("S", name=name, text=value)
    for name, value in (("surveyls_title", f"{vl.naam} ({label.lower()})"),
                        ("surveyls_description", f"Versie {vl.versie}. Perspectief: {label}."),
                        ("surveyls_welcometext", vl.inleiding),
                        ("surveyls_endtext", vl.afsluiting)):
        add("SL", name=name, text=_html(value), language=LANGUAGE)
    weet_niet = vl.schaal.weet_niet.label
    for number, u in enumerate(vl.uitgangspunten, 1):
        add("G", type_scale=f"G{number}", name=u.naam, relevance="1", text="", language=LANGUAGE)
        if number == 1:
            add("Q", type_scale="S", name=PERSP_CODE, relevance="1", text="Perspectief (verborgen vraag)",
                help="Vul niets in: de kit leest hieraan af bij welk perspectief een antwoord hoort.",
                language=LANGUAGE, mandatory="N", other="N", default=perspectief, hidden="1")
        add("Q", type_scale="F", name=u.code, relevance="1",
            text=_html(f"{u.naam}: in hoeverre bent u het eens met deze uitspraken?"),
            help=_html(f"Weet u het niet, of past een uitspraak niet bij u? Kies dan '{weet_niet}'."),
            language=LANGUAGE, mandatory="N", other="N")
        for s in u.stellingen:
            add("SQ", name=subquestion_code(s.code), relevance="1", text=_html(s.text_for(perspectief)),
                language=LANGUAGE)
        for optie in vl.schaal.opties:
            add("A", name=answer_code(optie.code), text=_html(optie.label), language=LANGUAGE,
                assessment_value=str(optie.code))
        add("A", name=WEET_NIET, text=_html(weet_niet), language=LANGUAGE)
        add("Q", type_scale="T", name=open_code(u.code), relevance="1", text=_html(u.open_vraag),
            language=LANGUAGE, mandatory="N", other="N")
    add("G", type_scale=f"G{len(vl.uitgangspunten) + 1}", name="Verbeteren", relevance="1", text="",
        language=LANGUAGE)
    add("Q", type_scale="M", name=PRIO_CODE, relevance="1", text=_html(vl.prioriteit.vraag),
        help=_html(f"Kies er hoogstens {vl.prioriteit.aantal}."), language=LANGUAGE, mandatory="N", other="N",
        max_answers=str(vl.prioriteit.aantal))
    for u in vl.uitgangspunten:
        add("SQ", name=u.code, relevance="1", text=_html(u.naam), language=LANGUAGE)

    lines = ["\t".join(TSV_COLUMNS)]
    lines += ["\t".join(_tsv_field(row.get(column, "")) for column in TSV_COLUMNS) for row in rows]
    return "\ufeff" + "\n".join(lines) + "\n"


def _html(text: str) -> str:
    # LimeSurvey shows question texts as HTML: a '<' or '&' in a statement must stay visible text.
    return html.escape(text.replace("\r\n", "\n"), quote=False)


def _tsv_field(value: str) -> str:
    if any(ch in value for ch in ' \t"\\\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


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
        ("4. Open antwoorden (kolommen K1_open enzovoort) mogen gewone tekst zijn, tot 10.000 tekens. Begin een "
         "antwoord niet met =, +, - of @: Excel leest dat als formule en de kit weigert zulke tekst.", False),
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


# --- import -----------------------------------------------------------------------------------

@dataclass
class ImportResult:
    """What an import did; `samenvatting()` tells it in Dutch."""

    bestand: str
    formaat: str
    gemeente: str
    ronde: str
    gelezen: int = 0
    nieuw: int = 0
    al_aanwezig: int = 0
    onvolledig: list[str] = field(default_factory=list)
    afgewezen: dict[str, list[Probleem]] = field(default_factory=dict)
    meldingen: list[str] = field(default_factory=list)

    def samenvatting(self) -> str:
        lines = [f"Import van {self.bestand} ({FORMAT_NAMES.get(self.formaat, self.formaat)}) voor "
                 f"{self.gemeente}, {self.ronde}:",
                 f"- {_count(self.gelezen, 'respons', 'responsen')} gelezen; {self.nieuw} nieuw opgeslagen, "
                 f"{self.al_aanwezig} stond{'' if self.al_aanwezig == 1 else 'en'} er al in (niet dubbel opgeslagen)."]
        if self.onvolledig:
            lines.append(f"- {_count(len(self.onvolledig), 'onvolledige respons', 'onvolledige responsen')} "
                         f"overgeslagen (niet afgerond, geen verzenddatum): {', '.join(self.onvolledig)}.")
        if self.afgewezen:
            n = len(self.afgewezen)
            lines.append(f"- {_count(n, 'rij', 'rijen')} afgewezen en niet opgeslagen (fouten overgeslagen op verzoek):")
            for plaats, problems in self.afgewezen.items():
                lines.append(f"  {plaats}:")
                lines += [f"    - {p.detail()}" for p in problems]
        if not self.gelezen:
            lines.append("- Het bestand bevat geen afgeronde antwoorden; er is niets opgeslagen.")
        lines += [f"- {m}" for m in self.meldingen]
        return "\n".join(lines)


def _count(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


@dataclass
class _Row:
    """One response as read from a file, before it becomes a `Response`."""

    plaats: str
    key: str
    where: str = ""  # "regel 5" / "rij 5": where a person finds the row in the file
    file_id: str | None = None  # the file's own id of the response (LimeSurvey id, Forms ID, respons_id)
    perspectief: str | None = None
    perspectief_veld: str = "perspectief"
    antwoorden: dict = field(default_factory=dict)
    open: dict = field(default_factory=dict)
    prioriteit: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    wordings: dict = field(default_factory=dict)  # Forms: column heading → perspectives that use it


@dataclass
class _Parsed:
    rows: list[_Row] = field(default_factory=list)
    onvolledig: list[str] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)


def import_responses(study, path: Path, formaat: str, gemeente: str, ronde: str, perspectief: str | None = None,
                     skip_bad_rows: bool = False) -> ImportResult:
    """Read a LimeSurvey CSV export, a Microsoft Forms download or the kit's Excel form into the
    study's response store.

    Every problem in the file is reported at once (row or respondent, column, value, what is
    allowed) and nothing is stored unless the whole file is clean. With `skip_bad_rows` the clean
    rows are stored (in one transaction) and the rejected rows are listed in the result. The
    imported file is only read, never changed.
    """
    path = Path(path)
    _refuse_demo(study)
    vl = read_vragenlijst(study.path)
    shown = path.name
    problemen = Problemen(shown)
    if formaat not in IMPORT_FORMATS:
        problemen.add(f"een van: {', '.join(IMPORT_FORMATS)}", veld="formaat", waarde=formaat)
        problemen.raise_if_any("Niets geïmporteerd")
    if gemeente not in study.settings.gemeenten:
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(study.settings.gemeenten)}", veld="gemeente",
                      waarde=gemeente)
    rondes = study.settings.verkenning.rondes
    if ronde not in rondes:
        problemen.add(f"een ronde uit studie.yaml: {', '.join(rondes)}", veld="ronde", waarde=ronde)
    if perspectief is not None and perspectief not in vl.perspective_labels:
        problemen.add(f"een van: {', '.join(vl.perspective_labels)}", veld="perspectief", waarde=perspectief)
        perspectief = "?"  # known to be wrong: reported once, not again for every row
    settings_ok = not problemen

    parsed = _Parsed()
    if not path.is_file():
        problemen.add("een bestaand bestand met antwoorden", toon_waarde=False)
    else:
        reader = {"limesurvey": _read_limesurvey, "forms": _read_forms, "excel": _read_excel}[formaat]
        parsed = reader(path, vl, problemen)

    responses: list[Response] = []
    rows_by_id: dict[str, list[_Row]] = {}
    wording: dict[int, Probleem] = {}
    for number, row in enumerate(parsed.rows):
        resp = _to_response(row, formaat, gemeente, ronde, perspectief, vl, shown)
        responses.append(resp)
        problem = _wording_problem(row, resp.perspectief, shown)
        if problem is not None:
            wording[number] = problem
        if row.file_id:
            rows_by_id.setdefault(row.file_id, []).append(row)
    if wording and all(row.perspectief is None for row in parsed.rows):
        # One perspective for the whole file (--perspectief): say it once, about the headings.
        first = next(iter(wording.values()))
        problemen.add(first.toegestaan, plaats="kopregel", veld=first.veld, waarde=first.waarde)
    else:
        for number, row in enumerate(parsed.rows):
            if number in wording:
                row.problems.append(wording[number])
    id_field = {"limesurvey": "id", "forms": "ID", "excel": "respons_id"}[formaat]
    for file_id, rows in rows_by_id.items():
        if len(rows) > 1:
            for row in rows:
                others = ", ".join(r.where for r in rows if r is not row)
                row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=id_field, waarde=file_id,
                                             toegestaan=f"een id dat maar één keer in het bestand staat (staat ook "
                                                        f"in {others})"))
    if settings_ok:
        for row, resp in zip(parsed.rows, responses):
            if not row.problems:
                sub = Problemen(shown)
                check_response(resp, vl, study.settings.gemeenten, rondes, sub, plaats=row.plaats)
                row.problems.extend(sub)
    stored = _stored_responses(study.verkenning_db, {r.id for r in responses})
    for row, resp in zip(parsed.rows, responses):
        before = stored.get(resp.id)
        if before is not None and not row.problems and before != _content(resp):
            row.problems.append(Probleem(
                bestand=shown, plaats=row.plaats, veld="respons-id", waarde=resp.id,
                toegestaan=("een respons die nog niet met andere gegevens is opgeslagen; deze staat al in de "
                            f"database voor {before[0]}, {before[1]}, perspectief {before[2]}"
                            + (" met andere antwoorden" if before[:3] == _content(resp)[:3] else "")
                            + "; controleer --gemeente en --ronde, en of dit bestand een kopie is van een ander "
                              "formulier")))

    row_problems = [p for row in parsed.rows for p in row.problems]
    if problemen or (row_problems and not skip_bad_rows):
        hint = ("" if skip_bad_rows or problemen else
                "; verbeter het bestand, of importeer alleen de goede rijen met --sla-fouten-over")
        raise KlantreisFout(list(problemen) + row_problems,
                            f"Niets geïmporteerd: {shown} bevat fouten{hint}")

    good = [resp for row, resp in zip(parsed.rows, responses) if not row.problems]
    result = ImportResult(bestand=shown, formaat=formaat, gemeente=gemeente, ronde=ronde, gelezen=len(parsed.rows),
                          onvolledig=parsed.onvolledig, meldingen=parsed.meldingen)
    for row in parsed.rows:
        if row.problems:
            key = row.plaats if row.plaats not in result.afgewezen else f"{row.plaats} ({row.where})"
            result.afgewezen[key] = row.problems
    if good:
        with Opslag(study.verkenning_db) as store:
            result.nieuw = store.save(good)
    result.al_aanwezig = len(good) - result.nieuw
    return result


def _refuse_demo(study) -> None:
    from ..resources import PACKAGE_DIR

    if Path(study.path).resolve().is_relative_to(PACKAGE_DIR):
        raise KlantreisFout(Probleem(
            bestand=str(study.path), toon_waarde=False,
            toegestaan=("een eigen studiemap; de ingebouwde demostudie is alleen-lezen. Maak een studie met "
                        "'klantreis nieuw PAD --gemeente NAAM' en importeer daarin")),
            "Niets geïmporteerd")


def _to_response(row: _Row, formaat: str, gemeente: str, ronde: str, perspectief: str | None,
                 vl: Vragenlijst, shown: str) -> Response:
    found = row.perspectief
    if found not in (None, "?") and perspectief not in (None, "?") and found != perspectief:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=row.perspectief_veld, waarde=found,
                                     toegestaan=f"het perspectief dat bij de import is opgegeven ({perspectief})"))
    chosen = found or perspectief
    if chosen is None:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=row.perspectief_veld, waarde=None,
                                     toegestaan=("een perspectief in het bestand, of geef het op met --perspectief "
                                                 f"({', '.join(vl.perspective_labels)})")))
    return Response(id=derive_response_id(formaat, row.key), gemeente=gemeente, ronde=ronde,
                    perspectief=chosen or "", bron=formaat, antwoorden=row.antwoorden, open=row.open,
                    prioriteit=row.prioriteit)


def _wording_problem(row: _Row, chosen: str, shown: str) -> Probleem | None:
    """Forms: columns headed with another perspective's wording betray a wrong perspective."""
    wrong = {heading: users for heading, users in row.wordings.items()
             if chosen and chosen != "?" and users is not None and chosen not in users}
    if not wrong:
        return None
    heading, users = next(iter(wrong.items()))
    return Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=chosen,
                    toegestaan=(f"kolomkoppen met de formulering voor perspectief {chosen} of de standaardformulering; "
                                f"{_count(len(wrong), 'kolom heeft', 'kolommen hebben')} de formulering voor "
                                f"{', '.join(sorted(set().union(*wrong.values())))} (verkeerd perspectief?)"))


def _content(resp: Response) -> tuple:
    answers = {code: (None if v in (None, WEET_NIET) else int(v), v == WEET_NIET) for code, v in resp.antwoorden.items()}
    texts = {k: t for k, t in resp.open.items() if t and t.strip()}
    return (resp.gemeente, resp.ronde, resp.perspectief, answers, texts, list(resp.prioriteit))


def _stored_responses(db: Path, ids: set[str]) -> dict[str, tuple]:
    """Content of the responses with these ids that are already in the store (read-only)."""
    if not ids or not Path(db).exists():
        return {}
    with Opslag(db, readonly=True) as store:
        tables = store.tables()
    resp = tables["respondenten"]
    resp = resp[resp["respons_id"].isin(ids)]
    out: dict[str, tuple] = {}
    for r in resp.itertuples(index=False):
        out[r.respons_id] = (r.gemeente, r.ronde, r.perspectief, {}, {}, [])
    import pandas as pd

    for a in tables["antwoorden"].itertuples(index=False):
        if a.respons_id in out:
            value = None if pd.isna(a.waarde) else int(a.waarde)
            out[a.respons_id][3][a.stelling] = (value, bool(a.weet_niet))
    for o in tables["open"].itertuples(index=False):
        if o.respons_id in out:
            out[o.respons_id][4][o.uitgangspunt] = o.tekst
    prio = tables["prioriteit"].sort_values("rang")
    for p in prio.itertuples(index=False):
        if p.respons_id in out:
            out[p.respons_id][5].append(p.uitgangspunt)
    return out


# --- shared cell checks -------------------------------------------------------------------------

def _norm(text) -> str:
    """Text compared the way a person would: trimmed, case- and whitespace-insensitive."""
    return " ".join(str(text).split()).casefold()


def _shown_heading(heading) -> str:
    text = " ".join(str(heading).split())
    return text if len(text) <= 80 else text[:77] + "…"


def _scale_lookup(vl: Vragenlijst) -> dict[str, int | str]:
    lookup: dict[str, int | str] = {_norm(o.label): o.code for o in vl.schaal.opties}
    lookup[_norm(vl.schaal.weet_niet.label)] = WEET_NIET
    lookup[_norm("weet niet")] = WEET_NIET
    lookup[_norm(WEET_NIET)] = WEET_NIET
    return lookup


def _scale_allowed(vl: Vragenlijst) -> str:
    labels = [o.label for o in vl.schaal.opties] + [vl.schaal.weet_niet.label]
    return f"een van: {', '.join(labels)} (of een getal van {vl.schaal.min} tot en met {vl.schaal.max})"


def _scale_value(raw, vl: Vragenlijst, lookup: dict) -> tuple[bool, int | str | None]:
    """(ok, value) for a cell with a label, a number or WN; an empty cell is (True, None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return True, None
    if isinstance(raw, bool):
        return False, None
    if isinstance(raw, (int, float)):
        if float(raw).is_integer() and vl.schaal.min <= int(raw) <= vl.schaal.max:
            return True, int(raw)
        return False, None
    text = _norm(raw)
    if text in lookup:
        return True, lookup[text]
    if re.fullmatch(r"[0-9]+", text) and vl.schaal.min <= int(text) <= vl.schaal.max:
        return True, int(text)
    return False, None


def _check_text(row: _Row, heading: str, text: str, shown: str) -> str | None:
    """A free-text answer, or None (with a problem) when it is too long or looks like a formula."""
    if len(text) > MAX_TEXT:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=f"{len(text)} tekens",
                                     toegestaan=f"tekst van hoogstens {MAX_TEXT:,} tekens".replace(",", ".")))
        return None
    if looks_like_formula(text):
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=text,
                                     toegestaan="gewone tekst; tekst die als formule begint (=, +, -, @) wordt niet "
                                                "ingelezen"))
        return None
    return text


def _priority_lookup(vl: Vragenlijst) -> dict[str, str]:
    lookup = {}
    for u in vl.uitgangspunten:
        for key in (u.code, u.naam, f"{u.code} {u.naam}", f"{u.code}. {u.naam}", f"{u.code} - {u.naam}",
                    f"{u.code} – {u.naam}"):
            lookup[_norm(key)] = u.code
    return lookup


def _check_priorities(row: _Row, heading: str, chosen: list[str], vl: Vragenlijst, shown: str) -> None:
    if len(chosen) > vl.prioriteit.aantal or len(set(chosen)) != len(chosen):
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=", ".join(chosen),
                                     toegestaan=f"hoogstens {vl.prioriteit.aantal} verschillende uitgangspunten"))
    else:
        row.prioriteit = chosen


def _perspective_lookup(vl: Vragenlijst) -> dict[str, str]:
    lookup = {_norm(code): code for code in vl.perspective_labels}
    lookup.update({_norm(label): code for code, label in vl.perspective_labels.items()})
    return lookup


def _read_perspective(row: _Row, heading: str, raw, vl: Vragenlijst, shown: str) -> None:
    row.perspectief_veld = heading
    if raw is None or not str(raw).strip():
        return
    code = _perspective_lookup(vl).get(_norm(raw))
    if code is None:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=raw,
                                     toegestaan=f"een van: {', '.join(vl.perspective_labels)}"))
        row.perspectief = "?"  # known to be wrong: never fall back to --perspectief
    else:
        row.perspectief = code


def _key_part(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- LimeSurvey CSV -----------------------------------------------------------------------------

LS_LEADING = {"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
              "ipaddr", "refurl"}
LS_PERSONAL = {"firstname", "lastname", "email"}
_LS_CODE_AND_TEXT = re.compile(r"^([A-Za-z][A-Za-z0-9]*(?:\[[A-Za-z0-9_]+\])?)\.\s")


def _read_limesurvey(path: Path, vl: Vragenlijst, problemen: Problemen) -> _Parsed:
    parsed = _Parsed()
    shown = problemen.bestand
    text = read_text(path, problemen)
    if text is None:
        return parsed
    sep = _detect_separator(text)
    records, error = _split_delimited(text, sep)
    if error is not None:
        problemen.add("een CSV-bestand zoals LimeSurvey het exporteert (elk aanhalingsteken binnen een waarde "
                      "verdubbeld)", plaats=f"regel {error}", toon_waarde=False)
        return parsed
    if not records:
        problemen.add("een kopregel met kolomnamen", toon_waarde=False)
        return parsed
    header = [_ls_heading(value) for value, _ in records[0][1]]
    known = limesurvey_columns(vl)
    question_codes = {h.split("[")[0] for h in known}
    timing = re.compile(r"^(interviewtime|groupTime\d+|(" + "|".join(map(re.escape, question_codes)) + r")Time)$")
    if "id" not in header or "submitdate" not in header:
        problemen.add("een LimeSurvey-export van de antwoorden met de kolommen id en submitdate (Antwoorden → "
                      "Exporteren, koppen als 'Vraagcode')", plaats="kopregel", veld="kolommen",
                      waarde=", ".join(header[:6]))
        return parsed
    seen: dict[str, int] = {}
    for index, heading in enumerate(header):
        if heading in seen:
            problemen.add("elke kolom één keer", plaats="kopregel", veld=heading, waarde=heading)
        seen.setdefault(heading, index)
        if heading in known or heading in LS_LEADING or heading in LS_PERSONAL or timing.match(heading):
            continue
        problemen.add("een kolom uit de geëxporteerde vragenlijst (" + ", ".join(list(known)[1:3]) + ", …) of een "
                      "vaste LimeSurvey-kolom; kies bij het exporteren koppen als 'Vraagcode'",
                      plaats="kopregel", veld=_shown_heading(heading), waarde=heading)
    for heading, (kind, code) in known.items():
        if heading not in seen and kind != "perspectief":
            what = {"stelling": f"stelling {code}", "open": f"de open vraag van {code}",
                    "prioriteit": f"prioriteit {code}"}[kind]
            problemen.add(f"een kolom {heading} ({what}); exporteer alle vragen van de vragenlijst",
                          plaats="kopregel", veld=heading, waarde=None, toon_waarde=False)
    if any(h in LS_PERSONAL for h in header):
        parsed.meldingen.append("Kolommen met namen of e-mailadressen van deelnemers zijn niet opgeslagen.")
    lookup = _scale_lookup(vl)
    codes = {answer_code(o.code): o.code for o in vl.schaal.opties}
    codes[WEET_NIET] = WEET_NIET
    allowed = (f"een antwoordcode {answer_code(vl.schaal.min)} tot en met {answer_code(vl.schaal.max)}, of "
               f"{WEET_NIET} (weet niet)")
    for line, record in records[1:]:
        if len(record) == 1 and record[0] == ("", False):
            continue  # a blank line
        values = dict(zip(header, record))
        raw_id = values.get("id", (None, False))[0]
        plaats = f"respondent {raw_id}" if raw_id and raw_id.strip().isdigit() else f"regel {line}"
        row = _Row(plaats=plaats, key=f"regel {line}", where=f"regel {line}",
                   file_id=raw_id.strip() if raw_id else None)
        if len(record) != len(header):
            row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="aantal velden", waarde=len(record),
                                         toegestaan=f"evenveel velden als de kopregel ({len(header)})"))
            parsed.rows.append(row)
            continue
        if not (raw_id and raw_id.strip().isdigit()):
            row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="id", waarde=raw_id,
                                         toegestaan="het volgnummer van de respons (een geheel getal)"))
        if not values["submitdate"][0].strip():
            parsed.onvolledig.append(plaats)
            continue
        row.key = "|".join(values.get(k, ("", False))[0].strip() for k in ("id", "seed", "submitdate", "startdate"))
        for heading, (value, quoted) in values.items():
            kind, code = known.get(heading, (None, None))
            if kind is None:
                continue
            empty = value == "" and not quoted  # a bare empty field: never shown (NULL)
            if kind == "stelling":
                if empty:
                    continue
                if value == "":
                    row.antwoorden[code] = None
                elif value.strip() in codes:
                    row.antwoorden[code] = codes[value.strip()]
                elif _norm(value) in lookup:  # exported with "full answers"
                    row.antwoorden[code] = lookup[_norm(value)]
                else:
                    row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=value,
                                                 toegestaan=allowed))
            elif kind == "open":
                if value.strip():
                    text = _check_text(row, heading, value, shown)
                    if text is not None:
                        row.open[code] = text
            elif kind == "perspectief":
                _read_perspective(row, heading, value, vl, shown)
            elif kind == "prioriteit":
                if value.strip() in ("Y", "1", "Ja", "Yes"):  # "1": exported with "convert Y to 1"
                    row.prioriteit.append(code)
                elif value.strip() not in ("", "N", "Nee", "No"):
                    row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=value,
                                                 toegestaan="Y (aangevinkt) of leeg"))
        chosen, row.prioriteit = row.prioriteit, []
        _check_priorities(row, f"{PRIO_CODE}[…]", chosen, vl, shown)
        parsed.rows.append(row)
    return parsed


def _ls_heading(value: str) -> str:
    value = value.strip()
    match = _LS_CODE_AND_TEXT.match(value)  # headings "Question code & question text"
    return match.group(1) if match else value


def _detect_separator(text: str) -> str:
    """Comma, semicolon or TAB: whichever splits the header line into the most fields."""
    first = text.split("\n", 1)[0]
    outside = re.sub(r'"[^"]*(?:""[^"]*)*"', "", first)
    counts = {sep: outside.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _split_delimited(text: str, sep: str) -> tuple[list[tuple[int, list[tuple[str, bool]]]], int | None]:
    """Records of (value, quoted) fields. Unlike the csv module this keeps a bare empty field
    (LimeSurvey's NULL, never shown) apart from "" (shown, not answered). Returns (records,
    line of the first malformed record or None)."""
    s = re.escape(sep)
    field_re = re.compile(rf'(?:"([^"]*(?:""[^"]*)*)"|([^"{s}\r\n]*))({s}|\r\n|\n|\r|$)')
    records: list[tuple[int, list[tuple[str, bool]]]] = []
    fields: list[tuple[str, bool]] = []
    pos, n, start, line = 0, len(text), 0, 1
    while pos < n:
        match = field_re.match(text, pos)
        if match is None:
            return records, line
        quoted = match.group(1) is not None
        fields.append((match.group(1).replace('""', '"') if quoted else match.group(2), quoted))
        pos = match.end()
        if match.group(3) != sep:
            records.append((line, fields))
            line += text.count("\n", start, pos) + (match.group(3) == "\r")
            fields, start = [], pos
    if fields:
        records.append((line, fields))
    return records, None


# --- Microsoft Forms ----------------------------------------------------------------------------

FORMS_META = {
    "id": "id",
    "start time": "start", "begintijd": "start",
    "completion time": "completion", "tijd van voltooien": "completion",
    "email": "email", "e-mail": "email",
    "name": "name", "naam": "name",
    "last modified time": "modified", "tijd van laatste wijziging": "modified",
}
FORMS_QUIZ = ("total points", "quiz feedback")
FORMS_QUIZ_PREFIX = ("points - ", "feedback - ")


def _forms_columns(vl: Vragenlijst) -> dict[str, tuple[str, str, set[str] | None]]:
    """Normalised heading → (kind, code, perspectives whose wording it is; None = any)."""
    out: dict[str, tuple[str, str, set[str] | None]] = {}

    def put(text: str, kind: str, code: str, users: set[str] | None):
        for variant in (text, text[:200]):
            key = _norm(variant)
            if key in out and out[key][:2] == (kind, code):
                old = out[key][2]
                users = None if old is None or users is None else old | users
            out[key] = (kind, code, users)

    for s in vl.statements:
        put(s.tekst.standaard, "stelling", s.code, None)
        for p in vl.perspective_labels:
            text = s.text_for(p)
            if text != s.tekst.standaard:
                put(text, "stelling", s.code, {p})
    for u in vl.uitgangspunten:
        put(u.open_vraag, "open", u.code, None)
    put(vl.prioriteit.vraag, "prioriteit", PRIO_CODE, None)
    for heading in ("perspectief", "rol", PERSPECTIVE_QUESTION):
        put(heading, "perspectief", PERSP_CODE, None)
    return out


def _read_forms(path: Path, vl: Vragenlijst, problemen: Problemen) -> _Parsed:
    parsed = _Parsed()
    shown = problemen.bestand
    wb = _open_workbook(path, problemen, "een Excel-bestand (.xlsx) zoals Microsoft Forms het downloadt")
    if wb is None:
        return parsed
    try:
        names = wb.sheetnames
        visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        name = next((n for n in ("Form1", "Sheet1") if n in names), visible[0] if len(visible) == 1 else None)
        if name is None:
            problemen.add("een blad Sheet1 of Form1 met de antwoorden", veld="bladen", waarde=", ".join(names))
            return parsed
        rows = wb[name].iter_rows(values_only=True)
        header = list(next(rows, ()) or ())
        known = _forms_columns(vl)
        columns: dict[int, tuple[str, str, set[str] | None, str]] = {}
        meta: dict[str, int] = {}
        by_target: dict[tuple[str, str], str] = {}
        for index, raw in enumerate(header):
            if raw is None or not str(raw).strip():
                continue
            heading = str(raw)
            key = _norm(heading)
            if key in FORMS_META:
                meta.setdefault(FORMS_META[key], index)
                continue
            if key in FORMS_QUIZ or key.startswith(FORMS_QUIZ_PREFIX):
                continue  # quiz columns: points and feedback, not part of a self-scan
            target = known.get(key)
            if target is None and re.search(r"[0-9]+$", key):
                base = re.sub(r"[0-9]+$", "", key).rstrip()
                if base in known and known[base][:2] in by_target:
                    target = known[base]  # Forms appended a digit to a repeated title
            if target is None:
                problemen.add("een vraag uit de vragenlijst (de stelling letterlijk als kolomkop), een vaste "
                              "Forms-kolom (ID, Begintijd, Tijd van voltooien, E-mail, Naam) of een quizkolom",
                              plaats="kopregel", veld=_shown_heading(heading), waarde=heading)
                continue
            if target[:2] in by_target:
                problemen.add(f"één kolom per vraag; dezelfde vraag staat ook in kolom '{by_target[target[:2]]}'",
                              plaats="kopregel", veld=_shown_heading(heading), waarde=heading)
                continue
            by_target[target[:2]] = _shown_heading(heading)
            columns[index] = (*target, _shown_heading(heading))
        if "id" not in meta:
            problemen.add("een kolom ID (de vaste eerste kolom van een Forms-download)", plaats="kopregel",
                          veld="ID", toon_waarde=False)
        for s in vl.statements:
            if ("stelling", s.code) not in by_target:
                problemen.add(f"een kolom met de tekst van stelling {s.code} als kop, bv. "
                              f"'{s.tekst.standaard[:60]}…'", plaats="kopregel", veld=s.code, toon_waarde=False)
        for u in vl.uitgangspunten:
            if ("open", u.code) not in by_target:
                problemen.add(f"een kolom met de open vraag van {u.code} als kop: '{u.open_vraag[:60]}…'",
                              plaats="kopregel", veld=f"{u.code} open vraag", toon_waarde=False)
        if ("prioriteit", PRIO_CODE) not in by_target:
            problemen.add(f"een kolom met de vraag '{vl.prioriteit.vraag}' als kop", plaats="kopregel",
                          veld="prioriteit", toon_waarde=False)
        if "id" not in meta:
            return parsed  # without an ID no response can be told apart
        lookup, prio_lookup = _scale_lookup(vl), _priority_lookup(vl)
        personal = False
        for number, values in enumerate(rows, 2):
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            values = list(values) + [None] * (len(header) - len(values))
            raw_id = values[meta["id"]]
            plaats = f"respondent {_key_part(raw_id)}" if raw_id is not None else f"rij {number}"
            row = _Row(plaats=plaats, key="|".join(_key_part(values[meta[k]]) if k in meta else ""
                                                   for k in ("id", "start", "completion")),
                       where=f"rij {number}", file_id=_key_part(raw_id) or None)
            if raw_id is None or not _key_part(raw_id).isdigit():
                row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="ID", waarde=raw_id,
                                             toegestaan="het volgnummer van de respons (een geheel getal)"))
            for k in ("email", "name"):
                v = values[meta[k]] if k in meta else None
                if v is not None and _norm(v) not in ("", "anonymous", "anoniem"):
                    personal = True
            for index, (kind, code, users, heading) in columns.items():
                raw = values[index]
                if kind == "stelling":
                    ok, value = _scale_value(raw, vl, lookup)
                    if not ok:
                        row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=raw,
                                                     toegestaan=_scale_allowed(vl)))
                    else:
                        row.antwoorden[code] = value
                        row.wordings[heading] = users
                elif kind == "open":
                    if raw is not None and str(raw).strip():
                        text = _check_text(row, heading, str(raw), shown)
                        if text is not None:
                            row.open[code] = text
                elif kind == "perspectief":
                    _read_perspective(row, heading, raw, vl, shown)
                elif kind == "prioriteit" and raw is not None:
                    chosen = []
                    for part in str(raw).split(";"):
                        if not part.strip():
                            continue
                        found = prio_lookup.get(_norm(part))
                        if found is None:
                            row.problems.append(Probleem(
                                bestand=shown, plaats=plaats, veld=heading, waarde=part,
                                toegestaan=f"de naam van een uitgangspunt: "
                                           f"{', '.join(u.naam for u in vl.uitgangspunten)}"))
                        else:
                            chosen.append(found)
                    _check_priorities(row, heading, chosen, vl, shown)
            parsed.rows.append(row)
        if personal:
            parsed.meldingen.append("De kolommen E-mail en Naam bevatten gegevens van respondenten; de kit heeft die "
                                    "niet opgeslagen.")
    finally:
        wb.close()
    return parsed


def _open_workbook(path: Path, problemen: Problemen, what: str):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    size = path.stat().st_size
    if size > 4 * MAX_FILE_BYTES:
        problemen.add(f"bestanden tot {4 * MAX_FILE_BYTES // 1_000_000} MB", veld="bestandsgrootte",
                      waarde=f"{size} bytes")
        return None
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        problemen.add(what, waarde=f"onleesbaar ({type(exc).__name__})")
        return None


# --- the kit's Excel form -----------------------------------------------------------------------

def _read_excel(path: Path, vl: Vragenlijst, problemen: Problemen) -> _Parsed:
    parsed = _Parsed()
    shown = problemen.bestand
    wb = _open_workbook(path, problemen, "een Excel-formulier (.xlsx) gemaakt met 'klantreis verkenning exporteer "
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
                              f"{expected[-1]}", plaats=_at(1), veld=_shown_heading(heading), waarde=heading)
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
        lookup, prio_lookup = _scale_lookup(vl), _priority_lookup(vl)
        for number, values in enumerate(rows, 2):
            values = list(values or ()) + [None] * (len(header) - len(values or ()))
            cells = {h: values[i] for h, i in index.items()}
            filled = [h for h, v in cells.items()
                      if h not in ("respons_id", "perspectief") and v is not None and str(v).strip()]
            if not filled:
                continue  # an unused row of the form (its id and perspective are prefilled)
            plaats = _at(number)
            row = _Row(plaats=plaats, key="", where=f"rij {number}")
            raw_id = _formula_free(row, "respons_id", cells["respons_id"], shown)
            row.key = row.file_id = _key_part(raw_id)
            if not row.key:
                row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="respons_id", waarde=raw_id,
                                             toegestaan="een respons_id (het formulier vult die vooraf in)"))
                row.key = f"rij {number}"
            if "perspectief" in cells:
                _read_perspective(row, "perspectief", _formula_free(row, "perspectief", cells["perspectief"], shown),
                                  vl, shown)
            chosen = []
            for heading, raw in cells.items():
                if heading in ("respons_id", "perspectief"):
                    continue
                raw = _formula_free(row, heading, raw, shown)
                if heading in statements:
                    ok, value = _scale_value(raw, vl, lookup)
                    if ok:
                        row.antwoorden[heading] = value
                    else:
                        row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=raw,
                                                     toegestaan=_scale_allowed(vl)))
                elif heading.endswith("_open") and raw is not None and str(raw).strip():
                    text = _check_text(row, heading, str(raw), shown)
                    if text is not None:
                        row.open[heading.removesuffix("_open")] = text
                elif heading.startswith("prioriteit_") and raw is not None and str(raw).strip():
                    found = prio_lookup.get(_norm(raw))
                    if found is None:
                        match = re.match(r"^\s*(K[0-9]+)\b", str(raw))
                        found = match.group(1) if match and match.group(1) in vl.uitgangspunt_labels else None
                    if found is None:
                        row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=raw,
                                                     toegestaan=f"een uitgangspunt uit de keuzelijst "
                                                                f"({', '.join(vl.uitgangspunt_labels)})"))
                    else:
                        chosen.append(found)
            _check_priorities(row, "prioriteit", chosen, vl, shown)
            parsed.rows.append(row)
    finally:
        wb.close()
    return parsed


def _at(row: int) -> str:
    return f"blad '{SHEET_ANSWERS}', rij {row}"


def _formula_free(row: _Row, heading: str, raw, shown: str):
    """The cell value, or None with a problem when the cell holds a formula."""
    if isinstance(raw, str) and looks_like_formula(raw):
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=raw,
                                     toegestaan="gewone tekst of een keuze uit de lijst; formules worden niet "
                                                "ingelezen"))
        return None
    return raw


# --- the answers themselves, for municipalities that work in Excel ------------------------------

ANSWERS_NAME = "verkenning_antwoorden.xlsx"


def export_responses(study, output: Path | None = None) -> Path:
    """Write the stored answers to Excel: one row per response, one column per statement.

    Privacy: responses of a gemeente × ronde × perspectief group smaller than the study's
    minimum are left out (the sheet "Toelichting" says how many); open answers are redacted
    (`privacy.redact`); text a spreadsheet would run as a formula is neutralised.
    """
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ..privacy import redact

    if not study.verkenning_db.exists():
        raise KlantreisFout(Probleem(bestand=str(study.verkenning_db), toon_waarde=False, toegestaan=(
            "een studie met antwoorden (via 'klantreis verkenning serveer' of 'importeer')")),
            "Geen antwoorden om te exporteren")
    vl = read_vragenlijst(study.path)
    with Opslag(study.verkenning_db, readonly=True) as store:
        t = store.tables()
    resp = t["respondenten"]
    size = resp.groupby(["gemeente", "ronde", "perspectief"])["respons_id"].transform("count")
    kept = resp[size >= study.min_group]
    terms = study.settings.privacy.te_verwijderen
    codes = [s.code for s in vl.statements]
    points = list(vl.uitgangspunt_labels)
    answers = t["antwoorden"].set_index(["respons_id", "stelling"])
    open_ = t["open"].set_index(["respons_id", "uitgangspunt"])["tekst"]
    prio = t["prioriteit"].sort_values("rang").groupby("respons_id")["uitgangspunt"].agg(", ".join)

    wb = Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["respons_id", "gemeente", "ronde", "perspectief", "bron", *codes,
               *[f"{p} open antwoord" for p in points], "prioriteiten"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in kept.itertuples(index=False):
        row = [r.respons_id, r.gemeente, r.ronde, r.perspectief, r.bron]
        for code in codes:
            if (r.respons_id, code) not in answers.index:
                row.append(None)  # not shown
                continue
            a = answers.loc[(r.respons_id, code)]
            row.append(WEET_NIET if a["weet_niet"] else (None if pd.isna(a["waarde"]) else int(a["waarde"])))
        for p in points:
            text = open_.get((r.respons_id, p))
            row.append(excel_text(redact(text, terms)) if isinstance(text, str) else None)
        row.append(prio.get(r.respons_id))
        ws.append(row)
    ws.freeze_panes = "F2"
    info = wb.create_sheet("Toelichting")
    for line in (
        ["Verkenning: antwoorden per respondent", ""],
        ["Waarden", f"{vl.schaal.min}–{vl.schaal.max} op de schaal; {WEET_NIET} = weet niet / niet van toepassing; "
                    "leeg = niet beantwoord of niet getoond"],
        ["Weggelaten", f"{len(resp) - len(kept)} antwoorden uit groepen (gemeente × ronde × perspectief) kleiner dan "
                       f"{study.min_group}"],
        ["Open antwoorden", "Namen, telefoonnummers, adressen en andere persoonsgegevens zijn vervangen door "
                            "[verwijderd]"],
    ):
        info.append(line)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 22, 100
    target = Path(output) if output is not None else study.output_dir / ANSWERS_NAME
    if target.suffix.lower() != ".xlsx":
        target = target / ANSWERS_NAME
    return save_workbook(wb, target)
