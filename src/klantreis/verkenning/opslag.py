"""The store of verkenning responses: one SQLite file in the study folder (WAL mode).

Every response, from the web form or an import, is one transaction: the response row and all
its answers are written together or not at all. A response id is made when the form opens
(or derived from the imported file and row), and the id is the primary key, so a double
click, a retry or a second import of the same file stores it once. Rows are only ever added.

Personal invite codes (`persoonlijke_code`, the LimeSurvey model of tokens with anonymised
responses): only a hash of each code is kept, with the gemeente, ronde and perspectief it opens
and whether it was spent. An unfinished questionnaire is kept per code as a draft (`concept`,
saved per page) and deleted in the same transaction that stores the response and spends the
code. The response row has a random id and no reference to the code, and the code row keeps no
time, so an answer cannot be traced back to an invitation. The older `uitnodiging` table holds
the per-perspective open links (`serveer --open`), which can be used any number of times.

Answers: `waarde` 1..5 for a point on the scale; `weet_niet` 1 for "weet niet / niet van
toepassing"; an answer that was shown but left empty is stored with both empty; a statement
that was never shown has no row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
from contextlib import closing, contextmanager
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
CREATE TABLE IF NOT EXISTS persoonlijke_code (
    code_hash TEXT PRIMARY KEY,
    gemeente TEXT NOT NULL,
    ronde TEXT NOT NULL,
    perspectief TEXT NOT NULL,
    verstuurd INTEGER NOT NULL DEFAULT 0 CHECK (verstuurd IN (0, 1))
);
CREATE TABLE IF NOT EXISTS concept (
    code_hash TEXT PRIMARY KEY REFERENCES persoonlijke_code(code_hash),
    pagina INTEGER NOT NULL,
    inhoud TEXT NOT NULL
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
        with self._transaction() as cur:
            return sum(_insert(cur, r, _now()) for r in responses)

    def replace(self, responses: list[Response], bron: str, gemeente: str, ronde: str,
                perspectieven: set[str]) -> tuple[int, int]:
        """Remove the responses of this source, gemeente, ronde and perspectives, and store
        `responses` instead, in ONE transaction. Returns (removed, stored)."""
        marks = ", ".join("?" * len(perspectieven))
        with self._transaction() as cur:
            ids = [row[0] for row in cur.execute(
                f"SELECT id FROM respons WHERE bron = ? AND gemeente = ? AND ronde = ? AND perspectief IN ({marks})",
                (bron, gemeente, ronde, *sorted(perspectieven)))]
            for table, column in (("antwoord", "respons_id"), ("open_antwoord", "respons_id"),
                                  ("prioriteit", "respons_id"), ("respons", "id")):
                cur.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
            now = _now()
            return len(ids), sum(_insert(cur, r, now) for r in responses)

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole store (SQLite's online backup), e.g. before `replace`."""
        target = Path(target)
        with closing(sqlite3.connect(target)) as copy:
            self.conn.backup(copy)
        return target

    @contextmanager
    def _transaction(self):
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    # --- personal invite codes ------------------------------------------------------------------
    def create_codes(self, gemeente: str, ronde: str, perspectief: str, aantal: int) -> list[str]:
        """`aantal` new single-use codes, in one transaction; only their hashes are stored."""
        codes: list[str] = []
        with self._transaction() as cur:
            while len(codes) < aantal:
                code = new_code()
                cur.execute("INSERT OR IGNORE INTO persoonlijke_code (code_hash, gemeente, ronde, perspectief) "
                            "VALUES (?, ?, ?, ?)", (_hash(normalise_code(code)), gemeente, ronde, perspectief))
                if cur.rowcount:
                    codes.append(code)
        return codes

    def code_status(self, code: str) -> CodeStatus | None:
        """What a personal code opens (with its saved draft), or None for an unknown code.
        One lookup by primary key: all a wrong code ever costs."""
        key = normalise_code(code)
        if key is None:
            return None
        row = self.conn.execute(
            "SELECT c.gemeente, c.ronde, c.perspectief, c.verstuurd, k.pagina, k.inhoud FROM persoonlijke_code c "
            "LEFT JOIN concept k ON k.code_hash = c.code_hash WHERE c.code_hash = ?", (_hash(key),)).fetchone()
        if row is None:
            return None
        return CodeStatus(key, row[0], row[1], row[2], bool(row[3]), row[4] or 0,
                          json.loads(row[5]) if row[5] else {})

    def open_code(self, code: str) -> CodeStatus | None:
        """For a per-perspective open link (`create_invite`): a fresh personal code for this one
        visitor, so that they too can resume and submit once. None for an unknown link."""
        invite = self.check_invite(code)
        if invite is None:
            return None
        new = self.create_codes(*invite, 1)[0]
        return self.code_status(new)

    def save_page(self, code: str, pagina: int, inhoud: dict) -> bool:
        """Merge one page's answers into the code's draft, in one transaction. False when the
        code is unknown or already spent (nothing is written then)."""
        key = normalise_code(code)
        with self._transaction() as cur:
            row = cur.execute("SELECT c.verstuurd, k.inhoud, k.pagina FROM persoonlijke_code c LEFT JOIN concept k "
                              "ON k.code_hash = c.code_hash WHERE c.code_hash = ?", (_hash(key or ""),)).fetchone()
            if row is None or row[0]:
                return False
            draft = _merge(json.loads(row[1]) if row[1] else {}, inhoud)
            cur.execute("INSERT OR REPLACE INTO concept VALUES (?, ?, ?)",
                        (_hash(key), max(pagina, row[2] or 0), json.dumps(draft, ensure_ascii=False)))
        return True

    def submit(self, code: str, inhoud: dict, bron: str) -> str:
        """Store the code's draft plus `inhoud` as one response, spend the code and drop the
        draft, all in ONE transaction. Returns "opgeslagen", "al verstuurd" or "onbekend"; a
        double click or a retried post finds the code spent and stores nothing twice."""
        key = normalise_code(code)
        with self._transaction() as cur:
            row = cur.execute("SELECT c.gemeente, c.ronde, c.perspectief, c.verstuurd, k.inhoud FROM persoonlijke_code c "
                              "LEFT JOIN concept k ON k.code_hash = c.code_hash WHERE c.code_hash = ?",
                              (_hash(key or ""),)).fetchone()
            if row is None:
                return "onbekend"
            if row[3]:
                return "al verstuurd"
            draft = _merge(json.loads(row[4]) if row[4] else {}, inhoud)
            _insert(cur, Response(id=new_response_id(), gemeente=row[0], ronde=row[1], perspectief=row[2], bron=bron,
                                  antwoorden=draft.get("antwoorden", {}), open=draft.get("open", {}),
                                  prioriteit=draft.get("prioriteit", [])), _now())
            cur.execute("UPDATE persoonlijke_code SET verstuurd = 1 WHERE code_hash = ?", (_hash(key),))
            cur.execute("DELETE FROM concept WHERE code_hash = ?", (_hash(key),))
        return "opgeslagen"

    def code_counts(self, gemeente: str, ronde: str) -> dict[str, tuple[int, int]]:
        """perspectief → (codes made, codes spent) for one measurement."""
        rows = self.conn.execute("SELECT perspectief, COUNT(*), SUM(verstuurd) FROM persoonlijke_code "
                                 "WHERE gemeente = ? AND ronde = ? GROUP BY perspectief", (gemeente, ronde))
        return {p: (n, int(spent or 0)) for p, n, spent in rows}

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


@dataclass
class CodeStatus:
    """A personal code as the store knows it: what it opens and the saved draft."""

    code: str  # normalised
    gemeente: str
    ronde: str
    perspectief: str
    verstuurd: bool
    pagina: int  # highest page saved, 0 when none
    concept: dict  # {"antwoorden": {...}, "open": {...}, "prioriteit": [...]}


# Letters and digits a person can read back from paper without doubt (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 2**59 codes: guessing is hopeless, and the server limits tries


def new_code() -> str:
    """A random single-use code, written in groups of four: ``K7QM-3RTA-WX9P``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code) -> str | None:
    """A personal code as typed (any case, spaces or dashes) in its stored form, or None when it
    cannot be one."""
    if not isinstance(code, str) or len(code) > 40:
        return None
    key = "".join(ch for ch in code.upper() if ch not in " -\t")
    if len(key) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in key):
        return None
    return key


def _merge(draft: dict, inhoud: dict) -> dict:
    out = {"antwoorden": dict(draft.get("antwoorden", {})), "open": dict(draft.get("open", {})),
           "prioriteit": list(draft.get("prioriteit", []))}
    out["antwoorden"].update(inhoud.get("antwoorden", {}))
    for key, text in inhoud.get("open", {}).items():
        if text:
            out["open"][key] = text
        else:
            out["open"].pop(key, None)
    if "prioriteit" in inhoud:
        out["prioriteit"] = list(inhoud["prioriteit"])
    return out


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _insert(cur, r: Response, now: str) -> int:
    """One response and its answers (inside the caller's transaction); 0 if the id exists."""
    cur.execute("INSERT OR IGNORE INTO respons VALUES (?, ?, ?, ?, ?, ?)",
                (r.id, r.gemeente, r.ronde, r.perspectief, r.bron, now))
    if cur.rowcount == 0:
        return 0
    cur.executemany("INSERT INTO antwoord VALUES (?, ?, ?, ?)", [
        (r.id, code, None if v in (None, WEET_NIET) else int(v), int(v == WEET_NIET))
        for code, v in r.antwoorden.items()])
    cur.executemany("INSERT INTO open_antwoord VALUES (?, ?, ?)",
                    [(r.id, k, t) for k, t in r.open.items() if t and t.strip()])
    cur.executemany("INSERT INTO prioriteit VALUES (?, ?, ?)",
                    [(r.id, k, rank) for rank, k in enumerate(r.prioriteit, 1)])
    return 1


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


def copy_for_gemeente(path: Path, gemeente: str, target: Path) -> Path:
    """A copy of the store at `target` that holds only `gemeente`'s responses and codes (for a
    report of one municipality); the store itself is only read."""
    import sqlite3

    source = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        others = "SELECT id FROM respons WHERE gemeente <> ?"
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        with copy:  # a store made by an older kit may lack the later tables
            for table in {"antwoord", "open_antwoord", "prioriteit"} & tables:
                copy.execute(f"DELETE FROM {table} WHERE respons_id IN ({others})", (gemeente,))  # noqa: S608 - fixed names
            if {"concept", "persoonlijke_code"} <= tables:
                copy.execute("DELETE FROM concept WHERE code_hash IN "
                             "(SELECT code_hash FROM persoonlijke_code WHERE gemeente <> ?)", (gemeente,))
            for table in {"respons", "uitnodiging", "persoonlijke_code"} & tables:
                copy.execute(f"DELETE FROM {table} WHERE gemeente <> ?", (gemeente,))  # noqa: S608 - fixed names
        copy.execute("VACUUM")
    finally:
        source.close()
        copy.close()
    return Path(target)
