"""The zeven kenmerken: one evidence table from every method, the verdict of each source and the
kenmerkenprofiel per municipality with its traffic light.

The evidence table has one row per piece of evidence: kenmerk, gemeente (missing for a session
of all municipalities together, which counts for each of them), bron (the method), indicator
(what was found, redacted), richting ("+" goes well, "-" does not, "0" mentioned without a
verdict, missing when there is no verdict: a suppressed number, a checklist answer 'onbekend'),
sterkte (0–1, missing when suppressed) and verwijzing (back to the file, table or session).

Privacy: numbers come from the methods' own suppressed tables, so a group below the study's
minimum gives a row without a number and without a direction; statements of stakeholders are
paraphrases or quotes with consent; every text passes the study's redactor once more.

The rule of the light is data (instruments/kenmerken_regel.yaml, `model.Regel`): per source
the majority of + and - is its verdict; the first light whose conditions hold, counts.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import pandas as pd

from ..methods import method
from ..report.numbers import getal

COLUMNS = ["kenmerk", "gemeente", "bron", "indicator", "richting", "sterkte", "verwijzing"]
# The sources in the order of the profile's columns.
BRONNEN = ["klantreizen", "verkenning", "stakeholders", "effectenarena", "gezamenlijke reis", "checklist"]
RICHTING = {"positief": "+", "negatief": "-", "verbeterpunt": "-", "neutraal": "0"}
CHECKLIST_RICHTING = {"voldoet": "+", "deels": "0", "voldoet niet": "-", "onbekend": None}


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _direction(value: float, drempel) -> str:
    if value >= drempel.positief_vanaf:
        return "+"
    return "-" if value < drempel.negatief_onder else "0"


# --- evidence from each method --------------------------------------------------------------------

def from_klantreizen(source) -> pd.DataFrame:
    """Per municipality and kenmerk the mean experience at the steps where residents' statements
    were coded to that kenmerk (`meta_analyse.aspect_statistics` with the kenmerken as groups);
    below the study's minimum a row without number and direction."""
    from ..klantreizen.meta_analyse import aspect_statistics

    study = source.study
    if not len(study.interviews):
        return _frame([])
    meta = source.analysis("klantreizen")
    codes = [k.code for k in study.kenmerken_checklist.kenmerken]
    table = aspect_statistics(meta.tabellen["stappen"], meta.tabellen["themas"], {c: c for c in codes},
                              study.min_group)
    drempel, curve = study.kenmerken_regel.drempels["klantreizen"], study.settings.curve
    rows = []
    for r in table.itertuples():
        if bool(r.onderdrukt):
            rows.append({"kenmerk": r.aspect, "gemeente": r.groep, "bron": "klantreizen",
                         "indicator": f"beleving op stappen waar inwoners dit kenmerk noemden: minder dan "
                                      f"{study.min_group} inwoners, geen cijfer",
                         "richting": None, "sterkte": float("nan"), "verwijzing": "klantreizen, tabel themas"})
            continue
        mean = float(r.gemiddelde)
        rows.append({"kenmerk": r.aspect, "gemeente": r.groep, "bron": "klantreizen",
                     "indicator": f"beleving op stappen waar inwoners dit kenmerk noemden: gemiddeld "
                                  f"{getal(mean, sign=True)} (n = {int(r.n)})",
                     "richting": _direction(mean, drempel),
                     "sterkte": min(1.0, abs(mean) / max(abs(curve.min), abs(curve.max))),
                     "verwijzing": "klantreizen, tabel themas × stappen"})
    return _frame(rows)


def from_verkenning(source) -> pd.DataFrame:
    """The verkenning's mean score per uitgangspunt (= kenmerk) and perspective in each
    municipality's latest round; a suppressed cell gives no number and no direction."""
    study = source.study
    try:
        result = source.analysis("verkenning")
    except KeyError:
        return _frame([])
    cells = getattr(result, "cellen", None)
    if cells is None or not len(cells):
        return _frame([])
    # Per municipality its latest round with at least one number to show (a follow-up with too
    # few respondents everywhere would otherwise hide a complete earlier round).
    order = list(dict.fromkeys(cells["ronde"]))
    ranked = cells.assign(_r=cells["ronde"].map(order.index))
    shown = ranked[~ranked["onderdrukt"].astype(bool)].groupby("gemeente")["_r"].max()
    last = ranked["gemeente"].map(shown).fillna(ranked.groupby("gemeente")["_r"].transform("max"))
    latest = ranked[ranked["_r"] == last]
    drempel = study.kenmerken_regel.drempels["verkenning"]
    rows = []
    hidden = latest["onderdrukt"].astype(bool) | latest["gemiddelde"].isna()
    # Perspectives without a number: one row per municipality and kenmerk that names them.
    for (gemeente, kenmerk, ronde), part in latest[hidden].groupby(["gemeente", "uitgangspunt", "ronde"], sort=False):
        rows.append({"kenmerk": kenmerk, "gemeente": gemeente, "bron": "verkenning",
                     "indicator": f"geen cijfer voor {', '.join(part['perspectief'])} (minder dan "
                                  f"{study.min_group} respondenten, of afgeschermd)",
                     "richting": None, "sterkte": float("nan"), "verwijzing": f"verkenning, {ronde}"})
    for r in latest[~hidden].itertuples():
        where = f"verkenning, {r.ronde}, {r.perspectief}"
        mean = float(r.gemiddelde)
        rows.append({"kenmerk": r.uitgangspunt, "gemeente": r.gemeente, "bron": "verkenning",
                     "indicator": f"score {r.perspectief}: {getal(mean)} op 1–5 (n = {int(r.n)})",
                     "richting": _direction(mean, drempel), "sterkte": abs(mean - 3.0) / 2.0, "verwijzing": where})
    return _frame(rows)


def from_stakeholders(source) -> pd.DataFrame:
    """Statements coded to a kenmerk: an improvement point is "-", another statement "0"
    (mentioned, without a verdict). A literal quote is shown only with consent."""
    study = source.study
    if not len(getattr(study, "stakeholders", []) or []):
        return _frame([])
    result = source.analysis("stakeholders")
    codes = {k.code for k in study.kenmerken_checklist.kenmerken}
    rows = []
    for r in result.uitspraken.itertuples():
        shown = r.tekst if (not r.citaat or r.mag_citeren) else "letterlijke uitspraak zonder toestemming (niet getoond)"
        for code in r.codes:
            if code in codes:
                rows.append({"kenmerk": code, "gemeente": r.gemeente if isinstance(r.gemeente, str) else None,
                             "bron": "stakeholders", "indicator": shown,
                             "richting": "-" if r.verbeterpunt else "0", "sterkte": float("nan"),
                             "verwijzing": f"stakeholders/{r.id}.yaml, uitspraak {r.nr} ({r.rol})"})
    return _frame(rows)


def from_method(name: str, source) -> pd.DataFrame:
    """A method's own evidence table (`Method.evidence`), directions as + / - / 0."""
    try:
        m = method(name)
    except KeyError:
        return _frame([])
    parts = {"effectenarena": "effectenarena", "gezamenlijke_reis": "gezamenlijke_reis"}
    if m.evidence is None or not len(getattr(source.study, parts.get(name, name), []) or []):
        return _frame([])
    table = m.evidence(source.study, source.analysis(name))  # the build's analysis, not a second one
    table = table.assign(richting=table["richting"].map(RICHTING), verwijzing=table["verwijzing"].map(_readable),
                         gemeente=table["gemeente"].where(table["gemeente"].notna(), None))
    return table.dropna(subset=["kenmerk"])[COLUMNS]


_SESSION_FILE = re.compile(r"(?P<map>\w+)/(?P<datum>\d{4}-\d{2}-\d{2})_(?P<naam>[^.,#\s]+)\.yaml#?")


def _readable(reference: str) -> str:
    """'effectenarena/2026-04-14_lindewaarde.yaml#F04' → 'effectenarena, sessie lindewaarde van
    14 april 2026, F04': a reader finds the session, and no ISO date looks like a phone number."""
    import datetime as dt

    from ..report.numbers import datum

    def session(found) -> str:
        when = datum(dt.date.fromisoformat(found["datum"]))
        return f"{found['map'].replace('_', ' ')}, sessie {found['naam'].replace('_', ' ')} van {when}" + \
            (", " if found.group(0).endswith("#") else "")

    return _SESSION_FILE.sub(session, str(reference))


def from_checklist(study) -> pd.DataFrame:
    """The checklist answers (kenmerken.yaml): voldoet +, deels 0, voldoet niet -, onbekend no
    direction. This is the method's `evidence`."""
    answers, redact = study.kenmerken, study.redactor
    indicators = study.kenmerken_checklist.indicators
    rows = []
    for nr, a in enumerate(answers.antwoorden, 1):
        ind = indicators[a.indicator]
        text = f"{a.indicator} {ind.tekst} — {a.antwoord}" + (f": {a.bewijs.strip()}" if a.bewijs.strip() else "")
        rows.append({"kenmerk": a.indicator.split(".")[0], "gemeente": a.gemeente, "bron": "checklist",
                     "indicator": text, "richting": CHECKLIST_RICHTING[a.antwoord],
                     "sterkte": {"voldoet": 1.0, "deels": 0.5, "voldoet niet": 1.0}.get(a.antwoord, float("nan")),
                     "verwijzing": f"kenmerken.yaml, antwoord {nr}"
                                   + (f" ({a.bron}{': ' + redact(a.verwijzing) if a.verwijzing else ''})"
                                      if a.bron else "")})
    return _frame(rows)


def evidence_table(source) -> pd.DataFrame:
    """Every method's evidence per kenmerk in one table (see the module docstring). `source`
    has `.study` and `.analysis(name)` (a report `Build`, or `Analyses`)."""
    parts = [from_klantreizen(source), from_verkenning(source), from_stakeholders(source),
             from_method("effectenarena", source), from_method("gezamenlijke_reis", source),
             from_checklist(source.study)]
    table = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else _frame([])
    # Every text once more through the study's redactor (references are file names and codes,
    # except a checklist answer's own reference, redacted where it is made).
    redact = source.study.redactor
    table["indicator"] = table["indicator"].map(lambda t: redact(str(t)))
    table["richting"] = table["richting"].astype(object).where(table["richting"].notna(), None)
    table["sterkte"] = pd.to_numeric(table["sterkte"], errors="coerce")
    return table.reset_index(drop=True)


# --- verdicts and the profile ---------------------------------------------------------------------

def verdict(directions) -> str | None:
    """A source's verdict on one kenmerk: + when more + than -, - when more - than +, 0
    otherwise; None when no row has a direction."""
    found = [d for d in directions if d in ("+", "-", "0")]
    if not found:
        return None
    plus, minus = found.count("+"), found.count("-")
    return "+" if plus > minus else "-" if minus > plus else "0"


def agreement(verdicts: list[str]) -> str:
    """convergent (the sources agree), divergent (one says +, another -) or alleen (one source)."""
    if len(verdicts) == 0:
        return "geen bewijs"
    if len(verdicts) == 1:
        return "alleen"
    return "divergent" if "+" in verdicts and "-" in verdicts else "convergent"


def for_gemeente(table: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The evidence of one municipality, with the sessions of all municipalities together."""
    return table[(table["gemeente"] == gemeente) | table["gemeente"].isna()]


def profile(table: pd.DataFrame, gemeente: str, kenmerken: list[str], regel) -> pd.DataFrame:
    """The kenmerkenprofiel of one municipality: one row per kenmerk with each source's verdict
    (None: no evidence with a direction), the counts the rule uses, overeenstemming and licht."""
    mine = for_gemeente(table, gemeente)
    rows = []
    for k in kenmerken:
        rows_k = mine[mine["kenmerk"] == k]
        verdicts = {b: verdict(rows_k.loc[rows_k["bron"] == b, "richting"]) for b in BRONNEN}
        given = [v for v in verdicts.values() if v is not None]
        plus, minus = given.count("+"), given.count("-")
        rows.append({"gemeente": gemeente, "kenmerk": k, **verdicts, "bewijsregels": len(rows_k),
                     "bronnen": len(given), "positief": plus, "negatief": minus,
                     "overeenstemming": agreement(given), "licht": regel.light(plus, minus, len(given))})
    out = pd.DataFrame(rows)
    for b in BRONNEN:  # a source without verdict is None, not NaN
        out[b] = out[b].astype(object).where(out[b].notna(), None)
    return out


@dataclass
class KenmerkenAnalyse:
    """The evidence table, the profile of every municipality (one long table) and the labels."""

    bewijs: pd.DataFrame
    profielen: pd.DataFrame
    labels: dict[str, str]

    def profiel(self, gemeente: str) -> pd.DataFrame:
        return self.profielen[self.profielen["gemeente"] == gemeente].reset_index(drop=True)


class Analyses:
    """Each method's analysis of a study, computed once (what a report `Build` offers)."""

    def __init__(self, study):
        self.study = study
        self._done: dict = {}

    def analysis(self, name: str):
        if name not in self._done:
            self._done[name] = method(name).analyse(self.study)
        return self._done[name]


def analyse_from(source) -> KenmerkenAnalyse:
    from ..teksten import named_gemeenten

    study = source.study
    table = evidence_table(source)
    codes = [k.code for k in study.kenmerken_checklist.kenmerken]
    profiles = [profile(table, g, codes, study.kenmerken_regel) for g in named_gemeenten(study.settings)]
    return KenmerkenAnalyse(bewijs=table, profielen=pd.concat(profiles, ignore_index=True) if profiles
                            else pd.DataFrame(), labels=study.kenmerken_checklist.labels)


def analyse(study) -> KenmerkenAnalyse:
    """The method's `analyse`: evidence and profiles of a loaded study."""
    return analyse_from(Analyses(study))


_per_build: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def of_build(build) -> KenmerkenAnalyse:
    """The analysis for one report build, computed once from the build's shared analyses."""
    if build not in _per_build:
        _per_build[build] = analyse_from(build)
    return _per_build[build]
