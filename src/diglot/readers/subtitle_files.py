"""Subtitle files (SubRip, WebVTT, ASS/SSA) into numbered, timed raw cues.

SRT and WebVTT are read by a line scanner that keeps every line number, so
each message names the file, the line and the cue; ASS/SSA is read with
pysubs2. Why (measured in ``benchmarks/subtitle_parsers.py``): pysrt loses
the text after a blank line inside a cue; pysubs2 and webvtt-py keep the text
but accept impossible times silently and know no line numbers; pysubs2 is the
only one of the three that reads ASS.

Never silently lost: text after a blank line inside a cue is kept with that
cue (and reported); a cue with a time that cannot be read is an error naming
it; unsorted cues are sorted and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..timing.references.base import parse_cue_time

SRT, VTT, ASS = "srt", "vtt", "ass"

_TIMING = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)")
_SRT_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?\s*-->", re.MULTILINE)
_INLINE_TIME = re.compile(r"<(?:\d+:)?\d{1,2}:\d{2}\.\d{3}>")


@dataclass(frozen=True, slots=True)
class RawCue:
    """One cue as written: its number in the file (1-based, file order), timing line, times and text lines."""

    number: int
    line: int
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    #: ASS events arrive as one text with ``\\N`` breaks; SRT/VTT as lines
    ass: bool = False


@dataclass(frozen=True, slots=True)
class CueFile:
    file: str
    format: str
    cues: tuple[RawCue, ...]
    notices: tuple[tuple[int | None, str], ...] = ()  # (line, message)


def sniff_format(text: str) -> str | None:
    """``srt``, ``vtt``, ``ass`` or None, from the text's first lines and timing lines."""
    head = text.lstrip("\ufeff \n\t")
    if head.startswith("WEBVTT"):
        return VTT
    if head.startswith("[Script Info]") or re.search(r"^\[(?:V4\+? Styles|Events)\]", text[:20000], re.MULTILINE):
        return ASS
    if _SRT_TIMING.search(text[:20000]):
        return SRT
    return None


def is_youtube_rolling(text: str) -> bool:
    """YouTube automatic captions: WebVTT whose cue lines carry inline word times."""
    return sniff_format(text) == VTT and _INLINE_TIME.search(text) is not None


def read_cues(text: str, file: str) -> CueFile:
    """The cues of subtitle *text*, sorted by start time.

    Raises :class:`InputError` naming the file (and line and cue) for a text
    that is no subtitle file, a bad time, or a file without any cue text.
    """
    fmt = sniff_format(text)
    if fmt is None:
        raise InputError("not a subtitle file (no SRT or WebVTT timing line, no ASS [Events])", file=file)
    if fmt == ASS:
        cues, notices = _read_ass(text, file)
    else:
        cues, notices = _read_lines(text, file, fmt)
    if not any(any(line.strip() for line in c.lines) for c in cues):
        raise InputError("subtitle file has no cue text", file=file)
    unsorted = next((b for a, b in zip(cues, cues[1:]) if b.start_ms < a.start_ms), None)
    if unsorted is not None:
        cues = sorted(cues, key=lambda c: (c.start_ms, c.number))
        notices.append((unsorted.line, f"cues are not in time order (cue {unsorted.number} starts before the one above it); sorted them by start time"))
    overlaps = [b for a, b in zip(cues, cues[1:]) if b.start_ms < a.end_ms]
    if overlaps:
        first = overlaps[0]
        notices.append((first.line, f"{len(overlaps)} cue(s) start before the previous one ends (first: cue {first.number}); their text is kept in start order"))
    return CueFile(file, fmt, tuple(cues), tuple(notices))


def _read_lines(text: str, file: str, fmt: str) -> tuple[list[RawCue], list[tuple[int | None, str]]]:
    lines = text.split("\n")
    cues: list[RawCue] = []
    notices: list[tuple[int | None, str]] = []
    i = 0
    header = fmt == VTT
    while i < len(lines):
        line = lines[i]
        if "-->" not in line:
            stripped = line.strip()
            # between cues: blank lines, SRT numbers, WebVTT header, cue ids, NOTE/STYLE/REGION blocks
            if header or not stripped or stripped.isdigit():
                header = header and bool(stripped)
                i += 1
                continue
            if fmt == VTT and stripped.split()[0] in ("NOTE", "STYLE", "REGION"):
                while i < len(lines) and lines[i].strip():
                    i += 1
                continue
            if fmt == VTT and i + 1 < len(lines) and "-->" in lines[i + 1]:
                i += 1  # a cue identifier
                continue
            if cues:  # text after a blank line inside a cue: keep it with that cue
                prev = cues[-1]
                cues[-1] = RawCue(prev.number, prev.line, prev.start_ms, prev.end_ms, (*prev.lines, line), prev.ass)
                notices.append((i + 1, f"cue {prev.number}: text after a blank line kept with the cue"))
            else:
                notices.append((i + 1, f"text before the first cue ignored: {stripped[:40]!r}"))
            i += 1
            continue
        number = len(cues) + 1
        m = _TIMING.match(line)
        if not m:
            raise InputError(f"cue {number}: timing line without an end time", file=file, line=i + 1)
        try:
            start = parse_cue_time(m.group(1), file, i + 1)
            end = parse_cue_time(m.group(2), file, i + 1)
        except InputError as exc:
            raise InputError(f"cue {number}: {exc.reason}", file=file, line=i + 1) from None
        if end < start:
            notices.append((i + 1, f"cue {number} ends before it starts; its end set to its start"))
            end = start
        body: list[str] = []
        timing_line = i + 1
        i += 1
        while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
            body.append(lines[i])
            i += 1
        # an SRT written without blank lines: the next cue's number sits above its timing line
        if body and i < len(lines) and "-->" in lines[i] and body[-1].strip().isdigit():
            body.pop()
        cues.append(RawCue(number, timing_line, start, end, tuple(body)))
    return cues, notices


def _read_ass(text: str, file: str) -> tuple[list[RawCue], list[tuple[int | None, str]]]:
    import pysubs2

    # line numbers of the event lines, in file order (pysubs2 keeps the order but not the lines)
    event_lines = [n for n, line in enumerate(text.split("\n"), 1) if re.match(r"\s*(Dialogue|Comment)\s*:", line)]
    try:
        subs = pysubs2.SSAFile.from_string(text, format_="ass")
    except Exception as exc:  # noqa: BLE001 - pysubs2 raises plain exceptions for broken files
        raise InputError(f"cannot read as ASS/SSA: {exc}", file=file) from None
    cues: list[RawCue] = []
    comments = 0
    for k, ev in enumerate(subs.events):
        line = event_lines[k] if k < len(event_lines) else 0
        if ev.is_comment:
            comments += 1
            continue
        cues.append(RawCue(k + 1, line, max(0, int(ev.start)), max(int(ev.end), int(ev.start), 0), (ev.text,), ass=True))
    notices: list[tuple[int | None, str]] = []
    if not cues:
        what = f"only {comments} comment line(s)" if comments else "no Dialogue lines"
        raise InputError(f"ASS file has no dialogue: {what}", file=file)
    if comments:
        notices.append((None, f"{comments} ASS comment line(s) skipped (not shown by players)"))
    return cues, notices
