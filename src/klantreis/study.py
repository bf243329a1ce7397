"""The study folder: settings, schaduwreis, interviews, the researchers' own text and output.

A study is a folder the researcher owns. The kit reads it (never rewrites it) and writes only
into its `uitvoer/` folder.

    studie.yaml            settings (title, client, municipalities, period, privacy, curve)
    schaduwreis.yaml       the journey as designed
    interviews/            one file per interview (.yaml, or the kit's .xlsx form)
    teksten/               the researchers' own conclusions and recommendations (Markdown)
    instrumenten/          optional: the study's own codebook, values card, ...
    uitvoer/               everything the kit generates
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, model_validator

from .errors import KlantreisFout, Probleem, Problemen
from .files import dump_yaml, load_yaml, read_text, write_text
from .instruments import Instruments, load_instruments
from .interviews import Interview, InterviewContext, check_interview, load_interview_file
from .resources import DEMO_STUDY_DIR, journey_templates
from .schaduwreis import Schaduwreis, load_schaduwreis
from .validation import Model, validate

SETTINGS_FILE = "studie.yaml"
SCHADUWREIS_FILE = "schaduwreis.yaml"
INTERVIEWS_DIR = "interviews"
TEXTS_DIR = "teksten"
OUTPUT_DIR = "uitvoer"
TEXT_FILES = {
    "samenvatting": "Samenvatting",
    "conclusies": "Conclusies",
    "aanbevelingen": "Aanbevelingen",
}


class Periode(Model):
    begin: dt.date
    eind: dt.date

    @model_validator(mode="after")
    def _order(self):
        if self.eind < self.begin:
            raise ValueError("een einddatum op of na de begindatum")
        return self


class Privacy(Model):
    minimale_groepsgrootte: int = Field(default=5, ge=2, le=100)
    te_verwijderen: list[str] = Field(default_factory=list)


class Curve(Model):
    min: int = -2
    max: int = 2
    labels: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _range(self):
        if not self.min < 0 < self.max:
            raise ValueError("een schaal met min onder 0 en max boven 0 (bv. -2 tot en met 2)")
        if self.max - self.min > 20:
            raise ValueError("een schaal van hoogstens 21 punten")
        outside = [k for k in self.labels if not self.min <= k <= self.max]
        if outside:
            raise ValueError(f"labels alleen voor punten van {self.min} tot en met {self.max}")
        return self

    def label(self, point: int) -> str:
        return self.labels.get(point, f"{point:+d}" if point else "0")


class VerkenningSettings(Model):
    rondes: list[str] = Field(default_factory=lambda: ["nulmeting", "vervolgmeting"], min_length=1)


class Settings(Model):
    titel: str = Field(min_length=1, max_length=200)
    opdrachtgever: str = Field(min_length=1, max_length=200)
    gemeenten: list[str] = Field(min_length=1)
    periode: Periode
    onderzoekers: list[str] = Field(min_length=1)
    privacy: Privacy = Field(default_factory=Privacy)
    curve: Curve = Field(default_factory=Curve)
    verkenning: VerkenningSettings = Field(default_factory=VerkenningSettings)
    demo: bool = False


@dataclass
class Study:
    """A loaded, validated study."""

    path: Path
    settings: Settings
    instruments: Instruments
    schaduwreis: Schaduwreis
    interviews: list[Interview]
    teksten: dict[str, str] = field(default_factory=dict)

    @property
    def output_dir(self) -> Path:
        return self.path / OUTPUT_DIR

    @property
    def min_group(self) -> int:
        return self.settings.privacy.minimale_groepsgrootte

    @property
    def verkenning_db(self) -> Path:
        """The SQLite file with the verkenning responses (it may not exist yet)."""
        from .verkenning.opslag import db_path

        return db_path(self.path)


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
        data = load_yaml(settings_path, sub)
        settings = validate(Settings, data, sub) if data is not None else None
        if settings is not None and len(set(settings.gemeenten)) != len(settings.gemeenten):
            sub.add("elke gemeente één keer", veld="gemeenten", waarde=", ".join(settings.gemeenten))
    problemen.extend(sub)

    instruments = load_instruments(problemen, root)

    reis = None
    if not (root / SCHADUWREIS_FILE).exists():
        problemen.add("een bestand schaduwreis.yaml in de studiemap", bestand=SCHADUWREIS_FILE,
                      toon_waarde=False)
    elif instruments is not None:
        reis = load_schaduwreis(root / SCHADUWREIS_FILE, instruments.vocabulaire, problemen,
                                shown=SCHADUWREIS_FILE)

    interviews = _load_interviews(root, problemen)
    if instruments is not None:
        context = InterviewContext(instruments=instruments, schaduwreis=reis, **_partial_settings(settings, data))
        for shown, raw, _ in interviews:
            sub = Problemen(shown)
            check_interview(raw, context, sub)
            problemen.extend(sub)

    _check_verkenning(root, problemen)

    teksten = {}
    for name in TEXT_FILES:
        text_path = root / TEXTS_DIR / f"{name}.md"
        if text_path.exists():
            text = read_text(text_path, problemen, root)
            if text is not None:
                teksten[name] = text
    problemen.raise_if_any(f"De studie in {root} bevat fouten")
    return Study(path=root, settings=settings, instruments=instruments, schaduwreis=reis,
                 interviews=[iv for _, _, iv in interviews], teksten=teksten)


def _check_verkenning(root: Path, problemen: Problemen) -> None:
    """The questionnaire (the kit's or the study's own) and, if present, the response store."""
    import sqlite3

    from .verkenning.opslag import SCHEMA_VERSION, db_path
    from .verkenning.vragenlijst import load_vragenlijst

    load_vragenlijst(problemen, root)
    db = db_path(root)
    if not db.exists():
        return
    shown = str(db.relative_to(root))
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        problemen.add("een antwoordendatabase van de kit (SQLite)", bestand=shown, waarde="onleesbaar bestand")
        return
    if version != SCHEMA_VERSION or not {"respons", "antwoord"} <= tables:
        problemen.add(f"een antwoordendatabase van de kit (versie {SCHEMA_VERSION})", bestand=shown,
                      veld="versie", waarde=version)


def _partial_settings(settings: Settings | None, raw) -> dict:
    """The parts of studie.yaml interviews are checked against, as far as they are valid, so a
    broken studie.yaml does not hide the interviews' own problems."""
    if settings is not None:
        return {"gemeenten": list(settings.gemeenten), "periode": (settings.periode.begin, settings.periode.eind),
                "curve": (settings.curve.min, settings.curve.max)}
    raw = raw if isinstance(raw, dict) else {}
    gemeenten = raw.get("gemeenten")
    out = {"gemeenten": gemeenten if isinstance(gemeenten, list) and all(isinstance(g, str) for g in gemeenten)
           else None, "periode": None, "curve": None}
    for key, model in (("periode", Periode), ("curve", Curve)):
        part = validate(model, raw.get(key, {} if key == "curve" else None), Problemen(""))
        if part is not None:
            out[key] = (part.begin, part.eind) if key == "periode" else (part.min, part.max)
    return out


def _load_interviews(root: Path, problemen: Problemen) -> list[tuple[str, dict, Interview | None]]:
    """(shown name, raw data, validated interview or None) for every readable interview file."""
    folder = root / INTERVIEWS_DIR
    if not folder.is_dir():
        return []
    loaded: list[tuple[str, dict, Interview | None]] = []
    first_file: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.is_dir():
            continue  # hidden files and Excel's lock files
        shown = f"{INTERVIEWS_DIR}/{path.name}"
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


def check_study(path: Path | str) -> list[Probleem]:
    """Every problem in the study; an empty list when it is clean."""
    try:
        load_study(path)
    except KlantreisFout as exc:
        return exc.problemen
    return []


# --- creating a new study --------------------------------------------------------------------

def create_study(path: Path | str, titel: str = "Evaluatie van de toegang", gemeenten: list[str] | None = None,
                 sjabloon: str = "generiek", opdrachtgever: str = "(vul in)",
                 onderzoekers: list[str] | None = None) -> Path:
    """Create a new, valid and empty study folder from a schaduwreis template."""
    root = Path(path)
    templates = journey_templates()
    problemen = Problemen(str(root))
    if root.exists() and any(root.iterdir()):
        problemen.add("een nieuwe of lege map; de kit overschrijft geen bestaande studie",
                      toon_waarde=False)
    if sjabloon not in templates:
        problemen.add(f"een van de sjablonen in journeys/: {', '.join(templates)}", veld="--sjabloon",
                      waarde=sjabloon)
    problemen.raise_if_any("Studie niet aangemaakt")
    today = dt.date.today()
    settings = {
        "titel": titel,
        "opdrachtgever": opdrachtgever,
        "gemeenten": gemeenten or ["(vul in)"],
        "periode": {"begin": today.isoformat(), "eind": (today + dt.timedelta(days=180)).isoformat()},
        "onderzoekers": onderzoekers or ["(vul in)"],
        "privacy": {"minimale_groepsgrootte": 5, "te_verwijderen": []},
        "curve": {"min": -2, "max": 2, "labels": {-2: "Heel negatief", -1: "Negatief", 0: "Neutraal",
                                                  1: "Positief", 2: "Heel positief"}},
        "verkenning": {"rondes": ["nulmeting", "vervolgmeting"]},
    }
    header = ("# Instellingen van de studie. minimale_groepsgrootte: groepen kleiner dan dit aantal\n"
              "# krijgen geen cijfers in de uitvoer. te_verwijderen: namen of woorden die nooit in een\n"
              "# rapport mogen staan (ze worden vervangen door [verwijderd]).\n")
    staging = root.with_name(f".{root.name}.nieuw")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
        write_text(staging / SETTINGS_FILE, header + dump_yaml(settings))
        shutil.copyfile(templates[sjabloon], staging / SCHADUWREIS_FILE)
        for sub in (INTERVIEWS_DIR, TEXTS_DIR, OUTPUT_DIR):
            (staging / sub).mkdir()
        for name, title in TEXT_FILES.items():
            write_text(staging / TEXTS_DIR / f"{name}.md",
                       f"<!-- {title}: schrijf hier uw eigen tekst. De kit neemt hem letterlijk over "
                       f"in het rapport en bedenkt zelf geen conclusies. -->\n")
        if root.exists():
            root.rmdir()
        staging.rename(root)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return root
