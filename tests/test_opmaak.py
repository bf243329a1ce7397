"""Pages that read well, checked in the Word file itself: what a council member would stumble
over when the report is printed (no page numbers, a figure cut off at the page edge, a caption
alone on a page, a table row split over two pages, a heading broken inside a word, tiny letters
in a figure, codes instead of words, two kinds of minus sign) and clean document properties."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from PIL import Image

from klantreis.figures import MIN_PRINT_PT, SMALLEST_TEXT_KEY
from klantreis.report.compose import build_report
from klantreis.report.docx import CELL_PADDING_CM, HEADING_CHAR_CM

from .helpers import require_program

EMU_PER_CM = 360000


@pytest.fixture(scope="module")
def report(demo, tmp_path_factory):
    path = build_report(demo, tmp_path_factory.mktemp("opmaak") / "rapport.docx")
    return path, Document(str(path))


def _body_text(doc, skip_chapters=()) -> str:
    """Paragraphs and table cells in document order, leaving out the chapters named."""
    parts, skipping = [], False
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, doc)
            if paragraph.style.name == "Heading 1":
                skipping = paragraph.text in skip_chapters
            if not skipping:
                parts.append(paragraph.text)
        elif child.tag == qn("w:tbl") and not skipping:
            parts.extend(t.text or "" for t in child.iter(qn("w:t")))
    return "\n".join(parts)


def test_every_page_but_the_title_page_shows_the_title_and_its_page_number(report, demo):
    _, doc = report
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert first.header.paragraphs[0].text == demo.settings.titel
    footer_xml = first.footer._element.xml
    instructions = [t.strip() for t in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer_xml)]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert all(s.header.is_linked_to_previous and s.footer.is_linked_to_previous for s in doc.sections[1:])


def test_contents_is_a_field_word_refreshes_and_lists_every_chapter(report):
    path, doc = report
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert 'TOC \\o "1-2"' in document
    assert '<w:updateFields w:val="true"/>' in settings
    entries = [p.text for p in doc.paragraphs if p.style.name == "TOC 1"]
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert entries == chapters


def test_captions_stay_with_their_figure_or_table(report):
    _, doc = report
    body = list(doc.element.body.iterchildren())
    for i, child in enumerate(body):
        if child.tag != qn("w:p"):
            continue
        paragraph = Paragraph(child, doc)
        if paragraph.style.name == "Caption" and paragraph.text.startswith("Tabel"):
            assert paragraph.paragraph_format.keep_with_next, paragraph.text
            assert body[i + 1].tag == qn("w:tbl"), paragraph.text
        if child.findall(".//" + qn("pic:pic")):
            assert paragraph.paragraph_format.keep_with_next
            caption = Paragraph(body[i + 1], doc)
            assert caption.style.name == "Caption" and caption.text.startswith("Figuur")


def test_table_rows_never_split_and_the_header_row_repeats(report):
    _, doc = report
    assert doc.tables
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            cant_split = row._tr.trPr.find(qn("w:cantSplit")) if row._tr.trPr is not None else None
            assert cant_split is not None


def test_no_table_heading_breaks_inside_a_word(report):
    """Each column is at least as wide as its longest heading word needs at 9 pt bold."""
    _, doc = report
    for table in doc.tables:
        widths = [int(c.get(qn("w:w"))) / 567 for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]  # twips → cm
        for cell, width in zip(table.rows[0].cells, widths):
            assert "\u00ad" not in cell.text
            longest = max((len(w) for w in cell.text.split()), default=0)
            assert width >= longest * HEADING_CHAR_CM + CELL_PADDING_CM - 0.05, (cell.text, round(width, 2))


def _pictures_with_their_section(doc):
    """(inline picture, section) for every picture, following the section breaks in the body."""
    sections = list(doc.sections)
    at = 0
    for child in doc.element.body.iterchildren():
        for inline in child.iter(qn("wp:inline")):
            yield inline, sections[at]
        if child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            at += 1


def test_figures_fit_the_printable_area_and_print_their_letters_at_8_pt_or_more(report):
    _, doc = report
    seen = 0
    for inline, section in _pictures_with_their_section(doc):
        extent = inline.find(qn("wp:extent"))
        width, height = int(extent.get("cx")), int(extent.get("cy"))
        assert width <= section.page_width - section.left_margin - section.right_margin + 1
        assert height <= section.page_height - section.top_margin - section.bottom_margin - 1.5 * EMU_PER_CM
        blip = inline.find(".//" + qn("a:blip"))
        image = Image.open(io.BytesIO(doc.part.related_parts[blip.get(qn("r:embed"))].blob))
        natural_cm = image.width / image.info["dpi"][0] * 2.54
        printed_pt = float(image.text[SMALLEST_TEXT_KEY]) * (width / EMU_PER_CM) / natural_cm
        assert printed_pt >= MIN_PRINT_PT - 0.05, inline.find(qn("wp:docPr")).get("title")
        seen += 1
    assert seen > 10


def test_labels_from_the_vocabulary_never_raw_codes(report, demo):
    """Channels, themes and perspectives are written as words. The codebook appendix is the one
    place that lists the codes, as the key between the data files and the labels."""
    _, doc = report
    vocabulary = demo.instruments.vocabulaire
    codes = [key for group in (vocabulary.kanalen, vocabulary.wetten, vocabulary.leefgebieden,
                               vocabulary.interviewer_rollen) for key in group if "_" in key]
    codes += [c.code for c in demo.instruments.codeboek.codes if "_" in c.code]
    assert "via_verwijzer" in codes and any(c.startswith("T_") for c in codes)
    codebook = {p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text.endswith(". Codeboek")}
    assert len(codebook) == 1
    text = _body_text(doc, skip_chapters=codebook)
    alt_texts = " ".join(d.get("descr", "") for d in doc.element.body.iter(qn("wp:docPr")))
    for code in codes:
        assert code not in text and code not in alt_texts, code


def test_one_minus_sign(report):
    _, doc = report
    text = _body_text(doc) + " ".join(d.get("descr", "") for d in doc.element.body.iter(qn("wp:docPr")))
    assert "\u2212" in text
    hyphen_minus = re.findall(r"(?<![\w/])-\d", text)
    assert not hyphen_minus


def test_theme_counts_are_distinct_residents(report, demo):
    _, doc = report
    text = _body_text(doc)
    counts = [(int(a), int(b)) for a, b in re.findall(r"\((\d+) van de (\d+) inwoners\)", text)]
    assert counts
    assert all(a <= b == len(demo.interviews) for a, b in counts)


def test_document_properties_are_clean(report, demo):
    path, doc = report
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        properties = {n: z.read(n).decode() for n in names if n.startswith("docProps/")}
        rels = z.read("_rels/.rels").decode()
    assert not any("thumbnail" in n for n in names) and "thumbnail" not in rels
    for name, xml in properties.items():
        assert "python-docx" not in xml.lower(), name
    assert "<Application>klantreis</Application>" in properties["docProps/app.xml"]
    props = doc.core_properties
    assert props.title == demo.settings.titel and props.subject and props.keywords
    assert props.language == "nl-NL" and not props.comments


def test_klantreis_rapport_pdf_writes_a_tagged_pdf_with_page_numbers_in_the_contents(tmp_path):
    require_program("soffice")
    from klantreis.cli import main

    target = tmp_path / "rapport.docx"
    assert main(["rapport", "--pdf", "--uitvoer", str(target)]) == 0
    pdf = (tmp_path / "rapport.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/StructTreeRoot" in pdf and b"/Marked true" in pdf  # tagged
    assert b"/Lang(nl-NL)" in pdf
    doc = Document(str(target))
    entries = [p.text for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    numbered = [e for e in entries if re.search(r"\t\d+$", e)]
    assert len(numbered) == len(entries)
    pages = [int(e.rsplit("\t", 1)[1]) for e in numbered]
    assert pages == sorted(pages) and pages[0] > 1


def test_without_libreoffice_the_word_file_is_written_and_the_pdf_refused_in_dutch(tmp_path, monkeypatch, capsys):
    from klantreis.cli import main

    monkeypatch.setenv("KLANTREIS_SOFFICE", str(tmp_path / "geen-soffice"))
    target = tmp_path / "rapport.docx"
    assert main(["rapport", "--pdf", "--uitvoer", str(target)]) == 1
    assert target.exists() and not (tmp_path / "rapport.pdf").exists()
    assert "LibreOffice is niet gevonden" in capsys.readouterr().err


def test_a_resident_who_never_scored_below_neutral_has_no_dieptepunt():
    import pandas as pd

    from klantreis.klantreizen.meta_analyse import lowest_points

    rows = [("R01", "s1", 1, 0.0), ("R01", "s2", 2, 1.0), ("R02", "s1", 1, -1.0), ("R02", "s2", 2, 1.0)]
    stappen = pd.DataFrame([{"respondent": r, "stap": s, "volgorde": v, "stap_naam": s, "sleutelmoment": False,
                             "score": score} for r, s, v, score in rows])
    low = lowest_points(stappen, min_group=1)
    assert low[["stap", "aantal"]].values.tolist() == [["s1", 1]]  # R02 only; R01's lowest is neutral
    assert low["n_groep"].iloc[0] == 2


def test_the_lowest_points_of_each_municipality_are_all_named(demo, demo_meta, tmp_path_factory):
    """No list silently cut: the sentence per municipality names every step where at least the
    minimum of its residents had their dieptepunt (the sections of each municipality chapter)."""
    from .test_schaduwreizen import _render

    doc = _render(demo, tmp_path_factory.mktemp("dieptepunten") / "secties.docx")
    texts = [p.text for p in doc.paragraphs]
    low = demo_meta.dieptepunten_per_gemeente
    all_shown = low[~low["onderdrukt"].astype(bool)]
    named = {m for t in texts for m in re.findall(r"‘([^’]+)’(?: \(sleutelmoment\))?: \d+ inwoners", t)}
    assert named == set(all_shown["stap_naam"])


def _captions_before_tables(doc):
    body = list(doc.element.body.iterchildren())
    return [Paragraph(body[i - 1], doc).text for i, child in enumerate(body) if child.tag == qn("w:tbl")]


def test_the_paragraph_after_a_documents_last_table_is_one_point_high():
    """A table that fills the last page must not push the spacing paragraph after it onto a page
    of its own (the demo public version had an empty ninth page)."""
    import pandas as pd
    from docx.oxml.ns import qn

    from klantreis.report.docx import ReportDoc

    report = ReportDoc()
    report.paragraph("Tekst.")
    report.table(pd.DataFrame({"Onderdeel": ["a"], "Score": [1]}), "Een tabel")
    body = report.finish(title="T", author="A", subject="S").element.body
    last = [c for c in body if c.tag != qn("w:sectPr")][-1]
    spacing = last.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert last.tag == qn("w:p") and spacing is not None
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("20", "exact")

    other = ReportDoc()
    other.paragraph("Alleen tekst, geen tabel aan het eind.")
    body = other.finish(title="T", author="A", subject="S").element.body
    last = [c for c in body if c.tag != qn("w:sectPr")][-1]
    assert last.find(f"{qn('w:pPr')}/{qn('w:spacing')}") is None  # an ordinary last paragraph stays
