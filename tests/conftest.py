"""Shared fixtures: the ziyang profile, a builder of small school files, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, Phase, settings

import safetyregs
from safetyregs import School, SchoolFile, Term
from safetyregs._models import Level

#: The calendar of the embedded example school: autumn 2025, spring 2026, autumn 2026.
#: July 2026 holds 8 school days (1–3, 6–10 July) and August none.
EXAMPLE_TERMS = (
    ("2025-09-01", "2026-01-16"),
    ("2026-03-02", "2026-07-10"),
    ("2026-09-01", "2027-01-22"),
)

#: Hypothesis profiles: ``ci`` is what ``make test`` runs; ``thorough`` runs at least
#: 1,000 examples per property per profile (``make test-thorough``, which passes
#: ``--hypothesis-profile=thorough``). Tests that set ``max_examples`` themselves keep it.
#: mutmut runs the same test from different executors (its trampolines): not a flaw here.
_QUIET = [HealthCheck.differing_executors]
settings.register_profile("ci", max_examples=30, deadline=None, suppress_health_check=_QUIET)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=_QUIET
)
#: ``mutation``: what mutmut runs for each mutant (the same examples for every mutant), and
#: no shrinking: a failing example kills the mutant as it is, and shrinking a slow example
#: (a witness built again and again) would run past mutmut's timeout.
settings.register_profile(
    "mutation",
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=_QUIET,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
settings.load_profile("ci")

MakeSchool = Callable[..., SchoolFile]

#: The installed console script, as a user would run it.
SCRIPT = Path(sys.executable).parent / "safetyregs"


class CheckRun(NamedTuple):
    """What ``safetyregs check FILE ... --format json`` did: status, parsed stdout, stderr."""

    returncode: int
    out: Any
    stderr: str


RunCheck = Callable[..., CheckRun]


def one_off_profile(*rules: safetyregs.Rule, since: str = "2026-01-01") -> safetyregs.Profile:
    """A profile of the given rules alone, in force from ``since`` (tests' own rules)."""
    from safetyregs._engine import Text

    return safetyregs.Profile(
        id="test",
        name=Text("测试", "Test"),
        document="test.txt",
        issuer=Text("测试局", "Test bureau"),
        published=dt.date.fromisoformat(since),
        effective_from=dt.date.fromisoformat(since),
        rules=rules,
    )


def explained(ob: safetyregs.Obligation) -> tuple[str, str]:
    """An obligation's explanation in Chinese and in English."""
    return safetyregs.render(ob.detail, "zh"), safetyregs.render(ob.detail, "en")


def owed(
    sf: SchoolFile, profile: safetyregs.Profile, rule: str, start: str, end: str, as_of: str
) -> list[safetyregs.Obligation]:
    """The obligations of one rule due from ``start`` to ``end``, as of ``as_of``."""
    period = safetyregs.Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return list(
        safetyregs.evaluate(sf, profile, period, dt.date.fromisoformat(as_of), rules=[rule])
    )


def _terms(terms: Iterable[tuple[str, str]]) -> tuple[Term, ...]:
    return tuple(Term(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in terms)


@pytest.fixture(scope="session")
def ziyang() -> safetyregs.Profile:
    """The installed ziyang profile."""
    return safetyregs.profiles.get("ziyang")


@pytest.fixture
def make_school() -> MakeSchool:
    """Build a school file: ``make_school(levels=..., terms=..., drills=[...], ...)``.

    ``terms`` is a list of ISO ``(start, end)`` pairs (default: the example
    school's three terms; ``()`` for the profile's default calendar); school
    flags (``has_laboratory``) and record lists pass through as keywords.
    """

    def build(
        *,
        levels: Iterable[str] = ("primary",),
        terms: Iterable[tuple[str, str]] = EXAMPLE_TERMS,
        school_id: str = "zy-001",
        jurisdiction: str = "ziyang",
        **kwargs: Any,
    ) -> SchoolFile:
        flags = {
            k: kwargs.pop(k)
            for k in ("boarding", "uses_school_bus", "has_canteen", "has_laboratory")
            if k in kwargs
        }
        school = School(
            id=school_id,
            name="资阳市测试学校",
            jurisdiction=jurisdiction,
            levels=tuple(Level(level) for level in levels),
            terms=_terms(terms),
            **flags,
        )
        return SchoolFile(school=school, **kwargs)

    return build


@pytest.fixture
def run_check(tmp_path: Path) -> RunCheck:
    """Write a school file (a dict, as JSON) and run ``safetyregs check … --format json``.

    ``run_check(doc, "--month", "2026-11", "--as-of", "2026-12-01")``; ``out`` is the parsed
    JSON, or None when nothing was printed.
    """

    def run(doc: dict[str, Any], *args: str, name: str = "school.json") -> CheckRun:
        path = tmp_path / name
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [str(SCRIPT), "check", str(path), *args, "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        return CheckRun(
            done.returncode, json.loads(done.stdout) if done.stdout else None, done.stderr
        )

    return run
