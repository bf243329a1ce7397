"""A valid study of many invented interviews on disk, and the time `klantreis rapport` takes on it
(`klantreis benchmark`). Unlike the meta-analysis figure of the benchmark, this counts
everything a researcher waits for: reading and checking every interview file, the analysis,
the figures and writing the Word file."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

GEMEENTEN = ["Aadorp", "Boekel", "Cranenweide", "Dalem", "Eekhout"]


def write_large_study(root: Path, n: int, seed: int = 1, gemeenten: list[str] | None = None) -> Path:
    """Create a study in `root` with `n` valid interview files (invented, along the generic
    schaduwreis), spread over `gemeenten` (default GEMEENTEN), and return its path."""
    from .files import dump_yaml, write_text
    from .study import create_study, load_study

    rng = random.Random(seed)
    gemeenten = gemeenten or GEMEENTEN
    path = create_study(root, titel="Benchmark (synthetisch)", gemeenten=gemeenten)
    study = load_study(path)
    steps, begin = study.schaduwreis.step_ids, study.settings.periode.begin
    codes, values = ["K1", "K3", "T_WACHTTIJD", "P_CLIENT"], ["vertrouwen", "respect", "snelheid", "duidelijkheid"]
    for r in range(n):
        stappen = []
        for step in steps:
            happened = rng.choices(["ja", "anders", "nee"], [0.85, 0.08, 0.07])[0]
            item = {"stap": step, "gebeurd": happened}
            if happened != "nee":
                item.update(score=rng.randint(-2, 2), themas=rng.sample(codes, rng.randint(0, 2)))
            if happened == "anders":
                item["in_plaats_daarvan"] = "Een andere route"
            stappen.append(item)
        data = {"respondent": f"R{r:04d}", "gemeente": gemeenten[r % len(gemeenten)],
                "datum": (begin + dt.timedelta(days=r % 150)).isoformat(), "interviewer_rol": "onderzoeker",
                "toestemming": {"interview": True, "citaten": rng.random() < 0.7, "opname": False,
                                "terugkoppeling": True},
                "huishouden": {"samenstelling": "Synthetisch huishouden", "leefgebieden": [], "wetten": []},
                "stappen": stappen,
                "extra_stappen": [{"naam": "Opnieuw bellen", "na": rng.choice(steps), "soort": "extra",
                                   "score": -1}] if rng.random() < 0.3 else [],
                "aantal_professionals": rng.randint(1, 8), "verhaal_opnieuw_verteld": rng.randint(0, 5),
                "waarden": rng.sample(values, 3)}
        write_text(path / "interviews" / f"R{r:04d}.yaml", dump_yaml(data))
    return path


def time_large_study_report(n: int = 3000) -> float:
    """Seconds for `load_study` plus `build_report` on a fresh study of `n` interviews."""
    from .report.compose import build_report
    from .study import load_study

    with tempfile.TemporaryDirectory() as tmp:
        path = write_large_study(Path(tmp) / "studie", n)
        start = time.perf_counter()
        build_report(load_study(path))
        return time.perf_counter() - start


NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "90_rapport.ipynb"  # in a clone of the kit


def time_reports_per_gemeente(n_gemeenten: int = 50, per_gemeente: int = 8,
                              composition: str = "rapport", papermill: int = 0) -> dict:
    """`klantreis rapport --per-gemeente` on a synthetic study of `n_gemeenten` municipalities
    with `per_gemeente` interviews each: wall time of the whole run and the processor time of
    each municipality's build in its worker (median and maximum). With `papermill` > 0 the
    same reports for the first `papermill` municipalities once more as Jupyter users batch them:
    notebook 90 executed by papermill per municipality, with parameters STUDIE and GEMEENTE
    (`papermill` key: wall and processor time per report, the kernel's included; None when
    papermill or the notebook is missing)."""
    import statistics

    from .report.per_gemeente import build_per_gemeente
    from .study import load_study

    names = [f"Gemeente{i:02d}" for i in range(1, n_gemeenten + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_large_study(Path(tmp) / "studie", n_gemeenten * per_gemeente, gemeenten=names)
        study = load_study(path)
        start = time.perf_counter()
        outcomes = build_per_gemeente(study, composition, Path(tmp) / "uit", progress=None)
        wall = time.perf_counter() - start
        notebooks = _papermill_reports(path, names[:papermill], Path(tmp)) if papermill else None
    cpu = [o.cpu_s for o in outcomes if o.fout is None]
    return {"gemeenten": n_gemeenten, "gelukt": len(cpu), "wand_s": wall,
            "cpu_mediaan_s": statistics.median(cpu) if cpu else float("nan"), "cpu_max_s": max(cpu, default=float("nan")),
            "papermill": notebooks}


def _papermill_reports(study: Path, gemeenten: list[str], tmp: Path) -> dict | None:
    """Notebook 90 per municipality through papermill (a new kernel each time, as it does)."""
    import resource

    try:
        import papermill
    except ImportError:
        return None
    if not NOTEBOOK.exists():
        return None
    walls, cpus = [], []
    for gemeente in gemeenten:
        run = tmp / f"papermill-{gemeente}"
        run.mkdir()
        before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        start = time.perf_counter()
        papermill.execute_notebook(str(NOTEBOOK), str(run / "90_rapport.ipynb"), cwd=str(run), progress_bar=False,
                                   parameters={"STUDIE": str(study), "GEMEENTE": gemeente}, kernel_name="python3")
        walls.append(time.perf_counter() - start)
        after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        cpus.append(sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before)))
    return {"rapporten": len(walls), "wand_per_rapport_s": sum(walls) / len(walls),
            "cpu_per_rapport_s": sum(cpus) / len(cpus)}
