"""资阳市 (Ziyang, Sichuan): 资阳市教育和体育局关于做好2020年学校安全工作的通知.

References:
    * 资阳市教育和体育局, 《关于做好2020年学校安全工作的通知》, published
      2020-04-02 on the Ziyang municipal government site; its text ships with
      the package as ``sources/ziyang.txt``.

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
TITLE = Text("关于做好2020年学校安全工作的通知", "Notice on school safety work in 2020")
ISSUER = Text("资阳市教育和体育局", "Ziyang Education and Sports Bureau")
#: 发布时间:2020-04-02.
PUBLISHED = dt.date(2020, 4, 2)

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
    return Citation(DOCUMENT, clause, text, TITLE, ISSUER, PUBLISHED)


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
        interpretation=Text(
            "只有在校的月份（当月至少10个上课日）需要演练，整月放假的月份不需要。",
            "Only months in session (at least 10 school days) owe a drill; "
            "a month of vacation owes none.",
        ),
        about="evacuation-drill",
    ),
    Rule(
        "ziyang.evacuation-drill-quarterly",
        Text("幼儿园每季度应急疏散演练", "Quarterly evacuation drill (kindergartens)"),
        _cite("三(四)4", "幼儿园每季度1次应急疏散演练"),
        [Recurring(Quarters(), [Need(records("drills"))], during="session")],
        KINDERGARTENS,
        interpretation=Text(
            "只有在校的季度（至少10个上课日）需要演练。",
            "Only quarters in session (at least 10 school days) owe a drill.",
        ),
        about="evacuation-drill",
    ),
    Rule(
        "ziyang.incident-phone-report",
        Text("突发事件30分钟内电话报告", "Phone report within 30 minutes"),
        _cite("三(六)1", "突发事件发生后，30分钟内电话报告"),
        [Deadline(OnIncident(dt.timedelta(minutes=30)), FieldOnOrBefore("phone_reported_at"))],
        interpretation=Text(
            "从学校得知事件的时间起算，未填得知时间的从事件发生时起算：学校无法报告尚不知道的事。",
            "The clock starts when the school learned of the incident, or when it happened "
            "if that is not given: a school cannot report what it does not yet know.",
        ),
    ),
    Rule(
        "ziyang.incident-written-report",
        Text("突发事件1小时内书面报告", "Written report within 1 hour"),
        _cite("三(六)1", "1小时内书面报告"),
        [Deadline(OnIncident(dt.timedelta(minutes=60)), FieldOnOrBefore("written_reported_at"))],
        interpretation=Text(
            "从学校得知事件的时间起算，未填得知时间的从事件发生时起算。",
            "The clock starts when the school learned of the incident, else when it happened.",
        ),
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
        interpretation=Text(
            "与书面报告同时到期（开始计时后1小时）。",
            "Due with the written report (1 hour after the clock starts).",
        ),
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
        interpretation=Text(
            "这封信在暑假前发放：每个春季学期一次，学期最后一天到期。",
            "The letter goes out before the summer vacation: once in every spring term, "
            "due on the last day of the term.",
        ),
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
        interpretation=Text(
            "报批日期须在郊游当天或之前。",
            "The approval must be dated on or before the day of the outing.",
        ),
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
        interpretation=Text(
            "自每学期开学之日起一个日历月内报送（9月1日开学的，最迟10月1日）。",
            "Within one calendar month of each term start, counted from its first day "
            "(a term starting on 1 September: by 1 October).",
        ),
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
        interpretation=Text(
            "“围绕”某日 = 包含该日的周一至周日那一周；每个主题日一项义务，对象为该主题。"
            "全国中小学生安全教育日为三月最后一个周一（2020年为3月30日，与通知一致）。",
            "'Around' a day = the Monday–Sunday week that holds it; one obligation per day, "
            "its subject the theme. The national school safety education day is the last "
            "Monday of March (30 March in 2020, as the notice says).",
        ),
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
        interpretation=Text(
            "重大节假日 = 国家公布的节假日安排中每次放假的每一天。",
            "Major holidays = every day of the holiday breaks of the official arrangement.",
        ),
    ),
    Rule(
        "ziyang.hazard-closed-loop",
        Text("隐患闭环管理", "Hazard closed loop"),
        _cite(
            "三(一)3",
            "按照“排查、登记、评估、报告、监控、治理、验收、销账”的闭环防控要求",
        ),
        [Lifecycle(CLOSED_LOOP, complete="accepted")],
        interpretation=Text(
            "每一步之前的各步都须在该步当天或之前完成；隐患须在整改期限内验收。",
            "Every step needs all earlier steps done on or before its date; "
            "a hazard must be accepted by its deadline.",
        ),
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
        interpretation=Text(
            "库存 = 购入 − 使用 − 销毁，任何时候不得小于零；每次清查的数量须等于当日库存。",
            "Stock = acquired − used − disposed never drops below zero; "
            "an inventory count equals the stock on its date.",
        ),
    ),
)

PROFILE = Profile(
    id="ziyang",
    name=Text("资阳市", "Ziyang"),
    document=DOCUMENT,
    issuer=ISSUER,
    published=PUBLISHED,
    effective_from=dt.date(2020, 4, 2),
    rules=RULES,
    references=("资阳市教育和体育局关于做好2020年学校安全工作的通知 (2020-04-02)",),
    title=TITLE,
    document_resource="safetyregs:sources/ziyang.txt",
)
