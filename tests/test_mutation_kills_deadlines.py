"""Hand-worked tests for mutants of the rule kinds that survived the rest of the suite.

Each test pins what a one-token change of a deadline trigger, a requirement, an invariant
condition, a prohibition, a lifecycle, a checklist or a ledger moved without any other test
noticing (see docs/testing.md, "Survivors and what was done"). Explanations are compared
word for word in Chinese and English, as a safety officer reads them; the expected texts are
written out by hand from the templates of the explanations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import safetyregs
from conftest import explained, one_off_profile, owed
from safetyregs import (
    Activity,
    Bus,
    BusAgreement,
    ChemicalEntry,
    Equipment,
    Hazard,
    HazardStep,
    Incident,
    InsurancePolicy,
    Obligation,
    Role,
    RoleSpan,
    SchoolFile,
    SelfInspection,
    StaffMember,
    Step,
    Submission,
    Training,
)
from safetyregs.kinds import (
    Applies,
    Checklist,
    ChecklistItem,
    Citation,
    Deadline,
    FieldOnOrBefore,
    OnIncident,
    OnRoleStart,
    Rule,
    Text,
)

D = dt.date.fromisoformat

ZIYANG = safetyregs.profiles.get("ziyang")
YONGQIAO = safetyregs.profiles.get("yongqiao")
CIXI = safetyregs.profiles.get("cixi")
YANZHOU = safetyregs.profiles.get("yanzhou")
CHANGZHOU = safetyregs.profiles.get("changzhou")
CST = dt.timezone(dt.timedelta(hours=8))


def row(ob: Obligation) -> tuple[Any, ...]:
    """Subject, period, due, status and evidence of an obligation, as ISO text."""
    due = ob.due.isoformat()
    return (ob.subject, str(ob.period), due, ob.status, ob.evidence)


# --- ledger --------------------------------------------------------------------------


def chemicals(*entries: tuple[str, str, str, str, str]) -> tuple[ChemicalEntry, ...]:
    return tuple(
        ChemicalEntry(i, item, D(day), action, Decimal(q)) for i, item, day, action, q in entries
    )


class TestLedger:
    """ziyang.hazmat-ledger: each item its own stock; the entry that breaks it is named."""

    RULE = "ziyang.hazmat-ledger"

    def lab(self, make_school: Any, *entries: tuple[str, str, str, str, str]) -> SchoolFile:
        return make_school(has_laboratory=True, chemicals=chemicals(*entries))

    def test_explanations_of_a_short_stock_and_a_wrong_count(self, make_school: Any) -> None:
        """Ethanol: acquire 10 on 2 Mar, counted 8 on 5 Mar (stock 10). Hydrochloric acid:
        5 used on 3 Mar with nothing acquired: its own stock is −5, whatever the ethanol."""
        sf = self.lab(
            make_school,
            ("c1", "ethanol", "2026-03-02", "acquire", "10"),
            ("c2", "hcl", "2026-03-03", "use", "5"),
            ("c3", "ethanol", "2026-03-05", "inventory", "8"),
        )
        found = owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01")
        assert [row(o) for o in found] == [
            ("c2", "2026-03-03..2026-03-03", "2026-03-03", "violated", ("c2",)),
            ("c3", "2026-03-05..2026-03-05", "2026-03-05", "violated", ("c3",)),
        ]
        assert [explained(o) for o in found] == [
            ("c2：hcl 库存为 -5，小于零", "c2: stock of hcl would be -5"),
            (
                "c3：ethanol 清查数 8 与台账库存 10 不符",
                "c3: counted 8 of ethanol, ledger stock is 10",
            ),
        ]

    def test_stock_used_up_to_zero_is_balanced(self, make_school: Any) -> None:
        """Acquire 500, use 300, dispose of 200: stock is exactly 0, never below; a count
        of 0 on the same day agrees with it."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-02", "acquire", "500"),
            ("c2", "hcl", "2026-03-10", "use", "300"),
            ("c3", "hcl", "2026-03-20", "dispose", "200"),
            ("c4", "hcl", "2026-03-20", "inventory", "0"),
        )
        assert owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []

    def test_half_a_unit_left_is_balanced(self, make_school: Any) -> None:
        """Acquire 1.5, use 1: 0.5 left is not below zero."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-02", "acquire", "1.5"),
            ("c2", "hcl", "2026-03-10", "use", "1"),
        )
        assert owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []


# --- checklist ------------------------------------------------------------------------

#: The twenty self-inspection items of Yongqiao that every school has.
ALWAYS = [
    f"{area}-{n}" for area in ("fire", "drowning", "bullying", "surroundings") for n in range(1, 6)
]


class TestChecklist:
    """yongqiao.self-inspection and a checklist counting only records inside its period."""

    RULE = "yongqiao.self-inspection"

    def test_explanation_and_evidence_of_each_item(self, make_school: Any) -> None:
        """Two inspections (22 and 31 Mar 2023) both cover fire-1; none covers bullying-3.
        fire-1 is met with both as evidence, bullying-3 violated with none and explained."""
        first = [i for i in ALWAYS if i.startswith(("fire", "drowning"))]
        second = [i for i in ALWAYS if i not in first and i != "bullying-3"] + ["fire-1"]
        sf = make_school(
            terms=(),
            jurisdiction="yongqiao",
            self_inspections=[
                SelfInspection("si2", D("2023-03-31"), second),
                SelfInspection("si1", D("2023-03-22"), first),
            ],
        )
        found = {
            o.subject: o
            for o in owed(sf, YONGQIAO, self.RULE, "2023-03-01", "2023-12-31", "2023-04-01")
        }
        assert set(found) == set(ALWAYS)
        assert row(found["fire-1"]) == (
            "fire-1",
            "2023-03-22..2023-03-31",
            "2023-03-31",
            "met",
            ("si1", "si2"),
        )
        assert row(found["bullying-3"]) == (
            "bullying-3",
            "2023-03-22..2023-03-31",
            "2023-03-31",
            "violated",
            (),
        )
        assert explained(found["bullying-3"]) == (
            "2023-03-31 前的自查未覆盖 bullying-3",
            "no self-inspection covered bullying-3 by 2023-03-31",
        )
        assert explained(found["fire-2"]) == (
            "2023-03-31 前的自查未覆盖 fire-2",
            "no self-inspection covered fire-2 by 2023-03-31",
        )

    def test_an_inspection_of_1_january_1900_counts(self, make_school: Any) -> None:
        """Any record up to 31 March 2023 counts, back to the first day of the horizon."""
        sf = make_school(
            terms=(),
            jurisdiction="yongqiao",
            self_inspections=[SelfInspection("si0", D("1900-01-01"), ALWAYS)],
        )
        found = owed(sf, YONGQIAO, self.RULE, "2023-03-01", "2023-12-31", "2023-04-01")
        assert {(o.status, o.evidence) for o in found} == {("met", ("si0",))}
        assert len(found) == 20

    def test_period_window_counts_only_records_inside_it(self, make_school: Any) -> None:
        """A checklist due 30 Jun 2026 of a rule effective 1 Jun 2026, counting only records
        in its period (1–30 Jun): an inspection of 31 May does not cover fire-1, one of
        1 Jun covers fire-2."""
        rule = Rule(
            "test.june-checklist",
            Text("六月自查", "June self-inspection"),
            Citation("test.txt", "1", "六月底前完成自查"),
            [
                Checklist(
                    (ChecklistItem("fire-1", "fire"), ChecklistItem("fire-2", "fire")),
                    by=D("2026-06-30"),
                    window="period",
                )
            ],
            Applies(),
        )
        profile = one_off_profile(rule, since="2026-06-01")
        sf = make_school(
            self_inspections=[
                SelfInspection("si1", D("2026-05-31"), ["fire-1", "fire-2"]),
                SelfInspection("si2", D("2026-06-01"), ["fire-2"]),
            ]
        )
        found = owed(sf, profile, rule.id, "2026-06-01", "2026-06-30", "2026-07-01")
        assert [row(o) for o in found] == [
            ("fire-1", "2026-06-01..2026-06-30", "2026-06-30", "violated", ()),
            ("fire-2", "2026-06-01..2026-06-30", "2026-06-30", "met", ("si2",)),
        ]


# --- prohibition ----------------------------------------------------------------------


class TestProhibition:
    """ziyang.outing-approval and ziyang.outing-no-open-fire (fire season 1 Jan–31 May)."""

    def test_outing_after_one_outside_the_season_is_still_checked(self, make_school: Any) -> None:
        """An outing of 15 Jun 2026 (outside the season) comes first in a two-year range;
        the unapproved outing of 20 Jan 2027 after it is still an offence, explained."""
        sf = make_school(
            activities=[
                Activity("a1", D("2026-06-15"), "outing"),
                Activity("a2", D("2027-01-20"), "outing"),
                Activity("a3", D("2027-01-22"), "outing", approved_on=D("2027-01-22")),
            ]
        )
        found = owed(sf, ZIYANG, "ziyang.outing-approval", "2026-01-01", "2027-12-31", "2028-01-01")
        assert [row(o) for o in found] == [
            ("a2", "2027-01-20..2027-01-20", "2027-01-20", "violated", ("a2",))
        ]
        assert explained(found[0]) == (
            "记录 a2（2027-01-20）不符合：报批",
            "record a2 on 2027-01-20 fails: approval",
        )

    def test_open_fire_explained(self, make_school: Any) -> None:
        """Open fire on an outing of 31 May 2026, the last day of the season."""
        sf = make_school(activities=[Activity("a1", D("2026-05-31"), "outing", open_fire=True)])
        found = owed(
            sf, ZIYANG, "ziyang.outing-no-open-fire", "2026-05-01", "2026-06-30", "2026-07-01"
        )
        assert [row(o) for o in found] == [
            ("a1", "2026-05-31..2026-05-31", "2026-05-31", "violated", ("a1",))
        ]
        assert explained(found[0]) == (
            "记录 a1（2026-05-31）不符合：野外用火",
            "record a1 on 2026-05-31 fails: open fire",
        )


# --- deadline triggers ------------------------------------------------------------------


class TestTermStart:
    """ziyang.traffic-survey: within one calendar month of each term's first day."""

    RULE = "ziyang.traffic-survey"

    def test_a_one_day_term_still_owes_its_survey(self, make_school: Any) -> None:
        """A term of the single day 1 Sep 2026 owes the survey by 1 Oct 2026: asked for
        October, the obligation runs 1 Sep – 1 Oct and is explained."""
        sf = make_school(terms=[("2026-09-01", "2026-09-01")])
        found = owed(sf, ZIYANG, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")
        assert [row(o) for o in found] == [
            ("zy-001", "2026-09-01..2026-10-01", "2026-10-01", "violated", ())
        ]
        assert explained(found[0]) == (
            "2026-09-01..2026-10-01 内应至少 1 份报送材料（学生上下学交通情况），实有 0",
            "expected at least 1 submissions (travel survey) in 2026-09-01..2026-10-01, found 0",
        )


def at(text: str) -> dt.datetime:
    """A wall-clock time in China Standard Time."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def progress(ob: Obligation) -> tuple[Any, ...]:
    """What an obligation found, against what it required, in which unit."""
    return (ob.found, ob.required, ob.unit)


class TestIncidentReport:
    """ziyang.incident-phone-report: by phone within 30 minutes of the incident."""

    RULE = "ziyang.incident-phone-report"

    def test_late_on_time_and_missing_reports_explained(self, make_school: Any) -> None:
        """Three incidents at 15:10 on 14 Oct 2026, due 15:40: reported at 15:41 (late),
        at 15:40 (on time, the due minute itself) and not at all."""
        sf = make_school(
            incidents=[
                Incident("i1", at("2026-10-14T15:10"), phone_reported_at=at("2026-10-14T15:41")),
                Incident("i2", at("2026-10-14T15:10"), phone_reported_at=at("2026-10-14T15:40")),
                Incident("i3", at("2026-10-14T15:10")),
            ]
        )
        found = owed(sf, ZIYANG, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")
        due = "2026-10-14T15:40:00+08:00"
        period = "2026-10-14..2026-10-14"
        assert [row(o) for o in found] == [
            ("i1", period, due, "violated", ()),
            ("i2", period, due, "met", ()),
            ("i3", period, due, "violated", ()),
        ]
        assert [explained(o) for o in found] == [
            (
                "电话报告时间为 2026-10-14 15:41，已超过期限",
                "phone report was 2026-10-14 15:41, after the deadline",
            ),
            ("电话报告时间为 2026-10-14 15:40，按时", "phone report was 2026-10-14 15:40, on time"),
            ("未记录电话报告时间", "phone report not recorded"),
        ]


class TestHazardRiskSystem:
    """changzhou.hazard-risk-system: entered by the end of the month found, not before."""

    RULE = "changzhou.hazard-risk-system"

    def test_early_late_and_on_time_entries_explained(self, make_school: Any) -> None:
        """Hazards found 10 Mar 2026, due 31 Mar: entered 9 Mar (before it was found),
        1 Apr (late) and 10 Mar (on time)."""
        sf = make_school(
            hazards=[
                Hazard("h1", D("2026-03-10"), system_reported=D("2026-03-09")),
                Hazard("h2", D("2026-03-10"), system_reported=D("2026-04-01")),
                Hazard("h3", D("2026-03-10"), system_reported=D("2026-03-10")),
            ]
        )
        found = owed(sf, CHANGZHOU, self.RULE, "2026-03-01", "2026-03-31", "2026-04-02")
        period = "2026-03-10..2026-03-31"
        assert [row(o) for o in found] == [
            ("h1", period, "2026-03-31", "violated", ()),
            ("h2", period, "2026-03-31", "violated", ()),
            ("h3", period, "2026-03-31", "met", ()),
        ]
        assert [explained(o) for o in found] == [
            (
                "风险管控系统填报为 2026-03-09，早于起算时间",
                "risk-system entry was 2026-03-09, before the start",
            ),
            (
                "风险管控系统填报为 2026-04-01，已超过期限",
                "risk-system entry was 2026-04-01, after the deadline",
            ),
            ("风险管控系统填报为 2026-03-10，按时", "risk-system entry was 2026-03-10, on time"),
        ]


class TestBackgroundCheck:
    """yanzhou.staff-background-check: by the day of hire, for hires from 26 Jan 2024."""

    RULE = "yanzhou.staff-background-check"

    def test_hires_from_the_effective_date_only(self, make_school: Any) -> None:
        """s1 hired 26 Jan 2024 (the first day) and checked the next day: late. s2 hired
        25 Jan 2024 owes nothing; s3 with no hire date owes nothing; s4 checked on the day."""
        sf = make_school(
            jurisdiction="yanzhou",
            staff=[
                StaffMember("s1", "甲", D("2024-01-26"), background_check=D("2024-01-27")),
                StaffMember("s2", "乙", D("2024-01-25")),
                StaffMember("s3", "丙", None),
                StaffMember("s4", "丁", D("2024-01-29"), background_check=D("2024-01-29")),
            ],
        )
        found = owed(sf, YANZHOU, self.RULE, "2024-01-01", "2024-01-31", "2024-02-01")
        assert [row(o) for o in found] == [
            ("s1", "2024-01-26..2024-01-26", "2024-01-26", "violated", ()),
            ("s4", "2024-01-29..2024-01-29", "2024-01-29", "met", ()),
        ]
        assert explained(found[0]) == (
            "准入查询为 2024-01-27，已超过期限",
            "background check was 2024-01-27, after the deadline",
        )


class TestFiveElements:
    """cixi.hazard-five-elements: the five elements set on the day a hazard is found."""

    def test_missing_elements_counted_and_named(self, make_school: Any) -> None:
        """A hazard of 3 Apr 2023 with content and standard only: 2 of 5, three missing.
        One of 4 Apr with all five elements is met."""
        complete = Hazard(
            "h2",
            D("2023-04-04"),
            deadline=D("2023-04-30"),
            responsible="s1",
            content="护栏松动",
            standard="加固",
            measures="焊接",
        )
        sf = make_school(
            jurisdiction="cixi",
            staff=[StaffMember("s1", "甲", D("2020-01-01"))],
            hazards=[
                Hazard("h1", D("2023-04-03"), content="电线老化", standard="更换线路"),
                complete,
            ],
        )
        found = owed(
            sf, CIXI, "cixi.hazard-five-elements", "2023-04-01", "2023-04-30", "2023-05-01"
        )
        assert [row(o) for o in found] == [
            ("h1", "2023-04-03..2023-04-03", "2023-04-03", "violated", ()),
            ("h2", "2023-04-04..2023-04-04", "2023-04-04", "met", ()),
        ]
        assert progress(found[1]) == (Decimal(5), Decimal(5), "fields")
        assert progress(found[0]) == (Decimal(2), Decimal(5), "fields")
        assert explained(found[0]) == (
            "缺少：整改措施、时间进度、责任人",
            "missing: measures, deadline, person responsible",
        )


class TestPerPersonTraining:
    """Per-person training deadlines after a role starts (Yanzhou heads, Changzhou guards)."""

    def test_appointment_training_short_with_a_late_record(self, make_school: Any) -> None:
        """A principal from 1 Mar 2024 owes 40 class hours by 1 Mar 2025: 30 on the due day
        itself, 10 more only the day after (late, named); another teacher's 40 hours do not
        count."""
        sf = make_school(
            jurisdiction="yanzhou",
            staff=[
                StaffMember(
                    "s1",
                    "甲",
                    D("2020-01-01"),
                    roles=[RoleSpan(Role("principal"), D("2024-03-01"))],
                ),
                StaffMember("s2", "乙", D("2020-01-01")),
            ],
            trainings=[
                Training("t1", "s1", D("2025-03-01"), Decimal(30)),
                Training("t2", "s1", D("2025-03-02"), Decimal(10)),
                Training("t3", "s2", D("2024-06-01"), Decimal(40)),
            ],
        )
        found = owed(
            sf, YANZHOU, "yanzhou.appointment-training", "2025-03-01", "2025-03-31", "2025-04-01"
        )
        assert [row(o) for o in found] == [
            ("s1", "2024-03-01..2025-03-01", "2025-03-01", "violated", ("t1",))
        ]
        assert progress(found[0]) == (Decimal(30), Decimal(40), "class_hours")
        assert explained(found[0]) == (
            "2024-03-01..2025-03-01 内应至少 40 学时，实有 30；逾期记录日期：2025-03-02",
            "expected at least 40 class hours in 2024-03-01..2025-03-01, found 30; "
            "late record on 2025-03-02",
        )

    def test_guard_training_topics_missing(self, make_school: Any) -> None:
        """A guard from 10 Mar 2026, due 10 Apr: training of 1 Feb (before the post counts)
        covers basics and skills, not duty norms. A colleague's training of 11 Apr is no
        late record of the guard's."""
        sf = make_school(
            jurisdiction="changzhou",
            staff=[
                StaffMember(
                    "g1",
                    "甲",
                    D("2026-03-01"),
                    roles=[RoleSpan(Role("security_guard"), D("2026-03-10"))],
                ),
                StaffMember("s2", "乙", D("2026-03-01")),
            ],
            trainings=[
                Training("t1", "g1", D("2026-02-01"), Decimal(2), topics=("basics", "skills")),
                Training("t2", "s2", D("2026-04-11"), Decimal(2), topics=("duty_norms",)),
            ],
        )
        found = owed(
            sf,
            CHANGZHOU,
            "changzhou.security-guard-training",
            "2026-04-01",
            "2026-04-30",
            "2026-05-01",
        )
        assert [row(o) for o in found] == [
            ("g1", "2026-03-10..2026-04-10", "2026-04-10", "violated", ("t1",))
        ]
        assert progress(found[0]) == (Decimal(2), Decimal(3), "topics")
        assert explained(found[0]) == (
            "..2026-04-10 内的培训未覆盖：值勤规范",
            "training in ..2026-04-10 does not cover: duty norms",
        )


class TestSpecialEquipment:
    """yanzhou.special-equipment: papers every day from commissioning; yearly inspections."""

    RULE = "yanzhou.special-equipment"

    def test_missing_papers_from_the_day_of_commissioning(self, make_school: Any) -> None:
        """A boiler commissioned 10 Jun 2024 with only its registration certificate: the
        days 10–30 Jun fail (21 days), explained by the two missing papers. A lift listed
        before it but commissioned on 1 Jul owes nothing in June."""
        sf = make_school(
            jurisdiction="yanzhou",
            equipment=[
                Equipment("e0", "lift", D("2024-07-01")),
                Equipment("e1", "boiler", D("2024-06-10"), registration_certificate=True),
            ],
        )
        found = owed(sf, YANZHOU, self.RULE, "2024-06-01", "2024-06-30", "2024-07-01")
        assert [row(o) for o in found] == [
            ("e1", "2024-06-10..2024-06-30", "2024-06-30", "violated", ())
        ]
        assert progress(found[0]) == (Decimal(21), None, "days")
        assert explained(found[0]) == (
            "不满足：作业人员证、应急预案",
            "not true: operator certificate, emergency plan",
        )

    def paper_boiler(self, make_school: Any, *inspections: str) -> SchoolFile:
        return make_school(
            jurisdiction="yanzhou",
            equipment=[
                Equipment(
                    "e1",
                    "boiler",
                    D("2024-06-10"),
                    True,
                    True,
                    True,
                    tuple(D(d) for d in inspections),
                )
            ],
        )

    def test_inspection_a_day_early_is_done(self, make_school: Any) -> None:
        """Commissioned 10 Jun 2024, inspected 9 Jun 2025: the first inspection, due
        10 Jun 2025, is done on 9 Jun."""
        sf = self.paper_boiler(make_school, "2025-06-09")
        found = owed(sf, YANZHOU, self.RULE, "2025-06-01", "2025-06-30", "2025-07-01")
        assert [row(o) for o in found] == [
            ("e1", "2024-06-10..2025-06-10", "2025-06-10", "met", ())
        ]
        assert explained(found[0]) == ("已于 2025-06-09 完成", "done on 2025-06-09")

    def test_late_inspection_named_and_the_chain_goes_on_from_it(self, make_school: Any) -> None:
        """Inspected only on 12 Jun 2025, two days after the due day: violated, the late
        date named; the next inspection is due a year after the late one, 12 Jun 2026."""
        sf = self.paper_boiler(make_school, "2025-06-12")
        found = owed(sf, YANZHOU, self.RULE, "2025-06-01", "2026-06-30", "2026-07-01")
        assert [row(o) for o in found] == [
            ("e1", "2024-06-10..2025-06-10", "2025-06-10", "violated", ()),
            ("e1", "2025-06-12..2026-06-12", "2026-06-12", "violated", ()),
        ]
        assert explained(found[0]) == (
            "期限内未完成定期检验（之后的记录：2025-06-12）",
            "no inspection by the deadline (later record: 2025-06-12)",
        )
        assert explained(found[1]) == (
            "期限内未完成定期检验（之后的记录：无）",
            "no inspection by the deadline (later record: none)",
        )


class TestCoveredAndRatio:
    """Invariants: insurance in force (ziyang) and the rescue-team share (cixi)."""

    def test_uninsured_days_split_at_as_of(self, make_school: Any) -> None:
        """Liability insurance to 31 Mar 2026 (an accident policy for the whole year is no
        liability insurance); asked for April as of 11 Apr: 1–10 Apr are violated (10 days),
        11–30 Apr pending (20 days)."""
        sf = make_school(
            insurance=[
                InsurancePolicy("p1", "school_liability", D("2026-01-01"), D("2026-03-31")),
                InsurancePolicy("p2", "accident", D("2026-01-01"), D("2026-12-31")),
            ]
        )
        found = owed(
            sf, ZIYANG, "ziyang.liability-insurance", "2026-04-01", "2026-04-30", "2026-04-11"
        )
        assert [row(o) for o in found] == [
            ("zy-001", "2026-04-01..2026-04-10", "2026-04-10", "violated", ()),
            ("zy-001", "2026-04-11..2026-04-30", "2026-04-30", "pending", ()),
        ]
        assert [progress(o) for o in found] == [
            (Decimal(10), None, "days"),
            (Decimal(20), None, "days"),
        ]
        assert explained(found[0]) == (
            "无有效的校方责任险（保险）",
            "no insurance in force (school liability insurance)",
        )

    def test_rescue_team_below_thirty_percent(self, make_school: Any) -> None:
        """One rescue-team member among four staff (25%) through April 2023, a fifth hired
        on 16 Apr: one failing run of 30 days, explained by the head count at its end."""

        def member(sid: str, hired: str, *roles: str) -> StaffMember:
            spans = [RoleSpan(Role(r), D(hired)) for r in roles]
            return StaffMember(sid, sid, D(hired), roles=spans)

        sf = make_school(
            jurisdiction="cixi",
            staff=[
                member("s1", "2023-01-01", "rescue_team"),
                member("s2", "2023-01-01"),
                member("s3", "2023-01-01"),
                member("s4", "2023-01-01"),
                member("s5", "2023-04-16"),
            ],
        )
        found = owed(sf, CIXI, "cixi.rescue-team", "2023-04-01", "2023-04-30", "2023-05-01")
        assert [row(o) for o in found] == [
            ("zy-001", "2023-04-01..2023-04-30", "2023-04-30", "violated", ())
        ]
        assert progress(found[0]) == (Decimal(30), None, "days")
        assert explained(found[0]) == (
            "兼职应急救援队员人数 1/5，低于 0.3",
            "rescue-team members: 1 of 5 staff, below 0.3",
        )


class TestClosedLoop:
    """Hazard closed loops: ziyang (accepted by the deadline), yanzhou (responsible named)."""

    def test_step_without_an_earlier_one_and_acceptance_missing(self, make_school: Any) -> None:
        """Found 1 Oct 2026, deadline 31 Oct: identified 1 Oct, assessed 2 Oct without being
        registered; never accepted."""
        sf = make_school(
            hazards=[
                Hazard(
                    "h1",
                    D("2026-10-01"),
                    deadline=D("2026-10-31"),
                    steps=[
                        HazardStep(Step("identified"), D("2026-10-01")),
                        HazardStep(Step("assessed"), D("2026-10-02")),
                    ],
                )
            ]
        )
        found = owed(
            sf, ZIYANG, "ziyang.hazard-closed-loop", "2026-10-01", "2026-10-31", "2026-11-01"
        )
        assert [row(o) for o in found] == [
            ("h1", "2026-10-02..2026-10-02", "2026-10-02", "violated", ()),
            ("h1", "2026-10-01..2026-10-31", "2026-10-31", "violated", ()),
        ]
        assert [explained(o) for o in found] == [
            (
                "2026-10-02 的步骤 评估 早于或缺少前序步骤：登记",
                "step assessed on 2026-10-02 comes before or without: registered",
            ),
            ("应于 2026-10-31 前完成验收（实际：无）", "accepted due by 2026-10-31 (done: none)"),
        ]

    def test_loop_in_order_accepted_on_the_deadline(self, make_school: Any) -> None:
        """h2: identified and registered on 1 Oct (the same day is in order), identified
        again on 5 Oct (the first date counts), assessed 2 Oct, accepted on the deadline day
        31 Oct: met. h3's deadline of 15 Nov is outside October: nothing owed for it."""

        def steps(*pairs: tuple[str, str]) -> list[HazardStep]:
            return [HazardStep(Step(name), D(day)) for name, day in pairs]

        loop = steps(
            ("identified", "2026-10-01"),
            ("registered", "2026-10-01"),
            ("identified", "2026-10-05"),
            ("assessed", "2026-10-02"),
            ("reported", "2026-10-02"),
            ("monitored", "2026-10-03"),
            ("remediated", "2026-10-20"),
            ("accepted", "2026-10-31"),
        )
        sf = make_school(
            hazards=[
                Hazard("h2", D("2026-10-01"), deadline=D("2026-10-31"), steps=loop),
                Hazard("h3", D("2026-10-01"), deadline=D("2026-11-15")),
            ]
        )
        found = owed(
            sf, ZIYANG, "ziyang.hazard-closed-loop", "2026-10-01", "2026-10-31", "2026-11-01"
        )
        assert [row(o) for o in found] == [
            ("h2", "2026-10-01..2026-10-31", "2026-10-31", "met", ())
        ]
        assert explained(found[0]) == (
            "应于 2026-10-31 前完成验收（实际：2026-10-31）",
            "accepted due by 2026-10-31 (done: 2026-10-31)",
        )

    def test_registered_without_a_person_responsible(self, make_school: Any) -> None:
        """Yanzhou: a hazard registered on 1 Mar 2024 must name who is responsible; the
        lack is owed on the day of registering only, not again when it is remediated."""
        sf = make_school(
            jurisdiction="yanzhou",
            hazards=[
                Hazard(
                    "h1",
                    D("2024-03-01"),
                    steps=[
                        HazardStep(Step("registered"), D("2024-03-01")),
                        HazardStep(Step("remediated"), D("2024-03-05")),
                    ],
                )
            ],
        )
        found = owed(
            sf, YANZHOU, "yanzhou.hazard-closed-loop", "2024-03-01", "2024-03-31", "2024-04-01"
        )
        assert [row(o) for o in found] == [
            ("h1", "2024-03-01..2024-03-01", "2024-03-01", "violated", ())
        ]
        assert explained(found[0]) == ("缺少：责任人", "missing: person responsible")


class TestBus:
    """Yongqiao buses: an agreement with the bus's own provider, a video alarm fitted."""

    def test_agreement_with_another_provider_does_not_cover(self, make_school: Any) -> None:
        """Bus b1 of provider 甲 without a video alarm; the only agreement, for all of 2023,
        is with provider 乙: every day of April 2023 fails both rules for b1."""
        sf = make_school(
            terms=(),
            jurisdiction="yongqiao",
            uses_school_bus=True,
            buses=[Bus("b1", "皖L12345", "甲公司")],
            bus_agreements=[BusAgreement("ba1", "乙公司", D("2023-01-01"), D("2023-12-31"))],
        )
        april = ("b1", "2023-04-01..2023-04-30", "2023-04-30", "violated", ())
        agreement = owed(
            sf, YONGQIAO, "yongqiao.bus-agreement", "2023-04-01", "2023-04-30", "2023-05-01"
        )
        assert [row(o) for o in agreement] == [april]
        alarm = owed(
            sf, YONGQIAO, "yongqiao.bus-video-alarm", "2023-04-01", "2023-04-30", "2023-05-01"
        )
        assert [row(o) for o in alarm] == [april]
        assert explained(alarm[0]) == (
            "不满足：智能视频监控报警装置",
            "not true: smart video alarm",
        )


class TestRoleStarts:
    """yanzhou.appointment-training: each post newly taken up from 26 Jan 2024 is owed
    40 class hours within a year; a span continuing the same post is no new start."""

    def test_new_and_continuing_posts(self, make_school: Any) -> None:
        """s1: principal 1 Mar–31 Aug 2024 and again from 1 Sep (continuing), vice principal
        from 1 Jan 2025 (a new post). s2: principal to 30 Aug 2024 and again from 1 Sep (a day
        between: a new start). s3: vice principal to 31 Aug 2024, principal from 1 Sep (a new
        post). s4: principal since 1 Jun 2023, before the profile: not new. s5: principal
        from 26 Jan 2024, the profile's first day: new."""

        def member(sid: str, *spans: tuple[str, str, str | None]) -> StaffMember:
            roles = [RoleSpan(Role(r), D(a), D(b) if b else None) for r, a, b in spans]
            return StaffMember(sid, sid, D("2020-01-01"), roles=roles)

        sf = make_school(
            jurisdiction="yanzhou",
            staff=[
                member(
                    "s1",
                    ("principal", "2024-03-01", "2024-08-31"),
                    ("principal", "2024-09-01", "2024-12-31"),
                    ("vice_principal", "2025-01-01", None),
                ),
                member(
                    "s2",
                    ("principal", "2024-03-01", "2024-08-30"),
                    ("principal", "2024-09-01", None),
                ),
                member(
                    "s3",
                    ("vice_principal", "2024-03-01", "2024-08-31"),
                    ("principal", "2024-09-01", None),
                ),
                member("s4", ("principal", "2023-06-01", None)),
                member("s5", ("principal", "2024-01-26", None)),
            ],
        )
        found = owed(
            sf, YANZHOU, "yanzhou.appointment-training", "2024-01-26", "2026-12-31", "2027-01-01"
        )
        assert [(o.subject, str(o.period)) for o in found] == [
            ("s5", "2024-01-26..2025-01-26"),
            ("s1", "2024-03-01..2025-03-01"),
            ("s2", "2024-03-01..2025-03-01"),
            ("s3", "2024-03-01..2025-03-01"),
            ("s2", "2024-09-01..2025-09-01"),
            ("s3", "2024-09-01..2025-09-01"),
            ("s1", "2025-01-01..2026-01-01"),
        ]
        assert {o.status for o in found} == {"violated"}


class TestInspectionChain:
    """yanzhou.special-equipment: the chain of yearly inspections after commissioning."""

    def test_chain_on_time_late_and_missed(self, make_school: Any) -> None:
        """Both boilers commissioned 10 Jun 2024, first inspection due 10 Jun 2025.
        e1: inspected on the commissioning day (not the periodic one), on 10 Jun 2025 (on the
        due day: done), then only on 10 Jun 2027, exactly a year after the missed 10 Jun 2026:
        late but the chain goes on from it, so 10 Jun 2028 is owed next.
        e2: inspected only on 11 Jun 2026, a day more than a year late: missed twice, the
        chain goes on from 11 Jun 2026, then 11 Jun 2027 and 11 Jun 2028 are owed."""

        def boiler(eid: str, *inspections: str) -> Equipment:
            dates = tuple(D(d) for d in inspections)
            return Equipment(eid, "boiler", D("2024-06-10"), True, True, True, dates)

        sf = make_school(
            jurisdiction="yanzhou",
            equipment=[
                boiler("e1", "2024-06-10", "2025-06-10", "2027-06-10"),
                boiler("e2", "2026-06-11"),
            ],
        )
        found = owed(
            sf, YANZHOU, "yanzhou.special-equipment", "2025-01-01", "2028-12-31", "2029-01-01"
        )
        assert [(o.subject, str(o.period), o.status) for o in found] == [
            ("e1", "2024-06-10..2025-06-10", "met"),
            ("e2", "2024-06-10..2025-06-10", "violated"),
            ("e1", "2025-06-10..2026-06-10", "violated"),
            ("e2", "2025-06-10..2026-06-10", "violated"),
            ("e2", "2026-06-11..2027-06-11", "violated"),
            ("e1", "2027-06-10..2028-06-10", "violated"),
            ("e2", "2027-06-11..2028-06-11", "violated"),
        ]
        assert [explained(o)[1] for o in found] == [
            "done on 2025-06-10",
            "no inspection by the deadline (later record: 2026-06-11)",
            "no inspection by the deadline (later record: 2027-06-10)",
            "no inspection by the deadline (later record: 2026-06-11)",
            "no inspection by the deadline (later record: none)",
            "no inspection by the deadline (later record: none)",
            "no inspection by the deadline (later record: none)",
        ]


class TestPluginRequirements:
    """Requirements as a plugin author may combine them (the kinds are public)."""

    def test_report_before_the_incident_day_is_early(self, make_school: Any) -> None:
        """A phone report required no earlier than the day the school knew of the incident:
        a report at 23:50 on 13 Oct for an incident known at 15:10 on 14 Oct is early; one at
        15:05 on 14 Oct (the same day) is not."""
        rule = Rule(
            "test.phone-report",
            Text("电话报告", "Phone report"),
            Citation("test.txt", "1", "30分钟内电话报告"),
            [
                Deadline(
                    OnIncident(dt.timedelta(minutes=30)),
                    FieldOnOrBefore("phone_reported_at", not_before_start=True),
                )
            ],
        )
        profile = one_off_profile(rule)
        sf = make_school(
            incidents=[
                Incident("i1", at("2026-10-14T15:10"), phone_reported_at=at("2026-10-13T23:50")),
                Incident("i2", at("2026-10-14T15:10"), phone_reported_at=at("2026-10-14T15:05")),
            ]
        )
        found = owed(sf, profile, rule.id, "2026-10-01", "2026-10-31", "2026-11-01")
        assert [(o.subject, o.status) for o in found] == [("i1", "violated"), ("i2", "met")]
        assert explained(found[0]) == (
            "电话报告时间为 2026-10-13 23:50，早于起算时间",
            "phone report was 2026-10-13 23:50, before the start",
        )

    def test_plan_of_1_january_1900_counts(self, make_school: Any) -> None:
        """yongqiao.campaign-plan counts any plan up to 31 Mar 2023, back to the first day
        of the horizon."""
        sf = make_school(
            terms=(),
            jurisdiction="yongqiao",
            submissions=[Submission("p0", "campaign_plan", D("1900-01-01"))],
        )
        found = owed(
            sf, YONGQIAO, "yongqiao.campaign-plan", "2023-03-01", "2023-12-31", "2023-04-01"
        )
        assert [row(o) for o in found] == [
            ("zy-001", "2023-03-22..2023-03-31", "2023-03-31", "met", ("p0",))
        ]

    def test_background_check_by_the_first_day_as_guard(self, make_school: Any) -> None:
        """A guard's own background check by the day the post starts: checked on 9 Mar for
        a post from 10 Mar 2026 is on time, for a post from 8 Mar late."""
        rule = Rule(
            "test.guard-check",
            Text("保安上岗前准入查询", "Background check before a guard's post"),
            Citation("test.txt", "1", "保安上岗前应进行准入查询"),
            [Deadline(OnRoleStart(("security_guard",)), FieldOnOrBefore("background_check"))],
        )
        profile = one_off_profile(rule)

        def guard(sid: str, start: str) -> StaffMember:
            roles = [RoleSpan(Role("security_guard"), D(start))]
            return StaffMember(sid, sid, D("2026-03-01"), D("2026-12-31"), D("2026-03-09"), roles)

        sf = make_school(staff=[guard("g1", "2026-03-10"), guard("g2", "2026-03-08")])
        found = owed(sf, profile, rule.id, "2026-03-01", "2026-03-31", "2026-04-01")
        assert [(o.subject, o.status) for o in found] == [("g2", "violated"), ("g1", "met")]
        assert [explained(o) for o in found] == [
            (
                "准入查询为 2026-03-09，已超过期限",
                "background check was 2026-03-09, after the deadline",
            ),
            ("准入查询为 2026-03-09，按时", "background check was 2026-03-09, on time"),
        ]
