"""The effectenarena as data: the fictive households, one session file per session, and loading.

A session file (`effectenarena/<naam>.yaml` in the study) holds the participants (pseudonymous
id and role), per household the arena the room drew (activities, investeerders, effects for the
household and for society, incasseerders and the links between them), the factors of today's
set-up that hinder or help (each with a perspective and a kenmerk), and the participants'
scores: dots to distribute or impact × haalbaarheid on 1–5, as the facilitator chose.

Every check reports all problems at once, naming the session file, the participant, the field
and the value found. This module imports no pandas (the registry reads the settings model).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, Strict

from ..errors import Problemen
from ..files import load_yaml
from ..instruments import instrument_path
from ..resources import INSTRUMENTS_DIR
from ..validation import Datum, Model, TEXT_MAX, validate
from ..werksessie import Deelnemer, check_deelnemers, session_files

FOLDER = "effectenarena"
LIBRARY = "huishoudens"

PERSPECTIEVEN = {"client": "Cliënt", "professional": "Professional", "organisatie": "Organisatie",
                 "beleid": "Beleid"}
SOORTEN = {"belemmerend": "Belemmerend", "bevorderend": "Bevorderend"}
METHODEN = {"stippen": "stippen verdelen", "impact_haalbaarheid": "impact × haalbaarheid (1–5)"}
SCALE = (1, 5)
# The arena's four kinds of cards; effects carry for whom.
KINDS = {"aanpak": "Aanpak (activiteit)", "investeerders": "Investeerder", "effecten": "Effect",
         "incasseerders": "Incasseerder"}
EFFECT_FOR = {"huishouden": "voor het huishouden", "samenleving": "voor de samenleving"}
# Roles are grouped for the comparisons in the room, so groups are large enough to show.
ROLGROEPEN = {"inwoner": "inwoners", "clientvertegenwoordiger": "inwoners", "professional": "uitvoering",
              "ketenpartner": "uitvoering", "management": "beleid", "beleid": "beleid"}
ROLGROEP_NAMEN = {"inwoners": "Inwoners en cliëntvertegenwoordigers", "uitvoering": "Professionals en ketenpartners",
                  "beleid": "Beleid en management"}
NOT_SCORING = {"facilitator"}  # the facilitator leads the session and does not vote

CODE_PATTERN = r"^[A-Z]{1,3}[0-9]{1,3}$"
CARD_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,19}$"
CARD_HELP = "een korte code van letters, cijfers en _ , beginnend met een letter (bv. A1 of wijkteam)"

Points = Annotated[int, Strict(), Field(ge=0, le=100)]
OnScale = Annotated[int, Strict(), Field(ge=SCALE[0], le=SCALE[1])]


def rolgroep(rol: str) -> str:
    return ROLGROEPEN.get(rol, rol)


# --- the households ---------------------------------------------------------------------------------

class Leefgebied(Model):
    leefgebied: str = Field(min_length=1, max_length=40)
    behoefte: str = Field(min_length=1, max_length=400)


class Huishouden(Model):
    code: str = Field(pattern=CODE_PATTERN)
    naam: str = Field(min_length=1, max_length=80)
    leden: list[str] = Field(min_length=1)
    leefgebieden: list[Leefgebied] = Field(min_length=1)
    complexiteit: Literal["enkelvoudig", "meervoudig", "complex"]
    wetten: list[str] = Field(default_factory=list)
    verhaal: str = Field(min_length=1, max_length=2000)


class Huishoudens(Model):
    huishoudens: list[Huishouden] = Field(min_length=1)


class EffectenarenaSettings(Model):
    """`effectenarena:` in studie.yaml: which households of the library (and of the study's own
    instrumenten/huishoudens.yaml) the study uses; empty means all."""

    huishoudens: list[str] = Field(default_factory=list)


def load_huishoudens(root: Path | None, vocabulaire, problemen: Problemen,
                     chosen: list[str] = ()) -> dict[str, Huishouden]:
    """The households a study may use: the kit's library plus the study's own file, narrowed to
    `chosen` when the study picked some. Codes must be unique; leefgebieden and wetten must be
    in the vocabulary."""
    found: dict[str, Huishouden] = {}
    paths = [INSTRUMENTS_DIR / f"{LIBRARY}.yaml"]
    own = instrument_path(LIBRARY, root) if root is not None else None
    if own is not None and own != paths[0]:
        paths.append(own)
    for path in paths:
        shown = (str(path.relative_to(root)) if root is not None and path.is_relative_to(root)
                 else f"instruments/{path.name}")
        sub = Problemen(shown)
        data = load_yaml(path, sub)
        library = validate(Huishoudens, data, sub) if data is not None else None
        problemen.extend(sub)
        if library is None:
            continue
        for i, h in enumerate(library.huishoudens, 1):
            plaats = f"huishouden {h.code}"
            if h.code in found:
                problemen.add("een code die nog niet in de bibliotheek van de kit of van de studie staat",
                              bestand=shown, plaats=plaats, veld=f"huishoudens[{i}].code", waarde=h.code)
                continue
            if vocabulaire is not None:
                for j, lg in enumerate(h.leefgebieden, 1):
                    if lg.leefgebied not in vocabulaire.leefgebieden:
                        problemen.add(f"een van: {', '.join(vocabulaire.leefgebieden)}", bestand=shown, plaats=plaats,
                                      veld=f"huishoudens[{i}].leefgebieden[{j}].leefgebied", waarde=lg.leefgebied)
                for j, wet in enumerate(h.wetten, 1):
                    if wet not in vocabulaire.wetten:
                        problemen.add(f"een van: {', '.join(vocabulaire.wetten)}", bestand=shown, plaats=plaats,
                                      veld=f"huishoudens[{i}].wetten[{j}]", waarde=wet)
            found[h.code] = h
    for i, code in enumerate(chosen, 1):
        if code not in found:
            problemen.add(f"een code uit de huishoudensbibliotheek: {', '.join(found)}", bestand="studie.yaml",
                          veld=f"effectenarena.huishoudens[{i}]", waarde=code)
    if chosen:
        return {code: found[code] for code in chosen if code in found}
    return found


# --- a session --------------------------------------------------------------------------------------

class Kaart(Model):
    """One card in the arena: an activity, an investeerder, an effect or an incasseerder."""

    id: str = Field(pattern=CARD_PATTERN)
    tekst: str = Field(min_length=1, max_length=300)


class Effect(Kaart):
    voor: Literal["huishouden", "samenleving"]


class Verbinding(Model):
    van: str = Field(min_length=1, max_length=20)
    naar: str = Field(min_length=1, max_length=20)


class Arena(Model):
    """What the room drew for one household."""

    huishouden: str = Field(pattern=CODE_PATTERN)
    aanpak: list[Kaart] = Field(default_factory=list)
    investeerders: list[Kaart] = Field(default_factory=list)
    effecten: list[Effect] = Field(default_factory=list)
    incasseerders: list[Kaart] = Field(default_factory=list)
    verbindingen: list[Verbinding] = Field(default_factory=list)

    def cards(self) -> dict[str, tuple[str, Kaart]]:
        """Card id → (kind, card), in the order of the arena."""
        return {k.id: (kind, k) for kind in KINDS for k in getattr(self, kind)}


class Factor(Model):
    id: str = Field(pattern=r"^F[0-9]{1,3}$")
    tekst: str = Field(min_length=1, max_length=TEXT_MAX)
    soort: Literal["belemmerend", "bevorderend"]
    perspectief: Literal["client", "professional", "organisatie", "beleid"]
    kenmerk: str = Field(pattern=r"^K[1-9]$")
    huishouden: str | None = Field(default=None, pattern=CODE_PATTERN)


class Score(Model):
    """One participant's scores: `stippen` (factor → dots) or `impact` and `haalbaarheid`
    (factor → 1–5), depending on the session's method."""

    deelnemer: str = Field(min_length=1, max_length=20)
    stippen: dict[str, Points] = Field(default_factory=dict)
    impact: dict[str, OnScale] = Field(default_factory=dict)
    haalbaarheid: dict[str, OnScale] = Field(default_factory=dict)


class Scoring(Model):
    methode: Literal["stippen", "impact_haalbaarheid"]
    stippen_per_deelnemer: int | None = Field(default=None, ge=1, le=50)


class Kop(Model):
    """The top of a session file; the lists are checked item by item (all problems at once)."""

    titel: str = Field(min_length=1, max_length=200)
    datum: Datum
    gemeente: str | None = Field(default=None, max_length=80)
    scoring: Scoring
    deelnemers: list[Any] = Field(default_factory=list)
    huishoudens: list[Any] = Field(default_factory=list)
    factoren: list[Any] = Field(default_factory=list)
    scores: list[Any] = Field(default_factory=list)


class Sessie(Model):
    """A checked effectenarena session."""

    titel: str
    datum: Datum
    gemeente: str | None = None
    scoring: Scoring
    deelnemers: list[Deelnemer] = Field(default_factory=list)
    huishoudens: list[Arena] = Field(default_factory=list)
    factoren: list[Factor] = Field(default_factory=list)
    scores: list[Score] = Field(default_factory=list)


def check_session(data: Any, shown: str, problemen: Problemen, *, rollen: dict[str, str],
                  huishoudens: dict[str, Huishouden] | None, kenmerken: set[str] | None,
                  gemeenten: list[str] | None) -> Sessie | None:
    """Check one session's data (from YAML, the Excel form or the facilitator form); every
    problem goes into `problemen`; return the `Sessie` when there is none."""
    before = len(problemen)
    sub = Problemen(shown)
    kop = validate(Kop, data, sub)
    problemen.extend(sub)
    if kop is None:
        return None

    def items(model, values, name, who):
        out = []
        for i, raw in enumerate(values, 1):
            plaats = who(raw, i)
            sub = Problemen(shown)
            out.append(validate(model, raw, sub, plaats=plaats, locate=lambda f, i=i, plaats=plaats: (
                plaats, f"{name}[{i}].{f}" if f else f"{name}[{i}]")))
            problemen.extend(sub)
        return out

    def named(key, label):
        return lambda raw, i: f"{label} {raw.get(key)}" if isinstance(raw, dict) and raw.get(key) else f"{label} nr. {i}"

    def raw_ids(values, key):  # ids also of items with other problems, so they are not reported as unknown
        return {str(raw.get(key)) for raw in values if isinstance(raw, dict) and raw.get(key) is not None}

    deelnemers = items(Deelnemer, kop.deelnemers, "deelnemers", named("id", "deelnemer"))
    arenas = items(Arena, kop.huishoudens, "huishoudens", named("huishouden", "huishouden"))
    factoren = items(Factor, kop.factoren, "factoren", named("id", "factor"))
    scores = items(Score, kop.scores, "scores", named("deelnemer", "deelnemer"))

    if kop.gemeente is not None and gemeenten is not None and kop.gemeente not in gemeenten:
        problemen.add(f"een van de gemeenten van de studie: {', '.join(gemeenten)} (of laat het veld weg)",
                      bestand=shown, veld="gemeente", waarde=kop.gemeente)
    if kop.scoring.methode == "stippen" and kop.scoring.stippen_per_deelnemer is None:
        problemen.add("bij de methode stippen: het aantal stippen per deelnemer (een getal van 1 tot en met 50)",
                      bestand=shown, veld="scoring.stippen_per_deelnemer", toon_waarde=False)

    # A participant with another problem keeps its place, so the numbers in field names stay right.
    fallback = next(iter(rollen), "")
    placed = [d if d is not None else Deelnemer.model_construct(
        id=str(raw.get("id")) if isinstance(raw, dict) else f"nr. {i}", rol=fallback)
        for i, (d, raw) in enumerate(zip(deelnemers, kop.deelnemers), 1)]
    check_deelnemers(placed, rollen, problemen, shown)
    known = raw_ids(kop.deelnemers, "id")
    role_of = {d.id: d.rol for d in deelnemers if d is not None}

    seen_codes: set[str] = set()
    for i, arena in enumerate(arenas, 1):
        if arena is None:
            continue
        plaats = f"huishouden {arena.huishouden}"
        if huishoudens is not None and arena.huishouden not in huishoudens:
            problemen.add(f"een code uit de huishoudensbibliotheek van de studie: {', '.join(huishoudens) or '(geen)'}",
                          bestand=shown, plaats=plaats, veld=f"huishoudens[{i}].huishouden", waarde=arena.huishouden)
        if arena.huishouden in seen_codes:
            problemen.add("elk huishouden één keer per sessie", bestand=shown, plaats=plaats,
                          veld=f"huishoudens[{i}].huishouden", waarde=arena.huishouden)
        seen_codes.add(arena.huishouden)
        ids: set[str] = set()
        for kind in KINDS:
            for j, card in enumerate(getattr(arena, kind), 1):
                if card.id in ids:
                    problemen.add("elke kaart een eigen code binnen het huishouden", bestand=shown, plaats=plaats,
                                  veld=f"huishoudens[{i}].{kind}[{j}].id", waarde=card.id)
                ids.add(card.id)
        for j, link in enumerate(arena.verbindingen, 1):
            for end in ("van", "naar"):
                if getattr(link, end) not in ids:
                    problemen.add("de code van een aanpak, investeerder, effect of incasseerder van dit huishouden: "
                                  + (", ".join(sorted(ids)) or "(nog geen kaarten)"), bestand=shown, plaats=plaats,
                                  veld=f"huishoudens[{i}].verbindingen[{j}].{end}", waarde=getattr(link, end))

    factor_ids: set[str] = set()
    all_factors = raw_ids(kop.factoren, "id")
    for i, f in enumerate(factoren, 1):
        if f is None:
            continue
        plaats = f"factor {f.id}"
        if f.id in factor_ids:
            problemen.add("elke factor een eigen code", bestand=shown, plaats=plaats, veld=f"factoren[{i}].id", waarde=f.id)
        factor_ids.add(f.id)
        if kenmerken is not None and f.kenmerk not in kenmerken:
            problemen.add(f"een kenmerk uit zeven_kenmerken.yaml: {', '.join(sorted(kenmerken))}", bestand=shown,
                          plaats=plaats, veld=f"factoren[{i}].kenmerk", waarde=f.kenmerk)
        if f.huishouden is not None and f.huishouden not in seen_codes:
            problemen.add("de code van een huishouden in deze sessie (of laat het veld weg)", bestand=shown,
                          plaats=plaats, veld=f"factoren[{i}].huishouden", waarde=f.huishouden)

    method, limit = kop.scoring.methode, kop.scoring.stippen_per_deelnemer
    scored: set[str] = set()
    for i, s in enumerate(scores, 1):
        if s is None:
            continue
        plaats, veld = f"deelnemer {s.deelnemer}", f"scores[{i}]"
        if s.deelnemer not in known:
            problemen.add("de code van een deelnemer uit de lijst deelnemers", bestand=shown, plaats=plaats,
                          veld=f"{veld}.deelnemer", waarde=s.deelnemer)
        elif role_of.get(s.deelnemer) in NOT_SCORING:
            problemen.add("alleen scores van deelnemers; de facilitator begeleidt en stemt niet mee", bestand=shown,
                          plaats=plaats, veld=f"{veld}.deelnemer", waarde=s.deelnemer)
        if s.deelnemer in scored:
            problemen.add("één rij scores per deelnemer", bestand=shown, plaats=plaats, veld=f"{veld}.deelnemer",
                          waarde=s.deelnemer)
        scored.add(s.deelnemer)
        wrong = ("impact", "haalbaarheid") if method == "stippen" else ("stippen",)
        for name in wrong:
            if getattr(s, name):
                problemen.add(f"bij de scoremethode '{method}' alleen "
                              + ("stippen" if method == "stippen" else "impact en haalbaarheid"),
                              bestand=shown, plaats=plaats, veld=f"{veld}.{name}", waarde=", ".join(getattr(s, name)))
        for name in ("stippen", "impact", "haalbaarheid"):
            for factor in getattr(s, name):
                if factor not in all_factors:
                    problemen.add(f"de code van een factor in deze sessie: {', '.join(sorted(all_factors)) or '(geen)'}",
                                  bestand=shown, plaats=plaats, veld=f"{veld}.{name}", waarde=factor)
        if method == "stippen" and limit is not None and sum(s.stippen.values()) > limit:
            problemen.add(f"hoogstens {limit} stippen per deelnemer (scoring.stippen_per_deelnemer)", bestand=shown,
                          plaats=plaats, veld=f"{veld}.stippen", waarde=f"{sum(s.stippen.values())} stippen")
        if method == "impact_haalbaarheid":
            for factor in sorted(set(s.impact) ^ set(s.haalbaarheid)):
                problemen.add("per factor zowel impact als haalbaarheid (of geen van beide)", bestand=shown,
                              plaats=plaats, veld=f"{veld}.{'haalbaarheid' if factor in s.impact else 'impact'}",
                              waarde=factor)
    if len(problemen) > before:
        return None
    return Sessie(titel=kop.titel, datum=kop.datum, gemeente=kop.gemeente, scoring=kop.scoring,
                  deelnemers=deelnemers, huishoudens=arenas, factoren=factoren, scores=scores)


def load_sessions(ctx) -> dict:
    """The method's loader (`Method.load`): the households and every session file."""
    settings = getattr(ctx.settings, "effectenarena", None) if ctx.settings is not None else None
    chosen = list(settings.huishoudens) if settings is not None else []
    instr = ctx.instruments
    huishoudens = load_huishoudens(ctx.root, instr.vocabulaire if instr else None, ctx.problemen, chosen)
    sessions: dict[str, Sessie] = {}
    if instr is None:  # the broken instruments are reported already; sessions are checked against them
        return {"effectenarena": sessions, "effectenarena_huishoudens": huishoudens}
    for path in session_files(ctx.root, FOLDER, ctx.problemen):
        shown = f"{FOLDER}/{path.name}"
        sub = Problemen(shown)
        data = load_yaml(path, sub)
        if data is not None:
            found = check_session(data, shown, sub, rollen=instr.vocabulaire.sessie_rollen,
                                  huishoudens=huishoudens, gemeenten=ctx.gemeenten,
                                  kenmerken={k.code for k in instr.kenmerken.kenmerken})
            if found is not None:
                sessions[path.stem] = found
        ctx.problemen.extend(sub)
    return {"effectenarena": sessions, "effectenarena_huishoudens": huishoudens}


def session_data(sessie: Sessie) -> dict:
    """A session as the plain data of its YAML file (dates as text, no empty optional fields)."""
    data = sessie.model_dump(mode="json", exclude_none=True)
    return data
