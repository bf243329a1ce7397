"""Searching for personal data: in the study's raw files (`klantreis controleer` warns) and in
everything the kit wrote (`klantreis privacy` fails).

`klantreis privacy STUDIE` reads every file in the study's `uitvoer/` folder (without a study:
`demo-uitvoer/`, where `klantreis rapport` writes the demo report):

- .docx and .xlsx (zip files of XML): every part, so body text, tables, headers, footers,
  footnotes, comments, the alt text of every figure (`descr` and `title` attributes), the
  core, app and custom document properties, every sheet's cells and the sheet names;
- .png (loose, or inside a Word file): the text the kit writes into every figure it draws
  (`figures.to_png` stores all labels, titles and annotations in the PNG's "Description"
  text chunk), so the words drawn in a picture can be searched like the alt text;
- text files (.txt, .csv, .md, .html, .json, .yaml).

It looks for the formats the kit's redaction removes (e-mail, IBAN, BSN by the elfproef,
phone numbers, postcodes, licence plates, addresses with a house number), for the words on
the study's removal list, and for the ids of residents who gave no consent for quotes next to
a quotation. Names that are not on the removal list are deduce's job during redaction; the
scan does not run deduce, because the report rightly names its researchers and its places.
A hit names the file and the place (part and paragraph, sheet and cell) and shows only a
masked hint of the value, so the scan's own output does not spread it.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from .redactie import Redactor

# What the output scan looks for: the unmistakable formats (dates and place names are the
# kit's own words in a report, so they are left to redaction).
OUTPUT_KINDS = ("e-mail", "iban", "bsn", "telefoonnummer", "postcode", "kenteken", "adres", "naam")
TEXT_SUFFIXES = {".txt", ".csv", ".md", ".html", ".htm", ".json", ".yaml", ".yml", ".tsv"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_QUOTE = re.compile(r"[“”\"„]")
NAMES = {"e-mail": "e-mailadres", "iban": "IBAN", "bsn": "BSN", "telefoonnummer": "telefoonnummer",
         "postcode": "postcode", "kenteken": "kenteken", "adres": "adres", "naam": "naam",
         "plaats": "plaatsnaam", "datum": "datum", "leeftijd": "leeftijd", "nummer": "nummer", "link": "link",
         "respondent": "respondent-id"}


@dataclass(frozen=True)
class Melding:
    """One find: where (file, place) and what (kind, masked hint)."""

    bestand: str
    plaats: str
    soort: str
    hint: str

    def tekst(self) -> str:
        return f"{self.bestand}, {self.plaats}: {NAMES.get(self.soort, self.soort)} ({self.hint})"


# --- raw files: warnings for `klantreis controleer` ---------------------------------------------

def raw_texts(study):
    """(file, place, text) for every free text in the study's raw files that an output could
    show: the interviews' free-text fields, the researchers' teksten/*.md (per line) and the
    verkenning's open answers. Raw files are only read."""
    for iv in study.parts.get("interviews", []):
        bestand = _interview_file(study, iv.respondent)
        who = f"respondent {iv.respondent}"
        yield bestand, f"{who}, huishouden.samenstelling", iv.huishouden.samenstelling
        items = [(f"stap '{sv.stap}'", sv) for sv in iv.stappen] + \
                [(f"extra stap {nr}", e) for nr, e in enumerate(iv.extra_stappen, 1)]
        for where, item in items:
            if hasattr(item, "naam"):
                yield bestand, f"{who}, {where}, naam", item.naam
            if hasattr(item, "in_plaats_daarvan"):
                yield bestand, f"{who}, {where}, in_plaats_daarvan", item.in_plaats_daarvan
            yield bestand, f"{who}, {where}, goed", item.goed
            yield bestand, f"{who}, {where}, beter", item.beter
            for nr, c in enumerate(item.citaten, 1):
                yield bestand, f"{who}, {where}, citaat {nr}", c.tekst
    from .study import TEXTS_DIR

    for name, text in study.teksten.items():
        text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
        for nr, line in enumerate(text.splitlines(), 1):
            yield f"{TEXTS_DIR}/{name}.md", f"regel {nr}", line
    db = getattr(study, "verkenning_db", None)
    if db is not None and Path(db).exists():
        from .verkenning.opslag import Opslag

        with Opslag(db, readonly=True) as store:
            open_ = store.tables()["open"]
        shown = Path(db).relative_to(study.path).as_posix()
        for row in open_.itertuples(index=False):
            yield shown, f"respons {row.respons_id}, open antwoord bij {row.uitgangspunt}", row.tekst


def raw_findings(study) -> list[Melding]:
    """Personal data in the study's raw free texts (`raw_texts`), where redaction would remove
    it later; a respondent's own id in their own interview is not a find."""
    red = study.redactor
    found: list[Melding] = []
    for bestand, plaats, text in raw_texts(study):
        if not (isinstance(text, str) and text.strip()):
            continue
        own = plaats.split(",")[0].removeprefix("respondent ")
        for v in red.find(text):
            if not (v.soort == "respondent" and v.tekst == own):
                found.append(Melding(bestand, plaats, v.soort, v.hint))
    return found


def _interview_file(study, respondent: str) -> str:
    folder = Path(study.path) / "interviews"
    for suffix in (".yaml", ".yml", ".xlsx"):
        if (folder / f"{respondent}{suffix}").exists():
            return f"interviews/{respondent}{suffix}"
    return "interviews/"


# --- outputs: `klantreis privacy` ---------------------------------------------------------------

def output_scanner(study) -> tuple[Redactor, set[str]]:
    """The scan's finder (kit patterns + the removal list, no deduce) and the ids of residents
    without consent for quotes."""
    s = study.settings
    # The titles of the literature the report cites are the kit's own text ("Toegang 20" is a paper).
    titles = [b.titel for b in study.instruments.literatuur.bronnen]
    finder = Redactor(remove=s.privacy.te_verwijderen, allow=[*s.gemeenten, *s.privacy.behouden, *titles], names=False)
    no_consent = {iv.respondent for iv in study.parts.get("interviews", []) if not iv.toestemming.citaten}
    return finder, no_consent


def scan_folder(folder: Path, finder: Redactor, no_consent: set[str] = frozenset()) -> list[Melding]:
    """Every find in every file under `folder` (see the module docstring)."""
    folder = Path(folder)
    found: list[Melding] = []
    ids = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(no_consent))) + r")(?!\w)") if no_consent else None
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        shown = str(path.relative_to(folder))
        for plaats, text in texts_of(path):
            for v in finder.find(text, kinds=OUTPUT_KINDS, names=False):
                found.append(Melding(shown, plaats, v.soort, v.hint))
            if ids is not None and _QUOTE.search(text):
                for m in ids.finditer(text):
                    found.append(Melding(shown, plaats, "citaat zonder toestemming", f"van {m.group()}"))
    return found


def texts_of(path: Path):
    """(place, text) for every piece of text in one output file."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".xlsx", ".pptx", ".docm", ".xlsm"):
        try:
            with zipfile.ZipFile(path) as z:
                yield from _zip_texts(z)
        except zipfile.BadZipFile:
            yield "bestand", path.read_bytes().decode("utf-8", "replace")
    elif suffix == ".png":
        for key, value in png_texts(path.read_bytes()):
            yield f"tekst in de afbeelding ({key})", value
    elif suffix in (".sqlite", ".db"):  # e.g. the build cache's redacted texts
        yield from _sqlite_texts(path)
    elif suffix == ".xml":  # e.g. the build cache's draft of the report (report.herbouw)
        yield from _xml_texts(path.name, path.read_bytes())
    elif suffix in TEXT_SUFFIXES:
        for nr, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            yield f"regel {nr}", line


def _sqlite_texts(path: Path):
    """Every text value in every table of an SQLite file, opened read-only."""
    import sqlite3

    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        yield "bestand", path.read_bytes().decode("utf-8", "replace")
        return
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for nr, row in enumerate(db.execute(f'SELECT * FROM "{table}"'), 1):
                for value in row:
                    if isinstance(value, str):
                        yield f"tabel {table}, rij {nr}", value
    except sqlite3.Error:
        yield "bestand", path.read_bytes().decode("utf-8", "replace")
    finally:
        db.close()


def _zip_texts(z: zipfile.ZipFile):
    names = z.namelist()
    shared: list[str] = []
    sheets: dict[str, str] = {}
    if "xl/sharedStrings.xml" in names:
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(f"{_S}t")) for si in root.iter(f"{_S}si")]
    if "xl/workbook.xml" in names:
        root = ET.fromstring(z.read("xl/workbook.xml"))
        rels = _relations(z, "xl/_rels/workbook.xml.rels")
        for nr, sheet in enumerate(root.iter(f"{_S}sheet"), 1):
            name = sheet.get("name", "")
            yield f"naam van blad {nr}", name
            rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            if rid in rels:
                sheets["xl/" + rels[rid].lstrip("/").removeprefix("xl/")] = name
    for part in names:
        data = z.read(part)
        if part.lower().endswith(".png"):
            for key, value in png_texts(data):
                yield f"{part}, tekst in de afbeelding ({key})", value
            continue
        if not part.lower().endswith((".xml", ".rels")) or part == "xl/sharedStrings.xml":
            continue
        if part in sheets:
            try:
                root = ET.fromstring(data)
            except ET.ParseError:
                yield part, data.decode("utf-8", "replace")
                continue
            for c in root.iter(f"{_S}c"):
                value = _cell_text(c, shared)
                if value:
                    yield f"blad '{sheets[part]}', cel {c.get('r')}", value
            continue
        yield from _xml_texts(part, data)


def _xml_texts(part: str, data: bytes):
    """The paragraphs and alt texts of one XML part of an Office file (or a text node each)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        yield part, data.decode("utf-8", "replace")
        return
    paragraphs = list(root.iter(f"{_W}p"))
    for nr, p in enumerate(paragraphs, 1):
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
        if text:
            yield f"{part}, alinea {nr}", text
    for el in root.iter():
        for attr in ("descr", "title", "name"):
            value = el.get(attr)
            if value and el.tag.split("}")[-1] in ("docPr", "cNvPr"):
                yield f"{part}, alt-tekst ({attr})", value
        if not paragraphs and el.text and el.text.strip() and len(el) == 0:
            yield f"{part}, {el.tag.split('}')[-1]}", el.text


def _relations(z: zipfile.ZipFile, name: str) -> dict[str, str]:
    if name not in z.namelist():
        return {}
    root = ET.fromstring(z.read(name))
    return {r.get("Id"): r.get("Target", "") for r in root}


def _cell_text(c, shared: list[str]) -> str:
    kind = c.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{_S}t"))
    v = c.find(f"{_S}v")
    if v is None or v.text is None:
        return ""
    if kind == "s":
        index = int(v.text)
        return shared[index] if 0 <= index < len(shared) else ""
    return v.text


def png_texts(data: bytes) -> list[tuple[str, str]]:
    """The text chunks (tEXt, iTXt, zTXt) of a PNG, as (key, text)."""
    import zlib

    out = []
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return out
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        try:
            if kind == b"tEXt":
                key, _, text = body.partition(b"\0")
                out.append((key.decode("latin-1"), text.decode("latin-1")))
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                out.append((key.decode("latin-1"), zlib.decompress(rest[1:]).decode("latin-1")))
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\0")
                compressed, rest = rest[0], rest[2:]
                _lang, _, rest = rest.partition(b"\0")
                _tkey, _, text = rest.partition(b"\0")
                out.append((key.decode("latin-1"), (zlib.decompress(text) if compressed else text).decode("utf-8")))
        except (zlib.error, UnicodeDecodeError, IndexError):
            continue
        if kind == b"IEND":
            break
    return out


def run_privacy(args) -> int:
    """`klantreis privacy [STUDIE]`: exit 1 with every find, 0 with a summary."""
    from .arguments import DEMO_OUTPUT, open_study
    from .errors import KlantreisFout, Probleem

    study = open_study(args)
    folder = Path(args.map) if getattr(args, "map", None) else (DEMO_OUTPUT if args.studie is None
                                                                else study.output_dir)
    if not folder.is_dir():
        raise KlantreisFout(Probleem(bestand=str(folder), toon_waarde=False, toegestaan=(
            "een map met uitvoer van de kit (maak die eerst, bv. met 'klantreis rapport')")),
            "Geen uitvoer om te doorzoeken")
    finder, no_consent = output_scanner(study)
    found = scan_folder(folder, finder, no_consent)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    if found:
        print(f"Persoonsgegevens gevonden in de uitvoer ({folder}): {len(found)} keer.")
        for m in found:
            print(f"- {m.tekst()}")
        return 1
    print(f"Geen persoonsgegevens gevonden in {files} bestanden in {folder} (gezocht naar e-mailadressen, IBAN, "
          "BSN, telefoonnummers, postcodes, kentekens, adressen, namen van de verwijderlijst en citaten van "
          "inwoners zonder toestemming).")
    return 0


def report_raw_findings(study, out) -> int:
    """Print `raw_findings` as warnings (for `klantreis controleer`); returns their number."""
    found = raw_findings(study)
    if found:
        print(f"Waarschuwing: persoonsgegevens in de ruwe bestanden ({len(found)} keer). De kit vervangt ze in "
              "elke uitvoer; haal ze liever ook uit de bron:", file=out)
        for m in found:
            print(f"- {m.tekst()}", file=out)
    return len(found)

