"""Schaduwreis: the journey through the toegang as designed on paper.

- `model`: the schaduwreis as data (phases, steps, sleutelmomenten), loading and checks
- `figures`: the journey map
- `report`: its chapter in the report
- `cli`: `klantreis sjablonen`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import LoadContext, Method, Section, lazy

FILE = "schaduwreis.yaml"


def _load(ctx: LoadContext) -> dict:
    from .model import load_schaduwreis

    reis = None
    if not (ctx.root / FILE).exists():
        ctx.problemen.add("een bestand schaduwreis.yaml in de studiemap", bestand=FILE, toon_waarde=False)
    elif ctx.instruments is not None:
        reis = load_schaduwreis(ctx.root / FILE, ctx.instruments.vocabulaire, ctx.problemen, shown=FILE)
    return {"schaduwreis": reis}


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    import shutil

    from ..resources import journey_templates

    templates = journey_templates()
    sjabloon = options.get("sjabloon", "generiek")
    if sjabloon not in templates:
        problemen.add(f"een van de sjablonen in journeys/: {', '.join(templates)}", veld="--sjabloon",
                      waarde=sjabloon)
    elif folder is not None:
        shutil.copyfile(templates[sjabloon], folder / FILE)


METHOD = Method(
    name="schaduwreis",
    title="Schaduwreis",
    load=_load,
    commands=lazy(f"{__name__}.cli", "add_commands"),
    sections=(Section("schaduwreis", add=lazy(f"{__name__}.report", "add")),),
    scaffold=_scaffold,
    summary=lambda study: f"schaduwreis met {len(study.schaduwreis.steps)} stappen",
)
