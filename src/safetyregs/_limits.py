"""Bounds on what a school file may hold, checked on the parsed data before any model is built.

A school file comes from people and programs we do not control. Before the loader builds
a single record it walks the parsed JSON or TOML once, without recursion, and refuses:

* objects and lists nested deeper than :attr:`Limits.max_depth`;
* numbers with more than :attr:`Limits.max_digits` digits (``1e999999999`` included);
* ids and keys longer than :attr:`Limits.max_id_length`, texts longer than
  :attr:`Limits.max_text_length`;
* control characters (tab, line feed and carriage return are allowed in texts, not in
  ids) and lone surrogates, which no terminal or UTF-8 file can show faithfully;
* the same key twice in one object, and ``NaN`` / ``Infinity``;
* dates outside the horizon (:attr:`Limits.first_year` .. :attr:`Limits.last_year`).

Each problem comes with its JSON path, like every other loader error.

>>> Limits().max_depth
32
>>> printable("a\\x1b[2Jb")
'a\\\\x1b[2Jb'
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

__all__ = [
    "DEFAULT_LIMITS",
    "WIDEST",
    "BadNumber",
    "Constant",
    "DuplicateKeys",
    "Limits",
    "active",
    "deep_json_path",
    "find_problems",
    "has_problem",
    "number_problem",
    "printable",
    "text_allowed",
    "using",
]

MB = 1024 * 1024

#: The widest horizon that may be configured: far enough from ``date.min`` and ``date.max``
#: that no search of the time layer (it looks up to two years around a day) can overflow.
WIDEST = (1000, 9000)


@frozen
class Limits:
    """How large and how deep a school file may be, and which dates it may name.

    * ``max_size``: bytes read from a file (64 MB; the CLI's ``--max-size``);
    * ``max_depth``: objects and lists nested in each other (32);
    * ``max_digits``: digits of a number, before or after the point (20);
    * ``max_id_length``: characters of an id or a key (200);
    * ``max_text_length``: characters of any other text (100,000);
    * ``first_year`` .. ``last_year``: the horizon (1900..2200; the CLI's ``--horizon``)
      that every date of a file and every range evaluated lies in, at most
      1000..9000 so that nothing computed near it can leave the calendar.
    """

    max_size: int = 64 * MB
    max_depth: int = 32
    max_digits: int = 20
    max_id_length: int = 200
    max_text_length: int = 100_000
    first_year: int = 1900
    last_year: int = 2200

    def __attrs_post_init__(self) -> None:
        if not WIDEST[0] <= self.first_year <= self.last_year <= WIDEST[1]:
            msg = (
                f"horizon {self.first_year}..{self.last_year} must lie within "
                f"{WIDEST[0]}..{WIDEST[1]}"
            )
            raise ValueError(msg)

    @property
    def horizon_text(self) -> str:
        return f"{self.first_year}-01-01..{self.last_year}-12-31"

    def date_in_horizon(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year


DEFAULT_LIMITS = Limits()

_ACTIVE: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "safetyregs_limits", default=DEFAULT_LIMITS
)


def active() -> Limits:
    """The limits of the file being loaded (the structure hooks read dates with them)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Make ``limits`` the active limits inside a ``with`` block."""
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)


# --- markers the JSON parser leaves where a value could not be taken as it is ----------------


class DuplicateKeys(dict[str, Any]):
    """A JSON object that named some keys more than once (the parser keeps the last value)."""

    duplicates: tuple[str, ...] = ()


@frozen
class BadNumber:
    """A JSON number with more digits than the limit, kept as its text."""

    text: str


@frozen
class Constant:
    """``NaN``, ``Infinity`` or ``-Infinity`` in JSON, which is not a number of a school file."""

    name: str


# --- showing text from files safely -----------------------------------------------------------

#: Characters that reorder or hide text on a terminal: bidirectional controls and marks.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(char: str) -> bool:
    return char in _BIDI or unicodedata.category(char) in ("Cc", "Cs")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(_BIDI)) + "]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control characters, lone surrogates and bidi controls written as escapes.

    The result is safe to print on a terminal and to encode as UTF-8; ordinary text
    (Chinese included) is unchanged. With ``keep_newlines`` a line feed stays a line feed.
    """

    if text.isascii() and text.isprintable():
        return text  # nothing to escape (the common case, checked in C)

    def sub(match: re.Match[str]) -> str:
        char = match.group()
        return char if keep_newlines and char == "\n" else _escape(char)

    return _UNSAFE_RE.sub(sub, text)


def _shorten(text: str, limit: int = 40) -> str:
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the walk -------------------------------------------------------------------------------

#: Keys whose string values are ids (of a record, or naming another record).
ID_KEYS = frozenset({"id", "staff", "responsible", "jurisdiction", "routine"})

_ALLOWED_IN_TEXT = frozenset("\t\n\r")


def _join(path: str, key: str) -> str:
    shown = _shorten(key)
    return f"{path}.{shown}" if path else shown


def _text_problem(text: str, limits: Limits, *, is_id: bool, what: str) -> str | None:
    limit = limits.max_id_length if is_id else limits.max_text_length
    if len(text) > limit:
        return f"{what} of {len(text):,} characters is longer than the limit of {limit:,}"
    if text.isprintable():
        return None  # no control character and no surrogate (checked in C)
    for char in text:
        if unicodedata.category(char) == "Cs":
            return f"{what} holds a lone surrogate ({_escape(char)}), which is not text"
        if unicodedata.category(char) == "Cc" and (is_id or char not in _ALLOWED_IN_TEXT):
            return f"{what} holds the control character {_escape(char)}"
    return None


def text_allowed(text: str, limits: Limits, *, is_id: bool) -> bool:
    """Whether :func:`find_problems` accepts ``text`` as an id (``is_id``) or as other text."""
    limit = limits.max_id_length if is_id else limits.max_text_length
    if len(text) > limit:
        return False
    return text.isprintable() or _text_problem(text, limits, is_id=is_id, what="") is None


def number_problem(value: int | Decimal, limits: Limits) -> str | None:
    if isinstance(value, int):
        # bit_length bounds the digits without converting a huge int to text.
        if value.bit_length() > 4 * limits.max_digits or len(str(abs(value))) > limits.max_digits:
            return f"a number with more than {limits.max_digits} digits"
        return None
    if not value.is_finite():
        return None  # the decimal hook names non-finite values
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    whole = max(len(digits) + exponent, 0)
    fraction = max(-exponent, 0)
    if whole > limits.max_digits or fraction > limits.max_digits:
        return f"a number with more than {limits.max_digits} digits"
    return None


def find_problems(data: Any, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    """Every problem of the parsed data with the limits, as ``(path, message)`` pairs.

    The walk uses an explicit stack, so any depth the parser produced is safe to visit;
    it stops descending at :attr:`Limits.max_depth`.
    """
    if not _any_problem(data, limits):
        return []  # the common case, without building a path for every value
    problems: list[tuple[str, str]] = []
    stack: list[tuple[str, Any, int, str | None]] = [("", data, 0, None)]
    while stack:
        path, value, depth, key = stack.pop()
        if isinstance(value, Mapping | list):
            if depth >= limits.max_depth:
                message = f"nested more than {limits.max_depth} levels deep"
                problems.append((path, message))
                continue
            if isinstance(value, DuplicateKeys):
                for dup in value.duplicates:
                    problems.append((_join(path, dup), "this key appears twice in one object"))
            children: Iterator[tuple[str, Any, str | None]]
            if isinstance(value, Mapping):
                children = iter(_object_children(path, value, limits, problems))
            else:
                children = ((f"{path}[{i}]", item, None) for i, item in enumerate(value))
            stack.extend((p, v, depth + 1, k) for p, v, k in reversed(list(children)))
            continue
        problem = _leaf_problem(value, limits, key)
        if problem is not None:
            problems.append((path, problem))
    return problems


def has_problem(data: Any, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Whether :func:`find_problems` finds anything (quicker: no paths are built)."""
    return _any_problem(data, limits)


def _any_problem(data: Any, limits: Limits) -> bool:
    """Whether :func:`find_problems` finds anything: the same tests, no paths."""
    stack: list[tuple[Any, int, str | None]] = [(data, 0, None)]
    while stack:
        value, depth, key = stack.pop()
        kind = type(value)
        if kind is str:
            limit = limits.max_id_length if key in ID_KEYS else limits.max_text_length
            if len(value) <= limit and value.isprintable():
                continue
            if _leaf_problem(value, limits, key) is not None:
                return True
            continue
        if kind is dict or kind is list or isinstance(value, Mapping | list):
            if depth >= limits.max_depth:
                return True
            if isinstance(value, DuplicateKeys) and value.duplicates:
                return True
            if isinstance(value, Mapping):
                for name, item in value.items():
                    name = str(name)
                    if _text_problem(name, limits, is_id=True, what="the key") is not None:
                        return True
                    stack.append((item, depth + 1, name))
            else:
                stack.extend((item, depth + 1, None) for item in value)
            continue
        if _leaf_problem(value, limits, key) is not None:
            return True
    return False


def _object_children(
    path: str, value: Mapping[Any, Any], limits: Limits, problems: list[tuple[str, str]]
) -> list[tuple[str, Any, str | None]]:
    children: list[tuple[str, Any, str | None]] = []
    for key, item in value.items():
        name = str(key)
        problem = _text_problem(name, limits, is_id=True, what="the key")
        if problem is not None:
            problems.append((_join(path, name), problem))
            continue
        children.append((_join(path, name), item, name))
    return children


def _leaf_problem(value: Any, limits: Limits, key: str | None) -> str | None:
    if isinstance(value, str):
        is_id = key in ID_KEYS
        return _text_problem(value, limits, is_id=is_id, what="the id" if is_id else "the text")
    if isinstance(value, BadNumber):
        return f"a number with more than {limits.max_digits} digits"
    if isinstance(value, Constant):
        return f"{value.name} is not a number in a school file"
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return number_problem(value, limits)
    if isinstance(value, dt.date | dt.datetime) and not limits.date_in_horizon(value):
        return f"{value.isoformat()} is outside the supported dates {limits.horizon_text}"
    return None


# --- JSON nested beyond what the parser can follow -------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(\s*:)?|[\[\]{},]', re.DOTALL)


def deep_json_path(text: str, max_depth: int) -> str:
    """The JSON path at which ``text`` first nests deeper than ``max_depth``.

    Used when the parser itself gave up (Python's parser stops at about a thousand
    levels), so that the message still names where it happened.
    """
    stack: list[list[Any]] = []  # [kind, key or index]
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            if len(stack) >= max_depth:
                break
            stack.append([token, None if token == "{" else 0])
        elif token in "]}":
            if stack:
                stack.pop()
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
        elif match.group(1) and stack:
            raw = token[: token.rindex(":")].strip()
            try:
                stack[-1][1] = json.loads(raw)
            except ValueError:
                stack[-1][1] = raw.strip('"')
    path = ""
    for kind, step in stack:
        if kind == "[":
            path += f"[{step}]"
        elif step is not None:
            path = _join(path, str(step))
    return path
