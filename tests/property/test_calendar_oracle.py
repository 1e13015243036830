"""The time layer against an independent, day-by-day oracle on random ranges of 1990–2040.

``safetyregs._calendar`` answers with per-year indexes and bisection. The oracle here asks
``holidays.China`` about one day at a time and walks the calendar forwards and backwards,
the slow and obvious way; both must agree on working days, school days, holiday breaks,
"in session", the last school day of each week and before each break or term end, the
months, quarters, years and weeks covering a range, and themed weeks.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from safetyregs import _calendar as cal
from safetyregs._calendar import Period, SchoolCalendar

ONE = dt.timedelta(days=1)
FIRST, LAST = dt.date(1990, 1, 1), dt.date(2040, 12, 31)


# --- the oracle -------------------------------------------------------------------------------


@functools.cache
def _china() -> holidays.HolidayBase:
    return holidays.China(years=range(FIRST.year - 3, LAST.year + 4))


def working(day: dt.date) -> bool:
    """A working day: an official working weekend, or a weekday that is not a holiday."""
    china = _china()
    return day in china.weekend_workdays or (day.weekday() < 5 and day not in china)


def days(period: Period) -> Iterator[dt.date]:
    day = period.start
    while day <= period.end:
        yield day
        day += ONE


def in_term(day: dt.date, terms: tuple[Period, ...]) -> bool:
    return any(t.start <= day <= t.end for t in terms)


def school_day(day: dt.date, terms: tuple[Period, ...]) -> bool:
    return working(day) and in_term(day, terms)


def break_around(day: dt.date) -> Period | None:
    """The holiday break holding ``day``: its run of days off, if the run holds a holiday."""
    if working(day):
        return None
    start, end = day, day
    while not working(start - ONE):
        start -= ONE
    while not working(end + ONE):
        end += ONE
    if any(d in _china() for d in days(Period(start, end))):
        return Period(start, end)
    return None


def breaks_touching(period: Period) -> list[Period]:
    found: dict[Period, None] = {}
    for day in days(period):
        brk = break_around(day)
        if brk is not None:
            found[brk] = None
    return sorted(found)


def next_school_day(day: dt.date, terms: tuple[Period, ...], limit: dt.date) -> dt.date | None:
    day += ONE
    while day <= limit:
        if school_day(day, terms):
            return day
        day += ONE
    return None


def last_days_before_breaks(period: Period, terms: tuple[Period, ...]) -> list[dt.date]:
    """School days of the period followed by a break before the next school day, and the last
    school day of every term touching the period."""
    out = set()
    for day in days(period):
        if not school_day(day, terms):
            continue
        after = next_school_day(day, terms, day + dt.timedelta(days=700))
        probe = day + ONE
        while after is None or probe < after:
            if probe > LAST + dt.timedelta(days=700):
                break
            brk = break_around(probe)
            if brk is not None and brk.start == probe:
                out.add(day)
                break
            probe += ONE
        for term in terms:
            if term.start <= day <= term.end and next_school_day(day, (term,), term.end) is None:
                out.add(day)
    return sorted(out)


def covering(period: Period, key: object) -> list[tuple[dt.date, dt.date]]:
    """Group every day of the widened range by ``key`` (month, quarter, year or ISO week)."""
    groups: dict[object, list[dt.date]] = {}
    start = period.start - dt.timedelta(days=400)
    for day in days(Period(start, period.end + dt.timedelta(days=400))):
        groups.setdefault(key(day), []).append(day)  # type: ignore[operator]
    wanted = {key(d) for d in days(period)}  # type: ignore[operator]
    return sorted((min(g), max(g)) for k, g in groups.items() if k in wanted)


# --- random inputs ------------------------------------------------------------------------------


@st.composite
def ranges(draw: st.DrawFn, max_days: int = 400) -> Period:
    start = draw(st.dates(FIRST, LAST - dt.timedelta(days=max_days)))
    return Period(start, start + dt.timedelta(days=draw(st.integers(0, max_days))))


@st.composite
def term_lists(draw: st.DrawFn, around: Period) -> tuple[Period, ...]:
    """Up to four ordered terms near the range (possibly touching, never overlapping)."""
    cursor = around.start - dt.timedelta(days=draw(st.integers(0, 200)))
    terms = []
    for _ in range(draw(st.integers(1, 4))):
        cursor += dt.timedelta(days=draw(st.integers(0, 60)))
        end = cursor + dt.timedelta(days=draw(st.integers(0, 160)))
        terms.append(Period(cursor, end))
        cursor = end + ONE
    return tuple(terms)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Period, tuple[Period, ...]]:
    period = draw(ranges())
    return period, draw(term_lists(period))


# --- the comparisons -------------------------------------------------------------------------


@settings(deadline=None)
@given(ranges())
def test_working_days(period: Period) -> None:
    """Working days, their count, and the per-day answer agree with the oracle."""
    expected = [d for d in days(period) if working(d)]
    assert list(cal.working_days_in(period)) == expected
    assert cal.count_working_days(period) == len(expected)
    assert [d for d in days(period) if cal.is_working_day(d)] == expected


@settings(deadline=None)
@given(ranges())
def test_holiday_breaks(period: Period) -> None:
    """Breaks touching the range and break days agree with runs of days off around holidays."""
    assert list(cal.holiday_breaks(period)) == breaks_touching(period)
    expected = [d for d in days(period) if break_around(d) is not None]
    assert [d for d in days(period) if cal.is_break_day(d)] == expected


@settings(deadline=None)
@given(cases())
def test_school_days_and_session(case: tuple[Period, tuple[Period, ...]]) -> None:
    """School days, their count, and in-session (10 and 11 school days) agree."""
    period, terms = case
    school = SchoolCalendar.for_terms(terms)
    expected = [d for d in days(period) if school_day(d, terms)]
    assert list(school.school_days_in(period)) == expected
    assert school.count_school_days(period) == len(expected)
    assert [d for d in days(period) if school.is_school_day(d)] == expected
    for threshold in (10, 11):
        assert school.in_session(period, threshold) == (len(expected) >= threshold)


@settings(deadline=None)
@given(cases())
def test_last_school_day_of_weeks(case: tuple[Period, tuple[Period, ...]]) -> None:
    """Per Monday–Sunday week, its last school day, kept when it lies in the range."""
    period, terms = case
    school = SchoolCalendar.for_terms(terms)
    expected = []
    for week_start, week_end in covering(period, lambda d: d.isocalendar()[:2]):
        found = [d for d in days(Period(week_start, week_end)) if school_day(d, terms)]
        if found and found[-1] in period:
            expected.append(found[-1])
    assert list(school.last_school_days_of_weeks(period)) == expected


@settings(deadline=None)
@given(cases())
def test_last_school_days_before_breaks(case: tuple[Period, tuple[Period, ...]]) -> None:
    """The last school day before each break and of each term, inside the range."""
    period, terms = case
    school = SchoolCalendar.for_terms(terms)
    assert list(school.last_school_days_before_breaks(period)) == last_days_before_breaks(
        period, terms
    )


@settings(deadline=None)
@given(ranges(max_days=900))
def test_calendar_periods(period: Period) -> None:
    """Months, quarters, years and weeks covering the range: whole, in order, no gaps."""
    as_pairs = lambda found: [(p.start, p.end) for p in found]  # noqa: E731
    assert as_pairs(cal.months(period)) == covering(period, lambda d: (d.year, d.month))
    quarter = lambda d: (d.year, (d.month - 1) // 3)  # noqa: E731
    assert as_pairs(cal.quarters(period)) == covering(period, quarter)
    assert as_pairs(cal.years(period)) == covering(period, lambda d: d.year)
    assert as_pairs(cal.weeks(period)) == covering(period, lambda d: d.isocalendar()[:2])


@settings(deadline=None)
@given(st.integers(FIRST.year, LAST.year), st.integers(1, 12), st.integers(0, 6))
def test_last_weekday_of_month(year: int, month: int, weekday: int) -> None:
    """The last given weekday of a month: the latest day of the month with that weekday."""
    month_days = list(days(Period(dt.date(year, month, 1), dt.date(year, month, 28) + 4 * ONE)))
    expected = max(d for d in month_days if d.month == month and d.weekday() == weekday)
    assert cal.last_weekday_of_month(year, month, weekday) == expected


@settings(deadline=None)
@given(ranges())
def test_default_terms(period: Period) -> None:
    """Default terms touching the range: autumn 1 Sep – 20 Jan, spring 20 Feb – 10 Jul."""
    expected = []
    for year in range(period.start.year - 1, period.end.year + 1):
        for term in (
            Period(dt.date(year, 2, 20), dt.date(year, 7, 10)),
            Period(dt.date(year, 9, 1), dt.date(year + 1, 1, 20)),
        ):
            if any(d in period for d in days(term)):
                expected.append(term)
    assert list(cal.default_terms(period)) == expected
