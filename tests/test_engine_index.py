"""The per-school record index and the shared period cache the engine counts with.

The engine indexes each record list once per school (sorted by date, then id),
groups records by a field when a condition or a person asks for one value, and
shares the periods of recurring rules between schools with the same calendar.
These tests pin what each of those returns, worked out by hand from the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

import attrs
from attrs import frozen

import safetyregs
from safetyregs import Drill, Period, SchoolFile, Training, _kinds
from safetyregs._calendar import month_of
from safetyregs._engine import Context
from safetyregs._kinds import (
    Months,
    Need,
    Recurring,
    SchoolDays,
    Window,
    _combine,
    _evidence,
    records,
)
from safetyregs._models import CheckSession, HealthCheck

D = dt.date.fromisoformat
YEAR = Period(D("2026-01-01"), D("2026-12-31"))
AS_OF = D("2027-01-01")


def school_with(**lists: Any) -> SchoolFile:
    """The example school with some of its record lists replaced."""
    return attrs.evolve(safetyregs.example_school(), **lists)


def ids(found: list[Any]) -> list[str | None]:
    return [r.id for r in found]


TRAININGS = (
    Training("t1", "s1", D("2026-03-01"), 2, kind="annual"),
    Training("t2", "s2", D("2026-03-01"), 2, kind="annual"),
    Training("t3", "s1", D("2026-02-01"), 2, kind="other"),
    Training("t4", "s1", D("2026-04-01"), 6, kind="annual"),
    Training("t0", "s1", D("2026-03-01"), 6, kind="annual"),
)


class TestIndex:
    """Records a match picks, narrowed or not, in date-then-id order."""

    def ctx(self) -> Context:
        return Context(school_with(trainings=TRAININGS), AS_OF)

    def test_person_records_come_from_their_group(self) -> None:
        """s1's annual trainings are t0, t1 (same day, by id) and t4; t3 is of another kind."""
        ctx = self.ctx()
        annual = records("trainings", kind="annual")
        assert ids(ctx.dated_narrowed(annual, (("staff", "s1"),), YEAR)) == ["t0", "t1", "t4"]
        march = Period(D("2026-03-01"), D("2026-03-31"))
        assert ids(ctx.dated_narrowed(annual, (("staff", "s1"),), march)) == ["t0", "t1"]
        assert ids(ctx.dated_narrowed(annual, (("staff", "s2"),), YEAR)) == ["t2"]
        assert ctx.dated_narrowed(annual, (("staff", "s9"),), YEAR) == []

    def test_other_narrowings_filter_the_whole_list(self) -> None:
        """A choice of people, or two conditions at once, select as the narrowed match does."""
        ctx = self.ctx()
        annual = records("trainings", kind="annual")
        both = ctx.dated_narrowed(annual, (("staff", ("s1", "s2")),), YEAR)
        assert ids(both) == ["t0", "t1", "t2", "t4"]
        two = ctx.dated_narrowed(records("trainings"), (("kind", "annual"), ("staff", "s1")), YEAR)
        assert ids(two) == ["t0", "t1", "t4"]

    def test_a_grouped_condition_still_checks_the_others(self) -> None:
        """kind=annual picks t0, t1, t2, t4; at least 4 class hours leaves t0 and t4."""
        ctx = self.ctx()
        assert ids(ctx.dated(records("trainings", kind="annual"), YEAR)) == [
            "t0",
            "t1",
            "t2",
            "t4",
        ]
        long = records("trainings", kind="annual", class_hours__min=4)
        assert ids(ctx.dated(long, YEAR)) == ["t0", "t4"]
        assert ctx.dated(records("trainings", kind="induction"), YEAR) == []

    def test_records_without_ids_keep_their_order_within_a_day(self) -> None:
        """Same-day checks without ids stay in file order; an id-less one sorts before ``h1``."""
        noon = HealthCheck(D("2026-03-02"), CheckSession.NOON)
        morning = HealthCheck(D("2026-03-02"), CheckSession.MORNING)
        earlier = HealthCheck(D("2026-03-01"), CheckSession.NOON)
        ctx = Context(school_with(health_checks=(noon, morning, earlier)), AS_OF)
        assert ctx.by_date("health_checks") == [earlier, noon, morning]
        named = HealthCheck(D("2026-03-02"), CheckSession.MORNING, id="h1")
        ctx = Context(school_with(health_checks=(named, noon)), AS_OF)
        assert ctx.by_date("health_checks") == [noon, named]


class TestParts:
    """Evidence and the combination of several needs of one period."""

    def test_evidence_is_each_id_once_sorted(self) -> None:
        """No id gives no evidence; repeated ids are named once, in order."""
        assert _evidence([HealthCheck(D("2026-03-02"), CheckSession.NOON)]) == ()
        assert _evidence([TRAININGS[0]]) == ("t1",)
        assert _evidence([TRAININGS[1], TRAININGS[0], TRAININGS[1]]) == ("t1", "t2")
        assert _evidence([]) == ()

    def test_needs_met_together_add_up_and_show_every_part(self) -> None:
        """Morning and noon checks both done on 2 March: 2/2 health checks, both parts shown."""
        checks = (
            HealthCheck(D("2026-03-02"), CheckSession.MORNING),
            HealthCheck(D("2026-03-02"), CheckSession.NOON),
        )
        ctx = Context(school_with(health_checks=checks), AS_OF)
        day = Period(D("2026-03-02"), D("2026-03-02"))
        rule = Recurring(
            SchoolDays(),
            [
                Need(records("health_checks", session="morning")),
                Need(records("health_checks", session="noon")),
            ],
        )
        (found,) = list(rule.findings(ctx, day))
        assert found.satisfied
        assert (found.found, found.required, found.unit) == (2, 2, "health_checks")
        assert found.detail.key == "all_of"
        parts = dict(found.detail.params)["parts"]
        assert [dict(p.params)["what"] for p in parts] == [("session=morning",), ("session=noon",)]
        assert _combine("x", day, day.end, [found]).detail == found.detail


@frozen
class DrillMonths:
    """A period spec of its own that reads the school: the months with a drill."""

    name: ClassVar[str] = "drill month"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        months = sorted({month_of(d.date) for d in ctx.school_file.drills if d.date in span})
        return iter([Window(m, m.end) for m in months if m.end in span])


class TestSharedPeriods:
    """Periods of recurring rules are shared between schools only when only the calendar counts."""

    def test_a_spec_that_reads_the_school_is_asked_each_time(self) -> None:
        """Two schools with the same terms, drills in March and in May: one period each.

        Profiles accept only the built-in period specs, but a rule kind used on its own
        takes any; one that reads the school must not get another school's periods.
        """
        check = Recurring(DrillMonths(), [Need(records("drills"))])  # type: ignore[arg-type]
        march = Context(school_with(drills=(Drill("d1", D("2026-03-12")),)), AS_OF)
        may = Context(school_with(drills=(Drill("d2", D("2026-05-12")),)), AS_OF)
        assert march.calendar == may.calendar
        assert [str(f.period) for f in check.findings(march, YEAR)] == ["2026-03-01..2026-03-31"]
        assert [str(f.period) for f in check.findings(may, YEAR)] == ["2026-05-01..2026-05-31"]

    def test_schools_with_one_calendar_share_the_periods(self) -> None:
        """The school days of two schools with the same terms are the same objects."""
        check = Recurring(SchoolDays(), [Need(records("health_checks"))])
        one = Context(school_with(), AS_OF)
        other = Context(school_with(drills=()), AS_OF)
        assert check.owed_windows(one, YEAR) is check.owed_windows(other, YEAR)
        # 1–3 January 2026 are the New Year break; Sunday 4 January is worked in exchange
        # (调休), inside the example's autumn 2025 term: the first school day of the year.
        first = Period(D("2026-01-04"), D("2026-01-04"))
        assert check.owed_windows(one, YEAR)[0].period == first

    def test_the_shared_periods_stay_bounded(self) -> None:
        """Spans without end do not grow the cache past its bound: it starts again when full."""
        check = Recurring(Months(), [Need(records("drills"))])
        ctx = Context(school_with(), AS_OF)
        # Start from an empty cache: what earlier tests left in it would move the restart.
        _kinds._OWED_WINDOWS.clear()
        first = D("2000-01-01")
        for n in range(_kinds._OWED_WINDOWS_KEPT + 5):
            day = first + dt.timedelta(days=n)
            check.owed_windows(ctx, Period(day, day))
            assert len(_kinds._OWED_WINDOWS) <= _kinds._OWED_WINDOWS_KEPT
        assert len(_kinds._OWED_WINDOWS) >= 5
