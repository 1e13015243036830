"""Hand-worked cases of the columnar batch engine (``safetyregs.batch``).

The property test in ``tests/property/test_batch_equality.py`` checks that the batch engine
equals the per-school engine on generated schools; these pin down answers worked out by
hand from the regulation, on the compiled paths.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import safetyregs
from safetyregs import (
    Drill,
    Period,
    RoleSpan,
    School,
    SchoolFile,
    StaffMember,
    Term,
    Training,
    batch,
    profiles,
)

D = dt.date
YEAR = Period(D(2026, 1, 1), D(2026, 12, 31))
AFTER = D(2027, 1, 1)
TERMS = (Term(D(2025, 9, 1), D(2026, 1, 16)), Term(D(2026, 3, 2), D(2026, 7, 10)))


def _teacher(staff_id: str, role_start: dt.date) -> StaffMember:
    return StaffMember(staff_id, "", D(2020, 9, 1), roles=(RoleSpan("teacher", role_start),))


def _training(number: int, staff: str, hours: str) -> Training:
    return Training(f"t{number}", staff, D(2026, 5, number), Decimal(hours))


class TestQuota:
    """兖州 二.7: teachers owe 10 class hours a year, pro-rated by days in the role."""

    RULE = "yanzhou.teacher-annual-training"

    @pytest.fixture
    def school(self) -> SchoolFile:
        """Four teachers. A and B teach all 2026 and owe 10 hours; C and D teach from
        2 July, 183 of 365 days, and owe 10 × 183 / 365 ≈ 5.01 hours."""
        staff = (
            _teacher("a", D(2020, 9, 1)),
            _teacher("b", D(2020, 9, 1)),
            _teacher("c", D(2026, 7, 2)),
            _teacher("d", D(2026, 7, 2)),
        )
        trainings = (
            _training(1, "a", "4"),
            _training(2, "a", "6"),  # exactly 10: met
            _training(3, "b", "4"),
            _training(4, "b", "5.5"),  # 9.5: violated
            _training(5, "c", "5.1"),  # 5.1 × 365 = 1861.5 ≥ 10 × 183 = 1830: met
            _training(6, "d", "5"),  # 5 × 365 = 1825 < 1830: violated
        )
        school = School("yz-1", "", "yanzhou", ("primary",), terms=TERMS)
        return SchoolFile(school, staff=staff, trainings=trainings)

    def test_pro_rated_boundaries(self, school: SchoolFile) -> None:
        """Exactly the quota is met; a hair under it is violated, pro-rating included."""
        results = batch.evaluate([school], profiles.get("yanzhou"), YEAR, AFTER, rules=[self.RULE])
        assert self.RULE in results.computed
        statuses = {o.subject: o.status for o in results.obligations(0)}
        assert statuses == {"a": "met", "b": "violated", "c": "met", "d": "violated"}
        assert results.status_counts() == (2, 0, 2)

    def test_equals_the_per_school_engine(self, school: SchoolFile) -> None:
        """The obligations, progress and explanations are the per-school engine's."""
        yanzhou = profiles.get("yanzhou")
        results = batch.evaluate([school], yanzhou, YEAR, AFTER, rules=[self.RULE])
        assert results.obligations(0) == safetyregs.evaluate(
            school, yanzhou, YEAR, AFTER, rules=[self.RULE]
        )


class TestMonthlyDrill:
    """慈溪 四(四)14: a drill in every month in session (at least 10 school days)."""

    RULE = "cixi.evacuation-drill-monthly"

    def test_months_in_session_and_shared_calendars(self) -> None:
        """Two schools with the same terms and one with none (the default terms).

        With the spring term from 2 March to 10 July, January (1–16 in the autumn term),
        March, April, May, June and July (1–10: 8 working days, so not in session) give
        January and March–June in session; February has only the days after the Spring
        Festival break outside any term, so it owes nothing.
        """
        drills = (Drill("d1", D(2026, 1, 8)), Drill("d2", D(2026, 3, 12)))
        schools = [
            SchoolFile(School(f"c{n}", "", "cixi", ("primary",), terms=TERMS), drills=drills)
            for n in range(2)
        ]
        cixi = profiles.get("cixi")
        spring = Period(D(2026, 1, 1), D(2026, 7, 31))
        results = batch.evaluate(schools, cixi, spring, AFTER, rules=[self.RULE])
        for number in range(2):
            months = {o.period.start.month: o.status for o in results.obligations(number)}
            assert months == {
                1: "met",
                3: "met",
                4: "violated",
                5: "violated",
                6: "violated",
            }
        assert results.counts_by_school().tolist() == [[2, 0, 3], [2, 0, 3]]


class TestRoutines:
    """Routines become records before the batch engine counts them, as in the per-school one."""

    def test_a_daily_routine_with_a_missed_day(self) -> None:
        """A 1530 routine every school day of March 2026 except the 5th.

        March 2026 has no official holiday: its school days are the 22 weekdays from the
        2nd (the term's first day) to the 31st. Each owes a 1530 minute (慈溪 四(二)5):
        21 are met, the 5th is violated.
        """
        text = """{
          "school": {"id": "cx-r", "name": "", "jurisdiction": "cixi", "levels": ["primary"],
                     "terms": [{"start": "2026-03-02", "end": "2026-07-10"}]},
          "routines": [{"id": "r1530", "collection": "education",
                        "record": {"kind": "1530", "minutes": 1, "theme": "general"},
                        "every": "school_day", "from": "2026-03-02", "to": "2026-07-10",
                        "except": ["2026-03-05"]}]
        }"""
        population = batch.Population.from_texts([text, text.replace("cx-r", "cx-s")])
        march = Period(D(2026, 3, 1), D(2026, 3, 31))
        cixi = profiles.get("cixi")
        results = batch.evaluate(population, cixi, march, AFTER, rules=["cixi.1530-daily"])
        assert results.counts_by_school().tolist() == [[21, 0, 1], [21, 0, 1]]
        (missed,) = [o for o in results.obligations(0) if o.status == "violated"]
        assert missed.period == Period(D(2026, 3, 5), D(2026, 3, 5))
        school = safetyregs.loads(text)
        assert results.obligations(0) == safetyregs.evaluate(
            school, cixi, march, AFTER, rules=["cixi.1530-daily"]
        )

    def test_a_bad_routine_built_in_python_is_refused(self) -> None:
        """A school file built in Python with a routine the loader would refuse (an unknown
        record list) is refused by the population too, naming the routine's path."""
        school = School("cx-b", "", "cixi", ("primary",), terms=TERMS)
        bad = safetyregs.Routine(
            "r", "lunches", {"kind": "x"}, "school_day", D(2026, 3, 2), D(2026, 3, 31)
        )
        with pytest.raises(safetyregs.SchoolFileError, match=r"routines\[0\]\.collection"):
            batch.Population([SchoolFile(school, routines=(bad,))])
