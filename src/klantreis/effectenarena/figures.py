"""The effectenarena as pictures: the arena per household, the factors by perspective and
priority, and the impact × haalbaarheid matrix. One function per picture, tidy tables in
(`analyse.tables`, `analyse.rank_factors`, `analyse.quadrants`), a matplotlib Axes out.

Text is at least 8 pt when the figure is printed at the width it is drawn for (`width`, in
inches); colours come from the kit's Okabe–Ito palette and every distinction also has a hatch,
a marker or a position, so a grayscale print still reads.
"""

from __future__ import annotations

import pandas as pd

from ..figures import GRID, MARKERS, PALETTE, SERIES, new_axes, wrap
from .model import KINDS, PERSPECTIEVEN

FONT = 8.5
ARENA_FONT = 9.0  # the report prints the arena at 22 of its 24.6 cm
COLUMNS = ["investeerders", "aanpak", "effecten", "incasseerders"]
HEADINGS = {"investeerders": "Investeerders\n(wie zet iets in?)", "aanpak": "Aanpak\n(wat gebeurt er?)",
            "effecten": "Effecten\n(wat levert het op?)", "incasseerders": "Incasseerders\n(wie heeft er baat bij?)"}
COLOURS = {"investeerders": PALETTE["blauw"], "aanpak": PALETTE["groen"], "effecten": PALETTE["oranje"],
           "incasseerders": PALETTE["paars"]}
PERSPECTIVE_COLOURS = dict(zip(PERSPECTIEVEN, [SERIES[0], SERIES[1], SERIES[2], SERIES[3]]))
PERSPECTIVE_MARKERS = dict(zip(PERSPECTIEVEN, MARKERS))
HATCH = {"belemmerend": "///", "bevorderend": ""}


def arena(cards: pd.DataFrame, links: pd.DataFrame, ax=None, title: str | None = None, width: float = 9.7,
          rows: int | None = None):
    """The arena of one household: investeerders left and incasseerders right, outside the
    arena; the approach (activities) and the effects inside it; arrows for the links the room
    drew. Effects for society have a hatched card and "(samenleving)".

    `cards` and `links` are the rows of one session and household of `analyse.tables(...)`
    ("kaarten", "verbindingen"). With no cards it draws the empty board of the arena sheet,
    with room for `rows` cards per column.
    """
    from matplotlib.patches import FancyBboxPatch

    per_column = {kind: cards[cards["soort"] == kind].reset_index(drop=True) for kind in COLUMNS}
    n_rows = max([len(v) for v in per_column.values()] + [rows or 0, 1])
    card_w, card_h, step = 2.3, 0.74, 0.9
    if ax is None:
        ax = new_axes(width, 1.1 + 0.9 * n_rows)
    xs = {kind: i * 3.0 for i, kind in enumerate(COLUMNS)}
    top = n_rows * step
    # The arena itself: the two middle columns.
    ax.add_patch(FancyBboxPatch((xs["aanpak"] - 1.35, -0.65), xs["effecten"] - xs["aanpak"] + 2.7, top + 1.3,
                                boxstyle="round,pad=0.05,rounding_size=0.4", facecolor="#F2F2F2",
                                edgecolor="#555555", lw=1.2, zorder=0))
    ax.text((xs["aanpak"] + xs["effecten"]) / 2, -0.5, "DE ARENA", ha="center", va="bottom", fontsize=ARENA_FONT,
            color="#555555", fontweight="bold")
    centres = {}
    for kind in COLUMNS:
        ax.text(xs[kind], top + 0.45, HEADINGS[kind], ha="center", va="center", fontsize=ARENA_FONT + 1,
                fontweight="bold", color="#000000")
        part = per_column[kind]
        for i, card in part.iterrows():
            y = top - 0.55 - i * step
            society = kind == "effecten" and card.get("voor") == "samenleving"
            ax.add_patch(FancyBboxPatch((xs[kind] - card_w / 2, y - card_h / 2), card_w, card_h,
                                        boxstyle="round,pad=0.03", facecolor="white", edgecolor=COLOURS[kind],
                                        lw=1.6, hatch="...." if society else None, zorder=2))
            label = f"{card['kaart']}  {card['tekst']}" + (" (samenleving)" if society else "")
            ax.text(xs[kind], y, wrap(label, 23), ha="center", va="center", fontsize=ARENA_FONT, zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5} if society else None)
            centres[card["kaart"]] = (xs[kind], y)
        for i in range(len(part), rows or 0):  # empty places for sticky notes on the arena sheet
            y = top - 0.55 - i * step
            ax.add_patch(FancyBboxPatch((xs[kind] - card_w / 2, y - card_h / 2), card_w, card_h,
                                        boxstyle="round,pad=0.03", facecolor="white", edgecolor=COLOURS[kind],
                                        lw=1.2, ls="--", zorder=2))
    for link in links.itertuples():
        if link.van not in centres or link.naar not in centres:
            continue
        (x0, y0), (x1, y1) = centres[link.van], centres[link.naar]
        if x0 == x1:  # within one column: a curve along the right edge
            start, end, style = (x0 + card_w / 2, y0), (x1 + card_w / 2, y1), "arc3,rad=-0.5"
        else:
            sign = 1 if x1 > x0 else -1
            start, end, style = (x0 + sign * card_w / 2, y0), (x1 - sign * card_w / 2, y1), "arc3,rad=0"
        ax.annotate("", xy=end, xytext=start, zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "#444444", "lw": 1.0, "connectionstyle": style,
                                "shrinkA": 2, "shrinkB": 2})
    ax.set_xlim(-1.5, xs["incasseerders"] + 1.5)
    ax.set_ylim(-0.75, top + 0.95)
    ax.axis("off")
    if title:
        ax.set_title(title, loc="left", fontsize=FONT + 2.5)
    return ax


def factor_priority(ranking: pd.DataFrame, factors: pd.DataFrame, method: str, ax=None, title: str | None = None,
                    width: float = 6.3):
    """The factors of one session as horizontal bars, highest priority on top: colour and
    legend by perspective, hatched bars for hindering factors.

    `ranking` is the session's rows of `analyse.rank_factors`, `factors` of `tables()["factoren"]`.
    """
    from matplotlib.patches import Patch

    data = ranking.merge(factors[["factor", "tekst", "soort", "perspectief"]], on="factor", how="left")
    data = data.sort_values(["rang", "factor"], ascending=[False, False]).reset_index(drop=True)
    if ax is None:
        ax = new_axes(width, 1.0 + 0.42 * max(len(data), 1))
    ys = range(len(data))
    for y, r in zip(ys, data.itertuples()):
        ax.barh(y, r.prioriteit, color=PERSPECTIVE_COLOURS[r.perspectief], edgecolor="#222222", lw=0.6,
                hatch=HATCH[r.soort], height=0.7)
    ax.set_yticks(list(ys), [wrap(f"{f} {t}", 44) for f, t in zip(data["factor"], data["tekst"])], fontsize=FONT)
    ax.set_xlabel("Aantal stippen" if method == "stippen" else "Gemiddelde van impact × haalbaarheid (1–25)",
                  fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.grid(axis="x", color=GRID, lw=0.6)
    ax.set_axisbelow(True)
    handles = [Patch(facecolor=PERSPECTIVE_COLOURS[p], edgecolor="#222222", label=label)
               for p, label in PERSPECTIEVEN.items() if p in set(data["perspectief"])]
    handles += [Patch(facecolor="white", edgecolor="#222222", hatch=HATCH["belemmerend"], label="belemmerend"),
                Patch(facecolor="white", edgecolor="#222222", label="bevorderend")]
    ax.legend(handles=handles, fontsize=FONT, loc="lower right", frameon=True, title="Perspectief en soort",
              title_fontsize=FONT)
    if title:
        ax.set_title(title, loc="left")
    return ax


def impact_matrix(quadrants: pd.DataFrame, factors: pd.DataFrame, ax=None, title: str | None = None,
                  scale: tuple[int, int] = (1, 5), width: float = 6.3):
    """Impact (up) against haalbaarheid (right) per factor, the mean of the room, with the four
    quadrants; marker and colour by perspective, the factor's code beside its point.

    `quadrants` is the session's rows of `analyse.quadrants`."""
    data = quadrants.merge(factors[["factor", "perspectief"]], on="factor", how="left")
    if ax is None:
        ax = new_axes(width, width * 0.8)
    lo, hi = scale
    mid = (lo + hi) / 2
    ax.axhline(mid, color="#777777", lw=1, ls="--")
    ax.axvline(mid, color="#777777", lw=1, ls="--")
    corners = {"eerst doen": (hi - 0.05, hi - 0.05, "right", "top"),
               "lange adem": (lo + 0.05, hi - 0.05, "left", "top"),
               "makkelijk, weinig winst": (hi - 0.05, lo + 0.05, "right", "bottom"),
               "laten liggen": (lo + 0.05, lo + 0.05, "left", "bottom")}
    for name, (x, y, ha, va) in corners.items():
        ax.text(x, y, name.capitalize(), ha=ha, va=va, fontsize=FONT + 0.5, color="#555555", fontstyle="italic")
    for p, label in PERSPECTIEVEN.items():
        part = data[data["perspectief"] == p]
        if len(part):
            ax.scatter(part["haalbaarheid"], part["impact"], s=55, marker=PERSPECTIVE_MARKERS[p],
                       color=PERSPECTIVE_COLOURS[p], edgecolor="black", lw=0.6, label=label, zorder=3)
    placed: list[tuple[float, float]] = []
    for r in data.sort_values(["impact", "haalbaarheid"], ascending=False).itertuples():
        # Points close together (a common mean) get their labels stacked, with a thin line back.
        x, y = r.haalbaarheid + 0.08, r.impact + 0.06
        while any(abs(x - px) < 0.32 and abs(y - py) < 0.11 for px, py in placed):
            y -= 0.12
        placed.append((x, y))
        ax.annotate(r.factor, (r.haalbaarheid, r.impact), xytext=(x, y), textcoords="data", fontsize=FONT,
                    va="center", zorder=4, arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5,
                                                       "shrinkA": 0, "shrinkB": 4})
    ax.set_xlim(lo - 0.1, hi + 0.1)
    ax.set_ylim(lo - 0.1, hi + 0.1)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_yticks(range(lo, hi + 1))
    ax.tick_params(labelsize=FONT)
    ax.set_xlabel("Haalbaarheid (gemiddelde van de zaal, 1–5)", fontsize=FONT)
    ax.set_ylabel("Impact (gemiddelde van de zaal, 1–5)", fontsize=FONT)
    ax.legend(fontsize=FONT, title="Perspectief", title_fontsize=FONT, loc="center left", bbox_to_anchor=(1.01, 0.5))
    if title:
        ax.set_title(title, loc="left")
    return ax


def kinds_label(kind: str) -> str:
    return KINDS.get(kind, kind)
