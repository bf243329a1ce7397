"""Verkenninginstrument: the self-scan on the seven uitgangspunten.

- `vragenlijst`: the questionnaire definition (instruments/verkenning.yaml), validated, and the
  `verkenning:` block of studie.yaml
- `opslag`: the SQLite store of responses in the study folder (web form and imports), and its
  schema check
- `uitwisseling`: exports to and imports from LimeSurvey, Microsoft Forms and Excel
- `formulier`: the ipywidgets form staff use to enter paper questionnaires in JupyterLab
- `serveer` and `web/`: the respondents' HTML form on tornado, personal invitations (`web.uitnodigingen`)
- `tabellen` (the tidy tables of answers and scores), `analyse` (per uitgangspunt, perspective,
  round and municipality, with `klantreis.stats`) and `text` (the Dutch sentences)
- `figures`, `report`: its pictures and its sections (method, per municipality, comparison,
  statistical appendix); `bevindingen`: its evidence for the municipality chapters; `cli`:
  `klantreis verkenning …`
"""

from __future__ import annotations

from ..methods import Method, Section, lazy


def _load(ctx) -> dict:
    """The questionnaire (the kit's or the study's own) and, if present, the response store."""
    from .opslag import check_store, db_path
    from .vragenlijst import load_vragenlijst

    load_vragenlijst(ctx.problemen, ctx.root)
    check_store(ctx.root, ctx.problemen)
    return {"verkenning_db": db_path(ctx.root)}


def _summary(study) -> str | None:
    from .opslag import Opslag

    if not study.verkenning_db.exists():
        return None
    with Opslag(study.verkenning_db, readonly=True) as store:
        return f"{store.count()} antwoorden op de zelfscan"


def _aantallen(study) -> list[tuple[str, str | None, int]]:
    """Only the study's total: the scan's groups per municipality follow the suppression of the
    verkenning's own tables (a count per municipality could give a hidden group away)."""
    from .opslag import Opslag

    if not study.verkenning_db.exists():
        return []
    with Opslag(study.verkenning_db, readonly=True) as store:
        return [("ingevulde vragenlijsten", None, store.count())]


def _settings() -> dict:
    from .vragenlijst import VerkenningSettings

    return {"verkenning": VerkenningSettings}


M = __name__
METHOD = Method(
    name="verkenning",
    title="Verkenning (zelfscan)",
    settings=_settings(),
    load=_load,
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("verkenning-methode", add=lazy(f"{M}.report", "add_method"), plaats="methode"),
        Section("verkenning-gemeente", add=lazy(f"{M}.report", "add_gemeente"), plaats="gemeente"),
        Section("verkenning-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"),
                prepare=lazy(f"{M}.report", "prepare"), plaats="vergelijking"),
        Section("verkenning-statistiek", add=lazy(f"{M}.report", "add_statistiek"), plaats="statistiek"),
    ),
    analyse=lazy(f"{M}.analyse", "analyse_verkenning"),
    bevindingen=lazy(f"{M}.bevindingen", "bevindingen"),
    summary=_summary,
    aantallen=_aantallen,
)
