"""The registry of the kit's methods: every method is listed here once.

Study loading, `klantreis controleer`, the command line and the report builder iterate over
this registry, so adding a method (the effectenarena, the zeven kenmerken, …) is a new package
in `src/klantreis/` plus one line in `REGISTERED`. A method package exposes `METHOD`, a
`Method` that says what it brings, in this order:

1. `settings`: its block(s) in `studie.yaml` (key → pydantic model with defaults);
2. `load`: its file checks and loading; it adds every problem to the shared list and returns
   the named parts the study carries (`study.interviews`, `study.schaduwreis`, …);
3. `commands`: its subcommands of `klantreis`;
4. `sections`: its sections of the Word report, each placed in a part of the report;
5. `analyse`: its analysis of a loaded study, computed once per report build;
6. `evidence(study, analysis=None)` (for the zeven kenmerken): its evidence per kenmerk, as a
   table; a report build passes the analysis it already has;
7. `bevindingen`: its evidence for the chapter of each municipality, as `Bevinding`s
   (per perspectief and, where it applies, per aspect of the first research question);
and, for `klantreis nieuw` and `controleer`, `scaffold` (the files a new study starts with) and
`summary` (one line of what was found); a werksessie also offers `session_form`.

Importing this module imports no method: they are imported the first time `methods()` runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Literal

# The order is the order of the chapters in the report and of the checks in `controleer`.
REGISTERED = [
    "klantreis.context",
    "klantreis.schaduwreis",
    "klantreis.klantreizen",
    "klantreis.stakeholders",
    "klantreis.gezamenlijke_reis",
    "klantreis.effectenarena",
    "klantreis.verkenning",
    "klantreis.kenmerken",
]

# The four perspectives of integraal werken (seed 003), in the order of a municipality chapter,
# and the three aspects of the first research question (vroegtijdig, samenhangend, passend).
# Their Dutch labels are in instruments/vocabulaire.yaml (`perspectieven`, `aspecten`).
PERSPECTIEVEN = ("beleid", "organisatie", "professional", "client")
ASPECTEN = ("vroegtijdig", "samenhangend", "passend")


@dataclass(frozen=True)
class Bevinding:
    """One piece of evidence a method offers for a municipality chapter, ready to print.

    The method is responsible for its privacy: `tekst` is already redacted, a quote is only
    offered with the resident's or respondent's consent, and a number about a group below the
    study's minimum is not offered at all. The report only selects, orders and prints.

    - `gemeente`: None when the evidence belongs to the whole study (a joint session);
    - `perspectief`: one of PERSPECTIEVEN; `aspect`: one of ASPECTEN, or None;
    - `soort`: "cijfer" (a sentence with a number, written by the method's text module),
      "uitspraak" (a paraphrased statement), "citaat" (a literal quote, printed as a quote),
      "verbeterpunt" (an improvement point or opportunity: evidence for the question on kansen);
    - `bron`: where it comes from, as a reader should see it ("klantreis R03", "interview
      beleidsmedewerker", "zelfscan, inwoners (n = 12)");
    - `gewicht`: for ordering within a list, higher first (a score, a number of mentions);
    - `kant`: "bedoeld" (the toegang as designed) or "ervaren" (as experienced);
    - `respondent`: the pseudonym behind a quote, so the report can cap quotes per person.
    """

    methode: str
    gemeente: str | None
    perspectief: str
    aspect: str | None
    soort: Literal["cijfer", "uitspraak", "citaat", "verbeterpunt"]
    tekst: str
    bron: str
    gewicht: float = 0.0
    kant: Literal["bedoeld", "ervaren"] = "ervaren"
    respondent: str | None = None

    def __post_init__(self):
        if self.perspectief not in PERSPECTIEVEN:
            raise ValueError(f"perspectief {self.perspectief!r} is not one of {PERSPECTIEVEN}")
        if self.aspect is not None and self.aspect not in ASPECTEN:
            raise ValueError(f"aspect {self.aspect!r} is not one of {ASPECTEN}")


# Where a section goes in a report: front matter, the method chapter, the findings, the
# researchers' conclusions, appendices. Methods use "methode" (a subsection of the
# onderzoeksopzet), "kader" (a subsection of the theoretical frame, level 3), "gemeente_begin"
# (opens the chapter of each municipality: context, the journey as designed) and "gemeente"
# (the method's evidence in that chapter; both get `gemeente=` as keyword), "vergelijking" (the chapter comparing the municipalities),
# "hoofdstuk" (a chapter of its own), "statistiek" (the appendix with statistical details the
# main text points to), "bijlage", "vraagstelling" (next to the researchers' answer to a research question
# with aspects, in "Terug naar de vraagstelling"; add gets `gemeente=` and `vraag=`) and "publiek" (the
# short public version in plain B1 Dutch; add gets `gemeente=`).
Plaats = Literal["voor", "methode", "kader", "gemeente_begin", "gemeente", "vergelijking", "hoofdstuk", "slot",
                 "statistiek", "bijlage", "vraagstelling", "publiek"]


@dataclass(frozen=True)
class Section:
    """One part of a report. `prepare(build)` may start slow work (figures in the render pool)
    before any section is written; `add(doc, build, prepared)` writes the section."""

    id: str
    add: Callable[[Any, Any, Any], None]
    prepare: Callable[[Any], Any] | None = None
    plaats: Plaats = "hoofdstuk"


@dataclass
class LoadContext:
    """What a method's loader gets: the study folder, the shared problem list, the settings
    (None when studie.yaml itself is broken, with `raw_settings` as far as it could be read),
    the municipalities and the period as far as they are valid (else None), the instruments
    (None when broken) and the parts that earlier methods loaded."""

    root: Path
    problemen: Any  # errors.Problemen
    settings: Any | None
    raw_settings: dict
    instruments: Any | None
    gemeenten: list[str] | None = None
    periode: tuple[Any, Any] | None = None
    parts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Method:
    """What one method contributes to the kit (see the module docstring)."""

    name: str
    title: str
    settings: dict[str, type] = field(default_factory=dict)
    load: Callable[[LoadContext], dict[str, Any]] | None = None
    commands: Callable[[Any], None] | None = None
    sections: tuple[Section, ...] = ()
    analyse: Callable[[Any], Any] | None = None
    evidence: Callable[..., Any] | None = None
    # bevindingen(build) -> list[Bevinding]: evidence for the municipality chapters (whole study).
    bevindingen: Callable[[Any], list[Bevinding]] | None = None
    # aantallen(study) -> list[(wat, gemeente or None, aantal)]: what the method gathered where,
    # for the onderzoeksopzet ("interviews met inwoners", "Lindewaarde", 7). Counts of the design
    # (who was interviewed where), not statistics about a group.
    aantallen: Callable[[Any], list[tuple[str, str | None, int]]] | None = None
    # scaffold(folder, options, problemen): with folder None only check the options (e.g. the
    # schaduwreis template asked for); otherwise write the method's starting files into folder.
    scaffold: Callable[[Path | None, dict, Any], None] | None = None
    # summary(study): what `klantreis controleer` found of this method, e.g. "16 interviews".
    summary: Callable[[Any], str | None] | None = None
    # session_form(study, output) -> Path: for a method run in a room (a werksessie), the Excel
    # form a facilitator fills in; `klantreis sessieformulier SOORT` lists the methods that have one.
    session_form: Callable[[Any, Path | None], Path] | None = None


_extra: list[Method] = []


def lazy(module: str, function: str) -> Callable:
    """`module.function`, imported on the first call: a method names its sections and loaders
    without importing pandas, matplotlib or docx when the registry is read."""
    def call(*args, **kwargs):
        return getattr(import_module(module), function)(*args, **kwargs)

    call.__qualname__ = f"{module}.{function}"
    return call


def methods() -> list[Method]:
    """Every registered method, in registry order (methods registered at run time last)."""
    return [import_module(name).METHOD for name in REGISTERED] + list(_extra)


def method(name: str) -> Method:
    for m in methods():
        if m.name == name:
            return m
    raise KeyError(name)


def register(extra: Method) -> None:
    """Add a method at run time (a plug-in, or a test); `unregister` takes it away again."""
    if any(m.name == extra.name for m in methods()):
        raise ValueError(f"method {extra.name!r} is already registered")
    _extra.append(extra)


def unregister(name: str) -> None:
    _extra[:] = [m for m in _extra if m.name != name]
