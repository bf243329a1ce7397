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
    try:
        size = path.stat().st_size
    except OSError:
        problemen.add("een bestaand, leesbaar bestand", bestand=shown, toon_waarde=False)
        return None
    if size > MAX_FILE_BYTES:
        problemen.add(f"bestanden tot {MAX_FILE_BYTES // 1_000_000} MB", bestand=shown,
                      waarde=f"{size} bytes", veld="bestandsgrootte")
        return None
    data = path.read_bytes()
    if not data.strip():
        problemen.add("een bestand met inhoud", bestand=shown, waarde="leeg bestand", toon_waarde=True)
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
