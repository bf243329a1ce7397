"""The gezamenlijke reis in words: names of the role groups and the plain sentences about the
votes. The analysis returns numbers; this module writes the Dutch (numbers via `report.numbers`).
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import getal, procent

GROUP_LABELS = {"inwoners": "Inwoners", "professionals": "Professionals", "beleid": "Beleid en management",
                "overig": "Overige rollen"}
# How far apart two role groups must rank a point before the sentence says they differ.
RANK_GAP = 3


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group, group)


def statements(rank: pd.DataFrame, roles: pd.DataFrame, spreiding: pd.DataFrame, measures: bool = True) -> pd.DataFrame:
    """Sentences per session: where a pile of dots hides disagreement, and where role groups
    put a point far apart. Suppressed groups and sessions are never described. With `measures`
    False the sentence leaves out the Gini coefficient (the report's main text)."""
    rows = []
    for sessie, part in spreiding.groupby("sessie", sort=False):
        for r in part[part["verdeeld"].fillna(False).astype(bool)].itertuples():
            top = float(r.aandeel_topstemmer)
            rows.append({"sessie": sessie, "soort": "verdeeld", "code": r.code, "zin": (
                f"{r.code} staat op plaats {r.rang} met {int(r.punten)} punten, maar die punten komen van "
                f"{int(r.stemmers)} van de {int(r.n)} deelnemers die stemden; één deelnemer gaf er "
                f"{procent(top)} van" + (f" (Gini {getal(float(r.gini), 2)})" if measures else "")
                + ". De stapel stippen verbergt dat de rest "
                "van de zaal er geen prioriteit van maakte.")})
        shown = roles[(roles["sessie"] == sessie) & ~roles["onderdrukt"]]
        if shown["rolgroep"].nunique() < 2:
            continue
        for code, by_code in shown.groupby("code", sort=False):
            ranks = by_code.set_index("rolgroep")["rang"].astype(int)
            first, last = ranks.idxmin(), ranks.idxmax()
            if ranks[first] == 1 and ranks[last] - ranks[first] >= RANK_GAP:
                rows.append({"sessie": sessie, "soort": "rollen", "code": code, "zin": (
                    f"{group_label(first)} zetten {code} op de eerste plaats; "
                    f"{group_label(last).lower()} op plaats {ranks[last]}.")})
    return pd.DataFrame(rows, columns=["sessie", "soort", "code", "zin"])


def improvement_sentence(r, n_points: int, voters: int, with_score: bool) -> str:
    """An improvement point and the room's priority for it, e.g. "In de gezamenlijke reis gaf
    de zaal het verbeterpunt ‘…’ 17 punten (plaats 2 van 8; 4 van de 18 deelnemers gaven er
    punten aan)."; without numbers when too few participants voted to show them."""
    if not with_score:
        return f"In de gezamenlijke reis benoemde de zaal het verbeterpunt ‘{r['tekst']}’."
    return (f"In de gezamenlijke reis gaf de zaal het verbeterpunt ‘{r['tekst']}’ "
            f"{int(r['punten'])} {'punt' if int(r['punten']) == 1 else 'punten'} (plaats {int(r['rang'])} van "
            f"{n_points}; {int(r['stemmers'])} van de {voters} deelnemers die stemden {'gaf' if int(r['stemmers']) == 1 else 'gaven'} er "
            "punten aan).")
