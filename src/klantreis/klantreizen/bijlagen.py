"""Appendices: the individual curves that may be shown, and the codebook.

Which residents get their own curve (`shown_residents`) is a privacy rule, stated in the
method section too: only residents who consented to being quoted, only from a municipality
whose figures the report shows (at least the minimum interviewed and not hidden to protect a
smaller one), never with their municipality in the heading, and only while the residents left
out of every published group (all residents, a municipality, a step) number 0 or at least the
minimum, so the published averages minus the shown curves describe no small group.
"""

from __future__ import annotations

import pandas as pd

from . import figures
from ..schaduwreis.model import steps_table
from ..report.numbers import getal

MAX_CURVES = 60  # more than this: a note instead of a long appendix of pictures


def shown_residents(study, meta) -> list[str]:
    """The pseudonyms whose individual curve may appear, in order (see the module docstring)."""
    m = study.min_group
    resp = meta.tabellen["respondenten"]
    per = meta.stappen_per_gemeente
    summary = meta.afwijkingen_samenvatting
    hidden_groups = set(per.loc[per["afgeschermd"].astype(bool), "groep"]) | \
        set(summary.loc[summary["onderdrukt"].astype(bool), "groep"])
    sizes = resp.groupby("gemeente")["respondent"].nunique()
    open_groups = {g for g, n in sizes.items() if n >= m and g not in hidden_groups}
    shown = set(resp.loc[resp["toestemming_citaten"].astype(bool) & resp["gemeente"].isin(open_groups), "respondent"])
    # The published groups: everyone, each shown municipality, and each published step cell.
    cells: list[set[str]] = [set(resp["respondent"])]
    cells += [set(resp.loc[resp["gemeente"] == g, "respondent"]) for g in sorted(open_groups)]
    scored = meta.tabellen["stappen"].dropna(subset=["score"])
    by_step = scored.groupby("stap")["respondent"].agg(set).to_dict()
    by_cell = scored.groupby(["stap", "gemeente"])["respondent"].agg(set).to_dict()
    total = meta.stappen_totaal
    cells += [by_step.get(step, set()) for step in total.loc[~total["onderdrukt"].astype(bool), "stap"]]
    cells += [by_cell.get((r.stap, r.groep), set()) for r in per[~per["onderdrukt"].astype(bool)].itertuples()]
    if meta.soorten is not None:  # and each published cell of the comparison per kind of step
        by_kind = scored.groupby(["soort", "gemeente"])["respondent"].agg(set).to_dict()
        kinds = meta.soorten
        cells += [by_kind.get((r.soort, r.groep), set()) for r in kinds[~kinds["onderdrukt"].astype(bool)].itertuples()]
    changed = True
    while changed and shown:
        changed = False
        for cell in cells:
            left_out = cell - shown
            if 0 < len(left_out) < m:
                # leave out more residents of this cell until the left-out ones reach the minimum
                for r in sorted(cell & shown, reverse=True)[: m - len(left_out)]:
                    shown.discard(r)
                changed = True
    return sorted(shown)


def prepare(build) -> dict:
    """Start drawing the individual curves that may be shown in the figure pool."""
    study, meta, pool = build.study, build.analysis("klantreizen"), build.pool
    shown = shown_residents(study, meta)
    if len(shown) > MAX_CURVES:
        return {"inwoners": shown, "curven": {}}
    curve = study.settings.curve
    designed = _designed_per_resident(study, meta)
    path, steps = meta.tabellen["pad"], meta.tabellen["stappen"]
    unknown = steps[steps["gebeurd"] == "niet besproken"]
    return {"inwoners": shown, "curven": {
        r: pool.submit(figures.individual_curve, path[path["respondent"] == r], designed[r], curve.min, curve.max,
                       curve.labels, not_discussed=list(unknown.loc[unknown["respondent"] == r, "stap"]))
        for r in shown}}


def _designed_per_resident(study, meta) -> dict[str, pd.DataFrame]:
    """Each resident's designed steps: the journey of his or her own municipality."""
    from ..schaduwreis import schaduwreis_van

    resp = meta.tabellen["respondenten"]
    tables = {g: steps_table(schaduwreis_van(study, g)) for g in dict.fromkeys(resp["gemeente"])}
    return {r: tables[g] for r, g in zip(resp["respondent"], resp["gemeente"])}


def add_curves(report, build, prepared: dict) -> None:
    study, meta = build.study, build.analysis("klantreizen")
    designed = _designed_per_resident(study, meta)
    path = meta.tabellen["pad"]
    m = study.min_group
    report.appendix("Individuele belevingscurven")
    report.paragraph(
        "Per inwoner de reis zoals die werd beleefd, tegen de stappen van de schaduwreis van zijn of haar "
        "gemeente. Een ruit is "
        "een extra stap of een lus terug; een kruis op de nullijn is een stap die de inwoner niet "
        "heeft doorlopen, een vraagteken een stap die in het interview niet ter sprake kwam. Inwoners staan hier alleen met hun pseudoniem, zonder gemeente. " + curves_rule(m))
    curves = prepared["curven"]
    if not curves:
        n = len(prepared["inwoners"])
        report.paragraph(
            f"Het rapport bevat {n} interviews waarvan de curve getoond mag worden; zoveel afzonderlijke "
            f"figuren (meer dan {MAX_CURVES}) maken het rapport onleesbaar. De gemiddelde curven staan in het "
            "hoofdstuk over de klantreizen." if n else
            "Volgens deze regel kan hier geen enkele curve staan zonder dat een kleine groep herkenbaar wordt. "
            "De gemiddelde curven staan in het hoofdstuk over de klantreizen.")
        return
    for respondent in curves:
        own = path[path["respondent"] == respondent]
        report.heading(f"Inwoner {respondent}", 2)
        report.figure(curves[respondent], alt_text=_alt(respondent, own, designed[respondent]),
                      caption=f"Belevingscurve van {respondent}.", width_cm=15)


def curves_rule(min_group: int) -> str:
    """The appendix rule in words, for the appendix and the method section."""
    return (f"Een individuele curve staat alleen in het rapport als de inwoner toestemming gaf voor citaten en "
            f"in een gemeente woont waarvan het rapport cijfers toont (minstens {min_group} interviews, niet "
            "afgeschermd). Bovendien blijven van elke groep waarover het rapport een gemiddelde geeft (alle "
            f"inwoners, een gemeente, een stap) ofwel niemand ofwel minstens {min_group} inwoners buiten deze "
            "bijlage, zodat niemand uit het gemiddelde en de getoonde curven de cijfers van een kleine groep kan "
            f"uitrekenen. Bij meer dan {MAX_CURVES} zulke inwoners staan de curven niet in het rapport.")


def add_codebook(report, build, prepared=None) -> None:
    study = build.study
    report.appendix("Codeboek")
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
