"""The exception hierarchy: one root, leaves that also inherit a built-in."""

from __future__ import annotations

__all__ = [
    "DateRangeError",
    "ProfileError",
    "ProfileNotFoundError",
    "SafetyRegsError",
    "SchoolFileError",
    "SchoolFileWarning",
]


class SafetyRegsError(Exception):
    """Root of every error that safetyregs raises on purpose."""


class SchoolFileError(SafetyRegsError, ValueError):
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


class ProfileNotFoundError(SafetyRegsError, LookupError):
    """No installed profile has the requested name."""


class ProfileError(SafetyRegsError, ValueError):
    """A profile is malformed, or two plugins register the same name."""


class SchoolFileWarning(UserWarning):
    """A school file that is read, but is probably not what its author meant.

    A jurisdiction given by its Chinese or English name, or a school without
    ``levels`` (which silences every rule that applies to some levels only).
    """


class DateRangeError(SafetyRegsError, ValueError):
    """A range of dates lies outside the supported horizon (1900 to 2200 by default)."""
