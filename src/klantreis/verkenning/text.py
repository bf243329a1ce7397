"""The verkenning in words: names of the perspectives and the sentences about differences.

The analysis (`verkenning.analyse`) returns numbers; this module turns the significant ones
into plain Dutch sentences for the report and the notebook. Numbers are written only through
`report.numbers` (decimal comma, p-values), so they read the same everywhere.
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import format_p, getal, procent

SIGNIFICANCE = 0.05

# How a perspective reads in a sentence: (plural name, verb). Unknown codes fall back to
# "respondenten (label)".
PERSPECTIVE_NAMES = {
    "inwoner": ("inwoners", "zijn"),
    "uitvoerder": ("uitvoerders", "zijn"),
    "beleid": ("beleid", "is"),
    "ketenpartner": ("ketenpartners", "zijn"),
}

_PAIR_VALUES = ("n_A", "n_B", "gemiddelde_A", "gemiddelde_B", "U", "p", "p_holm", "r")


def perspective_labels(perspectieven) -> dict[str, str]:
    """Short names for tables and legends (Inwoners, Uitvoerders, Beleid, Ketenpartners), per
    perspective code of the questionnaire (`Vragenlijst.perspectieven`)."""
    return {p.code: _cap(PERSPECTIVE_NAMES.get(p.code, (p.label, ""))[0]) for p in perspectieven}


def perspective_sentences(pairs: pd.DataFrame, names: dict[str, str], alpha: float = SIGNIFICANCE,
                          perspectives: dict[str, tuple[str, str]] | None = None,
                          framework: str = "uitgangspunt", test: bool = True) -> pd.DataFrame:
    """Plain sentences for the perspective pairs that differ: only where p_holm < `alpha`.

    `pairs` is `pairwise_mannwhitney(..., between="perspectief")` (only pairs where both
    groups reached the minimum are in it). The direction follows the test (the sign of r),
    the group that scores higher comes first. Columns: the keys of the pair and `zin`.
    With `test` False the sentence gives only the two means (the main text of the report; the
    test itself is in the appendix with the statistical details).
    """
    rows = []
    for r in _significant(pairs, alpha):
        high, low = (r["A"], r["B"]) if r["r"] > 0 else (r["B"], r["A"])
        m_high, m_low = (r["gemiddelde_A"], r["gemiddelde_B"]) if r["r"] > 0 else (r["gemiddelde_B"], r["gemiddelde_A"])
        subject, verb = _perspective_name(high, perspectives)
        other, _ = _perspective_name(low, perspectives)
        where = f"In {r['gemeente']} {verb} {subject}" if "gemeente" in r else f"{_cap(subject)} {verb}"
        when = f" in de {r['ronde']}" if "ronde" in r and "gemeente" in r else ""
        text = (f"{where}{when} positiever dan {other} over ‘{names.get(r[framework], r[framework])}’ "
                f"(gemiddeld {getal(float(m_high))} tegen {getal(float(m_low))}{_test_part(r, alpha, test)}).")
        rows.append({**{k: r[k] for k in r if k not in _PAIR_VALUES}, "zin": text})
    return pd.DataFrame(rows, columns=[c for c in pairs.columns if c not in _PAIR_VALUES] + ["zin"])


def round_sentences(changes: pd.DataFrame, names: dict[str, str], alpha: float = SIGNIFICANCE,
                    perspectives: dict[str, tuple[str, str]] | None = None,
                    framework: str = "uitgangspunt", test: bool = True) -> pd.DataFrame:
    """Plain sentences for the changes between rounds that are significant (p_holm < `alpha`).

    `changes` is `round_comparison(...)`; suppressed and untested cells never get a sentence.
    With `test` False only the two means (see `perspective_sentences`).
    """
    rows = []
    keys = [c for c in changes.columns if c in ("gemeente", "perspectief", framework, "van", "naar")]
    tested = changes[changes["getoetst"].astype(bool) & ~changes["onderdrukt"].astype(bool)]
    for r in _significant(tested, alpha):
        better = r["r"] > 0
        subject, verb = _perspective_name(r["perspectief"], perspectives) if "perspectief" in r else ("respondenten", "zijn")
        where = f"In {r['gemeente']} {verb} {subject}" if "gemeente" in r else f"{_cap(subject)} {verb}"
        text = (f"{where} in de {r['naar']} {'positiever' if better else 'negatiever'} dan in de {r['van']} over "
                f"‘{names.get(r[framework], r[framework])}’ (gemiddeld {getal(float(r['gemiddelde_naar']))} tegen "
                f"{getal(float(r['gemiddelde_van']))}{_test_part(r, alpha, test)}).")
        rows.append({**{k: r[k] for k in keys}, "zin": text})
    return pd.DataFrame(rows, columns=keys + ["zin"])


def municipality_sentences(tests: pd.DataFrame, cells: pd.DataFrame, names: dict[str, str],
                           labels: dict[str, str], alpha: float = SIGNIFICANCE, test: bool = True) -> list[str]:
    """Sentences for the uitgangspunten on which the municipalities differ, per perspective.

    `tests` is `kruskal_wallis(..., between="gemeente")` of one round, `cells` the `describe`
    table per gemeente of that round: the means named are those of the cells the report shows.
    With `test` False only the means (the appendix gives H, p and ε²)."""
    lines = []
    for r in _significant(tests, alpha):
        part = cells[(cells["uitgangspunt"] == r["uitgangspunt"]) & (cells["perspectief"] == r["perspectief"])
                     & ~cells["onderdrukt"].astype(bool)]
        means = ", ".join(f"{g} {getal(float(m))}" for g, m in zip(part["gemeente"], part["gemiddelde"]))
        stats = (f"; Kruskal–Wallis, H = {getal(float(r['H']))}, Holm-gecorrigeerd {format_p(float(r['p_holm']))}; "
                 f"ε² = {getal(float(r['epsilon2']), 2)}") if test else ""
        lines.append(f"Over ‘{names.get(r['uitgangspunt'], r['uitgangspunt'])}’ verschillen de gemeenten volgens "
                     f"{labels.get(r['perspectief'], r['perspectief']).lower()} (gemiddeld {means}{stats}).")
    return lines


def _test_part(r, alpha: float, test: bool) -> str:
    return f"; {_test_text(r, alpha)}" if test else ""


def _significant(table: pd.DataFrame, alpha: float):
    for r in table.to_dict("records"):
        p = r.get("p_holm")
        if p is not None and not pd.isna(p) and float(p) < alpha:
            yield r


def _test_text(r, alpha: float = SIGNIFICANCE) -> str:
    """The test in words, e.g. "Mann–Whitney, Holm-gecorrigeerd p = 0,004; r = 0,45" (r without
    its sign: the sentence already says which way)."""
    p, r_abs = format_p(float(r["p_holm"]), alpha), getal(abs(float(r["r"])), 2)
    return f"Mann–Whitney, Holm-gecorrigeerd {p}; r = {r_abs}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _perspective_name(code: str, names: dict | None) -> tuple[str, str]:
    names = names or PERSPECTIVE_NAMES
    return names.get(code, (f"respondenten ({code})", "zijn"))


# --- sentences for the municipality chapters (`verkenning.bevindingen`) ----------------------------

def group_in(code: str, gemeente: str | None) -> str:
    """'uitvoerders in Lindewaarde'; without a municipality 'uitvoerders (alle gemeenten)'."""
    name, _ = _perspective_name(code, None)
    return f"{name} in {gemeente}" if gemeente else f"{name} (alle gemeenten)"


def score_sentence(code: str, gemeente: str, aspect_label: str, points: list[tuple[str, float]],
                   scale: tuple[int, int]) -> str:
    """The mean scores of one group on the uitgangspunten of one aspect, e.g. "Volgens
    uitvoerders in Lindewaarde scoort de toegang op ‘Voorkomen, …’ gemiddeld 3,1 (schaal 1 tot 5)."."""
    where = f"Volgens {group_in(code, gemeente)} scoort de toegang"
    lo, hi = scale
    if len(points) == 1:
        name, mean = points[0]
        return f"{where} op ‘{name}’ gemiddeld {getal(mean)} (schaal {lo} tot {hi})."
    listed = [f"‘{name}’ {getal(mean)}" for name, mean in points]
    return (f"{where} op de uitgangspunten bij het aspect ‘{aspect_label.lower()}’ gemiddeld: "
            + ", ".join(listed[:-1]) + f" en {listed[-1]} (schaal {lo} tot {hi}).")


def lowest_sentence(code: str, gemeente: str, name: str, mean: float, scale: tuple[int, int]) -> str:
    """The lowest-scoring uitgangspunt of a group: an improvement point."""
    verb = "beoordeelt" if _perspective_name(code, None)[1] == "is" else "beoordelen"
    return (f"{_cap(group_in(code, gemeente))} {verb} ‘{name}’ het laagst van alle uitgangspunten: "
            f"gemiddeld {getal(mean)} op een schaal van {scale[0]} tot {scale[1]}.")


def priority_sentence(code: str, name: str, share: float) -> str:
    """How often a perspective chose an uitgangspunt as most in need of improvement."""
    subject, verb = _perspective_name(code, None)
    subject = subject if verb == "zijn" else f"respondenten van {subject}"
    return (f"Van de {subject} (alle gemeenten) koos {procent(share)} ‘{name}’ als een van de uitgangspunten "
            "waar verbetering het meest nodig is.")


def source(code: str, gemeente: str | None, ronde: str, n: int | None = None, what: str = "zelfscan") -> str:
    """Where a finding comes from, as a reader should see it: "zelfscan, uitvoerders in
    Lindewaarde, vervolgmeting (n = 24)"."""
    return f"{what}, {group_in(code, gemeente)}, {ronde}" + (f" (n = {n})" if n is not None else "")
