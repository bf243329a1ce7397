"""The stakeholder conversations as evidence for the chapter of each municipality.

Every statement becomes one `Bevinding` per aspect it speaks to (or one without an aspect):
a literal quote with both consents as "citaat", a paraphrase as "uitspraak", an improvement
point as "verbeterpunt". A literal quote without consent is not offered at all: its words are
the speaker's own, so printing them as a paraphrase would still quote them. Speakers are named
by role only ("interview beleid", "focusgroep professionals"), never by pseudonym and gemeente.
"""

from __future__ import annotations

from ..methods import Bevinding

# How a source reads in the report: the kind of conversation and the speaker's role, short.
ROL_KORT = {"beleid": "beleid", "management": "management", "professional": "professional",
            "ketenpartner": "ketenpartner", "clientvertegenwoordiger": "cliëntvertegenwoordiger"}
ROL_MEERVOUD = {"beleid": "beleid", "management": "management", "professional": "professionals",
                "ketenpartner": "ketenpartners", "clientvertegenwoordiger": "cliëntvertegenwoordigers"}


def source(soort: str, rol: str | None, perspectief: str, vocabulaire) -> str:
    """"interview beleid", "focusgroep professionals"; a focus group statement whose speaker is not
    known is named after its perspective ("focusgroep, perspectief organisatie")."""
    if rol is None:
        return f"{soort}, perspectief {vocabulaire.perspectieven[perspectief].lower()}"
    words = ROL_KORT if soort == "interview" else ROL_MEERVOUD
    return f"{soort} {words.get(rol, vocabulaire.stakeholder_rollen.get(rol, rol).lower())}"


def bevindingen(build) -> list[Bevinding]:
    """Every printable statement of every conversation, for the whole study (the report filters
    per gemeente, perspectief and aspect). `gewicht` is the number of distinct conversations in
    the study that raised one of the statement's codes (the most for any of them)."""
    study = build.study
    a = build.analysis("stakeholders")
    vocab = study.instruments.vocabulaire
    raised = a.codes.groupby("code")["id"].nunique().to_dict() if len(a.codes) else {}
    out = []
    for row in a.uitspraken.itertuples():
        if row.perspectief is None:
            continue  # cannot happen in a loaded study: the checks demand a perspective
        if row.citaat and not row.mag_citeren:
            continue
        if row.verbeterpunt:
            soort = "verbeterpunt"
        else:
            soort = "citaat" if row.mag_citeren else "uitspraak"
        weight = float(max((raised.get(c, 0) for c in row.codes), default=0))
        for aspect in row.aspecten or [None]:
            out.append(Bevinding(
                methode="stakeholders", gemeente=None if row.gemeente == "regionaal" else row.gemeente,
                perspectief=row.perspectief, aspect=aspect, soort=soort, tekst=row.tekst,
                bron=source(row.soort, row.rol, row.perspectief, vocab), gewicht=weight, kant="ervaren",
                respondent=row.id))
    return out
