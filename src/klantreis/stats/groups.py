"""Integer codes for the groups of a tidy table: the first step of every vectorised statistic.

A statistic over many groups at once works on integer codes (one `numpy.bincount` per sum)
instead of a pandas groupby per group; these functions turn key columns into such codes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

DENSE_GRID_LIMIT = 5e7  # cells of the categorical key grid up to which groups are found by bincount


def level_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (−1 for missing) and the levels they point to.

    A categorical keeps its category order; anything else gets its levels in order of
    appearance (as `pandas.factorize`).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), values.cat.categories
    codes, uniques = pd.factorize(values.to_numpy())
    return codes.astype(np.int64), pd.Index(uniques)


def group_codes(data: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """The group number of every row (−1 when a key is missing) and one row of key values per
    group present, sorted (categoricals in category order). Without keys, everything is group 0.

    Example
    -------
    >>> import pandas as pd
    >>> codes, keys = group_codes(pd.DataFrame({"g": ["b", "a", "b", None]}), ["g"])
    >>> codes.tolist(), keys["g"].tolist()
    ([1, 0, 1, -1], ['a', 'b'])
    """
    keys = list(keys)
    if not keys:
        return np.zeros(len(data), dtype=np.int64), pd.DataFrame(index=range(1))
    columns = [data[k] for k in keys]
    if all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        sizes = [max(len(c.cat.categories), 1) for c in columns]
        if np.prod(sizes, dtype=float) <= DENSE_GRID_LIMIT:
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
    grouped = data.groupby(keys, observed=True, sort=True, dropna=True)
    codes = grouped.ngroup()
    codes = codes.fillna(-1).to_numpy().astype(np.int64)
    return codes, grouped.size().index.to_frame(index=False)


def value_codes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct values of `x`, numbered in ascending order of value, and those
    values. Hashes first and sorts only the distinct values (respondent scores take few)."""
    codes, uniques = pd.factorize(x)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(uniques)[order]
