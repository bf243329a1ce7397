"""Choosing and printing the methods' evidence (`methods.Bevinding`) in a chapter.

The methods deliver their evidence ready to print (redacted, with consent, small groups left
out). This module only selects and orders, with one rule stated in the report:

- numbers first ("cijfer"), then statements and quotes by weight, taking the methods in turn
  so no single method fills a list;
- a text appears once per chapter, however many perspectives or aspects it speaks to;
- at most `QUOTES_PER_PERSON` literal quotes of one person per chapter;
- at most `LIMIT` items per list; a cut list says how many were left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

LIMIT = 5
QUOTES_PER_PERSON = 2
RULE = (f"Per perspectief en aspect staan eerst de cijfers, daarna de uitspraken en citaten, om en om uit de "
        f"verschillende methoden en de zwaarst wegende eerst; hoogstens {LIMIT} per lijst. Een uitspraak staat "
        f"één keer in een hoofdstuk, en van één persoon staan hoogstens {QUOTES_PER_PERSON} citaten in een hoofdstuk.")
SOORT_ORDER = {"cijfer": 0, "uitspraak": 1, "citaat": 1, "verbeterpunt": 2}


@dataclass
class Chapter:
    """What one chapter has printed already: texts, and quotes per person."""

    texts: set = field(default_factory=set)
    quotes: Counter = field(default_factory=Counter)


def select(items: list, chapter: Chapter, limit: int = LIMIT) -> tuple[list, int]:
    """The items to print, in order, and how many fitting items were left out by the limit."""
    ordered = _interleave(sorted(items, key=lambda b: (SOORT_ORDER[b.soort], -b.gewicht, b.methode, b.tekst)))
    chosen, left = [], 0
    for b in ordered:
        key = " ".join(b.tekst.split()).casefold()
        if key in chapter.texts:
            continue
        if b.soort == "citaat" and b.respondent and chapter.quotes[b.respondent] >= QUOTES_PER_PERSON:
            continue
        if len(chosen) >= limit:
            left += 1
            continue
        chosen.append(b)
        chapter.texts.add(key)
        if b.soort == "citaat" and b.respondent:
            chapter.quotes[b.respondent] += 1
    return chosen, left


def _interleave(items: list) -> list:
    """Numbers first; within the rest, one item of each method in turn (each method's own order kept)."""
    numbers = [b for b in items if b.soort == "cijfer"]
    rest = [b for b in items if b.soort != "cijfer"]
    per_method: dict[str, list] = {}
    for b in rest:
        per_method.setdefault(b.methode, []).append(b)
    turns = []
    while any(per_method.values()):
        for queue in per_method.values():
            if queue:
                turns.append(queue.pop(0))
    return numbers + turns


def write(report, items: list, left: int, titles: dict[str, str]) -> None:
    """Print selected evidence: quotes as quotes, the rest as a bulleted list with its source."""
    bullets = []

    def flush():
        if bullets:
            report.bullets(list(bullets))
            bullets.clear()

    for b in items:
        if b.soort == "citaat":
            flush()
            report.quote(b.tekst, b.bron)
        else:
            bullets.append(f"{b.tekst} ({b.bron})")
    flush()
    if left:
        report.paragraph(f"Nog {left} {'bevinding' if left == 1 else 'bevindingen'} uit het onderzoek "
                         "vallen buiten deze selectie (zie de paragrafen per methode).", style="Caption")


def method_titles() -> dict[str, str]:
    from ..methods import methods

    return {m.name: m.title for m in methods()}
