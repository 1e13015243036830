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
    # Folder names as wheels write them: the name's dashes become underscores.
    info = root / f"{dist.replace('-', '_')}-0.1.dist-info"
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

    def test_duplicate_of_a_built_in_is_refused_and_the_built_in_wins(self, tmp_path: Path) -> None:
        """A plugin claiming the name ``ziyang`` is refused with a warning naming it; the
        built-in ziyang is used, and the other profiles still list (exit 0)."""
        clash = "from safetyregs.jurisdictions.cixi import PROFILE\n"
        _install(tmp_path, "clash", "clash_plugin", clash, {"ziyang": "clash_plugin:PROFILE"})
        result = _run(tmp_path, "profiles", "--format", "json")
        assert result.returncode == 0, result.stderr
        listed = {p["id"]: p for p in json.loads(result.stdout)["profiles"]}
        assert sorted(listed) == BUILT_IN
        alone = _run(tmp_path, "profiles", "--format", "json", "--no-plugins")
        assert json.loads(alone.stdout)["profiles"] == list(listed.values())
        assert "clash_plugin:PROFILE" in result.stderr
        assert "ziyang" in result.stderr
        assert "Traceback" not in result.stderr

    def test_duplicate_between_two_plugins_refuses_only_that_name(self, tmp_path: Path) -> None:
        """Two plugins both named ``twin``: that name is refused with a warning, every other
        profile (the district plugin included) still works."""
        _install(tmp_path, "twin-a", "twin_a", PLUGIN, {"twin": "twin_a:make"})
        _install(tmp_path, "twin-b", "twin_b", PLUGIN, {"twin": "twin_b:make"})
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
        assert ids == sorted([*BUILT_IN, "ziyang-district"])
        assert "'twin'" in result.stderr
        school = _school(tmp_path, "ziyang")
        refused = _run(tmp_path, *_check_args(school), "--profile", "twin")
        assert refused.returncode == 2
        assert "twin" in refused.stderr
        assert refused.stdout == ""


BUILT_IN = ["changzhou", "cixi", "yanzhou", "yongqiao", "ziyang"]


def _check_args(school: Path) -> tuple[str, ...]:
    return ("check", str(school), "--month", "2026-11", "--as-of", "2026-12-01", "--format", "json")


#: Plugins that misbehave while being imported; each is installed as the profile ``rogue``.
ROGUE_IMPORTS = {
    "system_exit": "raise SystemExit(0)\n",
    "keyboard_interrupt": "raise KeyboardInterrupt\n",
    "base_exception": "class Odd(BaseException):\n    pass\n\nraise Odd('odd')\n",
    "prints": (
        "import sys\n"
        "print('hello from a plugin')\n"
        "sys.stdout.write('{not json')\n"
        "from safetyregs.jurisdictions.ziyang import PROFILE as _Z\n"
        "PROFILE = _Z.derive('rogue')\n"
    ),
    "hangs": "import time\ntime.sleep(3600)\n",
    "self_reference": (
        "from safetyregs import profiles\n\ndef make():\n    return profiles.get('rogue')\n"
    ),
}

#: Profiles whose rules copy ziyang's ids with other parameters.
COPYCAT = textwrap.dedent(
    """
    from safetyregs import Rule, Text, profiles
    from safetyregs.jurisdictions.ziyang import PROFILE as ZIYANG

    def make():
        return ZIYANG.derive(
            "copycat",
            name=Text("仿冒", "Copycat"),
            override={"ziyang.evacuation-drill-monthly": {"needs[0].at_least": 9}},
        )
    """
)

#: A profile with one rule whose evaluation raises.
FAULTY = textwrap.dedent(
    """
    from safetyregs import Citation, Rule, Text, profiles
    from safetyregs.kinds import Months, Need, Recurring, records

    class Exploding(Recurring):
        def findings(self, ctx, span):
            raise ZeroDivisionError("a plugin bug")

    BOOM = Rule(
        "faulty.boom",
        Text("每月演练", "Monthly drill"),
        Citation("faulty.txt", "一", "每月演练"),
        [Exploding(Months(), [Need(records("drills"))])],
    )

    def make():
        return profiles.get("ziyang").derive("faulty", name=Text("故障", "Faulty"), add=[BOOM])
    """
)


def _run_env(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(root), **env}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=full, check=False, timeout=120
    )


class TestHostilePlugins:
    """Plugins that misbehave cannot hurt the other profiles or the commands not using them."""

    @pytest.mark.parametrize("behaviour", sorted(ROGUE_IMPORTS))
    def test_rogue_import_is_isolated(self, tmp_path: Path, behaviour: str) -> None:
        """Listing every profile still exits 0 with clean JSON naming the five built-ins,
        the rogue plugin is named in one warning on stderr, and `check` under ziyang gives
        exactly what it gives without plugins."""
        target = "rogue_plugin:make" if behaviour == "self_reference" else "rogue_plugin:PROFILE"
        _install(tmp_path, "rogue", "rogue_plugin", ROGUE_IMPORTS[behaviour], {"rogue": target})
        fast = {"SAFETYREGS_PLUGIN_TIMEOUT": "2"}
        listed = _run_env(tmp_path, fast, "profiles", "--format", "json")
        ids = [p["id"] for p in json.loads(listed.stdout)["profiles"]]
        if behaviour == "prints":
            assert listed.returncode == 0, listed.stderr
            assert ids == sorted([*BUILT_IN, "rogue"])
            assert "hello from a plugin" in listed.stderr
        else:
            assert listed.returncode == 0, listed.stderr
            assert ids == BUILT_IN
            assert "rogue = rogue_plugin" in listed.stderr
        assert "Traceback" not in listed.stderr

        school = _school(tmp_path, "ziyang")
        with_plugin = _run_env(tmp_path, fast, *_check_args(school))
        without = _run_env(tmp_path, fast, *_check_args(school), "--no-plugins")
        assert (with_plugin.returncode, with_plugin.stdout) == (without.returncode, without.stdout)
        assert without.returncode == 0
        json.loads(with_plugin.stdout)

    def test_hanging_import_is_abandoned_after_the_timeout(self, tmp_path: Path) -> None:
        """A plugin that never finishes importing is given up with a warning that says so."""
        _install(
            tmp_path, "rogue", "rogue_plugin", ROGUE_IMPORTS["hangs"], {"rogue": "rogue_plugin:P"}
        )
        result = _run_env(tmp_path, {"SAFETYREGS_PLUGIN_TIMEOUT": "1"}, "profile", "rogue")
        assert result.returncode == 2
        assert "did not finish loading within 1 s" in result.stderr
        assert "profile 'rogue' could not be loaded" in result.stderr
        assert "Traceback" not in result.stderr

    def test_rules_with_another_profiles_ids(self, tmp_path: Path) -> None:
        """A plugin reusing ziyang's rule ids with other parameters changes nothing for ziyang,
        even when both are loaded and evaluated in one process."""
        _install(tmp_path, "copycat", "copycat_plugin", COPYCAT, {"copycat": "copycat_plugin:make"})
        script = textwrap.dedent(
            """
            import datetime as dt, json, safetyregs
            school = safetyregs.example_school()
            def run(profile):
                r = safetyregs.obligations(school, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                           as_of=dt.date(2026, 11, 23), profile=profile)
                return r.to_dict()
            before = run("ziyang")
            every = safetyregs.profiles.load_all()
            copy = run("copycat")
            after = run("ziyang")
            print(json.dumps({"same": before == after, "loaded": sorted(every),
                              "differs": copy["obligations"] != after["obligations"]}))
            """
        )
        env = {**os.environ, "PYTHONPATH": str(tmp_path)}
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
        )
        assert proc.returncode == 0, proc.stderr
        doc = json.loads(proc.stdout)
        assert "copycat" in doc["loaded"]
        assert doc["differs"] is True
        assert doc["same"] is True

    def test_rule_raising_during_evaluation(self, tmp_path: Path) -> None:
        """A rule that raises while evaluating is reported on one line naming the rule and
        the error (exit 2, no traceback, nothing on stdout); ziyang is unaffected."""
        _install(tmp_path, "faulty", "faulty_plugin", FAULTY, {"faulty": "faulty_plugin:make"})
        school = _school(tmp_path, "ziyang")
        result = _run_env(tmp_path, {}, *_check_args(school), "--profile", "faulty")
        assert result.returncode == 2
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        assert "faulty.boom" in result.stderr
        assert "ZeroDivisionError" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        plain = _run_env(tmp_path, {}, *_check_args(school))
        assert plain.returncode == 0, plain.stderr


class TestNoPlugins:
    @pytest.mark.parametrize(
        ("env", "flag"),
        [({"SAFETYREGS_NO_PLUGINS": "1"}, ()), ({}, ("--no-plugins",))],
    )
    def test_only_built_ins(
        self, tmp_path: Path, env: dict[str, str], flag: tuple[str, ...]
    ) -> None:
        """With the variable or the flag, only the five built-ins load: a district plugin is
        not listed and a broken one is not even imported (no warning)."""
        _install(
            tmp_path,
            "district",
            "district_plugin",
            PLUGIN,
            {"ziyang-district": "district_plugin:make"},
        )
        _install(
            tmp_path,
            "broken",
            "broken_plugin",
            "raise SystemExit(3)\n",
            {"broken": "broken_plugin:P"},
        )
        result = _run_env(tmp_path, env, "profiles", "--format", "json", *flag)
        assert result.returncode == 0, result.stderr
        assert [p["id"] for p in json.loads(result.stdout)["profiles"]] == BUILT_IN
        assert result.stderr == ""


@pytest.mark.parametrize("name", ["ziyang"])
def test_builtin_registered_through_entry_point(name: str) -> None:
    """Built-in profiles are found through the same entry-point group as plugins."""
    from importlib import metadata

    names = {ep.name for ep in metadata.entry_points(group="safetyregs.profiles")}
    assert name in names
