"""Instrument definitions from instruments/*.yaml: vocabulary, zeven kenmerken, codebook,
values card, interview guide and the organisation models of sociale (wijk)teams. A study may replace any of them by placing a file with the
same name in its own `instrumenten/` folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .errors import Problemen
from .files import load_yaml
from .resources import INSTRUMENTS_DIR
from .validation import CODE_PATTERN, ID_PATTERN, Model, validate


class Vocabulaire(Model):
    kanalen: dict[str, str]
    wetten: dict[str, str]
    leefgebieden: dict[str, str]
    interviewer_rollen: dict[str, str]
    sessie_rollen: dict[str, str] = Field(default_factory=dict)  # older study copies lack it
    # The four perspectives and three aspects (keys fixed in methods.PERSPECTIEVEN / ASPECTEN),
    # the roles of stakeholder interviews and which perspective each role speaks from.
    perspectieven: dict[str, str] = Field(default_factory=lambda: dict(_PERSPECTIEVEN))
    aspecten: dict[str, str] = Field(default_factory=lambda: dict(_ASPECTEN))
    stakeholder_rollen: dict[str, str] = Field(default_factory=lambda: dict(_STAKEHOLDER_ROLLEN))
    rol_perspectief: dict[str, str] = Field(default_factory=lambda: dict(_ROL_PERSPECTIEF))

    @model_validator(mode="after")
    def _fixed_keys(self):
        from .methods import ASPECTEN, PERSPECTIEVEN

        if set(self.perspectieven) != set(PERSPECTIEVEN):
            raise ValueError(f"perspectieven met precies de sleutels {', '.join(PERSPECTIEVEN)}")
        if set(self.aspecten) != set(ASPECTEN):
            raise ValueError(f"aspecten met precies de sleutels {', '.join(ASPECTEN)}")
        wrong = sorted(p for p in self.rol_perspectief.values() if p not in PERSPECTIEVEN)
        if wrong:
            raise ValueError(f"in rol_perspectief alleen de perspectieven {', '.join(PERSPECTIEVEN)} "
                             f"(gevonden: {', '.join(wrong)})")
        return self


# Defaults for study copies of vocabulaire.yaml made before these lists existed.
_PERSPECTIEVEN = {"beleid": "Beleid", "organisatie": "Organisatie", "professional": "Professionals",
                  "client": "Cliënten"}
_ASPECTEN = {"vroegtijdig": "Vroegtijdig", "samenhangend": "Samenhangend", "passend": "Passend"}
_STAKEHOLDER_ROLLEN = {
    "beleid": "Beleidsmedewerker of bestuurder",
    "management": "Management of teamleiding",
    "professional": "Professional (uitvoering, wijkteam, loket)",
    "ketenpartner": "Ketenpartner (zorg, welzijn, onderwijs, schuldhulp)",
    "clientvertegenwoordiger": "Cliëntvertegenwoordiger of lid van de adviesraad",
}
_ROL_PERSPECTIEF = {"beleid": "beleid", "management": "organisatie", "professional": "professional",
                    "ketenpartner": "professional", "clientvertegenwoordiger": "client", "inwoner": "client"}


class Kenmerk(Model):
    code: str = Field(pattern=r"^K[1-9]$")
    naam: str = Field(min_length=1, max_length=120)
    toelichting: str = Field(min_length=1, max_length=1000)
    signalen: list[str] = Field(default_factory=list)
    # Which aspect of the first research question this kenmerk speaks to.
    aspect: Literal["vroegtijdig", "samenhangend", "passend"] | None = None


class ZevenKenmerken(Model):
    kenmerken: list[Kenmerk] = Field(min_length=1)


class Code(Model):
    code: str = Field(pattern=CODE_PATTERN)
    groep: Literal["kenmerk", "perspectief", "thema", "aspect"]
    label: str = Field(min_length=1, max_length=120)
    omschrijving: str = ""
    # A thema or kenmerk may speak to one aspect (vroegtijdig, samenhangend, passend); a code
    # of groep "aspect" is that aspect itself; a code of groep "perspectief" names one perspective.
    aspect: Literal["vroegtijdig", "samenhangend", "passend"] | None = None
    perspectief: Literal["beleid", "organisatie", "professional", "client"] | None = None


class Codeboek(Model):
    codes: list[Code]


class Waarde(Model):
    code: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1, max_length=60)
    omschrijving: str = ""


class Waardenkaart(Model):
    instructie: str
    max_keuzes: int = Field(ge=1, le=10)
    waarden: list[Waarde] = Field(min_length=1)


class Publicatie(Model):
    auteurs: str = Field(min_length=1, max_length=300)
    jaar: int = Field(ge=1900, le=2100, strict=True)
    titel: str = Field(min_length=1, max_length=400)
    uitgever: str = Field(default="", max_length=300)


class Literatuur(Model):
    """The literature the method and the theoretical frame rest on (the report's 'Bronnen')."""

    bronnen: list[Publicatie] = Field(default_factory=list)


class ToestemmingsVraag(Model):
    id: Literal["interview", "opname", "citaten", "terugkoppeling"]
    vraag: str


class Toestemming(Model):
    uitleg: str
    vragen: list[ToestemmingsVraag]


class Vraag(Model):
    """One question of the guide; prioriteit 1 is always asked, 2 when there is time."""

    vraag: str = Field(min_length=1, max_length=300)
    prioriteit: Literal[1, 2] = 1

    @field_validator("vraag")
    @classmethod
    def _placeholders(cls, text: str) -> str:
        stripped = text.replace("{actor}", "")
        if "{" in stripped or "}" in stripped:
            raise ValueError("alleen de invulplek {actor}")
        return text


class StapSoort(Model):
    """A kind of step (signal, first contact, conversation, decision, …) with its own questions,
    recognised by words in the step's name or description."""

    id: str = Field(pattern=ID_PATTERN, max_length=40)
    naam: str = Field(min_length=1, max_length=80)
    herkenning: list[str] = Field(default_factory=list)
    vragen: list[Vraag] = Field(min_length=1)


class Tijd(Model):
    """Estimated minutes per part of the interview, and the length aimed for."""

    toestemming: float = Field(ge=0, le=60)
    opening: float = Field(ge=0, le=60)
    per_vraag_1: float = Field(gt=0, le=15)
    per_vraag_2: float = Field(gt=0, le=15)
    waardenkaart: float = Field(ge=0, le=60)
    afwijkingen: float = Field(ge=0, le=60)
    afsluiting: float = Field(ge=0, le=60)
    doel_min: int = Field(default=60, ge=10, le=240)
    doel_max: int = Field(default=90, ge=10, le=240)


class Topiclijst(Model):
    titel: str
    inleiding: str
    toestemming: Toestemming
    opening: list[str]
    inwoner: list[str] = Field(min_length=1)
    achter_de_schermen: list[str] = Field(default_factory=list)
    soorten: list[StapSoort] = Field(min_length=1)
    per_stap: list[Vraag] = Field(default_factory=list)
    sleutelmoment: list[Vraag] = Field(default_factory=list)
    tijd: Tijd
    curve_instructie: str
    afwijkingen: list[str]
    afsluiting: list[str]

    @field_validator("soorten")
    @classmethod
    def _fallback(cls, kinds: list[StapSoort]) -> list[StapSoort]:
        if kinds[-1].herkenning:
            raise ValueError("als laatste soort een zonder herkenningswoorden (voor alle overige stappen)")
        return kinds


# Where the kit can answer a COREQ item from (`report/sections/coreq.py` has one answer per key);
# "onderzoekers": only the researchers can (studie.yaml, onderzoek.coreq).
COREQ_BRONNEN = (
    "onderzoekers", "interviewers", "uitleg_deelnemers", "rollen_interviewers", "methode", "steekproef",
    "werving", "aantal_deelnemers", "setting", "aanwezigen", "kenmerken_deelnemers", "topiclijst",
    "herhaalinterviews", "opnames", "veldnotities", "duur", "verzadiging", "aantal_codeurs", "codeboek",
    "afleiding_themas", "software", "terugkoppeling_deelnemers", "citaten", "hoofdthemas",
)
COREQ_ITEMS = 32


class CoreqItem(Model):
    """One item of the COREQ checklist (Tong, Sainsbury & Craig 2007) in the kit's own words."""

    nr: int = Field(ge=1, le=COREQ_ITEMS, strict=True)
    domein: Literal["team", "opzet", "analyse"]
    onderwerp: str = Field(min_length=1, max_length=80)
    vraag: str = Field(min_length=1, max_length=400)
    bron: str = Field(min_length=1, max_length=40)
    aanvullen: bool = False  # the kit answers part; the researchers add the rest


class Coreq(Model):
    """The 32 items of the COREQ checklist, each numbered once, and the labels of its domains."""

    domeinen: dict[Literal["team", "opzet", "analyse"], str]
    items: list[CoreqItem]

    @model_validator(mode="after")
    def _all_items_once(self):
        numbers = [item.nr for item in self.items]
        missing = sorted(set(range(1, COREQ_ITEMS + 1)) - set(numbers))
        double = sorted({n for n in numbers if numbers.count(n) > 1})
        if missing or double:
            found = "; ".join(part for part in (
                f"ontbreekt: {', '.join(map(str, missing))}" if missing else "",
                f"dubbel: {', '.join(map(str, double))}" if double else "") if part)
            raise ValueError(f"de items 1 tot en met {COREQ_ITEMS}, elk één keer ({found})")
        if set(self.domeinen) != {"team", "opzet", "analyse"}:
            raise ValueError("domeinen met precies de sleutels team, opzet, analyse")
        return self

    def item(self, nr: int) -> CoreqItem:
        return next(item for item in self.items if item.nr == nr)
# The laws whose provisions the context of a municipality counts (keys in context.yaml and in
# organisatiemodellen.yaml), with the label a reader sees.
CONTEXT_WETTEN = {"wmo": "Wmo", "jeugdwet": "Jeugdwet", "participatiewet": "Participatiewet"}


class Indeling(Model):
    """One organisation model (A1, A2, B, C) or positioning (1–4) of sociale (wijk)teams, with
    the national share of municipalities that chose it (None when the source gives none)."""

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_]{0,9}$")
    naam: str = Field(min_length=1, max_length=120)
    omschrijving: str = Field(min_length=1, max_length=1000)
    aandeel: float | None = Field(default=None, ge=0, le=1)


class Landelijk(Model):
    """National reference figures: households with at least one provision under a law, per
    1,000 households (None: not known yet, the report says so)."""

    bron: str = Field(min_length=1, max_length=300)
    jaar: int | None = Field(default=None, ge=1990, le=2100, strict=True)
    per_1000_huishoudens: dict[Literal["wmo", "jeugdwet", "participatiewet"], float | None] = Field(
        default_factory=dict)

    @field_validator("per_1000_huishoudens")
    @classmethod
    def _per_1000(cls, figures: dict) -> dict:
        wrong = [f"{k}: {v}" for k, v in figures.items() if v is not None and not 0 <= v <= 1000]
        if wrong:
            raise ValueError(f"aantallen per 1.000 huishoudens van 0 tot en met 1000 (gevonden: {', '.join(wrong)})")
        return figures


class Organisatiemodellen(Model):
    """The organisation models and positionings of sociale (wijk)teams with their national
    shares (`bron`), and the national figures the context of each municipality is compared with."""

    bron_kort: str = Field(min_length=1, max_length=120)
    bron: str = Field(min_length=1, max_length=600)
    organisatiemodellen: list[Indeling] = Field(min_length=1)
    organisatiemodellen_n: int | None = Field(default=None, ge=1, strict=True)
    positioneringen: list[Indeling] = Field(min_length=1)
    positioneringen_n: int | None = Field(default=None, ge=1, strict=True)
    landelijk: Landelijk

    @model_validator(mode="after")
    def _codes_and_shares(self):
        for name in ("organisatiemodellen", "positioneringen"):
            items = getattr(self, name)
            codes = [i.code for i in items]
            if len(set(codes)) != len(codes):
                raise ValueError(f"elke code in {name} één keer (gevonden: {', '.join(codes)})")
            if sum(i.aandeel or 0 for i in items) > 1.02:  # rounded percentages may add up to 101%
                raise ValueError(f"aandelen in {name} die samen hoogstens 1 (100%) zijn")
        return self

    def organisatiemodel(self, code: str) -> Indeling | None:
        return next((i for i in self.organisatiemodellen if i.code == code), None)

    def positionering(self, code: str) -> Indeling | None:
        return next((i for i in self.positioneringen if i.code == code), None)


@dataclass(frozen=True)
class Instruments:
    """All interview instruments of one study, validated."""

    vocabulaire: Vocabulaire
    kenmerken: ZevenKenmerken
    codeboek: Codeboek  # includes the kenmerken as codes K1..K7
    waardenkaart: Waardenkaart
    topiclijst: Topiclijst
    literatuur: Literatuur
    coreq: Coreq
    organisatiemodellen: Organisatiemodellen

    @property
    def code_labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.codeboek.codes}

    @property
    def value_labels(self) -> dict[str, str]:
        return {w.code: w.label for w in self.waardenkaart.waarden}

    def aspecten_van(self, codes) -> list[str]:
        """The aspects (vroegtijdig, samenhangend, passend) a set of codes speaks to, in the
        order of methods.ASPECTEN: an aspect code counts, and so does a thema or kenmerk with
        an aspect."""
        from .methods import ASPECTEN

        found = {c.aspect for c in self.codeboek.codes if c.code in set(codes) and c.aspect}
        return [a for a in ASPECTEN if a in found]

    def perspectieven_van(self, codes) -> list[str]:
        """The perspectives a set of codes names (its P_ codes), in the order of PERSPECTIEVEN."""
        from .methods import PERSPECTIEVEN

        found = {c.perspectief for c in self.codeboek.codes if c.code in set(codes) and c.perspectief}
        return [p for p in PERSPECTIEVEN if p in found]


_FILES = {
    "vocabulaire": Vocabulaire,
    "zeven_kenmerken": ZevenKenmerken,
    "codeboek": Codeboek,
    "waardenkaart": Waardenkaart,
    "topiclijst": Topiclijst,
    "literatuur": Literatuur,
    "coreq": Coreq,
    "organisatiemodellen": Organisatiemodellen,
}


def instrument_path(name: str, study_dir: Path | None = None) -> Path:
    """The study's own copy of an instrument if it has one, else the kit's."""
    if study_dir is not None:
        own = Path(study_dir) / "instrumenten" / f"{name}.yaml"
        if own.exists():
            return own
    return INSTRUMENTS_DIR / f"{name}.yaml"


def load_instruments(problemen: Problemen, study_dir: Path | None = None) -> Instruments | None:
    """Load and check every interview instrument; problems are added to `problemen`."""
    loaded = {}
    for name, model in _FILES.items():
        path = instrument_path(name, study_dir)
        sub = Problemen(_shown(path, study_dir))
        data = load_yaml(path, sub)
        loaded[name] = validate(model, data, sub) if data is not None else None
        problemen.extend(sub)
    if any(v is None for v in loaded.values()):
        return None
    kenmerk_codes = [Code(code=k.code, groep="kenmerk", label=k.naam, omschrijving=k.toelichting, aspect=k.aspect)
                     for k in loaded["zeven_kenmerken"].kenmerken]
    codes = kenmerk_codes + list(loaded["codeboek"].codes)
    seen: set[str] = set()
    for code in codes:
        if code.code in seen:
            problemen.add("unieke codes (K1..K7 komen uit zeven_kenmerken.yaml)", veld="code",
                          waarde=code.code, bestand=_shown(instrument_path("codeboek", study_dir), study_dir))
        seen.add(code.code)
    loaded["codeboek"] = Codeboek(codes=codes)
    for item in loaded["coreq"].items:
        if item.bron not in COREQ_BRONNEN:
            problemen.add(f"een bron uit: {', '.join(COREQ_BRONNEN)}", plaats=f"item {item.nr}", veld="bron",
                          waarde=item.bron, bestand=_shown(instrument_path("coreq", study_dir), study_dir))
    return Instruments(vocabulaire=loaded["vocabulaire"], kenmerken=loaded["zeven_kenmerken"],
                       codeboek=loaded["codeboek"], waardenkaart=loaded["waardenkaart"],
                       topiclijst=loaded["topiclijst"], literatuur=loaded["literatuur"], coreq=loaded["coreq"],
                       organisatiemodellen=loaded["organisatiemodellen"])


def _shown(path: Path, study_dir: Path | None) -> str:
    if study_dir is not None and Path(path).is_relative_to(study_dir):
        return str(Path(path).relative_to(study_dir))
    return f"instruments/{Path(path).name}"
