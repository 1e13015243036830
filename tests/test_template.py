"""``safetyregs init``: a commented school-file template that a compliant school would keep."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import safetyregs

SCRIPT = Path(sys.executable).with_name("safetyregs")
COMMENT = re.compile(r"^# ([a-z]+\.[a-z0-9-]+): (.+) \((.+)\)$")


def init(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), "init", *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("profile", "level", "year"),
    [("cixi", "junior_secondary", 2026), ("yanzhou", "primary", 2026), ("ziyang", None, 2026)],
)
def test_template_is_compliant_and_commented(
    tmp_path: Path, profile: str, level: str | None, year: int
) -> None:
    """The TOML loads, owes nothing unmet over its year, and its comments name real rules."""
    path = tmp_path / "school.toml"
    done = init("--profile", profile, "--year", str(year), "-o", str(path),
                *(("--level", level) if level else ()))  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    text = path.read_text(encoding="utf-8")
    school = safetyregs.load(path)
    assert school.school.jurisdiction == profile
    if level:
        assert [str(lv) for lv in school.school.levels] == [level]
    rules = {rule.id: rule for rule in safetyregs.profiles.get(profile).rules}
    report = safetyregs.obligations(
        school, f"{year}-01-01", f"{year}-12-31", as_of=dt.date(year + 1, 1, 1)
    )
    assert len(report) > 0
    assert {ob.status for ob in report} == {"met"}
    comments = [COMMENT.match(line) for line in text.splitlines() if line.startswith("# ")]
    named = [m for m in comments if m]
    assert named
    for match in named:
        assert match.group(1) in rules
        assert match.group(3) == rules[match.group(1)].source.clause
    # Every routine says which rules it serves.
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line == "[[routines]]":
            assert COMMENT.match(lines[index - 1]), lines[index - 2 : index + 2]


def test_routines_where_the_school_file_supports_them() -> None:
    """Cixi's daily 1530 minute is one routine, not a record a day; the terms are written out."""
    done = init("--profile", "cixi", "--level", "junior_secondary", "--year", "2026")
    data = tomllib.loads(done.stdout)
    everies = {r["every"] for r in data["routines"]}
    assert "school_day" in everies
    assert "holiday_break_day" in everies
    assert len(data.get("education", [])) < 20
    assert data["school"]["terms"][1] == {"start": "2026-02-20", "end": "2026-07-10"}
    assert done.stdout.startswith("# safetyregs 学校文件模板：慈溪市，2026 年\n")


def test_json_form_loads() -> None:
    """``--format json`` gives the same file as JSON (without comments)."""
    done = init("--profile", "changzhou", "--year", "2025", "--format", "json")
    school = safetyregs.loads(done.stdout)
    assert school.school.jurisdiction == "changzhou"


def test_never_overwrites(tmp_path: Path) -> None:
    """An existing file is left alone: exit 2 and a message."""
    path = tmp_path / "school.toml"
    path.write_text("keep", encoding="utf-8")
    done = init("--profile", "cixi", "--year", "2026", "-o", str(path))
    assert done.returncode == 2
    assert "exists" in done.stderr
    assert path.read_text(encoding="utf-8") == "keep"


def test_unknown_profile() -> None:
    """An unknown profile is a usage error, exit 2, nothing on stdout."""
    done = init("--profile", "nowhere", "--year", "2026")
    assert (done.returncode, done.stdout) == (2, "")
