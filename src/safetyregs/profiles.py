"""The profile registry: every installed jurisdiction, found through entry points.

Built-in profiles register themselves exactly as a third party would, in the
entry-point group ``safetyregs.profiles``::

    [project.entry-points."safetyregs.profiles"]
    ziyang = "safetyregs.jurisdictions.ziyang:PROFILE"

An entry point may name a :class:`~safetyregs.Profile` or a callable that
returns one. Each plugin is imported only when its profile is first asked
for. A plugin that fails to import or names no profile is skipped with a
:class:`ProfileWarning` naming it; two plugins with one name are a
:class:`~safetyregs.ProfileError`.

>>> from safetyregs import profiles
>>> "ziyang" in profiles.names()
True
"""

from __future__ import annotations

import warnings
from importlib import metadata

from ._engine import Profile
from ._errors import ProfileError, ProfileNotFoundError

__all__ = ["GROUP", "ProfileWarning", "get", "load_all", "names", "refresh"]

#: The entry-point group that profiles register in.
GROUP = "safetyregs.profiles"


class ProfileWarning(UserWarning):
    """A profile plugin could not be loaded; the other profiles still work."""


_entries: dict[str, metadata.EntryPoint] | None = None
_loaded: dict[str, Profile] = {}
_broken: set[str] = set()
_loading: set[str] = set()


def _describe(ep: metadata.EntryPoint) -> str:
    where = f"{ep.name} = {ep.value}"
    return where + (f" (from {ep.dist.name})" if ep.dist is not None else "")


def _entry_points() -> dict[str, metadata.EntryPoint]:
    """The registered entry points by name; one name claimed twice is an error."""
    global _entries
    if _entries is None:
        found: dict[str, metadata.EntryPoint] = {}
        for ep in metadata.entry_points(group=GROUP):
            seen = found.get(ep.name)
            if seen is not None and _describe(seen) != _describe(ep):
                msg = f"two profiles are named {ep.name!r}: {_describe(seen)} and {_describe(ep)}"
                raise ProfileError(msg)
            found[ep.name] = ep
        _entries = found
    return _entries


def _load(name: str) -> Profile | None:
    """Load one plugin (lazily, once); a broken one warns and gives None."""
    if name in _loaded:
        return _loaded[name]
    if name in _broken:
        return None
    ep = _entry_points()[name]
    if name in _loading:
        msg = f"profile plugin {_describe(ep)} asks for itself while loading"
        raise ProfileError(msg)
    _loading.add(name)
    try:
        obj = ep.load()
        profile = obj() if callable(obj) and not isinstance(obj, Profile) else obj
    except Exception as exc:  # a broken plugin (or a rule it cannot build) must not break others
        problem = f"failed to load: {type(exc).__name__}: {exc}"
    else:
        if not isinstance(profile, Profile):
            problem = f"is not a safetyregs Profile (got {type(profile).__name__})"
        elif profile.id != name:
            problem = f"registers a profile whose id is {profile.id!r}"
        else:
            _loaded[name] = profile
            return profile
    finally:
        _loading.discard(name)
    warnings.warn(f"profile plugin {_describe(ep)} {problem}", ProfileWarning, stacklevel=3)
    _broken.add(name)
    return None


def load_all() -> dict[str, Profile]:
    """Every installed profile that loads, by id."""
    found = {}
    for name in sorted(_entry_points()):
        profile = _load(name)
        if profile is not None:
            found[name] = profile
    return found


def refresh() -> None:
    """Forget what was discovered, e.g. after installing a plugin."""
    global _entries
    _entries = None
    _loaded.clear()
    _broken.clear()


def names() -> list[str]:
    """The names of the installed profiles, sorted, without importing any plugin."""
    return sorted(_entry_points())


def get(name: str) -> Profile:
    """The installed profile called ``name``, loading only that plugin.

    Raises :class:`~safetyregs.ProfileNotFoundError` (a ``LookupError``)
    naming the installed profiles when there is none.
    """
    profile = _load(name) if name in _entry_points() else None
    if profile is None:
        known = ", ".join(sorted(_entry_points())) or "none"
        msg = f"no profile {name!r} is installed (installed: {known})"
        raise ProfileNotFoundError(msg)
    return profile
