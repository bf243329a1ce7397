"""Write the notebooks from their cells here, so a diff of a notebook's story is a diff of
this file. Run `python tools/maak_notebooks.py` and then execute them to store the outputs:
`jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb`."""

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parents[1] / "notebooks"
SETUP = """# Kies de studie: None is de ingebouwde fictieve demostudie; vul anders het pad in, bv. "../../mijn-studie".
STUDIE = None

from klantreis.study import load_study
studie = load_study(STUDIE)
print(studie.settings.titel)"""


def md(text):
    return nbf.v4.new_markdown_cell(text.strip())


def code(text):
    return nbf.v4.new_code_cell(text.strip())


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
        code("""from klantreis.schaduwreis import steps_table

stappen = steps_table(studie.schaduwreis)
stappen[["volgorde", "fase", "stap_naam", "actor", "sleutelmoment", "wetten"]]"""),
        md("""## De reiskaart

Een rij per betrokken partij; sleutelmomenten hebben een ster en een dikke rand."""),
        code("""from klantreis import figures

ax = figures.journey_map(stappen, title=studie.schaduwreis.naam)"""),
        md("""## Sjablonen

De kit heeft schaduwreizen uit echte beleidsstukken als vertrekpunt. Een nieuwe studie begint met
`klantreis nieuw PAD --sjabloon NAAM`."""),
        code("""from klantreis.resources import journey_templates
from klantreis.schaduwreis import read_schaduwreis

for naam, pad in journey_templates().items():
    reis = read_schaduwreis(pad, studie.instruments.vocabulaire)
    print(f"{naam:16s} {len(reis.steps):2d} stappen, {sum(s.sleutelmoment for s in reis.steps)} sleutelmomenten: {reis.naam}")"""),
        md("""## De topiclijst voor de interviews

De topiclijst volgt de schaduwreis stap voor stap, met de vragen uit `instruments/topiclijst.yaml`,
de belevingscurve, de waardenkaart en de toestemmingsvragen. Hetzelfde doet
`klantreis topiclijst`."""),
        code("""from pathlib import Path
from klantreis.report.topiclijst import build_topiclijst

pad = build_topiclijst(studie, Path("demo-uitvoer") if STUDIE is None else None)
print("Topiclijst geschreven:", pad.name)"""),
    ],
    "02_klantreizen.ipynb": [
        md("""# 2. De individuele klantreizen en de meta-analyse

Inwoners vertelden in een diepte-interview hoe zij de reis beleefden, stap voor stap, met een score
op de belevingscurve. Dit notitieboek toont één reis en daarna de analyse over alle interviews:
per gemeente en voor alle gemeenten samen. Groepen kleiner dan de minimale groepsgrootte van de
studie krijgen geen cijfers (`n<5`)."""),
        code(SETUP + """
print(len(studie.interviews), "interviews;", studie.min_group, "is de minimale groepsgrootte")"""),
        md("""## Eén klantreis

De curve van één inwoner (pseudoniem), tegen de stappen van de schaduwreis. Ruiten zijn extra
stappen of lussen, een kruis is een stap die niet werd doorlopen."""),
        code("""from klantreis import figures
from klantreis.meta_analyse import analyse
from klantreis.schaduwreis import steps_table

meta = analyse(studie)
curve = studie.settings.curve
respondent = meta.tabellen["respondenten"]["respondent"].iloc[0]
pad = meta.tabellen["pad"]
ax = figures.individual_curve(pad[pad["respondent"] == respondent], steps_table(studie.schaduwreis),
                         curve.min, curve.max, curve.labels, title=f"Belevingscurve van {respondent}")"""),
        md("""## Beleving per stap

Aantal inwoners met een score (n), gemiddelde, mediaan, spreiding en het aandeel negatieve scores."""),
        code("""import pandas as pd
pd.set_option("display.width", 140, "display.max_columns", 20, "display.precision", 2)

meta.stappen_totaal[["volgorde", "stap_naam", "sleutelmoment", "n", "gemiddelde", "mediaan", "sd", "aandeel_negatief"]]"""),
        code("""ax = figures.aggregated_curve(meta.stappen_totaal, curve.min, curve.max, curve.labels,
                              title="Belevingscurve, alle gemeenten")"""),
        md("""Per gemeente. Een gemeente met te weinig interviews staat erin, maar zonder cijfers."""),
        code("""meta.stappen_per_gemeente.pivot(index="volgorde", columns="groep", values="gemiddelde")"""),
        code("""meta.groepsgrootte"""),
        md("""## Dieptepunten, afwijkingen en waarden"""),
        code("""meta.dieptepunten[["stap_naam", "sleutelmoment", "aantal", "aandeel"]].head(6)"""),
        code("""meta.afwijkingen[["soort", "stap", "aantal", "aandeel"]].head(10)"""),
        code("""meta.afwijkingen_samenvatting"""),
        code("""meta.waarden[["label", "aantal", "aandeel", "rang"]]"""),
        md("""## Thema's en uitspraken

Thema's per stap (aantal inwoners), en uitspraken per thema: alleen van inwoners die toestemming
gaven, met persoonsgegevens verwijderd."""),
        code("""names = {s.id: s.naam for s in studie.schaduwreis.steps}
ax = figures.themes_heatmap(meta.themas, studie.instruments.code_labels, names)"""),
        code("""print(len(meta.citaten), "uitspraken met toestemming, van",
      meta.citaten["respondent"].nunique(), "inwoners")
meta.citaten[["thema", "respondent", "tekst"]].head(5)"""),
        md("""## Een interview invoeren

Het formulier schrijft hetzelfde gecontroleerde bestand als een onderzoeker met de hand zou maken
(`interviews/<pseudoniem>.yaml`). Fouten verschijnen in het formulier, allemaal tegelijk.
Vul het formulier in JupyterLab in; bij de demostudie kunt u het uitproberen op een kopie."""),
        code("""from klantreis.interview_form import InterviewForm

formulier = InterviewForm(studie)
formulier.widget"""),
    ],
    "90_rapport.ipynb": [
        md("""# Het rapport in Word

Dit notitieboek maakt precies hetzelfde document als de opdracht `klantreis rapport`: dezelfde
functie, dezelfde studie. De conclusies en aanbevelingen komen uit `teksten/` in de studiemap;
de kit bedenkt ze niet zelf."""),
        code(SETUP),
        code("""from pathlib import Path
from klantreis.report.build import build_report

uitvoer = Path("demo-uitvoer") if STUDIE is None else None  # zoals `klantreis rapport`
rapport = build_report(studie, uitvoer)
print("Rapport geschreven:", rapport.name)"""),
        md("""## Wat staat erin

De hoofdstukken en het aantal figuren en tabellen, zodat een verandering in de inhoud opvalt."""),
        code("""from docx import Document

document = Document(str(rapport))
for p in document.paragraphs:
    if p.style.name == "Heading 1":
        print(p.text)
print(len(document.inline_shapes), "figuren,", len(document.tables), "tabellen")"""),
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
