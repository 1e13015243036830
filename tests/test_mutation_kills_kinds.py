"""Hand-worked tests for mutants of the rule kinds left after the afternoon run of 2 Dec 2026.

Each test pins what a one-token change of ``_kinds.py`` moved without any other test noticing
(tests/mutation/survivors.txt; docs/testing.md, "Survivors of the afternoon run"): the gaps of
an insurance cover at the edges of the span and of ``as_of``, quotas' units, evidence and
pro-rating for a single day in a post, the themed weeks, and the witness's helpers that put a
subject in a span (prohibition windows, ``_triggered``, ``_days_between``). Dates are worked
out by hand from the rules' texts; explanations are compared word for word in both languages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import safetyregs
from conftest import explained, one_off_profile, owed
from safetyregs import (
    Activity,
    BusAgreement,
    Equipment,
    HazardStep,
    Incident,
    InsurancePolicy,
    Obligation,
    Period,
    Role,
    RoleSpan,
    StaffMember,
    Step,
    Training,
)
from safetyregs._engine import Context
from safetyregs._kinds import _union
from safetyregs.kinds import (
    Citation,
    Covered,
    Invariant,
    Rule,
    Text,
    ThemedDay,
    ThemedWeeks,
)
from safetyregs.testing import witness

D = dt.date.fromisoformat
CST = dt.timezone(dt.timedelta(hours=8))

ZIYANG = safetyregs.profiles.get("ziyang")
YANZHOU = safetyregs.profiles.get("yanzhou")


def row(ob: Obligation) -> tuple[Any, ...]:
    """Subject, period, due, status and the days or amount found, as text."""
    return (ob.subject, str(ob.period), ob.due.isoformat(), ob.status, ob.found)


# --- an invariant's gaps (Covered, _complement, _split, _describe) -------------------


class TestInsuranceGaps:
    """ziyang.liability-insurance: every day of March 2026 needs a school liability policy."""

    RULE = "ziyang.liability-insurance"
    NO_POLICY = ("无有效的校方责任险（保险）", "no insurance in force (school liability insurance)")

    @staticmethod
    def policy(pid: str, start: str, end: str | None = None) -> InsurancePolicy:
        return InsurancePolicy(pid, "school_liability", D(start), None if end is None else D(end))

    def test_policy_ending_on_the_first_day_and_one_ending_the_day_before_the_last(
        self, make_school: Any
    ) -> None:
        """p1 ends on 1 March (the span's first day, so 1 March is covered), p2 runs from
        5 to 30 March: the uncovered days are 2–4 March (3 days) and 31 March (1 day), each
        over by 1 April. A gap of one day at the span's very end is still a gap."""
        sf = make_school(
            insurance=[
                self.policy("p1", "2025-09-01", "2026-03-01"),
                self.policy("p2", "2026-03-05", "2026-03-30"),
            ]
        )
        found = owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01")
        assert [row(o) for o in found] == [
            ("zy-001", "2026-03-02..2026-03-04", "2026-03-04", "violated", Decimal(3)),
            ("zy-001", "2026-03-31..2026-03-31", "2026-03-31", "violated", Decimal(1)),
        ]
        assert [o.unit for o in found] == ["days", "days"]
        assert [explained(o) for o in found] == [self.NO_POLICY, self.NO_POLICY]

    def test_policy_starting_on_the_last_day_covers_that_day(self, make_school: Any) -> None:
        """The only policy starts on 31 March: 1–30 March (30 days) are uncovered, not 31."""
        sf = make_school(insurance=[self.policy("p1", "2026-03-31")])
        found = owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01")
        assert [row(o) for o in found] == [
            ("zy-001", "2026-03-01..2026-03-30", "2026-03-30", "violated", Decimal(30)),
        ]

    def test_run_ending_on_as_of_is_split_at_as_of(self, make_school: Any) -> None:
        """No policy at all, as of 31 March: 1–30 March are over (violated, 30 days); 31 March,
        the last day of the run and the day asked about, is still pending (1 day)."""
        sf = make_school()
        found = owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-03-31")
        assert [row(o) for o in found] == [
            ("zy-001", "2026-03-01..2026-03-30", "2026-03-30", "violated", Decimal(30)),
            ("zy-001", "2026-03-31..2026-03-31", "2026-03-31", "pending", Decimal(1)),
        ]
        assert [explained(o) for o in found] == [self.NO_POLICY, self.NO_POLICY]

    def test_two_record_conditions_are_said_one_after_the_other(self, make_school: Any) -> None:
        """A contract named by number and provider (BA-7 with 城南客运) from 11 March; BA-6 of
        the same provider does not count. 1–10 March are uncovered, and the explanation
        gives both conditions, in key order, separated by a comma."""
        rule = Rule(
            "test.bus-contract",
            Text("校车安全管理责任书", "Bus safety agreement"),
            Citation("test.txt", "1", "与城南客运签订第BA-7号责任书"),
            [Invariant(Covered("bus_agreements", {"provider": "城南客运", "id": "BA-7"}))],
        )
        sf = make_school(
            bus_agreements=[
                BusAgreement("BA-7", "城南客运", D("2026-03-11")),
                BusAgreement("BA-6", "城南客运", D("2026-03-01")),
            ]
        )
        found = owed(sf, one_off_profile(rule), rule.id, "2026-03-01", "2026-03-31", "2026-04-01")
        assert [row(o) for o in found] == [
            ("zy-001", "2026-03-01..2026-03-10", "2026-03-10", "violated", Decimal(10)),
        ]
        assert explained(found[0]) == (
            "无有效的id=BA-7, provider=城南客运（校车安全管理责任书）",
            "no bus safety agreement in force (id=BA-7, provider=城南客运)",
        )


def test_touching_periods_are_merged_into_one() -> None:
    """``_union`` merges periods that overlap or touch: 1–10 and 11–20 March are one run
    1–20 March; 22–25 March (a day apart) stays separate; 24–31 March overlaps it."""
    periods = [
        Period(D("2026-03-11"), D("2026-03-20")),
        Period(D("2026-03-01"), D("2026-03-10")),
        Period(D("2026-03-22"), D("2026-03-25")),
        Period(D("2026-03-24"), D("2026-03-31")),
    ]
    assert _union(periods) == [
        Period(D("2026-03-01"), D("2026-03-20")),
        Period(D("2026-03-22"), D("2026-03-31")),
    ]


# --- quotas (Quota.findings, _tally, role_spans) -------------------------------------


class TestTeacherQuota:
    """yanzhou.teacher-annual-training: 10 class hours a calendar year, pro-rated by days."""

    RULE = "yanzhou.teacher-annual-training"

    @staticmethod
    def teacher(sid: str, from_: str) -> StaffMember:
        return StaffMember(sid, sid, D("2020-01-01"), roles=[RoleSpan(Role("teacher"), D(from_))])

    def test_hours_found_unit_and_evidence(self, make_school: Any) -> None:
        """A teacher all of 2026 with a 0-hour training on 10 March and a 4-hour one on
        10 October: 0 + 4 = 4 of 10 class hours, violated on 1 January 2027; both trainings
        are the evidence and the unit is class hours."""
        sf = make_school(
            staff=[self.teacher("s1", "2020-01-01")],
            trainings=[
                Training("t1", "s1", D("2026-03-10"), Decimal(0)),
                Training("t2", "s1", D("2026-10-10"), Decimal(4)),
            ],
        )
        found = owed(sf, YANZHOU, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01")
        assert [row(o) for o in found] == [
            ("s1", "2026-01-01..2026-12-31", "2026-12-31", "violated", Decimal(4)),
        ]
        (ob,) = found
        assert (ob.required, ob.unit, ob.evidence) == (Decimal(10), "class_hours", ("t1", "t2"))
        assert explained(ob) == (
            "2026-01-01..2026-12-31 内应至少 10 学时，实有 4",
            "expected at least 10 class hours in 2026-01-01..2026-12-31, found 4",
        )

    def test_a_single_day_in_the_post_owes_its_share(self, make_school: Any) -> None:
        """A teacher from 31 December 2026 only holds the post one day of the 365 of 2026:
        10 × 1/365 ≈ 0.027 class hours (shown as 0.03) are owed. With no training at all the
        amount found is a decimal zero, as for any other sum."""
        sf = make_school(staff=[self.teacher("s2", "2026-12-31")])
        found = owed(sf, YANZHOU, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01")
        assert [row(o) for o in found] == [
            ("s2", "2026-01-01..2026-12-31", "2026-12-31", "violated", Decimal(0)),
        ]
        (ob,) = found
        assert type(ob.found) is Decimal
        assert ob.required == Decimal(10) / 365
        assert (ob.unit, ob.evidence) == ("class_hours", ())
        assert explained(ob) == (
            "2026-01-01..2026-12-31 内应至少 0.03 学时，实有 0",
            "expected at least 0.03 class hours in 2026-01-01..2026-12-31, found 0",
        )


# --- themed weeks ------------------------------------------------------------------------


def test_themed_week_explanation_names_its_day(make_school: Any) -> None:
    """ziyang.themed-education-days, April 2026, no education at all: the week of the last
    Monday of March (30 March 2026; the week ends Sunday 5 April) and the week of 15 April
    (a Wednesday: 13–19 April) are owed; each explanation names the day it is about."""
    found = owed(
        make_school(),
        ZIYANG,
        "ziyang.themed-education-days",
        "2026-04-01",
        "2026-04-30",
        "2026-05-01",
    )
    assert [(o.subject, str(o.period), o.status) for o in found] == [
        ("school_safety_day", "2026-03-30..2026-04-05", "violated"),
        ("national_security", "2026-04-13..2026-04-19", "violated"),
    ]
    assert [explained(o) for o in found] == [
        (
            "2026-03-30..2026-04-05 内应至少 1 次安全教育（全国中小学生安全教育日），实有 0",
            "expected at least 1 education records (National School Safety Day) "
            "in 2026-03-30..2026-04-05, found 0",
        ),
        (
            "2026-04-13..2026-04-19 内应至少 1 次安全教育（国家安全教育日），实有 0",
            "expected at least 1 education records (National Security Education Day) "
            "in 2026-04-13..2026-04-19, found 0",
        ),
    ]


def test_themed_days_of_one_week_come_in_theme_order(make_school: Any) -> None:
    """Traffic safety on 2 December and fire safety on 1 December (a Tuesday in 2026) fall
    in the same week, 30 November – 6 December: its two windows come by due day, then by
    theme name, whatever the order the days were declared in."""
    weeks = ThemedWeeks(
        (ThemedDay("traffic_safety", 12, 2), ThemedDay("fire_safety", 12, 1)),
    )
    ctx = Context(make_school(), D("2027-01-01"))
    windows = list(weeks.windows(ctx, Period(D("2026-01-01"), D("2026-12-31"))))
    assert [(w.subject, str(w.period), w.due.isoformat()) for w in windows] == [
        ("fire_safety", "2026-11-30..2026-12-06", "2026-12-06"),
        ("traffic_safety", "2026-11-30..2026-12-06", "2026-12-06"),
    ]


# --- the witness's subjects (Prohibition._windows, _triggered, _days_between) ------------


class TestWitnessSubjects:
    """``safetyregs.testing.witness`` with a few rules: where it puts subjects, what it keeps."""

    OUTINGS = one_off_profile(
        ZIYANG.rule("ziyang.outing-approval"), ZIYANG.rule("ziyang.outing-no-open-fire")
    )

    def test_an_approved_outing_on_the_last_school_day_of_the_fire_season(self) -> None:
        """Ziyang's fire season is 1 January – 31 May. 31 May 2026 is a Sunday, so the
        latest school day of the season is Friday 29 May: the witness's outing is on that
        day, approved that day, without open fire."""
        sf = witness(self.OUTINGS, Period(D("2026-01-01"), D("2026-12-31")))
        assert [(a.kind, a.date, a.approved_on, a.open_fire) for a in sf.activities] == [
            ("outing", D("2026-05-29"), D("2026-05-29"), False),
        ]

    def test_offending_activities_of_each_year_are_brought_into_line(
        self, make_school: Any
    ) -> None:
        """From 1 March 2026 to the end of 2027 the fire season is 1 March – 31 May 2026 and
        1 January – 31 May 2027. The outing a1 of 10 April 2026 gets its approval that day;
        the picnic a2 of 9 April 2027 loses its open fire (no approval: not an outing); a3,
        on 5 June 2026 after the season, is left as it is; no outing is added."""
        sf = make_school(
            activities=[
                Activity("a1", D("2026-04-10")),
                Activity("a2", D("2027-04-09"), kind="picnic", open_fire=True),
                Activity("a3", D("2026-06-05"), open_fire=True),
            ]
        )
        done = witness(self.OUTINGS, Period(D("2026-03-01"), D("2027-12-31")), school=sf)
        assert [(a.id, a.kind, a.date, a.approved_on, a.open_fire) for a in done.activities] == [
            ("a1", "outing", D("2026-04-10"), D("2026-04-10"), False),
            ("a3", "outing", D("2026-06-05"), None, True),
            ("a2", "picnic", D("2027-04-09"), None, False),
        ]

    def test_an_incident_already_due_in_the_span_is_reported_not_repeated(
        self, make_school: Any
    ) -> None:
        """ziyang.incident-phone-report, October 2026, with incident i1 at 15:10 on 14 October:
        its report is due at 15:40, inside the span, so the witness adds no incident and
        reports i1 at the due moment itself."""
        profile = one_off_profile(ZIYANG.rule("ziyang.incident-phone-report"))
        i1 = Incident("i1", dt.datetime(2026, 10, 14, 15, 10, tzinfo=CST))
        done = witness(
            profile, Period(D("2026-10-01"), D("2026-10-31")), school=make_school(incidents=[i1])
        )
        assert [(i.id, i.phone_reported_at) for i in done.incidents] == [
            ("i1", dt.datetime(2026, 10, 14, 15, 40, tzinfo=CST)),
        ]

    def test_equipment_already_in_a_chain_gets_its_inspection_not_a_twin(
        self, make_school: Any
    ) -> None:
        """yanzhou.special-equipment over 2026, with a boiler commissioned on 1 June 2025 and
        its papers in order: its first inspection is due one year later, 1 June 2026, inside
        the span; the witness inspects it that day and adds no other equipment."""
        profile = one_off_profile(YANZHOU.rule("yanzhou.special-equipment"))
        boiler = Equipment("e1", "boiler", D("2025-06-01"), True, True, True)
        done = witness(
            profile,
            Period(D("2026-01-01"), D("2026-12-31")),
            school=make_school(equipment=[boiler]),
        )
        assert [(e.id, e.commissioned, e.inspections) for e in done.equipment] == [
            ("e1", D("2025-06-01"), (D("2026-06-01"),)),
        ]

    def test_a_hire_on_a_span_of_one_day(self) -> None:
        """yanzhou.staff-background-check over Monday 2 March 2026 alone: the witness hires
        someone that very day, checked that day."""
        profile = one_off_profile(YANZHOU.rule("yanzhou.staff-background-check"))
        sf = witness(profile, Period(D("2026-03-02"), D("2026-03-02")))
        assert [(m.hired, m.background_check) for m in sf.staff] == [
            (D("2026-03-02"), D("2026-03-02")),
        ]

    def test_a_hazard_needs_as_many_days_as_its_steps(self) -> None:
        """yanzhou.hazard-closed-loop has four steps, one a day. Over Monday 9 – Thursday
        12 March 2026 (four days) a hazard must be found on the 9th to be closed by the 12th;
        over 9–11 March (three days) no hazard found in the span can be closed in it, so the
        witness adds none."""
        profile = one_off_profile(YANZHOU.rule("yanzhou.hazard-closed-loop"))
        four = witness(profile, Period(D("2026-03-09"), D("2026-03-12")))
        assert [(h.found, h.deadline) for h in four.hazards] == [(D("2026-03-09"), D("2026-03-12"))]
        steps = (
            HazardStep(Step("registered"), D("2026-03-09")),
            HazardStep(Step("remediated"), D("2026-03-10")),
            HazardStep(Step("verified"), D("2026-03-11")),
            HazardStep(Step("closed"), D("2026-03-12")),
        )
        assert four.hazards[0].steps == steps
        three = witness(profile, Period(D("2026-03-09"), D("2026-03-11")))
        assert three.hazards == ()
