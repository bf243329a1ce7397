"""An ipywidgets form to enter, open and edit one individuele klantreis in JupyterLab.

The form only collects values; `interviews.save_interview` validates them against the study
and writes the same YAML file a researcher would write by hand (atomically). An opened
interview keeps what the form does not show (further quotes, quote themes, the comment lines
at the top of the file). Problems are shown in the form, in Dutch, all at once.
"""

from __future__ import annotations

import copy
import datetime as dt
from html import escape
from pathlib import Path

from ..errors import KlantreisFout, Problemen
from ..files import load_yaml
from .interviews import FOLDER, HEADER, comment_header, interview_path, save_interview

NO_SCORE = None  # the score buttons' value for "geen"
NEW = ""  # the interview chooser's value for "a new interview"
START = ""  # "na" of an extra step at the very beginning of the journey
LABEL = {"description_width": "13em"}  # wide enough for every label of the form, never cut off

# What a step's state looks like in the overview and the accordion titles.
STATE = {"score": ("●", "gescoord"), "reden": ("◐", "geen score, met reden"), "nee": ("✕", "niet gebeurd"),
         "niet besproken": ("?", "niet besproken"), "anders": ("◇", "anders, zonder score"),
         "leeg": ("○", "leeg: score of reden ontbreekt")}


class InterviewForm:
    """Build with `InterviewForm(study)`, show `form.widget` in a notebook.

    `open(respondent)` loads an existing interview, `save()` writes it (a new interview never
    overwrites an existing file; an opened one is saved over its own file)."""

    def __init__(self, study, gemeente: str | None = None):
        """`gemeente`: the municipality whose journey the form follows (when every municipality
        has its own; default the first); with one shared journey every gemeente can be chosen."""
        import ipywidgets as w

        from ..schaduwreis import per_gemeente, schaduwreis_van

        self.w = w
        self.study = study
        self.opened: tuple[str, dict, str] | None = None  # respondent, raw data, comment header
        s, instr, curve = study.settings, study.instruments, study.settings.curve
        if gemeente is None and per_gemeente(study):
            gemeente = s.gemeenten[0]
        self.reis = schaduwreis_van(study, gemeente)
        choices = [gemeente] if gemeente is not None and per_gemeente(study) else s.gemeenten
        wide = w.Layout(width="95%")
        self.step_names = {st.id: st.naam for st in self.reis.steps}
        self.scores = [("geen", NO_SCORE)] + [(f"{p:+d}".replace("-", "−") if p else "0", p)
                                              for p in range(curve.min, curve.max + 1)]
        self.codes = [(f"{c} {label}"[:70], c) for c, label in instr.code_labels.items()]

        self.chooser = w.Dropdown(description="Interview", style=LABEL, options=self._choices())
        self.open_button = w.Button(description="Openen", icon="folder-open")
        self.open_button.on_click(lambda _: self.open(self.chooser.value))
        self.respondent = w.Text(description="Pseudoniem", placeholder="bv. R17 (nooit een naam)", style=LABEL)
        self.gemeente = w.Dropdown(description="Gemeente", options=choices, style=LABEL,
                                   value=gemeente if gemeente is not None else s.gemeenten[0])
        self.datum = w.DatePicker(description="Datum van het interview", value=dt.date.today(), style=LABEL)
        self.rol = w.Dropdown(description="Interviewer", style=LABEL,
                              options=[(label, code) for code, label in instr.vocabulaire.interviewer_rollen.items()])
        self.consent = {key: w.Checkbox(description=label, value=False, indent=False, layout=w.Layout(width="auto"))
                        for key, label in (
            ("interview", "Toestemming voor het interview"),
            ("citaten", "Toestemming voor letterlijke uitspraken in het rapport"),
            ("opname", "Toestemming voor een geluidsopname"),
            ("terugkoppeling", "Wil de uitkomsten ontvangen"))}
        self.samenstelling = w.Text(description="Huishouden", placeholder="samenstelling, zonder namen",
                                    layout=wide, style=LABEL)
        self.leefgebieden = w.SelectMultiple(description="Leefgebieden", style=LABEL, rows=6, layout=w.Layout(width="60%"),
                                             options=[(v, k) for k, v in instr.vocabulaire.leefgebieden.items()])
        self.wetten = w.SelectMultiple(description="Wetten", style=LABEL, options=list(instr.vocabulaire.wetten),
                                       layout=w.Layout(width="60%"))

        self.steps: dict[str, dict] = {}
        panels = [self._step_panel(stap.id) for stap in self.reis.steps]
        self.accordion = w.Accordion(children=panels)
        self.overview = w.HTML()
        self.extras: list[dict] = []
        self.extra_box = w.VBox()
        self.add_extra_button = w.Button(description="Extra stap of lus toevoegen", icon="plus",
                                         layout=w.Layout(width="auto"))
        self.add_extra_button.on_click(lambda _: self.add_extra())

        self.professionals = w.BoundedIntText(description="Aantal professionals", min=0, max=100, value=0,
                                              style=LABEL)
        self.opnieuw = w.BoundedIntText(description="Verhaal opnieuw verteld", min=0, max=100, value=0, style=LABEL)
        self.waarden = w.SelectMultiple(description="Waarden (waardenkaart)", style=LABEL, rows=8,
                                        layout=w.Layout(width="60%"),
                                        options=[(v, k) for k, v in instr.value_labels.items()])
        self.save_button = w.Button(description="Opslaan", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML()
        self.widget = w.VBox([
            w.HTML("<h3>Individuele klantreis invoeren</h3><p>Alleen een pseudoniem, nooit een naam. "
                   "Kies een bestaand interview om het te wijzigen, of begin een nieuw.</p>"),
            w.HBox([self.chooser, self.open_button]),
            self.respondent, self.gemeente, self.datum, self.rol, *self.consent.values(),
            self.samenstelling, self.leefgebieden, self.wetten,
            w.HTML("<b>De stappen van de schaduwreis</b> (★ = sleutelmoment)"), self.overview, self.accordion,
            w.HTML("<b>Extra stappen en lussen</b>: een stap die niet in de schaduwreis staat, of een "
                   "keer terug naar een eerdere stap"), self.extra_box, self.add_extra_button,
            self.professionals, self.opnieuw, self.waarden, self.save_button, self.message])
        self._refresh()

    # --- building blocks ------------------------------------------------------------------------

    def _choices(self) -> list[tuple[str, str]]:
        folder = Path(self.study.path) / FOLDER
        ids = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        return [("nieuw interview", NEW)] + [(i, i) for i in ids]

    def _experience_fields(self) -> dict:
        """Score, reason without score, what went well and what could be better, quote, themes."""
        w = self.w
        wide = (lambda: w.Layout(width="95%"))  # one Layout per widget: display is set per field
        return {
            "score": w.ToggleButtons(options=self.scores, value=NO_SCORE, description="Score", style=LABEL),
            "geen_score_omdat": w.Text(description="Geen score, omdat", layout=wide(), style=LABEL,
                                       placeholder="bv. de inwoner wilde geen cijfer geven"),
            "goed": w.Textarea(description="Wat ging goed", layout=wide(), style=LABEL),
            "beter": w.Textarea(description="Wat kan beter", layout=wide(), style=LABEL),
            "citaat": w.Textarea(description="Letterlijke uitspraak", placeholder="optioneel", layout=wide(),
                                 style=LABEL),
            "themas": w.SelectMultiple(description="Thema's (codeboek)", options=self.codes, rows=6, style=LABEL,
                                       layout=wide()),
        }

    def _step_panel(self, step_id: str):
        w = self.w
        f = {"besproken": w.Checkbox(description="Besproken in het interview", value=True, indent=False,
                                     layout=w.Layout(width="auto")),
             "gebeurd": w.ToggleButtons(options=["ja", "nee", "anders"], value="ja", description="Gebeurd",
                                        style=LABEL),
             "in_plaats_daarvan": w.Text(description="In plaats daarvan", layout=w.Layout(width="95%"),
                                         style=LABEL, placeholder="wat er in plaats van deze stap gebeurde"),
             **self._experience_fields()}
        self.steps[step_id] = f
        for widget in f.values():
            widget.observe(lambda _: self._refresh(), names="value")
        return w.VBox(list(f.values()))

    def add_extra(self, item: dict | None = None) -> dict:
        """Add a row for an extra step or a loop (filled from `item` when opening an interview)."""
        w = self.w
        steps = [(f"na {name}", i) for i, name in self.step_names.items()]
        f = {"naam": w.Text(description="Naam van de stap", style=LABEL, layout=w.Layout(width="95%"),
                            placeholder="bv. opnieuw bellen omdat niemand terugbelde"),
             "soort": w.ToggleButtons(options=[("extra stap", "extra"), ("lus terug", "lus")], value="extra",
                                      description="Soort", style=LABEL),
             "na": w.Dropdown(description="Waar in de reis", style=LABEL,
                              options=[("aan het begin van de reis", START)] + steps),
             "terug_naar": w.Dropdown(description="Terug naar", style=LABEL,
                                      options=[(name, i) for i, name in self.step_names.items()]),
             **self._experience_fields()}
        remove = w.Button(description="Deze extra stap verwijderen", icon="trash", layout=w.Layout(width="auto"))
        box = w.VBox([*f.values(), remove], layout=w.Layout(border="1px solid #bbbbbb", padding="4px",
                                                            margin="4px 0"))
        f["_box"] = box
        remove.on_click(lambda _: self._remove_extra(f))
        self.extras.append(f)
        if item:
            self._fill(f, item)
            f["naam"].value = item.get("naam") or ""
            f["soort"].value = item.get("soort") if item.get("soort") in ("extra", "lus") else "extra"
            f["na"].value = item.get("na") if item.get("na") in self.step_names else START
            if item.get("terug_naar") in self.step_names:
                f["terug_naar"].value = item["terug_naar"]
        for widget in f.values():
            if widget is not box:
                widget.observe(lambda _: self._refresh(), names="value")
        self.extra_box.children = [e["_box"] for e in self.extras]
        self._refresh()
        return f

    def _remove_extra(self, f: dict) -> None:
        self.extras.remove(f)
        self.extra_box.children = [e["_box"] for e in self.extras]
        self._refresh()

    # --- state: which fields show, what each step holds ---------------------------------------------

    def step_state(self, step_id: str) -> str:
        """'score', 'reden', 'nee', 'anders', 'niet besproken' or 'leeg' (happened, but no score or reason)."""
        return _state(self.steps[step_id])

    def _refresh(self) -> None:
        """Show only the fields that apply, and the state of every step in the overview."""
        if not hasattr(self, "overview"):
            return  # still building
        for f in self.steps.values():
            on, gebeurd = f["besproken"].value, f["gebeurd"].value
            _show(f["gebeurd"], on)
            _show(f["in_plaats_daarvan"], on and gebeurd != "ja")
            _show(f["score"], on and gebeurd != "nee")
            _show(f["geen_score_omdat"], on and gebeurd != "nee" and f["score"].value == NO_SCORE)
            for key in ("goed", "beter", "citaat", "themas"):
                _show(f[key], on)
        for f in self.extras:
            _show(f["terug_naar"], f["soort"].value == "lus")
            _show(f["geen_score_omdat"], f["score"].value == NO_SCORE)
        rows, titles = [], []
        for nr, stap in enumerate(self.reis.steps, 1):
            state = self.step_state(stap.id)
            symbol, text = STATE[state]
            shown = f"score {self.steps[stap.id]['score'].label}" if state == "score" else text
            titles.append(f"{symbol} {nr}. {stap.naam}{' ★' if stap.sleutelmoment else ''} — {shown}")
            colour = "#D55E00" if state == "leeg" else "inherit"
            rows.append(f"<tr><td>{symbol}</td><td style='padding-right:1.5em'>{nr}. {escape(stap.naam)}</td>"
                        f"<td style='color:{colour}'>{escape(shown)}</td></tr>")
        for f in self.extras:
            state = _state(f)
            symbol, text = STATE[state]
            kind = "lus" if f["soort"].value == "lus" else "extra stap"
            shown = f"score {f['score'].label}" if state == "score" else text
            colour = "#D55E00" if state == "leeg" else "inherit"
            rows.append(f"<tr><td>{symbol}</td><td style='padding-right:1.5em'>{kind}: "
                        f"{escape(f['naam'].value or '(zonder naam)')}</td>"
                        f"<td style='color:{colour}'>{escape(shown)}</td></tr>")
        self.accordion.titles = tuple(titles)
        self.overview.value = ("<table style='border-collapse:collapse'><tr><th></th><th style='text-align:left'>"
                               "Stap</th><th style='text-align:left'>Stand</th></tr>" + "".join(rows) + "</table>")

    # --- opening, reading and saving ---------------------------------------------------------------

    def open(self, respondent: str) -> bool:
        """Load `interviews/<respondent>.yaml` into the form; False (with a message) if unreadable."""
        if respondent == NEW:
            self.opened = None
            self._clear()
            self.message.value = "Nieuw interview: vul het formulier in en klik op Opslaan."
            return True
        path = interview_path(self.study, respondent)
        problemen = Problemen(f"{FOLDER}/{path.name}")
        raw = load_yaml(path, problemen) if path.exists() else None
        if not isinstance(raw, dict):
            self.message.value = _problems_html("Interview niet geopend", problemen or [
                f"{FOLDER}/{path.name} — toegestaan: een interviewbestand (YAML) in deze studie"])
            return False
        self._clear()
        self.opened = (respondent, raw, comment_header(path))
        self.respondent.value = str(raw.get("respondent") or "")
        if raw.get("gemeente") in self.gemeente.options:
            self.gemeente.value = raw["gemeente"]
        day = raw.get("datum")
        self.datum.value = day if isinstance(day, dt.date) else _date_or_none(day)
        if raw.get("interviewer_rol") in dict(self.rol.options).values():
            self.rol.value = raw["interviewer_rol"]
        for key, box in self.consent.items():
            box.value = (raw.get("toestemming") or {}).get(key) is True
        household = raw.get("huishouden") or {}
        self.samenstelling.value = str(household.get("samenstelling") or "")
        self.leefgebieden.value = tuple(v for v in household.get("leefgebieden") or []
                                        if v in dict(self.leefgebieden.options).values())
        self.wetten.value = tuple(v for v in household.get("wetten") or [] if v in self.wetten.options)
        by_step = {item.get("stap"): item for item in raw.get("stappen") or [] if isinstance(item, dict)}
        for step_id, f in self.steps.items():
            item = by_step.get(step_id)
            f["besproken"].value = item is not None
            if item is not None:
                f["gebeurd"].value = item.get("gebeurd") if item.get("gebeurd") in ("ja", "nee", "anders") else "ja"
                f["in_plaats_daarvan"].value = str(item.get("in_plaats_daarvan") or "")
                self._fill(f, item)
        for item in raw.get("extra_stappen") or []:
            if isinstance(item, dict):
                self.add_extra(item)
        for field, widget in (("aantal_professionals", self.professionals), ("verhaal_opnieuw_verteld", self.opnieuw)):
            widget.value = raw.get(field) if isinstance(raw.get(field), int) else 0
        self.waarden.value = tuple(v for v in raw.get("waarden") or [] if v in dict(self.waarden.options).values())
        self.chooser.value = respondent
        self.message.value = f"Geopend: {escape(str(path.resolve()))}. Wijzig wat nodig is en klik op Opslaan."
        self._refresh()
        return True

    def _fill(self, f: dict, item: dict) -> None:
        score = item.get("score")
        valid = isinstance(score, int) and not isinstance(score, bool) and score in dict(self.scores).values()
        f["score"].value = score if valid else NO_SCORE
        for key in ("geen_score_omdat", "goed", "beter"):
            f[key].value = str(item.get(key) or "")
        quotes = [q for q in item.get("citaten") or [] if isinstance(q, dict)]
        f["citaat"].value = str(quotes[0].get("tekst") or "") if quotes else ""
        known = {code for _, code in self.codes}
        f["themas"].value = tuple(c for c in item.get("themas") or [] if c in known)

    def _clear(self) -> None:
        self.respondent.value, self.samenstelling.value = "", ""
        self.datum.value = dt.date.today()
        for box in self.consent.values():
            box.value = False
        self.leefgebieden.value, self.wetten.value, self.waarden.value = (), (), ()
        for f in self.steps.values():
            f["besproken"].value, f["gebeurd"].value, f["in_plaats_daarvan"].value = True, "ja", ""
            f["score"].value = NO_SCORE
            for key in ("geen_score_omdat", "goed", "beter", "citaat"):
                f[key].value = ""
            f["themas"].value = ()
        self.extras.clear()
        self.extra_box.children = []
        self.professionals.value = self.opnieuw.value = 0
        self._refresh()

    def values(self) -> dict:
        """The form's content as interview data (the structure of an interview YAML file). An
        opened interview keeps what the form does not show: further quotes and their themes."""
        before = copy.deepcopy(self.opened[1]) if self.opened else {}
        old_steps = {i.get("stap"): i for i in before.get("stappen") or [] if isinstance(i, dict)}
        steps = []
        for step_id, f in self.steps.items():
            if not f["besproken"].value:
                continue
            item = {"stap": step_id, "gebeurd": f["gebeurd"].value,
                    "in_plaats_daarvan": f["in_plaats_daarvan"].value if f["gebeurd"].value != "ja" else "",
                    **self._experience(f, old_steps.get(step_id, {}), happened=f["gebeurd"].value != "nee")}
            steps.append(item)
        old_extras = [i for i in before.get("extra_stappen") or [] if isinstance(i, dict)]
        extras = []
        for nr, f in enumerate(self.extras):
            old = next((o for o in old_extras if o.get("naam") == f["naam"].value), {})
            lus = f["soort"].value == "lus"
            extras.append({"naam": f["naam"].value.strip(), "na": f["na"].value or None, "soort": f["soort"].value,
                           "terug_naar": f["terug_naar"].value if lus else None,
                           **self._experience(f, old, happened=True)})
        return {
            **{k: v for k, v in before.items() if k not in _FORM_FIELDS},
            "respondent": self.respondent.value.strip(), "gemeente": self.gemeente.value,
            "datum": self.datum.value, "interviewer_rol": self.rol.value,
            "toestemming": {k: c.value for k, c in self.consent.items()},
            "huishouden": {"samenstelling": self.samenstelling.value,
                           "leefgebieden": list(self.leefgebieden.value), "wetten": list(self.wetten.value)},
            "stappen": steps, "extra_stappen": extras,
            "aantal_professionals": self.professionals.value, "verhaal_opnieuw_verteld": self.opnieuw.value,
            "waarden": list(self.waarden.value),
        }

    def _experience(self, f: dict, old: dict, happened: bool) -> dict:
        score = f["score"].value
        themes = list(f["themas"].value)
        quotes = [q for q in old.get("citaten") or [] if isinstance(q, dict)]
        text = f["citaat"].value.strip()
        if text and quotes:
            quotes[0] = {**quotes[0], "tekst": f["citaat"].value}
        elif text:
            quotes = [{"tekst": f["citaat"].value, "themas": themes}]
        elif quotes:
            quotes = quotes[1:]  # the first quote was emptied in the form
        item = {"score": score if happened else None,
                "goed": f["goed"].value, "beter": f["beter"].value, "themas": themes, "citaten": quotes}
        if happened and score == NO_SCORE and f["geen_score_omdat"].value.strip():
            item["geen_score_omdat"] = f["geen_score_omdat"].value.strip()
        return item

    def save(self) -> Path | None:
        """Validate and write the interview; the message says where, or lists every problem."""
        from ..resources import DEMO_STUDY_DIR

        if Path(self.study.path).resolve() == Path(DEMO_STUDY_DIR).resolve():
            self.message.value = ("<b style='color:#D55E00'>Niet opgeslagen:</b> de demostudie hoort bij de kit en "
                                  "wordt niet gewijzigd. Maak een eigen studie met 'klantreis nieuw PAD' en kies die "
                                  "bij STUDIE bovenaan het notitieboek.")
            return None
        data = self.values()
        same_file = self.opened is not None and self.opened[0] == data["respondent"]
        try:
            path = save_interview(self.study, data, overwrite=same_file,
                                  header=self.opened[2] if same_file else HEADER)
        except KlantreisFout as exc:
            self.message.value = _problems_html(exc.kop, exc.problemen)
            return None
        self.opened = (data["respondent"], load_yaml(path, Problemen(str(path))) or data, comment_header(path))
        self.chooser.options = self._choices()
        self.chooser.value = data["respondent"]
        self.message.value = f"<b style='color:#009E73'>Opgeslagen:</b> {escape(str(path.resolve()))}"
        return path


_FORM_FIELDS = {"respondent", "gemeente", "datum", "interviewer_rol", "toestemming", "huishouden", "stappen",
                "extra_stappen", "aantal_professionals", "verhaal_opnieuw_verteld", "waarden"}


def _state(f: dict) -> str:
    if "besproken" in f and not f["besproken"].value:
        return "niet besproken"
    if "gebeurd" in f and f["gebeurd"].value == "nee":
        return "nee"
    if f["score"].value != NO_SCORE:
        return "score"
    if f["geen_score_omdat"].value.strip():
        return "reden"
    # As `interviews.check_interview`: a step that happened needs a score or a reason; with "anders"
    # the score would be of what happened instead, so it may stay empty.
    return "anders" if "gebeurd" in f and f["gebeurd"].value == "anders" else "leeg"


def _show(widget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


def _date_or_none(value):
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _problems_html(kop: str, problemen) -> str:
    items = "".join(f"<li>{escape(str(p))}</li>" for p in problemen)
    return f"<b style='color:#D55E00'>{escape(kop)}</b><ol>{items}</ol>"
