"""The exception hierarchy: one root, leaves that also inherit a built-in.

::

    Error (also SafetyRegsError)
    ├── SchoolFileError(ValueError)       bad school data, with JSON paths
    ├── UsageError(ValueError)            bad arguments to a function or command
    │   └── DateRangeError                a range outside the supported dates
    ├── ProfileError(ValueError)          a bad profile, derivation or plugin
    │   └── RuleError                     a rule failed while evaluating
    └── ProfileNotFoundError(LookupError) no installed profile of that name
"""

from __future__ import annotations

__all__ = [
    "DateRangeError",
    "Error",
    "ProfileError",
    "ProfileNotFoundError",
    "RuleError",
    "SafetyRegsError",
    "SchoolFileError",
    "SchoolFileWarning",
    "UsageError",
]


class Error(Exception):
    """Root of every error that safetyregs raises on purpose (also ``SafetyRegsError``)."""


#: The root's former name, the same class.
SafetyRegsError = Error


class SchoolFileError(Error, ValueError):
    """A school file could not be read; nothing was evaluated.

    ``errors`` lists one ``(path, message)`` pair per problem, the path in
    JSON form (``drills[3].date``).
    """

    def __init__(self, errors: list[tuple[str, str]], source: str | None = None) -> None:
        self.errors = list(errors)
        self.source = source
        lines = [f"{path}: {message}" if path else message for path, message in self.errors]
        head = f"{source}: " if source else ""
        msg = head + ("; ".join(lines) if len(lines) <= 1 else "\n  " + "\n  ".join(lines))
        super().__init__(msg)


class UsageError(Error, ValueError):
    """A bad argument: a month that is no month, an end before its start, an unknown
    format or rule id. The CLI reports it with exit status 2."""


class ProfileNotFoundError(Error, LookupError):
    """No installed profile has the requested name."""


class ProfileError(Error, ValueError):
    """A profile is malformed, a derivation asks for what the profile does not have,
    or a plugin misbehaves."""


class RuleError(ProfileError):
    """A rule raised while evaluating: ``rule`` and ``profile`` name it; the original
    exception is the ``__cause__``. Nothing is returned for the evaluation."""

    def __init__(self, message: str, *, rule: str, profile: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.profile = profile


class SchoolFileWarning(UserWarning):
    """A school file that is read, but is probably not what its author meant.

    A jurisdiction given by its Chinese or English name, or a school without
    ``levels`` (which silences every rule that applies to some levels only).
    """


class DateRangeError(UsageError):
    """A range of dates lies outside the supported horizon (1900 to 2200 by default)."""
