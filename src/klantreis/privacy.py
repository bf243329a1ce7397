"""Privacy rules (AVG) in one place: small-group suppression, consent, redaction of free text.

- Groups smaller than the study's minimum get no numbers: the cell reads "n<5".
- Quotes appear only for residents who consented (`toestemming.citaten: true`).
- Every free text passes `redact` before it reaches an output: e-mail addresses, phone
  numbers, BSN-like numbers, IBANs, postcodes, house addresses and the study's own list of
  words (`privacy.te_verwijderen`, e.g. names of staff or streets) become "[verwijderd]".
"""

from __future__ import annotations

import re

import pandas as pd

REDACTED = "[verwijderd]"

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),                       # e-mail
    re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(\s?\d{2,4}){2,5}\b"),        # IBAN
    re.compile(r"(\+31|0031|\b0)[\s-]?[1-9](?:[\s-]?\d){7,8}\b"),        # phone number
    re.compile(r"\b\d{3}[\s.]?\d{2}[\s.]?\d{3}[\s.]?\d\b|\b\d{9}\b"),   # BSN-like
    re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b"),               # postcode
    re.compile(r"\b[A-Z][a-z]+(?:straat|weg|laan|plein|gracht|kade|singel|dijk|pad|hof|dreef)"
               r"\s+\d+[a-zA-Z]?\b"),                                   # street + number
]


def suppressed(min_group: int) -> str:
    return f"n<{min_group}"


def redact(text: str, extra_terms: list[str] | tuple[str, ...] = ()) -> str:
    """Replace personal details in free text by "[verwijderd]"."""
    if not text:
        return text
    out = text
    for term in sorted((t for t in extra_terms if t.strip()), key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(term.strip())}(?!\w)", REDACTED, out, flags=re.IGNORECASE)
    for pattern in _PATTERNS:
        out = pattern.sub(REDACTED, out)
    # Control characters never reach a report.
    return "".join(ch for ch in out if ch.isprintable() or ch in "\n\t")


def consented_quotes(quotes: pd.DataFrame, extra_terms: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Only quotes of residents who consented, with their text redacted."""
    kept = quotes[quotes["toestemming_citaten"].astype(bool)].copy()
    kept["tekst"] = kept["tekst"].map(lambda t: redact(t, extra_terms))
    return kept.reset_index(drop=True)


def suppress_small_groups(table: pd.DataFrame, n_column: str, value_columns: list[str],
                          min_group: int) -> pd.DataFrame:
    """Blank the numbers of every row whose group is below `min_group`; mark it in `onderdrukt`.

    The n itself is replaced by the text "n<5" (never the exact small count).
    """
    out = table.copy()
    small = out[n_column] < min_group
    out["onderdrukt"] = small
    out[n_column] = out[n_column].astype(object)
    out.loc[small, n_column] = suppressed(min_group)
    for column in value_columns:
        out[column] = out[column].astype(object)
        out.loc[small, column] = None
    return out
