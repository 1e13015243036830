"""Tools for people who test the consistency of rules: witnesses, record effects, implication.

* :func:`witness`: a small school file compliant with a profile over a
  period (deterministic), built from the rules' own declarations;
* :func:`record_effects`: for a rule, which lists of the school file can only
  help it when a record is added, and which can hurt it;
* :func:`stricter`: a profile with one numeric parameter tightened;
* :func:`counterexample`: a school compliant under one profile and
  violating another, shrunk, or None;
* :func:`violation_keys`: violations in a form that can be compared across
  profiles (invariant runs as single days).

The Hypothesis strategies are in :mod:`safetyregs.strategies`
(:func:`~safetyregs.strategies.compliant_school_files` draws many witnesses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from ._calendar import Period
from ._engine import Obligation, Profile, Rule, evaluate
from ._kinds import Effect, Invariant
from ._models import Level, SchoolFile
from ._params import Parameter
from ._witness import WitnessError, build, school_for, with_routines

__all__ = [
    "NUMERIC",
    "Effect",
    "WitnessError",
    "compliant",
    "counterexample",
    "numeric_parameters",
    "only_topics",
    "record_effects",
    "stricter",
    "violation_keys",
    "witness",
]

#: The parameter types :func:`stricter` tightens.
NUMERIC = ("int", "Decimal")


def _profile(profile: Profile | str) -> Profile:
    if isinstance(profile, Profile):
        return profile
    from . import profiles

    return profiles.get(profile)


def _levels(level: Level | str | Collection[Level | str] | None) -> tuple[Level, ...] | None:
    if level is None:
        return None
    if isinstance(level, str | Level):
        return (Level(level),)
    return tuple(Level(lv) for lv in level)


def witness(
    profile: Profile | str,
    period: Period,
    *,
    level: Level | str | Collection[Level | str] | None = None,
    school: SchoolFile | None = None,
    routines: bool = False,
) -> SchoolFile:
    """A small school file compliant with ``profile`` over ``period``, as of its end.

    The school has the given ``level`` (or levels; default: every level a
    rule of the profile names), every flag a rule names and the default
    terms. Every obligation due in ``period`` is met, every rule that can
    apply to such a school applies, and every kind of subject occurs (an
    incident reported in time, a hazard closed in order, a new post trained
    in time...). New records fall on the latest school day their rule
    allows, and one record serves every rule its fields allow.

    With ``school``, its school and records are kept and completed instead.
    With ``routines``, records that recur on school-calendar days (a health
    check every school day, a leader on duty every holiday) are written as
    routines of the school file (see :func:`safetyregs._witness.with_routines`).
    Raises :class:`WitnessError` if some rule cannot be met (a rule kind from
    a plugin without ``witness`` methods).

    >>> import datetime as dt
    >>> from safetyregs import Period
    >>> school = witness("changzhou", Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    >>> [d.date.isoformat() for d in school.drills]
    ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']
    """
    chosen = _profile(profile)
    base = school if school is not None else SchoolFile(school=school_for(chosen, _levels(level)))
    result = build(chosen, period, base)
    return with_routines(result, chosen, period) if routines else result


def record_effects(rule: Rule) -> dict[str, Effect]:
    """What adding a record of each list can do to the rule: ``"helps"`` or ``"hurts"``.

    ``"helps"``: adding a record never turns a met obligation of the rule into
    a violated one and never makes a violation (more drills, more training);
    ``"hurts"``: adding one can (a hazard owes steps, a member of staff
    without the role lowers a ratio, an outing in the fire season may
    offend). Lists the rule never reads are left out. Each rule kind declares
    its effects; a list that can hurt in one check of the rule can hurt.
    """
    out: dict[str, Effect] = {}
    for check in rule.checks:
        effects = getattr(check, "record_effects", None)
        if effects is None:
            continue
        for name, effect in effects().items():
            out[name] = "hurts" if "hurts" in (effect, out.get(name)) else effect
    return out


# --- directions and implication -----------------------------------------------------------


def numeric_parameters(profile: Profile) -> tuple[Parameter, ...]:
    """The profile's ``int`` and ``Decimal`` parameters that :func:`stricter` can tighten.

    Those with a direction, less those already at zero that tighten by decreasing
    (``deaths_at_least=0`` already counts every incident).
    """
    return tuple(
        p
        for p in profile.parameters()
        if p.type in NUMERIC
        and p.tightens is not None
        and not (p.tightens == "decrease" and Decimal(p.value) <= 0)
    )


def _parameter(profile: Profile, path: Parameter | str, rule: str | None) -> Parameter:
    if isinstance(path, Parameter):
        return path
    candidates = [p for p in profile.parameters() if p.rule == rule and p.path == path]
    if rule is None and not candidates:
        # "RULE.PATH": the longest rule id that prefixes the text.
        for r in sorted(profile.rules, key=lambda r: -len(r.id)):
            if path.startswith(r.id + "."):
                return _parameter(profile, path[len(r.id) + 1 :], r.id)
    if not candidates:
        known = ", ".join(f"{p.rule}.{p.path}" for p in numeric_parameters(profile))
        msg = f"profile {profile.id!r} has no parameter {path!r} (numeric ones: {known})"
        raise KeyError(msg)
    return candidates[0]


def stricter(
    profile: Profile,
    path: Parameter | str,
    *,
    rule: str | None = None,
    by: int | Decimal | str | None = None,
) -> Profile:
    """The profile with one numeric parameter moved in the direction that tightens it.

    ``path`` is a :class:`~safetyregs.Parameter` of ``profile.parameters()``, a
    path with ``rule`` (``stricter(p, "needs[0].at_least", rule="ziyang.x")``), or
    ``"RULE.PATH"`` (``"ziyang.evacuation-drill-monthly.needs[0].at_least"``).
    The value moves by ``by`` (default 1, or 0.1 for a decimal below 1): up for
    a parameter that ``tightens="increase"`` (``at_least``), down for
    ``"decrease"`` (``min_school_days``). The derived profile's id is
    ``<id>-stricter``. Raises ``ValueError`` for a parameter without a
    numeric direction or that cannot move further (a minimum already at 0).

    >>> from safetyregs import profiles
    >>> strict = stricter(profiles.get("changzhou"),
    ...                   "changzhou.emergency-drill-quarterly.min_school_days")
    >>> strict.rule("changzhou.emergency-drill-quarterly").checks[0].min_school_days
    9
    """
    param = _parameter(profile, path, rule)
    if param.type not in NUMERIC or param.tightens is None:
        msg = f"{param.rule}.{param.path} ({param.type}) has no numeric direction that tightens it"
        raise ValueError(msg)
    value = Decimal(param.value)
    step = Decimal(by) if by is not None else _step(param.type, value)
    new = value + step if param.tightens == "increase" else value - step
    if new < 0:
        msg = f"{param.rule}.{param.path} = {param.value} cannot decrease by {step}"
        raise ValueError(msg)
    moved: Any = int(new) if param.type == "int" else new
    name = f"{profile.id}-stricter"
    if param.rule is None:
        return profile.derive(name, **{param.path: moved})
    return profile.derive(name, override={param.rule: {param.path: moved}})


def _step(kind: str, value: Decimal) -> Decimal:
    """One step: 1, or 0.1 for a decimal below 1 (a share such as 0.3)."""
    return Decimal(1) if kind == "int" or value >= 1 else Decimal("0.1")


def only_topics(profile: Profile, topics: Iterable[str]) -> Profile:
    """The profile restricted to the rules about ``topics`` (``Rule.topic``, e.g.
    ``"evacuation-drill"``), to compare what two profiles say about one thing."""
    wanted = set(topics)
    return profile.derive(
        f"{profile.id}-{'-'.join(sorted(wanted))}",
        remove=[r.id for r in profile.rules if r.topic not in wanted],
    )


def violation_keys(obligations: Iterable[Obligation], profile: Profile) -> set[tuple[Any, ...]]:
    """Violated obligations as ``(rule, subject, period)``, comparable across profiles.

    An invariant's violations are failing runs of days, which a stricter
    parameter can join or split: they count as ``(rule, subject, day)`` per day.
    """
    invariant = {r.id for r in profile.rules if any(isinstance(c, Invariant) for c in r.checks)}
    keys: set[tuple[Any, ...]] = set()
    for o in obligations:
        if o.status != "violated":
            continue
        if o.rule in invariant:
            keys.update((o.rule, o.subject, day) for day in o.period)
        else:
            keys.add((o.rule, o.subject, o.period))
    return keys


def compliant(school_file: SchoolFile, profile: Profile, period: Period) -> bool:
    """Whether every obligation of ``profile`` due in ``period`` is met as of its end."""
    return all(o.status == "met" for o in evaluate(school_file, profile, period, period.end))


def counterexample(
    a: Profile | str,
    b: Profile | str,
    period: Period,
    *,
    topics: Iterable[str] | None = None,
    level: Level | str | Collection[Level | str] | None = None,
    max_examples: int = 100,
) -> SchoolFile | None:
    """A school compliant under ``a`` and violating ``b`` over ``period``, shrunk; or None.

    Searches :func:`~safetyregs.strategies.compliant_school_files` of ``a``
    (schools of varied terms, levels and extra records, completed into
    witnesses) for one with an obligation of ``b`` violated as of the day after
    the period, and returns it after Hypothesis shrinks it (towards default
    terms, fewer levels, no extra records). None when ``max_examples``
    schools found none: as far as the search goes, ``a`` implies ``b``.
    ``topics`` compares only the rules about those topics (``Rule.topic``).

    Needs Hypothesis (the ``testing`` extra).
    """
    from hypothesis import HealthCheck, find, settings
    from hypothesis.errors import NoSuchExample

    from .strategies import compliant_school_files

    first, second = _profile(a), _profile(b)
    if topics is not None:
        wanted = list(topics)
        first, second = only_topics(first, wanted), only_topics(second, wanted)
    after = period.end + dt.timedelta(days=1)

    def violates(school_file: SchoolFile) -> bool:
        found = evaluate(school_file, second, period, after)
        return any(o.status == "violated" for o in found)

    try:
        return find(
            compliant_school_files(first, period, level=level),
            violates,
            settings=settings(
                max_examples=max_examples,
                database=None,
                deadline=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except NoSuchExample:
        return None
