"""The schaduwreis as a picture: the journey map."""

from __future__ import annotations

import pandas as pd

from ..figures import LANDSCAPE_WIDTH_IN, PALETTE, SERIES, new_axes, wrap


def journey_map(steps: pd.DataFrame, ax=None, title: str | None = None):
    """The schaduwreis as a map: steps left to right, one lane per actor, phases as bands,
    sleutelmomenten with a thick dark border and a star.

    `steps` is `schaduwreis.steps_table(reis)`.
    """
    from matplotlib.patches import FancyBboxPatch

    actors = list(dict.fromkeys(steps["actor"]))
    n = len(steps)
    if ax is None:
        ax = new_axes(LANDSCAPE_WIDTH_IN, 1.1 + 0.72 * len(actors))  # printed size: a landscape page
    lane = {a: len(actors) - 1 - i for i, a in enumerate(actors)}
    for i, actor in enumerate(actors):
        y = lane[actor]
        ax.axhspan(y - 0.5, y + 0.5, color="#F4F4F4" if i % 2 == 0 else "white", zorder=0)
    phases = steps.groupby("fase_nr", sort=True).agg(fase=("fase", "first"), start=("volgorde", "min"),
                                                      eind=("volgorde", "max"))
    top = len(actors) - 0.5
    for nr, row in phases.iterrows():
        color = SERIES[(nr - 1) % len(SERIES)]
        ax.add_patch(FancyBboxPatch((row.start - 0.45, top + 0.1), row.eind - row.start + 0.9, 0.45,
                                    boxstyle="round,pad=0.02", color=color, alpha=0.25, lw=0, zorder=1))
        ax.text((row.start + row.eind) / 2, top + 0.33, wrap(row.fase, 22), ha="center", va="center",
                fontsize=8, fontweight="bold")
    xs, ys = steps["volgorde"].tolist(), [lane[a] for a in steps["actor"]]
    ax.plot(xs, ys, color="#777777", lw=1.2, zorder=2)
    for x, y, name, key in zip(xs, ys, steps["stap_naam"], steps["sleutelmoment"]):
        ax.add_patch(FancyBboxPatch((x - 0.44, y - 0.36), 0.88, 0.72, boxstyle="round,pad=0.02",
                                    facecolor="#FFF3CC" if key else "white",
                                    edgecolor="#000000" if key else "#777777",
                                    lw=2.4 if key else 0.8, zorder=3))
        ax.text(x, y, wrap(name, 11), ha="center", va="center", fontsize=8, zorder=4)
        if key:
            ax.plot(x + 0.36, y + 0.3, marker="*", markersize=10, color=PALETTE["vermiljoen"],
                    markeredgecolor="black", zorder=5)
    ax.set_xlim(0.4, n + 0.6)
    ax.set_ylim(-0.6, top + 0.7)
    ax.set_yticks([lane[a] for a in actors], [wrap(a, 18) for a in actors])
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_xlabel("Stap in de ontworpen volgorde   (★ en dikke rand = sleutelmoment)")
    ax.tick_params(axis="y", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left")
    return ax

