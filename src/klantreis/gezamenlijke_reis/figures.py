"""Pictures of the gezamenlijke reis: the votes by role per improvement point.

Figures are drawn at the size they are printed (`WIDTH_IN`, the report's text width), so
8-point labels stay 8 points on paper.
"""

from __future__ import annotations

import pandas as pd

from ..figures import GRID, SERIES, new_axes, wrap
from .analyse import GROUP_ORDER
from .text import group_label

WIDTH_IN = 6.3  # 16 cm: the text width of the report's A4 page
HATCHES = ["", "//", "..", "xx"]
HIDDEN_COLOUR = "#999999"


def votes_by_role(rank: pd.DataFrame, roles: pd.DataFrame, min_group: int = 5, ax=None, title: str | None = None):
    """Horizontal bars, one per improvement point in ranked order, split by role group.

    `rank` is one session of `analyse.ranking`, `roles` the same session of
    `analyse.role_comparison`. Role groups without numbers (below `min_group`, or shielded)
    are drawn together as one grey part, so the picture shows no more than the tables."""
    rank = rank.sort_values(["rang", "code"]).reset_index(drop=True)
    if ax is None:
        ax = new_axes(WIDTH_IN, 0.9 + 0.42 * len(rank))
    shown = roles[~roles["onderdrukt"].astype(bool)]
    groups = [g for g in GROUP_ORDER if g in set(shown["rolgroep"])] + \
        sorted(set(shown["rolgroep"]) - set(GROUP_ORDER))
    y = range(len(rank))[::-1]  # first priority on top
    left = pd.Series(0.0, index=rank["code"])
    for i, group in enumerate(groups):
        part = shown[shown["rolgroep"] == group].set_index("code")["punten"].reindex(rank["code"]).fillna(0)
        part = part.astype(float)
        n = int(shown.loc[shown["rolgroep"] == group, "n"].iloc[0])
        ax.barh(list(y), part.to_numpy(), left=left.to_numpy(), color=SERIES[i % len(SERIES)],
                hatch=HATCHES[i % len(HATCHES)], edgecolor="white", lw=0.5, label=f"{group_label(group)} (n={n})")
        left += part.to_numpy()
    rest = rank.set_index("code")["punten"].astype(float) - left
    if (rest > 0).any():
        label = (f"Alle deelnemers (elke rolgroep kleiner dan {min_group})" if not groups
                 else f"Rolgroepen kleiner dan {min_group}, samen")
        ax.barh(list(y), rest.to_numpy(), left=left.to_numpy(), color=HIDDEN_COLOUR, edgecolor="white", lw=0.5,
                label=label)
    for yy, total in zip(y, rank["punten"]):
        ax.text(float(total) + 0.2, yy, str(int(total)), va="center", fontsize=8)
    ax.set_yticks(list(y), [wrap(f"{c} {t}", 46) for c, t in zip(rank["code"], rank["tekst"])], fontsize=8)
    ax.set_xlabel("Punten", fontsize=9)
    ax.set_xlim(0, max(1.0, float(rank["punten"].max())) * 1.1 + 0.5)
    ax.grid(axis="x", color=GRID, lw=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labelsize=8)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # points are whole numbers
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
