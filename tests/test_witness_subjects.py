"""Witness subjects and their deadlines, worked out by hand: the incident, hire, hazard,
role start, outing, quota holder and ratio that a witness makes, on exact days.

Every case is a one-off profile of one rule (taken from an installed profile, or written
here) over 2026 with the default terms (20 Feb–10 Jul, 1 Sep–20 Jan): school days per
month 13, 5, 22, 21, 19, 21, 8, 0, 22, 18, 21, 23; the last school days are Tue 20 Jan,
Sat 28 Feb (a make-up working day), Tue 31 Mar, Thu 30 Apr, Fri 29 May, Tue 30 Jun,
Fri 10 Jul, Wed 30 Sep, Fri 30 Oct, Mon 30 Nov, Thu 31 Dec. A month is in session with at
least 10 school days, so February, July and August owe no monthly drill.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import safetyregs
from conftest import one_off_profile
from safetyregs import Citation, Period, Rule, School, SchoolFile, Text
from safetyregs._kinds import (
    Deadline,
    FieldOnOrBefore,
    Months,
    Need,
    OnIncident,
    OnRoleStart,
    Prohibition,
    RecordsBy,
    Recurring,
    records,
)
from safetyregs._models import (
    CST,
    Activity,
    Level,
    Role,
    RoleSpan,
    StaffMember,
    Training,
    TrainingKind,
)
from safetyregs.testing import compliant, witness

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def d(text: str) -> dt.date:
    """A date from ISO text."""
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    """A moment in China Standard Time from ISO text."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def installed(profile: str, rule_id: str) -> Rule:
    """A rule of an installed profile, by id."""
    return next(r for r in safetyregs.profiles.get(profile).rules if r.id == rule_id)


def own_rule(*checks: object) -> Rule:
    """A rule of this module's own, made of ``checks``."""
    return Rule(
        "test.rule", Text("测试规则", "Test rule"), Citation("test.txt", "1", "测试"), checks
    )


def school(*staff: StaffMember, **lists: object) -> SchoolFile:
    """A primary school of the test profile with the given staff and records."""
    sch = School(id="s", name="School", jurisdiction="test", levels=(Level.PRIMARY,))
    return SchoolFile(school=sch, staff=staff, **lists)  # type: ignore[arg-type]


def applied(sf: SchoolFile, profile: safetyregs.Profile, period: Period) -> list[str]:
    """The statuses of the obligations the profile makes of ``sf`` in ``period``."""
    return [o.status for o in safetyregs.evaluate(sf, profile, period, period.end)]


# --- Recurring: only periods in session owe -------------------------------------------


def test_monthly_drills_skip_months_out_of_session() -> None:
    """cixi's monthly drill: a drill on the last school day of each month in session, none
    in February (5 school days), July (8) or August (0)."""
    profile = one_off_profile(installed("cixi", "cixi.evacuation-drill-monthly"))
    sf = witness(profile, YEAR, level="primary")
    assert [r.date for r in sf.drills] == [
        d("2026-01-20"),
        d("2026-03-31"),
        d("2026-04-30"),
        d("2026-05-29"),
        d("2026-06-30"),
        d("2026-09-30"),
        d("2026-10-30"),
        d("2026-11-30"),
        d("2026-12-31"),
    ]


def test_session_threshold_is_the_rules_own() -> None:
    """A monthly drill owed only in months of at least 20 school days: none in January
    (13), May (19) or October (18), though they hold the usual 10."""
    rule = own_rule(
        Recurring(Months(), [Need(records("drills"))], during="session", min_school_days=20)
    )
    profile = one_off_profile(rule)
    sf = witness(profile, YEAR)
    assert [r.date for r in sf.drills] == [
        d("2026-03-31"),
        d("2026-04-30"),
        d("2026-06-30"),
        d("2026-09-30"),
        d("2026-11-30"),
        d("2026-12-31"),
    ]
    assert compliant(sf, profile, YEAR)


# --- OnIncident: an incident at 09:00 whose report is due in the period -------------------


def test_incident_at_nine_on_the_last_school_day() -> None:
    """ziyang's phone report (30 minutes): one incident at 09:00 CST on Thu 31 Dec, the last
    school day, reported by phone at 09:30, exactly on the deadline."""
    profile = one_off_profile(installed("ziyang", "ziyang.incident-phone-report"))
    sf = witness(profile, YEAR)
    (incident,) = sf.incidents
    assert incident.occurred_at == at("2026-12-31T09:00")
    assert incident.phone_reported_at == at("2026-12-31T09:30")
    assert (incident.kind, incident.deaths, incident.known_at) == ("other", 0, None)
    assert applied(sf, profile, YEAR) == ["met"]


def test_incident_whose_day_long_deadline_ends_in_a_two_day_period() -> None:
    """A report due a day after the incident, over Mon 2 – Tue 3 March: the incident is on
    Mon 2 March at 09:00 (the only day whose deadline, Tue 09:00, is in the period)."""
    rule = own_rule(
        Deadline(OnIncident(within=dt.timedelta(days=1)), FieldOnOrBefore("phone_reported_at"))
    )
    profile = one_off_profile(rule)
    period = Period(d("2026-03-02"), d("2026-03-03"))
    sf = witness(profile, period)
    (incident,) = sf.incidents
    assert incident.occurred_at == at("2026-03-02T09:00")
    assert incident.phone_reported_at == at("2026-03-03T09:00")
    assert applied(sf, profile, period) == ["met"]


def test_incident_of_the_first_kind_allowed() -> None:
    """A rule on drownings or fires with a death: the incident is a drowning (the first of
    the kinds in order) with one death."""
    rule = own_rule(
        Deadline(
            OnIncident(
                within=dt.timedelta(hours=1),
                where={"kind": ("fire", "drowning")},
                deaths_at_least=1,
            ),
            FieldOnOrBefore("written_reported_at"),
        )
    )
    profile = one_off_profile(rule)
    sf = witness(profile, YEAR)
    (incident,) = sf.incidents
    assert (incident.kind, incident.deaths) == ("drowning", 1)
    assert incident.occurred_at == at("2026-12-31T09:00")
    assert incident.written_reported_at == at("2026-12-31T10:00")


@pytest.mark.parametrize("hours", [20, 23.5])
def test_incident_with_a_deadline_of_most_of_a_day_applies(hours: float) -> None:
    """A report due 20 (or 23½) hours after the incident: the witness's incident must fall
    on a day whose deadline is in 2026 (Wed 30 Dec at 09:00), so the rule applies."""
    rule = own_rule(
        Deadline(OnIncident(within=dt.timedelta(hours=hours)), FieldOnOrBefore("phone_reported_at"))
    )
    profile = one_off_profile(rule)
    sf = witness(profile, YEAR)
    assert applied(sf, profile, YEAR) == ["met"]
    (incident,) = sf.incidents
    assert incident.occurred_at == at("2026-12-30T09:00")


# --- OnHire, OnRoleStart: staff hired or taking up a post ----------------------------------


def test_hire_on_the_last_school_day_checked_that_day() -> None:
    """yanzhou's background check: one member of staff hired on Thu 31 Dec, checked that day."""
    profile = one_off_profile(installed("yanzhou", "yanzhou.staff-background-check"))
    sf = witness(profile, YEAR)
    (member,) = sf.staff
    assert (member.id, member.hired, member.background_check) == (
        "s1",
        d("2026-12-31"),
        d("2026-12-31"),
    )
    assert member.roles == ()
    assert applied(sf, profile, YEAR) == ["met"]


def test_guard_takes_up_the_post_a_month_before_the_end() -> None:
    """changzhou's guard training (within a month): a guard hired and in post on Mon 30 Nov,
    trained on all three topics on Wed 30 Dec."""
    profile = one_off_profile(installed("changzhou", "changzhou.security-guard-training"))
    sf = witness(profile, YEAR)
    (guard,) = sf.staff
    assert guard.hired == d("2026-11-30")
    assert [(str(r.role), r.start, r.end) for r in guard.roles] == [
        ("security_guard", d("2026-11-30"), None)
    ]
    (training,) = sf.trainings
    assert (training.staff, training.date) == ("s1", d("2026-12-30"))
    assert set(training.topics) == {"basics", "skills", "duty_norms"}


def test_no_guard_when_no_post_taken_up_in_force_is_due_in_the_period() -> None:
    """The guard rule in force from 1 March, over March alone: a post taken up on or after
    1 March is due in April at the earliest, so the witness makes no guard (a guard in post
    in February would owe nothing under the rule)."""
    profile = one_off_profile(
        installed("changzhou", "changzhou.security-guard-training"), since="2026-03-01"
    )
    period = Period(d("2026-03-01"), d("2026-03-31"))
    sf = witness(profile, period)
    assert sf.staff == ()
    assert sf.trainings == ()


# --- RecordsBy: "at any time up to the due day" counts what the file holds ----------------


def test_records_up_to_the_due_day_count_the_oldest() -> None:
    """Two pre-job trainings by the day a safety cadre takes up the post (Tue 1 Dec), one of
    them on 1 Jan 1900 (the earliest supported date: any time counts): the witness adds one
    training, on 1 Dec."""
    rule = own_rule(
        Deadline(
            OnRoleStart(("safety_cadre",)),
            RecordsBy(
                Need(records("trainings", kind="pre_job"), 2), window="until_due", per_person=True
            ),
        )
    )
    profile = one_off_profile(rule)
    cadre = StaffMember(
        "c1", "Cadre", hired=d("1900-01-01"), roles=(RoleSpan(Role.SAFETY_CADRE, d("2026-12-01")),)
    )
    old = Training("t0", "c1", d("1900-01-01"), Decimal(0), TrainingKind.PRE_JOB)
    sf = witness(profile, YEAR, school=school(cadre, trainings=(old,)))
    assert [(t.id, t.staff, t.date, str(t.kind)) for t in sf.trainings] == [
        ("t0", "c1", d("1900-01-01"), "pre_job"),
        ("training-1", "c1", d("2026-12-01"), "pre_job"),
    ]
    assert sf.staff == (cadre,)


# --- OnHazardFound: found on a day whose deadline is in the period ------------------------

MID_DECEMBER = Period(d("2026-01-01"), d("2026-12-15"))


def test_hazard_due_the_same_day_found_on_the_periods_last_day() -> None:
    """cixi's five elements (due the day found), over 2026 up to Tue 15 Dec: a hazard found
    on 15 Dec with its five elements; its responsible person is staff employed that day."""
    profile = one_off_profile(installed("cixi", "cixi.hazard-five-elements"))
    sf = witness(profile, MID_DECEMBER)
    (hazard,) = sf.hazards
    assert (hazard.found, hazard.deadline, hazard.responsible) == (
        d("2026-12-15"),
        d("2026-12-15"),
        "s1",
    )
    assert (hazard.content, hazard.standard, hazard.measures) == ("content", "standard", "measures")
    assert [(m.id, m.hired) for m in sf.staff] == [("s1", d("2026-12-15"))]
    assert applied(sf, profile, MID_DECEMBER) == ["met"]


def test_hazard_due_at_the_end_of_the_month_found_in_the_last_whole_month() -> None:
    """changzhou's hazard system (due by the end of the month found), over 2026 up to Tue
    15 Dec: December ends after the period, so the hazard is found on Mon 30 Nov, the last
    school day of November, and entered in the system that day."""
    profile = one_off_profile(installed("changzhou", "changzhou.hazard-risk-system"))
    sf = witness(profile, MID_DECEMBER)
    (hazard,) = sf.hazards
    assert (hazard.id, hazard.found, hazard.system_reported) == (
        "hazard-1",
        d("2026-11-30"),
        d("2026-11-30"),
    )
    assert sf.staff == ()
    assert applied(sf, profile, MID_DECEMBER) == ["met"]


# --- Prohibition: an approved outing in the window ----------------------------------------


@pytest.mark.parametrize(
    ("kinds", "made"), [("excursion", "excursion"), (("trip", "camp"), "camp")]
)
def test_outing_of_the_kind_named_on_the_last_school_day_of_the_season(
    kinds: str | tuple[str, ...], made: str
) -> None:
    """Activities of a named kind (or of either of two kinds) need approval from 1 January to
    31 May: one such activity, of that kind (the first in order), on Fri 29 May, approved
    that day, without open fire as the rule requires."""
    rule = own_rule(
        Prohibition(
            records("activities", kind=kinds),
            (1, 1),
            (5, 31),
            require={"open_fire": False},
            approval_field="approved_on",
        )
    )
    profile = one_off_profile(rule)
    sf = witness(profile, YEAR)
    assert sf.activities == (Activity("activity-1", d("2026-05-29"), made, d("2026-05-29")),)


def test_outing_approved_early_is_kept() -> None:
    """ziyang's outing approval: an outing of Tue 10 March approved on 1 March is in order;
    the witness neither changes it nor adds another outing."""
    profile = one_off_profile(installed("ziyang", "ziyang.outing-approval"))
    outing = Activity("a1", d("2026-03-10"), "outing", d("2026-03-01"))
    sf = witness(profile, YEAR, school=school(activities=(outing,)))
    assert sf.activities == (outing,)


def test_outing_approved_late_is_approved_on_its_day() -> None:
    """An outing of Tue 10 March approved on 12 March (too late) and one never approved are
    both approved on their own day."""
    profile = one_off_profile(installed("ziyang", "ziyang.outing-approval"))
    late = Activity("a1", d("2026-03-10"), "outing", d("2026-03-12"))
    never = Activity("a2", d("2026-04-14"), "outing")
    sf = witness(profile, YEAR, school=school(activities=(late, never)))
    assert [(a.id, a.date, a.approved_on) for a in sf.activities] == [
        ("a1", d("2026-03-10"), d("2026-03-10")),
        ("a2", d("2026-04-14"), d("2026-04-14")),
    ]


# --- Quota: a holder of the role, trained to the pro-rated amount -------------------------


def test_quota_holder_made_on_the_first_day_of_the_year() -> None:
    """yanzhou's teacher training (10 class hours a year): a head teacher hired and in the
    role from 1 January, trained 10 class hours on Thu 31 Dec."""
    profile = one_off_profile(installed("yanzhou", "yanzhou.teacher-annual-training"))
    sf = witness(profile, YEAR)
    (member,) = sf.staff
    assert member.hired == d("2026-01-01")
    assert [(str(r.role), r.start, r.end) for r in member.roles] == [
        ("head_teacher", d("2026-01-01"), None)
    ]
    (training,) = sf.trainings
    assert (training.staff, training.date, training.class_hours) == (
        "s1",
        d("2026-12-31"),
        Decimal(10),
    )


def test_quota_holder_already_in_the_file_is_trained_not_duplicated() -> None:
    """A teacher already on the staff since 1 September 2025: the witness adds no one and
    trains the teacher 10 class hours on Thu 31 Dec."""
    profile = one_off_profile(installed("yanzhou", "yanzhou.teacher-annual-training"))
    teacher = StaffMember(
        "t1", "Teacher", hired=d("2025-09-01"), roles=(RoleSpan(Role.TEACHER, d("2025-09-01")),)
    )
    sf = witness(profile, YEAR, school=school(teacher))
    assert sf.staff == (teacher,)
    assert [(t.staff, t.date, t.class_hours) for t in sf.trainings] == [
        ("t1", d("2026-12-31"), Decimal(10))
    ]


# --- RatioOfStaff: staff given the role until the ratio holds -----------------------------


def test_rescue_team_of_an_empty_school() -> None:
    """cixi's rescue team (30% of staff): one member of staff hired on 1 January, in the
    rescue team from that day."""
    profile = one_off_profile(installed("cixi", "cixi.rescue-team"))
    sf = witness(profile, YEAR)
    assert [(m.id, m.hired, m.left) for m in sf.staff] == [("s1", d("2026-01-01"), None)]
    assert [(str(r.role), r.start, r.end) for r in sf.staff[0].roles] == [
        ("rescue_team", d("2026-01-01"), None)
    ]


def test_rescue_team_grown_from_the_staff_without_the_role() -> None:
    """One of four in the rescue team is below 30%: the first member without the role (s2,
    who leaves on 30 June) joins it for all their employment (1 Sep 2025 – 30 Jun 2026);
    from 1 July one of three (33%) suffices, so no one else joins."""
    profile = one_off_profile(installed("cixi", "cixi.rescue-team"))
    hired = d("2025-09-01")
    s1 = StaffMember("s1", "A", hired, roles=(RoleSpan(Role.RESCUE_TEAM, hired),))
    s2 = StaffMember("s2", "B", hired, left=d("2026-06-30"))
    s3 = StaffMember("s3", "C", hired)
    s4 = StaffMember("s4", "D", hired)
    sf = witness(profile, YEAR, school=school(s1, s2, s3, s4))
    assert [(m.id, [(str(r.role), r.start, r.end) for r in m.roles]) for m in sf.staff] == [
        ("s1", [("rescue_team", hired, None)]),
        ("s2", [("rescue_team", hired, d("2026-06-30"))]),
        ("s3", []),
        ("s4", []),
    ]
    assert applied(sf, profile, YEAR) == []


def test_given_training_is_counted_not_changed() -> None:
    """A teacher with a 5-hour training of 1 Dec in the file, owing 10 class hours in 2026: the
    given training is kept as it is and a 5-hour training is added on Thu 31 Dec."""
    profile = one_off_profile(installed("yanzhou", "yanzhou.teacher-annual-training"))
    teacher = StaffMember(
        "t1", "Teacher", hired=d("2025-09-01"), roles=(RoleSpan(Role.TEACHER, d("2025-09-01")),)
    )
    given = Training("x1", "t1", d("2026-12-01"), Decimal(5))
    sf = witness(profile, YEAR, school=school(teacher, trainings=(given,)))
    assert sf.trainings[0] == given
    assert [(t.staff, t.date, t.class_hours) for t in sf.trainings[1:]] == [
        ("t1", d("2026-12-31"), Decimal(5))
    ]
