"""Findings of the individual klantreizen and the meta-analysis: per municipality "Ervaringen
van inwoners" along its own journey (`add_gemeente`), and in the comparison chapter the
experience per kind of step across the municipalities, deviations, values and themes
(`add_vergelijking`).

Sentences here only describe the numbers (which step scores lowest, how often residents
deviated); interpretations belong to the researchers' own text in `teksten/`.
"""

from __future__ import annotations

import pandas as pd

from . import figures
from .citaten import select_quotes, selection_rule
from .meta_analyse import ALL, residents_per_theme, themes_by_steps
from ..schaduwreis import schaduwreis_van
from ..report.numbers import getal, n_label, n_labels, procent, stuks
from ..teksten import named_gemeenten

STATS_FORMATS = {"Gem.": "{:+.1f}", "Med.": "{:+.1f}", "Sd": "{:.1f}", "% neg.": "{:.0%}"}
# Room for "afgeschermd" in the n column on one line.
STATS_WIDTHS = [1.0, 6.4, 2.6, 1.5, 1.5, 1.3, 1.6]


def prepare_gemeente(build) -> dict:
    """Start drawing the curve of every municipality with numbers in the pool; `add_gemeente`
    collects them (PNG futures)."""
    study, meta, pool = build.study, build.analysis("klantreizen"), build.pool
    curve = study.settings.curve
    figs = {}
    per = meta.stappen_per_gemeente
    for gemeente in study.settings.gemeenten:
        part = per[per["groep"] == gemeente]
        if len(part) and not part["onderdrukt"].all():
            figs[gemeente] = pool.submit(figures.aggregated_curve, part, curve.min, curve.max, curve.labels,
                                         min_group=study.min_group)
    return figs


def prepare_vergelijking(build) -> dict:
    """Start drawing the figures of the comparison in the pool (PNG futures)."""
    study, meta, pool = build.study, build.analysis("klantreizen"), build.pool
    curve = study.settings.curve
    figs = {}
    if not _per_gemeente(study) and len(named_gemeenten(study.settings)) > 1:  # one: its own chapter has it
        figs["totaal"] = pool.submit(figures.aggregated_curve, meta.stappen_totaal, curve.min, curve.max,
                                     curve.labels, min_group=study.min_group)
    kinds = meta.soorten
    if kinds is not None and (~kinds["onderdrukt"].astype(bool)).any():
        figs["soorten"] = pool.submit(figures.kinds_dotplot, kinds, _kind_names(study), list(study.settings.gemeenten),
                                      curve.min, curve.max)
    if (~meta.waarden["onderdrukt"]).any():
        figs["waarden"] = pool.submit(figures.values_bars, meta.waarden)
    matrix, names = _theme_matrix(study, meta)
    if not matrix.empty:
        figs["themas"] = pool.submit(figures.themes_heatmap, matrix, study.instruments.code_labels, names,
                                     min_group=study.min_group)
    return figs


def _per_gemeente(study) -> bool:
    from ..schaduwreis import per_gemeente

    return per_gemeente(study)


def _kind_names(study) -> dict[str, str]:
    return {k.id: k.naam for k in study.instruments.topiclijst.soorten}


def _theme_matrix(study, meta) -> tuple[pd.DataFrame, dict[str, str]]:
    """Themes × steps for one shared journey; themes × kinds of step when every municipality has
    its own journey (the steps differ, the kinds are what they share)."""
    if not _per_gemeente(study):
        return meta.themas, {s.id: s.naam for s in study.schaduwreis.steps}
    steps = meta.tabellen["stappen"]
    kind = {(g, st): k for g, st, k in zip(steps["gemeente"], steps["stap"], steps["soort"])}
    themas = meta.tabellen["themas"]
    themas = themas.assign(stap=[kind.get((g, st), "extra stappen") for g, st in zip(themas["gemeente"], themas["stap"])])
    order = [k.id for k in study.instruments.topiclijst.soorten]
    codes = [c.code for c in study.instruments.codeboek.codes]
    return themes_by_steps(themas, order, codes), _kind_names(study)


def _too_few(report, study, gemeente: str) -> None:
    report.paragraph(
        f"In {gemeente} zijn minder inwoners geïnterviewd dan de ondergrens van {study.min_group} die dit onderzoek "
        "voor cijfers aanhoudt. Om hen niet herkenbaar te maken, staan hier geen cijfers: geen beleving per stap, "
        "geen dieptepunten en geen aantallen. Hun ervaringen tellen wel mee in de thema's en, als zij daarvoor "
        "toestemming gaven, in de uitspraken van inwoners.")


def add_gemeente(report, build, figs: dict, gemeente: str | None = None) -> None:
    """Section in the chapter of `gemeente` (headings from level 2): how its residents
    experienced its own journey, step by step, as far as the privacy rules allow numbers."""
    study, meta = build.study, build.analysis("klantreizen")
    report.heading("Ervaringen van inwoners", 2)
    sizes = meta.groepsgrootte.set_index("groep")
    if gemeente not in sizes.index:
        report.paragraph(f"In {gemeente} zijn (nog) geen inwoners geïnterviewd.")
        return
    if bool(sizes.loc[gemeente, "onderdrukt"]):
        _too_few(report, study, gemeente)
        return
    reis = schaduwreis_van(study, gemeente)
    report.paragraph(
        f"Inwoners van {gemeente} vertelden in een interview hoe zij de stappen van de schaduwreis"
        + (f" van {gemeente}" if _per_gemeente(study) else "")
        + f" ({len(reis.steps)} stappen) hebben beleefd, met per stap een score op de belevingscurve.")
    part = meta.stappen_per_gemeente
    part = part[part["groep"] == gemeente].reset_index(drop=True)
    _experience_of(report, study, part, figs.get(gemeente), gemeente)
    _lowest_of(report, study, meta, part, gemeente)
    _designed_vs_experienced_of(report, study, meta, gemeente)
    _values_of(report, study, meta, gemeente)


def _experience_of(report, study, part, fig, gemeente) -> None:
    curve = study.settings.curve
    report.heading("Beleving per stap", 3)
    if part["onderdrukt"].all():
        report.paragraph(
            f"Voor {gemeente} staan hier geen cijfers per stap, hoewel er genoeg inwoners zijn geïnterviewd: samen "
            "met de cijfers over alle gemeenten zouden ze de cijfers van een kleinere gemeente prijsgeven "
            "(‘afgeschermd’).")
        return
    shown = part[~part["onderdrukt"]]
    low = shown.loc[shown["gemiddelde"].astype(float).idxmin()]
    high = shown.loc[shown["gemiddelde"].astype(float).idxmax()]
    report.paragraph(
        f"In {gemeente} is de beleving het laagst bij ‘{low['stap_naam']}’ (gemiddeld "
        f"{getal(float(low['gemiddelde']), sign=True)}, n={low['n']}) en het hoogst bij ‘{high['stap_naam']}’ "
        f"(gemiddeld {getal(float(high['gemiddelde']), sign=True)}, n={high['n']}). De schaal loopt van "
        f"{getal(curve.min, 0, sign=True)} ({curve.label(curve.min).lower()}) tot {getal(curve.max, 0, sign=True)} "
        f"({curve.label(curve.max).lower()})."
        + (" Bij stappen met ‘afgeschermd’ staan geen cijfers, omdat ze samen met het totaal de cijfers van een "
           "kleinere gemeente zouden prijsgeven." if part["afgeschermd"].astype(bool).any() else ""))
    report.figure(fig, alt_text=_curve_alt(part, gemeente),
                  caption=f"Belevingscurve in {gemeente}: gemiddelde per stap, met de middelste helft van de scores "
                          "als band en het aantal inwoners (n) per stap"
                          + ("; ‘afg.’ = afgeschermd." if part["afgeschermd"].astype(bool).any() else "."))
    report.table(_stats_table(part, study.min_group), f"Beleving per stap in {gemeente} (★ = sleutelmoment)", STATS_FORMATS,
                 widths_cm=STATS_WIDTHS)


def _lowest_of(report, study, meta, part, gemeente) -> None:
    report.heading("Dieptepunten en sleutelmomenten", 3)
    m = study.min_group
    low = meta.dieptepunten_per_gemeente
    low = low[(low["groep"] == gemeente) & ~low["onderdrukt"].astype(bool)]
    text = ("Het dieptepunt van een inwoner is de stap met zijn of haar laagste score, als die onder neutraal "
            "ligt. ")
    if len(low):
        text += "Stappen waar minstens " + f"{m} inwoners hun dieptepunt beleefden: " + "; ".join(
            f"‘{r.stap_naam}’{' (sleutelmoment)' if r.sleutelmoment else ''}: {int(r.aantal)} inwoners"
            for r in low.itertuples()) + "."
    else:
        text += f"Bij geen enkele stap beleefden {m} of meer inwoners hun dieptepunt; kleinere aantallen noemt dit " \
                "rapport niet."
    report.paragraph(text)
    keys = part[part["sleutelmoment"].astype(bool)]
    if len(keys):
        report.paragraph("De sleutelmomenten van de reis: " + "; ".join(
            f"‘{r.stap_naam}’ " + (f"gemiddeld {getal(float(r.gemiddelde), sign=True)} (n={r.n})"
                                  if not r.onderdrukt else
                                  f"({n_label(r.n, True, bool(r.afgeschermd), m)}, geen cijfer)")
            for r in keys.itertuples()) + ".")


def _designed_vs_experienced_of(report, study, meta, gemeente) -> None:
    report.heading("Bedoeld en ervaren", 3)
    m = study.min_group
    summary = meta.afwijkingen_samenvatting
    own = summary[summary["groep"] == gemeente]
    if len(own) and not bool(own["onderdrukt"].iloc[0]):
        row = own.iloc[0]
        report.paragraph(
            f"Bij {procent(float(row['aandeel_met_afwijking']))} van de geïnterviewde inwoners van {gemeente} verliep "
            "de reis anders dan de schaduwreis beschrijft: een stap werd overgeslagen of ging anders, of de inwoner "
            f"zette extra stappen. Gemiddeld waren er {getal(float(row['gem_professionals']))} professionals "
            f"betrokken en moesten inwoners hun verhaal {getal(float(row['gem_verhaal_opnieuw']))} keer opnieuw "
            "vertellen.")
    dve = meta.ontwerp_vs_ervaring_per_gemeente
    dve = dve[dve["groep"] == gemeente].reset_index(drop=True)
    if not len(dve):
        return
    kinds = ["ja", "anders", "nee", "niet besproken"]
    counted = sum(int((dve[k].notna() & (dve[k].fillna(0) > 0)).sum()) for k in kinds)
    hidden = sum(int(dve[f"{k}_onderdrukt"].astype(bool).sum()) for k in kinds)
    if hidden > 2 * counted:
        # A table of mostly "n<5" tells the reader nothing: say why there is none.
        report.paragraph(f"Per stap zijn er in {gemeente} te weinig inwoners om te tonen hoe vaak zij een stap "
                         f"doorliepen zoals bedoeld, anders of niet: de meeste aantallen zouden onder {m} liggen.")
        return
    dve = dve.assign(**{k: [n_label(v, bool(h), False, m) for v, h in zip(dve[k], dve[f"{k}_onderdrukt"])]
                        for k in kinds})
    dve = dve.assign(stap_naam=[n + (" ★" if k else "") for n, k in zip(dve["stap_naam"], dve["sleutelmoment"])])
    table = dve[["volgorde", "stap_naam", *kinds]].rename(columns={
        "volgorde": "Nr.", "stap_naam": "Stap", "ja": "Zoals bedoeld", "anders": "Anders",
        "nee": "Niet doorlopen", "niet besproken": "Niet besproken"})
    report.table(table, f"Hoe vaak inwoners in {gemeente} elke stap doorliepen zoals bedoeld (aantal inwoners; "
                        "★ = sleutelmoment)")
    report.paragraph(f"Een aantal van 1 tot {m - 1} staat er als ‘n<{m}’; zou de rest van de rij het uit te "
                     "rekenen maken, dan staat ook het kleinste andere aantal er zo.")


def _values_of(report, study, meta, gemeente) -> None:
    report.heading("Wat inwoners waarderen", 3)
    ranking = meta.waarden_per_gemeente
    shown = ranking[(ranking["groep"] == gemeente) & ~ranking["onderdrukt"].astype(bool)]
    if len(shown):
        report.paragraph(f"Op de waardenkaart kozen minstens {study.min_group} inwoners van {gemeente}: "
                         + "; ".join(f"{r.label} ({int(r.aantal)} inwoners)" for r in shown.itertuples()) + ".")
    else:
        report.paragraph(f"Geen enkele waarde van de waardenkaart werd in {gemeente} door {study.min_group} of meer "
                         "inwoners gekozen; kleinere aantallen noemt dit rapport niet. Wat inwoners van alle "
                         "gemeenten samen belangrijk vinden, staat in de vergelijking.")


def add_vergelijking(report, build, figs: dict) -> None:
    """Section in the comparison chapter (headings from level 2): the residents' experience per
    kind of step across the municipalities, deviations, values and the themes of the study."""
    study, meta = build.study, build.analysis("klantreizen")
    report.heading("Ervaringen van inwoners vergeleken", 2)
    if not len(meta.tabellen["respondenten"]):
        report.paragraph("Er zijn nog geen interviews ingevoerd; daarom zijn er nog geen bevindingen.")
        return
    if "totaal" in figs:
        _experience(report, study, meta, figs)
    elif len(gemeenten := named_gemeenten(study.settings)) == 1:
        report.paragraph(f"Dit onderzoek gaat over één gemeente: de belevingscurve van alle geïnterviewde inwoners "
                         f"staat in het hoofdstuk over {gemeenten[0]}.")
    _kinds(report, study, meta, figs)
    _deviations_per_gemeente(report, study, meta)
    _values(report, study, meta, figs)
    _themes(report, study, meta, figs)


def kinds_table(study, meta) -> pd.DataFrame:
    """Soort × gemeente as printed: "gem. (n)", "n<5", "afgeschermd", or "–" when the journey
    of that municipality has no step of that kind."""
    kinds = meta.soorten
    names = _kind_names(study)
    gemeenten = [g for g in study.settings.gemeenten if g in set(kinds["groep"])]
    rows = []
    for kind in dict.fromkeys(kinds["soort"]):
        part = kinds[kinds["soort"] == kind].set_index("groep")
        row = {"Soort stap": names.get(kind, kind)}
        for g in gemeenten:
            if g not in part.index:
                row[g] = "–"
                continue
            r = part.loc[g]
            row[g] = n_label(r["n"], True, bool(r["afgeschermd"]), study.min_group) if bool(r["onderdrukt"]) else \
                f"{getal(float(r['gemiddelde']), sign=True)} ({int(r['n'])})"
        rows.append(row)
    return pd.DataFrame(rows, columns=["Soort stap", *gemeenten])


def _kinds(report, study, meta, figs) -> None:
    report.heading("Beleving per soort stap", 3)
    m = study.min_group
    report.paragraph(
        "Om de gemeenten te vergelijken, zijn de stappen van hun reizen ingedeeld in soorten (zoals het eerste "
        "contact, het gesprek of het besluit). Per soort en gemeente staat de gemiddelde beleving van de inwoners "
        "met een score bij een stap van die soort; elke inwoner telt één keer (het gemiddelde van zijn of haar "
        f"scores bij die soort), tussen haakjes het aantal inwoners. Groepen van minder dan {m} inwoners hebben geen "
        f"cijfer (‘n<{m}’); ‘afgeschermd’ staat er waar het cijfer samen met andere tabellen dat van een kleinere "
        "groep zou prijsgeven; een streep betekent dat de reis van die gemeente zo'n stap niet kent.")
    if "soorten" in figs:
        report.figure(figs["soorten"], alt_text=_kinds_alt(study, meta),
                      caption="Gemiddelde beleving per soort stap en gemeente (alleen groepen met cijfers).")
    table = kinds_table(study, meta)
    width = (report.text_width_cm - 5.5) / max(len(table.columns) - 1, 1)
    report.table(table, "Beleving per soort stap en gemeente: gemiddelde (aantal inwoners)",
                 widths_cm=[5.5] + [width] * (len(table.columns) - 1))


def _kinds_alt(study, meta) -> str:
    names = _kind_names(study)
    shown = meta.soorten[~meta.soorten["onderdrukt"].astype(bool)]
    return ("Puntengrafiek van de gemiddelde beleving per soort stap, één punt per gemeente: " + "; ".join(
        f"{names.get(r.soort, r.soort)}, {r.groep}: {getal(float(r.gemiddelde), sign=True)} (n={r.n})"
        for r in shown.itertuples()) + ". Groepen zonder cijfer staan er niet in.")


def _deviations_per_gemeente(report, study, meta) -> None:
    summary = meta.afwijkingen_samenvatting
    per_gemeente = summary[summary["groep"] != ALL]
    if not len(per_gemeente):
        return
    report.heading("Afwijkingen van de bedoelde reis", 3)
    report.paragraph("Per gemeente: hoeveel inwoners een reis hadden die afweek van de eigen schaduwreis, hoeveel "
                     "professionals er gemiddeld betrokken waren en hoe vaak inwoners hun verhaal opnieuw moesten "
                     "vertellen.")
    sizes = meta.groepsgrootte.set_index("groep")["interviews"]
    per_gemeente = per_gemeente.assign(n_groep=per_gemeente["groep"].map(sizes).astype(int))
    table = per_gemeente[["groep", "n_groep", "aandeel_met_afwijking", "gem_professionals",
                          "gem_verhaal_opnieuw"]].rename(columns={
        "groep": "Gemeente", "n_groep": "Interviews", "aandeel_met_afwijking": "Met afwijking",
        "gem_professionals": "Professionals (gem.)", "gem_verhaal_opnieuw": "Verhaal opnieuw (gem.)"})
    report.table(table, "Afwijkingen, professionals en opnieuw vertellen per gemeente",
                 {"Met afwijking": "{:.0%}", "Professionals (gem.)": "{:.1f}", "Verhaal opnieuw (gem.)": "{:.1f}"})


def _experience(report, study, meta, figs) -> None:
    """One shared journey: the curve of all municipalities together."""
    curve = study.settings.curve
    total = meta.stappen_totaal
    report.heading("Beleving per stap, alle gemeenten", 3)
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
    report.table(_stats_table(total, study.min_group), "Beleving per stap, alle gemeenten (★ = sleutelmoment)", STATS_FORMATS,
                 widths_cm=STATS_WIDTHS)


def _curve_alt(stats: pd.DataFrame, who: str) -> str:
    shown = stats[~stats["onderdrukt"]]
    points = "; ".join(f"{r.stap_naam}: {getal(float(r.gemiddelde), sign=True)} (n={r.n})"
                       for r in shown.itertuples())
    hidden = len(stats) - len(shown)
    extra = f" Bij {stuks(hidden, 'stap', 'stappen')} zijn te weinig inwoners om cijfers te tonen." if hidden else ""
    return f"Lijngrafiek van de gemiddelde beleving per stap voor {who}. {points}.{extra}"


def _stats_table(stats: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """The step statistics as printed: the sleutelmoment as a star by the step (the caption says
    so), so "afgeschermd" fits the n column on one line."""
    stats = stats.assign(n=n_labels(stats, "n", min_group),
                         stap_naam=[n + (" ★" if k else "") for n, k in zip(stats["stap_naam"], stats["sleutelmoment"])])
    return stats[["volgorde", "stap_naam", "n", "gemiddelde", "mediaan", "sd", "aandeel_negatief"]].rename(columns={
        "volgorde": "Nr.", "stap_naam": "Stap", "n": "n",
        "gemiddelde": "Gem.", "mediaan": "Med.", "sd": "Sd", "aandeel_negatief": "% neg."})


def _values(report, study, meta, figs) -> None:
    report.heading("Wat inwoners belangrijk vinden", 3)
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
    report.heading("Thema's in de klantreizen", 3)
    matrix, names = _theme_matrix(study, meta)
    if matrix.empty:
        report.paragraph("Er zijn geen thema's gecodeerd.")
        return
    labels = study.instruments.code_labels
    where = "soorten stappen" if _per_gemeente(study) else "stappen"
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
        f"welke {where} een thema naar voren kwam (aantal inwoners; een vakje met 1 tot {m - 1} inwoners staat er "
        f"als ‘<{m}’)." + (" Het vaakst: " + "; ".join(top) + "." if top else ""))
    cells = [(c, s, int(v)) for (c, s), v in shown_matrix.stack().items() if v]
    cells.sort(key=lambda x: -x[2])
    report.figure(figs["themas"], alt_text=f"Warmtekaart van thema's (rijen) tegen {where} (kolommen). Grootste "
                  "aantallen: " + "; ".join(f"{labels.get(c, c)} bij {names.get(s, s)}: {v}"
                                            for c, s, v in cells[:8]) + ".",
                  caption=f"Thema's per {'soort stap' if _per_gemeente(study) else 'stap'}: aantal inwoners bij wie "
                          "het thema daar naar voren kwam.")
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
