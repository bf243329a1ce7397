"""Descriptive statistics per group: n, mean, median and standard deviation.

The kernels take a group number per observation (see `groups.group_codes`) and work for all
groups at once with `numpy.bincount`, so thousands of groups cost about as much as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from .groups import group_codes, value_codes

DENSE_COUNT_LIMIT = 2e7  # groups × distinct values up to which the median comes from a count table


class MeanSD(NamedTuple):
    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray


def group_mean_sd(groups: np.ndarray, values: np.ndarray, n_groups: int) -> MeanSD:
    """n, mean and sample standard deviation of `values` per group 0 … n_groups − 1.

        mean = Σx / n,   sd = √( Σ(x − mean)² / (n − 1) )

    (ddof = 1, as R's `sd()` and `pandas.Series.std`). The deviations are taken from the group
    mean (two passes), not from Σx², so the SD stays exact for values far from zero. An empty
    group has mean NaN; a group of one has sd NaN. `groups` must be ≥ 0 and `values` free of
    NaN: drop those observations first.

    Example (checked against `pandas.Series.groupby(...).std()`)
    -------
    >>> import numpy as np
    >>> r = group_mean_sd(np.array([0, 0, 0, 1]), np.array([1.0, 2.0, 4.0, 3.0]), 3)
    >>> r.n.tolist(), r.mean.round(4).tolist(), r.sd.round(4).tolist()
    ([3, 1, 0], [2.3333, 3.0, nan], [1.5275, nan, nan])
    """
    n = np.bincount(groups, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(groups, weights=values, minlength=n_groups) / n
        var = np.bincount(groups, weights=(values - mean[groups]) ** 2, minlength=n_groups) / (n - 1)
    sd = np.where(n > 1, np.sqrt(np.where(n > 1, var, 0)), np.nan)
    return MeanSD(n, mean, sd)


def group_median(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """The median of `values` per group 0 … n_groups − 1, as `numpy.median` per group: the
    middle value, or the mean of the two middle values for an even n. NaN for an empty group.

    Values that repeat a lot (respondent scores) are counted per distinct value, so the median
    is found from cumulative counts; otherwise the values are sorted within their groups.

    Example (checked against `numpy.median` per group)
    -------
    >>> import numpy as np
    >>> group_median(np.array([0, 0, 0, 0, 1]), np.array([4.0, 1.0, 3.0, 2.0, 5.0]), 3).tolist()
    [2.5, 5.0, nan]
    """
    if not len(values):
        return np.full(n_groups, np.nan)
    v_codes, distinct = value_codes(values)
    n_v = len(distinct)
    if n_groups * n_v <= DENSE_COUNT_LIMIT:
        counts = np.bincount(groups * n_v + v_codes, minlength=n_groups * n_v).reshape(n_groups, n_v)
        cum = counts.cumsum(axis=1)
        n = cum[:, -1]
        low = (cum > ((n - 1) // 2)[:, None]).argmax(axis=1)
        high = (cum > (n // 2)[:, None]).argmax(axis=1)
        return np.where(n > 0, (distinct[low] + distinct[high]) / 2, np.nan)
    order = np.lexsort((values, groups))
    xs, gs = values[order], groups[order]
    n = np.bincount(gs, minlength=n_groups)
    start = np.concatenate([[0], np.cumsum(n)[:-1]])
    low = np.minimum(start + (n - 1) // 2, len(xs) - 1)
    high = np.minimum(start + n // 2, len(xs) - 1)
    return np.where(n > 0, (xs[low] + xs[high]) / 2, np.nan)


def describe(data: pd.DataFrame, dv: str, by: Sequence[str] = ()) -> pd.DataFrame:
    """n, mean, median and SD of `dv` per group of `by` (the whole table without `by`).

    Missing values of `dv` and rows with a missing key are left out. sd has ddof = 1; a group
    of one has sd NaN. Groups are sorted (categorical keys in category order); only groups
    with at least one row appear.

    Returns columns: *by, n, mean, median, sd.

    Example (checked against `pandas.DataFrame.groupby(...).agg(["count", "mean", "median", "std"])`)
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a", "a", "a", "b"], "x": [1.0, 2.0, 4.0, 3.0]})
    >>> describe(df, "x", ["g"]).round(4).to_dict("list")
    {'g': ['a', 'b'], 'n': [3, 1], 'mean': [2.3333, 3.0], 'median': [2.0, 3.0], 'sd': [1.5275, nan]}
    """
    g, out = group_codes(data, list(by))
    x = data[dv].to_numpy(dtype=float, na_value=np.nan)
    has = (g >= 0) & ~np.isnan(x)
    result = group_mean_sd(g[has], x[has], len(out))
    out = out.copy()
    out["n"] = result.n
    out["mean"] = result.mean
    out["median"] = group_median(g[has], x[has], len(out))
    out["sd"] = result.sd
    return out
