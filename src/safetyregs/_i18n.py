"""Chinese and English text for statuses, units, record kinds and explanations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ._kinds import Message

__all__ = ["Lang", "render", "status_text", "term_text", "unit_text"]

Lang = Literal["zh", "en"]
"""A language of user-facing text: ``"zh"`` (Chinese, the default) or ``"en"`` (English)."""

STATUS = {
    "met": ("已完成", "met"),
    "pending": ("待完成", "pending"),
    "violated": ("已违规", "violated"),
}

UNITS = {
    "drills": ("次演练", "drills"),
    "meetings": ("次会议", "meetings"),
    "education": ("次安全教育", "education records"),
    "submissions": ("份报送材料", "submissions"),
    "duty": ("条领导带班记录", "leader duty records"),
    "screenings": ("次心理筛查", "screenings"),
    "health_checks": ("次晨午检", "health checks"),
    "self_inspections": ("次自查", "self-inspections"),
    "trainings": ("次培训", "trainings"),
    "class_hours": ("学时", "class hours"),
    "class_periods": ("课时", "class periods"),
    "minutes": ("分钟", "minutes"),
    "topics": ("项培训内容", "topics"),
    "fields": ("项要素", "fields"),
    "days": ("天", "days"),
}

#: Field names, steps, roles, topics, themes and collections as a reader says them.
TERMS: dict[str, tuple[str, str]] = {
    "phone_reported_at": ("电话报告时间", "phone report"),
    "written_reported_at": ("书面报告时间", "written report"),
    "letter_receipt_attached": ("家长签字的回执", "parents' signed receipt"),
    "background_check": ("准入查询", "background check"),
    "system_reported": ("风险管控系统填报", "risk-system entry"),
    "content": ("整改内容", "content"),
    "standard": ("整改标准", "standard"),
    "measures": ("整改措施", "measures"),
    "deadline": ("时间进度", "deadline"),
    "responsible": ("责任人", "person responsible"),
    "video_alarm": ("智能视频监控报警装置", "smart video alarm"),
    "registration_certificate": ("使用登记证", "registration certificate"),
    "operator_certificate": ("作业人员证", "operator certificate"),
    "emergency_plan": ("应急预案", "emergency plan"),
    "inspections": ("定期检验", "inspection"),
    "approved_on": ("报批", "approval"),
    "open_fire": ("野外用火", "open fire"),
    "identified": ("排查", "identified"),
    "registered": ("登记", "registered"),
    "assessed": ("评估", "assessed"),
    "reported": ("报告", "reported"),
    "monitored": ("监控", "monitored"),
    "remediated": ("治理", "remediated"),
    "accepted": ("验收", "accepted"),
    "verified": ("核验", "verified"),
    "closed": ("销账", "closed"),
    "rescue_team": ("兼职应急救援队员", "rescue-team members"),
    "basics": ("基础知识", "basics"),
    "skills": ("技能", "skills"),
    "duty_norms": ("值勤规范", "duty norms"),
    "insurance": ("保险", "insurance"),
    "bus_agreements": ("校车安全管理责任书", "bus safety agreement"),
    "kind=school_liability": ("校方责任险", "school liability insurance"),
    "leader=True": ("领导带班", "a leader on duty"),
    "night=True": ("夜间", "at night"),
    "scope=whole_school": ("全校规模", "whole school"),
    "kind=school_bus": ("校车", "school bus"),
    "kind=1530": ("1530安全教育", "1530 safety education"),
    "kind=pre_job": ("岗前培训", "pre-job training"),
    "session=morning": ("晨检", "morning check"),
    "session=noon": ("午检", "noon check"),
    "minutes": ("时长（分钟）", "minutes"),
    "safety_review": ("安全工作研判会", "safety review"),
    "hazard_analysis": ("隐患分析会商", "hazard analysis"),
    "campaign": ("专题会", "campaign meeting"),
    "traffic_survey": ("学生上下学交通情况", "travel survey"),
    "drowning_letter": ("《致全国中小学生家长的一封信》", "letter to parents"),
    "campaign_plan": ("活动方案", "campaign plan"),
    "rectification_plan": ("整改方案", "rectification plan"),
    "drowning": ("防溺水", "drowning prevention"),
    "mental_health": ("心理健康", "mental health"),
    "school_liability": ("校方责任险", "school liability"),
    "national_security": ("国家安全教育日", "National Security Education Day"),
    "disaster_prevention": ("防灾减灾日", "Disaster Prevention Day"),
    "fire_safety": ("消防日", "Fire Safety Day"),
    "traffic_safety": ("交通安全日", "Traffic Safety Day"),
    "school_safety_day": ("全国中小学生安全教育日", "National School Safety Day"),
}


def term_text(term: str, lang: Lang) -> str:
    """A field, step, role or theme as a reader says it; unknown terms stay as they are."""
    zh, en = TERMS.get(term, (term, term))
    return en if lang == "en" else zh


# Templates: {name} placeholders filled from the message parameters.
TEMPLATES: dict[str, tuple[str, str]] = {
    "need": (
        "{window} 内应至少 {required} {unit}{what}，实有 {found}",
        "expected at least {required} {unit}{what} in {window}, found {found}",
    ),
    "covers": (
        "{window} 内的培训未覆盖：{missing}",
        "training in {window} does not cover: {missing}",
    ),
    "missing": ("未记录{field}", "{field} not recorded"),
    "late": ("{field}为 {value}，已超过期限", "{field} was {value}, after the deadline"),
    "early": ("{field}为 {value}，早于起算时间", "{field} was {value}, before the start"),
    "on_time": ("{field}为 {value}，按时", "{field} was {value}, on time"),
    "fields": ("缺少：{missing}", "missing: {missing}"),
    "done_on": ("已于 {value} 完成", "done on {value}"),
    "not_done": (
        "期限内未完成{field}（之后的记录：{late}）",
        "no {field} by the deadline (later record: {late})",
    ),
    "not_covered": ("无有效的{where}（{collection}）", "no {collection} in force ({where})"),
    "fields_false": ("不满足：{missing}", "not true: {missing}"),
    "ratio": (
        "{role}人数 {have}/{of}，低于 {at_least}",
        "{role}: {have} of {of} staff, below {at_least}",
    ),
    "prohibited": (
        "记录 {record}（{date}）不符合：{problems}",
        "record {record} on {date} fails: {problems}",
    ),
    "out_of_order": (
        "{date} 的步骤 {step} 早于或缺少前序步骤：{missing}",
        "step {step} on {date} comes before or without: {missing}",
    ),
    "step_by": (
        "应于 {deadline} 前完成{step}（实际：{done}）",
        "{step} due by {deadline} (done: {done})",
    ),
    "checklist": ("{by} 前的自查未覆盖 {item}", "no self-inspection covered {item} by {by}"),
    "negative": (
        "{entry}：{item} 库存为 {stock}，小于零",
        "{entry}: stock of {item} would be {stock}",
    ),
    "count_mismatch": (
        "{entry}：{item} 清查数 {counted} 与台账库存 {stock} 不符",
        "{entry}: counted {counted} of {item}, ledger stock is {stock}",
    ),
}


def _fmt(value: Any, lang: Lang) -> str:
    if value is None:
        return "无" if lang == "zh" else "none"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else _decimal(value)
    if isinstance(value, tuple | list):
        items = [term_text(str(v), lang) for v in value]
        return "、".join(items) if lang == "zh" else ", ".join(items)
    if isinstance(value, str):
        return term_text(value, lang)
    return str(value)


def _decimal(value: Decimal) -> str:
    """An exact decimal, or a short rounding of a long one (pro-rated quotas)."""
    text = format(value.normalize(), "f")
    return text if len(text) <= 8 else f"{value:.2f}"


def unit_text(unit: str, lang: Lang) -> str:
    zh, en = UNITS.get(unit, (unit, unit))
    return en if lang == "en" else zh


def status_text(status: str, lang: Lang) -> str:
    zh, en = STATUS[status]
    return en if lang == "en" else zh


def _conditions(conditions: Any, lang: Lang) -> str:
    """``("kind=1530", "minutes≥5")`` as a reader says it, in brackets; empty for none."""
    if not conditions:
        return ""
    said = []
    for condition in conditions:
        _, _, value = condition.partition("=")
        if condition in TERMS:
            said.append(term_text(condition, lang))
        elif value in TERMS:
            said.append(term_text(value, lang))
        elif "≥" in condition:
            field, _, minimum = condition.partition("≥")
            said.append(f"{term_text(field, lang)} ≥ {minimum}")
        else:
            said.append(condition)
    return f"（{'、'.join(said)}）" if lang == "zh" else f" ({', '.join(said)})"


#: Added to any explanation whose message names a late record (``late``).
LATE_SUFFIX = ("；逾期记录日期：{late}", "; late record on {late}")


def render(message: Message, lang: Lang = "zh") -> str:
    """Fill the template of a message in the chosen language.

    A message made of several parts (``all_of``) says every part.
    """
    if message.key == "all_of":
        parts = dict(message.params)["parts"]
        return ("；" if lang == "zh" else "; ").join(render(p, lang) for p in parts)
    zh, en = TEMPLATES.get(message.key, (message.key, message.key))
    raw_params = dict(message.params)
    if "late" in raw_params and "{late}" not in zh:
        zh, en = zh + LATE_SUFFIX[0], en + LATE_SUFFIX[1]
    params = {k: _fmt(v, lang) for k, v in message.params}
    raw = raw_params
    if "unit" in params:
        params["unit"] = unit_text(str(raw["unit"]), lang)
    if "what" in params:
        params["what"] = _conditions(raw["what"], lang)
    try:
        return (en if lang == "en" else zh).format(**params)
    except KeyError:
        return f"{message.key} {params}"
