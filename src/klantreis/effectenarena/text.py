"""The effectenarena in words: where the room agrees, where role groups differ.

`analyse` returns numbers; this module writes the Dutch sentences for the report, the notebook
and `klantreis effectenarena overzicht`. It only reads rows that are not suppressed, so a role
group below the study's minimum is never described by a number, a place or a name of a
factor it put first.
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import getal, stuks
from .analyse import ROOM
from .model import ROLGROEP_NAMEN

MIN_SPREAD = 3     # a factor is named as a difference when role groups place it this far apart
MAX_DIFFERENCES = 3


def group_name(code: str) -> str:
    """'inwoners' → 'inwoners en cliëntvertegenwoordigers'; the room → 'de hele zaal'."""
    if code == ROOM:
        return "de hele zaal"
    return ROLGROEP_NAMEN.get(code, code).lower()


def strength(w: float) -> str:
    """A word for Kendall's W (the kit's own bands, see the method section)."""
    if w != w:
        return "niet te bepalen"
    if w < 0.1:
        return "nauwelijks"
    if w < 0.3:
        return "zwak"
    if w < 0.5:
        return "matig"
    if w < 0.7:
        return "redelijk sterk"
    return "sterk"


def agreement_sentences(agreement: pd.DataFrame, sessie: str, measures: bool = True) -> list[str]:
    """How much the room agreed, and which role groups agreed more or less than the room.

    With `measures` False the sentences say it in words only (the main text of the report);
    Kendall's W and the ICC with its interval are then left to the appendix."""
    part = agreement[(agreement["sessie"] == sessie) & ~agreement["onderdrukt"].astype(bool)]
    room = part[part["groep"] == ROOM]
    if not len(room) or room["W"].isna().all():
        return ["Er waren te weinig deelnemers of factoren om de overeenstemming in de zaal te berekenen."]
    r = room.iloc[0]
    reliable = 'goed' if r['icc'] >= 0.75 else 'redelijk' if r['icc'] >= 0.5 else 'weinig'
    if measures:
        out = [f"De overeenstemming in de hele zaal over de volgorde van de factoren is {strength(float(r['W']))} "
               f"(Kendalls W = {getal(float(r['W']), 2)} over {int(r['n_factoren'])} factoren). De gemiddelde "
               f"prioriteit van de zaal is {reliable} "
               f"betrouwbaar (ICC = {getal(float(r['icc']), 2)}, 95%-interval {getal(float(r['icc_onder']), 2)} tot "
               f"{getal(float(r['icc_boven']), 2)})."]
    else:
        out = [f"De overeenstemming in de hele zaal over de volgorde van de factoren is {strength(float(r['W']))}; "
               f"de gemiddelde prioriteit van de zaal is {reliable} betrouwbaar (de maten staan in de bijlage "
               "Statistische verantwoording)."]
    groups = part[(part["groep"] != ROOM) & part["W"].notna()]
    more = groups[groups["W"] > r["W"]]
    if len(more):
        out.append("Binnen " + _join([f"{group_name(g)} (W = {getal(float(w), 2)})" if measures else group_name(g)
                                      for g, w in zip(more["groep"], more["W"])])
                   + " lagen de meningen dichter bij elkaar dan in de hele zaal"
                   + (": de verschillen zitten vooral tussen de rolgroepen." if len(more) == len(groups) >= 2 else "."))
    hidden = agreement[(agreement["sessie"] == sessie) & agreement["onderdrukt"].astype(bool)]
    if len(hidden):
        out.append("Rolgroepen met te weinig deelnemers, of die via het totaal herleidbaar zouden zijn, staan hier "
                   "niet apart; hun scores tellen wel mee voor de hele zaal.")
    return out


def difference_sentences(per_role: pd.DataFrame, differences: pd.DataFrame, sessie: str,
                         factor_names: dict[str, str]) -> list[str]:
    """What each shown role group put first, and the factors they placed furthest apart."""
    shown = per_role[(per_role["sessie"] == sessie) & ~per_role["onderdrukt"].astype(bool)]
    if shown["rolgroep"].nunique() < 2:
        return ["De rolgroepen zijn in deze sessie niet apart te vergelijken: minstens twee rolgroepen moeten "
                "groot genoeg zijn om te tonen."]
    firsts = []
    for group, part in shown.groupby("rolgroep", sort=True):
        top = part[part["rang"].astype(float) == 1]
        names = [f"‘{factor_names.get(f, f)}’" for f in top["factor"]]
        firsts.append(f"{group_name(group)} {_join(names)}")
    out = ["Op de eerste plaats zetten " + _join(firsts) + "."]
    diff = differences[(differences["sessie"] == sessie) & (differences["spreiding"] >= MIN_SPREAD)]
    for r in diff.head(MAX_DIFFERENCES).itertuples():
        out.append(f"De rolgroepen verschillen over ‘{factor_names.get(r.factor, r.factor)}’: plaats "
                   f"{r.plaatsen[r.hoogst]} bij {group_name(r.hoogst)}, plaats {r.plaatsen[r.laagst]} bij "
                   f"{group_name(r.laagst)}.")
    if not len(diff):
        out.append(f"Geen factor staat bij de rolgroepen meer dan {MIN_SPREAD - 1} plaatsen uit elkaar.")
    return out


def overview_lines(a, min_group: int) -> list[str]:
    """What `klantreis effectenarena overzicht` prints: per session the top five and the room."""
    if a.empty:
        return ["Deze studie heeft nog geen effectenarena-sessies (map effectenarena/)."]
    lines = []
    factors = a.tabellen["factoren"]
    for s in a.sessies.itertuples():
        names = dict(zip(factors.loc[factors["sessie"] == s.sessie, "factor"],
                         factors.loc[factors["sessie"] == s.sessie, "tekst"]))
        lines.append(f"{s.titel} ({s.sessie}; {s.gemeente if pd.notna(s.gemeente) else 'meer gemeenten'})")
        top = a.ranking[a.ranking["sessie"] == s.sessie].head(5)
        for r in top.itertuples():
            what = (f"{int(r.stippen)} stippen" if s.methode == "stippen" else
                    f"impact {getal(r.impact)}, haalbaarheid {getal(r.haalbaarheid)}")
            lines.append(f"  {r.rang}. {r.factor} {names.get(r.factor, '')} ({what})")
        lines += ["  " + zin for zin in agreement_sentences(a.overeenstemming, s.sessie)]
        lines += ["  " + zin for zin in difference_sentences(a.per_rolgroep, a.verschillen, s.sessie, names)]
    return lines


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


# --- sentences for the municipality chapters (`effectenarena.bevindingen`) -------------------------

def _score(r, method: str, n_factors: int) -> str:
    place = f"plaats {int(r['rang'])} van {n_factors}"
    if method == "stippen":
        return f"{stuks(int(r['stippen']), 'stip', 'stippen')}, {place}"
    return (f"prioriteit {getal(float(r['prioriteit']))} op 1–25: impact {getal(float(r['impact']))}, haalbaarheid "
            f"{getal(float(r['haalbaarheid']))}; {place}")


def factor_sentence(r, method: str, n_factors: int, with_score: bool) -> str:
    """A factor as the room named it, e.g. "In de effectenarena noemde de zaal ‘Schuldhulp heeft
    een wachtlijst’ belemmerend (12 stippen, plaats 1 van 10)."; without its score when the room
    was too small to show numbers."""
    score = f" ({_score(r, method, n_factors)})" if with_score else ""
    return f"In de effectenarena noemde de zaal ‘{r['tekst']}’ {r['soort']}{score}."


def gain_sentence(r, method: str, n_factors: int, with_score: bool) -> str:
    """A factor among the highest priorities: where the room saw the most to gain."""
    score = f" ({_score(r, method, n_factors)})" if with_score else ""
    if r["soort"] == "belemmerend":
        return f"In de effectenarena zag de zaal veel winst als ‘{r['tekst']}’ wordt aangepakt{score}."
    return f"In de effectenarena zag de zaal veel winst in het verder uitbouwen van ‘{r['tekst']}’{score}."


def session_source(titel: str, day) -> str:
    from ..report.numbers import datum

    return f"effectenarena ‘{titel}’, {datum(day)}"
