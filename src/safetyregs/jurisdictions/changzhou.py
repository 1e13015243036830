"""常州市 (Changzhou, Jiangsu): 2020年常州市学校安全工作要点.

References:
    * 《2020年常州市学校安全工作要点》, the municipal work plan for 2020, the
      附件 of a notice of the 常州市教育局; its text ships with the package as
      ``sources/changzhou.txt``. The attachment prints neither issuer nor
      date: its citations name the 常州市教育局 (whose notice it is attached
      to) and 2020-01-01, the first day of the plan's year, from which its
      duties are read as standing.

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
TITLE = Text("2020年常州市学校安全工作要点", "Key points of Changzhou's school safety work in 2020")
#: Not printed in the attachment: the bureau whose notice it is attached to.
ISSUER = Text("常州市教育局", "Changzhou Education Bureau")

#: The plan is for 2020; its duties are read as standing from the first day of that year.
EFFECTIVE_FROM = dt.date(2020, 1, 1)

#: 基础知识、技能、值勤规范: the three parts of the security guards' training.
GUARD_TRAINING_TOPICS = ("basics", "skills", "duty_norms")

#: Interp.: "入职上岗" training is due within one calendar month of taking up the post.
GUARD_TRAINING_WITHIN = relativedelta(months=1)

#: Interp.: a hazard is entered in the provincial system by the end of the month it is found.
RISK_SYSTEM_DUE: Final = "end_of_month"


def _cite(clause: str, text: str) -> Citation:
    return Citation(DOCUMENT, clause, text, TITLE, ISSUER, EFFECTIVE_FROM)


RULES = (
    Rule(
        "changzhou.emergency-drill-quarterly",
        Text("每季度应急演练", "Quarterly emergency drill"),
        _cite(
            "三.8",
            "按照教育部《中小学幼儿园应急疏散演练指南》要求…定期开展演练，每季度不少于一次",
        ),
        [Recurring(Quarters(), [Need(records("drills"))], during="session")],
        interpretation=Text(
            "适用于所有学校，幼儿园也在内；只有在校的季度（至少10个上课日）需要演练。",
            "Every school, kindergartens included; only quarters in session "
            "(at least 10 school days) owe a drill.",
        ),
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
        interpretation=Text(
            "每项隐患须在发现当天或之后、最迟在发现当月的最后一天填报江苏省安全风险管控系统。",
            "Every hazard is entered in the provincial risk system on or after the day it "
            "was found and by the last day of the month in which it was found.",
        ),
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
        interpretation=Text(
            "2020年1月1日及以后上岗的专职保安，其培训内容合计须涵盖基础知识、技能、值勤规范，"
            "日期不晚于上岗后一个日历月（上岗前的培训也算）。",
            "A guard who takes up the post on or after 1 January 2020 has training whose "
            "topics together cover basics, skills and duty norms, dated no later than one "
            "calendar month after taking up the post (earlier training counts).",
        ),
    ),
)

PROFILE = Profile(
    id="changzhou",
    name=Text("常州市", "Changzhou"),
    document=DOCUMENT,
    issuer=ISSUER,
    published=EFFECTIVE_FROM,
    effective_from=EFFECTIVE_FROM,
    rules=RULES,
    references=(
        "2020年常州市学校安全工作要点 (常州市教育局, 2020)",
        "附件未印发文单位和日期：引用时发文单位取常州市教育局，日期取该年第一天2020-01-01"
        " (the attachment prints no issuer or date: citations name the Changzhou Education "
        "Bureau and 2020-01-01, the first day of the plan's year)",
    ),
    title=TITLE,
    document_resource="safetyregs:sources/changzhou.txt",
)
