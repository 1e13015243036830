"""A minimal HTTP service that checks school files: safetyregs embedded in FastAPI.

``POST /check`` takes a school file as its JSON body and answers with what
``safetyregs check FILE --format json`` prints (the schema is
``safetyregs.result_schema()``). The range is ``?month=YYYY-MM`` or
``?from=…&to=…`` (inclusive), by default 1 January to ``as_of``;
``as_of`` defaults to today in China Standard Time; ``profile`` overrides the
school's jurisdiction; ``lang`` is ``zh`` or ``en``.

A school file with problems is answered with 422, one entry per problem, each
with its JSON path (``drills[0].date``) and as a FastAPI ``loc``. A bad query
(an unknown month, an unknown profile) is a 422 too.

Run it with::

    pip install 'safetyregs[service]' uvicorn
    uvicorn service:app --app-dir examples

Only the public API of safetyregs is used (``mypy --strict`` checks it in the tests).
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import metadata
from typing import Annotated, Any, Literal

from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import JSONResponse

import safetyregs

app = FastAPI(title="safetyregs check service", version=metadata.version("safetyregs"))

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def location(path: str) -> list[str | int]:
    """A JSON path (``drills[0].date``) as a FastAPI ``loc`` (``["body", "drills", 0, "date"]``)."""
    loc: list[str | int] = ["body"]
    for name, index in _STEP.findall(path):
        loc.append(int(index) if index else name)
    return loc


@app.exception_handler(safetyregs.SchoolFileError)
async def bad_school_file(request: Request, exc: Exception) -> JSONResponse:
    """Every problem of the school file, with its path: 422 Unprocessable Content."""
    assert isinstance(exc, safetyregs.SchoolFileError)
    detail = [
        {"loc": location(path), "path": path, "msg": message, "type": "school_file"}
        for path, message in exc.errors
    ]
    return JSONResponse({"detail": detail}, status_code=422)


@app.exception_handler(safetyregs.UsageError)
@app.exception_handler(safetyregs.ProfileNotFoundError)
async def bad_query(request: Request, exc: Exception) -> JSONResponse:
    """A month that is no month, an end before its start, an unknown profile: 422."""
    detail = [{"loc": ["query"], "msg": str(exc), "type": "usage"}]
    return JSONResponse({"detail": detail}, status_code=422)


@app.post("/check")
def check(
    school: Annotated[dict[str, Any], Body(description="a school file, as JSON")],
    start: Annotated[dt.date | None, Query(alias="from")] = None,
    end: Annotated[dt.date | None, Query(alias="to")] = None,
    month: str | None = None,
    as_of: dt.date | None = None,
    profile: str | None = None,
    lang: Literal["zh", "en"] = "zh",
) -> dict[str, Any]:
    """The violations due in the range, as ``safetyregs check --format json`` prints them."""
    school_file = safetyregs.from_dict(school, profiles=safetyregs.profiles.names())
    day = as_of or safetyregs.today()
    if month is not None:
        if start is not None or end is not None:
            raise safetyregs.UsageError("give either month or from/to, not both")
        period = safetyregs.month_period(month)
        start, end = period.start, period.end
    elif (start is None) != (end is None):
        raise safetyregs.UsageError("from and to go together")
    report = safetyregs.check(
        school_file,
        start or day.replace(month=1, day=1),
        end or day,
        as_of=day,
        profile=profile,
        lang=lang,
    )
    return report.to_dict("violations")
