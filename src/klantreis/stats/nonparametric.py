"""Rank tests: Kruskal–Wallis H and Mann–Whitney U, with their effect sizes.

Both tests need only how often every distinct value occurs in every group: the average rank
of a value follows from the cumulative counts. So the tests are computed from a dense array
groups × levels × distinct values (`rank_counts`), for every group at once. Respondent scores
take few distinct values, so a national data set (hundreds of municipalities × perspectives ×
rounds) is tested in well under a second. The numbers are those of `scipy.stats.kruskal` and
`scipy.stats.mannwhitneyu` (two-sided, `method="auto"`, continuity correction), which
`tests/test_stats.py` checks.

References
----------
Kerby, D. S. (2014). The simple difference formula: an approach to teaching nonparametric
    correlation. Comprehensive Psychology, 3, 11.IT.3.1.
Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis.
    Journal of the American Statistical Association, 47(260), 583–621.
Mann, H. B., & Whitney, D. R. (1947). On a test of whether one of two random variables is
    stochastically larger than the other. Annals of Mathematical Statistics, 18(1), 50–60.
Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited. An
    overview of some recommended measures of effect size. Trends in Sport Sciences, 21(1), 19–25.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from .groups import group_codes, level_codes, value_codes

EXACT_MAX_N = 8  # as scipy: the exact Mann–Whitney distribution when a sample is this small and nothing ties


@dataclass
class RankCounts:
    """Everything a rank test needs, for many groups at once."""

    keys: pd.DataFrame    # one row per group of `by` (its key values)
    levels: list          # the levels of `between`
    values: np.ndarray    # the distinct values of `dv`, ascending
    counts: np.ndarray    # groups × levels × values: how often each value occurs
    sums: np.ndarray      # groups × levels: the sum of `dv` (for means)


def rank_counts(data: pd.DataFrame, dv: str, between: str, by: Sequence[str] = ()) -> RankCounts:
    """Count every distinct value of `dv` per group of `by` × level of `between`.

    Rows with a missing `dv`, level or key are left out. Levels of a categorical `between`
    keep their category order (also levels without rows); other levels are in order of
    appearance. See `RankCounts`.
    """
    x = data[dv].to_numpy(dtype=float, na_value=np.nan)
    g, keys = group_codes(data, list(by))
    l_codes, levels = level_codes(data[between])
    ok = (g >= 0) & (l_codes >= 0) & ~np.isnan(x)
    g, l_codes, x = g[ok], l_codes[ok], x[ok]
    v_codes, values = value_codes(x)
    n_g, n_l, n_v = len(keys), len(levels), max(len(values), 1)
    counts = np.bincount((g * n_l + l_codes) * n_v + v_codes, minlength=n_g * n_l * n_v) \
        .reshape(n_g, n_l, n_v).astype(float)
    sums = np.bincount(g * n_l + l_codes, weights=x, minlength=n_g * n_l).reshape(n_g, n_l)
    return RankCounts(keys, list(levels), values, counts, sums)


# --- Kruskal–Wallis ---------------------------------------------------------------------------------

class KruskalResult(NamedTuple):
    k: np.ndarray         # levels with at least one observation
    n: np.ndarray         # observations in the test
    H: np.ndarray
    df: np.ndarray        # k − 1 (0 without a test)
    p: np.ndarray
    epsilon2: np.ndarray


def kruskal_counts(counts: np.ndarray) -> KruskalResult:
    """Kruskal–Wallis H test for many groups at once, from value counts.

    `counts`: groups × levels × distinct values (ascending), as `rank_counts(...).counts`.
    Within every group the levels with at least one observation are compared:

        H = [12 / (n(n+1)) · Σⱼ Rⱼ² / nⱼ − 3(n+1)] / [1 − Σ(t³ − t) / (n³ − n)]

    with Rⱼ the sum of the average ranks of level j in the pooled sample, nⱼ its size, and t
    the size of every group of tied values (Kruskal & Wallis 1952). df = k − 1; p = P(χ²_df ≥ H).
    Effect size (Tomczak & Tomczak 2014):

        ε² = H / ((n² − 1) / (n + 1)) = H / (n − 1),   from 0 (no difference) to 1.

    With fewer than two levels H, p and ε² are NaN and df is 0; when all values are equal H and
    p are NaN (as scipy).

    Example (checked against `scipy.stats.kruskal([1, 2, 2], [3, 4])`: H = 3.158, p = 0.0756)
    -------
    >>> import numpy as np
    >>> counts = np.array([[[1, 2, 0, 0], [0, 0, 1, 1]]], dtype=float)  # values 1, 2, 3, 4
    >>> r = kruskal_counts(counts)
    >>> round(float(r.H[0]), 4), round(float(r.p[0]), 4), int(r.df[0]), round(float(r.epsilon2[0]), 4)
    (3.1579, 0.0756, 1, 0.7895)
    """
    from scipy import special

    n_l = counts.sum(axis=2)
    k = (n_l > 0).sum(axis=1)
    ties = counts.sum(axis=1)                                  # groups × values: pooled counts
    midrank = np.cumsum(ties, axis=1) - (ties - 1) / 2         # average rank of every value
    rank_sum = (counts * midrank[:, None, :]).sum(axis=2)
    n = n_l.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        h = 12 / (n * (n + 1)) * (rank_sum ** 2 / np.where(n_l > 0, n_l, 1)).sum(axis=1) - 3 * (n + 1)
        h = h / (1 - (ties ** 3 - ties).sum(axis=1) / (n ** 3 - n))
        h = np.where(k >= 2, h, np.nan)
        p = np.where(k >= 2, special.chdtrc(np.maximum(k - 1, 1), h), np.nan)
        eps = h / (n - 1)
    return KruskalResult(k, n.astype(np.int64), h, np.where(k >= 2, k - 1, 0), p, eps)


def kruskal(data: pd.DataFrame, dv: str, between: str, by: Sequence[str] = (), min_n: int = 1) -> pd.DataFrame:
    """Kruskal–Wallis H test of `dv` between the levels of `between`, within every group of `by`.

    See `kruskal_counts` for the formula (Kruskal & Wallis 1952) and ε² (Tomczak & Tomczak
    2014). Levels with fewer than `min_n` observations are left out of the test. Missing
    values are dropped (scipy's `nan_policy="omit"`).

    Returns columns: *by, k, n, H, df, p, epsilon2, levels (the levels tested, a tuple),
    excluded (levels with observations that were left out, a tuple).

    Example (checked against `scipy.stats.kruskal([1, 2, 2], [3, 4])`)
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1, 2, 2, 3, 4], "g": ["a", "a", "a", "b", "b"]})
    >>> kruskal(df, "x", "g")[["k", "n", "H", "df", "p"]].round(4).to_dict("records")
    [{'k': 2, 'n': 5, 'H': 3.1579, 'df': 1, 'p': 0.0756}]
    """
    rc = rank_counts(data, dv, between, by)
    n_level = rc.counts.sum(axis=2)
    tested = (n_level >= min_n) & (n_level > 0)
    result = kruskal_counts(rc.counts * tested[:, :, None])
    out = rc.keys.copy()
    for name, column in result._asdict().items():
        out[name] = column
    out["levels"] = [tuple(rc.levels[j] for j in np.flatnonzero(row)) for row in tested]
    out["excluded"] = [tuple(rc.levels[j] for j in np.flatnonzero((nl > 0) & ~row))
                       for row, nl in zip(tested, n_level)]
    return out


# --- Mann–Whitney -------------------------------------------------------------------------------------

class MwuResult(NamedTuple):
    n_A: np.ndarray
    n_B: np.ndarray
    U: np.ndarray         # U of sample A
    p: np.ndarray         # two-sided
    r: np.ndarray         # rank-biserial correlation, > 0 when A tends to be larger


def mwu_counts(ca: np.ndarray, cb: np.ndarray, values: np.ndarray) -> MwuResult:
    """Mann–Whitney U test for many pairs of samples at once, from value counts.

    `ca`, `cb`: pairs × distinct values (ascending `values`): how often each value occurs in
    sample A and sample B of every pair.

        U_A = R_A − n_A(n_A + 1)/2,   U_B = n_A·n_B − U_A

    with R_A the sum of the average ranks of A in the pooled pair (Mann & Whitney 1947). p is
    two-sided, as `scipy.stats.mannwhitneyu(method="auto")`: exact when one sample has at most
    8 observations and no values tie; otherwise the normal approximation

        z = (max(U_A, U_B) − n_A·n_B/2 − ½) / √( n_A·n_B/12 · [(n + 1) − Σ(t³ − t) / (n(n − 1))] )

    with continuity and tie correction, p = 2·P(Z ≥ z) capped at 1. Effect size: the
    rank-biserial correlation (Kerby 2014, the simple difference formula; pingouin's RBC)

        r = (U_A − U_B) / (n_A·n_B) = 1 − 2·U_B / (n_A·n_B),   from −1 to 1.

    Example (checked against `scipy.stats.mannwhitneyu([1, 2, 2, 5], [3, 4, 4, 6, 7])`:
    U = 3, p = 0.1084; `pingouin.mwu` RBC = −0.7)
    -------
    >>> import numpy as np
    >>> values = np.array([1, 2, 3, 4, 5, 6, 7.0])
    >>> r = mwu_counts(np.array([[1, 2, 0, 0, 1, 0, 0.0]]), np.array([[0, 0, 1, 2, 0, 1, 1.0]]), values)
    >>> float(r.U[0]), round(float(r.p[0]), 4), round(float(r.r[0]), 4)
    (3.0, 0.1084, -0.7)
    """
    from scipy import special

    na, nb = ca.sum(axis=1), cb.sum(axis=1)
    ties = ca + cb
    midrank = np.cumsum(ties, axis=1) - (ties - 1) / 2
    u_a = (ca * midrank).sum(axis=1) - na * (na + 1) / 2
    u_b = na * nb - u_a
    n = na + nb
    s = np.sqrt(na * nb / 12 * ((n + 1) - (ties ** 3 - ties).sum(axis=1) / (n * (n - 1))))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (np.maximum(u_a, u_b) - na * nb / 2 - 0.5) / s
        r = 1 - 2 * u_b / (na * nb)
    p = np.clip(2 * special.ndtr(-z), 0, 1)
    exact = (np.minimum(na, nb) <= EXACT_MAX_N) & (ties.max(axis=1, initial=0) <= 1) & (na > 0) & (nb > 0)
    for i in np.flatnonzero(exact):
        from scipy import stats  # only here: scipy.stats takes a second to import

        p[i] = stats.mannwhitneyu(np.repeat(values, ca[i].astype(int)), np.repeat(values, cb[i].astype(int)),
                                  method="exact").pvalue
    return MwuResult(na.astype(np.int64), nb.astype(np.int64), u_a, p, r)


def mwu(x, y) -> pd.DataFrame:
    """Mann–Whitney U test of two samples (missing values dropped); see `mwu_counts`.

    Returns one row with columns: n_A, n_B, U (of x), p (two-sided), r (rank-biserial).

    Example (checked against `scipy.stats.mannwhitneyu` and `pingouin.mwu`)
    -------
    >>> mwu([1, 2, 2, 5], [3, 4, 4, 6, 7]).round(4).to_dict("records")
    [{'n_A': 4, 'n_B': 5, 'U': 3.0, 'p': 0.1084, 'r': -0.7}]
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    codes, values = value_codes(np.concatenate([x, y]))
    n_v = max(len(values), 1)
    ca = np.bincount(codes[:len(x)], minlength=n_v).astype(float)[None, :]
    cb = np.bincount(codes[len(x):], minlength=n_v).astype(float)[None, :]
    return pd.DataFrame(mwu_counts(ca, cb, values)._asdict())


def pairwise_mwu(data: pd.DataFrame, dv: str, between: str, by: Sequence[str] = (), min_n: int = 1) -> pd.DataFrame:
    """Mann–Whitney U for every pair of levels of `between`, within every group of `by`.

    See `mwu_counts` for U, p (Mann & Whitney 1947) and r (Kerby 2014). Only pairs in which
    both levels have at least `min_n` observations (and at least one) are tested and listed;
    missing values are dropped. No correction for multiple tests: see `multicomp.holm_by`.

    Returns columns: *by, A, B, n_A, n_B, mean_A, mean_B, U, p, r; sorted by the groups, then
    by the pair (levels in their order: categorical order, else order of appearance).

    Example (checked against `scipy.stats.mannwhitneyu` per pair)
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1, 2, 2, 5, 3, 4, 4, 6, 7], "g": list("aaaabbbbb")})
    >>> pairwise_mwu(df, "x", "g")[["A", "B", "U", "p", "r"]].round(4).to_dict("records")
    [{'A': 'a', 'B': 'b', 'U': 3.0, 'p': 0.1084, 'r': -0.7}]
    """
    by = list(by)
    rc = rank_counts(data, dv, between, by)
    n_level = rc.counts.sum(axis=2)
    frames = []
    for a in range(len(rc.levels)):
        for b in range(a + 1, len(rc.levels)):
            ok = (n_level[:, a] >= max(min_n, 1)) & (n_level[:, b] >= max(min_n, 1))
            if not ok.any():
                continue
            result = mwu_counts(rc.counts[ok, a, :], rc.counts[ok, b, :], rc.values)
            part = rc.keys[ok].reset_index(drop=True)
            part["A"], part["B"] = rc.levels[a], rc.levels[b]
            part["n_A"], part["n_B"] = result.n_A, result.n_B
            part["mean_A"], part["mean_B"] = rc.sums[ok, a] / result.n_A, rc.sums[ok, b] / result.n_B
            part["U"], part["p"], part["r"] = result.U, result.p, result.r
            part["_a"], part["_b"] = a, b
            frames.append(part)
    columns = [*by, "A", "B", "n_A", "n_B", "mean_A", "mean_B", "U", "p", "r"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True).sort_values([*by, "_a", "_b"], kind="stable")
    return out[columns].reset_index(drop=True)
