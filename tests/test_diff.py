"""Comparing jurisdictions: `safetyregs diff` and `safetyregs._diff.diff`."""

from __future__ import annotations

import json

import pytest

from safetyregs import profiles
from safetyregs._cli import main
from safetyregs._diff import diff


class TestDiff:
    def test_same_profile_has_no_differences(self) -> None:
        """A profile compared with itself lacks nothing and differs in nothing."""
        result = diff(profiles.get("yanzhou"), profiles.get("yanzhou"))
        assert result.only_in_a == ()
        assert result.only_in_b == ()
        assert result.different == ()
        assert len(result.pairs) == len(profiles.get("yanzhou").rules)

    def test_monthly_vs_quarterly_drills(self) -> None:
        """Ziyang's monthly school drill pairs with Changzhou's quarterly drill for every school."""
        result = diff(profiles.get("ziyang"), profiles.get("changzhou"))
        [pair] = [p for p in result.different if p.topic == "evacuation-drill"]
        assert (pair.a, pair.b) == (
            "ziyang.evacuation-drill-monthly",
            "changzhou.emergency-drill-quarterly",
        )
        changes = {c.parameter: (c.a, c.b) for c in pair.changes}
        assert changes["every"] == ("Months", "Quarters")
        assert changes["applies_to.levels"] == (
            ["junior_secondary", "primary", "senior_secondary", "vocational"],
            None,
        )
        # Ziyang's kindergarten rule has no partner left in Changzhou.
        assert "ziyang.evacuation-drill-quarterly" in result.only_in_a
        assert "changzhou.hazard-risk-system" in result.only_in_b

    def test_same_audience_pairs_first(self) -> None:
        """Rules of one topic pair by audience: monthly with monthly, quarterly with quarterly."""
        result = diff(profiles.get("ziyang"), profiles.get("yanzhou"))
        drills = {(p.a, p.b) for p in result.pairs if p.topic == "evacuation-drill"}
        assert drills == {
            ("ziyang.evacuation-drill-monthly", "yanzhou.evacuation-drill-monthly"),
            ("ziyang.evacuation-drill-quarterly", "yanzhou.evacuation-drill-quarterly"),
        }

    def test_hazard_loops_differ_in_steps(self) -> None:
        """The two closed loops differ in their steps and in the step that completes them."""
        result = diff(profiles.get("ziyang"), profiles.get("yanzhou"))
        [pair] = [p for p in result.pairs if p.topic == "hazard-closed-loop"]
        changes = {c.parameter: (c.a, c.b) for c in pair.changes}
        assert changes["complete"] == ("accepted", "verified")
        assert changes["fields_at.registered"] == (None, ["responsible"])
        assert changes["steps"][1] == ["registered", "remediated", "verified", "closed"]

    def test_derived_profile_shows_its_override(self) -> None:
        """A derived profile differs from its parent exactly in the overridden parameter."""
        ziyang = profiles.get("ziyang")
        district = ziyang.derive(
            "district",
            override={"ziyang.evacuation-drill-monthly": {"needs[0].at_least": 2}},
            remove=["ziyang.hazmat-ledger"],
        )
        result = diff(ziyang, district)
        assert result.only_in_a == ("ziyang.hazmat-ledger",)
        [pair] = result.different
        assert [(c.parameter, c.a, c.b) for c in pair.changes] == [("needs[0].at_least", "1", "2")]


class TestDiffCommand:
    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`diff --format json` prints the comparison and exits 0."""
        assert main(["diff", "ziyang", "cixi", "--format", "json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc["a"] == "ziyang"
        assert doc["b"] == "cixi"
        assert "cixi.rescue-team" in doc["only_in_b"]
        topics = {d["topic"] for d in doc["different"]} | {s["topic"] for s in doc["same"]}
        assert "holiday-duty" in topics

    def test_table_in_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table names the differing parameter and both values."""
        assert main(["diff", "ziyang", "changzhou", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "Only in ziyang" in out
        assert "Quarters" in out

    def test_effective_dates_in_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows where the profiles' own effective dates differ."""
        assert main(["diff", "ziyang", "yongqiao", "--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert "Effective dates that differ" in out
        assert '"2023-12-31"' in out
        assert main(["diff", "ziyang", "ziyang", "--lang", "en"]) == 0
        assert "Effective dates that differ" not in capsys.readouterr().out

    def test_unknown_profile(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown profile is bad input: exit 2, a message on stderr, nothing on stdout."""
        assert main(["diff", "ziyang", "atlantis"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "atlantis" in captured.err
