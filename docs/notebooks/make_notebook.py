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
        "we ask about November 2026, as of Monday 23 November. Dates are plain "
        'strings such as `"2026-11-23"` (a `datetime.date` works too).'
    ),
    new_code_cell(
        "import safetyregs\n"
        "\n"
        "school = safetyregs.example_school()\n"
        'as_of = "2026-11-23"\n'
        "school.school.name, school.school.jurisdiction, len(school.drills)"
    ),
    new_markdown_cell(
        "## This month\n"
        "\n"
        "`owes()` returns a `Report`; in Jupyter it shows a summary (one line per rule) "
        'and then every obligation. `lang="en"` gives English titles and explanations '
        "(the default is Chinese)."
    ),
    new_code_cell(
        'report = safetyregs.owes(school, month="2026-11", as_of=as_of, lang="en")\nreport'
    ),
    new_markdown_cell(
        "Nothing due in November is violated yet: what is `pending` can still be done "
        "by its due date. `summary()` says it in a few lines, most urgent first."
    ),
    new_code_cell("print(report.summary())"),
    new_markdown_cell(
        "## The year so far\n"
        "\n"
        "`check()` gives the violations from 1 January up to `as_of`, like "
        "`safetyregs check`: obligations due before that day and not met (违规)."
    ),
    new_code_cell('so_far = safetyregs.check(school, as_of=as_of, lang="en")\nso_far'),
    new_markdown_cell(
        "`explain()` says, for each one, what was expected, what was found, which "
        "records count, and the clause in the original words. Slicing and `where()` "
        "keep a `Report`, so they explain too: here the first two, then the late "
        "incident report picked by a rule pattern."
    ),
    new_code_cell(
        "print(so_far[:2].explain())\n"
        "print()\n"
        'print(so_far.where(rule="ziyang.incident-*").explain())'
    ),
    new_markdown_cell(
        "## Routines\n"
        "\n"
        "What a school does repeatedly is declared once. The example school holds its "
        "monthly safety review on the 3rd of each month from March to November, except "
        "3 July, written as one routine (an RFC 5545 rule) instead of eight records:"
    ),
    new_code_cell("school.routines"),
    new_markdown_cell(
        "Rules see ordinary records named `<routine>@<date>`: November's meeting "
        "obligation is met by `review@2026-11-03`."
    ),
    new_code_cell('report.where(rule="ziyang.safety-review-meeting")[0].evidence'),
    new_markdown_cell(
        "## As a DataFrame\n"
        "\n"
        "One row per obligation of the whole year, indexed by obligation id (needs pandas). "
        "Due dates are real dates, `status` is an ordered category and `found`/`required` "
        "are numbers."
    ),
    new_code_cell(
        "year = safetyregs.obligations(\n"
        '    school, "2026-01-01", "2026-12-31", as_of=as_of, lang="en"\n'
        ")\n"
        "df = year.to_pandas()\n"
        'df[["rule", "status", "due", "found", "required"]].dtypes'
    ),
    new_code_cell('df.groupby(["rule", "status"], observed=True).size().unstack(fill_value=0)'),
    new_markdown_cell(
        "## The year at a glance\n"
        "\n"
        "Rules by months, each cell coloured by the worst status due that month "
        "(needs matplotlib). The figure shows itself, no `%matplotlib inline` needed."
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
