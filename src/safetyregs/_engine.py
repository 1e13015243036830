"""Rules, profiles and the pure evaluation of a school against a profile."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
from attrs import field, frozen

from ._calendar import Period, SchoolCalendar
from ._kinds import Finding, Match, Message, RuleKind, due_date
from ._models import SchoolFile

__all__ = [
    "Applies",
    "Citation",
    "Context",
    "Obligation",
    "Profile",
    "Rule",
    "Status",
    "Text",
    "evaluate",
]

Status = Literal["met", "pending", "violated"]


@frozen
class Text:
    """A text in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@frozen
class Citation:
    """Where a rule comes from: the source document, the clause as printed, the words."""

    document: str
    clause: str
    text: str


@frozen
class Applies:
    """Which schools a rule applies to: any of ``levels`` (None = all), and every flag."""

    levels: frozenset[str] | None = field(
        default=None, converter=lambda v: None if v is None else frozenset(v)
    )
    flags: tuple[str, ...] = ()

    def __call__(self, school_file: SchoolFile) -> bool:
        school = school_file.school
        if self.levels is not None and not self.levels & {str(lv) for lv in school.levels}:
            return False
        return all(getattr(school, flag) for flag in self.flags)

    def describe(self) -> str:
        parts = []
        if self.levels is not None:
            parts.append("levels: " + ", ".join(sorted(self.levels)))
        parts.extend(self.flags)
        return "; ".join(parts) or "every school"


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@frozen
class Rule:
    """One computable obligation of a regulation, with its citation.

    ``checks`` holds the rule kinds that together make the rule (usually
    one). ``interpretation`` says how an ambiguous clause was read; the
    numbers it mentions are parameters of the checks.
    """

    id: str
    title: Text
    source: Citation
    checks: tuple[RuleKind, ...] = field(converter=_tuple)
    applies_to: Applies = Applies()
    interpretation: str = ""
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None

    @property
    def kind(self) -> str:
        return "+".join(check.kind for check in self.checks)


@frozen
class Profile:
    """A jurisdiction: its source document and its rules."""

    id: str
    name: Text
    document: str
    issuer: Text
    published: dt.date
    effective_from: dt.date
    rules: tuple[Rule, ...] = field(converter=_tuple)
    effective_until: dt.date | None = None
    references: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                msg = f"profile {self.id!r} has rule {rule.id!r} twice"
                raise ValueError(msg)
            seen.add(rule.id)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (``KeyError`` if the profile has none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def derive(
        self,
        id: str,
        *,
        name: Text | None = None,
        override: Mapping[str, Mapping[str, Any]] | None = None,
        remove: Iterable[str] = (),
        add: Iterable[Rule] = (),
        **changes: Any,
    ) -> Profile:
        """A new profile built on this one, without copying it.

        ``override`` maps a rule id to changes of that rule: keys naming a
        field of the rule (``effective_from``) change the rule; other keys
        change the parameters of its check (``{"needs": ...}``), applied to
        every check that has such a field.

        >>> from safetyregs import profiles
        >>> ziyang = profiles.get("ziyang")
        >>> strict = ziyang.derive("ziyang-strict", remove=["ziyang.hazmat-ledger"])
        >>> len(strict.rules) == len(ziyang.rules) - 1
        True
        """
        removed = set(remove)
        unknown = (removed | set(override or {})) - {r.id for r in self.rules}
        if unknown:
            msg = f"profile {self.id!r} has no rule {', '.join(sorted(unknown))}"
            raise KeyError(msg)
        rules = []
        for rule in self.rules:
            if rule.id in removed:
                continue
            for key, value in (override or {}).get(rule.id, {}).items():
                if key in attrs.fields_dict(Rule):
                    rule = attrs.evolve(rule, **{key: value})
                else:
                    checks = tuple(
                        attrs.evolve(c, **{key: value}) if key in attrs.fields_dict(type(c)) else c
                        for c in rule.checks
                    )
                    if checks == rule.checks:
                        msg = f"no check of rule {rule.id!r} has a parameter {key!r}"
                        raise KeyError(msg)
                    rule = attrs.evolve(rule, checks=checks)
            rules.append(rule)
        rules.extend(add)
        return attrs.evolve(self, id=id, name=name or self.name, rules=tuple(rules), **changes)


@frozen
class Obligation:
    """One obligation with its status as of a day, its explanation and citation."""

    rule: str
    subject: str
    period: Period
    due: dt.date | dt.datetime
    status: Status
    detail: Message
    source: Citation
    title: Text
    found: Decimal | None = None
    required: Decimal | None = None
    unit: str = ""
    evidence: tuple[str, ...] = ()

    @property
    def due_date(self) -> dt.date:
        return due_date(self.due)

    def sort_key(self) -> tuple[Any, ...]:
        moment = self.due if isinstance(self.due, dt.datetime) else None
        time = moment.timetz().replace(tzinfo=None) if moment else dt.time.max
        return (self.due_date, time, self.rule, self.subject, self.period.start)


class Context:
    """One school's records, calendar and record index, shared by every rule."""

    def __init__(self, school_file: SchoolFile, as_of: dt.date) -> None:
        self.school_file = school_file
        self.school_id = school_file.school.id
        self.levels = frozenset(str(level) for level in school_file.school.levels)
        self.calendar = SchoolCalendar.for_terms(
            [Period(t.start, t.end) for t in school_file.school.terms] or None
        )
        self.as_of = as_of
        self.rule_from: dt.date | None = None
        self._index: dict[Match, tuple[list[dt.date], list[Any]]] = {}

    def dated(self, match: Match, window: Period) -> list[Any]:
        """Records accepted by ``match`` and dated inside ``window`` (a bisection)."""
        entry = self._index.get(match)
        if entry is None:
            chosen = sorted(
                (r for r in getattr(self.school_file, match.collection) if match.accepts(r, self.levels)),
                key=lambda r: (r.date, str(getattr(r, "id", "") or "")),
            )
            entry = ([r.date for r in chosen], chosen)
            self._index[match] = entry
        dates, items = entry
        lo, hi = bisect.bisect_left(dates, window.start), bisect.bisect_right(dates, window.end)
        return items[lo:hi]


def status_of(satisfied: bool, due: dt.date | dt.datetime, as_of: dt.date) -> Status:
    """``met``, ``pending`` while ``as_of`` is on or before the due day, else ``violated``."""
    if satisfied:
        return "met"
    return "pending" if as_of <= due_date(due) else "violated"


def _effective(rule: Rule, profile: Profile) -> Period:
    start = rule.effective_from or profile.effective_from
    end = rule.effective_until or profile.effective_until or dt.date(9999, 12, 31)
    return Period(start, end)


def evaluate(
    school_file: SchoolFile,
    profile: Profile,
    period: Period,
    as_of: dt.date,
    *,
    rules: Sequence[str] | None = None,
) -> tuple[Obligation, ...]:
    """Every obligation of ``profile`` due in ``period`` for the school, as of ``as_of``.

    Pure: no clock, no I/O. The result is sorted by due moment, rule, subject.
    """
    ctx = Context(school_file, as_of)
    out: list[Obligation] = []
    for rule in profile.rules:
        if rules is not None and rule.id not in rules:
            continue
        if not rule.applies_to(school_file):
            continue
        span = period.intersect(_effective(rule, profile))
        if span is None:
            continue
        ctx.rule_from = rule.effective_from or profile.effective_from
        for check in rule.checks:
            for f in check.findings(ctx, span):
                out.append(_obligation(rule, f, as_of))
    return tuple(sorted(out, key=Obligation.sort_key))


def _obligation(rule: Rule, f: Finding, as_of: dt.date) -> Obligation:
    return Obligation(
        rule=rule.id,
        subject=f.subject,
        period=f.period,
        due=f.due,
        status=status_of(f.satisfied, f.due, as_of),
        detail=f.detail,
        source=rule.source,
        title=rule.title,
        found=f.found,
        required=f.required,
        unit=f.unit,
        evidence=f.evidence,
    )
