"""``safetyregs init``: a school file to start from, with the rule each entry serves.

The template is the profile's witness (the smallest compliant school file,
with routines where the school file supports them) for one calendar year,
with the default terms written out so that a school can put in its own
dates. In TOML, a comment above each record and routine names the rules it
serves: those whose obligations cite it as evidence or name it as subject.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from ._calendar import Period, default_terms
from ._engine import Profile, evaluate
from ._i18n import Lang
from ._models import Level, SchoolFile, Term
from ._routines import expand_routines
from ._witness import dumps_compact

__all__ = ["served", "template", "template_text"]


def template(profile: Profile, year: int, levels: tuple[Level, ...] | None) -> SchoolFile:
    """The witness of ``profile`` for the calendar ``year``, with its terms written out."""
    from .testing import witness

    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    school_file = witness(profile, period, level=levels, routines=True)
    terms = tuple(Term(t.start, t.end) for t in default_terms(period))
    school = attrs.evolve(
        school_file.school,
        id="my-school",
        name=f"{profile.name.zh}示例学校",
        terms=terms,
    )
    return attrs.evolve(school_file, school=school)


def served(school_file: SchoolFile, profile: Profile, year: int) -> dict[tuple[str, str], set[str]]:
    """``(list, id) -> rule ids`` for every record and routine some obligation relies on."""
    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    expanded = expand_routines(school_file)
    where: dict[str, set[str]] = {}
    for field in attrs.fields(SchoolFile):
        if field.name in {"school", "routines"}:
            continue
        for item in getattr(expanded, field.name):
            item_id = getattr(item, "id", None)
            if item_id:
                where.setdefault(item_id, set()).add(field.name)
    out: dict[tuple[str, str], set[str]] = {}
    for ob in evaluate(school_file, profile, period, period.end + dt.timedelta(days=1)):
        for item_id in (*ob.evidence, ob.subject):
            routine, at, _ = item_id.rpartition("@")
            if at and any(r.id == routine for r in school_file.routines):
                out.setdefault(("routines", routine), set()).add(ob.rule)
                continue
            for collection in where.get(item_id, ()):
                out.setdefault((collection, item_id), set()).add(ob.rule)
    return out


_TABLE = re.compile(r"^\[\[(\w+)\]\]$")
_ID = re.compile(r'^id = "(.*)"$')


def template_text(
    profile: Profile,
    year: int,
    levels: tuple[Level, ...] | None,
    format: str = "toml",
    lang: Lang = "zh",
) -> str:
    """The template as text; TOML carries comments naming the rules each entry serves."""
    school_file = template(profile, year, levels)
    text = dumps_compact(school_file, format)
    if format != "toml":
        return text
    uses = served(school_file, profile, year)
    titles = {rule.id: rule.title(lang) for rule in profile.rules}
    clauses = {rule.id: rule.source.clause for rule in profile.rules}
    lines = text.splitlines()
    out: list[str] = []
    for index, line in enumerate(lines):
        table = _TABLE.match(line)
        following = _ID.match(lines[index + 1]) if index + 1 < len(lines) else None
        if table and following:
            rules = sorted(uses.get((table.group(1), following.group(1)), ()))
            for rule_id in rules:
                out.append(f"# {rule_id}: {titles[rule_id]} ({clauses[rule_id]})")
        if line == "[school]":
            out.append(_school_note(lang))
        out.append(line)
    head = _heading(profile, year, lang)
    return head + "\n".join(out) + "\n"


def _school_note(lang: Lang) -> str:
    if lang == "zh":
        return "# 学校：请改为本校的编号、名称、学段和学期日期"
    return "# The school: put in your school's id, name, levels and term dates"


def _heading(profile: Profile, year: int, lang: Lang) -> str:
    reference = profile.reference(lang)
    if lang == "zh":
        return (
            f"# safetyregs 学校文件模板：{profile.name.zh}，{year} 年\n"
            f"# 依据：{reference}\n"
            "# 下列每条记录和例行事项（routines）都是合规学校应有的；上方注释说明它对应的规则。\n"
            "# 请换成本校的真实编号、人员和日期，删除不适用的部分。\n\n"
        )
    return (
        f"# safetyregs school file template: {profile.name.en}, {year}\n"
        f"# Source: {reference}\n"
        "# Each record and routine below is what a compliant school keeps; the comment above\n"
        "# it names the rules it serves. Replace ids, people and dates with your school's own.\n\n"
    )
