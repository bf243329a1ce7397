"""Schaduwreis: the journey through the toegang as designed on paper.

A study has one `schaduwreis.yaml` shared by all municipalities, or a folder `schaduwreizen/`
with one journey per municipality (`schaduwreis_van(study, gemeente)`).

- `model`: the schaduwreis as data (phases, steps, their kinds, sleutelmomenten), loading and checks
- `figures`: the journey map
- `report`: its sections in each municipality's chapter and in the comparison
- `cli`: `klantreis sjablonen`
"""

from __future__ import annotations

from pathlib import Path

from ..methods import LoadContext, Method, Section, lazy

FILE = "schaduwreis.yaml"
FOLDER = "schaduwreizen"  # one journey per municipality, each with `gemeente: NAAM`


def _load(ctx: LoadContext) -> dict:
    """The study's journeys: `schaduwreis.yaml` shared by every municipality, or one file per
    municipality in `schaduwreizen/` (a shared file next to the folder serves the municipalities
    without a journey of their own). Parts: `schaduwreizen` (gemeente -> its journey, every
    gemeente a key) and `schaduwreis` (the shared one, or the first municipality's), so callers
    that need one journey keep working."""
    from ..files import outside
    from .model import load_schaduwreis

    root, problemen = ctx.root, ctx.problemen
    shared_file, folder = root / FILE, root / FOLDER
    if not shared_file.exists() and not folder.is_dir():
        problemen.add("een bestand schaduwreis.yaml (één reis voor alle gemeenten) of een map schaduwreizen/ "
                      "met één reis per gemeente in de studiemap", bestand=FILE, toon_waarde=False)
        return {"schaduwreis": None, "schaduwreizen": {}}
    if ctx.instruments is None:
        return {"schaduwreis": None, "schaduwreizen": {}}
    vocabulaire = ctx.instruments.vocabulaire
    soorten = [k.id for k in ctx.instruments.topiclijst.soorten]
    shared = load_schaduwreis(shared_file, vocabulaire, problemen, shown=FILE, soorten=soorten) \
        if shared_file.exists() else None
    gemeenten = ctx.gemeenten
    own: dict[str, object] = {}
    first_file: dict[str, str] = {}
    if folder.is_dir() and outside(folder, root):
        problemen.add("een map binnen de studiemap (dit is een snelkoppeling naar een map erbuiten)",
                      bestand=FOLDER, veld="pad", waarde=FOLDER)
    elif folder.is_dir():
        for path in sorted(folder.iterdir()):
            shown = f"{FOLDER}/{path.name}"
            if path.name.startswith((".", "~$")) or path.is_dir():
                continue
            if path.suffix.lower() not in (".yaml", ".yml") or outside(path, root):
                problemen.add("schaduwreizen als .yaml-bestand in de map schaduwreizen/", bestand=shown,
                              veld="bestandsnaam", waarde=path.name)
                continue
            reis = load_schaduwreis(path, vocabulaire, problemen, shown=shown, soorten=soorten)
            if reis is None:
                continue
            if reis.gemeente is None:
                problemen.add("in een reis in schaduwreizen/ de gemeente waarvoor hij geldt (gemeente: NAAM); "
                              "een reis voor alle gemeenten hoort in schaduwreis.yaml", bestand=shown,
                              veld="gemeente", waarde=None)
            elif gemeenten is not None and reis.gemeente not in gemeenten:
                problemen.add(f"een gemeente uit studie.yaml: {', '.join(gemeenten)}", bestand=shown,
                              veld="gemeente", waarde=reis.gemeente)
            elif reis.gemeente in own:
                problemen.add(f"één schaduwreis per gemeente; {reis.gemeente} heeft ook een reis in "
                              f"{first_file[reis.gemeente]}", bestand=shown, veld="gemeente", waarde=reis.gemeente)
            else:
                own[reis.gemeente], first_file[reis.gemeente] = reis, shown
    names = list(gemeenten) if gemeenten is not None else list(own)
    if not shared_file.exists() and gemeenten is not None:
        for gemeente in gemeenten:
            if gemeente not in own:
                problemen.add(f"voor elke gemeente een schaduwreis: zet een bestand met 'gemeente: {gemeente}' "
                              "in schaduwreizen/, of een gedeelde schaduwreis.yaml voor de gemeenten zonder "
                              "eigen reis", bestand=FOLDER, plaats=f"gemeente {gemeente}", veld="gemeente",
                              waarde=gemeente)
    reizen = {g: own.get(g, shared) for g in names if own.get(g, shared) is not None}
    first = shared if shared is not None else next(iter(reizen.values()), None)
    return {"schaduwreis": first, "schaduwreizen": reizen}


def schaduwreis_van(study, gemeente: str | None = None):
    """The journey `gemeente`'s residents went through as designed: its own from schaduwreizen/,
    else the shared one. Without a gemeente: the shared journey (or the first municipality's).
    An unknown gemeente is the kit's Dutch error naming the allowed ones."""
    if gemeente is None:
        return study.schaduwreis
    reizen = study.parts.get("schaduwreizen") or {}
    if gemeente not in reizen:
        from ..errors import Problemen

        problemen = Problemen("opdracht")
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(reizen) or '(geen)'}", veld="--gemeente",
                      waarde=gemeente)
        problemen.raise_if_any("Onbekende gemeente")
    return reizen[gemeente]


def per_gemeente(study) -> bool:
    """Whether the municipalities have journeys of their own (not one shared journey)."""
    return len({id(r) for r in (study.parts.get("schaduwreizen") or {}).values()}) > 1


def _summary(study) -> str:
    reizen = study.parts.get("schaduwreizen") or {}
    if per_gemeente(study):
        return "schaduwreizen per gemeente: " + ", ".join(f"{g} {len(r.steps)} stappen" for g, r in reizen.items())
    return f"schaduwreis met {len(study.schaduwreis.steps)} stappen"


def _scaffold(folder: Path | None, options: dict, problemen) -> None:
    import shutil

    from ..resources import journey_templates

    templates = journey_templates()
    sjabloon = options.get("sjabloon", "generiek")
    if sjabloon not in templates:
        problemen.add(f"een van de sjablonen in journeys/: {', '.join(templates)}", veld="--sjabloon",
                      waarde=sjabloon)
    elif options.get("per_gemeente"):
        # One journey per municipality, each a copy of the template with its own `gemeente:`.
        gemeenten = [g for g in options.get("gemeenten") or [] if g]
        if not gemeenten:
            problemen.add("met --per-gemeente ook de gemeenten (--gemeente NAAM, herhaald)", veld="--per-gemeente",
                          toon_waarde=False)
        elif folder is not None:
            import re

            from ..files import write_text
            from ..teksten import slug

            text = templates[sjabloon].read_text(encoding="utf-8")
            (folder / "schaduwreizen").mkdir()
            for g in gemeenten:
                own = re.sub(r"^gemeente:.*$", f'gemeente: "{g}"', text, count=1, flags=re.M)
                write_text(folder / "schaduwreizen" / f"{slug(g)}.yaml", own)
    elif folder is not None:
        shutil.copyfile(templates[sjabloon], folder / FILE)


METHOD = Method(
    name="schaduwreis",
    title="Schaduwreis",
    load=_load,
    commands=lazy(f"{__name__}.cli", "add_commands"),
    sections=(Section("schaduwreis", add=lazy(f"{__name__}.report", "add_gemeente"), plaats="gemeente_begin"),
              Section("schaduwreizen-vergelijking", add=lazy(f"{__name__}.report", "add_vergelijking"),
                      plaats="vergelijking")),
    scaffold=_scaffold,
    summary=_summary,
)
