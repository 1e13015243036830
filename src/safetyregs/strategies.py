"""Hypothesis strategies that generate valid schools and school files.

For your own property tests (needs the ``testing`` extra, which installs
Hypothesis)::

    from hypothesis import given
    from safetyregs import strategies as srst

    @given(srst.school_files(max_records=3))
    def test_my_report_never_crashes(school_file):
        my_report(school_file)

Everything generated is what :func:`safetyregs._io.structure` accepts: staff
ids that records refer to exist, ids are unique within each list, no range
ends before it starts, quantities are exact :class:`~decimal.Decimal` values
with one decimal place, and datetimes are aware, in China Standard Time.
Dates lie inside the inclusive range ``[start, end]`` you pass.

Arguments are checked when you call a strategy function, not when examples
are drawn, and bad ones raise :class:`hypothesis.errors.InvalidArgument`.
Examples shrink towards short lists, dates near 1 January 2000 (so the
earliest dates of a range after it), the first member of each enumeration,
``False``, short strings, ``None`` for optional fields and open ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

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
    "class_hours",
    "drills",
    "duties",
    "hazards",
    "incidents",
    "school_files",
    "schools",
    "staff_members",
    "trainings",
]

T = TypeVar("T")

DEFAULT_START = dt.date(2023, 1, 1)
DEFAULT_END = dt.date(2027, 12, 31)
DEFAULT_MAX_RECORDS = 4

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


def _check_staff_ids(staff_ids: object) -> tuple[str, ...]:
    if isinstance(staff_ids, str) or not isinstance(staff_ids, Collection):
        msg = f"staff_ids={staff_ids!r} must be a collection of strings, not a string"
        raise InvalidArgument(msg)
    ids = tuple(staff_ids)
    if not ids or not all(isinstance(i, str) for i in ids):
        msg = f"staff_ids={staff_ids!r} must hold at least one string id"
        raise InvalidArgument(msg)
    return ids


def _check_max_records(max_records: object) -> int:
    if isinstance(max_records, bool) or not isinstance(max_records, int) or max_records < 0:
        msg = f"max_records={max_records!r} must be a non-negative int"
        raise InvalidArgument(msg)
    return max_records


# --- building blocks -----------------------------------------------------------------


def _dates(start: dt.date, end: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=start, max_value=end)


def _ranges(
    start: dt.date, end: dt.date, *, open_end: bool
) -> st.SearchStrategy[tuple[dt.date, dt.date | None]]:
    """``(first, last)`` inside ``[start, end]`` with ``last >= first``; ``None`` = open."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
        first = draw(_dates(start, end))
        if open_end and not draw(st.booleans()):  # shrinks towards open
            return first, None
        return first, draw(_dates(first, end))

    return build()


def _datetimes(start: dt.date, end: dt.date) -> st.SearchStrategy[dt.datetime]:
    """Aware CST datetimes, whole seconds, on days inside ``[start, end]``."""
    naive = st.datetimes(
        min_value=dt.datetime.combine(start, dt.time()),
        max_value=dt.datetime.combine(end, dt.time(23, 59, 59)),
    )
    return naive.map(lambda d: d.replace(microsecond=0, fold=0, tzinfo=CST))


def _decimals(max_value: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=0, max_value=max_value, places=1, allow_nan=False, allow_infinity=False
    )


def _numbered(
    prefix: str, records: st.SearchStrategy[T], max_records: int
) -> st.SearchStrategy[tuple[T, ...]]:
    """Up to ``max_records`` records with the unique ids ``prefix1``, ``prefix2``, …"""
    return st.lists(records, max_size=max_records).map(
        lambda items: tuple(attrs.evolve(r, id=f"{prefix}{i}") for i, r in enumerate(items, 1))  # type: ignore[misc]
    )


# --- public strategies ---------------------------------------------------------------


def class_hours(max_value: int = 40) -> st.SearchStrategy[Decimal]:
    """Exact class hours: :class:`Decimal` in ``[0, max_value]`` with one decimal place.

    Shrinks towards ``Decimal('0.0')``.
    """
    if isinstance(max_value, bool) or not isinstance(max_value, int) or max_value < 0:
        msg = f"max_value={max_value!r} must be a non-negative int"
        raise InvalidArgument(msg)
    return _decimals(max_value)


def schools(
    jurisdiction: str = "ziyang",
    levels: Collection[Level | str] | None = None,
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[School]:
    """Schools of ``jurisdiction`` with terms inside ``[start, end]``.

    ``levels=None`` draws one to three levels; otherwise the school has exactly
    the given levels. Terms are in order and do not overlap. Shrinks towards a
    school with one level (the first), no terms and every flag ``False``.
    """
    _check_jurisdiction(jurisdiction)
    _check_date_range(start, end)
    if levels is None:
        levels_strategy: st.SearchStrategy[tuple[Level, ...]] = st.lists(
            st.sampled_from(Level), min_size=1, max_size=3, unique=True
        ).map(tuple)
    else:
        if isinstance(levels, str):
            msg = f"levels={levels!r} must be a collection of levels, not a string"
            raise InvalidArgument(msg)
        try:
            fixed = tuple(Level(level) for level in levels)
        except ValueError as exc:
            msg = f"levels={levels!r}: {exc}"
            raise InvalidArgument(msg) from None
        levels_strategy = st.just(fixed)

    @st.composite
    def build(draw: st.DrawFn) -> School:
        bounds = sorted(draw(st.lists(_dates(start, end), max_size=6, unique=True)))
        terms = tuple(Term(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False))
        return School(
            id=draw(_ids),
            name=draw(_names),
            jurisdiction=jurisdiction,
            levels=draw(levels_strategy),
            boarding=draw(st.booleans()),
            uses_school_bus=draw(st.booleans()),
            has_canteen=draw(st.booleans()),
            has_laboratory=draw(st.booleans()),
            terms=terms,
        )

    return build()


def staff_members(
    *, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END, max_roles: int = 3
) -> st.SearchStrategy[StaffMember]:
    """Members of staff employed and holding roles within ``[start, end]``.

    Roles start no earlier than the hiring date. Shrinks towards someone hired
    early in the range, still employed, with no background check and no roles.
    """
    _check_date_range(start, end)
    _check_max_records(max_roles)

    @st.composite
    def build(draw: st.DrawFn) -> StaffMember:
        hired, left = draw(_ranges(start, end, open_end=True))
        last = left if left is not None else end
        role_spans = draw(
            st.lists(
                st.tuples(st.sampled_from(Role), _ranges(hired, last, open_end=True)),
                max_size=max_roles,
            )
        )
        return StaffMember(
            id=draw(_ids),
            name=draw(_names),
            hired=hired,
            left=left,
            background_check=draw(st.none() | _dates(start, end)),
            roles=tuple(RoleSpan(role, a, b) for role, (a, b) in role_spans),
        )

    return build()


def drills(
    *, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END
) -> st.SearchStrategy[Drill]:
    """Drills on days inside ``[start, end]``; shrink towards a whole-school fire drill."""
    _check_date_range(start, end)
    return st.builds(
        Drill,
        id=_ids,
        date=_dates(start, end),
        kind=st.sampled_from(DrillKind),
        scope=st.sampled_from(DrillScope),
        night=st.booleans(),
    )


def trainings(
    staff_ids: Collection[str],
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[Training]:
    """Trainings of one of ``staff_ids`` inside ``[start, end]``.

    Class hours are exact decimals with one decimal place in ``[0, 40]``.
    Shrinks towards the first staff id, ``start``, ``0.0`` hours and no topics.
    """
    ids = _check_staff_ids(staff_ids)
    _check_date_range(start, end)
    return st.builds(
        Training,
        id=_ids,
        staff=st.sampled_from(ids),
        date=_dates(start, end),
        class_hours=_decimals(40),
        kind=st.sampled_from(TrainingKind),
        topics=st.lists(_words, max_size=3).map(tuple),
    )


def duties(
    staff_ids: Collection[str],
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[Duty]:
    """Duty shifts of one of ``staff_ids``; shrink towards the first id on ``start``."""
    ids = _check_staff_ids(staff_ids)
    _check_date_range(start, end)
    return st.builds(
        Duty,
        id=_ids,
        date=_dates(start, end),
        staff=st.sampled_from(ids),
        leader=st.booleans(),
    )


def incidents(
    *, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END
) -> st.SearchStrategy[Incident]:
    """Incidents that occurred inside ``[start, end]`` (CST), reports after them.

    ``known_at`` and the reports are ``None`` or up to three days later.
    Shrinks towards an incident at midnight of ``start``, never reported.
    """
    _check_date_range(start, end)
    later = st.none() | st.integers(min_value=0, max_value=3 * 86400).map(
        lambda seconds: dt.timedelta(seconds=seconds)
    )

    @st.composite
    def build(draw: st.DrawFn) -> Incident:
        occurred = draw(_datetimes(start, end))

        def after(delta: dt.timedelta | None) -> dt.datetime | None:
            return None if delta is None else occurred + delta

        return Incident(
            id=draw(_ids),
            occurred_at=occurred,
            known_at=after(draw(later)),
            kind=draw(st.sampled_from(["other", "injury", "fire", "food_poisoning"])),
            deaths=draw(st.integers(min_value=0, max_value=3)),
            phone_reported_at=after(draw(later)),
            written_reported_at=after(draw(later)),
            letter_receipt_attached=draw(st.booleans()),
        )

    return build()


def hazards(
    staff_ids: Collection[str] = (),
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
) -> st.SearchStrategy[Hazard]:
    """Hazards found inside ``[start, end]``, steps dated on or after the finding.

    ``responsible`` is ``None`` or one of ``staff_ids`` (``None`` when empty).
    Shrinks towards a hazard found on ``start`` with no steps and no details.
    """
    if isinstance(staff_ids, str) or not isinstance(staff_ids, Collection):
        msg = f"staff_ids={staff_ids!r} must be a collection of strings, not a string"
        raise InvalidArgument(msg)
    ids = _check_staff_ids(staff_ids) if staff_ids else ()
    _check_date_range(start, end)
    responsible = st.none() | st.sampled_from(ids) if ids else st.none()
    text = st.none() | _words

    @st.composite
    def build(draw: st.DrawFn) -> Hazard:
        found = draw(_dates(start, end))
        steps = draw(st.lists(st.tuples(st.sampled_from(Step), _dates(found, end)), max_size=4))
        return Hazard(
            id=draw(_ids),
            found=found,
            category=draw(st.sampled_from(["other", "fire", "building", "food", "traffic"])),
            deadline=draw(st.none() | _dates(found, end)),
            responsible=draw(responsible),
            content=draw(text),
            standard=draw(text),
            measures=draw(text),
            system_reported=draw(st.none() | _dates(found, end)),
            steps=tuple(HazardStep(step, day) for step, day in sorted(steps, key=lambda s: s[1])),
        )

    return build()


def school_files(
    jurisdiction: str = "ziyang",
    *,
    start: dt.date = DEFAULT_START,
    end: dt.date = DEFAULT_END,
    max_records: int = DEFAULT_MAX_RECORDS,
) -> st.SearchStrategy[SchoolFile]:
    """Valid school files: a school and up to ``max_records`` records of every kind.

    Record ids are ``d1``, ``d2``, … per list (unique), staff ids ``s1``, ``s2``, …;
    trainings, duty shifts and hazards name existing staff (no staff, no
    trainings or duty). All dates lie inside ``[start, end]``. Shrinks towards
    a school with no staff and empty lists.
    """
    _check_jurisdiction(jurisdiction)
    _check_date_range(start, end)
    limit = _check_max_records(max_records)
    days = _dates(start, end)

    def numbered(prefix: str, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return _numbered(prefix, strategy, limit)

    others: dict[str, st.SearchStrategy[Any]] = {
        "drills": numbered("d", drills(start=start, end=end)),
        "meetings": numbered(
            "m", st.builds(Meeting, id=_ids, date=days, kind=st.sampled_from(MeetingKind))
        ),
        "education": numbered(
            "e",
            st.builds(
                Education,
                id=_ids,
                date=days,
                kind=st.sampled_from(EducationKind),
                theme=st.sampled_from(Theme),
                minutes=st.none() | st.integers(min_value=0, max_value=120),
                class_periods=_decimals(4),
            ),
        ),
        "incidents": numbered("i", incidents(start=start, end=end)),
        "activities": numbered(
            "a",
            st.builds(
                Activity,
                id=_ids,
                date=days,
                kind=st.sampled_from(["outing", "camp", "field_trip"]),
                approved_on=st.none() | days,
                open_fire=st.booleans(),
            ),
        ),
        "insurance": numbered(
            "p",
            _ranged(
                InsurancePolicy,
                start,
                end,
                kind=st.sampled_from(["school_liability", "student_accident"]),
            ),
        ),
        "submissions": numbered(
            "r", st.builds(Submission, id=_ids, kind=st.sampled_from(SubmissionKind), date=days)
        ),
        "screenings": numbered(
            "ps",
            st.builds(
                Screening,
                id=_ids,
                date=days,
                levels=st.lists(st.sampled_from(Level), max_size=3, unique=True).map(tuple),
            ),
        ),
        # Health checks may go without ids; those that have one get a unique one.
        "health_checks": st.lists(
            st.builds(
                HealthCheck,
                date=days,
                session=st.sampled_from(CheckSession),
                id=st.none() | st.just(""),
            ),
            max_size=limit,
        ).map(
            lambda checks: tuple(
                check if check.id is None else attrs.evolve(check, id=f"hc{i}")
                for i, check in enumerate(checks, 1)
            )
        ),
        "buses": numbered(
            "b", st.builds(Bus, id=_ids, plate=_words, provider=_words, video_alarm=st.booleans())
        ),
        "bus_agreements": numbered("ba", _ranged(BusAgreement, start, end, provider=_words)),
        "equipment": numbered(
            "eq",
            st.builds(
                Equipment,
                id=_ids,
                kind=st.sampled_from(["elevator", "boiler", "pressure_vessel"]),
                commissioned=days,
                registration_certificate=st.booleans(),
                operator_certificate=st.booleans(),
                emergency_plan=st.booleans(),
                inspections=st.lists(days, max_size=3).map(lambda ds: tuple(sorted(ds))),
            ),
        ),
        "chemicals": numbered(
            "c",
            st.builds(
                ChemicalEntry,
                id=_ids,
                item=st.sampled_from(["hydrochloric-acid", "ethanol", "sodium"]),
                date=days,
                action=st.sampled_from(ChemicalAction),
                quantity=_decimals(1000),
            ),
        ),
        "self_inspections": numbered(
            "si",
            st.builds(
                SelfInspection, id=_ids, date=days, items=st.lists(_ids, max_size=3).map(tuple)
            ),
        ),
    }

    @st.composite
    def build(draw: st.DrawFn) -> SchoolFile:
        school = draw(schools(jurisdiction, start=start, end=end))
        staff = draw(_numbered("s", staff_members(start=start, end=end), limit))
        ids = [member.id for member in staff]
        records = {name: draw(strategy) for name, strategy in others.items()}
        if ids:
            records["trainings"] = draw(numbered("t", trainings(ids, start=start, end=end)))
            records["duty"] = draw(numbered("du", duties(ids, start=start, end=end)))
        records["hazards"] = draw(numbered("h", hazards(ids, start=start, end=end)))
        return SchoolFile(school=school, staff=staff, **records)

    return build()


def _ranged(
    cls: Callable[..., T], start: dt.date, end: dt.date, **fields: st.SearchStrategy[Any]
) -> st.SearchStrategy[T]:
    """Records with ``start``/``end`` fields inside ``[start, end]`` (end may be open)."""

    @st.composite
    def build(draw: st.DrawFn) -> T:
        first, last = draw(_ranges(start, end, open_end=True))
        drawn = {name: draw(strategy) for name, strategy in fields.items()}
        return cls(id=draw(_ids), start=first, end=last, **drawn)

    return build()
