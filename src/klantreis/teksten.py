"""The researchers' own texts: one Markdown file per slot in the study's `teksten/` folder.

The kit never writes a conclusion, an interpretation or an answer to a research question: the
report leaves a slot for each and prints the researchers' text there. The slots follow the
report's structure:

    teksten/samenvatting.md
    teksten/gemeenten/<gemeente>/<perspectief>-bedoeld.md   per perspectief: as designed
    teksten/gemeenten/<gemeente>/<perspectief>-ervaren.md   per perspectief: as experienced
    teksten/gemeenten/<gemeente>/conclusies.md
    teksten/gemeenten/<gemeente>/aanbevelingen.md
    teksten/vergelijking.md                                 reflection across the municipalities
    teksten/conclusies.md, teksten/aanbevelingen.md         across the municipalities
    teksten/vraagstelling/<vraag-id>-<gemeente>.md           the answer per question × municipality
    teksten/publiek/<gemeente>-wat-gaat-de-gemeente-doen.md  the public version: what the municipality will do

`<gemeente>` is the folder name of `slug(gemeente)`. A slot whose file is missing or holds only
the kit's HTML comment is empty: the report prints one placeholder and `klantreis controleer`
lists it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TEXTS_DIR = "teksten"
PLACEHOLDER = "(vul in)"  # what a new study writes where only the researcher knows the answer


def is_placeholder(value: str) -> bool:
    return value.strip() == PLACEHOLDER


def named_gemeenten(settings) -> list[str]:
    """The municipalities of the study that have a name (a new study may still say "(vul in)")."""
    return [g for g in settings.gemeenten if not is_placeholder(g)]


@dataclass(frozen=True)
class Tekstplek:
    """One place in the report for the researchers' own text."""

    pad: str    # relative to teksten/, without '.md': "gemeenten/lindewaarde/beleid-bedoeld"
    wat: str    # what belongs there, in Dutch, for the file's instruction and for controleer

    @property
    def bestand(self) -> str:
        return f"{TEXTS_DIR}/{self.pad}.md"


def slug(name: str) -> str:
    """A folder name for a municipality: 'Ouder-Amstel' → 'ouder-amstel', "'s-Hertogenbosch" →
    's-hertogenbosch', 'Súdwest-Fryslân' → 'sudwest-fryslan'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "gemeente"


def gemeente_slot(gemeente: str, deel: str) -> str:
    return f"gemeenten/{slug(gemeente)}/{deel}"


def publiek_slot(gemeente: str) -> str:
    """What the municipality will do with the findings, for the public version (B1)."""
    return f"publiek/{slug(gemeente)}-wat-gaat-de-gemeente-doen"


def answer_slot(vraag_id: str, gemeente: str) -> str:
    return f"vraagstelling/{vraag_id}-{slug(gemeente)}"


def slots(settings) -> list[Tekstplek]:
    """Every text slot of a study's report, in report order."""
    from .methods import PERSPECTIEVEN

    labels = {"beleid": "beleid", "organisatie": "organisatie", "professional": "professionals",
              "client": "cliënten"}
    found = [Tekstplek("samenvatting", "de samenvatting van het rapport")]
    for g in named_gemeenten(settings):
        for p in PERSPECTIEVEN:
            found.append(Tekstplek(gemeente_slot(g, f"{p}-bedoeld"),
                                   f"{g}, perspectief {labels[p]}: hoe de toegang bedoeld is (beleid, inrichting, taken)"))
            found.append(Tekstplek(gemeente_slot(g, f"{p}-ervaren"),
                                   f"{g}, perspectief {labels[p]}: uw duiding van wat de betrokkenen ervaren"))
        found.append(Tekstplek(gemeente_slot(g, "conclusies"), f"de conclusies voor {g}"))
        found.append(Tekstplek(gemeente_slot(g, "aanbevelingen"), f"de aanbevelingen voor {g}"))
    found.append(Tekstplek("vergelijking", "uw reflectie op de verschillen en overeenkomsten tussen de gemeenten"))
    found.append(Tekstplek("conclusies", "de conclusies over alle gemeenten samen"))
    found.append(Tekstplek("aanbevelingen", "de aanbevelingen over alle gemeenten samen"))
    for vraag in settings.onderzoek.onderzoeksvragen:
        for g in named_gemeenten(settings):
            found.append(Tekstplek(answer_slot(vraag.id, g), f"uw antwoord op onderzoeksvraag {vraag.id} voor {g}"))
    for g in named_gemeenten(settings):
        found.append(Tekstplek(publiek_slot(g), f"voor de publieksversie, in eenvoudige taal (B1): wat {g} met de "
                                                "uitkomsten gaat doen"))
    return found


def has_content(text: str | None) -> bool:
    """True when a text holds more than the kit's HTML comments and white space."""
    return bool(text) and bool(re.sub(r"<!--.*?-->", "", text, flags=re.S).strip())


def load_texts(root: Path, settings, problemen) -> dict[str, str]:
    """The text of every slot that has a file (keyed by `Tekstplek.pad`); unreadable files are
    added to `problemen`. Files outside the slots are not read (`unused` names them)."""
    from .files import read_text

    texts: dict[str, str] = {}
    if settings is None:
        return texts
    seen: dict[str, str] = {}
    for g in named_gemeenten(settings):
        if slug(g) in seen:
            problemen.add(f"gemeenten met verschillende mapnamen in teksten/gemeenten/ (‘{seen[slug(g)]}’ en ‘{g}’ "
                          f"worden allebei ‘{slug(g)}’)", bestand="studie.yaml", veld="gemeenten", waarde=g)
        seen[slug(g)] = g
    for slot in slots(settings):
        path = root / slot.bestand
        if path.exists():
            text = read_text(path, problemen, root)
            if text is not None:
                texts[slot.pad] = text
    return texts


def empty_slots(study) -> list[Tekstplek]:
    """The slots the researchers have not written yet."""
    return [s for s in slots(study.settings) if not has_content(study.teksten.get(s.pad))]


def unused_files(study) -> list[str]:
    """Markdown files in teksten/ that match no slot (a typo in a name, a removed municipality)."""
    folder = study.path / TEXTS_DIR
    if not folder.is_dir():
        return []
    known = {s.bestand for s in slots(study.settings)}
    return sorted(str(p.relative_to(study.path)).replace("\\", "/") for p in folder.rglob("*.md")
                  if str(p.relative_to(study.path)).replace("\\", "/") not in known)


def write_slots(folder: Path, settings) -> None:
    """A new study's teksten/: one file per slot with an instruction as HTML comment."""
    from .files import write_text

    for slot in slots(settings):
        path = folder / slot.bestand
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, f"<!-- Schrijf hier {slot.wat}. De kit neemt uw tekst letterlijk over in het "
                         "rapport en bedenkt zelf geen conclusies. Zolang hier alleen dit commentaar staat, "
                         "toont het rapport een plek die nog in te vullen is. -->\n")


def placeholder(slot_pad: str) -> str:
    """The one placeholder the report prints for an empty slot."""
    return f"[Nog in te vullen door de onderzoekers in {TEXTS_DIR}/{slot_pad}.md.]"
