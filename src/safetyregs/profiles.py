"""The profile registry: every installed jurisdiction, found through entry points.

Built-in profiles register themselves exactly as a third party would, in the
entry-point group ``safetyregs.profiles``::

    [project.entry-points."safetyregs.profiles"]
    ziyang = "safetyregs.jurisdictions.ziyang:PROFILE"

An entry point may name a :class:`~safetyregs.Profile` or a callable that
returns one. Each plugin is imported only when its profile is first asked
for, once per process, however many threads ask at the same time; a plugin's
factory may itself ask the registry for other profiles (``derive``).

A plugin cannot hurt the other profiles. One that raises anything while
loading (``SystemExit`` included), returns something that is not a profile,
asks for itself while loading, or does not finish loading within
:func:`import_timeout` seconds is skipped with a :class:`ProfileWarning`
naming it. What it prints while loading goes to stderr, never to stdout. A
name claimed twice is refused with a warning (a built-in profile keeps its
name); the other names are unaffected. ``SAFETYREGS_NO_PLUGINS=1`` (or
``refresh(plugins=False)``) loads only the built-in profiles.

>>> from safetyregs import profiles
>>> "ziyang" in profiles.names()
True
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from importlib import metadata
from typing import Any, TextIO

from ._engine import Profile
from ._errors import ProfileError, ProfileNotFoundError

__all__ = [
    "DEFAULT_TIMEOUT",
    "GROUP",
    "ProfileWarning",
    "get",
    "import_timeout",
    "load_all",
    "names",
    "plugins_enabled",
    "refresh",
]

#: The entry-point group that profiles register in.
GROUP = "safetyregs.profiles"

#: Seconds a plugin may take to load before it is given up (``SAFETYREGS_PLUGIN_TIMEOUT``).
DEFAULT_TIMEOUT = 10.0

_NO_PLUGINS = "SAFETYREGS_NO_PLUGINS"
_TIMEOUT = "SAFETYREGS_PLUGIN_TIMEOUT"
_DIST = "safetyregs"


class ProfileWarning(UserWarning):
    """A profile plugin could not be loaded; the other profiles still work."""


class _Attempt:
    """One load of one entry point: which thread runs it, and how it ended."""

    def __init__(self, owner: int) -> None:
        self.owner = owner
        self.profile: Profile | None = None
        self.problem: str | None = None


# All state below is guarded by _lock; _changed is notified whenever a load ends.
_lock = threading.RLock()
_changed = threading.Condition(_lock)
_plugins: bool | None = None
_generation = 0
_entries: dict[str, metadata.EntryPoint] | None = None
_loaded: dict[str, Profile] = {}
_broken: dict[str, str] = {}
_loading: dict[str, _Attempt] = {}
_waiting: dict[int, str] = {}


def _describe(ep: metadata.EntryPoint) -> str:
    where = f"{ep.name} = {ep.value}"
    return where + (f" (from {ep.dist.name})" if ep.dist is not None else "")


def _built_in(ep: metadata.EntryPoint) -> bool:
    """Registered by safetyregs itself, for one of its own modules."""
    return ep.dist is not None and ep.dist.name == _DIST and ep.module.startswith(_DIST + ".")


def plugins_enabled() -> bool:
    """Whether third-party plugins are loaded: ``refresh(plugins=...)``, else the
    environment (``SAFETYREGS_NO_PLUGINS=1`` turns them off)."""
    if _plugins is not None:
        return _plugins
    return os.environ.get(_NO_PLUGINS, "").strip().lower() in {"", "0", "false", "no"}


def import_timeout() -> float | None:
    """Seconds a plugin may take to load: ``SAFETYREGS_PLUGIN_TIMEOUT`` (a number; ``0``
    means no limit), else :data:`DEFAULT_TIMEOUT`. Built-in profiles have no limit."""
    text = os.environ.get(_TIMEOUT, "").strip()
    try:
        value = float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        value = DEFAULT_TIMEOUT
    if value != value or value == float("inf"):  # NaN or infinity: no usable limit
        value = DEFAULT_TIMEOUT
    return value if value > 0 else None


def _warn(message: str) -> None:
    warnings.warn(message, ProfileWarning, stacklevel=4)


def _entry_points() -> dict[str, metadata.EntryPoint]:
    """The usable entry points by name; a name claimed twice is refused with a warning."""
    global _entries
    with _lock:
        if _entries is not None:
            return _entries
        plugins = plugins_enabled()
        claims: dict[str, list[metadata.EntryPoint]] = {}
        for ep in metadata.entry_points(group=GROUP):
            if not plugins and not _built_in(ep):
                continue
            same = claims.setdefault(ep.name, [])
            # One distribution seen twice on sys.path is one claim.
            if all(_describe(seen) != _describe(ep) for seen in same):
                same.append(ep)
        found: dict[str, metadata.EntryPoint] = {}
        for name, eps in claims.items():
            if len(eps) == 1:
                found[name] = eps[0]
                continue
            built_in = [ep for ep in eps if _built_in(ep)]
            if len(built_in) == 1:
                found[name] = built_in[0]
                for ep in eps:
                    if ep is not built_in[0]:
                        _warn(
                            f"profile plugin {_describe(ep)} is ignored: "
                            f"the built-in profile {name!r} has that name"
                        )
            else:
                who = "; ".join(_describe(ep) for ep in eps)
                _warn(f"profile {name!r} is refused: several plugins claim that name ({who})")
        _entries = found
        return found


# --- stdout stays clean while plugins load --------------------------------------------

_in_plugin = threading.local()
_guard_users = 0
_guard_saved: TextIO | None = None


class _StdoutGuard:
    """Stands in for ``sys.stdout`` while plugins load: writes from a thread that is
    loading a plugin go to stderr; every other thread writes to the real stdout."""

    def __init__(self, real: TextIO) -> None:
        self._real = real

    def _target(self) -> TextIO:
        return sys.stderr if getattr(_in_plugin, "active", False) else self._real

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


def _guard_stdout() -> None:
    global _guard_users, _guard_saved
    with _lock:
        if _guard_users == 0:
            _guard_saved = sys.stdout
            sys.stdout = _StdoutGuard(sys.stdout)
        _guard_users += 1


def _unguard_stdout() -> None:
    global _guard_users, _guard_saved
    with _lock:
        _guard_users -= 1
        if _guard_users == 0:
            if isinstance(sys.stdout, _StdoutGuard) and _guard_saved is not None:
                sys.stdout = _guard_saved
            _guard_saved = None


# --- loading ----------------------------------------------------------------------------


def _build(ep: metadata.EntryPoint) -> Profile:
    obj = ep.load()
    profile = obj() if callable(obj) and not isinstance(obj, Profile) else obj
    if not isinstance(profile, Profile):
        msg = f"is not a safetyregs Profile (got {type(profile).__name__})"
        raise _NotAProfileError(msg)
    if profile.id != ep.name:
        msg = f"registers a profile whose id is {profile.id!r}"
        raise _NotAProfileError(msg)
    return profile


class _NotAProfileError(Exception):
    pass


def _problem(exc: BaseException) -> str:
    if isinstance(exc, _NotAProfileError):
        return str(exc)
    text = str(exc)
    return f"failed to load: {type(exc).__name__}" + (f": {text}" if text else "")


def _run_plugin(ep: metadata.EntryPoint, attempt: _Attempt) -> None:
    """The body of a plugin's loader thread: anything it raises becomes a problem."""
    with _lock:
        attempt.owner = threading.get_ident()
    _in_plugin.active = True
    _guard_stdout()
    try:
        attempt.profile = _build(ep)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: a plugin's, not ours
        attempt.problem = _problem(exc)
    finally:
        _in_plugin.active = False
        _unguard_stdout()


def _cycle(owner: int, me: int) -> bool:
    """Whether the thread ``owner`` (transitively) waits for a profile ``me`` is loading."""
    seen: set[int] = set()
    while owner not in seen:
        if owner == me:
            return True
        seen.add(owner)
        name = _waiting.get(owner)
        attempt = _loading.get(name) if name is not None else None
        if attempt is None:
            return False
        owner = attempt.owner
    return False


def _load(name: str) -> Profile | None:
    """Load one entry point (once); a broken plugin warns and gives None."""
    me = threading.get_ident()
    with _changed:
        while True:
            if name in _loaded:
                return _loaded[name]
            if name in _broken:
                return None
            current = _loading.get(name)
            if current is None:
                break
            if _cycle(current.owner, me):
                ep = _entry_points()[name]
                msg = f"profile plugin {_describe(ep)} asks for itself while loading"
                raise ProfileError(msg)
            _waiting[me] = name
            try:
                _changed.wait()
            finally:
                _waiting.pop(me, None)
        ep = _entry_points()[name]
        generation = _generation
        attempt = _Attempt(me)
        _loading[name] = attempt
    try:
        if _built_in(ep):
            try:
                attempt.profile = _build(ep)
            except Exception as exc:
                attempt.problem = _problem(exc)
        else:
            _load_in_thread(name, ep, attempt)
    finally:
        with _changed:
            if _loading.get(name) is attempt:
                del _loading[name]
            if generation == _generation:
                if attempt.profile is not None:
                    _loaded[name] = attempt.profile
                else:
                    _broken[name] = attempt.problem or "failed to load"
            _changed.notify_all()
    if attempt.profile is None:
        _warn(f"profile plugin {_describe(ep)} {attempt.problem}")
    return attempt.profile


def _load_in_thread(name: str, ep: metadata.EntryPoint, attempt: _Attempt) -> None:
    """Run the plugin in its own daemon thread, waiting at most :func:`import_timeout`."""
    timeout = import_timeout()
    worker = threading.Thread(
        target=_run_plugin, args=(ep, attempt), name=f"safetyregs-plugin-{name}", daemon=True
    )
    me = threading.get_ident()
    with _lock:
        _waiting[me] = name
    try:
        worker.start()
        worker.join(timeout)
    finally:
        with _lock:
            _waiting.pop(me, None)
    if worker.is_alive():
        attempt.profile = None
        shown = f"{timeout:g}"
        attempt.problem = f"did not finish loading within {shown} s (SAFETYREGS_PLUGIN_TIMEOUT)"
    elif attempt.profile is None and attempt.problem is None:  # pragma: no cover - defensive
        attempt.problem = "failed to load"


def load_all() -> dict[str, Profile]:
    """Every installed profile that loads, by id."""
    found = {}
    for name in sorted(_entry_points()):
        profile = _load(name)
        if profile is not None:
            found[name] = profile
    return found


def refresh(*, plugins: bool | None = None) -> None:
    """Forget what was discovered, e.g. after installing a plugin.

    ``plugins=False`` loads only the built-in profiles from now on,
    ``plugins=True`` loads plugins too, ``None`` (the default) follows
    ``SAFETYREGS_NO_PLUGINS``.
    """
    global _entries, _plugins, _generation
    with _changed:
        _plugins = plugins
        _generation += 1
        _entries = None
        _loaded.clear()
        _broken.clear()
        _loading.clear()
        _changed.notify_all()


def names() -> list[str]:
    """The names of the installed profiles, sorted, without importing any plugin."""
    return sorted(_entry_points())


def get(name: str) -> Profile:
    """The installed profile called ``name``, loading only that plugin.

    Raises :class:`~safetyregs.ProfileNotFoundError` (a ``LookupError``)
    naming the installed profiles when there is none, or saying why a
    plugin of that name could not be loaded.
    """
    entries = _entry_points()
    profile = _load(name) if name in entries else None
    if profile is None:
        if name in entries:
            with _lock:
                problem = _broken.get(name, "failed to load")
            msg = f"profile {name!r} could not be loaded: its plugin {problem}"
            raise ProfileNotFoundError(msg)
        known = ", ".join(sorted(entries)) or "none"
        msg = f"no profile {name!r} is installed (installed: {known})"
        raise ProfileNotFoundError(msg)
    return profile
