"""De zeven kenmerken van een goede toegang: the checklist with evidence, the evidence of every
method per kenmerk, the kenmerkenprofiel per municipality with a traffic light from a rule kept
as data, and the evidence for the research question (vroegtijdig, samenhangend, passend).

- `model`: the checklist, the rule and a study's answers (`kenmerken.yaml`) as data, with checks
- `excel`: the Excel checklist form (writer and reader); `klantreis kenmerkenformulier`
- `word`: the checklist as a Word document to fill in on paper
- `analyse`: the evidence table from every method, the verdict per source, the profiles
- `text`: the sentences (the rule in words, the public B1 lines)
- `rondes`: a repeated evaluation (a second study folder): per kenmerk what changed
- `figures`: the profile (kenmerken × sources) and the comparison of municipalities
- `report`: its sections (method and rule, per municipality, comparison, public version)
- `cli`: `klantreis kenmerken …`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import Method, Section, lazy


def _summary(study) -> str | None:
    answers = study.kenmerken.antwoorden
    if not answers:
        return "geen antwoorden op de checklist van de zeven kenmerken (kenmerken.yaml)"
    return f"{len(answers)} antwoorden op de checklist van de zeven kenmerken"


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    """A new study starts without kenmerken.yaml: `klantreis kenmerkenformulier` makes the form."""


M = __name__
METHOD = Method(
    name="kenmerken",
    title="Zeven kenmerken",
    load=lazy(f"{M}.model", "load"),
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("kenmerken-kader", add=lazy(f"{M}.report", "add_kader"), plaats="kader"),
        Section("kenmerken-gemeente", add=lazy(f"{M}.report", "add_gemeente"),
                prepare=lazy(f"{M}.report", "prepare_gemeente"), plaats="gemeente"),
        Section("kenmerken-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"),
                prepare=lazy(f"{M}.report", "prepare_vergelijking"), plaats="vergelijking"),
        Section("kenmerken-vraagstelling", add=lazy(f"{M}.report", "add_vraagstelling"), plaats="vraagstelling"),
        Section("kenmerken-bewijs", add=lazy(f"{M}.report", "add_bijlage"), plaats="bijlage"),
        Section("kenmerken-publiek", add=lazy(f"{M}.report", "add_publiek"), plaats="publiek"),
    ),
    analyse=lazy(f"{M}.analyse", "analyse"),
    evidence=lazy(f"{M}.analyse", "from_checklist"),
    scaffold=_scaffold,
    summary=_summary,
)
