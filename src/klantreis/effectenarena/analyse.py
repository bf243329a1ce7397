"""The effectenarena in numbers: tidy tables in, tidy tables out (numbers only; `text` writes
the sentences).

The priority of a factor for one participant is the number of dots given (method `stippen`;
a factor without dots has 0) or impact × haalbaarheid, 1–25 (method `impact_haalbaarheid`;
missing when not scored). Per session:

- `ranking`: factors ranked by the room (sum of dots, or the mean of impact × haalbaarheid)
- `per_rolgroep`: the same per role group, with the group's numbers hidden below the study's
  minimum (and a second group hidden where subtraction from the room's total would reveal it)
- `perspectieven`: factors by perspective (cliënt, professional, organisatie, beleid), hindering
  and helping, as in the Movisie report for Diemen, Uithoorn and Ouder-Amstel (2019)
- `kwadranten`: impact × haalbaarheid per factor and its quadrant (sessions scored that way)
- `overeenstemming`: Kendall's W and ICC(2,k) with its 95% interval, for the room and per role
  group that reaches the minimum (`stats.agreement`)
- `verschillen`: per factor its place in each role group shown, and the spread

The scoring is the kit's own design: no published source gives the effectenarena a numeric
scale (see the method section of the report).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..privacy import as_redactor, suppress_small_groups
from ..stats.agreement import icc, kendall_w
from .model import KINDS, NOT_SCORING, PERSPECTIEVEN, SCALE, SOORTEN, rolgroep

ROOM = "alle deelnemers"
MIDPOINT = (SCALE[0] + SCALE[1]) / 2
QUADRANTS = {  # (impact high, haalbaarheid high) → name
    (True, True): "eerst doen", (True, False): "lange adem",
    (False, True): "makkelijk, weinig winst", (False, False): "laten liggen"}


@dataclass
class Effectenarena:
    min_group: int
    tabellen: dict[str, pd.DataFrame]
    ranking: pd.DataFrame
    per_rolgroep: pd.DataFrame
    perspectieven: pd.DataFrame
    kwadranten: pd.DataFrame
    overeenstemming: pd.DataFrame
    verschillen: pd.DataFrame
    sessies: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def empty(self) -> bool:
        return self.sessies.empty


# --- tidy tables ---------------------------------------------------------------------------------

def tables(sessions: dict, terms=()) -> dict[str, pd.DataFrame]:
    """The sessions as long tables; every free text is redacted here, before any output
    (`terms`: the study's Redactor, or a list of words to remove)."""
    redact = as_redactor(terms)
    rows: dict[str, list] = {k: [] for k in ("sessies", "deelnemers", "kaarten", "verbindingen", "factoren", "scores")}
    for name, s in sessions.items():
        method = s.scoring.methode
        rows["sessies"].append({"sessie": name, "titel": s.titel, "datum": s.datum, "gemeente": s.gemeente,
                                "methode": method, "stippen_per_deelnemer": s.scoring.stippen_per_deelnemer,
                                "deelnemers": len(s.deelnemers), "huishoudens": len(s.huishoudens),
                                "factoren": len(s.factoren)})
        roles = {d.id: d.rol for d in s.deelnemers}
        for d in s.deelnemers:
            rows["deelnemers"].append({"sessie": name, "gemeente": s.gemeente, "deelnemer": d.id, "rol": d.rol,
                                       "rolgroep": rolgroep(d.rol), "stemt": d.rol not in NOT_SCORING})
        for arena in s.huishoudens:
            kinds = {}
            for kind in KINDS:
                for card in getattr(arena, kind):
                    kinds[card.id] = kind
                    rows["kaarten"].append({"sessie": name, "huishouden": arena.huishouden, "soort": kind,
                                            "voor": getattr(card, "voor", None), "kaart": card.id,
                                            "tekst": redact(card.tekst)})
            for link in arena.verbindingen:
                rows["verbindingen"].append({"sessie": name, "huishouden": arena.huishouden, "van": link.van,
                                             "naar": link.naar, "van_soort": kinds[link.van],
                                             "naar_soort": kinds[link.naar]})
        for f in s.factoren:
            rows["factoren"].append({"sessie": name, "gemeente": s.gemeente, "methode": method, "factor": f.id,
                                     "tekst": redact(f.tekst), "soort": f.soort, "perspectief": f.perspectief,
                                     "kenmerk": f.kenmerk, "huishouden": f.huishouden})
        for score in s.scores:
            for f in s.factoren:
                if method == "stippen":
                    dots, impact, feasible = score.stippen.get(f.id, 0), None, None
                    priority = float(dots)
                else:
                    dots, impact, feasible = None, score.impact.get(f.id), score.haalbaarheid.get(f.id)
                    priority = float(impact * feasible) if impact is not None and feasible is not None else np.nan
                rows["scores"].append({"sessie": name, "deelnemer": score.deelnemer, "rol": roles[score.deelnemer],
                                       "rolgroep": rolgroep(roles[score.deelnemer]), "factor": f.id, "stippen": dots,
                                       "impact": impact, "haalbaarheid": feasible, "prioriteit": priority})
    columns = {
        "sessies": ["sessie", "titel", "datum", "gemeente", "methode", "stippen_per_deelnemer", "deelnemers",
                    "huishoudens", "factoren"],
        "deelnemers": ["sessie", "gemeente", "deelnemer", "rol", "rolgroep", "stemt"],
        "kaarten": ["sessie", "huishouden", "soort", "voor", "kaart", "tekst"],
        "verbindingen": ["sessie", "huishouden", "van", "naar", "van_soort", "naar_soort"],
        "factoren": ["sessie", "gemeente", "methode", "factor", "tekst", "soort", "perspectief", "kenmerk", "huishouden"],
        "scores": ["sessie", "deelnemer", "rol", "rolgroep", "factor", "stippen", "impact", "haalbaarheid", "prioriteit"],
    }
    out = {k: pd.DataFrame(v, columns=columns[k]) for k, v in rows.items()}
    for k in ("stippen", "impact", "haalbaarheid"):
        out["scores"][k] = out["scores"][k].astype("Float64").astype(float)
    out["scores"]["prioriteit"] = out["scores"]["prioriteit"].astype(float)
    return out


# --- rankings ------------------------------------------------------------------------------------

def rank_factors(scores: pd.DataFrame, factors: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Factors ranked per session (and per group of `by`): for dots the sum, for impact ×
    haalbaarheid the means; `rang` 1 is the highest priority (ties share the best place).

    Columns: sessie, [by], factor, n (participants who scored it), stippen, aandeel (of the
    group's dots), impact, haalbaarheid, prioriteit, rang."""
    by = list(by or [])
    keys = ["sessie", *by, "factor"]
    scored = scores.dropna(subset=["prioriteit"])
    agg = scored.groupby(keys, sort=False).agg(
        n=("deelnemer", "nunique"), stippen=("stippen", "sum"), impact=("impact", "mean"),
        haalbaarheid=("haalbaarheid", "mean"), gemiddelde=("prioriteit", "mean")).reset_index()
    agg = agg.merge(factors[["sessie", "factor", "methode"]], on=["sessie", "factor"], how="left")
    dots = agg["methode"] == "stippen"
    agg["prioriteit"] = agg["gemiddelde"].where(~dots, agg["stippen"])
    agg.loc[~dots, "stippen"] = np.nan
    agg.loc[dots, ["impact", "haalbaarheid"]] = np.nan
    group_total = agg.groupby(["sessie", *by])["stippen"].transform("sum")
    agg["aandeel"] = (agg["stippen"] / group_total.replace(0, np.nan)).where(dots)
    agg["rang"] = agg.groupby(["sessie", *by])["prioriteit"].rank(method="min", ascending=False).astype(int)
    agg = agg.sort_values(["sessie", *by, "rang", "factor"], kind="stable").reset_index(drop=True)
    return agg[["sessie", *by, "factor", "n", "stippen", "aandeel", "impact", "haalbaarheid", "prioriteit", "rang"]]


def rank_by_role(scores: pd.DataFrame, factors: pd.DataFrame, participants: pd.DataFrame,
                 min_group: int) -> pd.DataFrame:
    """`rank_factors` per role group, with `n_groep` (participants of the group who scored in
    the session) and the numbers of groups below `min_group` hidden (`privacy.suppress_small_groups`,
    with the room's total as the published sum, so a second group may be hidden too)."""
    ranked = rank_factors(scores, factors, by=["rolgroep"])
    sizes = (scores.groupby(["sessie", "rolgroep"])["deelnemer"].nunique().rename("n_groep").reset_index())
    ranked = ranked.merge(sizes, on=["sessie", "rolgroep"], how="left")
    values = ["n", "stippen", "aandeel", "impact", "haalbaarheid", "prioriteit", "rang"]
    return suppress_small_groups(ranked, "n_groep", values, min_group, siblings=["sessie", "factor"])


def by_perspective(factors: pd.DataFrame, ranking: pd.DataFrame) -> pd.DataFrame:
    """Per session and perspective: hindering and helping factors, the priority they got
    (dots: sum and share; impact × haalbaarheid: the mean over its factors) and the factor the
    room put first. All four perspectives appear, also without factors."""
    merged = factors.merge(ranking[["sessie", "factor", "prioriteit", "stippen", "rang"]], on=["sessie", "factor"],
                           how="left")
    rows = []
    for sessie, part in merged.groupby("sessie", sort=False):
        dots = part["methode"].iloc[0] == "stippen"
        total = part["stippen"].sum() if dots else np.nan
        for code in PERSPECTIEVEN:
            own = part[part["perspectief"] == code]
            top = own.sort_values(["rang", "factor"]).head(1)
            rows.append({
                "sessie": sessie, "perspectief": code, "belemmerend": int((own["soort"] == "belemmerend").sum()),
                "bevorderend": int((own["soort"] == "bevorderend").sum()), "factoren": len(own),
                "stippen": float(own["stippen"].sum()) if dots else np.nan,
                "aandeel": float(own["stippen"].sum() / total) if dots and total else np.nan,
                "gemiddelde_prioriteit": float(own["prioriteit"].mean()) if len(own) and not dots else np.nan,
                "hoogste_factor": top["factor"].iloc[0] if len(top) else None,
                "hoogste_rang": float(top["rang"].iloc[0]) if len(top) and pd.notna(top["rang"].iloc[0]) else np.nan})
    return pd.DataFrame(rows, columns=["sessie", "perspectief", "belemmerend", "bevorderend", "factoren", "stippen",
                                       "aandeel", "gemiddelde_prioriteit", "hoogste_factor", "hoogste_rang"])


def quadrants(ranking: pd.DataFrame, midpoint: float = MIDPOINT) -> pd.DataFrame:
    """Impact × haalbaarheid per factor (sessions scored that way) and its quadrant: above the
    middle of the scale (> `midpoint`) counts as high."""
    part = ranking.dropna(subset=["impact", "haalbaarheid"]).copy()
    part["kwadrant"] = [QUADRANTS[(i > midpoint, h > midpoint)] for i, h in zip(part["impact"], part["haalbaarheid"])]
    return part[["sessie", "factor", "n", "impact", "haalbaarheid", "prioriteit", "rang", "kwadrant"]].reset_index(drop=True)


# --- agreement -----------------------------------------------------------------------------------

def agreement(scores: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """Kendall's W and ICC(2,k) with its 95% interval, for the whole room (`groep` = "alle
    deelnemers") and per role group, per session. Only factors every participant of the group
    scored count. A role group below `min_group` keeps its row with `onderdrukt` and no numbers;
    where the room's size minus the groups shown would reveal it, the smallest group shown is
    hidden too (`afgeschermd`, `privacy.suppress_small_groups`)."""
    rows = []
    for sessie, part in scores.dropna(subset=["prioriteit"]).groupby("sessie", sort=False):
        groups = [(ROOM, part)] + [(g, p) for g, p in part.groupby("rolgroep", sort=True)]
        for group, data in groups:
            m = data["deelnemer"].nunique()
            row = {"sessie": sessie, "groep": group, "m": m}
            if m >= min_group:
                w = kendall_w(data, "factor", "deelnemer", "prioriteit").iloc[0]
                c = icc(data, "factor", "deelnemer", "prioriteit", kind="ICC2k").iloc[0]
                row.update(n_factoren=int(w["n"]), W=w["W"], p_W=w["p"], icc=c["icc"], icc_onder=c["ci_low"],
                           icc_boven=c["ci_high"])
            rows.append(row)
    values = ["n_factoren", "W", "p_W", "icc", "icc_onder", "icc_boven"]
    out = pd.DataFrame(rows, columns=["sessie", "groep", "m", *values])
    out["n_factoren"] = out["n_factoren"].astype("Int64")
    return suppress_small_groups(out, "m", values, min_group, siblings=["sessie"])


def differences(per_role: pd.DataFrame) -> pd.DataFrame:
    """Per session and factor: its place in every role group that is shown, and the spread
    (highest place − lowest place). Sessions with fewer than two shown groups have no rows."""
    shown = per_role[~per_role["onderdrukt"].astype(bool)]
    rows = []
    for (sessie, factor), part in shown.groupby(["sessie", "factor"], sort=False):
        if part["rolgroep"].nunique() < 2:
            continue
        ranks = dict(zip(part["rolgroep"], part["rang"].astype(int)))
        high = min(ranks, key=lambda g: (ranks[g], g))
        low = max(ranks, key=lambda g: (ranks[g], g))
        rows.append({"sessie": sessie, "factor": factor, "plaatsen": ranks, "hoogst": high, "laagst": low,
                     "spreiding": ranks[low] - ranks[high]})
    out = pd.DataFrame(rows, columns=["sessie", "factor", "plaatsen", "hoogst", "laagst", "spreiding"])
    return out.sort_values(["sessie", "spreiding", "factor"], ascending=[True, False, True], kind="stable") \
        .reset_index(drop=True)


# --- the whole analysis ----------------------------------------------------------------------------

def analyse(study) -> Effectenarena:
    """Every table of the effectenarena for a loaded study (the method's `analyse`)."""
    t = tables(study.effectenarena, study.redactor)
    ranking = rank_factors(t["scores"], t["factoren"])
    per_role = rank_by_role(t["scores"], t["factoren"], t["deelnemers"], study.min_group)
    return Effectenarena(
        min_group=study.min_group, tabellen=t, ranking=ranking, per_rolgroep=per_role,
        perspectieven=by_perspective(t["factoren"], ranking), kwadranten=quadrants(ranking),
        overeenstemming=agreement(t["scores"], study.min_group), verschillen=differences(per_role),
        sessies=t["sessies"])


def evidence(study, analysis=None) -> pd.DataFrame:
    """The factors as evidence per kenmerk, for the zeven kenmerken: kenmerk, gemeente (None for
    a session of several municipalities), bron, indicator (the factor), richting (positief for a
    helping factor, negatief for a hindering one), sterkte (the factor's priority relative to the
    session's highest, 0–1) and verwijzing (session file and factor)."""
    a = analysis if analysis is not None else analyse(study)  # a report build passes its own
    f = a.tabellen["factoren"].merge(a.ranking[["sessie", "factor", "prioriteit"]], on=["sessie", "factor"], how="left")
    top = f.groupby("sessie")["prioriteit"].transform("max")
    strength = (f["prioriteit"] / top.replace(0, np.nan)).fillna(0.0)
    return pd.DataFrame({
        "kenmerk": f["kenmerk"], "gemeente": f["gemeente"], "bron": "effectenarena",
        "indicator": f["tekst"], "richting": f["soort"].map({"bevorderend": "positief", "belemmerend": "negatief"}),
        "sterkte": strength.astype(float), "verwijzing": "effectenarena/" + f["sessie"] + ".yaml#" + f["factor"],
    }, columns=["kenmerk", "gemeente", "bron", "indicator", "richting", "sterkte", "verwijzing"])


def labels() -> dict[str, dict[str, str]]:
    """Display names of the codes in the tables (perspectives, kinds of factor)."""
    return {"perspectief": dict(PERSPECTIEVEN), "soort": dict(SOORTEN)}
