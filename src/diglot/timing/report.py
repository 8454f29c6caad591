"""The retiming report: what matched, what did not, where to look. Data and its wording, no cues."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document
from ..clock import format_clock
from .params import LOW_CONFIDENCE  # a pair whose share of matched words is below it is "low confidence"
#: The confidence at most of a pair timed inside a reference cue far longer than its
#: words (placed at the speaking rate from the cue start: where in the cue is a guess).
PACED_CONFIDENCE = 0.3


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch where transcript and reference disagree."""

    kind: str  # "reference-only", "transcript-only" or "disagree"
    ref_start_ms: int
    ref_end_ms: int
    ref_words: int
    transcript_words: int
    segments: tuple[str, ...]  # ids of the first and last transcript segment involved
    excerpt: str

    def describe(self) -> str:
        span = f"{_hms(self.ref_start_ms)}-{_hms(self.ref_end_ms)}"
        if _hms(self.ref_start_ms) == _hms(self.ref_end_ms):
            span = _hms(self.ref_start_ms)
        where = "-".join(dict.fromkeys(self.segments))
        if self.kind == "reference-only":
            return f"video {span}: {self.ref_words} reference words missing from the transcript (\"{self.excerpt}\")"
        if self.kind == "transcript-only":
            return f"{where} near {span}: {self.transcript_words} transcript words not in the reference (\"{self.excerpt}\")"
        return (
            f"{where}, video {span}: {self.transcript_words} transcript words and "
            f"{self.ref_words} reference words do not match (\"{self.excerpt}\")"
        )


@dataclass(frozen=True, slots=True)
class PairNote:
    """A sentence pair the report points at."""

    segment: str
    pair: int  # index in the segment's pairs
    start_ms: int
    confidence: float
    excerpt: str


@dataclass(frozen=True)
class RetimeReport:
    """What retiming matched, what it could not, and where to look."""

    reference: str
    ref_format: str
    ref_words: int
    ref_end_ms: int
    transcript_words: int
    matched_words: int
    coverage: float  # share of transcript words matched to a reference word
    reference_coverage: float  # share of reference words matched to a transcript word
    pairs: int
    pairs_estimated: int
    low_confidence: tuple[PairNote, ...] = ()
    estimated: tuple[PairNote, ...] = ()
    gaps: tuple[Gap, ...] = ()
    forced: bool = False
    notices: tuple[str, ...] = ()
    #: Stretches of estimated pairs with reference-timed pairs after them
    #: (first, last, number of pairs): parts of the transcript the video lacks.
    cuts: tuple[tuple[PairNote, PairNote, int], ...] = ()
    #: Pairs timed inside reference cues far longer than their words (see Reference.paced).
    paced: tuple[PairNote, ...] = ()
    #: The low-confidence pairs alone: whoever shows the report counts their
    #: subtitle cues (see ``diglot.exporters.subtitles.report``); timing builds no cues.
    low_confidence_doc: Document | None = field(default=None, repr=False, compare=False)

    def summary_lines(self, low_confidence_cues: int) -> list[str]:
        """The report as lines for a terminal; *low_confidence_cues* is how many subtitle cues the low-confidence pairs make."""
        n_low = len(self.low_confidence)
        lines = [
            f"retimed against {self.reference} ({self.ref_format}, {self.ref_words} words, "
            f"to {_hms(self.ref_end_ms)})",
            f"  matched words: {self.matched_words} of {self.transcript_words} ({self.coverage:.1%}); "
            f"{self.reference_coverage:.1%} of the reference's words",
            f"  sentence pairs: {self.pairs - self.pairs_estimated} of {self.pairs} timed from the reference"
            + (f", {self.pairs_estimated} estimated (not covered)" if self.pairs_estimated else ""),
            f"  low-confidence cues (under {LOW_CONFIDENCE:.0%} of words matched): {low_confidence_cues}"
            + (f", in {n_low} sentence pair{'s' if n_low != 1 else ''}" if n_low else ""),
        ]
        for note in self.low_confidence[:5]:
            lines.append(f"    {note.segment}#{note.pair + 1} at {_hms(note.start_ms)} ({note.confidence:.0%}): {note.excerpt}")
        if len(self.low_confidence) > 5:
            lines.append(f"    ... and {len(self.low_confidence) - 5} more")
        if self.estimated:
            first, last = self.estimated[0], self.estimated[-1]
            lines.append(
                f"  not covered by the reference, times estimated: {len(self.estimated)} pairs, "
                f"{first.segment} to {last.segment}"
            )
        for first, last, count in self.cuts:
            lines.append(
                f"    {first.segment} to {last.segment} ({count} pairs) look cut from the video: "
                f"squeezed in at {_hms(first.start_ms)}, their subtitles only flash there"
            )
        if self.paced:
            lines.append(
                f"  {len(self.paced)} sentence pair{'s' if len(self.paced) != 1 else ''} inside reference cues far longer than "
                f"their words (from {_hms(self.paced[0].start_ms)}): timed at the speaking rate, the rest taken as a "
                f"pause; confidence at most {PACED_CONFIDENCE:.0%}"
            )
        if self.gaps:
            lines.append("  largest disagreements:")
            lines.extend(f"    {gap.describe()}" for gap in self.gaps)
        if self.forced:
            lines.append("  forced: the reference barely matches this transcript; check the result")
        lines.extend(f"  note: {n}" for n in self.notices)
        return lines


def _hms(ms: int) -> str:
    """``HH:MM:SS`` (no milliseconds, negative as 0) for the retiming summary."""
    return format_clock(max(ms, 0), millis=False)
