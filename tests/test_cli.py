"""The ``safetyregs`` command line against ``spec/contract.md``.

Most tests call :func:`safetyregs._cli.main` in-process (fast, output through
capsys); a few run the installed console script to pin down what a shell sees:
exit status, stdout, stderr.

The school file ``zy-cli`` used throughout owes, in November 2026 (worked out
by hand, see ``SCHOOL``):

* the incident of 31 Oct 23:50: phone due 1 Nov 00:20 (phoned 00:15, met),
  written due 1 Nov 00:50 (written 00:40, met);
* the fire-safety week 9–15 Nov (9 Nov 2026 is a Monday): lesson 10 Nov, met;
* the November drill: 12 Nov, met;
* hazard h2, deadline 30 Nov, only registered: pending to 30 Nov, then violated;
* the November safety review meeting: none, pending to 30 Nov, then violated.

No holiday break falls in November; insurance covers all of 2026; the autumn
traffic survey is due 1 Oct, outside November.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from safetyregs import _api
from safetyregs._cli import main

SCRIPT = str(Path(sys.executable).parent / "safetyregs")

SCHOOL: dict[str, Any] = {
    "school": {
        "id": "zy-cli",
        "name": "资阳市命令行小学",
        "jurisdiction": "ziyang",
        "levels": ["primary"],
        "terms": [
            {"start": "2026-03-02", "end": "2026-07-10"},
            {"start": "2026-09-01", "end": "2027-01-22"},
        ],
    },
    "staff": [{"id": "s1", "name": "王校长", "hired": "2010-09-01"}],
    "drills": [{"id": "d1", "date": "2026-11-12", "kind": "fire"}],
    "education": [
        {"id": "e1", "date": "2026-11-10", "kind": "lesson", "theme": "fire_safety", "minutes": 40}
    ],
    "incidents": [
        {
            "id": "i1",
            "occurred_at": "2026-10-31T23:50:00",
            "kind": "injury",
            "phone_reported_at": "2026-11-01T00:15:00",
            "written_reported_at": "2026-11-01T00:40:00",
        }
    ],
    "hazards": [
        {
            "id": "h2",
            "found": "2026-11-05",
            "deadline": "2026-11-30",
            "responsible": "s1",
            "steps": [
                {"step": "identified", "date": "2026-11-05"},
                {"step": "registered", "date": "2026-11-05"},
            ],
        }
    ],
    "insurance": [
        {"id": "p1", "kind": "school_liability", "start": "2026-01-01", "end": "2026-12-31"}
    ],
}

#: (due, rule, subject, status) of November 2026 as of 1 Dec, in contract order.
NOVEMBER = [
    ("2026-11-01T00:20:00+08:00", "ziyang.incident-phone-report", "i1", "met"),
    ("2026-11-01T00:50:00+08:00", "ziyang.incident-written-report", "i1", "met"),
    ("2026-11-15", "ziyang.themed-education-days", "fire_safety", "met"),
    ("2026-11-30", "ziyang.evacuation-drill-monthly", "zy-cli", "met"),
    ("2026-11-30", "ziyang.hazard-closed-loop", "h2", "violated"),
    ("2026-11-30", "ziyang.safety-review-meeting", "zy-cli", "violated"),
]

ITEM_KEYS = {"rule", "subject", "period_start", "period_end", "due", "detail", "source"}


@pytest.fixture
def school_path(tmp_path: Path) -> Path:
    path = tmp_path / "school.json"
    path.write_text(json.dumps(SCHOOL, ensure_ascii=False), encoding="utf-8")
    return path


def write(tmp_path: Path, data: dict[str, Any], name: str = "school.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(doc: dict[str, Any], key: str = "obligations") -> list[tuple[str, ...]]:
    return [(o["due"], o["rule"], o["subject"], o["status"]) for o in doc[key]]


def contract_order(item: dict[str, Any]) -> tuple[str, str, str, str]:
    """Due (a bare date counting as the end of its day), then rule, then subject."""
    due = item["due"]
    return (due[:10], due[11:] or "~", item["rule"], item["subject"])


class TestObligations:
    """``safetyregs obligations FILE [range] [--as-of DATE]``."""

    def test_json_month(self, capsys: Any, school_path: Path) -> None:
        """Every November obligation, with status, sorted by due, rule, subject; exit 1."""
        code, out, err = run(
            capsys, "obligations", str(school_path), "--month", "2026-11", "--as-of",
            "2026-12-01", "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert (code, err) == (1, "")
        assert rows(doc) == NOVEMBER

    def test_json_top_level_keys(self, capsys: Any, school_path: Path) -> None:
        """The object holds school, profile, from, to, as_of, obligations, and the summary."""
        _, out, _ = run(
            capsys, "obligations", str(school_path), "--month", "2026-11", "--as-of",
            "2026-12-01", "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert set(doc) == {"school", "profile", "from", "to", "as_of", "obligations", "summary"}
        assert (doc["school"], doc["profile"], doc["from"], doc["to"], doc["as_of"]) == (
            "zy-cli",
            "ziyang",
            "2026-11-01",
            "2026-11-30",
            "2026-12-01",
        )

    def test_json_items(self, capsys: Any, school_path: Path) -> None:
        """Each item carries the contract's keys, status, and a source with the document's
        words, title, issuer and date."""
        _, out, _ = run(
            capsys, "obligations", str(school_path), "--month", "2026-11", "--as-of",
            "2026-12-01", "--format", "json",
        )  # fmt: skip
        items = json.loads(out)["obligations"]
        assert all(ITEM_KEYS | {"status"} <= set(item) for item in items)
        drill = next(i for i in items if i["rule"] == "ziyang.evacuation-drill-monthly")
        assert (drill["period_start"], drill["period_end"], drill["due"]) == (
            "2026-11-01",
            "2026-11-30",
            "2026-11-30",
        )
        assert drill["source"]["document"] == "000_1bf6369ba2494725.txt"
        assert drill["source"]["clause"] == "三(四)4"
        assert "应急疏散演练" in drill["source"]["text"]
        assert set(drill["source"]) == {"document", "clause", "text", "title", "issuer", "date"}
        assert drill["source"]["title"] == "关于做好2020年学校安全工作的通知"
        assert (drill["source"]["issuer"], drill["source"]["date"]) == (
            "资阳市教育和体育局",
            "2020-04-02",
        )
        assert all(isinstance(i["detail"], str) and i["detail"] for i in items)

    def test_sorted_by_due_rule_subject(self, capsys: Any, school_path: Path) -> None:
        """A whole year comes sorted by due, then rule, then subject."""
        _, out, _ = run(
            capsys, "obligations", str(school_path), "--from", "2026-01-01", "--to",
            "2026-12-31", "--as-of", "2027-01-01", "--format", "json",
        )  # fmt: skip
        items = json.loads(out)["obligations"]
        assert len(items) > 20
        assert items == sorted(items, key=contract_order)

    def test_from_to_equals_month(self, capsys: Any, school_path: Path) -> None:
        """``--from 2026-11-01 --to 2026-11-30`` is ``--month 2026-11`` (inclusive ends)."""
        common = ("--as-of", "2026-12-01", "--format", "json")
        _, by_month, _ = run(capsys, "obligations", str(school_path), "--month", "2026-11", *common)
        _, by_range, _ = run(
            capsys, "obligations", str(school_path), "--from", "2026-11-01", "--to", "2026-11-30",
            *common,
        )  # fmt: skip
        assert json.loads(by_month) == json.loads(by_range)

    def test_one_day_range(self, capsys: Any, school_path: Path) -> None:
        """``--from 2026-11-01 --to 2026-11-01`` holds the two incident deadlines of 1 Nov."""
        _, out, _ = run(
            capsys, "obligations", str(school_path), "--from", "2026-11-01", "--to", "2026-11-01",
            "--as-of", "2026-12-01", "--format", "json",
        )  # fmt: skip
        assert rows(json.loads(out)) == NOVEMBER[:2]

    def test_default_range_is_month_of_as_of(self, capsys: Any, school_path: Path) -> None:
        """Without a range, the month of ``--as-of`` (20 Nov → November)."""
        _, out, _ = run(
            capsys, "obligations", str(school_path), "--as-of", "2026-11-20", "--format", "json"
        )
        doc = json.loads(out)
        assert (doc["from"], doc["to"]) == ("2026-11-01", "2026-11-30")

    def test_as_of_on_due_day_is_pending(self, capsys: Any, school_path: Path) -> None:
        """As of 30 Nov the hazard and the meeting are pending: exit 0."""
        code, out, _ = run(
            capsys, "obligations", str(school_path), "--month", "2026-11", "--as-of",
            "2026-11-30", "--format", "json",
        )  # fmt: skip
        statuses = [r[3] for r in rows(json.loads(out))]
        assert (code, statuses) == (0, ["met", "met", "met", "met", "pending", "pending"])

    def test_table_zh(self, capsys: Any, school_path: Path) -> None:
        """The default table speaks Chinese: statuses 已完成 and 已违规, the rule ids."""
        code, out, err = run(
            capsys, "obligations", str(school_path), "--month", "2026-11", "--as-of", "2026-12-01"
        )
        assert (code, err) == (1, "")
        assert "已完成" in out
        assert "已违规" in out
        assert "ziyang.safety-review-meeting" in out

    def test_table_en(self, capsys: Any, school_path: Path) -> None:
        """``--lang en``: English statuses and progress such as ``1/1 drills``."""
        code, out, _ = run(
            capsys, "obligations", str(school_path), "--month", "2026-11", "--as-of",
            "2026-12-01", "--lang", "en",
        )  # fmt: skip
        assert code == 1
        assert "violated" in out
        assert "1/1 drills" in out
        assert "已违规" not in out

    def test_lang_en_json_detail(self, capsys: Any, school_path: Path) -> None:
        """``--lang`` translates details; the citation stays in Chinese."""
        args = ("obligations", str(school_path), "--month", "2026-11", "--as-of", "2026-12-01")
        _, zh, _ = run(capsys, *args, "--format", "json")
        _, en, _ = run(capsys, *args, "--format", "json", "--lang", "en")
        zh_items, en_items = json.loads(zh)["obligations"], json.loads(en)["obligations"]
        assert [i["detail"] for i in zh_items] != [i["detail"] for i in en_items]
        assert [i["source"] for i in zh_items] == [i["source"] for i in en_items]


class TestCheck:
    """``safetyregs check FILE [--from --to | --month] [--as-of]``."""

    def test_violations_json_exit_1(self, capsys: Any, school_path: Path) -> None:
        """As of 1 Dec, November's violations are the hazard and the meeting."""
        code, out, err = run(
            capsys, "check", str(school_path), "--month", "2026-11", "--as-of", "2026-12-01",
            "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert (code, err) == (1, "")
        assert set(doc) == {"school", "profile", "from", "to", "as_of", "violations", "summary"}
        assert [(v["due"], v["rule"], v["subject"]) for v in doc["violations"]] == [
            ("2026-11-30", "ziyang.hazard-closed-loop", "h2"),
            ("2026-11-30", "ziyang.safety-review-meeting", "zy-cli"),
        ]
        assert all(set(v) >= ITEM_KEYS for v in doc["violations"])

    def test_nothing_violated_exit_0(self, capsys: Any, school_path: Path) -> None:
        """As of 30 Nov nothing of November is over yet: empty list, exit 0."""
        code, out, _ = run(
            capsys, "check", str(school_path), "--month", "2026-11", "--as-of", "2026-11-30",
            "--format", "json",
        )  # fmt: skip
        assert (code, json.loads(out)["violations"]) == (0, [])

    def test_from_to(self, capsys: Any, school_path: Path) -> None:
        """``--from``/``--to`` are inclusive: 30 Nov alone holds both violations."""
        code, out, _ = run(
            capsys, "check", str(school_path), "--from", "2026-11-30", "--to", "2026-11-30",
            "--as-of", "2026-12-01", "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert (code, len(doc["violations"]), doc["from"], doc["to"]) == (
            1,
            2,
            "2026-11-30",
            "2026-11-30",
        )

    def test_range_excluding_due_day(self, capsys: Any, school_path: Path) -> None:
        """1–29 Nov holds no violation: both fall due on 30 Nov."""
        code, out, _ = run(
            capsys, "check", str(school_path), "--from", "2026-11-01", "--to", "2026-11-29",
            "--as-of", "2026-12-01", "--format", "json",
        )  # fmt: skip
        assert (code, json.loads(out)["violations"]) == (0, [])

    def test_table_zh_and_en(self, capsys: Any, school_path: Path) -> None:
        """Tables in both languages name the violated rules."""
        args = ("check", str(school_path), "--month", "2026-11", "--as-of", "2026-12-01")
        code_zh, zh, _ = run(capsys, *args)
        code_en, en, _ = run(capsys, *args, "--lang", "en")
        assert (code_zh, code_en) == (1, 1)
        assert "已违规" in zh
        assert "violated" in en
        assert "ziyang.hazard-closed-loop" in zh
        assert "ziyang.hazard-closed-loop" in en

    def test_empty_table_exit_0(self, capsys: Any, school_path: Path) -> None:
        """No violations: the table says so and the exit status is 0."""
        code, out, _ = run(
            capsys, "check", str(school_path), "--month", "2026-11", "--as-of", "2026-11-30",
            "--lang", "en",
        )  # fmt: skip
        assert code == 0
        assert "none" in out


class TestOwes:
    """``safetyregs owes FILE [--month YYYY-MM] [--as-of DATE]``."""

    def test_month(self, capsys: Any, school_path: Path) -> None:
        """What falls due in November, as of 20 Nov: the drill is met, the rest pending."""
        code, out, _ = run(
            capsys, "owes", str(school_path), "--month", "2026-11", "--as-of", "2026-11-20",
            "--format", "json",
        )  # fmt: skip
        assert code == 0
        assert rows(json.loads(out)) == [
            (due, rule, subject, "pending" if status == "violated" else status)
            for due, rule, subject, status in NOVEMBER
        ]

    def test_default_month_of_as_of(self, capsys: Any, school_path: Path) -> None:
        """Without ``--month``, the month of ``--as-of``."""
        _, explicit, _ = run(
            capsys, "owes", str(school_path), "--month", "2026-11", "--as-of", "2026-11-20",
            "--format", "json",
        )  # fmt: skip
        _, implicit, _ = run(
            capsys, "owes", str(school_path), "--as-of", "2026-11-20", "--format", "json"
        )
        assert json.loads(implicit) == json.loads(explicit)

    def test_progress_in_table(self, capsys: Any, school_path: Path) -> None:
        """The table shows progress (``0/1 meetings``) in English."""
        code, out, _ = run(
            capsys, "owes", str(school_path), "--month", "2026-11", "--as-of", "2026-11-20",
            "--lang", "en",
        )  # fmt: skip
        assert code == 0
        assert "0/1 meetings" in out
        assert "pending" in out

    def test_table_zh(self, capsys: Any, school_path: Path) -> None:
        """The Chinese table shows 待完成 for what is still owed."""
        code, out, _ = run(
            capsys, "owes", str(school_path), "--month", "2026-11", "--as-of", "2026-11-20"
        )
        assert code == 0
        assert "待完成" in out

    def test_violated_month_exit_1(self, capsys: Any, school_path: Path) -> None:
        """Looking back at November from December: exit 1."""
        code, _, _ = run(
            capsys, "owes", str(school_path), "--month", "2026-11", "--as-of", "2026-12-01",
            "--format", "json",
        )  # fmt: skip
        assert code == 1


class TestProfileFlag:
    """``--profile NAME`` overrides ``school.jurisdiction``."""

    def test_override_uninstalled_jurisdiction(self, capsys: Any, tmp_path: Path) -> None:
        """A school of an uninstalled jurisdiction is evaluated as ziyang when asked to."""
        data = json.loads(json.dumps(SCHOOL))
        data["school"]["jurisdiction"] = "chengdu"
        path = write(tmp_path, data)
        code, out, _ = run(
            capsys, "check", str(path), "--month", "2026-11", "--as-of", "2026-12-01",
            "--profile", "ziyang", "--format", "json",
        )  # fmt: skip
        doc = json.loads(out)
        assert (code, doc["profile"], len(doc["violations"])) == (1, "ziyang", 2)

    def test_uninstalled_jurisdiction_without_override(self, capsys: Any, tmp_path: Path) -> None:
        """Without ``--profile`` the same file is bad input naming school.jurisdiction."""
        data = json.loads(json.dumps(SCHOOL))
        data["school"]["jurisdiction"] = "chengdu"
        code, out, err = run(capsys, "check", str(write(tmp_path, data)), "--month", "2026-11")
        assert (code, out) == (2, "")
        assert "school.jurisdiction" in err

    def test_unknown_profile(self, capsys: Any, school_path: Path) -> None:
        """An unknown ``--profile`` is bad usage: exit 2, stderr names it, stdout empty."""
        code, out, err = run(capsys, "check", str(school_path), "--profile", "nowhere")
        assert (code, out) == (2, "")
        assert "nowhere" in err


class TestBadInput:
    """Exit status 2: message on stderr, nothing on stdout, no traceback."""

    @pytest.mark.parametrize("command", ["check", "obligations", "owes"])
    def test_impossible_date_names_json_path(
        self, capsys: Any, tmp_path: Path, command: str
    ) -> None:
        """``drills[0].date: 2026-02-30`` is rejected with its JSON path."""
        data = json.loads(json.dumps(SCHOOL))
        data["drills"][0]["date"] = "2026-02-30"
        code, out, err = run(capsys, command, str(write(tmp_path, data)), "--as-of", "2026-12-01")
        assert (code, out) == (2, "")
        assert "drills[0].date" in err
        assert "2026-02-30" in err
        assert "Traceback" not in err

    def test_unknown_key_names_json_path(self, capsys: Any, tmp_path: Path) -> None:
        """A typo in a key (``dat``) is an error at ``drills[0]``, not a dropped record."""
        data = json.loads(json.dumps(SCHOOL))
        data["drills"][0]["dat"] = data["drills"][0].pop("date")
        code, out, err = run(capsys, "check", str(write(tmp_path, data)), "--as-of", "2026-12-01")
        assert (code, out) == (2, "")
        assert "drills[0]" in err

    def test_dangling_staff_id(self, capsys: Any, tmp_path: Path) -> None:
        """A duty shift naming a staff id that does not exist is rejected."""
        data = json.loads(json.dumps(SCHOOL))
        data["duty"] = [{"id": "du1", "date": "2026-10-01", "staff": "s9", "leader": True}]
        code, out, err = run(capsys, "check", str(write(tmp_path, data)), "--as-of", "2026-12-01")
        assert (code, out) == (2, "")
        assert "duty[0].staff" in err

    def test_invalid_json(self, capsys: Any, tmp_path: Path) -> None:
        """Text that is not JSON: exit 2, stdout empty."""
        path = tmp_path / "broken.json"
        path.write_text("{", encoding="utf-8")
        code, out, err = run(capsys, "check", str(path))
        assert (code, out) == (2, "")
        assert "JSON" in err

    def test_missing_file(self, capsys: Any, tmp_path: Path) -> None:
        """A file that does not exist: exit 2, stderr names it."""
        path = tmp_path / "missing.json"
        code, out, err = run(capsys, "obligations", str(path), "--as-of", "2026-12-01")
        assert (code, out) == (2, "")
        assert "missing.json" in err

    @pytest.mark.parametrize(
        "argv",
        [
            ("--month", "2026-13"),
            ("--month", "2026-11", "--from", "2026-11-01", "--to", "2026-11-30"),
            ("--from", "2026-11-01"),
            ("--to", "2026-11-30"),
            ("--from", "2026-11-30", "--to", "2026-11-01"),
            ("--from", "2026-02-30", "--to", "2026-03-01"),
            ("--as-of", "2026-11-31"),
            ("--format", "yaml"),
            ("--lang", "fr"),
        ],
    )
    def test_bad_flags(self, capsys: Any, school_path: Path, argv: tuple[str, ...]) -> None:
        """Bad or conflicting flags: exit 2, a message on stderr, nothing on stdout."""
        code, out, err = run(capsys, "check", str(school_path), *argv)
        assert (code, out) == (2, "")
        assert err.strip()

    def test_bad_owes_month(self, capsys: Any, school_path: Path) -> None:
        """``owes --month 2026-13`` is bad usage."""
        code, out, err = run(capsys, "owes", str(school_path), "--month", "2026-13")
        assert (code, out) == (2, "")
        assert "2026-13" in err

    def test_no_command(self, capsys: Any) -> None:
        """No command at all is bad usage."""
        code, out, err = run(capsys)
        assert (code, out) == (2, "")
        assert err.strip()

    def test_unknown_profile_command(self, capsys: Any) -> None:
        """``profile nowhere``: exit 2, stdout empty."""
        code, out, err = run(capsys, "profile", "nowhere")
        assert (code, out) == (2, "")
        assert "nowhere" in err


class TestProfiles:
    """``safetyregs profiles`` and ``safetyregs profile NAME``."""

    def test_profiles_json(self, capsys: Any) -> None:
        """The installed profiles include ziyang with its 15 rules and its document's title."""
        code, out, _ = run(capsys, "profiles", "--format", "json")
        found = {p["id"]: p for p in json.loads(out)["profiles"]}
        assert code == 0
        assert (found["ziyang"]["rules"], found["ziyang"]["document"]) == (
            15,
            "000_1bf6369ba2494725.txt",
        )
        assert found["ziyang"]["title"] == "关于做好2020年学校安全工作的通知"
        assert found["ziyang"]["effective_from"] == "2020-04-02"

    def test_profiles_table(self, capsys: Any) -> None:
        """Both table languages list ziyang; Chinese names it 资阳市."""
        code_zh, zh, _ = run(capsys, "profiles")
        code_en, en, _ = run(capsys, "profiles", "--lang", "en")
        assert (code_zh, code_en) == (0, 0)
        assert "资阳市" in zh
        assert "Ziyang" in en

    def test_profile_json(self, capsys: Any) -> None:
        """``profile ziyang`` lists every rule with its clause and the Chinese words."""
        code, out, _ = run(capsys, "profile", "ziyang", "--format", "json")
        doc = json.loads(out)
        rules = {r["id"]: r for r in doc["rules"]}
        assert (code, doc["id"], len(rules)) == (0, "ziyang", 15)
        assert rules["ziyang.incident-phone-report"]["source"] == {
            "document": "000_1bf6369ba2494725.txt",
            "clause": "三(六)1",
            "text": "突发事件发生后，30分钟内电话报告",
            "title": "关于做好2020年学校安全工作的通知",
            "issuer": "资阳市教育和体育局",
            "date": "2020-04-02",
        }
        assert rules["ziyang.liability-insurance"]["kind"] == "invariant"

    def test_profile_table(self, capsys: Any) -> None:
        """The table shows rule ids and clauses in both languages."""
        code_zh, zh, _ = run(capsys, "profile", "ziyang")
        code_en, en, _ = run(capsys, "profile", "ziyang", "--lang", "en")
        assert (code_zh, code_en) == (0, 0)
        assert "ziyang.hazmat-ledger" in zh
        assert "三(五)4" in zh
        assert "Hazard closed loop" in en


class TestDemo:
    """``safetyregs demo``: the embedded school, this month and the year so far."""

    @pytest.fixture(autouse=True)
    def _fixed_today(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_api, "today", lambda: dt.date(2026, 11, 23))

    def test_json(self, capsys: Any) -> None:
        """On 23 Nov 2026 the example owes 4 things in November and has 4 violations so far.

        So far: June without a drill, July without a meeting, Sunday 4 Oct (National
        Day break) without a leader on duty, and a written report 80 minutes late.
        """
        code, out, err = run(capsys, "demo", "--format", "json")
        doc = json.loads(out)
        assert (code in (0, 1), err) == (True, "")
        assert [o["status"] for o in doc["owes"]["obligations"]] == [
            "met",
            "met",
            "pending",
            "met",
        ]
        assert [(v["due"][:10], v["rule"]) for v in doc["violations"]["violations"]] == [
            ("2026-06-30", "ziyang.evacuation-drill-monthly"),
            ("2026-07-31", "ziyang.safety-review-meeting"),
            ("2026-10-04", "ziyang.holiday-duty"),
            ("2026-10-14", "ziyang.incident-written-report"),
        ]

    @pytest.mark.parametrize(("lang", "word"), [("zh", "已违规"), ("en", "violated")])
    def test_table(self, capsys: Any, lang: str, word: str) -> None:
        """The demo table prints the example school and its violations in either language."""
        code, out, _ = run(capsys, "demo", "--lang", lang)
        assert code in (0, 1)
        assert "zy-demo" in out
        assert word in out


class TestConsoleScript:
    """The installed ``safetyregs`` script, as a shell runs it."""

    def script(self, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SCRIPT, *argv], capture_output=True, text=True, check=False, timeout=60
        )

    def test_check_json(self, school_path: Path) -> None:
        """``check --format json`` prints one JSON object and exits 1 on violations."""
        done = self.script(
            "check", str(school_path), "--month", "2026-11", "--as-of", "2026-12-01",
            "--format", "json",
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (1, "")
        assert len(json.loads(done.stdout)["violations"]) == 2

    def test_obligations_table_exit_0(self, school_path: Path) -> None:
        """No violations yet: exit 0, a table on stdout."""
        done = self.script(
            "obligations", str(school_path), "--month", "2026-11", "--as-of", "2026-11-30",
            "--lang", "en",
        )  # fmt: skip
        assert done.returncode == 0
        assert "ziyang.hazard-closed-loop" in done.stdout

    def test_bad_file(self, tmp_path: Path) -> None:
        """A bad date: exit 2, the JSON path on stderr, empty stdout, no traceback."""
        data = json.loads(json.dumps(SCHOOL))
        data["incidents"][0]["occurred_at"] = "2026-10-31T25:50:00"
        done = self.script("check", str(write(tmp_path, data)), "--as-of", "2026-12-01")
        assert (done.returncode, done.stdout) == (2, "")
        assert "incidents[0].occurred_at" in done.stderr
        assert "Traceback" not in done.stderr

    def test_bad_month(self, school_path: Path) -> None:
        """``--month 2026-13``: exit 2, nothing on stdout."""
        done = self.script("owes", str(school_path), "--month", "2026-13")
        assert (done.returncode, done.stdout) == (2, "")
        assert "Traceback" not in done.stderr

    def test_profiles(self) -> None:
        """``profiles --format json`` lists ziyang."""
        done = self.script("profiles", "--format", "json")
        assert done.returncode == 0
        assert "ziyang" in [p["id"] for p in json.loads(done.stdout)["profiles"]]

    def test_demo(self) -> None:
        """``demo`` runs with no arguments and no files, printing the example school."""
        done = self.script("demo", "--lang", "en")
        assert done.returncode in (0, 1)
        assert "zy-demo" in done.stdout
        assert "Traceback" not in done.stderr


class TestModuleEntryPoint:
    def test_python_dash_m(self) -> None:
        """`python -m safetyregs` runs the same command line, with its exit status."""
        import subprocess
        import sys

        ok = subprocess.run(
            [sys.executable, "-m", "safetyregs", "profiles", "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert ok.returncode == 0
        assert '"ziyang"' in ok.stdout
        bad = subprocess.run(
            [sys.executable, "-m", "safetyregs", "owes", "no-such-file.json"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert bad.returncode == 2
        assert bad.stdout == ""


def test_horizon_holds_the_dates_of_the_school_file(capsys: pytest.CaptureFixture[str]) -> None:
    """``--horizon`` bounds every date of the school file, as the CLI docs say, not only the
    range: the contract example (a term ending in 2027, equipment commissioned in 2019) is
    refused under ``--horizon 2026..2026`` with exit 2 and each date's JSON path."""
    file = str(Path(__file__).parent / "data" / "contract_example.json")
    args = ("check", file, "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json")
    assert run(capsys, *args)[0] == 0
    code, out, err = run(capsys, *args, "--horizon", "2026..2026")
    assert code == 2
    assert out == ""
    assert "school.terms[0].end: 2027-01-20 is outside the supported dates" in err
    assert "equipment[0].commissioned: 2019-05-01" in err
    assert "Traceback" not in err
