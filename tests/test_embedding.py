"""Embedding safetyregs in an app: dicts and records in, validation, errors, typed results."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import safetyregs
from safetyregs import (
    Drill,
    InsurancePolicy,
    Meeting,
    SchoolFile,
    SchoolFileError,
    Training,
    UsageError,
)
from safetyregs._models import DrillKind

D = dt.date.fromisoformat
SCRIPT = Path(sys.executable).parent / "safetyregs"


def small(**lists: Any) -> dict[str, Any]:
    """A school file as a dict: one primary school in Ziyang, two staff, the given lists."""
    return {
        "school": {
            "id": "zy-9",
            "name": "测试小学",
            "jurisdiction": "ziyang",
            "levels": ["primary"],
            "terms": [{"start": "2026-09-01", "end": "2027-01-22"}],
        },
        "staff": [
            {"id": "a", "name": "甲", "hired": "2020-09-01"},
            {"id": "b", "name": "乙", "hired": None},
        ],
        **lists,
    }


def paths(error: SchoolFileError) -> list[str]:
    return [path for path, _ in error.errors]


class TestFromDict:
    def test_float_is_read_through_repr(self) -> None:
        """A framework-parsed 1.5 is exactly Decimal('1.5'), not a refusal."""
        data = small(
            trainings=[{"id": "t1", "staff": "a", "date": "2026-10-05", "class_hours": 1.5}]
        )
        assert safetyregs.from_dict(data).trainings[0].class_hours == Decimal("1.5")

    @pytest.mark.parametrize("hours", [3, "3", Decimal(3), 3.0])
    def test_number_forms_agree(self, hours: Any) -> None:
        """An int, a string, a Decimal and a float of the same number load equal."""
        data = small(
            trainings=[{"id": "t1", "staff": "a", "date": "2026-10-05", "class_hours": hours}]
        )
        assert safetyregs.from_dict(data).trainings[0].class_hours == 3

    def test_float_arithmetic_is_refused_with_its_path(self) -> None:
        """0.1 + 0.2 (0.30000000000000004) is refused, naming the JSON path and the value."""
        data = small(
            trainings=[{"id": "t1", "staff": "a", "date": "2026-10-05", "class_hours": 0.1 + 0.2}]
        )
        with pytest.raises(SchoolFileError) as info:
            safetyregs.from_dict(data)
        assert paths(info.value) == ["trainings[0].class_hours"]
        assert "0.30000000000000004" in str(info.value)

    def test_fifteen_digit_float_is_kept(self) -> None:
        """A float with 15 significant digits is still exactly the decimal written."""
        data = small(
            trainings=[
                {"id": "t1", "staff": "a", "date": "2026-10-05", "class_hours": 1.23456789012345}
            ]
        )
        hours = safetyregs.from_dict(data).trainings[0].class_hours
        assert hours == Decimal("1.23456789012345")

    def test_every_problem_at_once(self) -> None:
        """A float minute count, a NaN and an impossible date are all reported with paths."""
        data = small(
            education=[{"id": "e1", "date": "2026-10-05", "minutes": 5.5}],
            chemicals=[
                {
                    "id": "c1",
                    "item": "酒精",
                    "date": "2026-02-30",
                    "action": "acquire",
                    "quantity": float("nan"),
                }
            ],
        )
        with pytest.raises(SchoolFileError) as info:
            safetyregs.from_dict(data)
        assert paths(info.value) == [
            "chemicals[0].date",
            "chemicals[0].quantity",
            "education[0].minutes",
        ]

    def test_example_round_trip(self) -> None:
        """The example school, dumped and parsed with plain ``json.loads``, loads back equal."""
        example = safetyregs.example_school()
        assert safetyregs.from_dict(json.loads(safetyregs.dumps(example))) == example


class TestRecord:
    def test_by_name_and_by_class(self) -> None:
        """``record("drills", ...)`` and ``record(Drill, ...)`` give the same validated Drill."""
        data = {"id": "d1", "date": "2026-11-12", "kind": "fire"}
        by_name = safetyregs.record("drills", data)
        by_class = safetyregs.record(Drill, data)
        assert by_name == by_class == Drill("d1", D("2026-11-12"), kind=DrillKind.FIRE)
        assert by_class.kind is DrillKind.FIRE

    def test_bad_value_path_inside_the_record(self) -> None:
        """A kind that is no drill kind is refused at ``kind``."""
        with pytest.raises(SchoolFileError) as info:
            safetyregs.record("drills", {"id": "d1", "date": "2026-11-12", "kind": "nonsense"})
        assert paths(info.value) == ["kind"]
        assert "'nonsense'" in str(info.value)

    def test_unknown_collection_is_a_usage_error(self) -> None:
        """A list name the school file does not have is a bad argument."""
        with pytest.raises(UsageError, match="'drill'"):
            safetyregs.record("drill", {"id": "d1", "date": "2026-11-12"})

    def test_record_of_another_list(self) -> None:
        """A Meeting given as a drill is refused, not reinterpreted."""
        with pytest.raises(SchoolFileError, match="Meeting"):
            safetyregs.record("drills", Meeting("m1", D("2026-11-02")))


class TestValidate:
    @pytest.fixture
    def base(self) -> SchoolFile:
        return safetyregs.from_dict(small())

    def test_duplicate_ids(self, base: SchoolFile) -> None:
        """Two drills with one id, built with ``attrs.evolve``, are refused by validate and by
        evaluate; ``validate=False`` evaluates anyway."""
        sf = attrs.evolve(base, drills=(Drill("d1", D("2026-11-02")), Drill("d1", D("2026-11-20"))))
        with pytest.raises(SchoolFileError) as info:
            safetyregs.validate(sf)
        assert paths(info.value) == ["drills[1].id"]
        ziyang = safetyregs.profiles.get("ziyang")
        november = safetyregs.month_period("2026-11")
        with pytest.raises(SchoolFileError):
            safetyregs.evaluate(sf, ziyang, november, D("2026-12-01"))
        found = safetyregs.evaluate(sf, ziyang, november, D("2026-12-01"), validate=False)
        assert "ziyang.evacuation-drill-monthly" in {o.rule for o in found}

    def test_ghost_staff(self, base: SchoolFile) -> None:
        """A training naming staff ``"ghost"`` is refused at its path, also through ``owes``."""
        sf = attrs.evolve(base, trainings=(Training("t1", "ghost", D("2026-10-05"), Decimal(2)),))
        with pytest.raises(SchoolFileError, match="ghost") as info:
            safetyregs.owes(sf, "2026-11", as_of=D("2026-11-20"))
        assert paths(info.value) == ["trainings[0].staff"]

    def test_enum_value_as_plain_string(self, base: SchoolFile) -> None:
        """``Drill(kind="nonsense")`` is refused; ``Drill(kind="fire")`` validates to the member."""
        bad = attrs.evolve(base, drills=(Drill("d1", D("2026-11-02"), kind="nonsense"),))  # type: ignore[arg-type]
        with pytest.raises(SchoolFileError) as info:
            safetyregs.validate(bad)
        assert paths(info.value) == ["drills[0].kind"]
        good = attrs.evolve(base, drills=(Drill("d1", D("2026-11-02"), kind="fire"),))  # type: ignore[arg-type]
        assert safetyregs.validate(good).drills[0].kind is DrillKind.FIRE

    def test_end_before_start_even_if_forced(self, base: SchoolFile) -> None:
        """Building a policy that ends before it starts is a SchoolFileError naming ``end``; one
        forced in past the validators is still caught by validate."""
        with pytest.raises(SchoolFileError) as info:
            InsurancePolicy("p1", "school_liability", D("2026-02-01"), D("2026-01-01"))
        assert paths(info.value) == ["end"]
        policy = InsurancePolicy("p1", "school_liability", D("2026-01-01"), D("2026-12-31"))
        object.__setattr__(policy, "end", D("2025-12-31"))
        with pytest.raises(SchoolFileError) as info:
            safetyregs.validate(attrs.evolve(base, insurance=(policy,)))
        assert paths(info.value) == ["insurance[0].end"]

    def test_a_valid_file_is_checked_once(self, base: SchoolFile) -> None:
        """A valid file comes back equal; the checked file is not checked again (same object)."""
        sf = attrs.evolve(base, drills=(Drill("d1", D("2026-11-02")),))
        checked = safetyregs.validate(sf)
        assert checked == sf
        assert safetyregs.validate(checked) is checked


class TestAdd:
    def test_add_records_and_dicts(self) -> None:
        """``add`` appends objects and dicts and leaves the original alone."""
        sf = safetyregs.from_dict(small())
        more = sf.add(
            "drills",
            Drill("d1", D("2026-11-02")),
            {"id": "d2", "date": "2026-11-20", "kind": "earthquake"},
        )
        assert [d.id for d in more.drills] == ["d1", "d2"]
        assert more.drills[1].kind is DrillKind.EARTHQUAKE
        assert sf.drills == ()

    def test_add_checks_the_whole_file(self) -> None:
        """A duplicate id and a ghost staff id are refused with the new records' paths."""
        sf = safetyregs.from_dict(small(drills=[{"id": "d1", "date": "2026-11-02"}]))
        with pytest.raises(SchoolFileError) as info:
            sf.add("drills", {"id": "d1", "date": "2026-11-20"})
        assert paths(info.value) == ["drills[1].id"]
        with pytest.raises(SchoolFileError) as info:
            sf.add("duty", {"id": "du1", "date": "2026-10-01", "staff": "ghost", "leader": True})
        assert paths(info.value) == ["duty[0].staff"]

    def test_add_to_a_list_that_does_not_exist(self) -> None:
        """An unknown list is a bad argument."""
        with pytest.raises(UsageError):
            safetyregs.from_dict(small()).add("drill", {"id": "d1", "date": "2026-11-02"})


class TestErrors:
    """Every error of the reported examples is in the hierarchy, of the documented kind."""

    def test_hierarchy(self) -> None:
        """Leaves under Error, each also the nearest built-in; SafetyRegsError is Error."""
        assert safetyregs.SafetyRegsError is safetyregs.Error
        for leaf, builtin in [
            (safetyregs.SchoolFileError, ValueError),
            (safetyregs.UsageError, ValueError),
            (safetyregs.ProfileError, ValueError),
            (safetyregs.RuleError, safetyregs.ProfileError),
            (safetyregs.ProfileNotFoundError, LookupError),
        ]:
            assert issubclass(leaf, safetyregs.Error)
            assert issubclass(leaf, builtin)

    def test_bad_month(self) -> None:
        """``owes(month="2026-13")`` is a UsageError naming the month."""
        with pytest.raises(UsageError, match="2026-13"):
            safetyregs.owes(safetyregs.example_school(), month="2026-13", as_of=D("2026-11-01"))

    def test_end_before_start(self) -> None:
        """A range that ends before it starts is a UsageError, in the API and in Period."""
        school = safetyregs.example_school()
        with pytest.raises(UsageError, match="precedes"):
            safetyregs.obligations(school, D("2026-11-30"), D("2026-11-01"), as_of=D("2026-12-01"))
        with pytest.raises(UsageError):
            safetyregs.Period(D("2026-11-30"), D("2026-11-01"))

    def test_datetime_as_of_is_its_day_in_china(self) -> None:
        """An aware datetime ``as_of`` counts as its day in China Standard Time."""
        school = safetyregs.example_school()
        late_utc = dt.datetime(2026, 11, 22, 17, 0, tzinfo=dt.UTC)  # 23 Nov 01:00 in Beijing
        by_datetime = safetyregs.owes(school, "2026-11", as_of=late_utc)
        by_date = safetyregs.owes(school, "2026-11", as_of=D("2026-11-23"))
        assert by_datetime.as_of == D("2026-11-23")
        assert by_datetime.obligations == by_date.obligations

    def test_not_a_date(self) -> None:
        """A string ``as_of`` given to ``evaluate`` is a UsageError, not a TypeError."""
        ziyang = safetyregs.profiles.get("ziyang")
        with pytest.raises(UsageError, match="as_of"):
            safetyregs.evaluate(
                safetyregs.example_school(),
                ziyang,
                safetyregs.month_period("2026-11"),
                "2026-11-23",  # type: ignore[arg-type]
            )

    def test_unknown_format(self) -> None:
        """``dumps`` and ``loads`` refuse ``yaml`` the same way."""
        with pytest.raises(UsageError):
            safetyregs.dumps(safetyregs.example_school(), format="yaml")  # type: ignore[arg-type]
        with pytest.raises(UsageError):
            safetyregs.loads("{}", format="yaml")  # type: ignore[arg-type]

    def test_unknown_rule_ids(self) -> None:
        """``rules=["typo"]`` is refused naming the typo, not an empty result."""
        with pytest.raises(UsageError, match="'typo'"):
            safetyregs.obligations(
                safetyregs.example_school(),
                D("2026-11-01"),
                D("2026-11-30"),
                as_of=D("2026-12-01"),
                rules=["ziyang.evacuation-drill-monthly", "typo"],
            )

    def test_unknown_language(self) -> None:
        """A language other than zh or en is a UsageError."""
        with pytest.raises(UsageError, match="'fr'"):
            safetyregs.owes(
                safetyregs.example_school(), "2026-11", as_of=D("2026-11-01"), lang="fr"
            )  # type: ignore[arg-type]

    def test_rule_failure_names_the_rule(self) -> None:
        """A rule that raises during evaluation is a RuleError naming it and its profile."""
        from safetyregs.kinds import Months, Need, Recurring, records

        class Exploding(Recurring):
            def findings(self, ctx: Any, span: Any) -> Any:
                raise ZeroDivisionError("boom")

        ziyang = safetyregs.profiles.get("ziyang")
        rule = safetyregs.Rule(
            "test.boom",
            safetyregs.Text("炸", "Boom"),
            safetyregs.Citation("t.txt", "一", "每月"),
            [Exploding(Months(), [Need(records("drills"))])],
        )
        broken = ziyang.derive("boom", add=[rule])
        with pytest.raises(safetyregs.RuleError) as info:
            safetyregs.owes(
                safetyregs.example_school(), "2026-11", as_of=D("2026-11-23"), profile=broken
            )
        assert (info.value.rule, info.value.profile) == ("test.boom", "boom")
        assert isinstance(info.value.__cause__, ZeroDivisionError)


class TestTypedResults:
    def test_render_is_the_json_detail(self) -> None:
        """``render(ob.detail, lang)`` is the ``detail`` of the JSON form, in both languages."""
        report = safetyregs.owes(safetyregs.example_school(), "2026-11", as_of=D("2026-11-23"))
        for lang in ("zh", "en"):
            doc = report.to_dict(lang=lang)  # type: ignore[arg-type]
            rendered = [safetyregs.render(ob.detail, lang) for ob in report]  # type: ignore[arg-type]
            assert rendered == [o["detail"] for o in doc["obligations"]]
        assert isinstance(report[0].detail, safetyregs.Message)

    def test_input_schema_is_the_cli_schema(self) -> None:
        """``schema()`` is what ``safetyregs schema`` prints, and accepts the example school."""
        printed = subprocess.run(
            [str(SCRIPT), "schema"], capture_output=True, text=True, check=True
        ).stdout
        assert json.loads(printed) == safetyregs.schema()
        example = json.loads(safetyregs.dumps(safetyregs.example_school()))
        jsonschema.Draft202012Validator(safetyregs.schema()).validate(example)

    @pytest.mark.parametrize(
        ("command", "extra"),
        [
            ("check", ("--from", "2026-01-01", "--to", "2026-11-23")),
            ("obligations", ("--from", "2026-01-01", "--to", "2026-12-31")),
            ("owes", ("--month", "2026-11")),
        ],
    )
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_cli_output_matches_the_result_schema(
        self, tmp_path: Path, command: str, extra: tuple[str, ...], lang: str
    ) -> None:
        """The console script's JSON for check, obligations and owes validates against
        ``result_schema()``, with met, pending and violated obligations and timed dues."""
        path = tmp_path / "school.json"
        path.write_text(safetyregs.dumps(safetyregs.example_school()), encoding="utf-8")
        run = subprocess.run(
            [
                str(SCRIPT),
                command,
                str(path),
                *extra,
                "--as-of",
                "2026-11-23",
                "--format",
                "json",
                "--lang",
                lang,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode in (0, 1), run.stderr
        doc = json.loads(run.stdout)
        validator = jsonschema.Draft202012Validator(
            safetyregs.result_schema(), format_checker=jsonschema.FormatChecker()
        )
        validator.validate(doc)
        items = doc.get("violations", doc.get("obligations"))
        assert items, "an empty list would prove little"

    def test_result_schema_refuses_a_broken_result(self) -> None:
        """The schema is not vacuous: an unknown status or a missing id fails it."""
        doc = safetyregs.owes(
            safetyregs.example_school(), "2026-11", as_of=D("2026-11-23")
        ).to_dict()
        validator = jsonschema.Draft202012Validator(safetyregs.result_schema())
        validator.validate(doc)
        bad_status = json.loads(json.dumps(doc))
        bad_status["obligations"][0]["status"] = "late"
        assert not validator.is_valid(bad_status)
        no_id = json.loads(json.dumps(doc))
        del no_id["obligations"][0]["id"]
        assert not validator.is_valid(no_id)


class TestMarkdown:
    def test_profile_markdown_is_the_docs_page(self) -> None:
        """``profile NAME --format markdown --lang en`` prints exactly the docs-site page."""
        from safetyregs.docgen import profile_markdown

        run = subprocess.run(
            [str(SCRIPT), "profile", "ziyang", "--format", "markdown", "--lang", "en"],
            capture_output=True,
            text=True,
            check=True,
        )
        page = profile_markdown(safetyregs.profiles.get("ziyang"), lang="en")
        assert run.stdout == page
        assert page.startswith("# Ziyang")
        assert "## " in page
        assert "ziyang.evacuation-drill-monthly" in page

    def test_docs_hooks_use_the_public_generator(self) -> None:
        """The docs site builds its profile pages with the public ``safetyregs.docgen``."""
        hooks = (Path(__file__).parent.parent / "docs" / "hooks.py").read_text(encoding="utf-8")
        assert "from safetyregs.docgen import" in hooks
        assert "safetyregs._docgen" not in hooks


class TestRoutines:
    """Routines built in Python go through the same checks as routines in a file."""

    ROUTINE: dict[str, Any] = {  # noqa: RUF012
        "id": "r1530",
        "collection": "education",
        "record": {"kind": "1530", "minutes": 1},
        "every": "school_day",
        "from": "2026-09-01",
        "to": "2026-09-30",
    }

    def test_a_valid_routine_round_trips(self) -> None:
        """A routine loaded from a dict validates unchanged, and ``add`` accepts another."""
        sf = safetyregs.from_dict(small(routines=[self.ROUTINE]))
        assert safetyregs.validate(attrs.evolve(sf)) == sf
        more = sf.add("routines", {**self.ROUTINE, "id": "r2", "every": "FREQ=WEEKLY;BYDAY=MO"})
        assert [r.id for r in more.routines] == ["r1530", "r2"]

    def test_routine_clashing_with_a_record(self) -> None:
        """A routine whose expanded ids clash with a record added later is refused."""
        sf = safetyregs.from_dict(small(routines=[self.ROUTINE]))
        with pytest.raises(SchoolFileError) as info:
            sf.add("education", {"id": "r1530@2026-09-01", "date": "2026-09-01"})
        assert "r1530@2026-09-01" in str(info.value)

    def test_bad_routine_built_in_python(self) -> None:
        """A routine for an unknown list, built with the model, is refused at its path."""
        sf = safetyregs.from_dict(small(routines=[self.ROUTINE]))
        bad = attrs.evolve(sf.routines[0], collection="drils")
        with pytest.raises(SchoolFileError) as info:
            safetyregs.validate(attrs.evolve(sf, routines=(bad,)))
        assert [p.split(".")[0] for p in paths(info.value)] == ["routines[0]"]
