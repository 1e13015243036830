"""Hand-worked tests for mutants of the rule kinds that survived the rest of the suite.

Each test pins what a one-token change of a deadline trigger, a requirement, an invariant
condition, a prohibition, a lifecycle, a checklist or a ledger moved without any other test
noticing (see docs/testing.md, "Survivors and what was done"). Explanations are compared
word for word in Chinese and English, as a safety officer reads them; the expected texts are
written out by hand from the templates of the explanations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

import safetyregs
from safetyregs import (
    Activity,
    ChemicalEntry,
    Obligation,
    Period,
    SchoolFile,
    SelfInspection,
)
from safetyregs.kinds import (
    Applies,
    Checklist,
    ChecklistItem,
    Citation,
    Profile,
    Rule,
    Text,
)

D = dt.date.fromisoformat

ZIYANG = safetyregs.profiles.get("ziyang")
YONGQIAO = safetyregs.profiles.get("yongqiao")


def explained(ob: Obligation) -> tuple[str, str]:
    """An obligation's explanation in Chinese and in English."""
    return safetyregs.render(ob.detail, "zh"), safetyregs.render(ob.detail, "en")


def owed(
    sf: SchoolFile, profile: safetyregs.Profile, rule: str, start: str, end: str, as_of: str
) -> list[Obligation]:
    """The obligations of one rule due from ``start`` to ``end``, as of ``as_of``."""
    return list(safetyregs.evaluate(sf, profile, Period(D(start), D(end)), D(as_of), rules=[rule]))


def row(ob: Obligation) -> tuple[Any, ...]:
    """Subject, period, due, status and evidence of an obligation, as ISO text."""
    due = ob.due.isoformat()
    return (ob.subject, str(ob.period), due, ob.status, ob.evidence)


# --- ledger --------------------------------------------------------------------------


def chemicals(*entries: tuple[str, str, str, str, str]) -> tuple[ChemicalEntry, ...]:
    return tuple(
        ChemicalEntry(i, item, D(day), action, Decimal(q)) for i, item, day, action, q in entries
    )


class TestLedger:
    """ziyang.hazmat-ledger: each item its own stock; the entry that breaks it is named."""

    RULE = "ziyang.hazmat-ledger"

    def lab(self, make_school: Any, *entries: tuple[str, str, str, str, str]) -> SchoolFile:
        return make_school(has_laboratory=True, chemicals=chemicals(*entries))

    def test_explanations_of_a_short_stock_and_a_wrong_count(self, make_school: Any) -> None:
        """Ethanol: acquire 10 on 2 Mar, counted 8 on 5 Mar (stock 10). Hydrochloric acid:
        5 used on 3 Mar with nothing acquired: its own stock is −5, whatever the ethanol."""
        sf = self.lab(
            make_school,
            ("c1", "ethanol", "2026-03-02", "acquire", "10"),
            ("c2", "hcl", "2026-03-03", "use", "5"),
            ("c3", "ethanol", "2026-03-05", "inventory", "8"),
        )
        found = owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01")
        assert [row(o) for o in found] == [
            ("c2", "2026-03-03..2026-03-03", "2026-03-03", "violated", ("c2",)),
            ("c3", "2026-03-05..2026-03-05", "2026-03-05", "violated", ("c3",)),
        ]
        assert [explained(o) for o in found] == [
            ("c2：hcl 库存为 -5，小于零", "c2: stock of hcl would be -5"),
            (
                "c3：ethanol 清查数 8 与台账库存 10 不符",
                "c3: counted 8 of ethanol, ledger stock is 10",
            ),
        ]

    def test_stock_used_up_to_zero_is_balanced(self, make_school: Any) -> None:
        """Acquire 500, use 300, dispose of 200: stock is exactly 0, never below; a count
        of 0 on the same day agrees with it."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-02", "acquire", "500"),
            ("c2", "hcl", "2026-03-10", "use", "300"),
            ("c3", "hcl", "2026-03-20", "dispose", "200"),
            ("c4", "hcl", "2026-03-20", "inventory", "0"),
        )
        assert owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []

    def test_half_a_unit_left_is_balanced(self, make_school: Any) -> None:
        """Acquire 1.5, use 1: 0.5 left is not below zero."""
        sf = self.lab(
            make_school,
            ("c1", "hcl", "2026-03-02", "acquire", "1.5"),
            ("c2", "hcl", "2026-03-10", "use", "1"),
        )
        assert owed(sf, ZIYANG, self.RULE, "2026-03-01", "2026-03-31", "2026-04-01") == []


# --- checklist ------------------------------------------------------------------------

#: The twenty self-inspection items of Yongqiao that every school has.
ALWAYS = [
    f"{area}-{n}" for area in ("fire", "drowning", "bullying", "surroundings") for n in range(1, 6)
]


class TestChecklist:
    """yongqiao.self-inspection and a checklist counting only records inside its period."""

    RULE = "yongqiao.self-inspection"

    def test_explanation_and_evidence_of_each_item(self, make_school: Any) -> None:
        """Two inspections (22 and 31 Mar 2023) both cover fire-1; none covers bullying-3.
        fire-1 is met with both as evidence, bullying-3 violated with none and explained."""
        first = [i for i in ALWAYS if i.startswith(("fire", "drowning"))]
        second = [i for i in ALWAYS if i not in first and i != "bullying-3"] + ["fire-1"]
        sf = make_school(
            terms=(),
            jurisdiction="yongqiao",
            self_inspections=[
                SelfInspection("si2", D("2023-03-31"), second),
                SelfInspection("si1", D("2023-03-22"), first),
            ],
        )
        found = {
            o.subject: o
            for o in owed(sf, YONGQIAO, self.RULE, "2023-03-01", "2023-12-31", "2023-04-01")
        }
        assert set(found) == set(ALWAYS)
        assert row(found["fire-1"]) == (
            "fire-1",
            "2023-03-22..2023-03-31",
            "2023-03-31",
            "met",
            ("si1", "si2"),
        )
        assert row(found["bullying-3"]) == (
            "bullying-3",
            "2023-03-22..2023-03-31",
            "2023-03-31",
            "violated",
            (),
        )
        assert explained(found["bullying-3"]) == (
            "2023-03-31 前的自查未覆盖 bullying-3",
            "no self-inspection covered bullying-3 by 2023-03-31",
        )
        assert explained(found["fire-2"]) == (
            "2023-03-31 前的自查未覆盖 fire-2",
            "no self-inspection covered fire-2 by 2023-03-31",
        )

    def test_an_inspection_of_1_january_1900_counts(self, make_school: Any) -> None:
        """Any record up to 31 March 2023 counts, back to the first day of the horizon."""
        sf = make_school(
            terms=(),
            jurisdiction="yongqiao",
            self_inspections=[SelfInspection("si0", D("1900-01-01"), ALWAYS)],
        )
        found = owed(sf, YONGQIAO, self.RULE, "2023-03-01", "2023-12-31", "2023-04-01")
        assert {(o.status, o.evidence) for o in found} == {("met", ("si0",))}
        assert len(found) == 20

    def test_period_window_counts_only_records_inside_it(self, make_school: Any) -> None:
        """A checklist due 30 Jun 2026 of a rule effective 1 Jun 2026, counting only records
        in its period (1–30 Jun): an inspection of 31 May does not cover fire-1, one of
        1 Jun covers fire-2."""
        rule = Rule(
            "test.june-checklist",
            Text("六月自查", "June self-inspection"),
            Citation("test.txt", "1", "六月底前完成自查"),
            [
                Checklist(
                    (ChecklistItem("fire-1", "fire"), ChecklistItem("fire-2", "fire")),
                    by=D("2026-06-30"),
                    window="period",
                )
            ],
            Applies(),
        )
        profile = Profile(
            id="test",
            name=Text("测试", "Test"),
            document="test.txt",
            issuer=Text("测试局", "Test bureau"),
            published=D("2026-06-01"),
            effective_from=D("2026-06-01"),
            rules=(rule,),
        )
        sf = make_school(
            self_inspections=[
                SelfInspection("si1", D("2026-05-31"), ["fire-1", "fire-2"]),
                SelfInspection("si2", D("2026-06-01"), ["fire-2"]),
            ]
        )
        found = owed(sf, profile, rule.id, "2026-06-01", "2026-06-30", "2026-07-01")
        assert [row(o) for o in found] == [
            ("fire-1", "2026-06-01..2026-06-30", "2026-06-30", "violated", ()),
            ("fire-2", "2026-06-01..2026-06-30", "2026-06-30", "met", ("si2",)),
        ]


# --- prohibition ----------------------------------------------------------------------


class TestProhibition:
    """ziyang.outing-approval and ziyang.outing-no-open-fire (fire season 1 Jan–31 May)."""

    def test_outing_after_one_outside_the_season_is_still_checked(self, make_school: Any) -> None:
        """An outing of 15 Jun 2026 (outside the season) comes first in a two-year range;
        the unapproved outing of 20 Jan 2027 after it is still an offence, explained."""
        sf = make_school(
            activities=[
                Activity("a1", D("2026-06-15"), "outing"),
                Activity("a2", D("2027-01-20"), "outing"),
                Activity("a3", D("2027-01-22"), "outing", approved_on=D("2027-01-22")),
            ]
        )
        found = owed(sf, ZIYANG, "ziyang.outing-approval", "2026-01-01", "2027-12-31", "2028-01-01")
        assert [row(o) for o in found] == [
            ("a2", "2027-01-20..2027-01-20", "2027-01-20", "violated", ("a2",))
        ]
        assert explained(found[0]) == (
            "记录 a2（2027-01-20）不符合：报批",
            "record a2 on 2027-01-20 fails: approval",
        )

    def test_open_fire_explained(self, make_school: Any) -> None:
        """Open fire on an outing of 31 May 2026, the last day of the season."""
        sf = make_school(activities=[Activity("a1", D("2026-05-31"), "outing", open_fire=True)])
        found = owed(
            sf, ZIYANG, "ziyang.outing-no-open-fire", "2026-05-01", "2026-06-30", "2026-07-01"
        )
        assert [row(o) for o in found] == [
            ("a1", "2026-05-31..2026-05-31", "2026-05-31", "violated", ("a1",))
        ]
        assert explained(found[0]) == (
            "记录 a1（2026-05-31）不符合：野外用火",
            "record a1 on 2026-05-31 fails: open fire",
        )


# --- deadline triggers ------------------------------------------------------------------


class TestTermStart:
    """ziyang.traffic-survey: within one calendar month of each term's first day."""

    RULE = "ziyang.traffic-survey"

    def test_a_one_day_term_still_owes_its_survey(self, make_school: Any) -> None:
        """A term of the single day 1 Sep 2026 owes the survey by 1 Oct 2026: asked for
        October, the obligation runs 1 Sep – 1 Oct and is explained."""
        sf = make_school(terms=[("2026-09-01", "2026-09-01")])
        found = owed(sf, ZIYANG, self.RULE, "2026-10-01", "2026-10-31", "2026-11-01")
        assert [row(o) for o in found] == [
            ("zy-001", "2026-09-01..2026-10-01", "2026-10-01", "violated", ())
        ]
        assert explained(found[0]) == (
            "2026-09-01..2026-10-01 内应至少 1 份报送材料（学生上下学交通情况），实有 0",
            "expected at least 1 submissions (travel survey) in 2026-09-01..2026-10-01, found 0",
        )
