"""A small set of helpers over python-docx; the only module that touches Word's XML.

Sections build a report from analysis tables with `ReportDoc.heading`, `.paragraph`,
`.figure` (alt text required), `.table` (header row repeats on every page), `.quote` and
`.markdown`. `ReportDoc.finish` fills the table of contents and the document properties.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..privacy import redact
from ..resources import REPORT_TEMPLATE
from .numbers import format_value

LANGUAGE = "nl-NL"
TABLE_FONT = Pt(9)


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

    def __init__(self, template: Path | None = None, redact_terms: tuple[str, ...] = ()):
        self.doc = _open_template(Path(template or REPORT_TEMPLATE))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):  # keep page setup, drop the template's sample text
                body.remove(child)
        self.headings: list[tuple[int, str]] = []
        self.figures = 0
        self.tables = 0
        self.redact_terms = tuple(redact_terms)
        self._toc_paragraph = None
        _set_language(self.doc)

    # --- text -------------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1):
        self.headings.append((level, text))
        return self.doc.add_heading(text, level=level)

    def paragraph(self, text: str = "", style: str | None = None, bold: bool = False):
        p = self.doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold
        return p

    def labelled(self, label: str, text: str):
        p = self.doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(text)
        return p

    def bullets(self, items: list[str]):
        for item in items:
            self.doc.add_paragraph(item, style="List Bullet")

    def numbered(self, items: list[str]):
        """A numbered list that starts at 1 (Word's list styles would continue across lists)."""
        for nr, item in enumerate(items, 1):
            p = self.doc.add_paragraph(f"{nr}.\t{item}")
            p.paragraph_format.left_indent = Cm(0.75)
            p.paragraph_format.first_line_indent = Cm(-0.75)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
            p.paragraph_format.space_after = Pt(2)

    def free_text(self, text: str, style: str | None = None):
        """Text that came from fieldwork: always redacted first."""
        return self.paragraph(redact(text, self.redact_terms), style=style)

    def quote(self, text: str, source: str):
        p = self.doc.add_paragraph(style="Quote")
        p.add_run(f"“{redact(text, self.redact_terms)}”")
        p.add_run(f" — {source}").italic = True
        return p

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def markdown(self, text: str, base_level: int = 2):
        """The researchers' own text: '#' headings, '-' bullets, '1.' lists, paragraphs.

        HTML comments (the kit's placeholders) are dropped. Not redacted: it is the
        researchers' own writing, not fieldwork.
        """
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
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
                self.doc.add_paragraph(_inline(m.group(1)), style="List Bullet")
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
        from ..figures import to_png

        if hasattr(source, "result"):
            source = source.result()
        buffer = io.BytesIO(source if isinstance(source, bytes) else to_png(source))
        self.doc.add_paragraph(style="Figuur")
        width = min(width_cm or self.text_width_cm, self.text_width_cm)
        shape = self.doc.paragraphs[-1].add_run().add_picture(buffer, width=Cm(width))
        self.figures += 1
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt_text)
        doc_pr.set("title", f"Figuur {self.figures}")
        self.doc.add_paragraph(f"Figuur {self.figures}. {caption}", style="Caption")
        return shape

    def table(self, frame: pd.DataFrame, caption: str, formats: dict[str, str] | None = None,
              widths_cm: list[float] | None = None):
        """A Word table with a repeating header row and a numbered caption above it.

        `formats` maps a column to a format string such as "{:.1f}" or "{:.0%}"; text such as
        "n<5" passes unchanged.
        """
        formats = formats or {}
        self.tables += 1
        self.doc.add_paragraph(f"Tabel {self.tables}. {caption}", style="Caption")
        table = self.doc.add_table(rows=1, cols=len(frame.columns))
        table.style = "Klantreis tabel"
        header = table.rows[0]
        _mark_header(header)
        for cell, name in zip(header.cells, frame.columns):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(name))
            run.bold, run.font.size = True, TABLE_FONT
        shown = pd.DataFrame({name: [format_value(v, formats.get(name)) for v in frame[name]]
                              for name in frame.columns}, columns=frame.columns)
        for values in shown.itertuples(index=False):
            for cell, value in zip(table.add_row().cells, values):
                cell.text = ""
                cell.paragraphs[0].add_run(value).font.size = TABLE_FONT
        widths = widths_cm or _auto_widths(shown, self.text_width_cm)
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
        self.doc.add_paragraph()
        return table

    @property
    def text_width_cm(self) -> float:
        section = self.doc.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    def landscape(self, on: bool = True):
        """Start a new page in landscape (wide figures such as the journey map) or back."""
        from docx.enum.section import WD_ORIENT, WD_SECTION

        current = self.doc.sections[-1]
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        wide = current.page_width > current.page_height
        if on != wide:
            section.page_width, section.page_height = current.page_height, current.page_width
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        return section

    # --- structure -----------------------------------------------------------------------------
    def toc_here(self):
        """Reserve the place of the table of contents (filled in by `finish`)."""
        self.heading_no_toc("Inhoud")
        self._toc_paragraph = self.doc.add_paragraph()

    def heading_no_toc(self, text: str):
        return self.doc.add_paragraph(text, style="TOC Heading")

    def finish(self, title: str, author: str, subject: str, keywords: str = ""):
        props = self.doc.core_properties
        props.title, props.author, props.subject = title, author, subject
        props.keywords, props.language = keywords, LANGUAGE
        props.last_modified_by = "klantreis"
        props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        if self._toc_paragraph is not None:
            _fill_toc(self._toc_paragraph, self.headings)
        return self.doc


def _auto_widths(frame: pd.DataFrame, total_cm: float) -> list[float]:
    """Column widths in proportion to their content, so numbers stay narrow and text gets room."""
    weights = []
    for name in frame.columns:
        longest_word = max((len(w) for w in str(name).split()), default=1)
        lengths = frame[name].map(lambda v: len(str(v))) if len(frame) else pd.Series([1])
        weights.append(max(4.0, longest_word, min(30.0, float(lengths.quantile(0.9)))) + 3.5)
    scale = total_cm / sum(weights)
    return [w * scale for w in weights]


def _inline(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*", lambda m: next(g for g in m.groups() if g), text)


def _mark_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


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


def _fill_toc(paragraph, headings: list[tuple[int, str]]) -> None:
    """A real TOC field (Word refreshes page numbers on opening) whose cached result already
    lists the headings, so viewers that do not update fields still show a contents list."""

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
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    p = paragraph._p
    p.append(run_with(fld_char("begin")))
    p.append(run_with(instr))
    p.append(run_with(fld_char("separate")))
    entries = [(lvl, text) for lvl, text in headings if lvl <= 2]
    last = paragraph
    for i, (level, text) in enumerate(entries):
        target = paragraph if i == 0 else _paragraph_after(last)
        target.style = f"TOC {level}"
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        target._p.append(run_with(t))
        last = target
    last._p.append(run_with(fld_char("end")))
    settings = paragraph.part.document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _paragraph_after(paragraph):
    from docx.text.paragraph import Paragraph

    new_p = OxmlElement("w:p")
    paragraph._p.addnext(new_p)
    return Paragraph(new_p, paragraph._parent)
