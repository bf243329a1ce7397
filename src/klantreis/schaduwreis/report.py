"""The schaduwreis: the journey as designed, as a map and as a table."""

from __future__ import annotations

import re

from . import figures
from .model import steps_table


def add(report, build, prepared=None) -> None:
    reis = build.study.schaduwreis
    steps = steps_table(reis)
    report.heading("De schaduwreis: de toegang zoals bedoeld", 1)
    report.paragraph(reis.toelichting)
    report.paragraph(
        f"De schaduwreis telt {len(reis.fasen)} fasen en {len(steps)} stappen. Bij de reis zijn "
        f"{len(reis.actors)} partijen betrokken: {', '.join(reis.actors)}. Sleutelmomenten zijn de "
        "stappen waarop het verloop van de reis vooral wordt bepaald: "
        + ", ".join(steps.loc[steps["sleutelmoment"], "stap_naam"]) + ".")
    report.landscape()  # the journey map needs the width of a landscape page
    ax = figures.journey_map(steps)
    key = ", ".join(steps.loc[steps["sleutelmoment"], "stap_naam"])
    report.figure(ax, alt_text=(
        f"Reiskaart van de schaduwreis met {len(steps)} stappen van links naar rechts, verdeeld over "
        f"{len(reis.fasen)} fasen en {len(reis.actors)} rijen, één per betrokken partij "
        f"({', '.join(reis.actors)}). Sleutelmomenten zijn gemarkeerd met een ster: {key}."),
        caption="De schaduwreis. Elke rij is een betrokken partij; een ster en dikke rand geven een "
                "sleutelmoment aan.")
    # Labels from the vocabulary, never the codes; short (before any " (" or " / ") so the rows stay low.
    channels = {k: re.split(r" \(| / ", v)[0] for k, v in build.study.instruments.vocabulaire.kanalen.items()}
    steps = steps.assign(kanalen=[", ".join(channels.get(k, k) for k in stap.kanalen) for stap in reis.steps])
    # Without the phase (the bands of the map show it), so the table fits one landscape page.
    table = steps[["volgorde", "stap_naam", "actor", "kanalen", "wetten", "sleutelmoment"]].rename(
        columns={"volgorde": "Nr.", "stap_naam": "Stap", "actor": "Wie",
                 "kanalen": "Kanalen", "wetten": "Wetten", "sleutelmoment": "Sleutelmoment"})
    report.table(table, "Stappen van de schaduwreis")
    report.landscape(False)
