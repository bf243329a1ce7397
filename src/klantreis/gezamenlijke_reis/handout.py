"""The handout for the gezamenlijke reis: what the klantreizen showed, on paper, for the room.

Made from the meta-analyse of the klantreizen (the same analysis and curve as the report):
the aggregated belevingscurve, the steps where it is lowest, the main themes, and quotes of
residents who consented (redacted), plus an empty table to write improvement points in.
A4 landscape for every participant, A3 landscape for the table; Word, and PDF through
LibreOffice when it is installed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..files import save_docx
from ..report.pdf import write_pdf
from ..klantreizen import figures as curve_figures
from ..klantreizen.meta_analyse import analyse as meta_analyse
from ..privacy import consented_quotes
from ..report.docx import ReportDoc
from ..report.numbers import aantal, getal

# Paper (width, height in cm, landscape), the margin, and how wide the curve is printed: the
# klantreizen curve is drawn 8 inches wide with 8-point labels, so it is never printed smaller.
PAPER = {"A4": (29.7, 21.0, 1.5, 20.4), "A3": (42.0, 29.7, 2.2, 30.0)}
LOWEST = 5
THEMES = 6
QUOTES = 6
# Rows to write improvement points in by hand: (number, height in cm) per paper size; on A3
# the table gets its own page, to fill in on the table in the room.
EMPTY_ROWS = {"A4": (6, 0.85), "A3": (10, 2.0)}


def handout_name(formaat: str) -> str:
    return f"handout_gezamenlijke_reis_{formaat}.docx"


def build_handout(study, formaat: str = "A4", output: Path | None = None, pdf: bool = False) -> list[Path]:
    """Write the handout (and with `pdf` its PDF); return the paths written.

    Raises `KlantreisFout` for an unknown paper size, and when a PDF is asked for but
    LibreOffice is missing (the Word file is written first and stays)."""
    from ..errors import KlantreisFout, Probleem
    from ..figures import FigurePool

    if formaat not in PAPER:
        raise KlantreisFout(Probleem(bestand="--formaat", toegestaan="A4 of A3", waarde=formaat),
                            "Hand-out niet gemaakt")
    width, height, margin, curve_cm = PAPER[formaat]
    doc = ReportDoc(redact_terms=tuple(study.settings.privacy.te_verwijderen))
    section = doc.doc.sections[0]
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin))
    meta = meta_analyse(study)
    with FigurePool(workers=0) as pool:
        _content(doc, study, meta, pool, curve_cm, formaat)
    s = study.settings
    document = doc.finish(title=f"Hand-out gezamenlijke reis: {s.titel}", author=", ".join(s.onderzoekers),
                          subject="Hand-out voor de sessie gezamenlijke reis", keywords="gezamenlijke reis; klantreis")
    target = save_docx(document, study.output_file(handout_name(formaat), output))
    return [target, write_pdf(target)] if pdf else [target]


def _content(doc, study, meta, pool, curve_cm: float, formaat: str) -> None:
    curve = study.settings.curve
    n = len(meta.tabellen["respondenten"])
    doc.heading("Gezamenlijke reis: wat inwoners vertelden", 1)
    doc.paragraph(study.settings.titel)
    if not n:
        doc.paragraph("Er zijn nog geen interviews ingevoerd; de hand-out vult zich zodra de klantreizen er zijn.")
        return
    doc.paragraph(
        f"De klantreizen van {aantal(n, study.min_group)} inwoners samengevat. Benoem in de sessie verbeterpunten: "
        "bij welke stap of welk sleutelmoment (★) hoort het, en welk kenmerk van een goede toegang raakt het? "
        "Daarna verdeelt ieder in stilte zijn punten over de verbeterpunten.")
    total = meta.stappen_totaal
    doc.figure(pool.submit(curve_figures.aggregated_curve, total, curve.min, curve.max, curve.labels,
                           min_group=study.min_group),
               alt_text="Gemiddelde belevingscurve per stap van de schaduwreis: " + "; ".join(
                   f"{r.stap_naam} {getal(float(r.gemiddelde), sign=True)}"
                   for r in total[~total["onderdrukt"]].itertuples()) + ".",
               caption="Gemiddelde beleving per stap, alle inwoners samen, met de middelste helft van de scores.",
               width_cm=curve_cm)
    # The curve fills the first page; on A4 the quotes and the table to fill in get a page too.
    doc.page_break()
    _lowest(doc, study, meta)
    _themes(doc, study, meta)
    if formaat == "A4":
        doc.page_break()
    _quotes(doc, study, meta)
    rows, row_cm = EMPTY_ROWS[formaat]
    if formaat == "A3":
        doc.page_break()
    doc.heading("Onze verbeterpunten", 2)
    table = doc.table(pd.DataFrame({"Code": [f"V{i}" for i in range(1, rows + 1)], "Verbeterpunt": "",
                                    "Stap of sleutelmoment": "", "Kenmerk (K1–K7)": ""}),
                      "Vul in tijdens de sessie", widths_cm=_share(doc, [1.5, 11, 6, 3.5]))
    from docx.shared import Cm

    for row in table.rows[1:]:
        row.height = Cm(row_cm)  # room to write by hand


def _share(doc, weights: list[float]) -> list[float]:
    return [w * doc.text_width_cm / sum(weights) for w in weights]


def _lowest(doc, study, meta) -> None:
    total = meta.stappen_totaal
    shown = total[~total["onderdrukt"]].astype({"gemiddelde": float}).sort_values("gemiddelde").head(LOWEST)
    doc.heading("Waar de curve het laagst is", 2)
    if not len(shown):
        doc.paragraph(f"Te weinig inwoners (n<{study.min_group}) per stap om de laagste punten te tonen.")
        return
    low = meta.dieptepunten
    hits = low[~low["onderdrukt"]].set_index("stap")["aantal"]
    table = pd.DataFrame({
        "Stap": [f"{r.stap_naam}{' ★' if r.sleutelmoment else ''}" for r in shown.itertuples()],
        "Gemiddelde beleving": shown["gemiddelde"],
        "Inwoners met een score": shown["n"],
        "Laagste punt van (inwoners)": shown["stap"].map(hits).fillna(0).astype(int).tolist()})
    doc.table(table, "De stappen met de laagste gemiddelde beleving (★ = sleutelmoment)",
              {"Gemiddelde beleving": "{:+.1f}"}, widths_cm=_share(doc, [9, 4, 4, 4]))


def _themes(doc, study, meta) -> None:
    themes = meta.tabellen["themas"]
    doc.heading("De belangrijkste thema's", 2)
    if not len(themes):
        doc.paragraph("Er zijn nog geen thema's gecodeerd.")
        return
    labels = study.instruments.code_labels
    counts = themes.groupby("code")["respondent"].nunique().sort_values(ascending=False, kind="stable").head(THEMES)
    doc.table(pd.DataFrame({"Thema": [labels.get(c, c) for c in counts.index],
                            "Aantal inwoners dat het noemde": [aantal(int(v), study.min_group) for v in counts]}),
              "Thema's die de meeste inwoners noemden", widths_cm=_share(doc, [14, 7]))


def _quotes(doc, study, meta) -> None:
    """One quote per main theme, only from residents who consented, redacted (here and again
    by the document)."""
    kept = consented_quotes(meta.tabellen["citaten"], tuple(study.settings.privacy.te_verwijderen))
    if not len(kept):
        return
    themes = meta.tabellen["themas"].groupby("code")["respondent"].nunique().sort_values(ascending=False,
                                                                                          kind="stable")
    exploded = kept.explode("themas").dropna(subset=["themas"])
    labels = study.instruments.code_labels
    doc.heading("Wat inwoners zeiden", 2)
    doc.paragraph("Alleen van inwoners die toestemming gaven; persoonsgegevens zijn verwijderd.")
    used: set[str] = set()
    shown = 0
    for code in themes.index:
        options = exploded[(exploded["themas"] == code) & ~exploded["tekst"].isin(used)]
        if not len(options) or shown >= QUOTES:
            continue
        r = options.iloc[0]
        used.add(r["tekst"])
        shown += 1
        doc.quote(r["tekst"], f"inwoner uit {r['gemeente']}, bij ‘{r['stap_naam']}’ ({labels.get(code, code).lower()})")
