"""Schaduwreis: the journey through the toegang as designed on paper.

A schaduwreis is a YAML file with phases and, per phase, steps in order. Each step names
who acts (the lane in the journey map), the channels, the laws, whether it is a
sleutelmoment, a short description, the source document it was drawn from and, optionally,
its `soort`: one of the kinds of step defined as data in instruments/topiclijst.yaml
(signaal, eerste_contact, gesprek, besluit, …). The kind is what journeys of different
municipalities share, so the meta-analysis can compare them; without `soort` the kind is
recognised from words in the step's name (`step_kind`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import Field

from ..errors import Problemen
from ..files import load_yaml
from ..instruments import Vocabulaire
from ..validation import ID_PATTERN, Model, validate


class Stap(Model):
    id: str = Field(pattern=ID_PATTERN, max_length=40)
    naam: str = Field(min_length=1, max_length=60)
    actor: str = Field(min_length=1, max_length=60)
    kanalen: list[str] = Field(default_factory=list)
    wetten: list[str] = Field(default_factory=list)
    sleutelmoment: bool
    beschrijving: str = Field(min_length=1, max_length=600)
    bron: str = Field(min_length=1, max_length=300)
    soort: str | None = Field(default=None, pattern=ID_PATTERN, max_length=40)


class Fase(Model):
    id: str = Field(pattern=ID_PATTERN, max_length=40)
    naam: str = Field(min_length=1, max_length=60)
    stappen: list[Stap] = Field(min_length=1)


class Schaduwreis(Model):
    naam: str = Field(min_length=1, max_length=200)
    gemeente: str | None = None
    bron: str = Field(min_length=1, max_length=300)
    toelichting: str = Field(min_length=1, max_length=2000)
    fasen: list[Fase] = Field(min_length=1)

    @property
    def steps(self) -> list[Stap]:
        return [stap for fase in self.fasen for stap in fase.stappen]

    @property
    def step_ids(self) -> list[str]:
        return [stap.id for stap in self.steps]

    def step(self, step_id: str) -> Stap:
        return next(s for s in self.steps if s.id == step_id)

    @property
    def actors(self) -> list[str]:
        """Actors in order of first appearance: the lanes of the journey map."""
        return list(dict.fromkeys(s.actor for s in self.steps))


def load_schaduwreis(path: Path, vocabulaire: Vocabulaire, problemen: Problemen,
                     shown: str | None = None, soorten: list[str] | None = None) -> Schaduwreis | None:
    """Read and check one schaduwreis file; every problem is added to `problemen`.
    `soorten`: the step kinds a `soort:` may name (instruments/topiclijst.yaml)."""
    sub = Problemen(shown or str(path))
    data = load_yaml(Path(path), sub)
    reis = validate(Schaduwreis, data, sub, locate=_step_locator(data)) if data is not None else None
    if reis is not None:
        _check_content(reis, vocabulaire, sub, soorten)
    problemen.extend(sub)
    return reis if not sub else None


def _step_locator(data):
    """Name a step by its id in problems ("stap 'eerste_contact'"), not as fasen[1].stappen[2]."""
    import re

    def locate(field: str) -> tuple[str | None, str]:
        m = re.match(r"^fasen\[(\d+)\]\.stappen\[(\d+)\]\.?(.*)$", field)
        try:
            step = data["fasen"][int(m.group(1)) - 1]["stappen"][int(m.group(2)) - 1]
        except (AttributeError, KeyError, IndexError, TypeError):
            return None, field
        if isinstance(step, dict) and isinstance(step.get("id"), str):
            return f"stap '{step['id']}'", m.group(3) or "stap"
        return None, field

    return locate


def read_schaduwreis(path: Path, vocabulaire: Vocabulaire) -> Schaduwreis:
    """Like `load_schaduwreis` but raises `KlantreisFout` with all problems."""
    problemen = Problemen(str(path))
    reis = load_schaduwreis(path, vocabulaire, problemen)
    problemen.raise_if_any("De schaduwreis bevat fouten")
    assert reis is not None
    return reis


def _check_content(reis: Schaduwreis, vocabulaire: Vocabulaire, problemen: Problemen,
                   soorten: list[str] | None = None) -> None:
    seen: dict[str, str] = {}
    for fase in reis.fasen:
        if fase.id in seen:
            problemen.add("unieke id's voor fasen en stappen", plaats=f"fase '{fase.naam}'",
                          veld="id", waarde=fase.id)
        seen[fase.id] = fase.naam
        for stap in fase.stappen:
            where = f"stap '{stap.id}'"
            if stap.id in seen:
                problemen.add("unieke id's voor fasen en stappen (over de hele reis)", plaats=where,
                              veld="id", waarde=stap.id)
            seen[stap.id] = stap.naam
            for kanaal in stap.kanalen:
                if kanaal not in vocabulaire.kanalen:
                    problemen.add(f"een van: {', '.join(vocabulaire.kanalen)}", plaats=where,
                                  veld="kanalen", waarde=kanaal)
            for wet in stap.wetten:
                if wet not in vocabulaire.wetten:
                    problemen.add(f"een van: {', '.join(vocabulaire.wetten)}", plaats=where,
                                  veld="wetten", waarde=wet)
            if soorten is not None and stap.soort is not None and stap.soort not in soorten:
                problemen.add(f"een soort stap uit instruments/topiclijst.yaml: {', '.join(soorten)} "
                              "(of laat 'soort' weg: dan herkent de kit de soort aan de naam)",
                              plaats=where, veld="soort", waarde=stap.soort)
    if not any(s.sleutelmoment for s in reis.steps):
        problemen.add("minstens één stap met 'sleutelmoment: true'", veld="sleutelmoment",
                      waarde="geen enkel sleutelmoment")


BEHIND_THE_SCENES = "achter_de_schermen"


def step_kind(stap, guide):
    """The kind of a step (a `StapSoort` of instruments/topiclijst.yaml): the one its `soort`
    names; else behind the scenes when it only runs through 'overleg' between professionals;
    otherwise the first kind with a recognition word in the step's name or description;
    otherwise the last kind (the catch-all)."""
    kinds = {k.id: k for k in guide.soorten}
    named = getattr(stap, "soort", None)
    if named in kinds:
        return kinds[named]
    only_meeting = bool(stap.kanalen) and set(stap.kanalen) == {"overleg"}
    if only_meeting and BEHIND_THE_SCENES in kinds:
        return kinds[BEHIND_THE_SCENES]
    text = f"{stap.naam} {stap.beschrijving}".lower()
    name = stap.naam.lower()
    # The name decides first; the description only when the name says nothing.
    for words in (name, text):
        for kind in guide.soorten:
            if any(word.lower() in words for word in kind.herkenning):
                return kind
    return guide.soorten[-1]


def kinds_table(reizen: dict[str, Schaduwreis], guide) -> pd.DataFrame:
    """What the journeys of the municipalities share: one row per (soort, gemeente) with the
    steps of that kind in the gemeente's journey (in order) and whether one of them is a
    sleutelmoment. Kinds in the order of instruments/topiclijst.yaml; a kind no journey has is
    left out. Columns: soort, soort_naam, gemeente, stappen (list of step names), aantal,
    sleutelmoment."""
    rows = []
    for order, kind in enumerate(guide.soorten):
        for gemeente, reis in reizen.items():
            steps = [s for s in reis.steps if step_kind(s, guide).id == kind.id]
            rows.append({"volgorde": order, "soort": kind.id, "soort_naam": kind.naam, "gemeente": gemeente,
                         "stappen": [s.naam for s in steps], "aantal": len(steps),
                         "sleutelmoment": any(s.sleutelmoment for s in steps)})
    table = pd.DataFrame(rows, columns=["volgorde", "soort", "soort_naam", "gemeente", "stappen", "aantal",
                                        "sleutelmoment"])
    used = table.groupby("soort")["aantal"].transform("sum") > 0
    return table[used].drop(columns="volgorde").reset_index(drop=True)


def steps_table(reis: Schaduwreis, guide=None) -> pd.DataFrame:
    """One row per designed step, in order: the frame every interview table is joined to.
    With `guide` (instruments.topiclijst) also the column `soort` (the step's kind)."""
    rows = []
    for fase_nr, fase in enumerate(reis.fasen, 1):
        for stap in fase.stappen:
            rows.append({
                "volgorde": len(rows) + 1, "fase_nr": fase_nr, "fase": fase.naam, "stap": stap.id,
                "stap_naam": stap.naam, "actor": stap.actor, "sleutelmoment": stap.sleutelmoment,
                "kanalen": ", ".join(stap.kanalen), "wetten": ", ".join(stap.wetten),
                "beschrijving": stap.beschrijving, "bron": stap.bron,
                **({"soort": step_kind(stap, guide).id} if guide is not None else {}),
            })
    return pd.DataFrame(rows)
