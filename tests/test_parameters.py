"""One vocabulary of parameters: ``Profile.parameters()``, ``derive``, ``diff`` and ``profile``.

Every path that ``diff`` or ``profile --format json`` prints is one that
``derive`` accepts, every listed parameter changes what it says, and each
direction that tightens a rule is the one the engine gives it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest

import safetyregs
from safetyregs import (
    Drill,
    Parameter,
    Period,
    Profile,
    ProfileError,
    RoleSpan,
    StaffMember,
    Training,
    _kinds,
    profiles,
)
from safetyregs._cli import main
from safetyregs._diff import diff
from safetyregs._params import SPECS

D = dt.date.fromisoformat
NAMES = profiles.names()


def _profile_json(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["profile", name, "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def _params(profile: Profile, rule: str | None) -> dict[str, Parameter]:
    return {p.path: p for p in profile.parameters() if p.rule == rule}


class TestVocabulary:
    @pytest.mark.parametrize("name", NAMES)
    def test_profile_json_paths_are_accepted(
        self, name: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every path ``profile --format json`` prints, with its printed value, is accepted by
        ``derive`` and gives back the same parameter value."""
        profile = profiles.get(name)
        doc = _profile_json(name, capsys)
        for own in doc["parameters"]:
            again = profile.derive("x", **{own["path"]: own["value"]})
            assert (
                _params(again, None)[own["path"]].value == _params(profile, None)[own["path"]].value
            )
        checked = 0
        by_rule = {r.id: {p.path: p for p in r.parameters()} for r in profile.rules}
        for rule in doc["rules"]:
            for param in rule["parameters"]:
                again = profile.derive("x", override={rule["id"]: {param["path"]: param["value"]}})
                before = by_rule[rule["id"]][param["path"]]
                after = {p.path: p for p in again.rule(rule["id"]).parameters()}
                assert after[param["path"]].value == before.value
                assert (param["type"], param["tightens"]) == (before.type, before.tightens)
                checked += 1
        assert checked > 10 * len(profile.rules) // 2

    def test_diff_paths_are_accepted(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every parameter ``diff --format json`` names, for every pair of installed profiles,
        is a path ``derive`` accepts on the rule (or profile) that has it."""
        seen = 0
        for a, b in itertools.permutations(NAMES, 2):
            assert main(["diff", a, b, "--format", "json"]) == 0
            doc = json.loads(capsys.readouterr().out)
            pa, pb = profiles.get(a), profiles.get(b)
            for change in doc["profile"]:
                if change["a"] is not None:
                    pa.derive("x", **{change["parameter"]: change["a"]})
                seen += 1
            for pair in doc["different"]:
                for change in pair["changes"]:
                    for profile, rule, value in (
                        (pa, pair["a"], change["a"]),
                        (pb, pair["b"], change["b"]),
                    ):
                        if value is not None:
                            profile.derive("x", override={rule: {change["parameter"]: value}})
                            seen += 1
        assert seen > 50

    def test_diff_names_profile_fields(self) -> None:
        """``diff`` shows the profiles' own effective dates: yongqiao's campaign ends in 2023."""
        result = diff(profiles.get("ziyang"), profiles.get("yongqiao"))
        changes = {c.parameter: (c.a, c.b) for c in result.profile}
        assert changes == {
            "effective_from": ("2020-04-02", "2023-03-22"),
            "effective_until": (None, "2023-12-31"),
        }

    def test_diff_of_derived_condition(self) -> None:
        """A derived profile that changes a record condition shows it under that path."""
        cixi = profiles.get("cixi")
        other = cixi.derive(
            "cixi-x", override={"cixi.1530-daily": {"needs[0].match.at_least.minutes": 2}}
        )
        [pair] = diff(cixi, other).different
        assert [(c.parameter, c.a, c.b) for c in pair.changes] == [
            ("needs[0].match.at_least.minutes", 1, 2)
        ]

    @pytest.mark.parametrize(
        ("rule", "path", "value", "expected"),
        [
            ("ziyang.incident-phone-report", "trigger.within", "PT45M", dt.timedelta(minutes=45)),
            ("ziyang.traffic-survey", "trigger.within", "P2M", "P2M"),
            ("ziyang.evacuation-drill-monthly", "needs[0].at_least", "2", Decimal(2)),
            ("ziyang.outing-approval", "window_to", [6, 30], (6, 30)),
            ("ziyang.outing-approval", "match.where.kind", "camp", "camp"),
            ("ziyang.safety-review-meeting", "effective_until", "2026-12-31", D("2026-12-31")),
            ("ziyang.evacuation-drill-monthly", "applies_to.levels", ["primary"], {"primary"}),
            ("ziyang.evacuation-drill-monthly", "every", "Quarters", _kinds.Quarters()),
        ],
    )
    def test_json_values(self, rule: str, path: str, value: Any, expected: Any) -> None:
        """Values in their JSON form become the Python values the engine reads."""
        derived = profiles.get("ziyang").derive("x", override={rule: {path: value}})
        got = _params(derived, rule)[path]
        assert got.value == expected or got.to_json() == expected

    @pytest.mark.parametrize(
        ("rule", "path", "value", "words"),
        [
            ("ziyang.evacuation-drill-monthly", "needs[0].at_least", 1.5, "exact decimal"),
            ("ziyang.evacuation-drill-monthly", "needs[0].at_least", "-1", "negative"),
            ("ziyang.evacuation-drill-monthly", "during", "sometimes", "always, session"),
            ("ziyang.incident-phone-report", "trigger.within", "P1M", "days, hours and minutes"),
            ("ziyang.incident-phone-report", "trigger.within", "half an hour", "not a duration"),
            ("ziyang.evacuation-drill-monthly", "min_school_days", "10", "whole number"),
            ("ziyang.evacuation-drill-monthly", "every", "ThemedWeeks", "give the part itself"),
            ("ziyang.evacuation-drill-monthly", "needs[0].match.where.kind", 1, "no parameter"),
        ],
    )
    def test_bad_values(self, rule: str, path: str, value: Any, words: str) -> None:
        """A value of the wrong type is a ProfileError naming the rule and the path."""
        with pytest.raises(ProfileError, match=words) as caught:
            profiles.get("ziyang").derive("x", override={rule: {path: value}})
        assert rule in str(caught.value)
        assert path in str(caught.value)

    def test_unknown_path_suggests(self) -> None:
        """A misspelt path is refused with the nearest real one."""
        with pytest.raises(ProfileError, match=r"did you mean needs\[0\]\.at_least"):
            profiles.get("ziyang").derive(
                "x", override={"ziyang.evacuation-drill-monthly": {"needs[0].at_lest": 2}}
            )

    def test_duplicate_rule_is_profile_error(self) -> None:
        """Adding a rule whose id the profile already has is a ProfileError."""
        ziyang = profiles.get("ziyang")
        with pytest.raises(ProfileError, match="twice"):
            ziyang.derive("x", add=[ziyang.rule("ziyang.hazmat-ledger")])

    def test_reword_by_replacing(self) -> None:
        """An interpretation is not a parameter; replacing the rule rewords it, id kept."""
        ziyang = profiles.get("ziyang")
        rule = ziyang.rule("ziyang.hazmat-ledger")
        with pytest.raises(ProfileError, match="no parameter 'interpretation'"):
            ziyang.derive("x", override={rule.id: {"interpretation": "new"}})
        new = safetyregs.Text("新的解释", "new reading")
        reworded = ziyang.derive(
            "x", remove=[rule.id], add=[attrs.evolve(rule, interpretation=new)]
        )
        assert reworded.rule(rule.id).interpretation == new

    def test_unknown_profile_field(self) -> None:
        """A change to a profile field that does not exist is a ProfileError."""
        with pytest.raises(ProfileError, match="effective_untill"):
            profiles.get("ziyang").derive("x", effective_untill=D("2026-12-31"))

    def test_disagreeing_checks_are_addressed_by_index(self) -> None:
        """Two checks with one path and different values are listed as checks[i].path."""
        rule = safetyregs.Rule(
            "test.two",
            safetyregs.Text("两次", "Two"),
            safetyregs.Citation("doc", "1", "text"),
            [
                _kinds.Recurring(_kinds.Months(), [_kinds.Need(_kinds.records("drills"), 1)]),
                _kinds.Recurring(_kinds.Years(), [_kinds.Need(_kinds.records("drills"), 12)]),
            ],
        )
        paths = {p.path: p.value for p in rule.parameters()}
        assert paths["checks[0].needs[0].at_least"] == Decimal(1)
        assert paths["checks[1].needs[0].at_least"] == Decimal(12)
        assert "needs[0].at_least" not in paths
        assert paths["needs[0].measure"] == "count"  # the same in both: one path


class TestDirections:
    def test_every_field_documented(self) -> None:
        """Every field of every part of a rule has a documented reading (direction and why)."""
        parts = [
            v
            for v in vars(_kinds).values()
            if isinstance(v, type) and attrs.has(v) and v.__module__ == _kinds.__name__
        ]
        missing = [
            f"{cls.__name__}.{a.name}"
            for cls in parts
            if cls.__name__ not in ("Finding", "Message", "Window", "Trigger")
            for a in attrs.fields(cls)
            if (cls, a.name) not in SPECS
        ]
        assert missing == []
        assert all(spec.why for spec in SPECS.values())

    def test_min_school_days_tightens_downwards(self, make_school: Any) -> None:
        """July 2026 has 8 school days in the example calendar: under the default 10 it owes no
        drill; lowered to 8 it owes one (violated without a drill); 9 still owes none."""
        ziyang = profiles.get("ziyang")
        rule = "ziyang.evacuation-drill-monthly"
        assert _params(ziyang, rule)["min_school_days"].tightens == "decrease"
        school = make_school()
        july = Period(D("2026-07-01"), D("2026-07-31"))

        def statuses(min_days: int) -> list[str]:
            profile = ziyang.derive("x", override={rule: {"min_school_days": min_days}})
            found = safetyregs.evaluate(school, profile, july, D("2026-08-01"), rules=[rule])
            return [o.status for o in found]

        assert statuses(10) == []
        assert statuses(9) == []
        assert statuses(8) == ["violated"]

    def test_deaths_at_least_tightens_downwards(self) -> None:
        """Only incidents with at least so many deaths start the receipt clock: fewer, more."""
        param = _params(profiles.get("ziyang"), "ziyang.drowning-report-receipt")
        assert param["trigger.deaths_at_least"].tightens == "decrease"
        assert param["trigger.within"].tightens == "decrease"
        assert param["require.fields"].tightens is None

    def test_effective_from_without_order_where_it_opens_the_window(self) -> None:
        """An earlier start of a fixed-date rule counting records in its period lets more
        records count, so it has no direction; where records are counted up to the deadline,
        earlier is stricter. Yongqiao's profile-level start has no direction for the same reason.
        """
        yongqiao = profiles.get("yongqiao")
        assert _params(yongqiao, "yongqiao.bus-evacuation-drill")["effective_from"].tightens is None
        assert _params(yongqiao, "yongqiao.campaign-plan")["effective_from"].tightens == "decrease"
        assert _params(yongqiao, None)["effective_from"].tightens is None
        assert _params(profiles.get("ziyang"), None)["effective_from"].tightens == "decrease"

    def test_types_and_choices(self) -> None:
        """Enum-valued parameters carry their choices, parts their kinds."""
        params = _params(profiles.get("yanzhou"), "yanzhou.school-bus-drill")
        kind = params["needs[0].match.where.kind"]
        assert (kind.type, kind.value) == ("enum", "school_bus")
        assert kind.choices == tuple(safetyregs.DrillKind)
        assert params["every"].type == "kind"
        assert "Quarters" in params["every"].choices
        assert params["applies_to.flags"].value == ("uses_school_bus",)


class TestParametersThatDidNothing:
    """Fields the engine ignored are no longer parameters, and derive refuses them."""

    @pytest.mark.parametrize(
        ("rule", "path"),
        [
            ("ziyang.safety-review-meeting", "min_school_days"),  # during="always"
            ("yanzhou.night-drill", "min_school_days"),
            ("yanzhou.teacher-annual-training", "need.at_least"),  # the quota's amount counts
            ("yanzhou.safety-leader-annual-training", "need.at_least"),
            ("yanzhou.teacher-annual-training", "need.covers"),
            ("changzhou.security-guard-training", "require.need.at_least"),  # covers is set
            ("changzhou.security-guard-training", "require.need.measure"),
            ("yongqiao.self-inspection", "items[0].area"),  # a label the engine never reads
            ("ziyang.themed-education-days", "every.days[1].last_weekday"),  # a fixed day
            ("ziyang.themed-education-days", "every.days[0].day"),  # a last-Monday day
            ("ziyang.liability-insurance", "holds.same_field"),  # the school is the subject
            ("ziyang.liability-insurance", "from_field"),
            ("ziyang.traffic-survey", "require.per_person"),  # a term start has no person
        ],
    )
    def test_not_listed_and_refused(self, rule: str, path: str) -> None:
        """The path is not among the rule's parameters and ``derive`` refuses it."""
        profile = profiles.get(rule.partition(".")[0])
        assert path not in _params(profile, rule)
        with pytest.raises(ProfileError, match="has no parameter"):
            profile.derive("x", override={rule: {path: 999}})

    def test_no_rule_owing_always_lists_min_school_days(self) -> None:
        """Across the installed profiles, min_school_days is listed exactly for session rules."""
        for name in NAMES:
            profile = profiles.get(name)
            for rule in profile.rules:
                params = _params(profile, rule.id)
                if "during" in params:
                    assert ("min_school_days" in params) == (params["during"].value == "session")

    def test_quota_amount_is_what_counts(self, make_school: Any) -> None:
        """A teacher with 10 class hours in 2026 meets yanzhou's quota of 10; raised to 999
        through ``amount`` (the listed parameter) the same school violates it."""
        yanzhou = profiles.get("yanzhou")
        rule = "yanzhou.teacher-annual-training"
        school = make_school(
            jurisdiction="yanzhou",
            staff=(
                StaffMember(
                    "t1", "教师", D("2020-01-01"), roles=(RoleSpan("teacher", D("2020-01-01")),)
                ),
            ),
            trainings=(Training("tr1", "t1", D("2026-05-10"), Decimal(10)),),
        )
        year = Period(D("2026-01-01"), D("2026-12-31"))

        def statuses(profile: Profile) -> list[str]:
            found = safetyregs.evaluate(school, profile, year, D("2027-01-01"), rules=[rule])
            return [o.status for o in found]

        assert statuses(yanzhou) == ["met"]
        heavy = yanzhou.derive("x", override={rule: {"amount": 999}})
        assert statuses(heavy) == ["violated"]

    def test_switching_a_themed_day_to_a_fixed_date(self, make_school: Any) -> None:
        """A themed day fixed another way is changed by replacing the day as a whole."""
        ziyang = profiles.get("ziyang")
        rule = "ziyang.themed-education-days"
        fixed = _kinds.ThemedDay("school_safety_day", 3, 30)
        derived = ziyang.derive("x", override={rule: {"every.days[0]": fixed}})
        assert _params(derived, rule)["every.days[0].day"].value == 30


class TestRulesCheckedWhenBuilt:
    """A rule that cannot mean what it says is refused when its profile is built."""

    @staticmethod
    def build(check: Any, applies: safetyregs.Applies | None = None) -> Profile:
        rule = safetyregs.Rule(
            "test.rule",
            safetyregs.Text("测试", "Test"),
            safetyregs.Citation("doc", "1", "text"),
            [check],
            applies or safetyregs.Applies(),
        )
        return Profile(
            id="test",
            name=safetyregs.Text("测试", "Test"),
            document="doc",
            issuer=safetyregs.Text("测试", "Test"),
            published=D("2026-01-01"),
            effective_from=D("2026-01-01"),
            rules=[rule],
        )

    @staticmethod
    def monthly(match: _kinds.Match, **need: Any) -> _kinds.Recurring:
        return _kinds.Recurring(_kinds.Months(), [_kinds.Need(match, **need)])

    @pytest.mark.parametrize(
        ("make", "path", "words"),
        [
            (
                lambda t: t.monthly(_kinds.records("drills", kind="fier")),
                "needs[0].match.where.kind",
                "'fier' is not a kind",
            ),
            (
                lambda t: t.monthly(_kinds.records("drils")),
                "needs[0].match.collection",
                "not a collection",
            ),
            (
                lambda t: t.monthly(_kinds.records("drills", knd="fire")),
                "needs[0].match.where.knd",
                "no field 'knd'",
            ),
            (
                lambda t: t.monthly(_kinds.records("drills", night="yes")),
                "needs[0].match.where.night",
                "true or false",
            ),
            (
                lambda t: t.monthly(_kinds.records("education", minutes__min=5, theme="fire")),
                "needs[0].match.where.theme",
                "'fire' is not a theme",
            ),
            (
                lambda t: t.monthly(_kinds.records("drills", kind__min=5)),
                "needs[0].match.at_least.kind",
                "not a number",
            ),
            (
                lambda t: t.monthly(_kinds.records("drills"), measure="hours"),
                "needs[0].measure",
                "no field 'hours'",
            ),
            (
                lambda t: t.monthly(_kinds.records("drills"), covers=("a",)),
                "needs[0].covers",
                "no topics",
            ),
            (lambda t: t.monthly(_kinds.records("staff")), "needs[0].match.collection", "no date"),
            (
                lambda t: _kinds.Recurring(
                    _kinds.ThemedWeeks((_kinds.ThemedDay("fire_safety", 35, 9),)),
                    [_kinds.Need(_kinds.records("education"))],
                ),
                "every.days[0].month",
                "35 is not a month",
            ),
            (
                lambda t: _kinds.Recurring(
                    _kinds.ThemedWeeks((_kinds.ThemedDay("fire_safety", 2, 29),)),
                    [_kinds.Need(_kinds.records("education"))],
                ),
                "every.days[0].day",
                "not a day of every year",
            ),
            (
                lambda t: _kinds.Recurring(
                    _kinds.NamedMonths((5, 13)), [_kinds.Need(_kinds.records("drills"))]
                ),
                "every.months",
                "13 is not a month",
            ),
            (
                lambda t: _kinds.Recurring(
                    _kinds.Months(), [_kinds.Need(_kinds.records("drills"))], during="sesion"
                ),
                "during",
                "not a valid during",
            ),
            (
                lambda t: _kinds.Prohibition(_kinds.records("activities"), (1, 1), (6, 31)),
                "window_to",
                "not a day of every year",
            ),
            (
                lambda t: _kinds.Prohibition(
                    _kinds.records("activities"), (1, 1), (5, 31), approval_field="approved"
                ),
                "approval_field",
                "no field 'approved'",
            ),
            (
                lambda t: _kinds.Deadline(
                    _kinds.OnRoleStart(("techer",)), _kinds.FieldOnOrBefore("background_check")
                ),
                "trigger.roles",
                "'techer' is not a role",
            ),
            (
                lambda t: _kinds.Deadline(_kinds.OnHire(), _kinds.FieldOnOrBefore("background")),
                "require.field",
                "no field 'background'",
            ),
            (
                lambda t: _kinds.Deadline(
                    _kinds.OnTermStart(_kinds_rd()), _kinds.FieldsSet(("x",))
                ),
                "require",
                "no record",
            ),
            (lambda t: _kinds.Invariant(_kinds.FieldsTrue(("video_alarm",))), "holds", "no record"),
            (
                lambda t: _kinds.Invariant(_kinds.RatioOfStaff("rescue", Decimal("0.3"))),
                "holds.role",
                "not a role",
            ),
            (
                lambda t: _kinds.Invariant(_kinds.RatioOfStaff("rescue_team", Decimal(30))),
                "holds.at_least",
                "share between 0 and 1",
            ),
            (
                lambda t: _kinds.Lifecycle(("registered", "closed"), complete="verified"),
                "complete",
                "not one of the steps",
            ),
            (
                lambda t: _kinds.Lifecycle(("registerd",), complete="registerd"),
                "steps",
                "not a step",
            ),
            (
                lambda t: _kinds.Checklist(
                    (_kinds.ChecklistItem("a", "x", "has_pool"),), by=D("2026-03-31")
                ),
                "items[0].only_if",
                "not a school flag",
            ),
            (lambda t: _kinds.Ledger(increase=("buy",)), "increase", "not one of the actions"),
        ],
    )
    def test_refused(self, make: Any, path: str, words: str) -> None:
        """The ProfileError names the profile, the rule and the path, and says what is wrong."""
        with pytest.raises(ProfileError, match=words) as caught:
            self.build(make(self))
        message = str(caught.value)
        assert "'test.rule'" in message
        assert f"{path}:" in message

    def test_level_typo(self) -> None:
        """``Applies(levels=("primery",))`` never applied; now it is refused."""
        with pytest.raises(ProfileError, match=r"applies_to\.levels: 'primery' is not a level"):
            self.build(
                self.monthly(_kinds.records("drills")), safetyregs.Applies(levels=("primery",))
            )

    def test_flag_typo(self) -> None:
        """A flag the school does not have raised AttributeError at evaluation; now refused."""
        with pytest.raises(ProfileError, match=r"applies_to\.flags: 'boardng' is not a school"):
            self.build(
                self.monthly(_kinds.records("drills")), safetyregs.Applies(flags=("boardng",))
            )

    def test_valid_rule_builds(self) -> None:
        """The same builder with correct names builds a profile that evaluates."""
        profile = self.build(self.monthly(_kinds.records("drills", kind="fire")))
        school = safetyregs.example_school()
        found = safetyregs.evaluate(
            school, profile, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01")
        )
        assert [o.rule for o in found] == ["test.rule"]

    def test_derive_checks_the_result(self) -> None:
        """An override to a value no record can have is refused, naming the rule and path."""
        with pytest.raises(ProfileError, match="'fier' is not one of fire, earthquake"):
            profiles.get("yanzhou").derive(
                "x", override={"yanzhou.school-bus-drill": {"needs[0].match.where.kind": "fier"}}
            )

    def test_rule_dates(self) -> None:
        """A rule that ends before it starts is refused, naming the rule."""
        with pytest.raises(ProfileError, match=r"'ziyang\.drowning-letter': effective_until"):
            profiles.get("ziyang").derive(
                "x",
                override={
                    "ziyang.drowning-letter": {
                        "effective_from": "2026-01-01",
                        "effective_until": "2025-12-31",
                    }
                },
            )

    def test_profile_dates(self) -> None:
        """A profile that ends before it starts is refused."""
        with pytest.raises(ProfileError, match="effective_until precedes"):
            profiles.get("ziyang").derive("x", effective_until="2019-12-31")

    @pytest.mark.parametrize("name", NAMES)
    def test_installed_profiles_pass(self, name: str) -> None:
        """Every installed profile builds again from its own rules without a problem."""
        profile = profiles.get(name)
        assert attrs.evolve(profile, rules=profile.rules) == profile


def _kinds_rd() -> Any:
    from dateutil.relativedelta import relativedelta

    return relativedelta(months=1)


def test_drill_where_example(make_school: Any) -> None:
    """A correctly spelt record condition still selects: one fire drill in November."""
    profile = TestRulesCheckedWhenBuilt.build(
        TestRulesCheckedWhenBuilt.monthly(_kinds.records("drills", kind="fire"))
    )
    school = make_school(drills=(Drill("d1", D("2026-11-12"), kind="fire"),))
    [found] = safetyregs.evaluate(
        school, profile, Period(D("2026-11-01"), D("2026-11-30")), D("2026-12-01")
    )
    assert found.status == "met"


def _pool() -> list[safetyregs.SchoolFile]:
    """Schools whose records reach every numeric parameter of the installed profiles: the
    example school as it is and with every level and flag, and a school with new heads and
    a cadre (yanzhou's appointment and pre-job training), a drowning (ziyang's receipt),
    1530 lessons of 1, 5 and 30 minutes, outings in and just outside the fire season and
    a lift inspected after 13 months."""
    from safetyregs import Activity, Education, Equipment, Incident, School, SchoolFile, Term

    example = safetyregs.example_school()
    everything = attrs.evolve(
        example.school,
        levels=tuple(safetyregs.Level),
        boarding=True,
        uses_school_bus=True,
        has_canteen=True,
        has_laboratory=True,
    )
    heads = SchoolFile(
        School(
            "heads",
            "测试学校",
            "yanzhou",
            (safetyregs.Level.PRIMARY,),
            terms=(Term(D("2026-03-02"), D("2026-07-10")), Term(D("2026-09-01"), D("2027-01-22"))),
        ),
        staff=(
            StaffMember(
                "c1", "干部", D("2020-01-01"), roles=(RoleSpan("safety_cadre", D("2026-03-02")),)
            ),
            StaffMember(
                "p1", "校长", D("2020-01-01"), roles=(RoleSpan("principal", D("2026-02-01")),)
            ),
        ),
        trainings=(
            Training("t1", "c1", D("2026-03-05"), Decimal(2), kind="pre_job"),
            Training("t2", "p1", D("2026-12-01"), Decimal(40), kind="appointment"),
        ),
        education=(
            Education("e1", D("2026-11-23"), kind="1530", minutes=1),
            Education("e2", D("2026-11-27"), kind="1530", minutes=5),
            Education("e3", D("2026-09-30"), kind="1530", minutes=30),
        ),
        activities=(
            Activity("a1", D("2026-01-20"), open_fire=True),
            Activity("a2", D("2026-06-15"), open_fire=True),
        ),
        equipment=(
            Equipment(
                "lift",
                "elevator",
                D("2024-03-01"),
                inspections=(D("2025-02-20"), D("2026-03-25")),
            ),
        ),
        incidents=(
            Incident(
                "i1",
                dt.datetime(2026, 7, 20, 15, 0),
                kind="drowning",
                deaths=1,
                phone_reported_at=dt.datetime(2026, 7, 20, 15, 20),
                written_reported_at=dt.datetime(2026, 7, 20, 15, 50),
            ),
        ),
    )
    return [example, attrs.evolve(example, school=everything), heads]


def _changed(param: Parameter) -> list[Any]:
    """Other values of a numeric parameter: a little more, a little less, much more."""
    from dateutil.relativedelta import relativedelta

    value = param.value
    if param.type == "int":
        return [value + 1, max(value - 1, 0), value + 20]
    if param.type == "Decimal":
        return [value + 1, value * 10 + 5, value / 2, Decimal(0)]
    if param.type == "month-day":
        return [
            (value[0], 1),
            (value[0] + 1 if value[0] < 12 else 1, value[1] if value[1] < 29 else 28),
        ]
    if isinstance(value, dt.timedelta):
        return [value * 2, value / 2]
    return [value + relativedelta(months=3), relativedelta(days=1), value + relativedelta(years=2)]


@pytest.mark.parametrize("name", NAMES)
def test_every_numeric_parameter_changes_obligations(name: str) -> None:
    """Each number, share, duration and (month, day) a profile lists changes the obligations
    of some school of the pool when changed: none of them is ignored by the engine."""
    profile = profiles.get(name)
    pool = _pool()
    span = Period(D("2020-01-01"), D("2027-12-31"))

    def seen(p: Profile) -> list[tuple[Any, ...]]:
        return [
            tuple(
                (o.rule, o.subject, o.period, o.due, o.status, o.found, o.required) for o in found
            )
            for found in (safetyregs.evaluate(s, p, span, D("2026-11-23")) for s in pool)
        ]

    base = seen(profile)
    numeric = ("int", "Decimal", "duration", "month-day")
    ignored = []
    for param in profile.parameters():
        if param.type not in numeric or param.rule is None:
            continue
        for value in _changed(param):
            try:
                derived = profile.derive("x", override={param.rule: {param.path: value}})
            except ProfileError:
                continue
            if seen(derived) != base:
                break
        else:
            ignored.append(f"{param.rule} {param.path}")
    assert ignored == []


def _tighter(param: Parameter) -> list[Any]:
    """Values one step stricter than the current one, in the parameter's direction."""
    from dateutil.relativedelta import relativedelta

    value, up = param.value, param.tightens == "increase"
    if param.type == "int":
        return [value + 1, value + 5] if up else [v for v in (value - 1, 0) if 0 <= v < value]
    if param.type == "Decimal":
        return [value + 1, value * 2 + 1] if up else [value / 2]
    if param.type == "duration":
        if isinstance(value, dt.timedelta):
            return [value * 2] if up else [value / 2]
        return [value + relativedelta(months=2)] if up else [relativedelta(days=1)]
    if param.type == "month-day":
        month = value[0]
        return [(min(month + 1, 12), 1)] if up else [(month, 1), (max(month - 1, 1), 1)]
    if param.type == "bool":
        return [up]
    if param.type == "date" and value is not None:
        return [value + dt.timedelta(days=60 if up else -60)]
    return []


@pytest.mark.parametrize("name", NAMES)
def test_tightening_keeps_every_violation(name: str) -> None:
    """Changing a parameter in its ``tightens`` direction keeps every (school, subject) that
    violated the rule violating it, for every school of the pool: the directions are the
    engine's, not guesses. A change the checks refuse (a deadline moved before the rule
    starts) is no tightening and is skipped."""
    profile = profiles.get(name)
    pool = _pool()
    span = Period(D("2020-01-01"), D("2027-12-31"))

    def violated(p: Profile, rule: str) -> set[tuple[int, str]]:
        return {
            (index, o.subject)
            for index, school in enumerate(pool)
            for o in safetyregs.evaluate(school, p, span, D("2027-12-31"), rules=[rule])
            if o.status == "violated"
        }

    looser, tried = [], 0
    for param in profile.parameters():
        if param.tightens is None or param.rule is None:
            continue
        base = violated(profile, param.rule)
        for value in _tighter(param):
            try:
                derived = profile.derive("x", override={param.rule: {param.path: value}})
            except ProfileError:
                continue
            tried += 1
            if not base <= violated(derived, param.rule):
                looser.append(f"{param.rule} {param.path} -> {value}")
    assert looser == []
    assert tried >= len(profile.rules)


class TestFixedDeadlinesInTheEffectivePeriod:
    def test_deadline_before_the_rule_starts_is_refused(self) -> None:
        """Yongqiao's campaign plan due 2023-01-30, before the notice of 2023-03-22, could
        never be due: refused, so moving a deadline earlier never drops an obligation."""
        with pytest.raises(ProfileError, match=r"trigger\.by: 2023-01-30 is outside"):
            profiles.get("yongqiao").derive(
                "x", override={"yongqiao.campaign-plan": {"trigger.by": "2023-01-30"}}
            )

    def test_checklist_after_the_campaign_is_refused(self) -> None:
        """A checklist due after the campaign ends (2023-12-31) is refused too."""
        with pytest.raises(ProfileError, match="by: 2024-03-31 is outside"):
            profiles.get("yongqiao").derive(
                "x", override={"yongqiao.self-inspection": {"by": "2024-03-31"}}
            )
