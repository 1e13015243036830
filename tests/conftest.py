"""Shared fixtures: the ziyang profile and a builder of small school files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pytest

import safetyregs
from safetyregs import School, SchoolFile, Term
from safetyregs._models import Level

#: The calendar of the embedded example school: autumn 2025, spring 2026, autumn 2026.
#: July 2026 holds 8 school days (1–3, 6–10 July) and August none.
EXAMPLE_TERMS = (
    ("2025-09-01", "2026-01-16"),
    ("2026-03-02", "2026-07-10"),
    ("2026-09-01", "2027-01-22"),
)

MakeSchool = Callable[..., SchoolFile]


def _terms(terms: Iterable[tuple[str, str]]) -> tuple[Term, ...]:
    return tuple(Term(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in terms)


@pytest.fixture(scope="session")
def ziyang() -> safetyregs.Profile:
    """The installed ziyang profile."""
    return safetyregs.profiles.get("ziyang")


@pytest.fixture
def make_school() -> MakeSchool:
    """Build a school file: ``make_school(levels=..., terms=..., drills=[...], ...)``.

    ``terms`` is a list of ISO ``(start, end)`` pairs (default: the example
    school's three terms; ``()`` for the profile's default calendar); school
    flags (``has_laboratory``) and record lists pass through as keywords.
    """

    def build(
        *,
        levels: Iterable[str] = ("primary",),
        terms: Iterable[tuple[str, str]] = EXAMPLE_TERMS,
        school_id: str = "zy-001",
        jurisdiction: str = "ziyang",
        **kwargs: Any,
    ) -> SchoolFile:
        flags = {
            k: kwargs.pop(k)
            for k in ("boarding", "uses_school_bus", "has_canteen", "has_laboratory")
            if k in kwargs
        }
        school = School(
            id=school_id,
            name="资阳市测试学校",
            jurisdiction=jurisdiction,
            levels=tuple(Level(level) for level in levels),
            terms=_terms(terms),
            **flags,
        )
        return SchoolFile(school=school, **kwargs)

    return build
