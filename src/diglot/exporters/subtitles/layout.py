"""Which lines of a bilingual subtitle file are Chinese (target) and which English (source): the file's layout.

QC measures a Chinese line with Chinese widths, so it must know which lines
are Chinese. Guessing each line's language from its script fails on a
Chinese line made only of Latin letters ("Hacker News", "SSI", a bare
``Name:``): it would count as a third English line, and ``diglot check``
would judge an SRT differently from the WebVTT of the same cues.

So a line is judged by its place in the file's layout:

1. What the file says wins: a WebVTT ``<lang>`` or ``<c.target>``/``<c.source>``
   span, an ASS style (each style's language is the majority script of its
   lines). Such lines arrive with a *hint*.
2. For the other lines, the order of the two blocks (Chinese first or
   English first) is inferred once per file, by majority over the cues whose
   first and last lines are clearly in different scripts (such a cue keeps
   its own order; the file's order decides the cues whose ends are unclear,
   as when a Chinese line of Latin letters comes first).
3. In each cue the Chinese block then reaches from its end of the cue to the
   farthest line holding a CJK character; Latin-only lines inside it are
   Chinese. A Latin-only line at the boundary also joins the Chinese block
   when it is a name (up to three words, no sentence punctuation) that the
   English block repeats, as ``Hacker News`` over ``I read it on Hacker News``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ...lang.script import has_cjk

#: A name (up to three words, no sentence punctuation): what a Chinese line of Latin letters holds.
_NAME = re.compile(r"[^\s.?!;,]+(?: [^\s.?!;,]+){0,2}")
_MARKS = re.compile(r"^[\s\-–—‐]+|[\s:：]+$")

#: One line of a cue as read: its text and, when the file says so, whether it is Chinese (target).
RawLine = tuple[str, bool | None]


def cjk_first(cues: Sequence[Sequence[RawLine]]) -> bool:
    """Whether the file puts Chinese above English: the majority of cues with a CJK line at one end only."""
    votes: Counter[bool] = Counter()
    for lines in cues:
        if len(lines) < 2:
            continue
        top, bottom = has_cjk(lines[0][0]), has_cjk(lines[-1][0])
        if top != bottom:
            votes[top] += 1
    return votes[True] >= votes[False]


def _core(text: str) -> str:
    return " ".join(_MARKS.sub("", text).split()).casefold()


def assign(lines: Sequence[RawLine], chinese_on_top: bool) -> tuple[tuple[str, bool], ...]:
    """Each line of one cue with whether it is Chinese, by the layout (see the module docstring)."""
    if all(hint is not None for _, hint in lines):
        return tuple((text, bool(hint)) for text, hint in lines)
    if len(lines) >= 2 and has_cjk(lines[0][0]) != has_cjk(lines[-1][0]):
        chinese_on_top = has_cjk(lines[0][0])  # the cue's own ends are clear: they win over the file's order
    ordered = list(lines) if chinese_on_top else list(reversed(lines))
    # the Chinese block: from the top (of the reordered cue) down to the last line with a CJK character or a Chinese hint
    end = 0
    for i, (text, hint) in enumerate(ordered):
        if hint is True or (hint is None and has_cjk(text)):
            end = i + 1
    while end < len(ordered) - 1 and ordered[end][1] is None and not has_cjk(ordered[end][0]):
        core = _core(ordered[end][0])
        rest = " ".join(_core(t) for t, _ in ordered[end + 1 :])
        if not _NAME.fullmatch(core) or core not in rest:
            break
        end += 1
    out = [(text, hint if hint is not None else i < end) for i, (text, hint) in enumerate(ordered)]
    return tuple(out if chinese_on_top else reversed(out))


def assign_file(cues: Sequence[Sequence[RawLine]]) -> list[tuple[tuple[str, bool], ...]]:
    """:func:`assign` for every cue of a file, with the block order inferred once for the file."""
    top = cjk_first(cues)
    return [assign(lines, top) for lines in cues]
