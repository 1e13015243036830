"""Hand-worked tests for mutants of the recurring side of the rule kinds that survived.

They pin what a safety officer reads and relies on: the exact explanation of an
obligation in Chinese and English (the record conditions it names, the window, the
numbers), which records count towards a need, the periods a recurring rule owes, and
the order of due moments when two parts of a rule fall on one day (see docs/testing.md).

Dates worked out by hand:

* 2 November 2026 is a Monday; November 2026 has no public holiday.
* 2026 has 365 days; 1 July to 31 December is 31 + 31 + 30 + 31 + 30 + 31 = 184 days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import safetyregs
from safetyregs import (
    Citation,
    Drill,
    Education,
    Level,
    Message,
    Period,
    Profile,
    Role,
    RoleSpan,
    Rule,
    School,
    SchoolFile,
    Screening,
    StaffMember,
    Term,
    Text,
    Training,
    render,
)
from safetyregs._kinds import Finding, Months, Need, Recurring, merge_by_key, records

D = dt.date.fromisoformat
CST = dt.timezone(dt.timedelta(hours=8))

NOVEMBER = Period(D("2026-11-01"), D("2026-11-30"))
AUTUMN_2026 = (("2026-09-01", "2027-01-22"),)


def school_file(
    jurisdiction: str,
    *,
    levels: tuple[str, ...] = ("primary",),
    terms: tuple[tuple[str, str], ...] = AUTUMN_2026,
    **records_: Any,
) -> SchoolFile:
    school = School(
        id="s-001",
        name="测试学校",
        jurisdiction=jurisdiction,
        levels=tuple(Level(level) for level in levels),
        terms=tuple(Term(D(a), D(b)) for a, b in terms),
    )
    return SchoolFile(school=school, **records_)


def only(
    sf: SchoolFile, profile: Profile, rule: str, period: Period, as_of: str
) -> safetyregs.Obligation:
    found = safetyregs.evaluate(sf, profile, period, D(as_of), rules=[rule])
    assert len(found) == 1, found
    return found[0]


def texts(o: safetyregs.Obligation) -> tuple[str, str]:
    return render(o.detail, "zh"), render(o.detail, "en")


# --- the record conditions an explanation names ------------------------------------


#: A monthly drill that must be a fire or earthquake drill of the whole school: one
#: condition with a choice of values, one with a single value.
WHOLE_SCHOOL_FIRE_OR_QUAKE = Rule(
    "test.fire-or-quake",
    Text("每月全校消防或地震演练", "Monthly whole-school fire or earthquake drill"),
    Citation("test.txt", "1", "每月组织一次全校消防或地震疏散演练"),
    [
        Recurring(
            Months(),
            [Need(records("drills", kind=["fire", "earthquake"], scope="whole_school"))],
        )
    ],
)
TEST_PROFILE = Profile(
    id="test",
    name=Text("测试", "Test"),
    document="test.txt",
    issuer=Text("测试局", "Test bureau"),
    published=D("2026-01-01"),
    effective_from=D("2026-01-01"),
    rules=(WHOLE_SCHOOL_FIRE_OR_QUAKE,),
)


class TestConditionsInExplanations:
    """The conditions of a need, as the explanation names them."""

    def test_choice_of_values_and_single_value(self) -> None:
        """``kind`` in {fire, earthquake} reads ``kind=earthquake|fire`` (sorted values
        joined by ``|``); ``scope=whole_school`` reads "whole school" / 全校规模."""
        sf = school_file("ziyang")
        o = only(sf, TEST_PROFILE, "test.fire-or-quake", NOVEMBER, "2026-12-01")
        assert o.status == "violated"
        assert texts(o) == (
            "2026-11-01..2026-11-30 内应至少 1 次演练（kind=earthquake|fire、全校规模），实有 0",
            "expected at least 1 drills (kind=earthquake|fire, whole school) in "
            "2026-11-01..2026-11-30, found 0",
        )

    def test_which_drills_count(self) -> None:
        """A whole-school earthquake drill counts; a partial fire drill and a whole-school
        stampede drill do not: one of three found, and November is met."""
        sf = school_file(
            "ziyang",
            drills=(
                Drill("d1", D("2026-11-05"), kind="fire"),
                Drill("d2", D("2026-11-12"), kind="stampede", scope="whole_school"),
                Drill("d3", D("2026-11-19"), kind="earthquake", scope="whole_school"),
            ),
        )
        o = only(sf, TEST_PROFILE, "test.fire-or-quake", NOVEMBER, "2026-12-01")
        assert (o.status, o.found, o.evidence) == ("met", Decimal(1), ("d3",))
        assert texts(o)[1] == (
            "expected at least 1 drills (kind=earthquake|fire, whole school) in "
            "2026-11-01..2026-11-30, found 1"
        )

    def test_value_and_minimum(self) -> None:
        """Cixi's daily 1530 talk on Monday 2 Nov 2026 names both its kind and its minimum
        of one minute; a 1530 record of 0 minutes does not count, one of 1 minute does."""
        cixi = safetyregs.profiles.get("cixi")
        monday = Period(D("2026-11-02"), D("2026-11-02"))
        zero = Education("e0", D("2026-11-02"), kind="1530", minutes=0)
        o = only(school_file("cixi", education=(zero,)), cixi, "cixi.1530-daily", monday, "2026-11-03")
        assert o.status == "violated"
        assert texts(o) == (
            "2026-11-02..2026-11-02 内应至少 1 次安全教育（1530安全教育、时长（分钟） ≥ 1），实有 0",
            "expected at least 1 education records (1530 safety education, minutes ≥ 1) "
            "in 2026-11-02..2026-11-02, found 0",
        )
        one = Education("e1", D("2026-11-02"), kind="1530", minutes=1)
        o = only(school_file("cixi", education=(zero, one)), cixi, "cixi.1530-daily", monday, "2026-11-03")
        assert (o.status, o.found, o.evidence) == ("met", Decimal(1), ("e1",))

    def test_the_person_is_not_a_condition(self) -> None:
        """Yanzhou's yearly teacher training is owed per teacher: the explanation names no
        condition (the teacher is the obligation's subject, not a record condition)."""
        yanzhou = safetyregs.profiles.get("yanzhou")
        teacher = StaffMember(
            "t1", "张老师", D("2020-09-01"), roles=(RoleSpan(Role("teacher"), D("2020-09-01")),)
        )
        sf = school_file("yanzhou", staff=(teacher,))
        year = Period(D("2026-01-01"), D("2026-12-31"))
        o = only(sf, yanzhou, "yanzhou.teacher-annual-training", year, "2027-01-01")
        assert (o.subject, o.status) == ("t1", "violated")
        assert texts(o) == (
            "2026-01-01..2026-12-31 内应至少 10 学时，实有 0",
            "expected at least 10 class hours in 2026-01-01..2026-12-31, found 0",
        )


# --- levels a record must cover ------------------------------------------------------


class TestCoversLevels:
    """Yanzhou's psychological screening must cover every screened level of the school."""

    YEAR = Period(D("2026-09-01"), D("2027-01-31"))

    def status(self, *levels: str) -> str:
        yanzhou = safetyregs.profiles.get("yanzhou")
        screening = Screening("sc1", D("2026-10-15"), levels=levels)
        sf = school_file(
            "yanzhou", levels=("primary", "junior_secondary"), screenings=(screening,)
        )
        return only(sf, yanzhou, "yanzhou.psych-screening", self.YEAR, "2027-02-01").status

    def test_screening_of_one_level_of_two_does_not_count(self) -> None:
        """A primary and junior secondary school screened only its primary pupils in the
        autumn term of 2026 (ending 22 Jan 2027): the term is violated."""
        assert self.status("primary") == "violated"

    def test_screening_of_both_levels_counts(self) -> None:
        """The same screening of both levels meets the term."""
        assert self.status("primary", "junior_secondary") == "met"


# --- parts of a rule on one day ---------------------------------------------------------


class TestDueOfMergedParts:
    """Two findings of one rule for one subject and period become one obligation, due
    at the earlier of their due moments; a day-only due comes before a timed one."""

    def finding(self, due: dt.date | dt.datetime, satisfied: bool, key: str) -> Finding:
        return Finding("s-001", NOVEMBER, due, satisfied, Message(key))

    def test_day_only_due_before_midnight_of_the_same_day(self) -> None:
        """A part due at 00:00 on 30 Nov (China time) and one due on 30 Nov: the merged
        obligation is due on the day, whichever part comes first."""
        midnight = dt.datetime(2026, 11, 30, 0, 0, tzinfo=CST)
        day = D("2026-11-30")
        for parts in (
            [self.finding(midnight, False, "a"), self.finding(day, False, "b")],
            [self.finding(day, False, "b"), self.finding(midnight, False, "a")],
        ):
            (merged,) = merge_by_key(parts)
            assert type(merged.due) is dt.date
            assert merged.due == day

    def test_earlier_day_wins_over_time(self) -> None:
        """A part due at 08:00 on 29 Nov comes before one due on 30 Nov."""
        morning = dt.datetime(2026, 11, 29, 8, 0, tzinfo=CST)
        parts = [self.finding(D("2026-11-30"), False, "b"), self.finding(morning, False, "a")]
        (merged,) = merge_by_key(parts)
        assert merged.due == morning


class TestMessageOf:
    """``Message.of`` keeps its parameters sorted by name, whatever order they are given in."""

    def test_parameters_sorted(self) -> None:
        """Two messages built from the same parameters in different orders are equal."""
        a = Message.of("not_covered", where="kind=school_liability", collection="insurance")
        b = Message.of("not_covered", collection="insurance", where="kind=school_liability")
        assert a == b
        assert a.key == "not_covered"
        assert a.params == (("collection", "insurance"), ("where", "kind=school_liability"))
