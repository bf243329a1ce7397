"""Small helpers for tests that need an external program (LibreOffice, Chromium).

Locally such a test is skipped when the program is missing; in CI (`KLANTREIS_VOLLEDIG=1`,
set by .ci/run, which installs the programs) a missing program is a failure, so a green CI
never hides a skipped check.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require_program(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("KLANTREIS_VOLLEDIG"):
        pytest.fail(f"{name} ontbreekt, maar KLANTREIS_VOLLEDIG=1 vraagt om alle controles")
    pytest.skip(f"{name} is niet geïnstalleerd")


def write_sections(study, method_names, path, plaatsen=("methode", "gemeente", "vergelijking", "statistiek")):
    """A Word file with the sections of `method_names` in the report parts `plaatsen`, in the
    order of `plaatsen`, the way a composition places them: a level-1 heading per part, and a
    "gemeente" section once per municipality under "Gemeente X". For testing sections before a
    composition prints them; returns the path."""
    from klantreis.figures import FigurePool
    from klantreis.files import save_docx
    from klantreis.methods import method
    from klantreis.report.compose import FULL, Build
    from klantreis.report.docx import ReportDoc

    titles = {"methode": "Onderzoeksopzet", "vergelijking": "De gemeenten vergeleken",
              "statistiek": "Bijlage Statistische verantwoording", "bijlage": "Bijlagen"}
    sections = [s for name in method_names for s in method(name).sections]
    doc = ReportDoc(redactor=study.redactor)
    with FigurePool(workers=0) as pool:
        build = Build(study, pool, FULL)
        prepared = {s.id: s.prepare(build) for s in sections if s.prepare is not None and s.plaats in plaatsen}
        for plaats in plaatsen:
            own = [s for s in sections if s.plaats == plaats]
            if plaats == "gemeente":
                for gemeente in study.settings.gemeenten:
                    doc.heading(f"Gemeente {gemeente}", 1)
                    for s in own:
                        s.add(doc, build, prepared.get(s.id), gemeente=gemeente)
                continue
            doc.heading(titles.get(plaats, plaats), 1)
            for s in own:
                s.add(doc, build, prepared.get(s.id))
    document = doc.finish(title=study.settings.titel, author="test", subject="secties", keywords="")
    return save_docx(document, path)
