"""Readable results: ``Report.summary()``, the grouped CLI tables, filters and ``owes --next``.

The test school is a Cixi junior secondary school with the terms 2026-02-24..2026-07-10
and 2026-09-01..2027-01-22. Dates worked out by hand from the 2026 arrangement of the
State Council: 25 Sep (Fri) and 1–7 Oct are off, Sun 20 Sep and Sat 10 Oct are worked;
1 Jan 2027 (Fri) starts the New Year break. Cixi's 1530 rule wants a one-minute 1530
talk on every school day (``cixi.1530-daily``), five minutes on the last school day of
each week (``cixi.1530-weekly``) and thirty before each break (``cixi.1530-holiday``).

December 2026 has 23 school days: 1–4, 7–11, 14–18, 21–25 and 28–31 Dec. The last
school days of its weeks are Fri 4, 11, 18, 25 Dec and Thu 31 Dec (before New Year).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import safetyregs
from safetyregs._cli import main
from safetyregs._summary import DateRun

SCRIPT = Path(sys.executable).with_name("safetyregs")

CIXI: dict[str, Any] = {
    "school": {
        "id": "cx-9",
        "name": "慈溪市测试中学",
        "jurisdiction": "cixi",
        "levels": ["junior_secondary"],
        "terms": [
            {"start": "2026-02-24", "end": "2026-07-10"},
            {"start": "2026-09-01", "end": "2027-01-22"},
        ],
    },
    # The only 1530 talk of the summer weeks below: Thu 2 July.
    "education": [{"id": "e1", "date": "2026-07-02", "kind": "1530", "minutes": 1}],
}


@pytest.fixture
def school(tmp_path: Path) -> Path:
    path = tmp_path / "cixi.json"
    path.write_text(json.dumps(CIXI, ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestSummaryLines:
    def test_runs_break_at_the_summer_and_at_a_met_day(self, school: Path) -> None:
        """29 Jun–4 Sep with a talk on 2 Jul only: school days 29 Jun–10 Jul and 1–4 Sep.

        Missed: 29, 30 Jun, 1 Jul (3), 3, 6–10 Jul (6) and 1–4 Sep (4) = 13 days in three
        runs; the met 2 Jul splits July, and the summer (10 Jul → 1 Sep) splits the rest.
        """
        report = safetyregs.obligations(
            school, "2026-06-29", "2026-09-04", as_of="2026-09-05", rules=["cixi.1530-daily"]
        )
        line = report.summary().rule("cixi.1530-daily")
        assert (line.met, line.pending, line.violated) == (1, 0, 13)
        d = dt.date
        assert line.dates("violated") == (
            DateRun(d(2026, 6, 29), d(2026, 7, 1), 3),
            DateRun(d(2026, 7, 3), d(2026, 7, 10), 6),
            DateRun(d(2026, 9, 1), d(2026, 9, 4), 4),
        )
        assert line.text("en") == (
            "violated on 13 days: 29 Jun–1 Jul, 3–10 Jul, 1–4 Sep; met on 1 day"
        )
        assert line.text("zh") == (
            "已违规 13 天：6月29日–7月1日、7月3日–7月10日、9月1日–9月4日；已完成 1 天"
        )

    def test_holiday_weeks_do_not_break_a_run(self, school: Path) -> None:
        """1 Sep–16 Oct without talks: 22 September school days (Sun 20 Sep worked, Fri 25 Sep
        off) and 8 in October (8, 9, Sat 10, 12–16): 30 days, one run over the National Day
        break (30 Sep → 8 Oct is 8 days)."""
        report = safetyregs.check(
            school, "2026-09-01", "2026-10-16", as_of="2026-10-17", lang="en"
        ).where(rule="cixi.1530-daily")
        line = report.summary().rule("cixi.1530-daily")
        assert line.violated == 30
        assert line.dates("violated") == (DateRun(dt.date(2026, 9, 1), dt.date(2026, 10, 16), 30),)

    def test_december_most_urgent_first(self, school: Path) -> None:
        """December as of 2 Dec: the daily talk (missed 1 Dec, pending from 2 Dec) first, then
        the weekly one (next due Fri 4 Dec), then what falls due on 31 Dec by rule id."""
        summary = safetyregs.owes(school, as_of="2026-12-02", lang="en").summary()
        assert [line.rule for line in summary] == [
            "cixi.1530-daily",
            "cixi.1530-weekly",
            "cixi.1530-holiday",
            "cixi.evacuation-drill-monthly",
        ]
        daily, weekly, before_break, drill = summary
        assert (daily.violated, daily.pending) == (1, 22)
        assert daily.text("en") == "violated on 1 day: 1 Dec; pending on 22 days: 2–31 Dec"
        assert daily.text("zh") == "已违规 1 天：12月1日；待完成 22 天：12月2日–12月31日"
        assert weekly.next_due == dt.date(2026, 12, 4)
        assert weekly.text("en") == "pending on 5 days: 4 Dec, 11 Dec, 18 Dec, 25 Dec, 31 Dec"
        assert before_break.text("en") == "pending on 1 day: 31 Dec"
        assert drill.text("en") == "pending 1, due 31 Dec"
        assert drill.only is not None
        assert drill.only.rule == "cixi.evacuation-drill-monthly"
        assert summary.counts() == {"met": 0, "pending": 29, "violated": 1}

    def test_str_is_the_heading_and_a_line_per_rule(self, school: Path) -> None:
        """``str(summary)`` is one heading and one line per rule, in the report's language."""
        text = str(safetyregs.owes(school, as_of="2026-12-02", lang="en").summary())
        lines = text.splitlines()
        assert lines[0] == (
            "cx-9 · cixi · 2026-12-01..2026-12-31 · as of 2026-12-02: 0 met, 29 pending, 1 violated"
        )
        assert len(lines) == 5
        assert lines[1].startswith("✘ ")
        assert "(cixi.1530-daily): violated on 1 day: 1 Dec" in lines[1]

    def test_years_named_across_a_new_year(self, school: Path) -> None:
        """A range over New Year names the year of every date (2027's arrangement is not
        published yet: a CalendarWarning says so)."""
        with pytest.warns(safetyregs.CalendarWarning):
            report = safetyregs.obligations(
                school, "2026-12-28", "2027-01-08", as_of="2027-01-09", rules=["cixi.1530-daily"]
            )
        text = report.summary().rule("cixi.1530-daily").text("en", with_year=True)
        assert text.startswith("violated on ")
        assert "28 Dec 2026–" in text
        assert report.summary().with_year

    def test_subjects_named_by_what_they_are(self) -> None:
        """A themed-week rule names its theme as a reader says it, not the enum value."""
        year = safetyregs.obligations(
            safetyregs.example_school(), "2026-01-01", "2026-12-31", as_of="2026-11-23"
        )
        line = year.summary().rule("ziyang.themed-education-days")
        assert "fire_safety" in line.subjects
        assert "Fire Safety Day" in line.text("en")
        assert "消防日" in line.text("zh")

    def test_empty_summary(self, school: Path) -> None:
        """A report with nothing in it summarises to no lines and says so."""
        report = safetyregs.owes(school, as_of="2026-12-02").where(rule="no-such-rule")
        assert len(report.summary()) == 0
        assert str(report.summary()).splitlines()[-1] == "无"


class TestJson:
    def test_summary_key_beside_the_full_list(
        self, school: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--format json`` keeps every obligation and adds ``summary``: counts and rules."""
        code, out, _ = run(
            capsys, "owes", str(school), "--as-of", "2026-12-02", "--format", "json",
            "--lang", "en",
        )  # fmt: skip
        doc = json.loads(out)
        assert code == 1
        assert len(doc["obligations"]) == 30
        assert doc["summary"]["counts"] == {"met": 0, "pending": 29, "violated": 1}
        first = doc["summary"]["rules"][0]
        assert first["rule"] == "cixi.1530-daily"
        assert first["counts"] == {"met": 0, "pending": 22, "violated": 1}
        assert first["dates"]["violated"] == [["2026-12-01", "2026-12-01"]]
        assert first["dates"]["pending"] == [["2026-12-02", "2026-12-31"]]
        assert first["next_due"] == "2026-12-02"
        assert first["text"] == "violated on 1 day: 1 Dec; pending on 22 days: 2–31 Dec"
        assert all(set(o) >= {"id", "rule", "subject", "status", "due"} for o in doc["obligations"])


class TestTables:
    def test_check_prints_one_row_per_rule(
        self, school: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The default table has a row per rule with its runs, not a row per missed day."""
        code, out, _ = run(
            capsys, "check", str(school), "--from", "2026-06-29", "--to", "2026-09-04",
            "--as-of", "2026-09-05", "--rule", "cixi.1530-daily", "--lang", "en",
        )  # fmt: skip
        assert code == 1
        assert out.count("cixi.1530-daily") == 1
        assert "29 Jun–1 Jul" in out
        assert "1–4 Sep" in out

    def test_each_prints_one_row_per_obligation(
        self, school: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--each`` gives the table of single obligations: 13 rows for the 13 missed days."""
        code, out, _ = run(
            capsys, "check", str(school), "--from", "2026-06-29", "--to", "2026-09-04",
            "--as-of", "2026-09-05", "--rule", "cixi.1530-daily", "--lang", "en", "--each",
        )  # fmt: skip
        assert code == 1
        assert out.count("cixi.1530-daily") == 13

    def test_owes_zh_table(self, school: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The Chinese table names the runs in Chinese and the statuses 已违规 and 待完成."""
        code, out, _ = run(capsys, "owes", str(school), "--as-of", "2026-12-02")
        assert code == 1
        assert "12月2日–12月31日" in out
        assert "已违规" in out
        assert "待完成" in out


class TestFilters:
    def test_where_returns_a_report(self, school: Path) -> None:
        """``where`` keeps the Report's school, range and as-of, and narrows by glob."""
        month = safetyregs.owes(school, as_of="2026-12-02")
        narrowed = month.where(status="pending", rule="cixi.1530-*")
        assert isinstance(narrowed, safetyregs.Report)
        assert (narrowed.period, narrowed.as_of) == (month.period, month.as_of)
        assert {ob.rule for ob in narrowed} == {
            "cixi.1530-daily",
            "cixi.1530-weekly",
            "cixi.1530-holiday",
        }
        assert len(narrowed) == 22 + 5 + 1

    def test_status_several_and_subject(self) -> None:
        """Several statuses at once; a subject narrows to one hazard."""
        year = safetyregs.obligations(
            safetyregs.example_school(), "2026-01-01", "2026-12-31", as_of="2026-11-23"
        )
        both = year.where(status=["pending", "violated"])
        assert len(both) == len(year.pending) + len(year.violations)
        hazard = year.where(subject="h2")
        assert hazard.counts() == {"met": 0, "pending": 1, "violated": 0}

    def test_unknown_status_is_an_error(self, school: Path) -> None:
        """A misspelt status is refused with the allowed values, not silently empty."""
        month = safetyregs.owes(school, as_of="2026-12-02")
        with pytest.raises(ValueError, match="'late' is not one of met, pending, violated"):
            month.where(status="late")

    def test_cli_status_and_rule(self, school: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--status pending --rule 'cixi.1530-w*'``: the five Friday talks, exit 0."""
        code, out, _ = run(
            capsys, "owes", str(school), "--as-of", "2026-12-02", "--status", "pending",
            "--rule", "cixi.1530-w*", "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert code == 0
        assert [o["due"] for o in doc["obligations"]] == [
            "2026-12-04",
            "2026-12-11",
            "2026-12-18",
            "2026-12-25",
            "2026-12-31",
        ]

    def test_cli_bad_status_exit_2(self, school: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A status the CLI does not know: exit 2, message on stderr, nothing on stdout."""
        code, out, err = run(capsys, "owes", str(school), "--as-of", "2026-12-02", "--status", "x")
        assert (code, out) == (2, "")
        assert "'x' is not one of met, pending, violated" in err


class TestNext:
    def test_next_fourteen_days(self, school: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``owes --next 14`` as of Wed 2 Dec: 2–15 Dec, 10 school days and 2 Fridays."""
        code, out, _ = run(
            capsys, "owes", str(school), "--as-of", "2026-12-02", "--next", "14",
            "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert code == 0
        assert (doc["from"], doc["to"]) == ("2026-12-02", "2026-12-15")
        rules = [o["rule"] for o in doc["obligations"]]
        assert rules.count("cixi.1530-daily") == 10
        assert rules.count("cixi.1530-weekly") == 2
        assert len(rules) == 12

    def test_next_one_is_today(self, school: Path) -> None:
        """``next_days=1`` is the as-of day alone."""
        report = safetyregs.owes(school, as_of="2026-12-04", next_days=1)
        assert (report.period.start, report.period.end) == (dt.date(2026, 12, 4),) * 2
        assert sorted(ob.rule for ob in report) == ["cixi.1530-daily", "cixi.1530-weekly"]

    @pytest.mark.parametrize(
        "argv", [("--next", "0"), ("--next", "x"), ("--next", "3", "--month", "2026-12")]
    )
    def test_bad_next(
        self, school: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
    ) -> None:
        """Zero, a word, or ``--next`` with ``--month``: usage errors, exit 2."""
        code, out, err = run(capsys, "owes", str(school), "--as-of", "2026-12-02", *argv)
        assert (code, out) == (2, "")
        assert err


class TestCsv:
    @pytest.mark.parametrize("command", ["owes", "obligations", "check"])
    def test_one_row_per_obligation(
        self, school: Path, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """``--format csv``: a header and one row per obligation, read back by the csv module."""
        argv = [command, str(school), "--as-of", "2026-12-02", "--format", "csv", "--lang", "en"]
        if command != "owes":
            argv += ["--month", "2026-12"]
        code, out, _ = run(capsys, *argv)
        rows = list(csv.DictReader(io.StringIO(out)))
        assert code == 1
        assert list(rows[0])[:5] == ["id", "rule", "title", "subject", "status"]
        assert {"due", "clause"} <= set(rows[0])
        expected = 1 if command == "check" else 30
        assert len(rows) == expected
        first = rows[0]
        assert first["id"] == "cixi.1530-daily/cx-9/2026-12-01..2026-12-01"
        assert (first["status"], first["due"], first["clause"]) == (
            "violated",
            "2026-12-01",
            "四(二)5",
        )
        assert first["title"] == "1530: one minute before every dismissal"
        assert len({r["id"] for r in rows}) == len(rows)


class TestVersionAndPipe:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--version`` prints the installed version and exits 0."""
        from importlib import metadata

        code, out, _ = run(capsys, "--version")
        assert code == 0
        assert out.strip() == f"safetyregs {metadata.version('safetyregs')}"

    def test_closed_pipe_ends_quietly(self, school: Path) -> None:
        """``check --each … | head -1``: no traceback on stderr, the exit status kept (1)."""
        proc = subprocess.Popen(
            [str(SCRIPT), "check", str(school), "--as-of", "2026-12-02", "--each",
             "--format", "csv"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        assert proc.stdout is not None
        assert proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 1
        assert first.startswith(b"id,rule")
        assert err == b""


class TestDiff:
    def test_lists_shared_rules_without_empty_tables(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A profile against itself: every rule is shared, and no empty differences table."""
        code, out, _ = run(capsys, "diff", "ziyang", "ziyang", "--lang", "en")
        assert code == 0
        assert "Rules in both" in out
        assert "ziyang.holiday-duty / ziyang.holiday-duty — same parameters" in out
        assert "Parameters that differ" not in out
        assert "┏" not in out

    def test_differences_table_when_some_differ(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Monthly against quarterly drills: the shared topic and its differences table."""
        code, out, _ = run(capsys, "diff", "ziyang", "yanzhou", "--lang", "en")
        assert code == 0
        assert "Rules in both" in out
        assert "Parameters that differ" in out


class TestManySchools:
    def test_listing_flags_refused_with_a_summary(
        self, school: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--each`` or a filter with several files is a usage error, not silently ignored."""
        code, out, err = run(capsys, "check", str(school), str(school), "--status", "violated")
        assert (code, out) == (2, "")
        assert "--status: only for one school's listing" in err


def test_markup_in_a_subject_stays_text(capsys: pytest.CaptureFixture[str]) -> None:
    """A hazard id written as rich markup is printed as typed in the grouped table."""
    hazard = "[red]HAZ[/red][link=https://example.invalid]X[/link]"
    path = Path(__file__).parent / "data" / "hostile" / "markup_hazard_id.json"
    code, out, _ = run(
        capsys, "check", str(path), "--month", "2026-11", "--as-of", "2026-12-01", "--lang", "en"
    )
    assert code == 1
    assert hazard in out
