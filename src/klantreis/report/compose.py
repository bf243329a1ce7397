"""Reports as data: a report is a composition, an ordered list of sections with its own file
name, title and subject. Building one runs each method's analysis at most once, starts every
section's figures in the render pool, then writes the sections in order.

The full report is `FULL`, in the structure of a Movisie evaluation (seed 003): title page
with colofon, samenvatting, inleiding (aanleiding, onderzoeksvragen, onderzoeksopzet with every
method's "methode" section, theoretical frame), one chapter per municipality (context, the
four perspectives bedoeld against ervaren, every method's "gemeente" section, conclusions),
the comparison chapter, "terug naar de vraagstelling", sources and appendices. The chapter
sections (`report/sections/`) place the methods' sections by their `plaats`; a report per
municipality and the public version are other compositions of the same sections.
"""

from __future__ import annotations

import re
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

        self.prepared: dict[str, Any] = {}
        self._bevindingen: list | None = None

    def analysis(self, name: str):
        if name not in self._analyses:
            self._analyses[name] = method(name).analyse(self.study)
        return self._analyses[name]

    def bevindingen(self) -> list:
        """Every method's evidence for the municipality chapters (`methods.Bevinding`), once."""
        if self._bevindingen is None:
            self._bevindingen = [b for m in methods() if m.bevindingen is not None for b in m.bevindingen(self)]
        return self._bevindingen

    def add(self, section: Section, doc, **where) -> None:
        """Write one section (a method's section inside a chapter gets `gemeente=`)."""
        section.add(doc, self, self.prepared.get(section.id), **where)


def method_sections(plaats: str) -> list[Section]:
    """Every registered method's sections for one part of the report, in registry order."""
    return [s for m in methods() for s in m.sections if s.plaats == plaats]


# The parts of the report the chapter sections fill with the methods' sections.
NESTED = ("methode", "kader", "gemeente_begin", "gemeente", "vergelijking", "statistiek")


def _full_sections() -> list[Section]:
    from . import sections as s

    return [s.TITEL, s.INLEIDING, s.GEMEENTEN, s.VERGELIJKING, *method_sections("hoofdstuk"),
            s.VRAAGSTELLING, s.BRONNEN, s.BIJLAGEN, *method_sections("bijlage"), s.STATISTIEK, s.COREQ_BIJLAGE,
            s.AFKORTINGEN]


FULL = Composition(
    name="rapport",
    file_name="rapport_klantreizen.docx",
    subtitle="Rapport klantreizen sociaal domein",
    subject=lambda study: f"Klantreizen in de toegang sociaal domein: {', '.join(study.settings.gemeenten)}",
    keywords="klantreis; schaduwreis; toegang; sociaal domein",
    sections=_full_sections,
)


def build(study, composition: Composition = FULL, output: Path | None = None,
          template: Path | None = None, page_numbers: bool = False, cache: bool = True,
          figure_workers: int = 2, draft: str | None = None) -> Path:
    """Write `composition` for `study` and return the path of the Word file (default: the
    study's uitvoer/ folder; `output` may be a folder or a .docx file). `figure_workers` 0
    draws in this process (a build that itself runs in a worker: `report.per_gemeente`).

    With `cache` the figures and redacted texts of earlier builds in the same output folder are
    reused (`cache.BuildCache`), so a rebuild after changing one sentence draws nothing.
    With `page_numbers` and LibreOffice installed, the table of contents gets its page numbers
    from LibreOffice's layout (one conversion more); otherwise Word fills them on opening.
    `draft`: the study's inputs fingerprint (`herbouw.inputs_fingerprint`, taken before the study
    was loaded) when the next build may only put changed researchers' texts in (`herbouw.rebuild`)."""
    from ..cache import BuildCache
    from ..figures import FigurePool
    from ..files import save_docx
    from .docx import ReportDoc

    target = study.output_file(composition.file_name, output)
    store = BuildCache(target.parent) if cache else None
    doc = ReportDoc(template, redactor=study.redactor)
    sections = composition.sections()
    ahead = None
    if store is not None:
        study.redactor.use_cache(store)
        # The researchers' texts change most between builds: what is new goes to the
        # de-identifier in another process while this one analyses and draws.
        ahead = study.redactor.redact_ahead(re.sub(r"<!--.*?-->", "", t, flags=re.S) for t in study.teksten.values())
    try:
        with FigurePool(figure_workers, cache=store) as pool:
            run = Build(study, pool, composition)
            # Sections with many figures start drawing them in the worker processes first, also
            # the methods' sections that the chapters place inside themselves.
            nested = [s for p in NESTED for s in method_sections(p)]
            run.prepared = {s.id: s.prepare(run) for s in [*sections, *nested] if s.prepare is not None}
            for section in sections:
                run.add(section, doc)
    finally:
        if ahead is not None:
            ahead.shutdown(wait=False, cancel_futures=True)
        if store is not None:
            study.redactor.stop_cache()
            store.close()
    s = study.settings
    document = doc.finish(title=s.titel, author=", ".join(s.onderzoekers), subject=composition.subject(study),
                          keywords=composition.keywords)
    path = save_docx(document, target)
    if draft is not None and store is not None and template is None and not page_numbers:
        from .herbouw import record

        record(doc, path, draft, study.redactor, composition.file_name)
    if page_numbers:
        from .pdf import find_soffice, heading_pages

        if find_soffice() is not None and doc.toc_headings:
            doc.set_toc_pages(heading_pages(path, doc.toc_headings))
            save_docx(document, path)
    return path


def build_report(study, output: Path | None = None, template: Path | None = None,
                 page_numbers: bool = False, cache: bool = True, draft: str | None = None) -> Path:
    """The full report (`FULL`) of `study` (see `build`)."""
    return build(study, FULL, output, template, page_numbers, cache, draft=draft)
