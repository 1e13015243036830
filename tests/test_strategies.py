"""Tests for safetyregs.strategies: what they generate is valid and round-trips."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument

from safetyregs import strategies as srst
from safetyregs._io import dumps, loads, structure, unstructure
from safetyregs._models import CST, Level, SchoolFile

RECORD_LISTS = [a.name for a in SchoolFile.__attrs_attrs__ if a.name not in {"school"}]
START = dt.date(2026, 9, 1)
END = dt.date(2026, 9, 30)

fast = settings(deadline=None, max_examples=60)


def all_dates(value: Any) -> list[dt.date]:
    """Every date of a model, a datetime counting as its day in CST."""
    if isinstance(value, dt.datetime):
        return [value.astimezone(CST).date()]
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, tuple):
        return [day for item in value for day in all_dates(item)]
    if attrs.has(type(value)):
        return [day for a in attrs.fields(type(value)) for day in all_dates(getattr(value, a.name))]
    return []


class TestSchoolFiles:
    @fast
    @given(srst.school_files())
    def test_round_trip_through_unstructure(self, sf: SchoolFile) -> None:
        """unstructure → structure gives an equal file, re-validated without error."""
        assert structure(unstructure(sf), profiles=["ziyang"]) == sf

    @fast
    @given(srst.school_files(max_records=2))
    def test_round_trip_through_text(self, sf: SchoolFile) -> None:
        """The JSON and TOML texts read back equal."""
        assert loads(dumps(sf)) == sf
        assert loads(dumps(sf, format="toml"), format="toml") == sf

    @fast
    @given(srst.school_files())
    def test_ids_are_unique_and_references_exist(self, sf: SchoolFile) -> None:
        """Ids repeat in no list, and every staff reference names a member of staff."""
        for name in RECORD_LISTS:
            ids = [r.id for r in getattr(sf, name) if r.id is not None]
            assert not [i for i, n in Counter(ids).items() if n > 1], name
        staff_ids = {m.id for m in sf.staff}
        references = [t.staff for t in sf.trainings] + [d.staff for d in sf.duty]
        references += [h.responsible for h in sf.hazards if h.responsible is not None]
        assert set(references) <= staff_ids

    @fast
    @given(srst.school_files(start=START, end=END, max_records=3))
    def test_dates_lie_in_the_range(self, sf: SchoolFile) -> None:
        """Every date lies in the range; incident reports may come up to 3 days later."""
        for day in all_dates(sf):
            assert START <= day <= END + dt.timedelta(days=3)
        for incident in sf.incidents:
            assert START <= incident.occurred_at.date() <= END

    @fast
    @given(srst.school_files(max_records=3))
    def test_values_have_the_promised_form(self, sf: SchoolFile) -> None:
        """Decimals have one decimal place; datetimes are aware, in CST; lists are short."""
        decimals = [t.class_hours for t in sf.trainings] + [c.quantity for c in sf.chemicals]
        assert all(d.as_tuple().exponent == -1 for d in decimals)
        assert all(isinstance(d, Decimal) for d in decimals)
        for incident in sf.incidents:
            assert incident.occurred_at.tzinfo is CST
        assert all(len(getattr(sf, name)) <= 3 for name in RECORD_LISTS)

    @fast
    @given(srst.school_files(jurisdiction="atlantis", max_records=0))
    def test_jurisdiction_and_zero_records(self, sf: SchoolFile) -> None:
        """The jurisdiction is the one asked for; max_records=0 gives empty lists."""
        assert sf.school.jurisdiction == "atlantis"
        assert all(getattr(sf, name) == () for name in RECORD_LISTS)


class TestRecordStrategies:
    @fast
    @given(srst.schools(levels=["primary", Level.KINDERGARTEN]))
    def test_schools_with_fixed_levels(self, school: Any) -> None:
        """Given levels are used exactly, and terms are ordered and disjoint."""
        assert school.levels == (Level.PRIMARY, Level.KINDERGARTEN)
        for before, after in zip(school.terms, school.terms[1:], strict=False):
            assert before.end < after.start

    @fast
    @given(srst.trainings(["a", "b"], start=START, end=END))
    def test_trainings_name_given_staff(self, training: Any) -> None:
        """Trainings only name the given staff ids and lie in the range."""
        assert training.staff in {"a", "b"}
        assert START <= training.date <= END

    @fast
    @given(srst.staff_members(start=START, end=END))
    def test_staff_roles_follow_hiring(self, member: Any) -> None:
        """Roles start no earlier than hiring and never end before they start."""
        for span in member.roles:
            assert member.hired <= span.start
            assert span.end is None or span.start <= span.end

    @fast
    @given(srst.incidents(start=START, end=END))
    def test_incident_reports_follow_the_incident(self, incident: Any) -> None:
        """Knowledge and reports come no earlier than the incident."""
        for moment in (incident.known_at, incident.phone_reported_at):
            assert moment is None or moment >= incident.occurred_at

    @fast
    @given(srst.class_hours(max_value=2))
    def test_class_hours(self, hours: Decimal) -> None:
        """Class hours are exact tenths within bounds."""
        assert Decimal(0) <= hours <= Decimal(2)
        assert hours == hours.quantize(Decimal("0.1"))


class TestArguments:
    @pytest.mark.parametrize(
        "make",
        [
            lambda: srst.school_files(start=dt.date(2027, 1, 1), end=dt.date(2026, 1, 1)),
            lambda: srst.school_files(start=dt.datetime(2026, 1, 1)),
            lambda: srst.school_files(max_records=-1),
            lambda: srst.school_files(max_records=True),
            lambda: srst.school_files(jurisdiction=""),
            lambda: srst.schools(levels="primary"),
            lambda: srst.schools(levels=["college"]),
            lambda: srst.trainings([]),
            lambda: srst.trainings("s1"),
            lambda: srst.duties([1]),  # type: ignore[list-item]
            lambda: srst.hazards("s1"),
            lambda: srst.class_hours(-1),
        ],
    )
    def test_bad_arguments_fail_at_call_time(self, make: Any) -> None:
        """Bad arguments raise InvalidArgument when the strategy is made, not drawn."""
        with pytest.raises(InvalidArgument):
            make()
