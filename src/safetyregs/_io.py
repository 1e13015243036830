"""Reading and writing school files: one cattrs converter, strict by design.

The school file of ``spec/contract.md`` is JSON (or TOML with the same
structure). Everything goes through :data:`converter`; a file with any problem
is rejected as a whole with a :class:`~safetyregs.SchoolFileError` listing every
problem as ``(path, message)``, the path in JSON form (``drills[3].date``).

>>> sf = loads('{"school": {"id": "s", "name": "n", "jurisdiction": "ziyang", "levels": []}}')
>>> sf.school.id
's'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import enum
import functools
import gc
import itertools
import json
import operator
import os
import re
import stat
import sys
import threading
import tomllib
import types
import typing
import warnings
import weakref
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from . import _limits
from ._errors import SchoolFileError, SchoolFileWarning, UsageError
from ._limits import DEFAULT_LIMITS, Limits
from ._models import (
    END_NOT_BEFORE,
    Duty,
    Routine,
    School,
    SchoolFile,
    StaffMember,
    Training,
    _non_negative_int,
    _opt_cst,
    _tuple,
    decimal_from_float,
    to_cst,
    to_decimal,
)
from ._routines import RoutineProblem, check_bounds, check_routines, prototype

__all__ = [
    "converter",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "record",
    "structure",
    "unstructure",
    "validate",
]

#: The lists of a school file whose records carry an ``id`` (all but ``school``).
_RECORD_LISTS = tuple(a.name for a in attrs.fields(SchoolFile) if a.name != "school")

#: Record fields that must name a member of staff: list -> field.
_STAFF_REFERENCES = {"trainings": "staff", "duty": "staff", "hazards": "responsible"}

_R = typing.TypeVar("_R")

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?"
)
_DECIMAL_RE = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


# --- how values are shown in messages ----------------------------------------------


def _show(value: Any) -> str:
    """A value as the person who wrote the file would recognise it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = repr(value)  # repr escapes control characters and lone surrogates
        return text if len(text) <= 60 else text[:59] + "…"
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


# --- structure hooks for leaf values -----------------------------------------------


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        msg = f"{_show(value)} is not a string"
        raise TypeError(msg)
    # Short strings (ids, kinds, staff ids) repeat across records and schools: share them.
    return sys.intern(value) if len(value) <= 32 and type(value) is str else value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        msg = f"{_show(value)} is not a boolean (true or false)"
        raise TypeError(msg)
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{_show(value)} is not an integer"
        raise TypeError(msg)
    return value


def _structure_decimal(value: Any, _: type) -> Decimal:
    """An exact, finite, non-negative decimal from a string, an int or a Decimal."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        if isinstance(value, float):
            msg = f"{_show(value)} is a binary float; write exact decimals as strings"
        else:
            msg = f"{_show(value)} is not a decimal number"
        raise TypeError(msg)
    if isinstance(value, str):
        if not _DECIMAL_RE.fullmatch(value):
            msg = f"{_show(value)} is not a decimal number"
            raise ValueError(msg)
        result = Decimal(value.strip())
    else:
        try:
            result = Decimal(value)
        except InvalidOperation:  # pragma: no cover - int and Decimal always convert
            msg = f"{_show(value)} is not a decimal number"
            raise ValueError(msg) from None
    if not result.is_finite():
        msg = f"{_show(value)} is not a finite decimal number"
        raise ValueError(msg)
    too_long = _limits.number_problem(result, _limits.active())
    if too_long is not None:
        msg = f"{_show(value)} is {too_long}"
        raise ValueError(msg)
    if result < 0:
        msg = f"{_show(value)} is negative"
        raise ValueError(msg)
    return result


_Day = TypeVar("_Day", dt.date, dt.datetime)


def _in_horizon(day: _Day) -> _Day:
    limits = _limits.active()
    if not limits.date_in_horizon(day):
        msg = f"{day.isoformat()} is outside the supported dates {limits.horizon_text}"
        raise ValueError(msg)
    return day


def _structure_date(value: Any, _: type) -> dt.date:
    """A date from an ISO ``YYYY-MM-DD`` string (or a native TOML date)."""
    if isinstance(value, dt.datetime):
        msg = f"{_show(value)} is a datetime, not a date"
        raise TypeError(msg)
    if isinstance(value, dt.date):
        return _in_horizon(value)
    if not isinstance(value, str):
        msg = f"{_show(value)} is not a date (expected a string YYYY-MM-DD)"
        raise TypeError(msg)
    known = _DATES.get(value)
    if known is not None:
        return _in_horizon(known)
    if not _DATE_RE.fullmatch(value):
        msg = f"{_show(value)} is not a date (expected YYYY-MM-DD)"
        raise ValueError(msg)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        msg = f"{value} is not a date"
        raise ValueError(msg) from None
    if len(_DATES) < _DATES_KEPT:
        _DATES[value] = day
    return _in_horizon(day)


#: Dates already read, shared by every record that names them (a year of records names a
#: few hundred days): less parsing and one date object per day. Bounded, whatever the input;
#: the horizon of the active limits is checked on every use.
_DATES: dict[str, dt.date] = {}
_DATES_KEPT = 1 << 16


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    """An aware CST datetime from ISO 8601; naive means China Standard Time."""
    if isinstance(value, dt.datetime):
        aware: dt.datetime = to_cst(_in_horizon(value))
        return aware
    if not isinstance(value, str):
        msg = f"{_show(value)} is not a datetime (expected a string like 2026-10-01T10:00:00)"
        raise TypeError(msg)
    if not _DATETIME_RE.fullmatch(value):
        msg = f"{_show(value)} is not a datetime (expected ISO 8601 like 2026-10-01T10:00:00)"
        raise ValueError(msg)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        msg = f"{value} is not a datetime"
        raise ValueError(msg) from None
    result: dt.datetime = to_cst(_in_horizon(parsed))
    return result


@functools.cache
def _members(type_: type[enum.Enum]) -> dict[Any, enum.Enum]:
    """An enumeration's members by value, looked up once per type instead of per record."""
    return {member.value: member for member in type_}


def _structure_enum(value: Any, type_: type[enum.Enum]) -> enum.Enum:
    members = _members(type_)
    if isinstance(value, str | int) and not isinstance(value, bool) and value in members:
        return members[value]
    msg = f"{_show(value)} is not one of {', '.join(str(a) for a in members)}"
    raise ValueError(msg)


# --- structure hook factories for containers -----------------------------------------


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_structure_factory(
    type_: Any, conv: cattrs.Converter
) -> Callable[[Any, Any], tuple[Any, ...]]:
    """Tuples from JSON lists only: a string is not a list of characters."""
    element = get_args(type_)[0]
    element_hook = conv.get_structure_hook(element)

    def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            msg = f"{_show(value)} is not a list"
            raise TypeError(msg)
        result: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                result.append(element_hook(item, element))
            except Exception as exc:
                note = IterableValidationNote(
                    f"Structuring {type_} @ index {index}", index, element
                )
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {type_!r}", errors, type_)
        return tuple(result)

    return structure_tuple


#: Keys a file may leave out although the model's signature needs them: the
#: contract lets every list be absent, and these scalars have a natural "unknown".
ABSENT_MEANS: dict[type[Any], dict[str, Any]] = {
    School: {"name": "", "levels": []},
    StaffMember: {"name": "", "hired": None},
    Training: {"class_hours": "0"},
    Duty: {"staff": None},
}


def _attrs_structure_factory(cl: type[Any], conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Records from JSON objects only, unknown keys refused."""
    generated = make_dict_structure_fn(
        cl, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    absent = ABSENT_MEANS.get(cl, {})

    def structure_record(value: Any, _: Any) -> Any:
        # A dict first: the abstract Mapping check is slow and this runs once per record.
        if type(value) is not dict and not isinstance(value, Mapping):
            msg = f"{_show(value)} is not an object"
            raise TypeError(msg)
        if absent and not absent.keys() <= value.keys():
            value = {**absent, **value}
        return generated(value, cl)

    return structure_record


class _Problems(Exception):
    """Several problems of one value, each with a path relative to it."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))
        self.problems = problems


#: A routine's keys in the school file, and the model fields they fill.
_ROUTINE_KEYS = {
    "id": "id",
    "collection": "collection",
    "record": "record",
    "every": "every",
    "from": "from_",
    "to": "to",
    "except": "except_",
}
_ROUTINE_TYPES: dict[str, Any] = {
    "id": str,
    "collection": str,
    "every": str,
    "from": dt.date,
    "to": dt.date | None,
    "except": tuple[dt.date, ...],
}


def _structure_routine(value: Any, _: Any) -> Routine:
    """A routine from its object: its keys, then its record as a record of its collection."""
    return _routine_from(value, converter.structure)


def _routine_from(value: Any, structure: Callable[[Any, Any], Any]) -> Routine:
    """A routine, its parts read by ``structure`` (the converter's, or the quick path's)."""
    if not isinstance(value, Mapping):
        msg = f"{_show(value)} is not an object"
        raise TypeError(msg)
    found: list[tuple[str, str]] = [
        (str(key), "unknown key") for key in value if key not in _ROUTINE_KEYS
    ]
    found += [
        ("", f"missing required key {key!r}")
        for key in ("id", "collection", "record", "every", "from")
        if key not in value
    ]
    parts: dict[str, Any] = {}
    for key, type_ in _ROUTINE_TYPES.items():
        if key in value:
            try:
                parts[_ROUTINE_KEYS[key]] = structure(value[key], type_)
            except Exception as exc:
                found.extend(_walk(exc, key))
    record = value.get("record")
    if "record" in value and not isinstance(record, Mapping):
        found.append(("record", f"{_show(record)} is not an object"))
    elif isinstance(record, Mapping) and not found:
        draft = Routine(
            parts["id"], parts["collection"], dict(record), parts["every"], parts["from_"]
        )
        try:
            proto = prototype(draft, structure)
        except RoutineProblem as exc:
            found.append((exc.field, str(exc)))
        except Exception as exc:
            found.extend(_walk(exc, "record"))
        else:
            # Keep the fields as written, in their canonical school-file form.
            canonical = converter.unstructure(proto)
            parts["record"] = {k: canonical[k] for k in record}
    if not found:
        to, start = parts.get("to"), parts["from_"]
        if to is not None and to < start:
            found.append(("to", f"{to.isoformat()} precedes from {start.isoformat()}"))
    if found:
        raise _Problems(found)
    routine = Routine(**parts)
    try:
        check_bounds(routine)
    except RoutineProblem as exc:
        raise _Problems([(exc.field, str(exc))]) from None
    return routine


def _unstructure_routine(routine: Routine) -> dict[str, Any]:
    def thaw(value: Any) -> Any:
        return [thaw(v) for v in value] if isinstance(value, tuple) else value

    return {
        "id": routine.id,
        "collection": routine.collection,
        "record": {key: thaw(value) for key, value in routine.record},
        "every": routine.every,
        "from": routine.from_.isoformat(),
        "to": None if routine.to is None else routine.to.isoformat(),
        "except": [day.isoformat() for day in routine.except_],
    }


# --- unstructure hooks -----------------------------------------------------------------


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def _tuple_unstructure_factory(
    type_: Any, conv: cattrs.Converter
) -> Callable[[tuple[Any, ...]], list[Any]]:
    element_hook = conv.get_unstructure_hook(get_args(type_)[0])

    def unstructure_tuple(value: tuple[Any, ...]) -> list[Any]:
        return [element_hook(item) for item in value]

    return unstructure_tuple


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Leaf types go to singledispatch, which cattrs consults first; the enum
    # hooks are registered for StrEnum too, which precedes str in their MRO.
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_structure_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_structure_factory)
    conv.register_structure_hook(Routine, _structure_routine)
    conv.register_unstructure_hook(Routine, _unstructure_routine)

    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.datetime, lambda value: to_cst(value).isoformat())
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_unstructure_hook(enum.Enum, lambda value: value.value)
    conv.register_unstructure_hook_factory(_is_homogeneous_tuple, _tuple_unstructure_factory)
    return conv


#: The one converter for school files: strict structuring, JSON-ready unstructuring.
converter: cattrs.Converter = _make_converter()


# --- the quick path: files without a problem, read without building any error --------------
#
# Nearly every file a school keeps has no problem at all. For those, the quick path below
# reads the parsed data in one pass, with a reader generated for each record class that
# also applies the input limits to each value it reads (so the separate walk of the limits
# is not needed). It never reports anything: at the first value it cannot vouch for, whatever
# the reason, it gives up, and the file is read again by the reference path above (limits
# walk, detailed validation), which builds every message with its path. So a file with a
# problem gets exactly the errors it always got, and a file the quick path accepts is one
# the reference path accepts, as the same models (tests/property/test_quick_load.py).
#
# It vouches for every value of the data because it reads every value: unknown keys are
# refused, so each value sits under a field and goes through that field's hook, and the
# hooks refuse containers where a field holds a leaf. That bounds the nesting of what it
# accepts (``hazards[0].steps[0]`` is as deep as a school file goes), and every key it
# accepts is a field name.


class _Unsure(Exception):
    """The quick path cannot vouch for a value: the reference path reads the file."""


#: How deep containers nest in a school file the quick path accepts (the root is level 0;
#: ``hazards[0].steps[0]`` and ``routines[0].record.topics`` are at level 4).
_QUICK_DEEPEST = 4


def _longest_field_name() -> int:
    names = {"from", "to", "except", *_ROUTINE_KEYS}
    for cls in _record_types_of(SchoolFile):
        names.update(a.name for a in attrs.fields(cls))
    return max(map(len, names))


def _record_types_of(cls: type[Any]) -> set[type[Any]]:
    """``cls`` and every attrs class its fields hold, however deep."""
    found: set[type[Any]] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        for hint in typing.get_type_hints(current).values():
            todo.extend(a for a in _leaf_types(hint) if attrs.has(a))
    return found


def _leaf_types(hint: Any) -> list[Any]:
    args = get_args(hint)
    return [t for a in args for t in _leaf_types(a)] if args else [hint]


#: Records shared between files, at most (see :func:`_shareable`).
_SHARED_KEPT = 1 << 14

#: Sets of keys by which shared records are also found by their values alone, at most
#: (per record class).
_SHAPES_KEPT = 64

#: The values of a record written with one set of keys, and the records by their values.
_ByValues = tuple[Callable[[Mapping[str, Any]], tuple[Any, ...]], dict[tuple[Any, ...], Any]]


#: What the models' converters return unchanged for a value the quick path has read:
#: a tuple, a finite non-negative decimal, an aware datetime in China Standard Time.
_IDLE_CONVERTERS = frozenset({_tuple, to_decimal, to_cst, _opt_cst})


def _direct_checks(cl: type[Any], fields: Any) -> list[str] | None:
    """Lines that refuse what the validators of ``cl`` refuse, when the quick path can
    build its records without ``__init__``; ``None`` when it calls ``cl`` as usual."""
    if (
        getattr(cl, "__new__", None) is not object.__new__
        or hasattr(cl, "__attrs_post_init__")
        or hasattr(cl, "__attrs_pre_init__")
    ):
        return None  # pragma: no cover - no model has them
    index = {a.name: number for number, a in enumerate(fields)}
    lines: list[str] = []
    for number, a in enumerate(fields):
        if type(cl.__dict__.get(a.name)) is not types.MemberDescriptorType:
            return None  # pragma: no cover - every field of a model is a slot
        if a.converter is not None and a.converter not in _IDLE_CONVERTERS:
            return None  # pragma: no cover - a model's converter unknown here
        if a.validator is None:
            continue
        start = END_NOT_BEFORE.get(a.validator)
        if a.validator is _non_negative_int:
            lines += [f"    if f{number} is not None and f{number} < 0:", "        raise Unsure"]
        elif start is not None and start in index:
            first = f"f{index[start]}"
            lines += [
                f"    if f{number} is not None and {first} is not None and f{number} < {first}:",
                "        raise Unsure",
            ]
        else:
            return None  # pragma: no cover - a model's validator unknown here
    return lines


def _shareable(cl: type[Any], hints: dict[str, Any]) -> bool:
    """Whether records of ``cl`` without an id are shared between the files that hold them.

    A record without an id in a list of the school file is a value (the morning health
    check of 4 March), written the same in many schools' files: the quick path keeps the
    first it builds and gives it back for the same record written again, as it does for
    dates. Parts of other records (a member of staff's role spans, a hazard's steps)
    differ from school to school (measured: sharing them cost more than it saved). Only
    classes whose fields are all texts, dates, enumeration members or null qualify: their
    values in a JSON file are strings or null, which equal no value of another type
    (unlike ``1 == True`` or ``Decimal(1) == 1``).
    """
    names = {a.name for a in attrs.fields(cl)}
    if cl in ABSENT_MEANS or ("id" in names and type(None) not in get_args(hints["id"])):
        return False
    if cl not in _record_types().values() or cl is School:
        return False  # a part of another record (a role span, a hazard's step) is its own
    for hint in hints.values():
        for leaf in _leaf_types(hint):
            text_like = leaf in (str, dt.date, type(None))
            if not text_like and not (isinstance(leaf, type) and issubclass(leaf, enum.Enum)):
                return False
    return True


class _Quick:
    """The quick path's readers under one set of limits, a function per type.

    A record's reader is generated once per class, with each field's check written into
    it (a call per record, not one per field): the text of the limits and the lookups of
    the reference hooks (dates and decimals read once, enumeration members by value).
    Each raises :class:`_Unsure` (or any other exception) where the reference path might
    say something.
    """

    def __init__(self, limits: Limits, *, share: bool) -> None:
        self.limits = limits
        self.share = share
        self.shared: dict[tuple[Any, ...], Any] = {}  # records without an id (_shareable)
        # The same records by their values, per class and set of keys written (_SHAPES_KEPT).
        self.by_shape: dict[type[Any], dict[tuple[str, ...], _ByValues]] = {}
        self.bound = 10**limits.max_digits
        self.days: dict[str, dt.date] = {}  # dates already read (inside the horizon)
        self.numbers: dict[str, Decimal] = {}  # decimals already read (class hours repeat)
        self.readers: dict[Any, Callable[[Any], Any]] = {}
        self.lock = threading.RLock()

    def structure(self, value: Any, type_: Any) -> Any:
        """The value read as ``type_`` (the signature of ``converter.structure``)."""
        reader = self.readers.get(type_)
        if reader is None:
            with self.lock:
                reader = self.readers.get(type_) or self._reader(type_)
                self.readers[type_] = reader
        return reader(value)

    def _reader(self, type_: Any) -> Callable[[Any], Any]:
        if type_ is Routine:
            return self.routine
        if attrs.has(type_):
            return self._record_reader(type_)
        if _is_homogeneous_tuple(type_):
            return self._tuple_reader(get_args(type_)[0])
        namespace: dict[str, Any] = {}
        lines = self._value_lines(type_, "result", None, namespace)
        return self._compile("read", ["    v = value", *lines, "    return result"], namespace)

    # --- leaf readers called from generated code -------------------------------------

    def text(self, value: Any) -> str:
        limits = self.limits
        if type(value) is str and (
            (len(value) <= limits.max_text_length and value.isprintable())
            or _limits.text_allowed(value, limits, is_id=False)
        ):
            return sys.intern(value) if len(value) <= 32 else value
        raise _Unsure

    def identifier(self, value: Any) -> str:
        limits = self.limits
        if type(value) is str and (
            (len(value) <= limits.max_id_length and value.isprintable())
            or _limits.text_allowed(value, limits, is_id=True)
        ):
            return sys.intern(value) if len(value) <= 32 else value
        raise _Unsure

    def date(self, value: Any) -> dt.date:
        if type(value) is str:
            day = self.days.get(value)
            if day is None:
                self.text(value)
                day = _structure_date(value, dt.date)  # the horizon of the active limits
                if len(self.days) < _DATES_KEPT:
                    self.days[value] = day
            return day
        if type(value) is dt.date and self.limits.date_in_horizon(value):
            return value
        raise _Unsure

    def decimal(self, value: Any) -> Decimal:
        if type(value) is str:
            number = self.numbers.get(value)
            if number is None:
                self.text(value)
                number = _structure_decimal(value, Decimal)  # digits under the active limits
                if len(self.numbers) < _DATES_KEPT:
                    self.numbers[value] = number
            return number
        if type(value) is not int and type(value) is not Decimal:
            raise _Unsure
        return _structure_decimal(value, Decimal)

    def datetime(self, value: Any) -> dt.datetime:
        if type(value) is not str:
            raise _Unsure
        self.text(value)
        return _structure_datetime(value, dt.datetime)

    def routine(self, value: Any) -> Routine:
        # A routine's record is kept as written (lists, decimals) before it is read as a
        # record, so its values meet the limits first (a routine is small).
        if type(value) is not dict or _limits.has_problem(value, self.limits):
            raise _Unsure
        self.identifier(value.get("id"))
        return _routine_from(value, self.structure)

    # --- generated readers -----------------------------------------------------------

    def _tuple_reader(self, element: Any) -> Callable[[Any], Any]:
        item_reader = self.structure_reader(element)
        shares = self.share and attrs.has(element) and _shares(element)
        fresh = self._record_reader(element, share=False) if shares else item_reader
        shared = self.shared
        by_shape = self.by_shape.setdefault(element, {}) if shares else {}

        def read(value: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise _Unsure
            if shares and value and set(map(type, value)) == {dict}:
                result = read_shared(value)
            else:
                result = tuple([item_reader(item) for item in value])
            if shares and len(set(map(id, result))) != len(result):
                # One record written twice in a list: two objects, as the reference path
                # gives (a list never holds one object twice).
                return tuple([fresh(item) for item in value])
            return result

        def read_shared(value: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
            # Records read before under these limits are found in one pass, without a call
            # per record: by their values when they all write the keys the first writes
            # (as many keys, each of them there, in any order), else by keys and values.
            shape = tuple(sorted(value[0]))
            entry = by_shape.get(shape)
            if entry is None and shape and len(by_shape) < _SHAPES_KEPT:
                entry = by_shape[shape] = (operator.itemgetter(*shape, shape[0]), {})
            found: list[Any] | None = None
            if entry is not None and set(map(len, value)) == {len(shape)}:
                try:
                    found = list(map(entry[1].get, map(entry[0], value)))
                except KeyError:  # another key: by keys and values
                    found = None
            by_values = entry if found is not None else None
            if found is None:
                found = list(map(shared.get, map(tuple, map(dict.items, value))))
            if any(map(operator.is_, found, itertools.repeat(None))):
                for number in [n for n, r in enumerate(found) if r is None]:
                    item = value[number]
                    found[number] = record = item_reader(item)
                    if by_values is None or len(by_values[1]) >= _SHARED_KEPT:
                        continue
                    if shared.get(tuple(item.items())) is record:  # kept: the same values
                        by_values[1][by_values[0](item)] = record
            return tuple(found)

        return read

    def structure_reader(self, type_: Any) -> Callable[[Any], Any]:
        reader = self.readers.get(type_)
        if reader is None:
            reader = self.readers[type_] = self._reader(type_)
        return reader

    def _value_lines(
        self, type_: Any, target: str, name: str | None, namespace: dict[str, Any]
    ) -> list[str]:
        """Lines that read ``v`` as ``type_`` into ``target`` (ids by the field's name)."""
        args = get_args(type_)
        if type(None) in args and len(args) == 2:  # X | None
            inner = next(a for a in args if a is not type(None))
            body = self._value_lines(inner, target, name, namespace)
            return ["    if v is None:", f"        {target} = None", "    else:"] + [
                "    " + line for line in body
            ]
        if type_ is str:
            is_id = name in _limits.ID_KEYS
            limit = self.limits.max_id_length if is_id else self.limits.max_text_length
            namespace["allowed"] = _limits.text_allowed
            namespace["limits"] = self.limits
            namespace["intern"] = sys.intern
            check = [
                f"    if type(v) is not str or not ((len(v) <= {limit} and v.isprintable())"
                f" or allowed(v, limits, is_id={is_id})):",
                "        raise Unsure",
            ]
            if name == "id":  # a record's own id is written once: sharing it saves nothing
                return [*check, f"    {target} = v"]
            return [*check, f"    {target} = intern(v) if len(v) <= 32 else v"]
        if type_ is bool:
            return [
                "    if v is not True and v is not False:",
                "        raise Unsure",
                f"    {target} = v",
            ]
        if type_ is int:
            return [
                f"    if type(v) is not int or not -{self.bound} < v < {self.bound}:",
                "        raise Unsure",
                f"    {target} = v",
            ]
        if type_ is dt.date:
            namespace["days"] = self.days
            namespace["read_date"] = self.date
            return [
                f"    {target} = days.get(v) if type(v) is str else None",
                f"    if {target} is None:",
                f"        {target} = read_date(v)",
            ]
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            members = {
                value: member
                for value, member in _members(type_).items()
                if isinstance(value, str) and len(value) <= self.limits.max_text_length
            }
            key = f"members_{type_.__name__}"
            namespace[key] = members
            return [
                f"    {target} = {key}.get(v) if type(v) is str else None",
                f"    if {target} is None:",
                "        raise Unsure",
            ]
        readers = {Decimal: self.decimal, dt.datetime: self.datetime}
        reader = readers.get(type_) or self.structure_reader(type_)
        key = f"read_{len(namespace)}"
        namespace[key] = reader
        return [f"    {target} = {key}(v)"]

    def _record_reader(self, cl: type[Any], *, share: bool = True) -> Callable[[Any], Any]:
        hints = typing.get_type_hints(cl)
        fields = attrs.fields(cl)
        factory: type[Any] = type(attrs.Factory(list))
        if any(not a.init or a.kw_only or isinstance(a.default, factory) for a in fields):
            msg = f"the quick path cannot read {cl.__name__}"  # pragma: no cover
            raise NotImplementedError(msg)  # pragma: no cover
        namespace: dict[str, Any] = {
            "cl": cl,
            "names": frozenset(a.name for a in fields),
            "absent": ABSENT_MEANS.get(cl, {}),
            "Unsure": _Unsure,
            "new": object.__new__,
            "shared": self.shared,
            "kept": _SHARED_KEPT,
        }
        lines = [
            # Not a dict (a DuplicateKeys object, another mapping), or an unknown key.
            "    if type(o) is not dict or not names.issuperset(o):",
            "        raise Unsure",
        ]
        absent = namespace["absent"]
        share = share and self.share and _shareable(cl, hints)
        if share:
            # The key is the record as written, its keys and values in their order: a
            # record read before under these limits is that very record again.
            lines += [
                "    key = tuple(o.items())",
                "    r = shared.get(key)",
                "    if r is not None:",
                "        return r",
            ]
        for number, a in enumerate(fields):
            target = f"f{number}"
            if a.name in absent:  # left out, it reads as its natural "unknown"
                namespace[f"absent{number}"] = absent[a.name]
                lines.append(f"    v = o[{a.name!r}] if {a.name!r} in o else absent{number}")
                lines += self._value_lines(hints[a.name], target, a.name, namespace)
            elif a.default is attrs.NOTHING:
                lines.append(f"    v = o[{a.name!r}]")  # missing: KeyError
                lines += self._value_lines(hints[a.name], target, a.name, namespace)
            else:
                namespace[f"default{number}"] = a.default
                body = self._value_lines(hints[a.name], target, a.name, namespace)
                lines += [
                    f"    if {a.name!r} in o:",
                    f"        v = o[{a.name!r}]",
                    *("    " + line for line in body),
                    "    else:",
                    f"        {target} = default{number}",
                ]
        arguments = ", ".join(f"f{number}" for number in range(len(fields)))
        checks = _direct_checks(cl, fields)
        if checks is None:
            lines.append(f"    r = cl({arguments})")
        else:
            # The values are the ones the class's converters return and its validators
            # accept (checked here): the record is built without its __init__.
            lines += checks
            lines.append("    r = new(cl)")
            for number, a in enumerate(fields):
                namespace[f"set{number}"] = cl.__dict__[a.name].__set__
                lines.append(f"    set{number}(r, f{number})")
        if share:
            if "id" in namespace["names"]:
                lines += ["    if f_id is None and len(shared) < kept:", "        shared[key] = r"]
                number = next(n for n, a in enumerate(fields) if a.name == "id")
                lines = [line.replace("f_id", f"f{number}") for line in lines]
            else:
                lines += ["    if len(shared) < kept:", "        shared[key] = r"]
        lines.append("    return r")
        return self._compile(f"read_{cl.__name__}", lines, namespace, argument="o")

    def _compile(
        self, name: str, lines: list[str], namespace: dict[str, Any], argument: str = "value"
    ) -> Callable[[Any], Any]:
        namespace.setdefault("Unsure", _Unsure)
        source = f"def {name}({argument}):\n" + "\n".join(lines) + "\n"
        exec(compile(source, f"<safetyregs quick reader {name}>", "exec"), namespace)
        reader: Callable[[Any], Any] = namespace[name]
        return reader


@functools.lru_cache(maxsize=8)
def _quick_reader(limits: Limits, *, share: bool = False) -> _Quick | None:
    """The quick path under ``limits``; ``None`` under limits so tight that a file it
    accepts could break them (a nesting limit of 4, keys limited to 10 characters)."""
    if limits.max_depth <= _QUICK_DEEPEST or limits.max_id_length < _longest_field_name():
        return None
    return _Quick(limits, share=share)


def _quick_structure(data: Any, limits: Limits, *, share: bool = False) -> SchoolFile | None:
    """The school file read by the quick path, or ``None`` if it cannot vouch for it.

    ``share`` (for data parsed from JSON text, whose values are plain strings, numbers,
    booleans and null) shares records without an id with the files read before
    (:func:`_shareable`); data built in Python may hold values of any class, and are
    read without."""
    quick = _quick_reader(limits, share=share)
    if quick is None or type(data) is not dict:
        return None
    try:
        with _limits.using(limits):
            result: SchoolFile = quick.structure(data, SchoolFile)
    except Exception:  # whatever it was, the reference path reads the file and says what
        return None
    return result


@functools.cache
def _shares(cls: type[Any]) -> bool:
    """Whether the quick path shares records of ``cls`` between files."""
    return _shareable(cls, typing.get_type_hints(cls))


# --- turning cattrs' exception groups into (path, message) pairs ----------------------


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _walk(exc: BaseException, path: str) -> Iterator[tuple[str, str]]:
    """Every leaf problem of a cattrs exception tree, with its JSON path."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(sub, KeyError) and not isinstance(sub, BaseValidationError):
                yield path, f"missing required key {note.name!r}"
            else:
                yield from _walk(sub, _join(path, note.name))
        for sub in without:
            yield from _class_level(sub, exc.cl, path)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from _walk(sub, f"{path}[{inote.index}]")
        for sub in without_i:
            yield from _walk(sub, path)
    elif isinstance(exc, _Problems):
        for where, message in exc.problems:
            yield _join(path, where) if where else path, message
    else:
        yield path, str(exc) or type(exc).__name__


def problems(exc: BaseException, path: str = "") -> list[tuple[str, str]]:
    """Every problem of a structuring error as ``(JSON path, message)``."""
    return list(_walk(exc, path))


def _class_level(exc: Exception, cl: type[Any], path: str) -> Iterator[tuple[str, str]]:
    """Unknown keys, and errors raised by the class itself (its validators)."""
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield _join(path, key), "unknown key"
        return
    if isinstance(exc, BaseValidationError):
        yield from _walk(exc, path)
        return
    if isinstance(exc, SchoolFileError):  # the models' validators name their field
        for where, message in exc.errors:
            yield _join(path, where), message
        return
    # The models' validators start their message with the field's name
    # ("end 2026-01-01 precedes start 2026-02-01"): attach it to that field.
    message = str(exc)
    name, _, rest = message.partition(" ")
    if rest and attrs.has(cl) and name in attrs.fields_dict(cl):
        yield _join(path, name), rest
    else:
        yield path, message


def _path_key(item: tuple[str, str]) -> list[tuple[int, int | str]]:
    """Natural order of paths: ``drills[2]`` before ``drills[10]``."""
    parts = re.split(r"[.\[\]]+", item[0])
    return [(0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in parts if p]


# --- semantic checks on the parsed data --------------------------------------------


def _records(data: Mapping[str, Any], name: str) -> list[tuple[int, Mapping[str, Any]]]:
    value = data.get(name)
    if not isinstance(value, list | tuple):
        return []
    # A dict first: the abstract Mapping check is slow and this runs once per record.
    return [
        (i, record)
        for i, record in enumerate(value)
        if type(record) is dict or isinstance(record, Mapping)
    ]


def _semantic_errors(
    data: Mapping[str, Any], profiles: Collection[str] | None
) -> list[tuple[str, str]]:
    """Duplicate ids, dangling staff ids and unknown profiles.

    These run on the parsed data, not the models, so that they are reported
    alongside structural errors; values of the wrong type are left to those.
    """
    errors: list[tuple[str, str]] = []
    for name in _RECORD_LISTS:
        records = _records(data, name)
        ids = [record.get("id") for _, record in records]
        if all(type(i) is str for i in ids) and len(set(ids)) == len(ids):
            continue  # no id twice (nearly always)
        seen: dict[str, int] = {}
        for index, record in records:
            record_id = record.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in seen:
                also = f"{name}[{seen[record_id]}]"
                errors.append((f"{name}[{index}].id", f"duplicate id {record_id!r} (also {also})"))
            else:
                seen[record_id] = index

    staff = data.get("staff", [])
    staff_ids: set[str] | None = None
    if isinstance(staff, list | tuple):
        found = [m.get("id") if isinstance(m, Mapping) else None for m in staff]
        # A broken staff list would make every reference dangle: leave it to
        # the structural errors.
        if all(isinstance(i, str) for i in found):
            staff_ids = {i for i in found if isinstance(i, str)}
    if staff_ids is not None:
        for name, key in _STAFF_REFERENCES.items():
            for index, record in _records(data, name):
                ref = record.get(key)
                if isinstance(ref, str) and ref not in staff_ids:
                    message = f"{ref!r} is not the id of any staff member"
                    errors.append((f"{name}[{index}].{key}", message))

    errors += _routine_reference_errors(data, staff_ids)

    school = data.get("school")
    if profiles is not None and isinstance(school, Mapping):
        jurisdiction = school.get("jurisdiction")
        if isinstance(jurisdiction, str) and _jurisdiction(jurisdiction, profiles) is None:
            installed = ", ".join(sorted(profiles)) or "none"
            message = f"{jurisdiction!r} is not an installed profile (installed: {installed})"
            near = _near_profile(jurisdiction, profiles)
            if near is not None:
                message += f"; did you mean {near!r}?"
            errors.append(("school.jurisdiction", message))
    if isinstance(school, Mapping):
        errors += _overlapping_terms(school.get("terms"))
    return errors


_ID = operator.attrgetter("id")


def _semantically_sound(school_file: SchoolFile | None, profiles: Collection[str] | None) -> bool:
    """Whether :func:`_semantic_errors` finds nothing in the data the quick path read as
    ``school_file`` (so the same ids, staff, routines and terms, read from the models)."""
    if school_file is None:  # pragma: no cover - called after the quick path read the file
        return False
    ids_of: dict[str, set[str]] = {}
    for name in _RECORD_LISTS:
        ids = list(map(_ID, getattr(school_file, name)))
        distinct = ids_of[name] = set(ids)
        if None in distinct:  # records without an id (health checks may have none)
            distinct.discard(None)
            if len(distinct) != len(ids) - ids.count(None):
                return False
        elif len(distinct) != len(ids):
            return False
    staff_ids = set(map(_ID, school_file.staff))
    for name, key in _STAFF_REFERENCES.items():
        refs = set(map(operator.attrgetter(key), getattr(school_file, name)))
        refs.discard(None)
        if not refs <= staff_ids:
            return False
    for routine in school_file.routines:
        field = _STAFF_REFERENCES.get(routine.collection)
        ref = dict(routine.record).get(field) if field else None
        if isinstance(ref, str) and ref not in staff_ids:
            return False
        if routine.id in ids_of.get(routine.collection, ()):
            return False
    school = school_file.school
    if profiles is not None and _jurisdiction(school.jurisdiction, profiles) is None:
        return False
    terms = sorted((t.start, t.end) for t in school.terms)
    return all(start > end for (_, end), (start, _) in itertools.pairwise(terms))


#: Suffixes of place names (慈溪市, 埇桥区) that people leave out.
_PLACE_SUFFIXES = ("市", "区", "县")


def _fold(name: str) -> str:
    """A place name folded for matching: ``慈溪市`` and ``慈溪``, ``Cixi`` and ``cixi`` agree."""
    folded = name.strip().casefold()
    return folded[:-1] if len(folded) > 1 and folded.endswith(_PLACE_SUFFIXES) else folded


def _profile_names(profiles: Collection[str]) -> dict[str, str]:
    """Each installed profile's id, Chinese and English names (folded) -> its id."""
    from . import profiles as registry

    names: dict[str, str] = {}
    for pid in profiles:
        names[_fold(pid)] = pid
        try:
            profile = registry.get(pid)
        except Exception:  # a plugin that does not load has only its id
            continue
        names.setdefault(_fold(profile.name.zh), pid)
        names.setdefault(_fold(profile.name.en), pid)
    return names


def _jurisdiction(given: str, profiles: Collection[str]) -> str | None:
    """The installed profile a school's jurisdiction names, by id or by its name."""
    if given in profiles:
        return given
    return _profile_names(profiles).get(_fold(given))


def _near_profile(given: str, profiles: Collection[str]) -> str | None:
    names = _profile_names(profiles)
    near = difflib.get_close_matches(_fold(given), list(names), n=1, cutoff=0.6)
    return names[near[0]] if near else None


def _overlapping_terms(terms: Any) -> list[tuple[str, str]]:
    """Terms that share a day: a school has one term at a time."""
    if not isinstance(terms, list | tuple):
        return []
    spans: list[tuple[dt.date, dt.date, int]] = []
    for index, term in enumerate(terms):
        try:
            start = _structure_date(term["start"], dt.date)
            end = _structure_date(term["end"], dt.date)
        except Exception:  # malformed terms are reported by the structural checks
            continue
        spans.append((start, end, index))
    errors = []
    spans.sort()
    for (_, end, first), (start, stop, index) in itertools.pairwise(spans):
        if start <= end:
            message = (
                f"{start.isoformat()}..{stop.isoformat()} overlaps school.terms[{first}] "
                f"(which ends {end.isoformat()}); terms may not share a day"
            )
            errors.append((f"school.terms[{index}]", message))
    return errors


def _routine_reference_errors(
    data: Mapping[str, Any], staff_ids: set[str] | None
) -> list[tuple[str, str]]:
    """Staff named in a routine's record; a routine id equal to a record id of its list."""
    errors: list[tuple[str, str]] = []
    lists: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
    for index, routine in _records(data, "routines"):
        collection, record = routine.get("collection"), routine.get("record")
        if not isinstance(collection, str) or not isinstance(record, Mapping):
            continue
        key = _STAFF_REFERENCES.get(collection)
        ref = record.get(key) if key else None
        if staff_ids is not None and isinstance(ref, str) and ref not in staff_ids:
            message = f"{ref!r} is not the id of any staff member"
            errors.append((f"routines[{index}].record.{key}", message))
        routine_id = routine.get("id")
        if not isinstance(routine_id, str):
            continue
        if collection not in lists:
            lists[collection] = _records(data, collection)
        for other, item in lists[collection]:
            if item.get("id") == routine_id:
                message = f"id {routine_id!r} is also the id of {collection}[{other}]"
                errors.append((f"routines[{index}].id", message))
    return errors


# --- public functions ------------------------------------------------------------------


def structure(
    data: Mapping[str, Any],
    *,
    profiles: Collection[str] | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SchoolFile:
    """A :class:`SchoolFile` from already-parsed data (a JSON object as a dict).

    Raises :class:`SchoolFileError` listing every problem; nothing is returned
    from data with any error. With ``profiles``, ``school.jurisdiction`` must
    name one of them. Data beyond ``limits`` (too deep, too long, control
    characters, dates outside the horizon) is refused before anything is built.
    """
    return _structure(data, profiles, source, limits, quick=True)


def _structure(
    data: Mapping[str, Any],
    profiles: Collection[str] | None,
    source: str | None,
    limits: Limits,
    *,
    quick: bool,
    read: SchoolFile | None = None,
) -> SchoolFile:
    """:func:`structure`; ``read`` is the file as the quick path already read it; without
    ``quick`` (and ``read``), by the reference path alone."""
    errors: list[tuple[str, str]] = []
    result = read if read is not None or not quick else _quick_structure(data, limits)
    quick_read = result is not None
    if result is None:
        problems = _limits.find_problems(data, limits)
        if problems:
            raise SchoolFileError(sorted(dict.fromkeys(problems), key=_path_key), source)
        if not isinstance(data, Mapping):
            message = f"a school file holds an object, not {_show(data)}"
            raise SchoolFileError([("", message)], source)
        try:
            with _limits.using(limits):
                result = converter.structure(data, SchoolFile)
        except Exception as exc:
            errors.extend(_walk(exc, ""))
    if not quick_read or not _semantically_sound(result, profiles):
        errors.extend(_semantic_errors(data, profiles))
    if not errors and result is not None and result.routines:
        try:
            with _limits.using(limits):
                check_routines(result, converter.structure, read=True)
        except SchoolFileError as exc:
            errors.extend(exc.errors)
    if errors or result is None:
        unique = list(dict.fromkeys(errors))
        raise SchoolFileError(sorted(unique, key=_path_key), source)
    given = result.school.jurisdiction
    if profiles is not None and given not in profiles:
        resolved = _jurisdiction(given, profiles)
        assert resolved is not None  # an unknown jurisdiction is an error above
        where = f"{source}: " if source else ""
        message = f"{where}school.jurisdiction {given!r} is read as the profile {resolved!r}"
        warnings.warn(message, SchoolFileWarning, stacklevel=3)
        result = attrs.evolve(result, school=attrs.evolve(result.school, jurisdiction=resolved))
    _mark_valid(result)
    return result


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; one naming a key twice is marked so that the walk reports its path."""
    result = dict(items)
    if len(result) == len(items):
        # No key twice (nearly always): the dict was built without a Python loop.
        return result
    duplicates: list[str] = []
    seen: set[str] = set()
    for key, _ in items:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    if not duplicates:  # pragma: no cover - a shorter dict means a repeated key
        return result
    # The last value would silently win and drop the others.
    marked = _limits.DuplicateKeys(result)
    marked.duplicates = tuple(duplicates)
    return marked


def _parse_json(
    text: str, source: str | None, limits: Limits, *, marks: bool = True, hooks: bool = True
) -> Any:
    """The parsed text; without ``hooks``, integers are read by ``json`` itself (no Python
    call per number), which raises ``ValueError`` for one of 4,300 digits or more."""

    # Numbers too long to be meant are kept as text and refused with their path by the
    # walk; so are NaN and Infinity. Python's int() refuses 4,300 digits and more with a
    # ValueError, which must never escape.
    def parse_int(token: str) -> Any:
        if len(token.lstrip("-")) > limits.max_digits:
            return _limits.BadNumber(token[:20])
        return int(token)

    def parse_float(token: str) -> Any:
        if len(token) > 2 * limits.max_digits + 10:
            return _limits.BadNumber(token[:20])
        return Decimal(token)

    try:
        return json.loads(
            text,
            parse_int=parse_int if hooks else None,
            parse_float=parse_float,
            parse_constant=_limits.Constant,
            object_pairs_hook=_pairs if marks else None,
        )
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise SchoolFileError([("", message)], source) from None
    except RecursionError:
        path = _limits.deep_json_path(text, limits.max_depth)
        message = f"nested more than {limits.max_depth} levels deep"
        raise SchoolFileError([(path, message)], source) from None


def _read_json(
    text: str, source: str | None, limits: Limits
) -> tuple[Any, SchoolFile | None, bool]:
    """The parsed data; the file read by the quick path, if it vouches for it; and whether
    the quick path should try (it gave up on these very data already).

    Marking objects that name a key twice costs a Python call per object. So the text is
    parsed without marks first and, once the quick path has read it, the keys of the data
    are counted against the text: each key is followed by one colon, so in a text without
    escapes, as many keys in the data as colons in the text less those inside the
    datetimes the quick path read means no key was dropped. Otherwise (a colon in some
    other text, a backslash), each key of the text ends with ``":`` when no colon follows
    a space, and as many ``":`` as keys proves it too. Anything else parses the text again
    with the marks, for the reference path.
    """
    colons = text.count(":")
    try:
        # Numbers as json reads them: the quick path refuses every number beyond the
        # limits, and then the text is parsed again with the hooks that mark them.
        data = _parse_json(text, source, limits, marks=False, hooks=False)
    except SchoolFileError:
        raise
    except ValueError:  # an integer of 4,300 digits or more
        return _parse_json(text, source, limits), None, True
    read = _quick_structure(data, limits, share=True)
    if read is None:
        return _parse_json(text, source, limits), None, False
    if _no_key_twice(text, data, colons):
        return data, read, False
    return _parse_json(text, source, limits), None, True


def _no_key_twice(text: str, data: Any, colons: int) -> bool:
    """Whether the keys of ``data`` (parsed from ``text`` and read by the quick path as a
    school file) prove that no object of the text names a key twice (see
    :func:`_read_json`); ``colons`` is ``text.count(":")``."""
    keys, in_datetimes = _keys_and_colons([data], SchoolFile)
    # Without a backslash, no colon was written as an escape: each colon of a datetime
    # read is one in the text.
    if "\\" not in text and keys == colons - in_datetimes:
        return True
    # (A search for a two-character text costs about a sixth of parsing the file.)
    return not any(f"{space}:" in text for space in " \t\n\r") and keys == text.count('":')


@functools.cache
def _datetime_fields(cls: Any) -> tuple[str, ...]:
    """The fields of ``cls`` that hold a datetime (or null)."""
    hints = typing.get_type_hints(cls)
    return tuple(a.name for a in attrs.fields(cls) if dt.datetime in _leaf_types(hints[a.name]))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is parsed and read.

    Reading allocates thousands of objects (a dict per record, then the record) that stay
    alive until the read ends and form no cycles, so every collection these allocations
    trigger finds nothing to free, yet walks every object the program holds: with many
    files loaded, about half the time of reading one. Reference counting frees memory
    as usual while the collector waits; it collects after the read, as it would have.
    """
    if not gc.isenabled():  # paused by the program (or by a read in another thread)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@functools.cache
def _nested(cls: Any) -> tuple[tuple[str, Any, bool], ...]:
    """The fields of ``cls`` that hold records: ``(name, record class, a list of them)``."""
    hints = typing.get_type_hints(cls)
    found = []
    for a in attrs.fields(cls):
        hint = hints[a.name]
        many = _is_homogeneous_tuple(hint)
        inner = get_args(hint)[0] if many else hint
        if attrs.has(inner):
            found.append((a.name, inner, many))
    return tuple(found)


def _keys_and_colons(values: list[Any], cls: Any) -> tuple[int, int]:
    """The keys of all objects in data that the quick path read as ``cls``es, and the colons
    inside their datetimes, in one walk (a call per list, not per record)."""
    keys = sum(map(len, values))
    if cls is Routine:
        # A routine's record is read as written: its keys count, its colons do not.
        return keys + sum(len(value["record"]) for value in values), 0
    colons = 0
    for name in _datetime_fields(cls):
        colons += sum(value[name].count(":") for value in values if value.get(name) is not None)
    for name, inner, many in _nested(cls):
        held = [value[name] for value in values if name in value]
        if many:
            held = list(itertools.chain.from_iterable(held))
        if held:
            more_keys, more_colons = _keys_and_colons(held, inner)
            keys += more_keys
            colons += more_colons
    return keys, colons


def _parse_toml(text: str, source: str | None, limits: Limits) -> Any:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise SchoolFileError([("", f"invalid TOML: {exc}")], source) from None
    except RecursionError:
        line = _deep_toml_line(text, limits.max_depth)
        message = f"nested more than {limits.max_depth} levels deep (line {line})"
        raise SchoolFileError([("", message)], source) from None
    except ValueError:
        # tomllib converts integers with int(), which refuses 4,300 digits and more.
        found = re.search(rf"\d{{{limits.max_digits + 1}}}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        message = f"a number with more than {limits.max_digits} digits (line {line})"
        raise SchoolFileError([("", message)], source) from None


def _deep_toml_line(text: str, max_depth: int) -> int:
    """The first line at which brackets and braces nest deeper than ``max_depth``."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            depth += char in "[{"
            depth -= char in "]}"
            if depth > max_depth:
                return number
    return 1


def loads(
    text: str,
    *,
    format: Literal["json", "toml"] = "json",
    profiles: Collection[str] | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SchoolFile:
    """A :class:`SchoolFile` from the text of a JSON or TOML school file.

    JSON numbers and TOML floats are read as exact decimals. ``limits`` bounds
    the depth, numbers, texts and dates (see :class:`~safetyregs.Limits`).
    """
    text = text.removeprefix("\ufeff")
    if format not in ("json", "toml"):
        msg = f"unknown format {format!r} (expected 'json' or 'toml')"
        raise UsageError(msg)
    with _collector_paused():
        if format == "json":
            data, read, quick = _read_json(text, source, limits)
        else:
            data, read, quick = _parse_toml(text, source, limits), None, True
        result = _structure(data, profiles, source, limits, quick=quick, read=read)
        del data  # freed before the collector looks again: only the school file is left
    return result


def load(
    path: str | os.PathLike[str],
    *,
    profiles: Collection[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SchoolFile:
    """A :class:`SchoolFile` from a ``.json`` or ``.toml`` file (UTF-8).

    Only a regular file is read (a FIFO or a device is refused before anything is
    read from it), and only up to ``limits.max_size`` bytes.
    """
    text, file_format, source = _file_text(path, limits)
    return loads(text, format=file_format, profiles=profiles, source=source, limits=limits)


def _file_text(
    path: str | os.PathLike[str], limits: Limits
) -> tuple[str, Literal["json", "toml"], str]:
    """The text of a school file, its format (by its suffix) and its name for messages."""
    file = Path(path)
    source = str(path)
    suffix = file.suffix.lower()
    if suffix not in {".json", ".toml"}:
        msg = f"unknown file type {file.suffix or '(none)'!r}; a school file is .json or .toml"
        raise SchoolFileError([("", msg)], source)
    try:
        text = _read_bounded(file, limits.max_size).decode("utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SchoolFileError([("", f"cannot read the file: {reason}")], source) from None
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text (byte {exc.start} cannot be decoded)"
        raise SchoolFileError([("", msg)], source) from None
    return text, "json" if suffix == ".json" else "toml", source


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _size_text(size: int) -> str:
    mb = 1024 * 1024
    return f"{size / mb:g} MB" if size >= mb and size % (mb // 1024) == 0 else f"{size:,} bytes"


def _read_bounded(file: Path, max_size: int) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    The file is opened without blocking (opening a FIFO would otherwise wait for a
    writer) and checked on the open descriptor, so a symlink to ``/dev/zero`` or a FIFO
    swapped in after a check is refused too.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise OSError(0, f"it is {kind}, not a regular file")
        if info.st_size > max_size:
            msg = f"the file is {_size_text(info.st_size)}, more than the limit of "
            raise OSError(0, msg + f"{_size_text(max_size)} (--max-size)")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, max_size + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_size:
                raise OSError(0, f"the file grew past the limit of {_size_text(max_size)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def unstructure(school_file: SchoolFile) -> dict[str, Any]:
    """The school file as JSON-ready data: ISO strings, decimal strings, lists.

    ``structure(unstructure(sf)) == sf`` for every valid ``sf``.
    """
    result: dict[str, Any] = converter.unstructure(school_file, SchoolFile)
    return result


def dumps(school_file: SchoolFile, *, format: Literal["json", "toml"] = "json") -> str:
    """The text of a school file; ``loads(dumps(sf, format=f), format=f) == sf``.

    TOML has no null: keys whose value is null are left out (which reads back
    as null, their default).
    """
    data = unstructure(school_file)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if format == "toml":
        return _toml_document(data)
    msg = f"unknown format {format!r} (expected 'json' or 'toml')"
    raise UsageError(msg)


# --- dicts, single records and files built in Python -------------------------------

_valid_lock = threading.Lock()
_valid: weakref.WeakValueDictionary[int, SchoolFile] = weakref.WeakValueDictionary()


def _mark_valid(school_file: SchoolFile) -> None:
    with _valid_lock:
        _valid[id(school_file)] = school_file


def _known_valid(school_file: SchoolFile) -> bool:
    with _valid_lock:
        return _valid.get(id(school_file)) is school_file


def _exact_float(value: float, path: str, errors: list[tuple[str, str]]) -> Any:
    """A float as the decimal its ``repr`` shows, when that is a short decimal."""
    try:
        return decimal_from_float(value)
    except ValueError as exc:
        errors.append((path, str(exc)))
        return value


def _python_data(value: Any, path: str, errors: list[tuple[str, str]]) -> Any:
    """Data built in Python, in the shape the loader reads: records (attrs objects) as
    dicts, enum members as their values, floats as exact decimals. Everything else is
    left as it is, for the loader to accept or refuse with its path."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return _exact_float(value, path, errors)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Routine):  # its keys differ from its fields; record is a mapping
        record = value.record if isinstance(value.record, tuple) else ()
        fields = {
            "id": value.id,
            "collection": value.collection,
            "record": {str(k): v for k, v in record},
            "every": value.every,
            "from": value.from_,
            "to": value.to,
            "except": value.except_,
        }
        return {k: _python_data(v, _join(path, k), errors) for k, v in fields.items()}
    if attrs.has(type(value)):
        return {
            a.name: _python_data(getattr(value, a.name), _join(path, a.name), errors)
            for a in attrs.fields(type(value))
        }
    if isinstance(value, Mapping):
        return {k: _python_data(v, _join(path, str(k)), errors) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_python_data(v, f"{path}[{i}]", errors) for i, v in enumerate(value)]
    return value


def _not_yet_reported(
    found: list[tuple[str, str]], reported: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The loader's problems at paths not already reported (a refused float)."""
    seen = {path for path, _ in reported}
    return [(path, message) for path, message in found if path not in seen]


@functools.cache
def _record_types() -> dict[str, type[Any]]:
    """What each list of a school file holds, and ``school``."""
    hints = typing.get_type_hints(SchoolFile)
    found: dict[str, type[Any]] = {}
    for a in attrs.fields(SchoolFile):
        hint = hints[a.name]
        found[a.name] = get_args(hint)[0] if get_origin(hint) is tuple else hint
    return found


def _collection_type(collection: str) -> type[Any]:
    types = _record_types()
    if collection not in types:
        known = ", ".join(sorted(types))
        msg = f"a school file has no list {collection!r} (it has: {known})"
        raise UsageError(msg)
    return types[collection]


def _wrong_records(original: SchoolFile) -> list[tuple[str, str]]:
    """Records put in the wrong list (a Meeting among the drills)."""
    errors = []
    for name, type_ in _record_types().items():
        value = getattr(original, name, None)
        items = value if isinstance(value, tuple | list) else [value]
        for index, item in enumerate(items):
            if attrs.has(type(item)) and not isinstance(item, type_):
                path = name if name == "school" else f"{name}[{index}]"
                msg = f"a {type(item).__name__} where a {type_.__name__} belongs"
                errors.append((path, msg))
    return errors


def from_dict(
    data: Mapping[str, Any],
    *,
    profiles: Collection[str] | None = None,
    source: str | None = None,
) -> SchoolFile:
    """A :class:`SchoolFile` from a dict, as a web framework or ``json.loads`` gives it.

    The dict has the shape of the school file. Numbers may be ints, strings,
    :class:`~decimal.Decimal` or floats: a float counts as the decimal its
    ``repr`` shows (``1.5`` is exactly 1.5), and a float that is no short
    decimal (``0.1 + 0.2``, which is 0.30000000000000004) is refused rather
    than silently rounded. Dates may be ISO strings or ``datetime.date``
    objects. Every problem is reported at once in a
    :class:`~safetyregs.SchoolFileError` with its JSON path.

    >>> sf = from_dict({"school": {"id": "s", "name": "n", "jurisdiction": "ziyang",
    ...     "levels": ["primary"]}, "trainings": [{"id": "t", "staff": "a",
    ...     "date": "2026-01-05", "class_hours": 1.5}],
    ...     "staff": [{"id": "a", "name": "A", "hired": None}]})
    >>> sf.trainings[0].class_hours
    Decimal('1.5')
    """
    if not isinstance(data, Mapping):
        raise SchoolFileError([("", f"a school file holds an object, not {_show(data)}")], source)
    errors: list[tuple[str, str]] = []
    plain = _python_data(data, "", errors)
    try:
        result = structure(plain, profiles=profiles, source=source)
    except SchoolFileError as exc:
        errors.extend(_not_yet_reported(exc.errors, errors))
    if errors:
        raise SchoolFileError(sorted(dict.fromkeys(errors), key=_path_key), source)
    return result


@typing.overload
def record(collection: type[_R], data: Mapping[str, Any] | _R) -> _R: ...
@typing.overload
def record(collection: str, data: Mapping[str, Any] | Any) -> Any: ...
def record(collection: str | type[Any], data: Any) -> Any:
    """One validated record: ``record("drills", {"id": "d1", "date": "2026-11-12"})``.

    ``collection`` names a list of the school file (or ``"school"``), or is
    the record class itself (``record(Drill, {...})`` is typed as a
    ``Drill``). ``data`` is a dict read like :func:`from_dict` reads one, or
    a record object to check. Problems raise a
    :class:`~safetyregs.SchoolFileError` with paths inside the record
    (``date``); what needs the whole file (duplicate ids, staff ids) is
    checked by :meth:`SchoolFile.add` and :func:`validate`.

    >>> record("drills", {"id": "d1", "date": "2026-11-12", "kind": "fire"}).kind
    <DrillKind.FIRE: 'fire'>
    """
    if isinstance(collection, str):
        type_ = _collection_type(collection)
    elif collection in _record_types().values():
        type_ = collection
    else:
        msg = f"{collection!r} is not a record class of the school file"
        raise UsageError(msg)
    errors: list[tuple[str, str]] = []
    if attrs.has(type(data)) and not isinstance(data, type_):
        errors.append(("", f"a {type(data).__name__} where a {type_.__name__} belongs"))
    plain = _python_data(data, "", errors)
    result = None
    try:
        result = converter.structure(plain, type_)
    except Exception as exc:
        errors.extend(_not_yet_reported(list(_walk(exc, "")), errors))
    if errors:
        raise SchoolFileError(sorted(dict.fromkeys(errors), key=_path_key))
    return result


def validate(school_file: SchoolFile) -> SchoolFile:
    """Apply every check of the loader to a school file built in Python.

    Files built with the models or changed with :func:`attrs.evolve` skip the
    loader; this runs them through it: duplicate ids, staff ids that name
    nobody, enum values given as plain strings that are not members
    (``Drill(kind="nonsense")``), an end before its start, values of the
    wrong type. Problems raise a :class:`~safetyregs.SchoolFileError` with
    their JSON paths. Returns the checked file (enum values as members); a
    file the loader made, or one already validated, is returned at once.
    :func:`safetyregs.evaluate` calls this unless told not to.
    """
    if not isinstance(school_file, SchoolFile):
        msg = f"validate() takes a SchoolFile, not {type(school_file).__name__}"
        raise UsageError(msg)
    if _known_valid(school_file):
        return school_file
    errors = _wrong_records(school_file)
    plain = _python_data(school_file, "", errors)
    result = None
    try:
        result = structure(plain)
    except SchoolFileError as exc:
        errors.extend(_not_yet_reported(exc.errors, errors))
    if errors or result is None:
        raise SchoolFileError(sorted(dict.fromkeys(errors), key=_path_key))
    if result == school_file:
        _mark_valid(school_file)
    return result


def add(school_file: SchoolFile, collection: str, *records: Any) -> SchoolFile:
    """``school_file`` with ``records`` (objects or dicts) appended to ``collection``,
    validated as a whole; see :meth:`SchoolFile.add`."""
    type_ = _collection_type(collection)
    if collection == "school":
        msg = "add() appends to a list; use attrs.evolve(school_file, school=...) for the school"
        raise UsageError(msg)
    errors = _wrong_records(school_file)
    plain = _python_data(school_file, "", errors)
    start = len(plain[collection])
    for offset, item in enumerate(records):
        path = f"{collection}[{start + offset}]"
        if attrs.has(type(item)) and not isinstance(item, type_):
            errors.append((path, f"a {type(item).__name__} where a {type_.__name__} belongs"))
        plain[collection].append(_python_data(item, path, errors))
    result = None
    try:
        result = structure(plain)
    except SchoolFileError as exc:
        errors.extend(_not_yet_reported(exc.errors, errors))
    if errors or result is None:
        raise SchoolFileError(sorted(dict.fromkeys(errors), key=_path_key))
    return result


# --- a small TOML writer for the school file's shape -----------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # JSON string escapes are valid TOML basic-string escapes; TOML also
        # forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(_toml_pairs(value)) + "}"
    msg = f"cannot write {value!r} as TOML"  # pragma: no cover - unstructure gives none
    raise TypeError(msg)  # pragma: no cover


def _toml_pairs(table: Mapping[str, Any]) -> list[str]:
    return [f"{key} = {_toml_value(value)}" for key, value in table.items() if value is not None]


def _toml_document(data: Mapping[str, Any]) -> str:
    head: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append(f"\n[{key}]")
            tables.extend(_toml_pairs(value))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for item in value:
                tables.append(f"\n[[{key}]]")
                tables.extend(_toml_pairs(item))
        elif value is not None:
            head.append(f"{key} = {_toml_value(value)}")
    return "\n".join(head + tables).lstrip("\n") + "\n"
