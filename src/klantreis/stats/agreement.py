"""Agreement between raters: Kendall's W and the intraclass correlation (ICC) with its interval.

Both take a tidy table with one row per rating (`targets`: what is rated, `raters`: who rates,
`ratings`: the score) and use only complete data: targets that not every rater scored are left
out (pingouin's `nan_policy="omit"` does the same for the ICC).

References
----------
Kendall, M. G., & Babington Smith, B. (1939). The problem of m rankings. Annals of Mathematical
    Statistics, 10(3), 275–287.
Siegel, S., & Castellan, N. J. (1988). Nonparametric statistics for the behavioral sciences
    (2nd ed.), §9.4 (W corrected for ties). New York: McGraw-Hill.
Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
    reliability. Psychological Bulletin, 86(2), 420–428.
McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass correlation
    coefficients. Psychological Methods, 1(1), 30–46.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd


class KendallResult(NamedTuple):
    m: int            # raters
    n: int            # targets (items ranked)
    W: float
    Q: float          # Friedman's chi-square, m (n − 1) W
    df: int
    p: float


class IccResult(NamedTuple):
    m: int            # raters
    n: int            # targets
    icc: float
    ci_low: float
    ci_high: float
    F: float
    df1: int
    df2: int
    p: float


def complete_matrix(data: pd.DataFrame, targets: str, raters: str, ratings: str) -> np.ndarray:
    """The ratings as a matrix raters × targets, keeping only targets every rater scored."""
    wide = data.pivot_table(index=raters, columns=targets, values=ratings, aggfunc="mean", observed=True)
    wide = wide.dropna(axis=1, how="any")
    return wide.to_numpy(dtype=float)


def kendall_w_matrix(matrix: np.ndarray) -> KendallResult:
    """Kendall's coefficient of concordance W of a complete matrix raters × targets.

    Each rater's scores are ranked (ties get their average rank). With m raters, n targets,
    Rⱼ the rank sum of target j and S = Σⱼ (Rⱼ − m(n + 1)/2)²:

        W = 12 S / (m² (n³ − n) − m Σᵢ Tᵢ),   Tᵢ = Σ (t³ − t) over the ties t of rater i

    W is 0 when the raters' orders are unrelated and 1 when all order the targets alike. The
    test is Friedman's: Q = m (n − 1) W, chi-square with n − 1 degrees of freedom. The same
    W as `pingouin.friedman` (which needs at least 3 raters) and the same Q as
    `scipy.stats.friedmanchisquare`. With fewer than 2 raters or targets, or when every rater
    gives every target the same score, W is NaN.

    Example (checked against `pingouin.friedman(..., method="chisq")`: W = 0.778, Q = 4.667)
    -------
    >>> import numpy as np
    >>> r = kendall_w_matrix(np.array([[1, 2, 3], [1, 3, 2], [1, 2, 3.0]]))
    >>> round(r.W, 4), round(r.Q, 4), r.df
    (0.7778, 4.6667, 2)
    """
    from scipy import special  # scipy.special, not scipy.stats: a fifth of the import time

    matrix = np.asarray(matrix, dtype=float)
    m, n = matrix.shape if matrix.ndim == 2 else (0, 0)
    if m < 2 or n < 2:
        return KendallResult(m, n, np.nan, np.nan, max(n - 1, 0), np.nan)
    ranks = pd.DataFrame(matrix).rank(axis=1, method="average").to_numpy()  # ties: average rank
    sums = ranks.sum(axis=0)
    s = float(((sums - m * (n + 1) / 2) ** 2).sum())
    ties = 0.0
    for row in matrix:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts ** 3 - counts).sum())
    denominator = m ** 2 * (n ** 3 - n) - m * ties
    if denominator <= 0:
        return KendallResult(m, n, np.nan, np.nan, n - 1, np.nan)
    w = 12 * s / denominator
    q = m * (n - 1) * w
    return KendallResult(m, n, float(w), float(q), n - 1, float(special.chdtrc(n - 1, q)))  # chi² survival


def kendall_w(data: pd.DataFrame, targets: str, raters: str, ratings: str) -> pd.DataFrame:
    """Kendall's W of a tidy table of ratings (see `kendall_w_matrix` for the formula).

    Returns one row with columns m (raters), n (targets every rater scored), W, Q, df, p.

    Example
    -------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"factor": list("abcabc"), "deelnemer": [1, 1, 1, 2, 2, 2],
    ...                   "score": [3, 2, 1, 3, 1, 2]})
    >>> kendall_w(t, "factor", "deelnemer", "score").round(3).to_dict("records")
    [{'m': 2, 'n': 3, 'W': 0.75, 'Q': 3.0, 'df': 2, 'p': 0.223}]
    """
    return pd.DataFrame([kendall_w_matrix(complete_matrix(data, targets, raters, ratings))._asdict()])


def icc_matrix(matrix: np.ndarray, kind: str = "ICC2k", ci: float = 0.95) -> IccResult:
    """The intraclass correlation of a complete matrix raters × targets, two-way random effects,
    absolute agreement (Shrout & Fleiss 1979, case 2), with the interval of McGraw & Wong (1996).

    With n targets, k raters and the mean squares of a two-way analysis of variance without
    interaction (MSR between targets, MSC between raters, MSE residual):

        ICC(2,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n)     (one rater)
        ICC(2,k) = (MSR − MSE) / (MSR + (MSC − MSE) / n)                      (the mean of k raters)

    `kind` is "ICC2" for one rater or "ICC2k" for the room's mean. The test is F = MSR / MSE
    with (n − 1, (n − 1)(k − 1)) degrees of freedom; the interval uses Satterthwaite's degrees
    of freedom v as in McGraw & Wong (1996), table 7, and pingouin (which rounds it).

    Example: Shrout & Fleiss (1979), table 2 (6 targets, 4 judges) publish ICC(2,1) = 0.29 and
    ICC(2,4) = 0.62.
    -------
    >>> import numpy as np
    >>> sf = np.array([[9, 6, 8, 7, 10, 6], [2, 1, 4, 1, 5, 2], [5, 3, 6, 2, 6, 4], [8, 2, 8, 6, 9, 7.0]])
    >>> round(icc_matrix(sf, "ICC2").icc, 2), round(icc_matrix(sf, "ICC2k").icc, 2)
    (0.29, 0.62)
    """
    from scipy import special  # F distribution: fdtri = inverse CDF, fdtrc = survival

    if kind not in ("ICC2", "ICC2k"):
        raise ValueError("kind is 'ICC2' or 'ICC2k'")
    x = np.asarray(matrix, dtype=float).T  # targets × raters
    n, k = x.shape if x.ndim == 2 else (0, 0)
    if n < 2 or k < 2:
        return IccResult(k, n, np.nan, np.nan, np.nan, np.nan, max(n - 1, 0), 0, np.nan)
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_err = ((x - grand) ** 2).sum() - ss_rows - ss_cols
    df1, df_cols, df2 = n - 1, k - 1, (n - 1) * (k - 1)
    msr, msc, mse = ss_rows / df1, ss_cols / df_cols, ss_err / df2
    with np.errstate(invalid="ignore", divide="ignore"):
        icc1 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
        f_value = msr / mse
        fj = msc / mse
        vn = df2 * (k * icc1 * fj + n * (1 + (k - 1) * icc1) - k * icc1) ** 2
        vd = df1 * k ** 2 * icc1 ** 2 * fj ** 2 + (n * (1 + (k - 1) * icc1) - k * icc1) ** 2
        v = vn / vd
        tail = (1 - ci) / 2
        f_up = special.fdtri(n - 1, v, 1 - tail)
        f_low = special.fdtri(v, n - 1, 1 - tail)
        low = n * (msr - f_up * mse) / (f_up * (k * msc + (k * n - k - n) * mse) + n * msr)
        high = n * (f_low * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f_low * msr)
        if kind == "ICC2k":
            value = (msr - mse) / (msr + (msc - mse) / n)
            low, high = low * k / (1 + low * (k - 1)), high * k / (1 + high * (k - 1))
        else:
            value = icc1
        p = special.fdtrc(df1, df2, f_value)
    return IccResult(k, n, float(value), float(low), float(high), float(f_value), df1, df2, float(p))


def icc(data: pd.DataFrame, targets: str, raters: str, ratings: str, kind: str = "ICC2k",
        ci: float = 0.95) -> pd.DataFrame:
    """The ICC of a tidy table of ratings (see `icc_matrix`), as pingouin's `intraclass_corr`
    (rows "ICC2" and "ICC2k"), but one row, the interval not rounded.

    Returns one row with columns m (raters), n (targets), icc, ci_low, ci_high, F, df1, df2, p.
    """
    return pd.DataFrame([icc_matrix(complete_matrix(data, targets, raters, ratings), kind, ci)._asdict()])
