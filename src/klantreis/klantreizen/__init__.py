"""Individuele klantreizen: interviews with residents along the schaduwreis, and the
meta-analyse across them.

- `model`: the interview as data; `interviews`: loading, checks against the study, tidy tables
- `excel` (the Excel interview form: writer and reader), `formulier` (the notebook form)
- `meta_analyse`: patterns across interviews (numbers only)
- `figures`: belevingscurves, themes, values
- `methode`, `report`, `bijlagen`: its sections of the report; `topiclijst`: the interview guide
- `bevindingen`: its evidence for the municipality chapters (quotes, figures, verbeterpunten)
- `cli`: `klantreis topiclijst` and `klantreis interviewformulier`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import Method, Section, lazy


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    if folder is not None:
        (folder / "interviews").mkdir()


def _settings() -> dict:
    from .model import Curve

    return {"curve": Curve}


def _summary(study) -> str:
    from ..report.numbers import stuks

    return stuks(len(study.interviews), "interview", "interviews")


def _aantallen(study) -> list[tuple[str, str | None, int]]:
    """Residents interviewed per municipality: the design of the study, always reported."""
    return [("interviews met inwoners", iv.gemeente, 1) for iv in study.interviews]


M = __name__
METHOD = Method(
    name="klantreizen",
    title="Individuele klantreizen en meta-analyse",
    settings=_settings(),
    load=lazy(f"{M}.interviews", "load_interviews"),
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("klantreizen-methode", add=lazy(f"{M}.methode", "add"), plaats="methode"),
        Section("klantreizen", add=lazy(f"{M}.report", "add_gemeente"), prepare=lazy(f"{M}.report", "prepare_gemeente"),
                plaats="gemeente"),
        Section("klantreizen-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"),
                prepare=lazy(f"{M}.report", "prepare_vergelijking"), plaats="vergelijking"),
        Section("klantreizen-curven", add=lazy(f"{M}.bijlagen", "add_curves"),
                prepare=lazy(f"{M}.bijlagen", "prepare"), plaats="bijlage"),
        Section("codeboek", add=lazy(f"{M}.bijlagen", "add_codebook"), plaats="bijlage"),
        Section("klantreizen-publiek", add=lazy(f"{M}.publiek", "add"), prepare=lazy(f"{M}.publiek", "prepare"),
                plaats="publiek"),
    ),
    analyse=lazy(f"{M}.meta_analyse", "analyse"),
    bevindingen=lazy(f"{M}.bevindingen", "bevindingen"),
    scaffold=_scaffold,
    summary=lambda study: _summary(study),
    aantallen=_aantallen,
)
