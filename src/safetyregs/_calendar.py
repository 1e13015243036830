"""The time layer: inclusive periods, working days, school days, holiday breaks.

Pure functions over dates; nothing here knows about rules.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import itertools
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal
from zoneinfo import ZoneInfo

from attrs import field, frozen
from holidays.countries.china import China
from holidays.holiday_base import HolidayBase

from ._errors import UsageError

__all__ = [
    "CalendarWarning",
    "Period",
    "SchoolCalendar",
    "arrangement_known",
    "count_working_days",
    "day_of",
    "default_terms",
    "holiday_breaks",
    "is_break_day",
    "is_working_day",
    "last_weekday_of_month",
    "month_of",
    "months",
    "quarters",
    "term_season",
    "unknown_years",
    "warn_if_unknown",
    "week_of",
    "weeks",
    "working_days_in",
    "years",
]


_CST = ZoneInfo("Asia/Shanghai")


def day_of(value: object, name: str = "date") -> dt.date:
    """A calendar day from a date, or from a datetime: its day in China Standard Time
    (a naive datetime is already read as CST). Anything else is a :class:`UsageError`.

    >>> day_of(dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.timezone.utc))
    datetime.date(2026, 12, 1)
    """
    if isinstance(value, dt.datetime):
        local = value if value.tzinfo is None else value.astimezone(_CST)
        return local.date()
    if isinstance(value, dt.date):
        return value
    msg = f"{name} must be a date, not {type(value).__name__} {value!r}"
    raise UsageError(msg)


def _not_before_start(instance: Period, attribute: object, value: dt.date) -> None:
    if value < instance.start:
        msg = f"period ends ({value.isoformat()}) before it starts ({instance.start.isoformat()})"
        raise UsageError(msg)


@frozen(order=True, cache_hash=True)
class Period:
    """An inclusive range of dates: ``Period(start, end)`` holds both ends.

    >>> Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30)).days
    30
    """

    start: dt.date
    end: dt.date = field(validator=_not_before_start)

    @property
    def days(self) -> int:
        """Number of days in the period, both ends counted."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __iter__(self) -> Iterator[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)

    def intersect(self, other: Period) -> Period | None:
        """The common days of two periods, or None when they do not meet."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start, end) if start <= end else None

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


# --- working days ---------------------------------------------------------------------------

_ONE_DAY = dt.timedelta(days=1)

# holidays leaves China.__init__ unannotated; this alias gives mypy --strict a typed call.
_china_holidays: Callable[..., HolidayBase] = China


class CalendarWarning(UserWarning):
    """A year's official holiday arrangement is not in the installed ``holidays`` data."""


def arrangement_known(year: int) -> bool:
    """Whether ``holidays.China`` holds the State Council's arrangement (调休) for ``year``.

    Every year since the arrangements began has substituted rest days or working
    weekends; a year with neither has only the statutory days, computed ahead of the
    official notice.
    """
    _, worked = _china_days(year)
    return bool(worked) or any("substituted" in name for name in _names(year))


@functools.lru_cache(maxsize=64)
def _names(year: int) -> tuple[str, ...]:
    china = _china_holidays(years=year)
    return tuple(str(name) for day, name in china.items() if day.year == year)


def unknown_years(period: Period) -> tuple[int, ...]:
    """The years of ``period`` whose official arrangement is not in the holidays data."""
    span = range(period.start.year, period.end.year + 1)
    return tuple(year for year in span if not arrangement_known(year))


def _year_runs(years: Sequence[int]) -> str:
    """``2027``, ``2027–2030`` or ``1949, 2027–2030``: consecutive years joined."""
    runs: list[list[int]] = []
    for year in years:
        if runs and runs[-1][1] == year - 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def warn_if_unknown(period: Period) -> None:
    """Warn, once for the whole range, about the years whose official arrangement is unknown.

    Obligations that depend on working days or holiday breaks of those years are marked
    ``provisional``.
    """
    years = unknown_years(period)
    if not years:
        return
    text = _year_runs(years)
    one = len(years) == 1
    msg = (
        f"the official holiday arrangement{'' if one else 's'} for {text} "
        f"{'is' if one else 'are'} not in the installed holidays package: working days and "
        f"holiday breaks of {'that year' if one else 'those years'} use the statutory holidays "
        "only and obligations that depend on them are provisional (upgrade holidays once the "
        "State Council publishes the arrangement)"
    )
    warnings.warn(msg, CalendarWarning, stacklevel=3)


@functools.lru_cache(maxsize=256)
def _china_days(year: int) -> tuple[tuple[dt.date, ...], frozenset[dt.date]]:
    """Listed holidays and 调休 working weekend days of one calendar year.

    The neighbouring years are loaded too, because an arrangement published for one year can
    touch the last days of the year before it; results are filtered back to ``year``.
    """
    china = _china_holidays(years=range(year - 1, year + 2))
    listed = tuple(sorted(day for day in china if day.year == year))
    worked = frozenset(day for day in china.weekend_workdays if day.year == year)
    return listed, worked


@functools.lru_cache(maxsize=256)
def _working_days_of_year(year: int) -> tuple[dt.date, ...]:
    """The shared per-year index; every working-day query bisects into it."""
    listed, worked = _china_days(year)
    off = frozenset(listed)
    first = dt.date(year, 1, 1)
    days = (first + dt.timedelta(days=n) for n in range(366 if calendar.isleap(year) else 365))
    return tuple(day for day in days if day in worked or (day.weekday() < 5 and day not in off))


def _slice(index: tuple[dt.date, ...], start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    return index[bisect.bisect_left(index, start) : bisect.bisect_right(index, end)]


def working_days_in(period: Period) -> tuple[dt.date, ...]:
    """Working days of the period, sorted; the unit that school days are counted in."""
    result: list[dt.date] = []
    for year in range(period.start.year, period.end.year + 1):
        result.extend(_slice(_working_days_of_year(year), period.start, period.end))
    return tuple(result)


def count_working_days(period: Period) -> int:
    """How many working days the period holds, without materialising them."""
    total = 0
    for year in range(period.start.year, period.end.year + 1):
        index = _working_days_of_year(year)
        total += bisect.bisect_right(index, period.end) - bisect.bisect_left(index, period.start)
    return total


def is_working_day(day: dt.date) -> bool:
    """Whether staff and pupils are expected in on this day (调休 weekends included)."""
    index = _working_days_of_year(day.year)
    position = bisect.bisect_left(index, day)
    return position < len(index) and index[position] == day


def _last_working_day_in(period: Period) -> dt.date | None:
    for year in range(period.end.year, period.start.year - 1, -1):
        index = _working_days_of_year(year)
        position = bisect.bisect_right(index, period.end)
        if position and index[position - 1] >= period.start:
            return index[position - 1]
        if position:
            return None
    return None


def _first_working_day_in(period: Period) -> dt.date | None:
    for year in range(period.start.year, period.end.year + 1):
        index = _working_days_of_year(year)
        position = bisect.bisect_left(index, period.start)
        if position < len(index) and index[position] <= period.end:
            return index[position]
        if position < len(index):
            return None
    return None


# --- holiday breaks -------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _breaks_starting_in(year: int) -> tuple[Period, ...]:
    """Holiday breaks that start in ``year``; a New Year break may run into the next year.

    Non-working runs are the gaps between consecutive working days, so the index is enough.
    """
    index = _working_days_of_year(year)
    edges = (_working_days_of_year(year - 1)[-1], *index, _working_days_of_year(year + 1)[0])
    listed = _china_days(year)[0] + _china_days(year + 1)[0]
    breaks: list[Period] = []
    for before, after in itertools.pairwise(edges):
        start, end = before + _ONE_DAY, after - _ONE_DAY
        if start > end or start.year != year:
            continue
        position = bisect.bisect_left(listed, start)
        if position < len(listed) and listed[position] <= end:
            breaks.append(Period(start, end))
    return tuple(breaks)


def holiday_breaks(period: Period) -> tuple[Period, ...]:
    """Whole holiday breaks (放假 periods) touching the period, sorted by start."""
    return tuple(
        brk
        for year in range(period.start.year - 1, period.end.year + 1)
        for brk in _breaks_starting_in(year)
        if brk.intersect(period) is not None
    )


def is_break_day(day: dt.date) -> bool:
    """Whether the day falls inside an official holiday break (not a plain weekend)."""
    return bool(holiday_breaks(Period(day, day)))


# --- calendar periods -----------------------------------------------------------------------


def month_of(day: dt.date) -> Period:
    """The calendar month holding the day."""
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(day.replace(day=1), day.replace(day=last))


def week_of(day: dt.date) -> Period:
    """The Monday–Sunday week holding the day."""
    monday = day - dt.timedelta(days=day.weekday())
    return Period(monday, monday + dt.timedelta(days=6))


def _quarter_of(day: dt.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    return Period(start, month_of(dt.date(day.year, first_month + 2, 1)).end)


def _year_of(day: dt.date) -> Period:
    return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


def _covering(period: Period, period_of: Callable[[dt.date], Period]) -> tuple[Period, ...]:
    result: list[Period] = []
    current = period_of(period.start)
    while True:
        result.append(current)
        if current.end >= period.end:
            return tuple(result)
        current = period_of(current.end + _ONE_DAY)


def months(period: Period) -> tuple[Period, ...]:
    """Every whole calendar month that overlaps the period."""
    return _covering(period, month_of)


def quarters(period: Period) -> tuple[Period, ...]:
    """Every whole calendar quarter that overlaps the period."""
    return _covering(period, _quarter_of)


def years(period: Period) -> tuple[Period, ...]:
    """Every whole calendar year that overlaps the period."""
    return _covering(period, _year_of)


def weeks(period: Period) -> tuple[Period, ...]:
    """Every whole Monday–Sunday week that overlaps the period."""
    first = week_of(period.start).start
    count = (week_of(period.end).start - first).days // 7 + 1
    return tuple(week_of(first + dt.timedelta(weeks=n)) for n in range(count))


def last_weekday_of_month(year: int, month: int, weekday: int) -> dt.date:
    """The last given weekday (0 = Monday … 6 = Sunday) of a month, e.g. the last Monday of March.

    Several themed days are fixed this way (全国中小学生安全教育日 is the last Monday of March).
    """
    if not 0 <= weekday <= 6:
        msg = f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}"
        raise ValueError(msg)
    last = month_of(dt.date(year, month, 1)).end
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


# --- terms ----------------------------------------------------------------------------------


def default_terms(period: Period) -> tuple[Period, ...]:
    """The profile's default terms touching the period, for schools that give none.

    Autumn runs 1 Sep – 20 Jan of the next year, spring 20 Feb – 10 Jul.
    """
    terms: list[Period] = []
    for year in range(period.start.year - 1, period.end.year + 1):
        terms.append(Period(dt.date(year, 2, 20), dt.date(year, 7, 10)))
        terms.append(Period(dt.date(year, 9, 1), dt.date(year + 1, 1, 20)))
    return tuple(term for term in terms if term.intersect(period) is not None)


def term_season(term: Period) -> Literal["spring", "autumn"]:
    """Name a term by the half-year it starts in, so rules can target one kind of term."""
    return "spring" if term.start.month <= 6 else "autumn"


def _sorted_terms(terms: Iterable[Period]) -> tuple[Period, ...]:
    return tuple(sorted(terms))


_SEARCH_BACK = dt.timedelta(days=2 * 366)


@frozen
class SchoolCalendar:
    """A school's terms joined with the national working-day calendar.

    With ``uses_default_terms`` the (endless) default terms are produced on demand for the
    range asked about, so ``terms`` stays empty.
    """

    terms: tuple[Period, ...] = field(default=(), converter=_sorted_terms)
    uses_default_terms: bool = False

    @classmethod
    def for_terms(cls, terms: Sequence[Period] | None) -> SchoolCalendar:
        """The school's own terms, or the default calendar when it gives none."""
        if not terms:
            return cls(terms=(), uses_default_terms=True)
        return cls(terms=tuple(terms))

    def terms_overlapping(self, period: Period) -> tuple[Period, ...]:
        """The whole terms that share at least one day with the period, sorted."""
        if self.uses_default_terms:
            return default_terms(period)
        upto = bisect.bisect_right(self.terms, period.end, key=lambda term: term.start)
        return tuple(term for term in self.terms[:upto] if term.end >= period.start)

    def _in_term(self, period: Period) -> list[Period]:
        """The days of the period inside some term, as disjoint sorted runs (terms may overlap)."""
        runs: list[Period] = []
        for term in self.terms_overlapping(period):
            part = term.intersect(period)
            if part is None:  # pragma: no cover - terms_overlapping only yields meeting terms
                continue
            if runs and part.start <= runs[-1].end + _ONE_DAY:
                runs[-1] = Period(runs[-1].start, max(runs[-1].end, part.end))
            else:
                runs.append(part)
        return runs

    def school_days_in(self, period: Period) -> tuple[dt.date, ...]:
        """Working days inside a term, sorted: the days a school-day rule can fall due."""
        return tuple(day for run in self._in_term(period) for day in working_days_in(run))

    def count_school_days(self, period: Period) -> int:
        """How many school days the period holds; decides whether it is in session."""
        return sum(count_working_days(run) for run in self._in_term(period))

    def is_school_day(self, day: dt.date) -> bool:
        """Whether the day is a working day inside a term."""
        return is_working_day(day) and bool(self.terms_overlapping(Period(day, day)))

    def in_session(self, period: Period, min_school_days: int = 10) -> bool:
        """Whether a period owes ``during: session`` obligations (August, a thin February: no)."""
        return self.count_school_days(period) >= min_school_days

    def _last_school_day_in(self, period: Period) -> dt.date | None:
        for run in reversed(self._in_term(period)):
            found = _last_working_day_in(run)
            if found is not None:
                return found
        return None

    def _first_school_day_in(self, period: Period) -> dt.date | None:
        for run in self._in_term(period):
            found = _first_working_day_in(run)
            if found is not None:
                return found
        return None

    def last_school_day_on_or_before(self, day: dt.date) -> dt.date | None:
        """The latest school day not after ``day``, looking back about two years at most."""
        return self._last_school_day_in(Period(day - _SEARCH_BACK, day))

    def last_school_days_of_weeks(self, period: Period) -> tuple[dt.date, ...]:
        """Per Monday–Sunday week, its last school day, for those falling in the period.

        With 调休 that day can be a Saturday or a Sunday.
        """
        found = (self._last_school_day_in(week) for week in weeks(period))
        return tuple(day for day in found if day is not None and day in period)

    def last_school_days_before_breaks(self, period: Period) -> tuple[dt.date, ...]:
        """Last school days before each holiday break and at each term's end, in the period.

        A break can start long after the school day before it (after a summer with no term),
        so breaks are looked at up to the first school day after the period.
        """
        after = self._first_school_day_in(Period(period.end + _ONE_DAY, period.end + _SEARCH_BACK))
        horizon = after if after is not None else period.end + _SEARCH_BACK
        days: set[dt.date] = set()
        for brk in holiday_breaks(Period(period.start + _ONE_DAY, horizon)):
            if brk.start <= period.start:
                continue
            before = self.last_school_day_on_or_before(brk.start - _ONE_DAY)
            if before is not None and before in period:
                days.add(before)
        for term in self.terms_overlapping(period):
            last = self._last_school_day_in(term)
            if last is not None and last in period:
                days.add(last)
        return tuple(sorted(days))
