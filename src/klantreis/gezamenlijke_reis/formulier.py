"""The facilitator's form for the gezamenlijke reis, in JupyterLab (ipywidgets).

Every entry is saved the moment it is made: each change writes the whole session file again
atomically (`werksessie.save_session`: a temporary file, then a rename), so a crashed kernel
loses at most the field being typed. The form opens an existing session to go on with it.
After every save the form lists, in Dutch, what is still wrong or missing (all problems at
once, as `klantreis controleer` would); it saves unfinished sessions too, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from ..errors import KlantreisFout
from ..files import load_yaml
from ..werksessie import save_session
from .model import FOLDER, NON_VOTING, plain_session, session_path, session_problems

WIDE = {"description_width": "13em"}
NEW_POINT = "(nieuw verbeterpunt)"


class SessieFormulier:
    """`SessieFormulier(studie)` for a new session, `SessieFormulier(studie, "2026-06-18")` to
    open one; show `formulier.widget` in a notebook."""

    def __init__(self, study, naam: str | None = None):
        import ipywidgets as w

        self.study = study
        self.path = None
        self.data: dict = {}
        self._loading = False
        reis, instr = study.schaduwreis, study.instruments
        rollen = instr.vocabulaire.sessie_rollen
        lay = w.Layout(width="42em")

        # -- which session ---------------------------------------------------------------------
        self.naam = w.Text(description="Naam van de sessie", placeholder="bv. 2026-06-18_lindewaarde", style=WIDE,
                           layout=lay)
        self.open_button = w.Button(description="Openen of beginnen", button_style="primary")
        self.open_button.on_click(lambda _: self.open(self.naam.value))
        # -- the session -------------------------------------------------------------------------
        self.gemeente = w.Dropdown(description="Gemeente", style=WIDE, layout=lay,
                                   options=[("Alle gemeenten samen", None)] + [(g, g) for g in study.settings.gemeenten])
        self.datum = w.DatePicker(description="Datum", style=WIDE)
        self.max_punten = w.BoundedIntText(description="Punten per deelnemer", min=1, max=100, value=5, style=WIDE)
        # -- participants --------------------------------------------------------------------------
        self.deelnemer_id = w.Text(description="Pseudoniem", placeholder="bv. D01 (nooit een naam)", style=WIDE)
        self.deelnemer_rol = w.Dropdown(description="Rol", style=WIDE, layout=lay,
                                        options=[(label, code) for code, label in rollen.items()])
        self.add_person = w.Button(description="Deelnemer toevoegen")
        self.add_person.on_click(lambda _: self.add_participant(self.deelnemer_id.value, self.deelnemer_rol.value))
        self.people = w.HTML()
        # -- improvement points --------------------------------------------------------------------
        self.punt = w.Dropdown(description="Verbeterpunt", style=WIDE, layout=lay, options=[NEW_POINT])
        self.add_point = w.Button(description="Nieuw verbeterpunt")
        self.add_point.on_click(lambda _: self.new_point())
        self.tekst = w.Textarea(description="Tekst", placeholder="zonder namen", style=WIDE,
                                layout=w.Layout(width="42em", height="4em"), continuous_update=False)
        self.stappen = w.SelectMultiple(description="Stappen", style=WIDE, layout=lay, rows=6,
                                        options=[(s.naam, s.id) for s in reis.steps])
        self.sleutelmomenten = w.SelectMultiple(description="Sleutelmomenten", style=WIDE, layout=lay, rows=4,
                                                options=[(s.naam, s.id) for s in reis.steps if s.sleutelmoment])
        self.kenmerken = w.SelectMultiple(description="Kenmerken", style=WIDE, layout=lay, rows=7,
                                          options=[(f"{k.code} {k.naam}", k.code) for k in instr.kenmerken.kenmerken])
        self.point_editor = w.VBox([self.tekst, self.stappen, self.sleutelmomenten, self.kenmerken])
        # -- votes ---------------------------------------------------------------------------------
        self.stemmer = w.Dropdown(description="Deelnemer", style=WIDE)
        self.vote_boxes = w.VBox()
        self.vote_sum = w.HTML()
        self.message = w.HTML()

        self.session_box = w.VBox([w.HTML("<b>De sessie</b>"), self.gemeente, self.datum, self.max_punten,
                                   w.HTML("<b>Deelnemers</b>"), self.people,
                                   w.HBox([self.deelnemer_id, self.deelnemer_rol]), self.add_person,
                                   w.HTML("<b>Verbeterpunten</b>"), w.HBox([self.punt, self.add_point]),
                                   self.point_editor])
        self.votes_box = w.VBox([w.HTML("<b>Stemmen</b> (in stilte; per deelnemer de punten per verbeterpunt)"),
                                 self.stemmer, self.vote_boxes, self.vote_sum])
        self.widget = w.VBox([
            w.HTML("<h3>Gezamenlijke reis: de sessie vastleggen</h3>"
                   "<p>Alles wat u invult, wordt meteen opgeslagen. Open een sessie later weer met dezelfde naam.</p>"),
            w.HBox([self.naam, self.open_button]), self.session_box, self.votes_box, self.message])

        for widget in (self.gemeente, self.datum, self.max_punten):
            widget.observe(lambda _: self._session_changed(), names="value")
        for widget in (self.tekst, self.stappen, self.sleutelmomenten, self.kenmerken):
            widget.observe(lambda _: self._point_changed(), names="value")
        self.punt.observe(lambda _: self._show_point(), names="value")
        self.stemmer.observe(lambda _: self._show_votes(), names="value")
        self._refresh()
        if naam:
            self.naam.value = naam
            self.open(naam)

    # --- opening and saving -------------------------------------------------------------------
    def open(self, naam: str) -> None:
        """Open the session `naam` (a new one when it does not exist yet)."""
        naam = naam.strip()
        if not naam or not all(ch.isalnum() or ch in "-_" for ch in naam):
            self._say("Geef de sessie een naam van letters, cijfers, - en _ (bv. 2026-06-18_lindewaarde).", error=True)
            return
        self.path = session_path(self.study, naam)
        if self.path.exists():
            from ..errors import Problemen

            problemen = Problemen(f"{FOLDER}/{self.path.name}")
            data = load_yaml(self.path, problemen)
            if not isinstance(data, dict):
                self.path = None
                self._say("Dit sessiebestand is niet te lezen: " + "; ".join(str(p) for p in problemen), error=True)
                return
            self.data = data
        else:
            self.data = {"datum": dt.date.today().isoformat(), "max_punten": 5, "deelnemers": [],
                         "verbeterpunten": [], "stemmen": []}
        self._loading = True
        try:
            self.gemeente.value = self.data.get("gemeente") if self.data.get("gemeente") in \
                self.study.settings.gemeenten else None
            self.datum.value = _date(self.data.get("datum"))
            self.max_punten.value = int(self.data.get("max_punten") or 5)
        finally:
            self._loading = False
        self._refresh()
        self._check(saved=None)

    def save(self) -> bool:
        """Write the session file now (atomically); report what is still wrong."""
        if self.path is None:
            return False
        try:
            self.study.refuse_demo("Sessie niet opgeslagen")
            save_session(self.path, plain_session(self.data))
        except KlantreisFout as exc:
            self._say(f"{exc.kop}: " + "; ".join(p.toegestaan for p in exc.problemen), error=True)
            return False
        self._check(saved=dt.datetime.now().strftime("%H:%M:%S"))
        return True

    # --- entries --------------------------------------------------------------------------------
    def add_participant(self, pseudoniem: str, rol: str) -> bool:
        pseudoniem = pseudoniem.strip().upper()
        if self.path is None:
            return False
        people = self.data.setdefault("deelnemers", [])
        if not pseudoniem:
            self._say("Vul eerst een pseudoniem in, zoals D01.", error=True)
            return False
        if any(p.get("id") == pseudoniem for p in people):
            self._say(f"{pseudoniem} staat al in de lijst; elke deelnemer één keer.", error=True)
            return False
        people.append({"id": pseudoniem, "rol": rol})
        self.deelnemer_id.value = ""
        self._refresh()
        return self.save()

    def new_point(self) -> str | None:
        if self.path is None:
            return None
        points = self.data.setdefault("verbeterpunten", [])
        numbers = [int(p["code"][1:]) for p in points if str(p.get("code", "")).startswith("V")
                   and str(p["code"])[1:].isdigit()]
        code = f"V{max(numbers, default=0) + 1}"
        points.append({"code": code, "tekst": "", "stappen": [], "sleutelmomenten": [], "kenmerken": []})
        self._refresh()
        self.punt.value = code
        self.save()
        return code

    def _session_changed(self) -> None:
        if self._loading or self.path is None:
            return
        self.data["datum"] = self.datum.value.isoformat() if self.datum.value else None
        self.data["max_punten"] = self.max_punten.value
        if self.gemeente.value is None:
            self.data.pop("gemeente", None)
        else:
            self.data["gemeente"] = self.gemeente.value
        self.save()

    def _point_changed(self) -> None:
        point = self._current_point()
        if self._loading or point is None:
            return
        point.update({"tekst": self.tekst.value.strip(), "stappen": list(self.stappen.value),
                      "sleutelmomenten": list(self.sleutelmomenten.value), "kenmerken": list(self.kenmerken.value)})
        self.save()
        self._refresh_votes()

    def _vote_changed(self, code: str, value: int) -> None:
        who = self.stemmer.value
        if self._loading or who is None:
            return
        votes = self.data.setdefault("stemmen", [])
        vote = next((v for v in votes if v.get("deelnemer") == who), None)
        if vote is None:
            vote = {"deelnemer": who, "punten": {}}
            votes.append(vote)
        if value:
            vote["punten"][code] = value
        else:
            vote["punten"].pop(code, None)
        self.save()
        self._show_sum()

    # --- showing ----------------------------------------------------------------------------------
    def _current_point(self) -> dict | None:
        return next((p for p in self.data.get("verbeterpunten", []) if p.get("code") == self.punt.value), None)

    def _refresh(self) -> None:
        """Show only what applies: the session once it is opened, the point editor once a point
        is chosen, the votes once there are participants who vote and improvement points."""
        opened = self.path is not None
        self.session_box.layout.display = None if opened else "none"
        rollen = self.study.instruments.vocabulaire.sessie_rollen
        people = self.data.get("deelnemers", []) if opened else []
        self.people.value = ("<i>Nog geen deelnemers.</i>" if not people else
                             ", ".join(f"{escape(str(p.get('id')))} ({escape(rollen.get(p.get('rol'), str(p.get('rol'))))})"
                                       for p in people))
        codes = [p.get("code") for p in self.data.get("verbeterpunten", [])] if opened else []
        current = self.punt.value
        self._loading = True
        try:
            self.punt.options = codes or [NEW_POINT]
            self.punt.value = current if current in codes else (codes[-1] if codes else NEW_POINT)
        finally:
            self._loading = False
        self._show_point()
        voters = [p.get("id") for p in people if p.get("rol") not in NON_VOTING]
        self.votes_box.layout.display = None if voters and codes else "none"
        chosen = self.stemmer.value
        self._loading = True
        try:
            self.stemmer.options = voters
            self.stemmer.value = chosen if chosen in voters else (voters[0] if voters else None)
        finally:
            self._loading = False
        self._refresh_votes()

    def _show_point(self) -> None:
        point = self._current_point()
        self.point_editor.layout.display = None if point is not None else "none"
        if point is None:
            return
        self._loading = True
        try:
            self.tekst.description = f"Tekst van {point.get('code')}"
            self.tekst.value = point.get("tekst") or ""
            for widget, field in ((self.stappen, "stappen"), (self.sleutelmomenten, "sleutelmomenten"),
                                  (self.kenmerken, "kenmerken")):
                allowed = {value for _, value in widget.options}
                widget.value = tuple(v for v in point.get(field, []) if v in allowed)
        finally:
            self._loading = False

    def _refresh_votes(self) -> None:
        import ipywidgets as w

        labels = {p.get("code"): p.get("tekst") or "" for p in self.data.get("verbeterpunten", [])}
        boxes = []
        for code, text in labels.items():
            box = w.BoundedIntText(description=f"{code} {text}"[:60], min=0, max=100, style=WIDE,
                                   layout=w.Layout(width="42em"))
            box.observe(lambda change, code=code: self._vote_changed(code, change["new"]), names="value")
            boxes.append(box)
        self.vote_boxes.children = boxes
        self._show_votes()

    def _show_votes(self) -> None:
        who = self.stemmer.value
        vote = next((v for v in self.data.get("stemmen", []) if v.get("deelnemer") == who), {})
        given = vote.get("punten", {}) if isinstance(vote.get("punten"), dict) else {}
        self._loading = True
        try:
            for box, code in zip(self.vote_boxes.children, [p.get("code") for p in self.data.get("verbeterpunten", [])]):
                box.value = int(given.get(code, 0) or 0)
        finally:
            self._loading = False
        self._show_sum()

    def _show_sum(self) -> None:
        total = sum(box.value for box in self.vote_boxes.children)
        limit = self.max_punten.value
        colour = "#D55E00" if total > limit else "#000000"
        self.vote_sum.value = f"<span style='color:{colour}'>{total} van de {limit} punten verdeeld</span>"

    def vote_box(self, code: str):
        """The input of the points for improvement point `code` (for the chosen participant)."""
        codes = [p.get("code") for p in self.data.get("verbeterpunten", [])]
        return self.vote_boxes.children[codes.index(code)]

    def _check(self, saved: str | None) -> None:
        problems = session_problems(self.study, self.data, f"{FOLDER}/{self.path.name}")
        head = (f"<b style='color:#009E73'>Opgeslagen</b> om {saved} in {escape(str(self.path))}." if saved else
                f"Sessie geopend: {escape(str(self.path))}.")
        if problems:
            items = "".join(f"<li>{escape(p.plaats + ' — ' if p.plaats else '')}{escape(p.detail())}</li>"
                            for p in problems)
            self.message.value = f"{head}<br>Nog niet in orde ({len(problems)}):<ol>{items}</ol>"
        else:
            self.message.value = f"{head} De sessie is compleet en klopt."

    def _say(self, text: str, error: bool = False) -> None:
        colour = "#D55E00" if error else "#000000"
        self.message.value = f"<span style='color:{colour}'>{escape(text)}</span>"


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
