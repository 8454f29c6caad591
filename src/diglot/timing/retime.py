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
from dataclasses import replace
from pathlib import Path

from ..errors import InputError, OptionError
from ..progress import task
from ..model import TIMING_ESTIMATED, TIMING_REFERENCE, Document, Notice, Segment, SentencePair, Timing
from .references import Reference, RefWord, load_reference
from .report import LOW_CONFIDENCE, PACED_CONFIDENCE, Gap, PairNote, RetimeReport
from .matching import match_tokens
from .words import normalize_word

#: Below this share of solidly matched words (on both sides) the reference is
#: taken to be of another video.
MIN_MATCH = 0.25
#: A run of at least this many unmatched transcript words is "not covered":
#: its times are estimated, not interpolated from the reference.
UNCOVERED_WORDS = 25
UNCOVERED_EDGE = 8  # the same before the first and after the last match
PAUSE_MS = 400  # pause assumed between sentences where times are extrapolated
DEFAULT_MS_PER_CHAR = 70
MIN_TEXT_MS = 1000  # time on screen for a sentence only the translation has
_PAUSE_MARKS = frozenset(",;:\u2014\u2013\u2026")


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
    ``doc.timing`` records the reference and the coverage. *doc* must carry
    sentence pairs (see :func:`diglot.prepare`); raises :class:`OptionError`
    otherwise.

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
    if not doc.is_aligned:
        raise OptionError("retiming needs sentence pairs: prepare the document first (diglot.prepare)", file=doc.source_file)

    # a bar on a terminal for the four steps (words, matching, word times, pairs): see diglot.progress
    progress = task(4, f"retiming to {Path(name).name}", "step")
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
    progress.advance()
    if m == 0:
        progress.close()
        raise InputError("reference has no words to match", file=name)
    if n == 0:
        raise InputError("transcript has no source-language words to match against the reference", file=doc.source_file)

    tm, weight, solid = match_tokens(tok_key, r_key, r_start, r_end)
    progress.advance()
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

    progress.advance()
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
    progress.advance()
    progress.close()
    return new_doc, report


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
            # A cut (a long unmatched run squeezed into little time) ends with the first
            # words of the sentence the next match belongs to: those are spoken, at their
            # natural length just before it; only the rest of the run is squeezed.
            tail = next((k for k in range(b - 1, a, -1) if is_start[k]), None) if uncovered[a] and not is_start[q] else None
            if tail is not None and sum(dur[tail - a :]) < hi - lo:
                start = int(hi - sum(dur[tail - a :]))
                _layout(a, tail, dur[: tail - a], lo, start, pause_before, ws, we)
                _layout(tail, b, dur[tail - a :], start, hi, pause_before, ws, we)
            else:
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
