"""Statistics for the kit: numbers in, numbers out, one family per module (as pingouin).

- `descriptives`: n, mean, median and SD per group (`describe`, `group_median`, `group_mean_sd`)
- `nonparametric`: Kruskal–Wallis H with ε², Mann–Whitney U with the rank-biserial r, from
  values or from value counts, vectorised over many groups at once (`kruskal`, `mwu`,
  `pairwise_mwu`, `rank_counts`, `kruskal_counts`, `mwu_counts`)
- `reliability`: Cronbach's α with the Feldt confidence interval (`cronbach_alpha`)
- `agreement`: agreement between raters, Kendall's W and the ICC with its interval (`kendall_w`, `icc`)
- `multicomp`: Holm's step-down correction (`holm`, `holm_by`)
- `inequality`: how evenly a total is spread over its givers (`gini`, `concentration`)
- `groups`: integer codes for the groups of a tidy table, shared by the others

The functions take a tidy DataFrame plus column names (or arrays, for the inner kernels) and
return DataFrames or arrays with stable English column names. Nothing here writes Dutch text
or knows about privacy: a method decides which groups may be tested and how a result reads.

Importing this package loads no numpy, scipy or pandas; `klantreis.stats.kruskal` and the
like load their module on first use.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "describe": "descriptives", "group_mean_sd": "descriptives", "group_median": "descriptives",
    "kruskal": "nonparametric", "kruskal_counts": "nonparametric", "mwu": "nonparametric",
    "mwu_counts": "nonparametric", "pairwise_mwu": "nonparametric", "rank_counts": "nonparametric",
    "cronbach_alpha": "reliability", "cronbach_alpha_matrix": "reliability",
    "kendall_w": "agreement", "kendall_w_matrix": "agreement", "icc": "agreement", "icc_matrix": "agreement",
    "holm": "multicomp", "holm_by": "multicomp",
    "gini": "inequality", "concentration": "inequality",
    "group_codes": "groups", "level_codes": "groups", "value_codes": "groups",
}

__all__ = ["concentration", "cronbach_alpha", "cronbach_alpha_matrix", "describe", "gini", "group_codes",
           "group_mean_sd", "group_median", "holm", "holm_by", "icc", "icc_matrix", "kendall_w", "kendall_w_matrix",
           "kruskal", "kruskal_counts", "level_codes", "mwu", "mwu_counts", "pairwise_mwu", "rank_counts",
           "value_codes"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
