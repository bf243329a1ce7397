"""The klantreizen as evidence for the municipality chapters (`methods.Bevinding`).

Three kinds, all ready to print (the report only selects and orders):

- "citaat": a resident's literal quote, only with consent to quotes, redacted through the
  study's redactor, with the pseudonym as `respondent`; perspectief from the quote's P_ codes
  (default "client"), one Bevinding per aspect its codes speak to (or aspect None);
- "cijfer": per municipality and aspect one sentence with the mean experience at the steps where
  residents' themes speak to that aspect, only for a group of at least the study's minimum;
- "verbeterpunt": what a resident said could be better at a step that went badly (a score
  below neutral, or a step skipped or gone differently), redacted, and only of residents who
  consented to quotes, because these notes are usually the resident's own words.

The numbers come from `meta_analyse.aspect_statistics`; the Dutch sentences from `cijfer_zin`.
"""

from __future__ import annotations

from ..methods import Bevinding
from ..report.numbers import getal

METHODE = "klantreizen"


def cijfer_zin(gemeente: str, aspect_label: str, gemiddelde: float, n: int, curve) -> str:
    """The sentence of a "cijfer": the mean experience at the steps where residents' themes speak
    to one aspect, on the study's scale."""
    return (f"Op de stappen waar wat inwoners vertelden het aspect ‘{aspect_label.lower()}’ raakt, gaven {n} "
            f"geïnterviewde inwoners van {gemeente} hun beleving gemiddeld {getal(gemiddelde, sign=True)} op de "
            f"belevingscurve (van {getal(curve.min, 0, sign=True)} tot {getal(curve.max, 0, sign=True)}).")


def bevindingen(build) -> list[Bevinding]:
    """Every piece of klantreizen evidence of the study (all municipalities)."""
    study = build.study
    meta = build.analysis(METHODE)
    return [*_quotes(study, meta), *_figures(study, meta), *_improvements(study)]


def _aspects(study, codes) -> list[str | None]:
    return study.instruments.aspecten_van(codes) or [None]


def _quotes(study, meta) -> list[Bevinding]:
    from ..privacy import consented_quotes

    out = []
    for row in consented_quotes(meta.tabellen["citaten"], study.redactor).itertuples():
        codes = list(row.themas)
        perspectives = study.instruments.perspectieven_van(codes) or ["client"]
        for perspectief in perspectives:
            for aspect in _aspects(study, codes):
                out.append(Bevinding(
                    methode=METHODE, gemeente=row.gemeente, perspectief=perspectief, aspect=aspect, soort="citaat",
                    tekst=row.tekst, bron=f"klantreis {row.respondent}, bij ‘{row.stap_naam}’",
                    gewicht=float(len(codes)), respondent=row.respondent))
    return out


def _figures(study, meta) -> list[Bevinding]:
    from .meta_analyse import aspect_statistics

    aspect_of = {c.code: c.aspect for c in study.instruments.codeboek.codes if c.aspect}
    table = aspect_statistics(meta.tabellen["stappen"], meta.tabellen["themas"], aspect_of, study.min_group)
    labels = study.instruments.vocabulaire.aspecten
    curve = study.settings.curve
    out = []
    for row in table[~table["onderdrukt"].astype(bool)].itertuples():
        out.append(Bevinding(
            methode=METHODE, gemeente=row.groep, perspectief="client", aspect=row.aspect, soort="cijfer",
            tekst=cijfer_zin(row.groep, labels.get(row.aspect, row.aspect), float(row.gemiddelde), int(row.n), curve),
            bron=f"klantreizen, inwoners van {row.groep} (n = {int(row.n)})", gewicht=float(row.n)))
    return out


def _improvements(study) -> list[Bevinding]:
    from ..schaduwreis import schaduwreis_van

    redact = study.redactor
    out = []
    for iv in study.interviews:
        if not iv.toestemming.citaten:
            continue
        names = {s.id: s.naam for s in schaduwreis_van(study, iv.gemeente).steps}
        items = [(names.get(sv.stap, sv.stap), sv, sv.gebeurd != "ja") for sv in iv.stappen] + \
                [(f"{redact(e.naam)} (extra stap)", e, True) for e in iv.extra_stappen]
        for name, item, deviated in items:
            went_badly = (item.score is not None and item.score < 0) or (deviated and item.score is None)
            text = redact(item.beter).strip()
            if not text or not went_badly:
                continue
            codes = list(item.themas) + [c for q in item.citaten for c in q.themas]
            for aspect in _aspects(study, codes):
                out.append(Bevinding(
                    methode=METHODE, gemeente=iv.gemeente, perspectief="client", aspect=aspect, soort="verbeterpunt",
                    tekst=text, bron=f"klantreis {iv.respondent}, bij ‘{name}’",
                    gewicht=float(-(item.score if item.score is not None else 0)), respondent=iv.respondent))
    return out
