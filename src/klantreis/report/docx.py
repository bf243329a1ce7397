"""A small set of helpers over python-docx; the only module that touches Word's XML.

Sections build a report from analysis tables with `ReportDoc.heading`, `.paragraph`,
`.figure` (alt text required), `.table` (header row repeats on every page), `.quote` and
`.markdown`. `ReportDoc.finish` fills the table of contents, the running header (the study's
title) and footer (page numbers) and clean document properties.

Pages that read well, by construction: a figure is scaled to fit the printable area in both
directions and kept with its caption; a table caption is kept with the table, its rows never
split over two pages and its header row repeats; columns are at least as wide as the longest
word of their heading, so no heading breaks inside a word.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..redactie import as_redactor
from ..resources import REPORT_TEMPLATE
from .numbers import format_value

if TYPE_CHECKING:  # pandas loads with the first table, not with this module
    import pandas as pd

LANGUAGE = "nl-NL"
TABLE_FONT = Pt(9)
HEADER_FONT = Pt(8)
APPLICATION = "klantreis"
CAPTION_ROOM_CM = 2.0  # kept free under a figure for its caption (two lines) and spacing
# Width of one character of a bold 9 pt table heading (generous: LibreOffice without Calibri uses DejaVu Sans) and the cell's
# left and right margins: a column is never narrower than its longest heading word needs.
HEADING_CHAR_CM = 0.22
CELL_PADDING_CM = 0.45
SOFT_HYPHEN = "\u00ad"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TOC_LEVELS = 2


def _open_template(path: Path):
    """The Word template, or the kit's error naming it (a template replaced by a broken file)."""
    from zipfile import BadZipFile

    from ..errors import KlantreisFout, Probleem

    try:
        return Document(str(path))
    except (BadZipFile, KeyError, ValueError, OSError, Exception) as exc:  # noqa: BLE001 - docx raises many kinds
        raise KlantreisFout(Probleem(
            bestand=str(path), veld="sjabloon", waarde=f"onleesbaar ({type(exc).__name__})",
            toegestaan="een Word-document (.docx) als huisstijlsjabloon; zet het sjabloon van de kit terug of sla "
                       "het eigen sjabloon opnieuw op als .docx in Word"), "Rapport niet geschreven") from None


class ReportDoc:
    """A Word document under construction, with numbered figures and tables and a TOC."""

    def __init__(self, template: Path | None = None, redact_terms: tuple[str, ...] = (), redactor=None):
        """`redactor`: the study's `Redactor` (`study.redactor`); without one, the kit's
        redaction with `redact_terms` as the words to remove."""
        self.doc = _open_template(Path(template or REPORT_TEMPLATE))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):  # keep page setup, drop the template's sample text
                body.remove(child)
        self.headings: list[tuple[int, str]] = []
        self.figures = 0
        self.tables = 0
        self.redact = as_redactor(redactor if redactor is not None else tuple(redact_terms))
        self._toc_paragraph = None
        self._toc_entries: list = []
        self.appendices = 0
        self._style_ids: dict[str, str] = {}
        self._section = self.doc.sections[-1]  # the section being written (see landscape)
        # Where the researchers' texts went (`slot`) and what the glossary found, so a rebuild
        # that only changes those texts can reuse the rest (`report.herbouw`).
        self.slots: list[Slot] = []
        self.glossary: tuple | None = None  # (the glossary, its keys used, unknown abbreviations)
        self.glossary_start = None
        _set_language(self.doc)

    def add_paragraph(self, text: str = "", style: str | None = None):
        """A new paragraph at the end, in the paragraph style named `style`.

        Like python-docx's `Document.add_paragraph`, but the style's id is looked up once per
        name: python-docx searches all styles for every paragraph, which took a third of the
        time of a report build."""
        p = self.doc.add_paragraph(text)
        if style is not None:
            p._p.style = self._style_id(style)
        return p

    def _style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _table_style(self, table, name: str = "Klantreis tabel") -> None:
        table._tbl.tblPr.style = self._style_id(name)

    # --- text -------------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1):
        self.headings.append((level, text))
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def appendix(self, title: str):
        """A level-1 heading "Bijlage A. title", lettered in the order the appendices are written."""
        self.appendices += 1
        letter = chr(ord("A") + self.appendices - 1) if self.appendices <= 26 else str(self.appendices)
        return self.heading(f"Bijlage {letter}. {title}", 1)

    def paragraph(self, text: str = "", style: str | None = None, bold: bool = False):
        p = self.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold
        return p

    def labelled(self, label: str, text: str):
        p = self.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(text)
        return p

    def bullets(self, items: list[str]):
        for item in items:
            self.add_paragraph(item, style="List Bullet")

    def numbered(self, items: list[str]):
        """A numbered list that starts at 1 (Word's list styles would continue across lists)."""
        for nr, item in enumerate(items, 1):
            p = self.add_paragraph(f"{nr}.\t{item}")
            p.paragraph_format.left_indent = Cm(0.75)
            p.paragraph_format.first_line_indent = Cm(-0.75)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
            p.paragraph_format.space_after = Pt(2)

    def marked(self, items: list[tuple[str, str]]):
        """A list with a mark of its own per item (● / ○ for priorities), hanging indent."""
        for mark, item in items:
            p = self.add_paragraph(f"{mark}\t{item}")
            p.paragraph_format.left_indent = Cm(0.6)
            p.paragraph_format.first_line_indent = Cm(-0.6)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(0.6))
            p.paragraph_format.space_after = Pt(2)

    def writing_box(self, label: str, height_cm: float):
        """A framed empty box to write in by hand, with a small label; never split over pages."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE

        table = self.doc.add_table(rows=1, cols=1)
        self._table_style(table)
        row = table.rows[0]
        row.height, row.height_rule = Cm(height_cm), WD_ROW_HEIGHT_RULE.AT_LEAST
        _keep_row_together(row)
        cell = row.cells[0]
        cell.width = Cm(self.text_width_cm)
        run = cell.paragraphs[0].add_run(label)
        run.font.size, run.italic = Pt(8), True
        self.add_paragraph()
        return table

    def free_text(self, text: str, style: str | None = None):
        """Text that came from fieldwork: always redacted first."""
        return self.paragraph(self.redact(text), style=style)

    def quote(self, text: str, source: str):
        p = self.add_paragraph(style="Quote")
        p.add_run(f"“{self.redact(text)}”")
        p.add_run(f" — {source}").italic = True
        return p

    def page_break(self):
        self.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def slot(self, pad: str, text: str | None, base_level: int = 2):
        """The researchers' text for slot `pad` (teksten/<pad>.md) as `markdown`, or the one
        placeholder for an empty slot; remembered in `slots` with the paragraphs it became."""
        from ..teksten import has_content, placeholder

        body = self.doc.element.body
        start, headings = len(body) - 1, len(self.headings)  # the last child is the page setup
        if has_content(text):
            self.markdown(text, base_level)
        else:
            self.paragraph(placeholder(pad))
        self.slots.append(Slot(pad, text, base_level, list(body)[start:len(body) - 1], self.headings[headings:]))

    def markdown(self, text: str, base_level: int = 2):
        """The researchers' own text: '#' headings, '-' bullets, '1.' lists, paragraphs.

        HTML comments (the kit's placeholders) are dropped. Redacted like fieldwork: the
        researchers' own writing may still name a resident, a street or a phone number.
        """
        text = self.redact(re.sub(r"<!--.*?-->", "", text, flags=re.S))
        block: list[str] = []
        numbered: list[str] = []

        def flush():
            if block:
                self.paragraph(_inline(" ".join(block)))
                block.clear()
            if numbered:
                self.numbered(list(numbered))
                numbered.clear()

        for raw in text.splitlines():
            line = raw.strip()
            if m := re.match(r"^\d+[.)]\s+(.*)$", line):
                if block:
                    self.paragraph(_inline(" ".join(block)))
                    block.clear()
                numbered.append(_inline(m.group(1)))
                continue
            if not line:
                flush()
            elif m := re.match(r"^(#{1,3})\s+(.*)$", line):
                flush()
                # '#' and '##' both sit directly under the chapter; '###' one deeper.
                self.heading(m.group(2), min(base_level + max(0, len(m.group(1)) - 2), 4))
            elif m := re.match(r"^[-*]\s+(.*)$", line):
                flush()
                self.add_paragraph(_inline(m.group(1)), style="List Bullet")
            else:
                if numbered:
                    flush()
                block.append(line)
        flush()

    # --- figures and tables -------------------------------------------------------------------
    def figure(self, source, alt_text: str, caption: str, width_cm: float | None = None):
        """Insert a figure with alt text and a numbered caption.

        `source` is a matplotlib Axes or Figure (rendered and closed here), PNG bytes, or a
        future of PNG bytes from `figures.FigurePool`.
        """
        from ..figures import MIN_PRINT_PT, to_png

        if hasattr(source, "result"):
            source = source.result()
        data = source if isinstance(source, bytes) else to_png(source)
        size = png_size(data)
        # Never so small that the figure's smallest letters print below MIN_PRINT_PT, unless
        # the page itself is too small for that.
        smallest = png_smallest_text(data)
        least = size[0] * MIN_PRINT_PT / smallest if smallest else 0.0
        width, height = fit_picture(size, max(width_cm or size[0], least), self.text_width_cm,
                                    self.text_height_cm - CAPTION_ROOM_CM)
        picture = self.add_paragraph(style="Figuur")
        picture.paragraph_format.keep_with_next = True  # the caption follows on the same page
        shape = picture.add_run().add_picture(io.BytesIO(data), width=Cm(width), height=Cm(height))
        self.figures += 1
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt_text)
        doc_pr.set("title", f"Figuur {self.figures}")
        self.add_paragraph(f"Figuur {self.figures}. {caption}", style="Caption")
        return shape

    def table(self, frame: pd.DataFrame, caption: str, formats: dict[str, str] | None = None,
              widths_cm: list[float] | None = None):
        """A Word table with a repeating header row and a numbered caption above it.

        `formats` maps a column to a format string such as "{:.1f}" or "{:.0%}"; text such as
        "n<5" passes unchanged.
        """
        formats = formats or {}
        self.tables += 1
        title = self.add_paragraph(f"Tabel {self.tables}. {caption}", style="Caption")
        title.paragraph_format.keep_with_next = True
        import pandas as pd  # here, not at import: a rebuild of only the researchers' texts has no table

        shown = pd.DataFrame({name: [format_value(v, formats.get(name)) for v in frame[name]]
                              for name in frame.columns}, columns=frame.columns)
        widths = _auto_widths(shown, self.text_width_cm, widths_cm)
        table = self._add_table_xml([str(name).replace(SOFT_HYPHEN, "") for name in frame.columns],
                                    shown.itertuples(index=False), widths)
        self.add_paragraph()
        return table

    def _add_table_xml(self, header: list[str], rows, widths_cm: list[float]):
        """The Word table as one piece of XML: a bold header row that repeats on every page,
        rows that never split over two pages, fixed column widths, the kit's table style and
        9 pt text. The same XML python-docx writes cell by cell, built in one go (a report has
        fifty tables; cell by cell took a quarter of the build)."""
        from xml.sax.saxutils import escape

        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls
        from docx.table import Table

        twips = [int(round(w / 2.54 * 1440)) for w in widths_cm]
        size = int(TABLE_FONT.pt * 2)

        def cell(text: str, width: int, bold: bool) -> str:
            lines = [escape(_XML_INVALID.sub("", line)) for line in str(text).split("\n")]
            body = '<w:br/>'.join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
            return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p><w:r><w:rPr>'
                    f'{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>{body}</w:r></w:p></w:tc>')

        def row(values, is_header: bool) -> str:
            marks = '<w:cantSplit w:val="true"/>' + ('<w:tblHeader w:val="true"/>' if is_header else "")
            return (f"<w:tr><w:trPr>{marks}</w:trPr>"
                    + "".join(cell(v, w, is_header) for v, w in zip(values, twips)) + "</w:tr>")

        xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{self._style_id("Klantreis tabel")}"/>'
               '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips) + "</w:tblGrid>"
               + row(header, True) + "".join(row(values, False) for values in rows) + "</w:tbl>")
        tbl = parse_xml(xml)
        body = self.doc.element.body
        body.insert(len(body) - 1, tbl) if body[-1].tag == qn("w:sectPr") else body.append(tbl)
        return Table(tbl, self.doc._body)

    @property
    def text_width_cm(self) -> float:
        section = self._section
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    @property
    def text_height_cm(self) -> float:
        section = self._section
        return (section.page_height - section.top_margin - section.bottom_margin) / 360000

    def landscape(self, on: bool = True):
        """Start a new page in landscape (wide figures such as the journey map) or back."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        current = self._section
        section = self._section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        wide = current.page_width > current.page_height
        if on != wide:
            section.page_width, section.page_height = current.page_height, current.page_width
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        return section

    # --- structure -----------------------------------------------------------------------------
    def toc_here(self):
        """Reserve the place of the table of contents (filled in by `finish`)."""
        self.heading_no_toc("Inhoud")
        self._toc_paragraph = self.add_paragraph()

    def heading_no_toc(self, text: str):
        return self.add_paragraph(text, style="TOC Heading")

    def finish(self, title: str, author: str, subject: str, keywords: str = "",
               running_title: str | None = None):
        """Fill the table of contents, the running header and footer and the document
        properties; `running_title` (default `title`) is printed at the top of every page but
        the first."""
        props = self.doc.core_properties
        props.title, props.author, props.subject = title, author, subject
        props.keywords, props.language = keywords, LANGUAGE
        props.last_modified_by = APPLICATION
        props.comments = props.category = props.content_status = ""
        props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        _clean_package(self.doc)
        _shrink_last_paragraph(self.doc.element.body)
        _running_header_footer(self.doc, running_title or title)
        if self._toc_paragraph is not None:
            self._toc_entries = _fill_toc(self._toc_paragraph, self.headings)
        return self.doc

    @property
    def toc_headings(self) -> list[str]:
        """The headings listed in the table of contents, in order (empty without one)."""
        return [text for level, text in self.headings if level <= TOC_LEVELS] if self._toc_paragraph is not None else []

    def set_toc_pages(self, pages: list[int | None]) -> None:
        """Write page numbers into the table of contents' entries, in order (None leaves an
        entry without one), after a tab that the TOC styles align right with dot leaders."""
        for text_run, page in zip(self._toc_entries, pages):
            if page is None:
                continue
            for element in (OxmlElement("w:tab"), OxmlElement("w:t")):
                run = OxmlElement("w:r")
                run.append(element)
                if element.tag == qn("w:t"):
                    element.text = str(page)
                text_run.addnext(run)
                text_run = run


class Slot:
    """One researchers' text in the document: its slot, the text read, the heading level of its
    '#', the body elements it became and the headings among them."""

    __slots__ = ("base_level", "elements", "headings", "pad", "text")

    def __init__(self, pad, text, base_level, elements, headings):
        self.pad, self.text, self.base_level, self.elements, self.headings = pad, text, base_level, elements, headings


def _auto_widths(frame: pd.DataFrame, total_cm: float, wanted: list[float] | None = None) -> list[float]:
    """Column widths: every column at least as wide as the longest word of its heading (so
    "Sleutelmoment" never breaks into "Sleutelmo|ment"), the rest of the width shared in
    proportion to `wanted` widths or else to the content, so numbers stay narrow and text gets
    room."""
    import pandas as pd

    weights, minimums, roomy = [], [], []
    for name in frame.columns:
        longest_word = max((len(w) for w in str(name).replace(SOFT_HYPHEN, "").split()), default=1)
        minimums.append(longest_word * HEADING_CHAR_CM + CELL_PADDING_CM)
        # Where the width allows, a long word in a cell (a code such as T_EEN_CONTACTPERSOON) does
        # not break either; the heading words come first.
        longest_value = max((len(w) for v in frame[name] for w in str(v).split()), default=1)
        roomy.append(max(minimums[-1], min(longest_value, 24) * HEADING_CHAR_CM * 0.9 + CELL_PADDING_CM))
        lengths = frame[name].map(lambda v: len(str(v))) if len(frame) else pd.Series([1])
        weights.append(max(4.0, min(30.0, float(lengths.quantile(0.9)))) + 1.0)
    if wanted:
        total_cm = min(total_cm, sum(wanted))
    if sum(roomy) <= total_cm:
        minimums = roomy
    if wanted:
        # The wanted widths scaled to the page; a heading word that would then break gets its
        # minimum and the others share what is left.
        scaled = [w * total_cm / sum(wanted) for w in wanted]
        if all(w >= m for w, m in zip(scaled, minimums)):
            return scaled
        weights = [max(w - m, 0.1) for w, m in zip(scaled, minimums)]
    if sum(minimums) >= total_cm:
        return [m * total_cm / sum(minimums) for m in minimums]
    rest = total_cm - sum(minimums)
    return [m + rest * w / sum(weights) for m, w in zip(minimums, weights)]


def png_size(data: bytes) -> tuple[float, float]:
    """Width and height in cm of a PNG at its own resolution (the pHYs chunk matplotlib writes;
    the kit's figure resolution when it is absent)."""
    import struct

    from ..figures import FIGURE_DPI

    width_px, height_px = struct.unpack(">II", data[16:24])
    dpi_x = dpi_y = float(FIGURE_DPI)
    at = data.find(b"pHYs")
    if at > 0:
        x, y, unit = struct.unpack(">IIB", data[at + 4:at + 13])
        if unit == 1 and x and y:  # pixels per metre
            dpi_x, dpi_y = x * 0.0254, y * 0.0254
    return width_px / dpi_x * 2.54, height_px / dpi_y * 2.54


def png_smallest_text(data: bytes) -> float | None:
    """The smallest font size (pt at the figure's own size) that `figures.to_png` noted in the
    PNG, or None for a picture from elsewhere."""
    import re as _re

    from ..figures import SMALLEST_TEXT_KEY

    m = _re.search(SMALLEST_TEXT_KEY.encode() + rb"\x00([0-9.]+)", data)
    return float(m.group(1)) if m else None


def fit_picture(size_cm: tuple[float, float], wanted_width: float, max_width: float,
                max_height: float) -> tuple[float, float]:
    """The printed size of a picture: `wanted_width` wide, but never wider than `max_width`
    nor taller than `max_height`, keeping its proportions."""
    width, height = size_cm
    scale = min(wanted_width, max_width) / width
    scale = min(scale, max_height / height)
    return width * scale, height * scale


def _inline(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*", lambda m: next(g for g in m.groups() if g), text)


def _mark_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_row_together(row) -> None:
    """A row never splits over two pages (w:cantSplit comes before w:tblHeader in trPr)."""
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    tr_pr.insert(0, cant_split)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) with `shown` as its cached result."""
    def run_with(element):
        run = OxmlElement("w:r")
        run.append(element)
        return run

    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    for el, kind in ((begin, "begin"), (separate, "separate"), (end, "end")):
        el.set(qn("w:fldCharType"), kind)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    result = OxmlElement("w:t")
    result.text = shown
    for element in (begin, instr, separate, result, end):
        paragraph._p.append(run_with(element))


def _shrink_last_paragraph(body) -> None:
    """The empty paragraph after a document's last table (every table gets one for spacing) at
    one point high, so a table that fills the last page does not push it onto an empty page."""
    children = [c for c in body if c.tag != qn("w:sectPr")]
    last = children[-1] if children else None
    if last is None or last.tag != qn("w:p") or "".join(last.itertext()).strip() or len(children) < 2 \
            or children[-2].tag != qn("w:tbl"):
        return
    ppr = last.get_or_add_pPr()
    spacing = OxmlElement("w:spacing")
    for name, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(name), value)
    ppr.append(spacing)
    rpr, size = OxmlElement("w:rPr"), OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)
    ppr.append(rpr)


def _running_header_footer(doc, title: str) -> None:
    """The study's title at the top and "Pagina X van Y" at the bottom of every page but the
    title page. Later sections (landscape pages) inherit them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first = doc.sections[0]
    first.different_first_page_header_footer = True
    header = first.header.paragraphs[0]
    header.text = ""
    run = header.add_run(title)
    run.font.size, run.italic = HEADER_FONT, True
    footer = first.footer.paragraphs[0]
    footer.text = ""
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Pagina ").font.size = HEADER_FONT
    _field(footer, "PAGE", "1")
    footer.add_run(" van ").font.size = HEADER_FONT
    _field(footer, "NUMPAGES", "1")
    for run in footer._p.findall(qn("w:r")):
        r_pr = run.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            run.insert(0, r_pr)
        if r_pr.find(qn("w:sz")) is None:
            size = OxmlElement("w:sz")
            size.set(qn("w:val"), str(int(HEADER_FONT.pt * 2)))
            r_pr.append(size)


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>")


def _clean_package(doc) -> None:
    """No thumbnail of the template's sample page, no application name of the library that
    wrote the file, no "generated by python-docx" description."""
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(r_id)
            package.rels._target_parts_by_rId.pop(r_id, None)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")


def _set_language(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANGUAGE)


def _fill_toc(paragraph, headings: list[tuple[int, str]]) -> list:
    """A real TOC field (Word refreshes page numbers on opening) whose cached result already
    lists the headings, so viewers that do not update fields still show a contents list.
    Returns the run holding each entry's text (where `set_toc_pages` adds its number)."""

    def run_with(element):
        run = OxmlElement("w:r")
        run.append(element)
        return run

    def fld_char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'
    p = paragraph._p
    p.append(run_with(fld_char("begin")))
    p.append(run_with(instr))
    p.append(run_with(fld_char("separate")))
    entries = [(lvl, text) for lvl, text in headings if lvl <= TOC_LEVELS]
    last = paragraph
    made = []
    for i, (level, text) in enumerate(entries):
        target = paragraph if i == 0 else _paragraph_after(last)
        target.style = f"TOC {level}"
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        target._p.append(run_with(t))
        made.append(target._p[-1])
        last = target
    last._p.append(run_with(fld_char("end")))
    settings = paragraph.part.document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
    return made


def _paragraph_after(paragraph):
    from docx.text.paragraph import Paragraph

    new_p = OxmlElement("w:p")
    paragraph._p.addnext(new_p)
    return Paragraph(new_p, paragraph._parent)
