"""The effectenarena in the report, in four places:

- `add_method` ("methode", under the onderzoeksopzet): how a session works and is scored;
- `add_gemeente` ("gemeente"): the sessions of one municipality (`gemeente:` in the session
  file), each with the arena per household, the factors by perspective and priority, the
  impact × haalbaarheid matrix, and in words how far the room agreed and where role groups differ;
- `add_vergelijking` ("vergelijking"): the joint sessions (no `gemeente`), in the same way;
- `add_statistiek` ("statistiek", the appendix): Kendall's W and ICC(2,k) per session.

Every number comes from `analyse`; sentences about agreement and differences from `text`; role
groups below the study's minimum appear as "n<5" or "afgeschermd" and are never described.
Without sessions every section is left out; a municipality without sessions gets nothing.
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import datum, format_value, getal, n_labels
from . import figures
from .analyse import ROOM
from .model import EFFECT_FOR, KINDS, METHODEN, PERSPECTIEVEN, ROLGROEP_NAMEN, SCALE
from .text import agreement_sentences, difference_sentences, group_name

APPENDIX = "bijlage Statistische verantwoording"
ARENA_CM = 22.0  # the arena is drawn 24.6 cm wide with 9 pt text: at 22 cm the text is still 8 pt


# --- the method section ----------------------------------------------------------------------------

def add_method(report, build, prepared=None) -> None:
    study = build.study
    if not study.effectenarena:
        return
    a = build.analysis("effectenarena")
    sessions = a.sessies
    report.heading("Effectenarena", 2)
    report.paragraph(
        "In een effectenarena werken inwoners, professionals en beleidsmedewerkers samen aan een paar fictieve "
        "huishoudens. Per huishouden tekenen zij de meest passende aanpak, de partijen die daarvoor iets moeten "
        "inzetten (investeerders), de effecten voor het huishouden en de samenleving, en wie daar baat bij heeft "
        "(incasseerders). Daarna benoemen zij wat in de huidige inrichting van de toegang helpt of belemmert, "
        "ordenen die factoren naar de vier perspectieven van integraal werken (cliënt, professional, organisatie, "
        "beleid) en geven aan waar de meeste winst te behalen is.")
    report.paragraph(
        f"Er {'was' if len(sessions) == 1 else 'waren'} {len(sessions)} "
        f"{'sessie' if len(sessions) == 1 else 'sessies'}: "
        + "; ".join(f"{r.titel} ({datum(r.datum)}, {METHODEN[r.methode]})" for r in sessions.itertuples()) + ".")
    report.paragraph(
        "De scores zijn een eigen ontwerp van deze onderzoekskit: geen gepubliceerde bron geeft de effectenarena "
        "een getalsmatige schaal. Per sessie koos de facilitator een van twee manieren. Bij stippen verdeelt elke "
        "deelnemer een vast aantal stippen over de factoren; de volgorde volgt uit het totaal aantal stippen. Bij "
        f"impact × haalbaarheid geeft elke deelnemer per factor een impact en een haalbaarheid van {SCALE[0]} tot "
        f"en met {SCALE[1]}; de prioriteit is het product (1 tot en met 25), gemiddeld over de deelnemers. Een factor "
        "telt in de matrix als ‘hoog’ als het gemiddelde boven het midden van de schaal ligt. De facilitator stemt "
        "niet mee.")
    report.paragraph(
        "Per sessie is ook gemeten hoe eensgezind de zaal de factoren ordende en hoe betrouwbaar het gemiddelde "
        f"van de zaal is; de tekst zegt dat in woorden, de maten staan in de {APPENDIX}. "
        "Deelnemers zijn ingedeeld in drie rolgroepen: "
        + "; ".join(ROLGROEP_NAMEN[g].lower() for g in ("inwoners", "uitvoering", "beleid"))
        + f". Van een rolgroep met minder dan {study.min_group} deelnemers staan geen cijfers in dit rapport, en "
          "ook niet van een groep waaruit zo'n kleine groep via het totaal te herleiden is. Alle teksten van kaarten "
          "en factoren zijn vóór het rapport ontdaan van persoonsgegevens; deelnemers hebben alleen een code.")


# --- the sessions, per municipality and joint --------------------------------------------------

def _sessions(build, gemeente: str | None):
    """The sessions of one municipality, or (None) the joint sessions."""
    a = build.analysis("effectenarena")
    s = a.sessies
    own = s["gemeente"] == gemeente if gemeente is not None else s["gemeente"].isna()
    return list(s.loc[own, "sessie"])


def _prepare(build, gemeente_sessions: bool) -> dict | None:
    """Start drawing the figures of the municipal (or the joint) sessions in the render pool."""
    if not build.study.effectenarena:
        return None
    a, pool = build.analysis("effectenarena"), build.pool
    t = a.tabellen
    figs: dict = {}
    for s in a.sessies.itertuples():
        if pd.notna(s.gemeente) != gemeente_sessions:
            continue
        cards, links = _of(t["kaarten"], s.sessie), _of(t["verbindingen"], s.sessie)
        for code in dict.fromkeys(cards["huishouden"]):
            figs[(s.sessie, code)] = pool.submit(
                figures.arena, cards[cards["huishouden"] == code], links[links["huishouden"] == code])
        factors = _of(t["factoren"], s.sessie)
        figs[(s.sessie, "prioriteit")] = pool.submit(figures.factor_priority, _of(a.ranking, s.sessie), factors,
                                                     s.methode)
        quadrants = _of(a.kwadranten, s.sessie)
        if len(quadrants):
            figs[(s.sessie, "matrix")] = pool.submit(figures.impact_matrix, quadrants, factors)
    return figs


def prepare_gemeente(build) -> dict | None:
    return _prepare(build, True)


def prepare_vergelijking(build) -> dict | None:
    return _prepare(build, False)


def add_gemeente(report, build, figs, gemeente: str | None = None) -> None:
    """The effectenarena sessions of `gemeente`, each a level-2 section; nothing without one."""
    if not build.study.effectenarena or gemeente is None:
        return
    a = build.analysis("effectenarena")
    for sessie in _sessions(build, gemeente):
        add_session(report, build.study, a, sessie, figs or {}, level=2)


def add_vergelijking(report, build, figs) -> None:
    """The joint effectenarena sessions (of several municipalities), each a level-2 section."""
    if not build.study.effectenarena:
        return
    a = build.analysis("effectenarena")
    for sessie in _sessions(build, None):
        add_session(report, build.study, a, sessie, figs or {}, level=2)


def add_statistiek(report, build, prepared=None) -> None:
    """Kendall's W and ICC(2,k) of every session, for the appendix (level 2)."""
    study = build.study
    if not study.effectenarena:
        return
    a = build.analysis("effectenarena")
    report.heading("Effectenarena: overeenstemming in de zaal", 2)
    report.paragraph(
        "Of de zaal het eens was, staat in twee maten. Kendalls W (0 tot 1) zegt hoe gelijk de deelnemers de "
        "factoren ordenen; de kit noemt W onder 0,1 nauwelijks, tot 0,3 zwak, tot 0,5 matig, tot 0,7 redelijk "
        "sterk en daarboven sterk (een eigen indeling). De intraclass-correlatie ICC(2,k) zegt hoe betrouwbaar "
        "het gemiddelde van de zaal is, met een 95%-interval; onder 0,5 heet dat weinig, tot 0,75 redelijk "
        "en daarboven goed betrouwbaar (naar Koo en Li, 2016). Alleen factoren die elke deelnemer scoorde "
        f"tellen mee. Van een rolgroep met minder dan {study.min_group} deelnemers staan geen maten in dit rapport, "
        "en ook niet van een groep waaruit zo'n kleine groep via het totaal te herleiden is.")
    for s in a.sessies.itertuples():
        report.heading(f"{s.titel} ({datum(s.datum)})", 3)
        _agreement_statistics(report, study, a, s.sessie)


def add_session(report, study, a, sessie: str, figs: dict, level: int = 2) -> None:
    """One session: its arenas, factors, matrix, agreement and differences."""
    s = a.sessies[a.sessies["sessie"] == sessie].iloc[0]
    t = a.tabellen
    where = s["gemeente"] if pd.notna(s["gemeente"]) else "meer gemeenten samen"
    title = s["titel"] if "effectenarena" in s["titel"].lower() else f"Effectenarena: {s['titel']}"
    report.heading(f"{title} ({datum(s['datum'])})", level)
    participants = _of(t["deelnemers"], sessie)
    voting = participants[participants["stemt"]]
    sizes = voting.groupby("rolgroep")["deelnemer"].nunique().rename("n").reset_index()
    from ..privacy import suppress_small_groups

    sizes = suppress_small_groups(sizes, "n", [], study.min_group, siblings=[])
    report.paragraph(
        f"Sessie voor {where}, met {len(voting)} deelnemers die meestemden ("
        + "; ".join(f"{group_name(g)}: {n}" for g, n in zip(sizes["rolgroep"], n_labels(sizes, "n", study.min_group)))
        + f"). Scoremethode: {METHODEN[s['methode']]}"
        + (f", {int(s['stippen_per_deelnemer'])} stippen per deelnemer." if s["methode"] == "stippen" else "."))
    _factors(report, study, a, sessie, s["methode"], figs, level)
    if (sessie, "matrix") in figs:
        _matrix(report, a, sessie, figs, level)
    _agreement(report, a, sessie, level)
    _arenas(report, study, a, sessie, figs, level)


def _arenas(report, study, a, sessie, figs, level) -> None:
    t = a.tabellen
    cards, links = _of(t["kaarten"], sessie), _of(t["verbindingen"], sessie)
    households = study.effectenarena_huishoudens
    # The arena needs the width of a landscape page, one household per page; the heading goes
    # along to the first one, so no page holds only a heading and its introduction.
    report.landscape()
    report.heading("De arena per huishouden", level + 1)
    report.paragraph("Per huishouden wat de deelnemers tekenden. Links staan de partijen die iets inzetten, "
                     "rechts wie er baat bij heeft; in het midden de aanpak en de effecten. Pijlen zijn de "
                     "verbanden die de deelnemers legden.")
    for nr, code in enumerate(dict.fromkeys(cards["huishouden"])):
        h = households.get(code)
        title = report.paragraph(f"{code} {h.naam} ({h.complexiteit})" if h is not None else code, bold=True)
        # a new page for every next household; a page break of its own would leave an empty
        # page behind a full one
        title.paragraph_format.page_break_before = bool(nr)
        title.paragraph_format.keep_with_next = True
        if h is not None:
            report.free_text(h.verhaal)
        own, own_links = cards[cards["huishouden"] == code], links[links["huishouden"] == code]
        report.figure(figs[(sessie, code)], alt_text=_arena_alt(code, own, own_links),
                      caption=f"De arena voor huishouden {code}: investeerders, aanpak, effecten en incasseerders. "
                              "Een gestippelde kaart is een effect voor de samenleving.", width_cm=ARENA_CM)
    report.landscape(False)


def _arena_alt(code: str, cards: pd.DataFrame, links: pd.DataFrame) -> str:
    parts = []
    for kind, label in KINDS.items():
        own = cards[cards["soort"] == kind]
        if len(own):
            texts = [f"{r.kaart} {r.tekst}" + (f" ({EFFECT_FOR[r.voor]})" if isinstance(r.voor, str) else "")
                     for r in own.itertuples()]
            parts.append(f"{label.split(' (')[0]}: " + "; ".join(texts))
    arrows = ", ".join(f"{r.van} naar {r.naar}" for r in links.itertuples())
    return (f"Schema van de arena voor huishouden {code} in vier kolommen. " + ". ".join(parts)
            + (f". Verbanden: {arrows}." if arrows else "."))


def _factors(report, study, a, sessie, method, figs, level) -> None:
    factors = _of(a.tabellen["factoren"], sessie)
    kenmerken = {k.code: k.naam for k in study.instruments.kenmerken.kenmerken}
    ranking = _of(a.ranking, sessie).merge(factors, on=["sessie", "factor"], how="left")
    names = dict(zip(factors["factor"], factors["tekst"]))
    report.heading("Factoren naar perspectief en prioriteit", level + 1)
    n_hinder = int((factors["soort"] == "belemmerend").sum())
    top = ranking.head(3)
    report.paragraph(
        f"De deelnemers noemden {len(factors)} factoren: {n_hinder} belemmerend en {len(factors) - n_hinder} "
        "bevorderend. De meeste winst zagen zij bij "
        + "; ".join(f"‘{names[f]}’ (plaats {int(r)})" for f, r in zip(top["factor"], top["rang"])) + ".")
    report.figure(figs[(sessie, "prioriteit")], alt_text=(
        "Liggend staafdiagram van de factoren, de hoogste prioriteit bovenaan; kleur naar perspectief, gearceerd "
        "is belemmerend. " + "; ".join(
            f"{r.factor} {r.tekst}: {_priority_text(r, method)}" for r in ranking.itertuples()) + "."),
        caption="Factoren van de huidige inrichting, naar prioriteit. Kleur: perspectief; arcering: belemmerend.")
    per = _of(a.perspectieven, sessie)
    dots = method == "stippen"
    table = pd.DataFrame({
        "Perspectief": per["perspectief"].map(PERSPECTIEVEN),
        "Factoren": [f"{h} belemmerend, {b} bevorderend" for h, b in zip(per["belemmerend"], per["bevorderend"])],
        **({"Stip\u00adpen": per["stippen"], "Aan\u00addeel": per["aandeel"]} if dots else
           {"Gem. prioriteit (1–25)": per["gemiddelde_prioriteit"]}),
        "Hoogst geplaatste factor": [f"{f} {names[f]} (plaats {int(r)})" if isinstance(f, str) else "–"
                                     for f, r in zip(per["hoogste_factor"], per["hoogste_rang"])]})
    report.table(table, "Factoren per perspectief: aantal belemmerende en bevorderende factoren, "
                 + ("de stippen die ze kregen" if dots else "hun gemiddelde prioriteit") + " en de hoogst geplaatste",
                 {"Stip\u00adpen": "{:.0f}", "Aan\u00addeel": "{:.0%}", "Gem. prioriteit (1–25)": "{:.1f}"},
                 widths_cm=[2.6, 3.2, 1.6, 1.7, 6.9] if dots else [2.6, 3.2, 2.6, 7.6])
    columns = {"Nr.": ranking["rang"], "Factor": ranking["factor"] + " " + ranking["tekst"],
               "Perspectief en kenmerk": ranking["perspectief"].map(PERSPECTIEVEN) + ", " + ranking["soort"] + "; "
               + ranking["kenmerk"].map(kenmerken).fillna(ranking["kenmerk"])}
    if dots:
        columns |= {"Stip\u00adpen": ranking["stippen"], "n": ranking["n"]}
        formats, widths = {"Stip\u00adpen": "{:.0f}"}, [1.2, 6.4, 5.2, 1.9, 1.2]
    else:
        columns |= {"Impact": ranking["impact"], "Haalb.": ranking["haalbaarheid"],
                    "Prior.": ranking["prioriteit"], "n": ranking["n"]}
        formats = {"Impact": "{:.1f}", "Haalb.": "{:.1f}", "Prior.": "{:.1f}"}
        widths = [1.2, 5.4, 4.4, 1.8, 1.8, 1.8, 1.2]
    report.table(pd.DataFrame(columns), "Alle factoren in volgorde van prioriteit (n: aantal deelnemers dat de "
                 "factor scoorde" + ("" if dots else "; Haalb.: haalbaarheid; Prior.: impact × haalbaarheid") + ")",
                 formats, widths_cm=widths)


def _priority_text(r, method: str) -> str:
    if method == "stippen":
        return f"{int(r.stippen)} stippen"
    return f"gemiddeld {getal(r.prioriteit)} (impact {getal(r.impact)}, haalbaarheid {getal(r.haalbaarheid)})"


def _matrix(report, a, sessie, figs, level) -> None:
    quadrants = _of(a.kwadranten, sessie)
    names = dict(zip(_of(a.tabellen["factoren"], sessie)["factor"], _of(a.tabellen["factoren"], sessie)["tekst"]))
    report.heading("Impact en haalbaarheid", level + 1)
    first = quadrants[quadrants["kwadrant"] == "eerst doen"]
    report.paragraph(
        ("Hoog op impact én haalbaarheid, en dus als eerste aan te pakken volgens de zaal: "
         + "; ".join(f"‘{names[f]}’" for f in first["factor"]) + ". ") if len(first) else
        "Geen factor scoort gemiddeld hoog op zowel impact als haalbaarheid. ")
    groups = {q: list(part["factor"]) for q, part in quadrants.groupby("kwadrant")}
    report.figure(figs[(sessie, "matrix")], alt_text=(
        "Spreidingsdiagram met haalbaarheid horizontaal en impact verticaal, beide 1 tot 5, in vier kwadranten. "
        + "; ".join(f"{q.capitalize()}: {', '.join(fs)}" for q, fs in groups.items()) + "."),
        caption="Impact en haalbaarheid per factor (gemiddelde van de zaal). De stippellijnen liggen op het "
                "midden van de schaal.", width_cm=14)


def _agreement(report, a, sessie, level) -> None:
    """How far the room agreed, in words (the measures are in the appendix), and where the role
    groups differ."""
    report.heading("Overeenstemming en verschillen tussen rollen", level + 1)
    for zin in agreement_sentences(a.overeenstemming, sessie, measures=False):
        report.paragraph(zin)
    factors = _of(a.tabellen["factoren"], sessie)
    for zin in difference_sentences(a.per_rolgroep, a.verschillen, sessie, dict(zip(factors["factor"], factors["tekst"]))):
        report.paragraph(zin)


def _agreement_statistics(report, study, a, sessie) -> None:
    agree = _of(a.overeenstemming, sessie)
    for zin in agreement_sentences(a.overeenstemming, sessie):
        report.paragraph(zin)
    shown = [format_value(v, "{:.2f}") for v in agree["W"]]
    icc = [f"{format_value(i, '{:.2f}')} ({format_value(lo, '{:.2f}')} tot {format_value(hi, '{:.2f}')})"
           if pd.notna(i) else "–" for i, lo, hi in zip(agree["icc"], agree["icc_onder"], agree["icc_boven"])]
    table = pd.DataFrame({
        "Groep": [group_name(g).capitalize() if g != ROOM else "Hele zaal" for g in agree["groep"]],
        "Deel\u00adnemers": n_labels(agree, "m", study.min_group),
        "Factoren": [format_value(v) for v in agree["n_factoren"]],
        "Kendalls W": shown, "ICC(2,k) (95%-interval)": icc})
    titel = a.sessies.loc[a.sessies["sessie"] == sessie, "titel"].iloc[0]
    report.table(table, f"Overeenstemming over de volgorde van de factoren ({titel})",
                 widths_cm=[4.8, 2.6, 2.0, 2.2, 4.4])


# --- helpers ---------------------------------------------------------------------------------------

def _of(table: pd.DataFrame, sessie: str) -> pd.DataFrame:
    return table[table["sessie"] == sessie].reset_index(drop=True)

