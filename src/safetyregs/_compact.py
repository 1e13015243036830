"""Batch loading: school files whose bulk record lists are kept as columns.

A population of many schools (:class:`safetyregs.batch.Population`) does not need a
Python object for each of the thousands of daily records of a school (the 1530
sessions, health checks, duty shifts, trainings): the batch engine reads their school,
day and field values as columns. :func:`read` reads such a list as three columns (ids,
dates, and a prototype record per distinct set of other values, shared by every school
of the population), checked value by value as the loader's quick path checks them; the
rest of the file is read by the quick path as usual. A school's records are built from
the columns only when something asks for them (a rule evaluated school by school, the
explanations of one school's results).

Whatever :func:`read` cannot vouch for (another format, a value the quick path would
refuse or not read itself, a key named twice, an id clash), it leaves to
:func:`safetyregs.loads`, which reads the file as it always does, or refuses it with its
errors: the columns hold only files that ``loads`` reads as the same models.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import operator
import threading
import typing
from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal
from typing import Any, get_args

import attrs

from . import _limits
from ._io import (
    _IDLE_CONVERTERS,
    _STAFF_REFERENCES,
    ABSENT_MEANS,
    _collector_paused,
    _direct_checks,
    _mark_valid,
    _members,
    _no_key_twice,
    _parse_json,
    _Quick,
    _quick_reader,
    _quick_structure,
    _semantically_sound,
    _Unsure,
    converter,
)
from ._limits import Limits
from ._models import SchoolFile, _non_negative_int
from ._routines import check_routines

#: The record lists kept as columns: the ones a school writes a record a day in.
BULK = ("education", "health_checks", "duty", "trainings", "meetings", "drills")

_MISSING = object()  # a key a record leaves out

#: Prototypes kept, at most (a prototype is one distinct set of values, not a record).
_PROTOTYPES_KEPT = 1 << 14


@attrs.frozen
class Columns:
    """One record list of one school: each record's id and date, and the record that
    stands for its other values (shared with every record that writes the same)."""

    cls: type[Any]
    ids: tuple[Any, ...]  # texts and dates only: tuples the collector stops tracking
    dates: tuple[dt.date, ...]
    protos: list[Any]

    def records(self) -> tuple[Any, ...]:
        """The records, equal to those :func:`safetyregs.loads` builds."""
        names = [a.name for a in attrs.fields(self.cls)]
        setters = [self.cls.__dict__[name].__set__ for name in names]
        new = object.__new__
        out = []
        for record_id, day, proto in zip(self.ids, self.dates, self.protos, strict=True):
            record = new(self.cls)
            for name, setter in zip(names, setters, strict=True):
                if name == "id":
                    setter(record, record_id)
                elif name == "date":
                    setter(record, day)
                else:
                    setter(record, getattr(proto, name))
            out.append(record)
        return tuple(out)


def _record_class(name: str) -> type[Any]:
    hint = typing.get_type_hints(SchoolFile)[name]
    cls: type[Any] = get_args(hint)[0]
    return cls


def _handled(hint: Any) -> bool:
    args = get_args(hint)
    if type(None) in args and len(args) == 2:
        hint = next(a for a in args if a is not type(None))
    if hint in (str, int, bool, dt.date, Decimal):
        return True
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return True
    return typing.get_origin(hint) is tuple and get_args(hint) == (str, ...)


def _eligible(cls: type[Any]) -> bool:
    """Records the columns can hold: an id and a date, fields of the kinds handled here,
    no check but a non-negative number, and built from their slots (as the quick path
    builds them)."""
    hints = typing.get_type_hints(cls)
    names = {a.name for a in attrs.fields(cls)}
    return (
        {"id", "date"} <= names
        and hints["date"] is dt.date
        and all(_handled(hints[a.name]) for a in attrs.fields(cls))
        and all(a.validator in (None, _non_negative_int) for a in attrs.fields(cls))
        and all(a.converter is None or a.converter in _IDLE_CONVERTERS for a in attrs.fields(cls))
        and _direct_checks(cls, attrs.fields(cls)) is not None
    )


_CLASSES = {name: _record_class(name) for name in BULK}
assert all(map(_eligible, _CLASSES.values()))


class _Reader:
    """Column readers under one set of limits (the quick path's checks, a list at once)."""

    def __init__(self, quick: _Quick, limits: Limits) -> None:
        self.quick = quick
        self.limits = limits
        self.protos: dict[type[Any], dict[tuple[Any, ...], Any]] = {}
        self.lock = threading.Lock()

    # --- one column of values -------------------------------------------------------

    def texts(self, values: list[Any], is_id: bool) -> list[Any]:
        limit = self.limits.max_id_length if is_id else self.limits.max_text_length
        if not values:
            return values
        if (
            set(map(type, values)) == {str}
            and max(map(len, values)) <= limit
            and all(map(str.isprintable, values))
        ):
            return values
        for v in values:
            if type(v) is not str or not (
                (len(v) <= limit and v.isprintable())
                or _limits.text_allowed(v, self.limits, is_id=is_id)
            ):
                raise _Unsure
        return values

    def column(self, hint: Any, name: str, values: list[Any]) -> list[Any]:
        """``values`` read as ``hint`` (raises :class:`_Unsure` where the quick path would)."""
        args = get_args(hint)
        if type(None) in args and len(args) == 2:
            inner = next(a for a in args if a is not type(None))
            if not any(map(operator.is_, values, itertools.repeat(None))):
                return self.column(inner, name, values)
            present = [v for v in values if v is not None]
            given = iter(self.column(inner, name, present))
            return [None if v is None else next(given) for v in values]
        if hint is str:
            return self.texts(values, name in _limits.ID_KEYS)
        if hint is bool:
            if not set(map(type, values)) <= {bool}:
                raise _Unsure
            return values
        if hint is int:
            bound = self.quick.bound
            if values and (
                not set(map(type, values)) <= {int} or min(values) <= -bound or max(values) >= bound
            ):
                raise _Unsure
            return values
        if hint is dt.date:
            days = self.quick.days.get
            read = list(map(days, values))  # TypeError for a list or an object: not vouched
            if any(map(operator.is_, read, itertools.repeat(None))):
                for number in [n for n, d in enumerate(read) if d is None]:
                    read[number] = self.quick.date(values[number])
            return read
        if hint is Decimal:
            return list(map(self.quick.decimal, values))
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            members = _enum_members(hint, self.limits.max_text_length)
            read = list(map(members.get, values))  # only texts are keys
            if any(map(operator.is_, read, itertools.repeat(None))):
                raise _Unsure
            return read
        # tuple[str, ...]
        if not set(map(type, values)) <= {list}:
            raise _Unsure
        self.texts(list(itertools.chain.from_iterable(values)), False)
        return list(map(tuple, values))

    # --- one record list ------------------------------------------------------------

    def columns(self, name: str, records: Any) -> Columns:
        cls = _CLASSES[name]
        names, plan = _plan(name)
        if type(records) is not list or set(map(type, records)) != {dict}:
            raise _Unsure
        written = tuple(set().union(*records))
        if not names.issuperset(written):
            raise _Unsure  # a key of no field
        size = len(records)
        by_key: dict[str, list[Any]] = {}
        if len(written) > 1 and set(map(len, records)) == {len(written)}:
            # Every record writes every key written (nearly always): the columns in one pass.
            rows = map(operator.itemgetter(*written), records)
            by_key = dict(zip(written, map(list, zip(*rows, strict=True)), strict=True))
        ids: list[Any] = []
        dates: list[dt.date] = []
        raw: list[list[Any]] = []
        read: list[list[Any]] = []
        for field, hint, default, absent, non_negative, keyed in plan:
            values: list[Any]
            if field in by_key:
                values, missing = by_key[field], False
            elif field not in written:
                values, missing = [_MISSING] * size, size > 0
            else:
                values = list(map(dict.get, records, itertools.repeat(field), _missing(size)))
                missing = any(map(operator.is_, values, _missing(size)))
            if missing and absent is not _MISSING:
                values = [absent if v is _MISSING else v for v in values]
                missing = False
            if missing and default is attrs.NOTHING:
                raise _Unsure  # a key every record writes, left out
            if not missing:
                column = self.column(hint, field, values)
            elif all(map(operator.is_, values, _missing(size))):
                column = [default] * size
            else:
                present = [v for v in values if v is not _MISSING]
                given = iter(self.column(hint, field, present))
                column = [default if v is _MISSING else next(given) for v in values]
            if non_negative and column:
                numbers = (
                    [v for v in column if v is not None]
                    if any(map(operator.is_, column, _nothing(size)))
                    else column
                )
                if numbers and min(numbers) < 0:
                    raise _Unsure
            if field == "id":
                ids = column
            elif field == "date":
                dates = column
            else:
                # The values as written stand for the record (texts, numbers, lists as
                # tuples; a key left out for itself): "12" and "12.0" hours are two.
                kinds = set(map(type, values)) if keyed else set()
                if kinds == {list}:
                    values = list(map(tuple, values))
                elif not kinds <= {str, int, type(None), object}:
                    values = list(map(_as_key, values))
                raw.append(values)
                read.append(column)
        keys = list(zip(*raw, strict=True)) if raw else [()] * size
        known = self.protos.setdefault(cls, {})
        protos = list(map(known.get, keys))
        if any(map(operator.is_, protos, _nothing(size))):
            for number in [n for n, p in enumerate(protos) if p is None]:
                values = [column[number] for column in read]
                protos[number] = self._prototype(
                    cls, keys[number], ids[number], dates[number], values
                )
        return Columns(cls, tuple(ids), tuple(dates), protos)

    def _prototype(
        self,
        cls: type[Any],
        key: tuple[Any, ...],
        record_id: Any,
        day: dt.date,
        values: list[Any],
    ) -> Any:
        known = self.protos[cls]
        found = known.get(key)
        if found is not None:
            return found
        proto = object.__new__(cls)
        others = iter(values)
        for a in attrs.fields(cls):
            value = record_id if a.name == "id" else day if a.name == "date" else next(others)
            cls.__dict__[a.name].__set__(proto, value)
        with self.lock:
            if len(known) < _PROTOTYPES_KEPT:
                known[key] = proto
        return proto


def _missing(size: int) -> Iterator[Any]:
    return itertools.repeat(_MISSING, size)


def _nothing(size: int) -> Iterator[Any]:
    return itertools.repeat(None, size)


_Plan = tuple[frozenset[str], tuple[tuple[str, Any, Any, Any, bool, bool], ...]]


@functools.cache
def _plan(name: str) -> _Plan:
    """The fields of the records of list ``name``: name, type, default, what a key left
    out means (as written), whether it must not be negative, and whether its values as
    written are made keys (lists, decimals)."""
    cls = _CLASSES[name]
    hints = typing.get_type_hints(cls)
    absent = ABSENT_MEANS.get(cls, {})
    fields = tuple(
        (
            a.name,
            hints[a.name],
            a.default,
            absent.get(a.name, _MISSING),
            a.validator is _non_negative_int,
            hints[a.name] is Decimal or typing.get_origin(hints[a.name]) is tuple,
        )
        for a in attrs.fields(cls)
    )
    return frozenset(a.name for a in attrs.fields(cls)), fields


def _as_key(value: Any) -> Any:
    if type(value) is list:
        return tuple(value)
    if type(value) is Decimal:  # 1.5 and 1.50 are equal decimals, written differently
        return (Decimal, str(value))
    return value


_enum_cache: dict[tuple[type[enum.Enum], int], dict[Any, Any]] = {}


def _enum_members(cls: type[enum.Enum], longest: int) -> dict[Any, Any]:
    found = _enum_cache.get((cls, longest))
    if found is None:
        found = _enum_cache[(cls, longest)] = {
            value: member
            for value, member in _members(cls).items()
            if isinstance(value, str) and len(value) <= longest
        }
    return found


_readers: dict[Limits, _Reader] = {}


def _reader(limits: Limits) -> _Reader | None:
    quick = _quick_reader(limits, share=True)
    if quick is None:
        return None
    found = _readers.get(limits)
    if found is None or found.quick is not quick:
        found = _readers[limits] = _Reader(quick, limits)
    return found


def read(
    text: str, profiles: Collection[str] | None, limits: Limits
) -> tuple[SchoolFile, dict[str, Columns]] | None:
    """The school file without its bulk record lists, and those lists as columns; ``None``
    where :func:`safetyregs.loads` must read the file (it reads it the same way or gives
    its errors)."""
    reader = _reader(limits)
    if reader is None:
        return None
    text = text.removeprefix("\ufeff")
    with _collector_paused():
        try:
            data = _parse_json(text, None, limits, marks=False, hooks=False)
        except Exception:  # the loader says what is wrong
            return None
        if type(data) is not dict:
            return None
        rest = dict(data)
        columns: dict[str, Columns] = {}
        try:
            with _limits.using(limits):
                for name in BULK:
                    records = data.get(name)
                    if records:
                        columns[name] = reader.columns(name, records)
                        rest[name] = []
        except Exception:  # _Unsure, or a value the quick path would not read either
            return None
        skeleton = _quick_structure(rest, limits, share=True)
        if skeleton is None:
            return None
        if not _no_key_twice(text, data, text.count(":")):
            return None
        del data, rest
        if not _sound(skeleton, columns, profiles):
            return None
        if skeleton.routines:
            try:
                with _limits.using(limits):
                    check_routines(skeleton, converter.structure, read=True)
            except Exception:
                return None
    return skeleton, columns


def _sound(
    skeleton: SchoolFile, columns: dict[str, Columns], profiles: Collection[str] | None
) -> bool:
    """What :func:`safetyregs.loads` checks after reading, for the columns too: distinct
    ids, staff who exist, routines whose ids and records clash with none, a jurisdiction
    named as a profile is (no warning to give)."""
    if not _semantically_sound(skeleton, profiles):
        return False
    if profiles is not None and skeleton.school.jurisdiction not in profiles:
        return False  # read as another spelling of a profile: loads warns
    staff = {member.id for member in skeleton.staff}
    named: dict[str, Sequence[Any]] = {}
    for name, found in columns.items():
        ids: Sequence[Any] = found.ids
        distinct = set(ids)
        if None in distinct:  # health checks may have no id
            distinct.discard(None)
            ids = [i for i in ids if i is not None]
        if len(distinct) != len(ids):
            return False
        named[name] = ids
        key = _STAFF_REFERENCES.get(name)
        if key is not None:
            refs = set(map(operator.attrgetter(key), found.protos))
            refs.discard(None)
            if not refs <= staff:
                return False
    for routine in skeleton.routines:
        taken = named.get(routine.collection, ())
        prefix = f"{routine.id}@"
        if routine.id in taken or any(map(operator.methodcaller("startswith", prefix), taken)):
            return False
    return True


def school_file(
    skeleton: SchoolFile, columns: dict[str, Columns], names: Sequence[str] | None = None
) -> SchoolFile:
    """The school file with the records of ``names`` (all by default) built from their
    columns: equal to what :func:`safetyregs.loads` reads when all are built."""
    wanted = columns if names is None else {n: c for n, c in columns.items() if n in names}
    if not wanted:
        return skeleton
    changes: dict[str, Any] = {name: found.records() for name, found in wanted.items()}
    built = attrs.evolve(skeleton, **changes)
    _mark_valid(built)
    return built
