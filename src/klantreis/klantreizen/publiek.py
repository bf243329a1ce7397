"""The klantreizen in the public version (B1): per municipality how residents experienced the
steps (one simple picture), the three hardest moments and what residents value most.

Short sentences, everyday words. The numbers are the meta-analysis' own, with its privacy
rules: a group below the study's minimum gets no numbers here either.
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import geheel
from . import figures


def prepare(build) -> dict:
    """Start the simple picture of every municipality with numbers in the render pool."""
    study, meta = build.study, build.analysis("klantreizen")
    curve = study.settings.curve
    per = meta.stappen_per_gemeente
    figs = {}
    for gemeente in study.settings.gemeenten:
        part = per[per["groep"] == gemeente]
        if len(part) and not part["onderdrukt"].all():
            figs[gemeente] = build.pool.submit(figures.simple_bars, part, curve.min, curve.max)
    return figs


def add(report, build, figs: dict, gemeente: str | None = None) -> None:
    study, meta = build.study, build.analysis("klantreizen")
    report.heading("Wat inwoners vertellen", 2)
    sizes = meta.groepsgrootte.set_index("groep")
    if gemeente not in sizes.index:
        report.paragraph(f"In {gemeente} hebben we (nog) geen inwoners gesproken.")
        return
    n = int(sizes.loc[gemeente, "interviews"])
    if bool(sizes.loc[gemeente, "onderdrukt"]):
        report.paragraph(f"In {gemeente} spraken we met minder dan {study.min_group} inwoners. Daarom geven we hier "
                         "geen cijfers. Zo blijft iedereen onherkenbaar. Wat zij vertelden, telt wel mee in het "
                         "hele onderzoek.")
        return
    report.paragraph(f"We spraken met {geheel(n)} inwoners van {gemeente}. Zij vertelden hoe hun weg naar hulp ging. "
                     "Bij elke stap zeiden ze hoe dat voelde: van heel negatief tot heel positief.")
    part = meta.stappen_per_gemeente
    part = part[part["groep"] == gemeente].sort_values("volgorde")
    shown = part[~part["onderdrukt"].astype(bool) & part["gemiddelde"].notna()]
    lowest = shown.sort_values(["gemiddelde", "volgorde"]).head(3)
    labels = study.settings.curve.labels
    report.heading("De drie moeilijkste momenten", 3)
    if len(lowest):
        report.paragraph("Hier waren inwoners het minst tevreden:")
        report.bullets([f"{row.stap_naam}: gemiddeld {_word(row.gemiddelde, labels)}." for row in lowest.itertuples()])
    else:
        report.paragraph("Bij geen enkele stap waren genoeg antwoorden om iets te zeggen.")
    report.heading("Wat inwoners belangrijk vinden", 3)
    values = meta.waarden_per_gemeente
    values = values[(values["groep"] == gemeente) & ~values["onderdrukt"].astype(bool)].sort_values("rang").head(3)
    if len(values):
        report.paragraph("Inwoners kozen uit een lijst wat voor hen het zwaarst weegt bij hulp. Het vaakst gekozen:")
        report.bullets([f"{row.label}: {geheel(int(row.aantal))} van de {geheel(n)} inwoners." for row in values.itertuples()])
    else:
        report.paragraph(f"Inwoners kozen ook wat voor hen het zwaarst weegt bij hulp. Geen enkele keuze werd door "
                         f"{study.min_group} of meer inwoners van {gemeente} gemaakt. Daarom noemen we hier geen "
                         "keuzes: zo blijft iedereen onherkenbaar.")
    # The picture last: on a page of its own when it must, after the short lists (no half-empty page).
    if gemeente in figs:
        report.heading("Elke stap in een figuur", 3)
        report.paragraph("In de figuur staat elke stap als een balk. Een balk naar links is negatief. Een balk naar "
                         "rechts is positief.").paragraph_format.keep_with_next = True  # on the figure's page
        report.figure(figs[gemeente], alt_text=_alt_text(gemeente, shown, lowest, labels),
                      caption=f"Hoe inwoners van {gemeente} de stappen beleefden (gemiddeld)")


def _word(mean: float, labels: dict[int, str]) -> str:
    """The nearest word of the curve's scale ("negatief"), in lower case."""
    nearest = min(labels, key=lambda point: (abs(point - float(mean)), point))
    return labels[nearest].lower()


def _alt_text(gemeente: str, shown: pd.DataFrame, lowest: pd.DataFrame, labels: dict[int, str]) -> str:
    steps = "; ".join(f"{row.stap_naam}: {_word(row.gemiddelde, labels)}" for row in shown.itertuples())
    return (f"Staafdiagram: hoe inwoners van {gemeente} elke stap op weg naar hulp beleefden. Per stap: {steps}. "
            f"Het moeilijkst: {', '.join(lowest['stap_naam'])}.")
