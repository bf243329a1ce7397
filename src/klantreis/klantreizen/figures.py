"""Pictures of the individual klantreizen and the meta-analysis: belevingscurves, themes,
values."""

from __future__ import annotations

import pandas as pd

from ..figures import GRID, PALETTE, PRINT_WIDTH_IN, new_axes, pyplot, wrap
from ..report.numbers import MINUS, n_label

# Drawn at the printed size (the text width of a portrait page): every letter is at least 8 pt.
CURVE_SIZE = (PRINT_WIDTH_IN, 4.1)
TEXT_PT = 8


def _scale_label(point: int, labels: dict[int, str]) -> str:
    """"+2 Heel positief", "0 Neutraal", "−2 Heel negatief" (a real minus sign)."""
    number = f"{point:+d}".replace("-", MINUS) if point else "0"
    return f"{number} {labels.get(point, '')}".strip()


def _legend_above(ax) -> None:
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=3, fontsize=TEXT_PT, frameon=False,
              borderaxespad=0.0, handlelength=1.8, columnspacing=1.2)


def _curve_axes(designed: pd.DataFrame, width: float = CURVE_SIZE[0], height: float = CURVE_SIZE[1]):
    """Axes for a belevingscurve with margins computed from the label lengths.

    Constrained layout would measure every label again for each of the many individual curves
    in a report; their labels are all the same, so the margins are computed once, here.
    """
    import math

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(width, height))
    lines = [_step_label(n, name, False).split("\n") for n, name in zip(designed["volgorde"], designed["stap_naam"])]
    longest = max((len(line) + 2 for label in lines for line in label), default=10)
    extra_lines = max((len(label) - 1 for label in lines), default=0)
    # inches: 8 pt text at 35°, plus the second line of a wrapped label
    label_height = longest * 0.062 * math.sin(math.radians(35)) + extra_lines * 0.14 + 0.25
    fig.subplots_adjust(left=1.3 / width, right=1 - 0.15 / width, top=1 - 0.45 / height,
                        bottom=min(0.6, (label_height + 0.15) / height))
    return ax



def _step_label(nr, name: str, key: bool) -> str:
    """"5. Keukentafelgesprek over alle leefgebieden ★" (one line: wrapped slanted labels run
    into each other)."""
    return f"{nr}. {name}" + (" ★" if key else "")


def _curve_frame(ax, designed: pd.DataFrame, lo: int, hi: int, labels: dict[int, str]):
    """Axes for a belevingscurve: designed steps on x, the curve scale on y."""
    ax.axhspan(lo - 0.5, 0, color="#F9E0D6", alpha=0.5, zorder=0)
    ax.axhspan(0, hi + 0.5, color="#DDEFE8", alpha=0.5, zorder=0)
    ax.axhline(0, color="#555555", lw=0.8, ls="--", zorder=1)
    ax.set_ylim(lo - 0.6, hi + 0.6)
    ax.set_yticks(range(lo, hi + 1), [_scale_label(p, labels) for p in range(lo, hi + 1)], fontsize=TEXT_PT)
    ticks = designed["volgorde"].tolist()
    names = [_step_label(nr, name, key) for nr, name, key in zip(ticks, designed["stap_naam"], designed["sleutelmoment"])]
    ax.set_xticks(ticks, names, rotation=35, ha="right", rotation_mode="anchor", fontsize=TEXT_PT)
    ax.set_xlim(0.3, len(ticks) + 0.7)
    ax.grid(axis="y", color=GRID, lw=0.5)


def individual_curve(path: pd.DataFrame, designed: pd.DataFrame, lo: int, hi: int,
                     labels: dict[int, str] | None = None, ax=None, title: str | None = None,
                     not_discussed: list[str] | None = None):
    """One resident's belevingscurve: the path as experienced (designed and extra steps, in
    the order lived) against the designed steps on the x axis. Skipped steps are marked ✕ on
    the axis line, steps the interview did not discuss (`not_discussed`, step ids) a grey "?";
    extra steps and loops sit between the designed steps as open diamonds."""
    labels = labels or {}
    not_discussed = set(not_discussed or ())
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
            ax.annotate(wrap(row["naam"], 16), (row["ontwerp_volgorde"], float(row["score"])),
                        xytext=(0, -9 if below else 9), textcoords="offset points", ha="center",
                        va="top" if below else "bottom", fontsize=TEXT_PT, color=PALETTE["vermiljoen"],
                        bbox={"facecolor": "white", "alpha": 0.85, "lw": 0, "pad": 1}, zorder=5)
    done = set(lived["stap"].dropna())
    skipped = designed[~designed["stap"].isin(done | not_discussed)]
    if len(skipped):
        ax.scatter(skipped["volgorde"], [0] * len(skipped), marker="X", s=70, color=PALETTE["zwart"],
                   zorder=4, label="Niet doorlopen")
    unknown = designed[designed["stap"].isin(not_discussed - done)]
    if len(unknown):
        ax.scatter(unknown["volgorde"], [0] * len(unknown), marker="$?$", s=90, color="#666666",
                   zorder=4, label="Niet besproken")
    if path.empty:
        _note(ax, "Nog geen interview om te tonen")
    ax.set_ylabel("Beleving", fontsize=TEXT_PT + 1)
    _legend_above(ax)
    if title:
        ax.set_title(title, loc="left")
    return ax


def _note(ax, text: str) -> None:
    """A short message in the middle of an empty figure, instead of a blank frame."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=10, color="#333333",
            bbox={"facecolor": "white", "edgecolor": "#999999", "boxstyle": "round,pad=0.5"}, zorder=6)


def respondent_curve(meta, designed: pd.DataFrame, curve, respondent: str | None = None, ax=None):
    """The belevingscurve of one interviewed resident (the first by pseudonym when `respondent`
    is None) from the meta-analysis tables, with skipped and undiscussed steps marked; an empty
    frame with a note when the study has no interviews yet."""
    ids = sorted(meta.tabellen["respondenten"]["respondent"])
    respondent = respondent or (ids[0] if ids else None)
    path, steps = meta.tabellen["pad"], meta.tabellen["stappen"]
    unknown = steps.loc[(steps["respondent"] == respondent) & (steps["gebeurd"] == "niet besproken"), "stap"]
    return individual_curve(path[path["respondent"] == respondent], designed, curve.min, curve.max, curve.labels,
                            ax=ax, title=f"Belevingscurve van {respondent}" if respondent else "Belevingscurve",
                            not_discussed=list(unknown))


def aggregated_curve(stats: pd.DataFrame, lo: int, hi: int, labels: dict[int, str] | None = None,
                     ax=None, title: str | None = None, min_group: int = 5):
    """The belevingscurve across residents: mean per step, the interquartile band, and n
    under every step. Suppressed steps (n below the minimum) show "n<5" and no point."""
    labels = labels or {}
    if ax is None:
        ax = new_axes(CURVE_SIZE[0], 4.6)
    _curve_frame(ax, stats, lo, hi, labels)
    shown = stats[~stats["onderdrukt"]]
    if shown.empty:
        _note(ax, f"Nog te weinig interviews voor cijfers (minder dan {min_group} per stap)")
    # Every step on x with its value, missing where hidden: the line breaks there instead of
    # drawing a connection through a step whose number the report does not give.
    x = stats["volgorde"].astype(float)
    values = {c: stats[c].astype("Float64").astype(float) for c in ("q1", "q3", "gemiddelde", "mediaan")}
    ax.fill_between(x, values["q1"], values["q3"], color=PALETTE["hemelsblauw"],
                    alpha=0.35, lw=0, label="Middelste helft (25–75%)", zorder=2)
    ax.plot(x, values["gemiddelde"], color=PALETTE["blauw"], lw=2, marker="o", zorder=3,
            label="Gemiddelde")
    ax.plot(x, values["mediaan"], color=PALETTE["zwart"], lw=1, ls=":", marker="s",
            markersize=3, zorder=3, label="Mediaan")
    # n under every step; "n" once at the left so the numbers fit between the ticks at 8 pt
    ax.text(0.35, lo - 0.45, "n", ha="left", va="bottom", fontsize=TEXT_PT, color="#333333", style="italic")
    # "afgeschermd" is too wide for the room under one step: "afg." (the caption explains it)
    for _, row in stats.iterrows():
        label = n_label(row["n"], row["onderdrukt"], row.get("afgeschermd", False), min_group) \
            if row["onderdrukt"] else f"{row['n']}"
        ax.text(row["volgorde"], lo - 0.45, "afg." if row.get("afgeschermd", False) else label,
                ha="center", va="bottom", fontsize=TEXT_PT, color="#333333")
    ax.set_ylabel("Beleving", fontsize=TEXT_PT + 1)
    _legend_above(ax)
    if title:
        ax.set_title(title, loc="left")
    return ax


def themes_heatmap(matrix: pd.DataFrame, code_labels: dict[str, str], step_names: dict[str, str],
                   ax=None, title: str | None = None, min_group: int = 1):
    """Themes (rows) by steps (columns): number of residents, printed in every cell. A cell with
    1 to `min_group` − 1 residents shows "<5" and no colour (it would point at a few residents).

    Drawn to fit a portrait page at print size: themes by their label (never the code),
    steps by their number, with the step names along the bottom."""
    plt = pyplot()
    rows, cols = matrix.shape
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, min(9.0, 0.2 * rows + 2.6))
    if not matrix.size or not matrix.to_numpy().any():
        ax.set_axis_off()
        _note(ax, "Nog geen thema's gecodeerd")
        return ax
    small = (matrix > 0) & (matrix < min_group)
    for (i, j) in zip(*small.to_numpy().nonzero()):
        ax.text(j, i, f"<{min_group}", ha="center", va="center", fontsize=TEXT_PT, color="#555555")
    values = matrix.where(~small, 0).to_numpy()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, values.max()))
    ax.set_xticks(range(cols), [step_names.get(c, c) for c in matrix.columns],
                  fontsize=TEXT_PT, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(rows), [code_labels.get(c, c) for c in matrix.index], fontsize=TEXT_PT)
    threshold = values.max() / 2 if values.size else 0
    for (i, j), v in pd.DataFrame(values).stack().items():
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=TEXT_PT,
                    color="white" if v > threshold else "black")
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    bar = plt.colorbar(image, ax=ax, shrink=0.6, pad=0.02)
    bar.set_label("Aantal inwoners", fontsize=TEXT_PT)
    bar.ax.tick_params(labelsize=TEXT_PT)
    ax.tick_params(labelsize=TEXT_PT)
    if title:
        ax.set_title(title, loc="left")
    return ax


def values_bars(ranking: pd.DataFrame, ax=None, title: str | None = None):
    """Horizontal bars: how many residents chose each value (one group)."""
    shown = ranking[~ranking["onderdrukt"]].sort_values("aantal")
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, max(2.5, 0.3 * len(shown) + 1))
    ax.barh(shown["label"], shown["aantal"].astype(int), color=PALETTE["groen"], edgecolor="black",
            hatch="//", lw=0.5)
    for y, v in enumerate(shown["aantal"].astype(int)):
        ax.text(v + 0.1, y, str(v), va="center", fontsize=TEXT_PT)
    ax.tick_params(labelsize=TEXT_PT)
    ax.set_xlabel("Aantal inwoners dat deze waarde koos", fontsize=TEXT_PT + 1)
    if title:
        ax.set_title(title, loc="left")
    return ax


def blank_curve(designed: pd.DataFrame, lo: int, hi: int, labels: dict[int, str] | None = None,
                ax=None, title: str | None = None):
    """An empty belevingscurve to hand to a resident: the designed steps along the bottom, the
    study's scale up the side, a dotted line per step to put a cross on. Drawn at the size of a
    landscape page."""
    from ..figures import LANDSCAPE_WIDTH_IN

    labels = labels or {}
    if ax is None:
        ax = _curve_axes(designed, width=LANDSCAPE_WIDTH_IN, height=4.7)
    _curve_frame(ax, designed, lo, hi, labels)
    for x in designed["volgorde"]:
        ax.axvline(x, color="#999999", lw=0.6, ls=":", zorder=1)
    ax.tick_params(labelsize=TEXT_PT + 1)
    if title:
        ax.set_title(title, loc="left")
    return ax


def kinds_dotplot(table: pd.DataFrame, kind_names: dict[str, str], gemeenten: list[str], lo: int, hi: int,
                  ax=None, title: str | None = None):
    """The residents' experience per kind of step, one marker per municipality (the comparison
    of `meta_analyse.kind_statistics`): kinds top to bottom, the mean on x. Suppressed rows are
    left out (no marker, no number); a kind a journey lacks has no marker of that municipality."""
    from ..figures import MARKERS, SERIES

    kinds = [k for k in dict.fromkeys(table["soort"])]
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, max(2.6, 0.38 * len(kinds) + 1.4))
    ypos = {k: len(kinds) - 1 - i for i, k in enumerate(kinds)}
    ax.axvspan(lo - 0.5, 0, color="#F9E0D6", alpha=0.5, zorder=0)
    ax.axvspan(0, hi + 0.5, color="#DDEFE8", alpha=0.5, zorder=0)
    ax.axvline(0, color="#555555", lw=0.8, ls="--", zorder=1)
    shown = table[~table["onderdrukt"].astype(bool)]
    offsets = {g: (i - (len(gemeenten) - 1) / 2) * 0.18 for i, g in enumerate(gemeenten)}
    for i, gemeente in enumerate(gemeenten):
        part = shown[shown["groep"] == gemeente]
        ax.scatter(part["gemiddelde"].astype(float), [ypos[k] + offsets[gemeente] for k in part["soort"]],
                   marker=MARKERS[i % len(MARKERS)], color=SERIES[i % len(SERIES)], edgecolor="black",
                   lw=0.5, s=42, zorder=3, label=gemeente)
    ax.set_yticks([ypos[k] for k in kinds], [wrap(kind_names.get(k, k), 34) for k in kinds], fontsize=TEXT_PT)
    ax.set_xlim(lo - 0.5, hi + 0.5)
    ax.set_xticks(range(lo, hi + 1), [f"{p:+d}".replace("-", MINUS) if p else "0" for p in range(lo, hi + 1)],
                  fontsize=TEXT_PT)
    ax.set_xlabel("Gemiddelde beleving", fontsize=TEXT_PT + 1)
    ax.grid(axis="x", color=GRID, lw=0.5)
    _legend_above(ax)
    if title:
        ax.set_title(title, loc="left")
    return ax


# The public version (B1): one plain picture with large letters, for readers who never read a chart.
PUBLIC_PT = 13


def simple_bars(stats: pd.DataFrame, lo: int, hi: int, ax=None):
    """The belevingscurve in a simple form: one horizontal bar per step (the average score, left
    is negative, right is positive), steps from top to bottom in the order of the journey, all
    text at 13 pt. A step whose number the privacy rules hide gets no bar but the words "te
    weinig antwoorden"."""
    rows = stats.sort_values("volgorde")
    names = [wrap(n, 38) for n in rows["stap_naam"]]
    # Rows just high enough for a name over two lines: the picture of a journey of 14 steps fits on
    # the page under its chapter's first paragraphs instead of leaving half a page empty.
    height = max(2.5, 0.42 * len(rows) + 0.7)
    if ax is None:
        ax = new_axes(PRINT_WIDTH_IN, height)
    y = list(range(len(rows)))[::-1]
    for pos, (_, row) in zip(y, rows.iterrows()):
        if bool(row["onderdrukt"]) or pd.isna(row["gemiddelde"]):
            ax.text(0, pos, "te weinig antwoorden", ha="center", va="center", fontsize=PUBLIC_PT - 2,
                    color="#333333", style="italic")
            continue
        value = float(row["gemiddelde"])
        ax.barh(pos, value, color=PALETTE["blauw"] if value >= 0 else PALETTE["vermiljoen"],
                hatch="" if value >= 0 else "//", edgecolor="black", lw=0.6, height=0.7)
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(y, names, fontsize=PUBLIC_PT)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xticks([lo, 0, hi], ["negatief", "neutraal", "positief"], fontsize=PUBLIC_PT)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=GRID, lw=0.6)
    ax.set_axisbelow(True)
    return ax
