"""The schaduwreis in the report: per municipality "De toegang zoals bedoeld" (its journey as
a map and a table), and in the comparison chapter the journeys side by side on the kinds of
step they share."""

from __future__ import annotations

import re

import pandas as pd

from . import figures, schaduwreis_van
from .model import kinds_table, steps_table

NO_STEP = "–"


def add_gemeente(report, build, prepared=None, gemeente: str | None = None) -> None:
    """Section in the chapter of `gemeente` (headings from level 2): its journey as designed."""
    study = build.study
    reis = schaduwreis_van(study, gemeente)
    steps = steps_table(reis)
    key = ", ".join(steps.loc[steps["sleutelmoment"], "stap_naam"])
    report.heading("De toegang zoals bedoeld", 2)
    shared = gemeente is not None and reis.gemeente is None and len(study.settings.gemeenten) > 1
    report.paragraph(
        (f"De toegang in {gemeente} is beschreven in de schaduwreis ‘{reis.naam}’"
         if gemeente else f"De schaduwreis ‘{reis.naam}’ beschrijft de toegang")
        + (", die voor alle gemeenten van dit onderzoek geldt" if shared else "")
        + f": de route zoals die op papier bedoeld is (bron: {reis.bron}).")
    report.paragraph(reis.toelichting)
    report.paragraph(
        f"De reis telt {len(reis.fasen)} fasen en {len(steps)} stappen. Bij de reis zijn "
        f"{len(reis.actors)} partijen betrokken: {', '.join(reis.actors)}. Sleutelmomenten zijn de "
        f"stappen waarop het verloop van de reis vooral wordt bepaald: {key}.")
    where = f" in {gemeente}" if gemeente else ""
    # The table first: it fills the portrait page of the text; the map then gets a landscape page.
    # Labels from the vocabulary, never the codes; short (before any " (" or " / ") so the rows stay
    # low; the sleutelmoment as a star by the step, so the table fits the width of a portrait page.
    channels = {k: re.split(r" \(| / ", v)[0] for k, v in study.instruments.vocabulaire.kanalen.items()}
    table = pd.DataFrame({
        "Nr.": steps["volgorde"],
        "Stap (★ = sleutelmoment)": [n + (" ★" if k else "") for n, k in zip(steps["stap_naam"], steps["sleutelmoment"])],
        "Wie": steps["actor"],
        "Kanalen": [", ".join(channels.get(k, k) for k in stap.kanalen) for stap in reis.steps],
        "Wetten": steps["wetten"]})
    report.table(table, f"Stappen van de schaduwreis{where}", widths_cm=[1.0, 5.0, 3.2, 4.3, 2.5])
    report.landscape()  # the journey map needs the width of a landscape page
    report.figure(build.pool.submit(figures.journey_map, steps), alt_text=(
        f"Reiskaart van de schaduwreis{where} met {len(steps)} stappen van links naar rechts, verdeeld over "
        f"{len(reis.fasen)} fasen en {len(reis.actors)} rijen, één per betrokken partij "
        f"({', '.join(reis.actors)}). Sleutelmomenten zijn gemarkeerd met een ster: {key}."),
        caption=f"De schaduwreis{where}. Elke rij is een betrokken partij; een ster en dikke rand geven een "
                "sleutelmoment aan.")
    report.landscape(False)


def comparison_table(study) -> pd.DataFrame:
    """Soort × gemeente: the steps of that kind in each journey (★ after a sleutelmoment), "–"
    when the journey has no such step. Rows in the order of the kinds in topiclijst.yaml."""
    guide = study.instruments.topiclijst
    reizen = study.parts.get("schaduwreizen") or {}
    kinds = kinds_table(reizen, guide)
    key_steps = {(g, s.naam) for g, r in reizen.items() for s in r.steps if s.sleutelmoment}
    cells = kinds.assign(cel=[", ".join(n + (" ★" if (g, n) in key_steps else "") for n in names) or NO_STEP
                              for g, names in zip(kinds["gemeente"], kinds["stappen"])])
    table = cells.pivot(index=["soort", "soort_naam"], columns="gemeente", values="cel")
    order = list(dict.fromkeys(kinds["soort"]))
    table = table.reset_index().set_index("soort").loc[order].reset_index(drop=True)
    table.columns.name = None
    return table.rename(columns={"soort_naam": "Soort stap"})[["Soort stap", *reizen]]


def add_vergelijking(report, build, prepared=None) -> None:
    """Section in the comparison chapter (headings from level 2): the journeys compared on the
    kinds of step they share."""
    study = build.study
    reizen = study.parts.get("schaduwreizen") or {}
    report.heading("De bedoelde reizen naast elkaar", 2)
    if len({id(r) for r in reizen.values()}) <= 1:
        report.paragraph("Alle gemeenten in dit onderzoek hebben dezelfde schaduwreis; de bedoelde toegang "
                         "verschilt op papier dus niet tussen de gemeenten.")
        return
    table = comparison_table(study)
    counts = {g: len(r.steps) for g, r in reizen.items()}
    report.paragraph(
        "Elke gemeente heeft haar eigen schaduwreis: "
        + "; ".join(f"{g} {counts[g]} stappen, waarvan {sum(s.sleutelmoment for s in r.steps)} sleutelmomenten"
                    for g, r in reizen.items())
        + ". Om de reizen te vergelijken, heeft elke stap een soort (zoals het eerste contact, het gesprek of "
          "het besluit). De tabel zet per soort de stappen van elke gemeente naast elkaar; een streep betekent "
          "dat die soort stap in de reis van die gemeente niet voorkomt.")
    missing = {g: [r["Soort stap"] for _, r in table.iterrows() if r[g] == NO_STEP] for g in reizen}
    differences = [f"{g} heeft geen stap van de soort {', '.join(s.lower() for s in kinds)}"
                   for g, kinds in missing.items() if kinds]
    if differences:
        report.paragraph("Verschillen: " + "; ".join(differences) + ".")
    width = (report.text_width_cm - 4.0) / max(len(reizen), 1)
    report.table(table, "Stappen per soort en gemeente (★ = sleutelmoment)",
                 widths_cm=[4.0] + [width] * len(reizen))
