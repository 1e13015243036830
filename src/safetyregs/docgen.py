"""Markdown pages generated from profile data, for documentation sites.

The pages of this project's documentation come from these functions, so a
plugin's own docs can show its profile exactly as the safetyregs site shows a
built-in one (``safetyregs profile NAME --format markdown --lang en`` prints
the same page)::

    from safetyregs import docgen, profiles

    page = docgen.profile_markdown(profiles.get("yanjiang"), lang="en")

The pages use the Markdown extensions ``attr_list`` (rule ids as heading
anchors), ``tables`` and ``pymdownx.details`` (the ``???`` blocks).
"""

from __future__ import annotations

from ._docgen import interpretations_table, profile_markdown, profiles_table

__all__ = ["interpretations_table", "profile_markdown", "profiles_table"]
