"""SubRip and WebVTT text into numbered, timed cue blocks: the one cue parser.

Read by the subtitle readers (:mod:`diglot.readers.subtitle_files`), the
timed-reference readers (:mod:`diglot.timing.references.webvtt`,
``subrip``) and subtitle QC (:mod:`diglot.exporters.subtitles.qc`, behind
``diglot check``); it sits at the bottom of the layers, beside
:mod:`diglot.clock` whose grammar it reads times with, so all of them can
import it downward.

A line scanner that keeps every line number, so each message names the file,
the line and the cue. Why not pysrt or webvtt-py (measured in
``benchmarks/subtitle_parsers.py``): pysrt loses the text after a blank line
inside a cue; webvtt-py keeps it but accepts impossible times silently and
knows no line numbers.

Never silently lost: text after a blank line inside a cue is kept with that
cue (and reported in the notices); a time that cannot be read is an error
naming the cue and its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .clock import ClockRangeError, clock_ms
from .errors import InputError

_TIMING = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)")
#: a line that means to be a timing line: a time, then "-->"; "Cues end with --> here" is cue text
_TIMING_LIKE = re.compile(r"^\s*[\d:.,]+\s*-->")
#: a WebVTT inline time (``<00:00:01.500>``, YouTube's word times), the time in group 1
INLINE_TIME = re.compile(r"<((?:\d+:)?\d{1,2}:\d{2}\.\d{3})>")
#: an ASS line break (``\N``; also found in SRT converted from ASS)
ASS_BREAK = re.compile(r"\\[Nn]")
#: lines between WebVTT cues that open a block of their own (skipped to the next blank line)
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")

#: (line or None, message): what the scanner repaired or skipped
Notice = tuple[int | None, str]


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
    #: the WebVTT cue settings after the end time (``line:0 align:start``), as written
    settings: str = ""
    #: where the cue sits on screen, a numpad alignment (8: top centre), None: bottom centre;
    #: set by the subtitle readers (:mod:`diglot.readers.subtitle_position`)
    position: int | None = None


def parse_cue_time(value: str, file: str, line: int | None = None) -> int:
    """A cue time ``HH:MM:SS.mmm`` (or ``MM:SS.mmm``, ``,`` allowed) -> milliseconds.

    Hours may exceed 24 or 99 (the grammar is :func:`diglot.clock.clock_ms`).
    Raises :class:`InputError` for anything else.
    """
    try:
        ms = clock_ms(value, max_fraction=3)
    except ClockRangeError:
        raise InputError(f"bad time {value.strip()!r} (minutes and seconds must be below 60)", file=file, line=line) from None
    if ms is None:
        raise InputError(f"bad time {value.strip()!r}", file=file, line=line)
    return ms


def scan_cues(text: str, file: str, *, vtt: bool) -> tuple[list[RawCue], list[Notice]]:
    """The cue blocks of SRT (*vtt* false) or WebVTT text, in file order, and notices about repairs.

    A cue starts at any line holding ``-->`` (so cues without blank lines
    between them still split) and its text runs to a blank line or the next
    timing line; a whitespace-only first line is text (YouTube's rolling
    captions start cues with one). Between cues, SRT numbers, the WebVTT
    header, cue identifiers and ``NOTE``/``STYLE``/``REGION`` blocks are
    skipped; any other text is kept with the cue above it. A cue that ends
    before it starts ends at its start.

    Raises :class:`InputError` naming the file, line and cue for a timing
    line without an end time or with a time that cannot be read.
    """
    lines = text.split("\n")
    cues: list[RawCue] = []
    notices: list[Notice] = []
    i = 0
    header = vtt
    while i < len(lines):
        line = lines[i]
        if not _TIMING_LIKE.match(line):
            stripped = line.strip()
            # between cues: blank lines, SRT numbers, WebVTT header, cue ids, NOTE/STYLE/REGION blocks
            if header or not stripped or stripped.isdigit():
                header = header and bool(stripped)
                i += 1
                continue
            if vtt and stripped.split()[0] in _VTT_BLOCKS:
                while i < len(lines) and lines[i].strip():
                    i += 1
                continue
            if vtt and i + 1 < len(lines) and _TIMING_LIKE.match(lines[i + 1]):
                i += 1  # a cue identifier
                continue
            if cues:  # text after a blank line inside a cue: keep it with that cue
                prev = cues[-1]
                cues[-1] = replace(prev, lines=(*prev.lines, line))
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
        while i < len(lines) and (lines[i].strip() or (not body and lines[i])) and not _TIMING_LIKE.match(lines[i]):
            body.append(lines[i])
            i += 1
        # an SRT written without blank lines: the next cue's number sits above its timing line
        if body and i < len(lines) and _TIMING_LIKE.match(lines[i]) and body[-1].strip().isdigit():
            body.pop()
        cues.append(RawCue(number, timing_line, start, end, tuple(body), settings=line[m.end():].strip()))
    return cues, notices
