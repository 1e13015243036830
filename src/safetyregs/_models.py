"""Domain models: the school and every record kind of the school file.

All classes are frozen attrs classes. Field names follow the school file of
``spec/contract.md``; enumerations are closed ``StrEnum`` sets.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from attrs import field, frozen

from ._errors import SchoolFileError

__all__ = [
    "CST",
    "FLOAT_DIGITS",
    "Activity",
    "Bus",
    "BusAgreement",
    "CheckSession",
    "ChemicalAction",
    "ChemicalEntry",
    "Drill",
    "DrillKind",
    "DrillScope",
    "Duty",
    "Education",
    "EducationKind",
    "Equipment",
    "Hazard",
    "HazardStep",
    "HealthCheck",
    "Incident",
    "InsurancePolicy",
    "Level",
    "Meeting",
    "MeetingKind",
    "Role",
    "RoleSpan",
    "Routine",
    "School",
    "SchoolFile",
    "Screening",
    "SelfInspection",
    "StaffMember",
    "Step",
    "Submission",
    "SubmissionKind",
    "Term",
    "Theme",
    "Training",
    "TrainingKind",
    "decimal_from_float",
    "to_cst",
    "to_decimal",
]

#: China Standard Time: naive datetimes in input are read in this zone.
CST = ZoneInfo("Asia/Shanghai")


class Level(enum.StrEnum):
    """School levels (学段)."""

    KINDERGARTEN = "kindergarten"
    PRIMARY = "primary"
    JUNIOR_SECONDARY = "junior_secondary"
    SENIOR_SECONDARY = "senior_secondary"
    VOCATIONAL = "vocational"


class Role(enum.StrEnum):
    """Staff roles that regulations attach duties to."""

    PRINCIPAL = "principal"
    VICE_PRINCIPAL = "vice_principal"
    SAFETY_VICE_PRINCIPAL = "safety_vice_principal"
    SAFETY_DEPARTMENT_HEAD = "safety_department_head"
    SAFETY_CADRE = "safety_cadre"
    HEAD_TEACHER = "head_teacher"
    TEACHER = "teacher"
    SECURITY_GUARD = "security_guard"
    BUS_DRIVER = "bus_driver"
    BUS_ATTENDANT = "bus_attendant"
    CANTEEN_STAFF = "canteen_staff"
    RESCUE_TEAM = "rescue_team"


class DrillKind(enum.StrEnum):
    FIRE = "fire"
    EARTHQUAKE = "earthquake"
    STAMPEDE = "stampede"
    FLOOD = "flood"
    TERROR = "terror"
    FOOD_POISONING = "food_poisoning"
    SCHOOL_BUS = "school_bus"
    GENERAL = "general"


class DrillScope(enum.StrEnum):
    WHOLE_SCHOOL = "whole_school"
    PARTIAL = "partial"


class TrainingKind(enum.StrEnum):
    PRE_JOB = "pre_job"
    APPOINTMENT = "appointment"
    ANNUAL = "annual"
    OTHER = "other"


class MeetingKind(enum.StrEnum):
    SAFETY_REVIEW = "safety_review"
    HAZARD_ANALYSIS = "hazard_analysis"
    CAMPAIGN = "campaign"
    OTHER = "other"


class Theme(enum.StrEnum):
    NATIONAL_SECURITY = "national_security"
    DISASTER_PREVENTION = "disaster_prevention"
    FIRE_SAFETY = "fire_safety"
    TRAFFIC_SAFETY = "traffic_safety"
    SCHOOL_SAFETY_DAY = "school_safety_day"
    DROWNING = "drowning"
    MENTAL_HEALTH = "mental_health"
    BULLYING = "bullying"
    GENERAL = "general"


class EducationKind(enum.StrEnum):
    LESSON = "lesson"
    ACTIVITY = "activity"
    SYSTEM_1530 = "1530"


class Step(enum.StrEnum):
    """Steps a hazard goes through (the union of every profile's loop)."""

    IDENTIFIED = "identified"
    REGISTERED = "registered"
    ASSESSED = "assessed"
    REPORTED = "reported"
    MONITORED = "monitored"
    REMEDIATED = "remediated"
    ACCEPTED = "accepted"
    VERIFIED = "verified"
    CLOSED = "closed"


class SubmissionKind(enum.StrEnum):
    TRAFFIC_SURVEY = "traffic_survey"
    DROWNING_LETTER = "drowning_letter"
    CAMPAIGN_PLAN = "campaign_plan"
    RECTIFICATION_PLAN = "rectification_plan"


class CheckSession(enum.StrEnum):
    MORNING = "morning"
    NOON = "noon"


class ChemicalAction(enum.StrEnum):
    ACQUIRE = "acquire"
    STORE = "store"
    USE = "use"
    DISPOSE = "dispose"
    INVENTORY = "inventory"


# --- converters and validators -------------------------------------------------


def to_cst(value: dt.datetime) -> dt.datetime:
    """Read a naive datetime as China Standard Time; convert an aware one."""
    if not isinstance(value, dt.datetime):
        msg = f"{value!r} is not a datetime"
        raise TypeError(msg)
    if value.tzinfo is None:
        return value.replace(tzinfo=CST)
    return value.astimezone(CST)


def _opt_cst(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else to_cst(value)


#: Significant digits that every decimal written with no more of them keeps through a
#: binary float (and so through its ``repr``).
FLOAT_DIGITS = 15


def decimal_from_float(value: float) -> Decimal:
    """The decimal a float's ``repr`` shows (``1.5``), when that is a short decimal.

    A float whose shortest ``repr`` needs more than 15 significant digits is the
    trace of float arithmetic (``0.1 + 0.2`` is ``0.30000000000000004``), not a
    number anyone wrote: ``ValueError``, rather than a silent rounding.
    """
    if not math.isfinite(value):
        msg = f"{value} is not a finite number"
        raise ValueError(msg)
    text = repr(value)
    digits = len(Decimal(text).normalize().as_tuple().digits)
    if digits > FLOAT_DIGITS:
        msg = (
            f"{text} is a binary float with {digits} significant digits, the trace of "
            "float arithmetic (0.1 + 0.2 gives 0.30000000000000004); round it, or give "
            "the exact number as a string or a Decimal"
        )
        raise ValueError(msg)
    return Decimal(text)


def _bad_value(message: str) -> SchoolFileError:
    return SchoolFileError([("", message)])


def to_decimal(value: Decimal | int | str) -> Decimal:
    """An exact decimal from a string, an int or a Decimal.

    Floats are refused here (give ``"1.5"``); :func:`safetyregs.from_dict`
    turns short floats into decimals first (see :func:`decimal_from_float`).
    Anything else is a :class:`~safetyregs.SchoolFileError`.
    """
    if isinstance(value, bool | float):
        raise _bad_value(f"{value!r} is not an exact decimal (write it as a string)")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            raise _bad_value(f"{value!r} is not a decimal number") from None
    else:
        raise _bad_value(f"{value!r} is not a decimal number")
    if not result.is_finite():
        raise _bad_value(f"{value!r} is not a finite decimal number")
    if result < 0:
        raise _bad_value(f"{value!r} is negative")
    return result


#: Each ``_end_not_before`` validator and the field it compares with, so that a reader
#: that checks values before it builds a record (the loader's quick path) knows the check.
END_NOT_BEFORE: dict[Any, str] = {}


def _end_not_before(start_field: str) -> Any:
    def check(instance: Any, attribute: Any, value: dt.date | None) -> None:
        start = getattr(instance, start_field)
        if value is not None and start is not None and value < start:
            msg = f"{value.isoformat()} precedes {start_field} {start.isoformat()}"
            raise SchoolFileError([(attribute.name, msg)])

    END_NOT_BEFORE[check] = start_field
    return check


def _non_negative_int(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and value < 0:
        raise SchoolFileError([(attribute.name, f"must not be negative, got {value}")])


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


# --- the school ----------------------------------------------------------------


@frozen
class Term:
    """A term (学期), inclusive on both ends."""

    start: dt.date
    end: dt.date = field(validator=_end_not_before("start"))


@frozen
class School:
    """The school a file describes, and the facts that decide which rules apply."""

    id: str
    name: str
    jurisdiction: str
    levels: tuple[Level, ...] = field(converter=_tuple)
    boarding: bool = False
    uses_school_bus: bool = False
    has_canteen: bool = False
    has_laboratory: bool = False
    terms: tuple[Term, ...] = field(default=(), converter=_tuple)


@frozen
class RoleSpan:
    """A role held from ``start`` to ``end`` (inclusive; None = still held)."""

    role: Role
    start: dt.date
    end: dt.date | None = field(default=None, validator=_end_not_before("start"))

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@frozen
class StaffMember:
    """A member of staff (教职员工) with their employment and roles."""

    id: str
    name: str
    hired: dt.date | None
    left: dt.date | None = field(default=None, validator=_end_not_before("hired"))
    background_check: dt.date | None = None
    roles: tuple[RoleSpan, ...] = field(default=(), converter=_tuple)

    def employed_on(self, day: dt.date) -> bool:
        """Employed that day; an unknown hire date counts as employed from the start."""
        return (self.hired is None or self.hired <= day) and (self.left is None or day <= self.left)


# --- records -------------------------------------------------------------------


@frozen
class Drill:
    """An emergency evacuation drill (应急疏散演练)."""

    id: str
    date: dt.date
    kind: DrillKind = DrillKind.GENERAL
    scope: DrillScope = DrillScope.PARTIAL
    night: bool = False


@frozen
class Training:
    """Safety training of one member of staff, in class hours (学时)."""

    id: str
    staff: str
    date: dt.date
    class_hours: Decimal = field(converter=to_decimal)
    kind: TrainingKind = TrainingKind.OTHER
    topics: tuple[str, ...] = field(default=(), converter=_tuple)


@frozen
class Meeting:
    """A meeting (会议): a monthly safety review, a hazard analysis, a campaign meeting."""

    id: str
    date: dt.date
    kind: MeetingKind = MeetingKind.OTHER


@frozen
class Education:
    """A safety-education lesson or activity (安全教育)."""

    id: str
    date: dt.date
    kind: EducationKind = EducationKind.LESSON
    theme: Theme = Theme.GENERAL
    minutes: int | None = field(default=None, validator=_non_negative_int)
    class_periods: Decimal = field(default=Decimal(0), converter=to_decimal)


@frozen
class Incident:
    """An emergency (突发事件) and when it was reported."""

    id: str
    occurred_at: dt.datetime = field(converter=to_cst)
    known_at: dt.datetime | None = field(default=None, converter=_opt_cst)
    kind: str = "other"
    deaths: int = field(default=0, validator=_non_negative_int)
    phone_reported_at: dt.datetime | None = field(default=None, converter=_opt_cst)
    written_reported_at: dt.datetime | None = field(default=None, converter=_opt_cst)
    letter_receipt_attached: bool = False

    @property
    def start(self) -> dt.datetime:
        """When the reporting clock starts: when the school knew, else when it happened."""
        return self.known_at if self.known_at is not None else self.occurred_at


@frozen
class HazardStep:
    """One step in the handling of a hazard, on its date."""

    step: Step
    date: dt.date


@frozen
class Hazard:
    """A hazard (隐患) and the steps of its handling."""

    id: str
    found: dt.date
    category: str = "other"
    deadline: dt.date | None = None
    responsible: str | None = None
    content: str | None = None
    standard: str | None = None
    measures: str | None = None
    system_reported: dt.date | None = None
    steps: tuple[HazardStep, ...] = field(default=(), converter=_tuple)


@frozen
class Activity:
    """An activity off campus (郊游、野外活动)."""

    id: str
    date: dt.date
    kind: str = "outing"
    approved_on: dt.date | None = None
    open_fire: bool = False


@frozen
class InsurancePolicy:
    """An insurance policy (e.g. 校方责任险), in force from ``start`` to ``end`` inclusive."""

    id: str
    kind: str
    start: dt.date
    end: dt.date | None = field(default=None, validator=_end_not_before("start"))


@frozen
class Submission:
    """A document the school submitted or issued."""

    id: str
    kind: SubmissionKind
    date: dt.date


@frozen
class Duty:
    """A duty shift (值班); ``leader`` marks a leader on duty (领导带班)."""

    id: str
    date: dt.date
    staff: str | None
    leader: bool = False


@frozen
class Screening:
    """A psychological screening (心理筛查) of the given levels."""

    id: str
    date: dt.date
    levels: tuple[Level, ...] = field(default=(), converter=_tuple)


@frozen
class HealthCheck:
    """A morning or noon health check (晨午检)."""

    date: dt.date
    session: CheckSession
    id: str | None = None


@frozen
class Bus:
    """A school bus (校车), its provider and whether it has a smart video alarm."""

    id: str
    plate: str = ""
    provider: str = ""
    video_alarm: bool = False


@frozen
class BusAgreement:
    """A safety-responsibility agreement with a school-bus provider."""

    id: str
    provider: str
    start: dt.date
    end: dt.date | None = field(default=None, validator=_end_not_before("start"))


@frozen
class Equipment:
    """Special equipment (特种设备) with its certificates and inspections."""

    id: str
    kind: str
    commissioned: dt.date
    registration_certificate: bool = False
    operator_certificate: bool = False
    emergency_plan: bool = False
    inspections: tuple[dt.date, ...] = field(default=(), converter=_tuple)


@frozen
class ChemicalEntry:
    """One entry of the hazardous-chemicals ledger (危化品台帐)."""

    id: str
    item: str
    date: dt.date
    action: ChemicalAction
    quantity: Decimal = field(converter=to_decimal)


@frozen
class SelfInspection:
    """A self-inspection (自查) and the checklist items it covered."""

    id: str
    date: dt.date
    items: tuple[str, ...] = field(default=(), converter=_tuple)


def _frozen_value(value: Any) -> Any:
    """A record field in its school-file form, hashable: lists become tuples.

    Decimals become their exact text, dates ISO strings and enumerations their
    value, so a routine built in Python equals the same routine read from a file.
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return tuple(sorted((str(k), _frozen_value(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen_value(v) for v in value)
    return value


def _record_fields(value: Any) -> tuple[tuple[str, Any], ...]:
    """A routine's record fields, from a mapping or pairs, as sorted pairs."""
    items = value.items() if isinstance(value, dict) else value
    return tuple(sorted((str(k), _frozen_value(v)) for k, v in items))


@frozen
class Routine:
    """What a school does repeatedly, declared once instead of one record per day.

    ``collection`` names a dated record list of the school file (``education``,
    ``health_checks``, ``duty``…); ``record`` holds that record's fields except
    ``id`` and ``date``. ``every`` is a school-calendar word (``school_day``,
    ``last_school_day_of_week``, ``last_school_day_before_break``,
    ``holiday_break_day``) or an RFC 5545 recurrence rule (``FREQ=MONTHLY;BYMONTHDAY=5``)
    starting at ``from_``. ``from_`` and ``to`` are inclusive; ``except_`` lists the days it
    did not happen. The school file keys are ``from``, ``to`` and ``except``.

    Before any rule sees it, a routine becomes ordinary records with ids
    ``<id>@<YYYY-MM-DD>`` (see :func:`safetyregs.expand_routines`).

    >>> r = Routine("r1530", "education", {"kind": "1530", "minutes": 1}, "school_day",
    ...             dt.date(2026, 2, 24), dt.date(2026, 7, 10))
    >>> dict(r.record)["minutes"]
    1
    """

    id: str
    collection: str
    record: tuple[tuple[str, Any], ...] = field(converter=_record_fields)
    every: str
    from_: dt.date
    to: dt.date | None = field(default=None, validator=_end_not_before("from_"))
    except_: tuple[dt.date, ...] = field(default=(), converter=_tuple)


@frozen
class SchoolFile:
    """One school and all its records: what a school file holds."""

    school: School
    staff: tuple[StaffMember, ...] = field(default=(), converter=_tuple)
    drills: tuple[Drill, ...] = field(default=(), converter=_tuple)
    trainings: tuple[Training, ...] = field(default=(), converter=_tuple)
    meetings: tuple[Meeting, ...] = field(default=(), converter=_tuple)
    education: tuple[Education, ...] = field(default=(), converter=_tuple)
    incidents: tuple[Incident, ...] = field(default=(), converter=_tuple)
    hazards: tuple[Hazard, ...] = field(default=(), converter=_tuple)
    activities: tuple[Activity, ...] = field(default=(), converter=_tuple)
    insurance: tuple[InsurancePolicy, ...] = field(default=(), converter=_tuple)
    submissions: tuple[Submission, ...] = field(default=(), converter=_tuple)
    duty: tuple[Duty, ...] = field(default=(), converter=_tuple)
    screenings: tuple[Screening, ...] = field(default=(), converter=_tuple)
    health_checks: tuple[HealthCheck, ...] = field(default=(), converter=_tuple)
    buses: tuple[Bus, ...] = field(default=(), converter=_tuple)
    bus_agreements: tuple[BusAgreement, ...] = field(default=(), converter=_tuple)
    equipment: tuple[Equipment, ...] = field(default=(), converter=_tuple)
    chemicals: tuple[ChemicalEntry, ...] = field(default=(), converter=_tuple)
    self_inspections: tuple[SelfInspection, ...] = field(default=(), converter=_tuple)
    routines: tuple[Routine, ...] = field(default=(), converter=_tuple)

    def staff_by_id(self) -> dict[str, StaffMember]:
        return {member.id: member for member in self.staff}

    def add(self, collection: str, *records: Any) -> SchoolFile:
        """A new file with ``records`` appended to the list ``collection``, validated.

        Records are model objects or dicts (read like :func:`safetyregs.from_dict`
        reads them); the whole new file goes through :func:`safetyregs.validate`,
        so a duplicate id or a staff id that names nobody raises a
        :class:`~safetyregs.SchoolFileError` with its path (``drills[3].id``).
        This file is left unchanged.

        >>> import safetyregs
        >>> sf = safetyregs.example_school()
        >>> more = sf.add("drills", {"id": "d99", "date": "2026-12-10", "kind": "fire"})
        >>> len(more.drills) - len(sf.drills)
        1
        """
        from ._io import add

        return add(self, collection, *records)
