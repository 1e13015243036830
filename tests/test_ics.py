"""Tests for safetyregs._ics: obligations as an iCalendar file of VTODOs or VEVENTs."""

from __future__ import annotations

import datetime as dt
import importlib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import safetyregs
from safetyregs import _ics
from safetyregs._api import Report
from safetyregs._cli import main
from safetyregs._ics import calendar_ics, obligation_uid, write_ics
from safetyregs._models import CST

icalendar = pytest.importorskip("icalendar")

AS_OF = dt.date(2026, 11, 23)
STAMP = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def report() -> Report:
    """The example school's whole 2026, as of 23 November."""
    school = safetyregs.example_school()
    return safetyregs.obligations(
        school, dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=AS_OF, lang="en"
    )


@pytest.fixture(scope="module")
def parsed(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The calendar written to a file and read back."""
    path = tmp_path_factory.mktemp("ics") / "school.ics"
    assert write_ics(report, path, stamp=STAMP) == len(report)
    return icalendar.Calendar.from_ical(path.read_bytes())


@pytest.fixture
def school_path(tmp_path: Path) -> Path:
    path = tmp_path / "school.json"
    text = resources.files("safetyregs").joinpath("data/example_school.json").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    return path


def _by_uid(calendar: Any) -> dict[str, Any]:
    return {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}


class TestCalendar:
    def test_calendar_header(self, parsed: Any) -> None:
        """VERSION 2.0 and a PRODID, as calendar apps require."""
        assert str(parsed["VERSION"]) == "2.0"
        assert "safetyregs" in str(parsed["PRODID"])

    def test_one_todo_per_obligation(self, report: Report, parsed: Any) -> None:
        """As many VTODOs as obligations, and no other component but the time zone."""
        assert len(report) > 50
        assert len(parsed.walk("VTODO")) == len(report)
        assert not parsed.walk("VEVENT")

    def test_uids_unique_and_stable(self, report: Report, parsed: Any) -> None:
        """Each to-do has its own UID, the same on every export (another DTSTAMP)."""
        uids = [str(todo["UID"]) for todo in parsed.walk("VTODO")]
        assert len(set(uids)) == len(uids)
        again = icalendar.Calendar.from_ical(calendar_ics(report))
        assert sorted(str(t["UID"]) for t in again.walk("VTODO")) == sorted(uids)

    def test_due_dates_and_statuses(self, report: Report, parsed: Any) -> None:
        """DUE is the obligation's due; STATUS, PRIORITY and CATEGORIES follow its status."""
        todos = _by_uid(parsed)
        expected = {"met": "COMPLETED", "pending": "NEEDS-ACTION", "violated": "NEEDS-ACTION"}
        for ob in report:
            todo = todos[obligation_uid(report.school, ob)]
            assert todo.decoded("DUE") == ob.due
            assert str(todo["STATUS"]) == expected[ob.status]
            categories = [str(c) for c in todo.categories]
            assert categories[:2] == [ob.rule, ob.status]
            assert (todo.get("PRIORITY") == 1) == (ob.status == "violated")
            assert todo.decoded("DTSTAMP") == STAMP

    def test_summary_and_description(self, report: Report, parsed: Any) -> None:
        """SUMMARY is the rule's title; DESCRIPTION holds the status and the citation: the
        document by issuer, title and date (not by a file name), the clause and the words."""
        ob = next(o for o in report if o.status == "violated")
        todo = _by_uid(parsed)[obligation_uid(report.school, ob)]
        assert str(todo["SUMMARY"]).startswith(ob.title("en"))
        description = str(todo["DESCRIPTION"])
        assert "Status: violated" in description
        assert ob.source.clause in description
        assert (
            'Source: Ziyang Education and Sports Bureau, "Notice on school safety work in 2020" '
            "(2020-04-02) " + ob.source.clause
        ) in description.splitlines()
        assert ".txt" not in description
        assert ob.source.text in description

    def test_incident_deadline_is_a_moment_in_shanghai(self, report: Report, parsed: Any) -> None:
        """The written incident report is due at 16:10 CST on 14 Oct 2026, with a TZID and
        its VTIMEZONE."""
        ob = next(o for o in report if o.rule == "ziyang.incident-written-report")
        assert ob.status == "violated"
        todo = _by_uid(parsed)[obligation_uid(report.school, ob)]
        due = todo.decoded("DUE")
        assert isinstance(due, dt.datetime)
        assert due == dt.datetime(2026, 10, 14, 16, 10, tzinfo=CST)
        assert todo["DUE"].params["TZID"] == "Asia/Shanghai"
        assert "DTSTART" not in todo  # DTSTART would need the same value type as DUE
        assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Asia/Shanghai"]

    def test_whole_day_dues_are_dates(self, report: Report, parsed: Any) -> None:
        """A monthly obligation is due on a DATE and starts on its period's first day."""
        ob = next(o for o in report if o.rule == "ziyang.safety-review-meeting")
        todo = _by_uid(parsed)[obligation_uid(report.school, ob)]
        assert todo["DUE"].params.get("VALUE") == "DATE"
        assert todo.decoded("DTSTART") == ob.period.start

    def test_chinese(self, report: Report) -> None:
        """In Chinese, SUMMARY is the Chinese title and the status is also a Chinese category."""
        cal = icalendar.Calendar.from_ical(calendar_ics(report, lang="zh"))
        todo = cal.walk("VTODO")[0]
        assert str(todo["SUMMARY"]).startswith(report[0].title("zh"))
        assert "已完成" in [str(c) for c in todo.categories]


class TestCli:
    def test_writes_the_file(
        self, school_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``calendar`` writes the ICS and exits 0 although October has violations."""
        out = tmp_path / "oct.ics"
        argv = ["calendar", str(school_path), "--month", "2026-10", "--as-of", "2026-11-23"]
        status = main([*argv, "--ics", str(out), "--lang", "en"])
        assert status == 0
        cal = icalendar.Calendar.from_ical(out.read_bytes())
        report = safetyregs.obligations(
            school_path, dt.date(2026, 10, 1), dt.date(2026, 10, 31), as_of=AS_OF
        )
        assert len(cal.walk("VTODO")) == len(report)
        assert f"wrote {len(report)} to-dos" in capsys.readouterr().out

    def test_to_stdout(self, school_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        """``--ics -`` writes the calendar itself to stdout, and exits 0 (it was written)."""
        argv = ["calendar", str(school_path), "--month", "2026-10", "--as-of", "2026-11-23"]
        assert main([*argv, "--ics", "-"]) == 0
        cal = icalendar.Calendar.from_ical(capsysbinary.readouterr().out)
        assert len(cal.walk("VTODO")) == 13

    def test_exit_zero_without_violations(self, school_path: Path, tmp_path: Path) -> None:
        """A month with nothing violated exits 0 too."""
        argv = ["calendar", str(school_path), "--month", "2026-11", "--as-of", "2026-11-01"]
        assert main([*argv, "--ics", str(tmp_path / "nov.ics")]) == 0

    def test_missing_icalendar(
        self,
        school_path: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Without the extra: exit 2, a message naming it on stderr, nothing on stdout."""
        real = importlib.import_module

        def no_icalendar(name: str, package: str | None = None) -> Any:
            if name == "icalendar":
                raise ModuleNotFoundError("No module named 'icalendar'")
            return real(name, package)

        monkeypatch.setattr(_ics.importlib, "import_module", no_icalendar)
        out = tmp_path / "x.ics"
        status = main(["calendar", str(school_path), "--ics", str(out), "--lang", "en"])
        captured = capsys.readouterr()
        assert status == 2
        assert captured.out == ""
        assert "safetyregs[calendar]" in captured.err
        assert not out.exists()

    def test_bad_school_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid school file: exit 2 and no calendar."""
        bad = tmp_path / "bad.json"
        bad.write_text('{"school": {}}', encoding="utf-8")
        out = tmp_path / "x.ics"
        assert main(["calendar", str(bad), "--ics", str(out)]) == 2
        assert capsys.readouterr().out == ""
        assert not out.exists()


class TestReminders:
    def test_pending_obligations_get_alarms_before_due(self, report: Report) -> None:
        """``remind=[3 days, 1 hour]``: two display alarms on each pending to-do, related to
        its due date; met and violated to-dos get none."""
        data = calendar_ics(
            report, stamp=STAMP, remind=[dt.timedelta(days=3), dt.timedelta(hours=1)]
        )
        todos = _by_uid(icalendar.Calendar.from_ical(data))
        pending = [ob for ob in report if ob.status == "pending"]
        assert pending
        for ob in report:
            alarms = todos[obligation_uid(report.school, ob)].walk("VALARM")
            if ob.status != "pending":
                assert alarms == []
                continue
            assert [a["TRIGGER"].dt for a in alarms] == [
                -dt.timedelta(days=3),
                -dt.timedelta(hours=1),
            ]
            assert all(a["TRIGGER"].params["RELATED"] == "END" for a in alarms)
            assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)

    @pytest.mark.parametrize(
        ("text", "delta"),
        [
            ("3d", dt.timedelta(days=3)),
            ("12h", dt.timedelta(hours=12)),
            ("1w", dt.timedelta(weeks=1)),
            ("30m", dt.timedelta(minutes=30)),
            ("1d12h", dt.timedelta(days=1, hours=12)),
        ],
    )
    def test_parse_before(self, text: str, delta: dt.timedelta) -> None:
        """Lead times in days, hours, weeks and minutes, alone or summed."""
        assert _ics.parse_before(text) == delta

    @pytest.mark.parametrize("text", ["", "3", "3x", "d3", "0d", "-3d", "3 days"])
    def test_parse_before_refuses(self, text: str) -> None:
        """Anything else is refused with the accepted forms in the message."""
        with pytest.raises(ValueError, match="is not a duration such as 3d"):
            _ics.parse_before(text)


@pytest.fixture(scope="module")
def events(report: Report) -> Any:
    """The example's year written as events and read back."""
    return icalendar.Calendar.from_ical(calendar_ics(report, stamp=STAMP, events=True))


class TestEvents:
    def test_one_event_per_obligation(self, report: Report, events: Any) -> None:
        """``events=True``: VEVENTs only, one per obligation, UIDs unlike the to-dos'."""
        assert events.walk("VTODO") == []
        uids = {str(e["UID"]) for e in events.walk("VEVENT")}
        assert len(uids) == len(report)
        assert not uids & {obligation_uid(report.school, ob) for ob in report}

    def test_all_day_on_the_due_day(self, report: Report, events: Any) -> None:
        """A day-due obligation is an all-day event on its due day, free time, status first."""
        ob = next(o for o in report if o.rule == "ziyang.holiday-duty" and o.status == "violated")
        by_uid = {str(e["UID"]): e for e in events.walk("VEVENT")}
        event = by_uid[obligation_uid(report.school, ob, event=True)]
        assert event["DTSTART"].dt == ob.due
        assert event["DTEND"].dt == ob.due + dt.timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["SUMMARY"]).startswith("violated: ")

    def test_timed_deadline_at_its_moment(self, report: Report, events: Any) -> None:
        """The incident's written report is an event at 16:10 on 14 Oct in Shanghai."""
        ob = next(o for o in report if o.rule == "ziyang.incident-written-report")
        by_uid = {str(e["UID"]): e for e in events.walk("VEVENT")}
        start = by_uid[obligation_uid(report.school, ob, event=True)]["DTSTART"].dt
        assert start == dt.datetime(2026, 10, 14, 16, 10, tzinfo=CST)

    def test_cli_events_with_reminders(
        self, school_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``calendar --as events --remind 3d``: events with alarms on pending ones, exit 0."""
        out = tmp_path / "nov.ics"
        argv = ["calendar", str(school_path), "--month", "2026-11", "--as-of", "2026-11-23"]
        assert main([*argv, "--ics", str(out), "--as", "events", "--remind", "3d"]) == 0
        cal = icalendar.Calendar.from_ical(out.read_bytes())
        report = safetyregs.obligations(school_path, month="2026-11", as_of=AS_OF)
        assert len(cal.walk("VEVENT")) == len(report)
        assert len(cal.walk("VALARM")) == len(report.pending)
        assert "日程" in capsys.readouterr().out

    def test_cli_bad_remind(self, school_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--remind soon`` is a usage error: exit 2, nothing written to stdout."""
        argv = ["calendar", str(school_path), "--ics", "-", "--remind", "soon"]
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert "'soon' is not a duration" in err
