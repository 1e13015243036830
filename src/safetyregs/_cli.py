"""The ``safetyregs`` command line.

Exit status: 0 nothing violated, 1 violations found, 2 bad input or usage
(message on stderr, nothing on stdout), 3 an internal error (a bug: one line
asking for a report; the traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import io
import json
import os
import re
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table
from rich.text import Text as RichText

from . import _api
from . import profiles as _profiles
from ._calendar import Period
from ._diff import diff
from ._engine import Profile, Rule
from ._errors import SafetyRegsError, UsageError
from ._i18n import Lang, render, status_text
from ._limits import DEFAULT_LIMITS, MB, WIDEST, Limits, printable
from ._models import Level, SchoolFile
from ._params import parameter_list
from ._summary import due_text

__all__ = ["main"]

_STYLE = {"met": "green", "pending": "yellow", "violated": "bold red"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date (YYYY-MM-DD)"
        raise argparse.ArgumentTypeError(msg) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"{text!r} is not a number of paragraphs (0, 1, 2, …)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _month(text: str) -> Period:
    try:
        return _api.month_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_SIZE_RE = re.compile(r"(\d{1,15})\s*(?:([kmg])(?:i?b)?|b)?", re.IGNORECASE)


def _size(text: str) -> int:
    """A size in bytes: ``1000000``, ``512K``, ``64M``, ``1G`` (binary units)."""
    match = _SIZE_RE.fullmatch(text.strip())
    if match is None or int(match.group(1)) < 1:
        msg = f"{text!r} is not a size (like 64M, 512K or 1000000)"
        raise argparse.ArgumentTypeError(msg)
    unit = {"k": 1024, "m": MB, "g": 1024 * MB}.get((match.group(2) or "").lower(), 1)
    return int(match.group(1)) * unit


def _horizon(text: str) -> tuple[int, int]:
    """Years ``1900..2200``: the first and last year a range or a record may lie in."""
    match = re.fullmatch(r"(\d{1,4})\.\.(\d{1,4})", text.strip())
    low, high = WIDEST
    if match is None or not low <= int(match.group(1)) <= int(match.group(2)) <= high:
        msg = f"{text!r} is not a horizon of years like 1900..2200 (within {low}..{high})"
        raise argparse.ArgumentTypeError(msg)
    return int(match.group(1)), int(match.group(2))


def _limits_of(args: argparse.Namespace) -> Limits:
    """The limits the user chose with ``--max-size`` and ``--horizon``."""
    first, last = getattr(args, "horizon", None) or (
        DEFAULT_LIMITS.first_year,
        DEFAULT_LIMITS.last_year,
    )
    size = getattr(args, "max_size", None) or DEFAULT_LIMITS.max_size
    return Limits(max_size=size, first_year=first, last_year=last)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        msg = f"{text!r} is not a number of days (1 or more)"
        raise argparse.ArgumentTypeError(msg)
    return days


_NO_PLUGINS_HELP = "load only the built-in profiles (also: SAFETYREGS_NO_PLUGINS=1)"


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{text!r} is not a number of processes (1 or more)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _parser() -> _Parser:
    debug = _Parser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an internal error",
    )
    # --no-plugins is accepted before or after the command; SUPPRESS keeps a
    # subcommand from resetting what was given before it.
    debug.add_argument(
        "--no-plugins", action="store_true", default=argparse.SUPPRESS, help=_NO_PLUGINS_HELP
    )

    common = _Parser(add_help=False, parents=[debug])
    common.add_argument("--format", choices=("table", "json"), default="table")
    common.add_argument("--lang", choices=("zh", "en"), default="zh")

    listing = _Parser(add_help=False, parents=[debug])
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.add_argument("--lang", choices=("zh", "en"), default="zh")
    listing.add_argument(
        "--each", action="store_true", help="one row per obligation instead of one per rule"
    )
    listing.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="only met, pending or violated (repeat or separate by commas)",
    )
    listing.add_argument(
        "--rule", action="append", metavar="GLOB", help="only rules matching, e.g. 'cixi.1530-*'"
    )
    listing.add_argument(
        "--subject", action="append", metavar="GLOB", help="only these subjects (staff, hazards…)"
    )

    school = _Parser(add_help=False)
    school.add_argument("--profile", metavar="NAME", help="override school.jurisdiction")
    school.add_argument("--as-of", type=_date, metavar="DATE", help="default: today (CST)")
    school.add_argument(
        "--max-size",
        type=_size,
        metavar="SIZE",
        help="largest school file read (default 64M; K, M, G are binary units)",
    )
    school.add_argument(
        "--horizon",
        type=_horizon,
        metavar="YYYY..YYYY",
        help="years that ranges and record dates may lie in (default 1900..2200)",
    )

    ranged = _Parser(add_help=False)
    ranged.add_argument("--from", dest="start", type=_date, metavar="DATE")
    ranged.add_argument("--to", dest="end", type=_date, metavar="DATE")
    ranged.add_argument("--month", type=_month, metavar="YYYY-MM")

    parser = _Parser(prog="safetyregs", description="Chinese school safety regulations.")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    parser.add_argument("--version", action="version", version=f"safetyregs {_version()}")
    parser.add_argument("--no-plugins", action="store_true", help=_NO_PLUGINS_HELP)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser(
        "demo", parents=[common], help="the example school: what it owes, its violations"
    )
    p = sub.add_parser("check", parents=[listing, school, ranged], help="violations in a range")
    p.add_argument("file", nargs="+", metavar="FILE", help="school files or directories of them")
    p.add_argument(
        "--summary", action="store_true", help="one line per school (implied by several files)"
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="processes sharing the files of a summary (default: every core)",
    )
    p = sub.add_parser(
        "calendar", parents=[common, school, ranged], help="obligations as an iCalendar file"
    )
    p.add_argument("file")
    p.add_argument("--ics", required=True, metavar="OUT", help="the .ics to write ('-': stdout)")
    p.add_argument(
        "--remind",
        action="append",
        type=_remind,
        metavar="BEFORE",
        help="a reminder this long before each due date, e.g. 3d, 12h, 1w (repeatable)",
    )
    p.add_argument(
        "--as",
        dest="components",
        choices=("todos", "events"),
        default="todos",
        help="to-dos (default) or events, for calendars that hide to-dos",
    )
    p = sub.add_parser("report", parents=[common, school], help="a picture of the year (PNG)")
    p.add_argument("file")
    p.add_argument("--year", type=int, metavar="YYYY", help="default: the year of --as-of")
    p.add_argument("--png", required=True, metavar="OUT", help="the PNG file to write")
    sub.add_parser("schema", parents=[debug], help="the JSON Schema of the school file")
    p = sub.add_parser(
        "obligations", parents=[listing, school, ranged], help="every obligation in a range"
    )
    p.add_argument("file")
    p = sub.add_parser("owes", parents=[listing, school], help="what falls due in a month")
    p.add_argument("file")
    p.add_argument("--month", type=_month, metavar="YYYY-MM")
    p.add_argument(
        "--next", type=_days, metavar="N", help="what falls due in the N days from --as-of"
    )
    sub.add_parser("profiles", parents=[common], help="installed profiles")
    p = sub.add_parser("profile", parents=[debug], help="one profile's rules and citations")
    p.add_argument("name")
    p.add_argument(
        "--format",
        choices=("table", "json", "markdown"),
        default="table",
        help="markdown: the page of the documentation site",
    )
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p = sub.add_parser(
        "source", parents=[common], help="a rule's clause in the text of its source document"
    )
    p.add_argument("rule", metavar="RULE", help="a rule id, such as cixi.rescue-team")
    p.add_argument(
        "--context",
        type=_count,
        default=0,
        metavar="N",
        help="paragraphs to show before and after the clause (default 0)",
    )
    p = sub.add_parser("witness", help="a small school file compliant with a profile over a range")
    p.add_argument("name", metavar="PROFILE")
    p.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    p.add_argument(
        "--level",
        action="append",
        choices=[level.value for level in Level],
        help="a level of the school (repeat for several; default: every level the rules name)",
    )
    p.add_argument("--format", choices=("json", "toml"), default="json")
    p = sub.add_parser(
        "init",
        parents=[debug],
        help="a school-file template: every record and routine a compliant school keeps",
    )
    p.add_argument("--profile", required=True, metavar="PROFILE")
    p.add_argument(
        "--level",
        action="append",
        choices=[level.value for level in Level],
        help="a level of the school (repeat for several; default: every level the rules name)",
    )
    p.add_argument("--year", type=int, metavar="YYYY", help="default: this year (CST)")
    p.add_argument("--format", choices=("toml", "json"), default="toml")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write the file here (never over an existing one)"
    )
    p = sub.add_parser("diff", parents=[common], help="compare two profiles")
    p.add_argument("a", metavar="PROFILE_A")
    p.add_argument("b", metavar="PROFILE_B")
    return parser


def _range(args: argparse.Namespace, as_of: dt.date, default: Period) -> Period:
    if args.month is not None and (args.start or args.end):
        raise UsageError("give either --month or --from/--to, not both")
    if args.month is not None:
        return args.month  # type: ignore[no-any-return]
    if (args.start is None) != (args.end is None):
        raise UsageError("--from and --to go together")
    if args.start is None:
        return default
    if args.end < args.start:
        raise UsageError(f"--to {args.end} precedes --from {args.start}")
    return Period(args.start, args.end)


def _bounded(period: Period, args: argparse.Namespace) -> Period:
    """The range, refused (exit 2) when it leaves the horizon."""
    _api.check_horizon(period, _limits_of(args))
    return period


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160, highlight=False)


def _text(value: str, style: str = "") -> RichText:
    """Text from a school file or a profile as a table cell: no markup, control characters
    and lone surrogates escaped."""
    return RichText(printable(value, keep_newlines=True), style=style)


def _obligation_table(report: _api.Report, lang: Lang, title: str) -> Table:
    zh = lang == "zh"
    table = Table(title=_text(title), show_lines=False, expand=False)
    for head in (
        ("状态", "Status"),
        ("到期", "Due"),
        ("规则", "Rule"),
        ("对象", "Subject"),
        ("进度", "Progress"),
        ("说明", "Detail"),
        ("条款", "Clause"),
    ):
        table.add_column(head[0] if zh else head[1], overflow="fold")
    for ob in report:
        status = RichText(status_text(ob.status, lang), style=_STYLE[ob.status])
        if ob.provisional:
            status.append("\n" + _PROVISIONAL[lang == "en"], style="italic")
        table.add_row(
            status,
            ob.due.isoformat(timespec="minutes")
            if isinstance(ob.due, dt.datetime)
            else str(ob.due),
            RichText.assemble(_text(ob.title(lang)), "\n", _text(ob.rule, "dim")),
            _text(ob.subject),
            _text(_api.progress_text(ob, lang)),
            _text(render(ob.detail, lang)),
            _text(ob.source.clause),
        )
    if any(ob.provisional for ob in report):
        table.caption = _PROVISIONAL_NOTE[lang == "en"]
    return table


_PROVISIONAL = ("暂定", "provisional")
_PROVISIONAL_NOTE = (
    "暂定：该年国务院放假安排尚未收录，工作日与假期按法定节假日推算，待正式通知后更新 holidays 包",
    "provisional: the State Council's holiday arrangement for that year is not in the installed "
    "holidays data; working days and breaks follow the statutory holidays only",
)


def _heading(report: _api.Report, lang: Lang, what: str) -> str:
    c = report.counts()
    sources = _api.sources_line(report, lang)
    sources = f"\n{sources}" if sources else ""
    if lang == "zh":
        return (
            f"{report.school} · {report.profile} · {report.period} · 截至 {report.as_of} · {what}"
            f"（已完成 {c['met']}，待完成 {c['pending']}，已违规 {c['violated']}）{sources}"
        )
    return (
        f"{report.school} · {report.profile} · {report.period} · as of {report.as_of} · {what} "
        f"({c['met']} met, {c['pending']} pending, {c['violated']} violated){sources}"
    )


def _status_cell(status: str, provisional: bool, lang: Lang) -> RichText:
    """The status in its colour, marked provisional under it when it is."""
    cell = RichText(status_text(status, lang), style=_STYLE[status])
    if provisional:
        cell.append("\n" + _PROVISIONAL[lang == "en"], style="italic")
    return cell


def _summary_table(report: _api.Report, lang: Lang, title: str) -> Table:
    """One row per rule: worst status, counts, next due, progress, dates, clause.

    Columns that would be empty (or all zero) in every row are left out: a
    ``check`` shows no met or pending counts.
    """
    zh = lang == "zh"
    summary = report.summary(lang)
    heads = (
        ("状态", "Status"),
        ("规则", "Rule"),
        ("已完成", "Met"),
        ("待完成", "Pending"),
        ("已违规", "Violated"),
        ("下次到期", "Next due"),
        ("进度", "Progress"),
        ("日期", "Dates"),
        ("条款", "Clause"),
    )
    rows: list[list[Any]] = [
        [
            _status_cell(line.status, line.provisional, lang),
            RichText.assemble(_text(line.title(lang)), "\n", _text(line.rule, "dim")),
            str(line.met) if line.met else "",
            str(line.pending) if line.pending else "",
            str(line.violated) if line.violated else "",
            due_text(line.next_due),
            _text(_api.progress_text(line.only, lang)) if line.only is not None else "",
            _text(line.text(lang, with_year=summary.with_year)),
            _text(line.clause),
        ]
        for line in summary
    ]
    keep = [i for i in range(len(heads)) if any(str(row[i]) for row in rows)]
    table = Table(title=_text(title), show_lines=False, expand=False)
    for i in keep:
        justify: Any = "right" if 2 <= i <= 4 else "left"
        table.add_column(heads[i][0] if zh else heads[i][1], overflow="fold", justify=justify)
    for row in rows:
        table.add_row(*(row[i] for i in keep))
    if any(ob.provisional for ob in report):
        table.caption = _PROVISIONAL_NOTE[lang == "en"]
    return table


def _filtered(report: _api.Report, args: argparse.Namespace) -> _api.Report:
    """The report narrowed by ``--status``, ``--rule`` and ``--subject``."""
    statuses = None
    if getattr(args, "status", None):
        statuses = [s.strip() for given in args.status for s in given.split(",") if s.strip()]
    return report.where(
        status=statuses, rule=getattr(args, "rule", None), subject=getattr(args, "subject", None)
    )


def _print_report(report: _api.Report, args: argparse.Namespace, key: str, title: str) -> None:
    """The report as JSON, CSV, a table per rule (default) or per obligation (``--each``)."""
    lang: Lang = args.lang
    if args.format == "json":
        print(report.to_json(key, lang))
    elif args.format == "csv":
        sys.stdout.write(report.to_csv(lang))
    else:
        console = _console()
        if not len(report):
            console.print(_text(title))
            console.print("无" if lang == "zh" else "none")
        elif getattr(args, "each", False):
            console.print(_obligation_table(report, lang, title))
        else:
            console.print(_summary_table(report, lang, title))


def _emit(report: _api.Report, args: argparse.Namespace, key: str, what: Sequence[str]) -> int:
    lang: Lang = args.lang
    report = _filtered(report, args)
    status = 1 if any(o.status == "violated" for o in report) else 0
    title = _heading(report, lang, what[0] if lang == "zh" else what[1])
    with _quiet_pipe():
        _print_report(report, args, key, title)
    return status


@contextlib.contextmanager
def _quiet_pipe() -> Iterator[None]:
    """Printing that ends quietly when the reader closes stdout (``| head``).

    The caller keeps its exit status. As Python's documentation advises for
    ``BrokenPipeError``, stdout is pointed at devnull so that the final flush at
    exit does not fail again.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a descriptor (captured in tests)
        pass


def _school(args: argparse.Namespace) -> tuple[SchoolFile, Profile]:
    from ._io import load

    profile = _profiles.get(args.profile) if args.profile else None
    limits = _limits_of(args)
    school_file = load(args.file, profiles=None if profile else _profiles.names(), limits=limits)
    return school_file, profile or _profiles.get(school_file.school.jurisdiction)


#: Flags of one school's listing, by the attribute argparse gives them.
_LISTING_FLAGS = {"--each": "each", "--status": "status", "--rule": "rule", "--subject": "subject"}


def _cmd_check(args: argparse.Namespace) -> int:
    as_of = args.as_of or _api.today()
    period = _bounded(_range(args, as_of, Period(as_of.replace(month=1, day=1), as_of)), args)
    files = args.file
    if args.summary or len(files) > 1 or os.path.isdir(files[0]):
        listing = [f for f, given in _LISTING_FLAGS.items() if getattr(args, given)]
        if listing:
            raise UsageError(
                f"{', '.join(listing)}: only for one school's listing, not with several "
                "files, a directory or --summary"
            )
        return _check_many(args, period, as_of)
    args.file = files[0]
    school_file, profile = _school(args)
    report = _api.check(
        school_file, period.start, period.end, as_of=as_of, profile=profile, limits=_limits_of(args)
    )
    return _emit(report, args, "violations", ("违规", "violations"))


def _check_many(args: argparse.Namespace, period: Period, as_of: dt.date) -> int:
    """``check --summary``: one line per school file; see :mod:`safetyregs._batch`."""
    from . import _batch

    result = _batch.check_many(
        args.file,
        start=period.start,
        end=period.end,
        as_of=as_of,
        profile=args.profile,
        lang=args.lang,
        progress=sys.stderr.isatty(),
        limits=_limits_of(args),
        jobs=args.jobs,
        keep_reports=False,
    )
    if result.exit_status == 2:
        for row in result:
            _error(f"{row.file}: {row.error_text(args.lang)}")
        _error(_batch.text("none_read", args.lang))
        return 2
    with _quiet_pipe():
        if args.format == "json":
            print(result.to_json(args.lang))
        elif args.format == "csv":
            sys.stdout.write(result.to_csv(args.lang))
        else:
            _console().print(result.table(args.lang))
    return result.exit_status


def _cmd_obligations(args: argparse.Namespace) -> int:
    as_of = args.as_of or _api.today()
    period = _bounded(_range(args, as_of, _api.month_period(as_of)), args)
    school_file, profile = _school(args)
    report = _api.obligations(
        school_file, period.start, period.end, as_of=as_of, profile=profile, limits=_limits_of(args)
    )
    return _emit(report, args, "obligations", ("全部义务", "obligations"))


def _cmd_owes(args: argparse.Namespace) -> int:
    as_of = args.as_of or _api.today()
    if args.next is not None and args.month is not None:
        raise UsageError("give either --month or --next, not both")
    if args.next is not None:
        period = _api.next_period(as_of, args.next)
        what = (f"今后 {args.next} 天应办", f"due in the next {args.next} days")
    else:
        period = args.month or _api.month_period(as_of)
        what = ("本月应办", "owed this month")
    period = _bounded(period, args)
    school_file, profile = _school(args)
    report = _api.obligations(
        school_file, period.start, period.end, as_of=as_of, profile=profile, limits=_limits_of(args)
    )
    return _emit(report, args, "obligations", what)


def _cmd_demo(args: argparse.Namespace) -> int:
    school_file = _api.example_school()
    as_of = _api.today()
    month = _api.month_period(as_of)
    owes = _api.obligations(school_file, month.start, month.end, as_of=as_of)
    so_far = _api.check(school_file, as_of.replace(month=1, day=1), as_of, as_of=as_of)
    if args.format == "json":
        doc = {"owes": owes.to_dict("obligations", args.lang)}
        doc["violations"] = so_far.to_dict("violations", args.lang)
        print(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    console = _console()
    zh = args.lang == "zh"
    console.print(
        f"[bold]{school_file.school.name}[/bold] ({school_file.school.id}) — "
        + ("示例学校，内置于 safetyregs" if zh else "example school shipped with safetyregs")
    )
    console.print(
        _summary_table(
            owes, args.lang, _heading(owes, args.lang, "本月应办" if zh else "owed this month")
        )
    )
    console.print(
        _summary_table(
            so_far,
            args.lang,
            _heading(so_far, args.lang, "今年以来的违规" if zh else "violations so far this year"),
        )
    )
    return 0


def _cmd_profiles(args: argparse.Namespace) -> int:
    found = _profiles.load_all()
    rows = [
        {
            "id": p.id,
            "name": p.name(args.lang),
            "document": p.document,
            "title": _document_title(p, args.lang),
            "effective_from": p.effective_from.isoformat(),
            "effective_until": p.effective_until.isoformat() if p.effective_until else None,
            "rules": len(p.rules),
        }
        for p in sorted(found.values(), key=lambda p: p.id)
    ]
    if args.format == "json":
        print(json.dumps({"profiles": rows}, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    zh = args.lang == "zh"
    table = Table(title="已安装的地区规则" if zh else "Installed profiles")
    for head in (
        ("编号", "id"),
        ("名称", "name"),
        ("生效", "effective"),
        ("规则数", "rules"),
        ("来源文件", "source document"),
    ):
        table.add_column(head[0] if zh else head[1], overflow="fold")
    for row in rows:
        until = row["effective_until"] or ""
        table.add_row(
            str(row["id"]),
            str(row["name"]),
            f"{row['effective_from']}..{until}",
            str(row["rules"]),
            str(row["title"]),
        )
    _console().print(table)
    return 0


def _document_title(profile: Profile, lang: Lang) -> str:
    """The profile's source document by its title (its name if it has no title)."""
    if profile.title is None:
        return profile.document
    return profile.title(lang)


def profile_dict(profile: Profile, lang: Lang = "zh") -> dict[str, Any]:
    """The JSON form of a profile: its rules with parameters and citations."""
    rules = []
    for rule in profile.rules:
        params = parameter_list(rule.parameters())
        rules.append(
            {
                "id": rule.id,
                "kind": rule.kind,
                "title": rule.title(lang),
                "applies_to": rule.applies_to.describe(),
                "applies_to_text": rule.applies_to.text(lang),
                "parameters": params,
                "topic": rule.topic,
                "interpretation": rule.interpretation(lang),
                "effective_from": (rule.effective_from or profile.effective_from).isoformat(),
                "effective_until": (
                    (rule.effective_until or profile.effective_until).isoformat()  # type: ignore[union-attr]
                    if (rule.effective_until or profile.effective_until)
                    else None
                ),
                "source": _api.citation_dict(rule.source),
            }
        )
    return {
        "id": profile.id,
        "name": profile.name(lang),
        "document": profile.document,
        "title": _document_title(profile, lang),
        "issuer": profile.issuer(lang),
        "published": profile.published.isoformat(),
        "effective_from": profile.effective_from.isoformat(),
        "effective_until": profile.effective_until.isoformat() if profile.effective_until else None,
        "parameters": parameter_list(p for p in profile.parameters() if p.rule is None),
        "rules": rules,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _cmd_profile(args: argparse.Namespace) -> int:
    profile = _profiles.get(args.name)
    if args.format == "markdown":
        from .docgen import profile_markdown

        sys.stdout.write(profile_markdown(profile, args.lang))
        return 0
    doc = profile_dict(profile, args.lang)
    if args.format == "json":
        print(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    zh = args.lang == "zh"
    console = _console()
    console.print(
        f"[bold]{doc['name']}[/bold] ({profile.id}) — {rich_escape(profile.reference(args.lang))}"
    )
    console.print(
        ("生效：" if zh else "Effective: ")
        + f"{doc['effective_from']}..{doc['effective_until'] or ''}"
    )
    table = Table(show_lines=True)
    for head in (
        ("规则", "Rule"),
        ("类型", "Kind"),
        ("适用", "Applies to"),
        ("条款与原文", "Clause and text"),
        ("解释", "Interpretation"),
    ):
        table.add_column(head[0] if zh else head[1], overflow="fold")
    for rule in doc["rules"]:
        table.add_row(
            f"{rule['title']}\n[dim]{rule['id']}[/dim]",
            rule["kind"],
            rule["applies_to_text"],
            f"{rule['source']['clause']} {rule['source']['text']}",
            rule["interpretation"],
        )
    console.print(table)
    return 0


def _find_rule(rule_id: str, lang: Lang) -> tuple[Profile, Rule]:
    """The installed rule with this id; a usage error with the nearest ids otherwise."""
    found = _profiles.load_all()
    for profile in found.values():
        for rule in profile.rules:
            if rule.id == rule_id:
                return profile, rule
    ids = sorted(rule.id for profile in found.values() for rule in profile.rules)
    if rule_id in found:  # a profile's name instead of a rule id
        msg = (
            f"{rule_id} 是地区规则，不是规则编号：safetyregs profile {rule_id} 列出它的规则"
            if lang == "zh"
            else f"{rule_id} is a profile, not a rule: "
            f"'safetyregs profile {rule_id}' lists its rules"
        )
        raise UsageError(msg)
    lowered = {i.lower(): i for i in ids}
    close = [lowered[i] for i in difflib.get_close_matches(rule_id.lower(), lowered, n=3)]
    if lang == "zh":
        msg = f"没有编号为 {rule_id!r} 的规则"
        msg += f"，是否要找 {'、'.join(close)}？" if close else "。"
        msg += "（safetyregs profile 地区名 列出规则编号）"
    else:
        msg = f"no rule {rule_id!r}"
        msg += f" (did you mean {' or '.join(close)}?)" if close else ""
        msg += "; 'safetyregs profile NAME' lists the rule ids"
    raise UsageError(msg)


def _document_text(rule: Rule, profile: Profile) -> str | None:
    """The shipped text of the document the rule cites: its profile's, or (for a rule a
    derived profile inherits) the text of the installed profile of that document."""
    if rule.source.document == profile.document:
        return profile.document_text()
    for other in _profiles.load_all().values():
        if other.document == rule.source.document and other.document_resource is not None:
            return other.document_text()
    return None


_SOURCE_LABELS = {
    "document": ("文件", "Document"),
    "clause": ("条款", "Clause"),
    "quoted": ("原文", "Quoted"),
    "interpretation": ("解释", "Interpretation"),
    "context": (
        "上下文（文件原文，规则引用的文字已标出）",
        "In context (the document's text, the words the rule quotes marked)",
    ),
    "not_shipped": (
        "此地区规则未附带文件原文。",
        "This profile does not ship its document's text.",
    ),
    "not_found": (
        "在文件原文中未找到引用的文字。",
        "The quoted words were not found in the document's text.",
    ),
}


def _cmd_source(args: argparse.Namespace) -> int:
    from ._sources import context, locate

    lang: Lang = args.lang
    profile, rule = _find_rule(args.rule, lang)
    document = _document_text(rule, profile)
    paragraphs = (
        context(document, locate(document, rule.source.text), around=args.context)
        if document is not None
        else []
    )
    if args.format == "json":
        doc = {
            "rule": rule.id,
            "profile": profile.id,
            "title": rule.title(lang),
            "reference": rule.source.reference(lang),
            "source": _api.citation_dict(rule.source),
            "interpretation": rule.interpretation(lang),
            "shipped": document is not None,
            "context": [
                {
                    "text": p.text,
                    "quoted": [list(m) for m in p.marks],
                    "cut_before": p.cut_before,
                    "cut_after": p.cut_after,
                    "gap_before": p.gap_before,
                }
                for p in paragraphs
            ],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    pick = 1 if lang == "en" else 0
    sep = ": " if lang == "en" else "："
    console = _console()
    marked = console.color_system is not None
    console.print(RichText(rule.title(lang), style="bold") + RichText(f"  {rule.id}", style="dim"))
    for key, value in (
        ("document", rule.source.reference(lang)),
        ("clause", rule.source.clause),
        ("quoted", rule.source.text),
        ("interpretation", rule.interpretation(lang)),
    ):
        if value:
            console.print(RichText(_SOURCE_LABELS[key][pick] + sep, style="bold") + value)
    console.print()
    if document is None or not paragraphs:
        console.print(_SOURCE_LABELS["not_shipped" if document is None else "not_found"][pick])
        return 0
    console.print(RichText(_SOURCE_LABELS["context"][pick], style="bold"))
    for paragraph in paragraphs:
        if paragraph.gap_before:
            console.print("  ⋯")
        line = RichText("  " + ("…" if paragraph.cut_before else ""))
        pos = 0
        for lo, hi in paragraph.marks:
            line.append(paragraph.text[pos:lo])
            quoted = paragraph.text[lo:hi]
            line.append(quoted if marked else f"【{quoted}】", style="bold reverse")
            pos = hi
        line.append(paragraph.text[pos:] + ("…" if paragraph.cut_after else ""))
        console.print(line)
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    result = diff(_profiles.get(args.a), _profiles.get(args.b))
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    zh = args.lang == "zh"
    none = "无" if zh else "none"
    console = _console()
    if result.profile:
        own = Table(title="生效期间的差异" if zh else "Effective dates that differ")
        for head in (("参数", "Parameter"), (args.a, args.a), (args.b, args.b)):
            own.add_column(head[0] if zh else head[1], overflow="fold")
        for change in result.profile:
            own.add_row(change.parameter, json.dumps(change.a), json.dumps(change.b))
        console.print(own)
    for side, ids in ((args.a, result.only_in_a), (args.b, result.only_in_b)):
        console.print(f"[bold]{'仅' if zh else 'Only in '}{side}{'有的规则' if zh else ''}[/bold]")
        for rule_id in ids or (none,):
            console.print(f"  {rule_id}")
    console.print(f"[bold]{'两者共有的规则' if zh else 'Rules in both'}[/bold]")
    if not result.pairs:
        console.print(f"  {none}")
    for pair in result.pairs:
        count = len(pair.changes)
        if zh:
            said = f"{count} 项参数不同" if count else "参数相同"
        else:
            said = (
                f"{count} parameters differ"
                if count > 1
                else "1 parameter differs"
                if count
                else "same parameters"
            )
        console.print(f"  {pair.topic}: {pair.a} / {pair.b} — {said}")
    if not result.different:
        return 0
    table = Table(title="同类规则的参数差异" if zh else "Parameters that differ")
    for head in (("主题", "Topic"), ("参数", "Parameter"), (args.a, args.a), (args.b, args.b)):
        table.add_column(head[0] if zh else head[1], overflow="fold")
    for pair in result.different:
        for change in pair.changes:
            table.add_row(
                f"{pair.topic}\n[dim]{pair.a} / {pair.b}[/dim]",
                change.parameter,
                json.dumps(change.a, ensure_ascii=False),
                json.dumps(change.b, ensure_ascii=False),
            )
    console.print(table)
    return 0


def _written(report: _api.Report, args: argparse.Namespace, key: str, path: str, line: str) -> None:
    """After ``calendar`` or ``report`` wrote a file: one line, or JSON with the counts."""
    if args.format == "json":
        doc = {key: path, **report.to_dict("obligations", args.lang)}
        doc.pop("obligations")
        doc["counts"] = report.counts()
        print(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(line)


def _remind(text: str) -> dt.timedelta:
    from ._ics import parse_before

    try:
        return parse_before(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _cmd_calendar(args: argparse.Namespace) -> int:
    from . import _ics

    as_of = args.as_of or _api.today()
    period = _bounded(_range(args, as_of, _api.month_period(as_of)), args)
    school_file, profile = _school(args)
    report = _api.obligations(
        school_file,
        period.start,
        period.end,
        as_of=as_of,
        profile=profile,
        lang=args.lang,
        limits=_limits_of(args),
    )
    try:
        data = _ics.calendar_ics(
            report, lang=args.lang, remind=args.remind or (), events=args.components == "events"
        )
    except ImportError:
        raise UsageError(_ics.MISSING_ICALENDAR[args.lang == "en"]) from None
    if args.ics == "-":
        with _quiet_pipe():
            sys.stdout.buffer.write(data)
        return 0
    with open(args.ics, "wb") as file:
        file.write(data)
    line = _ics.written_text(report, args.ics, args.lang, events=args.components == "events")
    _written(report, args, "ics", args.ics, line)
    return 0  # the file is written: violations are in it, not an error of the command


def _cmd_report(args: argparse.Namespace) -> int:
    from . import _plot

    as_of = args.as_of or _api.today()
    year = args.year or as_of.year
    limits = _limits_of(args)
    if not limits.first_year <= year <= limits.last_year:
        raise UsageError(
            (
                f"年份应在 {limits.first_year} 至 {limits.last_year} 之间（--horizon）",
                f"--year must be {limits.first_year}..{limits.last_year} (--horizon)",
            )[args.lang == "en"]
        )
    school_file, profile = _school(args)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    report = _api.obligations(
        school_file, start, end, as_of=as_of, profile=profile, lang=args.lang, limits=limits
    )
    rules = _plot.applicable_rules(school_file, profile, year)
    try:
        figure = _plot.plot_year(report, year=year, lang=args.lang, rules=rules)
    except ImportError:
        raise UsageError(_plot.MISSING_MATPLOTLIB[args.lang == "en"]) from None
    figure.savefig(args.png, format="png", dpi=150)
    line = _plot.written_text(report, args.png, len(rules), args.lang)
    _written(report, args, "png", args.png, line)
    return 1 if report.counts()["violated"] else 0


def _cmd_witness(args: argparse.Namespace) -> int:
    from ._witness import WitnessError, dumps_compact
    from .testing import witness

    if args.end < args.start:
        raise UsageError(f"--to {args.end} precedes --from {args.start}")
    profile = _profiles.get(args.name)
    try:
        school_file = witness(
            profile, Period(args.start, args.end), level=args.level, routines=True
        )
    except WitnessError as exc:
        raise UsageError(str(exc)) from None
    text = dumps_compact(school_file, args.format)
    print(text, end="" if text.endswith("\n") else "\n")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    from ._template import template_text
    from ._witness import WitnessError

    year = args.year if args.year is not None else _api.today().year
    if not 1900 <= year <= 2200:
        raise UsageError(f"--year {year} is outside 1900..2200")
    profile = _profiles.get(args.profile)
    levels = tuple(Level(level) for level in args.level) if args.level else None
    try:
        text = template_text(profile, year, levels, args.format, args.lang)
    except WitnessError as exc:
        raise UsageError(str(exc)) from None
    if args.output is None:
        print(text, end="")
        return 0
    try:
        with open(args.output, "x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{args.output} exists; init never writes over a file") from None
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from ._schema import school_file_schema

    print(json.dumps(school_file_schema(), ensure_ascii=False, indent=2))
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "calendar": _cmd_calendar,
    "check": _cmd_check,
    "diff": _cmd_diff,
    "demo": _cmd_demo,
    "init": _cmd_init,
    "obligations": _cmd_obligations,
    "owes": _cmd_owes,
    "profile": _cmd_profile,
    "profiles": _cmd_profiles,
    "report": _cmd_report,
    "schema": _cmd_schema,
    "source": _cmd_source,
    "witness": _cmd_witness,
}


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Warnings (a broken profile plugin) as one line on stderr, without source lines."""
    _error(f"warning: {message}")


def _error(text: str) -> None:
    """A message on stderr, prefixed ``safetyregs:``, with text from files made harmless."""
    text = text if text.startswith("safetyregs") else f"safetyregs: {text}"
    print(printable(text, keep_newlines=True), file=sys.stderr)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("safetyregs")
    except PackageNotFoundError:  # pragma: no cover - only in an uninstalled checkout
        return "unknown"


def _internal_error(exc: BaseException, debug: bool) -> int:
    """A bug: one line asking for a report (exit 3), the traceback only with ``--debug``."""
    if debug:
        text = "".join(traceback.format_exception(exc))
        print(printable(text, keep_newlines=True), file=sys.stderr, end="")
    hint = "" if debug else "; run again with --debug to see the traceback"
    _error(f"internal error, please report (safetyregs {_version()}, {type(exc).__name__}){hint}")
    return 3


def _safe_streams() -> None:
    """Whatever happens, stdout and stderr carry valid UTF-8 and never fail to encode."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0, 1 violations, 2 bad input, 3 a bug)."""
    warnings.showwarning = _show_warning
    arguments = list(sys.argv[1:] if argv is None else argv)
    _safe_streams()
    try:
        args = _parser().parse_args(arguments)
        if args.no_plugins:
            _profiles.refresh(plugins=False)
        status = _COMMANDS[args.command](args)
        sys.stdout.flush()
        return status
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:  # the reader went away (``| head``): end quietly
        _silence_stdout()
        return 0
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SafetyRegsError as exc:
        _error(str(exc))
        return 2
    except OSError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as exc:  # every other exception is a bug: never a bare traceback
        return _internal_error(exc, "--debug" in arguments)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
