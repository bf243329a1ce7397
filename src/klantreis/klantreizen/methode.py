"""Method section, generated from the data: instruments, interviews per municipality, period,
privacy rules applied."""

from __future__ import annotations

import pandas as pd

from ..privacy import suppress_small_groups
from ..report.numbers import aantal, getal, n_labels, stuks
from ..report.numbers import datum as _date
from .bijlagen import curves_rule

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def _month(day) -> str:
    # A month, not a day: the first and last interview date belong to one resident each.
    return f"{MONTHS[day.month - 1]} {day.year}"


def add(report, build, prepared=None) -> None:
    study, meta = build.study, build.analysis("klantreizen")
    s = study.settings
    resp = meta.tabellen["respondenten"]
    n_total = len(resp)
    reizen = study.parts.get("schaduwreizen") or {g: study.schaduwreis for g in s.gemeenten}
    own = len({id(r) for r in reizen.values()}) > 1
    report.heading("Schaduwreis en individuele klantreizen", 2)
    report.paragraph(
        "Dit onderzoek volgt de methode Klantreis Sociaal Domein. Eerst is de reis door de toegang "
        "beschreven zoals die op papier bedoeld is (de schaduwreis"
        + (", voor elke gemeente haar eigen reis" if own else "") + "). Daarna vertelden inwoners in een "
        "diepte-interview hoe zij die reis echt hebben beleefd. Per stap gaven zij een score op de "
        "belevingscurve. Tot slot zijn alle interviews samen geanalyseerd (de meta-analyse)"
        + (": per gemeente tegen haar eigen reis, en tussen de gemeenten op de soorten stappen die hun reizen "
           "delen." if own else "."))
    report.heading("Gebruikte instrumenten", 3)
    journeys = [f"Schaduwreis {g}: {r.naam} ({len(r.steps)} stappen, waarvan "
                f"{sum(st.sleutelmoment for st in r.steps)} sleutelmomenten). Bron: {r.bron}."
                for g, r in reizen.items()] if own else [
        f"Schaduwreis: {study.schaduwreis.naam} ({len(study.schaduwreis.steps)} stappen, waarvan "
        f"{sum(st.sleutelmoment for st in study.schaduwreis.steps)} sleutelmomenten). Bron: "
        f"{study.schaduwreis.bron}."]
    report.bullets([
        *journeys,
        "Individuele klantreis: diepte-interview langs de stappen van de schaduwreis, met de "
        f"topiclijst van de kit, een belevingscurve van {getal(s.curve.min, 0, sign=True)} tot en met {getal(s.curve.max, 0, sign=True)} en de "
        f"waardenkaart ({len(study.instruments.waardenkaart.waarden)} waarden, hoogstens "
        f"{study.instruments.waardenkaart.max_keuzes} keuzes).",
        "Meta-analyse: beleving per stap, dieptepunten, afwijkingen van de schaduwreis, waarden en "
        f"thema's, gecodeerd met het codeboek ({len(study.instruments.codeboek.codes)} codes, waaronder "
        "de zeven kenmerken van een goede toegang en de vier perspectieven).",
    ])
    report.heading("Interviews", 3)
    first, last = resp["datum"].min(), resp["datum"].max()
    if n_total:
        when = (f"De interviews zijn gehouden van {_month(first)} tot en met {_month(last)}"
                if (first.year, first.month) != (last.year, last.month) else
                f"{'Het interview is' if n_total == 1 else 'De interviews zijn'} gehouden in {_month(first)}")
        report.paragraph(
            f"{when}, binnen de onderzoeksperiode van {_date(s.periode.begin)} tot en met {_date(s.periode.eind)}. "
            f"In totaal {'is' if n_total == 1 else 'zijn'} {stuks(n_total, 'inwoner', 'inwoners')} geïnterviewd.")
    else:
        report.paragraph("Er zijn (nog) geen interviews ingevoerd.")
    # How many residents were interviewed where is part of the design and is always reported;
    # the statistics about a municipality below the minimum are what the report withholds.
    sizes = meta.groepsgrootte.set_index("groep")
    order = [g for g in s.gemeenten if g in sizes.index]
    report.table(pd.DataFrame({"Gemeente": order, "Aantal interviews": [int(sizes.loc[g, "interviews"]) for g in order]}),
                 "Aantal interviews per gemeente")
    # The counts per role are published with the total, so they get secondary suppression too.
    roles = suppress_small_groups(resp.groupby("interviewer_rol")["respondent"].count().rename("n").reset_index(),
                                  "n", [], study.min_group, siblings=[])
    labels = study.instruments.vocabulaire.interviewer_rollen
    if len(roles):
        report.paragraph("Interviewers: " + "; ".join(
            f"{labels.get(role, role).lower()} ({count})"
            for role, count in zip(roles["interviewer_rol"], n_labels(roles, "n", study.min_group))) + ".")
    report.heading("Privacy", 3)
    n_quotes = int(resp["toestemming_citaten"].sum())
    # Below the minimum the total is itself a small group: "minder dan 5 van de 1" says nothing.
    consent = (f" ({aantal(n_quotes, study.min_group)} van de {n_total} inwoners)"
               if n_total >= study.min_group else "")
    report.paragraph(
        "Inwoners worden alleen aangeduid met een pseudoniem (zoals R01). Uitspraken zijn alleen "
        f"letterlijk opgenomen als de inwoner daarvoor toestemming gaf{consent}. Persoonsgegevens in uitspraken, zoals telefoonnummers, adressen en "
        "namen, zijn vervangen door een aanduiding als [naam], [telefoonnummer] of [adres]; de "
        "namen van de gemeenten blijven staan. Voor groepen van minder dan "
        f"{study.min_group} inwoners geeft dit rapport geen cijfers; daar staat 'n<{study.min_group}'. Zou zo'n "
        "groep uit te rekenen zijn door de getoonde groepen van het totaal af te trekken, dan is ook de kleinste "
        "andere groep verborgen; daar staat 'afgeschermd'. Een stap die in een kleine groep door niemand is "
        "gescoord, telt ook als kleine groep. Aantallen inwoners (wie een waarde koos, een stap oversloeg, een "
        f"thema noemde) staan er alleen bij {study.min_group} of meer; een kleiner aantal zou een paar inwoners "
        "aanwijzen. Toetsen gaan alleen over groepen waarvan het rapport de cijfers toont. Het aantal interviews "
        "per gemeente hoort bij de opzet van het onderzoek en staat er altijd.")
    report.paragraph(curves_rule(study.min_group))
