"""The 常州 profile against dates worked out by hand from its source document.

Source document: 《2020年常州市学校安全工作要点》. School days
below come from the school's own terms and the State Council holiday notices
(国务院办公厅关于2026年部分节假日安排的通知: 1 Jan – 3 Jan 2026 off, Sunday
4 Jan 2026 worked), counted by hand, not with the library's calendar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import safetyregs
from conftest import RunCheck
from safetyregs import (
    Drill,
    Hazard,
    Obligation,
    Period,
    RoleSpan,
    School,
    SchoolFile,
    StaffMember,
    Term,
    Training,
)
from safetyregs._i18n import render
from safetyregs._models import Role
from safetyregs.jurisdictions import changzhou

D = dt.date
PROFILE = changzhou.PROFILE

DRILL = "changzhou.emergency-drill-quarterly"
RISK = "changzhou.hazard-risk-system"
GUARD = "changzhou.security-guard-training"

#: A Jiangsu school's terms, 2019 – 2027.
TERMS = (
    Term(D(2019, 9, 1), D(2020, 1, 17)),
    Term(D(2024, 9, 1), D(2025, 1, 17)),
    Term(D(2025, 2, 17), D(2025, 7, 4)),
    Term(D(2025, 9, 1), D(2026, 1, 23)),
    Term(D(2026, 3, 2), D(2026, 7, 3)),
    Term(D(2026, 9, 1), D(2027, 1, 22)),
)


def school(
    *,
    levels: tuple[str, ...] = ("primary",),
    terms: tuple[Term, ...] = TERMS,
) -> School:
    return School(
        id="cz-001",
        name="常州市示范小学",
        jurisdiction="changzhou",
        levels=levels,
        terms=terms,
    )


def run(
    sf: SchoolFile, start: dt.date, end: dt.date, as_of: dt.date, rule: str
) -> list[Obligation]:
    return list(safetyregs.evaluate(sf, PROFILE, Period(start, end), as_of, rules=[rule]))


def summary(obs: list[Obligation]) -> list[tuple[str, str, dt.date, dt.date, object, str]]:
    return [(o.rule, o.subject, o.period.start, o.period.end, o.due, o.status) for o in obs]


#: A guard's usual start in these tests: Monday 9 March 2026.
GUARD_START = D(2026, 3, 9)


def guard(
    member_id: str = "g1", start: dt.date = GUARD_START, end: dt.date | None = None
) -> StaffMember:
    return StaffMember(
        id=member_id,
        name="保安",
        hired=min(start, D(2019, 1, 1)),
        roles=(RoleSpan(Role.SECURITY_GUARD, start, end),),
    )


class TestProfile:
    def test_registered(self) -> None:
        """The entry point in pyproject resolves to this module's profile."""
        assert safetyregs.profiles.get("changzhou") is PROFILE

    def test_catalogue_rules(self) -> None:
        """The profile holds exactly the catalogue's rules, each citing its document and clause."""
        assert [r.id for r in PROFILE.rules] == [DRILL, RISK, GUARD]
        assert {r.source.clause for r in PROFILE.rules} == {"三.8", "六.17", "四.12"}
        assert all(r.source.document == "001_48cd644d01820211.txt" for r in PROFILE.rules)
        assert PROFILE.effective_from == D(2020, 1, 1)
        assert PROFILE.effective_until is None

    def test_words_quoted(self) -> None:
        """Each citation quotes the clause's own Chinese words."""
        assert "每季度不少于一次" in PROFILE.rule(DRILL).source.text
        assert "江苏省安全风险管控系统" in PROFILE.rule(RISK).source.text
        assert "基础知识、技能、值勤规范培训制度" in PROFILE.rule(GUARD).source.text


class TestEmergencyDrillQuarterly:
    def test_met(self) -> None:
        """A drill inside the quarter meets that quarter, due on its last day."""
        sf = SchoolFile(school(), drills=[Drill("d1", D(2025, 5, 20))])
        obs = run(sf, D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 1), DRILL)
        assert summary(obs) == [
            (DRILL, "cz-001", D(2025, 4, 1), D(2025, 6, 30), D(2025, 6, 30), "met")
        ]
        assert obs[0].evidence == ("d1",)

    def test_pending_until_the_last_day(self) -> None:
        """Without a drill a quarter is pending up to and on its last day, violated after."""
        sf = SchoolFile(school())
        for as_of, status in (
            (D(2026, 6, 15), "pending"),
            (D(2026, 6, 30), "pending"),
            (D(2026, 7, 1), "violated"),
        ):
            [ob] = run(sf, D(2026, 4, 1), D(2026, 6, 30), as_of, DRILL)
            assert (ob.due, ob.status) == (D(2026, 6, 30), status)

    def test_drill_on_the_last_day_of_the_quarter(self) -> None:
        """A drill on 30 Sep 2025 meets Q3; one on 1 Oct does not repair it and counts for Q4."""
        on_time = SchoolFile(school(), drills=[Drill("d1", D(2025, 9, 30))])
        late = SchoolFile(school(), drills=[Drill("d2", D(2025, 10, 1))])
        obs = run(on_time, D(2025, 7, 1), D(2025, 9, 30), D(2025, 12, 1), DRILL)
        assert [(o.period.start, o.status) for o in obs] == [(D(2025, 7, 1), "met")]
        obs = run(late, D(2025, 7, 1), D(2025, 12, 31), D(2026, 1, 1), DRILL)
        assert [(o.due, o.status) for o in obs] == [
            (D(2025, 9, 30), "violated"),
            (D(2025, 12, 31), "met"),
        ]

    def test_kindergartens_included(self) -> None:
        """三.8 binds every school: a kindergarten owes the quarterly drill too."""
        sf = SchoolFile(school(levels=("kindergarten",)))
        [ob] = run(sf, D(2025, 10, 1), D(2025, 12, 31), D(2026, 1, 1), DRILL)
        assert (ob.subject, ob.status) == ("cz-001", "violated")

    def test_quarter_without_term_days_owes_nothing(self) -> None:
        """A school whose only term is autumn 2025 owes nothing for Q2 and Q3 2026."""
        sf = SchoolFile(school(terms=(Term(D(2025, 9, 1), D(2026, 1, 23)),)))
        obs = run(sf, D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 1), DRILL)
        # Q1 2026 holds 16 school days (Sun 4 Jan worked, 5–9, 12–16, 19–23 Jan); Q4 none.
        assert [o.due for o in obs] == [D(2026, 3, 31)]

    @pytest.mark.parametrize(
        ("term_end", "owed"),
        [
            # Sun 4 Jan (调休), 5–9 Jan, 12–14 Jan: 9 school days, below 10.
            (D(2026, 1, 14), False),
            # ... and 15 Jan: 10 school days, in session.
            (D(2026, 1, 15), True),
        ],
    )
    def test_session_threshold(self, term_end: dt.date, owed: bool) -> None:
        """Q1 2026 is in session from its 10th school day on; 1–3 Jan 2026 are holidays."""
        sf = SchoolFile(school(terms=(Term(D(2025, 9, 1), term_end),)))
        obs = run(sf, D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 1), DRILL)
        assert [o.status for o in obs] == (["violated"] if owed else [])

    def test_nothing_before_2020(self) -> None:
        """Q4 2019 falls due before 2020-01-01 and owes nothing; Q1 2020 is owed."""
        sf = SchoolFile(school(), drills=[Drill("d1", D(2020, 1, 8))])
        obs = run(sf, D(2019, 10, 1), D(2020, 3, 31), D(2020, 4, 1), DRILL)
        assert summary(obs) == [
            (DRILL, "cz-001", D(2020, 1, 1), D(2020, 3, 31), D(2020, 3, 31), "met")
        ]


class TestHazardRiskSystem:
    def hazard(self, found: dt.date, reported: dt.date | None) -> SchoolFile:
        return SchoolFile(school(), hazards=[Hazard("h1", found, system_reported=reported)])

    def test_met(self) -> None:
        """A hazard found 12 Oct and entered 20 Oct is met; due the last day of October."""
        sf = self.hazard(D(2026, 10, 12), D(2026, 10, 20))
        obs = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), RISK)
        assert summary(obs) == [
            (RISK, "h1", D(2026, 10, 12), D(2026, 10, 31), D(2026, 10, 31), "met")
        ]

    def test_entered_on_the_last_day(self) -> None:
        """Entered on 31 Oct, the last day of the month found, is on time."""
        sf = self.hazard(D(2026, 10, 12), D(2026, 10, 31))
        [ob] = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), RISK)
        assert ob.status == "met"

    def test_entered_next_month_is_late(self) -> None:
        """Entered on 1 Nov is late for a hazard found in October; the detail names the date."""
        sf = self.hazard(D(2026, 10, 31), D(2026, 11, 1))
        report = safetyregs.obligations(
            sf, D(2026, 10, 1), D(2026, 10, 31), as_of=D(2026, 11, 2), profile=PROFILE
        )
        [ob] = [o for o in report.to_dict()["obligations"] if o["rule"] == RISK]
        assert (ob["subject"], ob["period_start"], ob["due"], ob["status"]) == (
            "h1",
            "2026-10-31",
            "2026-10-31",
            "violated",
        )
        assert "2026-11-01" in ob["detail"]

    def test_not_entered(self) -> None:
        """Not entered: pending through 31 Oct, violated from 1 Nov."""
        sf = self.hazard(D(2026, 10, 12), None)
        statuses = [
            run(sf, D(2026, 10, 1), D(2026, 10, 31), as_of, RISK)[0].status
            for as_of in (D(2026, 10, 31), D(2026, 11, 1))
        ]
        assert statuses == ["pending", "violated"]

    def test_entered_before_found_is_not_an_entry(self) -> None:
        """An entry dated before the hazard was found cannot be about it."""
        sf = self.hazard(D(2026, 10, 12), D(2026, 10, 10))
        [ob] = run(sf, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), RISK)
        assert ob.status == "violated"

    def test_february_ends(self) -> None:
        """The month's end is 28 Feb 2026 and 29 Feb 2024 (leap year)."""
        sf = SchoolFile(
            school(),
            hazards=[
                Hazard("h24", D(2024, 2, 10), system_reported=D(2024, 2, 29)),
                Hazard("h26", D(2026, 2, 3), system_reported=D(2026, 3, 1)),
            ],
        )
        obs = run(sf, D(2024, 1, 1), D(2026, 12, 31), D(2027, 1, 1), RISK)
        assert [(o.subject, o.due, o.status) for o in obs] == [
            ("h24", D(2024, 2, 29), "met"),
            ("h26", D(2026, 2, 28), "violated"),
        ]

    def test_belongs_to_the_month_of_its_due(self) -> None:
        """A hazard due 31 Oct is reported for October, not November."""
        sf = self.hazard(D(2026, 10, 12), None)
        assert run(sf, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1), RISK) == []

    def test_nothing_before_2020(self) -> None:
        """A hazard found in December 2019 is due before the plan's year and owes nothing."""
        sf = SchoolFile(
            school(), hazards=[Hazard("old", D(2019, 12, 20)), Hazard("new", D(2020, 1, 2))]
        )
        obs = run(sf, D(2019, 12, 1), D(2020, 1, 31), D(2020, 2, 1), RISK)
        assert [(o.subject, o.due, o.status) for o in obs] == [("new", D(2020, 1, 31), "violated")]


class TestSecurityGuardTraining:
    def test_met_with_topics_spread_over_records(self) -> None:
        """Three topics in two records, one before the start, meet it; due start + 1 month."""
        sf = SchoolFile(
            school(),
            staff=[guard()],
            trainings=[
                Training("t1", "g1", D(2026, 3, 5), "4", topics=("basics",)),
                Training("t2", "g1", D(2026, 3, 20), "4", topics=("skills", "duty_norms")),
            ],
        )
        obs = run(sf, D(2026, 4, 1), D(2026, 4, 30), D(2026, 5, 1), GUARD)
        assert summary(obs) == [(GUARD, "g1", D(2026, 3, 9), D(2026, 4, 9), D(2026, 4, 9), "met")]
        assert obs[0].evidence == ("t1", "t2")

    def test_missing_topic(self) -> None:
        """Without duty_norms: pending on 9 Apr (2 of 3 topics), violated from 10 Apr."""
        sf = SchoolFile(
            school(),
            staff=[guard()],
            trainings=[Training("t1", "g1", D(2026, 3, 10), "8", topics=("basics", "skills"))],
        )
        [ob] = run(sf, D(2026, 4, 1), D(2026, 4, 30), D(2026, 4, 9), GUARD)
        assert (ob.status, ob.found, ob.required) == ("pending", Decimal(2), Decimal(3))
        [ob] = run(sf, D(2026, 4, 1), D(2026, 4, 30), D(2026, 4, 10), GUARD)
        assert ob.status == "violated"

    def test_training_after_the_deadline(self) -> None:
        """Training on 10 Apr, the day after the deadline, does not count."""
        sf = SchoolFile(
            school(),
            staff=[guard()],
            trainings=[
                Training("t1", "g1", D(2026, 4, 10), "8", topics=("basics", "skills", "duty_norms"))
            ],
        )
        [ob] = run(sf, D(2026, 4, 1), D(2026, 4, 30), D(2026, 5, 1), GUARD)
        assert ob.status == "violated"
        assert render(ob.detail, "en") == (
            "training in ..2026-04-09 does not cover: basics, skills, duty norms; "
            "late record on 2026-04-10"
        )
        assert render(ob.detail, "zh") == (
            "..2026-04-09 内的培训未覆盖：基础知识、技能、值勤规范；逾期记录日期：2026-04-10"
        )

    def test_training_of_someone_else(self) -> None:
        """Another guard's training does not count for this one."""
        sf = SchoolFile(
            school(),
            staff=[guard("g1"), guard("g2", D(2018, 3, 1))],
            trainings=[
                Training("t1", "g2", D(2026, 3, 10), "8", topics=("basics", "skills", "duty_norms"))
            ],
        )
        obs = run(sf, D(2026, 4, 1), D(2026, 4, 30), D(2026, 5, 1), GUARD)
        assert [(o.subject, o.status) for o in obs] == [("g1", "violated")]

    def test_end_of_january_start(self) -> None:
        """A start on 31 Jan 2025 is due 28 Feb 2025 (one calendar month, clamped)."""
        sf = SchoolFile(
            school(),
            staff=[guard(start=D(2025, 1, 31))],
            trainings=[
                Training("t1", "g1", D(2025, 2, 28), "8", topics=("basics", "skills", "duty_norms"))
            ],
        )
        obs = run(sf, D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 1), GUARD)
        assert summary(obs) == [
            (GUARD, "g1", D(2025, 1, 31), D(2025, 2, 28), D(2025, 2, 28), "met")
        ]

    def test_role_started_before_2020(self) -> None:
        """A guard in post since 31 Dec 2019 owes nothing; one starting 1 Jan 2020 does."""
        sf = SchoolFile(
            school(), staff=[guard("old", D(2019, 12, 31)), guard("new", D(2020, 1, 1))]
        )
        obs = run(sf, D(2019, 12, 1), D(2020, 12, 31), D(2021, 1, 1), GUARD)
        assert [(o.subject, o.due, o.status) for o in obs] == [("new", D(2020, 2, 1), "violated")]


class TestCli:
    def test_check_json(self, run_check: RunCheck) -> None:
        """``safetyregs check --format json`` lists Q3 2026's violations and exits 1."""
        doc = {
            "school": {
                "id": "cz-001",
                "name": "常州市示范小学",
                "jurisdiction": "changzhou",
                "levels": ["primary"],
                "terms": [
                    {"start": "2026-03-02", "end": "2026-07-03"},
                    {"start": "2026-09-01", "end": "2027-01-22"},
                ],
            },
            "staff": [
                {
                    "id": "g1",
                    "name": "保安甲",
                    "hired": "2026-08-20",
                    "roles": [{"role": "security_guard", "start": "2026-08-20", "end": None}],
                }
            ],
            "trainings": [
                {
                    "id": "t1",
                    "staff": "g1",
                    "date": "2026-09-05",
                    "class_hours": "8",
                    "kind": "pre_job",
                    "topics": ["basics", "skills", "duty_norms"],
                }
            ],
            "hazards": [
                {"id": "h1", "found": "2026-09-10", "system_reported": "2026-10-02"},
                {"id": "h2", "found": "2026-09-11", "system_reported": "2026-09-11"},
            ],
        }
        done = run_check(doc, "--from", "2026-07-01", "--to", "2026-09-30", "--as-of", "2026-10-15")
        assert done.returncode == 1, done.stderr
        out = done.out
        assert (out["school"], out["profile"], out["from"], out["to"], out["as_of"]) == (
            "cz-001",
            "changzhou",
            "2026-07-01",
            "2026-09-30",
            "2026-10-15",
        )
        got = [
            (v["rule"], v["subject"], v["period_start"], v["period_end"], v["due"])
            for v in out["violations"]
        ]
        # The guard trained within his month (due 20 Sep); h2 was entered on time.
        assert got == [
            (DRILL, "cz-001", "2026-07-01", "2026-09-30", "2026-09-30"),
            (RISK, "h1", "2026-09-10", "2026-09-30", "2026-09-30"),
        ]
        assert out["violations"][1]["source"] == {
            "document": "001_48cd644d01820211.txt",
            "clause": "六.17",
            "text": PROFILE.rule(RISK).source.text,
            # The attachment prints no issuer or date: the bureau and the plan's first day.
            "title": "2020年常州市学校安全工作要点",
            "issuer": "常州市教育局",
            "date": "2020-01-01",
        }
