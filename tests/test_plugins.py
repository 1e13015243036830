"""Third-party profile plugins, installed for real as a distribution on sys.path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "safetyregs"

PLUGIN = textwrap.dedent(
    '''
    """A district that takes Ziyang and requires two drills a month."""
    from safetyregs import Text, profiles

    def make():
        return profiles.get("ziyang").derive(
            "ziyang-district",
            name=Text("资阳某区", "A Ziyang district"),
            override={"ziyang.evacuation-drill-monthly": {"needs[0].at_least": 2}},
        )
    '''
)


def _install(root: Path, dist: str, module: str, source: str, entries: dict[str, str]) -> None:
    """Write a module and a .dist-info whose entry_points.txt registers profiles."""
    (root / f"{module}.py").write_text(source, encoding="utf-8")
    info = root / f"{dist}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    lines = "\n".join(f"{name} = {target}" for name, target in entries.items())
    (info / "entry_points.txt").write_text(f"[safetyregs.profiles]\n{lines}\n")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False
    )


def _school(tmp_path: Path, jurisdiction: str) -> Path:
    doc = {
        "school": {
            "id": "zd-1",
            "name": "区示范小学",
            "jurisdiction": jurisdiction,
            "levels": ["primary"],
            "terms": [{"start": "2026-09-01", "end": "2027-01-20"}],
        },
        "drills": [{"id": "d1", "date": "2026-11-12", "kind": "fire"}],
        "meetings": [{"id": "m1", "date": "2026-11-02", "kind": "safety_review"}],
        "education": [{"id": "e1", "date": "2026-11-10", "theme": "fire_safety"}],
        "insurance": [
            {"id": "p1", "kind": "school_liability", "start": "2026-01-01", "end": "2026-12-31"}
        ],
    }
    path = tmp_path / "school.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


class TestThirdPartyProfile:
    def test_listed_by_profiles(self, tmp_path: Path) -> None:
        """A plugin's entry point shows up in `safetyregs profiles` next to the built-ins."""
        _install(
            tmp_path,
            "district",
            "district_plugin",
            PLUGIN,
            {"ziyang-district": "district_plugin:make"},
        )
        result = _run(tmp_path, "profiles", "--format", "json")
        assert result.returncode == 0, result.stderr
        ids = [p["id"] for p in json.loads(result.stdout)["profiles"]]
        assert "ziyang-district" in ids
        assert "ziyang" in ids

    def test_check_uses_the_plugin(self, tmp_path: Path) -> None:
        """`check` evaluates with the plugin: one drill in November violates 'two a month'."""
        _install(
            tmp_path,
            "district",
            "district_plugin",
            PLUGIN,
            {"ziyang-district": "district_plugin:make"},
        )
        school = _school(tmp_path, "ziyang-district")
        args = (
            "check",
            str(school),
            "--month",
            "2026-11",
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        )
        result = _run(tmp_path, *args)
        assert result.returncode == 1, result.stderr
        doc = json.loads(result.stdout)
        assert doc["profile"] == "ziyang-district"
        rules = [v["rule"] for v in doc["violations"]]
        assert rules.count("ziyang.evacuation-drill-monthly") == 1
        # Under plain Ziyang the same school is fine in November.
        plain = _run(tmp_path, *args, "--profile", "ziyang")
        assert plain.returncode == 0, plain.stdout + plain.stderr


class TestBrokenPlugins:
    def test_import_error_is_a_warning(self, tmp_path: Path) -> None:
        """A plugin that fails to import is named in a warning; other profiles still work."""
        _install(
            tmp_path,
            "broken",
            "broken_plugin",
            "raise ImportError('no such thing')\n",
            {"broken": "broken_plugin:PROFILE"},
        )
        result = _run(tmp_path, "profiles", "--format", "json")
        assert result.returncode == 0
        assert "broken = broken_plugin:PROFILE" in result.stderr
        assert "Traceback" not in result.stderr
        assert "ziyang" in [p["id"] for p in json.loads(result.stdout)["profiles"]]

    def test_invalid_rule_is_a_warning(self, tmp_path: Path) -> None:
        """A plugin whose profile has a rule that cannot be checked (a drill kind "fier") is
        skipped with a warning naming the rule and the path; the other profiles still work."""
        source = textwrap.dedent(
            """
            from safetyregs import Text, profiles

            def make():
                rule = "ziyang.evacuation-drill-monthly"
                where = {"kind": "fier"}
                return profiles.get("ziyang").derive(
                    "typo", override={rule: {"needs[0].match.where": where}}
                )
            """
        )
        _install(tmp_path, "typo", "typo_plugin", source, {"typo": "typo_plugin:make"})
        result = _run(tmp_path, "profiles", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert "typo = typo_plugin:make" in result.stderr
        assert "ziyang.evacuation-drill-monthly" in result.stderr
        assert "needs[0].match.where.kind: 'fier' is not a kind of Drill" in result.stderr
        assert "Traceback" not in result.stderr
        ids = [p["id"] for p in json.loads(result.stdout)["profiles"]]
        assert "typo" not in ids
        assert "ziyang" in ids

    def test_bad_object_is_a_warning(self, tmp_path: Path) -> None:
        """A plugin naming something that is not a Profile is skipped with a warning."""
        _install(tmp_path, "bad", "bad_plugin", "PROFILE = 42\n", {"bad": "bad_plugin:PROFILE"})
        result = _run(tmp_path, "profiles", "--format", "json")
        assert result.returncode == 0
        assert "bad_plugin:PROFILE" in result.stderr
        assert "not a safetyregs Profile" in result.stderr

    def test_duplicate_names_are_an_error(self, tmp_path: Path) -> None:
        """Two plugins registering the same profile name stop with exit status 2."""
        source = "from safetyregs import profiles\nPROFILE = profiles.get('ziyang')\n"
        clash = "import warnings\nfrom safetyregs.jurisdictions.ziyang import PROFILE\n"
        _install(tmp_path, "clash", "clash_plugin", clash, {"ziyang": "clash_plugin:PROFILE"})
        del source
        result = _run(tmp_path, "profiles")
        assert result.returncode == 2
        assert "two profiles are named 'ziyang'" in result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize("name", ["ziyang"])
def test_builtin_registered_through_entry_point(name: str) -> None:
    """Built-in profiles are found through the same entry-point group as plugins."""
    from importlib import metadata

    names = {ep.name for ep in metadata.entry_points(group="safetyregs.profiles")}
    assert name in names
