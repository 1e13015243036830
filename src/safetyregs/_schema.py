"""A JSON Schema (draft 2020-12) of the school file, derived from the models.

The schema is not written by hand: it walks :func:`attrs.fields` and the type
hints of :class:`~safetyregs.SchoolFile` and every class it holds, so a field
added to a model appears in the schema. Apps use it to validate or generate
school files before they reach :func:`safetyregs.load`.

What JSON Schema cannot say is left to the loader, which stays the authority:
an end date before its start, duplicate ids in one list, a record naming a
staff id that does not exist, and an uninstalled ``jurisdiction``.

>>> schema = school_file_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["required"]
['school']
>>> schema["$defs"]["Drill"]["properties"]["kind"]["enum"][:2]
['fire', 'earthquake']
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

from . import _models
from ._io import ABSENT_MEANS, converter
from ._models import SchoolFile
from ._routines import CALENDAR_WORDS, DATED_COLLECTIONS

__all__ = ["SCHEMA_DIALECT", "result_schema", "schema", "school_file_schema"]

#: The JSON Schema dialect of :func:`school_file_schema`.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCHEMA_ID = "https://safetyregs.invalid/schema/school-file.json"
_RESULT_ID = "https://safetyregs.invalid/schema/result.json"

_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# The shapes the loader reads: ISO 8601, "T" or a space, seconds and an offset optional.
_DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
    r"(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$"
)
# A datetime without an offset (read as China Standard Time). RFC 3339, which
# ``format: date-time`` names, requires an offset, so naive times need their own branch.
_NAIVE_DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?$"
)
# A non-negative decimal as the loader reads it from a string (surrounding spaces allowed;
# "-0" is zero, not negative).
_DECIMAL_PATTERN = r"^\s*(\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)|-(0+(\.0*)?|\.0+))([eE][+-]?[0-9]+)?\s*$"


def _leaf(type_: Any) -> dict[str, Any] | None:
    """The schema of a leaf type, or None when ``type_`` is not one."""
    if type_ is bool:
        return {"type": "boolean"}
    if type_ is int:
        return {"type": "integer"}
    if type_ is str:
        return {"type": "string"}
    if type_ is Decimal:
        return {
            "description": "an exact non-negative decimal: a string, or a JSON number read exactly",
            "anyOf": [
                {"type": "string", "pattern": _DECIMAL_PATTERN},
                {"type": "number", "minimum": 0},
            ],
        }
    # datetime subclasses date: test it first.
    if type_ is dt.datetime:
        return {
            "type": "string",
            "pattern": _DATETIME_PATTERN,
            "description": "ISO 8601 date and time; without an offset it is China Standard Time",
            "anyOf": [{"format": "date-time"}, {"pattern": _NAIVE_DATETIME_PATTERN}],
        }
    if type_ is dt.date:
        return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
    if inspect.isclass(type_) and issubclass(type_, enum.Enum):
        return {"type": "string", "enum": [member.value for member in type_]}
    return None


class _Builder:
    """Turns model classes into schemas, collecting one ``$defs`` entry per class."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, type_: Any) -> dict[str, Any]:
        leaf = _leaf(type_)
        if leaf is not None:
            return leaf
        origin = typing.get_origin(type_)
        args = typing.get_args(type_)
        if origin in (typing.Union, types.UnionType):
            choices = [arg for arg in args if arg is not type(None)]
            parts = [self.type_schema(arg) for arg in choices]
            if len(choices) < len(args):
                parts.append({"type": "null"})
            return parts[0] if len(parts) == 1 else {"anyOf": parts}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.type_schema(args[0])}
        if inspect.isclass(type_) and attrs.has(type_):
            return {"$ref": f"#/$defs/{self.define(type_)}"}
        msg = f"no JSON Schema for the model type {type_!r}"
        raise TypeError(msg)

    def define(self, cls: type[Any]) -> str:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder against recursion
            self.defs[name] = (
                self.routine_schema() if cls is _models.Routine else self.object_schema(cls)
            )
        return name

    def routine_schema(self) -> dict[str, Any]:
        """A routine: its keys, and a ``record`` valid for the list named in ``collection``."""
        date = _leaf(dt.date)
        choices = []
        for collection, cls in DATED_COLLECTIONS.items():
            fields = self.object_schema(cls)
            fields["title"] = f"{cls.__name__} fields"
            for key in ("id", "date"):
                fields["properties"].pop(key, None)
            fields["required"] = [k for k in fields["required"] if k not in {"id", "date"}]
            choices.append(
                {
                    "if": {"properties": {"collection": {"const": collection}}},
                    "then": {"properties": {"record": fields}},
                }
            )
        every = {
            "description": "a school-calendar word, or an RFC 5545 RRULE such as FREQ=WEEKLY",
            "anyOf": [
                {"enum": list(CALENDAR_WORDS)},
                {"type": "string", "pattern": "^(RRULE:)?.*FREQ=.*$"},
            ],
        }
        return {
            "type": "object",
            "title": "Routine",
            "description": (
                "What a school does repeatedly: records of one list with the same fields, "
                "on the days of a school-calendar word or an RRULE, from..to, less except."
            ),
            "properties": {
                "id": {"type": "string"},
                "collection": {"type": "string", "enum": list(DATED_COLLECTIONS)},
                "record": {"type": "object"},
                "every": every,
                "from": date,
                "to": {"anyOf": [date, {"type": "null"}], "default": None},
                "except": {"type": "array", "items": date, "default": []},
            },
            "required": ["id", "collection", "record", "every", "from"],
            "additionalProperties": False,
            "allOf": choices,
        }

    def object_schema(self, cls: type[Any]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for attribute in attrs.fields(cls):
            prop = dict(self.type_schema(hints[attribute.name]))
            if attribute.validator is _models._non_negative_int:
                prop = _non_negative(prop)
            absent = ABSENT_MEANS.get(cls, {})
            if attribute.name in absent:
                prop["default"] = absent[attribute.name]
            elif attribute.default is attrs.NOTHING:
                required.append(attribute.name)
            else:
                default = attribute.default
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    default = default.factory()
                prop["default"] = converter.unstructure(default)
            properties[attribute.name] = prop
        schema: dict[str, Any] = {"type": "object", "title": cls.__name__}
        doc = inspect.getdoc(cls)
        if doc and cls.__doc__:  # the class's own docstring, not an inherited one
            schema["description"] = doc.split("\n\n")[0].replace("\n", " ")
        schema["properties"] = properties
        schema["required"] = required
        schema["additionalProperties"] = False
        return schema


def _non_negative(prop: dict[str, Any]) -> dict[str, Any]:
    """``minimum: 0`` on the integer branch of an integer (or optional integer) schema."""
    if prop.get("type") == "integer":
        return {**prop, "minimum": 0}
    if "anyOf" in prop:
        return {**prop, "anyOf": [_non_negative(p) for p in prop["anyOf"]]}
    return prop


def school_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a school file, derived from the models.

    A fresh dict on every call. Closed objects (``additionalProperties:
    false``), enumerations from the ``StrEnum`` members, required keys = the
    fields without a default, dates as ``format: date`` strings, decimals as
    pattern strings or non-negative numbers, optional fields nullable, tuples
    as arrays.
    """
    builder = _Builder()
    root = builder.object_schema(SchoolFile)
    root.pop("title")
    root.pop("description", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": _SCHEMA_ID,
        "title": "safetyregs school file",
        "description": (
            "One school and its records (spec/contract.md). Also checked by the "
            "loader, not by this schema: an end before its start, duplicate ids in "
            "one list, records naming unknown staff ids, an uninstalled jurisdiction."
        ),
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the input: a school file, as
    ``safetyregs schema`` prints it. Apps can check or generate files with it;
    the loader stays the authority (see :func:`school_file_schema`).

    >>> schema()["required"]
    ['school']
    """
    return school_file_schema()


def _text(description: str, **more: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **more}


def result_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a result: what ``check``, ``obligations``
    and ``owes`` print with ``--format json`` for one school file, and what
    :meth:`Report.to_dict` returns (``"violations"`` for ``check``,
    ``"obligations"`` for the others).

    A fresh dict on every call; objects are closed, so a key added to the
    output must be added here too.

    >>> result_schema()["$defs"]["Obligation"]["properties"]["status"]["enum"]
    ['met', 'pending', 'violated']
    """
    date = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
    amount = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
    progress = {
        "type": "object",
        "description": "How far the school is towards a count (7 of 10 class hours).",
        "properties": {
            "found": {"anyOf": [amount, {"type": "null"}]},
            "required": amount,
            "unit": _text("what is counted: drills, class_hours, minutes, days, ..."),
        },
        "required": ["found", "required", "unit"],
        "additionalProperties": False,
    }
    source = {
        "type": "object",
        "description": "Where the rule comes from: the source document, the clause, its words.",
        "properties": {
            "document": _text("the source document"),
            "clause": _text("the clause as printed"),
            "text": _text("the words of the clause"),
            "title": {
                "type": ["string", "null"],
                "description": "the document's title as printed (null where unknown)",
            },
            "issuer": {
                "type": ["string", "null"],
                "description": "who issued the document (null where unknown)",
            },
            "date": {
                "description": "the document's date (null where unknown)",
                "anyOf": [date, {"type": "null"}],
            },
        },
        "required": ["document", "clause", "text", "title", "issuer", "date"],
        "additionalProperties": False,
    }
    fields: dict[str, Any] = {
        "id": _text("stable and unique within a result: rule, subject and period", minLength=1),
        "rule": _text("the rule id, <profile>.<slug>"),
        "subject": _text("the school id, or the id of the record or person concerned"),
        "period_start": date,
        "period_end": date,
        "due": {
            "description": "the due day, or the due moment with its UTC offset",
            "anyOf": [date, {"type": "string", "format": "date-time"}],
        },
        "status": {"type": "string", "enum": ["met", "pending", "violated"]},
        "title": _text("the rule's title in the chosen language"),
        "detail": _text("what was expected and found, in the chosen language"),
        "progress": {"anyOf": [progress, {"type": "null"}]},
        "evidence": {
            "type": "array",
            "description": "ids of the records that count towards the obligation",
            "items": {"type": "string"},
        },
        "provisional": {
            "type": "boolean",
            "description": (
                "computed on provisional calendar data: a year whose official "
                "holiday arrangement is not in the installed holidays data"
            ),
        },
        "source": source,
    }
    obligation = {
        "type": "object",
        "title": "Obligation",
        "description": "One obligation with its status as of a day.",
        "properties": fields,
        "required": list(fields),
        "additionalProperties": False,
    }
    listing = {"type": "array", "items": {"$ref": "#/$defs/Obligation"}}
    status = {"type": "string", "enum": ["met", "pending", "violated"]}
    counts = {
        "type": "object",
        "properties": {key: {"type": "integer", "minimum": 0} for key in status["enum"]},
        "required": status["enum"],
        "additionalProperties": False,
    }
    runs = {
        "type": "array",
        "description": "runs of due days, each [first, last]",
        "items": {"type": "array", "prefixItems": [date, date], "items": False, "minItems": 2},
    }
    line_fields: dict[str, Any] = {
        "rule": _text("the rule id"),
        "title": _text("the rule's title in the chosen language"),
        "clause": _text("the clause as printed"),
        "status": status,
        "counts": counts,
        "subjects": {"type": "array", "items": {"type": "string"}},
        "next_due": {"anyOf": [date, {"type": "null"}]},
        "dates": {
            "type": "object",
            "propertyNames": status,
            "additionalProperties": runs,
        },
        "text": _text("the line in words, in the chosen language"),
        "provisional": {
            "type": "boolean",
            "description": "true when an obligation of the line rests on a year whose "
            "official holiday arrangement is not in the installed holidays data",
        },
    }
    line = {
        "type": "object",
        "title": "RuleSummary",
        "description": "One rule's obligations in the result, summed up.",
        "properties": line_fields,
        "required": list(line_fields),
        "additionalProperties": False,
    }
    summary = {
        "type": "object",
        "description": "counts, and one line per rule",
        "properties": {"counts": counts, "rules": {"type": "array", "items": line}},
        "required": ["counts", "rules"],
        "additionalProperties": False,
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": _RESULT_ID,
        "title": "safetyregs result",
        "description": (
            "The obligations of one school under one profile in an inclusive range, "
            "as of a day: `violations` (check) or `obligations` (obligations, owes), "
            "sorted by due, rule and subject."
        ),
        "type": "object",
        "properties": {
            "school": _text("the school id"),
            "profile": _text("the profile the school was checked against"),
            "from": date,
            "to": date,
            "as_of": date,
            "violations": listing,
            "obligations": listing,
            "summary": summary,
        },
        "required": ["school", "profile", "from", "to", "as_of"],
        "oneOf": [{"required": ["violations"]}, {"required": ["obligations"]}],
        "additionalProperties": False,
        "$defs": {"Obligation": obligation},
    }
