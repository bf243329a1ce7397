"""One document per municipality: `klantreis rapport --per-gemeente` and `klantreis
publieksversie --per-gemeente`.

Each document is built from the study FILTERED to one municipality (`for_gemeente`): its
interviews, conversations, sessions, context, journey, texts and scan responses only, so every
privacy rule is applied within that municipality. A group that is large enough in the whole
study but small within the municipality gets no numbers there. Joint sessions and regional
conversations (no municipality) belong to no single municipality and are left out; texts of the
researchers that span the municipalities (samenvatting, vergelijking, overall conclusies and
aanbevelingen) too.

The documents are built in parallel worker processes started with "forkserver" (else
"spawn"), never "fork": a fork after matplotlib has drawn shares its font files' offsets with
the parent. One municipality that fails is named in Dutch; the others are still written.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import KlantreisFout

# Cross-municipality texts: they would carry other municipalities' findings into the document.
STUDY_WIDE_TEXTS = ("samenvatting", "vergelijking", "conclusies", "aanbevelingen")


def compositions() -> dict:
    from .compose import FULL
    from .publiek import PUBLIEK

    return {FULL.name: FULL, PUBLIEK.name: PUBLIEK}


def for_gemeente(study, gemeente: str, workdir: Path):
    """`study` with only `gemeente`'s data (see the module docstring). `workdir` holds a copy of
    the scan database with only its responses; it must outlive the returned study's use."""
    from ..study import Study
    from ..teksten import slots

    s = study.settings
    if gemeente not in s.gemeenten:
        raise ValueError(f"{gemeente!r} is not a municipality of the study")
    mine = (lambda items: [x for x in items if x.gemeente in (gemeente, None)])
    onderzoek = s.onderzoek.model_copy(update={"bronnen": mine(s.onderzoek.bronnen),
                                               "betrokkenen": mine(s.onderzoek.betrokkenen)})
    settings = s.model_copy(update={"gemeenten": [gemeente], "onderzoek": onderzoek})
    parts = {name: _filtered(name, value, gemeente, set(s.gemeenten), Path(workdir))
             for name, value in study.parts.items()}
    kept = {slot.pad for slot in slots(settings)} - set(STUDY_WIDE_TEXTS)
    teksten = {pad: text for pad, text in study.teksten.items() if pad in kept}
    return Study(path=study.path, settings=settings, instruments=study.instruments, parts=parts, teksten=teksten)


def _gemeente_of(item):
    """The municipality an item belongs to (None: several or the region); MISSING when it has none."""
    if hasattr(item, "gemeente"):
        return item.gemeente
    if hasattr(item, "sessie") and hasattr(item.sessie, "gemeente"):
        return item.sessie.gemeente
    return _MISSING


_MISSING = object()


def _filtered(name: str, value, gemeente: str, alle: set[str], workdir: Path):
    """One part of a study, kept to `gemeente`: lists and dicts of items that name a municipality
    keep that municipality's (items for several municipalities or the region are dropped); dicts
    keyed by municipality keep its key; the context keeps its block; the scan database becomes a
    copy with its responses only."""
    if name == "verkenning_db":
        from ..verkenning.opslag import copy_for_gemeente

        return copy_for_gemeente(value, gemeente, workdir / "verkenning.sqlite") if value.exists() else value
    if isinstance(value, list):
        return [x for x in value if _gemeente_of(x) in (gemeente, _MISSING)]
    if isinstance(value, dict):
        if value and set(value) <= alle:
            return {k: v for k, v in value.items() if k == gemeente}
        return {k: v for k, v in value.items() if _gemeente_of(v) in (gemeente, _MISSING)}
    if dataclasses.is_dataclass(value) and isinstance(getattr(value, "gemeenten", None), dict):
        changes = {"gemeenten": {k: v for k, v in value.gemeenten.items() if k == gemeente}}
        if isinstance(getattr(value, "volgorde", None), tuple):
            changes["volgorde"] = tuple(g for g in value.volgorde if g == gemeente)
        return dataclasses.replace(value, **changes)
    return value


def file_for(composition, gemeente: str, folder: Path) -> Path:
    from ..teksten import slug

    stem = Path(composition.file_name)
    return Path(folder) / f"{stem.stem}_{slug(gemeente)}{stem.suffix}"


@dataclass
class Uitkomst:
    gemeente: str
    pad: Path | None = None
    fout: str | None = None
    cpu_s: float = 0.0  # processor time of this build in its worker


# --- the worker processes ---------------------------------------------------------------------

_STUDY = None


def _start_worker(study_path: str | None) -> None:
    global _STUDY
    from ..study import load_study

    _STUDY = load_study(study_path)
    # What every build needs once per worker (the plotting and Word libraries, deduce's lookup
    # lists), loaded here, so a municipality's processor time is its own build (`Uitkomst.cpu_s`).
    from ..figures import pyplot
    from ..redactie import deduce_model
    from .docx import ReportDoc  # noqa: F401

    pyplot()
    deduce_model()


def build_for_gemeente(study, gemeente: str, folder: Path | None = None, composition_name: str = "rapport",
                       figure_workers: int = 0) -> Path:
    """One municipality's document (`for_gemeente`), written to `folder` (default: the study's
    uitvoer/) as `file_for`; what each worker of `build_per_gemeente` does, and notebook 90 with
    its parameter GEMEENTE."""
    from .compose import build

    composition = compositions()[composition_name]
    target = file_for(composition, gemeente, Path(folder) if folder is not None else study.output_dir)
    with tempfile.TemporaryDirectory(prefix="klantreis-gemeente-") as tmp:
        return build(for_gemeente(study, gemeente, Path(tmp)), composition, target, figure_workers=figure_workers)


def _build_one(composition_name: str, gemeente: str, folder: str, pdf: bool) -> Uitkomst:
    """Build one municipality's document in a worker; every failure comes back as text."""
    import time

    start = time.process_time()
    try:
        path = build_for_gemeente(_STUDY, gemeente, Path(folder), composition_name)
        if pdf:
            from .pdf import write_pdf

            write_pdf(path)
        return Uitkomst(gemeente, pad=path, cpu_s=time.process_time() - start)
    except KlantreisFout as exc:
        return Uitkomst(gemeente, fout=exc.tekst())
    except Exception as exc:  # noqa: BLE001 - one municipality's failure must not stop the others
        return Uitkomst(gemeente, fout=f"{type(exc).__name__}: {exc}")


def build_per_gemeente(study, composition_name: str, folder: Path, pdf: bool = False, workers: int | None = None,
                       progress=sys.stderr) -> list[Uitkomst]:
    """One document per municipality of `study` (loaded from `study.path` again in each worker),
    written to `folder` as <file name>_<gemeente>.docx; returns the outcome per municipality in
    the study's order. A progress line goes to `progress` (None: silent)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from ..resources import DEMO_STUDY_DIR
    from ..teksten import named_gemeenten

    gemeenten = named_gemeenten(study.settings)
    workers = max(1, min(workers or os.cpu_count() or 1, len(gemeenten)))
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    source = None if Path(study.path).resolve() == DEMO_STUDY_DIR.resolve() else str(study.path)
    done: dict[str, Uitkomst] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method), initializer=_start_worker,
                             initargs=(source,)) as pool:
        futures = {pool.submit(_build_one, composition_name, g, str(folder), pdf): g for g in gemeenten}
        for future in as_completed(futures):
            gemeente = futures[future]
            try:
                done[gemeente] = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker that died (out of memory, killed)
                done[gemeente] = Uitkomst(gemeente, fout=f"het werkproces stopte onverwacht ({type(exc).__name__})")
            status = "mislukt" if done[gemeente].fout else "klaar"
            if progress is not None:
                print(f"[{len(done)}/{len(gemeenten)}] {gemeente}: {status}", file=progress, flush=True)
    return [done[g] for g in gemeenten]
