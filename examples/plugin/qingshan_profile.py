"""青山县 (Qingshan county, fictional): the Ziyang rules and one of its own.

A profile plugin written against the public API only: ``safetyregs`` and
``safetyregs.kinds``. The entry point names :func:`make`, so the profile is
built the first time it is asked for, from the installed Ziyang profile.
"""

from __future__ import annotations

import datetime as dt

from safetyregs import Citation, Profile, Rule, Text, profiles
from safetyregs.kinds import Applies, NamedMonths, Need, Recurring, records

#: The county's (fictional) notice, cited by the new rule.
DOCUMENT = "qingshan-2026-notice.pdf"

NOVEMBER_FIRE_DRILL = Rule(
    "qingshan.november-fire-drill",
    Text("11月全校消防疏散演练", "Whole-school fire drill in November"),
    Citation(DOCUMENT, "三", "每年11月消防宣传月期间组织一次全校规模的消防疏散演练"),
    [
        Recurring(
            NamedMonths((11,)),
            [Need(records("drills", kind="fire", scope="whole_school"))],
        )
    ],
    Applies(levels=("primary", "junior_secondary")),
)


def make() -> Profile:
    """The Qingshan profile: Ziyang's rules, then the November drill."""
    return profiles.get("ziyang").derive(
        "qingshan",
        name=Text("青山县", "Qingshan"),
        issuer=Text("青山县教育局", "Qingshan County Education Bureau"),
        document=DOCUMENT,
        published=dt.date(2026, 3, 1),
        add=[NOVEMBER_FIRE_DRILL],
    )
