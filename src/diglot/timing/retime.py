"""Retiming: give a transcript the times of a timed reference of the same video.

The transcript has the right words and no times; the reference (automatic
captions, a speech recogniser) has exact times and wrong words. We align the
two word sequences globally (rapidfuzz's Levenshtein opcodes on word ids:
bit-parallel, near-linear in practice, little memory), pair similar words
inside replaced stretches, interpolate the words left unmatched, and give
every sentence pair the start of its first word and the end of its last.

Parts of the transcript the reference does not cover keep estimated times
(``timing="estimated"``) and the :class:`RetimeReport` says where they are.
A reference that barely matches (another video) is refused unless forced.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..align.sentences import align_document
from ..errors import InputError
from ..model import TIMING_ESTIMATED, TIMING_REFERENCE, Document, Notice, Segment, SentencePair, Timing
from . import clock
from .references import Reference, RefWord, load_reference
from .words import normalize_word

#: Below this share of solidly matched words (on both sides) the reference is
#: taken to be of another video.
MIN_MATCH = 0.25
#: A pair whose share of matched words is below this is "low confidence".
LOW_CONFIDENCE = 0.5
#: The confidence at most of a pair timed inside a reference cue far longer than its
#: words (placed at the speaking rate from the cue start: where in the cue is a guess).
PACED_CONFIDENCE = 0.3
#: A run of at least this many unmatched transcript words is "not covered":
#: its times are estimated, not interpolated from the reference.
UNCOVERED_WORDS = 25
UNCOVERED_EDGE = 8  # the same before the first and after the last match
#: Matches in runs shorter than this are checked against their surroundings.
SOLID_RUN = 3
SIMILAR = 0.6  # character similarity for pairing words inside replaced stretches
PAUSE_MS = 400  # pause assumed between sentences where times are extrapolated
DEFAULT_MS_PER_CHAR = 70
MIN_TEXT_MS = 1000  # time on screen for a sentence only the translation has
_PAUSE_MARKS = frozenset(",;:\u2014\u2013\u2026")


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
        span = f"{format_clock(self.ref_start_ms)}-{format_clock(self.ref_end_ms)}"
        if format_clock(self.ref_start_ms) == format_clock(self.ref_end_ms):
            span = format_clock(self.ref_start_ms)
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
    #: The low-confidence pairs alone, to count their subtitle cues on demand
    #: (cue building loads the Chinese word splitter: too slow to do unasked).
    low_confidence_doc: Document | None = field(default=None, repr=False, compare=False)

    @cached_property
    def low_confidence_cues(self) -> int:
        """How many subtitle cues (default style) the low-confidence pairs make.

        Every cue of a pair carries the pair's confidence (the share of its
        words matched), so these are the cues a WebVTT export marks with a
        NOTE for checking.
        """
        if self.low_confidence_doc is None or not self.low_confidence:
            return len(self.low_confidence)
        from ..subtitles.cues import build_cues

        return len(build_cues(self.low_confidence_doc))

    def summary_lines(self) -> list[str]:
        """The report as lines for a terminal."""
        n_low = len(self.low_confidence)
        lines = [
            f"retimed against {self.reference} ({self.ref_format}, {self.ref_words} words, "
            f"to {format_clock(self.ref_end_ms)})",
            f"  matched words: {self.matched_words} of {self.transcript_words} ({self.coverage:.1%}); "
            f"{self.reference_coverage:.1%} of the reference's words",
            f"  sentence pairs: {self.pairs - self.pairs_estimated} of {self.pairs} timed from the reference"
            + (f", {self.pairs_estimated} estimated (not covered)" if self.pairs_estimated else ""),
            f"  low-confidence cues (under {LOW_CONFIDENCE:.0%} of words matched): {self.low_confidence_cues}"
            + (f", in {n_low} sentence pair{'s' if n_low != 1 else ''}" if n_low else ""),
        ]
        for note in self.low_confidence[:5]:
            lines.append(f"    {note.segment}#{note.pair + 1} at {format_clock(note.start_ms)} ({note.confidence:.0%}): {note.excerpt}")
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
                f"squeezed in at {format_clock(first.start_ms)}, their subtitles only flash there"
            )
        if self.paced:
            lines.append(
                f"  {len(self.paced)} sentence pair{'s' if len(self.paced) != 1 else ''} inside reference cues far longer than "
                f"their words (from {format_clock(self.paced[0].start_ms)}): timed at the speaking rate, the rest taken as a "
                f"pause; confidence at most {PACED_CONFIDENCE:.0%}"
            )
        if self.gaps:
            lines.append("  largest disagreements:")
            lines.extend(f"    {gap.describe()}" for gap in self.gaps)
        if self.forced:
            lines.append("  forced: the reference barely matches this transcript; check the result")
        lines.extend(f"  note: {n}" for n in self.notices)
        return lines


def format_clock(ms: int) -> str:
    """``HH:MM:SS`` (no milliseconds) for the retiming summary."""
    return clock.format_clock(max(ms, 0)).rsplit(".", 1)[0]


def retime_from_file(
    doc: Document, path: str | Path, *, ref_format: str | None = None, force: bool = False
) -> tuple[Document, RetimeReport]:
    """Read the reference at *path* and :func:`retime` *doc* against it."""
    return retime(doc, load_reference(path, ref_format=ref_format), force=force)


def _excerpt(words: Sequence[str], n: int = 8) -> str:
    text = " ".join(words[:n])
    return text + (" ..." if len(words) > n else "")


def retime(
    doc: Document,
    reference: Reference | Sequence[RefWord],
    *,
    force: bool = False,
    reference_name: str | None = None,
) -> tuple[Document, RetimeReport]:
    """A copy of *doc* with times from *reference*, and a report of the match.

    Every sentence pair gets ``start_ms``/``end_ms``, ``word_starts`` (one per
    whitespace-separated source word), ``confidence`` (share of its words
    matched) and ``timing`` (``reference``, or ``estimated`` where the
    reference does not cover it); segments get the span of their pairs;
    ``doc.timing`` records the reference and the coverage. Pairs are made
    with sentence alignment first when *doc* has none.

    Raises :class:`InputError` when the reference is empty or matches so
    little that it is probably of another video (unless *force*).
    """
    if isinstance(reference, Reference):
        ref_words: Sequence[RefWord] = reference.words
        name = reference_name or reference.file
        ref_format = reference.format
        ref_notices = reference.notices
        paced_spans = reference.paced
    else:
        ref_words = reference
        name = reference_name or "reference"
        ref_format = "words"
        ref_notices = ()
        paced_spans = ()
    doc = align_document(doc)

    # Transcript words and their comparison keys ("tokens").
    units: list[tuple[int, int, int, int]] = []  # (segment index, pair index, first word, end word)
    word_text: list[str] = []
    tok_key: list[str] = []
    tok_word: list[int] = []
    for si, seg in enumerate(doc.segments):
        for pi, pair in enumerate(seg.pairs):
            first = len(word_text)
            for word in (pair.source or "").split():
                gw = len(word_text)
                word_text.append(word)
                for key in normalize_word(word):
                    tok_key.append(key)
                    tok_word.append(gw)
            units.append((si, pi, first, len(word_text)))

    # Reference tokens, a word's time split by character count when it has several keys.
    r_key: list[str] = []
    r_start: list[int] = []
    r_end: list[int] = []
    r_text: list[str] = []
    for rw in ref_words:
        keys = normalize_word(rw.text)
        if len(keys) == 1:
            r_key.append(keys[0])
            r_start.append(rw.start_ms)
            r_end.append(rw.end_ms)
            r_text.append(rw.text)
            continue
        total = sum(len(k) + 1 for k in keys)
        acc = 0
        for key in keys:
            s = rw.start_ms + (rw.end_ms - rw.start_ms) * acc // total
            acc += len(key) + 1
            r_key.append(key)
            r_start.append(s)
            r_end.append(rw.start_ms + (rw.end_ms - rw.start_ms) * acc // total)
            r_text.append(rw.text)
    n, m = len(tok_key), len(r_key)
    if m == 0:
        raise InputError("reference has no words to match", file=name)
    if n == 0:
        raise InputError("transcript has no source-language words to match against the reference", file=doc.source_file)

    tm, weight, solid = _align(tok_key, r_key, r_start, r_end)
    solid_share = max(solid / n, solid / m)
    if solid_share < MIN_MATCH and not force:
        raise InputError(
            f"reference does not match the transcript (only {solid / n:.0%} of transcript words and "
            f"{solid / m:.0%} of reference words in matching runs): is it of another video? "
            "Use --force (force=True) to retime anyway",
            file=name,
        )

    # Word times from matched tokens.
    nw = len(word_text)
    ws: list[int | None] = [None] * nw
    we: list[int | None] = [None] * nw
    wmatch = [0.0] * nw
    wkeys = [0] * nw
    for i in range(n):
        w = tok_word[i]
        wkeys[w] += 1
        j = tm[i]
        if j < 0:
            continue
        wmatch[w] += weight[i]
        if ws[w] is None:
            ws[w] = r_start[j]
        we[w] = max(we[w] or 0, r_end[j])
    anchored = [s is not None for s in ws]
    rate = _ms_per_char(word_text, ws, anchored)
    if _contiguous(r_start, r_end):
        # YouTube captions end each word where the next starts, pauses included:
        # such an end says nothing about when the word stopped; assume its natural length.
        for w in range(nw):
            if anchored[w]:
                we[w] = min(int(we[w] or 0), int(ws[w] or 0) + int((len(word_text[w]) + 1) * rate))

    # Where a pause is likely: before a sentence, and after a comma, colon or dash.
    is_start = [False] * (nw + 1)
    for _si, _pi, first, end in units:
        if end > first:
            is_start[first] = True
    pause_before = list(is_start)
    for w in range(1, nw):
        if word_text[w - 1][-1] in _PAUSE_MARKS:
            pause_before[w] = True
    uncovered = _fill_unanchored(word_text, wkeys, ws, we, anchored, is_start, pause_before, rate)

    # Monotonic, non-overlapping word times.
    starts: list[int] = [0] * nw
    ends: list[int] = [0] * nw
    prev = 0
    for w in range(nw):
        s = max(int(ws[w] or 0), prev)
        starts[w] = s
        ends[w] = max(int(we[w] or s), s)
        prev = s
    for w in range(nw - 1):
        if ends[w] > starts[w + 1]:
            ends[w] = max(starts[w + 1], starts[w])

    # Pairs and segments.
    new_pairs: list[list[SentencePair]] = [list(seg.pairs) for seg in doc.segments]
    low: list[PairNote] = []
    estimated: list[PairNote] = []
    paced: list[PairNote] = []
    # (start, end) of each pair with source words; pairs without (a sentence
    # the translation added) sit between their neighbours
    bounds: dict[int, tuple[int, int]] = {
        u: (starts[first], ends[end - 1]) for u, (_si, _pi, first, end) in enumerate(units) if end > first
    }
    last_end = 0
    prev_worded: tuple[int, int] | None = None
    # stretches of consecutive estimated pairs with reference-timed pairs before them
    runs: list[list[PairNote]] = []
    seen_reference = after_run = False  # after_run: a reference-timed pair follows the last stretch
    u = 0
    while u < len(units):
        si, pi, first, end = units[u]
        pair = new_pairs[si][pi]
        if u in bounds:
            s, e = bounds[u]
            n_keys = sum(wkeys[first:end])
            conf = round(sum(wmatch[first:end]) / n_keys, 3) if n_keys else 0.0
            in_paced = any(a <= s < b for a, b in paced_spans)
            if in_paced:
                conf = min(conf, PACED_CONFIDENCE)
            all_uncovered = all(uncovered[w] or not wkeys[w] for w in range(first, end)) and n_keys > 0
            timing = TIMING_ESTIMATED if all_uncovered else TIMING_REFERENCE
            new_pairs[si][pi] = replace(
                pair, start_ms=s, end_ms=max(e, s), timing=timing, confidence=conf,
                word_starts=tuple(starts[first:end]),
            )
            last_end = max(e, s)
            prev_worded = (si, pi)
            note = PairNote(doc.segments[si].id, pi, s, conf, _excerpt(word_text[first:end]))
            if in_paced:
                paced.append(note)
            if timing == TIMING_ESTIMATED:
                estimated.append(note)
                if seen_reference and (not runs or after_run):
                    runs.append([])
                    after_run = False
                if seen_reference:
                    runs[-1].append(note)
            else:
                seen_reference = after_run = True
                if conf < LOW_CONFIDENCE:
                    low.append(note)
            u += 1
            continue
        # Pairs without source words (a sentence only the translation has): share the
        # time up to the next pair; if that is too short to read, take the tail of the
        # previous pair rather than push the next one late.
        v = u
        while v < len(units) and v not in bounds:
            v += 1
        lo = last_end
        if v < len(units):
            hi = bounds[v][0]
            if hi - lo < MIN_TEXT_MS and prev_worded is not None:
                p = new_pairs[prev_worded[0]][prev_worded[1]]
                floor = (p.word_starts[-1] if p.word_starts else p.start_ms or 0) + 1
                lo2 = max(floor, ((p.start_ms or 0) + lo) // 2, hi - MIN_TEXT_MS)
                if lo2 < lo:
                    lo = lo2
                    new_pairs[prev_worded[0]][prev_worded[1]] = replace(p, end_ms=lo)
        else:
            hi = lo + MIN_TEXT_MS * (v - u)
        gap_timing = new_pairs[prev_worded[0]][prev_worded[1]].timing if prev_worded else TIMING_ESTIMATED
        count = v - u
        for k in range(u, v):
            sk, pk, _, _ = units[k]
            a = lo + (hi - lo) * (k - u) // count
            b = lo + (hi - lo) * (k - u + 1) // count
            new_pairs[sk][pk] = replace(new_pairs[sk][pk], start_ms=a, end_ms=b, timing=gap_timing, confidence=0.0, word_starts=())
        last_end = max(hi, lo)
        u = v
    # pair ends never run into the next pair
    flat = [(si, pi) for si, pi, _f, _e in units]
    for (si, pi), (sj, pj) in zip(flat, flat[1:]):
        pa, pb = new_pairs[si][pi], new_pairs[sj][pj]
        if pa.end_ms is not None and pb.start_ms is not None and pa.end_ms > pb.start_ms:
            new_pairs[si][pi] = replace(pa, end_ms=max(pb.start_ms, pa.start_ms or 0))

    segments: list[Segment] = []
    cursor = 0
    for si, seg in enumerate(doc.segments):
        pairs = tuple(new_pairs[si])
        if pairs:
            s = min(p.start_ms for p in pairs if p.start_ms is not None)
            e = max(p.end_ms for p in pairs if p.end_ms is not None)
        else:
            s = e = cursor
        cursor = e
        segments.append(replace(seg, pairs=pairs, start_ms=s, end_ms=e))

    matched_words = sum(1 for w in range(nw) if wkeys[w] and wmatch[w] >= wkeys[w])
    counted_words = sum(1 for w in range(nw) if wkeys[w])
    coverage = matched_words / counted_words
    ref_cov = len({tm[i] for i in range(n) if tm[i] >= 0}) / m
    gaps = _gaps(tm, tok_word, word_text, units, doc, r_start, r_end, r_text)

    cuts = tuple((r[0], r[-1], len(r)) for r in (runs if after_run else runs[:-1]))
    low_keys = {(note.segment, note.pair) for note in low}
    low_segments = tuple(
        replace(seg, pairs=tuple(p for k, p in enumerate(new_pairs[si]) if (seg.id, k) in low_keys))
        for si, seg in enumerate(doc.segments)
        if any((seg.id, k) in low_keys for k in range(len(seg.pairs)))
    )
    notices = list(doc.notices)
    if estimated:
        notices.append(
            Notice(name, None, f"{len(estimated)} sentence pairs ({estimated[0].segment} to {estimated[-1].segment}) "
                   "are not covered by the reference; their times are estimated")
        )
    new_doc = replace(
        doc,
        segments=tuple(segments),
        timing=Timing(source=TIMING_REFERENCE, reference=name, coverage=round(coverage, 4)),
        notices=tuple(notices),
    )
    report = RetimeReport(
        reference=name,
        ref_format=ref_format,
        ref_words=len(ref_words),
        ref_end_ms=max((w.end_ms for w in ref_words), default=0),
        transcript_words=counted_words,
        matched_words=matched_words,
        coverage=round(coverage, 4),
        reference_coverage=round(ref_cov, 4),
        pairs=len(bounds),
        pairs_estimated=len(estimated),
        low_confidence=tuple(low),
        estimated=tuple(estimated),
        gaps=gaps,
        cuts=cuts,
        paced=tuple(paced),
        low_confidence_doc=replace(doc, segments=low_segments) if low_segments else None,
        forced=force and solid_share < MIN_MATCH,
        notices=tuple(ref_notices),
    )
    return new_doc, report


def _align(
    a_keys: list[str], b_keys: list[str], r_start: list[int], r_end: list[int]
) -> tuple[list[int], list[float], int]:
    """Match transcript tokens to reference tokens (*r_start*/*r_end*: reference token times, for tie-breaks).

    Returns ``tm`` (reference index per transcript token, -1 if unmatched),
    ``weight`` (1 for an exact or similar match, 0.5 for a word paired only by
    position in a same-length substitution) and the number of tokens in
    solid runs (at least :data:`SOLID_RUN` exact matches in a row).
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    vocab: dict[str, int] = {}
    a = [vocab.setdefault(k, len(vocab)) for k in a_keys]
    b = [vocab.setdefault(k, len(vocab)) for k in b_keys]
    n = len(a)
    tm = [-1] * n
    weight = [0.0] * n
    solid_runs: list[tuple[int, int, int, int]] = []
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(a, b)]

    def one_sided(k: int) -> bool:
        """Whether op *k* is a long stretch only one side has (a part of the video the transcript lacks, say)."""
        if not 0 <= k < len(ops):
            return False
        tag, i1, i2, j1, j2 = ops[k]
        return tag in ("insert", "delete") and max(i2 - i1, j2 - j1) >= 10

    # Equal runs match; the stretches between them (deletions, insertions and
    # replacements merged) get similarity pairing.
    block_start: int | None = None
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "equal":
            if block_start is None:
                block_start = k
            if k + 1 < len(ops):
                continue
        if block_start is not None:
            end = k + 1 if tag != "equal" else k
            bi1, bj1 = ops[block_start][1], ops[block_start][3]
            bi2, bj2 = ops[end - 1][2], ops[end - 1][4]
            flanked = block_start > 0 and end < len(ops)  # equal runs on both sides
            _pair_block(a_keys, b_keys, bi1, bi2, bj1, bj2, tm, weight, flanked, fuzz)
            block_start = None
        if tag != "equal":
            continue
        run = i2 - i1
        if (run < SOLID_RUN and (one_sided(k - 1) or one_sided(k + 1))) or (
            run < 2 * SOLID_RUN and one_sided(k - 1) and one_sided(k + 1)
        ):
            # a word or two at the edge of a long one-sided stretch could sit on either
            # side of it at the same edit cost, and a short phrase inside one ("let me
            # tell you" in a part of the video the transcript lacks) is chance
            continue
        for d in range(i2 - i1):
            tm[i1 + d] = j1 + d
            weight[i1 + d] = 1.0
        if i2 - i1 >= SOLID_RUN:
            solid_runs.append((i1, i2, j1, j2))

    edges = [(0, 0, 0, 0)] + solid_runs + [(n, n, len(b), len(b))]
    _loosen_cut_edges(a, edges)
    for k, ((_, ti, _, rj), (ti2, _, rj2, _)) in enumerate(zip(edges, edges[1:])):
        _realign_unbalanced(
            a, b, tm, weight, ti, ti2, rj, rj2, first=k == 0, last=k == len(edges) - 2, r_start=r_start, r_end=r_end
        )
    # Between solid runs, a long stretch with few matches is a disagreement:
    # its scattered matches of common words ("the", "and") are chance.
    for (_, ti, _, rj), (ti2, _, rj2, _) in zip(edges, edges[1:]):
        t_size, r_size = ti2 - ti, rj2 - rj
        if t_size >= 20 and r_size >= 20:
            hits = sum(1 for i in range(ti, ti2) if tm[i] >= 0)
            if hits < 0.3 * min(t_size, r_size):
                for i in range(ti, ti2):
                    tm[i], weight[i] = -1, 0.0
    solid = sum(i2 - i1 for i1, i2, _, _ in solid_runs)
    return tm, weight, solid


def _pair_block(
    a_keys: list[str], b_keys: list[str], i1: int, i2: int, j1: int, j2: int,
    tm: list[int], weight: list[float], flanked: bool, fuzz,
) -> None:
    """Pair words inside a stretch between equal runs: compounds, similar spellings, plain substitutions."""
    li, lj = i2 - i1, j2 - j1
    if not li or not lj or li * lj > 400:
        return  # one side is empty, or a long disagreement with nothing to pair reliably
    _pair_compounds(a_keys, b_keys, i1, i2, j1, j2, tm, weight)
    last = j1 - 1
    for i in range(i1, i2):
        if tm[i] >= 0:
            last = tm[i]
            continue
        best, best_j = SIMILAR * 100, -1
        nxt = next((tm[x] for x in range(i + 1, i2) if tm[x] >= 0), j2)
        for j in range(last + 1, nxt):
            score = fuzz.ratio(a_keys[i], b_keys[j])
            if score >= best:
                best, best_j = score, j
        if best_j >= 0:
            tm[i], weight[i], last = best_j, 1.0, best_j
    if li == lj and li <= 3 and flanked:  # a plain substitution: the words sit at the same places
        for d in range(li):
            j = j1 + d
            if tm[i1 + d] < 0 and all(
                tm[i1 + x] < 0 or (tm[i1 + x] < j if x < d else tm[i1 + x] > j) for x in range(li)
            ):
                tm[i1 + d], weight[i1 + d] = j, 0.5


def _pair_compounds(
    a_keys: list[str], b_keys: list[str], i1: int, i2: int, j1: int, j2: int, tm: list[int], weight: list[float]
) -> None:
    """Match words one side writes as two: "self-awareness" / "selfawareness", "every one" / "everyone"."""
    i, j = i1, j1
    while i < i2 and j < j2:
        if i + 1 < i2 and a_keys[i] + a_keys[i + 1] == b_keys[j]:
            tm[i] = tm[i + 1] = j
            weight[i] = weight[i + 1] = 1.0
            i, j = i + 2, j + 1
        elif j + 1 < j2 and a_keys[i] == b_keys[j] + b_keys[j + 1]:
            tm[i], weight[i] = j, 1.0
            i, j = i + 1, j + 2
        elif i2 - i > j2 - j:
            i += 1
        else:
            j += 1


def _loosen_cut_edges(a: list[int], edges: list[tuple[int, int, int, int]], most: int = 5) -> None:
    """Give back to a cut the words at the edge of a run that could sit on either side of it (in place).

    Where the transcript has a long stretch the reference lacks (a cut) and
    the stretch ends with the words the run before it ends with ("... and so
    forth. You" | "could say ... You could" | "actually"), the edit distance
    may put the run's last words on either side of the cut at the same cost.
    They leave the run, so the gap's re-matching decides (by the reference's
    pauses); likewise the first words of the run after a cut that begins
    with them. A run keeps at least one word.
    """
    for k in range(1, len(edges) - 1):
        i1, i2, j1, j2 = edges[k]
        ti2, rj2 = edges[k + 1][0], edges[k + 1][2]
        slack = rj2 - j2 + 2  # the reference words of the gap, and a little room
        if ti2 - i2 > 2 * (rj2 - j2) + 10:  # the cut follows this run
            m = min(most, i2 - i1 - 1)
            while m > 0 and not any(
                a[i2 - m : i2] == a[x - m : x] for x in range(max(i2 + m, ti2 - slack), ti2 + 1)
            ):
                m -= 1
            edges[k] = (i1, i2 - m, j1, j2 - m)
        i1, i2, j1, j2 = edges[k]
        ti, rj = edges[k - 1][1], edges[k - 1][3]
        slack = j1 - rj + 2
        if i1 - ti > 2 * (j1 - rj) + 10:  # the cut precedes this run
            m = min(most, i2 - i1 - 1)
            while m > 0 and not any(
                a[i1 : i1 + m] == a[x : x + m] for x in range(ti, min(i1 - m, ti + slack) + 1)
            ):
                m -= 1
            edges[k] = (i1 + m, i2, j1 + m, j2)


def _realign_unbalanced(
    a: list[int], b: list[int], tm: list[int], weight: list[float],
    ti: int, ti2: int, rj: int, rj2: int, *, first: bool, last: bool,
    r_start: list[int], r_end: list[int],
) -> None:
    """Re-match a gap between solid runs where one side is much longer than the other.

    There a global edit distance may scatter the few words of the short side
    anywhere along the long side at no extra cost ("thank you" matched a
    thousand words into an outro). The short side's words belong next to the
    solid runs around the gap, so they are matched again against windows of
    the long side adjacent to those runs only.

    At a cut (the transcript side is the long one) a word can often match at
    either end at the same cost ("You" opening the cut and the sentence after
    it); there the reference's pauses decide: the reference words of the gap
    go with the run they follow or precede without a pause.
    """
    from rapidfuzz.distance import Levenshtein

    t_size, r_size = ti2 - ti, rj2 - rj
    small, large = min(t_size, r_size), max(t_size, r_size)
    if large <= 2 * small + 10:
        return
    for i in range(ti, ti2):
        tm[i], weight[i] = -1, 0.0
    if small == 0:
        return
    w = small + small // 4 + 3  # room for a few inserted or split words, no more
    lo, hi = (ti, ti2) if t_size > r_size else (rj, rj2)
    near: set[int] = set()
    if not first:
        near.update(range(lo, min(lo + w, hi)))  # right after the run before the gap
    if not last:
        near.update(range(max(hi - w, lo), hi))  # right before the run after it
    window = sorted(near)
    if t_size > r_size and not first and not last:
        head = sorted(x for x in near if x < lo + w)
        tail = sorted(x for x in near if x >= hi - w)
        # next to the run after the cut, a word the window has twice ("... is evolution. |
        # Evolution has") matches its later copy: aligned back to front
        both, early, late = (
            [(win[x], rj + y) for x, y in _equal_pairs([a[i] for i in win], b[rj:rj2], Levenshtein, backwards=back)]
            for win, back in ((window, False), (head, False), (tail, True))
        )
        # one end alone matching as much as both is the simpler story; at a tie the pauses decide
        if len(early) == len(late) == len(both):
            pause_before = r_start[rj] - r_end[rj - 1]
            pause_after = r_start[rj2] - r_end[rj2 - 1]
            both = late if pause_before > pause_after else early
        elif len(late) == len(both):
            both = late
        elif len(early) == len(both):
            both = early
        for i, j in both:
            tm[i], weight[i] = j, 1.0
        return
    if t_size > r_size:
        pairs = ((window[x], rj + y) for x, y in _equal_pairs([a[i] for i in window], b[rj:rj2], Levenshtein))
    else:
        pairs = ((ti + x, window[y]) for x, y in _equal_pairs(a[ti:ti2], [b[j] for j in window], Levenshtein))
    for i, j in pairs:
        tm[i], weight[i] = j, 1.0


def _equal_pairs(x: list[int], y: list[int], lev, backwards: bool = False) -> list[tuple[int, int]]:
    """Index pairs of the equal items of an edit-distance alignment of *x* and *y*.

    *backwards* aligns the reversed sequences, so of equally good
    alignments the one matching the later copies of repeated items wins.
    """
    if backwards:
        nx, ny = len(x) - 1, len(y) - 1
        return sorted((nx - i, ny - j) for i, j in _equal_pairs(x[::-1], y[::-1], lev))
    out: list[tuple[int, int]] = []
    for op in lev.opcodes(x, y):
        if op.tag == "equal":
            out.extend((op.src_start + d, op.dest_start + d) for d in range(op.src_end - op.src_start))
    return out


def _contiguous(r_start: list[int], r_end: list[int]) -> bool:
    """Whether most reference words end exactly where the next begins."""
    pairs = len(r_start) - 1
    if pairs < 1:
        return False
    touching = sum(1 for k in range(pairs) if r_end[k] == r_start[k + 1])
    return touching > 0.6 * pairs


def _ms_per_char(words: list[str], ws: list[int | None], anchored: list[bool]) -> float:
    """Typical speaking time per character (word plus a space), from consecutive matched words."""
    samples = []
    for w in range(len(words) - 1):
        if anchored[w] and anchored[w + 1]:
            d = (ws[w + 1] or 0) - (ws[w] or 0)
            if 0 < d < 2000:
                samples.append(d / (len(words[w]) + 1))
    if len(samples) < 10:
        return DEFAULT_MS_PER_CHAR
    return min(max(statistics.median(samples), 30.0), 200.0)


def _fill_unanchored(
    words: list[str],
    wkeys: list[int],
    ws: list[int | None],
    we: list[int | None],
    anchored: list[bool],
    is_start: list[bool],
    pause_before: list[bool],
    rate: float,
) -> list[bool]:
    """Give times to unmatched words, in place; returns which words are not covered.

    Inside a gap between matched words the unmatched words take their natural
    length; spare time goes to the sentence boundaries in the gap (a pause
    before a new sentence), or is spread evenly when there is none. Before the
    first and after the last match, words are laid out at the measured
    speaking rate with a pause between sentences.
    """
    nw = len(words)
    uncovered = [False] * nw
    w = 0
    while w < nw:
        if anchored[w]:
            w += 1
            continue
        a = w
        while w < nw and not anchored[w]:
            w += 1
        b = w  # words a..b-1 are unmatched
        dur = [(len(words[k]) + 1) * rate for k in range(a, b)]
        p = a - 1 if a > 0 else None
        q = b if b < nw else None
        # beyond either end of the reference a few words are enough to call it uncovered
        if sum(wkeys[a:b]) >= (UNCOVERED_WORDS if p is not None and q is not None else UNCOVERED_EDGE):
            for k in range(a, b):
                uncovered[k] = True
        if p is not None and q is not None:
            hi = int(ws[q] or 0)
            lo = min(int(we[p] or 0), hi)
            _layout(a, b, dur, lo, hi, pause_before, ws, we)
        elif q is not None:  # before the first match: backwards from it
            hi = int(ws[q] or 0)
            need = sum(dur) + PAUSE_MS * sum(1 for k in range(a + 1, b + 1) if is_start[k])
            lo = max(0, int(hi - need))
            _layout(a, b, dur, lo, hi, pause_before, ws, we, edge=True)
        else:  # after the last match (or no match at all): forwards at the speaking rate
            t = float(we[p] or 0) if p is not None else 0.0
            for i, k in enumerate(range(a, b)):
                if is_start[k] and k != 0:
                    t += PAUSE_MS
                ws[k] = int(round(t))
                t += dur[i]
                we[k] = int(round(t))
    return uncovered


def _layout(
    a: int, b: int, dur: list[float], lo: int, hi: int, pause_before: list[bool],
    ws: list[int | None], we: list[int | None], edge: bool = False,
) -> None:
    """Place words a..b-1 in [lo, hi] at their natural lengths.

    Spare time becomes pauses where pauses are likely (before a sentence,
    after a comma); with no such place, before the first word, since
    speakers pause before a word more than after it. Too little time
    compresses the words evenly.
    """
    avail = max(hi - lo, 0)
    total = sum(dur)
    slack_at: dict[int, float] = {}
    scale = avail / total if total else 0.0
    if total < avail:
        scale = 1.0
        places = [k for k in range(a, b + 1) if pause_before[k] and not (edge and k == a)]
        if not places:
            places = [b] if edge else [a]
        share = (avail - total) / len(places)
        slack_at = {k: share for k in places}
    t = float(lo)
    for i, k in enumerate(range(a, b)):
        t += slack_at.get(k, 0.0)
        ws[k] = int(round(t))
        t += dur[i] * scale
        we[k] = int(round(t))


def _gaps(
    tm: list[int], tok_word: list[int], word_text: list[str], units: list[tuple[int, int, int, int]],
    doc: Document, r_start: list[int], r_end: list[int], r_text: list[str], limit: int = 5, minimum: int = 10,
) -> tuple[Gap, ...]:
    """The largest stretches where transcript and reference disagree, in time order."""
    seg_of_word: list[int] = [0] * len(word_text)
    for si, _pi, first, end in units:
        for w in range(first, end):
            seg_of_word[w] = si
    n, m = len(tm), len(r_start)
    anchors = [(-1, -1)] + [(i, tm[i]) for i in range(n) if tm[i] >= 0] + [(n, m)]
    found: list[tuple[int, Gap]] = []
    for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
        t_gap, r_gap = i1 - i0 - 1, j1 - j0 - 1
        size = max(t_gap, r_gap)
        if size < minimum:
            continue
        ref_from = r_end[j0] if j0 >= 0 else (r_start[0] if m else 0)
        ref_to = r_start[j1] if j1 < m else (r_end[-1] if m else 0)
        if t_gap > 0:
            w0, w1 = tok_word[i0 + 1], tok_word[i1 - 1]
            segs: tuple[str, ...] = (doc.segments[seg_of_word[w0]].id, doc.segments[seg_of_word[w1]].id)
            excerpt_words = word_text[w0 : w1 + 1]
        else:
            w = tok_word[i0] if i0 >= 0 else 0
            segs = (doc.segments[seg_of_word[w]].id,) if word_text else ()
            excerpt_words = []
        if r_gap >= minimum and t_gap < max(minimum, r_gap // 3):
            kind = "reference-only"
            span = range(j0 + 1, j1)
            # a reference word split into several keys ("2014") shows once
            excerpt_words = [r_text[j] for j in span if j == j0 + 1 or r_text[j] is not r_text[j - 1]]
        elif t_gap >= minimum and r_gap < max(minimum, t_gap // 3):
            kind = "transcript-only"
        else:
            kind = "disagree"
        t_words = tok_word[i1 - 1] - tok_word[i0 + 1] + 1 if t_gap > 0 else 0  # words, not comparison keys
        found.append((size, Gap(kind, ref_from, max(ref_to, ref_from), max(r_gap, 0), t_words, segs, _excerpt(excerpt_words))))
    found.sort(key=lambda x: -x[0])
    return tuple(g for _, g in sorted(found[:limit], key=lambda x: x[1].ref_start_ms))
