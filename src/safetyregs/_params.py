"""One vocabulary of rule parameters: what ``derive`` accepts, ``diff`` compares, docs list.

Every parameter of a rule is a path into the rule (``needs[0].at_least``,
``trigger.within``, ``needs[0].match.where.kind``, ``applies_to.levels``) with its
current value, its type and the direction that makes the rule stricter. The
paths are found by walking the rule's checks, so they can never drift from
what the engine reads; the table :data:`SPECS` below says, next to each field
of each part, which way tightens it and why (worked out from what the engine
does with the field, see ``_kinds.py``).

A field the engine ignores in a given rule (``min_school_days`` of a rule that
owes in every period, ``at_least`` of a quota's need or of a need that asks for
topics) is *not* a parameter of that rule: it is not listed and ``derive``
refuses it.

The same module checks a rule when a profile is built (:func:`problems`):
collections, record fields, enum values, levels, flags, roles, steps and
dates are checked against the models, and each problem names its path.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import attrs
from attrs import frozen
from dateutil.relativedelta import relativedelta

from . import _kinds as k
from . import _models as m

if TYPE_CHECKING:
    from ._engine import Profile, Rule

__all__ = [
    "Parameter",
    "Tightens",
    "coerce",
    "parameter_list",
    "problems",
    "profile_parameters",
    "rule_entries",
    "timing_problems",
]

Tightens = Literal["increase", "decrease"]


@frozen
class Parameter:
    """One parameter of a profile: a path that ``Profile.derive`` accepts, and its value.

    ``rule`` is the rule id, or None for a field of the profile itself
    (``effective_from``, changed with ``derive(effective_from=...)``); ``path``
    is exactly what ``derive(override={rule: {path: value}})`` accepts.
    ``type`` is one of ``int``, ``Decimal``, ``bool``, ``date``, ``duration``
    (a ``timedelta`` or ``relativedelta``; ISO 8601 such as ``PT30M`` or
    ``P1M`` in JSON), ``str``, ``enum`` (one of ``choices``), ``month-day``
    (``(month, day)``), ``list[str]``, ``list[int]``, ``list[enum]``, ``kind``
    (which part is used, e.g. ``Months`` or ``Quarters``: one of ``choices``),
    or, for the containers of other parameters, ``part``, ``parts`` and
    ``conditions``. ``tightens`` is the direction that makes the rule
    stricter (``"increase"``, ``"decrease"``; for a ``bool``, ``"increase"``
    means ``True``), or None where the values have no such order.
    ``optional`` says that None is a valid value.
    """

    rule: str | None
    path: str
    value: Any
    type: str
    tightens: Tightens | None = None
    choices: tuple[str, ...] = ()
    optional: bool = False

    @property
    def container(self) -> bool:
        """True for a part, list of parts or conditions: its leaves are parameters too."""
        return self.type in _CONTAINERS

    def to_json(self) -> Any:
        """The value as JSON data, as ``profile --format json`` and ``diff`` show it."""
        if self.type == "kind":
            return type(self.value).__name__
        if self.type == "conditions":  # an object, empty or not (as inside a part)
            return {key: _plain(value) for key, value in self.value}
        return _plain(self.value)


def parameter_list(parameters: Iterable[Parameter]) -> list[dict[str, Any]]:
    """Parameters as JSON (``profile --format json``): path, value, type, direction.

    Containers (a list of needs, a set of conditions) are left out: their leaves are listed.
    """
    return [
        {"path": p.path, "value": p.to_json(), "type": p.type, "tightens": p.tightens}
        for p in parameters
        if not p.container
    ]


def _plain(value: Any) -> Any:
    """JSON data of a value (imported late: the engine imports this module)."""
    from ._engine import plain

    return plain(value)


# --- what each field means -----------------------------------------------------------


@frozen
class Spec:
    """How one field of a part is read: its direction, why, and the values it may take."""

    tightens: Tightens | None = None
    why: str = ""
    #: An enum class, or a tag for other closed sets: "level", "flag", "collection".
    choices: Any = None
    #: The field's type in the vocabulary, when its annotation does not say (``month-day``).
    type: str | None = None


NO_ORDER = "a different value is a different rule, neither stricter nor looser"

#: Every field of every part, with the direction that tightens it, worked out from the
#: engine. A test asserts that every attrs field of every part has an entry.
SPECS: dict[tuple[type, str], Spec] = {
    # Recurring: for window in every.windows(); skipped unless in session; needs measured.
    (k.Recurring, "every"): Spec(None, "which periods owe: no order between period kinds"),
    (k.Recurring, "needs"): Spec(None, "the requirements of each period"),
    (k.Recurring, "during"): Spec(
        None, '"always" owes in every period, "session" only in periods in session'
    ),
    (k.Recurring, "min_school_days"): Spec(
        "decrease",
        "a period owes only with at least this many school days (ctx.calendar.in_session): "
        "a lower number makes more periods owe. Only a parameter of during='session' rules.",
    ),
    # Need: found >= at_least; covers asks for every listed topic instead.
    (k.Need, "match"): Spec(None, "which records count"),
    (k.Need, "at_least"): Spec(
        "increase",
        "satisfied when found >= at_least: more records or hours are needed. Not a "
        "parameter when covers is set or in a quota (the quota's amount is used).",
    ),
    (k.Need, "measure"): Spec(
        None, "count records or sum a numeric field. Not a parameter when covers is set."
    ),
    (k.Need, "covers"): Spec(
        None, "the topics whose union must be covered: a set, compared by inclusion only"
    ),
    # Match.accepts: where values must be equal, at_least minimums, covers_levels.
    (k.Match, "collection"): Spec(None, "the records looked at", choices="collection"),
    (k.Match, "where"): Spec(None, "conditions on record fields; each value: " + NO_ORDER),
    (k.Match, "at_least"): Spec(
        "increase", "a record counts only if its field is at least the minimum"
    ),
    (k.Match, "covers_levels"): Spec(
        None, "levels a record must cover (those the school has): a set", choices=m.Level
    ),
    # Periods.
    (k.NamedMonths, "months"): Spec(None, "which months of the year owe: a set"),
    (k.Terms, "season"): Spec(None, "spring or autumn terms only, or every term (None)"),
    (k.ThemedWeeks, "days"): Spec(None, "the themed days"),
    (k.ThemedDay, "theme"): Spec(None, "the theme a record must have", choices=m.Theme),
    (k.ThemedDay, "month"): Spec(None, "the month of the themed day: " + NO_ORDER),
    (k.ThemedDay, "day"): Spec(None, "the day of the month (when fixed): " + NO_ORDER),
    (k.ThemedDay, "last_weekday"): Spec(
        None, "the weekday (0 = Monday) whose last one in the month is the day"
    ),
    # Deadline triggers.
    (k.Deadline, "trigger"): Spec(None, "what starts the clock"),
    (k.Deadline, "require"): Spec(None, "what must hold by the due moment"),
    (k.OnIncident, "within"): Spec("decrease", "due = start + within: earlier due, less time"),
    (k.OnIncident, "where"): Spec(None, "which incidents start a clock: " + NO_ORDER),
    (k.OnIncident, "deaths_at_least"): Spec(
        "decrease", "only incidents with at least this many deaths start a clock: lower, more"
    ),
    (k.OnTermStart, "within"): Spec("decrease", "due = term start + within"),
    (k.OnRoleStart, "roles"): Spec(None, "roles whose start triggers: a set", choices=m.Role),
    (k.OnRoleStart, "within"): Spec("decrease", "due = role start + within"),
    (k.OnHazardFound, "due"): Spec(
        None, "same_day or end_of_month (same_day is sooner; no numeric order)"
    ),
    (k.FixedDate, "by"): Spec(
        "decrease",
        "the deadline: earlier leaves less time (records must be dated on or before it). "
        "It must lie in the rule's effective period, so earlier never drops the obligation.",
    ),
    (k.EveryInterval, "collection"): Spec(None, "the items of the chain", choices="collection"),
    (k.EveryInterval, "dates_field"): Spec(None, "the field of dates that continue the chain"),
    (k.EveryInterval, "start_field"): Spec(None, "the date that starts the chain"),
    (k.EveryInterval, "interval"): Spec(
        "decrease", "the next entry is due at most this long after the previous one"
    ),
    # Deadline requirements.
    (k.FieldOnOrBefore, "field"): Spec(None, "the subject's date that must be on time"),
    (k.FieldOnOrBefore, "not_before_start"): Spec(
        "increase", "True also refuses a date before the trigger: one more way to fail"
    ),
    (k.FieldsSet, "fields"): Spec(None, "fields that must be set: a set"),
    (k.RecordsBy, "need"): Spec(None, "the requirement"),
    (k.RecordsBy, "window"): Spec(
        None, '"period" counts records from the trigger, "until_due" any up to the due day'
    ),
    (k.RecordsBy, "per_person"): Spec(
        "increase", "True counts only the trigger's person's records: fewer records count"
    ),
    (k.DateAfterStart, "field"): Spec(None, "the subject's list of dates"),
    # Quota: required = amount x days held / days in the year.
    (k.Quota, "roles"): Spec(None, "roles that owe the quota: a set", choices=m.Role),
    (k.Quota, "amount"): Spec("increase", "the yearly amount before pro-rating"),
    (k.Quota, "need"): Spec(None, "what is summed"),
    # Invariants.
    (k.Invariant, "holds"): Spec(None, "the condition that must hold every day"),
    (k.Invariant, "subjects"): Spec(None, '"school" or a collection whose items are subjects'),
    (k.Invariant, "from_field"): Spec(
        None, "an item's days start at this date field (only with subjects not school)"
    ),
    (k.Covered, "collection"): Spec(None, "the covering records", choices="collection"),
    (k.Covered, "where"): Spec(None, "conditions on the covering records: " + NO_ORDER),
    (k.Covered, "same_field"): Spec(
        None, "the covering record's field must equal the subject's (only with subjects)"
    ),
    (k.FieldsTrue, "fields"): Spec(None, "boolean fields that must be true: a set"),
    (k.RatioOfStaff, "role"): Spec(None, "the role counted", choices=m.Role),
    (k.RatioOfStaff, "at_least"): Spec(
        "increase", "holders of the role must be at least this share of staff employed"
    ),
    # Prohibition: records in [window_from, window_to] must meet require (and be approved).
    (k.Prohibition, "match"): Spec(None, "the records looked at"),
    (k.Prohibition, "window_from"): Spec(
        "decrease",
        "(month, day) of the window's first day: earlier, a longer window",
        type="month-day",
    ),
    (k.Prohibition, "window_to"): Spec(
        "increase",
        "(month, day) of the window's last day: later, a longer window",
        type="month-day",
    ),
    (k.Prohibition, "require"): Spec(None, "field values a record in the window must have"),
    (k.Prohibition, "approval_field"): Spec(
        None, "a date field that must be set, on or before the record's date"
    ),
    # Lifecycle.
    (k.Lifecycle, "steps"): Spec(None, "the steps in order", choices=m.Step),
    (k.Lifecycle, "complete"): Spec(None, "the step due by the deadline", choices=m.Step),
    (k.Lifecycle, "fields_at"): Spec(None, "fields a hazard must have once a step is reached"),
    (k.Lifecycle, "collection"): Spec(None, "the items", choices="collection"),
    # Checklist.
    (k.Checklist, "items"): Spec(None, "the items"),
    (k.Checklist, "by"): Spec(
        "decrease",
        "the deadline: earlier leaves less time; it must lie in the rule's effective period",
    ),
    (k.Checklist, "collection"): Spec(None, "the records", choices="collection"),
    (k.Checklist, "window"): Spec(
        None, '"period" counts records from the effective date, "until_due" any before'
    ),
    (k.ChecklistItem, "id"): Spec(None, "the item id records name"),
    (k.ChecklistItem, "area"): Spec(None, "a label only: the engine does not read it"),
    (k.ChecklistItem, "only_if"): Spec(None, "a school flag the item depends on", choices="flag"),
    # Ledger.
    (k.Ledger, "collection"): Spec(None, "the ledger entries", choices="collection"),
    (k.Ledger, "key"): Spec(None, "the field that names the item"),
    (k.Ledger, "increase"): Spec(None, "actions that add to stock", choices=m.ChemicalAction),
    (k.Ledger, "decrease"): Spec(None, "actions that take from stock", choices=m.ChemicalAction),
    (k.Ledger, "count"): Spec(None, "actions that count stock", choices=m.ChemicalAction),
    (k.Ledger, "actions"): Spec(None, "the order of same-day actions", choices=m.ChemicalAction),
}

#: Fields of parts the engine never reads: documentation only, not parameters.
LABELS = {(k.ChecklistItem, "area")}


# --- types ----------------------------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(k) | vars(m))


def _strip_none(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        return (rest[0] if len(rest) == 1 else typing.Union[rest]), True  # noqa: UP007
    return hint, False


def _classes(hint: Any) -> tuple[type, ...]:
    """The attrs classes a hint allows (a part or a union of parts), else ()."""
    if isinstance(hint, type) and attrs.has(hint):
        return (hint,)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        found = tuple(a for a in typing.get_args(hint) if isinstance(a, type) and attrs.has(a))
        if found and len(found) == len(typing.get_args(hint)):
            return found
    return ()


def _choices_of(spec: Spec | None, hint: Any) -> tuple[str, ...]:
    if spec is not None and spec.choices is not None:
        return _closed_set(spec.choices)
    if typing.get_origin(hint) is Literal:
        return tuple(str(a) for a in typing.get_args(hint))
    return ()


def _closed_set(tag: Any) -> tuple[str, ...]:
    if isinstance(tag, type) and issubclass(tag, enum.Enum):
        return tuple(str(v.value) for v in tag)
    if tag == "collection":
        return collections()
    if tag == "flag":
        return flags()
    if tag == "level":
        return tuple(str(v.value) for v in m.Level)
    return ()


def _vocab_type(hint: Any, spec: Spec | None) -> str:
    if spec is not None and spec.type is not None:
        return spec.type
    if _classes(hint):
        return "kind" if len(_classes(hint)) > 1 else "part"
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        return "enum"
    if origin in (tuple, frozenset):
        inner = args[0] if args else str
        if inner is Any or typing.get_origin(inner) is tuple:
            return "conditions"
        if _classes(inner):
            return "parts"
        if spec is not None and spec.choices is not None:
            return "list[enum]"
        return "list[int]" if inner is int else "list[str]"
    simple = {
        bool: "bool",
        int: "int",
        Decimal: "Decimal",
        str: "str",
        dt.date: "date",
        dt.timedelta: "duration",
        relativedelta: "duration",
    }
    if hint in simple:
        return "enum" if hint is str and spec is not None and spec.choices else simple[hint]
    return "str"


_CONTAINERS = ("part", "parts", "conditions")


# --- the school file's shape ------------------------------------------------------------


@cache
def collections() -> tuple[str, ...]:
    """The record collections of a school file."""
    return tuple(a.name for a in attrs.fields(m.SchoolFile) if a.name != "school")


@cache
def flags() -> tuple[str, ...]:
    """The boolean facts of a school that ``Applies(flags=...)`` may name."""
    return tuple(name for name, hint in _hints(m.School).items() if hint is bool)


def record_class(collection: str) -> type | None:
    """The record class of a collection (``drills`` -> ``Drill``)."""
    hint = _hints(m.SchoolFile).get(collection)
    if hint is None or collection == "school":
        return None
    args = typing.get_args(hint)
    return args[0] if args else None


def _record_fields(cls: type) -> dict[str, Any]:
    hints = dict(_hints(cls))
    # Properties the engine reads as fields.
    if cls is m.Incident:
        hints["start"] = dt.datetime
    return hints


# --- walking a rule ------------------------------------------------------------------------

Step = str | int


@frozen
class Entry:
    """A parameter and where it sits in the rule (one or more places, one per check)."""

    parameter: Parameter
    places: tuple[tuple[Step, ...], ...]


def _leaf_of_pairs(
    record: type | None, key: str, value: Any, minimum: bool
) -> tuple[str, tuple[str, ...], Tightens | None]:
    """Type, choices and direction of one condition (``where.kind``, ``at_least.minutes``)."""
    hint = _strip_none(_record_fields(record).get(key, str))[0] if record else str
    if minimum:
        return ("Decimal" if hint is Decimal else "int"), (), "increase"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        choices = tuple(str(v.value) for v in hint)
        return ("list[enum]" if isinstance(value, tuple) else "enum"), choices, None
    if hint is bool:
        return "bool", (), None
    if hint is int:
        return "int", (), None
    return ("list[str]" if isinstance(value, tuple) else "str"), (), None


def _skip(obj: Any, name: str, parents: Sequence[Any]) -> bool:
    """Fields the engine ignores in this place: not parameters here."""
    if (type(obj), name) in LABELS:
        return True
    if isinstance(obj, k.Recurring) and name == "min_school_days":
        return obj.during != "session"
    if isinstance(obj, k.Need):
        in_quota = bool(parents) and isinstance(parents[-1], k.Quota)
        if name == "at_least":
            return bool(obj.covers) or in_quota
        if name == "measure":  # topics to cover are neither counted nor summed
            return bool(obj.covers)
        if name == "covers":
            return in_quota
    if isinstance(obj, k.ThemedDay) and name in ("day", "last_weekday"):
        return getattr(obj, name) is None
    if isinstance(obj, k.RecordsBy) and name == "per_person":
        # Only a trigger by a member of staff has a person to narrow the records to.
        deadline = parents[-1] if parents else None
        return not (
            isinstance(deadline, k.Deadline)
            and isinstance(deadline.trigger, k.OnRoleStart | k.OnHire)
        )
    invariant = next((p for p in reversed(parents) if isinstance(p, k.Invariant)), None)
    if isinstance(obj, k.Invariant) and name == "from_field":
        return obj.subjects == "school"
    if isinstance(obj, k.Covered) and name == "same_field":
        return invariant is None or invariant.subjects == "school"
    return False


def _collection_of(parents: Sequence[Any], obj: Any) -> str | None:
    for item in (obj, *reversed(parents)):
        if isinstance(item, k.Prohibition):
            return item.match.collection
        if isinstance(item, k.Match):
            return item.collection
        if isinstance(item, k.Covered):
            return item.collection
        if isinstance(item, k.OnIncident):
            return "incidents"
    return None


def _walk(
    obj: Any, path: str, steps: tuple[Step, ...], parents: tuple[Any, ...]
) -> Iterator[tuple[str, tuple[Step, ...], Any, str, Tightens | None, tuple[str, ...], bool]]:
    cls: type = type(obj)
    hints = _hints(cls)
    for a in attrs.fields(cls):
        if _skip(obj, a.name, parents):
            continue
        spec = SPECS.get((cls, a.name))
        hint, optional = _strip_none(hints[a.name])
        value = getattr(obj, a.name)
        here = f"{path}.{a.name}" if path else a.name
        at = (*steps, a.name)
        vtype = _vocab_type(hint, spec)
        choices = _choices_of(spec, hint)
        if vtype == "kind":
            choices = tuple(c.__name__ for c in _classes(hint))
        tightens = spec.tightens if spec is not None and vtype not in _CONTAINERS else None
        yield here, at, value, vtype, tightens, choices, optional
        if vtype in ("part", "kind") and value is not None:
            yield from _walk(value, here, at, (*parents, obj))
        elif vtype == "parts":
            for index, item in enumerate(value):
                yield f"{here}[{index}]", (*at, index), item, "part", None, (), False
                yield from _walk(item, f"{here}[{index}]", (*at, index), (*parents, obj))
        elif vtype == "conditions":
            record = record_class(_collection_of(parents, obj) or "")
            for key, item in value:
                lchoices: tuple[str, ...] = ()
                ltight: Tightens | None = None
                if isinstance(obj, k.Lifecycle):
                    ltype = "list[str]"
                else:
                    ltype, lchoices, ltight = _leaf_of_pairs(
                        record, key, item, minimum=a.name == "at_least"
                    )
                yield f"{here}.{key}", (*at, key), item, ltype, ltight, lchoices, False


def _effective_from_tightens(rule: Rule) -> Tightens | None:
    """Earlier start: the rule applies to more days, so "decrease" tightens it.

    Except where the start is also where records start to count (a fixed-date
    deadline or checklist whose window is ``period``): an earlier start then
    counts more records too, and there is no order.
    """
    return None if any(_counts_from_start(c) for c in rule.checks) else "decrease"


def _counts_from_start(check: Any) -> bool:
    if isinstance(check, k.Checklist):
        return check.window == "period"
    if isinstance(check, k.Deadline) and isinstance(check.trigger, k.FixedDate):
        return isinstance(check.require, k.RecordsBy) and check.require.window == "period"
    return False


def rule_entries(rule: Rule) -> list[Entry]:
    """Every parameter of one rule with its places, in declaration order."""
    out: list[Entry] = []
    tight_from = _effective_from_tightens(rule)
    out.append(
        Entry(
            Parameter(rule.id, "effective_from", rule.effective_from, "date", tight_from, (), True),
            (("effective_from",),),
        )
    )
    out.append(
        Entry(
            Parameter(
                rule.id, "effective_until", rule.effective_until, "date", "increase", (), True
            ),
            (("effective_until",),),
        )
    )
    levels = rule.applies_to.levels
    out.append(
        Entry(
            Parameter(
                rule.id,
                "applies_to.levels",
                levels,
                "list[enum]",
                None,
                _closed_set("level"),
                True,
            ),
            (("applies_to", "levels"),),
        )
    )
    out.append(
        Entry(
            Parameter(
                rule.id, "applies_to.flags", rule.applies_to.flags, "list[enum]", None, flags()
            ),
            (("applies_to", "flags"),),
        )
    )
    found: dict[str, list[tuple[int, tuple[Step, ...], Parameter]]] = {}
    order: list[str] = []
    for index, check in enumerate(rule.checks):
        for path, steps, value, vtype, tight, choices, optional in _walk(check, "", (), ()):
            param = Parameter(rule.id, path, value, vtype, tight, choices, optional)
            if path not in found:
                order.append(path)
            found.setdefault(path, []).append((index, ("checks", index, *steps), param))
    for path in order:
        hits = found[path]
        if all(h[2].value == hits[0][2].value for h in hits):
            out.append(Entry(hits[0][2], tuple(h[1] for h in hits)))
        else:  # the checks disagree: each is addressed as checks[i].path
            for index, steps, param in hits:
                named = attrs.evolve(param, path=f"checks[{index}].{path}")
                out.append(Entry(named, (steps,)))
    return out


def profile_parameters(profile: Profile) -> tuple[Parameter, ...]:
    """The profile's own fields that change obligations, then every rule's parameters."""
    inherits = [r for r in profile.rules if r.effective_from is None]
    tight_from: Tightens | None = (
        None if any(_effective_from_tightens(r) is None for r in inherits) else "decrease"
    )
    own = (
        Parameter(None, "effective_from", profile.effective_from, "date", tight_from),
        Parameter(None, "effective_until", profile.effective_until, "date", "increase", (), True),
    )
    return own + tuple(e.parameter for rule in profile.rules for e in rule_entries(rule))


# --- values given to derive -------------------------------------------------------------------

_DURATION = re.compile(
    r"P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)


def _duration(value: Any, current: Any) -> dt.timedelta | relativedelta:
    if isinstance(value, dt.timedelta | relativedelta):
        parsed = value
    elif isinstance(value, str) and (hit := _DURATION.fullmatch(value)) and value != "P":
        n = {key: int(v) for key, v in hit.groupdict().items() if v}
        if isinstance(current, dt.timedelta):
            if n.get("years") or n.get("months"):
                msg = f"{value!r}: a duration in days, hours and minutes is needed here"
                raise ValueError(msg)
            parsed = dt.timedelta(**n)
        else:
            parsed = relativedelta(**n)  # type: ignore[arg-type]
    else:
        msg = f"{value!r} is not a duration (ISO 8601, e.g. PT30M or P1M)"
        raise ValueError(msg)
    if isinstance(current, dt.timedelta) and isinstance(parsed, relativedelta):
        msg = f"{value!r}: a timedelta is needed here"
        raise ValueError(msg)
    if isinstance(current, relativedelta) and isinstance(parsed, dt.timedelta):
        parsed = relativedelta(days=parsed.days, seconds=parsed.seconds)
    return parsed


def _scalar(value: Any, vtype: str, choices: tuple[str, ...], current: Any) -> Any:
    if vtype == "Decimal":
        return m.to_decimal(value)
    if vtype == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"{value!r} is not a whole number"
            raise TypeError(msg)
        return value
    if vtype == "bool":
        if not isinstance(value, bool):
            msg = f"{value!r} is not true or false"
            raise TypeError(msg)
        return value
    if vtype == "date":
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
            msg = f"{value!r} is not a date"
            raise TypeError(msg)
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if vtype == "duration":
        return _duration(value, current)
    if vtype in ("str", "enum"):
        if not isinstance(value, str):
            msg = f"{value!r} is not a string"
            raise TypeError(msg)
        if vtype == "enum" and choices and value not in choices:
            msg = f"{value!r} is not one of {', '.join(choices)}"
            raise ValueError(msg)
        return str(value)
    return value


def coerce(param: Parameter, value: Any) -> Any:
    """``value`` in the Python form of ``param`` (JSON forms accepted); raises on a bad one."""
    if value is None:
        if param.optional:
            return None
        msg = "None is not allowed here"
        raise ValueError(msg)
    vtype = param.type
    if vtype.startswith("list["):
        if isinstance(value, str) or not isinstance(value, Sequence | frozenset | set):
            msg = f"{value!r} is not a list"
            raise TypeError(msg)
        inner = vtype[5:-1]
        items = tuple(_scalar(v, inner, param.choices, None) for v in value)
        return frozenset(items) if isinstance(param.value, frozenset) else items
    if vtype == "month-day":
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            msg = f"{value!r} is not a (month, day) pair"
            raise TypeError(msg)
        month, day = (_scalar(v, "int", (), None) for v in value)
        return (month, day)
    if vtype == "kind":
        if isinstance(value, str) and value == type(param.value).__name__:
            return param.value  # the same part, as JSON names it
        if isinstance(value, str):
            cls = next((c for c in _part_classes(param) if c.__name__ == value), None)
            if cls is None or attrs.fields(cls):
                msg = (
                    f"{value!r} is not one of {', '.join(param.choices)} without fields "
                    "(give the part itself, e.g. Quarters())"
                )
                raise ValueError(msg)
            return cls()
        if type(value).__name__ not in param.choices:
            msg = f"{value!r} is not one of {', '.join(param.choices)}"
            raise TypeError(msg)
        return value
    if vtype == "part":
        if type(value) is not type(param.value):
            msg = f"{value!r} is not a {type(param.value).__name__}"
            raise TypeError(msg)
        return value
    if vtype == "parts":
        if isinstance(value, str) or not isinstance(value, Sequence):
            msg = f"{value!r} is not a list"
            raise TypeError(msg)
        return tuple(value)
    if vtype == "conditions":
        if not isinstance(value, Mapping | Sequence) or isinstance(value, str):
            msg = f"{value!r} is not a mapping"
            raise TypeError(msg)
        pairs = value.items() if isinstance(value, Mapping) else value
        return tuple((key, tuple(item) if isinstance(item, list) else item) for key, item in pairs)
    return _scalar(value, vtype, param.choices, param.value)


def _part_classes(param: Parameter) -> tuple[type, ...]:
    return tuple(getattr(k, name) for name in param.choices if hasattr(k, name))


def set_at(obj: Any, steps: Sequence[Step], value: Any) -> Any:
    """``obj`` with the value at ``steps`` replaced (attrs fields, indices, condition keys)."""
    head, rest = steps[0], steps[1:]
    if isinstance(head, int):
        items = list(obj)
        items[head] = set_at(items[head], rest, value) if rest else value
        return tuple(items)
    if attrs.has(type(obj)):
        new = set_at(getattr(obj, head), rest, value) if rest else value
        return attrs.evolve(obj, **{head: new})
    # A tuple of (key, value) conditions.
    return tuple((key, value if key == head else item) for key, item in obj)


# --- checking a rule -------------------------------------------------------------------------


def _date_ok(month: Any, day: Any) -> bool:
    """A (month, day) that exists in every year (29 February does not)."""
    if not (isinstance(month, int) and isinstance(day, int)) or not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(2023, month)[1]


def _value_ok(value: Any, hint: Any) -> bool:
    """Does ``value`` fit a field annotation (well enough to evaluate)?"""
    hint, optional = _strip_none(hint)
    if value is None:
        return optional
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        return value in args
    if _classes(hint):
        return isinstance(value, _classes(hint))
    if origin in (tuple, frozenset):
        if not isinstance(value, tuple | frozenset):
            return False
        if args and args[-1] is Ellipsis and args[0] is not Any:
            if typing.get_origin(args[0]) is tuple:
                return all(isinstance(v, tuple) and len(v) == 2 for v in value)
            return all(_value_ok(v, args[0]) for v in value)
        return True
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is Any:
        return True
    if isinstance(hint, type):
        return isinstance(value, hint) and not (hint is dt.date and isinstance(value, dt.datetime))
    return True


def _record_value_problem(record: type, key: str, value: Any) -> str | None:
    """A condition's value that no record can have (``kind="fier"`` on drills)."""
    fields = _record_fields(record)
    if key not in fields:
        return f"{record.__name__} records have no field {key!r}"
    hint = _strip_none(fields[key])[0]
    values = value if isinstance(value, tuple) else (value,)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        allowed = [str(v.value) for v in hint]
        bad = [v for v in values if str(v) not in allowed]
        if bad:
            return f"{bad[0]!r} is not a {key} of {record.__name__} (one of: {', '.join(allowed)})"
    elif hint is bool and not all(isinstance(v, bool) for v in values):
        return f"{key} is true or false, not {value!r}"
    return None


def _numeric(record: type, key: str) -> bool:
    hint = _strip_none(_record_fields(record).get(key, str))[0]
    return hint in (int, Decimal)


def _field_problem(
    record: type | None, name: str | None, what: str, want: Any = None
) -> str | None:
    if record is None or name is None:
        return None
    fields = _record_fields(record)
    if name not in fields:
        return f"{record.__name__} has no field {name!r} ({what})"
    if want is not None:
        hint = _strip_none(fields[name])[0]
        inner = typing.get_args(hint)[0] if typing.get_origin(hint) is tuple else hint
        if not (isinstance(inner, type) and issubclass(inner, want)):
            return f"{name!r} of {record.__name__} is not a {what}"
    return None


def _trigger_record(trigger: Any) -> type | None:
    if isinstance(trigger, k.OnIncident):
        return m.Incident
    if isinstance(trigger, k.OnRoleStart | k.OnHire):
        return m.StaffMember
    if isinstance(trigger, k.OnHazardFound):
        return m.Hazard
    if isinstance(trigger, k.EveryInterval):
        return record_class(trigger.collection)
    return None


def problems(rule: Rule) -> list[tuple[str, str]]:
    """What is wrong with a rule, as ``(path, message)`` pairs; empty when it can be evaluated."""
    out: list[tuple[str, str]] = []
    levels = {str(v.value) for v in m.Level}
    applies = rule.applies_to
    for level in sorted(applies.levels or ()):
        if level not in levels:
            out.append(
                ("applies_to.levels", f"{level!r} is not a level ({', '.join(sorted(levels))})")
            )
    for flag in applies.flags:
        if flag not in flags():
            out.append(
                ("applies_to.flags", f"{flag!r} is not a school flag ({', '.join(flags())})")
            )
    if (
        rule.effective_from is not None
        and rule.effective_until is not None
        and rule.effective_until < rule.effective_from
    ):
        out.append(("effective_until", "the rule must not end before it starts"))
    for index, check in enumerate(rule.checks):
        prefix = f"checks[{index}]." if len(rule.checks) > 1 else ""
        if not isinstance(check, typing.get_args(k.RuleKind)):
            out.append((f"checks[{index}]", f"{type(check).__name__} is not a rule kind"))
            continue
        out.extend((prefix + path, msg) for path, msg in _check_problems(check, "", ()))
    return out


def timing_problems(rule: Rule, start: dt.date, end: dt.date | None) -> list[tuple[str, str]]:
    """Fixed deadlines outside the rule's effective period: they could never be due."""
    out = []
    for index, check in enumerate(rule.checks):
        prefix = f"checks[{index}]." if len(rule.checks) > 1 else ""
        if isinstance(check, k.Deadline) and isinstance(check.trigger, k.FixedDate):
            path, by = prefix + "trigger.by", check.trigger.by
        elif isinstance(check, k.Checklist):
            path, by = prefix + "by", check.by
        else:
            continue
        if by < start or (end is not None and by > end):
            until = end.isoformat() if end is not None else ""
            out.append(
                (
                    path,
                    f"{by.isoformat()} is outside the rule's effective period "
                    f"{start.isoformat()}..{until}: it could never be due",
                )
            )
    return out


def _check_problems(obj: Any, path: str, parents: tuple[Any, ...]) -> Iterator[tuple[str, str]]:
    cls: type = type(obj)
    hints = _hints(cls)
    here = f"{path}." if path else ""
    for a in attrs.fields(cls):
        value = getattr(obj, a.name)
        if not _value_ok(value, hints[a.name]):
            yield here + a.name, f"{value!r} is not a valid {a.name} of {cls.__name__}"
            return
    yield from ((here + p, msg) for p, msg in _own_problems(obj, parents))
    for a in attrs.fields(cls):
        value = getattr(obj, a.name)
        if attrs.has(type(value)):
            yield from _check_problems(value, here + a.name, (*parents, obj))
        elif isinstance(value, tuple) and value and all(attrs.has(type(v)) for v in value):
            for index, item in enumerate(value):
                yield from _check_problems(item, f"{here}{a.name}[{index}]", (*parents, obj))


def _closed(
    values: Sequence[str], allowed: Sequence[str], what: str, path: str
) -> Iterator[tuple[str, str]]:
    for value in values:
        if str(value) not in allowed:
            yield path, f"{value!r} is not a {what} (one of: {', '.join(allowed)})"


def _own_problems(obj: Any, parents: tuple[Any, ...]) -> Iterator[tuple[str, str]]:
    roles = _closed_set(m.Role)
    steps = _closed_set(m.Step)
    if isinstance(obj, k.Match):
        record = record_class(obj.collection)
        if record is None:
            yield (
                "collection",
                f"{obj.collection!r} is not a collection ({', '.join(collections())})",
            )
            return
        for key, value in obj.where:
            problem = _record_value_problem(record, key, value)
            if problem:
                yield f"where.{key}", problem
        for key, value in obj.at_least:
            if key not in _record_fields(record):
                yield f"at_least.{key}", f"{record.__name__} records have no field {key!r}"
            elif not _numeric(record, key):
                yield f"at_least.{key}", f"{key!r} of {record.__name__} is not a number"
            elif not isinstance(value, int | Decimal) or isinstance(value, bool):
                yield f"at_least.{key}", f"{value!r} is not a number"
        if obj.covers_levels:
            yield from _closed(obj.covers_levels, _closed_set(m.Level), "level", "covers_levels")
            if "levels" not in _record_fields(record):
                yield "covers_levels", f"{record.__name__} records have no levels"
        if "date" not in _record_fields(record):
            yield "collection", f"{record.__name__} records have no date to count them by"
    elif isinstance(obj, k.Need):
        record = record_class(obj.match.collection)
        if obj.at_least < 0:
            yield "at_least", "must not be negative"
        if record is not None and obj.measure != "count":
            problem = _field_problem(record, obj.measure, "number to sum")
            if problem is None and not _numeric(record, obj.measure):
                problem = f"{obj.measure!r} of {record.__name__} is not a number to sum"
            if problem:
                yield "measure", problem
        if obj.covers and record is not None and "topics" not in _record_fields(record):
            yield "covers", f"{record.__name__} records have no topics to cover"
        if obj.covers and parents and isinstance(parents[-1], k.Quota):
            yield "covers", "a quota sums a measure; it cannot ask for topics"
    elif isinstance(obj, k.Recurring):
        if obj.min_school_days < 0:
            yield "min_school_days", "must not be negative"
        if not obj.needs:
            yield "needs", "a recurring rule needs at least one requirement"
    elif isinstance(obj, k.NamedMonths):
        for month in obj.months:
            if not 1 <= month <= 12:
                yield "months", f"{month} is not a month (1 to 12)"
    elif isinstance(obj, k.ThemedDay):
        yield from _closed((obj.theme,), _closed_set(m.Theme), "theme", "theme")
        if not 1 <= obj.month <= 12:
            yield "month", f"{obj.month} is not a month (1 to 12)"
        elif (obj.day is None) == (obj.last_weekday is None):
            yield "day", "give either day or last_weekday"
        elif obj.day is not None and not _date_ok(obj.month, obj.day):
            yield "day", f"{obj.month}-{obj.day} is not a day of every year"
        elif obj.last_weekday is not None and not 0 <= obj.last_weekday <= 6:
            yield "last_weekday", f"{obj.last_weekday} is not a weekday (0 = Monday to 6)"
    elif isinstance(obj, k.OnIncident):
        for key, value in obj.where:
            problem = _record_value_problem(m.Incident, key, value)
            if problem:
                yield f"where.{key}", problem
        if obj.within < dt.timedelta(0):
            yield "within", "must not be negative"
        if obj.deaths_at_least < 0:
            yield "deaths_at_least", "must not be negative"
    elif isinstance(obj, k.OnRoleStart | k.Quota):
        yield from _closed(obj.roles, roles, "role", "roles")
        if isinstance(obj, k.Quota) and obj.amount < 0:
            yield "amount", "must not be negative"
    elif isinstance(obj, k.RatioOfStaff):
        yield from _closed((obj.role,), roles, "role", "role")
        if not 0 <= obj.at_least <= 1:
            yield "at_least", f"{obj.at_least} is not a share between 0 and 1"
    elif isinstance(obj, k.EveryInterval):
        record = record_class(obj.collection)
        if record is None:
            yield "collection", f"{obj.collection!r} is not a collection"
        else:
            for name, field_path, want in (
                (obj.dates_field, "dates_field", dt.date),
                (obj.start_field, "start_field", dt.date),
            ):
                problem = _field_problem(record, name, "date", want)
                if problem:
                    yield field_path, problem
    elif isinstance(obj, k.Deadline):
        record = _trigger_record(obj.trigger)
        req = obj.require
        names: Sequence[str] = ()
        if isinstance(req, k.FieldOnOrBefore | k.DateAfterStart):
            names = (req.field,)
        elif isinstance(req, k.FieldsSet):
            names = req.fields
        if names and record is None:
            yield "require", f"{type(obj.trigger).__name__} has no record whose fields to check"
        dated = not isinstance(req, k.FieldsSet)
        for name in names:
            problem = (
                _field_problem(record, name, "date", dt.date)
                if dated
                else _field_problem(record, name, "field")
            )
            if problem:
                yield ("require.field" if dated else "require.fields"), problem
        if isinstance(req, k.RecordsBy) and req.per_person and record is not m.StaffMember:
            yield "require.per_person", "only a trigger by a member of staff has a person"
    elif isinstance(obj, k.Invariant):
        if obj.subjects != "school":
            subject = record_class(obj.subjects)
            if subject is None:
                yield "subjects", f"{obj.subjects!r} is not a collection or 'school'"
                return
            problem = _field_problem(subject, obj.from_field, "date", dt.date)
            if problem:
                yield "from_field", problem
            if isinstance(obj.holds, k.FieldsTrue):
                for name in obj.holds.fields:
                    problem = _field_problem(subject, name, "true or false", bool)
                    if problem:
                        yield "holds.fields", problem
            if isinstance(obj.holds, k.Covered) and obj.holds.same_field:
                problem = _field_problem(subject, obj.holds.same_field, "field")
                if problem:
                    yield "holds.same_field", problem
        elif isinstance(obj.holds, k.FieldsTrue):
            yield "holds", "a school-wide invariant has no record whose fields to check"
        elif isinstance(obj.holds, k.Covered) and obj.holds.same_field:
            yield "holds.same_field", "a school-wide invariant has no record to compare with"
    elif isinstance(obj, k.Covered):
        record = record_class(obj.collection)
        if record is None:
            yield "collection", f"{obj.collection!r} is not a collection"
            return
        for key, value in obj.where:
            problem = _record_value_problem(record, key, value)
            if problem:
                yield f"where.{key}", problem
        for name in ("start", "end"):
            if name not in _record_fields(record):
                yield "collection", f"{record.__name__} records have no {name} date"
        problem = _field_problem(record, obj.same_field, "field")
        if problem:
            yield "same_field", problem
    elif isinstance(obj, k.Prohibition):
        for name in ("window_from", "window_to"):
            month, day = getattr(obj, name)
            if not _date_ok(month, day):
                yield name, f"({month}, {day}) is not a day of every year"
        if (
            _date_ok(*obj.window_from)
            and _date_ok(*obj.window_to)
            and obj.window_from > obj.window_to
        ):
            yield "window_to", "the window must not end before it starts"
        if not obj.require and obj.approval_field is None:
            yield (
                "require",
                "a prohibition with no requirement and no approval field allows every record; "
                "give require or approval_field",
            )
        record = record_class(obj.match.collection)
        if record is not None:
            for key, value in obj.require:
                problem = _record_value_problem(record, key, value)
                if problem:
                    yield f"require.{key}", problem
            problem = _field_problem(record, obj.approval_field, "date", dt.date)
            if problem:
                yield "approval_field", problem
    elif isinstance(obj, k.Lifecycle):
        record = record_class(obj.collection)
        if record is None or "steps" not in _record_fields(record):
            yield "collection", f"{obj.collection!r} is not a collection of items with steps"
            return
        yield from _closed(obj.steps, steps, "step", "steps")
        if obj.complete not in obj.steps:
            yield "complete", f"{obj.complete!r} is not one of the steps"
        for at, names in obj.fields_at:
            if at not in obj.steps:
                yield f"fields_at.{at}", f"{at!r} is not one of the steps"
            for name in names:
                problem = _field_problem(record, name, "field")
                if problem:
                    yield f"fields_at.{at}", problem
    elif isinstance(obj, k.Checklist):
        record = record_class(obj.collection)
        if record is None or not {"items", "date"} <= set(_record_fields(record)):
            yield (
                "collection",
                f"{obj.collection!r} is not a collection of dated records with items",
            )
    elif isinstance(obj, k.ChecklistItem):
        if obj.only_if is not None and obj.only_if not in flags():
            yield "only_if", f"{obj.only_if!r} is not a school flag ({', '.join(flags())})"
    elif isinstance(obj, k.Ledger):
        record = record_class(obj.collection)
        if record is None:
            yield "collection", f"{obj.collection!r} is not a collection"
            return
        fields = _record_fields(record)
        for name in (obj.key, "action", "quantity", "date"):
            if name not in fields:
                yield (
                    "collection" if name != obj.key else "key",
                    (f"{record.__name__} records have no field {name!r}"),
                )
        for name in ("increase", "decrease", "count"):
            for action in getattr(obj, name):
                if action not in obj.actions:
                    yield name, f"{action!r} is not one of the actions"
        action_hint = _strip_none(fields.get("action", str))[0]
        if isinstance(action_hint, type) and issubclass(action_hint, enum.Enum):
            yield from _closed(obj.actions, _closed_set(action_hint), "action", "actions")
