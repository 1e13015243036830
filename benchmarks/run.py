"""The benchmark harness: everything measured side by side, in one process and one run.

``python benchmarks/run.py --schools N [--profile P] [--json OUT]``

For a seeded population of N realistic school files (``benchmarks/population.py``) over
calendar year 2026, as of 2027-01-01 (every obligation decided), it measures:

* **load**: the bytes of every file to models (``safetyregs.loads``), against
  ``json.loads`` of the same bytes and the batch engine's columnar loader;
* **evaluate**: models to obligations, the per-school engine against the batch engine
  (both expand the schools' routines into records as part of their work), and a
  touch-once loop over the same records, routines expanded (the floor for anything that
  reads them); by profile, the per-school engine's time a school-year against the time
  to build its result's ``Obligation`` objects again from their fields (the floor for an
  engine that returns one object per obligation); and 兖州's daily health checks alone,
  the engine against a loop written for that one rule (``peers/daily.py``), both giving
  equal obligations;
* **range**: both engines over the first 3, 6, 9 and 12 months of the year, time per day
  of range relative to the whole year's (linearity in range length);
* **drill rule**: the monthly drill rule alone for ``--drill-schools`` schools, the engine
  against its peers in ``benchmarks/peers/`` (a naive day loop, ``dateutil.rrule``,
  numpy ``bincount``, OpenFisca when installed, touch-once), each checked to agree;
* **memory**: peak RSS of evaluating the population and keeping every result, in a fresh
  process per engine;
* **jobs**: ``check --summary`` over the files written to a temporary directory, one
  process against every core (identical rows checked).

Cases run in interleaved rounds (``--rounds``, default 3) and report the median, so a
noisy machine slows every case alike. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import population
from peers import daily, drill

import safetyregs
from safetyregs import Period, batch, profiles
from safetyregs._batch import check_many, default_jobs
from safetyregs._engine import Obligation, evaluate
from safetyregs._io import loads
from safetyregs._routines import expand_routines

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
AS_OF = dt.date(2027, 1, 1)
COLLECTIONS = tuple(a.name for a in attrs.fields(safetyregs.SchoolFile) if a.name != "school")


def rounds(cases: dict[str, Callable[[], Any]], count: int) -> dict[str, tuple[float, Any]]:
    """Median seconds and last result of each case, over ``count`` interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    results: dict[str, Any] = {}
    for _ in range(count):
        for name, case in cases.items():
            gc.collect()
            start = time.perf_counter()
            results[name] = case()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in cases}


def status_counts(found: Any) -> tuple[int, int, int]:
    counts = Counter(o.status for o in found)
    return counts["met"], counts["pending"], counts["violated"]


# --- the population -------------------------------------------------------------------------


def make_population(n: int, profile: str | None) -> list[bytes]:
    return [
        json.dumps(data, ensure_ascii=False).encode()
        for _, data in population.population(n, profile=profile)
    ]


def touch_once(models: list[safetyregs.SchoolFile]) -> int:
    """Read one field of every record of every school once: the floor of any evaluation."""
    seen = 0
    for school_file in models:
        for name in COLLECTIONS:
            for record in getattr(school_file, name):
                if record.id is not None:
                    seen += 1
    return seen


def per_school(
    models: list[safetyregs.SchoolFile],
    period: Period = YEAR,
    spent: dict[str, float] | None = None,
) -> tuple[int, int, int]:
    """Status counts of every school's obligations; ``spent`` gathers seconds by profile."""
    met = pending = violated = 0
    for school_file in models:
        name = school_file.school.jurisdiction
        profile = profiles.get(name)
        start = time.perf_counter()
        found = evaluate(school_file, profile, period, AS_OF)
        if spent is not None:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        m, p, v = status_counts(found)
        met, pending, violated = met + m, pending + p, violated + v
    return met, pending, violated


def rebuild(results: list[tuple[str, tuple[Obligation, ...]]], spent: dict[str, float]) -> int:
    """Build every obligation of the results again from its fields, by profile.

    The cost of the result's objects alone (their explanations and evidence already
    made): no engine that returns an ``Obligation`` per obligation can take less.
    """
    made = 0
    for name, found in results:
        start = time.perf_counter()
        again = [
            Obligation(
                o.rule,
                o.subject,
                o.period,
                o.due,
                o.status,
                o.detail,
                o.source,
                o.title,
                o.found,
                o.required,
                o.unit,
                o.evidence,
                o.provisional,
            )
            for o in found
        ]
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        made += len(again)
    return made


def batched(models: list[safetyregs.SchoolFile], period: Period = YEAR) -> tuple[int, int, int]:
    met = pending = violated = 0
    by_profile: dict[str, list[safetyregs.SchoolFile]] = {}
    for school_file in models:
        by_profile.setdefault(school_file.school.jurisdiction, []).append(school_file)
    for name, group in by_profile.items():
        # The models come from the loader, which has checked their routines.
        population = batch.Population(group, checked=True)
        result = batch.evaluate(population, profiles.get(name), period, AS_OF)
        m, p, v = result.status_counts()
        met, pending, violated = met + m, pending + p, violated + v
    return met, pending, violated


# --- measurements ---------------------------------------------------------------------------


def measure_load(blobs: list[bytes], count: int) -> dict[str, Any]:
    names = profiles.names()
    texts = [blob.decode("utf-8") for blob in blobs]
    cases = {
        "safetyregs.loads": lambda: [loads(text, profiles=names) for text in texts],
        "batch.load": lambda: batch.Population.from_texts(texts),
        "json.loads": lambda: [json.loads(blob) for blob in blobs],
    }
    # Time in Python's cyclic garbage collector during each case (and its full
    # collections), reported beside the times: it walks every object the run keeps.
    collected: dict[str, list[float]] = {name: [] for name in cases}
    full: dict[str, list[int]] = {name: [] for name in cases}
    state: dict[str, Any] = {"start": 0.0}

    def timed(name: str, case: Callable[[], Any]) -> Callable[[], Any]:
        def run_case() -> Any:
            state["seconds"], state["full"] = 0.0, 0
            try:
                return case()
            finally:
                collected[name].append(state["seconds"])
                full[name].append(state["full"])

        return run_case

    def on_collect(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            state["start"] = time.perf_counter()
        else:
            state["seconds"] = state.get("seconds", 0.0) + time.perf_counter() - state["start"]
            state["full"] = state.get("full", 0) + (info["generation"] == 2)

    gc.callbacks.append(on_collect)
    try:
        out = rounds({name: timed(name, case) for name, case in cases.items()}, count)
    finally:
        gc.callbacks.remove(on_collect)
    base = out["json.loads"][0]
    return {
        name: {
            "seconds": t,
            "ratio": t / base,
            "gc_seconds": statistics.median(collected[name]),
            "full_collections": full[name],
        }
        for name, (t, _) in out.items()
    }


def measure_evaluate(
    models: list[safetyregs.SchoolFile], count: int, per_school_engine: bool = True
) -> dict[str, Any]:
    """Both engines and the floors; ``per_school_engine=False`` runs the batch engine only."""
    # The floor touches the records the rules see: routines expanded (outside the timing).
    expanded = [expand_routines(sf) for sf in models]
    records = touch_once(expanded)
    cases: dict[str, Callable[[], Any]] = {
        "batch.evaluate": lambda: batched(models),
        "touch-once": lambda: touch_once(expanded),
    }
    engine_spent: list[dict[str, float]] = []
    rebuild_spent: list[dict[str, float]] = []

    def fresh(kept: list[dict[str, float]]) -> dict[str, float]:
        kept.append({})
        return kept[-1]

    results: list[tuple[str, tuple[Obligation, ...]]] = []
    if per_school_engine:
        results = [
            (
                sf.school.jurisdiction,
                evaluate(sf, profiles.get(sf.school.jurisdiction), YEAR, AS_OF),
            )
            for sf in models
        ]
        cases = {
            "per-school evaluate": lambda: per_school(models, spent=fresh(engine_spent)),
            **cases,
            "obligations rebuilt": lambda: rebuild(results, fresh(rebuild_spent)),
        }
    out = rounds(cases, count)
    made = Counter(name for name, found in results for _ in found)
    results = []  # no longer kept: the daily rule below is timed without them
    report: dict[str, Any] = {"records": records}
    if per_school_engine:
        schools = Counter(sf.school.jurisdiction for sf in models)
        engine = out["per-school evaluate"][1]
        report |= {
            "daily_rule": measure_daily(models, count),
            "status_counts": dict(zip(("met", "pending", "violated"), engine, strict=True)),
            "batch_agrees": out["batch.evaluate"][1] == engine,
            "by_profile": {
                name: {
                    "schools": schools[name],
                    "obligations_per_school": made[name] / schools[name],
                    "per_school_ms": 1000
                    * statistics.median(r[name] for r in engine_spent)
                    / schools[name],
                    "rebuilt_ms": 1000
                    * statistics.median(r[name] for r in rebuild_spent)
                    / schools[name],
                }
                for name in sorted(schools)
            },
        }
    else:  # the batch engine's own counts: nothing to compare them with in this run
        counts = out["batch.evaluate"][1]
        report["status_counts"] = dict(zip(("met", "pending", "violated"), counts, strict=True))
        report["batch_agrees"] = None
    obligations = sum(report["status_counts"].values())
    floor = out["touch-once"][0]
    report["obligations"] = obligations
    report["cases"] = {
        name: {
            "seconds": t,
            "ratio_to_floor": t / floor,
            "records_per_second": records / t,
            "obligations_per_second": obligations / t if name != "touch-once" else None,
        }
        for name, (t, _) in out.items()
    }
    return report


def measure_daily(models: list[safetyregs.SchoolFile], count: int) -> dict[str, Any] | None:
    """One school-day rule, the per-school engine against a loop written for that rule alone.

    ``peers/daily.py`` gives the engine's obligations for 兖州's health checks with no
    engine; both must be equal, school by school. None when the population has no such
    school.
    """
    schools = [sf for sf in models if sf.school.jurisdiction == "yanzhou"]
    if not schools:
        return None
    profile = profiles.get("yanzhou")

    # Compared school by school, outside the timing; the timed cases keep no result, as
    # the per-school case does not, so that no kept result slows the garbage collector.
    agrees = all(
        tuple(daily.health_checks(sf, profile, YEAR, AS_OF))
        == evaluate(sf, profile, YEAR, AS_OF, rules=[daily.RULE])
        for sf in schools
    )

    def engine() -> int:
        return sum(len(evaluate(sf, profile, YEAR, AS_OF, rules=[daily.RULE])) for sf in schools)

    def by_hand() -> int:
        return sum(len(daily.health_checks(sf, profile, YEAR, AS_OF)) for sf in schools)

    out = rounds({"per-school engine": engine, "hand-written loop": by_hand}, count)
    (t_engine, made), (t_hand, _) = out["per-school engine"], out["hand-written loop"]
    return {
        "rule": daily.RULE,
        "schools": len(schools),
        "obligations_per_school": made / len(schools),
        "engine_ms": 1000 * t_engine / len(schools),
        "hand_ms": 1000 * t_hand / len(schools),
        "agrees": agrees,
    }


#: The two engines, as the memory section and ``--skip per-school`` name them.
ENGINES = ("per-school", "batch")

#: The first 3, 6, 9 and 12 months of the population's year: linearity in range length.
RANGES = {
    "3 months": Period(YEAR.start, dt.date(2026, 3, 31)),
    "6 months": Period(YEAR.start, dt.date(2026, 6, 30)),
    "9 months": Period(YEAR.start, dt.date(2026, 9, 30)),
    "12 months": YEAR,
}


def days(period: Period) -> int:
    return (period.end - period.start).days + 1


def measure_range(models: list[safetyregs.SchoolFile], count: int) -> dict[str, Any]:
    """Both engines over growing ranges: seconds per day of range, relative to the year's."""
    ranges = RANGES
    cases: dict[str, Callable[[], Any]] = {}
    for name, period in ranges.items():
        cases[f"per-school {name}"] = lambda period=period: per_school(models, period)
        cases[f"batch {name}"] = lambda period=period: batched(models, period)
    out = rounds(cases, count)
    report: dict[str, Any] = {}
    for engine in ("per-school", "batch"):
        year = out[f"{engine} 12 months"][0] / days(YEAR)
        report[engine] = {
            name: {
                "days": days(period),
                "seconds": out[f"{engine} {name}"][0],
                "per_day_vs_year": out[f"{engine} {name}"][0] / days(period) / year,
                "agrees": out[f"{engine} {name}"][1] == out[f"per-school {name}"][1],
            }
            for name, period in ranges.items()
        }
    return report


def measure_drill(m: int, count: int) -> dict[str, Any]:
    data = [population.drills_only(i) for i in range(m)]
    texts = [json.dumps(d, ensure_ascii=False) for d in data]
    start = time.perf_counter()
    models = [loads(text, profiles=("cixi",)) for text in texts]
    building = time.perf_counter() - start
    cixi = profiles.get("cixi")
    inputs = [drill.from_data(d) for d in data]
    year = YEAR.start.year
    prepared = drill.prepare(inputs, year)

    def engine() -> tuple[int, int]:
        met = violated = 0
        for school_file in models:
            m, _, v = status_counts(evaluate(school_file, cixi, YEAR, AS_OF, rules=[drill.RULE]))
            met, violated = met + m, violated + v
        return met, violated

    def batch_engine() -> tuple[int, int]:
        population = batch.Population(models, checked=True)
        m, _, v = batch.evaluate(population, cixi, YEAR, AS_OF, rules=[drill.RULE]).status_counts()
        return m, v

    cases: dict[str, Callable[[], Any]] = {
        "per-school evaluate": engine,
        "batch.evaluate": batch_engine,
        "naive day loop": lambda: drill.naive(inputs, year),
        "dateutil.rrule": lambda: drill.with_rrule(inputs, year),
        "numpy bincount": lambda: drill.bincount(inputs, year),
        "numpy bincount, arrays ready": lambda: drill.bincount_ready(prepared),
        "touch-once": lambda: drill.touch_once(inputs, year),
    }
    try:
        from peers import openfisca_drill
    except ImportError:
        openfisca = None
    else:
        openfisca = openfisca_drill

        def with_openfisca() -> tuple[int, int]:
            assert openfisca is not None
            return openfisca.evaluate(*drill.monthly(inputs, year), year)

        cases["OpenFisca"] = with_openfisca
    out = rounds(cases, count)
    expected = out["per-school evaluate"][1]
    bound = out["numpy bincount"][0]
    return {
        "schools": m,
        "building models seconds": building,
        "met_violated": expected,
        "openfisca": openfisca is not None,
        "cases": {
            name: {
                "seconds": t,
                "ratio_to_bincount": t / bound,
                "agrees": None if name == "touch-once" else result == expected,
            }
            for name, (t, result) in out.items()
        },
    }


_MEMORY_CHILD = """
import json, sys
sys.path.insert(0, {bench!r})
import run


def peak_kib():
    # VmHWM belongs to this program's memory map; ru_maxrss would carry the parent's
    # high-water mark over fork and exec.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")

def texts(wanted=None):
    # One text at a time, read as it is needed: the texts of 100,000 schools would take
    # more memory than the models, and are not what is measured.
    with open({file!r}, encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if wanted is None or number in wanted:
                yield line.rstrip(chr(10))

before = peak_kib()
if {engine!r} == "per-school":
    names = run.profiles.names()
    models = [run.loads(t, profiles=names) for t in texts()]
    kept = [
        run.evaluate(s, run.profiles.get(s.school.jurisdiction), run.YEAR, run.AS_OF)
        for s in models
    ]
else:
    groups = {{}}
    for number, t in enumerate(texts()):
        groups.setdefault(json.loads(t)["school"]["jurisdiction"], set()).add(number)
    kept = [
        run.batch.evaluate(
            run.batch.Population.from_texts(texts(g)), run.profiles.get(name), run.YEAR, run.AS_OF
        )
        for name, g in groups.items()
    ]
after = peak_kib()
print(json.dumps({{"before_kib": before, "after_kib": after}}))
"""


def measure_memory(blobs: list[bytes], engines: tuple[str, ...] = ENGINES) -> dict[str, Any]:
    """Peak RSS growth while loading and evaluating the schools, every result kept.

    Each engine runs in a fresh process that reads the files' texts (one per line) as it
    needs them, so the peak counts the models and results, not the population generator
    nor the texts. The peak is the process's ``VmHWM`` (Linux).
    """
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp, "schools.jsonl")
        file.write_bytes(b"\n".join(blobs))
        for engine in engines:
            code = _MEMORY_CHILD.format(
                bench=str(Path(__file__).resolve().parent), file=str(file), engine=engine
            )
            done = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            rss = json.loads(done.stdout.strip().splitlines()[-1])
            out[engine] = {"peak_mb": (rss["after_kib"] - rss["before_kib"]) / 1024}
    return out


def measure_jobs(blobs: list[bytes], count: int) -> dict[str, Any]:
    jobs = default_jobs()
    with tempfile.TemporaryDirectory() as tmp:
        for i, blob in enumerate(blobs):
            Path(tmp, f"{i:06d}.json").write_bytes(blob)

        def run_with(j: int) -> Any:
            result = check_many(
                [tmp], start=YEAR.start, end=YEAR.end, as_of=AS_OF, jobs=j, keep_reports=False
            )
            return [row.to_dict() for row in result]

        out = rounds({"jobs=1": lambda: run_with(1), f"jobs={jobs}": lambda: run_with(jobs)}, count)
    (t1, serial), (tn, parallel) = out["jobs=1"], out[f"jobs={jobs}"]
    return {
        "files": len(blobs),
        "jobs": jobs,
        "serial_seconds": t1,
        "parallel_seconds": tn,
        "speedup": t1 / tn,
        "identical": serial == parallel,
    }


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    versions = {}
    for package in ("safetyregs", "numpy", "attrs", "cattrs", "holidays", "openfisca-core"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": default_jobs(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
        "versions": versions,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description="safetyregs benchmarks, side by side")
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--profile", choices=profiles.names())
    parser.add_argument("--drill-schools", type=int, help="default: 10 × --schools")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="OUT")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("load", "evaluate", "range", "drill", "memory", "jobs", "per-school"),
        help="a section to leave out; per-school leaves the per-school engine out of the "
        "evaluate and memory sections (its time and memory grow too large past 10,000 "
        "schools; the range section still runs both engines)",
    )
    args = parser.parse_args(argv)
    n, count = args.schools, args.rounds
    report: dict[str, Any] = {"machine": machine(), "schools": n, "profile": args.profile}
    blobs = make_population(n, args.profile)
    report["bytes_per_school"] = sum(map(len, blobs)) / n
    print(f"{n} schools, {report['bytes_per_school'] / 1000:.0f} KB each", flush=True)
    if "load" not in args.skip:
        report["load"] = measure_load(blobs, count)
        print("load", json.dumps(report["load"], indent=1), flush=True)
    if "evaluate" not in args.skip:
        models = [loads(blob.decode(), profiles=profiles.names()) for blob in blobs]
        report["evaluate"] = measure_evaluate(models, count, "per-school" not in args.skip)
        print("evaluate", json.dumps(report["evaluate"], indent=1), flush=True)
        del models
    if "range" not in args.skip:
        models = [loads(blob.decode(), profiles=profiles.names()) for blob in blobs]
        report["range"] = measure_range(models, count)
        print("range", json.dumps(report["range"], indent=1), flush=True)
        del models
    if "drill" not in args.skip:
        report["drill"] = measure_drill(args.drill_schools or 10 * n, count)
        print("drill", json.dumps(report["drill"], indent=1), flush=True)
    if "memory" not in args.skip:
        engines = tuple(e for e in ENGINES if e not in args.skip)
        report["memory"] = measure_memory(blobs, engines)
        print("memory", json.dumps(report["memory"]), flush=True)
    if "jobs" not in args.skip:
        report["jobs"] = measure_jobs(blobs, count)
        print("jobs", json.dumps(report["jobs"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return report


if __name__ == "__main__":
    multiprocessing.freeze_support()
    main()
    sys.exit(0)
