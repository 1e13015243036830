"""Routines: declared once, expanded into ordinary records before rules see them.

Dates are worked out by hand from the State Council's 2026 arrangement: National
Day break Thu 1 – Wed 7 Oct; Sun 20 Sep and Sat 10 Oct are working days (调休).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

import safetyregs
from conftest import RunCheck
from safetyregs import Education, Period, Routine, SchoolFile, SchoolFileError
from safetyregs import _calendar as cal
from safetyregs._routines import expand_routines

D = dt.date.fromisoformat
DATA = Path(__file__).parent / "data"
AUTUMN_2026 = {"start": "2026-09-01", "end": "2027-01-22"}


def school_doc(*routines: dict[str, Any], **lists: Any) -> dict[str, Any]:
    return {
        "school": {
            "id": "cx-1",
            "jurisdiction": "cixi",
            "levels": ["junior_secondary"],
            "terms": [AUTUMN_2026],
        },
        "staff": [{"id": "s1", "roles": [{"role": "principal", "start": "2020-09-01"}]}],
        "routines": list(routines),
        **lists,
    }


def routine(every: str, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "r",
        "collection": "education",
        "record": {"kind": "1530", "minutes": 1},
        "every": every,
        "from": "2026-09-28",
        "to": "2026-10-11",
    }
    return base | kw


def days(doc: dict[str, Any], collection: str = "education") -> list[str]:
    sf = expand_routines(safetyregs.loads(json.dumps(doc)))
    return sorted(r.date.isoformat() for r in getattr(sf, collection))


def errors(doc: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(SchoolFileError) as info:
        safetyregs.loads(json.dumps(doc))
    return info.value.errors


class TestCalendarWords:
    """The four school-calendar words, 28 Sep – 11 Oct 2026, around National Day."""

    def test_school_day(self) -> None:
        """Mon–Wed before the break, then Thu 8, Fri 9 and the working Saturday 10 Oct."""
        assert days(school_doc(routine("school_day"))) == [
            "2026-09-28",
            "2026-09-29",
            "2026-09-30",
            "2026-10-08",
            "2026-10-09",
            "2026-10-10",
        ]

    def test_last_school_day_of_week(self) -> None:
        """Wed 30 Sep ends its week's school days; Sat 10 Oct (调休) ends the next week's."""
        assert days(school_doc(routine("last_school_day_of_week"))) == [
            "2026-09-30",
            "2026-10-10",
        ]

    def test_last_school_day_before_break(self) -> None:
        """Wed 30 Sep is the last school day before the 1–7 Oct break."""
        assert days(school_doc(routine("last_school_day_before_break"))) == ["2026-09-30"]

    def test_holiday_break_day(self) -> None:
        """Mid-Autumn Fri 25 – Sun 27 Sep and National Day 1–7 Oct are breaks; Sat 19 Sep,
        a lone rest day before the working Sunday 20 Sep, is not."""
        doc = school_doc(
            routine(
                "holiday_break_day",
                collection="duty",
                record={"staff": "s1", "leader": True},
                **{"from": "2026-09-19"},
            )
        )
        assert days(doc, "duty") == [
            "2026-09-25",
            "2026-09-26",
            "2026-09-27",
            *(f"2026-10-0{d}" for d in range(1, 8)),
        ]

    def test_school_days_follow_the_terms(self) -> None:
        """Without a term in August, school_day over August gives nothing."""
        doc = school_doc(routine("school_day", **{"from": "2026-08-01", "to": "2026-08-31"}))
        assert days(doc) == []


class TestRecurrenceRules:
    """RFC 5545 RRULEs through dateutil, starting at ``from``."""

    def test_monthly_by_month_day(self) -> None:
        """The 5th of every month of 2026: twelve dates."""
        doc = school_doc(
            routine(
                "FREQ=MONTHLY;BYMONTHDAY=5",
                collection="meetings",
                record={"kind": "safety_review"},
                **{"from": "2026-01-01", "to": "2026-12-31"},
            )
        )
        assert days(doc, "meetings") == [f"2026-{m:02d}-05" for m in range(1, 13)]

    def test_count_bounds_without_to(self) -> None:
        """Three Mondays from Tue 1 Sep 2026: 7, 14 and 21 Sep."""
        doc = school_doc(routine("FREQ=WEEKLY;BYDAY=MO;COUNT=3", **{"from": "2026-09-01"}))
        del doc["routines"][0]["to"]
        assert days(doc) == ["2026-09-07", "2026-09-14", "2026-09-21"]

    def test_to_caps_until(self) -> None:
        """UNTIL later than ``to``: ``to`` wins; a UTC UNTIL is read as a date."""
        rule = "RRULE:FREQ=DAILY;UNTIL=20261231T000000Z"
        doc = school_doc(routine(rule, **{"from": "2026-09-28", "to": "2026-09-30"}))
        assert days(doc) == ["2026-09-28", "2026-09-29", "2026-09-30"]

    def test_except_days_are_left_out(self) -> None:
        """``except`` removes the days it did not happen."""
        doc = school_doc(routine("school_day", **{"except": ["2026-09-29", "2026-10-09"]}))
        assert days(doc) == ["2026-09-28", "2026-09-30", "2026-10-08", "2026-10-10"]


class TestRecords:
    """Routine records are ordinary records with ids ``<routine id>@<date>``."""

    def test_ids_and_fields(self) -> None:
        """Each record carries the routine's fields, its day and a stable id."""
        sf = expand_routines(safetyregs.loads(json.dumps(school_doc(routine("school_day")))))
        first = sf.education[0]
        assert first == Education("r@2026-09-28", D("2026-09-28"), "1530", minutes=1)
        assert sf.routines == ()

    def test_explicit_record_on_the_same_day_is_kept(self) -> None:
        """An explicit lesson on 30 Sep stays beside the routine's record of that day."""
        lesson = {"id": "e1", "date": "2026-09-30", "kind": "lesson", "class_periods": "1"}
        doc = school_doc(routine("school_day"), education=[lesson])
        assert days(doc).count("2026-09-30") == 2

    def test_python_routine_equals_loaded_one(self) -> None:
        """A routine built in Python equals the one read from JSON and round-trips."""
        sf = safetyregs.loads(json.dumps(school_doc(routine("school_day"))))
        built = Routine(
            "r", "education", {"kind": "1530", "minutes": 1}, "school_day",
            D("2026-09-28"), D("2026-10-11"),
        )  # fmt: skip
        assert sf.routines == (built,)
        assert safetyregs.loads(safetyregs.dumps(sf)) == sf
        assert safetyregs.loads(safetyregs.dumps(sf, format="toml"), format="toml") == sf

    def test_evidence_names_routine_records(self) -> None:
        """The weekly 1530 obligation of the week of 28 Sep is met by the routine's record."""
        doc = school_doc(routine("last_school_day_of_week", record={"kind": "1530", "minutes": 5}))
        sf = safetyregs.loads(json.dumps(doc))
        profile = safetyregs.profiles.get("cixi")
        [ob] = [
            o
            for o in safetyregs.evaluate(sf, profile, Period(D("2026-09-28"), D("2026-10-04")),
                                         D("2026-10-05"))
            if o.rule == "cixi.1530-weekly"
        ]  # fmt: skip
        assert (ob.due, ob.status, ob.evidence) == (D("2026-09-30"), "met", ("r@2026-09-30",))


class TestBadRoutines:
    """A bad routine is bad input with its JSON path; nothing is evaluated."""

    @pytest.mark.parametrize(
        ("change", "path", "words"),
        [
            ({"collection": "buses"}, "routines[0].collection", "not a dated record list"),
            ({"collection": "nonsense"}, "routines[0].collection", "not a dated record list"),
            ({"record": {"kind": "1530", "minutes": "x"}}, "routines[0].record.minutes", "x"),
            ({"record": {"kind": "1530", "colour": 1}}, "routines[0].record.colour", "unknown"),
            ({"record": {"kind": "daily"}}, "routines[0].record.kind", "daily"),
            ({"record": {"kind": "1530", "date": "2026-01-01"}}, "routines[0].record.date", "date"),
            ({"record": []}, "routines[0].record", "not an object"),
            ({"every": "FREQ=SOMETIMES"}, "routines[0].every", "not a valid RRULE"),
            ({"every": "schoolday"}, "routines[0].every", "did you mean 'school_day'"),
            ({"to": "2026-09-01"}, "routines[0].to", "precedes"),
            ({"to": None}, "routines[0].to", "required"),
            ({"every": "FREQ=DAILY", "to": None}, "routines[0].to", "UNTIL"),
            ({"from": "2026-02-30"}, "routines[0].from", "2026-02-30"),
            ({"except": ["someday"]}, "routines[0].except[0]", "someday"),
            ({"colour": "red"}, "routines[0].colour", "unknown key"),
        ],
    )
    def test_refused_with_path(self, change: dict[str, Any], path: str, words: str) -> None:
        """Each bad part is named by its path, the message says what is wrong."""
        found = errors(school_doc(routine("school_day") | change))
        assert any(p == path and words in m for p, m in found), found

    def test_missing_keys(self) -> None:
        """``collection``, ``record``, ``every`` and ``from`` are required."""
        found = errors(school_doc({"id": "r", "to": "2026-10-01"}))
        assert {m for _, m in found} >= {
            f"missing required key {k!r}" for k in ("collection", "record", "every", "from")
        }

    def test_two_routines_with_one_id(self) -> None:
        """Routine ids are unique."""
        found = errors(school_doc(routine("school_day"), routine("school_day")))
        assert ("routines[1].id", "duplicate id 'r' (also routines[0])") in found

    def test_routine_id_equal_to_a_record_id(self) -> None:
        """A routine may not take the id of a record of its list."""
        lesson = {"id": "r", "date": "2026-09-30", "kind": "lesson"}
        found = errors(school_doc(routine("school_day"), education=[lesson]))
        assert [p for p, _ in found] == ["routines[0].id"]

    def test_record_id_equal_to_a_routine_record_id(self) -> None:
        """An explicit record ``r@2026-09-29`` clashes with the routine's record of that day."""
        lesson = {"id": "r@2026-09-29", "date": "2026-09-29", "kind": "lesson"}
        found = errors(school_doc(routine("school_day"), education=[lesson]))
        assert [p for p, _ in found] == ["routines[0].id"]
        assert "r@2026-09-29" in found[0][1]

    def test_staff_named_by_a_routine_must_exist(self) -> None:
        """A duty routine naming staff ``ghost`` is refused at its record's path."""
        doc = school_doc(routine("holiday_break_day", collection="duty", record={"staff": "ghost"}))
        found = errors(doc)
        assert found == [("routines[0].record.staff", "'ghost' is not the id of any staff member")]

    def test_cli_exit_2(self, run_check: RunCheck) -> None:
        """Through the console script: exit 2, the path on stderr, nothing on stdout."""
        done = run_check(school_doc(routine("FREQ=NEVER")), "--as-of", "2026-12-01")
        assert (done.returncode, done.out) == (2, None)
        assert "routines[0].every" in done.stderr


def independent_records(sf: SchoolFile, start: dt.date, end: dt.date) -> SchoolFile:
    """The routines of the Cixi year written record by record, by a plain day loop.

    School days are working days inside a term; a break day is a day inside an official
    break; the last school day of a week is the latest school day of its Monday–Sunday week;
    a last school day before a break is a school day followed, before the next working day,
    by a break day or the end of its term. Monthly drills on the 15th.
    """
    terms = [Period(t.start, t.end) for t in sf.school.terms]
    day_list = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    school_days = [d for d in day_list if cal.is_working_day(d) and any(d in t for t in terms)]
    by_week: dict[tuple[int, int], dt.date] = {}
    for d in school_days:
        by_week[d.isocalendar()[:2]] = d

    def before_break(d: dt.date) -> bool:
        nxt = d + dt.timedelta(days=1)
        while not cal.is_working_day(nxt):
            if cal.is_break_day(nxt):
                return True
            nxt += dt.timedelta(days=1)
        # No break before the next working day: last of the term if that day is past it.
        return nxt > next(t for t in terms if d in t).end

    education = [
        *sf.education,
        *(Education(f"d{d}", d, "1530", minutes=1) for d in school_days),
        *(Education(f"w{d}", d, "1530", minutes=5) for d in by_week.values()),
        *(Education(f"b{d}", d, "1530", minutes=30) for d in school_days if before_break(d)),
    ]
    duty = [safetyregs.Duty(f"du{d}", d, "s1", True) for d in day_list if cal.is_break_day(d)]
    drills = [
        *sf.drills,
        *(
            safetyregs.Drill(f"dr{m}", dt.date(2026, m, 15), "fire", "partial")
            for m in range(1, 13)
        ),
    ]
    return attrs.evolve(sf, routines=(), education=education, duty=duty, drills=drills)


class TestCixiYear:
    """A junior secondary school's 2026 under Cixi, written with routines in a page of TOML."""

    def load(self) -> SchoolFile:
        return safetyregs.load(DATA / "cixi-year.toml")

    def test_fits_in_a_page(self) -> None:
        """Under 150 lines of TOML, and valid TOML for the loader."""
        text = (DATA / "cixi-year.toml").read_text(encoding="utf-8")
        assert len(text.splitlines()) < 150
        assert tomllib.loads(text)["school"]["jurisdiction"] == "cixi"

    def test_same_obligations_as_record_by_record(self) -> None:
        """Routines give exactly the obligations of the year typed one record at a time."""
        sf = self.load()
        profile = safetyregs.profiles.get("cixi")
        year = Period(D("2026-01-01"), D("2026-12-31"))
        by_routine = safetyregs.evaluate(sf, profile, year, D("2027-01-01"))
        typed = independent_records(sf, year.start, year.end)
        by_hand = safetyregs.evaluate(typed, profile, year, D("2027-01-01"))

        def key(o: safetyregs.Obligation) -> tuple[Any, ...]:
            return (o.rule, o.subject, o.period, o.due, o.status, o.found, o.required)

        assert Counter(map(key, by_routine)) == Counter(map(key, by_hand))
        counts = Counter(o.rule for o in by_routine)
        assert counts["cixi.1530-daily"] > 180
        assert {o.status for o in by_routine} == {"met"}


class TestExpansionIsKept:
    """A file's expansion is computed once and kept only while the file lives."""

    def test_same_expansion_while_the_file_lives(self) -> None:
        """The first expansion is kept: later ones (every evaluation) reuse it."""
        import gc

        from safetyregs import _routines

        sf = safetyregs.loads(json.dumps(school_doc(routine("school_day"))))
        first = expand_routines(sf)
        assert expand_routines(sf) is first
        key = id(sf)
        assert key in _routines._expanded
        del sf, first
        gc.collect()
        assert key not in _routines._expanded

    def test_loading_checks_without_expanding(self) -> None:
        """The loader checks a file's routines but leaves building their records to the
        first expansion, whose records start on the school days Mon 28 – Wed 30 Sep."""
        from safetyregs import _routines

        sf = safetyregs.loads(json.dumps(school_doc(routine("school_day"))))
        assert id(sf) not in _routines._expanded
        expanded = expand_routines(sf)
        assert [e.id for e in expanded.education][:3] == [
            "r@2026-09-28",
            "r@2026-09-29",
            "r@2026-09-30",
        ]
        assert id(sf) in _routines._expanded


class TestCheckWithoutBuilding:
    """``check_routines`` refuses exactly what ``expand_routines`` refuses."""

    def test_bad_record_built_in_python(self) -> None:
        """A routine built in Python whose record the loader never read is refused with
        the same path and message by the check as by the expansion."""
        from safetyregs._routines import check_routines

        sf = safetyregs.loads(json.dumps(school_doc()))
        bad = Routine(
            "r", "drills", {"kind": "nonsense"}, "school_day", D("2026-09-28"), D("2026-10-11")
        )
        broken = attrs.evolve(sf, routines=(bad,))
        with pytest.raises(SchoolFileError) as by_expansion:
            expand_routines(broken)
        with pytest.raises(SchoolFileError) as by_check:
            check_routines(broken)
        assert by_check.value.errors == by_expansion.value.errors
        assert by_check.value.errors[0][0] == "routines[0].record.kind"

    def test_clash_found_without_building(self) -> None:
        """An explicit record ``r@2026-09-30`` clashes with the routine's record of that
        day (a school day: Wednesday before the National Day break)."""
        doc = school_doc(
            routine("school_day"),
            education=[{"id": "r@2026-09-30", "date": "2026-09-30", "kind": "1530"}],
        )
        assert errors(doc) == [
            ("routines[0].id", "routine record 'r@2026-09-30' clashes with a education record")
        ]
