"""The questionnaire as pages of a web form, without the web server: which page shows what, and
what a posted page means (answers, or Dutch problems that point at the field to change).

One page per uitgangspunt (its statements and its open question), then one closing page with
the priorities. Every statement on a posted page is in the answers: a value, "WN" or None
(shown, not answered); a statement on a page the respondent never reached has no answer at all
(never shown), the same distinction the store keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

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


# --- the statements of a page as HTML ------------------------------------------------------------
# Rendered once per page and perspective and kept: a request only marks the chosen options.
# (Rendering 24 radios through the template on every request was most of a page's cost.)

_MARK = "\x00{}={}\x00"
_fieldsets: dict[tuple[int, int, str], str] = {}


def statements_html(vl: Vragenlijst, page: int, perspectief: str, answers: dict[str, str]) -> str:
    """The page's statements, each a fieldset with its legend and labelled radios, with the
    options in `answers` (statement code → radio value) checked."""
    key = (id(vl), page, perspectief)
    template = _fieldsets.get(key)
    if template is None:
        template = _fieldsets[key] = _render_statements(vl, page, perspectief)
    for code, value in answers.items():
        if value:
            template = template.replace(_MARK.format(code, value), " checked")
    return re.sub("\x00[^\x00]*\x00", "", template)


def _render_statements(vl: Vragenlijst, page: int, perspectief: str) -> str:
    u = uitgangspunt_of(vl, page)
    if u is None:
        return ""
    parts = []
    for s in u.stellingen:
        parts.append(f'<fieldset class="stelling" id="stelling-{s.code}">\n'
                     f"<legend>{escape(s.text_for(perspectief))}</legend>\n<div class=\"opties\">\n")
        for value, label in options(vl):
            extra = " optie-weet-niet" if value == WEET_NIET else ""
            ident = f"{s.code}-{value}"
            parts.append(f'<div class="optie{extra}"><input type="radio" name="{s.code}" id="{ident}" '
                         f'value="{value}"{_MARK.format(s.code, value)}><label for="{ident}">{escape(label)}</label>'
                         "</div>\n")
        parts.append("</div>\n</fieldset>\n")
    return "".join(parts)
