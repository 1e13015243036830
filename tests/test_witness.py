"""Compliant witnesses: ``safetyregs.testing.witness``, ``strategies.compliant_school_files``
and ``safetyregs witness``: compliant for every profile, every rule applies, deterministic."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safetyregs
from safetyregs import Citation, Period, Profile, Rule, SchoolFile, Text
from safetyregs import strategies as srst
from safetyregs._kinds import (
    Invariant,
    Ledger,
    Months,
    Need,
    Prohibition,
    Quota,
    Recurring,
    records,
)
from safetyregs.testing import WitnessError, record_effects, witness

#: The installed console script, as a user would run it.
SCRIPT = Path(sys.executable).parent / "safetyregs"

PROFILES = safetyregs.profiles.names()


def year_in_force(profile: Profile) -> Period:
    """The first whole calendar year after the profile takes effect, or its whole span."""
    year = Period(
        dt.date(profile.effective_from.year + 1, 1, 1),
        dt.date(profile.effective_from.year + 1, 12, 31),
    )
    until = profile.effective_until
    if until is not None and until < year.end:
        return Period(profile.effective_from, until)
    return year


def only_failures(rule: Rule) -> bool:
    """Rules whose kinds report only failures (a met invariant makes no obligation)."""
    return all(isinstance(c, Invariant | Prohibition | Ledger) for c in rule.checks)


def assert_compliant_and_applied(sf: SchoolFile, profile: Profile, period: Period) -> None:
    """Nothing violated or pending as of the period's end; every applicable rule applies."""
    obligations = safetyregs.evaluate(sf, profile, period, period.end)
    assert [o for o in obligations if o.status != "met"] == []
    made = Counter(o.rule for o in obligations)
    for rule in profile.rules:
        if not rule.applies_to(sf):
            continue
        if only_failures(rule):
            # Its subjects exist: a bus, an outing in the fire season, a ledger entry...
            for name in record_effects(rule):
                assert getattr(sf, name), (rule.id, name)
        else:
            assert made[rule.id] >= 1, rule.id


@pytest.mark.parametrize("name", PROFILES)
def test_witness_of_every_profile(name: str) -> None:
    """A witness meets every obligation of a year in force and every rule applies to it."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    sf = witness(profile, period)
    assert sf.school.jurisdiction == name
    assert all(rule.applies_to(sf) for rule in profile.rules)
    assert_compliant_and_applied(sf, profile, period)


def test_changzhou_witness_by_hand() -> None:
    """changzhou 2026, worked out by hand: the smallest compliant file.

    Default terms (20 Feb–10 Jul, 1 Sep–20 Jan) put every quarter in session, so one
    drill a quarter, on its last school day: Tue 31 Mar, Tue 30 Jun, Wed 30 Sep, Thu 31 Dec.
    A guard takes up the post on Mon 30 Nov (the last school day one month before the end)
    and is trained on basics, skills and duty norms by Wed 30 Dec; a hazard found on
    31 Dec is entered in the system that day (due by the end of December).
    """
    sf = witness("changzhou", Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert [d.date for d in sf.drills] == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]
    (guard,) = sf.staff
    assert [(str(r.role), r.start) for r in guard.roles] == [
        ("security_guard", dt.date(2026, 11, 30))
    ]
    (training,) = sf.trainings
    assert (training.staff, training.date) == (guard.id, dt.date(2026, 12, 30))
    assert set(training.topics) == {"basics", "skills", "duty_norms"}
    (hazard,) = sf.hazards
    assert (hazard.found, hazard.system_reported) == (dt.date(2026, 12, 31), dt.date(2026, 12, 31))
    empty = [n for n in srst.RECORD_LISTS if n not in ("staff", "drills", "trainings", "hazards")]
    assert all(getattr(sf, n) == () for n in empty)


def test_ziyang_witness_has_every_trigger_kind() -> None:
    """A drowning with a death, reported by phone at 30 and in writing at 60 minutes, with the
    receipt; a hazard through all eight steps in order by its deadline; an approved outing."""
    sf = witness("ziyang", Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    drowning = [i for i in sf.incidents if i.kind == "drowning"]
    assert drowning
    assert drowning[0].deaths >= 1
    assert drowning[0].letter_receipt_attached
    assert drowning[0].phone_reported_at - drowning[0].occurred_at == dt.timedelta(minutes=30)
    assert drowning[0].written_reported_at - drowning[0].occurred_at == dt.timedelta(minutes=60)
    (hazard,) = sf.hazards
    steps = [str(s.step) for s in hazard.steps]
    assert steps[-1] == "closed"
    assert len(steps) == 8
    assert [s.date for s in hazard.steps] == sorted(s.date for s in hazard.steps)
    assert hazard.deadline is not None
    assert hazard.steps[-2].date <= hazard.deadline
    (outing,) = sf.activities
    assert outing.approved_on is not None
    assert outing.approved_on <= outing.date
    assert dt.date(2026, 1, 1) <= outing.date <= dt.date(2026, 5, 31)


def test_one_record_serves_several_rules() -> None:
    """cixi: the monthly drill of May and November is also the whole-school drill, and each
    school day has one 1530 record whose minutes meet the daily, weekly and holiday rules."""
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    sf = witness("cixi", period, level="primary")
    may = [d for d in sf.drills if d.date.month == 5]
    assert len(may) == 1
    assert str(may[0].scope) == "whole_school"
    per_day = Counter(e.date for e in sf.education if str(e.kind) == "1530")
    assert set(per_day.values()) == {1}
    # The last school day of the spring term (Fri 10 Jul) owes 30 minutes.
    (last,) = [e for e in sf.education if e.date == dt.date(2026, 7, 10) and str(e.kind) == "1530"]
    assert last.minutes == 30


def test_level_chooses_the_rules() -> None:
    """A kindergarten owes quarterly drills, not the monthly drills of primary schools."""
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    sf = witness("ziyang", period, level="kindergarten")
    assert [str(lv) for lv in sf.school.levels] == ["kindergarten"]
    rules = {
        o.rule
        for o in safetyregs.evaluate(sf, safetyregs.profiles.get("ziyang"), period, period.end)
    }
    assert "ziyang.evacuation-drill-quarterly" in rules
    assert "ziyang.evacuation-drill-monthly" not in rules
    assert len(sf.drills) == 4


def test_routines_in_the_witness() -> None:
    """yanzhou: the morning and noon checks of every school day are two routines; expanded,
    the file is as compliant as the one typed record by record."""
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    profile = safetyregs.profiles.get("yanzhou")
    plain = witness(profile, period)
    short = witness(profile, period, routines=True)
    assert plain.routines == ()
    checks = {
        dict(r.record)["session"]: r for r in short.routines if r.collection == "health_checks"
    }
    assert set(checks) == {"morning", "noon"}
    assert {r.every for r in checks.values()} == {"school_day"}
    assert short.health_checks == ()
    assert len(safetyregs.expand_routines(short).health_checks) == len(plain.health_checks)
    assert_compliant_and_applied(short, profile, period)


def test_witness_is_deterministic() -> None:
    """The same profile and period give the same file."""
    period = Period(dt.date(2025, 3, 1), dt.date(2026, 2, 28))
    assert witness("yanzhou", period) == witness("yanzhou", period)


def test_derived_third_party_profile() -> None:
    """A derived profile with a tightened drill rule and a rule of its own gets a witness:
    two drills in every month in session, six class hours of annual training per teacher."""
    ziyang = safetyregs.profiles.get("ziyang")
    first_aid = Rule(
        "plus.teacher-first-aid",
        Text("教师急救培训", "First-aid training of teachers"),
        Citation("plus-notice.txt", "1", "教师每年接受不少于6学时的急救培训"),
        [
            Quota(
                ("teacher",),
                Decimal(6),
                Need(records("trainings", kind="annual"), measure="class_hours"),
            )
        ],
    )
    plus = ziyang.derive(
        "ziyang-plus",
        override={"ziyang.evacuation-drill-monthly": {"needs[0].at_least": 2}},
        add=[first_aid],
    )
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    sf = witness(plus, period, level="primary")
    assert_compliant_and_applied(sf, plus, period)
    assert Counter(d.date.month for d in sf.drills)[3] == 2
    teachers = [m for m in sf.staff if any(str(r.role) == "teacher" for r in m.roles)]
    assert teachers
    hours = sum(
        (
            t.class_hours
            for t in sf.trainings
            if t.staff == teachers[0].id and str(t.kind) == "annual"
        ),
        Decimal(0),
    )
    assert hours >= 6
    # Stricter than ziyang: a school compliant with it is compliant with ziyang.
    assert_compliant_and_applied(sf, ziyang, period)


def test_contradictory_rules_are_named() -> None:
    """Rules no school can meet together (a night drill every month, no night drill ever)
    make WitnessError name what is left unmet, instead of a file that is not compliant."""
    night = Rule(
        "x.night-drills",
        Text("每月夜间演练", "A night drill every month"),
        Citation("x.txt", "1", "每月夜间演练"),
        [Recurring(Months(), [Need(records("drills", night=True))])],
    )
    never = Rule(
        "x.no-night-drills",
        Text("不得夜间演练", "No night drills"),
        Citation("x.txt", "2", "不得夜间演练"),
        [Prohibition(records("drills"), (1, 1), (12, 31), require={"night": False})],
    )
    profile = safetyregs.profiles.get("changzhou").derive("x", add=[night, never])
    with pytest.raises(WitnessError, match=r"x\.(no-)?night-drills"):
        witness(profile, Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))


@pytest.mark.parametrize("name", PROFILES)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compliant_school_files(name: str, data: Any) -> None:
    """Whatever the school's terms, levels and extra records, the drawn files are compliant."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    sf = data.draw(srst.compliant_school_files(profile, period))
    assert_compliant_and_applied(sf, profile, period)


def run_witness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "witness", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("name", "fmt", "level"), [("ziyang", "json", "primary"), ("cixi", "toml", "kindergarten")]
)
def test_cli_writes_a_compliant_file(tmp_path: Path, name: str, fmt: str, level: str) -> None:
    """``safetyregs witness`` prints the same compact file each time; ``check`` finds nothing."""
    args = (name, "--from", "2026-01-01", "--to", "2026-12-31", "--level", level, "--format", fmt)
    first, second = run_witness(*args), run_witness(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    path = tmp_path / f"school.{fmt}"
    path.write_text(first.stdout, encoding="utf-8")
    loaded = safetyregs.load(path)
    year = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert loaded == witness(name, year, level=level, routines=True)
    check = subprocess.run(
        [
            str(SCRIPT),
            "check",
            str(path),
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--as-of",
            "2026-12-31",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(check.stdout)["violations"] == []
    if fmt == "json":  # compact: no empty lists, no fields left at their defaults
        data = json.loads(first.stdout)
        assert "buses" not in data
        assert all("night" not in d for d in data["drills"])


def test_cli_bad_input() -> None:
    """Unknown profile, reversed range, unknown level: exit 2, a message, nothing on stdout."""
    for args in (
        ("atlantis", "--from", "2026-01-01", "--to", "2026-12-31"),
        ("ziyang", "--from", "2026-12-31", "--to", "2026-01-01"),
        ("ziyang", "--from", "2026-01-01", "--to", "2026-12-31", "--level", "college"),
    ):
        done = run_witness(*args)
        assert done.returncode == 2, args
        assert done.stdout == ""
        assert done.stderr.startswith("safetyregs"), done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", PROFILES)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_school_file_is_completed(name: str, data: st.DataObject) -> None:
    """``witness(..., school=sf)`` completes any file (late reports, hazards out of order,
    a short ledger, prohibited outings...) into a compliant one that keeps all its records."""
    profile = safetyregs.profiles.get(name)
    period = year_in_force(profile)
    sf = data.draw(
        srst.school_files(jurisdiction=name, start=period.start, end=period.end, max_records=3)
    )
    done = witness(profile, period, school=sf)
    assert safetyregs.testing.compliant(done, profile, period)
    assert done.school == sf.school
    for collection in srst.RECORD_LISTS:
        kept = {getattr(r, "id", None) for r in getattr(done, collection)}
        assert {getattr(r, "id", None) for r in getattr(sf, collection)} <= kept, collection
