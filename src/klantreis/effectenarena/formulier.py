"""The facilitator's form for an effectenarena session, in a notebook (ipywidgets).

Every entry is written to the session file the moment it is made (`werksessie.save_session`,
atomic: a temporary file renamed into place), so a crashed kernel loses at most the field being
typed. The same file can be opened again to go on (`ArenaForm(study, "naam")` with an existing
name). After each save the form checks the session against the study and lists what is still
missing or wrong, without refusing the entry: a session in progress is allowed to be
incomplete.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from ..errors import KlantreisFout, Problemen
from ..files import load_yaml
from ..werksessie import save_session
from .model import FOLDER, PERSPECTIEVEN, SCALE, SOORTEN, check_session

CARD_CHOICES = [("Aanpak (activiteit)", ("aanpak", None, "A")), ("Investeerder", ("investeerders", None, "I")),
                ("Effect voor het huishouden", ("effecten", "huishouden", "E")),
                ("Effect voor de samenleving", ("effecten", "samenleving", "E")),
                ("Incasseerder", ("incasseerders", None, "C"))]
LABEL = {"description_width": "11em"}


def new_session() -> dict:
    return {"titel": "", "datum": dt.date.today().isoformat(), "scoring": {"methode": "stippen", "stippen_per_deelnemer": 5},
            "deelnemers": [], "huishoudens": [], "factoren": [], "scores": []}


class ArenaForm:
    """`ArenaForm(study, "2026-04-14_lindewaarde")`: show `form.widget` in a notebook. An
    existing session file of that name is opened to go on; otherwise a new one starts."""

    def __init__(self, study, naam: str):
        import ipywidgets as w

        self.study = study
        self.path = Path(study.path) / FOLDER / f"{naam}.yaml"
        self.saved_at: str | None = None
        problemen = Problemen(f"{FOLDER}/{self.path.name}")
        loaded = load_yaml(self.path, problemen) if self.path.exists() else None
        self.data = loaded if isinstance(loaded, dict) else new_session()
        for key, value in new_session().items():
            self.data.setdefault(key, value)
        d, wide = self.data, w.Layout(width="46em")
        vocab = study.instruments.vocabulaire
        self.households = study.effectenarena_huishoudens

        # -- the session --
        self.titel = w.Text(description="Titel van de sessie", value=d.get("titel") or "", style=LABEL, layout=wide,
                            continuous_update=False)
        self.datum = w.DatePicker(description="Datum", value=_date(d.get("datum")), style=LABEL)
        self.gemeente = w.Dropdown(description="Gemeente", style=LABEL,
                                   options=[("(meer gemeenten samen)", None)] + [(g, g) for g in study.settings.gemeenten],
                                   value=d.get("gemeente") if d.get("gemeente") in study.settings.gemeenten else None)
        scoring = d.get("scoring") or {}
        self.methode = w.ToggleButtons(description="Scoremethode", style=LABEL,
                                       options=[("Stippen verdelen", "stippen"),
                                                ("Impact × haalbaarheid", "impact_haalbaarheid")],
                                       value=scoring.get("methode", "stippen"))
        self.stippen_per = w.BoundedIntText(description="Stippen per deelnemer", min=1, max=50, style=LABEL,
                                            value=scoring.get("stippen_per_deelnemer") or 5)
        for widget in (self.titel, self.datum, self.gemeente, self.methode, self.stippen_per):
            widget.observe(lambda _: self._session_changed(), names="value")

        # -- participants --
        self.deelnemer_id = w.Text(description="Code deelnemer", placeholder="bv. D01 (geen naam)", style=LABEL)
        self.deelnemer_rol = w.Dropdown(description="Rol", style=LABEL, layout=wide,
                                        options=[(label, code) for code, label in vocab.sessie_rollen.items()])
        self.add_deelnemer = w.Button(description="Deelnemer toevoegen", icon="user-plus")
        self.add_deelnemer.on_click(lambda _: self.add_participant(self.deelnemer_id.value, self.deelnemer_rol.value))

        # -- the arena --
        self.huishouden = w.Dropdown(description="Huishouden", style=LABEL, layout=wide,
                                     options=[(f"{c} {h.naam}", c) for c, h in self.households.items()])
        self.kaart_soort = w.Dropdown(description="Soort kaart", style=LABEL, options=CARD_CHOICES)
        self.kaart_tekst = w.Text(description="Tekst op de kaart", style=LABEL, layout=wide)
        self.add_kaart = w.Button(description="Kaart toevoegen", icon="plus")
        self.add_kaart.on_click(lambda _: self.add_card(self.huishouden.value, self.kaart_soort.value,
                                                        self.kaart_tekst.value))
        self.van = w.Dropdown(description="Pijl van", style=LABEL, layout=wide)
        self.naar = w.Dropdown(description="naar", style=LABEL, layout=wide)
        self.add_pijl = w.Button(description="Verbinding toevoegen", icon="arrow-right")
        self.add_pijl.on_click(lambda _: self.add_link(self.huishouden.value, self.van.value, self.naar.value))
        self.huishouden.observe(lambda _: self._refresh(), names="value")

        # -- factors --
        kenmerken = [(f"{k.code} {k.naam}", k.code) for k in study.instruments.kenmerken.kenmerken]
        self.factor_tekst = w.Textarea(description="Factor", style=LABEL, layout=wide)
        self.factor_soort = w.ToggleButtons(description="Soort", style=LABEL,
                                            options=[(label, code) for code, label in SOORTEN.items()])
        self.factor_perspectief = w.Dropdown(description="Perspectief", style=LABEL,
                                             options=[(label, code) for code, label in PERSPECTIEVEN.items()])
        self.factor_kenmerk = w.Dropdown(description="Kenmerk", style=LABEL, layout=wide, options=kenmerken)
        self.factor_huishouden = w.Dropdown(description="Bij huishouden", style=LABEL,
                                            options=[("(algemeen)", None)] + [(c, c) for c in self.households])
        self.add_factor_button = w.Button(description="Factor toevoegen", icon="plus")
        self.add_factor_button.on_click(lambda _: self.add_factor(
            self.factor_tekst.value, self.factor_soort.value, self.factor_perspectief.value,
            self.factor_kenmerk.value, self.factor_huishouden.value))

        # -- scores --
        self.score_deelnemer = w.Dropdown(description="Deelnemer", style=LABEL)
        self.score_factor = w.Dropdown(description="Factor", style=LABEL, layout=wide)
        self.stippen = w.BoundedIntText(description="Stippen", min=0, max=50, style=LABEL)
        points = [str(p) for p in range(SCALE[0], SCALE[1] + 1)]
        self.impact = w.ToggleButtons(description="Impact", options=points, value=points[2], style=LABEL)
        self.haalbaarheid = w.ToggleButtons(description="Haalbaarheid", options=points, value=points[2], style=LABEL)
        self.add_score = w.Button(description="Score opslaan", icon="save")
        self.add_score.on_click(lambda _: self.set_score(
            self.score_deelnemer.value, self.score_factor.value, stippen=self.stippen.value,
            impact=int(self.impact.value), haalbaarheid=int(self.haalbaarheid.value)))

        self.overview = w.HTML()
        self.message = w.HTML()
        self.widget = w.VBox([
            w.HTML("<h3>Effectenarena: invoer door de facilitator</h3><p>Elke invoer wordt meteen opgeslagen in "
                   f"<code>{escape(str(self.path))}</code>. Open dezelfde naam opnieuw om verder te gaan. Gebruik "
                   "codes voor deelnemers, nooit namen.</p>"),
            w.HTML("<b>1. De sessie</b>"), self.titel, self.datum, self.gemeente, self.methode, self.stippen_per,
            w.HTML("<b>2. Deelnemers</b>"), self.deelnemer_id, self.deelnemer_rol, self.add_deelnemer,
            w.HTML("<b>3. De arena per huishouden</b>"), self.huishouden, self.kaart_soort, self.kaart_tekst,
            self.add_kaart, self.van, self.naar, self.add_pijl,
            w.HTML("<b>4. Factoren die helpen of belemmeren</b>"), self.factor_tekst, self.factor_soort,
            self.factor_perspectief, self.factor_kenmerk, self.factor_huishouden, self.add_factor_button,
            w.HTML("<b>5. Scores</b>"), self.score_deelnemer, self.score_factor, self.stippen, self.impact,
            self.haalbaarheid, self.add_score,
            self.message, self.overview])
        self._refresh()

    # --- entries: each one saves at once --------------------------------------------------------
    def _session_changed(self) -> None:
        d = self.data
        d["titel"] = self.titel.value.strip()
        d["datum"] = self.datum.value.isoformat() if self.datum.value else None
        if self.gemeente.value is None:
            d.pop("gemeente", None)
        else:
            d["gemeente"] = self.gemeente.value
        d["scoring"] = {"methode": self.methode.value}
        if self.methode.value == "stippen":
            d["scoring"]["stippen_per_deelnemer"] = self.stippen_per.value
        self.save()

    def add_participant(self, code: str, rol: str) -> None:
        code = code.strip().upper()
        if not code:
            return self._say("Vul eerst een code in, bijvoorbeeld D01.")
        self.data["deelnemers"].append({"id": code, "rol": rol})
        self.deelnemer_id.value = ""
        self.save()

    def add_card(self, huishouden: str, choice: tuple, tekst: str) -> None:
        kind, voor, prefix = choice
        if not tekst.strip():
            return self._say("Vul eerst de tekst op de kaart in.")
        arena = self._arena(huishouden)
        used = {c["id"] for k in ("aanpak", "investeerders", "effecten", "incasseerders") for c in arena[k]}
        nr = 1
        while f"{prefix}{nr}" in used:
            nr += 1
        card = {"id": f"{prefix}{nr}", "tekst": tekst.strip()}
        if voor:
            card["voor"] = voor
        arena[kind].append(card)
        self.kaart_tekst.value = ""
        self.save()

    def add_link(self, huishouden: str, van: str | None, naar: str | None) -> None:
        if not van or not naar or van == naar:
            return self._say("Kies twee verschillende kaarten voor een verbinding.")
        self._arena(huishouden)["verbindingen"].append({"van": van, "naar": naar})
        self.save()

    def add_factor(self, tekst: str, soort: str, perspectief: str, kenmerk: str, huishouden: str | None) -> None:
        if not tekst.strip():
            return self._say("Vul eerst de factor in.")
        used = {f.get("id") for f in self.data["factoren"] if isinstance(f, dict)}
        nr = 1
        while f"F{nr:02d}" in used:
            nr += 1
        factor = {"id": f"F{nr:02d}", "tekst": tekst.strip(), "soort": soort, "perspectief": perspectief,
                  "kenmerk": kenmerk}
        if huishouden:
            factor["huishouden"] = huishouden
        self.data["factoren"].append(factor)
        self.factor_tekst.value = ""
        self.save()

    def set_score(self, deelnemer: str | None, factor: str | None, stippen: int = 0, impact: int | None = None,
                  haalbaarheid: int | None = None) -> None:
        if not deelnemer or not factor:
            return self._say("Kies een deelnemer en een factor.")
        entry = next((s for s in self.data["scores"] if isinstance(s, dict) and s.get("deelnemer") == deelnemer), None)
        if entry is None:
            entry = {"deelnemer": deelnemer}
            self.data["scores"].append(entry)
        if self.data["scoring"].get("methode") == "stippen":
            entry.setdefault("stippen", {})[factor] = stippen
        else:
            entry.setdefault("impact", {})[factor] = impact
            entry.setdefault("haalbaarheid", {})[factor] = haalbaarheid
        self.save()

    # --- saving and checking ---------------------------------------------------------------------
    def save(self) -> Path | None:
        """Write the session file now (atomically) and show what is still missing or wrong."""
        try:
            self.study.refuse_demo("In de demostudie worden geen sessies opgeslagen")
            save_session(self.path, self.data)
        except KlantreisFout as exc:
            self._say(f"<b style='color:#D55E00'>{escape(exc.kop)}</b>: "
                      + escape("; ".join(p.toegestaan for p in exc.problemen)), html=True)
            self._refresh()
            return None
        except OSError as exc:  # a full disk or a lost network drive: the last saved file stays whole
            self._say(f"<b style='color:#D55E00'>Niet opgeslagen</b> ({escape(exc.strerror or str(exc))}). "
                      "Het vorige opgeslagen bestand is heel gebleven; probeer het zo opnieuw.", html=True)
            return None
        self.saved_at = dt.datetime.now().strftime("%H:%M:%S")
        self.message.value = ""
        self._refresh()
        return self.path

    def problems(self) -> list:
        """What the session still lacks or gets wrong, checked against the study."""
        problemen = Problemen(f"{FOLDER}/{self.path.name}")
        study = self.study
        check_session(self.data, problemen.bestand, problemen, rollen=study.instruments.vocabulaire.sessie_rollen,
                      huishoudens=self.households, gemeenten=list(study.settings.gemeenten),
                      kenmerken={k.code for k in study.instruments.kenmerken.kenmerken})
        return list(problemen)

    def _arena(self, huishouden: str) -> dict:
        for arena in self.data["huishoudens"]:
            if isinstance(arena, dict) and arena.get("huishouden") == huishouden:
                return arena
        arena = {"huishouden": huishouden, "aanpak": [], "investeerders": [], "effecten": [], "incasseerders": [],
                 "verbindingen": []}
        self.data["huishoudens"].append(arena)
        return arena

    def _say(self, text: str, html: bool = False) -> None:
        self.message.value = text if html else escape(text)

    def _refresh(self) -> None:
        """Fields that only apply show only then; choice lists follow the session; the overview."""
        d = self.data
        dots = (d.get("scoring") or {}).get("methode", "stippen") == "stippen"
        self.stippen_per.layout.display = None if dots else "none"
        self.stippen.layout.display = None if dots else "none"
        self.impact.layout.display = "none" if dots else None
        self.haalbaarheid.layout.display = "none" if dots else None
        voting = [p.get("id") for p in d["deelnemers"] if isinstance(p, dict) and p.get("rol") != "facilitator"]
        self.score_deelnemer.options = voting
        factors = [(f"{f.get('id')} {str(f.get('tekst', ''))[:60]}", f.get("id")) for f in d["factoren"]
                   if isinstance(f, dict)]
        self.score_factor.options = factors
        arena = next((a for a in d["huishoudens"] if isinstance(a, dict) and a.get("huishouden") == self.huishouden.value),
                     None)
        cards = [(f"{c['id']} {c['tekst'][:50]}", c["id"]) for k in ("investeerders", "aanpak", "effecten", "incasseerders")
                 for c in (arena or {}).get(k, [])]
        self.van.options, self.naar.options = cards, cards
        problems = self.problems()
        rows = [f"{len(d['deelnemers'])} deelnemers, {len(d['huishoudens'])} huishoudens, "
                f"{len(d['factoren'])} factoren, scores van {len(d['scores'])} deelnemers."]
        if self.saved_at:
            rows.append(f"Laatst opgeslagen om {self.saved_at}.")
        items = "".join(f"<li>{escape((p.plaats + ': ') if p.plaats else '')}{escape(p.detail())}</li>"
                        for p in problems)
        self.overview.value = ("<p>" + " ".join(rows) + "</p>"
                               + (f"<p><b>Nog te doen of te verbeteren:</b></p><ol>{items}</ol>" if problems else
                                  "<p style='color:#009E73'><b>De sessie is compleet en klopt.</b></p>"))


def _date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date.today()
