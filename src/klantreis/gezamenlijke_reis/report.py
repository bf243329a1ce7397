"""The gezamenlijke reis in the report, in four places: a method section ("methode"); per
municipality its own sessions ("gemeente", nothing when it has none) and the joint sessions in
the comparison ("vergelijking"), each with the ranked improvement points, the votes by role,
what each role group put first and, in words, where a pile of dots hides disagreement; and the
spread of the points with its Gini coefficients in the statistical appendix ("statistiek").
Sentences describe the numbers; conclusions are the researchers'.
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import datum, getal, n_label
from . import figures
from .analyse import GINI_VERDEELD, GROUP_ORDER, TOP
from .text import group_label, statements

FIGURE_CM = figures.WIDTH_IN * 2.54


def _title(row) -> str:
    where = row.gemeente if isinstance(row.gemeente, str) else "alle gemeenten samen"
    return f"Sessie van {datum(row.datum)} ({where})"


def _short(row) -> str:
    """The session in a caption: "sessie 18 juni 2026, alle gemeenten"."""
    return f"sessie {datum(row.datum)}, {row.gemeente if isinstance(row.gemeente, str) else 'alle gemeenten'}"


def _prepare(build, gemeente_sessions: bool) -> dict:
    result, pool = build.analysis("gezamenlijke_reis"), build.pool
    figs = {}
    sessions = result.tabellen["sessies"]
    for sessie in sessions.loc[sessions["gemeente"].notna() == gemeente_sessions, "sessie"]:
        rank = result.rangorde[result.rangorde["sessie"] == sessie]
        if rank["punten"].sum() > 0:
            figs[sessie] = pool.submit(figures.votes_by_role, rank, result.rollen[result.rollen["sessie"] == sessie],
                                       min_group=build.study.min_group)
    return figs


def add_method(report, build, prepared=None) -> None:
    study, result = build.study, build.analysis("gezamenlijke_reis")
    sessions = result.tabellen["sessies"]
    if not len(sessions):
        return
    report.heading("Gezamenlijke reis", 2)
    report.paragraph(
        "In een gezamenlijke reis bespraken inwoners, professionals en medewerkers van beleid en management "
        "de uitkomsten van de klantreizen. Zij kregen vooraf een hand-out met de gemiddelde belevingscurve, de "
        "dieptepunten, de belangrijkste thema's en uitspraken van inwoners die daar toestemming voor gaven. "
        "Samen benoemden zij verbeterpunten en koppelden die aan stappen en sleutelmomenten van de schaduwreis "
        "en aan de zeven kenmerken van een goede toegang. Daarna verdeelde iedere deelnemer in stilte een vast "
        "aantal punten over de verbeterpunten; de facilitator stemde niet mee.")
    report.paragraph(
        "De rangorde volgt uit het totaal aantal punten. Omdat een hoog totaal van een paar deelnemers kan komen, "
        "is per verbeterpunt ook gekeken hoe de punten over de zaal verdeeld zijn: hoeveel deelnemers er punten "
        "aan gaven en hoe geconcentreerd de punten zijn. Een verbeterpunt in de top "
        f"{TOP} heet hier verdeeld als de punten zo geconcentreerd zijn alsof hoogstens een kwart van de zaal ze "
        "allemaal gaf (de maat en de cijfers staan in de bijlage Statistische verantwoording).")
    report.paragraph(
        "Voor de vergelijking tussen rollen zijn de rollen samengenomen tot drie groepen: inwoners (met "
        "cliëntvertegenwoordigers), professionals (met ketenpartners) en beleid en management. Van een "
        f"rolgroep met minder dan {study.min_group} deelnemers staan geen cijfers in dit rapport ('n<"
        f"{study.min_group}'); zou zo'n groep uit het totaal af te leiden zijn, dan is ook een andere groep "
        "verborgen ('afgeschermd'). Deelnemers staan alleen met een pseudoniem in de sessiebestanden; "
        "de tekst van de verbeterpunten is ontdaan van persoonsgegevens.")
    table = pd.DataFrame({
        "Sessie": [_title(r) for r in sessions.itertuples()],
        "Deelnemers": sessions["deelnemers"], "Stemden": sessions["stemmers"],
        "Verbeterpunten": sessions["verbeterpunten"], "Punten per deelnemer": sessions["max_punten"]})
    report.table(table, "Sessies van de gezamenlijke reis", widths_cm=[6.0, 2.4, 2.0, 2.8, 2.8])


def prepare_gemeente(build) -> dict:
    return _prepare(build, True)


def prepare_vergelijking(build) -> dict:
    return _prepare(build, False)


def add_gemeente(report, build, figs: dict, gemeente: str | None = None) -> None:
    """The sessions of `gemeente`, each a level-2 section; nothing without one."""
    _sessions(report, build, figs, lambda g: g == gemeente)


def add_vergelijking(report, build, figs: dict) -> None:
    """The joint sessions (all municipalities together), each a level-2 section."""
    _sessions(report, build, figs, lambda g: not isinstance(g, str))


def add_statistiek(report, build, prepared=None) -> None:
    """The spread of the points over the room per session, with its Gini coefficients (level 2)."""
    result = build.analysis("gezamenlijke_reis")
    sessions = result.tabellen["sessies"]
    if not len(sessions):
        return
    report.heading("Gezamenlijke reis: spreiding van de punten", 2)
    report.paragraph(
        "Per verbeterpunt: hoeveel deelnemers er punten aan gaven, welk deel van de punten van één deelnemer "
        "kwam, en de Gini-coëfficiënt (0 als iedereen evenveel gaf; dicht bij 1 als één deelnemer alles gaf). "
        f"Een verbeterpunt in de top {TOP} met een Gini van {getal(GINI_VERDEELD, 2)} of meer heet verdeeld: zo "
        "geconcentreerd alsof hoogstens een kwart van de zaal alle punten gaf. Bij een sessie met minder dan "
        f"{build.study.min_group} stemmers staat hier niets.")
    for row in sessions.itertuples():
        report.heading(_title(row), 3)
        _spread(report, result, row)


def _sessions(report, build, figs, wanted) -> None:
    study, result = build.study, build.analysis("gezamenlijke_reis")
    sessions = result.tabellen["sessies"]
    names = {s.id: s.naam for s in study.schaduwreis.steps}
    kenmerken = {k.code: k.naam for k in study.instruments.kenmerken.kenmerken}
    for row in sessions.itertuples():
        if wanted(row.gemeente):
            _session(report, study, result, row, names, kenmerken, (figs or {}).get(row.sessie))


def _session(report, study, result, row, names, kenmerken, fig) -> None:
    m = study.min_group
    report.heading(f"Gezamenlijke reis: {_title(row)[0].lower()}{_title(row)[1:]}", 2)
    people = result.tabellen["deelnemers"]
    people = people[(people["sessie"] == row.sessie) & people["stemt"]]
    counts = people.groupby("rolgroep")["deelnemer"].nunique()
    # Counts per role group are published with the total: the shared suppression decides them.
    roles = result.rollen[result.rollen["sessie"] == row.sessie].drop_duplicates("rolgroep")
    shown = {r.rolgroep: n_label(r.n, r.onderdrukt, r.afgeschermd, m) for r in roles.itertuples()}
    report.paragraph(
        f"Aan deze sessie deden {row.deelnemers} deelnemers mee: "
        + "; ".join(f"{group_label(g).lower()} ({shown.get(g, n_label(counts[g], counts[g] < m, False, m))})"
                    for g in GROUP_ORDER if g in counts.index)
        + f". {row.stemmers} van hen stemden; iedere deelnemer had {row.max_punten} punten te verdelen.")
    rank = result.rangorde[result.rangorde["sessie"] == row.sessie]
    table = pd.DataFrame({
        "Nr.": rank["rang"], "Verbeterpunt": [f"{c} {t}" for c, t in zip(rank["code"], rank["tekst"])],
        "Stappen": [", ".join(names.get(s, s) for s in st) or "–" for st in rank["stappen"]],
        "Kenmerk": ["; ".join(kenmerken.get(k, k) for k in ks) or "–" for ks in rank["kenmerken"]],
        "Punten": rank["punten"], "Stem\u00admers": rank["stemmers"]})
    report.table(table, f"Verbeterpunten in volgorde van prioriteit ({_short(row)}; Nr.: plaats)",
                 widths_cm=[1.15, 3.5, 3.6, 3.6, 1.85, 2.3])
    report.paragraph("Stemmers: het aantal deelnemers dat het verbeterpunt punten gaf.")
    if fig is not None:
        report.figure(fig, alt_text=_alt(rank, result.rollen[result.rollen["sessie"] == row.sessie], m),
                      caption=f"Punten per verbeterpunt, naar rolgroep ({_short(row)}).", width_cm=FIGURE_CM)
    _roles(report, study, result, row, rank)
    _concentrated(report, result, row)


def _roles(report, study, result, row, rank) -> None:
    m = study.min_group
    roles = result.rollen[result.rollen["sessie"] == row.sessie]
    groups = [g for g in GROUP_ORDER if g in set(roles["rolgroep"])]
    if roles["onderdrukt"].all():
        report.paragraph(f"Elke rolgroep in deze sessie telde minder dan {m} deelnemers (of is afgeschermd); daarom "
                         "staat hier geen vergelijking tussen inwoners, professionals en beleid.")
        return
    table = pd.DataFrame({"Verbeterpunt": rank["code"], "Hele zaal": rank["rang"]})
    for g in groups:
        part = roles[roles["rolgroep"] == g]
        first = part.iloc[0]
        header = f"{group_label(g)} ({n_label(first['n'], first['onderdrukt'], first['afgeschermd'], m)})"
        table[header] = rank["code"].map(part.set_index("code")["rang"]).tolist()
    report.table(table, f"Plaats die elke rolgroep het verbeterpunt gaf ({_short(row)})")
    zinnen = result.zinnen[(result.zinnen["sessie"] == row.sessie) & (result.zinnen["soort"] == "rollen")]
    if len(zinnen):
        report.bullets(list(zinnen["zin"]))


def _concentrated(report, result, row) -> None:
    """Where a pile of dots hides disagreement, in words without the measure (the appendix has it)."""
    if result.spreiding[result.spreiding["sessie"] == row.sessie]["onderdrukt"].all():
        return
    zinnen = statements(result.rangorde, result.rollen, result.spreiding, measures=False)
    zinnen = zinnen[(zinnen["sessie"] == row.sessie) & (zinnen["soort"] == "verdeeld")]
    report.paragraph(" ".join(zinnen["zin"]) + " De cijfers staan in de bijlage Statistische verantwoording."
                     if len(zinnen) else
                     "Bij geen van de hoogst geplaatste verbeterpunten komen de punten van maar een klein deel "
                     "van de zaal.")


def _spread(report, result, row) -> None:
    spread = result.spreiding[result.spreiding["sessie"] == row.sessie]
    if spread["onderdrukt"].all():
        report.paragraph("Te weinig deelnemers stemden om de spreiding van de punten te tonen.")
        return
    table = pd.DataFrame({
        "Verbeterpunt": spread["code"], "Punten": spread["punten"],
        "Deelnemers met punten": [f"{int(s)} van {int(n)}" for s, n in zip(spread["stemmers"], spread["n"])],
        "Deel van één deelnemer": spread["aandeel_topstemmer"], "Gini": spread["gini"],
        "Verdeeld": ["ja" if bool(v) else "nee" for v in spread["verdeeld"].fillna(False)]})
    report.table(table, f"Spreiding van de punten over de zaal ({_short(row)})",
                 {"Deel van één deelnemer": "{:.0%}", "Gini": "{:.2f}"})
    zinnen = result.zinnen[(result.zinnen["sessie"] == row.sessie) & (result.zinnen["soort"] == "verdeeld")]
    report.paragraph(" ".join(zinnen["zin"]) if len(zinnen) else
                     "Bij geen van de hoogst geplaatste verbeterpunten komen de punten van maar een klein deel "
                     "van de zaal.")


def _alt(rank, roles, min_group) -> str:
    shown = roles[~roles["onderdrukt"].astype(bool)]
    parts = []
    for r in rank.itertuples():
        by_group = shown[shown["code"] == r.code]
        split = ", ".join(f"{group_label(g.rolgroep).lower()} {int(g.punten)}" for g in by_group.itertuples())
        parts.append(f"{r.code} {int(r.punten)} punten" + (f" ({split})" if split else ""))
    return ("Liggend staafdiagram van de punten per verbeterpunt, van hoog naar laag, verdeeld naar rolgroep"
            + ("" if len(shown) else f" (geen uitsplitsing: elke rolgroep kleiner dan {min_group})") + ": "
            + "; ".join(parts) + ".")
