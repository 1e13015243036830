"""One-call helpers and the result object that notebooks and apps use."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import importlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from importlib import resources
from typing import Any, overload

from attrs import frozen

from . import profiles as _profiles
from ._calendar import Period, warn_if_unknown
from ._engine import Citation, Obligation, Profile, evaluate
from ._errors import DateRangeError
from ._i18n import Lang, render, status_text, unit_text
from ._io import load, loads
from ._limits import DEFAULT_LIMITS, Limits
from ._models import CST, SchoolFile

__all__ = [
    "Report",
    "check",
    "example_school",
    "load_school",
    "month_period",
    "obligations",
    "owes",
    "today",
]


def today() -> dt.date:
    """Today's date in China Standard Time (the CLI's default ``as_of``)."""
    return dt.datetime.now(CST).date()


def month_period(month: str | dt.date) -> Period:
    """The whole calendar month ``"2026-11"`` (or the month of a date)."""
    if isinstance(month, str):
        try:
            first = dt.date.fromisoformat(month + "-01")
        except ValueError:
            msg = f"{month!r} is not a month (YYYY-MM)"
            raise ValueError(msg) from None
    else:
        first = month.replace(day=1)
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

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.obligations)

    def __len__(self) -> int:
        return len(self.obligations)

    @overload
    def __getitem__(self, index: int) -> Obligation: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Obligation, ...]: ...
    def __getitem__(self, index: int | slice) -> Obligation | tuple[Obligation, ...]:
        return self.obligations[index]

    @property
    def violations(self) -> Report:
        """Only the violated obligations."""
        return self._only("violated")

    @property
    def pending(self) -> Report:
        return self._only("pending")

    @property
    def met(self) -> Report:
        return self._only("met")

    def _only(self, status: str) -> Report:
        kept = tuple(o for o in self.obligations if o.status == status)
        return Report(self.school, self.profile, self.period, self.as_of, kept, self.lang)

    def counts(self) -> dict[str, int]:
        """How many obligations are met, pending and violated."""
        out = {"met": 0, "pending": 0, "violated": 0}
        for ob in self.obligations:
            out[ob.status] += 1
        return out

    def to_dict(self, key: str = "obligations", lang: Lang | None = None) -> dict[str, Any]:
        """The CLI's JSON object; ``key`` is ``"obligations"`` or ``"violations"``."""
        lang = lang or self.lang
        return {
            "school": self.school,
            "profile": self.profile,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            key: [obligation_dict(o, lang) for o in self.obligations],
        }

    def to_json(self, key: str = "obligations", lang: Lang | None = None) -> str:
        return json.dumps(self.to_dict(key, lang), ensure_ascii=False, indent=2, sort_keys=True)

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
        ``year`` defaults to the year the report starts in. See
        :func:`safetyregs._plot.plot_year`.
        """
        from ._plot import plot_year

        return plot_year(self, year=year, lang=lang or self.lang, rules=rules)

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per obligation (needs pandas installed)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError as exc:  # pragma: no cover - depends on the environment
            msg = "to_pandas() needs pandas: pip install 'safetyregs[pandas]'"
            raise ImportError(msg) from exc
        rows = []
        for ob in self.obligations:
            row = obligation_dict(ob, self.lang)
            row.pop("source")
            row["clause"] = ob.source.clause
            row["document"] = ob.source.document_title(self.lang)
            row["progress"] = progress_text(ob, self.lang)
            rows.append(row)
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        lang = self.lang
        heads = (
            ("状态", "到期", "规则", "对象", "进度", "说明", "条款")
            if lang == "zh"
            else ("Status", "Due", "Rule", "Subject", "Progress", "Detail", "Clause")
        )
        counts = self.counts()
        summary = " · ".join(f"{status_text(k, lang)} {v}" for k, v in counts.items())
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
        return (
            f"<div><strong>{html.escape(self.school)}</strong> · {html.escape(self.profile)} · "
            f"{self.period} · as of {self.as_of.isoformat()} · {summary}"
            f"<br>{html.escape(sources_line(self.obligations, lang))}"
            "<table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in heads)
            + "</tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table></div>"
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


def obligations(
    school: SchoolFile | str | os.PathLike[str],
    start: dt.date,
    end: dt.date,
    *,
    as_of: dt.date,
    profile: Profile | str | None = None,
    rules: Sequence[str] | None = None,
    lang: Lang = "zh",
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Every obligation due from ``start`` to ``end`` (inclusive), with its status as of a day.

    ``profile`` defaults to the school's jurisdiction. The range must lie within the
    horizon of ``limits`` (1900 to 2200 by default), else :class:`DateRangeError`.
    """
    period = Period(start, end)
    check_horizon(period, limits)
    school_file, prof = _resolve(school, profile, limits)
    warn_if_unknown(period)
    found = evaluate(school_file, prof, period, as_of, rules=rules)
    return Report(school_file.school.id, prof.id, period, as_of, found, lang)


def check(
    school: SchoolFile | str | os.PathLike[str],
    start: dt.date,
    end: dt.date,
    *,
    as_of: dt.date,
    profile: Profile | str | None = None,
    lang: Lang = "zh",
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """The violations due from ``start`` to ``end`` (inclusive), as of a day."""
    found = obligations(school, start, end, as_of=as_of, profile=profile, lang=lang, limits=limits)
    return found.violations


def owes(
    school: SchoolFile | str | os.PathLike[str],
    month: str | dt.date | None = None,
    *,
    as_of: dt.date | None = None,
    profile: Profile | str | None = None,
    lang: Lang = "zh",
) -> Report:
    """What the school owes in a month: ``owes("school.json", month="2026-11", as_of=...)``.

    ``month`` defaults to the month of ``as_of``; ``as_of`` defaults to today
    in China Standard Time (the one place besides the CLI that reads the clock).
    """
    as_of = as_of or today()
    period = month_period(month or as_of)
    return obligations(school, period.start, period.end, as_of=as_of, profile=profile, lang=lang)
