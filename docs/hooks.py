"""MkDocs hooks: one page per installed profile, generated at build time.

Profiles come from :func:`safetyregs.profiles.load_all`, so the site shows
exactly the profiles installed where it is built, third-party plugins
included. The pages never exist on disk: ``on_files`` adds them as generated
files, ``on_config`` lists them in the navigation under "Profiles", and
``on_page_markdown`` fills the tables on ``profiles/index.md`` and
``semantics.md``.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from safetyregs import Profile, profiles
from safetyregs.docgen import interpretations_table, profile_markdown, profiles_table

log = logging.getLogger("mkdocs.hooks.safetyregs")

#: The nav section that receives one entry per profile.
SECTION = "Profiles"
#: Markers replaced by generated tables: installed profiles, and their interpretations.
TABLE_MARKER = "<!-- installed-profiles -->"
INTERPRETATIONS_MARKER = "<!-- interpretations -->"

_installed: dict[str, Profile] = {}


def _load() -> dict[str, Profile]:
    """Every installed profile that loads; a broken plugin is reported, not fatal."""
    profiles.refresh()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", profiles.ProfileWarning)
        found = profiles.load_all()
    for warning in caught:
        # Info, not warning: a half-written plugin must not fail `mkdocs build --strict`.
        log.info("skipping a profile: %s", warning.message)
    return found


def page_path(profile_id: str) -> str:
    return f"profiles/{profile_id}.md"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _installed.clear()
    _installed.update(_load())
    entries = [{f"{p.name('en')} {p.name('zh')}": page_path(p.id)} for p in _installed.values()]
    for item in config.nav or []:
        if isinstance(item, dict) and SECTION in item:
            item[SECTION] = [*item[SECTION], *entries]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for profile in _installed.values():
        content = profile_markdown(profile, lang="en")
        files.append(File.generated(config, page_path(profile.id), content=content))
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    if TABLE_MARKER in markdown:
        table = profiles_table(_installed.values(), "en", link="{id}.md")
        markdown = markdown.replace(TABLE_MARKER, table)
    if INTERPRETATIONS_MARKER in markdown:
        table = interpretations_table(_installed.values(), link="profiles/{profile}.md#{rule}")
        markdown = markdown.replace(INTERPRETATIONS_MARKER, table)
    return markdown
