"""慈溪市 (Cixi, Ningbo, Zhejiang): 2023年学校安全稳定综治工作的意见.

References:
    * 慈溪市教育体育局, 《2023年学校安全稳定综治工作的意见》 and its 附件
      《2023年xx市学校平安综治工作行事历》, dated and issued 2023-03-05; its text
      ships with the package as ``sources/cixi.txt``. The host site masks the city as "xx市"
      (the text keeps "平安慈溪建设"), rewrites 安全 as "平安" and 100% as
      "20230%"; the clauses are quoted as printed and read through that.

Every rule below is one declaration: its id, its clause as printed (四(四)14 =
part 四, section (四), item 14), the original words, and its parameters. The
行事历 rows are cited by their month. Clauses that bind the bureau (the
municipal 等级平安校园 targets of 二 and 四(三)9–13, the research society of
四(四)18) are not modelled.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .._engine import Applies, Citation, Profile, Rule, Text
from .._kinds import (
    BreakDays,
    Deadline,
    FieldsSet,
    Invariant,
    LastSchoolDayBeforeBreaks,
    LastSchoolDayOfWeeks,
    Months,
    NamedMonths,
    Need,
    OnHazardFound,
    Quarters,
    RatioOfStaff,
    Recurring,
    SchoolDays,
    Terms,
    ThemedDay,
    ThemedWeeks,
    records,
)

__all__ = ["PROFILE"]

DOCUMENT = "003_b5078dff72642c51.txt"
TITLE = Text(
    "2023年学校安全稳定综治工作的意见",
    "Opinions on school safety, stability and public order work in 2023",
)
ISSUER = Text("慈溪市教育体育局", "Cixi Education and Sports Bureau")

#: xx市教育体育局2023年3月5日印发.
EFFECTIVE_FROM = dt.date(2023, 3, 5)

#: 中小学 of the drill clause, vocational schools included.
SCHOOLS = Applies(levels=("primary", "junior_secondary", "senior_secondary", "vocational"))
#: 中小学生 of the 1530 system: primary and secondary pupils.
PUPILS = Applies(levels=("primary", "junior_secondary", "senior_secondary"))
KINDERGARTENS = Applies(levels=("kindergarten",))

#: 每学期安排平安教育3课时.
EDUCATION_PERIODS_PER_TERM = Decimal(3)

#: The 1530 system (the document names it; its common definition gives the numbers):
#: 1 minute every school day before dismissal, 5 on the last school day of the
#: week, 30 on the last school day before each holiday break.
DAILY_MINUTES = 1
WEEKLY_MINUTES = 5
HOLIDAY_MINUTES = 30

#: 5月和11月要组织全校规模的应急疏散演练.
WHOLE_SCHOOL_DRILL_MONTHS = (5, 11)

#: 组建一支不少于30%教职员工参加的兼职综合应急救援队.
RESCUE_TEAM_SHARE = Decimal("0.3")

#: 整改内容、整改标准、整改措施、时间进度和责任人五落实.
FIVE_ELEMENTS = ("content", "standard", "measures", "deadline", "responsible")

#: 全国平安教育周（本月最后一周）: the week of the last Monday of March.
SAFETY_EDUCATION_WEEK = ThemedDay("school_safety_day", 3, last_weekday=0)

#: The 行事历 months of the themed education rows.
TRAFFIC_SAFETY_MONTH = 4
DROWNING_WARNING_MONTH = 5
MENTAL_HEALTH_MONTH = 6


def _cite(clause: str, text: str) -> Citation:
    return Citation(DOCUMENT, clause, text, TITLE, ISSUER, EFFECTIVE_FROM)


def _1530(minutes: int) -> Need:
    """A 1530 session of at least so many minutes."""
    return Need(records("education", kind="1530", minutes__min=minutes))


_1530_CLAUSE = _cite("四(二)5", "加强平安常规教育，坚持1530平安教育制度")
_1530_READING = Text(
    "文件只写明“1530平安教育制度”，分钟数取其通行含义：每天放学前1分钟，"
    "周末放学前5分钟，放假前30分钟。",
    "The document names the 1530 system; its usual meaning gives the minutes: one "
    "before every dismissal, five at the end of the week, thirty before a holiday. ",
)


def _1530_reading(zh: str, en: str) -> Text:
    return Text(_1530_READING.zh + zh, _1530_READING.en + en)


RULES = (
    Rule(
        "cixi.safety-education-periods",
        Text("每学期平安教育3课时", "Three class periods of safety education a term"),
        _cite("四(二)5", "以中小学公共平安指导纲要为指导，每学期安排平安教育3课时"),
        [
            Recurring(
                Terms(),
                [Need(records("education"), EDUCATION_PERIODS_PER_TERM, "class_periods")],
            )
        ],
        interpretation=Text(
            "学期内所有安全教育记录的课时累计计算（精确求和）；学期最后一天到期。",
            "The class periods of every education record dated in the term count, "
            "summed exactly; due on the last day of the term.",
        ),
    ),
    Rule(
        "cixi.1530-daily",
        Text("1530平安教育：每天放学前1分钟", "1530: one minute before every dismissal"),
        _1530_CLAUSE,
        [Recurring(SchoolDays(), [_1530(DAILY_MINUTES)])],
        PUPILS,
        _1530_reading(
            "每个上课日须有一条不少于1分钟的1530安全教育记录。",
            "Every school day owes a 1530 record of at least one minute.",
        ),
    ),
    Rule(
        "cixi.1530-weekly",
        Text("1530平安教育：周末放学前5分钟", "1530: five minutes at the end of the week"),
        _1530_CLAUSE,
        [Recurring(LastSchoolDayOfWeeks(), [_1530(WEEKLY_MINUTES)])],
        PUPILS,
        _1530_reading(
            "每周（周一至周日）的最后一个上课日（调休上课的周六、周日也算）"
            "须有不少于5分钟的1530记录。",
            "The last school day of each Monday–Sunday week that has one (a Saturday or "
            "Sunday worked under the holiday arrangement included) owes at least five minutes.",
        ),
    ),
    Rule(
        "cixi.1530-holiday",
        Text("1530平安教育：放假前30分钟", "1530: thirty minutes before every break"),
        _1530_CLAUSE,
        [Recurring(LastSchoolDayBeforeBreaks(), [_1530(HOLIDAY_MINUTES)])],
        PUPILS,
        _1530_reading(
            "每次放假前的最后一个上课日和每学期的最后一个上课日，须有不少于30分钟的1530记录。",
            "The last school day before each holiday break and the last school day of each "
            "term owe at least thirty minutes.",
        ),
    ),
    Rule(
        "cixi.hazard-analysis",
        Text("每学期校园平安隐患分析会商", "Hazard analysis every term"),
        _cite("四(二)8", "每学期至少开展一次全面的校园平安隐患分析、会商工作"),
        [Recurring(Terms(), [Need(records("meetings", kind="hazard_analysis"))])],
    ),
    Rule(
        "cixi.evacuation-drill-monthly",
        Text("中小学每月应急疏散演练", "Monthly evacuation drill (schools)"),
        _cite(
            "四(四)14",
            "严格按照中小学幼儿园应急疏散演练指南要求，中小学每月至少一次…开展应急疏散演练",
        ),
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
        "cixi.evacuation-drill-quarterly",
        Text("幼儿园每季度应急疏散演练", "Quarterly evacuation drill (kindergartens)"),
        _cite("四(四)14", "幼儿园每季度至少一次开展应急疏散演练"),
        [Recurring(Quarters(), [Need(records("drills"))], during="session")],
        KINDERGARTENS,
        interpretation=Text(
            "只有在校的季度（至少10个上课日）需要演练。",
            "Only quarters in session (at least 10 school days) owe a drill.",
        ),
        about="evacuation-drill",
    ),
    Rule(
        "cixi.whole-school-drill",
        Text("5月和11月全校规模应急疏散演练", "Whole-school drill in May and November"),
        _cite("四(四)14", "5月和11月要组织全校规模的应急疏散演练"),
        [
            Recurring(
                NamedMonths(WHOLE_SCHOOL_DRILL_MONTHS),
                [Need(records("drills", scope="whole_school"))],
            )
        ],
    ),
    Rule(
        "cixi.rescue-team",
        Text("不少于30%教职员工参加应急救援队", "Rescue team of at least 30% of staff"),
        _cite("四(四)14", "组建一支不少于30%教职员工参加的兼职综合应急救援队"),
        [Invariant(RatioOfStaff("rescue_team", RESCUE_TEAM_SHARE))],
        interpretation=Text(
            "每一天，兼职应急救援队员都不少于当天在职教职员工的30%；恰好30%即可。",
            "Every day, the rescue-team members are at least 30% of the staff employed "
            "that day; exactly 30% is enough.",
        ),
    ),
    Rule(
        "cixi.hazard-five-elements",
        Text("隐患整改五落实", "Five elements of every hazard's rectification"),
        _cite("四(二)8", "排查出的隐患做到整改内容、整改标准、整改措施、时间进度和责任人五落实"),
        [Deadline(OnHazardFound("same_day"), FieldsSet(FIVE_ELEMENTS))],
        interpretation=Text(
            "发现隐患当天到期：整改内容、整改标准、整改措施、时间进度和责任人五项都须写明。",
            "Due the day the hazard is found: its content, standard, measures, deadline "
            "and the person responsible must all be set.",
        ),
    ),
    Rule(
        "cixi.holiday-duty",
        Text("节假日领导到岗带班", "Leader on duty every holiday break day"),
        _cite("四(四)17", "节假日和重大活动期间，要严格落实领导到岗带班和教职工值班制度"),
        [Recurring(BreakDays(), [Need(records("duty", leader=True))])],
        interpretation=Text(
            "节假日 = 国家公布的节假日安排中的放假日，不论是否在学期中；普通周末不算。",
            "Holidays = the days of the holiday breaks of the official arrangement, term or "
            "not; an ordinary weekend is not one.",
        ),
    ),
    Rule(
        "cixi.safety-education-week",
        Text("全国平安教育周主题活动", "National school safety education week"),
        _cite("附件 行事历 三月", "开展全国平安教育周（本月最后一周）主题活动"),
        [Recurring(ThemedWeeks((SAFETY_EDUCATION_WEEK,)), [Need(records("education"))])],
        interpretation=Text(
            "本月最后一周 = 包含三月最后一个周一（全国中小学生安全教育日）的那个周一至周日；"
            "对象为该主题，周日到期。",
            "The last week of the month = the Monday–Sunday week holding the last Monday of "
            "March (the national school safety education day); its subject is the theme, "
            "due on the Sunday.",
        ),
    ),
    Rule(
        "cixi.traffic-safety-month",
        Text("交通平安主题宣传教育", "Traffic safety education in April"),
        _cite("附件 行事历 四月", "开展交通平安主题宣传教育活动"),
        [
            Recurring(
                NamedMonths((TRAFFIC_SAFETY_MONTH,)),
                [Need(records("education", theme="traffic_safety"))],
            )
        ],
    ),
    Rule(
        "cixi.drowning-warning",
        Text("防溺水预警教育", "Drowning warning education in May"),
        _cite("附件 行事历 五月", "提早对学生进行防溺水事故、游泳平安的预警教育"),
        [
            Recurring(
                NamedMonths((DROWNING_WARNING_MONTH,)),
                [Need(records("education", theme="drowning"))],
            )
        ],
    ),
    Rule(
        "cixi.mental-health-month",
        Text("心理健康教育月", "Mental health education in June"),
        _cite("附件 行事历 六月", "加强心理健康教育"),
        [
            Recurring(
                NamedMonths((MENTAL_HEALTH_MONTH,)),
                [Need(records("education", theme="mental_health"))],
            )
        ],
    ),
)

PROFILE = Profile(
    id="cixi",
    name=Text("慈溪市", "Cixi"),
    document=DOCUMENT,
    issuer=ISSUER,
    published=EFFECTIVE_FROM,
    effective_from=EFFECTIVE_FROM,
    rules=RULES,
    references=("慈溪市教育体育局《2023年学校安全稳定综治工作的意见》(2023-03-05)",),
    title=TITLE,
    document_resource="safetyregs:sources/cixi.txt",
)
