"""LimeSurvey: the survey structure to import (tab-separated text) and the response export to read
back (CSV). File shapes in ../shared/FORMATS.md.

Export: **one survey per perspective**, because the wording of a statement differs per
perspective (an inwoner reads B1 "ik"-sentences). Each survey carries a hidden short-text
question ``PERSP`` whose default value is the perspective code, so every exported response says
which perspective it belongs to; without ``PERSP`` (a survey built by hand) the importer needs
``perspectief=``/``--perspectief``.

Import: LimeSurvey's CSV export of the responses with headings "Vraagcode" (comma, semicolon or
TAB separated); headings "Vraagcode en vraagtekst" are understood too.

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
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ...errors import Probleem, Problemen
from ...files import read_text
from ..vragenlijst import WEET_NIET, Vragenlijst
from .gedeeld import (
    check_priorities,
    check_text,
    norm,
    Parsed,
    read_perspective,
    Row,
    scale_lookup,
    shown_heading,
)

LANGUAGE = "nl"
PERSP_CODE = "PERSP"
PRIO_CODE = "PRIO"
OPEN_SUFFIX = "open"


# --- codes ----------------------------------------------------------------------------------------

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


# --- the survey structure (export) ----------------------------------------------------------------

# LimeSurvey reads the columns by name; these are the fixed columns of its own export, followed
# by the question attributes (and the answer score) this survey uses, alphabetically.
TSV_COLUMNS = ["id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
               "validation", "mandatory", "encrypted", "other", "default", "same_default",
               "question_theme_name", "same_script", "assessment_value", "hidden", "max_answers"]


def perspective_answers(vl: Vragenlijst) -> dict[str, str]:
    """Answer codes of the visible perspective question in the survey for all perspectives
    (LimeSurvey answer codes are at most five letters and digits): ``P1`` → inwoner, …"""
    return {f"P{number}": p.code for number, p in enumerate(vl.perspectieven, 1)}


def limesurvey_structure(vl: Vragenlijst, perspectief: str | None) -> str:
    """The survey as LimeSurvey tab-separated text (UTF-8 with BOM, LF): for one perspective in
    its own wording, or with `perspectief=None` one survey for all perspectives that asks the
    perspective first (a mandatory list question ``PERSP``) and shows the standard wording."""
    label = vl.perspective_labels[perspectief] if perspectief else "alle perspectieven"
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
        if number == 1 and perspectief:
            add("Q", type_scale="S", name=PERSP_CODE, relevance="1", text="Perspectief (verborgen vraag)",
                help="Vul niets in: de kit leest hieraan af bij welk perspectief een antwoord hoort.",
                language=LANGUAGE, mandatory="N", other="N", default=perspectief, hidden="1")
        elif number == 1:
            add("Q", type_scale="L", name=PERSP_CODE, relevance="1", text="Vanuit welke rol vult u deze vragenlijst in?",
                language=LANGUAGE, mandatory="Y", other="N")
            for code, kit_code in perspective_answers(vl).items():
                add("A", name=code, text=_html(vl.perspective_labels[kit_code]), language=LANGUAGE)
        add("Q", type_scale="F", name=u.code, relevance="1",
            text=_html(f"{u.naam}: in hoeverre bent u het eens met deze uitspraken?"),
            help=_html(f"Weet u het niet, of past een uitspraak niet bij u? Kies dan '{weet_niet}'."),
            language=LANGUAGE, mandatory="N", other="N")
        for s in u.stellingen:
            add("SQ", name=subquestion_code(s.code), relevance="1",
                text=_html(s.text_for(perspectief) if perspectief else s.tekst.standaard),
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


# --- the response export (import) -----------------------------------------------------------------

LS_LEADING = {"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
              "ipaddr", "refurl"}
LS_PERSONAL = {"firstname", "lastname", "email"}
_LS_CODE_AND_TEXT = re.compile(r"^([A-Za-z][A-Za-z0-9]*(?:\[[A-Za-z0-9_]+\])?)\.\s")


def read_limesurvey(path: Path, vl: Vragenlijst, problemen: Problemen, keep_incomplete: bool = False) -> Parsed:
    """The responses of a LimeSurvey CSV export. Incomplete responses (no submitdate) are
    counted and skipped, or kept with `keep_incomplete`.

    LimeSurvey quotes every value and writes a never-shown question as a bare empty field, a
    shown-but-unanswered one as ``""``. A file re-saved by Excel quotes only values that need it
    (never a heading), so that distinction is gone: the file is recognised by its bare headings, and empty answers of completed
    responses are read as shown but not answered (the kit's survey shows every question to
    everyone), with a note in the result."""
    parsed = Parsed()
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
    resaved = not any(quoted for _, quoted in records[0][1])  # LimeSurvey quotes every heading, Excel none
    if resaved and len(records) > 1:
        parsed.meldingen.append(
            "Dit bestand is na de export opnieuw opgeslagen (bv. door Excel): de aanhalingstekens van LimeSurvey "
            "ontbreken, dus 'niet getoond' en 'getoond maar niet beantwoord' zijn niet meer te onderscheiden. "
            "Lege antwoorden van afgeronde responsen zijn gelezen als 'getoond maar niet beantwoord', omdat de "
            "vragenlijst van de kit alle vragen aan iedereen toont. Importeer liever de export zelf.")
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
                      plaats="kopregel", veld=shown_heading(heading), waarde=heading)
    for heading, (kind, code) in known.items():
        if heading not in seen and kind != "perspectief":
            what = {"stelling": f"stelling {code}", "open": f"de open vraag van {code}",
                    "prioriteit": f"prioriteit {code}"}[kind]
            problemen.add(f"een kolom {heading} ({what}); exporteer alle vragen van de vragenlijst",
                          plaats="kopregel", veld=heading, waarde=None, toon_waarde=False)
    if any(h in LS_PERSONAL for h in header):
        parsed.meldingen.append("Kolommen met namen of e-mailadressen van deelnemers zijn niet opgeslagen.")
    lookup = scale_lookup(vl)
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
        row = Row(plaats=plaats, key=f"regel {line}", where=f"regel {line}",
                   file_id=raw_id.strip() if raw_id else None)
        if len(record) != len(header):
            row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="aantal velden", waarde=len(record),
                                         toegestaan=f"evenveel velden als de kopregel ({len(header)})"))
            parsed.rows.append(row)
            continue
        if not (raw_id and raw_id.strip().isdigit()):
            row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="id", waarde=raw_id,
                                         toegestaan="het volgnummer van de respons (een geheel getal)"))
        complete = bool(values["submitdate"][0].strip())
        if not complete and not keep_incomplete:
            parsed.onvolledig.append(plaats)
            continue
        parsed.onvolledig_bewaard += not complete
        row.key = "|".join(values.get(k, ("", False))[0].strip() for k in ("id", "seed", "submitdate", "startdate"))
        for heading, (value, quoted) in values.items():
            kind, code = known.get(heading, (None, None))
            if kind is None:
                continue
            # a bare empty field: never shown (NULL); in an Excel re-save every field is bare
            empty = value == "" and not quoted and not (resaved and complete)
            if kind == "stelling":
                if empty:
                    continue
                if value == "":
                    row.antwoorden[code] = None
                elif value.strip() in codes:
                    row.antwoorden[code] = codes[value.strip()]
                elif norm(value) in lookup:  # exported with "full answers"
                    row.antwoorden[code] = lookup[norm(value)]
                else:
                    row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=value,
                                                 toegestaan=allowed))
            elif kind == "open":
                if value.strip():
                    text = check_text(row, heading, value, shown)
                    if text is not None:
                        row.open[code] = text
            elif kind == "perspectief":
                read_perspective(row, heading, perspective_answers(vl).get(value.strip(), value), vl, shown)
            elif kind == "prioriteit":
                if value.strip() in ("Y", "1", "Ja", "Yes"):  # "1": exported with "convert Y to 1"
                    row.prioriteit.append(code)
                elif value.strip() not in ("", "N", "Nee", "No"):
                    row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=value,
                                                 toegestaan="Y (aangevinkt) of leeg"))
        chosen, row.prioriteit = row.prioriteit, []
        check_priorities(row, f"{PRIO_CODE}[…]", chosen, vl, shown)
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

