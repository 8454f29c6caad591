"""Splitting one timed sentence pair into pieces that each fit in a cue.

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
proportion to its length.

No text is ever dropped: the pieces of a pair concatenate back to the pair's
text (whitespace aside).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from ...lang.correspond import B_CONNECTIVE, B_PUNCT_SAME, W_BREAK, ChineseCandidates, SplitScorer, correspondence
from ...lang.linebreak import (
    BOTTOM_HEAVY,
    ORPHAN_COST,
    ORPHAN_SHARE,
    TOP_HEAVY,
    Breaks,
    Measure,
    breaks_for,
    measure_for,
    normalize_space,
    prefix_widths,
    wrap,
    wrap_greedy,
)
from ...model import SentencePair
from .style import SubtitleStyle

#: A piece of text "fits" a cue only if it wraps without a poor line break
#: (article + noun, name split...); otherwise it is split into more cues.
GOOD_BREAK = 3.5
#: Split candidates examined per split (the ones nearest the ideal position).
_MAX_CANDIDATES = 80
#: Crossed link weight (see diglot.lang.correspond) from which a split counts as not matching.
MISMATCH = 1.5
#: Secondary breaks above which only those within a few lines of the proportional position are looked at.
_SECONDARY_WINDOW = 60


class _Side:
    """One language of a pair: normalised text, its break table, its measure and width.

    The text is normalised (:func:`side_of`: the speaker mark, itself normalised, and the text with its
    white space made single spaces), so the only white space in it is ``" "``: the loops below test for it.

    The break table is made when first asked for: a text that fits one line,
    in a pair that is not split, never needs it.
    """

    __slots__ = ("text", "lang", "measure", "width", "min_offset", "prefix", "table", "wrapped", "fitting", "_good")

    def __init__(self, text: str, lang: str | None, measure: Measure, width: int, min_offset: int, prefix: list[float]) -> None:
        self.text = text
        self.lang = lang
        self.measure = measure
        self.width = width
        self.min_offset = min_offset  # no break before this offset (inside the speaker mark)
        self.prefix = prefix  # width of text[:i] at index i
        self.table: tuple[Breaks, list[int]] | None = None  # the breaks and their offsets (for binary search)
        self.wrapped: dict[tuple[int, int, int, float | None], list[str] | None] = {}  # lines() memo
        self.fitting: dict[tuple[int, int, int, float | None], bool] = {}  # fits() memo
        self._good: tuple[list[int], list[float], list[float]] | None = None  # see _good_cuts

    def w(self, a: int, b: int) -> float:
        return self.prefix[b] - self.prefix[a]

    @property
    def breaks(self) -> Breaks:
        return self._table()[0]

    def _table(self) -> tuple[Breaks, list[int]]:
        table = self.table
        if table is None:
            mark = self.min_offset
            breaks = breaks_for(self.text, self.lang, self.width)  # a new list, every offset above 0
            if mark:
                breaks = [(p, c) for p, c in breaks if p > mark]
            table = self.table = (breaks, [p for p, _ in breaks])
        return table

    def _between(self, a: int, b: int) -> Breaks:
        """Breaks strictly between offsets *a* and *b* (binary search: sentences can be long)."""
        breaks, offsets = self.table or self._table()
        return breaks[bisect_right(offsets, a) : bisect_left(offsets, b)]

    def lines(self, a: int, b: int, max_lines: int, max_cost: float | None = GOOD_BREAK) -> list[str] | None:
        if self.w(a, b) > self.width * max_lines + 2:  # cheap early out (+2: edge spaces)
            return None
        key = (a, b, max_lines, max_cost)
        if key not in self.wrapped:  # the split search asks for the same spans again and again
            if max_lines == 2:
                self.wrapped[key] = self._two_lines(a, b, max_cost)
            else:
                local = [(p - a, c) for p, c in self._between(a, b)]
                self.wrapped[key] = wrap(self.text[a:b], local, self.measure, self.width, max_lines, max_cost)
        found = self.wrapped[key]
        return None if found is None else list(found)

    def _two_lines(self, a: int, b: int, max_cost: float | None) -> list[str] | None:
        """``wrap(text[a:b], ..., max_lines=2, max_cost)`` with the widths from this side's prefix sums.

        The same search as :func:`~diglot.lang.linebreak.wrap` for two lines (one line when
        it fits, else every break whose lines both fit, scored with the same arithmetic in
        the same order, the first of equal scores kept), without building its tables per span.
        """
        text, width = self.text, self.width
        a, b = self._trimmed(a, b)  # wrap() strips the text
        if a >= b:
            return []
        total = self.prefix[b] - self.prefix[a]
        if total <= width:
            return [text[a:b]]
        if total > width * 2:
            return None
        best: tuple[float, int] | None = None
        prefix = self.prefix
        at_a, at_b, short = prefix[a], prefix[b], width * ORPHAN_SHARE
        for p, c in self._between(a, b):
            if max_cost is not None and c > max_cost:
                continue
            # head = stripped(a, p) and tail = stripped(p, b), inlined (the hottest loop of the
            # split search): text[a] and text[b - 1] are not white space and a < p < b, so only
            # the ends at p need trimming
            e = p
            while e > a and text[e - 1] == " ":
                e -= 1
            if e <= a:
                continue  # a blank line
            head = prefix[e] - at_a
            if head > width:
                break
            q = p
            while q < b and text[q] == " ":
                q += 1
            if q >= b:
                continue
            tail = at_b - prefix[q]
            if tail > width:
                continue
            shape = 0.0
            shape += (head - tail) / width * TOP_HEAVY if head > tail else (tail - head) / width * BOTTOM_HEAVY
            orphans = (head < short) + (tail < short)  # an orphan line reads badly
            if orphans:
                shape += ORPHAN_COST * orphans
            score = (0.0 + c) + shape
            if best is None or score < best[0]:
                best = (score, p)
        if best is None:
            return None
        return [text[a : best[1]].strip(), text[best[1] : b].strip()]

    def _trimmed(self, a: int, b: int) -> tuple[int, int]:
        """The span *a*..*b* without the white space at its ends."""
        text = self.text
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        return a, b

    def fits(self, a: int, b: int, max_lines: int, max_cost: float | None = GOOD_BREAK) -> bool:
        """Whether ``lines(a, b, max_lines, max_cost)`` finds lines, without choosing the best ones.

        The split search asks this of many spans and needs only yes or no:
        :func:`~diglot.lang.linebreak.wrap` weighs every choice of breaks,
        while filling each line as far as a break allows answers the same
        question in one pass (a line's width only grows as it reaches
        further, so the furthest break never leaves more text than another).
        """
        if self.prefix[b] - self.prefix[a] > self.width * max_lines + 2:  # the same early out as lines()
            return False
        key = (a, b, max_lines, max_cost)
        found = self.fitting.get(key)
        if found is None:
            found = self.fitting[key] = self._fill(a, b, max_lines, max_cost)
        return found

    def _fill(self, a: int, b: int, max_lines: int, max_cost: float | None) -> bool:
        prefix, width = self.prefix, self.width
        a, b = self._trimmed(a, b)  # wrap() strips the text
        if a >= b:
            return True  # blank: no lines, which fit
        total = prefix[b] - prefix[a]  # the widths are sums of halves and units: exact
        if total <= width:
            return True
        if max_lines < 2 or total > width * max_lines:
            return False
        if max_lines == 2 and max_cost == GOOD_BREAK:  # what the split search asks (nearly always)
            offsets, head_ends, tail_starts = self._good or self._good_cuts()
            # the first line reaches to the furthest cut whose line fits (their widths only grow), which
            # leaves the least for the second line: the same answer as the loop below
            lo = bisect_right(offsets, a)
            j = bisect_right(head_ends, prefix[a] + width, lo, bisect_left(offsets, b, lo)) - 1
            return j >= lo and prefix[b] - tail_starts[j] <= width
        cuts = [p for p, c in self._between(a, b) if max_cost is None or c <= max_cost]
        text = self.text
        start, used, i = a, 1, 0
        # the width of each line with its white space trimmed, from the prefix sums: text[b - 1] is not white space
        while True:
            s = start  # the first character of the line, white space skipped
            while s < b and text[s] == " ":
                s += 1
            if s >= b or prefix[b] - prefix[s] <= width:
                return True
            if used == max_lines:
                return False
            reach = None  # the furthest cut whose line is not blank and fits
            while i < len(cuts):
                p = cuts[i]
                if p > start:
                    if s < p:  # else the line would be blank
                        e = p
                        while e > s and text[e - 1] == " ":
                            e -= 1
                        if prefix[e] - prefix[s] > width:
                            break
                        reach = p
                i += 1
            if reach is None:
                return False
            start, used = reach, used + 1

    def _good_cuts(self) -> tuple[list[int], list[float], list[float]]:
        """The breaks costing at most GOOD_BREAK: their offsets, and at each the width of the text before it
        without the white space at its end and of the text before the white space after it (both
        non-decreasing), for :meth:`_fill`'s binary search."""
        text, prefix = self.text, self.prefix
        offsets = [p for p, c in (self.table or self._table())[0] if c <= GOOD_BREAK]
        head_ends: list[float] = []
        tail_starts: list[float] = []
        n = len(text)
        for p in offsets:
            e = p
            while e > 0 and text[e - 1] == " ":
                e -= 1
            q = p
            while q < n and text[q] == " ":
                q += 1
            head_ends.append(prefix[e])
            tail_starts.append(prefix[q])
        found = self._good = (offsets, head_ends, tail_starts)
        return found

    def lines_anyhow(self, a: int, b: int) -> list[str]:
        """Lines of text that fits no cue: filled greedily at the breaks, however many it takes."""
        local = [(p - a, c) for p, c in self._between(a, b)]
        return wrap_greedy(self.text[a:b], local, self.measure, self.width) or [self.text[a:b].strip()]

    def inner(self, a: int, b: int) -> Breaks:
        """The breaks strictly inside *a*..*b* (and past the speaker mark) that leave text on both sides.

        The text is normalised (no two spaces in a row) and a table has one break per offset, so only
        a break right after a space at *a*, or right before one at the end, leaves a blank side.
        """
        t = self.text
        found = self._between(max(a, self.min_offset), b)
        if found and found[0][0] == a + 1 and t[a] == " ":
            del found[0]
        if found and found[-1][0] == b - 1 and t[b - 1] == " ":
            del found[-1]
        return found


@dataclass(slots=True)
class _Piece:
    s: tuple[int, int] | None
    t: tuple[int, int] | None
    start: float
    end: float
    mismatch: bool = False  # split from a larger piece at a point where the languages do not match


def side_of(text: str | None, lang: str, width: int, mark: str) -> _Side | None:
    if text is None:
        return None
    body = normalize_space(text)
    if not body:
        return None
    full = mark + body
    return _Side(full, lang, measure_for(lang), width, len(mark), prefix_widths(full, lang))


class Band:
    """The shortest-cue limits for which a pair splits the same way: ``below < limit <= above``.

    The splitter compares the lengths of candidate halves with
    ``min_duration_ms``; every length compared is noted here, so a split
    made with one limit is known to hold for another (SRT's 833 ms and ASS's
    840 ms, rounded up to centiseconds) when no length lies between the two.
    """

    __slots__ = ("below", "above")

    def __init__(self) -> None:
        self.below, self.above = -math.inf, math.inf

    def note(self, values: list[float], limit: float) -> None:
        """Note lengths compared with *limit*: the band narrows to the nearest below it and at or above it."""
        lower = [v for v in values if v < limit]
        if lower:
            self.below = max(self.below, max(lower))
        higher = [v for v in values if v >= limit]
        if higher:
            self.above = min(self.above, min(higher))

    def holds(self, limit: float) -> bool:
        return self.below < limit <= self.above


def split_pair(
    src: _Side | None,
    tgt: _Side | None,
    start: int,
    end: int,
    word_times: list[tuple[int, int]] | None,
    style: SubtitleStyle,
    reading_split: bool = False,
    band: Band | None = None,
) -> list[_Piece]:
    """Split one pair into pieces that each fit in a cue.

    Pieces are timed from *word_times* when known; else, with *reading_split*
    (estimated timing), by what each piece takes to read; else in proportion
    to the length of the driving language. *band* (when given) learns the
    shortest-cue limits for which the result is the same.
    """
    whole = _Piece(
        (0, len(src.text)) if src else None,
        (0, len(tgt.text)) if tgt else None,
        float(start),
        float(end),
    )
    out: list[_Piece] = []
    _split(whole, src, tgt, word_times, style, out, 0, reading_split, band)
    return out


def _fits(piece: _Piece, src: _Side | None, tgt: _Side | None, style: SubtitleStyle, max_cost: float | None = GOOD_BREAK) -> bool:
    """Whether *piece* makes one cue: within the duration and, wrapped with breaks up to *max_cost*, the lines."""
    if piece.end - piece.start > style.max_duration_ms:
        return False
    if src and piece.s and not src.fits(*piece.s, style.max_lines, max_cost):
        return False
    if tgt and piece.t and not tgt.fits(*piece.t, style.max_lines, max_cost):
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
    band: Band | None = None,
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
        spre = sec.prefix
        at_sa = spre[sa]
        sec_widths = [spre[q] - at_sa for q, _ in sec_cands]  # sec.w(sa, q)
    scorer = _scorer(src, tgt, piece)
    matcher = _matcher(scorer, sec, sspan, sec_cands, sec_widths) if prim is src and sec and sspan else None
    if len(prim_cands) > _MAX_CANDIDATES:  # a very long sentence: look only near the ideal split
        prim_cands = sorted(prim_cands, key=lambda pc: (abs(prim.w(pa, pc[0]) / ptotal - ideal), pc[0]))[:_MAX_CANDIDATES]
    # Each split's cost starts with what the primary side alone gives (cheap), then adds the secondary
    # split's cost and the halves' cue counts (dear, never below the bounds below). Only the first
    # *keep* splits by cost are ever used (the best, or with k == 2 the best few, rescored below), so
    # splits are costed cheapest start first and one whose start plus the least the rest can add is
    # above the keep-th best cost found so far is passed over: the same splits come out, found faster.
    keep = 8 if k == 2 else 1
    starts: list[tuple[float, int, float]] = []  # cost from the primary side, primary split, its proportion
    pre = prim.prefix
    at_pa, at_pb, quarter = pre[pa], pre[pb], prim.width * 0.25
    shortest = style.min_duration_ms
    for p, c in prim_cands:
        head = pre[p] - at_pa  # prim.w(pa, p), inlined
        r = head / ptotal
        cost = c + 4.0 * abs(r - ideal)
        if head < quarter or at_pb - pre[p] < quarter:
            cost += 2.0
        left_ms, right_ms = dur * r, dur * (1 - r)
        if left_ms < shortest or right_ms < shortest:
            cost += 3.0
        starts.append((cost, p, r))
    if band is not None:
        band.note([dur * r for _, _, r in starts] + [dur * (1 - r) for _, _, r in starts], shortest)
    starts.sort()
    least_q = _least_secondary(matcher if prim is src else None, scorer, sec_cands)
    scored: list[tuple[float, int, int | None, float]] = []  # cost, primary split, secondary split, crossed links
    kept_costs: list[float] = []  # the *keep* lowest costs so far, ascending

    def text_fits(side: _Side | None, span: tuple[int, int] | None) -> bool:
        return side is None or span is None or side.fits(*span, style.max_lines)  # a blank span fits

    def misses(p: int, q_opt: int | None) -> int:
        s_l = s_r = None
        if sspan is not None and q_opt is not None:
            s_l, s_r = (sspan[0], q_opt), (q_opt, sspan[1])
        return sum(not ok for ok in (text_fits(prim, (pa, p)), text_fits(prim, (p, pb)), text_fits(sec, s_l), text_fits(sec, s_r)))

    # A split costing more than *cap* is never used: it is above the keep-th best cost, or (k == 2)
    # above the rescored cost (cost plus misses, below) of a split already found, which every
    # rescored cost of a dearer split exceeds; one that would enter the best few pushes out only
    # dearer ones, so the split chosen is the same.
    cap = math.inf
    for cost, p, r in starts:
        if cost + least_q > cap + 1e-9:
            break  # the starts only grow from here (the margin: rounding)
        q_best: int | None = None
        crossed = 0.0
        if sec_cands:
            assert sec is not None and sspan is not None  # candidates exist only for a second side with a span
            below = cap + 1e-9 - cost
            found = _secondary_split(prim is src, scorer, matcher, p, sec, sspan, sec_cands, sec_widths, r * stotal, style, below)
            if found is None:
                continue  # no secondary split brings this one among the kept
            q_best, qcost, crossed = found
            cost += qcost
            if cost > cap + 1e-9:
                continue  # the halves' term only adds
        # fewer, fuller cues: a split whose halves need more cues in all than the whole is penalised
        halves = _need(prim, (pa, p), dur * r, style), _need(prim, (p, pb), dur * (1 - r), style)
        if sec and sspan and q_best is not None:
            halves = (max(halves[0], _need(sec, (sspan[0], q_best), 0, style)), max(halves[1], _need(sec, (q_best, sspan[1]), 0, style)))
        cost += 3.0 * max(0, sum(halves) - least)
        scored.append((cost, p, q_best, crossed))
        insort(kept_costs, cost)
        del kept_costs[keep:]
        if len(kept_costs) == keep:
            cap = min(cap, kept_costs[-1])
        if k == 2 and cost < cap:
            cap = min(cap, cost + 2.5 * misses(p, q_best))
    scored.sort(key=lambda x: (x[0], x[1]))

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
    _split(left, src, tgt, word_times, style, out, depth + 1, reading_split, band)
    _split(right, src, tgt, word_times, style, out, depth + 1, reading_split, band)


def _need(side: _Side, span: tuple[int, int], dur: float, style: SubtitleStyle) -> int:
    """About how many cues the text of *span* (lasting *dur* ms) needs: one if it wraps well, else by
    width (lines filled to 90%), and by duration."""
    by_time = math.ceil(dur / style.max_duration_ms)
    a, b = span
    w = side.prefix[b] - side.prefix[a]  # side.w(a, b)
    if w <= side.width * style.max_lines and side.fits(a, b, style.max_lines):
        return max(1, by_time)
    return max(2, math.ceil(w / (side.width * style.max_lines * 0.9)), by_time)


def _least_secondary(matcher: ChineseCandidates | None, scorer: SplitScorer | None, cands: Breaks) -> float:
    """A lower bound of the secondary split's cost in :func:`_secondary_split`, whatever the primary split."""
    if not cands:
        return 0.0
    if matcher is not None:
        return min(matcher.own)  # a candidate's own cost bounds its total (see ChineseCandidates)
    least = min(qc for _, qc in cands)  # a scrap of a line only adds
    if scorer is None:
        return least  # plus a distance, never negative
    # the line-breaking cost, then crossed links and proportions (never negative) and the bonuses
    return W_BREAK * least - B_PUNCT_SAME - B_CONNECTIVE


def _scorer(src: _Side | None, tgt: _Side | None, piece: _Piece) -> SplitScorer | None:
    """Word correspondence of the piece's two sides (None when it has only one language)."""
    if not (src and tgt and piece.s and piece.t):
        return None
    return correspondence(src.text, tgt.text).scorer(piece.s, piece.t)


def _matcher(scorer: SplitScorer | None, sec: _Side, span: tuple[int, int], cands: Breaks, widths: list[float]) -> ChineseCandidates | None:
    """The Chinese breaks *cands* of *span* with their own costs (line break, scrap of a line), for
    :func:`_secondary_split` when English drives the split."""
    if scorer is None:
        return None
    sa, sb = span
    total, scrap = sec.w(sa, sb), sec.width * 0.25
    # widths[i] is sec.w(sa, q): sums of halves and units, so total - widths[i] is exactly sec.w(q, sb)
    bases = [W_BREAK * (qc + 2.0 if sa < q < sb and (wq < scrap or total - wq < scrap) else qc) for (q, qc), wq in zip(cands, widths)]
    return scorer.chinese_candidates([q for q, _ in cands], bases)


def _secondary_split(
    src_drives: bool,
    scorer: SplitScorer | None,
    matcher: ChineseCandidates | None,
    p: int,
    sec: _Side,
    span: tuple[int, int],
    cands: Breaks,
    widths: list[float],
    want: float,
    style: SubtitleStyle,
    below: float = math.inf,
) -> tuple[int, float, float] | None:
    """The break of the second language that best matches a split at *p* of the first.

    Returns the offset, its cost (line-break cost plus correspondence cost)
    and the weight of the word links the pair of splits crosses; or None
    when English drives and no break costs less than *below*.
    """
    lo, hi = 0, len(cands)
    if len(cands) > _SECONDARY_WINDOW:  # a long sentence: only breaks within a few lines of the proportional position
        reach = sec.width * (style.max_lines + 2)
        lo, hi = bisect_left(widths, want - reach), bisect_right(widths, want + reach)
        if lo < hi:
            cands, widths = cands[lo:hi], widths[lo:hi]
        else:
            lo, hi = 0, len(cands)
    if matcher is not None and src_drives:
        i, cost, crossed = matcher.best(p, lo, hi, below)
        return (matcher.qs[i], cost, crossed) if i >= 0 else None
    best: tuple[float, int, float] | None = None
    sa, sb = span
    total = sec.w(sa, sb)
    scrap = sec.width * 0.25
    scores = scorer.costs([(q, p) for q, _ in cands]) if scorer is not None else None
    for i, (q, qc) in enumerate(cands):
        wq = widths[i]  # sec.w(sa, q); the widths are sums of halves and units, so these differences are exact
        if sa < q < sb and (wq < scrap or total - wq < scrap):
            qc += 2.0  # a scrap of a line: "是，" alone in a cue
        if scores is None:
            cost, crossed = qc + 3.0 * abs(wq - want) / sec.width, 0.0
        else:
            link_cost, crossed = scores[i]
            cost = W_BREAK * qc + link_cost
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
    src = side_of(source, source_lang, style.max_chars_source, "")
    tgt = side_of(target, target_lang, style.max_chars_target, "")
    if src is None or tgt is None:
        raise ValueError("both texts must be non-empty")
    whole = _Piece((0, len(src.text)), (0, len(tgt.text)), 0.0, 0.0)
    cands = [(0, 4.0), *tgt.inner(0, len(tgt.text)), (len(tgt.text), 4.0)]
    widths = [tgt.w(0, q) for q, _ in cands]
    want = src.w(0, p) / (src.w(0, len(src.text)) or 1.0) * tgt.w(0, len(tgt.text))
    scorer = _scorer(src, tgt, whole)
    matcher = _matcher(scorer, tgt, (0, len(tgt.text)), cands, widths)
    found = _secondary_split(True, scorer, matcher, p, tgt, (0, len(tgt.text)), cands, widths, want, style)
    assert found is not None  # nothing is below infinity
    return found[0]


def word_times_of(src: _Side, pair: SentencePair) -> list[tuple[int, int]] | None:
    """Offsets of the source words in the normalised text, with their start times."""
    if not pair.word_starts or pair.source is None:
        return None
    offsets = [m.start() for m in re.finditer(r"\S+", src.text[src.min_offset:])]
    if len(offsets) != len(pair.word_starts):
        return None
    return [(o + src.min_offset, ms) for o, ms in zip(offsets, pair.word_starts)]


def render_lines(side: _Side | None, span: tuple[int, int] | None, style: SubtitleStyle) -> tuple[str, ...]:
    if side is None or span is None:
        return ()
    lines = side.lines(*span, style.max_lines) or side.lines(*span, style.max_lines, None)
    if lines is None:  # could not be made to fit: keep the text, let QC report it
        lines = side.lines_anyhow(*span)
    return tuple(lines)
