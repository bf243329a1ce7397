"""Analysis of the gezamenlijke reis: tidy tables in, tidy tables out.

- `session_tables`: the sessions as long tables (sessions, participants, improvement points,
  links, votes with a row per voter × improvement point, zeros included);
- `ranking`: the improvement points ranked by their points, per session;
- `role_comparison`: what residents, professionals and policy put first, per session; a role
  group below the study's minimum gets no numbers (and a group that the others would reveal by
  subtraction from the total is shielded too, see `privacy.suppress_small_groups`);
- `spread`: how the points of one improvement point are spread over the room (voters, share of
  the top voter, Gini coefficient from `stats.concentration`), with the flag `verdeeld` where a
  pile of dots hides disagreement.

Free text (the improvement points) is redacted when the tables are made, so every output
downstream gets the redacted text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..privacy import as_redactor, suppress_small_groups
from ..stats.inequality import concentration
from .model import NON_VOTING

# Which role of `sessie_rollen` speaks for whom when the room's priorities are compared.
ROLE_GROUPS = {
    "inwoner": "inwoners", "clientvertegenwoordiger": "inwoners",
    "professional": "professionals", "ketenpartner": "professionals",
    "beleid": "beleid", "management": "beleid",
}
GROUP_ORDER = ["inwoners", "professionals", "beleid", "overig"]
# A pile of dots hides disagreement when the points are as concentrated as if at most a quarter
# of the room had given them all (for equal givers G = 1 − k/n) ...
GINI_VERDEELD = 0.75
# ... and the point is high enough in the ranking for the pile to be read as a priority.
TOP = 5


def role_group(rol: str) -> str:
    return ROLE_GROUPS.get(rol, "overig")


def session_tables(sessions, redact_terms=()) -> dict[str, pd.DataFrame]:
    """Long tables of the loaded sessions (`model.LoadedSession`), one row per observation.

    - `sessies`: one row per session (municipality or None, date, max points, participants, voters)
    - `deelnemers`: participant, role and role group
    - `verbeterpunten`: code, redacted text, linked steps, sleutelmomenten and kenmerken (lists)
    - `koppelingen`: one row per link (soort stap/sleutelmoment/kenmerk, doel)
    - `stemmen`: one row per voter × improvement point with the points given (0 included), so
      the spread over the room can be measured
    """
    redact = as_redactor(redact_terms)  # the study's Redactor, or a list of words
    sess, people, points, links, votes = [], [], [], [], []
    for loaded in sessions:
        s = loaded.sessie
        base = {"sessie": loaded.naam}
        roles = {d.id: d.rol for d in s.deelnemers}
        voters = [v for v in s.stemmen if roles.get(v.deelnemer) not in NON_VOTING]
        sess.append({**base, "bestand": loaded.bestand, "gemeente": s.gemeente, "datum": s.datum,
                     "max_punten": s.max_punten, "deelnemers": sum(r not in NON_VOTING for r in roles.values()),
                     "stemmers": len(voters), "verbeterpunten": len(s.verbeterpunten)})
        for d in s.deelnemers:
            people.append({**base, "deelnemer": d.id, "rol": d.rol, "rolgroep": role_group(d.rol),
                           "stemt": d.rol not in NON_VOTING})
        for p in s.verbeterpunten:
            points.append({**base, "code": p.code, "tekst": redact(p.tekst),
                           "stappen": list(p.stappen), "sleutelmomenten": list(p.sleutelmomenten),
                           "kenmerken": list(p.kenmerken)})
            for soort, targets in (("stap", p.stappen), ("sleutelmoment", p.sleutelmomenten),
                                   ("kenmerk", p.kenmerken)):
                links.extend({**base, "code": p.code, "soort": soort, "doel": t} for t in targets)
        for v in voters:
            for p in s.verbeterpunten:
                votes.append({**base, "deelnemer": v.deelnemer, "rol": roles[v.deelnemer],
                              "rolgroep": role_group(roles[v.deelnemer]), "code": p.code,
                              "punten": int(v.punten.get(p.code, 0))})
    return {
        "sessies": pd.DataFrame(sess, columns=["sessie", "bestand", "gemeente", "datum", "max_punten", "deelnemers",
                                               "stemmers", "verbeterpunten"]),
        "deelnemers": pd.DataFrame(people, columns=["sessie", "deelnemer", "rol", "rolgroep", "stemt"]),
        "verbeterpunten": pd.DataFrame(points, columns=["sessie", "code", "tekst", "stappen", "sleutelmomenten",
                                                        "kenmerken"]),
        "koppelingen": pd.DataFrame(links, columns=["sessie", "code", "soort", "doel"]),
        "stemmen": pd.DataFrame(votes, columns=["sessie", "deelnemer", "rol", "rolgroep", "code", "punten"])
        .astype({"punten": "int64"}),
    }


def ranking(stemmen: pd.DataFrame, verbeterpunten: pd.DataFrame) -> pd.DataFrame:
    """The improvement points of each session ranked by their points.

    `punten` is the sum of the points given, `stemmers` the number of participants who gave it
    any, `aandeel` its share of all points given in the session, `rang` the rank (1 = most
    points; ties share the best rank, as in sports: 1, 2, 2, 4). Points without votes rank last.
    """
    totals = stemmen.assign(gaf=stemmen["punten"] > 0).groupby(["sessie", "code"], sort=False) \
        .agg(punten=("punten", "sum"), stemmers=("gaf", "sum")).reset_index()
    out = verbeterpunten.merge(totals, on=["sessie", "code"], how="left")
    out[["punten", "stemmers"]] = out[["punten", "stemmers"]].fillna(0).astype(int)
    session_total = out.groupby("sessie")["punten"].transform("sum")
    out["aandeel"] = (out["punten"] / session_total.where(session_total > 0)).astype(float)
    out["rang"] = out.groupby("sessie")["punten"].rank(method="min", ascending=False).astype(int)
    out["_nr"] = out["code"].str[1:].astype(int)
    out = out.sort_values(["sessie", "rang", "_nr"]).drop(columns="_nr").reset_index(drop=True)
    return out[["sessie", "rang", "code", "tekst", "punten", "stemmers", "aandeel", "stappen", "sleutelmomenten",
                "kenmerken"]]


def role_comparison(stemmen: pd.DataFrame, min_group: int = 5) -> pd.DataFrame:
    """Per session, role group and improvement point: the group's points and the rank the group
    gave it (1 = the group's first priority).

    `n` is the number of voters in the role group. A group below `min_group` gets no numbers
    (`onderdrukt`); because the session's total is published too, a group whose numbers would
    follow from the total minus the others is hidden as well (`afgeschermd`).
    """
    groups = stemmen.groupby(["sessie", "rolgroep"])["deelnemer"].nunique().rename("n").reset_index()
    points = stemmen.groupby(["sessie", "rolgroep", "code"])["punten"].sum().reset_index()
    out = points.merge(groups, on=["sessie", "rolgroep"])
    out["rang"] = out.groupby(["sessie", "rolgroep"])["punten"].rank(method="min", ascending=False).astype(int)
    out["_groep"] = out["rolgroep"].map({g: i for i, g in enumerate(GROUP_ORDER)}).fillna(len(GROUP_ORDER))
    out = out.sort_values(["sessie", "_groep", "rang", "code"]).drop(columns="_groep").reset_index(drop=True)
    out = out[["sessie", "rolgroep", "n", "code", "punten", "rang"]]
    return suppress_small_groups(out, "n", ["punten", "rang"], min_group, siblings=["sessie", "code"])


def spread(stemmen: pd.DataFrame, rank: pd.DataFrame, min_group: int = 5) -> pd.DataFrame:
    """How the points of each improvement point are spread over the room.

    Per session and improvement point: `n` voters in the room, `stemmers` who gave it points,
    `punten`, `aandeel_topstemmer` (the largest number of points one participant gave it,
    divided by its points), `gini` (the Gini coefficient of the points per voter, zeros
    included: 0 when everyone gave the same, (n − 1)/n when one voter gave all), and
    `verdeeld`: a point in the top `TOP` whose Gini is at least `GINI_VERDEELD`, i.e. a pile
    of dots that a few participants made while the rest of the room gave it nothing.

    A session with fewer voters than `min_group` gets no spread (`onderdrukt`): with so few
    voters the share of the top voter points at a person.
    """
    measured = concentration(stemmen, dv="punten", group=["sessie", "code"]).rename(columns={
        "n_positive": "stemmers", "total": "punten", "top_share": "aandeel_topstemmer"})
    out = rank[["sessie", "rang", "code", "tekst"]].merge(measured, on=["sessie", "code"], how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out["stemmers"] = out["stemmers"].fillna(0).astype(int)
    out["punten"] = out["punten"].fillna(0).astype(int)
    out["verdeeld"] = (out["rang"] <= TOP) & (out["gini"] >= GINI_VERDEELD)
    out = out[["sessie", "rang", "code", "tekst", "n", "stemmers", "punten", "aandeel_topstemmer", "gini", "verdeeld"]]
    return suppress_small_groups(out, "n", ["stemmers", "aandeel_topstemmer", "gini", "verdeeld"], min_group,
                                 siblings=None)


@dataclass
class GezamenlijkeReis:
    """All tables of a study's gezamenlijke reis sessions, computed once."""

    tabellen: dict[str, pd.DataFrame]
    rangorde: pd.DataFrame
    rollen: pd.DataFrame
    spreiding: pd.DataFrame
    zinnen: pd.DataFrame


def analyse(study) -> GezamenlijkeReis:
    """Run the whole analysis on a loaded `Study`."""
    from .text import statements

    t = session_tables(study.gezamenlijke_reis, study.redactor)
    rank = ranking(t["stemmen"], t["verbeterpunten"])
    roles = role_comparison(t["stemmen"], study.min_group)
    spreiding = spread(t["stemmen"], rank, study.min_group)
    return GezamenlijkeReis(tabellen=t, rangorde=rank, rollen=roles, spreiding=spreiding,
                            zinnen=statements(rank, roles, spreiding))


def evidence(study, analysis=None) -> pd.DataFrame:
    """Evidence per kenmerk for the zeven kenmerken: one row per improvement point × linked
    kenmerk. `gemeente` is missing for a session of all municipalities together. `richting` is
    "verbeterpunt" (the room found this kenmerk needs work); `sterkte`
    is the point's share of all points given in its session; `verwijzing` names the file and code."""
    result = analysis if analysis is not None else analyse(study)  # a report build passes its own
    sessions = result.tabellen["sessies"].set_index("sessie")
    rows = []
    for r in result.rangorde.itertuples():
        for kenmerk in r.kenmerken:
            rows.append({"kenmerk": kenmerk, "gemeente": sessions.at[r.sessie, "gemeente"],
                         "bron": "gezamenlijke reis", "indicator": f"{r.code}: {r.tekst}",
                         "richting": "verbeterpunt", "sterkte": r.aandeel,
                         "verwijzing": f"{sessions.at[r.sessie, 'bestand']}, {r.code} (plaats {r.rang}, "
                                       f"{r.punten} punten)"})
    return pd.DataFrame(rows, columns=["kenmerk", "gemeente", "bron", "indicator", "richting", "sterkte",
                                       "verwijzing"])
