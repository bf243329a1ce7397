"""Write the notebooks from their cells here, so a diff of a notebook's story is a diff of
this file. Run `python tools/maak_notebooks.py` and then execute them to store the outputs:
`jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb`."""

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parents[1] / "notebooks"
SETUP = """# Kies de studie: None is de ingebouwde fictieve demostudie; vul anders het pad in, bv. "../../mijn-studie".
STUDIE = None

from klantreis.study import load_for_notebook, load_study
studie = load_for_notebook(STUDIE)  # zegt van welke studie de uitkomsten hieronder zijn"""


def md(text):
    return nbf.v4.new_markdown_cell(text.strip())


def code(text):
    cell = nbf.v4.new_code_cell(text.strip())
    if text.lstrip().startswith("# Kies de studie"):
        # The parameter cell (papermill's convention): tests/test_notebooks_nieuwe_studie.py sets STUDIE here.
        cell.metadata["tags"] = ["parameters"]
    return cell


NOTEBOOKS = {
    "01_schaduwreis.ipynb": [
        md("""# 1. De schaduwreis: de toegang zoals bedoeld

De schaduwreis beschrijft hoe een inwoner volgens de papieren werkelijkheid door de toegang gaat:
fasen, stappen, wie iets doet, via welk kanaal, onder welke wet, en welke stappen een
**sleutelmoment** zijn. Dit notitieboek laat de schaduwreis van de studie zien en maakt er de
topiclijst voor de interviews van. Alles wat hier gebeurt, doet de opdracht `klantreis` ook."""),
        code(SETUP),
        md("""## De stappen

Elke rij is een stap in de ontworpen volgorde. De schaduwreis staat in `schaduwreis.yaml` in de
studiemap; pas dat bestand aan en voer dit notitieboek opnieuw uit."""),
        code("""from klantreis.schaduwreis.model import steps_table

stappen = steps_table(studie.schaduwreis)
stappen[["volgorde", "fase", "stap_naam", "actor", "sleutelmoment", "wetten"]]"""),
        md("""## De reiskaart

Een rij per betrokken partij; sleutelmomenten hebben een ster en een dikke rand."""),
        code("""from klantreis.schaduwreis import figures

ax = figures.journey_map(stappen, title=studie.schaduwreis.naam)"""),
        md("""## Sjablonen

De kit heeft schaduwreizen uit echte beleidsstukken als vertrekpunt. Een nieuwe studie begint met
`klantreis nieuw PAD --sjabloon NAAM`."""),
        code("""from klantreis.resources import journey_templates
from klantreis.schaduwreis.model import read_schaduwreis

for naam, pad in journey_templates().items():
    reis = read_schaduwreis(pad, studie.instruments.vocabulaire)
    print(f"{naam:16s} {len(reis.steps):2d} stappen, {sum(s.sleutelmoment for s in reis.steps)} sleutelmomenten: {reis.naam}")"""),
        md("""## De topiclijst voor de interviews

De topiclijst volgt de schaduwreis stap voor stap, met de vragen uit `instruments/topiclijst.yaml`,
de belevingscurve, de waardenkaart en de toestemmingsvragen. Hetzelfde doet
`klantreis topiclijst`."""),
        code("""from pathlib import Path
from klantreis.klantreizen.topiclijst import build_topiclijst

pad = build_topiclijst(studie, Path("demo-uitvoer") if STUDIE is None else None)
print("Topiclijst geschreven:", pad.resolve())"""),
    ],
    "02_klantreizen.ipynb": [
        md("""# 2. De individuele klantreizen en de meta-analyse

Inwoners vertelden in een diepte-interview hoe zij de reis beleefden, stap voor stap, met een score
op de belevingscurve. Dit notitieboek toont één reis en daarna de analyse over alle interviews:
per gemeente en voor alle gemeenten samen. Groepen kleiner dan de minimale groepsgrootte van de
studie krijgen geen cijfers (`n<5`)."""),
        code(SETUP),
        md("""## Een interview invoeren

Het formulier schrijft hetzelfde gecontroleerde bestand als een onderzoeker met de hand zou maken
(`interviews/<pseudoniem>.yaml`). Kies bij *Interview* een bestaand interview om het te openen en
te wijzigen, of *nieuw interview*. Extra stappen en lussen (terug naar een eerdere stap) voegt u
onderaan toe. Een stap die gebeurde, krijgt een score of de reden waarom er geen score is.
Fouten verschijnen in het formulier, allemaal tegelijk. De demostudie hoort bij de kit en kan
niet worden gewijzigd; probeer het formulier uit in een eigen studie (`klantreis nieuw`)."""),
        code("""from klantreis.klantreizen.formulier import InterviewForm

formulier = InterviewForm(studie)
formulier.widget"""),
        md("""## Waar staat de studie

Na het opslaan van nieuwe interviews: voer het notitieboek opnieuw uit (*Run All*) om ze in de
analyse te zien."""),
        code("""from klantreis.klantreizen import figures
from klantreis.klantreizen.meta_analyse import analyse
from klantreis.klantreizen.stand import volgende_stap
from klantreis.schaduwreis.model import steps_table

meta = analyse(studie)
curve = studie.settings.curve
print(volgende_stap(studie, meta))"""),
        md("""## Eén klantreis

De curve van één inwoner (pseudoniem), tegen de stappen van de schaduwreis. Ruiten zijn extra
stappen of lussen, een kruis is een stap die niet werd doorlopen, een vraagteken een stap die in
het interview niet besproken is. Geef `respondent="R03"` mee voor een andere inwoner."""),
        code("""ax = figures.respondent_curve(meta, steps_table(studie.schaduwreis), curve)"""),
        md("""## Beleving per stap

Aantal inwoners met een score (n), gemiddelde, mediaan, spreiding en het aandeel negatieve scores."""),
        code("""import pandas as pd
# Volledige precisie en alle rijen: de opgeslagen uitkomsten zijn ook de test (nbval).
pd.set_option("display.width", 160, "display.max_columns", 30, "display.max_rows", None, "display.precision", 12)

meta.stappen_totaal[["volgorde", "stap_naam", "sleutelmoment", "n", "gemiddelde", "mediaan", "sd", "aandeel_negatief"]]"""),
        code("""ax = figures.aggregated_curve(meta.stappen_totaal, curve.min, curve.max, curve.labels,
                              title="Belevingscurve, alle gemeenten", min_group=studie.min_group)"""),
        md("""Per gemeente. Een gemeente met te weinig interviews staat erin, maar zonder cijfers."""),
        code("""meta.stappen_per_gemeente.pivot(index="volgorde", columns="groep", values="gemiddelde")"""),
        code("""meta.groepsgrootte"""),
        md("""## Dieptepunten, afwijkingen en waarden"""),
        code("""meta.dieptepunten[["stap_naam", "sleutelmoment", "aantal", "aandeel"]]"""),
        code("""meta.afwijkingen[["soort", "stap", "aantal", "aandeel"]]"""),
        code("""meta.afwijkingen_samenvatting"""),
        code("""meta.waarden[["label", "aantal", "aandeel", "rang"]]"""),
        md("""## Thema's en uitspraken

Thema's per stap (aantal inwoners), en uitspraken per thema: alleen van inwoners die toestemming
gaven, met persoonsgegevens verwijderd."""),
        code("""names = {s.id: s.naam for s in studie.schaduwreis.steps}
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
        code(SETUP),
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
`[verwijderd]`."""),
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
    "90_rapport.ipynb": [
        md("""# Het rapport in Word

Dit notitieboek maakt precies hetzelfde document als de opdracht `klantreis rapport`: dezelfde
functie, dezelfde studie. De conclusies en aanbevelingen komen uit `teksten/` in de studiemap;
de kit bedenkt ze niet zelf."""),
        code(SETUP),
        code("""from pathlib import Path
from klantreis.report.compose import build_report

uitvoer = Path("demo-uitvoer") if STUDIE is None else None  # zoals `klantreis rapport`
rapport = build_report(studie, uitvoer)
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
