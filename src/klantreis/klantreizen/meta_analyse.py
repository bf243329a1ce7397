"""Meta-analyse: patterns across individual klantreizen, per municipality and across them.

Every function takes the tidy tables of `interviews.interview_tables` and returns a DataFrame
with stable Dutch column names. `by=None` analyses all interviews together, `by="gemeente"`
per municipality. Groups smaller than `min_group` are suppressed: their numbers are missing and
the row is flagged `onderdrukt` (see `privacy.suppress_small_groups`); the report writes "n<5".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..privacy import consented_quotes, suppress_small_counts, suppress_small_groups

ALL = "Alle gemeenten"


def _step_meta(data: pd.DataFrame) -> pd.DataFrame:
    """Per group and step its place, name and sleutelmoment. Municipalities with journeys of
    their own may share a step id at another place or under another name; a step counts once
    per group, described as in the first journey that has it."""
    return data.drop_duplicates(["groep", "stap"])[["groep", "stap", "volgorde", "stap_naam", "sleutelmoment"]]


def _with_group(df: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Add the column `groep`: the value of `by`, or "Alle gemeenten"."""
    out = df.copy()
    out["groep"] = out[by] if by else ALL
    return out


def step_statistics(stappen: pd.DataFrame, by: str | None = None, min_group: int = 5) -> pd.DataFrame:
    """Per step (and group): n, mean, median, SD, quartiles and share of negative scores.

    n counts residents with a score at that step. Share negative = scores below 0 / n.
    SD is the sample standard deviation (ddof=1), as in R's `sd()`. Every group gets a row for
    every step of its journey (a municipality with a journey of its own: its own steps), also
    with n=0: a step nobody in a small group scored is a small cell too.
    """
    data = _with_group(stappen, by)
    scored = data.dropna(subset=["score"]).astype({"score": "float64"})
    meta = _step_meta(data)
    grouped = scored.groupby(["groep", "stap"], sort=False)["score"]
    stats = grouped.agg(n="count", gemiddelde="mean", mediaan="median", sd="std").reset_index()
    quart = grouped.quantile([0.25, 0.75]).unstack()
    quart = quart.reindex(columns=[0.25, 0.75]).rename(columns={0.25: "q1", 0.75: "q3"}).reset_index()
    negative = scored.assign(neg=scored["score"] < 0).groupby(["groep", "stap"], sort=False)["neg"].mean()
    stats = stats.merge(quart, on=["groep", "stap"]).merge(
        negative.rename("aandeel_negatief").reset_index(), on=["groep", "stap"])
    out = meta.merge(stats, on=["groep", "stap"], how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    out = out.sort_values(["groep", "volgorde"]).reset_index(drop=True)
    return suppress_small_groups(out, "n", ["gemiddelde", "mediaan", "sd", "q1", "q3", "aandeel_negatief"],
                                 min_group, siblings=["stap"] if by else None)


def lowest_points(stappen: pd.DataFrame, by: str | None = None, min_group: int = 5) -> pd.DataFrame:
    """Where the curve dips: per step, how many residents had their lowest score there.

    A resident whose lowest score occurs at several steps counts at each of them; a lowest
    score of 0 (neutral) or higher is no dieptepunt. `aandeel` is relative to the residents with at least one score in the group.
    """
    data = _with_group(stappen, by).dropna(subset=["score"]).astype({"score": "float64"})
    # A dieptepunt lies below neutral: a resident whose lowest score is 0 or more has none.
    lowest = (data["score"] == data.groupby("respondent")["score"].transform("min")) & (data["score"] < 0)
    hits = data[lowest].groupby(["groep", "stap"])["respondent"].nunique().rename("aantal").reset_index()
    hits = hits.merge(_step_meta(data), on=["groep", "stap"])
    sizes = data.groupby("groep")["respondent"].nunique().rename("n_groep")
    hits = hits.merge(sizes, on="groep")
    hits["aandeel"] = hits["aantal"] / hits["n_groep"]
    hits = hits.sort_values(["groep", "aantal", "volgorde"], ascending=[True, False, True]).reset_index(drop=True)
    return _suppress_counts(_suppress_by_group(hits, ["aantal", "aandeel"], min_group, ["stap"] if by else None),
                            ["aandeel"], min_group)


def deviations(afwijkingen: pd.DataFrame, respondenten: pd.DataFrame, by: str | None = None,
               min_group: int = 5) -> pd.DataFrame:
    """How often residents deviated from the schaduwreis: skipped, replaced, added steps, loops.

    `aantal` counts distinct residents per kind of deviation and step; `aandeel` divides by the
    number of interviews in the group.
    """
    data = _with_group(afwijkingen, by)
    counts = data.groupby(["groep", "soort", "stap"], dropna=False)["respondent"].nunique() \
        .rename("aantal").reset_index()
    sizes = _with_group(respondenten, by).groupby("groep")["respondent"].nunique().rename("n_groep")
    counts = counts.merge(sizes, on="groep")
    counts["aandeel"] = counts["aantal"] / counts["n_groep"]
    counts = counts.sort_values(["groep", "aantal"], ascending=[True, False]).reset_index(drop=True)
    return _suppress_counts(_suppress_by_group(counts, ["aantal", "aandeel"], min_group,
                                               ["soort", "stap"] if by else None), ["aandeel"], min_group)


def deviation_summary(afwijkingen: pd.DataFrame, respondenten: pd.DataFrame, by: str | None = None,
                      min_group: int = 5) -> pd.DataFrame:
    """Per group: share of residents with any deviation, and the average number of
    professionals involved and of times the story had to be told again."""
    resp = _with_group(respondenten, by)
    deviating = set(afwijkingen["respondent"])
    resp["afwijking"] = resp["respondent"].isin(deviating)
    out = resp.groupby("groep").agg(
        n_groep=("respondent", "nunique"),
        aandeel_met_afwijking=("afwijking", "mean"),
        gem_professionals=("aantal_professionals", "mean"),
        gem_verhaal_opnieuw=("verhaal_opnieuw_verteld", "mean"),
        max_verhaal_opnieuw=("verhaal_opnieuw_verteld", "max"),
    ).reset_index()
    return _suppress_by_group(out, ["aandeel_met_afwijking", "gem_professionals", "gem_verhaal_opnieuw",
                                    "max_verhaal_opnieuw"], min_group, [] if by else None)


def values_ranking(waarden: pd.DataFrame, respondenten: pd.DataFrame, labels: dict[str, str],
                   by: str | None = None, min_group: int = 5) -> pd.DataFrame:
    """What residents value most: per value the number and share of residents who chose it, ranked."""
    data = _with_group(waarden, by)
    counts = data.groupby(["groep", "waarde"])["respondent"].nunique().rename("aantal").reset_index()
    sizes = _with_group(respondenten, by).groupby("groep")["respondent"].nunique().rename("n_groep")
    counts = counts.merge(sizes, on="groep")
    counts["aandeel"] = counts["aantal"] / counts["n_groep"]
    counts["label"] = counts["waarde"].map(labels).fillna(counts["waarde"])
    counts["rang"] = counts.groupby("groep")["aantal"].rank(method="min", ascending=False).astype(int)
    counts = counts.sort_values(["groep", "rang", "label"]).reset_index(drop=True)
    return _suppress_counts(_suppress_by_group(counts, ["aantal", "aandeel", "rang"], min_group,
                                               ["waarde"] if by else None), ["aandeel", "rang"], min_group)


def kind_statistics(stappen: pd.DataFrame, min_group: int = 5, order: list[str] | None = None,
                    hidden_steps=()) -> pd.DataFrame:
    """Per kind of step (`soort`) and municipality: what the journeys share, as experienced.

    `n` counts distinct residents with a score on at least one step of that kind in their own
    municipality's journey; `gemiddelde` is the mean over those residents of each resident's
    mean score on the steps of that kind (so a resident counts once, also when the journey has
    two steps of one kind). Every kind a municipality's journey has gets a row, also with n=0.

    Privacy: a row below `min_group` is suppressed (`onderdrukt`). There is deliberately no
    total over the municipalities per kind, so nothing is derivable by subtraction here; and a
    row is shielded (`afgeschermd`) when one of its steps is hidden in the per-step table of
    that municipality (`hidden_steps`: (gemeente, stap) pairs), because a kind with one step
    would otherwise publish that step's hidden number, which the per-step totals could then
    turn into the number of a small municipality.

    Columns: soort, groep, n, gemiddelde, onderdrukt, afgeschermd.
    """
    scored = stappen.dropna(subset=["score"]).astype({"score": "float64"})
    per_resident = scored.groupby(["soort", "gemeente", "respondent"])["score"].mean().reset_index()
    stats = per_resident.groupby(["soort", "gemeente"]).agg(n=("respondent", "nunique"),
                                                          gemiddelde=("score", "mean")).reset_index()
    frame = stappen[["soort", "gemeente"]].drop_duplicates()
    out = frame.merge(stats, on=["soort", "gemeente"], how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    hidden = set(hidden_steps)
    steps_of = stappen.drop_duplicates(["gemeente", "stap"]).groupby(["gemeente", "soort"])["stap"].agg(list)
    shielded = pd.Series([any((g, st) in hidden for st in steps_of.get((g, k), []))
                          for g, k in zip(out["gemeente"], out["soort"])], index=out.index, dtype=bool)
    out = suppress_small_groups(out.rename(columns={"gemeente": "groep"}), "n", ["gemiddelde"], min_group)
    secondary = shielded & ~out["onderdrukt"].astype(bool)
    out["afgeschermd"] = out["afgeschermd"].astype(bool) | secondary
    out["onderdrukt"] = out["onderdrukt"].astype(bool) | secondary
    for column in ("n", "gemiddelde"):
        out[column] = out[column].mask(out["onderdrukt"])
    kinds = order or list(dict.fromkeys(stappen["soort"]))
    out["_k"] = out["soort"].map({k: i for i, k in enumerate(kinds)}).fillna(len(kinds))
    return out.sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)[
        ["soort", "groep", "n", "gemiddelde", "onderdrukt", "afgeschermd"]]


def aspect_statistics(stappen: pd.DataFrame, themas: pd.DataFrame, aspect_of: dict[str, str],
                      min_group: int = 5) -> pd.DataFrame:
    """Per municipality and aspect (vroegtijdig, samenhangend, passend): how residents experienced
    the steps where what they said speaks to that aspect.

    A step of a resident counts for an aspect when a theme coded at that step (on the step or
    on a quote there) has that aspect (`aspect_of`: code -> aspect, from the codebook). `n` is
    the number of distinct residents with a score on such a step; `gemiddelde` the mean over
    those residents of each resident's mean score on those steps. Rows below `min_group` are
    suppressed; there is no total over the municipalities, so nothing is derivable by
    subtraction. Columns: groep, aspect, n, gemiddelde, onderdrukt, afgeschermd.
    """
    coded = themas.assign(aspect=themas["code"].map(aspect_of)).dropna(subset=["aspect"])
    coded = coded[["respondent", "stap", "aspect"]].drop_duplicates()
    scored = stappen.dropna(subset=["score"]).astype({"score": "float64"})
    joined = scored.merge(coded, on=["respondent", "stap"])
    per_resident = joined.groupby(["gemeente", "aspect", "respondent"])["score"].mean().reset_index()
    out = per_resident.groupby(["gemeente", "aspect"]).agg(n=("respondent", "nunique"),
                                                          gemiddelde=("score", "mean")).reset_index()
    out = out.rename(columns={"gemeente": "groep"})
    return suppress_small_groups(out, "n", ["gemiddelde"], min_group)


def themes_by_steps(themas: pd.DataFrame, step_order: list[str], codes: list[str] | None = None) -> pd.DataFrame:
    """Matrix code × step: the number of distinct residents whose statements at that step carry
    the code. Steps in schaduwreis order, extra steps pooled as "extra stappen"."""
    data = themas.copy()
    data["kolom"] = data["stap"].where(data["stap"].isin(step_order), "extra stappen")
    matrix = data.groupby(["code", "kolom"])["respondent"].nunique().unstack(fill_value=0)
    columns = [s for s in step_order if s in matrix.columns] + \
        (["extra stappen"] if "extra stappen" in matrix.columns else [])
    matrix = matrix.reindex(columns=step_order + (["extra stappen"] if "extra stappen" in columns else []),
                            fill_value=0)
    if codes is not None:
        matrix = matrix.reindex([c for c in codes if c in matrix.index])
    matrix.columns.name = None
    return matrix.astype(int)


def residents_per_theme(themas: pd.DataFrame) -> pd.Series:
    """Per theme code the number of distinct residents with a statement carrying it, at any
    step (a resident who raised a theme at three steps counts once)."""
    return themas.groupby("code")["respondent"].nunique().rename("inwoners")


def quotes_by_theme(citaten: pd.DataFrame, labels: dict[str, str], redact_terms=()) -> pd.DataFrame:
    """Quotes per theme code, only from residents who consented, text redacted."""
    kept = consented_quotes(citaten, redact_terms)
    exploded = kept.explode("themas").dropna(subset=["themas"]).rename(columns={"themas": "code"})
    exploded["thema"] = exploded["code"].map(labels).fillna(exploded["code"])
    return exploded[["code", "thema", "respondent", "gemeente", "stap_naam", "tekst"]] \
        .sort_values(["code", "respondent"]).reset_index(drop=True)


def designed_vs_experienced(stappen: pd.DataFrame, by: str | None = None, min_group: int = 5) -> pd.DataFrame:
    """Per designed step: how many residents went through it as designed, differently, not at
    all, or did not discuss it."""
    data = _with_group(stappen, by)
    table = data.pivot_table(index=["groep", "stap"],
                             columns="gebeurd", values="respondent", aggfunc="nunique", fill_value=0)
    for column in ("ja", "anders", "nee", "niet besproken"):
        if column not in table.columns:
            table[column] = 0
    table = table[["ja", "anders", "nee", "niet besproken"]].reset_index()
    table.columns.name = None
    table = _step_meta(data).merge(table, on=["groep", "stap"])[
        ["groep", "volgorde", "stap", "stap_naam", "sleutelmoment", "ja", "anders", "nee", "niet besproken"]]
    table["n_groep"] = table[["ja", "anders", "nee", "niet besproken"]].sum(axis=1)
    table = table.sort_values(["groep", "volgorde"]).reset_index(drop=True)
    table = _suppress_by_group(table, ["ja", "anders", "nee", "niet besproken"], min_group,
                               ["stap"] if by else None)
    # The four counts of a step add up to the interviews of the group: a small count is hidden,
    # and so is the next smallest when the hidden ones together stay below the minimum.
    kinds = ["ja", "anders", "nee", "niet besproken"]
    long = table.reset_index().melt(id_vars=["index"], value_vars=kinds, var_name="soort", value_name="aantal")
    long = suppress_small_counts(long, "aantal", min_group, siblings=["index"])
    for kind in kinds:
        part = long[long["soort"] == kind].set_index("index")
        hidden = part["onderdrukt"].reindex(table.index, fill_value=False).astype(bool)
        table[kind] = table[kind].astype("Int64").mask(hidden)
        table[f"{kind}_onderdrukt"] = hidden | table["onderdrukt"].astype(bool)
    return table


def _suppress_counts(table: pd.DataFrame, value_columns: list[str], min_group: int) -> pd.DataFrame:
    """Also hide rows whose own count (`aantal`, a number of residents) is below the minimum
    (`privacy.suppress_small_counts`), on top of the group-size rule already applied."""
    if not len(table):
        return table
    counts = suppress_small_counts(table[["aantal"]].assign(aantal=table["aantal"].fillna(0)), "aantal", min_group)
    out = table.copy()
    hidden = counts["onderdrukt"].astype(bool)
    out["onderdrukt"] = out["onderdrukt"].astype(bool) | hidden
    for column in ["aantal", *value_columns]:
        out[column] = out[column].mask(hidden)
    return out


def _suppress_by_group(table: pd.DataFrame, value_columns: list[str], min_group: int,
                       siblings: list[str] | None) -> pd.DataFrame:
    """Suppress by the size of the whole group (n_groep); `siblings` as in `suppress_small_groups`."""
    return suppress_small_groups(table, "n_groep", value_columns, min_group, siblings)


def group_sizes(respondenten: pd.DataFrame, by: str | None = "gemeente", min_group: int = 5) -> pd.DataFrame:
    """Interviews per group. How many residents were interviewed where is a fact of the design
    (reporting guidelines for qualitative research ask for it), not a statistic about them, so
    it is never suppressed; `onderdrukt` says whether the group is below the minimum, and so
    gets no statistics anywhere."""
    data = _with_group(respondenten, by)
    out = data.groupby("groep")["respondent"].nunique().rename("interviews").reset_index()
    out["onderdrukt"] = out["interviews"] < min_group
    out["afgeschermd"] = False
    return out[["groep", "interviews", "onderdrukt", "afgeschermd"]]


# --- everything at once, as the report and the notebooks use it ---------------------------------

@dataclass
class MetaAnalyse:
    """All meta-analysis tables of one study, computed once.

    The tables `*_per_gemeente` have a `groep` per municipality, each against its own journey;
    `soorten` compares municipalities on the kinds of step their journeys share."""

    tabellen: dict[str, pd.DataFrame]
    stappen_per_gemeente: pd.DataFrame
    stappen_totaal: pd.DataFrame
    dieptepunten: pd.DataFrame
    afwijkingen: pd.DataFrame
    afwijkingen_samenvatting: pd.DataFrame
    waarden: pd.DataFrame
    themas: pd.DataFrame
    citaten: pd.DataFrame
    ontwerp_vs_ervaring: pd.DataFrame
    groepsgrootte: pd.DataFrame
    dieptepunten_per_gemeente: pd.DataFrame = None
    afwijkingen_per_gemeente: pd.DataFrame = None
    ontwerp_vs_ervaring_per_gemeente: pd.DataFrame = None
    waarden_per_gemeente: pd.DataFrame = None
    soorten: pd.DataFrame = None


def analyse(study) -> MetaAnalyse:
    """Run the whole meta-analysis on a loaded `Study`: each interview against the journey of
    its own municipality."""
    from .interviews import interview_tables

    instr = study.instruments
    reizen = study.parts.get("schaduwreizen") or {g: study.schaduwreis for g in study.settings.gemeenten}
    t = interview_tables(study.interviews, reizen, study.redactor, instr.topiclijst)
    m = study.min_group
    step_order = list(dict.fromkeys(s for r in [study.schaduwreis, *reizen.values()] for s in r.step_ids))
    code_order = [c.code for c in instr.codeboek.codes]
    kind_order = [k.id for k in instr.topiclijst.soorten]
    resp = t["respondenten"]
    per_step = step_statistics(t["stappen"], by="gemeente", min_group=m)
    hidden_steps = set(zip(per_step.loc[per_step["onderdrukt"], "groep"], per_step.loc[per_step["onderdrukt"], "stap"]))
    return MetaAnalyse(
        tabellen=t,
        stappen_per_gemeente=per_step,
        stappen_totaal=step_statistics(t["stappen"], min_group=m),
        dieptepunten=lowest_points(t["stappen"], min_group=m),
        afwijkingen=deviations(t["afwijkingen"], t["respondenten"], min_group=m),
        afwijkingen_samenvatting=pd.concat([
            deviation_summary(t["afwijkingen"], t["respondenten"], min_group=m),
            deviation_summary(t["afwijkingen"], t["respondenten"], by="gemeente", min_group=m)],
            ignore_index=True),
        waarden=values_ranking(t["waarden"], t["respondenten"], instr.value_labels, min_group=m),
        themas=themes_by_steps(t["themas"], step_order, code_order),
        citaten=quotes_by_theme(t["citaten"], instr.code_labels, study.redactor),
        ontwerp_vs_ervaring=designed_vs_experienced(t["stappen"], min_group=m),
        groepsgrootte=group_sizes(t["respondenten"], min_group=m),
        dieptepunten_per_gemeente=lowest_points(t["stappen"], by="gemeente", min_group=m),
        afwijkingen_per_gemeente=deviations(t["afwijkingen"], resp, by="gemeente", min_group=m),
        ontwerp_vs_ervaring_per_gemeente=designed_vs_experienced(t["stappen"], by="gemeente", min_group=m),
        waarden_per_gemeente=values_ranking(t["waarden"], resp, instr.value_labels, by="gemeente", min_group=m),
        soorten=kind_statistics(t["stappen"], min_group=m, order=kind_order, hidden_steps=hidden_steps),
    )
