"""One-call helpers and the result object that notebooks and apps use."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import importlib
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fnmatch import fnmatchcase
from importlib import resources
from typing import Any, overload

from attrs import field, frozen

from . import profiles as _profiles
from ._calendar import Period, day_of, warn_if_unknown
from ._engine import Citation, Obligation, Profile, evaluate
from ._errors import DateRangeError, UsageError
from ._i18n import Lang, render, status_text, unit_text
from ._io import load, loads
from ._limits import DEFAULT_LIMITS, Limits
from ._models import CST, SchoolFile
from ._summary import Summary, summarise

__all__ = [
    "CSV_COLUMNS",
    "DateLike",
    "Report",
    "UsageError",
    "as_date",
    "check",
    "example_school",
    "load_school",
    "month_period",
    "next_period",
    "obligations",
    "owes",
    "today",
]


def today() -> dt.date:
    """Today's date in China Standard Time (the CLI's default ``as_of``)."""
    return dt.datetime.now(CST).date()


#: What the API accepts as a day: a ``date``, a ``datetime`` (its date) or an ISO string.
DateLike = dt.date | str

#: The statuses an obligation can have, worst last.
STATUSES = ("met", "pending", "violated")


def as_date(value: DateLike, name: str = "date") -> dt.date:
    """A ``date`` from a date, a datetime (its day in China Standard Time) or an ISO
    string (``"2026-12-02"``); anything else is a :class:`~safetyregs.UsageError`.

    >>> as_date("2026-12-02", "as_of")
    datetime.date(2026, 12, 2)
    >>> as_date("2026-02-30", "as_of")
    Traceback (most recent call last):
    ...
    safetyregs._errors.UsageError: as_of: '2026-02-30' is not a date (YYYY-MM-DD)
    """
    if isinstance(value, dt.date):  # a datetime: its day in China Standard Time
        return day_of(value, name)
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        msg = f"{name}: {value!r} is not a date (YYYY-MM-DD)"
        raise UsageError(msg)
    msg = f"{name}: {value!r} is not a date (a datetime.date or a YYYY-MM-DD string)"
    raise UsageError(msg)


def month_period(month: DateLike) -> Period:
    """The whole calendar month ``"2026-11"`` (or the month of a date or ISO date string)."""
    if isinstance(month, str) and len(month.strip()) == 7:
        try:
            first = dt.date.fromisoformat(month.strip() + "-01")
        except ValueError:
            msg = f"month: {month!r} is not a month (YYYY-MM)"
            raise UsageError(msg) from None
    elif isinstance(month, str):
        try:
            first = as_date(month, "month").replace(day=1)
        except UsageError:
            msg = f"month: {month!r} is not a month (YYYY-MM)"
            raise UsageError(msg) from None
    else:
        first = as_date(month, "month").replace(day=1)
    # Not first + 1 month - 1 day, which leaves the calendar in December 9999.
    return Period(first, first.replace(day=calendar.monthrange(first.year, first.month)[1]))


def load_school(source: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> SchoolFile:
    """Load a school file (JSON or TOML), checking its jurisdiction is installed."""
    return load(source, profiles=_profiles.names(), limits=limits)


def check_horizon(period: Period, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a range outside the supported dates with :class:`DateRangeError`.

    Past the horizon nothing is known about holidays or terms, and near ``date.max``
    the deadlines of a record would not fit in a date.
    """
    if not (limits.date_in_horizon(period.start) and limits.date_in_horizon(period.end)):
        msg = f"the range {period} lies outside the supported dates {limits.horizon_text}"
        raise DateRangeError(msg)


def example_school() -> SchoolFile:
    """The embedded example school that ``safetyregs demo`` uses."""
    text = resources.files("safetyregs").joinpath("data/example_school.json").read_text("utf-8")
    return loads(text, profiles=_profiles.names(), source="example_school.json")


def _fmt_decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _moment(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


def citation_dict(source: Citation) -> dict[str, Any]:
    """A citation as JSON: ``document``, ``clause`` and ``text`` (the fixed contract), and
    the document's ``title``, ``issuer`` and ``date`` as printed (``None`` where unknown)."""
    return {
        "document": source.document,
        "clause": source.clause,
        "text": source.text,
        "title": source.title.zh if source.title else None,
        "issuer": source.issuer.zh if source.issuer else None,
        "date": source.date.isoformat() if source.date else None,
    }


def sources_line(obligations: Iterable[Obligation], lang: Lang = "zh") -> str:
    """``依据：慈溪市教育体育局《…》（2023-03-05）``: the documents the obligations cite."""
    refs = list(dict.fromkeys(ob.source.reference(lang) for ob in obligations))
    if not refs:
        return ""
    return ("依据：" + "；".join(refs)) if lang == "zh" else ("Source: " + "; ".join(refs))


def obligation_dict(ob: Obligation, lang: Lang = "zh") -> dict[str, Any]:
    """The stable JSON form of one obligation."""
    progress = None
    if ob.required is not None:
        progress = {
            "found": _fmt_decimal(ob.found),
            "required": _fmt_decimal(ob.required),
            "unit": ob.unit,
        }
    return {
        "id": ob.id,
        "rule": ob.rule,
        "subject": ob.subject,
        "period_start": ob.period.start.isoformat(),
        "period_end": ob.period.end.isoformat(),
        "due": _moment(ob.due),
        "status": ob.status,
        "title": ob.title(lang),
        "detail": render(ob.detail, lang),
        "progress": progress,
        "evidence": list(ob.evidence),
        "provisional": ob.provisional,
        "source": citation_dict(ob.source),
    }


def progress_text(ob: Obligation, lang: Lang = "zh") -> str:
    """``7/10 class hours``; empty when the obligation has no count."""
    if ob.required is None:
        return ""
    found = _fmt_decimal(ob.found) or "0"
    required = _fmt_decimal(ob.required) or "0"
    if len(required) > 8:
        required = f"{ob.required:.2f}"
    return f"{found}/{required} {unit_text(ob.unit, lang)}"


def _strings(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """One string or several as a tuple; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    return tuple(value)


#: The columns of :meth:`Report.to_csv` (``safetyregs … --format csv``).
CSV_COLUMNS = (
    "id",
    "rule",
    "title",
    "subject",
    "status",
    "period_start",
    "period_end",
    "due",
    "progress",
    "found",
    "required",
    "unit",
    "detail",
    "evidence",
    "clause",
    "document",
)

#: The columns of :meth:`Report.to_pandas` (``id`` becomes the index).
_FRAME_COLUMNS = (
    "id",
    "rule",
    "subject",
    "status",
    "title",
    "period_start",
    "period_end",
    "due",
    "due_at",
    "found",
    "required",
    "share",
    "unit",
    "progress",
    "detail",
    "evidence",
    "clause",
    "document",
)

#: Reports with more obligations show them folded (under the summary) in Jupyter.
_OPEN_ROWS = 30


_COLOURS = {"met": "#1a7f37", "pending": "#9a6700", "violated": "#cf222e"}
_ICONS = {"met": "✔", "pending": "…", "violated": "✘"}


@frozen
class Report:
    """Obligations of one school under one profile, in an inclusive range, as of a day.

    Iterates over :class:`~safetyregs.Obligation` objects sorted by due,
    rule and subject; shows itself as an HTML table in Jupyter.
    """

    school: str
    profile: str
    period: Period
    as_of: dt.date
    obligations: tuple[Obligation, ...]
    lang: Lang = "zh"
    #: The obligations this report was narrowed from (by ``where`` or slicing): a summary
    #: uses them so that a met day still splits a run of missed ones.
    context: tuple[Obligation, ...] = field(default=(), eq=False, repr=False)

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.obligations)

    def __len__(self) -> int:
        return len(self.obligations)

    @overload
    def __getitem__(self, index: int) -> Obligation: ...
    @overload
    def __getitem__(self, index: slice) -> Report: ...
    def __getitem__(self, index: int | slice) -> Obligation | Report:
        """One obligation by position, or a slice of them as a Report (``report[:3]``)."""
        if isinstance(index, slice):
            return self._with(self.obligations[index])
        return self.obligations[index]

    def _with(self, obligations: Iterable[Obligation]) -> Report:
        return Report(
            self.school,
            self.profile,
            self.period,
            self.as_of,
            tuple(obligations),
            self.lang,
            self.context or self.obligations,
        )

    @property
    def violations(self) -> Report:
        """Only the violated obligations."""
        return self.where(status="violated")

    @property
    def pending(self) -> Report:
        """Only the obligations still pending."""
        return self.where(status="pending")

    @property
    def met(self) -> Report:
        """Only the obligations met."""
        return self.where(status="met")

    def where(
        self,
        *,
        status: str | Iterable[str] | None = None,
        rule: str | Iterable[str] | None = None,
        subject: str | Iterable[str] | None = None,
        due_from: DateLike | None = None,
        due_to: DateLike | None = None,
    ) -> Report:
        """The obligations that match every condition given, as a Report.

        ``status`` is one status or several; ``rule`` and ``subject`` are exact
        ids or shell-style patterns (``"cixi.1530-*"``), one or several (any may
        match); ``due_from``/``due_to`` bound the due day (inclusive, dates or
        ISO strings).

        >>> import safetyregs
        >>> year = safetyregs.obligations(safetyregs.example_school(), "2026-01-01",
        ...                               "2026-12-31", as_of="2026-11-23")
        >>> late = year.where(status="violated", rule="ziyang.incident-*")
        >>> sorted({ob.rule for ob in late})
        ['ziyang.incident-written-report']
        """
        statuses = _strings(status)
        if statuses is not None:
            unknown = sorted(set(statuses) - set(STATUSES))
            if unknown:
                msg = f"status: {unknown[0]!r} is not one of {', '.join(STATUSES)}"
                raise UsageError(msg)
        rules, subjects = _strings(rule), _strings(subject)
        low = as_date(due_from, "due_from") if due_from is not None else None
        high = as_date(due_to, "due_to") if due_to is not None else None
        return self._with(
            ob
            for ob in self.obligations
            if (statuses is None or ob.status in statuses)
            and (rules is None or any(fnmatchcase(ob.rule, p) for p in rules))
            and (subjects is None or any(fnmatchcase(ob.subject, p) for p in subjects))
            and (low is None or ob.due_date >= low)
            and (high is None or ob.due_date <= high)
        )

    def summary(self, lang: Lang | None = None) -> Summary:
        """One line per rule: counts by status and the runs of dates, most urgent first."""
        return summarise(
            self.obligations,
            context=self.context,
            school=self.school,
            profile=self.profile,
            start=self.period.start,
            end=self.period.end,
            as_of=self.as_of,
            lang=lang or self.lang,
        )

    def counts(self) -> dict[str, int]:
        """How many obligations are met, pending and violated."""
        out = dict.fromkeys(STATUSES, 0)
        for ob in self.obligations:
            out[ob.status] += 1
        return out

    def to_dict(self, key: str = "obligations", lang: Lang | None = None) -> dict[str, Any]:
        """The CLI's JSON object; ``key`` is ``"obligations"`` or ``"violations"``.

        Besides the contract's keys (``school``, ``profile``, ``from``, ``to``,
        ``as_of`` and the list), ``summary`` holds :meth:`summary` in JSON form.
        """
        lang = lang or self.lang
        return {
            "school": self.school,
            "profile": self.profile,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            key: [obligation_dict(o, lang) for o in self.obligations],
            "summary": self.summary(lang).to_dict(lang),
        }

    def to_json(self, key: str = "obligations", lang: Lang | None = None) -> str:
        """:meth:`to_dict` as indented JSON text (what ``--format json`` prints)."""
        return json.dumps(self.to_dict(key, lang), ensure_ascii=False, indent=2, sort_keys=True)

    def to_csv(self, lang: Lang | None = None) -> str:
        """One CSV row per obligation (the columns of :data:`CSV_COLUMNS`), with a header.

        ``status`` is the keyword (``met``, ``pending``, ``violated``); title
        and detail are in ``lang``; ``due`` is ISO (a datetime with ``+08:00``
        for incident reports); ``evidence`` joins record ids with spaces.
        """
        lang = lang or self.lang
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for ob in self.obligations:
            writer.writerow(
                (
                    ob.id,
                    ob.rule,
                    ob.title(lang),
                    ob.subject,
                    ob.status,
                    ob.period.start.isoformat(),
                    ob.period.end.isoformat(),
                    _moment(ob.due),
                    progress_text(ob, lang),
                    _fmt_decimal(ob.found) or "",
                    _fmt_decimal(ob.required) or "",
                    ob.unit,
                    render(ob.detail, lang),
                    " ".join(ob.evidence),
                    ob.source.clause,
                    ob.source.document_title(lang),
                )
            )
        return out.getvalue()

    def explain(self, lang: Lang | None = None) -> str:
        """One paragraph per obligation: what was expected, what was found, the clause."""
        lang = lang or self.lang
        lines = []
        for ob in self.obligations:
            ev = ", ".join(ob.evidence) or ("无" if lang == "zh" else "none")
            lines.append(
                f"[{status_text(ob.status, lang)}] {ob.rule} · {ob.subject} · "
                f"{ob.period} → {_moment(ob.due)}\n"
                f"  {ob.title(lang)}: {render(ob.detail, lang)}\n"
                f"  {'依据记录' if lang == 'zh' else 'records'}: {ev}\n"
                f"  {'依据' if lang == 'zh' else 'source'}: "
                f"{ob.source.label(lang)}: {ob.source.text}"
            )
        return "\n".join(lines)

    def plot(
        self,
        year: int | None = None,
        *,
        lang: Lang | None = None,
        rules: Sequence[str] | None = None,
    ) -> Any:
        """A compliance calendar of one year as a matplotlib Figure (needs matplotlib).

        Rules by months, each cell coloured by the worst status due that month;
        ``year`` defaults to the year the report starts in. The figure shows
        itself in Jupyter (it has ``_repr_png_``), with or without
        ``%matplotlib inline``; ``savefig()`` writes it to a file. Without a
        font for Chinese, a Chinese picture warns (:class:`~safetyregs.FontWarning`)
        and draws English labels. See :func:`safetyregs._plot.plot_year`.
        """
        from ._plot import plot_year

        return plot_year(self, year=year, lang=lang or self.lang, rules=rules)

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per obligation, indexed by obligation id (needs pandas).

        ``period_start``, ``period_end`` and ``due`` (the due day) are
        ``datetime64`` days; ``due_at`` is the due moment of timed deadlines
        (incident reports) in Asia/Shanghai, ``NaT`` otherwise; ``rule``,
        ``status`` (ordered met < pending < violated) and ``unit`` are
        categorical; ``found``, ``required`` and ``share`` (found / required)
        are numbers, ``NaN`` where the obligation counts nothing.
        """
        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:  # pragma: no cover - depends on the environment
            msg = "to_pandas() needs pandas: pip install 'safetyregs[pandas]'"
            raise ImportError(msg) from exc
        lang = self.lang
        nan = float("nan")
        records = []
        for ob in self.obligations:
            found = float(ob.found) if ob.found is not None else nan
            required = float(ob.required) if ob.required is not None else nan
            timed = ob.due if isinstance(ob.due, dt.datetime) else None
            if timed is not None:
                timed = timed.replace(tzinfo=CST) if timed.tzinfo is None else timed
            records.append(
                (
                    ob.id,
                    ob.rule,
                    ob.subject,
                    ob.status,
                    ob.title(lang),
                    ob.period.start,
                    ob.period.end,
                    ob.due_date,
                    timed,
                    found,
                    required,
                    found / required if required else nan,
                    ob.unit or None,
                    progress_text(ob, lang),
                    render(ob.detail, lang),
                    ", ".join(ob.evidence),
                    ob.source.clause,
                    ob.source.document_title(lang),
                )
            )
        frame = pd.DataFrame.from_records(records, columns=list(_FRAME_COLUMNS))
        for column in ("period_start", "period_end", "due"):
            frame[column] = pd.to_datetime(frame[column])
        frame["due_at"] = pd.to_datetime(frame["due_at"], utc=True).dt.tz_convert("Asia/Shanghai")
        for column in ("found", "required", "share"):
            frame[column] = frame[column].astype("float64")
        frame["status"] = pd.Categorical(frame["status"], categories=STATUSES, ordered=True)
        frame["rule"] = pd.Categorical(frame["rule"], categories=sorted(set(frame["rule"])))
        frame["unit"] = frame["unit"].astype("category")
        return frame.set_index("id")

    def _repr_html_(self) -> str:
        lang = self.lang
        heads = (
            ("状态", "到期", "规则", "对象", "进度", "说明", "条款")
            if lang == "zh"
            else ("Status", "Due", "Rule", "Subject", "Progress", "Detail", "Clause")
        )
        rows = []
        for ob in self.obligations:
            colour = _COLOURS[ob.status]
            cells = (
                f'<span style="color:{colour};font-weight:bold">{_ICONS[ob.status]} '
                f"{html.escape(status_text(ob.status, lang))}</span>",
                html.escape(_moment(ob.due)),
                f"<code>{html.escape(ob.rule)}</code><br>{html.escape(ob.title(lang))}",
                html.escape(ob.subject),
                html.escape(progress_text(ob, lang)),
                html.escape(render(ob.detail, lang)),
                f'<span title="{html.escape(ob.source.label(lang) + ": " + ob.source.text)}">'
                f"{html.escape(ob.source.clause)}</span>",
            )
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        table = (
            "<table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in heads)
            + "</tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
        if len(self.obligations) > _OPEN_ROWS:
            label = f"全部 {len(self)} 项义务" if lang == "zh" else f"all {len(self)} obligations"
            table = f"<details><summary>{label}</summary>{table}</details>"
        return (
            f"<div>{self.summary(lang)._repr_html_()}"
            f"<br>{html.escape(sources_line(self.obligations, lang))}{table}</div>"
        )

    def __repr__(self) -> str:
        c = self.counts()
        return (
            f"<Report {self.school} {self.profile} {self.period} as of {self.as_of}: "
            f"{c['met']} met, {c['pending']} pending, {c['violated']} violated>"
        )


def _resolve(
    school: SchoolFile | str | os.PathLike[str],
    profile: Profile | str | None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[SchoolFile, Profile]:
    school_file = school if isinstance(school, SchoolFile) else load_school(school, limits=limits)
    if isinstance(profile, Profile):
        return school_file, profile
    return school_file, _profiles.get(profile or school_file.school.jurisdiction)


def _range(
    start: DateLike | None,
    end: DateLike | None,
    month: DateLike | None,
    as_of: dt.date,
    default: Period,
) -> Period:
    """The inclusive range asked for: a month, or start and end, or ``default``."""
    if month is not None and (start is not None or end is not None):
        msg = "give either month or start and end, not both"
        raise UsageError(msg)
    if month is not None:
        return month_period(month)
    if start is None and end is None:
        return default
    first = as_date(start, "start") if start is not None else default.start
    last = as_date(end, "end") if end is not None else default.end
    if last < first:
        msg = f"end {last.isoformat()} precedes start {first.isoformat()}"
        raise UsageError(msg)
    return Period(first, last)


def obligations(
    school: SchoolFile | str | os.PathLike[str],
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    month: DateLike | None = None,
    as_of: DateLike | None = None,
    profile: Profile | str | None = None,
    rules: Sequence[str] | None = None,
    lang: Lang = "zh",
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Every obligation due from ``start`` to ``end`` (inclusive), with its status as of a day.

    Dates are ``date`` objects or ISO strings. Give ``start`` and ``end``, or
    ``month="2026-11"``; with neither, the month of ``as_of``. ``as_of``
    defaults to today in China Standard Time; ``profile`` to the school's
    jurisdiction; ``rules`` limits the evaluation to some rule ids. The range
    must lie within the horizon of ``limits`` (1900 to 2200 by default), else
    :class:`DateRangeError`. A datetime counts as its day in China Standard Time;
    ``end`` before ``start``, a rule id in ``rules`` that the profile does not
    have, or a ``lang`` other than ``zh`` and ``en`` is a
    :class:`~safetyregs.UsageError`.

    >>> import safetyregs
    >>> nov = safetyregs.obligations(safetyregs.example_school(), month="2026-11",
    ...                              as_of="2026-11-23")
    >>> str(nov.period)
    '2026-11-01..2026-11-30'
    """
    day = as_date(as_of, "as_of") if as_of is not None else today()
    period = _range(start, end, month, day, month_period(day))
    if lang not in ("zh", "en"):
        msg = f"lang must be 'zh' or 'en', not {lang!r}"
        raise UsageError(msg)
    check_horizon(period, limits)
    school_file, prof = _resolve(school, profile, limits)
    warn_if_unknown(period)
    found = evaluate(school_file, prof, period, day, rules=rules)
    return Report(school_file.school.id, prof.id, period, day, found, lang)


def check(
    school: SchoolFile | str | os.PathLike[str],
    start: DateLike | None = None,
    end: DateLike | None = None,
    *,
    month: DateLike | None = None,
    as_of: DateLike | None = None,
    profile: Profile | str | None = None,
    lang: Lang = "zh",
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """The violations due from ``start`` to ``end`` (inclusive), as of a day.

    Like the CLI, the range defaults to 1 January of the ``as_of`` year up to
    ``as_of``, and ``as_of`` to today in China Standard Time: ``check(school)``
    is the year so far. ``start``/``end`` alone default to those ends.
    """
    day = as_date(as_of, "as_of") if as_of is not None else today()
    period = _range(start, end, month, day, Period(day.replace(month=1, day=1), day))
    found = obligations(
        school, period.start, period.end, as_of=day, profile=profile, lang=lang, limits=limits
    )
    return found.violations


def owes(
    school: SchoolFile | str | os.PathLike[str],
    month: DateLike | None = None,
    *,
    as_of: DateLike | None = None,
    next_days: int | None = None,
    profile: Profile | str | None = None,
    lang: Lang = "zh",
) -> Report:
    """What the school owes in a month: ``owes("school.json", month="2026-11")``.

    ``month`` (``"2026-11"``, a date or an ISO date) defaults to the month of
    ``as_of``; ``as_of`` defaults to today in China Standard Time (the one
    place besides the CLI that reads the clock). ``next_days=14`` asks instead
    for what falls due in the next 14 days, ``as_of`` included.
    """
    day = as_date(as_of, "as_of") if as_of is not None else today()
    if next_days is not None:
        if month is not None:
            msg = "give either month or next_days, not both"
            raise UsageError(msg)
        period = next_period(day, next_days)
    else:
        period = month_period(month if month is not None else day)
    return obligations(school, period.start, period.end, as_of=day, profile=profile, lang=lang)


def next_period(as_of: dt.date, days: int) -> Period:
    """The ``days`` days from ``as_of`` on, ``as_of`` included (``days`` ≥ 1)."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        msg = f"next_days: {days!r} is not a number of days (1 or more)"
        raise UsageError(msg)
    try:
        return Period(as_of, as_of + dt.timedelta(days=days - 1))
    except OverflowError:
        msg = f"next_days: {days} days from {as_of.isoformat()} run past the last date"
        raise UsageError(msg) from None
