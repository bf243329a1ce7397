"""Privacy rules: redaction of free text and suppression of small groups."""

from __future__ import annotations

import pandas as pd
import pytest

from klantreis.privacy import REDACTED, consented_quotes, redact, suppress_small_groups


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
    assert secret not in out
    assert REDACTED in out


def test_names_from_the_study_list_are_redacted_as_whole_words_case_insensitive():
    out = redact("marloes zei dat Marloesje en MARLOES het wisten", ["Marloes"])
    assert out == f"{REDACTED} zei dat Marloesje en {REDACTED} het wisten"


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
    assert "06-12345678" not in kept["tekst"].iloc[0]


def test_small_groups_lose_their_numbers_and_their_exact_n():
    table = pd.DataFrame({"groep": ["A", "B"], "n": [4, 5], "gemiddelde": [1.0, 2.0]})
    out = suppress_small_groups(table, "n", ["gemiddelde"], 5)
    assert out.loc[0, "n"] == "n<5" and out.loc[0, "gemiddelde"] is None
    assert out.loc[1, "n"] == 5 and out.loc[1, "gemiddelde"] == 2.0
