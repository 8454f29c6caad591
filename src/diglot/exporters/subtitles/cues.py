"""Cue building: from timed sentence pairs to subtitle cues that obey broadcast style limits.

A sentence pair that is too long for one cue (more than two lines in either
language, or on screen longer than the maximum) is split on both sides
together: each English break (clause boundaries are cheap) is paired with the
Chinese word boundary whose halves correspond best, judged by word links
(dictionary, shared names and numbers, connectives, punctuation; see
:mod:`diglot.lang.correspond`), and the pair of breaks with the lowest
joint cost wins. Where no break pair lets both halves say the same thing, a
less balanced split whose halves still fit is preferred (fewer, fuller cues);
failing that the best split is taken and the cue is flagged
(:attr:`Cue.split_mismatch`, counted in the QC summary). Each
piece is timed from the pair's ``word_starts`` when a retiming transform set
them; with estimated times, by what each piece takes to read; otherwise in
proportion to its length. A final pass fixes
durations and gaps (minimum and maximum duration, minimum gap, short gaps
closed). Cues timed from a reference are "pinned": cues with guessed times
before them (sentences of a cut the video lacks) are squeezed into the time
left rather than push a pinned cue late.

No text is ever dropped: the pieces of a pair concatenate back to the pair's
text (whitespace aside).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate

from ...lang.correspond import W_BREAK, SplitScorer, correspondence
from ...errors import OptionError
from ...lang.linebreak import Breaks, Measure, breaks_for, char_width_for, measure_for, normalize_space, wrap
from ...model import TIMING_AUDIO, TIMING_REFERENCE, Document, Segment, SentencePair

LAYOUTS = ("bilingual", "source", "target")
#: A piece of text "fits" a cue only if it wraps without a poor line break
#: (article + noun, name split...); otherwise it is split into more cues.
GOOD_BREAK = 3.5
#: Split candidates examined per split (the ones nearest the ideal position).
_MAX_CANDIDATES = 80
#: Crossed link weight (see diglot.lang.correspond) from which a split counts as not matching.
MISMATCH = 1.5
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

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def pinned(self) -> bool:
        """Whether the start is a real time (from a reference, some words matched), not a guess."""
        return self.timing in (TIMING_REFERENCE, TIMING_AUDIO) and (self.confidence is None or self.confidence > 0)


@dataclass
class _Side:
    """One language of a pair: normalised text, its break table, its measure and width."""

    text: str
    breaks: Breaks
    measure: Measure
    width: int
    min_offset: int  # no break before this offset (inside the speaker mark)
    prefix: list[float]  # width of text[:i] at index i
    offsets: list[int]  # the offsets of *breaks*, for binary search
    wrapped: dict[tuple[int, int, int, float | None], list[str] | None] = field(default_factory=dict)  # lines() memo

    def w(self, a: int, b: int) -> float:
        return self.prefix[b] - self.prefix[a]

    def _between(self, a: int, b: int) -> Breaks:
        """Breaks strictly between offsets *a* and *b* (binary search: sentences can be long)."""
        return self.breaks[bisect_right(self.offsets, a) : bisect_left(self.offsets, b)]

    def lines(self, a: int, b: int, max_lines: int, max_cost: float | None = GOOD_BREAK) -> list[str] | None:
        if self.w(a, b) > self.width * max_lines + 2:  # cheap early out (+2: edge spaces)
            return None
        key = (a, b, max_lines, max_cost)
        if key not in self.wrapped:  # the split search asks for the same spans again and again
            local = [(p - a, c) for p, c in self._between(a, b)]
            self.wrapped[key] = wrap(self.text[a:b], local, self.measure, self.width, max_lines, max_cost)
        found = self.wrapped[key]
        return None if found is None else list(found)

    def inner(self, a: int, b: int) -> Breaks:
        lo = max(a, self.min_offset)
        t = self.text

        def blank(x: int, y: int) -> bool:  # the text is normalised: no two spaces in a row
            return y - x <= 0 or (y - x == 1 and t[x] == " ")

        return [(p, c) for p, c in self._between(lo, b) if not blank(a, p) and not blank(p, b)]


@dataclass
class _Piece:
    s: tuple[int, int] | None
    t: tuple[int, int] | None
    start: float
    end: float
    mismatch: bool = False  # split from a larger piece at a point where the languages do not match


def _side(text: str | None, lang: str, width: int, mark: str) -> _Side | None:
    if text is None:
        return None
    body = normalize_space(text)
    if not body:
        return None
    full = mark + body
    breaks = [(p, c) for p, c in breaks_for(full, lang, width) if p > len(mark)]
    cw = char_width_for(lang)
    prefix = [0.0, *accumulate(cw(ch) for ch in full)]
    return _Side(full, breaks, measure_for(lang), width, len(mark), prefix, [p for p, _ in breaks])


def _split_pair(
    src: _Side | None,
    tgt: _Side | None,
    start: int,
    end: int,
    word_times: list[tuple[int, int]] | None,
    style: SubtitleStyle,
    reading_split: bool = False,
) -> list[_Piece]:
    """Split one pair into pieces that each fit in a cue.

    Pieces are timed from *word_times* when known; else, with *reading_split*
    (estimated timing), by what each piece takes to read; else in proportion
    to the length of the driving language.
    """
    whole = _Piece(
        (0, len(src.text)) if src else None,
        (0, len(tgt.text)) if tgt else None,
        float(start),
        float(end),
    )
    out: list[_Piece] = []
    _split(whole, src, tgt, word_times, style, out, 0, reading_split)
    return out


def _fits(piece: _Piece, src: _Side | None, tgt: _Side | None, style: SubtitleStyle, max_cost: float | None = GOOD_BREAK) -> bool:
    """Whether *piece* makes one cue: within the duration and, wrapped with breaks up to *max_cost*, the lines."""
    if piece.end - piece.start > style.max_duration_ms:
        return False
    if src and piece.s and src.lines(*piece.s, style.max_lines, max_cost) is None:
        return False
    if tgt and piece.t and tgt.lines(*piece.t, style.max_lines, max_cost) is None:
        return False
    return True


def _time_at(side: _Side, a: int, b: int, p: int, t0: float, t1: float, word_times: list[tuple[int, int]] | None) -> float:
    """Time of the split at offset *p* of *side* within the piece [a, b) timed [t0, t1]."""
    if word_times:
        # word_times: (offset of word start in side.text, start ms) for each source word
        prev = None
        for off, ms in word_times:
            if off == p:
                return min(max(float(ms), t0), t1)
            if off > p:
                if prev is not None and off > prev[0]:
                    frac = (p - prev[0]) / (off - prev[0])
                    return min(max(prev[1] + frac * (ms - prev[1]), t0), t1)
                break
            prev = (off, ms)
    total = side.w(a, b)
    frac = side.w(a, p) / total if total else 0.5
    return t0 + (t1 - t0) * frac


def _split(
    piece: _Piece,
    src: _Side | None,
    tgt: _Side | None,
    word_times: list[tuple[int, int]] | None,
    style: SubtitleStyle,
    out: list[_Piece],
    depth: int,
    reading_split: bool = False,
) -> None:
    if depth > 60 or _fits(piece, src, tgt, style):
        out.append(piece)
        return
    # The primary side drives the split: English when it has a place to break.
    prim, sec, pspan, sspan = src, tgt, piece.s, piece.t
    prim_cands = src.inner(*piece.s) if src and piece.s else []
    if not prim_cands:
        prim, sec, pspan, sspan = tgt, src, piece.t, piece.s
        prim_cands = tgt.inner(*piece.t) if tgt and piece.t else []
    if not prim_cands:
        out.append(piece)  # nothing can be split: QC will report it
        return
    assert prim is not None and pspan is not None  # candidates exist only for a side with a span
    dur = piece.end - piece.start
    k = 2
    for side, span in ((src, piece.s), (tgt, piece.t)):
        if side and span:
            k = max(k, math.ceil(side.w(*span) / (side.width * style.max_lines * 0.85)))
    k = max(k, math.ceil(dur / style.max_duration_ms))
    least = max(2, max(_need(side, span, dur, style) for side, span in ((src, piece.s), (tgt, piece.t)) if side and span))
    ideal = (k // 2) / k
    pa, pb = pspan
    ptotal = prim.w(pa, pb) or 1.0
    sec_cands: Breaks = []
    sec_widths: list[float] = []
    if sec and sspan:
        sa, sb = sspan
        stotal = sec.w(sa, sb)
        sec_cands = [(sa, 4.0), *sec.inner(sa, sb), (sb, 4.0)]
        sec_widths = [sec.w(sa, q) for q, _ in sec_cands]
    scorer = _scorer(src, tgt, piece)
    if len(prim_cands) > _MAX_CANDIDATES:  # a very long sentence: look only near the ideal split
        prim_cands = sorted(prim_cands, key=lambda pc: (abs(prim.w(pa, pc[0]) / ptotal - ideal), pc[0]))[:_MAX_CANDIDATES]
    scored: list[tuple[float, int, int | None, float]] = []  # cost, primary split, secondary split, crossed links
    for p, c in prim_cands:
        r = prim.w(pa, p) / ptotal
        cost = c + 4.0 * abs(r - ideal)
        if prim.w(pa, p) < prim.width * 0.25 or prim.w(p, pb) < prim.width * 0.25:
            cost += 2.0
        if dur * r < style.min_duration_ms or dur * (1 - r) < style.min_duration_ms:
            cost += 3.0
        q_best: int | None = None
        crossed = 0.0
        if sec_cands:
            assert sec is not None and sspan is not None  # candidates exist only for a second side with a span
            q_best, qcost, crossed = _secondary_split(prim is src, scorer, p, sec, sspan, sec_cands, sec_widths, r * stotal, style)
            cost += qcost
        # fewer, fuller cues: a split whose halves need more cues in all than the whole is penalised
        halves = _need(prim, (pa, p), dur * r, style), _need(prim, (p, pb), dur * (1 - r), style)
        if sec and sspan and q_best is not None:
            halves = (max(halves[0], _need(sec, (sspan[0], q_best), 0, style)), max(halves[1], _need(sec, (q_best, sspan[1]), 0, style)))
        cost += 3.0 * max(0, sum(halves) - least)
        scored.append((cost, p, q_best, crossed))
    scored.sort(key=lambda x: (x[0], x[1]))

    def text_fits(side: _Side | None, span: tuple[int, int] | None) -> bool:
        return side is None or span is None or not side.text[span[0]:span[1]].strip() or side.lines(*span, style.max_lines) is not None

    def misses(p: int, q_opt: int | None) -> int:
        s_l = s_r = None
        if sspan is not None and q_opt is not None:
            s_l, s_r = (sspan[0], q_opt), (q_opt, sspan[1])
        return sum(not ok for ok in (text_fits(prim, (pa, p)), text_fits(prim, (p, pb)), text_fits(sec, s_l), text_fits(sec, s_r)))

    if k == 2:
        # Two pieces should do: among the best few splits, prefer one whose halves both fit.
        rescored = [(cost + 2.5 * misses(p, q_opt), p, q_opt, x) for cost, p, q_opt, x in scored[:8]]
        scored = sorted(rescored, key=lambda x: (x[0], x[1])) + scored[8:]
    def matched(x: tuple[float, int, int | None, float]) -> bool:
        """Both halves of both languages have text, and the split crosses few word links."""
        return x[2] is None or (x[3] < MISMATCH and sspan is not None and sspan[0] < x[2] < sspan[1])

    mismatch = bool(sec_cands) and not matched(scored[0])
    if mismatch and _fits(piece, src, tgt, style, None):
        # No split matches in both languages, but the whole fits the limits with a poorer line
        # break: one fuller cue beats two whose halves disagree.
        out.append(piece)
        return
    _, p, q_split, _ = scored[0]
    left_p, right_p = (pa, p), (p, pb)
    left_s: tuple[int, int] | None = None
    right_s: tuple[int, int] | None = None
    if sspan is not None and q_split is not None:
        left_s, right_s = (sspan[0], q_split), (q_split, sspan[1])
    if word_times is None and sec is not None and left_s is not None and right_s is not None and reading_split:
        # Estimated times: share the pair's time by what each piece takes to read in either language.
        pc, sc = (style.cps_source, style.cps_target) if prim is src else (style.cps_target, style.cps_source)
        need_l = max(prim.w(*left_p) / pc, sec.w(*left_s) / sc)
        need_r = max(prim.w(*right_p) / pc, sec.w(*right_s) / sc)
        frac = need_l / (need_l + need_r) if need_l + need_r else 0.5
        t_split = piece.start + (piece.end - piece.start) * frac
    else:
        t_split = _time_at(prim, pa, pb, p, piece.start, piece.end, word_times if prim is src else None)
    if sec and left_s and not sec.text[left_s[0]:left_s[1]].strip():
        left_s = None
    if sec and right_s and not sec.text[right_s[0]:right_s[1]].strip():
        right_s = None
    flag = piece.mismatch or mismatch
    if prim is src:
        left = _Piece(left_p, left_s, piece.start, t_split, flag)
        right = _Piece(right_p, right_s, t_split, piece.end, flag)
    else:
        left = _Piece(left_s, left_p, piece.start, t_split, flag)
        right = _Piece(right_s, right_p, t_split, piece.end, flag)
    _split(left, src, tgt, word_times, style, out, depth + 1, reading_split)
    _split(right, src, tgt, word_times, style, out, depth + 1, reading_split)


def _need(side: _Side, span: tuple[int, int], dur: float, style: SubtitleStyle) -> int:
    """About how many cues the text of *span* (lasting *dur* ms) needs: one if it wraps well, else by
    width (lines filled to 90%), and by duration."""
    by_time = math.ceil(dur / style.max_duration_ms)
    if side.w(*span) <= side.width * style.max_lines and side.lines(*span, style.max_lines) is not None:
        return max(1, by_time)
    return max(2, math.ceil(side.w(*span) / (side.width * style.max_lines * 0.9)), by_time)


def _scorer(src: _Side | None, tgt: _Side | None, piece: _Piece) -> SplitScorer | None:
    """Word correspondence of the piece's two sides (None when it has only one language)."""
    if not (src and tgt and piece.s and piece.t):
        return None
    return correspondence(src.text, tgt.text).scorer(piece.s, piece.t)


def _secondary_split(
    src_drives: bool,
    scorer: SplitScorer | None,
    p: int,
    sec: _Side,
    span: tuple[int, int],
    cands: Breaks,
    widths: list[float],
    want: float,
    style: SubtitleStyle,
) -> tuple[int, float, float]:
    """The break of the second language that best matches a split at *p* of the first.

    Returns the offset, its cost (line-break cost plus correspondence cost)
    and the weight of the word links the pair of splits crosses.
    """
    if len(cands) > 60:  # a long sentence: only breaks within a few lines of the proportional position
        reach = sec.width * (style.max_lines + 2)
        lo, hi = bisect_left(widths, want - reach), bisect_right(widths, want + reach)
        cands = cands[lo:hi] or cands
    best: tuple[float, int, float] | None = None
    sa, sb = span
    for q, qc in cands:
        if sa < q < sb and (sec.w(sa, q) < sec.width * 0.25 or sec.w(q, sb) < sec.width * 0.25):
            qc += 2.0  # a scrap of a line: "是，" alone in a cue
        if scorer is None:
            cost, crossed = qc + 3.0 * abs(sec.w(sa, q) - want) / sec.width, 0.0
        else:
            e, z = (p, q) if src_drives else (q, p)
            cost, crossed = W_BREAK * qc + scorer.cost(e, z), scorer.crossing(e, z)
        if best is None or cost < best[0]:
            best = (cost, q, crossed)
    assert best is not None
    return best[1], best[0], best[2]


def target_split(source: str, target: str, p: int, source_lang: str = "en", target_lang: str = "zh") -> int:
    """Where the splitter cuts *target* when the (whitespace-normalised) *source* is cut at offset *p*.

    The same choice :func:`build_cues` makes for one split of a whole pair;
    used by the split-agreement benchmark and tests.
    """
    style = SubtitleStyle()
    src = _side(source, source_lang, style.max_chars_source, "")
    tgt = _side(target, target_lang, style.max_chars_target, "")
    if src is None or tgt is None:
        raise ValueError("both texts must be non-empty")
    whole = _Piece((0, len(src.text)), (0, len(tgt.text)), 0.0, 0.0)
    cands = [(0, 4.0), *tgt.inner(0, len(tgt.text)), (len(tgt.text), 4.0)]
    widths = [tgt.w(0, q) for q, _ in cands]
    want = src.w(0, p) / (src.w(0, len(src.text)) or 1.0) * tgt.w(0, len(tgt.text))
    return _secondary_split(True, _scorer(src, tgt, whole), p, tgt, (0, len(tgt.text)), cands, widths, want, style)[0]


def _word_times(src: _Side, pair: SentencePair) -> list[tuple[int, int]] | None:
    """Offsets of the source words in the normalised text, with their start times."""
    if not pair.word_starts or pair.source is None:
        return None
    offsets = [m.start() for m in re.finditer(r"\S+", src.text[src.min_offset:])]
    if len(offsets) != len(pair.word_starts):
        return None
    return [(o + src.min_offset, ms) for o, ms in zip(offsets, pair.word_starts)]


def _render(side: _Side | None, span: tuple[int, int] | None, style: SubtitleStyle) -> tuple[str, ...]:
    if side is None or span is None:
        return ()
    lines = side.lines(*span, style.max_lines) or side.lines(*span, style.max_lines, None)
    if lines is None:  # could not be made to fit: keep the text, let QC report it
        lines = side.lines(*span, 99, None) or [side.text[span[0]:span[1]].strip()]
    return tuple(lines)


_BRACKETS = {"[": "]", "(": ")", "（": "）", "【": "】", "［": "］", "♪": "♪"}


def _in_brackets(text: str) -> bool:
    t = text.strip()
    return len(t) >= 2 and _BRACKETS.get(t[0]) == t[-1] and not any(ch in t[1:-1] for ch in (t[0], t[-1]) if ch != "♪")


def is_sound(seg: Segment) -> bool:
    """A sound description (``[music]``, ``（笑声）``): the reader's ``sound`` mark, or every text of it in brackets."""
    if getattr(seg, "sound", False):
        return True
    texts = [t for t in (seg.source, seg.target) if t and t.strip()]
    return bool(texts) and all(_in_brackets(t) for t in texts)


def bracketed(text: str | None) -> str | None:
    """*text* in brackets, as sound descriptions are shown (kept as it is when it has them already)."""
    if text is None or not text.strip() or _in_brackets(text):
        return text
    return f"[{text.strip()}]"


#: Netflix English: a hyphen and a space; Netflix Simplified Chinese: a hyphen, no space.
DASH_SOURCE, DASH_TARGET = "- ", "-"
#: Two turns this close (or closer) are a quick exchange that may share a cue.
EXCHANGE_PAUSE_MS = 1000


def _marks(speaker: str | None, mode: str) -> tuple[str, str]:
    # a dash marks two speakers sharing a cue (merge_speakers), never a cue with one speaker
    if mode == "name" and speaker:
        return f"{speaker}: ", f"{speaker}："
    return "", ""


def build_cues(
    doc: Document,
    style: SubtitleStyle | None = None,
    *,
    layout: str = "bilingual",
    speaker_mark: str = "dash",
) -> list[Cue]:
    """The subtitle cues for *doc*, in time order.

    *doc* must carry timed sentence pairs (see :func:`diglot.prepare`).
    *layout* ``bilingual`` keeps both languages in every cue (a pair with only
    one language gives a one-language cue); ``source`` or ``target`` keeps one
    language, falling back to the other where a pair lacks it, so no speech
    goes unsubtitled. *speaker_mark* ``dash`` or ``name`` marks the first cue
    of each speaker turn (only when the document has two or more speakers).

    Raises :class:`OptionError` for an unknown layout or speaker mark, or
    when a pair has no times.
    """
    style = style or SubtitleStyle()
    if not doc.is_aligned:
        raise OptionError("subtitles need sentence pairs: prepare the document first (diglot.prepare)", file=doc.source_file)
    if layout not in LAYOUTS:
        raise OptionError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    if speaker_mark not in SPEAKER_MARKS:
        raise OptionError(f"speaker mark {speaker_mark!r} is not one of {', '.join(SPEAKER_MARKS)}")
    speakers = {normalize_space(s.speaker) for s in doc.segments if s.speaker and s.speaker.strip() and not is_sound(s)}
    marking = speaker_mark != "none" and len(speakers) >= 2
    cues: list[Cue] = []
    prev_speaker: str | None = None
    for seg in doc.segments:
        sound = is_sound(seg)
        if sound:  # a sound description: no speaker, no mark, the turn goes on after it
            seg = replace(seg, speaker=None, pairs=tuple(replace(p, source=bracketed(p.source), target=bracketed(p.target)) for p in seg.pairs))
        speaker = normalize_space(seg.speaker or "") or None
        change = marking and bool(speaker) and speaker != prev_speaker
        if speaker:
            prev_speaker = speaker
        first_piece = True
        for index, pair in enumerate(seg.pairs):
            if pair.start_ms is None or pair.end_ms is None:
                if (pair.source or "").strip() or (pair.target or "").strip():
                    raise OptionError(f"segment {seg.id} has untimed sentence pairs; estimate or retime first", file=doc.source_file)
                continue
            mark_s, mark_t = _marks(speaker, speaker_mark) if (change and first_piece) else ("", "")
            src = tgt = None
            if layout in ("bilingual", "source"):
                src = _side(pair.source, doc.source_lang, style.max_chars_source, mark_s)
            if layout in ("bilingual", "target") or (layout == "source" and src is None):
                tgt = _side(pair.target, doc.target_lang, style.max_chars_target, mark_t)
            if layout == "target" and tgt is None:
                src = _side(pair.source, doc.source_lang, style.max_chars_source, mark_s)
            if src is None and tgt is None:
                continue
            wt = _word_times(src, pair) if src else None
            kind = pair.timing or (doc.timing.source if doc.timing else None)
            estimated = kind not in (TIMING_REFERENCE, TIMING_AUDIO)
            pieces = _split_pair(src, tgt, pair.start_ms, pair.end_ms, wt, style, estimated)
            mismatched = any(pc.mismatch for pc in pieces)
            for n, piece in enumerate(pieces):
                first_here = first_piece and n == 0
                cues.append(
                    Cue(
                        start_ms=int(round(piece.start)),
                        end_ms=int(round(piece.end)),
                        source_lines=_render(src, piece.s, style),
                        target_lines=_render(tgt, piece.t, style),
                        speaker=speaker,
                        segment=seg.id,
                        pair_index=index,
                        confidence=pair.confidence,
                        section=seg.section,
                        speaker_change=change and first_here,
                        source_mark=(src.text[: src.min_offset] if src and first_here and piece.s and piece.s[0] == 0 else ""),
                        target_mark=(tgt.text[: tgt.min_offset] if tgt and first_here and piece.t and piece.t[0] == 0 else ""),
                        timing=kind,
                        split_mismatch=mismatched and n == 0,
                    )
                )
            first_piece = False
    if speaker_mark == "dash" and marking:
        cues = merge_speakers(cues, style)
    return fix_timing(cues, style)


def merge_speakers(cues: list[Cue], style: SubtitleStyle) -> list[Cue]:
    """Two short turns of different speakers in a quick exchange become one cue, a dash per line.

    As the Netflix guides do it: one speaker per line, each line starting with
    a dash (English ``"- "``, Chinese ``"-"`` with no space). Only whole
    sentences (not a piece of a split one), each one line per language that
    still fits with its dash, a pause between them of up to a second, and a
    cue within the longest duration. A cue with one speaker carries no dash.
    """
    from ...lang.linebreak import cjk_width, latin_width

    def fits(a: Cue, b: Cue) -> bool:
        if not (a.speaker and b.speaker and a.speaker != b.speaker) or a.second_segment or b.second_segment:
            return False
        for la, lb, width, limit, dash in (
            (a.source_lines, b.source_lines, latin_width, style.max_chars_source, DASH_SOURCE),
            (a.target_lines, b.target_lines, cjk_width, style.max_chars_target, DASH_TARGET),
        ):
            if len(la) != len(lb) or len(la) > 1 or any(width(dash + line) > limit for line in (*la, *lb)):
                return False
        return bool(a.source_lines or a.target_lines) and b.start_ms - a.end_ms <= max(style.close_gap_ms, EXCHANGE_PAUSE_MS) and b.end_ms - a.start_ms <= style.max_duration_ms

    def whole(k: int) -> bool:  # the only cue of its sentence pair
        key = (cues[k].segment, cues[k].pair_index)
        return all(not 0 <= j < len(cues) or (cues[j].segment, cues[j].pair_index) != key for j in (k - 1, k + 1))

    out: list[Cue] = []
    i = 0
    while i < len(cues):
        a = cues[i]
        if i + 1 < len(cues) and whole(i) and whole(i + 1) and fits(a, cues[i + 1]):
            b = cues[i + 1]
            out.append(
                replace(
                    a,
                    end_ms=b.end_ms,
                    source_lines=tuple(DASH_SOURCE + line for line in (*a.source_lines, *b.source_lines)),
                    target_lines=tuple(DASH_TARGET + line for line in (*a.target_lines, *b.target_lines)),
                    speaker=None,
                    confidence=min((c for c in (a.confidence, b.confidence) if c is not None), default=None),
                    speaker_change=True,
                    source_mark=DASH_SOURCE if a.source_lines else "",
                    target_mark=DASH_TARGET if a.target_lines else "",
                    second_segment=b.segment,
                    second_pair_index=b.pair_index,
                )
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def fix_timing(cues: list[Cue], style: SubtitleStyle) -> list[Cue]:
    """Enforce minimum/maximum duration and minimum gap; close short gaps.

    One forward pass: a cue starts no earlier than the previous end plus the
    minimum gap, lasts at least the minimum (borrowing from the gap after it,
    or pushing the next cue) and at most the maximum; a gap up to
    ``close_gap_ms`` is closed to exactly ``min_gap_ms``.

    Pinned cues (reference times, see :attr:`Cue.pinned`) are pushed only
    by pinned cues before them. A run of unpinned cues before a pinned one
    that would push it (the sentences of a cut: a stretch of the transcript
    the video lacks, which retiming squeezes into the pause at the cut) is
    squeezed into the time left before the pinned cue instead, even below the
    minimum duration and gap: the cues after a cut stay in sync, the text of
    the cut stays in the file, and QC reports the too-short cues. Without
    pinned cues (estimated timing) nothing is squeezed.
    """
    out = sorted(cues, key=lambda c: (c.start_ms, c.end_ms))
    starts = [c.start_ms for c in out]
    ends = [c.end_ms for c in out]
    pinned = [c.pinned for c in out]
    n = len(out)
    next_pinned = [n] * (n + 1)  # the first pinned cue at or after each index (n: none)
    for k in range(n - 1, -1, -1):
        next_pinned[k] = k if pinned[k] else next_pinned[k + 1]
    i = 0
    while i < n:
        if not pinned[i]:
            j = next_pinned[i]  # scanning for it from every cue was quadratic in a long talk
            if j < n:  # unpinned cues i..j-1, then a pinned one: try the plain pass on a copy
                o = max(i - 1, 0)
                s2, e2 = starts[o : j + 1], ends[o : j + 1]
                for k in range(i - o, j - o):
                    _fix_one(k, s2, e2, j + 1 - o, style)
                if e2[j - 1 - o] + style.min_gap_ms <= starts[j]:
                    starts[i:j], ends[i:j] = s2[i - o : j - o], e2[i - o : j - o]
                else:
                    _squeeze(out, i, j, starts, ends, style)
                i = j
                continue
        _fix_one(i, starts, ends, n, style)
        i += 1
    return [replace(c, start_ms=s, end_ms=e) for c, s, e in zip(out, starts, ends)]


def _fix_one(i: int, starts: list[int], ends: list[int], n: int, style: SubtitleStyle) -> None:
    """The style rules for cue *i* of *n*, given the fixed cues before it (in place)."""
    if i:
        starts[i] = max(starts[i], ends[i - 1] + style.min_gap_ms)
    ends[i] = max(ends[i], starts[i] + style.min_duration_ms)
    ends[i] = min(ends[i], starts[i] + style.max_duration_ms)
    if i + 1 < n:
        nxt = starts[i + 1]
        gap = nxt - ends[i]
        if gap < style.min_gap_ms:
            if nxt - style.min_gap_ms - starts[i] >= style.min_duration_ms:
                ends[i] = nxt - style.min_gap_ms  # trim the overlap off this cue
            # else the next cue is pushed when its turn comes
        elif gap <= style.close_gap_ms:
            ends[i] = min(nxt - style.min_gap_ms, starts[i] + style.max_duration_ms)


def _squeeze(out: list[Cue], i: int, j: int, starts: list[int], ends: list[int], style: SubtitleStyle) -> None:
    """Lay cues i..j-1 out between the cue before them and pinned cue *j* (in place).

    With room for the minimum durations and gaps, the cues keep their times
    where they can and move earlier as far as the rules need; with less, all
    shrink alike (durations and gaps scaled down, gaps dropped first when
    that is not enough). Only when there is not even a millisecond per cue does cue
    *j* move, by that much.
    """
    k = j - i
    gap, least = style.min_gap_ms, style.min_duration_ms
    hi = starts[j] - gap
    if i:
        # the cue before gives back what closing the gap to the run added to it
        keep = max(out[i - 1].end_ms, starts[i - 1] + least)
        ends[i - 1] = min(ends[i - 1], keep)
        lo = ends[i - 1] + gap
    else:  # nothing before: the run may start earlier, down to 0:00
        lo = max(0, min(starts[i], hi - k * (least + gap)))
    if hi - lo < k:
        hi = lo + k
        starts[j] = hi + gap
    room = hi - lo
    full = k * least + (k - 1) * gap
    if room >= full:
        # enough room: back from the pinned cue, each keeps its own times where it can,
        # moving earlier only as far as the minimum durations and gaps after it need
        t_end = hi
        for c in range(j - 1, i - 1, -1):
            floor = lo + (c - i) * (least + gap)  # room left for the cues before it
            e = min(max(ends[c], starts[c] + least), t_end)
            s = max(min(starts[c], e - least), floor)
            e = min(max(e, s + least), s + style.max_duration_ms)
            starts[c], ends[c] = s, e
            t_end = s - gap
        return
    scale = room / full
    g, d = int(gap * scale), max(1, int(least * scale))
    if k * d + (k - 1) * g > room:
        g, d = 0, room // k
    t = lo
    for c in range(i, j):
        starts[c], ends[c] = t, t + d
        t += d + g

