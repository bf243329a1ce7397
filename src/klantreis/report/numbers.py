"""Numbers the Dutch way, in one place: decimal comma, a real minus sign (U+2212), percentages,
p-values, dates, and the labels of suppressed groups ("n<5", "afgeschermd").

Analysis tables keep numbers numeric; these functions are where they become text, for the
report, the alt texts, the figures and the exports alike. This module imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt

MINUS = "\u2212"
SHIELDED = "afgeschermd"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def getal(value: float, decimals: int = 1, sign: bool = False) -> str:
    """A number the Dutch way: decimal comma, optional explicit sign (+0,5 / −0,5)."""
    text = f"{value:{'+' if sign else ''}.{decimals}f}".replace(".", ",")
    return text.replace("-", MINUS)


def geheel(value: float, decimals: int = 0) -> str:
    """A number with a dot between the thousands, as in a Dutch table: 42.150, 1.234,5."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.replace("-", MINUS)


def euro(value: float, decimals: int = 0) -> str:
    """An amount in euros: "€ 8.156.565", with `decimals` "€ 7.015,02"."""
    return f"€ {geheel(value, decimals)}"


def procent(value: float) -> str:
    """A share (0.25) as a whole percentage ("25%")."""
    return f"{round(100 * value):d}%"


def format_value(value, fmt: str | None = None) -> str:
    """One table cell: `fmt` is a format such as "{:.1f}", "{:+.1f}" or "{:.0%}". A missing
    number is "–"; a zero never carries a sign ("0,0", not "−0,0"); text passes unchanged."""
    if value is None or _missing(value):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if fmt and isinstance(value, (int, float)):
        text = fmt.format(value).replace(".", ",")
        return text.lstrip("+-") if text.strip("+-0,%") == "" else text.replace("-", MINUS)
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def format_p(p: float, alpha: float = 0.05) -> str:
    """A p-value as in a Dutch report: "p < 0,001", "p = 0,004", "p = 0,03"."""
    if p < 0.001:
        return "p < 0,001"
    # Three decimals below 0,01, and where two would round a significant p up to alpha.
    three = p < 0.01 or (p < alpha <= round(p, 2))
    return f"p = {p:.{3 if three else 2}f}".replace(".", ",")


def datum(day: dt.date) -> str:
    """3 december 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def n_label(n, onderdrukt: bool, afgeschermd: bool, min_group: int) -> str:
    """The n of a group as a reader may see it: the number, or "n<5" for a group below the
    minimum, or "afgeschermd" for a group hidden so the total does not reveal a smaller one."""
    if afgeschermd:
        return SHIELDED
    if onderdrukt:
        return f"n<{min_group}"
    return str(int(n))


def stuks(n: int, enkelvoud: str, meervoud: str) -> str:
    """A counted noun that agrees with its number: "1 inwoner", "0 inwoners", "3 inwoners"."""
    return f"{n} {enkelvoud if n == 1 else meervoud}"


def aantal(n: int, min_group: int) -> str:
    """A count in a sentence: the number, or "minder dan 5" below the minimum."""
    return str(n) if n >= min_group else f"minder dan {min_group}"


def n_labels(table, n_column: str, min_group: int):
    """The n column of a suppressed table (see `privacy.suppress_small_groups`) as labels."""
    shielded = table["afgeschermd"] if "afgeschermd" in table else [False] * len(table)
    return [n_label(n, bool(o), bool(a), min_group)
            for n, o, a in zip(table[n_column], table["onderdrukt"], shielded)]


def opsomming(items) -> str:
    """'a', 'a en b', 'a, b en c' (empty for no items)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _missing(value) -> bool:
    """None, NaN, NaT or pandas' NA (whose comparisons are neither true nor false)."""
    try:
        return bool(value != value)
    except TypeError:
        return True
