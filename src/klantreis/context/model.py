"""The context of each municipality as data: the table the researcher fills from deskresearch.

One file per study, `context.yaml` or (filled in Excel) `context.xlsx`, with per municipality:
inhabitants, households, households with at least one provision per law (Wmo, Jeugdwet,
Participatiewet; counts, the kit computes the rate per 1,000 households), the organisation
model (A1, A2, B, C) and positioning (1–4) of its sociale (wijk)teams as defined in
instruments/organisatiemodellen.yaml, an optional toelichting and the figures per route
(clients, new registrations, spending) as in Assen's "Toegang 20".

Everything may still be empty ("(vul in)" or nothing): `klantreis controleer` and the report
name what is missing. A wrong value is an error naming the file (and for Excel the sheet and
row), the municipality, the field, the value and what is allowed; all problems at once. This
module imports no pandas (the registry reads it when a study loads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, Strict, ValidationError

from ..errors import Problemen
from ..files import dump_yaml, load_yaml, outside
from ..instruments import CONTEXT_WETTEN, Organisatiemodellen
from ..validation import Model, validate
from .excel import FILE_EXCEL, read_context_workbook

FILE_YAML = "context.yaml"
# The same text as study.PLACEHOLDER (the study layer sits above the methods; a test keeps the two equal).
PLACEHOLDER = "(vul in)"
TEKST_MAX = 3000
# Larger than any Dutch municipality by far, so a typing error (an extra 0, a year in the wrong column is still
# possible) or a hostile 10**300 is refused rather than printed.
MAX_INWONERS = 10_000_000
MAX_UITGAVEN = 100_000_000_000  # 100 miljard euro

# The fields a reader misses when they are empty, in the order `controleer` names them.
KERNVELDEN = {"inwoners": "inwoners", "huishoudens": "huishoudens",
              **{f"voorzieningen.{k}": f"huishoudens met {v}" for k, v in CONTEXT_WETTEN.items()},
              "organisatiemodel": "organisatiemodel", "positionering": "positionering"}


def _empty_is_none(value):
    """"(vul in)" or an empty text means: not filled in yet."""
    if isinstance(value, str) and value.strip() in ("", PLACEHOLDER):
        return None
    return value


def _code(value):
    """A positioning typed as a number (2) is the code "2"; true/false is not a code."""
    value = _empty_is_none(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


Leeg = BeforeValidator(_empty_is_none)
# Whole numbers: "42.000" as text or true/false is refused (strict), so is 42150.5.
Aantal = Annotated[Annotated[int, Strict(), Field(ge=0, le=MAX_INWONERS)] | None, Leeg]
Positief = Annotated[Annotated[int, Strict(), Field(ge=1, le=MAX_INWONERS)] | None, Leeg]
Jaar = Annotated[Annotated[int, Strict(), Field(ge=1990, le=2100)] | None, Leeg]
# Euros may have cents; the bounds also refuse infinity and NaN (.inf / .nan in YAML).
Euro = Annotated[Annotated[float, Strict(), Field(ge=0, le=MAX_UITGAVEN)] | None, Leeg]
Code = Annotated[Annotated[str, Field(max_length=10)] | None, BeforeValidator(_code)]


class Voorzieningen(Model):
    """Households with at least one provision under each law (a household with two laws counts
    under both), as counts."""

    wmo: Aantal = None
    jeugdwet: Aantal = None
    participatiewet: Aantal = None


class Route(Model):
    """One route into support (e.g. "Wmo: begeleiding", "buurtteam"), with its figures of one year.
    These are figures about organisations and budgets, not about residents."""

    naam: str = Field(min_length=1, max_length=120)
    clienten: Aantal = None
    nieuwe_aanmeldingen: Aantal = None
    uitgaven: Euro = None
    jaar: Jaar = None


class Gemeente(Model):
    inwoners: Positief = None
    huishoudens: Positief = None
    jaar: Jaar = None
    bron: Annotated[Annotated[str, Field(max_length=300)] | None, Leeg] = None
    voorzieningen: Voorzieningen = Field(default_factory=Voorzieningen)
    organisatiemodel: Code = None
    positionering: Code = None
    toelichting: Annotated[Annotated[str, Field(max_length=TEKST_MAX)] | None, Leeg] = None
    routes: list[Route] = Field(default_factory=list)


class ContextBestand(Model):
    """The file's shape; each municipality's block is validated on its own (`check_context`)."""

    gemeenten: dict = Field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """The validated context of a study: per municipality of the study (in its order) what was
    filled in; `bestand` is the file it came from (None when the study has none yet)."""

    gemeenten: dict[str, Gemeente]
    bestand: str | None = None
    volgorde: tuple[str, ...] = field(default=())

    def van(self, gemeente: str) -> Gemeente:
        """The context of one municipality; an empty one when nothing was filled in."""
        return self.gemeenten.get(gemeente) or Gemeente()

    def nog_in_te_vullen(self) -> dict[str, list[str]]:
        """Per municipality of the study the core fields still empty (see KERNVELDEN)."""
        missing = {}
        for naam in self.volgorde:
            g = self.van(naam)
            empty = [label for key, label in KERNVELDEN.items() if _get(g, key) is None]
            if empty:
                missing[naam] = empty
        return missing


def _get(model, dotted: str):
    for part in dotted.split("."):
        model = getattr(model, part)
    return model


# --- loading ----------------------------------------------------------------------------------------

def load_context(ctx) -> dict:
    """The study's context.yaml or context.xlsx (not both), checked against the study's
    municipalities and organisatiemodellen.yaml. No file at all is allowed: everything is then
    still to be filled in."""
    root = Path(ctx.root)
    gemeenten = [g for g in ctx.gemeenten or [] if g != PLACEHOLDER]  # a new study may not name them yet
    yaml_path, excel_path = root / FILE_YAML, root / FILE_EXCEL
    if yaml_path.exists() and excel_path.exists():
        ctx.problemen.add(f"één van beide: {FILE_YAML} of {FILE_EXCEL} (de kit weet niet welke geldt)",
                          bestand=FILE_EXCEL, veld="bestand", waarde=f"{FILE_YAML} en {FILE_EXCEL}")
        return {"context": None}
    if not yaml_path.exists() and not excel_path.exists():
        return {"context": Context(gemeenten={}, bestand=None, volgorde=tuple(gemeenten))}
    modellen = ctx.instruments.organisatiemodellen if ctx.instruments is not None else None
    if yaml_path.exists():
        sub = Problemen(FILE_YAML)
        data = load_yaml(yaml_path, sub, root)
        if data is None and not sub:  # only comments: nothing filled in yet
            data = {}
        context = check_context(data, sub, gemeenten, modellen, FILE_YAML) if data is not None else None
    else:
        sub = Problemen(FILE_EXCEL)
        context = None
        if outside(excel_path, root):  # never opened, so nothing of it can end up in a message
            sub.add("een bestand in de studiemap; dit is een snelkoppeling naar een bestand buiten de studie",
                    veld="pad", waarde=FILE_EXCEL)
            read = None
        else:
            read = read_context_workbook(excel_path, sub)
        if read is not None:
            data, places = read
            context = check_context(data, sub, gemeenten, modellen, FILE_EXCEL, places)
    ctx.problemen.extend(sub)
    return {"context": context if not sub else None}


def check_context(data, problemen: Problemen, gemeenten: list[str], modellen: Organisatiemodellen | None,
                  shown: str, places: dict[str, tuple[str, str]] | None = None) -> Context | None:
    """Validate context data (from YAML or from the Excel form) and check it against the
    study: known municipalities, codes from organisatiemodellen.yaml, households not more than
    inhabitants, provisions not more than households, each route once. `places` maps a field
    path to (sheet and row, column) for data that came from Excel."""
    locate = _locator(places)
    if isinstance(data, dict) and data.get("gemeenten") is None and "gemeenten" in data:
        data = {**data, "gemeenten": {}}  # "gemeenten:" with nothing under it yet
    # The file as a whole first (unknown keys, 'gemeenten' not a group of municipalities) ...
    per_gemeente = isinstance(data, dict) and isinstance(data.get("gemeenten"), dict)
    if validate(ContextBestand, {**data, "gemeenten": {}} if per_gemeente else data, problemen,
                locate=locate) is None and not per_gemeente:
        return None
    # ... then each municipality on its own, keeping its valid fields, so one wrong value hides
    # no problem elsewhere.
    checked: dict[str, Gemeente] = {}
    for naam, raw in (data["gemeenten"] if per_gemeente else {}).items():
        if not isinstance(naam, str):
            problemen.add("de naam van een gemeente (tekst)", veld="gemeenten", waarde=naam)
            continue
        checked[naam] = _gemeente(naam, raw, problemen, locate)

    def add(allowed: str, naam: str, veld: str, waarde):
        place, column = locate(f"gemeenten.{naam}.{veld}")
        problemen.add(allowed, plaats=place, veld=column, waarde=waarde)

    for naam, g in checked.items():
        if gemeenten and naam not in gemeenten:
            add(f"een gemeente uit studie.yaml: {', '.join(gemeenten)}", naam, "gemeente", naam)
        if g.inwoners is not None and g.huishoudens is not None and g.huishoudens > g.inwoners:
            add(f"hoogstens zoveel huishoudens als inwoners ({g.inwoners})", naam, "huishoudens", g.huishoudens)
        for wet, label in CONTEXT_WETTEN.items():
            n = getattr(g.voorzieningen, wet)
            if n is not None and g.huishoudens is not None and n > g.huishoudens:
                add(f"hoogstens zoveel huishoudens met {label} als huishoudens ({g.huishoudens})", naam,
                    f"voorzieningen.{wet}", n)
        if modellen is not None:
            g = checked[naam] = _canonical_codes(g, modellen)
            if g.organisatiemodel is not None and modellen.organisatiemodel(g.organisatiemodel) is None:
                add("een van: " + ", ".join(m.code for m in modellen.organisatiemodellen)
                    + " (zie instruments/organisatiemodellen.yaml)", naam, "organisatiemodel", g.organisatiemodel)
            if g.positionering is not None and modellen.positionering(g.positionering) is None:
                add("een van: " + ", ".join(m.code for m in modellen.positioneringen)
                    + " (zie instruments/organisatiemodellen.yaml)", naam, "positionering", g.positionering)
        seen = set()
        for i, route in enumerate(g.routes, 1):
            key = route.naam.casefold()
            if key in seen:
                add("elke route één keer per gemeente", naam, f"routes[{i}].naam", route.naam)
            seen.add(key)
    if problemen:
        return None
    return Context(gemeenten=checked, bestand=shown, volgorde=tuple(gemeenten or checked))


def _canonical_codes(g: Gemeente, modellen: Organisatiemodellen) -> Gemeente:
    """"a1" is model A1, "Anders" is anders: codes as the instrument spells them."""
    update = {}
    for veld, items in (("organisatiemodel", modellen.organisatiemodellen), ("positionering", modellen.positioneringen)):
        value = getattr(g, veld)
        match = next((i.code for i in items if value is not None and i.code.casefold() == value.casefold()), None)
        if match is not None and match != value:
            update[veld] = match
    return g.model_copy(update=update) if update else g


def _gemeente(naam: str, raw, problemen: Problemen, locate) -> Gemeente:
    """One municipality's block, validated; with problems, the fields that are valid on their own
    (so the checks across fields still run on them)."""
    if raw is None:
        return Gemeente()
    if not isinstance(raw, dict):
        place, _ = locate(f"gemeenten.{naam}")
        problemen.add("een groep velden onder de naam van de gemeente (inwoners:, huishoudens:, …)", plaats=place,
                      waarde=raw)
        return Gemeente()
    g = validate(Gemeente, raw, problemen, locate=lambda f: locate(f"gemeenten.{naam}.{f}"))
    if g is not None:
        return g
    kept = {}
    for key, value in raw.items():
        if _valid({key: value}):
            kept[key] = value
        elif isinstance(value, dict):  # voorzieningen: the laws that are right
            kept[key] = {k: v for k, v in value.items() if _valid({key: {k: v}})}
        elif isinstance(value, list):  # routes: the routes that are right
            kept[key] = [item for item in value if _valid({key: [item]})]
    return Gemeente.model_validate({k: v for k, v in kept.items() if _valid({k: v})})


def _valid(data: dict) -> bool:
    try:
        Gemeente.model_validate(data)
    except (ValidationError, TypeError):
        return False
    return True


def _locator(places: dict[str, tuple[str, str]] | None):
    """A problem's place: the municipality for YAML ("gemeente 'Beekveen'", field "huishoudens"),
    the sheet, row and column for the Excel form."""

    def locate(field_path: str) -> tuple[str | None, str]:
        if places is not None:
            for key in _prefixes(field_path):
                if key in places:
                    return places[key]
        m = re.match(r"^gemeenten\.([^.\[]+)\.?(.*)$", field_path)
        if m:
            return f"gemeente '{m.group(1)}'", m.group(2) or "gemeente"
        return None, field_path

    return locate


def _prefixes(field_path: str):
    """"gemeenten.X.routes[2].uitgaven", then "gemeenten.X.routes[2]", then "gemeenten.X"."""
    while field_path:
        yield field_path
        cut = max(field_path.rfind("."), field_path.rfind("["))
        field_path = field_path[:cut] if cut > 0 else ""


def read_context(path: Path, gemeenten: list[str], modellen: Organisatiemodellen) -> Context:
    """Read one context file (YAML or Excel) outside a study; raises KlantreisFout with all problems."""
    path = Path(path)
    problemen = Problemen(path.name)
    context = None
    if path.suffix.lower() == ".xlsx":
        read = read_context_workbook(path, problemen)
        if read is not None:
            context = check_context(read[0], problemen, gemeenten, modellen, path.name, read[1])
    else:
        data = load_yaml(path, problemen)
        if data is not None:
            context = check_context(data, problemen, gemeenten, modellen, path.name)
    problemen.raise_if_any("De context bevat fouten")
    assert context is not None
    return context


# --- a new study ------------------------------------------------------------------------------------

HEADER = """\
# Context per gemeente: vul per gemeente de cijfers uit de deskresearch in. Laat '(vul in)' staan
# wat u (nog) niet weet; 'klantreis controleer' noemt wat nog ontbreekt en het rapport zet er een
# duidelijke plek voor open. U kunt ook het Excel-formulier invullen ('klantreis contextformulier')
# en als context.xlsx in de studiemap zetten (dan dit bestand weghalen: één van beide).
#
# inwoners, huishoudens: aantallen (zonder punten: 42150). jaar: het jaar van de cijfers.
# voorzieningen: aantal huishoudens met ten minste één voorziening onder de wet; de kit rekent
#   zelf het aantal per 1.000 huishoudens uit en vergelijkt het met het landelijke cijfer.
# organisatiemodel, een van:
{modellen}
# positionering, een van:
{posities}
# toelichting: eigen tekst over de gemeente (wordt in het rapport ontdaan van namen en adressen).
# routes: per route naar hulp de cliënten, nieuwe aanmeldingen en uitgaven (euro) in een jaar, bv.
#   - {{naam: "Wmo: begeleiding", clienten: 1163, nieuwe_aanmeldingen: 954, uitgaven: 8156565, jaar: 2025}}
"""


def scaffold_text(gemeenten: list[str], modellen: Organisatiemodellen | None) -> str:
    """A context.yaml for a new study: every municipality with every field still "(vul in)"."""
    header = HEADER.format(
        modellen="\n".join(f"#   {m.code}: {m.naam.lower()}" for m in modellen.organisatiemodellen) if modellen else
        "#   A1, A2, B of C (zie instruments/organisatiemodellen.yaml)",
        posities="\n".join(f"#   {m.code}: {m.naam.lower()}" for m in modellen.positioneringen) if modellen else
        "#   1, 2, 3 of 4 (zie instruments/organisatiemodellen.yaml)")
    names = [g for g in gemeenten if g != PLACEHOLDER]
    if not names:  # the study's municipalities are not known yet
        return header + ("# Zet hier per gemeente uit studie.yaml een blok, zoals:\n#   Oostdam:\n"
                         "#     inwoners: 42150\n") + dump_yaml({"gemeenten": {}})
    # A fresh dict per municipality: one shared dict would be written as YAML aliases, which the kit refuses.
    return header + dump_yaml({"gemeenten": {g: _empty() for g in names}})


def _empty() -> dict:
    return {"inwoners": PLACEHOLDER, "huishoudens": PLACEHOLDER, "jaar": PLACEHOLDER, "bron": PLACEHOLDER,
            "voorzieningen": {k: PLACEHOLDER for k in CONTEXT_WETTEN},
            "organisatiemodel": PLACEHOLDER, "positionering": PLACEHOLDER, "toelichting": PLACEHOLDER, "routes": []}
