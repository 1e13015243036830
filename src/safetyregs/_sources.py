"""A rule's clause in its context: where the quoted words stand in the shipped document.

The built-in profiles ship their source documents' text as package data
(``safetyregs/sources/<profile>.txt``, read with :meth:`Profile.document_text`).
A citation quotes the document's words, parts of it elided with ``…`` or
separated by ``；``; :func:`locate` finds each part, punctuation, spaces and
page numbers aside (the texts were collected from web pages that re-punctuate
and break pages), and :func:`context` cuts out the paragraphs that hold them.

>>> doc = "一、总则\\n\\n1.学校每月开展一次演练。演练后要总结。\\n\\n2.其他。"
>>> [doc[a:b] for a, b in locate(doc, "每月开展一次演练")]
['每月开展一次演练']
>>> [p.text for p in context(doc, locate(doc, "每月开展一次演练"))]
['1.学校每月开展一次演练。演练后要总结。']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

__all__ = ["Paragraph", "context", "locate"]

#: A page number the collected text put at the start of a page ("\n\n12、").
_PAGE = re.compile(r"\n\n\d+、")
#: A paragraph longer than this is cut to the sentences around the quote.
LONG = 240
_SENTENCE_END = "。！？；"


def _words(text: str) -> tuple[str, list[int]]:
    """The letters, digits and ``%`` of ``text`` (page numbers left out), with their offsets."""
    skip: set[int] = set()
    for m in _PAGE.finditer(text):
        skip.update(range(m.start(), m.end()))
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if i not in skip and (ch.isalnum() or ch == "%"):
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def locate(document: str, quote: str) -> list[tuple[int, int]]:
    """The spans of ``document`` holding each part of ``quote`` (split at ``…`` and ``；``).

    Parts are matched on their letters and digits only, each looked for after
    the previous one first, then anywhere; a part not in the document is left
    out, so the result may be shorter than the quote's parts.
    """
    words, where = _words(document)
    spans: list[tuple[int, int]] = []
    pos = 0
    for part in re.split(r"…|；", quote):
        key = _words(part)[0]
        if not key:
            continue
        found = words.find(key, pos)
        if found < 0:
            found = words.find(key)
        if found < 0:
            continue
        end = found + len(key)
        spans.append((where[found], where[end - 1] + 1))
        pos = end
    return spans


@frozen
class Paragraph:
    """One paragraph of the document as shown: its text and the quoted spans in it.

    ``cut_before``/``cut_after``: the paragraph was too long and is shown
    from/to a sentence inside it. ``gap_before``: paragraphs were skipped
    between this one and the previous one shown.
    """

    text: str
    marks: tuple[tuple[int, int], ...]
    cut_before: bool = False
    cut_after: bool = False
    gap_before: bool = False


def _lines(document: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every paragraph: a line, continued across page numbers."""
    pages = {m.start() for m in _PAGE.finditer(document)}
    out, start = [], 0
    for i, ch in enumerate(document):
        if ch == "\n" and i not in pages and i - 1 not in pages:
            out.append((start, i))
            start = i + 1
    out.append((start, len(document)))
    return out


def _shown(document: str, a: int, b: int) -> tuple[str, list[int]]:
    """``document[a:b]`` without page numbers, and for each offset in it, its new offset."""
    cut = [False] * (b - a)
    for m in _PAGE.finditer(document, a, b):
        for i in range(m.start(), m.end()):
            cut[i - a] = True
    kept, where, n = [], [], 0
    for i in range(a, b):
        where.append(n)
        if not cut[i - a]:
            kept.append(document[i])
            n += 1
    where.append(n)
    return "".join(kept), where


def _sentence_bounds(text: str, lo: int, hi: int, extra: int) -> tuple[int, int]:
    """Widen ``[lo, hi)`` to whole sentences, plus ``extra`` sentences on each side."""
    start, limit = lo, lo
    for _ in range(extra + 1):
        cut = max(text.rfind(ch, 0, limit) for ch in _SENTENCE_END)
        start = cut + 1 if cut >= 0 else 0
        if start == 0:
            break
        limit = start - 1  # before the end of the sentence just taken in
    end = hi
    for _ in range(extra + 1):
        cuts = [i for ch in _SENTENCE_END if (i := text.find(ch, end)) >= 0]
        end = min(cuts) + 1 if cuts else len(text)
        if end == len(text):
            break
    return start, end


def context(document: str, spans: Sequence[tuple[int, int]], *, around: int = 0) -> list[Paragraph]:
    """The paragraphs (lines) holding ``spans``, with ``around`` paragraphs before and after.

    Blank lines are not paragraphs. A paragraph longer than :data:`LONG`
    characters is cut to the sentences holding the quote, with one more
    sentence on either side.
    """
    lines = _lines(document)
    filled = [i for i, (a, b) in enumerate(lines) if document[a:b].strip()]
    hit: set[int] = set()
    for lo, hi in spans:
        hit.update(i for i in filled if lines[i][0] < hi and lo < lines[i][1])
    if not hit:
        return []
    shown: set[int] = set()
    for i in hit:
        pos = filled.index(i)
        shown.update(filled[max(pos - around, 0) : pos + around + 1])
    out: list[Paragraph] = []
    previous = None
    for i in sorted(shown):
        a, b = lines[i]
        raw = document[a:b]
        lead = len(raw) - len(raw.lstrip())
        a, b = a + lead, a + len(raw.rstrip())
        text, where = _shown(document, a, b)
        marks = [
            (where[max(lo, a) - a], where[min(hi, b) - a]) for lo, hi in spans if lo < b and a < hi
        ]
        start, end, cut_before, cut_after = 0, len(text), False, False
        if len(text) > LONG and marks:
            start, end = _sentence_bounds(
                text, min(m[0] for m in marks), max(m[1] for m in marks), 1
            )
            cut_before, cut_after = start > 0, end < len(text)
        kept = tuple((max(lo, start) - start, min(hi, end) - start) for lo, hi in marks if lo < end)
        gap = previous is not None and filled.index(i) != filled.index(previous) + 1
        out.append(Paragraph(text[start:end], kept, cut_before, cut_after, gap))
        previous = i
    return out
