"""The verkenning (self-scan) in the report, in four places:

- `add_method` ("methode", under the onderzoeksopzet): the questionnaire, the scale, the
  perspectives, the rounds, the respondents per group and the privacy rule;
- `add_gemeente` ("gemeente", in the chapter of each municipality): "Zelfscan in <gemeente>",
  that municipality's scores per uitgangspunt and perspective and its differences in words;
- `add_vergelijking` ("vergelijking"): all municipalities together, the perspectives and the
  municipalities compared, the rounds, where improvement is most needed, the open answers;
- `add_statistiek` ("statistiek", the appendix): every test and Cronbach's α.

Every number comes from `verkenning.analyse.analyse_verkenning`; sentences only describe
them (`verkenning.text`), and a difference is only put into words when it is significant
after Holm's correction. The main text gives the means and points to the appendix; the test
statistics are only in the appendix. Groups below the study's minimum have no numbers in the
analysis, only a flag; here they read "n<5" or "afgeschermd" (`report.numbers.n_label`). Open
answers are redacted and only shown for groups that reached the minimum. Without responses
every section is left out.
"""

from __future__ import annotations

import pandas as pd

from ..report.numbers import aantal, format_p, getal, n_label, n_labels, procent
from . import figures
from .text import municipality_sentences, perspective_sentences, round_sentences

MAX_OPEN_PER_POINT = 12
APPENDIX = "bijlage Statistische verantwoording"
POINTER = f"De toetsen achter deze zinnen staan in de {APPENDIX}."


def prepare(build):
    """Start drawing the figures of the comparison in the pool (see `report.compose`); None
    without responses."""
    analysis = build.analysis("verkenning")
    if analysis is None:
        return None
    return _draw_figures(analysis, build.pool)


def add_method(report, build, prepared=None) -> None:
    """The method of the self-scan, under the onderzoeksopzet (level 2)."""
    a = build.analysis("verkenning")
    if a is None:
        return
    n_resp = len(a.tabellen["respondenten"])
    report.heading("Zelfscan (verkenning)", 2)
    report.paragraph(
        "Met de verkenning houdt de gemeente zichzelf een spiegel voor. Inwoners, uitvoerders, beleid en "
        f"ketenpartners beoordelen dezelfde {len(a.vragenlijst.statements)} stellingen over de "
        f"{len(a.vragenlijst.uitgangspunten)} uitgangspunten van een goede toegang. Het is geen keuring van "
        "buitenaf: de uitkomsten zijn bedoeld om samen te bespreken wat goed gaat en wat beter kan. "
        f"In totaal vulden {aantal(n_resp, a.min_group)} respondenten de zelfscan in.")
    _method(report, build.study, a)


def add_gemeente(report, build, prepared=None, gemeente: str | None = None) -> None:
    """"Zelfscan in <gemeente>" (level 2): that municipality's scores per uitgangspunt and
    perspective in the last round, the lowest-scoring uitgangspunt per perspective and the
    significant differences between its perspectives in words. Nothing when nobody of this
    municipality answered."""
    a = build.analysis("verkenning")
    if a is None or gemeente is None:
        return
    labels, names = _labels(a), a.uitgangspunt_namen
    cells = a.cellen[(a.cellen["ronde"] == a.laatste_ronde) & (a.cellen["gemeente"] == gemeente)]
    sizes = a.groepsgrootte[(a.groepsgrootte["gemeente"] == gemeente) & (a.groepsgrootte["ronde"] == a.laatste_ronde)]
    if not len(cells) or not (sizes["respondenten"].fillna(1) > 0).any():
        return
    report.heading(f"Zelfscan in {gemeente}", 2)
    shown = sizes[sizes["respondenten"].fillna(1) > 0]
    report.paragraph(
        f"In de {a.laatste_ronde} vulden in {gemeente} respondenten uit deze perspectieven de zelfscan in: "
        + "; ".join(f"{labels.get(p, p).lower()} ({n})" for p, n in
                    zip(shown["perspectief"], n_labels(shown, "respondenten", a.min_group))) + ".")
    if cells["onderdrukt"].astype(bool).all():
        report.paragraph(f"Voor {gemeente} staan hier geen cijfers: per perspectief vulden minder dan "
                         f"{a.min_group} respondenten de zelfscan in, of de cijfers zouden via het totaal die "
                         f"van een kleinere gemeente prijsgeven (‘{n_label(None, True, True, a.min_group)}’). "
                         "De antwoorden tellen wel mee in de totalen over alle gemeenten.")
        return
    report.table(_means_table(cells, labels, "uitgangspunt", a.min_group),
                 f"Gemiddelde score per uitgangspunt en perspectief in {gemeente}, {a.laatste_ronde}")
    lowest = _lowest_per_perspective(cells)
    if lowest:
        report.paragraph(f"Het laagst beoordeelde uitgangspunt per perspectief in {gemeente}: " + "; ".join(
            f"{labels.get(p, p).lower()}: ‘{names.get(code, code)}’ (gemiddeld {getal(mean)})"
            for p, code, mean in lowest) + ".")
    pairs = a.perspectieven_paren_per_gemeente
    mine = pairs[(pairs["gemeente"] == gemeente) & (pairs["ronde"] == a.laatste_ronde)] if len(pairs) else pairs
    sentences = perspective_sentences(mine.drop(columns=["gemeente", "ronde"]), names, test=False) \
        if len(mine) else []
    if len(sentences):
        report.paragraph(f"Waar de perspectieven in {gemeente} duidelijk verschillen:")
        report.bullets(list(sentences["zin"]))
        report.paragraph(POINTER)
    else:
        report.paragraph(f"In {gemeente} verschillen de perspectieven niet duidelijk van elkaar (zie de "
                         f"{APPENDIX}).")


def add_vergelijking(report, build, figs) -> None:
    """The self-scan across the study (level 2): all municipalities together, the perspectives
    and the municipalities compared, the rounds, the priorities and the open answers."""
    a = build.analysis("verkenning")
    if a is None:
        return
    report.heading("Zelfscan: gemeenten en perspectieven vergeleken", 2)
    report.paragraph(
        "Deze paragraaf legt de uitkomsten van de zelfscan van alle gemeenten naast elkaar: eerst alle "
        "gemeenten samen per perspectief, dan de verschillen tussen perspectieven en tussen gemeenten, de "
        "verandering tussen de rondes, de uitgangspunten die volgens de respondenten het meest verbetering "
        f"nodig hebben en hun open antwoorden. Hoe de verschillen zijn getoetst, staat in de {APPENDIX}.")
    _results(report, build.study, a, figs or {})
    _municipalities(report, build.study, a)
    if len(a.rondes) > 1:
        _rounds(report, a, figs or {})
    _priorities(report, a)
    _open(report, a)
    _statements(report, a)


def add_statistiek(report, build, prepared=None) -> None:
    """The tests and the reliability of the self-scan, for the appendix (level 2)."""
    a = build.analysis("verkenning")
    if a is None:
        return
    report.heading("Zelfscan: toetsen en betrouwbaarheid", 2)
    _tests(report, build.study, a)
    _reliability(report, a)


# --- figures --------------------------------------------------------------------------------------

def _draw_figures(a, pool) -> dict:
    draw = pool.submit
    labels = _labels(a)
    last = _latest(a.per_perspectief, a)
    figs = {}
    # A figure in which the privacy rules leave nothing to draw says nothing (a small municipality).
    if len(_with_mean(last)):
        figs["radar"] = draw(figures.radar, last, labels)
        figs["gap"] = draw(figures.perspective_gap, last, labels)
    stmts = a.stellingen[a.stellingen["ronde"] == a.laatste_ronde]
    if len(_with_mean(stmts)):
        figs["stellingen"] = draw(figures.diverging_bars, stmts, a.vragenlijst.schaal.labels,
                                  dont_know_label="Weet niet", min_group=a.min_group)
    if len(a.rondes) > 1 and len(_with_mean(a.rondes_vergeleken, ROUND_MEANS)):
        figs["rondes"] = draw(figures.round_change, a.rondes_vergeleken, labels)
    return figs


# --- parts of the chapter -------------------------------------------------------------------------

def _method(report, study, a) -> None:
    vl = a.vragenlijst
    scale = vl.schaal.labels
    lo, hi = min(scale), max(scale)
    answers = a.antwoorden
    n_answers = len(answers)
    dont_know = int(answers["weet_niet"].sum())
    empty = int((answers["waarde"].isna() & ~answers["weet_niet"]).sum())
    report.paragraph(
        f"De vragenlijst ‘{vl.naam}’ (versie {vl.versie}) telt {len(vl.statements)} stellingen, verdeeld over "
        f"{len(vl.uitgangspunten)} uitgangspunten. Elke stelling hoort ook bij een van de "
        f"{len(vl.basisfuncties)} basisfuncties en een van de {len(vl.basisfunctionaliteiten)} "
        f"basisfunctionaliteiten. Respondenten antwoordden op een schaal van {lo} ({scale[lo].lower()}) tot en "
        f"met {hi} ({scale[hi].lower()}). Waar een perspectief een stelling anders beleeft, kreeg het een eigen "
        "formulering; inwoners kregen de stellingen in eenvoudige taal.")
    report.paragraph(
        f"Wie een stelling niet kon beoordelen, koos ‘{vl.schaal.weet_niet.label}’. Dat antwoord en een "
        "overgeslagen stelling tellen niet mee in de gemiddelden en de toetsen, maar worden apart geteld: "
        f"{_share(dont_know, n_answers)} van alle antwoorden was ‘weet niet’ en {_share(empty, n_answers)} bleef "
        "leeg. De score van een respondent op een uitgangspunt is het gemiddelde van zijn of haar antwoorden op "
        "de stellingen van dat uitgangspunt.")
    report.paragraph("De perspectieven:")
    report.bullets([p.label for p in vl.perspectieven])
    rounds = " en ".join(a.rondes)
    report.paragraph(
        f"De zelfscan is afgenomen in {len(a.rondes)} {'ronde' if len(a.rondes) == 1 else 'rondes'} ({rounds}). "
        "Respondenten vulden de lijst anoniem in; daarom zijn de rondes vergeleken als losse groepen en niet "
        "per persoon." if len(a.rondes) > 1 else
        f"De zelfscan is afgenomen in één ronde ({rounds}).")
    sizes = a.groepsgrootte.assign(respondenten=n_labels(a.groepsgrootte, "respondenten", a.min_group))
    table = sizes.pivot(index=["gemeente", "perspectief"], columns="ronde", values="respondenten")
    table = table.reindex(columns=a.rondes).reset_index()
    order = {g: i for i, g in enumerate(study.settings.gemeenten)}
    persp = {p.code: i for i, p in enumerate(vl.perspectieven)}
    table = table.sort_values(["gemeente", "perspectief"], key=lambda c: c.map(order if c.name == "gemeente"
                                                                               else persp).fillna(99))
    table["perspectief"] = table["perspectief"].map(_labels(a)).fillna(table["perspectief"])
    table = table.rename(columns={"gemeente": "Gemeente", "perspectief": "Perspectief",
                                  **{r: r.capitalize() for r in a.rondes}}).fillna("–")
    report.table(table, "Aantal respondenten per gemeente, perspectief en ronde")
    report.paragraph(
        f"Voor groepen van minder dan {a.min_group} respondenten geeft dit rapport geen cijfers en zijn geen "
        f"toetsen gedaan; daar staat ‘{n_label(None, True, False, a.min_group)}’. Hun antwoorden tellen wel mee in "
        "de totalen over alle gemeenten. Omdat iemand anders hun cijfers zou kunnen uitrekenen door de getoonde "
        "gemeenten van het totaal af te trekken, is dan ook de kleinste andere gemeente verborgen; daar staat "
        f"‘{n_label(None, True, True, a.min_group)}’. "
        "Open antwoorden zijn ontdaan van namen, telefoonnummers en andere persoonsgegevens.")


def _results(report, study, a, figs) -> None:
    last = _latest(a.per_perspectief, a)
    labels = _labels(a)
    report.heading(f"Alle gemeenten samen ({a.laatste_ronde})", 3)
    shows = ("De figuren tonen" if "radar" in figs else "De tabel toont")
    report.paragraph(
        f"Deze paragraaf gaat over de {a.laatste_ronde}, alle gemeenten samen. {shows} per perspectief "
        "de gemiddelde score op elk uitgangspunt (1 = helemaal oneens, 5 = helemaal eens).")
    lowest = a.laagste[(a.laagste["ronde"] == a.laatste_ronde) & (a.laagste["plaats"] == 1)]
    if len(lowest):
        report.paragraph("Het laagst beoordeelde uitgangspunt per perspectief: " + "; ".join(
            f"{labels.get(r.perspectief, r.perspectief).lower()}: ‘{r.uitgangspunt_naam}’ "
            f"(gemiddeld {getal(float(r.gemiddelde))})" for r in lowest.itertuples()) + ".")
    if "radar" in figs:
        report.figure(figs["radar"], alt_text=_means_alt(
            "Radardiagram met de uitgangspunten als spaken en één lijn per perspectief", last, labels, a.min_group),
            caption=f"Gemiddelde score per uitgangspunt en perspectief, {a.laatste_ronde}, alle gemeenten.")
        report.figure(figs["gap"], alt_text=_gap_alt(last, labels),
                      caption="Verschil tussen de perspectieven per uitgangspunt: de lijn loopt van het minst tot het "
                              "meest positieve perspectief.", width_cm=15)
    else:
        report.paragraph(f"Per perspectief vulden minder dan {a.min_group} respondenten de vragenlijst in. Daarom "
                         "staan hier geen figuren en geen gemiddelden.")
    report.table(_means_table(last, labels, "uitgangspunt", a.min_group),
                 f"Gemiddelde score per uitgangspunt en perspectief, {a.laatste_ronde} (tussen haakjes het aantal "
                 "respondenten)")

    report.heading("Verschillen tussen perspectieven", 4)
    report.paragraph(
        "Hieronder staan alleen de verschillen tussen twee perspectieven die na correctie voor het aantal "
        "vergelijkingen statistisch betrouwbaar zijn, alle gemeenten samen.")
    sentences = perspective_sentences(a.perspectieven_paren, a.uitgangspunt_namen, test=False)
    sentences = sentences[sentences["ronde"] == a.laatste_ronde] if "ronde" in sentences else sentences
    if len(sentences):
        report.bullets(list(sentences["zin"]))
        report.paragraph(POINTER)
    else:
        report.paragraph(f"De perspectieven verschillen niet duidelijk van elkaar (zie de {APPENDIX}).")

    report.heading("Basisfuncties en basisfunctionaliteiten", 4)
    report.paragraph(
        "Dezelfde antwoorden, nu gegroepeerd naar de vijf basisfuncties van de toegang en de drie "
        "basisfunctionaliteiten uit de propositie ‘Toegang: leren en verbeteren’.")
    report.table(_means_table(_latest(a.basisfuncties, a), labels, "basisfunctie", a.min_group),
                 f"Gemiddelde score per basisfunctie en perspectief, {a.laatste_ronde}")
    report.table(_means_table(_latest(a.basisfunctionaliteiten, a), labels, "basisfunctionaliteit", a.min_group),
                 f"Gemiddelde score per basisfunctionaliteit en perspectief, {a.laatste_ronde}")

    report.heading("De stellingen", 4)
    stmts = a.stellingen[a.stellingen["ronde"] == a.laatste_ronde]
    if "stellingen" not in figs:
        report.paragraph(f"Elke stelling werd door minder dan {a.min_group} respondenten beantwoord. Daarom staat "
                         "hier geen verdeling van de antwoorden. De tekst van elke stelling staat in de laatste "
                         "tabel van deze paragraaf.")
        return
    report.paragraph(
        "De figuur toont per stelling hoe de antwoorden over de schaal zijn verdeeld, alle perspectieven en "
        "gemeenten samen. Links van de middellijn staan de antwoorden ‘oneens’, rechts ‘eens’; ‘neutraal’ ligt "
        "over het midden. Het aandeel ‘weet niet’ staat apart rechts. De volledige tekst van elke stelling "
        "staat in de laatste tabel van deze paragraaf.")
    report.figure(figs["stellingen"], alt_text=_statements_alt(stmts),
                  caption=f"Verdeling van de antwoorden per stelling, {a.laatste_ronde}, alle respondenten.")


def _reliability(report, a) -> None:
    report.heading("Betrouwbaarheid van de uitgangspunten", 3)
    alpha = a.betrouwbaarheid
    low = alpha[alpha["oordeel"] == "laag"]
    report.paragraph(
        "Cronbach's α geeft aan of de stellingen van een uitgangspunt samen één geheel meten (van 0 tot 1). "
        "Onder 0,6 noemen we dat laag: de score van dat uitgangspunt is dan minder goed als één getal te lezen "
        "en de losse stellingen zeggen meer. α is berekend over de respondenten die elke stelling van het "
        "uitgangspunt op de schaal beantwoordden, uit de groepen (gemeente, perspectief en ronde) waarvan dit "
        "rapport cijfers geeft; bij minder dan 10 van zulke respondenten staat er geen α. "
        + (f"Laag is α bij: {', '.join(f'‘{n}’' for n in low['uitgangspunt_naam'])}." if len(low) else
           "Bij geen enkel uitgangspunt is α laag."))
    table = pd.DataFrame({
        "Uitgangspunt": [f"{c}. {n}" for c, n in zip(alpha["uitgangspunt"], alpha["uitgangspunt_naam"])],
        "Stel­lingen": alpha["k"], "Volledig ingevuld": alpha["n_volledig"],
        "α": alpha["alpha"],
        "95%-interval": [f"{getal(lo, 2)} – {getal(hi, 2)}" if pd.notna(lo) else "–"
                         for lo, hi in zip(alpha["ci_onder"], alpha["ci_boven"])],
        "Oordeel": alpha["oordeel"]})
    report.table(table, "Cronbach's α per uitgangspunt met 95%-betrouwbaarheidsinterval (alle rondes, perspectieven "
                        "en gemeenten met cijfers)", {"α": "{:.2f}"}, widths_cm=[6.2, 1.6, 2.0, 1.3, 2.6, 2.3])


def _priorities(report, a) -> None:
    labels = _labels(a)
    report.heading("Waar is verbetering het meest nodig?", 3)
    report.paragraph(
        f"Aan het eind van de lijst kozen respondenten de uitgangspunten waar verbetering volgens hen het meest "
        f"nodig is (‘{a.vragenlijst.prioriteit.vraag}’). De tabel toont per perspectief de drie uitgangspunten "
        f"die het vaakst zijn gekozen in de {a.laatste_ronde}, met het aandeel respondenten dat ze koos. Daarnaast "
        "staan de drie uitgangspunten met de laagste gemiddelde score.")
    prio = a.prioriteiten[a.prioriteiten["ronde"] == a.laatste_ronde]
    low = a.laagste[a.laagste["ronde"] == a.laatste_ronde]
    rows = []
    for code in [p.code for p in a.vragenlijst.perspectieven]:
        part = prio[prio["perspectief"] == code]
        if not len(part):
            continue
        if part["onderdrukt"].all():
            chosen = n_labels(part.head(1), "n", a.min_group)[0]
        else:
            top = part[part["volgorde"].astype(float) <= 3]
            chosen = "\n".join(f"{r.uitgangspunt}. {r.uitgangspunt_naam} ({procent(float(r.aandeel))})"
                                for r in top.itertuples())
        lowest = low[low["perspectief"] == code]
        rows.append({"Perspectief": labels.get(code, code), "Meest gekozen als verbeterpunt": chosen,
                     "Laagste gemiddelde score": "\n".join(
                         f"{r.uitgangspunt}. {r.uitgangspunt_naam} ({getal(float(r.gemiddelde))})"
                         for r in lowest.itertuples()) or n_label(None, True, False, a.min_group)})
    if rows:
        report.table(pd.DataFrame(rows), f"Verbeterpunten volgens elk perspectief, {a.laatste_ronde}")
    else:
        report.paragraph("Er zijn (nog) geen antwoorden op deze vraag.")


ROUND_MEANS = ("gemiddelde_van", "gemiddelde_naar")


def _with_mean(table: pd.DataFrame, columns: tuple[str, ...] = ("gemiddelde",)) -> pd.DataFrame:
    """The rows the privacy rules let show, with every mean in `columns` (a round comparison has
    two: "gemiddelde_van" and "gemiddelde_naar")."""
    if not len(table):
        return table
    shown = ~table["onderdrukt"].astype(bool)
    for column in columns:
        shown &= table[column].notna()
    return table[shown]


def _rounds(report, a, figs) -> None:
    labels = _labels(a)
    changes = a.rondes_vergeleken
    first, last = a.rondes[0], a.rondes[-1]
    report.heading(f"{first.capitalize()} en {last}", 3)
    report.paragraph(
        f"Per uitgangspunt en perspectief is de gemiddelde score in de {first} vergeleken met die in de {last}, "
        "alle gemeenten samen. Alleen veranderingen die na correctie voor het aantal vergelijkingen statistisch "
        "betrouwbaar zijn, staan hieronder in woorden.")
    if not len(_with_mean(changes, ROUND_MEANS)):  # a figure and a table without a single number say nothing
        report.paragraph(f"Per uitgangspunt en perspectief vulden in een van de rondes minder dan {a.min_group} "
                         "respondenten de vragenlijst in. Daarom staan hier geen cijfers.")
        return
    sentences = round_sentences(changes, a.uitgangspunt_namen, test=False)
    if len(sentences):
        report.bullets(list(sentences["zin"]))
        report.paragraph(POINTER)
    else:
        report.paragraph(f"Er zijn geen duidelijke veranderingen tussen de rondes (zie de {APPENDIX}).")
    if "rondes" in figs:
        report.figure(figs["rondes"], alt_text=_rounds_alt(changes, labels, first, last),
                      caption=f"Verandering van de gemiddelde score van {first} (open teken) naar {last} (dicht "
                              "teken) per uitgangspunt en perspectief; * = statistisch betrouwbare verandering.")
    names = a.uitgangspunt_namen
    perspectives = list(dict.fromkeys(changes["perspectief"]))
    rows = []
    for code in dict.fromkeys(changes["uitgangspunt"]):
        row = {"Uitgangspunt": f"{code}. {names.get(code, code)}"}
        for p in perspectives:
            cell = changes[(changes["uitgangspunt"] == code) & (changes["perspectief"] == p)]
            row[labels.get(p, p)] = _change_cell(cell.iloc[0], a.min_group) if len(cell) else "–"
        rows.append(row)
    report.table(pd.DataFrame(rows), f"Verandering van de gemiddelde score van {first} naar {last} "
                                     "(* = statistisch betrouwbare verandering, zie de bijlage)")


def _municipalities(report, study, a) -> None:
    """The municipalities compared in words (means only); each municipality's own table is in
    its chapter (`add_gemeente`)."""
    cells = a.cellen[a.cellen["ronde"] == a.laatste_ronde]
    gemeenten = [g for g in study.settings.gemeenten if (cells["gemeente"] == g).any()]
    if len(gemeenten) < 2:
        return
    report.heading("Verschillen tussen gemeenten", 3)
    report.paragraph(
        f"Per uitgangspunt en perspectief zijn de gemeenten in de {a.laatste_ronde} met elkaar vergeleken; alleen "
        "gemeenten met genoeg respondenten doen mee. De tabellen per gemeente staan in het hoofdstuk van die "
        "gemeente.")
    tests = a.gemeenten[a.gemeenten["ronde"] == a.laatste_ronde]
    lines = municipality_sentences(tests, cells, a.uitgangspunt_namen, _labels(a), test=False)
    if lines:
        report.bullets(lines)
        report.paragraph(POINTER)
    else:
        report.paragraph(f"De gemeenten verschillen niet duidelijk van elkaar (zie de {APPENDIX}).")


def _tests(report, study, a) -> None:
    """Every test of the self-scan, with its statistics (the appendix)."""
    labels, names = _labels(a), a.uitgangspunt_namen
    report.paragraph(
        "Per uitgangspunt is eerst getoetst of de perspectieven van elkaar verschillen (Kruskal–Wallis) en daarna "
        "welke twee perspectieven verschillen (Mann–Whitney), met de correctie van Holm voor het aantal "
        "vergelijkingen. In de tekst staan alleen verschillen die na die correctie significant zijn (p < 0,05). "
        "De effectgrootte r (rangbiseriële correlatie) loopt van 0 tot 1: rond 0,1 is klein, rond 0,3 "
        "middelgroot en vanaf 0,5 groot. Gemeenten zijn per uitgangspunt en perspectief vergeleken met de "
        "Kruskal–Wallis-toets (correctie van Holm over de uitgangspunten), rondes met de Mann–Whitney-toets "
        "(correctie van Holm over de uitgangspunten van één perspectief). Groepen zonder cijfers in dit rapport "
        "doen aan geen enkele toets mee.")
    report.heading(f"Verschillen tussen perspectieven ({a.laatste_ronde})", 3)
    kw = a.perspectieven[a.perspectieven["ronde"] == a.laatste_ronde]
    table = pd.DataFrame({
        "Uitgangspunt": kw["uitgangspunt"].map(lambda c: f"{c}. {names.get(c, c)}"),
        "n": kw["n"], "H": kw["H"], "df": kw["df"], "p (Holm)": kw["p_holm"].map(_p_cell),
        "ε²": kw["epsilon2"], "Niet getoetst": [_excluded(levels, a.min_group) for levels in kw["uitgesloten"]]})
    report.table(table, f"Kruskal–Wallis-toets tussen de perspectieven per uitgangspunt, {a.laatste_ronde}",
                 {"H": "{:.1f}", "ε²": "{:.2f}"})
    sentences = a.zinnen_perspectieven
    sentences = sentences[sentences["ronde"] == a.laatste_ronde] if "ronde" in sentences else sentences
    report.paragraph("Significante verschillen tussen twee perspectieven, alle gemeenten samen:" if len(sentences)
                     else "Er zijn geen significante verschillen tussen twee perspectieven gevonden.")
    if len(sentences):
        report.bullets(list(sentences["zin"]))
    pairs = a.perspectieven_paren_per_gemeente
    cells = a.cellen[a.cellen["ronde"] == a.laatste_ronde]
    for gemeente in [g for g in study.settings.gemeenten if (cells["gemeente"] == g).any()]:
        if cells.loc[cells["gemeente"] == gemeente, "onderdrukt"].astype(bool).all():
            continue
        mine = pairs[(pairs["gemeente"] == gemeente) & (pairs["ronde"] == a.laatste_ronde)] if len(pairs) else pairs
        own = perspective_sentences(mine.drop(columns=["gemeente", "ronde"]), names) if len(mine) else []
        if len(own):
            report.paragraph(f"Significante verschillen tussen de perspectieven in {gemeente}:")
            report.bullets(list(own["zin"]))
        else:
            report.paragraph(f"In {gemeente} zijn geen significante verschillen tussen de perspectieven gevonden.")
    gemeenten = [g for g in study.settings.gemeenten if (cells["gemeente"] == g).any()]
    if len(gemeenten) > 1:
        report.heading(f"Verschillen tussen gemeenten ({a.laatste_ronde})", 3)
        lines = municipality_sentences(a.gemeenten[a.gemeenten["ronde"] == a.laatste_ronde], cells, names, labels)
        if lines:
            report.bullets(lines)
        else:
            report.paragraph("Er zijn geen significante verschillen tussen de gemeenten gevonden.")
    if len(a.rondes) > 1:
        report.heading(f"{a.rondes[0].capitalize()} en {a.rondes[-1]}", 3)
        sentences = a.zinnen_rondes
        if len(sentences):
            report.bullets(list(sentences["zin"]))
        elif not len(_with_mean(a.rondes_vergeleken, ROUND_MEANS)):
            report.paragraph(f"Niet getoetst: per uitgangspunt en perspectief vulden in een van de rondes minder dan "
                             f"{a.min_group} respondenten de vragenlijst in.")
        else:
            report.paragraph("Er zijn geen significante veranderingen tussen de rondes gevonden.")


def _lowest_per_perspective(cells: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(perspective, uitgangspunt, mean) of the lowest shown mean per perspective, in the
    order of the table."""
    shown = cells[~cells["onderdrukt"].astype(bool)]
    out = []
    for p in dict.fromkeys(shown["perspectief"]):
        part = shown[shown["perspectief"] == p]
        means = part["gemiddelde"].astype(float)
        row = part.loc[means.idxmin()]
        out.append((str(p), str(row["uitgangspunt"]), float(row["gemiddelde"])))
    return out


def _statements(report, a) -> None:
    vl = a.vragenlijst
    report.heading("De stellingen van de vragenlijst", 3)
    bf = {k.code: k.naam for k in vl.basisfuncties}
    bfl = {k.code: k.naam for k in vl.basisfunctionaliteiten}
    table = pd.DataFrame([{"Code": s.code, "Stelling (standaardtekst)": s.tekst.standaard,
                           "Basisfunctie": bf.get(s.basisfunctie, s.basisfunctie),
                           "Basis­functiona­liteit": s.basisfunctionaliteit}
                          for s in vl.statements])
    report.table(table, "De stellingen met hun basisfunctie en basisfunctionaliteit",
                 widths_cm=[1.4, 8.8, 3.5, 2.3])
    report.paragraph("Basisfunctionaliteiten: " + "; ".join(f"{c}: {n}" for c, n in bfl.items()) + ".")


def _open(report, a) -> None:
    report.heading("Open antwoorden", 3)
    answers = a.open
    report.paragraph(
        "Bij elk uitgangspunt kon een respondent in eigen woorden toelichten wat beter kan. Hieronder staan die "
        f"antwoorden per uitgangspunt, alleen uit groepen van minstens {a.min_group} respondenten en met "
        "persoonsgegevens vervangen door een aanduiding als [naam] of [telefoonnummer]. Gelijke antwoorden "
        "staan er één keer.")
    if not len(answers):
        report.paragraph("Er zijn (nog) geen open antwoorden die getoond kunnen worden.")
        return
    labels = _labels(a)
    questions = {u.code: u.open_vraag for u in a.vragenlijst.uitgangspunten}
    for code in dict.fromkeys(answers["uitgangspunt"]):
        part = answers[answers["uitgangspunt"] == code].drop_duplicates("tekst")
        report.heading(f"{code}. {part['uitgangspunt_naam'].iloc[0]}", 4)
        report.paragraph(f"Vraag: {questions.get(code, '')}")
        for r in part.head(MAX_OPEN_PER_POINT).itertuples():
            report.quote(r.tekst, f"{labels.get(r.perspectief, r.perspectief).lower()}, {r.gemeente}, {r.ronde}")
        rest = len(part) - MAX_OPEN_PER_POINT
        if rest > 0:
            report.paragraph(f"Nog {rest} andere antwoorden bij dit uitgangspunt staan in de antwoordendatabase "
                             "van de studie.")


# --- helpers ------------------------------------------------------------------------------------

def _labels(a) -> dict[str, str]:
    return a.perspectief_namen


def _latest(table: pd.DataFrame, a) -> pd.DataFrame:
    return table[table["ronde"] == a.laatste_ronde].reset_index(drop=True)


def _means_table(table: pd.DataFrame, labels: dict[str, str], framework: str, min_group: int) -> pd.DataFrame:
    """Rows: uitgangspunten (or basisfuncties); columns: perspectives; cells '3,4 (61)', 'n<5'
    or 'afgeschermd'."""
    rows = []
    for code in dict.fromkeys(table[framework]):
        part = table[table[framework] == code]
        row = {_framework_title(framework): f"{code}. {part[f'{framework}_naam'].iloc[0]}"}
        for r in part.itertuples():
            n = n_label(r.n, r.onderdrukt, r.afgeschermd, min_group)
            row[labels.get(r.perspectief, r.perspectief)] = n if r.onderdrukt else f"{getal(float(r.gemiddelde))} ({n})"
        rows.append(row)
    return pd.DataFrame(rows).fillna("–")


def _framework_title(framework: str) -> str:
    return {"uitgangspunt": "Uitgangspunt", "basisfunctie": "Basisfunctie",
            "basisfunctionaliteit": "Basisfunctionaliteit"}.get(framework, framework)


def _means_alt(start: str, table: pd.DataFrame, labels: dict[str, str], min_group: int) -> str:
    parts = []
    for p in dict.fromkeys(table["perspectief"]):
        part = table[table["perspectief"] == p]
        if part["onderdrukt"].all():
            parts.append(f"{labels.get(p, p)}: te weinig respondenten, geen cijfers")
            continue
        parts.append(f"{labels.get(p, p)}: " + ", ".join(
            f"{r.uitgangspunt} {getal(float(r.gemiddelde))}" if not r.onderdrukt
            else f"{r.uitgangspunt} {n_label(r.n, r.onderdrukt, r.afgeschermd, min_group)}"
            for r in part.itertuples()))
    names = "; ".join(f"{c} = {n}" for c, n in dict(zip(table["uitgangspunt"], table["uitgangspunt_naam"])).items())
    return f"{start}. Gemiddelde scores op een schaal van 1 tot 5. " + ". ".join(parts) + f". Uitgangspunten: {names}."


def _gap_alt(table: pd.DataFrame, labels: dict[str, str]) -> str:
    shown = table[~table["onderdrukt"]]
    parts = []
    for code in dict.fromkeys(table["uitgangspunt"]):
        part = shown[shown["uitgangspunt"] == code]
        if len(part) < 2:
            continue
        means = part["gemiddelde"].astype(float)
        high, low = part.loc[means.idxmax()], part.loc[means.idxmin()]
        parts.append(f"{code} {part['uitgangspunt_naam'].iloc[0]}: van {getal(float(low['gemiddelde']))} "
                     f"({labels.get(low['perspectief'], low['perspectief']).lower()}) tot "
                     f"{getal(float(high['gemiddelde']))} ({labels.get(high['perspectief'], high['perspectief']).lower()}), "
                     f"verschil {getal(float(high['gemiddelde']) - float(low['gemiddelde']))}")
    return ("Stippengrafiek met per uitgangspunt een stip per perspectief op de gemiddelde score (1 tot 5), "
            "verbonden door een lijn van de laagste tot de hoogste score. " + "; ".join(parts) + ".")


def _statements_alt(stmts: pd.DataFrame) -> str:
    parts = []
    for r in stmts.itertuples():
        if r.onderdrukt:
            parts.append(f"{r.stelling}: te weinig antwoorden")
            continue
        agree = float(r.aandeel_4) + float(r.aandeel_5)
        disagree = float(r.aandeel_1) + float(r.aandeel_2)
        parts.append(f"{r.stelling}: {procent(agree)} eens, {procent(float(r.aandeel_3))} neutraal, "
                     f"{procent(disagree)} oneens, {procent(float(r.aandeel_weet_niet))} weet niet")
    return ("Gestapelde staafgrafiek per stelling, gecentreerd op neutraal: oneens links, eens rechts, ‘weet "
            "niet’ apart rechts. " + "; ".join(parts) + ".")


def _rounds_alt(changes: pd.DataFrame, labels: dict[str, str], first: str, last: str) -> str:
    parts = []
    for r in changes.itertuples():
        who = labels.get(r.perspectief, r.perspectief).lower()
        if r.onderdrukt:
            parts.append(f"{r.uitgangspunt} {who}: te weinig respondenten")
            continue
        star = " (significant)" if r.p_holm is not None and pd.notna(r.p_holm) and float(r.p_holm) < 0.05 else ""
        parts.append(f"{r.uitgangspunt} {who}: {getal(float(r.gemiddelde_van))} naar "
                     f"{getal(float(r.gemiddelde_naar))}{star}")
    return (f"Pijlen per uitgangspunt en perspectief van de gemiddelde score in de {first} naar die in de "
            f"{last}. " + "; ".join(parts) + ".")


def _change_cell(row, min_group: int) -> str:
    """'+0,3 *', or for a suppressed cell the label of the round that hides it: 'n<5' when a
    round is below the minimum, else 'afgeschermd'."""
    if row["onderdrukt"]:
        shielded = bool(row["afgeschermd_van"]) and bool(row["afgeschermd_naar"])
        return n_label(None, True, shielded, min_group)
    change = float(row["verschil"])
    text = getal(change, sign=True) if round(change, 1) != 0 else "0,0"
    p = row["p_holm"]
    return text + (" *" if p is not None and pd.notna(p) and float(p) < 0.05 else "")


def _p_cell(p) -> str:
    if p is None or pd.isna(p):
        return "–"
    return format_p(float(p)).removeprefix("p ").removeprefix("= ")


def _excluded(levels, min_group: int) -> str:
    """The levels left out of a test, each with why: 'Beekveen (n<5), Heidedorp (n<5)', or '–'."""
    return ", ".join(f"{level} ({n_label(None, True, False, min_group)})" for level in levels) or "–"


def _share(part: int, total: int) -> str:
    return procent(part / total) if total else "0%"
