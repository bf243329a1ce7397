"""Pictures of the individual klantreizen and the meta-analysis: belevingscurves, themes,
values."""

from __future__ import annotations

import pandas as pd

from ..figures import GRID, PALETTE, new_axes, pyplot, wrap
from ..report.numbers import n_label


def _curve_axes(designed: pd.DataFrame, width: float = 8.0, height: float = 5.0):
    """Axes for a belevingscurve with margins computed from the label lengths.

    Constrained layout would measure every label again for each of the many individual curves
    in a report; their labels are all the same, so the margins are computed once, here.
    """
    import math

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(width, height))
    longest = max((len(f"{n}. {name} ★") for n, name in zip(designed["volgorde"], designed["stap_naam"])),
                  default=10)
    label_height = longest * 0.062 * math.sin(math.radians(35)) + 0.25  # inches, 8 pt text at 35°
    fig.subplots_adjust(left=1.45 / width, right=1 - 1.75 / width, top=1 - 0.35 / height,
                        bottom=min(0.6, (label_height + 0.15) / height))
    return ax



def _curve_frame(ax, designed: pd.DataFrame, lo: int, hi: int, labels: dict[int, str]):
    """Axes for a belevingscurve: designed steps on x, the curve scale on y."""
    ax.axhspan(lo - 0.5, 0, color="#F9E0D6", alpha=0.5, zorder=0)
    ax.axhspan(0, hi + 0.5, color="#DDEFE8", alpha=0.5, zorder=0)
    ax.axhline(0, color="#555555", lw=0.8, ls="--", zorder=1)
    ax.set_ylim(lo - 0.6, hi + 0.6)
    ax.set_yticks(range(lo, hi + 1), [f"{p:+d} {labels.get(p, '')}".strip() if p else f"0 {labels.get(0, '')}".strip()
                                     for p in range(lo, hi + 1)])
    ticks = designed["volgorde"].tolist()
    names = [f"{nr}. {name}" + (" ★" if key else "")
             for nr, name, key in zip(ticks, designed["stap_naam"], designed["sleutelmoment"])]
    ax.set_xticks(ticks, names, rotation=35, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_xlim(0.3, len(ticks) + 0.7)
    ax.grid(axis="y", color=GRID, lw=0.5)


def individual_curve(path: pd.DataFrame, designed: pd.DataFrame, lo: int, hi: int,
                     labels: dict[int, str] | None = None, ax=None, title: str | None = None):
    """One resident's belevingscurve: the path as experienced (designed and extra steps, in
    the order lived) against the designed steps on the x axis. Skipped steps are marked ✕ on
    the axis line; extra steps and loops sit between the designed steps as open diamonds."""
    labels = labels or {}
    if ax is None:
        ax = _curve_axes(designed)
    _curve_frame(ax, designed, lo, hi, labels)
    lived = path.sort_values("positie")
    scored = lived.dropna(subset=["score"])
    ax.plot(scored["ontwerp_volgorde"], scored["score"].astype(float), color=PALETTE["blauw"], lw=2,
            marker="o", zorder=3, label="Ervaren pad")
    extra = scored[scored["soort"].isin(["extra", "lus"])]
    if len(extra):
        ax.scatter(extra["ontwerp_volgorde"], extra["score"].astype(float), marker="D", s=70,
                   facecolor="white", edgecolor=PALETTE["vermiljoen"], lw=2, zorder=4,
                   label="Extra stap of lus")
        for _, row in extra.iterrows():
            below = row["score"] > lo
            ax.annotate(wrap(row["naam"], 18), (row["ontwerp_volgorde"], float(row["score"])),
                        xytext=(0, -9 if below else 9), textcoords="offset points", ha="center",
                        va="top" if below else "bottom", fontsize=6.5, color=PALETTE["vermiljoen"],
                        bbox={"facecolor": "white", "alpha": 0.85, "lw": 0, "pad": 1}, zorder=5)
    done = set(lived["stap"].dropna())
    skipped = designed[~designed["stap"].isin(done)]
    if len(skipped):
        ax.scatter(skipped["volgorde"], [0] * len(skipped), marker="X", s=70, color=PALETTE["zwart"],
                   zorder=4, label="Niet doorlopen")
    ax.set_ylabel("Beleving")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return ax


def aggregated_curve(stats: pd.DataFrame, lo: int, hi: int, labels: dict[int, str] | None = None,
                     ax=None, title: str | None = None, min_group: int = 5):
    """The belevingscurve across residents: mean per step, the interquartile band, and n
    under every step. Suppressed steps (n below the minimum) show "n<5" and no point."""
    labels = labels or {}
    if ax is None:
        ax = new_axes(8.0, 5.0)
    _curve_frame(ax, stats, lo, hi, labels)
    shown = stats[~stats["onderdrukt"]]
    x = shown["volgorde"].astype(float)
    ax.fill_between(x, shown["q1"].astype(float), shown["q3"].astype(float), color=PALETTE["hemelsblauw"],
                    alpha=0.35, lw=0, label="Middelste helft (25–75%)", zorder=2)
    ax.plot(x, shown["gemiddelde"].astype(float), color=PALETTE["blauw"], lw=2, marker="o", zorder=3,
            label="Gemiddelde")
    ax.plot(x, shown["mediaan"].astype(float), color=PALETTE["zwart"], lw=1, ls=":", marker="s",
            markersize=3, zorder=3, label="Mediaan")
    for _, row in stats.iterrows():
        ax.text(row["volgorde"], lo - 0.45, n_label(row["n"], row["onderdrukt"], row.get("afgeschermd", False),
                                                    min_group) if row["onderdrukt"] else f"n={row['n']}",
                ha="center", va="bottom", fontsize=7, color="#333333")
    ax.set_ylabel("Beleving")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return ax


def themes_heatmap(matrix: pd.DataFrame, code_labels: dict[str, str], step_names: dict[str, str],
                   ax=None, title: str | None = None, min_group: int = 1):
    """Themes (rows) by steps (columns): number of residents, printed in every cell. A cell with
    1 to `min_group` − 1 residents shows "<5" and no colour (it would point at a few residents)."""
    plt = pyplot()
    if ax is None:
        ax = new_axes(9.5, max(3.0, 0.26 * matrix.shape[0] + 2.2))
    small = (matrix > 0) & (matrix < min_group)
    for (i, j) in zip(*small.to_numpy().nonzero()):
        ax.text(j, i, f"<{min_group}", ha="center", va="center", fontsize=6.5, color="#555555")
    values = matrix.where(~small, 0).to_numpy()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, values.max()))
    ax.set_xticks(range(matrix.shape[1]), [step_names.get(c, c) for c in matrix.columns],
                  fontsize=7.5, rotation=35, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(matrix.shape[0]), [f"{code_labels.get(c, c)} ({c})"[:52] for c in matrix.index],
                  fontsize=7.5)
    threshold = values.max() / 2 if values.size else 0
    for (i, j), v in pd.DataFrame(values).stack().items():
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=7.5,
                    color="white" if v > threshold else "black")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    plt.colorbar(image, ax=ax, label="Aantal inwoners", shrink=0.8)
    if title:
        ax.set_title(title, loc="left")
    return ax


def values_bars(ranking: pd.DataFrame, ax=None, title: str | None = None):
    """Horizontal bars: how many residents chose each value (one group)."""
    shown = ranking[~ranking["onderdrukt"]].sort_values("aantal")
    if ax is None:
        ax = new_axes(7.0, max(2.5, 0.35 * len(shown) + 1))
    ax.barh(shown["label"], shown["aantal"].astype(int), color=PALETTE["groen"], edgecolor="black",
            hatch="//", lw=0.5)
    for y, v in enumerate(shown["aantal"].astype(int)):
        ax.text(v + 0.1, y, str(v), va="center", fontsize=7)
    ax.set_xlabel("Aantal inwoners dat deze waarde koos")
    if title:
        ax.set_title(title, loc="left")
    return ax
