"""Reach, measured: ``strategies.school_files(profile=...)`` makes every rule met and violated.

For every rule of every installed profile, over Hypothesis' default budget of
100 examples (derandomized, so the figures are the same on every run), at
least one example has a ``met`` obligation of the rule and one a ``violated``
one. Invariants, prohibitions and ledgers report only failures: for those,
"met" counts the examples where the rule applies, its subjects exist (a bus,
an outing, a ledger entry) and nothing of it is violated or pending.

The figures per rule are printed (``pytest -rP tests/property/test_reach.py``
shows them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, event, given, settings, target

import safetyregs
from safetyregs import Period, Profile, Rule, SchoolFile
from safetyregs import strategies as srst
from safetyregs._kinds import Invariant, Ledger, Prohibition
from safetyregs.testing import record_effects

PROFILES = safetyregs.profiles.names()


def year_in_force(profile: Profile) -> Period:
    """The first whole calendar year after the profile takes effect, or its whole span."""
    year = profile.effective_from.year + 1
    until = profile.effective_until
    if until is not None and until < dt.date(year, 12, 31):
        return Period(profile.effective_from, until)
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def only_failures(rule: Rule) -> bool:
    return all(isinstance(c, Invariant | Prohibition | Ledger) for c in rule.checks)


def reached(sf: SchoolFile, profile: Profile, period: Period) -> set[tuple[str, str]]:
    """(rule, status) pairs of one file, as of the day after the period."""
    obligations = safetyregs.evaluate(sf, profile, period, period.end + dt.timedelta(days=1))
    seen = {(o.rule, o.status) for o in obligations}
    for rule in profile.rules:
        if not only_failures(rule) or not rule.applies_to(sf):
            continue
        if any(r == rule.id for r, _ in seen):
            continue
        if all(getattr(sf, name) for name, e in record_effects(rule).items() if e == "hurts"):
            seen.add((rule.id, "met"))
    return seen


@pytest.mark.parametrize("name", PROFILES)
def test_every_rule_is_met_and_violated(name: str) -> None:
    """Every rule is met in some example and violated in another (figures printed)."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    counts: dict[str, Counter[str]] = {rule.id: Counter() for rule in profile.rules}

    @settings(
        max_examples=100,  # Hypothesis' default budget, whatever the settings profile says
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(srst.school_files(profile=profile, start=period.start, end=period.end))
    def run(sf: SchoolFile) -> None:
        pairs = reached(sf, profile, period)
        for rule_id, status in sorted(pairs):
            counts[rule_id][status] += 1
            event(f"{rule_id}: {status}")
        # Steer towards files that make many rules both met and violated.
        target(float(len(pairs)), label="(rule, status) pairs reached")

    run()
    lines = [f"{name} over {period}: examples with a met / violated obligation per rule"]
    lines += [
        f"  {rule:45} {c['met']:3} met {c['violated']:3} violated" for rule, c in counts.items()
    ]
    print("\n".join(lines))
    missing = [rule for rule, c in counts.items() if not (c["met"] and c["violated"])]
    assert missing == [], "\n".join(lines)
