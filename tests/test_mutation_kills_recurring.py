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
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar

import attrs

import safetyregs
from conftest import one_off_profile
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
    testing,
)
from safetyregs import _calendar as cal
from safetyregs._kinds import Finding, Months, Need, Recurring, Window, merge_by_key, records
from safetyregs.kinds import Match

D = dt.date.fromisoformat
CST = dt.timezone(dt.timedelta(hours=8))

NOVEMBER = Period(D("2026-11-01"), D("2026-11-30"))
AUTUMN_2026 = (("2026-09-01", "2027-01-22"),)
PRIMARY = frozenset({"primary"})


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
TEST_PROFILE = one_off_profile(WHOLE_SCHOOL_FIRE_OR_QUAKE)


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
        o = only(
            school_file("cixi", education=(zero,)), cixi, "cixi.1530-daily", monday, "2026-11-03"
        )
        assert o.status == "violated"
        assert texts(o) == (
            "2026-11-02..2026-11-02 内应至少 1 次安全教育"
            "（1530安全教育、时长（分钟） ≥ 1），实有 0",
            "expected at least 1 education records (1530 safety education, minutes ≥ 1) "
            "in 2026-11-02..2026-11-02, found 0",
        )
        one = Education("e1", D("2026-11-02"), kind="1530", minutes=1)
        o = only(
            school_file("cixi", education=(zero, one)),
            cixi,
            "cixi.1530-daily",
            monday,
            "2026-11-03",
        )
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


class TestMatchConditions:
    """How a match keeps its conditions and which records it accepts."""

    def test_conditions_normalised(self) -> None:
        """Conditions are sorted by field; a list of allowed values becomes a sorted tuple of
        text, except booleans, which stay booleans."""
        m = Match(
            "drills", {"night": [True], "kind": ["fire", "earthquake"], "scope": "whole_school"}
        )
        assert m.where == (
            ("kind", ("earthquake", "fire")),
            ("night", (True,)),
            ("scope", "whole_school"),
        )

    def test_list_of_booleans(self) -> None:
        """``night`` in [True, False] accepts a drill by day and one at night; [True] only
        the night drill."""
        day, night = Drill("d1", D("2026-11-05")), Drill("d2", D("2026-11-06"), night=True)
        either = records("drills", night=[True, False])
        assert [either.accepts(d, PRIMARY) for d in (day, night)] == [True, True]
        only_night = records("drills", night=[True])
        assert [only_night.accepts(d, PRIMARY) for d in (day, night)] == [False, True]

    def test_list_of_numbers(self) -> None:
        """``minutes`` in [1, 5] accepts lessons of 1 and 5 minutes, not of 30 or of none."""
        m = records("education", minutes=[5, 1])
        lessons = [Education(f"e{n}", D("2026-11-05"), minutes=n) for n in (1, 5, 30)]
        lessons.append(Education("e-none", D("2026-11-05")))
        assert [m.accepts(e, PRIMARY) for e in lessons] == [True, True, False, False]

    def test_narrowed_on_a_field_it_already_has(self) -> None:
        """Narrowing education of theme drowning or mental health to the theme drowning keeps
        both conditions, in that order, and accepts only drowning lessons."""
        m = records("education", theme=["mental_health", "drowning"]).narrowed(theme="drowning")
        assert m.where == (("theme", ("drowning", "mental_health")), ("theme", "drowning"))
        lessons = [
            Education(f"e-{t}", D("2026-11-05"), theme=t)
            for t in ("drowning", "mental_health", "fire_safety")
        ]
        assert [m.accepts(e, PRIMARY) for e in lessons] == [True, False, False]

    def test_minimum_and_levels_survive_narrowing(self) -> None:
        """A narrowed match keeps its minimum and the levels its records must cover."""
        m = records("education", covers_levels=("primary",), minutes__min=5).narrowed(
            theme="drowning"
        )
        assert (m.collection, m.at_least, m.covers_levels) == (
            "education",
            (("minutes", 5),),
            ("primary",),
        )


# --- levels a record must cover ------------------------------------------------------


class TestCoversLevels:
    """Yanzhou's psychological screening must cover every screened level of the school."""

    YEAR = Period(D("2026-09-01"), D("2027-01-31"))

    def status(self, *levels: str) -> str:
        yanzhou = safetyregs.profiles.get("yanzhou")
        screening = Screening("sc1", D("2026-10-15"), levels=levels)
        sf = school_file("yanzhou", levels=("primary", "junior_secondary"), screenings=(screening,))
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


# --- needs of several parts, topics, sums ------------------------------------------------


class TestHealthChecksOfASchoolDay:
    """Yanzhou's morning and noon checks on Monday 2 Nov 2026: two needs of one school day,
    counted together in one unit and explained by the parts that fail."""

    DAY = Period(D("2026-11-02"), D("2026-11-02"))
    MORNING_ZH = "2026-11-02..2026-11-02 内应至少 1 次晨午检（晨检），实有 {}"
    NOON_ZH = "2026-11-02..2026-11-02 内应至少 1 次晨午检（午检），实有 {}"
    MORNING_EN = (
        "expected at least 1 health checks (morning check) in 2026-11-02..2026-11-02, found {}"
    )
    NOON_EN = "expected at least 1 health checks (noon check) in 2026-11-02..2026-11-02, found {}"

    def check(self, *checks: tuple[str, str | None]) -> safetyregs.Obligation:
        yanzhou = safetyregs.profiles.get("yanzhou")
        found = tuple(
            safetyregs.HealthCheck(D("2026-11-02"), session, rid) for session, rid in checks
        )
        sf = school_file("yanzhou", health_checks=found)
        return only(sf, yanzhou, "yanzhou.health-checks", self.DAY, "2026-11-03")

    def test_no_check_names_both(self) -> None:
        """Neither check: 0 of 2, and both parts are explained, joined by "；" / "; "."""
        o = self.check()
        assert (o.status, o.found, o.required, o.unit, o.evidence) == (
            "violated",
            Decimal(0),
            Decimal(2),
            "health_checks",
            (),
        )
        assert texts(o) == (
            self.MORNING_ZH.format(0) + "；" + self.NOON_ZH.format(0),
            self.MORNING_EN.format(0) + "; " + self.NOON_EN.format(0),
        )

    def test_noon_only_names_the_morning(self) -> None:
        """Only the noon check: 1 of 2, and only the missing morning check is explained."""
        o = self.check(("noon", "h1"))
        assert (o.status, o.found, o.required, o.evidence) == (
            "violated",
            Decimal(1),
            Decimal(2),
            ("h1",),
        )
        assert texts(o) == (self.MORNING_ZH.format(0), self.MORNING_EN.format(0))

    def test_two_mornings_do_not_make_a_noon(self) -> None:
        """Two morning checks and no noon check: still 1 of 2 (a part counts at most its
        own requirement), violated, explained by the noon check."""
        o = self.check(("morning", "h2"), ("morning", "h1"))
        assert (o.status, o.found, o.required, o.evidence) == (
            "violated",
            Decimal(1),
            Decimal(2),
            ("h1", "h2"),
        )
        assert texts(o) == (self.NOON_ZH.format(0), self.NOON_EN.format(0))

    def test_checks_without_ids_are_no_evidence(self) -> None:
        """Checks recorded without an id count but cannot be cited: one morning check
        without an id gives 1 of 2 and no evidence; with a noon check "h1", only "h1"."""
        o = self.check(("morning", None))
        assert (o.found, o.evidence) == (Decimal(1), ())
        o = self.check(("morning", None), ("noon", "h1"))
        assert (o.status, o.found, o.evidence) == ("met", Decimal(2), ("h1",))

    def test_both_checks_met_explains_both(self) -> None:
        """Both checks: 2 of 2, met; the explanation says what was found in each part."""
        o = self.check(("noon", "h1"), ("morning", "h2"))
        assert (o.status, o.found, o.required, o.evidence) == (
            "met",
            Decimal(2),
            Decimal(2),
            ("h1", "h2"),
        )
        assert texts(o) == (
            self.MORNING_ZH.format(1) + "；" + self.NOON_ZH.format(1),
            self.MORNING_EN.format(1) + "; " + self.NOON_EN.format(1),
        )


class TestTopicsAndSums:
    """A need of topics (Changzhou's guards) and a need of summed class periods (Cixi)."""

    def test_guard_training_topics_until_due(self) -> None:
        """A guard starting on Monday 2 Mar 2026 owes training in basics, skills and duty
        norms within a calendar month, by 2 Apr 2026; a training of skills on 20 Feb (before
        the start) counts, so 1 of 3 topics, and the window has no start: ``..2026-04-02``."""
        changzhou = safetyregs.profiles.get("changzhou")
        guard = StaffMember(
            "g1",
            "王保安",
            D("2026-03-02"),
            roles=(RoleSpan(Role("security_guard"), D("2026-03-02")),),
        )
        training = Training("tr1", "g1", D("2026-02-20"), Decimal(2), topics=("skills",))
        sf = school_file("changzhou", staff=(guard,), trainings=(training,))
        year = Period(D("2026-01-01"), D("2026-12-31"))
        o = only(sf, changzhou, "changzhou.security-guard-training", year, "2027-01-01")
        assert (o.subject, o.due, o.status) == ("g1", D("2026-04-02"), "violated")
        assert (o.found, o.required, o.unit) == (Decimal(1), Decimal(3), "topics")
        assert texts(o) == (
            "..2026-04-02 内的培训未覆盖：基础知识、值勤规范",
            "training in ..2026-04-02 does not cover: basics, duty norms",
        )

    def test_class_periods_are_summed(self) -> None:
        """Cixi's three class periods a term: 1.5 + 1 in the autumn term of 2026 is 2.5 of
        3 (violated); another 0.5 on the term's last day, 22 Jan 2027, makes 3 (met)."""
        cixi = safetyregs.profiles.get("cixi")
        term = Period(D("2026-09-01"), D("2027-01-31"))
        lessons = (
            Education("e1", D("2026-09-10"), class_periods=Decimal("1.5")),
            Education("e2", D("2026-12-10"), class_periods=Decimal("1")),
        )
        rule = "cixi.safety-education-periods"
        o = only(school_file("cixi", education=lessons), cixi, rule, term, "2027-02-01")
        assert (o.subject, o.period, o.status, o.found, o.required, o.unit) == (
            "s-001",
            Period(D("2026-09-01"), D("2027-01-22")),
            "violated",
            Decimal("2.5"),
            Decimal(3),
            "class_periods",
        )
        assert texts(o) == (
            "2026-09-01..2027-01-22 内应至少 3 课时，实有 2.5",
            "expected at least 3 class periods in 2026-09-01..2027-01-22, found 2.5",
        )
        last = Education("e3", D("2027-01-22"), class_periods=Decimal("0.5"))
        o = only(school_file("cixi", education=(*lessons, last)), cixi, rule, term, "2027-02-01")
        assert (o.status, o.found, o.evidence) == ("met", Decimal(3), ("e1", "e2", "e3"))


class TestNeedsInTwoUnits:
    """A rule of a drill and two class periods of education every month: its progress is
    not added across units; it is the first failing need's."""

    RULE = Rule(
        "test.drill-and-lessons",
        Text("每月演练和安全教育", "Monthly drill and lessons"),
        Citation("test.txt", "3", "每月演练一次，安全教育两课时"),
        [
            Recurring(
                Months(),
                [Need(records("drills")), Need(records("education"), 2, "class_periods")],
            )
        ],
    )

    def obligation(self, **records_: Any) -> safetyregs.Obligation:
        profile = TEST_PROFILE.derive("two", remove=["test.fire-or-quake"], add=[self.RULE])
        sf = school_file("ziyang", **records_)
        return only(sf, profile, "test.drill-and-lessons", NOVEMBER, "2026-12-01")

    def test_nothing_done(self) -> None:
        """Nothing in November 2026: 0 of 1 drills (the first need), both needs explained."""
        o = self.obligation()
        assert (o.status, o.found, o.required, o.unit) == (
            "violated",
            Decimal(0),
            Decimal(1),
            "drills",
        )
        assert texts(o)[1] == (
            "expected at least 1 drills in 2026-11-01..2026-11-30, found 0; "
            "expected at least 2 class periods in 2026-11-01..2026-11-30, found 0"
        )

    def test_drill_done(self) -> None:
        """A drill on 10 Nov and one class period on 12 Nov: 1 of 2 class periods."""
        o = self.obligation(
            drills=(Drill("d1", D("2026-11-10")),),
            education=(Education("e1", D("2026-11-12"), class_periods=Decimal(1)),),
        )
        assert (o.status, o.found, o.required, o.unit, o.evidence) == (
            "violated",
            Decimal(1),
            Decimal(2),
            "class_periods",
            ("d1", "e1"),
        )
        assert texts(o)[1] == (
            "expected at least 2 class periods in 2026-11-01..2026-11-30, found 1"
        )


# --- pro-rated quotas -------------------------------------------------------------------------


class TestProRatedQuota:
    """Yanzhou's ten class hours a year per teacher, pro-rated by the days held in 2026:
    73 days (1 Jan to 14 Mar: 31 + 28 + 14) owe exactly 10 × 73 / 365 = 2 class hours."""

    YEAR = Period(D("2026-01-01"), D("2026-12-31"))

    def obligation(self, member: StaffMember, *hours: str) -> safetyregs.Obligation:
        yanzhou = safetyregs.profiles.get("yanzhou")
        trainings = tuple(
            Training(f"tr{i}", member.id, D("2026-06-01"), Decimal(h)) for i, h in enumerate(hours)
        )
        cook = StaffMember("c1", "王师傅", D("2020-09-01"))  # no role: owes nothing
        other = Training("other", "c1", D("2026-06-01"), Decimal(10))
        sf = school_file("yanzhou", staff=(member, cook), trainings=(*trainings, other))
        return only(sf, yanzhou, "yanzhou.teacher-annual-training", self.YEAR, "2027-01-01")

    def test_role_ending_on_14_march(self) -> None:
        """Teacher from 1 Jan to 14 Mar 2026: 2 class hours owed; 2 meet it, 1.9 do not,
        and another person's training does not count."""
        member = StaffMember(
            "t1",
            "李老师",
            D("2026-01-01"),
            roles=(
                RoleSpan(Role("teacher"), D("2026-01-01"), D("2026-03-14")),
                RoleSpan(Role("principal"), D("2026-03-15")),
            ),
        )
        o = self.obligation(member, "2")
        assert (o.status, o.found, o.required) == ("met", Decimal(2), Decimal(2))
        assert texts(o) == (
            "2026-01-01..2026-12-31 内应至少 2 学时，实有 2",
            "expected at least 2 class hours in 2026-01-01..2026-12-31, found 2",
        )
        o = self.obligation(member, "1.9")
        assert (o.status, o.found) == ("violated", Decimal("1.9"))

    def test_employment_bounds_the_role(self) -> None:
        """Teacher since 2025 but employed only from 1 Feb to 14 Apr 2026: 28 + 31 + 14 =
        73 days, so again 2 class hours; 1 + 1 meet them."""
        member = StaffMember(
            "t1",
            "李老师",
            D("2026-02-01"),
            D("2026-04-14"),
            roles=(RoleSpan(Role("teacher"), D("2025-09-01")),),
        )
        o = self.obligation(member, "1", "1")
        assert (o.status, o.found, o.required) == ("met", Decimal(2), Decimal(2))
        assert self.obligation(member, "1.5").status == "violated"

    def test_overlapping_roles_count_once(self) -> None:
        """Head teacher 1 Jan to 28 Feb and teacher 1 Feb to 14 Mar: the days of February
        count once, 73 days in all, 2 class hours."""
        member = StaffMember(
            "t1",
            "李老师",
            D("2026-01-01"),
            roles=(
                RoleSpan(Role("head_teacher"), D("2026-01-01"), D("2026-02-28")),
                RoleSpan(Role("teacher"), D("2026-02-01"), D("2026-03-14")),
            ),
        )
        o = self.obligation(member, "1.9")
        assert (o.status, o.required) == ("violated", Decimal(2))
        assert self.obligation(member, "2").status == "met"

    def test_half_year_displays_rounded(self) -> None:
        """Teacher from 1 Jul 2026: 184 days, 10 × 184 / 365 = 5.0410… class hours, shown
        as 5.04; 5 class hours fall short (5 × 365 = 1825 < 1840), 5.1 do not."""
        member = StaffMember(
            "t1", "李老师", D("2026-07-01"), roles=(RoleSpan(Role("teacher"), D("2026-07-01")),)
        )
        o = self.obligation(member, "5")
        assert o.status == "violated"
        assert texts(o)[1] == (
            "expected at least 5.04 class hours in 2026-01-01..2026-12-31, found 5"
        )
        assert self.obligation(member, "5.1").status == "met"


# --- days covered by records ------------------------------------------------------------------


class TestCoveredDays:
    """Yanzhou's school liability insurance must be in force every day of 2026."""

    YEAR = Period(D("2026-01-01"), D("2026-12-31"))

    def gaps(self, *policies: tuple[str, str | None]) -> list[tuple[Period, str, str]]:
        yanzhou = safetyregs.profiles.get("yanzhou")
        found = tuple(
            safetyregs.InsurancePolicy(f"p{i}", "school_liability", D(a), b and D(b))
            for i, (a, b) in enumerate(policies)
        )
        other = safetyregs.InsurancePolicy("x", "accident", D("2020-01-01"))
        sf = school_file("yanzhou", insurance=(*found, other))
        out = safetyregs.evaluate(
            sf, yanzhou, self.YEAR, D("2027-01-01"), rules=["yanzhou.liability-insurance"]
        )
        return [(o.period, o.status, *texts(o)) for o in out]

    def test_july_uncovered(self) -> None:
        """Policies to 30 Jun and from 1 Aug leave 1–31 July uncovered (an accident policy
        does not count), explained in both languages."""
        assert self.gaps(("2025-07-01", "2026-06-30"), ("2026-08-01", "2026-12-31")) == [
            (
                Period(D("2026-07-01"), D("2026-07-31")),
                "violated",
                "无有效的校方责任险（保险）",
                "no insurance in force (school liability insurance)",
            )
        ]

    def test_touching_and_open_policies_cover_the_year(self) -> None:
        """A policy to 30 Jun and one from 1 Jul with no end leave no day uncovered."""
        assert self.gaps(("2025-07-01", "2026-06-30"), ("2026-07-01", None)) == []

    def test_gaps_at_both_ends(self) -> None:
        """One policy from 1 Mar to 31 Oct 2026: 1 Jan–28 Feb and 1 Nov–31 Dec uncovered."""
        assert [g[0] for g in self.gaps(("2026-03-01", "2026-10-31"))] == [
            Period(D("2026-01-01"), D("2026-02-28")),
            Period(D("2026-11-01"), D("2026-12-31")),
        ]

    def test_overlapping_policies(self) -> None:
        """Overlapping policies 1 Jan–30 Jun and 1 Mar–30 Sep: uncovered 1 Oct–31 Dec."""
        assert [
            g[0] for g in self.gaps(("2026-01-01", "2026-06-30"), ("2026-03-01", "2026-09-30"))
        ] == [
            Period(D("2026-10-01"), D("2026-12-31")),
        ]


# --- the periods a recurring rule owes -------------------------------------------------------


class TestOwedWindows:
    """Which periods a recurring rule owes: ``during`` and ``min_school_days`` decide, for
    every rule separately, even where two rules share their period and school calendar."""

    def test_session_and_always_in_one_month(self) -> None:
        """August 2026 is out of term (the autumn term starts 1 Sep): Ziyang's monthly
        safety review is owed, its monthly drill (owed only in session) is not; and in
        November, in term, both are owed. Evaluated together, in both orders."""
        ziyang = safetyregs.profiles.get("ziyang")
        rules = ["ziyang.safety-review-meeting", "ziyang.evacuation-drill-monthly"]
        sf = school_file("ziyang")
        august = Period(D("2026-08-01"), D("2026-08-31"))
        for order in (rules, rules[::-1]):
            kept = ziyang.derive("t", remove=[r.id for r in ziyang.rules if r.id not in order])
            for month, owed in (
                (august, ["ziyang.safety-review-meeting"]),
                (NOVEMBER, sorted(rules)),
            ):
                found = safetyregs.evaluate(sf, kept, month, D("2027-01-01"))
                assert sorted(o.rule for o in found) == owed

    def test_minimum_school_days_per_rule(self) -> None:
        """A term of 1–13 Nov 2026 gives November ten school days: Ziyang's drill is owed
        with the minimum of 10, not with a minimum raised to 11 (a derived profile),
        whichever is evaluated first."""
        ziyang = safetyregs.profiles.get("ziyang")
        rule = "ziyang.evacuation-drill-monthly"
        strict = ziyang.derive("strict", override={rule: {"min_school_days": 11}})
        sf = school_file("ziyang", terms=(("2026-11-01", "2026-11-13"),))
        for profiles in ((ziyang, strict), (strict, ziyang)):
            owed = {
                p.id: len(safetyregs.evaluate(sf, p, NOVEMBER, D("2026-12-01"), rules=[rule]))
                for p in profiles
            }
            assert owed == {"ziyang": 1, "strict": 0}

    def test_same_calendar_other_span(self) -> None:
        """The same school asked about October, then November: one drill each, in its month."""
        ziyang = safetyregs.profiles.get("ziyang")
        rule = "ziyang.evacuation-drill-monthly"
        sf = school_file("ziyang")
        october = Period(D("2026-10-01"), D("2026-10-31"))
        got = [
            [o.period for o in safetyregs.evaluate(sf, ziyang, m, D("2027-01-01"), rules=[rule])]
            for m in (october, NOVEMBER, october)
        ]
        assert got == [[october], [NOVEMBER], [october]]


@attrs.frozen
class HalfMonths(Months):
    """A period spec of a profile's own, built on months: the halves of months (1st–15th,
    16th–end) that meet a term of the school."""

    name: ClassVar[str] = "half month"

    def windows(self, ctx: Any, span: Period) -> Iterator[Window]:
        for month in cal.months(span):
            mid = month.start.replace(day=15)
            for half in (Period(month.start, mid), Period(mid + dt.timedelta(days=1), month.end)):
                if half.end in span and ctx.calendar.terms_overlapping(half):
                    yield Window(half, half.end)


class TestOwnPeriodSpec:
    """A recurring rule over a period spec of its own (not one of the built-in ones)."""

    FIRST = Period(D("2026-11-01"), D("2026-11-15"))
    SECOND = Period(D("2026-11-16"), D("2026-11-30"))

    def owed(
        self,
        during: str,
        min_school_days: int = 10,
        terms: tuple[tuple[str, str], ...] = (
            ("2026-11-01", "2026-11-13"),
            ("2026-11-27", "2026-12-31"),
        ),
    ) -> list[tuple[Period, str]]:
        rule = Rule(
            "test.half-month-drill",
            Text("每半月演练", "Drill every half month"),
            Citation("test.txt", "2", "每半月演练一次"),
            [Recurring(HalfMonths(), [Need(records("drills"))], during, min_school_days)],
        )
        profile = TEST_PROFILE.derive("half", remove=["test.fire-or-quake"], add=[rule])
        drill = Drill("d1", D("2026-11-10"))
        sf = school_file("ziyang", terms=terms, drills=(drill,))
        return [
            (o.period, o.status)
            for o in safetyregs.evaluate(sf, profile, NOVEMBER, D("2026-12-01"))
        ]

    def test_always(self) -> None:
        """Terms of 1–13 Nov and from 27 Nov 2026: both halves of November meet a term and
        are owed always, the first met by the drill of 10 Nov."""
        assert self.owed("always") == [(self.FIRST, "met"), (self.SECOND, "violated")]

    def test_in_session(self) -> None:
        """The first half has ten school days (2–6, 9–13 Nov), the second two (Fri 27 and
        Mon 30 Nov); owed in session (ten school days), only the first half is owed."""
        assert self.owed("session") == [(self.FIRST, "met")]

    def test_minimum_school_days(self) -> None:
        """With a minimum of 11 school days, neither half is in session; with 2, both are."""
        assert self.owed("session", 11) == []
        assert self.owed("session", 2) == [(self.FIRST, "met"), (self.SECOND, "violated")]

    def test_half_without_term_owes_nothing(self) -> None:
        """The spec reads the school: with only the term of 1–13 Nov, the second half of
        November meets no term and is not owed, even always."""
        assert self.owed("always", terms=(("2026-11-01", "2026-11-13"),)) == [(self.FIRST, "met")]


# --- the smallest compliant school: pro-rated training -------------------------------------


class TestWitnessOfProRatedQuota:
    """``safetyregs.testing.witness`` completes a Yanzhou school with one teacher so that
    it is compliant over 2026 with the fewest class hours: the teacher's pro-rated
    quota rounded up to a tenth, and no more."""

    YEAR = Period(D("2026-01-01"), D("2026-12-31"))

    def hours(
        self, hired: str, role_end: str | None = None, role_start: str | None = None
    ) -> Decimal:
        end = D(role_end) if role_end else None
        role = RoleSpan(Role("teacher"), D(role_start or hired), end)
        teacher = StaffMember("t1", "李老师", D(hired), roles=(role,))
        base = school_file("yanzhou", staff=(teacher,))
        done = testing.witness("yanzhou", self.YEAR, school=base)
        yanzhou = safetyregs.profiles.get("yanzhou")
        assert testing.compliant(done, yanzhou, self.YEAR)
        return sum((t.class_hours for t in done.trainings if t.staff == "t1"), Decimal(0))

    def test_whole_year(self) -> None:
        """A teacher all year owes the full ten class hours."""
        assert self.hours("2026-01-01") == Decimal(10)

    def test_exact_share(self) -> None:
        """Teacher from 1 Jan to 14 Mar: 73 days, exactly 2 class hours, not rounded up."""
        assert self.hours("2026-01-01", "2026-03-14") == Decimal(2)

    def test_half_year_rounded_up(self) -> None:
        """Hired 1 Jul: 10 × 184 / 365 = 5.041… class hours, so 5.1 (not 10: the days
        before the hire do not count)."""
        assert self.hours("2026-07-01") == Decimal("5.1")

    def test_role_recorded_before_the_hire(self) -> None:
        """Hired 1 Jul 2026 with the role recorded from 1 Sep 2025: only the 184 days of
        employment count, 5.1 class hours."""
        assert self.hours("2026-07-01", role_start="2025-09-01") == Decimal("5.1")

    def test_one_day(self) -> None:
        """Hired on 31 Dec: one day, 10 / 365 = 0.027… class hours, so 0.1."""
        assert self.hours("2026-12-31") == Decimal("0.1")
