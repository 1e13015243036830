"""The embedding example (examples/service.py): POST /check through FastAPI's TestClient."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest

import safetyregs

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).parent.parent / "examples" / "service.py"
SCRIPT = Path(sys.executable).parent / "safetyregs"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("safetyregs_example_service", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(_load().app)


def example() -> dict[str, Any]:
    """The example school as a framework receives it: parsed by plain ``json.loads``."""
    data: dict[str, Any] = json.loads(safetyregs.dumps(safetyregs.example_school()))
    return data


class TestCheck:
    def test_same_json_as_the_cli(self, client: TestClient, tmp_path: Path) -> None:
        """POST /check answers exactly what `safetyregs check --format json` prints."""
        query = {"from": "2026-01-01", "to": "2026-11-23", "as_of": "2026-11-23", "lang": "en"}
        answer = client.post("/check", params=query, json=example())
        assert answer.status_code == 200, answer.text
        path = tmp_path / "school.json"
        path.write_text(safetyregs.dumps(safetyregs.example_school()), encoding="utf-8")
        flags = ["--from", "2026-01-01", "--to", "2026-11-23", "--as-of", "2026-11-23"]
        cli = subprocess.run(
            [str(SCRIPT), "check", str(path), *flags, "--format", "json", "--lang", "en"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert cli.returncode == 1
        assert answer.json() == json.loads(cli.stdout)
        jsonschema.Draft202012Validator(safetyregs.result_schema()).validate(answer.json())
        assert [v["rule"] for v in answer.json()["violations"]] == [
            "ziyang.evacuation-drill-monthly",
            "ziyang.safety-review-meeting",
            "ziyang.holiday-duty",
            "ziyang.incident-written-report",
        ]

    def test_month_and_float_numbers(self, client: TestClient) -> None:
        """A month query works, and class hours sent as JSON floats (1.5) are read exactly."""
        data = example()
        data["trainings"] = [
            {"id": "t9", "staff": data["staff"][0]["id"], "date": "2026-11-02", "class_hours": 1.5}
        ]
        answer = client.post(
            "/check", params={"month": "2026-11", "as_of": "2026-12-01"}, json=data
        )
        assert answer.status_code == 200, answer.text
        assert (answer.json()["from"], answer.json()["to"]) == ("2026-11-01", "2026-11-30")


class TestBadInput:
    def test_bad_school_file_is_422_with_paths(self, client: TestClient) -> None:
        """Two problems, each with its JSON path and as a FastAPI loc."""
        data = example()
        data["drills"][0]["date"] = "2026-02-30"
        data["drills"][1]["id"] = data["drills"][0]["id"]
        answer = client.post("/check", params={"as_of": "2026-11-23"}, json=data)
        assert answer.status_code == 422
        detail = answer.json()["detail"]
        assert [d["path"] for d in detail] == ["drills[0].date", "drills[1].id"]
        assert detail[0]["loc"] == ["body", "drills", 0, "date"]
        assert "2026-02-30" in detail[0]["msg"]

    def test_float_arithmetic_is_422(self, client: TestClient) -> None:
        """0.1 + 0.2 sent as a number is refused at its path, not rounded."""
        data = example()
        data["trainings"][0]["class_hours"] = 0.1 + 0.2
        answer = client.post("/check", params={"as_of": "2026-11-23"}, json=data)
        assert answer.status_code == 422
        assert [d["path"] for d in answer.json()["detail"]] == ["trainings[0].class_hours"]

    def test_unknown_jurisdiction_is_422(self, client: TestClient) -> None:
        """A jurisdiction that is not installed is refused at school.jurisdiction."""
        data = example()
        data["school"]["jurisdiction"] = "atlantis"
        answer = client.post("/check", params={"as_of": "2026-11-23"}, json=data)
        assert answer.status_code == 422
        assert [d["path"] for d in answer.json()["detail"]] == ["school.jurisdiction"]

    @pytest.mark.parametrize(
        "query",
        [{"month": "2026-13"}, {"from": "2026-11-30", "to": "2026-11-01"}, {"profile": "atlantis"}],
    )
    def test_bad_query_is_422(self, client: TestClient, query: dict[str, str]) -> None:
        """A month that is no month, a range that ends before it starts, an unknown profile."""
        answer = client.post("/check", params={"as_of": "2026-11-23", **query}, json=example())
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["loc"] == ["query"]

    def test_not_an_object_is_422(self, client: TestClient) -> None:
        """A JSON list instead of a school file is refused by FastAPI's own validation."""
        answer = client.post("/check", json=[1, 2])
        assert answer.status_code == 422
