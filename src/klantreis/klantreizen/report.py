"""Findings of the individual klantreizen and the meta-analysis.

Sentences here only describe the numbers (which step scores lowest, how often residents
deviated); interpretations belong to the researchers' own text in `teksten/`.
"""

from __future__ import annotations

import pandas as pd

from . import figures
from .citaten import select_quotes, selection_rule
from .meta_analyse import ALL, residents_per_theme
from ..report.numbers import getal, n_label, n_labels, procent, stuks

STATS_FORMATS = {"Gem.": "{:+.1f}", "Med.": "{:+.1f}", "Sd": "{:.1f}", "% neg.": "{:.0%}"}
MAX_DEVIATION_ROWS = 12


def prepare(build) -> dict:
    """Start drawing this chapter's figures in the pool; `add` collects them (PNG futures)."""
    study, meta, pool = build.study, build.analysis("klantreizen"), build.pool
    curve = study.settings.curve
    figs = {"totaal": pool.submit(figures.aggregated_curve, meta.stappen_totaal, curve.min, curve.max, curve.labels,
                                  min_group=study.min_group)}
    per = meta.stappen_per_gemeente
    for gemeente in study.settings.gemeenten:
        part = per[per["groep"] == gemeente]
        if len(part) and not part["onderdrukt"].all():
            figs[gemeente] = pool.submit(figures.aggregated_curve, part, curve.min, curve.max, curve.labels,
                                         min_group=study.min_group)
    if (~meta.waarden["onderdrukt"]).any():
        figs["waarden"] = pool.submit(figures.values_bars, meta.waarden)
    if not meta.themas.empty:
        figs["themas"] = pool.submit(figures.themes_heatmap, meta.themas, study.instruments.code_labels,
                                     {s.id: s.naam for s in study.schaduwreis.steps}, min_group=study.min_group)
    return figs


def add(report, build, figs: dict) -> None:
    study, meta = build.study, build.analysis("klantreizen")
    report.heading("De klantreizen: de toegang zoals ervaren", 1)
    if not len(meta.tabellen["respondenten"]):
        report.paragraph("Er zijn nog geen interviews ingevoerd; daarom zijn er nog geen bevindingen.")
        return
    _experience(report, study, meta, figs)
    _lowest(report, study, meta)
    _designed_vs_experienced(report, study, meta)
    _values(report, study, meta, figs)
    _themes(report, study, meta, figs)


def _experience(report, study, meta, figs) -> None:
    curve = study.settings.curve
    total = meta.stappen_totaal
    report.heading("Beleving per stap", 2)
    shown = total[~total["onderdrukt"]]
    if len(shown):
        low = shown.loc[shown["gemiddelde"].astype(float).idxmin()]
        high = shown.loc[shown["gemiddelde"].astype(float).idxmax()]
        report.paragraph(
            f"Over alle gemeenten samen is de beleving het laagst bij ‘{low['stap_naam']}’ (gemiddeld "
            f"{getal(float(low['gemiddelde']), sign=True)}, n={low['n']}) en het hoogst bij ‘{high['stap_naam']}’ "
            f"(gemiddeld {getal(float(high['gemiddelde']), sign=True)}, n={high['n']}). De schaal loopt van "
            f"{getal(curve.min, 0, sign=True)} ({curve.label(curve.min).lower()}) tot {getal(curve.max, 0, sign=True)} "
            f"({curve.label(curve.max).lower()}).")
    report.figure(figs["totaal"], alt_text=_curve_alt(total, "alle gemeenten"),
                  caption="Gemiddelde belevingscurve van alle geïnterviewde inwoners, met de middelste "
                          "helft van de scores als band en het aantal inwoners (n) per stap.")
    report.table(_stats_table(total, study.min_group), "Beleving per stap, alle gemeenten", STATS_FORMATS)
    per = meta.stappen_per_gemeente
    for gemeente in study.settings.gemeenten:
        part = per[per["groep"] == gemeente]
        if not len(part):
            continue
        report.heading(f"Beleving in {gemeente}", 3)
        if part["onderdrukt"].all():
            shielded = part["afgeschermd"].any()
            report.paragraph(
                (f"Voor {gemeente} staan hier geen cijfers, hoewel er genoeg inwoners zijn geïnterviewd: samen met "
                 "het totaal zouden ze de cijfers van een kleinere gemeente prijsgeven (‘afgeschermd’). "
                 if shielded else
                 f"In {gemeente} zijn minder dan {study.min_group} inwoners geïnterviewd of per stap gescoord. "
                 "Om hen niet herkenbaar te maken, staan hier geen cijfers. ")
                + "Hun ervaringen tellen wel mee in het totaal.")
            continue
        report.figure(figs[gemeente], alt_text=_curve_alt(part, gemeente),
                      caption=f"Belevingscurve in {gemeente}.")
        report.table(_stats_table(part, study.min_group), f"Beleving per stap in {gemeente}", STATS_FORMATS)


def _curve_alt(stats: pd.DataFrame, who: str) -> str:
    shown = stats[~stats["onderdrukt"]]
    points = "; ".join(f"{r.stap_naam}: {getal(float(r.gemiddelde), sign=True)} (n={r.n})"
                       for r in shown.itertuples())
    hidden = len(stats) - len(shown)
    extra = f" Bij {stuks(hidden, 'stap', 'stappen')} zijn te weinig inwoners om cijfers te tonen." if hidden else ""
    return f"Lijngrafiek van de gemiddelde beleving per stap voor {who}. {points}.{extra}"


def _stats_table(stats: pd.DataFrame, min_group: int) -> pd.DataFrame:
    stats = stats.assign(n=n_labels(stats, "n", min_group))
    return stats[["volgorde", "stap_naam", "sleutelmoment", "n", "gemiddelde", "mediaan", "sd",
                  "aandeel_negatief"]].rename(columns={
        "volgorde": "Nr.", "stap_naam": "Stap", "sleutelmoment": "Sleutel­moment", "n": "n",
        "gemiddelde": "Gem.", "mediaan": "Med.", "sd": "Sd", "aandeel_negatief": "% neg."})


def _lowest(report, study, meta) -> None:
    report.heading("Dieptepunten en sleutelmomenten", 2)
    low = meta.dieptepunten
    shown = low[~low["onderdrukt"]]
    if not len(shown):
        report.paragraph(f"Te weinig inwoners (n<{study.min_group}) om dieptepunten te tonen.")
        return
    n_group = int(shown["n_groep"].iloc[0])
    key_hits = shown[shown["sleutelmoment"]]
    report.paragraph(
        "Het dieptepunt van een inwoner is de stap met zijn of haar laagste score, als die onder neutraal "
        "ligt; wie nergens negatief scoorde, heeft geen dieptepunt. De tabel noemt alle stappen met een "
        "dieptepunt. "
        + (f"Van deze {stuks(len(shown), 'stap', 'stappen')} {'is' if len(key_hits) == 1 else 'zijn'} er "
           f"{len(key_hits)} een sleutelmoment ({', '.join(key_hits['stap_naam'])})." if len(key_hits) else
           "Geen van deze stappen is een sleutelmoment."))
    table = shown[["stap_naam", "sleutelmoment", "aantal", "aandeel"]].rename(columns={
        "stap_naam": "Stap", "sleutelmoment": "Sleutelmoment", "aantal": "Aantal inwoners",
        "aandeel": f"Aandeel (van {n_group})" if n_group else "Aandeel"})
    report.table(table, "Stappen waar inwoners hun dieptepunt beleefden", {table.columns[-1]: "{:.0%}"})
    report.paragraph(f"Stappen waar minder dan {study.min_group} inwoners hun dieptepunt beleefden, staan niet "
                     "in de tabel.")


def _designed_vs_experienced(report, study, meta) -> None:
    report.heading("Bedoeld en ervaren", 2)
    dve = meta.ontwerp_vs_ervaring
    summary = meta.afwijkingen_samenvatting
    overall = summary[summary["groep"] == ALL].iloc[0]
    if not overall["onderdrukt"]:
        report.paragraph(
            f"Bij {procent(float(overall['aandeel_met_afwijking']))} van de inwoners verliep de reis anders dan "
            "de schaduwreis beschrijft: een stap werd overgeslagen of ging anders, of de inwoner zette extra "
            f"stappen. Gemiddeld waren er {getal(float(overall['gem_professionals']))} professionals betrokken. "
            f"Inwoners moesten hun verhaal gemiddeld {getal(float(overall['gem_verhaal_opnieuw']))} keer "
            "opnieuw vertellen.")
    # The highest number belongs to one resident, so the kit never names it.
    kinds = ["ja", "anders", "nee", "niet besproken"]
    dve = dve.assign(**{k: [n_label(v, bool(h), False, study.min_group) for v, h in zip(dve[k], dve[f"{k}_onderdrukt"])]
                        for k in kinds})
    # the sleutelmoment as a star by the step: seven columns do not fit a portrait page
    dve = dve.assign(stap_naam=[n + (" ★" if k else "") for n, k in zip(dve["stap_naam"], dve["sleutelmoment"])])
    table = dve[["volgorde", "stap_naam", "ja", "anders", "nee", "niet besproken"]].rename(
        columns={"volgorde": "Nr.", "stap_naam": "Stap",
                 "ja": "Zoals bedoeld", "anders": "Anders", "nee": "Niet doorlopen",
                 "niet besproken": "Niet besproken"})
    report.table(table, "Hoe vaak inwoners elke stap doorliepen zoals bedoeld (aantal inwoners; ★ = sleutelmoment)")
    report.paragraph(f"Een aantal van 1 tot {study.min_group - 1} staat er als ‘n<{study.min_group}’; zou de rest van "
                     "de rij het uit te rekenen maken, dan staat ook het kleinste andere aantal er zo.")
    dev = meta.afwijkingen
    shown = dev[~dev["onderdrukt"]]
    shown = shown.head(MAX_DEVIATION_ROWS)
    if len(shown):
        names = {s.id: s.naam for s in study.schaduwreis.steps}
        kinds = {"overgeslagen": "Stap overgeslagen", "vervangen": "Stap ging anders",
                 "toegevoegd": "Extra stap na", "lus": "Terug naar eerdere stap"}
        table = pd.DataFrame({
            "Soort afwijking": shown["soort"].map(kinds),
            "Stap": shown["stap"].map(lambda s: names.get(s, "(begin van de reis)") if isinstance(s, str) else "(begin van de reis)"),
            "Aantal inwoners": shown["aantal"], "Aandeel": shown["aandeel"]})
        report.table(table, "Meest voorkomende afwijkingen van de schaduwreis", {"Aandeel": "{:.0%}"})
        report.paragraph(f"Andere afwijkingen kwamen minder vaak voor; afwijkingen van minder dan "
                         f"{study.min_group} inwoners staan er niet in.")
    per_gemeente = summary[summary["groep"] != ALL]
    if len(per_gemeente):
        # the number of interviews is a fact of the design (as in the method section)
        sizes = meta.groepsgrootte.set_index("groep")["interviews"]
        per_gemeente = per_gemeente.assign(n_groep=per_gemeente["groep"].map(sizes).astype(int))
        table = per_gemeente[["groep", "n_groep", "aandeel_met_afwijking", "gem_professionals",
                              "gem_verhaal_opnieuw"]].rename(columns={
            "groep": "Gemeente", "n_groep": "Interviews", "aandeel_met_afwijking": "Met afwijking",
            "gem_professionals": "Professionals (gem.)", "gem_verhaal_opnieuw": "Verhaal opnieuw (gem.)"})
        report.table(table, "Afwijkingen, professionals en opnieuw vertellen per gemeente",
                     {"Met afwijking": "{:.0%}", "Professionals (gem.)": "{:.1f}",
                      "Verhaal opnieuw (gem.)": "{:.1f}"})


def _values(report, study, meta, figs) -> None:
    report.heading("Wat inwoners belangrijk vinden", 2)
    ranking = meta.waarden
    shown = ranking[~ranking["onderdrukt"]]
    if not len(shown):
        report.paragraph(f"Te weinig inwoners (n<{study.min_group}) om de waarden te tonen.")
        return
    top = shown[shown["rang"] <= 3]
    report.paragraph(
        f"Inwoners kozen op de waardenkaart hoogstens {study.instruments.waardenkaart.max_keuzes} waarden. "
        "Het vaakst gekozen: " + "; ".join(f"{r.label} ({int(r.aantal)}×)" for r in top.itertuples()) + ".")
    report.figure(figs["waarden"], alt_text="Staafdiagram van het aantal inwoners per gekozen waarde: " + "; ".join(
        f"{r.label} {int(r.aantal)}" for r in shown.itertuples()) + ".",
        caption="Waarden die inwoners het belangrijkst vinden (aantal inwoners).", width_cm=13)
    report.paragraph(f"Waarden die minder dan {study.min_group} inwoners kozen, staan niet in de figuur.")


def _themes(report, study, meta, figs) -> None:
    report.heading("Thema's in de klantreizen", 2)
    matrix = meta.themas
    if matrix.empty:
        report.paragraph("Er zijn geen thema's gecodeerd.")
        return
    labels = study.instruments.code_labels
    names = {s.id: s.naam for s in study.schaduwreis.steps}
    m = study.min_group
    # Cells of 1 to min-1 residents are not shown (they would point at a few residents), so the
    # order of the themes only counts the cells that are shown; a theme's number of distinct
    # residents is named only from the minimum up.
    shown_matrix = matrix.where(matrix >= m, 0)
    ranked = shown_matrix.sum(axis=1).sort_values(ascending=False)
    residents = residents_per_theme(meta.tabellen["themas"])
    n_all = len(meta.tabellen["respondenten"])
    top = [labels.get(c, c) + (f" ({int(residents.get(c, 0))} van de {n_all} inwoners)"
                               if residents.get(c, 0) >= m else "")
           for c, v in ranked.head(3).items() if v]
    report.paragraph(
        "Onderzoekers hebben uitspraken per stap gecodeerd met het codeboek. De figuur laat zien bij "
        f"welke stappen een thema naar voren kwam (aantal inwoners; een vakje met 1 tot {m - 1} inwoners staat er "
        f"als ‘<{m}’)." + (" Het vaakst: " + "; ".join(top) + "." if top else ""))
    cells = [(c, s, int(v)) for (c, s), v in shown_matrix.stack().items() if v]
    cells.sort(key=lambda x: -x[2])
    report.figure(figs["themas"], alt_text="Warmtekaart van thema's (rijen) tegen stappen (kolommen). Grootste "
                  "aantallen: " + "; ".join(f"{labels.get(c, c)} bij {names.get(s, s)}: {v}"
                                            for c, s, v in cells[:8]) + ".",
                  caption="Thema's per stap: aantal inwoners bij wie het thema bij die stap naar voren kwam.")
    quotes = meta.citaten
    if len(quotes):
        report.heading("Uitspraken van inwoners per thema", 3)
        report.paragraph("Alleen uitspraken van inwoners die daar toestemming voor gaven; "
                         "persoonsgegevens zijn verwijderd. " + selection_rule())
        chosen = select_quotes(quotes, list(residents.reindex(matrix.index).fillna(0).sort_values(ascending=False).index))
        for code in dict.fromkeys(chosen["code"]):
            part = chosen[chosen["code"] == code]
            report.paragraph(labels.get(code, code), bold=True).paragraph_format.keep_with_next = True
            for r in part.itertuples():
                report.quote(r.tekst, f"{r.respondent}, {r.gemeente}, bij ‘{r.stap_naam}’")
