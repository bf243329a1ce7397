"""Effectenarena: a session in which the room draws, for a few fictive households, the most
fitting approach with the parties it needs and the effects it should have, then names the
factors of today's set-up that hinder or help and scores where most is to be gained.

- `model`: the households library (instruments/huishoudens.yaml) and the session files
  (`effectenarena/*.yaml`), loading and checks
- `excel` (the Excel session form: writer and reader), `formulier` (the facilitator form in a
  notebook, saving every entry at once), `arenablad` (the printable A3 arena sheet)
- `analyse` (tidy tables, rankings, perspectives, quadrants, agreement with `stats.agreement`)
  and `text` (the Dutch sentences about disagreement)
- `figures`, `report`: its pictures and its sections (method, per municipality, joint sessions in
  the comparison, agreement in the statistical appendix); `bevindingen`: its evidence for the
  municipality chapters; `cli`: `klantreis effectenarena …`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import Method, Section, lazy

EXAMPLE = """\
# Eén bestand per effectenarena-sessie, bv. 2026-04-14_lindewaarde.yaml. Zie de README
# (Effectenarena) en de demostudie voor een volledig voorbeeld; het Excel-formulier
# (klantreis sessieformulier effectenarena) en het formulier in notitieboek 04 schrijven
# hetzelfde bestand.
#
# titel: "Effectenarena Lindewaarde"
# datum: 2026-04-14
# gemeente: Lindewaarde            # optioneel: een gemeente van de studie
# scoring:
#   methode: stippen               # of: impact_haalbaarheid (1–5)
#   stippen_per_deelnemer: 5
# deelnemers:
#   - {id: D01, rol: inwoner}
# huishoudens:
#   - huishouden: H01
#     aanpak: [{id: A1, tekst: "Eén vaste contactpersoon"}]
#     investeerders: [{id: I1, tekst: "Sociaal wijkteam"}]
#     effecten: [{id: E1, tekst: "Rust in de financiën", voor: huishouden}]
#     incasseerders: [{id: C1, tekst: "Het huishouden"}]
#     verbindingen: [{van: I1, naar: A1}, {van: A1, naar: E1}, {van: E1, naar: C1}]
# factoren:
#   - {id: F01, tekst: "Schuldhulp heeft een wachtlijst", soort: belemmerend,
#      perspectief: organisatie, kenmerk: K3}
# scores:
#   - {deelnemer: D01, stippen: {F01: 3}}
"""


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    from ..files import write_text

    if folder is not None:
        write_text(folder / "effectenarena" / "LEESMIJ.txt", EXAMPLE)


def _settings() -> dict:
    from .model import EffectenarenaSettings

    return {"effectenarena": EffectenarenaSettings}


def _summary(study) -> str | None:
    sessions = study.effectenarena
    if not sessions:
        return None
    return f"{len(sessions)} effectenarena-{'sessie' if len(sessions) == 1 else 'sessies'}"


def _aantallen(study) -> list[tuple[str, str | None, int]]:
    """Sessions and their participants (without the facilitator) per municipality."""
    found = []
    for sessie in study.effectenarena.values():
        found.append(("sessies", sessie.gemeente, 1))
        found.append(("deelnemers", sessie.gemeente,
                      sum(d.rol != "facilitator" for d in sessie.deelnemers)))
    return found


M = __name__
METHOD = Method(
    name="effectenarena",
    title="Effectenarena",
    settings=_settings(),
    load=lazy(f"{M}.model", "load_sessions"),
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("effectenarena-methode", add=lazy(f"{M}.report", "add_method"), plaats="methode"),
        Section("effectenarena-gemeente", add=lazy(f"{M}.report", "add_gemeente"),
                prepare=lazy(f"{M}.report", "prepare_gemeente"), plaats="gemeente"),
        Section("effectenarena-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"),
                prepare=lazy(f"{M}.report", "prepare_vergelijking"), plaats="vergelijking"),
        Section("effectenarena-statistiek", add=lazy(f"{M}.report", "add_statistiek"), plaats="statistiek"),
    ),
    analyse=lazy(f"{M}.analyse", "analyse"),
    bevindingen=lazy(f"{M}.bevindingen", "bevindingen"),
    evidence=lazy(f"{M}.analyse", "evidence"),
    scaffold=_scaffold,
    summary=_summary,
    aantallen=_aantallen,
    session_form=lazy(f"{M}.excel", "write_session_workbook"),
)
