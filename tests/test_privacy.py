"""Privacy rules: redaction of free text and suppression of small groups."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from klantreis.report.numbers import n_labels
from klantreis.privacy import consented_quotes, redact, suppress_small_groups


@pytest.mark.parametrize("text, secret", [
    ("Bel me op 06-12345678 als er nieuws is", "06-12345678"),
    ("Mijn nummer is +31 6 1234 5678.", "1234 5678"),
    ("Mail naar a.jansen@example.nl graag", "a.jansen@example.nl"),
    ("Ik woon op 1234 AB in het dorp", "1234 AB"),
    ("Mijn BSN is 123456782 zei ik", "123456782"),
    ("Rekening NL91 ABNA 0417 1643 00 stond erop", "0417 1643"),
    ("Ik woon aan de Kerkstraat 12 hier", "Kerkstraat 12"),
])
def test_personal_details_are_redacted(text, secret):
    out = redact(text)
    assert secret.lower() not in out.lower()
    assert re.search(r"\[(telefoonnummer|e-mail|postcode|bsn|iban|adres)\]", out), out


def test_names_from_the_study_list_are_redacted_as_whole_words_case_insensitive():
    out = redact("marloes zei dat Marloesje en MARLOES het wisten", ["Marloes"])
    assert out == "[naam] zei dat Marloesje en [naam] het wisten"


def test_ordinary_text_and_small_numbers_stay():
    text = "Ik moest 3 keer bellen en wachtte 12 weken op een gesprek in 2026."
    assert redact(text) == text


def test_control_characters_never_reach_an_output():
    assert redact("a\x00b\x1bc\nd") == "abc\nd"


def test_quotes_without_consent_are_dropped():
    quotes = pd.DataFrame({"respondent": ["R1", "R2"], "tekst": ["ja 06-12345678", "nee"],
                           "toestemming_citaten": [True, False]})
    kept = consented_quotes(quotes)
    assert list(kept["respondent"]) == ["R1"]
    assert "06-12345678" not in kept["tekst"].iloc[0].lower()


def test_small_groups_lose_their_numbers_and_their_exact_n():
    table = pd.DataFrame({"groep": ["A", "B"], "n": [4, 5], "gemiddelde": [1.0, 2.0]})
    out = suppress_small_groups(table, "n", ["gemiddelde"], 5)
    assert out.loc[0, "onderdrukt"] and pd.isna(out.loc[0, "n"]) and pd.isna(out.loc[0, "gemiddelde"])
    assert not out.loc[1, "onderdrukt"] and out.loc[1, "n"] == 5 and out.loc[1, "gemiddelde"] == 2.0
    # Numbers stay numbers: the exact small count is gone, the column is still numeric.
    assert pd.api.types.is_integer_dtype(out["n"]) and 4 not in set(out["n"].dropna())
    assert n_labels(out, "n", 5) == ["n<5", "5"]


def test_the_total_minus_the_shown_groups_never_reveals_a_small_group():
    table = pd.DataFrame({"stap": ["a"] * 3 + ["b"] * 3, "groep": ["L", "B", "H"] * 2,
                          "n": [7, 6, 3, 7, 6, 6], "gemiddelde": [1.0, 2.0, 3.0, 1.0, 2.0, 3.0]})
    out = suppress_small_groups(table, "n", ["gemiddelde"], 5, siblings=["stap"])
    a = out[out["stap"] == "a"].set_index("groep")
    assert a.loc["H", "onderdrukt"] and not a.loc["H", "afgeschermd"]
    assert a.loc["B", "onderdrukt"] and a.loc["B", "afgeschermd"] and a.loc["L", "n"] == 7
    assert pd.isna(a.loc["B", "gemiddelde"]) and pd.isna(a.loc["B", "n"]) and pd.isna(a.loc["H", "n"])
    assert dict(zip(a.index, n_labels(a, "n", 5))) == {"L": "7", "B": "afgeschermd", "H": "n<5"}
    b = out[out["stap"] == "b"]
    assert not b["onderdrukt"].any(), "no small group in step b: nothing hidden"


def test_hidden_municipalities_together_reach_the_minimum_in_the_demo(demo, demo_meta):
    """Per step, the municipalities without numbers together hold 0 or at least `min_group`
    scored residents, so 'all municipalities' minus the shown ones reveals no small group."""
    totals = demo_meta.stappen_totaal.set_index("stap")["onderdrukt"]
    for step in demo.schaduwreis.step_ids:
        if totals[step]:
            continue  # no total published for this step: nothing to subtract from
        rows = demo_meta.stappen_per_gemeente[demo_meta.stappen_per_gemeente["stap"] == step]
        hidden = set(rows.loc[rows["onderdrukt"], "groep"])
        hidden_n = sum(1 for iv in demo.interviews if iv.gemeente in hidden
                       for sv in iv.stappen if sv.stap == step and sv.score is not None)
        assert hidden_n == 0 or hidden_n >= demo.min_group, step


def test_a_municipality_where_nobody_scored_a_step_is_a_small_group_too():
    """Kleindorp scored step a by nobody (n=0): were Grootstad and Middeldorp shown, the total minus
    both would reveal that 0, so the smaller of the two is hidden as well."""
    table = pd.DataFrame({"stap": ["a"] * 3, "groep": ["G", "M", "K"], "n": [12, 6, 0], "gemiddelde": [1.0, 2.0, None]})
    out = suppress_small_groups(table, "n", ["gemiddelde"], 5, siblings=["stap"]).set_index("groep")
    assert out.loc["K", "onderdrukt"] and out.loc["M", "afgeschermd"] and out.loc["G", "n"] == 12


def test_small_counts_of_residents_are_hidden_and_a_row_total_reveals_none():
    from klantreis.privacy import suppress_small_counts

    counts = pd.DataFrame({"stap": ["a"] * 4 + ["b"] * 4, "soort": ["ja", "anders", "nee", "?"] * 2,
                           "aantal": [13, 0, 3, 0, 9, 6, 0, 0]})
    out = suppress_small_counts(counts, "aantal", 5, siblings=["stap"])
    a = out[out["stap"] == "a"].set_index("soort")
    assert a.loc["nee", "onderdrukt"] and a.loc["ja", "afgeschermd"], "3 hidden; 16 − 0 − 0 would give it back"
    assert a.loc["anders", "aantal"] == 0 and not a.loc["anders", "onderdrukt"], "a 0 says nothing about anyone"
    assert not out.loc[out["stap"] == "b", "onderdrukt"].any()
    assert pd.api.types.is_integer_dtype(out["aantal"])
