"""What every import shares: the result, the rows read from a file, the checks and the storing.

`import_responses` asks the reader of the chosen format (``limesurvey``, ``forms``, ``excel``)
for the rows of the file, then checks and stores them the same way for every format. A reader
is a function ``(path, vragenlijst, problemen) -> _Parsed``; it reports what is wrong with the
file as a whole in `problemen` and what is wrong with one response in that row's `problems`.

Response ids are derived from the file kind and what identifies a response in that file
(LimeSurvey: id, seed, submitdate, startdate; Forms: ID, start and completion time; the kit's
form: its ``respons_id``), so importing the same file twice stores nothing twice. An id that is
already stored with different content (another gemeente, ronde or other answers) is a problem,
never a silent skip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...errors import KlantreisFout, Probleem, Problemen
from ...files import MAX_FILE_BYTES
from ...validation import looks_like_formula
from ..opslag import OPEN_TEXT_MAX, Opslag, Response, check_response
from ..vragenlijst import WEET_NIET, Vragenlijst, read_vragenlijst

IMPORT_FORMATS = ("limesurvey", "forms", "excel")
FORMAT_NAMES = {"limesurvey": "LimeSurvey", "forms": "Microsoft Forms", "excel": "Excel-formulier van de kit"}
ID_PREFIX = {"limesurvey": "ls", "forms": "mf", "excel": "xl"}


def derive_response_id(kind: str, key: str) -> str:
    """The store id of an imported response: the same file row always gives the same id."""
    digest = hashlib.sha256(f"klantreis-verkenning|{kind}|{key}".encode("utf-8")).hexdigest()
    return f"{ID_PREFIX[kind]}-{digest[:32]}"


# --- import ---------------------------------------------------------------------------------------

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


Reader = Callable[[Path, Vragenlijst, Problemen], _Parsed]
_READERS: dict[str, Reader] = {}


def reader_for(formaat: str) -> Reader:
    """The reader of one import format. The format modules build on this module, so they are
    looked up on first use rather than imported at the top (no import cycle)."""
    if not _READERS:
        from .excel_formulier import _read_excel
        from .forms import _read_forms
        from .limesurvey import _read_limesurvey

        _READERS.update(limesurvey=_read_limesurvey, forms=_read_forms, excel=_read_excel)
    return _READERS[formaat]


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
    study.refuse_demo("Niets geïmporteerd")
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
        parsed = reader_for(formaat)(path, vl, problemen)

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


# --- shared cell checks ---------------------------------------------------------------------------

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
    if len(text) > OPEN_TEXT_MAX:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=f"{len(text)} tekens",
                                     toegestaan=f"tekst van hoogstens {OPEN_TEXT_MAX:,} tekens".replace(",", ".")))
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


# --- Excel files (Forms download, the kit's form) -------------------------------------------------

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

