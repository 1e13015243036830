"""兖州区 (Yanzhou, Jining, Shandong): 兖州区教育系统2024年学校安全工作要点.

References:
    * 兖州区教育和体育局, 《关于印发〈全区教育系统2024年学校安全工作要点〉的通知》
      (兖教体发〔2024〕7号), dated 2024-01-26; its text ships with the package as
      ``sources/yanzhou.txt``.

Every rule below is one declaration: its id, its clause as printed (二.7 =
part 二, item 7), the original words, and its parameters. Clauses that bind
the bureau (training 2000 psychology teachers a year, 二.9; funding, 四.25;
accountability, 四.27) are not modelled.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .._engine import Applies, Citation, Profile, Rule, Text
from .._kinds import (
    Covered,
    DateAfterStart,
    Deadline,
    EveryInterval,
    FieldOnOrBefore,
    FieldsTrue,
    Invariant,
    Lifecycle,
    Months,
    Need,
    OnHire,
    OnRoleStart,
    Quarters,
    Quota,
    RecordsBy,
    Recurring,
    SchoolDays,
    Terms,
    Years,
    records,
)

__all__ = ["PROFILE"]

DOCUMENT = "002_cabd601904d6a2e0.txt"
TITLE = Text(
    "关于印发《全区教育系统2024年学校安全工作要点》的通知",
    "Notice issuing the district's key points of school safety work for 2024",
)
ISSUER = Text("兖州区教育和体育局", "Yanzhou District Education and Sports Bureau")

#: 兖教体发〔2024〕7号 is dated 2024年1月26日.
EFFECTIVE_FROM = dt.date(2024, 1, 26)

#: 中小学 of the drill clause, vocational schools (中职学校) included.
SCHOOLS = Applies(levels=("primary", "junior_secondary", "senior_secondary", "vocational"))
KINDERGARTENS = Applies(levels=("kindergarten",))
#: 小学高年级及初中、高中段学生: the levels screened every term.
SCREENED_LEVELS = ("primary", "junior_secondary", "senior_secondary")

#: 寄宿制学校每年至少开展2次夜间应急疏散演练.
NIGHT_DRILLS_A_YEAR = 2

#: 新任…校（园）长、副校（园）长: posts whose new holders owe the appointment training.
HEADS = ("principal", "vice_principal", "safety_vice_principal")
#: 不少于40学时的安全教育任职培训.
APPOINTMENT_CLASS_HOURS = Decimal(40)
#: Interp.: the appointment training is done within the first year in post.
APPOINTMENT_WITHIN = relativedelta(years=1)

#: 主管安全的副校（园）长和安全监管部门负责人: 20 class hours a year.
SAFETY_LEADERS = ("safety_vice_principal", "safety_department_head")
SAFETY_LEADER_CLASS_HOURS = Decimal(20)
#: 班主任、专任教师: 10 class hours a year.
TEACHERS = ("head_teacher", "teacher")
TEACHER_CLASS_HOURS = Decimal(10)

#: 挂账、整改、查验、销号: the steps of 四.24's closed loop.
CLOSED_LOOP = ("registered", "remediated", "verified", "closed")
#: 签字压责: a hazard names who is responsible when it is put on the books.
RESPONSIBLE_AT = (("registered", ("responsible",)),)

#: 两有证 (registration and operator certificates) and 一预案 (an emergency plan).
EQUIPMENT_PAPERS = ("registration_certificate", "operator_certificate", "emergency_plan")
#: 一检验: the periodic inspection of special equipment, once a year.
INSPECTION_INTERVAL = relativedelta(years=1)


def _cite(clause: str, text: str) -> Citation:
    return Citation(DOCUMENT, clause, text, TITLE, ISSUER, EFFECTIVE_FROM)


RULES = (
    Rule(
        "yanzhou.evacuation-drill-monthly",
        Text("中小学每月应急疏散演练", "Monthly evacuation drill (schools)"),
        _cite(
            "二.6",
            "中小学每月、幼儿园每季度至少开展1次防地震、防火灾、防踩踏等实战型应急疏散演练",
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
        "yanzhou.evacuation-drill-quarterly",
        Text("幼儿园每季度应急疏散演练", "Quarterly evacuation drill (kindergartens)"),
        _cite(
            "二.6",
            "中小学每月、幼儿园每季度至少开展1次防地震、防火灾、防踩踏等实战型应急疏散演练",
        ),
        [Recurring(Quarters(), [Need(records("drills"))], during="session")],
        KINDERGARTENS,
        interpretation=Text(
            "只有在校的季度（至少10个上课日）需要演练。",
            "Only quarters in session (at least 10 school days) owe a drill.",
        ),
        about="evacuation-drill",
    ),
    Rule(
        "yanzhou.night-drill",
        Text("寄宿制学校夜间应急疏散演练", "Night evacuation drills (boarding schools)"),
        _cite("二.6", "寄宿制学校每年至少开展2次夜间应急疏散演练"),
        [Recurring(Years(), [Need(records("drills", night=True), NIGHT_DRILLS_A_YEAR)])],
        Applies(flags=("boarding",)),
        interpretation=Text(
            "按日历年计算，不论是否在学期中。",
            "Every calendar year, term or not.",
        ),
    ),
    Rule(
        "yanzhou.school-bus-drill",
        Text("校车安全事故应急疏散演练", "School-bus evacuation drill every term"),
        _cite("二.6", "使用校车的学校每学期至少开展1次校车安全事故应急疏散演练"),
        [Recurring(Terms(), [Need(records("drills", kind="school_bus"))])],
        Applies(flags=("uses_school_bus",)),
        interpretation=Text("每学期最后一天到期。", "Due on the last day of each term."),
        about="school-bus-drill",
    ),
    Rule(
        "yanzhou.safety-cadre-pre-job-training",
        Text("新任安全管理干部岗前培训", "Pre-job training of new safety cadres"),
        _cite("二.7", "新任安全管理干部应当接受岗前培训"),
        [
            Deadline(
                OnRoleStart(("safety_cadre",)),
                RecordsBy(
                    Need(records("trainings", kind="pre_job")),
                    window="until_due",
                    per_person=True,
                ),
            )
        ],
        interpretation=Text(
            "岗前 = 上岗之前：本人的岗前培训须在上岗当天或之前；"
            "2024年1月26日及以后上岗的才是新任。",
            "Pre-job = before the post: the person's pre-job training is dated on or before "
            "the day the post starts; only posts starting on or after 26 January 2024 are new.",
        ),
    ),
    Rule(
        "yanzhou.appointment-training",
        Text("新任校（园）长安全教育任职培训", "Appointment safety training of new heads"),
        _cite(
            "二.7",
            "新任中小学校、幼儿园校（园）长、副校（园）长应当进行不少于40学时的安全教育任职培训",
        ),
        [
            Deadline(
                OnRoleStart(HEADS, APPOINTMENT_WITHIN),
                RecordsBy(
                    Need(records("trainings"), APPOINTMENT_CLASS_HOURS, "class_hours"),
                    per_person=True,
                ),
            )
        ],
        interpretation=Text(
            "任职第一年内：自任职之日起一年内，本人的培训累计不少于40学时。每新任一个职务即为"
            "一次任职（副校长升任校长即为新任校长）；同一职务的连续任期不算新任。",
            "Within the first year in post: at least 40 class hours of the person's training "
            "dated from the day the post starts to one year after it. Each post newly taken "
            "up is an appointment (a vice principal made principal is a new principal); a "
            "term continuing the same post is not.",
        ),
    ),
    Rule(
        "yanzhou.safety-leader-annual-training",
        Text("安全分管领导年度安全业务培训", "Annual training of safety leaders"),
        _cite(
            "二.7",
            "主管安全的副校（园）长和安全监管部门负责人任职期间，每年应当接受不少于20学时的"
            "安全业务培训",
        ),
        [
            Quota(
                SAFETY_LEADERS,
                SAFETY_LEADER_CLASS_HOURS,
                Need(records("trainings"), measure="class_hours"),
            )
        ],
        interpretation=Text(
            "按日历年计算，按在任天数折算；同时担任两个职务的天数只计一次。",
            "Per calendar year, pro-rated for the days in either post; "
            "holding both posts counts the days once.",
        ),
    ),
    Rule(
        "yanzhou.teacher-annual-training",
        Text("班主任、专任教师年度安全知识培训", "Annual safety training of teachers"),
        _cite("二.7", "班主任、专任教师每年应当接受不少于10学时的安全知识培训"),
        [Quota(TEACHERS, TEACHER_CLASS_HOURS, Need(records("trainings"), measure="class_hours"))],
        interpretation=Text(
            "按日历年计算，按担任班主任或专任教师的天数折算；兼任专任教师的班主任每年10学时，"
            "不是20学时。",
            "Per calendar year, pro-rated for the days as head teacher or teacher; a head "
            "teacher who also teaches owes 10 class hours, not 20.",
        ),
    ),
    Rule(
        "yanzhou.psych-screening",
        Text("每学期全员心理筛查", "Psychological screening every term"),
        _cite("二.9", "对小学高年级及初中、高中段学生每学期开展1次全员心理筛查"),
        [Recurring(Terms(), [Need(records("screenings", covers_levels=SCREENED_LEVELS))])],
        Applies(levels=SCREENED_LEVELS),
        interpretation=Text(
            "全员：一次筛查记录须覆盖学校的全部小学、初中、高中学段；每学期最后一天到期。",
            "Everyone: one screening record must cover every primary and secondary level "
            "of the school; due on the last day of each term.",
        ),
    ),
    Rule(
        "yanzhou.liability-insurance",
        Text("校方责任保险不脱保漏保", "School liability insurance without gaps"),
        _cite(
            "四.26",
            "全区中小学校、幼儿园、中职学校应当按照国家规定办理校方责任保险，做到应保尽保。"
            "学校要足额及时缴纳校方责任保险保费，严禁出现脱保漏保问题",
        ),
        [Invariant(Covered("insurance", {"kind": "school_liability"}))],
    ),
    Rule(
        "yanzhou.hazard-closed-loop",
        Text("问题隐患挂账销号", "Hazards booked and closed in a loop"),
        _cite(
            "四.24",
            "完善“部署、检查、反馈、整改、查验、评价”闭环式管理机制，进行隐患排查，"
            "落实挂账销号、签字压责措施…实现问题隐患“动态清零”",
        ),
        [Lifecycle(CLOSED_LOOP, complete="verified", fields_at=RESPONSIBLE_AT)],
        interpretation=Text(
            "挂账、整改、查验、销号依次进行；签字压责 = 挂账时写明责任人；隐患须在整改期限内查验。",
            "Put on the books (registered), remediated, verified and closed, in this order; "
            "the person responsible is named when the hazard is registered; a hazard must "
            "be verified by its deadline.",
        ),
    ),
    Rule(
        "yanzhou.staff-background-check",
        Text("教职员工准入性侵违法犯罪信息查询", "Background check before hiring"),
        _cite("三.11", "落实好在职教职员工准入查询性侵违法犯罪信息制度"),
        [Deadline(OnHire(), FieldOnOrBefore("background_check"))],
        interpretation=Text(
            "准入 = 入职之前：2024年1月26日及以后入职的教职员工，须在入职当天或之前完成查询。",
            "Before entry: staff hired on or after 26 January 2024 are checked on or before "
            "the day they are hired.",
        ),
    ),
    Rule(
        "yanzhou.special-equipment",
        Text("特种设备“三落实、两有证、一检验、一预案”", "Special equipment papers and inspection"),
        _cite(
            "三.19",
            "严格落实学校特种设备“三落实、两有证、一检验、一预案”的安全管理制度",
        ),
        [
            Invariant(
                FieldsTrue(EQUIPMENT_PAPERS), subjects="equipment", from_field="commissioned"
            ),
            Deadline(
                EveryInterval("equipment", "inspections", "commissioned", INSPECTION_INTERVAL),
                DateAfterStart("inspections"),
            ),
        ],
        interpretation=Text(
            "两有证、一预案：自投入使用之日起每天都须有两证和应急预案；一检验：投入使用或上次"
            "检验后一年内须检验。",
            "Both certificates and an emergency plan on every day from commissioning; an "
            "inspection at most one year after commissioning or the previous inspection.",
        ),
    ),
    Rule(
        "yanzhou.health-checks",
        Text("晨午检", "Morning and noon health checks"),
        _cite("三.16", "严格落实晨午检、因病缺课缺勤追踪上报制度"),
        [
            Recurring(
                SchoolDays(),
                [
                    Need(records("health_checks", session="morning")),
                    Need(records("health_checks", session="noon")),
                ],
            )
        ],
        interpretation=Text(
            "每个上课日（含调休上课的周末，不含节假日）都要晨检和午检。",
            "Every school day (weekends worked under the holiday arrangement included, "
            "holidays excluded) needs a morning and a noon check.",
        ),
    ),
)

PROFILE = Profile(
    id="yanzhou",
    name=Text("兖州区", "Yanzhou"),
    document=DOCUMENT,
    issuer=ISSUER,
    published=EFFECTIVE_FROM,
    effective_from=EFFECTIVE_FROM,
    rules=RULES,
    references=("兖教体发〔2024〕7号 全区教育系统2024年学校安全工作要点 (2024-01-26)",),
    title=TITLE,
    document_resource="safetyregs:sources/yanzhou.txt",
)
