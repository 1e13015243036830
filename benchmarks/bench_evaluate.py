"""How fast a province's schools evaluate: schools per second for a whole year.

Run with ``make bench`` (or ``python benchmarks/bench_evaluate.py [N]``). It builds
N variants of the embedded example school (different ids, some with fewer drills)
and evaluates them for calendar year 2026 under every installed profile, as of
2026-12-31, printing wall time, schools per second and obligations per second. Numbers are for
comparison between commits on the same machine, not assertions.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

import attrs

import safetyregs
from safetyregs import Period, evaluate, profiles


def variants(n: int) -> list[safetyregs.SchoolFile]:
    """N schools: the example with its own id and drills dropped for every 7th school."""
    base = safetyregs.example_school()
    out = []
    for i in range(n):
        school = attrs.evolve(base.school, id=f"zy-{i:05d}")
        drills = base.drills if i % 7 else base.drills[::2]
        out.append(attrs.evolve(base, school=school, drills=drills))
    return out


def measure(schools: list[safetyregs.SchoolFile], profile: safetyregs.Profile) -> None:
    """Best of three rounds over all schools for calendar year 2026."""
    year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    as_of = dt.date(2026, 12, 31)
    evaluate(schools[0], profile, year, as_of)  # warm the calendar caches
    rounds = []
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        count = sum(len(evaluate(s, profile, year, as_of)) for s in schools)
        rounds.append(time.perf_counter() - start)
    best = min(rounds)
    n = len(schools)
    print(
        f"{profile.id:<10} schools {n:>6}  obligations {count:>8}  "
        f"best {best:6.3f} s (median {statistics.median(rounds):6.3f} s)  "
        f"{n / best:>8,.0f} schools/s  {count / best:>9,.0f} obligations/s"
    )


def main(n: int = 2000) -> None:
    schools = variants(n)
    for name in profiles.names():
        measure(schools, profiles.get(name))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
