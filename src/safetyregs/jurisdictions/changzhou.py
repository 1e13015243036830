"""常州市 (Changzhou, Jiangsu): 2020年常州市学校安全工作要点.

References:
    * 《2020年常州市学校安全工作要点》, the municipal work plan for 2020
      (seed ``001_48cd644d01820211.txt``), the 附件 of a notice of the
      常州市教育局. The attachment prints neither issuer nor date; its duties
      are read as standing from 2020-01-01, the first day of the plan's year.

Every rule below is one declaration: its id, its clause as printed (四.12 =
part 四, item 12), the original words, and its parameters. Clauses that bind
the municipal and district bureaus (the 平安校园 campaigns of part 七, the
bureau's own supervision of part 一) are not modelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from dateutil.relativedelta import relativedelta

from .._engine import Citation, Profile, Rule, Text
from .._kinds import (
    Deadline,
    FieldOnOrBefore,
    Need,
    OnHazardFound,
    OnRoleStart,
    Quarters,
    RecordsBy,
    Recurring,
    records,
)

__all__ = ["PROFILE"]

DOCUMENT = "001_48cd644d01820211.txt"

#: The plan is for 2020; its duties are read as standing from the first day of that year.
EFFECTIVE_FROM = dt.date(2020, 1, 1)

#: 基础知识、技能、值勤规范: the three parts of the security guards' training.
GUARD_TRAINING_TOPICS = ("basics", "skills", "duty_norms")

#: Interp.: "入职上岗" training is due within one calendar month of taking up the post.
GUARD_TRAINING_WITHIN = relativedelta(months=1)

#: Interp.: a hazard is entered in the provincial system by the end of the month it is found.
RISK_SYSTEM_DUE: Final = "end_of_month"


def _cite(clause: str, text: str) -> Citation:
    return Citation(DOCUMENT, clause, text)


RULES = (
    Rule(
        "changzhou.emergency-drill-quarterly",
        Text("每季度应急演练", "Quarterly emergency drill"),
        _cite(
            "三.8",
            "按照教育部《中小学幼儿园应急疏散演练指南》要求…定期开展演练，每季度不少于一次",
        ),
        [Recurring(Quarters(), [Need(records("drills"))], during="session")],
        interpretation="Every school, kindergartens included; only quarters in session "
        "(at least min_school_days school days) owe a drill.",
        about="evacuation-drill",
    ),
    Rule(
        "changzhou.hazard-risk-system",
        Text("隐患填报江苏省安全风险管控系统", "Hazards entered in the provincial risk system"),
        _cite(
            "六.17",
            "认真组织学校做好“江苏省安全风险管控系统”的填报工作，确保信息准确",
        ),
        [
            Deadline(
                OnHazardFound(RISK_SYSTEM_DUE),
                FieldOnOrBefore("system_reported", not_before_start=True),
            )
        ],
        interpretation="Every hazard is entered (system_reported) on or after the day it "
        "was found and by the last day of the month in which it was found.",
    ),
    Rule(
        "changzhou.security-guard-training",
        Text("专职保安入职培训", "Induction training of security guards"),
        _cite(
            "四.12",
            "加强专职保安入职上岗管理，建立专职保安基础知识、技能、值勤规范培训制度",
        ),
        [
            Deadline(
                OnRoleStart(("security_guard",), GUARD_TRAINING_WITHIN),
                RecordsBy(
                    Need(records("trainings"), covers=GUARD_TRAINING_TOPICS),
                    window="until_due",
                    per_person=True,
                ),
            )
        ],
        interpretation="A guard who takes up the post on or after 2020-01-01 has training "
        "whose topics together cover basics, skills and duty_norms, dated on or before "
        "one calendar month after the role start (earlier training counts).",
    ),
)

PROFILE = Profile(
    id="changzhou",
    name=Text("常州市", "Changzhou"),
    document=DOCUMENT,
    issuer=Text("常州市教育局", "Changzhou Education Bureau"),
    published=EFFECTIVE_FROM,
    effective_from=EFFECTIVE_FROM,
    rules=RULES,
    references=("2020年常州市学校安全工作要点 (常州市教育局, 2020)",),
)
