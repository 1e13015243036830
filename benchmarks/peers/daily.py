"""A hand-written loop for one school-day rule, giving the engine's obligations exactly.

The rule is 兖州's morning and noon health checks (``yanzhou.health-checks``): every
school day owes a morning and a noon check. The loop knows its rule: it reads each of the
two record lists once, walks the school days in order with two cursors, and builds for
each day only what the result holds (the explanation, the evidence, the
``Obligation``), with no intermediate object. It is the floor of any engine that returns
an ``Obligation`` object per school day, built when it is computed: the harness times it
against the per-school engine on the same schools and checks that both give equal
obligations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from safetyregs import Period, Profile, SchoolFile
from safetyregs._engine import Context, Obligation, _unknown_between
from safetyregs._kinds import Message, Recurring
from safetyregs._routines import expand_routines

RULE = "yanzhou.health-checks"
SESSIONS = ("morning", "noon")
_COUNTS = tuple(Decimal(n) for n in range(8))


def health_checks(
    school_file: SchoolFile, profile: Profile, period: Period, as_of: dt.date
) -> list[Obligation]:
    """The rule's obligations for one school, in the engine's order."""
    (rule,) = (r for r in profile.rules if r.id == RULE)
    (check,) = rule.checks
    assert isinstance(check, Recurring)
    ctx = Context(expand_routines(school_file), as_of)
    # The owed school days come from the school's calendar, as the engine's do.
    windows = check.owed_windows(ctx, period)
    lists = []
    for session in SESSIONS:
        chosen = sorted(
            (r for r in ctx.school_file.health_checks if r.session == session),
            key=lambda r: (r.date, r.id or ""),
        )
        lists.append(chosen)
    one, two = Decimal(1), Decimal(2)
    what = {session: (f"session={session}",) for session in SESSIONS}
    unsure = _unknown_between(period.start.year, period.end.year)
    out = []
    cursors = [0, 0]
    for window in windows:
        day = window.period.start
        text = f"{day.isoformat()}..{day.isoformat()}"
        messages = []
        failing = []
        ids: set[str] = set()
        found = 0
        for i, session in enumerate(SESSIONS):
            records, at = lists[i], cursors[i]
            while at < len(records) and records[at].date < day:
                at += 1
            end = at
            while end < len(records) and records[end].date == day:
                if records[end].id:
                    ids.add(records[end].id)
                end += 1
            cursors[i] = end
            count = end - at
            message = Message(
                "need",
                (
                    ("found", _COUNTS[count] if count < len(_COUNTS) else Decimal(count)),
                    ("required", one),
                    ("unit", "health_checks"),
                    ("what", what[session]),
                    ("window", text),
                ),
            )
            messages.append(message)
            if count:
                found += 1
            else:
                failing.append(message)
        shown = failing or messages
        detail = shown[0] if len(shown) == 1 else Message("all_of", (("parts", tuple(shown)),))
        status = "met" if not failing else "pending" if as_of <= window.due else "violated"
        out.append(
            Obligation(
                rule.id,
                window.subject or ctx.school_id,
                window.period,
                window.due,
                status,
                detail,
                rule.source,
                rule.title,
                _COUNTS[found],
                two,
                "health_checks",
                tuple(sorted(ids)),
                unsure and _unknown_between(day.year, window.due.year),
            )
        )
    return out
