"""Hand-worked tests written for mutants of the time layer that survived the rest of the suite.

Each test pins behaviour that a one-token change of ``_calendar.py`` altered without any
other test noticing (see docs/testing.md, "Survivors ... and what was done"): the words of
the error for a range that ends before it starts and for a value that is not a date, and
the day a naive datetime stands for whatever zone the machine is set to.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator

import pytest

import safetyregs
from safetyregs import Period, UsageError
from safetyregs._calendar import day_of, months, quarters, years

D = dt.date.fromisoformat


class TestPeriodEndingBeforeItStarts:
    """``Period(start, end)`` with ``end`` before ``start`` is refused with both dates named."""

    def test_message_names_both_days(self) -> None:
        """30 November to 1 November: the error says which day ends the period and which
        starts it, in ISO form, so the caller sees at once which two were swapped."""
        with pytest.raises(UsageError) as caught:
            Period(D("2026-11-30"), D("2026-11-01"))
        assert str(caught.value) == "period ends (2026-11-01) before it starts (2026-11-30)"

    def test_one_day_earlier_than_a_single_day(self) -> None:
        """A period of one day is fine; ending the day before it starts is not, and the
        message gives the two neighbouring days (31 December 2025 and 1 January 2026)."""
        assert Period(D("2026-01-01"), D("2026-01-01")).days == 1
        with pytest.raises(UsageError) as caught:
            Period(D("2026-01-01"), D("2025-12-31"))
        assert str(caught.value) == "period ends (2025-12-31) before it starts (2026-01-01)"


class TestNotADate:
    """A value that is neither a date nor a datetime is a UsageError naming what it is."""

    def test_default_name_and_type(self) -> None:
        """Without a name the value is called ``date``; the message gives the value's type
        and the value itself (an ISO string is not taken for a date here)."""
        with pytest.raises(UsageError) as caught:
            day_of("2026-11-30")
        assert str(caught.value) == "date must be a date, not str '2026-11-30'"

    def test_as_of_given_as_text_to_evaluate(self) -> None:
        """``evaluate`` (unlike ``owes``) takes no ISO string for ``as_of``: the error calls
        it ``as_of`` and says it is a ``str``; a number is named as an ``int``."""
        school = safetyregs.example_school()
        ziyang = safetyregs.profiles.get("ziyang")
        november = safetyregs.month_period("2026-11")
        with pytest.raises(UsageError) as caught:
            safetyregs.evaluate(school, ziyang, november, "2026-11-23")  # type: ignore[arg-type]
        assert str(caught.value) == "as_of must be a date, not str '2026-11-23'"
        with pytest.raises(UsageError) as caught:
            safetyregs.evaluate(school, ziyang, november, 20261123)  # type: ignore[arg-type]
        assert str(caught.value) == "as_of must be a date, not int 20261123"


@pytest.fixture
def machine_in_utc() -> Iterator[None]:
    """The process's local time zone set to UTC (eight hours behind Beijing) for one test."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


class TestNaiveDatetime:
    """A datetime without a zone is already China Standard Time, not the machine's time."""

    def test_naive_evening_stays_on_its_day(self, machine_in_utc: None) -> None:
        """20:00 on 30 November 2026 without a zone is that evening in Beijing: day 30
        November. Read as the machine's UTC it would be 04:00 on 1 December in Beijing."""
        assert time.localtime(0).tm_gmtoff == 0  # the machine really is on UTC now
        assert day_of(dt.datetime(2026, 11, 30, 20, 0)) == D("2026-11-30")
        assert day_of(dt.datetime(2026, 11, 30, 23, 59)) == D("2026-11-30")

    def test_aware_evening_moves_to_the_next_day(self, machine_in_utc: None) -> None:
        """The same 20:00 given in UTC is 04:00 on 1 December in Beijing: day 1 December."""
        aware = dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC)
        assert day_of(aware) == D("2026-12-01")

    def test_as_of_of_a_report(self, machine_in_utc: None) -> None:
        """``owes(as_of=<naive 23:30 on 22 November 2026>)`` reports as of 22 November,
        with the same obligations as ``as_of=date(2026, 11, 22)``, on a machine set to UTC."""
        school = safetyregs.example_school()
        late = safetyregs.owes(school, "2026-11", as_of=dt.datetime(2026, 11, 22, 23, 30))
        by_day = safetyregs.owes(school, "2026-11", as_of=D("2026-11-22"))
        assert late.as_of == D("2026-11-22")
        assert late.obligations == by_day.obligations


class TestCoveringPeriods:
    """The months, quarters and years that overlap a period, and no more."""

    def test_a_period_ending_on_a_boundary_gets_no_next_period(self) -> None:
        """January 2026 is one month; the first quarter (1 Jan – 31 Mar) one quarter; 2026 one
        year: a period that ends on the last day of a month, quarter or year does not reach
        into the next one."""
        jan = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        q1 = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert months(jan) == (jan,)
        assert quarters(q1) == (q1,)
        assert years(year) == (year,)
        # Mid-month to the end of the next month: exactly those two months.
        feb = Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
        assert months(Period(dt.date(2026, 1, 15), dt.date(2026, 2, 28))) == (jan, feb)
