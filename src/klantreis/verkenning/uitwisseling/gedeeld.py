"""What every reader of an import format shares: the rows read from a file, the checks of one
cell (scale, free text, priorities, perspective), the derived response ids, the result.

The format modules (`limesurvey`, `forms`, `excel_formulier`) build on this module;
`importeren` puts them together.
"""


from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...errors import Probleem, Problemen
from ...files import MAX_FILE_BYTES
from ..opslag import OPEN_TEXT_MAX
from ..vragenlijst import WEET_NIET, Vragenlijst

IMPORT_FORMATS = ("limesurvey", "forms", "excel")
FORMAT_NAMES = {"limesurvey": "LimeSurvey", "forms": "Microsoft Forms", "excel": "Excel-formulier van de kit"}
ID_PREFIX = {"limesurvey": "ls", "forms": "mf", "excel": "xl"}


def derive_response_id(kind: str, key: str) -> str:
    """The store id of an imported response: the same file row always gives the same id."""
    digest = hashlib.sha256(f"klantreis-verkenning|{kind}|{key}".encode("utf-8")).hexdigest()
    return f"{ID_PREFIX[kind]}-{digest[:32]}"


# --- import ---------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    """What an import did; `samenvatting()` tells it in Dutch."""

    bestand: str
    formaat: str
    gemeente: str
    ronde: str
    gelezen: int = 0
    nieuw: int = 0
    al_aanwezig: int = 0
    onvolledig: list[str] = field(default_factory=list)
    onvolledig_bewaard: int = 0
    vervangen: int | None = None  # responses removed by --vervang (None: no replacement asked)
    reservekopie: Path | None = None
    afgewezen: dict[str, list[Probleem]] = field(default_factory=dict)
    meldingen: list[str] = field(default_factory=list)

    def samenvatting(self) -> str:
        lines = [f"Import van {self.bestand} ({FORMAT_NAMES.get(self.formaat, self.formaat)}) voor "
                 f"{self.gemeente}, {self.ronde}:",
                 f"- {count_phrase(self.gelezen, 'respons', 'responsen')} gelezen; {self.nieuw} nieuw opgeslagen, "
                 f"{self.al_aanwezig} stond{'' if self.al_aanwezig == 1 else 'en'} er al in (niet dubbel opgeslagen)."]
        if self.vervangen is not None:
            lines.append(f"- {count_phrase(self.vervangen, 'eerder ingelezen respons', 'eerder ingelezen responsen')} "
                         f"uit deze bron vervangen; reservekopie van de database: {self.reservekopie}.")
        if self.onvolledig:
            lines.append(f"- {count_phrase(len(self.onvolledig), 'onvolledige respons', 'onvolledige responsen')} "
                         f"overgeslagen (niet afgerond, geen verzenddatum): {', '.join(self.onvolledig)}; "
                         "bewaar ze met --onvolledig-bewaren.")
        if self.onvolledig_bewaard:
            lines.append(f"- {count_phrase(self.onvolledig_bewaard, 'onvolledige respons', 'onvolledige responsen')} "
                         "bewaard (niet afgerond; wat niet getoond is, telt als niet getoond).")
        if self.afgewezen:
            n = len(self.afgewezen)
            lines.append(f"- {count_phrase(n, 'rij', 'rijen')} afgewezen en niet opgeslagen (fouten overgeslagen op verzoek):")
            for plaats, problems in self.afgewezen.items():
                lines.append(f"  {plaats}:")
                lines += [f"    - {p.detail()}" for p in problems]
        if not self.gelezen:
            lines.append("- Het bestand bevat geen afgeronde antwoorden; er is niets opgeslagen.")
        lines += [f"- {m}" for m in self.meldingen]
        return "\n".join(lines)


def count_phrase(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


@dataclass
class Row:
    """One response as read from a file, before it becomes a `Response`."""

    plaats: str
    key: str
    where: str = ""  # "regel 5" / "rij 5": where a person finds the row in the file
    file_id: str | None = None  # the file's own id of the response (LimeSurvey id, Forms ID, respons_id)
    perspectief: str | None = None
    perspectief_veld: str = "perspectief"
    antwoorden: dict = field(default_factory=dict)
    open: dict = field(default_factory=dict)
    prioriteit: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    wordings: dict = field(default_factory=dict)  # Forms: column heading → perspectives that use it


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    onvolledig: list[str] = field(default_factory=list)
    onvolledig_bewaard: int = 0
    meldingen: list[str] = field(default_factory=list)


Reader = Callable[[Path, Vragenlijst, Problemen], Parsed]


def norm(text) -> str:
    """Text compared the way a person would: trimmed, case- and whitespace-insensitive."""
    return " ".join(str(text).split()).casefold()


def shown_heading(heading) -> str:
    text = " ".join(str(heading).split())
    return text if len(text) <= 80 else text[:77] + "…"


def scale_lookup(vl: Vragenlijst) -> dict[str, int | str]:
    lookup: dict[str, int | str] = {norm(o.label): o.code for o in vl.schaal.opties}
    lookup[norm(vl.schaal.weet_niet.label)] = WEET_NIET
    lookup[norm("weet niet")] = WEET_NIET
    lookup[norm(WEET_NIET)] = WEET_NIET
    return lookup


def scale_allowed(vl: Vragenlijst) -> str:
    labels = [o.label for o in vl.schaal.opties] + [vl.schaal.weet_niet.label]
    return f"een van: {', '.join(labels)} (of een getal van {vl.schaal.min} tot en met {vl.schaal.max})"


def scale_value(raw, vl: Vragenlijst, lookup: dict) -> tuple[bool, int | str | None]:
    """(ok, value) for a cell with a label, a number or WN; an empty cell is (True, None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return True, None
    if isinstance(raw, bool):
        return False, None
    if isinstance(raw, (int, float)):
        if float(raw).is_integer() and vl.schaal.min <= int(raw) <= vl.schaal.max:
            return True, int(raw)
        return False, None
    text = norm(raw)
    if text in lookup:
        return True, lookup[text]
    if re.fullmatch(r"[0-9]+", text) and vl.schaal.min <= int(text) <= vl.schaal.max:
        return True, int(text)
    return False, None


def check_text(row: Row, heading: str, text: str, shown: str) -> str | None:
    """A free-text answer without leading and trailing spaces, or None (with a problem) when it
    is too long. Text that a spreadsheet would run as a formula ("-wachttijd (veel te lang)",
    "+1 voor het loket", even "=cmd|…") is ordinary text here: it is stored as typed and
    neutralised where the kit writes a spreadsheet (`files.excel_text`), not refused on reading."""
    text = text.strip()
    if len(text) > OPEN_TEXT_MAX:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=f"{len(text)} tekens",
                                     toegestaan=f"tekst van hoogstens {OPEN_TEXT_MAX:,} tekens".replace(",", ".")))
        return None
    return text or None


def priority_lookup(vl: Vragenlijst) -> dict[str, str]:
    lookup = {}
    for u in vl.uitgangspunten:
        for key in (u.code, u.naam, f"{u.code} {u.naam}", f"{u.code}. {u.naam}", f"{u.code} - {u.naam}",
                    f"{u.code} – {u.naam}"):
            lookup[norm(key)] = u.code
    return lookup


def check_priorities(row: Row, heading: str, chosen: list[str], vl: Vragenlijst, shown: str) -> None:
    if len(chosen) > vl.prioriteit.aantal or len(set(chosen)) != len(chosen):
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=", ".join(chosen),
                                     toegestaan=f"hoogstens {vl.prioriteit.aantal} verschillende uitgangspunten"))
    else:
        row.prioriteit = chosen


def _perspective_lookup(vl: Vragenlijst) -> dict[str, str]:
    lookup = {norm(code): code for code in vl.perspective_labels}
    lookup.update({norm(label): code for code, label in vl.perspective_labels.items()})
    return lookup


def read_perspective(row: Row, heading: str, raw, vl: Vragenlijst, shown: str) -> None:
    row.perspectief_veld = heading
    if raw is None or not str(raw).strip():
        return
    code = _perspective_lookup(vl).get(norm(raw))
    if code is None:
        row.problems.append(Probleem(bestand=shown, plaats=row.plaats, veld=heading, waarde=raw,
                                     toegestaan=f"een van: {', '.join(vl.perspective_labels)}"))
        row.perspectief = "?"  # known to be wrong: never fall back to --perspectief
    else:
        row.perspectief = code


def key_part(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Excel files (Forms download, the kit's form) -------------------------------------------------

def open_workbook(path: Path, problemen: Problemen, what: str):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ...files import check_workbook

    # size, zip bomb, macros and a sheet claiming a million rows, before openpyxl opens it
    if not check_workbook(path, problemen, max_bytes=4 * MAX_FILE_BYTES, max_rows=100_000):
        return None
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        problemen.add(what, waarde=f"onleesbaar ({type(exc).__name__})")
        return None

