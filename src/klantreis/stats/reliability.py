"""Reliability: Cronbach's α with its confidence interval.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika,
    16(3), 297–334.
Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient
    alpha. Applied Psychological Measurement, 11(1), 93–103.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd


class AlphaResult(NamedTuple):
    n: int            # respondents used (complete rows)
    k: int            # items
    alpha: float
    ci_low: float
    ci_high: float


def cronbach_alpha_matrix(matrix: np.ndarray, ci: float = 0.95) -> AlphaResult:
    """Cronbach's α of a complete matrix respondents × items, with its confidence interval.

        α = k / (k − 1) · (1 − Σᵢ σ²ᵢ / σ²ₜ)

    with k items, σ²ᵢ the variance of item i and σ²ₜ the variance of the sum score (Cronbach
    1951), computed from the covariance matrix C (ddof = 1) as k/(k − 1) · (1 − tr C / ΣC).
    The interval is the F-based one of Feldt, Woodruff & Salih (1987), with df₁ = n − 1 and
    df₂ = (n − 1)(k − 1):

        lower = 1 − (1 − α) · F⁻¹(1 − (1 − ci)/2; df₁, df₂)
        upper = 1 − (1 − α) · F⁻¹((1 − ci)/2; df₁, df₂)

    The same formulas as `pingouin.cronbach_alpha`, which rounds the interval to 3 decimals;
    here it is not rounded. The matrix must have no missing values (drop incomplete rows
    first: listwise deletion). Fewer than 2 items or 2 respondents: α and the interval are NaN.

    Example (checked against `pingouin.cronbach_alpha`: α = 0.9355, CI [0.674, 0.993])
    -------
    >>> import numpy as np
    >>> m = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [2, 2, 3.0]])
    >>> r = cronbach_alpha_matrix(m)
    >>> r.n, r.k, round(r.alpha, 4), round(r.ci_low, 3), round(r.ci_high, 3)
    (5, 3, 0.9355, 0.674, 0.993)
    """
    from scipy import special  # F distribution: fdtri(d1, d2, q) is its inverse CDF

    matrix = np.asarray(matrix, dtype=float)
    n, k = matrix.shape
    if k < 2 or n < 2:
        return AlphaResult(n, k, np.nan, np.nan, np.nan)
    cov = np.cov(matrix, rowvar=False, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    tail = (1 - ci) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1 - (1 - alpha) * special.fdtri(df1, df2, 1 - tail)
    upper = 1 - (1 - alpha) * special.fdtri(df1, df2, tail)
    return AlphaResult(n, k, float(alpha), float(lower), float(upper))


def cronbach_alpha(data: pd.DataFrame, items: str | None = None, scores: str | None = None,
                   subject: str | None = None, ci: float = 0.95) -> pd.DataFrame:
    """Cronbach's α of a questionnaire scale, with its confidence interval.

    `data` is wide (one row per respondent, one column per item; every column is an item) or,
    with `items`, `scores` and `subject`, long (one row per answer), as in
    `pingouin.cronbach_alpha`. Respondents with a missing answer are left out (listwise
    deletion, R's `psych::alpha(use = "complete.obs")`). Formula, interval and references:
    see `cronbach_alpha_matrix` (Cronbach 1951; Feldt, Woodruff & Salih 1987).

    Returns one row with columns: n (complete respondents), k (items), alpha, ci_low, ci_high.

    pingouin 0.5–0.7 computes the interval with the number of rows before its own listwise
    deletion; here n is the number of respondents actually in the calculation.

    Example (checked against `pingouin.cronbach_alpha(wide.dropna())`; the last respondent
    skipped item b and is left out)
    -------
    >>> import pandas as pd
    >>> wide = pd.DataFrame({"a": [1, 2, 3, 4, 2, 5], "b": [2, 3, 3, 5, 2, None], "c": [2, 3, 4, 4, 3, 1]})
    >>> cronbach_alpha(wide).round(3).to_dict("records")
    [{'n': 5, 'k': 3, 'alpha': 0.935, 'ci_low': 0.674, 'ci_high': 0.993}]
    """
    if items is not None and scores is not None and subject is not None:
        data = data.pivot(index=subject, columns=items, values=scores)
    matrix = data.to_numpy(dtype=float, na_value=np.nan)
    matrix = matrix[~np.isnan(matrix).any(axis=1)]
    return pd.DataFrame([cronbach_alpha_matrix(matrix, ci)._asdict()])
