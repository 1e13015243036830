"""Rules, profiles and the pure evaluation of a school against a profile."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import operator
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from typing import Any, Literal

import attrs
from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from ._calendar import Period, SchoolCalendar, arrangement_known, day_of
from ._errors import ProfileError, RuleError, SchoolFileWarning, UsageError
from ._kinds import (
    Finding,
    Match,
    Message,
    RuleKind,
    due_date,
    field_value,
    freeze_where,
    merge_by_key,
    uses_national_calendar,
)
from ._models import SchoolFile
from ._params import (
    Parameter,
    coerce,
    problems,
    profile_parameters,
    rule_entries,
    set_at,
    timing_problems,
)
from ._routines import expand_routines

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
"""An obligation's status as of a day: ``met`` (satisfied by records dated by the due
moment), ``pending`` (not yet satisfied, due moment not over), ``violated``."""


@frozen
class Text:
    """A text in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


def _as_text(value: str | Text | None) -> Text:
    """A plain string stands for itself in both languages."""
    if value is None:
        return Text("", "")
    return value if isinstance(value, Text) else Text(value, value)


def _quoted_title(title: str) -> str:
    """``《title》``, a title quoted inside it turned to ``〈…〉`` as Chinese usage wants."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


@frozen
class Citation:
    """Where a rule comes from: the source document, the clause as printed, the words.

    ``document`` names the document's text as it was collected (kept as is in
    the JSON output); ``title``, ``issuer`` and ``date`` are what a reader
    knows the document by, and are what citations show.

    >>> c = Citation(
    ...     "notice.txt", "二.3", "中小学每月至少开展1次应急疏散演练",
    ...     title=Text("关于做好学校安全工作的通知", "Notice on school safety work"),
    ...     issuer=Text("某市教育局", "Some City Education Bureau"),
    ...     date=dt.date(2020, 4, 2),
    ... )
    >>> c.label()
    '《关于做好学校安全工作的通知》二.3'
    >>> c.reference("en")
    'Some City Education Bureau, "Notice on school safety work" (2020-04-02)'
    """

    document: str
    clause: str
    text: str
    title: Text | None = None
    issuer: Text | None = None
    date: dt.date | None = None

    def document_title(self, lang: str = "zh") -> str:
        """The document's title (quoted), or the document as named when it has none."""
        if self.title is None:
            return self.document
        if lang == "en":
            return f'"{self.title.en}"'
        return _quoted_title(self.title.zh)

    def reference(self, lang: str = "zh") -> str:
        """Issuer, title and date: ``慈溪市教育体育局《…》（2023-03-05）``."""
        title = self.document_title(lang)
        issuer = self.issuer(lang) if self.issuer else ""
        date = self.date.isoformat() if self.date else ""
        if lang == "en":
            text = f"{issuer}, {title}" if issuer else title
            return f"{text} ({date})" if date else text
        return f"{issuer}{title}" + (f"（{date}）" if date else "")

    def label(self, lang: str = "zh") -> str:
        """The document's title and the clause: ``《…》四(四)14``."""
        sep = " " if lang == "en" or self.title is None else ""
        return f"{self.document_title(lang)}{sep}{self.clause}"


def _levels(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


#: School levels and flags as a reader says them: (zh, en).
_LEVELS = {
    "kindergarten": ("幼儿园", "kindergarten"),
    "primary": ("小学", "primary"),
    "junior_secondary": ("初中", "junior secondary"),
    "senior_secondary": ("高中", "senior secondary"),
    "vocational": ("中职", "vocational"),
}
_FLAGS = {
    "boarding": ("寄宿制学校", "boarding schools"),
    "uses_school_bus": ("使用校车的学校", "schools using a school bus"),
    "has_canteen": ("有食堂的学校", "schools with a canteen"),
    "has_laboratory": ("有实验室的学校", "schools with a laboratory"),
}


def _level_order(levels: Iterable[str]) -> list[str]:
    order = list(_LEVELS)
    return sorted(levels, key=lambda lv: (order.index(lv) if lv in order else len(order), lv))


@frozen
class Applies:
    """Which schools a rule applies to: any of ``levels`` (None = all), and every flag."""

    levels: frozenset[str] | None = field(default=None, converter=_levels)
    flags: tuple[str, ...] = ()

    def __call__(self, school_file: SchoolFile) -> bool:
        school = school_file.school
        if self.levels is not None and not self.levels & {str(lv) for lv in school.levels}:
            return False
        return all(getattr(school, flag) for flag in self.flags)

    def text(self, lang: str = "zh") -> str:
        """Which schools, as a reader says it: ``小学、初中；寄宿制学校`` / ``primary, junior
        secondary; boarding schools`` (:meth:`describe` gives the school-file words)."""
        en = lang == "en"
        parts = []
        if self.levels is not None:
            names = [_LEVELS.get(level, (level, level))[en] for level in _level_order(self.levels)]
            parts.append((", " if en else "、").join(names))
        parts.extend(_FLAGS.get(flag, (flag, flag))[en] for flag in self.flags)
        return ("; " if en else "；").join(parts) or ("every school" if en else "所有学校")

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
    one). ``interpretation`` says how an ambiguous clause was read, in
    Chinese and English for the safety officer who reads it (a plain string
    stands for both); the numbers it mentions are parameters of the checks.
    """

    id: str
    title: Text
    source: Citation
    checks: tuple[RuleKind, ...] = field(converter=_tuple)
    applies_to: Applies = Applies()
    interpretation: Text = field(default=Text("", ""), converter=_as_text)
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    about: str = ""

    @property
    def kind(self) -> str:
        return "+".join(check.kind for check in self.checks)

    @property
    def topic(self) -> str:
        """What the rule is about, shared by rules of the same meaning across profiles."""
        return self.about or self.id.partition(".")[2]

    def parameters(self) -> tuple[Parameter, ...]:
        """Every parameter of the rule: the paths ``Profile.derive(override=...)`` accepts.

        >>> from safetyregs import profiles
        >>> rule = profiles.get("ziyang").rule("ziyang.evacuation-drill-monthly")
        >>> [(p.value, p.tightens) for p in rule.parameters() if p.path == "min_school_days"]
        [(10, 'decrease')]
        """
        return tuple(entry.parameter for entry in rule_entries(self))


def plain(value: Any) -> Any:
    """Parameters as JSON data: kinds and parts by type name, durations in ISO 8601."""
    if attrs.has(type(value)):
        fields = {
            a.name: _pairs(getattr(value, a.name))
            if a.converter is freeze_where
            else plain(getattr(value, a.name))
            for a in attrs.fields(type(value))
        }
        name = type(value).__name__
        if type(value).__module__.endswith("_kinds") and hasattr(value, "findings"):
            return fields  # a rule kind: its fields are the parameters
        return {"type": name, **fields} if fields else name
    if isinstance(value, dt.timedelta):
        minutes, seconds = divmod(value // dt.timedelta(seconds=1), 60)
        hours, rest = divmod(minutes, 60)
        return (
            "PT"
            + (f"{hours}H" if hours else "")
            + (f"{rest}M" if rest or not (hours or seconds) else "")
            + (f"{seconds}S" if seconds else "")
        )
    if isinstance(value, relativedelta):
        parts = [(value.years, "Y"), (value.months, "M"), (value.days, "D")]
        return "P" + ("".join(f"{n}{u}" for n, u in parts if n) or "0D")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, tuple | list):
        if value and all(
            isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value
        ):
            return {k: plain(v) for k, v in value}
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _pairs(value: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {k: plain(v) for k, v in value}


@frozen
class Profile:
    """A jurisdiction: its source document and its rules.

    ``title`` is the source document's title; ``document_resource`` says
    where its text is shipped, as ``"package:path/in/package"`` for
    :mod:`importlib.resources` (``None``: not shipped), so that
    ``safetyregs source RULE`` can print a clause in its context.
    """

    id: str
    name: Text
    document: str
    issuer: Text
    published: dt.date
    effective_from: dt.date
    rules: tuple[Rule, ...] = field(converter=_tuple)
    effective_until: dt.date | None = None
    references: tuple[str, ...] = ()
    title: Text | None = None
    document_resource: str | None = None

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                msg = f"profile {self.id!r} has rule {rule.id!r} twice"
                raise ProfileError(msg)
            seen.add(rule.id)
            found = problems(rule) or timing_problems(
                rule,
                rule.effective_from or self.effective_from,
                rule.effective_until or self.effective_until,
            )
            if found:
                lines = [f"{path}: {message}" for path, message in found]
                msg = f"profile {self.id!r}, rule {rule.id!r}: " + "; ".join(lines)
                raise ProfileError(msg)
        if self.effective_until is not None and self.effective_until < self.effective_from:
            msg = f"profile {self.id!r}: effective_until precedes effective_from"
            raise ProfileError(msg)

    def parameters(self) -> tuple[Parameter, ...]:
        """Every parameter: the profile's own (``rule`` None), then each rule's.

        Each is a path that :meth:`derive` accepts, with its value, type and the
        direction that makes the rule stricter.

        >>> from safetyregs import profiles
        >>> [p.path for p in profiles.get("ziyang").parameters() if p.rule is None]
        ['effective_from', 'effective_until']
        """
        return profile_parameters(self)

    def reference(self, lang: str = "zh") -> str:
        """Issuer, title and date of the source document, as citations show them."""
        return Citation(
            self.document, "", "", title=self.title, issuer=self.issuer, date=self.published
        ).reference(lang)

    def document_text(self) -> str | None:
        """The full text of the source document as shipped, or ``None`` if it is not."""
        if self.document_resource is None:
            return None
        package, _, path = self.document_resource.partition(":")
        return resources.files(package).joinpath(path).read_text(encoding="utf-8")

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

        ``override`` maps a rule id to changes of that rule by parameter path,
        one of the paths :meth:`parameters` lists (as ``profile --format json``
        and ``diff`` print them):
        ``{"ziyang.evacuation-drill-monthly": {"needs[0].at_least": 2}}``.
        Values may be given in their JSON form (``"2"``, ``"PT30M"``,
        ``"2023-03-31"``). An unknown rule or path, a value of the wrong type
        and a result that fails the checks of a new profile raise
        :class:`~safetyregs.ProfileError`.

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
            raise ProfileError(msg)
        rules = []
        for rule in self.rules:
            if rule.id in removed:
                continue
            for path, value in (override or {}).get(rule.id, {}).items():
                rule = _override(rule, path, value)
            rules.append(rule)
        rules.extend(add)
        own = {p.path: p for p in self.parameters() if p.rule is None}
        for key, value in changes.items():
            if key in own:
                try:
                    changes[key] = coerce(own[key], value)
                except (TypeError, ValueError) as exc:
                    msg = f"profile {self.id!r}, {key}: {exc}"
                    raise ProfileError(msg) from None
        fields = set(attrs.fields_dict(Profile)) - {"id", "name", "rules"}
        if set(changes) - fields:
            msg = f"a profile has no field {', '.join(sorted(set(changes) - fields))}"
            raise ProfileError(msg)
        if "document" in changes:  # another document: its title and text are not inherited
            changes.setdefault("title", None)
            changes.setdefault("document_resource", None)
        return attrs.evolve(self, id=id, name=name or self.name, rules=tuple(rules), **changes)


def _override(rule: Rule, path: str, value: Any) -> Rule:
    """The rule with one parameter changed, wherever it sits (every check that has it)."""
    entries = {entry.parameter.path: entry for entry in rule_entries(rule)}
    entry = entries.get(path)
    if entry is None:
        near = difflib.get_close_matches(path, list(entries), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        msg = f"rule {rule.id!r} has no parameter {path!r}{hint}"
        raise ProfileError(msg)
    try:
        new = coerce(entry.parameter, value)
    except (TypeError, ValueError) as exc:
        msg = f"rule {rule.id!r}, {path}: {exc}"
        raise ProfileError(msg) from None
    for place in entry.places:
        rule = set_at(rule, place, new)
    return rule


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
    #: Computed on holiday data that is not the State Council's notice yet (a year whose
    #: arrangement the installed ``holidays`` package does not hold): a guess, not a fact.
    provisional: bool = False

    @property
    def due_date(self) -> dt.date:
        return due_date(self.due)

    @property
    def id(self) -> str:
        """Stable and unique within a result: ``rule/subject/start..end``.

        Within one result (rule, subject, period) is unique, and rule ids and
        periods hold no ``/``, so the id reads back unambiguously whatever the subject.
        """
        return f"{self.rule}/{self.subject}/{self.period}"

    def sort_key(self) -> tuple[Any, ...]:
        """Due day, then (for deadlines with a time) the time, then rule and subject.

        A day-only due sorts before timed ones of the same day, which is also the
        order of the ISO strings in the JSON output.
        """
        time = self.due.time() if isinstance(self.due, dt.datetime) else None
        return (
            self.due_date,
            time is not None,
            time or dt.time.min,
            self.rule,
            self.subject,
            self.period.start,
        )


_DATE_AND_ID = operator.attrgetter("date", "id")

#: Every day a record can be dated.
_ALL_DAYS = Period(dt.date.min, dt.date.max)


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
        self._index: dict[tuple[Match, Any], tuple[list[dt.date], list[Any]]] = {}
        self._fields: dict[tuple[str, str], dict[Any, list[Any]]] = {}
        self._groups: dict[tuple[Match, str], dict[Any, tuple[list[dt.date], list[Any]]]] = {}
        self._by_date: dict[str, list[Any]] = {}

    def by_date(self, collection: str) -> list[Any]:
        """A record list sorted by date, then id: sorted once per school, not per match."""
        found = self._by_date.get(collection)
        if found is None:
            items = getattr(self.school_file, collection)
            try:
                # Every dated record has an id, a text or None: while no None meets a text on
                # one day, (date, id) orders as (date, id text) does, with the key read in C.
                found = sorted(items, key=_DATE_AND_ID)
            except TypeError:  # an id-less record shares a day with one that has an id
                found = sorted(items, key=lambda r: (r.date, r.id or ""))
            self._by_date[collection] = found
        return found

    def dated(self, match: Match, window: Period) -> list[Any]:
        """Records accepted by ``match`` and dated inside ``window`` (a bisection)."""
        return self.dated_narrowed(match, (), window)

    def dated_narrowed(
        self, match: Match, narrow: tuple[tuple[str, Any], ...], window: Period
    ) -> list[Any]:
        """Records accepted by ``match`` narrowed by ``narrow`` and dated inside ``window``.

        Each (match, narrowing) is indexed once per school; every window is then two
        bisections of its dates.
        """
        entry = self._index.get((match, narrow))
        if entry is None:
            entry = self._select(match, narrow)
            self._index[(match, narrow)] = entry
        dates, items = entry
        lo, hi = bisect.bisect_left(dates, window.start), bisect.bisect_right(dates, window.end)
        return items[lo:hi]

    def _select(
        self, match: Match, narrow: tuple[tuple[str, Any], ...]
    ) -> tuple[list[dt.date], list[Any]]:
        """The dates and records of a (match, narrowing), in date-then-id order."""
        if len(narrow) == 1 and isinstance(narrow[0][1], str):
            # One more field equal to a text (a person, a theme): the match's records grouped
            # by that field once, so each person's records are not filtered from all of them.
            key, wanted = narrow[0]
            return self._grouped(match, key).get(wanted, ([], []))
        if narrow:
            match = match.narrowed(**dict(narrow))
        # Filtering the sorted list keeps its order: no sort per match. A condition of one
        # text value picks its records from the list grouped by that field, which several
        # matches share (the morning and the noon checks); the rest are then checked.
        records = self.by_date(match.collection)
        for key, wanted in match.where:
            if isinstance(wanted, str):
                records = self._by_field(match.collection, key).get(wanted, [])
                if match.where == ((key, wanted),) and not (match.at_least or match.covers_levels):
                    return [r.date for r in records], records
                break
        levels = self.levels
        chosen = [r for r in records if match.accepts(r, levels)]
        return [r.date for r in chosen], chosen

    def _by_field(self, collection: str, key: str) -> dict[Any, list[Any]]:
        """A collection's records by one field's value (as conditions compare it), in order."""
        groups = self._fields.get((collection, key))
        if groups is None:
            groups = {}
            for record in self.by_date(collection):
                groups.setdefault(field_value(record, key), []).append(record)
            self._fields[(collection, key)] = groups
        return groups

    def _grouped(self, match: Match, key: str) -> dict[Any, tuple[list[dt.date], list[Any]]]:
        """The records ``match`` accepts, with their dates, by one field's value."""
        groups = self._groups.get((match, key))
        if groups is None:
            groups = {}
            for record in self.dated_narrowed(match, (), _ALL_DAYS):
                dates, items = groups.setdefault(field_value(record, key), ([], []))
                dates.append(record.date)
                items.append(record)
            self._groups[(match, key)] = groups
        return groups


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
    validate: bool = True,
) -> tuple[Obligation, ...]:
    """Every obligation of ``profile`` due in ``period`` for the school, as of ``as_of``.

    Pure: no clock, no I/O. The result is sorted by due moment, rule, subject.
    Routines are expanded into their records first, so rules see only records.

    The school file first goes through :func:`safetyregs.validate` (a file
    the loader returned is not checked twice); ``validate=False`` skips that
    for a file known to be valid. ``rules`` keeps only those rule ids; an id
    the profile does not have is a :class:`~safetyregs.UsageError`. An
    ``as_of`` datetime counts as its day in China Standard Time. A rule that
    raises is a :class:`~safetyregs.RuleError` naming it.
    """
    from ._io import validate as _validate

    as_of = day_of(as_of, "as_of")
    keep = _rule_ids(profile, rules)
    if validate:
        school_file = _validate(school_file)
    _warn_if_no_levels(school_file, profile, keep)
    ctx = Context(expand_routines(school_file), as_of)
    out: list[Obligation] = []
    for rule in profile.rules:
        if keep is not None and rule.id not in keep:
            continue
        if not rule.applies_to(school_file):
            continue
        span = period.intersect(_effective(rule, profile))
        if span is None:
            continue
        ctx.rule_from = rule.effective_from or profile.effective_from
        try:
            found = [f for check in rule.checks for f in check.findings(ctx, span)]
            national = any(uses_national_calendar(check) for check in rule.checks)
            obligations = [_obligation(rule, f, as_of, national) for f in merge_by_key(found)]
        except Exception as exc:
            text = str(exc)
            msg = (
                f"rule {rule.id!r} of profile {profile.id!r} failed while evaluating: "
                f"{type(exc).__name__}" + (f": {text}" if text else "")
            )
            raise RuleError(msg, rule=rule.id, profile=profile.id) from exc
        out.extend(obligations)
    return tuple(sorted(out, key=Obligation.sort_key))


def _rule_ids(profile: Profile, rules: Sequence[str] | None) -> frozenset[str] | None:
    """The rule ids to keep; ids the profile does not have are refused, not ignored."""
    if rules is None:
        return None
    wanted = frozenset((rules,) if isinstance(rules, str) else rules)
    unknown = sorted(wanted - {rule.id for rule in profile.rules})
    if unknown:
        msg = f"profile {profile.id!r} has no rule {', '.join(repr(r) for r in unknown)}"
        raise UsageError(msg)
    return wanted


def _warn_if_no_levels(
    school_file: SchoolFile, profile: Profile, rules: Collection[str] | None
) -> None:
    """A school without levels silences every rule for some levels only: say which."""
    if school_file.school.levels:
        return
    silenced = [
        rule.id
        for rule in profile.rules
        if rule.applies_to.levels is not None and (rules is None or rule.id in rules)
    ]
    if silenced:
        message = (
            f"school {school_file.school.id!r} lists no levels, so {len(silenced)} rules for "
            f"some levels only are not evaluated: {', '.join(silenced)}; "
            'add school.levels (e.g. ["primary"])'
        )
        warnings.warn(message, SchoolFileWarning, stacklevel=3)


def _provisional(f: Finding) -> bool:
    """Whether a finding's period or due day lies in a year without the official arrangement."""
    last = max(f.period.end, due_date(f.due))
    return _unknown_between(f.period.start.year, last.year)


@functools.lru_cache(maxsize=256)
def _unknown_between(first: int, last: int) -> bool:
    """Whether a year from ``first`` to ``last`` lacks the official arrangement (asked once)."""
    return any(not arrangement_known(year) for year in range(first, last + 1))


def _obligation(rule: Rule, f: Finding, as_of: dt.date, national: bool = False) -> Obligation:
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
        provisional=national and _provisional(f),
    )
