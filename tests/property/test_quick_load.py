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
  proves there are none) and the marked parse read by the reference path.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetyregs import Limits, SchoolFileError
from safetyregs import strategies as srst
from safetyregs._io import (
    _parse_json,
    _quick_structure,
    _structure,
    converter,
    loads,
    unstructure,
)
from safetyregs._limits import DEFAULT_LIMITS, find_problems
from safetyregs._models import SchoolFile

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
@given(files(), _LIMITS, _HOW)
def test_quick_path_accepts_only_what_the_reference_accepts(
    data: Any, limits: Limits, how: str
) -> None:
    """A file the quick path reads has no problem with the limits and is read by the
    reference converter as an equal school file."""
    data = as_read(data, how)
    quick = _quick_structure(data, limits)
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
