"""Subtitle files (SubRip, WebVTT, ASS/SSA) into numbered, timed raw cues.

SRT and WebVTT are read by diglot's one cue parser (:mod:`diglot.cuefile`, a
line scanner that keeps every line number, so each message names the file,
the line and the cue); ASS/SSA is read with pysubs2, the only library of
pysrt, webvtt-py and pysubs2 that reads it (``benchmarks/subtitle_parsers.py``).

Never silently lost: text after a blank line inside a cue is kept with that
cue (and reported); a cue with a time that cannot be read is an error naming
it; unsorted cues are sorted and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..cuefile import INLINE_TIME, RawCue, scan_cues
from ..errors import InputError
from .subtitle_position import ass_position, tag_position, vtt_position
from .sniff import ASS, SRT, VTT, sniff_format

__all__ = ["ASS", "SRT", "VTT", "CueFile", "is_youtube_rolling", "read_cues", "sniff_format"]


@dataclass(frozen=True, slots=True)
class CueFile:
    file: str
    format: str
    cues: tuple[RawCue, ...]
    notices: tuple[tuple[int | None, str], ...] = ()  # (line, message)


def is_youtube_rolling(text: str) -> bool:
    """YouTube automatic captions: WebVTT whose cue lines carry inline word times."""
    return sniff_format(text) == VTT and INLINE_TIME.search(text) is not None


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
        cues, notices = scan_cues(text, file, vtt=fmt == VTT)
        # where each cue sits on screen: {\\an8} in the text (SRT too), else WebVTT cue settings
        cues = [replace(c, position=tag_position(" ".join(c.lines)) or (vtt_position(c.settings) if fmt == VTT else None)) for c in cues]
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
    try:
        play_res: tuple[float, float] | None = (float(subs.info.get("PlayResX", 0)), float(subs.info.get("PlayResY", 0)))
    except ValueError:
        play_res = None
    for k, ev in enumerate(subs.events):
        line = event_lines[k] if k < len(event_lines) else 0
        if ev.is_comment:
            comments += 1
            continue
        style = subs.styles.get(ev.style)
        position = ass_position(ev.text, int(style.alignment) if style is not None else None, play_res)
        cues.append(RawCue(k + 1, line, max(0, int(ev.start)), max(int(ev.end), int(ev.start), 0), (ev.text,), ass=True, position=position))
    notices: list[tuple[int | None, str]] = []
    if not cues:
        what = f"only {comments} comment line(s)" if comments else "no Dialogue lines"
        raise InputError(f"ASS file has no dialogue: {what}", file=file)
    if comments:
        notices.append((None, f"{comments} ASS comment line(s) skipped (not shown by players)"))
    return cues, notices
