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
6. `evidence` (for the zeven kenmerken): its evidence per kenmerk, as a table;
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
    "klantreis.schaduwreis",
    "klantreis.klantreizen",
    "klantreis.gezamenlijke_reis",
    "klantreis.effectenarena",
    "klantreis.verkenning",
]

# Where a section goes in a report: front matter, the method chapter, the findings, the
# researchers' conclusions, appendices. Methods use "methode", "hoofdstuk" and "bijlage".
Plaats = Literal["voor", "methode", "hoofdstuk", "slot", "bijlage"]


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
    evidence: Callable[[Any], Any] | None = None
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
