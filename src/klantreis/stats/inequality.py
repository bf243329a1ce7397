"""Inequality: how evenly a total is spread over the people who gave it (Gini coefficient).

A pile of dots on a flip-over can come from the whole room or from three enthusiasts; the total
is the same. The Gini coefficient of the points per participant tells the two apart.

References
----------
Gini, C. (1912). Variabilità e mutabilità. Bologna: Tipografia di Paolo Cuppini.
Damgaard, C., & Weiner, J. (2000). Describing inequality in plant size or fecundity. Ecology,
    81(4), 1139–1142 (the sorted-values formula used here).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def gini(values) -> float:
    """The Gini coefficient of non-negative values (population form).

        G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)

    computed from the values sorted ascending, x₍₁₎ ≤ … ≤ x₍ₙ₎, as

        G = 2 Σᵢ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n

    (Damgaard & Weiner 2000). G = 0 when everyone gave the same; G = (n − 1)/n, its largest
    value, when one person gave everything. NaN for no values or a total of 0. Zeros count:
    a participant who gave a point nothing is part of the room.

    Example (checked against the double sum |xᵢ − xⱼ| written out by hand)
    -------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4])   # one of four gave everything: (n − 1)/n
    0.75
    >>> round(gini([0, 1, 2, 3, 4]), 4)   # Σ|xᵢ − xⱼ| = 40, n = 5, x̄ = 2: 40 / (2·25·2)
    0.4
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    total = x.sum()
    if n == 0 or total == 0:
        return float("nan")
    if (x < 0).any():
        raise ValueError("gini() takes non-negative values")
    ranks = np.arange(1, n + 1)
    return float(2 * (ranks * x).sum() / (n * total) - (n + 1) / n)


def concentration(data: pd.DataFrame, dv: str, group: str | list[str]) -> pd.DataFrame:
    """Per group: how the total of `dv` is spread over the rows (the givers) of that group.

    Returns one row per group with
    - `n`: rows in the group (givers, including those who gave 0);
    - `n_positive`: rows with a value above 0;
    - `total`: the sum of `dv`;
    - `top_share`: the largest single value divided by the total (the share of the top giver);
    - `gini`: the Gini coefficient of the values (see `gini`).
    `top_share` and `gini` are NaN for a group whose total is 0.

    Example
    -------
    >>> import pandas as pd
    >>> votes = pd.DataFrame({"point": ["A"] * 4 + ["B"] * 4, "dots": [1, 1, 1, 1, 0, 0, 1, 3]})
    >>> concentration(votes, dv="dots", group="point").round(4).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'point': 'A', 'n': 4, 'n_positive': 4, 'total': 4.0, 'top_share': 0.25, 'gini': 0.0},
     {'point': 'B', 'n': 4, 'n_positive': 2, 'total': 4.0, 'top_share': 0.75, 'gini': 0.625}]
    """
    keys = [group] if isinstance(group, str) else list(group)
    rows = []
    for key, part in data.groupby(keys, sort=True, observed=True):
        values = part[dv].astype(float).to_numpy()
        total = values.sum()
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys, key)), "n": int(values.size), "n_positive": int((values > 0).sum()),
                     "total": float(total), "top_share": float(values.max() / total) if total else np.nan,
                     "gini": gini(values)})
    return pd.DataFrame(rows, columns=[*keys, "n", "n_positive", "total", "top_share", "gini"])
