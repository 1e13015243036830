"""The time layer against the State Council holiday arrangements of 2020–2026.

The expected breaks and 调休 working days below are written out from the official notices
(国务院办公厅关于20XX年部分节假日安排的通知), not derived from ``holidays``; the 2020
Spring Festival break is the one extended for COVID-19 to 2 February (国办发明电〔2020〕1号),
which also cancelled the working Saturday of 1 February.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetyregs._calendar import (
    Period,
    SchoolCalendar,
    count_working_days,
    default_terms,
    holiday_breaks,
    is_break_day,
    is_working_day,
    last_weekday_of_month,
    month_of,
    months,
    quarters,
    term_season,
    week_of,
    weeks,
    working_days_in,
    years,
)

D = dt.date


def P(start: str, end: str) -> Period:
    return Period(D.fromisoformat(start), D.fromisoformat(end))


# Every 放假 break of a year, in order, per the official notice (New Year, Spring Festival,
# Qingming, Labour Day, Dragon Boat, Mid-Autumn, National Day; merged where the notice merges).
OFFICIAL_BREAKS: dict[int, list[Period]] = {
    2020: [
        P("2020-01-01", "2020-01-01"),
        P("2020-01-24", "2020-02-02"),
        P("2020-04-04", "2020-04-06"),
        P("2020-05-01", "2020-05-05"),
        P("2020-06-25", "2020-06-27"),
        P("2020-10-01", "2020-10-08"),
    ],
    2021: [
        P("2021-01-01", "2021-01-03"),
        P("2021-02-11", "2021-02-17"),
        P("2021-04-03", "2021-04-05"),
        P("2021-05-01", "2021-05-05"),
        P("2021-06-12", "2021-06-14"),
        P("2021-09-19", "2021-09-21"),
        P("2021-10-01", "2021-10-07"),
    ],
    2022: [
        P("2022-01-01", "2022-01-03"),
        P("2022-01-31", "2022-02-06"),
        P("2022-04-03", "2022-04-05"),
        P("2022-04-30", "2022-05-04"),
        P("2022-06-03", "2022-06-05"),
        P("2022-09-10", "2022-09-12"),
        P("2022-10-01", "2022-10-07"),
    ],
    2023: [
        P("2022-12-31", "2023-01-02"),
        P("2023-01-21", "2023-01-27"),
        P("2023-04-05", "2023-04-05"),
        P("2023-04-29", "2023-05-03"),
        P("2023-06-22", "2023-06-24"),
        P("2023-09-29", "2023-10-06"),
    ],
    2024: [
        P("2023-12-30", "2024-01-01"),
        P("2024-02-10", "2024-02-17"),
        P("2024-04-04", "2024-04-06"),
        P("2024-05-01", "2024-05-05"),
        P("2024-06-08", "2024-06-10"),
        P("2024-09-15", "2024-09-17"),
        P("2024-10-01", "2024-10-07"),
    ],
    2025: [
        P("2025-01-01", "2025-01-01"),
        P("2025-01-28", "2025-02-04"),
        P("2025-04-04", "2025-04-06"),
        P("2025-05-01", "2025-05-05"),
        P("2025-05-31", "2025-06-02"),
        P("2025-10-01", "2025-10-08"),
    ],
    2026: [
        P("2026-01-01", "2026-01-03"),
        P("2026-02-15", "2026-02-23"),
        P("2026-04-04", "2026-04-06"),
        P("2026-05-01", "2026-05-05"),
        P("2026-06-19", "2026-06-21"),
        P("2026-09-25", "2026-09-27"),
        P("2026-10-01", "2026-10-07"),
    ],
}

# The Saturdays and Sundays each notice declares working days (调休上班).
OFFICIAL_WORKING_WEEKENDS: dict[int, list[str]] = {
    2020: ["2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"],
    2021: [
        "2021-02-07",
        "2021-02-20",
        "2021-04-25",
        "2021-05-08",
        "2021-09-18",
        "2021-09-26",
        "2021-10-09",
    ],
    2022: [
        "2022-01-29",
        "2022-01-30",
        "2022-04-02",
        "2022-04-24",
        "2022-05-07",
        "2022-10-08",
        "2022-10-09",
    ],
    2023: [
        "2023-01-28",
        "2023-01-29",
        "2023-04-23",
        "2023-05-06",
        "2023-06-25",
        "2023-10-07",
        "2023-10-08",
    ],
    2024: [
        "2024-02-04",
        "2024-02-18",
        "2024-04-07",
        "2024-04-28",
        "2024-05-11",
        "2024-09-14",
        "2024-09-29",
        "2024-10-12",
    ],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
}

BREAK_CASES = [
    pytest.param(brk, id=f"{year}:{brk}")
    for year, breaks in OFFICIAL_BREAKS.items()
    for brk in breaks
]
WORKING_WEEKEND_CASES = [
    pytest.param(D.fromisoformat(day), id=day)
    for days in OFFICIAL_WORKING_WEEKENDS.values()
    for day in days
]
YEARS = sorted(OFFICIAL_BREAKS)


def _year(year: int) -> Period:
    return Period(D(year, 1, 1), D(year, 12, 31))


class TestWorkingDays:
    @pytest.mark.parametrize("day", WORKING_WEEKEND_CASES)
    def test_official_working_weekend_is_working_day(self, day: dt.date) -> None:
        """Each 调休 Saturday/Sunday of the notices is a working day."""
        assert day.weekday() >= 5
        assert is_working_day(day)
        assert day in working_days_in(Period(day, day))

    @pytest.mark.parametrize("year", YEARS)
    def test_working_weekends_are_exactly_the_official_ones(self, year: int) -> None:
        """No weekend day of the year works except those the notice names."""
        worked = {day for day in working_days_in(_year(year)) if day.weekday() >= 5}
        assert worked == {D.fromisoformat(day) for day in OFFICIAL_WORKING_WEEKENDS[year]}

    @pytest.mark.parametrize("brk", BREAK_CASES)
    def test_no_working_day_inside_official_break(self, brk: Period) -> None:
        """Every day of an official break is off, and the break is bounded by working days."""
        assert working_days_in(brk) == ()
        assert count_working_days(brk) == 0
        assert not any(is_working_day(day) for day in brk)
        assert is_working_day(brk.start - dt.timedelta(days=1))
        assert is_working_day(brk.end + dt.timedelta(days=1))

    def test_2020_february_first_was_not_worked(self) -> None:
        """The COVID extension cancelled the originally working Saturday 1 Feb 2020."""
        assert not is_working_day(D(2020, 2, 1))
        assert is_working_day(D(2020, 2, 3))

    def test_plain_weekday_and_weekend(self) -> None:
        """An ordinary Wednesday works, an ordinary Saturday and Sunday do not."""
        assert is_working_day(D(2026, 3, 11))
        assert not is_working_day(D(2026, 3, 14))
        assert not is_working_day(D(2026, 3, 15))

    def test_count_2026(self) -> None:
        """2026 has 365 - 104 weekend days - 19 listed weekday holidays + 6 调休 = 248 days."""
        assert count_working_days(_year(2026)) == 248
        assert len(working_days_in(_year(2026))) == 248

    def test_working_days_across_year_end(self) -> None:
        """A period across New Year is sorted and skips the New Year break."""
        days = working_days_in(P("2025-12-29", "2026-01-05"))
        assert days == (
            D(2025, 12, 29),
            D(2025, 12, 30),
            D(2025, 12, 31),
            D(2026, 1, 4),
            D(2026, 1, 5),
        )
        assert count_working_days(P("2025-12-29", "2026-01-05")) == 5

    @given(
        start=st.dates(min_value=D(2019, 6, 1), max_value=D(2027, 6, 30)),
        length=st.integers(min_value=0, max_value=400),
    )
    def test_count_matches_list_and_predicate(self, start: dt.date, length: int) -> None:
        """Counting, listing and the per-day predicate agree on any period."""
        period = Period(start, start + dt.timedelta(days=length))
        listed = working_days_in(period)
        assert list(listed) == sorted(set(listed))
        assert len(listed) == count_working_days(period)
        assert listed == tuple(day for day in period if is_working_day(day))


class TestHolidayBreaks:
    @pytest.mark.parametrize("brk", BREAK_CASES)
    def test_official_break_returned_whole(self, brk: Period) -> None:
        """Any day of an official break finds that exact break, unclipped."""
        for day in (brk.start, brk.end):
            assert holiday_breaks(Period(day, day)) == (brk,)
            assert is_break_day(day)

    @pytest.mark.parametrize("year", YEARS)
    def test_breaks_of_year_are_the_official_list(self, year: int) -> None:
        """The breaks touching a year are exactly those of its notice (plus a spill-over)."""
        found = holiday_breaks(_year(year))
        expected = list(OFFICIAL_BREAKS[year])
        following = OFFICIAL_BREAKS.get(year + 1, [])
        expected += [brk for brk in following if brk.start.year == year]
        assert list(found) == expected

    def test_national_day_2026(self) -> None:
        """National Day 2026 is 1–7 Oct, including the plain Sunday 4 Oct."""
        assert holiday_breaks(P("2026-10-04", "2026-10-04")) == (P("2026-10-01", "2026-10-07"),)

    def test_spring_festival_2026(self) -> None:
        """Spring Festival 2026 runs from Sunday 15 Feb to Monday 23 Feb."""
        assert holiday_breaks(P("2026-02-10", "2026-02-20")) == (P("2026-02-15", "2026-02-23"),)

    def test_plain_weekend_is_not_a_break(self) -> None:
        """An ordinary weekend with no listed holiday is not a break."""
        assert holiday_breaks(P("2026-03-14", "2026-03-15")) == ()
        assert not is_break_day(D(2026, 3, 14))

    def test_new_year_break_across_year_boundary(self) -> None:
        """The New Year break 30 Dec 2023 – 1 Jan 2024 is found from either year, once."""
        brk = P("2023-12-30", "2024-01-01")
        assert holiday_breaks(P("2023-12-01", "2023-12-30")) == (brk,)
        assert holiday_breaks(P("2024-01-01", "2024-01-31"))[0] == brk
        assert holiday_breaks(P("2023-12-20", "2024-01-10")) == (brk,)
        assert is_break_day(D(2023, 12, 31))

    def test_friday_mid_autumn_makes_friday_to_sunday_break(self) -> None:
        """Mid-Autumn on Friday 25 Sep 2026 gives the break Fri 25 – Sun 27 Sep."""
        assert holiday_breaks(P("2026-09-25", "2026-09-25")) == (P("2026-09-25", "2026-09-27"),)

    def test_breaks_sorted_over_several_years(self) -> None:
        """A multi-year query returns every break once, in order."""
        found = holiday_breaks(P("2020-01-01", "2026-12-31"))
        expected = sorted({brk for breaks in OFFICIAL_BREAKS.values() for brk in breaks})
        assert list(found) == expected


class TestPeriods:
    def test_month_of_leap_february(self) -> None:
        """February of a leap year ends on the 29th."""
        assert month_of(D(2024, 2, 10)) == P("2024-02-01", "2024-02-29")
        assert month_of(D(2026, 2, 10)) == P("2026-02-01", "2026-02-28")

    def test_week_of(self) -> None:
        """Weeks run Monday to Sunday, whichever day is asked."""
        assert week_of(D(2026, 9, 14)) == P("2026-09-14", "2026-09-20")
        assert week_of(D(2026, 9, 20)) == P("2026-09-14", "2026-09-20")
        assert week_of(D(2026, 1, 1)) == P("2025-12-29", "2026-01-04")

    def test_months_overlapping_returned_whole(self) -> None:
        """A period from mid-January to 1 March touches three whole months."""
        assert months(P("2026-01-31", "2026-03-01")) == (
            P("2026-01-01", "2026-01-31"),
            P("2026-02-01", "2026-02-28"),
            P("2026-03-01", "2026-03-31"),
        )
        assert months(P("2026-12-31", "2027-01-01")) == (
            P("2026-12-01", "2026-12-31"),
            P("2027-01-01", "2027-01-31"),
        )

    def test_quarters_at_boundaries(self) -> None:
        """Quarter edges: 31 Mar and 1 Apr fall in different quarters."""
        assert quarters(P("2026-03-31", "2026-04-01")) == (
            P("2026-01-01", "2026-03-31"),
            P("2026-04-01", "2026-06-30"),
        )
        assert quarters(P("2026-11-15", "2026-11-15")) == (P("2026-10-01", "2026-12-31"),)

    def test_years_across_boundary(self) -> None:
        """Two days across New Year touch two whole calendar years."""
        assert years(P("2025-12-31", "2026-01-01")) == (
            P("2025-01-01", "2025-12-31"),
            P("2026-01-01", "2026-12-31"),
        )

    def test_weeks_overlapping_returned_whole(self) -> None:
        """A Sunday-to-Monday span touches two whole Monday–Sunday weeks."""
        assert weeks(P("2026-09-20", "2026-09-21")) == (
            P("2026-09-14", "2026-09-20"),
            P("2026-09-21", "2026-09-27"),
        )
        assert weeks(P("2026-09-14", "2026-09-20")) == (P("2026-09-14", "2026-09-20"),)
        assert len(weeks(P("2026-01-01", "2026-12-31"))) == 53

    @pytest.mark.parametrize(
        ("year", "expected"),
        [(2024, D(2024, 3, 25)), (2025, D(2025, 3, 31)), (2026, D(2026, 3, 30))],
    )
    def test_last_monday_of_march(self, year: int, expected: dt.date) -> None:
        """The last Monday of March (安全教育日), including when it is the 31st."""
        assert last_weekday_of_month(year, 3, 0) == expected

    def test_last_sunday_when_month_ends_on_sunday(self) -> None:
        """When the month's last day is the weekday asked for, that day is returned."""
        assert last_weekday_of_month(2026, 5, 6) == D(2026, 5, 31)

    def test_bad_weekday_rejected(self) -> None:
        """Weekday numbers outside 0..6 are an error, not a silent wrap."""
        with pytest.raises(ValueError, match="weekday"):
            last_weekday_of_month(2026, 3, 7)


class TestDefaultTerms:
    def test_terms_overlapping_a_school_year(self) -> None:
        """A school year touches the autumn term before it, its spring term and next autumn."""
        assert default_terms(P("2026-01-01", "2026-12-31")) == (
            P("2025-09-01", "2026-01-20"),
            P("2026-02-20", "2026-07-10"),
            P("2026-09-01", "2027-01-20"),
        )

    def test_summer_has_no_term(self) -> None:
        """11 Jul – 31 Aug lies between the default terms."""
        assert default_terms(P("2026-07-11", "2026-08-31")) == ()

    def test_term_edges_are_inclusive(self) -> None:
        """20 Jan and 20 Feb are both term days."""
        assert default_terms(P("2026-01-20", "2026-01-20")) == (P("2025-09-01", "2026-01-20"),)
        assert default_terms(P("2026-01-21", "2026-02-19")) == ()
        assert default_terms(P("2026-02-20", "2026-02-20")) == (P("2026-02-20", "2026-07-10"),)


class TestTermSeason:
    @pytest.mark.parametrize(
        ("term", "season"),
        [
            (P("2026-02-20", "2026-07-10"), "spring"),
            (P("2026-06-30", "2026-07-10"), "spring"),
            (P("2026-07-01", "2026-08-10"), "autumn"),
            (P("2026-09-01", "2027-01-20"), "autumn"),
        ],
    )
    def test_season_by_start_month(self, term: Period, season: str) -> None:
        """A term starting in January–June is spring, otherwise autumn."""
        assert term_season(term) == season


DEFAULT = SchoolCalendar.for_terms(None)


class TestSchoolCalendar:
    def test_for_terms_none_or_empty_uses_defaults(self) -> None:
        """No terms and an empty list both mean the default calendar."""
        assert SchoolCalendar.for_terms([]) == DEFAULT
        assert DEFAULT.uses_default_terms
        assert DEFAULT.terms_overlapping(P("2026-03-01", "2026-03-01")) == (
            P("2026-02-20", "2026-07-10"),
        )

    def test_given_terms_are_sorted_and_used(self) -> None:
        """A school's own terms replace the defaults and are kept sorted."""
        later, earlier = P("2026-09-07", "2027-01-15"), P("2026-03-02", "2026-07-03")
        school = SchoolCalendar.for_terms([later, earlier])
        assert not school.uses_default_terms
        assert school.terms == (earlier, later)
        assert school.terms_overlapping(P("2026-02-20", "2026-03-01")) == ()
        assert school.terms_overlapping(P("2026-07-01", "2026-09-07")) == (earlier, later)

    def test_school_days_across_term_boundary(self) -> None:
        """Autumn ends 20 Jan; spring resumes after the Spring Festival break."""
        assert DEFAULT.school_days_in(P("2026-01-19", "2026-02-28")) == (
            D(2026, 1, 19),
            D(2026, 1, 20),
            D(2026, 2, 24),
            D(2026, 2, 25),
            D(2026, 2, 26),
            D(2026, 2, 27),
            D(2026, 2, 28),
        )
        assert DEFAULT.count_school_days(P("2026-01-19", "2026-02-28")) == 7

    def test_is_school_day(self) -> None:
        """Working days count only inside a term; 调休 Saturdays in term do count."""
        assert DEFAULT.is_school_day(D(2026, 2, 28))
        assert not DEFAULT.is_school_day(D(2026, 1, 21))
        assert not DEFAULT.is_school_day(D(2026, 10, 5))
        assert not DEFAULT.is_school_day(D(2026, 8, 12))

    def test_overlapping_given_terms_do_not_double_count(self) -> None:
        """Days covered by two overlapping terms are one school day each."""
        school = SchoolCalendar.for_terms(
            [P("2026-03-02", "2026-03-13"), P("2026-03-09", "2026-03-20")]
        )
        assert school.count_school_days(P("2026-03-01", "2026-03-31")) == 15
        assert len(school.school_days_in(P("2026-03-01", "2026-03-31"))) == 15

    def test_august_not_in_session(self) -> None:
        """The summer month owes nothing: no school days at all."""
        assert DEFAULT.count_school_days(P("2026-08-01", "2026-08-31")) == 0
        assert not DEFAULT.in_session(P("2026-08-01", "2026-08-31"))

    def test_thin_february_not_in_session(self) -> None:
        """February 2026 holds only 5 school days (24–28 Feb), below the default 10."""
        february = P("2026-02-01", "2026-02-28")
        assert DEFAULT.count_school_days(february) == 5
        assert not DEFAULT.in_session(february)
        assert DEFAULT.in_session(february, min_school_days=5)

    def test_september_in_session(self) -> None:
        """September 2026 is a full term month: 22 school days incl. Sunday 20 Sep."""
        september = P("2026-09-01", "2026-09-30")
        assert DEFAULT.count_school_days(september) == 22
        assert DEFAULT.in_session(september)

    def test_last_school_day_on_or_before(self) -> None:
        """From the summer holiday, the search goes back to the end of the spring term."""
        assert DEFAULT.last_school_day_on_or_before(D(2026, 8, 15)) == D(2026, 7, 10)
        assert DEFAULT.last_school_day_on_or_before(D(2026, 10, 7)) == D(2026, 9, 30)
        assert DEFAULT.last_school_day_on_or_before(D(2026, 9, 30)) == D(2026, 9, 30)

    def test_last_school_day_search_is_bounded(self) -> None:
        """A term more than two years back is not reached."""
        school = SchoolCalendar.for_terms([P("2020-03-02", "2020-07-03")])
        assert school.last_school_day_on_or_before(D(2021, 1, 1)) == D(2020, 7, 3)
        assert school.last_school_day_on_or_before(D(2026, 1, 1)) is None

    def test_last_school_day_of_week_can_be_working_sunday(self) -> None:
        """Week 14–20 Sep 2026 ends on a 调休 working Sunday, its last school day."""
        week = P("2026-09-14", "2026-09-20")
        assert DEFAULT.last_school_days_of_weeks(week) == (D(2026, 9, 20),)

    def test_last_school_days_of_weeks_in_a_month(self) -> None:
        """Per week of Oct 2026: Fri, none in the break week, Sat 10 Oct, then Fridays."""
        assert DEFAULT.last_school_days_of_weeks(P("2026-10-01", "2026-10-31")) == (
            D(2026, 10, 10),
            D(2026, 10, 16),
            D(2026, 10, 23),
            D(2026, 10, 30),
        )
        assert DEFAULT.last_school_days_of_weeks(P("2026-08-01", "2026-08-31")) == ()

    def test_week_last_school_day_outside_period_is_left_out(self) -> None:
        """A week whose last school day lies after the period is not reported in it."""
        assert DEFAULT.last_school_days_of_weeks(P("2026-09-14", "2026-09-19")) == ()

    def test_last_school_days_before_breaks_autumn_2026(self) -> None:
        """Before Mid-Autumn (25 Sep) it is 24 Sep; before National Day it is 30 Sep."""
        found = DEFAULT.last_school_days_before_breaks(P("2026-09-01", "2026-10-31"))
        assert found == (D(2026, 9, 24), D(2026, 9, 30))

    def test_last_school_days_before_breaks_include_term_ends(self) -> None:
        """Term ends are included, and a day that is both is reported once."""
        found = DEFAULT.last_school_days_before_breaks(P("2025-12-01", "2026-07-31"))
        assert found == (
            D(2025, 12, 31),
            D(2026, 1, 20),
            D(2026, 4, 3),
            D(2026, 4, 30),
            D(2026, 6, 18),
            D(2026, 7, 10),
        )

    def test_break_starting_after_period_counts_by_its_last_school_day(self) -> None:
        """The day before National Day counts in a period that ends before the break."""
        assert DEFAULT.last_school_days_before_breaks(P("2026-09-28", "2026-09-30")) == (
            D(2026, 9, 30),
        )
        assert DEFAULT.last_school_days_before_breaks(P("2026-10-01", "2026-10-09")) == ()


class TestArrangementKnown:
    def test_published_years_are_known(self) -> None:
        """2020–2026 have their State Council arrangement (调休) in the holiday data."""
        from safetyregs._calendar import arrangement_known

        assert all(arrangement_known(year) for year in range(2020, 2027))

    def test_far_future_year_is_not_known(self) -> None:
        """A year no notice has been published for has only statutory holidays."""
        from safetyregs._calendar import arrangement_known

        assert not arrangement_known(2100)

    def test_warns_only_for_unknown_years(self) -> None:
        """Asking about 2099–2100 warns once, naming both years; 2026 does not warn."""
        import warnings

        from safetyregs import CalendarWarning
        from safetyregs._calendar import warn_if_unknown

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warn_if_unknown(Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
            assert caught == []
            warn_if_unknown(Period(dt.date(2099, 12, 1), dt.date(2100, 1, 31)))
        assert [w.category for w in caught] == [CalendarWarning]
        assert "2099–2100" in str(caught[-1].message)
