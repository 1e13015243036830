"""Results a person can read: one line per rule with counts and the dates concerned.

A :class:`Summary` groups the obligations of a report by rule. Each
:class:`RuleSummary` counts them by status and condenses their due dates into
runs: consecutive obligations of the rule with the same status form one run
(a few due days are named one by one),
so 189 missed school days read as ``24 Feb–10 Jul, 1 Sep–1 Dec`` (weekends
and holidays, when nothing is due, do not break a run). Lines are sorted most
urgent first: the earliest due among obligations not yet met (violations,
then pending ones), and rules with everything met last.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import statistics
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from attrs import frozen

from ._engine import Obligation, Text
from ._i18n import Lang, status_text, term_text

__all__ = ["DateRun", "RuleSummary", "Summary", "date_text", "run_text", "summarise"]

#: The statuses in the order a summary line names them.
STATUSES = ("violated", "pending", "met")

#: How many runs of dates a line shows before "+N more".
MAX_RUNS = 6

#: Up to this many due days of one status are named one by one, not as runs.
MAX_LISTED = 6

#: Due days at most this far apart continue a run of dates (see ``_gap_limit``).
MIN_GAP = 10

#: How many subjects a line names before "+N more".
MAX_SUBJECTS = 3

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_ICONS = {"met": "✔", "pending": "…", "violated": "✘"}
_COLOURS = {"met": "#1a7f37", "pending": "#9a6700", "violated": "#cf222e"}


@frozen
class DateRun:
    """Consecutive obligations of one rule with one status: first and last due day, count."""

    start: dt.date
    end: dt.date
    count: int


@frozen
class RuleSummary:
    """The obligations of one rule in a report, counted and condensed.

    ``subjects`` lists the subjects other than the school itself (staff, hazards,
    themes, records), sorted; ``runs`` gives, for each status present, the runs
    of due days; ``next_due`` is the earliest due of a pending obligation;
    ``days`` is true when every obligation of the rule covers a single day;
    ``urgency`` is the sort key (earliest due not yet met first); ``only`` is
    the obligation when the rule has just one (its progress can be shown);
    ``provisional`` is true when one of them depends on a year's holiday
    arrangement that is not yet in the installed calendar data.
    """

    rule: str
    title: Text
    clause: str
    met: int
    pending: int
    violated: int
    subjects: tuple[str, ...]
    runs: tuple[tuple[str, tuple[DateRun, ...]], ...]
    next_due: dt.date | dt.datetime | None
    days: bool
    urgency: tuple[Any, ...]
    only: Obligation | None = None
    provisional: bool = False

    @property
    def total(self) -> int:
        return self.met + self.pending + self.violated

    @property
    def status(self) -> str:
        """The worst status of the rule's obligations."""
        return "violated" if self.violated else "pending" if self.pending else "met"

    def count(self, status: str) -> int:
        count: int = getattr(self, status)
        return count

    def dates(self, status: str) -> tuple[DateRun, ...]:
        """The runs of due days of the obligations with ``status``."""
        return dict(self.runs).get(status, ())

    def text(self, lang: Lang = "zh", *, with_year: bool = False) -> str:
        """The counts and dates, e.g. ``violated on 189 days: 24 Feb–10 Jul, 1 Sep–1 Dec``."""
        parts = []
        for status in STATUSES:
            count = self.count(status)
            if not count:
                continue
            runs = (
                self.dates(status) if status != "met" or not (self.pending or self.violated) else ()
            )
            parts.append(_status_part(status, count, self.days, runs, lang, with_year))
        text = ("；" if lang == "zh" else "; ").join(parts)
        if self.subjects:
            text += _subjects_text(self.subjects, lang)
        return text

    def to_dict(self, lang: Lang = "zh", *, with_year: bool = False) -> dict[str, Any]:
        """The JSON form of the line (the ``summary.rules`` items of the CLI's JSON)."""
        return {
            "rule": self.rule,
            "title": self.title(lang),
            "clause": self.clause,
            "status": self.status,
            "provisional": self.provisional,
            "counts": {"met": self.met, "pending": self.pending, "violated": self.violated},
            "subjects": list(self.subjects),
            "next_due": self.next_due.isoformat() if self.next_due is not None else None,
            "dates": {
                status: [[r.start.isoformat(), r.end.isoformat()] for r in runs]
                for status, runs in self.runs
            },
            "text": self.text(lang, with_year=with_year),
        }


def _status_part(
    status: str,
    count: int,
    days: bool,
    runs: Sequence[DateRun],
    lang: Lang,
    with_year: bool,
) -> str:
    word = status_text(status, lang)
    if lang == "zh":
        head = f"{word} {count} {'天' if days else '项'}"
        if runs and not days:
            head += "，到期"
    else:
        head = f"{word} on {count} day{'s' * (count != 1)}" if days else f"{word} {count}"
        if runs and not days:
            head += ", due"
    if not runs:
        return head
    sep = ("：" if days else " ") if lang == "zh" else (": " if days else " ")
    return head + sep + run_text(runs, lang, with_year=with_year)


def _subjects_text(subjects: Sequence[str], lang: Lang) -> str:
    shown = [term_text(s, lang) for s in subjects[:MAX_SUBJECTS]]
    rest = len(subjects) - len(shown)
    if lang == "zh":
        tail = f" 等 {len(subjects)} 个" if rest else ""
        return f"（对象：{'、'.join(shown)}{tail}）"
    tail = f", +{rest} more" if rest else ""
    return f" (subjects: {', '.join(shown)}{tail})"


def date_text(day: dt.date, lang: Lang = "zh", *, with_year: bool = False) -> str:
    """``24 Feb`` or ``2月24日`` (with the year when asked)."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日" if with_year else f"{day.month}月{day.day}日"
    text = f"{day.day} {_MONTHS_EN[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _span_text(run: DateRun, lang: Lang, with_year: bool) -> str:
    if run.start == run.end:
        return date_text(run.start, lang, with_year=with_year)
    if lang == "en" and run.start.replace(day=1) == run.end.replace(day=1):
        return f"{run.start.day}–{date_text(run.end, lang, with_year=with_year)}"
    start = date_text(run.start, lang, with_year=with_year)
    return f"{start}–{date_text(run.end, lang, with_year=with_year)}"


def run_text(runs: Sequence[DateRun], lang: Lang = "zh", *, with_year: bool = False) -> str:
    """Runs of dates: ``24 Feb–10 Jul, 1 Sep–1 Dec`` (the first few, then how many more)."""
    shown = [_span_text(r, lang, with_year) for r in runs[:MAX_RUNS]]
    rest = len(runs) - len(shown)
    if lang == "zh":
        return "、".join(shown) + (f" 等 {len(runs)} 段" if rest else "")
    return ", ".join(shown) + (f", +{rest} more" if rest else "")


def _gap_limit(days: Sequence[dt.date]) -> int:
    """The longest gap (in days) between due days that still continues a run.

    Twice the rule's usual spacing (the median gap between its due days), and at
    least :data:`MIN_GAP` days: weekends and short holidays do not break a run of
    school days, the summer break does; a monthly rule's run breaks at a summer
    without obligations.
    """
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    return max(2 * statistics.median_low(gaps), MIN_GAP) if gaps else MIN_GAP


def _runs(days: Sequence[dt.date], by_day: dict[dt.date, int], limit: int) -> list[DateRun]:
    """Maximal runs of consecutive ``days`` that are all in ``by_day``, gaps ≤ ``limit``."""
    out: list[DateRun] = []
    start: dt.date | None = None
    last: dt.date | None = None
    count = 0
    for day in days:
        if day in by_day and start is not None and last is not None:
            if (day - last).days > limit:
                out.append(DateRun(start, last, count))
                start, count = day, 0
        elif day in by_day:
            start, count = day, 0
        elif start is not None and last is not None:
            out.append(DateRun(start, last, count))
            start = None
            continue
        else:
            continue
        last = day
        count += by_day[day]
    if start is not None and last is not None:
        out.append(DateRun(start, last, count))
    return out


def _line(
    rule: str, obligations: Sequence[Obligation], school: str, context: Sequence[Obligation]
) -> RuleSummary:
    first = obligations[0]
    counts = dict.fromkeys(STATUSES, 0)
    for ob in obligations:
        counts[ob.status] += 1
    subjects = {ob.subject for ob in obligations}
    around = [ob for ob in context if ob.rule == rule and ob.subject in subjects]
    days = sorted({ob.due_date for ob in (*obligations, *around)})
    limit = _gap_limit(days)
    runs = []
    for status in STATUSES:
        of_status = [ob for ob in obligations if ob.status == status]
        if of_status:
            by_day: dict[dt.date, int] = {}
            for ob in of_status:
                by_day[ob.due_date] = by_day.get(ob.due_date, 0) + 1
            if len(by_day) <= MAX_LISTED:  # a few days: name each one
                listed = tuple(DateRun(d, d, n) for d, n in sorted(by_day.items()))
                runs.append((status, listed))
            else:
                runs.append((status, tuple(_runs(days, by_day, limit))))
    pending = [ob for ob in obligations if ob.status == "pending"]
    open_ = [ob for ob in obligations if ob.status != "met"]
    if open_:
        urgency: tuple[Any, ...] = (0, min(ob.sort_key() for ob in open_))
    else:
        urgency = (1, min(ob.sort_key() for ob in obligations))
    next_due = min(pending, key=Obligation.sort_key).due if pending else None
    return RuleSummary(
        rule=rule,
        title=first.title,
        clause=first.source.clause,
        met=counts["met"],
        pending=counts["pending"],
        violated=counts["violated"],
        subjects=tuple(sorted(subjects - {school})),
        runs=tuple(runs),
        next_due=next_due,
        days=all(ob.period.start == ob.period.end for ob in obligations),
        urgency=(*urgency, rule),
        only=first if len(obligations) == 1 else None,
        provisional=any(ob.provisional for ob in obligations),
    )


@frozen
class Summary:
    """The obligations of a report, one :class:`RuleSummary` per rule, most urgent first.

    ``str(summary)`` is a few lines of plain text; in Jupyter it shows as a table.
    """

    school: str
    profile: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    lines: tuple[RuleSummary, ...]
    lang: Lang = "zh"

    def __iter__(self) -> Iterator[RuleSummary]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index: int) -> RuleSummary:
        return self.lines[index]

    @property
    def with_year(self) -> bool:
        """Dates name their year when the range spans more than one calendar year."""
        return self.start.year != self.end.year

    def counts(self) -> dict[str, int]:
        return {
            s: sum(line.count(s) for line in self.lines) for s in ("met", "pending", "violated")
        }

    def rule(self, rule_id: str) -> RuleSummary:
        """The line of one rule (KeyError when the report has none of its obligations)."""
        for line in self.lines:
            if line.rule == rule_id:
                return line
        raise KeyError(rule_id)

    def heading(self, lang: Lang | None = None) -> str:
        lang = lang or self.lang
        c = self.counts()
        span = f"{self.start.isoformat()}..{self.end.isoformat()}"
        if lang == "zh":
            return (
                f"{self.school} · {self.profile} · {span} · 截至 {self.as_of.isoformat()}："
                f"已完成 {c['met']}，待完成 {c['pending']}，已违规 {c['violated']}"
            )
        return (
            f"{self.school} · {self.profile} · {span} · as of {self.as_of.isoformat()}: "
            f"{c['met']} met, {c['pending']} pending, {c['violated']} violated"
        )

    def text(self, lang: Lang | None = None) -> str:
        """The heading and one line per rule, as plain text."""
        lang = lang or self.lang
        sep = "：" if lang == "zh" else ": "
        out = [self.heading(lang)]
        for line in self.lines:
            out.append(
                f"{_ICONS[line.status]} {line.title(lang)} ({line.rule}){sep}"
                f"{line.text(lang, with_year=self.with_year)}"
            )
        if not self.lines:
            out.append("无" if lang == "zh" else "none")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.text()

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """The ``summary`` key of the CLI's JSON: counts and one item per rule."""
        lang = lang or self.lang
        return {
            "counts": self.counts(),
            "rules": [line.to_dict(lang, with_year=self.with_year) for line in self.lines],
        }

    def _repr_html_(self) -> str:
        lang = self.lang
        zh = lang == "zh"
        heads = (
            ("状态", "规则", "已完成", "待完成", "已违规", "下次到期", "日期", "条款")
            if zh
            else ("Status", "Rule", "Met", "Pending", "Violated", "Next due", "Dates", "Clause")
        )
        rows = []
        for line in self.lines:
            cells = (
                f'<span style="color:{_COLOURS[line.status]};font-weight:bold">'
                f"{_ICONS[line.status]} {html.escape(status_text(line.status, lang))}</span>",
                f"{html.escape(line.title(lang))}<br><code>{html.escape(line.rule)}</code>",
                str(line.met),
                str(line.pending),
                str(line.violated),
                html.escape(due_text(line.next_due)),
                html.escape(line.text(lang, with_year=self.with_year)),
                html.escape(line.clause),
            )
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return (
            f"<div><strong>{html.escape(self.heading(lang))}</strong><table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in heads)
            + "</tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table></div>"
        )

    def __repr__(self) -> str:
        return f"<Summary {self.heading('en')}; {len(self.lines)} rules>"


def due_text(due: dt.date | dt.datetime | None) -> str:
    """A due day or moment as the tables show it (``2026-10-14 16:10``); empty for None."""
    if due is None:
        return ""
    if isinstance(due, dt.datetime):
        return due.strftime("%Y-%m-%d %H:%M")
    return due.isoformat()


def summarise(
    obligations: Iterable[Obligation],
    *,
    school: str,
    profile: str,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    lang: Lang = "zh",
    context: Sequence[Obligation] = (),
) -> Summary:
    """Group obligations by rule into a :class:`Summary`, most urgent rule first.

    ``context`` holds the obligations these were chosen from (all statuses, when
    a report was narrowed to its violations): their due days take part in the
    runs, so a met day between two missed ones splits the run.
    """
    groups: dict[str, list[Obligation]] = {}
    for ob in obligations:
        groups.setdefault(ob.rule, []).append(ob)
    lines = sorted(
        (
            _line(rule, sorted(obs, key=Obligation.sort_key), school, context)
            for rule, obs in groups.items()
        ),
        key=lambda line: line.urgency,
    )
    return Summary(school, profile, start, end, as_of, tuple(lines), lang)
