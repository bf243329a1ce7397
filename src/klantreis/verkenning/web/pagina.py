"""The questionnaire as pages of a web form, without the web server: which page shows what, and
what a posted page means (answers, or Dutch problems that point at the field to change).

One page per uitgangspunt (its statements and its open question), then one closing page with
the priorities. Every statement on a posted page is in the answers: a value, "WN" or None
(shown, not answered); a statement on a page the respondent never reached has no answer at all
(never shown), the same distinction the store keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..opslag import OPEN_TEXT_MAX
from ..vragenlijst import WEET_NIET, Uitgangspunt, Vragenlijst

PRIORITY_FIELD = "prioriteit{}"  # prioriteit1 … prioriteitN: first choice, second choice, …


@dataclass
class Fout:
    """A problem on a page: the text for the error summary and the id of the field it links to."""

    veld: str
    tekst: str


@dataclass
class Gelezen:
    inhoud: dict = field(default_factory=dict)
    fouten: list[Fout] = field(default_factory=list)


def page_count(vl: Vragenlijst) -> int:
    return len(vl.uitgangspunten) + 1


def uitgangspunt_of(vl: Vragenlijst, page: int) -> Uitgangspunt | None:
    """The uitgangspunt shown on page `page` (1-based), None for the closing page."""
    return vl.uitgangspunten[page - 1] if 1 <= page <= len(vl.uitgangspunten) else None


def options(vl: Vragenlijst) -> list[tuple[str, str]]:
    """(value, label) of every answer option, "weet niet" last."""
    return [(str(o.code), o.label) for o in vl.schaal.opties] + [(WEET_NIET, vl.schaal.weet_niet.label)]


def shown_value(value) -> str:
    """A stored answer as the radio value it checks ("" for none)."""
    return "" if value is None else str(value)


def read_page(vl: Vragenlijst, page: int, form: dict[str, str]) -> Gelezen:
    """What a posted page says. `form` maps field name → the (last) posted value."""
    result = Gelezen()
    u = uitgangspunt_of(vl, page)
    if u is not None:
        allowed = {value for value, _ in options(vl)}
        answers = {}
        for s in u.stellingen:
            raw = form.get(s.code, "").strip()
            if raw == "":
                answers[s.code] = None
            elif raw in allowed:
                answers[s.code] = WEET_NIET if raw == WEET_NIET else int(raw)
            else:  # only a hand-made post gets here: the page offers no other values
                answers[s.code] = None
                result.fouten.append(Fout(f"{s.code}-{options(vl)[0][0]}", "Kies een van de antwoorden bij de stelling "
                                          f"'{s.text_for('standaard')}'."))
        text = form.get(f"open-{u.code}", "").replace("\r\n", "\n").strip()
        if len(text) > OPEN_TEXT_MAX:
            length, limit = (f"{n:,}".replace(",", ".") for n in (len(text), OPEN_TEXT_MAX))
            result.fouten.append(Fout(f"open-{u.code}", f"Uw antwoord op de open vraag is {length} tekens lang; "
                                                        f"het mag hoogstens {limit} tekens zijn. Maak het korter."))
        result.inhoud = {"antwoorden": answers, "open": {u.code: text}}
        return result
    chosen: list[str] = []
    names = vl.uitgangspunt_labels
    for rank in range(1, vl.prioriteit.aantal + 1):
        name = PRIORITY_FIELD.format(rank)
        raw = form.get(name, "").strip()
        if not raw:
            continue
        if raw not in names:
            result.fouten.append(Fout(name, f"Kies bij keuze {rank} een van de uitgangspunten uit de lijst."))
        elif raw in chosen:
            result.fouten.append(Fout(name, f"U koos '{names[raw]}' al eerder. Kies bij keuze {rank} een ander "
                                            "uitgangspunt, of laat deze keuze leeg."))
        else:
            chosen.append(raw)
    result.inhoud = {"prioriteit": chosen}
    return result


def nothing_answered(vl: Vragenlijst, concept: dict, inhoud: dict) -> bool:
    """True when neither the saved pages nor this post hold a single answer: an empty
    questionnaire is not a response."""
    answers = {**concept.get("antwoorden", {}), **inhoud.get("antwoorden", {})}
    texts = {**concept.get("open", {}), **inhoud.get("open", {})}
    return (all(v is None for v in answers.values()) and not any(t for t in texts.values())
            and not inhoud.get("prioriteit") and not concept.get("prioriteit"))
