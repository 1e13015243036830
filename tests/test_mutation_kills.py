"""Hand-worked tests written for mutants that survived the rest of the suite.

Each test pins a boundary that a one-token change of the time layer, the rule kinds or a
profile declaration moved without any other test noticing (see docs/testing.md). The dates
come from the State Council arrangements of 2025 and 2026:

* National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked.
  So 30 September (Tue) is the last working day before the break, 9 October (Thu) the
  first one after it.
* New Year 2026: 1–3 January off, Sunday 4 January worked: 31 December 2025 (Wed) is the
  last school day before that break.
* November 2026 has no holiday: 2–6 and 9–13 November are ten working days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import safetyregs
from safetyregs import Period, SchoolCalendar
from safetyregs import _calendar as cal

D = dt.date.fromisoformat

AUTUMN_2025 = Period(D("2025-09-01"), D("2026-01-16"))


class TestInSession:
    """At least ten school days make a period in session; nine do not."""

    def test_ten_school_days_are_in_session(self) -> None:
        """A term of 1–13 Nov 2026 gives November ten school days: in session by default."""
        school = SchoolCalendar.for_terms([Period(D("2026-11-01"), D("2026-11-13"))])
        november = Period(D("2026-11-01"), D("2026-11-30"))
        assert school.count_school_days(november) == 10
        assert school.in_session(november)
        assert not school.in_session(november, 11)

    def test_nine_school_days_are_not(self) -> None:
        """A term of 1–12 Nov 2026 leaves nine school days: not in session."""
        school = SchoolCalendar.for_terms([Period(D("2026-11-01"), D("2026-11-12"))])
        assert not school.in_session(Period(D("2026-11-01"), D("2026-11-30")))

    def test_ziyang_drill_owed_from_ten_school_days(self, make_school) -> None:  # type: ignore[no-untyped-def]
        """Ziyang's monthly drill is owed in a November of ten school days, not of nine."""
        ziyang = safetyregs.profiles.get("ziyang")
        november = Period(D("2026-11-01"), D("2026-11-30"))

        def owed(last_day: str) -> list[str]:
            sf = make_school(terms=[("2026-11-01", last_day)])
            found = safetyregs.evaluate(sf, ziyang, november, D("2026-12-01"))
            return [o.status for o in found if o.rule == "ziyang.evacuation-drill-monthly"]

        assert owed("2026-11-13") == ["violated"]
        assert owed("2026-11-12") == []

    def test_ziyang_kindergarten_drill_owed_from_ten_school_days(self, make_school) -> None:  # type: ignore[no-untyped-def]
        """A kindergarten's quarterly drill: owed in a fourth quarter of 2026 whose only term
        days are 1–13 Nov (ten school days), not when the term ends on 12 Nov (nine)."""
        ziyang = safetyregs.profiles.get("ziyang")
        quarter = Period(D("2026-10-01"), D("2026-12-31"))

        def owed(last_day: str) -> list[str]:
            sf = make_school(levels=("kindergarten",), terms=[("2026-11-01", last_day)])
            found = safetyregs.evaluate(sf, ziyang, quarter, D("2027-01-01"))
            return [o.status for o in found if o.rule == "ziyang.evacuation-drill-quarterly"]

        assert owed("2026-11-13") == ["violated"]
        assert owed("2026-11-12") == []


#: Every rule owed only in session, the level it applies to, and its window holding November.
SESSION_RULES = [
    ("changzhou", "changzhou.emergency-drill-quarterly", "primary", "2026-10-01"),
    ("cixi", "cixi.evacuation-drill-monthly", "primary", "2026-11-01"),
    ("cixi", "cixi.evacuation-drill-quarterly", "kindergarten", "2026-10-01"),
    ("yanzhou", "yanzhou.evacuation-drill-monthly", "primary", "2026-11-01"),
    ("yanzhou", "yanzhou.evacuation-drill-quarterly", "kindergarten", "2026-10-01"),
    ("ziyang", "ziyang.evacuation-drill-monthly", "primary", "2026-11-01"),
    ("ziyang", "ziyang.evacuation-drill-quarterly", "kindergarten", "2026-10-01"),
]


@pytest.mark.parametrize(("profile", "rule", "level", "window_start"), SESSION_RULES)
def test_every_session_rule_at_ten_and_nine_school_days(
    make_school: Any, profile: str, rule: str, level: str, window_start: str
) -> None:
    """With a term of 1–13 Nov 2026 (ten school days) the drill is owed in the month or
    quarter holding November; with 1–12 Nov (nine) nothing is owed in 2026."""
    year = Period(D("2026-01-01"), D("2026-12-31"))

    def owed(last_day: str) -> list[tuple[str, str]]:
        sf = make_school(levels=(level,), terms=[("2026-11-01", last_day)], jurisdiction=profile)
        found = safetyregs.evaluate(sf, safetyregs.profiles.get(profile), year, D("2027-01-01"))
        return [(str(o.period.start), o.status) for o in found if o.rule == rule]

    assert owed("2026-11-13") == [(window_start, "violated")]
    assert owed("2026-11-12") == []


class TestBreaks:
    """The last school day before a break, found even when the range starts inside another."""

    def test_range_starting_inside_a_break(self) -> None:
        """From 2 Oct 2025 (inside the National Day break) to 31 Dec: only 31 Dec, before the
        New Year break; the National Day break, which started before the range, is skipped
        and the search goes on."""
        school = SchoolCalendar.for_terms([AUTUMN_2025])
        found = school.last_school_days_before_breaks(Period(D("2025-10-02"), D("2025-12-31")))
        assert found == (D("2025-12-31"),)

    def test_range_holding_both_breaks(self) -> None:
        """From 1 Sep 2025: 30 Sep before National Day and 31 Dec before New Year."""
        school = SchoolCalendar.for_terms([AUTUMN_2025])
        found = school.last_school_days_before_breaks(Period(D("2025-09-01"), D("2025-12-31")))
        assert found == (D("2025-09-30"), D("2025-12-31"))

    def test_break_days(self) -> None:
        """The National Day break of 2025 is exactly 1–8 October."""
        assert cal.holiday_breaks(Period(D("2025-10-05"), D("2025-10-05"))) == (
            Period(D("2025-10-01"), D("2025-10-08")),
        )
        assert not cal.is_break_day(D("2025-09-30"))
        assert cal.is_break_day(D("2025-10-08"))
        assert not cal.is_break_day(D("2025-10-09"))


class TestFirstAndLastWorkingDay:
    """The first or last working day of a range may be the range's own first or last day."""

    def test_first_working_day_is_the_last_day(self) -> None:
        """4–9 Oct 2025: only 9 Oct is a working day, and it is found."""
        assert cal._first_working_day_in(Period(D("2025-10-04"), D("2025-10-09"))) == D(
            "2025-10-09"
        )

    def test_no_first_working_day(self) -> None:
        """4–8 Oct 2025 holds no working day."""
        assert cal._first_working_day_in(Period(D("2025-10-04"), D("2025-10-08"))) is None

    def test_last_working_day_is_the_first_day(self) -> None:
        """30 Sep – 5 Oct 2025: only 30 Sep is a working day, and it is found."""
        assert cal._last_working_day_in(Period(D("2025-09-30"), D("2025-10-05"))) == D("2025-09-30")

    def test_no_last_working_day(self) -> None:
        """1–5 Oct 2025 holds no working day."""
        assert cal._last_working_day_in(Period(D("2025-10-01"), D("2025-10-05"))) is None

    def test_across_new_year(self) -> None:
        """From Sat 31 Dec 2022, after the last working day of 2022 (Fri 30 Dec), the first
        working day is Tue 3 Jan 2023 (1–2 Jan off); back from Mon 2 Jan it is 30 Dec."""
        span = Period(D("2022-12-31"), D("2023-01-05"))
        assert cal._first_working_day_in(span) == D("2023-01-03")
        assert cal._last_working_day_in(Period(D("2022-12-28"), D("2023-01-02"))) == D("2022-12-30")
        assert cal._last_working_day_in(Period(D("2022-12-31"), D("2023-01-02"))) is None

    def test_worked_saturday(self) -> None:
        """Saturday 11 Oct 2025 is worked: the last working day of 10–12 Oct, a school day."""
        assert cal._last_working_day_in(Period(D("2025-10-10"), D("2025-10-12"))) == D("2025-10-11")
        assert SchoolCalendar.for_terms([AUTUMN_2025]).is_school_day(D("2025-10-11"))


class TestCalendarWarning:
    """The one warning about years without the official arrangement, word for word."""

    def test_year_runs(self) -> None:
        """Consecutive years are joined with a dash, runs with a comma."""
        assert cal._year_runs([2100]) == "2100"
        assert cal._year_runs([1949, 2098, 2099, 2100, 2102]) == "1949, 2098–2100, 2102"

    def test_unknown_years(self) -> None:
        """2026 is known; 2099 and 2100 are not."""
        assert cal.unknown_years(Period(D("2026-01-01"), D("2026-12-31"))) == ()
        assert cal.unknown_years(Period(D("2099-06-01"), D("2100-01-31"))) == (2099, 2100)

    def test_one_year(self) -> None:
        """One unknown year: singular wording, naming the year."""
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cal.warn_if_unknown(Period(D("2100-01-01"), D("2100-12-31")))
        assert [str(w.message) for w in caught] == [
            "the official holiday arrangement for 2100 is not in the installed holidays "
            "package: working days and holiday breaks of that year use the statutory holidays "
            "only and obligations that depend on them are provisional (upgrade holidays once "
            "the State Council publishes the arrangement)"
        ]
        assert caught[0].category is safetyregs.CalendarWarning

    def test_several_years(self) -> None:
        """Several unknown years: one warning, plural wording, the years as runs."""
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cal.warn_if_unknown(Period(D("2099-01-01"), D("2101-12-31")))
        assert [str(w.message) for w in caught] == [
            "the official holiday arrangements for 2099–2101 are not in the installed holidays "
            "package: working days and holiday breaks of those years use the statutory holidays "
            "only and obligations that depend on them are provisional (upgrade holidays once "
            "the State Council publishes the arrangement)"
        ]

    def test_warning_points_at_the_caller(self) -> None:
        """The warning names the line that asked for the range, not safetyregs' own code.

        Not under mutmut, whose trampolines add frames between the caller and the warning.
        """
        import sys
        import warnings

        if "mutmut" in sys.modules:
            pytest.skip("mutmut's trampolines add stack frames")

        school = safetyregs.SchoolFile(
            school=safetyregs.School(id="s", name="n", jurisdiction="ziyang", levels=())
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            safetyregs.obligations(school, D("2100-01-01"), D("2100-01-31"), as_of=D("2100-02-01"))
        calendar_warnings = [w for w in caught if w.category is safetyregs.CalendarWarning]
        assert [w.filename for w in calendar_warnings] == [__file__]


class TestTermsSharingADay:
    """Terms that share one day (the loader refuses them, Python callers may not)."""

    def test_shared_day_counted_once(self) -> None:
        """Spring 2 Mar – 10 Jul and a summer course 10–17 Jul 2026 share Friday 10 July:
        July holds 1–3, 6–10 and 13–17 July, thirteen school days, 10 July once."""
        school = SchoolCalendar.for_terms(
            [Period(D("2026-03-02"), D("2026-07-10")), Period(D("2026-07-10"), D("2026-07-17"))]
        )
        july = Period(D("2026-07-01"), D("2026-07-31"))
        days = school.school_days_in(july)
        assert school.count_school_days(july) == len(days) == 13
        assert days.count(D("2026-07-10")) == 1


#: Who each level-bound rule binds, transcribed from the "applies to" column of the
#: regulation catalogue ("secondary" is junior and senior secondary, not vocational).
_SCHOOL_AGE = {"primary", "junior_secondary", "senior_secondary"}
_WITH_VOCATIONAL = _SCHOOL_AGE | {"vocational"}
LEVEL_BOUND = {
    "ziyang.evacuation-drill-monthly": _WITH_VOCATIONAL,
    "ziyang.evacuation-drill-quarterly": {"kindergarten"},
    "ziyang.drowning-letter": _SCHOOL_AGE,
    "ziyang.traffic-survey": _SCHOOL_AGE,
    "yanzhou.evacuation-drill-monthly": _WITH_VOCATIONAL,
    "yanzhou.evacuation-drill-quarterly": {"kindergarten"},
    "yanzhou.psych-screening": _SCHOOL_AGE,
    "cixi.1530-daily": _SCHOOL_AGE,
    "cixi.1530-weekly": _SCHOOL_AGE,
    "cixi.1530-holiday": _SCHOOL_AGE,
    "cixi.evacuation-drill-monthly": _WITH_VOCATIONAL,
    "cixi.evacuation-drill-quarterly": {"kindergarten"},
}


class TestLevels:
    """A school of one level owes a level-bound rule exactly when the catalogue says so."""

    def test_every_level_bound_rule_is_listed(self) -> None:
        """The rules limited to levels are the catalogue's, no more and no fewer."""
        bound = {
            rule.id
            for name in safetyregs.profiles.names()
            for rule in safetyregs.profiles.get(name).rules
            if rule.applies_to.levels
        }
        assert bound == set(LEVEL_BOUND)

    @pytest.mark.parametrize("rule", sorted(LEVEL_BOUND))
    @pytest.mark.parametrize(
        "level", ["kindergarten", "primary", "junior_secondary", "senior_secondary", "vocational"]
    )
    def test_single_level_school(self, make_school: Any, rule: str, level: str) -> None:
        """An empty file of a one-level school over 2026: obligations of the rule iff bound."""
        name = rule.split(".")[0]
        sf = make_school(levels=[level], jurisdiction=name)
        year = Period(D("2026-01-01"), D("2026-12-31"))
        found = safetyregs.evaluate(
            sf, safetyregs.profiles.get(name), year, D("2027-01-01"), rules=[rule]
        )
        assert bool(found) == (level in LEVEL_BOUND[rule])


class TestOwedOutOfSession:
    """Rules the catalogue does not limit to periods in session are owed in short terms too.

    A term of Mon 2 – Thu 12 March 2026 has nine school days (no holiday in early March),
    one short of "in session"; likewise November 2026 cut to a term of 1–12 November, and
    terms of Mon 13 – Thu 23 April, Mon 11 – Thu 21 May (after the Labour Day break) and
    Mon 1 – Thu 11 June 2026 (before the Dragon Boat break). A yearly rule is asked over
    2026 with the November term as the year's only one.
    """

    @pytest.mark.parametrize(
        ("rule", "term", "span", "flags"),
        [
            ("cixi.safety-education-periods", ("2026-03-02", "2026-03-12"), "2026-03", ()),
            ("cixi.hazard-analysis", ("2026-03-02", "2026-03-12"), "2026-03", ()),
            ("ziyang.drowning-letter", ("2026-03-02", "2026-03-12"), "2026-03", ()),
            ("cixi.whole-school-drill", ("2026-11-01", "2026-11-12"), "2026-11", ()),
            ("cixi.traffic-safety-month", ("2026-04-13", "2026-04-23"), "2026-04", ()),
            ("cixi.drowning-warning", ("2026-05-11", "2026-05-21"), "2026-05", ()),
            ("cixi.mental-health-month", ("2026-06-01", "2026-06-11"), "2026-06", ()),
            ("yanzhou.school-bus-drill", ("2026-03-02", "2026-03-12"), "2026-03", ("bus",)),
            ("yanzhou.psych-screening", ("2026-03-02", "2026-03-12"), "2026-03", ()),
            ("yanzhou.night-drill", ("2026-11-01", "2026-11-12"), "2026", ("boarding",)),
        ],
    )
    def test_nine_school_days_still_owe(
        self, make_school: Any, rule: str, term: tuple[str, str], span: str, flags: tuple[str]
    ) -> None:
        """An empty file owes the rule once in that month (or year), violated after it."""
        name = rule.split(".")[0]
        sf = make_school(
            terms=[term],
            jurisdiction=name,
            boarding="boarding" in flags,
            uses_school_bus="bus" in flags,
        )
        if len(span) == 4:
            start, end = D(f"{span}-01-01"), D(f"{span}-12-31")
        else:
            start = D(f"{span}-01")
            end = start + relativedelta(months=1, days=-1)
        school = SchoolCalendar.for_terms([Period(D(term[0]), D(term[1]))])
        assert school.count_school_days(Period(start, end)) == 9
        found = safetyregs.evaluate(
            sf, safetyregs.profiles.get(name), Period(start, end), D("2027-01-01"), rules=[rule]
        )
        assert [o.status for o in found] == ["violated"]


class TestParametersAsJson:
    """Parameter values as ``profile --format json`` prints them, worked out by hand."""

    def values(self, name: str, rule: str) -> dict[str, Any]:
        profile = safetyregs.profiles.get(name)
        return {p.path: p.to_json() for p in profile.parameters() if p.rule == rule}

    def test_durations(self) -> None:
        """30 minutes, one hour, one calendar month, one year, in ISO 8601."""
        assert self.values("ziyang", "ziyang.incident-phone-report")["trigger.within"] == "PT30M"
        assert self.values("ziyang", "ziyang.incident-written-report")["trigger.within"] == "PT1H"
        assert self.values("ziyang", "ziyang.traffic-survey")["trigger.within"] == "P1M"
        assert self.values("yanzhou", "yanzhou.appointment-training")["trigger.within"] == "P1Y"

    def test_parts_sets_and_conditions(self) -> None:
        """Levels sorted; a part with its type; conditions an object even when empty."""
        survey = self.values("ziyang", "ziyang.traffic-survey")
        assert survey["applies_to.levels"] == ["junior_secondary", "primary", "senior_secondary"]
        assert survey["require.need.match"] == {
            "type": "Match",
            "collection": "submissions",
            "where": {"kind": "traffic_survey"},
            "at_least": {},
            "covers_levels": [],
        }
        assert survey["require.need.at_least"] == "1"
        assert survey["require"] == "RecordsBy"
        phone = self.values("ziyang", "ziyang.incident-phone-report")
        assert phone["trigger.where"] == {}
        assert phone["require.not_before_start"] is False

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (dt.timedelta(hours=1, minutes=30), "PT1H30M"),
            (dt.timedelta(hours=2), "PT2H"),
            (dt.timedelta(minutes=45), "PT45M"),
            (dt.timedelta(0), "PT0M"),
            (relativedelta(years=1, months=2, days=3), "P1Y2M3D"),
            (relativedelta(days=10), "P10D"),
            (relativedelta(), "P0D"),
        ],
    )
    def test_iso_durations(self, value: Any, text: str) -> None:
        """Hours and minutes, years, months and days: only the units that are there."""
        from safetyregs._engine import plain

        assert plain(value) == text

    def test_plain_data(self) -> None:
        """Dates, decimals, sets, pairs, lists, mappings and kinds without fields."""
        from safetyregs._engine import plain
        from safetyregs.kinds import Months, Need, Recurring, records

        assert plain(D("2026-03-01")) == "2026-03-01"
        assert plain(frozenset({"b", "a"})) == ["a", "b"]
        assert plain((("kind", "x"), ("n", 2))) == {"kind": "x", "n": 2}
        assert plain([1, (2, 3)]) == [1, [2, 3]]
        assert plain({1: D("2026-01-02")}) == {"1": "2026-01-02"}
        assert plain(Months()) == "Months"
        rule = plain(Recurring(Months(), [Need(records("drills"))]))
        assert "type" not in rule
        assert rule["every"] == "Months"
        assert rule["needs"][0]["at_least"] == "1"
        assert rule["during"] == "always"


class TestCitationTexts:
    """How a citation reads, with and without its title, issuer and date."""

    def citation(self, **kw: Any) -> Any:
        from safetyregs._engine import Citation, Text

        base: dict[str, Any] = {
            "title": Text("关于《安全》工作的通知", "Notice on safety"),
            "issuer": Text("某市教育局", "Some Bureau"),
            "date": D("2020-04-02"),
        }
        base.update(kw)
        return Citation("notice.txt", "二.3", "每月演练", **base)

    def test_everything_known(self) -> None:
        """Issuer, the title quoted (inner 《》 turned to 〈〉), the date in brackets."""
        c = self.citation()
        assert c.reference() == "某市教育局《关于〈安全〉工作的通知》（2020-04-02）"
        assert c.reference("en") == 'Some Bureau, "Notice on safety" (2020-04-02)'
        assert c.label() == "《关于〈安全〉工作的通知》二.3"
        assert c.label("en") == '"Notice on safety" 二.3'

    def test_without_date_or_issuer(self) -> None:
        """No empty brackets for a missing date, no comma for a missing issuer."""
        c = self.citation(date=None)
        assert c.reference() == "某市教育局《关于〈安全〉工作的通知》"
        assert c.reference("en") == 'Some Bureau, "Notice on safety"'
        c = self.citation(issuer=None)
        assert c.reference() == "《关于〈安全〉工作的通知》（2020-04-02）"
        assert c.reference("en") == '"Notice on safety" (2020-04-02)'

    def test_without_title(self) -> None:
        """The document as named, then a space before the clause in both languages."""
        c = self.citation(title=None, issuer=None, date=None)
        assert c.document_title() == "notice.txt"
        assert c.label() == "notice.txt 二.3"
        assert c.label("en") == "notice.txt 二.3"

    def test_text_in_one_language_is_a_text(self) -> None:
        """A text present only in Chinese (or English) is not empty; one in neither is."""
        from safetyregs._engine import Text

        assert Text("安全", "")
        assert Text("", "safety")
        assert not Text("", "")
        assert Text("安全", "safety")() == "安全"


def test_unknown_rule_names_itself() -> None:
    """Asking a profile for a rule it lacks raises ``KeyError`` naming the id."""
    with pytest.raises(KeyError, match=r"ziyang\.no-such-rule"):
        safetyregs.profiles.get("ziyang").rule("ziyang.no-such-rule")


class TestAppliesTexts:
    """Which schools a rule applies to, as a reader and as the school file say it."""

    def test_levels_in_school_order_and_flags(self) -> None:
        """Levels in the order of schooling, then each flag; both languages."""
        from safetyregs._engine import Applies

        applies = Applies(
            levels=["vocational", "primary", "kindergarten", "senior_secondary"],
            flags=("boarding", "uses_school_bus"),
        )
        assert applies.text() == "幼儿园、小学、高中、中职；寄宿制学校；使用校车的学校"
        assert applies.text("en") == (
            "kindergarten, primary, senior secondary, vocational; boarding schools; "
            "schools using a school bus"
        )
        assert applies.describe() == (
            "levels: kindergarten, primary, senior_secondary, vocational; boarding; uses_school_bus"
        )

    def test_every_school(self) -> None:
        """No level and no flag: every school."""
        from safetyregs._engine import Applies

        assert Applies().text() == "所有学校"
        assert Applies().text("en") == "every school"
        assert Applies().describe() == "every school"
        assert Applies(flags=("has_canteen",)).text("en") == "schools with a canteen"
        assert Applies(levels=["junior_secondary"]).describe() == "levels: junior_secondary"


def test_profile_reference_in_both_languages() -> None:
    """A profile's document reads as its citations do; without a title, by its name."""
    import attrs

    cixi = safetyregs.profiles.get("cixi")
    assert cixi.reference() == (
        "慈溪市教育体育局《2023年学校安全稳定综治工作的意见》（2023-03-05）"
    )
    assert cixi.reference("en") == (
        'Cixi Education and Sports Bureau, "Opinions on school safety, stability and public '
        'order work in 2023" (2023-03-05)'
    )
    untitled = attrs.evolve(cixi, title=None)
    assert untitled.reference("en") == (
        f"Cixi Education and Sports Bureau, {cixi.document} (2023-03-05)"
    )
