"""Gezamenlijke reis: residents, professionals and policy staff turn the meta-analysis into
improvement points and set priorities together, in one session (a werksessie).

- `model`: the session as data (participants, improvement points with their links to steps,
  sleutelmomenten and kenmerken, private votes), loading and checks
- `handout`: the handout for the session, made from the meta-analyse (A4 or A3, Word and PDF)
- `analyse` (numbers) and `text` (sentences): ranking, role groups compared, spread of the votes
- `figures`: votes by role per improvement point
- `excel` (the Excel session form: writer and reader), `formulier` (the facilitator's notebook form)
- `report`: its sections (method, per municipality, joint sessions in the comparison, spread in
  the statistical appendix); `bevindingen`: its evidence for the municipality chapters; `cli`:
  `klantreis gezamenlijke-reis …`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import Method, Section, lazy

FOLDER = "gezamenlijke_reis"


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    if folder is not None:
        (folder / FOLDER).mkdir()


def _summary(study) -> str:
    sessions = study.gezamenlijke_reis
    points = sum(len(s.sessie.verbeterpunten) for s in sessions)
    return f"{len(sessions)} {'sessie' if len(sessions) == 1 else 'sessies'} gezamenlijke reis ({points} verbeterpunten)"


def _aantallen(study) -> list[tuple[str, str | None, int]]:
    """Sessions and their participants (without the facilitator) per municipality."""
    found = []
    for loaded in study.gezamenlijke_reis:
        sessie = loaded.sessie
        found.append(("sessies", sessie.gemeente, 1))
        found.append(("deelnemers", sessie.gemeente,
                      sum(d.rol != "facilitator" for d in sessie.deelnemers)))
    return found


M = __name__
METHOD = Method(
    name="gezamenlijke_reis",
    title="Gezamenlijke reis",
    load=lazy(f"{M}.model", "load_sessions"),
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("gezamenlijke-reis-methode", add=lazy(f"{M}.report", "add_method"), plaats="methode"),
        Section("gezamenlijke-reis-gemeente", add=lazy(f"{M}.report", "add_gemeente"),
                prepare=lazy(f"{M}.report", "prepare_gemeente"), plaats="gemeente"),
        Section("gezamenlijke-reis-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"),
                prepare=lazy(f"{M}.report", "prepare_vergelijking"), plaats="vergelijking"),
        Section("gezamenlijke-reis-statistiek", add=lazy(f"{M}.report", "add_statistiek"), plaats="statistiek"),
    ),
    analyse=lazy(f"{M}.analyse", "analyse"),
    bevindingen=lazy(f"{M}.bevindingen", "bevindingen"),
    evidence=lazy(f"{M}.analyse", "evidence"),
    scaffold=_scaffold,
    summary=_summary,
    aantallen=_aantallen,
    session_form=lazy(f"{M}.excel", "write_session_workbook"),
)
