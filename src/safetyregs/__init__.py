"""safetyregs: Chinese school safety regulations as typed models and pure, cited rules.

>>> import datetime as dt
>>> import safetyregs
>>> school = safetyregs.example_school()
>>> report = safetyregs.owes(school, month="2026-11", as_of=dt.date(2026, 11, 23))
>>> report.profile
'ziyang'
"""

from . import profiles
from ._api import Report, check, example_school, load_school, month_period, obligations, owes, today
from ._calendar import CalendarWarning, Period, SchoolCalendar
from ._engine import Applies, Citation, Obligation, Profile, Rule, Status, Text, evaluate
from ._errors import (
    ProfileError,
    ProfileNotFoundError,
    SafetyRegsError,
    SchoolFileError,
    SchoolFileWarning,
)
from ._io import dumps, load, loads
from ._models import (
    Activity,
    Bus,
    BusAgreement,
    ChemicalEntry,
    Drill,
    Duty,
    Education,
    Equipment,
    Hazard,
    HazardStep,
    HealthCheck,
    Incident,
    InsurancePolicy,
    Meeting,
    RoleSpan,
    Routine,
    School,
    SchoolFile,
    Screening,
    SelfInspection,
    StaffMember,
    Submission,
    Term,
    Training,
)
from ._routines import expand_routines

__all__ = [
    "Activity",
    "Applies",
    "Bus",
    "BusAgreement",
    "CalendarWarning",
    "ChemicalEntry",
    "Citation",
    "Drill",
    "Duty",
    "Education",
    "Equipment",
    "Hazard",
    "HazardStep",
    "HealthCheck",
    "Incident",
    "InsurancePolicy",
    "Meeting",
    "Obligation",
    "Period",
    "Profile",
    "ProfileError",
    "ProfileNotFoundError",
    "Report",
    "RoleSpan",
    "Routine",
    "Rule",
    "SafetyRegsError",
    "School",
    "SchoolCalendar",
    "SchoolFile",
    "SchoolFileError",
    "SchoolFileWarning",
    "Screening",
    "SelfInspection",
    "StaffMember",
    "Status",
    "Submission",
    "Term",
    "Text",
    "Training",
    "check",
    "dumps",
    "evaluate",
    "example_school",
    "expand_routines",
    "load",
    "load_school",
    "loads",
    "month_period",
    "obligations",
    "owes",
    "profiles",
    "today",
]
