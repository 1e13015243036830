"""Tests for safetyregs._schema: the JSON Schema of the school file, derived from the models."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import typing
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from safetyregs import strategies as srst
from safetyregs._cli import main
from safetyregs._errors import SchoolFileError
from safetyregs._io import ABSENT_MEANS, structure, unstructure
from safetyregs._models import SchoolFile
from safetyregs._schema import school_file_schema

#: The example school file of spec/contract.md, verbatim.
CONTRACT_EXAMPLE = (Path(__file__).parent / "data" / "contract_example.json").read_text("utf-8")

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def _strict_checker() -> jsonschema.FormatChecker:
    """The draft's format checker, plus an RFC 3339 ``date-time`` check that needs an offset.

    ``jsonschema`` checks ``date-time`` only when ``rfc3339-validator`` is
    installed; this stands in for it so that the tests do not depend on it.
    """
    checker = copy.deepcopy(jsonschema.Draft202012Validator.FORMAT_CHECKER)

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str) or not _RFC3339.fullmatch(value):
            return False
        dt.datetime.fromisoformat(value.replace("z", "Z"))
        return True

    return checker


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(school_file_schema(), format_checker=_strict_checker())


def _example() -> dict[str, Any]:
    text = resources.files("safetyregs").joinpath("data/example_school.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _minimal() -> dict[str, Any]:
    return {"school": {"id": "s", "name": "n", "jurisdiction": "ziyang", "levels": []}}


def _model_classes() -> list[type[Any]]:
    """SchoolFile and every attrs class reachable from its fields."""
    seen: list[type[Any]] = []
    todo: list[Any] = [SchoolFile]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for hint in typing.get_type_hints(cls).values():
            stack = [hint]
            while stack:
                t = stack.pop()
                stack.extend(typing.get_args(t))
                if isinstance(t, type) and attrs.has(t):
                    todo.append(t)
    return seen


class TestShape:
    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The schema itself passes the 2020-12 metaschema."""
        schema = school_file_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)

    def test_follows_the_models(self) -> None:
        """Every model class is a closed object whose properties are its fields and whose
        required keys are the fields without a default that a file may not leave out."""
        schema = school_file_schema()
        for cls in _model_classes():
            part = schema if cls is SchoolFile else schema["$defs"][cls.__name__]
            fields = attrs.fields(cls)
            # A routine's school-file keys from/except are Python keywords: from_/except_.
            assert [p.rstrip("_") for p in part["properties"]] == [
                f.name.rstrip("_") for f in fields
            ], cls
            absent = ABSENT_MEANS.get(cls, {})
            assert part["required"] == [
                f.name.rstrip("_")
                for f in fields
                if f.default is attrs.NOTHING and f.name not in absent
            ]
            assert part["additionalProperties"] is False

    def test_enums_come_from_the_members(self) -> None:
        """Enumerations list the StrEnum values, e.g. the 1530 education kind."""
        defs = school_file_schema()["$defs"]
        assert defs["Education"]["properties"]["kind"]["enum"] == ["lesson", "activity", "1530"]
        role = defs["RoleSpan"]["properties"]["role"]
        assert "safety_vice_principal" in role["enum"]

    def test_optional_fields_allow_null(self) -> None:
        """``X | None`` fields accept null and default to it."""
        left = school_file_schema()["$defs"]["StaffMember"]["properties"]["left"]
        assert {"type": "null"} in left["anyOf"]
        assert left["default"] is None

    def test_fresh_dict_each_call(self) -> None:
        """Callers may change the result without changing the next one."""
        first = school_file_schema()
        first["$defs"].clear()
        assert school_file_schema()["$defs"]


class TestValidFiles:
    def test_embedded_example(self) -> None:
        """The example school shipped with the package is valid."""
        _validator().validate(_example())

    def test_contract_example(self) -> None:
        """The contract's example (naive datetimes = CST) is valid, even under a strict
        RFC 3339 date-time checker."""
        assert not _strict_checker().conforms("2026-10-01T10:00:00", "date-time")
        _validator().validate(json.loads(CONTRACT_EXAMPLE))

    @pytest.mark.parametrize(
        "value", ["2026-10-01T10:00:00", "2026-10-01 10:00", "2026-10-01T02:00:00Z",
                  "2026-10-01T10:00:00+08:00"]
    )  # fmt: skip
    def test_datetimes_the_loader_reads(self, value: str) -> None:
        """Naive, minute-only, UTC and offset datetimes are all valid, as for the loader."""
        data = _minimal()
        data["incidents"] = [{"id": "i1", "occurred_at": value}]
        _validator().validate(data)
        structure(data)

    @pytest.mark.parametrize("value", ["1.5", " 2 ", "0", "-0", 3, Decimal("0.25")])
    def test_decimals_the_loader_reads(self, value: object) -> None:
        """Class hours as decimal strings or JSON numbers, as for the loader."""
        data = _minimal()
        data["staff"] = [{"id": "s1", "name": "n", "hired": "2020-01-01"}]
        data["trainings"] = [
            {"id": "t1", "staff": "s1", "date": "2026-01-01", "class_hours": value}
        ]
        # jsonschema sees JSON numbers as float or int, never Decimal.
        instance = json.loads(json.dumps(data, default=float))
        _validator().validate(instance)
        structure(data)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(srst.school_files(max_records=2))
    def test_every_generated_school_file(self, school_file: SchoolFile) -> None:
        """Whatever the strategies generate, unstructured to JSON, is valid."""
        _validator().validate(json.loads(json.dumps(unstructure(school_file))))


def _bad(change: str) -> dict[str, Any]:
    data = json.loads(CONTRACT_EXAMPLE)
    if change == "unknown key":
        data["drills"][0]["kinds"] = "fire"
    elif change == "unknown top-level key":
        data["drill"] = []
    elif change == "unknown enum value":
        data["drills"][0]["kind"] = "tornado"
    elif change == "wrong type":
        data["drills"][0]["night"] = "no"
    elif change == "string instead of list":
        data["school"]["levels"] = "primary"
    elif change == "negative hours":
        data["trainings"][0]["class_hours"] = "-1.5"
    elif change == "negative number of hours":
        data["trainings"][0]["class_hours"] = -2
    elif change == "not a decimal":
        data["trainings"][0]["class_hours"] = "eight"
    elif change == "impossible date":
        data["drills"][0]["date"] = "2026-02-30"
    elif change == "not a date":
        data["drills"][0]["date"] = "10/09/2026"
    elif change == "missing required key":
        del data["drills"][0]["date"]
    elif change == "negative minutes":
        data["education"][0]["minutes"] = -40
    elif change == "not a datetime":
        data["incidents"][0]["occurred_at"] = "yesterday"
    else:  # pragma: no cover
        raise AssertionError(change)
    return data


@pytest.mark.parametrize(
    "change",
    [
        "unknown key",
        "unknown top-level key",
        "unknown enum value",
        "wrong type",
        "string instead of list",
        "negative hours",
        "negative number of hours",
        "not a decimal",
        "impossible date",
        "not a date",
        "missing required key",
        "negative minutes",
        "not a datetime",
    ],
)
def test_bad_files_rejected_by_schema_and_loader(change: str) -> None:
    """Each kind of bad input fails the schema, just as the loader rejects it."""
    data = _bad(change)
    assert not _validator().is_valid(data)
    with pytest.raises(SchoolFileError):
        structure(data)


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """``safetyregs schema`` prints exactly :func:`school_file_schema` as JSON."""
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == school_file_schema()
