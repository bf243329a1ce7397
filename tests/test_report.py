"""The Word report of the demo study: structure, accessibility, privacy, and that it opens."""

from __future__ import annotations

import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from klantreis.report.compose import build_report

from .helpers import require_program


@pytest.fixture(scope="module")
def report(demo, tmp_path_factory):
    path = build_report(demo, tmp_path_factory.mktemp("rapport") / "rapport.docx")
    return path, Document(str(path))


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_report_has_the_chapters_in_order(report, demo):
    """The Movisie structure: the municipality chapters between the inleiding and the comparison;
    the appendices lettered in order (tests/test_rapport_opbouw.py checks a new study)."""
    _, doc = report
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    expected = ["Samenvatting", "Inleiding", *(f"Gemeente {g}" for g in demo.settings.gemeenten),
                "Vergelijking van de gemeenten", "Terug naar de vraagstelling", "Bronnen",
                "Bijlage A. Bestudeerde documenten", "Bijlage B. Betrokkenen bij het onderzoek",
                "Bijlage C. Individuele belevingscurven", "Bijlage D. Codeboek",
                "Bijlage E. Bewijs bij de zeven kenmerken",
                "Bijlage F. Statistische verantwoording", "Bijlage G. COREQ-checklist",
                "Bijlage H. Begrippen en afkortingen"]
    assert headings == expected


def test_every_figure_has_alt_text(report):
    path, _ = report
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    from lxml import etree

    tree = etree.fromstring(xml.encode())
    doc_prs = tree.findall(".//" + qn("wp:docPr"))
    assert doc_prs  # how many figures each chapter holds: test_each_chapter_has_the_figures_its_data_calls_for
    assert all(len(d.get("descr", "")) > 40 for d in doc_prs)


def test_every_table_has_a_repeating_header_row(report):
    _, doc = report
    assert doc.tables
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def test_language_properties_and_toc(report, demo):
    path, doc = report
    props = doc.core_properties
    assert props.title == demo.settings.titel
    assert props.language == "nl-NL" and props.author and props.subject
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    assert "TOC \\o" in xml
    toc_entries = [p.text for p in doc.paragraphs if p.style.name.startswith("TOC ")]
    assert "Schaduwreis en individuele klantreizen" in toc_entries


def _images_per_chapter(doc) -> dict[str, int]:
    """The body split at every Heading 1: chapter title → number of pictures in it ("" for the
    pages before the first chapter)."""
    counts, chapter = {"": 0}, ""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, doc)
            if paragraph.style.name == "Heading 1":
                chapter = paragraph.text
                assert chapter not in counts, f"two chapters called {chapter!r}"
                counts[chapter] = 0
        counts[chapter] += len(child.findall(".//" + qn("pic:pic")))
    return counts


def test_each_chapter_has_the_figures_its_data_calls_for(report, demo, demo_meta):
    """Figures sit where the evidence is: in the municipality chapters (the journey map of each,
    curves, sessions, scan), the comparison and one curve per resident the privacy rule allows in
    the appendix; none in the front matter, the answers, the sources or the other appendices.
    (What each method draws per chapter: test_schaduwreizen.py, test_bevindingen_sessies.py.)"""
    from klantreis.klantreizen.bijlagen import shown_residents

    _, doc = report
    counts = _images_per_chapter(doc)
    for gemeente in demo.settings.gemeenten:
        assert counts[f"Gemeente {gemeente}"] >= 1, gemeente  # at least its own journey map
    assert counts["Vergelijking van de gemeenten"] >= 1
    assert counts["Bijlage C. Individuele belevingscurven"] == len(shown_residents(demo, demo_meta))
    for chapter in ("", "Samenvatting", "Inleiding", "Terug naar de vraagstelling", "Bronnen",
                    "Bijlage A. Bestudeerde documenten", "Bijlage B. Betrokkenen bij het onderzoek",
                    "Bijlage D. Codeboek", "Bijlage E. Bewijs bij de zeven kenmerken",
                    "Bijlage G. COREQ-checklist"):
        assert counts[chapter] == 0, chapter


def test_individual_curves_only_for_consenting_residents_of_municipalities_with_numbers(report, demo):
    """Appendix A: a curve only for a resident who consented and lives in a municipality with
    at least the minimum of interviews; headings give the pseudonym, never the municipality."""
    _, doc = report
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and "Belevingscurve van" in p.text]
    shown = {c.removeprefix("Figuur ").split("Belevingscurve van ")[1].rstrip(".") for c in captions}
    assert shown, "the demo shows at least one individual curve"
    by_id = {iv.respondent: iv for iv in demo.interviews}
    sizes = {g: sum(iv.gemeente == g for iv in demo.interviews) for g in demo.settings.gemeenten}
    for respondent in shown:
        iv = by_id[respondent]
        assert iv.toestemming.citaten, respondent
        assert sizes[iv.gemeente] >= demo.min_group, respondent
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") and "R" in p.text]
    assert not any(f"({g})" in h for h in headings for g in demo.settings.gemeenten), headings


def test_no_quote_of_a_resident_without_consent_and_no_personal_details(report, demo):
    _, doc = report
    text = _all_text(doc)
    for iv in demo.interviews:
        quotes = [c.tekst for sv in iv.stappen for c in sv.citaten] + \
                 [c.tekst for e in iv.extra_stappen for c in e.citaten]
        if not iv.toestemming.citaten:
            for q in quotes:
                assert q[:40] not in text, iv.respondent
    # The study's words are removed whatever their case (redaction ignores case), so look for them so too.
    lowered = text.lower()
    for term in demo.settings.privacy.te_verwijderen:
        assert term.lower() not in lowered, term
    assert "06-" not in text and "@" not in text


# The small municipality in its own chapter: test_schaduwreizen.test_the_small_municipality_is_named_but_not_counted


def test_researchers_conclusions_are_taken_over_verbatim(report, demo):
    _, doc = report
    text = _all_text(doc)
    first_bullet = next(line[2:].strip() for line in demo.teksten["conclusies"].splitlines()
                        if line.startswith("- "))
    assert first_bullet.replace("**", "")[:60] in text


def test_missing_conclusions_are_not_invented(demo, tmp_path):
    from dataclasses import replace

    study = replace(demo, teksten={})
    doc = Document(str(build_report(study, tmp_path / "r.docx")))
    text = _all_text(doc)
    assert "Nog in te vullen door de onderzoekers in teksten/conclusies.md" in text


def test_report_opens_in_libreoffice(report, tmp_path):
    soffice = require_program("soffice")
    path, _ = report
    result = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                            capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "rapport.pdf"
    assert pdf.exists(), result.stderr
    assert pdf.stat().st_size > 50_000


def test_researchers_markdown_keeps_paragraphs_and_restarts_numbering():
    from klantreis.report.docx import ReportDoc

    report = ReportDoc()
    report.markdown("<!-- plaatshouder -->\n## Kop\nregel een\nregel twee\n\n1. eerste\n2. tweede\n\n- punt\n\n1) opnieuw")
    got = [(p.style.name, p.text) for p in report.doc.paragraphs]
    assert got == [("Heading 2", "Kop"), ("Normal", "regel een regel twee"), ("Normal", "1.\teerste"),
                   ("Normal", "2.\ttweede"), ("List Bullet", "punt"), ("Normal", "1.\topnieuw")]
