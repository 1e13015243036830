"""The public surface of ``safetyregs``: exports, errors, one-call helpers, reports."""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import safetyregs

D = dt.date.fromisoformat

#: The example school in November 2026 as of 23 Nov, worked by hand from its records:
#: fire-safety week 9–15 Nov (lesson e4 on 9 Nov), drill d7 on 12 Nov, hazard h2 only
#: assessed (deadline 30 Nov), safety review on 3 Nov (its monthly routine).
EXAMPLE_NOVEMBER = [
    ("2026-11-15", "ziyang.themed-education-days", "fire_safety", "met"),
    ("2026-11-30", "ziyang.evacuation-drill-monthly", "zy-demo", "met"),
    ("2026-11-30", "ziyang.hazard-closed-loop", "h2", "pending"),
    ("2026-11-30", "ziyang.safety-review-meeting", "zy-demo", "met"),
]


def rows(report: safetyregs.Report) -> list[tuple[str, str, str, str]]:
    return [(o.due.isoformat(), o.rule, o.subject, o.status) for o in report]


class TestAll:
    """``safetyregs.__all__`` is sorted and exactly what the package exports."""

    def test_sorted_without_duplicates(self) -> None:
        """``__all__`` is sorted and names nothing twice."""
        assert safetyregs.__all__ == sorted(set(safetyregs.__all__))

    def test_every_name_exists(self) -> None:
        """Every name in ``__all__`` is an attribute of the package."""
        missing = [n for n in safetyregs.__all__ if not hasattr(safetyregs, n)]
        assert missing == []

    def test_no_public_attribute_left_out(self) -> None:
        """Every public attribute that is not a submodule is listed in ``__all__``."""
        public = {
            name
            for name, value in vars(safetyregs).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
        }
        assert public - set(safetyregs.__all__) == set()

    def test_embedding_names_exported(self) -> None:
        """What an embedding app uses: dict loading, validation, errors, typed results."""
        needed = {
            "Error",
            "Lang",
            "Message",
            "RuleError",
            "UsageError",
            "from_dict",
            "record",
            "render",
            "result_schema",
            "schema",
            "validate",
        }
        assert needed <= set(safetyregs.__all__)

    def test_core_names_exported(self) -> None:
        """The names the contract and docs rely on are exported."""
        needed = {
            "Obligation",
            "Period",
            "Profile",
            "ProfileNotFoundError",
            "Report",
            "SchoolFile",
            "SchoolFileError",
            "check",
            "dumps",
            "evaluate",
            "load",
            "loads",
            "obligations",
            "owes",
            "profiles",
        }
        assert needed <= set(safetyregs.__all__)

    def test_enums_exported(self) -> None:
        """Every closed set of values the models define is public, with the models' members."""
        from safetyregs import _models

        enums = {
            name
            for name, value in vars(_models).items()
            if isinstance(value, type)
            and issubclass(value, enum.Enum)
            and value.__module__ == _models.__name__
        }
        assert enums == {
            "CheckSession",
            "ChemicalAction",
            "DrillKind",
            "DrillScope",
            "EducationKind",
            "Level",
            "MeetingKind",
            "Role",
            "Step",
            "SubmissionKind",
            "Theme",
            "TrainingKind",
        }
        for name in enums:
            assert getattr(safetyregs, name) is getattr(_models, name)
        assert safetyregs.Level("primary") is safetyregs.Level.PRIMARY

    def test_parameter_exported(self) -> None:
        """``Parameter`` (what ``Profile.parameters()`` returns) is public and frozen."""
        [first, *_] = safetyregs.profiles.get("ziyang").parameters()
        assert isinstance(first, safetyregs.Parameter)
        with pytest.raises(AttributeError):
            first.value = 1  # type: ignore[misc]


class TestErrors:
    """One root error; leaves also inherit the nearest built-in."""

    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (safetyregs.SchoolFileError, ValueError),
            (safetyregs.ProfileNotFoundError, LookupError),
            (safetyregs.ProfileError, ValueError),
            (safetyregs.DateRangeError, ValueError),
            (safetyregs.UsageError, ValueError),
            (safetyregs.RuleError, safetyregs.ProfileError),
            (safetyregs.DateRangeError, safetyregs.UsageError),
        ],
    )
    def test_leaf_inherits_root_and_builtin(self, error: type, builtin: type) -> None:
        """Each leaf is a SafetyRegsError and its built-in."""
        assert issubclass(error, safetyregs.SafetyRegsError)
        assert issubclass(error, builtin)

    def test_root_is_an_exception(self) -> None:
        """The root subclasses Exception."""
        assert issubclass(safetyregs.SafetyRegsError, Exception)

    def test_unknown_profile_is_a_lookup_error(self) -> None:
        """``profiles.get`` of an unknown name raises a LookupError naming what is installed."""
        with pytest.raises(LookupError, match="ziyang") as info:
            safetyregs.profiles.get("nowhere")
        assert isinstance(info.value, safetyregs.ProfileNotFoundError)

    def test_bad_school_file_is_a_value_error(self) -> None:
        """A school file with an impossible date raises a ValueError carrying the JSON path."""
        text = json.dumps(
            {
                "school": {"id": "x", "name": "x", "jurisdiction": "ziyang", "levels": ["primary"]},
                "drills": [{"id": "d1", "date": "2026-02-30"}],
            }
        )
        with pytest.raises(ValueError, match=r"drills\[0\]\.date") as info:
            safetyregs.loads(text)
        assert isinstance(info.value, safetyregs.SchoolFileError)
        assert [path for path, _ in info.value.errors] == ["drills[0].date"]


class TestOwes:
    """``owes()``: what a school owes in a month."""

    def test_example_school_november(self) -> None:
        """The example school's November 2026, as of 23 Nov."""
        report = safetyregs.owes(
            safetyregs.example_school(), month="2026-11", as_of=D("2026-11-23")
        )
        assert (report.school, report.profile) == ("zy-demo", "ziyang")
        assert (report.period.start, report.period.end) == (D("2026-11-01"), D("2026-11-30"))
        assert rows(report) == EXAMPLE_NOVEMBER

    def test_month_defaults_to_as_of(self) -> None:
        """Without ``month``, the month of ``as_of``."""
        school = safetyregs.example_school()
        implicit = safetyregs.owes(school, as_of=D("2026-11-23"))
        assert rows(implicit) == EXAMPLE_NOVEMBER

    def test_from_a_path_with_profile_name(self, tmp_path: Path) -> None:
        """``owes`` reads a school file path and takes a profile by name."""
        path = tmp_path / "school.json"
        path.write_text(safetyregs.dumps(safetyregs.example_school()), encoding="utf-8")
        report = safetyregs.owes(path, "2026-11", as_of=D("2026-11-23"), profile="ziyang")
        assert rows(report) == EXAMPLE_NOVEMBER

    def test_check_example_year_so_far(self) -> None:
        """``check`` of 1 Jan – 23 Nov 2026: four violations (see test_cli's demo)."""
        report = safetyregs.check(
            safetyregs.example_school(), D("2026-01-01"), D("2026-11-23"), as_of=D("2026-11-23")
        )
        assert [(o.due_date.isoformat(), o.rule) for o in report] == [
            ("2026-06-30", "ziyang.evacuation-drill-monthly"),
            ("2026-07-31", "ziyang.safety-review-meeting"),
            ("2026-10-04", "ziyang.holiday-duty"),
            ("2026-10-14", "ziyang.incident-written-report"),
        ]


class TestReport:
    """``Report``: iteration, filtering, JSON form and Jupyter display."""

    @pytest.fixture
    def report(self) -> safetyregs.Report:
        """2026 of the example school as of 23 Nov: met, pending and violated together."""
        return safetyregs.obligations(
            safetyregs.example_school(), D("2026-01-01"), D("2026-12-31"), as_of=D("2026-11-23")
        )

    def test_counts_and_filters(self, report: safetyregs.Report) -> None:
        """``violations``, ``pending`` and ``met`` partition the report; counts agree."""
        counts = report.counts()
        assert counts["violated"] == 4
        assert counts["pending"] > 0
        assert (len(report.violations), len(report.pending), len(report.met)) == (
            counts["violated"],
            counts["pending"],
            counts["met"],
        )
        assert sum(counts.values()) == len(report)

    def test_repr_html_contains_statuses_zh(self, report: safetyregs.Report) -> None:
        """The HTML table shows every status, in Chinese by default."""
        html = report._repr_html_()
        assert "<table" in html
        assert all(word in html for word in ("已完成", "待完成", "已违规"))

    def test_repr_html_contains_statuses_en(self) -> None:
        """With ``lang="en"`` the HTML speaks English."""
        report = safetyregs.obligations(
            safetyregs.example_school(),
            D("2026-01-01"),
            D("2026-12-31"),
            as_of=D("2026-11-23"),
            lang="en",
        )
        html = report._repr_html_()
        assert all(word in html for word in ("met", "pending", "violated"))
        assert "ziyang.holiday-duty" in html

    def test_to_dict_shape(self, report: safetyregs.Report) -> None:
        """``to_dict("violations")`` is the CLI's JSON object."""
        doc = report.violations.to_dict("violations")
        assert set(doc) == {"school", "profile", "from", "to", "as_of", "violations", "summary"}
        assert (doc["from"], doc["to"], doc["as_of"]) == ("2026-01-01", "2026-12-31", "2026-11-23")
        assert len(doc["violations"]) == 4

    def test_repr_counts(self, report: safetyregs.Report) -> None:
        """The repr summarises the counts."""
        assert "4 violated" in repr(report)


class TestHelpers:
    """``month_period``, ``today``, loading and dumping."""

    def test_month_period(self) -> None:
        """``"2026-02"`` is 1–28 Feb; a date gives its month."""
        assert safetyregs.month_period("2026-02") == safetyregs.Period(
            D("2026-02-01"), D("2026-02-28")
        )
        assert safetyregs.month_period(D("2028-02-10")).end == D("2028-02-29")

    def test_month_period_rejects_bad_month(self) -> None:
        """``"2026-13"`` is no month: a UsageError (also a ValueError)."""
        with pytest.raises(safetyregs.UsageError, match="2026-13"):
            safetyregs.month_period("2026-13")

    def test_today_is_china_standard_time(self) -> None:
        """``today()`` is the date in Asia/Shanghai."""
        before = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        got = safetyregs.today()
        after = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        assert got in (before, after)

    def test_example_round_trips(self) -> None:
        """``loads(dumps(example))`` gives back the example school."""
        school = safetyregs.example_school()
        assert safetyregs.loads(safetyregs.dumps(school)) == school

    def test_load_school_checks_jurisdiction(self, tmp_path: Path) -> None:
        """``load_school`` rejects a jurisdiction that is not installed, naming the path."""
        data = json.loads(safetyregs.dumps(safetyregs.example_school()))
        data["school"]["jurisdiction"] = "chengdu"
        path = tmp_path / "school.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(safetyregs.SchoolFileError, match=r"school\.jurisdiction"):
            safetyregs.load_school(path)
