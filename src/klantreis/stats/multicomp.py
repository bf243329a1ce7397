"""Corrections for multiple tests: Holm's step-down method.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal
    of Statistics, 6(2), 65–70.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def holm(pvalues) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values of one family of tests (Holm 1979).

    Sort the m p-values ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎; then

        p_holm₍ᵢ₎ = min(1, max over j ≤ i of (m − j + 1) · p₍ⱼ₎)

    and back in the original order. Rejecting where p_holm < α is Holm's procedure at level
    α. Missing p-values stay missing and do not count in m. The same numbers as R's
    `p.adjust(method = "holm")` and `pingouin.multicomp(method="holm")`.

    Example (the four p-values of the example on Wikipedia's "Holm–Bonferroni method",
    adjusted by hand: 4 × 0.005, 3 × 0.01, 2 × 0.03, then max(0.06, 1 × 0.04))
    -------
    >>> holm([0.01, 0.04, 0.03, 0.005]).round(4).tolist()
    [0.03, 0.06, 0.06, 0.02]
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    valid = np.flatnonzero(~np.isnan(p))
    order = valid[np.argsort(p[valid], kind="stable")]
    m = len(order)
    adjusted = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(adjusted) if m else adjusted
    return out


def holm_by(data: pd.DataFrame, p: str = "p", family: Sequence[str] = ()) -> pd.Series:
    """Holm-adjusted p-values (see `holm`) within every family of tests: the rows that share
    the values of the `family` columns (all rows when `family` is empty). Vectorised over all
    families at once.

    Returns a Series named "p_holm" with the index of `data`.

    Example (checked against `holm` per family)
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"p": [0.01, 0.04, 0.02, 0.03], "f": ["x", "x", "y", "y"]})
    >>> holm_by(df, "p", ["f"]).round(4).tolist()
    [0.02, 0.04, 0.04, 0.04]
    """
    family = list(family)
    work = pd.DataFrame({"p": data[p].astype(float).to_numpy()}, index=data.index)
    if family:
        work["f"] = data.groupby(family, observed=True, sort=False, dropna=False).ngroup().to_numpy()
    else:
        work["f"] = 0
    work = work.sort_values(["f", "p"], kind="stable", na_position="last")
    position = work.groupby("f").cumcount()
    m = work.groupby("f")["p"].transform("count")
    work["adj"] = ((m - position) * work["p"]).clip(upper=1.0)
    work["adj"] = work.groupby("f")["adj"].cummax()
    return work["adj"].reindex(data.index).rename("p_holm")
