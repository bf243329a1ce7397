"""The zeven kenmerken as data: the checklist (instruments/kenmerken_checklist.yaml), the rule of
the traffic light (instruments/kenmerken_regel.yaml) and a study's answers to the checklist
(`kenmerken.yaml` in the study folder), with their checks.

A study may replace the checklist or the rule by a file of the same name in its `instrumenten/`
folder. Every problem is reported at once, naming file, row, field, value and what is allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..errors import Problemen
from ..files import dump_yaml, load_yaml, write_text
from ..instruments import _shown, instrument_path
from ..methods import ASPECTEN, LoadContext
from ..validation import Model, validate

FILE = "kenmerken.yaml"
CHECKLIST, REGEL = "kenmerken_checklist", "kenmerken_regel"
ANTWOORDEN = ("voldoet", "deels", "voldoet niet", "onbekend")
# Where the evidence for an answer comes from.
BRONNEN = {"document": "document (beleid, werkproces, jaarverslag)", "stakeholder": "stakeholderinterview",
           "sessie": "werksessie of focusgroep", "registratie": "registratie of monitor", "anders": "anders"}
LICHTEN = ("groen", "oranje", "rood", "grijs")
VOORWAARDEN = ("bronnen_minder_dan", "bronnen_minstens", "positief_minstens", "positief_hoogstens",
               "negatief_minstens", "negatief_hoogstens")


class Indicator(Model):
    code: str = Field(pattern=r"^K[1-9]\.[1-9][0-9]?$")
    tekst: str = Field(min_length=1, max_length=300)


class ChecklistKenmerk(Model):
    code: str = Field(pattern=r"^K[1-9]$")
    label: str = Field(min_length=1, max_length=80)   # Movisie's current wording
    alias: str = Field(min_length=1, max_length=120)  # the older wording (seed 000)
    indicatoren: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _own_indicators(self):
        wrong = [i.code for i in self.indicatoren if not i.code.startswith(self.code + ".")]
        if wrong:
            raise ValueError(f"indicatoren die met {self.code}. beginnen (gevonden: {', '.join(wrong)})")
        return self


class Checklist(Model):
    kenmerken: list[ChecklistKenmerk] = Field(min_length=1)
    aspecten: dict[Literal["vroegtijdig", "samenhangend", "passend"], list[str]]

    @model_validator(mode="after")
    def _consistent(self):
        codes = [k.code for k in self.kenmerken]
        if len(set(codes)) != len(codes):
            raise ValueError(f"elk kenmerk één keer (gevonden: {', '.join(codes)})")
        indicators = [i.code for k in self.kenmerken for i in k.indicatoren]
        if len(set(indicators)) != len(indicators):
            raise ValueError("elke indicatorcode één keer")
        if set(self.aspecten) != set(ASPECTEN):
            raise ValueError(f"onder aspecten precies: {', '.join(ASPECTEN)}")
        unknown = sorted({c for v in self.aspecten.values() for c in v} - set(codes))
        if unknown:
            raise ValueError(f"onder aspecten alleen kenmerken uit de lijst: {', '.join(codes)} "
                             f"(gevonden: {', '.join(unknown)})")
        return self

    @property
    def labels(self) -> dict[str, str]:
        return {k.code: k.label for k in self.kenmerken}

    @property
    def indicators(self) -> dict[str, Indicator]:
        return {i.code: i for k in self.kenmerken for i in k.indicatoren}


class Licht(Model):
    licht: Literal["groen", "oranje", "rood", "grijs"]
    als: dict[Literal["bronnen_minder_dan", "bronnen_minstens", "positief_minstens", "positief_hoogstens",
                      "negatief_minstens", "negatief_hoogstens"], int] = Field(default_factory=dict)


class Drempel(Model):
    positief_vanaf: float
    negatief_onder: float

    @model_validator(mode="after")
    def _order(self):
        if self.negatief_onder > self.positief_vanaf:
            raise ValueError("negatief_onder niet hoger dan positief_vanaf")
        return self


class Regel(Model):
    lichten: list[Licht] = Field(min_length=1)
    drempels: dict[Literal["verkenning", "klantreizen"], Drempel]

    @model_validator(mode="after")
    def _catch_all(self):
        if self.lichten[-1].als:
            raise ValueError("als laatste licht één zonder voorwaarden (als: {}), zodat elk kenmerk een licht krijgt")
        return self

    def light(self, positief: int, negatief: int, bronnen: int) -> str:
        """The first light whose conditions all hold (counts of sources with a verdict)."""
        value = {"bronnen": bronnen, "positief": positief, "negatief": negatief}
        for rule in self.lichten:
            if all(_holds(value, key, limit) for key, limit in rule.als.items()):
                return rule.licht
        return self.lichten[-1].licht


def _holds(value: dict, key: str, limit: int) -> bool:
    what, _, how = key.partition("_")
    return {"minstens": value[what] >= limit, "hoogstens": value[what] <= limit,
            "minder": value[what] < limit}[how.split("_")[0]]


class Antwoord(Model):
    gemeente: str = Field(min_length=1)
    indicator: str = Field(min_length=1)
    antwoord: Literal["voldoet", "deels", "voldoet niet", "onbekend"]
    bewijs: str = Field(default="", max_length=2000)
    bron: Literal["document", "stakeholder", "sessie", "registratie", "anders"] | None = None
    verwijzing: str = Field(default="", max_length=300)


class Antwoorden(Model):
    antwoorden: list[Antwoord] = Field(default_factory=list)


def load_definition(name: str, model, problemen: Problemen, study_dir: Path | None = None):
    path = instrument_path(name, study_dir)
    sub = Problemen(_shown(path, study_dir))
    data = load_yaml(path, sub)
    found = validate(model, data, sub) if data is not None else None
    problemen.extend(sub)
    return found


def load_checklist(problemen: Problemen, study_dir: Path | None = None) -> Checklist | None:
    return load_definition(CHECKLIST, Checklist, problemen, study_dir)


def load_regel(problemen: Problemen, study_dir: Path | None = None) -> Regel | None:
    return load_definition(REGEL, Regel, problemen, study_dir)


def check_answers(answers: Antwoorden, checklist: Checklist, gemeenten: list[str] | None, problemen: Problemen,
                  place=lambda nr: f"antwoord {nr}", bestand: str | None = None) -> None:
    """Checks across fields: a known municipality and indicator, each pair once, evidence and a
    source for every answer but 'onbekend'. `place(nr)` names the row (1-based)."""
    seen: dict[tuple[str, str], int] = {}
    indicators = checklist.indicators
    for nr, a in enumerate(answers.antwoorden, 1):
        where = place(nr)
        if gemeenten is not None and a.gemeente not in gemeenten:
            problemen.add(f"een gemeente uit studie.yaml: {', '.join(gemeenten)}", plaats=where, veld="gemeente",
                          waarde=a.gemeente, bestand=bestand)
        if a.indicator not in indicators:
            problemen.add(f"een indicator uit instruments/{CHECKLIST}.yaml (K1.1 tot en met "
                          f"{list(indicators)[-1]})", plaats=where, veld="indicator", waarde=a.indicator,
                          bestand=bestand)
        key = (a.gemeente, a.indicator)
        if key in seen:
            problemen.add(f"één antwoord per gemeente en indicator (ook in {place(seen[key])})", plaats=where,
                          veld="indicator", waarde=a.indicator, bestand=bestand)
        seen.setdefault(key, nr)
        if a.antwoord != "onbekend":
            if not a.bewijs.strip():
                problemen.add("bij voldoet, deels of voldoet niet het bewijs in eigen woorden", plaats=where,
                              veld="bewijs", waarde=a.bewijs, bestand=bestand)
            if a.bron is None:
                problemen.add(f"bij voldoet, deels of voldoet niet de bron: {', '.join(BRONNEN)}", plaats=where,
                              veld="bron", waarde=None, bestand=bestand)


def read_answers(path: Path, checklist: Checklist, gemeenten: list[str] | None, problemen: Problemen,
                 shown: str = FILE) -> Antwoorden | None:
    sub = Problemen(shown)
    data = load_yaml(path, sub)
    if data is None and not sub:
        data = {}
    answers = validate(Antwoorden, data, sub) if data is not None else None
    if answers is not None:
        check_answers(answers, checklist, gemeenten, sub)
    problemen.extend(sub)
    return answers if not sub else None


def load(ctx: LoadContext) -> dict:
    """The method's loader: the checklist, the rule and, when the study has one, kenmerken.yaml.
    Parts: `kenmerken_checklist`, `kenmerken_regel`, `kenmerken` (the answers; empty without file)."""
    checklist = load_checklist(ctx.problemen, ctx.root)
    regel = load_regel(ctx.problemen, ctx.root)
    answers = Antwoorden()
    path = ctx.root / FILE
    if path.exists() and checklist is not None:
        answers = read_answers(path, checklist, ctx.gemeenten, ctx.problemen) or Antwoorden()
    return {"kenmerken_checklist": checklist, "kenmerken_regel": regel, "kenmerken": answers}


def write_answers(path: Path, answers: Antwoorden, overwrite: bool = False) -> Path:
    header = ("# Antwoorden op de checklist van de zeven kenmerken (klantreis kenmerken inlezen).\n"
              "# Per gemeente en indicator: voldoet / deels / voldoet niet / onbekend, het bewijs en de bron.\n")
    data = {"antwoorden": [{"gemeente": a.gemeente, "indicator": a.indicator, "antwoord": a.antwoord}
                           | a.model_dump(exclude_defaults=True, include={"bewijs", "bron", "verwijzing"})
                           for a in answers.antwoorden]}
    return write_text(path, header + dump_yaml(data), overwrite=overwrite)
