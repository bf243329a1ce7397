"""`import_responses`: a LimeSurvey CSV export, a Microsoft Forms download or the kit's Excel
form into the study's response store, all or nothing (or the clean rows with `skip_bad_rows`)."""


from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...errors import KlantreisFout, Probleem, Problemen
from ..opslag import Opslag, Response, check_response
from ..vragenlijst import WEET_NIET, Vragenlijst, read_vragenlijst
from .excel_formulier import read_excel
from .forms import read_forms
from .gedeeld import (
    IMPORT_FORMATS,
    ImportResult,
    Parsed,
    Row,
    count_phrase,
    derive_response_id,
)
from .limesurvey import read_limesurvey

READERS = {"limesurvey": read_limesurvey, "forms": read_forms, "excel": read_excel}


def import_responses(study, path: Path, formaat: str, gemeente: str, ronde: str, perspectief: str | None = None,
                     skip_bad_rows: bool = False, keep_incomplete: bool = False, replace: bool = False) -> ImportResult:
    """Read a LimeSurvey CSV export, a Microsoft Forms download or the kit's Excel form into the
    study's response store.

    Every problem in the file is reported at once (row or respondent, column, value, what is
    allowed) and nothing is stored unless the whole file is clean. With `skip_bad_rows` the clean
    rows are stored (in one transaction) and the rejected rows are listed in the result. The
    imported file is only read, never changed.

    `keep_incomplete` keeps LimeSurvey responses that were not finished (they are counted either
    way). `replace` is for a corrected re-export: the responses stored earlier from this source
    (format) for this gemeente, ronde and the file's perspectives are removed and the file's
    responses stored instead, in one transaction, after a backup copy of the store next to it.
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

    parsed = Parsed()
    if not path.is_file():
        problemen.add("een bestaand bestand met antwoorden", toon_waarde=False)
    else:
        options = {"keep_incomplete": keep_incomplete} if formaat == "limesurvey" else {}
        parsed = READERS[formaat](path, vl, problemen, **options)

    responses: list[Response] = []
    rows_by_id: dict[str, list[Row]] = {}
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
        # with --vervang a changed response of this very measurement is the correction asked for
        replaced = replace and before is not None and before[:2] == (gemeente, ronde)
        if before is not None and not replaced and not row.problems and before != _content(resp):
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
                          onvolledig=parsed.onvolledig, onvolledig_bewaard=parsed.onvolledig_bewaard,
                          meldingen=parsed.meldingen)
    for row in parsed.rows:
        if row.problems:
            key = row.plaats if row.plaats not in result.afgewezen else f"{row.plaats} ({row.where})"
            result.afgewezen[key] = row.problems
    if replace:
        perspectives = {resp.perspectief for resp in good} | ({perspectief} if perspectief not in (None, "?") else set())
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        with Opslag(study.verkenning_db) as store:
            result.reservekopie = store.backup(study.verkenning_db.with_name(f"antwoorden.voor-vervangen-{stamp}.sqlite"))
            result.vervangen, result.nieuw = store.replace(good, formaat, gemeente, ronde, perspectives)
    elif good:
        with Opslag(study.verkenning_db) as store:
            result.nieuw = store.save(good)
    result.al_aanwezig = len(good) - result.nieuw
    return result


def _to_response(row: Row, formaat: str, gemeente: str, ronde: str, perspectief: str | None,
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


def _wording_problem(row: Row, chosen: str, shown: str) -> Probleem | None:
    """Forms: columns headed with another perspective's wording betray a wrong perspective."""
    wrong = {heading: users for heading, users in row.wordings.items()
             if chosen and chosen != "?" and users is not None and chosen not in users}
    if not wrong:
        return None
    heading, users = next(iter(wrong.items()))
    return Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=chosen,
                    toegestaan=(f"kolomkoppen met de formulering voor perspectief {chosen} of de standaardformulering; "
                                f"{count_phrase(len(wrong), 'kolom heeft', 'kolommen hebben')} de formulering voor "
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

