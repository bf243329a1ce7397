"""Microsoft Forms: reading the Excel download of the responses (file shape in ../shared/FORMATS.md).

The kit writes nothing for Forms: a researcher builds the form by hand from the statements. So
the reader matches columns to statements by normalised heading text (trimmed, case- and
whitespace-insensitive), never by position, and knows every wording of a statement: a heading
in the wording of another perspective than the one imported betrays a wrong perspective.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import Probleem, Problemen
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

PERSPECTIVE_QUESTION = "Vanuit welke rol vult u deze vragenlijst in?"
# The perspective and the priority question have no kit code of their own in a Forms file.
PERSPECTIVE, PRIORITY = "perspectief", "prioriteit"

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
            key = norm(variant)
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
    put(vl.prioriteit.vraag, "prioriteit", PRIORITY, None)
    for heading in ("perspectief", "rol", PERSPECTIVE_QUESTION):
        put(heading, "perspectief", PERSPECTIVE, None)
    return out


def read_forms(path: Path, vl: Vragenlijst, problemen: Problemen) -> Parsed:
    parsed = Parsed()
    shown = problemen.bestand
    wb = open_workbook(path, problemen, "een Excel-bestand (.xlsx) zoals Microsoft Forms het downloadt")
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
            key = norm(heading)
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
                              plaats="kopregel", veld=shown_heading(heading), waarde=heading)
                continue
            if target[:2] in by_target:
                problemen.add(f"één kolom per vraag; dezelfde vraag staat ook in kolom '{by_target[target[:2]]}'",
                              plaats="kopregel", veld=shown_heading(heading), waarde=heading)
                continue
            by_target[target[:2]] = shown_heading(heading)
            columns[index] = (*target, shown_heading(heading))
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
        if ("prioriteit", PRIORITY) not in by_target:
            problemen.add(f"een kolom met de vraag '{vl.prioriteit.vraag}' als kop", plaats="kopregel",
                          veld="prioriteit", toon_waarde=False)
        if "id" not in meta:
            return parsed  # without an ID no response can be told apart
        lookup, prio_lookup = scale_lookup(vl), priority_lookup(vl)
        personal = False
        for number, values in enumerate(rows, 2):
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            values = list(values) + [None] * (len(header) - len(values))
            raw_id = values[meta["id"]]
            plaats = f"respondent {key_part(raw_id)}" if raw_id is not None else f"rij {number}"
            row = Row(plaats=plaats, key="|".join(key_part(values[meta[k]]) if k in meta else ""
                                                   for k in ("id", "start", "completion")),
                       where=f"rij {number}", file_id=key_part(raw_id) or None)
            if raw_id is None or not key_part(raw_id).isdigit():
                row.problems.append(Probleem(bestand=shown, plaats=plaats, veld="ID", waarde=raw_id,
                                             toegestaan="het volgnummer van de respons (een geheel getal)"))
            for k in ("email", "name"):
                v = values[meta[k]] if k in meta else None
                if v is not None and norm(v) not in ("", "anonymous", "anoniem"):
                    personal = True
            for index, (kind, code, users, heading) in columns.items():
                raw = values[index]
                if kind == "stelling":
                    ok, value = scale_value(raw, vl, lookup)
                    if not ok:
                        row.problems.append(Probleem(bestand=shown, plaats=plaats, veld=heading, waarde=raw,
                                                     toegestaan=scale_allowed(vl)))
                    else:
                        row.antwoorden[code] = value
                        row.wordings[heading] = users
                elif kind == "open":
                    if raw is not None and str(raw).strip():
                        text = check_text(row, heading, str(raw), shown)
                        if text is not None:
                            row.open[code] = text
                elif kind == "perspectief":
                    read_perspective(row, heading, raw, vl, shown)
                elif kind == "prioriteit" and raw is not None:
                    chosen = []
                    for part in str(raw).split(";"):
                        if not part.strip():
                            continue
                        found = prio_lookup.get(norm(part))
                        if found is None:
                            row.problems.append(Probleem(
                                bestand=shown, plaats=plaats, veld=heading, waarde=part,
                                toegestaan=f"de naam van een uitgangspunt: "
                                           f"{', '.join(u.naam for u in vl.uitgangspunten)}"))
                        else:
                            chosen.append(found)
                    check_priorities(row, heading, chosen, vl, shown)
            parsed.rows.append(row)
        if personal:
            parsed.meldingen.append("De kolommen E-mail en Naam bevatten gegevens van respondenten; de kit heeft die "
                                    "niet opgeslagen.")
    finally:
        wb.close()
    return parsed

