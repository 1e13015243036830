"""The notebook API accepts what people type: ISO strings, defaults like the CLI, slices.

The example school (``zy-demo``, ziyang) as of 23 November 2026 has four violations
in 2026 (see tests/test_public_api.py): the June drill, the July safety review, the
4 October holiday duty and the written report of incident i1, due 2026-10-14 16:10.
"""

from __future__ import annotations

import datetime as dt

import pytest

import safetyregs
from safetyregs._api import UsageError, as_date

D = dt.date.fromisoformat
VIOLATIONS = [
    ("2026-06-30", "ziyang.evacuation-drill-monthly"),
    ("2026-07-31", "ziyang.safety-review-meeting"),
    ("2026-10-04", "ziyang.holiday-duty"),
    ("2026-10-14", "ziyang.incident-written-report"),
]

pd = pytest.importorskip("pandas")


def pairs(report: safetyregs.Report) -> list[tuple[str, str]]:
    return [(o.due_date.isoformat(), o.rule) for o in report]


@pytest.fixture(scope="module")
def year() -> safetyregs.Report:
    """The example school's 2026 as of 23 November, asked for with strings."""
    return safetyregs.obligations(
        safetyregs.example_school(), "2026-01-01", "2026-12-31", as_of="2026-11-23", lang="en"
    )


class TestStringDates:
    def test_owes_with_a_string_as_of(self) -> None:
        """``owes(s, as_of="2026-12-02")`` is December 2026 (it used to fail)."""
        report = safetyregs.owes(safetyregs.example_school(), as_of="2026-12-02")
        assert str(report.period) == "2026-12-01..2026-12-31"
        assert report.as_of == dt.date(2026, 12, 2)

    def test_strings_equal_dates(self) -> None:
        """Strings and dates give the same obligations."""
        school = safetyregs.example_school()
        typed = safetyregs.obligations(
            school, D("2026-10-01"), D("2026-10-31"), as_of=D("2026-11-23")
        )
        text = safetyregs.obligations(school, "2026-10-01", "2026-10-31", as_of="2026-11-23")
        assert typed.obligations == text.obligations

    def test_month_keyword_and_date_month(self) -> None:
        """``obligations(month="2026-11")``; a month may be any day of it, or a date."""
        school = safetyregs.example_school()
        by_month = safetyregs.obligations(school, month="2026-11", as_of="2026-11-23")
        by_day = safetyregs.owes(school, month="2026-11-17", as_of="2026-11-23")
        by_date = safetyregs.owes(school, month=D("2026-11-30"), as_of="2026-11-23")
        assert str(by_month.period) == "2026-11-01..2026-11-30"
        assert by_month.obligations == by_day.obligations == by_date.obligations

    def test_obligations_default_is_the_month_of_as_of(self) -> None:
        """Without a range, ``obligations`` is the month of ``as_of``, like the CLI."""
        report = safetyregs.obligations(safetyregs.example_school(), as_of="2026-11-23")
        assert str(report.period) == "2026-11-01..2026-11-30"

    def test_check_defaults_to_the_year_so_far(self) -> None:
        """``check(school, as_of=…)`` is 1 January to as_of, as the CLI does."""
        report = safetyregs.check(safetyregs.example_school(), as_of="2026-11-23")
        assert str(report.period) == "2026-01-01..2026-11-23"
        assert pairs(report) == VIOLATIONS

    def test_datetime_counts_as_its_day(self) -> None:
        """A datetime given for a date is its day."""
        assert as_date(dt.datetime(2026, 11, 23, 18, 30), "as_of") == dt.date(2026, 11, 23)

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (lambda s: safetyregs.owes(s, as_of="2026-02-30"), "as_of: '2026-02-30' is not a date"),
            (lambda s: safetyregs.owes(s, as_of="23/11/2026"), "as_of: '23/11/2026' is not a date"),
            (lambda s: safetyregs.owes(s, month="2026-13"), "month: '2026-13' is not a month"),
            (lambda s: safetyregs.owes(s, month="Nov"), "month: 'Nov' is not a month"),
            (
                lambda s: safetyregs.check(s, "2026-12-01", "2026-11-01", as_of="2026-12-02"),
                "end 2026-11-01 precedes start 2026-12-01",
            ),
            (
                lambda s: safetyregs.obligations(s, "2026-11-01", month="2026-11"),
                "either month or start and end",
            ),
            (lambda s: safetyregs.owes(s, as_of=20261202), "as_of: 20261202 is not a date"),
            (lambda s: safetyregs.owes(s, as_of="2026-12-02", next_days=0), "next_days: 0"),
        ],
    )
    def test_bad_values_raise_a_clear_error(self, call: object, message: str) -> None:
        """Bad dates and months raise a ValueError (and a SafetyRegsError) naming the argument."""
        school = safetyregs.example_school()
        with pytest.raises(UsageError, match=message) as info:
            call(school)  # type: ignore[operator]
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, safetyregs.SafetyRegsError)


class TestReportsStayReports:
    def test_slice_of_violations_explains(self, year: safetyregs.Report) -> None:
        """``report.violations[:3]`` is a Report of the first three, with ``explain()``."""
        first = year.violations[:3]
        assert isinstance(first, safetyregs.Report)
        assert pairs(first) == VIOLATIONS[:3]
        text = first.explain()
        assert text.count("[violated]") == 3
        assert "ziyang.incident-written-report" not in text

    def test_index_is_an_obligation(self, year: safetyregs.Report) -> None:
        """An integer index still gives one Obligation."""
        assert isinstance(year.violations[-1], safetyregs.Obligation)
        assert year.violations[-1].rule == "ziyang.incident-written-report"

    def test_where_like_the_issue(self, year: safetyregs.Report) -> None:
        """``where(status="violated", rule="ziyang.*-report")`` keeps the late report only."""
        late = year.where(status="violated", rule="ziyang.*-report")
        assert pairs(late) == [VIOLATIONS[3]]
        assert late.school == year.school

    def test_where_due_bounds(self, year: safetyregs.Report) -> None:
        """``due_from``/``due_to`` keep due days inside the bounds, both included."""
        autumn = year.violations.where(due_from="2026-10-04", due_to="2026-10-14")
        assert pairs(autumn) == VIOLATIONS[2:]


class TestPandas:
    def test_dtypes(self, year: safetyregs.Report) -> None:
        """Dates are datetime64, the due moment is zoned, categories and numbers are real."""
        df = year.to_pandas()
        assert df.index.name == "id"
        assert df.index.is_unique
        for column in ("period_start", "period_end", "due"):
            assert pd.api.types.is_datetime64_dtype(df[column]), column
        assert str(df["due_at"].dt.tz) == "Asia/Shanghai"
        assert isinstance(df["status"].dtype, pd.CategoricalDtype)
        assert df["status"].cat.ordered
        assert list(df["status"].cat.categories) == ["met", "pending", "violated"]
        assert isinstance(df["rule"].dtype, pd.CategoricalDtype)
        for column in ("found", "required", "share"):
            assert pd.api.types.is_float_dtype(df[column]), column

    def test_values(self, year: safetyregs.Report) -> None:
        """The incident's written report is due 14 Oct 16:10 in Shanghai; days are days."""
        df = year.to_pandas()
        row = df.loc[df["rule"] == "ziyang.incident-written-report"].iloc[0]
        assert row["due_at"] == pd.Timestamp("2026-10-14 16:10", tz="Asia/Shanghai")
        assert row["due"] == pd.Timestamp("2026-10-14")
        assert row["status"] == "violated"
        assert pd.isna(df.loc[df["rule"] == "ziyang.holiday-duty", "due_at"]).all()
        assert (df["status"] > "pending").sum() == 4
        assert len(df) == len(year)

    def test_empty_report(self, year: safetyregs.Report) -> None:
        """An empty report still has the columns and dtypes."""
        df = year.where(rule="nothing").to_pandas()
        assert len(df) == 0
        assert pd.api.types.is_datetime64_dtype(df["due"])
        assert isinstance(df["status"].dtype, pd.CategoricalDtype)


class TestSummaryInJupyter:
    def test_summary_html(self, year: safetyregs.Report) -> None:
        """``summary()`` shows as a table with one row per rule."""
        html = year.summary()._repr_html_()
        assert html.count("<tr>") == 1 + len(year.summary())
        assert "ziyang.incident-written-report" in html

    def test_long_report_folds_its_rows(self, year: safetyregs.Report) -> None:
        """A report of more than 30 obligations shows the summary, then folded rows."""
        html = year._repr_html_()
        assert len(year) > 30
        assert "<details>" in html
        assert html.index("ziyang.holiday-duty") < html.index("<details>")


@pytest.mark.parametrize("module", ["safetyregs._api", "safetyregs._ics"])
def test_docstring_examples_run(module: str) -> None:
    """The examples in the docstrings of the API and calendar modules give what they show."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0
