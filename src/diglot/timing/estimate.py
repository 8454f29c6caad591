"""Estimated timing: when no timed reference is known, guess when each sentence is spoken.

A speaking-rate model on the English side: each sentence pair lasts as long
as its words (or syllables) take at the given rate, with pauses between
sentences, longer ones between segments (a new paragraph or speaker turn)
and longer still at section boundaries. Pairs with no English are timed from
the Chinese length instead. The whole talk can be stretched onto the real
video's duration and shifted by an offset.

The result is marked ``estimated`` on every pair and on the document.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import OptionError
from ..model import TIMING_ESTIMATED, Document, Segment, Timing
from ..lang.linebreak import Measure, cjk_width, latin_width
from ..lang.script import han_count, is_han
from .params import DEFAULT_WPM

#: English averages about 1.5 syllables a word in talks.
DEFAULT_SPM = DEFAULT_WPM * 1.5
#: Mandarin speech runs at roughly 4-5 characters a second.
DEFAULT_ZH_CPM = 260.0

_WORD = re.compile(r"\S+")
_VOWELS = re.compile(r"[aeiouy]+")
_DIGITS = re.compile(r"\d")


def count_syllables(word: str) -> int:
    """A heuristic syllable count for an English word (numbers: about one per digit)."""
    digits = len(_DIGITS.findall(word))
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return max(1, digits) if digits or word.strip() else 0
    n = len(_VOWELS.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(1, n) + digits


def spoken_words(text: str) -> float:
    """How many words *text* takes to say: numbers like 2014 count as two, punctuation-only tokens nothing."""
    total = 0.0
    for tok in text.split():  # the tokens of _WORD (the same whitespace on every code point)
        if tok.isalpha():  # most tokens: a word, no digits
            total += 1.0
            continue
        if not any(ch.isalnum() for ch in tok):
            continue
        digits = len(_DIGITS.findall(tok))
        total += max(1.0, digits / 2) if digits >= 3 else 1.0
    return total


def speech_ms(
    source: str | None,
    target: str | None,
    *,
    wpm: float = DEFAULT_WPM,
    spm: float | None = None,
    zh_cpm: float = DEFAULT_ZH_CPM,
) -> float:
    """Milliseconds it takes to say *source* (or, when there is none, *target* in Chinese)."""
    if source and source.strip():
        if spm:
            return sum(count_syllables(w) for w in _WORD.findall(source)) * 60_000 / spm
        return spoken_words(source) * 60_000 / wpm
    if target and target.strip():
        han = han_count(target)
        other = spoken_words("".join(" " if is_han(ch) else ch for ch in target))
        return han * 60_000 / zh_cpm + other * 60_000 / wpm
    return 0.0


def _reading_ms(text: str | None, cps: float | None, measure: Measure) -> float:
    if not text or not cps:
        return 0.0
    return measure(" ".join(text.split())) / cps * 1000


def _named(text: str | None, speaker: str | None, sep: str, marked: bool) -> str | None:
    return f"{speaker}{sep}{text}" if marked and text and speaker else text


def estimate_times(
    doc: Document,
    *,
    wpm: float = DEFAULT_WPM,
    spm: float | None = None,
    zh_cpm: float = DEFAULT_ZH_CPM,
    duration_ms: int | None = None,
    offset_ms: int = 0,
    pause_sentence_ms: int = 250,
    pause_segment_ms: int = 700,
    pause_section_ms: int = 2000,
    min_pair_ms: int = 1000,
    source_cps: float | None = None,
    target_cps: float | None = None,
    name_marks: bool = False,
) -> Document:
    """A copy of *doc* with estimated start/end times on every sentence pair and segment.

    *wpm* words per minute (or *spm* syllables per minute, which wins when
    given) on the English side; *zh_cpm* Chinese characters per minute for
    pairs without English. A pair lasts at least *min_pair_ms* (a one-word
    answer still takes a moment). With *duration_ms* the whole talk, pauses
    included, is scaled to last exactly that long; *offset_ms* then moves it
    (the talk starts that far into the video). With *source_cps* /
    *target_cps* (subtitle reading speeds, characters per second; Chinese
    counting Latin letters half) a pair also lasts long enough to be read;
    *name_marks* counts the "Name: " that starts each speaker turn's subtitles.

    *doc* must carry sentence pairs (see :func:`diglot.prepare`); a segment
    without pairs gets no times.
    Raises :class:`OptionError` for a non-positive rate or duration, or an
    offset that would put the talk before 0:00.
    """
    if wpm <= 0 or (spm is not None and spm <= 0) or zh_cpm <= 0:
        raise OptionError("speaking rate must be above zero", file=doc.source_file)
    if duration_ms is not None and duration_ms <= 0:
        raise OptionError("duration must be above zero", file=doc.source_file)
    if offset_ms < 0:
        raise OptionError(f"offset {offset_ms / 1000:+.3f} s would put the start of the talk before 0:00", file=doc.source_file)
    if not doc.is_aligned:
        raise OptionError("estimated timing needs sentence pairs: prepare the document first (diglot.prepare)", file=doc.source_file)

    # First pass in float milliseconds from 0; rounding happens once, at the end.
    spans: list[list[tuple[float, float]]] = []
    seg_spans: list[tuple[float, float] | None] = []
    t = 0.0
    prev_section: str | None = None
    prev_speaker: str | None = None
    first = True
    for seg in doc.segments:
        pairs = seg.pairs
        if not first:
            t += pause_section_ms if seg.section != prev_section else pause_segment_ms
        prev_section = seg.section
        turn = name_marks and bool(seg.speaker) and seg.speaker != prev_speaker
        if seg.speaker:
            prev_speaker = seg.speaker
        mine: list[tuple[float, float]] = []
        for i, pair in enumerate(pairs):
            if i:
                t += pause_sentence_ms
            dur = max(
                float(min_pair_ms),
                speech_ms(pair.source, pair.target, wpm=wpm, spm=spm, zh_cpm=zh_cpm),
                _reading_ms(_named(pair.source, seg.speaker, ": ", i == 0 and turn), source_cps, latin_width),
                _reading_ms(_named(pair.target, seg.speaker, "：", i == 0 and turn), target_cps, cjk_width),
            )
            mine.append((t, t + dur))
            t += dur
        spans.append(mine)
        if not pairs:  # no text at all: keep the segment untimed, take no time
            seg_spans.append(None)
            continue
        first = False
        seg_spans.append((mine[0][0], mine[-1][1]))

    total = t
    scale = (duration_ms / total) if duration_ms and total > 0 else 1.0

    def at(x: float) -> int:
        return int(round(x * scale)) + offset_ms

    segments: list[Segment] = []
    for seg, mine, span in zip(doc.segments, spans, seg_spans):
        new_pairs = tuple(
            replace(p, start_ms=at(a), end_ms=at(b), timing=TIMING_ESTIMATED, confidence=None, word_starts=None)
            for p, (a, b) in zip(seg.pairs, mine)
        )
        if span is None:
            segments.append(replace(seg, pairs=new_pairs, start_ms=None, end_ms=None))
        else:
            segments.append(replace(seg, pairs=new_pairs, start_ms=at(span[0]), end_ms=at(span[1])))
    return replace(doc, segments=tuple(segments), timing=Timing(source=TIMING_ESTIMATED))
