"""Chapter 1, Inleiding: aanleiding, onderzoeksvragen, onderzoeksopzet (generated from the data,
followed by every method's "methode" section), theoretical frame ("kader" sections) and a
leeswijzer."""

from __future__ import annotations

import pandas as pd

from ...methods import ASPECTEN, PERSPECTIEVEN, methods
from ...study import is_placeholder
from ...teksten import named_gemeenten
from .. import bewijs
from ..compose import method_sections
from ..numbers import datum as _date
from ..numbers import opsomming


def add(report, build, prepared=None) -> None:
    study = build.study
    s = study.settings
    o = s.onderzoek
    names = opsomming(named_gemeenten(s)) or "de gemeenten van het onderzoek"
    report.heading("Inleiding", 1)

    report.heading("Aanleiding", 2)
    if is_placeholder(o.aanleiding):
        report.paragraph("[Nog in te vullen door de onderzoekers in studie.yaml, onderzoek.aanleiding.]")
    else:
        report.free_text(o.aanleiding)

    report.heading("Onderzoeksvragen", 2)
    report.paragraph("Het onderzoek beantwoordt de volgende vragen:")
    report.numbered([v.vraag for v in o.onderzoeksvragen])
    report.paragraph("Hoofdstuk ‘Terug naar de vraagstelling’ zet per vraag en per gemeente het antwoord van de "
                     "onderzoekers naast het bewijs uit het onderzoek.")

    report.heading("Onderzoeksopzet", 2)
    used = [m.title for m in methods() if m.aantallen is not None and any(n for _, _, n in m.aantallen(study))]
    report.paragraph(
        f"Het onderzoek liep van {_date(s.periode.begin)} tot en met {_date(s.periode.eind)} in "
        f"{names}. " + (f"Gebruikte methoden: {opsomming([u.lower() for u in used])}. " if used else
                                     "Er zijn nog geen gegevens van methoden ingevoerd. ")
        + "Tabel {n} laat zien wat elke methode per gemeente opleverde.".format(n=report.tables + 1))
    table = participation(study)
    report.table(table, "Deelname per methode en gemeente (aantallen; ‘Samen’: sessies en "
                                       "antwoorden voor de gemeenten samen). Hoeveel mensen waar meededen, hoort bij de "
                                       "opzet en staat er altijd; cijfers over een groep kleiner dan "
                                       f"{study.min_group} staan nergens in het rapport.",
                 widths_cm=[6.5] + [2.0] * (len(table.columns) - 1))
    if not is_placeholder(o.werving):
        report.labelled("Werving", report.redact(o.werving))
    else:
        report.paragraph("[Hoe de deelnemers zijn geworven: nog in te vullen door de onderzoekers in studie.yaml, "
                         "onderzoek.werving.]")
    for section in method_sections("methode"):
        build.add(section, report)
    from . import COREQ_METHODE

    build.add(COREQ_METHODE, report)

    report.heading("Theoretisch kader", 2)
    _frame(report, study)
    for section in method_sections("kader"):
        build.add(section, report)

    report.heading("Leeswijzer", 2)
    report.paragraph(
        f"Na deze inleiding volgt per gemeente een hoofdstuk ({names}). Elk begint met de context en "
        "de toegang zoals die bedoeld is, en zet daarna per perspectief (beleid, organisatie, professionals, "
        "cliënten) het bedoelde naast het ervarene, geordend naar vroegtijdig, samenhangend en passend. Daarna "
        "volgen de onderbouwing per methode en de conclusies en aanbevelingen voor die gemeente. Het hoofdstuk "
        "‘Vergelijking van de gemeenten’ legt de gemeenten naast elkaar; ‘Terug naar de vraagstelling’ "
        "beantwoordt de onderzoeksvragen. De bijlagen bevatten de bestudeerde documenten, de betrokkenen, het "
        "codeboek, de individuele belevingscurven en de statistische verantwoording.")
    report.paragraph(f"Bij elk perspectief komt de tekst van de onderzoekers eerst; daaronder staat het bewijs uit de "
                     f"methoden. {bewijs.RULE}")


def participation(study) -> pd.DataFrame:
    """What each method gathered per municipality (the design of the study, not a statistic)."""
    gemeenten = named_gemeenten(study.settings)
    rows = []
    for m in methods():
        if m.aantallen is None:
            continue
        per_wat: dict[str, dict] = {}
        for wat, gemeente, n in m.aantallen(study):
            per_wat.setdefault(wat, {})
            key = gemeente if gemeente in gemeenten else "Samen"
            per_wat[wat][key] = per_wat[wat].get(key, 0) + n
        for wat, counts in per_wat.items():
            rows.append({"Methode": f"{m.title}: {wat}", **{g: counts.get(g, 0) for g in gemeenten},
                         "Samen": counts.get("Samen", 0), "Totaal": sum(counts.values())})
    columns = ["Methode", *gemeenten, "Samen", "Totaal"]
    table = pd.DataFrame(rows, columns=columns)
    if not table.empty and not table["Samen"].any():
        table = table.drop(columns="Samen")
    return table


def _frame(report, study) -> None:
    instruments = study.instruments
    vocab = instruments.vocabulaire
    report.heading("Vroegtijdig, samenhangend en passend", 3)
    report.paragraph(
        "De eerste onderzoeksvraag kijkt naar drie kanten van de toegang. Het rapport ordent de ervaringen in elk "
        "hoofdstuk per gemeente langs deze drie aspecten:")
    aspect_codes = {c.aspect: c for c in instruments.codeboek.codes if c.groep == "aspect"}
    report.bullets([f"{vocab.aspecten[a]}: {aspect_codes[a].omschrijving}" if a in aspect_codes else vocab.aspecten[a]
                    for a in ASPECTEN])
    report.heading("Vier perspectieven", 3)
    report.paragraph("Integraal werken is te bekijken vanuit vier perspectieven. Elk hoofdstuk per gemeente volgt ze:")
    by_perspective = {c.perspectief: c for c in instruments.codeboek.codes if c.groep == "perspectief" and c.perspectief}
    report.bullets([f"{vocab.perspectieven[p]}: {by_perspective[p].omschrijving}" if p in by_perspective
                    else vocab.perspectieven[p] for p in PERSPECTIEVEN])
    report.heading("De zeven kenmerken van een goede toegang", 3)
    report.paragraph("De zeven kenmerken vormen de toetssteen van de conclusies. Tabel {n} noemt ze, met het aspect "
                     "van de eerste onderzoeksvraag waar elk kenmerk vooral over gaat.".format(n=report.tables + 1))
    report.table(pd.DataFrame([{"Kenmerk": f"{k.code}. {k.naam}",
                                "Aspect": vocab.aspecten.get(k.aspect, "") if k.aspect else ""}
                               for k in instruments.kenmerken.kenmerken]),
                 "De zeven kenmerken van een goede toegang", widths_cm=[12, 4])

