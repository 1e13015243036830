"""Hand-worked tests written for mutants of the engine's record index that survived the suite.

``Context.by_date`` sorts a record list by date, then id, once per school. Health checks are
the one kind of record that may come without an id; on a day that also has a check with an
id, the id-less ones come first (as if their id were empty), whatever letters the other ids
start with. See docs/testing.md, "Survivors ... and what was done".
"""

from __future__ import annotations

import datetime as dt

import attrs

import safetyregs
from safetyregs._engine import Context
from safetyregs._models import CheckSession, HealthCheck

D = dt.date.fromisoformat


def _context(*checks: HealthCheck) -> Context:
    """The example school with these health checks, as of 1 January 2027."""
    school = attrs.evolve(safetyregs.example_school(), health_checks=checks)
    return Context(school, D("2027-01-01"))


class TestRecordsWithoutIds:
    """Same-day health checks with and without ids, given out of order."""

    def test_id_less_before_ids_in_capitals_and_digits(self) -> None:
        """On 2 March 2026: checks ``M-0302`` and ``0302-noon`` (ids that sort before any
        lowercase letter) and one without id, given in that order; plus one of 1 March given
        last. By date, then id: 1 March; then on 2 March the id-less one, ``0302-noon``,
        ``M-0302`` (digits before capitals)."""
        morning = HealthCheck(D("2026-03-02"), CheckSession.MORNING, id="M-0302")
        noon = HealthCheck(D("2026-03-02"), CheckSession.NOON, id="0302-noon")
        unnamed = HealthCheck(D("2026-03-02"), CheckSession.NOON)
        earlier = HealthCheck(D("2026-03-01"), CheckSession.MORNING, id="Z-0301")
        ctx = _context(morning, noon, unnamed, earlier)
        assert ctx.by_date("health_checks") == [earlier, unnamed, noon, morning]

    def test_id_less_ones_keep_their_file_order(self) -> None:
        """Two id-less checks of 2 March (noon given before morning) and ``A1`` the same
        day: both id-less ones first, noon still before morning, then ``A1``."""
        named = HealthCheck(D("2026-03-02"), CheckSession.MORNING, id="A1")
        noon = HealthCheck(D("2026-03-02"), CheckSession.NOON)
        morning = HealthCheck(D("2026-03-02"), CheckSession.MORNING)
        ctx = _context(named, noon, morning)
        assert ctx.by_date("health_checks") == [noon, morning, named]
