"""The stakeholder conversations in the report: how they were held (the method section), what
was said in each municipality (a section of its chapter) and the themes side by side (the
comparison chapter).

Privacy: stakeholders are few and recognisable. Speakers are named by role only; no count of
people per role and municipality is printed, and a focus group's participants per role only
when no role below the minimum can be read from them (`privacy.suppress_small_counts`).
"""

from __future__ import annotations

import pandas as pd

from ..methods import ASPECTEN, PERSPECTIEVEN
from ..privacy import suppress_small_counts
from ..report.numbers import datum as _date
from ..report.numbers import n_labels, stuks
from .analyse import REGIONAAL, select_quotes, selection_rule
from .bevindingen import ROL_MEERVOUD, source

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
GEMEENTE_HEADING = "Gesprekken met beleid, organisatie en professionals"
INITIALS = {"beleid": "B", "organisatie": "O", "professional": "P", "client": "C"}


def _month(day) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _join(items: list[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1] if items else ""


def _counted(gesprekken: pd.DataFrame, interview: str = "interview") -> str:
    interviews = int((gesprekken["soort"] == "interview").sum())
    groups = int((gesprekken["soort"] == "focusgroep").sum())
    parts = [stuks(interviews, interview, interview + "s")] if interviews else []
    parts += [stuks(groups, "focusgroep", "focusgroepen")] if groups else []
    return _join(parts)


# --- the method section ---------------------------------------------------------------------------

def add_method(report, build, prepared=None) -> None:
    study, a = build.study, build.analysis("stakeholders")
    vocab = study.instruments.vocabulaire
    g = a.gesprekken
    report.heading("Stakeholderinterviews en focusgroep", 2)
    if g.empty:
        report.paragraph("Er zijn (nog) geen stakeholderinterviews of focusgroepen ingevoerd.")
        return
    first, last = g["datum"].min(), g["datum"].max()
    when = (f"van {_month(first)} tot en met {_month(last)}" if (first.year, first.month) != (last.year, last.month)
            else f"in {_month(first)}")
    roles = [ROL_MEERVOUD.get(r, vocab.stakeholder_rollen.get(r, r).lower()) for r in vocab.stakeholder_rollen
             if r in set(g["rol"].dropna()) | set(a.deelnemers["rol"])]
    report.paragraph(
        "Naast de inwoners is gesproken met mensen die de toegang vanuit hun werk of vanuit de adviesraad kennen. "
        f"In totaal {'is' if len(g) == 1 else 'zijn'} {_counted(g, 'stakeholderinterview')} gehouden, {when}, binnen de onderzoeksperiode van {_date(study.settings.periode.begin)} "
        f"tot en met {_date(study.settings.periode.eind)}. Gesproken is met mensen uit {_join(roles)}. Een interview "
        "was een gesprek met één persoon; in een focusgroep bespraken meerdere mensen samen dezelfde vragen. "
        "Interviewers waren "
        f"{_join(sorted({vocab.interviewer_rollen.get(r, r).lower() for r in g['interviewer_rol']}))}.")
    rows = []
    for gemeente in [*study.settings.gemeenten, REGIONAAL]:
        part = g[g["gemeente"] == gemeente]
        if gemeente == REGIONAAL and part.empty:
            continue
        groups = part[part["soort"] == "focusgroep"]
        rows.append({"Gemeente": "Regionaal" if gemeente == REGIONAAL else gemeente,
                     "Interviews": int((part["soort"] == "interview").sum()),
                     "Focusgroepen": len(groups), "Deelnemers aan focusgroepen": int(groups["deelnemers"].sum())})
    report.table(pd.DataFrame(rows), "Stakeholderinterviews en focusgroepen per gemeente")
    for row in g[g["soort"] == "focusgroep"].itertuples():
        report.paragraph(_focus_group_sentence(row, a.deelnemers[a.deelnemers["id"] == row.id], study))
    mapping = "; ".join(f"{ROL_MEERVOUD.get(r, r)}: {vocab.perspectieven[p].lower()}"
                        for r, p in vocab.rol_perspectief.items() if r in vocab.stakeholder_rollen)
    report.paragraph(
        "De uitspraken zijn tijdens of direct na het gesprek samengevat, of letterlijk genoteerd als de spreker dat "
        "toestond, en gecodeerd met het codeboek van de studie (thema's, de zeven kenmerken en de aspecten "
        "vroegtijdig, samenhangend en passend). Een uitspraak hoort bij het perspectief van de rol van de spreker "
        f"({mapping}). " + selection_rule())
    report.paragraph(
        "Stakeholders zijn er per gemeente maar weinig, en ze zijn herkenbaar: er is vaak maar één "
        "beleidsmedewerker of teamleider. Daarom noemt dit rapport sprekers alleen bij hun rol ('interview beleid', "
        "'focusgroep professionals'), nooit bij naam of pseudoniem, en staat nergens hoeveel mensen van een rol "
        f"in een gemeente zijn gesproken. Van een focusgroep staat het aantal deelnemers per rol er alleen bij "
        f"{study.min_group} of meer, en alleen als daaruit geen kleinere groep af te leiden is. Namen, adressen en "
        "telefoonnummers in uitspraken zijn vervangen door [naam], [adres] of [telefoonnummer].")


def _focus_group_sentence(row, people: pd.DataFrame, study) -> str:
    where = "regionale focusgroep" if row.gemeente == REGIONAAL else f"focusgroep in {row.gemeente}"
    people = people[people["aantal"] > 0]
    shown = suppress_small_counts(people, "aantal", study.min_group, siblings=[])
    parts = [ROL_MEERVOUD.get(r, r) + ("" if hidden else f" ({int(n)})")
             for r, n, hidden in zip(shown["rol"], shown["aantal"], shown["onderdrukt"])]
    return (f"De {where} ({_month(row.datum)}) had {stuks(int(row.deelnemers), 'deelnemer', 'deelnemers')}: "
            f"{_join(parts)}.")


# --- the section in each municipality's chapter ------------------------------------------------------

def add_gemeente(report, build, prepared=None, gemeente: str | None = None) -> None:
    study, a = build.study, build.analysis("stakeholders")
    vocab = study.instruments.vocabulaire
    report.heading(GEMEENTE_HEADING, 2)
    g = a.gesprekken[a.gesprekken["gemeente"] == gemeente]
    if g.empty:
        report.paragraph(f"In {gemeente} zijn geen stakeholderinterviews of focusgroepen gehouden.")
        return
    statements = a.uitspraken[a.uitspraken["gemeente"] == gemeente]
    perspectives = [p for p in PERSPECTIEVEN if p in set(statements["perspectief"])]
    report.paragraph(
        f"In {gemeente} {'is' if len(g) == 1 else 'zijn'} {_counted(g)} gehouden. Hieronder staat per perspectief welke thema's ter sprake "
        "kwamen, geordend naar de drie aspecten van de onderzoeksvraag (vroegtijdig, samenhangend, passend), met "
        "enkele letterlijke uitspraken. Sprekers staan alleen met hun rol vermeld.")
    labels = study.instruments.code_labels
    aspect_of = {c.code: c.aspect for c in study.instruments.codeboek.codes}
    groups = {c.code: c.groep for c in study.instruments.codeboek.codes}
    codes = a.codes[a.codes["gemeente"] == gemeente]
    quotes = select_quotes(a.citaten[a.citaten["gemeente"] == gemeente])
    for perspectief in perspectives:
        report.heading(vocab.perspectieven[perspectief], 3)
        mine = codes[(codes["perspectief"] == perspectief) & codes["code"].map(groups).isin(["thema", "kenmerk"])]
        counts = mine.groupby("code")["id"].nunique()
        said = statements[statements["perspectief"] == perspectief]
        for aspect in ASPECTEN:
            if not said["aspecten"].map(lambda found: aspect in found).any():
                continue
            themes = sorted((c for c in counts.index if aspect_of.get(c) == aspect),
                            key=lambda c: (-counts[c], list(labels).index(c)))
            text = "; ".join(labels[c] for c in themes) if themes else "ter sprake gekomen, zonder een apart thema"
            report.labelled(vocab.aspecten[aspect], text + ".")
        for q in quotes[quotes["perspectief"] == perspectief].itertuples():
            report.quote(q.tekst, source(q.soort, q.rol, q.perspectief, vocab))
    points = statements[statements["verbeterpunt"] & ~(statements["citaat"] & ~statements["mag_citeren"])]
    if len(points):
        report.paragraph("Verbeterpunten die in de gesprekken zijn genoemd:", bold=True)
        report.bullets([f"{text} ({source(s, r, p, vocab)})" for text, s, r, p in
                        zip(points["tekst"], points["soort"], points["rol"], points["perspectief"])])


# --- the comparison chapter ------------------------------------------------------------------------

def comparison_table(a, study) -> pd.DataFrame:
    """Themes (thema and kenmerk codes) × gemeente: the initials of the perspectives that raised
    the theme there, and the distinct conversations in all municipalities together (suppressed
    below the minimum, as a count of people)."""
    groups = {c.code: c.groep for c in study.instruments.codeboek.codes}
    labels = study.instruments.code_labels
    codes = a.codes[a.codes["code"].map(groups).isin(["thema", "kenmerk"])]
    places = [*study.settings.gemeenten] + ([REGIONAAL] if (codes["gemeente"] == REGIONAAL).any() else [])
    total = codes.groupby("code")["id"].nunique().rename("n").reset_index()
    total["order"] = total["code"].map(list(labels).index)
    total = total.sort_values(["n", "order"], ascending=[False, True])
    shown = suppress_small_counts(total, "n", study.min_group)
    rows = []
    for code, label in zip(shown["code"], n_labels(shown, "n", study.min_group)):
        row = {"Thema": labels[code]}
        for place in places:
            found = set(codes[(codes["code"] == code) & (codes["gemeente"] == place)]["perspectief"])
            row["Regionaal" if place == REGIONAAL else place] = " ".join(
                INITIALS[p] for p in PERSPECTIEVEN if p in found) or "–"
        row["Gesprekken"] = label
        rows.append(row)
    return pd.DataFrame(rows)


def add_vergelijking(report, build, prepared=None) -> None:
    study, a = build.study, build.analysis("stakeholders")
    report.heading("Thema's uit de gesprekken met stakeholders", 2)
    if a.codes.empty:
        report.paragraph("Er zijn (nog) geen stakeholderinterviews of focusgroepen met gecodeerde uitspraken.")
        return
    table = comparison_table(a, study)
    report.paragraph(
        "De tabel zet de thema's uit de stakeholderinterviews en focusgroepen naast elkaar. Per gemeente staat welke "
        "perspectieven het thema noemden; de laatste kolom telt in hoeveel gesprekken (interviews en focusgroepen, "
        "alle gemeenten samen) het thema ter sprake kwam. Dat zegt iets over hoe vaak een thema opkwam, niet over "
        "hoe belangrijk het is.")
    report.table(table, "Thema's in de stakeholdergesprekken per gemeente. B = beleid, O = organisatie, "
                        "P = professionals, C = cliënten; – = niet genoemd; Gesprekken = aantal gesprekken "
                        f"met het thema, n<{study.min_group} als dat er minder dan {study.min_group} zijn")
