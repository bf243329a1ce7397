"""Appendices: every resident's individual curve, and the codebook."""

from __future__ import annotations

import pandas as pd

from . import figures
from ..schaduwreis.model import steps_table
from ..report.numbers import getal


def prepare(build) -> dict:
    """Start drawing every individual curve in the figure pool; `add` collects them later."""
    study, meta, pool = build.study, build.analysis("klantreizen"), build.pool
    curve = study.settings.curve
    designed = steps_table(study.schaduwreis)
    path, steps = meta.tabellen["pad"], meta.tabellen["stappen"]
    unknown = steps[steps["gebeurd"] == "niet besproken"]
    return {r: pool.submit(figures.individual_curve, path[path["respondent"] == r], designed, curve.min, curve.max,
                           curve.labels, not_discussed=list(unknown.loc[unknown["respondent"] == r, "stap"]))
            for r in sorted(meta.tabellen["respondenten"]["respondent"])}


def add_curves(report, build, curves: dict) -> None:
    study, meta = build.study, build.analysis("klantreizen")
    designed = steps_table(study.schaduwreis)
    path = meta.tabellen["pad"]
    resp = meta.tabellen["respondenten"]
    report.heading("Bijlage A. Individuele belevingscurven", 1)
    report.paragraph(
        "Per inwoner de reis zoals die werd beleefd, tegen de stappen van de schaduwreis. Een ruit is "
        "een extra stap of een lus terug; een kruis op de nullijn is een stap die de inwoner niet "
        "heeft doorlopen, een vraagteken een stap die in het interview niet ter sprake kwam. Inwoners staan hier alleen met hun pseudoniem.")
    for r in resp.sort_values("respondent").itertuples():
        own = path[path["respondent"] == r.respondent]
        report.heading(f"{r.respondent} ({r.gemeente})", 2)
        report.figure(curves[r.respondent], alt_text=_alt(r.respondent, own, designed),
                      caption=f"Belevingscurve van {r.respondent}.", width_cm=15)


def add_codebook(report, build, prepared=None) -> None:
    study = build.study
    report.heading("Bijlage B. Codeboek", 1)
    codes = pd.DataFrame([{"Code": c.code, "Groep": c.groep, "Omschrijving": c.label}
                          for c in study.instruments.codeboek.codes])
    report.table(codes, "Codes voor thema's, kenmerken en perspectieven")


def _alt(respondent: str, own: pd.DataFrame, designed: pd.DataFrame) -> str:
    lived = own.sort_values("positie")
    steps = "; ".join(f"{row.naam}: {'geen score' if pd.isna(row.score) else getal(row.score, 0)}"
                      for row in lived.itertuples())
    skipped = designed.loc[~designed["stap"].isin(set(lived["stap"].dropna())), "stap_naam"].tolist()
    text = f"Belevingscurve van {respondent}, stappen in de volgorde waarin ze werden beleefd: {steps}."
    if skipped:
        text += f" Niet doorlopen: {', '.join(skipped)}."
    return text
