"""The documentation site builds in strict mode, with a page per installed profile."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import safetyregs
from safetyregs import Profile
from safetyregs._docgen import profile_markdown, profiles_table

pytest.importorskip("mkdocs")
pytest.importorskip("mkdocstrings")

ROOT = Path(__file__).parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"
PROFILES = safetyregs.profiles.load_all()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ``mkdocs build --strict`` into a temporary directory."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _text(page: Path) -> str:
    return html.unescape(page.read_text(encoding="utf-8"))


class TestBuild:
    def test_hand_written_pages(self, site: Path) -> None:
        """Every page of the navigation is built."""
        for name in (
            "getting-started",
            "tutorial",
            "notebook",
            "school-file",
            "semantics",
            "cli",
            "python-api",
            "plugins",
            "property-tests",
            "changelog",
        ):
            assert (site / name / "index.html").is_file(), name
        assert (site / "notebooks" / "what-does-my-school-owe.ipynb").is_file()

    def test_build_helpers_are_not_published(self, site: Path) -> None:
        """The hook, the Griffe extension and the notebook script stay out of the site."""
        assert not (site / "hooks.py").exists()
        assert not (site / "griffe_roles.py").exists()
        assert not (site / "notebooks" / "make_notebook.py").exists()

    @pytest.mark.parametrize("profile_id", sorted(PROFILES))
    def test_profile_page(self, site: Path, profile_id: str) -> None:
        """Each installed profile has a page that names and anchors every rule id."""
        page = site / "profiles" / profile_id / "index.html"
        assert page.is_file()
        text = _text(page)
        for rule in PROFILES[profile_id].rules:
            assert rule.id in text
            assert f'id="{rule.id}"' in text
            assert rule.source.clause in text

    def test_profiles_index_lists_every_profile(self, site: Path) -> None:
        """The table of installed profiles links to each profile's page."""
        text = _text(site / "profiles" / "index.html")
        for profile_id in PROFILES:
            assert f'href="{profile_id}/"' in text

    def test_changelog_is_included(self, site: Path) -> None:
        """The changelog page shows CHANGELOG.md (a snippet, not a copy)."""
        changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        first = next(line[3:].strip() for line in changelog.splitlines() if line.startswith("## "))
        assert first in _text(site / "changelog" / "index.html")

    def test_semantics_lists_interpretations(self, site: Path) -> None:
        """The semantics page lists every rule that carries an interpretation."""
        text = _text(site / "semantics" / "index.html")
        for profile in PROFILES.values():
            for rule in profile.rules:
                if rule.interpretation:
                    assert rule.id in text

    def test_api_reference(self, site: Path) -> None:
        """mkdocstrings renders the public API, with doctests as code, not as quotes."""
        text = _text(site / "python-api" / "index.html")
        for name in ("owes", "obligations", "Report", "profiles.get"):
            assert f'id="safetyregs.{name}"' in text
        raw = (site / "python-api" / "index.html").read_text(encoding="utf-8")
        assert '<span class="gp">&gt;&gt;&gt; </span>' in raw  # a highlighted doctest
        assert not re.search(r"<blockquote>\s*<blockquote>", raw)  # not ">>>" as quotes
        assert ":class:" not in text


class TestProfileMarkdown:
    @pytest.mark.parametrize("profile_id", sorted(PROFILES))
    def test_every_rule_with_citation(self, profile_id: str) -> None:
        """The generated Markdown holds every rule's id, titles, clause and Chinese text."""
        profile: Profile = PROFILES[profile_id]
        page = profile_markdown(profile)
        assert page.startswith(f"# {profile.name('en')} {profile.name('zh')} (`{profile.id}`)")
        for rule in profile.rules:
            assert f"{{#{rule.id}}}" in page
            assert rule.title("en") in page
            assert rule.title("zh") in page
            assert rule.source.text in page

    def test_parameters_are_override_paths(self) -> None:
        """Parameters are listed by the paths Profile.derive(override=...) accepts."""
        page = profile_markdown(safetyregs.profiles.get("ziyang"))
        section = page.split("{#ziyang.evacuation-drill-monthly}", 1)[1].split("\n## ", 1)[0]
        assert '| `needs[0].at_least` | `"1"` |' in section
        assert '| `during` | `"session"` |' in section
        assert "| `every` | *Months* |" in section

    def test_chinese_labels(self) -> None:
        """lang="zh" puts the Chinese name first and uses Chinese labels."""
        page = profile_markdown(safetyregs.profiles.get("ziyang"), lang="zh")
        assert page.startswith("# 资阳市（`ziyang`）")
        assert "发文单位" in page

    def test_table_links(self) -> None:
        """profiles_table links every profile with the given pattern."""
        table = profiles_table(PROFILES.values(), link="profiles/{id}.md")
        for profile_id in PROFILES:
            assert f"(profiles/{profile_id}.md)" in table
