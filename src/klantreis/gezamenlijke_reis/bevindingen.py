"""The gezamenlijke reis as evidence for the municipality chapters (`Method.bevindingen`).

Every improvement point of every session is a "verbeterpunt"; `gewicht` is its points (the
room's priority), `gemeente` the session's municipality (None for a session of all
municipalities together), `aspect` the aspect of its first linked kenmerk that has one
(instruments/zeven_kenmerken.yaml), else None.

Perspective, the first rule that gives one:
1. the point's own codes name a perspective (`study.instruments.perspectieven_van`: a P_ code
   among its kenmerken);
2. the role group that gave the point the most points, among the role groups the report shows
   (at least the minimum, not shielded); a tie between groups gives no answer here. The group
   speaks from the perspective its voters' roles map to (`vocabulaire.rol_perspectief`:
   inwoner and cliëntvertegenwoordiger → client, professional and ketenpartner → professional,
   beleid → beleid, management → organisatie); with mixed roles, the one most voters have,
   ties in the order beleid, organisatie, professional, client;
3. otherwise "organisatie": an improvement point of the gezamenlijke reis is about how the
   toegang is organised, unless the data say otherwise.

Privacy: the point's text is redacted when the analysis reads it (`study.redactor`); numbers are
only in the sentence when at least the study's minimum of participants voted in the session.
"""

from __future__ import annotations

from collections import Counter

from ..methods import PERSPECTIEVEN, Bevinding
from . import text

METHOD = "gezamenlijke_reis"
DEFAULT = "organisatie"


def bevindingen(build) -> list[Bevinding]:
    study = build.study
    if not study.gezamenlijke_reis:
        return []
    return findings(build.analysis(METHOD), study.instruments, study.min_group)


def findings(result, instruments, min_group: int) -> list[Bevinding]:
    from ..report.numbers import datum

    t = result.tabellen
    out: list[Bevinding] = []
    for s in t["sessies"].itertuples():
        rank = result.rangorde[result.rangorde["sessie"] == s.sessie]
        with_score = int(s.stemmers) >= min_group
        gemeente = s.gemeente if isinstance(s.gemeente, str) else None
        where = gemeente or "alle gemeenten"
        for r in rank.to_dict("records"):
            aspect = next((a for k in r["kenmerken"] for a in instruments.aspecten_van([k])), None)
            out.append(Bevinding(
                methode=METHOD, gemeente=gemeente, perspectief=perspective(r, s.sessie, result, instruments),
                aspect=aspect, soort="verbeterpunt",
                tekst=text.improvement_sentence(r, len(rank), int(s.stemmers), with_score),
                bron=f"gezamenlijke reis, {datum(s.datum)} ({where}), {r['code']}",
                gewicht=float(r["punten"]) if with_score else 0.0))
    return out


def perspective(point: dict, sessie: str, result, instruments) -> str:
    """The perspective of one improvement point (the rule in the module docstring)."""
    own = instruments.perspectieven_van(list(point["kenmerken"]))
    if own:
        return own[0]
    roles = result.rollen
    shown = roles[(roles["sessie"] == sessie) & (roles["code"] == point["code"]) & ~roles["onderdrukt"].astype(bool)]
    if len(shown):
        top = shown[shown["punten"].astype(float) == shown["punten"].astype(float).max()]
        if len(top) == 1 and float(top["punten"].iloc[0]) > 0:
            group = top["rolgroep"].iloc[0]
            people = result.tabellen["deelnemers"]
            voters = people[(people["sessie"] == sessie) & (people["rolgroep"] == group) & people["stemt"].astype(bool)]
            mapped = Counter(instruments.vocabulaire.rol_perspectief.get(r) for r in voters["rol"])
            mapped.pop(None, None)
            if mapped:
                most = max(mapped.values())
                return next(p for p in PERSPECTIEVEN if mapped.get(p) == most)
    return DEFAULT
