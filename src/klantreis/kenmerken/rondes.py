"""Rounds: the same evaluation repeated (a second study folder, a year later). Per municipality
and kenmerk the light of each round and whether it changed. Only lights are compared: they are
made from evidence that already respects the minimum group size, so comparing them reveals no
number about a small group."""

from __future__ import annotations

import pandas as pd

ORDER = {"rood": 0, "oranje": 1, "groen": 2}  # grijs (too little evidence) has no place on this scale


def change(before: str, after: str) -> str:
    """'beter', 'slechter', 'gelijk' or 'niet te zeggen' (a grey light in either round)."""
    if before not in ORDER or after not in ORDER:
        return "gelijk" if before == after else "niet te zeggen"
    return "beter" if ORDER[after] > ORDER[before] else "slechter" if ORDER[after] < ORDER[before] else "gelijk"


def compare_rounds(before, after) -> pd.DataFrame:
    """Two `KenmerkenAnalyse`s (earlier and later round): one row per municipality in both and
    kenmerk, with licht_voor, licht_na and verandering."""
    a = before.profielen[["gemeente", "kenmerk", "licht"]]
    b = after.profielen[["gemeente", "kenmerk", "licht"]]
    both = a.merge(b, on=["gemeente", "kenmerk"], suffixes=("_voor", "_na"))
    both["verandering"] = [change(x, y) for x, y in zip(both["licht_voor"], both["licht_na"])]
    return both.reset_index(drop=True)
