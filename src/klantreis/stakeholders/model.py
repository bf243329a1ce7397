"""A stakeholder interview or a focus group as data, its checks against the study, and reading
and writing the files (`stakeholders/<id>.yaml`).

Every way of entering a conversation (YAML by hand, the kit's Excel form, the notebook form)
ends in this one validated `Gesprek`. Stakeholders are few and recognisable (the one
beleidsmedewerker of a small gemeente), so a file holds a pseudonym (S01, F01) and roles, never
names; a focus group holds its participants as counts per role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, Strict, StrictBool

from ..errors import Problemen
from ..files import dump_yaml, load_yaml, write_text
from ..validation import Datum, Model, RESPONDENT_PATTERN, as_date, validate

FOLDER = "stakeholders"
SOORTEN = ("interview", "focusgroep")
Count = Annotated[int, Strict(), Field(ge=0, le=500)]
Perspectief = Literal["beleid", "organisatie", "professional", "client"]


class Toestemming(Model):
    """`interview`: consent for the conversation itself (without it the file does not belong in
    the study); `citaten`: whether literal quotes may be used at all. A literal quote is printed
    only with this consent and the consent of the statement itself (`toestemming_citaat`)."""

    interview: StrictBool
    citaten: StrictBool


class Uitspraak(Model):
    """One statement: a paraphrase or, with `citaat: true`, a literal quote."""

    tekst: str = Field(min_length=1, max_length=2000)
    citaat: StrictBool = False
    toestemming_citaat: StrictBool = False
    codes: list[str] = Field(default_factory=list)
    # In a focus group: the role of the speaker (one of the participants' roles).
    rol: str | None = None
    # Only when the statement speaks from another perspective than its speaker's role.
    perspectief: Perspectief | None = None
    # An improvement point or opportunity (evidence for the research question on kansen).
    verbeterpunt: StrictBool = False


class Gesprek(Model):
    id: str = Field(pattern=RESPONDENT_PATTERN)
    soort: Literal["interview", "focusgroep"]
    gemeente: str | None = Field(min_length=1, max_length=80)  # None: a regional or joint conversation
    datum: Datum
    interviewer_rol: str
    rol: str | None = None  # an interview: the role of the person interviewed
    deelnemers: dict[str, Count] = Field(default_factory=dict)  # a focus group: participants per role
    toestemming: Toestemming
    uitspraken: list[Uitspraak] = Field(default_factory=list)

    @property
    def aantal_deelnemers(self) -> int:
        return sum(self.deelnemers.values()) if self.soort == "focusgroep" else 1


def speaker_role(gesprek, uitspraak) -> str | None:
    """Who speaks: the statement's own role, the interviewee's role, or the one role of a focus
    group whose participants all share it (None when that cannot be told)."""
    if uitspraak.rol:
        return uitspraak.rol
    if gesprek.soort == "interview":
        return gesprek.rol
    roles = [r for r, n in gesprek.deelnemers.items() if n]
    return roles[0] if len(roles) == 1 else None


def perspective_of(gesprek, uitspraak, rol_perspectief: dict[str, str]) -> str | None:
    """The statement's perspective: its own `perspectief`, else the perspective of its speaker's role."""
    if uitspraak.perspectief:
        return uitspraak.perspectief
    return rol_perspectief.get(speaker_role(gesprek, uitspraak) or "")


def may_quote(gesprek, uitspraak) -> bool:
    """A literal quote may be printed only with both consents: the conversation's and the statement's."""
    return uitspraak.citaat and gesprek.toestemming.citaten and uitspraak.toestemming_citaat


# --- checks that need the study's context -----------------------------------------------------

@dataclass(frozen=True)
class GesprekContext:
    """What a conversation is checked against; parts of the study that are broken are None."""

    instruments: object  # instruments.Instruments
    gemeenten: list[str] | None
    periode: tuple[dt.date, dt.date] | None


def _items(value) -> list:
    return value if isinstance(value, list) else []


def who(data) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return f"gesprek {data['id']}"
    return None


def check_gesprek(data: dict, ctx: GesprekContext, problemen: Problemen, statement_place=None) -> None:
    """Check one conversation's references and structure (municipality, period, roles, codes,
    who speaks in each statement). Works on the raw data so these problems come together with
    the model's type errors; a value of the wrong type is left to the model. `statement_place(nr)`
    names where statement `nr` is when it came from elsewhere (an Excel sheet and row)."""
    vocab = ctx.instruments.vocabulaire
    roles, codes = vocab.stakeholder_rollen, ctx.instruments.code_labels
    place = who(data)

    consent = data.get("toestemming")
    if isinstance(consent, dict) and consent.get("interview") is False:
        problemen.add("alleen gesprekken waarvoor de deelnemers toestemming gaven (toestemming.interview: true); "
                      "zonder die toestemming hoort het gesprek niet in de studie", plaats=place,
                      veld="toestemming.interview", waarde=False)
    gemeente = data.get("gemeente")
    if ctx.gemeenten is not None and isinstance(gemeente, str) and gemeente not in ctx.gemeenten:
        problemen.add(f"een gemeente uit studie.yaml ({', '.join(ctx.gemeenten)}), of null voor een regionaal "
                      "gesprek", plaats=place, veld="gemeente", waarde=gemeente)
    datum = as_date(data.get("datum"))
    if ctx.periode and datum is not None and not ctx.periode[0] <= datum <= ctx.periode[1]:
        problemen.add(f"een datum in de onderzoeksperiode {ctx.periode[0]} t/m {ctx.periode[1]}", plaats=place,
                      veld="datum", waarde=str(datum))
    role = data.get("interviewer_rol")
    if isinstance(role, str) and role not in vocab.interviewer_rollen:
        problemen.add(f"een van: {', '.join(vocab.interviewer_rollen)}", plaats=place, veld="interviewer_rol",
                      waarde=role)
    soort = data.get("soort")
    rol = data.get("rol")
    deelnemers = data.get("deelnemers") if isinstance(data.get("deelnemers"), dict) else {}
    if soort == "interview":
        if rol is None:
            problemen.add(f"bij een interview de rol van de geïnterviewde: een van {', '.join(roles)}",
                          plaats=place, veld="rol", waarde=None)
        elif isinstance(rol, str) and rol not in roles:
            problemen.add(f"een van: {', '.join(roles)}", plaats=place, veld="rol", waarde=rol)
        if deelnemers:
            problemen.add("deelnemers alleen bij een focusgroep; bij een interview de rol (rol)", plaats=place,
                          veld="deelnemers", waarde=", ".join(map(str, deelnemers)))
    elif soort == "focusgroep":
        if rol is not None:
            problemen.add("bij een focusgroep geen rol, maar het aantal deelnemers per rol (deelnemers)",
                          plaats=place, veld="rol", waarde=rol)
        for key in deelnemers:
            if key not in roles:
                problemen.add(f"een rol uit de vocabulaire: {', '.join(roles)}", plaats=place,
                              veld="deelnemers", waarde=key)
        counts = [n for n in deelnemers.values() if isinstance(n, int) and not isinstance(n, bool)]
        if sum(counts) < 2:
            problemen.add("bij een focusgroep het aantal deelnemers per rol, samen minstens 2 "
                          "(bv. deelnemers: {professional: 6, ketenpartner: 2})", plaats=place,
                          veld="deelnemers", waarde=sum(counts))
    present = {k for k, n in deelnemers.items() if isinstance(n, int) and n}
    for nr, item in enumerate(_items(data.get("uitspraken")), 1):
        if not isinstance(item, dict):
            continue
        where = (statement_place(nr) if statement_place else None) or \
            (f"{place}, uitspraak {nr}" if place else f"uitspraak {nr}")
        for code in _items(item.get("codes")):
            if isinstance(code, str) and code not in codes:
                problemen.add("een code uit het codeboek (bv. T_WACHTTIJD, K7, P_BELEID, A_VROEGTIJDIG)",
                              plaats=where, veld="codes", waarde=code)
        speaker = item.get("rol")
        if speaker is not None and soort == "interview":
            problemen.add("een rol per uitspraak alleen bij een focusgroep (bij een interview spreekt de "
                          "geïnterviewde)", plaats=where, veld="rol", waarde=speaker)
        elif isinstance(speaker, str) and soort == "focusgroep" and speaker not in present:
            problemen.add(f"een rol van de deelnemers van deze focusgroep: {', '.join(sorted(present)) or '(geen)'}",
                          plaats=where, veld="rol", waarde=speaker)
        if item.get("perspectief") is None and soort == "focusgroep" and speaker is None and len(present) > 1:
            problemen.add("bij een focusgroep met meer rollen de rol van de spreker (rol) of het perspectief "
                          "(perspectief) van de uitspraak", plaats=where, veld="rol", waarde=None)
        role_here = speaker if isinstance(speaker, str) else (rol if soort == "interview" else None)
        if item.get("perspectief") is None and isinstance(role_here, str) and role_here in roles \
                and role_here not in vocab.rol_perspectief:
            problemen.add(f"een perspectief bij de uitspraak, of de rol '{role_here}' in rol_perspectief van de "
                          "vocabulaire", plaats=where, veld="perspectief", waarde=None)


def locator(data, place: str | None):
    """Name statements by number in problems ("gesprek S01, uitspraak 3", veld "codes")."""
    def locate(field: str) -> tuple[str | None, str]:
        if field.startswith("uitspraken["):
            index, _, rest = field[len("uitspraken["):].partition("]")
            if index.isdigit():
                here = f"uitspraak {index}"
                return (f"{place}, {here}" if place else here), rest.lstrip(".") or "uitspraak"
        return place, field

    return locate


def validate_gesprek(data, problemen: Problemen) -> Gesprek | None:
    return validate(Gesprek, data, problemen, plaats=who(data), locate=locator(data, who(data)))


# --- reading and writing ------------------------------------------------------------------------

HEADER = ("# Stakeholderinterview of focusgroep. Alleen een pseudoniem (S01, F01) en rollen: geen\n"
          "# namen, functies die één persoon aanwijzen, adressen of telefoonnummers.\n")
_ORDER = ["id", "soort", "gemeente", "datum", "interviewer_rol", "rol", "deelnemers", "toestemming", "uitspraken"]
_STATEMENT_ORDER = ["tekst", "citaat", "toestemming_citaat", "codes", "rol", "perspectief", "verbeterpunt"]


def gesprek_data(g: Gesprek) -> dict:
    """The conversation as it is written to YAML: fields in a researcher's order, defaults left out."""
    data = g.model_dump(mode="json")
    data["datum"] = g.datum  # written as a YAML date (2026-03-10), as a researcher writes it
    if g.soort == "interview":
        data.pop("deelnemers")
    else:
        data.pop("rol")
    data["uitspraken"] = [{k: item[k] for k in _STATEMENT_ORDER if _kept(k, item)} for item in data["uitspraken"]]
    return {k: data[k] for k in _ORDER if k in data}


def _kept(key: str, item: dict) -> bool:
    if key in ("tekst", "codes"):
        return True
    if key in ("citaat", "toestemming_citaat"):
        return item["citaat"]  # a paraphrase needs no quote consent
    return item[key] not in (None, False)


def write_gesprek(g: Gesprek, folder: Path, overwrite: bool = False, header: str = HEADER) -> Path:
    return write_text(Path(folder) / f"{g.id}.yaml", header + dump_yaml(gesprek_data(g)), overwrite=overwrite)


def gesprek_path(study, gesprek_id: str) -> Path:
    return Path(study.path) / FOLDER / f"{gesprek_id}.yaml"


def context_of(study) -> GesprekContext:
    s = study.settings
    return GesprekContext(instruments=study.instruments, gemeenten=list(s.gemeenten),
                          periode=(s.periode.begin, s.periode.eind))


def save_gesprek(study, data: dict, overwrite: bool = False, header: str = HEADER, bron: str = "formulier") -> Path:
    """Validate conversation data against the study and write `stakeholders/<id>.yaml`
    (atomically; an existing file only with `overwrite`). Raises `KlantreisFout` with every
    problem; nothing is written then."""
    study.refuse_demo("Gesprek niet opgeslagen")
    problemen = Problemen(bron)
    g = validate_gesprek(data, problemen)
    check_gesprek(data, context_of(study), problemen)
    if g is not None:
        target = gesprek_path(study, g.id)
        if (target.exists() or g.id in {x.id for x in study.stakeholders}) and not overwrite:
            problemen.add("een pseudoniem dat nog niet in de studie voorkomt (of --overschrijf om het bestaande "
                          f"bestand {FOLDER}/{g.id}.yaml te vervangen)", plaats=who(data), veld="id", waarde=g.id)
    problemen.raise_if_any("Gesprek niet opgeslagen")
    return write_gesprek(g, Path(study.path) / FOLDER, overwrite=overwrite, header=header)


def comment_header(path: Path) -> str:
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines) or HEADER


# --- loading a study's conversations (the method's part of `load_study`) -------------------------

def load_gesprekken(ctx) -> dict:
    """Read every `stakeholders/*.yaml`, check each against the study (as far as its settings
    and instruments are valid) and return {"stakeholders": [Gesprek, ...]}, sorted by id."""
    from ..files import outside

    root, problemen = ctx.root, ctx.problemen
    folder = root / FOLDER
    if folder.exists() and not folder.is_dir():
        problemen.add("een map stakeholders/ met één bestand per gesprek; hier staat een bestand met die naam",
                      bestand=FOLDER, veld="pad", waarde=FOLDER)
        return {"stakeholders": []}
    if not folder.is_dir():
        return {"stakeholders": []}
    if outside(folder, root):
        problemen.add("een map binnen de studiemap (dit is een snelkoppeling naar een map erbuiten)",
                      bestand=FOLDER, veld="pad", waarde=FOLDER)
        return {"stakeholders": []}
    context = GesprekContext(instruments=ctx.instruments, gemeenten=ctx.gemeenten, periode=ctx.periode) \
        if ctx.instruments is not None else None
    loaded: list[Gesprek] = []
    first: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        shown = f"{FOLDER}/{path.name}"
        if path.name.startswith((".", "~$")) or (path.is_dir() and not path.is_symlink()):
            continue
        if ".." in path.name or (path.is_symlink() and outside(path, root)):
            problemen.add("een gespreksbestand in de studiemap (geen snelkoppeling naar buiten, geen '..')",
                          bestand=shown, veld="pad", waarde=path.name)
            continue
        if path.suffix.lower() not in (".yaml", ".yml"):
            problemen.add("gespreksbestanden met de extensie .yaml (een ingevuld Excel-formulier leest u in met "
                          "'klantreis stakeholders inlezen')", bestand=shown, veld="extensie",
                          waarde=path.suffix or "(geen)")
            continue
        sub = Problemen(shown)
        data = load_yaml(path, sub)
        if data is None:
            problemen.extend(sub)
            continue
        g = validate_gesprek(data, sub)
        if context is not None and isinstance(data, dict):
            check_gesprek(data, context, sub)
        gid = data.get("id") if isinstance(data, dict) else None
        if isinstance(gid, str) and gid in first:
            sub.add(f"een id dat maar in één bestand staat (ook in {first[gid]})", plaats=who(data), veld="id",
                    waarde=gid)
        elif isinstance(gid, str):
            first[gid] = shown
        problemen.extend(sub)
        if g is not None and not sub:
            loaded.append(g)
    return {"stakeholders": sorted(loaded, key=lambda g: g.id)}
