"""The benchmark harness's peers give the engine's answers on the seeded population.

The harness (``benchmarks/run.py``) times the engine against loops written without it;
a ratio means something only if both compute the same thing. These tests run the peers
on a few schools of the benchmark population, the way the harness does, so a peer that
drifts from the engine fails here rather than in a long benchmark run.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import safetyregs
from safetyregs import Period, profiles

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> Any:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import population
        from peers import daily, drill

        yield population, daily, drill
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.mark.parametrize(
    ("period", "as_of"),
    [
        (Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), dt.date(2027, 1, 1)),
        # Part of the days still ahead: pending and violated days side by side.
        (Period(dt.date(2026, 3, 1), dt.date(2026, 9, 30)), dt.date(2026, 6, 15)),
    ],
)
def test_daily_peer_gives_the_engines_obligations(
    bench: Any, period: Period, as_of: dt.date
) -> None:
    """The loop written for 兖州's health checks returns the engine's obligations exactly."""
    population, daily, _ = bench
    yanzhou = profiles.get("yanzhou")
    statuses = set()
    for _, data in population.population(6, profile="yanzhou"):
        school_file = safetyregs.loads(json.dumps(data, ensure_ascii=False))
        expected = safetyregs.evaluate(school_file, yanzhou, period, as_of, rules=[daily.RULE])
        assert len(expected) > 100  # a year's school days, not an empty comparison
        assert tuple(daily.health_checks(school_file, yanzhou, period, as_of)) == expected
        statuses |= {o.status for o in expected}
    assert statuses - {"met"}  # some days missed: the failing branches were compared too


def test_drill_peers_count_what_the_engine_counts(bench: Any) -> None:
    """Every peer of the monthly drill rule counts the engine's met and violated months."""
    population, _, drill = bench
    cixi = profiles.get("cixi")
    data = [population.drills_only(i) for i in range(30)]
    year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    met = violated = 0
    for one in data:
        school_file = safetyregs.loads(json.dumps(one, ensure_ascii=False))
        found = safetyregs.evaluate(
            school_file, cixi, year, dt.date(2027, 1, 1), rules=[drill.RULE]
        )
        met += sum(o.status == "met" for o in found)
        violated += sum(o.status == "violated" for o in found)
    assert met
    assert violated
    inputs = [drill.from_data(one) for one in data]
    for peer in (drill.naive, drill.with_rrule, drill.bincount):
        assert peer(inputs, 2026) == (met, violated), peer.__name__
