"""The engine: status as of a day, the range an obligation belongs to, profiles.

Built on small profiles made here from the rule kinds, and on ziyang where a
real regulation makes the point clearer. Dates are worked by hand (see
``test_ziyang.py`` for the 2026 holiday arrangement).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any, ClassVar

import pytest

import safetyregs
from conftest import one_off_profile
from safetyregs import (
    Citation,
    Drill,
    Incident,
    InsurancePolicy,
    Period,
    Profile,
    Rule,
    SchoolFile,
    Text,
)
from safetyregs._engine import status_of
from safetyregs._kinds import Months, Need, Recurring, records

D = dt.date.fromisoformat
T = dt.datetime.fromisoformat
CST = dt.timezone(dt.timedelta(hours=8))

ZIYANG = safetyregs.profiles.get("ziyang")
DRILL_RULE = "ziyang.evacuation-drill-monthly"

MONTHLY = Rule(
    "test.monthly-drill",
    Text("每月演练", "Monthly drill"),
    Citation("test.txt", "1", "每月演练一次"),
    [Recurring(Months(), [Need(records("drills"))])],
)
TEST_PROFILE = one_off_profile(MONTHLY)


def statuses(sf: SchoolFile, profile: Profile, start: str, end: str, as_of: str) -> list[str]:
    found = safetyregs.evaluate(sf, profile, Period(D(start), D(end)), D(as_of))
    return [o.status for o in found]


def key(o: safetyregs.Obligation) -> tuple[Any, ...]:
    return (o.rule, o.subject, o.period.start, o.period.end, o.due, o.status)


class TestStatusOf:
    """``status_of``: met, else pending through the due day, else violated."""

    def test_satisfied_is_met_whatever_the_day(self) -> None:
        """A satisfied obligation is met before, on and after its due day."""
        due = D("2026-11-30")
        assert [status_of(True, due, D(d)) for d in ("2026-11-01", "2026-11-30", "2027-01-01")] == [
            "met"
        ] * 3

    def test_unsatisfied_pending_on_due_day(self) -> None:
        """as_of is the start of a day: on the due day itself the moment is not over."""
        assert status_of(False, D("2026-11-30"), D("2026-11-30")) == "pending"

    def test_unsatisfied_violated_day_after(self) -> None:
        """From the day after the due day the obligation is violated."""
        assert status_of(False, D("2026-11-30"), D("2026-12-01")) == "violated"

    def test_datetime_due(self) -> None:
        """A due moment at 00:20 on 1 Nov: pending as of 1 Nov, violated as of 2 Nov."""
        due = dt.datetime(2026, 11, 1, 0, 20, tzinfo=CST)
        assert (status_of(False, due, D("2026-11-01")), status_of(False, due, D("2026-11-02"))) == (
            "pending",
            "violated",
        )


class TestStatusThroughEvaluate:
    """Records decide met; ``as_of`` only decides pending versus violated."""

    def test_record_on_due_day_is_met(self, make_school: Any) -> None:
        """A drill on 30 Nov meets November."""
        sf = make_school(drills=(Drill("d1", D("2026-11-30")),))
        assert statuses(sf, TEST_PROFILE, "2026-11-01", "2026-11-30", "2026-12-01") == ["met"]

    def test_pending_then_violated(self, make_school: Any) -> None:
        """No drill: pending as of 30 Nov, violated as of 1 Dec."""
        sf = make_school()
        assert statuses(sf, TEST_PROFILE, "2026-11-01", "2026-11-30", "2026-11-30") == ["pending"]
        assert statuses(sf, TEST_PROFILE, "2026-11-01", "2026-11-30", "2026-12-01") == ["violated"]

    def test_record_after_due_never_satisfies(self, make_school: Any) -> None:
        """A drill on 1 Dec does not repair November, however late as_of is."""
        sf = make_school(drills=(Drill("d1", D("2026-12-01")),))
        assert statuses(sf, TEST_PROFILE, "2026-11-01", "2026-11-30", "2030-01-01") == ["violated"]

    def test_future_record_before_due_counts(self, make_school: Any) -> None:
        """A drill dated 20 Nov meets November as of 1 Nov: as_of never hides a record."""
        sf = make_school(drills=(Drill("d1", D("2026-11-20")),))
        assert statuses(sf, TEST_PROFILE, "2026-11-01", "2026-11-30", "2026-11-01") == ["met"]

    def test_as_of_before_period_is_pending(self, make_school: Any) -> None:
        """Asked long before November, an empty November is pending."""
        sf = make_school()
        assert statuses(sf, TEST_PROFILE, "2026-11-01", "2026-11-30", "2026-01-01") == ["pending"]

    def test_late_report_never_met(self, make_school: Any) -> None:
        """A phone report one minute late is violated, not met, as of any later day."""
        sf = make_school(
            incidents=(
                Incident(
                    "i1",
                    T("2026-10-14T15:10:00"),
                    phone_reported_at=T("2026-10-14T15:41:00"),
                ),
            )
        )
        found = safetyregs.evaluate(
            sf, ZIYANG, Period(D("2026-10-14"), D("2026-10-14")), D("2027-01-01"),
            rules=["ziyang.incident-phone-report"],
        )  # fmt: skip
        assert [(o.status, o.due) for o in found] == [
            ("violated", dt.datetime(2026, 10, 14, 15, 40, tzinfo=CST))
        ]

    def test_results_sorted(self, make_school: Any) -> None:
        """evaluate returns obligations sorted by due, then rule, then subject."""
        sf = safetyregs.example_school()
        found = safetyregs.evaluate(
            sf, ZIYANG, Period(D("2026-01-01"), D("2026-12-31")), D("2027-01-01")
        )
        keys = [(o.due_date, o.rule, o.subject) for o in found]
        assert len(keys) > 30
        assert keys == sorted(keys)


class TestAdditivity:
    """An obligation belongs to the range holding its due date: ranges add up."""

    SPLITS = ("2026-01-16", "2026-03-31", "2026-04-02", "2026-10-04", "2026-11-15")

    def non_invariant(self, sf: SchoolFile, start: str, end: str) -> Counter[tuple[Any, ...]]:
        found = safetyregs.evaluate(sf, ZIYANG, Period(D(start), D(end)), D("2026-11-23"))
        return Counter(key(o) for o in found if o.rule != "ziyang.liability-insurance")

    @pytest.mark.parametrize("split", SPLITS)
    def test_split_range_adds_up(self, split: str) -> None:
        """Obligations of 2025-09-01..2026-12-31 = those of ..split + split+1.. (example school).

        Splits: the end of the autumn term, the day a themed week (30 Mar–5 Apr)
        straddles, the Sunday inside the National Day break, and mid-November.
        """
        sf = safetyregs.example_school()
        after = (D(split) + dt.timedelta(days=1)).isoformat()
        whole = self.non_invariant(sf, "2025-09-01", "2026-12-31")
        parts = self.non_invariant(sf, "2025-09-01", split) + self.non_invariant(
            sf, after, "2026-12-31"
        )
        assert sum(whole.values()) > 40
        assert whole == parts

    def test_invariant_runs_cover_the_same_days(self, make_school: Any) -> None:
        """Insurance runs of a split range cover the same failing days as the whole range."""
        sf = make_school(
            insurance=(
                InsurancePolicy("p1", "school_liability", D("2026-01-01"), D("2026-08-31")),
                InsurancePolicy("p2", "school_liability", D("2026-09-11"), D("2026-12-31")),
            )
        )

        def days(start: str, end: str) -> set[dt.date]:
            found = safetyregs.evaluate(
                sf, ZIYANG, Period(D(start), D(end)), D("2027-01-01"),
                rules=["ziyang.liability-insurance"],
            )  # fmt: skip
            return {day for o in found for day in o.period}

        whole = days("2026-08-01", "2026-09-30")
        assert whole == set(Period(D("2026-09-01"), D("2026-09-10")))
        assert days("2026-08-01", "2026-09-05") | days("2026-09-06", "2026-09-30") == whole


class TestEvaluateOptions:
    """The ``rules`` filter and who a rule applies to."""

    def test_rules_filter(self, make_school: Any) -> None:
        """``rules=[...]`` evaluates only the named rules."""
        sf = make_school()
        found = safetyregs.evaluate(
            sf, ZIYANG, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01"),
            rules=[DRILL_RULE],
        )  # fmt: skip
        assert [o.rule for o in found] == [DRILL_RULE]

    def test_obligation_carries_citation_and_title(self, make_school: Any) -> None:
        """Each obligation carries its rule's citation and title."""
        sf = make_school()
        found = safetyregs.evaluate(
            sf, ZIYANG, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01"),
            rules=[DRILL_RULE],
        )  # fmt: skip
        assert found[0].source == ZIYANG.rule(DRILL_RULE).source
        assert found[0].title.en == "Monthly evacuation drill (schools)"

    def test_profile_rule_lookup(self) -> None:
        """``Profile.rule`` finds a rule by id and raises KeyError otherwise."""
        assert ZIYANG.rule(DRILL_RULE).id == DRILL_RULE
        with pytest.raises(KeyError):
            ZIYANG.rule("ziyang.nothing")

    def test_duplicate_rule_ids_rejected(self) -> None:
        """A profile may not hold one rule id twice."""
        with pytest.raises(ValueError, match="twice"):
            Profile(
                id="dup",
                name=Text("重", "Dup"),
                document="x",
                issuer=Text("x", "x"),
                published=D("2026-01-01"),
                effective_from=D("2026-01-01"),
                rules=(MONTHLY, MONTHLY),
            )

    def test_effective_until_drops_later_obligations(self, make_school: Any) -> None:
        """A profile ending 31 Oct owes nothing due in November."""
        ended = TEST_PROFILE.derive("test-ended", effective_until=D("2026-10-31"))
        sf = make_school()
        assert statuses(sf, ended, "2026-10-01", "2026-11-30", "2026-12-01") == ["violated"]


class TestDerive:
    """``Profile.derive``: a district builds on ziyang without copying it."""

    TWICE: ClassVar[dict[str, Any]] = {DRILL_RULE: {"needs": (Need(records("drills"), 2),)}}

    def drill_status(self, profile: Profile, sf: SchoolFile) -> list[tuple[str, Decimal | None]]:
        found = safetyregs.evaluate(
            sf, profile, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01"),
            rules=[DRILL_RULE],
        )  # fmt: skip
        return [(o.status, o.found) for o in found]

    def test_two_drills_a_month(self, make_school: Any) -> None:
        """One November drill meets ziyang but not the district's two-a-month rule."""
        strict = ZIYANG.derive("ziyang-district", override=self.TWICE)
        one = make_school(drills=(Drill("d1", D("2026-11-12")),))
        assert self.drill_status(ZIYANG, one) == [("met", Decimal(1))]
        assert self.drill_status(strict, one) == [("violated", Decimal(1))]

    def test_two_drills_meet_it(self, make_school: Any) -> None:
        """Two November drills meet the district rule."""
        strict = ZIYANG.derive("ziyang-district", override=self.TWICE)
        two = make_school(drills=(Drill("d1", D("2026-11-02")), Drill("d2", D("2026-11-30"))))
        assert self.drill_status(strict, two) == [("met", Decimal(2))]

    def test_original_unchanged(self) -> None:
        """Deriving leaves ziyang as it was and keeps the citation and other rules."""
        strict = ZIYANG.derive("ziyang-district", override=self.TWICE)
        assert ZIYANG.rule(DRILL_RULE).checks[0].needs[0].at_least == Decimal(1)
        assert strict.rule(DRILL_RULE).source == ZIYANG.rule(DRILL_RULE).source
        assert [r.id for r in strict.rules] == [r.id for r in ZIYANG.rules]
        assert (strict.id, ZIYANG.id) == ("ziyang-district", "ziyang")

    def test_remove(self, make_school: Any) -> None:
        """A removed rule yields no obligations."""
        lighter = ZIYANG.derive("ziyang-light", remove=["ziyang.safety-review-meeting"])
        sf = make_school()
        found = safetyregs.evaluate(
            sf, lighter, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01")
        )
        assert len(lighter.rules) == 14
        assert "ziyang.safety-review-meeting" not in {o.rule for o in found}
        assert DRILL_RULE in {o.rule for o in found}

    def test_add(self, make_school: Any) -> None:
        """An added rule is evaluated with the rest."""
        extra = ZIYANG.derive("ziyang-plus", add=[MONTHLY])
        sf = make_school()
        found = safetyregs.evaluate(
            sf, extra, Period(D("2026-08-01"), D("2026-08-31")), D("2026-09-01")
        )
        assert "test.monthly-drill" in {o.rule for o in found}

    def test_override_rule_field(self, make_school: Any) -> None:
        """Overriding ``effective_from`` of one rule moves only that rule's start."""
        later = ZIYANG.derive(
            "ziyang-later",
            override={"ziyang.safety-review-meeting": {"effective_from": D("2027-01-01")}},
        )
        sf = make_school()
        found = safetyregs.evaluate(
            sf, later, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01")
        )
        assert "ziyang.safety-review-meeting" not in {o.rule for o in found}
        assert DRILL_RULE in {o.rule for o in found}

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"override": {"ziyang.no-such-rule": {"needs": ()}}},
            {"remove": ["ziyang.no-such-rule"]},
        ],
    )
    def test_unknown_rule_id(self, kwargs: dict[str, Any]) -> None:
        """Naming a rule the profile does not have raises ProfileError."""
        with pytest.raises(safetyregs.ProfileError, match="no-such-rule"):
            ZIYANG.derive("bad", **kwargs)

    def test_unknown_parameter(self) -> None:
        """A parameter no check of the rule has raises ProfileError."""
        with pytest.raises(safetyregs.ProfileError, match="no_such_parameter"):
            ZIYANG.derive("bad", override={DRILL_RULE: {"no_such_parameter": 1}})

    def test_derived_profile_through_api(self, make_school: Any) -> None:
        """``safetyregs.obligations(profile=derived)`` reports under the derived id."""
        strict = ZIYANG.derive("ziyang-district", override=self.TWICE)
        sf = make_school(drills=(Drill("d1", D("2026-11-12")),))
        report = safetyregs.obligations(
            sf, D("2026-11-01"), D("2026-11-30"), as_of=D("2026-12-01"), profile=strict
        )
        assert report.profile == "ziyang-district"
        assert DRILL_RULE in {o.rule for o in report.violations}


class TestExplanations:
    def test_conditions_named_in_both_languages(self) -> None:
        """A missed 1530 session names what was needed: the kind and the minutes, zh and en."""
        from safetyregs._i18n import render
        from safetyregs._kinds import Message

        message = Message.of(
            "need",
            required=1,
            found=0,
            unit="education",
            window="2023-10-08..2023-10-08",
            what=("kind=1530", "minutes≥5"),
        )
        assert "(1530 safety education, minutes ≥ 5)" in render(message, "en")
        assert "（1530安全教育、时长（分钟） ≥ 5）" in render(message, "zh")
