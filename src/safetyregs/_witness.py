"""Compliant witnesses: school files that meet every obligation of a profile in a period.

A witness is built from the rules' own declarations, never from a file per
profile: each rule kind knows how to make its obligations exist
(``witness_subjects``: an incident to report, a hazard to close, a guard to
train) and how to meet them (``witness``: the drills, the reports, the
training). Both work on a :class:`Plan`, a mutable draft of a school file
that creates the fewest records it can: a record is reused for every need
its fields allow (the May drill of a monthly rule is also the whole-school
drill of May), and new records fall on the latest school day of their window.

The builder repeats rounds until nothing is left unmet (a guard hired for one
rule is a member of staff for the rescue-team ratio of another), then checks
the result with the engine itself. A profile whose rules cannot be met in the
period (a third-party kind without ``witness`` methods) raises
:class:`WitnessError` naming the rules.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import typing
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

import attrs

from ._calendar import Period, SchoolCalendar
from ._engine import Context, Profile, Rule, _effective, evaluate
from ._errors import SafetyRegsError
from ._io import _STAFF_REFERENCES
from ._kinds import Match, Need
from ._models import CST, Level, RoleSpan, Routine, School, SchoolFile, StaffMember
from ._routines import CALENDAR_WORDS, DATED_COLLECTIONS, expand_routines, school_calendar

__all__ = ["Plan", "WitnessError", "applicable_levels", "build", "day_range", "school_for"]

#: The lists of a school file, in file order.
RECORD_LISTS = tuple(
    a.name for a in attrs.fields(SchoolFile) if a.name not in {"school", "routines"}
)

#: Prefixes of the ids a witness gives to its records, per list.
ID_PREFIX = {
    "staff": "s",
    "drills": "drill-",
    "trainings": "training-",
    "meetings": "meeting-",
    "education": "edu-",
    "incidents": "incident-",
    "hazards": "hazard-",
    "activities": "activity-",
    "insurance": "policy-",
    "submissions": "sub-",
    "duty": "duty-",
    "screenings": "screening-",
    "health_checks": "hc-",
    "buses": "bus-",
    "bus_agreements": "agreement-",
    "equipment": "equipment-",
    "chemicals": "chem-",
    "self_inspections": "inspection-",
}

#: How far back a new record looks for a school day in its window.
_LOOKBACK = dt.timedelta(days=62)
_ONE_DAY = dt.timedelta(days=1)
#: A witness works at most this many rounds before giving up.
MAX_ROUNDS = 6


class WitnessError(SafetyRegsError, ValueError):
    """No compliant school file could be built: names the rules left unmet."""


@cache
def record_class(collection: str) -> type[Any]:
    """The record class of a list of the school file (``"drills"`` → :class:`Drill`)."""
    hint = typing.get_type_hints(SchoolFile)[collection]
    return typing.get_args(hint)[0]  # type: ignore[no-any-return]


_FIELD_TYPES: dict[type[Any], dict[str, Any]] = {}


def field_types(cls: type[Any]) -> dict[str, Any]:
    """A record class's fields and their types, with ``X | None`` unwrapped to ``X``."""
    if cls in _FIELD_TYPES:
        return _FIELD_TYPES[cls]
    out = {}
    for name, hint in typing.get_type_hints(cls).items():
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        out[name] = args[0] if args and typing.get_origin(hint) is not tuple else hint
    _FIELD_TYPES[cls] = out
    return out


def convert(cls: type[Any], name: str, value: Any) -> Any:
    """A value as the field ``name`` of ``cls`` holds it (an enum member, an int...)."""
    kind = field_types(cls).get(name)
    if isinstance(kind, type) and issubclass(kind, enum.Enum) and not isinstance(value, kind):
        return kind(value)
    if kind is int and not isinstance(value, bool):
        return int(value)
    if kind is Decimal:
        return Decimal(value)
    return value


def _ceil_tenth(value: Decimal | Fraction) -> Decimal:
    """The smallest one-decimal value not below ``value``."""
    return Decimal(math.ceil(Fraction(value) * 10)) / 10


def _plain(value: Any) -> Any:
    """A field value as :class:`~safetyregs._kinds.Match` compares it."""
    return value if isinstance(value, bool) or value is None else str(value)


def _allowed(wanted: Any) -> tuple[Any, ...]:
    return wanted if isinstance(wanted, tuple) else (wanted,)


class Plan:
    """A draft school file that rule kinds complete, reusing records where they can.

    ``rule_from`` is the effective date of the rule being worked on (as in
    :class:`~safetyregs._engine.Context`). Records are addressed by their list
    and position; ``pinned`` names the fields of each record that some need
    relies on, which no later need may change.
    """

    def __init__(self, school_file: SchoolFile, period: Period) -> None:
        self.school: School = school_file.school
        self.period = period
        self.levels = frozenset(str(level) for level in self.school.levels)
        self.calendar = SchoolCalendar.for_terms(
            [Period(t.start, t.end) for t in self.school.terms] or None
        )
        self.lists: dict[str, list[Any]] = {n: list(getattr(school_file, n)) for n in RECORD_LISTS}
        # Records that came with the file are fixed: needs may count them, not change them.
        self.pinned: dict[tuple[str, int], set[str] | None] = {
            (n, i): None for n in RECORD_LISTS for i in range(len(self.lists[n]))
        }
        self.rule_from: dt.date | None = None
        self._ids = itertools.count(1)
        self._file: SchoolFile | None = None

    # --- reading the draft --------------------------------------------------------

    def school_file(self) -> SchoolFile:
        """The draft as a school file (cached until the next change)."""
        if self._file is None:
            self._file = SchoolFile(
                school=self.school, **{n: tuple(v) for n, v in self.lists.items()}
            )
        return self._file

    def context(self) -> Context:
        """An engine context over the draft, as of the end of the period."""
        ctx = Context(self.school_file(), self.period.end)
        ctx.rule_from = self.rule_from
        return ctx

    def dated(self, collection: str, window: Period) -> list[int]:
        """Positions of the records of ``collection`` dated in ``window``, by date."""
        items = self.lists[collection]
        found = [i for i, r in enumerate(items) if window.start <= r.date <= window.end]
        return sorted(found, key=lambda i: (items[i].date, i))

    # --- changing the draft ---------------------------------------------------------

    def _changed(self) -> None:
        self._file = None

    def replace(self, collection: str, old: Any, new: Any) -> None:
        """Put ``new`` where ``old`` is (found by identity, else by equality)."""
        items = self.lists[collection]
        index = next((i for i, r in enumerate(items) if r is old), None)
        if index is None:
            index = items.index(old)
        items[index] = new
        self._changed()

    def collection_of(self, record: Any) -> str:
        """The list that holds ``record``."""
        for name, items in self.lists.items():
            if any(r is record for r in items):
                return name
        for name, items in self.lists.items():
            if record in items:
                return name
        msg = f"{record!r} is in no list of the draft"
        raise KeyError(msg)

    def evolve(self, record: Any, **changes: Any) -> Any:
        """Change fields of a record of the draft; returns the new record."""
        collection = self.collection_of(record)
        cls = type(record)
        new = attrs.evolve(record, **{k: convert(cls, k, v) for k, v in changes.items()})
        self.replace(collection, record, new)
        return new

    def add(self, collection: str, day: dt.date | None = None, **fields: Any) -> Any:
        """A new record of ``collection``: given fields, ``day`` for its dates, defaults else."""
        cls = record_class(collection)
        if collection == "staff" and "id" not in fields:
            # Members of staff are numbered as the plan hires them, not renumbered at the end.
            number = self._staff_number()
            fields = {"id": f"s{number}", "name": f"staff {number}", **fields}
        values: dict[str, Any] = {}
        for a in attrs.fields(cls):
            if a.name in fields:
                values[a.name] = convert(cls, a.name, fields[a.name])
            elif a.name == "id":
                values["id"] = f"~{next(self._ids)}"
            elif a.default is attrs.NOTHING:
                values[a.name] = self._default(cls, a.name, day or self.period.end, collection)
        record = cls(**values)
        self.lists[collection].append(record)
        self.pinned[(collection, len(self.lists[collection]) - 1)] = set(fields)
        self._changed()
        return record

    def _default(
        self, cls: type[Any], name: str, day: dt.date, collection: str | None = None
    ) -> Any:
        if type(None) in typing.get_args(typing.get_type_hints(cls)[name]):
            return None
        if collection is not None and _STAFF_REFERENCES.get(collection) == name:
            return self.staff_id(day)
        kind = field_types(cls)[name]
        if kind is dt.datetime:
            return dt.datetime.combine(day, dt.time(9), tzinfo=CST)
        if kind is dt.date:
            return day
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return next(iter(kind))
        if kind is Decimal:
            return Decimal(0)
        if kind is bool:
            return False
        if kind is int:
            return 0
        if kind is str:
            return "other" if name == "kind" else name
        return None

    def add_staff(
        self,
        hired: dt.date,
        roles: Sequence[tuple[str, dt.date]] = (),
    ) -> StaffMember:
        """A new member of staff hired on ``hired``, holding ``roles`` from the given days."""
        number = self._staff_number()
        member = StaffMember(
            id=f"s{number}",
            name=f"staff {number}",
            hired=hired,
            roles=tuple(RoleSpan(convert(RoleSpan, "role", r), start) for r, start in roles),
        )
        self.lists["staff"].append(member)
        self.pinned[("staff", len(self.lists["staff"]) - 1)] = set()
        self._changed()
        return member

    def _staff_number(self) -> int:
        """The number of the next member of staff: ``s<n>``, ``staff <n>``, n not yet taken."""
        number = len(self.lists["staff"]) + 1
        taken = {m.id for m in self.lists["staff"]}
        while f"s{number}" in taken:
            number += 1
        return number

    def staff_id(self, day: dt.date) -> str:
        """A member of staff employed on ``day`` (a new one hired that day if there is none)."""
        for member in self.lists["staff"]:
            if member.employed_on(day):
                return str(member.id)
        return self.add_staff(day).id

    def value_for(self, record: Any, name: str, day: dt.date) -> Any:
        """A set, true or non-empty value for a field: what "filled in" means for it."""
        collection = self.collection_of(record)
        if _STAFF_REFERENCES.get(collection) == name:
            return self.staff_id(day)
        kind = field_types(type(record))[name]
        if kind is bool:
            return True
        if kind is dt.date:
            return day
        if kind is dt.datetime:
            return dt.datetime.combine(day, dt.time(9), tzinfo=CST)
        if kind is str:
            return name
        if kind in (int, Decimal):
            return kind(1)
        return self._default(type(record), name, day)

    def on_time(self, record: Any, name: str, trig: Any) -> Any:
        """A value of a date or time field that is on time for a deadline's trigger.

        A time field gets the due moment itself (the edge: exactly on time); a
        date field the trigger's day (neither early nor late).
        """
        kind = field_types(type(record))[name]
        if kind is dt.datetime:
            if isinstance(trig.due, dt.datetime):
                return trig.due
            return dt.datetime.combine(trig.start, dt.time(9), tzinfo=CST)
        return trig.start

    # --- days ------------------------------------------------------------------------

    def day_in(self, window: Period) -> dt.date:
        """The latest school day of ``window`` (looking back two months), else its last day."""
        recent = Period(max(window.start, window.end - _LOOKBACK), window.end)
        days = self.calendar.school_days_in(recent)
        return days[-1] if days else window.end

    # --- needs -----------------------------------------------------------------------

    def _to_add_to(
        self, collection: str, hits: list[int], spare: list[int], match: Match, window: Period
    ) -> int:
        """The record a sum or a topic is added to: the last matching one the plan made (never
        one that came with the file), else a spare one made to match, else a new one."""
        own = [i for i in hits if self.pinned.get((collection, i), set()) is not None]
        if own:
            return own[-1]
        return spare[0] if spare else self._new(match, window)

    def _compatible(self, collection: str, index: int, match: Match) -> bool:
        """Whether the record can be made to match without changing a pinned field."""
        pins = self.pinned.get((collection, index), set())
        if pins is None:
            return False
        record = self.lists[collection][index]
        for key, wanted in match.where:
            if key in pins and _plain(getattr(record, key)) not in _allowed(wanted):
                return False
        return True

    def _fit(self, collection: str, index: int, match: Match) -> None:
        """Change a record so that ``match`` accepts it, and pin what it relies on."""
        record = self.lists[collection][index]
        cls = type(record)
        changes: dict[str, Any] = {}
        for key, wanted in match.where:
            if _plain(getattr(record, key)) not in _allowed(wanted):
                changes[key] = convert(cls, key, _allowed(wanted)[0])
        for key, minimum in match.at_least:
            value = getattr(record, key)
            if value is None or Decimal(value) < Decimal(minimum):
                changes[key] = convert(cls, key, minimum)
        if match.covers_levels:
            wanted_levels = {str(lv) for lv in record.levels} | (
                self.levels & set(match.covers_levels)
            )
            changes["levels"] = tuple(Level(lv) for lv in sorted(wanted_levels))
        if changes:
            self.lists[collection][index] = attrs.evolve(record, **changes)
            self._changed()
        pins = self.pinned.setdefault((collection, index), set())
        if pins is not None:
            pins.update(k for k, _ in match.where)

    def _new(self, match: Match, window: Period) -> int:
        day = self.day_in(window)
        self.add(match.collection, day, date=day)
        index = len(self.lists[match.collection]) - 1
        self._fit(match.collection, index, match)
        return index

    def need(self, need: Need, window: Period, narrow: Mapping[str, Any] | None = None) -> None:
        """Make ``need`` hold over the records dated in ``window``, with the fewest changes."""
        match = need.match.narrowed(**narrow) if narrow else need.match
        coll = match.collection
        inside = self.dated(coll, window)
        items = self.lists[coll]
        hits = [i for i in inside if match.accepts(items[i], self.levels)]
        spare = [i for i in reversed(inside) if i not in hits and self._compatible(coll, i, match)]
        if need.covers:
            have = {str(t) for i in hits for t in items[i].topics}
            missing = [t for t in need.covers if t not in have]
            if not missing:
                return
            index = self._to_add_to(coll, hits, spare, match, window)
            self._fit(coll, index, match)
            record = self.lists[coll][index]
            self.lists[coll][index] = attrs.evolve(record, topics=(*record.topics, *missing))
            self._changed()
            return
        if need.measure == "count":
            for _ in range(math.ceil(need.at_least) - len(hits)):
                index = spare.pop(0) if spare else self._new(match, window)
                self._fit(coll, index, match)
            return
        field = need.measure
        found = sum((Decimal(getattr(items[i], field) or 0) for i in hits), Decimal(0))
        if found >= need.at_least:
            return
        index = self._to_add_to(coll, hits, spare, match, window)
        self._fit(coll, index, match)
        record = self.lists[coll][index]
        before = Decimal(getattr(record, field) or 0) if index in hits else Decimal(0)
        amount = _ceil_tenth(before + need.at_least - found)
        self.lists[coll][index] = attrs.evolve(
            record, **{field: convert(type(record), field, amount)}
        )
        self._changed()

    # --- the result --------------------------------------------------------------------

    def result(self) -> SchoolFile:
        """The draft with readable ids: new records numbered by date within each list."""
        lists: dict[str, tuple[Any, ...]] = {}
        for name, items in self.lists.items():
            ordered = sorted(items, key=_record_order)
            if name != "staff":
                ordered = _number(name, ordered)
            lists[name] = tuple(ordered)
        return SchoolFile(school=self.school, **lists)


def _record_order(record: Any) -> tuple[Any, ...]:
    for name in ("date", "occurred_at", "found", "start", "commissioned", "hired"):
        value = getattr(record, name, None)
        if value is not None:
            day = value.date() if isinstance(value, dt.datetime) else value
            return (0, day, str(getattr(record, "id", "") or ""))
    return (1, dt.date.min, str(getattr(record, "id", "") or ""))


def _number(collection: str, records: Sequence[Any]) -> list[Any]:
    """Give the records the plan created (ids ``~n``) the ids ``<prefix>1``, ``<prefix>2``..."""
    taken = {getattr(r, "id", None) for r in records}
    counter = itertools.count(1)
    out = []
    for record in records:
        rid = getattr(record, "id", None)
        if isinstance(rid, str) and rid.startswith("~"):
            new = f"{ID_PREFIX[collection]}{next(counter)}"
            while new in taken:
                new = f"{ID_PREFIX[collection]}{next(counter)}"
            taken.add(new)
            record = attrs.evolve(record, id=new)
        out.append(record)
    return out


# --- the school of a witness ------------------------------------------------------------


def applicable_levels(profile: Profile) -> tuple[Level, ...]:
    """Every level some rule of the profile names (primary when none names any)."""
    named = {
        lv for rule in profile.rules if rule.applies_to.levels for lv in rule.applies_to.levels
    }
    return tuple(lv for lv in Level if lv in named) or (Level.PRIMARY,)


def _flags(profile: Profile) -> set[str]:
    found = {flag for rule in profile.rules for flag in rule.applies_to.flags}
    for rule in profile.rules:
        for check in rule.checks:
            for item in getattr(check, "items", ()):
                if getattr(item, "only_if", None):
                    found.add(item.only_if)
    return found


def school_for(
    profile: Profile, levels: Iterable[Level | str] | None = None, *, school_id: str | None = None
) -> School:
    """A school every rule of ``profile`` applies to (within ``levels``), default terms."""
    chosen = tuple(Level(lv) for lv in levels) if levels is not None else applicable_levels(profile)
    flags = {f: True for f in _flags(profile) if f in attrs.fields_dict(School)}
    return School(
        id=school_id or f"{profile.id}-witness",
        name=f"{profile.name.en} compliant school",
        jurisdiction=profile.id,
        levels=chosen,
        **flags,
    )


# --- building ---------------------------------------------------------------------------


def _spans(profile: Profile, school_file: SchoolFile, period: Period) -> list[tuple[Rule, Period]]:
    out = []
    for rule in profile.rules:
        if not rule.applies_to(school_file):
            continue
        span = period.intersect(_effective(rule, profile))
        if span is not None:
            out.append((rule, span))
    return out


def _unmet(school_file: SchoolFile, profile: Profile, period: Period) -> list[str]:
    obligations = evaluate(school_file, profile, period, period.end)
    return sorted({o.rule for o in obligations if o.status != "met"})


def build(profile: Profile, period: Period, school_file: SchoolFile) -> SchoolFile:
    """Complete ``school_file`` into one compliant with ``profile`` over ``period``.

    Records already in the file are kept; the rules' witness methods add the
    subjects that make every applicable rule apply and then meet every
    obligation due in ``period`` as of its last day.
    """
    plan = Plan(expand_routines(school_file), period)
    for _ in range(MAX_ROUNDS):
        spans = _spans(profile, plan.school_file(), period)
        # Subjects first, deadlines' triggers before the rest (they make the most records).
        ordered = sorted(
            ((rule, span, check) for rule, span in spans for check in rule.checks),
            key=lambda item: item[2].kind != "deadline",
        )
        for rule, span, check in ordered:
            plan.rule_from = rule.effective_from or profile.effective_from
            subjects = getattr(check, "witness_subjects", None)
            if subjects is not None:
                subjects(plan, span)
        for rule, span in spans:
            plan.rule_from = rule.effective_from or profile.effective_from
            for check in rule.checks:
                meet = getattr(check, "witness", None)
                if meet is not None:
                    meet(plan, span)
        if not _unmet(plan.school_file(), profile, period):
            break
    result = plan.result()
    unmet = _unmet(result, profile, period)
    if unmet:
        msg = (
            f"no compliant school file for {profile.id} over {period}: "
            f"{', '.join(unmet)} could not be met"
        )
        raise WitnessError(msg)
    return result


def day_range(lo: dt.date, hi: dt.date) -> Period | None:
    """``Period(lo, hi)``, or None when ``hi`` precedes ``lo``."""
    return Period(lo, hi) if lo <= hi else None


# --- the witness as a file ------------------------------------------------------------------


def _defaults(cls: type[Any]) -> dict[str, Any]:
    """Fields with a plain default, as the default unstructures."""
    from ._io import converter

    out = {}
    for a in attrs.fields(cls):
        if a.default is not attrs.NOTHING and not isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            out[a.name] = converter.unstructure(a.default)
    return out


def _compact_record(cls: type[Any], data: Mapping[str, Any]) -> dict[str, Any]:
    defaults = _defaults(cls)
    return {k: v for k, v in data.items() if k not in defaults or defaults[k] != v}


def with_routines(school_file: SchoolFile, profile: Profile, period: Period) -> SchoolFile:
    """The witness with records that recur on school-calendar days written as routines.

    Records of one list with the same fields (health checks of the morning, one-minute
    1530 lessons, leaders on duty) become one routine when their days are the days of
    a calendar word from the first to the last of them. Where records of the list can
    only help every rule (:func:`~safetyregs.testing.record_effects`), the word may
    hold more days than the records; otherwise the missing days are its ``except``
    list (at most a quarter of them); a word that would add more than a third of the
    records again is not used. The result is checked: it is still compliant.
    """
    helping = _helping_everywhere(profile)
    calendar = school_calendar(school_file)
    lists = {name: list(getattr(school_file, name)) for name in DATED_COLLECTIONS}
    routines: list[Routine] = []
    for name in DATED_COLLECTIONS:
        groups: dict[str, list[Any]] = {}
        for record in lists[name]:
            fields = _compact_record(type(record), _unstructure(record))
            fields.pop("id", None)
            fields.pop("date", None)
            groups.setdefault(repr(sorted(fields.items())), []).append(record)
        for records in groups.values():
            days = sorted({r.date for r in records})
            if len(records) < 3 or len(days) != len(records):
                continue
            found = _best_word(calendar, days, name in helping)
            if found is None:
                continue
            word, skipped = found
            fields = _compact_record(type(records[0]), _unstructure(records[0]))
            fields = {k: v for k, v in fields.items() if k not in ("id", "date") and v is not None}
            taken = {r.id for r in routines}
            rid = f"{name}-{word}".replace("_", "-")
            rid = next(
                f"{rid}-{n}" if n > 1 else rid
                for n in range(1, 99)
                if (f"{rid}-{n}" if n > 1 else rid) not in taken
            )
            routines.append(Routine(rid, name, fields, word, days[0], days[-1], skipped))
            gone = {id(r) for r in records}
            lists[name] = [r for r in lists[name] if id(r) not in gone]
    if not routines:
        return school_file
    changes: dict[str, Any] = {"routines": tuple(routines), **lists}
    result = attrs.evolve(school_file, **changes)
    if _unmet(result, profile, period):  # pragma: no cover - the words hold the records' days
        return school_file
    return result


def _unstructure(record: Any) -> dict[str, Any]:
    from ._io import converter

    data: dict[str, Any] = converter.unstructure(record)
    return data


def _best_word(
    calendar: SchoolCalendar, days: Sequence[dt.date], superset_ok: bool
) -> tuple[str, tuple[dt.date, ...]] | None:
    """The calendar word whose days from the first to the last of ``days`` fit them best."""
    wanted = set(days)
    best: tuple[int, str, tuple[dt.date, ...]] | None = None
    for word, days_of in CALENDAR_WORDS.items():
        offered = set(days_of(calendar, Period(days[0], days[-1])))
        if not wanted <= offered:
            continue
        extra = offered - wanted
        skipped: tuple[dt.date, ...] = ()
        if superset_ok and len(extra) * 3 <= len(wanted):
            pass  # extra records can only help: the routine may hold a few more days
        elif len(extra) * 4 <= len(wanted):
            skipped = tuple(sorted(extra))
        else:
            continue
        if best is None or len(extra) < best[0]:
            best = (len(extra), word, skipped)
    return None if best is None else (best[1], best[2])


def _helping_everywhere(profile: Profile) -> set[str]:
    """Lists whose records can only help every rule of the profile that reads them."""
    helps: set[str] = set()
    hurts: set[str] = set()
    for rule in profile.rules:
        for check in rule.checks:
            effects = getattr(check, "record_effects", None)
            for name, effect in (effects() if effects is not None else {}).items():
                (helps if effect == "helps" else hurts).add(name)
    return helps - hurts


def compact(school_file: SchoolFile) -> dict[str, Any]:
    """The school file as JSON data without empty lists or fields left at their defaults.

    ``structure(compact(sf)) == sf``: what is left out reads back as its default.
    """
    from ._io import unstructure

    data = unstructure(school_file)
    out: dict[str, Any] = {"school": _compact_record(School, data["school"])}
    if data.get("routines"):
        out["routines"] = [
            {k: v for k, v in r.items() if v not in ([], None)} for r in data["routines"]
        ]
    for name in RECORD_LISTS:
        items = data.get(name) or []
        if items:
            cls = record_class(name)
            rows = []
            for item in items:
                row = _compact_record(cls, item)
                if cls is StaffMember:
                    row["roles"] = [_compact_record(RoleSpan, r) for r in row.get("roles", [])]
                rows.append(row)
            out[name] = rows
    return out


def dumps_compact(school_file: SchoolFile, format: str = "json") -> str:
    """:func:`compact` as JSON or TOML text."""
    import json

    from ._io import _toml_document

    data = compact(school_file)
    if format == "toml":
        return _toml_document(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
