"""The stakeholder conversations in numbers: tidy tables, no sentences.

Counts say what they count. A theme "came up in 3 gesprekken" counts distinct conversations
(an interview, or a focus group session), not statements: one beleidsmedewerker who returns to
waiting times five times is one conversation. Free text is redacted where it enters the tables
(`study.redactor`), and a literal quote is kept for printing only with the consent of the
conversation and of the statement itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..methods import ASPECTEN, PERSPECTIEVEN
from .model import may_quote, perspective_of, speaker_role

REGIONAAL = "regionaal"  # the gemeente column of a regional or joint conversation
PER_PERSPECTIVE = 2  # quotes per perspective in one municipality's section
PER_SPEAKER = 1  # quotes of one speaker (a person, or one role in a focus group) per perspective

_COLUMNS = {
    "gesprekken": ["id", "soort", "gemeente", "datum", "interviewer_rol", "rol", "deelnemers",
                   "toestemming_citaten", "uitspraken"],
    "deelnemers": ["id", "gemeente", "rol", "aantal"],
    "uitspraken": ["id", "soort", "gemeente", "nr", "rol", "perspectief", "aspecten", "codes", "tekst", "citaat",
                   "mag_citeren", "verbeterpunt"],
    "codes": ["id", "gemeente", "nr", "perspectief", "code"],
    "themas": ["code", "label", "groep", "perspectief", "gemeente", "gesprekken", "uitspraken"],
    "aspecten": ["aspect", "perspectief", "gemeente", "gesprekken", "uitspraken"],
    "citaten": ["id", "soort", "gemeente", "nr", "rol", "perspectief", "aspecten", "codes", "tekst"],
}


@dataclass
class StakeholderAnalyse:
    """`gesprekken` (one row per conversation), `deelnemers` (focus group participants per role),
    `uitspraken` (one row per statement, text redacted, `mag_citeren` when both consents were
    given), `codes` (statement × code), `themas` (code × perspectief × gemeente: distinct
    `gesprekken` and `uitspraken`), `aspecten` (aspect × perspectief × gemeente, the same two
    counts), `citaten` (the statements that may be printed as literal quotes) and
    `citaten_per_thema` (the same quotes, one row per quote × thema or kenmerk code, ordered by
    code and perspective: the candidates per theme per perspective)."""

    gesprekken: pd.DataFrame
    deelnemers: pd.DataFrame
    uitspraken: pd.DataFrame
    codes: pd.DataFrame
    themas: pd.DataFrame
    aspecten: pd.DataFrame
    citaten: pd.DataFrame
    citaten_per_thema: pd.DataFrame
    tabellen: dict = field(default_factory=dict)


def analyse(study) -> StakeholderAnalyse:
    instr = study.instruments
    return stakeholder_tables(study.stakeholders, instr.vocabulaire.rol_perspectief, instr.code_labels,
                              {c.code: c.groep for c in instr.codeboek.codes}, instr.aspecten_van,
                              study.redactor)


def stakeholder_tables(gesprekken, rol_perspectief: dict, labels: dict, groups: dict, aspecten_van,
                       redact) -> StakeholderAnalyse:
    conv, people, statements, codes = [], [], [], []
    for g in gesprekken:
        gemeente = g.gemeente if g.gemeente is not None else REGIONAAL
        conv.append({"id": g.id, "soort": g.soort, "gemeente": gemeente, "datum": g.datum,
                     "interviewer_rol": g.interviewer_rol, "rol": g.rol, "deelnemers": g.aantal_deelnemers,
                     "toestemming_citaten": g.toestemming.citaten, "uitspraken": len(g.uitspraken)})
        for rol, n in g.deelnemers.items():
            people.append({"id": g.id, "gemeente": gemeente, "rol": rol, "aantal": n})
        for nr, u in enumerate(g.uitspraken, 1):
            perspectief = perspective_of(g, u, rol_perspectief)
            statements.append({"id": g.id, "soort": g.soort, "gemeente": gemeente, "nr": nr,
                               "rol": speaker_role(g, u), "perspectief": perspectief,
                               "aspecten": aspecten_van(u.codes), "codes": list(u.codes), "tekst": redact(u.tekst),
                               "citaat": u.citaat, "mag_citeren": may_quote(g, u), "verbeterpunt": u.verbeterpunt})
            for code in dict.fromkeys(u.codes):
                codes.append({"id": g.id, "gemeente": gemeente, "nr": nr, "perspectief": perspectief, "code": code})
    frames = {name: pd.DataFrame(rows, columns=_COLUMNS[name]) for name, rows in
              (("gesprekken", conv), ("deelnemers", people), ("uitspraken", statements), ("codes", codes))}
    frames["uitspraken"] = frames["uitspraken"].astype({"citaat": bool, "mag_citeren": bool, "verbeterpunt": bool,
                                                        "nr": int})
    code_table = frames["codes"]
    themas = _counts(code_table, ["code", "perspectief", "gemeente"])
    themas.insert(1, "label", themas["code"].map(labels))
    themas.insert(2, "groep", themas["code"].map(groups))
    aspect_rows = frames["uitspraken"].explode("aspecten").dropna(subset=["aspecten"]).rename(
        columns={"aspecten": "aspect"})
    aspecten = _counts(aspect_rows, ["aspect", "perspectief", "gemeente"])
    themas = themas.sort_values(by=["code", "perspectief", "gemeente"], key=_order_key("code", list(labels)),
                                ignore_index=True)
    aspecten = aspecten.sort_values(by=["aspect", "perspectief", "gemeente"],
                                    key=_order_key("aspect", list(ASPECTEN)), ignore_index=True)
    quotes = frames["uitspraken"].loc[frames["uitspraken"]["mag_citeren"], _COLUMNS["citaten"]].reset_index(drop=True)
    by_theme = quotes.explode("codes").rename(columns={"codes": "code"})
    by_theme = by_theme[by_theme["code"].map(groups).isin(["thema", "kenmerk"])]
    by_theme = by_theme.sort_values(by=["code", "perspectief", "gemeente"], key=_order_key("code", list(labels)),
                                    ignore_index=True)[["code", "perspectief", "gemeente", "id", "nr", "rol", "tekst"]]
    return StakeholderAnalyse(gesprekken=frames["gesprekken"], deelnemers=frames["deelnemers"],
                              uitspraken=frames["uitspraken"], codes=code_table, themas=themas[_COLUMNS["themas"]],
                              aspecten=aspecten[_COLUMNS["aspecten"]], citaten=quotes, citaten_per_thema=by_theme,
                              tabellen=frames)


def _counts(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Distinct conversations and statements per group."""
    if rows.empty:
        return pd.DataFrame(columns=[*by, "gesprekken", "uitspraken"]).astype({"gesprekken": int, "uitspraken": int})
    grouped = rows.groupby(by, dropna=False)
    return pd.DataFrame({"gesprekken": grouped["id"].nunique(),
                         "uitspraken": grouped.apply(lambda part: len(part[["id", "nr"]].drop_duplicates()),
                                                     include_groups=False)}).reset_index()


def _order_key(first: str, order: list[str]):
    perspectives = {p: i for i, p in enumerate(PERSPECTIEVEN)}
    firsts = {v: i for i, v in enumerate(order)}

    def key(column: pd.Series) -> pd.Series:
        if column.name == first:
            return column.map(lambda v: firsts.get(v, len(firsts)))
        if column.name == "perspectief":
            return column.map(lambda v: perspectives.get(v, len(perspectives)))
        return column.astype(str)

    return key


def conversations_per_theme(codes: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Distinct conversations per code (and `by`), for any selection of the `codes` table."""
    if codes.empty:
        return pd.DataFrame(columns=["code", *by, "gesprekken"])
    return codes.groupby(["code", *by], dropna=False)["id"].nunique().rename("gesprekken").reset_index()


def select_quotes(quotes: pd.DataFrame, per_perspective: int = PER_PERSPECTIVE,
                  per_speaker: int = PER_SPEAKER, used: set | None = None) -> pd.DataFrame:
    """The literal quotes to print, perspective by perspective (in the order of PERSPECTIEVEN).

    `quotes` are rows of `StakeholderAnalyse.citaten` (already consented and redacted). Rules,
    in this order: a quote appears once (`used` carries the (id, nr) already printed elsewhere
    in the report and is updated); at most `per_speaker` quotes of one speaker (a person, or
    one role within a focus group) per perspective; at most `per_perspective` per perspective;
    among the quotes still allowed first one about an aspect not yet covered for that
    perspective, then from the conversation quoted least so far (ties: id, statement number).
    """
    used = set() if used is None else used
    chosen = []
    by_conversation: Counter = Counter()
    for perspectief in PERSPECTIEVEN:
        part = quotes[quotes["perspectief"] == perspectief]
        speakers: Counter = Counter()
        covered: set[str] = set()
        for _ in range(per_perspective):
            allowed = [r for r in part.itertuples() if (r.id, r.nr) not in used
                       and speakers[(r.id, r.rol)] < per_speaker]
            if not allowed:
                break
            best = min(allowed, key=lambda r: (not (set(r.aspecten) - covered), by_conversation[r.id], r.id, r.nr))
            used.add((best.id, best.nr))
            speakers[(best.id, best.rol)] += 1
            by_conversation[best.id] += 1
            covered |= set(best.aspecten)
            chosen.append(best.Index)
    return quotes.loc[chosen]


def selection_rule(per_perspective: int = PER_PERSPECTIVE) -> str:
    """The rule of `select_quotes` in Dutch, for the report."""
    return (f"Per perspectief staan hoogstens {per_perspective} letterlijke uitspraken, van verschillende sprekers "
            "en bij voorkeur over verschillende aspecten; een uitspraak staat maar één keer in het rapport. "
            "Letterlijk geciteerd is alleen wie daar in het gesprek én voor die uitspraak toestemming voor gaf.")
