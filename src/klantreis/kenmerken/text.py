"""The sentences of the zeven kenmerken: the rule of the traffic light in words (printed next to
every profile), what a source's verdict means, and the public B1 lines per kenmerk."""

from __future__ import annotations

LICHT_LABEL = {"groen": "groen", "oranje": "oranje", "rood": "rood", "grijs": "grijs"}
# A symbol and a word next to every colour, so the light never depends on colour alone.
LICHT_SYMBOOL = {"groen": "●", "oranje": "◐", "rood": "○", "grijs": "–"}
OORDEEL = {"+": "gaat goed", "-": "gaat niet goed", "0": "genoemd, zonder oordeel", None: "geen bewijs"}
OVEREENSTEMMING = {"convergent": "bronnen wijzen dezelfde kant op", "divergent": "bronnen spreken elkaar tegen",
                   "alleen": "maar één bron", "geen bewijs": "geen bron"}

_WHAT = {"bronnen": "bronnen met een oordeel", "positief": "bronnen met oordeel +",
         "negatief": "bronnen met oordeel −"}
_HOW = {"minstens": "minstens", "hoogstens": "hoogstens", "minder_dan": "minder dan"}


def condition_text(als: dict[str, int]) -> str:
    """'positief_minstens: 2, negatief_hoogstens: 0' → 'minstens 2 bronnen met oordeel + en
    hoogstens 0 bronnen met oordeel −'."""
    if not als:
        return "in alle andere gevallen"
    parts = []
    for key, limit in als.items():
        what, _, how = key.partition("_")
        parts.append(f"{_HOW[how]} {limit} {_WHAT[what]}")
    return " en ".join(parts)


def rule_rows(regel) -> list[tuple[str, str]]:
    """The rule as (licht, wanneer) in the order it is applied."""
    return [(f"{LICHT_SYMBOOL[r.licht]} {r.licht}", condition_text(r.als)) for r in regel.lichten]


def rule_intro(regel) -> str:
    k, v = regel.drempels["klantreizen"], regel.drempels["verkenning"]
    from ..report.numbers import getal

    return ("Elke bewijsregel heeft een richting: + (gaat goed), − (gaat niet goed) of 0 (genoemd, zonder "
            "oordeel). Een regel zonder richting telt niet mee: een cijfer van een te kleine groep of een "
            "checklistantwoord ‘onbekend’. Per bron is het oordeel + als er meer plussen dan minnen zijn, − als er "
            "meer minnen dan plussen zijn, en anders 0. Een gemiddelde op de belevingscurve telt als + vanaf "
            f"{getal(k.positief_vanaf, sign=True)} en als − onder {getal(k.negatief_onder, sign=True)}; een score "
            f"in de verkenning (1 tot 5) als + vanaf {getal(v.positief_vanaf)} en als − onder "
            f"{getal(v.negatief_onder)}. Een verbeterpunt uit een werksessie telt als −. Daarna krijgt elk kenmerk "
            "het eerste licht uit de tabel waarvan de voorwaarden kloppen. De regel staat in "
            "instruments/kenmerken_regel.yaml; een studie kan een eigen versie in haar map instrumenten/ zetten.")


# Public (B1) lines: short sentences, no abbreviations, one per kenmerk.
PUBLIEK = {"groen": "gaat goed", "rood": "kan beter", "oranje": "kan beter", "grijs": "weten we nog niet"}


def publiek_line(label: str, licht: str) -> str:
    """One short sentence for the public version, e.g. 'Deskundige medewerkers: gaat goed.'"""
    return f"{label}: {PUBLIEK[licht]}."
