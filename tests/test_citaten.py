"""Which quotes a chapter prints: each once, at most two per resident, spread over municipalities."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from klantreis.klantreizen.citaten import select_quotes, selection_rule


def _quotes(rows):
    return pd.DataFrame(rows, columns=["code", "respondent", "gemeente", "tekst"])


def test_a_quote_coded_with_two_themes_is_printed_once():
    quotes = _quotes([("T_A", "R01", "Aa", "Ik moest drie keer bellen."),
                      ("T_B", "R01", "Aa", "Ik moest drie keer bellen."),
                      ("T_B", "R02", "Bb", "Niemand wist van elkaar.")])
    chosen = select_quotes(quotes, ["T_A", "T_B"])
    assert chosen["tekst"].tolist() == ["Ik moest drie keer bellen.", "Niemand wist van elkaar."]
    assert chosen["code"].tolist() == ["T_A", "T_B"]


def test_a_talkative_resident_is_quoted_at_most_twice_in_the_chapter():
    quotes = _quotes([(theme, "R01", "Aa", f"{theme} zegt R01") for theme in ("T_A", "T_B", "T_C", "T_D")]
                     + [("T_D", "R02", "Aa", "R02 bij T_D")])
    chosen = select_quotes(quotes, ["T_A", "T_B", "T_C", "T_D"])
    assert Counter(chosen["respondent"]) == {"R01": 2, "R02": 1}
    assert "T_C" not in set(chosen["code"])  # only R01 had something to say there, and has had two turns


def test_municipalities_take_turns_when_the_quotes_allow_it():
    # Lindewaarde has many quotes per theme, Beekveen and Heidedorp one each; without the rule
    # Lindewaarde would fill every theme.
    rows = []
    for theme in ("T_A", "T_B", "T_C"):
        rows += [(theme, f"L{theme}{i}", "Lindewaarde", f"L {theme} {i}") for i in range(3)]
    rows += [("T_A", "B1", "Beekveen", "B over A"), ("T_B", "H1", "Heidedorp", "H over B"),
             ("T_C", "B2", "Beekveen", "B over C")]
    chosen = select_quotes(_quotes(rows), ["T_A", "T_B", "T_C"])
    per_theme = chosen.groupby("code")["gemeente"].apply(set).to_dict()
    assert per_theme == {"T_A": {"Beekveen", "Lindewaarde"}, "T_B": {"Heidedorp", "Lindewaarde"},
                         "T_C": {"Beekveen", "Lindewaarde"}}
    assert (chosen.groupby("code").size() == 2).all()


def test_the_rule_is_stated_with_its_numbers():
    sentence = selection_rule(per_theme=2, per_resident=2)
    assert "hoogstens 2 uitspraken" in sentence and "één keer" in sentence and "gemeente" in sentence


def test_the_demo_chapter_follows_the_rule(demo_meta):
    chosen = select_quotes(demo_meta.citaten, list(dict.fromkeys(demo_meta.citaten["code"])))
    assert not chosen.duplicated(["respondent", "tekst"]).any()
    assert chosen["respondent"].value_counts().max() <= 2
    assert (chosen.groupby("code").size() <= 2).all()
    assert chosen["gemeente"].nunique() == demo_meta.citaten["gemeente"].nunique()
