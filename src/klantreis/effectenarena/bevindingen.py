"""The effectenarena as evidence for the municipality chapters (`Method.bevindingen`).

Per session, every factor the room named, hindering or helping, as an "uitspraak" under the
factor's own perspective (cliënt, professional, organisatie, beleid), with the room's score in
the sentence; the `TOP` highest-ranked factors also as a "verbeterpunt" (where the room saw the
most to gain). `gemeente` is the session's municipality (None for a joint session); `aspect` is
the aspect of the factor's kenmerk (instruments/zeven_kenmerken.yaml), None when it has none;
`gewicht` is the factor's priority (dots, or the mean of impact × haalbaarheid).

Privacy: factor texts are redacted when the analysis reads them (`study.redactor`); the score is
only in the sentence when the room (its voting participants) reaches the study's minimum, so no
number describes a smaller group. Role groups are not used here.
"""

from __future__ import annotations

import pandas as pd

from ..methods import Bevinding
from . import text

METHOD = "effectenarena"
TOP = 3


def bevindingen(build) -> list[Bevinding]:
    study = build.study
    if not study.effectenarena:
        return []
    return findings(build.analysis(METHOD), study.instruments, study.min_group)


def findings(a, instruments, min_group: int) -> list[Bevinding]:
    t = a.tabellen
    voters = t["deelnemers"][t["deelnemers"]["stemt"].astype(bool)].groupby("sessie")["deelnemer"].nunique()
    out: list[Bevinding] = []
    for s in a.sessies.itertuples():
        factors = t["factoren"][t["factoren"]["sessie"] == s.sessie]
        ranked = factors.merge(a.ranking, on=["sessie", "factor"], how="left")
        with_score = int(voters.get(s.sessie, 0)) >= min_group
        gemeente = s.gemeente if isinstance(s.gemeente, str) else None
        bron = text.session_source(s.titel, s.datum)
        n_factors = len(factors)
        for r in ranked.to_dict("records"):
            scored = with_score and pd.notna(r["rang"])
            aspect = next(iter(instruments.aspecten_van([r["kenmerk"]] if r["kenmerk"] else [])), None)
            weight = float(r["prioriteit"]) if scored else 0.0
            common = dict(methode=METHOD, gemeente=gemeente, perspectief=r["perspectief"], aspect=aspect,
                          bron=f"{bron}, factor {r['factor']}", gewicht=weight)
            out.append(Bevinding(soort="uitspraak", tekst=text.factor_sentence(r, s.methode, n_factors, scored),
                                 **common))
            if pd.notna(r["rang"]) and int(r["rang"]) <= TOP:
                out.append(Bevinding(soort="verbeterpunt", tekst=text.gain_sentence(r, s.methode, n_factors, scored),
                                     **common))
    return out
