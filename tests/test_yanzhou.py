"""The 兖州 profile against dates worked out by hand from its source document.

Source document: 兖教体发〔2024〕7号, dated 2024-01-26. School days
come from the school's terms and the State Council holiday notices, counted by hand:

* 2024: Spring Festival 10–17 Feb off, Sun 4 Feb and Sun 18 Feb worked.
* 2026: New Year 1–3 Jan off, Sun 4 Jan worked; Spring Festival 15–23 Feb off,
  Sat 14 Feb and Sat 28 Feb worked; Mid-Autumn Fri 25 – Sun 27 Sep off;
  National Day 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked.

Pro-rated quotas are worked out as fractions: 1 Jul – 31 Dec 2025 is
31 + 31 + 30 + 31 + 30 + 31 = 184 days of 365; 2 Jul – 31 Dec 2024 is 183 of 366.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

import safetyregs
from conftest import RunCheck
from safetyregs import (
    Drill,
    Equipment,
    Hazard,
    HazardStep,
    HealthCheck,
    InsurancePolicy,
    Obligation,
    Period,
    RoleSpan,
    School,
    SchoolFile,
    Screening,
    StaffMember,
    Term,
    Training,
)
from safetyregs._i18n import render
from safetyregs._models import CheckSession, DrillKind, Role, Step, TrainingKind
from safetyregs.jurisdictions import yanzhou

D = dt.date
PROFILE = yanzhou.PROFILE

MONTHLY = "yanzhou.evacuation-drill-monthly"
QUARTERLY = "yanzhou.evacuation-drill-quarterly"
NIGHT = "yanzhou.night-drill"
BUS = "yanzhou.school-bus-drill"
CADRE = "yanzhou.safety-cadre-pre-job-training"
APPOINTMENT = "yanzhou.appointment-training"
LEADER = "yanzhou.safety-leader-annual-training"
TEACHER = "yanzhou.teacher-annual-training"
PSYCH = "yanzhou.psych-screening"
INSURANCE = "yanzhou.liability-insurance"
LOOP = "yanzhou.hazard-closed-loop"
BACKGROUND = "yanzhou.staff-background-check"
EQUIPMENT = "yanzhou.special-equipment"
HEALTH = "yanzhou.health-checks"

CATALOGUE = [
    MONTHLY,
    QUARTERLY,
    NIGHT,
    BUS,
    CADRE,
    APPOINTMENT,
    LEADER,
    TEACHER,
    PSYCH,
    INSURANCE,
    LOOP,
    BACKGROUND,
    EQUIPMENT,
    HEALTH,
]

#: A Shandong school's terms, autumn 2023 to autumn 2026.
TERMS = (
    Term(D(2023, 9, 1), D(2024, 1, 31)),
    Term(D(2024, 2, 26), D(2024, 7, 5)),
    Term(D(2024, 9, 1), D(2025, 1, 17)),
    Term(D(2025, 2, 17), D(2025, 7, 4)),
    Term(D(2025, 9, 1), D(2026, 1, 23)),
    Term(D(2026, 2, 24), D(2026, 7, 3)),
    Term(D(2026, 9, 1), D(2027, 1, 22)),
)


#: A hire date long before the notice.
LONG_AGO = D(2010, 9, 1)
#: The deadline of the closed-loop tests' hazard, found 10 Oct 2026.
HAZARD_DEADLINE = D(2026, 10, 31)


def school(
    *,
    levels: tuple[str, ...] = ("primary", "junior_secondary"),
    terms: tuple[Term, ...] = TERMS,
    boarding: bool = False,
    uses_school_bus: bool = False,
) -> School:
    return School(
        id="yz-001",
        name="兖州区示范学校",
        jurisdiction="yanzhou",
        levels=levels,
        boarding=boarding,
        uses_school_bus=uses_school_bus,
        terms=terms,
    )


def member(
    member_id: str,
    *roles: tuple[str, dt.date, dt.date | None],
    hired: dt.date = LONG_AGO,
    background_check: dt.date | None = None,
) -> StaffMember:
    return StaffMember(
        id=member_id,
        name=member_id,
        hired=hired,
        background_check=background_check,
        roles=tuple(RoleSpan(Role(role), start, end) for role, start, end in roles),
    )


def training(tid: str, staff: str, day: dt.date, hours: str, kind: str = "annual") -> Training:
    return Training(tid, staff, day, hours, TrainingKind(kind))


def exact(value: Decimal | None) -> Fraction:
    """A decimal as an exact fraction."""
    assert value is not None
    return Fraction(value)


def run(
    sf: SchoolFile, start: dt.date, end: dt.date, as_of: dt.date, rule: str
) -> list[Obligation]:
    return list(safetyregs.evaluate(sf, PROFILE, Period(start, end), as_of, rules=[rule]))


def summary(obs: list[Obligation]) -> list[tuple[str, dt.date, dt.date, object, str]]:
    return [(o.subject, o.period.start, o.period.end, o.due, o.status) for o in obs]


def detail(sf: SchoolFile, start: dt.date, end: dt.date, as_of: dt.date, rule: str) -> list[str]:
    report = safetyregs.obligations(sf, start, end, as_of=as_of, profile=PROFILE, rules=[rule])
    return [o["detail"] for o in report.to_dict(lang="en")["obligations"]]


class TestProfile:
    def test_registered(self) -> None:
        """The entry point in pyproject resolves to this module's profile."""
        assert safetyregs.profiles.get("yanzhou") is PROFILE

    def test_catalogue_rules(self) -> None:
        """The profile holds exactly the catalogue's rules, in its order, citing the document."""
        assert [r.id for r in PROFILE.rules] == CATALOGUE
        assert all(r.source.document == "002_cabd601904d6a2e0.txt" for r in PROFILE.rules)
        assert PROFILE.effective_from == D(2024, 1, 26)

    @pytest.mark.parametrize(
        ("rule", "clause", "words"),
        [
            (MONTHLY, "二.6", "中小学每月、幼儿园每季度至少开展1次"),
            (NIGHT, "二.6", "寄宿制学校每年至少开展2次夜间应急疏散演练"),
            (BUS, "二.6", "每学期至少开展1次校车安全事故应急疏散演练"),
            (CADRE, "二.7", "新任安全管理干部应当接受岗前培训"),
            (APPOINTMENT, "二.7", "不少于40学时的安全教育任职培训"),
            (LEADER, "二.7", "每年应当接受不少于20学时的安全业务培训"),
            (TEACHER, "二.7", "班主任、专任教师每年应当接受不少于10学时的安全知识培训"),
            (PSYCH, "二.9", "每学期开展1次全员心理筛查"),
            (INSURANCE, "四.26", "严禁出现脱保漏保问题"),
            (LOOP, "四.24", "落实挂账销号、签字压责措施"),
            (BACKGROUND, "三.11", "准入查询性侵违法犯罪信息制度"),
            (EQUIPMENT, "三.19", "“三落实、两有证、一检验、一预案”"),
            (HEALTH, "三.16", "严格落实晨午检"),
        ],
    )
    def test_citations(self, rule: str, clause: str, words: str) -> None:
        """Every rule cites its clause as printed and quotes the document's words."""
        source = PROFILE.rule(rule).source
        assert source.clause == clause
        assert words in source.text


class TestEffectiveDate:
    def busy_school(self) -> SchoolFile:
        return SchoolFile(
            school(levels=("kindergarten", "primary"), boarding=True, uses_school_bus=True),
            staff=[member("late", ("teacher", D(2024, 1, 25), None), hired=D(2024, 1, 25))],
            hazards=[Hazard("h1", D(2024, 1, 5), deadline=D(2024, 1, 20))],
            equipment=[
                Equipment("eq-a", "elevator", D(2023, 1, 26)),
                Equipment("eq-b", "boiler", D(2023, 1, 25)),
            ],
        )

    def test_nothing_due_before_26_january_2024(self) -> None:
        """Up to 25 Jan 2024 the notice owes nothing, whatever the school lacks."""
        sf = self.busy_school()
        obs = safetyregs.evaluate(sf, PROFILE, Period(D(2024, 1, 1), D(2024, 1, 25)), D(2024, 2, 1))
        assert obs == ()

    def test_first_days_in_force(self) -> None:
        """From 26 Jan 2024 on, exactly what falls due from that day is owed."""
        sf = self.busy_school()
        obs = safetyregs.evaluate(
            sf, PROFILE, Period(D(2024, 1, 26), D(2024, 1, 31)), D(2024, 2, 1)
        )
        got = [(o.due, o.rule, o.subject, o.period.start) for o in obs]
        first = D(2024, 1, 26)
        last = D(2024, 1, 31)
        assert got == [
            # Fri 26 Jan, Mon 29 – Wed 31 Jan are school days; 27–28 Jan a weekend.
            (first, HEALTH, "yz-001", first),
            # eq-a was commissioned 26 Jan 2023: its first inspection is due 26 Jan 2024.
            (first, EQUIPMENT, "eq-a", D(2023, 1, 26)),
            (D(2024, 1, 29), HEALTH, "yz-001", D(2024, 1, 29)),
            (D(2024, 1, 30), HEALTH, "yz-001", D(2024, 1, 30)),
            (last, MONTHLY, "yz-001", D(2024, 1, 1)),
            (last, HEALTH, "yz-001", last),
            (last, INSURANCE, "yz-001", first),
            (last, PSYCH, "yz-001", D(2023, 9, 1)),
            (last, BUS, "yz-001", D(2023, 9, 1)),
            (last, EQUIPMENT, "eq-a", first),
            (last, EQUIPMENT, "eq-b", first),
        ]
        assert {o.status for o in obs} == {"violated"}


class TestEvacuationDrillMonthly:
    def test_met(self) -> None:
        """A drill in October 2026 meets October, due on 31 Oct."""
        sf = SchoolFile(school(), drills=[Drill("d1", D(2026, 10, 15))])
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), MONTHLY)
        assert summary(obs) == [("yz-001", D(2026, 10, 1), D(2026, 10, 31), D(2026, 10, 31), "met")]

    def test_pending_then_violated(self) -> None:
        """No drill in December 2026: pending on 31 Dec, violated on 1 Jan 2027."""
        sf = SchoolFile(school())
        statuses = [
            run(sf, D(2026, 12, 1), D(2026, 12, 31), as_of, MONTHLY)[0].status
            for as_of in (D(2026, 12, 31), D(2027, 1, 1))
        ]
        assert statuses == ["pending", "violated"]

    def test_last_day_of_month_and_the_first_of_the_next(self) -> None:
        """A drill on Mon 30 Nov meets November; one on 1 Dec does not repair November."""
        on_time = SchoolFile(school(), drills=[Drill("d1", D(2026, 11, 30))])
        late = SchoolFile(school(), drills=[Drill("d2", D(2026, 12, 1))])
        span = (D(2026, 11, 1), D(2026, 12, 31), D(2027, 1, 1))
        assert [o.status for o in run(on_time, *span, MONTHLY)] == ["met", "violated"]
        assert [o.status for o in run(late, *span, MONTHLY)] == ["violated", "met"]

    def test_summer_owes_nothing(self) -> None:
        """July 2026 (1–3 Jul: 3 school days) and August owe nothing; September does."""
        sf = SchoolFile(school())
        obs = run(sf, D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 1), MONTHLY)
        assert [o.due for o in obs] == [D(2026, 9, 30)]

    def test_thin_february_owes_nothing(self) -> None:
        """February 2026 has 5 school days (24–27 Feb and Sat 28 Feb, 调休): not in session."""
        sf = SchoolFile(school())
        obs = run(sf, D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 1), MONTHLY)
        assert [o.due for o in obs] == [D(2026, 1, 31), D(2026, 3, 31)]

    def test_kindergarten_owes_no_monthly_drill(self) -> None:
        """A kindergarten owes the quarterly drill, not the monthly one."""
        sf = SchoolFile(school(levels=("kindergarten",)))
        assert run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), MONTHLY) == []

    def test_january_2024_is_owed_whole(self) -> None:
        """January 2024 falls due on the 31st, after 26 Jan: owed, and a drill of 10 Jan counts."""
        sf = SchoolFile(school(), drills=[Drill("d1", D(2024, 1, 10))])
        obs = run(sf, D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 1), MONTHLY)
        assert summary(obs) == [("yz-001", D(2024, 1, 1), D(2024, 1, 31), D(2024, 1, 31), "met")]


class TestEvacuationDrillQuarterly:
    def test_last_day_of_quarter(self) -> None:
        """A drill on Thu 31 Dec 2026 meets Q4; a drill on 1 Jan 2027 would not."""
        kg = school(levels=("kindergarten",))
        on_time = SchoolFile(kg, drills=[Drill("d1", D(2026, 12, 31))])
        late = SchoolFile(kg, drills=[Drill("d2", D(2027, 1, 1))])
        for sf, status in ((on_time, "met"), (late, "violated")):
            obs = run(sf, D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 2), QUARTERLY)
            assert summary(obs) == [
                ("yz-001", D(2026, 10, 1), D(2026, 12, 31), D(2026, 12, 31), status)
            ]

    def test_pending(self) -> None:
        """Q3 2026 (July 1–3 plus 22 September school days) is pending until 30 Sep."""
        sf = SchoolFile(school(levels=("kindergarten",)))
        [ob] = run(sf, D(2026, 7, 1), D(2026, 9, 30), D(2026, 9, 30), QUARTERLY)
        assert (ob.due, ob.status) == (D(2026, 9, 30), "pending")

    def test_quarter_without_term_days(self) -> None:
        """A kindergarten whose only term ends 3 Jul 2026 owes nothing for Q3 or Q4 2026."""
        sf = SchoolFile(
            school(levels=("kindergarten",), terms=(Term(D(2026, 2, 24), D(2026, 7, 3)),))
        )
        obs = run(sf, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 1), QUARTERLY)
        assert [o.due for o in obs] == [D(2026, 3, 31), D(2026, 6, 30)]

    def test_primary_school_owes_no_quarterly_drill(self) -> None:
        """Only kindergarten levels owe the quarterly drill; a mixed school owes both."""
        primary = SchoolFile(school(levels=("primary",)))
        mixed = SchoolFile(school(levels=("kindergarten", "primary")))
        assert run(primary, D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 1), QUARTERLY) == []
        assert len(run(mixed, D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 1), QUARTERLY)) == 1


class TestNightDrill:
    def boarding(self, *drills: Drill) -> SchoolFile:
        return SchoolFile(school(boarding=True), drills=drills)

    def test_two_night_drills(self) -> None:
        """Two night drills in 2025, one in the summer holiday, meet the year."""
        sf = self.boarding(
            Drill("n1", D(2025, 3, 12), night=True), Drill("n2", D(2025, 8, 10), night=True)
        )
        obs = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), NIGHT)
        assert summary(obs) == [("yz-001", D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 31), "met")]

    def test_day_drill_does_not_count(self) -> None:
        """One night drill and one day drill: 1 of 2, pending on 31 Dec, violated after."""
        sf = self.boarding(Drill("n1", D(2025, 3, 12), night=True), Drill("d1", D(2025, 4, 1)))
        [ob] = run(sf, D(2025, 12, 1), D(2025, 12, 31), D(2025, 12, 31), NIGHT)
        assert (ob.status, ob.found, ob.required) == ("pending", Decimal(1), Decimal(2))
        [ob] = run(sf, D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 1), NIGHT)
        assert ob.status == "violated"

    def test_year_boundary(self) -> None:
        """A night drill on 31 Dec counts for that year; one on 1 Jan counts for the next."""
        sf = self.boarding(
            Drill("n1", D(2025, 3, 12), night=True),
            Drill("n2", D(2025, 12, 31), night=True),
            Drill("n3", D(2026, 1, 1), night=True),
        )
        obs = run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), NIGHT)
        assert [(o.due, o.status, o.found) for o in obs] == [
            (D(2025, 12, 31), "met", Decimal(2)),
            (D(2026, 12, 31), "violated", Decimal(1)),
        ]

    def test_day_schools_owe_nothing(self) -> None:
        """A school that is not boarding owes no night drills."""
        sf = SchoolFile(school())
        assert run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), NIGHT) == []


class TestSchoolBusDrill:
    def test_met(self) -> None:
        """A school-bus drill in spring term 2026 meets the term, due on its last day."""
        sf = SchoolFile(
            school(uses_school_bus=True),
            drills=[Drill("b1", D(2026, 3, 18), kind=DrillKind.SCHOOL_BUS)],
        )
        obs = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 1), BUS)
        assert summary(obs) == [("yz-001", D(2026, 2, 24), D(2026, 7, 3), D(2026, 7, 3), "met")]

    def test_other_kinds_and_late_drills_do_not_count(self) -> None:
        """A fire drill, or a bus drill on 4 Jul after the term: pending 3 Jul, violated 4 Jul."""
        sf = SchoolFile(
            school(uses_school_bus=True),
            drills=[
                Drill("f1", D(2026, 3, 18), kind=DrillKind.FIRE),
                Drill("b1", D(2026, 7, 4), kind=DrillKind.SCHOOL_BUS),
            ],
        )
        [ob] = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 7, 3), BUS)
        assert ob.status == "pending"
        [ob] = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 7, 4), BUS)
        assert ob.status == "violated"

    def test_schools_without_buses(self) -> None:
        """A school that uses no school bus owes nothing."""
        sf = SchoolFile(school())
        assert run(sf, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 1), BUS) == []

    @pytest.mark.parametrize(
        ("term_end", "owed"), [(D(2024, 1, 25), False), (D(2024, 1, 26), True)]
    )
    def test_term_ending_around_the_effective_date(self, term_end: dt.date, owed: bool) -> None:
        """A term ending 25 Jan 2024 falls due before the notice; one ending 26 Jan is owed."""
        sf = SchoolFile(school(uses_school_bus=True, terms=(Term(D(2023, 9, 1), term_end),)))
        obs = run(sf, D(2023, 9, 1), D(2024, 2, 29), D(2024, 3, 1), BUS)
        assert [o.due for o in obs] == ([term_end] if owed else [])


class TestSafetyCadrePreJobTraining:
    def cadre(self, start: dt.date, *trainings: Training) -> SchoolFile:
        return SchoolFile(
            school(),
            staff=[member("c1", ("safety_cadre", start, None)), member("c2")],
            trainings=trainings,
        )

    def test_met_before_the_post(self) -> None:
        """Pre-job training on 25 Aug meets a post taken up on 1 Sep; due on 1 Sep."""
        sf = self.cadre(D(2026, 9, 1), training("t1", "c1", D(2026, 8, 25), "8", "pre_job"))
        obs = run(sf, D(2026, 9, 1), D(2026, 9, 30), D(2026, 10, 1), CADRE)
        assert summary(obs) == [("c1", D(2026, 9, 1), D(2026, 9, 1), D(2026, 9, 1), "met")]

    def test_on_the_day(self) -> None:
        """Pre-job training on the day the post starts is in time."""
        sf = self.cadre(D(2026, 9, 1), training("t1", "c1", D(2026, 9, 1), "8", "pre_job"))
        [ob] = run(sf, D(2026, 9, 1), D(2026, 9, 30), D(2026, 10, 1), CADRE)
        assert ob.status == "met"

    def test_after_the_start(self) -> None:
        """Pre-job training the day after the start is late: pending on 1 Sep, violated on 2 Sep."""
        sf = self.cadre(D(2026, 9, 1), training("t1", "c1", D(2026, 9, 2), "8", "pre_job"))
        [ob] = run(sf, D(2026, 9, 1), D(2026, 9, 30), D(2026, 9, 1), CADRE)
        assert ob.status == "pending"
        [ob] = run(sf, D(2026, 9, 1), D(2026, 9, 30), D(2026, 9, 2), CADRE)
        assert ob.status == "violated"

    def test_other_kinds_and_people(self) -> None:
        """Annual training, or someone else's pre-job training, is no pre-job training."""
        sf = self.cadre(
            D(2026, 9, 1),
            training("t1", "c1", D(2026, 8, 20), "8", "annual"),
            training("t2", "c2", D(2026, 8, 20), "8", "pre_job"),
        )
        [ob] = run(sf, D(2026, 9, 1), D(2026, 9, 30), D(2026, 10, 1), CADRE)
        assert (ob.subject, ob.status) == ("c1", "violated")

    @pytest.mark.parametrize(("start", "owed"), [(D(2024, 1, 25), False), (D(2024, 1, 26), True)])
    def test_new_only_from_the_effective_date(self, start: dt.date, owed: bool) -> None:
        """A cadre in post from 25 Jan 2024 is not 新任 under this notice; from 26 Jan is."""
        sf = self.cadre(start)
        obs = run(sf, D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), CADRE)
        assert [o.due for o in obs] == ([start] if owed else [])


#: A principal appointed on 1 Mar 2025.
NEW_PRINCIPAL = (("principal", D(2025, 3, 1), None),)


class TestAppointmentTraining:
    def head(
        self,
        *trainings: Training,
        roles: tuple[tuple[str, dt.date, dt.date | None], ...] = NEW_PRINCIPAL,
    ) -> SchoolFile:
        return SchoolFile(school(), staff=[member("p1", *roles)], trainings=trainings)

    def test_met_within_the_first_year(self) -> None:
        """24 + 16 class hours within a year of 1 Mar 2025 meet it; due 1 Mar 2026."""
        sf = self.head(
            training("t1", "p1", D(2025, 4, 10), "24", "appointment"),
            training("t2", "p1", D(2025, 11, 20), "16"),
        )
        obs = run(sf, D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 1), APPOINTMENT)
        assert summary(obs) == [("p1", D(2025, 3, 1), D(2026, 3, 1), D(2026, 3, 1), "met")]
        assert (obs[0].found, obs[0].required, obs[0].unit) == (
            Decimal(40),
            Decimal(40),
            "class_hours",
        )

    def test_short(self) -> None:
        """39.5 class hours: pending on 1 Mar 2026, violated on 2 Mar."""
        sf = self.head(training("t1", "p1", D(2025, 4, 10), "39.5"))
        [ob] = run(sf, D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 1), APPOINTMENT)
        assert (ob.status, ob.found) == ("pending", Decimal("39.5"))
        [ob] = run(sf, D(2026, 3, 1), D(2026, 3, 31), D(2026, 3, 2), APPOINTMENT)
        assert ob.status == "violated"

    def test_window_ends(self) -> None:
        """Training on the start and on the anniversary counts; the day before or after not."""
        sf = self.head(
            training("t0", "p1", D(2025, 2, 28), "40"),
            training("t1", "p1", D(2025, 3, 1), "20"),
            training("t2", "p1", D(2026, 3, 1), "20"),
            training("t3", "p1", D(2026, 3, 2), "40"),
        )
        [ob] = run(sf, D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 1), APPOINTMENT)
        assert (ob.status, ob.evidence) == ("met", ("t1", "t2"))

    def test_each_head_needs_own_hours(self) -> None:
        """Two new heads from 1 Mar 2025; only p1 trained 40 hours: p1 met, p2 violated."""
        sf = SchoolFile(
            school(),
            staff=[
                member("p1", *NEW_PRINCIPAL),
                member("p2", ("vice_principal", *NEW_PRINCIPAL[0][1:])),
            ],
            trainings=[training("t1", "p1", D(2025, 4, 10), "40")],
        )
        obs = run(sf, D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 1), APPOINTMENT)
        assert [(o.subject, o.status, o.found) for o in obs] == [
            ("p1", "met", Decimal(40)),
            ("p2", "violated", Decimal(0)),
        ]

    def test_exact_decimals(self) -> None:
        """Four hundred records of 0.1 class hours are exactly 40."""
        sf = self.head(
            *(
                training(f"t{n}", "p1", D(2025, 3, 2) + dt.timedelta(days=n % 300), "0.1")
                for n in range(400)
            )
        )
        [ob] = run(sf, D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 1), APPOINTMENT)
        assert (ob.status, ob.found) == ("met", Decimal(40))

    def test_promotion_is_a_new_appointment(self) -> None:
        """A vice principal made principal on 1 Sep 2025 is 新任校长: a second obligation."""
        sf = self.head(
            roles=(
                ("vice_principal", D(2025, 3, 1), D(2025, 8, 31)),
                ("principal", D(2025, 9, 1), None),
            )
        )
        obs = run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), APPOINTMENT)
        assert [(o.period.start, o.due) for o in obs] == [
            (D(2025, 3, 1), D(2026, 3, 1)),
            (D(2025, 9, 1), D(2026, 9, 1)),
        ]

    def test_same_post_continued_is_no_new_appointment(self) -> None:
        """A principal's post recorded as two touching spans is one appointment."""
        sf = self.head(
            roles=(
                ("principal", D(2025, 3, 1), D(2025, 8, 31)),
                ("principal", D(2025, 9, 1), None),
            )
        )
        obs = run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), APPOINTMENT)
        assert [(o.period.start, o.due) for o in obs] == [(D(2025, 3, 1), D(2026, 3, 1))]

    def test_leap_day_start(self) -> None:
        """A safety vice principal appointed 29 Feb 2024 is due 28 Feb 2025."""
        sf = self.head(roles=(("safety_vice_principal", D(2024, 2, 29), None),))
        obs = run(sf, D(2024, 1, 1), D(2025, 12, 31), D(2026, 1, 1), APPOINTMENT)
        assert [(o.due, o.status) for o in obs] == [(D(2025, 2, 28), "violated")]

    def test_heads_in_post_before_the_notice(self) -> None:
        """A principal appointed 25 Jan 2024 is not 新任 under this notice."""
        sf = self.head(roles=(("principal", D(2024, 1, 25), None),))
        assert run(sf, D(2024, 1, 1), D(2025, 12, 31), D(2026, 1, 1), APPOINTMENT) == []


class TestSafetyLeaderAnnualTraining:
    def test_full_year(self) -> None:
        """A safety vice principal all 2025 with 20 class hours is met; due 31 Dec."""
        sf = SchoolFile(
            school(),
            staff=[member("v1", ("safety_vice_principal", D(2020, 9, 1), None))],
            trainings=[
                training("t1", "v1", D(2025, 5, 1), "12"),
                training("t2", "v1", D(2025, 10, 1), "8"),
            ],
        )
        obs = run(sf, D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 1), LEADER)
        assert summary(obs) == [("v1", D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 31), "met")]
        assert (obs[0].found, obs[0].required) == (Decimal(20), Decimal(20))

    def test_short(self) -> None:
        """19.9 class hours: pending on 31 Dec, violated on 1 Jan."""
        sf = SchoolFile(
            school(),
            staff=[member("v1", ("safety_department_head", D(2020, 9, 1), None))],
            trainings=[training("t1", "v1", D(2025, 5, 1), "19.9")],
        )
        [ob] = run(sf, D(2025, 12, 1), D(2025, 12, 31), D(2025, 12, 31), LEADER)
        assert ob.status == "pending"
        [ob] = run(sf, D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 1), LEADER)
        assert ob.status == "violated"

    def test_both_posts_counted_once(self) -> None:
        """Holding both posts all year owes 20 class hours, in one obligation."""
        sf = SchoolFile(
            school(),
            staff=[
                member(
                    "v1",
                    ("safety_vice_principal", D(2020, 9, 1), None),
                    ("safety_department_head", D(2022, 9, 1), None),
                )
            ],
        )
        obs = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), LEADER)
        assert [(o.subject, o.required) for o in obs] == [("v1", Decimal(20))]

    def test_leap_year_part(self) -> None:
        """From 2 Jul 2024: 183 of 366 days, so 20 × 183/366 = 10 class hours exactly."""
        sf = SchoolFile(
            school(),
            staff=[member("v1", ("safety_vice_principal", D(2024, 7, 2), None))],
            trainings=[training("t1", "v1", D(2024, 3, 1), "10")],
        )
        [ob] = run(sf, D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), LEADER)
        # Training dated in the year counts, even before the role started.
        assert (ob.required, ob.found, ob.status) == (Decimal(10), Decimal(10), "met")

    @pytest.mark.parametrize(("hours", "status"), [("10.08", "violated"), ("10.09", "met")])
    def test_mid_year_start(self, hours: str, status: str) -> None:
        """From 1 Jul 2025: 20 × 184/365 = 736/73 ≈ 10.0822 class hours."""
        sf = SchoolFile(
            school(),
            staff=[member("v1", ("safety_vice_principal", D(2025, 7, 1), None))],
            trainings=[training("t1", "v1", D(2025, 9, 1), hours)],
        )
        [ob] = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), LEADER)
        assert ob.status == status
        assert abs(exact(ob.required) - Fraction(736, 73)) < Fraction(1, 10**20)

    def test_training_next_year(self) -> None:
        """Training dated 1 Jan 2026 does not count for 2025."""
        sf = SchoolFile(
            school(),
            staff=[member("v1", ("safety_vice_principal", D(2020, 9, 1), None))],
            trainings=[training("t1", "v1", D(2026, 1, 1), "20")],
        )
        obs = run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), LEADER)
        assert [(o.due, o.status) for o in obs] == [
            (D(2025, 12, 31), "violated"),
            (D(2026, 12, 31), "met"),
        ]


class TestTeacherAnnualTraining:
    def test_full_year(self) -> None:
        """A teacher all 2025 with 10 class hours is met; due 31 Dec 2025."""
        sf = SchoolFile(
            school(),
            staff=[member("t", ("teacher", D(2015, 9, 1), None))],
            trainings=[training("x1", "t", D(2025, 11, 3), "10")],
        )
        obs = run(sf, D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 1), TEACHER)
        assert summary(obs) == [("t", D(2025, 1, 1), D(2025, 12, 31), D(2025, 12, 31), "met")]

    def test_head_teacher_who_teaches_counted_once(self) -> None:
        """A teacher who is also head teacher owes 10 class hours, not 20."""
        sf = SchoolFile(
            school(),
            staff=[
                member("t", ("teacher", D(2015, 9, 1), None), ("head_teacher", D(2019, 9, 1), None))
            ],
            trainings=[training("x1", "t", D(2025, 11, 3), "10")],
        )
        obs = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), TEACHER)
        assert [(o.subject, o.required, o.status) for o in obs] == [("t", Decimal(10), "met")]

    def test_overlapping_roles_cover_the_year(self) -> None:
        """Teacher to 30 Jun and head teacher from 1 Jun: the whole year once, 10 class hours."""
        sf = SchoolFile(
            school(),
            staff=[
                member(
                    "t",
                    ("teacher", D(2025, 1, 1), D(2025, 6, 30)),
                    ("head_teacher", D(2025, 6, 1), None),
                )
            ],
        )
        [ob] = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), TEACHER)
        assert ob.required == 10

    @pytest.mark.parametrize(("hours", "status"), [("5.04", "violated"), ("5.05", "met")])
    def test_mid_year_start(self, hours: str, status: str) -> None:
        """From 1 Jul 2025: 10 × 184/365 = 368/73 ≈ 5.0411 class hours."""
        sf = SchoolFile(
            school(),
            staff=[member("t", ("teacher", D(2025, 7, 1), None))],
            trainings=[training("x1", "t", D(2025, 9, 1), hours)],
        )
        [ob] = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), TEACHER)
        assert ob.status == status

    def test_pro_rating_is_exact(self) -> None:
        """No rounding: 368/73 = 5.04109589 04109589 …, so 5.041095890410958904109589041 is short.

        semantics.md: required = quota × days / days_in_year, "exact arithmetic, no rounding".
        The decimal below is 368/73 cut after 27 decimals; it is less than the quota. It has
        more digits than a school file may hold, so validation is skipped: this pins the
        engine's arithmetic, not the loader.
        """
        almost = "5.041095890410958904109589041"
        assert Fraction(almost) < Fraction(368, 73)
        sf = SchoolFile(
            school(),
            staff=[member("t", ("teacher", D(2025, 7, 1), None))],
            trainings=[training("x1", "t", D(2025, 9, 1), almost)],
        )
        period = Period(D(2025, 1, 1), D(2025, 12, 31))
        [ob] = safetyregs.evaluate(
            sf, PROFILE, period, D(2026, 1, 1), rules=[TEACHER], validate=False
        )
        assert ob.status == "violated"

    def test_role_ended_in_march(self) -> None:
        """A teacher to 31 Mar 2025 (90 days) owes 10 × 90/365 = 180/73 ≈ 2.466, none in 2026."""
        sf = SchoolFile(
            school(),
            staff=[member("t", ("teacher", D(2015, 9, 1), D(2025, 3, 31)))],
            trainings=[training("x1", "t", D(2025, 3, 1), "2.47")],
        )
        obs = run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), TEACHER)
        assert [(o.due, o.status) for o in obs] == [(D(2025, 12, 31), "met")]
        assert abs(exact(obs[0].required) - Fraction(180, 73)) < Fraction(1, 10**20)

    def test_2024_is_owed_whole(self) -> None:
        """The 2024 quota falls due 31 Dec 2024, inside the notice's span: the full 10 hours."""
        sf = SchoolFile(school(), staff=[member("t", ("teacher", D(2015, 9, 1), None))])
        obs = run(sf, D(2023, 1, 1), D(2024, 12, 31), D(2025, 1, 1), TEACHER)
        assert [(o.due, o.required, o.status) for o in obs] == [
            (D(2024, 12, 31), Decimal(10), "violated")
        ]


class TestPsychScreening:
    def screened(
        self, *screenings: Screening, levels: tuple[str, ...] = ("primary", "junior_secondary")
    ) -> SchoolFile:
        return SchoolFile(school(levels=levels), screenings=screenings)

    def test_met(self) -> None:
        """One screening of both of the school's levels meets spring term 2026."""
        sf = self.screened(Screening("s1", D(2026, 4, 10), ("primary", "junior_secondary")))
        obs = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 1), PSYCH)
        assert summary(obs) == [("yz-001", D(2026, 2, 24), D(2026, 7, 3), D(2026, 7, 3), "met")]

    def test_one_level_missing(self) -> None:
        """A screening of primary only: pending on the last day of term, violated after."""
        sf = self.screened(Screening("s1", D(2026, 4, 10), ("primary",)))
        [ob] = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 7, 3), PSYCH)
        assert ob.status == "pending"
        [ob] = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 7, 4), PSYCH)
        assert ob.status == "violated"

    def test_two_partial_screenings_are_not_one_whole(self) -> None:
        """全员: one screening per level separately is not one screening of every level."""
        sf = self.screened(
            Screening("s1", D(2026, 4, 10), ("primary",)),
            Screening("s2", D(2026, 4, 17), ("junior_secondary",)),
        )
        [ob] = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 1), PSYCH)
        assert ob.status == "violated"

    def test_kindergarten_pupils_are_not_screened(self) -> None:
        """A kindergarten-and-primary school needs primary screened; a kindergarten owes none."""
        mixed = self.screened(
            Screening("s1", D(2026, 4, 10), ("primary",)),
            levels=("kindergarten", "primary"),
        )
        [ob] = run(mixed, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 1), PSYCH)
        assert ob.status == "met"
        kg = self.screened(levels=("kindergarten",))
        assert run(kg, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 1), PSYCH) == []

    def test_screening_after_term(self) -> None:
        """A screening on 4 Jul, after the term, does not count for it."""
        sf = self.screened(Screening("s1", D(2026, 7, 4), ("primary", "junior_secondary")))
        [ob] = run(sf, D(2026, 7, 1), D(2026, 7, 31), D(2026, 8, 1), PSYCH)
        assert ob.status == "violated"


class TestLiabilityInsurance:
    def insured(self, *policies: tuple[str, dt.date, dt.date | None, str]) -> SchoolFile:
        return SchoolFile(
            school(),
            insurance=[
                InsurancePolicy(pid, kind, start, end) for pid, start, end, kind in policies
            ],
        )

    def test_adjacent_policies(self) -> None:
        """A policy ending 31 Dec and the next starting 1 Jan leave no gap."""
        sf = self.insured(
            ("p1", D(2025, 1, 1), D(2025, 12, 31), "school_liability"),
            ("p2", D(2026, 1, 1), D(2026, 12, 31), "school_liability"),
        )
        assert run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), INSURANCE) == []

    def test_one_day_gap(self) -> None:
        """A policy ending 30 Dec and the next starting 1 Jan leave 31 Dec as a one-day run."""
        sf = self.insured(
            ("p1", D(2025, 1, 1), D(2025, 12, 30), "school_liability"),
            ("p2", D(2026, 1, 1), None, "school_liability"),
        )
        obs = run(sf, D(2025, 1, 1), D(2026, 12, 31), D(2027, 1, 1), INSURANCE)
        assert summary(obs) == [
            ("yz-001", D(2025, 12, 31), D(2025, 12, 31), D(2025, 12, 31), "violated")
        ]
        assert (obs[0].found, obs[0].unit) == (Decimal(1), "days")

    def test_other_insurance_does_not_count(self) -> None:
        """A student accident policy is not school liability insurance."""
        sf = self.insured(("p1", D(2025, 1, 1), D(2025, 12, 31), "student_accident"))
        obs = run(sf, D(2025, 3, 1), D(2025, 3, 31), D(2025, 4, 1), INSURANCE)
        assert summary(obs) == [
            ("yz-001", D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 31), "violated")
        ]

    def test_run_split_at_as_of(self) -> None:
        """Uninsured from 1 Jul 2026, asked on 10 Jul: 1–9 Jul violated, 10–31 Jul pending."""
        sf = self.insured(("p1", D(2026, 1, 1), D(2026, 6, 30), "school_liability"))
        obs = run(sf, D(2026, 6, 1), D(2026, 7, 31), D(2026, 7, 10), INSURANCE)
        assert summary(obs) == [
            ("yz-001", D(2026, 7, 1), D(2026, 7, 9), D(2026, 7, 9), "violated"),
            ("yz-001", D(2026, 7, 10), D(2026, 7, 31), D(2026, 7, 31), "pending"),
        ]

    def test_gap_from_before_the_notice(self) -> None:
        """Uninsured until 29 Feb 2024: the run owed starts on 26 Jan 2024."""
        sf = self.insured(("p1", D(2024, 3, 1), D(2025, 2, 28), "school_liability"))
        obs = run(sf, D(2024, 1, 1), D(2024, 3, 31), D(2024, 4, 1), INSURANCE)
        assert summary(obs) == [
            ("yz-001", D(2024, 1, 26), D(2024, 2, 29), D(2024, 2, 29), "violated")
        ]


class TestHazardClosedLoop:
    def hazard(
        self,
        *steps: tuple[str, dt.date],
        responsible: str | None = "s1",
        deadline: dt.date | None = HAZARD_DEADLINE,
    ) -> SchoolFile:
        return SchoolFile(
            school(),
            staff=[member("s1")],
            hazards=[
                Hazard(
                    "h1",
                    D(2026, 10, 10),
                    deadline=deadline,
                    responsible=responsible,
                    steps=tuple(HazardStep(Step(step), day) for step, day in steps),
                )
            ],
        )

    def test_closed_loop(self) -> None:
        """Registered, remediated, verified, closed in order and in time: one met obligation."""
        sf = self.hazard(
            ("registered", D(2026, 10, 10)),
            ("remediated", D(2026, 10, 20)),
            ("verified", D(2026, 10, 28)),
            ("closed", D(2026, 10, 29)),
        )
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), LOOP)
        assert summary(obs) == [("h1", D(2026, 10, 10), D(2026, 10, 31), D(2026, 10, 31), "met")]

    def test_verified_after_the_deadline(self) -> None:
        """Verified on 3 Nov for a deadline of 31 Oct: violated, the detail names the date."""
        sf = self.hazard(
            ("registered", D(2026, 10, 10)),
            ("remediated", D(2026, 10, 20)),
            ("verified", D(2026, 11, 3)),
            ("closed", D(2026, 11, 4)),
        )
        obs = run(sf, D(2026, 10, 1), D(2026, 11, 30), D(2026, 12, 1), LOOP)
        assert summary(obs) == [
            ("h1", D(2026, 10, 10), D(2026, 10, 31), D(2026, 10, 31), "violated")
        ]
        assert "2026-11-03" in detail(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 12, 1), LOOP)[0]

    def test_not_yet_verified(self) -> None:
        """Not verified: pending on the deadline, violated the day after."""
        sf = self.hazard(("registered", D(2026, 10, 10)))
        statuses = [
            run(sf, D(2026, 10, 1), D(2026, 10, 31), as_of, LOOP)[0].status
            for as_of in (D(2026, 10, 31), D(2026, 11, 1))
        ]
        assert statuses == ["pending", "violated"]

    def test_closed_without_verification(self) -> None:
        """销号 without 查验 is an offending step on its date, besides the missed deadline."""
        sf = self.hazard(
            ("registered", D(2026, 10, 10)),
            ("remediated", D(2026, 10, 20)),
            ("closed", D(2026, 10, 25)),
        )
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), LOOP)
        assert summary(obs) == [
            ("h1", D(2026, 10, 25), D(2026, 10, 25), D(2026, 10, 25), "violated"),
            ("h1", D(2026, 10, 10), D(2026, 10, 31), D(2026, 10, 31), "violated"),
        ]

    def test_remediated_before_registered(self) -> None:
        """A step dated before an earlier step of the loop is due, and violated, on its date."""
        sf = self.hazard(
            ("registered", D(2026, 10, 15)),
            ("remediated", D(2026, 10, 12)),
            ("verified", D(2026, 10, 20)),
            ("closed", D(2026, 10, 21)),
        )
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), LOOP)
        assert [(o.due, o.status) for o in obs] == [
            (D(2026, 10, 12), "violated"),
            (D(2026, 10, 31), "met"),
        ]

    def test_offences_on_one_day_are_one_obligation(self) -> None:
        """Three steps without registration on 12 Oct: one obligation for (rule, h1, 12 Oct).

        It names each offending step; verification by the deadline still meets the deadline.
        """
        sf = self.hazard(
            ("remediated", D(2026, 10, 12)),
            ("verified", D(2026, 10, 12)),
            ("closed", D(2026, 10, 12)),
        )
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), LOOP)
        assert summary(obs) == [
            ("h1", D(2026, 10, 12), D(2026, 10, 12), D(2026, 10, 12), "violated"),
            ("h1", D(2026, 10, 10), D(2026, 10, 31), D(2026, 10, 31), "met"),
        ]
        text = render(obs[0].detail, "en")
        assert all(f"step {step} on 2026-10-12" in text for step in ("remediated", "verified"))
        assert "step closed on 2026-10-12" in text
        assert len({o.id for o in obs}) == 2

    def test_registered_without_responsible(self) -> None:
        """签字压责: registering a hazard without a responsible person is a violation that day."""
        sf = self.hazard(
            ("registered", D(2026, 10, 10)),
            ("remediated", D(2026, 10, 20)),
            ("verified", D(2026, 10, 28)),
            responsible=None,
        )
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), LOOP)
        assert [(o.due, o.status) for o in obs] == [
            (D(2026, 10, 10), "violated"),
            (D(2026, 10, 31), "met"),
        ]

    def test_deadline_before_the_notice(self) -> None:
        """A hazard due 20 Jan 2024 and never verified owes nothing under this notice."""
        sf = SchoolFile(school(), hazards=[Hazard("h0", D(2024, 1, 5), deadline=D(2024, 1, 20))])
        assert run(sf, D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), LOOP) == []


class TestStaffBackgroundCheck:
    def hire(self, hired: dt.date, checked: dt.date | None) -> SchoolFile:
        return SchoolFile(school(), staff=[member("n1", hired=hired, background_check=checked)])

    def test_checked_before_hire(self) -> None:
        """Checked 20 Aug, hired 1 Sep 2025: met, due on the day of hire."""
        sf = self.hire(D(2025, 9, 1), D(2025, 8, 20))
        obs = run(sf, D(2025, 9, 1), D(2025, 9, 30), D(2025, 10, 1), BACKGROUND)
        assert summary(obs) == [("n1", D(2025, 9, 1), D(2025, 9, 1), D(2025, 9, 1), "met")]

    def test_checked_on_the_day(self) -> None:
        """A check on the day of hire is in time."""
        sf = self.hire(D(2025, 9, 1), D(2025, 9, 1))
        [ob] = run(sf, D(2025, 9, 1), D(2025, 9, 30), D(2025, 10, 1), BACKGROUND)
        assert ob.status == "met"

    def test_checked_after_hire(self) -> None:
        """A check the day after hire is late, and the detail says when it was done."""
        sf = self.hire(D(2025, 9, 1), D(2025, 9, 2))
        [ob] = run(sf, D(2025, 9, 1), D(2025, 9, 30), D(2025, 9, 2), BACKGROUND)
        assert ob.status == "violated"
        assert (
            "2025-09-02" in detail(sf, D(2025, 9, 1), D(2025, 9, 30), D(2025, 9, 2), BACKGROUND)[0]
        )

    def test_not_checked(self) -> None:
        """No check: pending on the day of hire, violated from the next day."""
        sf = self.hire(D(2025, 9, 1), None)
        statuses = [
            run(sf, D(2025, 9, 1), D(2025, 9, 30), as_of, BACKGROUND)[0].status
            for as_of in (D(2025, 9, 1), D(2025, 9, 2))
        ]
        assert statuses == ["pending", "violated"]

    @pytest.mark.parametrize(("hired", "owed"), [(D(2024, 1, 25), False), (D(2024, 1, 26), True)])
    def test_hires_from_the_effective_date(self, hired: dt.date, owed: bool) -> None:
        """Staff hired 25 Jan 2024 owe nothing under this notice; hired 26 Jan they do."""
        sf = self.hire(hired, None)
        obs = run(sf, D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), BACKGROUND)
        assert [(o.due, o.status) for o in obs] == ([(hired, "violated")] if owed else [])


class TestSpecialEquipment:
    def lift(self, commissioned: dt.date, *inspections: dt.date, papers: bool = True) -> SchoolFile:
        return SchoolFile(
            school(),
            equipment=[
                Equipment(
                    "eq1",
                    "elevator",
                    commissioned,
                    registration_certificate=True,
                    operator_certificate=papers,
                    emergency_plan=True,
                    inspections=inspections,
                )
            ],
        )

    def test_inspections_on_time(self) -> None:
        """Commissioned 1 Mar 2024, inspected 20 Feb 2025 and 10 Feb 2026: each in time."""
        sf = self.lift(D(2024, 3, 1), D(2025, 2, 20), D(2026, 2, 10))
        obs = run(sf, D(2024, 1, 26), D(2027, 12, 31), D(2026, 12, 1), EQUIPMENT)
        assert summary(obs) == [
            ("eq1", D(2024, 3, 1), D(2025, 3, 1), D(2025, 3, 1), "met"),
            ("eq1", D(2025, 2, 20), D(2026, 2, 20), D(2026, 2, 20), "met"),
            ("eq1", D(2026, 2, 10), D(2027, 2, 10), D(2027, 2, 10), "pending"),
        ]

    def test_on_the_anniversary(self) -> None:
        """An inspection on the anniversary of commissioning is in time and restarts the year."""
        sf = self.lift(D(2024, 3, 1), D(2025, 3, 1))
        obs = run(sf, D(2024, 1, 26), D(2026, 12, 31), D(2027, 1, 1), EQUIPMENT)
        assert [(o.period.start, o.due, o.status) for o in obs] == [
            (D(2024, 3, 1), D(2025, 3, 1), "met"),
            (D(2025, 3, 1), D(2026, 3, 1), "violated"),
        ]

    def test_late_inspection(self) -> None:
        """Inspected 15 Apr 2025, after the 1 Mar deadline: violated, next due 15 Apr 2026."""
        sf = self.lift(D(2024, 3, 1), D(2025, 4, 15))
        obs = run(sf, D(2024, 1, 26), D(2026, 12, 31), D(2026, 4, 1), EQUIPMENT)
        assert summary(obs) == [
            ("eq1", D(2024, 3, 1), D(2025, 3, 1), D(2025, 3, 1), "violated"),
            ("eq1", D(2025, 4, 15), D(2026, 4, 15), D(2026, 4, 15), "pending"),
        ]
        text = detail(sf, D(2025, 3, 1), D(2025, 3, 1), D(2026, 4, 1), EQUIPMENT)[0]
        assert "2025-04-15" in text

    def test_missed_inspections(self) -> None:
        """Never inspected: a deadline every year from commissioning, each violated."""
        sf = self.lift(D(2024, 3, 1))
        obs = run(sf, D(2024, 1, 26), D(2026, 12, 31), D(2027, 1, 1), EQUIPMENT)
        assert summary(obs) == [
            ("eq1", D(2024, 3, 1), D(2025, 3, 1), D(2025, 3, 1), "violated"),
            ("eq1", D(2025, 3, 1), D(2026, 3, 1), D(2026, 3, 1), "violated"),
        ]

    def test_leap_day_commissioning(self) -> None:
        """Commissioned 29 Feb 2024: the first inspection is due 28 Feb 2025."""
        sf = self.lift(D(2024, 2, 29), D(2025, 2, 28))
        obs = run(sf, D(2024, 1, 26), D(2025, 12, 31), D(2026, 1, 1), EQUIPMENT)
        assert [(o.due, o.status) for o in obs] == [(D(2025, 2, 28), "met")]

    def test_missing_certificate(self) -> None:
        """No operator certificate from commissioning (1 Jun 2025): one failing run to 31 Dec."""
        sf = self.lift(D(2025, 6, 1), D(2025, 12, 1), papers=False)
        obs = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 1), EQUIPMENT)
        assert summary(obs) == [
            ("eq1", D(2025, 6, 1), D(2025, 12, 31), D(2025, 12, 31), "violated")
        ]

    def test_missing_certificate_split_at_as_of(self) -> None:
        """Asked on 1 Sep 2025: 1 Jun – 31 Aug violated, 1 Sep – 31 Dec pending."""
        sf = self.lift(D(2025, 6, 1), D(2025, 12, 1), papers=False)
        obs = run(sf, D(2025, 1, 1), D(2025, 12, 31), D(2025, 9, 1), EQUIPMENT)
        assert [(o.period.start, o.period.end, o.status) for o in obs] == [
            (D(2025, 6, 1), D(2025, 8, 31), "violated"),
            (D(2025, 9, 1), D(2025, 12, 31), "pending"),
        ]

    def test_failing_run_and_inspection_with_one_key_are_one_obligation(self) -> None:
        """Commissioned 3 May 2024 without an operator certificate, never inspected.

        Asked over 3 May 2024 – 3 May 2025 on 1 May 2024, the failing run (all pending) and
        the first inspection's year both cover 3 May 2024 – 3 May 2025: one key, so one
        obligation explaining both. Asked on 17 May 2024, the run splits at that day
        (3–16 May violated, the rest pending) and the three periods differ.
        """
        sf = self.lift(D(2024, 5, 3), papers=False)
        start, end = D(2024, 5, 3), D(2025, 5, 3)
        obs = run(sf, start, end, D(2024, 5, 1), EQUIPMENT)
        assert summary(obs) == [("eq1", start, end, end, "pending")]
        text = detail(sf, start, end, D(2024, 5, 1), EQUIPMENT)[0]
        assert "operator certificate" in text
        assert "no inspection" in text
        later = run(sf, start, end, D(2024, 5, 17), EQUIPMENT)
        assert sorted((o.period.start, o.period.end, o.status) for o in later) == [
            (start, D(2024, 5, 16), "violated"),
            (start, end, "pending"),
            (D(2024, 5, 17), end, "pending"),
        ]


class TestHealthChecks:
    def checked(self, *days: dt.date, noon_missing: tuple[dt.date, ...] = ()) -> SchoolFile:
        checks = [HealthCheck(day, CheckSession.MORNING) for day in days]
        checks += [HealthCheck(day, CheckSession.NOON) for day in days if day not in noon_missing]
        return SchoolFile(school(), health_checks=checks)

    def test_week_with_a_working_sunday(self) -> None:
        """14–18 Sep and Sun 20 Sep 2026 (调休) are school days; Sat 19 Sep is not."""
        days = [D(2026, 9, d) for d in (14, 15, 16, 17, 18, 20)]
        sf = self.checked(*days, noon_missing=(D(2026, 9, 20),))
        obs = run(sf, D(2026, 9, 14), D(2026, 9, 20), D(2026, 9, 21), HEALTH)
        assert [(o.subject, o.period.start, o.period.end, o.due, o.status) for o in obs] == [
            ("yz-001", day, day, day, "met" if day != D(2026, 9, 20) else "violated")
            for day in days
        ]

    def test_holidays_owe_nothing(self) -> None:
        """1–7 Oct 2026 are off; Thu 8, Fri 9 and Sat 10 Oct (调休) are school days."""
        sf = self.checked()
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 11), D(2026, 10, 12), HEALTH)
        assert [o.due for o in obs] == [D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10)]

    def test_mid_autumn_friday(self) -> None:
        """Fri 25 Sep 2026 is the Mid-Autumn Festival: the week owes 21–24 Sep only."""
        sf = self.checked()
        obs = run(sf, D(2026, 9, 21), D(2026, 9, 27), D(2026, 9, 28), HEALTH)
        assert [o.due for o in obs] == [D(2026, 9, d) for d in (21, 22, 23, 24)]

    def test_both_sessions(self) -> None:
        """Morning alone is not enough; the day's check is pending that day, violated the next."""
        day = D(2026, 11, 18)
        sf = self.checked(day, noon_missing=(day,))
        [ob] = run(sf, day, day, day, HEALTH)
        assert ob.status == "pending"
        [ob] = run(sf, day, day, D(2026, 11, 19), HEALTH)
        assert ob.status == "violated"

    def test_every_missing_session_is_named(self) -> None:
        """Neither check on 18 Nov: the explanation names both, progress 0/2, not only the first."""
        day = D(2026, 11, 18)
        [ob] = run(self.checked(), day, day, D(2026, 11, 19), HEALTH)
        assert (ob.found, ob.required) == (Decimal(0), Decimal(2))
        text = render(ob.detail, "en")
        assert "morning check" in text
        assert "noon check" in text
        [ob] = run(self.checked(day, noon_missing=(day,)), day, day, D(2026, 11, 19), HEALTH)
        assert (ob.found, ob.required) == (Decimal(1), Decimal(2))
        assert "noon check" in render(ob.detail, "en")
        assert "morning check" not in render(ob.detail, "en")

    def test_summer_owes_nothing(self) -> None:
        """August 2026 is outside every term."""
        assert run(self.checked(), D(2026, 8, 1), D(2026, 8, 31), D(2026, 9, 1), HEALTH) == []

    def test_spring_festival_2024_working_sunday_outside_term(self) -> None:
        """Sun 4 Feb 2024 is worked (调休) but falls between terms: no check owed."""
        sf = self.checked()
        assert run(sf, D(2024, 2, 1), D(2024, 2, 25), D(2024, 3, 1), HEALTH) == []
        obs = run(sf, D(2024, 2, 26), D(2024, 2, 26), D(2024, 3, 1), HEALTH)
        assert [o.due for o in obs] == [D(2024, 2, 26)]


NOVEMBER_2026_SCHOOL_DAYS = [
    D(2026, 11, d)
    for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30)
]


class TestCli:
    def test_check_json(self, run_check: RunCheck) -> None:
        """``safetyregs check --format json`` lists November 2026's violations and exits 1."""
        checks = [
            {"date": day.isoformat(), "session": session}
            for day in NOVEMBER_2026_SCHOOL_DAYS
            for session in ("morning", "noon")
            if (day, session) != (D(2026, 11, 18), "noon")
        ]
        doc = {
            "school": {
                "id": "yz-001",
                "name": "兖州区示范学校",
                "jurisdiction": "yanzhou",
                "levels": ["primary"],
                "terms": [{"start": "2026-09-01", "end": "2027-01-22"}],
            },
            "insurance": [
                {"id": "p1", "kind": "school_liability", "start": "2026-01-01", "end": "2026-12-31"}
            ],
            "screenings": [{"id": "ps1", "date": "2026-10-15", "levels": ["primary"]}],
            "health_checks": checks,
        }
        done = run_check(doc, "--from", "2026-11-01", "--to", "2026-11-30", "--as-of", "2026-12-01")
        assert done.returncode == 1, done.stderr
        out = done.out
        assert (out["school"], out["profile"], out["as_of"]) == ("yz-001", "yanzhou", "2026-12-01")
        got = [
            (v["rule"], v["subject"], v["period_start"], v["period_end"], v["due"])
            for v in out["violations"]
        ]
        assert got == [
            (HEALTH, "yz-001", "2026-11-18", "2026-11-18", "2026-11-18"),
            (MONTHLY, "yz-001", "2026-11-01", "2026-11-30", "2026-11-30"),
        ]
        assert out["violations"][1]["source"]["clause"] == "二.6"

    def test_check_clean(self, run_check: RunCheck) -> None:
        """With nothing violated the CLI exits 0 and prints an empty violations list."""
        doc = {
            "school": {
                "id": "yz-002",
                "name": "兖州区幼儿园",
                "jurisdiction": "yanzhou",
                "levels": ["kindergarten"],
                "terms": [{"start": "2026-09-01", "end": "2027-01-22"}],
            },
            "insurance": [{"id": "p1", "kind": "school_liability", "start": "2026-01-01"}],
        }
        done = run_check(doc, "--from", "2026-08-01", "--to", "2026-08-31", "--as-of", "2026-09-01")
        assert (done.returncode, done.out["violations"]) == (0, [])
