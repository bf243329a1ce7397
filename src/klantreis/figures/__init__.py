"""Figures: the shared style and the render pool. Each method draws its own pictures in its
package (`schaduwreis.figures`, `klantreizen.figures`, `verkenning.figures`), one function per
picture, tidy tables in, a matplotlib Axes out.

Colours are the Okabe–Ito palette (safe for colour blindness); every distinction also has a
marker, line style or hatch so a grayscale print still reads. Nothing here reloads data, and
importing this module loads no matplotlib.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blauw": "#0072B2", "oranje": "#E69F00", "groen": "#009E73", "geel": "#F0E442",
    "hemelsblauw": "#56B4E9", "vermiljoen": "#D55E00", "paars": "#CC79A7", "zwart": "#000000",
}
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
GRID = "#DDDDDD"
LINESTYLES = ["-", "--", ":", "-."]


def pyplot():
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
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def wrap(text: str, width: int = 16) -> str:
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


# --- rendering many figures at once -------------------------------------------------------------

FIGURE_DPI = 150  # sharp in print at 16 cm wide; higher mostly costs PNG encoding time
MIN_PRINT_PT = 8.0  # no text in a printed figure smaller than this
PRINT_WIDTH_IN = 16.0 / 2.54  # the text width of a portrait A4 page in the kit's template
LANDSCAPE_WIDTH_IN = 24.7 / 2.54
SMALLEST_TEXT_KEY = "klantreis-kleinste-letter"  # PNG text chunk: smallest font size in pt


def smallest_text(fig) -> float:
    """The smallest font size (pt, at the figure's own size) of any visible text in `fig`."""
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_visible() and str(t.get_text()).strip()]
    return min(sizes, default=MIN_PRINT_PT)


def to_png(ax_or_fig) -> bytes:
    """Render a figure (or the figure of an Axes) to PNG bytes and close it."""
    import io

    plt = pyplot()
    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    buffer = io.BytesIO()
    # Every word drawn goes into the PNG's "Description" chunk, so `klantreis privacy` can
    # search the picture's text like the alt text; the smallest font goes along too, so a test
    # can check the printed letter size.
    from matplotlib.text import Text

    drawn = "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip())
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI,
                metadata={"Software": None, "Description": drawn, SMALLEST_TEXT_KEY: f"{smallest_text(fig):.2f}"},
                pil_kwargs={"compress_level": 4})
    plt.close(fig)
    return buffer.getvalue()


def render_png(plot, *args, **kwargs) -> bytes:
    """Draw with `plot` (a module-level figure function of a method) and return the PNG bytes."""
    return to_png(plot(*args, **kwargs))


class Drawing:
    """A figure on its way: `result()` waits for the worker and returns the PNG bytes.

    A worker that cannot start (a script read from standard input, a script that starts a
    build at import time) breaks the pool; the figure is then drawn in this process, in the
    thread that asks for it, so a report is still complete."""

    def __init__(self, call=None, png: bytes | None = None, cache=None, key: str | None = None):
        self.call, self.future, self.png, self.cache, self.key = call, None, png, cache, key

    def result(self) -> bytes:
        if self.png is None:
            try:
                self.png = self.future.result() if self.future is not None else None
            except Exception as exc:
                from concurrent.futures.process import BrokenProcessPool

                if not isinstance(exc, (BrokenProcessPool, OSError, EOFError)):
                    raise
            if self.png is None:
                plot, args, kwargs = self.call
                self.png = render_png(plot, *args, **kwargs)
            if self.cache is not None:
                self.cache.store_figure(self.key, self.png)
        return self.png


class FigurePool:
    """Draw figures in worker processes while the caller builds the rest of a document.

    `submit(klantreizen.figures.individual_curve, ...)` returns a future of PNG bytes. With two
    workers a report with many figures uses both cores of a small machine. With a `cache`
    (`cache.BuildCache`) a figure drawn from exactly the same data before is read back instead
    of drawn, and the workers start only when a figure has to be drawn. `workers=0`, or where no
    process can be started, draws in this process instead (same result, slower).

    The workers come from a fork server, not from a fork of this process: a forked child
    inherits the parent's open font files with their shared read position, and after the parent
    had drawn figures itself, fonts failed to load there ("FT_Load_Glyph ... invalid outline").
    """

    def __init__(self, workers: int = 2, cache=None):
        self._workers = workers
        self._executor = None
        self._cache = cache

    def _start(self):
        if self._executor is None and self._workers >= 1:
            try:
                import multiprocessing as mp
                from concurrent.futures import ProcessPoolExecutor

                if "forkserver" in mp.get_all_start_methods():
                    self._executor = ProcessPoolExecutor(max_workers=self._workers,
                                                         mp_context=mp.get_context("forkserver"))
            except (OSError, ImportError):  # no process support here: draw in this process
                self._workers = 0
        return self._executor

    def submit(self, plot, *args, **kwargs):
        """Start drawing `plot(*args, **kwargs)`; returns an object whose `result()` gives the PNG."""
        cache = self._cache
        key = cache.figure_key(plot, args, kwargs) if cache is not None else None
        png = cache.figure(key) if cache is not None else None
        if png is not None:
            return Drawing(None, png=png)
        executor = self._start()
        drawing = Drawing((plot, args, kwargs), cache=cache, key=key)
        if executor is not None:
            try:
                drawing.future = executor.submit(render_png, plot, *args, **kwargs)
            except Exception:  # the pool broke (see Drawing.result): draw here
                self._workers, self._executor = 0, None
        return drawing

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=exc[0] is not None)
        return False
