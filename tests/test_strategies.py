"""Tests for safetyregs.strategies: what they generate is valid and round-trips."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import safetyregs
from safetyregs import strategies as srst
from safetyregs._io import dumps, loads, structure, unstructure
from safetyregs._models import CST, Incident, Level, School, SchoolFile, StaffMember

RECORD_LISTS = list(srst.RECORD_LISTS)
#: Every model st.from_type knows: the school file, its parts and every record type.
MODELS = [
    SchoolFile,
    School,
    StaffMember,
    safetyregs.RoleSpan,
    safetyregs.HazardStep,
    safetyregs.Term,
    *(attrs.resolve_types(SchoolFile) and ()),
]
MODELS += [
    __import__("typing").get_args(__import__("typing").get_type_hints(SchoolFile)[name])[0]
    for name in srst.RECORD_LISTS
    if name != "staff"
]
START = dt.date(2026, 9, 1)
END = dt.date(2026, 9, 30)

fast = settings(deadline=None, max_examples=60)


def all_dates(value: Any) -> list[dt.date]:
    """Every date of a model, a datetime counting as its day in CST."""
    if isinstance(value, dt.datetime):
        return [value.astimezone(CST).date()]
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, tuple):
        return [day for item in value for day in all_dates(item)]
    if attrs.has(type(value)):
        return [day for a in attrs.fields(type(value)) for day in all_dates(getattr(value, a.name))]
    return []


class TestSchoolFiles:
    @fast
    @given(srst.school_files())
    def test_round_trip_through_unstructure(self, sf: SchoolFile) -> None:
        """unstructure → structure gives an equal file, re-validated without error."""
        assert structure(unstructure(sf), profiles=["ziyang"]) == sf

    @fast
    @given(srst.school_files(max_records=2))
    def test_round_trip_through_text(self, sf: SchoolFile) -> None:
        """The JSON and TOML texts read back equal."""
        assert loads(dumps(sf)) == sf
        assert loads(dumps(sf, format="toml"), format="toml") == sf

    @fast
    @given(srst.school_files())
    def test_ids_are_unique_and_references_exist(self, sf: SchoolFile) -> None:
        """Ids repeat in no list, and every staff reference names a member of staff."""
        for name in RECORD_LISTS:
            ids = [r.id for r in getattr(sf, name) if r.id is not None]
            assert not [i for i, n in Counter(ids).items() if n > 1], name
        staff_ids = {m.id for m in sf.staff}
        references = [t.staff for t in sf.trainings] + [d.staff for d in sf.duty]
        references += [h.responsible for h in sf.hazards if h.responsible is not None]
        assert set(references) <= staff_ids

    @fast
    @given(srst.school_files(start=START, end=END, max_records=3))
    def test_dates_lie_in_the_range(self, sf: SchoolFile) -> None:
        """Every date lies in the range; incident reports may come up to 3 days later."""
        for day in all_dates(sf):
            assert START <= day <= END + dt.timedelta(days=3)
        for incident in sf.incidents:
            assert START <= incident.occurred_at.date() <= END

    @fast
    @given(srst.school_files(max_records=3))
    def test_values_have_the_promised_form(self, sf: SchoolFile) -> None:
        """Decimals have one decimal place; datetimes are aware, in CST; lists are short."""
        decimals = [t.class_hours for t in sf.trainings] + [c.quantity for c in sf.chemicals]
        assert all(d.as_tuple().exponent == -1 for d in decimals)
        assert all(isinstance(d, Decimal) for d in decimals)
        for incident in sf.incidents:
            assert incident.occurred_at.tzinfo is CST
        assert all(len(getattr(sf, name)) <= 3 for name in RECORD_LISTS)

    @fast
    @given(srst.school_files(jurisdiction="atlantis", max_records=0))
    def test_jurisdiction_and_zero_records(self, sf: SchoolFile) -> None:
        """The jurisdiction is the one asked for; max_records=0 gives empty lists."""
        assert sf.school.jurisdiction == "atlantis"
        assert all(getattr(sf, name) == () for name in RECORD_LISTS)


class TestRecordStrategies:
    @fast
    @given(srst.schools(levels=["primary", Level.KINDERGARTEN]))
    def test_schools_with_fixed_levels(self, school: Any) -> None:
        """Given levels are used exactly, and terms are ordered and disjoint."""
        assert school.levels == (Level.PRIMARY, Level.KINDERGARTEN)
        for before, after in zip(school.terms, school.terms[1:], strict=False):
            assert before.end < after.start

    @fast
    @given(srst.trainings(["a", "b"], start=START, end=END))
    def test_trainings_name_given_staff(self, training: Any) -> None:
        """Trainings only name the given staff ids and lie in the range."""
        assert training.staff in {"a", "b"}
        assert START <= training.date <= END

    @fast
    @given(srst.staff_members(start=START, end=END))
    def test_staff_roles_follow_hiring(self, member: Any) -> None:
        """Roles start no earlier than hiring and never end before they start."""
        for span in member.roles:
            assert member.hired <= span.start
            assert span.end is None or span.start <= span.end

    @fast
    @given(srst.incidents(start=START, end=END))
    def test_incident_reports_follow_the_incident(self, incident: Any) -> None:
        """Knowledge and reports come no earlier than the incident."""
        for moment in (incident.known_at, incident.phone_reported_at):
            assert moment is None or moment >= incident.occurred_at

    @fast
    @given(srst.class_hours(max_value=2))
    def test_class_hours(self, hours: Decimal) -> None:
        """Class hours are exact tenths within bounds."""
        assert Decimal(0) <= hours <= Decimal(2)
        assert hours == hours.quantize(Decimal("0.1"))


class TestArguments:
    @pytest.mark.parametrize(
        "make",
        [
            lambda: srst.school_files(start=dt.date(2027, 1, 1), end=dt.date(2026, 1, 1)),
            lambda: srst.school_files(start=dt.datetime(2026, 1, 1)),
            lambda: srst.school_files(max_records=-1),
            lambda: srst.school_files(max_records=True),
            lambda: srst.school_files(jurisdiction=""),
            lambda: srst.schools(levels="primary"),
            lambda: srst.schools(levels=["college"]),
            lambda: srst.trainings([]),
            lambda: srst.trainings("s1"),
            lambda: srst.duties([1]),  # type: ignore[list-item]
            lambda: srst.hazards("s1"),
            lambda: srst.class_hours(-1),
        ],
    )
    def test_bad_arguments_fail_at_call_time(self, make: Any) -> None:
        """Bad arguments raise InvalidArgument when the strategy is made, not drawn."""
        with pytest.raises(InvalidArgument):
            make()


class TestEveryRecordKind:
    @pytest.mark.parametrize("collection", srst.RECORD_LISTS)
    @fast
    @given(data=st.data())
    def test_records_of_every_list_load(self, collection: str, data: st.DataObject) -> None:
        """records(collection) draws records the loader reads back equal, dated in range."""
        record = data.draw(
            srst.records(collection, start=START, end=END, staff_ids=["s1"], id="r1")
        )
        staff = (StaffMember("s1", "一号", START),) if collection != "staff" else ()
        school = School("sch", "学校", "ziyang", (Level.PRIMARY,))
        sf = SchoolFile(
            school=school,
            **{
                "staff": staff,
                collection: (*getattr(SchoolFile(school=school), collection), record),
            },
        )
        assert loads(dumps(sf)) == sf
        # Incidents: known up to three days after, reported up to three days after that.
        for day in all_dates(record):
            assert START <= day <= END + dt.timedelta(days=6)

    @pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
    def test_from_type_works_for_every_model(self, cls: type[Any]) -> None:
        """st.from_type of every model draws instances (registered through the package's
        ``hypothesis`` entry point)."""

        @settings(max_examples=5, deadline=None, database=None)
        @given(st.from_type(cls))
        def check(value: Any) -> None:
            assert isinstance(value, cls)

        check()

    def test_from_type_school_file(self) -> None:
        """st.from_type(SchoolFile) gives files that round-trip; incidents never count
        negative deaths (the reported failure of the first strategies)."""

        @settings(max_examples=20, deadline=None)
        @given(st.from_type(SchoolFile), st.from_type(Incident))
        def check(sf: SchoolFile, incident: Incident) -> None:
            assert loads(dumps(sf)) == sf
            assert incident.deaths >= 0

        check()

    def test_the_entry_point_is_registered(self) -> None:
        """The ``hypothesis`` entry point names the registering hook of this package."""
        (ep,) = [
            e for e in metadata.entry_points(group="hypothesis") if e.value.startswith("safetyregs")
        ]
        assert ep.value == "safetyregs._hypothesis:setup"


class TestEdges:
    def test_edge_days(self) -> None:
        """Edge days of 2024: month ends, the leap day, worked weekends (调休 Sun 4 Feb,
        Sat 27 Apr), themed days on weekends (Sat 9 Nov 2024 and its Sunday)."""
        days = set(srst.edge_days(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
        assert {dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 12, 31)} <= days
        assert {dt.date(2024, 2, 4), dt.date(2024, 4, 28)} <= days
        assert {dt.date(2024, 11, 9), dt.date(2024, 11, 10), dt.date(2024, 3, 25)} <= days
        assert all(dt.date(2024, 1, 1) <= d <= dt.date(2024, 12, 31) for d in days)

    def test_vocabulary_of_the_installed_profiles(self) -> None:
        """The values the rules name: changzhou's guard topics, ziyang's drowning, checklist
        items, the 1530 minute thresholds."""
        vocab = srst.vocabulary(list(safetyregs.profiles.load_all().values()))
        assert {"basics", "skills", "duty_norms"} <= set(vocab.words[("trainings", "topics")])
        assert "drowning" in vocab.words[("incidents", "kind")]
        assert "fire-1" in vocab.words[("self_inspections", "items")]
        assert {Decimal(1), Decimal(5), Decimal(30)} <= set(
            vocab.minimums[("education", "minutes")]
        )

    def test_edges_are_reached(self) -> None:
        """Over one run: drownings with deaths, guard training covering the three topics,
        records sharing a day, hazard steps sharing a day, a report exactly 30 minutes after."""
        seen: Counter[str] = Counter()

        @settings(max_examples=50, deadline=None, derandomize=True, database=None)
        @given(srst.school_files(start=START, end=END))
        def run(sf: SchoolFile) -> None:
            seen["drowning death"] += any(i.kind == "drowning" and i.deaths for i in sf.incidents)
            topics = {t for tr in sf.trainings for t in tr.topics}
            seen["guard topics"] += {"basics", "skills", "duty_norms"} <= topics or any(
                {"basics", "skills"} <= set(tr.topics) for tr in sf.trainings
            )
            days = [
                r.date for name in ("drills", "education", "meetings") for r in getattr(sf, name)
            ]
            seen["same day"] += len(days) != len(set(days))
            steps = [s.date for h in sf.hazards for s in h.steps]
            seen["same-day steps"] += (
                any(len({s.date for s in h.steps}) < len(h.steps) for h in sf.hazards) or False
            )
            seen["mid-year role"] += any(
                r.start.month not in (1,) and r.end is not None and r.end.month != 12
                for m in sf.staff
                for r in m.roles
            )
            del steps

        run()
        assert all(
            seen[k]
            for k in (
                "drowning death",
                "guard topics",
                "same day",
                "same-day steps",
                "mid-year role",
            )
        ), seen

    def test_reports_on_their_deadlines(self) -> None:
        """Incident reports fall exactly 30 and 60 minutes after the clock starts, and one
        second later: the edges of ziyang's deadlines."""
        delays: set[dt.timedelta] = set()

        @settings(max_examples=100, deadline=None, derandomize=True, database=None)
        @given(srst.incidents(start=START, end=END))
        def run(incident: Incident) -> None:
            for report in (incident.phone_reported_at, incident.written_reported_at):
                if report is not None:
                    delays.add(report - (incident.known_at or incident.occurred_at))

        run()
        edges = {dt.timedelta(minutes=m, seconds=s) for m in (30, 60) for s in (0, 1)}
        assert edges <= delays


def test_failing_examples_read_as_models(tmp_path: Path) -> None:
    """A failing test prints its example as model constructors, without internal lambdas."""
    test = tmp_path / "test_fails.py"
    test.write_text(
        "from hypothesis import Phase, given, settings\n"
        "from safetyregs import strategies as srst\n"
        "@settings(max_examples=20, database=None, phases=[Phase.generate])\n"
        "@given(srst.school_files(max_records=2))\n"
        "def test_no_drills(sf):\n"
        "    assert not sf.drills\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "Drill(" in done.stdout
    assert "lambda" not in done.stdout
