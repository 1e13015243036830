"""The cixi profile, with dates worked out by hand from the source document and the 2023–2025
arrangements.

The source document (《2023年学校安全稳定综治工作的意见》) is dated 2023-03-05, a Sunday. The
State Council's 2023 holiday arrangement gives these breaks (放假) and worked
weekend days (调休上班):

* 清明节: 5 Apr (Wed) only.
* 劳动节: 29 Apr (Sat) – 3 May (Wed); Sun 23 Apr and Sat 6 May worked.
* 端午节: 22 Jun (Thu) – 24 Jun (Sat); Sun 25 Jun worked.
* 中秋节、国庆节: 29 Sep (Fri) – 6 Oct (Fri); Sat 7 Oct and Sun 8 Oct worked.
* 元旦 2024: 30 Dec 2023 (Sat) – 1 Jan 2024 (Mon).
* 春节 2024: 10 Feb (Sat) – 17 Feb (Sat); Sun 4 Feb and Sun 18 Feb worked.

The test school's terms: spring 2023-02-13 (Mon) – 2023-06-30 (Fri), autumn
2023-09-01 (Fri) – 2024-01-26 (Fri).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

import safetyregs
from conftest import RunCheck
from safetyregs import (
    Drill,
    Duty,
    Education,
    Hazard,
    Meeting,
    Period,
    RoleSpan,
    School,
    SchoolFile,
    StaffMember,
    Term,
)
from safetyregs._models import DrillScope, EducationKind, Level, MeetingKind, Role, Theme

D = dt.date
SCHOOL_ID = "cx-001"
SPRING = Term(D(2023, 2, 13), D(2023, 6, 30))
AUTUMN = Term(D(2023, 9, 1), D(2024, 1, 26))

Row = tuple[str, str, dt.date, dt.date, Any, str]


@pytest.fixture(scope="module")
def cixi() -> safetyregs.Profile:
    """The installed cixi profile."""
    return safetyregs.profiles.get("cixi")


def school(
    *,
    levels: tuple[str, ...] = ("primary",),
    terms: tuple[Term, ...] = (SPRING, AUTUMN),
    **records: Any,
) -> SchoolFile:
    """A Cixi school file with the test terms and the given records."""
    return SchoolFile(
        school=School(
            id=SCHOOL_ID,
            name="慈溪市测试小学",
            jurisdiction="cixi",
            levels=tuple(Level(level) for level in levels),
            terms=terms,
        ),
        **records,
    )


def rows(
    profile: safetyregs.Profile,
    school_file: SchoolFile,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    rule: str,
) -> list[Row]:
    """(rule, subject, period start, period end, due, status) of one rule's obligations."""
    obligations = safetyregs.evaluate(school_file, profile, Period(start, end), as_of)
    return [
        (o.rule, o.subject, o.period.start, o.period.end, o.due, o.status)
        for o in obligations
        if o.rule == rule
    ]


def session(day: dt.date, minutes: int, n: int = 0) -> Education:
    """A 1530 session of so many minutes on a day."""
    return Education(
        f"e-{day.isoformat()}-{n}", day, kind=EducationKind.SYSTEM_1530, minutes=minutes
    )


def themed(day: dt.date, theme: Theme, n: int = 0) -> Education:
    """A themed education activity on a day."""
    return Education(f"t-{day.isoformat()}-{n}", day, kind=EducationKind.ACTIVITY, theme=theme)


def staff(n: int, *, rescue_until: dt.date | None = None, rescue: bool = False) -> StaffMember:
    """Staff member ``s<n>``, hired 2015-09-01, optionally on the rescue team since 2020."""
    roles = [RoleSpan(Role.TEACHER, D(2015, 9, 1))]
    if rescue:
        roles.append(RoleSpan(Role.RESCUE_TEAM, D(2020, 9, 1), rescue_until))
    return StaffMember(f"s{n:02d}", f"教师{n}", D(2015, 9, 1), roles=tuple(roles))


class TestProfile:
    def test_catalogue(self, cixi: safetyregs.Profile) -> None:
        """The profile holds exactly the fifteen rules of the catalogue, from 2023-03-05."""
        assert cixi.effective_from == D(2023, 3, 5)
        assert cixi.effective_until is None
        assert sorted(r.id for r in cixi.rules) == sorted(
            f"cixi.{slug}"
            for slug in (
                "safety-education-periods",
                "1530-daily",
                "1530-weekly",
                "1530-holiday",
                "hazard-analysis",
                "evacuation-drill-monthly",
                "evacuation-drill-quarterly",
                "whole-school-drill",
                "rescue-team",
                "hazard-five-elements",
                "holiday-duty",
                "safety-education-week",
                "traffic-safety-month",
                "drowning-warning",
                "mental-health-month",
            )
        )

    def test_named_parameters(self) -> None:
        """The minutes of 1530 and the 30% share are named, changeable parameters."""
        from safetyregs.jurisdictions import cixi as module

        assert (module.DAILY_MINUTES, module.WEEKLY_MINUTES, module.HOLIDAY_MINUTES) == (1, 5, 30)
        assert Decimal("0.3") == module.RESCUE_TEAM_SHARE
        assert Decimal(3) == module.EDUCATION_PERIODS_PER_TERM


class TestSafetyEducationPeriods:
    RULE = "cixi.safety-education-periods"

    def lessons(self, *periods: tuple[dt.date, str]) -> list[Education]:
        return [
            Education(f"l{i}", day, class_periods=Decimal(p)) for i, (day, p) in enumerate(periods)
        ]

    def test_met(self, cixi: safetyregs.Profile) -> None:
        """1 + 1.5 + 0.5 class periods in the spring term make exactly 3: met, due 30 Jun."""
        sf = school(
            education=self.lessons(
                (D(2023, 2, 20), "1"), (D(2023, 4, 10), "1.5"), (D(2023, 6, 30), "0.5")
            )
        )
        got = rows(cixi, sf, D(2023, 6, 1), D(2023, 6, 30), D(2023, 7, 1), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 2, 13), D(2023, 6, 30), D(2023, 6, 30), "met")
        ]

    def test_pending_and_violated(self, cixi: safetyregs.Profile) -> None:
        """2.9 class periods: pending on the term's last day, violated the day after."""
        sf = school(education=self.lessons((D(2023, 3, 10), "2.9")))
        on_due = rows(cixi, sf, D(2023, 6, 1), D(2023, 6, 30), D(2023, 6, 30), self.RULE)
        after = rows(cixi, sf, D(2023, 6, 1), D(2023, 6, 30), D(2023, 7, 1), self.RULE)
        assert [r[-1] for r in on_due] == ["pending"]
        assert [r[-1] for r in after] == ["violated"]

    def test_late_lesson_does_not_repair(self, cixi: safetyregs.Profile) -> None:
        """A lesson on 1 Jul, after the spring term, does not count for it."""
        sf = school(education=self.lessons((D(2023, 3, 10), "2"), (D(2023, 7, 1), "1")))
        got = rows(cixi, sf, D(2023, 6, 1), D(2023, 6, 30), D(2023, 7, 2), self.RULE)
        assert [r[-1] for r in got] == ["violated"]

    def test_term_ended_before_effective_date(self, cixi: safetyregs.Profile) -> None:
        """The autumn 2022 term ending 2023-01-13 (before 2023-03-05) owes nothing."""
        sf = school(terms=(Term(D(2022, 8, 29), D(2023, 1, 13)), SPRING))
        got = rows(cixi, sf, D(2022, 9, 1), D(2023, 3, 31), D(2023, 4, 1), self.RULE)
        assert got == []


class Test1530Daily:
    RULE = "cixi.1530-daily"

    def test_first_school_day_after_effective_date(self, cixi: safetyregs.Profile) -> None:
        """Fri 3 Mar owes nothing (before 5 Mar); Mon 6 Mar is the first day owed."""
        sf = school(education=[session(D(2023, 3, 6), 1)])
        got = rows(cixi, sf, D(2023, 3, 1), D(2023, 3, 7), D(2023, 3, 7), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 3, 6), D(2023, 3, 6), D(2023, 3, 6), "met"),
            (self.RULE, SCHOOL_ID, D(2023, 3, 7), D(2023, 3, 7), D(2023, 3, 7), "pending"),
        ]

    def test_violated_without_session(self, cixi: safetyregs.Profile) -> None:
        """A school day without any 1530 record is violated once it is over."""
        got = rows(cixi, school(), D(2023, 3, 8), D(2023, 3, 8), D(2023, 3, 9), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 3, 8), D(2023, 3, 8), D(2023, 3, 8), "violated")
        ]

    def test_zero_minutes_and_other_kinds_do_not_count(self, cixi: safetyregs.Profile) -> None:
        """A 0-minute 1530 record or a 40-minute lesson is no 1-minute 1530 session."""
        sf = school(
            education=[
                session(D(2023, 3, 8), 0),
                Education("l1", D(2023, 3, 8), kind=EducationKind.LESSON, minutes=40),
            ]
        )
        got = rows(cixi, sf, D(2023, 3, 8), D(2023, 3, 8), D(2023, 3, 9), self.RULE)
        assert [r[-1] for r in got] == ["violated"]

    def test_national_day_week(self, cixi: safetyregs.Profile) -> None:
        """25 Sep–15 Oct 2023: 25–28 Sep, worked Sat 7 and Sun 8 Oct, 9–13 Oct; not 29 Sep–6 Oct."""
        got = rows(cixi, school(), D(2023, 9, 25), D(2023, 10, 15), D(2023, 9, 1), self.RULE)
        assert [r[4] for r in got] == [
            D(2023, 9, 25),
            D(2023, 9, 26),
            D(2023, 9, 27),
            D(2023, 9, 28),
            D(2023, 10, 7),
            D(2023, 10, 8),
            D(2023, 10, 9),
            D(2023, 10, 10),
            D(2023, 10, 11),
            D(2023, 10, 12),
            D(2023, 10, 13),
        ]

    def test_summer_and_kindergarten(self, cixi: safetyregs.Profile) -> None:
        """July–August is outside the terms; a kindergarten owes no 1530 at all."""
        assert rows(cixi, school(), D(2023, 7, 1), D(2023, 8, 31), D(2023, 9, 1), self.RULE) == []
        kg = school(levels=("kindergarten",))
        assert rows(cixi, kg, D(2023, 3, 6), D(2023, 3, 10), D(2023, 3, 11), self.RULE) == []


class Test1530Weekly:
    RULE = "cixi.1530-weekly"

    def test_worked_sunday_after_national_day(self, cixi: safetyregs.Profile) -> None:
        """Week 2–8 Oct 2023 has school only on Sat 7 and Sun 8 Oct: Sunday is its last day.

        Five minutes on Saturday 7 Oct do not do; the week before ends Thu 28 Sep
        (29 Sep starts the break), the week after on Fri 13 Oct.
        """
        sf = school(education=[session(D(2023, 9, 28), 30), session(D(2023, 10, 7), 5)])
        got = rows(cixi, sf, D(2023, 9, 25), D(2023, 10, 15), D(2023, 10, 16), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 9, 28), D(2023, 9, 28), D(2023, 9, 28), "met"),
            (self.RULE, SCHOOL_ID, D(2023, 10, 8), D(2023, 10, 8), D(2023, 10, 8), "violated"),
            (self.RULE, SCHOOL_ID, D(2023, 10, 13), D(2023, 10, 13), D(2023, 10, 13), "violated"),
        ]

    def test_worked_saturday_after_labour_day(self, cixi: safetyregs.Profile) -> None:
        """Week 1–7 May 2023: break to Wed 3 May, school Thu 4–Sat 6 May; Saturday is owed."""
        sf = school(education=[session(D(2023, 5, 6), 5)])
        got = rows(cixi, sf, D(2023, 5, 1), D(2023, 5, 7), D(2023, 5, 6), self.RULE)
        assert got == [(self.RULE, SCHOOL_ID, D(2023, 5, 6), D(2023, 5, 6), D(2023, 5, 6), "met")]

    def test_worked_sundays_23_april_and_25_june(self, cixi: safetyregs.Profile) -> None:
        """Sun 23 Apr and Sun 25 Jun 2023 are worked, so they close their weeks, not Friday."""
        got = rows(cixi, school(), D(2023, 4, 17), D(2023, 4, 23), D(2023, 4, 23), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 4, 23), D(2023, 4, 23), D(2023, 4, 23), "pending")
        ]
        got = rows(cixi, school(), D(2023, 6, 19), D(2023, 6, 25), D(2023, 6, 26), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 6, 25), D(2023, 6, 25), D(2023, 6, 25), "violated")
        ]

    def test_four_minutes_is_not_five(self, cixi: safetyregs.Profile) -> None:
        """An ordinary week ends Fri 10 Mar 2023; four minutes that day fall short."""
        sf = school(education=[session(D(2023, 3, 10), 4)])
        got = rows(cixi, sf, D(2023, 3, 6), D(2023, 3, 12), D(2023, 3, 13), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 3, 10), D(2023, 3, 10), D(2023, 3, 10), "violated")
        ]

    def test_week_without_school_days(self, cixi: safetyregs.Profile) -> None:
        """Summer week 3–9 Jul 2023 owes nothing; nor 12–18 Feb 2024 (Sun 18 worked, no term)."""
        assert rows(cixi, school(), D(2023, 7, 3), D(2023, 7, 9), D(2023, 7, 10), self.RULE) == []
        assert rows(cixi, school(), D(2024, 2, 12), D(2024, 2, 18), D(2024, 2, 19), self.RULE) == []


class Test1530Holiday:
    RULE = "cixi.1530-holiday"

    def test_every_last_day_before_a_break_or_term_end(self, cixi: safetyregs.Profile) -> None:
        """5 Mar 2023 – 31 Jan 2024: seven days owe 30 minutes.

        Tue 4 Apr (清明 5 Apr), Fri 28 Apr (劳动节 29 Apr), Wed 21 Jun (端午 22 Jun),
        Fri 30 Jun (spring term end), Thu 28 Sep (中秋国庆 29 Sep), Fri 29 Dec (元旦
        30 Dec) and Fri 26 Jan 2024 (autumn term end, also the last before 春节).
        """
        got = rows(cixi, school(), D(2023, 3, 5), D(2024, 1, 31), D(2023, 3, 5), self.RULE)
        assert [r[4] for r in got] == [
            D(2023, 4, 4),
            D(2023, 4, 28),
            D(2023, 6, 21),
            D(2023, 6, 30),
            D(2023, 9, 28),
            D(2023, 12, 29),
            D(2024, 1, 26),
        ]
        assert {r[-1] for r in got} == {"pending"}

    def test_before_a_break(self, cixi: safetyregs.Profile) -> None:
        """30 minutes on Tue 4 Apr meet the Qingming obligation; 29 minutes would not."""
        ok = school(education=[session(D(2023, 4, 4), 30)])
        short = school(education=[session(D(2023, 4, 4), 29)])
        expect = (self.RULE, SCHOOL_ID, D(2023, 4, 4), D(2023, 4, 4), D(2023, 4, 4))
        assert rows(cixi, ok, D(2023, 4, 1), D(2023, 4, 10), D(2023, 4, 5), self.RULE) == [
            (*expect, "met")
        ]
        assert rows(cixi, short, D(2023, 4, 1), D(2023, 4, 10), D(2023, 4, 5), self.RULE) == [
            (*expect, "violated")
        ]

    def test_last_day_of_term(self, cixi: safetyregs.Profile) -> None:
        """Fri 30 Jun 2023 ends the spring term: 30 minutes are due that day, not 1 Jul."""
        sf = school(education=[session(D(2023, 7, 1), 30)])
        got = rows(cixi, sf, D(2023, 6, 26), D(2023, 7, 31), D(2023, 6, 30), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 6, 30), D(2023, 6, 30), D(2023, 6, 30), "pending")
        ]
        got = rows(cixi, sf, D(2023, 6, 26), D(2023, 7, 31), D(2023, 7, 2), self.RULE)
        assert [r[-1] for r in got] == ["violated"]

    def test_thirty_minutes_also_meet_daily_and_weekly(self, cixi: safetyregs.Profile) -> None:
        """One 30-minute session on Thu 28 Sep meets that day's daily, weekly and holiday rules."""
        sf = school(education=[session(D(2023, 9, 28), 30)])
        obligations = safetyregs.evaluate(
            sf, cixi, Period(D(2023, 9, 28), D(2023, 9, 28)), D(2023, 9, 29)
        )
        assert sorted((o.rule, o.status) for o in obligations if "1530" in o.rule) == [
            ("cixi.1530-daily", "met"),
            ("cixi.1530-holiday", "met"),
            ("cixi.1530-weekly", "met"),
        ]


class TestHazardAnalysis:
    RULE = "cixi.hazard-analysis"

    def test_met_pending_violated(self, cixi: safetyregs.Profile) -> None:
        """One hazard_analysis meeting per term: spring met, autumn pending then violated."""
        sf = school(
            meetings=[
                Meeting("m1", D(2023, 3, 20), MeetingKind.HAZARD_ANALYSIS),
                Meeting("m2", D(2023, 10, 9), MeetingKind.SAFETY_REVIEW),
            ]
        )
        got = rows(cixi, sf, D(2023, 3, 5), D(2024, 1, 31), D(2024, 1, 26), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 2, 13), D(2023, 6, 30), D(2023, 6, 30), "met"),
            (self.RULE, SCHOOL_ID, D(2023, 9, 1), D(2024, 1, 26), D(2024, 1, 26), "pending"),
        ]
        got = rows(cixi, sf, D(2023, 9, 1), D(2024, 1, 31), D(2024, 1, 27), self.RULE)
        assert [r[-1] for r in got] == ["violated"]


class TestEvacuationDrills:
    MONTHLY = "cixi.evacuation-drill-monthly"
    QUARTERLY = "cixi.evacuation-drill-quarterly"

    def test_monthly_in_session(self, cixi: safetyregs.Profile) -> None:
        """March–December 2023: no July or August (no term days); March met, April violated."""
        sf = school(drills=[Drill("d1", D(2023, 3, 15))])
        got = rows(cixi, sf, D(2023, 3, 5), D(2023, 12, 31), D(2023, 5, 1), self.MONTHLY)
        assert [r[4] for r in got] == [
            D(2023, 3, 31),
            D(2023, 4, 30),
            D(2023, 5, 31),
            D(2023, 6, 30),
            D(2023, 9, 30),
            D(2023, 10, 31),
            D(2023, 11, 30),
            D(2023, 12, 31),
        ]
        assert [r[-1] for r in got[:3]] == ["met", "violated", "pending"]

    def test_february_before_effective_date(self, cixi: safetyregs.Profile) -> None:
        """February 2023 is in session (12 school days from 13 Feb) but due before 5 Mar."""
        got = rows(cixi, school(), D(2023, 2, 1), D(2023, 2, 28), D(2023, 3, 1), self.MONTHLY)
        assert got == []

    def test_quarterly_for_kindergartens(self, cixi: safetyregs.Profile) -> None:
        """A kindergarten owes one drill a quarter (Q1 2023 due 31 Mar), no monthly drill."""
        kg = school(levels=("kindergarten",), drills=[Drill("d1", D(2023, 1, 5))])
        assert rows(cixi, kg, D(2023, 3, 5), D(2023, 6, 30), D(2023, 7, 1), self.MONTHLY) == []
        got = rows(cixi, kg, D(2023, 3, 5), D(2023, 9, 30), D(2023, 7, 1), self.QUARTERLY)
        assert got == [
            (self.QUARTERLY, SCHOOL_ID, D(2023, 1, 1), D(2023, 3, 31), D(2023, 3, 31), "met"),
            (self.QUARTERLY, SCHOOL_ID, D(2023, 4, 1), D(2023, 6, 30), D(2023, 6, 30), "violated"),
            (self.QUARTERLY, SCHOOL_ID, D(2023, 7, 1), D(2023, 9, 30), D(2023, 9, 30), "pending"),
        ]


class TestWholeSchoolDrill:
    RULE = "cixi.whole-school-drill"

    def test_may_and_november(self, cixi: safetyregs.Profile) -> None:
        """A whole-school drill on 12 May meets May; a partial one in November does not."""
        sf = school(
            drills=[
                Drill("d1", D(2023, 5, 12), scope=DrillScope.WHOLE_SCHOOL),
                Drill("d2", D(2023, 11, 9), scope=DrillScope.PARTIAL),
            ]
        )
        got = rows(cixi, sf, D(2023, 3, 5), D(2024, 3, 4), D(2023, 12, 1), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 5, 1), D(2023, 5, 31), D(2023, 5, 31), "met"),
            (self.RULE, SCHOOL_ID, D(2023, 11, 1), D(2023, 11, 30), D(2023, 11, 30), "violated"),
        ]

    def test_pending_in_november(self, cixi: safetyregs.Profile) -> None:
        """On 30 Nov the November drill is still pending."""
        got = rows(cixi, school(), D(2023, 11, 1), D(2023, 11, 30), D(2023, 11, 30), self.RULE)
        assert [r[-1] for r in got] == ["pending"]

    def test_neighbouring_months_do_not_count(self, cixi: safetyregs.Profile) -> None:
        """Whole-school drills on 28 Apr and 1 Jun do not meet May; 1 Dec does not repair Nov."""
        sf = school(
            drills=[
                Drill("d1", D(2023, 4, 28), scope=DrillScope.WHOLE_SCHOOL),
                Drill("d2", D(2023, 6, 1), scope=DrillScope.WHOLE_SCHOOL),
                Drill("d3", D(2023, 12, 1), scope=DrillScope.WHOLE_SCHOOL),
            ]
        )
        got = rows(cixi, sf, D(2023, 4, 1), D(2023, 12, 31), D(2024, 1, 1), self.RULE)
        assert [(r[4], r[-1]) for r in got] == [
            (D(2023, 5, 31), "violated"),
            (D(2023, 11, 30), "violated"),
        ]

    def test_kindergartens_too(self, cixi: safetyregs.Profile) -> None:
        """Every school owes it, a kindergarten included."""
        kg = school(levels=("kindergarten",))
        got = rows(cixi, kg, D(2023, 5, 1), D(2023, 5, 31), D(2023, 6, 1), self.RULE)
        assert [r[-1] for r in got] == ["violated"]


class TestRescueTeam:
    RULE = "cixi.rescue-team"

    def team(self, *, last_until: dt.date | None = None) -> list[StaffMember]:
        """Ten staff, s01–s03 on the rescue team (s03 until ``last_until``)."""
        members = [staff(1, rescue=True), staff(2, rescue=True)]
        members.append(staff(3, rescue=True, rescue_until=last_until))
        members.extend(staff(n) for n in range(4, 11))
        return members

    def test_exactly_thirty_percent(self, cixi: safetyregs.Profile) -> None:
        """3 of 10 staff is exactly 30%: no failing day, no obligation."""
        sf = school(staff=self.team())
        assert rows(cixi, sf, D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), self.RULE) == []

    def test_role_ends(self, cixi: safetyregs.Profile) -> None:
        """s03 leaves the team on 30 Jun 2023: 2 of 10 fail from 1 Jul to the range's end."""
        sf = school(staff=self.team(last_until=D(2023, 6, 30)))
        got = rows(cixi, sf, D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 7, 1), D(2023, 12, 31), D(2023, 12, 31), "violated")
        ]

    def test_split_at_as_of(self, cixi: safetyregs.Profile) -> None:
        """As of 1 Oct the failing days 1 Jul–30 Sep are violated, 1 Oct–31 Dec pending."""
        sf = school(staff=self.team(last_until=D(2023, 6, 30)))
        got = rows(cixi, sf, D(2023, 3, 5), D(2023, 12, 31), D(2023, 10, 1), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 7, 1), D(2023, 9, 30), D(2023, 9, 30), "violated"),
            (self.RULE, SCHOOL_ID, D(2023, 10, 1), D(2023, 12, 31), D(2023, 12, 31), "pending"),
        ]

    def test_new_hire(self, cixi: safetyregs.Profile) -> None:
        """An eleventh member hired 1 Sep 2023: 3 of 11 is under 30% from that day."""
        sf = school(staff=[*self.team(), StaffMember("s11", "新教师", D(2023, 9, 1))])
        got = rows(cixi, sf, D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 9, 1), D(2023, 12, 31), D(2023, 12, 31), "violated")
        ]

    def test_departure_of_a_member(self, cixi: safetyregs.Profile) -> None:
        """A team member who leaves the school on 30 Jun: 2 of 9 fail from 1 Jul."""
        members = self.team()
        members[2] = StaffMember(
            "s03",
            "教师3",
            D(2015, 9, 1),
            left=D(2023, 6, 30),
            roles=(RoleSpan(Role.RESCUE_TEAM, D(2020, 9, 1)),),
        )
        got = rows(
            cixi, school(staff=members), D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), self.RULE
        )
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 7, 1), D(2023, 12, 31), D(2023, 12, 31), "violated")
        ]

    def test_one_run_across_a_hire(self, cixi: safetyregs.Profile) -> None:
        """Short from 1 Jul (2 of 10) and still short after a hire on 1 Sep (2 of 11): one run.

        The invariant's obligations are the maximal runs of failing days, so a
        change of head count inside a failing run does not split it.
        """
        staff_list = [
            *self.team(last_until=D(2023, 6, 30)),
            StaffMember("s11", "新教师", D(2023, 9, 1)),
        ]
        got = rows(
            cixi, school(staff=staff_list), D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), self.RULE
        )
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 7, 1), D(2023, 12, 31), D(2023, 12, 31), "violated")
        ]

    def test_shortfall_before_effective_date(self, cixi: safetyregs.Profile) -> None:
        """A team short since 2023-01-01 owes from 5 Mar 2023 only."""
        members = [staff(1, rescue=True), staff(2, rescue=True), *(staff(n) for n in range(3, 11))]
        got = rows(
            cixi, school(staff=members), D(2023, 1, 1), D(2023, 3, 31), D(2023, 4, 1), self.RULE
        )
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 3, 5), D(2023, 3, 31), D(2023, 3, 31), "violated")
        ]


class TestHazardFiveElements:
    RULE = "cixi.hazard-five-elements"

    def hazard(self, found: dt.date, **missing: None) -> Hazard:
        fields: dict[str, Any] = {
            "deadline": found + dt.timedelta(days=20),
            "responsible": "s01",
            "content": "更换老化电线",
            "standard": "符合电气安装规范",
            "measures": "停电更换",
        }
        fields.update(missing)
        return Hazard(f"h-{found.isoformat()}", found, category="fire", **fields)

    def test_met(self, cixi: safetyregs.Profile) -> None:
        """All five elements set: met, due the day the hazard is found."""
        sf = school(hazards=[self.hazard(D(2023, 4, 10))], staff=[staff(1)])
        got = rows(cixi, sf, D(2023, 4, 1), D(2023, 4, 30), D(2023, 5, 1), self.RULE)
        assert got == [
            (self.RULE, "h-2023-04-10", D(2023, 4, 10), D(2023, 4, 10), D(2023, 4, 10), "met")
        ]

    @pytest.mark.parametrize(
        "element", ["content", "standard", "measures", "deadline", "responsible"]
    )
    def test_one_element_missing(self, cixi: safetyregs.Profile, element: str) -> None:
        """Any one of the five elements missing: violated after the day found."""
        sf = school(hazards=[self.hazard(D(2023, 4, 10), **{element: None})], staff=[staff(1)])
        got = rows(cixi, sf, D(2023, 4, 1), D(2023, 4, 30), D(2023, 4, 11), self.RULE)
        assert got == [
            (self.RULE, "h-2023-04-10", D(2023, 4, 10), D(2023, 4, 10), D(2023, 4, 10), "violated")
        ]

    def test_pending_on_the_day_found(self, cixi: safetyregs.Profile) -> None:
        """On the day found the incomplete hazard is still pending."""
        sf = school(hazards=[self.hazard(D(2023, 4, 10), measures=None)], staff=[staff(1)])
        got = rows(cixi, sf, D(2023, 4, 1), D(2023, 4, 30), D(2023, 4, 10), self.RULE)
        assert [r[-1] for r in got] == ["pending"]

    def test_found_before_effective_date(self, cixi: safetyregs.Profile) -> None:
        """A hazard found on 4 Mar 2023 owes nothing; one found on 5 Mar does."""
        sf = school(
            hazards=[
                self.hazard(D(2023, 3, 4), content=None),
                self.hazard(D(2023, 3, 5), content=None),
            ],
            staff=[staff(1)],
        )
        got = rows(cixi, sf, D(2023, 3, 1), D(2023, 3, 31), D(2023, 4, 1), self.RULE)
        assert [(r[1], r[-1]) for r in got] == [("h-2023-03-05", "violated")]


class TestHolidayDuty:
    RULE = "cixi.holiday-duty"

    def test_national_day_break(self, cixi: safetyregs.Profile) -> None:
        """29 Sep–6 Oct 2023 is eight break days; a leader missing on 4 Oct fails that day only.

        A plain staff shift on 4 Oct is not a leader; worked Sat 7 and Sun 8 Oct owe nothing.
        """
        days = [D(2023, 9, 29), D(2023, 9, 30)] + [D(2023, 10, d) for d in (1, 2, 3, 5, 6)]
        duty = [Duty(f"du{i}", day, "s01", leader=True) for i, day in enumerate(days)]
        duty.append(Duty("du-x", D(2023, 10, 4), "s02", leader=False))
        sf = school(duty=duty, staff=[staff(1), staff(2)])
        got = rows(cixi, sf, D(2023, 9, 25), D(2023, 10, 15), D(2023, 10, 16), self.RULE)
        assert [(r[2], r[4], r[-1]) for r in got] == [
            (D(2023, 9, 29), D(2023, 9, 29), "met"),
            (D(2023, 9, 30), D(2023, 9, 30), "met"),
            (D(2023, 10, 1), D(2023, 10, 1), "met"),
            (D(2023, 10, 2), D(2023, 10, 2), "met"),
            (D(2023, 10, 3), D(2023, 10, 3), "met"),
            (D(2023, 10, 4), D(2023, 10, 4), "violated"),
            (D(2023, 10, 5), D(2023, 10, 5), "met"),
            (D(2023, 10, 6), D(2023, 10, 6), "met"),
        ]

    def test_single_day_break_and_plain_weekend(self, cixi: safetyregs.Profile) -> None:
        """清明 Wed 5 Apr 2023 is a break day (pending on the day); the weekend 8–9 Apr is not."""
        got = rows(cixi, school(), D(2023, 4, 1), D(2023, 4, 9), D(2023, 4, 5), self.RULE)
        assert got == [
            (self.RULE, SCHOOL_ID, D(2023, 4, 5), D(2023, 4, 5), D(2023, 4, 5), "pending")
        ]

    def test_breaks_outside_term_and_before_effective_date(self, cixi: safetyregs.Profile) -> None:
        """春节 2023 (21–27 Jan) is before 5 Mar: nothing; 春节 2024 (10–17 Feb) owes eight days."""
        assert rows(cixi, school(), D(2023, 1, 1), D(2023, 3, 4), D(2023, 3, 5), self.RULE) == []
        got = rows(cixi, school(), D(2024, 2, 1), D(2024, 2, 29), D(2024, 3, 1), self.RULE)
        assert [r[4] for r in got] == [D(2024, 2, d) for d in range(10, 18)]


class TestSafetyEducationWeek:
    RULE = "cixi.safety-education-week"

    def test_2023(self, cixi: safetyregs.Profile) -> None:
        """The last Monday of March 2023 is the 27th: week 27 Mar–2 Apr, due Sun 2 Apr."""
        sf = school(education=[themed(D(2023, 3, 29), Theme.SCHOOL_SAFETY_DAY)])
        got = rows(cixi, sf, D(2023, 3, 5), D(2023, 4, 30), D(2023, 4, 3), self.RULE)
        assert got == [
            (self.RULE, "school_safety_day", D(2023, 3, 27), D(2023, 4, 2), D(2023, 4, 2), "met")
        ]

    def test_outside_the_week_or_other_theme(self, cixi: safetyregs.Profile) -> None:
        """Sun 26 Mar (week before), Mon 3 Apr (week after) or a general theme do not count."""
        sf = school(
            education=[
                themed(D(2023, 3, 26), Theme.SCHOOL_SAFETY_DAY),
                themed(D(2023, 4, 3), Theme.SCHOOL_SAFETY_DAY),
                themed(D(2023, 3, 28), Theme.GENERAL),
            ]
        )
        assert [
            r[-1] for r in rows(cixi, sf, D(2023, 3, 5), D(2023, 4, 30), D(2023, 4, 2), self.RULE)
        ] == ["pending"]
        assert [
            r[-1] for r in rows(cixi, sf, D(2023, 3, 5), D(2023, 4, 30), D(2023, 4, 3), self.RULE)
        ] == ["violated"]

    def test_later_years(self, cixi: safetyregs.Profile) -> None:
        """2024: 31 Mar is a Sunday, week 25–31 Mar; 2025: 31 Mar is a Monday, week 31 Mar–6 Apr."""
        got = rows(cixi, school(), D(2024, 1, 1), D(2025, 12, 31), D(2024, 1, 1), self.RULE)
        assert [(r[2], r[3], r[4]) for r in got] == [
            (D(2024, 3, 25), D(2024, 3, 31), D(2024, 3, 31)),
            (D(2025, 3, 31), D(2025, 4, 6), D(2025, 4, 6)),
        ]

    def test_2022_before_effective_date(self, cixi: safetyregs.Profile) -> None:
        """The 2022 week (28 Mar–3 Apr 2022) is before the profile: nothing."""
        assert rows(cixi, school(), D(2022, 1, 1), D(2022, 12, 31), D(2023, 1, 1), self.RULE) == []


class TestThemedMonths:
    @pytest.mark.parametrize(
        ("rule", "theme", "month", "last"),
        [
            ("cixi.traffic-safety-month", Theme.TRAFFIC_SAFETY, 4, 30),
            ("cixi.drowning-warning", Theme.DROWNING, 5, 31),
            ("cixi.mental-health-month", Theme.MENTAL_HEALTH, 6, 30),
        ],
    )
    def test_met_pending_violated(
        self, cixi: safetyregs.Profile, rule: str, theme: Theme, month: int, last: int
    ) -> None:
        """April traffic safety, May drowning, June mental health: one themed record that month."""
        period = (rule, SCHOOL_ID, D(2023, month, 1), D(2023, month, last), D(2023, month, last))
        done = school(education=[themed(D(2023, month, 15), theme)])
        assert rows(cixi, done, D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), rule) == [
            (*period, "met")
        ]
        wrong = school(education=[themed(D(2023, month, 15), Theme.GENERAL)])
        on_due = D(2023, month, last)
        assert rows(cixi, wrong, D(2023, 3, 5), D(2023, 12, 31), on_due, rule) == [
            (*period, "pending")
        ]
        late = school(education=[themed(D(2023, month, last) + dt.timedelta(days=1), theme)])
        assert rows(cixi, late, D(2023, 3, 5), D(2023, 12, 31), D(2024, 1, 1), rule) == [
            (*period, "violated")
        ]


class TestCli:
    def test_check_json(self, run_check: RunCheck) -> None:
        """`safetyregs check --format json` lists the November whole-school drill and exits 1."""
        doc = {
            "school": {
                "id": SCHOOL_ID,
                "name": "慈溪市测试小学",
                "jurisdiction": "cixi",
                "levels": ["primary"],
                "terms": [{"start": "2023-09-01", "end": "2024-01-26"}],
            },
            "drills": [{"id": "d1", "date": "2023-11-09", "kind": "fire", "scope": "partial"}],
        }
        result = run_check(
            doc, "--from", "2023-11-01", "--to", "2023-11-30", "--as-of", "2023-12-01"
        )
        assert result.returncode == 1, result.stderr
        out = result.out
        assert (out["profile"], out["from"], out["to"]) == ("cixi", "2023-11-01", "2023-11-30")
        found = {(v["rule"], v["period_start"], v["due"]) for v in out["violations"]}
        assert ("cixi.whole-school-drill", "2023-11-01", "2023-11-30") in found
        assert ("cixi.evacuation-drill-monthly", "2023-11-01", "2023-11-30") not in found
        drill = next(v for v in out["violations"] if v["rule"] == "cixi.whole-school-drill")
        assert drill["source"] == {
            "document": "003_b5078dff72642c51.txt",
            "clause": "四(四)14",
            "text": "5月和11月要组织全校规模的应急疏散演练",
            "title": "2023年学校安全稳定综治工作的意见",
            "issuer": "慈溪市教育体育局",
            "date": "2023-03-05",
        }
