"""埇桥区 (Yongqiao, Suzhou, Anhui): 埇桥区教体系统"强基础、补短板、铸安提质年"活动方案.

References:
    * 埇桥区教体局安全教育办公室, 《埇桥区教体系统“强基础、补短板、铸安提质年”
      活动方案》, dated 2023-03-22; its text ships with the package as
      ``sources/yongqiao.txt``.

A time-boxed campaign "自即日起至2023年12月底结束": the profile is effective
from 2023-03-22 to 2023-12-31, and no rule owes anything due outside it. Every
rule below is one declaration: its id, its clause as printed (三(一) = part 三,
section (一); 四.三 = part 四, the third requirement 三是…), the original words,
and its parameters. The bureau's own inspections (三(二), 三(三), 四.四) bind
the central schools and the bureau, not schools, and are not modelled.
"""

from __future__ import annotations

import datetime as dt

from .._engine import Applies, Citation, Profile, Rule, Text
from .._kinds import (
    Checklist,
    ChecklistItem,
    Covered,
    Deadline,
    FieldsTrue,
    FixedDate,
    Invariant,
    Need,
    RecordsBy,
    records,
)

__all__ = ["PROFILE"]

DOCUMENT = "004_d4cc22933688916a.txt"
TITLE = Text(
    "埇桥区教体系统“强基础、补短板、铸安提质年”活动方案",
    "Yongqiao campaign plan for a year of stronger safety foundations",
)
ISSUER = Text("埇桥区教体局", "Yongqiao District Education and Sports Bureau")

#: 自即日起至2023年12月底结束: the notice is dated 2023年3月22日.
CAMPAIGN_FROM = dt.date(2023, 3, 22)
CAMPAIGN_UNTIL = dt.date(2023, 12, 31)

#: 制定方案、自查提升（2023年3月底前）.
FIRST_STAGE_BY = dt.date(2023, 3, 31)

BUS_SCHOOLS = Applies(flags=("uses_school_bus",))

#: 二(一)–(六): six special rectifications of five problems each, the self-inspection list.
SELF_INSPECTION_ITEMS = (
    # (一)消防安全专项整治
    ChecklistItem("fire-1", "fire"),  # 消防安全责任落实不到位
    ChecklistItem("fire-2", "fire"),  # 消防安全教育开展不到位
    ChecklistItem("fire-3", "fire"),  # 消防安全管理制度不健全
    ChecklistItem("fire-4", "fire"),  # 日常防火巡查检查落实不到位
    ChecklistItem("fire-5", "fire"),  # 用电用火用气管理不到位
    # (二)食品安全专项整治: only schools with a canteen
    ChecklistItem("food-1", "food", "has_canteen"),  # 食堂食品安全管理制度落实不到位
    ChecklistItem("food-2", "food", "has_canteen"),  # 采购、存储、加工、销售…操作程序不规范
    ChecklistItem("food-3", "food", "has_canteen"),  # 食堂从业人员日常宣传教育培训
    ChecklistItem("food-4", "food", "has_canteen"),  # “互联网+明厨亮灶”实施率、陪餐制度落实率
    ChecklistItem("food-5", "food", "has_canteen"),  # 生活饮用水卫生许可、传染病…公共场所卫生
    # (三)校车安全专项整治: only schools that use a school bus
    ChecklistItem("bus-1", "bus", "uses_school_bus"),  # 校车安全管理责任落实不到位
    ChecklistItem("bus-2", "bus", "uses_school_bus"),  # 校车日常管理和维护不到位
    ChecklistItem("bus-3", "bus", "uses_school_bus"),  # 交通安全宣传教育和校车安全疏散演练不到位
    ChecklistItem("bus-4", "bus", "uses_school_bus"),  # 未…加装应用…智能视频监控报警装置
    ChecklistItem("bus-5", "bus", "uses_school_bus"),  # 未…签订校车安全管理责任书…运行安全管理措施
    # (四)预防青少年儿童溺水专项整治
    ChecklistItem("drowning-1", "drowning"),  # 防溺水“六不一会”宣传教育不到位
    ChecklistItem("drowning-2", "drowning"),  # “溺呛水自救他救”培训开展不到位
    ChecklistItem("drowning-3", "drowning"),  # 家校沟通不到位
    ChecklistItem("drowning-4", "drowning"),  # 重点人群关爱不到位
    ChecklistItem("drowning-5", "drowning"),  # 水域管护措施落实不到位
    # (五)防范校园欺凌专项整治
    ChecklistItem("bullying-1", "bullying"),  # 预防和处置学生欺凌工作制度及预案不健全
    ChecklistItem("bullying-2", "bullying"),  # 安全教育、法治教育、心理健康教育开展不到位
    ChecklistItem("bullying-3", "bullying"),  # 风险隐患排查不细致
    ChecklistItem("bullying-4", "bullying"),  # 家校联动共育不到位
    ChecklistItem("bullying-5", "bullying"),  # 突发事件处置不及时不到位
    # (六)校园周边环境综合治理专项整治
    ChecklistItem("surroundings-1", "surroundings"),  # 学校专职保安员配备不到位
    ChecklistItem("surroundings-2", "surroundings"),  # 校园周边治安秩序
    ChecklistItem("surroundings-3", "surroundings"),  # 文化秩序
    ChecklistItem("surroundings-4", "surroundings"),  # 交通安全
    ChecklistItem("surroundings-5", "surroundings"),  # 违规经营
)


def _cite(clause: str, text: str) -> Citation:
    return Citation(DOCUMENT, clause, text, TITLE, ISSUER, CAMPAIGN_FROM)


_BY_MARCH = Text(
    "2023年3月底前 = 2023年3月31日当天或之前；此前的记录都算，"
    "通知（2023年3月22日）之前准备的也算。",
    "By the end of March 2023 = on or before 31 March 2023; any record up to that day "
    "counts, one prepared before the notice of 22 March 2023 included.",
)

RULES = (
    Rule(
        "yongqiao.campaign-plan",
        Text("制定提质年活动方案", "Campaign plan"),
        _cite(
            "三(一)",
            "制定方案、自查提升（2023年3月底前）…各级各类学校、幼儿园要认真研究、全面部署，"
            "针对本地、本校薄弱环节，制定“强基础、补短板、铸安提质年”活动方案",
        ),
        [
            Deadline(
                FixedDate(FIRST_STAGE_BY),
                RecordsBy(Need(records("submissions", kind="campaign_plan")), "until_due"),
            )
        ],
        interpretation=_BY_MARCH,
    ),
    Rule(
        "yongqiao.special-meeting",
        Text("召开提质年专题会", "Special meeting on the campaign"),
        _cite(
            "四.三",
            "各级各类学校、幼儿园要通过召开专题会的方式进行专题研究、全面部署",
        ),
        [
            Deadline(
                FixedDate(FIRST_STAGE_BY),
                RecordsBy(Need(records("meetings", kind="campaign")), "until_due"),
            )
        ],
        interpretation=Text(
            "完成第一阶段全面部署的专题会。" + _BY_MARCH.zh,
            "The meeting that lays out the first stage of the campaign. " + _BY_MARCH.en,
        ),
    ),
    Rule(
        "yongqiao.self-inspection",
        Text("全面开展自查自纠", "Self-inspection of the thirty problems"),
        _cite(
            "三(一)",
            "要迅速动员部署，督促学校针对问题短板全面开展自查自纠",
        ),
        [Checklist(SELF_INSPECTION_ITEMS, by=FIRST_STAGE_BY)],
        interpretation=Text(
            "检查项为二(一)至(六)六个专项整治各自的五个方面问题。2023年3月31日当天或之前的"
            "自查记录（与方案一样，可早于通知）合计须覆盖全部适用的检查项：食品安全各项仅适用于"
            "有食堂的学校，校车各项仅适用于使用校车的学校。每个检查项一项义务，对象为检查项编号。",
            "The items are the five problems of each of the six special rectifications of "
            "二(一)–(六). Self-inspections dated on or before 31 March 2023 (like the plans, "
            "they may come before the notice) must together cover every applicable item: the "
            "food items only with a canteen, the bus items only with a school bus. One "
            "obligation per item, its subject the item's number.",
        ),
    ),
    Rule(
        "yongqiao.rectification-plan",
        Text("制定整改方案", "Rectification plan"),
        _cite("三(一)", "全面开展自查自纠，制定整改方案，及时消除安全隐患"),
        [
            Deadline(
                FixedDate(FIRST_STAGE_BY),
                RecordsBy(Need(records("submissions", kind="rectification_plan")), "until_due"),
            )
        ],
        interpretation=_BY_MARCH,
    ),
    Rule(
        "yongqiao.bus-agreement",
        Text("与校车服务提供者签订安全管理责任书", "Safety agreement with the bus provider"),
        _cite("二(三)", "学校未与校车服务提供者签订校车安全管理责任书"),
        [Invariant(Covered("bus_agreements", same_field="provider"), subjects="buses")],
        BUS_SCHOOLS,
        interpretation=Text(
            "活动期间每一天，每辆校车都须有与其服务提供者签订的安全管理责任书。",
            "Every campaign day, each bus is covered by an agreement with its own provider.",
        ),
    ),
    Rule(
        "yongqiao.bus-video-alarm",
        Text("校车加装智能视频监控报警装置", "Smart video alarm on every school bus"),
        _cite("二(三)", "校车未按要求加装应用符合标准的智能视频监控报警装置"),
        [Invariant(FieldsTrue(("video_alarm",)), subjects="buses")],
        interpretation=Text(
            "学校登记的每辆校车，活动期间的每一天。",
            "Every bus the school lists, every campaign day.",
        ),
    ),
    Rule(
        "yongqiao.bus-evacuation-drill",
        Text("校车安全疏散演练", "School-bus evacuation drill"),
        _cite("二(三)", "交通安全宣传教育和校车安全疏散演练不到位"),
        [
            Deadline(
                FixedDate(CAMPAIGN_UNTIL),
                RecordsBy(Need(records("drills", kind="school_bus")), "period"),
            )
        ],
        BUS_SCHOOLS,
        interpretation=Text(
            "活动期间（2023年3月22日至12月31日）至少一次校车安全疏散演练；通知之前的演练不算。",
            "At least one school-bus drill in the campaign, dated 22 March to 31 December "
            "2023; a drill before the notice does not count.",
        ),
        about="school-bus-drill",
    ),
)

PROFILE = Profile(
    id="yongqiao",
    name=Text("埇桥区", "Yongqiao"),
    document=DOCUMENT,
    issuer=ISSUER,
    published=CAMPAIGN_FROM,
    effective_from=CAMPAIGN_FROM,
    effective_until=CAMPAIGN_UNTIL,
    rules=RULES,
    references=("埇桥区教体系统“强基础、补短板、铸安提质年”活动方案 (2023-03-22)",),
    title=TITLE,
    document_resource="safetyregs:sources/yongqiao.txt",
)
