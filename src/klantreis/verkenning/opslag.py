"""The store of verkenning responses: one SQLite file in the study folder (WAL mode).

Every response, from the web form or an import, is one transaction: the response row and all
its answers are written together or not at all. A response id is made when the form opens
(or derived from the imported file and row), and the id is the primary key, so a double
click, a retry or a second import of the same file stores it once. Rows are only ever added.

Answers: `waarde` 1..5 for a point on the scale; `weet_niet` 1 for "weet niet / niet van
toepassing"; an answer that was shown but left empty is stored with both empty; a statement
that was never shown has no row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only where tables are made: the served form never needs it
    import pandas as pd

from ..errors import KlantreisFout, Probleem, Problemen
from .vragenlijst import WEET_NIET, Vragenlijst

DB_NAME = "antwoorden.sqlite"
OPEN_TEXT_MAX = 10_000  # characters in one open answer; the form and every import hold to it
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS respons (
    id TEXT PRIMARY KEY,
    gemeente TEXT NOT NULL,
    ronde TEXT NOT NULL,
    perspectief TEXT NOT NULL,
    bron TEXT NOT NULL,
    ontvangen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS antwoord (
    respons_id TEXT NOT NULL REFERENCES respons(id),
    stelling TEXT NOT NULL,
    waarde INTEGER,
    weet_niet INTEGER NOT NULL DEFAULT 0 CHECK (weet_niet IN (0, 1)),
    PRIMARY KEY (respons_id, stelling)
);
CREATE TABLE IF NOT EXISTS open_antwoord (
    respons_id TEXT NOT NULL REFERENCES respons(id),
    uitgangspunt TEXT NOT NULL,
    tekst TEXT NOT NULL,
    PRIMARY KEY (respons_id, uitgangspunt)
);
CREATE TABLE IF NOT EXISTS prioriteit (
    respons_id TEXT NOT NULL REFERENCES respons(id),
    uitgangspunt TEXT NOT NULL,
    rang INTEGER NOT NULL,
    PRIMARY KEY (respons_id, uitgangspunt)
);
CREATE TABLE IF NOT EXISTS uitnodiging (
    code_hash TEXT PRIMARY KEY,
    gemeente TEXT NOT NULL,
    ronde TEXT NOT NULL,
    perspectief TEXT NOT NULL,
    gemaakt TEXT NOT NULL
);
"""


@dataclass
class Response:
    """One completed questionnaire."""

    id: str
    gemeente: str
    ronde: str
    perspectief: str
    bron: str
    antwoorden: dict[str, int | str | None] = field(default_factory=dict)  # 1..5, "WN" or None
    open: dict[str, str] = field(default_factory=dict)
    prioriteit: list[str] = field(default_factory=list)


def new_response_id() -> str:
    """A random id, made when a form opens: retries of the same submission share it."""
    return secrets.token_hex(16)


def check_response(resp: Response, vl: Vragenlijst, gemeenten: list[str], rondes: list[str] | None,
                   problemen: Problemen, plaats: str | None = None) -> None:
    """Every problem in one response, in Dutch."""
    where = plaats or f"respons {resp.id}"
    if resp.gemeente not in gemeenten:
        problemen.add(f"een gemeente uit studie.yaml: {', '.join(gemeenten)}", plaats=where, veld="gemeente",
                      waarde=resp.gemeente)
    if rondes is not None and resp.ronde not in rondes:
        problemen.add(f"een ronde uit studie.yaml: {', '.join(rondes)}", plaats=where, veld="ronde",
                      waarde=resp.ronde)
    if resp.perspectief not in vl.perspective_labels:
        problemen.add(f"een van: {', '.join(vl.perspective_labels)}", plaats=where, veld="perspectief",
                      waarde=resp.perspectief)
    codes = {s.code for s in vl.statements}
    lo, hi = vl.schaal.min, vl.schaal.max
    for code, value in resp.antwoorden.items():
        if code not in codes:
            problemen.add("een stelling uit de vragenlijst", plaats=where, veld=code, waarde=code)
        elif value is not None and value != WEET_NIET and not (isinstance(value, int) and lo <= value <= hi):
            problemen.add(f"een antwoord van {lo} tot en met {hi}, of {WEET_NIET} (weet niet)", plaats=where,
                          veld=code, waarde=value)
    points = vl.uitgangspunt_labels
    for code, text in resp.open.items():
        if code not in points:
            problemen.add(f"een uitgangspunt: {', '.join(points)}", plaats=where, veld="open antwoord", waarde=code)
        elif not isinstance(text, str) or len(text) > OPEN_TEXT_MAX:
            problemen.add(f"tekst van hoogstens {OPEN_TEXT_MAX:,} tekens".replace(",", "."), plaats=where,
                          veld=f"open antwoord {code}",
                          waarde=text if not isinstance(text, str) else f"{len(text)} tekens")
    if len(resp.prioriteit) > vl.prioriteit.aantal or len(set(resp.prioriteit)) != len(resp.prioriteit) \
            or any(p not in points for p in resp.prioriteit):
        problemen.add(f"hoogstens {vl.prioriteit.aantal} verschillende uitgangspunten ({', '.join(points)})",
                      plaats=where, veld="prioriteit", waarde=", ".join(map(str, resp.prioriteit)))


class Opslag:
    """The response store of one study. Use as a context manager or call `close()`."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise KlantreisFout(Probleem(bestand=str(self.path), toegestaan="een bestaande antwoordendatabase",
                                             toon_waarde=False), "Geen antwoorden gevonden")
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")  # a confirmed response survives a crash
            self.conn.executescript(SCHEMA)
            self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self.conn.execute("PRAGMA foreign_keys=ON")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        self.conn.close()

    # --- writing ---------------------------------------------------------------------------
    def save(self, responses: list[Response] | Response) -> int:
        """Store responses in ONE transaction; returns how many were new (ids already present
        are skipped, so a retry stores nothing twice)."""
        if isinstance(responses, Response):
            responses = [responses]
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            new = 0
            for r in responses:
                cur.execute("INSERT OR IGNORE INTO respons VALUES (?, ?, ?, ?, ?, ?)",
                            (r.id, r.gemeente, r.ronde, r.perspectief, r.bron, now))
                if cur.rowcount == 0:
                    continue
                new += 1
                cur.executemany("INSERT INTO antwoord VALUES (?, ?, ?, ?)", [
                    (r.id, code, None if v in (None, WEET_NIET) else int(v), int(v == WEET_NIET))
                    for code, v in r.antwoorden.items()])
                cur.executemany("INSERT INTO open_antwoord VALUES (?, ?, ?)",
                                [(r.id, k, t) for k, t in r.open.items() if t and t.strip()])
                cur.executemany("INSERT INTO prioriteit VALUES (?, ?, ?)",
                                [(r.id, k, rank) for rank, k in enumerate(r.prioriteit, 1)])
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return new

    def create_invite(self, gemeente: str, ronde: str, perspectief: str) -> str:
        """A new random access code; only its hash is stored."""
        code = secrets.token_urlsafe(18)
        self.conn.execute("INSERT INTO uitnodiging VALUES (?, ?, ?, ?, ?)",
                          (_hash(code), gemeente, ronde, perspectief,
                           dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        return code

    def check_invite(self, code: str) -> tuple[str, str, str] | None:
        """(gemeente, ronde, perspectief) for a valid code, else None."""
        if not isinstance(code, str) or not 10 <= len(code) <= 100:
            return None
        row = self.conn.execute("SELECT gemeente, ronde, perspectief FROM uitnodiging WHERE code_hash = ?",
                                (_hash(code),)).fetchone()
        return tuple(row) if row else None

    # --- reading ---------------------------------------------------------------------------
    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM respons").fetchone()[0]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Tidy tables: `respondenten`, `antwoorden` (one row per response × statement),
        `open` and `prioriteit`."""
        import pandas as pd

        with closing(self.conn.cursor()):
            resp = pd.read_sql_query("SELECT id AS respons_id, gemeente, ronde, perspectief, bron, ontvangen "
                                     "FROM respons ORDER BY ontvangen, id", self.conn)
            answers = pd.read_sql_query(
                "SELECT a.respons_id, r.gemeente, r.ronde, r.perspectief, a.stelling, a.waarde, a.weet_niet "
                "FROM antwoord a JOIN respons r ON r.id = a.respons_id", self.conn)
            open_ = pd.read_sql_query(
                "SELECT o.respons_id, r.gemeente, r.ronde, r.perspectief, o.uitgangspunt, o.tekst "
                "FROM open_antwoord o JOIN respons r ON r.id = o.respons_id", self.conn)
            prio = pd.read_sql_query(
                "SELECT p.respons_id, r.gemeente, r.ronde, r.perspectief, p.uitgangspunt, p.rang "
                "FROM prioriteit p JOIN respons r ON r.id = p.respons_id", self.conn)
        answers["waarde"] = answers["waarde"].astype("Float64")
        answers["weet_niet"] = answers["weet_niet"].astype(bool)
        return {"respondenten": resp, "antwoorden": answers, "open": open_, "prioriteit": prio}


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def db_path(study_dir: Path) -> Path:
    return Path(study_dir) / "verkenning" / DB_NAME


def check_store(root: Path, problemen: Problemen) -> None:
    """Is the study's response store, if it has one, a store of this kit (readable, right
    schema version)? Problems go into `problemen`; nothing is written."""
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
