"""Hand-worked record effects of every rule kind, of real rules and of rules of several checks.

``record_effects`` says, for each record list a rule reads, what adding one record can do:
``"hurts"`` when it can turn a met obligation violated or make a violation, ``"helps"``
otherwise (docs/property-tests.md). Each expected map below is worked out from the rule's
declaration and that meaning, never read back from the code: a list that brings subjects
(an incident, a hazard, a hire, a bus, an outing in the window, a ledger entry) or that can
lower a share (a member of staff without the role) hurts; a list that is only counted,
summed or used as cover (drills, trainings, insurance, self-inspections) helps; a list that
hurts in one part of a rule hurts the rule. The whole map is compared, so a list left out,
a list added or an effect spelt differently fails. A few tests evaluate a rule to show that
an answer of ``"hurts"`` worked out here is real (a record added makes a violation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import safetyregs
from conftest import one_off_profile
from safetyregs import BusAgreement, Drill, Period, School, SchoolFile
from safetyregs._kinds import _merge_effects
from safetyregs.kinds import (
    Checklist,
    ChecklistItem,
    Citation,
    Covered,
    DateAfterStart,
    Deadline,
    EveryInterval,
    FieldOnOrBefore,
    FieldsSet,
    FieldsTrue,
    FixedDate,
    Invariant,
    Ledger,
    Lifecycle,
    Months,
    Need,
    OnHazardFound,
    OnHire,
    OnIncident,
    OnRoleStart,
    OnTermStart,
    Prohibition,
    Quota,
    RatioOfStaff,
    RecordsBy,
    Recurring,
    Rule,
    SchoolDays,
    Terms,
    Text,
    records,
)
from safetyregs.testing import record_effects

D = dt.date.fromisoformat
YEAR_2026 = Period(D("2026-01-01"), D("2026-12-31"))
SCHOOL = School("s1", "测试小学", "test", ("primary",))


def rule_of(*checks: Any, rule_id: str = "test.rule") -> Rule:
    """A rule made of ``checks``, with a citation of its own."""
    return Rule(
        rule_id, Text("测试规则", "Test rule"), Citation("test.txt", "1", "测试条款"), checks
    )


def statuses(school: SchoolFile, rule: Rule, period: Period) -> list[tuple[str, str, str]]:
    """(subject, period, status) of every obligation of ``rule`` alone, decided (as of after)."""
    as_of = period.end + dt.timedelta(days=1)
    found = safetyregs.evaluate(school, one_off_profile(rule), period, as_of)
    return [(o.subject, str(o.period), o.status) for o in found]


# --- merging the effects of the parts of one check ------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # Nothing to merge.
        ((), {}),
        (({},), {}),
        # One part is kept as it is, whichever effect.
        (({"drills": "helps"},), {"drills": "helps"}),
        (({"staff": "hurts"},), {"staff": "hurts"}),
        # Disjoint lists keep their own effects.
        (
            ({"staff": "hurts"}, {"trainings": "helps"}),
            {"staff": "hurts", "trainings": "helps"},
        ),
        # One list in two parts: it hurts as soon as one part says it hurts, in either order.
        (({"buses": "hurts"}, {"buses": "helps"}), {"buses": "hurts"}),
        (({"buses": "helps"}, {"buses": "hurts"}), {"buses": "hurts"}),
        (({"drills": "helps"}, {"drills": "helps"}), {"drills": "helps"}),
        (({"hazards": "hurts"}, {"hazards": "hurts"}), {"hazards": "hurts"}),
        # Three parts: a hurt in the middle is not undone by a later help.
        (
            ({"drills": "helps"}, {"drills": "hurts", "staff": "helps"}, {"drills": "helps"}),
            {"drills": "hurts", "staff": "helps"},
        ),
    ],
)
def test_merge_effects_a_list_that_hurts_in_one_part_hurts(
    parts: tuple[dict[str, Any], ...], expected: dict[str, str]
) -> None:
    """``_merge_effects`` keeps every list of every part; "hurts" wins over "helps" in any order."""
    assert _merge_effects(*parts) == expected


# --- recurring: counted records only help ---------------------------------------------------


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # A drill a month: one more drill only adds to a month's count.
        (Recurring(Months(), [Need(records("drills"))]), {"drills": "helps"}),
        # A morning and a noon check every school day: two needs over one list, one entry.
        (
            Recurring(
                SchoolDays(),
                [
                    Need(records("health_checks", session="morning")),
                    Need(records("health_checks", session="noon")),
                ],
            ),
            {"health_checks": "helps"},
        ),
        # Class periods summed and a meeting counted in every term: two lists, both counted.
        (
            Recurring(
                Terms(),
                [
                    Need(records("education"), 2, "class_periods"),
                    Need(records("meetings", kind="hazard_analysis")),
                ],
            ),
            {"education": "helps", "meetings": "helps"},
        ),
        # Screenings that must cover the school's levels, only in session: still counted.
        (
            Recurring(
                Terms(), [Need(records("screenings", covers_levels=("primary",)))], "session"
            ),
            {"screenings": "helps"},
        ),
        # Topics covered by trainings: a union only grows.
        (
            Recurring(Terms(), [Need(records("trainings"), covers=("basics", "skills"))]),
            {"trainings": "helps"},
        ),
    ],
    ids=["drills", "two-health-checks", "education-and-meetings", "screenings", "topics"],
)
def test_recurring_counted_lists_only_help(check: Recurring, expected: dict[str, str]) -> None:
    """A recurring rule's obligations come from the calendar; its records are only counted."""
    assert check.record_effects() == expected
    assert record_effects(rule_of(check)) == expected


# --- deadlines: the trigger's list hurts, the requirement's counted list helps ---------------


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # Every incident owes a phone report within an hour: a new incident owes one.
        (
            Deadline(OnIncident(dt.timedelta(hours=1)), FieldOnOrBefore("phone_reported_at")),
            {"incidents": "hurts"},
        ),
        # Only drownings with a death owe the receipt, still a new incident can owe it.
        (
            Deadline(
                OnIncident(dt.timedelta(days=1), {"kind": "drowning"}, deaths_at_least=1),
                FieldsSet(("letter_receipt_attached",)),
            ),
            {"incidents": "hurts"},
        ),
        # A new guard owes training within a month (hurts); a training only counts (helps).
        (
            Deadline(
                OnRoleStart(("security_guard",), relativedelta(months=1)),
                RecordsBy(Need(records("trainings")), window="until_due", per_person=True),
            ),
            {"staff": "hurts", "trainings": "helps"},
        ),
        # A hire owes a background check on the day of hire.
        (Deadline(OnHire(), FieldOnOrBefore("background_check")), {"staff": "hurts"}),
        # A hazard owes its report by the end of the month it was found in.
        (
            Deadline(OnHazardFound("end_of_month"), FieldOnOrBefore("system_reported")),
            {"hazards": "hurts"},
        ),
        # A piece of equipment owes an inspection a year after commissioning, and so on.
        (
            Deadline(
                EveryInterval("equipment", "inspections", "commissioned", relativedelta(years=1)),
                DateAfterStart("inspections"),
            ),
            {"equipment": "hurts"},
        ),
        # A fixed date owes a plan: the deadline is the rule's; a submission only counts.
        (
            Deadline(
                FixedDate(D("2026-03-31")),
                RecordsBy(Need(records("submissions", kind="campaign_plan"))),
            ),
            {"submissions": "helps"},
        ),
        # Every term start owes a survey within a month: terms are the school's, not records.
        (
            Deadline(
                OnTermStart(relativedelta(months=1)),
                RecordsBy(Need(records("submissions", kind="traffic_survey"))),
            ),
            {"submissions": "helps"},
        ),
        # A fixed date and a field of no record: nothing of the file is read at all.
        (Deadline(FixedDate(D("2026-03-31")), FieldsSet(())), {}),
    ],
    ids=[
        "incident-phone",
        "drowning-receipt",
        "guard-training",
        "hire-background",
        "hazard-report",
        "equipment-chain",
        "fixed-date-plan",
        "term-start-survey",
        "fixed-date-nothing",
    ],
)
def test_deadline_trigger_list_hurts_requirement_list_helps(
    check: Deadline, expected: dict[str, str]
) -> None:
    """A deadline's subjects come from its trigger's list; its requirement's records only count."""
    assert check.record_effects() == expected
    assert record_effects(rule_of(check)) == expected


@pytest.mark.parametrize(
    "part",
    [
        OnTermStart(relativedelta(months=1)),
        FixedDate(D("2023-03-31")),
        FieldOnOrBefore("written_reported_at", not_before_start=True),
        FieldsSet(("responsible", "measures")),
        DateAfterStart("inspections"),
        FieldsTrue(("video_alarm",)),
    ],
    ids=["term-start", "fixed-date", "field-on-time", "fields-set", "date-after", "fields-true"],
)
def test_parts_that_read_no_list_have_no_effects(part: Any) -> None:
    """Term starts, fixed dates and a subject's own fields or dates read no record list."""
    assert part.record_effects() == {}


def test_a_counted_list_that_is_also_the_trigger_list_hurts() -> None:
    """A requirement counting the trigger's own list does not turn the trigger's hurt into help.

    Every new member of staff owes a hand-over meeting (counted: helps) and every hire is a
    subject (hurts); a plugin could even count the trigger's list itself, and then the list
    hurts. Written with the merging of the deadline's two parts, trigger first.
    """
    handover = Deadline(OnHire(), RecordsBy(Need(records("meetings"))))
    assert handover.record_effects() == {"staff": "hurts", "meetings": "helps"}
    same_list = Deadline(
        EveryInterval("equipment", "inspections", "commissioned", relativedelta(years=1)),
        RecordsBy(Need(records("equipment"))),
    )
    assert same_list.record_effects() == {"equipment": "hurts"}


# --- quotas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # 10 class hours a year per teacher: a teacher owes hours; a training only adds hours.
        (
            Quota(("teacher",), Decimal(10), Need(records("trainings"), measure="class_hours")),
            {"staff": "hurts", "trainings": "helps"},
        ),
        # A quota of annual trainings for heads, counted: the same two lists.
        (
            Quota(
                ("principal", "vice_principal"),
                Decimal(2),
                Need(records("trainings", kind="annual")),
            ),
            {"staff": "hurts", "trainings": "helps"},
        ),
        # Duty shifts a year per guard: the counted list is whatever the need names.
        (
            Quota(("security_guard",), Decimal(12), Need(records("duty"))),
            {"staff": "hurts", "duty": "helps"},
        ),
    ],
    ids=["teacher-hours", "heads-annual", "guard-duty"],
)
def test_quota_staff_hurts_summed_records_help(check: Quota, expected: dict[str, str]) -> None:
    """A member of staff in a role owes a quota; the summed or counted records only add to it."""
    assert check.record_effects() == expected
    assert record_effects(rule_of(check)) == expected


# --- invariants -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # Liability insurance every day: one more policy only covers more days.
        (Invariant(Covered("insurance", {"kind": "school_liability"})), {"insurance": "helps"}),
        # A rescue team of at least 30% of staff: a member without the role lowers the share.
        (Invariant(RatioOfStaff("rescue_team", Decimal("0.3"))), {"staff": "hurts"}),
        # Every bus has a video alarm: a new bus without one fails.
        (Invariant(FieldsTrue(("video_alarm",)), subjects="buses"), {"buses": "hurts"}),
        # Every piece of equipment has its papers from commissioning on.
        (
            Invariant(
                FieldsTrue(("registration_certificate", "operator_certificate")),
                subjects="equipment",
                from_field="commissioned",
            ),
            {"equipment": "hurts"},
        ),
        # Every bus covered by an agreement with its provider: a bus hurts, an agreement helps.
        (
            Invariant(Covered("bus_agreements", same_field="provider"), subjects="buses"),
            {"buses": "hurts", "bus_agreements": "helps"},
        ),
        # An agreement, once signed, must go on being covered by one with its provider: the
        # list is both the subjects (hurts) and the cover (helps), so it hurts.
        (
            Invariant(
                Covered("bus_agreements", same_field="provider"),
                subjects="bus_agreements",
                from_field="start",
            ),
            {"bus_agreements": "hurts"},
        ),
    ],
    ids=[
        "school-covered",
        "school-ratio",
        "buses-fields",
        "equipment-fields-from",
        "buses-covered",
        "agreements-cover-themselves",
    ],
)
def test_invariant_subjects_hurt_condition_says_the_rest(
    check: Invariant, expected: dict[str, str]
) -> None:
    """School-wide invariants add no list of their own; a list of subjects hurts."""
    assert check.record_effects() == expected
    assert record_effects(rule_of(check)) == expected


def test_conditions_alone() -> None:
    """A cover helps its own list; a ratio of staff hurts staff; a subject's fields read none."""
    assert Covered("insurance").record_effects() == {"insurance": "helps"}
    assert Covered("bus_agreements", same_field="provider").record_effects() == {
        "bus_agreements": "helps"
    }
    assert RatioOfStaff("rescue_team", Decimal("0.3")).record_effects() == {"staff": "hurts"}
    assert FieldsTrue(("video_alarm",)).record_effects() == {}


def test_an_agreement_that_must_cover_itself_really_hurts() -> None:
    """The "hurts" worked out for agreements that are their own cover is real.

    Provider P has an open agreement since 2025-09-01: nothing fails in 2026. A second
    agreement, with provider Q, runs 2026-03-01..2026-08-31: from its start Q must stay
    covered, and nothing of Q covers 2026-09-01..2026-12-31, a violation of the subject g2.
    """
    rule = rule_of(
        Invariant(
            Covered("bus_agreements", same_field="provider"),
            subjects="bus_agreements",
            from_field="start",
        )
    )
    base = SchoolFile(SCHOOL, bus_agreements=(BusAgreement("g1", "P", D("2025-09-01")),))
    assert statuses(base, rule, YEAR_2026) == []
    more = SchoolFile(
        SCHOOL,
        bus_agreements=(
            *base.bus_agreements,
            BusAgreement("g2", "Q", D("2026-03-01"), D("2026-08-31")),
        ),
    )
    assert statuses(more, rule, YEAR_2026) == [("g2", "2026-09-01..2026-12-31", "violated")]


# --- prohibitions, lifecycles, checklists, ledgers ------------------------------------------


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # An outing in the fire season may lack approval or use open fire.
        (
            Prohibition(
                records("activities", kind="outing"),
                (1, 1),
                (5, 31),
                {"open_fire": False},
                "approved_on",
            ),
            {"activities": "hurts"},
        ),
        # A night drill in summer offends: the prohibition's list is the drills.
        (
            Prohibition(records("drills"), (7, 1), (8, 31), {"night": False}),
            {"drills": "hurts"},
        ),
        # A hazard must go through its steps in order: a new hazard owes them.
        (
            Lifecycle(("identified", "remediated", "verified"), complete="verified"),
            {"hazards": "hurts"},
        ),
        # A checklist by a fixed date: a self-inspection only covers more items.
        (
            Checklist((ChecklistItem("fire-1", "fire"),), D("2026-06-30")),
            {"self_inspections": "helps"},
        ),
        (
            Checklist(
                (ChecklistItem("bus-1", "bus", "uses_school_bus"),),
                D("2026-06-30"),
                window="period",
            ),
            {"self_inspections": "helps"},
        ),
        # A chemicals ledger: a use can drive the stock below zero, a count can disagree.
        (Ledger(), {"chemicals": "hurts"}),
    ],
    ids=["outing", "night-drill", "lifecycle", "checklist", "checklist-period", "ledger"],
)
def test_prohibition_lifecycle_checklist_ledger(check: Any, expected: dict[str, str]) -> None:
    """Offending records, items with steps and ledger entries hurt; checklist records help."""
    assert check.record_effects() == expected
    assert record_effects(rule_of(check)) == expected


def test_a_bare_prohibition_is_refused() -> None:
    """A prohibition with no requirement and no approval field would allow every record (its
    findings report only records that miss one), though its "hurts" says a record can offend:
    a profile refuses it, naming the field to give."""
    rule = rule_of(Prohibition(records("activities"), (6, 1), (8, 31)))
    assert record_effects(rule) == {"activities": "hurts"}
    with pytest.raises(safetyregs.ProfileError) as caught:
        one_off_profile(rule)
    assert str(caught.value) == (
        "profile 'test', rule 'test.rule': require: a prohibition with no requirement and no "
        "approval field allows every record; give require or approval_field"
    )


# --- rules of several checks ----------------------------------------------------------------

MONTHLY_DRILL = Recurring(Months(), [Need(records("drills"))])
NO_NIGHT_DRILL_IN_SUMMER = Prohibition(records("drills"), (7, 1), (8, 31), {"night": False})


@pytest.mark.parametrize(
    "checks",
    [(MONTHLY_DRILL, NO_NIGHT_DRILL_IN_SUMMER), (NO_NIGHT_DRILL_IN_SUMMER, MONTHLY_DRILL)],
    ids=["helps-then-hurts", "hurts-then-helps"],
)
def test_a_list_that_hurts_in_one_check_hurts_the_rule(checks: tuple[Any, ...]) -> None:
    """Drills help the monthly count and can offend the summer ban: the rule's drills hurt."""
    assert record_effects(rule_of(*checks)) == {"drills": "hurts"}


def test_a_drill_helps_the_count_and_can_still_hurt_the_rule() -> None:
    """The "hurts" of the two-check drill rule is real: a night drill in July offends.

    July 2026 with a day drill on 10 July: the month is met, nothing offends. A night drill
    on 20 July keeps July met (two drills) and is an offending record of its own.
    """
    rule = rule_of(MONTHLY_DRILL, NO_NIGHT_DRILL_IN_SUMMER)
    july = Period(D("2026-07-01"), D("2026-07-31"))
    base = SchoolFile(SCHOOL, drills=(Drill("d1", D("2026-07-10")),))
    assert statuses(base, rule, july) == [("s1", "2026-07-01..2026-07-31", "met")]
    more = SchoolFile(SCHOOL, drills=(*base.drills, Drill("d2", D("2026-07-20"), night=True)))
    assert statuses(more, rule, july) == [
        ("d2", "2026-07-20..2026-07-20", "violated"),
        ("s1", "2026-07-01..2026-07-31", "met"),
    ]


def test_checks_of_one_rule_keep_every_list() -> None:
    """A quota and a deadline over staff and trainings, and a cover: every list, merged."""
    quota = Quota(("teacher",), Decimal(10), Need(records("trainings"), measure="class_hours"))
    pre_job = Deadline(
        OnRoleStart(("teacher",)),
        RecordsBy(Need(records("trainings", kind="pre_job")), "until_due", per_person=True),
    )
    insured = Invariant(Covered("insurance"))
    assert record_effects(rule_of(quota, pre_job, insured)) == {
        "staff": "hurts",
        "trainings": "helps",
        "insurance": "helps",
    }
    # A check with no effects of its own adds nothing; a rule of none reads nothing.
    assert record_effects(rule_of(Deadline(FixedDate(D("2026-03-31")), FieldsSet(())))) == {}
    assert record_effects(rule_of()) == {}


# --- real rules of the five profiles --------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "rule_id", "expected"),
    [
        # A drill a quarter in session: drills only count.
        ("changzhou", "changzhou.emergency-drill-quarterly", {"drills": "helps"}),
        # Hazards reported to the risk system: each hazard owes its report.
        ("changzhou", "changzhou.hazard-risk-system", {"hazards": "hurts"}),
        # A new guard owes trainings covering the topics: staff hurt, trainings help.
        (
            "changzhou",
            "changzhou.security-guard-training",
            {"staff": "hurts", "trainings": "helps"},
        ),
        # Themed weeks of education: lessons only count.
        ("cixi", "cixi.safety-education-week", {"education": "helps"}),
        # Leaders on duty every holiday break day: duty shifts only count.
        ("cixi", "cixi.holiday-duty", {"duty": "helps"}),
        # A rescue team of 30% of staff: a member without the role lowers the share.
        ("cixi", "cixi.rescue-team", {"staff": "hurts"}),
        # The five elements of each hazard on the day it is found.
        ("cixi", "cixi.hazard-five-elements", {"hazards": "hurts"}),
        # Screenings covering the levels every term.
        ("yanzhou", "yanzhou.psych-screening", {"screenings": "helps"}),
        # Morning and noon health checks every school day: one list, two needs.
        ("yanzhou", "yanzhou.health-checks", {"health_checks": "helps"}),
        # Class hours a year per teacher, pro-rated: teachers owe, trainings add.
        ("yanzhou", "yanzhou.teacher-annual-training", {"staff": "hurts", "trainings": "helps"}),
        ("yanzhou", "yanzhou.appointment-training", {"staff": "hurts", "trainings": "helps"}),
        # A background check by the day of hire.
        ("yanzhou", "yanzhou.staff-background-check", {"staff": "hurts"}),
        # Liability insurance every day: a policy only covers.
        ("yanzhou", "yanzhou.liability-insurance", {"insurance": "helps"}),
        # The closed loop of each hazard.
        ("yanzhou", "yanzhou.hazard-closed-loop", {"hazards": "hurts"}),
        # Equipment papers (an invariant) and yearly inspections (a deadline chain).
        ("yanzhou", "yanzhou.special-equipment", {"equipment": "hurts"}),
        # Plans and meetings by fixed dates: only counted.
        ("yongqiao", "yongqiao.campaign-plan", {"submissions": "helps"}),
        ("yongqiao", "yongqiao.special-meeting", {"meetings": "helps"}),
        # The self-inspection checklist by its date.
        ("yongqiao", "yongqiao.self-inspection", {"self_inspections": "helps"}),
        # Each bus covered by an agreement with its provider.
        ("yongqiao", "yongqiao.bus-agreement", {"buses": "hurts", "bus_agreements": "helps"}),
        # Each bus has a video alarm.
        ("yongqiao", "yongqiao.bus-video-alarm", {"buses": "hurts"}),
        # A bus evacuation drill by a fixed date.
        ("yongqiao", "yongqiao.bus-evacuation-drill", {"drills": "helps"}),
        # Incident reports by phone within the hour.
        ("ziyang", "ziyang.incident-phone-report", {"incidents": "hurts"}),
        ("ziyang", "ziyang.drowning-report-receipt", {"incidents": "hurts"}),
        # A traffic survey after each term start: terms are the school's.
        ("ziyang", "ziyang.traffic-survey", {"submissions": "helps"}),
        # Outings in the fire season: approval, no open fire.
        ("ziyang", "ziyang.outing-approval", {"activities": "hurts"}),
        ("ziyang", "ziyang.outing-no-open-fire", {"activities": "hurts"}),
        # The hazardous chemicals ledger.
        ("ziyang", "ziyang.hazmat-ledger", {"chemicals": "hurts"}),
        ("ziyang", "ziyang.liability-insurance", {"insurance": "helps"}),
    ],
)
def test_real_rules(profile: str, rule_id: str, expected: dict[str, str]) -> None:
    """The effects of installed rules, worked out from each rule's declaration in its profile."""
    assert record_effects(safetyregs.profiles.get(profile).rule(rule_id)) == expected
