"""Render a profile as a Markdown page, from the profile data alone.

The documentation site builds one page per installed profile with
:func:`profile_markdown` (see ``docs/hooks.py``), so a plugin's page is as
complete as a built-in one and can never drift from the rules it describes.

>>> from safetyregs import profiles
>>> page = profile_markdown(profiles.get("ziyang"))
>>> "ziyang.evacuation-drill-monthly" in page
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, Literal

from ._engine import Profile, Rule
from ._params import parameter_list

__all__ = ["interpretations_table", "profile_markdown", "profiles_table"]

Lang = Literal["en", "zh"]

_LABELS: dict[str, tuple[str, str]] = {
    # key: (en, zh)
    "issuer": ("Issuer", "发文单位"),
    "document": ("Source document", "来源文件"),
    "text": ("Text", "原文"),
    "published": ("Published", "发布日期"),
    "effective": ("Effective", "生效期间"),
    "rules": ("Rules", "规则数"),
    "references": ("References", "参考文献"),
    "open": ("open (standing rules)", "长期有效"),
    "summary": ("Rules at a glance", "规则一览"),
    "rule": ("Rule", "规则"),
    "title": ("Title", "名称"),
    "kind": ("Kind", "类型"),
    "clause": ("Clause", "条款"),
    "applies": ("Applies to", "适用"),
    "interpretation": ("Interpretation", "解释"),
    "parameters": ("Parameters", "参数"),
    "parameter": ("Parameter", "参数"),
    "value": ("Value", "值"),
    "type": ("Type", "类型"),
    "tightens": ("Stricter when", "更严格的方向"),
    "increase": ("increased", "增大"),
    "decrease": ("decreased", "减小"),
    "citation": ("Citation", "依据"),
    "in_context": (
        "{command} prints the clause in the text of the document.",
        "{command} 打印该条款在文件原文中的上下文。",
    ),
    "json": ("As JSON (`safetyregs profile {id} --format json`)", "JSON 形式"),
    "none": ("none", "无"),
    "overview": (
        "Generated from the profile data at build time. Parameter paths are the ones "
        "`Profile.derive(override=...)` accepts (`Profile.parameters()` lists them); a value "
        "in italics names the kind of part; *Stricter when* says which way of changing a "
        "parameter makes the rule stricter; empty or unset parameters are shown only in "
        "the JSON.",
        "本页在构建文档时由规则数据自动生成。参数路径即 `Profile.derive(override=...)` "
        "所用的路径（`Profile.parameters()` 列出全部）；斜体为组成部分的类型；"
        "“更严格的方向”说明参数朝哪个方向改变会使规则更严格；空值只在 JSON 中列出。",
    ),
    "id": ("Id", "编号"),
    "name": ("Name", "名称"),
}


def _t(key: str, lang: Lang) -> str:
    en, zh = _LABELS[key]
    return zh if lang == "zh" else en


def _cell(text: object) -> str:
    """Text safe inside one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _span(start: dt.date, end: dt.date | None, lang: Lang) -> str:
    return f"{start.isoformat()} – {end.isoformat() if end else _t('open', lang)}"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return f"`{json.dumps(value, ensure_ascii=False)}`"
    return f"`{json.dumps(value, ensure_ascii=False, sort_keys=True)}`"


def parameter_rows(rule: Rule) -> list[tuple[str, str, str, str]]:
    """``(path, shown value, type, tightens)`` rows from :meth:`Rule.parameters`.

    Containers are left out (their leaves are rows), and so are unset and empty
    parameters (the JSON block shows them). A part is shown by its type name in italics.
    """
    rows: list[tuple[str, str, str, str]] = []
    for p in rule.parameters():
        value = p.to_json()
        if p.container or value is None or value == []:
            continue
        shown = f"*{value}*" if p.type == "kind" else _value(value)
        rows.append((p.path, shown, p.type, p.tightens or ""))
    return rows


def _rule_section(rule: Rule, profile: Profile, lang: Lang) -> list[str]:
    other: Lang = "zh" if lang == "en" else "en"
    start = rule.effective_from or profile.effective_from
    end = rule.effective_until or profile.effective_until
    lines = [
        f"## {rule.title(lang)} {{#{rule.id}}}",
        "",
        f"`{rule.id}` · {rule.title(other)}",
        "",
        f"- **{_t('kind', lang)}**: {rule.kind}",
        f"- **{_t('applies', lang)}**: {rule.applies_to.text(lang)}",
        f"- **{_t('effective', lang)}**: {_span(start, end, lang)}",
    ]
    if rule.interpretation:
        lines.append(f"- **{_t('interpretation', lang)}**: {rule.interpretation(lang)}")
        if rule.interpretation(other) != rule.interpretation(lang):
            lines.append(f"- **{_t('interpretation', other)}**: {rule.interpretation(other)}")
    source = rule.source
    lines += [
        "",
        f"**{_t('citation', lang)}**: {source.reference('zh')} {source.clause}",
        "",
        f"> {source.text}",
        "",
        *(
            [_t("in_context", lang).format(command=f"`safetyregs source {rule.id}`"), ""]
            if profile.document_resource is not None
            else []
        ),
        f"**{_t('parameters', lang)}**",
        "",
        f"| {_t('parameter', lang)} | {_t('value', lang)} | {_t('type', lang)} "
        f"| {_t('tightens', lang)} |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{path}` | {_cell(shown)} | {vtype} | {_t(tight, lang) if tight else ''} |"
        for path, shown, vtype, tight in parameter_rows(rule)
    ]
    # One parameter a line: the list stays readable however many parameters a rule has.
    items = [
        json.dumps(item, ensure_ascii=False, sort_keys=True)
        for item in parameter_list(rule.parameters())
    ]
    as_json = "[\n" + ",\n".join(f"  {item}" for item in items) + "\n]"
    lines += [
        "",
        f'??? note "{_t("json", lang).format(id=profile.id)}"',
        "",
        "    ```json",
        *("    " + line for line in as_json.splitlines()),
        "    ```",
        "",
    ]
    return lines


def profile_markdown(profile: Profile, lang: Lang = "en") -> str:
    """One profile as a Markdown page: its source, then every rule with its citation.

    ``lang`` (``"en"`` or ``"zh"``) chooses the labels and which title
    comes first; the citation is always the original Chinese. The page uses
    ``attr_list`` (rule ids as heading anchors), tables and the
    ``pymdownx.details`` admonition ``???``.

    >>> from safetyregs import profiles
    >>> profile_markdown(profiles.get("ziyang")).splitlines()[0]
    '# Ziyang 资阳市 (`ziyang`)'
    """
    other: Lang = "zh" if lang == "en" else "en"
    head = (
        f"# {profile.name(lang)} {profile.name(other)} (`{profile.id}`)"
        if lang == "en"
        else f"# {profile.name(lang)}（`{profile.id}`）"
    )
    lines = [
        head,
        "",
        _t("overview", lang),
        "",
        "| | |",
        "|---|---|",
        f"| {_t('issuer', lang)} | {_cell(profile.issuer(lang))} "
        f"({_cell(profile.issuer(other))}) |",
        f"| {_t('document', lang)} | {_cell(_document(profile, lang))} |",
        f"| {_t('published', lang)} | {profile.published.isoformat()} |",
        f"| {_t('effective', lang)} | "
        f"{_span(profile.effective_from, profile.effective_until, lang)} |",
        f"| {_t('rules', lang)} | {len(profile.rules)} |",
    ]
    if profile.references:
        refs = "<br>".join(_cell(r) for r in profile.references)
        lines.append(f"| {_t('references', lang)} | {refs} |")
    lines += [
        "",
        f"## {_t('summary', lang)}",
        "",
        f"| {_t('rule', lang)} | {_t('title', lang)} | {_t('kind', lang)} | {_t('clause', lang)} |",
        "|---|---|---|---|",
    ]
    for rule in profile.rules:
        lines.append(
            f"| [`{rule.id}`](#{rule.id}) | {_cell(rule.title(lang))} | {rule.kind} "
            f"| {_cell(rule.source.clause)} |"
        )
    lines.append("")
    for rule in profile.rules:
        lines += _rule_section(rule, profile, lang)
    return "\n".join(lines).rstrip() + "\n"


def _document(profile: Profile, lang: Lang) -> str:
    """The document's title as printed, with its translation on an English page."""
    if profile.title is None:
        return profile.document
    printed = "《" + profile.title.zh.replace("《", "〈").replace("》", "〉") + "》"
    return printed if lang == "zh" else f"{printed} ({profile.title.en})"


def profiles_table(profiles: Iterable[Profile], lang: Lang = "en", *, link: str = "{id}.md") -> str:
    """A Markdown table of profiles: id (linked with ``link``), name, effective span, rules."""
    lines = [
        f"| {_t('id', lang)} | {_t('name', lang)} | {_t('issuer', lang)} "
        f"| {_t('effective', lang)} | {_t('rules', lang)} |",
        "|---|---|---|---|---|",
    ]
    other: Lang = "zh" if lang == "en" else "en"
    for p in sorted(profiles, key=lambda p: p.id):
        lines.append(
            f"| [`{p.id}`]({link.format(id=p.id)}) | {_cell(p.name(lang))} {_cell(p.name(other))} "
            f"| {_cell(p.issuer(lang))} | {_span(p.effective_from, p.effective_until, lang)} "
            f"| {len(p.rules)} |"
        )
    return "\n".join(lines) + "\n"


def interpretations_table(
    profiles: Iterable[Profile], *, link: str = "profiles/{profile}.md#{rule}"
) -> str:
    """A Markdown table of every rule that carries an interpretation, linked to its page."""
    lines = ["| rule | interpretation | 解释 |", "|---|---|---|"]
    for p in sorted(profiles, key=lambda p: p.id):
        for rule in p.rules:
            if rule.interpretation:
                target = link.format(profile=p.id, rule=rule.id)
                lines.append(
                    f"| [`{rule.id}`]({target}) | {_cell(rule.interpretation('en'))} "
                    f"| {_cell(rule.interpretation('zh'))} |"
                )
    return "\n".join(lines) + "\n"
