"""The loader's quick path agrees with its reference path, model for model, error for error.

``structure`` first tries the quick path (one pass, limits checked value by value, no
messages) and reads the file again by the reference path (limits walk, cattrs with
detailed validation) whenever the quick path cannot vouch for it. These properties pin
that down on valid files (with routines), on files with one part changed, on their JSON
text (with and without spaces around colons, keys named twice, ``":`` inside texts), and
under tight limits:

* whatever the quick path accepts, the limits walk finds nothing in and the reference
  converter reads as an equal school file;
* ``structure`` (quick path first) and the reference path alone give equal school files,
  or refuse with the same ``(path, message)`` list;
* so do ``loads`` (which parses without marking keys named twice when counting the keys
  proves there are none) and the marked parse read by the reference path;
* files read one after another, whose records without an id the quick path shares
  (a health check written the same in many schools' files), each give what the
  reference path gives for it alone, and no list holds one object twice.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetyregs import Limits, SchoolFileError, batch
from safetyregs import strategies as srst
from safetyregs._io import (
    _parse_json,
    _quick_structure,
    _structure,
    converter,
    dumps,
    load,
    loads,
    unstructure,
)
from safetyregs._limits import DEFAULT_LIMITS, find_problems
from safetyregs._models import SchoolFile
from safetyregs._routines import expand_routines

checks = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

PROFILES = ["ziyang", "cixi", "yanzhou", "yongqiao", "changzhou"]

#: Values that sit on the edges of what a school file or the limits accept.
_EDGES = st.sampled_from(
    [
        10**20 - 1,
        10**20,
        -1,
        0,
        True,
        None,
        Decimal("1.5"),
        Decimal("1e999999999"),
        Decimal("-0.0"),
        "1e5",
        " 1.5\x1f",
        "12",
        "\x1b[2J",
        "a\nb",
        "a\tb",
        "\ud800",
        "\u00a0",
        "",
        "x" * 201,
        "1899-12-31",
        "2201-01-01",
        "2026-02-29",
        "2026-11-12",
        "2026-11-12T10:00:00",
        "fire",
        "morning",
        "1530",
        [],
        {},
        ["2026-11-12"],
    ]
)
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | _EDGES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)

#: Tight limits that valid files reach, and the defaults.
_LIMITS = st.sampled_from(
    [
        DEFAULT_LIMITS,
        Limits(max_depth=4),
        Limits(max_depth=5),
        Limits(max_id_length=24),
        Limits(max_id_length=3),
        Limits(max_text_length=4),
        Limits(max_digits=1),
        Limits(first_year=2026, last_year=2026),
    ]
)

_WORDS = ["school_day", "last_school_day_of_week", "holiday_break_day", "FREQ=WEEKLY;COUNT=3"]


@st.composite
def routine(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """A routine whose record is one of the file's own records (id and date left out)."""
    dated = [
        name
        for name, records in data.items()
        if isinstance(records, list) and records and "date" in records[0] and name != "routines"
    ]
    if not dated:
        return {
            "id": "r",
            "collection": "drills",
            "record": {"kind": "fire"},
            "every": draw(st.sampled_from(_WORDS)),
            "from": "2026-09-01",
            "to": "2026-09-30",
        }
    name = draw(st.sampled_from(sorted(dated)))
    record = {k: v for k, v in draw(st.sampled_from(data[name])).items() if k not in {"id", "date"}}
    start = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
    end = start + dt.timedelta(days=draw(st.integers(0, 60)))
    if draw(st.booleans()):  # an explicit record whose id a routine record may take
        data[name].append({**data[name][0], "id": f"r@{end.isoformat()}"})
    return {
        "id": draw(st.sampled_from(["r", "r1530", str(data[name][0].get("id"))])),
        "collection": name,
        "record": record,
        "every": draw(st.sampled_from(_WORDS)),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "except": [start.isoformat()] if draw(st.booleans()) else [],
    }


@st.composite
def files(draw: st.DrawFn) -> Any:
    """A valid school file's data, with a routine or not, and maybe one part changed."""
    sf = draw(srst.school_files(jurisdiction=draw(st.sampled_from(PROFILES)), max_records=2))
    data: Any = unstructure(sf)
    data["routines"] = [draw(routine(data)) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        node = data
        for _ in range(draw(st.integers(0, 4))):
            children = list(node.values()) if isinstance(node, dict) else list(node)
            children = [c for c in children if isinstance(c, dict | list) and c]
            if not children:
                break
            node = draw(st.sampled_from(children))
        if isinstance(node, dict):
            key = draw(st.sampled_from([*sorted(node), "extra"]))
            node[key] = draw(_values)
        elif node:
            node[draw(st.integers(0, len(node) - 1))] = draw(_values)
    return data


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A file's JSON text, written with or without spaces around colons, maybe with a key
    named twice in one object, maybe with ``":`` inside a text."""
    data = draw(files())
    if not isinstance(data, dict):
        return json.dumps(data, default=str)
    if draw(st.booleans()) and isinstance(data.get("school"), dict):
        data["school"]["name"] = 'the "new": school'
    twice = None
    objects = [r for v in data.values() if isinstance(v, list) for r in v if isinstance(r, dict)]
    if objects and draw(st.booleans()):
        target = draw(st.sampled_from(objects))
        if target:
            twice = draw(st.sampled_from(sorted(target)))
            target["__twice__"] = draw(_values)
    separators = draw(st.sampled_from([(", ", ": "), (",", ":"), (", ", " : "), (",", ":\t")]))
    text = json.dumps(data, default=str, separators=separators)
    return text if twice is None else text.replace('"__twice__"', json.dumps(twice))


def outcome(data: Any, limits: Limits, *, quick: bool) -> Any:
    """The school file read, or the errors of its refusal."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _structure(data, PROFILES, None, limits, quick=quick)
    except SchoolFileError as exc:
        return exc.errors


def as_read(data: Any, how: str) -> Any:
    """The data as given in Python, as ``json.loads`` gives it back, or as the loader's
    parser gives it back (exact decimals, objects naming a key twice marked)."""
    if how == "python":
        return data
    try:
        text = json.dumps(data, default=str)
    except ValueError:
        return data
    if how == "json":
        return json.loads(text)
    try:
        return _parse_json(text, None, DEFAULT_LIMITS)
    except SchoolFileError:
        return data


_HOW = st.sampled_from(["python", "json", "loader"])


@checks
@given(files(), _LIMITS, _HOW, st.booleans())
def test_quick_path_accepts_only_what_the_reference_accepts(
    data: Any, limits: Limits, how: str, share: bool
) -> None:
    """A file the quick path reads has no problem with the limits and is read by the
    reference converter as an equal school file; so is a file parsed from JSON read with
    records shared with the files read before."""
    data = as_read(data, how)
    quick = _quick_structure(data, limits, share=share and how != "python")
    if quick is not None:
        assert find_problems(data, limits) == []
        assert converter.structure(data, SchoolFile) == quick


@checks
@given(files(), _LIMITS, _HOW)
def test_structure_gives_what_the_reference_path_gives(data: Any, limits: Limits, how: str) -> None:
    """With the quick path or without, the same school file or the same errors."""
    data = as_read(data, how)
    assert outcome(data, limits, quick=True) == outcome(data, limits, quick=False)


def test_valid_files_take_the_quick_path() -> None:
    """The quick path reads the contract's example file itself (routines and all), equal
    to the reference path's reading; it stands aside under limits too tight to vouch for."""
    text = (Path(__file__).resolve().parents[1] / "data" / "contract_example.json").read_text(
        encoding="utf-8"
    )
    data = _parse_json(text, None, DEFAULT_LIMITS)
    quick = _quick_structure(data, DEFAULT_LIMITS)
    assert quick is not None
    assert quick.routines
    assert quick == outcome(data, DEFAULT_LIMITS, quick=False)
    assert _quick_structure(data, Limits(max_depth=4)) is None
    assert _quick_structure(data, Limits(max_id_length=10)) is None


@checks
@given(texts(), _LIMITS)
def test_loads_gives_what_the_reference_path_gives(text: str, limits: Limits) -> None:
    """``loads`` (parsed without marking keys named twice, when their count allows it, and
    read by the quick path) gives what the marked parse and the reference path give."""

    def reference() -> Any:
        try:
            data = _parse_json(text, None, limits)
        except SchoolFileError as exc:
            return exc.errors
        return outcome(data, limits, quick=False)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got: Any = loads(text, profiles=PROFILES, limits=limits)
    except SchoolFileError as exc:
        got = exc.errors
    assert got == reference()


# --- records without an id, shared between files ------------------------------------------

_SCHOOL = {"id": "s", "name": "n", "jurisdiction": "ziyang", "levels": ["primary"]}


def _file(school_id: str, **lists: Any) -> str:
    return json.dumps({"school": {**_SCHOOL, "id": school_id}, **lists})


def _reference(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """What the reference path alone makes of ``text``: the school file, or its errors."""
    try:
        data = _parse_json(text, None, limits)
    except SchoolFileError as exc:
        return exc.errors
    return outcome(data, limits, quick=False)


def _loaded(text: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    try:
        return loads(text, profiles=PROFILES, limits=limits)
    except SchoolFileError as exc:
        return exc.errors


def test_records_without_an_id_are_shared_between_files() -> None:
    """Two schools' files that write the same health check (a record without an id in a
    list of the file) get one object for it (read before, kept); records with an id, and
    parts of records (a role span, a hazard's step), are each file's own; both files
    equal what the reference path reads."""
    staff = [
        {
            "id": "a",
            "name": "A",
            "hired": "2020-09-01",
            "roles": [{"role": "principal", "start": "2020-09-01"}],
        }
    ]
    hazard = {
        "id": "h1",
        "found": "2026-03-02",
        "responsible": "a",
        "steps": [{"step": "identified", "date": "2026-03-02"}],
    }
    lists = {
        "staff": staff,
        "health_checks": [{"date": "2026-03-02", "session": "morning"}],
        "drills": [{"id": "d1", "date": "2026-03-05", "kind": "fire"}],
        "hazards": [hazard],
    }
    first, second = _file("s1", **lists), _file("s2", **lists)
    one, two = loads(first), loads(second)
    assert one == _reference(first)
    assert two == _reference(second)
    assert one.health_checks[0] is two.health_checks[0]
    assert one.staff[0].roles[0] == two.staff[0].roles[0]
    assert one.staff[0].roles[0] is not two.staff[0].roles[0]
    assert one.hazards[0].steps[0] is not two.hazards[0].steps[0]
    assert one.drills[0] == two.drills[0]
    assert one.drills[0] is not two.drills[0]
    assert one.staff[0] is not two.staff[0]


def test_a_record_written_twice_in_a_list_is_two_objects() -> None:
    """The same health check written twice in one file, after another file wrote it too:
    two equal objects in the list, as the reference path makes them (a list never holds
    one object twice), and the file equals the reference path's."""
    check = {"date": "2026-03-03", "session": "noon"}
    loads(_file("s1", health_checks=[check]))
    text = _file("s2", health_checks=[check, {"date": "2026-03-04", "session": "noon"}, check])
    twice = loads(text)
    assert twice == _reference(text)
    first, _, third = twice.health_checks
    assert first == third
    assert first is not third


def test_a_shared_record_vouches_only_for_the_same_text() -> None:
    """After a valid health check and role span were read (and kept), the same records
    with a value changed, null for a key left out, or read under limits whose horizon
    excludes their day get what the reference path gives: the error, with its path."""
    good_check = {"date": "2026-03-06", "session": "morning"}
    member = {
        "id": "a",
        "name": "A",
        "hired": "2020-09-01",
        "roles": [{"role": "principal", "start": "2020-09-01"}],
    }
    loads(_file("s1", health_checks=[good_check], staff=[member]))
    variants = [
        _file("s2", health_checks=[{**good_check, "session": None}]),
        _file("s2", health_checks=[{**good_check, "session": "dusk"}]),
        _file("s2", health_checks=[{**good_check, "id": 7}]),
        _file("s2", health_checks=[{**good_check, "extra": 1}]),
        _file("s2", staff=[{**member, "roles": [{"role": "principal", "start": None}]}]),
        _file(
            "s2",
            staff=[
                {
                    **member,
                    "roles": [{"role": "principal", "start": "2020-09-01", "end": "2020-08-31"}],
                }
            ],
        ),
    ]
    for text in variants:
        got = _loaded(text)
        assert isinstance(got, list)
        assert got == _reference(text)
    text = _file("s3", health_checks=[good_check], staff=[member])
    narrow = Limits(first_year=2027, last_year=2027)
    assert _loaded(text, narrow) == _reference(text, narrow)
    assert any("2026-03-06" in message for _, message in _loaded(text, narrow))


def test_a_kept_record_is_found_by_its_values_whatever_the_order_of_its_keys() -> None:
    """Records without an id kept from an earlier file are found again by the values they
    write when every record of a list writes the keys of the first: written with the keys
    in another order or with ``"id": null`` they are the kept objects (equal to what the
    reference path reads); a list whose records write other keys (a key misspelt, one
    left out, one more), another value, or a value of another type than text gives what
    the reference path gives: the same records, or the same errors."""
    first = {"date": "2026-03-09", "session": "morning"}
    second = {"date": "2026-03-10", "session": "noon"}
    loads(_file("s1", health_checks=[first, second]))
    kept = loads(_file("s2", health_checks=[first, second])).health_checks
    reordered = _file("s3", health_checks=[{"session": "noon", "date": "2026-03-10"}, first])
    got = loads(reordered)
    assert got == _reference(reordered)
    assert got.health_checks[0] is kept[1]
    assert got.health_checks[1] is kept[0]
    with_id = [{**first, "id": None}, {**second, "id": None}]
    text = _file("s4", health_checks=with_id)
    assert loads(text) == _reference(text)
    assert (
        loads(_file("s5", health_checks=with_id)).health_checks[0] is loads(text).health_checks[0]
    )
    variants = [
        [first, {"date": "2026-03-10", "sesion": "noon"}],
        [first, {"date": "2026-03-10"}],
        [first, {**second, "id": "h2"}],
        [first, {**second, "id": None}],
        [first, {**second, "session": "dusk"}],
        [first, {**second, "date": "2026-02-30"}],
        [first, {**second, "session": ["noon"]}],
        [first, {**second, "session": 1}],
        [first, {**second, "date": None}],
        [first, second, first],
        [{"session": "morning"}, first],
    ]
    for number, checks in enumerate(variants):
        text = _file(f"v{number}", health_checks=checks)
        loaded = _loaded(text)
        assert loaded == _reference(text)
        if isinstance(loaded, SchoolFile):
            assert len(set(map(id, loaded.health_checks))) == len(loaded.health_checks)


_CHECK_KEYS = st.sampled_from(["date", "session", "id", "sesion"])
_CHECK_VALUES = st.sampled_from(
    ["2026-03-09", "2026-03-10", "2026-02-30", "morning", "noon", "dusk", None, 1, True, "h1"]
)


@checks
@given(
    st.lists(
        st.lists(st.dictionaries(_CHECK_KEYS, _CHECK_VALUES, min_size=1), max_size=4),
        min_size=2,
        max_size=4,
    ),
    _LIMITS,
)
def test_health_checks_read_one_file_after_another_give_what_each_gives_alone(
    lists: list[list[dict[str, Any]]], limits: Limits
) -> None:
    """Files of health checks drawn from a few dates, sessions and keys (in any order, some
    misspelt, null or of another type), read one after another so that the records of
    one are found by their values in the next: each file gives what the reference path
    gives for it alone, and no list holds one object twice."""
    for number, checks in enumerate(lists):
        text = _file(f"s{number}", health_checks=checks)
        got = _loaded(text, limits)
        assert got == _reference(text, limits)
        if isinstance(got, SchoolFile):
            assert len(set(map(id, got.health_checks))) == len(got.health_checks)


def test_records_built_without_init_meet_the_models_checks() -> None:
    """The quick path builds records without their ``__init__``, so it checks what the
    models' validators check: an end before its start, a negative number of minutes, a
    member of staff who left before being hired. Each is refused as the reference path
    refuses it; the same values in order are read as the models build them."""
    bad = [
        _file(
            "s", insurance=[{"id": "p", "kind": "k", "start": "2026-02-01", "end": "2026-01-31"}]
        ),
        _file("s", education=[{"id": "e", "date": "2026-03-02", "minutes": -1}]),
        _file("s", staff=[{"id": "a", "name": "A", "hired": "2026-02-01", "left": "2026-01-31"}]),
        _file("s", school={**_SCHOOL, "terms": [{"start": "2026-02-01", "end": "2026-01-31"}]}),
    ]
    for text in bad:
        got = _loaded(text)
        assert isinstance(got, list)
        assert got == _reference(text)
    good = _file(
        "s",
        insurance=[{"id": "p", "kind": "k", "start": "2026-02-01", "end": "2026-02-01"}],
        education=[{"id": "e", "date": "2026-03-02", "minutes": 0}],
        staff=[{"id": "a", "name": "A", "hired": "2026-02-01", "left": "2026-02-01"}],
    )
    assert loads(good) == _reference(good)


@checks
@given(st.lists(files(), min_size=2, max_size=3), _LIMITS)
def test_files_read_one_after_another_give_what_each_gives_alone(
    many: list[Any], limits: Limits
) -> None:
    """Files read in turn (records of one kept for the next) each give what the reference
    path gives for it alone, and no list of a file read holds one object twice."""
    for data in many:
        text = json.dumps(data, default=str)
        got = _loaded(text, limits)
        assert got == _reference(text, limits)
        if isinstance(got, SchoolFile):
            for name in ("health_checks", "staff", "hazards"):
                items = getattr(got, name)
                assert len(set(map(id, items))) == len(items)
            for member in got.staff:
                assert len(set(map(id, member.roles))) == len(member.roles)
            for hazard in got.hazards:
                assert len(set(map(id, hazard.steps))) == len(hazard.steps)


def test_a_key_named_twice_is_found_whatever_the_colons_of_the_datetimes() -> None:
    """The loader proves that no key was named twice by counting colons: those of the text
    less those inside the datetimes it read. A key named twice in a file with datetimes,
    with a colon of a datetime written as an escape (which the text does not show as a
    colon), or with a colon in another text, is still reported as the reference path
    reports it; the same files without the key named twice are read as it reads them."""
    incident = (
        '{"id": "i1", "occurred_at": "2026-02-12T16%s00:00", "kind": "fire"%s,'
        ' "written_reported_at": "2026-02-12T16:40:00"}'
    )
    for colon in (":", "\\u003a"):
        for twice in (', "kind": "fire"', ""):
            for name in ("n", "n: a colon"):
                school = json.dumps({**_SCHOOL, "name": name})
                text = f'{{"school": {school}, "incidents": [{incident % (colon, twice)}]}}'
                got = _loaded(text)
                assert got == _reference(text)
                assert isinstance(got, list) == bool(twice)


# --- a population read from texts: daily record lists kept as columns ---------------------


def _population_outcome(texts: list[str], limits: Limits = DEFAULT_LIMITS) -> Any:
    """The school files of ``Population.from_texts`` (built from their columns), or the
    errors of the first file it refuses."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            population = batch.Population.from_texts(texts, profiles=PROFILES, limits=limits)
    except SchoolFileError as exc:
        return exc.errors
    return list(population.school_files)


def _loads_outcome(texts: list[str], limits: Limits = DEFAULT_LIMITS) -> Any:
    """What ``loads`` gives for the files in turn: every school file, or the errors of the
    first it refuses."""
    found = []
    for text in texts:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                found.append(loads(text, profiles=PROFILES, limits=limits))
        except SchoolFileError as exc:
            return exc.errors
    return found


@checks
@given(st.lists(texts(), min_size=1, max_size=3), _LIMITS)
def test_a_population_from_texts_reads_each_file_as_loads_does(
    many: list[str], limits: Limits
) -> None:
    """``Population.from_texts`` keeps the daily record lists as columns, yet gives for the
    files (valid, with one part changed, a key named twice, spaces around colons, under
    tight limits; read one after another, so that prototypes are shared) what ``loads``
    gives: equal school files once built, or the same errors of the first bad file."""
    assert _population_outcome(many, limits) == _loads_outcome(many, limits)


def _valid_text() -> str:
    data = {
        "school": {**_SCHOOL, "id": "c1", "terms": [{"start": "2026-02-24", "end": "2026-07-10"}]},
        "staff": [{"id": "a", "name": "A", "hired": "2020-09-01"}],
        "education": [
            {"id": "e1", "date": "2026-03-02", "kind": "1530", "minutes": 5},
            {"id": "e2", "date": "2026-03-03", "kind": "1530", "minutes": 5},
            {"id": "e3", "date": "2026-03-04", "kind": "lesson", "theme": "fire_safety"},
        ],
        "health_checks": [{"date": "2026-03-02", "session": "morning"}],
        "duty": [
            {"id": "d1", "date": "2026-03-02", "staff": "a", "leader": True},
            {"id": "d2", "date": "2026-03-03"},
        ],
        "trainings": [
            {
                "id": "t1",
                "staff": "a",
                "date": "2026-03-05",
                "class_hours": "1.50",
                "topics": ["x"],
            },
            {"id": "t2", "staff": "a", "date": "2026-03-06", "class_hours": 1.5},
        ],
        "routines": [
            {
                "id": "r",
                "collection": "education",
                "record": {"kind": "1530", "minutes": 5},
                "every": "school_day",
                "from": "2026-03-09",
                "to": "2026-03-13",
            }
        ],
    }
    return json.dumps(data)


def test_a_population_keeps_the_daily_lists_as_columns_and_builds_the_same_records() -> None:
    """A valid file's education, health checks, duty and trainings are held as columns (no
    record objects), with one prototype for records that write the same values (two 1530
    sessions of 5 minutes), and the school file built from them equals ``loads``'s,
    decimals written as written (1.50 hours, 1.5 hours)."""
    text = _valid_text()
    population = batch.Population.from_texts([text, text.replace('"c1"', '"c2"')])
    assert population._files[0].education == ()
    columns = population._columns[0]
    assert set(columns) == {"education", "health_checks", "duty", "trainings"}
    first, second, third = columns["education"].protos
    assert first is second
    assert first is not third
    assert columns["education"].protos[0] is population._columns[1]["education"].protos[0]
    built = population.school_files[0]
    assert built == loads(text)
    assert [str(t.class_hours) for t in built.trainings] == ["1.50", "1.5"]
    expanded = population.expanded(0)
    assert expanded == expand_routines(loads(text))
    assert len(expanded.education) == 3 + 5


def test_a_bad_file_gets_the_errors_loads_gives() -> None:
    """Each fault in a daily record list (a negative number of minutes, a key of no field,
    an id written twice, a member of staff who does not exist, a routine record's id
    already taken, a key named twice, a control character, a day outside the horizon,
    hours that are no number, topics that are no list, a session of no kind) makes
    ``Population.from_texts`` refuse the file with the errors and paths ``loads`` gives."""
    base = json.loads(_valid_text())

    def changed(name: str, index: int, **values: Any) -> str:
        data = json.loads(json.dumps(base))
        data[name][index].update(values)
        return json.dumps(data)

    variants = [
        changed("education", 0, minutes=-1),
        changed("education", 1, extra=1),
        changed("education", 1, id="e1"),
        changed("duty", 0, staff="nobody"),
        changed("education", 2, id="r@2026-03-10"),
        changed("education", 1, kind="1530\x1b"),
        changed("education", 1, date="1800-01-01"),
        changed("trainings", 0, class_hours="many"),
        changed("trainings", 0, topics="x"),
        changed("health_checks", 0, session="dusk"),
        changed("duty", 1, leader="yes"),
        changed("education", 0, date=None),
        _valid_text().replace('"minutes": 5}', '"minutes": 5, "minutes": 6}', 1),
    ]
    for text in variants:
        expected = _loads_outcome([text])
        assert isinstance(expected, list)
        assert expected
        assert isinstance(expected[0], tuple)
        assert _population_outcome([_valid_text(), text]) == expected


def test_a_population_from_files_reads_each_file_as_load_does(tmp_path: Path) -> None:
    """``Population.from_files`` reads files from disk as ``load`` does: a valid JSON file
    with its daily lists as columns and a TOML file by ``load`` itself, built equal to
    ``load``'s; a bad file refused with ``load``'s errors, naming the file."""
    good = tmp_path / "good.json"
    good.write_text(_valid_text(), encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text(dumps(loads(_valid_text().replace('"c1"', '"c2"')), format="toml"))
    population = batch.Population.from_files([good, other])
    assert population._columns[0]
    assert not population._columns[1]
    assert population.school_files == (load(good), load(other))
    bad = tmp_path / "bad.json"
    bad.write_text(_valid_text().replace('"minutes": 5}', '"minutes": -5}', 1), encoding="utf-8")
    with pytest.raises(SchoolFileError) as by_load:
        load(bad)
    with pytest.raises(SchoolFileError) as by_population:
        batch.Population.from_files([good, bad])
    assert by_population.value.errors == by_load.value.errors
    assert by_population.value.source == by_load.value.source == str(bad)


@pytest.mark.parametrize(
    "limits",
    [
        Limits(max_text_length=4),
        Limits(first_year=2027, last_year=2027),
        Limits(max_depth=3),
    ],
)
def test_a_file_read_from_disk_is_held_to_every_limit(tmp_path: Path, limits: Limits) -> None:
    """``load(path, limits=...)`` and ``Population.from_files`` apply every limit, not only
    the file size: the file is refused with the errors ``loads`` gives its text under those
    limits (``load`` once applied only ``max_size``, so ``check --horizon`` let a file's
    dates outside the horizon through)."""
    file = tmp_path / "school.json"
    file.write_text(_valid_text(), encoding="utf-8")
    load(file)  # within the default limits
    with pytest.raises(SchoolFileError) as by_text:
        loads(_valid_text(), limits=limits)
    with pytest.raises(SchoolFileError) as by_file:
        load(file, limits=limits)
    with pytest.raises(SchoolFileError) as by_population:
        batch.Population.from_files([file], limits=limits)
    assert by_file.value.errors == by_text.value.errors
    assert by_population.value.errors == by_text.value.errors
