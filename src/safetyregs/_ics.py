"""Obligations as an iCalendar (RFC 5545) file: one VTODO (or VEVENT) per obligation.

Needs the optional ``icalendar`` package (``pip install 'safetyregs[calendar]'``),
imported only when a calendar is made.

Each to-do carries the rule's title (SUMMARY), the detail, status, period and
citation (DESCRIPTION), the due date or, for incident reports, the due moment
in ``Asia/Shanghai`` with its VTIMEZONE (DUE), a status (COMPLETED when met,
NEEDS-ACTION otherwise; a violated one also gets PRIORITY 1), CATEGORIES with
the rule id and the status, and a UID that stays the same for the same school,
obligation (a UUID of the school and the obligation's id), so that
re-importing a calendar updates to-dos instead of duplicating them.

``events=True`` writes all-day VEVENTs on the due day instead (a timed event
at the due moment for incident reports), for calendar applications that hide
to-dos; their summary starts with the status. ``remind`` adds one VALARM per
duration to every pending obligation, that long before the due date.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import uuid
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from ._api import Report, progress_text
from ._engine import Obligation
from ._i18n import Lang, render, status_text
from ._models import CST

__all__ = [
    "MISSING_ICALENDAR",
    "calendar_ics",
    "obligation_uid",
    "parse_before",
    "write_ics",
    "written_text",
]

#: The message when ``icalendar`` is not installed, in Chinese and English.
MISSING_ICALENDAR = (
    "生成日历需要 icalendar 包：pip install 'safetyregs[calendar]'",
    "calendars need the icalendar package: pip install 'safetyregs[calendar]'",
)

#: Namespace of the UUIDs of obligations (a UUID5 of the obligation's identity).
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://safetyregs.invalid/obligation")

_STATUS = {"met": "COMPLETED", "pending": "NEEDS-ACTION", "violated": "NEEDS-ACTION"}

_LABELS = {
    "status": ("状态", "Status"),
    "period": ("期间", "Period"),
    "due": ("到期", "Due"),
    "progress": ("进度", "Progress"),
    "evidence": ("依据记录", "Records"),
    "subject": ("对象", "Subject"),
    "source": ("依据", "Source"),
    "calendar": ("安全工作日历", "safety calendar"),
}


def _label(key: str, lang: Lang) -> str:
    zh, en = _LABELS[key]
    return en if lang == "en" else zh


def _icalendar() -> Any:
    """The ``icalendar`` module, imported lazily (an optional extra)."""
    try:
        return importlib.import_module("icalendar")
    except ImportError as exc:
        raise ImportError(MISSING_ICALENDAR[1]) from exc


def _version() -> str:
    try:
        return metadata.version("safetyregs")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def obligation_uid(school: str, ob: Obligation, *, event: bool = False) -> str:
    """A UID that is the same for the same school and obligation id (another for an event).

    >>> import datetime as dt
    >>> from safetyregs import example_school, obligations
    >>> report = obligations(example_school(), dt.date(2026, 11, 1), dt.date(2026, 11, 30),
    ...                      as_of=dt.date(2026, 12, 1))
    >>> obligation_uid(report.school, report[0]) == obligation_uid(report.school, report[0])
    True
    """
    key = "\x1f".join((school, ob.id, "event" if event else "todo"))
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@safetyregs"


_BEFORE = re.compile(r"(\d+)([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_before(text: str) -> dt.timedelta:
    """A reminder's lead time: ``3d``, ``12h``, ``1w``, ``30m`` or a sum such as ``1d12h``.

    >>> parse_before("1d12h")
    datetime.timedelta(days=1, seconds=43200)
    """
    compact = text.strip().lower()
    parts = _BEFORE.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        msg = f"{text!r} is not a duration such as 3d, 12h, 1w or 30m"
        raise ValueError(msg)
    total = dt.timedelta()
    for number, unit in parts:
        total += dt.timedelta(**{_UNITS[unit]: int(number)})
    if total <= dt.timedelta():
        msg = f"{text!r} is not a duration such as 3d, 12h, 1w or 30m"
        raise ValueError(msg)
    return total


def _due(ob: Obligation) -> dt.date | dt.datetime:
    """The due date, or the due moment in China Standard Time (a named zone, for TZID)."""
    if isinstance(ob.due, dt.datetime):
        if ob.due.tzinfo is None:
            return ob.due.replace(tzinfo=CST)
        return ob.due.astimezone(CST)
    return ob.due


def _summary(ob: Obligation, school: str, lang: Lang) -> str:
    title = ob.title(lang)
    if ob.subject == school:
        return title
    return f"{title}（{ob.subject}）" if lang == "zh" else f"{title} ({ob.subject})"


def _description(ob: Obligation, lang: Lang) -> str:
    sep = "：" if lang == "zh" else ": "
    due = _due(ob)
    lines = [
        render(ob.detail, lang),
        "",
        f"{_label('status', lang)}{sep}{status_text(ob.status, lang)}",
        f"{_label('subject', lang)}{sep}{ob.subject}",
        f"{_label('period', lang)}{sep}{ob.period}",
        f"{_label('due', lang)}{sep}{due.isoformat()}",
    ]
    progress = progress_text(ob, lang)
    if progress:
        lines.append(f"{_label('progress', lang)}{sep}{progress}")
    if ob.evidence:
        joiner = "、" if lang == "zh" else ", "
        lines.append(f"{_label('evidence', lang)}{sep}{joiner.join(ob.evidence)}")
    lines.append(f"{_label('source', lang)}{sep}{ob.source.reference(lang)} {ob.source.clause}")
    lines.append(ob.source.text)
    return "\n".join(lines)


def _categories(ob: Obligation, lang: Lang) -> list[str]:
    """The rule id, the status keyword and, in Chinese, the status in Chinese."""
    categories = [ob.rule, ob.status]
    if lang == "zh":
        categories.append(status_text(ob.status, lang))
    return categories


def _alarm(ical: Any, before: dt.timedelta, summary: str, *, event: bool) -> Any:
    """A display alarm ``before`` the due date (the end of a to-do, the start of an event)."""
    alarm = ical.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    if event:
        alarm.add("trigger", -before)
    else:
        alarm.add("trigger", -before, parameters={"RELATED": "END"})
    return alarm


def _todo(ical: Any, ob: Obligation, report: Report, lang: Lang, stamp: dt.datetime) -> Any:
    todo = ical.Todo()
    todo.add("uid", obligation_uid(report.school, ob))
    todo.add("dtstamp", stamp)
    due = _due(ob)
    # DTSTART and DUE must have the same value type: only whole-day periods get one.
    if not isinstance(due, dt.datetime) and ob.period.start < due:
        todo.add("dtstart", ob.period.start)
    todo.add("due", due)
    todo.add("summary", _summary(ob, report.school, lang))
    todo.add("description", _description(ob, lang))
    todo.add("status", _STATUS[ob.status])
    if ob.status == "met":
        todo.add("percent-complete", 100)
    if ob.status == "violated":
        todo.add("priority", 1)
    todo.add("categories", _categories(ob, lang))
    return todo


def _event(ical: Any, ob: Obligation, report: Report, lang: Lang, stamp: dt.datetime) -> Any:
    """An all-day event on the due day (a moment for timed deadlines), free time."""
    event = ical.Event()
    event.add("uid", obligation_uid(report.school, ob, event=True))
    event.add("dtstamp", stamp)
    due = _due(ob)
    event.add("dtstart", due)
    if not isinstance(due, dt.datetime):
        event.add("dtend", due + dt.timedelta(days=1))
    sep = "：" if lang == "zh" else ": "
    event.add("summary", f"{status_text(ob.status, lang)}{sep}{_summary(ob, report.school, lang)}")
    event.add("description", _description(ob, lang))
    event.add("transp", "TRANSPARENT")
    event.add("categories", _categories(ob, lang))
    return event


def calendar_ics(
    report: Report,
    *,
    lang: Lang | None = None,
    stamp: dt.datetime | None = None,
    remind: Sequence[dt.timedelta] = (),
    events: bool = False,
) -> bytes:
    """The obligations of a report as the bytes of an iCalendar file.

    ``lang`` defaults to the report's language; ``stamp`` (the DTSTAMP of every
    to-do) defaults to now, and is converted to UTC. ``remind`` gives the lead
    times of reminders (VALARM) on every pending obligation; ``events``
    writes VEVENTs instead of VTODOs.

    >>> import datetime as dt
    >>> from safetyregs import example_school, obligations
    >>> report = obligations(example_school(), dt.date(2026, 11, 1), dt.date(2026, 11, 30),
    ...                      as_of=dt.date(2026, 12, 1))
    >>> calendar_ics(report, lang="en").count(b"BEGIN:VTODO") == len(report)
    True
    """
    ical = _icalendar()
    lang = lang or report.lang
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cal = ical.Calendar()
    cal.add("prodid", f"-//safetyregs//safetyregs {_version()}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{report.school} · {report.profile} · {_label('calendar', lang)}"
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    for ob in report:
        make = _event if events else _todo
        component = make(ical, ob, report, lang, stamp)
        if ob.status == "pending":  # a reminder of what is already missed helps no one
            for before in remind:
                summary = _summary(ob, report.school, lang)
                component.add_component(_alarm(ical, before, summary, event=events))
        cal.add_component(component)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def write_ics(
    report: Report,
    path: str | os.PathLike[str],
    *,
    lang: Lang | None = None,
    stamp: dt.datetime | None = None,
    remind: Sequence[dt.timedelta] = (),
    events: bool = False,
) -> int:
    """Write :func:`calendar_ics` to ``path``; returns the number of to-dos (or events)."""
    data = calendar_ics(report, lang=lang, stamp=stamp, remind=remind, events=events)
    with open(path, "wb") as file:
        file.write(data)
    return len(report)


def written_text(report: Report, path: str, lang: Lang = "zh", *, events: bool = False) -> str:
    """The CLI's line after writing a calendar."""
    c = report.counts()
    if lang == "en":
        return (
            f"wrote {len(report)} {'events' if events else 'to-dos'} to {path} "
            f"({c['met']} met, {c['pending']} pending, {c['violated']} violated)"
        )
    return (
        f"已将 {len(report)} 项{'日程' if events else '待办'}写入 {path}"
        f"（已完成 {c['met']}，待完成 {c['pending']}，已违规 {c['violated']}）"
    )
