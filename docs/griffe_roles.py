"""A Griffe extension: read the reST habits of our docstrings as Markdown.

The docstrings of safetyregs are written for ``help()`` and doctest: they use
Sphinx roles (``:class:`~safetyregs.Profile```) and bare ``>>>`` examples.
Markdown would print the roles literally and turn ``>>>`` into nested
quotes, so before rendering this extension

* turns each role into an optional cross-reference (a link when the target is
  documented on the site, plain code otherwise, never a broken link), and
* fences every run of ``>>>`` lines and their output as a ``pycon`` block.

The source is not changed; only what the site shows.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|attr|mod|exc|data|obj):`(~?)([^`]+)`")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: reST's "paragraph::" before a literal block; Markdown needs only the indent.
_LITERAL = re.compile(r"(?<=\S)::$", re.MULTILINE)


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2).strip()
    shown = target.rsplit(".", 1)[-1] if short else target
    label = f"<code>{shown}</code>"
    if not target.startswith("safetyregs"):
        return label
    return f'<autoref identifier="{target}" optional>{label}</autoref>'


def _fence_doctests(text: str) -> str:
    out: list[str] = []
    lines = text.splitlines()
    inside_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            inside_fence = not inside_fence
        if inside_fence or not line.lstrip().startswith(">>>"):
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i].removeprefix(indent))
            i += 1
        out += [f"{indent}```pycon", *(indent + b for b in block), f"{indent}```"]
    return "\n".join(out)


def rewrite(text: str) -> str:
    """The docstring ``text`` with roles as cross-references and doctests fenced."""
    text = _LITERAL.sub(":", _fence_doctests(text))
    return _ROLE.sub(_role, text)


class ReSTHabits(griffe.Extension):
    """Rewrite every docstring once the object tree is complete."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # The root package is not among the objects that on_object visits.
        if pkg.docstring is not None and "```pycon" not in pkg.docstring.value:
            pkg.docstring.value = rewrite(pkg.docstring.value)
