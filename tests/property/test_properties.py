"""Properties of every installed profile, on school files from ``safetyregs.strategies``.

* additivity: the obligations of ``[a, c]`` are those of ``[a, b]`` plus those
  of ``[b+1, c]``; invariant runs are clipped to the asked range by
  definition, so for invariant rules the failing *days* must add up instead;
* record order never matters;
* as ``as_of`` moves later, a violated obligation stays violated and a met one
  stays met (invariant runs, whose split depends on ``as_of``, compared by day);
* a school file round-trips through ``dumps`` and ``loads``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import safetyregs
from safetyregs import Obligation, Period, Profile, SchoolFile
from safetyregs import strategies as srst

ONE_DAY = dt.timedelta(days=1)
PROFILES = safetyregs.profiles.names()

#: No shrinking by default: a failure is reported at once instead of after minutes of
#: shrinking a school file. Set SAFETYREGS_SHRINK=1 for a minimal failing example.
_PHASES = (
    tuple(Phase)
    if os.environ.get("SAFETYREGS_SHRINK")
    else (Phase.explicit, Phase.reuse, Phase.generate)
)
#: Examples per property per profile come from the Hypothesis profile (tests/conftest.py):
#: ``ci`` (30, in ``make test``) or ``thorough`` (1,000, ``make test-thorough``).
fast = settings(phases=_PHASES)


def window(profile: Profile) -> tuple[dt.date, dt.date]:
    """Record dates for a profile: from a quarter before it takes effect, about two years."""
    start = profile.effective_from - dt.timedelta(days=90)
    end = profile.effective_from + dt.timedelta(days=2 * 365)
    if profile.effective_until is not None:
        end = min(end, profile.effective_until + dt.timedelta(days=90))
    return start, end


def invariant_rules(profile: Profile) -> set[str]:
    return {rule.id for rule in profile.rules if "invariant" in rule.kind.split("+")}


def evaluate(
    sf: SchoolFile, profile: Profile, a: dt.date, c: dt.date, as_of: dt.date
) -> tuple[Obligation, ...]:
    return safetyregs.evaluate(sf, profile, Period(a, c), as_of)


def whole(obs: tuple[Obligation, ...], skip: set[str]) -> Counter[tuple[Any, ...]]:
    """Obligations as (rule, subject, period, due, status), leaving out ``skip`` rules."""
    return Counter(
        (o.rule, o.subject, o.period.start, o.period.end, o.due, o.status)
        for o in obs
        if o.rule not in skip
    )


def by_day(obs: tuple[Obligation, ...], only: set[str]) -> Counter[tuple[Any, ...]]:
    """Obligations of ``only`` rules as the days they cover, each with its status."""
    return Counter(
        (o.rule, o.subject, day, o.status) for o in obs if o.rule in only for day in o.period
    )


@st.composite
def cases(
    draw: st.DrawFn, name: str
) -> tuple[Profile, SchoolFile, dt.date, dt.date, dt.date, dt.date]:
    """A profile, a school file of it, a range ``[a, c]``, a split ``b`` and an ``as_of``."""
    profile = safetyregs.profiles.get(name)
    start, end = window(profile)
    sf = draw(srst.school_files(jurisdiction=name, start=start, end=end))
    a = draw(st.dates(start, end - dt.timedelta(days=60)))
    c = draw(st.dates(a + ONE_DAY, end))
    b = draw(st.dates(a, c - ONE_DAY))
    as_of = draw(st.dates(start, end + dt.timedelta(days=60)))
    return sf, a, b, c, as_of


def shuffled(draw: st.DrawFn, value: Any) -> Any:
    """The value with every tuple inside it (record lists, steps, roles, terms) permuted."""
    if attrs.has(type(value)):
        changes = {
            f.name: shuffled(draw, getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.init and isinstance(getattr(value, f.name), tuple)
        }
        return attrs.evolve(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = [shuffled(draw, item) for item in value]
        return tuple(draw(st.permutations(items)))
    return value


@pytest.mark.parametrize("name", PROFILES)
class TestAdditivity:
    """An obligation belongs to the range holding its due date."""

    @fast
    @given(data=st.data())
    def test_split_range(self, name: str, data: st.DataObject) -> None:
        """Due dates lie in [a, c]; [a, c] = [a, b] + [b+1, c]; invariants compared by day."""
        profile = safetyregs.profiles.get(name)
        sf, a, b, c, as_of = data.draw(cases(name))
        inv = invariant_rules(profile)
        all_of = evaluate(sf, profile, a, c, as_of)
        left = evaluate(sf, profile, a, b, as_of)
        right = evaluate(sf, profile, b + ONE_DAY, c, as_of)
        assert all(a <= o.due_date <= c for o in all_of)
        assert whole(all_of, inv) == whole(left, inv) + whole(right, inv)
        assert by_day(all_of, inv) == by_day(left, inv) + by_day(right, inv)


@pytest.mark.parametrize("name", PROFILES)
class TestRecordOrder:
    """Results do not depend on the order of any list in the school file."""

    @fast
    @given(data=st.data())
    def test_shuffled_lists(self, name: str, data: st.DataObject) -> None:
        """Permuting every list (records, steps, roles, terms, levels) changes nothing."""
        profile = safetyregs.profiles.get(name)
        sf, a, _, c, as_of = data.draw(cases(name))
        other = shuffled(data.draw, sf)
        assert Counter(evaluate(other, profile, a, c, as_of)) == Counter(
            evaluate(sf, profile, a, c, as_of)
        )


@pytest.mark.parametrize("name", PROFILES)
class TestAsOfMonotone:
    """Moving ``as_of`` later only turns pending into met or violated."""

    @fast
    @given(data=st.data(), later=st.integers(min_value=1, max_value=400))
    def test_statuses_settle(self, name: str, data: st.DataObject, later: int) -> None:
        """Same obligations; violated stays violated, met stays met; invariant days likewise."""
        profile = safetyregs.profiles.get(name)
        sf, a, _, c, as_of = data.draw(cases(name))
        inv = invariant_rules(profile)
        before = evaluate(sf, profile, a, c, as_of)
        after = evaluate(sf, profile, a, c, as_of + dt.timedelta(days=later))

        early_whole, late_whole = statuses_by(before, inv, False), statuses_by(after, inv, False)
        assert early_whole.keys() == late_whole.keys()
        several = {rule.id for rule in profile.rules if len(rule.checks) > 1}
        assert_settled(early_whole, late_whole, several)
        early_days, late_days = statuses_by(before, inv, True), statuses_by(after, inv, True)
        assert early_days.keys() == late_days.keys()
        assert_settled(early_days, late_days, several)


def statuses_by(
    obs: tuple[Obligation, ...], inv: set[str], days: bool
) -> dict[tuple[Any, ...], list[str]]:
    """Statuses per (rule, subject, period, due) of other rules, or per day of invariant rules."""
    out: dict[tuple[Any, ...], list[str]] = {}
    for o in obs:
        if (o.rule in inv) != days:
            continue
        keys = (
            [(o.rule, o.subject, d) for d in o.period]
            if days
            else [(o.rule, o.subject, o.period, o.due)]
        )
        for k in keys:
            out.setdefault(k, []).append(o.status)
    return out


def assert_settled(
    early: dict[tuple[Any, ...], list[str]],
    late: dict[tuple[Any, ...], list[str]],
    several_parts: set[str],
) -> None:
    """Paired in sorted order (met < pending < violated), only pending may change.

    A rule of several kinds (an invariant and a deadline, say) can have two findings
    with one key, merged into one obligation that takes the worst status of its parts
    (the key is unique in a result); a later ``as_of`` moves an invariant run's split or
    end and so can separate them, showing a part that was met all along. The number of
    statuses of a day then differs, and the law is on the statuses themselves: every
    settled status stays, and a violated day stays violated.
    """
    for k, old_statuses in early.items():
        new_statuses = late[k]
        if len(old_statuses) != len(new_statuses):
            assert k[0] in several_parts, (k, old_statuses, new_statuses)
            settled = set(old_statuses) - {"pending"}
            assert settled <= set(new_statuses), (k, old_statuses, new_statuses)
            continue
        for old, new in zip(sorted(old_statuses), sorted(new_statuses), strict=True):
            assert old == "pending" or new == old, (k, old, new)


@pytest.mark.parametrize("name", PROFILES)
class TestRoundTrip:
    """``loads(dumps(sf)) == sf``."""

    @fast
    @given(data=st.data())
    def test_json_and_toml(self, name: str, data: st.DataObject) -> None:
        """A school file survives JSON, and TOML (the contract's other format), unchanged."""
        profile = safetyregs.profiles.get(name)
        start, end = window(profile)
        sf = data.draw(srst.school_files(jurisdiction=name, start=start, end=end))
        assert safetyregs.loads(safetyregs.dumps(sf)) == sf
        assert safetyregs.loads(safetyregs.dumps(sf, format="toml"), format="toml") == sf


STEPS = ("identified", "registered", "assessed", "reported", "monitored", "remediated")
STEPS += ("accepted", "verified", "closed")


@st.composite
def colliding(draw: st.DrawFn, name: str) -> tuple[SchoolFile, dt.date, dt.date, dt.date]:
    """A case plus the records that used to share a key: same-day outings, same-day steps."""
    sf, a, _, c, as_of = draw(cases(name))
    day = draw(st.dates(a, c))
    outings = tuple(
        safetyregs.Activity(f"same-day-{n}", day, "outing", open_fire=draw(st.booleans()))
        for n in range(draw(st.integers(2, 3)))
    )
    steps = draw(st.lists(st.sampled_from(STEPS), min_size=2, max_size=5))
    hazard = safetyregs.Hazard(
        "same-day-hazard",
        day,
        deadline=draw(st.sampled_from([day, c])),
        steps=tuple(safetyregs.HazardStep(step, day) for step in steps),  # type: ignore[arg-type]
    )
    sf = attrs.evolve(sf, activities=sf.activities + outings, hazards=(*sf.hazards, hazard))
    return sf, a, c, as_of


@pytest.mark.parametrize("name", PROFILES)
class TestUniqueKeys:
    """Within one result (rule, subject, period_start, period_end) is unique, and so is the id."""

    @fast
    @given(data=st.data())
    def test_same_day_records_and_steps(self, name: str, data: st.DataObject) -> None:
        """Outings and hazard steps sharing one day never give two obligations with one key."""
        profile = safetyregs.profiles.get(name)
        sf, a, c, as_of = data.draw(colliding(name))
        obs = evaluate(sf, profile, a, c, as_of)
        keys = [(o.rule, o.subject, o.period.start, o.period.end) for o in obs]
        assert len(keys) == len(set(keys))
        assert len({o.id for o in obs}) == len(obs)
        again = evaluate(sf, profile, a, c, as_of)
        assert [o.id for o in again] == [o.id for o in obs]
