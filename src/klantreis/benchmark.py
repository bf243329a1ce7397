"""`klantreis benchmark`: measured figures, printed; no pass/fail thresholds in tests.

1. `import klantreis` in a fresh interpreter (median of 5).
2. The demo report built in-process: the first build (includes loading pandas, matplotlib,
   python-docx) and the median of three further builds.
3. The meta-analysis on a synthetic study of N interviews × 12 steps: tidy tables from the
   interview objects, then every meta-analysis function; wall time (median of 3) and, in a
   separate run, peak memory (tracemalloc peak of Python allocations and the process's
   maximum resident set size).
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

GOALS = {"rapport": 3.0, "meta": 2.0, "geheugen_mb": 1024}


def time_import(repeats: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import klantreis; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def time_demo_report(repeats: int = 3) -> tuple[float, float]:
    from .report.build import build_report
    from .study import load_study

    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for i in range(repeats + 1):
            start = time.perf_counter()
            build_report(load_study(None), Path(tmp) / f"rapport{i}.docx")
            runs.append(time.perf_counter() - start)
    return runs[0], statistics.median(runs[1:])


def synthetic_interviews(n: int, n_steps: int = 12, seed: int = 1):
    """N invented interviews along an invented 12-step schaduwreis (no validation cost counted)."""
    import random

    from .interviews import Citaat, ExtraStap, Huishouden, Interview, StapVerloop, Toestemming
    from .schaduwreis import Fase, Schaduwreis, Stap

    rng = random.Random(seed)
    steps = [Stap(id=f"stap_{i:02d}", naam=f"Stap {i}", actor=f"Actor {i % 4}", sleutelmoment=i % 4 == 0,
                  beschrijving="Synthetische stap.", bron="benchmark") for i in range(1, n_steps + 1)]
    reis = Schaduwreis(naam="Synthetisch", bron="benchmark", toelichting="Synthetische reis.",
                       fasen=[Fase(id="fase", naam="Fase", stappen=steps)])
    codes = ["K1", "K3", "K6", "P_CLIENT", "T_WACHTTIJD", "T_VERHAAL_HERHALEN"]
    values = ["vertrouwen", "respect", "een_contactpersoon", "serieus_genomen", "snelheid"]
    interviews = []
    for r in range(n):
        path = []
        for s in steps:
            happened = rng.choices(["ja", "anders", "nee"], [0.85, 0.08, 0.07])[0]
            path.append(StapVerloop.model_construct(
                stap=s.id, gebeurd=happened, in_plaats_daarvan="iets anders" if happened != "ja" else "",
                score=None if happened == "nee" else rng.randint(-2, 2), goed="", beter="",
                citaten=[Citaat.model_construct(tekst="Een uitspraak.", themas=[rng.choice(codes)])]
                if rng.random() < 0.2 else [], themas=rng.sample(codes, rng.randint(0, 2))))
        extras = [ExtraStap.model_construct(naam="Opnieuw bellen", na=rng.choice(steps).id, soort="extra",
                                            terug_naar=None, score=rng.randint(-2, 0), goed="", beter="",
                                            citaten=[], themas=[])] if rng.random() < 0.3 else []
        interviews.append(Interview.model_construct(
            respondent=f"R{r}", gemeente=f"Gemeente {r % 5}", datum=dt.date(2026, 3, 1), interviewer_rol="onderzoeker",
            toestemming=Toestemming.model_construct(interview=True, citaten=rng.random() < 0.7),
            huishouden=Huishouden.model_construct(samenstelling="synthetisch", leefgebieden=[], wetten=[]),
            stappen=path, extra_stappen=extras, aantal_professionals=rng.randint(1, 8),
            verhaal_opnieuw_verteld=rng.randint(0, 5), waarden=rng.sample(values, 3)))
    return interviews, reis


def _meta_pipeline(interviews, reis) -> None:
    from . import meta_analyse as m
    from .interviews import interview_tables

    t = interview_tables(interviews, reis)
    m.step_statistics(t["stappen"])
    m.step_statistics(t["stappen"], by="gemeente")
    m.lowest_points(t["stappen"])
    m.deviations(t["afwijkingen"], t["respondenten"])
    m.deviation_summary(t["respondenten"], t["afwijkingen"], by="gemeente")
    m.values_ranking(t["waarden"], t["respondenten"], {})
    m.themes_by_steps(t["themas"], reis.step_ids)
    m.quotes_by_theme(t["citaten"], {})
    m.designed_vs_experienced(t["stappen"])


def time_meta_analysis(n: int, repeats: int = 3) -> dict[str, float]:
    """Wall time (median of `repeats`, no memory tracing) and, in a separate run, peak memory."""
    from .interviews import interview_tables

    interviews, reis = synthetic_interviews(n)
    tables, total = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        interview_tables(interviews, reis)
        tables.append(time.perf_counter() - start)
        start = time.perf_counter()
        _meta_pipeline(interviews, reis)
        total.append(time.perf_counter() - start)
    # tracemalloc slows allocation down several times: measure memory in its own run.
    tracemalloc.start()
    _meta_pipeline(interviews, reis)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"tabellen": statistics.median(tables), "totaal": statistics.median(total),
            "analyse": statistics.median(total) - statistics.median(tables),
            "piek_mb": peak / 1e6, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_benchmark(n: int = 10_000) -> dict:
    def line(label, value, goal=None):
        mark = "" if goal is None else f"   (doel < {goal})"
        print(f"  {label:52s} {value}{mark}", flush=True)

    print("klantreis benchmark (tijden in seconden)")
    imp = time_import()
    line("import klantreis (mediaan van 5, nieuw proces)", f"{imp * 1000:.0f} ms")
    first, warm = time_demo_report()
    line("demorapport, eerste keer in dit proces", f"{first:.2f} s", f"{GOALS['rapport']} s")
    line("demorapport, daarna (mediaan van 3)", f"{warm:.2f} s", f"{GOALS['rapport']} s")
    meta = time_meta_analysis(n)
    line(f"tabellen uit {n:,} interviews × 12 stappen (mediaan van 3)".replace(",", "."), f"{meta['tabellen']:.2f} s")
    line("meta-analyse op die tabellen", f"{meta['analyse']:.2f} s")
    line("tabellen + meta-analyse samen", f"{meta['totaal']:.2f} s", f"{GOALS['meta']} s")
    line("piekgeheugen Python-objecten (tracemalloc)", f"{meta['piek_mb']:.0f} MB", f"{GOALS['geheugen_mb']} MB")
    line("maximaal geheugen van het hele proces (RSS)", f"{meta['rss_mb']:.0f} MB", f"{GOALS['geheugen_mb']} MB")
    return {"import": imp, "rapport_eerste": first, "rapport": warm, **meta}
