"""The meta-analysis, checked against independent computations with the standard library."""

from __future__ import annotations

import statistics

import pandas as pd
import pytest

from klantreis.klantreizen import meta_analyse as m
from klantreis.klantreizen.interviews import interview_tables


def _scores(demo, step_id, gemeente=None):
    out = []
    for iv in demo.interviews:
        if gemeente and iv.gemeente != gemeente:
            continue
        for sv in iv.stappen:
            if sv.stap == step_id and sv.score is not None:
                out.append(sv.score)
    return out


def test_step_statistics_match_the_formulas_step_by_step(demo, demo_meta):
    stats = demo_meta.stappen_totaal.set_index("stap")
    for step in demo.schaduwreis.steps:
        scores = _scores(demo, step.id)
        row = stats.loc[step.id]
        if len(scores) < demo.min_group:
            assert row["onderdrukt"] and pd.isna(row["n"])
            continue
        assert row["n"] == len(scores)
        assert row["gemiddelde"] == pytest.approx(statistics.fmean(scores))
        assert row["mediaan"] == pytest.approx(statistics.median(scores))
        assert row["sd"] == pytest.approx(statistics.stdev(scores))  # sample SD, as R's sd()
        q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")  # R type 7
        assert (row["q1"], row["q3"]) == (pytest.approx(q1), pytest.approx(q3))
        assert row["aandeel_negatief"] == pytest.approx(sum(s < 0 for s in scores) / len(scores))


def test_a_municipality_below_the_minimum_gets_no_numbers(demo, demo_meta):
    per = demo_meta.stappen_per_gemeente
    small = [g for g in demo.settings.gemeenten
             if sum(iv.gemeente == g for iv in demo.interviews) < demo.min_group]
    assert small, "the demo study should have a municipality below the minimum"
    part = per[per["groep"].isin(small)]
    assert part["onderdrukt"].all()
    assert part[["gemiddelde", "mediaan", "sd", "q1", "q3", "aandeel_negatief"]].isna().all().all()
    assert part["n"].isna().all() and not part["afgeschermd"].any()
    # The number of interviews is a fact of the design and stays; its statistics are what is hidden.
    sizes = demo_meta.groepsgrootte.set_index("groep")
    for g in small:
        assert sizes.loc[g, "interviews"] == sum(iv.gemeente == g for iv in demo.interviews)
        assert sizes.loc[g, "onderdrukt"] and not sizes.loc[g, "afgeschermd"]


def _assert_counts_shown_or_small(got: dict, expected: dict, min_group: int) -> None:
    """A count of residents is either exact or hidden (<NA>) because it is 1 to min_group - 1."""
    assert set(got) == set(expected)
    for key, count in expected.items():
        if pd.isna(got[key]):
            assert 0 < count < min_group, (key, count)
        else:
            assert got[key] == count, key
    assert any(pd.isna(v) for v in got.values()) or all(c >= min_group for c in expected.values())


def test_per_municipality_means_match(demo, demo_meta):
    per = demo_meta.stappen_per_gemeente
    for row in per[~per["onderdrukt"]].itertuples():
        assert row.gemiddelde == pytest.approx(statistics.fmean(_scores(demo, row.stap, row.groep)))


def test_lowest_points_count_each_residents_minimum_below_neutral(demo, demo_meta):
    expected: dict[str, int] = {}
    for iv in demo.interviews:
        scored = [(sv.stap, sv.score) for sv in iv.stappen if sv.score is not None]
        low = min(s for _, s in scored)
        if low >= 0:  # nowhere negative: no dieptepunt
            continue
        for step_id, s in scored:
            if s == low:
                expected[step_id] = expected.get(step_id, 0) + 1
    got = demo_meta.dieptepunten.set_index("stap")["aantal"].to_dict()
    _assert_counts_shown_or_small(got, expected, demo.min_group)


def test_a_resident_who_skipped_a_step_shows_up_as_a_deviation(demo, demo_meta):
    skipped = {(iv.respondent, sv.stap) for iv in demo.interviews for sv in iv.stappen if sv.gebeurd == "nee"}
    loops = sum(e.soort == "lus" for iv in demo.interviews for e in iv.extra_stappen)
    dev = demo_meta.tabellen["afwijkingen"]
    assert set(map(tuple, dev.loc[dev["soort"] == "overgeslagen", ["respondent", "stap"]].to_numpy())) == skipped
    assert (dev["soort"] == "lus").sum() == loops
    counts = demo_meta.afwijkingen
    for (kind, step), group in dev.groupby(["soort", "stap"], dropna=False):
        row = counts[(counts["soort"] == kind) & (counts["stap"].fillna("") == (step if isinstance(step, str) else ""))]
        _assert_counts_shown_or_small({0: row["aantal"].iloc[0]}, {0: group["respondent"].nunique()},
                                      demo.min_group)


def test_values_are_ranked_by_how_many_residents_chose_them(demo, demo_meta):
    counts: dict[str, int] = {}
    for iv in demo.interviews:
        for v in iv.waarden:
            counts[v] = counts.get(v, 0) + 1
    ranking = demo_meta.waarden.set_index("waarde")
    _assert_counts_shown_or_small(ranking["aantal"].to_dict(), counts, demo.min_group)
    top = max(counts.values())
    assert set(ranking.index[ranking["rang"] == 1]) == {v for v, c in counts.items() if c == top}


def test_themes_by_steps_counts_distinct_residents(demo, demo_meta):
    matrix = demo_meta.themas
    for code in matrix.index:
        for step in demo.schaduwreis.step_ids:
            who = set()
            for iv in demo.interviews:
                for sv in iv.stappen:
                    if sv.stap == step and (code in sv.themas or any(code in c.themas for c in sv.citaten)):
                        who.add(iv.respondent)
            assert matrix.loc[code, step] == len(who), (code, step)


def test_quotes_only_from_residents_who_consented(demo, demo_meta):
    refused = {iv.respondent for iv in demo.interviews if not iv.toestemming.citaten}
    assert refused, "the demo study should have residents without consent for quotes"
    assert not set(demo_meta.citaten["respondent"]) & refused
    refused_texts = [c.tekst for iv in demo.interviews if iv.respondent in refused
                     for sv in iv.stappen for c in sv.citaten]
    assert refused_texts and not set(refused_texts) & set(demo_meta.citaten["tekst"])


def test_quotes_are_redacted(demo, demo_meta):
    joined = " ".join(demo_meta.citaten["tekst"])
    for term in demo.settings.privacy.te_verwijderen:
        assert term.lower() not in joined.lower()


def test_designed_vs_experienced_adds_up_to_all_residents(demo, demo_meta):
    """The four counts of a step add up to all residents whose journey has the step; the hidden counts of a step together
    are 0 or at least the minimum, so subtracting the shown ones from the total reveals no small count."""
    table = demo_meta.ontwerp_vs_ervaring
    kinds = ["ja", "anders", "nee", "niet besproken"]
    for row in table.to_dict("records"):
        shown = sum(int(row[k]) for k in kinds if not pd.isna(row[k]))
        # every resident whose own municipality's journey has this step
        residents = sum(row["stap"] in demo.schaduwreizen[iv.gemeente].step_ids for iv in demo.interviews)
        hidden = residents - shown
        # a step only a small municipality has shows nothing at all
        assert hidden == 0 or hidden >= demo.min_group or shown == 0, row
    truth = {}
    for iv in demo.interviews:
        for sv in iv.stappen:
            truth[(sv.stap, sv.gebeurd)] = truth.get((sv.stap, sv.gebeurd), 0) + 1
    for row in table.to_dict("records"):
        for k in kinds:
            if not pd.isna(row[k]):
                assert row[k] == truth.get((row["stap"], k), 0), (row["stap"], k)


def _step_rows(counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame([{"respondent": f"{g}{i}", "gemeente": g, "stap": "s1", "volgorde": 1, "stap_naam": "S1",
                          "sleutelmoment": True, "gebeurd": "ja", "score": float(i % 3 - 1)}
                         for g, n in counts.items() for i in range(n)])


def test_group_of_exactly_the_minimum_is_reported():
    stats = m.step_statistics(_step_rows({"A": 5, "B": 6}), by="gemeente", min_group=5).set_index("groep")
    assert stats.loc["A", "n"] == 5 and not stats.loc["A", "onderdrukt"]
    assert stats.loc["A", "gemiddelde"] == pytest.approx(statistics.fmean([i % 3 - 1 for i in range(5)]))


def test_a_small_group_hides_the_next_smallest_so_the_total_cannot_reveal_it():
    stats = m.step_statistics(_step_rows({"A": 5, "B": 4, "C": 7}), by="gemeente", min_group=5).set_index("groep")
    assert stats.loc["B", "onderdrukt"] and not stats.loc["B", "afgeschermd"]
    assert stats.loc["A", "onderdrukt"] and stats.loc["A", "afgeschermd"]
    assert stats[["n", "gemiddelde"]].loc[["A", "B"]].isna().all().all()
    assert stats.loc["C", "n"] == 7 and not stats.loc["C", "onderdrukt"]


def test_tables_keep_the_order_of_the_lived_path(demo):
    t = interview_tables(demo.interviews, demo.schaduwreis, demo.redactor)
    for _, path in t["pad"].groupby("respondent"):
        assert list(path["positie"]) == list(range(1, len(path) + 1))
        designed = path.dropna(subset=["stap"])
        assert designed["ontwerp_volgorde"].is_monotonic_increasing
