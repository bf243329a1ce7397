"""The numbers of the context per municipality: rates per 1,000 households against the national
figure, and spending per client per route. Numbers in, numbers out; the sentences are in `text`.

Route figures are about organisations and budgets (clients of a route, euros spent), not about
the residents the study interviewed, so the study's minimum group size does not apply to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..instruments import CONTEXT_WETTEN


@dataclass(frozen=True)
class ContextAnalyse:
    voorzieningen: pd.DataFrame  # one row per municipality × law
    routes: pd.DataFrame         # one row per municipality × route
    overzicht: pd.DataFrame      # one row per municipality: the facts side by side


def per_1000(aantal, huishoudens):
    """Households with a provision per 1,000 households: 1000 · aantal / huishoudens (NaN when
    either is unknown)."""
    if aantal is None or huishoudens is None or pd.isna(aantal) or pd.isna(huishoudens) or huishoudens == 0:
        return float("nan")
    return 1000.0 * aantal / huishoudens


def rates(context, landelijk) -> pd.DataFrame:
    """Per municipality (in the study's order) and law: the count, the households, the rate per
    1,000 households, the national rate and their ratio (`verhouding` = gemeente / landelijk;
    1.2 means 20% more households with that provision than nationally).

    Columns: gemeente, wet, wet_label, aantal, huishoudens, per_1000, landelijk, verhouding."""
    rows = []
    for gemeente in context.volgorde:
        g = context.van(gemeente)
        for wet, label in CONTEXT_WETTEN.items():
            aantal = getattr(g.voorzieningen, wet)
            national = landelijk.per_1000_huishoudens.get(wet)
            rate = per_1000(aantal, g.huishoudens)
            ratio = rate / national if national and not pd.isna(rate) else float("nan")
            rows.append({"gemeente": gemeente, "wet": wet, "wet_label": label,
                         "aantal": aantal, "huishoudens": g.huishoudens, "per_1000": rate,
                         "landelijk": float(national) if national is not None else float("nan"),
                         "verhouding": ratio})
    table = pd.DataFrame(rows, columns=["gemeente", "wet", "wet_label", "aantal", "huishoudens", "per_1000",
                                        "landelijk", "verhouding"])
    for column in ("aantal", "huishoudens"):
        table[column] = table[column].astype("Int64")
    return table


def routes(context) -> pd.DataFrame:
    """One row per municipality and route, with spending per client (uitgaven / clienten; NaN
    without clients) and per new registration.

    Columns: gemeente, route, clienten, nieuwe_aanmeldingen, uitgaven, jaar, per_client."""
    rows = [{"gemeente": gemeente, "route": r.naam, "clienten": r.clienten,
             "nieuwe_aanmeldingen": r.nieuwe_aanmeldingen, "uitgaven": r.uitgaven, "jaar": r.jaar}
            for gemeente in context.volgorde for r in context.van(gemeente).routes]
    table = pd.DataFrame(rows, columns=["gemeente", "route", "clienten", "nieuwe_aanmeldingen", "uitgaven", "jaar"])
    for column in ("clienten", "nieuwe_aanmeldingen", "jaar"):
        table[column] = table[column].astype("Int64")
    table["uitgaven"] = table["uitgaven"].astype("float64")
    clients = table["clienten"].astype("float64")
    table["per_client"] = (table["uitgaven"] / clients.where(clients > 0)).astype("float64")
    return table


def overview(context) -> pd.DataFrame:
    """One row per municipality: inhabitants, households, persons per household, model, positioning."""
    rows = []
    for gemeente in context.volgorde:
        g = context.van(gemeente)
        rows.append({"gemeente": gemeente, "inwoners": g.inwoners, "huishoudens": g.huishoudens,
                     "personen_per_huishouden": (g.inwoners / g.huishoudens
                                                 if g.inwoners and g.huishoudens else float("nan")),
                     "jaar": g.jaar, "organisatiemodel": g.organisatiemodel, "positionering": g.positionering})
    table = pd.DataFrame(rows, columns=["gemeente", "inwoners", "huishoudens", "personen_per_huishouden", "jaar",
                                        "organisatiemodel", "positionering"])
    for column in ("inwoners", "huishoudens", "jaar"):
        table[column] = table[column].astype("Int64")
    return table


def analyse(study) -> ContextAnalyse:
    context = study.context
    landelijk = study.instruments.organisatiemodellen.landelijk
    return ContextAnalyse(voorzieningen=rates(context, landelijk), routes=routes(context), overzicht=overview(context))
