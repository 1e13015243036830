"""Routines: what a school does repeatedly, expanded into ordinary records.

A routine names a dated record list, the fields its records share, and when
it happens: a school-calendar word computed by the time layer, or an RFC 5545
recurrence rule read by :func:`dateutil.rrule.rrulestr`. Expansion happens
before any rule sees the school file, so rules, evidence and explanations
treat routine records exactly like records typed one by one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import re
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import attrs
from dateutil.rrule import rrule, rrulestr

from ._calendar import Period, SchoolCalendar, holiday_breaks
from ._errors import SchoolFileError
from ._models import Routine, SchoolFile

__all__ = [
    "CALENDAR_WORDS",
    "DATED_COLLECTIONS",
    "RoutineProblem",
    "check_routines",
    "expand_routines",
    "routine_dates",
    "school_calendar",
]


def _record_class(name: str) -> type[Any] | None:
    """The record class of a school-file list, if its records have a ``date``."""
    field_type = attrs.fields_dict(SchoolFile)[name].type
    # The annotation is the string "tuple[Drill, ...]" under postponed evaluation.
    match = re.fullmatch(r"tuple\[(\w+), \.\.\.\]", str(field_type))
    if match is None:  # pragma: no cover - every list field is a homogeneous tuple
        return None
    from . import _models

    cls: type[Any] = getattr(_models, match.group(1))
    return cls if "date" in attrs.fields_dict(cls) else None


#: The record lists a routine may stand for: every list whose records carry a ``date``.
DATED_COLLECTIONS: dict[str, type[Any]] = {
    name: cls
    for name in (a.name for a in attrs.fields(SchoolFile) if a.name not in {"school", "routines"})
    if (cls := _record_class(name)) is not None
}


def school_calendar(school_file: SchoolFile) -> SchoolCalendar:
    """The school's terms (or the default calendar) joined with the working days."""
    terms = [Period(t.start, t.end) for t in school_file.school.terms]
    return SchoolCalendar.for_terms(terms or None)


def _break_days(_: SchoolCalendar, period: Period) -> tuple[dt.date, ...]:
    days: list[dt.date] = []
    for brk in holiday_breaks(period):
        inside = brk.intersect(period)
        if inside is not None:
            days.extend(inside)
    return tuple(days)


#: The school-calendar words of ``every``, each with the days it means in a period.
CALENDAR_WORDS: dict[str, Callable[[SchoolCalendar, Period], tuple[dt.date, ...]]] = {
    "school_day": SchoolCalendar.school_days_in,
    "last_school_day_of_week": SchoolCalendar.last_school_days_of_weeks,
    "last_school_day_before_break": SchoolCalendar.last_school_days_before_breaks,
    "holiday_break_day": _break_days,
}

#: Routines longer than this are refused: a school file describes years, not centuries.
MAX_YEARS = 50
#: At most this many dates from one recurrence rule.
MAX_DATES = 20_000


class RoutineProblem(ValueError):
    """A routine that cannot be expanded: ``field`` is the key of the routine at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_every(every: str, start: dt.date) -> rrule | None:
    """``None`` for a school-calendar word, else the recurrence rule starting at ``start``.

    Raises :class:`RoutineProblem` for text that is neither.
    """
    if every in CALENDAR_WORDS:
        return None
    body = every.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    words = ", ".join(CALENDAR_WORDS)
    if "FREQ=" not in body.upper() or "\n" in body or "DTSTART" in body.upper():
        near = difflib.get_close_matches(every, CALENDAR_WORDS, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        msg = f"{every!r} is neither a school-calendar word ({words}) nor an RRULE{hint}"
        raise RoutineProblem("every", msg)
    try:
        rule = rrulestr(
            "RRULE:" + body,
            dtstart=dt.datetime.combine(start, dt.time()),
            ignoretz=True,
        )
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
        msg = f"{every!r} is not a valid RRULE: {exc}"
        raise RoutineProblem("every", msg) from None
    if not isinstance(rule, rrule):  # pragma: no cover - one RRULE line gives one rrule
        msg = f"{every!r} is not a single RRULE"
        raise RoutineProblem("every", msg)
    freq = re.search(r"FREQ\s*=\s*(HOURLY|MINUTELY|SECONDLY)", body.upper())
    if freq is not None:
        # A routine gives at most one record a day; finer rules could search for ages.
        msg = f"{every!r} repeats {freq.group(1)}: a routine repeats daily at most"
        raise RoutineProblem("every", msg)
    return rule


def check_bounds(routine: Routine) -> rrule | None:
    """The parsed rule of a routine after checking that it ends; see :func:`parse_every`."""
    rule = parse_every(routine.every, routine.from_)
    if routine.to is None:
        if rule is None:
            msg = f"required with the school-calendar word {routine.every!r}"
            raise RoutineProblem("to", msg)
        if not re.search(r"(^|;)\s*(UNTIL|COUNT)\s*=", routine.every.upper()):
            msg = "required: the RRULE has neither UNTIL nor COUNT"
            raise RoutineProblem("to", msg)
    elif rule is None and routine.to.year - routine.from_.year > MAX_YEARS:
        msg = f"{routine.to.isoformat()} is more than {MAX_YEARS} years after from"
        raise RoutineProblem("to", msg)
    return rule


def _rule_dates(rule: rrule, to: dt.date | None) -> Iterator[dt.date]:
    for occurrence in rule:
        day = occurrence.date()
        if to is not None and day > to:
            return
        yield day


def routine_dates(routine: Routine, calendar: SchoolCalendar) -> tuple[dt.date, ...]:
    """The days a routine happened: its rule's days in ``from``..``to``, less ``except``."""
    return _dates(routine.every, routine.from_, routine.to, routine.except_, calendar)


@functools.lru_cache(maxsize=1024)
def _dates(
    every: str,
    start: dt.date,
    end: dt.date | None,
    skipped: tuple[dt.date, ...],
    calendar: SchoolCalendar,
) -> tuple[dt.date, ...]:
    # Kept for the next school with the same routine and terms (schools of a district share
    # both): the days depend on nothing else. A routine that cannot be expanded raises,
    # which is not kept.
    routine = Routine("", "", (), every, start, end, skipped)
    rule = check_bounds(routine)
    if rule is None:
        assert end is not None  # check_bounds refuses an open calendar word
        days: tuple[dt.date, ...] = CALENDAR_WORDS[every](calendar, Period(start, end))
    else:
        found = list(itertools.islice(_rule_dates(rule, end), MAX_DATES + 1))
        if len(found) > MAX_DATES:
            msg = f"{every!r} gives more than {MAX_DATES} dates; bound it with to"
            raise RoutineProblem("every", msg)
        days = tuple(dict.fromkeys(found))
    left_out = set(skipped)
    return tuple(day for day in days if day not in left_out)


def prototype(routine: Routine, structure: Callable[[Any, type[Any]], Any]) -> Any:
    """The routine's record with the routine's id and ``from`` as placeholders."""
    cls = DATED_COLLECTIONS.get(routine.collection)
    if cls is None:
        allowed = ", ".join(DATED_COLLECTIONS)
        msg = f"{routine.collection!r} is not a dated record list ({allowed})"
        raise RoutineProblem("collection", msg)
    fields = dict(routine.record)
    for key in ("id", "date"):
        if key in fields:
            msg = f"a routine gives its records' {key}; leave {key!r} out of record"
            raise RoutineProblem(f"record.{key}", msg)
    return structure({**fields, "id": routine.id, "date": routine.from_.isoformat()}, cls)


def expand_routines(
    school_file: SchoolFile, structure: Callable[[Any, type[Any]], Any] | None = None
) -> SchoolFile:
    """The school file with every routine turned into records ``<routine id>@<YYYY-MM-DD>``.

    Explicit records stay as they are, beside routine records of the same day.
    Raises :class:`~safetyregs.SchoolFileError` (path ``routines[i]...``) for a
    routine that cannot be expanded or whose record ids clash with explicit ones.
    """
    if not school_file.routines:
        return school_file
    with _expanded_lock:
        done = _expanded.get(id(school_file))
    if done is not None:
        return done
    result = _expand(school_file, structure or _converter_structure())
    # Every evaluation of the file needs the expansion: keep it as long as the file lives,
    # instead of computing it again each time.
    with _expanded_lock:
        _expanded[id(school_file)] = result
    weakref.finalize(school_file, _forget, id(school_file))
    return result


_expanded_lock = threading.Lock()
_expanded: dict[int, SchoolFile] = {}


def _forget(key: int) -> None:
    with _expanded_lock:
        _expanded.pop(key, None)


def check_routines(
    school_file: SchoolFile,
    structure: Callable[[Any, type[Any]], Any] | None = None,
    *,
    read: bool = False,
) -> None:
    """Raise what :func:`expand_routines` raises for the file, without building the
    routines' records; ``read`` says the loader has read each routine's record already.

    The loader checks every routine this way; the records themselves are built when
    something first needs them (an evaluation), and then kept for the file's lifetime.
    """
    if school_file.routines:
        with _expanded_lock:
            if id(school_file) in _expanded:
                return
        _expand(school_file, structure or _converter_structure(), build=False, read=read)


def _converter_structure() -> Callable[[Any, type[Any]], Any]:
    from ._io import converter

    return converter.structure


def _expand(
    school_file: SchoolFile,
    structure: Callable[[Any, type[Any]], Any],
    *,
    build: bool = True,
    read: bool = False,
) -> SchoolFile:
    calendar = school_calendar(school_file)
    added: dict[str, list[Any]] = {}
    errors: list[tuple[str, str]] = []
    for index, routine in enumerate(school_file.routines):
        where = f"routines[{index}]"
        try:
            # The loader read each routine's record with this same prototype: after it, a
            # check needs only the days (the prototype cannot fail).
            proto = None if read and not build else prototype(routine, structure)
            days = routine_dates(routine, calendar)
        except RoutineProblem as exc:
            errors.append((f"{where}.{exc.field}", str(exc)))
            continue
        except Exception as exc:  # a record built in Python that the loader never saw
            from ._io import problems

            errors.extend(problems(exc, f"{where}.record"))
            continue
        explicit = {getattr(r, "id", None) for r in getattr(school_file, routine.collection)}
        prefix = f"{routine.id}@"
        if any(isinstance(i, str) and i.startswith(prefix) for i in explicit):
            ids = (f"{prefix}{day.isoformat()}" for day in days)
            clash = next((record_id for record_id in ids if record_id in explicit), None)
            if clash is not None:
                msg = f"routine record {clash!r} clashes with a {routine.collection} record"
                errors.append((f"{where}.id", msg))
                continue
        if not build:
            continue
        # Every record is the prototype with its own id and date.
        assert proto is not None  # built for every expansion
        cls = type(proto)
        common = {a.alias: getattr(proto, a.name) for a in attrs.fields(cls) if a.init}
        records = [
            cls(**{**common, "id": f"{prefix}{day.isoformat()}", "date": day}) for day in days
        ]
        added.setdefault(routine.collection, []).extend(records)
    if errors:
        raise SchoolFileError(errors)
    if not build:
        return school_file
    changes: dict[str, Any] = {
        name: (*getattr(school_file, name), *records) for name, records in added.items()
    }
    return attrs.evolve(school_file, routines=(), **changes)
