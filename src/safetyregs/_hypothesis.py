"""The ``hypothesis`` entry point: strategies for the models, registered when Hypothesis loads.

Kept apart from :mod:`safetyregs.strategies` (which imports Hypothesis) so that
either may be imported first: the strategies themselves are built on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def _strategy_for(cls: type[Any]) -> Any:
    from .strategies import strategy_for

    return strategy_for(cls)


def setup() -> None:
    """Register a strategy for every model with ``st.register_type_strategy``."""
    from hypothesis import strategies as st

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
        School,
        SchoolFile,
        Screening,
        SelfInspection,
        StaffMember,
        Submission,
        Term,
        Training,
    )

    for cls in (
        SchoolFile,
        School,
        StaffMember,
        RoleSpan,
        HazardStep,
        Term,
        Drill,
        Training,
        Meeting,
        Education,
        Incident,
        Hazard,
        Activity,
        InsurancePolicy,
        Submission,
        Duty,
        Screening,
        HealthCheck,
        Bus,
        BusAgreement,
        Equipment,
        ChemicalEntry,
        SelfInspection,
    ):
        st.register_type_strategy(cls, _strategy_for)
