"""资阳市 (Ziyang, Sichuan): 资阳市教育和体育局关于做好2020年学校安全工作的通知.

References:
    * 资阳市教育和体育局, 《关于做好2020年学校安全工作的通知》, published
      2020-04-02 on the Ziyang municipal government site (seed
      ``000_1bf6369ba2494725.txt``).

Every rule below is one declaration: its id, its clause as printed (三(四)4
= part 三, section (四), item 4), the original words, and its parameters.
Authority-level clauses (the county bureaus' quarterly review meeting of
三(一)1) bind the bureaus, not schools, and are not modelled.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from .._engine import Applies, Citation, Profile, Rule, Text
from .._kinds import (
    BreakDays,
    Covered,
    Deadline,
    FieldOnOrBefore,
    FieldsSet,
    Invariant,
    Ledger,
    Lifecycle,
    Months,
    Need,
    OnIncident,
    OnTermStart,
    Prohibition,
    Quarters,
    RecordsBy,
    Recurring,
    Terms,
    ThemedDay,
    ThemedWeeks,
    records,
)

__all__ = ["PROFILE"]

DOCUMENT = "000_1bf6369ba2494725.txt"

#: Levels the notice calls 中小学 (primary and secondary schools, vocational included).
SCHOOLS = Applies(levels=("primary", "junior_secondary", "senior_secondary", "vocational"))
#: 中小学生 for the drowning and traffic clauses: primary and secondary students.
PUPILS = Applies(levels=("primary", "junior_secondary", "senior_secondary"))
KINDERGARTENS = Applies(levels=("kindergarten",))

#: 森林防火期间（每年1月1日至5月31日）: (month, day) of its first and last day.
FIRE_SEASON_FROM = (1, 1)
FIRE_SEASON_TO = (5, 31)

#: The themed days of 三(四)3; 全国中小学生安全教育日 is the last Monday of March.
THEMED_DAYS = (
    ThemedDay("school_safety_day", 3, last_weekday=0),
    ThemedDay("national_security", 4, 15),
    ThemedDay("disaster_prevention", 5, 12),
    ThemedDay("fire_safety", 11, 9),
    ThemedDay("traffic_safety", 12, 2),
)

#: 排查、登记、评估、报告、监控、治理、验收、销账.
CLOSED_LOOP = (
    "identified",
    "registered",
    "assessed",
    "reported",
    "monitored",
    "remediated",
    "accepted",
    "closed",
)


def _cite(clause: str, text: str) -> Citation:
    return Citation(DOCUMENT, clause, text)


RULES = (
    Rule(
        "ziyang.safety-review-meeting",
        Text("每月安全工作研判会", "Monthly safety review meeting"),
        _cite("三(一)1", "各级各类学校要坚持每月至少召开一次安全工作研判会，安排布置安全工作"),
        [Recurring(Months(), [Need(records("meetings", kind="safety_review"))])],
    ),
    Rule(
        "ziyang.evacuation-drill-monthly",
        Text("中小学每月应急疏散演练", "Monthly evacuation drill (schools)"),
        _cite("三(四)4", "认真落实好中小学每月1次…应急疏散演练的要求"),
        [Recurring(Months(), [Need(records("drills"))], during="session")],
        SCHOOLS,
        "Only months in session (at least min_school_days school days) owe a drill.",
        about="evacuation-drill",
    ),
    Rule(
        "ziyang.evacuation-drill-quarterly",
        Text("幼儿园每季度应急疏散演练", "Quarterly evacuation drill (kindergartens)"),
        _cite("三(四)4", "幼儿园每季度1次应急疏散演练"),
        [Recurring(Quarters(), [Need(records("drills"))], during="session")],
        KINDERGARTENS,
        "Only quarters in session owe a drill.",
        about="evacuation-drill",
    ),
    Rule(
        "ziyang.incident-phone-report",
        Text("突发事件30分钟内电话报告", "Phone report within 30 minutes"),
        _cite("三(六)1", "突发事件发生后，30分钟内电话报告"),
        [Deadline(OnIncident(dt.timedelta(minutes=30)), FieldOnOrBefore("phone_reported_at"))],
        interpretation="The clock starts at known_at when given, else at occurred_at: "
        "a school cannot report what it does not yet know.",
    ),
    Rule(
        "ziyang.incident-written-report",
        Text("突发事件1小时内书面报告", "Written report within 1 hour"),
        _cite("三(六)1", "1小时内书面报告"),
        [Deadline(OnIncident(dt.timedelta(minutes=60)), FieldOnOrBefore("written_reported_at"))],
        interpretation="The clock starts at known_at when given, else at occurred_at.",
    ),
    Rule(
        "ziyang.drowning-report-receipt",
        Text("溺亡上报附家长签字回执", "Drowning report with the parents' signed receipt"),
        _cite("三(五)1", "上报溺亡情况时必须附溺亡学生家长签字的该信回执"),
        [
            Deadline(
                OnIncident(dt.timedelta(minutes=60), {"kind": "drowning"}, deaths_at_least=1),
                FieldsSet(("letter_receipt_attached",)),
            )
        ],
        interpretation="Due with the written report (1 hour after the clock starts).",
    ),
    Rule(
        "ziyang.drowning-letter",
        Text("发放《致全国中小学生家长的一封信》", "Letter to parents on drowning"),
        _cite(
            "三(五)1",
            "及时发放《致全国中小学生家长的一封信》（附件），回收并保管好该信回执",
        ),
        [Recurring(Terms("spring"), [Need(records("submissions", kind="drowning_letter"))])],
        PUPILS,
        "The letter goes out before the summer vacation: once in every spring term, "
        "due at the end of the term.",
    ),
    Rule(
        "ziyang.outing-approval",
        Text("森林防火期郊游须报批", "Outings in the fire season need approval"),
        _cite(
            "三(五)7",
            "在全市森林防火期间（每年1月1日至5月31日），各级各类学校经报批后组织郊游、野外活动",
        ),
        [
            Prohibition(
                records("activities", kind="outing"),
                FIRE_SEASON_FROM,
                FIRE_SEASON_TO,
                approval_field="approved_on",
            )
        ],
        interpretation="Approval must be dated on or before the outing.",
    ),
    Rule(
        "ziyang.outing-no-open-fire",
        Text("森林防火期严禁野外用火", "No open fire outdoors in the fire season"),
        _cite(
            "三(五)7",
            "严禁学生野炊、烧烤、燃放烟花爆竹、点放孔明灯等野外用火活动",
        ),
        [
            Prohibition(
                records("activities"),
                FIRE_SEASON_FROM,
                FIRE_SEASON_TO,
                require={"open_fire": False},
            )
        ],
    ),
    Rule(
        "ziyang.traffic-survey",
        Text("开学一个月内上报学生交通情况", "Pupils' travel survey within a month of term start"),
        _cite(
            "三(五)2",
            "春秋季开学时要摸清学生上下学交通情况，并在一个月以内逐级上报",
        ),
        [
            Deadline(
                OnTermStart(relativedelta(months=1)),
                RecordsBy(Need(records("submissions", kind="traffic_survey"))),
            )
        ],
        PUPILS,
        "Within one calendar month of each term start (relativedelta(months=1)), "
        "counted from the term start.",
    ),
    Rule(
        "ziyang.themed-education-days",
        Text("安全主题教育日活动", "Themed safety-education days"),
        _cite(
            "三(四)3",
            "围绕“4·15”国家安全教育日、“5·12”防灾减灾日、“11·9”消防日、“12·2”交通安全日"
            "等开展丰富多彩的主题教育（体验）活动…今年3月30日是第25个全国中小学生安全教育日",
        ),
        [Recurring(ThemedWeeks(THEMED_DAYS), [Need(records("education"))])],
        interpretation="'Around' a day = the Monday–Sunday week that holds it; one obligation "
        "per day, its subject the theme. 全国中小学生安全教育日 is the last Monday of March "
        "(30 March in 2020, as the notice says).",
    ),
    Rule(
        "ziyang.liability-insurance",
        Text("校方责任险不脱保", "School liability insurance in force"),
        _cite("三(一)6", "按规定购买校方责任险"),
        [Invariant(Covered("insurance", {"kind": "school_liability"}))],
    ),
    Rule(
        "ziyang.holiday-duty",
        Text("节假日领导带班值守", "Leader on duty every holiday break day"),
        _cite(
            "三(六)2",
            "完善并严格执行应急值班值守制度…在重大节假日、纪念日和敏感时期、重要时段，"
            "确保有足够力量处置突发事件",
        ),
        [Recurring(BreakDays(), [Need(records("duty", leader=True))])],
        interpretation="重大节假日 = the holiday breaks of the official arrangement.",
    ),
    Rule(
        "ziyang.hazard-closed-loop",
        Text("隐患闭环管理", "Hazard closed loop"),
        _cite(
            "三(一)3",
            "按照“排查、登记、评估、报告、监控、治理、验收、销账”的闭环防控要求",
        ),
        [Lifecycle(CLOSED_LOOP, complete="accepted")],
        interpretation="Every step needs all earlier steps on or before its date; "
        "a hazard must be accepted by its deadline.",
    ),
    Rule(
        "ziyang.hazmat-ledger",
        Text("危化品全过程台账", "Hazardous-chemicals ledger"),
        _cite(
            "三(五)4",
            "建立危化物品的全过程台帐管理制度…从添置、储存、使用、销毁、清查等环节纳入全程监管",
        ),
        [Ledger()],
        Applies(flags=("has_laboratory",)),
        "Stock = acquired − used − disposed never drops below zero; "
        "an inventory count equals the stock on its date.",
    ),
)

PROFILE = Profile(
    id="ziyang",
    name=Text("资阳市", "Ziyang"),
    document=DOCUMENT,
    issuer=Text("资阳市教育和体育局", "Ziyang Education and Sports Bureau"),
    published=dt.date(2020, 4, 2),
    effective_from=dt.date(2020, 4, 2),
    rules=RULES,
    references=("资阳市教育和体育局关于做好2020年学校安全工作的通知 (2020-04-02)",),
)
