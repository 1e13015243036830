"""Every themed day of every profile, worked out by hand for years where moving it by a day
would move its week.

A themed day is owed "around" the day: in the Monday–Sunday week that holds it, due on the
Sunday. A day that falls on a Sunday ends its week and one on a Monday starts it, so those
years tell a declaration of the right day from one a day off (4-16 for 4-15), and a year
where 31 March is a Monday tells the last Monday of March from the last Tuesday (25 March)
or the last Sunday (30 March). Weekdays checked against a printed calendar:

====================  =====================  ==================================================
profile, theme        declared day           years and weeks
====================  =====================  ==================================================
ziyang, cixi          last Monday of March   2025: Mon 31 Mar → 31 Mar–6 Apr;
school safety day                            2024: Mon 25 Mar → 25–31 Mar;
                                             2029: Mon 26 Mar → 26 Mar–1 Apr
ziyang national       15 April               2029: Sunday → 9–15 Apr; 2024: Monday → 15–21 Apr
security
ziyang disaster       12 May                 2024: Sunday → 6–12 May; 2025: Monday → 12–18 May
prevention
ziyang fire safety    9 November             2025: Sunday → 3–9 Nov; 2026: Monday → 9–15 Nov
ziyang traffic        2 December             2029: Sunday → 26 Nov–2 Dec;
safety                                       2024: Monday → 2–8 Dec
====================  =====================  ==================================================

Changzhou, Yanzhou and Yongqiao declare no themed day.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

import safetyregs
from safetyregs import CalendarWarning, Period, School, SchoolFile
from safetyregs._models import Level

D = dt.date.fromisoformat

RULES = {"ziyang": "ziyang.themed-education-days", "cixi": "cixi.safety-education-week"}

#: (profile, theme, year, first day of the week, Sunday it is due).
WEEKS = [
    ("ziyang", "school_safety_day", 2025, "2025-03-31", "2025-04-06"),
    ("ziyang", "school_safety_day", 2024, "2024-03-25", "2024-03-31"),
    ("ziyang", "school_safety_day", 2029, "2029-03-26", "2029-04-01"),
    ("ziyang", "national_security", 2029, "2029-04-09", "2029-04-15"),
    ("ziyang", "national_security", 2024, "2024-04-15", "2024-04-21"),
    ("ziyang", "disaster_prevention", 2024, "2024-05-06", "2024-05-12"),
    ("ziyang", "disaster_prevention", 2025, "2025-05-12", "2025-05-18"),
    ("ziyang", "fire_safety", 2025, "2025-11-03", "2025-11-09"),
    ("ziyang", "fire_safety", 2026, "2026-11-09", "2026-11-15"),
    ("ziyang", "traffic_safety", 2029, "2029-11-26", "2029-12-02"),
    ("ziyang", "traffic_safety", 2024, "2024-12-02", "2024-12-08"),
    ("cixi", "school_safety_day", 2025, "2025-03-31", "2025-04-06"),
    ("cixi", "school_safety_day", 2024, "2024-03-25", "2024-03-31"),
    ("cixi", "school_safety_day", 2029, "2029-03-26", "2029-04-01"),
]


def school(jurisdiction: str) -> SchoolFile:
    return SchoolFile(
        school=School(
            id="s", name="n", jurisdiction=jurisdiction, levels=(Level.PRIMARY,), terms=()
        )
    )


def themed_weeks(profile: str, year: int) -> list[tuple[str, dt.date, dt.date, dt.date]]:
    """(theme, week start, week end, due) of the profile's themed rule over one year."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarWarning)
        found = safetyregs.evaluate(
            school(profile),
            safetyregs.profiles.get(profile),
            Period(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            dt.date(year + 1, 1, 1),
            rules=[RULES[profile]],
        )
    return [(o.subject, o.period.start, o.period.end, o.due_date) for o in found]


@pytest.mark.parametrize(("profile", "theme", "year", "start", "end"), WEEKS)
def test_themed_week(profile: str, theme: str, year: int, start: str, end: str) -> None:
    """The theme is owed once in the year: in the week worked out above, due its Sunday."""
    weeks = [w for w in themed_weeks(profile, year) if w[0] == theme]
    assert weeks == [(theme, D(start), D(end), D(end))]


@pytest.mark.parametrize(("profile", "count"), [("ziyang", 5), ("cixi", 1)])
def test_no_other_themed_weeks(profile: str, count: int) -> None:
    """Each year owes exactly the declared themes (ziyang five, cixi one), each once."""
    for year in (2024, 2025, 2026, 2029):
        themes = [w[0] for w in themed_weeks(profile, year)]
        assert len(themes) == count == len(set(themes))


def test_every_themed_day_is_covered() -> None:
    """Every profile's themed days are in the table above, and no others are."""
    from safetyregs._kinds import ThemedWeeks

    declared = set()
    for profile in safetyregs.profiles.load_all().values():
        for rule in profile.rules:
            for check in rule.checks:
                every = getattr(check, "every", None)
                if isinstance(every, ThemedWeeks):
                    declared |= {(profile.id, day.theme) for day in every.days}
    assert declared == {(p, t) for p, t, *_ in WEEKS}
