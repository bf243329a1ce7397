"""The verkenning as an ipywidgets form in JupyterLab: staff enter paper questionnaires with it
(`VerkenningForm.for_study`). Respondents in a browser get the server-rendered form of `web`.

The form only collects answers. A response id is made when the form opens, so a double click
or a retry of the same submission is stored once (`Opslag.save` skips ids it already has).
The respondent sees the questionnaire and their own answers, never anything of other
respondents. Problems are shown in the form, in Dutch.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..errors import Problemen
from .opslag import OPEN_TEXT_MAX, Opslag, Response, check_response, new_response_id
from .vragenlijst import WEET_NIET, Vragenlijst, read_vragenlijst

BRON = "webformulier"

# ipywidgets cut a description off at one line; statements and questions must wrap and stay
# readable on a phone.
_CSS = """<style>
.klantreis-formulier { max-width: 52em; font-size: 15px; }
.klantreis-formulier .widget-html, .klantreis-formulier .widget-html-content { line-height: 1.45; height: auto; }
.klantreis-formulier .klantreis-vraag { flex-direction: column; align-items: flex-start;
  margin: 0.8em 0 0.2em 0; width: 100%; }
.klantreis-formulier .klantreis-vraag > .widget-label { display: block; white-space: normal; width: auto;
  max-width: 100%; height: auto; line-height: 1.4; font-weight: 600; overflow: visible;
  text-align: left; padding: 0 0 0.3em 0; }
.klantreis-formulier .widget-label, .klantreis-formulier .widget-radio-box label,
.klantreis-formulier .widget-checkbox label, .klantreis-formulier textarea { font-size: 14px; }
.klantreis-formulier .widget-radio-box-horizontal { flex-wrap: wrap; gap: 0.1em 1.2em;
  margin-bottom: 0 !important; }
.klantreis-formulier .widget-radio-box label { white-space: nowrap; }
.klantreis-formulier .klantreis-vraag textarea { width: 100%; min-height: 4.5em; }
.klantreis-formulier .widget-checkbox { width: 100%; height: auto; }
.klantreis-formulier .widget-checkbox label { white-space: normal; }
.klantreis-fout { color: #9A3A00; border-left: 4px solid #D55E00; padding: 0.3em 0.8em; }
.klantreis-bevestiging { color: #005A40; border-left: 4px solid #009E73; padding: 0.3em 0.8em; }
</style>"""

class VerkenningForm:
    """Build with `VerkenningForm(vragenlijst, store_path, gemeente, ronde, perspectief)`, show
    `form.widget`. `gemeenten` and `rondes` (the study's lists) default to the one gemeente and
    ronde given: in the web form both come from the invite, checked when the server started."""

    def __init__(self, vragenlijst: Vragenlijst, store_path: Path, gemeente: str, ronde: str, perspectief: str,
                 *, gemeenten: list[str] | None = None, rondes: list[str] | None = None, bron: str = BRON):
        import ipywidgets as w
        from ipywidgets.widgets.widget_bool import CheckboxStyle
        from ipywidgets.widgets.widget_description import DescriptionStyle
        from ipywidgets.widgets.widget_string import TextStyle

        self.vragenlijst = vl = vragenlijst
        self.store_path = Path(store_path)
        self.gemeente, self.ronde, self.perspectief, self.bron = gemeente, ronde, perspectief, bron
        self.gemeenten = gemeenten if gemeenten is not None else [gemeente]
        self.rondes = rondes if rondes is not None else [ronde]
        self.response_id = new_response_id()
        self.stored = False
        self._chosen: list[str] = []  # priorities in the order they were ticked

        options = [(o.label, o.code) for o in vl.schaal.opties] + [(vl.schaal.weet_niet.label, WEET_NIET)]
        # One layout and one style per kind of widget, shared: half as many models for the
        # browser to build, which is most of the time until the form can be used.
        full_width = w.Layout(width="100%")
        radio_style = DescriptionStyle(description_width="initial")
        text_style = TextStyle(description_width="initial")
        box_style = CheckboxStyle(description_width="initial")
        self.answers: dict[str, w.RadioButtons] = {}
        self.open_answers: dict[str, w.Textarea] = {}
        self.priorities: dict[str, w.Checkbox] = {}
        perspective = vl.perspective_labels.get(perspectief, perspectief)
        parts = [w.HTML(_CSS + f"<h2>{escape(vl.naam)}</h2>"
                        f"<p>{escape(vl.inleiding)}</p>"
                        f"<p>U vult de vragenlijst in over de toegang in <b>{escape(gemeente)}</b>, als "
                        f"<b>{escape(perspective)}</b>.</p>"
                        "<p>Geef bij elke stelling aan in hoeverre u het ermee eens bent. Een vraag overslaan "
                        "mag.</p>")]
        for number, u in enumerate(vl.uitgangspunten, 1):
            parts.append(w.HTML(f"<h3>{number}. {escape(u.naam)}</h3>"))
            for s in u.stellingen:
                radio = w.RadioButtons(options=options, value=None, description=s.text_for(perspectief),
                                       orientation="horizontal", style=radio_style, layout=full_width)
                radio.add_class("klantreis-vraag")
                radio.add_class(f"klantreis-stelling-{s.code}")
                self.answers[s.code] = radio
                parts.append(radio)
            text = w.Textarea(description=u.open_vraag, placeholder="Uw antwoord (niet verplicht)",
                              style=text_style, layout=full_width)
            text.add_class("klantreis-vraag")
            text.add_class(f"klantreis-open-{u.code}")
            self.open_answers[u.code] = text
            parts.append(text)
        parts.append(w.HTML(f"<h3>Tot slot</h3><p><b>{escape(vl.prioriteit.vraag)}</b> "
                            f"Kies er hoogstens {vl.prioriteit.aantal}.</p>"))
        for u in vl.uitgangspunten:
            box = w.Checkbox(value=False, description=u.naam, indent=False, style=box_style, layout=full_width)
            box.add_class(f"klantreis-prioriteit-{u.code}")
            box.observe(self._track_priority(u.code), names="value")
            self.priorities[u.code] = box
            parts.append(box)
        self.submit_button = w.Button(description="Versturen", button_style="primary",
                                      tooltip="Verstuur uw antwoorden")
        self.submit_button.add_class("klantreis-versturen")
        self.message = w.HTML()
        self.submit_button.on_click(lambda _: self.submit())
        self.widget = w.VBox(parts + [self.submit_button, self.message])
        self.widget.add_class("klantreis-formulier")

    @classmethod
    def for_study(cls, study, gemeente: str, ronde: str, perspectief: str) -> VerkenningForm:
        """The form for a loaded study, e.g. to enter a paper questionnaire in JupyterLab: the
        study's own questionnaire and store. Gemeente, ronde and perspectief are checked now."""
        study.refuse_demo("In de demostudie worden geen antwoorden opgeslagen")
        vl = read_vragenlijst(study.path)
        gemeenten, rondes = study.settings.gemeenten, study.settings.verkenning.rondes
        problemen = Problemen("studie.yaml")
        for veld, value, allowed in (("gemeente", gemeente, gemeenten), ("ronde", ronde, rondes),
                                     ("perspectief", perspectief, list(vl.perspective_labels))):
            if value not in allowed:
                problemen.add(f"een van: {', '.join(allowed)}", veld=veld, waarde=value)
        problemen.raise_if_any("Het formulier kan niet worden gemaakt")
        return cls(vl, study.verkenning_db, gemeente, ronde, perspectief, gemeenten=gemeenten, rondes=rondes,
                   bron="notebookformulier")

    def _track_priority(self, code: str):
        def changed(change):
            if change["new"] and code not in self._chosen:
                self._chosen.append(code)
            elif not change["new"] and code in self._chosen:
                self._chosen.remove(code)
        return changed

    def response(self) -> Response:
        """The form's content as a `Response` (the same id every time this form is submitted).
        Every statement shown is in `antwoorden`: 1..5, "WN" or None when left empty. The
        priorities keep the order in which they were ticked (that order becomes `rang`)."""
        return Response(id=self.response_id, gemeente=self.gemeente, ronde=self.ronde, perspectief=self.perspectief,
                        bron=self.bron, antwoorden={code: r.value for code, r in self.answers.items()},
                        open={code: t.value for code, t in self.open_answers.items() if t.value.strip()},
                        prioriteit=[c for c in self._chosen if self.priorities[c].value])

    def problems(self, resp: Response) -> list[str]:
        """What the respondent must change before the answers can be sent, in plain Dutch."""
        limit = self.vragenlijst.prioriteit.aantal
        found = []
        if len(resp.prioriteit) > limit:
            found.append(f"Kies bij de laatste vraag hoogstens {limit} uitgangspunten. "
                         f"U heeft er nu {len(resp.prioriteit)} aangevinkt.")
        names = self.vragenlijst.uitgangspunt_labels
        for code, text in resp.open.items():
            if len(text) > OPEN_TEXT_MAX:
                length, limit = (f"{n:,}".replace(",", ".") for n in (len(text), OPEN_TEXT_MAX))
                found.append(f"Uw antwoord bij '{names.get(code, code)}' is {length} tekens lang; "
                             f"het mag hoogstens {limit} tekens zijn.")
        problemen = Problemen("het formulier")
        check_response(resp, self.vragenlijst, self.gemeenten, self.rondes, problemen, plaats="uw antwoorden")
        if problemen and not found:  # a problem the form itself should have prevented
            found += [str(p) for p in problemen]
        return found

    def submit(self) -> bool:
        """Check and store the answers in one transaction; True once they are stored."""
        if self.stored:
            return True
        resp = self.response()
        problems = self.problems(resp)
        if problems:
            items = "".join(f"<li>{escape(p)}</li>" for p in problems)
            self._show("klantreis-fout", "alert",
                       f"<b>Uw antwoorden zijn nog niet verstuurd.</b><ul>{items}</ul>")
            return False
        self.submit_button.disabled = True
        try:
            with Opslag(self.store_path) as store:
                store.save(resp)  # 0 new rows on a retry: the id is already there
        except Exception:  # noqa: BLE001 - the respondent gets Dutch text, never a traceback
            self.submit_button.disabled = False
            self._show("klantreis-fout", "alert",
                       "<b>Uw antwoorden konden niet worden opgeslagen.</b> Probeer het over een minuut "
                       "opnieuw met dezelfde knop; er wordt niets dubbel bewaard.")
            return False
        self.stored = True
        for widget in [*self.answers.values(), *self.open_answers.values(), *self.priorities.values()]:
            widget.disabled = True
        self.submit_button.description = "Verstuurd"
        self._show("klantreis-bevestiging", "status",
                   f"<b>Uw antwoorden zijn verstuurd.</b><p>{escape(self.vragenlijst.afsluiting)}</p>")
        return True

    def _show(self, css_class: str, role: str, html: str) -> None:
        live = "assertive" if role == "alert" else "polite"
        self.message.value = f"<div class='{css_class}' role='{role}' aria-live='{live}'>{html}</div>"
