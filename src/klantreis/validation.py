"""Pydantic models for definitions and fieldwork, with errors translated into Dutch problems."""

from __future__ import annotations

import datetime as dt

import re
from typing import Annotated, Any, Callable, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator

from .errors import Problemen

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^[A-Z][A-Z0-9_]{0,19}$"
RESPONDENT_PATTERN = r"^[A-Z]{1,4}-?[0-9]{1,4}$"
TEXT_MAX = 5000
PATTERN_HELP = {
    ID_PATTERN: "kleine letters, cijfers en _ , beginnend met een letter (bv. 'eerste_contact')",
    CODE_PATTERN: "hoofdletters, cijfers en _ , beginnend met een letter (bv. 'T_WACHTTIJD')",
    RESPONDENT_PATTERN: "een pseudoniem zoals R01 of DD-07 (hoofdletters en cijfers, nooit een naam)",
}

_TYPE_NAMES = {
    "string_type": "tekst",
    "int_type": "een geheel getal",
    "int_parsing": "een geheel getal",
    "int_from_float": "een geheel getal",
    "float_type": "een getal",
    "float_parsing": "een getal",
    "bool_type": "true of false",
    "bool_parsing": "true of false",
    "list_type": "een lijst (regels die beginnen met '- ')",
    "dict_type": "een groep velden (sleutel: waarde)",
    "model_type": "een groep velden (sleutel: waarde)",
    "model_attributes_type": "een groep velden (sleutel: waarde)",
    "date_type": "een datum als JJJJ-MM-DD",
    "date_parsing": "een datum als JJJJ-MM-DD",
    "date_from_datetime_parsing": "een datum als JJJJ-MM-DD",
    "date_from_datetime_inexact": "een datum als JJJJ-MM-DD (zonder tijd)",
    "missing": "dit veld is verplicht",
    "string_too_short": "een niet-lege tekst",
    "too_short": "minstens één item",
    "unique_list": "geen dubbele waarden",
}


def _midnight_to_date(value):
    # Excel hands over a date as a datetime at midnight; any other time stays an error
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


# A date field of a definition or fieldwork record, as YAML or an Excel form gives it.
Datum = Annotated[dt.date, BeforeValidator(_midnight_to_date)]


class Model(BaseModel):
    """Base for every definition and every fieldwork record.

    Unknown keys are errors; strings are stripped; no text may hold invisible control
    characters or look like a spreadsheet formula (it would end up in Excel files and reports).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              populate_by_name=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value):
        for text in _strings(value):
            if any(not ch.isprintable() and ch not in "\n\t" for ch in text):
                raise ValueError("tekst zonder onzichtbare stuurtekens (zoals ESC, BEL of NUL)")
            if looks_like_formula(text):
                raise ValueError("gewone tekst; tekst die op een spreadsheetformule lijkt (begint met = of "
                                 "met +, - of @ gevolgd door een functie) wordt geweigerd")
        return value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, str):
                yield item
    elif isinstance(value, dict):
        for item in value.values():
            if isinstance(item, str):
                yield item


def allowed_text(error: dict, model: type[BaseModel], loc: tuple) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "geen onbekende velden; controleer de spelling" + _known_fields(model, loc[:-1])
    if kind == "literal_error":
        return f"een van: {ctx.get('expected', '')}".replace("'", "").replace(" or ", " of ")
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return PATTERN_HELP.get(pattern, f"tekst volgens het patroon {pattern}")
    if kind == "string_too_long":
        return f"hoogstens {ctx.get('max_length')} tekens"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">",
                "less_than": "<"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"een getal {sign} {limit}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return _TYPE_NAMES.get(kind, error["msg"])


def _known_fields(model: type[BaseModel], loc: tuple) -> str:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return ""
        current = _inner_model(field.annotation)
    names = list(getattr(current, "model_fields", {}))
    return f" (bekende velden: {', '.join(names)})" if names else ""


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


T = TypeVar("T", bound=BaseModel)


def validate(model: type[T], data: Any, problemen: Problemen, plaats: str | None = None,
             locate: Callable[[str], tuple[str | None, str]] | None = None) -> T | None:
    """Validate `data` against `model`; add every error to `problemen`; return the model or None.

    `locate` maps a field path such as "stappen[3].score" to (place, field) when the data came
    from somewhere with its own coordinates, such as an Excel sheet and row.
    """
    if not isinstance(data, dict):
        problemen.add("een groep velden (sleutel: waarde) op het hoogste niveau", plaats=plaats,
                      waarde=data if not isinstance(data, (list, dict)) else type(data).__name__)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            field = format_loc(loc)
            place = plaats
            if locate is not None:
                place, field = locate(field)
            value = error.get("input") if error["type"] != "missing" else None
            problemen.add(allowed_text(error, model, loc), plaats=place, veld=field or None,
                          waarde=value if not isinstance(value, (dict, list)) else f"({type(value).__name__})",
                          toon_waarde=error["type"] != "missing")
        return None


_FORMULA = re.compile(r"^\s*(=|[+\-@][^\s].*[|!(])")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would run as a formula (e.g. "=cmd|' /C calc'!A0")."""
    return bool(_FORMULA.match(text))


def sheet_place(sheet: str, row: int) -> str:
    """Where a cell of a filled-in Excel form is, as a problem names it."""
    return f"blad '{sheet}', rij {row}"


def sheet_value(value, problemen: Problemen, sheet: str, row: int, column: str):
    """One cell of a filled-in Excel form as the kit reads it: text stripped (empty is None), a
    whole float as int, and a formula refused (reported by sheet, row and column)."""
    if isinstance(value, str):
        if looks_like_formula(value):
            problemen.add("gewone tekst of een getal; formules worden niet ingelezen",
                          plaats=sheet_place(sheet, row), veld=column, waarde=value)
            return None
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def split_codes(value) -> list[str]:
    """Codes typed in one cell, separated by commas or semicolons ("K1, K4; K6")."""
    if value is None:
        return []
    return [part.strip() for part in str(value).replace(";", ",").split(",") if part.strip()]


def as_date(value) -> dt.date | None:
    """A date from YAML or Excel (a date, a datetime or ISO text), or None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
