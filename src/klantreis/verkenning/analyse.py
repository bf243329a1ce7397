"""Analysis of the verkenning (self-scan): uitgangspunten, perspectives, rounds, municipalities.

Every function takes a tidy DataFrame plus column names and returns a DataFrame with stable
Dutch column names, the way pingouin does. The chain:

    Opslag.tables()  →  answers_table   (one row per response × statement, with uitgangspunt,
                                         basisfunctie and basisfunctionaliteit)
                     →  respondent_scores  (one row per respondent × uitgangspunt: the score)
                     →  describe, kruskal_wallis, pairwise_mannwhitney, round_comparison, ...

"Weet niet" and an empty answer are different things and stay apart: both are left out of
every mean and test, and both are counted (`n_weet_niet`, `n_leeg`).

Privacy: a cell (uitgangspunt × perspectief × gemeente × ronde, or whatever `by` asks for)
with fewer respondents than `min_group` gets no numbers, its n reads "n<5"
(`privacy.suppress_small_groups`), and a group below the minimum never enters a test.

The rank tests are computed from value counts per group, vectorised over all groups at once,
so a national data set (hundreds of municipalities) takes seconds. They give the same numbers
as `pingouin.kruskal` and `pingouin.mwu` (= `scipy.stats.mannwhitneyu`); the tests in
`tests/test_verkenning_analyse.py` check that, with pingouin and scipy as the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..privacy import SHIELDED, redact, suppress_small_groups

SCALE = (1, 2, 3, 4, 5)
FRAMEWORKS = ("uitgangspunt", "basisfunctie", "basisfunctionaliteit")
ALPHA_LOW = 0.6          # below this, Cronbach's α is called "laag"
ALPHA_MIN_COMPLETE = 10  # fewer complete respondents: α is not reported
SIGNIFICANCE = 0.05

# How a perspective reads in a sentence: (plural name, verb). Unknown codes fall back to
# "respondenten (label)".
PERSPECTIVE_NAMES = {
    "inwoner": ("inwoners", "zijn"),
    "uitvoerder": ("uitvoerders", "zijn"),
    "beleid": ("beleid", "is"),
    "ketenpartner": ("ketenpartners", "zijn"),
}


# --- the tidy tables -----------------------------------------------------------------------------

def answers_table(antwoorden: pd.DataFrame, statements: pd.DataFrame, gemeenten: Sequence[str] | None = None,
                  rondes: Sequence[str] | None = None, perspectieven: Sequence[str] | None = None) -> pd.DataFrame:
    """Answers joined to the questionnaire: one row per response × statement.

    `antwoorden` is `Opslag.tables()["antwoorden"]`, `statements` is
    `Vragenlijst.statements_table()`. Adds uitgangspunt, basisfunctie and basisfunctionaliteit
    (each with its `_naam`) and the statement text. Identifying and grouping columns become
    pandas categoricals in a meaningful order (gemeenten and rondes as in studie.yaml,
    perspectives and statements as in the questionnaire), so every table downstream sorts the
    way a reader expects. Answers to a statement that is no longer in the questionnaire are
    left out.
    """
    order = statements.sort_values("volgorde").reset_index(drop=True)
    stmt_codes = [str(c) for c in order["stelling"]]
    position = {c: i for i, c in enumerate(stmt_codes)}
    raw, levels = _codes(antwoorden["stelling"])
    lookup = np.array([position.get(str(v), -1) for v in levels] + [-1], dtype=np.int64)
    s_codes = lookup[raw]  # raw −1 (missing) lands on the trailing −1
    keep = s_codes >= 0
    keep &= antwoorden["respons_id"].notna().to_numpy()
    if not keep.all():
        antwoorden, s_codes = antwoorden[keep], s_codes[keep]
    r_codes, r_ids = _codes(antwoorden["respons_id"])
    rows = _some_rows(r_codes, len(r_ids))
    out = {"respons_id": _categorical(r_codes, r_ids)}
    for column, wanted in (("gemeente", gemeenten), ("ronde", rondes), ("perspectief", perspectieven)):
        # One value per respondent: categorise the respondents, then expand by their codes.
        per_resp = _ordered(antwoorden[column].iloc[rows], wanted)
        out[column] = _categorical(per_resp.cat.codes.to_numpy()[r_codes], per_resp.cat.categories)
    out["stelling"] = _categorical(s_codes, stmt_codes)
    for fw in FRAMEWORKS:
        fw_levels = list(dict.fromkeys(order[fw])) if fw == "uitgangspunt" else _natural(order[fw].unique())
        names = order.drop_duplicates(fw).set_index(fw)[f"{fw}_naam"]
        codes = pd.Categorical(order[fw], categories=fw_levels).codes.astype(np.int64)[s_codes]
        out[fw] = _categorical(codes, fw_levels)
        out[f"{fw}_naam"] = _categorical(codes, [str(names.get(c, c)) for c in fw_levels])
    texts = [str(t) for t in order["tekst"]]
    out["tekst"] = _categorical(s_codes, texts) if len(set(texts)) == len(texts) \
        else np.asarray(texts, dtype=object)[s_codes]
    out["waarde"] = antwoorden["waarde"].astype("Float64").array
    out["weet_niet"] = antwoorden["weet_niet"].to_numpy(dtype=bool)
    return pd.DataFrame(out)


def respondent_scores(antwoorden: pd.DataFrame, framework: str = "uitgangspunt",
                      scale: Sequence[int] = SCALE) -> pd.DataFrame:
    """The score of every respondent on every uitgangspunt (or basisfunctie, ...).

    score = mean of the respondent's answered statements in that group (1..5); "weet niet"
    and empty answers are left out. A respondent who saw statements of the group but answered
    none of them on the scale has no score (NaN) and still counts in n_weet_niet / n_leeg.

    Columns: respons_id, gemeente, ronde, perspectief, <framework>, <framework>_naam, score,
    n_beantwoord, n_weet_niet, n_leeg, aantal_1 … aantal_5 (answers per scale point).
    """
    return _scores(_wide(antwoorden), antwoorden, framework, scale)


def _scores(w, antwoorden: pd.DataFrame, framework: str, scale: Sequence[int]) -> pd.DataFrame:
    stmt_group, f_levels, names = _statement_groups(w, antwoorden, framework)
    n_r, n_f = w.values.shape[0], len(f_levels)
    shown = np.zeros((n_r, n_f), dtype=np.int32)
    answered, dont_know = np.zeros_like(shown), np.zeros_like(shown)
    total = np.zeros((n_r, n_f))
    points = {p: np.zeros_like(shown) for p in scale}
    for f in range(n_f):
        cols = np.flatnonzero(stmt_group == f)
        state, values = w.state[:, cols], w.values[:, cols]
        shown[:, f] = (state > 0).sum(axis=1)
        answered[:, f] = (state == ANSWERED).sum(axis=1)
        dont_know[:, f] = (state == DONT_KNOW).sum(axis=1)
        total[:, f] = np.where(state == ANSWERED, values, 0.0).sum(axis=1)
        for p in scale:
            points[p][:, f] = (values == p).sum(axis=1)
    cells = np.flatnonzero(shown.ravel())
    resp, fw = cells // n_f, cells % n_f
    rows = w.rows[resp]
    out = {"respons_id": _take(antwoorden["respons_id"], rows)}
    for column in ("gemeente", "ronde", "perspectief"):
        out[column] = _take(antwoorden[column], rows)
    out[framework] = _from_codes(antwoorden[framework], f_levels, fw)
    if names is not None:
        out[f"{framework}_naam"] = names.take(fw)
    n_answered = answered.ravel()[cells]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["score"] = np.where(n_answered > 0, total.ravel()[cells] / n_answered, np.nan)
    out["n_beantwoord"] = n_answered
    out["n_weet_niet"] = dont_know.ravel()[cells]
    out["n_leeg"] = shown.ravel()[cells] - n_answered - out["n_weet_niet"]
    for p in scale:
        out[f"aantal_{p}"] = points[p].ravel()[cells]
    return pd.DataFrame(out)


def describe(scores: pd.DataFrame, framework: str = "uitgangspunt", by: Sequence[str] = ("perspectief",),
             min_group: int = 5, scale: Sequence[int] = SCALE) -> pd.DataFrame:
    """Per uitgangspunt (or basisfunctie, basisfunctionaliteit) and group: n, mean, median,
    SD and the distribution over the scale.

    `scores` is `respondent_scores(..., framework=framework)`.
    n = respondents with a score; gemiddelde, mediaan and sd (ddof=1, as R's `sd()`) are over
    those respondent scores, so every respondent weighs equally. n_antwoorden, n_weet_niet
    and n_leeg count answers; aandeel_k = answers on point k / n_antwoorden ("weet niet" and
    empty answers are not in the denominator). Cells with n < min_group are suppressed.
    """
    keys = [framework] + ([f"{framework}_naam"] if f"{framework}_naam" in scores else []) + list(by)
    g, out = _groups(scores, keys)
    n_g = len(out)
    score = scores["score"].to_numpy(dtype=float)
    ok = g >= 0
    has = ok & ~np.isnan(score)
    gs, xs = g[has], score[has]
    n = np.bincount(gs, minlength=n_g)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(gs, weights=xs, minlength=n_g) / n
        var = np.bincount(gs, weights=(xs - mean[gs]) ** 2, minlength=n_g) / (n - 1)
    out["n"] = n
    out["gemiddelde"] = mean
    out["mediaan"] = _group_median(gs, xs, n_g)
    out["sd"] = np.where(n > 1, np.sqrt(np.where(n > 1, var, 0)), np.nan)

    def total(column):
        return np.bincount(g[ok], weights=scores[column].to_numpy(dtype=float)[ok], minlength=n_g).astype(np.int64)

    out["n_antwoorden"] = total("n_beantwoord")
    out["n_weet_niet"] = total("n_weet_niet")
    out["n_leeg"] = total("n_leeg")
    with np.errstate(invalid="ignore", divide="ignore"):
        for p in scale:
            out[f"aandeel_{p}"] = total(f"aantal_{p}") / np.where(out["n_antwoorden"] > 0, out["n_antwoorden"], np.nan)
    values = ["gemiddelde", "mediaan", "sd", "n_antwoorden", "n_weet_niet", "n_leeg"] + \
        [f"aandeel_{p}" for p in scale]
    return _plain(suppress_small_groups(out, "n", values, min_group, siblings=_siblings(keys)), keys)


def statement_distribution(antwoorden: pd.DataFrame, by: Sequence[str] = (), min_group: int = 5,
                           scale: Sequence[int] = SCALE) -> pd.DataFrame:
    """Per statement (and group): how the answers spread over the scale, with "weet niet" apart.

    n_gezien = respondents who saw the statement; n = those who answered on the scale;
    aandeel_k = answers on point k / n; aandeel_weet_niet = "weet niet" / n_gezien.
    gemiddelde is the mean of the answers on the scale. A cell with n_gezien < min_group gets
    no numbers at all; one with n < min_group keeps its "weet niet" and empty counts but shows
    no mean and no spread over the scale (both are marked `onderdrukt`).
    """
    return _distribution(_wide(antwoorden), antwoorden, by, min_group, scale)


def _distribution(w, antwoorden: pd.DataFrame, by: Sequence[str], min_group: int,
                  scale: Sequence[int]) -> pd.DataFrame:
    by = list(by)
    respondents = pd.DataFrame({c: _take(antwoorden[c], w.rows) for c in by}, index=range(len(w.rows)))
    g, groups = _groups(respondents, by)
    order = np.argsort(g, kind="stable")
    order = order[g[order] >= 0]
    starts = np.flatnonzero(np.r_[True, g[order][1:] != g[order][:-1]]) if len(order) else np.array([], int)
    present = g[order][starts]
    state, values = w.state[order], w.values[order]

    def per_group(matrix):  # groups × statements
        if not len(order):
            return np.zeros((0, matrix.shape[1]))
        return np.add.reduceat(matrix, starts, axis=0)

    shown = per_group((state > 0).astype(np.int32))
    n = per_group((state == ANSWERED).astype(np.int32))
    wn = per_group((state == DONT_KNOW).astype(np.int32))
    total = per_group(np.where(state == ANSWERED, values, 0.0))
    points = {p: per_group((values == p).astype(np.int32)) for p in scale}
    # Rows: statement by statement (questionnaire order), then the groups.
    n_s = shown.shape[1]
    s_idx = np.repeat(np.arange(n_s), len(present))
    g_idx = np.tile(np.arange(len(present)), n_s)
    keep = shown.T.ravel() > 0
    s_idx, g_idx = s_idx[keep], g_idx[keep]
    stmt_rows = w.stmt_rows
    out = pd.DataFrame({"stelling": _from_codes(antwoorden["stelling"], pd.Index(w.s_levels), s_idx)})
    if "tekst" in antwoorden:
        out["tekst"] = _take(antwoorden["tekst"], stmt_rows[s_idx])
    out["uitgangspunt"] = _take(antwoorden["uitgangspunt"], stmt_rows[s_idx])
    for column in by:
        out[column] = groups[column].to_numpy()[present[g_idx]] if not isinstance(
            groups[column].dtype, pd.CategoricalDtype) else groups[column].array.take(present[g_idx])
    n_cell = n[g_idx, s_idx]
    wn_cell = wn[g_idx, s_idx]
    shown_cell = shown[g_idx, s_idx]
    out["n_gezien"] = shown_cell
    out["n"] = n_cell
    out["n_weet_niet"] = wn_cell
    out["n_leeg"] = shown_cell - n_cell - wn_cell
    with np.errstate(invalid="ignore", divide="ignore"):
        out["gemiddelde"] = total[g_idx, s_idx] / n_cell
        for p in scale:
            out[f"aandeel_{p}"] = points[p][g_idx, s_idx] / n_cell
        out["aandeel_weet_niet"] = wn_cell / shown_cell
    spread = ["gemiddelde"] + [f"aandeel_{p}" for p in scale]
    out = suppress_small_groups(out, "n_gezien", ["n", "n_weet_niet", "n_leeg", "aandeel_weet_niet"] + spread,
                                min_group)
    few = (n_cell < min_group) & ~out["onderdrukt"].to_numpy()
    out.loc[few, "n"] = f"n<{min_group}"
    for column in spread:
        out.loc[few, column] = None
    out["onderdrukt"] = out["onderdrukt"] | few
    return _plain(out, ["stelling", "uitgangspunt", *by])


# --- reliability ---------------------------------------------------------------------------------

def cronbach_alpha(antwoorden: pd.DataFrame, framework: str = "uitgangspunt", by: Sequence[str] = (),
                   ci: float = 0.95, min_complete: int = ALPHA_MIN_COMPLETE, low: float = ALPHA_LOW) -> pd.DataFrame:
    """Cronbach's α with its confidence interval per uitgangspunt (and group), via pingouin.

        α = k / (k − 1) · (1 − Σ σ²ᵢ / σ²ₜ)

    with k statements, σ²ᵢ the variance of statement i and σ²ₜ the variance of the sum score
    (Cronbach 1951). Wide table respondents × statements; only respondents who answered every
    statement of the uitgangspunt on the scale are used (listwise deletion, R's
    `psych::alpha(use = "complete.obs")`; "weet niet" and empty count as missing). The CI is
    the F-based interval of Feldt, Woodruff & Salih (1987), as in `pingouin.cronbach_alpha`.
    Incomplete rows are removed here before calling pingouin, so the interval uses the number
    of respondents actually in the calculation (pingouin 0.5–0.7 counts them before its own
    listwise deletion).

    oordeel: "te weinig respondenten" (fewer than `min_complete` complete respondents; α is
    then not reported), "laag" (α < 0.6) or "voldoende".
    """
    return _alpha(_wide(antwoorden), antwoorden, framework, by, ci, min_complete, low)


def _alpha(w, antwoorden: pd.DataFrame, framework: str, by: Sequence[str], ci: float, min_complete: int,
           low: float) -> pd.DataFrame:
    import pingouin as pg

    stmt_group, f_levels, level_names = _statement_groups(w, antwoorden, framework)
    names = {str(f): str(n) for f, n in zip(f_levels, level_names)} if level_names is not None else {}
    respondents = pd.DataFrame({c: _take(antwoorden[c], w.rows) for c in by}, index=range(len(w.rows)))
    g, groups = _groups(respondents, list(by))
    rows = []
    for fw_code, fw in enumerate(f_levels):
        columns = np.flatnonzero(stmt_group == fw_code)
        block = w.values[:, columns]
        seen = (w.state[:, columns] > 0).any(axis=1)
        complete = ~np.isnan(block).any(axis=1)
        for gi in range(len(groups)):
            members = (g == gi) & seen
            if not members.any():
                continue
            use = members & complete
            n_complete = int(use.sum())
            row = {framework: str(fw), f"{framework}_naam": names.get(str(fw), str(fw)),
                   **{k: str(v) for k, v in groups.iloc[gi].to_dict().items()}, "k": len(columns),
                   "n_volledig": n_complete, "n_onvolledig": int(members.sum()) - n_complete, "alpha": np.nan,
                   "ci_onder": np.nan, "ci_boven": np.nan}
            if len(columns) < 2:
                row["oordeel"] = "te weinig stellingen"
            elif n_complete < max(min_complete, 2):
                row["oordeel"] = "te weinig respondenten"
            else:
                data = pd.DataFrame(block[use], columns=[w.s_levels[c] for c in columns])
                alpha, (lower, upper) = pg.cronbach_alpha(data=data, nan_policy="listwise", ci=ci)
                row.update(alpha=float(alpha), ci_onder=float(lower), ci_boven=float(upper),
                           oordeel="laag" if alpha < low else "voldoende")
            rows.append(row)
    columns = [framework, f"{framework}_naam", *by, "k", "n_volledig", "n_onvolledig", "alpha", "ci_onder",
               "ci_boven", "oordeel"]
    return pd.DataFrame(rows, columns=columns)


# --- rank tests ----------------------------------------------------------------------------------

def kruskal_wallis(scores: pd.DataFrame, between: str = "perspectief", by: Sequence[str] = ("uitgangspunt",),
                   dv: str = "score", min_group: int = 5, family: Sequence[str] | None = None) -> pd.DataFrame:
    """Kruskal–Wallis H test of `dv` between the levels of `between`, within every `by` group.

        H = [12 / (n(n+1)) · Σ Rⱼ² / nⱼ − 3(n+1)] / [1 − Σ(t³ − t) / (n³ − n)]

    with Rⱼ the rank sum of group j in the pooled sample (average ranks for ties) and t the
    size of each tie; df = k − 1; p from the χ² distribution (Kruskal & Wallis 1952; identical
    to `pingouin.kruskal` and `scipy.stats.kruskal`). Effect size

        ε² = H / ((n² − 1) / (n + 1)) = H / (n − 1)

    (Tomczak & Tomczak 2014), from 0 (no difference) to 1. Levels with fewer than `min_group`
    respondents are left out of the test and listed in `uitgesloten`; with fewer than two
    levels left there is no test (H, p empty). p_holm: Holm's correction over the tests of one
    family (default: `by` without "uitgangspunt", i.e. over the seven uitgangspunten).
    """
    from scipy import stats

    keys, levels, values, counts, _ = _rank_counts(scores, dv, between, by)
    n_level = counts.sum(axis=2)
    tested = n_level >= min_group
    counts = counts * tested[:, :, None]
    n_l = n_level * tested
    ties = counts.sum(axis=1)
    midrank = np.cumsum(ties, axis=1) - (ties - 1) / 2
    rank_sum = (counts * midrank[:, None, :]).sum(axis=2)
    n = n_l.sum(axis=1)
    k = tested.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        h = 12 / (n * (n + 1)) * (rank_sum ** 2 / np.where(n_l > 0, n_l, 1)).sum(axis=1) - 3 * (n + 1)
        h = h / (1 - (ties ** 3 - ties).sum(axis=1) / (n ** 3 - n))
        h = np.where(k >= 2, h, np.nan)
        p = stats.chi2.sf(h, np.maximum(k - 1, 1))
        eps = h / (n - 1)
    out = keys.copy()
    out["k"] = k
    out["n"] = n.astype(int)
    out["H"] = h
    out["df"] = np.where(k >= 2, k - 1, 0)
    out["p"] = np.where(k >= 2, p, np.nan)
    out["epsilon2"] = eps
    names = [str(v) for v in levels]
    out["groepen"] = [", ".join(names[j] for j in np.flatnonzero(row)) for row in tested]
    out["uitgesloten"] = [", ".join(f"{names[j]} (n<{min_group})" for j in np.flatnonzero((nl > 0) & ~row))
                          for row, nl in zip(tested, n_level)]
    out.insert(out.columns.get_loc("p") + 1, "p_holm",
               holm(out, "p", [c for c in by if c != "uitgangspunt"] if family is None else list(family)))
    return _plain(out, list(by))


def pairwise_mannwhitney(scores: pd.DataFrame, between: str = "perspectief", by: Sequence[str] = ("uitgangspunt",),
                         dv: str = "score", min_group: int = 5, family: Sequence[str] | None = None) -> pd.DataFrame:
    """Mann–Whitney U for every pair of levels of `between` within every `by` group, Holm-corrected.

    U is the statistic of A (U_A = R_A − n_A(n_A + 1)/2, R_A the rank sum of A in the pair);
    p is two-sided: exact when both groups have at most 8 respondents and there are no ties,
    otherwise the normal approximation with tie and continuity correction (Mann & Whitney
    1947; identical to `pingouin.mwu` / `scipy.stats.mannwhitneyu`). Effect size: the
    rank-biserial correlation r = 1 − 2·U_B / (n_A·n_B) = 2·U_A / (n_A·n_B) − 1 (Kerby 2014;
    pingouin's RBC), positive when A scores higher, from −1 to 1.

    p_holm: Holm's (1979) step-down correction over every test in the same family; by default
    the family is one `by` group (all pairs within one uitgangspunt), as
    `pingouin.pairwise_tests(padjust="holm")` does. Only pairs in which both levels have at
    least `min_group` respondents are tested and listed.
    """
    keys, levels, values, counts, sums = _rank_counts(scores, dv, between, by)
    n_level = counts.sum(axis=2)
    frames = []
    for a in range(len(levels)):
        for b in range(a + 1, len(levels)):
            ok = (n_level[:, a] >= min_group) & (n_level[:, b] >= min_group)
            if not ok.any():
                continue
            u_a, p, r = _mann_whitney(counts[ok, a, :], counts[ok, b, :], values)
            na, nb = n_level[ok, a], n_level[ok, b]
            part = keys[ok].reset_index(drop=True)
            part["A"], part["B"] = str(levels[a]), str(levels[b])
            part["n_A"], part["n_B"] = na.astype(int), nb.astype(int)
            part["gemiddelde_A"], part["gemiddelde_B"] = sums[ok, a] / na, sums[ok, b] / nb
            part["U"], part["p"], part["r"] = u_a, p, r
            part["_a"], part["_b"] = a, b
            frames.append(part)
    columns = [*by, "A", "B", "n_A", "n_B", "gemiddelde_A", "gemiddelde_B", "U", "p", "p_holm", "r"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    out["p_holm"] = holm(out, "p", list(by) if family is None else list(family))
    out = out.sort_values([*by, "_a", "_b"], kind="stable")
    return _plain(out[columns].reset_index(drop=True), list(by))


def holm(table: pd.DataFrame, p: str = "p", family: Sequence[str] = ()) -> pd.Series:
    """Holm–Bonferroni adjusted p-values within each family (Holm 1979).

    Sort the m p-values of a family ascending; p_holm(i) = max over j ≤ i of (m − j + 1)·p(j),
    capped at 1. Empty p-values are not counted in m. Same as `pingouin.multicomp(method="holm")`.
    """
    family = list(family)
    work = pd.DataFrame({"p": table[p].astype(float).to_numpy()}, index=table.index)
    if family:
        work["f"] = table.groupby(family, observed=True, sort=False, dropna=False).ngroup().to_numpy()
    else:
        work["f"] = 0
    work = work.sort_values(["f", "p"], kind="stable", na_position="last")
    position = work.groupby("f").cumcount()
    m = work.groupby("f")["p"].transform("count")
    work["adj"] = ((m - position) * work["p"]).clip(upper=1.0)
    work["adj"] = work.groupby("f")["adj"].cummax()
    return work["adj"].reindex(table.index).rename("p_holm")


def round_comparison(scores: pd.DataFrame, van: str, naar: str, by: Sequence[str] = ("uitgangspunt", "perspectief"),
                     min_group: int = 5, family: Sequence[str] | None = None) -> pd.DataFrame:
    """The change between two rounds (e.g. nulmeting → vervolgmeting) per `by` cell.

    Respondents are anonymous, so the rounds are independent samples: Mann–Whitney U between
    the respondent scores of `van` and `naar` (see `pairwise_mannwhitney`); U and r are those
    of `naar`, so r is positive when the scores went up. verschil = gemiddelde_naar −
    gemiddelde_van. Holm's correction is over the uitgangspunten within each family (default:
    `by` without "uitgangspunt", e.g. all uitgangspunten of one perspective). Every cell is
    listed; a cell where either round has fewer than `min_group` respondents shows "n<5" and
    is not tested.
    """
    by = list(by)
    family = [c for c in by if c != "uitgangspunt"] if family is None else list(family)
    codes, levels = _codes(scores["ronde"])
    names = [str(v) for v in levels]
    lookup = np.array([{naar: 0, van: 1}.get(v, -1) for v in names] + [-1], dtype=np.int64)
    pair = pd.DataFrame({**{c: scores[c] for c in by}, "score": scores["score"],
                         "ronde": _categorical(lookup[codes], [naar, van])})
    keys, _, values, counts, sums = _rank_counts(pair, "score", "ronde", by)
    n = counts.sum(axis=2)
    out = keys.copy()
    out["van"], out["naar"] = van, naar
    out["n_van"], out["n_naar"] = n[:, 1].astype(int), n[:, 0].astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["gemiddelde_van"], out["gemiddelde_naar"] = sums[:, 1] / n[:, 1], sums[:, 0] / n[:, 0]
    out["verschil"] = out["gemiddelde_naar"] - out["gemiddelde_van"]
    ok = (n[:, 0] >= min_group) & (n[:, 1] >= min_group)
    for column in ("U", "p", "r"):
        out[column] = np.nan
    if ok.any():
        u, p, r = _mann_whitney(counts[ok, 0, :], counts[ok, 1, :], values)
        out.loc[ok, "U"], out.loc[ok, "p"], out.loc[ok, "r"] = u, p, r
    out["p_holm"] = holm(out, "p", family)
    out = out[[*by, "van", "naar", "n_van", "n_naar", "gemiddelde_van", "gemiddelde_naar", "verschil", "U", "p",
               "p_holm", "r"]]
    out["getoetst"] = ok
    # A cell is shown only when both rounds reach the minimum; per municipality, the smallest
    # shown municipality is hidden too when the total would otherwise reveal a hidden one.
    out["n"] = np.minimum(out["n_van"], out["n_naar"])
    raw = out[["n_van", "n_naar"]].copy()
    out = suppress_small_groups(out, "n", ["gemiddelde_van", "gemiddelde_naar", "verschil", "U", "p", "p_holm", "r"],
                                min_group, siblings=_siblings(by)).drop(columns="n")
    for column in ("n_van", "n_naar"):
        out[column] = out[column].astype(object)
        out.loc[out["onderdrukt"] & (raw[column] < min_group), column] = f"n<{min_group}"
        out.loc[out["onderdrukt"] & (raw[column] >= min_group), column] = SHIELDED
    if "uitgangspunt" in by and "uitgangspunt_naam" in scores and "uitgangspunt_naam" not in by:
        names = _name_map(scores, "uitgangspunt")
        out.insert(by.index("uitgangspunt") + 1, "uitgangspunt_naam", out["uitgangspunt"].astype(str).map(names))
    return _plain(out.reset_index(drop=True), by)


# --- priorities and lowest scores ----------------------------------------------------------------

def priorities(prioriteit: pd.DataFrame, respondenten: pd.DataFrame, uitgangspunten: dict[str, str],
               by: Sequence[str] = ("ronde", "perspectief"), min_group: int = 5) -> pd.DataFrame:
    """Where improvement is most needed, according to each group.

    n = respondents in the group who named at least one uitgangspunt; aantal = how many named
    this one; aandeel = aantal / n; gemiddelde_rang = mean rank given by those who named it
    (1 = most urgent). `volgorde` ranks the uitgangspunten within the group: highest aandeel
    first, then lowest gemiddelde_rang. Groups with n < min_group are suppressed.
    """
    by = list(by)
    # (respons_id, uitgangspunt) is the store's primary key: a row count is a respondent count.
    answered = prioriteit.drop_duplicates("respons_id").groupby(by, observed=True).size().rename("n")
    named = prioriteit.groupby(by + ["uitgangspunt"], observed=True).agg(
        aantal=("rang", "size"), gemiddelde_rang=("rang", "mean"))
    group_keys = respondenten.groupby(by, observed=True).size().index.to_frame(index=False)
    grid = group_keys.merge(pd.DataFrame({"uitgangspunt": list(uitgangspunten)}), how="cross")
    grid = _plain(grid, by)
    out = grid.merge(_plain(answered.reset_index(), by), on=by, how="left") \
        .merge(_plain(named.reset_index(), by + ["uitgangspunt"]), on=by + ["uitgangspunt"], how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out["aantal"] = out["aantal"].fillna(0).astype(int)
    out.insert(len(by) + 1, "uitgangspunt_naam", out["uitgangspunt"].map(uitgangspunten))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["aandeel"] = out["aantal"] / out["n"].where(out["n"] > 0)
    out["_ap"] = -out["aandeel"].fillna(0)
    out["_gr"] = out["gemiddelde_rang"].fillna(np.inf)
    out["_up"] = out["uitgangspunt"].map({c: i for i, c in enumerate(uitgangspunten)})
    out = out.iloc[_order_like(out, _sort_frame(respondenten, by), by, extra=["_ap", "_gr", "_up"])]
    out["volgorde"] = out.groupby(by, sort=False).cumcount() + 1
    out = out.drop(columns=["_ap", "_gr", "_up"]).reset_index(drop=True)
    out = out[[*by, "uitgangspunt", "uitgangspunt_naam", "n", "aantal", "aandeel", "gemiddelde_rang", "volgorde"]]
    return suppress_small_groups(out, "n", ["aantal", "aandeel", "gemiddelde_rang", "volgorde"], min_group)


def lowest(described: pd.DataFrame, framework: str = "uitgangspunt", by: Sequence[str] = ("ronde", "perspectief"),
           top: int = 3) -> pd.DataFrame:
    """The `top` lowest-scoring uitgangspunten per group, from `describe` (suppressed cells skipped)."""
    by = list(by)
    shown = described[~described["onderdrukt"]].copy()
    shown["gemiddelde"] = shown["gemiddelde"].astype(float)
    order = {k: i for i, k in enumerate(dict.fromkeys(described[by].itertuples(index=False, name=None)))} \
        if by else {}
    shown["_g"] = [order[k] for k in shown[by].itertuples(index=False, name=None)] if by else 0
    shown = shown.sort_values(["_g", "gemiddelde"], kind="stable")
    out = shown.groupby("_g", sort=True).head(top).copy()
    out["plaats"] = out.groupby("_g").cumcount() + 1
    return out[[*by, "plaats", framework, f"{framework}_naam", "gemiddelde", "n"]].reset_index(drop=True)


# --- sentences ------------------------------------------------------------------------------------

def perspective_sentences(pairs: pd.DataFrame, names: dict[str, str], alpha: float = SIGNIFICANCE,
                          perspectives: dict[str, tuple[str, str]] | None = None,
                          framework: str = "uitgangspunt") -> pd.DataFrame:
    """Plain sentences for the perspective pairs that differ: only where p_holm < `alpha`.

    `pairs` is `pairwise_mannwhitney(..., between="perspectief")` (only pairs where both
    groups reached the minimum are in it). The direction follows the test (the sign of r),
    the group that scores higher comes first. Columns: the keys of the pair and `zin`.
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
                f"(gemiddeld {_num(m_high)} tegen {_num(m_low)}; {_test_text(r)}).")
        rows.append({**{k: r[k] for k in r if k not in _PAIR_VALUES}, "zin": text})
    return pd.DataFrame(rows, columns=[c for c in pairs.columns if c not in _PAIR_VALUES] + ["zin"])


def round_sentences(changes: pd.DataFrame, names: dict[str, str], alpha: float = SIGNIFICANCE,
                    perspectives: dict[str, tuple[str, str]] | None = None,
                    framework: str = "uitgangspunt") -> pd.DataFrame:
    """Plain sentences for the changes between rounds that are significant (p_holm < `alpha`).

    `changes` is `round_comparison(...)`; suppressed and untested cells never get a sentence.
    """
    rows = []
    keys = [c for c in changes.columns if c in ("gemeente", "perspectief", framework, "van", "naar")]
    tested = changes[changes["getoetst"] & ~changes["onderdrukt"]]
    for r in _significant(tested, alpha):
        better = r["r"] > 0
        subject, verb = _perspective_name(r["perspectief"], perspectives) if "perspectief" in r else ("respondenten", "zijn")
        where = f"In {r['gemeente']} {verb} {subject}" if "gemeente" in r else f"{_cap(subject)} {verb}"
        text = (f"{where} in de {r['naar']} {'positiever' if better else 'negatiever'} dan in de {r['van']} over "
                f"‘{names.get(r[framework], r[framework])}’ (gemiddeld {_num(r['gemiddelde_naar'])} tegen "
                f"{_num(r['gemiddelde_van'])}; {_test_text(r)}).")
        rows.append({**{k: r[k] for k in keys}, "zin": text})
    return pd.DataFrame(rows, columns=keys + ["zin"])


_PAIR_VALUES = ("n_A", "n_B", "gemiddelde_A", "gemiddelde_B", "U", "p", "p_holm", "r")


def _significant(table: pd.DataFrame, alpha: float):
    for r in table.to_dict("records"):
        p = r.get("p_holm")
        if p is not None and not pd.isna(p) and float(p) < alpha:
            yield r


def _test_text(r) -> str:
    return f"Mann–Whitney, Holm-gecorrigeerd {format_p(float(r['p_holm']))}; r = {_num(abs(float(r['r'])), 2)}"


def format_p(p: float) -> str:
    """A p-value as in a Dutch report: "p < 0,001", "p = 0,004", "p = 0,03"."""
    if p < 0.001:
        return "p < 0,001"
    # Three decimals below 0,01, and where two would round a significant p up to 0,05.
    three = p < 0.01 or (p < SIGNIFICANCE <= round(p, 2))
    return f"p = {p:.{3 if three else 2}f}".replace(".", ",")


def _num(value, decimals: int = 1) -> str:
    return f"{float(value):.{decimals}f}".replace(".", ",")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _perspective_name(code: str, names: dict | None) -> tuple[str, str]:
    names = names or PERSPECTIVE_NAMES
    return names.get(code, (f"respondenten ({code})", "zijn"))


# --- open answers and group sizes -----------------------------------------------------------------

def open_answers(open_: pd.DataFrame, cells: pd.DataFrame, redact_terms: Sequence[str] = (),
                 names: dict[str, str] | None = None) -> pd.DataFrame:
    """Open answers per uitgangspunt, redacted, only from cells that reached the minimum.

    `cells` is `describe(..., by=["gemeente", "ronde", "perspectief"])`: an answer is kept
    only when its uitgangspunt × perspectief × gemeente × ronde cell is not suppressed.
    Every text passes `privacy.redact` with the study's own list of words.
    """
    keys = ["uitgangspunt", "gemeente", "ronde", "perspectief"]
    allowed = cells.loc[~cells["onderdrukt"].astype(bool), keys].astype(str).drop_duplicates()
    data = open_.assign(**{k: open_[k].astype(str) for k in keys})
    kept = data.merge(allowed, on=keys, how="inner")
    columns = ["uitgangspunt", "uitgangspunt_naam", "gemeente", "ronde", "perspectief", "tekst"]
    if not len(kept):
        return pd.DataFrame(columns=columns)
    terms = tuple(redact_terms)
    unique = pd.unique(kept["tekst"])  # the same text ("geen", "nee") is redacted once
    kept = kept.assign(tekst=kept["tekst"].map(dict(zip(unique, (redact(t, terms) for t in unique)))))
    kept = kept[kept["tekst"].str.strip().str.len() > 0]
    kept.insert(1, "uitgangspunt_naam", kept["uitgangspunt"].map(names or {}).fillna(kept["uitgangspunt"]))
    order = cells[keys].astype(str).drop_duplicates().reset_index(drop=True)
    rank = {k: i for i, k in enumerate(order.itertuples(index=False, name=None))}
    kept = kept.assign(_o=[rank.get(k, len(rank)) for k in kept[keys].itertuples(index=False, name=None)])
    kept = kept.sort_values(["_o", "tekst"], kind="stable")
    return kept[columns].reset_index(drop=True)


def group_sizes(respondenten: pd.DataFrame, by: Sequence[str] = ("gemeente", "perspectief", "ronde"),
                min_group: int = 5) -> pd.DataFrame:
    """Respondents per group; groups below the minimum read "n<5"."""
    by = list(by)
    out = respondenten.groupby(by, observed=True).size().rename("respondenten").reset_index()
    out = suppress_small_groups(out, "respondenten", [], min_group, siblings=_siblings(by))
    return _plain(out, by)


def _siblings(keys: Sequence[str]) -> list[str] | None:
    """Per municipality, totals over the municipalities are published too: the other keys
    form the breakdown within which secondary suppression protects a small municipality."""
    return [k for k in keys if k != "gemeente"] if "gemeente" in keys else None


# --- everything at once, as the report and the notebook use it -----------------------------------

@dataclass
class VerkenningAnalyse:
    """All verkenning tables of one study, computed once."""

    vragenlijst: object
    rondes: list[str]                       # rounds with responses, in the study's order
    laatste_ronde: str
    tabellen: dict[str, pd.DataFrame]       # the store's tidy tables (categorised)
    antwoorden: pd.DataFrame                # answers × statements (answers_table)
    scores: pd.DataFrame                    # respondent × uitgangspunt
    groepsgrootte: pd.DataFrame             # respondents per gemeente × perspectief × ronde
    cellen: pd.DataFrame                    # uitgangspunt × gemeente × ronde × perspectief
    per_perspectief: pd.DataFrame           # uitgangspunt × ronde × perspectief, all gemeenten
    basisfuncties: pd.DataFrame
    basisfunctionaliteiten: pd.DataFrame
    stellingen: pd.DataFrame                # statement × ronde, all gemeenten and perspectives
    betrouwbaarheid: pd.DataFrame           # Cronbach's α per uitgangspunt
    perspectieven: pd.DataFrame             # Kruskal–Wallis between perspectives, all gemeenten
    perspectieven_paren: pd.DataFrame       # pairwise Mann–Whitney, all gemeenten
    perspectieven_per_gemeente: pd.DataFrame
    perspectieven_paren_per_gemeente: pd.DataFrame
    rondes_vergeleken: pd.DataFrame         # first → last round, all gemeenten
    rondes_per_gemeente: pd.DataFrame
    gemeenten: pd.DataFrame                 # Kruskal–Wallis between gemeenten
    prioriteiten: pd.DataFrame
    laagste: pd.DataFrame                   # lowest-scoring uitgangspunten per perspective
    open: pd.DataFrame
    zinnen_perspectieven: pd.DataFrame
    zinnen_rondes: pd.DataFrame
    min_group: int = 5

    @property
    def uitgangspunt_namen(self) -> dict[str, str]:
        return self.vragenlijst.uitgangspunt_labels

    @property
    def perspectief_namen(self) -> dict[str, str]:
        """Short names for tables and legends: Inwoners, Uitvoerders, Beleid, Ketenpartners."""
        out = {}
        for p in self.vragenlijst.perspectieven:
            plural = PERSPECTIVE_NAMES.get(p.code, (p.label, ""))[0]
            out[p.code] = plural[:1].upper() + plural[1:]
        return out


def analyse_verkenning(study) -> VerkenningAnalyse | None:
    """Run the whole verkenning analysis on a loaded `Study`, reading its database read-only.

    Returns None when the study has no responses yet (no database, or an empty one).
    """
    from .opslag import Opslag
    from .vragenlijst import read_vragenlijst

    path = study.verkenning_db
    if not path.exists():
        return None
    with Opslag(path, readonly=True) as store:
        tables = store.tables()
    if not len(tables["respondenten"]):
        return None
    s = study.settings
    return analyse_tables(tables, read_vragenlijst(study.path), gemeenten=s.gemeenten, rondes=s.verkenning.rondes,
                          min_group=study.min_group, redact_terms=s.privacy.te_verwijderen)


def analyse_tables(tables: dict[str, pd.DataFrame], vragenlijst, gemeenten: Sequence[str] | None = None,
                   rondes: Sequence[str] | None = None, min_group: int = 5,
                   redact_terms: Sequence[str] = ()) -> VerkenningAnalyse:
    """The whole analysis on the store's tidy tables (`Opslag.tables()`)."""
    perspectieven = [p.code for p in vragenlijst.perspectieven]
    scale = sorted(vragenlijst.schaal.labels)
    names = vragenlijst.uitgangspunt_labels
    m = min_group
    orders = {"gemeente": gemeenten, "ronde": rondes, "perspectief": perspectieven}
    t = {k: _categorise(v, orders) for k, v in tables.items() if k != "antwoorden"}
    antwoorden = answers_table(tables["antwoorden"], vragenlijst.statements_table(), gemeenten, rondes, perspectieven)
    t["antwoorden"] = antwoorden
    present = [str(r) for r in t["respondenten"]["ronde"].cat.categories
               if (t["respondenten"]["ronde"] == r).any()]
    w = _wide(antwoorden)  # built once, shared by the scores, the distribution and α
    scores = _scores(w, antwoorden, "uitgangspunt", scale)
    cells = describe(scores, "uitgangspunt", ["gemeente", "ronde", "perspectief"], m, scale)
    per_persp = describe(scores, "uitgangspunt", ["ronde", "perspectief"], m, scale)
    frameworks = {fw: describe(_scores(w, antwoorden, fw, scale), fw, ["ronde", "perspectief"], m, scale)
                  for fw in ("basisfunctie", "basisfunctionaliteit")}
    first, last = present[0], present[-1]
    if len(present) > 1:
        rounds = round_comparison(scores, first, last, ["uitgangspunt", "perspectief"], m)
        rounds_g = round_comparison(scores, first, last, ["gemeente", "uitgangspunt", "perspectief"], m)
    else:
        rounds = rounds_g = pd.DataFrame(columns=["uitgangspunt", "perspectief", "van", "naar", "getoetst",
                                                  "onderdrukt"])
    pairs = pairwise_mannwhitney(scores, "perspectief", ["ronde", "uitgangspunt"], min_group=m)
    pairs_g = pairwise_mannwhitney(scores, "perspectief", ["gemeente", "ronde", "uitgangspunt"], min_group=m)
    return VerkenningAnalyse(
        vragenlijst=vragenlijst, rondes=present, laatste_ronde=last, tabellen=t, antwoorden=antwoorden,
        scores=scores,
        groepsgrootte=group_sizes(t["respondenten"], ["gemeente", "perspectief", "ronde"], m),
        cellen=cells, per_perspectief=per_persp,
        basisfuncties=frameworks["basisfunctie"], basisfunctionaliteiten=frameworks["basisfunctionaliteit"],
        stellingen=_distribution(w, antwoorden, ["ronde"], m, scale),
        betrouwbaarheid=_alpha(w, antwoorden, "uitgangspunt", (), 0.95, ALPHA_MIN_COMPLETE, ALPHA_LOW),
        perspectieven=kruskal_wallis(scores, "perspectief", ["ronde", "uitgangspunt"], min_group=m),
        perspectieven_paren=pairs,
        perspectieven_per_gemeente=kruskal_wallis(scores, "perspectief", ["gemeente", "ronde", "uitgangspunt"],
                                                  min_group=m),
        perspectieven_paren_per_gemeente=pairs_g,
        rondes_vergeleken=rounds, rondes_per_gemeente=rounds_g,
        gemeenten=kruskal_wallis(scores, "gemeente", ["ronde", "uitgangspunt", "perspectief"], min_group=m),
        prioriteiten=priorities(t["prioriteit"], t["respondenten"], names, ["ronde", "perspectief"], m),
        laagste=lowest(per_persp, "uitgangspunt", ["ronde", "perspectief"]),
        open=open_answers(t["open"], cells, redact_terms, names),
        zinnen_perspectieven=perspective_sentences(pairs, names),
        zinnen_rondes=round_sentences(rounds, names) if len(present) > 1 else pd.DataFrame(columns=["zin"]),
        min_group=m,
    )


# --- helpers ---------------------------------------------------------------------------------------

ANSWERED, DONT_KNOW, EMPTY = 1, 2, 3  # states in the wide table; 0 = statement not shown


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (−1 for missing) and levels; a categorical keeps its order, anything else
    in order of appearance."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), values.cat.categories
    codes, uniques = pd.factorize(values.to_numpy())
    return codes.astype(np.int64), pd.Index(uniques)


def _categorical(codes: np.ndarray, categories) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories), validate=False)


def _some_rows(codes: np.ndarray, n: int) -> np.ndarray:
    """For every code 0..n-1 the number of a row that has it (a code absent from `codes` gets 0)."""
    rows = np.zeros(n, dtype=np.int64)
    valid = codes >= 0
    rows[codes[valid]] = np.flatnonzero(valid)
    return rows


def _take(column: pd.Series, rows: np.ndarray):
    values = column.iloc[rows]
    return values.array if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy()


def _from_codes(column: pd.Series, levels: pd.Index, codes: np.ndarray):
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=column.dtype, validate=False)
    return np.asarray(levels, dtype=object)[codes]


def _statement_groups(w, antwoorden: pd.DataFrame, framework: str):
    """Per statement column of the wide table: the code of its uitgangspunt (or basisfunctie, …);
    the levels; and the name of every level as a categorical (None without a `_naam` column)."""
    f_codes, f_levels = _codes(antwoorden[framework].iloc[w.stmt_rows])
    if isinstance(antwoorden[framework].dtype, pd.CategoricalDtype):
        f_levels = antwoorden[framework].cat.categories
    stmt_group = np.where(w.stmt_seen, f_codes, -1)
    name_column = f"{framework}_naam"
    if name_column not in antwoorden:
        return stmt_group, f_levels, None
    names = {}
    for code, row in zip(f_codes, w.stmt_rows):
        if code >= 0:
            names.setdefault(code, antwoorden[name_column].iloc[row])
    labels = [str(names.get(i, level)) for i, level in enumerate(f_levels)]
    if len(set(labels)) == len(labels):
        return stmt_group, f_levels, _categorical(np.arange(len(labels)), labels)
    return stmt_group, f_levels, np.asarray(labels, dtype=object)


def _name_map(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """code → name, from a column and its `_naam` twin."""
    codes, levels = _codes(frame[column])
    rows = _some_rows(codes, len(levels))
    present = np.bincount(codes[codes >= 0], minlength=len(levels)) > 0
    names = frame[f"{column}_naam"].iloc[rows]
    return {str(c): str(n) for c, n, ok in zip(levels, names, present) if ok}


def _natural(values) -> list:
    return sorted(values, key=lambda v: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(v))])


def _ordered(values: pd.Series, wanted: Sequence[str] | None) -> pd.Series:
    """A categorical with the wanted order first and any other observed values after it."""
    wanted = [str(w) for w in (wanted or [])]
    codes, uniques = _codes(values)
    observed = [str(v) for v in uniques]
    order = wanted + [v for v in observed if v not in set(wanted)]
    position = {v: i for i, v in enumerate(order)}
    lookup = np.array([position[v] for v in observed] + [-1], dtype=np.int64)
    return pd.Series(_categorical(lookup[codes], order), index=values.index)


def _categorise(frame: pd.DataFrame, orders: dict) -> pd.DataFrame:
    out = frame.copy()
    for column, wanted in orders.items():
        if column in out:
            out[column] = _ordered(out[column], wanted)
    return out


def _groups(frame: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number per row (−1 when a key is missing) and the key values of every group
    present, sorted (categoricals in category order)."""
    keys = list(keys)
    if not keys:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1))
    columns = [frame[k] for k in keys]
    if all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        sizes = [max(len(c.cat.categories), 1) for c in columns]
        if np.prod(sizes, dtype=float) <= 5e7:
            # Categorical keys: the combined code is a position in a dense grid, so one
            # bincount finds the groups present; no hashing, no sorting.
            codes = [c.cat.codes.to_numpy().astype(np.int64) for c in columns]
            valid = np.logical_and.reduce([c >= 0 for c in codes])
            flat = np.ravel_multi_index([np.where(valid, c, 0) for c in codes], sizes)
            present = np.bincount(flat[valid], minlength=int(np.prod(sizes))) > 0
            ids = np.cumsum(present) - 1
            groups = np.where(valid, ids[flat], -1)
            parts = np.unravel_index(np.flatnonzero(present), sizes)
            table = pd.DataFrame({k: pd.Categorical.from_codes(part, dtype=c.dtype, validate=False)
                                  for k, c, part in zip(keys, columns, parts)})
            return groups, table
    grouped = frame.groupby(keys, observed=True, sort=True, dropna=True)
    codes = grouped.ngroup()
    codes = codes.fillna(-1).to_numpy().astype(np.int64)
    return codes, grouped.size().index.to_frame(index=False)


def _value_codes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct values of `x` in ascending order (hashing, then sorting only the
    few distinct values: respondent scores take few values)."""
    codes, uniques = pd.factorize(x)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(uniques)[order]


def _group_median(g: np.ndarray, x: np.ndarray, n_groups: int) -> np.ndarray:
    """Median of `x` per group (NaN for an empty group), as `numpy.median` per group."""
    if not len(x):
        return np.full(n_groups, np.nan)
    v_codes, values = _value_codes(x)
    n_v = len(values)
    if n_groups * n_v <= 2e7:
        counts = np.bincount(g * n_v + v_codes, minlength=n_groups * n_v).reshape(n_groups, n_v)
        cum = counts.cumsum(axis=1)
        n = cum[:, -1]
        low = (cum > ((n - 1) // 2)[:, None]).argmax(axis=1)
        high = (cum > (n // 2)[:, None]).argmax(axis=1)
        return np.where(n > 0, (values[low] + values[high]) / 2, np.nan)
    order = np.lexsort((x, g))
    xs, gs = x[order], g[order]
    n = np.bincount(gs, minlength=n_groups)
    start = np.concatenate([[0], np.cumsum(n)[:-1]])
    low = np.minimum(start + (n - 1) // 2, len(xs) - 1)
    high = np.minimum(start + n // 2, len(xs) - 1)
    return np.where(n > 0, (xs[low] + xs[high]) / 2, np.nan)


def _rank_counts(scores: pd.DataFrame, dv: str, between: str, by: Sequence[str]):
    """Counts per group × level × distinct value: all a rank test needs (average ranks follow
    from cumulative counts), in one dense array so every group is tested at once."""
    x = scores[dv].to_numpy(dtype=float)
    g, keys = _groups(scores, list(by))
    l_codes, levels = _codes(scores[between])
    ok = (g >= 0) & (l_codes >= 0) & ~np.isnan(x)
    g, l_codes, x = g[ok], l_codes[ok], x[ok]
    v_codes, values = _value_codes(x)
    n_g, n_l, n_v = len(keys), len(levels), max(len(values), 1)
    counts = np.bincount((g * n_l + l_codes) * n_v + v_codes, minlength=n_g * n_l * n_v) \
        .reshape(n_g, n_l, n_v).astype(float)
    sums = np.bincount(g * n_l + l_codes, weights=x, minlength=n_g * n_l).reshape(n_g, n_l)
    return keys, list(levels), values, counts, sums


def _mann_whitney(ca: np.ndarray, cb: np.ndarray, values: np.ndarray):
    """U of A, two-sided p and rank-biserial r for many pairs at once, from value counts
    (rows: pairs; columns: the distinct values in ascending order). As scipy's
    `mannwhitneyu(method="auto")`: exact for n ≤ 8 in both groups without ties, otherwise
    normal approximation with tie and continuity correction."""
    from scipy import special, stats

    na, nb = ca.sum(axis=1), cb.sum(axis=1)
    ties = ca + cb
    midrank = np.cumsum(ties, axis=1) - (ties - 1) / 2
    u_a = (ca * midrank).sum(axis=1) - na * (na + 1) / 2
    u_b = na * nb - u_a
    n = na + nb
    s = np.sqrt(na * nb / 12 * ((n + 1) - (ties ** 3 - ties).sum(axis=1) / (n * (n - 1))))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (np.maximum(u_a, u_b) - na * nb / 2 - 0.5) / s
    p = np.clip(2 * special.ndtr(-z), 0, 1)
    for i in np.flatnonzero((na <= 8) & (nb <= 8) & (ties.max(axis=1) <= 1)):
        p[i] = stats.mannwhitneyu(np.repeat(values, ca[i].astype(int)), np.repeat(values, cb[i].astype(int)),
                                  method="exact").pvalue
    return u_a, p, 1 - 2 * u_b / (na * nb)


def _plain(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Categorical key columns back to plain text (the rows are already in category order)."""
    out = frame.copy()
    for column in columns:
        if column in out and isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(str)
    return out


def _sort_frame(source: pd.DataFrame, by: Sequence[str]) -> dict:
    """The category order of every column in `by` (as a rank per value)."""
    order = {}
    for column in by:
        if column in source and isinstance(source[column].dtype, pd.CategoricalDtype):
            order[column] = {str(c): i for i, c in enumerate(source[column].cat.categories)}
    return order


def _order_like(frame: pd.DataFrame, order: dict, by: Sequence[str], extra: Sequence[str] = ()) -> np.ndarray:
    """Row positions that sort `frame` by the category order of `by`, then by `extra`."""
    sort = pd.DataFrame({f"_{i}": (frame[c].astype(str).map(order[c]) if c in order else frame[c])
                         for i, c in enumerate(by)})
    for column in extra:
        sort[column] = frame[column].to_numpy()
    sort["_pos"] = np.arange(len(frame))
    return sort.sort_values(list(sort.columns), kind="stable")["_pos"].to_numpy()


@dataclass
class _Wide:
    values: np.ndarray     # respondents × statements: the answer on the scale, NaN otherwise
    state: np.ndarray      # 0 not shown, 1 answered, 2 weet niet, 3 empty
    rows: np.ndarray       # per respondent the number of one of its rows in the answers table
    stmt_rows: np.ndarray  # per statement column the number of one of its rows
    stmt_seen: np.ndarray  # per statement column: has at least one row
    s_levels: list[str]


def _wide(antwoorden: pd.DataFrame) -> _Wide:
    """Respondents × statements, built with one scatter (no pivot, no hashing of categoricals)."""
    r_codes, r_ids = _codes(antwoorden["respons_id"])
    s_codes, s_levels = _codes(antwoorden["stelling"])
    values = antwoorden["waarde"].to_numpy(dtype=float, na_value=np.nan)
    answered = ~np.isnan(values)
    dont_know = antwoorden["weet_niet"].to_numpy(dtype=bool) & ~answered
    state = np.where(answered, ANSWERED, np.where(dont_know, DONT_KNOW, EMPTY)).astype(np.int8)
    n_s = len(s_levels)
    flat = r_codes * n_s + s_codes
    ok = (r_codes >= 0) & (s_codes >= 0)
    if not ok.all():
        flat, values, state = flat[ok], values[ok], state[ok]
    wide = np.full(len(r_ids) * n_s, np.nan)
    shown = np.zeros(len(r_ids) * n_s, dtype=np.int8)
    wide[flat] = values
    shown[flat] = state
    wide, shown = wide.reshape(-1, n_s), shown.reshape(-1, n_s)
    seen = np.bincount(s_codes[s_codes >= 0], minlength=n_s) > 0
    return _Wide(wide, shown, _some_rows(r_codes, len(r_ids)), _some_rows(s_codes, n_s), seen,
                 [str(s) for s in s_levels])
