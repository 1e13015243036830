"""Many schools at once: evaluate every school file of some paths and directories.

A file that cannot be read (invalid JSON, a typo, an unknown jurisdiction) is
reported in its own row and skipped; it never stops the others.

>>> import datetime as dt
>>> result = check_many([], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
...                     as_of=dt.date(2026, 12, 31))
>>> result.totals()["files"], result.exit_status
(0, 2)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from attrs import frozen
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from . import _api
from . import profiles as _profiles
from ._engine import Profile
from ._errors import SafetyRegsError
from ._i18n import Lang
from ._io import load
from ._limits import DEFAULT_LIMITS, Limits, printable

__all__ = [
    "CSV_FIELDS",
    "BatchResult",
    "SchoolRow",
    "check_many",
    "default_jobs",
    "school_paths",
]

#: The suffixes of school files looked for in a directory.
SUFFIXES = (".json", ".toml")

#: The columns of :meth:`BatchResult.to_csv` (and the keys of a JSON row).
CSV_FIELDS = ("file", "school", "profile", "met", "pending", "violated", "error")

_TEXT = {
    "no_files": ("目录中没有 .json 或 .toml 文件", "no .json or .toml files in the directory"),
    "not_found": ("文件或目录不存在", "no such file or directory"),
    "file": ("文件", "File"),
    "school": ("学校", "School"),
    "profile": ("地区规则", "Profile"),
    "met": ("已完成", "Met"),
    "pending": ("待完成", "Pending"),
    "violated": ("已违规", "Violated"),
    "error": ("错误", "Error"),
    "total": ("合计", "Total"),
    "checking": ("检查学校", "Checking schools"),
    "title": (
        "{start}..{end} · 截至 {as_of} · {read}/{files} 个文件可读",
        "{start}..{end} · as of {as_of} · {read} of {files} files read",
    ),
    "none_read": ("没有可读的学校文件", "no school file could be read"),
}


def text(key: str, lang: Lang, **params: Any) -> str:
    """A message of this module in the chosen language."""
    zh, en = _TEXT[key]
    return (en if lang == "en" else zh).format(**params)


@frozen
class SchoolRow:
    """One file's result: its counts, or why it could not be read.

    ``error`` is None for a file that was read; ``report`` holds its
    obligations (None for an unreadable file, or when the batch was run
    without keeping reports). ``tally`` holds the met, pending and violated
    counts of a file that was read. ``error_key`` names a message of this
    module (``not_found``, ``no_files``) when the problem is not the file's
    content, so that it can be shown in either language.
    """

    file: str
    school: str | None = None
    profile: str | None = None
    report: _api.Report | None = None
    error: str | None = None
    error_key: str | None = None
    tally: tuple[int, int, int] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def counts(self) -> dict[str, int] | None:
        """Met, pending and violated counts (None for an unreadable file)."""
        if self.tally is None:
            return None if self.report is None else self.report.counts()
        return dict(zip(("met", "pending", "violated"), self.tally, strict=True))

    def error_text(self, lang: Lang = "zh") -> str | None:
        if self.error_key is not None:
            return text(self.error_key, lang)
        return self.error

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        """The row as JSON data: the keys of :data:`CSV_FIELDS`."""
        counts: dict[str, int | None] = {"met": None, "pending": None, "violated": None}
        counts.update(self.counts() or {})
        return {
            "file": self.file,
            "school": self.school,
            "profile": self.profile,
            **counts,
            "error": self.error_text(lang),
        }


@frozen
class BatchResult:
    """The rows of :func:`check_many`, one per file, in the order of the paths."""

    rows: tuple[SchoolRow, ...]
    start: dt.date
    end: dt.date
    as_of: dt.date

    def __iter__(self) -> Iterator[SchoolRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def reports(self) -> tuple[_api.Report, ...]:
        """The reports of the files that were read."""
        return tuple(row.report for row in self.rows if row.report is not None)

    def totals(self) -> dict[str, int]:
        """Files, files read and failed, obligations by status, schools with violations."""
        out = {
            "files": len(self.rows),
            "read": 0,
            "failed": 0,
            "met": 0,
            "pending": 0,
            "violated": 0,
            "schools_with_violations": 0,
        }
        for row in self.rows:
            counts = row.counts()
            if counts is None:
                out["failed"] += 1
                continue
            out["read"] += 1
            for status, n in counts.items():
                out[status] += n
            if counts["violated"]:
                out["schools_with_violations"] += 1
        return out

    @property
    def exit_status(self) -> int:
        """The CLI's: 2 when no file could be read, else 1 with any violation, else 0."""
        totals = self.totals()
        if not totals["read"]:
            return 2
        return 1 if totals["violated"] else 0

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "schools": [row.to_dict(lang) for row in self.rows],
            "totals": self.totals(),
        }

    def to_json(self, lang: Lang = "zh") -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2, sort_keys=True)

    def to_csv(self, lang: Lang = "zh") -> str:
        """One CSV row per file under a header of :data:`CSV_FIELDS`, then a ``TOTAL`` row."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow(row.to_dict(lang))
        totals = self.totals()
        writer.writerow(
            {
                "file": "TOTAL",
                "school": totals["read"],
                "profile": "",
                "met": totals["met"],
                "pending": totals["pending"],
                "violated": totals["violated"],
                "error": totals["failed"],
            }
        )
        return out.getvalue()

    def table(self, lang: Lang = "zh") -> Table:
        """A rich table: one line per file and a line of totals."""
        totals = self.totals()
        title = text(
            "title",
            lang,
            start=self.start.isoformat(),
            end=self.end.isoformat(),
            as_of=self.as_of.isoformat(),
            read=totals["read"],
            files=totals["files"],
        )
        table = Table(title=Text(title), show_footer=True)
        footers = {
            "file": text("total", lang),
            "school": str(totals["read"]),
            "met": str(totals["met"]),
            "pending": str(totals["pending"]),
            "violated": str(totals["violated"]),
            "error": str(totals["failed"]) if totals["failed"] else "",
        }
        for key in CSV_FIELDS:
            justify = "right" if key in {"met", "pending", "violated"} else "left"
            style = {"met": "green", "pending": "yellow", "violated": "red", "error": "red"}
            table.add_column(
                text(key, lang),
                footer=footers.get(key, ""),
                justify=justify,  # type: ignore[arg-type]
                style=style.get(key),
                no_wrap=key != "error",
            )
        for row in self.rows:
            counts = row.counts()
            cells = [row.file, row.school or "", row.profile or ""]
            if counts is None:
                cells += ["", "", ""]
            else:
                cells += [str(counts["met"]), str(counts["pending"]), str(counts["violated"])]
            cells.append(row.error_text(lang) or "")
            # Ids and file names are data: no markup, no control characters.
            table.add_row(*(Text(printable(cell)) for cell in cells))
        return table


def _expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str | None]]:
    """``(file, error_key)``: files as given, directories as their sorted school files."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            # Everything but subdirectories: a FIFO or a symlink loop gets a row saying why
            # it was not read, instead of being skipped without a word.
            found = [p for p in found if not p.is_dir()]
            if not found:
                yield str(path), "no_files"
            for file in found:
                yield str(file), None
        elif path.exists():
            yield str(path), None
        else:
            yield str(path), "not_found"


def school_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The school files that ``safetyregs check`` reads for these paths, in order.

    A directory gives its school files (``.json``, ``.toml``), sorted; a file is kept as
    given; a path that does not exist and a directory without a school file are left out
    (``check`` gives each of those a row saying why). A file named twice is kept once.
    """
    return [file for file, error_key in dict.fromkeys(_expand(paths)) if error_key is None]


def _problem(exc: BaseException) -> str:
    """A one-line reason why a file could not be read."""
    problems = getattr(exc, "errors", None)
    if isinstance(problems, list) and problems:
        return "; ".join(f"{path}: {message}" if path else message for path, message in problems)
    return str(exc).replace("\n", " ")


def _check_one(
    file: str,
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    profile: Profile | None,
    lang: Lang,
    limits: Limits = DEFAULT_LIMITS,
    keep: bool = True,
) -> SchoolRow:
    try:
        school_file = load(file, profiles=None if profile else _profiles.names(), limits=limits)
        prof = profile or _profiles.get(school_file.school.jurisdiction)
        report = _api.obligations(
            school_file, start, end, as_of=as_of, profile=prof, lang=lang, limits=limits
        )
    except (SafetyRegsError, OSError) as exc:
        return SchoolRow(file, error=_problem(exc))
    counts = report.counts()
    return SchoolRow(
        file,
        school=report.school,
        profile=report.profile,
        report=report if keep else None,
        tally=(counts["met"], counts["pending"], counts["violated"]),
    )


def _row(file: str, error_key: str | None, options: dict[str, Any]) -> SchoolRow:
    if error_key is not None:
        return SchoolRow(file, error=text(error_key, "en"), error_key=error_key)
    return _check_one(file, **options)


#: A worker process's options, sent once when it starts (not with every chunk).
_WORKER_OPTIONS: dict[str, Any] = {}


def _start_worker(options: dict[str, Any]) -> None:
    """Keep the options in the worker; a profile named by its id is looked up there."""
    if isinstance(options["profile"], str):
        options = options | {"profile": _profiles.get(options["profile"])}
    _WORKER_OPTIONS.clear()
    _WORKER_OPTIONS.update(options)


def _check_chunk(chunk: Sequence[tuple[str, str | None]]) -> list[SchoolRow]:
    """One worker's share: the rows of consecutive files (run in another process)."""
    return [_row(file, error_key, _WORKER_OPTIONS) for file, error_key in chunk]


def _chunks(items: Sequence[Any], jobs: int) -> list[Sequence[Any]]:
    """Consecutive slices, a few per worker so that a slow one does not hold the rest up."""
    size = max(1, min(64, -(-len(items) // (4 * jobs))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _registered(profile: Profile) -> bool:
    """Whether ``profile`` is the one its id names, so a worker can look it up by id."""
    try:
        return _profiles.get(profile.id) is profile
    except (LookupError, SafetyRegsError):
        return False


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    profile: Profile | str | None = None,
    lang: Lang = "zh",
    progress: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = 1,
    keep_reports: bool = True,
) -> BatchResult:
    """Evaluate many school files from ``start`` to ``end`` (inclusive) as of a day.

    ``paths`` are school files or directories (every ``*.json`` and
    ``*.toml`` directly in them, sorted by name); a file named twice is read
    once. ``profile`` overrides every school's jurisdiction. An unreadable
    file becomes a row with an ``error`` and is skipped. With ``progress``,
    a transient progress bar is drawn on stderr (the CLI turns it on when
    stderr is a terminal). ``limits`` bounds each file and the range
    (see :class:`~safetyregs.Limits`).

    ``jobs`` processes share the files (None: every core); the rows are the
    same as with one, in the same order. Without ``keep_reports`` a row keeps
    only its counts, so memory does not grow with the obligations of every
    school (what ``check --summary`` needs).
    """
    prof = _profiles.get(profile) if isinstance(profile, str) else profile
    files = list(dict.fromkeys(_expand(paths)))
    workers = default_jobs() if jobs is None else jobs
    if workers < 1:
        msg = f"jobs must be at least 1, not {workers}"
        raise ValueError(msg)
    options: dict[str, Any] = {
        "start": start,
        "end": end,
        "as_of": as_of,
        "profile": prof,
        "lang": lang,
        "keep": keep_reports,
        "limits": limits,
    }
    rows: list[SchoolRow] = []
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[file]}"),
        console=Console(stderr=True),
        transient=True,
        disable=not progress,
    )
    with bar:
        task = bar.add_task(text("checking", lang), total=len(files), file="")
        if workers == 1 or len(files) < 2:
            for file, error_key in files:
                bar.update(task, file=escape(printable(file)))
                rows.append(_row(file, error_key, options))
                bar.advance(task)
        else:
            # Each worker gets the options once, a registered profile by its id only; a
            # chunk is then a short list of file names, and a row comes back with its counts
            # only when reports are not kept. Chunks are consecutive files, a few per worker.
            shared = options
            if prof is not None and _registered(prof):
                shared = options | {"profile": prof.id}
            chunks = _chunks(files, workers)
            with ProcessPoolExecutor(
                min(workers, len(chunks)), initializer=_start_worker, initargs=(shared,)
            ) as pool:
                # map keeps the order of the chunks, so the rows come out as in a serial run.
                for chunk, done in zip(chunks, pool.map(_check_chunk, chunks), strict=True):
                    bar.update(task, file=escape(printable(chunk[-1][0])))
                    rows.extend(done)
                    bar.advance(task, len(chunk))
    return BatchResult(tuple(rows), start, end, as_of)
