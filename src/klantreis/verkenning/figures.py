"""Pictures of the verkenning (self-scan): radar, diverging bars, perspective gap, rounds."""

from __future__ import annotations

import pandas as pd

from ..figures import GRID, LINESTYLES, MARKERS, PRINT_WIDTH_IN, SERIES, new_axes, pyplot, wrap
from ..report.numbers import getal, n_label

# Scale points 1..5 of the verkenning: red-orange for disagree, grey for neutral, blues for
# agree; hatches carry the same distinction in grayscale.
SCALE_COLOURS = ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"]
SCALE_HATCHES = ["xxx", "///", "", "\\\\\\", "..."]
DONT_KNOW_COLOUR = "#EEEEEE"


def _perspective_styles(perspectives) -> dict:
    """One colour, marker and line style per perspective, in the order given."""
    return {p: {"color": SERIES[i % len(SERIES)], "marker": MARKERS[i % len(MARKERS)],
                "linestyle": LINESTYLES[i % len(LINESTYLES)]} for i, p in enumerate(perspectives)}


def _point_label(code: str, name: str, width: int = 26) -> str:
    return wrap(f"{code}. {name}", width)


def radar(table: pd.DataFrame, perspective_labels: dict[str, str] | None = None, ax=None,
          title: str | None = None, scale: tuple[int, int] = (1, 5)):
    """The seven uitgangspunten as spokes; one line per perspective at its mean score.

    `table` is `verkenning.analyse.describe(scores, by=["perspectief"])` for one round (one
    gemeente or all): uitgangspunt, uitgangspunt_naam, perspectief, gemiddelde, onderdrukt.
    Suppressed cells get no point (the line has a gap); a perspective without any number is
    listed in the legend as "te weinig respondenten". Line style and marker differ per
    perspective so the lines also read in grayscale.
    """
    import numpy as np

    labels = perspective_labels or {}
    if ax is None:
        plt = pyplot()
        fig = plt.figure(figsize=(PRINT_WIDTH_IN, 6.6), layout="constrained")
        ax = fig.add_subplot(projection="polar")
    points = list(dict.fromkeys(table["uitgangspunt"]))
    names = dict(zip(table["uitgangspunt"], table["uitgangspunt_naam"]))
    theta = np.linspace(0, 2 * np.pi, len(points), endpoint=False)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    styles = _perspective_styles(list(dict.fromkeys(table["perspectief"])))
    for perspective, style in styles.items():
        part = table[table["perspectief"] == perspective].set_index("uitgangspunt")
        values = [float(part.loc[p, "gemiddelde"]) if p in part.index and not part.loc[p, "onderdrukt"]
                  else np.nan for p in points]
        label = labels.get(perspective, perspective)
        if all(np.isnan(values)):
            ax.plot([], [], color=style["color"], linestyle=style["linestyle"], marker=style["marker"],
                    label=f"{label} (te weinig respondenten)")
            continue
        closed = values + values[:1]
        ax.plot(np.append(theta, theta[0]), closed, color=style["color"], linestyle=style["linestyle"], lw=2,
                marker=style["marker"], markersize=6, label=label)
    # Spoke labels placed by hand: left-aligned on the right half, right-aligned on the left,
    # so long names never run over the circle.
    ax.set_xticks(theta, [""] * len(points))
    for angle, p in zip(theta, points):
        side = np.sin(angle)  # clockwise from the top: > 0 is the right half
        ha = "center" if abs(side) < 0.2 else ("left" if side > 0 else "right")
        va = "bottom" if np.cos(angle) > 0.5 else ("top" if np.cos(angle) < -0.5 else "center")
        ax.text(angle, scale[1] + 0.35 * (scale[1] - scale[0]) / 4, _point_label(p, names.get(p, p), 22),
                ha=ha, va=va, fontsize=8)
    ax.set_ylim(scale[0], scale[1])
    ax.set_yticks(range(scale[0], scale[1] + 1), [str(v) for v in range(scale[0], scale[1] + 1)], fontsize=8,
                  color="#555555")
    ax.set_rlabel_position(90 / len(points))
    ax.grid(color=GRID, lw=0.7)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(len(styles), 4), fontsize=8,
              frameon=False, title="Gemiddelde score (1 = helemaal oneens, 5 = helemaal eens)", title_fontsize=8)
    if title:
        ax.set_title(title, loc="left", pad=40)
    return ax


def diverging_bars(table: pd.DataFrame, scale_labels: dict[int, str] | None = None, ax=None,
                   title: str | None = None, dont_know_label: str = "Weet niet", min_group: int = 5):
    """Per statement the share of answers on every scale point, centred on neutral: disagree to
    the left, agree to the right; "weet niet" as a separate bar on the far right.

    `table` is `verkenning.tabellen.statement_distribution(...)` for one group: stelling,
    tekst, uitgangspunt, n, aandeel_1 … aandeel_5, aandeel_weet_niet, onderdrukt. Shares
    are of the answers on the scale; "weet niet" is the share of everyone who saw the statement.
    A suppressed statement gets no bar but "n<5: te weinig antwoorden" (`min_group` is the
    study's minimum group size); its "weet niet" bar stays when that share is known.
    """
    import numpy as np

    points = sorted(int(c.split("_")[1]) for c in table.columns
                    if c.startswith("aandeel_") and c.split("_")[1].isdigit())
    labels = scale_labels or {p: str(p) for p in points}
    rows = table.reset_index(drop=True)
    n_rows = len(rows)
    if ax is None:  # sized for a portrait page: 16 cm wide, at most about 21 cm tall
        ax = new_axes(PRINT_WIDTH_IN, 1.3 + 0.275 * n_rows)
    middle = points[len(points) // 2] if len(points) % 2 else None
    below = [p for p in points if (middle is None and p <= points[len(points) // 2 - 1]) or
             (middle is not None and p < middle)]
    y = np.arange(n_rows)[::-1].astype(float)
    shown = ~rows["onderdrukt"].astype(bool)
    left = np.zeros(n_rows)
    for p in below:
        left -= np.where(shown, rows[f"aandeel_{p}"].astype(float).fillna(0).to_numpy() * 100, 0)
    if middle is not None:
        left -= np.where(shown, rows[f"aandeel_{middle}"].astype(float).fillna(0).to_numpy() * 50, 0)
    start = left.copy()
    for i, p in enumerate(points):
        width = np.where(shown, rows[f"aandeel_{p}"].astype(float).fillna(0).to_numpy() * 100, 0)
        bars = ax.barh(y, width, left=start, height=0.7, color=SCALE_COLOURS[i % len(SCALE_COLOURS)],
                       edgecolor="white", lw=0.6, hatch=SCALE_HATCHES[i % len(SCALE_HATCHES)],
                       label=labels.get(p, str(p)))
        _hatch_colour(bars, "#333333")
        start = start + width
    known = rows["aandeel_weet_niet"].notna().to_numpy()  # also shown when too few answered on the scale
    dont_know = np.where(known, rows["aandeel_weet_niet"].astype(float).fillna(0).to_numpy() * 100, 0)
    x0 = 108
    bars = ax.barh(y, dont_know, left=x0, height=0.7, color=DONT_KNOW_COLOUR, edgecolor="#777777", lw=0.6,
                   hatch="--", label=dont_know_label)
    _hatch_colour(bars, "#777777")
    for yi, v, ok in zip(y, dont_know, known):
        if ok:
            ax.text(x0 + v + 1, yi, f"{v:.0f}%", va="center", fontsize=8, color="#333333")
    shielded = rows["afgeschermd"] if "afgeschermd" in rows else [False] * n_rows
    for yi, ok, n, hidden in zip(y, shown, rows["n"], shielded):
        if not ok:
            ax.text(0, yi, f"{n_label(n, True, bool(hidden), min_group)}: te weinig antwoorden", ha="center",
                    va="center", fontsize=8, color="#333333")
    right = x0 + max(10.0, float(dont_know.max()) + 10)
    ax.axvline(0, color="#333333", lw=0.8)
    ax.axvline(104, color="#999999", lw=0.6, ls=":")
    ax.text(x0, n_rows - 0.3, dont_know_label, fontsize=8, ha="left", va="bottom", color="#333333")
    # A thin line between the uitgangspunten.
    groups = rows["uitgangspunt"].astype(str).tolist()
    for i in range(1, n_rows):
        if groups[i] != groups[i - 1]:
            ax.axhline(y[i] + 0.5, color="#999999", lw=0.5)
    ax.set_xlim(-100, right)
    ax.set_ylim(-0.6, n_rows - 0.4 + 0.6)
    ticks = [-100, -50, 0, 50, 100]
    ax.set_xticks(ticks, [f"{abs(t)}%" for t in ticks])
    texts = rows["tekst"] if "tekst" in rows else rows["stelling"]
    ax.set_yticks(y, [_statement_label(code, text) for code, text in zip(rows["stelling"], texts)], fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("Aandeel van de antwoorden (links oneens, rechts eens)")
    for side in ("left",):
        ax.spines[side].set_visible(False)
    # anchored right: the statements take the left of the figure, the legend grows over them
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=(len(points) + 2) // 2, fontsize=8,
              frameon=False, handlelength=1.8, columnspacing=1.2)
    if title:
        ax.set_title(title, loc="left", pad=36)
    return ax


def _hatch_colour(bars, colour: str) -> None:
    """Dark hatches on light bars (matplotlib ≥ 3.10; older versions use the edge colour)."""
    for bar in bars:
        if hasattr(bar, "set_hatchcolor"):
            bar.set_hatchcolor(colour)


def _statement_label(code: str, text: str, width: int = 50) -> str:
    """'K1_1 Bij een hulpvraag …' on at most two lines."""
    lines = wrap(f"{code} {text}", width).split("\n")
    if len(lines) > 2:
        lines = [lines[0], lines[1].rstrip(",.;:-") + "…"]
    return "\n".join(lines)


def perspective_gap(table: pd.DataFrame, perspective_labels: dict[str, str] | None = None, ax=None,
                    title: str | None = None, scale: tuple[int, int] = (1, 5)):
    """Per uitgangspunt the mean of every perspective as a dot, joined by a line: the length of
    the line is the gap between the most and the least positive perspective (printed right).

    `table` is `verkenning.analyse.describe(scores, by=["perspectief"])` for one round.
    Suppressed cells get no dot.
    """
    import numpy as np

    labels = perspective_labels or {}
    points = list(dict.fromkeys(table["uitgangspunt"]))
    names = dict(zip(table["uitgangspunt"], table["uitgangspunt_naam"]))
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, 1.2 + 0.62 * len(points))
    styles = _perspective_styles(list(dict.fromkeys(table["perspectief"])))
    shown = table[~table["onderdrukt"].astype(bool)]
    y_of = {p: len(points) - 1 - i for i, p in enumerate(points)}
    for p in points:
        part = shown[shown["uitgangspunt"] == p]
        if len(part) >= 2:
            low, high = part["gemiddelde"].astype(float).min(), part["gemiddelde"].astype(float).max()
            ax.plot([low, high], [y_of[p]] * 2, color="#AAAAAA", lw=4, solid_capstyle="round", zorder=1)
            ax.text(scale[1] + 0.08, y_of[p], f"verschil {getal(high - low)}", va="center",
                    fontsize=8, color="#333333")
    for perspective, style in styles.items():
        part = shown[shown["perspectief"] == perspective]
        label = labels.get(perspective, perspective)
        if not len(part):
            label += " (te weinig respondenten)"
        ax.scatter(part["gemiddelde"].astype(float), [y_of[p] for p in part["uitgangspunt"]], s=55,
                   marker=style["marker"], color=style["color"], edgecolor="black", lw=0.6, zorder=3, label=label)
    ax.axvline((scale[0] + scale[1]) / 2, color="#555555", lw=0.8, ls="--", zorder=0)
    ax.set_xlim(scale[0] - 0.1, scale[1] + 0.1)
    ax.set_xticks(np.arange(scale[0], scale[1] + 1))
    ax.set_yticks([y_of[p] for p in points], [_point_label(p, names.get(p, p), 34) for p in points], fontsize=8)
    ax.set_ylim(-0.6, len(points) - 0.4)
    ax.grid(axis="x", color=GRID, lw=0.5)
    ax.set_xlabel("Gemiddelde score (1 = helemaal oneens, 5 = helemaal eens)")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=8, frameon=False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title, loc="left", pad=34)
    return ax


def round_change(table: pd.DataFrame, perspective_labels: dict[str, str] | None = None, ax=None,
                 title: str | None = None, scale: tuple[int, int] = (1, 5), alpha: float = 0.05):
    """Per uitgangspunt and perspective an arrow from the mean in the first round (open marker)
    to the mean in the later round (filled marker). A star marks a change that is significant
    after Holm's correction.

    `table` is `verkenning.analyse.round_comparison(scores, van, naar,
    by=["uitgangspunt", "perspectief"])`. Suppressed cells (`onderdrukt`) get no arrow.
    """
    import numpy as np

    labels = perspective_labels or {}
    points = list(dict.fromkeys(table["uitgangspunt"]))
    perspectives = list(dict.fromkeys(table["perspectief"]))
    styles = _perspective_styles(perspectives)
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, 1.4 + 0.95 * len(points))
    step = 0.8 / max(len(perspectives), 1)
    offset = {p: 0.4 - step / 2 - i * step for i, p in enumerate(perspectives)}
    y_of = {p: len(points) - 1 - i for i, p in enumerate(points)}
    van = str(table["van"].iloc[0]) if len(table) else "eerste ronde"
    naar = str(table["naar"].iloc[0]) if len(table) else "laatste ronde"
    for row in table.itertuples(index=False):
        if row.onderdrukt or pd.isna(row.gemiddelde_van) or pd.isna(row.gemiddelde_naar):
            continue
        style = styles[row.perspectief]
        y = y_of[row.uitgangspunt] + offset[row.perspectief]
        x0, x1 = float(row.gemiddelde_van), float(row.gemiddelde_naar)
        significant = row.p_holm is not None and not pd.isna(row.p_holm) and float(row.p_holm) < alpha
        ax.annotate("", xy=(x1, y), xytext=(x0, y),
                    arrowprops={"arrowstyle": "-|>", "color": style["color"], "lw": 2.2 if significant else 1.2,
                                "linestyle": style["linestyle"], "shrinkA": 3, "shrinkB": 4, "mutation_scale": 9})
        ax.scatter([x0], [y], marker=style["marker"], s=30, facecolor="white", edgecolor=style["color"], lw=1.2,
                   zorder=3)
        ax.scatter([x1], [y], marker=style["marker"], s=36, color=style["color"], edgecolor="black", lw=0.5,
                   zorder=4)
        if significant:
            ax.text(max(x0, x1) + 0.07, y, "*", va="center", fontsize=11, fontweight="bold")
    for i in range(1, len(points)):
        ax.axhline(i - 0.5, color="#DDDDDD", lw=0.6)
    for perspective, style in styles.items():
        shown = table[(table["perspectief"] == perspective) & ~table["onderdrukt"].astype(bool)]
        label = labels.get(perspective, perspective) + ("" if len(shown) else " (te weinig respondenten)")
        ax.plot([], [], color=style["color"], linestyle=style["linestyle"], marker=style["marker"], label=label)
    ax.scatter([], [], marker="o", facecolor="white", edgecolor="black", label=f"open: {van}")
    ax.scatter([], [], marker="o", color="black", label=f"dicht: {naar}")
    ax.plot([], [], ls="none", marker="$*$", color="black", markersize=8,
            label=f"* verschil significant (Holm, p < {getal(alpha, 2)})")
    # Zoom in on the means (changes are small on a 1–5 scale); the axis says where we are.
    shown = table[~table["onderdrukt"].astype(bool)]
    means = pd.concat([shown["gemiddelde_van"], shown["gemiddelde_naar"]]).astype(float)
    low = max(scale[0], np.floor(means.min() * 2) / 2 - 0.25) if len(means) else scale[0]
    high = min(scale[1], np.ceil(means.max() * 2) / 2 + 0.25) if len(means) else scale[1]
    ax.set_xlim(low, high)
    ax.set_xticks(np.arange(np.ceil(low * 2) / 2, high + 0.01, 0.5),
                  [getal(v) for v in np.arange(np.ceil(low * 2) / 2, high + 0.01, 0.5)])
    ax.set_yticks([y_of[p] for p in points],
                  [_point_label(p, dict(zip(table["uitgangspunt"], table.get("uitgangspunt_naam", table["uitgangspunt"])))
                                .get(p, p), 34) for p in points], fontsize=8)
    ax.set_ylim(-0.6, len(points) - 0.4)
    ax.grid(axis="x", color=GRID, lw=0.5)
    ax.set_xlabel("Gemiddelde score (1 = helemaal oneens, 5 = helemaal eens)")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=8, frameon=False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title, loc="left")
    return ax
