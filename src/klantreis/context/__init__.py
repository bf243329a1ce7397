"""Context per gemeente: the facts from deskresearch that open each municipality's chapter.

- `model`: context.yaml (or context.xlsx) as data, loading and checks, the file of a new study
- `excel`: the Excel form, writer and reader side by side (`klantreis contextformulier`)
- `analyse`: households with provisions per 1,000 against the national figure, spending per client
- `text`, `report`: the sentences, the section per municipality, the comparison and the frame on
  organisation models for the inleiding (`report.add_kader`)
- `cli`: `klantreis contextformulier`

The definitions of the organisation models and positionings, with their national shares and
the national figures, are in instruments/organisatiemodellen.yaml.
"""

from __future__ import annotations

from pathlib import Path

from ..methods import Method, Section, lazy


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    """A new study gets a context.yaml with every municipality of its studie.yaml still "(vul in)"."""
    if folder is None:
        return
    from ..errors import Problemen
    from ..files import load_yaml, write_text
    from ..instruments import Organisatiemodellen, instrument_path
    from ..validation import validate
    from .model import FILE_YAML, scaffold_text

    # The municipalities are in the studie.yaml just written into the new folder.
    settings = load_yaml(folder / "studie.yaml", Problemen("studie.yaml"))
    gemeenten = settings.get("gemeenten") if isinstance(settings, dict) else None
    gemeenten = [g for g in gemeenten if isinstance(g, str)] if isinstance(gemeenten, list) else []
    sub = Problemen("organisatiemodellen.yaml")
    data = load_yaml(instrument_path("organisatiemodellen"), sub)
    modellen = validate(Organisatiemodellen, data, sub) if data is not None else None
    write_text(folder / FILE_YAML, scaffold_text(gemeenten, modellen))


def _summary(study) -> str | None:
    context = study.context
    if context is None or not context.volgorde:  # no municipalities named yet: studie.yaml says so
        return None
    if context.bestand is None:
        return "context per gemeente nog niet ingevuld (geen context.yaml of context.xlsx)"
    todo = context.nog_in_te_vullen()
    n = len(context.volgorde)
    line = f"context van {n} {'gemeente' if n == 1 else 'gemeenten'}"
    if todo:
        from .model import KERNVELDEN

        line += (f" (nog in te vullen in {context.bestand}: "
                 + "; ".join(f"{g}: {'alles' if len(fields) == len(KERNVELDEN) else ', '.join(fields)}"
                             for g, fields in todo.items()) + ")")
    return line


M = __name__
METHOD = Method(
    name="context",
    title="Context per gemeente",
    load=lazy(f"{M}.model", "load_context"),
    commands=lazy(f"{M}.cli", "add_commands"),
    sections=(
        Section("context", add=lazy(f"{M}.report", "add"), plaats="gemeente_begin"),
        Section("context-kader", add=lazy(f"{M}.report", "add_kader_section"), plaats="kader"),
        Section("context-vergelijking", add=lazy(f"{M}.report", "add_vergelijking"), plaats="vergelijking"),
    ),
    analyse=lazy(f"{M}.analyse", "analyse"),
    scaffold=_scaffold,
    summary=_summary,
)
