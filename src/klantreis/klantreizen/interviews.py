"""Individuele klantreis: one interview with a resident along the schaduwreis.

An interview is one YAML file in the study's `interviews/` folder, or an Excel workbook the
kit generates (`klantreis interviewformulier`), or the output of the notebook form; all
three become the same validated `Interview`. `interview_tables` turns a list of interviews
into the tidy tables the meta-analysis, the figures and the report read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from ..errors import Problemen
from ..files import dump_yaml, load_yaml, write_text
from ..schaduwreis.model import Schaduwreis
from ..validation import as_date, validate
from .excel import read_interview_workbook
from .model import Curve, ExtraStap, Interview



# --- checks that need the study's context -----------------------------------------------------

@dataclass(frozen=True)
class InterviewContext:
    """What an interview is checked against. Parts of the study that are themselves broken are
    None, and the checks that need them are skipped (their own problems are reported)."""

    instruments: object  # instruments.Instruments
    schaduwreis: Schaduwreis | None
    gemeenten: list[str] | None
    periode: tuple[dt.date, dt.date] | None
    curve: tuple[int, int] | None
    # gemeente -> its journey (schaduwreizen/); an interview's steps are checked against its own.
    schaduwreizen: dict[str, Schaduwreis] | None = None

    def journey_of(self, gemeente) -> Schaduwreis | None:
        """The journey an interview in `gemeente` is checked against: the gemeente's own, or the
        one shared journey; None when the gemeente has none (then its steps are not checked)."""
        reizen = self.schaduwreizen or {}
        if isinstance(gemeente, str) and gemeente in reizen:
            return reizen[gemeente]
        if len({id(r) for r in reizen.values()}) > 1:
            return None
        return self.schaduwreis


def _items(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _texts(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_interview(data: dict, ctx: InterviewContext, problemen: Problemen) -> None:
    """Check one interview's references: municipality, period, steps, scale, codes, values.

    Works on the raw data, so these problems are reported together with any type errors the
    model found (every problem at once); a value of the wrong type is left to the model.
    """
    instr = ctx.instruments
    who = f"respondent {data.get('respondent')}" if isinstance(data.get("respondent"), str) else None
    here = (lambda where: f"{who}, {where}" if who else where)
    codes = instr.code_labels
    reis = ctx.journey_of(data.get("gemeente"))
    step_ids = reis.step_ids if reis else None
    own = isinstance(data.get("gemeente"), str) and len({id(r) for r in (ctx.schaduwreizen or {}).values()}) > 1
    journey_name = f"de schaduwreis van {data['gemeente']}" if own else "de schaduwreis"

    def check_codes(item: dict, where: str) -> None:
        for code in _texts(item.get("themas")):
            if code not in codes:
                problemen.add("een code uit het codeboek (bv. K3, P_CLIENT, T_WACHTTIJD)", plaats=here(where),
                              veld="themas", waarde=code)
        for quote in _items(item.get("citaten")):
            for code in _texts(quote.get("themas")):
                if code not in codes:
                    problemen.add("een code uit het codeboek (bv. K3, P_CLIENT, T_WACHTTIJD)",
                                  plaats=here(f"{where}, citaat"), veld="themas", waarde=code)

    def check_score(item: dict, where: str) -> None:
        score = _number(item.get("score"))
        if ctx.curve and score is not None and not ctx.curve[0] <= score <= ctx.curve[1]:
            problemen.add(f"een score op de belevingscurve van {ctx.curve[0]} tot en met {ctx.curve[1]}",
                          plaats=here(where), veld="score", waarde=score)

    def check_scored(item: dict, where: str) -> None:
        """A step that happened needs a score on the curve, or a reason why there is none."""
        reason = item.get("geen_score_omdat")
        if item.get("score") is None and not (isinstance(reason, str) and reason.strip()):
            problemen.add(f"bij een stap die gebeurde een score van {ctx.curve[0] if ctx.curve else -2} tot en met "
                          f"{ctx.curve[1] if ctx.curve else 2}, of in 'geen score, omdat' waarom er geen score is",
                          plaats=here(where), veld="score", waarde=None)

    def check_step_ref(value, where: str, field: str) -> None:
        if step_ids is not None and isinstance(value, str) and value not in step_ids:
            problemen.add(f"een stap uit {journey_name}: {', '.join(step_ids)}", plaats=here(where),
                          veld=field, waarde=value)

    consent = data.get("toestemming")
    if isinstance(consent, dict) and consent.get("interview") is False:
        problemen.add("alleen interviews waarvoor de inwoner toestemming gaf (toestemming.interview: true); "
                      "zonder die toestemming hoort het interview niet in de studie", plaats=who,
                      veld="toestemming.interview", waarde=False)
    gemeente = data.get("gemeente")
    if ctx.gemeenten is not None and isinstance(gemeente, str) and gemeente not in ctx.gemeenten:
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(ctx.gemeenten)}", plaats=who, veld="gemeente",
                      waarde=gemeente)
    datum = as_date(data.get("datum"))
    if ctx.periode and datum is not None and not ctx.periode[0] <= datum <= ctx.periode[1]:
        problemen.add(f"een datum in de onderzoeksperiode {ctx.periode[0]} t/m {ctx.periode[1]}", plaats=who,
                      veld="datum", waarde=str(datum))
    role = data.get("interviewer_rol")
    if isinstance(role, str) and role not in instr.vocabulaire.interviewer_rollen:
        problemen.add(f"een van: {', '.join(instr.vocabulaire.interviewer_rollen)}", plaats=who,
                      veld="interviewer_rol", waarde=role)
    household = data.get("huishouden") if isinstance(data.get("huishouden"), dict) else {}
    for field, allowed in (("leefgebieden", instr.vocabulaire.leefgebieden), ("wetten", instr.vocabulaire.wetten)):
        for value in _texts(household.get(field)):
            if value not in allowed:
                problemen.add(f"een van: {', '.join(allowed)}", plaats=who, veld=f"huishouden.{field}",
                              waarde=value)
    seen: set[str] = set()
    for nr, step in enumerate(_items(data.get("stappen")), 1):
        step_id = step.get("stap")
        where = f"stap '{step_id}'" if isinstance(step_id, str) else f"stap {nr}"
        if isinstance(step_id, str):
            check_step_ref(step_id, where, "stappen.stap")
            if step_id in seen:
                problemen.add("elke stap één keer; gebruik extra_stappen met soort 'lus' voor herhalingen",
                              plaats=who, veld="stappen.stap", waarde=step_id)
            seen.add(step_id)
        check_score(step, where)
        if step.get("gebeurd") == "nee" and step.get("score") is not None:
            problemen.add("geen score bij een stap die niet gebeurde (gebeurd: nee)", plaats=here(where),
                          veld="score", waarde=step.get("score"))
        if step.get("gebeurd") == "ja":  # with "anders" the score may be of what happened instead, or missing
            check_scored(step, where)
        if step.get("gebeurd") == "anders" and not step.get("in_plaats_daarvan"):
            problemen.add("een korte beschrijving van wat er in plaats daarvan gebeurde", plaats=here(where),
                          veld="in_plaats_daarvan", waarde="")
        check_codes(step, where)
    for nr, extra in enumerate(_items(data.get("extra_stappen")), 1):
        where = f"extra stap {nr}" + (f" '{extra['naam']}'" if isinstance(extra.get("naam"), str) else "")
        check_step_ref(extra.get("na"), where, "na")
        check_step_ref(extra.get("terug_naar"), where, "terug_naar")
        if extra.get("soort") == "lus" and extra.get("terug_naar") is None:
            problemen.add("bij soort 'lus' de stap waarnaar de inwoner terug moest (terug_naar)",
                          plaats=here(where), veld="terug_naar", waarde=None)
        check_score(extra, where)
        check_scored(extra, where)
        check_codes(extra, where)
    cards = instr.waardenkaart
    chosen = _texts(data.get("waarden"))
    for value in chosen:
        if value not in instr.value_labels:
            problemen.add(f"een waarde van de waardenkaart: {', '.join(instr.value_labels)}", plaats=who,
                          veld="waarden", waarde=value)
    if len(chosen) > cards.max_keuzes or len(set(chosen)) != len(chosen):
        problemen.add(f"hoogstens {cards.max_keuzes} verschillende waarden", plaats=who, veld="waarden",
                      waarde=", ".join(chosen))



# --- reading and writing ------------------------------------------------------------------------

def load_interview_file(path: Path, problemen: Problemen, shown: str) -> tuple[dict | None, Interview | None]:
    """Read one interview file (.yaml/.yml or the kit's .xlsx).

    Returns the raw data (for the reference checks) and the validated interview (None when
    the model found problems, which are in `problemen`).
    """
    sub = Problemen(shown)
    if path.suffix.lower() == ".xlsx":
        data, interview = read_interview_workbook(path, sub)
    else:
        data = load_yaml(path, sub)
        interview = None
        if data is not None:
            who = f"respondent {data['respondent']}" if isinstance(data, dict) and \
                isinstance(data.get("respondent"), str) else None
            interview = validate(Interview, data, sub, plaats=who, locate=_step_locator(data, who))
    problemen.extend(sub)
    return (data if isinstance(data, dict) else None), (interview if not sub else None)


def _step_locator(data, who: str | None):
    """Name steps by their id in problems ("stap 'keukentafelgesprek'"), not by position."""
    steps = _items(data.get("stappen")) if isinstance(data, dict) else []

    def locate(field: str) -> tuple[str | None, str]:
        if field.startswith("stappen["):
            index, _, rest = field[len("stappen["):].partition("]")
            if index.isdigit() and int(index) <= len(steps) and isinstance(steps[int(index) - 1].get("stap"), str):
                step = f"stap '{steps[int(index) - 1]['stap']}'"
                return (f"{who}, {step}" if who else step), rest.lstrip(".") or "stap"
        return who, field

    return locate


HEADER = ("# Individuele klantreis. Alleen pseudoniemen: geen namen, adressen of andere\n"
          "# gegevens waaraan de inwoner te herkennen is.\n")


def write_interview(iv: Interview, folder: Path, overwrite: bool = False, header: str = HEADER) -> Path:
    """Write a validated interview as YAML, named after the respondent id, below `header`
    (comment lines; an edited file keeps its own)."""
    data = iv.model_dump(mode="json")
    for key in ("stappen", "extra_stappen"):  # identifying fields first, as a researcher writes them
        data[key] = [dict(sorted(((k, v) for k, v in item.items() if not (k == "geen_score_omdat" and not v)),
                                 key=lambda kv: _FIELD_ORDER.index(kv[0]))) for item in data[key]]
    return write_text(Path(folder) / f"{iv.respondent}.yaml", header + dump_yaml(data), overwrite=overwrite)


def comment_header(path: Path) -> str:
    """The comment lines a YAML file starts with (kept when the form saves an edited interview)."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines) or HEADER


_FIELD_ORDER = ["stap", "naam", "gebeurd", "in_plaats_daarvan", "na", "soort", "terug_naar", "score",
                "geen_score_omdat", "goed",
                "beter", "citaten", "themas"]


# --- tidy tables --------------------------------------------------------------------------------

def interview_tables(interviews: list[Interview], reis: Schaduwreis | dict[str, Schaduwreis],
                     redact: Callable[[str], str], guide=None) -> dict[str, pd.DataFrame]:
    """Long tables, one row per observation, every free text redacted.

    `redact` is the study's redaction (`study.redactor`): the names of extra steps, what
    happened "in plaats daarvan" and the quotes pass it here, where they enter the tables, so
    every figure, alt text, table and export built from these tables shows only redacted text.

    - `respondenten`: one row per interview (municipality, consent, counts)
    - `stappen`: one row per respondent × designed step, with `gebeurd` ('niet besproken' when
      the interview does not mention the step) and the score
    - `pad`: the path as experienced, in order, designed and extra steps interleaved
    - `afwijkingen`: skipped, replaced, added steps and loops
    - `waarden`, `themas`, `citaten`: values chosen, theme codes per step, quotes with consent flag

    `reis` is one journey for every interview, or gemeente -> journey: each interview is then
    joined to the steps of its own municipality's journey. With `guide`
    (instruments.topiclijst) `stappen` also has the column `soort`: the kind of each step.
    """
    from ..schaduwreis.model import step_kind

    journeys = reis if isinstance(reis, dict) else None
    frames: dict[int, tuple] = {}

    def frame(journey: Schaduwreis) -> tuple:
        if id(journey) not in frames:
            frames[id(journey)] = ({s.id: i for i, s in enumerate(journey.steps, 1)},
                                   {s.id: s.naam for s in journey.steps},
                                   {s.id: s.sleutelmoment for s in journey.steps},
                                   {s.id: step_kind(s, guide).id if guide is not None else None
                                    for s in journey.steps})
        return frames[id(journey)]

    resp, steps, path, dev, values, themes, quotes = [], [], [], [], [], [], []
    for iv in interviews:
        order, names, key, kind = frame(journeys[iv.gemeente] if journeys is not None else reis)
        iv = _redacted(iv, redact)
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
                          "sleutelmoment": key[step_id], "soort": kind[step_id],
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
                                                "sleutelmoment", "soort", "gebeurd", "score"]).astype(
                                                    {"score": "Float64"}),
        "pad": pd.DataFrame(path, columns=["respondent", "gemeente", "positie", "stap", "naam", "soort",
                                           "ontwerp_volgorde", "score"]).astype({"score": "Float64"}),
        "afwijkingen": pd.DataFrame(dev, columns=["respondent", "gemeente", "soort", "stap", "omschrijving"]),
        "waarden": pd.DataFrame(values, columns=["respondent", "gemeente", "waarde"]),
        "themas": pd.DataFrame(themes, columns=["respondent", "gemeente", "stap", "code", "bron"]),
        "citaten": pd.DataFrame(quotes, columns=["respondent", "gemeente", "stap", "stap_naam", "tekst",
                                                 "themas", "toestemming_citaten"]),
    }


def _redacted(iv: Interview, redact: Callable[[str], str]) -> Interview:
    """The interview with its free texts (extra-step names, "in plaats daarvan", what went well,
    what could be better, quotes) redacted."""
    def beleving(item):
        return {"goed": redact(item.goed), "beter": redact(item.beter),
                "citaten": [c.model_copy(update={"tekst": redact(c.tekst)}) for c in item.citaten]}

    return iv.model_copy(update={
        "huishouden": iv.huishouden.model_copy(update={"samenstelling": redact(iv.huishouden.samenstelling)}),
        "stappen": [sv.model_copy(update={**beleving(sv), "in_plaats_daarvan": redact(sv.in_plaats_daarvan)})
                    for sv in iv.stappen],
        "extra_stappen": [e.model_copy(update={**beleving(e), "naam": redact(e.naam)}) for e in iv.extra_stappen]})


def context_of(study) -> InterviewContext:
    s = study.settings
    return InterviewContext(instruments=study.instruments, schaduwreis=study.schaduwreis,
                            gemeenten=list(s.gemeenten), periode=(s.periode.begin, s.periode.eind),
                            curve=(s.curve.min, s.curve.max),
                            schaduwreizen=study.parts.get("schaduwreizen"))


def save_interview(study, data: dict, overwrite: bool = False, header: str = HEADER) -> Path:
    """Validate interview data (from the notebook form or elsewhere) against the study and
    write it to `interviews/<respondent>.yaml`. Raises `KlantreisFout` with every problem.

    The file is written atomically; an existing one only with `overwrite` (the form sets it
    when an opened interview is saved again under the same pseudonym)."""
    problemen = Problemen("formulier")
    who = f"respondent {data.get('respondent')}" if data.get("respondent") else None
    iv = validate(Interview, data, problemen, plaats=who, locate=_step_locator(data, who))
    check_interview(data, context_of(study), problemen)
    if iv is not None:
        existing = {i.respondent for i in study.interviews}
        target = interview_path(study, iv.respondent)
        if (iv.respondent in existing or target.exists()) and not overwrite:
            problemen.add("een pseudoniem dat nog niet in de studie voorkomt (open het bestaande interview "
                          "om het te wijzigen)", plaats=who, veld="respondent", waarde=iv.respondent)
    problemen.raise_if_any("Interview niet opgeslagen")
    return write_interview(iv, Path(study.path) / FOLDER, overwrite=overwrite, header=header)


def interview_path(study, respondent: str) -> Path:
    return Path(study.path) / FOLDER / f"{respondent}.yaml"


# --- loading a study's interviews (the method's part of `load_study`) ---------------------------

FOLDER = "interviews"


def load_interviews(ctx) -> dict:
    """Read every interview file of the study, check each against the settings, the instruments
    and the schaduwreis (as far as those are valid), and return {"interviews": [...]}."""
    interviews = _load_interviews(ctx.root, ctx.problemen)
    if ctx.instruments is not None:
        context = InterviewContext(instruments=ctx.instruments, schaduwreis=ctx.parts.get("schaduwreis"),
                                   gemeenten=ctx.gemeenten, periode=ctx.periode, curve=_curve(ctx),
                                   schaduwreizen=ctx.parts.get("schaduwreizen"))
        for shown, raw, _ in interviews:
            sub = Problemen(shown)
            check_interview(raw, context, sub)
            ctx.problemen.extend(sub)
    return {"interviews": [iv for _, _, iv in interviews]}


def _curve(ctx) -> tuple[int, int] | None:
    """The curve interviews are scored on, as far as studie.yaml's `curve:` block is valid, so a
    broken studie.yaml does not hide the interviews' own problems."""
    if ctx.settings is not None:
        return ctx.settings.curve.min, ctx.settings.curve.max
    part = validate(Curve, ctx.raw_settings.get("curve", {}), Problemen(""))
    return (part.min, part.max) if part is not None else None


def _load_interviews(root: Path, problemen: Problemen) -> list[tuple[str, dict, Interview | None]]:
    """(shown name, raw data, validated interview or None) for every readable interview file."""
    from ..files import outside

    folder = root / FOLDER
    if folder.exists() and not folder.is_dir():
        problemen.add("een map interviews/ met één bestand per interview; hier staat een bestand met die naam",
                      bestand=FOLDER, veld="pad", waarde=FOLDER)
        return []
    if not folder.is_dir():
        return []
    if outside(folder, root):
        problemen.add("een map binnen de studiemap (dit is een snelkoppeling naar een map erbuiten)",
                      bestand=FOLDER, veld="pad", waarde=FOLDER)
        return []
    loaded: list[tuple[str, dict, Interview | None]] = []
    first_file: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        shown = f"{FOLDER}/{path.name}"
        if ".." in path.name:
            problemen.add("een bestandsnaam zonder '..' (zoals R01.yaml)", bestand=shown, veld="bestandsnaam",
                          waarde=path.name)
            continue
        if path.name.startswith((".", "~$")) or (path.is_dir() and not path.is_symlink()):
            continue  # hidden files and Excel's lock files
        if path.is_symlink() and outside(path, root):
            # never opened, so nothing of it can end up in a message
            problemen.add("een interviewbestand in de studiemap; dit is een snelkoppeling naar een bestand buiten "
                          "de studie", bestand=shown, veld="pad", waarde=path.name)
            continue
        if path.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
            problemen.add("interviewbestanden met de extensie .yaml of .xlsx", bestand=shown,
                          veld="extensie", waarde=path.suffix or "(geen)")
            continue
        raw, iv = load_interview_file(path, problemen, shown)
        if raw is None:
            continue
        respondent = raw.get("respondent")
        if isinstance(respondent, str) and respondent in first_file:
            problemen.add(f"een respondent-id dat maar in één bestand staat (ook in {first_file[respondent]})",
                          bestand=shown, plaats=f"respondent {respondent}", veld="respondent", waarde=respondent)
            continue
        if isinstance(respondent, str):
            first_file[respondent] = shown
        loaded.append((shown, raw, iv))
    return loaded
