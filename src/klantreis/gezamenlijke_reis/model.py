"""The gezamenlijke reis as data: one YAML file per session in the study's `gezamenlijke_reis/`.

    gemeente: Lindewaarde          # optional: a session for one municipality of the study
    datum: 2026-06-18
    max_punten: 5                  # points each participant may hand out
    deelnemers:                    # pseudonymous ids and a role from sessie_rollen
      - {id: D01, rol: inwoner}
    verbeterpunten:
      - code: V1
        tekst: "Eén vaste contactpersoon vanaf het eerste gesprek"
        stappen: [eerste_contact, keukentafelgesprek]
        sleutelmomenten: [keukentafelgesprek]
        kenmerken: [K1, K6]
    stemmen:                       # private votes: points per improvement point
      - {deelnemer: D01, punten: {V1: 3, V4: 2}}

Every entry route (this YAML, the Excel form, the facilitator form) ends in the same
`Sessie`, checked against the study by `check_session`: every problem at once, each naming the
session file, the participant, the field and the value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, Strict

from ..errors import Problemen
from ..files import load_yaml
from ..validation import Datum, Model, as_date, validate
from ..werksessie import Deelnemer, check_deelnemers, session_files

FOLDER = "gezamenlijke_reis"
CODE_PATTERN = r"^V[0-9]{1,3}$"
NON_VOTING = {"facilitator"}  # roles that guide the session and do not vote

Points = Annotated[int, Strict(), Field(ge=0, le=100)]


class Verbeterpunt(Model):
    code: str = Field(pattern=CODE_PATTERN)
    tekst: str = Field(min_length=1, max_length=300)
    stappen: list[str] = Field(default_factory=list)
    sleutelmomenten: list[str] = Field(default_factory=list)
    kenmerken: list[str] = Field(default_factory=list)


class Stem(Model):
    deelnemer: str = Field(min_length=1, max_length=10)
    punten: dict[str, Points] = Field(default_factory=dict)


class Sessie(Model):
    gemeente: str | None = Field(default=None, min_length=1, max_length=80)
    datum: Datum
    max_punten: Annotated[int, Strict(), Field(ge=1, le=100)]
    deelnemers: list[Deelnemer] = Field(default_factory=list)
    verbeterpunten: list[Verbeterpunt] = Field(default_factory=list)
    stemmen: list[Stem] = Field(default_factory=list)


@dataclass(frozen=True)
class SessionContext:
    """What a session is checked against; parts of the study that are broken are None."""

    gemeenten: list[str] | None
    periode: tuple[dt.date, dt.date] | None
    rollen: dict[str, str] | None
    stappen: list[str] | None
    sleutelmomenten: list[str] | None
    kenmerken: list[str] | None


@dataclass(frozen=True)
class LoadedSession:
    """A valid session and where it came from (`bestand`, as shown to the user)."""

    naam: str
    bestand: str
    sessie: Sessie


ID_FIELD_HELP = "een code van 1–3 hoofdletters en 1–3 cijfers, zoals D01 (geen naam)"


def _items(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _texts(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def check_session(data: dict, ctx: SessionContext, problemen: Problemen) -> None:
    """Check a session's references: municipality, date, roles, links, votes.

    Works on the raw data (like the interview checks), so these problems come together with
    the model's own; a value of the wrong type is left to the model."""
    gemeente = data.get("gemeente")
    if ctx.gemeenten is not None and isinstance(gemeente, str) and gemeente not in ctx.gemeenten:
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(ctx.gemeenten)} (of laat het veld weg voor "
                      "een gezamenlijke sessie)", veld="gemeente", waarde=gemeente)
    datum = as_date(data.get("datum"))
    if ctx.periode and datum is not None and not ctx.periode[0] <= datum <= ctx.periode[1]:
        problemen.add(f"een datum in de onderzoeksperiode {ctx.periode[0]} t/m {ctx.periode[1]}", veld="datum",
                      waarde=str(datum))

    people = _items(data.get("deelnemers"))
    named = [p for p in people if isinstance(p.get("id"), str) and isinstance(p.get("rol"), str)]
    if ctx.rollen is not None:
        check_deelnemers([Deelnemer.model_construct(id=p["id"], rol=p["rol"]) for p in named], ctx.rollen,
                         problemen, problemen.bestand)
    roles = {p["id"]: p.get("rol") for p in people if isinstance(p.get("id"), str)}

    points = _items(data.get("verbeterpunten"))
    codes: list[str] = []
    for nr, point in enumerate(points, 1):
        code = point.get("code")
        where = f"verbeterpunt {code}" if isinstance(code, str) else f"verbeterpunt {nr}"
        if isinstance(code, str):
            if code in codes:
                problemen.add("elke code één keer (V1, V2, …)", plaats=where, veld=f"verbeterpunten[{nr}].code",
                              waarde=code)
            codes.append(code)
        for field, allowed, help_text in (
                ("stappen", ctx.stappen, "een stap uit de schaduwreis"),
                ("sleutelmomenten", ctx.sleutelmomenten, "een sleutelmoment uit de schaduwreis"),
                ("kenmerken", ctx.kenmerken, "een kenmerk uit zeven_kenmerken.yaml")):
            if allowed is None:
                continue
            for value in _texts(point.get(field)):
                if value not in allowed:
                    problemen.add(f"{help_text}: {', '.join(allowed) or '(geen)'}", plaats=where,
                                  veld=f"verbeterpunten[{nr}].{field}", waarde=value)

    seen: set[str] = set()
    for nr, vote in enumerate(_items(data.get("stemmen")), 1):
        who = vote.get("deelnemer")
        where = f"deelnemer {who}" if isinstance(who, str) else f"stem {nr}"
        if isinstance(who, str):
            if who not in roles:
                problemen.add("een deelnemer uit de lijst deelnemers", plaats=where, veld=f"stemmen[{nr}].deelnemer",
                              waarde=who)
            elif roles[who] in NON_VOTING:
                problemen.add("stemmen van deelnemers die meestemmen; de facilitator stemt niet mee", plaats=where,
                              veld=f"stemmen[{nr}].deelnemer", waarde=who)
            if who in seen:
                problemen.add("één stem per deelnemer (zet alle punten van een deelnemer in één regel)",
                              plaats=where, veld=f"stemmen[{nr}].deelnemer", waarde=who)
            seen.add(who)
        given = vote.get("punten") if isinstance(vote.get("punten"), dict) else {}
        for code in given:
            if code not in codes:
                problemen.add(f"punten voor een verbeterpunt van deze sessie: {', '.join(codes) or '(nog geen)'}",
                              plaats=where, veld=f"stemmen[{nr}].punten", waarde=code)
        numbers = [v for v in given.values() if isinstance(v, int) and not isinstance(v, bool)]
        limit = data.get("max_punten")
        if isinstance(limit, int) and not isinstance(limit, bool) and sum(numbers) > limit:
            problemen.add(f"hoogstens {limit} punten per deelnemer (max_punten)", plaats=where,
                          veld=f"stemmen[{nr}].punten", waarde=f"{sum(numbers)} punten")



def _locator(data):
    """Name participants and improvement points in problems ("deelnemer D03"), not positions."""
    import re

    def name_of(kind: str, index: int) -> str | None:
        key, field, label = {"deelnemers": ("deelnemers", "id", "deelnemer"),
                             "stemmen": ("stemmen", "deelnemer", "deelnemer"),
                             "verbeterpunten": ("verbeterpunten", "code", "verbeterpunt")}[kind]
        items = data.get(key) if isinstance(data, dict) else None
        if isinstance(items, list) and index <= len(items) and isinstance(items[index - 1], dict):
            value = items[index - 1].get(field)
            return f"{label} {value}" if isinstance(value, str) else f"{label} {index}"
        return None

    def locate(field: str) -> tuple[str | None, str]:
        m = re.match(r"^(deelnemers|stemmen|verbeterpunten)\[(\d+)\]", field)
        if m:
            return name_of(m.group(1), int(m.group(2))), field
        return None, field

    return locate


def context_of(study) -> SessionContext:
    s, reis = study.settings, study.schaduwreis
    return SessionContext(gemeenten=list(s.gemeenten), periode=(s.periode.begin, s.periode.eind),
                          rollen=study.instruments.vocabulaire.sessie_rollen, stappen=reis.step_ids,
                          sleutelmomenten=[st.id for st in reis.steps if st.sleutelmoment],
                          kenmerken=[k.code for k in study.instruments.kenmerken.kenmerken])


def validate_session(data, ctx: SessionContext, problemen: Problemen) -> Sessie | None:
    """The model's problems and the study's checks together; the session when there are none."""
    sub = Problemen(problemen.bestand)
    sessie = validate(Sessie, data, sub, locate=_locator(data))
    if isinstance(data, dict):
        check_session(data, ctx, sub)
    problemen.extend(sub)
    return sessie if not sub else None


def load_sessions(ctx) -> dict:
    """The method's part of `load_study`: every session file, checked, as {"gezamenlijke_reis": [...]}."""
    instr = ctx.instruments
    reis = ctx.parts.get("schaduwreis")
    context = SessionContext(
        gemeenten=ctx.gemeenten, periode=ctx.periode,
        rollen=instr.vocabulaire.sessie_rollen if instr is not None else None,
        stappen=reis.step_ids if reis is not None else None,
        sleutelmomenten=[st.id for st in reis.steps if st.sleutelmoment] if reis is not None else None,
        kenmerken=[k.code for k in instr.kenmerken.kenmerken] if instr is not None else None)
    sessions = []
    for path in session_files(ctx.root, FOLDER, ctx.problemen):
        shown = f"{FOLDER}/{path.name}"
        sub = Problemen(shown)
        data = load_yaml(path, sub)
        sessie = validate_session(data, context, sub) if data is not None else None
        ctx.problemen.extend(sub)
        if sessie is not None:
            sessions.append(LoadedSession(naam=path.stem, bestand=shown, sessie=sessie))
    return {"gezamenlijke_reis": sessions}


def session_path(study, naam: str) -> Path:
    """Where the session `naam` is kept in the study folder."""
    return Path(study.path) / FOLDER / f"{naam}.yaml"


def session_problems(study, data: dict, bestand: str) -> Problemen:
    """Every problem of session data against the study (empty when the session is valid)."""
    problemen = Problemen(bestand)
    validate_session(data, context_of(study), problemen)
    return problemen


def import_session_workbook(study, workbook: Path, naam: str | None = None, overwrite: bool = False) -> Path:
    """Read a filled-in Excel session form, check it against the study and write it as
    `gezamenlijke_reis/<naam>.yaml` (default name: the date, and the municipality if any).
    The workbook itself is never changed. Raises `KlantreisFout` with every problem."""
    from dataclasses import replace

    from ..errors import KlantreisFout, Probleem
    from ..files import dump_yaml, write_text
    from .excel import read_session_workbook

    study.refuse_demo("Sessie niet ingelezen")
    workbook = Path(workbook)
    problemen = Problemen(workbook.name)
    data, rows_of = read_session_workbook(workbook, problemen)
    if data is not None:
        validate_session(data, context_of(study), problemen)
    # Problems found by participant or improvement point also name the sheet and row.
    def where(p) -> str:
        return f"{(p.veld or '').split('[')[0]}:{p.plaats}"

    located = [replace(p, plaats=f"{p.plaats} ({rows_of[where(p)]})") if where(p) in rows_of else p
               for p in problemen]
    if located:
        raise KlantreisFout(located, "Sessie niet ingelezen")
    if naam is None:
        naam = str(data["datum"]) + (f"_{data['gemeente'].lower().replace(' ', '_')}" if data.get("gemeente") else "")
    target = session_path(study, naam)
    if target.exists() and not overwrite:
        raise KlantreisFout(Probleem(bestand=f"{FOLDER}/{target.name}", toon_waarde=False, toegestaan=(
            "een nieuwe sessienaam (kies --naam) of --overschrijf om de sessie te vervangen")), "Sessie niet ingelezen")
    header = ("# Gezamenlijke reis, ingelezen uit het Excel-formulier " + workbook.name + ".\n"
              "# Alleen pseudoniemen: geen namen of andere gegevens waaraan iemand te herkennen is.\n")
    return write_text(target, header + dump_yaml(plain_session(data)))


def plain_session(data: dict) -> dict:
    """Session data as it is written to YAML: keys in the order of the model, the date as a date."""
    keys = ["gemeente", "datum", "max_punten", "deelnemers", "verbeterpunten", "stemmen"]
    out = {k: data[k] for k in keys + [k for k in data if k not in keys] if data.get(k) is not None}
    # A date is written as a plain YAML date (2026-06-18), as a researcher would type it.
    if isinstance(out.get("datum"), str) and as_date(out["datum"]) is not None:
        out["datum"] = as_date(out["datum"])
    return out
