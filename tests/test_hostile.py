"""Hostile and malformed school files through the installed console script.

Every file of ``tests/data/hostile/`` (and a few made here: too large to ship, or not
regular files) is run through ``safetyregs`` as a shell would. Whatever the input, the
command ends within the timeout, exits 0/1 (read and evaluated) or 2 (refused), never
prints a traceback, writes one line on stderr when it refuses one problem, names the
JSON path where there is one, writes no raw control character anywhere and only valid
UTF-8 on stdout and stderr. An internal error (a bug) exits 3 with one line asking for
a report; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from safetyregs import _cli

SCRIPT = str(Path(sys.executable).parent / "safetyregs")
HOSTILE = Path(__file__).parent / "data" / "hostile"
AS_OF = ("--as-of", "2026-12-01")


class Done(NamedTuple):
    code: int
    out: str
    err: str


def script(*argv: str | Path, timeout: float = 60) -> Done:
    """Run the console script; stdout and stderr must decode as UTF-8 (strictly)."""
    done = subprocess.run(
        [SCRIPT, *map(str, argv)], capture_output=True, check=False, timeout=timeout
    )
    return Done(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def assert_clean(done: Done) -> None:
    """No traceback, no raw escape or bell or other control character but line feeds."""
    assert "Traceback" not in done.err
    for stream in (done.out, done.err):
        raw = {c for c in stream if ord(c) < 0x20 and c not in "\n"} | {
            c for c in stream if 0x7F <= ord(c) <= 0x9F
        }
        assert raw == set()


def assert_refused(done: Done, *needles: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr holding every needle."""
    assert_clean(done)
    assert (done.code, done.out) == (2, "")
    assert len(done.err.splitlines()) == 1, done.err
    for needle in needles:
        assert needle in done.err


#: file -> what stderr must say (the JSON path first, where there is one).
REFUSED = {
    "int_5000_digits.json": ("education[0].minutes", "more than 20 digits"),
    "int_5000_digits.toml": ("more than 20 digits", "line 11"),
    "int_25_digits.toml": ("education[0].minutes", "more than 20 digits"),
    "decimal_overflow.json": ("trainings[0].class_hours", "more than 20 digits"),
    "decimal_exponent_number.json": ("trainings[0].class_hours", "more than 20 digits"),
    "incident_9999.json": ("incidents[0].occurred_at", "outside the supported dates"),
    "drill_year_1.json": ("drills[0].date", "outside the supported dates"),
    "control_school_id.json": ("school.id", "control character \\x1b"),
    "control_unknown_key.json": ("school.\\x1b]8;;", "control character \\x1b"),
    "control_in_text.json": ("school.name", "control character \\x1b"),
    "surrogate_id.json": ("school.id", "lone surrogate (\\ud800)"),
    "surrogate_only_id.json": ("school.id", "lone surrogate (\\udc80)"),
    "duplicate_key.json": ("school.name", "appears twice"),
    "nan.json": ("drills[0].participants", "NaN is not a number"),
    "infinity.json": ("education[0].minutes", "-Infinity is not a number"),
    "invalid_json.json": ("invalid JSON at line 1, column 26",),
    "not_utf8.json": ("not UTF-8",),
    "empty.json": ("invalid JSON",),
    "top_level_list.json": ("holds an object",),
    "bad_date.json": ("drills[0].date", "2026-13-45 is not a date"),
    "bad_enum.json": ("drills[0].kind", "'flying'"),
    "unknown_profile.json": ("school.jurisdiction", "'atlantis'"),
    "missing_id.json": ("school", "missing required key 'id'"),
    "duplicate_id.json": ("drills[1].id", "duplicate id 'd1'"),
    "invalid_toml.toml": ("invalid TOML",),
    "school.yaml": ("unknown file type",),
}


def test_corpus_is_complete() -> None:
    """Every file of the corpus has an expectation here, and every expectation a file."""
    files = {p.name for p in HOSTILE.iterdir()} - {"valid.json", "valid_cixi.json"}
    files -= {"markup_school_id.json", "markup_hazard_id.json"}
    assert files == set(REFUSED)


@pytest.mark.parametrize(("name", "needles"), sorted(REFUSED.items()))
def test_refused_with_its_path(name: str, needles: tuple[str, ...]) -> None:
    """Each hostile or malformed file: exit 2, one clean line naming the path and problem."""
    done = script("check", HOSTILE / name, *AS_OF, "--format", "json")
    assert_refused(done, name, *needles)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_refused_the_same_in_tables(fmt: str) -> None:
    """An escape sequence in an id is refused whatever the output format."""
    done = script("owes", HOSTILE / "control_school_id.json", *AS_OF, "--format", fmt)
    assert_refused(done, "school.id")


class TestGenerated:
    """Inputs too large to ship, or that are not regular files, made in a temporary folder."""

    def test_nested_100000_levels_json(self, tmp_path: Path) -> None:
        """JSON nested 100,000 deep: refused with the path where it passes 32 levels."""
        path = tmp_path / "deep.json"
        path.write_text('{"school": ' + "[" * 100_000 + "]" * 100_000 + "}")
        done = script("check", path, *AS_OF)
        assert_refused(done, "school" + "[0]" * 31 + ":", "nested more than 32 levels")

    def test_nested_100000_levels_toml(self, tmp_path: Path) -> None:
        """TOML nested 100,000 deep: refused, naming the line."""
        path = tmp_path / "deep.toml"
        path.write_text("\n\nschool = " + "[" * 100_000 + "]" * 100_000 + "\n")
        done = script("check", path, *AS_OF)
        assert_refused(done, "nested more than 32 levels deep (line 3)")

    def test_nested_40_levels_json(self, tmp_path: Path) -> None:
        """Nesting the parser can follow but beyond the limit is refused by the walk."""
        path = tmp_path / "deep40.json"
        doc = json.loads((HOSTILE / "valid.json").read_text("utf-8"))
        doc["drills"] = json.loads("[" * 40 + "]" * 40)
        path.write_text(json.dumps(doc))
        done = script("check", path, *AS_OF)
        assert_refused(done, "drills" + "[0]" * 31 + ":", "nested more than 32")

    def test_ten_megabyte_id(self, tmp_path: Path) -> None:
        """A 10 MB id: refused with its length, the message stays short."""
        doc = json.loads((HOSTILE / "valid.json").read_text("utf-8"))
        doc["drills"] = [{"id": "x" * 10_000_000, "date": "2026-11-12", "kind": "fire"}]
        path = tmp_path / "big-id.json"
        path.write_text(json.dumps(doc))
        done = script("check", path, *AS_OF)
        assert_refused(done, "drills[0].id", "10,000,000 characters", "limit of 200")
        assert len(done.err) < 300

    def test_long_text(self, tmp_path: Path) -> None:
        """A school name of 200,000 characters passes the text limit of 100,000: refused."""
        doc = json.loads((HOSTILE / "valid.json").read_text("utf-8"))
        doc["school"]["name"] = "校" * 200_000
        path = tmp_path / "long.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        assert_refused(script("check", path, *AS_OF), "school.name", "limit of 100,000")

    def test_max_size(self, tmp_path: Path) -> None:
        """A file over ``--max-size`` is refused before it is parsed."""
        size = (HOSTILE / "valid.json").stat().st_size
        done = script("check", HOSTILE / "valid.json", *AS_OF, "--max-size", "100")
        assert_refused(done, f"the file is {size:,} bytes", "limit of 100 bytes (--max-size)")

    def test_max_size_bad_value(self) -> None:
        """``--max-size lots`` is a usage error."""
        done = script("check", HOSTILE / "valid.json", "--max-size", "lots")
        assert_refused(done, "--max-size", "'lots' is not a size")

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
    def test_fifo(self, tmp_path: Path) -> None:
        """A FIFO with no writer: refused at once, not waited on."""
        path = tmp_path / "school.json"
        os.mkfifo(path)
        done = script("check", path, *AS_OF, timeout=30)
        assert_refused(done, "a named pipe (FIFO), not a regular file")

    @pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
    def test_symlink_to_dev_zero(self, tmp_path: Path) -> None:
        """A symlink to /dev/zero: refused as a device, nothing read from it."""
        path = tmp_path / "school.json"
        path.symlink_to("/dev/zero")
        done = script("check", path, *AS_OF, timeout=30)
        assert_refused(done, "a character device, not a regular file")

    def test_symlink_loop_in_batch_directory(self, tmp_path: Path) -> None:
        """A symlink loop among a directory's files gets its own row with the reason."""
        (tmp_path / "a.json").write_bytes((HOSTILE / "valid.json").read_bytes())
        (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
        done = script("check", tmp_path, *AS_OF, "--format", "json")
        assert_clean(done)
        rows = {Path(r["file"]).name: r for r in json.loads(done.out)["schools"]}
        assert set(rows) == {"a.json", "loop.json"}
        assert rows["a.json"]["error"] is None
        assert "symbolic links" in rows["loop.json"]["error"]


class TestRoutines:
    """Routines in a school file cannot make the command search for ages."""

    def test_secondly_rrule_is_refused(self, tmp_path: Path) -> None:
        """``FREQ=SECONDLY`` with filters that never match searched for about a minute before
        giving nothing; a routine repeats daily at most: refused at once with its path."""
        doc = json.loads((HOSTILE / "valid.json").read_text("utf-8"))
        every = "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30;COUNT=1"
        doc["routines"] = [
            {"id": "r", "collection": "drills", "record": {"kind": "fire"}, "every": every,
             "from": "2026-11-01"}
        ]  # fmt: skip
        path = tmp_path / "routine.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        done = script("check", path, *AS_OF, timeout=30)
        assert_refused(done, "routines[0].every", "repeats SECONDLY", "daily at most")


class TestRanges:
    """Ranges beyond the horizon are refused; nothing overflows near ``date.max``."""

    @pytest.mark.parametrize(
        ("name", "argv"),
        [
            ("valid.json", ("--from", "9999-01-01", "--to", "9999-12-31")),
            ("valid.json", ("--from", "0001-01-01", "--to", "9999-12-31")),
            ("valid_cixi.json", ("--from", "9995-01-01", "--to", "9995-12-31")),
            ("valid.json", ("--from", "2026-01-01", "--to", "2201-01-01")),
            ("valid.json", ("--from", "1899-12-31", "--to", "2026-01-01")),
        ],
    )
    def test_check_range(self, name: str, argv: tuple[str, ...]) -> None:
        """``check`` over a range leaving 1900..2200: exit 2 naming the horizon."""
        done = script("check", HOSTILE / name, *argv, *AS_OF, "--format", "json")
        assert_refused(done, "outside the supported dates 1900-01-01..2200-12-31")

    @pytest.mark.parametrize(
        "argv",
        [
            ("owes", "--month", "9999-12"),
            ("obligations", "--as-of", "9999-12-31"),
            ("check", "--as-of", "9999-12-31"),
            ("calendar", "--month", "9999-12", "--ics", "-"),
        ],
    )
    def test_other_commands(self, argv: tuple[str, ...]) -> None:
        """Every command with a range refuses one at ``date.max`` without a traceback."""
        command, *rest = argv
        done = script(command, HOSTILE / "valid.json", *rest)
        assert_refused(done, "outside the supported dates")

    def test_report_year(self, tmp_path: Path) -> None:
        """``report --year 9999`` is refused before anything is drawn."""
        done = script("report", HOSTILE / "valid.json", "--year", "9999", "--png", tmp_path / "x")
        assert_refused(done, "年份应在 1900 至 2200 之间", "--horizon")

    def test_horizon_is_configurable(self) -> None:
        """``--horizon 2000..2030`` narrows the supported dates: 2031 is refused."""
        done = script(
            "check", HOSTILE / "valid.json", "--horizon", "2000..2030",
            "--from", "2031-01-01", "--to", "2031-01-31", *AS_OF,
        )  # fmt: skip
        assert_refused(done, "2000-01-01..2030-12-31")

    def test_horizon_widened_to_far_years(self) -> None:
        """Within a widened horizon December 9000 is evaluated: exit 0 or 1, valid JSON."""
        done = script(
            "check", HOSTILE / "valid.json", "--horizon", "1900..9000",
            "--from", "9000-12-01", "--to", "9000-12-31", "--as-of", "9000-12-31",
            "--format", "json",
        )  # fmt: skip
        assert_clean(done)
        assert done.code in (0, 1)
        assert json.loads(done.out)["to"] == "9000-12-31"
        # One warning line for the unknown holiday arrangement, not one per year.
        assert len(done.err.splitlines()) == 1

    def test_bad_horizon(self) -> None:
        """A horizon that is not ``YYYY..YYYY`` is a usage error."""
        done = script("check", HOSTILE / "valid.json", "--horizon", "2200..1900")
        assert_refused(done, "--horizon", "'2200..1900'")


class TestMarkup:
    """Text from files is data: markup is shown as written, in every table."""

    HAZARD = "[red]HAZ[/red][link=https://example.invalid]X[/link]"

    @pytest.mark.parametrize(
        "argv",
        [
            ("check", "--month", "2026-11"),
            ("owes", "--month", "2026-11"),
            ("obligations", "--month", "2026-11"),
            ("check", "--summary"),
        ],
    )
    def test_school_id_with_markup(self, argv: tuple[str, ...]) -> None:
        """A school id ``[/]`` appears as ``[/]`` in tables and the summary; exit 1."""
        command, *rest = argv
        done = script(command, HOSTILE / "markup_school_id.json", *rest, *AS_OF, "--lang", "en")
        assert_clean(done)
        assert (done.code, done.err) == (1, "")
        assert "[/]" in done.out

    def test_hazard_id_with_markup_in_a_table(self) -> None:
        """The hazard id keeps its brackets, tags and link text, folded over two lines (in the
        table of single obligations, whose fourth column is the subject)."""
        done = script(
            "check", HOSTILE / "markup_hazard_id.json", "--month", "2026-11", *AS_OF,
            "--lang", "en", "--each",
        )  # fmt: skip
        assert_clean(done)
        assert done.code == 1
        cells = "".join(
            line.split("│")[4].strip() for line in done.out.splitlines() if line.count("│") > 5
        )
        assert self.HAZARD in cells

    def test_hazard_id_with_markup_in_json(self) -> None:
        """JSON output carries the id unchanged as the hazard obligation's subject."""
        done = script(
            "check", HOSTILE / "markup_hazard_id.json", "--month", "2026-11", *AS_OF,
            "--format", "json",
        )  # fmt: skip
        subjects = {v["subject"] for v in json.loads(done.out)["violations"]}
        assert self.HAZARD in subjects


class TestInternalError:
    """A bug is exit 3 with one line asking for a report; the traceback needs ``--debug``."""

    @staticmethod
    def broken(args: Any) -> int:
        raise ZeroDivisionError("division by zero")

    def test_exit_3_one_line(self, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
        """Without ``--debug``: exit 3, one line with the version and the exception's type."""
        monkeypatch.setitem(_cli._COMMANDS, "schema", self.broken)
        code = _cli.main(["schema"])
        out, err = capsys.readouterr()
        assert (code, out) == (3, "")
        assert err.splitlines() == [
            f"safetyregs: internal error, please report (safetyregs {_cli._version()}, "
            "ZeroDivisionError); run again with --debug to see the traceback"
        ]

    def test_debug_shows_the_traceback(self, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
        """With ``--debug``: the traceback first, then the same request for a report."""
        monkeypatch.setitem(_cli._COMMANDS, "schema", self.broken)
        code = _cli.main(["schema", "--debug"])
        _, err = capsys.readouterr()
        assert code == 3
        assert err.startswith("Traceback (most recent call last):")
        assert "ZeroDivisionError: division by zero" in err
        assert err.splitlines()[-1].startswith("safetyregs: internal error, please report")

    def test_debug_is_accepted_by_every_command(self) -> None:
        """``--debug`` is a known flag before and after the command name."""
        for argv in (["--debug", "schema"], ["schema", "--debug"], ["profiles", "--debug"]):
            done = script(*argv)
            assert (done.code, done.err) == (0, ""), argv
