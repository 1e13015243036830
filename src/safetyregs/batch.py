"""Many schools at once: a columnar engine that gives exactly the per-school answers.

:func:`evaluate` takes a :class:`Population` (many school files) and a profile and
evaluates every school at once. The records a rule counts are held as columns (numpy
arrays of school numbers and day numbers, sorted once per record condition), and each
recurring rule is compiled to array operations: its periods are computed once per school
calendar (schools with the same terms share them), and the records of every school in
every period are counted with two ``searchsorted`` calls, or summed through a running
total. Statuses come out as one small integer matrix per rule. A quota is compiled to
grouped sums of the records per (school, person, year), pro-rated exactly.

Rules of the other kinds (deadlines, invariants, prohibitions, lifecycles, checklists,
ledgers), rules of several checks and needs that ask for a union of topics are evaluated
per school by :func:`safetyregs.evaluate`, rule by rule; they follow a school's own
records, not every day of the year, so they were never the hot path. Routines are
expanded into records once, when the population is built.

Explanations are built lazily: :meth:`Results.obligations` turns one school's rows into
:class:`~safetyregs.Obligation` objects, equal to what :func:`safetyregs.evaluate` gives
for that school (a property test checks it for every profile).

>>> import datetime as dt
>>> import safetyregs
>>> from safetyregs import Period, example_school, profiles
>>> population = Population([example_school()])
>>> year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
>>> results = evaluate(population, profiles.get("ziyang"), year, dt.date(2027, 1, 1))
>>> results.obligations(0) == safetyregs.evaluate(
...     example_school(), profiles.get("ziyang"), year, dt.date(2027, 1, 1))
True

Requires numpy (``pip install safetyregs[batch]``).
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from . import _api, _batch, _compact
from . import _calendar as cal
from . import profiles as _profiles
from ._batch import school_paths
from ._calendar import Period, warn_if_unknown
from ._engine import (
    Context,
    Obligation,
    Profile,
    Rule,
    Status,
    _effective,
    _obligation,
    _warn_if_no_levels,
)
from ._engine import evaluate as _evaluate_school
from ._errors import SafetyRegsError
from ._io import _file_text, converter, load, loads, validate
from ._kinds import (
    Match,
    Need,
    Quota,
    Recurring,
    Window,
    _combine,
    _measure,
    _union_days,
    merge_by_key,
    role_spans,
    uses_national_calendar,
)
from ._limits import DEFAULT_LIMITS, Limits
from ._models import Routine, SchoolFile
from ._routines import expand_routines, prototype, routine_dates, school_calendar

__all__ = ["Population", "Results", "check_with_dask", "evaluate", "school_paths", "summarize"]

#: Day numbers (proleptic ordinals) stay below this, so ``school × _SHIFT + day`` sorts
#: records by school, then day.
_SHIFT = 1 << 22

#: Status codes of the result matrices.
STATUSES: tuple[Status, ...] = ("met", "pending", "violated")
_MET, _PENDING, _VIOLATED = 0, 1, 2

IntArray = npt.NDArray[np.int64]

#: Whole numbers this large or larger are compared as Python numbers, not in int64.
_LARGEST = 1 << 62


def _normal(value: Any) -> Any:
    """A field value as :meth:`Match.accepts` compares it."""
    return value if isinstance(value, bool) or value is None else str(value)


class _Collection:
    """One record list of every school, as columns: school number, day number, records."""

    def __init__(self, population: Population, name: str) -> None:
        records: list[Any] = []
        schools: list[int] = []
        days: list[int] = []
        for number, school_file in enumerate(population._files):
            items = getattr(school_file, name)
            records.extend(items)
            schools.extend([number] * len(items))
            days.extend(r.date.toordinal() for r in items)
            columns = population._columns[number].get(name) if population._columns else None
            if columns is not None:
                # Read as columns: a prototype stands for each record, as for a routine.
                records.extend(columns.protos)
                schools.extend([number] * len(columns.protos))
                days.extend(map(dt.date.toordinal, columns.dates))
            for routine in school_file.routines:
                if routine.collection != name:
                    continue
                # A routine's records differ only in id and date: its prototype stands for
                # each of them (the columns never read ids or record dates).
                dates = population.routine_dates(routine, school_file)
                records.extend([population.prototype(routine)] * len(dates))
                schools.extend([number] * len(dates))
                days.extend(day.toordinal() for day in dates)
        self.records = records
        self.school = np.array(schools, dtype=np.int64)
        self.day = np.array(days, dtype=np.int64)
        self._fields: dict[str, npt.NDArray[Any]] = {}
        self._numbers: dict[str, tuple[IntArray, npt.NDArray[np.bool_]] | None] = {}

    def whole_numbers(self, field: str) -> tuple[IntArray, npt.NDArray[np.bool_]] | None:
        """The field as int64 values and a mask of records that have one, when every value
        is a whole number that fits (minutes); None otherwise (cached)."""
        if field not in self._numbers:
            values = [getattr(r, field) for r in self.records]
            whole = all(v is None or (type(v) is int and -_LARGEST < v < _LARGEST) for v in values)
            self._numbers[field] = (
                (
                    np.array([0 if v is None else v for v in values], dtype=np.int64),
                    np.array([v is not None for v in values], dtype=bool),
                )
                if whole
                else None
            )
        return self._numbers[field]

    def normal(self, field: str) -> npt.NDArray[Any]:
        """The field of every record as compared by record conditions (cached)."""
        column = self._fields.get(field)
        if column is None:
            # One field holds one type, so each distinct value is normalized once.
            seen: dict[Any, Any] = {}
            column = np.empty(len(self.records), dtype=object)
            column[:] = [
                seen[v] if v in seen else seen.setdefault(v, _normal(v))
                for v in (getattr(r, field) for r in self.records)
            ]
            self._fields[field] = column
        return column


class _Dated:
    """The records one :class:`Match` accepts, sorted by (school, day) as search keys."""

    def __init__(self, keys: IntArray, records: list[Any]) -> None:
        self.keys = keys
        self.records = records
        self._sums: dict[str, npt.NDArray[Any]] = {}

    def running_sum(self, field: str) -> npt.NDArray[Any]:
        """Exact running totals of a numeric field (Decimals), with a leading zero."""
        total = self._sums.get(field)
        if total is None:
            values = np.empty(len(self.records) + 1, dtype=object)
            values[0] = Decimal(0)
            values[1:] = [Decimal(getattr(r, field) or 0) for r in self.records]
            total = np.cumsum(values)
            self._sums[field] = total
        return total


class Population:
    """Many school files, held once for every rule and profile evaluated over them."""

    def __init__(self, school_files: Iterable[SchoolFile], *, checked: bool = False) -> None:
        """``checked`` says the files come from the loader; otherwise each file goes through
        :func:`safetyregs.validate` once, as :func:`safetyregs.evaluate` would (a file the
        loader returned is not read again), so no evaluation below validates it again."""
        self._files: tuple[SchoolFile, ...] = tuple(school_files)
        if not checked:
            for school_file in self._files:
                validate(school_file)  # as evaluate() does; a loader's file is not read again
        # With files read by from_texts: each school's bulk record lists as columns (its
        # entry in _files holds the rest), its records built when something needs them.
        self._columns: tuple[dict[str, _compact.Columns], ...] = ()
        self._built: tuple[SchoolFile, ...] | None = None
        self._collections: dict[str, _Collection] = {}
        self._routine_dates: dict[tuple[Any, ...], tuple[dt.date, ...]] = {}
        self._prototypes: dict[tuple[Any, ...], Any] = {}
        self._dated: dict[Match, _Dated] = {}
        self._levels: list[frozenset[str]] | None = None

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        *,
        format: Literal["json", "toml"] = "json",
        profiles: Sequence[str] | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Population:
        """School files from their texts, validated as :func:`safetyregs.loads` does (the
        same errors for a file it refuses).

        The record lists a school writes a record a day in (education, health checks,
        duty, trainings, meetings, drills) are kept as columns, not as a Python object per
        record: the batch engine reads them as columns, and a school's records are built
        when a rule evaluated school by school reads them, when :meth:`Results.obligations`
        explains that school's results, or when :attr:`school_files` is first read.
        """
        return cls._read(((text, format, None) for text in texts), profiles, limits)

    @classmethod
    def _read(
        cls,
        texts: Iterable[tuple[str, Literal["json", "toml"], str | None]],
        profiles: Sequence[str] | None,
        limits: Limits,
    ) -> Population:
        """The files of ``texts`` (text, format, name), each read as
        ``loads(text, ..., limits=limits)`` reads it, its daily lists as columns."""
        files: list[SchoolFile] = []
        columns: list[dict[str, _compact.Columns]] = []
        for text, format, source in texts:
            found = _compact.read(text, profiles, limits) if format == "json" else None
            if found is None:
                school_file = loads(
                    text, format=format, profiles=profiles, source=source, limits=limits
                )
                files.append(school_file)
                columns.append({})
            else:
                files.append(found[0])
                columns.append(found[1])
        population = cls(files, checked=True)
        if any(columns):
            population._columns = tuple(columns)
        return population

    @classmethod
    def from_files(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        *,
        profiles: Sequence[str] | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Population:
        """School files read from disk, validated as :func:`safetyregs.load` does (the same
        errors), their daily record lists kept as columns (see :meth:`from_texts`)."""
        texts = (_file_text(path, limits) for path in paths)
        return cls._read(texts, profiles, limits)

    def __len__(self) -> int:
        return len(self._files)

    @property
    def school_files(self) -> tuple[SchoolFile, ...]:
        """The school files, each equal to what :func:`safetyregs.loads` reads (built from
        their columns when first asked for, and kept)."""
        if not self._columns:
            return self._files
        if self._built is None:
            self._built = tuple(self._school(number) for number in range(len(self._files)))
        return self._built

    def _school(self, number: int, collections: Iterable[str] | None = None) -> SchoolFile:
        """School ``number``, with the records of ``collections`` (all by default) that its
        columns hold built."""
        if self._built is not None:
            return self._built[number]
        skeleton = self._files[number]
        columns = self._columns[number] if self._columns else {}
        if not columns:
            return skeleton
        names = None if collections is None else list(collections)
        return _compact.school_file(skeleton, columns, names)

    def routine_dates(self, routine: Routine, school_file: SchoolFile) -> tuple[dt.date, ...]:
        """A routine's days, computed once for every school with the same routine and terms."""
        terms = tuple((t.start, t.end) for t in school_file.school.terms)
        key = (routine.every, routine.from_, routine.to, routine.except_, terms)
        found = self._routine_dates.get(key)
        if found is None:
            found = routine_dates(routine, school_calendar(school_file))
            self._routine_dates[key] = found
        return found

    def prototype(self, routine: Routine) -> Any:
        """A routine's record (id and date aside), built once per distinct record."""
        key = (routine.collection, routine.record)
        try:
            found = self._prototypes.get(key)
        except TypeError:  # a field holding a list: not cached
            return prototype(routine, converter.structure)
        if found is None:
            found = self._prototypes[key] = prototype(routine, converter.structure)
        return found

    def expanded(self, number: int, collections: Iterable[str] | None = None) -> SchoolFile:
        """School ``number`` with its routines (only those of ``collections``) as records."""
        school_file = self._school(number, collections)
        if collections is not None and school_file.routines:
            wanted = set(collections)
            school_file = attrs.evolve(
                school_file,
                routines=tuple(r for r in school_file.routines if r.collection in wanted),
            )
        return expand_routines(school_file)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(sf.school.id for sf in self._files)

    def collection(self, name: str) -> _Collection:
        found = self._collections.get(name)
        if found is None:
            found = self._collections[name] = _Collection(self, name)
        return found

    def levels(self) -> list[frozenset[str]]:
        if self._levels is None:
            self._levels = [
                frozenset(str(level) for level in sf.school.levels) for sf in self._files
            ]
        return self._levels

    def dated(self, match: Match) -> _Dated:
        """The records ``match`` accepts, of every school, as sorted search keys (cached)."""
        found = self._dated.get(match)
        if found is None:
            found = self._dated[match] = self._select(match)
        return found

    def _select(self, match: Match) -> _Dated:
        columns = self.collection(match.collection)
        accepted = np.ones(len(columns.records), dtype=bool)
        for key, wanted in match.where:
            values = columns.normal(key)
            if isinstance(wanted, tuple):
                allowed = set(wanted)
                accepted &= np.fromiter((v in allowed for v in values), bool, len(values))
            else:
                accepted &= np.asarray(values == wanted, dtype=bool)
        for key, minimum in match.at_least:
            least = Decimal(minimum)
            numbers = columns.whole_numbers(key)
            if numbers is not None and abs(math.ceil(least)) < _LARGEST:
                # Whole numbers against a minimum: at least 4.5 minutes is at least 5.
                values, known = numbers
                accepted &= known & (values >= math.ceil(least))
                continue
            accepted &= np.fromiter(
                (
                    (v := getattr(r, key)) is not None and Decimal(v) >= least
                    for r in columns.records
                ),
                bool,
                len(columns.records),
            )
        if match.covers_levels:
            levels = self.levels()
            wanted_levels = set(match.covers_levels)
            accepted &= np.fromiter(
                (
                    levels[s] & wanted_levels <= {str(level) for level in r.levels}
                    for s, r in zip(columns.school.tolist(), columns.records, strict=True)
                ),
                bool,
                len(columns.records),
            )
        chosen = np.flatnonzero(accepted)
        keys = columns.school[chosen] * _SHIFT + columns.day[chosen]
        order = np.argsort(keys, kind="stable")
        records = [columns.records[i] for i in chosen[order].tolist()]
        return _Dated(keys[order], records)


def _collections_read(rules: Iterable[Rule]) -> set[str] | None:
    """The record lists these rules read, found in their parameters; None (all of them)
    when a check is not one of safetyregs' own kinds and might read anything."""
    found: set[str] = set()
    stack: list[Any] = [check for rule in rules for check in rule.checks]
    while stack:
        item = stack.pop()
        if attrs.has(type(item)):
            if not type(item).__module__.startswith("safetyregs."):
                return None  # a plugin's part may read any list
            for field in attrs.fields(type(item)):
                value = getattr(item, field.name)
                if field.name in {"collection", "subjects"} and isinstance(value, str):
                    found.add(value)
                else:
                    stack.append(value)
        elif isinstance(item, tuple):
            stack.extend(item)
    return found


def _compilable(rule: Rule) -> bool:
    """Rules the columnar engine computes itself: one recurring check of counts or sums,
    or one quota of counts or sums per person."""
    if len(rule.checks) != 1:
        return False
    check = rule.checks[0]
    if isinstance(check, Recurring):
        return all(not need.covers for need in check.needs)
    if isinstance(check, Quota):
        need = check.need
        return not need.covers and all(key != "staff" for key, _ in need.match.where)
    return False


@attrs.frozen
class _Block:
    """One compiled rule over the schools sharing a calendar: a status per (school, period)."""

    rule: Rule
    check: Recurring
    schools: IntArray
    windows: tuple[Window, ...]
    status: npt.NDArray[np.int8]
    found: tuple[npt.NDArray[Any], ...]

    @property
    def national(self) -> bool:
        """Whether the periods depend on the official calendar (provisional years)."""
        return uses_national_calendar(self.check)


@attrs.frozen
class _Rows:
    """One compiled rule as separate rows: a school, a (subject, period) key and a status."""

    rule: Rule
    check: Quota
    span: Period
    school: IntArray
    keys: tuple[tuple[str, Period], ...]
    status: npt.NDArray[np.int8]

    @property
    def national(self) -> bool:
        return uses_national_calendar(self.check)


@attrs.define
class Results:
    """The obligations of every school of a population, as columns; one school's on demand."""

    population: Population
    profile: Profile
    period: Period
    as_of: dt.date
    blocks: list[_Block]
    rows: list[_Rows]
    computed: frozenset[str]
    fallback: list[tuple[Obligation, ...]]

    def __len__(self) -> int:
        return (
            sum(b.status.size for b in self.blocks)
            + sum(len(r.school) for r in self.rows)
            + sum(map(len, self.fallback))
        )

    def counts_by_school(self) -> IntArray:
        """Met, pending and violated obligations of each school: an ``(n, 3)`` array."""
        n = len(self.population)
        out = np.zeros((n, 3), dtype=np.int64)
        for block in self.blocks:
            for code in range(3):
                out[block.schools, code] += np.count_nonzero(block.status == code, axis=1)
        for rows in self.rows:
            np.add.at(out, (rows.school, rows.status.astype(np.int64)), 1)
        for number, found in enumerate(self.fallback):
            for o in found:
                out[number, STATUSES.index(o.status)] += 1
        return out

    def status_counts(self) -> tuple[int, int, int]:
        """Met, pending and violated obligations of the whole population."""
        totals = Counter(o.status for found in self.fallback for o in found)
        met, pending, violated = totals["met"], totals["pending"], totals["violated"]
        statuses = [b.status.ravel() for b in self.blocks] + [r.status for r in self.rows]
        for status in statuses:
            counts = np.bincount(status, minlength=3)
            met, pending, violated = (
                met + int(counts[0]),
                pending + int(counts[1]),
                violated + int(counts[2]),
            )
        return met, pending, violated

    def obligations(self, school: int) -> tuple[Obligation, ...]:
        """School number ``school``'s obligations, as :func:`safetyregs.evaluate` gives them.

        Statuses come from the columns; explanations, progress and evidence are built
        now, for this school only.
        """
        school_file = self.population.expanded(school)
        out = list(self.fallback[school])
        ctx = Context(school_file, self.as_of)
        for block in self.blocks:
            row = int(np.searchsorted(block.schools, school))
            if row >= len(block.schools) or block.schools[row] != school:
                continue
            rule = block.rule
            ctx.rule_from = rule.effective_from or self.profile.effective_from
            for column, window in enumerate(block.windows):
                narrow = dict(window.narrow)
                parts = [_measure(ctx, need, window.period, **narrow) for need in block.check.needs]
                f = _combine(window.subject or ctx.school_id, window.period, window.due, parts)
                obligation = _obligation(rule, f, self.as_of, block.national)
                status = STATUSES[block.status[row, column]]
                if obligation.status != status:
                    obligation = attrs.evolve(obligation, status=status)
                out.append(obligation)
        for rows in self.rows:
            mine = np.flatnonzero(rows.school == school).tolist()
            if not mine:
                continue
            findings = merge_by_key(rows.check.findings(ctx, rows.span))
            found = {(f.subject, f.period): f for f in findings}
            for position in mine:
                f = found.pop(rows.keys[position])
                obligation = _obligation(rows.rule, f, self.as_of, rows.national)
                status = STATUSES[rows.status[position]]
                if obligation.status != status:
                    obligation = attrs.evolve(obligation, status=status)
                out.append(obligation)
            if found:
                msg = f"the batch engine has no row for {sorted(found)} of {rows.rule.id}"
                raise AssertionError(msg)
        return tuple(sorted(out, key=Obligation.sort_key))


def evaluate(
    population: Population | Iterable[SchoolFile],
    profile: Profile,
    period: Period,
    as_of: dt.date,
    *,
    rules: Sequence[str] | None = None,
) -> Results:
    """Every obligation of ``profile`` due in ``period`` for every school, as of ``as_of``.

    The same answers as :func:`safetyregs.evaluate` school by school (whatever each
    school's jurisdiction: ``profile`` applies to all of them).
    """
    if not isinstance(population, Population):
        population = Population(population)
    # The files as held: their schools, staff, terms and routines (not the records a
    # population from texts keeps as columns; the rules run per school get those).
    school_files = population._files
    as_of_day = as_of.toordinal()
    chosen = [r for r in profile.rules if rules is None or r.id in rules]
    blocks: list[_Block] = []
    quota_rows: list[_Rows] = []
    computed = set()
    calendars: dict[tuple[Any, ...], list[int]] = {}
    for number, school_file in enumerate(school_files):
        key = tuple(sorted((t.start, t.end) for t in school_file.school.terms))
        calendars.setdefault(key, []).append(number)
    for rule in chosen:
        if not _compilable(rule):
            continue
        computed.add(rule.id)
        span = period.intersect(_effective(rule, profile))
        if span is None:
            continue
        check = rule.checks[0]
        if isinstance(check, Quota):
            applying = [n for n in range(len(school_files)) if rule.applies_to(school_files[n])]
            quota_rows.append(_quota(population, rule, check, span, applying, as_of_day))
            continue
        assert isinstance(check, Recurring)
        for members in calendars.values():
            applying = [n for n in members if rule.applies_to(school_files[n])]
            if not applying:
                continue
            blocks.append(_compile(population, rule, check, span, applying, as_of, as_of_day))
    for school_file in school_files:
        if not school_file.school.levels:
            # As the per-school engine warns; the rules run per school warn for themselves.
            _warn_if_no_levels(school_file, profile, sorted(computed))
    others = [r for r in chosen if r.id not in computed]
    read = _collections_read(others)
    fallback: list[tuple[Obligation, ...]] = [
        _evaluate_school(
            population.expanded(number, read),
            profile,
            period,
            as_of,
            rules=[r.id for r in others],
            validate=False,  # the population's files are valid; their expansions are new objects
        )
        if others
        else ()
        for number in range(len(school_files))
    ]
    return Results(
        population, profile, period, as_of, blocks, quota_rows, frozenset(computed), fallback
    )


def _quota(
    population: Population,
    rule: Rule,
    check: Quota,
    span: Period,
    applying: list[int],
    as_of_day: int,
) -> _Rows:
    """A quota as grouped sums: the need's records summed per (school, person, year)."""
    need = check.need
    years = [year for year in cal.years(span) if year.end in span]
    dated = population.dated(need.match)
    school_of = (dated.keys // _SHIFT).tolist()
    day_of = dated.keys % _SHIFT
    totals: dict[tuple[int, Any, int], Any] = {}
    for index, year in enumerate(years):
        inside = (day_of >= year.start.toordinal()) & (day_of <= year.end.toordinal())
        for position in np.flatnonzero(inside).tolist():
            record = dated.records[position]
            key = (school_of[position], _normal(record.staff), index)
            if need.measure == "count":
                totals[key] = totals.get(key, 0) + 1
            else:
                value = Decimal(getattr(record, need.measure) or 0)
                totals[key] = totals.get(key, Decimal(0)) + value
    schools: list[int] = []
    keys: list[tuple[str, Period]] = []
    statuses: list[int] = []
    amount = Fraction(check.amount)
    for number in applying:
        for index, year in enumerate(years):
            for member in population._files[number].staff:
                spans = role_spans(member, check.roles, year)
                if not spans:
                    continue
                found = totals.get((number, member.id, index), 0)
                if Fraction(found) * year.days >= amount * _union_days(spans):
                    status = _MET
                else:
                    status = _PENDING if as_of_day <= year.end.toordinal() else _VIOLATED
                schools.append(number)
                keys.append((member.id, year))
                statuses.append(status)
    return _Rows(
        rule,
        check,
        span,
        np.array(schools, dtype=np.int64),
        tuple(keys),
        np.array(statuses, dtype=np.int8),
    )


def _compile(
    population: Population,
    rule: Rule,
    check: Recurring,
    span: Period,
    applying: list[int],
    as_of: dt.date,
    as_of_day: int,
) -> _Block:
    """The status of every applying school (sharing one calendar) in every period."""
    ctx = Context(population._files[applying[0]], as_of)  # for its calendar only
    windows = tuple(
        w
        for w in check.every.windows(ctx, span)
        if check.during != "session" or ctx.calendar.in_session(w.period, check.min_school_days)
    )
    schools = np.array(applying, dtype=np.int64)
    n, m = len(schools), len(windows)
    satisfied = np.ones((n, m), dtype=bool)
    found: list[npt.NDArray[Any]] = []
    if m:
        starts = np.array([w.period.start.toordinal() for w in windows], dtype=np.int64)
        ends = np.array([w.period.end.toordinal() for w in windows], dtype=np.int64)
        base = schools[:, None] * _SHIFT
        for need in check.needs:
            amount = np.zeros((n, m), dtype=np.int64 if need.measure == "count" else object)
            for narrow, columns in _by_narrow(windows).items():
                match = need.match.narrowed(**dict(narrow)) if narrow else need.match
                dated = population.dated(match)
                lo = np.searchsorted(dated.keys, base + starts[columns], side="left")
                hi = np.searchsorted(dated.keys, base + ends[columns], side="right")
                if need.measure == "count":
                    amount[:, columns] = hi - lo
                else:
                    total = dated.running_sum(need.measure)
                    amount[:, columns] = total[hi] - total[lo]
            found.append(amount)
            satisfied &= _at_least(amount, need)
    dues = np.array([w.due.toordinal() for w in windows], dtype=np.int64)
    status = np.where(
        satisfied, _MET, np.where(as_of_day <= dues[None, :], _PENDING, _VIOLATED)
    ).astype(np.int8)
    return _Block(rule, check, schools, windows, status, tuple(found))


def _at_least(amount: npt.NDArray[Any], need: Need) -> npt.NDArray[np.bool_]:
    if need.measure == "count":
        # Counts are whole: at least 1.5 records means at least 2.
        return np.asarray(amount >= math.ceil(need.at_least), dtype=bool)
    return np.asarray(amount >= need.at_least, dtype=bool)


def _by_narrow(windows: Sequence[Window]) -> dict[tuple[tuple[str, Any], ...], IntArray]:
    """Column numbers of the windows by their extra record conditions (a themed week's theme)."""
    groups: dict[tuple[tuple[str, Any], ...], list[int]] = {}
    for column, window in enumerate(windows):
        groups.setdefault(window.narrow, []).append(column)
    return {narrow: np.array(columns, dtype=np.int64) for narrow, columns in groups.items()}


# --- partitions of a population: processes and Dask ------------------------------------------


def summarize(
    files: Sequence[tuple[str, str | None]],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    profile: Profile | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[_batch.SchoolRow]:
    """The summary rows of some school files, evaluated together by the batch engine.

    ``files`` pairs a path with ``None``, or with the key of why it cannot be read
    (``not_found``, ``no_files``); :func:`school_paths` lists the readable files of some
    paths. The rows are those of ``safetyregs check --summary`` without reports: one
    partition's work, wherever it runs.
    """
    period = Period(start, end)
    rows: list[_batch.SchoolRow | None] = []
    groups: dict[str, tuple[Profile, list[int], list[SchoolFile]]] = {}
    for file, error_key in files:
        if error_key is not None:
            rows.append(
                _batch.SchoolRow(file, error=_batch.text(error_key, "en"), error_key=error_key)
            )
            continue
        try:
            school_file = load(file, profiles=None if profile else _profiles.names(), limits=limits)
            prof = profile or _profiles.get(school_file.school.jurisdiction)
            _api.check_horizon(period, limits)
        except (SafetyRegsError, OSError) as exc:
            rows.append(_batch.SchoolRow(file, error=_batch._problem(exc)))
            continue
        group = groups.setdefault(prof.id, (prof, [], []))
        group[1].append(len(rows))
        group[2].append(school_file)
        rows.append(None)
    if groups:
        warn_if_unknown(period)
    for prof, positions, school_files in groups.values():
        counts = evaluate(school_files, prof, period, as_of).counts_by_school().tolist()
        for position, school_file, (met, pending, violated) in zip(
            positions, school_files, counts, strict=True
        ):
            rows[position] = _batch.SchoolRow(
                files[position][0],
                school=school_file.school.id,
                profile=prof.id,
                tally=(met, pending, violated),
            )
    return [row for row in rows if row is not None]


def check_with_dask(
    paths: Iterable[str | os.PathLike[str]],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    profile: Profile | str | None = None,
    partitions: int | None = None,
    scheduler: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> _batch.BatchResult:
    """``check --summary`` over a partitioned population with Dask (``safetyregs[dask]``).

    The files (``paths`` as ``safetyregs check`` reads them) become a
    ``dask.bag`` of ``partitions`` partitions, each evaluated by :func:`summarize`.
    ``scheduler`` is a ``dask.distributed`` scheduler address (``tcp://host:8786``), or
    the name of a local Dask scheduler (``"sync"``, ``"threads"``, ``"processes"``); by
    default Dask's own. The rows are those of a serial run, in the same order.
    """
    import dask.bag

    prof = _profiles.get(profile) if isinstance(profile, str) else profile
    files = list(dict.fromkeys(_batch._expand(paths)))
    bag = dask.bag.from_sequence(  # type: ignore[no-untyped-call]
        files, npartitions=partitions or min(len(files), 64) or 1
    )
    rows = bag.map_partitions(
        summarize, start=start, end=end, as_of=as_of, profile=prof, limits=limits
    )
    if scheduler is not None and "://" in scheduler:
        from distributed import Client

        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            found = client.compute(rows, sync=True)
    else:
        found = rows.compute(scheduler=scheduler)
    return _batch.BatchResult(tuple(found), start, end, as_of)
