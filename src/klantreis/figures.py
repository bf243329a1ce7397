"""Figures: one function per picture, tidy tables in, a matplotlib Axes out.

Colours are the Okabe–Ito palette (safe for colour blindness); every distinction also has a
marker, line style or hatch so a grayscale print still reads. Nothing here reloads data.
"""

from __future__ import annotations

import pandas as pd

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blauw": "#0072B2", "oranje": "#E69F00", "groen": "#009E73", "geel": "#F0E442",
    "hemelsblauw": "#56B4E9", "vermiljoen": "#D55E00", "paars": "#CC79A7", "zwart": "#000000",
}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
GRID = "#DDDDDD"


def _pyplot():
    import sys

    import matplotlib

    if "ipykernel" not in sys.modules:  # notebooks keep their inline backend; elsewhere never a window
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 11, "axes.titleweight": "bold",
        "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100,
        "savefig.dpi": 200, "axes.edgecolor": "#555555",
    })
    return plt


def new_axes(width: float = 8.0, height: float = 4.0):
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _wrap(text: str, width: int = 16) -> str:
    """Wrap a label; words longer than a line are split with a hyphen (Dutch compounds)."""
    words = []
    for word in str(text).split():
        while len(word) > width:
            words.append(word[:width - 1] + "-")
            word = word[width - 1:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and not lines[-1].endswith("-") and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        elif lines and lines[-1].endswith("-") and len(lines[-1]) + len(word) <= width:
            lines[-1] += word
        else:
            lines.append(word)
    return "\n".join(lines) or str(text)


def journey_map(steps: pd.DataFrame, ax=None, title: str | None = None):
    """The schaduwreis as a map: steps left to right, one lane per actor, phases as bands,
    sleutelmomenten with a thick dark border and a star.

    `steps` is `schaduwreis.steps_table(reis)`.
    """
    from matplotlib.patches import FancyBboxPatch

    actors = list(dict.fromkeys(steps["actor"]))
    n = len(steps)
    if ax is None:
        ax = new_axes(max(8.0, 0.95 * n), 1.2 + 0.85 * len(actors))
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
        ax.text((row.start + row.eind) / 2, top + 0.33, _wrap(row.fase, 22), ha="center", va="center",
                fontsize=8, fontweight="bold")
    xs, ys = steps["volgorde"].tolist(), [lane[a] for a in steps["actor"]]
    ax.plot(xs, ys, color="#777777", lw=1.2, zorder=2)
    for x, y, name, key in zip(xs, ys, steps["stap_naam"], steps["sleutelmoment"]):
        ax.add_patch(FancyBboxPatch((x - 0.44, y - 0.36), 0.88, 0.72, boxstyle="round,pad=0.02",
                                    facecolor="#FFF3CC" if key else "white",
                                    edgecolor="#000000" if key else "#777777",
                                    lw=2.4 if key else 0.8, zorder=3))
        ax.text(x, y, _wrap(name, 13), ha="center", va="center", fontsize=7.5, zorder=4)
        if key:
            ax.plot(x + 0.36, y + 0.3, marker="*", markersize=10, color=PALETTE["vermiljoen"],
                    markeredgecolor="black", zorder=5)
    ax.set_xlim(0.4, n + 0.6)
    ax.set_ylim(-0.6, top + 0.7)
    ax.set_yticks([lane[a] for a in actors], [_wrap(a, 18) for a in actors])
    ax.set_xticks(xs, [str(x) for x in xs])
    ax.set_xlabel("Stap in de ontworpen volgorde   (★ en dikke rand = sleutelmoment)")
    ax.tick_params(axis="y", length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left")
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
        ax = new_axes(8.0, 5.0)
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
            ax.annotate(_wrap(row["naam"], 18), (row["ontwerp_volgorde"], float(row["score"])),
                        xytext=(0, -14 if row["score"] > lo else 10), textcoords="offset points",
                        ha="center", va="top", fontsize=6, color=PALETTE["vermiljoen"])
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
                     ax=None, title: str | None = None):
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
        ax.text(row["volgorde"], lo - 0.45, f"n={row['n']}" if not row["onderdrukt"] else str(row["n"]),
                ha="center", va="bottom", fontsize=7, color="#333333")
    ax.set_ylabel("Beleving")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    if title:
        ax.set_title(title, loc="left")
    return ax


def themes_heatmap(matrix: pd.DataFrame, code_labels: dict[str, str], step_names: dict[str, str],
                   ax=None, title: str | None = None):
    """Themes (rows) by steps (columns): number of residents, printed in every cell."""
    plt = _pyplot()
    if ax is None:
        ax = new_axes(9.5, max(3.0, 0.26 * matrix.shape[0] + 2.2))
    values = matrix.to_numpy()
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


# --- rendering many figures at once -------------------------------------------------------------

FIGURE_DPI = 150  # sharp in print at 16 cm wide; higher mostly costs PNG encoding time


def to_png(ax_or_fig) -> bytes:
    """Render a figure (or the figure of an Axes) to PNG bytes and close it."""
    import io

    plt = _pyplot()
    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": 4})
    plt.close(fig)
    return buffer.getvalue()


def render_png(plot: str, *args, **kwargs) -> bytes:
    """Draw `plot` (the name of a function in this module) and return the PNG bytes."""
    return to_png(globals()[plot](*args, **kwargs))


class FigurePool:
    """Draw figures in a second process while the caller builds the rest of a document.

    `submit("individual_curve", ...)` returns a future of PNG bytes. A report with many
    figures is built in about half the time on two cores. Where no second process can be
    started, figures are drawn in this process instead (same result, slower).
    """

    def __init__(self, workers: int = 1):
        self._executor = None
        try:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            if "fork" in mp.get_all_start_methods():
                self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"))
        except (OSError, ImportError):  # no process support here: draw in this process
            self._executor = None

    def submit(self, plot: str, *args, **kwargs):
        from concurrent.futures import Future

        if self._executor is not None:
            return self._executor.submit(render_png, plot, *args, **kwargs)
        done: Future = Future()
        done.set_result(render_png(plot, *args, **kwargs))
        return done

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=exc[0] is not None)
        return False
