"""The examples of the property-testing page run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PAGE = Path(__file__).parents[1] / "docs" / "property-tests.md"
SCRIPT = Path(sys.executable).parent / "safetyregs"


def blocks(kind: str) -> list[str]:
    """The fenced code blocks of one kind (``python``, ``console``) of the page, in order."""
    return re.findall(rf"```{kind}\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)


def test_python_examples_pass(tmp_path: Path) -> None:
    """The page's Python blocks, one module in page order, pass under pytest: every test."""
    source = "\n".join(blocks("python"))
    count = len(re.findall(r"^def test_", source, flags=re.M))
    assert count >= 8
    module = tmp_path / "test_property_tests_page.py"
    module.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{count} passed" in done.stdout


def test_witness_console_example() -> None:
    """The ``safetyregs witness`` example prints what the page shows, up to its ellipsis."""
    (example,) = [b for b in blocks("console") if "safetyregs witness" in b]
    command, *shown = example.splitlines()
    args = command.removeprefix("$ safetyregs ").split()
    done = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    expected = shown[: shown.index("…")]
    assert done.stdout.splitlines()[: len(expected)] == expected
