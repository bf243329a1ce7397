"""An ipywidgets form to enter one individuele klantreis in JupyterLab.

The form only collects values; `interviews.save_interview` validates them against the study
and writes the same YAML file a researcher would write by hand. Problems are shown in the
form, in Dutch, all at once.
"""

from __future__ import annotations

import datetime as dt

from ..errors import KlantreisFout
from .interviews import save_interview

NO_SCORE = "geen"


class InterviewForm:
    """Build with `InterviewForm(study)`, show `form.widget` in a notebook."""

    def __init__(self, study):
        import ipywidgets as w

        self.study = study
        s, instr, curve = study.settings, study.instruments, study.settings.curve
        wide = w.Layout(width="95%")
        self.respondent = w.Text(description="Pseudoniem", placeholder="bv. R17")
        self.gemeente = w.Dropdown(description="Gemeente", options=s.gemeenten)
        self.datum = w.DatePicker(description="Datum", value=dt.date.today())
        self.rol = w.Dropdown(description="Interviewer",
                              options=[(label, code) for code, label in instr.vocabulaire.interviewer_rollen.items()])
        self.consent = {key: w.Checkbox(description=label, value=False, indent=False) for key, label in (
            ("interview", "Toestemming voor het interview"),
            ("citaten", "Toestemming voor letterlijke uitspraken"),
            ("opname", "Toestemming voor een opname"),
            ("terugkoppeling", "Wil de uitkomsten ontvangen"))}
        self.samenstelling = w.Text(description="Huishouden", placeholder="zonder namen", layout=wide)
        self.leefgebieden = w.SelectMultiple(description="Leefgebieden",
                                             options=[(v, k) for k, v in instr.vocabulaire.leefgebieden.items()])
        self.wetten = w.SelectMultiple(description="Wetten", options=list(instr.vocabulaire.wetten))
        scores = [NO_SCORE] + [str(p) for p in range(curve.min, curve.max + 1)]
        codes = [(f"{c} {label}"[:60], c) for c, label in instr.code_labels.items()]
        self.steps = {}
        panels = []
        for stap in study.schaduwreis.steps:
            fields = {
                "gebeurd": w.ToggleButtons(options=["ja", "nee", "anders"], value="ja", description="Gebeurd"),
                "in_plaats_daarvan": w.Text(description="In plaats", layout=wide),
                "score": w.ToggleButtons(options=scores, value=NO_SCORE, description="Score"),
                "goed": w.Textarea(description="Ging goed", layout=wide),
                "beter": w.Textarea(description="Kan beter", layout=wide),
                "citaat": w.Textarea(description="Citaat", placeholder="letterlijke uitspraak (optioneel)", layout=wide),
                "themas": w.SelectMultiple(description="Thema's", options=codes, rows=6),
                "besproken": w.Checkbox(description="Besproken in het interview", value=True, indent=False),
            }
            self.steps[stap.id] = fields
            panels.append(w.VBox([fields["besproken"], fields["gebeurd"], fields["in_plaats_daarvan"],
                                  fields["score"], fields["goed"], fields["beter"], fields["citaat"],
                                  fields["themas"]]))
        self.accordion = w.Accordion(children=panels,
                                     titles=tuple(("★ " if s_.sleutelmoment else "") + s_.naam
                                                  for s_ in study.schaduwreis.steps))
        self.professionals = w.BoundedIntText(description="Professionals", min=0, max=100, value=0)
        self.opnieuw = w.BoundedIntText(description="Verhaal opnieuw", min=0, max=100, value=0)
        self.waarden = w.SelectMultiple(description="Waarden",
                                        options=[(v, k) for k, v in instr.value_labels.items()])
        self.overwrite = w.Checkbox(description="Bestaand interview overschrijven", value=False, indent=False)
        self.save_button = w.Button(description="Opslaan", button_style="primary", icon="save")
        self.message = w.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox([
            w.HTML("<h3>Individuele klantreis invoeren</h3><p>Alleen een pseudoniem, nooit een naam.</p>"),
            self.respondent, self.gemeente, self.datum, self.rol, *self.consent.values(),
            self.samenstelling, self.leefgebieden, self.wetten,
            w.HTML("<b>De stappen van de schaduwreis</b>"), self.accordion,
            self.professionals, self.opnieuw, self.waarden, self.overwrite, self.save_button, self.message])

    def values(self) -> dict:
        """The form's content as interview data (the same structure as an interview YAML file)."""
        steps = []
        for step_id, f in self.steps.items():
            if not f["besproken"].value:
                continue
            item = {"stap": step_id, "gebeurd": f["gebeurd"].value,
                    "in_plaats_daarvan": f["in_plaats_daarvan"].value,
                    "score": None if f["score"].value == NO_SCORE else int(f["score"].value),
                    "goed": f["goed"].value, "beter": f["beter"].value, "themas": list(f["themas"].value),
                    "citaten": []}
            if f["citaat"].value.strip():
                item["citaten"].append({"tekst": f["citaat"].value, "themas": list(f["themas"].value)})
            steps.append(item)
        return {
            "respondent": self.respondent.value.strip(), "gemeente": self.gemeente.value,
            "datum": self.datum.value, "interviewer_rol": self.rol.value,
            "toestemming": {k: c.value for k, c in self.consent.items()},
            "huishouden": {"samenstelling": self.samenstelling.value,
                           "leefgebieden": list(self.leefgebieden.value), "wetten": list(self.wetten.value)},
            "stappen": steps, "extra_stappen": [],
            "aantal_professionals": self.professionals.value, "verhaal_opnieuw_verteld": self.opnieuw.value,
            "waarden": list(self.waarden.value),
        }

    def save(self):
        from html import escape

        try:
            path = save_interview(self.study, self.values(), overwrite=self.overwrite.value)
        except KlantreisFout as exc:
            items = "".join(f"<li>{escape(str(p))}</li>" for p in exc.problemen)
            self.message.value = f"<b style='color:#D55E00'>{escape(exc.kop)}</b><ol>{items}</ol>"
            return None
        self.message.value = f"<b style='color:#009E73'>Opgeslagen:</b> {escape(str(path))}"
        return path
