"""Personal invitations: single-use codes for one gemeente, ronde and perspectief, an Excel list
for a mail merge and a Word document with one printable letter per code (the link, the code and
a QR code of the link, made with `segno`).

The codes exist in plain text only in these two files: the store keeps their hashes. Keep the
files as safe as the answers, and delete them once the letters are sent. Each run writes new
files (the name holds the time), so an earlier batch is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from ...errors import Problemen
from ...files import excel_text, save_docx, save_workbook

MAX_AANTAL = 10_000
QR_WIDTH_CM = 4.0


@dataclass
class Uitnodigingen:
    codes: list[str]
    lijst: Path  # Excel, one row per code
    brieven: Path  # Word, one letter per page


def invitation_link(adres: str, code: str) -> str:
    return f"{adres.rstrip('/')}/?code={quote(code, safe='-')}"


def check_invitations(study, gemeente: str, ronde: str, perspectief: str, aantal: int, adres: str):
    """Every problem with the request, in Dutch, at once; else the questionnaire."""
    from ..vragenlijst import read_vragenlijst

    study.refuse_demo("In de demostudie worden geen uitnodigingen gemaakt")
    vl = read_vragenlijst(study.path)
    problemen = Problemen(str(study.path))
    for veld, value, allowed in (("--gemeente", gemeente, study.settings.gemeenten),
                                 ("--ronde", ronde, study.settings.verkenning.rondes),
                                 ("--perspectief", perspectief, list(vl.perspective_labels))):
        if value not in allowed:
            problemen.add(f"een van: {', '.join(allowed)}", bestand="studie.yaml", veld=veld, waarde=value)
    if not 1 <= aantal <= MAX_AANTAL:
        problemen.add(f"een aantal van 1 tot en met {MAX_AANTAL:,}".replace(",", "."), bestand="opdracht",
                      veld="--aantal", waarde=aantal)
    parts = urlsplit(adres)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme not in ("https", "http") or not parts.hostname or (parts.scheme == "http" and not local) \
            or parts.query or parts.fragment:
        problemen.add("het openbare adres van het formulier, beginnend met https:// (bv. https://zelfscan.gemeente.nl)",
                      bestand="opdracht", veld="--adres", waarde=adres)
    problemen.raise_if_any("Geen uitnodigingen gemaakt")
    return vl


def make_invitations(study, gemeente: str, ronde: str, perspectief: str, aantal: int, adres: str,
                     output: Path | None = None) -> Uitnodigingen:
    """Create `aantal` codes in the study's store and write the list and the letters."""
    from ..opslag import Opslag

    vl = check_invitations(study, gemeente, ronde, perspectief, aantal, adres)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"uitnodigingen_{_safe(gemeente)}_{_safe(ronde)}_{perspectief}_{stamp}"
    with Opslag(study.verkenning_db) as store:
        codes = store.create_codes(gemeente, ronde, perspectief, aantal)
    links = [invitation_link(adres, code) for code in codes]
    label = vl.perspective_labels[perspectief]
    lijst = save_workbook(invitation_list(codes, links, gemeente, ronde, label),
                          study.output_file(f"{base}.xlsx", output), overwrite=False)
    brieven = save_docx(invitation_letters(codes, links, adres, gemeente, study.settings.opdrachtgever),
                        study.output_file(f"{base}.docx", output), overwrite=False)
    return Uitnodigingen(codes, lijst, brieven)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-") or "x"


def invitation_list(codes: list[str], links: list[str], gemeente: str, ronde: str, perspectief: str):
    """An openpyxl workbook: one row per code, ready for a mail merge in Word or Outlook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Uitnodigingen"
    ws.append(["volgnummer", "gemeente", "ronde", "perspectief", "code", "link"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, (code, link) in enumerate(zip(codes, links), 1):
        ws.append([number, excel_text(gemeente), excel_text(ronde), excel_text(perspectief), code, link])
    for column, width in zip("ABCDEF", (12, 18, 14, 30, 18, 60)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Toelichting")
    for line in (
        ["Uitnodigingen voor de verkenning", ""],
        ["Gebruik", "Samenvoegen in Word of Outlook: één bericht per rij, met de link en de code."],
        ["Code", "Elke code werkt één keer. Met dezelfde code kan iemand stoppen en later verdergaan."],
        ["Privacy", "Dit bestand is het enige waarin de codes leesbaar staan; de kit bewaart alleen een "
                    "onherleidbare vorm. De antwoorden staan los van de codes. Bewaar dit bestand veilig en "
                    "verwijder het als de uitnodigingen verstuurd zijn."],
    ):
        info.append(line)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 16, 100
    return wb


def qr_png(link: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def invitation_letters(codes: list[str], links: list[str], adres: str, gemeente: str, afzender: str):
    """A python-docx Document: one letter per code, each on its own page."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    from ...report.docx import ReportDoc

    rd = ReportDoc()
    doc = rd.doc
    shown_address = adres.rstrip("/")
    for number, (code, link) in enumerate(zip(codes, links), 1):
        rd.heading(f"Uitnodiging: uw mening over hulp en ondersteuning in {gemeente}", level=1)
        rd.paragraph("Beste lezer,")
        rd.paragraph(f"Gemeente {gemeente} wil weten hoe inwoners hulp en ondersteuning krijgen, en wat er beter kan. "
                     "Het gaat om hulp bij zorg, opvoeden, werk, geld of schulden. Daarom vragen wij u een "
                     "vragenlijst in te vullen. Dat duurt ongeveer 15 minuten.")
        rd.paragraph("Zo vult u de vragenlijst in", bold=True)
        rd.numbered([f"Ga op uw computer, tablet of telefoon naar {shown_address}",
                     "Vul daar deze persoonlijke code in:"])
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(0.75)
        run = p.add_run(code)
        run.bold = True
        run.font.size = Pt(20)
        run.font.name = "DejaVu Sans Mono"
        rd.paragraph("Of scan de QR-code met de camera van uw telefoon. Dan hoeft u de code niet in te vullen.")
        picture = doc.add_paragraph().add_run().add_picture(io.BytesIO(qr_png(link)), width=Cm(QR_WIDTH_CM))
        picture._inline.docPr.set("descr", "QR-code met de link naar de vragenlijst en uw code")
        rd.paragraph("Goed om te weten", bold=True)
        rd.bullets(["Uw code werkt één keer. U kunt tussendoor stoppen en later verdergaan met dezelfde code.",
                    "Uw antwoorden worden apart van de code bewaard. Niemand kan zien wat u heeft geantwoord.",
                    "Meedoen is vrijwillig. Een vraag overslaan mag."])
        rd.paragraph("Met vriendelijke groet,")
        rd.paragraph(afzender)
        if number < len(codes):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return rd.finish(title=f"Uitnodigingen verkenning {gemeente}", author=afzender,
                     subject="Uitnodigingen voor de vragenlijst over de toegang")
