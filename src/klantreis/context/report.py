"""The context in the report: a section "Context" at the start of each municipality's chapter,
a table of the municipalities side by side in the comparison chapter, and the theoretical frame
on organisation models and positioning for the inleiding (`add_kader`, called by the report's
inleiding).

The toelichting is the researcher's free text: it is printed through the document's redaction
(`free_text`). Route figures are about organisations and budgets, not about residents, so no
group is too small to show.
"""

from __future__ import annotations

import pandas as pd

from ..instruments import CONTEXT_WETTEN
from ..report.numbers import euro, geheel
from .text import context_paragraph, difference, model_name, placeholder


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def _count(value) -> str:
    return "–" if _missing(value) else geheel(value)


def _rate(value) -> str:
    return "–" if _missing(value) else geheel(value)


def add(doc, build, prepared=None, gemeente: str | None = None) -> None:
    """The section "Context" in the chapter of `gemeente` (heading level 2)."""
    study = build.study
    context, modellen = study.context, study.instruments.organisatiemodellen
    numbers = build.analysis("context")
    g = context.van(gemeente)
    doc.heading("Context", 2)
    doc.paragraph(" ".join(context_paragraph(gemeente, g, context, modellen)))
    if g.toelichting:
        doc.free_text(g.toelichting)

    landelijk = modellen.landelijk
    rows = numbers.voorzieningen[numbers.voorzieningen["gemeente"] == gemeente]
    if rows["aantal"].isna().all() or g.huishoudens is None:
        doc.paragraph(f"Huishoudens met een voorziening per wet: {placeholder(context)}.")
    else:
        table = pd.DataFrame({
            "Wet": rows["wet_label"],
            "Huishoudens met een voorziening": [_count(v) for v in rows["aantal"]],
            f"Per 1.000 huishoudens in {gemeente}": [_rate(v) for v in rows["per_1000"]],
            "Per 1.000 huishoudens in Nederland": [_rate(v) for v in rows["landelijk"]],
            "Verschil met Nederland": ["–" if _missing(v) else difference(v) for v in rows["verhouding"]],
        })
        year = f" ({g.jaar})" if g.jaar else ""
        doc.table(table, f"Huishoudens met ten minste één voorziening per wet in {gemeente}{year}, per 1.000 "
                         f"huishoudens, naast het landelijke cijfer ({landelijk.bron})",
                  widths_cm=[3.2, 3.4, 3.4, 3.4, 3.0])
        if rows["landelijk"].isna().any():
            doc.paragraph("Een landelijk cijfer ontbreekt nog in instruments/organisatiemodellen.yaml; vul het daar "
                          "of in de eigen instrumenten/organisatiemodellen.yaml van de studie in, met de bron.")

    routes = numbers.routes[numbers.routes["gemeente"] == gemeente]
    if len(routes):
        table = pd.DataFrame({
            "Route": routes["route"],
            "Cliënten": [_count(v) for v in routes["clienten"]],
            "Nieuwe aanmeldingen": [_count(v) for v in routes["nieuwe_aanmeldingen"]],
            "Uitgaven": ["–" if _missing(v) else euro(v) for v in routes["uitgaven"]],
            "Uitgaven per cliënt": ["–" if _missing(v) else euro(v) for v in routes["per_client"]],
            "Jaar": ["–" if _missing(v) else str(int(v)) for v in routes["jaar"]],
        })
        doc.table(table, f"Cliënten, nieuwe aanmeldingen en uitgaven per route in {gemeente}",
                  widths_cm=[5.0, 2.2, 2.6, 3.0, 2.6, 1.4])


def add_vergelijking(doc, build, prepared=None) -> None:
    """The section "Context van de gemeenten naast elkaar" in the comparison chapter (level 2)."""
    study = build.study
    context, modellen = study.context, study.instruments.organisatiemodellen
    numbers = build.analysis("context")
    names = list(context.volgorde)
    doc.heading("Context van de gemeenten naast elkaar", 2)
    doc.paragraph("De tabel zet de cijfers en de inrichting van de toegang van de gemeenten naast elkaar."
                  + (f" Een streepje (–) is een gegeven dat nog ontbreekt {placeholder(context)}."
                     if context.nog_in_te_vullen() else ""))
    overview = numbers.overzicht.set_index("gemeente")
    rates = numbers.voorzieningen
    rows: list[tuple[str, list[str], str]] = [
        ("Inwoners", [_count(overview.at[n, "inwoners"]) for n in names], ""),
        ("Huishoudens", [_count(overview.at[n, "huishoudens"]) for n in names], ""),
    ]
    for wet, label in CONTEXT_WETTEN.items():
        part = rates[rates["wet"] == wet].set_index("gemeente")
        national = part["landelijk"].iloc[0] if len(part) else float("nan")
        rows.append((f"Huishoudens met {label} per 1.000", [_rate(part.at[n, "per_1000"]) for n in names],
                     _rate(national)))

    def code(value, find) -> str:
        item = find(value) if value else None
        return "–" if item is None else (model_name(item) if find == modellen.organisatiemodel else item.code)

    rows.append(("Organisatiemodel", [code(context.van(n).organisatiemodel, modellen.organisatiemodel)
                                      for n in names], ""))
    rows.append(("Positionering", [code(context.van(n).positionering, modellen.positionering) for n in names], ""))
    route_counts = numbers.routes.groupby("gemeente").size()
    rows.append(("Routes met cijfers", [str(int(route_counts.get(n, 0))) for n in names], ""))
    table = pd.DataFrame([[label, *values, national] for label, values, national in rows],
                         columns=["", *names, "Nederland"])
    doc.table(table, "De context van de gemeenten naast elkaar; in de kolom Nederland het landelijke aantal "
                     f"huishoudens met een voorziening per 1.000 huishoudens ({modellen.landelijk.bron})")


def add_kader_section(doc, build, prepared=None) -> None:
    """`add_kader` as a section of the theoretical frame."""
    add_kader(doc, build)


def add_kader(doc, build) -> None:
    """For the theoretical frame of the inleiding: two level-3 subsections on the organisation
    models and the positioning of sociale (wijk)teams, each with a table of the national shares."""
    modellen = build.study.instruments.organisatiemodellen
    for title, intro, items, n, find in (
        ("Organisatiemodellen van sociale (wijk)teams",
         "Gemeenten richten hun sociale (wijk)teams verschillend in. Het verschil zit vooral in de breedte van "
         "de vragen die een team oppakt en in hoe teams naast of achter elkaar staan. De tabel geeft de modellen "
         "en hoeveel gemeenten er volgens {bron} voor kozen.",
         modellen.organisatiemodellen, modellen.organisatiemodellen_n, "organisatiemodel"),
        ("Positionering van sociale (wijk)teams",
         "Naast de inrichting verschilt ook wie het team in beheer heeft: de gemeente zelf of een of meer "
         "organisaties waaraan zij het team uitbesteedt. De tabel geeft de vier vormen en hoeveel gemeenten er "
         "volgens {bron} voor kozen.",
         modellen.positioneringen, modellen.positioneringen_n, "positionering"),
    ):
        doc.heading(title, 3)
        doc.paragraph(intro.format(bron=modellen.bron_kort)).paragraph_format.keep_with_next = True
        table = pd.DataFrame({
            "Model": [("anders" if i.code.lower() == "anders" else i.code) for i in items],
            "Omschrijving": [f"{i.naam}. {i.omschrijving}" for i in items],
            "Aandeel gemeenten": [f"{round(100 * i.aandeel):d}%" if i.aandeel is not None else "niet in de bron"
                                  for i in items],
        })
        responded = f"; {n} gemeenten gaven antwoord" if n else ""
        doc.table(table, f"{title}: aandeel van de gemeenten per model ({modellen.bron_kort}{responded})",
                  widths_cm=[1.8, 12.0, 2.6])
        doc.paragraph(f"Bron: {modellen.bron.strip()}", style="Caption")
        chosen = [f"{g} ({label})" for g in build.study.context.volgorde
                  if (label := _chosen(build.study.context.van(g), find, modellen))]
        if chosen:
            doc.paragraph("In dit onderzoek: " + ", ".join(chosen) + ".")


def _chosen(g, find: str, modellen) -> str | None:
    if find == "organisatiemodel":
        item = modellen.organisatiemodel(g.organisatiemodel) if g.organisatiemodel else None
        return model_name(item) if item else None
    item = modellen.positionering(g.positionering) if g.positionering else None
    return f"positionering {item.code}" if item else None
