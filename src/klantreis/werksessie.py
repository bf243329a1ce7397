"""What the werksessies share: the effectenarena and the gezamenlijke reis happen in a room.

Both keep one YAML file per session in a folder of the study, with participants who have a
pseudonymous id and a role from the vocabulary (`sessie_rollen`). This module holds only what
both need, so the two methods read the same way:

- `Deelnemer`: a participant (id, rol);
- `session_files`: the session files in a study folder, refusing what is not a plain file inside it;
- `check_deelnemers`: roles from the vocabulary, no participant twice;
- `save_session`: the atomic write the facilitator forms use after every entry, so a crashed
  kernel loses at most the field being typed.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from .errors import Problemen
from .files import dump_yaml, write_text
from .validation import Model

# A pseudonymous participant id: letters and digits such as D01 or P12, never a name.
ID_PATTERN = r"^[A-Z]{1,3}[0-9]{1,3}$"
ID_ALLOWED = "een code van 1–3 hoofdletters en 1–3 cijfers, zoals D01 (geen naam)"


class Deelnemer(Model):
    id: str = Field(pattern=ID_PATTERN)
    rol: str = Field(min_length=1, max_length=40)


def session_files(root: Path, folder: str, problemen: Problemen) -> list[Path]:
    """The `*.yaml` files in `root/folder`, sorted; a missing folder means no sessions yet.

    A folder that is a file, a symlink leading outside the study or a file that is not a
    regular file is reported, never followed."""
    base = root / folder
    if not base.exists():
        return []
    if not base.is_dir():
        problemen.add(f"een map {folder}/ met één YAML-bestand per sessie", bestand=f"{folder}",
                      waarde="een bestand in plaats van een map")
        return []
    found = []
    study = root.resolve()
    for path in sorted(base.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in {".yaml", ".yml"}:
            continue
        shown = f"{folder}/{path.name}"
        if path.is_symlink() and not path.resolve().is_relative_to(study):
            problemen.add("een bestand binnen de studiemap (geen snelkoppeling naar elders)", bestand=shown,
                          toon_waarde=False)
        elif not path.is_file():
            problemen.add("een gewoon YAML-bestand", bestand=shown, toon_waarde=False)
        else:
            found.append(path)
    return found


def check_deelnemers(deelnemers: list[Deelnemer], rollen: dict[str, str], problemen: Problemen,
                     bestand: str) -> set[str]:
    """Report unknown roles and participants listed twice; return the known ids."""
    seen: set[str] = set()
    for i, d in enumerate(deelnemers, 1):
        plaats = f"deelnemer {d.id}"
        if d.id in seen:
            problemen.add("elke deelnemer één keer", bestand=bestand, plaats=plaats, veld=f"deelnemers[{i}].id",
                          waarde=d.id)
        seen.add(d.id)
        if d.rol not in rollen:
            problemen.add(f"een van: {', '.join(rollen) or '(geen sessie_rollen in vocabulaire.yaml)'}",
                          bestand=bestand, plaats=plaats, veld=f"deelnemers[{i}].rol", waarde=d.rol)
    return seen


def save_session(path: Path, data: dict) -> Path:
    """Write a session file atomically (temporary file, then rename)."""
    return write_text(Path(path), dump_yaml(data))
