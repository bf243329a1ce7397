"""The zeven kenmerken in the report:

- "kader": the seven kenmerken with Movisie's current labels and the older wording, the checklist
  and the rule of the traffic light (from instruments/kenmerken_regel.yaml);
- "gemeente": the kenmerkenprofiel (figure and table) with the rule next to it;
- "vraagstelling": per aspect of the research question its kenmerken and lights, printed right
  after the researchers' answer (the question's slot in teksten/vraagstelling/);
- "vergelijking": the lights of all municipalities side by side;
- "bijlage": every evidence row per municipality, so each light can be traced to its evidence;
- "publiek": per kenmerk one plain line (gaat goed / kan beter) for the public B1 version.
The kit writes no conclusion: the light is a rule applied to the evidence, shown with the rule.
"""

from __future__ import annotations

import pandas as pd

from ..teksten import named_gemeenten
from . import figures
from .analyse import BRONNEN, for_gemeente, of_build
from .text import LICHT_SYMBOOL, OVEREENSTEMMING, publiek_line, rule_intro, rule_rows

SHOWN = {"+": "+", "-": "−", "0": "0", None: "·"}


def _sources(result) -> list[str]:
    """The sources that gave evidence anywhere in the study, in the fixed order."""
    found = set(result.bewijs["bron"])
    return [b for b in BRONNEN if b in found]


def add_kader(report, build, prepared=None) -> None:
    study = build.study
    checklist, vocab = study.kenmerken_checklist, study.instruments.vocabulaire
    report.heading("Checklist en stoplicht bij de zeven kenmerken", 3)
    report.paragraph(
        "Movisie gebruikt tegenwoordig kortere namen voor de zeven kenmerken dan eerdere stukken, zoals de "
        "Dalfsense visie op de toegang uit 2021. Dit rapport volgt de huidige namen; tabel {n} zet de oudere "
        "benaming ernaast. Voor elk kenmerk zijn concrete indicatoren opgesteld. De onderzoekers beantwoordden "
        "die samen met elke gemeente met voldoet, deels, voldoet niet of onbekend, met bewijs en bron."
        .format(n=report.tables + 1))
    aspects = {code: [vocab.aspecten[a].lower() for a, codes in checklist.aspecten.items() if code in codes]
               for code in checklist.labels}
    report.table(pd.DataFrame([{"Kenmerk": f"{k.code}. {k.label}", "Eerdere benaming": k.alias,
                                "Aspect": ", ".join(aspects[k.code]), "Indicatoren": len(k.indicatoren)}
                               for k in checklist.kenmerken]),
                 "De zeven kenmerken: huidige en eerdere benaming, aspect van de onderzoeksvraag en aantal "
                 "indicatoren", widths_cm=[5.2, 5.6, 3.4, 1.8])
    report.paragraph(
        "Per gemeente en kenmerk brengt het rapport het bewijs uit alle methoden samen: klantreizen, verkenning, "
        "stakeholdergesprekken, effectenarena, gezamenlijke reis en de checklist. Een vaste regel maakt daar een "
        "stoplicht van. " + rule_intro(study.kenmerken_regel))
    _rule_table(report, study.kenmerken_regel)


def _rule_table(report, regel, caption: str = "De regel van het stoplicht, van boven naar beneden toegepast") -> None:
    report.table(pd.DataFrame(rule_rows(regel), columns=["Licht", "Wanneer"]), caption, widths_cm=[3.0, 13.0])


def prepare_gemeente(build) -> dict:
    result = of_build(build)
    sources = _sources(result)
    return {g: build.pool.submit(figures.profile_plot, result.profiel(g), sources, result.labels)
            for g in named_gemeenten(build.study.settings)}


def add_gemeente(report, build, figs: dict | None, gemeente: str | None = None) -> None:
    study, result = build.study, of_build(build)
    profile = result.profiel(gemeente)
    if profile.empty:
        return
    sources = _sources(result)
    report.heading(f"De zeven kenmerken in {gemeente}", 2)
    n_rows = len(for_gemeente(result.bewijs, gemeente))
    report.paragraph(
        f"Figuur {report.figures + 1} en tabel {report.tables + 1} tonen per kenmerk wat elke bron zegt: + gaat goed, "
        "− gaat niet goed, 0 genoemd zonder oordeel, · geen bewijs. De laatste kolom is het stoplicht volgens de "
        f"regel in tabel {report.tables + 2}. Dit profiel rust op {n_rows} bewijsregels, met de werksessies voor "
        "alle gemeenten samen; ze staan in de bijlage ‘Bewijs bij de zeven kenmerken’.")
    lights = ", ".join(f"{r.kenmerk} {r.licht}" for r in profile.itertuples())
    alt = (f"Kenmerkenprofiel van {gemeente}: per kenmerk het oordeel van elke bron en het stoplicht. "
           f"Stoplichten: {lights}.")
    figure = (figs or {}).get(gemeente)
    if figure is None:
        figure = figures.profile_plot(profile, sources, result.labels)
    report.figure(figure, alt, f"Kenmerkenprofiel van {gemeente}: oordeel per bron en stoplicht")
    table = pd.DataFrame({
        "Kenmerk": [f"{k} {result.labels[k]}" for k in profile["kenmerk"]],
        "Oordeel per bron": [", ".join(f"{b} {SHOWN[_v(r[b])]}" for b in sources) for r in profile.to_dict("records")],
        "Bronnen": profile["overeenstemming"],
        "Licht": [f"{LICHT_SYMBOOL[x]} {x}" for x in profile["licht"]]})
    report.table(table, f"Kenmerkenprofiel van {gemeente} (+ gaat goed, − gaat niet goed, 0 genoemd, · geen bewijs)",
                 widths_cm=[4.2, 8.0, 2.0, 1.8])
    _rule_table(report, study.kenmerken_regel,
                f"De regel van het stoplicht bij het profiel van {gemeente} (instruments/kenmerken_regel.yaml)")
    report.paragraph("Bronnen: " + "; ".join(f"{k}: {v}" for k, v in OVEREENSTEMMING.items()
                                                     if k != "geen bewijs") + ".")


def add_vraagstelling(report, build, prepared=None, gemeente: str | None = None, vraag=None) -> None:
    """In ‘Terug naar de vraagstelling’, right after the researchers' answer for `gemeente`: per
    aspect of `vraag` its kenmerken, their lights and the count of evidence rows."""
    study, result = build.study, of_build(build)
    profile = result.profiel(gemeente)
    if profile.empty or not vraag.aspecten:
        return
    checklist, vocab = study.kenmerken_checklist, study.instruments.vocabulaire
    mine = for_gemeente(result.bewijs, gemeente)
    light = dict(zip(profile["kenmerk"], profile["licht"]))
    rows = []
    for aspect in vraag.aspecten:
        codes = checklist.aspecten.get(aspect, [])
        rows_a = mine[mine["kenmerk"].isin(codes)]
        rows.append({"Aspect": vocab.aspecten[aspect],
                     "Kenmerken en licht": "; ".join(f"{c} {result.labels[c]}: {LICHT_SYMBOOL[light[c]]} {light[c]}"
                                                     for c in codes),
                     "Bewijsregels": len(rows_a), "+": int((rows_a["richting"] == "+").sum()),
                     "−": int((rows_a["richting"] == "-").sum())})
    report.table(pd.DataFrame(rows), f"De zeven kenmerken per aspect van vraag {vraag.id} in {gemeente}: licht en "
                                     "aantal bewijsregels (geen aantallen personen; zie het kenmerkenprofiel)",
                 widths_cm=[2.6, 9.2, 2.2, 1.0, 1.0])


def prepare_vergelijking(build):
    result = of_build(build)
    gemeenten = named_gemeenten(build.study.settings)
    if len(gemeenten) < 2 or result.profielen.empty:
        return None
    return build.pool.submit(figures.comparison_plot, result.profielen, gemeenten, result.labels)


def add_vergelijking(report, build, fig=None) -> None:
    result = of_build(build)
    gemeenten = named_gemeenten(build.study.settings)
    if len(gemeenten) < 2 or result.profielen.empty:
        return
    report.heading("De zeven kenmerken vergeleken", 2)
    report.paragraph(
        f"Figuur {report.figures + 1} zet de stoplichten van de gemeenten naast elkaar. Elk licht volgt uit dezelfde "
        "regel (paragraaf ‘Checklist en stoplicht bij de zeven kenmerken’). Een grijs licht betekent: te weinig "
        "bronnen met een oordeel, niet dat het slecht gaat.")
    light = result.profielen.set_index(["kenmerk", "gemeente"])["licht"]
    kenmerken = list(dict.fromkeys(result.profielen["kenmerk"]))
    alt = "Stoplichten per kenmerk en gemeente. " + " ".join(
        f"{g}: " + ", ".join(f"{k} {light[(k, g)]}" for k in kenmerken) + "." for g in gemeenten)
    report.figure(fig if fig is not None else figures.comparison_plot(result.profielen, gemeenten, result.labels),
                  alt, "Stoplichten van de zeven kenmerken per gemeente")
    counts = pd.DataFrame([{"Gemeente": g, **{f"{LICHT_SYMBOOL[x]} {x}": int((result.profiel(g)["licht"] == x).sum())
                                              for x in ("groen", "oranje", "rood", "grijs")}} for g in gemeenten])
    report.table(counts, "Aantal kenmerken per stoplicht en gemeente")


def add_bijlage(report, build, prepared=None) -> None:
    study, result = build.study, of_build(build)
    gemeenten = named_gemeenten(study.settings)
    if result.bewijs.empty or not gemeenten:
        return
    report.appendix("Bewijs bij de zeven kenmerken")
    report.paragraph(
        "Per gemeente alle bewijsregels achter het kenmerkenprofiel, per kenmerk en bron. Richting: + gaat goed, "
        "− gaat niet goed, 0 genoemd zonder oordeel, · geen oordeel (een cijfer van een te kleine groep of een "
        "antwoord ‘onbekend’). De verwijzing wijst naar het bestand, de sessie of de tabel waar de regel vandaan "
        "komt. Teksten zijn ontdaan van persoonsgegevens; letterlijke uitspraken staan er alleen met toestemming.")
    order = {b: i for i, b in enumerate(BRONNEN)}
    for gemeente in gemeenten:
        rows = for_gemeente(result.bewijs, gemeente).copy()
        rows["_o"] = rows["bron"].map(order)
        rows = rows.sort_values(["kenmerk", "_o"], kind="stable")
        report.heading(gemeente, 2)
        table = pd.DataFrame({
            "Kenmerk": rows["kenmerk"], "Bron": [b + ("" if isinstance(g, str) else " (alle gemeenten)")
                                                 for b, g in zip(rows["bron"], rows["gemeente"])],
            "Bewijs": rows["indicator"], "Richting": [SHOWN[_v(v)] for v in rows["richting"]],
            "Verwijzing": rows["verwijzing"]})
        report.table(table, f"Bewijsregels bij de zeven kenmerken in {gemeente}", widths_cm=[1.3, 3.0, 7.0, 1.5, 3.2])


def add_publiek(report, build, prepared=None, gemeente: str | None = None) -> None:
    """For the public B1 version: per kenmerk one short line for `gemeente`."""
    result = of_build(build)
    profile = result.profiel(gemeente)
    if profile.empty:
        return
    report.heading("Zeven punten voor een goede toegang", 2)
    report.paragraph("Een goede toegang heeft zeven kenmerken. Per kenmerk ziet u hoe het gaat.")
    report.bullets([publiek_line(result.labels[r.kenmerk], r.licht) for r in profile.itertuples()])
    report.paragraph("‘Kan beter’ betekent: niet alle bronnen zijn positief. "
                     "‘Weten we nog niet’ betekent: er is te weinig bewijs.")


def _v(value):
    return value if value in ("+", "-", "0") else None

