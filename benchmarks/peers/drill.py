"""Peers of the monthly drill rule (cixi.evacuation-drill-monthly), written without the engine.

The rule: a primary, secondary or vocational school owes at least one evacuation drill
in every calendar month in session, a month holding at least 10 school days (working days
of the official calendar inside one of the school's terms). As of the year's last day
every owed month is either met or violated; the peers count both.

Each peer takes the same input, :class:`DrillSchool` (levels, terms and drill dates as
they come out of the school file's JSON), and returns ``(met, violated)``. They share the
official working days (the one outside input); everything else they compute themselves.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from dateutil.rrule import MONTHLY, rrule

from safetyregs._calendar import Period as _Period
from safetyregs._calendar import is_working_day, working_days_in

RULE = "cixi.evacuation-drill-monthly"
LEVELS = frozenset({"primary", "junior_secondary", "senior_secondary", "vocational"})
MIN_SCHOOL_DAYS = 10


class DrillSchool(NamedTuple):
    levels: frozenset[str]
    terms: tuple[tuple[dt.date, dt.date], ...]
    drills: tuple[dt.date, ...]


def from_data(data: dict[str, Any]) -> DrillSchool:
    """The peer input of one school file's JSON data."""
    school = data["school"]
    terms = tuple(
        (dt.date.fromisoformat(t["start"]), dt.date.fromisoformat(t["end"]))
        for t in school.get("terms", ())
    )
    drills = tuple(dt.date.fromisoformat(d["date"]) for d in data.get("drills", ()))
    return DrillSchool(frozenset(school.get("levels", ())), terms, drills)


def _owes(school: DrillSchool) -> bool:
    return bool(school.levels & LEVELS)


def naive(schools: Sequence[DrillSchool], year: int) -> tuple[int, int]:
    """Day by day: for each school and month, walk every day counting school days and drills."""
    met = violated = 0
    for school in schools:
        if not _owes(school):
            continue
        drill_days = Counter(school.drills)
        for month in range(1, 13):
            school_days = drills = 0
            for day_number in range(1, calendar.monthrange(year, month)[1] + 1):
                day = dt.date(year, month, day_number)
                drills += drill_days[day]
                if is_working_day(day) and any(s <= day <= e for s, e in school.terms):
                    school_days += 1
            if school_days >= MIN_SCHOOL_DAYS:
                if drills >= 1:
                    met += 1
                else:
                    violated += 1
    return met, violated


def _school_days(terms: tuple[tuple[dt.date, dt.date], ...], year: int) -> list[int]:
    """School days of each month of the year for these terms (computed once per calendar)."""
    days: set[dt.date] = set()
    for start, end in terms:
        lo, hi = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        if lo <= hi:
            days.update(working_days_in(_Period(lo, hi)))
    counts = [0] * 12
    for day in days:
        counts[day.month - 1] += 1
    return counts


def _session_months(terms: tuple[tuple[dt.date, dt.date], ...], year: int) -> list[bool]:
    return [c >= MIN_SCHOOL_DAYS for c in _school_days(terms, year)]


def with_rrule(schools: Sequence[DrillSchool], year: int) -> tuple[int, int]:
    """Months from ``dateutil.rrule``; drills counted by bisection in each school's sorted dates."""
    months = list(rrule(MONTHLY, dtstart=dt.datetime(year, 1, 1), count=12))
    sessions: dict[tuple[tuple[dt.date, dt.date], ...], list[bool]] = {}
    met = violated = 0
    for school in schools:
        if not _owes(school):
            continue
        session = sessions.get(school.terms)
        if session is None:
            session = sessions[school.terms] = _session_months(school.terms, year)
        dates = sorted(school.drills)
        for index, first in enumerate(months):
            if not session[index]:
                continue
            start = first.date()
            end = start.replace(day=calendar.monthrange(year, start.month)[1])
            if bisect.bisect_right(dates, end) > bisect.bisect_left(dates, start):
                met += 1
            else:
                violated += 1
    return met, violated


def monthly(schools: Sequence[DrillSchool], year: int) -> tuple[Any, Any]:
    """numpy: drills and school days per owing school (rows) and month (columns).

    The month of every drill is counted per (school, month) with ``bincount``; school
    days are computed once per distinct set of terms.
    """
    import numpy as np

    owing = [s for s in schools if _owes(s)]
    n = len(owing)
    calendars: dict[tuple[tuple[dt.date, dt.date], ...], int] = {}
    which = np.fromiter(
        (calendars.setdefault(s.terms, len(calendars)) for s in owing), np.int64, count=n
    )
    school_days = np.array([_school_days(t, year) for t in calendars], dtype=np.int64)
    sizes = np.fromiter((len(s.drills) for s in owing), np.int64, count=n)
    days = np.array([d for s in owing for d in s.drills], dtype="datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64) - (year - 1970) * 12
    school = np.repeat(np.arange(n), sizes)
    inside = (months >= 0) & (months < 12)
    counts = np.bincount(school[inside] * 12 + months[inside], minlength=n * 12).reshape(n, 12)
    return counts, school_days.reshape(-1, 12)[which]


def bincount(schools: Sequence[DrillSchool], year: int) -> tuple[int, int]:
    """numpy: :func:`monthly` counts compared with the rule's thresholds."""
    import numpy as np

    counts, days = monthly(schools, year)
    owed = days >= MIN_SCHOOL_DAYS
    met = int(np.count_nonzero(owed & (counts >= 1)))
    return met, int(np.count_nonzero(owed)) - met


def touch_once(schools: Sequence[DrillSchool], year: int) -> int:
    """The floor: look at every drill once (its month), nothing else. Returns the drills seen."""
    seen = 0
    for school in schools:
        for day in school.drills:
            if day.year == year:
                seen += 1
    return seen


def prepare(schools: Sequence[DrillSchool], year: int) -> tuple[Any, Any, Any]:
    """Arrays for :func:`bincount_ready`: every drill's school and month, months in session."""
    import numpy as np

    owing = [s for s in schools if _owes(s)]
    n = len(owing)
    sizes = np.fromiter((len(s.drills) for s in owing), np.int64, count=n)
    days = np.array([d for s in owing for d in s.drills], dtype="datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64) - (year - 1970) * 12
    school = np.repeat(np.arange(n), sizes)
    inside = (months >= 0) & (months < 12)
    calendars: dict[tuple[tuple[dt.date, dt.date], ...], list[bool]] = {}
    session = np.array(
        [calendars.setdefault(s.terms, _session_months(s.terms, year)) for s in owing],
        dtype=bool,
    ).reshape(n, 12)
    return school[inside] * 12 + months[inside], session, n


def bincount_ready(prepared: tuple[Any, Any, Any]) -> tuple[int, int]:
    """The bound: only ``bincount`` and the comparisons, on arrays prepared beforehand."""
    import numpy as np

    cells, session, n = prepared
    counts = np.bincount(cells, minlength=n * 12).reshape(n, 12)
    met = int(np.count_nonzero(session & (counts >= 1)))
    return met, int(np.count_nonzero(session)) - met
