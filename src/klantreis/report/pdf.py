"""Word to PDF through LibreOffice headless, when it is installed: the tagged PDF (PDF/UA) that
councils publish, and the page of every heading, so the table of contents can carry page
numbers before anyone opens the file in Word.

LibreOffice runs with a profile of its own in a temporary folder, so it never waits for (or
disturbs) a LibreOffice the user has open. Without LibreOffice nothing here runs: the report
is still written and Word fills the page numbers of the contents when it opens the file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import KlantreisFout, Probleem

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_S = 300
# LibreOffice's writer_pdf_Export options (JSON form, LibreOffice 7.4 and later): a tagged PDF
# that follows PDF/UA, with bookmarks from the headings and the document title in the window.
TAGGED = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
}
NOT_INSTALLED = ("LibreOffice is niet gevonden (het programma 'soffice'). Installeer LibreOffice om een "
                 "PDF te maken, of sla het Word-bestand zelf op als PDF (in Word: Opslaan als > PDF, "
                 "met 'Documentstructuurcodes voor toegankelijkheid' aangevinkt).")


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (KLANTREIS_SOFFICE may point
    to it)."""
    given = os.environ.get("KLANTREIS_SOFFICE")
    if given:
        return given if Path(given).exists() else None
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def convert(docx: Path, folder: Path, tagged: bool = True) -> Path:
    """Convert `docx` to a PDF in `folder` with LibreOffice headless; returns the PDF's path.
    Raises the kit's error (in Dutch) when LibreOffice is missing or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise KlantreisFout(Probleem(bestand=str(docx), toegestaan=NOT_INSTALLED, toon_waarde=False),
                            "Geen PDF gemaakt")
    target = "pdf:writer_pdf_Export:" + json.dumps(TAGGED) if tagged else "pdf"
    with tempfile.TemporaryDirectory(prefix="klantreis-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(folder), str(docx)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            done = None
            reason = str(exc)
    pdf = Path(folder) / (Path(docx).stem + ".pdf")
    if done is None or done.returncode != 0 or not pdf.exists():
        reason = reason if done is None else (done.stderr.strip() or done.stdout.strip() or "geen uitvoer")
        raise KlantreisFout(Probleem(bestand=str(docx), toegestaan=(
            f"een bestand dat LibreOffice kan omzetten; LibreOffice meldde: {reason[:300]}"),
            toon_waarde=False), "Geen PDF gemaakt")
    return pdf


def write_pdf(docx: Path, target: Path | None = None) -> Path:
    """The tagged PDF of `docx`, written next to it (or to `target`) through the kit's writer."""
    from ..files import write_bytes

    target = Path(target) if target else Path(docx).with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="klantreis-pdf-") as tmp:
        pdf = convert(Path(docx), Path(tmp))
        return write_bytes(target, pdf.read_bytes())


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """The bookmarks of a PDF written by LibreOffice, in document order: (title, page number
    counting from 1). LibreOffice writes one flat page tree and every bookmark as a plain
    object with a UTF-16 title and a page destination; other writers may need a real PDF
    library."""
    kids = re.search(rb"/Type\s*/Pages\b.*?/Kids\s*\[([^\]]*)\]", pdf, re.S)
    if kids is None:
        return []
    pages = {int(n): i for i, n in enumerate(re.findall(rb"(\d+)\s+0\s+R", kids.group(1)), 1)}
    found = []
    for m in re.finditer(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))(.*?)/Dest\s*\[\s*(\d+)\s+0\s+R",
                         pdf, re.S):
        if b"endobj" in m.group(2):
            continue
        found.append((_pdf_text(m.group(1)), pages.get(int(m.group(3)))))
    return [(title, page) for title, page in found if page is not None]


def heading_pages(docx: Path, headings: list[str]) -> list[int | None]:
    """The page of each of `headings` (in document order) as LibreOffice lays out `docx`."""
    with tempfile.TemporaryDirectory(prefix="klantreis-pagina-") as tmp:
        marks = outline(convert(Path(docx), Path(tmp), tagged=False).read_bytes())
    pages: list[int | None] = []
    at = 0
    for heading in headings:
        key = _key(heading)
        hit = next((i for i in range(at, len(marks)) if _key(marks[i][0]) == key), None)
        pages.append(None if hit is None else marks[hit][1])
        at = at if hit is None else hit + 1
    return pages


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _pdf_text(token: bytes) -> str:
    if token.startswith(b"<"):
        raw = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode("ascii"))
        return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    body = re.sub(rb"\\([()\\])", rb"\1", token[1:-1])
    return body.decode("latin-1")
