"""Stakeholderinterviews en de focusgroep: what beleid, management, professionals, ketenpartners
and cliëntvertegenwoordigers say about the toegang, coded with the study's codebook and the
aspects vroegtijdig / samenhangend / passend.

- `model`: the conversation as data (one file per interview or focus group session), its
  checks against the study, loading and writing
- `excel` (the Excel form: writer and reader), `formulier` (the notebook form)
- `analyse`: tidy tables (themes × perspective × gemeente, aspects, quotes) and the quote rule
- `bevindingen`: the evidence for the chapter of each municipality
- `report`: the method section, the section in each municipality chapter, the comparison
- `cli`: `klantreis stakeholderformulier` and `klantreis stakeholders inlezen`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import Method, Section, lazy

FOLDER = "stakeholders"


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    if folder is not None:
        (folder / FOLDER).mkdir()


def _summary(study) -> str:
    from ..report.numbers import stuks

    gesprekken = study.stakeholders
    interviews = sum(g.soort == "interview" for g in gesprekken)
    groups = len(gesprekken) - interviews
    return f"{stuks(interviews, 'stakeholderinterview', 'stakeholderinterviews')}, " \
           f"{stuks(groups, 'focusgroep', 'focusgroepen')}"


def _aantallen(study) -> list[tuple[str, str | None, int]]:
    """Conversations per municipality (the design; who said what stays out)."""
    return [("stakeholderinterviews" if g.soort == "interview" else "focusgroepen", g.gemeente, 1)
            for g in study.stakeholders]


M = __name__
METHOD = Method(
    name="stakeholders",
    title="Stakeholderinterviews en focusgroep",
    load=lazy(f"{M}.model", "load_gesprekken"),
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("stakeholders-methode", add=lazy(f"{M}.report", "add_method"), plaats="methode"),
        Section("stakeholders-gemeente", add=lazy(f"{M}.report", "add_gemeente"), plaats="gemeente"),
        Section("stakeholders-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"), plaats="vergelijking"),
    ),
    analyse=lazy(f"{M}.analyse", "analyse"),
    bevindingen=lazy(f"{M}.bevindingen", "bevindingen"),
    scaffold=_scaffold,
    summary=_summary,
    aantallen=_aantallen,
)
