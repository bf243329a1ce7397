"""The interview as data: consent, household, steps as lived, extra steps, quotes.

Every way of entering an interview (YAML, the kit's Excel form, the notebook form) ends in
this one validated `Interview`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, StrictBool, model_validator

from ..validation import Datum, ID_PATTERN, Model, RESPONDENT_PATTERN, TEXT_MAX

# Counts and scores must be written as numbers: YAML's `yes`/`true` would otherwise count as 1.
Count = Annotated[int, Strict(), Field(ge=0, le=100)]
Score = Annotated[int, Strict()] | None


class Toestemming(Model):
    interview: StrictBool
    citaten: StrictBool
    opname: StrictBool = False
    terugkoppeling: StrictBool = False


class Huishouden(Model):
    samenstelling: str = Field(min_length=1, max_length=200)
    leefgebieden: list[str] = Field(default_factory=list)
    wetten: list[str] = Field(default_factory=list)


class Citaat(Model):
    tekst: str = Field(min_length=1, max_length=2000)
    themas: list[str] = Field(default_factory=list)


class Beleving(Model):
    """How a step felt: score on the curve, what went well, what could be better, quotes, themes."""

    score: Score = None
    # A step that happened gets a score, or the reason there is none ("wilde geen cijfer geven").
    geen_score_omdat: str = Field(default="", max_length=TEXT_MAX)
    goed: str = Field(default="", max_length=TEXT_MAX)
    beter: str = Field(default="", max_length=TEXT_MAX)
    citaten: list[Citaat] = Field(default_factory=list)
    themas: list[str] = Field(default_factory=list)


class StapVerloop(Beleving):
    """What happened at one designed step."""

    stap: str = Field(pattern=ID_PATTERN, max_length=40)
    gebeurd: Literal["ja", "nee", "anders"]
    in_plaats_daarvan: str = Field(default="", max_length=TEXT_MAX)


class ExtraStap(Beleving):
    """A step the resident took that the schaduwreis lacks, or a loop back to an earlier step."""

    naam: str = Field(min_length=1, max_length=60)
    na: str | None = Field(default=None, pattern=ID_PATTERN)
    soort: Literal["extra", "lus"] = "extra"
    terug_naar: str | None = Field(default=None, pattern=ID_PATTERN)


class Interview(Model):
    respondent: str = Field(pattern=RESPONDENT_PATTERN)
    gemeente: str = Field(min_length=1, max_length=80)
    datum: Datum
    interviewer_rol: str
    toestemming: Toestemming
    huishouden: Huishouden
    stappen: list[StapVerloop] = Field(min_length=1)
    extra_stappen: list[ExtraStap] = Field(default_factory=list)
    aantal_professionals: Count
    verhaal_opnieuw_verteld: Count
    waarden: list[str] = Field(default_factory=list)


class Curve(Model):
    """The scale of the belevingscurve (`curve:` in studie.yaml)."""

    min: int = -2
    max: int = 2
    labels: dict[int, str] = Field(default_factory=dict)

    @classmethod
    def for_new_study(cls) -> dict:
        """The block a new studie.yaml starts with: the usual five-point scale, labelled."""
        return cls(labels=NEW_STUDY_LABELS).model_dump()

    @model_validator(mode="after")
    def _range(self):
        if not self.min < 0 < self.max:
            raise ValueError("een schaal met min onder 0 en max boven 0 (bv. -2 tot en met 2)")
        if self.max - self.min > 20:
            raise ValueError("een schaal van hoogstens 21 punten")
        outside = [k for k in self.labels if not self.min <= k <= self.max]
        if outside:
            raise ValueError(f"labels alleen voor punten van {self.min} tot en met {self.max}")
        return self

    def label(self, point: int) -> str:
        return self.labels.get(point, f"{point:+d}" if point else "0")


NEW_STUDY_LABELS = {-2: "Heel negatief", -1: "Negatief", 0: "Neutraal", 1: "Positief", 2: "Heel positief"}
