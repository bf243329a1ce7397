"""`klantreis.stats`, every function checked against an independent computation: numpy and pandas
for the descriptives, `scipy.stats.kruskal` and `scipy.stats.mannwhitneyu` (two-sided, the same
continuity and tie correction, `method="auto"`) for the rank tests, `pingouin` for the
rank-biserial r and Cronbach's α, and Holm by hand. The awkward cases are in on purpose: ties,
a group of one, all answers equal, missing values."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats as sps

from klantreis import stats
from klantreis.stats import descriptives, groups, multicomp, nonparametric, reliability


def _scores(seed: int, groups: int = 12, levels: str = "abcd", low: int = 1, high: int = 30) -> pd.DataFrame:
    """Respondent-like scores: means of 1..5 answers (so many ties), per group and level."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        for level, size in zip(levels, rng.integers(low, high, len(levels))):
            values = rng.integers(1, 6, size) / rng.choice([1, 2, 4], size) + (level == "a") * 0.25
            rows += [{"groep": f"g{g:02d}", "niveau": level, "score": v} for v in values]
    return pd.DataFrame(rows)


# --- descriptives ---------------------------------------------------------------------------------------

def test_describe_matches_pandas_with_a_group_of_one_and_missing_scores():
    data = _scores(1)
    data.loc[data.sample(frac=0.1, random_state=1).index, "score"] = np.nan   # no score: left out
    data = pd.concat([data, pd.DataFrame({"groep": ["enkel"], "niveau": ["a"], "score": [3.5]})], ignore_index=True)
    mine = descriptives.describe(data, "score", ["groep", "niveau"]).set_index(["groep", "niveau"])
    reference = data.groupby(["groep", "niveau"])["score"].agg(["count", "mean", "median", "std"])
    assert list(mine.index) == list(reference.index)
    assert (mine["n"] == reference["count"]).all()
    for mine_col, ref_col in (("mean", "mean"), ("median", "median"), ("sd", "std")):
        assert np.allclose(mine[mine_col], reference[ref_col], equal_nan=True, rtol=1e-12, atol=1e-12)
    assert mine.loc[("enkel", "a"), "n"] == 1 and np.isnan(mine.loc[("enkel", "a"), "sd"])


def test_describe_keeps_the_category_order_of_the_groups():
    data = pd.DataFrame({"ronde": pd.Categorical(["vervolg", "nul", "vervolg"], categories=["nul", "vervolg"]),
                         "score": [4.0, 2.0, 5.0]})
    out = descriptives.describe(data, "score", ["ronde"])
    assert list(out["ronde"]) == ["nul", "vervolg"] and list(out["mean"]) == [2.0, 4.5]


def test_group_median_agrees_with_numpy_both_from_counts_and_from_sorting(monkeypatch):
    rng = np.random.default_rng(2)
    groups = rng.integers(0, 50, 3000)
    values = rng.integers(1, 6, 3000) / rng.choice([1, 3], 3000)
    expected = [np.median(values[groups == g]) if (groups == g).any() else np.nan for g in range(52)]
    assert np.allclose(descriptives.group_median(groups, values, 52), expected, equal_nan=True)
    monkeypatch.setattr(descriptives, "DENSE_COUNT_LIMIT", 0)  # the path for many distinct values
    assert np.allclose(descriptives.group_median(groups, values, 52), expected, equal_nan=True)
    assert np.isnan(descriptives.group_median(np.array([], int), np.array([]), 3)).all()


def test_group_mean_sd_matches_numpy_far_from_zero():
    """Deviations from the group mean, not Σx²: no cancellation for large values."""
    rng = np.random.default_rng(3)
    groups = rng.integers(0, 5, 500)
    values = 1e8 + rng.normal(0, 1, 500)
    result = descriptives.group_mean_sd(groups, values, 5)
    for g in range(5):
        assert result.n[g] == (groups == g).sum()
        assert result.mean[g] == pytest.approx(values[groups == g].mean(), rel=1e-14)
        assert result.sd[g] == pytest.approx(np.std(values[groups == g], ddof=1), rel=1e-6)


# --- Kruskal–Wallis -----------------------------------------------------------------------------------

def test_kruskal_matches_scipy_per_group_with_ties_and_a_group_of_one():
    data = _scores(4, low=1, high=12)      # levels of one respondent happen
    data.loc[::17, "score"] = np.nan       # scipy: nan_policy="omit"
    mine = stats.kruskal(data, "score", "niveau", ["groep"]).set_index("groep")
    for g, part in data.groupby("groep"):
        samples = [x["score"].to_numpy() for _, x in part.groupby("niveau")]
        h, p = sps.kruskal(*samples, nan_policy="omit")
        n = int(part["score"].notna().sum())
        row = mine.loc[g]
        assert (row["H"], row["p"]) == (pytest.approx(h, rel=1e-10), pytest.approx(p, rel=1e-10))
        assert (row["n"], row["k"], row["df"]) == (n, len(samples), len(samples) - 1)
        assert row["epsilon2"] == pytest.approx(h / ((n ** 2 - 1) / (n + 1)))   # Tomczak & Tomczak 2014


def test_kruskal_from_counts_is_the_textbook_formula():
    """H by hand: average ranks from scipy.stats.rankdata, then the formula with the tie
    correction (Kruskal & Wallis 1952)."""
    samples = [np.array([1, 2, 2, 3.5]), np.array([2, 3.5, 4, 5, 5]), np.array([1])]
    pooled = np.concatenate(samples)
    ranks = sps.rankdata(pooled)
    n, start, total = len(pooled), 0, 0.0
    for s in samples:
        total += ranks[start:start + len(s)].sum() ** 2 / len(s)
        start += len(s)
    _, t = np.unique(pooled, return_counts=True)
    h = (12 / (n * (n + 1)) * total - 3 * (n + 1)) / (1 - (t ** 3 - t).sum() / (n ** 3 - n))
    values = np.unique(pooled)
    counts = np.array([[[(s == v).sum() for v in values] for s in samples]], dtype=float)
    result = stats.kruskal_counts(counts)
    assert result.H[0] == pytest.approx(h) and result.p[0] == pytest.approx(sps.chi2.sf(h, 2))
    assert result.k[0] == 3 and result.n[0] == n and result.epsilon2[0] == pytest.approx(h / (n - 1))


def test_kruskal_with_all_answers_equal_gives_no_h_as_scipy():
    data = pd.DataFrame({"niveau": list("aaabb"), "score": [3.0] * 5})
    row = stats.kruskal(data, "score", "niveau").iloc[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        h, p = sps.kruskal([3.0] * 3, [3.0] * 2)
    assert np.isnan(h) and np.isnan(p) and np.isnan(row["H"]) and np.isnan(row["p"])


def test_kruskal_leaves_small_levels_out_and_says_which():
    data = pd.DataFrame({"niveau": ["a"] * 6 + ["b"] * 5 + ["c"] * 2,
                         "score": [1, 2, 2, 3, 3, 4, 3, 4, 4, 5, 5, 1, 5.0]})
    row = stats.kruskal(data, "score", "niveau", min_n=5).iloc[0]
    h, p = sps.kruskal(data["score"][:6], data["score"][6:11])
    assert (row["H"], row["p"]) == (pytest.approx(h), pytest.approx(p))
    assert row["levels"] == ("a", "b") and row["excluded"] == ("c",) and row["n"] == 11
    alone = stats.kruskal(data, "score", "niveau", min_n=6).iloc[0]
    assert alone["k"] == 1 and alone["df"] == 0 and np.isnan(alone["H"]) and np.isnan(alone["p"])


# --- Mann–Whitney ------------------------------------------------------------------------------------------

MWU_CASES = {
    "ties, normal approximation": ([1, 2, 2, 3, 3, 3, 4, 5, 5], [2, 3, 4, 4, 4, 5, 5, 5, 5, 5]),
    "small without ties: exact": ([1.1, 2.2, 3.3, 4.4], [2.5, 3.5, 5.5, 6.5, 7.5]),
    "one small, one large, no ties: exact, as scipy": ([1, 2, 3, 5, 6], [4, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
    "large without ties": (list(np.arange(0, 30, 1.5)), list(np.arange(0.25, 40, 2.0))),
    "a group of one": ([3.0], [1, 2, 4, 5, 6.0]),
    "all equal": ([3, 3, 3], [3, 3.0]),
    "small with ties": ([1, 2, 2], [2, 3, 4]),
}


@pytest.mark.parametrize("x, y", MWU_CASES.values(), ids=MWU_CASES.keys())
def test_mann_whitney_matches_scipy_and_the_rank_biserial_r_matches_pingouin(x, y):
    row = stats.mwu(x, y).iloc[0]
    reference = sps.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="auto")
    assert row["U"] == pytest.approx(reference.statistic)
    assert row["p"] == pytest.approx(reference.pvalue, rel=1e-10)
    n1, n2 = len(x), len(y)
    assert row["r"] == pytest.approx(2 * reference.statistic / (n1 * n2) - 1)     # Kerby 2014
    if len(set(x) | set(y)) > 1:
        assert row["r"] == pytest.approx(pg.mwu(x, y)["RBC"].iloc[0])
    assert (row["n_A"], row["n_B"]) == (n1, n2)


def test_mann_whitney_drops_missing_values():
    row = stats.mwu([1, 2, np.nan, 4], [3, 5, 6, np.nan, 7]).iloc[0]
    reference = sps.mannwhitneyu([1, 2, 4], [3, 5, 6, 7])
    assert (row["n_A"], row["n_B"], row["U"]) == (3, 4, reference.statistic)
    assert row["p"] == pytest.approx(reference.pvalue)


def test_pairwise_mann_whitney_matches_scipy_for_every_pair_in_every_group():
    data = _scores(5, groups=8, low=1, high=15)
    mine = stats.pairwise_mwu(data, "score", "niveau", ["groep"], min_n=3)
    seen = 0
    for g, part in data.groupby("groep"):
        sizes = part.groupby("niveau").size()
        pairs = mine[mine["groep"] == g]
        expected = [(a, b) for i, a in enumerate("abcd") for b in "abcd"[i + 1:] if sizes[a] >= 3 and sizes[b] >= 3]
        assert list(zip(pairs["A"], pairs["B"])) == expected
        for row in pairs.itertuples():
            x = part.loc[part["niveau"] == row.A, "score"]
            y = part.loc[part["niveau"] == row.B, "score"]
            reference = sps.mannwhitneyu(x, y)
            assert (row.U, row.p) == (pytest.approx(reference.statistic), pytest.approx(reference.pvalue))
            assert (row.mean_A, row.mean_B) == (pytest.approx(x.mean()), pytest.approx(y.mean()))
            assert row.r == pytest.approx(pg.mwu(x, y)["RBC"].iloc[0])
            seen += 1
    assert seen > 20


def test_rank_counts_count_every_value_once():
    data = _scores(6, groups=3)
    rc = stats.rank_counts(data, "score", "niveau", ["groep"])
    assert rc.counts.sum() == len(data) and list(rc.values) == sorted(set(data["score"]))
    assert np.allclose(rc.sums.sum(axis=1), data.groupby("groep")["score"].sum().to_numpy())


# --- Cronbach's α --------------------------------------------------------------------------------------

def _items(seed: int, n: int = 60, k: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(0, 1, n)
    return pd.DataFrame({f"s{i}": np.clip(np.round(3 + trait + rng.normal(0, 1, n)), 1, 5) for i in range(k)})


def test_cronbach_alpha_matches_pingouin_and_the_variance_formula():
    for seed in range(5):
        wide = _items(seed)
        row = stats.cronbach_alpha(wide).iloc[0]
        alpha, ci = pg.cronbach_alpha(wide)
        assert row["alpha"] == pytest.approx(alpha, rel=1e-12)
        # pingouin rounds the interval to 3 decimals
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(ci[0], abs=5e-4), pytest.approx(ci[1], abs=5e-4))
        m = wide.to_numpy()
        k = m.shape[1]
        by_formula = k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / m.sum(axis=1).var(ddof=1))   # Cronbach 1951
        assert row["alpha"] == pytest.approx(by_formula)
        assert (row["n"], row["k"]) == (60, 4)


def test_cronbach_alpha_interval_is_feldts_f_interval():
    wide = _items(7, n=25, k=5)
    row = stats.cronbach_alpha(wide, ci=0.90).iloc[0]
    n, k = 25, 5
    f_low, f_high = sps.f.ppf(0.95, n - 1, (n - 1) * (k - 1)), sps.f.ppf(0.05, n - 1, (n - 1) * (k - 1))
    assert row["ci_low"] == pytest.approx(1 - (1 - row["alpha"]) * f_low)
    assert row["ci_high"] == pytest.approx(1 - (1 - row["alpha"]) * f_high)


def test_cronbach_alpha_leaves_incomplete_respondents_out_and_counts_only_the_complete():
    wide = _items(8)
    wide.iloc[[1, 5, 9], 2] = np.nan
    row = stats.cronbach_alpha(wide).iloc[0]
    alpha, ci = pg.cronbach_alpha(wide.dropna())
    assert row["n"] == 57 and row["alpha"] == pytest.approx(alpha)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(ci[0], abs=5e-4), pytest.approx(ci[1], abs=5e-4))


def test_cronbach_alpha_from_long_data_equals_wide():
    wide = _items(9, n=20)
    long = wide.rename_axis("respondent").reset_index().melt(id_vars="respondent", var_name="stelling",
                                                            value_name="waarde")
    a = stats.cronbach_alpha(long, items="stelling", scores="waarde", subject="respondent")
    assert a.iloc[0].to_dict() == pytest.approx(stats.cronbach_alpha(wide).iloc[0].to_dict())


def test_cronbach_alpha_needs_two_items_and_two_respondents():
    assert np.isnan(reliability.cronbach_alpha_matrix(np.ones((10, 1))).alpha)
    assert np.isnan(reliability.cronbach_alpha_matrix(np.ones((1, 4))).alpha)


# --- Holm --------------------------------------------------------------------------------------------------

def _holm_by_hand(pvalues):
    """Holm (1979) step by step: the i-th smallest p times (m − i + 1), never below the one before."""
    indexed = sorted((p, i) for i, p in enumerate(pvalues) if not np.isnan(p))
    m, running, out = len(indexed), 0.0, [np.nan] * len(pvalues)
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out


def test_holm_on_the_published_four_test_example():
    """Wikipedia, "Holm–Bonferroni method", Example: p = 0.01, 0.04, 0.03, 0.005 at α = 0.05;
    Holm rejects H1 and H4 only."""
    adjusted = stats.holm([0.01, 0.04, 0.03, 0.005])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert list(adjusted < 0.05) == [True, False, False, True]


def test_holm_matches_the_hand_computation_and_pingouin_with_ties_and_missing_values():
    p = [0.012, 0.04, 0.012, np.nan, 0.3, 0.0001, 0.5, 0.049]
    mine = stats.holm(p)
    assert np.allclose(mine, _holm_by_hand(p), equal_nan=True)
    _, reference = pg.multicomp(np.array(p), method="holm")
    assert np.allclose(mine, reference, equal_nan=True)
    assert stats.holm([0.6, 0.7]).tolist() == [1.0, 1.0] and stats.holm([]).size == 0


def test_holm_by_corrects_within_each_family_only():
    rng = np.random.default_rng(10)
    table = pd.DataFrame({"familie": rng.choice(list("xyz"), 40), "p": rng.uniform(0, 0.2, 40)})
    table.loc[[3, 17], "p"] = np.nan
    mine = stats.holm_by(table, "p", ["familie"])
    assert mine.name == "p_holm" and list(mine.index) == list(table.index)
    for _, part in table.groupby("familie"):
        assert np.allclose(mine[part.index], _holm_by_hand(list(part["p"])), equal_nan=True)
    everything = stats.holm_by(table, "p")
    assert np.allclose(everything, _holm_by_hand(list(table["p"])), equal_nan=True)


# --- the package -------------------------------------------------------------------------------------------

def test_importing_the_stats_package_loads_no_numpy_scipy_or_pandas():
    code = ("import sys, klantreis.stats\n"
            "print([m for m in ('numpy', 'scipy', 'pandas') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]"]
    assert sorted(stats.__all__) == sorted(stats._EXPORTS)
    assert all(callable(getattr(stats, name)) and name in dir(stats) for name in stats.__all__)
    assert stats.holm is multicomp.holm and stats.kruskal is nonparametric.kruskal
    with pytest.raises(AttributeError):
        stats.__getattr__("no_such_test")


@pytest.mark.parametrize("module", [descriptives, nonparametric, reliability, multicomp, groups],
                         ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_the_examples_in_the_docstrings_are_what_the_functions_return(module):
    """Each example's output was checked against scipy or pingouin (named in the docstring);
    this keeps the printed output true."""
    import doctest

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
