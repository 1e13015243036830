"""Directions and implication: ``testing.stricter`` and ``testing.counterexample``.

* ``stricter`` moves every numeric parameter of every profile one step in the
  direction ``Profile.parameters()`` declares, and every violation under the
  base profile is one under the stricter profile (property, every parameter);
* ``counterexample`` finds the known differences between drill rules and none
  where one profile only tightens another.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetyregs
from safetyregs import Period, Profile, SchoolCalendar
from safetyregs import strategies as srst
from safetyregs.testing import (
    compliant,
    counterexample,
    numeric_parameters,
    only_topics,
    stricter,
    violation_keys,
)

PROFILES = safetyregs.profiles.names()
YEAR_2025 = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def year_in_force(profile: Profile) -> Period:
    """The first whole calendar year after the profile takes effect, or its whole span."""
    year = profile.effective_from.year + 1
    until = profile.effective_until
    if until is not None and until < dt.date(year, 12, 31):
        return Period(profile.effective_from, until)
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def leaves(profile: Profile) -> list[Any]:
    """Parameters that hold one value, not parts (whose values contain other parameters)."""
    return [p for p in profile.parameters() if not p.container and p.type != "kind"]


def test_every_profile_has_numeric_parameters() -> None:
    """The property below has something to test in every profile."""
    assert all(numeric_parameters(safetyregs.profiles.get(n)) for n in PROFILES)


@pytest.mark.parametrize("name", PROFILES)
def test_stricter_moves_each_parameter_its_way(name: str) -> None:
    """Each numeric parameter moves one step up (``increase``) or down (``decrease``)."""
    profile = safetyregs.profiles.get(name)
    for param in numeric_parameters(profile):
        strict = stricter(profile, param)
        (moved,) = [p for p in strict.parameters() if (p.rule, p.path) == (param.rule, param.path)]
        step = Decimal(1) if param.type == "int" or Decimal(param.value) >= 1 else Decimal("0.1")
        sign = 1 if param.tightens == "increase" else -1
        assert Decimal(moved.value) == Decimal(param.value) + sign * step, param
        # Every other leaf (containers and part kinds hold the moved value) is unchanged.
        others = [p for p in leaves(strict) if (p.rule, p.path) != (param.rule, param.path)]
        assert others == [p for p in leaves(profile) if p != param]


def test_stricter_paths_and_bounds() -> None:
    """ "RULE.PATH" and rule= name the same parameter; a minimum at zero cannot go down."""
    cixi = safetyregs.profiles.get("cixi")
    by_text = stricter(cixi, "cixi.rescue-team.holds.at_least")
    by_rule = stricter(cixi, "holds.at_least", rule="cixi.rescue-team")
    assert by_text == by_rule
    assert by_text.rule("cixi.rescue-team").checks[0].holds.at_least == Decimal("0.4")
    ziyang = safetyregs.profiles.get("ziyang")
    zero = stricter(ziyang, "ziyang.drowning-report-receipt.trigger.deaths_at_least")
    with pytest.raises(ValueError, match="cannot decrease"):
        stricter(zero, "ziyang.drowning-report-receipt.trigger.deaths_at_least")
    with pytest.raises(KeyError, match="no parameter"):
        stricter(ziyang, "ziyang.no-such-rule.at_least")


@pytest.mark.parametrize("name", PROFILES)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_stricter_profile_keeps_every_violation(name: str, data: st.DataObject) -> None:
    """For every numeric parameter, violations under the base are violations under the
    stricter profile (invariant runs compared day by day)."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    sf = data.draw(
        srst.school_files(profile=profile, start=period.start, end=period.end, max_records=3)
    )
    as_of = data.draw(st.dates(period.start, period.end + dt.timedelta(days=60)))
    base = violation_keys(safetyregs.evaluate(sf, profile, period, as_of), profile)
    for param, strict in STRICTER[name]:
        rules = [param.rule] if param.rule is not None else None
        tight = violation_keys(safetyregs.evaluate(sf, strict, period, as_of, rules=rules), strict)
        mine = {k for k in base if rules is None or k[0] == param.rule}
        assert mine <= tight, (param.rule, param.path, sorted(mine - tight)[:3])


STRICTER = {
    name: [
        (p, stricter(safetyregs.profiles.get(name), p))
        for p in numeric_parameters(safetyregs.profiles.get(name))
    ]
    for name in PROFILES
}


def test_quarterly_compliance_does_not_give_monthly() -> None:
    """A school with changzhou's quarterly drills violates ziyang's monthly drills."""
    found = counterexample(
        "changzhou", "ziyang", YEAR_2025, topics=["evacuation-drill"], level="primary"
    )
    assert found is not None
    changzhou = only_topics(safetyregs.profiles.get("changzhou"), ["evacuation-drill"])
    ziyang = only_topics(safetyregs.profiles.get("ziyang"), ["evacuation-drill"])
    assert compliant(found, changzhou, YEAR_2025)
    after = safetyregs.evaluate(found, ziyang, YEAR_2025, dt.date(2026, 1, 1))
    assert any(o.status == "violated" for o in after)
    assert len(found.drills) == 4  # shrunk: one drill a quarter


def test_monthly_compliance_does_not_give_quarterly() -> None:
    """yanzhou's monthly drills (months with 10 school days) miss changzhou's quarterly drill
    of a quarter with 10 school days in none of its months: the counterexample has one."""
    found = counterexample(
        "yanzhou", "changzhou", YEAR_2025, topics=["evacuation-drill"], level="primary"
    )
    assert found is not None
    changzhou = only_topics(safetyregs.profiles.get("changzhou"), ["evacuation-drill"])
    violated = [
        o
        for o in safetyregs.evaluate(found, changzhou, YEAR_2025, dt.date(2026, 1, 1))
        if o.status == "violated"
    ]
    assert violated
    calendar = SchoolCalendar.for_terms(
        [Period(t.start, t.end) for t in found.school.terms] or None
    )
    quarter = violated[0].period
    months = [
        Period(dt.date(quarter.start.year, m, 1), dt.date(quarter.start.year, m, 28))
        for m in range(quarter.start.month, quarter.start.month + 3)
    ]
    assert calendar.count_school_days(quarter) >= 10
    assert all(calendar.count_school_days(safetyregs.month_period(m.start)) < 10 for m in months)


@pytest.mark.parametrize(
    "path",
    [
        "changzhou.emergency-drill-quarterly.needs[0].at_least",
        "changzhou.emergency-drill-quarterly.min_school_days",
    ],
)
def test_no_counterexample_where_one_only_tightens(path: str) -> None:
    """Compliance with a stricter changzhou implies compliance with changzhou."""
    changzhou = safetyregs.profiles.get("changzhou")
    assert counterexample(stricter(changzhou, path), changzhou, YEAR_2025, max_examples=30) is None
