"""The building blocks of profiles, for plugin authors.

A profile is data: :class:`Rule` objects whose ``checks`` are rule kinds
built from the parts below. A new jurisdiction needs no engine code::

    from safetyregs.kinds import Applies, Citation, Months, Need, Profile, Recurring, Rule, Text
    from safetyregs.kinds import records

    DRILLS = Rule(
        "example.drill-monthly",
        Text("每月应急疏散演练", "Monthly evacuation drill"),
        Citation(
            "notice.txt",
            "二.3",
            "中小学每月至少开展1次应急疏散演练",
            title=Text("关于做好学校安全工作的通知", "Notice on school safety work"),
        ),
        [Recurring(Months(), [Need(records("drills"))], during="session")],
        Applies(levels=("primary",)),
    )

The eight kinds are :class:`Recurring`, :class:`Deadline`, :class:`Quota`,
:class:`Invariant`, :class:`Prohibition`, :class:`Lifecycle`,
:class:`Checklist` and :class:`Ledger`; the other names are their parts
(periods, triggers, requirements, conditions).
"""

from __future__ import annotations

from ._engine import Applies, Citation, Profile, Rule, Text
from ._kinds import (
    BreakDays,
    Checklist,
    ChecklistItem,
    Covered,
    DateAfterStart,
    Deadline,
    EveryInterval,
    FieldOnOrBefore,
    FieldsSet,
    FieldsTrue,
    FixedDate,
    Invariant,
    LastSchoolDayBeforeBreaks,
    LastSchoolDayOfWeeks,
    Ledger,
    Lifecycle,
    Match,
    Months,
    NamedMonths,
    Need,
    OnHazardFound,
    OnHire,
    OnIncident,
    OnRoleStart,
    OnTermStart,
    Prohibition,
    Quarters,
    Quota,
    RatioOfStaff,
    RecordsBy,
    Recurring,
    SchoolDays,
    Terms,
    ThemedDay,
    ThemedWeeks,
    Years,
    records,
)

__all__ = [
    "Applies",
    "BreakDays",
    "Checklist",
    "ChecklistItem",
    "Citation",
    "Covered",
    "DateAfterStart",
    "Deadline",
    "EveryInterval",
    "FieldOnOrBefore",
    "FieldsSet",
    "FieldsTrue",
    "FixedDate",
    "Invariant",
    "LastSchoolDayBeforeBreaks",
    "LastSchoolDayOfWeeks",
    "Ledger",
    "Lifecycle",
    "Match",
    "Months",
    "NamedMonths",
    "Need",
    "OnHazardFound",
    "OnHire",
    "OnIncident",
    "OnRoleStart",
    "OnTermStart",
    "Profile",
    "Prohibition",
    "Quarters",
    "Quota",
    "RatioOfStaff",
    "RecordsBy",
    "Recurring",
    "Rule",
    "SchoolDays",
    "Terms",
    "Text",
    "ThemedDay",
    "ThemedWeeks",
    "Years",
    "records",
]
