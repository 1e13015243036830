"""A realistic population of school files for benchmarks: deterministic, seeded.

``python benchmarks/population.py N DIR [--profile P] [--seed S]`` writes N school files
(JSON) into DIR. School ``i`` of seed ``s`` is always the same file: each school has its
own random generator seeded from ``(s, i)``, so any slice of a population can be rebuilt
without the rest.

Each school keeps calendar year 2026 the way a real school does: a 1530 session every
school day (half the schools declare their daily 1530 sessions and health checks as
routines from the spring term on, with the days they missed; the others write a record a
day) (5 minutes on the last school day of the week, 30 before a break), morning and
noon health checks, leaders on duty over the holiday breaks, monthly safety reviews,
drills, themed lessons, training hours for every member of staff, hazards walked through
its jurisdiction's steps, the odd incident, insurance, buses where it has them, and the
papers of each campaign. A school's diligence (drawn per school) decides how many of these
it forgets, so a population has a realistic share of gaps. About 500–800 records a school.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from safetyregs import profiles
from safetyregs._calendar import Period, SchoolCalendar, holiday_breaks
from safetyregs.jurisdictions import yanzhou, ziyang

#: The profiles of a mixed population, in the order schools are dealt to them.
PROFILES = ("ziyang", "yanzhou", "cixi", "changzhou", "yongqiao")

#: The year the records are kept for (and the benchmarks evaluate).
YEAR = 2026
FIRST, LAST = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

#: Terms around the year: the autumn term of 2025, spring and autumn 2026.
TERMS = (
    (dt.date(2025, 9, 1), dt.date(2026, 1, 16)),
    (dt.date(2026, 2, 24), dt.date(2026, 7, 10)),
    (dt.date(2026, 9, 1), dt.date(2027, 1, 22)),
)

#: Level mixes of real schools, with how often each occurs.
LEVEL_MIXES = (
    (("kindergarten",), 20),
    (("primary",), 40),
    (("primary", "junior_secondary"), 8),
    (("junior_secondary",), 15),
    (("senior_secondary",), 8),
    (("junior_secondary", "senior_secondary"), 4),
    (("vocational",), 5),
)

#: Each jurisdiction's hazard-handling steps, in order.
HAZARD_STEPS = {"ziyang": ziyang.CLOSED_LOOP, "yanzhou": yanzhou.CLOSED_LOOP}
DEFAULT_STEPS = ("identified", "registered", "remediated", "accepted", "closed")

THEMED = (
    ("school_safety_day", dt.date(YEAR, 3, 30)),
    ("national_security", dt.date(YEAR, 4, 15)),
    ("traffic_safety", dt.date(YEAR, 4, 20)),
    ("disaster_prevention", dt.date(YEAR, 5, 12)),
    ("drowning", dt.date(YEAR, 5, 20)),
    ("mental_health", dt.date(YEAR, 6, 10)),
    ("fire_safety", dt.date(YEAR, 11, 9)),
    ("traffic_safety", dt.date(YEAR, 12, 2)),
)
DRILL_KINDS = ("fire", "earthquake", "stampede", "flood", "terror", "food_poisoning", "general")
CHECKLIST = [
    f"{area}-{n}"
    for area in ("fire", "food", "bus", "drowning", "bullying", "surroundings")
    for n in range(1, 6)
]


def _calendar_days() -> tuple[list[dt.date], list[dt.date], set[dt.date], list[dt.date]]:
    """School days, last school days of weeks and before breaks, break days of the year."""
    calendar = SchoolCalendar.for_terms([Period(s, e) for s, e in TERMS])
    year = Period(FIRST, LAST)
    days = list(calendar.school_days_in(year))
    weekly = list(calendar.last_school_days_of_weeks(year))
    before = set(calendar.last_school_days_before_breaks(year))
    breaks = [d for b in holiday_breaks(year) for d in b if FIRST <= d <= LAST]
    return days, weekly, before, breaks


_DAYS: tuple[list[dt.date], list[dt.date], set[dt.date], list[dt.date]] | None = None


def _days() -> tuple[list[dt.date], list[dt.date], set[dt.date], list[dt.date]]:
    global _DAYS
    if _DAYS is None:
        _DAYS = _calendar_days()
    return _DAYS


def _day_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _month_days(month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(YEAR, month, 1)
    end = (dt.date(YEAR + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    return start, end


def school(index: int, jurisdiction: str, seed: int = 0) -> dict[str, Any]:
    """School file data (JSON-ready) of school ``index`` under ``jurisdiction``."""
    rng = random.Random(f"{seed}:{index}:{jurisdiction}")
    diligence = rng.choice((0.9, 0.95, 0.98, 0.99, 1.0, 1.0))
    kept = lambda: rng.random() < diligence  # noqa: E731 - one coin per record
    levels = rng.choices([m for m, _ in LEVEL_MIXES], [w for _, w in LEVEL_MIXES])[0]
    kindergarten = levels == ("kindergarten",)
    boarding = not kindergarten and rng.random() < 0.2
    bus = rng.random() < 0.3
    canteen = rng.random() < 0.7
    laboratory = not kindergarten and levels != ("primary",) and rng.random() < 0.6
    school_days, weekly, before_break, break_days = _days()
    sid = f"{jurisdiction[:2]}-{index:06d}"
    data: dict[str, Any] = {
        "school": {
            "id": sid,
            "name": f"第{index + 1}学校",
            "jurisdiction": jurisdiction,
            "levels": list(levels),
            "boarding": boarding,
            "uses_school_bus": bus,
            "has_canteen": canteen,
            "has_laboratory": laboratory,
            "terms": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in TERMS],
        }
    }

    # Staff: leaders, teachers, guards; a rescue team of roughly a third.
    staff: list[dict[str, Any]] = []
    size = rng.randint(18, 45)
    posts = ["principal", "vice_principal", "safety_vice_principal", "safety_department_head"]
    posts += ["security_guard"] * rng.randint(1, 3)
    if bus:
        posts += ["bus_driver", "bus_attendant"]
    while len(posts) < size:
        posts.append(rng.choice(("teacher", "teacher", "head_teacher")))
    rescue_share = rng.choice((0.25, 0.32, 0.35, 0.4))
    for n, post in enumerate(posts, start=1):
        hired = _day_in(rng, dt.date(2000, 1, 1), dt.date(2026, 9, 1))
        start = max(hired, _day_in(rng, dt.date(2015, 1, 1), dt.date(2026, 9, 1)))
        roles = [{"role": post, "start": start.isoformat(), "end": None}]
        if rng.random() < rescue_share:
            roles.append({"role": "rescue_team", "start": hired.isoformat(), "end": None})
        left = None
        if rng.random() < 0.05:
            left = _day_in(rng, max(hired, FIRST), LAST).isoformat()
        staff.append(
            {
                "id": f"s{n}",
                "name": f"教职工{n}",
                "hired": hired.isoformat(),
                "left": left,
                "background_check": (hired - dt.timedelta(days=rng.randint(-3, 30))).isoformat()
                if kept()
                else None,
                "roles": roles,
            }
        )
    data["staff"] = staff

    # Half the schools declare what they do every day as routines (with the days they
    # missed), the others keep one record a day.
    routines: list[dict[str, Any]] = []
    use_routines = rng.random() < 0.5
    term_days = (TERMS[1][0].isoformat(), TERMS[2][1].isoformat())

    def routine(rid: str, collection: str, record: dict[str, Any], every: str) -> None:
        days = {
            "school_day": school_days,
            "last_school_day_of_week": weekly,
            "last_school_day_before_break": sorted(before_break),
        }[every]
        missed = [d.isoformat() for d in days if d >= TERMS[1][0] and not kept()]
        routines.append(
            {"id": rid, "collection": collection, "record": record, "every": every,
             "from": term_days[0], "to": term_days[1], "except": missed}
        )  # fmt: skip

    # Education: a 1530 session every school day, themed lessons, class periods.
    education: list[dict[str, Any]] = []
    weekly_set = set(weekly)
    if not kindergarten and use_routines:
        for rid, minutes, every in (
            ("r1530", 1, "school_day"),
            ("r1530w", 5, "last_school_day_of_week"),
            ("r1530h", 30, "last_school_day_before_break"),
        ):
            record = {"kind": "1530", "theme": "general", "minutes": minutes}
            routine(rid, "education", record, every)
    for day in school_days if not kindergarten else ():
        if (use_routines and day >= TERMS[1][0]) or not kept():
            continue
        minutes = 30 if day in before_break else 5 if day in weekly_set else 1
        education.append(
            {"id": f"e{len(education) + 1}", "date": day.isoformat(), "kind": "1530",
             "theme": "general", "minutes": minutes}
        )  # fmt: skip
    for theme, day in THEMED:
        if kept():
            education.append(
                {"id": f"e{len(education) + 1}", "date": day.isoformat(), "kind": "activity",
                 "theme": theme, "class_periods": "1"}
            )  # fmt: skip
    for term_start, term_end in TERMS:
        for _ in range(rng.randint(2, 4)):
            day = _day_in(rng, term_start, min(term_end, LAST))
            education.append(
                {"id": f"e{len(education) + 1}", "date": day.isoformat(), "kind": "lesson",
                 "theme": rng.choice(("general", "fire_safety", "bullying", "drowning")),
                 "class_periods": rng.choice(("1", "1", "1.5", "2"))}
            )  # fmt: skip
    data["education"] = education

    # Health checks: morning and noon of every school day.
    checks = []
    if use_routines:
        for session in ("morning", "noon"):
            routine(f"hc-{session}", "health_checks", {"session": session}, "school_day")
    for day in school_days:
        if use_routines and day >= TERMS[1][0]:
            continue
        for session in ("morning", "noon"):
            if kept():
                checks.append({"date": day.isoformat(), "session": session})
    data["health_checks"] = checks

    # Drills: one a month in session, whole school in May and November, night drills.
    drills = []
    for month in range(1, 13):
        if month in (2, 8) or not kept():
            continue
        start, end = _month_days(month)
        drills.append(
            {
                "id": f"d{len(drills) + 1}",
                "date": _day_in(rng, start, end).isoformat(),
                "kind": rng.choice(DRILL_KINDS),
                "scope": "whole_school" if month in (5, 11) else "partial",
                "night": boarding and month in (4, 10),
            }
        )
    if bus:
        for day in (dt.date(YEAR, 3, 18), dt.date(YEAR, 10, 14)):
            if kept():
                drills.append(
                    {"id": f"d{len(drills) + 1}", "date": day.isoformat(), "kind": "school_bus"}
                )
    data["drills"] = drills

    # Meetings: a monthly safety review, a hazard analysis a term.
    meetings = []
    for month in range(1, 13):
        if kept():
            start, _ = _month_days(month)
            day = start + dt.timedelta(days=rng.randint(0, 20))
            meetings.append({"id": f"m{month}", "date": day.isoformat(), "kind": "safety_review"})
    for day in (dt.date(YEAR - 1, 10, 20), dt.date(YEAR, 3, 20), dt.date(YEAR, 10, 20)):
        if kept():
            meetings.append(
                {"id": f"m{len(meetings) + 1}a", "date": day.isoformat(), "kind": "hazard_analysis"}
            )
    data["meetings"] = meetings

    # Duty: a leader on every holiday break day, and ordinary shifts around them.
    leaders = [m["id"] for m in staff[:4]]
    duty = []
    for day in break_days:
        if kept():
            duty.append(
                {"id": f"du{len(duty) + 1}", "date": day.isoformat(),
                 "staff": rng.choice(leaders), "leader": True}
            )  # fmt: skip
        duty.append(
            {"id": f"du{len(duty) + 1}", "date": day.isoformat(),
             "staff": rng.choice(staff)["id"], "leader": False}
        )  # fmt: skip
    data["duty"] = duty

    # Trainings: a few sessions per member of staff, pre-job and appointment ones for new posts.
    trainings = []
    for member in staff:
        for _ in range(rng.choice((0, 1, 2, 2, 3))):
            trainings.append(
                {
                    "id": f"t{len(trainings) + 1}",
                    "staff": member["id"],
                    "date": _day_in(rng, FIRST, LAST).isoformat(),
                    "class_hours": rng.choice(("2", "4", "4", "6", "8", "12")),
                    "kind": "annual",
                    "topics": rng.sample(["basics", "skills", "duty_norms", "fire"], 2),
                }
            )
    data["trainings"] = trainings

    # Hazards walked through the jurisdiction's steps, some left open or late.
    hazards = []
    steps_of = HAZARD_STEPS.get(jurisdiction, DEFAULT_STEPS)
    for n in range(rng.randint(2, 8)):
        found = _day_in(rng, FIRST, dt.date(YEAR, 11, 30))
        deadline = found + dt.timedelta(days=rng.randint(7, 45))
        day, steps = found, []
        for step in steps_of[: rng.randint(2, len(steps_of)) if not kept() else len(steps_of)]:
            steps.append({"step": step, "date": day.isoformat()})
            day += dt.timedelta(days=rng.randint(0, 6))
        hazards.append(
            {
                "id": f"h{n + 1}",
                "found": found.isoformat(),
                "category": rng.choice(("fire", "building", "electrical", "traffic")),
                "deadline": deadline.isoformat(),
                "responsible": rng.choice(leaders) if kept() else None,
                "content": "整改内容",
                "standard": "整改标准" if kept() else None,
                "measures": "整改措施",
                "system_reported": (found + dt.timedelta(days=rng.randint(0, 40))).isoformat(),
                "steps": steps,
            }
        )
    data["hazards"] = hazards

    # The odd incident, reported on time or not.
    incidents = []
    for n in range(rng.choice((0, 0, 0, 1, 1, 2))):
        occurred = dt.datetime.combine(_day_in(rng, FIRST, LAST), dt.time(rng.randint(7, 17)))
        phone = occurred + dt.timedelta(minutes=rng.choice((10, 20, 25, 45)))
        incidents.append(
            {
                "id": f"i{n + 1}",
                "occurred_at": occurred.isoformat(),
                "kind": rng.choice(("injury", "fire", "drowning", "other")),
                "phone_reported_at": phone.isoformat(),
                "written_reported_at": (phone + dt.timedelta(minutes=30)).isoformat(),
            }
        )
    data["incidents"] = incidents

    # Outings (some in the fire season without approval), insurance, papers.
    activities = []
    for n in range(rng.randint(0, 3)):
        day = _day_in(rng, FIRST, LAST)
        approved = day - dt.timedelta(days=rng.randint(1, 14)) if kept() else None
        activities.append(
            {"id": f"a{n + 1}", "date": day.isoformat(), "kind": "outing",
             "approved_on": None if approved is None else approved.isoformat(),
             "open_fire": not kept()}
        )  # fmt: skip
    data["activities"] = activities
    renewal = dt.date(YEAR, 9, 1) + dt.timedelta(days=0 if kept() else 10)
    data["insurance"] = [
        {"id": "p1", "kind": "school_liability", "start": "2025-09-01", "end": "2026-08-31"},
        {"id": "p2", "kind": "school_liability", "start": renewal.isoformat(), "end": None},
    ]
    submissions = []
    for kind, day in (
        ("traffic_survey", dt.date(YEAR, 3, 10)),
        ("drowning_letter", dt.date(YEAR, 5, 25)),
        ("traffic_survey", dt.date(YEAR, 9, 20)),
        ("campaign_plan", dt.date(2023, 3, 20)),
        ("rectification_plan", dt.date(2023, 3, 28)),
    ):
        if kept():
            submissions.append({"id": f"sub{len(submissions) + 1}", "kind": kind,
                                "date": day.isoformat()})  # fmt: skip
    data["submissions"] = submissions
    if not kindergarten:
        data["screenings"] = [
            {"id": f"sc{n + 1}", "date": day.isoformat(), "levels": list(levels)}
            for n, day in enumerate((dt.date(YEAR, 4, 8), dt.date(YEAR, 10, 12)))
            if kept()
        ]
    if bus:
        providers = ["运输公司甲", "运输公司乙"]
        data["buses"] = [
            {"id": f"b{n + 1}", "plate": f"浙B{index % 100000:05d}{n}",
             "provider": rng.choice(providers), "video_alarm": kept()}
            for n in range(rng.randint(1, 3))
        ]  # fmt: skip
        data["bus_agreements"] = [
            {"id": f"ba{n + 1}", "provider": p, "start": "2025-01-01", "end": None}
            for n, p in enumerate(providers)
            if kept()
        ]
    if rng.random() < 0.3:
        commissioned = _day_in(rng, dt.date(2018, 1, 1), dt.date(2025, 12, 31))
        inspections = [
            commissioned + dt.timedelta(days=360 * n + rng.randint(-10, 20)) for n in range(1, 10)
        ]
        data["equipment"] = [
            {"id": "eq1", "kind": "elevator", "commissioned": commissioned.isoformat(),
             "registration_certificate": True, "operator_certificate": kept(),
             "emergency_plan": True,
             "inspections": [d.isoformat() for d in inspections if d <= LAST and kept()]}
        ]  # fmt: skip
    if laboratory:
        chemicals, stock = [], 0
        for n in range(rng.randint(8, 24)):
            day = _day_in(rng, FIRST, LAST)
            action = "acquire" if stock < 5 else rng.choice(("use", "use", "inventory"))
            quantity = rng.randint(5, 20) if action == "acquire" else rng.randint(1, 4)
            if action == "inventory":
                quantity = stock if kept() else stock + 1
            stock += quantity if action == "acquire" else -quantity if action == "use" else 0
            chemicals.append(
                {"id": f"c{n + 1}", "item": "盐酸", "date": day.isoformat(),
                 "action": action, "quantity": str(quantity)}
            )  # fmt: skip
        data["chemicals"] = chemicals
    if routines:
        data["routines"] = routines
    data["self_inspections"] = [
        {"id": "si1", "date": "2023-03-25", "items": [c for c in CHECKLIST if kept()]}
    ]
    return data


def drills_only(index: int, seed: int = 0) -> dict[str, Any]:
    """A school file with only the school and its drills, for the monthly drill rule at scale.

    Cheaper to build than :func:`school` by two orders of magnitude, so 100,000 of them
    take seconds; drills follow the same pattern (one a month in session, some forgotten).
    """
    rng = random.Random(f"{seed}:{index}:drills")
    diligence = rng.choice((0.8, 0.9, 0.95, 1.0))
    levels = rng.choices([m for m, _ in LEVEL_MIXES], [w for _, w in LEVEL_MIXES])[0]
    drills = []
    for month in range(1, 13):
        if month in (2, 8) or rng.random() >= diligence:
            continue
        start, end = _month_days(month)
        day = _day_in(rng, start, end)
        drills.append({"id": f"d{month}", "date": day.isoformat(), "kind": "fire"})
    return {
        "school": {
            "id": f"dr-{index:06d}",
            "name": f"第{index + 1}学校",
            "jurisdiction": "cixi",
            "levels": list(levels),
            "terms": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in TERMS],
        },
        "drills": drills,
    }


def population(
    n: int, *, profile: str | None = None, seed: int = 0
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(file name, data)`` of N schools, dealt round-robin over the profiles."""
    for index in range(n):
        jurisdiction = profile or PROFILES[index % len(PROFILES)]
        data = school(index, jurisdiction, seed)
        yield f"{data['school']['id']}.json", data


def write(n: int, directory: Path, *, profile: str | None = None, seed: int = 0) -> list[Path]:
    """Write N school files into ``directory`` (created if needed); their paths, in order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in population(n, profile=profile, seed=seed):
        path = directory / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schools", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--profile", choices=profiles.names())
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write(args.schools, args.directory, profile=args.profile, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} school files, {size / 1e6:.1f} MB, in {args.directory}")


if __name__ == "__main__":
    main()
