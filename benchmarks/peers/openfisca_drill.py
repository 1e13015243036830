"""The monthly drill rule as an OpenFisca model (optional: ``pip install openfisca-core``).

OpenFisca works on vectors of entities per period: here one entity, the school, with two
monthly inputs (drills held, school days) and one monthly formula (the drill is owed and
missing). Its inputs are the monthly counts, so this peer starts after the counting that
the others do; the harness feeds it the counts of the ``bincount`` peer and times both
the model building and the calculation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.entities import build_entity
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

MIN_SCHOOL_DAYS = 10

School = build_entity(key="school", plural="schools", label="A school", is_person=True)


class drills(Variable):
    value_type = int
    entity = School
    definition_period = periods.DateUnit.MONTH
    label = "Evacuation drills held in the month"


class school_days(Variable):
    value_type = int
    entity = School
    definition_period = periods.DateUnit.MONTH
    label = "School days of the month"


class owes_drill(Variable):
    value_type = bool
    entity = School
    definition_period = periods.DateUnit.MONTH
    label = "The month is in session"

    def formula(school: Any, period: Any) -> Any:
        return school("school_days", period) >= MIN_SCHOOL_DAYS


class drill_missed(Variable):
    value_type = bool
    entity = School
    definition_period = periods.DateUnit.MONTH
    label = "A drill was owed and none was held"

    def formula(school: Any, period: Any) -> Any:
        return school("owes_drill", period) * (school("drills", period) < 1)


def system() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([School])
    for variable in (drills, school_days, owes_drill, drill_missed):
        tbs.add_variable(variable)
    return tbs


def evaluate(counts: np.ndarray, days: np.ndarray, year: int) -> tuple[int, int]:
    """``(met, violated)`` from drills and school days per school (rows) and month (columns)."""
    simulation = SimulationBuilder().build_default_simulation(system(), count=counts.shape[0])
    met = violated = 0
    for month in range(12):
        period = f"{year}-{month + 1:02d}"
        simulation.set_input("drills", period, counts[:, month])
        simulation.set_input("school_days", period, days[:, month])
        owed = simulation.calculate("owes_drill", period)
        missed = simulation.calculate("drill_missed", period)
        violated += int(missed.sum())
        met += int(owed.sum()) - int(missed.sum())
    return met, violated
