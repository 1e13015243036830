"""A fuzz target for the loader: whatever it is given, it raises nothing but SchoolFileError.

Three kinds of input: arbitrary JSON-like values (as data, and as JSON text); valid
school files from ``safetyregs.strategies`` with one part replaced, removed or added;
and the text of a valid file (JSON or TOML) with characters inserted, deleted or
replaced. Each either loads or is refused with ``SchoolFileError``; any other exception
(a ``TypeError`` from a hook, a ``RecursionError``, an ``OverflowError``) is a bug. The
same texts read by ``batch.Population.from_texts``, which keeps a file's daily record
lists as columns, give what ``loads`` gives: the same school file, or the same errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import warnings
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetyregs import SchoolFileError, batch
from safetyregs import strategies as srst
from safetyregs._io import dumps, loads, structure, unstructure

fuzz = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Values that stress the limits: huge and tiny numbers, odd text, far dates.
_SPECIAL = st.sampled_from(
    [
        10**25,
        -1,
        0,
        Decimal("1e999999999"),
        Decimal("-0.0"),
        "1e999999999",
        "NaN",
        "\x1b[2J",
        "\ud800",
        "[/]",
        "",
        "9999-12-31",
        "0001-01-01",
        "9999-12-31T23:59:59+14:00",
        "2026-02-29",
        "2026-11-12",
        "2026-11-12T10:00:00",
        "ziyang",
        True,
        None,
        "x" * 300,
    ]
)

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20) | _SPECIAL
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12) | st.sampled_from(["id", "school", "drills"]), inner)
    ),
    max_leaves=30,
)


def loads_or_refuses(text: str, fmt: str = "json") -> None:
    with contextlib.suppress(SchoolFileError):
        loads(text, format=fmt)  # type: ignore[arg-type]
    read_as_a_population(text, fmt)


def read_as_a_population(text: str, fmt: str) -> None:
    """``Population.from_texts`` (daily lists as columns) gives what ``loads`` gives: the
    same school file once built, or the same errors; it raises nothing else either."""

    def outcome(read: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return read()
        except SchoolFileError as exc:
            return exc.errors

    expected = outcome(lambda: loads(text, format=fmt))  # type: ignore[arg-type]
    got = outcome(lambda: batch.Population.from_texts([text], format=fmt).school_files[0])  # type: ignore[arg-type]
    assert got == expected


def structures_or_refuses(data: Any) -> None:
    with contextlib.suppress(SchoolFileError):
        structure(data)


@fuzz
@given(json_values)
def test_arbitrary_values(value: Any) -> None:
    """Any JSON-like value, as data and as JSON text, loads or is refused."""
    structures_or_refuses(value)
    structures_or_refuses({"school": value})
    try:
        text = json.dumps(value, default=str)
    except ValueError:  # a lone surrogate cannot always be written: as data only
        return
    loads_or_refuses(text)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid school file's data with one part replaced, removed or a key added."""
    name = draw(st.sampled_from(["ziyang", "cixi", "yanzhou", "yongqiao", "changzhou"]))
    sf = draw(srst.school_files(jurisdiction=name, max_records=2))
    data: Any = unstructure(sf)
    # Walk down to a random container, then change one of its entries.
    node = data
    for _ in range(draw(st.integers(0, 4))):
        children = list(node.values()) if isinstance(node, dict) else list(node)
        children = [c for c in children if isinstance(c, dict | list) and c]
        if not children:
            break
        node = draw(st.sampled_from(children))
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node)))
        if action == "replace":
            node[key] = draw(json_values)
        elif action == "remove":
            del node[key]
        else:
            node[draw(st.text(max_size=8))] = draw(json_values)
    elif isinstance(node, list) and node:
        index = draw(st.integers(0, len(node) - 1))
        if action == "replace":
            node[index] = draw(json_values)
        elif action == "remove":
            del node[index]
        else:
            node.append(draw(json_values))
    return data


@fuzz
@given(mutated())
def test_mutated_valid_files(data: Any) -> None:
    """A valid file with one part changed loads or is refused, as data and as JSON."""
    structures_or_refuses(data)
    try:
        text = json.dumps(data, default=str)
    except ValueError:
        return
    loads_or_refuses(text)


_EDITS = st.text(alphabet="{}[]\",:0123456789eE.-+ \\\n\ttruefalsn=#'\x00\x1b", max_size=6)


@fuzz
@given(
    srst.school_files(max_records=2),
    st.sampled_from(["json", "toml"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 6), _EDITS), min_size=1, max_size=4),
)
def test_mangled_text(sf: Any, fmt: str, edits: list[tuple[float, int, str]]) -> None:
    """The text of a valid file with characters deleted and inserted loads or is refused."""
    text = dumps(sf, format=fmt)  # type: ignore[arg-type]
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    loads_or_refuses(text, fmt)


@fuzz
@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.sampled_from(["json", "toml"]))
def test_any_date(day: dt.date, fmt: str) -> None:
    """A drill on any date from 0001 to 9999 loads (within the horizon) or is refused."""
    doc = {
        "school": {"id": "s", "name": "n", "jurisdiction": "ziyang", "levels": []},
        "drills": [{"id": "d", "date": day.isoformat(), "kind": "fire"}],
    }
    text = json.dumps(doc)
    if fmt == "toml":
        text = (
            '[school]\nid = "s"\nname = "n"\njurisdiction = "ziyang"\nlevels = []\n'
            f'[[drills]]\nid = "d"\ndate = {day.isoformat()}\nkind = "fire"\n'
        )
    if 1900 <= day.year <= 2200:
        assert loads(text, format=fmt).drills[0].date == day  # type: ignore[arg-type]
    else:
        with pytest.raises(SchoolFileError, match="outside the supported dates"):
            loads(text, format=fmt)  # type: ignore[arg-type]
