"""The verkenning as evidence for the municipality chapters (`Method.bevindingen`).

Per municipality and respondent group of the self-scan, in the last round:
- "cijfer": per aspect (vroegtijdig, samenhangend, passend) one sentence with the group's mean
  scores on the uitgangspunten of that aspect (an uitgangspunt is a kenmerk; its aspect comes
  from instruments/zeven_kenmerken.yaml through `study.instruments.aspecten_van`);
- "verbeterpunt": the uitgangspunt the group scores lowest;
- "uitspraak": the group's open answers (already redacted by the analysis, only from cells the
  report shows), under the aspect of the uitgangspunt they answer.
For the whole study (gemeente None), per perspective, the uitgangspunten chosen most often as
most in need of improvement ("verbeterpunt", weight: the share that chose it).

Privacy: a number is offered only when both the group (gemeente × perspectief × ronde in
`groepsgrootte`) and the cell (uitgangspunt × gemeente × ronde × perspectief in `cellen`) are
shown by the report's rule, i.e. reach the minimum and are not hidden to protect a smaller
group (`afgeschermd`); so nothing here is derivable that the report does not print.

Perspective: the self-scan's respondent groups map onto the four perspectives through
`vocabulaire.rol_perspectief` (inwoner → client, beleid → beleid, ketenpartner → professional,
management → organisatie, professional → professional) plus the self-scan's own group
"uitvoerder" → professional (`OWN_GROUPS`). A group of a study's own questionnaire that maps to
no perspective offers no evidence. Two groups of one perspective (uitvoerders and
ketenpartners) stay separate findings, each naming its group in `bron`.
"""

from __future__ import annotations

import pandas as pd

from ..methods import ASPECTEN, Bevinding
from . import text

METHOD = "verkenning"
OWN_GROUPS = {"uitvoerder": "professional"}
TOP_PRIORITIES = 3


def perspective_of(group: str, vocabulaire) -> str | None:
    """The perspective (methods.PERSPECTIEVEN) a respondent group of the self-scan speaks from."""
    return vocabulaire.rol_perspectief.get(group) or OWN_GROUPS.get(group)


def bevindingen(build) -> list[Bevinding]:
    a = build.analysis(METHOD)
    if a is None:
        return []
    return findings(a, build.study.instruments)


def findings(a, instruments) -> list[Bevinding]:
    """The findings of a `VerkenningAnalyse` (see the module docstring)."""
    vocabulaire = instruments.vocabulaire
    scale = (a.vragenlijst.schaal.min, a.vragenlijst.schaal.max)
    names = a.uitgangspunt_namen
    aspect_of = {code: next(iter(instruments.aspecten_van([code])), None) for code in names}
    ronde = a.laatste_ronde
    sizes = a.groepsgrootte[a.groepsgrootte["ronde"] == ronde]
    shown_groups = {(str(r.gemeente), str(r.perspectief)): int(r.respondenten) for r in sizes.itertuples()
                    if not bool(r.onderdrukt) and pd.notna(r.respondenten) and int(r.respondenten) > 0}
    cells = a.cellen[(a.cellen["ronde"] == ronde) & ~a.cellen["onderdrukt"].astype(bool)]
    out: list[Bevinding] = []
    for (gemeente, group), part in cells.groupby(["gemeente", "perspectief"], sort=False, observed=True):
        gemeente, group = str(gemeente), str(group)
        perspectief = perspective_of(group, vocabulaire)
        if perspectief is None or (gemeente, group) not in shown_groups:
            continue
        n = shown_groups[(gemeente, group)]
        bron = text.source(group, gemeente, ronde, n)
        means = {str(r.uitgangspunt): float(r.gemiddelde) for r in part.itertuples()}
        for aspect in ASPECTEN:
            points = [(names.get(code, code), mean) for code, mean in means.items() if aspect_of.get(code) == aspect]
            if points:
                out.append(Bevinding(
                    methode=METHOD, gemeente=gemeente, perspectief=perspectief, aspect=aspect, soort="cijfer",
                    tekst=text.score_sentence(group, gemeente, vocabulaire.aspecten[aspect], points, scale),
                    bron=bron, gewicht=float(n)))
        code = min(means, key=lambda c: (means[c], c))
        out.append(Bevinding(
            methode=METHOD, gemeente=gemeente, perspectief=perspectief, aspect=aspect_of.get(code),
            soort="verbeterpunt", tekst=text.lowest_sentence(group, gemeente, names.get(code, code), means[code], scale),
            bron=bron, gewicht=float(scale[1] - means[code])))
    out += _open_answers(a, vocabulaire, aspect_of, shown_groups)
    out += _priorities(a, vocabulaire, aspect_of)
    return out


def _open_answers(a, vocabulaire, aspect_of, shown_groups) -> list[Bevinding]:
    """The open answers of the last round (redacted, from shown cells only) as statements."""
    answers = a.open[a.open["ronde"].astype(str) == a.laatste_ronde].drop_duplicates(["gemeente", "perspectief", "tekst"])
    out = []
    for r in answers.itertuples():
        gemeente, group = str(r.gemeente), str(r.perspectief)
        perspectief = perspective_of(group, vocabulaire)
        if perspectief is None or (gemeente, group) not in shown_groups:
            continue
        out.append(Bevinding(
            methode=METHOD, gemeente=gemeente, perspectief=perspectief, aspect=aspect_of.get(str(r.uitgangspunt)),
            soort="uitspraak", tekst=str(r.tekst),
            bron=text.source(group, gemeente, a.laatste_ronde, what="zelfscan, open antwoord")))
    return out


def _priorities(a, vocabulaire, aspect_of) -> list[Bevinding]:
    """Per perspective (all municipalities) the uitgangspunten chosen most often for improvement."""
    prio = a.prioriteiten[(a.prioriteiten["ronde"].astype(str) == a.laatste_ronde)
                          & ~a.prioriteiten["onderdrukt"].astype(bool)]
    names = a.uitgangspunt_namen
    out = []
    for r in prio.itertuples():
        perspectief = perspective_of(str(r.perspectief), vocabulaire)
        if perspectief is None or pd.isna(r.volgorde) or int(r.volgorde) > TOP_PRIORITIES or not int(r.aantal):
            continue
        out.append(Bevinding(
            methode=METHOD, gemeente=None, perspectief=perspectief, aspect=aspect_of.get(str(r.uitgangspunt)),
            soort="verbeterpunt", tekst=text.priority_sentence(str(r.perspectief), names.get(r.uitgangspunt, r.uitgangspunt),
                                                              float(r.aandeel)),
            bron=text.source(str(r.perspectief), None, a.laatste_ronde, int(r.n), what="zelfscan, prioriteiten"),
            gewicht=float(r.aandeel)))
    return out
