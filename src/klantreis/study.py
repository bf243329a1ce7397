"""The study folder: settings, the researchers' own text, the output, and each method's files.

A study is a folder the researcher owns. The kit reads it (never rewrites it) and writes only
into its `uitvoer/` folder.

    studie.yaml            settings (title, client, municipalities, period, privacy) and one
                           block per method that has settings (e.g. curve, verkenning)
    teksten/               the researchers' own texts, one Markdown file per slot (`teksten.py`)
    instrumenten/          optional: the study's own codebook, values card, ...
    uitvoer/               everything the kit generates
    ...                    the files of each method (schaduwreis.yaml, interviews/, ...)

This module knows no method: it loads the shared parts and asks every registered method
(`methods.methods()`) to check and load its own files.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, create_model, field_validator, model_validator

from .errors import KlantreisFout, Probleem, Problemen
from .files import OUTPUT_DIR, SETTINGS_FILE, dump_yaml, load_yaml, output_file, write_text
from .instruments import Instruments, load_instruments
from .methods import LoadContext, methods
from .redactie import Redactor, check_removal_term
from .resources import DEMO_STUDY_DIR
from .teksten import PLACEHOLDER, TEXTS_DIR, is_placeholder, load_texts, write_slots  # noqa: F401 (re-exported)
from .validation import Model, validate



class Periode(Model):
    begin: dt.date
    eind: dt.date

    @model_validator(mode="after")
    def _order(self):
        if self.eind < self.begin:
            raise ValueError("een einddatum op of na de begindatum")
        return self


class Privacy(Model):
    minimale_groepsgrootte: int = Field(default=5, ge=2, le=100, strict=True)  # '5' as text is refused
    te_verwijderen: list[Annotated[str, AfterValidator(check_removal_term)]] = Field(default_factory=list)
    # Place and organisation names that stay readable in redacted text (kernen, wijken, teams);
    # the gemeenten of the study always do.
    behouden: list[str] = Field(default_factory=list)


class Contact(Model):
    """Who residents and respondents can reach about the study (printed on the consent form of
    the topiclijst), and how long their data is kept."""

    naam: str = Field(default=PLACEHOLDER, min_length=1, max_length=200)
    organisatie: str = Field(default=PLACEHOLDER, min_length=1, max_length=200)
    telefoon: str = Field(default=PLACEHOLDER, min_length=1, max_length=60)
    email: str = Field(default=PLACEHOLDER, min_length=1, max_length=200)
    bewaartermijn: str = Field(default=PLACEHOLDER, min_length=1, max_length=200,
                               description="bv. 'tot 1 januari 2028' of 'tot een jaar na het rapport'")

    def regel(self) -> str:
        """"Naam (organisatie), telefoon 0…, e-mail …" for a printed form."""
        return f"{self.naam} ({self.organisatie}), telefoon {self.telefoon}, e-mail {self.email}"


class Onderzoeksvraag(Model):
    """A research question. `aspecten` are the aspects (vroegtijdig, samenhangend, passend) whose
    evidence the report puts next to the researchers' answer; `kansen` asks for improvement
    points (the evidence is the methods' verbeterpunten)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,19}$")
    vraag: str = Field(min_length=1, max_length=600)
    aspecten: list[Literal["vroegtijdig", "samenhangend", "passend"]] = Field(default_factory=list)
    kansen: bool = False


class Bron(Model):
    """A document studied in the deskresearch; `gemeente` when it belongs to one municipality."""

    titel: str = Field(min_length=1, max_length=300)
    organisatie: str = Field(min_length=1, max_length=200)
    jaar: int = Field(ge=1900, le=2100, strict=True)
    gemeente: str | None = None


class Betrokkenen(Model):
    """How many people of one role took part (counts only, never names)."""

    rol: str = Field(min_length=1, max_length=120)
    aantal: int = Field(ge=0, le=100000, strict=True)
    gemeente: str | None = None


def _default_questions() -> list[Onderzoeksvraag]:
    return [
        Onderzoeksvraag(id="V1", aspecten=["vroegtijdig", "samenhangend", "passend"], vraag=(
            "In hoeverre helpt de huidige inrichting van de toegang inwoners om vroegtijdig, in "
            "samenhang en passend ondersteund te worden (één huishouden, één plan, één regisseur)?")),
        Onderzoeksvraag(id="V2", kansen=True, vraag=(
            "Welke kansen en verbeterpunten zijn er voor de toegang in elke gemeente?")),
    ]


class Onderzoek(Model):
    """The research frame: why the study was done, its questions, the sources studied and who
    took part (per role, counts only). Free texts stay "(vul in)" until the researchers fill them."""

    aanleiding: str = Field(default=PLACEHOLDER, min_length=1, max_length=5000)
    onderzoeksvragen: list[Onderzoeksvraag] = Field(default_factory=_default_questions, min_length=1)
    werving: str = Field(default=PLACEHOLDER, min_length=1, max_length=3000,
                         description="hoe de inwoners en andere deelnemers zijn geworven")
    bronnen: list[Bron] = Field(default_factory=list)
    betrokkenen: list[Betrokkenen] = Field(default_factory=list)
    # The researchers' answers to items of the COREQ checklist the kit cannot know (item number →
    # text), and how many researchers coded the data.
    coreq: dict[int, str] = Field(default_factory=dict)
    codeurs: int | None = Field(default=None, ge=1, le=100, strict=True)

    @field_validator("onderzoeksvragen")
    @classmethod
    def _unique_ids(cls, questions: list[Onderzoeksvraag]) -> list[Onderzoeksvraag]:
        ids = [v.id for v in questions]
        if len(set(ids)) != len(ids):
            raise ValueError("elke onderzoeksvraag een eigen id")
        return questions

    @field_validator("coreq", mode="before")
    @classmethod
    def _coreq_items(cls, answers):
        """Checked here, before pydantic, so a problem names the item number (not its position)."""
        from .instruments import COREQ_ITEMS

        if not isinstance(answers, dict):
            return answers  # pydantic names the type
        wrong = [str(k) for k in answers
                 if isinstance(k, bool) or not re.fullmatch(r"[0-9]{1,2}", str(k)) or not 1 <= int(k) <= COREQ_ITEMS]
        if wrong:
            raise ValueError(f"itemnummers van de COREQ-checklist, 1 tot en met {COREQ_ITEMS} "
                             f"(gevonden: {', '.join(wrong)})")
        empty = [str(k) for k, v in answers.items() if not isinstance(v, str) or not v.strip() or len(v) > 2000]
        if empty:
            raise ValueError(f"bij elk item een tekst van 1 tot 2000 tekens (niet bij item {', '.join(empty)})")
        return answers


class Settings(Model):
    """The shared part of studie.yaml; `settings_model()` adds every method's block."""

    titel: str = Field(min_length=1, max_length=200)
    opdrachtgever: str = Field(min_length=1, max_length=200)
    gemeenten: list[str] = Field(min_length=1)
    periode: Periode
    onderzoekers: list[str] = Field(min_length=1)
    privacy: Privacy = Field(default_factory=Privacy)
    contact: Contact = Field(default_factory=Contact)
    onderzoek: Onderzoek = Field(default_factory=Onderzoek)
    demo: bool = False


def settings_model() -> type[Settings]:
    """The model of studie.yaml: the shared settings plus each registered method's block."""
    return _settings_model(tuple(methods()))


@functools.cache
def _settings_model(registered: tuple) -> type[Settings]:
    blocks = {key: (model, Field(default_factory=model)) for m in registered for key, model in m.settings.items()}
    return create_model("Settings", __base__=Settings, **blocks)


@dataclass
class Study:
    """A loaded, validated study: the shared parts, plus what every method loaded (`parts`),
    reachable as attributes (`study.schaduwreis`, `study.interviews`, …)."""

    path: Path
    settings: Settings
    instruments: Instruments
    parts: dict[str, Any] = field(default_factory=dict)
    teksten: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str):
        parts = self.__dict__.get("parts")
        if parts is not None and name in parts:
            return parts[name]
        raise AttributeError(f"{type(self).__name__!s} heeft geen onderdeel {name!r}")

    @property
    def output_dir(self) -> Path:
        return self.path / OUTPUT_DIR

    def output_file(self, file_name: str, output: Path | str | None = None) -> Path:
        """Where a generated file goes: `output` when given (a file with the same extension, or a
        folder to put `file_name` in), otherwise the study's uitvoer/ folder."""
        return output_file(self.path, file_name, output)

    @functools.cached_property
    def redactor(self) -> Redactor:
        """The one redaction of free text for every output of this study (`redactie.Redactor`)."""
        return Redactor.for_study(self)

    @property
    def min_group(self) -> int:
        return self.settings.privacy.minimale_groepsgrootte

    def refuse_demo(self, kop: str) -> None:
        """The built-in demo study ships with the kit and is never written to."""
        if self.settings.demo:
            raise KlantreisFout(Probleem(
                bestand=str(self.path), toon_waarde=False,
                toegestaan="een eigen studiemap; de ingebouwde demostudie hoort bij de kit en is alleen-lezen. "
                           "Maak een studie met 'klantreis nieuw PAD --gemeente NAAM' en gebruik die"), kop)


def load_study(path: Path | str | None = None) -> Study:
    """Load and validate a study folder (the demo study when `path` is None).

    Every problem in every file is collected; one `KlantreisFout` lists them all.
    """
    root = Path(path) if path is not None else DEMO_STUDY_DIR
    problemen = Problemen(str(root))
    if not root.is_dir():
        raise KlantreisFout(Probleem(bestand=str(root), toegestaan=(
            "een bestaande studiemap (maak er een met 'klantreis nieuw PAD')"), toon_waarde=False),
            "Studie niet gevonden")

    settings, data = None, None
    sub = Problemen(SETTINGS_FILE)
    settings_path = root / SETTINGS_FILE
    if not settings_path.exists():
        sub.add("een bestand studie.yaml in de studiemap", toon_waarde=False)
    else:
        data = load_yaml(settings_path, sub, root)
        settings = validate(settings_model(), data, sub) if data is not None else None
        if settings is not None and len(set(settings.gemeenten)) != len(settings.gemeenten):
            sub.add("elke gemeente één keer", veld="gemeenten", waarde=", ".join(settings.gemeenten))
        if settings is not None:
            for where, items in (("bronnen", settings.onderzoek.bronnen),
                                 ("betrokkenen", settings.onderzoek.betrokkenen)):
                for i, item in enumerate(items, 1):
                    if item.gemeente is not None and item.gemeente not in settings.gemeenten:
                        sub.add(f"een gemeente uit 'gemeenten' ({', '.join(settings.gemeenten)}) of geen",
                                veld=f"onderzoek.{where}[{i}].gemeente", waarde=item.gemeente)
    problemen.extend(sub)

    instruments = load_instruments(problemen, root)

    raw = data if isinstance(data, dict) else {}
    context = LoadContext(root=root, problemen=problemen, settings=settings, raw_settings=raw,
                          instruments=instruments, **_valid_shared_settings(settings, raw))
    for m in methods():
        if m.load is not None:
            context.parts.update(m.load(context))

    teksten = load_texts(root, settings, problemen)
    problemen.raise_if_any(f"De studie in {root} bevat fouten")
    return Study(path=root, settings=settings, instruments=instruments, parts=context.parts, teksten=teksten)


def load_for_notebook(path: Path | str | None = None) -> Study:
    """`load_study` for the first cell of a notebook: also prints whose data the notebook shows,
    so stored outputs of the fictional demo are never mistaken for one's own study."""
    study = load_study(path)
    if study.settings.demo:
        print(f"Dit notitieboek toont de verzonnen demostudie ‘{study.settings.titel}’: gemeenten, inwoners en "
              "uitspraken zijn fictief. Vul bij STUDIE het pad van uw eigen studie in en voer het notitieboek "
              "opnieuw uit om uw eigen gegevens te zien.")
    else:
        print(f"Dit notitieboek toont de studie ‘{study.settings.titel}’ in {study.path.resolve()}.")
    return study


def _valid_shared_settings(settings: Settings | None, raw: dict) -> dict:
    """Municipalities and period as far as they are valid, so a broken studie.yaml does not hide
    the problems of the files checked against them."""
    if settings is not None:
        return {"gemeenten": list(settings.gemeenten), "periode": (settings.periode.begin, settings.periode.eind)}
    gemeenten = raw.get("gemeenten")
    periode = validate(Periode, raw.get("periode"), Problemen(""))
    return {"gemeenten": gemeenten if isinstance(gemeenten, list) and all(isinstance(g, str) for g in gemeenten)
            else None, "periode": (periode.begin, periode.eind) if periode is not None else None}


def still_to_fill(settings: Settings) -> list[str]:
    """The fields of studie.yaml that still read "(vul in)", as a user finds them ("opdrachtgever",
    "contact.telefoon"); a list is named once."""
    found: list[str] = []

    def walk(value, where: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for inner in value:
                walk(inner, where)
        elif isinstance(value, str) and is_placeholder(value) and where not in found:
            found.append(where)

    walk(settings.model_dump(), "")
    return found


# --- creating a new study --------------------------------------------------------------------

def create_study(path: Path | str, titel: str = "Evaluatie van de toegang", gemeenten: list[str] | None = None,
                 sjabloon: str = "generiek", opdrachtgever: str = PLACEHOLDER,
                 onderzoekers: list[str] | None = None, begin: dt.date | None = None,
                 eind: dt.date | None = None, per_gemeente: bool = False) -> Path:
    """Create a new, valid and empty study folder; every method adds its settings block and
    its starting files (the schaduwreis from template `sjabloon`, an empty interviews/ …).

    With `per_gemeente` every municipality gets its own copy of the template in schaduwreizen/
    (to be adapted to how that municipality designed its toegang) instead of one shared
    schaduwreis.yaml. Without `begin` the period starts on the first of the month a year ago, so interviews
    already held fit in; without `eind` it ends a year from today. Fields not given stay
    "(vul in)": `controleer` lists them and the report leaves them out."""
    root = Path(path)
    options = {"sjabloon": sjabloon, "per_gemeente": per_gemeente, "gemeenten": gemeenten}
    problemen = Problemen(str(root))
    if root.exists() and any(root.iterdir()):
        problemen.add("een nieuwe of lege map; de kit overschrijft geen bestaande studie",
                      toon_waarde=False)
    for m in methods():
        if m.scaffold is not None:
            m.scaffold(None, options, problemen)  # check the options only
    today = dt.date.today()
    begin = begin or (today - dt.timedelta(days=365)).replace(day=1)
    eind = eind or today + dt.timedelta(days=365)
    if eind < begin:
        problemen.add("een einddatum op of na de begindatum", veld="periode",
                      waarde=f"{begin.isoformat()} t/m {eind.isoformat()}")
    problemen.raise_if_any("Studie niet aangemaakt")
    settings = {
        "titel": titel,
        "opdrachtgever": opdrachtgever,
        "gemeenten": gemeenten or [PLACEHOLDER],
        "periode": {"begin": begin.isoformat(), "eind": eind.isoformat()},
        "onderzoekers": onderzoekers or [PLACEHOLDER],
        "privacy": {"minimale_groepsgrootte": 5, "te_verwijderen": [], "behouden": []},
        "contact": Contact().model_dump(),
        "onderzoek": Onderzoek().model_dump(),
    }
    for m in methods():
        for key, model in m.settings.items():
            # A block may offer a richer start than its defaults (e.g. labels on the curve).
            start = getattr(model, "for_new_study", None)
            settings[key] = start() if start else model().model_dump()
    header = ("# Instellingen van de studie. minimale_groepsgrootte: groepen kleiner dan dit aantal\n"
              "# krijgen geen cijfers in de uitvoer. te_verwijderen: namen of woorden die nooit in een\n"
              "# rapport mogen staan (ze worden vervangen door [naam]). behouden: kernen, wijken en\n"
              "# organisaties die leesbaar blijven in citaten (de gemeenten blijven dat altijd).\n")
    staging = root.with_name(f".{root.name}.nieuw")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
        write_text(staging / SETTINGS_FILE, header + dump_yaml(settings))
        for sub in (TEXTS_DIR, OUTPUT_DIR):
            (staging / sub).mkdir()
        for m in methods():
            if m.scaffold is not None:
                m.scaffold(staging, options, problemen)
        write_slots(staging, settings_model().model_validate(settings))
        if root.exists():
            root.rmdir()
        staging.rename(root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return root
