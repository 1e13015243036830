"""A picture of the year: a compliance calendar of rules by months.

Needs the optional ``matplotlib`` package (``pip install 'safetyregs[plot]'``),
imported only when a picture is made. Figures are drawn with the Agg canvas
and never touch ``pyplot``'s global state.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import io
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import profiles as _profiles
from ._api import Report
from ._engine import Citation, Obligation, Profile
from ._errors import ProfileNotFoundError
from ._i18n import Lang, status_text
from ._models import SchoolFile

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "COLOURS",
    "MISSING_MATPLOTLIB",
    "NOT_EVALUATED",
    "NO_CJK_FONT",
    "NO_OBLIGATIONS",
    "FontWarning",
    "applicable_rules",
    "cjk_font",
    "month_grid",
    "plot_year",
    "written_text",
]

#: The message when ``matplotlib`` is not installed, in Chinese and English.
MISSING_MATPLOTLIB = (
    "绘图需要 matplotlib 包：pip install 'safetyregs[plot]'",
    "pictures need the matplotlib package: pip install 'safetyregs[plot]'",
)

#: Cell codes of :func:`month_grid`, besides the statuses.
NOT_EVALUATED = -1
NO_OBLIGATIONS = 0
_CODES = {"met": 1, "pending": 2, "violated": 3}

#: Colours of the cells by code: outside the evaluated range, no obligations, met,
#: pending, violated.
COLOURS = {
    NOT_EVALUATED: "#ffffff",
    NO_OBLIGATIONS: "#e1e4e8",
    1: "#2da44e",
    2: "#e3a008",
    3: "#cf222e",
}

#: A code point that no real font has a glyph for (unassigned in Unicode).
_UNASSIGNED = 0x0378

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Families tried first for Chinese text, before any installed font that has the glyphs.
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Hiragino Sans GB",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
)


class FontWarning(UserWarning):
    """No installed font can draw Chinese: a Chinese picture is drawn with English labels."""


#: The text of :class:`FontWarning` in Chinese and English: what is missing, what to install.
NO_CJK_FONT = (
    "未安装可显示中文的字体，图中改用规则编号和英文标注；请安装中文字体，例如 fonts-noto-cjk"
    "（Debian/Ubuntu：apt install fonts-noto-cjk），然后删除 matplotlib 的字体缓存"
    "（matplotlib.get_cachedir()）并重启 Python",
    "no font with Chinese characters is installed, so the picture uses rule ids and "
    "English labels; install one, e.g. fonts-noto-cjk (Debian/Ubuntu: "
    "apt install fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts; or Noto Sans CJK SC "
    "from https://github.com/notofonts/noto-cjk), then remove matplotlib's font cache "
    "(matplotlib.get_cachedir()) and restart Python",
)


@functools.cache
def _figure_class() -> type[Figure]:
    """matplotlib's Figure with ``_repr_png_``: it shows itself in Jupyter without pyplot.

    Notebooks display an object through its ``_repr_png_``; a bare Figure made
    without pyplot renders only as ``<Figure size …>`` unless
    ``%matplotlib inline`` registered a formatter for it.
    """
    figure_mod = _mpl("matplotlib.figure")

    class YearFigure(figure_mod.Figure):  # type: ignore[misc,name-defined]
        """A compliance calendar; displays as a PNG in Jupyter."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    result: type[Figure] = YearFigure
    return result


def _mpl(name: str) -> Any:
    """A matplotlib module, imported lazily (an optional extra)."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(MISSING_MATPLOTLIB[1]) from exc


@functools.cache
def cjk_font() -> str | None:
    """The family of an installed font that can show Chinese, or None.

    Known families first, then any font whose character map holds "安全"
    (placeholder fonts that map every code point do not count).
    """
    font_manager = _mpl("matplotlib.font_manager")
    fonts = font_manager.fontManager.ttflist
    installed = {font.name for font in fonts}
    for family in _CJK_FAMILIES:
        if family in installed:
            return family
    ft2font = _mpl("matplotlib.ft2font")
    wanted = {ord("安"), ord("全")}
    for font in fonts:
        try:
            charmap = ft2font.FT2Font(font.fname).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        # A fallback font such as matplotlib's "Last Resort" maps every code point,
        # even unassigned ones (U+0378), to a placeholder box.
        if wanted <= charmap.keys() and _UNASSIGNED not in charmap:
            return str(font.name)
    return None


def applicable_rules(
    school_file: SchoolFile, profile: Profile, year: int | None = None
) -> list[str]:
    """The ids of the profile's rules that apply to the school (in force during ``year``)."""
    out = []
    for rule in profile.rules:
        if not rule.applies_to(school_file):
            continue
        if year is not None:
            start = rule.effective_from or profile.effective_from
            end = rule.effective_until or profile.effective_until
            if start.year > year or (end is not None and end.year < year):
                continue
        out.append(rule.id)
    return out


def _reports(report_or_reports: Report | Iterable[Report]) -> list[Report]:
    if isinstance(report_or_reports, Report):
        return [report_or_reports]
    reports = list(report_or_reports)
    if not reports:
        msg = "plot_year needs at least one report"
        raise ValueError(msg)
    return reports


def _groups(reports: Sequence[Report]) -> dict[tuple[str, str], list[Report]]:
    """Reports by (school, profile), in the order first seen: one panel each."""
    groups: dict[tuple[str, str], list[Report]] = {}
    for report in reports:
        groups.setdefault((report.school, report.profile), []).append(report)
    return groups


def _obligations(reports: Iterable[Report]) -> list[Obligation]:
    """The obligations of several reports of one school, each once."""
    seen: dict[tuple[Any, ...], Obligation] = {}
    for report in reports:
        for ob in report:
            seen.setdefault((ob.rule, ob.subject, ob.period, ob.due), ob)
    return list(seen.values())


def _month_evaluated(reports: Iterable[Report], year: int, month: int) -> bool:
    first = dt.date(year, month, 1)
    last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    return any(r.period.start <= last and first <= r.period.end for r in reports)


def _row_ids(obligations: Sequence[Obligation], profile_id: str) -> list[str]:
    """Rules with obligations, in the profile's order (unknown rules after, by id)."""
    used = {ob.rule for ob in obligations}
    try:
        order = [rule.id for rule in _profiles.get(profile_id).rules]
    except ProfileNotFoundError:
        order = []
    return [r for r in order if r in used] + sorted(used - set(order))


def month_grid(
    reports: Report | Iterable[Report], *, year: int, rules: Sequence[str] | None = None
) -> tuple[list[str], list[list[int]], list[list[tuple[int, int]]]]:
    """The cells of one school's compliance calendar.

    Returns ``(rule_ids, codes, counts)``: one row per rule and one column
    per month. A code is the worst status of the rule's obligations due that
    month (3 violated, 2 pending, 1 met), :data:`NO_OBLIGATIONS` when none is
    due, or :data:`NOT_EVALUATED` for a month outside every report's range;
    a count is ``(obligations with the worst status, all obligations)``.
    ``rules`` fixes the rows (default: the rules with obligations that year).
    """
    group = _reports(reports)
    obligations = [ob for ob in _obligations(group) if ob.due_date.year == year]
    rule_ids = list(rules) if rules is not None else _row_ids(obligations, group[0].profile)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    statuses: list[list[list[int]]] = [[[] for _ in range(12)] for _ in rule_ids]
    for ob in obligations:
        if ob.rule in index:
            statuses[index[ob.rule]][ob.due_date.month - 1].append(_CODES[ob.status])
    evaluated = [_month_evaluated(group, year, m) for m in range(1, 13)]
    codes: list[list[int]] = []
    counts: list[list[tuple[int, int]]] = []
    for row in statuses:
        code_row, count_row = [], []
        for month, cell in enumerate(row):
            worst = max(cell, default=NO_OBLIGATIONS if evaluated[month] else NOT_EVALUATED)
            code_row.append(worst)
            count_row.append((cell.count(worst), len(cell)))
        codes.append(code_row)
        counts.append(count_row)
    return rule_ids, codes, counts


def _titles(
    profile_id: str, obligations: Sequence[Obligation], lang: Lang
) -> tuple[dict[str, str], dict[str, Citation]]:
    """Each rule's title and citation, from the obligations, else from the installed profile."""
    titles = {ob.rule: ob.title(lang) for ob in obligations}
    sources = {ob.rule: ob.source for ob in obligations}
    try:
        for rule in _profiles.get(profile_id).rules:
            titles.setdefault(rule.id, rule.title(lang))
            sources.setdefault(rule.id, rule.source)
    except ProfileNotFoundError:
        pass
    return titles, sources


def _sources_text(rule_ids: Sequence[str], sources: dict[str, Citation], lang: Lang) -> str:
    """The documents the rows cite, by issuer, title and date."""
    refs = dict.fromkeys(sources[r].reference(lang) for r in rule_ids if r in sources)
    if not refs:
        return ""
    return ("依据：" if lang == "zh" else "Source: ") + ("；" if lang == "zh" else "; ").join(refs)


_TEXT = {
    "title": (
        "{school} · {profile} · {year} 年安全合规日历（截至 {as_of}）",
        "{school} · {profile} · compliance in {year} (as of {as_of})",
    ),
    "subtitle": (
        "颜色：当月到期义务的最差状态 · 数字：该状态的义务数/到期义务数",
        "colour: the worst status due that month · number: with that status / due",
    ),
    "none": ("无到期义务", "nothing due"),
    "not_evaluated": ("未评估", "not evaluated"),
    "empty": ("无适用规则", "no rules"),
}


def _text(key: str, lang: Lang, **params: Any) -> str:
    zh, en = _TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def plot_year(
    report_or_reports: Report | Iterable[Report],
    *,
    year: int | None = None,
    lang: Lang | None = None,
    rules: Sequence[str] | None = None,
) -> Figure:
    """A compliance calendar: rules by the 12 months of ``year``, one panel per school.

    Each cell is coloured by the worst status of that rule's obligations due
    that month: violated red, pending amber, met green; light grey when none
    falls due, white for a month outside every report's range. The number in
    a cell counts the obligations with that status out of those due.

    ``report_or_reports`` is a :class:`~safetyregs.Report` (best: the whole
    year, ``obligations(school, date(y, 1, 1), date(y, 12, 31), as_of=...)``)
    or several; reports of the same school and profile are merged into one
    panel. ``year`` defaults to the year the first report starts in; ``lang``
    to its language. ``rules`` fixes the rows (e.g. :func:`applicable_rules`,
    to show applicable rules that owe nothing this year); by default the rows
    are the rules with obligations that year, in the profile's order.

    Each row names the rule and its clause, and the title names the source
    document by issuer, title and date. Chinese labels and clauses need a
    font with Chinese glyphs: the first one :func:`cjk_font` finds through
    ``matplotlib.font_manager`` (an English picture without one leaves the
    clauses out). Without one,
    a Chinese picture falls back to rule ids as row labels and English for
    the title, legend and months, rather than draw empty boxes, and warns
    (:class:`FontWarning`) naming the font to install.

    The figure has ``_repr_png_``, so a notebook shows it as a picture with or
    without ``%matplotlib inline``.
    """
    reports = _reports(report_or_reports)
    year = year if year is not None else reports[0].period.start.year
    lang = lang or reports[0].lang
    colors = _mpl("matplotlib.colors")
    patches = _mpl("matplotlib.patches")
    backend_agg = _mpl("matplotlib.backends.backend_agg")

    font = cjk_font()  # also for English: the clauses are printed in Chinese
    ids_only = lang == "zh" and font is None
    if ids_only:
        warnings.warn(FontWarning(" — ".join(NO_CJK_FONT)), stacklevel=2)
    chrome: Lang = "en" if ids_only else lang
    font_kw: dict[str, Any] = {"fontfamily": [font, "DejaVu Sans"]} if font else {}

    groups = _groups(reports)
    panels = []
    for (school, profile_id), group in groups.items():
        rule_ids, codes, counts = month_grid(group, year=year, rules=rules)
        titles, sources = _titles(profile_id, _obligations(group), lang)
        if ids_only:
            labels = list(rule_ids)
        elif font is None:  # an English picture without a Chinese font: titles only
            labels = [titles.get(r, r) for r in rule_ids]
        else:
            labels = [
                f"{titles.get(r, r)} · {sources[r].clause}" if r in sources else titles.get(r, r)
                for r in rule_ids
            ]
        as_of = max(r.as_of for r in group)
        cited = _sources_text(rule_ids, sources, chrome)
        panels.append((school, profile_id, as_of, labels, codes, counts, cited))

    heights = [max(len(p[3]), 1) for p in panels]
    longest = max((len(label) for p in panels for label in p[3]), default=10)
    label_inches = min(max(longest * (0.15 if (font and lang == "zh") else 0.075), 1.5), 5.0)
    width = label_inches + 8.0
    height = sum(0.34 * h + 1.5 for h in heights) + 0.7
    fig = _figure_class()(figsize=(width, height), dpi=100, layout="constrained")
    backend_agg.FigureCanvasAgg(fig)
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=[h + 3 for h in heights])

    order = sorted(COLOURS)
    cmap = colors.ListedColormap([COLOURS[c] for c in order])
    norm = colors.BoundaryNorm([c - 0.5 for c in order] + [order[-1] + 0.5], cmap.N)
    months = [f"{m}月" for m in range(1, 13)] if chrome == "zh" else list(_MONTHS_EN)

    for ax, (school, profile_id, as_of, labels, codes, counts, cited) in zip(
        axes[:, 0], panels, strict=True
    ):
        rows = len(labels)
        data = codes if rows else [[NO_OBLIGATIONS] * 12]
        mesh = ax.pcolormesh(data, cmap=cmap, norm=norm, edgecolors="white", linewidth=2)
        mesh.set_gid("compliance-grid")
        ax.set_xlim(0, 12)
        ax.set_ylim(max(rows, 1), 0)  # first rule on top
        ax.set_xticks([m + 0.5 for m in range(12)], months, **font_kw)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.set_yticks([r + 0.5 for r in range(rows)], labels, **font_kw)
        if not rows:
            ax.set_yticks([0.5], [_text("empty", chrome)], **font_kw)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        for r, count_row in enumerate(counts):
            for m, (worst, total) in enumerate(count_row):
                if total:
                    ax.text(
                        m + 0.5,
                        r + 0.5,
                        f"{worst}/{total}" if worst != total else str(total),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="#1f2328" if codes[r][m] == _CODES["pending"] else "white",
                        fontweight="bold",
                    )
        ax.set_title(
            _text("title", chrome, school=school, profile=profile_id, year=year, as_of=as_of)
            + "\n"
            + _text("subtitle", chrome)
            + (f"\n{cited}" if cited else ""),
            loc="left",
            fontsize=10,
            **font_kw,
        )
        present = {code for row in codes for code in row}
        legend = [
            (3, status_text("violated", chrome)),
            (2, status_text("pending", chrome)),
            (1, status_text("met", chrome)),
            (NO_OBLIGATIONS, _text("none", chrome)),
        ]
        if NOT_EVALUATED in present:
            legend.append((NOT_EVALUATED, _text("not_evaluated", chrome)))
        handles = [
            patches.Patch(facecolor=COLOURS[code], edgecolor="#8c959f", label=label)
            for code, label in legend
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncols=len(handles),
            frameon=False,
            prop={"size": 9, **({"family": [font, "DejaVu Sans"]} if font else {})},
        )
    result: Figure = fig
    return result


def written_text(report: Report, path: str, rows: int, lang: Lang = "zh") -> str:
    """The CLI's line after saving a picture."""
    c = report.counts()
    if lang == "en":
        return (
            f"saved {path}: {rows} rules × 12 months "
            f"({c['met']} met, {c['pending']} pending, {c['violated']} violated)"
        )
    return (
        f"已保存 {path}：{rows} 条规则 × 12 个月"
        f"（已完成 {c['met']}，待完成 {c['pending']}，已违规 {c['violated']}）"
    )
