"""The examples (examples/): a small app and a plugin, typed against the public API only."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
APP = EXAMPLES / "service.py"
PLUGIN = EXAMPLES / "plugin" / "qingshan_profile.py"
SCRIPT = Path(sys.executable).parent / "safetyregs"


def _imports(path: Path) -> set[str]:
    """Every module a file imports from."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


class TestPublicApiOnly:
    @pytest.mark.parametrize("path", [APP, PLUGIN], ids=["app", "plugin"])
    def test_no_private_module(self, path: Path) -> None:
        """The examples import safetyregs' public modules only, never ``safetyregs._*``."""
        ours = {m for m in _imports(path) if m.split(".")[0] == "safetyregs"}
        assert ours
        assert all(not part.startswith("_") for m in ours for part in m.split("."))

    def test_mypy_strict(self) -> None:
        """``mypy --strict`` passes on the app and the plugin (names must be re-exported
        publicly: strict mode forbids implicit re-exports)."""
        run = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", str(APP), str(PLUGIN)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr


class TestPluginInstalled:
    def test_qingshan_through_the_console_script(self, tmp_path: Path) -> None:
        """Installed as a real distribution, the example plugin checks a school: a partial fire
        drill in November meets Ziyang's monthly drill but not Qingshan's whole-school one
        (November 2026, due 30 Nov, violated as of 1 Dec)."""
        shutil.copy(PLUGIN, tmp_path / PLUGIN.name)
        info = tmp_path / "safetyregs_qingshan-0.1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: safetyregs-qingshan\nVersion: 0.1.0\n"
        )
        (info / "entry_points.txt").write_text(
            "[safetyregs.profiles]\nqingshan = qingshan_profile:make\n"
        )
        school = {
            "school": {
                "id": "qs-1",
                "name": "青山县实验小学",
                "jurisdiction": "qingshan",
                "levels": ["primary"],
                "terms": [{"start": "2026-09-01", "end": "2027-01-22"}],
            },
            "drills": [{"id": "d1", "date": "2026-11-12", "kind": "fire", "scope": "partial"}],
            "meetings": [{"id": "m1", "date": "2026-11-02", "kind": "safety_review"}],
        }
        path = tmp_path / "school.json"
        path.write_text(json.dumps(school, ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(tmp_path)}
        args = [str(SCRIPT), "obligations", str(path), "--month", "2026-11"]
        run = subprocess.run(
            [*args, "--as-of", "2026-12-01", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert run.returncode == 1, run.stderr
        doc = json.loads(run.stdout)
        assert doc["profile"] == "qingshan"
        status = {o["rule"]: (o["due"], o["status"]) for o in doc["obligations"]}
        assert status["qingshan.november-fire-drill"] == ("2026-11-30", "violated")
        assert status["ziyang.evacuation-drill-monthly"] == ("2026-11-30", "met")
