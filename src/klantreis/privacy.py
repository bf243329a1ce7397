"""Privacy rules (AVG) in one place: small-group suppression, consent, redaction of free text.

- Groups smaller than the study's minimum get no numbers (a flag; the report writes "n<5").
- Quotes appear only for residents who consented (`toestemming.citaten: true`).
- Every free text passes redaction before it reaches an output (`redactie.Redactor`, one per
  study as `study.redactor`; `redact` for a single text): names and places (deduce), e-mail
  addresses, phone numbers, BSNs, IBANs, postcodes, plates, dates, addresses, respondent ids
  and the study's own list of words (`privacy.te_verwijderen`) become placeholders that keep
  the meaning ("[naam]", "[telefoonnummer]", "[adres]", …); the study's gemeenten and kernen
  stay readable. It runs where free text enters the tables and texts outputs are built from
  (the interview tables, the verkenning's open answers, the researchers' texts in the report).
"""

from __future__ import annotations

import pandas as pd

from .redactie import PLACEHOLDERS, Redactor, Vondst, as_redactor, shared_redactor  # noqa: F401

REDACTED = "[verwijderd]"


def redact(text: str, extra_terms: list[str] | tuple[str, ...] = ()) -> str:
    """Replace personal details in free text by placeholders that keep the meaning ("[naam]",
    "[telefoonnummer]", "[adres]", …); `extra_terms` are words that must go too. Outputs of a
    study use the study's own `Redactor` (`study.redactor`: its removal list, and its gemeenten
    and kernen kept readable); this is the same engine without an allow-list."""
    return shared_redactor(tuple(extra_terms))(text)


def consented_quotes(quotes: pd.DataFrame, redactor=()) -> pd.DataFrame:
    """Only quotes of residents who consented, with their text redacted (`redactor`: the
    study's `Redactor`, or a list of words to remove)."""
    kept = quotes[quotes["toestemming_citaten"].astype(bool)].copy()
    kept["tekst"] = kept["tekst"].map(as_redactor(redactor))
    return kept.reset_index(drop=True)


def suppress_small_groups(table: pd.DataFrame, n_column: str, value_columns: list[str],
                          min_group: int, siblings: list[str] | None = None) -> pd.DataFrame:
    """Hide the numbers of every row whose group is below `min_group`.

    Returns a copy with two flags: `onderdrukt` (no numbers for this row) and `afgeschermd`
    (hidden by secondary suppression although its own n reached the minimum). In flagged rows
    the n and the `value_columns` are missing (<NA>); numbers stay numbers (counts become
    pandas' nullable Int64), and only a renderer writes "n<5" or "afgeschermd"
    (`report.numbers.n_label`). The exact small count is never kept in the table.

    `siblings`: the columns that, together, identify one breakdown whose total is published
    too (e.g. ["stap"] for the municipalities of one step; [] for the whole table). Hiding one
    small municipality is not enough when the total and the other municipalities are shown:
    subtraction would reveal it. So while the hidden groups of a breakdown together count
    fewer than `min_group`, the smallest shown group is hidden as well (secondary
    suppression, as statistical offices do). A group of 0 counts as hidden and small.
    """
    out = table.copy()
    n = pd.to_numeric(out[n_column], errors="coerce").fillna(0)
    small = n < min_group
    secondary = pd.Series(False, index=out.index)
    if siblings is not None and len(out):
        keys = [out[c] for c in siblings] if siblings else [pd.Series(0, index=out.index)]
        grouped = pd.DataFrame({"hidden": n.where(small, 0), "small": small.astype(int)}) \
            .groupby(keys, observed=True, dropna=False)
        hidden, n_small = grouped["hidden"].transform("sum"), grouped["small"].transform("sum")
        # A breakdown with a small group (also one of 0) whose hidden groups together stay
        # below the minimum: the total minus the shown groups would reveal them.
        risky = out.index[(n_small > 0) & (hidden < min_group)]
        for _, part in n.loc[risky].groupby([k.loc[risky] for k in keys], observed=True, dropna=False):
            total_hidden = int(part[small.loc[part.index]].sum())
            for idx in part[~small.loc[part.index]].sort_values(kind="stable").index:
                if total_hidden >= min_group:
                    break
                secondary.loc[idx] = True
                total_hidden += int(part.loc[idx])
    out["onderdrukt"] = small | secondary
    out["afgeschermd"] = secondary
    for column in [n_column, *value_columns]:
        out[column] = _nullable(out[column]).mask(out["onderdrukt"])
    return out


def _nullable(column: pd.Series) -> pd.Series:
    """Counts as nullable integers (so a hidden count is <NA>, not a float); others as they are."""
    if pd.api.types.is_bool_dtype(column):
        return column.astype("boolean")
    if pd.api.types.is_integer_dtype(column):
        return column.astype("Int64")
    return column


def suppress_small_counts(table: pd.DataFrame, count_column: str, min_group: int,
                          siblings: list[str] | None = None) -> pd.DataFrame:
    """Hide counts of people (how many residents chose a value, skipped a step, ...) between 1
    and `min_group` − 1: such a cell singles out a few residents, possibly all from a small group.

    A count of 0 stays: it says something about everyone alike. With `siblings` the counts of
    one breakdown add up to a published total (e.g. the answers per step): while the hidden
    counts of a breakdown stay below `min_group`, the smallest shown non-zero count there is
    hidden too. Returns a copy with the count as nullable Int64 (<NA> when hidden) and the flags
    `onderdrukt` and `afgeschermd`, as `suppress_small_groups`.
    """
    out = table.copy()
    count = pd.to_numeric(out[count_column], errors="coerce").fillna(0).astype(int)
    small = (count > 0) & (count < min_group)
    secondary = pd.Series(False, index=out.index)
    if siblings is not None and len(out):
        keys = [out[c] for c in siblings] if siblings else [pd.Series(0, index=out.index)]
        for _, part in count.groupby(keys, observed=True, dropna=False):
            hidden = int(part[small.loc[part.index]].sum())
            if not hidden or hidden >= min_group:
                continue
            for idx in part[~small.loc[part.index] & (part > 0)].sort_values(kind="stable").index:
                secondary.loc[idx] = True
                hidden += int(part.loc[idx])
                if hidden >= min_group:
                    break
    out["onderdrukt"] = small | secondary
    out["afgeschermd"] = secondary
    out[count_column] = count.astype("Int64").mask(out["onderdrukt"])
    return out
