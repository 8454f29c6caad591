"""Chapter planning shared by books and handouts: where a sectionless talk's Q&A starts, balanced chunks, opening words."""

from __future__ import annotations

import math
import re

from ..lang.script import han_count
from ..model import Segment
from .xmltext import xml_text

_QA_MARKER = re.compile(
    r"\b(q\s*&\s*a|questions? and answers?|(take|open (it )?up (for|to)|any) (some |a few |your )?questions)\b|问答环节|提问环节",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"(\bthank you\b|\bthanks\b[^.?!]*[.!]?\s*$|谢谢|感谢大家)", re.IGNORECASE)


def find_qa_start(segments: tuple[Segment, ...]) -> int | None:
    """Index of the first segment of the audience Q&A in a sectionless talk, if one is recognisable.

    Either a segment announces the Q&A ("let's take some questions"), or the
    talk closes with thanks in its last sentences (past the first 40%) and
    more segments follow. The Q&A must have at least two segments.
    """
    n = len(segments)
    if n < 6:
        return None
    for i, seg in enumerate(segments):
        if i < n * 0.4:
            continue
        text = seg.source or seg.target or ""
        tail = text[-120:]
        if _QA_MARKER.search(text):
            start = i + 1 if _QA_MARKER.search(tail) and not text.rstrip().endswith("?") else i
            return start if n - start >= 2 else None
        if _CLOSING.search(tail) and n - (i + 1) >= 2:
            return i + 1
    return None


def chunks(segs: tuple[Segment, ...], size: int) -> list[tuple[Segment, ...]]:
    """*segs* in balanced runs of at most *size* (no stub chapter at the end); all in one when *size* <= 0."""
    if not segs:
        return []
    if size <= 0 or len(segs) <= size:
        return [segs]
    k = math.ceil(len(segs) / size)
    base, extra = divmod(len(segs), k)  # balanced: no stub chapter at the end
    out, pos = [], 0
    for j in range(k):
        n = base + (1 if j < extra else 0)
        out.append(segs[pos : pos + n])
        pos += n
    return out


def opening_words(text: str, limit_words: int = 8, limit_han: int = 18) -> str:
    """The first words of *text*, for a navigation entry."""
    first = re.split(r"(?<=[.!?。！？])\s*", xml_text(text).strip(), maxsplit=1)[0].strip()
    first = " ".join(first.split())
    if han_count(first) > len(first) / 3:
        return first if len(first) <= limit_han else first[:limit_han].rstrip("，、,;；：: ") + "…"
    words = first.split(" ")
    return first if len(words) <= limit_words else " ".join(words[:limit_words]).rstrip(",;:") + "…"
