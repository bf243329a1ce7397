"""The tidy tables of the verkenning, built fast: answers, respondent scores, statement spread.

    Opslag.tables()  →  answers_table        one row per response × statement, with uitgangspunt,
                                             basisfunctie and basisfunctionaliteit
                     →  respondent_scores    one row per respondent × uitgangspunt: the score
                     →  statement_distribution   per statement: the spread over the scale

A national data set has millions of answers, so the tables are not built with pivots and
groupbys: the answers are scattered once into a wide array respondents × statements
(`wide_table`), and every sum is a numpy reduction over it. Key columns are pandas
categoricals in a meaningful order, so every table downstream sorts the way a reader expects.
The other helpers here keep that order when a table is built from integer codes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..privacy import suppress_small_groups
from ..stats.groups import group_codes, level_codes

SCALE = (1, 2, 3, 4, 5)
FRAMEWORKS = ("uitgangspunt", "basisfunctie", "basisfunctionaliteit")
ANSWERED, DONT_KNOW, EMPTY = 1, 2, 3  # states in the wide table; 0 = statement not shown


def answers_table(antwoorden: pd.DataFrame, statements: pd.DataFrame, gemeenten: Sequence[str] | None = None,
                  rondes: Sequence[str] | None = None, perspectieven: Sequence[str] | None = None) -> pd.DataFrame:
    """Answers joined to the questionnaire: one row per response × statement.

    `antwoorden` is `Opslag.tables()["antwoorden"]`, `statements` is
    `Vragenlijst.statements_table()`. Adds uitgangspunt, basisfunctie and basisfunctionaliteit
    (each with its `_naam`) and the statement text. Identifying and grouping columns become
    pandas categoricals in a meaningful order (gemeenten and rondes as in studie.yaml,
    perspectives and statements as in the questionnaire), so every table downstream sorts the
    way a reader expects. Answers to a statement that is no longer in the questionnaire are
    left out.
    """
    order = statements.sort_values("volgorde").reset_index(drop=True)
    stmt_codes = [str(c) for c in order["stelling"]]
    position = {c: i for i, c in enumerate(stmt_codes)}
    raw, levels = level_codes(antwoorden["stelling"])
    lookup = np.array([position.get(str(v), -1) for v in levels] + [-1], dtype=np.int64)
    s_codes = lookup[raw]  # raw −1 (missing) lands on the trailing −1
    keep = s_codes >= 0
    keep &= antwoorden["respons_id"].notna().to_numpy()
    if not keep.all():
        antwoorden, s_codes = antwoorden[keep], s_codes[keep]
    r_codes, r_ids = level_codes(antwoorden["respons_id"])
    rows = some_rows(r_codes, len(r_ids))
    out = {"respons_id": categorical(r_codes, r_ids)}
    for column, wanted in (("gemeente", gemeenten), ("ronde", rondes), ("perspectief", perspectieven)):
        # One value per respondent: categorise the respondents, then expand by their codes.
        per_resp = ordered(antwoorden[column].iloc[rows], wanted)
        out[column] = categorical(per_resp.cat.codes.to_numpy()[r_codes], per_resp.cat.categories)
    out["stelling"] = categorical(s_codes, stmt_codes)
    for fw in FRAMEWORKS:
        fw_levels = list(dict.fromkeys(order[fw])) if fw == "uitgangspunt" else _natural(order[fw].unique())
        names = order.drop_duplicates(fw).set_index(fw)[f"{fw}_naam"]
        codes = pd.Categorical(order[fw], categories=fw_levels).codes.astype(np.int64)[s_codes]
        out[fw] = categorical(codes, fw_levels)
        out[f"{fw}_naam"] = categorical(codes, [str(names.get(c, c)) for c in fw_levels])
    texts = [str(t) for t in order["tekst"]]
    out["tekst"] = categorical(s_codes, texts) if len(set(texts)) == len(texts) \
        else np.asarray(texts, dtype=object)[s_codes]
    out["waarde"] = antwoorden["waarde"].astype("Float64").array
    out["weet_niet"] = antwoorden["weet_niet"].to_numpy(dtype=bool)
    return pd.DataFrame(out)


def respondent_scores(antwoorden: pd.DataFrame, framework: str = "uitgangspunt",
                      scale: Sequence[int] = SCALE) -> pd.DataFrame:
    """The score of every respondent on every uitgangspunt (or basisfunctie, ...).

    score = mean of the respondent's answered statements in that group (1..5); "weet niet"
    and empty answers are left out. A respondent who saw statements of the group but answered
    none of them on the scale has no score (NaN) and still counts in n_weet_niet / n_leeg.

    Columns: respons_id, gemeente, ronde, perspectief, <framework>, <framework>_naam, score,
    n_beantwoord, n_weet_niet, n_leeg, aantal_1 … aantal_5 (answers per scale point).
    """
    return scores_from_wide(wide_table(antwoorden), antwoorden, framework, scale)


def scores_from_wide(w: Wide, antwoorden: pd.DataFrame, framework: str, scale: Sequence[int]) -> pd.DataFrame:
    """`respondent_scores` on a wide table built once (`wide_table(antwoorden)`)."""
    stmt_group, f_levels, names = statement_groups(w, antwoorden, framework)
    n_r, n_f = w.values.shape[0], len(f_levels)
    shown = np.zeros((n_r, n_f), dtype=np.int32)
    answered, dont_know = np.zeros_like(shown), np.zeros_like(shown)
    total = np.zeros((n_r, n_f))
    points = {p: np.zeros_like(shown) for p in scale}
    for f in range(n_f):
        cols = np.flatnonzero(stmt_group == f)
        state, values = w.state[:, cols], w.values[:, cols]
        shown[:, f] = (state > 0).sum(axis=1)
        answered[:, f] = (state == ANSWERED).sum(axis=1)
        dont_know[:, f] = (state == DONT_KNOW).sum(axis=1)
        total[:, f] = np.where(state == ANSWERED, values, 0.0).sum(axis=1)
        for p in scale:
            points[p][:, f] = (values == p).sum(axis=1)
    cells = np.flatnonzero(shown.ravel())
    resp, fw = cells // n_f, cells % n_f
    rows = w.rows[resp]
    out = {"respons_id": take(antwoorden["respons_id"], rows)}
    for column in ("gemeente", "ronde", "perspectief"):
        out[column] = take(antwoorden[column], rows)
    out[framework] = from_codes(antwoorden[framework], f_levels, fw)
    if names is not None:
        out[f"{framework}_naam"] = names.take(fw)
    n_answered = answered.ravel()[cells]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["score"] = np.where(n_answered > 0, total.ravel()[cells] / n_answered, np.nan)
    out["n_beantwoord"] = n_answered
    out["n_weet_niet"] = dont_know.ravel()[cells]
    out["n_leeg"] = shown.ravel()[cells] - n_answered - out["n_weet_niet"]
    for p in scale:
        out[f"aantal_{p}"] = points[p].ravel()[cells]
    return pd.DataFrame(out)


def statement_distribution(antwoorden: pd.DataFrame, by: Sequence[str] = (), min_group: int = 5,
                           scale: Sequence[int] = SCALE) -> pd.DataFrame:
    """Per statement (and group): how the answers spread over the scale, with "weet niet" apart.

    n_gezien = respondents who saw the statement; n = those who answered on the scale;
    aandeel_k = answers on point k / n; aandeel_weet_niet = "weet niet" / n_gezien.
    gemiddelde is the mean of the answers on the scale.

    Privacy, with two flags (numbers stay numbers; a renderer writes "n<5"):
    - `gezien_onderdrukt`: n_gezien < min_group. The row has no numbers at all (n_gezien, n,
      the counts and every share are missing).
    - `onderdrukt`: no mean and no spread over the scale, because n < min_group (or the row is
      `gezien_onderdrukt`); n is then missing too. A row that is `onderdrukt` but not
      `gezien_onderdrukt` keeps n_gezien and its "weet niet" and empty counts.
    `afgeschermd` (secondary suppression) is always false here: no total over the groups is
    published next to this table.
    """
    return distribution_from_wide(wide_table(antwoorden), antwoorden, by, min_group, scale)


def distribution_from_wide(w: Wide, antwoorden: pd.DataFrame, by: Sequence[str], min_group: int,
                           scale: Sequence[int]) -> pd.DataFrame:
    """`statement_distribution` on a wide table built once (`wide_table(antwoorden)`)."""
    by = list(by)
    respondents = pd.DataFrame({c: take(antwoorden[c], w.rows) for c in by}, index=range(len(w.rows)))
    g, groups = group_codes(respondents, by)
    order = np.argsort(g, kind="stable")
    order = order[g[order] >= 0]
    starts = np.flatnonzero(np.r_[True, g[order][1:] != g[order][:-1]]) if len(order) else np.array([], int)
    present = g[order][starts]
    state, values = w.state[order], w.values[order]

    def per_group(matrix):  # groups × statements
        if not len(order):
            return np.zeros((0, matrix.shape[1]))
        return np.add.reduceat(matrix, starts, axis=0)

    shown = per_group((state > 0).astype(np.int32))
    n = per_group((state == ANSWERED).astype(np.int32))
    wn = per_group((state == DONT_KNOW).astype(np.int32))
    total = per_group(np.where(state == ANSWERED, values, 0.0))
    points = {p: per_group((values == p).astype(np.int32)) for p in scale}
    # Rows: statement by statement (questionnaire order), then the groups.
    n_s = shown.shape[1]
    s_idx = np.repeat(np.arange(n_s), len(present))
    g_idx = np.tile(np.arange(len(present)), n_s)
    keep = shown.T.ravel() > 0
    s_idx, g_idx = s_idx[keep], g_idx[keep]
    stmt_rows = w.stmt_rows
    out = pd.DataFrame({"stelling": from_codes(antwoorden["stelling"], pd.Index(w.s_levels), s_idx)})
    if "tekst" in antwoorden:
        out["tekst"] = take(antwoorden["tekst"], stmt_rows[s_idx])
    out["uitgangspunt"] = take(antwoorden["uitgangspunt"], stmt_rows[s_idx])
    for column in by:
        out[column] = groups[column].to_numpy()[present[g_idx]] if not isinstance(
            groups[column].dtype, pd.CategoricalDtype) else groups[column].array.take(present[g_idx])
    n_cell = n[g_idx, s_idx]
    wn_cell = wn[g_idx, s_idx]
    shown_cell = shown[g_idx, s_idx]
    out["n_gezien"] = shown_cell
    out["n"] = n_cell
    out["n_weet_niet"] = wn_cell
    out["n_leeg"] = shown_cell - n_cell - wn_cell
    with np.errstate(invalid="ignore", divide="ignore"):
        out["gemiddelde"] = total[g_idx, s_idx] / n_cell
        for p in scale:
            out[f"aandeel_{p}"] = points[p][g_idx, s_idx] / n_cell
        out["aandeel_weet_niet"] = wn_cell / shown_cell
    spread = ["gemiddelde"] + [f"aandeel_{p}" for p in scale]
    out = suppress_small_groups(out, "n_gezien", ["n", "n_weet_niet", "n_leeg", "aandeel_weet_niet"] + spread,
                                min_group)
    out["gezien_onderdrukt"] = out["onderdrukt"].to_numpy()
    few = out["onderdrukt"].to_numpy() | (n_cell < min_group)
    out["onderdrukt"] = few
    for column in ["n", *spread]:
        out[column] = out[column].mask(few)
    return plain(out, ["stelling", "uitgangspunt", *by])


# --- the wide table ---------------------------------------------------------------------------------

@dataclass
class Wide:
    values: np.ndarray     # respondents × statements: the answer on the scale, NaN otherwise
    state: np.ndarray      # 0 not shown, 1 answered, 2 weet niet, 3 empty
    rows: np.ndarray       # per respondent the number of one of its rows in the answers table
    stmt_rows: np.ndarray  # per statement column the number of one of its rows
    stmt_seen: np.ndarray  # per statement column: has at least one row
    s_levels: list[str]


def wide_table(antwoorden: pd.DataFrame) -> Wide:
    """Respondents × statements, built with one scatter (no pivot, no hashing of categoricals)."""
    r_codes, r_ids = level_codes(antwoorden["respons_id"])
    s_codes, s_levels = level_codes(antwoorden["stelling"])
    values = antwoorden["waarde"].to_numpy(dtype=float, na_value=np.nan)
    answered = ~np.isnan(values)
    dont_know = antwoorden["weet_niet"].to_numpy(dtype=bool) & ~answered
    state = np.where(answered, ANSWERED, np.where(dont_know, DONT_KNOW, EMPTY)).astype(np.int8)
    n_s = len(s_levels)
    flat = r_codes * n_s + s_codes
    ok = (r_codes >= 0) & (s_codes >= 0)
    if not ok.all():
        flat, values, state = flat[ok], values[ok], state[ok]
    wide = np.full(len(r_ids) * n_s, np.nan)
    shown = np.zeros(len(r_ids) * n_s, dtype=np.int8)
    wide[flat] = values
    shown[flat] = state
    wide, shown = wide.reshape(-1, n_s), shown.reshape(-1, n_s)
    seen = np.bincount(s_codes[s_codes >= 0], minlength=n_s) > 0
    return Wide(wide, shown, some_rows(r_codes, len(r_ids)), some_rows(s_codes, n_s), seen,
                [str(s) for s in s_levels])


def statement_groups(w: Wide, antwoorden: pd.DataFrame, framework: str):
    """Per statement column of the wide table: the code of its uitgangspunt (or basisfunctie, …);
    the levels; and the name of every level as a categorical (None without a `_naam` column)."""
    f_codes, f_levels = level_codes(antwoorden[framework].iloc[w.stmt_rows])
    if isinstance(antwoorden[framework].dtype, pd.CategoricalDtype):
        f_levels = antwoorden[framework].cat.categories
    stmt_group = np.where(w.stmt_seen, f_codes, -1)
    name_column = f"{framework}_naam"
    if name_column not in antwoorden:
        return stmt_group, f_levels, None
    names = {}
    for code, row in zip(f_codes, w.stmt_rows):
        if code >= 0:
            names.setdefault(code, antwoorden[name_column].iloc[row])
    labels = [str(names.get(i, level)) for i, level in enumerate(f_levels)]
    if len(set(labels)) == len(labels):
        return stmt_group, f_levels, categorical(np.arange(len(labels)), labels)
    return stmt_group, f_levels, np.asarray(labels, dtype=object)


# --- columns from codes, in a meaningful order -------------------------------------------------------

def categorical(codes: np.ndarray, categories) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories), validate=False)


def some_rows(codes: np.ndarray, n: int) -> np.ndarray:
    """For every code 0..n-1 the number of a row that has it (a code absent from `codes` gets 0)."""
    rows = np.zeros(n, dtype=np.int64)
    valid = codes >= 0
    rows[codes[valid]] = np.flatnonzero(valid)
    return rows


def take(column: pd.Series, rows: np.ndarray):
    """The values of `column` at row positions `rows` (a categorical stays categorical)."""
    values = column.iloc[rows]
    return values.array if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy()


def from_codes(column: pd.Series, levels: pd.Index, codes: np.ndarray):
    """A column of `levels[codes]`, with the dtype of `column` when that is categorical."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=column.dtype, validate=False)
    return np.asarray(levels, dtype=object)[codes]


def name_map(frame: pd.DataFrame, column: str) -> dict[str, str]:
    """code → name, from a column and its `_naam` twin."""
    codes, levels = level_codes(frame[column])
    rows = some_rows(codes, len(levels))
    present = np.bincount(codes[codes >= 0], minlength=len(levels)) > 0
    names = frame[f"{column}_naam"].iloc[rows]
    return {str(c): str(n) for c, n, ok in zip(levels, names, present) if ok}


def _natural(values) -> list:
    return sorted(values, key=lambda v: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(v))])


def ordered(values: pd.Series, wanted: Sequence[str] | None) -> pd.Series:
    """A categorical with the wanted order first and any other observed values after it."""
    wanted = [str(w) for w in (wanted or [])]
    codes, uniques = level_codes(values)
    observed = [str(v) for v in uniques]
    order = wanted + [v for v in observed if v not in set(wanted)]
    position = {v: i for i, v in enumerate(order)}
    lookup = np.array([position[v] for v in observed] + [-1], dtype=np.int64)
    return pd.Series(categorical(lookup[codes], order), index=values.index)


def categorise(frame: pd.DataFrame, orders: dict) -> pd.DataFrame:
    """`frame` with every column named in `orders` as a categorical in that order (`ordered`)."""
    out = frame.copy()
    for column, wanted in orders.items():
        if column in out:
            out[column] = ordered(out[column], wanted)
    return out


def plain(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Categorical key columns back to plain text (the rows are already in category order)."""
    out = frame.copy()
    for column in columns:
        if column in out and isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(str)
    return out


def category_order(source: pd.DataFrame, by: Sequence[str]) -> dict:
    """The category order of every column in `by` (as a rank per value)."""
    order = {}
    for column in by:
        if column in source and isinstance(source[column].dtype, pd.CategoricalDtype):
            order[column] = {str(c): i for i, c in enumerate(source[column].cat.categories)}
    return order


def order_like(frame: pd.DataFrame, order: dict, by: Sequence[str], extra: Sequence[str] = ()) -> np.ndarray:
    """Row positions that sort `frame` by the category order of `by`, then by `extra`."""
    sort = pd.DataFrame({f"_{i}": (frame[c].astype(str).map(order[c]) if c in order else frame[c])
                         for i, c in enumerate(by)})
    for column in extra:
        sort[column] = frame[column].to_numpy()
    sort["_pos"] = np.arange(len(frame))
    return sort.sort_values(list(sort.columns), kind="stable")["_pos"].to_numpy()


def siblings(keys: Sequence[str]) -> list[str] | None:
    """Per municipality, totals over the municipalities are published too: the other keys
    form the breakdown within which secondary suppression protects a small municipality."""
    return [k for k in keys if k != "gemeente"] if "gemeente" in keys else None
