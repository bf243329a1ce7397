"""Build the Word report of a study in-process: one section module per part, in order."""

from __future__ import annotations

from pathlib import Path

from ..figures import FigurePool
from ..files import save_docx
from ..meta_analyse import analyse
from .docx import ReportDoc
from .sections import bijlagen, conclusies, klantreizen, methode, schaduwreis, titel, verkenning

SECTIONS = [titel, methode, schaduwreis, klantreizen, verkenning, conclusies, bijlagen]
REPORT_NAME = "rapport_klantreizen.docx"


def build_report(study, output: Path | None = None, template: Path | None = None) -> Path:
    """Write the report of `study` and return its path (default: the study's uitvoer/ folder)."""
    meta = analyse(study)
    report = ReportDoc(template, redact_terms=tuple(study.settings.privacy.te_verwijderen))
    with FigurePool() as pool:
        # Sections with many figures start drawing them in a second process first.
        prepared = {s: s.prepare(study, meta, pool) for s in SECTIONS if hasattr(s, "prepare")}
        for section in SECTIONS:
            if section in prepared:
                section.add(report, study, meta, prepared[section])
            else:
                section.add(report, study, meta)
    s = study.settings
    doc = report.finish(title=s.titel, author=", ".join(s.onderzoekers),
                        subject=f"Klantreizen in de toegang sociaal domein: {', '.join(s.gemeenten)}",
                        keywords="klantreis; schaduwreis; toegang; sociaal domein")
    target = Path(output) if output else study.output_dir / REPORT_NAME
    if target.suffix.lower() != ".docx":
        target = target / REPORT_NAME
    return save_docx(doc, target)
