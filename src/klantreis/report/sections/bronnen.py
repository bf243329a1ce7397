"""Sources (the literature the method rests on) and the shared appendices: the documents studied
per municipality and the people involved per role (counts only)."""

from __future__ import annotations

import pandas as pd


def add_sources(report, build, prepared=None) -> None:
    study = build.study
    report.heading("Bronnen", 1)
    literature = sorted(study.instruments.literatuur.bronnen, key=lambda b: (b.auteurs, b.jaar))
    if literature:
        report.paragraph("Literatuur waarop de methode en het theoretisch kader rusten:")
        report.bullets([f"{b.auteurs} ({b.jaar}). {b.titel}." + (f" {b.uitgever}." if b.uitgever else "")
                        for b in literature])
    report.paragraph("De beleidsdocumenten die per gemeente zijn bestudeerd, staan in de bijlage ‘Bestudeerde "
                     "documenten’.")


def add_appendices(report, build, prepared=None) -> None:
    study = build.study
    o = study.settings.onderzoek
    report.appendix("Bestudeerde documenten")
    if not o.bronnen:
        report.paragraph("[Nog in te vullen door de onderzoekers in studie.yaml, onderzoek.bronnen: titel, "
                         "organisatie, jaar en eventueel de gemeente van elk bestudeerd document.]")
    for gemeente in [*study.settings.gemeenten, None]:
        mine = [b for b in o.bronnen if b.gemeente == gemeente]
        if not mine:
            continue
        report.heading(gemeente or "Voor alle gemeenten", 2)
        report.bullets([f"{b.organisatie} ({b.jaar}). {b.titel}." for b in sorted(mine, key=lambda b: (b.jaar, b.titel))])

    report.appendix("Betrokkenen bij het onderzoek")
    if not o.betrokkenen:
        report.paragraph("[Nog in te vullen door de onderzoekers in studie.yaml, onderzoek.betrokkenen: per rol het "
                         "aantal betrokkenen, zonder namen.]")
        return
    report.paragraph("Aan het onderzoek werkten mee (aantallen per rol; namen staan om privacyredenen niet in dit "
                     "rapport):")
    with_gemeente = any(b.gemeente for b in o.betrokkenen)
    table = pd.DataFrame([{"Rol": b.rol, **({"Gemeente": b.gemeente or "Alle gemeenten"} if with_gemeente else {}),
                           "Aantal": b.aantal} for b in o.betrokkenen])
    report.table(table, "Betrokkenen per rol", formats={"Aantal": "{:.0f}"})
