"""`klantreis benchmark`: measured figures, printed; no pass/fail thresholds in tests.

1. `import klantreis` in a fresh interpreter (median of 5).
2. The demo report built in-process: the first build (includes loading pandas, matplotlib,
   python-docx) and the median of three further builds.
3. The meta-analysis on a synthetic study of N interviews × 12 steps: tidy tables from the
   interview objects, then every meta-analysis function; wall time (median of 3) and, in a
   separate run, peak memory (tracemalloc peak of Python allocations and the process's
   maximum resident set size).
4. The verkenning analysis at national scale: 342 municipalities × 300 respondents × 28
   statements × 2 rounds (≈ 5,7 million answer rows), built directly as the store's tidy
   tables; the whole analysis (wall time, median of 3), then peak memory in a separate
   tracemalloc run. It runs in a fresh process, so the maximum RSS is its own.
5. Redaction (`redactiemeting`): deduce's load time, the time per new text with deduce and
   with the kit's patterns only, all free texts of the demo study once, and the recall on
   the seeded corpus (kinds × formats). It runs before the demo report, so the report's
   times do not include loading deduce.
7. Reports per municipality (`benchmark_studie.time_reports_per_gemeente`): `klantreis rapport
   --per-gemeente` on a synthetic study of 50 municipalities × 8 interviews, wall time and the
   processor time of each municipality's build in its worker process; then the same reports for
   three of them the way Jupyter users batch them, notebook 90 executed by papermill per
   municipality (a benchmark-only dependency, `.[benchmark]`), and the ratios.
6. The verkenning web form (`verkenning.web.meten`): the real tornado server for a new study;
   the first page for 200 visitors at once (median, p95), the server's memory with 200 open
   questionnaires, and 1,000 wrong-code requests (server processes, memory growth).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

GOALS = {"rapport": 3.0, "meta": 2.0, "geheugen_mb": 1024, "verkenning": 5.0, "verkenning_geheugen_mb": 2048}


def time_import(repeats: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import klantreis; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def time_demo_report(repeats: int = 3) -> tuple[float, float]:
    from .report.compose import build_report
    from .study import load_study

    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for i in range(repeats + 1):
            start = time.perf_counter()
            build_report(load_study(None), Path(tmp) / f"rapport{i}.docx")
            runs.append(time.perf_counter() - start)
    return runs[0], statistics.median(runs[1:])


def time_report_processes() -> dict[str, float]:
    """`klantreis rapport` as a user runs it (whole processes, wall time) on a copy of the demo:
    from a cold output folder (nothing cached), again without changes, after changing one
    sentence in teksten/, and that last one once more with page numbers from LibreOffice (the
    default; the others are drafts, --concept, which leave the page numbers to Word)."""
    import shutil

    from .resources import DEMO_STUDY_DIR

    def run(study: Path, *extra: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "klantreis.cli", "rapport", str(study), *extra],
                       check=True, capture_output=True, text=True)
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        study = Path(tmp) / "studie"
        shutil.copytree(DEMO_STUDY_DIR, study, ignore=shutil.ignore_patterns("uitvoer"))
        texts = study / "teksten" / "conclusies.md"
        figures = {"koud": run(study, "--concept"), "ongewijzigd": run(study, "--concept")}
        texts.write_text(texts.read_text(encoding="utf-8") + "\nEen zin die er later bij kwam.\n", encoding="utf-8")
        figures["een_zin_anders"] = run(study, "--concept")
        texts.write_text(texts.read_text(encoding="utf-8") + "\nNog een zin erbij.\n", encoding="utf-8")
        figures["een_zin_anders_paginanummers"] = run(study)
    return figures


def run_report_benchmark(line=None) -> dict[str, float]:
    """The three figures of issue 13 (see `time_report_processes`), printed."""
    if line is None:
        def line(label, value, goal=None):
            print(f"  {label:52s} {value}" + ("" if goal is None else f"   (doel < {goal})"), flush=True)
    r = time_report_processes()
    line("klantreis rapport --concept, lege uitvoermap", f"{r['koud']:.2f} s", "3 s")
    line("klantreis rapport --concept, niets veranderd", f"{r['ongewijzigd']:.2f} s", "1 s")
    line("klantreis rapport --concept, één zin in teksten/ anders", f"{r['een_zin_anders']:.2f} s", "1 s")
    line("klantreis rapport (met paginanummers), één zin anders", f"{r['een_zin_anders_paginanummers']:.2f} s")
    return r


def run_per_gemeente_benchmark(line=None, n_gemeenten: int = 50, papermill: int = 3) -> dict:
    """Issue 11's figures: the reports per municipality of a 50-municipality study, and the same
    reports for the first `papermill` municipalities through papermill (notebook 90), printed."""
    from .benchmark_studie import time_reports_per_gemeente

    if line is None:
        def line(label, value, goal=None):
            print(f"  {label:52s} {value}" + ("" if goal is None else f"   (doel < {goal})"), flush=True)
    per = time_reports_per_gemeente(n_gemeenten, papermill=papermill)
    ours = per["wand_s"] / max(per["gelukt"], 1)
    line(f"rapport per gemeente, {per['gemeenten']} gemeenten (gelukt {per['gelukt']})",
         f"{per['wand_s']:.1f} s, {ours:.2f} s per rapport")
    line("  processortijd per gemeente: mediaan / maximum", f"{per['cpu_mediaan_s']:.2f} s / {per['cpu_max_s']:.2f} s",
         "1.5 s")
    nb = per["papermill"]
    if nb is None:
        line("dezelfde rapporten met papermill (notitieboek 90)",
             "niet gemeten: installeer papermill (pip install -e \".[benchmark]\") en draai in een kloon van de kit")
    else:
        line(f"papermill, notitieboek 90 per gemeente ({nb['rapporten']} gemeenten)",
             f"{nb['wand_per_rapport_s']:.2f} s per rapport, processortijd {nb['cpu_per_rapport_s']:.2f} s")
        line("  zoveel keer sneller dan papermill (wandtijd per rapport)", f"{nb['wand_per_rapport_s'] / ours:.1f}×",
             None)
        line("  zoveel keer minder processortijd dan papermill",
             f"{nb['cpu_per_rapport_s'] / per['cpu_mediaan_s']:.1f}×")
    return per


def synthetic_interviews(n: int, n_steps: int = 12, seed: int = 1):
    """N invented interviews along an invented 12-step schaduwreis (no validation cost counted)."""
    import random

    from .klantreizen.model import Citaat, ExtraStap, Huishouden, Interview, StapVerloop, Toestemming
    from .schaduwreis.model import Fase, Schaduwreis, Stap

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
    from .klantreizen import meta_analyse as m
    from .klantreizen.interviews import interview_tables

    t = interview_tables(interviews, reis, _redactor())
    m.step_statistics(t["stappen"])
    m.step_statistics(t["stappen"], by="gemeente")
    m.lowest_points(t["stappen"])
    m.deviations(t["afwijkingen"], t["respondenten"])
    m.deviation_summary(t["afwijkingen"], t["respondenten"], by="gemeente")
    m.values_ranking(t["waarden"], t["respondenten"], {})
    m.themes_by_steps(t["themas"], reis.step_ids)
    m.quotes_by_theme(t["citaten"], {})
    m.designed_vs_experienced(t["stappen"])


def _redactor():
    from .privacy import shared_redactor

    return shared_redactor(("Marloes", "Sander"))


def time_meta_analysis(n: int, repeats: int = 3) -> dict[str, float]:
    """Wall time (median of `repeats`, no memory tracing) and, in a separate run, peak memory."""
    from .klantreizen.interviews import interview_tables

    interviews, reis = synthetic_interviews(n)
    tables, total = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        interview_tables(interviews, reis, _redactor())
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


def synthetic_verkenning(n_gemeenten: int = 342, n_per: int = 300, seed: int = 1):
    """The store's tidy tables (`Opslag.tables()`) for invented self-scans, built with numpy:
    n_per respondents per municipality and round, every statement answered (5% "weet niet",
    2% empty), three priorities each, and an open answer from 5% of the respondents."""
    import numpy as np
    import pandas as pd

    from .verkenning.vragenlijst import read_vragenlijst

    vl = read_vragenlijst()
    rng = np.random.default_rng(seed)
    statements = vl.statements_table()
    codes = statements["stelling"].to_numpy(dtype=object)
    point_of = pd.factorize(statements["uitgangspunt"])[0]
    n_s, n_p = len(codes), len(vl.uitgangspunten)
    perspectives = np.array([p.code for p in vl.perspectieven], dtype=object)
    gemeenten = np.array([f"Gemeente {i:03d}" for i in range(n_gemeenten)], dtype=object)
    rounds = np.array(["nulmeting", "vervolgmeting"], dtype=object)
    n_r = n_gemeenten * n_per * 2
    gem = np.repeat(np.arange(n_gemeenten), n_per * 2)
    rnd = np.tile(np.repeat([0, 1], n_per), n_gemeenten)
    per = rng.integers(0, len(perspectives), n_r)
    ids = np.array([f"{i:032x}" for i in rng.permutation(n_r)], dtype=object)
    level = 3 + rng.normal(0, 0.5, (n_r, n_p)) + 0.15 * per[:, None] + 0.2 * rnd[:, None]
    values = np.clip(np.rint(level[:, point_of] + rng.normal(0, 0.7, (n_r, n_s))), 1, 5)
    roll = rng.random((n_r, n_s))
    dont_know, empty = roll < 0.05, (roll >= 0.05) & (roll < 0.07)
    who = {"gemeente": gemeenten[gem], "ronde": rounds[rnd], "perspectief": perspectives[per]}

    def rows_of(index):
        return {"respons_id": ids[index], **{k: v[index] for k, v in who.items()}}

    each = np.repeat(np.arange(n_r), n_s)
    answers = pd.DataFrame({**rows_of(each), "stelling": np.tile(codes, n_r),
                            "waarde": pd.array(np.where(dont_know | empty, np.nan, values).ravel(), dtype="Float64"),
                            "weet_niet": dont_know.ravel()})
    respondents = pd.DataFrame({**rows_of(np.arange(n_r)), "bron": "synthetisch",
                                "ontvangen": "2026-03-01T10:00:00+00:00"})
    point_codes = np.array([u.code for u in vl.uitgangspunten], dtype=object)
    chosen = np.argsort(rng.random((n_r, n_p)), axis=1)[:, :3]
    three = np.repeat(np.arange(n_r), 3)
    priorities = pd.DataFrame({**rows_of(three), "uitgangspunt": point_codes[chosen.ravel()],
                               "rang": np.tile([1, 2, 3], n_r)})
    writers = np.flatnonzero(rng.random(n_r) < 0.05)
    open_ = pd.DataFrame({**rows_of(writers), "uitgangspunt": point_codes[rng.integers(0, n_p, len(writers))],
                          "tekst": [f"Ik moest {i % 9 + 2} keer bellen en wachtte {i % 13 + 1} weken op het "
                                    f"gesprek (antwoord {i})." for i in range(len(writers))]})
    tables = {"respondenten": respondents, "antwoorden": answers, "open": open_, "prioriteit": priorities}
    return tables, vl, list(gemeenten)


def _verkenning_run(n_gemeenten: int, n_per: int, repeats: int) -> dict:
    from .verkenning.analyse import analyse_tables

    tables, vl, gemeenten = synthetic_verkenning(n_gemeenten, n_per)

    def run():
        analyse_tables(tables, vl, gemeenten, ["nulmeting", "vervolgmeting"], min_group=5,
                       redact_terms=["Marloes", "Sander"])

    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rijen": len(tables["antwoorden"]), "respondenten": len(tables["respondenten"]),
            "totaal": statistics.median(runs), "piek_mb": peak / 1e6,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def time_verkenning(n_gemeenten: int = 342, n_per: int = 300, repeats: int = 3) -> dict:
    """The whole verkenning analysis on national-scale synthetic answers, in a fresh process."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(_verkenning_run, n_gemeenten, n_per, repeats).result()


def run_benchmark(n: int = 10_000) -> dict:
    def line(label, value, goal=None):
        mark = "" if goal is None else f"   (doel < {goal})"
        print(f"  {label:52s} {value}{mark}", flush=True)

    print("klantreis benchmark (tijden in seconden)")
    imp = time_import()
    line("import klantreis (mediaan van 5, nieuw proces)", f"{imp * 1000:.0f} ms")
    from .redactiemeting import print_figures

    print_figures(line)  # before the demo report: deduce's load time is counted here, once
    reports = run_report_benchmark(line)
    first, warm = time_demo_report()
    line("demorapport, eerste keer in dit proces", f"{first:.2f} s", f"{GOALS['rapport']} s")
    line("demorapport, daarna (mediaan van 3)", f"{warm:.2f} s", f"{GOALS['rapport']} s")
    from .benchmark_studie import time_large_study_report

    line("rapport van een studie met 3.000 interviews", f"{time_large_study_report(3000):.1f} s", "30 s")
    run_per_gemeente_benchmark(line)
    meta = time_meta_analysis(n)
    line(f"tabellen uit {n:,} interviews × 12 stappen (mediaan van 3)".replace(",", "."), f"{meta['tabellen']:.2f} s")
    line("meta-analyse op die tabellen", f"{meta['analyse']:.2f} s")
    line("tabellen + meta-analyse samen", f"{meta['totaal']:.2f} s", f"{GOALS['meta']} s")
    line("piekgeheugen Python-objecten (tracemalloc)", f"{meta['piek_mb']:.0f} MB", f"{GOALS['geheugen_mb']} MB")
    line("maximaal geheugen van het hele proces (RSS)", f"{meta['rss_mb']:.0f} MB", f"{GOALS['geheugen_mb']} MB")
    scan = time_verkenning()
    rows, people = (f"{scan[k]:,}".replace(",", ".") for k in ("rijen", "respondenten"))
    line(f"verkenning: {rows} antwoorden van {people} respondenten", "")
    line("verkenning: hele analyse (mediaan van 3)", f"{scan['totaal']:.2f} s", f"{GOALS['verkenning']} s")
    line("verkenning: piekgeheugen Python-objecten", f"{scan['piek_mb']:.0f} MB",
         f"{GOALS['verkenning_geheugen_mb']} MB")
    line("verkenning: maximaal geheugen (RSS, eigen proces)", f"{scan['rss_mb']:.0f} MB",
         f"{GOALS['verkenning_geheugen_mb']} MB")
    web = measure_web_form()
    load = os.getloadavg()[0]
    line(f"webformulier: eerste pagina, {web['bezoekers']} bezoekers tegelijk: mediaan", f"{web['mediaan']:.2f} s")
    line(f"webformulier: eerste pagina, {web['bezoekers']} bezoekers tegelijk: p95", f"{web['p95']:.2f} s "
         f"(server gebruikte {web['cpu_s']:.2f} s processortijd; belasting van de machine {load:.1f})", "0.5 s")
    line(f"webformulier: geheugen server, {web['bezoekers']} vragenlijsten open", f"{web['open_mb']:.0f} MB "
         f"(in rust {web['rust_mb']:.0f} MB)", "300 MB")
    line(f"webformulier: {web['fout']} foute codes", f"{web['fout_s']:.2f} s, processen {web['processen_voor']} → "
         f"{web['processen_na']}, geheugengroei {web['groei_mb']:.1f} MB", "50 MB")
    return {"import": imp, "rapport_eerste": first, "rapport": warm, **{f"proces_{k}": v for k, v in reports.items()},
            **meta,
            **{f"verkenning_{k}": v for k, v in scan.items()}, **{f"web_{k}": v for k, v in web.items()}}


def measure_web_form() -> dict:
    """The verkenning web form under load, for a new study (`verkenning.web.meten`)."""
    from .study import create_study
    from .verkenning.web.meten import measure

    with tempfile.TemporaryDirectory() as tmp:
        study = create_study(Path(tmp) / "studie", gemeenten=["Benchmarkdorp"])
        return measure(study, "Benchmarkdorp", "nulmeting")
