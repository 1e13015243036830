"""Every rule of every built-in profile cites its seed: the words it quotes are in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import safetyregs
from safetyregs import profiles

#: The source documents, beside the repository as in CI (``../shared/seeds``).
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BUILT_IN = ("changzhou", "cixi", "yanzhou", "yongqiao", "ziyang")
CATALOGUE = SEEDS.parent / "spec" / "regulations.md"


def _words(text: str) -> str:
    """Text without page markers ("13、" after a blank line), punctuation or spaces."""
    text = re.sub(r"\n\n\d+、", "", text)
    return "".join(ch for ch in text if ch.isalnum() or ch == "%")


@pytest.fixture(params=BUILT_IN)
def profile(request: pytest.FixtureRequest) -> safetyregs.Profile:
    return profiles.get(request.param)


class TestCitations:
    def test_quoted_words_are_in_the_seed(self, profile: safetyregs.Profile) -> None:
        """Each part of a rule's quoted text (split at …) occurs in its seed, punctuation aside."""
        seed = SEEDS / profile.document
        if not seed.exists():
            pytest.skip(f"{seed} is not beside the repository")
        text = _words(seed.read_text(encoding="utf-8"))
        missing = [
            (rule.id, part)
            for rule in profile.rules
            for part in re.split(r"…|；", rule.source.text)
            if _words(part) and _words(part) not in text
        ]
        assert missing == []

    def test_every_rule_cites_its_document_and_a_clause(self, profile: safetyregs.Profile) -> None:
        """A rule's citation names the profile's document and a non-empty clause."""
        for rule in profile.rules:
            assert rule.source.document == profile.document, rule.id
            assert rule.source.clause.strip(), rule.id

    def test_catalogue_ids_are_installed(self, profile: safetyregs.Profile) -> None:
        """The profile has exactly the rule ids that the catalogue lists for it."""
        if not CATALOGUE.exists():
            pytest.skip(f"{CATALOGUE} is not beside the repository")
        listed = set(
            re.findall(rf"^\| `({profile.id}\.[a-z0-9-]+)`", CATALOGUE.read_text("utf-8"), re.M)
        )
        assert {rule.id for rule in profile.rules} == listed
