"""Hand-worked tests written for mutants of the engine that survived the rest of the suite.

Each test pins behaviour that a one-token change of ``_engine.py`` altered without any other
test noticing (see docs/testing.md, "Survivors and what was done"): how a rule's schools read
when a level or flag is outside the reader's vocabulary, how the shipped text of a source
document is found and decoded, and how a duration with seconds is printed as a parameter.
"""

from __future__ import annotations

import datetime as dt
import locale
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import safetyregs
from conftest import one_off_profile
from safetyregs import Applies, profiles
from safetyregs._engine import plain
from safetyregs.kinds import Months, Need, Recurring, records

PHONE = "ziyang.incident-phone-report"


class TestUnnamedLevelsAndFlags:
    """An ``Applies`` built in Python (a profile refuses it) may name a level or a flag that
    the reader's vocabulary lacks: it reads as it is named instead of failing."""

    def test_unnamed_level_after_the_known_ones(self) -> None:
        """Known levels in the order of schooling, then unnamed ones in alphabetical order,
        each under its own name, in both languages."""
        applies = Applies(levels=["special_education", "primary", "adult", "kindergarten"])
        assert applies.text() == "幼儿园、小学、adult、special_education"
        assert applies.text("en") == "kindergarten, primary, adult, special_education"

    def test_unnamed_flag_as_named(self) -> None:
        """A flag without a reader's name is shown as named, in its place among the others."""
        applies = Applies(levels=["junior_secondary"], flags=("has_pool", "boarding"))
        assert applies.text() == "初中；has_pool；寄宿制学校"
        assert applies.text("en") == "junior secondary; has_pool; boarding schools"

    def test_a_profile_refuses_them(self) -> None:
        """Inside a profile the same names are refused, naming the path and the value."""
        ziyang = profiles.get("ziyang")
        with pytest.raises(safetyregs.ProfileError, match=r"applies_to\.flags: 'has_pool'"):
            ziyang.derive("ziyang-pool", override={PHONE: {"applies_to.flags": ["has_pool"]}})


class TestDocumentText:
    """The full text of a source document, as ``safetyregs source RULE`` prints it."""

    def test_read_as_utf8_whatever_the_locale(self) -> None:
        """The shipped text is UTF-8 and reads the same under a locale whose encoding is
        ASCII (``LANG=C``), as it must on a machine set to another encoding (GBK, say)."""
        if sys.flags.utf8_mode:
            pytest.skip("Python's UTF-8 mode reads every text as UTF-8 whatever the locale")
        ziyang = profiles.get("ziyang")
        expected = ziyang.document_text()
        saved = locale.setlocale(locale.LC_CTYPE)
        try:
            locale.setlocale(locale.LC_CTYPE, "C")
            assert locale.getpreferredencoding(False).lower() not in ("utf-8", "utf8")
            text = ziyang.document_text()
        finally:
            locale.setlocale(locale.LC_CTYPE, saved)
        assert text == expected
        assert text is not None
        assert text.startswith("资阳市人民政府\n")
        assert "“突发事件发生后,30分钟内电话报告、1小时内书面报告”" in text

    def test_path_inside_the_package_may_hold_a_colon(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``package:path``: the package is what comes before the first colon (a package
        name holds none), everything after it is the path, colons included."""
        folder = tmp_path / "s1_local_texts" / "2020"
        folder.mkdir(parents=True)
        (folder.parent / "__init__.py").write_text("", encoding="utf-8")
        (folder / "notice:final.txt").write_text("各县(区)教育和体育局:\n", encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.delitem(sys.modules, "s1_local_texts", raising=False)
        local = profiles.get("ziyang").derive(
            "ziyang-local", document_resource="s1_local_texts:2020/notice:final.txt"
        )
        try:
            assert local.document_text() == "各县(区)教育和体育局:\n"
        finally:
            sys.modules.pop("s1_local_texts", None)


class TestDurationsWithSeconds:
    """A deadline given in seconds (``derive`` accepts ``PT90S``) keeps them when printed."""

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (dt.timedelta(seconds=90), "PT1M30S"),
            (dt.timedelta(seconds=30), "PT30S"),
            (dt.timedelta(hours=1, seconds=5), "PT1H5S"),
            (dt.timedelta(hours=2, minutes=1, seconds=59), "PT2H1M59S"),
            (dt.timedelta(minutes=30), "PT30M"),
        ],
    )
    def test_seconds_printed(self, value: dt.timedelta, text: str) -> None:
        """Hours, minutes and seconds: only the units that are there; whole minutes as before."""
        assert plain(value) == text

    def test_round_trip_through_the_parameters(self) -> None:
        """Ziyang's phone report moved to 90 seconds prints as ``PT1M30S`` (not ``PT1M``, which
        would read back as a minute) and that text derives the same 90-second deadline."""
        ziyang = profiles.get("ziyang")
        fast = ziyang.derive("ziyang-fast", override={PHONE: {"trigger.within": "PT90S"}})
        shown = {p.path: p.to_json() for p in fast.parameters() if p.rule == PHONE}
        assert shown["trigger.within"] == "PT1M30S"
        again = ziyang.derive("ziyang-again", override={PHONE: {"trigger.within": "PT1M30S"}})
        assert again.rule(PHONE) == fast.rule(PHONE)


class TestUnknownParameterPath:
    """``derive`` refuses a path the rule does not have, suggesting the nearest real ones."""

    def test_three_nearest_paths_suggested(self) -> None:
        """A misspelt ``at_least`` of Cixi's daily 1530 lesson: the three nearest paths, nearest
        first, separated by commas (a fourth near one, ``needs[0].match``, is left out)."""
        cixi = profiles.get("cixi")
        with pytest.raises(safetyregs.ProfileError) as caught:
            cixi.derive("x", override={"cixi.1530-daily": {"needs[0].match.at_lest": 2}})
        assert str(caught.value) == (
            "rule 'cixi.1530-daily' has no parameter 'needs[0].match.at_lest' (did you mean "
            "needs[0].match.at_least, needs[0].match.at_least.minutes, needs[0].at_least?)"
        )

    def test_no_suggestion_when_nothing_is_near(self) -> None:
        """A path like none of the rule's: the message ends with the path, no empty hint."""
        cixi = profiles.get("cixi")
        with pytest.raises(safetyregs.ProfileError) as caught:
            cixi.derive("x", override={"cixi.1530-daily": {"colour": "red"}})
        assert str(caught.value) == "rule 'cixi.1530-daily' has no parameter 'colour'"


class TestInterpretation:
    """A rule's interpretation may be given as a Text, a plain string or nothing at all."""

    def test_plain_string_stands_for_both_languages(self) -> None:
        """A plain string is the interpretation in Chinese and in English alike."""
        import attrs

        rule = attrs.evolve(profiles.get("ziyang").rule(PHONE), interpretation="从得知时起算")
        assert rule.interpretation == safetyregs.Text("从得知时起算", "从得知时起算")
        assert rule.interpretation("en") == "从得知时起算"

    def test_none_is_an_empty_text(self) -> None:
        """``None`` gives an empty text in both languages, which reads as no interpretation."""
        import attrs

        rule = attrs.evolve(profiles.get("ziyang").rule(PHONE), interpretation=None)
        assert rule.interpretation == safetyregs.Text("", "")
        assert (rule.interpretation("zh"), rule.interpretation("en")) == ("", "")
        assert not rule.interpretation


class TestProfileDates:
    """A profile's own dates: it may be in force for a single day, not end before it starts."""

    def test_one_day_in_force(self) -> None:
        """``effective_until`` equal to ``effective_from``: a profile of one day is accepted."""
        one_day = profiles.get("ziyang").derive(
            "ziyang-one-day", effective_from="2021-09-01", effective_until="2021-09-01"
        )
        assert (one_day.effective_from, one_day.effective_until) == (
            dt.date(2021, 9, 1),
            dt.date(2021, 9, 1),
        )

    def test_ending_the_day_before_is_refused(self) -> None:
        """``effective_until`` the day before ``effective_from``: refused, naming the profile."""
        with pytest.raises(safetyregs.ProfileError) as caught:
            profiles.get("ziyang").derive(
                "ziyang-never", effective_from="2021-09-01", effective_until="2021-08-31"
            )
        assert str(caught.value) == (
            "profile 'ziyang-never': effective_until precedes effective_from"
        )

    def test_bad_date_names_the_field(self) -> None:
        """A profile date that is not a date: refused, naming the profile it derives from, the
        field and the value."""
        with pytest.raises(safetyregs.ProfileError) as caught:
            profiles.get("ziyang").derive("ziyang-x", effective_from=20210901)
        assert str(caught.value) == "profile 'ziyang', effective_from: 20210901 is not a date"


def test_obligations_of_one_day_in_due_order() -> None:
    """On 1 Oct 2026 (National Day) Ziyang owes holiday duty and the traffic survey (due
    that day, no time) and, for two incidents, phone reports 30 and written reports 60
    minutes after each: i1 at 15:10 (due 15:40 and 16:10), i2 at 09:00 (due 09:30 and 10:00).
    Day-only dues come first, then the timed ones by time, whatever the rule id or subject."""
    from safetyregs import Incident, Period, School, SchoolFile, Term
    from safetyregs._models import Level

    at = dt.datetime.fromisoformat
    school = School(
        id="zy-001",
        name="资阳市测试学校",
        jurisdiction="ziyang",
        levels=(Level("primary"),),
        terms=(Term(dt.date(2026, 9, 1), dt.date(2027, 1, 22)),),
    )
    incidents = (
        Incident(id="i1", occurred_at=at("2026-10-01T15:10:00"), kind="injury"),
        Incident(id="i2", occurred_at=at("2026-10-01T09:00:00"), kind="injury"),
    )
    day = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 1))
    found = safetyregs.evaluate(
        SchoolFile(school=school, incidents=incidents),
        profiles.get("ziyang"),
        day,
        dt.date(2026, 10, 2),
        rules=[
            "ziyang.holiday-duty",
            "ziyang.traffic-survey",
            PHONE,
            "ziyang.incident-written-report",
        ],
    )
    assert [(o.rule, o.subject, o.due.isoformat()) for o in found] == [
        ("ziyang.holiday-duty", "zy-001", "2026-10-01"),
        ("ziyang.traffic-survey", "zy-001", "2026-10-01"),
        (PHONE, "i2", "2026-10-01T09:30:00+08:00"),
        ("ziyang.incident-written-report", "i2", "2026-10-01T10:00:00+08:00"),
        (PHONE, "i1", "2026-10-01T15:40:00+08:00"),
        ("ziyang.incident-written-report", "i1", "2026-10-01T16:10:00+08:00"),
    ]


def test_profile_start_is_required() -> None:
    """A profile must start somewhere: ``effective_from=None`` is refused, although a rule's
    own ``effective_from`` may be None (it then follows the profile's)."""
    with pytest.raises(safetyregs.ProfileError) as caught:
        profiles.get("ziyang").derive("ziyang-x", effective_from=None)
    assert str(caught.value) == "profile 'ziyang', effective_from: None is not allowed here"


class TestDeriveRefusals:
    """What ``derive`` refuses, named in full; and the new name it is given."""

    def test_unknown_rules_listed(self) -> None:
        """Two rule ids the profile lacks (one removed, one overridden): both, sorted."""
        with pytest.raises(safetyregs.ProfileError) as caught:
            profiles.get("ziyang").derive(
                "x", remove=["ziyang.zebra-crossing"], override={"ziyang.audit": {}}
            )
        assert str(caught.value) == (
            "profile 'ziyang' has no rule ziyang.audit, ziyang.zebra-crossing"
        )

    def test_unknown_fields_listed(self) -> None:
        """A field a profile lacks and ``rules`` (rules change by override, remove, add):
        both refused by name, sorted."""
        with pytest.raises(safetyregs.ProfileError) as caught:
            profiles.get("ziyang").derive("x", rules=(), colour="red")
        assert str(caught.value) == "a profile has no field colour, rules"

    def test_new_name(self) -> None:
        """A derived profile takes the name it is given, and keeps its base's otherwise."""
        ziyang = profiles.get("ziyang")
        renamed = ziyang.derive("ziyang-east", name=safetyregs.Text("资阳东区", "Ziyang East"))
        assert renamed.name == safetyregs.Text("资阳东区", "Ziyang East")
        assert ziyang.derive("ziyang-same").name == safetyregs.Text("资阳市", "Ziyang")


# --- the second round: warnings and errors of ``evaluate`` ---------------------------------

NOVEMBER = safetyregs.Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
AS_OF = dt.date(2026, 12, 1)
HAZARD = "ziyang.hazard-closed-loop"


def _without_levels() -> safetyregs.SchoolFile:
    """The example school (Ziyang, id ``zy-demo``) with its levels taken out."""
    import attrs

    school = safetyregs.example_school()
    return attrs.evolve(school, school=attrs.evolve(school.school, levels=()))


def _levels_warnings(**kwargs: object) -> list[warnings.WarningMessage]:
    """The SchoolFileWarnings of evaluating the level-less example school for November 2026."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        safetyregs.evaluate(
            _without_levels(),
            profiles.get("ziyang"),
            NOVEMBER,
            AS_OF,
            **kwargs,  # type: ignore[arg-type]
        )
    return [w for w in caught if w.category is safetyregs.SchoolFileWarning]


def _under_mutmut() -> bool:
    """Whether safetyregs runs from mutmut's tree, whose trampolines add stack frames."""
    return "mutmut" in sys.modules or "mutants" in Path(safetyregs.__file__).parts


class TestNoLevelsWarning:
    """A school that lists no levels is warned about the rules that apply to some levels only.

    Ziyang has four such rules, in this order: the monthly drill (primary to vocational),
    the quarterly drill (kindergartens), the drowning letter and the traffic survey
    (primary and secondary). None of them is evaluated for a school without levels.
    """

    def test_every_level_bound_rule_named(self) -> None:
        """All four named in the profile's order, with their count and the fix."""
        found = _levels_warnings()
        assert [str(w.message) for w in found] == [
            "school 'zy-demo' lists no levels, so 4 rules for some levels only are not "
            "evaluated: ziyang.evacuation-drill-monthly, ziyang.evacuation-drill-quarterly, "
            'ziyang.drowning-letter, ziyang.traffic-survey; add school.levels (e.g. ["primary"])'
        ]

    def test_only_the_rules_asked_for(self) -> None:
        """``rules=`` the traffic survey, the hazard loop and the drowning letter: the two
        level-bound ones among them are named (in the profile's order), not the drills."""
        found = _levels_warnings(rules=["ziyang.traffic-survey", HAZARD, "ziyang.drowning-letter"])
        assert [str(w.message) for w in found] == [
            "school 'zy-demo' lists no levels, so 2 rules for some levels only are not "
            "evaluated: ziyang.drowning-letter, ziyang.traffic-survey; "
            'add school.levels (e.g. ["primary"])'
        ]

    def test_no_warning_when_no_rule_asked_for_is_level_bound(self) -> None:
        """Only the hazard loop, which applies to every school: nothing is silenced, no warning."""
        assert _levels_warnings(rules=[HAZARD]) == []

    def test_no_warning_for_a_school_with_levels(self) -> None:
        """The example school as shipped lists its levels: no warning."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            safetyregs.evaluate(
                safetyregs.example_school(), profiles.get("ziyang"), NOVEMBER, AS_OF
            )
        assert [w for w in caught if w.category is safetyregs.SchoolFileWarning] == []

    def test_warning_points_at_the_caller(self) -> None:
        """The warning names the line that called ``evaluate``, not safetyregs' own code.

        Not under mutmut, whose trampolines add frames between the caller and the warning.
        """
        if _under_mutmut():
            pytest.skip("mutmut's trampolines add stack frames")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            safetyregs.evaluate(_without_levels(), profiles.get("ziyang"), NOVEMBER, AS_OF)
        assert [(w.filename, w.category) for w in caught] == [
            (__file__, safetyregs.SchoolFileWarning)
        ]

    def test_one_rule_id_as_a_string(self) -> None:
        """``rules="test.letter-home"`` asks for that rule alone, which applies to every
        school; ``test.letter`` (primary schools only) was not asked for: no warning."""

        def rule(rule_id: str, applies: Applies) -> safetyregs.Rule:
            return safetyregs.Rule(
                rule_id,
                safetyregs.Text("告家长书", "Letter to parents"),
                safetyregs.Citation("test.txt", "一", "每月"),
                [Recurring(Months(), [Need(records("drills"))])],
                applies,
            )

        profile = one_off_profile(
            rule("test.letter", Applies(levels=("primary",))), rule("test.letter-home", Applies())
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = safetyregs.evaluate(
                _without_levels(), profile, NOVEMBER, AS_OF, rules="test.letter-home"
            )
        assert {o.rule for o in found} == {"test.letter-home"}
        assert [str(w.message) for w in caught] == []


class TestRuleSelection:
    """``rules=`` keeps some rules of the profile; ids it does not have are refused."""

    def test_one_id_as_a_string(self) -> None:
        """``rules="ziyang.hazard-closed-loop"`` is that one rule, as ``rules=[...]`` of it
        is: not a set of single letters refused as unknown rules."""
        school = safetyregs.example_school()
        ziyang = profiles.get("ziyang")
        alone = safetyregs.evaluate(school, ziyang, NOVEMBER, AS_OF, rules=HAZARD)
        listed = safetyregs.evaluate(school, ziyang, NOVEMBER, AS_OF, rules=[HAZARD])
        assert alone == listed
        assert alone
        assert {o.rule for o in alone} == {HAZARD}

    def test_unknown_ids_listed_sorted(self) -> None:
        """Two ids Ziyang lacks beside one it has: both named, sorted, quoted, comma-separated."""
        with pytest.raises(safetyregs.UsageError) as caught:
            safetyregs.evaluate(
                safetyregs.example_school(),
                profiles.get("ziyang"),
                NOVEMBER,
                AS_OF,
                rules=["ziyang.zebra-crossing", HAZARD, "ziyang.audit"],
            )
        assert str(caught.value) == (
            "profile 'ziyang' has no rule 'ziyang.audit', 'ziyang.zebra-crossing'"
        )


def _exploding_profile(error: Exception) -> safetyregs.Profile:
    """A profile (id ``test``) of one monthly rule ``test.boom`` whose check raises ``error``."""

    class Exploding(Recurring):
        def findings(self, ctx: object, span: object) -> Any:
            raise error

    rule = safetyregs.Rule(
        "test.boom",
        safetyregs.Text("炸", "Boom"),
        safetyregs.Citation("test.txt", "一", "每月"),
        [Exploding(Months(), [Need(records("drills"))])],
    )
    return one_off_profile(rule)


class TestRuleFailure:
    """A rule that raises is a RuleError naming the rule, the profile and what went wrong."""

    def test_message_with_the_exception_text(self) -> None:
        """``ValueError("no drills list")``: its type and text follow the names."""
        error = ValueError("no drills list")
        with pytest.raises(safetyregs.RuleError) as caught:
            safetyregs.evaluate(
                safetyregs.example_school(), _exploding_profile(error), NOVEMBER, AS_OF
            )
        assert str(caught.value) == (
            "rule 'test.boom' of profile 'test' failed while evaluating: ValueError: no drills list"
        )
        assert (caught.value.rule, caught.value.profile) == ("test.boom", "test")
        assert caught.value.__cause__ is error

    def test_message_of_an_exception_without_text(self) -> None:
        """``ZeroDivisionError()`` has no text: the message ends with the type, no colon."""
        with pytest.raises(safetyregs.RuleError) as caught:
            safetyregs.evaluate(
                safetyregs.example_school(),
                _exploding_profile(ZeroDivisionError()),
                NOVEMBER,
                AS_OF,
            )
        assert str(caught.value) == (
            "rule 'test.boom' of profile 'test' failed while evaluating: ZeroDivisionError"
        )


class TestRuleProblems:
    """A rule with several problems is refused once, naming each, separated by semicolons."""

    def test_two_problems_of_one_rule(self) -> None:
        """A level misspelt (``primery``) and an end before the start: both, in that order."""
        rule = safetyregs.Rule(
            "test.rule",
            safetyregs.Text("演练", "Drill"),
            safetyregs.Citation("test.txt", "一", "每月"),
            [Recurring(Months(), [Need(records("drills"))])],
            Applies(levels=("primery",)),
            effective_from=dt.date(2026, 3, 1),
            effective_until=dt.date(2026, 2, 28),
        )
        with pytest.raises(safetyregs.ProfileError) as caught:
            one_off_profile(rule)
        message = str(caught.value)
        assert message.startswith(
            "profile 'test', rule 'test.rule': applies_to.levels: 'primery' is not a level ("
        )
        assert message.endswith("); effective_until: the rule must not end before it starts")
        assert message.count("; ") == 1
