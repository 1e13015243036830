"""Mutation testing of profile declarations, which mutmut cannot reach (it mutates function
bodies, and a profile is data).

Every leaf of a profile that carries meaning is changed, one at a time: each date (a day
earlier, a day later), count and number (one less, one more), duration (one unit less and
more), flag, level set (one level dropped), choice (``during="session"`` and ``"always"``,
each enumeration value of a record condition), calendar period (months, quarters, years)
and themed day (its day, its month, its weekday). The profile's own test module then runs,
in a forked child, against the mutated profile; a mutant that passes every test survives.

    python tests/mutation/mutate_profiles.py [PROFILE ...] [--limit N] [--out FILE]

Tests that run the installed console script are left out (they cannot see the mutant).
The score and every survivor are printed and written to ``--out``
(``mutants/profile-mutants.txt``); see docs/testing.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import importlib
import os
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ("changzhou", "cixi", "yanzhou", "yongqiao", "ziyang")

#: Hand-worked tests of every profile, run against each mutant besides its own module.
SHARED_TESTS = ("tests/test_themed_days.py", "tests/test_mutation_kills.py")

Step = str | int  # an attribute name or a tuple index


@attrs.frozen
class Mutant:
    profile: str
    path: tuple[Step, ...]
    old: Any
    new: Any

    def describe(self) -> str:
        where = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in self.path)
        return f"{self.profile}{where}: {self.old!r} -> {self.new!r}"


# --- what to change ---------------------------------------------------------------------------


def _variants(value: Any) -> list[Any]:
    """The mutations of one leaf (empty for leaves that carry no rule meaning)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, enum.Enum):
        return [m for m in type(value) if m is not value][:3]
    if isinstance(value, int):
        return [v for v in (value - 1, value + 1) if v >= 0]
    if isinstance(value, Decimal):
        return [v for v in (value - 1, value + 1) if v >= 0]
    if isinstance(value, dt.datetime):
        return []
    if isinstance(value, dt.date):
        return [value - dt.timedelta(days=1), value + dt.timedelta(days=1)]
    if isinstance(value, dt.timedelta):
        unit = next(
            u
            for u in (dt.timedelta(days=1), dt.timedelta(hours=1), dt.timedelta(minutes=1))
            if value % u == dt.timedelta(0)
        )
        return [v for v in (value - unit, value + unit) if v >= dt.timedelta(0)]
    if isinstance(value, relativedelta):
        out = []
        for name in ("years", "months", "days"):
            if getattr(value, name):
                for step in (-1, 1):
                    out.append(value + relativedelta(**{name: step}))  # type: ignore[arg-type]
        return out
    if isinstance(value, frozenset) and value and all(isinstance(v, str) for v in value):
        return [value - {v} for v in sorted(value)]
    if value in ("session", "always"):
        return ["always" if value == "session" else "session"]
    return []


def _period_swaps(value: Any) -> list[Any]:
    """A calendar period spec swapped for another (months, quarters, years)."""
    from safetyregs import _kinds

    simple = (_kinds.Months, _kinds.Quarters, _kinds.Years)
    if type(value) in simple:
        return [cls() for cls in simple if cls is not type(value)]
    return []


def _leaves(
    value: Any, path: tuple[Step, ...], parents: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Step, ...], Any, Any]]:
    """(path, old, new) for every mutation inside ``value``.

    Fields the engine never reads in their place (the same ones ``Profile.parameters()``
    leaves out: a quota's ``need.at_least``, ``min_school_days`` of a rule not limited to
    the session, ...) are not mutated: changing them cannot change anything.
    """
    from safetyregs._params import _skip

    for new in _period_swaps(value):
        yield path, value, new
    if attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            if a.name in {"id", "title", "source", "interpretation", "about", "name", "issuer"}:
                continue
            if _skip(value, a.name, parents):
                continue
            yield from _leaves(getattr(value, a.name), (*path, a.name), (*parents, value))
        return
    if isinstance(value, tuple):
        if len(value) == 2 and isinstance(value[0], str):  # a (key, value) condition
            for new in _variants(value[1]):
                yield (*path, 1), value[1], new
            return
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index), parents)
        return
    for new in _variants(value):
        yield path, value, new


def mutants(name: str) -> list[Mutant]:
    from safetyregs import profiles

    profile = profiles.get(name)
    found = []
    for index, rule in enumerate(profile.rules):
        for path, old, new in _leaves(rule, ("rules", index)):
            found.append(Mutant(name, path, old, new))
    return found


def _replace(obj: Any, path: tuple[Step, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(obj)
        items[head] = _replace(items[head], rest, new)
        return tuple(items)
    return attrs.evolve(obj, **{head: _replace(getattr(obj, head), rest, new)})


# --- running the profile's tests against one mutant ----------------------------------------


class _SkipConsoleScript:
    """Leave out tests that run the installed console script: they cannot see the mutant."""

    def pytest_collection_modifyitems(self, config: Any, items: list[Any]) -> None:
        kept = [i for i in items if "run_check" not in getattr(i, "fixturenames", ())]
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def _child(mutant: Mutant | None, name: str) -> int:
    import pytest

    import safetyregs.profiles as registry

    module = importlib.import_module(f"safetyregs.jurisdictions.{name}")
    if mutant is not None:
        try:
            module.PROFILE = _replace(module.PROFILE, mutant.path, mutant.new)
        except Exception:  # the mutant cannot even be built: the declaration guards it
            return 100
    registry.refresh()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    tests = [f"tests/test_{name}.py", *(str(t) for t in SHARED_TESTS)]
    args = ["-x", "-q", "-p", "no:cacheprovider", *tests]
    return int(pytest.main(args, plugins=[_SkipConsoleScript()]))


def run(mutant: Mutant | None, name: str, timeout: float) -> str:
    """``survived``, ``killed``, ``invalid`` (cannot be built) or ``timeout``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            code = _child(mutant, name)
        finally:
            os._exit(code)
    started = time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > timeout:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.05)
    code = os.waitstatus_to_exitcode(status)
    return {0: "survived", 100: "invalid"}.get(code, "killed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="*", default=list(PROFILES))
    parser.add_argument("--limit", type=int, default=0, help="at most N mutants per profile")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--out", default=str(ROOT / "mutants" / "profile-mutants.txt"))
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "tests"))
    lines: list[str] = []
    totals = {"killed": 0, "survived": 0, "timeout": 0, "invalid": 0}
    for name in args.profiles:
        started = time.monotonic()
        if run(None, name, args.timeout) != "survived":
            print(f"{name}: the unmutated profile fails its tests; skipped", flush=True)
            continue
        found = mutants(name)
        if args.limit:
            found = found[: args.limit]
        counts = dict.fromkeys(totals, 0)
        for done, mutant in enumerate(found, 1):
            outcome = run(mutant, name, args.timeout)
            counts[outcome] += 1
            if done % 10 == 0:
                print(f"{name}: {done}/{len(found)} {counts}", flush=True)
            if outcome == "survived":
                lines.append(f"SURVIVED {mutant.describe()}")
                print(lines[-1], flush=True)
        for key in totals:
            totals[key] += counts[key]
        valid = counts["killed"] + counts["survived"] + counts["timeout"]
        score = 100 * (valid - counts["survived"]) / valid if valid else 100.0
        summary = (
            f"{name}: {len(found)} mutants, {counts['killed'] + counts['timeout']} killed, "
            f"{counts['survived']} survived, {counts['invalid']} refused when built; "
            f"score {score:.1f}% in {time.monotonic() - started:.0f} s"
        )
        lines.append(summary)
        print(summary, flush=True)
    valid = totals["killed"] + totals["survived"] + totals["timeout"]
    score = 100 * (valid - totals["survived"]) / valid if valid else 100.0
    lines.append(f"total: {valid} valid mutants, {totals['survived']} survived, score {score:.1f}%")
    print(lines[-1])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
