"""Individuele klantreis: one interview with a resident along the schaduwreis.

An interview is one YAML file in the study's `interviews/` folder, or an Excel workbook the
kit generates (`klantreis interviewformulier`), or the output of the notebook form; all
three become the same validated `Interview`. `interview_tables` turns a list of interviews
into the tidy tables the meta-analysis, the figures and the report read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, field_validator

from .errors import Problemen
from .files import dump_yaml, load_yaml, write_text
from .schaduwreis import Schaduwreis
from .validation import ID_PATTERN, RESPONDENT_PATTERN, TEXT_MAX, Model, looks_like_formula, validate



def _no_formula(value: str) -> str:
    if looks_like_formula(value):
        raise ValueError("gewone tekst; tekst die op een spreadsheetformule lijkt (begint met = of met +, - of @ "
                         "gevolgd door een functie) "
                         "wordt geweigerd (zet er een spatie of apostrof voor)")
    return value


class Text(Model):
    """Mixin: free-text fields may not be formulas."""

    @field_validator("*", mode="after")
    @classmethod
    def _texts(cls, value):
        if isinstance(value, str):
            return _no_formula(value)
        return value


class Toestemming(Model):
    interview: bool
    citaten: bool
    opname: bool = False
    terugkoppeling: bool = False


class Huishouden(Text):
    samenstelling: str = Field(min_length=1, max_length=200)
    leefgebieden: list[str] = Field(default_factory=list)
    wetten: list[str] = Field(default_factory=list)


class Citaat(Text):
    tekst: str = Field(min_length=1, max_length=2000)
    themas: list[str] = Field(default_factory=list)


class Beleving(Text):
    """How a step felt: score on the curve, what went well, what could be better, quotes, themes."""

    score: int | None = None
    goed: str = Field(default="", max_length=TEXT_MAX)
    beter: str = Field(default="", max_length=TEXT_MAX)
    citaten: list[Citaat] = Field(default_factory=list)
    themas: list[str] = Field(default_factory=list)


class StapVerloop(Beleving):
    """What happened at one designed step."""

    stap: str = Field(pattern=ID_PATTERN, max_length=40)
    gebeurd: Literal["ja", "nee", "anders"]
    in_plaats_daarvan: str = Field(default="", max_length=TEXT_MAX)


class ExtraStap(Beleving):
    """A step the resident took that the schaduwreis lacks, or a loop back to an earlier step."""

    naam: str = Field(min_length=1, max_length=60)
    na: str | None = Field(default=None, pattern=ID_PATTERN)
    soort: Literal["extra", "lus"] = "extra"
    terug_naar: str | None = Field(default=None, pattern=ID_PATTERN)


class Interview(Text):
    respondent: str = Field(pattern=RESPONDENT_PATTERN)
    gemeente: str = Field(min_length=1, max_length=80)
    datum: dt.date
    interviewer_rol: str
    toestemming: Toestemming
    huishouden: Huishouden
    stappen: list[StapVerloop] = Field(min_length=1)
    extra_stappen: list[ExtraStap] = Field(default_factory=list)
    aantal_professionals: int = Field(ge=0, le=100)
    verhaal_opnieuw_verteld: int = Field(ge=0, le=100)
    waarden: list[str] = Field(default_factory=list)

    @field_validator("datum", mode="before")
    @classmethod
    def _date_not_datetime(cls, value):
        if isinstance(value, dt.datetime):  # Excel hands over dates as midnight datetimes
            return value.date() if value.time() == dt.time() else value
        return value


# --- checks that need the study's context -----------------------------------------------------

def check_interview(iv: Interview, reis: Schaduwreis, context, problemen: Problemen) -> None:
    """Check one interview against the schaduwreis, the instruments and the study settings.

    `context` is the loaded study (settings and instruments); kept loose to avoid a cycle.
    """
    settings, instr = context.settings, context.instruments
    who = f"respondent {iv.respondent}"
    lo, hi = settings.curve.min, settings.curve.max
    codes = instr.code_labels
    step_ids = reis.step_ids

    def check_codes(themas, where):
        for code in themas:
            if code not in codes:
                problemen.add("een code uit het codeboek (bv. K3, P_CLIENT, T_WACHTTIJD)",
                              plaats=f"{who}, {where}", veld="themas", waarde=code)

    def check_score(score, where):
        if score is not None and not lo <= score <= hi:
            problemen.add(f"een score op de belevingscurve van {lo} tot en met {hi}",
                          plaats=f"{who}, {where}", veld="score", waarde=score)

    if not iv.toestemming.interview:
        problemen.add("alleen interviews waarvoor de inwoner toestemming gaf (toestemming.interview: "
                      "true); verwijder dit bestand", plaats=who, veld="toestemming.interview",
                      waarde=False)
    if iv.gemeente not in settings.gemeenten:
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(settings.gemeenten)}", plaats=who,
                      veld="gemeente", waarde=iv.gemeente)
    if not settings.periode.begin <= iv.datum <= settings.periode.eind:
        problemen.add(f"een datum in de onderzoeksperiode {settings.periode.begin} t/m "
                      f"{settings.periode.eind}", plaats=who, veld="datum", waarde=str(iv.datum))
    if iv.interviewer_rol not in instr.vocabulaire.interviewer_rollen:
        problemen.add(f"een van: {', '.join(instr.vocabulaire.interviewer_rollen)}", plaats=who,
                      veld="interviewer_rol", waarde=iv.interviewer_rol)
    for field, allowed in (("leefgebieden", instr.vocabulaire.leefgebieden),
                           ("wetten", instr.vocabulaire.wetten)):
        for value in getattr(iv.huishouden, field):
            if value not in allowed:
                problemen.add(f"een van: {', '.join(allowed)}", plaats=who, veld=f"huishouden.{field}",
                              waarde=value)
    seen = set()
    for sv in iv.stappen:
        where = f"stap '{sv.stap}'"
        if sv.stap not in step_ids:
            problemen.add(f"een stap uit de schaduwreis: {', '.join(step_ids)}", plaats=who,
                          veld="stappen.stap", waarde=sv.stap)
        elif sv.stap in seen:
            problemen.add("elke stap één keer; gebruik extra_stappen met soort 'lus' voor herhalingen",
                          plaats=who, veld="stappen.stap", waarde=sv.stap)
        seen.add(sv.stap)
        check_score(sv.score, where)
        if sv.gebeurd == "nee" and sv.score is not None:
            problemen.add("geen score bij een stap die niet gebeurde (gebeurd: nee)",
                          plaats=f"{who}, {where}", veld="score", waarde=sv.score)
        if sv.gebeurd == "anders" and not sv.in_plaats_daarvan:
            problemen.add("een korte beschrijving van wat er in plaats daarvan gebeurde",
                          plaats=f"{who}, {where}", veld="in_plaats_daarvan", waarde="")
        check_codes(sv.themas, where)
        for citaat in sv.citaten:
            check_codes(citaat.themas, f"{where}, citaat")
    for nr, extra in enumerate(iv.extra_stappen, 1):
        where = f"extra stap {nr} '{extra.naam}'"
        for field in ("na", "terug_naar"):
            value = getattr(extra, field)
            if value is not None and value not in step_ids:
                problemen.add(f"een stap uit de schaduwreis: {', '.join(step_ids)}",
                              plaats=f"{who}, {where}", veld=field, waarde=value)
        if extra.soort == "lus" and extra.terug_naar is None:
            problemen.add("bij soort 'lus' de stap waarnaar de inwoner terug moest (terug_naar)",
                          plaats=f"{who}, {where}", veld="terug_naar", waarde=None)
        check_score(extra.score, where)
        check_codes(extra.themas, where)
        for citaat in extra.citaten:
            check_codes(citaat.themas, f"{where}, citaat")
    cards = instr.waardenkaart
    for value in iv.waarden:
        if value not in instr.value_labels:
            problemen.add(f"een waarde van de waardenkaart: {', '.join(instr.value_labels)}",
                          plaats=who, veld="waarden", waarde=value)
    if len(iv.waarden) > cards.max_keuzes or len(set(iv.waarden)) != len(iv.waarden):
        problemen.add(f"hoogstens {cards.max_keuzes} verschillende waarden", plaats=who,
                      veld="waarden", waarde=", ".join(iv.waarden))


# --- reading and writing ------------------------------------------------------------------------

def load_interview_file(path: Path, problemen: Problemen, shown: str) -> Interview | None:
    """Read one interview file (.yaml/.yml or the kit's .xlsx); problems go to `problemen`."""
    sub = Problemen(shown)
    if path.suffix.lower() == ".xlsx":
        from .interview_excel import read_interview_workbook
        interview = read_interview_workbook(path, sub)
    else:
        data = load_yaml(path, sub)
        who = None
        if isinstance(data, dict) and isinstance(data.get("respondent"), str):
            who = f"respondent {data['respondent']}"
        interview = validate(Interview, data, sub, plaats=who) if data is not None else None
    problemen.extend(sub)
    return interview if not sub else None


def write_interview(iv: Interview, folder: Path, overwrite: bool = False) -> Path:
    """Write a validated interview as YAML, named after the respondent id."""
    header = ("# Individuele klantreis. Alleen pseudoniemen: geen namen, adressen of andere\n"
              "# gegevens waaraan de inwoner te herkennen is.\n")
    data = iv.model_dump(mode="json")
    for key in ("stappen", "extra_stappen"):  # identifying fields first, as a researcher writes them
        data[key] = [dict(sorted(item.items(), key=lambda kv: _FIELD_ORDER.index(kv[0]))) for item in data[key]]
    return write_text(Path(folder) / f"{iv.respondent}.yaml", header + dump_yaml(data), overwrite=overwrite)


_FIELD_ORDER = ["stap", "naam", "gebeurd", "in_plaats_daarvan", "na", "soort", "terug_naar", "score", "goed",
                "beter", "citaten", "themas"]


# --- tidy tables --------------------------------------------------------------------------------

def interview_tables(interviews: list[Interview], reis: Schaduwreis) -> dict[str, pd.DataFrame]:
    """Long tables, one row per observation.

    - `respondenten`: one row per interview (municipality, consent, counts)
    - `stappen`: one row per respondent × designed step, with `gebeurd` ('niet besproken' when
      the interview does not mention the step) and the score
    - `pad`: the path as experienced, in order, designed and extra steps interleaved
    - `afwijkingen`: skipped, replaced, added steps and loops
    - `waarden`, `themas`, `citaten`: values chosen, theme codes per step, quotes with consent flag
    """
    order = {s.id: i for i, s in enumerate(reis.steps, 1)}
    names = {s.id: s.naam for s in reis.steps}
    key = {s.id: s.sleutelmoment for s in reis.steps}
    resp, steps, path, dev, values, themes, quotes = [], [], [], [], [], [], []
    for iv in interviews:
        base = {"respondent": iv.respondent, "gemeente": iv.gemeente}
        resp.append({**base, "datum": iv.datum, "interviewer_rol": iv.interviewer_rol,
                     "toestemming_citaten": iv.toestemming.citaten,
                     "samenstelling": iv.huishouden.samenstelling,
                     "leefgebieden": len(iv.huishouden.leefgebieden),
                     "wetten": ", ".join(iv.huishouden.wetten),
                     "aantal_professionals": iv.aantal_professionals,
                     "verhaal_opnieuw_verteld": iv.verhaal_opnieuw_verteld,
                     "extra_stappen": len(iv.extra_stappen)})
        by_step = {sv.stap: sv for sv in iv.stappen}
        for step_id, nr in order.items():
            sv = by_step.get(step_id)
            steps.append({**base, "stap": step_id, "volgorde": nr, "stap_naam": names[step_id],
                          "sleutelmoment": key[step_id],
                          "gebeurd": sv.gebeurd if sv else "niet besproken",
                          "score": sv.score if sv else None})
        extras_after: dict[str | None, list] = {}
        for extra in iv.extra_stappen:
            extras_after.setdefault(extra.na, []).append(extra)

        position = iter(range(1, 10_000))

        def add_extras(after):
            for extra in extras_after.get(after, []):
                path.append({**base, "positie": next(position),
                             "stap": None, "naam": extra.naam, "soort": extra.soort,
                             "ontwerp_volgorde": (order[after] + 0.5) if after else 0.5,
                             "score": extra.score})
                dev.append({**base, "soort": "lus" if extra.soort == "lus" else "toegevoegd",
                            "stap": extra.terug_naar if extra.soort == "lus" else after,
                            "omschrijving": extra.naam})

        add_extras(None)
        for step_id, nr in order.items():
            sv = by_step.get(step_id)
            if sv is not None and sv.gebeurd != "nee":
                path.append({**base, "positie": next(position),
                             "stap": step_id, "naam": names[step_id], "soort": "ontwerp" if sv.gebeurd == "ja" else "anders",
                             "ontwerp_volgorde": nr, "score": sv.score})
            if sv is not None and sv.gebeurd in ("nee", "anders"):
                dev.append({**base, "soort": "overgeslagen" if sv.gebeurd == "nee" else "vervangen",
                            "stap": step_id, "omschrijving": sv.in_plaats_daarvan})
            add_extras(step_id)
        for code in iv.waarden:
            values.append({**base, "waarde": code})
        items = [(sv.stap, sv) for sv in iv.stappen] + [(e.na or None, e) for e in iv.extra_stappen]
        for step_id, item in items:
            is_extra = isinstance(item, ExtraStap)
            label = f"extra: {item.naam}" if is_extra else step_id
            for code in item.themas:
                themes.append({**base, "stap": label, "code": code, "bron": "stap"})
            for citaat in item.citaten:
                for code in citaat.themas:
                    themes.append({**base, "stap": label, "code": code, "bron": "citaat"})
                quotes.append({**base, "stap": label,
                               "stap_naam": f"{item.naam} (extra)" if is_extra else names.get(step_id, step_id),
                               "tekst": citaat.tekst, "themas": list(citaat.themas),
                               "toestemming_citaten": iv.toestemming.citaten})
    return {
        "respondenten": pd.DataFrame(resp, columns=[
            "respondent", "gemeente", "datum", "interviewer_rol", "toestemming_citaten",
            "samenstelling", "leefgebieden", "wetten", "aantal_professionals",
            "verhaal_opnieuw_verteld", "extra_stappen"]),
        "stappen": pd.DataFrame(steps, columns=["respondent", "gemeente", "stap", "volgorde", "stap_naam",
                                                "sleutelmoment", "gebeurd", "score"]).astype({"score": "Float64"}),
        "pad": pd.DataFrame(path, columns=["respondent", "gemeente", "positie", "stap", "naam", "soort",
                                           "ontwerp_volgorde", "score"]).astype({"score": "Float64"}),
        "afwijkingen": pd.DataFrame(dev, columns=["respondent", "gemeente", "soort", "stap", "omschrijving"]),
        "waarden": pd.DataFrame(values, columns=["respondent", "gemeente", "waarde"]),
        "themas": pd.DataFrame(themes, columns=["respondent", "gemeente", "stap", "code", "bron"]),
        "citaten": pd.DataFrame(quotes, columns=["respondent", "gemeente", "stap", "stap_naam", "tekst",
                                                 "themas", "toestemming_citaten"]),
    }


def save_interview(study, data: dict, overwrite: bool = False) -> Path:
    """Validate interview data (from the notebook form or elsewhere) against the study and
    write it to `interviews/<respondent>.yaml`. Raises `KlantreisFout` with every problem."""
    from .errors import KlantreisFout

    problemen = Problemen("formulier")
    who = f"respondent {data.get('respondent')}" if data.get("respondent") else None
    iv = validate(Interview, data, problemen, plaats=who)
    if iv is not None:
        check_interview(iv, study.schaduwreis, study, problemen)
        existing = {i.respondent for i in study.interviews}
        target = Path(study.path) / "interviews" / f"{iv.respondent}.yaml"
        if (iv.respondent in existing or target.exists()) and not overwrite:
            problemen.add("een respondent-id dat nog niet in de studie voorkomt (of kies 'overschrijven')",
                          plaats=who, veld="respondent", waarde=iv.respondent)
    problemen.raise_if_any("Interview niet opgeslagen")
    return write_interview(iv, Path(study.path) / "interviews", overwrite=overwrite)
