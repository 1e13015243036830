"""The eight rule kinds and the small parts they are built from.

A rule kind is a frozen, declarative object: its attrs fields are the rule's
parameters (what ``safetyregs profile NAME`` prints). Each kind turns a
school's records into :class:`Finding` objects, one per obligation, for the
obligations whose due date lies in a span; the engine adds the rule, the
status and the citation.

Record selection goes through :class:`Match` and a per-school index of
sorted dates, so counting records in a period is a bisection, not a scan.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple

import attrs
from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from . import _calendar as cal
from ._calendar import Period
from ._models import CST, HazardStep, Role, RoleSpan, Step

if TYPE_CHECKING:
    from ._engine import Context
    from ._witness import Plan

#: What adding a record of a collection can do to a rule's obligations.
Effect = Literal["helps", "hurts"]

__all__ = [
    "BreakDays",
    "Checklist",
    "ChecklistItem",
    "Covered",
    "DateAfterStart",
    "Deadline",
    "EveryInterval",
    "FieldOnOrBefore",
    "FieldsSet",
    "FieldsTrue",
    "Finding",
    "FixedDate",
    "Invariant",
    "LastSchoolDayBeforeBreaks",
    "LastSchoolDayOfWeeks",
    "Ledger",
    "Lifecycle",
    "Match",
    "Message",
    "Months",
    "NamedMonths",
    "Need",
    "OnHazardFound",
    "OnHire",
    "OnIncident",
    "OnRoleStart",
    "OnTermStart",
    "Prohibition",
    "Quarters",
    "Quota",
    "RatioOfStaff",
    "RecordsBy",
    "Recurring",
    "RuleKind",
    "SchoolDays",
    "Terms",
    "ThemedDay",
    "ThemedWeeks",
    "Years",
    "records",
]

Moment = dt.date | dt.datetime

_ZERO = Decimal(0)

#: The end of an open range (a policy or role with no end).
_OPEN_END = dt.date(9999, 12, 31)


def due_date(due: Moment) -> dt.date:
    """The calendar day of a due moment."""
    return due.date() if isinstance(due, dt.datetime) else due


@frozen
class Message:
    """A translatable explanation: a template key and its parameters."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> Message:
        return cls(key, tuple(sorted(params.items())))


@frozen
class Finding:
    """One obligation as a kind sees it, before status and citation."""

    subject: str
    period: Period
    due: Moment
    satisfied: bool
    detail: Message
    found: Decimal | None = None
    required: Decimal | None = None
    unit: str = ""
    evidence: tuple[str, ...] = ()


# --- selecting records ---------------------------------------------------------


def freeze_where(
    where: Mapping[str, Any] | Iterable[tuple[str, Any]],
) -> tuple[tuple[str, Any], ...]:
    items = where.items() if isinstance(where, Mapping) else where
    out = []
    for key, value in items:
        if isinstance(value, list | set | frozenset | tuple):
            value = tuple(sorted(str(v) if not isinstance(v, bool) else v for v in value))
        out.append((key, value))
    return tuple(sorted(out, key=lambda kv: kv[0]))


@frozen(cache_hash=True)
class Match:
    """Which records count: a collection of the school file and conditions.

    ``where`` pairs a field with a value or a tuple of allowed values;
    ``at_least`` pairs a numeric field with its minimum; ``covers_levels``
    asks that a record's ``levels`` hold every one of these levels that the
    school has (the psychological screening of 兖州).
    """

    collection: str
    where: tuple[tuple[str, Any], ...] = field(default=(), converter=freeze_where)
    at_least: tuple[tuple[str, Any], ...] = field(default=(), converter=freeze_where)
    covers_levels: tuple[str, ...] = ()

    def accepts(self, record: Any, school_levels: frozenset[str]) -> bool:
        for key, wanted in self.where:
            value = field_value(record, key)
            if isinstance(wanted, tuple):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        for key, minimum in self.at_least:
            value = getattr(record, key)
            if value is None or Decimal(value) < Decimal(minimum):
                return False
        if self.covers_levels:
            needed = school_levels & set(self.covers_levels)
            if not needed <= {str(level) for level in record.levels}:
                return False
        return True

    def narrowed(self, **where: Any) -> Match:
        """The same match with more conditions (a theme, a person)."""
        return Match(
            self.collection, (*self.where, *freeze_where(where)), self.at_least, self.covers_levels
        )


def field_value(record: Any, key: str) -> Any:
    """A record's field as a ``where`` condition compares it: text, or a bool or None as is."""
    value = getattr(record, key)
    return value if isinstance(value, bool) or value is None else str(value)


def records(collection: str, *, covers_levels: Sequence[str] = (), **where: Any) -> Match:
    """Build a :class:`Match`: ``records("drills", kind="school_bus")``.

    A keyword ending in ``__min`` is a minimum: ``minutes__min=5``.
    """
    plain = {k: v for k, v in where.items() if not k.endswith("__min")}
    minimum = {k.removesuffix("__min"): v for k, v in where.items() if k.endswith("__min")}
    return Match(collection, plain, minimum, tuple(covers_levels))


@frozen
class Need:
    """At least ``at_least`` of what ``measure`` measures among matching records.

    ``measure`` is ``"count"`` (records) or a numeric field to sum
    (``"class_hours"``, ``"class_periods"``); ``covers`` instead asks that the
    union of a list field (``topics``) hold every listed value.
    """

    match: Match
    at_least: Decimal = field(default=Decimal(1), converter=Decimal)
    measure: str = "count"
    covers: tuple[str, ...] = ()


def _unit(need: Need) -> str:
    if need.covers:
        return "topics"
    return need.match.collection if need.measure == "count" else need.measure


class Part(NamedTuple):
    """A need's outcome in one window: what a :class:`Finding` holds besides its key."""

    satisfied: bool
    detail: Message
    found: Decimal | None
    required: Decimal | None
    unit: str
    evidence: tuple[str, ...]


def _measure(ctx: Context, need: Need, window: Period, **narrow: Any) -> Finding:
    """Evaluate a need over the records dated in ``window``."""
    part = _tally(ctx, need, window, tuple(narrow.items()), _window_text(window))
    return Finding("", window, window.end, *part)


def _tally(
    ctx: Context,
    need: Need,
    window: Period,
    narrow: tuple[tuple[str, Any], ...],
    window_text: str,
) -> Part:
    """A need over the records dated in ``window`` (``narrow`` adds conditions, e.g. a person).

    Runs for every period of every recurring rule: the records come from the school's
    index (a bisection), the explanation's fixed words from caches, and its parameters
    are given in the order :meth:`Message.of` sorts them into.
    """
    hits = ctx.dated_narrowed(need.match, narrow, window)
    unit = _unit(need)
    evidence = _evidence(hits)
    if need.covers:
        have = {str(t) for r in hits for t in r.topics}
        missing = tuple(t for t in need.covers if t not in have)
        found = Decimal(len(need.covers) - len(missing))
        detail = Message("covers", (("missing", missing), ("window", window_text)))
        return Part(not missing, detail, found, Decimal(len(need.covers)), unit, evidence)
    if need.measure == "count":
        found = Decimal(len(hits))
    else:
        found = sum((Decimal(getattr(r, need.measure) or 0) for r in hits), Decimal(0))
    detail = Message(
        "need",
        (
            ("found", found),
            ("required", need.at_least),
            ("unit", unit),
            ("what", _what(need.match, narrow)),
            ("window", window_text),
        ),
    )
    return Part(found >= need.at_least, detail, found, need.at_least, unit, evidence)


def _evidence(hits: Sequence[Any]) -> tuple[str, ...]:
    """The ids of the records counted, sorted, each once (records without an id left out)."""
    if len(hits) == 1:  # the common case of a school-day rule: no set, no sort
        only = getattr(hits[0], "id", None)
        return (only,) if only else ()
    return tuple(sorted({r.id for r in hits if getattr(r, "id", None)}))


@functools.lru_cache(maxsize=4096)
def _what(match: Match, narrow: tuple[tuple[str, Any], ...]) -> tuple[str, ...]:
    """The record conditions of ``match`` narrowed by ``narrow``, worked out once."""
    return _conditions(match.narrowed(**dict(narrow)) if narrow else match)


@functools.lru_cache(maxsize=4096)
def _window_text(window: Period) -> str:
    """A window for people: ``..2023-03-31`` when it has no real start."""
    return f"..{window.end.isoformat()}" if window.start.year <= 1900 else str(window)


def _conditions(match: Match) -> tuple[str, ...]:
    """The record conditions of a match, e.g. ``("kind=1530", "minutes≥5")``."""
    parts = [
        f"{k}={v if not isinstance(v, tuple) else '|'.join(map(str, v))}"
        for k, v in match.where
        if k != "staff"
    ]
    parts += [f"{k}≥{v}" for k, v in match.at_least]
    return tuple(parts)


def _combine(subject: str, period: Period, due: Moment, parts: Sequence[Finding | Part]) -> Finding:
    """All parts at once: satisfied when every part is, explained by every failing part.

    Progress adds up when the parts count in one unit (a morning and a noon check
    are ``0/2 health checks``); otherwise it is the first failing part's.
    """
    if len(parts) == 1:
        p = parts[0]
        # Built directly, not through attrs.evolve: this runs for every school day.
        return Finding(
            subject, period, due, p.satisfied, p.detail, p.found, p.required, p.unit, p.evidence
        )
    failing = [p for p in parts if not p.satisfied]
    shown = failing or parts
    if len(shown) == 1:
        detail = shown[0].detail
    else:
        detail = Message("all_of", (("parts", tuple([p.detail for p in shown])),))
    found, required, unit = shown[0].found, shown[0].required, shown[0].unit
    if all(p.unit == parts[0].unit and p.required is not None for p in parts):
        total, needed = _ZERO, _ZERO
        for p in parts:
            total += min(p.found or _ZERO, p.required or _ZERO)
            needed += p.required or _ZERO
        found, required, unit = total, needed, parts[0].unit
    evidence = tuple(sorted({e for p in parts for e in p.evidence}))
    return Finding(subject, period, due, not failing, detail, found, required, unit, evidence)


def merge_by_key(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (subject, period): the key of an obligation is unique in a result.

    Two offences of one rule on one subject and day (three hazard steps out of
    order on one day) become one obligation that explains each of them.
    """
    groups: dict[tuple[str, Period], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.subject, f.period), []).append(f)
    out = []
    for (subject, period), parts in groups.items():
        if len(parts) == 1:
            out.append(parts[0])
        else:
            first = min(parts, key=lambda p: _moment_key(p.due))
            out.append(_combine(subject, period, first.due, parts))
    return out


def _moment_key(due: Moment) -> tuple[dt.date, bool, dt.time]:
    """Order of due moments: by day, a day-only due before a timed one, then the time."""
    if isinstance(due, dt.datetime):
        return (due.date(), True, due.time())
    return (due, False, dt.time.min)


# --- periods of recurring rules --------------------------------------------------


@frozen
class Window:
    """One period of a recurring rule: its days, due day, subject and extra conditions."""

    period: Period
    due: dt.date
    subject: str | None = None
    narrow: tuple[tuple[str, Any], ...] = ()


def _whole(periods: Iterable[Period], span: Period) -> Iterator[Window]:
    for p in periods:
        if p.end in span:
            yield Window(p, p.end)


def _days(days: Iterable[dt.date]) -> Iterator[Window]:
    for day in days:
        yield Window(Period(day, day), day)


@frozen
class Months:
    """Every calendar month."""

    name: ClassVar[str] = "month"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _whole(cal.months(span), span)


@frozen
class Quarters:
    """Every calendar quarter."""

    name: ClassVar[str] = "quarter"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _whole(cal.quarters(span), span)


@frozen
class Years:
    """Every calendar year."""

    name: ClassVar[str] = "year"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _whole(cal.years(span), span)


@frozen
class NamedMonths:
    """The named calendar months of every year (``NamedMonths((5, 11))``)."""

    months: tuple[int, ...]
    name: ClassVar[str] = "named months"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _whole((m for m in cal.months(span) if m.start.month in self.months), span)


@frozen
class Terms:
    """Every term of the school, or only spring or autumn terms."""

    season: Literal["spring", "autumn"] | None = None
    name: ClassVar[str] = "term"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        terms = ctx.calendar.terms_overlapping(span)
        return _whole((t for t in terms if self.season in (None, cal.term_season(t))), span)


@frozen
class SchoolDays:
    """Every school day."""

    name: ClassVar[str] = "school day"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _days(ctx.calendar.school_days_in(span))


@frozen
class BreakDays:
    """Every day of every holiday break."""

    name: ClassVar[str] = "holiday break day"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        for brk in cal.holiday_breaks(span):
            inside = brk.intersect(span)
            if inside is not None:
                yield from _days(inside)


@frozen
class LastSchoolDayOfWeeks:
    """The last school day of every Monday–Sunday week that has one."""

    name: ClassVar[str] = "last school day of the week"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _days(ctx.calendar.last_school_days_of_weeks(span))


@frozen
class LastSchoolDayBeforeBreaks:
    """The last school day before every holiday break and of every term."""

    name: ClassVar[str] = "last school day before a break or term end"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        return _days(ctx.calendar.last_school_days_before_breaks(span))


@frozen
class ThemedDay:
    """A themed day: a fixed date (``month``, ``day``) or the last ``weekday`` of a month."""

    theme: str
    month: int
    day: int | None = None
    last_weekday: int | None = None

    def on(self, year: int) -> dt.date:
        if self.day is not None:
            return dt.date(year, self.month, self.day)
        assert self.last_weekday is not None
        return cal.last_weekday_of_month(year, self.month, self.last_weekday)


@frozen
class ThemedWeeks:
    """The Monday–Sunday week around each themed day; the subject is the theme."""

    days: tuple[ThemedDay, ...]
    name: ClassVar[str] = "themed week"

    def windows(self, ctx: Context, span: Period) -> Iterator[Window]:
        found = []
        for year in range(span.start.year - 1, span.end.year + 1):
            for themed in self.days:
                week = cal.week_of(themed.on(year))
                if week.end in span:
                    found.append(Window(week, week.end, themed.theme, (("theme", themed.theme),)))
        return iter(sorted(found, key=lambda w: (w.due, w.subject or "")))


PeriodSpec = (
    Months
    | Quarters
    | Years
    | NamedMonths
    | Terms
    | SchoolDays
    | BreakDays
    | LastSchoolDayOfWeeks
    | LastSchoolDayBeforeBreaks
    | ThemedWeeks
)


# --- the rule kinds -----------------------------------------------------------------

#: Owed windows of recurring rules by (period spec, during, minimum, calendar, span): the
#: built-in period specs read nothing of a school but its calendar.
_OWED_WINDOWS: dict[tuple[Any, ...], tuple[Window, ...]] = {}
_OWED_WINDOWS_KEPT = 256  # a school year of school days is ~250 windows: a few MB at most
_CALENDAR_SPECS = frozenset(
    (
        Months,
        Quarters,
        Years,
        NamedMonths,
        Terms,
        SchoolDays,
        BreakDays,
        LastSchoolDayOfWeeks,
        LastSchoolDayBeforeBreaks,
        ThemedWeeks,
    )
)


def _needs(value: Iterable[Need]) -> tuple[Need, ...]:
    return tuple(value)


@frozen
class Recurring:
    """At least so many matching records in every period.

    With ``during="session"`` only periods in session (at least
    ``min_school_days`` school days) owe anything.
    """

    every: PeriodSpec
    needs: tuple[Need, ...] = field(converter=_needs)
    during: Literal["always", "session"] = "always"
    min_school_days: int = 10
    kind: ClassVar[str] = "recurring"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        for window in self.owed_windows(ctx, span):
            text = _window_text(window.period)
            parts = [_tally(ctx, need, window.period, window.narrow, text) for need in self.needs]
            yield _combine(window.subject or ctx.school_id, window.period, window.due, parts)

    def owed_windows(self, ctx: Context, span: Period) -> tuple[Window, ...]:
        """The periods that owe something (in session, for ``during="session"``).

        They depend only on the school's calendar and the span, so schools with the same
        terms share them: they are worked out once, not once a school.
        """
        if type(self.every) not in _CALENDAR_SPECS:  # a spec of its own may read the school
            return tuple(
                window
                for window in self.every.windows(ctx, span)
                if self.during != "session"
                or ctx.calendar.in_session(window.period, self.min_school_days)
            )
        key = (self.every, self.during, self.min_school_days, ctx.calendar, span)
        found = _OWED_WINDOWS.get(key)
        if found is None:
            found = tuple(
                window
                for window in self.every.windows(ctx, span)
                if self.during != "session"
                or ctx.calendar.in_session(window.period, self.min_school_days)
            )
            if len(_OWED_WINDOWS) >= _OWED_WINDOWS_KEPT:
                _OWED_WINDOWS.clear()
            _OWED_WINDOWS[key] = found
        return found

    def record_effects(self) -> dict[str, Effect]:
        """Adding a record of a counted collection can only help."""
        return {need.match.collection: "helps" for need in self.needs}

    def witness(self, plan: Plan, span: Period) -> None:
        """Meet every period's needs, reusing records where their fields allow."""
        for window in self.every.windows(plan.context(), span):
            if self.during == "session" and not plan.calendar.in_session(
                window.period, self.min_school_days
            ):
                continue
            for need in self.needs:
                plan.need(need, window.period, dict(window.narrow))


# Deadline triggers: each yields (subject, start date, due moment, subject record).


@frozen
class Trigger:
    subject: str
    start: dt.date
    due: Moment
    record: Any = None


@frozen
class OnIncident:
    """Every incident (matching ``where``); the clock starts when the school knew of it."""

    within: dt.timedelta
    where: tuple[tuple[str, Any], ...] = field(default=(), converter=freeze_where)
    deaths_at_least: int = 0
    name: ClassVar[str] = "incident"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        match = Match("incidents", self.where)
        for inc in ctx.school_file.incidents:
            if match.accepts(inc, ctx.levels) and inc.deaths >= self.deaths_at_least:
                yield Trigger(inc.id, inc.start.date(), inc.start + self.within, inc)

    def record_effects(self) -> dict[str, Effect]:
        """Each incident owes reports: adding one can hurt."""
        return {"incidents": "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """An incident (of the kind and deaths named) whose clock ends in ``span``."""
        if _triggered(self, plan, span):
            return
        nine = dt.time(9)
        lo = (dt.datetime.combine(span.start, nine) - self.within).date()
        # The latest day whose 09:00 plus the clock is still on the span's last day.
        hi = (dt.datetime.combine(span.end, dt.time(14, 59)) - self.within).date()
        days = _days_between(max(lo, span.start), hi)
        if days is None:
            return
        day = plan.day_in(days)
        fields = {k: v[0] if isinstance(v, tuple) else v for k, v in self.where}
        plan.add(
            "incidents",
            day,
            occurred_at=dt.datetime.combine(day, nine, tzinfo=CST),
            deaths=self.deaths_at_least,
            **fields,
        )


@frozen
class OnTermStart:
    """Every term start; due ``within`` later (``relativedelta(months=1)``)."""

    within: relativedelta
    name: ClassVar[str] = "term start"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        lo = span.start - self.within - dt.timedelta(days=1)
        for term in ctx.calendar.terms_overlapping(Period(lo, span.end)):
            yield Trigger(ctx.school_id, term.start, term.start + self.within)

    def record_effects(self) -> dict[str, Effect]:
        """Terms come from the school, not from records."""
        return {}


@frozen
class OnRoleStart:
    """Every start of one of ``roles`` (on or after the rule's effective date)."""

    roles: tuple[str, ...]
    within: relativedelta = field(factory=relativedelta)
    name: ClassVar[str] = "role start"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        for member in ctx.school_file.staff:
            starts = sorted(
                {(r.start, str(r.role)) for r in member.roles if str(r.role) in self.roles}
            )
            for start, role in starts:
                # A span that continues an earlier span of the same role is no new start.
                if any(
                    str(r.role) == role
                    and r.start < start
                    and (r.end is None or r.end >= start - dt.timedelta(days=1))
                    for r in member.roles
                ):
                    continue
                if ctx.rule_from is None or start >= ctx.rule_from:
                    yield Trigger(member.id, start, start + self.within, member)

    def record_effects(self) -> dict[str, Effect]:
        """A new member of staff in one of the roles owes something: adding one can hurt."""
        return {"staff": "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A member of staff taking up the first role on a day whose deadline is in ``span``."""
        if _triggered(self, plan, span):
            return
        lo = max(span.start - self.within, plan.rule_from or dt.date.min)
        days = _days_between(lo, span.end - self.within)
        if days is not None:
            day = plan.day_in(days)
            plan.add_staff(day, [(self.roles[0], day)])


@frozen
class OnHire:
    """Every hire on or after the rule's effective date; due the day of hire."""

    name: ClassVar[str] = "hire"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        for member in ctx.school_file.staff:
            # An unknown hire date triggers nothing: there is no day to check against.
            if member.hired is not None and (
                ctx.rule_from is None or member.hired >= ctx.rule_from
            ):
                yield Trigger(member.id, member.hired, member.hired, member)

    def record_effects(self) -> dict[str, Effect]:
        """A hire owes something: adding a member of staff can hurt."""
        return {"staff": "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A member of staff hired in ``span`` (on or after the rule's effective date)."""
        if _triggered(self, plan, span):
            return
        days = _days_between(max(span.start, plan.rule_from or dt.date.min), span.end)
        if days is not None:
            plan.add_staff(plan.day_in(days))


@frozen
class OnHazardFound:
    """Every hazard; due the day it was found, or the end of that month."""

    due: Literal["same_day", "end_of_month"] = "same_day"
    name: ClassVar[str] = "hazard found"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        for hazard in ctx.school_file.hazards:
            end = hazard.found if self.due == "same_day" else cal.month_of(hazard.found).end
            yield Trigger(hazard.id, hazard.found, end, hazard)

    def record_effects(self) -> dict[str, Effect]:
        """A hazard owes something: adding one can hurt."""
        return {"hazards": "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A hazard found on a day whose deadline falls in ``span``."""
        if _triggered(self, plan, span):
            return
        if self.due == "same_day":
            days = span
        else:
            last = cal.month_of(span.end)
            hi = span.end if last.end == span.end else last.start - dt.timedelta(days=1)
            found = _days_between(cal.month_of(span.start).start, hi)
            if found is None:
                return
            days = found
        day = plan.day_in(days)
        plan.add("hazards", day, found=day)


@frozen
class FixedDate:
    """A fixed deadline (``by 2023-03-31``), triggered by the rule's effective date."""

    by: dt.date
    name: ClassVar[str] = "fixed date"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        yield Trigger(ctx.school_id, min(ctx.rule_from or self.by, self.by), self.by)

    def record_effects(self) -> dict[str, Effect]:
        """The deadline comes from the rule, not from records."""
        return {}


@frozen
class EveryInterval:
    """A chain: the next dated entry at most ``interval`` after the previous one.

    Items come from ``collection``; the chain starts at ``start_field`` and
    continues through the dates in ``dates_field``. A missed deadline is
    followed by another one ``interval`` later.
    """

    collection: str
    dates_field: str
    start_field: str
    interval: relativedelta
    name: ClassVar[str] = "interval"

    def triggers(self, ctx: Context, span: Period) -> Iterator[Trigger]:
        for item in getattr(ctx.school_file, self.collection):
            done = sorted(getattr(item, self.dates_field))
            previous: dt.date = getattr(item, self.start_field)
            while previous <= span.end:
                due = previous + self.interval
                yield Trigger(item.id, previous, due, item)
                nxt = next((d for d in done if d > previous), None)
                # On time, or late but before the following deadline: the chain goes on
                # from that inspection; missed altogether: the next one is owed a year on.
                previous = nxt if nxt is not None and nxt <= due + self.interval else due

    def record_effects(self) -> dict[str, Effect]:
        """Each item owes its chain of dates: adding one can hurt."""
        return {self.collection: "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """An item whose first date falls due in ``span``."""
        if _triggered(self, plan, span):
            return
        days = _days_between(span.start - self.interval, span.end - self.interval)
        if days is not None:
            day = plan.day_in(days)
            plan.add(self.collection, day, **{self.start_field: day})


Triggers = (
    OnIncident | OnTermStart | OnRoleStart | OnHire | OnHazardFound | FixedDate | EveryInterval
)


# Deadline requirements: what must hold of a trigger.


@frozen
class FieldOnOrBefore:
    """The subject record's own date/datetime ``field`` is set and not after the due moment.

    With ``not_before_start`` it must also not precede the trigger.
    """

    field: str
    not_before_start: bool = False

    def check(self, ctx: Context, trig: Trigger) -> Finding:
        value = getattr(trig.record, self.field)
        period = Period(trig.start, due_date(trig.due))
        if value is None:
            return Finding(
                trig.subject, period, trig.due, False, Message.of("missing", field=self.field)
            )
        comparable = (
            value if isinstance(trig.due, dt.datetime) == isinstance(value, dt.datetime) else None
        )
        if comparable is None:
            comparable = value.date() if isinstance(value, dt.datetime) else value
            late = comparable > due_date(trig.due)
        else:
            late = comparable > trig.due
        early = (
            self.not_before_start
            and (value.date() if isinstance(value, dt.datetime) else value) < trig.start
        )
        if late or early:
            key = "late" if late else "early"
            return Finding(
                trig.subject,
                period,
                trig.due,
                False,
                Message.of(key, field=self.field, value=value),
            )
        return Finding(
            trig.subject,
            period,
            trig.due,
            True,
            Message.of("on_time", field=self.field, value=value),
        )

    def record_effects(self) -> dict[str, Effect]:
        """Only the subject record's own field counts."""
        return {}

    def satisfy(self, plan: Plan, trig: Trigger) -> None:
        """Fill in the field: the due moment for a time, the trigger's day for a date."""
        if trig.record is not None:
            plan.evolve(trig.record, **{self.field: plan.on_time(trig.record, self.field, trig)})


@frozen
class FieldsSet:
    """The subject record's ``fields`` are all set (true, non-empty)."""

    fields: tuple[str, ...]

    def check(self, ctx: Context, trig: Trigger) -> Finding:
        missing = tuple(f for f in self.fields if not getattr(trig.record, f))
        period = Period(trig.start, due_date(trig.due))
        found = Decimal(len(self.fields) - len(missing))
        return Finding(
            trig.subject,
            period,
            trig.due,
            not missing,
            Message.of("fields", missing=missing),
            found,
            Decimal(len(self.fields)),
            "fields",
        )

    def record_effects(self) -> dict[str, Effect]:
        """Only the subject record's own fields count."""
        return {}

    def satisfy(self, plan: Plan, trig: Trigger) -> None:
        """Fill in every unset field (a member of staff for ``responsible``)."""
        if trig.record is None:
            return
        changes = {
            f: plan.value_for(trig.record, f, trig.start)
            for f in self.fields
            if not getattr(trig.record, f)
        }
        if changes:
            plan.evolve(trig.record, **changes)


@frozen
class RecordsBy:
    """Matching records dated in the deadline's period, or at any time up to the due day.

    ``per_person`` narrows the records to the trigger's staff member.
    """

    need: Need
    window: Literal["period", "until_due"] = "period"
    per_person: bool = False

    def check(self, ctx: Context, trig: Trigger) -> Finding:
        end = due_date(trig.due)
        start = trig.start if self.window == "period" else dt.date(1900, 1, 1)
        narrow = {"staff": trig.subject} if self.per_person else {}
        part = _measure(ctx, self.need, Period(start, end), **narrow)
        if not part.satisfied:
            # Semantics: a deadline's violation names the late date, if any.
            match = self.need.match.narrowed(**narrow) if narrow else self.need.match
            later = ctx.dated(match, Period(end + dt.timedelta(days=1), _OPEN_END))
            if later:
                params = dict(part.detail.params) | {"late": later[0].date}
                part = attrs.evolve(part, detail=Message.of(part.detail.key, **params))
        return Finding(
            trig.subject,
            Period(trig.start, end),
            trig.due,
            part.satisfied,
            part.detail,
            part.found,
            part.required,
            part.unit,
            part.evidence,
        )

    def record_effects(self) -> dict[str, Effect]:
        """Adding a record of the counted collection can only help."""
        return {self.need.match.collection: "helps"}

    def satisfy(self, plan: Plan, trig: Trigger) -> None:
        """The records the need asks for, in the deadline's window."""
        end = due_date(trig.due)
        start = trig.start if self.window == "period" else dt.date(1900, 1, 1)
        narrow = {"staff": trig.subject} if self.per_person else {}
        plan.need(self.need, Period(min(start, end), end), narrow)


@frozen
class DateAfterStart:
    """The subject record's list of dates holds one after the trigger, by the due day."""

    field: str

    def check(self, ctx: Context, trig: Trigger) -> Finding:
        end = due_date(trig.due)
        hits = [d for d in getattr(trig.record, self.field) if trig.start < d <= end]
        period = Period(trig.start, end)
        if hits:
            return Finding(
                trig.subject, period, trig.due, True, Message.of("done_on", value=min(hits))
            )
        later = [d for d in getattr(trig.record, self.field) if d > end]
        late = min(later) if later else None
        return Finding(
            trig.subject,
            period,
            trig.due,
            False,
            Message.of("not_done", field=self.field, late=late),
        )

    def record_effects(self) -> dict[str, Effect]:
        """Only the subject record's own dates count."""
        return {}

    def satisfy(self, plan: Plan, trig: Trigger) -> None:
        """A date on the due day (the chain goes on from there)."""
        if trig.record is not None:
            dates = {*getattr(trig.record, self.field), due_date(trig.due)}
            plan.evolve(trig.record, **{self.field: tuple(sorted(dates))})


Requirement = FieldOnOrBefore | FieldsSet | RecordsBy | DateAfterStart


@frozen
class Deadline:
    """Something must happen within a span after a trigger."""

    trigger: Triggers
    require: Requirement
    kind: ClassVar[str] = "deadline"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        for trig in self.trigger.triggers(ctx, span):
            if due_date(trig.due) in span:
                yield self.require.check(ctx, trig)

    def record_effects(self) -> dict[str, Effect]:
        """The trigger's collection can hurt; the requirement's can help."""
        return _merge_effects(self.trigger.record_effects(), self.require.record_effects())

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A subject that triggers the deadline in ``span`` (none for fixed dates, terms)."""
        make = getattr(self.trigger, "witness_subjects", None)
        if make is not None:
            make(plan, span)

    def witness(self, plan: Plan, span: Period) -> None:
        """Meet every deadline due in ``span``; a chain gets its next dates as it goes."""
        for _ in range(_WITNESS_STEPS):
            ctx = plan.context()
            todo = [
                trig
                for trig in self.trigger.triggers(ctx, span)
                if due_date(trig.due) in span and not self.require.check(ctx, trig).satisfied
            ]
            if not todo:
                return
            seen: set[int] = set()
            for trig in todo:
                if trig.record is not None:
                    if id(trig.record) in seen:
                        continue
                    seen.add(id(trig.record))
                self.require.satisfy(plan, trig)


def role_spans(member: Any, roles: Collection[str], year: Period) -> list[Period]:
    """The days of ``year`` on which ``member`` held one of ``roles`` while employed."""
    held_from = max(year.start, member.hired or year.start)
    held_to = min(year.end, member.left or year.end)
    return [
        Period(max(r.start, held_from), min(r.end or held_to, held_to))
        for r in member.roles
        if str(r.role) in roles and max(r.start, held_from) <= min(r.end or held_to, held_to)
    ]


@frozen
class Quota:
    """A sum per calendar year per person holding one of ``roles``, pro-rated.

    ``required = amount × days in role that year / days in the year``, exact.
    """

    roles: tuple[str, ...]
    amount: Decimal = field(converter=Decimal)
    need: Need
    kind: ClassVar[str] = "quota"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        for year in cal.years(span):
            if year.end not in span:
                continue
            for member in ctx.school_file.staff:
                spans = role_spans(member, self.roles, year)
                if not spans:
                    continue
                held = _union_days(spans)
                # Pro-rating is exact: compare found × days_in_year with amount × days_held
                # as fractions (Decimal arithmetic rounds); the quotient is only for display.
                required = self.amount * held / year.days
                need = Need(self.need.match, required, self.need.measure)
                part = _measure(ctx, need, year, staff=member.id)
                found = part.found if part.found is not None else Decimal(0)
                yield Finding(
                    member.id,
                    year,
                    year.end,
                    Fraction(found) * year.days >= Fraction(self.amount) * held,
                    part.detail,
                    found,
                    required,
                    part.unit,
                    part.evidence,
                )

    def record_effects(self) -> dict[str, Effect]:
        """Staff in the roles owe the quota (can hurt); the summed records can only help."""
        return _merge_effects({"staff": "hurts"}, {self.need.match.collection: "helps"})

    def held_days(self, member: Any, year: Period) -> int:
        """Days of ``year`` on which ``member`` is employed and holds one of the roles."""
        held_from = max(year.start, member.hired or year.start)
        held_to = min(year.end, member.left or year.end)
        return _union_days(
            Period(max(r.start, held_from), min(r.end or held_to, held_to))
            for r in member.roles
            if str(r.role) in self.roles
            and max(r.start, held_from) <= min(r.end or held_to, held_to)
        )

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A member of staff holding the first role for every year that ends in ``span``."""
        years = [y for y in cal.years(span) if y.end in span]
        staff = plan.school_file().staff
        if years and not any(self.held_days(m, y) for m in staff for y in years):
            plan.add_staff(years[0].start, [(self.roles[0], years[0].start)])

    def witness(self, plan: Plan, span: Period) -> None:
        """Each holder's pro-rated amount, rounded up to a tenth, in each year."""
        for year in cal.years(span):
            if year.end not in span:
                continue
            for member in plan.school_file().staff:
                held = self.held_days(member, year)
                if held:
                    required = Fraction(self.amount) * held / year.days
                    need = Need(self.need.match, _ceil_tenth(required), self.need.measure)
                    plan.need(need, year, {"staff": member.id})


def _union(periods: Iterable[Period]) -> list[Period]:
    """Merge overlapping or touching periods."""
    merged: list[Period] = []
    for p in sorted(periods):
        if merged and (p.start - merged[-1].end).days <= 1:
            if p.end > merged[-1].end:
                merged[-1] = Period(merged[-1].start, p.end)
        else:
            merged.append(p)
    return merged


def _union_days(periods: Iterable[Period]) -> int:
    return sum(p.days for p in _union(periods))


def _complement(covered: Iterable[Period], span: Period) -> list[Period]:
    gaps, cursor = [], span.start
    for p in _union(covered):
        if p.end < cursor:
            continue
        if p.start > span.end:
            break
        if p.start > cursor:
            gaps.append(Period(cursor, p.start - dt.timedelta(days=1)))
        if p.end >= span.end:
            return gaps
        cursor = p.end + dt.timedelta(days=1)
    if cursor <= span.end:
        gaps.append(Period(cursor, span.end))
    return gaps


# Invariant conditions: each returns the failing day runs of one subject in a span.


@frozen
class Covered:
    """Some record of ``collection`` (matching ``where``) covers the day with [start, end].

    With ``same_field`` the record's field must equal the subject's (a bus
    agreement with that bus's provider).
    """

    collection: str
    where: tuple[tuple[str, Any], ...] = field(default=(), converter=freeze_where)
    same_field: str | None = None

    def failing(self, ctx: Context, subject: Any, span: Period) -> list[tuple[Period, Message]]:
        match = Match(self.collection, self.where)
        spans = [
            Period(r.start, r.end or _OPEN_END)
            for r in getattr(ctx.school_file, self.collection)
            if match.accepts(r, ctx.levels)
            and (
                self.same_field is None
                or getattr(r, self.same_field) == getattr(subject, self.same_field)
            )
        ]
        msg = Message.of("not_covered", collection=self.collection, where=_describe(self.where))
        return [(gap, msg) for gap in _complement(spans, span)]

    def record_effects(self) -> dict[str, Effect]:
        """Adding a covering record can only help."""
        return {self.collection: "helps"}

    def witness(self, plan: Plan, subject: Any, span: Period) -> None:
        """A record covering each uncovered run of days."""
        fields = {k: v[0] if isinstance(v, tuple) else v for k, v in self.where}
        if self.same_field is not None:
            fields[self.same_field] = getattr(subject, self.same_field)
        for gap, _ in self.failing(plan.context(), subject, span):
            plan.add(self.collection, gap.start, start=gap.start, end=gap.end, **fields)


@frozen
class FieldsTrue:
    """The subject record's boolean ``fields`` are all true (every day)."""

    fields: tuple[str, ...]

    def failing(self, ctx: Context, subject: Any, span: Period) -> list[tuple[Period, Message]]:
        missing = tuple(f for f in self.fields if not getattr(subject, f))
        return [(span, Message.of("fields_false", missing=missing))] if missing else []

    def record_effects(self) -> dict[str, Effect]:
        """Only the subject's own fields count."""
        return {}

    def witness(self, plan: Plan, subject: Any, span: Period) -> None:
        """Set the subject's fields true."""
        missing = {f: True for f in self.fields if not getattr(subject, f)}
        if missing:
            plan.evolve(subject, **missing)


@frozen
class RatioOfStaff:
    """Staff holding ``role`` on the day are at least ``at_least`` of staff employed that day."""

    role: str
    at_least: Decimal = field(converter=Decimal)

    def failing(self, ctx: Context, subject: Any, span: Period) -> list[tuple[Period, Message]]:
        # Counts change only at hires, departures and role changes: walk those breakpoints.
        stop = span.end + dt.timedelta(days=1)
        cuts = {span.start, stop}
        for m in ctx.school_file.staff:
            cuts.update((m.hired or span.start, _after(m.left, stop)))
            for r in m.roles:
                if str(r.role) == self.role:
                    cuts.update((r.start, _after(r.end, stop)))
        edges = sorted(c for c in cuts if span.start <= c <= stop)
        runs: list[tuple[Period, Message]] = []
        for lo, hi in itertools.pairwise(edges):
            day = lo
            employed = [m for m in ctx.school_file.staff if m.employed_on(day)]
            team = [
                m
                for m in employed
                if any(str(r.role) == self.role and r.holds_on(day) for r in m.roles)
            ]
            if Decimal(len(team)) < self.at_least * len(employed):
                runs.append(
                    (
                        Period(lo, hi - dt.timedelta(days=1)),
                        Message.of(
                            "ratio",
                            role=self.role,
                            have=len(team),
                            of=len(employed),
                            at_least=self.at_least,
                        ),
                    )
                )
        merged: list[tuple[Period, Message]] = []
        for period, msg in runs:
            # Maximal runs: a change of head count inside a failing run does not split it;
            # the explanation is the one at the run's end.
            if merged and merged[-1][0].end + dt.timedelta(days=1) == period.start:
                merged[-1] = (Period(merged[-1][0].start, period.end), msg)
            else:
                merged.append((period, msg))
        return merged

    def record_effects(self) -> dict[str, Effect]:
        """A member of staff without the role lowers the ratio: adding one can hurt."""
        return {"staff": "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A member of staff, so that the ratio has someone to count."""
        if not any(m.employed_on(span.end) for m in plan.school_file().staff):
            plan.staff_id(span.start)

    def witness(self, plan: Plan, subject: Any, span: Period) -> None:
        """Give the role, for all their employment, to staff of failing days until none fail."""
        for _ in range(len(plan.school_file().staff) + 1):
            runs = self.failing(plan.context(), subject, span)
            if not runs:
                return
            day = runs[0][0].start
            member = next(
                m
                for m in plan.school_file().staff
                if m.employed_on(day)
                and not any(str(r.role) == self.role and r.holds_on(day) for r in m.roles)
            )
            role = RoleSpan(Role(self.role), member.hired or span.start, member.left)
            plan.evolve(member, roles=(*member.roles, role))


def _after(end: dt.date | None, stop: dt.date) -> dt.date:
    """The day after an inclusive end, or ``stop`` for an open end."""
    return stop if end is None or end >= stop else end + dt.timedelta(days=1)


Condition = Covered | FieldsTrue | RatioOfStaff


@frozen
class Invariant:
    """A condition that must hold every day; obligations are the failing day runs.

    ``subjects`` is ``"school"`` or a collection whose every item is a subject;
    ``from_field`` starts an item's days at one of its dates (``commissioned``).
    """

    holds: Condition
    subjects: str = "school"
    from_field: str | None = None
    kind: ClassVar[str] = "invariant"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        items: Sequence[Any] = (
            [None] if self.subjects == "school" else getattr(ctx.school_file, self.subjects)
        )
        for item in items:
            subject = ctx.school_id if item is None else item.id
            local = span
            if self.from_field is not None and item is not None:
                begun = Period(getattr(item, self.from_field), _OPEN_END).intersect(span)
                if begun is None:
                    continue
                local = begun
            for run, msg in self.holds.failing(ctx, item, local):
                # Split each failing run at as_of: days before it are over, the rest pending.
                for part in _split(run, ctx.as_of):
                    yield Finding(
                        subject, part, part.end, False, msg, Decimal(part.days), None, "days"
                    )

    def record_effects(self) -> dict[str, Effect]:
        """New subjects can hurt; the condition says what else counts."""
        own: dict[str, Effect] = {} if self.subjects == "school" else {self.subjects: "hurts"}
        return _merge_effects(own, self.holds.record_effects())

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A subject item when the rule has items and the file none (a bus, equipment)."""
        if self.subjects != "school" and not getattr(plan.school_file(), self.subjects):
            dates = {self.from_field: span.start} if self.from_field else {}
            plan.add(self.subjects, span.start, **dates)
        make = getattr(self.holds, "witness_subjects", None)
        if make is not None:
            make(plan, span)

    def witness(self, plan: Plan, span: Period) -> None:
        """Make the condition hold on every day of every subject."""
        items: Sequence[Any] = (
            [None] if self.subjects == "school" else getattr(plan.school_file(), self.subjects)
        )
        for item in items:
            local: Period | None = span
            if self.from_field is not None and item is not None:
                local = Period(getattr(item, self.from_field), _OPEN_END).intersect(span)
            if local is not None:
                self.holds.witness(plan, item, local)


def _split(run: Period, as_of: dt.date) -> list[Period]:
    if run.start < as_of <= run.end:
        return [Period(run.start, as_of - dt.timedelta(days=1)), Period(as_of, run.end)]
    return [run]


@frozen
class Prohibition:
    """Records of a kind inside a yearly window must meet ``require`` (or not exist).

    The window is ``(month, day)`` to ``(month, day)`` every year; the
    obligation is due on the day of each offending record.
    """

    match: Match
    window_from: tuple[int, int]
    window_to: tuple[int, int]
    require: tuple[tuple[str, Any], ...] = field(default=(), converter=freeze_where)
    approval_field: str | None = None
    kind: ClassVar[str] = "prohibition"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        for record in ctx.dated(self.match, span):
            day: dt.date = record.date
            window = Period(
                dt.date(day.year, *self.window_from), dt.date(day.year, *self.window_to)
            )
            if day not in window:
                continue
            problems = [k for k, v in self.require if getattr(record, k) != v]
            if self.approval_field is not None:
                approved = getattr(record, self.approval_field)
                if approved is None or approved > day:
                    problems.append(self.approval_field)
            if problems:
                # Semantics: an offending record is its own subject, so two outings on
                # one day are two obligations.
                yield Finding(
                    record.id,
                    Period(day, day),
                    day,
                    False,
                    Message.of("prohibited", record=record.id, problems=tuple(problems), date=day),
                    evidence=(record.id,),
                )

    def record_effects(self) -> dict[str, Effect]:
        """A record in the window may offend: adding one can hurt."""
        return {self.match.collection: "hurts"}

    def _windows(self, span: Period) -> Iterator[Period]:
        for year in range(span.start.year, span.end.year + 1):
            window = Period(dt.date(year, *self.window_from), dt.date(year, *self.window_to))
            inside = window.intersect(span)
            if inside is not None:
                yield inside

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A record in the window that meets the requirements (an approved outing)."""
        windows = list(self._windows(span))
        if not windows or any(plan.context().dated(self.match, w) for w in windows):
            return
        day = plan.day_in(windows[0])
        fields = {k: v[0] if isinstance(v, tuple) else v for k, v in self.match.where}
        fields |= dict(self.require)
        if self.approval_field is not None:
            fields[self.approval_field] = day
        plan.add(self.match.collection, day, date=day, **fields)

    def witness(self, plan: Plan, span: Period) -> None:
        """Bring every offending record into line: requirements met, approved in time."""
        for window in self._windows(span):
            for record in plan.context().dated(self.match, window):
                changes = {k: v for k, v in self.require if getattr(record, k) != v}
                if self.approval_field is not None:
                    approved = getattr(record, self.approval_field)
                    if approved is None or approved > record.date:
                        changes[self.approval_field] = record.date
                if changes:
                    plan.evolve(record, **changes)


@frozen
class Lifecycle:
    """Steps of each hazard follow ``steps`` in order; ``complete`` is due by its deadline.

    A step dated before an earlier step, or recorded while an earlier step is
    missing, is an offending step, due on its date. ``fields_at`` names
    fields the hazard must have once a step is reached.
    """

    steps: tuple[str, ...]
    complete: str
    fields_at: tuple[tuple[str, tuple[str, ...]], ...] = ()
    collection: str = "hazards"
    kind: ClassVar[str] = "lifecycle"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        for item in getattr(ctx.school_file, self.collection):
            dates: dict[str, dt.date] = {}
            for s in item.steps:
                name = str(s.step)
                if name in self.steps and (name not in dates or s.date < dates[name]):
                    dates[name] = s.date
            for index, name in enumerate(self.steps):
                if name not in dates:
                    continue
                day = dates[name]
                missing = tuple(
                    earlier
                    for earlier in self.steps[:index]
                    if earlier not in dates or dates[earlier] > day
                )
                if missing and day in span:
                    yield Finding(
                        item.id,
                        Period(day, day),
                        day,
                        False,
                        Message.of("out_of_order", step=name, missing=missing, date=day),
                    )
                for at, fields in self.fields_at:
                    if at == name and day in span:
                        unset = tuple(f for f in fields if not getattr(item, f))
                        if unset:
                            yield Finding(
                                item.id,
                                Period(day, day),
                                day,
                                False,
                                Message.of("fields", missing=unset),
                            )
            deadline = item.deadline
            if deadline is not None and deadline in span:
                done = dates.get(self.complete)
                ok = done is not None and done <= deadline
                yield Finding(
                    item.id,
                    Period(min(item.found, deadline), deadline),
                    deadline,
                    ok,
                    Message.of("step_by", step=self.complete, done=done, deadline=deadline),
                )

    def record_effects(self) -> dict[str, Effect]:
        """Each item must go through its steps: adding one can hurt."""
        return {self.collection: "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """An item found early enough to go through every step by a deadline in ``span``."""
        items = getattr(plan.school_file(), self.collection)
        if any(i.deadline is not None and i.deadline in span for i in items):
            return
        days = _days_between(span.start, span.end - dt.timedelta(days=len(self.steps) - 1))
        if days is not None:
            day = plan.day_in(days)
            plan.add(self.collection, day, found=day)

    def witness(self, plan: Plan, span: Period) -> None:
        """Steps in order, one a day from the finding; the deadline when the last is done."""
        ctx = plan.context()
        failing = {f.subject for f in self.findings(ctx, span) if not f.satisfied}
        last = dt.timedelta(days=len(self.steps) - 1)
        for item in list(getattr(plan.school_file(), self.collection)):
            fresh = item.deadline is None and item.found + last in span
            if item.id not in failing and not fresh:
                continue
            deadline = item.deadline
            if deadline is None or deadline < item.found:
                deadline = item.found + last
            ours = [
                HazardStep(Step(step), min(item.found + dt.timedelta(days=k), deadline))
                for k, step in enumerate(self.steps)
            ]
            kept = [s for s in item.steps if str(s.step) not in self.steps]
            changes: dict[str, Any] = {
                "deadline": deadline,
                "steps": tuple(sorted((*kept, *ours), key=lambda s: s.date)),
            }
            for _, fields in self.fields_at:
                for name in fields:
                    if not getattr(item, name):
                        changes[name] = plan.value_for(item, name, item.found)
            plan.evolve(item, **changes)


@frozen
class ChecklistItem:
    """One item of a checklist; ``only_if`` names a school flag it depends on."""

    id: str
    area: str
    only_if: str | None = None


@frozen
class Checklist:
    """By ``by``, records of ``collection`` must together cover every applicable item.

    Like a fixed-date deadline, each item's period runs from the rule's effective
    date to ``by``; ``window`` says which records count: any dated up to ``by``
    (``"until_due"``) or only those inside the period (``"period"``).
    """

    items: tuple[ChecklistItem, ...]
    by: dt.date
    collection: str = "self_inspections"
    window: Literal["period", "until_due"] = "until_due"
    kind: ClassVar[str] = "checklist"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        if self.by not in span:
            return
        start = min(ctx.rule_from or self.by, self.by)
        period = Period(start, self.by)
        counted = period if self.window == "period" else Period(dt.date(1900, 1, 1), self.by)
        done: dict[str, list[str]] = {}
        for record in ctx.dated(Match(self.collection), counted):
            for item in record.items:
                done.setdefault(item, []).append(record.id)
        for item in self.items:
            if item.only_if is not None and not getattr(ctx.school_file.school, item.only_if):
                continue
            hits = tuple(sorted(done.get(item.id, ())))
            yield Finding(
                item.id,
                period,
                self.by,
                bool(hits),
                Message.of("checklist", item=item.id, by=self.by),
                evidence=hits,
            )

    def record_effects(self) -> dict[str, Effect]:
        """Adding a record of the checklist's collection can only help."""
        return {self.collection: "helps"}

    def witness(self, plan: Plan, span: Period) -> None:
        """One record, dated on the deadline's last school day, covering the missing items."""
        if self.by not in span:
            return
        missing = tuple(f.subject for f in self.findings(plan.context(), span) if not f.satisfied)
        if not missing:
            return
        start = min(plan.rule_from or self.by, self.by) if self.window == "period" else span.start
        day = plan.day_in(Period(min(start, self.by), self.by))
        plan.add(self.collection, day, date=day, items=missing)


@frozen
class Ledger:
    """Quantities of each item balance: stock never negative, counts equal stock.

    Same-day entries apply in ``actions`` order, so the file's order never matters.
    """

    collection: str = "chemicals"
    key: str = "item"
    increase: tuple[str, ...] = ("acquire",)
    decrease: tuple[str, ...] = ("use", "dispose")
    count: tuple[str, ...] = ("inventory",)
    actions: tuple[str, ...] = ("acquire", "store", "use", "dispose", "inventory")
    kind: ClassVar[str] = "ledger"

    def findings(self, ctx: Context, span: Period) -> Iterator[Finding]:
        entries = sorted(
            getattr(ctx.school_file, self.collection),
            key=lambda e: (
                str(getattr(e, self.key)),
                e.date,
                self.actions.index(str(e.action)),
                e.id,
            ),
        )
        stock: dict[str, Decimal] = {}
        for entry in entries:
            item, action = str(getattr(entry, self.key)), str(entry.action)
            before = stock.get(item, Decimal(0))
            problem = None
            if action in self.increase:
                stock[item] = before + entry.quantity
            elif action in self.decrease:
                stock[item] = before - entry.quantity
                if stock[item] < 0:
                    problem = Message.of("negative", item=item, entry=entry.id, stock=stock[item])
            elif action in self.count and entry.quantity != before:
                problem = Message.of(
                    "count_mismatch",
                    item=item,
                    entry=entry.id,
                    counted=entry.quantity,
                    stock=before,
                )
            if problem is not None and entry.date in span:
                yield Finding(
                    entry.id,
                    Period(entry.date, entry.date),
                    entry.date,
                    False,
                    problem,
                    evidence=(entry.id,),
                )

    def record_effects(self) -> dict[str, Effect]:
        """An entry can unbalance the ledger: adding one can hurt."""
        return {self.collection: "hurts"}

    def witness_subjects(self, plan: Plan, span: Period) -> None:
        """A balanced same-day run of entries (increase, decrease, count) in ``span``."""
        entries = getattr(plan.school_file(), self.collection)
        if any(e.date in span for e in entries):
            return
        day = plan.day_in(span)
        key = {self.key: f"{self.key}-1"}
        moves = [(self.increase, 10), (self.decrease, 4), (self.count, 6)]
        for actions, quantity in moves:
            if actions:
                plan.add(
                    self.collection, day, date=day, action=actions[0], quantity=quantity, **key
                )

    def witness(self, plan: Plan, span: Period) -> None:
        """Add what a short stock lacks on the day; correct counts to the stock."""
        for _ in range(_WITNESS_STEPS):
            problems = list(self.findings(plan.context(), span))
            if not problems:
                return
            params = dict(problems[0].detail.params)
            entry = next(
                e for e in getattr(plan.school_file(), self.collection) if e.id == params["entry"]
            )
            if problems[0].detail.key == "negative" and self.increase:
                plan.add(
                    self.collection,
                    entry.date,
                    date=entry.date,
                    action=self.increase[0],
                    quantity=-params["stock"],
                    **{self.key: getattr(entry, self.key)},
                )
            else:
                plan.evolve(entry, quantity=params["stock"])


RuleKind = Recurring | Deadline | Quota | Invariant | Prohibition | Lifecycle | Checklist | Ledger


def _describe(where: tuple[tuple[str, Any], ...]) -> str:
    return ", ".join(f"{k}={v}" for k, v in where)


#: Period specs whose windows are made of working days or holiday breaks.
_NATIONAL_WINDOWS = (SchoolDays, BreakDays, LastSchoolDayOfWeeks, LastSchoolDayBeforeBreaks)


def uses_national_calendar(check: Any) -> bool:
    """Whether a check's windows or its ``session`` test depend on working days and breaks.

    Its obligations in a year whose official holiday arrangement is not installed are
    then computed from the statutory holidays only, and marked provisional.
    """
    every = getattr(check, "every", None)
    return isinstance(every, _NATIONAL_WINDOWS) or getattr(check, "during", None) == "session"


# --- witnesses and record effects --------------------------------------------------

#: How many rounds a kind's witness works on a chain (interval dates, ledger fixes).
_WITNESS_STEPS = 200


def _merge_effects(*parts: Mapping[str, Effect]) -> dict[str, Effect]:
    """Effects of several parts: a collection that can hurt in one part can hurt."""
    out: dict[str, Effect] = {}
    for part in parts:
        for collection, effect in part.items():
            out[collection] = "hurts" if "hurts" in (effect, out.get(collection)) else effect
    return out


def _days_between(lo: dt.date, hi: dt.date) -> Period | None:
    """The days from ``lo`` to ``hi``, or None when there are none."""
    return Period(lo, hi) if lo <= hi else None


def _triggered(trigger: Any, plan: Plan, span: Period) -> bool:
    """Whether some subject of the draft already triggers a deadline due in ``span``."""
    return any(due_date(t.due) in span for t in trigger.triggers(plan.context(), span))


def _ceil_tenth(value: Fraction | Decimal) -> Decimal:
    """The smallest value with one decimal place not below ``value``."""
    return Decimal(-((-Fraction(value) * 10) // 1)) / 10
