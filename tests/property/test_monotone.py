"""Record monotonicity, made precise by each rule kind's declaration (``record_effects``).

* A record of a list that *helps* a rule never turns a met obligation of the rule
  into a violated one and never makes a violation (invariant runs compared by day);
* a list declared to *hurt* a rule really can: some records of it (at most three: one
  member of staff cannot bring a rescue team of one in two below 30%), added to a
  compliant witness, make a violation of that rule.

Both for every rule of every installed profile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

import safetyregs
from safetyregs import Obligation, Period, Profile, SchoolFile
from safetyregs import strategies as srst
from safetyregs._kinds import Invariant
from safetyregs.testing import record_effects, witness

PROFILES = safetyregs.profiles.names()


def year_in_force(profile: Profile) -> Period:
    """The first whole calendar year after the profile takes effect, or its whole span."""
    year = profile.effective_from.year + 1
    until = profile.effective_until
    if until is not None and until < dt.date(year, 12, 31):
        return Period(profile.effective_from, until)
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def statuses(obligations: tuple[Obligation, ...], invariant: bool) -> dict[Any, str]:
    """Status per obligation key; invariant runs as single days (runs may split)."""
    if invariant:
        return {(o.subject, day): o.status for o in obligations for day in o.period}
    return {(o.subject, o.period.start, o.period.end): o.status for o in obligations}


def with_record(sf: SchoolFile, name: str, record: Any) -> SchoolFile:
    """``sf`` with one more record in list ``name``, under an id no record has."""
    taken = {getattr(r, "id", None) for r in getattr(sf, name)}
    fresh = next(f"added-{n}" for n in range(1, 1000) if f"added-{n}" not in taken)
    if getattr(record, "id", None) is not None:
        record = attrs.evolve(record, id=fresh)
    return attrs.evolve(sf, **{name: (*getattr(sf, name), record)})


def helping(profile: Profile) -> list[str]:
    return sorted({n for r in profile.rules for n, e in record_effects(r).items() if e == "helps"})


@pytest.mark.parametrize("name", PROFILES)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_helping_record_never_hurts(name: str, data: st.DataObject) -> None:
    """Met stays met and nothing new is violated, for every rule the record's list helps."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    sf = data.draw(
        srst.school_files(profile=profile, start=period.start, end=period.end, max_records=3)
    )
    collection = data.draw(st.sampled_from(helping(profile)))
    staff = tuple(m.id for m in sf.staff)
    assume(staff or collection not in ("trainings", "duty"))
    record = data.draw(
        srst.records(collection, start=period.start, end=period.end, staff_ids=staff or ("s1",))
    )
    more = with_record(sf, collection, record)
    as_of = data.draw(st.dates(period.start, period.end + dt.timedelta(days=60)))
    for rule in profile.rules:
        if record_effects(rule).get(collection) != "helps":
            continue
        invariant = any(isinstance(c, Invariant) for c in rule.checks)
        before = statuses(
            safetyregs.evaluate(sf, profile, period, as_of, rules=[rule.id]), invariant
        )
        after = statuses(
            safetyregs.evaluate(more, profile, period, as_of, rules=[rule.id]), invariant
        )
        for key, status in before.items():
            if status == "met":
                assert after.get(key) == "met", (rule.id, key)
        for key, status in after.items():
            if status == "violated":
                assert before.get(key) == "violated", (rule.id, key)


def hurting_pairs() -> list[tuple[str, str, str]]:
    return [
        (name, rule.id, collection)
        for name in PROFILES
        for rule in safetyregs.profiles.get(name).rules
        for collection, effect in sorted(record_effects(rule).items())
        if effect == "hurts"
    ]


@pytest.mark.parametrize(("name", "rule_id", "collection"), hurting_pairs())
def test_a_hurting_list_can_hurt(name: str, rule_id: str, collection: str) -> None:
    """Some records of the list, added to a compliant witness, make a violation of the rule."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    as_of = period.end + dt.timedelta(days=1)
    base = witness(profile, period)
    before = safetyregs.evaluate(base, profile, period, as_of, rules=[rule_id])
    assert all(o.status == "met" for o in before)
    staff = tuple(m.id for m in base.staff)  # records name only staff of the file
    start = period.start - dt.timedelta(days=366)

    def added(records: list[Any]) -> SchoolFile:
        sf = base
        for n, record in enumerate(records):
            sf = with_record(sf, collection, attrs.evolve(record, id=f"new-{n}"))
        return sf

    def hurts(records: list[Any]) -> bool:
        after = safetyregs.evaluate(added(records), profile, period, as_of, rules=[rule_id])
        return any(o.status == "violated" for o in after)

    drawn = srst.records(collection, start=start, end=period.end, staff_ids=staff, id="new")

    @settings(
        max_examples=500,
        phases=[Phase.generate],  # a search, not a test: no shrinking
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(drawn, min_size=1, max_size=3))
    def search(records: list[Any]) -> None:
        if hurts(records):
            raise Hurt(records)

    with pytest.raises(Hurt):
        search()


class Hurt(Exception):
    """Records that, added, made a violation."""
