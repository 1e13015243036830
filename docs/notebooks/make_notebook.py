"""Write ``what-does-my-school-owe.ipynb`` next to this script, without outputs.

Run it after changing a cell: ``.venv/bin/python docs/notebooks/make_notebook.py``.
``tests/test_notebook.py`` executes the notebook on a real kernel.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent
NOTEBOOK = HERE / "what-does-my-school-owe.ipynb"

CELLS = [
    new_markdown_cell(
        "# What does my school owe this month?\n"
        "\n"
        "本月应办: the obligations that fall due this month, their status and what the "
        "regulation says about each. This notebook uses the example school shipped "
        "with safetyregs (资阳市示范小学（示例）, a primary school under the `ziyang` "
        "profile) and **fixed dates**, so it gives the same answer on every run: "
        "we ask about November 2026, as of Monday 23 November."
    ),
    new_code_cell(
        "%matplotlib inline\n"
        "import datetime as dt\n"
        "\n"
        "import safetyregs\n"
        "\n"
        "school = safetyregs.example_school()\n"
        "as_of = dt.date(2026, 11, 23)\n"
        "school.school.name, school.school.jurisdiction, len(school.drills)"
    ),
    new_markdown_cell(
        "## This month\n"
        "\n"
        "`owes()` returns a `Report`; in Jupyter it shows itself as a table. "
        '`lang="en"` gives English titles and explanations (the default is Chinese).'
    ),
    new_code_cell(
        'report = safetyregs.owes(school, month="2026-11", as_of=as_of, lang="en")\nreport'
    ),
    new_markdown_cell(
        "Nothing due in November is violated yet: what is `pending` can still be done "
        "by its due date."
    ),
    new_code_cell("report.counts(), len(report.violations)"),
    new_markdown_cell(
        "## The year so far\n"
        "\n"
        "Every obligation of 2026, judged as of 23 November. Obligations due before "
        "that day and not met are violations (违规)."
    ),
    new_code_cell(
        "year = safetyregs.obligations(\n"
        '    school, dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=as_of, lang="en"\n'
        ")\n"
        "year.violations"
    ),
    new_markdown_cell(
        "`explain()` says, for each one, what was expected, what was found, which "
        "records count, and the clause in the original words."
    ),
    new_code_cell("print(year.violations.explain())"),
    new_markdown_cell("## As a DataFrame\n\nOne row per obligation (needs pandas)."),
    new_code_cell(
        'df = year.to_pandas()\ndf.groupby(["rule", "status"]).size().unstack(fill_value=0)'
    ),
    new_markdown_cell(
        "## The year at a glance\n"
        "\n"
        "Rules by months, each cell coloured by the worst status due that month "
        "(needs matplotlib)."
    ),
    new_code_cell("year.plot(year=2026)"),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook(cells=CELLS)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    nb = build()
    nbformat.validate(nb)
    nbformat.write(nb, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")


if __name__ == "__main__":
    main()
