"""The kit's one error type: every problem in a user's input, in Dutch, all at once.

A check never stops at the first problem. It collects `Probleem` records in a
`Problemen` list and raises one `KlantreisFout` at the end, so a researcher fixes a
file in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_MAX_SHOWN = 60


def show_value(value: object) -> str:
    """A short, printable rendering of a value found in a user's file."""
    if value is None:
        return "(leeg)"
    if isinstance(value, bytes):
        return f"(binaire gegevens, {len(value)} bytes)"
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in YAML
    if isinstance(value, (list, tuple)):
        return "een lijst" if value else "een lege lijst"
    if isinstance(value, dict):
        return "een groep velden"
    text = value if isinstance(value, str) else str(value)
    # Control characters would garble a terminal or hide what is wrong.
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > _MAX_SHOWN:
        text = f"{text[:_MAX_SHOWN]}… ({len(value) if isinstance(value, str) else len(text)} tekens)"
    return f"'{text}'" if isinstance(value, str) else text


@dataclass(frozen=True)
class Probleem:
    """One problem: where (file, row or respondent), which field, what was found, what is allowed."""

    bestand: str
    toegestaan: str
    plaats: str | None = None
    veld: str | None = None
    waarde: object = None
    toon_waarde: bool = True

    def detail(self) -> str:
        """Field, value found and what is allowed, without the place."""
        parts = []
        if self.veld:
            parts.append(f"veld '{self.veld}'")
        if self.toon_waarde:
            parts.append(f"gevonden: {show_value(self.waarde)}")
        parts.append(f"toegestaan: {self.toegestaan}")
        return " — ".join(parts)

    def __str__(self) -> str:
        return self.bestand + (f", {self.plaats}" if self.plaats else "") + " — " + self.detail()


class KlantreisFout(Exception):
    """Raised at the boundary when input is not usable; carries every problem found."""

    def __init__(self, problemen: list[Probleem] | Probleem, kop: str | None = None):
        if isinstance(problemen, Probleem):
            problemen = [problemen]
        self.problemen = list(problemen)
        self.kop = kop or "De invoer bevat fouten"
        super().__init__(self.tekst())

    def tekst(self) -> str:
        n = len(self.problemen)
        lines = [f"{self.kop} ({n} {'probleem' if n == 1 else 'problemen'}):"]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problemen, 1)]
        return "\n".join(lines)


class Problemen(list):
    """A list of `Probleem` that remembers which file it is about."""

    def __init__(self, bestand: str | Path = ""):
        super().__init__()
        self.bestand = str(bestand)

    def add(self, toegestaan: str, plaats: str | None = None, veld: str | None = None,
            waarde: object = None, bestand: str | Path | None = None, toon_waarde: bool = True) -> None:
        self.append(Probleem(bestand=str(bestand) if bestand is not None else self.bestand,
                             toegestaan=toegestaan, plaats=plaats, veld=veld, waarde=waarde,
                             toon_waarde=toon_waarde))

    def raise_if_any(self, kop: str | None = None) -> None:
        if self:
            raise KlantreisFout(list(self), kop)
