"""Tests for safetyregs._io: reading, checking and writing school files."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import safetyregs
from safetyregs._errors import SchoolFileError, UsageError
from safetyregs._io import converter, dumps, load, loads, structure, unstructure
from safetyregs._models import CST, DrillKind, EducationKind, Level, SchoolFile

#: The example school file of spec/contract.md, verbatim.
CONTRACT_EXAMPLE = (Path(__file__).parent / "data" / "contract_example.json").read_text("utf-8")

#: The same school as ``SMALL_JSON``, written as TOML with native dates and floats.
SMALL_TOML = """\
[school]
id = "zy-001"
name = "资阳市示范小学"
jurisdiction = "ziyang"
levels = ["primary", "junior_secondary"]
terms = [{start = 2026-09-01, end = 2027-01-20}]

[[staff]]
id = "s1"
name = "王校长"
hired = 2010-09-01
roles = [{role = "principal", start = 2020-09-01}]

[[trainings]]
id = "t1"
staff = "s1"
date = 2026-03-01
class_hours = 1.5
kind = "annual"

[[incidents]]
id = "i1"
occurred_at = 2026-10-01T10:00:00
phone_reported_at = 2026-10-01T02:20:00Z
deaths = 0
"""

SMALL_JSON = """\
{
  "school": {"id": "zy-001", "name": "资阳市示范小学", "jurisdiction": "ziyang",
             "levels": ["primary", "junior_secondary"],
             "terms": [{"start": "2026-09-01", "end": "2027-01-20"}]},
  "staff": [{"id": "s1", "name": "王校长", "hired": "2010-09-01",
             "roles": [{"role": "principal", "start": "2020-09-01"}]}],
  "trainings": [{"id": "t1", "staff": "s1", "date": "2026-03-01", "class_hours": 1.5,
                 "kind": "annual"}],
  "incidents": [{"id": "i1", "occurred_at": "2026-10-01T10:00:00",
                 "phone_reported_at": "2026-10-01T10:20:00+08:00", "deaths": 0}]
}
"""


def example() -> dict[str, Any]:
    """A fresh, mutable copy of the contract's example file."""
    data: dict[str, Any] = json.loads(CONTRACT_EXAMPLE)
    return copy.deepcopy(data)


def minimal(**lists: Any) -> dict[str, Any]:
    """The smallest valid file, plus the given lists."""
    school = {"id": "x", "name": "X", "jurisdiction": "ziyang", "levels": ["primary"]}
    return {"school": school, **lists}


def errors_of(data: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """The (path, message) pairs that ``structure`` rejects ``data`` with."""
    with pytest.raises(SchoolFileError) as info:
        structure(data, **kwargs)
    return info.value.errors


def json_errors_of(text: str) -> list[tuple[str, str]]:
    """The (path, message) pairs that ``loads`` rejects JSON ``text`` with."""
    with pytest.raises(SchoolFileError) as info:
        loads(text)
    return info.value.errors


class TestContractExample:
    def test_loads_from_a_file(self, tmp_path: Path) -> None:
        """The contract's example file loads, every list and field in place."""
        path = tmp_path / "school.json"
        path.write_text(CONTRACT_EXAMPLE, encoding="utf-8")

        sf = load(path, profiles=["ziyang"])

        assert sf.school.id == "zy-001"
        assert sf.school.levels == (Level.PRIMARY,)
        assert sf.school.terms[0].end == dt.date(2027, 1, 20)
        assert sf.staff[0].roles[0].end is None
        assert sf.drills[0].kind is DrillKind.FIRE
        assert sf.trainings[0].class_hours == Decimal(8)
        assert sf.hazards[0].steps[1].date == dt.date(2026, 10, 2)
        assert sf.health_checks[0].id is None
        assert sf.equipment[0].inspections == (dt.date(2025, 6, 1),)
        assert sf.chemicals[0].quantity == Decimal(500)
        assert sf.self_inspections[0].items == ("fire-1",)

    def test_every_list_is_read(self) -> None:
        """No list of the example is silently dropped: each holds one record, and the
        routines of the contract's routine example are all five read."""
        sf = loads(CONTRACT_EXAMPLE)

        lists = [a for a in SchoolFile.__attrs_attrs__ if a.name not in {"school", "routines"}]
        assert [len(getattr(sf, a.name)) for a in lists] == [1] * len(lists)
        assert [r.id for r in sf.routines] == ["r1530", "hc-am", "fri", "duty-hol", "meet"]

    def test_absent_lists_are_empty(self) -> None:
        """Every list may be absent, which means empty."""
        sf = structure(minimal())

        assert sf.drills == ()
        assert sf.staff == ()

    def test_source_names_the_file(self, tmp_path: Path) -> None:
        """Errors from ``load`` carry the file name as their source."""
        path = tmp_path / "bad.json"
        path.write_text('{"school": 5}', encoding="utf-8")

        with pytest.raises(SchoolFileError) as info:
            load(path)

        assert info.value.source == str(path)
        assert str(info.value).startswith(str(path))


class TestFormats:
    def test_json_and_toml_agree(self, tmp_path: Path) -> None:
        """A TOML file with native dates and floats equals its JSON twin."""
        (tmp_path / "a.toml").write_text(SMALL_TOML, encoding="utf-8")
        (tmp_path / "a.json").write_text(SMALL_JSON, encoding="utf-8")

        from_toml = load(tmp_path / "a.toml")

        assert from_toml == load(tmp_path / "a.json")
        assert from_toml.trainings[0].class_hours == Decimal("1.5")

    def test_toml_datetime_for_a_date_is_refused(self) -> None:
        """A TOML datetime where a date belongs is an error, not a truncation."""
        text = SMALL_TOML.replace("date = 2026-03-01", "date = 2026-03-01T08:00:00")

        with pytest.raises(SchoolFileError) as info:
            loads(text, format="toml")

        assert info.value.errors == [
            ("trainings[0].date", "2026-03-01T08:00:00 is a datetime, not a date")
        ]

    def test_unknown_extension(self, tmp_path: Path) -> None:
        """Only .json and .toml files are read."""
        path = tmp_path / "school.yaml"
        path.write_text("school: {}", encoding="utf-8")

        with pytest.raises(SchoolFileError, match=r"'\.yaml'"):
            load(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a SchoolFileError, not an OSError."""
        with pytest.raises(SchoolFileError, match="cannot read the file"):
            load(tmp_path / "nope.json")

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file in another encoding is reported as such."""
        path = tmp_path / "gbk.json"
        path.write_bytes('{"school": "资阳"}'.encode("gbk"))

        with pytest.raises(SchoolFileError, match="not UTF-8"):
            load(path)

    def test_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        """Editors that write a UTF-8 BOM do not break loading."""
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + CONTRACT_EXAMPLE.encode())

        assert load(path).school.id == "zy-001"

    def test_invalid_json_names_line_and_column(self) -> None:
        """Broken JSON is reported with its line and column."""
        errors = json_errors_of('{\n  "school": {,}\n}')

        assert errors == [
            (
                "",
                "invalid JSON at line 2, column 14: "
                + "Expecting property name enclosed in double quotes",
            )
        ]

    def test_invalid_toml(self) -> None:
        """Broken TOML is reported with the parser's position."""
        with pytest.raises(SchoolFileError, match=r"invalid TOML: .*line 1"):
            loads("[school\n", format="toml")

    def test_duplicate_json_keys(self) -> None:
        """A key given twice would silently drop the first value: an error."""
        text = '{"school": {"id": "x", "name": "X", "jurisdiction": "z", "levels": []},'
        text += ' "drills": [], "drills": []}'

        assert json_errors_of(text) == [("drills", "this key appears twice in one object")]

    def test_nan_is_refused(self) -> None:
        """JSON's non-standard NaN is not a number in a school file."""
        errors = json_errors_of('{"school": NaN}')

        assert errors == [("school", "NaN is not a number in a school file")]

    def test_unknown_format(self) -> None:
        """``loads`` and ``dumps`` know json and toml only: a bad argument, not bad data."""
        with pytest.raises(UsageError, match="unknown format 'yaml'"):
            loads("{}", format="yaml")  # type: ignore[arg-type]
        school = loads(
            '{"school": {"id": "s", "name": "n", "jurisdiction": "ziyang", "levels": []}}'
        )
        with pytest.raises(UsageError, match="unknown format 'yaml'"):
            dumps(school, format="yaml")  # type: ignore[arg-type]


class TestDecimals:
    def test_ten_tenths_sum_to_one(self) -> None:
        """Ten trainings of 0.1 hours (string or JSON number) add up to exactly 1."""
        staff = [{"id": "s1", "name": "A", "hired": "2020-01-01"}]
        trainings = [
            {"id": f"t{i}", "staff": "s1", "date": "2026-03-01", "class_hours": hours}
            for i, hours in enumerate(["0.1"] * 5 + [0.1] * 5)
        ]
        text = json.dumps(minimal(staff=staff, trainings=trainings))

        sf = loads(text)

        assert sum(t.class_hours for t in sf.trainings) == Decimal(1)

    def test_json_number_is_exact(self) -> None:
        """The JSON number 1.5 arrives as Decimal('1.5'), never through a float."""
        text = '{"school": {"id": "x", "name": "X", "jurisdiction": "z", "levels": []},'
        text += ' "chemicals": [{"id": "c", "item": "acid", "date": "2026-01-01",'
        text += ' "action": "use", "quantity": 1.5}, {"id": "c2", "item": "acid",'
        text += ' "date": "2026-01-01", "action": "use", "quantity": 0.30000000000000001}]}'

        sf = loads(text)

        assert sf.chemicals[0].quantity.as_tuple() == Decimal("1.5").as_tuple()
        assert sf.chemicals[1].quantity == Decimal("0.30000000000000001")

    def test_float_looking_string_is_fine(self) -> None:
        """A string such as "1.50" is an exact decimal that keeps its digits."""
        data = minimal(education=[{"id": "e", "date": "2026-01-01", "class_periods": "1.50"}])

        periods = structure(data).education[0].class_periods

        assert str(periods) == "1.50"

    def test_non_decimal_string(self) -> None:
        """Hours of "abc" are rejected with the path and the value."""
        data = example()
        data["trainings"][0]["class_hours"] = "abc"

        assert errors_of(data) == [("trainings[0].class_hours", "'abc' is not a decimal number")]

    @pytest.mark.parametrize("value", ["NaN", "Infinity", "1_000", "", "1,5"])
    def test_other_non_decimals(self, value: str) -> None:
        """Strings that Decimal() would accept but people do not mean are refused."""
        data = example()
        data["trainings"][0]["class_hours"] = value

        assert errors_of(data) == [
            ("trainings[0].class_hours", f"{value!r} is not a decimal number")
        ]

    def test_negative_hours(self) -> None:
        """A negative quantity is an error naming it."""
        data = example()
        data["chemicals"][0]["quantity"] = "-2"

        assert errors_of(data) == [("chemicals[0].quantity", "'-2' is negative")]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (True, "true is not a decimal number"),
            (None, "null is not a decimal number"),
            (0.5, "0.5 is a binary float; write exact decimals as strings"),
        ],
    )
    def test_wrong_types(self, value: Any, message: str) -> None:
        """Booleans, nulls and binary floats are not quantities."""
        data = example()
        data["trainings"][0]["class_hours"] = value

        assert errors_of(data) == [("trainings[0].class_hours", message)]


class TestDatesAndTimes:
    def test_impossible_date(self) -> None:
        """February 30th is named with its path: the contract's own example."""
        data = example()
        data["drills"][0]["date"] = "2026-02-30"

        assert errors_of(data) == [("drills[0].date", "2026-02-30 is not a date")]
        with pytest.raises(SchoolFileError, match=r"drills\[0\]\.date: 2026-02-30 is not a date"):
            structure(data)

    @pytest.mark.parametrize("value", ["2026/09/10", "20260910", "2026-W37-4", "2026-9-10"])
    def test_only_iso_calendar_dates(self, value: str) -> None:
        """Dates are YYYY-MM-DD only, not the other forms fromisoformat accepts."""
        data = example()
        data["drills"][0]["date"] = value

        assert errors_of(data) == [
            ("drills[0].date", f"{value!r} is not a date (expected YYYY-MM-DD)")
        ]

    def test_date_of_wrong_type(self) -> None:
        """A number is not a date."""
        data = example()
        data["drills"][0]["date"] = 20260910

        assert errors_of(data) == [
            ("drills[0].date", "20260910 is not a date (expected a string YYYY-MM-DD)")
        ]

    def test_naive_datetime_is_china_standard_time(self) -> None:
        """A naive datetime is read as +08:00."""
        occurred = loads(CONTRACT_EXAMPLE).incidents[0].occurred_at

        assert occurred.utcoffset() == dt.timedelta(hours=8)
        assert occurred == dt.datetime(2026, 10, 1, 2, 0, tzinfo=dt.UTC)

    def test_aware_datetime_is_converted(self) -> None:
        """A UTC ``Z`` datetime becomes the same moment in China Standard Time."""
        data = example()
        data["incidents"][0]["known_at"] = "2026-10-01T02:30:00Z"

        known = structure(data).incidents[0].known_at

        assert known is not None
        assert known.tzinfo is CST
        assert (known.hour, known.minute) == (10, 30)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("2026-10-01", "'2026-10-01' is not a datetime (expected ISO 8601"),
            ("2026-10-01T25:00:00", "2026-10-01T25:00:00 is not a datetime"),
            ("yesterday", "'yesterday' is not a datetime (expected ISO 8601"),
        ],
    )
    def test_bad_datetimes(self, value: str, message: str) -> None:
        """A datetime needs a valid time of day; a bare date is not enough."""
        data = example()
        data["incidents"][0]["known_at"] = value

        [(path, text)] = errors_of(data)

        assert path == "incidents[0].known_at"
        assert text.startswith(message)


class TestStructuralErrors:
    def test_unknown_key(self) -> None:
        """A typo in a key is an error, never silently ignored."""
        data = example()
        data["drills"][0]["colour"] = "red"

        assert errors_of(data) == [("drills[0].colour", "unknown key")]

    def test_unknown_top_level_key(self) -> None:
        """A misspelt list name would drop its records: an error."""
        data = example()
        data["drill"] = data.pop("drills")

        assert errors_of(data) == [("drill", "unknown key")]

    def test_unknown_enum_value(self) -> None:
        """An unknown value lists the allowed ones."""
        data = example()
        data["drills"][0]["kind"] = "fires"

        allowed = "fire, earthquake, stampede, flood, terror, food_poisoning, school_bus, general"
        assert errors_of(data) == [("drills[0].kind", f"'fires' is not one of {allowed}")]

    def test_unknown_nested_enum_value(self) -> None:
        """Paths reach into nested lists."""
        data = example()
        data["school"]["levels"] = ["primary", "college"]
        data["staff"][0]["roles"][0]["role"] = "janitor"

        paths = [path for path, _ in errors_of(data)]

        assert paths == ["school.levels[1]", "staff[0].roles[0].role"]

    @pytest.mark.parametrize(
        ("where", "key", "value", "path", "message"),
        [
            ("drills", "night", "yes", "drills[0].night", "'yes' is not a boolean (true or false)"),
            ("incidents", "deaths", "1", "incidents[0].deaths", "'1' is not an integer"),
            ("incidents", "deaths", True, "incidents[0].deaths", "true is not an integer"),
            ("incidents", "deaths", 1.0, "incidents[0].deaths", "1.0 is not an integer"),
            ("school", "name", 5, "school.name", "5 is not a string"),
            ("school", "boarding", 0, "school.boarding", "0 is not a boolean (true or false)"),
            ("school", "levels", "primary", "school.levels", "'primary' is not a list"),
            ("drills", "id", None, "drills[0].id", "null is not a string"),
        ],
    )
    def test_wrong_json_types(
        self, where: str, key: str, value: Any, path: str, message: str
    ) -> None:
        """Values of the wrong JSON type are errors, never coerced."""
        data = example()
        record = data[where] if where == "school" else data[where][0]
        record[key] = value
        text = json.dumps(data)

        with pytest.raises(SchoolFileError) as info:
            loads(text)

        assert info.value.errors == [(path, message)]

    def test_missing_required_key(self) -> None:
        """A missing required key is reported on the object that lacks it."""
        data = example()
        del data["school"]["id"]

        assert errors_of(data) == [("school", "missing required key 'id'")]

    def test_missing_school(self) -> None:
        """The school itself is required."""
        assert errors_of({"drills": []}) == [("", "missing required key 'school'")]

    def test_top_level_not_an_object(self) -> None:
        """A file holding a list is refused as a whole."""
        assert json_errors_of("[1, 2]") == [("", "a school file holds an object, not [1, 2]")]

    def test_list_that_is_not_a_list(self) -> None:
        """A list given as an object is an error at the list's path."""
        data = example()
        data["drills"] = {"id": "d1"}

        assert errors_of(data) == [("drills", '{"id": "d1"} is not a list')]

    def test_record_that_is_not_an_object(self) -> None:
        """A record given as a string is an error at the record's path."""
        data = example()
        data["drills"].append("d2")

        assert errors_of(data) == [("drills[1]", "'d2' is not an object")]

    def test_several_errors_are_all_reported(self) -> None:
        """Every problem of a file is reported at once, in path order."""
        data = example()
        data["drills"][0]["date"] = "2026-02-30"
        data["drills"][0]["colour"] = "red"
        data["drills"].append(dict(data["drills"][0], date="2026-09-11"))
        del data["drills"][1]["colour"]
        data["trainings"][0]["staff"] = "s9"
        data["incidents"][0]["deaths"] = "1"
        data["insurance"][0]["end"] = "2025-12-31"
        data["school"]["name"] = 5

        assert errors_of(data, profiles=["beijing"]) == [
            ("drills[0].colour", "unknown key"),
            ("drills[0].date", "2026-02-30 is not a date"),
            ("drills[1].id", "duplicate id 'd1' (also drills[0])"),
            ("incidents[0].deaths", "'1' is not an integer"),
            ("insurance[0].end", "2025-12-31 precedes start 2026-01-01"),
            (
                "school.jurisdiction",
                "'ziyang' is not an installed profile (installed: beijing)",
            ),
            ("school.name", "5 is not a string"),
            ("trainings[0].staff", "'s9' is not the id of any staff member"),
        ]

    def test_message_lists_every_problem(self) -> None:
        """The exception's text shows every problem, one per line, with no traceback needed."""
        data = example()
        data["drills"][0]["night"] = "yes"
        data["drills"][0]["scope"] = "all"

        with pytest.raises(SchoolFileError) as info:
            structure(data, source="school.json")

        assert str(info.value).splitlines() == [
            "school.json: ",
            "  drills[0].night: 'yes' is not a boolean (true or false)",
            "  drills[0].scope: 'all' is not one of whole_school, partial",
        ]


class TestSemanticErrors:
    @pytest.mark.parametrize(
        ("where", "key"), [("trainings", "staff"), ("duty", "staff"), ("hazards", "responsible")]
    )
    def test_dangling_staff_id(self, where: str, key: str) -> None:
        """Records that name a staff id must name an existing one."""
        data = example()
        data[where][0][key] = "s9"

        assert errors_of(data) == [(f"{where}[0].{key}", "'s9' is not the id of any staff member")]

    def test_no_responsible_is_fine(self) -> None:
        """A hazard without a responsible person names no staff."""
        data = example()
        data["hazards"][0]["responsible"] = None

        assert structure(data).hazards[0].responsible is None

    def test_broken_staff_list_does_not_make_every_reference_dangle(self) -> None:
        """When staff cannot be read, only that is reported."""
        data = example()
        data["staff"][0]["id"] = 1

        assert errors_of(data) == [("staff[0].id", "1 is not a string")]

    def test_duplicate_record_id(self) -> None:
        """Two records of one list with the same id: the later one is reported."""
        data = example()
        data["drills"] += [dict(data["drills"][0], id=f"d{i}") for i in range(2, 5)]
        data["drills"].append(dict(data["drills"][0]))

        assert errors_of(data) == [("drills[4].id", "duplicate id 'd1' (also drills[0])")]

    def test_duplicate_staff_id(self) -> None:
        """Staff ids are unique too."""
        data = example()
        data["staff"].append(dict(data["staff"][0], name="李老师"))

        assert errors_of(data) == [("staff[1].id", "duplicate id 's1' (also staff[0])")]

    def test_same_id_in_different_lists_is_fine(self) -> None:
        """Ids are unique within one list, not across lists."""
        data = example()
        data["meetings"][0]["id"] = "d1"

        assert structure(data).meetings[0].id == "d1"

    def test_health_checks_may_go_without_ids(self) -> None:
        """Health checks without ids are not duplicates of each other."""
        data = example()
        data["health_checks"].append({"date": "2026-09-01", "session": "noon"})

        assert len(structure(data).health_checks) == 2

    def test_health_check_ids_are_unique_when_given(self) -> None:
        """Health checks that do carry ids must not repeat them."""
        data = example()
        checks = [{"id": "hc", "date": "2026-09-01", "session": s} for s in ("morning", "noon")]
        data["health_checks"] = checks

        assert errors_of(data) == [
            ("health_checks[1].id", "duplicate id 'hc' (also health_checks[0])")
        ]

    @pytest.mark.parametrize(
        ("where", "field", "value", "path", "message"),
        [
            (
                "insurance",
                "start",
                "2027-02-01",
                "insurance[0].end",
                "2026-12-31 precedes start 2027-02-01",
            ),
            (
                "bus_agreements",
                "end",
                "2025-01-01",
                "bus_agreements[0].end",
                "2025-01-01 precedes start 2026-01-01",
            ),
            (
                "staff",
                "left",
                "2001-01-01",
                "staff[0].left",
                "2001-01-01 precedes hired 2010-09-01",
            ),
        ],
    )
    def test_range_end_before_start(
        self, where: str, field: str, value: str, path: str, message: str
    ) -> None:
        """A range whose end precedes its start names the end and both dates."""
        data = example()
        data[where][0][field] = value

        assert errors_of(data) == [(path, message)]

    def test_nested_ranges(self) -> None:
        """Terms and roles are checked too, at their nested paths."""
        data = example()
        data["school"]["terms"][0]["end"] = "2026-08-31"
        data["staff"][0]["roles"][0]["end"] = "2020-08-31"

        assert errors_of(data) == [
            ("school.terms[0].end", "2026-08-31 precedes start 2026-09-01"),
            ("staff[0].roles[0].end", "2020-08-31 precedes start 2020-09-01"),
        ]

    def test_range_of_one_day(self) -> None:
        """Ranges are inclusive: an end equal to the start is fine."""
        data = example()
        data["insurance"][0]["end"] = "2026-01-01"

        assert structure(data).insurance[0].end == dt.date(2026, 1, 1)

    def test_negative_count(self) -> None:
        """Negative minutes are refused by the model and reported at their path."""
        data = example()
        data["education"][0]["minutes"] = -5

        assert errors_of(data) == [("education[0].minutes", "must not be negative, got -5")]

    def test_unknown_jurisdiction(self) -> None:
        """With installed profiles given, the jurisdiction must be one of them."""
        data = example()
        data["school"]["jurisdiction"] = "atlantis"

        assert errors_of(data, profiles=["ziyang", "beijing"]) == [
            (
                "school.jurisdiction",
                "'atlantis' is not an installed profile (installed: beijing, ziyang)",
            )
        ]

    def test_jurisdiction_unchecked_without_profiles(self) -> None:
        """Without a list of profiles any jurisdiction is read."""
        data = example()
        data["school"]["jurisdiction"] = "atlantis"

        assert structure(data).school.jurisdiction == "atlantis"


class TestWriting:
    def test_json_round_trip(self) -> None:
        """load → dumps → loads gives an equal school file."""
        sf = loads(CONTRACT_EXAMPLE)

        assert loads(dumps(sf)) == sf

    def test_toml_round_trip(self) -> None:
        """The TOML writer produces a file that reads back equal."""
        sf = loads(CONTRACT_EXAMPLE)

        assert loads(dumps(sf, format="toml"), format="toml") == sf

    def test_unstructured_values(self) -> None:
        """Dates and datetimes are ISO strings, decimals strings, enums values, nulls kept."""
        data = unstructure(loads(CONTRACT_EXAMPLE))

        assert data["drills"][0] == {
            "id": "d1",
            "date": "2026-09-10",
            "kind": "fire",
            "scope": "whole_school",
            "night": False,
        }
        assert data["incidents"][0]["occurred_at"] == "2026-10-01T10:00:00+08:00"
        assert data["incidents"][0]["known_at"] is None
        assert data["trainings"][0]["class_hours"] == "8"
        assert data["school"]["levels"] == ["primary"]

    def test_dumps_is_readable_json(self) -> None:
        """JSON output keeps Chinese text as is and is indented."""
        text = dumps(loads(CONTRACT_EXAMPLE))

        assert '"name": "资阳市示范小学"' in text
        assert text.startswith('{\n  "school"')

    def test_dumps_is_stable(self) -> None:
        """Dumping twice gives the same text."""
        sf = loads(CONTRACT_EXAMPLE)

        assert dumps(sf) == dumps(loads(dumps(sf)))


class TestConverter:
    def test_structure_str_refuses_numbers(self) -> None:
        """The converter does not call str() on non-strings."""
        with pytest.raises(TypeError, match="5 is not a string"):
            converter.structure(5, str)

    def test_enum_values(self) -> None:
        """Enums are structured from their values."""
        assert converter.structure("primary", Level) is Level.PRIMARY
        assert converter.structure("1530", EducationKind) is EducationKind.SYSTEM_1530

    def test_unstructure_enum(self) -> None:
        """Enums unstructure to plain values."""
        assert converter.unstructure(Level.PRIMARY) == "primary"


class TestAbsentKeys:
    """Keys a file may leave out: lists, and scalars with a natural 'unknown'."""

    def test_school_without_levels_or_name(self) -> None:
        """`levels` is a list, so absent means empty; an absent name is empty too."""
        sf = structure({"school": {"id": "s", "jurisdiction": "ziyang"}})
        assert sf.school.levels == ()
        assert sf.school.name == ""

    def test_staff_without_hire_date(self) -> None:
        """A member of staff with no `hired` counts as employed from the start."""
        sf = structure(
            {
                "school": {"id": "s", "jurisdiction": "ziyang"},
                "staff": [{"id": "s1", "roles": [{"role": "teacher", "start": "2024-09-01"}]}],
            }
        )
        [member] = sf.staff
        assert member.hired is None
        assert member.employed_on(dt.date(2000, 1, 1))

    def test_training_meeting_duty_defaults(self) -> None:
        """No hours means 0, no meeting kind means `other`, duty staff may be absent."""
        sf = structure(
            {
                "school": {"id": "s", "jurisdiction": "ziyang"},
                "staff": [{"id": "s1", "hired": "2020-01-01"}],
                "trainings": [{"id": "t1", "staff": "s1", "date": "2026-03-01", "kind": "pre_job"}],
                "meetings": [{"id": "m1", "date": "2026-03-02"}],
                "duty": [{"id": "du1", "date": "2026-10-01", "leader": True}],
            }
        )
        assert sf.trainings[0].class_hours == Decimal(0)
        assert str(sf.meetings[0].kind) == "other"
        assert sf.duty[0].staff is None

    def test_required_keys_stay_required(self) -> None:
        """A record without its date is still refused, with the path."""
        with pytest.raises(SchoolFileError) as info:
            structure({"school": {"id": "s", "jurisdiction": "ziyang"}, "drills": [{"id": "d1"}]})
        assert "drills[0]: missing required key 'date'" in str(info.value)


class TestProbablyWrong:
    """Input that is read but probably not meant, or refused with a hint."""

    @staticmethod
    def doc(jurisdiction: str, **school: Any) -> dict[str, Any]:
        return {"school": {"id": "s", "jurisdiction": jurisdiction, "levels": ["primary"]} | school}

    @pytest.mark.parametrize("given", ["慈溪", "慈溪市", "Cixi", "CIXI", " cixi "])
    def test_jurisdiction_by_name(self, given: str) -> None:
        """A profile's Chinese or English name is read as its id, with a warning."""
        with pytest.warns(safetyregs.SchoolFileWarning, match="read as the profile 'cixi'"):
            sf = structure(self.doc(given), profiles=safetyregs.profiles.names())
        assert sf.school.jurisdiction == "cixi"

    def test_near_miss_is_refused_with_a_hint(self) -> None:
        """``cixii`` is no profile: refused, naming the nearest one."""
        with pytest.raises(SchoolFileError) as info:
            structure(self.doc("cixii"), profiles=safetyregs.profiles.names())
        [(path, message)] = info.value.errors
        assert path == "school.jurisdiction"
        assert message.endswith("did you mean 'cixi'?")

    def test_overlapping_terms_are_refused(self) -> None:
        """Two terms sharing 20 Jan 2027 are refused at the later term's path."""
        terms = [
            {"start": "2027-01-20", "end": "2027-07-10"},
            {"start": "2026-09-01", "end": "2027-01-20"},
        ]
        with pytest.raises(SchoolFileError) as info:
            structure(self.doc("cixi", terms=terms))
        [(path, message)] = info.value.errors
        assert path == "school.terms[0]"
        assert "overlaps school.terms[1]" in message

    def test_adjacent_terms_are_fine(self) -> None:
        """A term starting the day after another ends shares no day."""
        terms = [
            {"start": "2026-09-01", "end": "2027-01-20"},
            {"start": "2027-01-21", "end": "2027-07-10"},
        ]
        assert len(structure(self.doc("cixi", terms=terms)).school.terms) == 2

    def test_missing_levels_names_the_silenced_rules(self) -> None:
        """Without levels, evaluation warns and names each rule that cannot apply."""
        sf = structure({"school": {"id": "s", "jurisdiction": "cixi"}})
        profile = safetyregs.profiles.get("cixi")
        span = safetyregs.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        with pytest.warns(safetyregs.SchoolFileWarning) as caught:
            safetyregs.evaluate(sf, profile, span, dt.date(2026, 12, 1))
        text = str(caught[0].message)
        assert "cixi.1530-daily" in text
        assert "cixi.evacuation-drill-monthly" in text
        assert "cixi.rescue-team" not in text


class TestFuzzFindings:
    """Inputs the loader fuzz target (tests/property/test_loader_fuzz.py) found."""

    def test_unknown_key_of_a_unicode_digit(self) -> None:
        """A key ``¹`` (a digit to str.isdigit, not to int) is an unknown key, not a crash."""
        text = '{"school": {"id": "s", "name": "n", "jurisdiction": "ziyang"}, "¹": 1, "x": 2}'
        with pytest.raises(SchoolFileError) as info:
            loads(text)
        assert info.value.errors == [("x", "unknown key"), ("¹", "unknown key")]


class TestCollectorPaused:
    """Loading pauses Python's cyclic garbage collector only while it reads a file."""

    TEXT = '{"school": {"id": "s", "name": "n", "jurisdiction": "ziyang", "levels": []}}'

    @pytest.mark.parametrize("enabled", [True, False])
    def test_left_as_found(self, enabled: bool) -> None:
        """After a file is read, or refused, the collector is enabled exactly if it was."""
        import gc

        was = gc.isenabled()
        try:
            if not enabled:
                gc.disable()
            loads(self.TEXT)
            assert gc.isenabled() is enabled
            with pytest.raises(SchoolFileError):
                loads('{"school": 1}')
            assert gc.isenabled() is enabled
            with pytest.raises(SchoolFileError):
                loads("[school\n", format="toml")
            assert gc.isenabled() is enabled
        finally:
            if was:
                gc.enable()

    def test_paused_while_reading(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """While the loader reads the data, the collector does not run by itself."""
        import gc

        from safetyregs import _io

        seen: list[bool] = []
        real = _io._structure

        def spy(*args: Any, **kwargs: Any) -> Any:
            seen.append(gc.isenabled())
            return real(*args, **kwargs)

        monkeypatch.setattr(_io, "_structure", spy)
        assert gc.isenabled()
        loads(self.TEXT)
        assert seen == [False]
        assert gc.isenabled()
