"""Tools for people who test the consistency of rules: witnesses, record effects, implication.

* :func:`witness`: the smallest school file compliant with a profile over a
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

from collections.abc import Collection

from ._calendar import Period
from ._engine import Profile, Rule
from ._kinds import Effect
from ._models import Level, SchoolFile
from ._witness import WitnessError, build, school_for, with_routines

__all__ = [
    "Effect",
    "WitnessError",
    "record_effects",
    "witness",
]


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
    """The smallest school file compliant with ``profile`` over ``period``, as of its end.

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
