"""Write the notebooks from their cells here, so a diff of a notebook's story is a diff of
this file. Run `python tools/maak_notebooks.py` and then execute them to store the outputs:
`jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb`."""

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parents[1] / "notebooks"
PARAMETERS = """# Kies de studie: None is de ingebouwde fictieve demostudie; vul anders het pad in, bv. "../../mijn-studie".
STUDIE = None"""
LOAD = """from klantreis.study import load_for_notebook, load_study
studie = load_for_notebook(STUDIE)  # zegt van welke studie de uitkomsten hieronder zijn"""


def setup(more: str = "", parameters: str = "") -> list:
    """The parameter cell (only assignments: papermill puts its values in a cell right after it)
    and the cell that loads the study, with `more` code after the loading."""
    return [code(PARAMETERS + parameters), code(LOAD + more)]


def md(text):
    return nbf.v4.new_markdown_cell(text.strip())


def code(text):
    cell = nbf.v4.new_code_cell(text.strip())
    if text.lstrip().startswith("# Kies de studie"):
        # The parameter cell (papermill's convention): tests/test_notebooks_nieuwe_studie.py sets STUDIE here.
        cell.metadata["tags"] = ["parameters"]
    return cell


def code_ignored(text):
    """A cell whose output nbval does not compare (a form with today's date in it)."""
    cell = code(text)
    cell.metadata["tags"] = ["nbval-ignore-output"]
    return cell


NOTEBOOKS = {
    "01_schaduwreis.ipynb": [
        md("""# 1. De schaduwreis: de toegang zoals bedoeld

De schaduwreis beschrijft hoe een inwoner volgens de papieren werkelijkheid door de toegang gaat:
fasen, stappen, wie iets doet, via welk kanaal, onder welke wet, en welke stappen een
**sleutelmoment** zijn. Een studie heeft één schaduwreis voor alle gemeenten (`schaduwreis.yaml`)
of één per gemeente (de map `schaduwreizen/`). Dit notitieboek laat de reizen van de studie zien,
vergelijkt ze en maakt er de topiclijst voor de interviews van. Alles wat hier gebeurt, doet de
opdracht `klantreis` ook."""),
        *setup(),
        md("""## De reizen per gemeente

Welke reis hoort bij welke gemeente. Kies hieronder bij `GEMEENTE` de gemeente waarvan u de reis wilt
zien (bij één gedeelde reis blijft het `None`)."""),
        code("""from klantreis.schaduwreis import per_gemeente, schaduwreis_van
from klantreis.schaduwreis.model import steps_table

for gemeente, reis in studie.schaduwreizen.items():
    print(f"{gemeente:14s} {len(reis.steps):2d} stappen: {reis.naam}")
# None: de gedeelde reis (als alle gemeenten dezelfde hebben)
GEMEENTE = studie.settings.gemeenten[0] if per_gemeente(studie) else None"""),
        md("""## De stappen

Elke rij is een stap in de ontworpen volgorde, met zijn soort (uit `instruments/topiclijst.yaml`;
`soort:` in de reis legt hem vast, anders herkent de kit hem aan de naam). Pas de reis aan in de
studiemap en voer dit notitieboek opnieuw uit."""),
        code("""reis = schaduwreis_van(studie, GEMEENTE)
stappen = steps_table(reis, studie.instruments.topiclijst)
stappen[["volgorde", "fase", "stap_naam", "soort", "actor", "sleutelmoment", "wetten"]]"""),
        md("""## De reiskaart

Een rij per betrokken partij; sleutelmomenten hebben een ster en een dikke rand."""),
        code("""from klantreis.schaduwreis import figures

ax = figures.journey_map(stappen, title=reis.naam)"""),
        md("""## De reizen naast elkaar

Per soort stap de stappen van elke gemeente (★ = sleutelmoment, – = die soort stap ontbreekt)."""),
        code("""from klantreis.schaduwreis.report import comparison_table

comparison_table(studie)"""),
        md("""## Sjablonen

De kit heeft schaduwreizen uit echte beleidsstukken als vertrekpunt. Een nieuwe studie begint met
`klantreis nieuw PAD --sjabloon NAAM`."""),
        code("""from klantreis.resources import journey_templates
from klantreis.schaduwreis.model import read_schaduwreis

for naam, pad in journey_templates().items():
    reis = read_schaduwreis(pad, studie.instruments.vocabulaire)
    print(f"{naam:16s} {len(reis.steps):2d} stappen, {sum(s.sleutelmoment for s in reis.steps)} sleutelmomenten: {reis.naam}")"""),
        md("""## De topiclijst voor de interviews

De topiclijst volgt de schaduwreis van één gemeente stap voor stap, met de vragen uit
`instruments/topiclijst.yaml`, de belevingscurve, de waardenkaart en de toestemmingsvragen.
Hetzelfde doet `klantreis topiclijst --gemeente NAAM`."""),
        code("""from pathlib import Path
from klantreis.klantreizen.topiclijst import build_topiclijst

pad = build_topiclijst(studie, Path("demo-uitvoer") if STUDIE is None else None, gemeente=GEMEENTE)
print("Topiclijst geschreven:", pad.resolve())"""),
    ],
    "02_klantreizen.ipynb": [
        md("""# 2. De individuele klantreizen en de meta-analyse

Inwoners vertelden in een diepte-interview hoe zij de reis beleefden, stap voor stap, met een score
op de belevingscurve. Dit notitieboek toont één reis en daarna de analyse over alle interviews:
per gemeente tegen de eigen schaduwreis, en tussen de gemeenten op de soorten stappen die hun
reizen delen. Groepen kleiner dan de minimale groepsgrootte van de studie krijgen geen cijfers
(`n<5`)."""),
        *setup(),
        md("""## Een interview invoeren

Het formulier schrijft hetzelfde gecontroleerde bestand als een onderzoeker met de hand zou maken
(`interviews/<pseudoniem>.yaml`). Kies bij *Interview* een bestaand interview om het te openen en
te wijzigen, of *nieuw interview*. Extra stappen en lussen (terug naar een eerdere stap) voegt u
onderaan toe. Een stap die gebeurde, krijgt een score of de reden waarom er geen score is.
Fouten verschijnen in het formulier, allemaal tegelijk. De demostudie hoort bij de kit en kan
niet worden gewijzigd; probeer het formulier uit in een eigen studie (`klantreis nieuw`). Heeft
elke gemeente een eigen reis, geef dan de gemeente mee: `InterviewForm(studie, gemeente="...")`."""),
        code("""from klantreis.klantreizen.formulier import InterviewForm

formulier = InterviewForm(studie, gemeente=studie.settings.gemeenten[0])
formulier.widget"""),
        md("""## Waar staat de studie

Na het opslaan van nieuwe interviews: voer het notitieboek opnieuw uit (*Run All*) om ze in de
analyse te zien."""),
        code("""from klantreis.klantreizen import figures
from klantreis.klantreizen.meta_analyse import analyse
from klantreis.klantreizen.stand import volgende_stap
from klantreis.schaduwreis import schaduwreis_van
from klantreis.schaduwreis.model import steps_table

meta = analyse(studie)
curve = studie.settings.curve
print(volgende_stap(studie, meta))"""),
        md("""## Eén klantreis

De curve van één inwoner (pseudoniem), tegen de stappen van de schaduwreis van zijn of haar gemeente. Ruiten zijn extra
stappen of lussen, een kruis is een stap die niet werd doorlopen, een vraagteken een stap die in
het interview niet besproken is. Geef `respondent="R03"` mee voor een andere inwoner."""),
        code("""resp = meta.tabellen["respondenten"].sort_values("respondent")
gemeente = resp["gemeente"].iloc[0] if len(resp) else None
ax = figures.respondent_curve(meta, steps_table(schaduwreis_van(studie, gemeente)), curve)"""),
        md("""## Beleving per stap, per gemeente

Per gemeente tegen haar eigen schaduwreis: aantal inwoners met een score (n), gemiddelde, mediaan,
spreiding en het aandeel negatieve scores. Kies bij `GEMEENTE` een andere gemeente. Een gemeente met
te weinig interviews staat erin, maar zonder cijfers."""),
        code("""import pandas as pd
# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)

GEMEENTE = studie.settings.gemeenten[0]
per = meta.stappen_per_gemeente
deel = per[per["groep"] == GEMEENTE]
deel[["volgorde", "stap_naam", "sleutelmoment", "n", "gemiddelde", "mediaan", "sd", "aandeel_negatief", "afgeschermd"]]"""),
        code("""ax = figures.aggregated_curve(deel, curve.min, curve.max, curve.labels,
                              title=f"Belevingscurve, {GEMEENTE}", min_group=studie.min_group)"""),
        code("""meta.groepsgrootte"""),
        md("""## De gemeenten vergeleken per soort stap

Per soort stap en gemeente de gemiddelde beleving (elke inwoner telt één keer). Er is bewust geen
totaal over de gemeenten: dan zou een verborgen kleine gemeente uit te rekenen zijn."""),
        code("""meta.soorten.pivot(index="soort", columns="groep", values="gemiddelde")"""),
        md("""## Dieptepunten, afwijkingen en waarden"""),
        code("""meta.dieptepunten_per_gemeente[["groep", "stap_naam", "sleutelmoment", "aantal", "aandeel"]]"""),
        code("""meta.afwijkingen[["soort", "stap", "aantal", "aandeel"]]"""),
        code("""meta.afwijkingen_samenvatting"""),
        code("""meta.waarden[["label", "aantal", "aandeel", "rang"]]"""),
        md("""## Thema's en uitspraken

Thema's per stap (aantal inwoners), en uitspraken per thema: alleen van inwoners die toestemming
gaven, met persoonsgegevens verwijderd."""),
        code("""names = {s.id: s.naam for reis in studie.schaduwreizen.values() for s in reis.steps}
ax = figures.themes_heatmap(meta.themas, studie.instruments.code_labels, names)"""),
        code("""print(len(meta.citaten), "uitspraken met toestemming, van",
      meta.citaten["respondent"].nunique(), "inwoners")
meta.citaten[["thema", "respondent", "tekst"]]"""),
    ],
    "03_verkenning.ipynb": [
        md("""# 3. De verkenning: de zelfscan

Met de verkenning houdt de gemeente zichzelf een spiegel voor. Inwoners, uitvoerders, beleid en
ketenpartners beoordelen dezelfde stellingen over de zeven uitgangspunten van een goede toegang,
op een schaal van 1 (helemaal oneens) tot 5 (helemaal eens). Dit notitieboek vergelijkt de
perspectieven, zoekt waar verbetering het meest nodig is en kijkt of er iets veranderde tussen
de nulmeting en de vervolgmeting. Het rapport (`klantreis rapport`) gebruikt dezelfde functies.

Twee regels gelden overal: *weet niet* en een overgeslagen stelling tellen niet mee in
gemiddelden en toetsen (ze worden apart geteld), en groepen kleiner dan de minimale
groepsgrootte krijgen geen cijfers (`n<5`) en worden niet getoetst."""),
        *setup(),
        code("""import pandas as pd
from klantreis.verkenning import figures
from klantreis.verkenning.stand import analyse_or_example

# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)
# Leest de antwoordendatabase alleen, schrijft er nooit in. Zonder antwoorden: zegt wat te doen,
# en toont tot dan de verzonnen antwoorden van de demostudie als voorbeeld.
verkenning = analyse_or_example(studie, load_study)
namen = verkenning.perspectief_namen
volgorde = list(namen)"""),
        md("""## Wie deed mee

Respondenten per gemeente, perspectief en ronde. Groepen onder de minimale groepsgrootte staan
er wel in, maar zonder aantal."""),
        code("""from klantreis.report.numbers import n_labels

g = verkenning.groepsgrootte
g.assign(respondenten=n_labels(g, "respondenten", studie.min_group)).pivot(
    index=["gemeente", "perspectief"], columns="ronde", values="respondenten")"""),
        md("""## Scores per uitgangspunt en perspectief

De score van een respondent op een uitgangspunt is het gemiddelde van zijn of haar antwoorden op
de stellingen van dat uitgangspunt. Hieronder de gemiddelden in de laatste ronde, alle gemeenten
samen."""),
        code("""laatste = verkenning.per_perspectief[verkenning.per_perspectief["ronde"] == verkenning.laatste_ronde]
laatste.pivot(index="uitgangspunt", columns="perspectief", values="gemiddelde")[volgorde].astype(float)"""),
        code("""ax = figures.radar(laatste, namen, title=f"Zelfscan, {verkenning.laatste_ronde}")"""),
        code("""ax = figures.perspective_gap(laatste, namen, title="Verschil tussen de perspectieven")"""),
        md("""*Weet niet* en lege antwoorden tellen apart: ze zitten niet in het gemiddelde en niet in de
verdeling over de schaal."""),
        code("""laatste[["uitgangspunt", "perspectief", "n", "n_antwoorden", "n_weet_niet", "n_leeg", "aandeel_1", "aandeel_5"]]"""),
        md("""Dezelfde antwoorden, gegroepeerd naar de vijf basisfuncties en de drie basisfunctionaliteiten."""),
        code("""bf = verkenning.basisfuncties[verkenning.basisfuncties["ronde"] == verkenning.laatste_ronde]
bf.pivot(index="basisfunctie_naam", columns="perspectief", values="gemiddelde")[volgorde].astype(float)"""),
        md("""## De stellingen

Per stelling de verdeling van de antwoorden, gecentreerd op neutraal; *weet niet* staat apart rechts."""),
        code("""stellingen = verkenning.stellingen[verkenning.stellingen["ronde"] == verkenning.laatste_ronde]
ax = figures.diverging_bars(stellingen, verkenning.vragenlijst.schaal.labels, min_group=studie.min_group)"""),
        md("""## Betrouwbaarheid

Cronbach's α per uitgangspunt (`klantreis.stats`, gecontroleerd tegen pingouin), met het 95%-betrouwbaarheidsinterval. Onder 0,6 is
α laag: lees dan vooral de losse stellingen."""),
        code("""verkenning.betrouwbaarheid[["uitgangspunt", "k", "n_volledig", "alpha", "ci_onder", "ci_boven", "oordeel"]]"""),
        md("""## Verschillen tussen perspectieven

Per uitgangspunt eerst de Kruskal–Wallis-toets tussen de perspectieven (met ε² als effectgrootte),
daarna Mann–Whitney per paar met de correctie van Holm. Alleen wat na correctie significant is,
komt in een zin."""),
        code("""kw = verkenning.perspectieven
kw[kw["ronde"] == verkenning.laatste_ronde][["uitgangspunt", "k", "n", "H", "df", "p", "p_holm", "epsilon2", "uitgesloten"]]"""),
        code("""zinnen = verkenning.zinnen_perspectieven
for zin in zinnen[zinnen["ronde"] == verkenning.laatste_ronde]["zin"]:
    print("-", zin)"""),
        md("""## Waar is verbetering het meest nodig?

Per perspectief de drie uitgangspunten die respondenten het vaakst kozen als verbeterpunt, en de
drie met de laagste gemiddelde score."""),
        code("""prio = verkenning.prioriteiten
top = prio[(prio["ronde"] == verkenning.laatste_ronde) & (prio["volgorde"].astype(float) <= 3)]
top[["perspectief", "volgorde", "uitgangspunt", "n", "aantal", "aandeel", "gemiddelde_rang"]]"""),
        code("""laag = verkenning.laagste
laag[laag["ronde"] == verkenning.laatste_ronde][["perspectief", "plaats", "uitgangspunt", "gemiddelde", "n"]]"""),
        md("""## Nulmeting en vervolgmeting

Respondenten vullen anoniem in, dus de rondes zijn twee losse groepen (Mann–Whitney). Een ster
in de figuur: significant na de correctie van Holm over de uitgangspunten van één perspectief."""),
        code("""ax = figures.round_change(verkenning.rondes_vergeleken, namen, title="Van nulmeting naar vervolgmeting")"""),
        code("""verkenning.rondes_vergeleken.pivot(index="uitgangspunt", columns="perspectief", values="verschil")[volgorde].astype(float)"""),
        code("""for zin in verkenning.zinnen_rondes["zin"]:
    print("-", zin)"""),
        md("""## Gemeenten vergeleken

Kruskal–Wallis tussen de gemeenten per uitgangspunt en perspectief; gemeenten onder de minimale
groepsgrootte doen niet mee."""),
        code("""gem = verkenning.gemeenten
gem[gem["ronde"] == verkenning.laatste_ronde][["uitgangspunt", "perspectief", "k", "n", "H", "p_holm", "uitgesloten"]]"""),
        md("""## Open antwoorden

Alleen uit groepen van minstens de minimale groepsgrootte, met persoonsgegevens vervangen door
een aanduiding als `[naam]` of `[telefoonnummer]`."""),
        code("""verkenning.open[["uitgangspunt", "perspectief", "gemeente", "ronde", "tekst"]]"""),
        md("""## Zelf verder rekenen

Alle functies nemen een nette tabel en geven een tabel terug, zoals pingouin. Bijvoorbeeld de
basisfunctionaliteiten per gemeente en perspectief in de nulmeting:"""),
        code("""from klantreis.verkenning import analyse as va

scores = va.respondent_scores(verkenning.antwoorden, framework="basisfunctionaliteit")
tabel = va.describe(scores, framework="basisfunctionaliteit", by=["gemeente", "ronde", "perspectief"],
                    min_group=studie.min_group)
tabel[tabel["ronde"] == "nulmeting"][["basisfunctionaliteit", "gemeente", "perspectief", "n", "gemiddelde"]]"""),
    ],
    "04_effectenarena.ipynb": [
        md("""# 4. De effectenarena: waar is de meeste winst te behalen?

In een effectenarena nemen inwoners, professionals en beleidsmedewerkers samen een paar **fictieve
huishoudens** onder de loep. Per huishouden tekenen zij de meest passende aanpak, wie daarvoor iets
moet inzetten (**investeerders**), welke effecten het heeft voor het huishouden en de samenleving,
en wie daar baat bij heeft (**incasseerders**). Daarna noemen zij wat in de huidige inrichting
helpt of belemmert, per perspectief (cliënt, professional, organisatie, beleid), en geven ze aan
waar de meeste winst te behalen is: met stippen of met impact × haalbaarheid (1–5).

De scores zijn een eigen ontwerp van de kit: geen gepubliceerde bron geeft de effectenarena een
getalsmatige schaal. Rolgroepen kleiner dan de minimale groepsgrootte krijgen geen cijfers.
Alles wat hier gebeurt, doet `klantreis effectenarena …` ook; het rapport gebruikt dezelfde functies."""),
        *setup("""
print(len(studie.effectenarena), "effectenarena-sessies;", len(studie.effectenarena_huishoudens), "huishoudens beschikbaar")"""),
        md("""## De fictieve huishoudens

De bibliotheek staat in `instruments/huishoudens.yaml`; een studie kiest er een paar in `studie.yaml`
(`effectenarena: huishoudens: [...]`) of voegt eigen huishoudens toe in `instrumenten/huishoudens.yaml`."""),
        code("""import pandas as pd
# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)

pd.DataFrame([{"code": c, "naam": h.naam, "complexiteit": h.complexiteit, "wetten": ", ".join(h.wetten)}
              for c, h in studie.effectenarena_huishoudens.items()])"""),
        md("""## De sessies

Elke sessie is één bestand in de map `effectenarena/` van de studie. De analyse maakt er nette
tabellen van; alle vrije tekst is dan al ontdaan van persoonsgegevens."""),
        code("""from klantreis.effectenarena import figures
from klantreis.effectenarena.analyse import analyse

arena = analyse(studie)
if arena.empty:
    print("Deze studie heeft nog geen effectenarena-sessies. Vul het formulier onderaan in, of het "
          "Excel-formulier van 'klantreis sessieformulier effectenarena'.")
arena.sessies"""),
        md("""## De arena van een huishouden

Links de investeerders, rechts de incasseerders, buiten de arena; in het midden de aanpak en de effecten
(gestippeld: een effect voor de samenleving). Pijlen zijn de verbanden die de zaal trok."""),
        code("""kaarten, pijlen = arena.tabellen["kaarten"], arena.tabellen["verbindingen"]
if len(kaarten):
    eerste = kaarten.iloc[0]
    deel = (kaarten["sessie"] == eerste["sessie"]) & (kaarten["huishouden"] == eerste["huishouden"])
    ax = figures.arena(kaarten[deel], pijlen[(pijlen["sessie"] == eerste["sessie"]) & (pijlen["huishouden"] == eerste["huishouden"])],
                       title=f"Huishouden {eerste['huishouden']}")"""),
        md("""## Factoren naar prioriteit

Bij stippen telt het aantal stippen; bij impact × haalbaarheid het gemiddelde product (1–25). Plaats 1
is de factor waar volgens de zaal de meeste winst te behalen is."""),
        code("""arena.ranking"""),
        code("""factoren = arena.tabellen["factoren"]
for s in arena.sessies.itertuples():
    ax = figures.factor_priority(arena.ranking[arena.ranking["sessie"] == s.sessie],
                                 factoren[factoren["sessie"] == s.sessie], s.methode, title=s.titel)"""),
        md("""## Factoren per perspectief

Zoals in het Movisie-rapport voor Diemen, Uithoorn en Ouder-Amstel (2019): per perspectief het aantal
belemmerende en bevorderende factoren, de prioriteit die ze kregen en de hoogst geplaatste factor."""),
        code("""arena.perspectieven"""),
        md("""## Impact en haalbaarheid

Alleen voor sessies die zo scoorden. Boven het midden van de schaal (3) telt als hoog."""),
        code("""arena.kwadranten"""),
        code("""for s in arena.sessies[arena.sessies["methode"] == "impact_haalbaarheid"].itertuples():
    ax = figures.impact_matrix(arena.kwadranten[arena.kwadranten["sessie"] == s.sessie],
                               factoren[factoren["sessie"] == s.sessie], title=s.titel)"""),
        md("""## Was de zaal het eens?

Kendalls W (0 tot 1: hoe gelijk ordenen de deelnemers de factoren) en ICC(2,k) met 95%-interval (hoe
betrouwbaar is het gemiddelde van de zaal), voor de hele zaal en per rolgroep (`klantreis.stats.agreement`,
getoetst tegen pingouin en Shrout & Fleiss). Een rolgroep onder de minimale groepsgrootte, of een groep
die via het totaal herleidbaar zou zijn, staat er zonder cijfers in."""),
        code("""arena.overeenstemming"""),
        code("""from klantreis.effectenarena.text import agreement_sentences, difference_sentences

for s in arena.sessies.itertuples():
    namen = dict(zip(factoren.loc[factoren["sessie"] == s.sessie, "factor"], factoren.loc[factoren["sessie"] == s.sessie, "tekst"]))
    print(s.titel)
    for zin in agreement_sentences(arena.overeenstemming, s.sessie) + difference_sentences(
            arena.per_rolgroep, arena.verschillen, s.sessie, namen):
        print("-", zin)"""),
        md("""## Bewijs voor de zeven kenmerken

Elke factor is bewijs bij een kenmerk: bevorderend is positief, belemmerend negatief; de sterkte is de
prioriteit ten opzichte van de hoogste factor van de sessie."""),
        code("""from klantreis.effectenarena.analyse import evidence

evidence(studie)"""),
        md("""## Voorbereiden en invoeren

De A3-arenabladen om te printen (`klantreis effectenarena arenablad`) en het Excel-formulier
(`klantreis sessieformulier effectenarena`):"""),
        code("""from pathlib import Path
from klantreis.effectenarena.arenablad import write_arena_sheets
from klantreis.effectenarena.excel import write_session_workbook

uitvoer = Path("demo-uitvoer") if STUDIE is None else None  # zoals de opdrachten
for pad in write_arena_sheets(studie, uitvoer, pdf=False) + [write_session_workbook(studie, uitvoer)]:
    print("Geschreven:", pad.resolve().relative_to(Path.cwd().resolve()) if STUDIE is None else pad.resolve())"""),
        md("""Tijdens de sessie kan de facilitator alles hier invoeren. Elke invoer wordt meteen opgeslagen in
`effectenarena/<naam>.yaml` (een vastgelopen kernel kost hoogstens het veld dat u aan het typen was).
Open dezelfde naam opnieuw om verder te gaan. In de demostudie wordt niets opgeslagen: kies hierboven
eerst uw eigen studie."""),
        code_ignored("""from klantreis.effectenarena.formulier import ArenaForm

formulier = ArenaForm(studie, "nieuwe_sessie")
formulier.widget"""),
    ],
    "90_rapport.ipynb": [
        md("""# Het rapport in Word

Dit notitieboek maakt precies hetzelfde document als de opdracht `klantreis rapport`: dezelfde
functie, dezelfde studie. De conclusies en aanbevelingen komen uit `teksten/` in de studiemap;
de kit bedenkt ze niet zelf."""),
        *setup(parameters="""
# Eén gemeente: None is het rapport over alle gemeenten; een naam uit studie.yaml geeft het rapport met
# alleen de gegevens van die gemeente (zoals `klantreis rapport --per-gemeente` voor elke gemeente doet).
GEMEENTE = None"""),
        code("""from pathlib import Path
from klantreis.report.compose import build_report
from klantreis.report.per_gemeente import build_for_gemeente

uitvoer = Path("demo-uitvoer") if STUDIE is None else None  # zoals `klantreis rapport`
if GEMEENTE is None:
    rapport = build_report(studie, uitvoer)
else:
    rapport = build_for_gemeente(studie, GEMEENTE, uitvoer)
print("Rapport geschreven:", rapport.resolve())"""),
        md("""## Wat staat erin

De hoofdstukken en het aantal figuren en tabellen, zodat een verandering in de inhoud opvalt."""),
        code("""from docx import Document
from klantreis.report.numbers import stuks

document = Document(str(rapport))
for p in document.paragraphs:
    if p.style.name == "Heading 1":
        print(p.text)
print(stuks(len(document.inline_shapes), "figuur", "figuren") + ",", stuks(len(document.tables), "tabel", "tabellen"))"""),
    ],
}


# De gezamenlijke reis: een eigen blok, zodat het los van de andere notitieboeken te lezen is.
NOTEBOOKS["05_gezamenlijke_reis.ipynb"] = [
    md("""# 5. De gezamenlijke reis: van analyse naar verbeterpunten

In de gezamenlijke reis zitten inwoners, professionals en medewerkers van beleid en management samen
aan tafel. Ze bekijken wat de klantreizen lieten zien, benoemen verbeterpunten (bij welke stap,
welk sleutelmoment, welk kenmerk van een goede toegang) en verdelen daarna **in stilte** hun punten.
Dit notitieboek maakt de hand-out en het invulformulier voor de sessie, en laat daarna zien wat de
zaal vond: de rangorde, wat elke rolgroep voorop zette, en of een stapel stippen onenigheid verbergt.
De opdrachten `klantreis gezamenlijke-reis handout` en `klantreis sessieformulier gezamenlijke-reis`
doen hetzelfde.

De uitkomsten hieronder zijn van de **fictieve demostudie**."""),
    *setup("""
print(len(studie.gezamenlijke_reis), "sessies gezamenlijke reis")"""),
    md("""## Voor de sessie: de hand-out

De hand-out komt uit de meta-analyse van de klantreizen: de gemiddelde belevingscurve, de stappen waar
die het laagst is, de belangrijkste thema's en uitspraken van inwoners die daar toestemming voor gaven.
A4 om mee te geven, A3 voor op tafel. Met `pdf=True` komt er ook een PDF bij (daarvoor is LibreOffice nodig)."""),
    code("""from pathlib import Path
from klantreis.gezamenlijke_reis.handout import build_handout

uitvoer = Path("demo-uitvoer") if STUDIE is None else None  # zoals de opdracht `klantreis`
for formaat in ("A4", "A3"):
    for pad in build_handout(studie, formaat, uitvoer):
        print("Hand-out geschreven:", pad.resolve())"""),
    md("""## Vastleggen: Excel of het formulier hieronder

Het Excel-formulier print op A4 liggend: een blad met uitleg, de sessie, de deelnemers (alleen
pseudoniemen), de verbeterpunten en de stemmen. Een ingevuld formulier leest u in met
`klantreis gezamenlijke-reis inlezen FORMULIER.xlsx STUDIEMAP`."""),
    code("""from klantreis.gezamenlijke_reis.excel import write_session_workbook

print("Formulier geschreven:", write_session_workbook(studie, uitvoer).resolve())"""),
    md("""## De rangorde

Per sessie de verbeterpunten met hun punten, het aantal deelnemers dat er punten aan gaf en het
aandeel van alle punten. Gelijke totalen delen een plaats."""),
    code("""import pandas as pd
from klantreis.gezamenlijke_reis.analyse import analyse

# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)
reis = analyse(studie)
if reis.rangorde.empty:
    print("Deze studie heeft nog geen sessies van de gezamenlijke reis. Vul na de sessie het formulier "
          "onderaan in, of het Excel-formulier hierboven (inlezen met 'klantreis gezamenlijke-reis inlezen').")
reis.rangorde[["sessie", "rang", "code", "punten", "stemmers", "aandeel", "kenmerken"]]"""),
    md("""## Wat zetten inwoners, professionals en beleid voorop?

De rollen zijn samengenomen tot drie groepen. Een groep met minder deelnemers dan de minimale
groepsgrootte krijgt geen cijfers; in de figuur staan die groepen samen in grijs."""),
    code("""from klantreis.gezamenlijke_reis import figures

for sessie in reis.tabellen["sessies"]["sessie"]:
    ax = figures.votes_by_role(reis.rangorde[reis.rangorde["sessie"] == sessie],
                               reis.rollen[reis.rollen["sessie"] == sessie], min_group=studie.min_group,
                               title=sessie)"""),
    code("""reis.rollen.pivot(index=["sessie", "code"], columns="rolgroep", values="rang")"""),
    md("""## Verbergt een stapel stippen onenigheid?

Per verbeterpunt: hoeveel deelnemers er punten aan gaven, welk deel van de punten van één deelnemer
kwam, en de Gini-coëfficiënt (0: iedereen gaf evenveel; dicht bij 1: één deelnemer gaf alles). Hoog in
de rangorde met een hoge Gini heet *verdeeld*."""),
    code("""reis.spreiding[["sessie", "rang", "code", "n", "stemmers", "punten", "aandeel_topstemmer", "gini", "verdeeld"]]"""),
    code("""for zin in reis.zinnen["zin"]:
    print("-", zin)"""),
    md("""## Bewijs voor de zeven kenmerken

Elk verbeterpunt dat aan een kenmerk gekoppeld is, telt als signaal dat dat kenmerk aandacht nodig
heeft; de sterkte is het aandeel van de punten in de sessie."""),
    code("""from klantreis.gezamenlijke_reis.analyse import evidence

evidence(studie)"""),
    md("""## Het formulier voor de facilitator

Vul de naam van de sessie in en klik op *Openen of beginnen*. Alles wat u daarna invult, wordt meteen
opgeslagen in `gezamenlijke_reis/NAAM.yaml`; een sessie openen met dezelfde naam gaat verder waar u
was. Onderaan staat wat nog niet in orde is. De demostudie is alleen-lezen: probeer het formulier
op een eigen studie (`klantreis nieuw`)."""),
    code("""from klantreis.gezamenlijke_reis.formulier import SessieFormulier

formulier = SessieFormulier(studie)
formulier.widget"""),
]


# Stakeholderinterviews en de focusgroep: een eigen blok, zodat het los van de andere notitieboeken te lezen is.
NOTEBOOKS["06_stakeholders.ipynb"] = [
    md("""# 6. Stakeholderinterviews en de focusgroep

Naast inwoners spreekt het onderzoek mensen die de toegang vanuit hun werk kennen: beleid, management,
professionals, ketenpartners en cliëntvertegenwoordigers. Elk interview of elke focusgroep is één bestand
in de map `stakeholders/` van de studie (`S01.yaml`, `F01.yaml`), met de uitspraken gecodeerd met het
codeboek en de aspecten vroegtijdig, samenhangend en passend. Dit notitieboek laat zien wat er gezegd is,
per perspectief en gemeente. De opdrachten `klantreis stakeholderformulier` en
`klantreis stakeholders inlezen` doen hetzelfde als het formulier hieronder, maar dan via Excel.

Twee regels gelden overal: sprekers staan alleen met hun rol in de uitvoer (nooit met pseudoniem en
gemeente samen), en een letterlijke uitspraak komt alleen in het rapport als de spreker toestemming gaf
voor het gesprek én voor die uitspraak."""),
    *setup("""
from klantreis.methods import method

if studie.stakeholders:
    print("Deze studie heeft", method("stakeholders").summary(studie) + ".")
else:
    print("Deze studie heeft nog geen stakeholderinterviews of focusgroepen. Vul het formulier hieronder in, of het "
          "Excel-formulier van 'klantreis stakeholderformulier' (inlezen met 'klantreis stakeholders inlezen').")"""),
    md("""## Een gesprek invoeren

Het formulier schrijft hetzelfde gecontroleerde bestand als een onderzoeker met de hand zou maken
(`stakeholders/<pseudoniem>.yaml`). Bij een focusgroep vult u het aantal deelnemers per rol in, en per
uitspraak de rol van de spreker. De demostudie is alleen-lezen: probeer het formulier op een eigen studie."""),
    code_ignored("""from klantreis.stakeholders.formulier import StakeholderForm

formulier = StakeholderForm(studie)
formulier.widget"""),
    md("""## De gesprekken

Een rij per interview of focusgroep. `deelnemers` is 1 bij een interview."""),
    code("""import pandas as pd
from klantreis.stakeholders.analyse import analyse

# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)
gesprekken = analyse(studie)
gesprekken.gesprekken[["id", "soort", "gemeente", "datum", "rol", "deelnemers", "uitspraken"]]"""),
    md("""## Thema's per perspectief en gemeente

`gesprekken` telt in hoeveel verschillende gesprekken een thema ter sprake kwam, `uitspraken` hoeveel
uitspraken erover gingen. Dit zijn werkcijfers voor de onderzoekers: het rapport noemt geen aantallen
per rol en gemeente, want stakeholders zijn herkenbaar."""),
    code("""gesprekken.themas"""),
    code("""gesprekken.aspecten.pivot_table(index=["aspect", "perspectief"], columns="gemeente", values="gesprekken",
                                 aggfunc="sum", fill_value=0, sort=False)"""),
    md("""## Wat het rapport kan citeren

Alleen letterlijke uitspraken met beide toestemmingen, met namen en adressen vervangen."""),
    code("""gesprekken.citaten[["gemeente", "perspectief", "rol", "tekst"]]"""),
    md("""## Bewijs voor het hoofdstuk per gemeente

Elke uitspraak wordt een bevinding per aspect: een citaat, een (samengevatte) uitspraak of een verbeterpunt,
met als bron alleen het soort gesprek en de rol."""),
    code("""from klantreis.report.compose import FULL, Build

bevindingen = method("stakeholders").bevindingen(Build(studie, None, FULL))
pd.DataFrame([vars(b) for b in bevindingen], columns=["gemeente", "perspectief", "aspect", "soort", "bron", "tekst"])"""),
]


# De zeven kenmerken: een eigen blok (het bewijs uit alle methoden samen, het profiel en het stoplicht).
NOTEBOOKS["07_kenmerken.ipynb"] = [
    md("""# 7. De zeven kenmerken van een goede toegang

De zeven kenmerken zijn de toetssteen van de conclusies. Dit notitieboek brengt het bewijs uit alle
methoden samen: klantreizen, verkenning, stakeholdergesprekken, effectenarena, gezamenlijke reis en de
checklist die de onderzoekers met elke gemeente invullen (`kenmerken.yaml`). Per gemeente ontstaat een
kenmerkenprofiel met per kenmerk een stoplicht. Het licht volgt uit een vaste regel in
`instruments/kenmerken_regel.yaml`; de kit trekt zelf geen conclusies.

Privacy: een cijfer van een groep kleiner dan de minimale groepsgrootte staat er niet in, letterlijke
uitspraken alleen met toestemming, en alle tekst is ontdaan van persoonsgegevens."""),
    *setup("""
from klantreis.methods import method

print("Deze studie heeft", method("kenmerken").summary(studie) + ".")"""),
    md("""## De checklist

Per kenmerk de naam die Movisie nu gebruikt, de oudere benaming en de indicatoren. Het Excel-formulier
om met de gemeente in te vullen maakt `klantreis kenmerkenformulier`; inlezen gaat met
`klantreis kenmerken inlezen FORMULIER.xlsx STUDIEMAP`."""),
    code("""import pandas as pd

# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)
pd.DataFrame([{"kenmerk": k.code, "naam": k.label, "eerder": k.alias, "indicator": i.code, "tekst": i.tekst}
              for k in studie.kenmerken_checklist.kenmerken for i in k.indicatoren])"""),
    md("""## Eén bewijstabel uit alle methoden

Een rij per stuk bewijs: kenmerk, gemeente (leeg bij een sessie van alle gemeenten samen), bron, wat er
gevonden is, de richting (+ gaat goed, - gaat niet goed, 0 genoemd zonder oordeel, leeg: geen oordeel,
bijvoorbeeld een te kleine groep), de sterkte (0 tot 1) en de verwijzing terug naar het bestand."""),
    code("""from klantreis.kenmerken.analyse import analyse

kenmerken = analyse(studie)
kenmerken.bewijs.groupby(["bron", "richting"], dropna=False).size()"""),
    code("""kenmerken.bewijs.head(20)"""),
    md("""## De regel van het stoplicht"""),
    code("""from klantreis.kenmerken.text import rule_intro, rule_rows

print(rule_intro(studie.kenmerken_regel))
pd.DataFrame(rule_rows(studie.kenmerken_regel), columns=["licht", "wanneer"])"""),
    md("""## Het kenmerkenprofiel per gemeente

Per kenmerk het oordeel van elke bron, hoeveel bronnen een oordeel gaven, of ze het eens zijn
(convergent), elkaar tegenspreken (divergent) of alleen staan, en het licht."""),
    code("""from klantreis.kenmerken import figures
from klantreis.kenmerken.analyse import BRONNEN
from klantreis.teksten import named_gemeenten

for gemeente in named_gemeenten(studie.settings):
    ax = figures.profile_plot(kenmerken.profiel(gemeente), BRONNEN, kenmerken.labels)
    ax.set_title(f"Kenmerkenprofiel van {gemeente}", pad=40)"""),
    code("""kenmerken.profielen"""),
    md("""## De gemeenten vergeleken"""),
    code("""gemeenten = named_gemeenten(studie.settings)
if len(gemeenten) > 1:
    figures.comparison_plot(kenmerken.profielen, gemeenten, kenmerken.labels)"""),
    md("""## Voor de publieksversie

Per kenmerk één korte zin in eenvoudige taal (B1)."""),
    code("""from klantreis.kenmerken.text import publiek_line

for gemeente in gemeenten:
    print(gemeente)
    for r in kenmerken.profiel(gemeente).itertuples():
        print("-", publiek_line(kenmerken.labels[r.kenmerk], r.licht))"""),
]


def main():
    for name, cells in NOTEBOOKS.items():
        nb = nbf.v4.new_notebook()
        nb.cells = cells
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        nbf.write(nb, ROOT / name)
        print("geschreven:", ROOT / name)


if __name__ == "__main__":
    main()
