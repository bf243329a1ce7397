"""Reports as data: a report is a composition, an ordered list of sections with its own file
name, title and subject. Building one runs each method's analysis at most once, starts every
section's figures in the render pool, then writes the sections in order.

The full report is `FULL`: the title page, the method sections, the chapters of every
registered method in registry order, the researchers' conclusions and the appendices. A
report per municipality and the public version are other compositions of the same sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..methods import Section, method, methods


@dataclass(frozen=True)
class Composition:
    """Which sections a report holds, in order, and what the document is called."""

    name: str
    file_name: str
    subtitle: str
    subject: Callable[[Any], str]
    keywords: str
    sections: Callable[[], list[Section]]


class Build:
    """One report build: the study, the render pool, and each method's analysis computed lazily,
    once, and shared by every section that asks for it."""

    def __init__(self, study, pool, composition: Composition):
        self.study = study
        self.pool = pool
        self.composition = composition
        self._analyses: dict[str, Any] = {}

    def analysis(self, name: str):
        if name not in self._analyses:
            self._analyses[name] = method(name).analyse(self.study)
        return self._analyses[name]


def method_sections(plaats: str) -> list[Section]:
    """Every registered method's sections for one part of the report, in registry order."""
    return [s for m in methods() for s in m.sections if s.plaats == plaats]


def _full_sections() -> list[Section]:
    from .sections import CONCLUSIES, TITEL

    return [TITEL, *method_sections("methode"), *method_sections("hoofdstuk"), CONCLUSIES,
            *method_sections("bijlage")]


FULL = Composition(
    name="rapport",
    file_name="rapport_klantreizen.docx",
    subtitle="Rapport klantreizen sociaal domein",
    subject=lambda study: f"Klantreizen in de toegang sociaal domein: {', '.join(study.settings.gemeenten)}",
    keywords="klantreis; schaduwreis; toegang; sociaal domein",
    sections=_full_sections,
)


def build(study, composition: Composition = FULL, output: Path | None = None,
          template: Path | None = None, page_numbers: bool = False) -> Path:
    """Write `composition` for `study` and return the path of the Word file (default: the
    study's uitvoer/ folder; `output` may be a folder or a .docx file).

    With `page_numbers` and LibreOffice installed, the table of contents gets its page numbers
    from LibreOffice's layout (one conversion more); otherwise Word fills them on opening."""
    from ..figures import FigurePool
    from ..files import save_docx
    from .docx import ReportDoc

    doc = ReportDoc(template, redactor=study.redactor)
    sections = composition.sections()
    with FigurePool() as pool:
        run = Build(study, pool, composition)
        # Sections with many figures start drawing them in the worker processes first.
        prepared = {s.id: s.prepare(run) for s in sections if s.prepare is not None}
        for section in sections:
            section.add(doc, run, prepared.get(section.id))
    s = study.settings
    document = doc.finish(title=s.titel, author=", ".join(s.onderzoekers), subject=composition.subject(study),
                          keywords=composition.keywords)
    path = save_docx(document, study.output_file(composition.file_name, output))
    if page_numbers:
        from .pdf import find_soffice, heading_pages

        if find_soffice() is not None and doc.toc_headings:
            doc.set_toc_pages(heading_pages(path, doc.toc_headings))
            save_docx(document, path)
    return path


def build_report(study, output: Path | None = None, template: Path | None = None,
                 page_numbers: bool = False) -> Path:
    """The full report (`FULL`) of `study`."""
    return build(study, FULL, output, template, page_numbers)
