"""The yongqiao profile: a campaign from 2023-03-22 (Wed) to 2023-12-31 (Sun).

The source document (the campaign plan) is dated 2023年3月22日 and runs
"自即日起至2023年12月底结束"; its first stage ends "2023年3月底前", i.e. on
Fri 2023-03-31. Nothing is owed for a due date outside 2023-03-22..2023-12-31.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import pytest

import safetyregs
from conftest import RunCheck
from safetyregs import (
    Bus,
    BusAgreement,
    Drill,
    Meeting,
    Period,
    School,
    SchoolFile,
    SelfInspection,
    Submission,
)
from safetyregs._i18n import render
from safetyregs._models import DrillKind, Level, MeetingKind, SubmissionKind

D = dt.date
SCHOOL_ID = "yq-001"
FIRST_DAY = D(2023, 3, 22)
LAST_DAY = D(2023, 12, 31)
BY_MARCH = D(2023, 3, 31)
PROVIDER = "埇桥校车服务公司"

Row = tuple[str, str, dt.date, dt.date, Any, str]

#: The 30 items, written out from 二(一)–(六) of the source document.
ALWAYS = [
    f"{area}-{n}" for area in ("fire", "drowning", "bullying", "surroundings") for n in range(1, 6)
]
FOOD = [f"food-{n}" for n in range(1, 6)]
BUS = [f"bus-{n}" for n in range(1, 6)]


@pytest.fixture(scope="module")
def yongqiao() -> safetyregs.Profile:
    """The installed yongqiao profile."""
    return safetyregs.profiles.get("yongqiao")


def school(
    *, has_canteen: bool = False, uses_school_bus: bool = False, **records: Any
) -> SchoolFile:
    """A Yongqiao primary school (default calendar) with the given flags and records."""
    return SchoolFile(
        school=School(
            id=SCHOOL_ID,
            name="埇桥区测试小学",
            jurisdiction="yongqiao",
            levels=(Level.PRIMARY,),
            has_canteen=has_canteen,
            uses_school_bus=uses_school_bus,
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


class TestProfile:
    def test_catalogue(self, yongqiao: safetyregs.Profile) -> None:
        """Seven rules, effective 2023-03-22..2023-12-31."""
        assert (yongqiao.effective_from, yongqiao.effective_until) == (FIRST_DAY, LAST_DAY)
        assert sorted(r.id for r in yongqiao.rules) == sorted(
            f"yongqiao.{slug}"
            for slug in (
                "campaign-plan",
                "special-meeting",
                "self-inspection",
                "rectification-plan",
                "bus-agreement",
                "bus-video-alarm",
                "bus-evacuation-drill",
            )
        )

    def test_clauses_as_printed(self, yongqiao: safetyregs.Profile) -> None:
        """Every clause is written as the document numbers it: 三(一), 二(三), 四.三.

        That the quoted words occur in the document is checked for every profile in
        ``tests/test_citations.py``.
        """
        for rule in yongqiao.rules:
            assert re.fullmatch(r"[一二三四](\([一二三四五六]\)|\.[一二三四])", rule.source.clause)

    def test_thirty_items(self) -> None:
        """The checklist holds the 30 items, food-* only with a canteen, bus-* with a bus."""
        from safetyregs.jurisdictions import yongqiao as module

        items = module.SELF_INSPECTION_ITEMS
        assert sorted(i.id for i in items) == sorted(ALWAYS + FOOD + BUS)
        assert {i.id for i in items if i.only_if == "has_canteen"} == set(FOOD)
        assert {i.id for i in items if i.only_if == "uses_school_bus"} == set(BUS)
        assert {i.id for i in items if i.only_if is None} == set(ALWAYS)


class TestMarchDeadlines:
    """campaign-plan, special-meeting and rectification-plan: one record by 31 Mar 2023."""

    CASES: ClassVar[list[tuple[str, str, Any]]] = [
        ("yongqiao.campaign-plan", "submission", SubmissionKind.CAMPAIGN_PLAN),
        ("yongqiao.special-meeting", "meeting", MeetingKind.CAMPAIGN),
        ("yongqiao.rectification-plan", "submission", SubmissionKind.RECTIFICATION_PLAN),
    ]

    @staticmethod
    def with_record(kind: str, value: Any, day: dt.date) -> SchoolFile:
        if kind == "meeting":
            return school(meetings=[Meeting("r1", day, value)])
        return school(submissions=[Submission("r1", value, day)])

    @pytest.mark.parametrize(("rule", "kind", "value"), CASES)
    def test_met(self, yongqiao: safetyregs.Profile, rule: str, kind: str, value: Any) -> None:
        """A record on 28 Mar: met; the period runs 22–31 Mar, due 31 Mar."""
        sf = self.with_record(kind, value, D(2023, 3, 28))
        got = rows(yongqiao, sf, D(2023, 3, 1), D(2023, 12, 31), D(2024, 1, 1), rule)
        assert got == [(rule, SCHOOL_ID, FIRST_DAY, BY_MARCH, BY_MARCH, "met")]

    @pytest.mark.parametrize(("rule", "kind", "value"), CASES)
    def test_on_the_last_day(
        self, yongqiao: safetyregs.Profile, rule: str, kind: str, value: Any
    ) -> None:
        """A record on Fri 31 Mar itself is on time."""
        sf = self.with_record(kind, value, BY_MARCH)
        got = rows(yongqiao, sf, D(2023, 3, 1), D(2023, 3, 31), D(2023, 4, 1), rule)
        assert [r[-1] for r in got] == ["met"]

    @pytest.mark.parametrize(("rule", "kind", "value"), CASES)
    def test_pending_then_violated(
        self, yongqiao: safetyregs.Profile, rule: str, kind: str, value: Any
    ) -> None:
        """Nothing yet: pending as of 31 Mar, violated as of 1 Apr; a record on 3 Apr is late."""
        empty = school()
        assert [r[-1] for r in rows(yongqiao, empty, FIRST_DAY, BY_MARCH, BY_MARCH, rule)] == [
            "pending"
        ]
        assert [r[-1] for r in rows(yongqiao, empty, FIRST_DAY, BY_MARCH, D(2023, 4, 1), rule)] == [
            "violated"
        ]
        late = self.with_record(kind, value, D(2023, 4, 3))
        assert [r[-1] for r in rows(yongqiao, late, FIRST_DAY, BY_MARCH, D(2023, 4, 5), rule)] == [
            "violated"
        ]

    @pytest.mark.parametrize(("rule", "kind", "value"), CASES)
    def test_prepared_before_the_notice(
        self, yongqiao: safetyregs.Profile, rule: str, kind: str, value: Any
    ) -> None:
        """Interp. "by 31 Mar": a record of 20 Mar, before the notice of 22 Mar, counts."""
        sf = self.with_record(kind, value, D(2023, 3, 20))
        got = rows(yongqiao, sf, D(2023, 3, 1), D(2023, 3, 31), D(2023, 4, 1), rule)
        assert [r[-1] for r in got] == ["met"]

    @pytest.mark.parametrize(("rule", "kind", "value"), CASES)
    def test_outside_the_campaign(
        self, yongqiao: safetyregs.Profile, rule: str, kind: str, value: Any
    ) -> None:
        """Ranges before 22 Mar or after 31 Mar 2023 hold no obligation of these rules."""
        assert rows(yongqiao, school(), D(2023, 1, 1), D(2023, 3, 30), D(2024, 1, 1), rule) == []
        assert rows(yongqiao, school(), D(2023, 4, 1), D(2024, 12, 31), D(2025, 1, 1), rule) == []

    def test_late_date_in_detail(self, yongqiao: safetyregs.Profile) -> None:
        """A campaign plan of 3 Apr is late: the violation's detail names 2023-04-03."""
        sf = school(submissions=[Submission("r1", SubmissionKind.CAMPAIGN_PLAN, D(2023, 4, 3))])
        got = safetyregs.evaluate(sf, yongqiao, Period(FIRST_DAY, BY_MARCH), D(2023, 4, 5))
        plan = next(o for o in got if o.rule == "yongqiao.campaign-plan")
        assert plan.status == "violated"
        assert "2023-04-03" in render(plan.detail, "en")

    def test_other_kinds_do_not_count(self, yongqiao: safetyregs.Profile) -> None:
        """A safety_review meeting is no 专题会; a campaign plan is no rectification plan."""
        sf = school(
            meetings=[Meeting("m1", D(2023, 3, 24), MeetingKind.SAFETY_REVIEW)],
            submissions=[Submission("s1", SubmissionKind.CAMPAIGN_PLAN, D(2023, 3, 24))],
        )
        obligations = safetyregs.evaluate(sf, yongqiao, Period(FIRST_DAY, BY_MARCH), D(2023, 4, 1))
        status = {o.rule: o.status for o in obligations if o.subject == SCHOOL_ID}
        assert status == {
            "yongqiao.campaign-plan": "met",
            "yongqiao.special-meeting": "violated",
            "yongqiao.rectification-plan": "violated",
        }


class TestSelfInspection:
    RULE = "yongqiao.self-inspection"

    def statuses(
        self, profile: safetyregs.Profile, sf: SchoolFile, as_of: dt.date
    ) -> dict[str, str]:
        """Item id → status; every item's period is 22–31 Mar, due 31 Mar."""
        got = rows(profile, sf, D(2023, 3, 1), D(2023, 12, 31), as_of, self.RULE)
        for _, _, start, end, due, _ in got:
            assert (start, end, due) == (FIRST_DAY, BY_MARCH, BY_MARCH)
        return {subject: status for _, subject, *_, status in got}

    def test_no_canteen_no_bus(self, yongqiao: safetyregs.Profile) -> None:
        """Without canteen or bus only the 20 fire, drowning, bullying, surroundings items."""
        sf = school(self_inspections=[SelfInspection("si1", D(2023, 3, 28), ALWAYS)])
        assert self.statuses(yongqiao, sf, D(2023, 4, 1)) == dict.fromkeys(ALWAYS, "met")

    def test_with_canteen_and_bus(self, yongqiao: safetyregs.Profile) -> None:
        """With a canteen and a school bus all 30 items; the food and bus ones are missing."""
        sf = school(
            has_canteen=True,
            uses_school_bus=True,
            self_inspections=[SelfInspection("si1", D(2023, 3, 28), ALWAYS)],
        )
        expected = {**dict.fromkeys(ALWAYS, "met"), **dict.fromkeys(FOOD + BUS, "violated")}
        assert self.statuses(yongqiao, sf, D(2023, 4, 1)) == expected

    def test_one_item_missing(self, yongqiao: safetyregs.Profile) -> None:
        """Two records together cover all but bullying-3: one violation, its subject the item."""
        first = [i for i in ALWAYS if i.startswith(("fire", "drowning"))]
        second = [i for i in ALWAYS if i not in first and i != "bullying-3"]
        sf = school(
            self_inspections=[
                SelfInspection("si1", D(2023, 3, 22), first),
                SelfInspection("si2", D(2023, 3, 31), second),
            ]
        )
        got = self.statuses(yongqiao, sf, D(2023, 4, 1))
        assert [item for item, status in got.items() if status != "met"] == ["bullying-3"]
        assert got["bullying-3"] == "violated"

    def test_pending_until_31_march(self, yongqiao: safetyregs.Profile) -> None:
        """As of 31 Mar the uncovered items are pending."""
        assert set(self.statuses(yongqiao, school(), BY_MARCH).values()) == {"pending"}

    def test_before_the_notice_counts(self, yongqiao: safetyregs.Profile) -> None:
        """An inspection of 21 Mar, before the notice, is dated by the deadline: it counts."""
        sf = school(self_inspections=[SelfInspection("si0", D(2023, 3, 21), ALWAYS)])
        assert set(self.statuses(yongqiao, sf, D(2023, 4, 2)).values()) == {"met"}

    def test_after_the_deadline_covers_nothing(self, yongqiao: safetyregs.Profile) -> None:
        """An inspection of 1 Apr is late: every item is violated."""
        sf = school(self_inspections=[SelfInspection("si2", D(2023, 4, 1), ALWAYS)])
        assert set(self.statuses(yongqiao, sf, D(2023, 4, 2)).values()) == {"violated"}


class TestBusAgreement:
    RULE = "yongqiao.bus-agreement"

    def test_covered(self, yongqiao: safetyregs.Profile) -> None:
        """An agreement with the bus's provider for all of 2023: no failing day."""
        sf = school(
            uses_school_bus=True,
            buses=[Bus("b1", "皖L12345", PROVIDER, video_alarm=True)],
            bus_agreements=[BusAgreement("ba1", PROVIDER, D(2023, 1, 1), D(2023, 12, 31))],
        )
        assert rows(yongqiao, sf, D(2023, 1, 1), D(2024, 12, 31), D(2025, 1, 1), self.RULE) == []

    def test_other_provider(self, yongqiao: safetyregs.Profile) -> None:
        """An agreement with another provider does not cover: the whole campaign fails."""
        sf = school(
            uses_school_bus=True,
            buses=[Bus("b1", "皖L12345", PROVIDER, video_alarm=True)],
            bus_agreements=[BusAgreement("ba1", "别的公司", D(2023, 1, 1), None)],
        )
        got = rows(yongqiao, sf, D(2023, 1, 1), D(2024, 12, 31), D(2024, 1, 1), self.RULE)
        assert got == [(self.RULE, "b1", FIRST_DAY, LAST_DAY, LAST_DAY, "violated")]

    def test_agreement_lapses(self, yongqiao: safetyregs.Profile) -> None:
        """An agreement ending 30 Jun: 1 Jul–31 Dec fail, split at as_of 1 Oct."""
        sf = school(
            uses_school_bus=True,
            buses=[Bus("b1", "皖L12345", PROVIDER, video_alarm=True)],
            bus_agreements=[BusAgreement("ba1", PROVIDER, D(2022, 9, 1), D(2023, 6, 30))],
        )
        got = rows(yongqiao, sf, D(2023, 1, 1), D(2023, 12, 31), D(2023, 10, 1), self.RULE)
        assert got == [
            (self.RULE, "b1", D(2023, 7, 1), D(2023, 9, 30), D(2023, 9, 30), "violated"),
            (self.RULE, "b1", D(2023, 10, 1), LAST_DAY, LAST_DAY, "pending"),
        ]

    def test_school_without_bus_service(self, yongqiao: safetyregs.Profile) -> None:
        """A school that does not use school buses owes no agreement."""
        sf = school(buses=[Bus("b1", "皖L12345", PROVIDER, video_alarm=True)])
        assert rows(yongqiao, sf, D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1), self.RULE) == []


class TestBusVideoAlarm:
    RULE = "yongqiao.bus-video-alarm"

    def buses(self) -> SchoolFile:
        return school(
            uses_school_bus=True,
            buses=[
                Bus("b1", "皖L12345", PROVIDER, video_alarm=False),
                Bus("b2", "皖L67890", PROVIDER, video_alarm=True),
            ],
        )

    def test_every_campaign_day_and_no_other(self, yongqiao: safetyregs.Profile) -> None:
        """b1 without an alarm fails 22 Mar–31 Dec 2023 exactly, asked about 2022–2024; b2 never."""
        got = rows(yongqiao, self.buses(), D(2022, 1, 1), D(2024, 12, 31), D(2025, 1, 1), self.RULE)
        assert got == [(self.RULE, "b1", FIRST_DAY, LAST_DAY, LAST_DAY, "violated")]

    def test_first_and_last_day(self, yongqiao: safetyregs.Profile) -> None:
        """Asked about 21–22 Mar: only 22 Mar; about 31 Dec 2023–1 Jan 2024: only 31 Dec."""
        first = rows(yongqiao, self.buses(), D(2023, 3, 21), FIRST_DAY, D(2023, 3, 23), self.RULE)
        last = rows(yongqiao, self.buses(), LAST_DAY, D(2024, 1, 1), D(2024, 1, 2), self.RULE)
        assert first == [(self.RULE, "b1", FIRST_DAY, FIRST_DAY, FIRST_DAY, "violated")]
        assert last == [(self.RULE, "b1", LAST_DAY, LAST_DAY, LAST_DAY, "violated")]

    def test_before_and_after(self, yongqiao: safetyregs.Profile) -> None:
        """Nothing on 21 Mar 2023 or in 2024."""
        sf = self.buses()
        assert rows(yongqiao, sf, D(2023, 1, 1), D(2023, 3, 21), D(2025, 1, 1), self.RULE) == []
        assert rows(yongqiao, sf, D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), self.RULE) == []

    def test_pending_part(self, yongqiao: safetyregs.Profile) -> None:
        """As of 1 Jul: 22 Mar–30 Jun violated, 1 Jul–31 Dec still pending."""
        got = rows(yongqiao, self.buses(), D(2023, 1, 1), D(2023, 12, 31), D(2023, 7, 1), self.RULE)
        assert got == [
            (self.RULE, "b1", FIRST_DAY, D(2023, 6, 30), D(2023, 6, 30), "violated"),
            (self.RULE, "b1", D(2023, 7, 1), LAST_DAY, LAST_DAY, "pending"),
        ]

    def test_all_fitted(self, yongqiao: safetyregs.Profile) -> None:
        """Every bus fitted: nothing owed (the invariant's "met")."""
        sf = school(uses_school_bus=True, buses=[Bus("b2", "皖L67890", PROVIDER, video_alarm=True)])
        assert rows(yongqiao, sf, D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1), self.RULE) == []


class TestBusEvacuationDrill:
    RULE = "yongqiao.bus-evacuation-drill"

    def drills(self, *days: dt.date, kind: DrillKind = DrillKind.SCHOOL_BUS) -> SchoolFile:
        return school(
            uses_school_bus=True,
            drills=[Drill(f"d{i}", day, kind=kind) for i, day in enumerate(days)],
        )

    def test_met(self, yongqiao: safetyregs.Profile) -> None:
        """A school-bus drill on 15 Oct: met; period 22 Mar–31 Dec, due 31 Dec."""
        got = rows(
            yongqiao,
            self.drills(D(2023, 10, 15)),
            D(2023, 1, 1),
            D(2024, 12, 31),
            D(2024, 1, 1),
            self.RULE,
        )
        assert got == [(self.RULE, SCHOOL_ID, FIRST_DAY, LAST_DAY, LAST_DAY, "met")]

    @pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY])
    def test_first_and_last_campaign_day(self, yongqiao: safetyregs.Profile, day: dt.date) -> None:
        """A drill on the campaign's first or last day counts."""
        got = rows(
            yongqiao, self.drills(day), D(2023, 12, 1), D(2023, 12, 31), D(2024, 1, 1), self.RULE
        )
        assert [r[-1] for r in got] == ["met"]

    def test_pending_and_violated(self, yongqiao: safetyregs.Profile) -> None:
        """No drill: pending as of 31 Dec 2023, violated as of 1 Jan 2024."""
        sf = self.drills()
        assert [
            r[-1] for r in rows(yongqiao, sf, D(2023, 12, 1), LAST_DAY, LAST_DAY, self.RULE)
        ] == ["pending"]
        assert [
            r[-1] for r in rows(yongqiao, sf, D(2023, 12, 1), LAST_DAY, D(2024, 1, 1), self.RULE)
        ] == ["violated"]

    def test_outside_the_campaign_or_other_kind(self, yongqiao: safetyregs.Profile) -> None:
        """Drills on 21 Mar 2023 and 1 Jan 2024, or a fire drill, are no campaign bus drill."""
        sf = school(
            uses_school_bus=True,
            drills=[
                Drill("d1", D(2023, 3, 21), kind=DrillKind.SCHOOL_BUS),
                Drill("d2", D(2024, 1, 1), kind=DrillKind.SCHOOL_BUS),
                Drill("d3", D(2023, 6, 1), kind=DrillKind.FIRE),
            ],
        )
        got = rows(yongqiao, sf, D(2023, 12, 1), D(2023, 12, 31), D(2024, 1, 2), self.RULE)
        assert [r[-1] for r in got] == ["violated"]

    def test_only_bus_schools_and_only_in_2023(self, yongqiao: safetyregs.Profile) -> None:
        """A school without buses owes nothing; neither does 2024 nor a range ending 30 Dec."""
        assert (
            rows(yongqiao, school(), D(2023, 1, 1), D(2023, 12, 31), D(2024, 1, 1), self.RULE) == []
        )
        sf = self.drills()
        assert rows(yongqiao, sf, D(2023, 1, 1), D(2023, 12, 30), D(2024, 1, 1), self.RULE) == []
        assert rows(yongqiao, sf, D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), self.RULE) == []


class TestAdditivity:
    def test_split_ranges_add_up(self, yongqiao: safetyregs.Profile) -> None:
        """Obligations of 2023 are those of Jan–Jun plus those of Jul–Dec, nothing twice."""
        sf = school(
            has_canteen=True,
            uses_school_bus=True,
            buses=[Bus("b1", "皖L12345", PROVIDER, video_alarm=False)],
        )
        as_of = D(2024, 1, 1)

        def keys(start: dt.date, end: dt.date) -> list[tuple[str, str, dt.date, dt.date]]:
            got = safetyregs.evaluate(sf, yongqiao, Period(start, end), as_of)
            return [(o.rule, o.subject, o.period.start, o.period.end) for o in got]

        whole = keys(D(2023, 1, 1), D(2023, 12, 31))
        halves = keys(D(2023, 1, 1), D(2023, 6, 30)) + keys(D(2023, 7, 1), D(2023, 12, 31))
        invariants = ("yongqiao.bus-agreement", "yongqiao.bus-video-alarm")
        assert sorted(k for k in whole if k[0] not in invariants) == sorted(
            k for k in halves if k[0] not in invariants
        )
        assert len([k for k in whole if k[0] == "yongqiao.self-inspection"]) == 30


class TestCli:
    def test_check_json(self, run_check: RunCheck) -> None:
        """`safetyregs check --format json` on a bus school with nothing done exits 1.

        The bus without an alarm and without an agreement fails 22 Mar–31 Dec;
        plans, meeting and the 30 self-inspection items fail on 31 Mar.
        """
        doc = {
            "school": {
                "id": SCHOOL_ID,
                "name": "埇桥区测试小学",
                "jurisdiction": "yongqiao",
                "levels": ["primary"],
                "uses_school_bus": True,
                "has_canteen": True,
            },
            "buses": [
                {"id": "b1", "plate": "皖L12345", "provider": PROVIDER, "video_alarm": False}
            ],
            "drills": [{"id": "d1", "date": "2023-05-10", "kind": "school_bus"}],
        }
        result = run_check(
            doc, "--from", "2023-01-01", "--to", "2024-06-30", "--as-of", "2024-07-01"
        )
        assert result.returncode == 1, result.stderr
        out = result.out
        assert (out["school"], out["profile"], out["as_of"]) == (
            SCHOOL_ID,
            "yongqiao",
            "2024-07-01",
        )
        found = {
            (v["rule"], v["subject"], v["period_start"], v["period_end"], v["due"])
            for v in out["violations"]
        }
        campaign = ("2023-03-22", "2023-12-31", "2023-12-31")
        march = ("2023-03-22", "2023-03-31", "2023-03-31")
        assert ("yongqiao.bus-video-alarm", "b1", *campaign) in found
        assert ("yongqiao.bus-agreement", "b1", *campaign) in found
        assert ("yongqiao.campaign-plan", SCHOOL_ID, *march) in found
        assert ("yongqiao.special-meeting", SCHOOL_ID, *march) in found
        assert ("yongqiao.rectification-plan", SCHOOL_ID, *march) in found
        items = {v["subject"] for v in out["violations"] if v["rule"] == "yongqiao.self-inspection"}
        assert items == set(ALWAYS + FOOD + BUS)
        assert not any(v["rule"] == "yongqiao.bus-evacuation-drill" for v in out["violations"])
        assert len(out["violations"]) == 2 + 3 + 30
