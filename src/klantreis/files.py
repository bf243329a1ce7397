"""The one place that reads users' files and writes the kit's files.

Reading: size limits, binary detection and safe YAML, each turned into a Dutch
`Probleem` instead of a traceback. Writing: always to a temporary file in the same
folder, renamed into place when complete, so a crash never leaves a half-written file
and a user's file is never touched unless the caller asked for it explicitly.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from .errors import KlantreisFout, Probleem, Problemen

MAX_FILE_BYTES = 5_000_000


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(Path(path).resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def read_text(path: Path, problemen: Problemen, root: Path | None = None) -> str | None:
    """Read a UTF-8 text file; on any problem add it to `problemen` and return None."""
    shown = problemen.bestand or _display(path, root)
    if root is not None and outside(path, root):
        # never read it: its content could end up in a message
        problemen.add("een bestand binnen de studiemap (dit is een snelkoppeling naar een bestand erbuiten)",
                      bestand=shown, veld="pad", waarde=path.name)
        return None
    try:
        size = path.stat().st_size
    except OSError:
        problemen.add("een bestaand, leesbaar bestand", bestand=shown, toon_waarde=False)
        return None
    if path.is_dir():
        problemen.add("een bestand; hier staat een map met die naam", bestand=shown, veld="pad", waarde=path.name)
        return None
    if size > MAX_FILE_BYTES:
        problemen.add(f"bestanden tot {MAX_FILE_BYTES // 1_000_000} MB", bestand=shown,
                      waarde=f"{size} bytes", veld="bestandsgrootte")
        return None
    data = path.read_bytes()
    if not data.strip():
        problemen.add("een bestand met inhoud", bestand=shown, waarde="leeg bestand", toon_waarde=True)
        return None
    encoding = _utf16_or_32(data)
    if encoding:
        problemen.add(f"tekst in UTF-8-codering; dit bestand is opgeslagen als {encoding} (kies bij 'Opslaan als' "
                      "de codering UTF-8)", bestand=shown, veld="codering", waarde=encoding)
        return None
    if b"\x00" in data:
        problemen.add("een tekstbestand (UTF-8); dit lijkt een binair bestand", bestand=shown,
                      waarde=data[:16])
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problemen.add("tekst in UTF-8-codering (sla het bestand op als UTF-8; het lijkt een oudere "
                      "codering zoals Latin-1 of Windows-1252)", bestand=shown, plaats=f"regel {line}",
                      waarde=data[max(0, exc.start - 20):exc.start + 10].decode("latin-1"))
        return None
    return text


def _utf16_or_32(data: bytes) -> str | None:
    """The name of a UTF-16/32 encoding when the bytes look like one (byte order mark, or
    every other byte a NUL as in ASCII text saved as UTF-16), else None."""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                      (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            return name
    sample = data[:200]
    if len(sample) >= 8 and (sample[1::2].count(0) > 0.8 * len(sample[1::2])
                             or sample[0::2].count(0) > 0.8 * len(sample[0::2])):
        return "UTF-16"
    return None


def outside(path: Path, root: Path) -> bool:
    """Whether `path` (following symbolic links) lies outside the folder `root`."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
        return False
    except (ValueError, OSError, RuntimeError):
        return True


MAX_WORKBOOK_BYTES = 5_000_000        # a filled-in form is some tens of kilobytes
MAX_WORKBOOK_UNPACKED = 50_000_000    # what the zip holds once unpacked
MAX_SHEET_ROWS = 10_000


def open_workbook(path: Path, problemen, command: str):
    """A workbook to read (openpyxl, read-only, formulas as text), after `check_workbook`; None
    with a Dutch problem when it may not be opened or is unreadable. `command` is the kit's
    command that makes the form ("klantreis interviewformulier")."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not check_workbook(Path(path), problemen):  # too large, a zip bomb, macros: never opened
        return None
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        problemen.add(f"een Excel-bestand (.xlsx) gemaakt met '{command}'",
                      waarde="een onleesbaar of beschadigd bestand", toon_waarde=True)
        return None


def check_workbook(path: Path, problemen: Problemen, max_bytes: int = MAX_WORKBOOK_BYTES,
                   max_rows: int = MAX_SHEET_ROWS) -> bool:
    """Look inside an .xlsx before openpyxl opens it: size, what the zip unpacks to (a zip
    bomb), macros (an .xlsm renamed to .xlsx) and the rows each sheet says it has. Problems go
    into `problemen`; returns whether the workbook may be opened."""
    import re
    import zipfile

    size = path.stat().st_size
    if size > max_bytes:
        problemen.add(f"Excel-bestanden tot {max_bytes // 1_000_000} MB", veld="bestandsgrootte",
                      waarde=f"{size} bytes")
        return False
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_WORKBOOK_UNPACKED or any(i.file_size > 200 * max(i.compress_size, 1) for i in infos
                                                       if i.file_size > 1_000_000):
                problemen.add(f"een Excel-bestand dat uitgepakt hoogstens {MAX_WORKBOOK_UNPACKED // 1_000_000} MB "
                              "is; dit bestand pakt uit tot veel meer dan het zelf groot is (een zogenoemde "
                              "zip-bom)", veld="inhoud", waarde=f"{unpacked} bytes uitgepakt")
                return False
            names = {i.filename.lower() for i in infos}
            types = z.read("[Content_Types].xml").decode("utf-8", "replace") if "[content_types].xml" in names else ""
            if "xl/vbaproject.bin" in names or "macroEnabled" in types:
                problemen.add("een Excel-werkmap zonder macro's (.xlsx); dit is een werkmap met macro's (.xlsm) "
                              "met een andere extensie", veld="inhoud", waarde="macro's (vbaProject)")
                return False
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with z.open(info) as f:
                        head = f.read(4096).decode("utf-8", "replace")
                    m = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
                    if m and int(m[1]) > max_rows:
                        problemen.add(f"bladen met hoogstens {max_rows:,} rijen".replace(",", "."),
                                      plaats=info.filename.rsplit("/", 1)[-1], veld="rijen", waarde=int(m[1]))
                        return False
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return True  # not a zip at all: the caller's own message for an unreadable workbook says it
    return True


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without aliases (no 'billion laughs') and without silent duplicate keys."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "verwijzingen (*alias) zijn niet toegestaan",
                                       event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.MarkedYAMLError(None, None, f"de sleutel '{key}' staat er twee keer in",
                                           key_node.start_mark)
            seen.add(key if isinstance(key, (str, int, float, bool)) else id(key))
        # explicit, so the fast loader below (libyaml's parser, the same constructor) shares it
        return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)
# Dates stay text here: the models parse them, so an impossible date is reported with its field.
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same rules on libyaml's parser (several times faster: a study of 3,000 interviews)."""

        construct_mapping = _StrictLoader.construct_mapping

    _FastLoader.add_constructor("tag:yaml.org,2002:map", _FastLoader.construct_mapping)
    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _fast_load(text: str):
    """Parse with libyaml; None when it is not available or the text has any problem (an alias,
    a syntax error, ...): the caller then parses again with `_StrictLoader`, whose messages the
    kit translates."""
    if _FastLoader is None:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None or _has_alias(node):
            return None
        return (loader.construct_document(node),)
    except (yaml.YAMLError, ValueError, RecursionError, TypeError):
        return None
    finally:
        loader.dispose()


def _has_alias(root) -> bool:
    """Whether a composed document reuses a node (what an *alias does), without expanding it."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def load_yaml(path: Path, problemen: Problemen, root: Path | None = None):
    """Parse a YAML file safely; problems go into `problemen` and the result is None."""
    text = read_text(path, problemen, root)
    if text is None:
        return None
    shown = problemen.bestand or _display(path, root)
    fast = _fast_load(text)
    if fast is not None:
        return fast[0]
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        problemen.add(f"geldige YAML ({_dutch_yaml_problem(exc.problem or exc.context or '')})", bestand=shown,
                      plaats=_yaml_place(exc), toon_waarde=False)
        return None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        problemen.add("tekst zonder onzichtbare stuurtekens (zoals ESC of BEL)", bestand=shown,
                      plaats=f"regel {line}", waarde=chr(exc.character) if isinstance(exc.character, int)
                      else exc.character)
        return None
    except RecursionError:
        problemen.add("YAML die niet dieper dan een paar niveaus genest is", bestand=shown,
                      waarde="te diep geneste lijsten of groepen", toon_waarde=True)
        return None
    except (yaml.YAMLError, ValueError) as exc:
        problemen.add(f"geldige YAML ({type(exc).__name__})", bestand=shown, toon_waarde=False)
        return None
    return data


def _yaml_place(exc: yaml.MarkedYAMLError) -> str | None:
    """Where a YAML error is: an unclosed quote starts at the context mark, not where it is noticed."""
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None and context is None:
        return None
    if problem is not None and context is not None and context.line != problem.line:
        return f"regel {context.line + 1} tot regel {problem.line + 1}"
    mark = problem or context
    return f"regel {mark.line + 1}, kolom {mark.column + 1}"


def _dutch_yaml_problem(problem: str) -> str:
    known = {
        "found character '\\t' that cannot start any token": "tabs zijn niet toegestaan, gebruik spaties",
        "mapping values are not allowed here": (
            "een dubbele punt op een onverwachte plek: controleer de inspringing, of zet tekst met een "
            "dubbele punt tussen aanhalingstekens"),
        "could not find expected ':'": "een dubbele punt ontbreekt",
        "found undefined alias": "verwijzingen (*alias) zijn niet toegestaan",
        "found unacceptable character": "een onzichtbaar stuurteken dat niet in tekst hoort",
        "could not determine a constructor for the tag": "gewone YAML zonder !!-labels of programmacode",
        "found unhashable key": "gewone sleutels (tekst voor de dubbele punt)",
        "found unexpected end of stream": "een aanhalingsteken of haakje dat niet wordt gesloten",
    }
    for english, dutch in known.items():
        if problem.startswith(english):
            return dutch
    if problem.startswith(("did not find expected", "expected <block end>", "while parsing",
                           "while scanning", "expected ',' or", "expected a comment")):
        return "de inspringing of een aanhalingsteken klopt niet"
    return problem


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- writing -------------------------------------------------------------------------------

@contextmanager
def atomic_path(target: Path, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it into place only if the block succeeds."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise KlantreisFout(Probleem(bestand=str(target), toegestaan=(
            "een nieuw bestand; dit bestand bestaat al (gebruik --overschrijf om het te vervangen)"),
            toon_waarde=False), "Bestand niet geschreven")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text(target: Path, text: str, overwrite: bool = True) -> Path:
    with atomic_path(target, overwrite) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_bytes(target: Path, data: bytes, overwrite: bool = True) -> Path:
    with atomic_path(target, overwrite) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def save_docx(document, target: Path, overwrite: bool = True) -> Path:
    with atomic_path(target, overwrite) as tmp:
        document.save(str(tmp))
    return Path(target)


OUTPUT_DIR = "uitvoer"  # a study's generated files
SETTINGS_FILE = "studie.yaml"  # a study's settings


def output_file(study_root: Path, file_name: str, output: Path | str | None = None) -> Path:
    """Where a generated file goes: `output` when given (a file with the same extension, or a
    folder to put `file_name` in), otherwise the study's uitvoer/ folder."""
    if output is None:
        return Path(study_root) / OUTPUT_DIR / file_name
    target = Path(output)
    return target if target.suffix.lower() == Path(file_name).suffix.lower() else target / file_name


def excel_text(value):
    """A value safe for a spreadsheet cell: text that a spreadsheet would run as a formula gets
    a leading apostrophe, so it is shown as text (e.g. "=cmd|' /C calc'!A0")."""
    from .validation import looks_like_formula

    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def save_workbook(workbook, target: Path, overwrite: bool = True) -> Path:
    with atomic_path(target, overwrite) as tmp:
        workbook.save(str(tmp))
    return Path(target)
