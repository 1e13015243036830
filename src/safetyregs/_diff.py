"""Compare two profiles: rules one has and the other lacks, parameters that differ.

Parameters are compared by the paths of :meth:`Profile.parameters`, so every
parameter ``diff`` names is one ``Profile.derive`` accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from attrs import frozen

from ._engine import Profile, Rule
from ._params import Parameter

__all__ = ["Change", "ProfileDiff", "RulePair", "diff"]


@frozen
class Change:
    """One parameter that differs between two rules of the same meaning (or two profiles).

    ``a`` and ``b`` are JSON values; None where one side does not have the parameter.
    """

    parameter: str
    a: Any
    b: Any


@frozen
class RulePair:
    """Two rules of the same topic, one from each profile, and how they differ."""

    topic: str
    a: str
    b: str
    changes: tuple[Change, ...]


@frozen
class ProfileDiff:
    """What changes for a school moving from profile ``a`` to profile ``b``."""

    a: str
    b: str
    only_in_a: tuple[str, ...]
    only_in_b: tuple[str, ...]
    pairs: tuple[RulePair, ...]
    #: Fields of the profiles themselves that differ (``effective_until``).
    profile: tuple[Change, ...] = ()

    @property
    def different(self) -> tuple[RulePair, ...]:
        return tuple(p for p in self.pairs if p.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "only_in_a": list(self.only_in_a),
            "only_in_b": list(self.only_in_b),
            "profile": [{"parameter": c.parameter, "a": c.a, "b": c.b} for c in self.profile],
            "different": [
                {
                    "topic": p.topic,
                    "a": p.a,
                    "b": p.b,
                    "changes": [{"parameter": c.parameter, "a": c.a, "b": c.b} for c in p.changes],
                }
                for p in self.different
            ],
            "same": [{"topic": p.topic, "a": p.a, "b": p.b} for p in self.pairs if not p.changes],
        }


def shown(parameters: Iterable[Parameter]) -> dict[str, Any]:
    """Parameters by path as JSON values, leaving out containers (their leaves are shown).

    Every key is a path ``Profile.derive`` accepts.
    """
    return {p.path: p.to_json() for p in parameters if not p.container}


def _changes(da: dict[str, Any], db: dict[str, Any]) -> tuple[Change, ...]:
    return tuple(
        Change(key, da.get(key), db.get(key))
        for key in sorted(set(da) | set(db))
        if da.get(key) != db.get(key)
    )


def _pair_up(a: list[Rule], b: list[Rule]) -> Iterator[tuple[Rule | None, Rule | None]]:
    """Pair rules of one topic: same audience first, then in order."""
    rest_b = list(b)
    unpaired: list[Rule] = []
    for rule in a:
        twin = next((r for r in rest_b if r.applies_to == rule.applies_to), None)
        if twin is None:
            unpaired.append(rule)
        else:
            rest_b.remove(twin)
            yield rule, twin
    for index, rule in enumerate(unpaired):
        yield rule, rest_b[index] if index < len(rest_b) else None
    for rule in rest_b[len(unpaired) :]:
        yield None, rule


def diff(a: Profile, b: Profile) -> ProfileDiff:
    """Compare two profiles rule by rule, pairing rules by :attr:`Rule.topic`.

    >>> from safetyregs import profiles
    >>> d = diff(profiles.get("ziyang"), profiles.get("ziyang"))
    >>> d.only_in_a, d.different
    ((), ())
    """
    topics: dict[str, tuple[list[Rule], list[Rule]]] = {}
    for rule in a.rules:
        topics.setdefault(rule.topic, ([], []))[0].append(rule)
    for rule in b.rules:
        topics.setdefault(rule.topic, ([], []))[1].append(rule)
    only_a, only_b, pairs = [], [], []
    for topic in sorted(topics):
        for ra, rb in _pair_up(*topics[topic]):
            if rb is None and ra is not None:
                only_a.append(ra.id)
            elif ra is None and rb is not None:
                only_b.append(rb.id)
            elif ra is not None and rb is not None:
                changes = _changes(shown(ra.parameters()), shown(rb.parameters()))
                pairs.append(RulePair(topic, ra.id, rb.id, changes))
    own_a = shown(p for p in a.parameters() if p.rule is None)
    own_b = shown(p for p in b.parameters() if p.rule is None)
    return ProfileDiff(
        a.id, b.id, tuple(only_a), tuple(only_b), tuple(pairs), _changes(own_a, own_b)
    )
