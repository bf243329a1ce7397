"""An ipywidgets form to enter, open and edit one stakeholder interview or focus group in JupyterLab.

The form only collects values; `model.save_gesprek` validates them against the study and writes
the same YAML file a researcher would write by hand (atomically). Problems are shown in the
form, in Dutch, all at once.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from ..errors import KlantreisFout, Problemen
from ..files import load_yaml
from ..validation import as_date
from .model import FOLDER, HEADER, comment_header, gesprek_path, save_gesprek

NEW = ""  # the chooser's value for "a new conversation"
DEFAULT = ""  # a statement's perspective / speaker: "as its role says"
LABEL = {"description_width": "13em"}


class StakeholderForm:
    """Build with `StakeholderForm(study)`, show `form.widget` in a notebook. `open(id)` loads an
    existing conversation, `add_statement()` adds a statement, `save()` writes the file (a new
    conversation never overwrites an existing file; an opened one is saved over its own)."""

    def __init__(self, study):
        import ipywidgets as w

        self.w = w
        self.study = study
        self.opened: tuple[str, str] | None = None  # id, comment header
        vocab = study.instruments.vocabulaire
        self.roles = [(label, code) for code, label in vocab.stakeholder_rollen.items()]
        self.codes = [(f"{c} {label}"[:70], c) for c, label in study.instruments.code_labels.items()]
        self.perspectives = [("volgens de rol", DEFAULT)] + [(label, p) for p, label in vocab.perspectieven.items()]

        self.chooser = w.Dropdown(description="Gesprek", style=LABEL, options=self._choices())
        self.open_button = w.Button(description="Openen", icon="folder-open")
        self.open_button.on_click(lambda _: self.open(self.chooser.value))
        self.id = w.Text(description="Pseudoniem", placeholder="S01 of F01 (nooit een naam)", style=LABEL)
        self.soort = w.ToggleButtons(options=["interview", "focusgroep"], value="interview", description="Soort",
                                     style=LABEL)
        self.gemeente = w.Dropdown(description="Gemeente", style=LABEL,
                                   options=[(g, g) for g in study.settings.gemeenten] + [("regionaal", None)])
        self.datum = w.DatePicker(description="Datum", value=dt.date.today(), style=LABEL)
        self.interviewer = w.Dropdown(description="Interviewer", style=LABEL,
                                      options=[(label, code) for code, label in vocab.interviewer_rollen.items()])
        self.rol = w.Dropdown(description="Rol geïnterviewde", options=self.roles, style=LABEL)
        self.deelnemers = {code: w.BoundedIntText(description=label[:24], min=0, max=500, value=0, style=LABEL)
                           for label, code in self.roles}
        self.people_box = w.VBox([w.HTML("<b>Deelnemers per rol</b> (alleen aantallen)"), *self.deelnemers.values()])
        self.consent = {key: w.Checkbox(description=label, value=False, indent=False, layout=w.Layout(width="auto"))
                        for key, label in (("interview", "Toestemming voor het gesprek"),
                                           ("citaten", "Toestemming voor letterlijke uitspraken"))}
        self.statements: list[dict] = []
        self.statement_box = w.VBox()
        self.add_button = w.Button(description="Uitspraak toevoegen", icon="plus", layout=w.Layout(width="auto"))
        self.add_button.on_click(lambda _: self.add_statement())
        self.save_button = w.Button(description="Opslaan", button_style="primary", icon="save")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML()
        self.soort.observe(lambda _: self._refresh(), names="value")
        self.widget = w.VBox([
            w.HTML("<h3>Stakeholderinterview of focusgroep invoeren</h3><p>Alleen een pseudoniem en rollen, nooit "
                   "namen. Een letterlijke uitspraak komt alleen in het rapport met toestemming voor het gesprek én "
                   "voor die uitspraak.</p>"),
            w.HBox([self.chooser, self.open_button]), self.id, self.soort, self.gemeente, self.datum,
            self.interviewer, self.rol, self.people_box, *self.consent.values(),
            w.HTML("<b>Uitspraken</b>"), self.statement_box, self.add_button, self.save_button, self.message])
        self._refresh()

    def _choices(self) -> list[tuple[str, str]]:
        folder = Path(self.study.path) / FOLDER
        ids = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        return [("nieuw gesprek", NEW)] + [(i, i) for i in ids]

    def _refresh(self) -> None:
        focus = self.soort.value == "focusgroep"
        self.rol.layout.display = "none" if focus else None
        self.people_box.layout.display = None if focus else "none"
        for f in self.statements:
            f["rol"].layout.display = None if focus else "none"

    def add_statement(self, item: dict | None = None) -> dict:
        """Add a statement (filled from `item` when opening a conversation)."""
        w = self.w
        item = item or {}
        f = {"tekst": w.Textarea(description="Uitspraak", value=str(item.get("tekst") or ""), style=LABEL,
                                 layout=w.Layout(width="95%")),
             "citaat": w.Checkbox(description="Letterlijk citaat", value=item.get("citaat") is True, indent=False,
                                  layout=w.Layout(width="auto")),
             "toestemming_citaat": w.Checkbox(description="Toestemming voor dit citaat", indent=False,
                                              value=item.get("toestemming_citaat") is True,
                                              layout=w.Layout(width="auto")),
             "verbeterpunt": w.Checkbox(description="Verbeterpunt", value=item.get("verbeterpunt") is True,
                                        indent=False, layout=w.Layout(width="auto")),
             "codes": w.SelectMultiple(description="Codes (codeboek)", options=self.codes, rows=6, style=LABEL,
                                       layout=w.Layout(width="95%"),
                                       value=tuple(c for c in item.get("codes") or [] if c in dict(self.codes).values())),
             "rol": w.Dropdown(description="Rol van de spreker", style=LABEL,
                               options=[("(niet genoemd)", DEFAULT)] + self.roles,
                               value=item.get("rol") if item.get("rol") in dict(self.roles).values() else DEFAULT),
             "perspectief": w.Dropdown(description="Perspectief", style=LABEL, options=self.perspectives,
                                       value=item.get("perspectief") if item.get("perspectief") in
                                       dict(self.perspectives).values() else DEFAULT)}
        remove = w.Button(description="Deze uitspraak verwijderen", icon="trash", layout=w.Layout(width="auto"))
        f["_box"] = w.VBox([*f.values(), remove], layout=w.Layout(border="1px solid #bbbbbb", padding="4px",
                                                                  margin="4px 0"))
        remove.on_click(lambda _: self._remove(f))
        self.statements.append(f)
        self.statement_box.children = [s["_box"] for s in self.statements]
        self._refresh()
        return f

    def _remove(self, f: dict) -> None:
        self.statements.remove(f)
        self.statement_box.children = [s["_box"] for s in self.statements]

    def open(self, gesprek_id: str) -> bool:
        """Load `stakeholders/<id>.yaml` into the form; False (with a message) if unreadable."""
        self.statements.clear()
        self.statement_box.children = []
        if gesprek_id == NEW:
            self.opened = None
            self.id.value = ""
            for box in self.consent.values():
                box.value = False
            for box in self.deelnemers.values():
                box.value = 0
            self.message.value = "Nieuw gesprek: vul het formulier in en klik op Opslaan."
            return True
        path = gesprek_path(self.study, gesprek_id)
        problemen = Problemen(f"{FOLDER}/{path.name}")
        raw = load_yaml(path, problemen) if path.exists() else None
        if not isinstance(raw, dict):
            self.message.value = _problems_html("Gesprek niet geopend", problemen or [
                f"{FOLDER}/{path.name} — toegestaan: een gespreksbestand (YAML) in deze studie"])
            return False
        self.opened = (gesprek_id, comment_header(path))
        self.id.value = str(raw.get("id") or "")
        if raw.get("soort") in ("interview", "focusgroep"):
            self.soort.value = raw["soort"]
        if raw.get("gemeente") in dict(self.gemeente.options).values():
            self.gemeente.value = raw.get("gemeente")
        self.datum.value = as_date(raw.get("datum"))
        if raw.get("interviewer_rol") in dict(self.interviewer.options).values():
            self.interviewer.value = raw["interviewer_rol"]
        if raw.get("rol") in dict(self.roles).values():
            self.rol.value = raw["rol"]
        people = raw.get("deelnemers") if isinstance(raw.get("deelnemers"), dict) else {}
        for code, box in self.deelnemers.items():
            n = people.get(code)
            box.value = n if isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 500 else 0
        for key, box in self.consent.items():
            box.value = (raw.get("toestemming") or {}).get(key) is True
        for item in raw.get("uitspraken") or []:
            if isinstance(item, dict):
                self.add_statement(item)
        self.chooser.value = gesprek_id
        self.message.value = f"Geopend: {escape(str(path.resolve()))}. Wijzig wat nodig is en klik op Opslaan."
        self._refresh()
        return True

    def values(self) -> dict:
        """The form's content as conversation data (the structure of a YAML file)."""
        focus = self.soort.value == "focusgroep"
        statements = []
        for f in self.statements:
            item = {"tekst": f["tekst"].value, "codes": list(f["codes"].value)}
            if f["citaat"].value:
                item |= {"citaat": True, "toestemming_citaat": f["toestemming_citaat"].value}
            if focus and f["rol"].value != DEFAULT:
                item["rol"] = f["rol"].value
            if f["perspectief"].value != DEFAULT:
                item["perspectief"] = f["perspectief"].value
            if f["verbeterpunt"].value:
                item["verbeterpunt"] = True
            statements.append(item)
        data = {"id": self.id.value.strip(), "soort": self.soort.value, "gemeente": self.gemeente.value,
                "datum": self.datum.value, "interviewer_rol": self.interviewer.value,
                "toestemming": {k: c.value for k, c in self.consent.items()}, "uitspraken": statements}
        if focus:
            data["deelnemers"] = {code: box.value for code, box in self.deelnemers.items() if box.value}
        else:
            data["rol"] = self.rol.value
        return data

    def save(self) -> Path | None:
        """Validate and write the conversation; the message says where, or lists every problem."""
        if self.study.settings.demo:
            self.message.value = ("<b style='color:#D55E00'>Niet opgeslagen:</b> de demostudie hoort bij de kit en "
                                  "wordt niet gewijzigd. Maak een eigen studie met 'klantreis nieuw PAD' en kies die "
                                  "bij STUDIE bovenaan het notitieboek.")
            return None
        data = self.values()
        same_file = self.opened is not None and self.opened[0] == data["id"]
        try:
            path = save_gesprek(self.study, data, overwrite=same_file, header=self.opened[1] if same_file else HEADER)
        except KlantreisFout as exc:
            self.message.value = _problems_html(exc.kop, exc.problemen)
            return None
        self.opened = (data["id"], comment_header(path))
        self.chooser.options = self._choices()
        self.chooser.value = data["id"]
        self.message.value = f"<b style='color:#009E73'>Opgeslagen:</b> {escape(str(path.resolve()))}"
        return path


def _problems_html(kop: str, problemen) -> str:
    items = "".join(f"<li>{escape(str(p))}</li>" for p in problemen)
    return f"<b style='color:#D55E00'>{escape(kop)}</b><ol>{items}</ol>"
