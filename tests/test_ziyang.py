"""The ziyang profile (资阳市, 《关于做好2020年学校安全工作的通知》) rule by rule.

Every expected date below is worked out by hand from the source document, the catalogue
in ``spec/regulations.md`` and the State Council holiday arrangements
(国务院办公厅关于2025年/2026年部分节假日安排的通知), never from the library's
calendar. The facts used:

* 2026 breaks: New Year 1–3 Jan (4 Jan, a Sunday, worked); Spring Festival
  15–23 Feb (Saturdays 14 and 28 Feb worked); Qingming 4–6 Apr; Labour Day
  1–5 May (9 May worked); Dragon Boat 19–21 Jun; Mid-Autumn 25–27 Sep (Fri–Sun);
  National Day 1–7 Oct (4 Oct is a plain Sunday inside it; Sunday 20 Sep and
  Saturday 10 Oct worked).
* Weekdays: 2025-11-09 Sunday, 2026-11-09 Monday, 2026-03-30 the last Monday of
  March, 2026-04-15 Wednesday, 2026-05-12 Tuesday, 2026-12-02 Wednesday,
  2020-03-30 Monday (the notice: "今年3月30日是第25个全国中小学生安全教育日").
* The example terms (conftest): 2025-09-01..2026-01-16, 2026-03-02..2026-07-10,
  2026-09-01..2027-01-22. July 2026 then holds 8 school days (1–3, 6–10 Jul).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

import pytest

import safetyregs
from safetyregs import (
    Activity,
    ChemicalEntry,
    Drill,
    Duty,
    Education,
    Hazard,
    HazardStep,
    Incident,
    InsurancePolicy,
    Meeting,
    Period,
    SchoolFile,
    StaffMember,
    Submission,
)
from safetyregs._i18n import render

D = dt.date.fromisoformat
T = dt.datetime.fromisoformat

ZIYANG = safetyregs.profiles.get("ziyang")
SCHOOL = "zy-001"
STAFF = (StaffMember("s1", "王校长", D("2010-09-01")), StaffMember("s2", "张主任", D("2015-09-01")))

Row = tuple[str, str, str, str, str]


def evaluate(sf: SchoolFile, start: str, end: str, as_of: str) -> tuple[Any, ...]:
    return safetyregs.evaluate(sf, ZIYANG, Period(D(start), D(end)), D(as_of))


def owed(sf: SchoolFile, rule: str, start: str, end: str, as_of: str) -> list[Row]:
    """(subject, period start, period end, due, status) of one rule's obligations."""
    return [
        (
            o.subject,
            o.period.start.isoformat(),
            o.period.end.isoformat(),
            o.due.isoformat(),
            o.status,
        )
        for o in evaluate(sf, start, end, as_of)
        if o.rule == rule
    ]


def details(sf: SchoolFile, rule: str, start: str, end: str, as_of: str) -> list[str]:
    """The English explanations of one rule's obligations."""
    return [render(o.detail, "en") for o in evaluate(sf, start, end, as_of) if o.rule == rule]


def drills(*days: str) -> tuple[Drill, ...]:
    return tuple(Drill(f"d{i}", D(day)) for i, day in enumerate(days, 1))


def meetings(*days: str, kind: str = "safety_review") -> tuple[Meeting, ...]:
    return tuple(Meeting(f"m{i}", D(day), kind) for i, day in enumerate(days, 1))


class TestCatalogue:
    """The profile as a whole against the ziyang table of regulations.md."""

    CLAUSES: ClassVar[dict[str, str]] = {
        "ziyang.safety-review-meeting": "三(一)1",
        "ziyang.evacuation-drill-monthly": "三(四)4",
        "ziyang.evacuation-drill-quarterly": "三(四)4",
        "ziyang.incident-phone-report": "三(六)1",
        "ziyang.incident-written-report": "三(六)1",
        "ziyang.drowning-report-receipt": "三(五)1",
        "ziyang.drowning-letter": "三(五)1",
        "ziyang.outing-approval": "三(五)7",
        "ziyang.outing-no-open-fire": "三(五)7",
        "ziyang.traffic-survey": "三(五)2",
        "ziyang.themed-education-days": "三(四)3",
        "ziyang.liability-insurance": "三(一)6",
        "ziyang.holiday-duty": "三(六)2",
        "ziyang.hazard-closed-loop": "三(一)3",
        "ziyang.hazmat-ledger": "三(五)4",
    }

    def test_rule_ids_are_exactly_the_catalogue(self) -> None:
        """The profile holds the 15 rules of the catalogue, no more, no fewer."""
        assert sorted(r.id for r in ZIYANG.rules) == sorted(self.CLAUSES)

    def test_every_rule_cites_its_clause_of_the_document(self) -> None:
        """Each rule cites the document and the clause printed in the catalogue."""
        cited = {r.id: (r.source.document, r.source.clause) for r in ZIYANG.rules}
        expected = {k: ("000_1bf6369ba2494725.txt", v) for k, v in self.CLAUSES.items()}
        assert cited == expected

    def test_effective_from_publication(self) -> None:
        """The notice is dated and effective 2020-04-02, with no end."""
        assert (ZIYANG.effective_from, ZIYANG.effective_until) == (D("2020-04-02"), None)

    def test_nothing_falls_due_before_effective_date(self, make_school: Any) -> None:
        """From 1 Jan to 1 Apr 2020 no rule applies, even to a school with no records."""
        sf = make_school(levels=("kindergarten", "primary"), terms=(), has_laboratory=True)
        assert evaluate(sf, "2020-01-01", "2020-04-01", "2021-01-01") == ()


class TestSafetyReviewMeeting:
    """ziyang.safety-review-meeting: ≥1 safety_review meeting every calendar month."""

    RULE = "ziyang.safety-review-meeting"

    def test_meeting_in_month_is_met(self, make_school: Any) -> None:
        """A safety review on 3 Nov meets November (period 1–30 Nov, due 30 Nov)."""
        sf = make_school(meetings=meetings("2026-11-03"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "met")
        ]

    def test_pending_on_due_day(self, make_school: Any) -> None:
        """Without a meeting, November is pending as of 30 Nov itself."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-11-30") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "pending")
        ]

    def test_violated_day_after_due(self, make_school: Any) -> None:
        """Without a meeting, November is violated as of 1 Dec."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "violated")
        ]

    def test_owed_in_august_outside_term(self, make_school: Any) -> None:
        """The rule holds term or not: August 2026 (no school day) owes a meeting."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-08-01", "2026-08-31", "2026-09-01") == [
            (SCHOOL, "2026-08-01", "2026-08-31", "2026-08-31", "violated")
        ]

    def test_first_of_next_month_does_not_repair(self, make_school: Any) -> None:
        """A meeting on 1 Dec meets December, not November."""
        sf = make_school(meetings=meetings("2026-12-01"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-12-31", "2027-01-01") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "violated"),
            (SCHOOL, "2026-12-01", "2026-12-31", "2026-12-31", "met"),
        ]

    def test_other_meeting_kinds_do_not_count(self, make_school: Any) -> None:
        """A hazard-analysis meeting is not a safety review."""
        sf = make_school(meetings=meetings("2026-11-03", kind="hazard_analysis"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01")[0][4] == "violated"

    def test_future_dated_meeting_counts(self, make_school: Any) -> None:
        """A meeting dated 20 Nov counts as of 10 Nov: as_of never hides a record."""
        sf = make_school(meetings=meetings("2026-11-20"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-11-10")[0][4] == "met"

    def test_first_month_straddles_effective_date(self, make_school: Any) -> None:
        """April 2020 is due on 30 Apr, inside the effective span: owed; March 2020 is not."""
        sf = make_school(terms=())
        assert owed(sf, self.RULE, "2020-03-01", "2020-04-30", "2020-05-01") == [
            (SCHOOL, "2020-04-01", "2020-04-30", "2020-04-30", "violated")
        ]


class TestEvacuationDrillMonthly:
    """ziyang.evacuation-drill-monthly: ≥1 drill in every calendar month in session."""

    RULE = "ziyang.evacuation-drill-monthly"

    def test_drill_in_month_is_met(self, make_school: Any) -> None:
        """A drill on 12 Nov meets November, due 30 Nov."""
        sf = make_school(drills=drills("2026-11-12"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "met")
        ]

    def test_pending_on_due_day_violated_after(self, make_school: Any) -> None:
        """No drill: pending as of 30 Nov, violated as of 1 Dec."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-11-30")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01")[0][4] == "violated"

    def test_drill_on_last_day_meets_month(self, make_school: Any) -> None:
        """A drill on 30 Nov (the due day) meets November."""
        sf = make_school(drills=drills("2026-11-30"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01")[0][4] == "met"

    def test_drill_on_first_of_december_does_not_repair_november(self, make_school: Any) -> None:
        """A drill on 1 Dec meets December; November stays violated."""
        sf = make_school(drills=drills("2026-12-01"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-12-31", "2027-01-01") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "violated"),
            (SCHOOL, "2026-12-01", "2026-12-31", "2026-12-31", "met"),
        ]

    def test_any_drill_kind_counts(self, make_school: Any) -> None:
        """A partial school-bus drill is a drill for this rule."""
        sf = make_school(drills=(Drill("d1", D("2026-11-12"), "school_bus", "partial"),))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01")[0][4] == "met"

    def test_august_owes_nothing(self, make_school: Any) -> None:
        """August 2026 lies between terms: no school day, no obligation."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-08-01", "2026-08-31", "2026-09-01") == []

    def test_july_with_eight_school_days_owes_nothing(self, make_school: Any) -> None:
        """Term ends Fri 10 Jul: July holds 8 school days (< 10), so it is not in session."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-08-01") == []

    def test_thin_february_owes_nothing(self, make_school: Any) -> None:
        """Spring term from Tue 24 Feb 2026: 24–27 Feb and working Sat 28 Feb = 5 days."""
        sf = make_school(terms=(("2026-02-24", "2026-07-10"),))
        assert owed(sf, self.RULE, "2026-02-01", "2026-02-28", "2026-03-01") == []

    def test_february_with_exactly_ten_school_days_is_in_session(self, make_school: Any) -> None:
        """From 10 Feb: 10–13, working Sat 14, then after the break 24–28 Feb = 10 days."""
        sf = make_school(terms=(("2026-02-10", "2026-07-10"),))
        assert owed(sf, self.RULE, "2026-02-01", "2026-02-28", "2026-03-01") == [
            (SCHOOL, "2026-02-01", "2026-02-28", "2026-02-28", "violated")
        ]

    def test_february_with_nine_school_days_is_not(self, make_school: Any) -> None:
        """From 11 Feb the same count is 9: one school day short of session."""
        sf = make_school(terms=(("2026-02-11", "2026-07-10"),))
        assert owed(sf, self.RULE, "2026-02-01", "2026-02-28", "2026-03-01") == []

    def test_default_calendar(self, make_school: Any) -> None:
        """No terms given: default autumn to 20 Jan, spring from 20 Feb.

        January 2026: 4 Jan (worked Sunday), 5–9, 12–16, 19–20 = 13 school days, in
        session; February: 20 Feb is a rest day, 24–28 Feb = 5 days, not in session.
        """
        sf = make_school(terms=())
        assert owed(sf, self.RULE, "2026-01-01", "2026-02-28", "2026-03-01") == [
            (SCHOOL, "2026-01-01", "2026-01-31", "2026-01-31", "violated")
        ]

    def test_kindergarten_only_school_owes_no_monthly_drill(self, make_school: Any) -> None:
        """The monthly drill binds 中小学, not a kindergarten."""
        sf = make_school(levels=("kindergarten",))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == []

    @pytest.mark.parametrize("level", ["junior_secondary", "senior_secondary", "vocational"])
    def test_secondary_and_vocational_schools_owe(self, make_school: Any, level: str) -> None:
        """Secondary and vocational schools owe the monthly drill too."""
        sf = make_school(levels=(level,))
        assert len(owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01")) == 1


class TestEvacuationDrillQuarterly:
    """ziyang.evacuation-drill-quarterly: kindergartens, ≥1 drill per quarter in session."""

    RULE = "ziyang.evacuation-drill-quarterly"

    def test_drill_on_last_day_of_quarter_is_met(self, make_school: Any) -> None:
        """A drill on 31 Dec meets Q4 (1 Oct – 31 Dec, due 31 Dec)."""
        sf = make_school(levels=("kindergarten",), drills=drills("2026-12-31"))
        assert owed(sf, self.RULE, "2026-10-01", "2026-12-31", "2027-01-01") == [
            (SCHOOL, "2026-10-01", "2026-12-31", "2026-12-31", "met")
        ]

    def test_pending_on_due_day_violated_after(self, make_school: Any) -> None:
        """No drill: pending as of 31 Dec, violated as of 1 Jan."""
        sf = make_school(levels=("kindergarten",))
        assert owed(sf, self.RULE, "2026-10-01", "2026-12-31", "2026-12-31")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-10-01", "2026-12-31", "2027-01-01")[0][4] == "violated"

    def test_january_drill_does_not_repair_q4(self, make_school: Any) -> None:
        """A drill on 4 Jan 2027 belongs to Q1 2027."""
        sf = make_school(levels=("kindergarten",), drills=drills("2027-01-04"))
        assert owed(sf, self.RULE, "2026-12-01", "2026-12-31", "2027-01-05")[0][4] == "violated"

    def test_quarter_belongs_to_its_last_month(self, make_school: Any) -> None:
        """Asking for November returns no quarter: Q4 falls due on 31 Dec."""
        sf = make_school(levels=("kindergarten",))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == []

    def test_quarter_with_three_school_days_owes_nothing(self, make_school: Any) -> None:
        """Terms to Fri 3 Jul and from 8 Oct: Q3 2026 holds 1–3 Jul only (3 school days)."""
        sf = make_school(
            levels=("kindergarten",),
            terms=(("2026-03-02", "2026-07-03"), ("2026-10-08", "2027-01-22")),
        )
        assert owed(sf, self.RULE, "2026-07-01", "2026-09-30", "2026-10-01") == []

    def test_primary_only_school_owes_no_quarterly_drill(self, make_school: Any) -> None:
        """A primary school owes monthly drills, not the kindergarten's quarterly one."""
        sf = make_school(levels=("primary",))
        assert owed(sf, self.RULE, "2026-10-01", "2026-12-31", "2027-01-01") == []

    def test_mixed_school_owes_both(self, make_school: Any) -> None:
        """A school with a kindergarten and a primary section owes both drill rules."""
        sf = make_school(levels=("kindergarten", "primary"), drills=drills("2026-12-10"))
        found = {o.rule for o in evaluate(sf, "2026-12-01", "2026-12-31", "2027-01-01")}
        assert {self.RULE, "ziyang.evacuation-drill-monthly"} <= found


def incident(**kw: Any) -> Incident:
    base: dict[str, Any] = {"id": "i1", "occurred_at": T("2026-10-14T15:10:00"), "kind": "injury"}
    base.update(kw)
    return Incident(**base)


class TestIncidentPhoneReport:
    """ziyang.incident-phone-report: phone report within 30 minutes of the clock start."""

    RULE = "ziyang.incident-phone-report"

    def test_exactly_thirty_minutes_is_met(self, make_school: Any) -> None:
        """Occurred 15:10, phoned 15:40: met; due 15:40 CST, period the day itself."""
        sf = make_school(incidents=(incident(phone_reported_at=T("2026-10-14T15:40:00")),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("i1", "2026-10-14", "2026-10-14", "2026-10-14T15:40:00+08:00", "met")
        ]

    def test_one_minute_late_is_violated_with_late_time(self, make_school: Any) -> None:
        """Phoned 15:41: violated, and the detail names the late moment."""
        sf = make_school(incidents=(incident(phone_reported_at=T("2026-10-14T15:41:00")),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-15")[0][4] == "violated"
        assert "15:41" in details(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-15")[0]

    def test_unreported_pending_on_due_day_violated_after(self, make_school: Any) -> None:
        """No phone report: pending as of 14 Oct (the due day), violated as of 15 Oct."""
        sf = make_school(incidents=(incident(),))
        assert owed(sf, self.RULE, "2026-10-14", "2026-10-14", "2026-10-14")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-10-14", "2026-10-14", "2026-10-15")[0][4] == "violated"

    def test_deadline_across_midnight_belongs_to_next_day(self, make_school: Any) -> None:
        """Occurred 31 Oct 23:50: due 1 Nov 00:20, so it is November's, not October's."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-31T23:50:00"),
                    phone_reported_at=T("2026-11-01T00:15:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-12-01") == []
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == [
            ("i1", "2026-10-31", "2026-11-01", "2026-11-01T00:20:00+08:00", "met")
        ]

    def test_known_at_moves_the_clock(self, make_school: Any) -> None:
        """Occurred 10:00, known 11:00, phoned 11:25: due 11:30, met."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-14T10:00:00"),
                    known_at=T("2026-10-14T11:00:00"),
                    phone_reported_at=T("2026-10-14T11:25:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("i1", "2026-10-14", "2026-10-14", "2026-10-14T11:30:00+08:00", "met")
        ]

    def test_report_before_the_clock_starts_is_on_time(self, make_school: Any) -> None:
        """Occurred 10:00, known 11:00, phoned 10:40: met (the catalogue bounds only the end)."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-14T10:00:00"),
                    known_at=T("2026-10-14T11:00:00"),
                    phone_reported_at=T("2026-10-14T10:40:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("i1", "2026-10-14", "2026-10-14", "2026-10-14T11:30:00+08:00", "met")
        ]

    def test_aware_times_are_read_in_china_standard_time(self, make_school: Any) -> None:
        """07:10 UTC is 15:10 CST: a naive 15:40 phone report is on time."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-14T07:10:00+00:00"),
                    phone_reported_at=T("2026-10-14T15:40:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")[0][4] == "met"


class TestIncidentWrittenReport:
    """ziyang.incident-written-report: written report within 60 minutes."""

    RULE = "ziyang.incident-written-report"

    def test_exactly_one_hour_is_met(self, make_school: Any) -> None:
        """Occurred 15:10, written 16:10: met, due 16:10."""
        sf = make_school(incidents=(incident(written_reported_at=T("2026-10-14T16:10:00")),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("i1", "2026-10-14", "2026-10-14", "2026-10-14T16:10:00+08:00", "met")
        ]

    def test_one_minute_late_is_violated(self, make_school: Any) -> None:
        """Written 16:11: violated as of the next day, the detail naming 16:11."""
        sf = make_school(incidents=(incident(written_reported_at=T("2026-10-14T16:11:00")),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-15")[0][4] == "violated"
        assert "16:11" in details(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-15")[0]

    def test_unreported_is_pending_then_violated(self, make_school: Any) -> None:
        """No written report: pending as of the due day, violated the day after."""
        sf = make_school(incidents=(incident(),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-14")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-15")[0][4] == "violated"

    def test_known_at_moves_the_clock(self, make_school: Any) -> None:
        """Occurred 23:00, known 23:30: written due 00:30 next day, in the next day's range."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-31T23:00:00"),
                    known_at=T("2026-10-31T23:30:00"),
                    written_reported_at=T("2026-11-01T00:30:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-01", "2026-11-02") == [
            ("i1", "2026-10-31", "2026-11-01", "2026-11-01T00:30:00+08:00", "met")
        ]

    def test_report_the_day_before_the_clock_starts_is_on_time(self, make_school: Any) -> None:
        """Occurred 23:50 on 14 Oct, known 00:10 on 15 Oct, written 23:55 on 14 Oct: met."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-14T23:50:00"),
                    known_at=T("2026-10-15T00:10:00"),
                    written_reported_at=T("2026-10-14T23:55:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("i1", "2026-10-15", "2026-10-15", "2026-10-15T01:10:00+08:00", "met")
        ]

    def test_report_before_the_clock_starts_is_on_time(self, make_school: Any) -> None:
        """Occurred 10:00, known 11:00, written 10:50: met, due 12:00 (bounded only above)."""
        sf = make_school(
            incidents=(
                incident(
                    occurred_at=T("2026-10-14T10:00:00"),
                    known_at=T("2026-10-14T11:00:00"),
                    written_reported_at=T("2026-10-14T10:50:00"),
                ),
            )
        )
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("i1", "2026-10-14", "2026-10-14", "2026-10-14T12:00:00+08:00", "met")
        ]


class TestDrowningReportReceipt:
    """ziyang.drowning-report-receipt: drowning deaths need the parents' signed receipt."""

    RULE = "ziyang.drowning-report-receipt"

    def drowning(self, **kw: Any) -> Incident:
        return incident(kind="drowning", deaths=1, occurred_at=T("2026-07-20T14:00:00"), **kw)

    def test_receipt_attached_is_met(self, make_school: Any) -> None:
        """A drowning death with the receipt: met, due with the written report (15:00)."""
        sf = make_school(incidents=(self.drowning(letter_receipt_attached=True),))
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-08-01") == [
            ("i1", "2026-07-20", "2026-07-20", "2026-07-20T15:00:00+08:00", "met")
        ]

    def test_missing_receipt_pending_then_violated(self, make_school: Any) -> None:
        """Without the receipt: pending as of 20 Jul, violated as of 21 Jul."""
        sf = make_school(incidents=(self.drowning(),))
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-07-20")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-07-21")[0][4] == "violated"

    def test_drowning_without_deaths_owes_no_receipt(self, make_school: Any) -> None:
        """A drowning incident with no death is no 溺亡: no obligation."""
        sf = make_school(incidents=(incident(kind="drowning", deaths=0),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == []

    def test_other_deaths_owe_no_receipt(self, make_school: Any) -> None:
        """A fatal injury that is not a drowning owes no drowning receipt."""
        sf = make_school(incidents=(incident(kind="injury", deaths=1),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == []

    def test_two_deaths_owe_a_receipt(self, make_school: Any) -> None:
        """deaths ≥ 1, so two deaths owe the receipt as well."""
        sf = make_school(incidents=(incident(kind="drowning", deaths=2),))
        assert len(owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")) == 1


def submissions(kind: str, *days: str) -> tuple[Submission, ...]:
    return tuple(Submission(f"r{i}", kind, D(day)) for i, day in enumerate(days, 1))


class TestDrowningLetter:
    """ziyang.drowning-letter: the letter to parents once in every spring term."""

    RULE = "ziyang.drowning-letter"

    def test_letter_in_spring_term_is_met(self, make_school: Any) -> None:
        """A letter on 20 Jun meets the spring term 2 Mar – 10 Jul, due 10 Jul."""
        sf = make_school(submissions=submissions("drowning_letter", "2026-06-20"))
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-08-01") == [
            (SCHOOL, "2026-03-02", "2026-07-10", "2026-07-10", "met")
        ]

    def test_no_letter_pending_then_violated(self, make_school: Any) -> None:
        """No letter: pending as of 10 Jul, violated as of 11 Jul."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-07-10")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-07-11")[0][4] == "violated"

    def test_letter_outside_spring_term_does_not_count(self, make_school: Any) -> None:
        """Letters on 1 Feb (winter vacation) and 11 Jul (after term) do not count."""
        sf = make_school(submissions=submissions("drowning_letter", "2026-02-01", "2026-07-11"))
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-08-01")[0][4] == "violated"

    def test_autumn_term_owes_nothing(self, make_school: Any) -> None:
        """The autumn term (due 22 Jan 2027) owes no letter."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-08-01", "2027-01-31", "2027-02-01") == []

    def test_default_spring_term(self, make_school: Any) -> None:
        """No terms given: the default spring term 20 Feb – 10 Jul."""
        sf = make_school(terms=(), submissions=submissions("drowning_letter", "2026-02-20"))
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == [
            (SCHOOL, "2026-02-20", "2026-07-10", "2026-07-10", "met")
        ]

    @pytest.mark.parametrize("level", ["kindergarten", "vocational"])
    def test_only_primary_and_secondary(self, make_school: Any, level: str) -> None:
        """中小学生: kindergartens and vocational schools owe no letter."""
        sf = make_school(levels=(level,))
        assert owed(sf, self.RULE, "2026-07-01", "2026-07-31", "2026-08-01") == []


def outing(day: str, **kw: Any) -> Activity:
    base: dict[str, Any] = {"id": "a1", "date": D(day), "kind": "outing"}
    base.update(kw)
    return Activity(**base)


class TestOutingApproval:
    """ziyang.outing-approval: outings 1 Jan – 31 May need approval on or before the day."""

    RULE = "ziyang.outing-approval"

    def test_approved_beforehand_owes_nothing(self, make_school: Any) -> None:
        """Approved 10 Apr for 18 Apr: no offending record, no obligation."""
        sf = make_school(activities=(outing("2026-04-18", approved_on=D("2026-04-10")),))
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == []

    def test_approval_on_the_day_is_fine(self, make_school: Any) -> None:
        """Approved the morning of the outing: ≤ the activity date, fine."""
        sf = make_school(activities=(outing("2026-04-18", approved_on=D("2026-04-18")),))
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == []

    def test_approval_after_the_day_is_violated(self, make_school: Any) -> None:
        """Approved a day late: violated, due on the outing day."""
        sf = make_school(activities=(outing("2026-04-18", approved_on=D("2026-04-19")),))
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-30", "2026-05-01") == [
            ("a1", "2026-04-18", "2026-04-18", "2026-04-18", "violated")
        ]

    @pytest.mark.parametrize("day", ["2026-01-01", "2026-05-31"])
    def test_first_and_last_day_of_fire_season(self, make_school: Any, day: str) -> None:
        """1 Jan and 31 May are inside 森林防火期间: an unapproved outing violates."""
        sf = make_school(activities=(outing(day),))
        assert owed(sf, self.RULE, day, day, "2026-06-02") == [("a1", day, day, day, "violated")]

    @pytest.mark.parametrize("day", ["2026-06-01", "2025-12-31"])
    def test_outside_fire_season_owes_nothing(self, make_school: Any, day: str) -> None:
        """1 Jun and 31 Dec are outside the window: no approval needed."""
        sf = make_school(activities=(outing(day),))
        assert owed(sf, self.RULE, "2025-12-01", "2026-06-30", "2026-07-01") == []

    def test_planned_outing_without_approval_is_pending(self, make_school: Any) -> None:
        """An outing on 10 May, not yet approved, is pending as of 1 May."""
        sf = make_school(activities=(outing("2026-05-10"),))
        assert owed(sf, self.RULE, "2026-05-01", "2026-05-31", "2026-05-01") == [
            ("a1", "2026-05-10", "2026-05-10", "2026-05-10", "pending")
        ]

    def test_two_outings_on_one_day_are_two_obligations(self, make_school: Any) -> None:
        """Each offending outing is its own subject: two on 18 Apr give two keys."""
        sf = make_school(
            activities=(
                Activity("a1", D("2026-04-18"), "outing"),
                Activity("a2", D("2026-04-18"), "outing"),
            )
        )
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-30", "2026-05-01") == [
            ("a1", "2026-04-18", "2026-04-18", "2026-04-18", "violated"),
            ("a2", "2026-04-18", "2026-04-18", "2026-04-18", "violated"),
        ]

    def test_other_activities_need_no_approval(self, make_school: Any) -> None:
        """The approval clause names outings (郊游); a camp without approval owes nothing here."""
        sf = make_school(activities=(outing("2026-04-18", kind="camp"),))
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-30", "2026-05-01") == []


class TestOutingNoOpenFire:
    """ziyang.outing-no-open-fire: no open fire on activities 1 Jan – 31 May."""

    RULE = "ziyang.outing-no-open-fire"

    def test_no_fire_owes_nothing(self, make_school: Any) -> None:
        """An approved outing without open fire produces no obligation."""
        sf = make_school(activities=(outing("2026-04-18", approved_on=D("2026-04-01")),))
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == []

    def test_barbecue_in_fire_season_is_violated(self, make_school: Any) -> None:
        """An approved outing with a barbecue on 18 Apr violates on that day."""
        sf = make_school(
            activities=(outing("2026-04-18", approved_on=D("2026-04-01"), open_fire=True),)
        )
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-30", "2026-05-01") == [
            ("a1", "2026-04-18", "2026-04-18", "2026-04-18", "violated")
        ]

    def test_any_activity_kind(self, make_school: Any) -> None:
        """The ban covers every 野外活动, a camp as well as an outing."""
        sf = make_school(activities=(outing("2026-05-31", kind="camp", open_fire=True),))
        assert owed(sf, self.RULE, "2026-05-01", "2026-05-31", "2026-06-01")[0][4] == "violated"

    def test_first_of_june_is_outside(self, make_school: Any) -> None:
        """Open fire on 1 Jun is outside the fire-prevention window."""
        sf = make_school(activities=(outing("2026-06-01", open_fire=True),))
        assert owed(sf, self.RULE, "2026-06-01", "2026-06-30", "2026-07-01") == []

    def test_first_of_january_is_inside(self, make_school: Any) -> None:
        """Open fire on 1 Jan is inside the window."""
        sf = make_school(
            activities=(outing("2026-01-01", approved_on=D("2025-12-20"), open_fire=True),)
        )
        assert owed(sf, self.RULE, "2026-01-01", "2026-01-31", "2026-02-01")[0][4] == "violated"

    def test_planned_fire_is_pending(self, make_school: Any) -> None:
        """A barbecue planned for 10 May is pending as of 1 May: it can still be cancelled."""
        sf = make_school(activities=(outing("2026-05-10", open_fire=True),))
        assert owed(sf, self.RULE, "2026-05-01", "2026-05-31", "2026-05-01")[0][4] == "pending"


class TestTrafficSurvey:
    """ziyang.traffic-survey: survey within one calendar month of each term start."""

    RULE = "ziyang.traffic-survey"

    def test_survey_on_last_allowed_day_is_met(self, make_school: Any) -> None:
        """Term from 1 Sep: due 1 Oct; a survey on 1 Oct is in time."""
        sf = make_school(submissions=submissions("traffic_survey", "2026-10-01"))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            (SCHOOL, "2026-09-01", "2026-10-01", "2026-10-01", "met")
        ]

    def test_survey_a_day_late_is_violated(self, make_school: Any) -> None:
        """A survey on 2 Oct is late: violated."""
        sf = make_school(submissions=submissions("traffic_survey", "2026-10-02"))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")[0][4] == "violated"

    def test_late_survey_date_in_detail(self, make_school: Any) -> None:
        """Deadline rules report the late date in the violation's detail (semantics.md)."""
        sf = make_school(submissions=submissions("traffic_survey", "2026-10-02"))
        assert "2026-10-02" in details(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")[0]

    def test_survey_before_term_start_does_not_count(self, make_school: Any) -> None:
        """A survey on 31 Aug precedes the term: it does not meet the autumn obligation."""
        sf = make_school(submissions=submissions("traffic_survey", "2026-08-31"))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")[0][4] == "violated"

    def test_pending_until_due_day(self, make_school: Any) -> None:
        """No survey: pending as of 1 Oct, violated as of 2 Oct."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-01", "2026-10-01")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-01", "2026-10-02")[0][4] == "violated"

    def test_belongs_to_the_month_of_its_due_date(self, make_school: Any) -> None:
        """The autumn survey is due 1 Oct: September owes none of it."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-09-01", "2026-09-30", "2026-10-01") == []

    def test_spring_term(self, make_school: Any) -> None:
        """Spring term from 2 Mar: due 2 Apr."""
        sf = make_school(submissions=submissions("traffic_survey", "2026-03-20"))
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-30", "2026-05-01") == [
            (SCHOOL, "2026-03-02", "2026-04-02", "2026-04-02", "met")
        ]

    def test_month_end_clamps(self, make_school: Any) -> None:
        """A term from 31 Mar: one calendar month later is 30 Apr (April has no 31st)."""
        sf = make_school(terms=(("2026-03-31", "2026-07-10"),))
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-30", "2026-05-01") == [
            (SCHOOL, "2026-03-31", "2026-04-30", "2026-04-30", "violated")
        ]

    def test_kindergarten_owes_no_survey(self, make_school: Any) -> None:
        """The clause binds primary and secondary schools."""
        sf = make_school(levels=("kindergarten",))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == []


def lessons(theme: str, *days: str) -> tuple[Education, ...]:
    return tuple(
        Education(f"e{i}", D(day), "activity", theme, 40, Decimal(1))
        for i, day in enumerate(days, 1)
    )


class TestThemedEducationDays:
    """ziyang.themed-education-days: one themed activity in each themed day's week."""

    RULE = "ziyang.themed-education-days"

    def test_all_five_days_of_2026(self, make_school: Any) -> None:
        """2026: weeks of 30 Mar (→5 Apr), 15 Apr (→19 Apr), 12 May (→17 May),
        9 Nov (→15 Nov) and 2 Dec (→6 Dec), the subject being the theme."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == [
            ("school_safety_day", "2026-03-30", "2026-04-05", "2026-04-05", "violated"),
            ("national_security", "2026-04-13", "2026-04-19", "2026-04-19", "violated"),
            ("disaster_prevention", "2026-05-11", "2026-05-17", "2026-05-17", "violated"),
            ("fire_safety", "2026-11-09", "2026-11-15", "2026-11-15", "violated"),
            ("traffic_safety", "2026-11-30", "2026-12-06", "2026-12-06", "violated"),
        ]

    def test_fire_day_on_a_sunday(self, make_school: Any) -> None:
        """9 Nov 2025 is a Sunday: week 3–9 Nov, due that Sunday; a lesson on Mon 3 Nov counts."""
        sf = make_school(education=lessons("fire_safety", "2025-11-03"))
        assert owed(sf, self.RULE, "2025-11-01", "2025-11-30", "2025-12-01") == [
            ("fire_safety", "2025-11-03", "2025-11-09", "2025-11-09", "met")
        ]

    def test_fire_day_on_a_monday(self, make_school: Any) -> None:
        """9 Nov 2026 is a Monday: week 9–15 Nov; Sunday 8 Nov is the week before."""
        sf = make_school(education=lessons("fire_safety", "2026-11-08"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == [
            ("fire_safety", "2026-11-09", "2026-11-15", "2026-11-15", "violated")
        ]

    def test_lesson_on_the_sunday_counts(self, make_school: Any) -> None:
        """A lesson on Sunday 15 Nov 2026, the due day, meets the fire-safety week."""
        sf = make_school(education=lessons("fire_safety", "2026-11-15"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01")[0][4] == "met"

    def test_last_monday_of_march_belongs_to_april(self, make_school: Any) -> None:
        """30 Mar 2026's week ends 5 Apr: March owes nothing of it, April does."""
        sf = make_school(education=lessons("school_safety_day", "2026-03-30"))
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []
        assert owed(sf, self.RULE, "2026-04-01", "2026-04-05", "2026-04-06") == [
            ("school_safety_day", "2026-03-30", "2026-04-05", "2026-04-05", "met")
        ]

    def test_wrong_theme_does_not_count(self, make_school: Any) -> None:
        """A traffic-safety lesson in fire-safety week does not meet the fire-safety day."""
        sf = make_school(education=lessons("traffic_safety", "2026-11-10"))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-15", "2026-12-01") == [
            ("fire_safety", "2026-11-09", "2026-11-15", "2026-11-15", "violated")
        ]

    def test_traffic_week_straddles_months(self, make_school: Any) -> None:
        """2 Dec 2026's week starts Mon 30 Nov; a lesson that day counts, due 6 Dec."""
        sf = make_school(education=lessons("traffic_safety", "2026-11-30"))
        assert owed(sf, self.RULE, "2026-12-01", "2026-12-31", "2027-01-01") == [
            ("traffic_safety", "2026-11-30", "2026-12-06", "2026-12-06", "met")
        ]

    def test_pending_until_sunday(self, make_school: Any) -> None:
        """Without a lesson the fire-safety week is pending through Sun 15 Nov."""
        sf = make_school()
        assert owed(sf, self.RULE, "2026-11-15", "2026-11-15", "2026-11-15")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-11-15", "2026-11-15", "2026-11-16")[0][4] == "violated"

    def test_first_safety_day_after_publication(self, make_school: Any) -> None:
        """The notice's 30 Mar 2020 week ends Sun 5 Apr, after the 2 Apr effective date: owed."""
        sf = make_school(terms=(), education=lessons("school_safety_day", "2020-03-30"))
        assert owed(sf, self.RULE, "2020-03-01", "2020-04-30", "2020-05-01") == [
            ("school_safety_day", "2020-03-30", "2020-04-05", "2020-04-05", "met"),
            ("national_security", "2020-04-13", "2020-04-19", "2020-04-19", "violated"),
        ]


def policy(
    pid: str, start: str, end: str | None, kind: str = "school_liability"
) -> InsurancePolicy:
    return InsurancePolicy(pid, kind, D(start), D(end) if end else None)


class TestLiabilityInsurance:
    """ziyang.liability-insurance: a school_liability policy in force every day."""

    RULE = "ziyang.liability-insurance"

    def test_adjacent_policies_leave_no_gap(self, make_school: Any) -> None:
        """Policies to 31 Aug and from 1 Sep cover every day of 2026."""
        sf = make_school(
            insurance=(
                policy("p1", "2025-09-01", "2026-08-31"),
                policy("p2", "2026-09-01", "2027-08-31"),
            )
        )
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == []

    def test_gap_is_one_violated_run(self, make_school: Any) -> None:
        """Next policy only from 11 Sep: the run 1–10 Sep is violated, due 10 Sep."""
        sf = make_school(
            insurance=(
                policy("p1", "2025-09-01", "2026-08-31"),
                policy("p2", "2026-09-11", "2027-08-31"),
            )
        )
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == [
            (SCHOOL, "2026-09-01", "2026-09-10", "2026-09-10", "violated")
        ]

    def test_run_split_at_as_of(self, make_school: Any) -> None:
        """As of 5 Sep, days 1–4 Sep are over (violated) and 5–10 Sep still pending."""
        sf = make_school(
            insurance=(
                policy("p1", "2025-09-01", "2026-08-31"),
                policy("p2", "2026-09-11", "2027-08-31"),
            )
        )
        assert owed(sf, self.RULE, "2026-09-01", "2026-09-30", "2026-09-05") == [
            (SCHOOL, "2026-09-01", "2026-09-04", "2026-09-04", "violated"),
            (SCHOOL, "2026-09-05", "2026-09-10", "2026-09-10", "pending"),
        ]

    def test_run_clipped_to_asked_range(self, make_school: Any) -> None:
        """Asking from 3 Sep clips the run to 3–10 Sep."""
        sf = make_school(
            insurance=(
                policy("p1", "2025-09-01", "2026-08-31"),
                policy("p2", "2026-09-11", "2027-08-31"),
            )
        )
        assert owed(sf, self.RULE, "2026-09-03", "2026-09-30", "2026-10-01") == [
            (SCHOOL, "2026-09-03", "2026-09-10", "2026-09-10", "violated")
        ]

    def test_future_run_is_pending(self, make_school: Any) -> None:
        """As of 1 Aug the coming gap 1–10 Sep is wholly pending."""
        sf = make_school(
            insurance=(
                policy("p1", "2025-09-01", "2026-08-31"),
                policy("p2", "2026-09-11", "2027-08-31"),
            )
        )
        assert owed(sf, self.RULE, "2026-09-01", "2026-09-30", "2026-08-01") == [
            (SCHOOL, "2026-09-01", "2026-09-10", "2026-09-10", "pending")
        ]

    def test_other_insurance_does_not_count(self, make_school: Any) -> None:
        """Student-accident insurance is not 校方责任险: all of November fails."""
        sf = make_school(insurance=(policy("p1", "2026-01-01", None, "student_accident"),))
        assert owed(sf, self.RULE, "2026-11-01", "2026-11-30", "2026-12-01") == [
            (SCHOOL, "2026-11-01", "2026-11-30", "2026-11-30", "violated")
        ]

    def test_open_ended_policy_covers_forever(self, make_school: Any) -> None:
        """A policy with no end covers every later day."""
        sf = make_school(insurance=(policy("p1", "2020-04-02", None),))
        assert owed(sf, self.RULE, "2020-01-01", "2030-12-31", "2031-01-01") == []

    def test_days_before_effective_date_are_not_owed(self, make_school: Any) -> None:
        """Uninsured since ever, a run asked from 1 Jan 2020 starts on 2 Apr 2020."""
        sf = make_school()
        assert owed(sf, self.RULE, "2020-01-01", "2020-04-30", "2020-05-01") == [
            (SCHOOL, "2020-04-02", "2020-04-30", "2020-04-30", "violated")
        ]


def duty(*days: str, leader: bool = True) -> tuple[Duty, ...]:
    return tuple(Duty(f"du{i}", D(day), "s1", leader) for i, day in enumerate(days, 1))


NATIONAL_DAY_2026 = [f"2026-10-0{n}" for n in range(1, 8)]


class TestHolidayDuty:
    """ziyang.holiday-duty: a leader on duty every day of every holiday break."""

    RULE = "ziyang.holiday-duty"

    def test_national_day_break_includes_plain_sunday(self, make_school: Any) -> None:
        """1–7 Oct 2026 is one break; Sunday 4 Oct inside it owes a leader too."""
        days = [d for d in NATIONAL_DAY_2026 if d != "2026-10-04"]
        sf = make_school(staff=STAFF, duty=duty(*days))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            (SCHOOL, d, d, d, "violated" if d == "2026-10-04" else "met") for d in NATIONAL_DAY_2026
        ]

    def test_september_holds_only_mid_autumn(self, make_school: Any) -> None:
        """September 2026: Mid-Autumn 25–27 Sep only; Sunday 20 Sep is a working day."""
        sf = make_school(staff=STAFF)
        assert [r[3] for r in owed(sf, self.RULE, "2026-09-01", "2026-09-30", "2026-10-01")] == [
            "2026-09-25",
            "2026-09-26",
            "2026-09-27",
        ]

    def test_spring_festival_is_nine_days(self, make_school: Any) -> None:
        """15–23 Feb 2026; the worked Saturdays 14 and 28 Feb are not break days."""
        sf = make_school(staff=STAFF)
        expected = [f"2026-02-{n}" for n in range(15, 24)]
        assert [
            r[3] for r in owed(sf, self.RULE, "2026-02-01", "2026-02-28", "2026-03-01")
        ] == expected

    def test_leader_false_does_not_count(self, make_school: Any) -> None:
        """A duty shift without a leader does not meet the day."""
        sf = make_school(staff=STAFF, duty=duty("2026-10-04", leader=False))
        assert owed(sf, self.RULE, "2026-10-04", "2026-10-04", "2026-10-05") == [
            (SCHOOL, "2026-10-04", "2026-10-04", "2026-10-04", "violated")
        ]

    def test_pending_on_the_day(self, make_school: Any) -> None:
        """As of 4 Oct, an unstaffed 4 Oct is pending."""
        sf = make_school(staff=STAFF)
        assert owed(sf, self.RULE, "2026-10-04", "2026-10-04", "2026-10-04")[0][4] == "pending"

    def test_duty_the_day_before_does_not_count(self, make_school: Any) -> None:
        """A leader on 3 Oct covers 3 Oct only."""
        sf = make_school(staff=STAFF, duty=duty("2026-10-03"))
        assert owed(sf, self.RULE, "2026-10-04", "2026-10-04", "2026-10-05")[0][4] == "violated"

    def test_plain_weekend_is_no_break(self, make_school: Any) -> None:
        """8–31 Oct 2026 holds no break: weekends (17–18 Oct) and worked Sat 10 Oct owe nothing."""
        sf = make_school(staff=STAFF)
        assert owed(sf, self.RULE, "2026-10-08", "2026-10-31", "2026-11-01") == []


def hazard(steps: list[tuple[str, str]], deadline: str | None = "2026-10-31", **kw: Any) -> Hazard:
    return Hazard(
        "h1",
        D("2026-10-02"),
        "fire",
        D(deadline) if deadline else None,
        "s1",
        steps=tuple(HazardStep(s, D(d)) for s, d in steps),
        **kw,
    )


FULL_LOOP = [
    ("identified", "2026-10-02"),
    ("registered", "2026-10-02"),
    ("assessed", "2026-10-03"),
    ("reported", "2026-10-03"),
    ("monitored", "2026-10-05"),
    ("remediated", "2026-10-20"),
    ("accepted", "2026-10-28"),
    ("closed", "2026-10-29"),
]


class TestHazardClosedLoop:
    """ziyang.hazard-closed-loop: 排查→登记→评估→报告→监控→治理→验收→销账, accepted by deadline."""

    RULE = "ziyang.hazard-closed-loop"

    def test_full_loop_in_order_is_met(self, make_school: Any) -> None:
        """All steps in order, accepted 28 Oct for a 31 Oct deadline: met, found..deadline."""
        sf = make_school(staff=STAFF, hazards=(hazard(FULL_LOOP),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("h1", "2026-10-02", "2026-10-31", "2026-10-31", "met")
        ]

    def test_open_hazard_pending_then_violated(self, make_school: Any) -> None:
        """Only identified and registered: pending as of 31 Oct, violated as of 1 Nov."""
        sf = make_school(staff=STAFF, hazards=(hazard(FULL_LOOP[:2]),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-10-31")[0][4] == "pending"
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")[0][4] == "violated"

    def test_step_before_an_earlier_step_is_violated(self, make_school: Any) -> None:
        """Assessed 1 Oct before registered 2 Oct: a violation due 1 Oct."""
        steps = [
            ("identified", "2026-10-01"),
            ("assessed", "2026-10-01"),
            ("registered", "2026-10-02"),
        ]
        sf = make_school(staff=STAFF, hazards=(hazard(steps, deadline=None),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("h1", "2026-10-01", "2026-10-01", "2026-10-01", "violated")
        ]

    def test_skipped_step_is_violated(self, make_school: Any) -> None:
        """Remediated on 20 Oct without 监控 (monitored) at all: violation due 20 Oct."""
        steps = [s for s in FULL_LOOP if s[0] != "monitored"]
        sf = make_school(staff=STAFF, hazards=(hazard(steps, deadline=None),))
        rows = owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")
        assert ("h1", "2026-10-20", "2026-10-20", "2026-10-20", "violated") in rows

    def test_closed_without_accepted(self, make_school: Any) -> None:
        """Closed 29 Oct without 验收: a violation due 29 Oct, and the deadline fails."""
        steps = [s for s in FULL_LOOP if s[0] != "accepted"]
        sf = make_school(staff=STAFF, hazards=(hazard(steps),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("h1", "2026-10-29", "2026-10-29", "2026-10-29", "violated"),
            ("h1", "2026-10-02", "2026-10-31", "2026-10-31", "violated"),
        ]

    def test_accepted_after_deadline(self, make_school: Any) -> None:
        """Accepted 2 Nov for a 31 Oct deadline: violated, the detail naming 2 Nov."""
        steps = [*FULL_LOOP[:6], ("accepted", "2026-11-02"), ("closed", "2026-11-02")]
        sf = make_school(staff=STAFF, hazards=(hazard(steps),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-03") == [
            ("h1", "2026-10-02", "2026-10-31", "2026-10-31", "violated")
        ]
        assert "2026-11-02" in details(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-03")[0]

    def test_same_day_steps_are_in_order(self, make_school: Any) -> None:
        """Dates need only be non-decreasing: every step on one day is fine."""
        steps = [(s, "2026-10-02") for s, _ in FULL_LOOP]
        sf = make_school(staff=STAFF, hazards=(hazard(steps),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == [
            ("h1", "2026-10-02", "2026-10-31", "2026-10-31", "met")
        ]

    def test_no_deadline_in_order_owes_nothing(self, make_school: Any) -> None:
        """A hazard without a deadline and with ordered steps produces no obligation."""
        sf = make_school(staff=STAFF, hazards=(hazard(FULL_LOOP[:3], deadline=None),))
        assert owed(sf, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01") == []


def ledger(*entries: tuple[str, str, str, str, str]) -> tuple[ChemicalEntry, ...]:
    return tuple(
        ChemicalEntry(i, item, D(day), action, Decimal(q)) for i, item, day, action, q in entries
    )


class TestHazmatLedger:
    """ziyang.hazmat-ledger: stock never negative, inventory counts equal stock."""

    RULE = "ziyang.hazmat-ledger"

    def lab(self, make_school: Any, *entries: tuple[str, str, str, str, str]) -> SchoolFile:
        return make_school(has_laboratory=True, chemicals=ledger(*entries))

    def test_balanced_ledger_owes_nothing(self, make_school: Any) -> None:
        """Acquire 500, store, use 200, dispose 100, count 200: balanced."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-01", "acquire", "500"),
            ("c2", "hcl", "2026-03-01", "store", "500"),
            ("c3", "hcl", "2026-03-10", "use", "200"),
            ("c4", "hcl", "2026-03-20", "dispose", "100"),
            ("c5", "hcl", "2026-03-31", "inventory", "200"),
        )
        assert owed(sf, self.RULE, "2026-01-01", "2026-12-31", "2027-01-01") == []

    def test_negative_stock_is_violated_at_the_entry(self, make_school: Any) -> None:
        """Acquire 500, use 200, use 400: the second use drives stock to −100."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-01", "acquire", "500"),
            ("c2", "hcl", "2026-03-10", "use", "200"),
            ("c3", "hcl", "2026-03-12", "use", "400"),
        )
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == [
            ("c3", "2026-03-12", "2026-03-12", "2026-03-12", "violated")
        ]

    def test_inventory_mismatch_is_violated(self, make_school: Any) -> None:
        """Stock 300 on 31 Mar, counted 250: violation at the inventory entry."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-01", "acquire", "500"),
            ("c2", "hcl", "2026-03-10", "use", "200"),
            ("c3", "hcl", "2026-03-31", "inventory", "250"),
        )
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == [
            ("c3", "2026-03-31", "2026-03-31", "2026-03-31", "violated")
        ]

    def test_same_day_entries_in_any_file_order(self, make_school: Any) -> None:
        """Use listed before the same day's acquisition, count listed first: still balanced."""
        sf = self.lab(
            make_school,
            ("c3", "hcl", "2026-03-01", "inventory", "300"),
            ("c2", "hcl", "2026-03-01", "use", "200"),
            ("c1", "hcl", "2026-03-01", "acquire", "500"),
        )
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []

    def test_items_have_separate_stocks(self, make_school: Any) -> None:
        """Ethanol used without being acquired is negative, whatever the acid stock."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-01", "acquire", "500"),
            ("c2", "ethanol", "2026-03-02", "use", "1"),
        )
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == [
            ("c2", "2026-03-02", "2026-03-02", "2026-03-02", "violated")
        ]

    def test_future_entry_is_pending(self, make_school: Any) -> None:
        """A planned use on 20 Mar exceeding stock is pending as of 15 Mar."""
        sf = self.lab(make_school, ("c1", "hcl", "2026-03-20", "use", "5"))
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-03-15")[0][4] == "pending"

    def test_school_without_laboratory_owes_nothing(self, make_school: Any) -> None:
        """The ledger binds schools with has_laboratory only."""
        sf = make_school(chemicals=ledger(("c1", "hcl", "2026-03-02", "use", "1")))
        assert owed(sf, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []
