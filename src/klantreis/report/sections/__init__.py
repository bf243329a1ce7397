"""The sections every report shares, whatever methods it holds: the chapters of the Movisie
structure. Each chapter places the registered methods' sections by their `plaats`:

- `TITEL`: title page, colofon, table of contents, samenvatting;
- `INLEIDING`: aanleiding, onderzoeksvragen, onderzoeksopzet ("methode" sections), theoretical
  frame ("kader" sections), leeswijzer;
- `GEMEENTEN`: one chapter per municipality ("gemeente_begin" sections, the four perspectives
  with every method's `bevindingen`, "gemeente" sections, conclusions);
- `VERGELIJKING`: the municipalities side by side ("vergelijking" sections, reflection);
- `VRAAGSTELLING`: per research question and municipality the researchers' answer and the evidence;
- `BRONNEN`, `BIJLAGEN` (documents studied, people involved), `STATISTIEK` ("statistiek" sections),
  `AFKORTINGEN` (the abbreviations used, explained).
"""

from __future__ import annotations

from ...methods import Section, lazy

TITEL = Section("titel", add=lazy(f"{__name__}.titel", "add"), plaats="voor")
INLEIDING = Section("inleiding", add=lazy(f"{__name__}.inleiding", "add"), plaats="voor")
GEMEENTEN = Section("gemeenten", add=lazy(f"{__name__}.gemeente", "add"), plaats="hoofdstuk")
VERGELIJKING = Section("vergelijking", add=lazy(f"{__name__}.vergelijking", "add"), plaats="hoofdstuk")
VRAAGSTELLING = Section("vraagstelling", add=lazy(f"{__name__}.vraagstelling", "add"), plaats="slot")
BRONNEN = Section("bronnen", add=lazy(f"{__name__}.bronnen", "add_sources"), plaats="slot")
BIJLAGEN = Section("bijlagen", add=lazy(f"{__name__}.bronnen", "add_appendices"), plaats="bijlage")
from .coreq import COREQ_BIJLAGE, COREQ_METHODE  # noqa: E402, F401  (the COREQ paragraph and checklist)

STATISTIEK = Section("statistiek", add=lazy(f"{__name__}.vergelijking", "add_statistics"), plaats="bijlage")
# The abbreviations the report uses, explained (instruments/afkortingen.yaml); last, so it sees them all.
AFKORTINGEN = Section("afkortingen", add=lazy("klantreis.report.afkortingen", "add_appendix"), plaats="bijlage")
