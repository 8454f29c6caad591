"""The subtitle cue and the style limits cues obey (defaults from the Netflix and BBC guides)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

from ...errors import OptionError
from ...model import TIMING_AUDIO, TIMING_REFERENCE

LAYOUTS = ("bilingual", "source", "target")
SPEAKER_MARKS = ("dash", "name", "none")


@dataclass(frozen=True, slots=True)
class SubtitleStyle:
    """Style limits; defaults from the Netflix and BBC guides (see the subtitles guide)."""

    max_chars_source: int = field(default=42, metadata={"help": "characters per source-language (English) line"})
    max_chars_target: int = field(default=16, metadata={"help": "characters per target-language (Chinese) line; Latin letters and digits count half"})
    max_lines: int = field(default=2, metadata={"help": "lines per language in a cue"})
    min_duration_ms: int = field(default=833, metadata={"help": "shortest cue (ms)"})
    max_duration_ms: int = field(default=7000, metadata={"help": "longest cue (ms)"})
    min_gap_ms: int = field(default=83, metadata={"help": "smallest gap between cues (ms)"})
    close_gap_ms: int = field(default=500, metadata={"help": "gaps up to this long are closed to the minimum gap (ms)"})
    cps_source: float = field(default=20.0, metadata={"help": "reading speed limit, source characters per second (QC report; estimated timing leaves time to read)"})
    cps_target: float = field(default=9.0, metadata={"help": "reading speed limit, target characters per second, Latin counting half (QC report; estimated timing leaves time to read)"})

    def __post_init__(self) -> None:
        if self.max_chars_source < 4 or self.max_chars_target < 2:
            raise OptionError("line lengths must be at least 4 (source) and 2 (target) characters")
        if self.max_lines < 1:
            raise OptionError("max-lines must be at least 1")
        if not 0 < self.min_duration_ms <= self.max_duration_ms:
            raise OptionError("durations must satisfy 0 < min-duration-ms <= max-duration-ms")
        if self.min_gap_ms < 0 or self.close_gap_ms < 0:
            raise OptionError("gaps must not be negative")
        if self.cps_source <= 0 or self.cps_target <= 0:
            raise OptionError("reading speeds must be above zero")


@dataclass(frozen=True, slots=True)
class Cue:
    """One subtitle: times, the lines of each language, and where it came from.

    ``source_lines``/``target_lines`` are the wrapped lines of each side
    (either may be empty). ``mark`` is the speaker mark prepended to the first
    line of each side ("- " or "Name: "), so callers can strip it back off.
    """

    start_ms: int
    end_ms: int
    source_lines: tuple[str, ...] = ()
    target_lines: tuple[str, ...] = ()
    speaker: str | None = None
    segment: str | None = None
    pair_index: int | None = None
    confidence: float | None = None
    section: str | None = None
    speaker_change: bool = False
    source_mark: str = ""
    target_mark: str = ""
    timing: str | None = None  # the pair's timing kind: "reference", "estimated" or None (unknown)
    second_segment: str | None = None  # a two-speaker cue: the segment of its second line (see merge_speakers)
    second_pair_index: int | None = None  # ... and the index of that sentence pair in it
    split_mismatch: bool = False  # first cue of a pair whose split has no matching point in both languages
    position: int | None = None  # place on screen from the input (numpad alignment, 8: top); None: the default

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    def retimed(self, start_ms: int, end_ms: int) -> Cue:
        """This cue with other times: ``dataclasses.replace(cue, start_ms=..., end_ms=...)``, made faster
        (the timing passes retime thousands of cues; ``replace`` builds a keyword dict for each)."""
        return Cue(start_ms, end_ms, *_REST_OF_CUE(self))

    @property
    def pinned(self) -> bool:
        """Whether the start is a real time (from a reference, some words matched), not a guess."""
        return self.timing in (TIMING_REFERENCE, TIMING_AUDIO) and (self.confidence is None or self.confidence > 0)


_CUE_FIELDS = [f.name for f in fields(Cue)]
assert _CUE_FIELDS[:2] == ["start_ms", "end_ms"]  # Cue.retimed passes the times first, then the rest in order
_REST_OF_CUE = attrgetter(*_CUE_FIELDS[2:])
