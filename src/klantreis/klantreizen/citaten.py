"""Which quotes a chapter shows: a few per theme, spread over residents and municipalities.

Without a rule the same vivid quote turns up under every theme it was coded with, and a
chapter ends up quoting the three most talkative residents. `select_quotes` applies the rule
that the report also states in words (`selection_rule`), so a reader knows how the quotes
were chosen.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

PER_THEME = 2
PER_RESIDENT = 2


def select_quotes(quotes: pd.DataFrame, theme_order: list[str], per_theme: int = PER_THEME,
                  per_resident: int = PER_RESIDENT) -> pd.DataFrame:
    """The quotes to print, theme by theme in `theme_order`.

    `quotes` has one row per quote and theme (`code`, `respondent`, `gemeente`, `tekst`, …;
    see `meta_analyse.quotes_by_theme`). Rules, applied in this order:

    1. a quote appears once in the chapter: under the first theme in `theme_order` that picks it;
    2. at most `per_resident` quotes of one resident in the chapter, and one per theme;
    3. at most `per_theme` quotes per theme;
    4. among the quotes still allowed, the one from the municipality quoted least so far, then
       from the resident quoted least so far (ties: respondent id, then the text), so the
       municipalities are as evenly represented as the quotes allow.

    Returns the chosen rows in print order, with the columns of `quotes`.
    """
    if quotes.empty:
        return quotes.iloc[0:0]
    used: set[tuple[str, str]] = set()
    by_resident: Counter = Counter()
    by_municipality: Counter = Counter()
    chosen = []
    for code in theme_order:
        candidates = quotes[quotes["code"] == code]
        in_theme: set[str] = set()
        for _ in range(per_theme):
            allowed = [row for row in candidates.itertuples()
                       if (row.respondent, row.tekst) not in used and row.respondent not in in_theme
                       and by_resident[row.respondent] < per_resident]
            if not allowed:
                break
            best = min(allowed, key=lambda r: (by_municipality[r.gemeente], by_resident[r.respondent],
                                               str(r.respondent), str(r.tekst)))
            used.add((best.respondent, best.tekst))
            in_theme.add(best.respondent)
            by_resident[best.respondent] += 1
            by_municipality[best.gemeente] += 1
            chosen.append(best.Index)
    return quotes.loc[chosen]


def selection_rule(per_theme: int = PER_THEME, per_resident: int = PER_RESIDENT) -> str:
    """The rule of `select_quotes` in one Dutch sentence, for the report."""
    return (f"Per thema staan hoogstens {per_theme} uitspraken. Elke uitspraak staat maar één keer in dit "
            f"hoofdstuk, ook als ze bij meer thema's hoort, en van één inwoner staan er hoogstens "
            f"{per_resident}. Bij de keuze gaat de gemeente die tot dan toe het minst aan het woord kwam voor, "
            "zodat de gemeenten zo gelijk mogelijk vertegenwoordigd zijn.")
