"""The sections every report shares, whatever methods it holds: the title page with the table
of contents and summary, and the researchers' own conclusions and recommendations."""

from __future__ import annotations

from ...methods import Section, lazy

TITEL = Section("titel", add=lazy(f"{__name__}.titel", "add"), plaats="voor")
CONCLUSIES = Section("conclusies", add=lazy(f"{__name__}.conclusies", "add"), plaats="slot")
