"""Analysis of the verkenning (self-scan): uitgangspunten, perspectives, rounds, municipalities.

Every function takes a tidy DataFrame plus column names and returns a DataFrame with stable
Dutch column names, the way pingouin does. The chain:

    Opslag.tables()  →  answers_table      (verkenning.tabellen: one row per response × statement)
                     →  respondent_scores  (one row per respondent × uitgangspunt: the score)
                     →  describe, kruskal_wallis, pairwise_mannwhitney, round_comparison, ...

The statistics themselves (rank tests, Cronbach's α, Holm) live in `klantreis.stats`; this
module decides what is compared with what, and which groups may be shown and tested.

"Weet niet" and an empty answer are different things and stay apart: both are left out of
every mean and test, and both are counted (`n_weet_niet`, `n_leeg`).

Privacy: a cell (uitgangspunt × perspectief × gemeente × ronde, or whatever `by` asks for)
with fewer respondents than `min_group` gets no numbers (`privacy.suppress_small_groups`: the
numbers are missing and the row is flagged `onderdrukt` / `afgeschermd`; the report writes
"n<5"), and a group below the minimum never enters a test. No table holds such a label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..privacy import as_redactor, suppress_small_groups
from ..stats.descriptives import group_mean_sd, group_median
from ..stats.groups import group_codes, level_codes
from ..stats.multicomp import holm_by
from ..stats.nonparametric import kruskal, mwu_counts, pairwise_mwu, rank_counts
from ..stats.reliability import cronbach_alpha_matrix
from .tabellen import (SCALE, answers_table, categorical, categorise, category_order, distribution_from_wide,
                       name_map, order_like, plain, scores_from_wide, siblings, statement_groups, take, wide_table)
# The tidy tables belong to this module's interface too (the notebook calls va.respondent_scores).
from .tabellen import FRAMEWORKS, respondent_scores, statement_distribution  # noqa: F401

ALPHA_LOW = 0.6          # below this, Cronbach's α is called "laag"
ALPHA_MIN_COMPLETE = 10  # fewer complete respondents: α is not reported


def describe(scores: pd.DataFrame, framework: str = "uitgangspunt", by: Sequence[str] = ("perspectief",),
             min_group: int = 5, scale: Sequence[int] = SCALE) -> pd.DataFrame:
    """Per uitgangspunt (or basisfunctie, basisfunctionaliteit) and group: n, mean, median,
    SD and the distribution over the scale.

    `scores` is `respondent_scores(..., framework=framework)`.
    n = respondents with a score; gemiddelde, mediaan and sd (ddof=1, as R's `sd()`) are over
    those respondent scores, so every respondent weighs equally (`stats.descriptives`).
    n_antwoorden, n_weet_niet and n_leeg count answers; aandeel_k = answers on point k /
    n_antwoorden ("weet niet" and empty answers are not in the denominator). Cells with
    n < min_group are suppressed (`onderdrukt`); per gemeente, a cell that would reveal a
    suppressed one through the total is hidden too (`afgeschermd`).
    """
    keys = [framework] + ([f"{framework}_naam"] if f"{framework}_naam" in scores else []) + list(by)
    g, out = group_codes(scores, keys)
    n_g = len(out)
    score = scores["score"].to_numpy(dtype=float)
    ok = g >= 0
    has = ok & ~np.isnan(score)
    moments = group_mean_sd(g[has], score[has], n_g)
    out["n"] = moments.n
    out["gemiddelde"] = moments.mean
    out["mediaan"] = group_median(g[has], score[has], n_g)
    out["sd"] = moments.sd

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
    out = complete_municipalities(out, keys, zeros=["n", "n_antwoorden", "n_weet_niet", "n_leeg"])
    return plain(suppress_small_groups(out, "n", values, min_group, siblings=siblings(keys)), keys)


def complete_municipalities(table: pd.DataFrame, keys: Sequence[str], zeros: Sequence[str]) -> pd.DataFrame:
    """Give every municipality of the study a row in every breakdown present (`keys` without
    "gemeente"), with 0 in the `zeros` columns: a municipality where nobody of a perspective
    answered is a small group of 0, which the total minus the other municipalities would
    otherwise reveal. Municipalities without any row (that did not take part) get none. Tables
    without a categorical gemeente key are returned unchanged."""
    keys = list(keys)
    if "gemeente" not in keys or not isinstance(table["gemeente"].dtype, pd.CategoricalDtype) or not len(table):
        return table
    others = [k for k in keys if k != "gemeente"]
    combos = table[others].drop_duplicates() if others else pd.DataFrame(index=[0])
    # Only municipalities that took part: one without any response is a fact of the design.
    present = [g for g in table["gemeente"].cat.categories if (table["gemeente"] == g).any()]
    municipalities = pd.DataFrame({"gemeente": present}).astype({"gemeente": table["gemeente"].dtype})
    grid = combos.merge(municipalities, how="cross")[keys]
    out = grid.merge(table, on=keys, how="left")
    for column in zeros:
        out[column] = out[column].fillna(0).astype(np.int64)
    for column in keys:
        if isinstance(table[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(table[column].dtype)
    order = [out[k].cat.codes if isinstance(out[k].dtype, pd.CategoricalDtype) else out[k] for k in keys]
    out = out.iloc[np.lexsort(order[::-1])] if order else out
    return out.reset_index(drop=True)


# --- reliability ---------------------------------------------------------------------------------

def cronbach_alpha(antwoorden: pd.DataFrame, framework: str = "uitgangspunt", by: Sequence[str] = (),
                   ci: float = 0.95, min_complete: int = ALPHA_MIN_COMPLETE, low: float = ALPHA_LOW) -> pd.DataFrame:
    """Cronbach's α with its confidence interval per uitgangspunt (and group).

    Wide table respondents × statements; only respondents who answered every statement of the
    uitgangspunt on the scale are used (listwise deletion; "weet niet" and empty count as
    missing). α (Cronbach 1951) and the F-based interval (Feldt, Woodruff & Salih 1987) come
    from `stats.reliability.cronbach_alpha_matrix`, with the number of respondents actually in
    the calculation.

    oordeel: "te weinig stellingen" (fewer than two), "te weinig respondenten" (fewer than
    `min_complete` complete respondents; α is then not reported), "laag" (α < `low`) or
    "voldoende".
    """
    return _alpha(wide_table(antwoorden), antwoorden, framework, by, ci, min_complete, low)


def _alpha(w, antwoorden: pd.DataFrame, framework: str, by: Sequence[str], ci: float, min_complete: int,
           low: float) -> pd.DataFrame:
    stmt_group, f_levels, level_names = statement_groups(w, antwoorden, framework)
    names = {str(f): str(n) for f, n in zip(f_levels, level_names)} if level_names is not None else {}
    respondents = pd.DataFrame({c: take(antwoorden[c], w.rows) for c in by}, index=range(len(w.rows)))
    g, groups = group_codes(respondents, list(by))
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
                result = cronbach_alpha_matrix(block[use], ci)
                row.update(alpha=result.alpha, ci_onder=result.ci_low, ci_boven=result.ci_high,
                           oordeel="laag" if result.alpha < low else "voldoende")
            rows.append(row)
    columns = [framework, f"{framework}_naam", *by, "k", "n_volledig", "n_onvolledig", "alpha", "ci_onder",
               "ci_boven", "oordeel"]
    return pd.DataFrame(rows, columns=columns)


# --- rank tests ----------------------------------------------------------------------------------

def kruskal_wallis(scores: pd.DataFrame, between: str = "perspectief", by: Sequence[str] = ("uitgangspunt",),
                   dv: str = "score", min_group: int = 5, family: Sequence[str] | None = None) -> pd.DataFrame:
    """Kruskal–Wallis H test of `dv` between the levels of `between`, within every `by` group.

    H, df, p and the effect size ε² = H / (n − 1) come from `stats.nonparametric.kruskal`
    (Kruskal & Wallis 1952; Tomczak & Tomczak 2014; the numbers of `scipy.stats.kruskal`).
    Levels with fewer than `min_group` respondents are left out of the test: `groepen` lists
    the levels tested, `uitgesloten` those left out (tuples of codes). With fewer than two
    levels left there is no test (H, p empty). p_holm: Holm's correction over the tests of one
    family (default: `by` without "uitgangspunt", i.e. over the seven uitgangspunten).
    """
    by = list(by)
    out = kruskal(scores, dv, between, by, min_n=min_group)
    out = out.rename(columns={"levels": "groepen", "excluded": "uitgesloten"})
    for column in ("groepen", "uitgesloten"):
        out[column] = [tuple(str(v) for v in levels) for levels in out[column]]
    out.insert(out.columns.get_loc("p") + 1, "p_holm",
               holm_by(out, "p", [c for c in by if c != "uitgangspunt"] if family is None else list(family)))
    return plain(out[[*by, "k", "n", "H", "df", "p", "p_holm", "epsilon2", "groepen", "uitgesloten"]], by)


def pairwise_mannwhitney(scores: pd.DataFrame, between: str = "perspectief", by: Sequence[str] = ("uitgangspunt",),
                         dv: str = "score", min_group: int = 5, family: Sequence[str] | None = None) -> pd.DataFrame:
    """Mann–Whitney U for every pair of levels of `between` within every `by` group, Holm-corrected.

    U (of A), the two-sided p and the rank-biserial r (positive when A scores higher) come
    from `stats.nonparametric.pairwise_mwu` (Mann & Whitney 1947; Kerby 2014; the numbers of
    `scipy.stats.mannwhitneyu` and `pingouin.mwu`). gemiddelde_A and gemiddelde_B are the mean
    scores of the two levels.

    p_holm: Holm's (1979) step-down correction over every test in the same family; by default
    the family is one `by` group (all pairs within one uitgangspunt), as
    `pingouin.pairwise_tests(padjust="holm")` does. Only pairs in which both levels have at
    least `min_group` respondents are tested and listed.
    """
    by = list(by)
    columns = [*by, "A", "B", "n_A", "n_B", "gemiddelde_A", "gemiddelde_B", "U", "p", "p_holm", "r"]
    out = pairwise_mwu(scores, dv, between, by, min_n=min_group)
    if not len(out):
        return pd.DataFrame(columns=columns)
    out = out.rename(columns={"mean_A": "gemiddelde_A", "mean_B": "gemiddelde_B"})
    out["A"], out["B"] = out["A"].astype(str), out["B"].astype(str)
    out["p_holm"] = holm_by(out, "p", by if family is None else list(family))
    return plain(out[columns], by)


def round_comparison(scores: pd.DataFrame, van: str, naar: str, by: Sequence[str] = ("uitgangspunt", "perspectief"),
                     min_group: int = 5, family: Sequence[str] | None = None) -> pd.DataFrame:
    """The change between two rounds (e.g. nulmeting → vervolgmeting) per `by` cell.

    Respondents are anonymous, so the rounds are independent samples: Mann–Whitney U between
    the respondent scores of `van` and `naar` (`stats.nonparametric.mwu_counts`); U and r are
    those of `naar`, so r is positive when the scores went up. verschil = gemiddelde_naar −
    gemiddelde_van. Holm's correction is over the uitgangspunten within each family (default:
    `by` without "uitgangspunt", e.g. all uitgangspunten of one perspective).

    Every cell is listed. A cell is tested and shown only when both rounds reach `min_group`
    (`getoetst`); otherwise it is `onderdrukt`: n_van, n_naar and every number are missing.
    Per gemeente, a cell whose numbers would reveal a suppressed one through the total is
    hidden as well (`afgeschermd`). Per round, `afgeschermd_van` / `afgeschermd_naar` say that
    this round's n did reach the minimum (the report writes "afgeschermd", else "n<5").
    """
    by = list(by)
    family = [c for c in by if c != "uitgangspunt"] if family is None else list(family)
    codes, levels = level_codes(scores["ronde"])
    names = [str(v) for v in levels]
    lookup = np.array([{naar: 0, van: 1}.get(v, -1) for v in names] + [-1], dtype=np.int64)
    pair = pd.DataFrame({**{c: scores[c] for c in by}, "score": scores["score"],
                         "ronde": categorical(lookup[codes], [naar, van])})
    rc = rank_counts(pair, "score", "ronde", by)
    n = rc.counts.sum(axis=2)
    out = rc.keys.copy()
    out["van"], out["naar"] = van, naar
    out["n_van"], out["n_naar"] = n[:, 1].astype(np.int64), n[:, 0].astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["gemiddelde_van"], out["gemiddelde_naar"] = rc.sums[:, 1] / n[:, 1], rc.sums[:, 0] / n[:, 0]
    out["verschil"] = out["gemiddelde_naar"] - out["gemiddelde_van"]
    ok = (n[:, 0] >= min_group) & (n[:, 1] >= min_group)
    for column in ("U", "p", "r"):
        out[column] = np.nan
    if ok.any():
        result = mwu_counts(rc.counts[ok, 0, :], rc.counts[ok, 1, :], rc.values)
        out.loc[ok, "U"], out.loc[ok, "p"], out.loc[ok, "r"] = result.U, result.p, result.r
    out["p_holm"] = holm_by(out, "p", family)
    out = out[[*by, "van", "naar", "n_van", "n_naar", "gemiddelde_van", "gemiddelde_naar", "verschil", "U", "p",
               "p_holm", "r"]]
    out["getoetst"] = ok
    # A cell is shown only when both rounds reach the minimum; per municipality, the smallest
    # shown municipality is hidden too when the total would otherwise reveal a hidden one.
    out["n"] = np.minimum(out["n_van"], out["n_naar"])
    values = ["n_van", "n_naar", "gemiddelde_van", "gemiddelde_naar", "verschil", "U", "p", "p_holm", "r"]
    out = suppress_small_groups(out, "n", values, min_group, siblings=siblings(by)).drop(columns="n")
    out["afgeschermd_van"] = out["onderdrukt"].to_numpy() & (n[:, 1] >= min_group)
    out["afgeschermd_naar"] = out["onderdrukt"].to_numpy() & (n[:, 0] >= min_group)
    if "uitgangspunt" in by and "uitgangspunt_naam" in scores and "uitgangspunt_naam" not in by:
        point_names = name_map(scores, "uitgangspunt")
        out.insert(by.index("uitgangspunt") + 1, "uitgangspunt_naam", out["uitgangspunt"].astype(str).map(point_names))
    return plain(out.reset_index(drop=True), by)


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
    grid = plain(grid, by)
    out = grid.merge(plain(answered.reset_index(), by), on=by, how="left") \
        .merge(plain(named.reset_index(), by + ["uitgangspunt"]), on=by + ["uitgangspunt"], how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out["aantal"] = out["aantal"].fillna(0).astype(int)
    out.insert(len(by) + 1, "uitgangspunt_naam", out["uitgangspunt"].map(uitgangspunten))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["aandeel"] = out["aantal"] / out["n"].where(out["n"] > 0)
    out["_ap"] = -out["aandeel"].fillna(0)
    out["_gr"] = out["gemiddelde_rang"].fillna(np.inf)
    out["_up"] = out["uitgangspunt"].map({c: i for i, c in enumerate(uitgangspunten)})
    out = out.iloc[order_like(out, category_order(respondenten, by), by, extra=["_ap", "_gr", "_up"])]
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
    redact = as_redactor(redact_terms)  # the study's Redactor, or a list of words
    unique = pd.unique(kept["tekst"])  # the same text ("geen", "nee") is redacted once
    kept = kept.assign(tekst=kept["tekst"].map(dict(zip(unique, (redact(t) for t in unique)))))
    kept = kept[kept["tekst"].str.strip().str.len() > 0]
    kept.insert(1, "uitgangspunt_naam", kept["uitgangspunt"].map(names or {}).fillna(kept["uitgangspunt"]))
    order = cells[keys].astype(str).drop_duplicates().reset_index(drop=True)
    rank = {k: i for i, k in enumerate(order.itertuples(index=False, name=None))}
    kept = kept.assign(_o=[rank.get(k, len(rank)) for k in kept[keys].itertuples(index=False, name=None)])
    kept = kept.sort_values(["_o", "tekst"], kind="stable")
    return kept[columns].reset_index(drop=True)


def group_sizes(respondenten: pd.DataFrame, by: Sequence[str] = ("gemeente", "perspectief", "ronde"),
                min_group: int = 5) -> pd.DataFrame:
    """Respondents per group; groups below the minimum (and, per gemeente, the group that would
    reveal them through the total) are suppressed: `respondenten` missing, flagged."""
    by = list(by)
    out = respondenten.groupby(by, observed=True).size().rename("respondenten").reset_index()
    out = complete_municipalities(out, by, zeros=["respondenten"])
    out = suppress_small_groups(out, "respondenten", [], min_group, siblings=siblings(by))
    return plain(out, by)


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
    min_group: int = 5

    @property
    def uitgangspunt_namen(self) -> dict[str, str]:
        return self.vragenlijst.uitgangspunt_labels

    @property
    def perspectief_namen(self) -> dict[str, str]:
        """Short names for tables and legends: Inwoners, Uitvoerders, Beleid, Ketenpartners."""
        from .text import perspective_labels

        return perspective_labels(self.vragenlijst.perspectieven)

    @property
    def zinnen_perspectieven(self) -> pd.DataFrame:
        """The significant differences between perspectives in words (`text.perspective_sentences`)."""
        from .text import perspective_sentences

        return perspective_sentences(self.perspectieven_paren, self.uitgangspunt_namen)

    @property
    def zinnen_rondes(self) -> pd.DataFrame:
        """The significant changes between the first and the last round in words (`text.round_sentences`)."""
        from .text import round_sentences

        if len(self.rondes) < 2:
            return pd.DataFrame(columns=["zin"])
        return round_sentences(self.rondes_vergeleken, self.uitgangspunt_namen)


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
                          min_group=study.min_group, redact_terms=study.redactor)


def analyse_tables(tables: dict[str, pd.DataFrame], vragenlijst, gemeenten: Sequence[str] | None = None,
                   rondes: Sequence[str] | None = None, min_group: int = 5,
                   redact_terms: Sequence[str] = ()) -> VerkenningAnalyse:
    """The whole analysis on the store's tidy tables (`Opslag.tables()`)."""
    perspectieven = [p.code for p in vragenlijst.perspectieven]
    scale = sorted(vragenlijst.schaal.labels)
    names = vragenlijst.uitgangspunt_labels
    m = min_group
    orders = {"gemeente": gemeenten, "ronde": rondes, "perspectief": perspectieven}
    t = {k: categorise(v, orders) for k, v in tables.items() if k != "antwoorden"}
    antwoorden = answers_table(tables["antwoorden"], vragenlijst.statements_table(), gemeenten, rondes, perspectieven)
    t["antwoorden"] = antwoorden
    present = [str(r) for r in t["respondenten"]["ronde"].cat.categories
               if (t["respondenten"]["ronde"] == r).any()]
    w = wide_table(antwoorden)  # built once, shared by the scores, the distribution and α
    scores = scores_from_wide(w, antwoorden, "uitgangspunt", scale)
    cells = describe(scores, "uitgangspunt", ["gemeente", "ronde", "perspectief"], m, scale)
    per_persp = describe(scores, "uitgangspunt", ["ronde", "perspectief"], m, scale)
    frameworks = {fw: describe(scores_from_wide(w, antwoorden, fw, scale), fw, ["ronde", "perspectief"], m, scale)
                  for fw in ("basisfunctie", "basisfunctionaliteit")}
    first, last = present[0], present[-1]
    sizes = group_sizes(t["respondenten"], ["gemeente", "perspectief", "ronde"], m)
    # A group whose numbers the report hides never enters a test per municipality (nor the
    # reliability count): its respondents are left out there, so no printed test describes it.
    shown_scores = _in_shown_cells(scores, cells)
    if len(present) > 1:
        rounds = round_comparison(scores, first, last, ["uitgangspunt", "perspectief"], m)
        rounds_g = _true_rounds(round_comparison(shown_scores, first, last, ["gemeente", "uitgangspunt",
                                                                             "perspectief"], m), scores, m)
    else:
        rounds = rounds_g = pd.DataFrame(columns=["uitgangspunt", "perspectief", "van", "naar", "getoetst",
                                                  "onderdrukt", "afgeschermd"])
    return VerkenningAnalyse(
        vragenlijst=vragenlijst, rondes=present, laatste_ronde=last, tabellen=t, antwoorden=antwoorden,
        scores=scores,
        groepsgrootte=sizes,
        cellen=cells, per_perspectief=per_persp,
        basisfuncties=frameworks["basisfunctie"], basisfunctionaliteiten=frameworks["basisfunctionaliteit"],
        stellingen=distribution_from_wide(w, antwoorden, ["ronde"], m, scale),
        betrouwbaarheid=_alpha_of_shown_groups(w, antwoorden, sizes),
        perspectieven=kruskal_wallis(scores, "perspectief", ["ronde", "uitgangspunt"], min_group=m),
        perspectieven_paren=pairwise_mannwhitney(scores, "perspectief", ["ronde", "uitgangspunt"], min_group=m),
        perspectieven_per_gemeente=_left_out(kruskal_wallis(shown_scores, "perspectief",
                                                            ["gemeente", "ronde", "uitgangspunt"], min_group=m),
                                             scores, "perspectief", ["gemeente", "ronde", "uitgangspunt"]),
        perspectieven_paren_per_gemeente=pairwise_mannwhitney(shown_scores, "perspectief",
                                                              ["gemeente", "ronde", "uitgangspunt"], min_group=m),
        rondes_vergeleken=rounds, rondes_per_gemeente=rounds_g,
        gemeenten=_left_out(kruskal_wallis(shown_scores, "gemeente", ["ronde", "uitgangspunt", "perspectief"],
                                           min_group=m), scores, "gemeente", ["ronde", "uitgangspunt", "perspectief"]),
        prioriteiten=priorities(t["prioriteit"], t["respondenten"], names, ["ronde", "perspectief"], m),
        laagste=lowest(per_persp, "uitgangspunt", ["ronde", "perspectief"]),
        open=open_answers(t["open"], cells, redact_terms, names),
        min_group=m,
    )


def _in_shown_cells(scores: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """The respondent scores whose uitgangspunt × gemeente × ronde × perspectief cell the report
    shows (`cells` from `describe`); the others get no score (NaN), so tests skip them."""
    keys = ["uitgangspunt", "gemeente", "ronde", "perspectief"]
    hidden = cells.loc[cells["onderdrukt"].astype(bool), keys].astype(str)
    if not len(hidden):
        return scores
    index = pd.MultiIndex.from_frame(scores[keys].astype(str))
    out = scores.copy()
    out.loc[index.isin(pd.MultiIndex.from_frame(hidden)), "score"] = np.nan
    return out


def _alpha_of_shown_groups(w, antwoorden: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """Cronbach's α over the respondents of the gemeente × perspectief × ronde groups the report
    shows: the count of complete respondents never includes a hidden group."""
    keys = ["gemeente", "perspectief", "ronde"]
    hidden = sizes.loc[sizes["onderdrukt"].astype(bool), keys].astype(str)
    if len(hidden):
        index = pd.MultiIndex.from_frame(antwoorden[keys].astype(str))
        kept = antwoorden[~index.isin(pd.MultiIndex.from_frame(hidden))].reset_index(drop=True)
        if not len(kept):  # every group hidden: no α, and no count of complete respondents
            out = _alpha(w, antwoorden, "uitgangspunt", (), 0.95, ALPHA_MIN_COMPLETE, ALPHA_LOW)
            return out.assign(n_volledig=0, n_onvolledig=0, alpha=np.nan, ci_onder=np.nan, ci_boven=np.nan,
                              oordeel=np.where(out["k"] < 2, "te weinig stellingen", "te weinig respondenten"))
        if isinstance(kept["respons_id"].dtype, pd.CategoricalDtype):
            kept["respons_id"] = kept["respons_id"].cat.remove_unused_categories()
        antwoorden, w = kept, wide_table(kept)
    return _alpha(w, antwoorden, "uitgangspunt", (), 0.95, ALPHA_MIN_COMPLETE, ALPHA_LOW)


def _left_out(tests: pd.DataFrame, scores: pd.DataFrame, between: str, by: list[str]) -> pd.DataFrame:
    """`uitgesloten` of a test on `_in_shown_cells` scores: every level with answers in the full
    scores that was not tested (too small, or hidden to protect a smaller group)."""
    answered = scores.dropna(subset=["score"])
    present = answered.groupby([*by, between], observed=True).size().reset_index()[[*by, between]].astype(str)
    levels = present.groupby(by)[between].agg(tuple).to_dict()
    out = tests.copy()
    keys = out[by].astype(str).itertuples(index=False, name=None)
    out["uitgesloten"] = [tuple(v for v in levels.get(k if len(by) > 1 else k[0], ()) if v not in tested)
                          for k, tested in zip(keys, out["groepen"])]
    return out


def _true_rounds(rounds: pd.DataFrame, scores: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """`afgeschermd_van` / `afgeschermd_naar` of a round comparison on `_in_shown_cells` scores:
    a round hidden although it reached the minimum reads "afgeschermd", not "n<5"."""
    by = ["gemeente", "uitgangspunt", "perspectief"]
    n = scores.dropna(subset=["score"]).astype({k: str for k in [*by, "ronde"]}) \
        .groupby([*by, "ronde"]).size().to_dict()
    out = rounds.copy()
    keys = list(out[by].astype(str).itertuples(index=False, name=None))
    for column, round_column in (("afgeschermd_van", "van"), ("afgeschermd_naar", "naar")):
        out[column] = out["onderdrukt"].astype(bool).to_numpy() & np.array(
            [n.get((*k, str(r)), 0) >= min_group for k, r in zip(keys, out[round_column])], dtype=bool)
    return out
