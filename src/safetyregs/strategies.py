"""Hypothesis strategies that generate valid schools, records and school files.

For your own property tests (needs the ``testing`` extra, which installs
Hypothesis)::

    from hypothesis import given
    from safetyregs import strategies as srst

    @given(srst.school_files(max_records=3))
    def test_my_report_never_crashes(school_file):
        my_report(school_file)

Everything generated is what :func:`safetyregs.loads` accepts: staff ids that
records refer to exist, ids are unique within each list, no range ends before
it starts, counts are never negative, quantities are exact
:class:`~decimal.Decimal` values with one decimal place, and datetimes are
aware, in China Standard Time. Dates lie inside the inclusive range
``[start, end]`` you pass (an incident may become known up to three days after it,
and be reported up to three days after that: six days after ``end`` at most).

The strategies seek the edges where rules break: dates on the first and last
days of months, quarters and years, leap days, 调休 working weekends, the
first and last days of holiday breaks, themed days (also when they fall on a
weekend), several records on the same day, hazard steps on the same day,
roles that start and end mid-year, incidents of every kind (drownings with
deaths), reports exactly at and just after their deadlines, and the values the
installed profiles name (training topics, checklist items, minute thresholds).

Every installed type is registered with Hypothesis (through its ``hypothesis``
entry point), so ``st.from_type(SchoolFile)`` and ``st.from_type(Drill)`` work.

Arguments are checked when you call a strategy function, not when examples
are drawn, and bad ones raise :class:`hypothesis.errors.InvalidArgument`.
Examples shrink towards short lists, early dates, the first member of each
enumeration, ``False``, short strings, ``None`` for optional fields and open
ranges. Failing examples print as plain constructor calls of the models.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from . import _calendar as cal
from ._calendar import Period
from ._engine import Profile
from ._kinds import Checklist, Match, Need, OnIncident, ThemedDay
from ._models import (
    CST,
    Activity,
    Bus,
    BusAgreement,
    CheckSession,
    ChemicalAction,
    ChemicalEntry,
    Drill,
    DrillKind,
    DrillScope,
    Duty,
    Education,
    EducationKind,
    Equipment,
    Hazard,
    HazardStep,
    HealthCheck,
    Incident,
    InsurancePolicy,
    Level,
    Meeting,
    MeetingKind,
    Role,
    RoleSpan,
    School,
    SchoolFile,
    Screening,
    SelfInspection,
    StaffMember,
    Step,
    Submission,
    SubmissionKind,
    Term,
    Theme,
    Training,
    TrainingKind,
)

__all__ = [
    "RECORD_LISTS",
    "Vocabulary",
    "class_hours",
    "compliant_school_files",
    "days",
    "drills",
    "duties",
    "edge_days",
    "hazards",
    "incidents",
    "records",
    "school_files",
    "schools",
    "staff_members",
    "strategy_for",
    "trainings",
    "vocabulary",
]

T = TypeVar("T")

DEFAULT_START = dt.date(2023, 1, 1)
DEFAULT_END = dt.date(2027, 12, 31)
DEFAULT_MAX_RECORDS = 4

#: The record lists of a school file (every field but ``school`` and ``routines``), in order.
RECORD_LISTS: tuple[str, ...] = tuple(
    a.name for a in attrs.fields(SchoolFile) if a.name not in {"school", "routines"}
)

#: Lists whose records name a member of staff (they are empty when there is no staff).
_NEEDS_STAFF = frozenset({"trainings", "duty"})

#: Ids per list: ``d1``, ``d2``, … for drills and so on.
_PREFIX = {
    "staff": "s",
    "drills": "d",
    "trainings": "t",
    "meetings": "m",
    "education": "e",
    "incidents": "i",
    "hazards": "h",
    "activities": "a",
    "insurance": "p",
    "submissions": "r",
    "duty": "du",
    "screenings": "ps",
    "health_checks": "hc",
    "buses": "b",
    "bus_agreements": "ba",
    "equipment": "eq",
    "chemicals": "c",
    "self_inspections": "si",
}

#: Free-text values every strategy knows, before those the installed profiles name.
_BASE_WORDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("incidents", "kind"): ("other", "injury", "fire", "food_poisoning", "drowning", "traffic"),
    ("activities", "kind"): ("outing", "camp", "field_trip"),
    ("insurance", "kind"): ("school_liability", "student_accident"),
    ("equipment", "kind"): ("elevator", "boiler", "pressure_vessel"),
    ("chemicals", "item"): ("hydrochloric-acid", "ethanol", "sodium"),
    ("hazards", "category"): ("other", "fire", "building", "food", "traffic"),
    ("trainings", "topics"): ("first_aid", "fire"),
    ("self_inspections", "items"): ("fire-1",),
    ("bus_agreements", "provider"): ("provider-a", "provider-b"),
    ("buses", "provider"): ("provider-a", "provider-b"),
}

#: Report delays that sit on the deadlines of the installed profiles and just after them.
_REPORT_EDGES = tuple(
    dt.timedelta(minutes=m, seconds=s) for m in (0, 30, 60) for s in (0, 1) if (m, s) != (0, 1)
)

_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)
#: Text the loader accepts: no control characters but tab and line feed, no lone surrogates.
_letters = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\t\n")
_names = st.text(_letters, min_size=1, max_size=12)
_words = st.text(_letters, max_size=12)


# --- argument checks -----------------------------------------------------------------


def _check_date_range(start: object, end: object) -> None:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            msg = f"{name}={value!r} must be a datetime.date"
            raise InvalidArgument(msg)
    assert isinstance(start, dt.date)  # for mypy
    assert isinstance(end, dt.date)
    if end < start:
        msg = f"end={end.isoformat()} precedes start={start.isoformat()}"
        raise InvalidArgument(msg)


def _check_jurisdiction(jurisdiction: object) -> None:
    if not isinstance(jurisdiction, str) or not jurisdiction:
        msg = f"jurisdiction={jurisdiction!r} must be a non-empty string"
        raise InvalidArgument(msg)


def _check_staff_ids(staff_ids: object, *, allow_empty: bool = False) -> tuple[str, ...]:
    if isinstance(staff_ids, str) or not isinstance(staff_ids, Collection):
        msg = f"staff_ids={staff_ids!r} must be a collection of strings, not a string"
        raise InvalidArgument(msg)
    ids = tuple(staff_ids)
    if not all(isinstance(i, str) for i in ids) or (not ids and not allow_empty):
        msg = f"staff_ids={staff_ids!r} must hold at least one string id"
        raise InvalidArgument(msg)
    return ids


def _check_max_records(max_records: object, name: str = "max_records") -> int:
    if isinstance(max_records, bool) or not isinstance(max_records, int) or max_records < 0:
        msg = f"{name}={max_records!r} must be a non-negative int"
        raise InvalidArgument(msg)
    return max_records


def _check_profile(profile: object) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        from . import profiles

        try:
            return profiles.get(profile)
        except LookupError as exc:
            raise InvalidArgument(str(exc)) from None
    msg = f"profile={profile!r} must be a Profile or the name of an installed one"
    raise InvalidArgument(msg)


# --- what the installed profiles name ----------------------------------------------------


@attrs.frozen
class Vocabulary:
    """Values the rules of some profiles name: record field values, thresholds, themed days."""

    words: Mapping[tuple[str, str], tuple[str, ...]]
    minimums: Mapping[tuple[str, str], tuple[Decimal, ...]]
    themed_days: tuple[ThemedDay, ...]
    #: Record fields some rule reads (``phone_reported_at``, ``video_alarm``...).
    read: frozenset[str] = frozenset()

    def values(self, collection: str, field: str) -> tuple[str, ...]:
        found = (
            *_BASE_WORDS.get((collection, field), ()),
            *self.words.get((collection, field), ()),
        )
        return tuple(dict.fromkeys(found))


def _walk(value: Any) -> Iterator[Any]:
    """Every attrs object (and tuple item) inside a rule's checks."""
    if attrs.has(type(value)):
        yield value
        for a in attrs.fields(type(value)):
            yield from _walk(getattr(value, a.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item)


def vocabulary(profiles: Sequence[Profile]) -> Vocabulary:
    """What the rules of ``profiles`` name, found in their declarations."""
    words: dict[tuple[str, str], list[str]] = {}
    minimums: dict[tuple[str, str], set[Decimal]] = {}
    themed: list[ThemedDay] = []
    read: set[str] = set()

    def add(collection: str, where: Any) -> None:
        for key, wanted in where:
            for v in wanted if isinstance(wanted, tuple) else (wanted,):
                if isinstance(v, str):
                    words.setdefault((collection, key), []).append(v)

    for profile in profiles:
        for rule in profile.rules:
            for part in _walk(rule.checks):
                read.update(_fields_read(part))
                if isinstance(part, Match):
                    add(part.collection, part.where)
                    for key, minimum in part.at_least:
                        minimums.setdefault((part.collection, key), set()).add(Decimal(minimum))
                elif isinstance(part, Need):
                    if part.covers:
                        add(part.match.collection, [("topics", part.covers)])
                    if part.measure != "count":
                        summed = (part.match.collection, part.measure)
                        minimums.setdefault(summed, set()).add(part.at_least)
                elif isinstance(part, OnIncident):
                    add("incidents", part.where)
                    minimums.setdefault(("incidents", "deaths"), set()).add(
                        Decimal(part.deaths_at_least)
                    )
                elif isinstance(part, Checklist):
                    add(part.collection, [("items", tuple(i.id for i in part.items))])
                elif isinstance(part, ThemedDay):
                    themed.append(part)
                elif hasattr(part, "collection") and hasattr(part, "where"):
                    add(part.collection, part.where)
    return Vocabulary(
        {k: tuple(dict.fromkeys(v)) for k, v in words.items()},
        {k: tuple(sorted(v)) for k, v in minimums.items()},
        tuple(dict.fromkeys(themed)),
        frozenset(read),
    )


def _fields_read(part: Any) -> set[str]:
    """The record fields a part of a rule names (``field``, ``fields``, ``require`` keys...)."""
    found: set[str] = set()
    for name in ("field", "approval_field", "dates_field", "start_field", "from_field"):
        value = getattr(part, name, None)
        if isinstance(value, str):
            found.add(value)
    for name in ("fields",):
        value = getattr(part, name, None)
        if isinstance(value, tuple):
            found.update(v for v in value if isinstance(v, str))
    for name in ("require", "where", "at_least"):
        value = getattr(part, name, None)
        if isinstance(value, tuple):
            found.update(k for k, *_ in value if isinstance(k, str))
    for _, names in getattr(part, "fields_at", ()):
        found.update(names)
    if isinstance(part, Need):
        found.add("topics" if part.covers else part.measure)
    if hasattr(part, "roles") or hasattr(part, "role"):
        found.add("roles")
    return found


@functools.lru_cache(maxsize=64)
def _profile_vocabulary(profile: Profile) -> Vocabulary:
    return vocabulary([profile])


@functools.cache
def _installed() -> Vocabulary:
    from . import profiles

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return vocabulary(list(profiles.load_all().values()))


# --- days ------------------------------------------------------------------------------


@functools.cache
def edge_days(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """The days of ``[start, end]`` where rules tend to break, sorted.

    First and last days of months (so of quarters and years), leap days,
    weekend days that are worked (调休), first and last days of holiday
    breaks, default term boundaries, and the themed days the installed
    profiles name with the Sunday that closes their week.
    """
    found: set[dt.date] = {start, end}
    years = list(range(start.year, end.year + 1))
    if len(years) > 40:  # a huge range: the edges of its first and last twenty years
        years = years[:20] + years[-20:]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for year in years:
            for month in range(1, 13):
                first = dt.date(year, month, 1)
                found.update((first, cal.month_of(first).end))
            if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
                found.add(dt.date(year, 2, 29))
            for month, day in ((2, 20), (7, 10), (9, 1), (1, 20)):
                found.add(dt.date(year, month, day))
            if 1 < year < 9999:
                for themed in _installed().themed_days:
                    on = themed.on(year)
                    found.update((on, cal.week_of(on).end))
            if 1900 < year < 2200:
                found.update(_worked_weekend_days(year))
                for brk in cal.holiday_breaks(Period(dt.date(year, 1, 1), dt.date(year, 12, 31))):
                    found.update((brk.start, brk.end))
    return tuple(sorted(d for d in found if start <= d <= end))


def _worked_weekend_days(year: int) -> list[dt.date]:
    """Saturdays and Sundays of ``year`` that are working days (调休)."""
    first = dt.date(year, 1, 1)
    weekend = (first + dt.timedelta(days=n) for n in range(366))
    return [d for d in weekend if d.year == year and d.weekday() >= 5 and cal.is_working_day(d)]


def days(start: dt.date, end: dt.date) -> st.SearchStrategy[dt.date]:
    """Days in ``[start, end]``, often on an edge (:func:`edge_days`); shrink to ``start``."""
    _check_date_range(start, end)
    return st.one_of(
        st.dates(min_value=start, max_value=end), st.sampled_from(edge_days(start, end))
    )


@attrs.frozen
class _Days:
    """Where a file's records fall: its range, its edge days and a few shared days."""

    start: dt.date
    end: dt.date
    shared: tuple[dt.date, ...] = ()

    def strategy(self, lo: dt.date | None = None) -> st.SearchStrategy[dt.date]:
        first = max(lo, self.start) if lo is not None else self.start
        if first > self.end:
            return st.just(first)
        base = days(first, self.end)
        shared = [d for d in self.shared if d >= first]
        return st.one_of(base, st.sampled_from(shared)) if shared else base


def _datetime_on(draw: st.DrawFn, day: dt.date) -> dt.datetime:
    """An aware CST time on ``day``, whole seconds, often at midnight or 09:00."""
    seconds = draw(st.one_of(st.just(0), st.integers(0, 86399), st.just(9 * 3600)))
    return dt.datetime.combine(day, dt.time(), tzinfo=CST) + dt.timedelta(seconds=seconds)


def _decimals(max_value: int, minimums: Sequence[Decimal] = ()) -> st.SearchStrategy[Decimal]:
    plain = st.decimals(
        min_value=0, max_value=max_value, places=1, allow_nan=False, allow_infinity=False
    )
    small = st.decimals(
        min_value=0, max_value=min(max_value, 4), places=1, allow_nan=False, allow_infinity=False
    )
    near = [
        Decimal(v).quantize(Decimal("0.1"))
        for m in minimums
        for v in (m - Decimal("0.1"), m, m + Decimal("0.1"))
        if 0 <= v <= max_value
    ]
    return st.one_of(small, plain, *([st.sampled_from(sorted(set(near)))] if near else []))


def _ints(max_value: int, minimums: Sequence[Decimal] = ()) -> st.SearchStrategy[int]:
    near = sorted({int(v) for m in minimums for v in (m - 1, m, m + 1) if 0 <= v <= max_value})
    plain = st.integers(min_value=0, max_value=max_value)
    return st.one_of(plain, st.sampled_from(near)) if near else plain


def _text(collection: str, field: str, vocab: Vocabulary) -> st.SearchStrategy[str]:
    """A value the rules name (often), one every strategy knows, or any short text."""
    named = vocab.words.get((collection, field), ())
    known = vocab.values(collection, field)
    choices = [st.sampled_from(named)] if named else []
    choices += [st.sampled_from(known)] if known else []
    return st.one_of(*choices, _words)


# --- records ---------------------------------------------------------------------------------


Builder = Callable[[st.DrawFn, str, _Days, tuple[str, ...], Vocabulary], Any]


def _drill(draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary) -> Drill:
    return Drill(
        id=rid,
        date=draw(when.strategy()),
        kind=draw(st.sampled_from(DrillKind)),
        scope=draw(st.sampled_from(DrillScope)),
        night=draw(st.booleans()),
    )


def _training(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Training:
    return Training(
        id=rid,
        staff=draw(st.sampled_from(staff)),
        date=draw(when.strategy()),
        class_hours=draw(_decimals(40, v.minimums.get(("trainings", "class_hours"), ()))),
        kind=draw(st.sampled_from(TrainingKind)),
        topics=tuple(draw(st.lists(_text("trainings", "topics", v), max_size=3))),
    )


def _meeting(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Meeting:
    return Meeting(id=rid, date=draw(when.strategy()), kind=draw(st.sampled_from(MeetingKind)))


def _education(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Education:
    minutes = _ints(120, v.minimums.get(("education", "minutes"), ()))
    return Education(
        id=rid,
        date=draw(when.strategy()),
        kind=draw(st.sampled_from(EducationKind)),
        theme=draw(st.sampled_from(Theme)),
        minutes=draw(st.none() | minutes),
        class_periods=draw(_decimals(4, v.minimums.get(("education", "class_periods"), ()))),
    )


def _incident(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Incident:
    occurred = _datetime_on(draw, draw(when.strategy()))
    delays = st.none() | st.sampled_from(_REPORT_EDGES) | st.integers(0, 3 * 86400).map(_seconds)

    def after(delay: dt.timedelta | None, base: dt.datetime) -> dt.datetime | None:
        return None if delay is None else base + delay

    known = after(draw(delays), occurred)
    clock = known or occurred
    return Incident(
        id=rid,
        occurred_at=occurred,
        known_at=known,
        kind=draw(_text("incidents", "kind", v)),
        deaths=draw(_ints(3, v.minimums.get(("incidents", "deaths"), ()))),
        phone_reported_at=after(draw(delays), clock),
        written_reported_at=after(draw(delays), clock),
        letter_receipt_attached=draw(st.booleans()),
    )


def _seconds(value: int) -> dt.timedelta:
    return dt.timedelta(seconds=value)


def _hazard(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Hazard:
    found = draw(when.strategy())
    later = when.strategy(found)
    # Steps often share a day (the same day as the finding or as each other).
    step_days = st.one_of(st.just(found), later)
    steps = draw(st.lists(st.tuples(st.sampled_from(Step), step_days), max_size=5))
    text = st.none() | _words
    return Hazard(
        id=rid,
        found=found,
        category=draw(_text("hazards", "category", v)),
        deadline=draw(st.none() | later),
        responsible=draw(st.none() | st.sampled_from(staff)) if staff else None,
        content=draw(text),
        standard=draw(text),
        measures=draw(text),
        system_reported=draw(st.none() | later),
        steps=tuple(HazardStep(step, day) for step, day in sorted(steps, key=lambda s: s[1])),
    )


def _activity(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Activity:
    day = draw(when.strategy())
    return Activity(
        id=rid,
        date=day,
        kind=draw(_text("activities", "kind", v)),
        approved_on=draw(st.none() | st.just(day) | when.strategy()),
        open_fire=draw(st.booleans()),
    )


def _range(draw: st.DrawFn, when: _Days) -> tuple[dt.date, dt.date | None]:
    first = draw(when.strategy())
    if not draw(st.booleans()):  # shrinks towards an open range
        return first, None
    return first, draw(when.strategy(first))


def _policy(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> InsurancePolicy:
    first, last = _range(draw, when)
    return InsurancePolicy(id=rid, kind=draw(_text("insurance", "kind", v)), start=first, end=last)


def _submission(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Submission:
    return Submission(
        id=rid, kind=draw(st.sampled_from(SubmissionKind)), date=draw(when.strategy())
    )


def _duty(draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary) -> Duty:
    return Duty(
        id=rid,
        date=draw(when.strategy()),
        staff=draw(st.sampled_from(staff)) if staff else None,
        leader=draw(st.booleans()),
    )


def _screening(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Screening:
    levels = draw(st.lists(st.sampled_from(Level), max_size=3, unique=True))
    return Screening(id=rid, date=draw(when.strategy()), levels=tuple(levels))


def _health_check(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> HealthCheck:
    # Health checks may go without ids; those that have one get a unique one.
    return HealthCheck(
        date=draw(when.strategy()),
        session=draw(st.sampled_from(CheckSession)),
        id=draw(st.none() | st.just(rid)),
    )


def _bus(draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary) -> Bus:
    return Bus(
        id=rid,
        plate=draw(_words),
        provider=draw(_text("buses", "provider", v)),
        video_alarm=draw(st.booleans()),
    )


def _bus_agreement(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> BusAgreement:
    first, last = _range(draw, when)
    return BusAgreement(
        id=rid, provider=draw(_text("bus_agreements", "provider", v)), start=first, end=last
    )


def _equipment(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> Equipment:
    commissioned = draw(when.strategy())
    inspections = draw(st.lists(when.strategy(commissioned), max_size=3, unique=True))
    return Equipment(
        id=rid,
        kind=draw(_text("equipment", "kind", v)),
        commissioned=commissioned,
        registration_certificate=draw(st.booleans()),
        operator_certificate=draw(st.booleans()),
        emergency_plan=draw(st.booleans()),
        inspections=tuple(sorted(inspections)),
    )


def _chemical(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> ChemicalEntry:
    return ChemicalEntry(
        id=rid,
        item=draw(_text("chemicals", "item", v)),
        date=draw(when.strategy()),
        action=draw(st.sampled_from(ChemicalAction)),
        quantity=draw(_decimals(1000)),
    )


def _self_inspection(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> SelfInspection:
    items = draw(st.lists(_text("self_inspections", "items", v), max_size=6, unique=True))
    return SelfInspection(id=rid, date=draw(when.strategy()), items=tuple(items))


def _staff_member(
    draw: st.DrawFn, rid: str, when: _Days, staff: tuple[str, ...], v: Vocabulary
) -> StaffMember:
    return _member(draw, rid, when, 3)


def _member(draw: st.DrawFn, rid: str, when: _Days, max_roles: int) -> StaffMember:
    hired, left = _range(draw, when)
    last = left if left is not None else when.end
    inside = _Days(hired, last, tuple(d for d in when.shared if hired <= d <= last))
    spans = []
    for role in draw(st.lists(st.sampled_from(Role), max_size=max_roles)):
        first, until = _range(draw, inside)
        spans.append(RoleSpan(role, first, until))
    return StaffMember(
        id=rid,
        name=draw(_names),
        hired=hired,
        left=left,
        background_check=draw(st.none() | when.strategy()),
        roles=tuple(spans),
    )


_BUILDERS: dict[str, Builder] = {
    "staff": _staff_member,
    "drills": _drill,
    "trainings": _training,
    "meetings": _meeting,
    "education": _education,
    "incidents": _incident,
    "hazards": _hazard,
    "activities": _activity,
    "insurance": _policy,
    "submissions": _submission,
    "duty": _duty,
    "screenings": _screening,
    "health_checks": _health_check,
    "buses": _bus,
    "bus_agreements": _bus_agreement,
    "equipment": _equipment,
    "chemicals": _chemical,
    "self_inspections": _self_inspection,
}


def records(
    collection: str,
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    staff_ids: Collection[str] = ("s1",),
    id: str | None = None,
) -> st.SearchStrategy[Any]:
    """Records of one list of the school file: ``records("drills")``, ``records("staff")``.

    ``collection`` is any list of :class:`~safetyregs.SchoolFile` but
    ``school``. Records that name staff (trainings, duty shifts, hazards)
    name one of ``staff_ids``. The record's id is ``id`` if given, else a
    short drawn string. Dates lie in ``[start, end]`` and seek the edges.
    """
    if collection not in _BUILDERS:
        msg = f"collection={collection!r} is not a list of the school file ({', '.join(_BUILDERS)})"
        raise InvalidArgument(msg)
    _check_date_range(start, end)
    staff = _check_staff_ids(staff_ids, allow_empty=collection not in _NEEDS_STAFF)
    if id is not None and not isinstance(id, str):
        msg = f"id={id!r} must be a string"
        raise InvalidArgument(msg)
    builder = _BUILDERS[collection]

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        rid = id if id is not None else draw(_ids)
        return builder(draw, rid, _Days(start, end), staff, _installed())

    return build()


def _numbered(
    draw: st.DrawFn,
    collection: str,
    when: _Days,
    staff: tuple[str, ...],
    limit: int,
    vocab: Vocabulary | None = None,
) -> tuple[Any, ...]:
    """Up to ``limit`` records with the unique ids ``<prefix>1``, ``<prefix>2``, …"""
    if limit == 0 or (collection in _NEEDS_STAFF and not staff):
        return ()
    count = draw(st.integers(min_value=0, max_value=limit))
    builder = _BUILDERS[collection]
    prefix = _PREFIX[collection]
    return tuple(
        builder(draw, f"{prefix}{i}", when, staff, vocab or _installed())
        for i in range(1, count + 1)
    )


# --- the old per-kind strategies -------------------------------------------------------------


def class_hours(max_value: int = 40) -> st.SearchStrategy[Decimal]:
    """Exact class hours: :class:`Decimal` in ``[0, max_value]`` with one decimal place.

    Shrinks towards ``Decimal('0.0')``.
    """
    if isinstance(max_value, bool) or not isinstance(max_value, int) or max_value < 0:
        msg = f"max_value={max_value!r} must be a non-negative int"
        raise InvalidArgument(msg)
    return _decimals(max_value)


def _levels(levels: Collection[Level | str] | None) -> st.SearchStrategy[tuple[Level, ...]]:
    if levels is None:
        return st.lists(st.sampled_from(Level), min_size=1, max_size=3, unique=True).map(tuple)
    if isinstance(levels, str):
        msg = f"levels={levels!r} must be a collection of levels, not a string"
        raise InvalidArgument(msg)
    try:
        fixed = tuple(Level(level) for level in levels)
    except ValueError as exc:
        msg = f"levels={levels!r}: {exc}"
        raise InvalidArgument(msg) from None
    return st.just(fixed)


def _school(
    draw: st.DrawFn,
    jurisdiction: str,
    levels: st.SearchStrategy[tuple[Level, ...]],
    when: _Days,
    flags: Collection[str] = (),
) -> School:
    bounds = sorted(draw(st.lists(when.strategy(), max_size=6, unique=True)))
    terms = tuple(Term(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False))
    return School(
        id=draw(_ids),
        name=draw(_names),
        jurisdiction=jurisdiction,
        levels=draw(levels),
        boarding="boarding" in flags or draw(st.booleans()),
        uses_school_bus="uses_school_bus" in flags or draw(st.booleans()),
        has_canteen="has_canteen" in flags or draw(st.booleans()),
        has_laboratory="has_laboratory" in flags or draw(st.booleans()),
        terms=terms,
    )


def schools(
    jurisdiction: str = "ziyang",
    levels: Collection[Level | str] | None = None,
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[School]:
    """Schools of ``jurisdiction`` with terms inside ``[start, end]``.

    ``levels=None`` draws one to three levels; otherwise the school has exactly
    the given levels. Terms are in order and do not overlap; their ends seek
    the edge days. Shrinks towards a school with one level (the first), no
    terms and every flag ``False``.
    """
    _check_jurisdiction(jurisdiction)
    _check_date_range(start, end)
    level_strategy = _levels(levels)

    @st.composite
    def build(draw: st.DrawFn) -> School:
        return _school(draw, jurisdiction, level_strategy, _Days(start, end))

    return build()


def staff_members(
    *, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END, max_roles: int = 3
) -> st.SearchStrategy[StaffMember]:
    """Members of staff employed and holding roles within ``[start, end]``.

    Roles start no earlier than the hiring date and often start or end
    mid-year. Shrinks towards someone hired early in the range, still
    employed, with no background check and no roles.
    """
    _check_date_range(start, end)
    limit = _check_max_records(max_roles, "max_roles")

    @st.composite
    def build(draw: st.DrawFn) -> StaffMember:
        return _member(draw, draw(_ids), _Days(start, end), limit)

    return build()


def drills(
    *, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END
) -> st.SearchStrategy[Drill]:
    """Drills on days inside ``[start, end]``; shrink towards a fire drill on ``start``."""
    return records("drills", start=start, end=end)


def trainings(
    staff_ids: Collection[str],
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[Training]:
    """Trainings of one of ``staff_ids`` inside ``[start, end]``.

    Class hours are exact decimals with one decimal place in ``[0, 40]``,
    often just below, on or above the amounts the installed profiles require;
    topics are often the ones they name. Shrinks towards the first staff id,
    ``start``, ``0.0`` hours and no topics.
    """
    _check_staff_ids(staff_ids)
    return records("trainings", start=start, end=end, staff_ids=staff_ids)


def duties(
    staff_ids: Collection[str],
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[Duty]:
    """Duty shifts of one of ``staff_ids``; shrink towards the first id on ``start``."""
    _check_staff_ids(staff_ids)
    return records("duty", start=start, end=end, staff_ids=staff_ids)


def incidents(
    *, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END
) -> st.SearchStrategy[Incident]:
    """Incidents that occurred inside ``[start, end]`` (CST), reports after them.

    Every kind the installed profiles name occurs (drownings, with deaths).
    ``known_at`` is ``None`` or up to three days after the incident; each report is
    ``None`` or up to three days after the clock starts (``known_at``, else the
    incident), often exactly 30 or 60 minutes after it or one second after that.
    Shrinks towards an incident at midnight of ``start``, never reported.
    """
    return records("incidents", start=start, end=end)


def hazards(
    staff_ids: Collection[str] = (),
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[Hazard]:
    """Hazards found inside ``[start, end]``, steps dated on or after the finding.

    Steps often share a day. ``responsible`` is ``None`` or one of
    ``staff_ids`` (``None`` when empty). Shrinks towards a hazard found on
    ``start`` with no steps and no details.
    """
    _check_staff_ids(staff_ids, allow_empty=True)
    return records("hazards", start=start, end=end, staff_ids=staff_ids)


def school_files(
    jurisdiction: str = "ziyang",
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    max_records: int = DEFAULT_MAX_RECORDS,
    profile: Profile | str | None = None,
) -> st.SearchStrategy[SchoolFile]:
    """Valid school files: a school and up to ``max_records`` records of every kind.

    Record ids are ``d1``, ``d2``, … per list (unique), staff ids ``s1``, ``s2``, …;
    trainings, duty shifts and hazards name existing staff (no staff, no
    trainings or duty). All dates lie inside ``[start, end]``; a few shared
    days make several records fall on the same day.

    With ``profile`` (a :class:`~safetyregs.Profile` or the name of an
    installed one; ``jurisdiction`` then defaults to its id) about half the
    files start from a compliant witness of one year of the range
    (:func:`compliant_school_files`) with a few records removed, blanked or
    moved, and a few random records added: files that meet most obligations
    and miss some, which reach every rule. Shrinks towards a school with no
    staff and empty lists.
    """
    chosen = None if profile is None else _check_profile(profile)
    if chosen is not None and jurisdiction == "ziyang":
        jurisdiction = chosen.id
    _check_jurisdiction(jurisdiction)
    _check_date_range(start, end)
    limit = _check_max_records(max_records)

    vocab = _profile_vocabulary(chosen) if chosen is not None else None

    @st.composite
    def build(draw: st.DrawFn) -> SchoolFile:
        return _random_file(draw, jurisdiction, start, end, limit, vocab)

    plain = build()
    if chosen is None or limit == 0:
        return plain
    near = _near_compliant(chosen, jurisdiction, start, end)
    return st.one_of(plain, near) if near is not None else plain


def _random_file(
    draw: st.DrawFn,
    jurisdiction: str,
    start: dt.date,
    end: dt.date,
    limit: int,
    vocab: Vocabulary | None = None,
) -> SchoolFile:
    shared = tuple(draw(st.lists(days(start, end), max_size=3, unique=True)))
    when = _Days(start, end, shared)
    school = _school(draw, jurisdiction, _levels(None), when)
    staff = tuple(_member(draw, f"s{i}", when, 3) for i in range(1, _count(draw, limit) + 1))
    ids = tuple(m.id for m in staff)
    lists = {
        name: _numbered(draw, name, when, ids, limit, vocab)
        for name in RECORD_LISTS
        if name != "staff"
    }
    return SchoolFile(school=school, staff=staff, **lists)


def _count(draw: st.DrawFn, limit: int) -> int:
    return draw(st.integers(min_value=0, max_value=limit)) if limit else 0


# --- near-compliant and compliant files ------------------------------------------------------


def _years(profile: Profile, start: dt.date, end: dt.date) -> list[Period]:
    """The calendar years (clipped to the range) in which the profile is in force."""
    force = Period(profile.effective_from, profile.effective_until or dt.date(9999, 12, 31))
    out = []
    for year in cal.years(Period(start, end)):
        inside = year.intersect(Period(start, end))
        inside = inside.intersect(force) if inside is not None else None
        if inside is not None:
            out.append(inside)
    return out


def _level_choices(profile: Profile) -> list[tuple[Level, ...]]:
    from ._witness import applicable_levels

    named = applicable_levels(profile)
    return [named, *((lv,) for lv in named)]


@functools.lru_cache(maxsize=256)
def _cached_witness(
    profile: Profile, period: Period, levels: tuple[Level, ...], jurisdiction: str
) -> SchoolFile:
    from ._witness import build, school_for

    school = attrs.evolve(school_for(profile, levels), jurisdiction=jurisdiction)
    return build(profile, period, SchoolFile(school=school))


@attrs.frozen
class _Target:
    """How to break one rule of a witness.

    ``evidence``: records that meet its obligations (removing one breaks it);
    ``subjects``: records it judges (blanking a field it reads breaks it).
    """

    read: frozenset[str]
    evidence: tuple[tuple[str, str], ...]
    subjects: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=256)
def _targets(
    profile: Profile, period: Period, levels: tuple[Level, ...], jurisdiction: str
) -> tuple[_Target, ...]:
    """Per rule of a witness: the fields it reads, its evidence and its subjects.

    For rules that report only failures (no met obligation to look at), the
    evidence is the records of the lists that help the rule (an insurance
    policy) and the subjects those of the lists that can hurt it (a bus).
    """
    from ._engine import evaluate
    from .testing import record_effects

    base = _cached_witness(profile, period, levels, jurisdiction)
    where: dict[str, str] = {}
    for name in RECORD_LISTS:
        for record in getattr(base, name):
            rid = getattr(record, "id", None)
            if isinstance(rid, str):
                where.setdefault(rid, name)
    obligations = evaluate(base, profile, period, period.end)
    out = []
    for rule in profile.rules:
        read: set[str] = set()
        for part in _walk(rule.checks):
            read |= _fields_read(part)
        mine = [o for o in obligations if o.rule == rule.id]
        evidence = {(where[e], e) for o in mine for e in o.evidence if e in where}
        subjects = {(where[o.subject], o.subject) for o in mine if o.subject in where}
        if not mine:
            for name, effect in record_effects(rule).items():
                found = {(name, r.id) for r in getattr(base, name) if getattr(r, "id", None)}
                (evidence if effect == "helps" else subjects).update(found)
        if evidence or subjects:
            out.append(_Target(frozenset(read), tuple(sorted(evidence)), tuple(sorted(subjects))))
    return tuple(out)


def _near_compliant(
    profile: Profile, jurisdiction: str, start: dt.date, end: dt.date
) -> st.SearchStrategy[SchoolFile] | None:
    years = _years(profile, start, end)
    if not years:
        return None
    levels = _level_choices(profile)
    vocab = _profile_vocabulary(profile)

    @st.composite
    def build(draw: st.DrawFn) -> SchoolFile:
        period = draw(st.sampled_from(years))
        chosen = draw(st.sampled_from(levels))
        base = _cached_witness(profile, period, chosen, jurisdiction)
        lists = {name: list(getattr(base, name)) for name in RECORD_LISTS}
        when = _Days(period.start, period.end)
        # Break about half the rules: remove a record that meets one, or blank a field of a
        # record it judges (a report time, a certificate) that it reads.
        for target in _targets(profile, period, chosen, jurisdiction):
            if not draw(st.booleans()):
                continue
            if target.evidence:
                name, rid = draw(st.sampled_from(target.evidence))
                change = "remove"
            else:
                name, rid = draw(st.sampled_from(target.subjects))
                change = "blank"
            at = [i for i, r in enumerate(lists[name]) if getattr(r, "id", None) == rid]
            if at:
                read = target.read - {"roles", "levels"}
                lists[name] = _changed(draw, lists[name], at[0], change, when, read)
        # And a few changes anywhere: remove a record, blank a field, move a record.
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            filled = [name for name in RECORD_LISTS if lists[name]]
            if not filled:
                break
            name = draw(st.sampled_from(filled))
            index = draw(st.integers(min_value=0, max_value=len(lists[name]) - 1))
            change = draw(st.sampled_from(("remove", "blank", "move")))
            lists[name] = _changed(draw, lists[name], index, change, when, vocab.read)
        staff = tuple(m.id for m in lists["staff"])
        for name in draw(st.lists(st.sampled_from(RECORD_LISTS), max_size=2, unique=True)):
            if name == "staff" or (name in _NEEDS_STAFF and not staff):
                continue
            taken = {getattr(r, "id", None) for r in lists[name]}
            rid = next(f"x{i}" for i in range(1, 100) if f"x{i}" not in taken)
            lists[name].append(_BUILDERS[name](draw, rid, when, staff, vocab))
        return SchoolFile(school=base.school, **{k: tuple(v) for k, v in lists.items()})

    return build()


def _changed(
    draw: st.DrawFn,
    items: list[Any],
    index: int,
    change: str,
    when: _Days,
    read: Collection[str] = (),
) -> list[Any]:
    """The list with one record removed, moved to another day, or with one field blanked.

    Blanking prefers the fields some rule reads (a report time, a certificate); a
    flag is flipped (an outing with open fire), a number set to zero, a list emptied.
    """
    record = items[index]
    if change == "remove" and not isinstance(record, StaffMember):  # records may name staff
        return items[:index] + items[index + 1 :]
    fields = [a for a in attrs.fields(type(record)) if a.name not in ("id", "staff")]
    if change == "move" and hasattr(record, "date"):
        new = attrs.evolve(record, date=draw(when.strategy()))
        return [*items[:index], new, *items[index + 1 :]]
    blankable = [
        a.name
        for a in fields
        if (isinstance(getattr(record, a.name), bool | tuple) and a.name != "levels")
        or (a.default is None and getattr(record, a.name) is not None and a.name != "left")
        or (a.name in read and type(getattr(record, a.name)) in (int, Decimal))
    ]
    if not blankable:
        return items
    name = draw(st.sampled_from([n for n in blankable if n in read] or blankable))
    value = getattr(record, name)
    blank: Any = (
        not value
        if isinstance(value, bool)
        else ()
        if isinstance(value, tuple)
        else type(value)(0)
        if type(value) in (int, Decimal)
        else None
    )
    return [*items[:index], attrs.evolve(record, **{name: blank}), *items[index + 1 :]]


def compliant_school_files(
    profile: Profile | str,
    period: Period,
    *,
    level: Level | str | Collection[Level | str] | None = None,
    max_records: int = 2,
) -> st.SearchStrategy[SchoolFile]:
    """School files compliant with ``profile`` over ``period`` as of its last day.

    Each file has no ``violated`` and no ``pending`` obligation, every rule of
    the profile that can apply to a school of ``level`` (default: a school
    of every level the profile names and with every flag it names) applies,
    and every kind of subject occurs at least once: an incident reported in
    time, a hazard closed in order, a new role trained in time, … The files
    vary: the school's terms, levels and flags are drawn, up to
    ``max_records`` random records of the lists that can only help are
    added, and the witness builder completes the rest from the rules' own
    declarations (so a derived or third-party profile gets witnesses too).
    """
    chosen = _check_profile(profile)
    if not isinstance(period, Period):
        msg = f"period={period!r} must be a safetyregs.Period"
        raise InvalidArgument(msg)
    limit = _check_max_records(max_records)
    from ._witness import applicable_levels, build, school_for

    if level is None:
        level_strategy = st.sampled_from(
            [applicable_levels(chosen), *((lv,) for lv in applicable_levels(chosen))]
        )
    elif isinstance(level, str | Level):
        level_strategy = _levels([level])
    else:
        level_strategy = _levels(level)
    effects = _helping(chosen)
    when = _Days(period.start, period.end)

    @st.composite
    def draw_file(draw: st.DrawFn) -> SchoolFile:
        base = school_for(chosen, draw(level_strategy))
        school = attrs.evolve(base, terms=draw(_usual_terms(period)))
        lists = {
            name: _numbered(draw, name, when, (), limit) for name in effects if name != "staff"
        }
        return build(chosen, period, SchoolFile(school=school, **lists))

    return draw_file()


def _usual_terms(period: Period) -> st.SearchStrategy[tuple[Term, ...]]:
    """None (the default calendar), or terms around the usual dates for every year of the period.

    Spring terms start 10 Feb–10 Mar and end 25 Jun–20 Jul; autumn terms start 25 Aug–30 Sep
    and end 10–31 Jan: every month and quarter that usually is in session stays so, and
    thin months (a July of eight school days, a late September) occur.
    """

    def around(year: int, month: int, day: int, spread: int) -> st.SearchStrategy[dt.date]:
        first = dt.date(year, month, day)
        # Often a week apart (thin Julys, late Septembers), else anywhere in the spread.
        weekly = st.sampled_from(range(0, spread + 1, 7))
        return st.one_of(weekly, st.integers(min_value=0, max_value=spread)).map(_Offset(first))

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Term, ...]:
        if not draw(st.booleans()):
            return ()
        terms = []
        for year in range(period.start.year - 1, period.end.year + 1):
            spring = Term(draw(around(year, 2, 10, 28)), draw(around(year, 6, 25, 25)))
            autumn = Term(draw(around(year, 8, 25, 36)), draw(around(year + 1, 1, 10, 21)))
            terms += [spring, autumn]
        return tuple(terms)

    return build()


@attrs.frozen
class _Offset:
    """``day + n days`` (a named function, so that failing examples print plainly)."""

    day: dt.date

    def __call__(self, days: int) -> dt.date:
        return self.day + dt.timedelta(days=days)


def _helping(profile: Profile) -> list[str]:
    """The lists that can only help every rule of the profile (records never hurt there)."""
    from .testing import record_effects

    helps: set[str] = set()
    hurts: set[str] = set()
    for rule in profile.rules:
        for name, effect in record_effects(rule).items():
            (helps if effect == "helps" else hurts).add(name)
    return sorted(helps - hurts - _NEEDS_STAFF)


# --- registration with Hypothesis -------------------------------------------------------------


def strategy_for(cls: type[Any]) -> st.SearchStrategy[Any]:
    """The strategy ``st.from_type(cls)`` uses for a model of safetyregs.

    Registered for every model through the ``hypothesis`` entry point of the
    package, so ``st.from_type(SchoolFile)`` and ``st.builds(f)`` of functions
    annotated with the models just work.
    """
    if cls is SchoolFile:
        return school_files()
    if cls is School:
        return schools()
    if cls is StaffMember:
        return staff_members()
    if cls is RoleSpan:
        return _role_spans()
    if cls is HazardStep:
        return st.builds(
            HazardStep, step=st.sampled_from(Step), date=days(DEFAULT_START, DEFAULT_END)
        )
    if cls is Term:
        return _terms()
    for name in RECORD_LISTS:
        from ._witness import record_class

        if record_class(name) is cls:
            return records(name)
    msg = f"no strategy for {cls!r}"  # pragma: no cover - only registered classes come here
    raise InvalidArgument(msg)


@st.composite
def _role_spans(draw: st.DrawFn) -> RoleSpan:
    first, until = _range(draw, _Days(DEFAULT_START, DEFAULT_END))
    return RoleSpan(draw(st.sampled_from(Role)), first, until)


@st.composite
def _terms(draw: st.DrawFn) -> Term:
    when = _Days(DEFAULT_START, DEFAULT_END)
    first = draw(when.strategy())
    return Term(first, draw(when.strategy(first)))
