"""Obligations computed on holiday data that is not the State Council's notice are marked.

No arrangement (调休) for 2100 will be in any ``holidays`` release for a long time, so
January 2100 is computed from the statutory holidays only. Worked by hand for a ziyang
primary school on the default calendar (autumn term 1 Sep – 20 Jan):

* 1 Jan 2100 is a Friday: the New Year break is Fri 1 – Sun 3 Jan, so the holiday-duty
  rule owes a leader on duty on 1, 2 and 3 Jan: those depend on the holidays: provisional;
* the monthly drill is owed only in session (at least 10 school days: 4–20 Jan hold 13
  working days): it depends on working days: provisional;
* the monthly safety review and the liability insurance are owed whatever the
  holidays: not provisional.

In 2026, whose arrangement is installed, nothing is provisional.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest

import safetyregs
from safetyregs import CalendarWarning, School, SchoolFile
from safetyregs._cli import main

D = dt.date.fromisoformat

SCHOOL = SchoolFile(
    school=School(id="zy-p", name="n", jurisdiction="ziyang", levels=("primary",))  # type: ignore[arg-type]
)

JANUARY_2100 = [
    ("2100-01-01", "ziyang.holiday-duty", True),
    ("2100-01-02", "ziyang.holiday-duty", True),
    ("2100-01-03", "ziyang.holiday-duty", True),
    ("2100-01-31", "ziyang.evacuation-drill-monthly", True),
    ("2100-01-31", "ziyang.liability-insurance", False),
    ("2100-01-31", "ziyang.safety-review-meeting", False),
]


def test_january_2100_marks_calendar_dependent_obligations() -> None:
    """Holiday-duty days and the in-session drill are provisional; the others are not."""
    with pytest.warns(CalendarWarning, match="2100"):
        report = safetyregs.obligations(
            SCHOOL, D("2100-01-01"), D("2100-01-31"), as_of=D("2100-02-01")
        )
    assert [(str(o.due), o.rule, o.provisional) for o in report] == JANUARY_2100


def test_installed_year_is_never_provisional() -> None:
    """With the 2026 arrangement installed, no obligation of 2026 is provisional."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", CalendarWarning)
        report = safetyregs.obligations(
            SCHOOL, D("2026-01-01"), D("2026-12-31"), as_of=D("2027-01-01")
        )
    assert len(report) > 0
    assert not any(o.provisional for o in report)


def write(tmp_path: Path) -> Path:
    path = tmp_path / "school.json"
    path.write_text(safetyregs.dumps(SCHOOL), encoding="utf-8")
    return path


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``"provisional"`` is in every JSON obligation, true exactly where worked out above."""
    code = main(
        ["obligations", str(write(tmp_path)), "--month", "2100-01", "--as-of", "2100-02-01",
         "--format", "json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    items = json.loads(out)["obligations"]
    assert code == 1
    assert [(o["due"], o["rule"], o["provisional"]) for o in items] == JANUARY_2100
    assert err.count("\n") == 1
    assert "2100" in err


def test_table_mark_and_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Tables mark provisional rows under their status and explain the mark below: the four
    obligations with ``--each``, the two rules they belong to in the default table."""
    argv = ["obligations", str(write(tmp_path)), "--month", "2100-01", "--as-of", "2100-02-01",
            "--lang", "en"]  # fmt: skip
    main([*argv, "--each"])
    out = capsys.readouterr().out
    assert out.count("provisional │") == 4
    assert "provisional: the State Council's holiday arrangement" in out
    main(argv)
    out = capsys.readouterr().out
    assert out.count("provisional │") == 2
    assert "provisional: the State Council's holiday arrangement" in out
