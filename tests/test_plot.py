"""Tests for safetyregs._plot: the compliance calendar of a year, and ``safetyregs report``."""

from __future__ import annotations

import datetime as dt
import importlib
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import safetyregs
from safetyregs import _plot
from safetyregs._api import Report
from safetyregs._cli import main
from safetyregs._plot import COLOURS, NO_OBLIGATIONS, NOT_EVALUATED, applicable_rules, plot_year

mcolors = pytest.importorskip("matplotlib.colors")

AS_OF = dt.date(2026, 11, 23)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OCTOBER, DECEMBER, JANUARY = 9, 11, 0


@pytest.fixture(scope="module")
def report() -> Report:
    """The example school's 2026, as of 23 November, in English."""
    school = safetyregs.example_school()
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    return safetyregs.obligations(school, start, end, as_of=AS_OF, lang="en")


@pytest.fixture(scope="module")
def rules() -> list[str]:
    return applicable_rules(safetyregs.example_school(), safetyregs.profiles.get("ziyang"), 2026)


@pytest.fixture(scope="module")
def figure(report: Report, rules: list[str]) -> Any:
    """The example's year with a row per applicable rule, drawn once (to compute colours)."""
    fig = plot_year(report, year=2026, lang="en", rules=rules)
    fig.canvas.draw()
    return fig


def _grid(figure: Any, panel: int = 0) -> Any:
    """The QuadMesh of the cells of one panel."""
    meshes = [c for ax in figure.axes for c in ax.collections if c.get_gid() == "compliance-grid"]
    return meshes[panel]


def _cell_rgba(figure: Any, row: int, month: int) -> tuple[float, ...]:
    """The face colour the figure drew for a cell (row-major, 12 per row)."""
    return tuple(_grid(figure).get_facecolors()[row * 12 + month])


def _rgba(code: int) -> tuple[float, ...]:
    return tuple(mcolors.to_rgba(COLOURS[code]))


class TestGrid:
    def test_one_row_per_applicable_rule_and_twelve_months(
        self, figure: Any, rules: list[str]
    ) -> None:
        """13 of the profile's 15 rules apply to the example (no kindergarten, no lab)."""
        assert len(rules) == 13
        assert "ziyang.hazmat-ledger" not in rules
        assert _grid(figure).get_array().shape == (13, 12)

    def test_row_and_month_labels(self, figure: Any, report: Report, rules: list[str]) -> None:
        """Rows are labelled with the rules' titles, columns with the months."""
        ax = figure.axes[0]
        profile = safetyregs.profiles.get("ziyang")
        titles = [profile.rule(r).title("en") for r in rules]
        assert [t.get_text() for t in ax.get_yticklabels()] == titles
        months = [t.get_text() for t in ax.get_xticklabels()]
        assert months[:3] == ["Jan", "Feb", "Mar"]
        assert len(months) == 12

    def test_title_names_the_source_document(self, figure: Any) -> None:
        """The panel's title ends with the document the rows cite: issuer, title and date."""
        assert figure.axes[0].get_title(loc="left").splitlines()[-1] == (
            'Source: Ziyang Education and Sports Bureau, "Notice on school safety work in 2020" '
            "(2020-04-02)"
        )

    def test_violated_month_is_red(self, figure: Any, report: Report, rules: list[str]) -> None:
        """The written incident report of 14 October 2026 was late: October is red."""
        row = rules.index("ziyang.incident-written-report")
        assert _grid(figure).get_array()[row, OCTOBER] == 3
        assert _cell_rgba(figure, row, OCTOBER) == _rgba(3)

    def test_worst_status_wins(self, figure: Any, rules: list[str]) -> None:
        """October's holiday duty: 6 days met and 4 October missed, so red."""
        row = rules.index("ziyang.holiday-duty")
        assert _cell_rgba(figure, row, OCTOBER) == _rgba(3)

    def test_met_month_is_green(self, figure: Any, rules: list[str]) -> None:
        """January's safety review meeting was held: green."""
        row = rules.index("ziyang.safety-review-meeting")
        assert _grid(figure).get_array()[row, JANUARY] == 1
        assert _cell_rgba(figure, row, JANUARY) == _rgba(1)

    def test_pending_month_is_amber(self, figure: Any, rules: list[str]) -> None:
        """December's meeting is still to come on 23 November: amber."""
        row = rules.index("ziyang.safety-review-meeting")
        assert _cell_rgba(figure, row, DECEMBER) == _rgba(2)

    def test_nothing_due_is_grey(self, figure: Any, rules: list[str]) -> None:
        """A rule with no obligation that year is light grey every month."""
        row = rules.index("ziyang.liability-insurance")
        assert list(_grid(figure).get_array()[row]) == [NO_OBLIGATIONS] * 12
        assert _cell_rgba(figure, row, JANUARY) == _rgba(NO_OBLIGATIONS)

    def test_legend(self, figure: Any) -> None:
        """The legend names the three statuses and empty cells."""
        legend = figure.axes[0].get_legend()
        labels = [t.get_text() for t in legend.get_texts()]
        assert labels == ["violated", "pending", "met", "nothing due"]

    def test_default_rows_are_rules_with_obligations(self, report: Report) -> None:
        """Without ``rules``, the rows are the rules with obligations that year."""
        figure = plot_year(report, year=2026, lang="en")
        assert _grid(figure).get_array().shape == (len({o.rule for o in report}), 12)

    def test_months_outside_the_report_are_not_evaluated(self) -> None:
        """A report of October–December leaves January–September white, not grey."""
        part = safetyregs.obligations(
            safetyregs.example_school(), dt.date(2026, 10, 1), dt.date(2026, 12, 31), as_of=AS_OF
        )
        figure = plot_year(part, year=2026, lang="en")
        cells = _grid(figure).get_array()
        assert set(cells[:, :OCTOBER].ravel()) == {NOT_EVALUATED}
        labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
        assert labels[-1] == "not evaluated"

    def test_one_panel_per_school(self, report: Report) -> None:
        """Reports of two schools give two panels."""
        sf = safetyregs.example_school()
        other = attrs.evolve(sf, school=attrs.evolve(sf.school, id="zy-2"))
        second = safetyregs.obligations(
            other, dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=AS_OF
        )
        figure = plot_year([report, second], year=2026, lang="en")
        assert len(figure.axes) == 2
        assert "zy-2" in figure.axes[1].get_title(loc="left")

    def test_report_plot_method(self, report: Report) -> None:
        """``Report.plot()`` draws the year the report starts in."""
        figure = report.plot()
        assert "2026" in figure.axes[0].get_title(loc="left")


class TestChinese:
    def test_chinese_titles_with_a_cjk_font(
        self, report: Report, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With a Chinese font, rows carry the Chinese titles with their clauses, months read
        1月…12月, and the title names the source document."""
        monkeypatch.setattr(_plot, "cjk_font", lambda: "DejaVu Sans")
        figure = plot_year(report, year=2026, lang="zh")
        ax = figure.axes[0]
        first = safetyregs.profiles.get("ziyang").rules[0]
        assert ax.get_yticklabels()[0].get_text() == f"{first.title('zh')} · 三(一)1"
        assert ax.get_xticklabels()[0].get_text() == "1月"
        assert ax.get_title(loc="left").splitlines()[-1] == (
            "依据：资阳市教育和体育局《关于做好2020年学校安全工作的通知》（2020-04-02）"
        )

    def test_rule_ids_without_a_cjk_font(
        self, report: Report, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without one, rows fall back to rule ids rather than boxes, and a FontWarning names
        the font package to install."""
        monkeypatch.setattr(_plot, "cjk_font", lambda: None)
        with pytest.warns(
            safetyregs.FontWarning, match="请安装中文字体.*install one, e.g. fonts-noto-cjk"
        ):
            figure = plot_year(report, year=2026, lang="zh")
        labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
        assert all(label.startswith("ziyang.") for label in labels)

    def test_no_warning_with_a_font_or_in_english(
        self, report: Report, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A Chinese picture with a Chinese font, or any English picture, warns of nothing."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            monkeypatch.setattr(_plot, "cjk_font", lambda: None)
            plot_year(report, year=2026, lang="en")
            monkeypatch.setattr(_plot, "cjk_font", lambda: "DejaVu Sans")
            plot_year(report, year=2026, lang="zh")

    def test_font_finder_ignores_placeholder_fonts(self) -> None:
        """matplotlib's Last Resort font maps every code point; it never counts as Chinese."""
        assert _plot.cjk_font() != "Last Resort High-Efficiency"


class TestJupyter:
    def test_figure_displays_as_png_without_pyplot(self, report: Report) -> None:
        """IPython's display formatter (no ``%matplotlib inline``) renders the figure as PNG."""
        formatters = pytest.importorskip("IPython.core.formatters")
        data, _ = formatters.DisplayFormatter().format(report.plot(year=2026))
        assert data["image/png"][:8] == PNG_MAGIC

    def test_repr_png(self, report: Report) -> None:
        """``_repr_png_`` gives the bytes of a PNG; the figure is still a matplotlib Figure."""
        figure_mod = pytest.importorskip("matplotlib.figure")
        figure = report.plot(year=2026)
        assert isinstance(figure, figure_mod.Figure)
        assert figure._repr_png_()[:8] == PNG_MAGIC


class TestCli:
    @pytest.fixture
    def school_path(self, tmp_path: Path) -> Path:
        path = tmp_path / "school.json"
        data = resources.files("safetyregs").joinpath("data/example_school.json")
        path.write_text(data.read_text("utf-8"), encoding="utf-8")
        return path

    def test_writes_a_png(
        self, school_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``report --png`` saves a PNG of the year and exits 1 for the year's violations."""
        out = tmp_path / "year.png"
        argv = ["report", str(school_path), "--year", "2026", "--as-of", "2026-11-23"]
        assert main([*argv, "--png", str(out), "--lang", "en"]) == 1
        assert out.read_bytes()[:8] == PNG_MAGIC
        assert "13 rules × 12 months" in capsys.readouterr().out

    def test_missing_matplotlib(
        self,
        school_path: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Without the extra: exit 2, a message naming it, nothing on stdout, no file."""
        real = importlib.import_module

        def no_matplotlib(name: str, package: str | None = None) -> Any:
            if name.startswith("matplotlib"):
                raise ModuleNotFoundError(f"No module named {name!r}")
            return real(name, package)

        monkeypatch.setattr(_plot.importlib, "import_module", no_matplotlib)
        out = tmp_path / "year.png"
        status = main(["report", str(school_path), "--png", str(out), "--lang", "zh"])
        captured = capsys.readouterr()
        assert status == 2
        assert captured.out == ""
        assert "safetyregs[plot]" in captured.err
        assert "matplotlib" in captured.err
        assert not out.exists()
