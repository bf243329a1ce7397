"""What a report build may reuse from the previous one: drawn figures and redacted texts.

Researchers rebuild a report many times while they write; most of the work is the same every
time. The cache lives next to the document, in `<output folder>/.klantreis-cache/<kit version>/`:

- `figuren/<sleutel>.png`: a figure, keyed by a hash of the drawing function's name, the source
  of its module and of the shared style (`figures/__init__.py`), and exactly the data it draws.
  Changing one score changes the key of the figures that draw it, and only of those.
- `redactie.sqlite`: redacted texts, keyed by a hash of the text and of the redaction's
  configuration (removal list, kept words, respondent ids, the source of `redactie.py` and the
  de-identifier's version). The value is the REDACTED text; the original is never stored.

A cache of another kit version is deleted, not read; the whole folder is safe to delete; a
cache that cannot be read or written (read-only folder, broken file) is skipped silently and the
build simply does the work.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
import threading
from functools import lru_cache
from pathlib import Path

FOLDER = ".klantreis-cache"


def _version() -> str:
    from . import __version__

    return __version__


@lru_cache(maxsize=None)
def source_hash(module_name: str) -> str:
    """A hash of one module's source file (so a changed drawing function is never served stale)."""
    module = sys.modules.get(module_name)
    path = getattr(module, "__file__", None)
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else module_name
    except OSError:
        return module_name


@lru_cache(maxsize=None)
def drawing_libraries() -> str:
    """The versions of the libraries that draw (a new matplotlib may draw differently)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("matplotlib", "numpy", "pandas", "pillow"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return "; ".join(found)


class BuildCache:
    """The reusable results of earlier builds in one output folder (see the module)."""

    def __init__(self, output_folder: Path):
        self.folder = Path(output_folder) / FOLDER / _version()
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.figures_reused = self.figures_drawn = 0
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for other in self.folder.parent.iterdir():  # never trust another kit version's cache
                if other != self.folder and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            self.folder = None

    # --- figures -----------------------------------------------------------------------------

    def figure_key(self, plot, args: tuple, kwargs: dict) -> str | None:
        """The key of one figure, or None when its data cannot be hashed (then it is drawn)."""
        import pickle

        try:
            data = pickle.dumps((args, sorted(kwargs.items())), protocol=5)
        except Exception:  # an argument that cannot be pickled: no cache for this one
            return None
        h = hashlib.sha256()
        for part in (plot.__module__, plot.__qualname__, source_hash(plot.__module__),
                     source_hash("klantreis.figures"), drawing_libraries()):
            h.update(part.encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def figure(self, key: str | None) -> bytes | None:
        if key is None or self.folder is None:
            return None
        try:
            data = (self.folder / "figuren" / f"{key}.png").read_bytes()
        except OSError:
            return None
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")):
            return None  # a damaged file (a build that was stopped while writing cannot leave one)
        self.figures_reused += 1
        return data

    def store_figure(self, key: str | None, png: bytes) -> None:
        self.figures_drawn += 1
        if key is None or self.folder is None:
            return
        from .files import write_bytes

        try:
            (self.folder / "figuren").mkdir(exist_ok=True)
            write_bytes(self.folder / "figuren" / f"{key}.png", png)
        except OSError:
            pass

    # --- redacted texts ----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and self.folder is not None:
            path = self.folder / "redactie.sqlite"
            for attempt in (1, 2):
                db = None
                try:
                    db = sqlite3.connect(path, timeout=30, check_same_thread=False)
                    db.execute("CREATE TABLE IF NOT EXISTS redactie (sleutel TEXT PRIMARY KEY, tekst TEXT NOT NULL)")
                    db.commit()
                    self._db = db
                    break
                except sqlite3.DatabaseError:  # a damaged file: start a new one
                    if db is not None:
                        db.close()
                    if attempt == 2:
                        self.folder = None
                    path.unlink(missing_ok=True)
        return self._db

    def redacted(self, keys: list[str]) -> dict[str, str]:
        """The redacted texts stored under `keys` (those that are there)."""
        with self._lock:
            db = self._connection()
            if db is None or not keys:
                return {}
            found: dict[str, str] = {}
            try:
                for i in range(0, len(keys), 500):
                    chunk = keys[i:i + 500]
                    rows = db.execute(f"SELECT sleutel, tekst FROM redactie WHERE sleutel IN "
                                      f"({','.join('?' * len(chunk))})", chunk)
                    found.update(rows)
            except sqlite3.Error:
                return {}
            return found

    def store_redacted(self, items: dict[str, str]) -> None:
        """Store redacted texts (key → the text AFTER redaction)."""
        with self._lock:
            db = self._connection()
            if db is None or not items:
                return
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO redactie VALUES (?, ?)", items.items())
            except sqlite3.Error:
                pass

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
