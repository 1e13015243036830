"""Markdown tables of ``run.py --json`` outputs, for benchmarks/RESULTS.md.

``python benchmarks/report.py results-1000.json results-10000.json [more.json ...]``
prints, for each run, the measurements side by side, then the issue's targets checked
against the largest run (and linearity across all of them).
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any


def _s(seconds: float) -> str:
    if seconds < 0.1:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _agrees(agrees: bool | None) -> str:
    return {True: "yes", False: "NO", None: "not compared (per-school engine not run)"}[agrees]


def run_tables(run: dict[str, Any]) -> list[str]:
    n = run["schools"]
    out = [f"### {n:,} schools", ""]
    machine = run["machine"]
    out.append(
        f"Run {machine['date']} at commit `{machine['commit'] or 'see above'}`, load average "
        f"{', '.join(f'{x:.1f}' for x in machine['load_average'])} when it started; "
        f"{run['bytes_per_school'] / 1000:.0f} KB of JSON per school."
    )
    out.append("")
    if "load" in run:
        out += ["| load (files → models) | median | × `json.loads` |", "|---|---|---|"]
        for name, case in run["load"].items():
            out.append(f"| `{name}` | {_s(case['seconds'])} | {case['ratio']:.1f} |")
        out.append("")
    if "evaluate" in run:
        ev = run["evaluate"]
        counts = ev["status_counts"]
        out.append(
            f"Evaluate calendar year 2026 as of 2027-01-01: {ev['records']:,} records, "
            f"{ev['obligations']:,} obligations ({counts['met']:,} met, {counts['violated']:,} "
            f"violated); batch engine agrees with the per-school engine: "
            f"**{_agrees(ev['batch_agrees'])}**."
        )
        out += [
            "",
            "| evaluate (models → obligations) | median | × touch-once | per school | records/s |",
            "|---|---|---|---|---|",
        ]
        for name, case in ev["cases"].items():
            out.append(
                f"| {name} | {_s(case['seconds'])} | {case['ratio_to_floor']:.1f} | "
                f"{1000 * case['seconds'] / n:.2f} ms | {case['records_per_second']:,.0f} |"
            )
        out.append("")
        if "by_profile" in ev:
            out += [
                "| profile | schools | obligations a school | per-school engine, a school-year "
                "| its obligations rebuilt from their fields |",
                "|---|---|---|---|---|",
            ]
            for name, row in ev["by_profile"].items():
                out.append(
                    f"| {name} | {row['schools']:,} | {row['obligations_per_school']:.0f} | "
                    f"{row['per_school_ms']:.2f} ms | {row['rebuilt_ms']:.2f} ms |"
                )
            out.append("")
        daily = ev.get("daily_rule")
        if daily:
            out.append(
                f"One rule, `{daily['rule']}` ({daily['obligations_per_school']:.0f} obligations "
                f"a school, {daily['schools']:,} schools): the per-school engine "
                f"{daily['engine_ms']:.2f} ms a school-year, a loop written for that rule alone "
                f"{daily['hand_ms']:.2f} ms; equal obligations: "
                f"**{'yes' if daily['agrees'] else 'NO'}**."
            )
            out.append("")
    if "range" in run:
        rg = run["range"]
        out += [
            "| range of the year | per-school engine | per day, × the year's | batch engine "
            "| per day, × the year's | batch agrees |",
            "|---|---|---|---|---|---|",
        ]
        for name, one in rg["per-school"].items():
            other = rg["batch"][name]
            out.append(
                f"| {name} | {_s(one['seconds'])} | {one['per_day_vs_year']:.2f} | "
                f"{_s(other['seconds'])} | {other['per_day_vs_year']:.2f} | "
                f"{'yes' if other['agrees'] else 'NO'} |"
            )
        out.append("")
    if "drill" in run:
        dr = run["drill"]
        met, violated = dr["met_violated"]
        out.append(
            f"Monthly drill rule alone, {dr['schools']:,} schools (drills only; building their "
            f"models took {_s(dr['building models seconds'])}): {met:,} months met, "
            f"{violated:,} violated."
        )
        out += ["", "| drill rule | median | × bincount | agrees |", "|---|---|---|---|"]
        for name, case in dr["cases"].items():
            agrees = {True: "yes", False: "NO", None: "—"}[case["agrees"]]
            out.append(
                f"| {name} | {_s(case['seconds'])} | {case['ratio_to_bincount']:.2f} | {agrees} |"
            )
        out.append("")
    if "memory" in run:
        mem = run["memory"]
        out.append(
            "Peak memory (growth of the process's high-water mark while loading and "
            "evaluating every school, every result kept): "
            + "; ".join(f"{engine} {m['peak_mb']:,.0f} MB" for engine, m in mem.items())
            + "."
        )
        out.append("")
    if "jobs" in run:
        jobs = run["jobs"]
        out.append(
            f"`check --summary` over {jobs['files']:,} files: one process "
            f"{_s(jobs['serial_seconds'])}, {jobs['jobs']} processes "
            f"{_s(jobs['parallel_seconds'])} "
            f"({jobs['speedup']:.2f}×); rows identical: "
            f"**{'yes' if jobs['identical'] else 'NO'}**."
        )
        out.append("")
    return out


def _yes(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _linear(ratio: float, base: dict[str, Any], big: dict[str, Any]) -> str:
    """Times of two runs compare only when the machine was as loaded during both."""
    if abs(ratio - 1) <= 0.15:
        return "met"
    loads = base["machine"]["load_average"][0], big["machine"]["load_average"][0]
    return (
        "inconclusive: separate runs on a shared machine "
        f"(load {loads[0]:.1f} and {loads[1]:.1f} at their starts)"
    )


def _target_run(runs: list[dict[str, Any]], section: str, case: str | None = None) -> Any:
    """The run a target is read from: 10,000 schools (the issue's size) if it has the
    section (and case), else the largest run that has it; None when no run has it."""
    having = [
        r
        for r in runs
        if section in r
        and (case is None or case in r[section] or case in r[section].get("cases", {}))
    ]
    exact = [r for r in having if r["schools"] == 10_000]
    return (exact or having or [None])[-1]


def targets(runs: list[dict[str, Any]]) -> list[str]:
    """The issue's targets, each read from the run of 10,000 schools (or the largest one
    that measured it), and linearity between consecutive runs."""
    out = ["### Targets", "", "| target | measured | run | |", "|---|---|---|---|"]

    def row(target: str, measured: str, run: dict[str, Any], ok: bool | str) -> None:
        verdict = ok if isinstance(ok, str) else _yes(ok)
        out.append(f"| {target} | {measured} | {run['schools']:,} schools | {verdict} |")

    drill_run = _target_run(runs, "drill")
    if drill_run:
        cases = drill_run["drill"]["cases"]
        batch_s = cases["batch.evaluate"]["seconds"]
        schools = drill_run["drill"]["schools"]
        if "OpenFisca" in cases:
            ratio = batch_s / cases["OpenFisca"]["seconds"]
            row(
                f"drill rule, {schools:,} schools: faster than OpenFisca",
                f"{ratio:.2f}× OpenFisca's time",
                drill_run,
                ratio < 1,
            )
        bound = cases["batch.evaluate"]["ratio_to_bincount"]
        row(
            "drill rule: within 1.5× of numpy bincount (from the same dates)",
            f"{bound:.2f}×",
            drill_run,
            bound <= 1.5,
        )
        ready = batch_s / cases["numpy bincount, arrays ready"]["seconds"]
        row(
            "drill rule: within 1.5× of bincount on arrays built beforehand",
            f"{ready:,.0f}×",
            drill_run,
            ready <= 1.5,
        )
    batch_run = _target_run(runs, "evaluate", "batch.evaluate")
    if batch_run:
        floor = batch_run["evaluate"]["cases"]["batch.evaluate"]["ratio_to_floor"]
        row(
            "whole profile: batch engine within 10× touch-once",
            f"{floor:.1f}×",
            batch_run,
            floor <= 10,
        )
    engine_run = _target_run(runs, "evaluate", "by_profile")
    if engine_run:
        for name, line in engine_run["evaluate"]["by_profile"].items():
            per = line["per_school_ms"]
            row(
                f"per-school engine: a school's year under {name} in < 1 ms",
                f"{per:.2f} ms",
                engine_run,
                per < 1,
            )
    load_run = _target_run(runs, "load")
    if load_run:
        for name in ("safetyregs.loads", "batch.load"):
            ratio = load_run["load"][name]["ratio"]
            row(f"loading (`{name}`) within 3× `json.loads`", f"{ratio:.1f}×", load_run, ratio <= 3)
    memory_run = _target_run(runs, "memory")
    if memory_run:
        n = memory_run["schools"]
        for engine, m in memory_run["memory"].items():
            mb = m["peak_mb"] * 10_000 / n
            row(
                f"peak memory for 10,000 schools < 1 GB ({engine})",
                f"{mb:,.0f} MB{'' if n == 10_000 else ' (scaled)'}",
                memory_run,
                mb < 1024,
            )
    jobs_run = _target_run(runs, "jobs")
    if jobs_run:
        jobs = jobs_run["jobs"]
        row(
            "`--jobs`: ≥ 1.7× on 2 cores",
            f"{jobs['speedup']:.2f}× for {jobs['files']:,} files",
            jobs_run,
            jobs["speedup"] >= 1.7,
        )
    range_run = _target_run(runs, "range")
    if range_run:
        for engine, ranges in range_run["range"].items():
            worst = max(ranges.values(), key=lambda one: abs(one["per_day_vs_year"] - 1))
            row(
                f"linear in range length ±15% ({engine}: time per day of 3, 6, 9 months "
                "against the year's)",
                ", ".join(f"{one['per_day_vs_year']:.2f}" for one in ranges.values()),
                range_run,
                abs(worst["per_day_vs_year"] - 1) <= 0.15,
            )
    sized = [r for r in runs if r["schools"] >= 1000]
    for case in ("per-school evaluate", "batch.evaluate"):
        having = [r for r in sized if case in r.get("evaluate", {}).get("cases", {})]
        for base, big in itertools.pairwise(having):
            a = base["evaluate"]["cases"][case]["seconds"] / base["schools"]
            b = big["evaluate"]["cases"][case]["seconds"] / big["schools"]
            row(
                f"linear in schools ±15% ({case}, {base['schools']:,} → {big['schools']:,})",
                f"{b / a:.2f}× the time per school",
                big,
                _linear(b / a, base, big),
            )
    for engine in ("per-school", "batch"):
        having = [r for r in sized if engine in r.get("memory", {})]
        for base, big in itertools.pairwise(having):
            a = base["memory"][engine]["peak_mb"] / base["schools"]
            b = big["memory"][engine]["peak_mb"] / big["schools"]
            row(
                f"memory linear in schools ±15% ({engine}, {base['schools']:,} → "
                f"{big['schools']:,})",
                f"{b / a:.2f}× per school",
                big,
                abs(b / a - 1) <= 0.15,
            )
    return out


def main(files: list[Path]) -> None:
    runs = sorted(
        (json.loads(f.read_text(encoding="utf-8")) for f in files), key=lambda r: r["schools"]
    )
    lines: list[str] = []
    lines += targets(runs)
    lines.append("")
    for run in runs:
        lines += run_tables(run)
    print("\n".join(lines))


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]])
