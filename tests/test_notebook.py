"""The example notebook runs top to bottom on a real Jupyter kernel and shows what it says."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
kernelspec = pytest.importorskip("ipykernel.kernelspec")

NOTEBOOK = Path(__file__).parents[1] / "docs" / "notebooks" / "what-does-my-school-owe.ipynb"


def _outputs(nb: Any) -> Iterator[tuple[int, Any]]:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for output in cell.outputs:
                yield index, output


def _html(nb: Any) -> list[str]:
    return [o.data["text/html"] for _, o in _outputs(nb) if "text/html" in o.get("data", {})]


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook after running every cell on a ``python3`` kernel of this interpreter.

    The kernelspec is installed into a temporary prefix put first on
    ``JUPYTER_PATH``, so ``python3`` resolves to ``sys.executable`` (the venv),
    not to whatever Python a user-wide kernelspec names.
    """
    prefix = tmp_path_factory.mktemp("jupyter")
    kernelspec.install(kernel_name="python3", prefix=str(prefix))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        from jupyter_client.kernelspec import KernelSpecManager

        spec = KernelSpecManager().get_kernel_spec("python3")
        assert spec.argv[0] == sys.executable
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(prefix)}}
        )
        client.execute()
    return nb


class TestNotebookFile:
    def test_is_stored_without_outputs(self) -> None:
        """The committed notebook is valid and carries no outputs or execution counts."""
        nb = nbformat.read(NOTEBOOK, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code
        assert all(not c.outputs and c.execution_count is None for c in code)

    def test_uses_fixed_string_dates(self) -> None:
        """The notebook asks about November 2026 as of 23 November, typed as strings, never
        about today; it needs no ``%matplotlib inline`` to show its picture."""
        cells = nbformat.read(NOTEBOOK, as_version=4).cells
        source = "\n".join(c.source for c in cells)
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        assert 'as_of = "2026-11-23"' in source
        assert "dt.date(" not in source
        assert "today" not in source
        assert "%matplotlib" not in code


class TestExecutedNotebook:
    def test_no_cell_fails(self, executed: Any) -> None:
        """No output of the run is an error."""
        assert not [o for _, o in _outputs(executed) if o.output_type == "error"]

    def test_report_table_shows_statuses(self, executed: Any) -> None:
        """The month's report displays as an HTML table with its statuses."""
        month = next(h for h in _html(executed) if "2026-11-01..2026-11-30" in h)
        assert "<table" in month
        assert "met" in month
        assert "pending" in month
        assert "ziyang.evacuation-drill-monthly" in month

    def test_summary_is_printed(self, executed: Any) -> None:
        """``print(report.summary())`` prints the heading and one line per rule."""
        text = "".join(
            o.get("text", "") for _, o in _outputs(executed) if o.output_type == "stream"
        )
        assert "zy-demo · ziyang · 2026-11-01..2026-11-30 · as of 2026-11-23:" in text
        assert "(ziyang.hazard-closed-loop): pending 1, due 30 Nov" in text

    def test_violations_are_listed_and_explained(self, executed: Any) -> None:
        """The year's violations show as a table, and explain() names each rule and clause."""
        tables = [h for h in _html(executed) if "2026-01-01..2026-11-23" in h and "<table" in h]
        assert any("violated" in h and "ziyang.incident-written-report" in h for h in tables)
        text = "".join(
            o.get("text", "") for _, o in _outputs(executed) if o.output_type == "stream"
        )
        assert "[violated] ziyang.incident-written-report" in text
        assert "2026-10-14T16:10:00+08:00" in text
        assert "三(六)1" in text

    def test_routine_records_are_evidence(self, executed: Any) -> None:
        """The routine's November record is the evidence of November's safety review."""
        cell = next(c for c in executed.cells if "safety-review-meeting" in c.source)
        text = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert text == "('review@2026-11-03',)"

    def test_dataframe(self, executed: Any) -> None:
        """to_pandas() gives a DataFrame that counts obligations by rule and status."""
        frames = [h for h in _html(executed) if "dataframe" in h]
        assert frames
        assert "ziyang.holiday-duty" in frames[-1]
        assert "violated" in frames[-1]

    def test_plot_is_an_image(self, executed: Any) -> None:
        """The last cell, year.plot(year=2026), displays a PNG image without pyplot."""
        last = executed.cells[-1]
        assert "plot(year=2026)" in last.source
        assert any("image/png" in o.get("data", {}) for o in last.outputs)
