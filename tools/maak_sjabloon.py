"""Write templates/rapport.docx: the kit's house style (A4, styles, nl-NL).

A municipality swaps in its own template with the same style names. Run
`python tools/maak_sjabloon.py` after changing a style here.
"""

from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt

from klantreis.report.docx import APPLICATION, LANGUAGE, _clean_package, _set_language
from klantreis.resources import REPORT_TEMPLATE


def make_template(target: Path) -> Path:
    """Build templates/rapport.docx: the kit's house style (A4, styles, nl-NL).

    A municipality swaps in its own template with the same style names.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import RGBColor

    from klantreis.files import save_docx

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    dark = RGBColor(0x1F, 0x3A, 0x5F)
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.color.rgb = "Calibri", Pt(size), dark
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Title"].font.size, styles["Title"].font.color.rgb = Pt(28), dark
    quote = styles["Quote"]
    quote.font.italic, quote.font.color.rgb = True, RGBColor(0x33, 0x33, 0x33)
    quote.paragraph_format.left_indent = Cm(1)
    caption = styles["Caption"]
    caption.font.size, caption.font.bold, caption.font.color.rgb = Pt(9), True, RGBColor(0x33, 0x33, 0x33)
    caption.font.italic = False
    caption.paragraph_format.space_after = Pt(10)
    figure = _style(styles, "Figuur", WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = normal
    figure.paragraph_format.keep_with_next = True
    toc_heading = _style(styles, "TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
    toc_heading.base_style = styles["Heading 1"]
    toc_heading.paragraph_format.page_break_before = False
    text_width = section.page_width - section.left_margin - section.right_margin
    for level in (1, 2):
        style = _style(styles, f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_before = Pt(4 if level == 1 else 0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
        # the page number sits right, after dots (ReportDoc.set_toc_pages writes tab + number)
        style.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1
    table_style = _style(styles, "Klantreis tabel", WD_STYLE_TYPE.TABLE)
    table_style.base_style = styles["Table Grid"]
    table_style.font.size = Pt(9)
    doc.add_paragraph("Sjabloon voor klantreis-rapporten. Vervang dit bestand door de huisstijl van uw "
                      "gemeente met dezelfde stijlnamen (Kop 1–4, Titel, Citaat, Bijschrift, Figuur, "
                      "Klantreis tabel, TOC 1–2).")
    _set_language(doc)
    props = doc.core_properties
    props.language, props.title, props.comments = LANGUAGE, "Sjabloon klantreis-rapport", ""
    props.author = props.last_modified_by = APPLICATION
    _clean_package(doc)  # no thumbnail, no library name in the properties
    return save_docx(doc, target)


def _style(styles, name, kind):
    return styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)


if __name__ == "__main__":
    print(make_template(Path(REPORT_TEMPLATE)))
