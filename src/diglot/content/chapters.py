"""Chapter planning shared by books and handouts: one plan (:func:`plan_chapters`) for EPUB and DOCX.

Sections in document order (a section that resumes after another one comes
back as "<title> (continued)"), a sectionless talk split at its audience Q&A
and in balanced parts, or chapters every N minutes of video time; plus the
chapter options both formats take, so ``-O chapter-every=10m --to epub,docx``
means the same in both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import OptionError
from ..lang.script import han_count
from ..model import TIMING_SUBTITLES, Document, Section, Segment
from ..clock import short_clock
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


# --------------------------------------------------------------------------- the chapter plan

#: chapter titles the planner makes, in the language of the book or handout
CHAPTER_LABELS = {
    "en": {"qa": "Questions and answers", "part": "Part {n}", "continued": "{title} (continued)"},
    "zh": {"qa": "问答", "part": "第 {n} 部分", "continued": "{title}（续）"},
}

_EVERY = re.compile(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?:in)?)?(?:(\d+(?:\.\d+)?)s)?")


def chapter_labels(lang: str) -> dict[str, str]:
    return CHAPTER_LABELS.get(lang.split("-")[0].lower(), CHAPTER_LABELS["en"])


def parse_every(value: str | None) -> int | None:
    """``"10m"``, ``"90s"``, ``"1h30m"`` or a bare number of minutes (``"10"``) -> milliseconds; None for none.

    Raises :class:`ValueError` for anything else, or a span under 30 seconds.
    """
    if value is None or not str(value).strip() or str(value).strip().lower() == "none":
        return None
    text = str(value).strip().lower().replace(" ", "")
    try:
        ms = round(float(text) * 60_000)
    except ValueError:
        m = _EVERY.fullmatch(text)
        if not m or not any(m.groups()):
            raise ValueError(f"{value!r} is not a duration such as 10m, 90s or 1h30m") from None
        h, mins, s = (float(g) if g else 0.0 for g in m.groups())
        ms = round((h * 3600 + mins * 60 + s) * 1000)
    if ms < 30_000:
        raise ValueError(f"{value!r} is shorter than 30 seconds")
    return ms


def chapter_size_field() -> Any:
    return field(
        default=25,
        metadata={"help": "segments per chapter for talks without sections (0: split only at the Q&A)"},
    )


def split_qa_field() -> Any:
    return field(default=True, metadata={"help": "start a chapter at the audience Q&A of a talk without sections"})


def chapter_every_field() -> Any:
    return field(
        default=None,
        metadata={
            "help": "a chapter every this much video time (10m, 90s, 1h30m) for a document without headings of "
            "its own and with times (subtitle input, a retimed talk); replaces the pause chapters of subtitle "
            "input, chapter-size and the Q&A split"
        },
    )


def check_chapter_options(owner: str, chapter_size: Any, chapter_every: Any) -> None:
    """Raises :class:`OptionError` (naming *owner*) for a bad ``chapter_size`` or ``chapter_every``."""
    if not isinstance(chapter_size, int) or isinstance(chapter_size, bool) or chapter_size < 0:
        raise OptionError(f"{owner}.chapter_size: expected a whole number >= 0, got {chapter_size!r}")
    try:
        parse_every(chapter_every)
    except ValueError as exc:
        raise OptionError(f"{owner}.chapter_every: {exc}") from None


@dataclass(frozen=True)
class Chapter:
    """One chapter of a book or handout: its title, its segments and what it comes from.

    ``kind`` is ``section`` (a section of the document), ``continued`` (a
    section resuming after another one), ``part`` (a run without a section,
    cut by size), ``qa`` (the audience Q&A) or ``time`` (a span of video
    time). ``key`` is stable and unique within the plan (anchors, ids).
    """

    title: str
    segments: tuple[Segment, ...]
    kind: str
    key: str
    section: Section | None = None


def _start(seg: Segment) -> int | None:
    if seg.start_ms is not None:
        return seg.start_ms
    return next((p.start_ms for p in seg.pairs if p.start_ms is not None), None)


def _end(seg: Segment) -> int | None:
    if seg.end_ms is not None:
        return seg.end_ms
    return max((p.end_ms for p in seg.pairs if p.end_ms is not None), default=None)


def _runs(doc: Document) -> list[tuple[Section | None, list[Segment], bool]]:
    """Segments in document order, in runs of one section; ``True`` marks a section resuming after another.

    A section without segments is placed before the first later section (in the
    document's list of sections) that has text, or at the end.
    """
    known = {s.id: s for s in doc.sections}
    index = {s.id: i for i, s in enumerate(doc.sections)}
    used = {s.section for s in doc.segments if s.section in known}
    empty = [s for s in doc.sections if s.id not in used]
    runs: list[tuple[Section | None, list[Segment], bool]] = []
    seen: set[str] = set()
    for seg in doc.segments:
        sid = seg.section if seg.section in known else None
        if runs and (runs[-1][0].id if runs[-1][0] else None) == sid:
            runs[-1][1].append(seg)
            continue
        if sid is not None and sid not in seen:
            while empty and index[empty[0].id] < index[sid]:
                runs.append((empty.pop(0), [], False))
            seen.add(sid)
            runs.append((known[sid], [seg], False))
        else:
            runs.append((known[sid] if sid else None, [seg], sid is not None))
    runs.extend((sec, [], False) for sec in empty)
    return runs


def plan_chapters(
    doc: Document,
    *,
    chapter_size: int = 25,
    split_qa: bool = True,
    chapter_every: str | None = None,
    lang: str = "en",
    target_first: bool = False,
    notes: list[str] | None = None,
) -> list[Chapter]:
    """The chapters of the book or handout of *doc*, in document order; at least one.

    * A section is a chapter under its title; a section that resumes after
      another one is a chapter again, titled "<title> (continued)": the text
      stays in the order it was said (times keep increasing) and each piece
      sits under the heading it belongs to.
    * A run of segments without a section is split at the audience Q&A (when
      *split_qa*) and into balanced parts of at most *chapter_size* segments,
      titled "Part N · <opening words>".
    * *chapter_every* (``"10m"``): a document with no headings of its own (no
      sections, or the pause chapters a subtitle reader made) and with times
      is cut at every multiple of that span instead, each chapter titled with
      its time span (``10:02–19:58``).

    ``key``: the section id, or ``part-N`` for the N-th chapter of a run without one.

    Titles are in *lang*; opening words come from the target text first when
    *target_first*. What could not be done as asked is added to *notes*.
    """
    labels = chapter_labels(lang)
    every = parse_every(chapter_every)
    if every is not None:
        authored = bool(doc.sections) and not (doc.timing is not None and doc.timing.source == TIMING_SUBTITLES)
        timed = [t for t in (_start(s) for s in doc.segments) if t is not None]
        if authored:
            _note(notes, "chapter-every: the document has sections of its own; they are its chapters")
        elif not timed:
            _note(notes, "chapter-every: the document has no times; chapters cut by chapter-size instead")
        else:
            return _every(doc.segments, every)

    def opening(segs: tuple[Segment, ...] | list[Segment]) -> str:
        for seg in segs:
            first, second = (seg.target, seg.source) if target_first else (seg.source, seg.target)
            for text in (first, second):
                if text and xml_text(text).strip():
                    return opening_words(text)
        return ""

    def part(segs: tuple[Segment, ...] | list[Segment], n: int) -> str:
        label = labels["part"].format(n=n)
        words = opening(segs)
        return f"{label} · {words}" if words else label

    out: list[Chapter] = []
    times: dict[str, int] = {}
    for sec, segs, resumed in _runs(doc):
        if sec is not None:
            title = " ".join(xml_text(sec.title).split())
            if resumed:
                times[sec.id] = times.get(sec.id, 1) + 1
                shown = title or part(segs, len(out) + 1)
                out.append(Chapter(labels["continued"].format(title=shown), tuple(segs), "continued", f"{sec.id}-{times[sec.id]}", sec))
            else:
                out.append(Chapter(title or part(segs, len(out) + 1), tuple(segs), "section", sec.id, sec))
            continue
        seq = tuple(segs)
        qa = find_qa_start(seq) if split_qa else None
        talk, answers = (seq[:qa], seq[qa:]) if qa is not None else (seq, ())
        for chunk in chunks(talk, chapter_size):
            out.append(Chapter(part(chunk, len(out) + 1), chunk, "part", f"part-{len(out) + 1}"))
        for j, chunk in enumerate(chunks(answers, chapter_size)):
            title = labels["qa"] if j == 0 else f"{labels['qa']} ({j + 1})"
            out.append(Chapter(title, chunk, "qa", f"part-{len(out) + 1}"))
    if not out:
        out.append(Chapter(labels["part"].format(n=1), (), "part", "part-1"))
    return out


def _every(segments: tuple[Segment, ...], every: int) -> list[Chapter]:
    """*segments* cut where a segment starts at or after the next multiple of *every* ms (untimed ones go along)."""
    groups: list[list[Segment]] = []
    bound = None
    for seg in segments:
        t = _start(seg)
        if groups and (t is None or bound is None or t < bound):
            groups[-1].append(seg)
            continue
        groups.append([seg])
        if t is not None:
            bound = (t // every + 1) * every
    out = []
    for n, group in enumerate(groups, 1):
        starts = [t for t in map(_start, group) if t is not None]
        ends = [t for t in map(_end, group) if t is not None]
        first = min(starts) if starts else 0
        last = max(ends) if ends else first
        out.append(Chapter(f"{short_clock(first)}–{short_clock(max(first, last))}", tuple(group), "time", f"time-{n}"))
    return out


def _note(notes: list[str] | None, text: str) -> None:
    if notes is not None and text not in notes:
        notes.append(text)
