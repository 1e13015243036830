"""The profile registry: every installed jurisdiction, found through entry points.

Built-in profiles register themselves exactly as a third party would, in the
entry-point group ``safetyregs.profiles``::

    [project.entry-points."safetyregs.profiles"]
    ziyang = "safetyregs.jurisdictions.ziyang:PROFILE"

An entry point may name a :class:`~safetyregs.Profile` or a callable that
returns one. Profiles load lazily, on first use. A plugin that fails to import
or names no profile is skipped with a :class:`ProfileWarning` naming it; two
plugins with one name are a :class:`~safetyregs.ProfileError`.

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


_cache: dict[str, Profile] | None = None


def _discover() -> dict[str, Profile]:
    found: dict[str, Profile] = {}
    origin: dict[str, str] = {}
    for ep in metadata.entry_points(group=GROUP):
        where = f"{ep.name} = {ep.value}"
        if ep.dist is not None:
            where += f" (from {ep.dist.name})"
        try:
            obj = ep.load()
            profile = obj() if callable(obj) and not isinstance(obj, Profile) else obj
        except Exception as exc:  # a broken plugin must not break the others
            msg = f"profile plugin {where} failed to load: {type(exc).__name__}: {exc}"
            warnings.warn(msg, ProfileWarning, stacklevel=3)
            continue
        if not isinstance(profile, Profile):
            msg = f"profile plugin {where} is not a safetyregs Profile (got {type(profile).__name__})"
            warnings.warn(msg, ProfileWarning, stacklevel=3)
            continue
        if profile.id in found:
            if origin[profile.id] == where:  # one distribution seen twice on sys.path
                continue
            msg = f"two profiles are named {profile.id!r}: {origin[profile.id]} and {where}"
            raise ProfileError(msg)
        found[profile.id] = profile
        origin[profile.id] = where
    return found


def load_all() -> dict[str, Profile]:
    """Every installed profile by id (discovered once, then cached)."""
    global _cache
    if _cache is None:
        _cache = _discover()
    return dict(_cache)


def refresh() -> None:
    """Forget the discovered profiles, e.g. after installing a plugin."""
    global _cache
    _cache = None


def names() -> list[str]:
    """The ids of the installed profiles, sorted."""
    return sorted(load_all())


def get(name: str) -> Profile:
    """The installed profile called ``name``.

    Raises :class:`~safetyregs.ProfileNotFoundError` (a ``LookupError``)
    naming the installed profiles when there is none.
    """
    found = load_all()
    try:
        return found[name]
    except KeyError:
        msg = f"no profile {name!r} is installed (installed: {', '.join(sorted(found)) or 'none'})"
        raise ProfileNotFoundError(msg) from None
