"""Figures of the zeven kenmerken: the profile of one municipality (kenmerken × sources, with the
light) and the comparison of the municipalities (kenmerken × gemeenten). Every cell carries a
symbol or word as well as a colour (Okabe–Ito), so the figure reads in grayscale and for
colour-blind readers. Tidy tables in, an Axes out."""

from __future__ import annotations

import pandas as pd

from ..figures import PALETTE, PRINT_WIDTH_IN, new_axes, wrap
from .text import LICHT_SYMBOOL

LICHT_KLEUR = {"groen": PALETTE["groen"], "oranje": PALETTE["oranje"], "rood": PALETTE["vermiljoen"],
               "grijs": "#BBBBBB"}
OORDEEL_KLEUR = {"+": "#A6D8C8", "-": "#F2BFA0", "0": "#E6E6E6", None: "#FFFFFF"}
OORDEEL_TEKST = {"+": "+", "-": "−", "0": "0", None: "·"}
# Column heads broken by hand (a figure cannot hyphenate).
KOP = {"klantreizen": "klant-\nreizen", "verkenning": "verken-\nning", "stakeholders": "stake-\nholders",
       "effectenarena": "effecten-\narena", "gezamenlijke reis": "gezamen-\nlijke\nreis", "checklist": "check-\nlist"}


def _grid(ax, cells: list[list[tuple[str, str]]], rows: list[str], columns: list[str]):
    """Draw a table of coloured cells with a text in each: cells[row][column] = (colour, text)."""
    from matplotlib.patches import Rectangle

    for i, row in enumerate(cells):
        for j, (colour, text) in enumerate(row):
            ax.add_patch(Rectangle((j, i), 0.96, 0.92, facecolor=colour, edgecolor="#555555", linewidth=0.6))
            dark = colour in (LICHT_KLEUR["groen"], LICHT_KLEUR["rood"])
            ax.text(j + 0.48, i + 0.46, text, ha="center", va="center", fontsize=9,
                    color="white" if dark else "black", fontweight="bold")
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks([j + 0.48 for j in range(len(columns))], [KOP.get(c, wrap(c, 13)) for c in columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.46 for i in range(len(rows))], rows)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    return ax


def _row_label(code: str, labels: dict[str, str]) -> str:
    return f"{code} {wrap(labels.get(code, code), 18)}"


def profile_plot(profile: pd.DataFrame, sources: list[str], labels: dict[str, str], ax=None):
    """One municipality: per kenmerk (row) each source's verdict (+ − 0, · no evidence) and, in the
    last column, the light as colour, symbol and word."""
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, 0.62 * len(profile) + 1.3)  # printed at full size: letters stay 9 pt
    cells = []
    for r in profile.to_dict("records"):
        row = [(OORDEEL_KLEUR[_v(r[s])], OORDEEL_TEKST[_v(r[s])]) for s in sources]
        row.append((LICHT_KLEUR[r["licht"]], f"{LICHT_SYMBOOL[r['licht']]} {r['licht']}"))
        cells.append(row)
    rows = [_row_label(k, labels) for k in profile["kenmerk"]]
    return _grid(ax, cells, rows, [*sources, "licht"])


def comparison_plot(profiles: pd.DataFrame, gemeenten: list[str], labels: dict[str, str], ax=None):
    """The lights of every municipality side by side (kenmerken × gemeenten)."""
    kenmerken = list(dict.fromkeys(profiles["kenmerk"]))
    if ax is None:
        ax = new_axes(min(PRINT_WIDTH_IN, max(5.5, 2.0 + 1.6 * len(gemeenten))), 0.5 * len(kenmerken) + 0.9)
    light = profiles.set_index(["kenmerk", "gemeente"])["licht"]
    cells = [[(LICHT_KLEUR[light[(k, g)]], f"{LICHT_SYMBOOL[light[(k, g)]]} {light[(k, g)]}") for g in gemeenten]
             for k in kenmerken]
    return _grid(ax, cells, [_row_label(k, labels) for k in kenmerken], gemeenten)


def _v(value):
    return value if value in ("+", "-", "0") else None
