"""The verkenning questionnaire as data: statements per uitgangspunt, tagged with a basisfunctie
and a basisfunctionaliteit, with wording per perspective where it differs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field


if TYPE_CHECKING:  # pandas only where tables are made: the served form never needs it
    import pandas as pd

from ..errors import Problemen
from ..files import load_yaml
from ..instruments import instrument_path
from ..validation import ID_PATTERN, Model, validate

WEET_NIET = "WN"


class VerkenningSettings(Model):
    """`verkenning:` in studie.yaml: the rounds of the scan (e.g. nulmeting, vervolgmeting)."""

    rondes: list[str] = Field(default_factory=lambda: ["nulmeting", "vervolgmeting"], min_length=1)


class Optie(Model):
    code: int = Field(ge=1, le=10)
    label: str


class WeetNiet(Model):
    code: str = WEET_NIET
    label: str


class Schaal(Model):
    opties: list[Optie] = Field(min_length=3)
    weet_niet: WeetNiet

    @property
    def min(self) -> int:
        return min(o.code for o in self.opties)

    @property
    def max(self) -> int:
        return max(o.code for o in self.opties)

    @property
    def labels(self) -> dict[int, str]:
        return {o.code: o.label for o in self.opties}


class Perspectief(Model):
    code: str = Field(pattern=ID_PATTERN)
    label: str


class Kader(Model):
    code: str = Field(pattern=r"^[A-Z]{2,4}[0-9]+$")
    naam: str
    toelichting: str = ""


class Tekst(Model):
    standaard: str = Field(min_length=1, max_length=200)
    inwoner: str | None = Field(default=None, max_length=200)
    uitvoerder: str | None = Field(default=None, max_length=200)
    beleid: str | None = Field(default=None, max_length=200)
    ketenpartner: str | None = Field(default=None, max_length=200)


class Stelling(Model):
    code: str = Field(pattern=r"^K[1-9]_[0-9]+$")
    basisfunctie: str
    basisfunctionaliteit: str
    tekst: Tekst

    def text_for(self, perspectief: str) -> str:
        return getattr(self.tekst, perspectief, None) or self.tekst.standaard


class Uitgangspunt(Model):
    code: str = Field(pattern=r"^K[1-9]$")
    naam: str
    open_vraag: str
    stellingen: list[Stelling] = Field(min_length=3)


class Prioriteit(Model):
    vraag: str
    aantal: int = Field(ge=1, le=7)


class Vragenlijst(Model):
    naam: str
    versie: str
    inleiding: str
    schaal: Schaal
    perspectieven: list[Perspectief] = Field(min_length=1)
    basisfuncties: list[Kader]
    basisfunctionaliteiten: list[Kader]
    uitgangspunten: list[Uitgangspunt] = Field(min_length=1)
    prioriteit: Prioriteit
    afsluiting: str

    @property
    def statements(self) -> list[Stelling]:
        return [s for u in self.uitgangspunten for s in u.stellingen]

    @property
    def perspective_labels(self) -> dict[str, str]:
        return {p.code: p.label for p in self.perspectieven}

    @property
    def uitgangspunt_labels(self) -> dict[str, str]:
        return {u.code: u.naam for u in self.uitgangspunten}

    def statements_table(self) -> pd.DataFrame:
        """One row per statement: code, uitgangspunt, basisfunctie, basisfunctionaliteit, text."""
        import pandas as pd

        bf = {k.code: k.naam for k in self.basisfuncties}
        bfl = {k.code: k.naam for k in self.basisfunctionaliteiten}
        rows = [{"stelling": s.code, "uitgangspunt": u.code, "uitgangspunt_naam": u.naam,
                 "basisfunctie": s.basisfunctie, "basisfunctie_naam": bf.get(s.basisfunctie),
                 "basisfunctionaliteit": s.basisfunctionaliteit,
                 "basisfunctionaliteit_naam": bfl.get(s.basisfunctionaliteit),
                 "tekst": s.tekst.standaard, "volgorde": i}
                for i, (u, s) in enumerate(((u, s) for u in self.uitgangspunten for s in u.stellingen), 1)]
        return pd.DataFrame(rows)


def load_vragenlijst(problemen: Problemen, study_dir: Path | None = None) -> Vragenlijst | None:
    """Load and check the questionnaire (the study's own copy in instrumenten/ if present)."""
    path = instrument_path("verkenning", study_dir)
    sub = Problemen(f"instruments/{path.name}" if study_dir is None or not path.is_relative_to(study_dir)
                    else str(path.relative_to(study_dir)))
    data = load_yaml(path, sub)
    vl = validate(Vragenlijst, data, sub) if data is not None else None
    if vl is not None:
        _check(vl, sub)
    problemen.extend(sub)
    return vl if not sub else None


def read_vragenlijst(study_dir: Path | None = None) -> Vragenlijst:
    problemen = Problemen("verkenning.yaml")
    vl = load_vragenlijst(problemen, study_dir)
    problemen.raise_if_any("De vragenlijst van de verkenning bevat fouten")
    return vl


def _check(vl: Vragenlijst, problemen: Problemen) -> None:
    bf = {k.code for k in vl.basisfuncties}
    bfl = {k.code for k in vl.basisfunctionaliteiten}
    seen: set[str] = set()
    for u in vl.uitgangspunten:
        for s in u.stellingen:
            where = f"stelling {s.code}"
            if not s.code.startswith(u.code + "_"):
                problemen.add(f"een code die begint met {u.code}_", plaats=where, veld="code", waarde=s.code)
            if s.code in seen:
                problemen.add("unieke codes", plaats=where, veld="code", waarde=s.code)
            seen.add(s.code)
            if s.basisfunctie not in bf:
                problemen.add(f"een van: {', '.join(sorted(bf))}", plaats=where, veld="basisfunctie",
                              waarde=s.basisfunctie)
            if s.basisfunctionaliteit not in bfl:
                problemen.add(f"een van: {', '.join(sorted(bfl))}", plaats=where, veld="basisfunctionaliteit",
                              waarde=s.basisfunctionaliteit)
    if len({u.code for u in vl.uitgangspunten}) != len(vl.uitgangspunten):
        problemen.add("elk uitgangspunt één keer", veld="uitgangspunten.code", waarde="dubbel")
    if vl.prioriteit.aantal > len(vl.uitgangspunten):
        problemen.add(f"hoogstens {len(vl.uitgangspunten)}", veld="prioriteit.aantal", waarde=vl.prioriteit.aantal)
