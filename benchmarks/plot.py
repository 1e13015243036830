"""Plot time and memory against the number of schools from ``run.py --json`` outputs.

``python benchmarks/plot.py OUT.png results-100.json results-1000.json ...``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def _series(runs: list[dict[str, Any]], section: str, case: str) -> tuple[list[int], list[float]]:
    xs, ys = [], []
    for run in runs:
        cases = run.get(section, {}).get("cases", {})
        if case in cases:
            xs.append(run[section].get("schools", run["schools"]))
            ys.append(cases[case]["seconds"])
    return xs, ys


def main(out: Path, files: list[Path]) -> None:
    runs = sorted(
        (json.loads(f.read_text(encoding="utf-8")) for f in files), key=lambda r: r["schools"]
    )
    fig, (timing, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for section, case, style in (
        ("evaluate", "per-school evaluate", "o-"),
        ("evaluate", "batch.evaluate", "s-"),
        ("evaluate", "touch-once", "^:"),
        ("drill", "per-school evaluate", "o--"),
        ("drill", "batch.evaluate", "s--"),
        ("drill", "numpy bincount", "x--"),
        ("drill", "OpenFisca", "d--"),
    ):
        xs, ys = _series(runs, section, case)
        if xs:
            label = f"{'whole profile' if section == 'evaluate' else 'drill rule'}: {case}"
            timing.plot(xs, ys, style, label=label)
    timing.set(xscale="log", yscale="log", xlabel="schools", ylabel="seconds (median)")
    timing.set_title("Evaluation time, one year")
    timing.legend(fontsize=7)
    timing.grid(True, which="both", alpha=0.3)
    for engine, style in (("per-school", "o-"), ("batch", "s-")):
        having = [r for r in runs if engine in r.get("memory", {})]
        xs = [r["schools"] for r in having]
        ys = [r["memory"][engine]["peak_mb"] for r in having]
        if xs:
            memory.plot(xs, ys, style, label=f"{engine}: load + evaluate, results kept")
    memory.set(xscale="log", yscale="log", xlabel="schools", ylabel="peak RSS growth (MB)")
    memory.set_title("Memory")
    memory.legend(fontsize=7)
    memory.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(a) for a in sys.argv[2:]])
